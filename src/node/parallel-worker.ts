/**
 * A worker thread of the run pool (parallel.ts). It receives the model already compiled — the
 * generated sources (model/portable.ts), which it only evaluates — then runs chunks of parameter
 * sets with the same function as the serial path (batch.ts), so its numbers are the serial ones,
 * bit for bit. A chunk's results go back as one packed Float64Array, copied by the message, not
 * transferred: transferring a fresh buffer per chunk made every run of the worker ~25-30 % slower
 * than the same run in the main thread (session 11, measured: 2.26-2.50 against 1.77-1.93 ms of
 * the worker thread's CPU per run; copying, 1.85-2.01 against 1.87-2.07). The copy of ~350 KB per
 * 64 runs costs well under a microsecond per run.
 */
import { parentPort } from 'node:worker_threads';
import { fromPortable, type PortableModel } from '../model/portable.js';
import type { Model } from '../model/model.js';
import type { Scenario } from '../simulate/scenario.js';
import { runWithParameters } from '../analysis/batch.js';

export type ToWorker =
  | { type: 'init'; model: PortableModel; scenario: Scenario; outputs: string[] }
  | { type: 'chunk'; start: number; sets: Record<string, number>[] };

/**
 * Results of runs start … start + n − 1. `rows[i]` is the length of run i's time grid, or −1 when it
 * failed (then `messages[i]` says why). `data` holds, for each successful run in order, its time
 * grid and then each output's values on it.
 */
export interface ChunkResult { start: number; rows: Int32Array; messages: (string | null)[]; data: Float64Array }

export type FromWorker =
  | { type: 'ready' }
  | ({ type: 'chunk' } & ChunkResult)
  | { type: 'error'; message: string };

let job: { model: Model; scenario: Scenario; outputs: string[] } | undefined;
const port = parentPort!;

function runChunk(start: number, sets: readonly Record<string, number>[]): ChunkResult {
  const { model, scenario, outputs } = job!;
  const rows = new Int32Array(sets.length);
  const messages: (string | null)[] = new Array(sets.length).fill(null);
  const done: Float64Array[][] = [];
  let size = 0;
  sets.forEach((s, i) => {
    const r = runWithParameters(model, scenario, s, outputs);
    if (!r.ok) { rows[i] = -1; messages[i] = r.message; return; }
    rows[i] = r.time.length;
    done.push([r.time, ...r.values]);
    size += r.time.length * (1 + outputs.length);
  });
  const data = new Float64Array(size);
  let at = 0;
  for (const cols of done) for (const c of cols) { data.set(c, at); at += c.length; }
  return { start, rows, messages, data };
}

port.on('message', (msg: ToWorker) => {
  try {
    if (msg.type === 'init') {
      job = { model: fromPortable(msg.model), scenario: msg.scenario, outputs: msg.outputs };
      port.postMessage({ type: 'ready' } satisfies FromWorker);
      return;
    }
    if (!job) throw new Error('chunk before init');
    const r = runChunk(msg.start, msg.sets);
    port.postMessage({ type: 'chunk', ...r } satisfies FromWorker); // copied, not transferred (see above)
  } catch (e) {
    port.postMessage({ type: 'error', message: (e as Error)?.message ?? String(e) } satisfies FromWorker);
  }
});
