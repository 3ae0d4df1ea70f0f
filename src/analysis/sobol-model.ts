/**
 * Sobol analysis of a scenario (sobol.ts for the method): the varied parameters are given as in
 * virtual populations (population.ts: log-normal or normal with a CV around the scenario's value,
 * or uniform on a range; truncated to the parameter's bounds, and a normal to the value's sign) and
 * mapped from the unit cube by their inverse distribution functions, so a design point u gives
 * x = F⁻¹(F(lo) + u·(F(hi) − F(lo))) — the truncated distribution a population draws by redrawing.
 *
 * Scalar summaries of each run's outputs: `end` (value at the end), `at` (at a time, linear
 * interpolation on the output grid), `change` (end minus start of the same run: change from
 * baseline), `auc` (area under the curve over the run, trapezoidal on the output grid, in the
 * output's unit × the model's time unit). Optionally, point estimates of the indices of every
 * output at every output time ("over time").
 */
import type { Model } from '../model/model.js';
import type { Scenario } from '../simulate/scenario.js';
import { InputError, type InputIssue } from '../core/issues.js';
import type { BatchRun } from './batch.js';
import { checkSpec, describe, type PopulationSpec, type VariedParameter, type VarySpec } from './population.js';
import { lognormalSigma } from './random.js';
import { normalCdf, normalQuantile } from './normal.js';
import { saltelliDesign, saltelliPoint, saltelliRuns, sobolEstimate, sobolWithCI, convergenceSizes, SOBOL_MAX_FACTORS, type SaltelliDesign } from './sobol.js';

/**
 * How a run's output is reduced to one number for Sobol analysis: `end` (value at the end), `at`
 * (at a time), `change` (end minus start) or `auc` (trapezoidal area, output unit × model time unit).
 */
export type SummaryKind = 'end' | 'at' | 'change' | 'auc';
/** Every `SummaryKind`, in the order the docs list them. */
export const SUMMARY_KINDS: readonly SummaryKind[] = ['end', 'at', 'change', 'auc'];

/**
 * One scalar summary to analyse: an output (state or observable), how it is reduced, and for `at`
 * the time in model units.
 */
export interface SobolSummarySpec {
  /** The output (state or observable). */
  output: string;
  /** How each run's output is reduced to one number. */
  kind: SummaryKind;
  /** For `at`: the time, model units. */
  time?: number;
}

/**
 * A Sobol analysis of a scenario: base size N (runs = N·(d + 2) for d varied parameters; use a power
 * of 2), seed, the varied parameters (as in populations: `VarySpec`), the summaries to analyse,
 * bootstrap resamples (default 500) and level (default 0.95), and whether to estimate indices over
 * time too. See `sobolPlan` for the whole procedure.
 */
export interface SobolSpec {
  /** Base sample size N (rows of A and B); runs = N·(d + 2). A power of 2 keeps the Sobol points balanced. */
  n: number;
  /** Seed of the scrambled Sobol sequence (an integer in [0, 2^32)). */
  seed: number;
  /** Parameter name → distribution (as in populations), in factor order. */
  vary: Record<string, VarySpec>;
  /** The scalar summaries to analyse. */
  summaries: SobolSummarySpec[];
  /** Bootstrap resamples (default 500) and interval level (default 0.95). */
  resamples?: number;
  /** Confidence level of the bootstrap intervals (default 0.95). */
  level?: number;
  /** Also estimate the indices of every output at every output time. */
  overTime?: boolean;
}

export const MAX_SOBOL_RUNS = 2_000_000;

