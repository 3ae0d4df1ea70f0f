/**
 * A worker thread of the run pool (parallel.ts): compiles the model once from its spec, applies
 * the base model's parameter values, then runs parameter sets one message at a time with the same
 * function as the serial path (batch.ts), so its numbers are the serial ones, bit for bit.
 */
import { parentPort } from 'node:worker_threads';
import { compileModel } from '../model/index.js';
import type { Model } from '../model/model.js';
import type { ModelSpec } from '../model/spec.js';
import type { Scenario } from '../simulate/scenario.js';
import { runWithParameters } from '../analysis/batch.js';

export type ToWorker =
  | { type: 'init'; spec: ModelSpec; base: { parameters: Record<string, number>; switches: Record<string, boolean> }; scenario: Scenario; outputs: string[] }
  | { type: 'run'; id: number; parameters: Record<string, number> };

export type FromWorker =
  | { type: 'ready' }
  | { type: 'done'; id: number; ok: true; time: Float64Array; values: Float64Array[] }
  | { type: 'done'; id: number; ok: false; message: string }
  | { type: 'error'; message: string };

let job: { model: Model; scenario: Scenario; outputs: string[] } | undefined;
const port = parentPort!;

port.on('message', (msg: ToWorker) => {
  try {
    if (msg.type === 'init') {
      job = { model: compileModel(msg.spec).with(msg.base), scenario: msg.scenario, outputs: msg.outputs };
      port.postMessage({ type: 'ready' } satisfies FromWorker);
      return;
    }
    if (!job) throw new Error('run before init');
    const r = runWithParameters(job.model, job.scenario, msg.parameters, job.outputs);
    if (!r.ok) { port.postMessage({ type: 'done', id: msg.id, ok: false, message: r.message } satisfies FromWorker); return; }
    // fresh copies: columns may share a buffer, and a buffer can be transferred only once
    const time = r.time.slice();
    const values = r.values.map((v) => v.slice());
    port.postMessage({ type: 'done', id: msg.id, ok: true, time, values } satisfies FromWorker, [time.buffer, ...values.map((v) => v.buffer)]);
  } catch (e) {
    port.postMessage({ type: 'error', message: (e as Error)?.message ?? String(e) } satisfies FromWorker);
  }
});
