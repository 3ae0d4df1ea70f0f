/**
 * The posterior sampler and its diagnostics: rank-normalised split R-hat and bulk ESS on chains
 * whose answers are known (independent normals: R-hat ≈ 1, ESS ≈ S; AR(1) with ρ = 0.9: ESS ≈
 * S(1 − ρ)/(1 + ρ); chains with different means: R-hat ≫ 1), the ensemble sampler on a
 * linear-Gaussian problem (posterior N((XᵀX)⁻¹Xᵀy, σ²(XᵀX)⁻¹) under the flat prior) and its
 * determinism across worker counts.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import { rhat, essBulk } from '../../../src/analysis/evidence/diagnostics.js';
import { samplePosterior } from '../../../src/analysis/evidence/sampler.js';
import { fitMultiStart } from '../../../src/analysis/evidence/fit.js';
import { workerRunner } from '../../../src/node/evidence-workers.js';
import { scrambledHalton } from '../../../src/analysis/evidence/halton.js';
import { normalQuantile, chiSquare1Quantile, normalCdf } from '../../../src/analysis/evidence/stats.js';
import { Rng } from '../../../src/analysis/random.js';
import { linear } from './problems.js';

test('normal and χ²₁ quantiles to 1e-13 (reference values from the definitions: Φ(1.959963984540054) = 0.975)', () => {
  assert.ok(Math.abs(normalQuantile(0.975) - 1.959963984540054) < 1e-13);
  assert.ok(Math.abs(chiSquare1Quantile(0.95) - 3.841458820694124) < 1e-12);
  assert.ok(Math.abs(chiSquare1Quantile(0.99) - 6.634896601021214) < 1e-12);
  for (const p of [1e-10, 0.001, 0.02, 0.3, 0.5, 0.9, 0.999]) assert.ok(Math.abs(normalCdf(normalQuantile(p)) - p) < 1e-14 + 1e-12 * p, `p ${p}`);
});

test('scrambled Halton: points in [0, 1), the first 2^k stratify each coordinate of base 2 and 3, seeds differ', () => {
  const pts = scrambledHalton(81, 3, 7);
  for (const p of pts) for (const v of p) assert.ok(v >= 0 && v < 1);
  const cells2 = new Set(pts.slice(0, 64).map((p) => Math.floor(p[0] * 64)));
  assert.equal(cells2.size, 64, 'one point in each 1/64 of the base-2 coordinate');
  const cells3 = new Set(pts.slice(0, 81).map((p) => Math.floor(p[1] * 81)));
  assert.equal(cells3.size, 81, 'one point in each 1/81 of the base-3 coordinate');
  assert.notDeepEqual(scrambledHalton(5, 3, 8), scrambledHalton(5, 3, 7));
});

function chains(m: number, n: number, seed: number, f: (rng: Rng, prev: number, j: number) => number): Float64Array[] {
  const rng = new Rng(seed);
  return Array.from({ length: m }, (_, j) => {
    const c = new Float64Array(n);
    let prev = rng.normal();
    for (let i = 0; i < n; i++) { prev = f(rng, prev, j); c[i] = prev; }
    return c;
  });
}

test('R-hat and bulk ESS: independent draws, an AR(1) process and disagreeing chains', () => {
  const iid = chains(4, 1000, 1, (r) => r.normal());
  assert.ok(rhat(iid) < 1.005, `R-hat ${rhat(iid)}`);
  const e = essBulk(iid);
  assert.ok(e > 3400 && e < 4600, `ESS ${e} of 4000 independent draws`);
  const rho = 0.9;
  const ar = chains(4, 5000, 2, (r, prev) => rho * prev + Math.sqrt(1 - rho * rho) * r.normal());
  const ea = essBulk(ar), expected = (20000 * (1 - rho)) / (1 + rho);
  assert.ok(Math.abs(ea / expected - 1) < 0.2, `AR(1) ESS ${ea} vs ${expected}`);
  const shifted = chains(4, 1000, 3, (r, _p, j) => r.normal() + (j === 0 ? 1 : 0));
  assert.ok(rhat(shifted) > 1.1, `R-hat ${rhat(shifted)}`);
  const scaled = chains(4, 1000, 4, (r, _p, j) => r.normal() * (j === 0 ? 3 : 1));
  assert.ok(rhat(scaled) > 1.02, `the folded R-hat sees chains that differ in scale: ${rhat(scaled)}`);
});

// y = b0 + b1·x + b2·x² + noise at 12 points
const xs = Array.from({ length: 12 }, (_, i) => i / 4);
const X = xs.map((x) => [1, x, x * x]);
const rng = new Rng(21);
const y = xs.map((x) => 1 + 0.5 * x - 0.2 * x * x + 0.3 * rng.normal());
const sigma = 0.3;

function analytic(): { mean: number[]; cov: number[][] } {
  // (XᵀX)⁻¹ by Gauss–Jordan on the 3 × 3 system
  const A = [0, 1, 2].map((i) => [0, 1, 2].map((j) => X.reduce((s, row) => s + row[i] * row[j], 0)));
  const b = [0, 1, 2].map((i) => X.reduce((s, row, k) => s + row[i] * y[k], 0));
  const M = A.map((row, i) => [...row, ...[0, 1, 2].map((j) => (i === j ? 1 : 0))]);
  for (let c = 0; c < 3; c++) {
    const piv = M[c][c];
    for (let j = 0; j < 6; j++) M[c][j] /= piv;
    for (let r = 0; r < 3; r++) if (r !== c) { const f = M[r][c]; for (let j = 0; j < 6; j++) M[r][j] -= f * M[c][j]; }
  }
  const inv = M.map((row) => row.slice(3));
  return { mean: inv.map((row) => row.reduce((s, v, j) => s + v * b[j], 0)), cov: inv.map((row) => row.map((v) => v * sigma * sigma)) };
}

test('ensemble sampler: a linear-Gaussian posterior\'s mean and covariance within Monte Carlo error (by ESS); R-hat < 1.01', async () => {
  const obj = linear({ X, y, sigma });
  const fit = await fitMultiStart(obj, [0, 0, 0], { starts: 1 });
  const res = await samplePosterior(obj, fit, { chains: 4, draws: 2000, seed: 3, steps: 600 });
  const { mean, cov } = analytic();
  const minEss = Math.min(...res.ess);
  for (let i = 0; i < 3; i++) {
    assert.ok(res.rhat[i] < 1.01, `R-hat ${res.rhat[i]}`);
    assert.ok(res.ess[i] > 400, `ESS ${res.ess[i]}`);
    const se = Math.sqrt(cov[i][i] / res.ess[i]);
    assert.ok(Math.abs(res.thetaMean[i] - mean[i]) < 4 * se, `mean b${i}: ${res.thetaMean[i]} vs ${mean[i]} (MC se ${se})`);
    for (let j = 0; j < 3; j++) {
      const seCov = Math.sqrt((cov[i][i] * cov[j][j] + cov[i][j] ** 2) / minEss);
      assert.ok(Math.abs(res.thetaCovariance[i][j] - cov[i][j]) < 4 * seCov, `cov[${i}][${j}]: ${res.thetaCovariance[i][j]} vs ${cov[i][j]} (MC se ${seCov})`);
    }
  }
  assert.deepEqual(res.warnings, []);
  assert.equal(res.samples.length, 2000);
  assert.equal(res.samples[0].length, 3);
  // the returned draws are on the natural scale: their logs have the posterior mean of θ
  for (let i = 0; i < 3; i++) {
    const m = res.samples.reduce((s, row) => s + Math.log(row[i]), 0) / res.samples.length;
    assert.ok(Math.abs(m - mean[i]) < 4 * Math.sqrt(cov[i][i] / Math.min(res.ess[i], 2000)), `ln-sample mean b${i}: ${m} vs ${mean[i]}`);
  }
  for (const a of res.acceptance) assert.ok(a > 0.2 && a < 0.9, `acceptance ${a}`);
});

test('ensemble sampler: short chains started far off are flagged (R-hat or ESS warnings)', async () => {
  const obj = linear({ X, y, sigma });
  const res = await samplePosterior(obj, { theta: [3, -3, 2] }, { chains: 2, steps: 30, burn: 0, seed: 1 });
  assert.ok(res.warnings.some((w) => /R-hat|ESS/.test(w)), res.warnings.join('; '));
});

test('ensemble sampler: identical draws serially and on 2 workers', async () => {
  const args = { problem: 'linear' as const, X, y, sigma };
  const obj = linear(args);
  const fit = await fitMultiStart(obj, [0, 0, 0], { starts: 1 });
  const opts = { chains: 3, draws: 300, steps: 100, burn: 50, seed: 5 };
  const serial = JSON.stringify(await samplePosterior(obj, fit, opts));
  const runner = workerRunner({ module: new URL('./problems.js', import.meta.url).href, args }, 2);
  try {
    assert.equal(JSON.stringify(await samplePosterior(obj, fit, { ...opts, runner })), serial);
  } finally { await runner.close(); }
});
