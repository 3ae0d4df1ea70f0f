/**
 * `npm run bench:pth-infusion [-- --rates 140,280,560,1120] [--set NAME=V,…]`: how serum Ca, PTH, urinary Ca, calcitriol and the
 * resorption marker answer a continuous PTH(1-34) infusion (the teriparatide depot, TERISC, at a constant rate) in
 * human-mg-bone, and over 90 days in OpenBoneMin as published — the sizing of horwitz2011 (training: 2 pmol/kg/h,
 * 140 pmol/h for 70 kg, for 7 days; serum Ca 2.45-2.55 mmol/L with hypercalciuria) in the model README, "Session 16".
 *
 * A diagnostic, not a benchmark of speed: it prints the model's numbers so that the README's tables can be reproduced
 * from a clone; `--set` runs human-mg-bone with other parameter values (e.g. `--set AlphOHgam=1`, the README's
 * sizing of a PTH-driven calcitriol). Urinary Ca per day is the increment of the cumulative urinary Ca (UCA) over the last day (OpenBoneMin
 * has no urine_Ca observable); calcitriol is the state B (pmol) relative to its initial value in both models.
 *
 * Run: npx tsc -p . && node dist/bench/pth-infusion.js
 */
import { getModel, runScenario } from '../src/builtin/index.js';
import type { SimulationResult } from '../src/simulate/run.js';
import { flagValue, setFlag } from './args.js';

// every bad flag named at once, exit 2
const problems: string[] = [];
const rates = flagValue('--rates', '140,280,560,1120').split(',').map(Number);
if (rates.length === 0 || rates.some((r) => !(Number.isFinite(r) && r > 0))) {
  problems.push(`--rates: ${JSON.stringify(flagValue('--rates', ''))} must be a comma-separated list of positive rates in pmol/h`);
}
// --set NAME=V,…: human-mg-bone parameters for its runs (OpenBoneMin's runs stay as published)
const { values: set, problems: setProblems } = setFlag(getModel('human-mg-bone'));
problems.push(...setProblems.map((p) => `--set ${p}`));
if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(2);
}

const H_PER_D = 24;

function infuse(model: string, rate: number, days: number): SimulationResult {
  const hours = days * H_PER_D;
  const times = [0, 48, hours - H_PER_D, hours].map((t) => `${t} h`);
  const parameters = model === 'human-mg-bone' ? set : {};
  const doses = rate > 0 ? [{ cmt: 'TERISC', amt: `${rate * hours} pmol`, rate: `${rate} pmol/h` }] : [];
  const res = runScenario({ model, duration: `${hours} h`, output: { times }, doses, parameters });
  if (res.code !== 'success') throw new Error(`${model} at ${rate} pmol/h: ${res.code}: ${res.message}`);
  return res;
}

/** The readings of one run (rate 0: no infusion): at 2 days (CTX) and at the end. */
function read(res: SimulationResult, ca: string, ctx: string): Record<string, number> {
  const col = (n: string): Float64Array => res.column(n);
  const end = res.time.length - 1;
  return {
    ca: col(ca)[end],
    pth: col('PTHpm')[end],
    urine: col('UCA')[end] - col('UCA')[end - 1],
    calcitriol: col('B')[end] / col('B')[0],
    ctx2d: col(ctx)[1],
    ctxEnd: col(ctx)[end],
  };
}

const fmt = (x: number, d = 3): string => x.toFixed(d);
if (Object.keys(set).length) console.log(`human-mg-bone with ${Object.entries(set).map(([k, v]) => `${k} = ${v}`).join(', ')} (OpenBoneMin as published)`);
const baseline = read(infuse('human-mg-bone', 0, 7), 'Ca_serum', 'CTX');
console.log(`human-mg-bone without infusion: serum Ca ${fmt(baseline.ca)} mmol/L, PTH ${fmt(baseline.pth, 2)} pmol/L, urinary Ca ${fmt(baseline.urine, 2)} mmol/d`);
console.log('\nhuman-mg-bone, 7 days of PTH(1-34) (horwitz2011: 140 pmol/h; serum Ca 2.45-2.55 at 7 d, hypercalciuria, resorption up within days)');
console.log('rate pmol/h | serum Ca 7 d | PTH 7 d pmol/L | urinary Ca day 7 mmol/d | calcitriol ×baseline | CTX 2 d %');
for (const rate of rates) {
  const r = read(infuse('human-mg-bone', rate, 7), 'Ca_serum', 'CTX');
  console.log(`${rate} | ${fmt(r.ca)} | ${fmt(r.pth, 2)} | ${fmt(r.urine, 2)} | ${fmt(r.calcitriol)} | ${fmt(r.ctx2d, 1)}`);
}
console.log('\n90 days of PTH(1-34): human-mg-bone against OpenBoneMin as published (a chronic PTH excess)');
console.log('model | rate pmol/h | serum Ca 90 d | PTH pmol/L | urinary Ca day 90 mmol/d | calcitriol ×baseline | resorption marker 90 d %');
// the human model's 90-day runs, kept for the last table
const human90 = new Map<number, SimulationResult>();
for (const rate of rates.filter((r) => r >= 560)) {
  human90.set(rate, infuse('human-mg-bone', rate, 90));
  const h = read(human90.get(rate)!, 'Ca_serum', 'CTX');
  const o = read(infuse('openbonemin', rate, 90), 'CaC', 'OCchange');
  console.log(`human-mg-bone | ${rate} | ${fmt(h.ca)} | ${fmt(h.pth, 2)} | ${fmt(h.urine, 2)} | ${fmt(h.calcitriol)} | ${fmt(h.ctxEnd, 0)}`);
  console.log(`openbonemin | ${rate} | ${fmt(o.ca)} | ${fmt(o.pth, 2)} | ${fmt(o.urine, 2)} | ${fmt(o.calcitriol)} | ${fmt(o.ctxEnd, 0)} (OCchange)`);
}
// Where the Ca goes (session 17): the absorbed fraction of oral Ca and the whole-body Ca balance at the end of the 90 days.
// With a calcitriol that answers PTH (`--set T67=20,AlphOHgam=1`) absorption rises, and a positive balance means that the
// extra Ca went into bone rather than into the urine (model README, "Session 17").
console.log('\nhuman-mg-bone, 90 days: the absorbed fraction of oral Ca and the Ca balance (positive: the body, i.e. bone, gains Ca)');
console.log('rate pmol/h | Ca absorbed fraction | Ca balance mmol/d | urinary Ca day 90 mmol/d');
human90.set(0, infuse('human-mg-bone', 0, 90));
for (const rate of [0, ...rates.filter((r) => r >= 560)]) {
  const res = human90.get(rate)!;
  const end = res.time.length - 1;
  console.log(`${rate} | ${fmt(res.column('Ca_absorbed_fraction')[end])} | ${fmt(res.column('Ca_balance')[end], 2)} | ${fmt(read(res, 'Ca_serum', 'CTX').urine, 2)}`);
}

