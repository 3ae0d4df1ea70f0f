/**
 * A difference of changes from baseline between two arms (`versus` with `baseline`): the endpoint of most drug trials
 * (placebo-adjusted percent change from baseline). Checked against the closed-form decay model (X = X0·e^(−kt); arm a
 * k = 0.1/h, arm b k = 0.2/h, both read at their own baseline 2 h and at 10 h), with its gradient, its direction, the
 * output times it asks of both arms, the errors of a malformed one, and its PEtab export.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkStudy, type Study } from '../../../src/analysis/evidence/study.js';
import { predictStudy, fdSensitivities, combine4 } from '../../../src/analysis/evidence/predict.js';
import { exportPetab } from '../../../src/analysis/petab/export.js';
import { checkStudies } from '../../../src/analysis/evidence/coverage.js';
import { assertLnGradients, decayModel } from './decay-model.js';

const tight = { rtol: 1e-11, atol: 1e-13 };
const X = (k: number, t: number, X0 = 2): number => X0 * Math.exp(-k * t);

function data(measurements: Record<string, unknown>[]): Record<string, unknown> {
  return {
    id: 'adj', citation: 'Test. Placebo-adjusted study. J Tests 1:1.', doi: '10.0/adj', evidence: 'hypothesis', population: 'none',
    model: 'test-decay', split: 'training',
    arms: [
      { id: 'placebo', scenario: { duration: '10 h', solver: tight }, measurements: [] },
      { id: 'drug', scenario: { duration: '10 h', parameters: { k: 0.2 }, solver: tight }, measurements },
    ],
  };
}

const MEASUREMENTS: Record<string, unknown>[] = [
  { id: 'pc', observable: 'X', kind: 'percent_change', versus: 'placebo', baseline: '2 h', time: '10 h', value: -25, se: 2 },
  { id: 'chg', observable: 'X', kind: 'contrast', versus: 'placebo', baseline: '2 h', time: '10 h', value: '-0.4 mmol/L', se: 0.05 },
  { id: 'rat', observable: 'X', kind: 'ratio', versus: 'placebo', baseline: '2 h', time: '10 h', value: 0.45, se: 0.05 },
  { id: 'more-loss', observable: 'X', kind: 'qualitative', quantity: 'percent_change', versus: 'placebo', baseline: '2 h', time: '10 h', direction: 'decrease', range: { lower: -30, upper: -20 } },
  { id: 'less-loss', observable: 'X', kind: 'qualitative', quantity: 'percent_change', versus: 'placebo', baseline: '2 h', time: '10 h', direction: 'increase' },
];

function study(ms = MEASUREMENTS): Study {
  const r = checkStudy(data(ms), 'adj.json', decayModel);
  assert.deepEqual(r.issues, []);
  return r.study!;
}

function exact(k = 0.1, X0 = 2): Record<string, number> {
  const [a, a0, b, b0] = [X(0.2, 10, X0), X(0.2, 2, X0), X(k, 10, X0), X(k, 2, X0)];
  return { pc: 100 * (a / a0 - b / b0), chg: (a - a0) - (b - b0), rat: (a / a0) / (b / b0), 'more-loss': 100 * (a / a0 - b / b0), 'less-loss': 100 * (a / a0 - b / b0) };
}

test('placebo-adjusted change: percent, absolute and ratio forms equal their closed forms, and a direction compares the changes', () => {
  const s = study();
  const m = s.arms[1].measurements[0];
  assert.deepEqual(m.reference, { arm: 'placebo', at: { t2: 10 }, baseline: 2 });
  const pred = predictStudy(s, decayModel);
  assert.equal(pred.failure, undefined);
  const e = exact();
  for (const p of pred.predictions) {
    const id = p.measurement.id;
    assert.ok(Math.abs(p.value - e[id]) <= 1e-7 * Math.abs(e[id]), `${id}: ${p.value} vs ${e[id]}`);
  }
  // −26.8 points: the drug arm loses more than placebo (inside [−30, −20]); it does not lose less
  const pass = Object.fromEntries(pred.predictions.filter((p) => p.pass !== undefined).map((p) => [p.measurement.id, p.pass]));
  assert.deepEqual(pass, { 'more-loss': true, 'less-loss': false });
  // not the same as the difference of the levels at 10 h (the old approximation): both arms start from X0 here, so
  // 100·(drug/placebo − 1) at 10 h differs from the placebo-adjusted change from 2 h
  const levels = 100 * (X(0.2, 10) / X(0.1, 10) - 1);
  assert.ok(Math.abs(levels - e.pc) > 1, `${levels} vs ${e.pc}`);
});

test('both arms are run to their common baseline time as well as to the measurement time', () => {
  const s = study();
  for (const arm of s.arms) assert.deepEqual(Array.from(arm.scenario.outputTimes), [2, 10], arm.id);
});

test('the gradient through all four readings matches the closed form (∂/∂ln k of the placebo arm, ∂/∂ln X0)', () => {
  // the placebo arm takes k from the parameter vector; the drug arm sets its own k, so ∂/∂ln k only moves placebo
  const s = study();
  const pred = predictStudy(s, decayModel, undefined, { gradient: { params: ['k', 'X0'], sensitivities: fdSensitivities(1e-4) } });
  assert.equal(pred.failure, undefined);
  // changes relative to each arm's own baseline do not depend on X0 in percent or ratio form; the absolute one is linear in X0
  const chg = exact().chg;
  assertLnGradients(pred.predictions, (k) => exact(k), (id) => (id === 'chg' ? chg : 0), 1e-5);
});

test('combine4: the partial derivatives are those of its value', () => {
  const s = study();
  const [a, a0, b, b0] = [0.9, 1.3, 1.1, 1.2];
  for (const m of s.arms[1].measurements.slice(0, 3)) {
    const c = combine4(m, a, a0, b, b0);
    const args = [a, a0, b, b0];
    for (let i = 0; i < 4; i++) {
      const h = 1e-6, p = [...args], q = [...args];
      p[i] += h; q[i] -= h;
      const fd = (combine4(m, p[0], p[1], p[2], p[3]).value - combine4(m, q[0], q[1], q[2], q[3]).value) / (2 * h);
      assert.ok(Math.abs(c.d[i] - fd) <= 1e-6 * Math.max(1, Math.abs(fd)), `${m.id} d${i}: ${c.d[i]} vs ${fd}`);
    }
  }
});

test('a malformed difference of changes: every problem named at once', () => {
  const r = checkStudy(data([
    { id: 'late', observable: 'X', kind: 'percent_change', versus: 'placebo', baseline: '12 h', time: '10 h', value: -25, se: 2 },
    { id: 'window', observable: 'C', kind: 'contrast', versus: 'placebo', baseline: '1 h', over: ['2 h', '6 h'], value: '0.1 mmol/L', se: 0.05 },
    { id: 'abs', observable: 'X', kind: 'absolute', versus: 'placebo', baseline: '2 h', time: '10 h', value: '1 mmol/L', se: 0.1 },
  ]), 'adj.json', decayModel);
  const msgs = r.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  assert.ok(msgs.some((x) => /measurements\.0\.baseline/.test(x) && /after the measurement time/.test(x)), msgs.join('\n'));
  assert.ok(msgs.some((x) => /measurements\.1\.baseline/.test(x) && /not supported/.test(x)), msgs.join('\n'));
  assert.ok(msgs.some((x) => /measurements\.2\.versus/.test(x) && /absolute/.test(x)), msgs.join('\n'));
});

test('a difference of percent changes on the log scale is refused (it can be below −100 %); a ratio may be', () => {
  const r = checkStudy(data([
    { id: 'pc-log', observable: 'X', kind: 'percent_change', versus: 'placebo', baseline: '2 h', time: '10 h', value: -25, se: 0.1, scale: 'log' },
    { id: 'rat-log', observable: 'X', kind: 'ratio', versus: 'placebo', baseline: '2 h', time: '10 h', value: 0.45, se: 0.1, scale: 'log' },
  ]), 'adj.json', decayModel);
  assert.deepEqual(r.issues.map((i) => i.path.join('.')), ['arms.1.measurements.0.scale']);
});

test('PEtab export writes a difference of changes with both arms frozen at the baseline (its chi2 against the evidence engine: test/analysis/petab)', () => {
  const s = study([...MEASUREMENTS, { id: 'plain', observable: 'X', kind: 'absolute', time: '10 h', value: '0.3 mmol/L', se: 0.05 }]);
  const out = exportPetab(decayModel, [s], { params: ['k'] });
  for (const id of ['pc', 'chg', 'rat', 'plain']) assert.ok(out.exported.some((x) => x.label === `adj/drug/${id}`), `${id} exported`);
  assert.match(out.files['observables.tsv'], /\(X - X__pet_b1\) - \(X__pet_v - X__pet_v__pet_b1\)/);
});

test('the check report names the comparison: a change from baseline against the other arm', () => {
  const rows = checkStudies([study()], decayModel).rows.filter((r) => r.fact !== undefined);
  const fact = Object.fromEntries(rows.map((r) => [r.measurement, r.fact]));
  assert.equal(fact['more-loss'], 'decrease from baseline vs placebo; percent change in [-30, -20] %');
  assert.equal(fact['less-loss'], 'increase from baseline vs placebo');
  assert.deepEqual(rows.map((r) => r.pass), [true, false]);
});
