/**
 * The Rodas5 / Rodas5P coefficients are data; this checks them by themselves: the transformed
 * coefficients are mapped back to the classical (alpha, Gamma, b) form of Hairer & Wanner II (7.4),
 * which must satisfy the Rosenbrock order conditions (all 17 trees up to order 5 for y1, order 4 for
 * the embedded solution, order 4 for the dense output at interior points), the consistency of c and
 * d with alpha and Gamma, and L-stability of the stability function.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RODAS5, RODAS5P, type RosenbrockTableau } from '../../src/solver/methods/rodas5-tableau.js';
import { rootedTrees, orderResidual, matMul, vecMat, invLower } from './order-conditions.js';

const TREES = rootedTrees(5);

function classical(tab: RosenbrockTableau) {
  const s = tab.stages;
  const gInv = Array.from({ length: s }, (_, i) => Array.from({ length: s }, (_, j) =>
    (i === j ? 1 / tab.gamma : 0) - tab.C[i][j]));
  const G = invLower(gInv);
  const alpha = matMul(tab.A, G);
  const S = alpha.map((row, i) => row.map((v, j) => v + G[i][j]));
  return { G, alpha, S, b: vecMat(tab.b, G), bhat: vecMat(tab.b.map((v, i) => v - tab.btilde[i]), G) };
}

/** Stability function R(z) = 1 + z b^T (I - z S)^-1 1 (Rosenbrock = RK with matrix alpha + Gamma on y' = lambda y). */
function stability(S: number[][], b: number[], zr: number, zi: number): [number, number] {
  const s = S.length;
  // solve (I - z S) x = 1 in complex arithmetic by forward substitution (S lower triangular)
  const xr = new Array<number>(s), xi = new Array<number>(s);
  for (let i = 0; i < s; i++) {
    let rr = 1, ri = 0;
    for (let j = 0; j < i; j++) {
      // + z S_ij x_j
      const ar = zr * S[i][j], ai = zi * S[i][j];
      rr += ar * xr[j] - ai * xi[j];
      ri += ar * xi[j] + ai * xr[j];
    }
    const dr = 1 - zr * S[i][i], di = -zi * S[i][i];
    const den = dr * dr + di * di;
    xr[i] = (rr * dr + ri * di) / den;
    xi[i] = (ri * dr - rr * di) / den;
  }
  let sr = 0, si = 0;
  for (let i = 0; i < s; i++) { sr += b[i] * xr[i]; si += b[i] * xi[i]; }
  return [1 + zr * sr - zi * si, zr * si + zi * sr];
}

for (const tab of [RODAS5, RODAS5P]) {
  test(`${tab.name}: shape, strictly lower A and C, stiffly accurate structure`, () => {
    const s = tab.stages;
    for (const m of [tab.A, tab.C]) {
      assert.equal(m.length, s);
      m.forEach((row, i) => { assert.equal(row.length, s); for (let j = i; j < s; j++) assert.equal(row[j], 0); });
    }
    assert.equal(tab.c.length, s); assert.equal(tab.d.length, s);
    assert.equal(tab.b.length, s); assert.equal(tab.btilde.length, s);
    assert.equal(tab.H.length, 3); tab.H.forEach((r) => assert.equal(r.length, s));
    // y1 = (input of the last stage) + k_s and the error estimate is k_s
    for (let j = 0; j < s - 1; j++) assert.equal(tab.b[j], tab.A[s - 1][j]);
    assert.equal(tab.b[s - 1], 1);
    assert.deepEqual([...tab.btilde], [0, 0, 0, 0, 0, 0, 0, 1]);
    assert.equal(tab.d[0], tab.gamma);
  });

  test(`${tab.name}: c = row sums of alpha, d = row sums of Gamma`, () => {
    const { G, alpha } = classical(tab);
    alpha.forEach((row, i) => assert.ok(Math.abs(row.reduce((a, v) => a + v, 0) - tab.c[i]) < 1e-12, `c[${i}]`));
    G.forEach((row, i) => assert.ok(Math.abs(row.reduce((a, v) => a + v, 0) - tab.d[i]) < 1e-12, `d[${i}]: ${row.reduce((a, v) => a + v, 0)} vs ${tab.d[i]}`));
  });

  test(`${tab.name}: order conditions: y1 order 5, embedded order 4 but not 5`, () => {
    const { alpha, S, b, bhat } = classical(tab);
    for (let p = 1; p <= 5; p++) {
      const r = orderResidual(TREES[p], b, S, alpha);
      assert.ok(r < 1e-11, `order-${p} residual of y1 = ${r}`);
    }
    for (let p = 1; p <= 4; p++) {
      const r = orderResidual(TREES[p], bhat, S, alpha);
      assert.ok(r < 1e-11, `order-${p} residual of the embedded solution = ${r}`);
    }
    // the error estimate must be a genuine one: the embedded solution is not of order 5
    assert.ok(orderResidual(TREES[5], bhat, S, alpha) > 1e-4);
  });

  test(`${tab.name}: dense output reproduces y0 and y1 and is of order 4 inside the step`, () => {
    const { G, alpha, S } = classical(tab);
    const denseWeights = (th: number) => tab.b.map((bi, i) =>
      th * bi + th * (1 - th) * (tab.H[0][i] + th * (tab.H[1][i] + th * tab.H[2][i])));
    for (const th of [0.2, 0.5, 0.9]) {
      const bt = vecMat(denseWeights(th), G);
      for (let p = 1; p <= 4; p++) {
        const r = orderResidual(TREES[p], bt, S, alpha, th);
        assert.ok(r < 1e-10, `theta=${th}: order-${p} residual ${r}`);
      }
    }
  });

  test(`${tab.name}: L-stable (R(-inf) = 0, |R| <= 1 on the imaginary axis and the left half-plane)`, () => {
    const { S, b } = classical(tab);
    const [r0] = stability(S, b, -1e12, 0);
    assert.ok(Math.abs(r0) < 1e-9, `R(-1e12) = ${r0}`);
    for (const y of [0.1, 1, 3, 10, 30, 100, 1e3, 1e5]) {
      const [re, im] = stability(S, b, 0, y);
      assert.ok(Math.hypot(re, im) <= 1 + 1e-12, `|R(${y}i)| = ${Math.hypot(re, im)}`);
    }
    for (const x of [-0.5, -2, -10, -1e3]) for (const y of [0, 1, 10]) {
      const [re, im] = stability(S, b, x, y);
      assert.ok(Math.hypot(re, im) < 1, `|R(${x}+${y}i)| = ${Math.hypot(re, im)}`);
    }
  });
}
