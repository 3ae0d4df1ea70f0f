/**
 * `npm run bench:scale`: the worker-pool benchmark of issue #18 — a virtual population of the
 * 5-year human diet scenario (mgb-half-mg-intake-5y, 10 key outputs, 4 varied parameters) on one
 * worker thread and on two, in the same process one after the other, so that the ratio is measured
 * under the same machine load. Prints wall times, runs per second and the speed-up, and checks that
 * both give the same numbers. CPU time (all threads) is printed beside wall time: on a shared
 * machine the wall-time ratio says as much about the neighbours as about the pool, the CPU time
 * per run says what the pool itself costs. Budget: 100,000 subjects ≤ 100 s on 2 cores, 2 workers ≥ 1.8× one.
 * Options: --n N (default 100000), --workers-list 1,2 (thread counts to time), --serial (also time
 * the serial loop in the main thread). `w` workers are the main thread and w − 1 worker threads
 * (src/node/parallel.ts). Per-thread CPU (bench/thread-cpu.ts) is printed too: the busiest
 * simulating thread's CPU time is what the batch would take on idle cores.
 */
import os from 'node:os';
import { POPULATION_OUTPUTS, POPULATION_VARY, loadPopulationScenario, timeSummaryAndFiles } from './population-setup.js';
import { samplePopulation } from '../src/analysis/population.js';
import { runBatchParallel, runBatchSerial } from '../src/node/parallel.js';
import type { BatchRun } from '../src/analysis/batch.js';
import { threadCpu } from './thread-cpu.js';
import { ISSUE18 } from './peers/scale-reference.js';
import { flagValue, hasFlag, numberFlag } from './args.js';

const n = numberFlag('--n', 100000);
const counts = flagValue('--workers-list', '1,2').split(',').map(Number);

const t0 = performance.now();
const { model, scenario } = loadPopulationScenario();
const compileMs = performance.now() - t0;
const outputs = POPULATION_OUTPUTS;
const vary = POPULATION_VARY;
const spec = { n, seed: 1, vary };
const sample = samplePopulation(model, scenario, spec);
const sets = sample.subjects;
console.log(`scale benchmark: ${n} subjects × ${scenario.name} (${outputs.length} outputs), compile + load ${compileMs.toFixed(0)} ms, ${os.availableParallelism()} cores, load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);

function same(a: BatchRun[], b: BatchRun[]): boolean {
  return a.length === b.length && a.every((r, i) => {
    const s = b[i];
    if (r.ok !== s.ok) return false;
    if (!r.ok || !s.ok) return true;
    return r.values.every((v, j) => v.length === s.values[j].length && v.every((x, t) => Object.is(x, s.values[j][t])));
  });
}

const times: Record<string, number> = {};
const critical: Record<string, number> = {};
let first: BatchRun[] | undefined;
const plan: (number | 'serial')[] = [...(hasFlag('--serial') ? ['serial' as const] : []), ...counts];
for (const w of plan) {
  const t = performance.now();
  const cpu0 = process.cpuUsage();
  const th = threadCpu();
  const runs = w === 'serial' ? await runBatchSerial(model, scenario, sets, outputs) : await runBatchParallel(model, scenario, sets, outputs, { workers: w });
  const s = (performance.now() - t) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuS = (cpu.user + cpu.system) / 1e6;
  const per = th.stop();
  // the threads that ran simulations: the main thread, and with w workers the w − 1 busiest other threads (the pool's)
  const nThreads = w === 'serial' ? 0 : w - 1;
  const busy = [per.main, ...per.others.slice(0, nThreads)];
  const helpers = per.others.slice(nThreads).reduce((a, b) => a + b, 0);
  critical[String(w)] = Math.max(...busy);
  const failed = runs.filter((r) => !r.ok).length;
  times[String(w)] = s;
  const ok = first ? same(first, runs) : true;
  first ??= runs;
  console.log(`${w === 'serial' ? 'serial (main thread)' : `${w} worker${w === 1 ? ' ' : 's'}`}: ${s.toFixed(1)} s, ${(n / s).toFixed(0)} runs/s, CPU ${cpuS.toFixed(1)} s (all threads; ${(1000 * cpuS / n).toFixed(2)} ms per run), ${failed} failed, same numbers as the first: ${ok}`);
  console.log(`    per thread CPU: main${nThreads ? ' + worker threads' : ''} ${busy.map((x) => x.toFixed(1)).join(' + ')} s, V8 helpers (compiler, GC) ${helpers.toFixed(1)} s; load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  if (!ok) process.exitCode = 1;
}
if (first) {
  // what the main thread does after the runs in `magbone population`: percentiles, then the files
  const th = threadCpu();
  const { summariseMs, csvMs, jsonMs, csv, json } = timeSummaryAndFiles(model, scenario, spec, sample, first, outputs);
  const cpu = th.stop();
  console.log(`main thread after the runs: summarise ${summariseMs.toFixed(0)} ms, CSV ${csvMs.toFixed(0)} ms (${(csv.length / 1e6).toFixed(1)} MB), JSON ${jsonMs.toFixed(0)} ms (${(json.length / 1e6).toFixed(1)} MB); main thread CPU ${cpu.main.toFixed(1)} s, helpers ${cpu.others.reduce((a, b) => a + b, 0).toFixed(1)} s`);
}
if (times['1'] && times['2']) {
  console.log(`speed-up 2 workers vs 1: wall ${(times['1'] / times['2']).toFixed(2)}× (budget ≥ ${ISSUE18.speedupBudget}×; the issue measured ${(ISSUE18.before.oneWorkerS / ISSUE18.before.twoWorkersS).toFixed(2)}× before the pool rewrite)`);
  console.log(`  on idle cores (busiest thread's CPU, 1 worker / 2 workers): ${(critical['1'] / critical['2']).toFixed(2)}×`);
}
for (const w of plan) {
  const k = String(w);
  const scale = ISSUE18.populationN / n;
  console.log(`${w === 'serial' ? 'serial' : `${w} worker${w === 1 ? '' : 's'}`}: extrapolated to ${ISSUE18.populationN} subjects: wall ${(times[k] * scale).toFixed(0)} s (${(times[k] * scale / ISSUE18.populationBudgetS).toFixed(2)}× the ${ISSUE18.populationBudgetS}-s budget), on idle cores ${(critical[k] * scale).toFixed(0)} s (${(critical[k] * scale / ISSUE18.populationBudgetS).toFixed(2)}×); per subject ${(1000 * times[k] / n).toFixed(2)} ms vs ${(1000 * ISSUE18.before.oneWorkerS / ISSUE18.before.n).toFixed(2)} ms (1 worker) in the issue's measurement`);
}
