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

test('SparseLu generated kernels give bit-identical factors, solves and pivot decisions to the index loops', () => {
  const r = rng(11);
  for (const n of [1, 3, 17, 43, 90]) {
    for (const density of [0.05, 0.3]) {
      const J = randomJ(n, density, r);
      const gen = new SparseLu(n, undefined, undefined, true, 0), loops = new SparseLu(n, undefined, undefined, false); // kernels from the first factorization
      // small to large gamma: the static path first, then threshold failures and dense fallbacks
      for (const beta of [-0.01, -0.3, -3, -30, -0.02]) {
        const a = gen.factor(J, 1, beta, true), b = loops.factor(J, 1, beta, true);
        assert.equal(a, b, `n=${n} beta=${beta}: factor result`);
        for (let rep = 0; rep < 2; rep++) {
          const x = Float64Array.from({ length: n }, () => 2 * r() - 1), y = Float64Array.from(x);
          gen.solve(x);
          loops.solve(y);
          for (let i = 0; i < n; i++) assert.ok(Object.is(x[i], y[i]), `n=${n} beta=${beta}: x[${i}] ${x[i]} vs ${y[i]}`);
        }
      }
      assert.equal(gen.staticFactors, loops.staticFactors);
      assert.equal(gen.denseFactors, loops.denseFactors);
    }
  }
});

test('SparseLu switches from the index loops to generated kernels after kernelAfter factorizations, bit for bit the same', () => {
  const r = rng(5);
  const n = 30;
  const J = randomJ(n, 0.15, r);
  const lazy = new SparseLu(n, undefined, undefined, true, 3), loops = new SparseLu(n, undefined, undefined, false);
  const seen: boolean[] = [];
  for (let k = 0; k < 6; k++) {
    const beta = -0.01 * (k + 1);
    assert.equal(lazy.factor(J, 1, beta, k === 0), loops.factor(J, 1, beta, k === 0));
    seen.push(lazy.kernels);
    const x = Float64Array.from({ length: n }, () => 2 * r() - 1), y = Float64Array.from(x);
    lazy.solve(x);
    loops.solve(y);
    for (let i = 0; i < n; i++) assert.ok(Object.is(x[i], y[i]), `factorization ${k}: x[${i}] ${x[i]} vs ${y[i]}`);
  }
  assert.deepEqual(seen, [false, false, false, true, true, true], 'loops for the first 3 factorizations of the structure, then kernels');
  assert.equal(loops.kernels, false);
});

test('SparseLu kernels of a large structure are cut into parts (each small enough for V8 to optimise) and stay bit for bit the loops', () => {
  const r = rng(21);
  const n = 70, band = 6;
  const J = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = Math.max(0, i - band); j <= Math.min(n - 1, i + band); j++) J[i * n + j] = 2 * r() - 1;
  const gen = new SparseLu(n, undefined, undefined, true, 0), loops = new SparseLu(n, undefined, undefined, false);
  for (const beta of [-0.01, -0.5, -20, -0.03]) {
    assert.equal(gen.factor(J, 1, beta, true), loops.factor(J, 1, beta, true), `beta=${beta}: factor result`);
    const x = Float64Array.from({ length: n }, () => 2 * r() - 1), y = Float64Array.from(x);
    gen.solve(x);
    loops.solve(y);
    for (let i = 0; i < n; i++) assert.ok(Object.is(x[i], y[i]), `beta=${beta}: x[${i}] ${x[i]} vs ${y[i]}`);
  }
  assert.equal(gen.kernels, true);
  const factorSource = String((gen as unknown as { kern: { factor: () => void } }).kern.factor);
  assert.match(factorSource, /luFactor2\(/, 'a banded 70 × 70 structure (thousands of statements) is factored in three parts or more');
});

test('SparseLu counts factorizations per structure over all instances: a structure that many runs factor gets its kernels, bit for bit the same', () => {
  const r = rng(9);
  const n = 25;
  const J = randomJ(n, 0.2, r);
  const loops = new SparseLu(n, undefined, undefined, false);
  const check = (lu: SparseLu, beta: number, label: string): boolean => {
    assert.equal(lu.factor(J, 1, beta, true), loops.factor(J, 1, beta, true));
    const x = Float64Array.from({ length: n }, () => 2 * r() - 1), y = Float64Array.from(x);
    lu.solve(x);
    loops.solve(y);
    for (let i = 0; i < n; i++) assert.ok(Object.is(x[i], y[i]), `${label}: x[${i}] ${x[i]} vs ${y[i]}`);
    return lu.kernels;
  };
  // three "runs" of 3 factorizations each, kernels after 5 factorizations of the structure in all
  const seen: boolean[][] = [];
  for (let run = 0; run < 3; run++) {
    const lu = new SparseLu(n, undefined, undefined, true, 5);
    seen.push([-0.01, -0.02, -0.03].map((beta, k) => check(lu, beta, `run ${run}, factorization ${k}`)));
  }
  assert.deepEqual(seen, [[false, false, false], [false, false, true], [true, true, true]],
    'no single run reaches 5, the structure does in the second run; the third run uses its kernels from the start');
});

test('SparseLu seeded with a structural pattern analyses once; alternating row orders reuse their analyses', () => {
  const n = 6;
  // J has a structurally nonzero entry (0,5) that is numerically zero at first
  const pattern = [[0, 5], [0, 1], [1, 2], [2, 3], [3, 4], [4, 5]];
  const J = new Float64Array(n * n);
  for (let i = 0; i < n; i++) J[i * n + i] = -1;
  for (let i = 1; i < n; i++) J[i * n + i - 1] = 0.5;
  const seeded = new SparseLu(n, undefined, pattern), learning = new SparseLu(n);
  assert.equal(seeded.factor(J, 1, -0.1, true), -1);
  assert.equal(learning.factor(J, 1, -0.1, true), -1);
  J[5] = 0.7; // the entry turns nonzero
  assert.equal(seeded.factor(J, 1, -0.1, true), -1);
  assert.equal(learning.factor(J, 1, -0.1, true), -1);
  assert.equal(seeded.analyses, 1, 'the structural pattern covers the new entry');
  assert.equal(learning.analyses, 2, 'the learning LU re-analyses when the pattern grows');
  // a matrix whose good pivots swap with gamma: small gamma keeps the diagonal, large gamma makes
  // partial pivoting choose the off-diagonal rows; going back and forth needs no new analyses
  const K = new Float64Array(4);
  K[0] = -1; K[1] = 1e5; K[2] = 1e5; K[3] = -1; // [[-1, 1e5], [1e5, -1]]
  const lu = new SparseLu(2);
  for (let k = 0; k < 6; k++) {
    const beta = k % 2 === 0 ? -1e-9 : -1;
    assert.equal(lu.factor(K, 1, beta, k === 0), -1);
    const x = Float64Array.of(1, 2);
    lu.solve(x);
    // check M x = b
    const m00 = 1 + beta * K[0], m01 = beta * K[1], m10 = beta * K[2], m11 = 1 + beta * K[3];
    assert.ok(Math.abs(m00 * x[0] + m01 * x[1] - 1) < 1e-12 && Math.abs(m10 * x[0] + m11 * x[1] - 2) < 1e-12);
  }
  assert.ok(lu.denseFactors >= 4, `dense fallbacks ${lu.denseFactors}: the row order should alternate`);
  assert.equal(lu.analyses, 2, 'the two row orders are analysed once each');
});
