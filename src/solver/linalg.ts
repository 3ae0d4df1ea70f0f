/**
 * Dense LU factorization with partial pivoting, in place, on row-major Float64Arrays.
 * No allocation: callers own the matrix and the pivot array.
 */

/**
 * Factorizes the n×n row-major matrix `a` in place (L unit-lower and U stored together) with
 * row pivots in `piv`. Returns -1 on success, or the index of the first zero pivot (singular).
 */
export function luFactor(a: Float64Array, n: number, piv: Int32Array): number {
  for (let k = 0; k < n; k++) {
    // pivot search
    let p = k;
    let maxv = Math.abs(a[k * n + k]);
    for (let i = k + 1; i < n; i++) {
      const v = Math.abs(a[i * n + k]);
      if (v > maxv) { maxv = v; p = i; }
    }
    piv[k] = p;
    if (maxv === 0) return k;
    if (p !== k) {
      const rk = k * n, rp = p * n;
      for (let j = 0; j < n; j++) { const tmp = a[rk + j]; a[rk + j] = a[rp + j]; a[rp + j] = tmp; }
    }
    const rk = k * n;
    const inv = 1 / a[rk + k];
    for (let i = k + 1; i < n; i++) {
      const ri = i * n;
      const lik = a[ri + k] * inv;
      a[ri + k] = lik;
      if (lik !== 0) {
        for (let j = k + 1; j < n; j++) a[ri + j] -= lik * a[rk + j];
      }
    }
  }
  return -1;
}

/** Solves A x = b in place (b becomes x) with the factors from luFactor. */
export function luSolve(a: Float64Array, n: number, piv: Int32Array, b: Float64Array): void {
  // apply the row interchanges and forward-substitute with unit L
  for (let k = 0; k < n; k++) {
    const p = piv[k];
    if (p !== k) { const tmp = b[k]; b[k] = b[p]; b[p] = tmp; }
  }
  for (let i = 1; i < n; i++) {
    const ri = i * n;
    let s = b[i];
    for (let j = 0; j < i; j++) s -= a[ri + j] * b[j];
    b[i] = s;
  }
  for (let i = n - 1; i >= 0; i--) {
    const ri = i * n;
    let s = b[i];
    for (let j = i + 1; j < n; j++) s -= a[ri + j] * b[j];
    b[i] = s / a[ri + i];
  }
}
