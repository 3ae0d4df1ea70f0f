/**
 * Sobol analysis (issue #18): the Sobol sequence against its published first points and its
 * balance, the normal quantile, and the indices of two functions with analytic values — the
 * Ishigami function (Ishigami & Homma 1990; indices in Saltelli et al., Global Sensitivity
 * Analysis: The Primer, 2008, §4.6) and a linear model y = Σ a_i x_i with independent uniform
 * inputs (S_i = ST_i = a_i² Var x_i / Σ_k a_k² Var x_k) — within their bootstrap intervals, and the
 * intervals shrinking as N grows.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import { sobolPoints, directionNumbers } from '../../src/analysis/sobol-sequence.js';
import { sobolOfFunction, saltelliDesign, saltelliPoint, convergenceSizes } from '../../src/analysis/sobol.js';
import { normalCdf, normalQuantile } from '../../src/analysis/normal.js';

test('Sobol sequence: the published first points (unscrambled), balance of every dyadic block, scrambling', () => {
  const P = sobolPoints(10, 3);
  const expect = [[0, 0, 0], [0.5, 0.5, 0.5], [0.75, 0.25, 0.25], [0.25, 0.75, 0.75], [0.375, 0.375, 0.625], [0.875, 0.875, 0.125], [0.625, 0.125, 0.875], [0.125, 0.625, 0.375], [0.1875, 0.3125, 0.9375], [0.6875, 0.8125, 0.4375]];
  expect.forEach((row, i) => row.forEach((x, d) => assert.ok(Math.abs(P[i * 3 + d] - x) <= 2 ** -32, `point ${i} dim ${d}: ${P[i * 3 + d]} vs ${x}`)));
  // a (0, m, s)-net in each single dimension: every interval [k/2^m, (k+1)/2^m) holds one of the first 2^m points
  const dims = 40, n = 256;
  for (const seed of [undefined, 7]) {
    const Q = sobolPoints(n, dims, seed);
    for (let d = 0; d < dims; d++) {
      const seen = new Set<number>();
      for (let i = 0; i < n; i++) seen.add(Math.floor(Q[i * dims + d] * n));
      assert.equal(seen.size, n, `dimension ${d + 1}, seed ${seed}`);
    }
  }
  const S = sobolPoints(4, 2, 7);
  assert.notDeepEqual(Array.from(S), Array.from(sobolPoints(4, 2, 8)));
  assert.ok(Array.from(S).every((x) => x > 0 && x < 1));
  assert.equal(directionNumbers(129).length, 129);
  assert.throws(() => directionNumbers(130), RangeError);
});

test('normal quantile inverts the CDF', () => {
  for (const p of [1e-10, 1e-4, 0.01, 0.02425, 0.3, 0.5, 0.8, 0.975, 0.9999]) {
    assert.ok(Math.abs(normalCdf(normalQuantile(p)) - p) < 2e-7 * Math.max(p, 1e-3), `p = ${p}`);
  }
  assert.ok(Math.abs(normalQuantile(0.975) - 1.959963984540054) < 1e-8);
  assert.equal(normalQuantile(0.5), 0);
});

test('Saltelli design: run j·(d+2) is A_j, then B_j, then A_j with one column from B', () => {
  const des = saltelliDesign(3, 8, 1);
  const a = saltelliPoint(des, 2 * 5), b = saltelliPoint(des, 2 * 5 + 1), ab2 = saltelliPoint(des, 2 * 5 + 3);
  assert.deepEqual(Array.from(ab2), [a[0], b[1], a[2]]);
  assert.deepEqual(convergenceSizes(2048), [128, 256, 512, 1024, 2048]);
});

const PI = Math.PI;
function ishigami(u: Float64Array): number {
  const x1 = -PI + 2 * PI * u[0], x2 = -PI + 2 * PI * u[1], x3 = -PI + 2 * PI * u[2];
  return Math.sin(x1) + 7 * Math.sin(x2) ** 2 + 0.1 * x3 ** 4 * Math.sin(x1);
}
// analytic (a = 7, b = 0.1)
const a = 7, b = 0.1;
const V = a * a / 8 + b * PI ** 4 / 5 + b * b * PI ** 8 / 18 + 0.5;
const V1 = 0.5 * (1 + b * PI ** 4 / 5) ** 2, V2 = a * a / 8, V13 = b * b * PI ** 8 * (1 / 18 - 1 / 50);
const ISHIGAMI = { S1: [V1 / V, V2 / V, 0], ST: [(V1 + V13) / V, V2 / V, V13 / V] };

test('Ishigami: first-order and total indices within their bootstrap intervals; intervals shrink with N', () => {
  let widths: number[] | undefined;
  for (const n of [1024, 8192]) {
    const r = sobolOfFunction(ishigami, 3, n, { seed: 3, resamples: 300 });
    for (let i = 0; i < 3; i++) {
      assert.ok(r.S1lo[i] <= ISHIGAMI.S1[i] && ISHIGAMI.S1[i] <= r.S1hi[i], `N ${n} S${i + 1} = ${ISHIGAMI.S1[i]} in [${r.S1lo[i]}, ${r.S1hi[i]}] (estimate ${r.S1[i]})`);
      assert.ok(r.STlo[i] <= ISHIGAMI.ST[i] && ISHIGAMI.ST[i] <= r.SThi[i], `N ${n} ST${i + 1} = ${ISHIGAMI.ST[i]} in [${r.STlo[i]}, ${r.SThi[i]}] (estimate ${r.ST[i]})`);
    }
    const w = [...Array.from(r.S1hi, (h, i) => h - r.S1lo[i]), ...Array.from(r.SThi, (h, i) => h - r.STlo[i])];
    if (widths) w.forEach((x, k) => assert.ok(x < 0.6 * widths![k], `interval ${k} shrinks: ${widths![k]} → ${x}`));
    widths = w;
  }
});

test('linear model: S_i = ST_i = a_i² Var x_i / Σ, within the intervals; intervals shrink with N', () => {
  const coef = [1, 2, 0.5, 0, 3];
  const lo = [0, -1, 2, 0, 10], hi = [1, 1, 6, 5, 11];
  const varx = coef.map((_, i) => (hi[i] - lo[i]) ** 2 / 12);
  const tot = coef.reduce((s, c, i) => s + c * c * varx[i], 0);
  const exact = coef.map((c, i) => c * c * varx[i] / tot);
  const f = (u: Float64Array) => coef.reduce((s, c, i) => s + c * (lo[i] + (hi[i] - lo[i]) * u[i]), 0);
  let prev: number | undefined;
  for (const n of [512, 4096]) {
    const r = sobolOfFunction(f, 5, n, { seed: 11, resamples: 300 });
    for (let i = 0; i < 5; i++) {
      assert.ok(r.S1lo[i] <= exact[i] + 1e-12 && exact[i] - 1e-12 <= r.S1hi[i], `N ${n} S${i + 1} = ${exact[i]} in [${r.S1lo[i]}, ${r.S1hi[i]}]`);
      assert.ok(r.STlo[i] <= exact[i] + 1e-12 && exact[i] - 1e-12 <= r.SThi[i], `N ${n} ST${i + 1} = ${exact[i]} in [${r.STlo[i]}, ${r.SThi[i]}]`);
    }
    const width = Math.max(...Array.from(r.S1hi, (h, i) => h - r.S1lo[i]));
    if (prev !== undefined) assert.ok(width < 0.6 * prev, `widest S1 interval ${prev} → ${width}`);
    prev = width;
  }
});