/** The factor's inverse CDF on the unit interval, truncated as a population draws it. */
function quantileFn(v: VariedParameter): (u: number) => number {
  if (v.dist === 'uniform') { const lo = v.min!, w = v.max! - v.min!; return (u) => lo + w * u; }
  // x = g(z), z standard normal; the allowed z interval from the bounds (and the sign, for a normal)
  const g = v.dist === 'lognormal' ? ((s) => (z: number) => v.value * Math.exp(s * z))(lognormalSigma(v.cv!)) : (z: number) => v.value * (1 + v.cv! * z);
  const ginv = v.dist === 'lognormal'
    ? (x: number) => (x / v.value > 0 ? Math.log(x / v.value) / lognormalSigma(v.cv!) : -Infinity)
    : (x: number) => (x / v.value - 1) / v.cv!;
  let zlo = -Infinity, zhi = Infinity;
  if (v.dist === 'normal' && v.cv! > 0) zlo = -1 / v.cv!;
  if (v.bounds && v.cv! > 0) {
    let a = ginv(v.bounds[0]), b = ginv(v.bounds[1]);
    if (v.value < 0) [a, b] = [b, a];
    if (Number.isNaN(a)) a = -Infinity;
    if (Number.isNaN(b)) b = Infinity;
    zlo = Math.max(zlo, a); zhi = Math.min(zhi, b);
  }
  const plo = normalCdf(zlo), phi = normalCdf(zhi);
  return (u) => g(normalQuantile(plo + u * (phi - plo)));
}

/**
 * A Sobol analysis ready to run (`sobolPlan`): the varied parameters, the Saltelli design and the
 * parameter set of every run, in run order.
 */
export interface SobolPlan {
  /** The varied parameters with their distributions, in index order. */
  factors: VariedParameter[];
  /** The Saltelli design (unit-cube points) the sets are mapped from. */
  design: SaltelliDesign;
  /** Parameter set of every run, in run order. */
  sets: Record<string, number>[];
}

/**
 * Plans a Sobol (variance-based) sensitivity analysis of a scenario: checks the spec against the
 * model and draws the Saltelli design, N·(d + 2) parameter sets for d varied parameters (distributions
 * as in populations, mapped from the unit cube through their truncated inverse CDFs). Run the sets
 * (`runWithParameters` in a loop, or `runBatch` of magbone/node on worker threads), then
 * `sobolResult` gives first-order (S1: variance explained by a parameter alone) and total (ST: with
 * its interactions) indices of each summary (`end`, `at`, `change`, `auc`) with bootstrap intervals
 * and a convergence table. Use N a power of 2, 512 or more for stable indices (the example's 64 is
 * only to be quick); `morris` screens many parameters more cheaply first. Throws InputError listing
 * every problem. Method and references: docs/scale.md.
 *
 * @example
 * ```ts
 * import { prepareScenario, sobolPlan, runWithParameters, sobolResult } from 'magbone';
 * const { model, scenario } = prepareScenario({ model: 'openbonemin', duration: '90 d', output: { every: '30 d' } });
 * const spec = {
 *   n: 64, seed: 1, summaries: [{ output: 'PTHpm', kind: 'end' }],
 *   vary: { GFR0: { dist: 'lognormal', cv: 0.2 }, T16: { dist: 'lognormal', cv: 0.2 } },
 * };
 * const plan = sobolPlan(model, scenario, spec);
 * const runs = plan.sets.map((p) => runWithParameters(model, scenario, p, ['PTHpm']));
 * const result = sobolResult(model, scenario, spec, plan, runs);
 * const { S1, ST } = result.indices[0];
 * console.log(result.factors.map((f) => f.parameter), S1, ST); // GFR0 carries most of the variance of PTH
 * ```
 */
