/**
 * Multi-start fitting: bounded least squares (lsq.ts) from the user's start point and from the
 * points of a scrambled Halton design over the bounds, the best result kept, with the covariance
 * of θ from (JᵀJ)⁻¹ at the optimum (the Gauss–Newton approximation of the inverse Hessian of
 * ½‖r‖², which is the negative log-likelihood of standardized Gaussian residuals).
 *
 * Rank deficiency: JᵀJ is decomposed into eigenpairs; eigenvalues below `rankTol`·λ_max (default
 * 1e-8, a condition number of 1e8) are treated as zero. The covariance is then the pseudo-inverse
 * on the identified subspace, and every parameter with a component ≥ 0.1 in a null direction is
 * listed as not identified locally (its standard error is reported as Infinity).
 */
import type { LeastSquaresObjective } from './objective.js';
import type { LsqOptions, LsqResult, LsqStatus } from './lsq.js';
import { evaluateWithJacobian } from './lsq.js';
import { normalEquations, symmetricEigen } from './linalg.js';
import { scrambledHalton } from './halton.js';
import { serialRunner, type TaskRunner } from './tasks.js';

/**
 * Options of `fitMultiStart`: the number of starts (the user's point plus scrambled Halton points
 * over the bounds, default 8), the design's seed, the least-squares settings of each start, the
 * rank tolerance of the covariance (default 1e-8) and where the starts run (`serialRunner`, or
 * `workerRunner` of `magbone/node` for worker threads; the result does not depend on it).
 */
export interface FitOptions {
  /** Starts in all, the user's point included (default 8). */
  starts?: number;
  /** Seed of the design's scrambling (default 1). */
  seed?: number;
  /** Settings of each start's least-squares run. */
  lsq?: LsqOptions;
  /** Relative eigenvalue below which JᵀJ counts as singular (default 1e-8). */
  rankTol?: number;
  /** Where the starts run (default: serially in this thread). */
  runner?: TaskRunner;
  /** Called after each start. */
  onStart?: (done: number, total: number) => void;
  /** The start points themselves (θ, clamped into the bounds), replacing `theta0` and the design: `starts` is then their number (PEtab's initialization priors, `petabStartPoints`). */
  points?: readonly ArrayLike<number>[];
}

/**
 * One start of a multi-start fit: where it began (`theta0`, θ = ln p) and ended, its cost ½‖r‖²,
 * the least-squares status and counts. `FitResult.starts` lists them all so a reader can see how
 * many starts reached the best optimum.
 */
export interface StartOutcome {
  /** Position in the start list (0 is the user's start). */
  index: number;
  /** 'user' for the given start point, 'design' for a Halton point. */
  origin: 'user' | 'design';
  /** The start point, θ = ln p. */
  theta0: number[];
  /** The end point, θ = ln p. */
  theta: number[];
  /** ½‖r‖² at the end point. */
  cost: number;
  /** Why the least-squares run stopped. */
  status: LsqStatus;
  /** Whether the status is a converged one (gtol, xtol, ftol). */
  converged: boolean;
  /** Iterations (accepted and rejected trials). */
  iterations: number;
  /** Residual evaluations, failed ones included. */
  evaluations: number;
  /** The least-squares run's message. */
  message: string;
}

/**
 * The Gauss–Newton covariance of θ = ln p at an optimum, (JᵀJ)⁻¹ or its pseudo-inverse when JᵀJ is
 * rank-deficient, with standard errors (Infinity for a parameter the data do not determine), the
 * eigenvalues of JᵀJ, the null directions and the parameters not identified locally. A standard error
 * on θ is approximately the relative standard error of p.
 */
export interface Covariance {
  /** Covariance of θ = ln p, row-major n × n (pseudo-inverse when rank-deficient). */
  matrix: number[][];
  /** Standard errors of θ (Infinity for parameters in a null direction). */
  se: number[];
  /** Rank of JᵀJ (number of eigenvalues above the tolerance). */
  rank: number;
  /** Whether the rank is below the number of parameters. */
  rankDeficient: boolean;
  /** Eigenvalues of JᵀJ, ascending. */
  eigenvalues: number[];
  /** Directions in θ the data do not determine (unit vectors), with their eigenvalues. */
  nullDirections: {
    /** Its eigenvalue of JᵀJ (near zero). */
    eigenvalue: number;
    /** The unit vector in θ, one component per parameter. */
    vector: number[];
  }[];
  /** Parameters with a component ≥ 0.1 in a null direction. */
  unidentified: string[];
}

