/**
 * Morris elementary-effects screening: which of many parameters matter for an output over a range
 * of values (not just at one point, as local sensitivity), and which act non-linearly or through
 * interactions — at r·(k+1) runs for k parameters.
 *
 * References: M. D. Morris, "Factorial sampling plans for preliminary computational experiments",
 * Technometrics 33(2):161–174, 1991 (trajectories on a p-level grid, elementary effects, μ and σ);
 * F. Campolongo, J. Cariboni, A. Saltelli, "An effective screening design for sensitivity analysis
 * of large models", Environ. Model. Softw. 22(10):1509–1518, 2007 (μ*, the mean of |EE|, which
 * does not let effects of opposite signs cancel).
 *
 * Method. Each parameter x_i is mapped to u_i ∈ [0, 1] over its range [lo_i, hi_i] (linearly, or
 * in log space, then u is the fraction of the log range), and u_i takes p levels {0, 1/(p−1), …, 1}
 * (p even). A trajectory starts from a random grid point and changes the k parameters one at a
 * time, in random order and direction, each by Δ = p/(2(p−1)) (2/3 for p = 4); each step gives an
 * elementary effect EE_i = [y(u + Δ·e_i) − y(u)]/Δ, in units of y per whole range of x_i. Over r
 * trajectories: μ* = mean |EE_i| (overall importance; rank by it), μ = mean EE_i (sign, when
 * monotonic), σ = standard deviation of EE_i (n−1; non-linearity or interactions: σ = 0 for a
 * parameter acting linearly and additively).
 *
 * Ranges for a model (`morris`): by default x·[1/1.5, 1.5] around the scenario's value x (±50% in
 * log space, i.e. a factor 1.5 either way), clipped to the parameter's bounds; `useBounds` takes
 * the parameter's bounds as its range where it has them (often wide physical limits); explicit
 * `ranges` win. Ranges within (0, ∞) or (−∞, 0) are sampled in log space, others linearly.
 *
 * Failures: a failed run (numerical, or a non-finite output) loses the elementary effects on its
 * two sides; statistics use the remaining ones (their count `n` is reported with each parameter),
 * and the parameters whose two half-ranges differ most in failure rate are named. Moving every
 * parameter at once can cross limits a model does not declare (a fraction above 1, a term that must
 * stay positive): `checkRanges` first runs each range end alone and pulls failing ends toward the
 * value (2k more runs).
 * Seeded (xoshiro128**): the same seed gives the same design and the same numbers, serial or
 * parallel (`morrisParallel` in parallel.ts).
 */
import { formatBounds, humanTime } from '../simulate/display.js';
import type { Model } from '../model/model.js';
import type { Scenario } from '../simulate/scenario.js';
import { InputError, didYouMean, type InputIssue } from '../core/issues.js';
import { Rng } from './random.js';
import { runWithParameters, outputIssues, scenarioValue, type BatchRun } from './batch.js';

/**
 * One factor of a Morris design: a parameter and its range [lo, hi] (the parameter's unit), with its
 * levels spaced in log space or linearly.
 */
export interface MorrisFactor {
  /** The parameter's name. */
  name: string;
  /** Lower end of the range (the parameter's unit). */
  lo: number;
  /** Upper end of the range. */
  hi: number;
  /** Levels spaced in log space (requires lo and hi of the same sign, non-zero). */
  log: boolean;
}

/** A Morris elementary-effects design: factors k, trajectories r, levels and the sampled points. */
export interface MorrisDesign {
  /** Number of factors. */
  k: number;
  /** Number of trajectories. */
  r: number;
  /** Grid levels p per factor (even). */
  levels: number;
  /** The step Δ = p/(2(p − 1)) in unit coordinates. */
  delta: number;
  /** r·(k+1) points in unit coordinates, trajectory by trajectory. */
  points: Float64Array[];
  /** Per trajectory: the factor changed at step j (length k). */
  order: Int32Array[];
  /** Per trajectory and factor: +1 (up by Δ) or −1. */
  sign: Int8Array[];
  /** Trajectories drawn again because a point was infeasible (with a feasibility test). */
  resampled: number;
  /** Trajectories kept although still infeasible after the maximum number of draws. */
  infeasible: number;
}

/**
 * Elementary-effect statistics of one factor per output: μ* (mean |EE|, the importance to rank by),
 * μ (mean EE, its sign), σ (SD of EE: non-linearity or interactions) and the number of effects used,
 * in units of the output per whole range of the factor.
 */
