/**
 * Runs of many parameter sets on a pool of worker threads (Node only), for virtual populations
 * and Morris screening. The parameter sets are drawn first, in the main thread, from the seeded
 * stream; the workers only run them (parallel-worker.ts, importing the compiled dist modules), and
 * results are put back in order — so `populationParallel` and `morrisParallel` return the same
 * numbers as `runPopulation` and `morris`. Work is handed out one run at a time, so a slow subject
 * does not hold up the others. A worker that crashes rejects the whole batch (simulation errors
 * themselves are results, not crashes).
 *
 * Measured (2 shared cores, 5-year human-mg-bone scenario, ~4–5 ms per warm run): each thread
 * first spends about a second of CPU compiling the model's large generated functions (V8's
 * optimising compiler, which competes for the same cores), then two threads run about 1.6× the
 * runs of one. So the pool pays only for long batches (thousands of runs, or costly scenarios);
 * for 100 subjects it is slower than the serial loop, and the CLI is serial unless asked.
 */
import { Worker } from 'node:worker_threads';
import os from 'node:os';
import type { Model } from '../model/model.js';
import type { Scenario } from '../simulate/scenario.js';
import type { BatchRun } from '../analysis/batch.js';
import type { FromWorker, ToWorker } from './parallel-worker.js';
import { samplePopulation, summarisePopulation, type PopulationOptions, type PopulationResult, type PopulationSpec } from '../analysis/population.js';
import { baseRun, checkRanges, designRuns, morrisPlan, planDesign, morrisResult, type MorrisOptions, type MorrisResult } from '../analysis/morris.js';
import { Rng } from '../analysis/random.js';

/**
 * Runs queued per worker: with one, a worker idles for a message round trip after each run; two
 * keep it busy while the main thread hands out the next.
 */
const IN_FLIGHT = 2;

/** Default pool size: 2 (the target machine's cores), fewer if the machine has fewer. */
export function defaultWorkers(): number {
  return Math.max(1, Math.min(2, os.availableParallelism?.() ?? os.cpus().length));
}

/** The base model's parameter and switch values, so a worker can rebuild it from the spec. */
function baseSettings(model: Model): { parameters: Record<string, number>; switches: Record<string, boolean> } {
  return {
    parameters: Object.fromEntries(model.parameterNames.map((k) => [k, model.p[model.paramIndex(k)]])),
    switches: Object.fromEntries(model.switchNames.map((k) => [k, model.p[model.paramIndex(k)] !== 0])),
  };
}

/** Runs every parameter set of `sets` with `scenario` on `workers` threads; results in input order. */
export async function runBatchParallel(
  model: Model, scenario: Scenario, sets: readonly Record<string, number>[], outputs: readonly string[],
  opts: { workers?: number; onRun?: (done: number, total: number) => void } = {},
): Promise<BatchRun[]> {
  const results: BatchRun[] = new Array(sets.length);
  const nWorkers = Math.max(1, Math.min(opts.workers ?? defaultWorkers(), sets.length));
  if (sets.length === 0) return results;
  const init: ToWorker = { type: 'init', spec: model.spec, base: baseSettings(model), scenario, outputs: [...outputs] };
  const pool: Worker[] = [];
  let next = 0, done = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      let failed = false;
      const fail = (e: Error) => { if (!failed) { failed = true; reject(e); } };
      const feed = (w: Worker) => {
        if (next >= sets.length) return;
        const id = next++;
        w.postMessage({ type: 'run', id, parameters: sets[id] } satisfies ToWorker);
      };
      for (let k = 0; k < nWorkers; k++) {
        const w = new Worker(new URL('./parallel-worker.js', import.meta.url));
        pool.push(w);
        w.on('message', (m: FromWorker) => {
          if (failed) return;
          if (m.type === 'error') { fail(new Error(`worker: ${m.message}`)); return; }
          if (m.type === 'ready') { for (let q = 0; q < IN_FLIGHT; q++) feed(w); return; }
          results[m.id] = m.ok ? { ok: true, time: m.time, values: m.values } : { ok: false, message: m.message };
          done++;
          opts.onRun?.(done, sets.length);
          if (done === sets.length) { resolve(); return; }
          feed(w);
        });
        w.on('error', (e) => fail(new Error(`worker thread failed: ${e.message}`)));
        w.on('exit', (code) => { if (done < sets.length) fail(new Error(`worker thread exited (code ${code}) with ${sets.length - done} runs left`)); });
        w.postMessage(init);
      }
    });
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
  return results;
}

/** `runPopulation` on a pool of worker threads: same subjects, same numbers, in less wall time. */
export async function populationParallel(model: Model, scenario: Scenario, spec: PopulationSpec, opts: PopulationOptions & { workers?: number }): Promise<PopulationResult> {
  const t0 = performance.now();
  const sample = samplePopulation(model, scenario, spec, opts.outputs);
  const workers = Math.max(1, Math.min(opts.workers ?? defaultWorkers(), spec.n));
  const runs = await runBatchParallel(model, scenario, sample.subjects, opts.outputs, { workers, onRun: opts.onSubject });
  return summarisePopulation(model, scenario, spec, sample, runs, { ...opts, ms: performance.now() - t0, workers });
}

/** `morris` on a pool of worker threads: same design, same numbers. */
export async function morrisParallel(model: Model, scenario: Scenario, opts: MorrisOptions & { workers?: number }): Promise<MorrisResult> {
  const t0 = performance.now();
  let plan = opts.plan ?? morrisPlan(model, scenario, opts);
  const { base, ms } = baseRun(model, plan);
  if (opts.checkRanges && !opts.plan) plan = checkRanges(model, plan); // serial: 2k short runs, most of them cheap failures or quick
  const workers = Math.max(1, Math.min(opts.workers ?? defaultWorkers(), plan.runs));
  opts.onPlan?.({ k: plan.factors.length, r: plan.r, runs: plan.runs, baseMs: ms });
  const design = planDesign(model, plan, opts.resample ?? true);
  const runs = await runBatchParallel(model, plan.scenarioAt, designRuns(plan, design), plan.outputs, { workers, onRun: opts.onRun });
  return morrisResult(model, scenario, plan, design, base, runs, performance.now() - t0, workers);
}
