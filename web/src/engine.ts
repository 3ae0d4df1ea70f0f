/**
 * The page's handle on the engine worker. Runs are latest-wins: while one is in flight, only the
 * newest request waits; older waiting requests resolve as superseded. So dragging a slider shows
 * every result the machine can keep up with and never builds a queue. Pinned runs (a shared link's
 * comparison) are extra requests answered in order, outside that race.
 *
 * A run that takes long can be cancelled: the worker is terminated (the only way to stop a
 * synchronous solve) and a fresh one started; whatever was in flight resolves as cancelled, and
 * requests that only read the model (docs, equations) are sent again to the new worker.
 */
import type { InputIssue } from '../../src/index.js';
import { baselineKey } from './scenario/baseline.js';
import type { AttributionResult, BandsData, Explained, ModelInfo, Request, Response, RunData, StudyData, Warmed } from './types.js';

export type RunOutcome =
  | { kind: 'result'; run: RunData; baseline?: RunData; trip?: Trip }
  | { kind: 'invalid'; issues: InputIssue[] }
  | { kind: 'failed'; message: string }
  | { kind: 'superseded' }
  | { kind: 'cancelled' };

/** A run's trip through the worker, ms since the epoch: sent, taken by the worker, posted back, arrived here. */
export interface Trip { sent: number; received: number; posted: number; arrived: number }

const now = (): number => performance.timeOrigin + performance.now();

interface Waiting { scenario: unknown; baseline: boolean; rules: string[]; resolve: (o: RunOutcome) => void }

/** What the engine is doing, for the busy indicator: since when, and what. */
export interface Busy { since: number; what: string }

export class Engine {
  private worker!: Worker;
  private seq = 0;
  private inflight: { seq: number; resolve: (o: RunOutcome) => void; since: number; sent: number; baselineKey?: string } | undefined;
  /** Baselines the page already holds, by key: a slider's next run does not ask the worker to send its baseline again. */
  private baselines = new Map<string, RunData>();
  private waiting: Waiting | undefined;
  private extra = new Map<number, { resolve: (o: RunOutcome) => void; since: number }>();
  private bandsWaiters = new Map<number, { resolve: (b: BandsData | string) => void; since: number }>();
  private studyWaiters = new Map<number, (d: StudyData) => void>();
  private catalogWaiters: ((m: ModelInfo[]) => void)[] = [];
  private explained = new Map<string, Promise<Explained>>();
  private explainWaiters = new Map<string, (e: Explained) => void>();
  private docsWaiters = new Map<string, (md: string) => void>();
  private attributionSeq = -1;
  private attributionSince = 0;
  private onAttribution: ((r: AttributionResult) => void) | undefined;
  private onAttributionError: ((m: string) => void) | undefined;
  /** Models the engine worker made ready on 'warm' (how, how fast), oldest first: what the end-to-end test reads. */
  readonly warmed: Warmed[] = [];
  /** Workers started (1 + the number of cancellations). */
  restarts = 0;
  onError: (message: string) => void = (m) => console.error(m);
  /** Called whenever the work in flight changes (undefined: idle). */
  onBusy: (busy: Busy | undefined) => void = () => undefined;

  constructor() {
    this.start();
  }

  private spawn(name: string): Worker {
    const w = new Worker(new URL('./worker/engine.worker.ts', import.meta.url), { type: 'module', name });
    w.onmessage = (ev: MessageEvent<Response>) => this.receive(ev.data);
    w.onerror = (ev) => this.onError(`engine worker: ${ev.message}`);
    return w;
  }

  private start(): void {
    this.worker = this.spawn('magbone-engine');
  }

  /**
   * Ensemble bands run in a second worker of their own (started on first use), so that the ~50
   * runs they take never hold up the next slider move; a newer request replaces one in flight.
   */
  private bandsWorker: Worker | undefined;

  private stopBands(why: string): void {
    if (!this.bandsWorker) return;
    if (this.bandsWaiters.size) { this.bandsWorker.terminate(); this.bandsWorker = undefined; }
    for (const b of this.bandsWaiters.values()) b.resolve(why);
    this.bandsWaiters.clear();
  }

  private send(req: Request): void {
    this.worker.postMessage(req);
  }

