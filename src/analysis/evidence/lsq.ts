/**
 * Bounded nonlinear least squares: minimise ½‖r(θ)‖² subject to lower ≤ θ ≤ upper, with the
 * Jacobian J = ∂r/∂θ.
 *
 * Method: Levenberg–Marquardt on the free variables of an active set, with projection onto the
 * box. Each iteration:
 *  - variables at a bound whose gradient pushes outward are held (the active set, as in the
 *    "dogbox" method of Voglis & Lagaris 2004 and scipy's least_squares);
 *  - the damped normal equations (JᵀJ + μ D²) p = −Jᵀr are solved on the free variables by Cholesky,
 *    D² the running maximum of diag(JᵀJ) (Moré 1978 scaling: invariant to the units of θ);
 *  - the trial point is the projection of θ + p onto the box (projected LM: Kanzow, Yamashita &
 *    Fukushima, J. Comput. Appl. Math. 172:375, 2004), and the gain ratio ρ = actual / predicted
 *    reduction (predicted by the linear model along the projected step) decides acceptance;
 *  - μ is the trust region in disguise: updated by Nielsen's rule (μ ← μ·max(1/3, 1 − (2ρ − 1)³) on
 *    success, μ ← μ·ν, ν ← 2ν on failure; Madsen, Nielsen & Tingleff, "Methods for non-linear least
 *    squares problems", 2004, §3.2). A trial whose evaluation fails (the objective sets `failure`,
 *    or returns non-finite residuals) is rejected like a bad step: the region shrinks.
 *
 * Stops (statuses): `gtol` ‖P(θ − g) − θ‖∞ ≤ gtol (projected gradient, first-order optimality in
 * the box); `xtol` the step ‖s‖ ≤ xtol·(xtol + ‖θ‖); `ftol` an accepted step with
 * actual reduction ≤ ftol·F and ρ > 0.25; `maxIter`; `stalled` (μ beyond 1e30 without an acceptable
 * step); `failed` (the start point itself cannot be evaluated).
 *
 * Without a Jacobian from the objective, J is taken by forward differences (stepping inward at a
 * bound). Work buffers are allocated once per call; the iteration allocates nothing itself (the
 * objective's own result arrays excepted).
 */
import type { LeastSquaresObjective, ResidualEvaluation } from './objective.js';
import { choleskySubset, choleskySolve, normalEquations } from './linalg.js';

/**
 * Why `leastSquares` stopped: `gtol` (projected gradient small: optimal in the box), `xtol` (step
 * small), `ftol` (reduction small) — the three converged statuses — or `maxIter`, `stalled` (no
 * acceptable step however small the trust region) and `failed` (the start point cannot be evaluated).
 */
export type LsqStatus = 'gtol' | 'xtol' | 'ftol' | 'maxIter' | 'stalled' | 'failed';

/**
 * Stopping rules of `leastSquares` (iteration limit and the gtol/xtol/ftol tolerances) and the
 * parameters held fixed at their start value. The defaults suit θ = ln p of order 1.
 */
export interface LsqOptions {
  /** Iterations (accepted or rejected trials), default 200. */
  maxIter?: number;
  /** Projected-gradient tolerance (∞-norm, on ½‖r‖²), default 1e-8. */
  gtol?: number;
  /** Relative step tolerance, default 1e-10. */
  xtol?: number;
  /** Relative reduction tolerance, default 1e-12. */
  ftol?: number;
  /** Parameters held at their start value (profiles); length nParams. */
  fixed?: ArrayLike<boolean>;
}

/**
 * The result of `leastSquares`: the final θ with its cost ½‖r‖², residuals and Jacobian, the status
 * (see `LsqStatus`) and whether it counts as converged, iteration and evaluation counts (failed
 * trials included), the projected-gradient norm and a message.
 */
export interface LsqResult {
  /** The final point, θ. */
  theta: Float64Array;
  /** ½‖r‖² at theta. */
  cost: number;
  /** The residuals at theta. */
  r: Float64Array;
  /** ∂r/∂θ at theta (row-major); absent when the start failed. */
  J?: Float64Array;
  /** Why the run stopped (see LsqStatus). */
  status: LsqStatus;
  /** Whether the status is gtol, xtol or ftol. */
  converged: boolean;
  /** Iterations (accepted and rejected trials). */
  iterations: number;
  /** Residual evaluations (each with its Jacobian), including rejected and failed trials. */
  evaluations: number;
  /** Trials rejected because their evaluation failed. */
  failedEvaluations: number;
  /** ∞-norm of the projected gradient at theta. */
  gradient: number;
  /** What happened, for people. */
  message: string;
}

