/**
 * The zero-skipping LU with compressed factors (bdf-lu.ts) against the dense reference LU of
 * linalg.ts: same solutions on dense, sparse and pivoting-heavy matrices, residuals at roundoff,
 * repeated solves with one factorization, and singular matrices reported.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CompressedLu } from '../../src/solver/methods/bdf-lu.js';
import { luFactor, luSolve } from '../../src/solver/linalg.js';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return (s >>> 8) / 2 ** 24; };
}

/** A random n×n matrix with the given density; `diag` added to the diagonal (0: pivoting needed). */
function randomMatrix(n: number, density: number, diag: number, r: () => number): Float64Array {
  const A = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (r() < density) A[i * n + j] = 2 * r() - 1;
  for (let i = 0; i < n; i++) A[i * n + i] += diag;
  return A;
}

test('CompressedLu solves like the dense LU on dense, sparse and pivoting matrices', () => {
  const r = rng(42);
  for (const n of [1, 2, 5, 8, 20, 43, 60]) {
    for (const [density, diag] of [[1, 0], [0.1, 1], [0.05, 0], [0.3, 0.5]] as const) {
      const A = randomMatrix(n, density, diag, r);
      // make sure the matrix is not singular by construction when it has no diagonal shift
      if (diag === 0) for (let i = 0; i < n; i++) A[i * n + ((i * 7 + 3) % n)] += 3;
      const lu = new CompressedLu(n);
      lu.a.set(A);
      const Ad = Float64Array.from(A);
      const piv = new Int32Array(n);
      const okD = luFactor(Ad, n, piv);
      const ok = lu.factor();
      assert.equal(ok, okD, `n=${n} density=${density}: singularity verdicts differ`);
      if (ok >= 0) continue;
      for (let rep = 0; rep < 3; rep++) {
        const b = Float64Array.from({ length: n }, () => 2 * r() - 1);
        const x = Float64Array.from(b), xd = Float64Array.from(b);
        lu.solve(x);
        luSolve(Ad, n, piv, xd);
        let res = 0, scale = 0;
        for (let i = 0; i < n; i++) {
          let s = -b[i];
          for (let j = 0; j < n; j++) s += A[i * n + j] * x[j];
          res = Math.max(res, Math.abs(s));
          scale = Math.max(scale, Math.abs(xd[i]));
        }
        for (let i = 0; i < n; i++) assert.ok(Math.abs(x[i] - xd[i]) <= 1e-9 * (1 + scale), `n=${n}: x[${i}] ${x[i]} vs ${xd[i]}`);
        assert.ok(res <= 1e-10 * (1 + scale), `n=${n} density=${density}: residual ${res}`);
      }
      assert.ok(lu.nnz <= n * n);
      if (density <= 0.05 && diag === 1 && n >= 20) assert.ok(lu.nnz < 0.6 * n * n, `n=${n}: ${lu.nnz} nonzeros`);
    }
  }
});

test('CompressedLu reports a singular matrix at its first zero pivot', () => {
  const n = 4;
  const lu = new CompressedLu(n);
  // column 2 is zero
  lu.a.set([1, 2, 0, 1, 0, 1, 0, 3, 2, 0, 0, 1, 1, 1, 0, 1]);
  assert.equal(lu.factor(), 2);
});
