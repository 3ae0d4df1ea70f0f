/**
 * `per` in study files (session 19): a qualitative fact on the quotient of two observables' compared quantities, e.g. a
 * clearance (excess excretion rate per excess concentration) or an apparent volume (excess amount per excess
 * concentration). Checked against the closed-form decay model: its value, its unit, its gradient (quotient rule) and
 * the errors a bad use gets, all at once.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkStudy } from '../../../src/analysis/evidence/study.js';
import { predictStudy, fdSensitivities } from '../../../src/analysis/evidence/predict.js';
import { decayModel } from './decay-model.js';

const tight = { rtol: 1e-11, atol: 1e-13 };
const base = { citation: 'Test. Per study. J Tests 1:1.', doi: '10.0/per', evidence: 'hypothesis', population: 'none', model: 'test-decay', split: 'training' };

function perStudy(measurements: unknown[], inA: unknown[] = []): Record<string, unknown> {
  return {
    id: 'per', ...base,
    arms: [
      { id: 'a', scenario: { duration: '10 h', solver: tight }, measurements: inA },
      { id: 'b', scenario: { duration: '10 h', parameters: { k: 0.2 }, solver: tight }, measurements },
    ],
  };
}

test('per: C over X at a time is e^(kt) − 1, and the change of C per change of X between arms is −1 (C = X0 − X), with their gradients', () => {
  const r = checkStudy(perStudy([
    { id: 'vs-a', observable: 'C', per: 'Y', kind: 'qualitative', quantity: 'change', versus: 'a', time: '10 h', range: { lower: -1.01, upper: -0.99 } },
  ], [
    { id: 'ratio-at', observable: 'C', per: 'X', kind: 'qualitative', time: '5 h', range: { lower: 0.64, upper: 0.66 } },
    { id: 'too-high', observable: 'C', per: 'X', kind: 'qualitative', time: '5 h', range: { upper: 0.6 } },
  ]), 'per.json', decayModel);
  assert.deepEqual(r.issues, []);
  const s = r.study!;
  const m = s.arms.find((a) => a.id === 'a')!.measurements;
  assert.equal(m[0].unit, '1');
  assert.equal(m[0].per, 'X');
  const pred = predictStudy(s, decayModel, undefined, { gradient: { params: ['k', 'X0'], sensitivities: fdSensitivities(1e-4) } });
  assert.equal(pred.failure, undefined);
  const byId = Object.fromEntries(pred.predictions.map((p) => [p.measurement.id, p]));
  const [at, vs, high] = [byId['ratio-at'], byId['vs-a'], byId['too-high']];
  const k = 0.1, t = 5;
  assert.ok(Math.abs(at.value / (Math.exp(k * t) - 1) - 1) < 1e-7, `C/X at 5 h: ${at.value}`);
  assert.equal(at.pass, true);
  assert.ok(Math.abs(vs.value + 1) < 1e-7, `ΔC/ΔX: ${vs.value}`);
  assert.equal(vs.pass, true);
  assert.equal(high.pass, false);
  // d(e^(kt) − 1)/d ln k = k·t·e^(kt); X0 cancels in the quotient
  assert.ok(Math.abs(at.grad![0] / (k * t * Math.exp(k * t)) - 1) < 1e-5, `d/d ln k: ${at.grad![0]}`);
  assert.ok(Math.abs(at.grad![1]) < 1e-6, `d/d ln X0: ${at.grad![1]}`);
  // −1 whatever k and X0 are: no gradient
  assert.ok(Math.abs(vs.grad![0]) < 1e-5 && Math.abs(vs.grad![1]) < 1e-5, `grad of −1: ${Array.from(vs.grad!)}`);
});

test('per: a quotient\'s range is read in the quotient\'s unit (a volume from an amount per concentration)', () => {
  const r = checkStudy({
    id: 'per-unit', ...base,
    arms: [{ id: 'a', scenario: { duration: '10 h', solver: tight }, measurements: [
      // C (mmol/L) per X (mmol/L) is dimensionless: "50 %" is not a number the quotient can be compared with, 0.5 is
      { id: 'q', observable: 'C', per: 'X', kind: 'qualitative', time: '5 h', range: { lower: '2 L' } },
    ] }],
  }, 'per-unit.json', decayModel);
  assert.equal(r.issues.length, 1);
  assert.match(r.issues[0].message, /does not convert to 1/);
});

test('per: a bad use gets every problem at once, each with its path', () => {
  const r = checkStudy(perStudy([
    { id: 'quant', observable: 'C', per: 'X', kind: 'absolute', time: '5 h', value: '1 mmol/L', se: 0.1 },
    { id: 'dir', observable: 'C', per: 'X', kind: 'qualitative', quantity: 'change', versus: 'a', time: '5 h', direction: 'increase' },
    { id: 'unknown', observable: 'C', per: 'Xx', kind: 'qualitative', time: '5 h', range: { upper: 2 } },
    { id: 'pc', observable: 'C', per: 'X', kind: 'qualitative', quantity: 'percent_change', time: '5 h', baseline: '1 h', range: { upper: 2 } },
    { id: 'self', observable: 'C', per: 'C', kind: 'qualitative', time: '5 h', range: { upper: 2 } },
  ]), 'bad-per.json', decayModel);
  const at = (j: number, key: string): string | undefined => r.issues.find((i) => i.path.join('.') === `arms.1.measurements.${j}.${key}`)?.message;
  assert.match(at(0, 'per') ?? '', /only for qualitative measurements/);
  assert.match(at(1, 'direction') ?? '', /not used with "per"/);
  assert.match(at(2, 'per') ?? '', /"Xx" is not an observable of test-decay.*did you mean/i);
  assert.match(at(3, 'quantity') ?? '', /not allowed with "per"; allowed: absolute, change/);
  assert.match(at(4, 'per') ?? '', /by itself/);
  assert.equal(r.study, undefined);
});

test('per: the quotient is shown and compared in the unit its range is written in (percent here, L/h for a clearance)', () => {
  const r = checkStudy(perStudy([
    { id: 'vs-a', observable: 'C', per: 'Y', kind: 'qualitative', quantity: 'change', versus: 'a', time: '10 h', range: { lower: -1.01, upper: -0.99 } },
  ], [
    { id: 'pct', observable: 'C', per: 'X', kind: 'qualitative', time: '5 h', range: { lower: '64 %', upper: '66 %' } },
    { id: 'bare', observable: 'C', per: 'X', kind: 'qualitative', time: '5 h', range: { lower: 0.64, upper: 0.66 } },
  ]), 'per-pct.json', decayModel);
  assert.deepEqual(r.issues, []);
  const [pct, bare] = r.study!.arms.find((a) => a.id === 'a')!.measurements;
  assert.equal(pct.unit, '%');
  assert.equal(pct.perScale, 100);
  assert.equal(bare.unit, '1');
  const pred = predictStudy(r.study!, decayModel, undefined, { gradient: { params: ['k'], sensitivities: fdSensitivities(1e-4) } });
  const byId = Object.fromEntries(pred.predictions.map((p) => [p.measurement.id, p]));
  const e = Math.exp(0.5) - 1;
  assert.ok(Math.abs(byId.pct.value / (100 * e) - 1) < 1e-7, `${byId.pct.value} %`);
  assert.equal(byId.pct.pass, true);
  assert.ok(Math.abs(byId.pct.grad![0] / (100 * 0.5 * Math.exp(0.5)) - 1) < 1e-5, `d/d ln k ${byId.pct.grad![0]}`);
  assert.ok(Math.abs(byId.bare.value - e) < 1e-9 && byId.bare.pass === true);
});
