/**
 * Virtual populations: N virtual subjects, each the scenario with some parameters drawn from
 * distributions around the scenario's own values; every subject is run, and each output is
 * summarised over time by its 5th, 25th, 50th, 75th and 95th percentiles on the scenario's output
 * grid, with every subject's parameters and end values kept.
 *
 * Distributions (per varied parameter, scenario value v):
 * - `lognormal` (default) with coefficient of variation CV: x = v·exp(ω·z), z ~ N(0, 1),
 *   ω² = ln(1 + CV²). v is the median (the "typical value" of NONMEM's exp(η) convention); the mean
 *   is v·exp(ω²/2) and sd/mean = CV exactly. The sign of v is kept.
 * - `normal` with CV: x = v·(1 + CV·z) (mean v, sd CV·|v|); draws of the opposite sign to v are
 *   redrawn, so a positive quantity stays positive.
 * - `uniform` on [min, max] (absolute values, in the parameter's unit).
 * A parameter with bounds gets a truncated distribution: draws outside the bounds are redrawn
 * (counted and reported, since truncation moves the mean and CV away from the nominal ones).
 *
 * Reproducibility: one xoshiro128** stream (src/analysis/random.ts) seeded by `seed` draws the
 * parameters subject by subject, in the order the varied parameters are listed, before any run;
 * so the same seed gives the same subjects whether they are then run serially or by the worker
 * pool (`populationParallel` in parallel.ts), and the same numbers.
 *
 * Failures: a subject whose run fails numerically (or yields a non-finite output) is counted and
 * reported with its parameters and the message, and left out of the percentiles, which therefore
 * never contain NaN. Percentiles are R's type 7 (linear interpolation between order statistics,
 * as numpy's default).
 *
 * Caution: a scenario `change` that sets a varied parameter during the run overrides the
 * subject's value from that time on (the result's notes say so).
 */
import { formatBounds } from '../simulate/display.js';
import type { Model } from '../model/model.js';
import type { Scenario } from '../simulate/scenario.js';
import { InputError, didYouMean, type InputIssue, type IssuePath } from '../core/issues.js';
import { Rng, lognormalSigma } from './random.js';
import { runWithParameters, outputIssues, scenarioValue, type BatchRun } from './batch.js';

/** The distribution of a varied parameter in a population: lognormal, normal or uniform. */
export type Distribution = 'lognormal' | 'normal' | 'uniform';
export const DISTRIBUTIONS: readonly Distribution[] = ['lognormal', 'normal', 'uniform'];

/** How one parameter varies: a CV (a fraction: 0.3 = 30%) around the scenario's value, or a uniform range. */
export type VarySpec = {
  /** Log-normal (median the scenario's value) or normal (mean the scenario's value; draws of the wrong sign redrawn). */
  dist: 'lognormal' | 'normal';
  /** Coefficient of variation (SD / mean), > 0. */
  cv: number;
} | {
  /** Uniform on [min, max]. */
  dist: 'uniform';
  /** Lower end, in the parameter's unit. */
  min: number;
  /** Upper end, in the parameter's unit. */
  max: number;
};

/**
 * A virtual population: how many subjects, the seed, and how each varied parameter is drawn
 * (`VarySpec`: log-normal or normal with a CV around the scenario's value, or uniform on a range).
 * Read one from the CLI/YAML form with `parsePopulationSpec`.
 */
export interface PopulationSpec {
  /** Number of virtual subjects. */
  n: number;
  /** Seed of the random stream (an integer in [0, 2^32)). */
  seed: number;
  /** Parameter name → distribution, drawn in this order. */
  vary: Record<string, VarySpec>;
}

/** The percentiles a population is summarised by (5, 25, 50, 75, 95; R's type 7), keys `p5` … `p95`. */
export const PERCENTILES = [5, 25, 50, 75, 95] as const;
/** The keys of the population percentile bands: p5, p25, p50, p75 and p95. */
export type PercentileKey = 'p5' | 'p25' | 'p50' | 'p75' | 'p95';
export const PERCENTILE_KEYS: readonly PercentileKey[] = ['p5', 'p25', 'p50', 'p75', 'p95'];
/** One output's percentiles over time (each on the result's time grid). */
export type Bands = Record<PercentileKey, Float64Array>;

