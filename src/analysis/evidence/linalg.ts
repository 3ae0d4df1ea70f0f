/**
 * Small dense linear algebra for the estimators (a few to ~30 parameters): Cholesky solves of
 * damped normal equations, and the symmetric eigen-decomposition (cyclic Jacobi) used for
 * covariances and rank deficiency. Matrices are row-major Float64Arrays of n × n; callers own the
 * buffers so that optimizer iterations allocate nothing.
 */

/**
 * Cholesky factorisation in place of the leading `n` × `n` block of `a` restricted to the indices
 * `idx` (a free-variable subset), into `l` (row-major k × k, k = idx.length). Returns false when the
 * matrix is not numerically positive definite.
 */
export function choleskySubset(a: Float64Array, n: number, idx: Int32Array, k: number, l: Float64Array): boolean {
  for (let i = 0; i < k; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[idx[i] * n + idx[j]];
      for (let q = 0; q < j; q++) s -= l[i * k + q] * l[j * k + q];
      if (i === j) {
        if (!(s > 0) || !Number.isFinite(s)) return false;
        l[i * k + i] = Math.sqrt(s);
      } else {
        l[i * k + j] = s / l[j * k + j];
      }
    }
  }
  return true;
}

/** Solves L Lᵀ x = b in place (b of length k). */
export function choleskySolve(l: Float64Array, k: number, b: Float64Array): void {
  for (let i = 0; i < k; i++) {
    let s = b[i];
    for (let q = 0; q < i; q++) s -= l[i * k + q] * b[q];
    b[i] = s / l[i * k + i];
  }
  for (let i = k - 1; i >= 0; i--) {
    let s = b[i];
    for (let q = i + 1; q < k; q++) s -= l[q * k + i] * b[q];
    b[i] = s / l[i * k + i];
  }
}

/** JᵀJ (n × n) and Jᵀr (n) of a row-major m × n Jacobian, into the given buffers. */
export function normalEquations(J: Float64Array, r: Float64Array, m: number, n: number, A: Float64Array, g: Float64Array): void {
  A.fill(0);
  g.fill(0);
  for (let row = 0; row < m; row++) {
    const o = row * n;
    const ri = r[row];
    for (let i = 0; i < n; i++) {
      const ji = J[o + i];
      if (ji === 0) continue;
      g[i] += ji * ri;
      for (let j = 0; j <= i; j++) A[i * n + j] += ji * J[o + j];
    }
  }
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) A[j * n + i] = A[i * n + j];
}

/**
 * Eigen-decomposition of a symmetric n × n matrix by cyclic Jacobi rotations (Golub & Van Loan,
 * Matrix Computations, 4th ed., §8.5): accurate small eigenvalues, which is what rank decisions
 * need. Returns eigenvalues ascending and the eigenvectors as columns of `vectors` (row-major).
 */
export function symmetricEigen(a: ArrayLike<number>, n: number): { values: Float64Array; vectors: Float64Array } {
  const A = Float64Array.from(a);
  const V = new Float64Array(n * n);
  for (let i = 0; i < n; i++) V[i * n + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0, diag = 0;
    for (let i = 0; i < n; i++) {
      diag += A[i * n + i] * A[i * n + i];
      for (let j = i + 1; j < n; j++) off += A[i * n + j] * A[i * n + j];
    }
    if (off <= 1e-30 * diag || off === 0) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = A[p * n + q];
        if (apq === 0) continue;
        const theta = (A[q * n + q] - A[p * n + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1), s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = A[k * n + p], akq = A[k * n + q];
          A[k * n + p] = c * akp - s * akq;
          A[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = A[p * n + k], aqk = A[q * n + k];
          A[p * n + k] = c * apk - s * aqk;
          A[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = V[k * n + p], vkq = V[k * n + q];
          V[k * n + p] = c * vkp - s * vkq;
          V[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => A[i * n + i] - A[j * n + j]);
  const values = new Float64Array(n);
  const vectors = new Float64Array(n * n);
  order.forEach((src, dst) => {
    values[dst] = A[src * n + src];
    for (let k = 0; k < n; k++) vectors[k * n + dst] = V[k * n + src];
  });
  return { values, vectors };
}
