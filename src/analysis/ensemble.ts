/**
 * Predictions with uncertainty: a scenario run once per draw of a posterior ensemble
 * (`magbone sample --out posterior.json`), summarised per output and output time by the median and
 * central percentile intervals — credible bands of the model output. With `predictive`, each
 * draw's trajectory also gets measurement noise before the percentiles are taken: prediction bands.
 *
 * Noise model (predictive): per observable, an additive normal error on the natural scale with
 * SD = √(absolute² + (relative·|y|)²), y the draw's model value, independent across output times
 * and draws. An output without a noise entry gets none (its prediction band is its credible band).
 *
 * Determinism: the draws are run in order (serially, or on the worker pool of parallel.ts, which
 * puts results back in order and runs the same function); the noise is drawn afterwards in the main
 * thread from one seeded stream, one normal per draw × output × time whether or not the draw ran,
 * so the bands are the same bits for a seed and any worker count, and a failed draw does not shift
 * the noise of the others. Failed draws are counted and listed, never silently dropped, and never
 * enter the percentiles (so no NaN reaches the table).
 */
import { formatNumber } from '../simulate/display.js';
import type { Model } from '../model/model.js';
import type { Scenario } from '../simulate/scenario.js';
import { InputError, type InputIssue } from '../core/issues.js';
import { runWithParameters, outputIssues, type BatchRun, type BatchRunner } from './batch.js';
import { Rng } from './random.js';
import { quantileSorted, type Ensemble } from './evidence/coverage.js';

/** Measurement noise of one observable: SDs, absolute (in the observable's unit) and/or relative (a fraction). */
export interface NoiseSD {
  /** SD in the observable's unit. */
  absolute?: number;
  /** SD as a fraction of the value (0.1 = 10 %). */
  relative?: number;
}
/**
 * Measurement noise per observable name, added to each draw for prediction bands
 * (`ensembleSimulate` with `predictive`); an observable without an entry gets no noise. Read one
 * from a fit or posterior file with `noiseFromEnsembleFile`, derive one from studies with
 * `noiseFromStudies`, or parse the command line's form with `parseNoise`.
 */
export type NoiseModel = Record<string, NoiseSD>;

/**
 * Options of `ensembleSimulate`: the outputs to summarise, the central interval `level` (a fraction,
 * default 0.95), credible (default) or prediction bands (`predictive` with `noise`), the noise seed,
 * and how the draws run (serially, or on worker threads through `runBatch`). The bands are the same
 * bits for a seed whatever the number of workers.
 */
export interface EnsembleSimulateOptions {
  /** Outputs (observables or states) to summarise. */
  outputs: readonly string[];
  /** Central interval besides the 50 % one (default 0.95). */
  level?: number;
  /** Add measurement noise to every draw (prediction bands). */
  predictive?: boolean;
  /** Measurement noise per observable (for `predictive`). */
  noise?: NoiseModel;
  /** Seed of the noise (default 1). */
  seed?: number;
  /** Worker threads (default 1: serial); more than 1 needs `runBatch` (e.g. `runBatchParallel` of `magbone/node`). */
  workers?: number;
  /** Runs the draws' parameter sets on `workers` threads, results in input order (Node: `runBatchParallel`). */
  runBatch?: BatchRunner;
  /** Parameter values that win over every draw (the command line's --set). */
  overrides?: Record<string, number>;
  /** Called after each draw's run. */
  onDraw?: (done: number, total: number) => void;
}

/**
 * The result of `ensembleSimulate`: per output and output time the median and central percentile
 * intervals of the model output over the posterior draws (`bands[output]["p2.5"]`, …, on `time`, in
 * `units[output]`), with the number of draws, those that failed (listed with their messages, never
 * part of the percentiles), the noise model applied, the seed and wall time (`ms`). Write it with
 * `bandsToCSV`, `bandsToJSON` or `formatBands`.
 */
