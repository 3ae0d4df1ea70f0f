/**
 * Forward-difference Jacobian for problems without an analytic one. Its RHS calls are counted in
 * stats.rhsJac, not stats.rhs. Work arrays are owned by the caller (no allocation per call).
 */
import type { RhsFn } from './types.js';

/**
 * Fills row-major J (n*n) with d f_i / d y_j ≈ (f(y + δ_j e_j) − f(y)) / δ_j, given fy = f(t, y).
 * δ_j = max(sqrt(eps) |y_j|, minInc / w_j), signed like h, with minInc = 1000 |h| eps n ||fy||_w
 * (CVODE's cvDenseDQJac; w is the error weight, 1/w_j = atol_j + rtol_j |y_j|). The minInc term
 * matters for components near zero: without it δ_j ≈ sqrt(eps) * atol_j can be so small that
 * f(y + δ_j e_j) − f(y) is mostly roundoff (1e-16 increments against O(1) values of f).
 * `ytmp` and `ftmp` are work arrays of length n. Returns the number of RHS calls made.
 */
export function fdJacobian(
  f: RhsFn, t: number, y: Float64Array, fy: Float64Array, w: Float64Array, h: number,
  J: Float64Array, ytmp: Float64Array, ftmp: Float64Array,
): number {
  const n = y.length;
  const srur = 1.4901161193847656e-8; // sqrt(2^-52)
  const hs = h < 0 ? -1 : 1;
  let fnorm = 0;
  for (let i = 0; i < n; i++) { const e = fy[i] * w[i]; fnorm += e * e; }
  fnorm = Math.sqrt(fnorm / n);
  const minInc = fnorm > 0 && Number.isFinite(fnorm) && h !== 0 ? 1000 * Math.abs(h) * 2.220446049250313e-16 * n * fnorm : 1;
  ytmp.set(y);
  for (let j = 0; j < n; j++) {
    const yj = y[j];
    let del = Math.max(srur * Math.abs(yj), minInc / w[j]);
    if (!(del > 0) || !Number.isFinite(del)) del = srur;
    del *= hs;
    ytmp[j] = yj + del;
    del = ytmp[j] - yj; // exactly representable increment
    f(t, ytmp, ftmp);
    const inv = 1 / del;
    for (let i = 0; i < n; i++) J[i * n + j] = (ftmp[i] - fy[i]) * inv;
    ytmp[j] = yj;
  }
  return n;
}