  /** The oldest work in flight, or undefined when the worker is idle. */
  busy(): Busy | undefined {
    const since = [
      ...(this.inflight ? [this.inflight.since] : []),
      ...[...this.extra.values()].map((e) => e.since),
      ...[...this.bandsWaiters.values()].map((e) => e.since),
      ...(this.attributionSeq >= 0 ? [this.attributionSince] : []),
    ];
    if (since.length === 0) return undefined;
    const what = this.inflight ? 'simulating' : this.attributionSeq >= 0 ? 'attributing the effect to pathways'
      : this.bandsWaiters.size ? 'running the posterior ensemble' : 'simulating the pinned runs';
    return { since: Math.min(...since), what };
  }

  private notify(): void {
    this.onBusy(this.busy());
  }

  /**
   * Stops whatever the worker is doing by terminating it, and starts a new one. The run in flight,
   * the waiting run, pinned runs and an attribution resolve as cancelled.
   */
  cancel(warmModel?: string): void {
    this.worker.terminate();
    this.restarts++;
    this.start();
    if (warmModel) this.send({ kind: 'warm', modelId: warmModel });
    const inflight = this.inflight, waiting = this.waiting, extra = [...this.extra.values()];
    this.inflight = undefined;
    this.waiting = undefined;
    this.extra.clear();
    inflight?.resolve({ kind: 'cancelled' });
    waiting?.resolve({ kind: 'cancelled' });
    for (const e of extra) e.resolve({ kind: 'cancelled' });
    this.stopBands('cancelled');
    for (const f of this.studyWaiters.values()) f({ problems: ['cancelled'] });
    this.studyWaiters.clear();
    if (this.attributionSeq >= 0) { this.attributionSeq = -1; this.onAttributionError?.('cancelled'); }
    // read-only requests are asked again
    if (this.catalogWaiters.length) this.send({ kind: 'catalog' });
    for (const id of this.explainWaiters.keys()) this.send({ kind: 'explain', modelId: id });
    for (const id of this.docsWaiters.keys()) this.send({ kind: 'docs', modelId: id });
    this.notify();
  }