/**
 * The result of `fitMultiStart`: the best point as θ = ln p (`theta`) and p (`values`, the
 * parameters' own units) with its cost ½‖r‖² and residuals, every start's outcome, the covariance at
 * the optimum (when J could be evaluated), the settings and seed (to reproduce it), whether the best
 * start converged and a message. Pass it to `profileLikelihood` or `samplePosterior`.
 */
export interface FitResult {
  /** The estimated parameters' names, in θ order. */
  params: string[];
  /** Lower bounds on θ = ln p. */
  lower: number[];
  /** Upper bounds on θ = ln p. */
  upper: number[];
  /** Best θ = ln p and p. */
  theta: number[];
  /** The best p = exp(θ), in the parameters' own units. */
  values: number[];
  /** ½‖r‖² at the best point. */
  cost: number;
  /** The standardized residuals at the best point (labels in `labels`). */
  residuals: number[];
  /** The residual rows' labels ("study/arm/measurement", "prior:<param>"). */
  labels: string[];
  /** Index in `starts` of the best start. */
  best: number;
  /** Every start's outcome, in start order. */
  starts: StartOutcome[];
  /** Covariance of θ at the best point (absent when J could not be evaluated there). */
  covariance?: Covariance;
  /** The design's seed (reproduces the starts). */
  seed: number;
  /** The settings used: starts, least-squares options, rank tolerance. */
  settings: {
    /** Number of starts. */
    starts: number;
    /** Options of each least-squares run. */
    lsq: LsqOptions;
    /** Relative eigenvalue below which JᵀJ counts as singular. */
    rankTol: number;
  };
  /** Whether the best start's least-squares run converged. */
  converged: boolean;
  /** A summary for people: the best start and its status, and how many starts converged. */
  message: string;
}

/** The start points: the user's (clamped into the box), then starts − 1 design points. */
export function startPoints(obj: LeastSquaresObjective, theta0: ArrayLike<number>, starts: number, seed: number): Float64Array[] {
  const n = obj.params.length;
  const first = new Float64Array(n);
  for (let i = 0; i < n; i++) first[i] = Math.min(obj.upper[i], Math.max(obj.lower[i], theta0[i]));
  const design = scrambledHalton(Math.max(0, starts - 1), n, seed);
  return [first, ...design.map((u) => {
    const t = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      // an unbounded side: a range of e^±3 around the start point
      const lo = Number.isFinite(obj.lower[i]) ? obj.lower[i] : Math.min(first[i], obj.upper[i]) - 3;
      const hi = Number.isFinite(obj.upper[i]) ? obj.upper[i] : Math.max(first[i], obj.lower[i]) + 3;
      t[i] = lo + u[i] * (hi - lo);
    }
    return t;
  })];
}

/**
 * The covariance of θ = ln p at `theta` from JᵀJ: (JᵀJ)⁻¹, or the pseudo-inverse on the identified
 * subspace when eigenvalues fall below `rankTol`·λmax (default 1e-8), with the null directions and
 * the parameters not identified locally (a component ≥ 0.1 in a null direction). Undefined when J
 * cannot be evaluated at `theta`.
 */
export function covarianceAt(obj: LeastSquaresObjective, theta: Float64Array, rankTol = 1e-8, J?: Float64Array): Covariance | undefined {
  const n = obj.params.length, m = obj.nResiduals;
  let jac = J;
  if (!jac) {
    const e = evaluateWithJacobian(obj, theta, obj.lower, obj.upper);
    if (e.failure !== undefined) return undefined;
    jac = e.J;
  }
  const A = new Float64Array(n * n), g = new Float64Array(n);
  normalEquations(jac, new Float64Array(m), m, n, A, g);
  const { values, vectors } = symmetricEigen(A, n);
  const lmax = Math.max(values[n - 1] ?? 0, 0);
  const keep = (l: number): boolean => lmax > 0 && l > rankTol * lmax;
  const cov = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  const nullDirections: Covariance['nullDirections'] = [];
  let rank = 0;
  for (let k = 0; k < n; k++) {
    const v = Array.from({ length: n }, (_, i) => vectors[i * n + k]);
    if (!keep(values[k])) { nullDirections.push({ eigenvalue: values[k], vector: v }); continue; }
    rank++;
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) cov[i][j] += (v[i] * v[j]) / values[k];
  }
  const unidentifiedIdx = new Set<number>();
  for (const d of nullDirections) d.vector.forEach((c, i) => { if (Math.abs(c) >= 0.1) unidentifiedIdx.add(i); });
  const se = cov.map((row, i) => (unidentifiedIdx.has(i) ? Infinity : Math.sqrt(row[i])));
  return {
    matrix: cov, se, rank, rankDeficient: rank < n, eigenvalues: Array.from(values), nullDirections,
    unidentified: [...unidentifiedIdx].sort((a, b) => a - b).map((i) => obj.params[i]),
  };
}

