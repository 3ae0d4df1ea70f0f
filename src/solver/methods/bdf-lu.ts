/**
 * Dense LU factorization with partial pivoting that skips zeros: the matrix is stored densely (so
 * fill-in needs no bookkeeping), the elimination updates only the nonzero entries of each pivot
 * row, and after factoring, the nonzeros of L and U are compressed row by row so that every
 * forward/back substitution costs O(nnz) instead of O(n²).
 *
 * It is the fallback of `sparse-lu.ts` (used by bdf and rodas) for the factorizations whose static
 * pivots fail the threshold test; its row interchanges then teach the sparse path a new row order.
 * Partial pivoting as in `linalg.ts` (largest magnitude in the column), so the factors are the same
 * as luFactor's up to the order of floating-point operations. No allocation after construction.
 */
export class CompressedLu {
  /** The factors in place (L unit-lower, U upper), row-major. */
  readonly a: Float64Array;
  readonly n: number;
  /** Row interchanges of the last factorization: step k swapped rows k and piv[k]. */
  readonly piv: Int32Array;
  private readonly cols: Int32Array;
  // compressed rows: L strictly lower (row i: lp[i]..lp[i+1]), U strictly upper, and 1/U_ii
  private readonly lp: Int32Array;
  private readonly li: Int32Array;
  private readonly lx: Float64Array;
  private readonly up: Int32Array;
  private readonly ui: Int32Array;
  private readonly ux: Float64Array;
  private readonly dinv: Float64Array;
  /** Nonzeros of L + U after the last factorization (for diagnostics). */
  nnz = 0;

  constructor(n: number) {
    this.n = n;
    this.a = new Float64Array(n * n);
    this.piv = new Int32Array(n);
    this.cols = new Int32Array(n);
    this.lp = new Int32Array(n + 1);
    this.up = new Int32Array(n + 1);
    const half = (n * (n - 1)) / 2;
    this.li = new Int32Array(half);
    this.lx = new Float64Array(half);
    this.ui = new Int32Array(half);
    this.ux = new Float64Array(half);
    this.dinv = new Float64Array(n);
  }

  /** Factors `a` (filled by the caller) in place. Returns -1, or the first zero pivot's index. */
  factor(): number {
    const a = this.a, n = this.n, piv = this.piv, cols = this.cols;
    for (let k = 0; k < n; k++) {
      let p = k;
      let maxv = Math.abs(a[k * n + k]);
      for (let i = k + 1; i < n; i++) {
        const v = Math.abs(a[i * n + k]);
        if (v > maxv) { maxv = v; p = i; }
      }
      piv[k] = p;
      if (maxv === 0) return k;
      const rk = k * n;
      if (p !== k) {
        const rp = p * n;
        for (let j = 0; j < n; j++) { const t = a[rk + j]; a[rk + j] = a[rp + j]; a[rp + j] = t; }
      }
      // nonzeros of the pivot row right of the diagonal
      let m = 0;
      for (let j = k + 1; j < n; j++) if (a[rk + j] !== 0) cols[m++] = j;
      const inv = 1 / a[rk + k];
      for (let i = k + 1; i < n; i++) {
        const ri = i * n;
        const v = a[ri + k];
        if (v === 0) continue;
        const lik = v * inv;
        a[ri + k] = lik;
        for (let c = 0; c < m; c++) { const j = cols[c]; a[ri + j] -= lik * a[rk + j]; }
      }
    }
    this.compress();
    return -1;
  }

  private compress(): void {
    const a = this.a, n = this.n;
    const lp = this.lp, li = this.li, lx = this.lx, up = this.up, ui = this.ui, ux = this.ux, dinv = this.dinv;
    let nl = 0, nu = 0;
    for (let i = 0; i < n; i++) {
      const ri = i * n;
      lp[i] = nl;
      for (let j = 0; j < i; j++) { const v = a[ri + j]; if (v !== 0) { li[nl] = j; lx[nl++] = v; } }
      up[i] = nu;
      for (let j = i + 1; j < n; j++) { const v = a[ri + j]; if (v !== 0) { ui[nu] = j; ux[nu++] = v; } }
      dinv[i] = 1 / a[ri + i];
    }
    lp[n] = nl;
    up[n] = nu;
    this.nnz = nl + nu + n;
  }

  /** Solves M x = b in place with the last factors. */
  solve(b: Float64Array): void {
    const n = this.n, piv = this.piv;
    const lp = this.lp, li = this.li, lx = this.lx, up = this.up, ui = this.ui, ux = this.ux, dinv = this.dinv;
    for (let k = 0; k < n; k++) {
      const p = piv[k];
      if (p !== k) { const t = b[k]; b[k] = b[p]; b[p] = t; }
    }
    for (let i = 1; i < n; i++) {
      let s = b[i];
      for (let q = lp[i], e = lp[i + 1]; q < e; q++) s -= lx[q] * b[li[q]];
      b[i] = s;
    }
    for (let i = n - 1; i >= 0; i--) {
      let s = b[i];
      for (let q = up[i], e = up[i + 1]; q < e; q++) s -= ux[q] * b[ui[q]];
      b[i] = s * dinv[i];
    }
  }
}