/**
 * A parameter as a population varies it: its unit, the scenario's value (median of a log-normal, mean
 * of a normal), the distribution and its CV or range, the bounds that truncate it, and how many draws
 * were redrawn for falling outside them.
 */
export interface VariedParameter {
  /** The parameter's name. */
  parameter: string;
  /** Its unit. */
  unit: string;
  /** The scenario's value (median of a log-normal, mean of a normal). */
  value: number;
  /** The distribution drawn from. */
  dist: Distribution;
  /** Coefficient of variation (a fraction) of a log-normal or normal. */
  cv?: number;
  /** Lower end of a uniform range. */
  min?: number;
  /** Upper end of a uniform range. */
  max?: number;
  /** The parameter's bounds, which truncate the distribution. */
  bounds?: [number, number];
  /** Draws that fell outside the bounds (or changed sign) and were redrawn. */
  redrawn: number;
}

/**
 * One virtual subject: its parameter values, its outputs at the end of the run (or why the run
 * failed), and, unless switched off, its trajectories on the result's time grid.
 */
export interface Subject {
  /** 0-based index in the population. */
  id: number;
  /** The subject's values of the varied parameters. */
  parameters: Record<string, number>;
  /** Output values at the end of the run (absent when the subject failed). */
  end?: Record<string, number>;
  /** Why the run failed. */
  failure?: string;
  /** Per output (in `outputs` order), on the result's time grid; successful subjects only. */
  trajectory?: Float64Array[];
}

/**
 * The result of `runPopulation` / `populationParallel`: per output the percentile bands over time
 * (`summary[output].p50`, … on `time`, model time unit, in `units[output]`), every subject, the
 * varied parameters, failures (listed, never in the percentiles), notes a reader must see, wall time
 * and workers. Write it with `populationToCSV`, `populationToJSON` or `formatPopulation`.
 */
export interface PopulationResult {
  /** The scenario's name. */
  scenario: string;
  /** The model's id. */
  modelId: string;
  /** The model's time unit (of `time`). */
  timeUnit: string;
  /** Number of subjects. */
  n: number;
  /** The seed that drew them. */
  seed: number;
  /** The varied parameters, with their distributions and redraw counts. */
  varied: VariedParameter[];
  /** The summarised outputs, in order. */
  outputs: string[];
  /** Each output's unit. */
  units: Record<string, string>;
  /** The output grid (model time units); empty when every subject failed. */
  time: Float64Array;
  /** The percentiles of `summary` (5, 25, 50, 75, 95). */
  percentiles: readonly number[];
  /** output → percentile bands over time, from the successful subjects only. */
  summary: Record<string, Bands>;
  /** Every subject: parameters, end values or failure, trajectories when kept. */
  subjects: Subject[];
  /** Number of subjects in the summary. */
  succeeded: number;
  /** Subjects whose run failed, with their parameters and the message. */
  failures: {
    /** The subject's index. */
    subject: number;
    /** Its parameter values. */
    parameters: Record<string, number>;
    /** Why its run failed. */
    message: string;
  }[];
  /** Things a reader must know (truncation, changes overriding varied parameters, all failed). */
  notes: string[];
  /** Wall time of sampling, runs and summary, ms. */
  ms: number;
  /** Worker threads used (1 = serial). */
  workers: number;
}

/**
 * Options of `runPopulation`: the outputs to summarise (states or observables), a progress callback,
 * and whether to keep each subject's trajectories (default true; false for large N).
 */
export interface PopulationOptions {
  /** States or observables to summarise. */
  outputs: readonly string[];
  /** Called after each subject's run. */
  onSubject?: (done: number, total: number) => void;
  /** Keep each subject's trajectories in the result (default true; off saves memory for large N). */
  keepTrajectories?: boolean;
}

/** Redraws allowed for one value before the distribution is declared incompatible with the bounds. */
const MAX_REDRAWS = 1000;
export const MAX_SUBJECTS = 100_000;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * A coefficient of variation: a number as a fraction (0.3) or a string with % ("30%").
 * Returns the fraction or a message. Numbers above 5 are taken for a forgotten % sign.
 */