export interface EnsembleBands {
  /** The model's id. */
  modelId: string;
  /** The scenario's name. */
  scenario: string;
  /** The model's time unit (of `time`). */
  timeUnit: string;
  /** The summarised outputs. */
  outputs: string[];
  /** Each output's unit. */
  units: Record<string, string>;
  /** Output times (model time unit). */
  time: Float64Array;
  /** Percentiles in increasing order (e.g. 2.5, 25, 50, 75, 97.5), and their keys ("p2.5", …). */
  percentiles: number[];
  /** The percentiles' keys ("p2.5", "p50", …), in `percentiles` order. */
  keys: string[];
  /** The central interval besides the 50 % one (e.g. 0.95). */
  level: number;
  /** output → key → values over time, from the successful draws only. Empty when every draw failed. */
  bands: Record<string, Record<string, Float64Array>>;
  /** Draws in the ensemble. */
  draws: number;
  /** Draws whose run succeeded (those in the bands). */
  succeeded: number;
  /** Failed draws with their messages. */
  failures: {
    /** The draw's index. */
    draw: number;
    /** Why its run failed. */
    message: string;
  }[];
  /** Whether measurement noise was added (prediction bands). */
  predictive: boolean;
  /** The noise model applied (empty unless predictive). */
  noise: NoiseModel;
  /** Seed of the noise. */
  seed: number;
  /** Things a reader must know: outputs without noise in a predictive run, parameters the scenario changes, every draw failed. */
  notes: string[];
  /** Wall time, ms. */
  ms: number;
  /** Worker threads used (1 = serial). */
  workers: number;
}

/** "2.5" for 2.5, "25" for 25: the percentile as it appears in column names. */
export function percentileLabel(p: number): string {
  return String(Number(p.toPrecision(6)));
}

/** The percentiles of the bands: median, the quartiles, and the central interval at `level`. */
export function bandPercentiles(level: number): number[] {
  const lo = (100 * (1 - level)) / 2;
  const set = new Set([lo, 25, 50, 75, 100 - lo].map((p) => Number(p.toPrecision(6))));
  return [...set].sort((a, b) => a - b);
}

/** Checks the options against the model; throws an InputError listing every problem. */
export function checkEnsembleOptions(model: Model, ensemble: Ensemble, opts: EnsembleSimulateOptions): void {
  const issues: InputIssue[] = [...outputIssues(model, opts.outputs)];
  const level = opts.level ?? 0.95;
  if (!(level > 0 && level < 1)) issues.push({ path: ['level'], message: `${level} must be between 0 and 1 (e.g. 0.95)` });
  for (const [k, v] of Object.entries(opts.noise ?? {})) {
    if (!model.observableNames.includes(k) && !model.stateNames.includes(k)) issues.push({ path: ['noise', k], message: `not a state or output of ${model.id}` });
    if (v.absolute !== undefined && !(v.absolute >= 0 && Number.isFinite(v.absolute))) issues.push({ path: ['noise', k, 'absolute'], message: `${v.absolute} must be a finite SD ≥ 0` });
    if (v.relative !== undefined && !(v.relative >= 0 && Number.isFinite(v.relative))) issues.push({ path: ['noise', k, 'relative'], message: `${v.relative} must be a finite relative SD ≥ 0` });
  }
  for (const p of ensemble.params) if (!model.spec.parameters[p]) issues.push({ path: ['ensemble', 'params'], message: `"${p}" is not a parameter of ${model.id}` });
  if (ensemble.samples.length === 0) issues.push({ path: ['ensemble', 'samples'], message: 'no draws' });
  if (opts.seed !== undefined && !(Number.isInteger(opts.seed) && opts.seed >= 0)) issues.push({ path: ['seed'], message: `${opts.seed} must be a non-negative integer` });
  if (issues.length) throw new InputError(issues, 'ensemble');
}

/** The parameter set of each draw: the draw's values, then the overrides on top. */
function drawSets(ensemble: Ensemble, overrides: Record<string, number>): Record<string, number>[] {
  return ensemble.samples.map((s) => ({ ...Object.fromEntries(ensemble.params.map((p, k) => [p, s[k]])), ...overrides }));
}