export const isConverged = (s: LsqStatus): boolean => s === 'gtol' || s === 'xtol' || s === 'ftol';

function usable(e: ResidualEvaluation, m: number): boolean {
  if (e.failure !== undefined || e.r.length !== m) return false;
  for (let i = 0; i < m; i++) if (!Number.isFinite(e.r[i])) return false;
  if (e.J) for (let i = 0; i < e.J.length; i++) if (!Number.isFinite(e.J[i])) return false;
  return true;
}

/**
 * Residuals and Jacobian at theta: the objective's own Jacobian, or forward differences.
 * Returns undefined when any needed evaluation fails.
 */
export function evaluateWithJacobian(obj: LeastSquaresObjective, theta: Float64Array, lower: ArrayLike<number>, upper: ArrayLike<number>): { r: Float64Array; J: Float64Array; failure?: undefined } | { failure: string } {
  const m = obj.nResiduals, n = theta.length;
  const e = obj.evaluate(theta, true);
  if (!usable(e, m)) return { failure: e.failure ?? 'non-finite residuals or Jacobian' };
  if (e.J) {
    if (e.J.length !== m * n) return { failure: `Jacobian has ${e.J.length} entries, expected ${m}×${n}` };
    return { r: e.r, J: e.J };
  }
  const J = new Float64Array(m * n);
  const t = Float64Array.from(theta);
  for (let j = 0; j < n; j++) {
    let h = 1.4901161193847656e-8 * Math.max(1, Math.abs(theta[j]));
    if (theta[j] + h > upper[j]) h = -h;
    if (theta[j] + h < lower[j]) h = (upper[j] - lower[j]) / 2; // degenerate box: any interior step
    t[j] = theta[j] + h;
    const ej = obj.evaluate(t, false);
    t[j] = theta[j];
    if (!usable(ej, m)) return { failure: ej.failure ?? 'non-finite residuals (finite-difference Jacobian)' };
    const inv = 1 / (t[j] + h - theta[j] || h);
    for (let i = 0; i < m; i++) J[i * n + j] = (ej.r[i] - e.r[i]) * inv;
  }
  return { r: e.r, J };
}

function halfSquare(r: Float64Array): number {
  let s = 0;
  for (let i = 0; i < r.length; i++) s += r[i] * r[i];
  return 0.5 * s;
}

/**
 * Minimises ½‖r(θ)‖² within the objective's bounds from `theta0` (moved into the box): projected
 * Levenberg–Marquardt on an active set (variables at a bound whose gradient pushes outward are held,
 * as in scipy's `least_squares` "dogbox"), Moré's scaling (invariant to the units of θ), Nielsen's
 * damping update. A trial whose evaluation fails is rejected like a bad step. Stops on the projected
 * gradient (`gtol`), the step (`xtol`) or the reduction (`ftol`), or reports `maxIter`, `stalled` or
 * `failed` (the start cannot be evaluated). Without a Jacobian from the objective, J is taken by
 * forward differences (inward at a bound). One local optimum from one start: use `fitMultiStart`
 * for several starts and the covariance.
 */