export function parseCv(v: unknown): number | string {
  let x: number;
  if (typeof v === 'string') {
    const m = /^\s*([0-9.eE+-]+)\s*%\s*$/.exec(v);
    if (!m) return `${JSON.stringify(v)} is not a CV; give a fraction (0.3) or a percentage ("30%")`;
    x = Number(m[1]) / 100;
  } else if (typeof v === 'number') {
    if (v > 5) return `${v} is a CV of ${v * 100}%; CVs are fractions (0.3 = 30%) — did you mean "${v}%"?`;
    x = v;
  } else return `${JSON.stringify(v)} is not a CV; give a fraction (0.3) or a percentage ("30%")`;
  if (!Number.isFinite(x) || x < 0) return `${JSON.stringify(v)} must be a finite CV ≥ 0`;
  return x;
}

const SPEC_KEYS = ['n', 'seed', 'vary'];
const VARY_KEYS = ['dist', 'cv', 'min', 'max'];

/**
 * Validates a `population` block as written in JSON: `{ n, seed, vary: { NAME: { cv, dist } | { dist: "uniform", min, max } } }`.
 * Defaults: n = 100, seed = 1, dist = lognormal (uniform when min/max are given). Names are checked
 * against a model later (samplePopulation); here only the shape.
 */
export function parsePopulationSpec(input: unknown, at: IssuePath = ['population']): {
  /** The spec, when there is no issue. */
  spec?: PopulationSpec;
  /** Every problem, each with its path. */
  issues: InputIssue[];
} {
  const issues: InputIssue[] = [];
  if (!isRecord(input)) return { issues: [{ path: at, message: 'must be an object { "n": 200, "seed": 1, "vary": { "NAME": { "cv": 0.3 } } }' }] };
  for (const k of Object.keys(input)) if (!SPEC_KEYS.includes(k)) issues.push({ path: [...at, k], message: `unknown key${didYouMean(k, SPEC_KEYS)}; allowed: ${SPEC_KEYS.join(', ')}` });
  let n = 100, seed = 1;
  if (input.n !== undefined) {
    if (typeof input.n !== 'number' || !Number.isInteger(input.n) || input.n < 1 || input.n > MAX_SUBJECTS) issues.push({ path: [...at, 'n'], message: `${JSON.stringify(input.n)} must be an integer from 1 to ${MAX_SUBJECTS}` });
    else n = input.n;
  }
  if (input.seed !== undefined) {
    if (typeof input.seed !== 'number' || !Number.isInteger(input.seed) || input.seed < 0 || input.seed >= 2 ** 32) issues.push({ path: [...at, 'seed'], message: `${JSON.stringify(input.seed)} must be an integer in [0, 4294967295]` });
    else seed = input.seed;
  }
  const vary: Record<string, VarySpec> = {};
  if (input.vary === undefined) issues.push({ path: [...at, 'vary'], message: 'required: the parameters to vary, e.g. { "Mg_diet": { "cv": 0.3 } }' });
  else if (!isRecord(input.vary)) issues.push({ path: [...at, 'vary'], message: 'must be an object of parameter: { "cv": 0.3 } or { "dist": "uniform", "min": …, "max": … }' });
  else {
    if (Object.keys(input.vary).length === 0) issues.push({ path: [...at, 'vary'], message: 'vary at least one parameter' });
    for (const [name, v] of Object.entries(input.vary)) {
      const path = [...at, 'vary', name];
      const r = parseVary(v, path, issues);
      if (r) vary[name] = r;
    }
  }
  return issues.length ? { issues } : { spec: { n, seed, vary }, issues };
}

