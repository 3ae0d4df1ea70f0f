/**
 * Domain sweep of human-mg-bone (issue #13, item 1): random valid scenarios drawn over the declared
 * domain (`src/models/human-mg-bone/domain.ts`), each run to the end and checked for numerical
 * failure, negative Mg pools, falling cumulative fluxes, absorption above intake, a non-finite
 * analytic Jacobian at any output row (bdf runs) and Mg mass balance (≤ 1e-9 relative).
 *
 * Where it samples (seeded, reproducible):
 *  - duration log-uniform from 1 h to 10 y; outputs every duration/40;
 *  - dietary Mg uniform over 0-1000 mg/d (10% exactly 0, the Mg-free diet); dietary Ca uniform over
 *    100-3000 mg/d in half of the scenarios;
 *  - a supplement in 60% (uniform 0-5000 mg/d, a random salt);
 *  - eGFR log-uniform over 5-150 mL/min/1.73m2 in 60%; age uniform 18-110 y in 30%; each boolean
 *    condition (postmenopausal, PPI, thiazide, loop diuretic, alcohol, type 2 diabetes, pregnant — not with postmenopausal) in 25%;
 *  - IV Mg in 50%: a bolus (1-30 mmol), an infusion (rate log-uniform 0.5-100 mmol/h, amount
 *    1-250 mmol), or a MgSO4 load + maintenance course (2-6 g over 10-20 min, then 0.5-2 g/h for
 *    6-48 h), starting at a uniform time in the first half of the run;
 *  - method: rodas for every third scenario, dopri for every third of those shorter than 60 d,
 *    bdf otherwise.
 *
 * Run: npx tsc -p . && node dist/bench/mgb-domain-sweep.js [n=3000] [seed=13]
 */
import { pathToFileURL } from 'node:url';
import { massBalance, mgBoneModel } from '../src/analysis/validation.js';
import { scenarioFromInput } from '../src/analysis/attribution.js';
import { scenarioAdapter, SALTS } from '../src/models/human-mg-bone/scenario.js';
import { DOMAIN, dropExclusive, DOMAIN_FLAGS, MG_CUMULATIVE, MG_POOLS, MMOL_PER_G_MGSO4_7H2O } from '../src/models/human-mg-bone/domain.js';
import { simulate, type SimulationResult } from '../src/simulate/run.js';

/** mulberry32: a small seeded generator (reproducible samples). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface SweepCase { input: Record<string, unknown>; method: 'bdf' | 'rodas' | 'dopri'; days: number }

/** The k-th scenario of the sweep with this seed. */
export function sampleScenarios(n: number, seed: number): SweepCase[] {
  const u = rng(seed);
  const uni = (lo: number, hi: number): number => lo + (hi - lo) * u();
  const logUni = (lo: number, hi: number): number => Math.exp(uni(Math.log(lo), Math.log(hi)));
  const fix = (x: number, d = 4): number => +x.toFixed(d);
  const salts = Object.keys(SALTS);
  const out: SweepCase[] = [];
  for (let k = 0; k < n; k++) {
    const days = logUni(DOMAIN.duration.min, DOMAIN.duration.max);
    const hours = days * 24;
    const input: Record<string, unknown> = {
      duration: `${fix(hours)} h`, output: { every: `${fix(hours / 40, 6)} h` },
      diet: { Mg: `${u() < 0.1 ? 0 : fix(uni(DOMAIN.dietMg.min, DOMAIN.dietMg.max))} mg/d`,
        ...(u() < 0.5 ? { Ca: `${fix(uni(DOMAIN.dietCa.min, DOMAIN.dietCa.max))} mg/d` } : {}) },
    };
    if (u() < 0.6) input.supplements = [{ Mg: `${fix(uni(0, DOMAIN.supplementMg.max))} mg/d`, salt: salts[Math.floor(u() * salts.length)] }];
    const conditions: Record<string, unknown> = {};
    if (u() < 0.6) conditions.eGFR = `${fix(logUni(DOMAIN.eGFR.min, DOMAIN.eGFR.max))} mL/min/1.73m2`;
    if (u() < 0.3) conditions.age = `${fix(uni(DOMAIN.age.min, DOMAIN.age.max))} y`;
    for (const f of DOMAIN_FLAGS) if (u() < 0.25) conditions[f] = true;
    input.conditions = dropExclusive(conditions);
    if (u() < 0.5) {
      const start = fix(uni(0, hours / 2));
      const kind = u();
      if (kind < 1 / 3) {
        input.doses = [{ cmt: 'Mg_iv', amt: `${fix(uni(1, DOMAIN.ivBolus.max))} mmol`, time: `${start} h` }];
      } else if (kind < 2 / 3) {
        input.doses = [{ cmt: 'Mg_iv', amt: `${fix(uni(1, DOMAIN.ivAmount.max))} mmol`, rate: `${fix(logUni(0.5, DOMAIN.ivRate.max))} mmol/h`, time: `${start} h` }];
      } else {
        const g = uni(2, 6), min = uni(10, 20), gh = uni(0.5, 2), h = uni(6, 48);
        const G = MMOL_PER_G_MGSO4_7H2O;
        input.doses = [
          { cmt: 'Mg_iv', amt: `${fix(g * G)} mmol`, rate: `${fix((g * G * 60) / min)} mmol/h`, time: `${start} h` },
          { cmt: 'Mg_iv', amt: `${fix(gh * G * h)} mmol`, rate: `${fix(gh * G)} mmol/h`, time: `${fix(start + min / 60)} h` },
        ];
      }
    }
    const method = k % 3 === 1 ? 'rodas' : k % 9 === 2 && days < 60 ? 'dopri' : 'bdf';
    out.push({ input, method, days });
  }
  return out;
}

