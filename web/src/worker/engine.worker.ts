/**
 * The engine worker: the whole magbone library (registry, compiler, solver, scenarios) runs here,
 * off the page's thread, so a slider never freezes the page. Requests are handled one at a time,
 * in order; the page drops answers that a newer request has made stale.
 */
import { modelEntries, findModel } from '../../../src/index.js';
import { getModel, prepareScenario } from '../../../src/index.js';
import { simulate, type SimulationResult } from '../../../src/index.js';
import { InputError } from '../../../src/index.js';
import { modelDocs } from '../../../src/index.js';
import type { ModelInfo, Request, Response, RunData } from '../types.js';
import { baselineKey, baselineOf } from '../scenario/baseline.js';
import { seedPrecompiled } from './precompiled.js';
import { defaultScenario } from '../scenario/defaults.js';
import type { ModelEntry } from '../../../src/index.js';

/** The worker's modules evaluated, ms after the worker started. */
const bootMs = performance.now();
// loaded on first use (docs, equations, attribution, ensemble bands, study files): the first run does not wait for them
const lazy = {
  explain: () => import('./explain.js'),
  attribution: () => import('./attribution.js'),
  bands: () => import('./bands.js'),
  study: () => import('./study.js'),
};

interface WorkerScope {
  postMessage(message: Response, transfer?: Transferable[]): void;
  onmessage: ((ev: MessageEvent<Request>) => void) | null;
}
const scope = self as unknown as WorkerScope;

function post(msg: Response, transfer: Transferable[] = []): void {
  scope.postMessage(msg, transfer);
}

/** Rule values at every output row (the pathway factors the mechanism map colours its edges by). */
function ruleColumns(result: SimulationResult, names: readonly string[]): Record<string, Float64Array> {
  const model = result.model;
  const wanted = names.map((n) => [n, model.ruleNames.indexOf(n)] as const).filter(([, i]) => i >= 0);
  if (wanted.length === 0 || !model.ruleValues) return {};
  const n = result.time.length;
  const out: Record<string, Float64Array> = {};
  for (const [name] of wanted) out[name] = new Float64Array(n);
  const y = new Float64Array(model.stateNames.length);
  const all = new Float64Array(model.ruleNames.length);
  const states = model.stateNames.map((s) => result.column(s));
  for (let r = 0; r < n; r++) {
    for (let i = 0; i < y.length; i++) y[i] = states[i][r];
    model.ruleValues(result.time[r], y, model.p, all);
    for (const [name, i] of wanted) out[name][r] = all[i];
  }
  return out;
}

function toRunData(result: SimulationResult, rules: readonly string[], t0: number): RunData {
  const switches: Record<string, boolean> = {};
  for (const [name, s] of Object.entries(result.model.spec.switches ?? {})) switches[name] = result.scenario.switches[name] ?? s.default;
  return {
    modelId: result.modelId,
    scenario: { name: result.scenario.name, description: result.scenario.description },
    timeUnit: result.timeUnit,
    time: result.time,
    columns: result.columns.filter((c) => c.kind !== 'time').map((c) => ({ name: c.name, unit: c.unit, kind: c.kind, values: c.values })),
    rules: ruleColumns(result, rules),
    switches,
    code: result.code,
    message: result.message,
    stats: result.stats,
    solveMs: result.ms,
    workerMs: performance.now() - t0,
  };
}

/** Baselines by their scenario text: a slider moves the scenario, not its baseline. */
const baselines = new Map<string, RunData>();
/** Recent runs by their scenario text: going back to a value the slider had costs no solve. */
const recent = new Map<string, RunData>();
const RECENT_MAX = 16;

/** Keys of runs made before the page asked for them (the opening scenario): the first request gets them as fresh runs. */
const prefetched = new Set<string>();

const runKey = (input: unknown, rules: readonly string[]): string => JSON.stringify(input) + '\u0000' + rules.join(',');

/**
 * Warming the engine's code while the worker is idle. A fresh worker runs the solver, the model's
 * generated code and the output code unoptimised: the first 5-year human-mg-bone run takes
 * ~300 ms, the next ones 100, 60, 30 … and only after ~10–20 runs the ~5 ms of optimised code (the
 * optimiser compiles what has run often). A slider moved right after the page opened would wait
 * for that warm-up run by run; instead the worker repeats the last scenario (result discarded)
 * once no request has come for WARM_IDLE_MS: one run per task, so a request that arrives waits
 * for one warm-up run at most, and none once the code is warm. Warming starts once the page has
 * drawn its first run (it then asks for that run's baseline: the first request with a baseline),
 * so it never competes with the first load. Each model is warmed up to WARM_RUNS runs (counting
 * the page's own), spending at most WARM_MS on warm-up runs; scenarios of many steps (a long run
 * with daily doses) are not repeated. The page's results are untouched: the same code runs, only
 * optimised sooner.
 */
