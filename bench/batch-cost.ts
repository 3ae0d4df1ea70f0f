/**
 * `npm run bench:batch-cost`: what one run of a batch costs, and whether a run in a batch costs more
 * than the same run repeated (issue #18). In ONE thread, blocks of runs of the 5-year human diet
 * scenario (mgb-half-mg-intake-5y) alternate between the scenario's own parameters (the same run
 * repeated, "default") and a virtual population's (4 parameters varied, "varied", as bench:scale);
 * per block kind it prints the CPU time per run (process.cpuUsage: all threads, so V8's compiler
 * and GC threads are in it), the solver's counts per run (steps, RHS calls, Jacobians,
 * factorizations, Newton iterations), the CPU per step, and the share of a run's wall time spent
 * outside the integration (parameters applied, initial state, schedule, output columns, checks).
 * Wall time is noisy on a shared machine; the CPU figures are the ones to compare.
 * Each run keeps bench:scale's 10 outputs as columns, as a batch run does (runWithParameters:
 * SimulateOptions.observables); --all-columns keeps every observable, as a plain `simulate` does.
 * Options: --n N runs per kind (default 1500), --block B (default 100), --warm W runs of each kind
 * left out of the figures (default 300: V8's warm-up, and the sparse LU's kernels, generated after
 * 10,000 factorizations of a structure, src/solver/sparse-lu.ts).
 */
import os from 'node:os';
import { POPULATION_OUTPUTS, POPULATION_VARY, loadPopulationScenario } from './population-setup.js';
import { samplePopulation } from '../src/analysis/population.js';
import { simulate } from '../src/simulate/run.js';
import { hasFlag, numberFlag } from './args.js';

const n = numberFlag('--n', 1500), block = numberFlag('--block', 100), warm = numberFlag('--warm', 300);

const { model, scenario } = loadPopulationScenario();
const vary = POPULATION_VARY;
const outputs = POPULATION_OUTPUTS;
const options = hasFlag('--all-columns') ? {} : { observables: outputs };
const sets = samplePopulation(model, scenario, { n, seed: 1, vary }).subjects;
const load0 = os.loadavg();

interface Acc { runs: number; cpu: number; wall: number; solveWall: number; steps: number; rhs: number; jac: number; lu: number; newton: number }
const acc = (): Acc => ({ runs: 0, cpu: 0, wall: 0, solveWall: 0, steps: 0, rhs: 0, jac: 0, lu: 0, newton: 0 });
const kinds = { default: acc(), varied: acc() };
const done = { default: 0, varied: 0 };
const cpuMs = (): number => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };

for (let b = 0; done.default < n || done.varied < n; b++) {
  const kind = b % 2 === 0 ? 'default' : 'varied';
  const a = kinds[kind];
  const count = Math.min(block, n - done[kind]);
  for (let k = 0; k < count; k++) {
    const i = done[kind]++;
    const params = kind === 'default' ? scenario.parameters : { ...scenario.parameters, ...sets[i] };
    const c0 = cpuMs(), w0 = performance.now();
    const r = simulate(model, { ...scenario, parameters: params }, options);
    const c1 = cpuMs(), w1 = performance.now();
    if (i < warm) continue;
    a.runs++; a.cpu += c1 - c0; a.wall += w1 - w0; a.solveWall += r.ms;
    a.steps += r.stats.steps; a.rhs += r.stats.rhs + r.stats.rhsJac; a.jac += r.stats.jac; a.lu += r.stats.lu; a.newton += r.stats.newton;
  }
}
console.log(`batch cost: ${scenario.name}, one thread, ${options.observables ? `${outputs.length} observables kept` : 'every observable kept'}, ${n} runs per kind in alternating blocks of ${block}, the first ${warm} of each left out; load average ${load0.map((x) => x.toFixed(1)).join(' ')} → ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
for (const [kind, a] of Object.entries(kinds)) {
  const per = (x: number): string => (x / a.runs).toFixed(1);
  console.log(`  ${kind.padEnd(7)}: CPU ${(a.cpu / a.runs).toFixed(2)} ms/run (${(1000 * a.cpu / a.steps).toFixed(1)} µs/step); per run ${per(a.steps)} steps, ${per(a.rhs)} RHS, ${per(a.jac)} Jacobians, ${per(a.lu)} factorizations, ${per(a.newton)} Newton iterations; outside the integration ${(100 * (1 - a.solveWall / a.wall)).toFixed(0)} % of the wall time`);
}
