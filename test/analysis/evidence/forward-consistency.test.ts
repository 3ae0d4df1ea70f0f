/**
 * The objective's residuals do not depend on whether its Jacobian is asked for (forward
 * sensitivities). A forward-sensitivity run integrates the closed-form linear states
 * (`solver.exactLinear`, on by default) because the closed forms carry no sensitivities, so a plain
 * run with the closed forms takes other steps and its states differ by the solver's tolerance
 * (human-mg-bone v2: 2e-6 relative in the training objective). The objective therefore runs every
 * forward-capable arm the way a sensitivity run does, with or without J (`forwardScenario`). The
 * test model has two linear states (a gut depot, a central compartment) and repeated oral doses
 * (time stops with a jump of the depot).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileModel } from '../../../src/model/model.js';
import { checkStudy, type Study } from '../../../src/analysis/evidence/study.js';
import { studyObjective } from '../../../src/analysis/evidence/likelihood.js';
import { armScenario, forwardScenario } from '../../../src/analysis/evidence/predict.js';
import { simulate } from '../../../src/simulate/run.js';
import { simulateSensitivities } from '../../../src/simulate/sensitivity.js';
import { testModel } from '../../model/fixtures.js';

const model = compileModel(testModel);
const doses = [{ cmt: 'ORAL', amt: '1000 pmol', time: '1 h', ii: '8 h', addl: 5 }, { cmt: 'IV', amt: '200 pmol', time: '20 h' }];

const study: Study = checkStudy({
  id: 'dosed', citation: 'Test. A dosed study. J Tests 1:1.', doi: '10.0/dosed', evidence: 'hypothesis', population: 'none',
  model: 'test-pk-bone', split: 'training',
  arms: [
    {
      id: 'dosed', scenario: { duration: '60 h', doses, solver: { rtol: 1e-6, atol: 1e-6 } },
      measurements: [
        { id: 'c-9', observable: 'Cc_obs', kind: 'absolute', time: '9 h', value: '20 pmol/L', se: 2 },
        { id: 'c-30', observable: 'Cc_obs', kind: 'absolute', time: '30 h', value: '25 pmol/L', se: 2 },
        { id: 'bmd', observable: 'BMD_pct', kind: 'change', time: '60 h', value: '-1', se: 0.5 },
      ],
    },
    {
      id: 'later', after: { arm: 'dosed' }, scenario: { duration: '24 h', doses: [{ cmt: 'ORAL', amt: '500 pmol', time: '2 h' }], solver: { rtol: 1e-6, atol: 1e-6 } },
      measurements: [{ id: 'c-later', observable: 'Cc_obs', kind: 'absolute', time: '6 h', value: '12 pmol/L', se: 2 }],
    },
  ],
}, 'dosed.json', model).study!;

const names = ['ka', 'CL', 'kout'];
const theta = Float64Array.from([Math.log(0.9), Math.log(4), Math.log(0.35)]);
const params = Object.fromEntries(names.map((n, i) => [n, Math.exp(theta[i])]));

/** Largest difference of two runs' states, relative to each state's largest value. */
function maxRelDiff(a: ReturnType<typeof simulate>, b: ReturnType<typeof simulate>): number {
  let m = 0;
  for (const s of model.stateNames) {
    const u = a.column(s), v = b.column(s);
    assert.equal(u.length, v.length);
    const scale = u.reduce((x, y) => Math.max(x, Math.abs(y)), 0);
    for (let i = 0; i < u.length; i++) m = Math.max(m, Math.abs(u[i] - v[i]) / scale);
  }
  return m;
}

test('the test model has closed-form linear states, and the closed forms make a plain run differ from a sensitivity run', () => {
  assert.deepEqual(model.linearStates.map((i) => model.stateNames[i]), ['A_gut', 'A_c']);
  const scenario = armScenario(study.arms[0], params, undefined, model);
  assert.equal(scenario.solver.exactLinear, true);
  const closed = simulate(model, scenario);
  const sens = simulateSensitivities(model, scenario, { parameters: names });
  assert.equal(closed.code, 'success', closed.message);
  assert.equal(sens.code, 'success', sens.message);
  // the divergence the objective must not show: other steps, states apart by about the tolerance
  assert.notEqual(closed.stats.steps, sens.stats.steps);
  const d = maxRelDiff(closed, sens);
  assert.ok(d > 1e-12 && d < 1e-3, `closed form vs sensitivity run: ${d}`);
});

test('forwardScenario: a plain run takes the steps of the sensitivity run and gives its states bit for bit', () => {
  const scenario = armScenario(study.arms[0], params, undefined, model);
  const plain = simulate(model, forwardScenario(scenario));
  const sens = simulateSensitivities(model, scenario, { parameters: names });
  for (const k of ['steps', 'rejected', 'newton', 'errorTestFailures'] as const) assert.equal(plain.stats[k], sens.stats[k], k);
  assert.deepEqual(Array.from(plain.time), Array.from(sens.time));
  for (const c of [...model.stateNames, ...model.observableNames]) assert.deepEqual(Array.from(plain.column(c)), Array.from(sens.column(c)), c);
  // a method without forward sensitivities keeps its closed forms
  const rodas = { ...scenario, solver: { ...scenario.solver, method: 'rodas' as const } };
  assert.equal(forwardScenario(rodas), rodas);
});

test('the forward objective gives the same residuals, bit for bit, with and without its Jacobian', () => {
  const obj = studyObjective([study], model, { params: names });
  assert.equal(obj.jacobian.method, 'forward');
  const plain = obj.evaluate(theta, false);
  const withJ = obj.evaluate(theta, true);
  assert.equal(plain.failure, undefined);
  assert.equal(withJ.failure, undefined);
  assert.ok(withJ.J!.some((v) => v !== 0));
  assert.deepEqual(Array.from(plain.r), Array.from(withJ.r));
});
