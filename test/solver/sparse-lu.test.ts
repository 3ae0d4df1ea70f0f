/**
 * The sparse LU of iteration matrices (sparse-lu.ts) against the dense reference LU of linalg.ts:
 * same solutions for M = alpha·I + beta·J on sparse, dense and pivoting-heavy J; the static path
 * is taken when diagonal pivots pass the threshold test and the dense fallback otherwise; a pattern
 * that grows is re-analysed; singular matrices are reported.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SparseLu } from '../../src/solver/sparse-lu.js';
import { luFactor, luSolve } from '../../src/solver/linalg.js';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return (s >>> 8) / 2 ** 24; };
}

function randomJ(n: number, density: number, r: () => number): Float64Array {
  const J = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (r() < density) J[i * n + j] = 2 * r() - 1;
  return J;
}

/** Max |x - x_dense| relative to the solution's size, for three right-hand sides. */
function compare(lu: SparseLu, J: Float64Array, alpha: number, beta: number, n: number, r: () => number): number {
  const M = new Float64Array(n * n);
  for (let k = 0; k < n * n; k++) M[k] = beta * J[k];
  for (let i = 0; i < n; i++) M[i * n + i] += alpha;
  const piv = new Int32Array(n);
  assert.equal(luFactor(M, n, piv), -1, 'test matrix is singular');
  let worst = 0;
  for (let rep = 0; rep < 3; rep++) {
    const b = Float64Array.from({ length: n }, () => 2 * r() - 1);
    const x = Float64Array.from(b), xd = Float64Array.from(b);
    lu.solve(x);
    luSolve(M, n, piv, xd);
    let scale = 0;
    for (let i = 0; i < n; i++) scale = Math.max(scale, Math.abs(xd[i]));
    for (let i = 0; i < n; i++) worst = Math.max(worst, Math.abs(x[i] - xd[i]) / (1 + scale));
  }
  return worst;
}

test('SparseLu solves M = alpha I + beta J like the dense LU, statically when the diagonal pivots are good', () => {
  const r = rng(7);
  for (const n of [1, 2, 5, 13, 43, 80]) {
    for (const density of [0.05, 0.2, 1]) {
      const J = randomJ(n, density, r);
      const lu = new SparseLu(n);
      // small gamma: M = I - gamma J is diagonally dominant, every pivot passes
      assert.equal(lu.factor(J, 1, -0.01, true), -1);
      assert.ok(compare(lu, J, 1, -0.01, n, r) < 1e-12, `n=${n} density=${density}`);
      assert.equal(lu.denseFactors, 0, `n=${n} density=${density}: dense fallback used`);
      // refactor with another gamma and the same J: no new analysis
      assert.equal(lu.factor(J, 1, -0.05, false), -1);
      assert.ok(compare(lu, J, 1, -0.05, n, r) < 1e-12);
      assert.equal(lu.analyses, 1);
      assert.equal(lu.staticFactors, 2);
    }
  }
});

test('SparseLu keeps fill small on a sparse pattern (minimum-degree ordering)', () => {
  // an arrowhead: natural order fills completely, eliminating the hub last fills nothing
  const n = 40;
  const J = new Float64Array(n * n);
  for (let i = 0; i < n; i++) { J[i * n + i] = -2; J[i] = 0.5; J[i * n] = 0.5; }
  const lu = new SparseLu(n);
  assert.equal(lu.factor(J, 1, -0.1, true), -1);
  assert.ok(compare(lu, J, 1, -0.1, n, rng(3)) < 1e-13);
  assert.equal(lu.nnz, 3 * n - 2, `nonzeros of L + U: ${lu.nnz}`);
});

test('SparseLu falls back to dense partial pivoting when a pivot fails the threshold test, then follows its row choices statically', () => {
  const r = rng(11);
  const n = 12;
  const J = randomJ(n, 0.3, r);
  // a cyclic J with zero diagonal: at large gamma M ~ -gamma J needs row interchanges
  for (let i = 0; i < n; i++) { J[i * n + i] = 0; J[i * n + ((i + 1) % n)] = 5; }
  const lu = new SparseLu(n);
  assert.equal(lu.factor(J, 1, -1e3, true), -1);
  assert.equal(lu.denseFactors, 1);
  assert.ok(compare(lu, J, 1, -1e3, n, r) < 1e-12);
  // the same matrix again: the learnt row order passes statically
  assert.equal(lu.factor(J, 1, -1.1e3, false), -1);
  assert.equal(lu.staticFactors, 1);
  assert.ok(compare(lu, J, 1, -1.1e3, n, r) < 1e-12);
  // a small gamma with those rows: pivots of a thousandth of their column are accepted, at the
  // price of some growth (a less exact M, fine for a modified Newton iteration)
  assert.equal(lu.factor(J, 1, -1e-3, false), -1);
  assert.ok(compare(lu, J, 1, -1e-3, n, r) < 1e-9);
  assert.equal(lu.denseFactors, 1);
});

test('SparseLu extends its pattern when J gains nonzeros', () => {
  const n = 6;
  const J = new Float64Array(n * n);
  for (let i = 0; i < n; i++) J[i * n + i] = -1;
  const lu = new SparseLu(n);
  assert.equal(lu.factor(J, 1, -0.5, true), -1);
  assert.equal(lu.analyses, 1);
  J[0 * n + 5] = 3; J[4 * n + 1] = -2; J[2 * n + 3] = 1;
  // a new J with entries outside the pattern: analysed again, with them
  assert.equal(lu.factor(J, 1, -0.5, true), -1);
  assert.equal(lu.analyses, 2);
  assert.ok(compare(lu, J, 1, -0.5, n, rng(5)) < 1e-14);
});

test('SparseLu reports a singular matrix', () => {
  const n = 4;
  // M = I + beta J with column 2 of M zero: J(2,2) = -1/beta and nothing else in column 2
  const J = new Float64Array(n * n);
  J[0] = 1; J[1 * n + 1] = 2; J[2 * n + 2] = -1; J[3 * n + 3] = 1; J[3 * n + 0] = 1;
  const lu = new SparseLu(n);
  assert.ok(lu.factor(J, 1, 1, true) >= 0);
});