export function leastSquares(obj: LeastSquaresObjective, theta0: ArrayLike<number>, opts: LsqOptions = {}): LsqResult {
  const n = obj.params.length, m = obj.nResiduals;
  const { lower, upper } = obj;
  const maxIter = opts.maxIter ?? 200, gtol = opts.gtol ?? 1e-8, xtol = opts.xtol ?? 1e-10, ftol = opts.ftol ?? 1e-12;
  const fixed = opts.fixed;
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = Math.min(upper[i], Math.max(lower[i], theta0[i]));
  let evaluations = 1, failedEvaluations = 0;
  const first = evaluateWithJacobian(obj, x, lower, upper);
  if (first.failure !== undefined) {
    return { theta: x, cost: NaN, r: new Float64Array(m).fill(NaN), status: 'failed', converged: false, iterations: 0, evaluations, failedEvaluations: 1, gradient: NaN, message: `the start point cannot be evaluated: ${first.failure}` };
  }
  let r = first.r, J = first.J, F = halfSquare(r);
  const A = new Float64Array(n * n), g = new Float64Array(n), D2 = new Float64Array(n);
  const L = new Float64Array(n * n), p = new Float64Array(n), xt = new Float64Array(n), s = new Float64Array(n), Js = new Float64Array(m);
  const free = new Int32Array(n);
  normalEquations(J, r, m, n, A, g);
  for (let i = 0; i < n; i++) D2[i] = Math.max(A[i * n + i], 1e-12);
  let mu = 1e-3, nu = 2;
  let status: LsqStatus = 'maxIter';
  let iter = 0;
  let pg = projectedGradient(x, g, lower, upper, fixed);
  for (; iter < maxIter; iter++) {
    if (pg <= gtol) { status = 'gtol'; break; }
    // the free set: not held, and not at a bound the gradient pushes against
    let k = 0;
    for (let i = 0; i < n; i++) {
      if (fixed?.[i]) continue;
      if (x[i] <= lower[i] && g[i] > 0) continue;
      if (x[i] >= upper[i] && g[i] < 0) continue;
      free[k++] = i;
    }
    // damped normal equations on the free set; A is shared, the damping added on its diagonal
    for (let q = 0; q < k; q++) A[free[q] * n + free[q]] += mu * D2[free[q]];
    const ok = choleskySubset(A, n, free, k, L);
    for (let q = 0; q < k; q++) A[free[q] * n + free[q]] -= mu * D2[free[q]];
    if (!ok) { mu *= nu; nu *= 2; if (mu > 1e30) { status = 'stalled'; break; } continue; }
    for (let q = 0; q < k; q++) p[q] = -g[free[q]];
    choleskySolve(L, k, p);
    xt.set(x);
    for (let q = 0; q < k; q++) { const i = free[q]; xt[i] = Math.min(upper[i], Math.max(lower[i], x[i] + p[q])); }
    let sn = 0, xn = 0;
    for (let i = 0; i < n; i++) { s[i] = xt[i] - x[i]; sn += s[i] * s[i]; xn += x[i] * x[i]; }
    sn = Math.sqrt(sn); xn = Math.sqrt(xn);
    if (sn <= xtol * (xtol + xn)) { status = 'xtol'; break; }
    // predicted reduction of the linear model along the projected step: ½‖r‖² − ½‖r + J s‖²
    let pred = 0;
    for (let row = 0; row < m; row++) {
      let v = 0;
      const o = row * n;
      for (let i = 0; i < n; i++) v += J[o + i] * s[i];
      Js[row] = v;
      pred -= r[row] * v + 0.5 * v * v;
    }
    evaluations++;
    const trial = evaluateWithJacobian(obj, xt, lower, upper);
    if (trial.failure !== undefined) {
      failedEvaluations++;
      mu *= nu; nu *= 2;
      if (mu > 1e30) { status = 'stalled'; break; }
      continue;
    }
    const Fnew = halfSquare(trial.r);
    const actual = F - Fnew;
    const rho = pred > 0 ? actual / pred : -1;
    if (rho > 1e-4 || (actual > 0 && pred <= 0)) {
      x.set(xt); r = trial.r; J = trial.J;
      const Fold = F;
      F = Fnew;
      normalEquations(J, r, m, n, A, g);
      for (let i = 0; i < n; i++) D2[i] = Math.max(D2[i], A[i * n + i]);
      const t = 2 * rho - 1;
      mu *= Math.max(1 / 3, 1 - t * t * t);
      nu = 2;
      pg = projectedGradient(x, g, lower, upper, fixed);
      if (actual <= ftol * Fold && rho > 0.25) { iter++; status = pg <= gtol ? 'gtol' : 'ftol'; break; }
    } else {
      mu *= nu; nu *= 2;
      if (mu > 1e30) { status = 'stalled'; break; }
    }
  }
  const messages: Record<LsqStatus, string> = {
    gtol: 'converged: projected gradient below gtol',
    xtol: 'converged: step below xtol',
    ftol: 'converged: relative reduction below ftol',
    maxIter: `stopped after ${maxIter} iterations (raise maxIter)`,
    stalled: 'stalled: no step reduces the objective (damping beyond 1e30)',
    failed: 'failed',
  };
  return { theta: x, cost: F, r, J, status, converged: isConverged(status), iterations: iter, evaluations, failedEvaluations, gradient: pg, message: messages[status] };
}

function projectedGradient(x: Float64Array, g: Float64Array, lower: ArrayLike<number>, upper: ArrayLike<number>, fixed?: ArrayLike<boolean>): number {
  let worst = 0;
  for (let i = 0; i < x.length; i++) {
    if (fixed?.[i]) continue;
    const y = Math.min(upper[i], Math.max(lower[i], x[i] - g[i]));
    worst = Math.max(worst, Math.abs(y - x[i]));
  }
  return worst;
}
