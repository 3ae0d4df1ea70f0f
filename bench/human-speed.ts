/**
 * Speed of one warm in-process human-mg-bone run (issue #13: "a 5-year run stays ≤ 3 ms warm").
 * Each scenario is prepared once (validation, compilation), run 100 times to warm up, then timed
 * over 300 runs of `simulate`; the median, the 10th and 90th percentiles, the solver's steps and
 * µs per step are printed against the 3 ms budget. The reference run starts at its steady state;
 * a change of intake gives transients to track, hence more steps.
 *
 * Run: npm run bench:human-speed
 */
import { prepareScenario } from '../src/builtin/index.js';
import { simulate } from '../src/simulate/run.js';

const BUDGET_MS = 3;
const CASES: [string, Record<string, unknown>][] = [
  ['5 y reference (325 mg/d)', { model: 'human-mg-bone', duration: '5 y' }],
  ['5 y half intake (162 mg/d)', { model: 'human-mg-bone', duration: '5 y', diet: { Mg: '162 mg/d' } }],
  ['5 y postmenopausal', { model: 'human-mg-bone', duration: '5 y', conditions: { postmenopausal: true } }],
  ['5 y supplement 365 mg/d citrate', { model: 'human-mg-bone', duration: '5 y', supplements: [{ Mg: '365 mg/d', salt: 'citrate' }] }],
];

console.log('| scenario | median ms | p10 | p90 | steps | µs/step | vs 3 ms budget |');
console.log('|---|---|---|---|---|---|---|');
for (const [label, input] of CASES) {
  const { model, scenario } = prepareScenario(input);
  for (let i = 0; i < 100; i++) simulate(model, scenario);
  const times: number[] = [];
  let steps = 0;
  for (let i = 0; i < 300; i++) {
    const t0 = process.hrtime.bigint();
    const r = simulate(model, scenario);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    steps = r.stats.steps;
  }
  times.sort((a, b) => a - b);
  const med = times[150];
  console.log(`| ${label} | ${med.toFixed(3)} | ${times[30].toFixed(3)} | ${times[270].toFixed(3)} | ${steps} | ${(1000 * med / steps).toFixed(2)} | ${(med / BUDGET_MS).toFixed(2)}× |`);
}