export interface FactorStats {
  /** The factor's name. */
  name: string;
  /** Per output: mean |EE|, mean EE, sd of EE, number of EEs used. */
  muStar: Record<string, number>;
  /** Per output: mean EE. */
  mu: Record<string, number>;
  /** Per output: SD of EE (n − 1). */
  sigma: Record<string, number>;
  /** Per output: number of EEs used. */
  n: Record<string, number>;
}

/** Draws of one trajectory before an infeasible one is kept (with a feasibility test). */
export const MAX_TRAJECTORY_DRAWS = 200;

/**
 * The design: r trajectories of k+1 points on the p-level grid (p even), from the seeded stream.
 * With `feasible` (a test of a point in unit coordinates), a trajectory with an infeasible point is
 * drawn again, up to MAX_TRAJECTORY_DRAWS times: the screening then covers the part of the box where
 * the model is defined (its bounds and constraints hold), as a rejection sampler does, instead of
 * losing every elementary effect that touches a point outside it.
 */
export function morrisDesign(k: number, r: number, levels: number, rng: Rng, feasible?: (u: Float64Array) => boolean): MorrisDesign {
  const delta = levels / (2 * (levels - 1));
  // grid levels j/(p−1) from which a step of +Δ stays inside [0, 1]
  const starts = Math.round((1 - delta) * (levels - 1)) + 1;
  const points: Float64Array[] = [], order: Int32Array[] = [], sign: Int8Array[] = [];
  let resampled = 0, infeasible = 0;
  for (let t = 0; t < r; t++) {
    for (let draw = 1; ; draw++) {
      const u = new Float64Array(k);
      const s = new Int8Array(k);
      for (let i = 0; i < k; i++) {
        const base = rng.int(starts) / (levels - 1);
        s[i] = rng.uniform() < 0.5 ? 1 : -1;
        u[i] = s[i] > 0 ? base : Math.round((base + delta) * (levels - 1)) / (levels - 1);
      }
      const perm = rng.permutation(k);
      const traj = [u.slice()];
      for (let j = 0; j < k; j++) {
        const i = perm[j];
        u[i] += s[i] * delta;
        // snap to the grid: repeated additions of Δ must land exactly on its levels
        u[i] = Math.round(u[i] * (levels - 1)) / (levels - 1);
        traj.push(u.slice());
      }
      if (feasible && !traj.every(feasible)) {
        if (draw < MAX_TRAJECTORY_DRAWS) continue;
        infeasible++; // kept as drawn last: its infeasible points fail as runs
      }
      if (draw > 1) resampled++;
      points.push(...traj);
      order.push(perm);
      sign.push(s);
      break;
    }
  }
  return { k, r, levels, delta, points, order, sign, resampled, infeasible };
}

/** Parameter values of a unit-coordinate point. */
export function factorValues(factors: readonly MorrisFactor[], u: Float64Array): Float64Array {
  const x = new Float64Array(factors.length);
  factors.forEach((f, i) => {
    if (f.log) {
      const sg = f.lo < 0 ? -1 : 1;
      const a = Math.log(Math.abs(f.lo)), b = Math.log(Math.abs(f.hi));
      x[i] = u[i] === 0 ? f.lo : u[i] === 1 ? f.hi : sg * Math.exp(a + u[i] * (b - a));
    } else x[i] = u[i] === 0 ? f.lo : u[i] === 1 ? f.hi : f.lo + u[i] * (f.hi - f.lo);
  });
  return x;
}

/**
 * μ*, μ, σ per factor and output from the outputs at the design's points (`y[i]` undefined for a
 * failed run).
 */
export function morrisStats(design: MorrisDesign, names: readonly string[], outputs: readonly string[], y: readonly (ArrayLike<number> | undefined)[]): FactorStats[] {
  const { k, r, delta } = design;
  const ee = outputs.map(() => Array.from({ length: k }, () => [] as number[]));
  for (let t = 0; t < r; t++) {
    for (let j = 0; j < k; j++) {
      const a = y[t * (k + 1) + j], b = y[t * (k + 1) + j + 1];
      if (!a || !b) continue;
      const i = design.order[t][j];
      const step = design.sign[t][i] * delta;
      outputs.forEach((_, o) => {
        const e = (b[o] - a[o]) / step;
        if (Number.isFinite(e)) ee[o][i].push(e);
      });
    }
  }
  return names.map((name, i) => {
    const s: FactorStats = { name, muStar: {}, mu: {}, sigma: {}, n: {} };
    outputs.forEach((o, q) => {
      const e = ee[q][i];
      const n = e.length;
      let sum = 0, abs = 0;
      for (const v of e) { sum += v; abs += Math.abs(v); }
      const mu = n ? sum / n : NaN;
      let ss = 0;
      for (const v of e) ss += (v - mu) * (v - mu);
      s.muStar[o] = n ? abs / n : NaN;
      s.mu[o] = mu;
      s.sigma[o] = n > 1 ? Math.sqrt(ss / (n - 1)) : NaN;
      s.n[o] = n;
    });
    return s;
  });
}