/**
 * Runs `scenario` for every draw of a posterior `ensemble` (`magbone sample --out posterior.json`,
 * read with `readEnsemble` of magbone/node; a draw's values replace the scenario's and the model's
 * values of those parameters, `overrides` win over the draws) and summarises each output at each
 * output time by the median and central percentile intervals: credible bands of the model output.
 * With `predictive`, each draw's trajectory also gets measurement noise first (per observable an
 * additive normal error with SD = √(absolute² + (relative·|y|)²), independent across times and
 * draws): prediction bands. The noise is drawn in the main thread from one seeded stream after the
 * runs, so the bands are the same bits for a seed and any number of workers, and a failed draw
 * (counted and listed, never in the percentiles) does not shift the others' noise.
 */
export async function ensembleSimulate(model: Model, scenario: Scenario, ensemble: Ensemble, opts: EnsembleSimulateOptions): Promise<EnsembleBands> {
  checkEnsembleOptions(model, ensemble, opts);
  const t0 = performance.now();
  const outputs = [...opts.outputs];
  const level = opts.level ?? 0.95;
  const seed = opts.seed ?? 1;
  const predictive = opts.predictive === true;
  const noise = predictive ? { ...(opts.noise ?? {}) } : {};
  const sets = drawSets(ensemble, opts.overrides ?? {});
  const workers = Math.max(1, Math.min(opts.workers ?? 1, sets.length));
  let runs: BatchRun[];
  if (workers > 1) {
    if (!opts.runBatch) throw new InputError([{ path: ['workers'], message: `${workers} workers need a parallel runner (runBatch: runBatchParallel from magbone/node)` }], 'ensemble');
    runs = await opts.runBatch(model, scenario, sets, outputs, { workers, onRun: opts.onDraw });
  } else {
    runs = sets.map((p, i) => { const r = runWithParameters(model, scenario, p, outputs); opts.onDraw?.(i + 1, sets.length); return r; });
  }
  return summariseDraws(model, scenario, runs, { outputs, level, seed, predictive, noise, ms: performance.now() - t0, workers });
}

/** Bands from the runs (in draw order); shared by the serial and parallel paths. */
function summariseDraws(model: Model, scenario: Scenario, runs: readonly BatchRun[],
  o: { outputs: string[]; level: number; seed: number; predictive: boolean; noise: NoiseModel; ms: number; workers: number }): EnsembleBands {
  const failures: EnsembleBands['failures'] = [];
  let time: Float64Array | undefined;
  const good: { draw: number; values: Float64Array[] }[] = [];
  runs.forEach((r, d) => {
    if (r.ok && time && (r.time.length !== time.length || r.time.some((t, j) => t !== time![j]))) {
      failures.push({ draw: d, message: `its output times differ from the first draw's (${r.time.length} vs ${time.length} rows)` });
      return;
    }
    if (!r.ok) { failures.push({ draw: d, message: r.message }); return; }
    time ??= r.time;
    good.push({ draw: d, values: r.values });
  });
  const grid = time ?? new Float64Array(0);
  const nT = grid.length, nO = o.outputs.length, m = good.length;
  // values[j][t·m + s]: output j at time t of the s-th successful draw (noise added when predictive)
  const values = o.outputs.map(() => new Float64Array(nT * m));
  const rng = new Rng(o.seed);
  let s = 0;
  for (let d = 0; d < runs.length; d++) {
    const ok = s < m && good[s].draw === d;
    for (let j = 0; j < nO; j++) {
      const sd = o.noise[o.outputs[j]];
      for (let t = 0; t < nT; t++) {
        const z = o.predictive ? rng.normal() : 0; // drawn for every draw and output: the stream does not depend on failures
        if (!ok) continue;
        const y = good[s].values[j][t];
        values[j][t * m + s] = sd ? y + Math.hypot(sd.absolute ?? 0, (sd.relative ?? 0) * y) * z : y;
      }
    }
    if (ok) s++;
  }
  const percentiles = bandPercentiles(o.level);
  const keys = percentiles.map((p) => `p${percentileLabel(p)}`);
  const bands: EnsembleBands['bands'] = {};
  if (m > 0) {
    const scratch = new Float64Array(m);
    o.outputs.forEach((name, j) => {
      const b: Record<string, Float64Array> = Object.fromEntries(keys.map((k) => [k, new Float64Array(nT)]));
      for (let t = 0; t < nT; t++) {
        scratch.set(values[j].subarray(t * m, (t + 1) * m));
        scratch.sort();
        percentiles.forEach((p, q) => { b[keys[q]][t] = quantileSorted(scratch, p / 100); });
      }
      bands[name] = b;
    });
  }
  const notes: string[] = [];
  if (o.predictive) {
    const without = o.outputs.filter((x) => !o.noise[x]);
    if (without.length === o.outputs.length) notes.push('predictive without a noise model: the prediction bands equal the credible bands (give --noise Obs=10%,Obs2=0.05, or a "noise" block in the posterior file)');
    else if (without.length) notes.push(`no noise given for ${without.join(', ')}: their prediction bands equal their credible bands`);
  }
  const changed = scenario.changes.flatMap((c) => Object.keys(c.parameters));
  if (runs.length && changed.length) notes.push(`the scenario changes ${[...new Set(changed)].join(', ')} during the run; from then on every draw has the scenario's value`);
  if (m === 0) notes.push('every draw failed: no bands');
  const units = Object.fromEntries(o.outputs.map((x) => [x, model.spec.observables[x]?.unit ?? model.spec.states[x]?.unit ?? '']));
  return {
    modelId: model.id, scenario: scenario.name, timeUnit: model.timeUnit, outputs: o.outputs, units, time: grid,
    percentiles, keys, level: o.level, bands, draws: runs.length, succeeded: m, failures,
    predictive: o.predictive, noise: o.noise, seed: o.seed, notes, ms: o.ms, workers: o.workers,
  };
}

