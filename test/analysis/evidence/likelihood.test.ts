/**
 * The statistical model and the least-squares objective: residuals on the normal and log scales,
 * the model discrepancy in quadrature, bounds and priors, and the Jacobian — the finite-difference
 * fallback and the sensitivity path — against closed-form derivatives of the decay model.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkStudy, type Study } from '../../../src/analysis/evidence/study.js';
import { residual, totalSE, studyObjective } from '../../../src/analysis/evidence/likelihood.js';
import { fdSensitivities } from '../../../src/analysis/evidence/predict.js';
import { InputError } from '../../../src/core/issues.js';
import { decayExact, decayModel, decayStudy } from './decay-model.js';

const study = (): Study => checkStudy(decayStudy(), 'decay.json', decayModel).study!;
const byId = (s: Study) => Object.fromEntries(s.arms.flatMap((a) => a.measurements).map((m) => [m.id, m]));

test('residuals: (model − observed)/SE, on the log scale for ratios and scale: log; discrepancy in quadrature', () => {
  const m = byId(study());
  assert.equal(residual(m.abs, 1.5), (1.5 - 1.2) / 0.1);
  assert.ok(Math.abs(residual(m.rat, 0.5) - Math.log(0.5 / 0.4) / m.rat.se!) < 1e-14);
  assert.ok(Math.abs(residual(m['c-end'], 2) - Math.log(2 / 1.8) / (0.1 / 1.8)) < 1e-12);
  // normal scale: ε·|y| in quadrature with the SE; log scale: sqrt(ln(1 + ε²))
  assert.ok(Math.abs(totalSE(m.abs, 0.1) - Math.hypot(0.1, 0.12)) < 1e-15);
  assert.ok(Math.abs(totalSE(m.rat, 0.2) - Math.hypot(m.rat.se!, Math.sqrt(Math.log(1.04)))) < 1e-15);
  assert.equal(totalSE(m.abs, 0), 0.1);
  assert.ok(Number.isNaN(residual(m.rat, -1)), 'a negative ratio is off the log scale');
});

test('objective residuals equal the closed-form residuals; priors are extra rows', () => {
  const s = study();
  const obj = studyObjective([s], decayModel, { params: ['k', 'X0'], priors: { k: { median: 0.2, sdLog: 0.5 } }, modelError: 0.05 });
  const quantitative = s.arms.flatMap((a) => a.measurements).filter((m) => m.kind !== 'qualitative');
  assert.equal(obj.nResiduals, quantitative.length + 1);
  assert.equal(obj.labels[obj.nResiduals - 1], 'prior:k');
  assert.deepEqual(obj.params, ['k', 'X0']);
  // bounds from the spec: k in [1e-3, 10] ∩ [1e-4, 100]; X0 in [0.01, 100] ∩ [0.002, 2000]
  assert.deepEqual(Array.from(obj.lower), [Math.log(1e-3), Math.log(0.01)]);
  assert.deepEqual(Array.from(obj.upper), [Math.log(10), Math.log(100)]);
  const theta = Float64Array.from([Math.log(0.12), Math.log(2.5)]);
  const ev = obj.evaluate(theta, false);
  assert.equal(ev.failure, undefined);
  const exact = decayExact(0.12, 2.5);
  quantitative.forEach((m, i) => {
    const expect = residual(m, exact[m.id], 0.05);
    assert.ok(Math.abs(ev.r[i] - expect) <= 1e-6 * Math.max(1, Math.abs(expect)), `${m.id}: ${ev.r[i]} vs ${expect}`);
  });
  assert.ok(Math.abs(ev.r[obj.nResiduals - 1] - Math.log(0.12 / 0.2) / 0.5) < 1e-14);
});

test('Jacobian: finite-difference fallback and sensitivity path agree with the closed form', () => {
  const s = study();
  const theta = Float64Array.from([Math.log(0.12), Math.log(2.5)]);
  const fd = studyObjective([s], decayModel, { params: ['k', 'X0'], priors: { X0: { median: 2, sdLog: 1 } } }).evaluate(theta, true);
  const sens = studyObjective([s], decayModel, { params: ['k', 'X0'], priors: { X0: { median: 2, sdLog: 1 } }, sensitivities: fdSensitivities(1e-4) }).evaluate(theta, true);
  const obj = studyObjective([s], decayModel, { params: ['k', 'X0'], priors: { X0: { median: 2, sdLog: 1 } } });
  assert.ok(fd.J && sens.J);
  // closed form: central differences of the exact residuals with a tiny step
  const h = 1e-6;
  const quantitative = s.arms.flatMap((a) => a.measurements).filter((m) => m.kind !== 'qualitative');
  const exactR = (k: number, X0: number) => quantitative.map((m) => residual(m, decayExact(k, X0)[m.id]));
  const [k, X0] = [0.12, 2.5];
  const dk = exactR(k * Math.exp(h), X0).map((v, i) => (v - exactR(k * Math.exp(-h), X0)[i]) / (2 * h));
  const dX0 = exactR(k, X0 * Math.exp(h)).map((v, i) => (v - exactR(k, X0 * Math.exp(-h))[i]) / (2 * h));
  let worstFd = 0, worstSens = 0;
  quantitative.forEach((m, i) => {
    for (const [c, d] of [[0, dk[i]], [1, dX0[i]]] as const) {
      const scale = Math.max(1, Math.abs(d));
      worstFd = Math.max(worstFd, Math.abs(fd.J![i * 2 + c] - d) / scale);
      worstSens = Math.max(worstSens, Math.abs(sens.J![i * 2 + c] - d) / scale);
    }
  });
  assert.ok(worstFd < 1e-5, `FD fallback: worst ${worstFd}`);
  assert.ok(worstSens < 1e-5, `sensitivity path: worst ${worstSens}`);
  // the prior row: ∂/∂θ_X0 = 1/sdLog, nothing on k
  const last = obj.nResiduals - 1;
  assert.ok(fd.J![last * 2] === 0 && Math.abs(fd.J![last * 2 + 1] - 1) < 1e-9);
  assert.deepEqual([sens.J![last * 2], sens.J![last * 2 + 1]], [0, 1]);
});

test('objective: unknown or non-positive parameters and bad priors are input errors', () => {
  assert.throws(() => studyObjective([study()], decayModel, { params: ['kk'], priors: { zz: { median: 1, sdLog: 1 } } }),
    (e: unknown) => e instanceof InputError && e.issues.length === 2 && /did you mean 'k'/.test(e.message) && /priors/.test(e.message));
});