/** Options of a Morris screen: trajectories, levels, seed and a per-run callback. */
export interface ScreenOptions {
  /** Trajectories (default 10). */
  r?: number;
  /** Grid levels p, even (default 4). */
  levels?: number;
  /** Seed of the design (default 1): the same seed gives the same trajectories. */
  seed?: number;
  /** Called after each run, for progress bars. */
  onRun?: (done: number, total: number) => void;
}

function checkDesign(opts: ScreenOptions, issues: InputIssue[]): { r: number; levels: number; seed: number } {
  const r = opts.r ?? 10, levels = opts.levels ?? 4, seed = opts.seed ?? 1;
  if (!Number.isInteger(r) || r < 2 || r > 10_000) issues.push({ path: ['r'], message: `${r} must be an integer from 2 to 10000 (trajectories)` });
  if (!Number.isInteger(levels) || levels < 2 || levels % 2 !== 0 || levels > 100) issues.push({ path: ['levels'], message: `${levels} must be an even integer from 2 to 100 (Δ = p/(2(p−1)) is then on the grid)` });
  if (!Number.isInteger(seed) || seed < 0 || seed >= 2 ** 32) issues.push({ path: ['seed'], message: `${seed} must be an integer in [0, 4294967295]` });
  return { r, levels, seed };
}

/**
 * Morris screening of a plain function f(x) → outputs (x in factor order, actual values); f may
 * return undefined or throw for a failed evaluation. The engine of `morris`, exposed for tests
 * and for uses outside the models.
 */
export function morrisScreen(
  f: (x: Float64Array) => ArrayLike<number> | undefined, factors: readonly MorrisFactor[], outputs: readonly string[], opts: ScreenOptions = {},
): {
  /** The design that was run. */
  design: MorrisDesign;
  /** Per factor, the elementary-effect statistics. */
  stats: FactorStats[];
  /** Number of failed evaluations (undefined or thrown). */
  failed: number;
} {
  const issues: InputIssue[] = [];
  const d = checkDesign(opts, issues);
  issues.push(...factorIssues(factors));
  if (issues.length) throw new InputError(issues, 'Morris design');
  const design = morrisDesign(factors.length, d.r, d.levels, new Rng(d.seed));
  let failed = 0;
  const y = design.points.map((u, i) => {
    let v: ArrayLike<number> | undefined;
    try { v = f(factorValues(factors, u)); } catch { v = undefined; }
    if (!v) failed++;
    opts.onRun?.(i + 1, design.points.length);
    return v;
  });
  return { design, stats: morrisStats(design, factors.map((x) => x.name), outputs, y), failed };
}

function factorIssues(factors: readonly MorrisFactor[]): InputIssue[] {
  const issues: InputIssue[] = [];
  if (factors.length === 0) issues.push({ path: ['parameters'], message: 'no parameter to screen' });
  for (const f of factors) {
    if (!(Number.isFinite(f.lo) && Number.isFinite(f.hi) && f.lo < f.hi)) issues.push({ path: ['parameters', f.name], message: `range [${f.lo}, ${f.hi}] must have lo < hi, both finite` });
    else if (f.log && !(f.lo * f.hi > 0)) issues.push({ path: ['parameters', f.name], message: `a log-spaced range [${f.lo}, ${f.hi}] must not contain 0` });
  }
  return issues;
}

/**
 * Options of `morris`: the outputs, when to read them (model time units, default the end), the
 * parameters to screen and their ranges (explicit, the spread around the scenario's value, or the
 * parameters' bounds), range pre-checks and resampling of infeasible trajectories, plus the design's
 * trajectories, levels and seed (`ScreenOptions`).
 */