export interface SweepResult {
  runs: number;
  invalid: number;
  failures: { k: number; reason: string }[];
  negativePools: number;
  byMethod: Record<string, number>;
  jacFallbackRuns: number;
  maxSerum: number;
  minSerum: number;
  aboveSerumDomain: number;
  ms: number;
}

function checkRun(res: SimulationResult, checkJacobian: boolean): string[] {
  const problems: string[] = [];
  for (const s of MG_POOLS) if (!(Math.min(...res.column(s)) >= 0)) problems.push(`negative ${s}`);
  for (const s of MG_CUMULATIVE) {
    const v = res.column(s);
    for (let i = 1; i < v.length; i++) if (v[i] < v[i - 1] - 1e-9 * Math.abs(v[i - 1])) { problems.push(`${s} falls`); break; }
  }
  if (!(Math.max(...res.column('Mg_absorbed_fraction')) <= 1)) problems.push('absorption above intake');
  const mb = massBalance(res).mg.relative;
  if (!(mb <= 1e-9)) problems.push(`Mg mass balance ${mb}`);
  if (checkJacobian) {
    const m = res.model, n = m.stateNames.length, p = m.params();
    const J = new Float64Array(n * n), y = new Float64Array(n);
    const cols = m.stateNames.map((s) => res.column(s));
    outer: for (let r = 0; r < res.time.length; r++) {
      for (let i = 0; i < n; i++) y[i] = cols[i][r];
      m.jac(res.time[r], y, p, J);
      for (let k = 0; k < n * n; k++) if (!Number.isFinite(J[k])) { problems.push(`non-finite Jacobian at t=${res.time[r]}`); break outer; }
    }
  }
  return problems;
}

export function runSweep(n: number, seed: number, onProgress?: (done: number) => void): SweepResult {
  const model = mgBoneModel();
  const cases = sampleScenarios(n, seed);
  const r: SweepResult = {
    runs: 0, invalid: 0, failures: [], negativePools: 0, byMethod: {}, jacFallbackRuns: 0,
    maxSerum: -Infinity, minSerum: Infinity, aboveSerumDomain: 0, ms: 0,
  };
  const t0 = performance.now();
  cases.forEach((c, k) => {
    let scenario;
    try {
      scenario = scenarioFromInput(model, { model: model.id, ...c.input, solver: { method: c.method } }, scenarioAdapter);
    } catch {
      r.invalid++;
      return;
    }
    const res = simulate(model, scenario);
    r.runs++;
    r.byMethod[c.method] = (r.byMethod[c.method] ?? 0) + 1;
    if (res.stats.jacFallback > 0) r.jacFallbackRuns++;
    if (res.code !== 'success') { r.failures.push({ k, reason: `${c.method}: ${res.code}: ${res.message.slice(0, 200)}` }); return; }
    const problems = checkRun(res, c.method === 'bdf');
    if (problems.some((p) => p.startsWith('negative'))) r.negativePools++;
    if (problems.length > 0) r.failures.push({ k, reason: `${c.method}: ${problems.join('; ')}` });
    const s = res.column('Mg_serum');
    const hi = Math.max(...s), lo = Math.min(...s);
    r.maxSerum = Math.max(r.maxSerum, hi);
    r.minSerum = Math.min(r.minSerum, lo);
    if (hi > DOMAIN.serumMg.max) r.aboveSerumDomain++;
    if (onProgress && (k + 1) % 250 === 0) onProgress(k + 1);
  });
  r.ms = performance.now() - t0;
  return r;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const n = Number(process.argv[2] ?? 3000), seed = Number(process.argv[3] ?? 13);
  const res = runSweep(n, seed, (d) => process.stderr.write(`  ${d}/${n}\n`));
  console.log(`human-mg-bone domain sweep: ${n} scenarios (seed ${seed}), ${res.runs} valid runs, ${res.invalid} invalid inputs`);
  console.log(`  methods: ${JSON.stringify(res.byMethod)}`);
  console.log(`  numerical failures or physical-check failures: ${res.failures.length}; runs with a negative Mg pool: ${res.negativePools}`);
  console.log(`  runs where the analytic Jacobian fell back to finite differences: ${res.jacFallbackRuns}`);
  console.log(`  serum Mg reached: ${res.minSerum.toFixed(3)}-${res.maxSerum.toFixed(3)} mmol/L; runs above the declared ${DOMAIN.serumMg.max} mmol/L: ${res.aboveSerumDomain}`);
  console.log(`  wall time ${(res.ms / 1000).toFixed(1)} s (${(res.ms / Math.max(res.runs, 1)).toFixed(1)} ms per run)`);
  for (const f of res.failures.slice(0, 20)) console.log(`  #${f.k}: ${f.reason}`);
  process.exitCode = res.failures.length === 0 && res.invalid === 0 ? 0 : 1;
}
