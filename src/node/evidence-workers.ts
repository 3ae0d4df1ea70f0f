/**
 * A task runner on worker threads (Node only). Each worker builds its own objective from an
 * `ObjectiveSource` (a module and the name of a factory exported by it, with structured-clonable
 * arguments: an objective holds compiled models and closures, which cannot be sent to a thread),
 * then runs the same task functions as the serial runner (tasks.ts) one task at a time. Results are
 * put back in input order, so a run on any number of workers returns the serial runner's bits.
 */
import { Worker } from 'node:worker_threads';
import type { TaskKind, TaskInput, TaskOutput, TaskRunner } from '../analysis/evidence/tasks.js';

/**
 * How a worker thread builds a `LeastSquaresObjective` (which holds compiled code and closures and
 * cannot be sent to a thread): an ES module, the name of its exported factory (default
 * `createObjective`) and structured-clonable arguments. `studyObjectiveSource` gives the one for
 * study fits.
 */
export interface ObjectiveSource {
  /** URL (file:) or absolute path of an ES module. */
  module: string;
  /** Its exported factory, `(args) => LeastSquaresObjective | Promise<…>`; default 'createObjective'. */
  export?: string;
  /** The factory's argument (structured-clonable: sent to each worker). */
  args?: unknown;
}

export type ToEvidenceWorker =
  | { type: 'init'; source: ObjectiveSource }
  | { type: 'task'; id: number; kind: TaskKind; task: unknown };

export type FromEvidenceWorker =
  | { type: 'ready' }
  | { type: 'done'; id: number; result: unknown }
  | { type: 'error'; message: string };

/**
 * A `TaskRunner` on worker threads (`workerRunner`): pass it as `runner` to `fitMultiStart`,
 * `profileLikelihood` or `samplePosterior`, and `close()` it when done (the threads keep the process
 * alive otherwise).
 */
export interface WorkerRunner extends TaskRunner {
  /** Stops the threads (idempotent). */
  close(): Promise<void>;
}

/** A runner on `workers` threads, each building its objective from `source`. */
export function workerRunner(source: ObjectiveSource, workers: number): WorkerRunner {
  let pool: Worker[] | undefined;
  let ready: Promise<void> | undefined;
  const start = (): Promise<void> => {
    pool = Array.from({ length: Math.max(1, workers) }, () => new Worker(new URL('./evidence-worker.js', import.meta.url)));
    return Promise.all(pool.map((w) => new Promise<void>((resolve, reject) => {
      const onMessage = (m: FromEvidenceWorker) => {
        w.off('message', onMessage);
        w.off('error', reject);
        if (m.type === 'ready') resolve(); else reject(new Error(`worker: ${m.type === 'error' ? m.message : 'unexpected message'}`));
      };
      w.on('message', onMessage);
      w.once('error', reject);
      w.postMessage({ type: 'init', source } satisfies ToEvidenceWorker);
    }))).then(() => undefined);
  };
  return {
    async run<K extends TaskKind>(kind: K, tasks: readonly TaskInput<K>[], onDone?: (done: number, total: number) => void): Promise<TaskOutput<K>[]> {
      const results = new Array<TaskOutput<K>>(tasks.length);
      if (tasks.length === 0) return results;
      ready ??= start();
      await ready;
      const threads = pool!;
      let next = 0, done = 0;
      await new Promise<void>((resolve, reject) => {
        let failed = false;
        const listeners: [Worker, (m: FromEvidenceWorker) => void, (e: Error) => void, (code: number) => void][] = [];
        const finish = (e?: Error) => {
          for (const [w, onMsg, onErr, onExit] of listeners) { w.off('message', onMsg); w.off('error', onErr); w.off('exit', onExit); }
          if (e) { failed = true; reject(e); } else resolve();
        };
        const feed = (w: Worker) => {
          if (next >= tasks.length) return;
          const id = next++;
          w.postMessage({ type: 'task', id, kind, task: tasks[id] } satisfies ToEvidenceWorker);
        };
        for (const w of threads) {
          const onMsg = (m: FromEvidenceWorker) => {
            if (failed) return;
            if (m.type === 'error') { finish(new Error(`worker: ${m.message}`)); return; }
            if (m.type !== 'done') return;
            results[m.id] = m.result as TaskOutput<K>;
            done++;
            onDone?.(done, tasks.length);
            if (done === tasks.length) { finish(); return; }
            feed(w);
          };
          const onErr = (e: Error) => { if (!failed) finish(new Error(`worker thread failed: ${e.message}`)); };
          const onExit = (code: number) => { if (!failed) finish(new Error(`worker thread exited (code ${code}) with ${tasks.length - done} task(s) left`)); };
          listeners.push([w, onMsg, onErr, onExit]);
          w.on('message', onMsg);
          w.on('error', onErr);
          w.on('exit', onExit);
          feed(w);
        }
      });
      return results;
    },
    async close() {
      const threads = pool;
      pool = undefined;
      ready = undefined;
      if (threads) await Promise.all(threads.map((w) => w.terminate()));
    },
  };
}
