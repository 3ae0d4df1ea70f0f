/**
 * Parameter and switch changes during a run ("changes": a diet change, a drug started): the run with
 * a change at T equals a run to T followed by a run from that state with the new parameters, and a
 * model's own scenario keys (e.g. "diet") work inside a change.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import { runScenario } from '../../src/builtin/index.js';

const TOL = { rtol: 1e-10, atol: 1e-14 };

test('a change at T equals two chained runs', () => {
  const changed = runScenario({ model: 'dutta-layton-2024', duration: '10 d', output: { times: ['5 d', '10 d'] }, changes: [{ time: '5 d', scale: { IMg: 0.5 } }], solver: TOL });
  const first = runScenario({ model: 'dutta-layton-2024', duration: '5 d', output: { times: ['5 d'] }, solver: TOL });
  const initial = Object.fromEntries(first.model.stateNames.map((s) => [s, first.column(s)[0]]));
  const second = runScenario({ model: 'dutta-layton-2024', duration: '5 d', output: { times: ['5 d'] }, scale: { IMg: 0.5 }, initial, solver: TOL });
  for (const s of ['Mg_p', 'Ca_p', 'PTH_p', 'D3_p', 'NMg_f']) {
    const a = changed.column(s)[1], b = second.column(s)[0];
    assert.ok(Math.abs(a - b) <= 1e-7 * Math.abs(b), `${s}: ${a} vs ${b}`);
  }
  // before the change nothing moved; the observable row at T still shows the old intake (state before the stop)
  assert.ok(Math.abs(changed.column('Mgp')[0] - 0.65) < 1e-4);
  assert.ok(changed.column('Mgp')[1] < 0.5);
});

test('model scenario keys inside a change, and change validation with paths', () => {
  const r = runScenario({ model: 'human-mg-bone', duration: '2 y', output: { every: '1 y' }, diet: { Mg: '100 mg/d' }, changes: [{ time: '1 y', diet: { Mg: '325 mg/d' } }] });
  const mg = r.column('Mg_serum');
  assert.ok(mg[1] < 0.8 && mg[2] > mg[1], `Mg_serum ${Array.from(mg)}`);
  assert.throws(() => runScenario({ model: 'dutta-layton-2024', duration: '1 d', changes: [{ time: '2 d', parameters: { IMgg: 1 } }, { scale: { IMg: -1 } }] }), (e: Error) => {
    assert.match(e.message, /changes\[0\]\.time: "2 d" is after the end of the run/);
    assert.match(e.message, /changes\[0\]\.parameters\.IMgg: unknown parameter .*did you mean 'IMg'/);
    assert.match(e.message, /changes\[1\]\.time: required/);
    assert.match(e.message, /changes\[1\]\.scale\.IMg: -1 must be a finite factor ≥ 0/);
    return true;
  });
});

test('parameter values outside the model\'s domain are input errors naming the rule, at the start and in changes', () => {
  // each value is inside its own bounds; together with the defaults they leave an EC50 undefined
  assert.throws(() => runScenario({ model: 'openbonemin', duration: '1 d', parameters: { EmaxPicROB: 0.01 }, changes: [{ time: '12 h', parameters: { EmaxPicOC: 0.01 } }] }), (e: Error) => {
    assert.match(e.message, /parameters: with EmaxPicROB = 0\.01: rule EC50PicROB = .* is NaN \(EC50PicROBparen = -/);
    assert.match(e.message, /changes\[0\]\.parameters: with EmaxPicROB = 0\.01, EmaxPicOC = 0\.01: rule EC50PicROB/);
    return true;
  });
});