function parseVary(v: unknown, path: IssuePath, issues: InputIssue[]): VarySpec | undefined {
  if (!isRecord(v)) { issues.push({ path, message: 'must be { "cv": 0.3 } (log-normal), { "dist": "normal", "cv": 0.1 } or { "dist": "uniform", "min": …, "max": … }' }); return undefined; }
  for (const k of Object.keys(v)) if (!VARY_KEYS.includes(k)) issues.push({ path: [...path, k], message: `unknown key${didYouMean(k, VARY_KEYS)}; allowed: ${VARY_KEYS.join(', ')}` });
  const dist = v.dist ?? (v.min !== undefined || v.max !== undefined ? 'uniform' : 'lognormal');
  if (typeof dist !== 'string' || !DISTRIBUTIONS.includes(dist as Distribution)) {
    issues.push({ path: [...path, 'dist'], message: `${JSON.stringify(v.dist)} is not a distribution${typeof dist === 'string' ? didYouMean(dist, DISTRIBUTIONS) : ''}; allowed: ${DISTRIBUTIONS.join(', ')}` });
    return undefined;
  }
  if (dist === 'uniform') {
    if (v.cv !== undefined) issues.push({ path: [...path, 'cv'], message: 'a uniform distribution takes min and max, not cv' });
    let ok = true;
    for (const k of ['min', 'max'] as const) {
      if (typeof v[k] !== 'number' || !Number.isFinite(v[k])) { issues.push({ path: [...path, k], message: `required for a uniform distribution: a finite number (got ${JSON.stringify(v[k])})` }); ok = false; }
    }
    if (!ok) return undefined;
    const min = v.min as number, max = v.max as number;
    if (!(min < max)) { issues.push({ path, message: `min (${min}) must be less than max (${max})` }); return undefined; }
    return { dist, min, max };
  }
  for (const k of ['min', 'max'] as const) if (v[k] !== undefined) issues.push({ path: [...path, k], message: `a ${dist} distribution takes cv, not ${k} (use "dist": "uniform" for a range)` });
  if (v.cv === undefined) { issues.push({ path: [...path, 'cv'], message: `required for a ${dist} distribution (a fraction, e.g. 0.3, or "30%")` }); return undefined; }
  const cv = parseCv(v.cv);
  if (typeof cv === 'string') { issues.push({ path: [...path, 'cv'], message: cv }); return undefined; }
  return { dist: dist as 'lognormal' | 'normal', cv };
}

/** Checks a population spec against a model and scenario; returns the varied parameters or the issues (also used by sobol-model.ts). */
export function checkSpec(model: Model, scenario: Scenario, spec: PopulationSpec): { varied: VariedParameter[]; issues: InputIssue[] } {
  const issues: InputIssue[] = [];
  if (!Number.isInteger(spec.n) || spec.n < 1 || spec.n > MAX_SUBJECTS) issues.push({ path: ['n'], message: `${spec.n} must be an integer from 1 to ${MAX_SUBJECTS}` });
  if (!Number.isInteger(spec.seed) || spec.seed < 0 || spec.seed >= 2 ** 32) issues.push({ path: ['seed'], message: `${spec.seed} must be an integer in [0, 4294967295]` });
  const names = Object.keys(spec.vary);
  if (names.length === 0) issues.push({ path: ['vary'], message: 'vary at least one parameter' });
  const varied: VariedParameter[] = [];
  for (const name of names) {
    const path = ['vary', name];
    const ps = model.spec.parameters[name];
    if (!ps) {
      const hint = model.switchNames.includes(name) ? ` ('${name}' is a pathway switch, on or off: it cannot vary continuously)` : didYouMean(name, model.parameterNames);
      issues.push({ path, message: `not a parameter of ${model.id}${hint}` });
      continue;
    }
    const d = spec.vary[name];
    const value = scenarioValue(model, scenario, name);
    const b = ps.bounds;
    if (d.dist === 'uniform') {
      if (!(d.min < d.max)) issues.push({ path, message: `min (${d.min}) must be less than max (${d.max})` });
      if (b && (d.min < b[0] || d.max > b[1])) issues.push({ path, message: `[${d.min}, ${d.max}] is not inside the allowed range ${formatBounds(b[0], b[1])} ${ps.unit}` });
    } else {
      if (!(Number.isFinite(d.cv) && d.cv >= 0)) issues.push({ path: [...path, 'cv'], message: `${d.cv} must be a finite CV ≥ 0` });
      if (value === 0 && d.cv > 0) issues.push({ path, message: `is 0 in this scenario: a CV around 0 is always 0; use { "dist": "uniform", "min": …, "max": … }` });
    }
    varied.push({
      parameter: name, unit: ps.unit, value, dist: d.dist,
      ...(d.dist === 'uniform' ? { min: d.min, max: d.max } : { cv: d.cv }),
      ...(b ? { bounds: [b[0], b[1]] as [number, number] } : {}),
      redrawn: 0,
    });
  }
  return { varied, issues };
}

/**
 * Draws the subjects' parameters (see the file header). Throws InputError when the spec (or one of
 * `outputs`, if given) does not fit the model, or when a distribution has almost no mass inside its parameter's bounds.
 */