export interface MorrisOptions extends ScreenOptions {
  /** Outputs (states or observables) to screen for. */
  outputs: readonly string[];
  /** Time (model units) at which outputs are read; default the end of the scenario. */
  at?: number;
  /** Parameters to screen; default every parameter whose scenario value is not 0 (and whose range is not a point). */
  parameters?: readonly string[];
  /** Explicit ranges [lo, hi] (parameter units), winning over the defaults. */
  ranges?: Record<string, readonly [number, number]>;
  /** Relative spread of the default range: x·[1/(1+s), 1+s] (default 0.5). */
  spread?: number;
  /** Use the parameter's bounds as its range where they are finite (others: the spread around the value). */
  useBounds?: boolean;
  /**
   * Before the design, run each range end alone (2k runs); an end that fails is pulled halfway
   * toward the scenario's value, up to 4 times, and a parameter whose end still fails is left out
   * (both reported in `adjusted`). Catches single parameters crossing a limit of the model (a
   * fraction above 1, a term that must stay positive), not failing combinations.
   */
  checkRanges?: boolean;
  /**
   * Draw a trajectory again when one of its points lies outside the model's domain (a bound or a
   * constraint of the spec does not hold, or the parameters leave the model undefined at t = 0;
   * checked without running). Default true; false keeps the plain design, whose runs there fail.
   */
  resample?: boolean;
  /** A plan made beforehand (morrisPlan, then perhaps checkRanges) to run as it is; the options above are then not read again. */
  plan?: MorrisPlan;
  /** Called once the plan is known, after the unperturbed run, before the design runs. */
  onPlan?: (plan: { k: number; r: number; runs: number; baseMs: number }) => void;
}

/**
 * One screened parameter: its unit, scenario value and range (with log or linear spacing) and the
 * per-output statistics μ*, μ, σ and n of its elementary effects (units of the output per whole
 * range).
 */
export interface MorrisParameter {
  /** The parameter's name. */
  parameter: string;
  /** Its unit. */
  unit: string;
  /** The scenario's value. */
  value: number;
  /** Lower end of its range (its unit). */
  lo: number;
  /** Upper end of its range. */
  hi: number;
  /** Whether the levels are spaced in log space or linearly. */
  scale: 'log' | 'linear';
  /** Per output: mean |elementary effect| (output unit per whole range): the importance. */
  muStar: Record<string, number>;
  /** Per output: mean elementary effect (its sign when monotonic). */
  mu: Record<string, number>;
  /** Per output: SD of the elementary effects (non-linearity or interactions). */
  sigma: Record<string, number>;
  /** Per output: the number of elementary effects used (fewer when runs failed). */
  n: Record<string, number>;
}

/**
 * The result of `morris`: per parameter its elementary-effect statistics, per output the ranking by
 * μ*, the base values (the scale of μ*), the design (r, levels, Δ, seed, runs), failed runs with the
 * parameters most associated with failures, and the parameters skipped or with ranges adjusted.
 * Print it with `formatMorris`.
 */
export interface MorrisResult {
  /** The scenario's name. */
  scenario: string;
  /** The model's id. */
  modelId: string;
  /** The model's time unit. */
  timeUnit: string;
  /** When the outputs were read (model time units). */
  time: number;
  /** The screened outputs. */
  outputs: string[];
  /** Each output's unit. */
  units: Record<string, string>;
  /** Outputs of the unperturbed scenario (for the scale of μ*). */
  base: Record<string, number>;
  /** Trajectories in the design. */
  r: number;
  /** Grid levels p per parameter. */
  levels: number;
  /** The step Δ = p/(2(p − 1)) in unit coordinates. */
  delta: number;
  /** The design's seed. */
  seed: number;
  /** Runs of the design, r·(k + 1) (the unperturbed run and range checks not counted). */
  runs: number;
  /** Per screened parameter: its range and the statistics of its elementary effects. */
  parameters: MorrisParameter[];
  /** output → parameter names by decreasing μ*. */
  ranking: Record<string, string[]>;
  /** Failed runs with their messages. */
  failures: {
    /** Index of the run in the design. */
    run: number;
    /** Why it failed. */
    message: string;
  }[];
  /**
   * When runs failed: the parameters whose upper and lower half-ranges differ most in failure rate
   * (a hint at which ranges to narrow; empty when nothing failed).
   */
  failureSuspects: {
    /** The parameter. */
    parameter: string;
    /** Fraction of the runs with the parameter in the lower half of its range that failed. */
    failRateLow: number;
    /** Fraction of the runs with the parameter in the upper half of its range that failed. */
    failRateHigh: number;
  }[];
  /** Parameters left out of the default list (value 0, or a range reduced to a point by bounds). */
  skipped: {
    /** The parameter left out. */
    parameter: string;
    /** Why. */
    reason: string;
  }[];
  /** Range ends moved (or parameters left out: `to` undefined) by `checkRanges`, with the failure seen. */
  adjusted: RangeAdjustment[];
  /** Trajectories drawn again to stay inside the model's domain, and those kept outside it after MAX_TRAJECTORY_DRAWS draws. */
  resampled: number;
  /** Trajectories kept outside the model's domain after MAX_TRAJECTORY_DRAWS draws (their runs may fail). */
  infeasible: number;
  /** Wall time, ms. */
  ms: number;
  /** Worker threads used (1 = serial). */
  workers: number;
}

