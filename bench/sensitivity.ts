/**
 * Forward-sensitivity benchmark (not a test; issue #12): sensitivities of every state and observable
 * to 20 parameters of the human Mg–bone model over a 5-year scenario (mgb-half-mg-intake-5y), timed
 * against one plain simulation (target ≤ 8×) and against the 21 simulations of one-sided finite
 * differences (the base run plus one per parameter), which is what forward sensitivities replace.
 * Also reported: the run with the sensitivities in the error test, and where the time goes.
 *
 * Times are in-process medians of CPU time after a warm-up (validation and compilation excluded).
 * Run: npm run bench:sensitivity
 */
import fs from 'node:fs';
import { prepareScenario } from '../src/builtin/index.js';
import { findBuiltin } from '../src/builtin/scenarios.js';
import { simulate } from '../src/simulate/run.js';
import { simulateSensitivities } from '../src/simulate/sensitivity.js';

/**
 * Median CPU time (user + system, ms) of fn over ~`seconds` of wall time (at least `minReps` runs)
 * after `warmup` runs. CPU time rather than wall time: the machine this runs on is often shared,
 * and wall-clock medians then move by 2-5x between runs of the same code.
 */
function medianMs(fn: () => void, seconds: number, warmup = 3, minReps = 5): { median: number; reps: number } {
  for (let k = 0; k < warmup; k++) fn();
  const times: number[] = [];
  const until = performance.now() + seconds * 1000;
  while (times.length < minReps || (performance.now() < until && times.length < 2000)) {
    const c0 = process.cpuUsage();
    fn();
    const c = process.cpuUsage(c0);
    times.push((c.user + c.system) / 1000);
  }
  times.sort((a, b) => a - b);
  const m = times.length;
  return { median: m % 2 ? times[m >> 1] : 0.5 * (times[m / 2 - 1] + times[m / 2]), reps: m };
}

const SCENARIO = 'mgb-half-mg-intake-5y';
const { model, scenario } = prepareScenario(JSON.parse(findBuiltin(SCENARIO)!.text));
/** 20 parameters of the Mg part of the model (non-zero values: the same list FD can perturb). */
const PARAMETERS = [
  'Mg_diet', 'F_supp', 'frac_bone', 'frac_surf', 'f_UF', 'f_ion', 'V_Mg', 'th_cf', 'th_cs', 'th_surf',
  'K_cell', 'Vmax_meal', 'Km_meal', 'f_para', 'G_max', 'th_adapt', 'f_PT', 'a_Mg_TAL', 'F_DCT_max', 'K_CaSR',
];
const missing = PARAMETERS.filter((p) => !model.parameterNames.includes(p));
if (missing.length) throw new Error(`bench: not parameters of ${model.id}: ${missing.join(', ')}`);

const seconds = Number(process.env.BENCH_SECONDS ?? 20);
// warm every path first: the runs share generated code and the solver's, whose JIT state the first
// measured case would otherwise pay for
for (let k = 0; k < 5; k++) {
  simulate(model, scenario);
  simulateSensitivities(model, scenario, { parameters: PARAMETERS });
}
const plain = medianMs(() => { simulate(model, scenario); }, seconds, 1, 3);
const plainRun = simulate(model, scenario);
const plainNoLin = medianMs(() => { simulate(model, { ...scenario, solver: { ...scenario.solver, exactLinear: false } }); }, seconds, 1, 3);
let last = simulateSensitivities(model, scenario, { parameters: PARAMETERS });
if (last.code !== 'success') throw new Error(`forward run failed: ${last.message}`);
const forward = medianMs(() => { last = simulateSensitivities(model, scenario, { parameters: PARAMETERS }); }, seconds, 1, 3);
let withErr = simulateSensitivities(model, scenario, { parameters: PARAMETERS, errorControl: true });
const forwardErr = medianMs(() => { withErr = simulateSensitivities(model, scenario, { parameters: PARAMETERS, errorControl: true }); }, seconds, 0, 1);
// 21 simulations: the base and one per perturbed parameter (one-sided differences)
const fd = medianMs(() => {
  simulate(model, scenario);
  for (const p of PARAMETERS) {
    const v = scenario.parameters[p] ?? model.spec.parameters[p].value;
    simulate(model, { ...scenario, parameters: { ...scenario.parameters, [p]: v * (1 - 1e-4) } });
  }
}, seconds, 0, 1);

const f = (x: number) => x.toFixed(1);
const rows = [
  ['one simulation (closed-form linear states)', plain.median, plainRun.stats.steps],
  ['one simulation, all states integrated', plainNoLin.median, NaN],
  [`forward sensitivities, ${PARAMETERS.length} parameters (states in the error test)`, forward.median, last.stats.steps],
  [`forward sensitivities, ${PARAMETERS.length} parameters (sensitivities in the error test too)`, forwardErr.median, withErr.stats.steps],
  [`${PARAMETERS.length + 1} simulations (one-sided finite differences)`, fd.median, NaN],
] as const;
console.log(`Forward sensitivities: ${SCENARIO} (${model.id}, ${model.stateNames.length} states, ${model.observableNames.length} observables, ${scenario.outputTimes.length} output rows), rtol ${scenario.solver.rtol}; derivatives: ${last.derivatives}\n`);
console.log('| run | median CPU ms | steps | × one simulation |');
console.log('|---|---|---|---|');
for (const [name, ms, steps] of rows) console.log(`| ${name} | ${f(ms)} | ${Number.isFinite(steps) ? steps : '-'} | ${(ms / plain.median).toFixed(2)} |`);
console.log(`\nforward / one simulation: ${(forward.median / plain.median).toFixed(2)} (target <= 8: ${forward.median / plain.median <= 8 ? 'met' : 'NOT met'})`);
console.log(`forward / ${PARAMETERS.length + 1} finite-difference simulations: ${(forward.median / fd.median).toFixed(3)}`);
console.log(`stats of the forward run: ${JSON.stringify(last.stats)}`);
