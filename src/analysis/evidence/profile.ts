/**
 * Profile likelihood (Raue et al., "Structural and practical identifiability analysis of partially
 * observed dynamical models by exploiting the profile likelihood", Bioinformatics 25:1923, 2009).
 *
 * The objective F = ½‖r‖² is the negative log-likelihood up to a constant, so the likelihood-ratio
 * confidence interval of θ_k at level α is {θ_k : PL(θ_k) − F* ≤ Δ_α}, Δ_α = χ²₁(α)/2 (1.92 at 95 %),
 * PL(θ_k) = min over the other parameters of F. Each side is walked from the optimum with θ_k held
 * and the others re-optimised from the previous point (warm starts); the step adapts so that each
 * point raises the profile by about Δ_α/5 (×½…×2 per step, capped by `maxStep`). A side ends when
 * the profile rises above Δ_α (the crossing is then refined by up to two extra re-optimisations at
 * points interpolated on √(2·ΔF), which is linear in θ_k for a quadratic profile, and finally
 * interpolated the same way), at a bound, after `maxPoints` points, or when re-optimisation fails
 * (after three halvings of the step).
 *
 * Classification: `structurally non-identifiable` when the profile is flat (max |ΔF| < 1e-3·Δ_α over
 * the walked range) or JᵀJ at the optimum is singular in a direction with a component ≥ 0.1 along
 * θ_k (fit.ts) — then even a closed interval is closed only by other parameters' bounds (a valley
 * a·b = const ends where a meets its bound); otherwise `identifiable` when both sides cross Δ_α, and
 * `practically non-identifiable` when a side stays open (a bound or the point limit reached while
 * the profile still rises).
 */
import type { LeastSquaresObjective } from './objective.js';
import { leastSquares, type LsqOptions, type LsqStatus } from './lsq.js';
import { chiSquare1Quantile } from './stats.js';
import { covarianceAt, type FitResult } from './fit.js';
import { serialRunner, type TaskRunner } from './tasks.js';

/** The input of profiling one parameter in one direction from the optimum. */
export interface ProfileSideTask {
  /** The optimum (θ) and its cost. */
  theta: Float64Array;
  /** The cost ½‖r‖² at the optimum. */
  cost: number;
  /** Index k of the profiled parameter in `obj.params`. */
  index: number;
  /** Which way to walk θ_k: +1 up, −1 down. */
  direction: 1 | -1;
  /** The rise Δ_α above the optimum's cost at which the side ends (χ²₁(α)/2). */
  threshold: number;
  /** The first step in θ_k (log scale). */
  step0: number;
  /** The largest step in θ_k (log scale). */
  maxStep: number;
  /** The most points on this side. */
  maxPoints: number;
  /** Options of the re-optimisation of the other parameters at each point. */
  lsq: LsqOptions;
}

/**
 * One point of a profile likelihood: the profiled parameter held at θ_k = `t` (ln p), the minimum
 * of ½‖r‖² over the others (`cost`), its rise `delta` above the optimum, the re-optimised θ and the
 * status of that re-optimisation.
 */
export interface ProfilePoint {
  /** θ_k, the profiled parameter on log scale. */
  t: number;
  /** min over the others of ½‖r‖², and its rise above the optimum. */
  cost: number;
  /** cost minus the optimum's cost. */
  delta: number;
  /** The full θ at this point (the others re-optimised). */
  theta: number[];
  /** The re-optimisation's least-squares status. */
  status: LsqStatus;
}

/** Why one side of a profile stopped: the threshold was reached, a bound, the point limit, or a failed fit. */
export type SideEnd = 'threshold' | 'bound' | 'maxPoints' | 'failed';

/** One side of a likelihood profile: its points and why it ended (threshold, bound, point limit or failure). */
export interface ProfileSide {
  /** The points walked, from the optimum outwards. */
  points: ProfilePoint[];
  /** Why the side ended: `threshold` (crossed Δ_α), `bound`, `maxPoints` or `failed` (re-optimisation failed). */
  end: SideEnd;
  /** θ_k where the profile crosses the threshold (end 'threshold' only). */
  crossing?: number;
  /** How the side ended, in words. */
  message: string;
}

