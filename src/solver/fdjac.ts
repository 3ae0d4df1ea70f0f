/**
 * Forward-difference Jacobian for problems without an analytic one. Its RHS calls are counted in
 * stats.rhsJac, not stats.rhs. Work arrays are owned by the caller (no allocation per call).
 */
import type { RhsFn } from './types.js';

/**
 * Fills row-major J (n*n) with d f_i / d y_j ≈ (f(y + δ_j e_j) − f(y)) / δ_j, given fy = f(t, y).
 * δ_j = sqrt(eps) * max(|y_j|, 1/w_j) (the CVODE choice, scaled by the error weight w), signed like h.
 * `ytmp` and `ftmp` are work arrays of length n. Returns the number of RHS calls made.
 */
export function fdJacobian(
  f: RhsFn, t: number, y: Float64Array, fy: Float64Array, w: Float64Array, h: number,
  J: Float64Array, ytmp: Float64Array, ftmp: Float64Array,
): number {
  const n = y.length;
  const srur = 1.4901161193847656e-8; // sqrt(2^-52)
  const hs = h < 0 ? -1 : 1;
  ytmp.set(y);
  for (let j = 0; j < n; j++) {
    const yj = y[j];
    let del = srur * Math.max(Math.abs(yj), 1 / w[j]);
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