/**
 * Parses a noise list "Obs=10%,Obs2=0.05": a percentage is a relative SD, a bare number an
 * absolute SD in the observable's unit. Problems go to `problems`.
 */
export function parseNoise(text: string, problems: string[], label = '--noise'): NoiseModel {
  const out: NoiseModel = {};
  for (const part of text.split(',').map((x) => x.trim()).filter(Boolean)) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.+)$/.exec(part);
    if (!m) { problems.push(`${label} ${part}: expected Obs=10% (relative SD) or Obs=0.05 (absolute SD in the observable's unit)`); continue; }
    const v = noiseValue(m[2]);
    if (typeof v === 'string') problems.push(`${label} ${part}: ${v}`); else out[m[1]] = v;
  }
  return out;
}

/** "10%" → { relative: 0.1 }; 0.05 or "0.05" → { absolute: 0.05 }; { relative?, absolute? } as is. */
export function noiseValue(v: unknown): NoiseSD | string {
  if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
    const r = v as Record<string, unknown>;
    const extra = Object.keys(r).filter((k) => k !== 'relative' && k !== 'absolute');
    if (extra.length) return `unknown key(s) ${extra.join(', ')}; use relative and/or absolute`;
    for (const k of ['relative', 'absolute']) if (r[k] !== undefined && !(typeof r[k] === 'number' && Number.isFinite(r[k]) && (r[k] as number) >= 0)) return `${k}: ${JSON.stringify(r[k])} must be a number ≥ 0`;
    if (r.relative === undefined && r.absolute === undefined) return 'give relative and/or absolute';
    return { ...(r.relative !== undefined ? { relative: r.relative as number } : {}), ...(r.absolute !== undefined ? { absolute: r.absolute as number } : {}) };
  }
  const s = String(v).trim();
  const pct = s.endsWith('%');
  const x = Number(pct ? s.slice(0, -1) : s);
  if (s === '' || s === '%' || !Number.isFinite(x) || x < 0) return `"${s}" is not an SD ≥ 0 (e.g. 10% or 0.05)`;
  return pct ? { relative: x / 100 } : { absolute: x };
}

/** The `noise` block of a posterior file (if the fit recorded one): { Obs: "10%" | 0.05 | { relative, absolute } }. */
export function noiseFromEnsembleFile(data: unknown, file: string, problems: string[]): NoiseModel | undefined {
  if (typeof data !== 'object' || data === null || !('noise' in data)) return undefined;
  const block = (data as Record<string, unknown>).noise;
  if (typeof block !== 'object' || block === null || Array.isArray(block)) { problems.push(`${file}: noise: must be an object { Obs: "10%" | 0.05 | { relative, absolute } }`); return undefined; }
  const out: NoiseModel = {};
  for (const [k, v] of Object.entries(block)) {
    const parsed = noiseValue(v);
    if (typeof parsed === 'string') problems.push(`${file}: noise.${k}: ${parsed}`); else out[k] = parsed;
  }
  return out;
}