const LOW = 0.2; // each point aims to raise the profile by LOW·Δ

/** Walks one side of one parameter's profile (see the file header). */
export function profileSide(obj: LeastSquaresObjective, task: ProfileSideTask): ProfileSide {
  const { index: k, direction: dir, threshold, cost: c0, lsq } = task;
  const n = obj.params.length;
  const fixed = new Array<boolean>(n).fill(false);
  fixed[k] = true;
  const bound = dir > 0 ? obj.upper[k] : obj.lower[k];
  const points: ProfilePoint[] = [];
  const solve = (t: number, from: ArrayLike<number>): ProfilePoint | undefined => {
    const x0 = Float64Array.from(from);
    x0[k] = t;
    const r = leastSquares(obj, x0, { ...lsq, fixed });
    if (r.status === 'failed' || !Number.isFinite(r.cost)) return undefined;
    const pt = { t, cost: r.cost, delta: r.cost - c0, theta: Array.from(r.theta), status: r.status };
    points.push(pt);
    return pt;
  };
  let prev: ProfilePoint = { t: task.theta[k], cost: c0, delta: 0, theta: Array.from(task.theta), status: 'gtol' };
  let h = task.step0, retries = 0;
  if (dir * (bound - prev.t) <= 0) return { points, end: 'bound', message: 'the optimum is at the bound' };
  while (points.length < task.maxPoints) {
    let t = prev.t + dir * h;
    const atBound = dir * (t - bound) >= 0;
    if (atBound) t = bound;
    const cur = solve(t, prev.theta);
    if (!cur) {
      if (++retries > 3) return { points, end: 'failed', message: `re-optimisation failed near θ=${t.toPrecision(6)}` };
      h = Math.abs(t - prev.t) / 2; // strictly inside the bound when the bound itself failed
      continue;
    }
    retries = 0;
    if (cur.delta >= threshold) {
      return { points, end: 'threshold', crossing: refineCrossing(prev, cur, threshold, solve), message: 'crossed the threshold' };
    }
    if (atBound) return { points, end: 'bound', message: 'reached the bound below the threshold' };
    const incr = cur.delta - prev.delta;
    const factor = incr > 0 ? Math.min(2, Math.max(0.5, Math.sqrt((LOW * threshold) / incr))) : 2;
    h = Math.min(h * factor, task.maxStep);
    prev = cur;
  }
  return { points, end: 'maxPoints', message: `stopped after ${task.maxPoints} points below the threshold` };
}

/** √(2·max(ΔF, 0)): linear in θ_k where the profile is quadratic. */
const root = (d: number): number => Math.sqrt(2 * Math.max(d, 0));

function interpolate(a: ProfilePoint, b: ProfilePoint, threshold: number): number {
  const ra = root(a.delta), rb = root(b.delta), rt = root(threshold);
  if (!(rb > ra)) return b.t;
  return a.t + ((rt - ra) / (rb - ra)) * (b.t - a.t);
}

function refineCrossing(a: ProfilePoint, b: ProfilePoint, threshold: number, solve: (t: number, from: ArrayLike<number>) => ProfilePoint | undefined): number {
  for (let i = 0; i < 2; i++) {
    if (Math.abs(b.delta - threshold) <= 0.02 * threshold) return b.t;
    const t = interpolate(a, b, threshold);
    const c = solve(t, a.theta);
    if (!c) break;
    if (c.delta >= threshold) b = c; else a = c;
    if (Math.abs(c.delta - threshold) <= 0.02 * threshold) return c.t;
  }
  return interpolate(a, b, threshold);
}

/**
 * How well the data determine a parameter, from its profile (Raue et al. 2009): `identifiable`
 * (both sides of the profile cross the threshold: a closed confidence interval),
 * `practically non-identifiable` (a side stays open within the bounds or the point limit) or
 * `structurally non-identifiable` (a flat profile, or JᵀJ singular along the parameter).
 */
export type Identifiability = 'identifiable' | 'practically non-identifiable' | 'structurally non-identifiable';

/**
 * The profile of one parameter: its estimate (θ = ln p and p), the likelihood-ratio confidence
 * interval on θ and on p (null where a side stays open), the classification, how each side ended
 * and the walked points, sorted by θ_k, the optimum included.
 */