export function samplePopulation(model: Model, scenario: Scenario, spec: PopulationSpec, outputs?: readonly string[]): {
  /** Per subject, the drawn value of every varied parameter. */
  subjects: Record<string, number>[];
  /** The varied parameters with their scenario values and distributions. */
  varied: VariedParameter[];
} {
  const { varied, issues } = checkSpec(model, scenario, spec);
  // outputs, when given, are checked here too, so that every problem is reported at once
  if (outputs) issues.unshift(...outputIssues(model, outputs));
  if (issues.length) throw new InputError(issues, 'population');
  const rng = new Rng(spec.seed);
  const draws = varied.map((v) => {
    if (v.dist === 'uniform') { const lo = v.min!, w = v.max! - v.min!; return () => lo + w * rng.uniform(); }
    if (v.dist === 'lognormal') { const s = lognormalSigma(v.cv!); return () => v.value * Math.exp(s * rng.normal()); }
    return () => v.value * (1 + v.cv! * rng.normal());
  });
  const subjects: Record<string, number>[] = [];
  for (let i = 0; i < spec.n; i++) {
    const p: Record<string, number> = {};
    varied.forEach((v, k) => {
      for (let tries = 0; ; tries++) {
        const x = draws[k]();
        const outside = (v.bounds && (x < v.bounds[0] || x > v.bounds[1])) || (v.dist === 'normal' && x * v.value < 0);
        if (!outside) { p[v.parameter] = x; return; }
        v.redrawn++;
        if (tries >= MAX_REDRAWS) {
          const where = v.bounds ? `its bounds [${v.bounds[0]}, ${v.bounds[1]}] ${v.unit}` : `the sign of ${v.value}`;
          throw new InputError([{ path: ['vary', v.parameter], message: `${MAX_REDRAWS} draws in a row fell outside ${where}: the distribution (${describe(v)}) hardly overlaps it` }], 'population');
        }
      }
    });
    subjects.push(p);
  }
  return { subjects, varied };
}

/** "lognormal CV 30%", "uniform [1, 2]". */
export function describe(v: VariedParameter): string {
  return v.dist === 'uniform' ? `uniform [${v.min}, ${v.max}]` : `${v.dist} CV ${Number((v.cv! * 100).toPrecision(4))}% around ${Number(v.value.toPrecision(6))}`;
}

/** a < b in the order of Float64Array.prototype.sort for non-NaN values (−0 before +0). */
function before(a: number, b: number): boolean {
  return a < b || (a === 0 && b === 0 && 1 / a < 1 / b);
}

/**
 * Rearranges a[0 … m) so that a[r] holds what it would after a full sort, for every r in `ranks`
 * (ascending; NaN-free values): a multiple quickselect (Hoare partitions around a median of three,
 * recursing only into the parts that hold wanted ranks, insertion sort on short parts). The ten
 * order statistics behind five type-7 percentiles cost about 3m comparisons instead of a sort's
 * m·log2 m; `orderStatistics` uses it on short columns and on what its counting passes leave.
 */
export function selectRanks(a: Float64Array, m: number, ranks: readonly number[]): void {
  const stack: number[] = [0, m - 1, 0, ranks.length - 1];
  while (stack.length > 0) {
    const rhi = stack.pop()!, rlo = stack.pop()!, hi = stack.pop()!, lo = stack.pop()!;
    if (rlo > rhi || lo >= hi) continue;
    if (hi - lo < 16) {
      for (let i = lo + 1; i <= hi; i++) {
        const v = a[i];
        let k = i - 1;
        while (k >= lo && before(v, a[k])) { a[k + 1] = a[k]; k--; }
        a[k + 1] = v;
      }
      continue;
    }
    const mid = lo + ((hi - lo) >> 1);
    const x = a[lo], y = a[mid], z = a[hi];
    const pivot = before(x, y) ? (before(y, z) ? y : before(x, z) ? z : x) : (before(x, z) ? x : before(y, z) ? z : y);
    let i = lo - 1, j = hi + 1;
    for (;;) {
      do i++; while (before(a[i], pivot));
      do j--; while (before(pivot, a[j]));
      if (i >= j) break;
      const t = a[i]; a[i] = a[j]; a[j] = t;
    }
    // a[lo … j] ≤ pivot ≤ a[j + 1 … hi]
    let split = rlo;
    while (split <= rhi && ranks[split] <= j) split++;
    stack.push(lo, j, rlo, split - 1, j + 1, hi, split, rhi);
  }
}

