import test from 'node:test';
import assert from 'node:assert/strict';
import { prepareScenario } from '../../src/builtin/index.js';
import { localSensitivity } from '../../src/analysis/sensitivity.js';
import { InputError } from '../../src/core/issues.js';

const DL = { model: 'dutta-layton-2024', duration: '262800 min', scale: { IMg: 0.5 }, solver: { rtol: 1e-10, atol: 1e-14 } };

test('local sensitivity: sign, consistency across step sizes, normalised vs semi-normalised', () => {
  const { model, scenario } = prepareScenario(DL);
  const opts = { outputs: ['Mgp', 'PTHp'], parameters: ['IMg', 'ICa'] };
  const a = localSensitivity(model, scenario, { ...opts, delta: 0.01 });
  const b = localSensitivity(model, scenario, { ...opts, delta: 0.002 });
  const sMg = a.parameters.find((p) => p.parameter === 'IMg')!;
  assert.ok(sMg.normalised.Mgp > 0, 'more dietary Mg raises plasma Mg');
  assert.ok(sMg.normalised.PTHp < 0, 'and lowers PTH (the deficiency raised it)');
  for (const p of ['IMg', 'ICa']) for (const o of ['Mgp', 'PTHp']) {
    const x = a.parameters.find((q) => q.parameter === p)!.normalised[o];
    const y = b.parameters.find((q) => q.parameter === p)!.normalised[o];
    assert.ok(Math.abs(x - y) <= 1e-3 * Math.max(Math.abs(y), 1e-3), `${p}→${o}: ${x} vs ${y}`);
  }
  assert.ok(Math.abs(sMg.semiNormalised.Mgp - sMg.normalised.Mgp * a.base.Mgp) < 1e-12);
});

test('local sensitivity rejects unknown outputs and parameters, all at once', () => {
  const { model, scenario } = prepareScenario(DL);
  assert.throws(() => localSensitivity(model, scenario, { outputs: ['Mgpp'], parameters: ['IMgg'], delta: 2 }), (e: unknown) => {
    assert.ok(e instanceof InputError);
    const paths = e.issues.map((i) => i.path.join('.'));
    assert.deepEqual(paths.sort(), ['delta', 'outputs.Mgpp', 'parameters.IMgg']);
    return true;
  });
});

test('forward (default) and fd methods agree; forward takes one run', () => {
  const { model, scenario } = prepareScenario(DL);
  const opts = { outputs: ['Mgp', 'PTHp'], parameters: ['IMg', 'ICa', 'GFR'] };
  let runs = 0;
  const fwd = localSensitivity(model, scenario, { ...opts, onRun: () => { runs++; } });
  assert.equal(fwd.method, 'forward');
  assert.equal(runs, 1);
  const fd = localSensitivity(model, scenario, { ...opts, delta: 0.001 });
  assert.equal(fd.method, 'fd');
  for (const p of opts.parameters) for (const o of opts.outputs) {
    const x = fwd.parameters.find((q) => q.parameter === p)!.normalised[o];
    const y = fd.parameters.find((q) => q.parameter === p)!.normalised[o];
    // central differences at δ = 1e-3 carry an O(δ²) truncation error
    assert.ok(Math.abs(x - y) <= 1e-4 * Math.max(Math.abs(y), 1e-3), `${p}→${o}: forward ${x} vs fd ${y}`);
  }
  // the forward run integrates the closed-form states (exactLinear off): the same values to the tolerance
  for (const o of opts.outputs) assert.ok(Math.abs(fwd.base[o] - fd.base[o]) <= 1e-8 * Math.abs(fd.base[o]), `${o}: ${fwd.base[o]} vs ${fd.base[o]}`);
  // rodas has no forward sensitivities: the default falls back to fd, an explicit forward is an input error
  const rodas = { ...scenario, solver: { ...scenario.solver, method: 'rodas' as const } };
  assert.equal(localSensitivity(model, rodas, { outputs: ['Mgp'], parameters: ['IMg'] }).method, 'fd');
  assert.throws(() => localSensitivity(model, rodas, { outputs: ['Mgp'], parameters: ['IMg'], method: 'forward' }), InputError);
});