export function sobolPlan(model: Model, scenario: Scenario, spec: SobolSpec): SobolPlan {
  const pop: PopulationSpec = { n: 1, seed: spec.seed, vary: spec.vary };
  const { varied, issues } = checkSpec(model, scenario, pop);
  const d = varied.length;
  if (d > SOBOL_MAX_FACTORS) issues.push({ path: ['vary'], message: `${d} parameters: at most ${SOBOL_MAX_FACTORS}` });
  if (!(Number.isInteger(spec.n) && spec.n >= 8)) issues.push({ path: ['n'], message: `${spec.n} must be an integer ≥ 8 (a power of 2: 512, 1024, 2048 …)` });
  else if (saltelliRuns(d, spec.n) > MAX_SOBOL_RUNS) issues.push({ path: ['n'], message: `N·(d + 2) = ${saltelliRuns(d, spec.n)} runs: at most ${MAX_SOBOL_RUNS}` });
  if (!(Number.isInteger(spec.seed) && spec.seed >= 0 && spec.seed < 2 ** 32)) issues.push({ path: ['seed'], message: `${spec.seed} must be an integer in [0, 4294967295]` });
  for (const v of varied) if (v.dist !== 'uniform' && v.cv === 0) issues.push({ path: ['vary', v.parameter], message: 'a CV of 0 does not vary the parameter' });
  if (issues.length) throw new InputError(issues, 'sobol');
  const design = saltelliDesign(d, spec.n, spec.seed);
  const q = varied.map(quantileFn);
  const u = new Float64Array(d);
  const sets: Record<string, number>[] = [];
  for (let r = 0; r < saltelliRuns(d, spec.n); r++) {
    saltelliPoint(design, r, u);
    const p: Record<string, number> = {};
    varied.forEach((v, i) => { p[v.parameter] = q[i](u[i]); });
    sets.push(p);
  }
  return { factors: varied, design, sets };
}

/**
 * The Sobol indices of one summary: its label and unit, mean and variance over the design, and per
 * factor (in the result's factor order) S1 and ST with their confidence intervals.
 */
export interface SobolIndices {
  /** The summary's label: "BMD_ls" (end), "PTH@720h" (at, model time unit), "change(BMD_ls)", "auc(PTH)". */
  label: string;
  /** The output summarised. */
  output: string;
  /** How it was summarised. */
  kind: SummaryKind;
  /** For `at`: the time (model units). */
  time?: number;
  /** The summary's unit (the output's; × time unit for auc). */
  unit: string;
  /** Mean of the summary over every successful run of the design. */
  mean: number;
  /** Its variance over the A and B runs (the denominator of the indices). */
  variance: number;
  /** First-order indices per factor (factors order): the share of the variance a factor explains alone. */
  S1: number[];
  /** Lower ends of the S1 intervals. */
  S1lo: number[];
  /** Upper ends of the S1 intervals. */
  S1hi: number[];
  /** Total indices per factor: the share including every interaction of the factor. */
  ST: number[];
  /** Lower ends of the ST intervals. */
  STlo: number[];
  /** Upper ends of the ST intervals. */
  SThi: number[];
}

/**
 * The result of `sobolResult`: the factors, the indices of every summary with intervals, the
 * convergence of the indices as N grows (first N' rows), indices over time when asked, failed runs
 * (whose design rows are left out: `rowsUsed`), and notes.
 */
export interface SobolResult {
  /** The scenario's name. */
  scenario: string;
  /** The model's id. */
  modelId: string;
  /** The model's time unit. */
  timeUnit: string;
  /** Base sample size N. */
  n: number;
  /** The design's seed. */
  seed: number;
  /** Confidence level of the intervals. */
  level: number;
  /** Bootstrap resamples. */
  resamples: number;
  /** Runs in the design, N·(d + 2). */
  runs: number;
  /** Runs that failed (their rows are left out). */
  failedRuns: number;
  /** Rows of the design with every run successful (the estimators use these). */
  rowsUsed: number;
  /** The varied parameters with unit, distribution and bounds, in index order. */
  factors: {
    /** The parameter's name. */
    parameter: string;
    /** Its unit. */
    unit: string;
    /** Its distribution, as the spec gives it (the population syntax). */
    distribution: string;
    /** Truncation bounds of the distribution, in the parameter's unit, when it has them. */
    bounds?: [number, number];
  }[];
  /** The indices of every summary. */
  indices: SobolIndices[];
  /** Indices vs N' (first N' rows), with interval widths. */
  convergence: {
    /** The base sample size N' of this step. */
    n: number;
    /** Rows of the first N' with every run successful. */
    rows: number;
    /** Per summary: its estimates at this N'. */
    indices: {
      /** The summary's label (e.g. "Mg_serum", "Mg_serum@30d", "auc(PTH)"). */
      label: string;
      /** First-order indices, per factor. */
      S1: number[];
      /** Total indices, per factor. */
      ST: number[];
      /** The widest confidence interval of S1 and ST over the factors. */
      widestInterval: number;
    }[];
  }[];
  /** Point estimates over time per output (factors × times), when asked. */
  overTime?: {
    /** The times (model time unit). */
    time: number[];
    /** output → its indices over time. */
    outputs: Record<string, {
      /** First-order indices, factor × time. */
      S1: number[][];
      /** Total indices, factor × time. */
      ST: number[][];
    }>;
  };
  /** The failed runs with their parameters and messages. */
  failures: {
    /** Index of the run in the design. */
    run: number;
    /** Its parameter set. */
    parameters: Record<string, number>;
    /** Why it failed. */
    message: string;
  }[];
  /** Things a reader must know: N not a power of 2, failed runs and their rows, a summary without variance, a varied parameter the scenario changes. */
  notes: string[];
}

