/**
 * Predictions of every measurement kind against the closed-form decay model, the efficiency
 * contract (each arm once, at exactly the times its measurements need), parameter overrides under
 * an arm's own settings, and sensitivities (chain rule through each kind, through `after`) against
 * the closed-form derivatives.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkStudy, type Study } from '../../../src/analysis/evidence/study.js';
import { predictStudy, fdSensitivities } from '../../../src/analysis/evidence/predict.js';
import { assertLnGradients, decayExact, decayModel, decayStudy } from './decay-model.js';

function study(data = decayStudy()): Study {
  const r = checkStudy(data, 'decay.json', decayModel);
  assert.deepEqual(r.issues, []);
  return r.study!;
}

const close = (a: number, b: number, rtol: number, what: string): void => {
  assert.ok(Math.abs(a - b) <= rtol * Math.max(Math.abs(b), 1e-12), `${what}: ${a} vs ${b} (rel ${Math.abs(a - b) / Math.abs(b)})`);
};

test('every measurement kind equals its closed form (rtol 1e-7)', () => {
  const s = study();
  const exact = decayExact();
  const pred = predictStudy(s, decayModel);
  assert.equal(pred.failure, undefined);
  assert.equal(pred.predictions.length, Object.keys(exact).length);
  for (const p of pred.predictions) close(p.value, exact[p.measurement.id], 1e-7, p.measurement.id);
  const pass = Object.fromEntries(pred.predictions.filter((p) => p.pass !== undefined).map((p) => [p.measurement.id, p.pass]));
  // X falls; C(10 h) = 1.26 is not below 0.1; the b/a percent difference −63 % is inside [−70, −60]
  assert.deepEqual(pass, { down: true, 'c-small': false, 'pc-vs': true });
});

test('each arm runs once, at exactly the times its measurements (and dependent arms) need', () => {
  const s = study();
  const times = Object.fromEntries(s.arms.map((a) => [a.id, Array.from(a.scenario.outputTimes)]));
  // a: 0 (baselines), 1, 2, 5, 6, 8, 10 (its own and b's versus reads) — 10 is also c's start
  assert.deepEqual(times.a, [0, 1, 2, 5, 6, 8, 10]);
  assert.deepEqual(times.b, [10]);
  assert.deepEqual(times.c, [5]);
  assert.deepEqual(s.arms.map((a) => a.id), ['a', 'b', 'c'], 'c runs after a');
});

test('parameter overrides replace defaults; an arm\'s own parameters win', () => {
  const s = study();
  const pred = predictStudy(s, decayModel, { k: 0.05, X0: 3 });
  const exact = decayExact(0.05, 3);
  for (const p of pred.predictions) close(p.value, exact[p.measurement.id], 1e-7, p.measurement.id);
});

test('sensitivities by the chain rule (FD per arm, through "after") match the closed-form derivatives', () => {
  const s = study();
  const pred = predictStudy(s, decayModel, undefined, { gradient: { params: ['k', 'X0'], sensitivities: fdSensitivities(1e-4) } });
  assert.equal(pred.failure, undefined);
  // ∂/∂ln X0: every kind linear in X0 equals its value; ratios and percent changes do not depend on X0
  // ∂/∂ln k by central differences of the closed form
  const exact = decayExact();
  const scaleFree = ['pc', 'rat', 'rat-vs', 'pc-vs'];
  assertLnGradients(pred.predictions, (k) => decayExact(k), (id) => (scaleFree.includes(id) ? 0 : exact[id]), 1e-6);
  // arm c fixes k, so its sensitivity to ln k comes only through its start state: −k·T·X(T)·e^(−1.5)
  const xEnd = pred.predictions.find((p) => p.measurement.id === 'x-end')!;
  close(xEnd.grad![0], -0.1 * 10 * 2 * Math.exp(-1) * Math.exp(-1.5), 1e-6, 'x-end via after');
});

test('a failed run is reported, not thrown', () => {
  const data = decayStudy();
  (data.arms as { scenario: Record<string, unknown> }[])[0].scenario.solver = { rtol: 1e-11, atol: 1e-13, maxSteps: 2 };
  const pred = predictStudy(study(data), decayModel);
  assert.match(pred.failure ?? '', /^arm a: /);
  assert.equal(pred.predictions.length, 0);
});
