/**
 * Runs of many parameter sets, serially or on a pool of worker threads (Node only), for virtual
 * populations, Morris screening, Sobol analysis and posterior ensembles. The parameter sets are
 * drawn first, in the main thread, from the seeded stream; the runs are independent and their
 * results are put back in input order — so the numbers are the same for any worker count.
 *
 * The pool. `workers: W` is the main thread and W − 1 worker threads: the main thread would
 * otherwise wait idle, and it is the one thread that may already be warm (a Morris base run, an
 * earlier phase); every thread started pays V8's warm-up again (~300 runs of human-mg-bone at
 * 3-10× the steady cost, measured). The main thread takes chunks like a worker and runs them one
 * run at a time, yielding to the event loop every ~20 ms so that the workers' chunks are collected
 * and new ones sent. The main thread has compiled the model; each worker receives the generated sources
 * (model/portable.ts) and only evaluates them — no checking or code generation per worker. Work
 * goes out in chunks ("guided" sizes: a share of what is left, at most MAX_CHUNK runs, down to one
 * run at the end so that no worker idles while another finishes a long chunk), two chunks in
 * flight per worker so that a worker never waits for a message round trip; each chunk comes back
 * as one packed buffer (copied: transferring it slowed the worker, parallel-worker.ts). What remains per worker is V8 warming up the
 * generated code and the solver (a few hundred runs' worth of optimisation, in each thread),
 * which only a long batch amortises: `--workers auto` stays serial for short ones.
 *
 * Stopping: an AbortSignal (Ctrl-C in the CLI) terminates the workers and rejects with
 * `Interrupted`; the serial path checks it between runs, yielding to the event loop every
 * ~50 ms so that the signal can arrive. A worker that crashes rejects the whole batch
 * (simulation errors themselves are results, not crashes).
 */
import { Worker } from 'node:worker_threads';
import os from 'node:os';
import type { Model } from '../model/model.js';
import { toPortable } from '../model/portable.js';
import type { Scenario } from '../simulate/scenario.js';
import { runWithParameters, type BatchRun } from '../analysis/batch.js';
import type { FromWorker, ToWorker, ChunkResult } from './parallel-worker.js';
import { samplePopulation, summarisePopulation, type PopulationOptions, type PopulationResult, type PopulationSpec } from '../analysis/population.js';
import { baseRun, checkRanges, designRuns, morrisPlan, planDesign, morrisResult, type MorrisOptions, type MorrisResult } from '../analysis/morris.js';

/** Largest chunk of runs handed to a worker at once. */
const MAX_CHUNK = 64;
/** Chunks queued per worker. */
const IN_FLIGHT = 2;
/** The main thread's longest stretch of runs between two looks at the workers' messages (ms). */
const YIELD_MS = 20;
/** Fewer runs than this per thread are not worth a thread's warm-up (`--workers auto`). */
export const AUTO_MIN_RUNS_PER_WORKER = 400;

/** The run was stopped by its AbortSignal (Ctrl-C): nothing was written. */
export class Interrupted extends Error {
  constructor() { super('interrupted'); this.name = 'Interrupted'; }
}

/** The machine's cores available to this process. */
export function availableCores(): number {
  return Math.max(1, os.availableParallelism?.() ?? os.cpus().length);
}

/** Default pool size: 2 (the target machine's cores), fewer if the machine has fewer. */
export function defaultWorkers(): number {
  return Math.min(2, availableCores());
}

/**
 * `--workers auto` for `runs` runs: one thread per core, but serial (1) when each thread would
 * get fewer than AUTO_MIN_RUNS_PER_WORKER runs.
 */
export function autoWorkers(runs: number): number {
  return Math.max(1, Math.min(availableCores(), Math.floor(runs / AUTO_MIN_RUNS_PER_WORKER)));
}

/**
 * Options of `runBatch` / `runBatchParallel`: the number of threads (1 = this thread only), a progress
 * callback and an AbortSignal that stops the batch (the promise rejects with `Interrupted`).
 */