/** A Morris factor range moved because the model failed at the original bound: parameter, side, old and new bound, and why. */
export interface RangeAdjustment {
  /** The parameter whose range was changed. */
  parameter: string;
  /** Which end moved: `lo` or `hi`. */
  side: 'lo' | 'hi';
  /** The original end (the parameter's unit). */
  from: number;
  /** The new end; undefined when the parameter was left out. */
  to?: number;
  /** The failure seen at the original end. */
  message: string;
}

/** A Morris screen planned on a scenario: the factors, their parameters with units and nominal values, and the design. */
export interface MorrisPlan {
  /** The factors to screen, in design order. */
  factors: MorrisFactor[];
  /** Per factor: the parameter, its unit and its value in the scenario. */
  params: {
    /** The parameter's name. */
    parameter: string;
    /** Its unit. */
    unit: string;
    /** Its value in the scenario (the nominal value). */
    value: number;
  }[];
  /** Parameters left out of the default list, with the reason. */
  skipped: {
    /** The parameter left out. */
    parameter: string;
    /** Why. */
    reason: string;
  }[];
  /** The outputs to screen. */
  outputs: string[];
  /** When the outputs are read (model time units). */
  at: number;
  /** Number of trajectories. */
  r: number;
  /** Grid levels p per factor. */
  levels: number;
  /** The design's seed. */
  seed: number;
  /** Runs of the design, r·(k + 1). */
  runs: number;
  /** The scenario cut at `at`, with its only output time there. */
  scenarioAt: Scenario;
  /** Range ends moved by `checkRanges` (empty until the ranges are checked). */
  adjusted: RangeAdjustment[];
}

/** Validates the options against the model and builds the factors and their ranges; no runs. Throws InputError. */
export function morrisPlan(model: Model, scenario: Scenario, opts: MorrisOptions): MorrisPlan {
  const issues: InputIssue[] = [...outputIssues(model, opts.outputs)];
  const d = checkDesign(opts, issues);
  const at = opts.at ?? scenario.duration;
  if (!(at > 0 && at <= scenario.duration)) issues.push({ path: ['at'], message: `${at} must be in (0, ${scenario.duration}] ${model.timeUnit}` });
  const spread = opts.spread ?? 0.5;
  if (!(spread > 0 && Number.isFinite(spread))) issues.push({ path: ['spread'], message: `${spread} must be > 0 (0.5: a factor 1.5 either way)` });
  const explicit = opts.parameters !== undefined;
  const names = [...(opts.parameters ?? model.parameterNames)];
  for (const k of Object.keys(opts.ranges ?? {})) if (!names.includes(k)) names.push(k);
  const factors: MorrisFactor[] = [];
  const params: MorrisPlan['params'] = [];
  const skipped: MorrisPlan['skipped'] = [];
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) { issues.push({ path: ['parameters', name], message: 'listed twice' }); continue; }
    seen.add(name);
    const ps = model.spec.parameters[name];
    if (!ps) {
      const hint = model.switchNames.includes(name) ? ` ('${name}' is a pathway switch, not a parameter)` : didYouMean(name, model.parameterNames);
      issues.push({ path: ['parameters', name], message: `not a parameter of ${model.id}${hint}` });
      continue;
    }
    const v = scenarioValue(model, scenario, name);
    const b = ps.bounds;
    const given = opts.ranges?.[name];
    let lo: number, hi: number;
    if (given) {
      [lo, hi] = given;
      if (!(Number.isFinite(lo) && Number.isFinite(hi) && lo < hi)) { issues.push({ path: ['ranges', name], message: `[${lo}, ${hi}] must have lo < hi` }); continue; }
      if (b && (lo < b[0] || hi > b[1])) { issues.push({ path: ['ranges', name], message: `[${lo}, ${hi}] is not inside the allowed range ${formatBounds(b[0], b[1])} ${ps.unit}` }); continue; }
    } else if (opts.useBounds && b && Number.isFinite(b[0]) && Number.isFinite(b[1]) && b[0] > Number.MIN_VALUE) {
      // only finite bounds make a range; (0, ∞)-type limits fall back to the spread around the value
      [lo, hi] = b;
    } else {
      if (v === 0) {
        if (explicit) issues.push({ path: ['parameters', name], message: 'is 0 in this scenario: a relative range around it is empty; give a range (NAME=LO:HI)' });
        else skipped.push({ parameter: name, reason: 'value 0' });
        continue;
      }
      const f = 1 + spread;
      lo = v > 0 ? v / f : v * f;
      hi = v > 0 ? v * f : v / f;
      if (b) { lo = Math.max(lo, b[0]); hi = Math.min(hi, b[1]); }
    }
    if (!(lo < hi)) {
      if (explicit) issues.push({ path: ['parameters', name], message: `its range is a single point (${lo}; bounds [${b?.[0]}, ${b?.[1]}])` });
      else skipped.push({ parameter: name, reason: `range is a point (${lo})` });
      continue;
    }
    factors.push({ name, lo, hi, log: lo * hi > 0 });
    params.push({ parameter: name, unit: ps.unit, value: v });
  }
  if (factors.length === 0 && issues.length === 0) issues.push({ path: ['parameters'], message: 'no parameter to screen' });
  if (issues.length) throw new InputError(issues, 'Morris screening');
  const scenarioAt: Scenario = { ...scenario, outputTimes: Float64Array.of(at), duration: at };
  return { factors, params, skipped, outputs: [...opts.outputs], at, ...d, runs: d.r * (factors.length + 1), scenarioAt, adjusted: [] };
}

