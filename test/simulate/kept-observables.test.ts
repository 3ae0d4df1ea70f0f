/**
 * SimulateOptions.observables (what a batch run keeps, runWithParameters): the kept columns, the
 * states and the solver's work are bit for bit those of the full run; the dropped observables are
 * absent; and a run that an observable nobody kept makes non-finite fails exactly as the full run
 * does (same code, message, invariant and failure), whichever row and column breaks first.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileModel } from '../../src/model/index.js';
import type { ModelSpec } from '../../src/model/spec.js';
import { prepareScenario } from '../../src/builtin/index.js';
import { validateScenario } from '../../src/simulate/scenario.js';
import { simulate, type SimulationResult } from '../../src/simulate/run.js';
import { runWithParameters } from '../../src/analysis/batch.js';
import type { Model } from '../../src/model/model.js';
import type { Scenario } from '../../src/simulate/scenario.js';

function sameBits(a: Float64Array, b: Float64Array, what: string): void {
  assert.equal(a.length, b.length, what);
  for (let i = 0; i < a.length; i++) assert.ok(Object.is(a[i], b[i]), `${what}[${i}]: ${a[i]} vs ${b[i]}`);
}

/** The run with every observable and the run keeping `keep`: everything kept is the same, bit for bit. */
function compare(model: Model, scenario: Scenario, keep: readonly string[], integrate: readonly string[] = []): { full: SimulationResult; lean: SimulationResult } {
  const full = simulate(model, scenario, { integrate });
  const lean = simulate(model, scenario, { integrate, observables: keep });
  for (const k of ['code', 'message', 'phase'] as const) assert.equal(lean[k], full[k], k);
  assert.deepEqual(lean.invariant, full.invariant);
  assert.deepEqual(lean.failure, full.failure);
  assert.deepEqual(lean.notes, full.notes);
  assert.deepEqual(lean.stats, full.stats);
  sameBits(lean.time, full.time, 'time');
  for (const name of [...model.stateNames, ...keep, ...integrate.map((o) => `int_${o}`)]) sameBits(lean.column(name), full.column(name), name);
  const dropped = model.observableNames.filter((o) => !keep.includes(o));
  for (const o of dropped) assert.throws(() => lean.column(o), /not among the observables kept/);
  assert.deepEqual(lean.columns.map((c) => c.name), full.columns.map((c) => c.name).filter((n) => !dropped.includes(n)));
  return { full, lean };
}

test('kept observables: the same numbers as the full run on shipped models (closed-form states, doses, changes, integrals)', () => {
  const cases: [Record<string, unknown>, string[], string[]?][] = [
    [{ model: 'human-mg-bone', duration: '180 d', output: { every: '30 d' }, diet: { Mg: '162 mg/d' } }, ['Mg_serum', 'PTH', 'BMD_ls', 'urine_Mg']],
    [{ model: 'dutta-layton-2024', duration: '5 d', output: { every: '1 d' }, scale: { IMg: 0.5 } }, ['PTHp'], ['PTHp']],
    [{ model: 'openbonemin', duration: '60 d', output: { every: '10 d' } }, ['PTHpm']],
    [{ model: 'peterson-riggs-2010', duration: '30 d', output: { every: '5 d' } }, []],
  ];
  for (const [input, keep, integrate] of cases) {
    const { model, scenario } = prepareScenario(input);
    const { full } = compare(model, scenario, keep, integrate);
    assert.equal(full.code, 'success', String(input.model));
    // and a batch run gives the full run's columns (a run without integrals: they change the steps)
    const plain = integrate ? simulate(model, scenario) : full;
    const outputs = [...keep, model.stateNames[0]];
    const b = runWithParameters(model, scenario, {}, outputs);
    assert.ok(b.ok);
    outputs.forEach((o, j) => sameBits(b.values[j], plain.column(o), o));
  }
  assert.throws(() => simulate(prepareScenario({ model: 'openbonemin', duration: '1 d' }).model, prepareScenario({ model: 'openbonemin', duration: '1 d' }).scenario, { observables: ['nope'] }), /cannot keep 'nope'/);
});

/** x falls from 1 as e^(−t); observables undefined below thresholds (log of a negative number). */
const falling = (a: number, b: number): ModelSpec => ({
  id: 'falling', name: 'Falling', version: '1', species: 'none', timeUnit: 'h', description: 'x = e^(−t)',
  references: [{ id: 'none', citation: 'A test.' }],
  parameters: {
    k: { value: 1, unit: '1/h', description: 'rate', source: 'assumed: test' },
    a: { value: a, unit: '1', description: 'threshold of la', source: 'assumed: test' }, b: { value: b, unit: '1', description: 'threshold of lb', source: 'assumed: test' } },
  states: { x: { unit: '1', description: 'x', initial: 1, ode: '-k * x' } },
  rules: {},
  observables: {
    x_obs: { expr: 'x', unit: '1', description: 'x' },
    la: { expr: 'log(x - a)', unit: '1', description: 'undefined once x < a' },
    lb: { expr: 'log(x - b)', unit: '1', description: 'undefined once x < b' },
    inv: { expr: '1 / (x - b)', unit: '1', description: 'finite but for x = b' },
  },
});

test('kept observables: a run that a dropped observable breaks fails as the full run does (first row, then first column)', () => {
  // [a, b]: la breaks first; lb first; both at the same row (the earlier column wins); neither
  for (const [a, b] of [[0.5, 0.3], [0.3, 0.5], [0.5, 0.5], [-1, -1]]) {
    const model = compileModel(falling(a, b));
    const { scenario, issues } = validateScenario({ model: 'falling', duration: '2 h', output: { every: '0.25 h' } }, model);
    assert.deepEqual(issues, []);
    for (const keep of [['x_obs'], ['lb'], ['la', 'inv'], []]) {
      const { full } = compare(model, scenario!, keep);
      assert.equal(full.code, a < 0 ? 'success' : 'invariant_violation', `a=${a} b=${b}`);
      if (a >= 0) assert.equal(full.invariant?.name, a > b ? 'la' : b > a ? 'lb' : 'la', `a=${a} b=${b}`);
      const run = runWithParameters(model, scenario!, {}, ['x_obs']);
      assert.equal(run.ok, a < 0);
      if (!run.ok) assert.equal(run.message, `${full.code}: ${full.message}`);
    }
  }
});