export interface ParameterProfile {
  /** The parameter's name. */
  param: string;
  /** Its index in θ. */
  index: number;
  /** Estimate on log scale and natural scale. */
  theta: number;
  /** The estimate p = exp(θ), in the parameter's unit. */
  value: number;
  /** Confidence interval on θ (null: open on that side) and on the natural scale. */
  ci: [number | null, number | null];
  /** The interval on the natural scale (null: open on that side). */
  ciValues: [number | null, number | null];
  /** Identifiable, practically or structurally non-identifiable. */
  classification: Identifiability;
  /** How the lower side ended (threshold crossed, bound, point limit, failure). */
  lowerEnd: SideEnd;
  /** How the upper side ended. */
  upperEnd: SideEnd;
  /** max |ΔF| over the walked points. */
  maxDelta: number;
  /** The points of both sides, by θ_k, the optimum included. */
  points: ProfilePoint[];
}

/**
 * Options of `profileLikelihood`: the confidence `level` (default 0.95: threshold χ²₁(0.95)/2 = 1.92),
 * the points per side (default 40), the least-squares settings of each re-optimisation, the rank
 * tolerance (default 1e-8) and where the sides run (`serialRunner` or `workerRunner`).
 */
export interface ProfileOptions {
  /** Confidence level of the intervals (default 0.95). */
  level?: number;
  /** Points per side at most (default 40). */
  maxPoints?: number;
  /** Least-squares settings of each re-optimisation. */
  lsq?: LsqOptions;
  /** Relative eigenvalue below which JᵀJ counts as singular (default 1e-8). */
  rankTol?: number;
  /** Where the sides run (default serially in this thread). */
  runner?: TaskRunner;
  /** Called after each profile side. */
  onSide?: (done: number, total: number) => void;
}

/**
 * The result of `profileLikelihood`: the level and its threshold on ΔF, the optimum's cost, one
 * `ParameterProfile` per profiled parameter, warnings (e.g. a better optimum met on the way: refit)
 * and the settings used.
 */
export interface ProfileResult {
  /** The confidence level. */
  level: number;
  /** The rise of ½‖r‖² that bounds the interval, χ²₁(level)/2. */
  threshold: number;
  /** ½‖r‖² at the fit's optimum. */
  cost: number;
  /** One profile per profiled parameter, in request order. */
  profiles: ParameterProfile[];
  /** Things to act on (e.g. a lower cost found along a profile: refit from there). */
  warnings: string[];
  /** The settings used. */
  settings: {
    /** Confidence level α of the intervals. */
    level: number;
    /** The most points per side. */
    maxPoints: number;
    /** Options of the re-optimisations. */
    lsq: LsqOptions;
    /** Relative eigenvalue below which JᵀJ at the optimum counts as singular. */
    rankTol: number;
  };
}

/**
 * Profile likelihoods of the parameters `names` (default all) around a fit's optimum (Raue et al.,
 * Bioinformatics 25:1923, 2009): for each θ_k = ln p_k, PL(θ_k) = the minimum of F = ½‖r‖² over the
 * other parameters, walked from the optimum to both sides (warm-started re-optimisations, steps
 * adapted to raise the profile by about Δ/5) until it rises above Δ = χ²₁(level)/2 (1.92 at 95 %),
 * meets a bound, reaches `maxPoints`, or re-optimisation fails. The likelihood-ratio confidence
 * interval is where the profile stays below Δ; each parameter is classified `identifiable`,
 * `practically non-identifiable` (a side stays open) or `structurally non-identifiable` (a flat
 * profile, or JᵀJ singular along it).
 *
 * When to use: after `fitMultiStart`, for confidence intervals that do not assume a quadratic
 * likelihood and to find parameters the data cannot determine. Cost: up to 2·maxPoints
 * re-optimisations per parameter (the sides run on `runner` in parallel). A better optimum found on
 * the way is reported in `warnings` (refit from it).
 *
 * @example
 * ```ts
 * import { fitMultiStart, profileLikelihood } from 'magbone';
 * // y = a·b observed at two times: only the product is determined, so a and b are not identifiable
 * const objective = {
 *   params: ['a', 'b'], lower: Float64Array.of(-3, -3), upper: Float64Array.of(3, 3), nResiduals: 2, labels: ['y1', 'y2'],
 *   evaluate: (theta) => { const ab = Math.exp(theta[0] + theta[1]); return { r: Float64Array.of((ab - 2) / 0.1, (ab - 2.1) / 0.1) }; },
 * };
 * const fit = await fitMultiStart(objective, [0, 0], { starts: 2 });
 * const prof = await profileLikelihood(objective, fit, ['a'], { maxPoints: 10 });
 * console.log(prof.profiles[0].classification); // 'structurally non-identifiable'
 * ```
 */
