/**
 * A worker thread of the estimators' task runner (workers.ts): builds the objective once from its
 * source, then runs tasks with the serial runner's functions (tasks.ts), one message at a time.
 */
import { parentPort } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import type { LeastSquaresObjective } from '../analysis/evidence/objective.js';
import { TASKS } from '../analysis/evidence/tasks.js';
import type { FromEvidenceWorker, ToEvidenceWorker } from './evidence-workers.js';

const port = parentPort!;
let objective: LeastSquaresObjective | undefined;

port.on('message', (msg: ToEvidenceWorker) => {
  void (async () => {
    try {
      if (msg.type === 'init') {
        const url = msg.source.module.startsWith('file:') ? msg.source.module : pathToFileURL(msg.source.module).href;
        const mod = await import(url) as Record<string, unknown>;
        const factory = mod[msg.source.export ?? 'createObjective'];
        if (typeof factory !== 'function') throw new Error(`${msg.source.module} exports no function '${msg.source.export ?? 'createObjective'}'`);
        objective = await (factory as (a: unknown) => LeastSquaresObjective | Promise<LeastSquaresObjective>)(msg.source.args);
        port.postMessage({ type: 'ready' } satisfies FromEvidenceWorker);
        return;
      }
      if (!objective) throw new Error('task before init');
      const f = TASKS[msg.kind] as (o: LeastSquaresObjective, t: unknown) => unknown;
      port.postMessage({ type: 'done', id: msg.id, result: f(objective, msg.task) } satisfies FromEvidenceWorker);
    } catch (e) {
      port.postMessage({ type: 'error', message: (e as Error)?.message ?? String(e) } satisfies FromEvidenceWorker);
    }
  })();
});