/** See MorrisOptions.checkRanges. Runs serially (2k runs, more for failing ends); returns the adjusted plan. */
export function checkRanges(model: Model, plan: MorrisPlan, onRun?: (done: number, total: number) => void): MorrisPlan {
  const factors: MorrisFactor[] = [], params: MorrisPlan['params'] = [], adjusted: RangeAdjustment[] = [], skipped = [...plan.skipped];
  const total = 2 * plan.factors.length;
  let done = 0;
  const fails = (name: string, x: number): string | undefined => {
    const r = runWithParameters(model, plan.scenarioAt, { [name]: x }, plan.outputs);
    return r.ok ? undefined : r.message;
  };
  plan.factors.forEach((f, i) => {
    const v = plan.params[i].value;
    const ends = { lo: f.lo, hi: f.hi };
    let keep = true;
    for (const side of ['lo', 'hi'] as const) {
      const from = ends[side];
      const message = fails(f.name, from);
      onRun?.(++done, total);
      if (!message) continue;
      let x = from, ok = false;
      for (let k = 0; k < 4 && !ok; k++) {
        x = f.log && v * x > 0 ? Math.sign(v) * Math.sqrt(v * x) : (v + x) / 2;
        ok = fails(f.name, x) === undefined;
      }
      if (ok) { ends[side] = x; adjusted.push({ parameter: f.name, side, from, to: x, message }); }
      else { keep = false; adjusted.push({ parameter: f.name, side, from, message }); skipped.push({ parameter: f.name, reason: `fails alone near its value (${message.slice(0, 60)}…)` }); break; }
    }
    if (keep && ends.lo < ends.hi) { factors.push({ ...f, lo: ends.lo, hi: ends.hi }); params.push(plan.params[i]); }
  });
  if (factors.length === 0) throw new InputError([{ path: ['parameters'], message: 'every parameter fails alone at its range ends' }], 'Morris screening');
  return { ...plan, factors, params, skipped, adjusted, runs: plan.r * (factors.length + 1) };
}

/** The parameter records of the design's runs. */
export function designRuns(plan: MorrisPlan, design: MorrisDesign): Record<string, number>[] {
  return design.points.map((u) => {
    const x = factorValues(plan.factors, u);
    return Object.fromEntries(plan.factors.map((f, i) => [f.name, x[i]]));
  });
}