const WARM_RUNS = 20;
const WARM_MS = 2000;
const WARM_MAX_STEPS = 3000;
/** Per model: runs so far, time spent in warm-up runs, and whether that is enough. */
const warmth = new Map<string, { runs: number; spent: number; warm: boolean }>();
let lastRun: { input: unknown; rules: readonly string[]; modelId: string } | undefined;
/** The page has drawn its first run (see above). */
let drawn = false;
/** Requests received and not yet handled: a warm-up run never starts while one waits. */
let pending = 0;
let warmTimer: ReturnType<typeof setTimeout> | undefined;

/** Counts a run of `modelId` (the page's or a warm-up run); see WARM_RUNS. */
function countRun(modelId: string): void {
  const w = warmth.get(modelId) ?? { runs: 0, spent: 0, warm: false };
  w.runs++;
  if (w.runs >= WARM_RUNS) w.warm = true;
  warmth.set(modelId, w);
}

/** Idle time before warming starts: requests that come in a row (a slider dragged) are not interleaved with warm-up runs. */
const WARM_IDLE_MS = 100;

function scheduleWarm(delay = WARM_IDLE_MS): void {
  clearTimeout(warmTimer);
  if (!drawn || !lastRun || warmth.get(lastRun.modelId)?.warm) return;
  warmTimer = setTimeout(() => {
    // a request came meanwhile: it goes first, and schedules the next warm-up run when handled
    if (pending > 0 || !lastRun) return;
    const t0 = performance.now();
    try { runOnce(lastRun.input, lastRun.rules); } catch { lastRun = undefined; return; }
    const w = warmth.get(lastRun.modelId);
    if (w && (w.spent += performance.now() - t0) > WARM_MS) w.warm = true;
    scheduleWarm(0);
  }, delay);
}

/** What the page knows of a model (the catalog's entry; also what its default scenario is made from). */
function modelInfo(e: ModelEntry): ModelInfo {
  return {
    id: e.id, summary: e.summary, spec: e.spec,
    keyOutputs: e.keyOutputs ?? Object.keys(e.spec.observables).slice(0, 8),
    adapterKeys: [...(e.scenario?.extensionKeys ?? [])],
  };
}

function runOnce(input: unknown, rules: readonly string[]): RunData {
  const t0 = performance.now();
  const { model, scenario } = prepareScenario(input);
  const run = toRunData(simulate(model, scenario), rules, t0);
  countRun(run.modelId);
  return run;
}

/** A run from the cache (with this request's times) or a new one (cached). Cached runs are never sent: the page gets packed copies. */
function runCached(input: unknown, rules: readonly string[]): RunData {
  const t0 = performance.now();
  const key = runKey(input, rules);
  const hit = recent.get(key);
  if (hit) {
    recent.delete(key);
    recent.set(key, hit);
    // a prefetched run was simulated for this request, only earlier: it is not a cache hit
    if (prefetched.delete(key)) return hit;
    return { ...hit, solveMs: 0, workerMs: performance.now() - t0, cached: true };
  }
  const run = runOnce(input, rules);
  if (recent.size >= RECENT_MAX) recent.delete(recent.keys().next().value as string);
  recent.set(key, run);
  return run;
}

/**
 * A copy of a run whose time, columns and rule values are views of one new buffer: one transfer
 * instead of one per column (~150 for human-mg-bone), and the worker's cached arrays stay its own.
 */
function packed(run: RunData): { run: RunData; buffer: ArrayBuffer } {
  const n = run.time.length;
  const rules = Object.entries(run.rules);
  const buffer = new ArrayBuffer(8 * n * (1 + run.columns.length + rules.length));
  let at = 0;
  const copy = (a: Float64Array): Float64Array => { const v = new Float64Array(buffer, 8 * n * at++, n); v.set(a); return v; };
  return {
    run: {
      ...run,
      time: copy(run.time),
      columns: run.columns.map((c) => ({ ...c, values: copy(c.values) })),
      rules: Object.fromEntries(rules.map(([k, v]) => [k, copy(v)])),
    },
    buffer,
  };
}