/** Bins of one counting pass of `orderStatistics` (at most). */
const BINS = 4096;
/** Below this many values `orderStatistics` selects directly (selectRanks). */
const DIRECT = 2048;
/** Counting passes before `orderStatistics` falls back to selectRanks on what is left. */
const MAX_PASSES = 4;
const binCounts = new Int32Array(BINS + 1);
const binWanted = new Uint8Array(BINS + 1);

/**
 * The values of a[0 … m) at the sorted positions `ranks` (ascending, distinct; NaN-free values, in
 * the order of Float64Array.prototype.sort), into out[k] for ranks[k]; a is used as scratch. Values
 * are binned linearly between their minimum and maximum (a monotone map, so the bins are ordered),
 * counted, and only the bins holding a wanted rank are kept (compacted to the front of a), then the
 * same on what is left, and selectRanks once few values remain. Three passes of plain arithmetic
 * over the m values instead of selectRanks' partitions: N = 100,000 log-normal values (CV 30 %)
 * 0.64 ms against 2.3 ms, with 0.1 % huge outliers 1.1 ms (a second pass). Linear bins resolve
 * values spread over many orders of magnitude only pass by pass: log-normal with σ = 5 takes
 * 3.3 ms, and at worst (four passes, then selectRanks on most values) about 2.5× selectRanks.
 * Values too spread to bin (an infinity, a range that overflows) or too close (a subnormal range)
 * go to selectRanks directly; all equal (non-zero) values need no selection.
 */
export function orderStatistics(a: Float64Array, m: number, ranks: readonly number[], out: Float64Array): void {
  const local = ranks.slice();
  for (let pass = 0; pass < MAX_PASSES && m > DIRECT; pass++) {
    let lo = a[0], hi = a[0];
    for (let i = 1; i < m; i++) { const x = a[i]; if (x < lo) lo = x; else if (x > hi) hi = x; }
    if (lo === hi && lo !== 0) { for (let k = 0; k < local.length; k++) out[k] = lo; return; } // all equal (±0 mixed go on)
    const bins = Math.min(BINS, m >> 4);
    const scale = bins / (hi - lo);
    if (!(scale > 0 && scale < Infinity)) break;
    // (x − lo)·scale ∈ [0, bins·(1 + 2ε)]: its integer part is a bin in [0, bins]
    binCounts.fill(0, 0, bins + 1);
    for (let i = 0; i < m; i++) binCounts[((a[i] - lo) * scale) | 0]++;
    binWanted.fill(0, 0, bins + 1);
    // each rank's bin; its rank among the kept values is less the values of the dropped bins below
    let below = 0, dropped = 0, k = 0;
    for (let b = 0; b <= bins && k < local.length; b++) {
      const c = binCounts[b];
      if (local[k] >= below + c) { dropped += c; below += c; continue; }
      binWanted[b] = 1;
      while (k < local.length && local[k] < below + c) { local[k] -= dropped; k++; }
      below += c;
    }
    let n = 0;
    for (let i = 0; i < m; i++) { const x = a[i]; if (binWanted[((x - lo) * scale) | 0] === 1) a[n++] = x; }
    m = n;
  }
  selectRanks(a, m, local);
  for (let k = 0; k < local.length; k++) out[k] = a[local[k]];
}

/** Where R's type-7 quantile q of m sorted values reads: the ranks floor(h) and the next (as indices into `ranks`), and the weight h − floor(h). */
interface TypeSevenReads { lo: number; hi: number; w: number }

function typeSevenReads(m: number, q: number, ranks: readonly number[]): TypeSevenReads {
  const h = (m - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, m - 1);
  return { lo: ranks.indexOf(lo), hi: ranks.indexOf(hi), w: h - lo };
}

/** R's type-7 quantile from the selected order statistics: x[floor(h)] + (h − floor(h))·(x[floor(h) + 1] − x[floor(h)]). */
function typeSeven(stats: Float64Array, r: TypeSevenReads): number {
  return stats[r.lo] + r.w * (stats[r.hi] - stats[r.lo]);
}

function sameTimes(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  for (let j = 0; j < a.length; j++) if (a[j] !== b[j]) return false;
  return true;
}

