/**
 * The estimators of the evidence engine on problems with known answers: bounded least squares
 * (Rosenbrock, an exponential fit; bounds inactive and active; ±50 % starts; failed evaluations),
 * multi-start and its covariance, recovery and 95 % profile-CI coverage on synthetic data from a
 * small ODE model, profile classification, and determinism across worker counts.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import { leastSquares } from '../../../src/analysis/evidence/lsq.js';
import { fitMultiStart, covarianceAt } from '../../../src/analysis/evidence/fit.js';
import { profileLikelihood } from '../../../src/analysis/evidence/profile.js';
import { workerRunner } from '../../../src/node/evidence-workers.js';
import type { LeastSquaresObjective } from '../../../src/analysis/evidence/objective.js';
import { rosenbrock, exponential, linear, product, ode, type ProblemArgs } from './problems.js';

const close = (a: number, b: number, tol: number, what: string) => assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} vs ${b} (tol ${tol})`);

test('least squares: Rosenbrock from the classic start and from ±50 % of the minimum (bounds inactive)', () => {
  const obj = rosenbrock();
  for (const x0 of [[-1.2, 1], [1.5, 1.5], [0.5, 0.5], [1.5, 0.5], [0.5, 1.5]]) {
    const r = leastSquares(obj, x0);
    assert.ok(r.converged, `${x0}: ${r.message}`);
    close(r.theta[0], 1, 1e-7, `x1 from ${x0}`);
    close(r.theta[1], 1, 1e-7, `x2 from ${x0}`);
    assert.ok(r.cost < 1e-16, `cost ${r.cost}`);
  }
});

test('least squares: Rosenbrock with x1 ≤ 0.5 active stops on the bound at the constrained minimum (0.5, 0.25)', () => {
  const obj = rosenbrock([-5, -5], [0.5, 5]);
  for (const x0 of [[-1.2, 1], [0.25, 0.4], [0.5, 0.1]]) {
    const r = leastSquares(obj, x0);
    assert.ok(r.converged, r.message);
    assert.equal(r.theta[0], 0.5);
    close(r.theta[1], 0.25, 1e-8, 'x2');
    close(r.cost, 0.125, 1e-12, 'cost ½(1 − 0.5)²');
  }
});

test('least squares: exponential fit, analytic and finite-difference Jacobians agree; an active bound on k is held', () => {
  const args = { A: 5, k: 0.4, sigma: 0.02, seed: 3 };
  const obj = exponential(args);
  const noJac: LeastSquaresObjective = { ...obj, evaluate: (t) => ({ r: obj.evaluate(t, false).r }) };
  const truth = [Math.log(5), Math.log(0.4)];
  const ref = leastSquares(obj, truth);
  for (const f of [0.5, 1.5]) for (const g of [0.5, 1.5]) {
    const x0 = [Math.log(5 * f), Math.log(0.4 * g)];
    const a = leastSquares(obj, x0), b = leastSquares(noJac, x0);
    assert.ok(a.converged && b.converged, `${a.message} / ${b.message}`);
    close(a.theta[0], ref.theta[0], 1e-7, 'ln A'); close(a.theta[1], ref.theta[1], 1e-7, 'ln k');
    close(b.theta[0], ref.theta[0], 1e-5, 'ln A (differences)'); close(b.theta[1], ref.theta[1], 1e-5, 'ln k (differences)');
  }
  close(Math.exp(ref.theta[1]), 0.4, 0.02, 'k recovered');
  // k ≤ 0.3 (below the data's 0.4): the fit sits on the bound, A re-fitted
  const bounded = exponential({ ...args, upper: [5, Math.log(0.3)] });
  const r = leastSquares(bounded, [Math.log(2.5), Math.log(0.2)]);
  assert.ok(r.converged, r.message);
  assert.equal(r.theta[1], Math.log(0.3));
  assert.ok(r.gradient < 1e-8 * r.cost, `projected gradient ${r.gradient} (cost ${r.cost})`);
  const free = leastSquares({ ...bounded, upper: Float64Array.of(5, 5) }, r.theta);
  assert.ok(free.cost < r.cost - 1, 'the bound is binding');
});

test('least squares: trials whose evaluation fails are rejected (the region shrinks) and the fit still converges', () => {
  const obj = rosenbrock();
  let calls = 0;
  const flaky: LeastSquaresObjective = { ...obj, evaluate: (t, j) => (++calls >= 2 && calls <= 4 ? { r: new Float64Array(2), failure: 'solver failed at t=1' } : obj.evaluate(t, j)) };
  const r = leastSquares(flaky, [-1.2, 1]);
  assert.equal(r.failedEvaluations, 3);
  assert.ok(r.converged, r.message);
  close(r.theta[0], 1, 1e-7, 'x1');
  const dead: LeastSquaresObjective = { ...obj, evaluate: () => ({ r: new Float64Array(2), failure: 'no' }) };
  const d = leastSquares(dead, [0, 0]);
  assert.equal(d.status, 'failed');
  assert.match(d.message, /cannot be evaluated: no/);
});

test('covariance: (JᵀJ)⁻¹ of a linear problem equals σ²(XᵀX)⁻¹; a product a·b is flagged rank-deficient', async () => {
  const X = [[1, 0], [1, 1], [1, 2], [1, 3]], y = [1, 2.9, 5.2, 7.1], sigma = 0.5;
  const obj = linear({ X, y, sigma });
  const fit = await fitMultiStart(obj, [0, 0], { starts: 3, seed: 2 });
  // XᵀX = [[4, 6], [6, 14]], det 20: inverse [[14, −6], [−6, 4]]/20
  const c = fit.covariance!;
  close(c.matrix[0][0], (sigma ** 2 * 14) / 20, 1e-12, 'var b0'); close(c.matrix[0][1], (-(sigma ** 2) * 6) / 20, 1e-12, 'cov');
  close(c.matrix[1][1], (sigma ** 2 * 4) / 20, 1e-12, 'var b1');
  assert.equal(c.rankDeficient, false);
  // least-squares solution (XᵀX)⁻¹Xᵀy
  const Xty = [y.reduce((s, v) => s + v, 0), y.reduce((s, v, i) => s + v * X[i][1], 0)];
  close(fit.theta[0], (14 * Xty[0] - 6 * Xty[1]) / 20, 1e-8, 'b0'); close(fit.theta[1], (-6 * Xty[0] + 4 * Xty[1]) / 20, 1e-8, 'b1');
  const p = product({ ab: 2, sigma: 0.1, seed: 1 });
  const cp = covarianceAt(p, Float64Array.of(0.3, Math.log(2) - 0.3))!;
  assert.equal(cp.rankDeficient, true);
  assert.equal(cp.rank, 1);
  assert.deepEqual(cp.unidentified, ['a', 'b']);
  close(Math.abs(cp.nullDirections[0].vector[0]), Math.SQRT1_2, 1e-9, 'null direction (1, −1)/√2');
});

test('multi-start: every start reported; the best is the lowest converged cost; a Halton design inside the bounds', async () => {
  const obj = exponential({ A: 5, k: 0.4, sigma: 0.02, seed: 3 });
  const fit = await fitMultiStart(obj, [Math.log(2.5), Math.log(0.6)], { starts: 6, seed: 9 });
  assert.equal(fit.starts.length, 6);
  assert.equal(fit.starts[0].origin, 'user');
  for (const s of fit.starts) for (let i = 0; i < 2; i++) assert.ok(s.theta0[i] >= obj.lower[i] && s.theta0[i] <= obj.upper[i]);
  const best = Math.min(...fit.starts.filter((s) => s.converged).map((s) => s.cost));
  assert.equal(fit.cost, best);
  assert.equal(fit.values[1], Math.exp(fit.theta[1]));
  assert.equal(fit.residuals.length, obj.nResiduals);
  const again = await fitMultiStart(obj, [Math.log(2.5), Math.log(0.6)], { starts: 6, seed: 10 });
  assert.notDeepEqual(again.starts[1].theta0, fit.starts[1].theta0, 'the seed scrambles the design');
});

test('recovery: fits of a one-compartment ODE model from ±50 % starts recover (k, C0); 95 % profile CIs cover the truth in 17–20 of 20 seeds', async () => {
  const k = 0.3, C0 = 10;
  const covered = [0, 0];
  for (let seed = 1; seed <= 20; seed++) {
    const obj = ode({ k, C0, sigma: 0.2, seed });
    const x0 = seed % 2 ? [Math.log(k * 1.5), Math.log(C0 * 0.5)] : [Math.log(k * 0.5), Math.log(C0 * 1.5)];
    const fit = await fitMultiStart(obj, x0, { starts: 2, seed });
    assert.ok(fit.converged, fit.message);
    // within 4 standard errors of the truth
    close(fit.theta[0], Math.log(k), 4 * fit.covariance!.se[0], `ln k (seed ${seed})`);
    close(fit.theta[1], Math.log(C0), 4 * fit.covariance!.se[1], `ln C0 (seed ${seed})`);
    const prof = await profileLikelihood(obj, fit);
    assert.deepEqual(prof.warnings, []);
    prof.profiles.forEach((p, i) => {
      assert.equal(p.classification, 'identifiable', `${p.param} seed ${seed}`);
      const truth = [k, C0][i];
      if (p.ciValues[0]! <= truth && truth <= p.ciValues[1]!) covered[i]++;
    });
    // the Wald interval (θ̂ ± 1.96 SE) and the profile interval nearly agree on this near-linear problem
    if (seed === 1) prof.profiles.forEach((p, i) => close(p.ci[1]! - p.ci[0]!, 2 * 1.959964 * fit.covariance!.se[i], 0.1 * (p.ci[1]! - p.ci[0]!), `CI width ${p.param}`));
  }
  // 20 cases per parameter; at 95 % coverage P(≥ 17 of 20) = 0.98 (measured: 19 and 20)
  for (const c of covered) assert.ok(c >= 17 && c <= 20, `covered ${covered.join(', ')} of 20`);
});

test('profile: the 95 % crossing is at Δ = χ²₁(0.95)/2 = 1.92; a product a·b is structurally non-identifiable; a saturating parameter practically', async () => {
  // linear: the profile is exactly quadratic, CI = θ̂ ± 1.959964·SE
  const obj = linear({ X: [[1, 0], [1, 1], [1, 2], [1, 3]], y: [1, 2.9, 5.2, 7.1], sigma: 0.5 });
  const fit = await fitMultiStart(obj, [0, 0], { starts: 1 });
  const prof = await profileLikelihood(obj, fit);
  close(prof.threshold, 3.841458820694124 / 2, 1e-12, 'threshold');
  prof.profiles.forEach((p, i) => {
    const se = fit.covariance!.se[i];
    close(p.ci[0]!, fit.theta[i] - 1.959963984540054 * se, 1e-6 * se, `lower ${p.param}`);
    close(p.ci[1]!, fit.theta[i] + 1.959963984540054 * se, 1e-6 * se, `upper ${p.param}`);
    assert.equal(p.classification, 'identifiable');
    assert.ok(p.points.length >= 5 && p.points.some((q) => q.delta === 0));
  });
  const ab = product({ ab: 2, sigma: 0.1, seed: 4 });
  const fab = await fitMultiStart(ab, [0, 0], { starts: 3 });
  const pab = await profileLikelihood(ab, fab);
  for (const p of pab.profiles) assert.equal(p.classification, 'structurally non-identifiable', `${p.param}: max Δ ${p.maxDelta}`);
  // ln a: the valley crosses its whole box (flat, open both sides); ln b: closed only by a's bounds
  assert.deepEqual(pab.profiles[0].ci, [null, null]);
  assert.ok(pab.profiles[0].maxDelta < 1e-3 * pab.threshold, `max Δ ${pab.profiles[0].maxDelta}`);
  // s(θ₁) = logistic(θ₁) fitted to 0.95 ± 0.05: rising below, bounded by ½ above (never reaches 1.92)
  const sat: LeastSquaresObjective = {
    params: ['s', 'b'], lower: Float64Array.of(-10, -10), upper: Float64Array.of(10, 10), nResiduals: 2, labels: ['s', 'b'],
    evaluate: (t) => ({ r: Float64Array.of((1 / (1 + Math.exp(-t[0])) - 0.95) / 0.05, (t[1] - 1) / 0.1) }),
  };
  const fs = await fitMultiStart(sat, [1, 0], { starts: 1 });
  const ps = await profileLikelihood(sat, fs, ['s']);
  const s = ps.profiles[0];
  assert.equal(s.classification, 'practically non-identifiable');
  assert.ok(s.ci[0] !== null && s.ci[1] === null && s.upperEnd === 'bound', JSON.stringify([s.ci, s.upperEnd]));
  close(Math.max(...s.points.filter((q) => q.t > s.theta).map((q) => q.delta)), 0.5, 0.01, 'the profile rises to ½((1 − 0.95)/0.05)² above');
});

const PROBLEMS = new URL('./problems.js', import.meta.url).href;

async function withWorkers<T>(args: ProblemArgs, workers: number, f: (run: ReturnType<typeof workerRunner>) => Promise<T>): Promise<T> {
  const run = workerRunner({ module: PROBLEMS, args }, workers);
  try { return await f(run); } finally { await run.close(); }
}

test('determinism: the same seed gives the same fit and profile bytes serially, on 1 and on 2 workers', async () => {
  const args = { problem: 'ode', k: 0.3, C0: 10, sigma: 0.2, seed: 5 } as const;
  const obj = ode(args);
  const x0 = [Math.log(0.45), Math.log(5)];
  const serial = JSON.stringify(await fitMultiStart(obj, x0, { starts: 5, seed: 11 }));
  const one = await withWorkers(args, 1, async (runner) => JSON.stringify(await fitMultiStart(obj, x0, { starts: 5, seed: 11, runner })));
  const [two, prof2] = await withWorkers(args, 2, async (runner) => {
    const fit = await fitMultiStart(obj, x0, { starts: 5, seed: 11, runner });
    return [JSON.stringify(fit), JSON.stringify(await profileLikelihood(obj, fit, undefined, { runner }))];
  });
  assert.equal(one, serial);
  assert.equal(two, serial);
  const prof1 = JSON.stringify(await profileLikelihood(obj, JSON.parse(serial)));
  assert.equal(prof2, prof1);
});

test('worker runner: a source without the factory, or a task that throws in the worker, rejects with the reason', async () => {
  const none = workerRunner({ module: PROBLEMS, export: 'noSuchFactory' }, 1);
  try {
    await assert.rejects(fitMultiStart(rosenbrock(), [0, 0], { starts: 2, runner: none }), /exports no function 'noSuchFactory'/);
  } finally { await none.close(); }
  const throws = workerRunner({ module: PROBLEMS, args: { problem: 'rosenbrock' } }, 1);
  try {
    // the objective builds, but a task of an unknown kind throws inside the worker
    await assert.rejects((throws as unknown as { run: (k: string, t: unknown[]) => Promise<unknown> }).run('nope', [{}]), /worker: /);
  } finally { await throws.close(); }
});