/**
 * Fits parameters by multi-start bounded least squares (`leastSquares`) from the user's start point
 * `theta0` (θ = ln p, clamped into the bounds) and from the points of a scrambled Halton design over
 * the bounds, keeping the best result, with the covariance of θ at the optimum from (JᵀJ)⁻¹ (the
 * Gauss–Newton approximation of the inverse Hessian of ½‖r‖², the negative log-likelihood of
 * standardized Gaussian residuals). When JᵀJ is rank-deficient (eigenvalues below `rankTol`·λmax)
 * the covariance is the pseudo-inverse on the identified subspace and the parameters with a
 * component ≥ 0.1 in a null direction are listed as not identified locally (standard error Infinity).
 *
 * When to use: the first step on any `LeastSquaresObjective` (`studyObjective` for the study
 * library, `petabObjective` for PEtab); then `profileLikelihood` for confidence intervals and
 * identifiability, `samplePosterior` for the posterior. Several starts guard against local optima:
 * compare the starts' costs in `result.starts`. Deterministic for a seed, serial or on workers.
 *
 * @example
 * ```ts
 * import { fitMultiStart } from 'magbone';
 * // y = a·exp(−b·t) observed with SE 0.05 (no Jacobian given: leastSquares takes forward differences)
 * const t = [0, 1, 2, 3, 4], y = [2.0, 1.21, 0.74, 0.45, 0.27];
 * const objective = {
 *   params: ['a', 'b'], lower: Float64Array.of(-5, -5), upper: Float64Array.of(5, 5),
 *   nResiduals: t.length, labels: t.map((ti) => `y@${ti}`),
 *   evaluate: (theta) => ({ r: Float64Array.from(t, (ti, i) => (Math.exp(theta[0] - Math.exp(theta[1]) * ti) - y[i]) / 0.05) }),
 * };
 * const fit = await fitMultiStart(objective, [0, 0], { starts: 4, seed: 1 });
 * console.log(fit.converged, fit.values, fit.covariance?.se); // p ≈ [2, 0.5]; SEs of ln p
 * ```
 */
export async function fitMultiStart(obj: LeastSquaresObjective, theta0: ArrayLike<number>, opts: FitOptions = {}): Promise<FitResult> {
  const seed = opts.seed ?? 1;
  const lsq = opts.lsq ?? {};
  const rankTol = opts.rankTol ?? 1e-8;
  const clamp = (p: ArrayLike<number>): Float64Array => Float64Array.from(p, (v, i) => Math.min(obj.upper[i], Math.max(obj.lower[i], v)));
  const starts = opts.points?.length ? opts.points.length : Math.max(1, Math.floor(opts.starts ?? 8));
  const points = opts.points?.length ? opts.points.map(clamp) : startPoints(obj, theta0, starts, seed);
  const runner = opts.runner ?? serialRunner(obj);
  const results: LsqResult[] = await runner.run('start', points.map((p) => ({ theta0: p, options: lsq })), opts.onStart);
  const outcomes: StartOutcome[] = results.map((r, i) => ({
    index: i, origin: i === 0 ? 'user' : 'design', theta0: Array.from(points[i]), theta: Array.from(r.theta), cost: r.cost,
    status: r.status, converged: r.converged, iterations: r.iterations, evaluations: r.evaluations, message: r.message,
  }));
  // the best: lowest cost among converged starts, else among any evaluated ones; ties to the lower index
  let best = -1;
  for (const pass of [true, false]) {
    for (let i = 0; i < results.length; i++) {
      const r = results[i];
      if (r.status === 'failed' || !Number.isFinite(r.cost) || (pass && !r.converged)) continue;
      if (best < 0 || r.cost < results[best].cost) best = i;
    }
    if (best >= 0) break;
  }
  const base = {
    params: [...obj.params], lower: Array.from(obj.lower), upper: Array.from(obj.upper), labels: [...obj.labels],
    starts: outcomes, seed, settings: { starts, lsq, rankTol },
  };
  if (best < 0) {
    return { ...base, theta: [], values: [], cost: NaN, residuals: [], best: -1, converged: false, message: `every start failed; first: ${results[0]?.message ?? ''}` };
  }
  const b = results[best];
  const covariance = covarianceAt(obj, b.theta, rankTol, b.J);
  const nConv = results.filter((r) => r.converged).length;
  return {
    ...base, theta: Array.from(b.theta), values: Array.from(b.theta, Math.exp), cost: b.cost, residuals: Array.from(b.r), best,
    covariance, converged: b.converged,
    message: `best of ${starts} starts: start ${best} (${b.message}); ${nConv} of ${starts} converged`,
  };
}
