/**
 * Dormand–Prince 5(4) coefficients checked by themselves: row sums, the 17 order conditions up to
 * order 5 for y1 and up to order 4 for the embedded solution, the exact error weights, FSAL, and the
 * continuous extension (order 4 at interior points, y1 at theta = 1).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DOPRI5, DOPRI5_BHAT } from '../../src/solver/methods/dopri5-tableau.js';
import { rootedTrees, orderResidual } from './order-conditions.js';

const TREES = rootedTrees(5);
const { A, b, c, e, dd } = DOPRI5;

test('dopri5: explicit, c = row sums of A, FSAL (last row of A = b, c7 = 1)', () => {
  A.forEach((row, i) => {
    for (let j = i; j < row.length; j++) assert.equal(row[j], 0);
    assert.ok(Math.abs(row.reduce((s, v) => s + v, 0) - c[i]) < 1e-15, `row ${i}`);
  });
  assert.deepEqual([...A[6]], [...b]);
  assert.equal(c[6], 1);
});

test('dopri5: order 5, embedded order 4 (and not 5), e = b - bhat', () => {
  for (let p = 1; p <= 5; p++) assert.ok(orderResidual(TREES[p], b, A, A) < 1e-14, `y1 order ${p}`);
  for (let p = 1; p <= 4; p++) assert.ok(orderResidual(TREES[p], DOPRI5_BHAT, A, A) < 1e-14, `bhat order ${p}`);
  assert.ok(orderResidual(TREES[5], DOPRI5_BHAT, A, A) > 1e-5);
  e.forEach((v, i) => assert.ok(Math.abs(v - (b[i] - DOPRI5_BHAT[i])) < 1e-16, `e[${i}]`));
});

test('dopri5: dense output is of order 4 inside the step and equals y1 at theta = 1', () => {
  // y(theta) = y0 + h sum_i b_i(theta) k_i with (see dopri5-tableau.ts)
  // b_i(theta) = theta b_i + theta (1-theta) [(delta_i1 - b_i) + theta ((2 b_i - delta_i1 - delta_i7) + (1-theta) dd_i)]
  const weights = (th: number) => b.map((bi, i) => {
    const d1 = i === 0 ? 1 : 0, d7 = i === 6 ? 1 : 0;
    return th * bi + th * (1 - th) * ((d1 - bi) + th * ((2 * bi - d1 - d7) + (1 - th) * dd[i]));
  });
  for (const th of [0.1, 0.5, 0.8]) {
    for (let p = 1; p <= 4; p++) {
      const r = orderResidual(TREES[p], weights(th), A, A, th);
      assert.ok(r < 1e-14, `theta=${th} order ${p}: residual ${r}`);
    }
  }
  weights(1).forEach((v, i) => assert.ok(Math.abs(v - b[i]) < 1e-15));
});