async function handle(req: Request): Promise<void> {
  switch (req.kind) {
    case 'catalog': {
      const models: ModelInfo[] = modelEntries().map(modelInfo);
      post({ kind: 'catalog', models });
      return;
    }
    case 'run': {
      const received = performance.timeOrigin + performance.now();
      try {
        const run = packed(runCached(req.scenario, req.rules));
        let baseline: ReturnType<typeof packed> | undefined;
        if (req.baseline) {
          drawn = true;
          const key = baselineKey(req.scenario as Record<string, unknown>, req.rules);
          let cached = baselines.get(key);
          if (!cached) {
            cached = runOnce(baselineOf(req.scenario as Record<string, unknown>), req.rules);
            if (baselines.size >= 8) baselines.delete(baselines.keys().next().value as string);
            baselines.set(key, cached);
          }
          baseline = packed(cached);
        }
        post({ kind: 'result', seq: req.seq, run: run.run, baseline: baseline?.run, at: { received, posted: performance.timeOrigin + performance.now() } },
          baseline ? [run.buffer, baseline.buffer] : [run.buffer]);
        lastRun = run.run.stats.steps <= WARM_MAX_STEPS ? { input: req.scenario, rules: req.rules, modelId: run.run.modelId } : undefined;
      } catch (e) {
        if (e instanceof InputError) post({ kind: 'invalid', seq: req.seq, issues: e.issues });
        else post({ kind: 'failed', seq: req.seq, message: e instanceof Error ? e.message : String(e) });
      }
      return;
    }
    case 'attribution': {
      try {
        const { attribution } = await lazy.attribution();
        post({ kind: 'attribution', seq: req.seq, result: attribution(req.scenario as Record<string, unknown>, req.outputs) });
      } catch (e) {
        if (e instanceof InputError) post({ kind: 'invalid', seq: req.seq, issues: e.issues });
        else post({ kind: 'failed', seq: req.seq, message: e instanceof Error ? e.message : String(e) });
      }
      return;
    }
    case 'bands': {
      try {
        const input = req.scenario as Record<string, unknown>;
        // the bands worker gets no 'warm': the shipped code spares it the compilation too
        if (typeof input.model === 'string') seedPrecompiled(input.model);
        const { model, scenario } = prepareScenario(input);
        const explicit = (typeof input.parameters === 'object' && input.parameters !== null ? input.parameters : {}) as Record<string, number>;
        const { ensembleBands } = await lazy.bands();
        const b = ensembleBands(model, scenario, explicit, req.outputs.filter((o) => model.observableNames.includes(o) || model.stateNames.includes(o)));
        const buffers = [b.time.buffer, ...Object.values(b.bands).flatMap((x) => [x.lo.buffer, x.q1.buffer, x.med.buffer, x.q3.buffer, x.hi.buffer])];
        post({ kind: 'bands', seq: req.seq, bands: b }, [...new Set(buffers)] as Transferable[]);
      } catch (e) {
        if (e instanceof InputError) post({ kind: 'invalid', seq: req.seq, issues: e.issues });
        else post({ kind: 'failed', seq: req.seq, message: e instanceof Error ? e.message : String(e) });
      }
      return;
    }
    case 'study': {
      try {
        const { readStudy } = await lazy.study();
        post({ kind: 'study', seq: req.seq, data: readStudy(req.text, req.file) });
      } catch (e) {
        post({ kind: 'study', seq: req.seq, data: { problems: [`${req.file}: ${e instanceof Error ? e.message : String(e)}`] } });
      }
      return;
    }
    case 'warm': {
      // the opening model (and a restarted worker's model) is made ready before the first run asks
      // for it: from the build's compiled code where the build shipped it, else compiled here
      const t0 = performance.now();
      try {
        const precompiled = seedPrecompiled(req.modelId);
        getModel(req.modelId);
        post({ kind: 'warmed', warmed: { modelId: req.modelId, precompiled, ms: performance.now() - t0, bootMs } });
      } catch { return; /* unknown model: the next run reports it */ }
      const entry = findModel(req.modelId);
      if (req.prefetchDefault && entry) {
        // the page's first request will be this model's default scenario, without rules (main.ts):
        // simulated now, it is ready when the request comes, instead of after two trips between the threads
        const input = defaultScenario(modelInfo(entry));
        const key = runKey(input, []);
        if (!recent.has(key)) {
          try { runCached(input, []); prefetched.add(key); } catch { /* the page's own request reports it */ }
        }
      }
      return;
    }
    case 'explain': {
      const entry = findModel(req.modelId);
      if (!entry) { post({ kind: 'error', message: `unknown model ${req.modelId}` }); return; }
      const { explainModel } = await lazy.explain();
      post({ kind: 'explain', explained: explainModel(entry.spec) });
      return;
    }
    case 'docs': {
      const entry = findModel(req.modelId);
      if (!entry) { post({ kind: 'error', message: `unknown model ${req.modelId}` }); return; }
      post({ kind: 'docs', modelId: req.modelId, markdown: modelDocs(entry.spec) });
      return;
    }
  }
}

// one request at a time, in order, even when one waits for a module to load
let queue: Promise<void> = Promise.resolve();
scope.onmessage = (ev) => {
  pending++;
  clearTimeout(warmTimer);
  queue = queue.then(() => handle(ev.data)).catch((e: unknown) => {
    post({ kind: 'error', message: e instanceof Error ? e.message : String(e) });
  }).finally(() => {
    // idle again: warm the code of the last run's model (see WARM_RUNS)
    if (--pending === 0) scheduleWarm();
  });
};