export interface BatchOptions {
  /** Threads: 1 runs in this thread; W > 1 runs in this thread and W − 1 worker threads (default 1). */
  workers?: number;
  /** Called as runs finish (in completion order). */
  onRun?: (done: number, total: number) => void;
  /** Stops the batch: rejects with Interrupted. */
  signal?: AbortSignal;
}

/** Runs every parameter set of `sets` with `scenario`; results in input order, serially or on a pool. */
export async function runBatch(
  model: Model, scenario: Scenario, sets: readonly Record<string, number>[], outputs: readonly string[], opts: BatchOptions = {},
): Promise<BatchRun[]> {
  const workers = Math.max(1, Math.min(opts.workers ?? 1, sets.length));
  return workers > 1 ? runBatchParallel(model, scenario, sets, outputs, { ...opts, workers }) : runBatchSerial(model, scenario, sets, outputs, opts);
}

/** The serial path: in this thread, yielding to the event loop every ~50 ms so that a signal can stop it. */
export async function runBatchSerial(
  model: Model, scenario: Scenario, sets: readonly Record<string, number>[], outputs: readonly string[], opts: BatchOptions = {},
): Promise<BatchRun[]> {
  const results: BatchRun[] = new Array(sets.length);
  let last = Date.now();
  for (let i = 0; i < sets.length; i++) {
    if (opts.signal?.aborted) throw new Interrupted();
    results[i] = runWithParameters(model, scenario, sets[i], outputs);
    opts.onRun?.(i + 1, sets.length);
    if (opts.signal && Date.now() - last > 50) {
      await new Promise((r) => setImmediate(r));
      last = Date.now();
    }
  }
  if (opts.signal?.aborted) throw new Interrupted();
  return results;
}

/** Unpacks a worker's chunk into `results`. */
function unpack(c: ChunkResult, nOut: number, results: BatchRun[]): number {
  let at = 0;
  for (let i = 0; i < c.rows.length; i++) {
    const L = c.rows[i];
    if (L < 0) { results[c.start + i] = { ok: false, message: c.messages[i] ?? 'failed' }; continue; }
    const time = c.data.subarray(at, at + L); at += L;
    const values: Float64Array[] = [];
    for (let j = 0; j < nOut; j++) { values.push(c.data.subarray(at, at + L)); at += L; }
    results[c.start + i] = { ok: true, time, values };
  }
  return c.rows.length;
}

