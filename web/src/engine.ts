/**
 * The page's handle on the engine worker. Runs are latest-wins: while one is in flight, only the
 * newest request waits; older waiting requests resolve as superseded. So dragging a slider shows
 * every result the machine can keep up with and never builds a queue.
 */
import type { AttributionResult, Explained, ModelInfo, Request, Response, RunData } from './types.js';
import type { InputIssue } from '../../src/index.js';

export type RunOutcome =
  | { kind: 'result'; run: RunData; baseline?: RunData }
  | { kind: 'invalid'; issues: InputIssue[] }
  | { kind: 'failed'; message: string }
  | { kind: 'superseded' };

interface Waiting { scenario: unknown; baseline: boolean; rules: string[]; resolve: (o: RunOutcome) => void }


export class Engine {
  private readonly worker: Worker;
  private seq = 0;
  private inflight: { seq: number; resolve: (o: RunOutcome) => void } | undefined;
  private waiting: Waiting | undefined;
  private catalogWaiters: ((m: ModelInfo[]) => void)[] = [];
  private explained = new Map<string, Promise<Explained>>();
  private explainWaiters = new Map<string, (e: Explained) => void>();
  private docsWaiters = new Map<string, (md: string) => void>();
  private attributionSeq = -1;
  private onAttribution: ((r: AttributionResult) => void) | undefined;
  private onAttributionError: ((m: string) => void) | undefined;
  onError: (message: string) => void = (m) => console.error(m);

  constructor() {
    this.worker = new Worker(new URL('./worker/engine.worker.ts', import.meta.url), { type: 'module', name: 'magbone-engine' });
    this.worker.onmessage = (ev: MessageEvent<Response>) => this.receive(ev.data);
    this.worker.onerror = (ev) => this.onError(`engine worker: ${ev.message}`);
  }

  private send(req: Request): void {
    this.worker.postMessage(req);
  }

  private receive(msg: Response): void {
    switch (msg.kind) {
      case 'catalog': { const w = this.catalogWaiters; this.catalogWaiters = []; w.forEach((f) => f(msg.models)); return; }
      case 'result': case 'invalid': case 'failed': {
        if (msg.seq === this.attributionSeq && msg.kind !== 'result') {
          this.onAttributionError?.(msg.kind === 'failed' ? msg.message : msg.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
          return;
        }
        if (!this.inflight || this.inflight.seq !== msg.seq) return;
        const { resolve } = this.inflight;
        this.inflight = undefined;
        if (msg.kind === 'result') resolve({ kind: 'result', run: msg.run, baseline: msg.baseline });
        else if (msg.kind === 'invalid') resolve({ kind: 'invalid', issues: msg.issues });
        else resolve({ kind: 'failed', message: msg.message });
        this.pump();
        return;
      }
      case 'attribution':
        if (msg.seq === this.attributionSeq && this.onAttribution) this.onAttribution(msg.result);
        return;
      case 'explain': { const f = this.explainWaiters.get(msg.explained.modelId); if (f) f(msg.explained); return; }
      case 'docs': { const f = this.docsWaiters.get(msg.modelId); if (f) { this.docsWaiters.delete(msg.modelId); f(msg.markdown); } return; }
      case 'error': this.onError(msg.message); return;
    }
  }

  catalog(): Promise<ModelInfo[]> {
    return new Promise((resolve) => { this.catalogWaiters.push(resolve); this.send({ kind: 'catalog' }); });
  }

  /** Runs a scenario (and, when asked, its baseline, cached in the worker). */
  run(scenario: unknown, opts: { baseline: boolean; rules: string[] }): Promise<RunOutcome> {
    return new Promise((resolve) => {
      if (this.waiting) this.waiting.resolve({ kind: 'superseded' });
      this.waiting = { scenario, baseline: opts.baseline, rules: opts.rules, resolve };
      this.pump();
    });
  }

  private pump(): void {
    if (this.inflight || !this.waiting) return;
    const w = this.waiting;
    this.waiting = undefined;
    const seq = ++this.seq;
    this.inflight = { seq, resolve: w.resolve };
    this.attributionSeq = -1;
    this.send({ kind: 'run', seq, scenario: w.scenario, baseline: w.baseline, rules: w.rules });
  }

  /** Attributes the scenario's effect on `outputs` to its pathways; a newer run or attribution makes the answer stale (dropped). */
  attribution(scenario: unknown, outputs: string[], onResult: (r: AttributionResult) => void, onError: (m: string) => void): void {
    const seq = ++this.seq;
    this.attributionSeq = seq;
    this.onAttribution = onResult;
    this.onAttributionError = onError;
    this.send({ kind: 'attribution', seq, scenario, outputs });
  }

  explain(modelId: string): Promise<Explained> {
    let p = this.explained.get(modelId);
    if (!p) {
      p = new Promise((resolve) => { this.explainWaiters.set(modelId, resolve); });
      this.explained.set(modelId, p);
      this.send({ kind: 'explain', modelId });
    }
    return p;
  }

  docs(modelId: string): Promise<string> {
    return new Promise((resolve) => { this.docsWaiters.set(modelId, resolve); this.send({ kind: 'docs', modelId }); });
  }
}