/** The band table as CSV: time, then per output each percentile column `<name>_p2.5` … `<name>_p97.5`. */
export function bandsToCSV(r: EnsembleBands, opts: { timeScale?: number; precision?: number | 'full' } = {}): string {
  const scale = opts.timeScale ?? 1;
  const f = (x: number): string => formatNumber(x, opts.precision ?? 'full');
  const outs = r.outputs.filter((o) => r.bands[o]);
  const lines = [['time', ...outs.flatMap((o) => r.keys.map((k) => `${o}_${k}`))].join(',')];
  for (let t = 0; t < r.time.length; t++) {
    const row = [f(r.time[t] / scale)];
    for (const o of outs) for (const k of r.keys) row.push(f(r.bands[o][k][t]));
    lines.push(row.join(','));
  }
  return lines.join('\n') + '\n';
}

/** Everything as JSON (`kind: "magbone-ensemble-bands"`). */
export function bandsToJSON(r: EnsembleBands, opts: { timeScale?: number; timeUnit?: string; posterior?: string } = {}): string {
  const scale = opts.timeScale ?? 1;
  return JSON.stringify({
    kind: 'magbone-ensemble-bands', model: r.modelId, scenario: r.scenario, posterior: opts.posterior,
    interval: r.predictive ? 'prediction' : 'credible', level: r.level, percentiles: r.percentiles,
    draws: r.draws, succeeded: r.succeeded, failures: r.failures, noise: r.noise, seed: r.seed, notes: r.notes,
    timeUnit: opts.timeUnit ?? r.timeUnit, time: Array.from(r.time, (t) => t / scale),
    outputs: Object.fromEntries(r.outputs.filter((o) => r.bands[o]).map((o) => [o, { unit: r.units[o], ...Object.fromEntries(r.keys.map((k) => [k, Array.from(r.bands[o][k])])) }])),
  }) + '\n';
}

/** The summary: per output, the end value's median and the central intervals; then the failed draws. */
export function formatBands(r: EnsembleBands): string {
  const kind = r.predictive ? 'prediction' : 'credible';
  const lines = [`${r.scenario} (${r.modelId}): ${r.succeeded} of ${r.draws} draws ran${r.failures.length ? ` (${r.failures.length} failed)` : ''}; ${kind} intervals`];
  const n = r.time.length;
  if (r.succeeded > 0 && n > 0) {
    const fmt = (x: number): string => { const a = Math.abs(x); return a !== 0 && (a < 1e-3 || a >= 1e6) ? x.toExponential(4) : String(Number(x.toPrecision(5))); };
    const tail = (100 * (1 - r.level)) / 2;
    const lo = `p${percentileLabel(tail)}`, hi = `p${percentileLabel(100 - tail)}`;
    const head = ['output', 'unit', 'end median', `${percentileLabel(100 * r.level)} % interval`, '50 % interval'];
    const rows = r.outputs.map((o) => {
      const b = r.bands[o];
      return [o, r.units[o] === '?' ? '' : r.units[o], fmt(b.p50[n - 1]), `[${fmt(b[lo][n - 1])}, ${fmt(b[hi][n - 1])}]`, `[${fmt(b.p25[n - 1])}, ${fmt(b.p75[n - 1])}]`];
    });
    const w = head.map((h, i) => Math.max(h.length, ...rows.map((x) => x[i].length)));
    const line = (x: string[]): string => x.map((c, i) => (i < 2 ? c.padEnd(w[i]) : c.padStart(w[i]))).join('  ');
    lines.push(line(head), ...rows.map(line));
  }
  for (const note of r.notes) lines.push(`note: ${note}`);
  if (r.failures.length) {
    lines.push(`failed draws (${r.failures.length}):`);
    for (const f of r.failures.slice(0, 10)) lines.push(`  draw ${f.draw}: ${f.message.replace(/\s*\n\s*/g, ' ')}`);
    if (r.failures.length > 10) lines.push(`  … and ${r.failures.length - 10} more (all in --out .json)`);
  }
  return lines.join('\n') + '\n';
}