/** Doubles in one block of the time-major copy that percentileBands selects in (64 MB: 100,000 subjects × 83 times). */
const BLOCK_DOUBLES = 1 << 23;
/** Subjects copied together into the block (their columns stay in cache across the block's times). */
const TILE = 256;

/**
 * The percentile bands of every output over `rows` output times, from the successful subjects'
 * columns (`good[s][j]`: subject s, output j). The values of one output are copied time-major, a
 * block of output times at a time (subject s at time t in `block[(t − t0)·m + s]`, at most
 * `blockDoubles` values): one pass over each subject's column per block instead of one look-up
 * through the subject's arrays per time and subject (what made the summary of 100,000 subjects take
 * seconds), and each time's values contiguous for the selection. The values and their order in each
 * time's slice are those of the straightforward loop, so the selected order statistics are the same.
 */
export function percentileBands(good: readonly (readonly Float64Array[])[], outputs: readonly string[], rows: number, blockDoubles = BLOCK_DOUBLES): Record<string, Bands> {
  const m = good.length;
  const summary: Record<string, Bands> = {};
  // the order statistics the percentiles read (quantileSorted: floor(h) and the next), ascending
  const ranks = [...new Set(PERCENTILES.flatMap((p) => { const lo = Math.floor((m - 1) * (p / 100)); return [lo, Math.min(lo + 1, m - 1)]; }))].sort((x, y) => x - y);
  const stats = new Float64Array(ranks.length);
  const reads = PERCENTILES.map((p) => typeSevenReads(m, p / 100, ranks));
  const perBlock = Math.max(1, Math.min(rows, Math.floor(blockDoubles / Math.max(1, m))));
  const block = new Float64Array(m === 0 ? 0 : perBlock * m);
  const tile: Float64Array[] = [];
  outputs.forEach((o, j) => {
    const bands = Object.fromEntries(PERCENTILE_KEYS.map((k) => [k, new Float64Array(rows)])) as Bands;
    const p5 = bands.p5, p25 = bands.p25, p50 = bands.p50, p75 = bands.p75, p95 = bands.p95;
    for (let t0 = 0; t0 < rows && m > 0; t0 += perBlock) {
      const t1 = Math.min(rows, t0 + perBlock);
      copyBlock(good, j, t0, t1, block, tile);
      for (let t = t0; t < t1; t++) {
        orderStatistics(block.subarray((t - t0) * m, (t - t0 + 1) * m), m, ranks, stats);
        p5[t] = typeSeven(stats, reads[0]);
        p25[t] = typeSeven(stats, reads[1]);
        p50[t] = typeSeven(stats, reads[2]);
        p75[t] = typeSeven(stats, reads[3]);
        p95[t] = typeSeven(stats, reads[4]);
      }
    }
    summary[o] = bands;
  });
  return summary;
}

/** Output j of every subject at times [t0, t1) into `block`, time-major; a tile of subjects at a time, so that the writes to each time's slice are contiguous. */
function copyBlock(good: readonly (readonly Float64Array[])[], j: number, t0: number, t1: number, block: Float64Array, tile: Float64Array[]): void {
  const m = good.length;
  for (let s0 = 0; s0 < m; s0 += TILE) {
    const s1 = Math.min(m, s0 + TILE);
    for (let s = s0; s < s1; s++) tile[s - s0] = good[s][j];
    for (let t = t0; t < t1; t++) {
      const at = (t - t0) * m;
      for (let s = s0; s < s1; s++) block[at + s] = tile[s - s0][t];
    }
  }
}

/**
 * Builds the result from the drawn subjects and their runs (in subject order). Shared by the
 * serial and the parallel paths.
 */