export function summaryLabel(s: SobolSummarySpec, timeUnit: string): string {
  return s.kind === 'end' ? s.output : s.kind === 'at' ? `${s.output}@${Number(s.time!.toPrecision(6))}${timeUnit}` : `${s.kind}(${s.output})`;
}

function summaryValue(s: SobolSummarySpec, time: Float64Array, v: Float64Array): number {
  const L = v.length;
  if (s.kind === 'end') return v[L - 1];
  if (s.kind === 'change') return v[L - 1] - v[0];
  if (s.kind === 'auc') { let a = 0; for (let i = 1; i < L; i++) a += 0.5 * (v[i] + v[i - 1]) * (time[i] - time[i - 1]); return a; }
  const t = s.time!;
  if (t <= time[0]) return v[0];
  if (t >= time[L - 1]) return v[L - 1];
  let i = 1;
  while (time[i] < t) i++;
  const w = (t - time[i - 1]) / (time[i] - time[i - 1]);
  return v[i - 1] + w * (v[i] - v[i - 1]);
}

/** Checks the summaries (outputs, `at` times inside the run); returns the issues. */
export function summaryIssues(model: Model, scenario: Scenario, summaries: readonly SobolSummarySpec[]): InputIssue[] {
  const issues: InputIssue[] = [];
  const known = new Set([...model.observableNames, ...model.stateNames]);
  summaries.forEach((s, k) => {
    if (!known.has(s.output)) issues.push({ path: ['outputs', k], message: `${s.output}: not a state or output of ${model.id}` });
    if (s.kind === 'at' && !(s.time! >= 0 && s.time! <= scenario.duration)) issues.push({ path: ['outputs', k], message: `${s.output}: at ${s.time} ${model.timeUnit} is outside the run (0 … ${scenario.duration} ${model.timeUnit})` });
  });
  if (summaries.length === 0) issues.push({ path: ['outputs'], message: 'give at least one output' });
  return issues;
}

/** The distinct outputs the runs must return, in first-use order. */
export function runOutputs(summaries: readonly SobolSummarySpec[]): string[] {
  return [...new Set(summaries.map((s) => s.output))];
}