/** The result from a plan, its design and the runs (shared by the serial and the parallel paths). */
export function morrisResult(model: Model, scenario: Scenario, plan: MorrisPlan, design: MorrisDesign, base: Record<string, number>, runs: readonly BatchRun[], ms: number, workers: number): MorrisResult {
  const failures: MorrisResult['failures'] = [];
  const y = runs.map((r, i) => {
    if (!r.ok) { failures.push({ run: i, message: r.message }); return undefined; }
    return r.values.map((v) => v[v.length - 1]);
  });
  const stats = morrisStats(design, plan.factors.map((f) => f.name), plan.outputs, y);
  const parameters: MorrisParameter[] = stats.map((s, i) => ({
    ...plan.params[i], lo: plan.factors[i].lo, hi: plan.factors[i].hi, scale: plan.factors[i].log ? 'log' : 'linear',
    muStar: s.muStar, mu: s.mu, sigma: s.sigma, n: s.n,
  }));
  const ranking = Object.fromEntries(plan.outputs.map((o) => [o,
    [...parameters].sort((a, b) => (Number.isFinite(b.muStar[o]) ? b.muStar[o] : -1) - (Number.isFinite(a.muStar[o]) ? a.muStar[o] : -1)).map((p) => p.parameter)]));
  const units = Object.fromEntries(plan.outputs.map((o) => [o, model.spec.observables[o]?.unit ?? model.spec.states[o]?.unit ?? '']));
  return {
    scenario: scenario.name, modelId: model.id, timeUnit: model.timeUnit, time: plan.at, outputs: plan.outputs, units, base,
    r: plan.r, levels: plan.levels, delta: design.delta, seed: plan.seed, runs: runs.length, parameters, ranking, failures,
    failureSuspects: failures.length ? failureSuspects(plan, design, runs) : [], skipped: plan.skipped, adjusted: plan.adjusted,
    resampled: design.resampled, infeasible: design.infeasible, ms, workers,
  };
}

/**
 * Failure rate of the runs with each parameter in the lower vs the upper half of its range; the
 * parameters where they differ by more than 10 points, most different first (at most 8). No extra
 * runs: a parameter whose range crosses a limit of the model (a fraction above 1, a term that must
 * stay positive) shows as failing at one end only.
 */
function failureSuspects(plan: MorrisPlan, design: MorrisDesign, runs: readonly BatchRun[]): MorrisResult['failureSuspects'] {
  return plan.factors.map((f, i) => {
    let lo = 0, loFail = 0, hi = 0, hiFail = 0;
    design.points.forEach((u, j) => {
      if (u[i] < 0.5) { lo++; if (!runs[j].ok) loFail++; } else { hi++; if (!runs[j].ok) hiFail++; }
    });
    return { parameter: f.name, failRateLow: lo ? loFail / lo : 0, failRateHigh: hi ? hiFail / hi : 0 };
  }).filter((x) => Math.abs(x.failRateHigh - x.failRateLow) > 0.1)
    .sort((a, b) => Math.abs(b.failRateHigh - b.failRateLow) - Math.abs(a.failRateHigh - a.failRateLow))
    .slice(0, 8);
}

/** The unperturbed run at the plan's time; throws if it fails (nothing to screen around). */
export function baseRun(model: Model, plan: MorrisPlan): {
  /** The outputs of the unperturbed scenario at `plan.at`. */
  base: Record<string, number>;
  /** Its wall time, ms. */
  ms: number;
} {
  const t0 = performance.now();
  const r = runWithParameters(model, plan.scenarioAt, {}, plan.outputs);
  const ms = performance.now() - t0;
  if (!r.ok) throw new Error(`the unperturbed scenario failed: ${r.message}`);
  return { base: Object.fromEntries(plan.outputs.map((o, j) => [o, r.values[j][r.values[j].length - 1]])), ms };
}

/**
 * The design of a plan: with `resample` (default), trajectories are kept inside the model's domain,
 * tested by Model.with (bounds, constraints, finite at t = 0) on the scenario's parameters and
 * switches with the point's values, without a run.
 */
export function planDesign(model: Model, plan: MorrisPlan, resample = true): MorrisDesign {
  const sc = plan.scenarioAt;
  const feasible = (u: Float64Array): boolean => {
    const x = factorValues(plan.factors, u);
    const parameters: Record<string, number> = { ...sc.parameters };
    plan.factors.forEach((f, i) => { parameters[f.name] = x[i]; });
    try { model.with({ parameters, switches: sc.switches }); return true; } catch { return false; }
  };
  return morrisDesign(plan.factors.length, plan.r, plan.levels, new Rng(plan.seed), resample ? feasible : undefined);
}

/**
 * Morris elementary-effects screening of a scenario's parameters (serial; `morrisParallel` of
 * magbone/node on worker threads, same numbers): which of many parameters matter for an output over
 * a range of values, and which act non-linearly or through interactions, at r·(k + 1) runs for k
 * parameters (Morris 1991; μ* of Campolongo et al. 2007). Per parameter and output: μ* (mean
 * |elementary effect|, rank by it), μ (mean, its sign) and σ (SD: non-linearity or interactions), in
 * units of the output per whole range of the parameter. Ranges default to x·[1/1.5, 1.5] around
 * the scenario's value (clipped to the bounds; log-spaced when they exclude 0); `useBounds` or
 * explicit `ranges` change that. A failed run loses the effects on both its sides; `checkRanges`
 * pulls failing range ends toward the value first. Seeded: the same seed gives the same design.
 * Use it before `sobolPlan` to pick the few parameters worth a variance-based analysis.
 */