export function summarisePopulation(
  model: Model, scenario: Scenario, spec: PopulationSpec,
  sample: { subjects: Record<string, number>[]; varied: VariedParameter[] },
  runs: readonly BatchRun[], opts: { outputs: readonly string[]; keepTrajectories?: boolean; ms: number; workers: number },
): PopulationResult {
  const outputs = [...opts.outputs];
  const keep = opts.keepTrajectories ?? true;
  let time: Float64Array | undefined;
  const subjects: Subject[] = [];
  const failures: PopulationResult['failures'] = [];
  const good: Float64Array[][] = [];
  // the end values by assignment, unless an output is called __proto__ (an SBML id may be)
  const plainNames = !outputs.includes('__proto__');
  runs.forEach((r, i) => {
    const parameters = sample.subjects[i];
    let run = r;
    if (run.ok && time && !sameTimes(run.time, time)) {
      run = { ok: false, message: `its output times differ from the first subject's (${run.time.length} vs ${time.length} rows)` };
    }
    if (!run.ok) {
      subjects.push({ id: i, parameters, failure: run.message });
      failures.push({ subject: i, parameters, message: run.message });
      return;
    }
    time ??= run.time;
    const last = run.time.length - 1;
    let end: Record<string, number>;
    if (plainNames) {
      end = {};
      for (let j = 0; j < outputs.length; j++) end[outputs[j]] = run.values[j][last];
    } else end = Object.fromEntries(outputs.map((o, j) => [o, run.values[j][last]]));
    subjects.push(keep ? { id: i, parameters, end, trajectory: run.values } : { id: i, parameters, end });
    good.push(run.values);
  });
  const grid = time ?? new Float64Array(0);
  const summary = percentileBands(good, outputs, grid.length);
  const notes: string[] = [];
  for (const v of sample.varied) {
    if (v.redrawn > 0) notes.push(`${v.parameter}: ${v.redrawn} draw(s) outside ${v.bounds ? `its bounds [${v.bounds[0]}, ${v.bounds[1]}] ${v.unit}` : 'zero'} were redrawn (truncated ${v.dist} distribution: its mean and CV differ from the nominal ones)`);
    const c = scenario.changes.find((ch) => v.parameter in ch.parameters);
    if (c) notes.push(`${v.parameter}: the scenario sets it at t = ${c.time} ${model.timeUnit}; from then on every subject has the scenario's value`);
  }
  if (good.length === 0) notes.push('every subject failed: no summary');
  const units = Object.fromEntries(outputs.map((o) => [o, model.spec.observables[o]?.unit ?? model.spec.states[o]?.unit ?? '']));
  return {
    scenario: scenario.name, modelId: model.id, timeUnit: model.timeUnit, n: spec.n, seed: spec.seed,
    varied: sample.varied, outputs, units, time: grid, percentiles: PERCENTILES, summary, subjects,
    succeeded: good.length, failures, notes, ms: opts.ms, workers: opts.workers,
  };
}

/**
 * Runs a virtual population serially: `spec.n` subjects, each the scenario with the `spec.vary`
 * parameters drawn around the scenario's values — `lognormal` with a CV (the scenario's value is
 * the median; the default), `normal` with a CV (draws of the wrong sign redrawn) or `uniform` on
 * [min, max] (the parameter's unit); a parameter with bounds gets a truncated distribution (redraws
 * counted in `varied[i].redrawn`). Each output is summarised over time by its 5th, 25th, 50th, 75th
 * and 95th percentiles (R's type 7) on the scenario's output grid.
 *
 * Reproducible: one seeded stream draws every subject's parameters before any run, so
 * `populationParallel` (magbone/node, worker threads) gives the same numbers. A subject whose run
 * fails is listed in `failures` and left out of the percentiles (no NaN). A scenario `change` that
 * sets a varied parameter overrides the subject's value from then on (the notes say so). Throws
 * InputError listing every problem of the spec.
 *
 * @example
 * ```ts
 * import { prepareScenario, runPopulation } from 'magbone';
 * const { model, scenario } = prepareScenario({ model: 'openbonemin', duration: '1 y', output: { every: '90 d' } });
 * const pop = runPopulation(model, scenario, { n: 20, seed: 1, vary: { GFR0: { dist: 'lognormal', cv: 0.2 } } }, { outputs: ['PTHpm'] });
 * console.log(pop.succeeded, pop.summary.PTHpm.p5.at(-1), pop.summary.PTHpm.p95.at(-1)); // 90 % range at 1 y
 * ```
 */
export function runPopulation(model: Model, scenario: Scenario, spec: PopulationSpec, opts: PopulationOptions): PopulationResult {
  const t0 = performance.now();
  const sample = samplePopulation(model, scenario, spec, opts.outputs);
  const runs = sample.subjects.map((p, i) => {
    const r = runWithParameters(model, scenario, p, opts.outputs);
    opts.onSubject?.(i + 1, spec.n);
    return r;
  });
  return summarisePopulation(model, scenario, spec, sample, runs, { ...opts, ms: performance.now() - t0, workers: 1 });
}