  private receive(msg: Response): void {
    switch (msg.kind) {
      case 'warmed': this.warmed.push(msg.warmed); return;
      case 'catalog': { const w = this.catalogWaiters; this.catalogWaiters = []; w.forEach((f) => f(msg.models)); return; }
      case 'result': case 'invalid': case 'failed': {
        const arrived = now();
        const outcome: RunOutcome = msg.kind === 'result' ? { kind: 'result', run: msg.run, baseline: msg.baseline }
          : msg.kind === 'invalid' ? { kind: 'invalid', issues: msg.issues } : { kind: 'failed', message: msg.message };
        if (msg.seq === this.attributionSeq) {
          this.attributionSeq = -1;
          this.notify();
          if (outcome.kind === 'invalid') this.onAttributionError?.(outcome.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
          else if (outcome.kind === 'failed') this.onAttributionError?.(outcome.message);
          return;
        }
        const bw = this.bandsWaiters.get(msg.seq);
        if (bw) { this.bandsWaiters.delete(msg.seq); this.notify(); bw.resolve(outcome.kind === 'failed' ? outcome.message : outcome.kind === 'invalid' ? 'the scenario has problems' : 'no bands'); return; }
        const extra = this.extra.get(msg.seq);
        if (extra) { this.extra.delete(msg.seq); this.notify(); extra.resolve(outcome); return; }
        if (!this.inflight || this.inflight.seq !== msg.seq) return;
        const { resolve, sent, baselineKey: bk } = this.inflight;
        this.inflight = undefined;
        if (outcome.kind === 'result' && bk !== undefined) {
          if (outcome.baseline) {
            if (this.baselines.size >= 8) this.baselines.delete(this.baselines.keys().next().value as string);
            this.baselines.set(bk, outcome.baseline);
          } else outcome.baseline = this.baselines.get(bk);
        }
        if (outcome.kind === 'result' && msg.kind === 'result') outcome.trip = { sent, received: msg.at.received, posted: msg.at.posted, arrived };
        resolve(outcome);
        this.pump();
        this.notify();
        return;
      }
      case 'attribution':
        if (msg.seq === this.attributionSeq) {
          this.attributionSeq = -1;
          this.notify();
          this.onAttribution?.(msg.result);
        }
        return;
      case 'bands': { const w = this.bandsWaiters.get(msg.seq); if (w) { this.bandsWaiters.delete(msg.seq); this.notify(); w.resolve(msg.bands); } return; }
      case 'study': { const f = this.studyWaiters.get(msg.seq); if (f) { this.studyWaiters.delete(msg.seq); f(msg.data); } return; }
      case 'explain': { const f = this.explainWaiters.get(msg.explained.modelId); if (f) { this.explainWaiters.delete(msg.explained.modelId); f(msg.explained); } return; }
      case 'docs': { const f = this.docsWaiters.get(msg.modelId); if (f) { this.docsWaiters.delete(msg.modelId); f(msg.markdown); } return; }
      case 'error': this.onError(msg.message); return;
    }
  }

  /**
   * Asks the worker to ready a model now (before the first run needs it); with `prefetchDefault`,
   * also to run the model's default scenario, which the page is about to ask for.
   */
  warm(modelId: string, prefetchDefault = false): void {
    this.send({ kind: 'warm', modelId, ...(prefetchDefault ? { prefetchDefault } : {}) });
  }

  private catalogAsked: Promise<ModelInfo[]> | undefined;

  /** The models of the registry (asked once; the entry point asks before the app is loaded). */
  catalog(): Promise<ModelInfo[]> {
    this.catalogAsked ??= new Promise((resolve) => { this.catalogWaiters.push(resolve); this.send({ kind: 'catalog' }); });
    return this.catalogAsked;
  }

  /** Runs a scenario (and, when asked, its baseline, cached in the worker); a newer run supersedes a waiting one. */
  run(scenario: unknown, opts: { baseline: boolean; rules: string[] }): Promise<RunOutcome> {
    return new Promise((resolve) => {
      if (this.waiting) this.waiting.resolve({ kind: 'superseded' });
      this.waiting = { scenario, baseline: opts.baseline, rules: opts.rules, resolve };
      this.pump();
    });
  }

  /** Runs a scenario outside the latest-wins race (a pinned run); no baseline. */
  runExtra(scenario: unknown): Promise<RunOutcome> {
    return new Promise((resolve) => {
      const seq = ++this.seq;
      this.extra.set(seq, { resolve, since: performance.now() });
      this.send({ kind: 'run', seq, scenario, baseline: false, rules: [] });
      this.notify();
    });
  }

  private pump(): void {
    if (this.inflight || !this.waiting) return;
    const w = this.waiting;
    this.waiting = undefined;
    const seq = ++this.seq;
    const bk = w.baseline && typeof w.scenario === 'object' && w.scenario !== null ? baselineKey(w.scenario as Record<string, unknown>, w.rules) : undefined;
    this.inflight = { seq, resolve: w.resolve, since: performance.now(), sent: now(), baselineKey: bk };
    if (this.attributionSeq >= 0) { this.attributionSeq = -1; }
    this.send({ kind: 'run', seq, scenario: w.scenario, baseline: w.baseline && (bk === undefined || !this.baselines.has(bk)), rules: w.rules });
    this.notify();
  }

  /** Attributes the scenario's effect on `outputs` to its pathways; a newer run or attribution makes the answer stale (dropped). */
  attribution(scenario: unknown, outputs: string[], onResult: (r: AttributionResult) => void, onError: (m: string) => void): void {
    const seq = ++this.seq;
    this.attributionSeq = seq;
    this.attributionSince = performance.now();
    this.onAttribution = onResult;
    this.onAttributionError = onError;
    this.send({ kind: 'attribution', seq, scenario, outputs });
    this.notify();
  }

  /** Posterior-ensemble bands of `outputs` for this scenario (or why not, as text). */
  bands(scenario: unknown, outputs: string[]): Promise<BandsData | string> {
    this.stopBands('superseded');
    this.bandsWorker ??= this.spawn('magbone-bands');
    const w = this.bandsWorker;
    return new Promise((resolve) => {
      const seq = ++this.seq;
      this.bandsWaiters.set(seq, { resolve, since: performance.now() });
      w.postMessage({ kind: 'bands', seq, scenario, outputs } satisfies Request);
      this.notify();
    });
  }

  /** A study file read against its model, as observations for the charts. */
  study(text: string, file: string): Promise<StudyData> {
    return new Promise((resolve) => {
      const seq = ++this.seq;
      this.studyWaiters.set(seq, resolve);
      this.send({ kind: 'study', seq, text, file });
    });
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