export async function profileLikelihood(obj: LeastSquaresObjective, fit: Pick<FitResult, 'theta' | 'cost'>, names?: readonly string[], opts: ProfileOptions = {}): Promise<ProfileResult> {
  const level = opts.level ?? 0.95;
  const threshold = chiSquare1Quantile(level) / 2;
  const maxPoints = opts.maxPoints ?? 40;
  const lsq = opts.lsq ?? {};
  const rankTol = opts.rankTol ?? 1e-8;
  const theta = Float64Array.from(fit.theta);
  const indices = (names ?? obj.params).map((p) => obj.params.indexOf(p));
  const cov = covarianceAt(obj, theta, rankTol);
  const tasks: ProfileSideTask[] = [];
  for (const k of indices) {
    const range = obj.upper[k] - obj.lower[k];
    const se = cov?.se[k] ?? Infinity;
    const maxStep = Number.isFinite(range) ? range / 4 : 1;
    // about five steps to the threshold of a quadratic profile, σ·√(2Δ)
    const step0 = Math.min(maxStep, Number.isFinite(se) && se > 0 ? (se * Math.sqrt(2 * threshold)) / 5 : Number.isFinite(range) ? range / 50 : 0.1);
    for (const direction of [-1, 1] as const) tasks.push({ theta, cost: fit.cost, index: k, direction, threshold, step0, maxStep, maxPoints, lsq });
  }
  const runner = opts.runner ?? serialRunner(obj);
  const sides = await runner.run('profile', tasks, opts.onSide);
  const warnings: string[] = [];
  const profiles = indices.map((k, j): ParameterProfile => {
    const lo = sides[2 * j], hi = sides[2 * j + 1];
    const centre: ProfilePoint = { t: theta[k], cost: fit.cost, delta: 0, theta: Array.from(theta), status: 'gtol' };
    const points = [...lo.points, centre, ...hi.points].sort((a, b) => a.t - b.t);
    const maxDelta = Math.max(...points.map((p) => Math.abs(p.delta)));
    const minDelta = Math.min(...points.map((p) => p.delta));
    if (minDelta < -1e-6 * Math.max(1, fit.cost)) warnings.push(`${obj.params[k]}: the profile reaches an objective ${(-minDelta).toPrecision(3)} below the fit's: the fit did not find the optimum (refit from there)`);
    const ci: [number | null, number | null] = [lo.end === 'threshold' ? lo.crossing! : null, hi.end === 'threshold' ? hi.crossing! : null];
    const closed = ci[0] !== null && ci[1] !== null;
    const flat = maxDelta < 1e-3 * threshold;
    const singular = cov?.nullDirections.some((d) => Math.abs(d.vector[k]) >= 0.1) ?? false;
    const classification: Identifiability = flat || singular ? 'structurally non-identifiable' : closed ? 'identifiable' : 'practically non-identifiable';
    for (const [side, s] of [['lower', lo], ['upper', hi]] as const) if (s.end === 'failed' || s.end === 'maxPoints') warnings.push(`${obj.params[k]} (${side} side): ${s.message}`);
    return {
      param: obj.params[k], index: k, theta: theta[k], value: Math.exp(theta[k]), ci,
      ciValues: [ci[0] === null ? null : Math.exp(ci[0]), ci[1] === null ? null : Math.exp(ci[1])],
      classification, lowerEnd: lo.end, upperEnd: hi.end, maxDelta, points,
    };
  });
  return { level, threshold, cost: fit.cost, profiles, warnings, settings: { level, maxPoints, lsq, rankTol } };
}