/** Runs every parameter set of `sets` with `scenario` on `workers` threads; results in input order. */
export async function runBatchParallel(
  model: Model, scenario: Scenario, sets: readonly Record<string, number>[], outputs: readonly string[], opts: BatchOptions = {},
): Promise<BatchRun[]> {
  const results: BatchRun[] = new Array(sets.length);
  const nWorkers = Math.max(1, Math.min(opts.workers ?? defaultWorkers(), sets.length));
  if (sets.length === 0) return results;
  if (opts.signal?.aborted) throw new Interrupted();
  const init: ToWorker = { type: 'init', model: toPortable(model), scenario, outputs: [...outputs] };
  const pool: Worker[] = [];
  let next = 0, done = 0;
  let onAbort: (() => void) | undefined;
  let failed = false;
  /** The next chunk [start, end) ("guided": a share of what is left, at most MAX_CHUNK). */
  const take = (): [number, number] => {
    const size = Math.max(1, Math.min(MAX_CHUNK, Math.floor((sets.length - next) / (nWorkers * IN_FLIGHT * 2))));
    const start = next;
    next = Math.min(sets.length, next + size);
    return [start, next];
  };
  let finish: (() => void) | undefined;
  try {
    const all = new Promise<void>((resolve, reject) => {
      const fail = (e: Error) => { if (!failed) { failed = true; reject(e); } };
      finish = () => { if (done === sets.length) resolve(); };
      onAbort = () => fail(new Interrupted());
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      const feed = (w: Worker) => {
        if (next >= sets.length || failed) return;
        const [start, end] = take();
        w.postMessage({ type: 'chunk', start, sets: sets.slice(start, end) } satisfies ToWorker);
      };
      for (let k = 0; k < nWorkers - 1; k++) {
        const w = new Worker(new URL('./parallel-worker.js', import.meta.url));
        pool.push(w);
        w.on('message', (m: FromWorker) => {
          if (failed) return;
          if (m.type === 'error') { fail(new Error(`worker: ${m.message}`)); return; }
          if (m.type === 'ready') { for (let q = 0; q < IN_FLIGHT; q++) feed(w); return; }
          done += unpack(m, outputs.length, results);
          opts.onRun?.(done, sets.length);
          if (done === sets.length) { resolve(); return; }
          feed(w);
        });
        w.on('error', (e) => fail(new Error(`worker thread failed: ${e.message}`)));
        w.on('exit', (code) => { if (done < sets.length) fail(new Error(`worker thread exited (code ${code}) with ${sets.length - done} runs left`)); });
        w.postMessage(init);
      }
    });
    all.catch(() => undefined); // observed below; the main thread's share may still be running when it rejects
    // the main thread's share: chunks like a worker's, yielding so that the workers are fed
    let last = Date.now();
    while (next < sets.length && !failed) {
      const [start, end] = take();
      for (let i = start; i < end; i++) {
        results[i] = runWithParameters(model, scenario, sets[i], outputs);
        done++;
        if (Date.now() - last > YIELD_MS) {
          opts.onRun?.(done, sets.length); // progress as from a worker: per chunk or so, not per run
          await new Promise((r) => setImmediate(r));
          last = Date.now();
          if (failed) break;
        }
      }
      if (!failed) opts.onRun?.(done, sets.length);
    }
    finish!();
    await all;
  } finally {
    if (onAbort) opts.signal?.removeEventListener('abort', onAbort);
    await Promise.all(pool.map((w) => w.terminate()));
  }
  return results;
}

/** `runPopulation` on a pool of worker threads: same subjects, same numbers, in less wall time. */
export async function populationParallel(model: Model, scenario: Scenario, spec: PopulationSpec, opts: PopulationOptions & { workers?: number; signal?: AbortSignal }): Promise<PopulationResult> {
  const t0 = performance.now();
  const sample = samplePopulation(model, scenario, spec, opts.outputs);
  const workers = Math.max(1, Math.min(opts.workers ?? defaultWorkers(), spec.n));
  const runs = await runBatch(model, scenario, sample.subjects, opts.outputs, { workers, onRun: opts.onSubject, signal: opts.signal });
  return summarisePopulation(model, scenario, spec, sample, runs, { ...opts, ms: performance.now() - t0, workers });
}

/** `morris` on a pool of worker threads: same design, same numbers. */
export async function morrisParallel(model: Model, scenario: Scenario, opts: MorrisOptions & { workers?: number; signal?: AbortSignal }): Promise<MorrisResult> {
  const t0 = performance.now();
  let plan = opts.plan ?? morrisPlan(model, scenario, opts);
  const { base, ms } = baseRun(model, plan);
  if (opts.checkRanges && !opts.plan) plan = checkRanges(model, plan); // serial: 2k short runs, most of them cheap failures or quick
  const workers = Math.max(1, Math.min(opts.workers ?? defaultWorkers(), plan.runs));
  opts.onPlan?.({ k: plan.factors.length, r: plan.r, runs: plan.runs, baseMs: ms });
  const design = planDesign(model, plan, opts.resample ?? true);
  const runs = await runBatch(model, plan.scenarioAt, designRuns(plan, design), plan.outputs, { workers, onRun: opts.onRun, signal: opts.signal });
  return morrisResult(model, scenario, plan, design, base, runs, performance.now() - t0, workers);
}