/** Indices, intervals, convergence and (optionally) indices over time from the runs (in run order). */
export function sobolResult(model: Model, scenario: Scenario, spec: SobolSpec, plan: SobolPlan, runs: readonly BatchRun[]): SobolResult {
  const d = plan.factors.length, n = spec.n;
  const outputs = runOutputs(spec.summaries);
  const resamples = spec.resamples ?? 500, level = spec.level ?? 0.95;
  const failures: SobolResult['failures'] = [];
  const ys = spec.summaries.map(() => new Float64Array(runs.length));
  let grid: Float64Array | undefined;
  runs.forEach((r, k) => {
    if (r.ok && grid && (r.time.length !== grid.length || r.time.some((t, i) => t !== grid![i]))) r = { ok: false, message: `its output times differ from the first run's (${r.time.length} vs ${grid.length} rows)` };
    if (!r.ok) {
      failures.push({ run: k, parameters: plan.sets[k], message: r.message });
      for (const y of ys) y[k] = NaN;
      return;
    }
    grid ??= r.time;
    spec.summaries.forEach((s, j) => { ys[j][k] = summaryValue(s, r.time, (r as { values: Float64Array[] }).values[outputs.indexOf(s.output)]); });
  });
  const unitOf = (o: string) => model.spec.observables[o]?.unit ?? model.spec.states[o]?.unit ?? '';
  const arr = (a: Float64Array) => Array.from(a);
  const indices: SobolIndices[] = spec.summaries.map((s, j) => {
    const e = sobolWithCI(ys[j], d, { resamples, level, seed: spec.seed + 1 });
    let m = 0, c = 0;
    for (const y of ys[j]) if (!Number.isNaN(y)) { m += y; c++; }
    const u = unitOf(s.output);
    return {
      label: summaryLabel(s, model.timeUnit), output: s.output, kind: s.kind, ...(s.kind === 'at' ? { time: s.time } : {}),
      unit: s.kind === 'auc' ? `${u}·${model.timeUnit}` : u, mean: m / c, variance: e.variance,
      S1: arr(e.S1), S1lo: arr(e.S1lo), S1hi: arr(e.S1hi), ST: arr(e.ST), STlo: arr(e.STlo), SThi: arr(e.SThi),
    };
  });
  const convergence = convergenceSizes(n).map((m) => {
    const per = spec.summaries.map((s, j) => {
      const e = sobolWithCI(ys[j], d, { rows: m, resamples: Math.min(resamples, 200), level, seed: spec.seed + 1 });
      let widest = 0;
      for (let i = 0; i < d; i++) widest = Math.max(widest, e.S1hi[i] - e.S1lo[i], e.SThi[i] - e.STlo[i]);
      return { label: summaryLabel(s, model.timeUnit), S1: arr(e.S1), ST: arr(e.ST), widestInterval: widest, rows: e.rows };
    });
    return { n: m, rows: per[0]?.rows ?? 0, indices: per.map(({ rows: _r, ...x }) => x) };
  });
  let overTime: SobolResult['overTime'];
  if (spec.overTime && grid) {
    const T = grid.length;
    const y = new Float64Array(runs.length);
    overTime = { time: Array.from(grid), outputs: {} };
    outputs.forEach((o, j) => {
      const S1 = Array.from({ length: d }, () => new Array<number>(T)), ST = Array.from({ length: d }, () => new Array<number>(T));
      for (let t = 0; t < T; t++) {
        runs.forEach((r, k) => { y[k] = r.ok && !Number.isNaN(ys[0][k]) ? r.values[j][t] : NaN; });
        const e = sobolEstimate(y, d);
        for (let i = 0; i < d; i++) { S1[i][t] = e.S1[i]; ST[i][t] = e.ST[i]; }
      }
      overTime!.outputs[o] = { S1, ST };
    });
  }
  const rowsUsed = sobolEstimate(ys[0] ?? new Float64Array(0), d).rows;
  const notes: string[] = [];
  if ((n & (n - 1)) !== 0) notes.push(`N = ${n} is not a power of 2: the Sobol points are balanced only in blocks of 2^m; prefer 512, 1024, 2048 …`);
  if (failures.length) notes.push(`${failures.length} of ${runs.length} runs failed: their ${n - rowsUsed} design rows are left out of every estimate`);
  for (const ix of indices) if (!(ix.variance > 0)) notes.push(`${ix.label}: no variance over the design (the varied parameters do not change it): indices undefined`);
  for (const v of plan.factors) {
    const c = scenario.changes.find((ch) => v.parameter in ch.parameters);
    if (c) notes.push(`${v.parameter}: the scenario sets it at t = ${c.time} ${model.timeUnit}; from then on every run has the scenario's value`);
  }
  return {
    scenario: scenario.name, modelId: model.id, timeUnit: model.timeUnit, n, seed: spec.seed, level, resamples,
    runs: runs.length, failedRuns: failures.length, rowsUsed,
    factors: plan.factors.map((v) => ({ parameter: v.parameter, unit: v.unit, distribution: describe(v), ...(v.bounds ? { bounds: v.bounds } : {}) })),
    indices, convergence, ...(overTime ? { overTime } : {}), failures: failures.slice(0, 100), notes,
  };
}