export function morris(model: Model, scenario: Scenario, opts: MorrisOptions): MorrisResult {
  const t0 = performance.now();
  let plan = opts.plan ?? morrisPlan(model, scenario, opts);
  const { base, ms } = baseRun(model, plan);
  if (opts.checkRanges && !opts.plan) plan = checkRanges(model, plan);
  opts.onPlan?.({ k: plan.factors.length, r: plan.r, runs: plan.runs, baseMs: ms });
  const design = planDesign(model, plan, opts.resample ?? true);
  const runs = designRuns(plan, design).map((p, i) => {
    const r = runWithParameters(model, plan.scenarioAt, p, plan.outputs);
    opts.onRun?.(i + 1, plan.runs);
    return r;
  });
  return morrisResult(model, scenario, plan, design, base, runs, performance.now() - t0, 1);
}

const f3 = (x: number): string => (Number.isFinite(x) ? Number(x.toPrecision(3)).toString() : '–');

/** Markdown: per output, the `top` parameters by μ*, with μ, σ and σ/μ*. */
export function formatMorris(r: MorrisResult, top = 20): string {
  const lines = [`Morris screening of '${r.scenario}' at t = ${humanTime(r.time, r.timeUnit)}: ${r.parameters.length} parameters, r = ${r.r} trajectories, p = ${r.levels} levels (Δ = ${f3(r.delta)}), seed ${r.seed}; ${r.runs} runs, ${r.failures.length} failed`,
    'μ* = mean |elementary effect| (change of the output over a parameter\'s whole range); σ > 0: non-linear or interacting.'];
  for (const o of r.outputs) {
    const unit = r.units[o] && r.units[o] !== '?' ? ` ${r.units[o]}` : '';
    lines.push('', `### ${o} = ${f3(r.base[o])}${unit}`, '', '| rank | parameter | range | μ* | μ | σ | σ/μ* |', '|---|---|---|---|---|---|---|');
    const byName = new Map(r.parameters.map((p) => [p.parameter, p]));
    r.ranking[o].slice(0, top).forEach((name, i) => {
      const p = byName.get(name)!;
      const ratio = p.muStar[o] > 0 ? p.sigma[o] / p.muStar[o] : NaN;
      lines.push(`| ${i + 1} | ${name} | ${f3(p.lo)}–${f3(p.hi)}${p.unit && p.unit !== '1' ? ` ${p.unit}` : ''}${p.scale === 'log' ? ' (log)' : ''} | ${f3(p.muStar[o])} | ${f3(p.mu[o])} | ${f3(p.sigma[o])} | ${f3(ratio)} |`);
    });
  }
  if (r.failures.length) {
    const pct = (x: number): string => `${Math.round(100 * x)}%`;
    lines.push('', `Failed runs: ${r.failures.length} of ${r.runs} (${pct(r.failures.length / r.runs)}); each loses the elementary effects on its two sides (n per parameter in the JSON). First: #${r.failures[0].run} ${r.failures[0].message}`);
    if (r.failureSuspects.length) {
      lines.push(`Runs fail most with these parameters in one half of their range: ${r.failureSuspects.map((x) => `${x.parameter} (${x.failRateHigh > x.failRateLow ? 'high' : 'low'}: ${pct(Math.max(x.failRateHigh, x.failRateLow))} vs ${pct(Math.min(x.failRateHigh, x.failRateLow))})`).join(', ')}`
        + ' — narrow their ranges (NAME=LO:HI), lower the spread, or leave them out.');
    }
  }
  if (r.resampled || r.infeasible) {
    lines.push('', `${r.resampled} of ${r.r} trajectories were redrawn so that every point lies where the model is defined (its bounds and constraints hold)`
      + (r.infeasible ? `; ${r.infeasible} found no such draw in ${MAX_TRAJECTORY_DRAWS} and were kept as they are` : '') + '.');
  }
  const moved = r.adjusted.filter((a) => a.to !== undefined);
  if (moved.length) lines.push('', `Range ends that failed alone, moved toward the value: ${moved.map((a) => `${a.parameter} ${a.side} ${f3(a.from)} → ${f3(a.to!)}`).join(', ')}`);
  if (r.skipped.length) lines.push('', `Not screened: ${r.skipped.map((s) => `${s.parameter} (${s.reason})`).join(', ')}`);
  return lines.join('\n') + '\n';
}
