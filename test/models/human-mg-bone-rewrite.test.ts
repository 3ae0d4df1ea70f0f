/**
 * renameSymbols (src/models/human-mg-bone/rewrite.ts): it parses only the expressions that contain a
 * renamed name as a whole word, so the shipped human model's spec is built without parsing and
 * printing its ~460 expressions at load (the web worker's startup). Checked: what is renamed and
 * what is not, expressions without the name kept as written, and on the human model's spec the
 * same result as substituting in every expression.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renameSymbols, substituteText } from '../../src/models/human-mg-bone/rewrite.js';
import { findModel } from '../../src/models/index.js';
import type { ModelSpec } from '../../src/model/spec.js';

const P = (value: number) => ({ value, unit: '1', description: 'test', source: 'assumed: test value' });

const small: ModelSpec = {
  id: 'rename-test', name: 'Rename test', version: '1.0.0', species: 'none', timeUnit: 'h', description: 'test',
  references: [],
  parameters: { k: P(1), PTHk: P(2), F: P(0.5) },
  states: {
    PTH: { unit: '1', description: 'x', initial: 'PTHk * 2', ode: '-k*PTH + PTHk' },
    Y: { unit: '1', description: 'y', initial: 'PTH0', ode: 'k * (PTH - Y)' },
    Z: { unit: '1', description: 'z', initial: 0, ode: '(k)*Z' },
  },
  rules: { PTH0: { expr: 'PTHk*1', unit: '1', description: 'initial PTH' } },
  observables: { obs: { expr: 'PTH+Y', unit: '1', description: 'sum' }, other: { expr: '(Y)  +  PTHk', unit: '1', description: 'no PTH' } },
  doses: { D: { state: 'PTH', description: 'dose', amountUnit: '1', bioavailability: 'F' } },
};

test('renameSymbols renames the symbol (state key, expressions, dose target), not longer names that contain it', () => {
  const out = renameSymbols(small, { PTH: 'PTH_pmol' });
  assert.deepEqual(Object.keys(out.states), ['PTH_pmol', 'Y', 'Z']);
  assert.equal(out.states.PTH_pmol.ode, '-k * PTH_pmol + PTHk');
  assert.equal(out.states.Y.ode, 'k * (PTH_pmol - Y)');
  assert.equal(out.observables.obs.expr, 'PTH_pmol + Y');
  assert.equal(out.doses!.D.state, 'PTH_pmol');
  // no PTH as a symbol: kept as written (not parsed, not reprinted)
  assert.equal(out.states.PTH_pmol.initial, 'PTHk * 2');
  assert.equal(out.states.Z.ode, '(k)*Z');
  assert.equal(out.observables.other.expr, '(Y)  +  PTHk');
  assert.equal(out.rules.PTH0.expr, 'PTHk*1');
  assert.throws(() => renameSymbols(small, { Q: 'R' }), /'Q' is not a name/);
  assert.throws(() => renameSymbols(small, { PTH: 'Y' }), /already a name/);
});

test('on the human model\'s spec (printed canonically) the result equals substituting in every expression', () => {
  const spec = findModel('human-mg-bone')!.spec;
  const renames = { PTH_pmol: 'PTH_x', Mg_ecf: 'Mg_e' };
  const all = (t: string): string => substituteText(t, renames);
  const expected: ModelSpec = {
    ...spec,
    states: Object.fromEntries(Object.entries(spec.states).map(([k, s]) => [renames[k as keyof typeof renames] ?? k,
      { ...s, ode: all(s.ode), initial: typeof s.initial === 'number' ? s.initial : all(s.initial) }])),
    rules: Object.fromEntries(Object.entries(spec.rules).map(([k, r]) => [k, { ...r, expr: all(r.expr) }])),
    observables: Object.fromEntries(Object.entries(spec.observables).map(([k, o]) => [k, { ...o, expr: all(o.expr) }])),
    doses: Object.fromEntries(Object.entries(spec.doses!).map(([k, d]) => [k, { ...d, state: renames[d.state as keyof typeof renames] ?? d.state,
      ...(d.bioavailability ? { bioavailability: all(d.bioavailability) } : {}) }])),
    ...(spec.constraints ? { constraints: Object.fromEntries(Object.entries(spec.constraints).map(([k, c]) => [k, { ...c, expr: all(c.expr) }])) } : {}),
  };
  const got = renameSymbols(spec, renames);
  assert.equal(JSON.stringify(got), JSON.stringify(expected));
  assert.ok(JSON.stringify(got).includes('PTH_x') && !JSON.stringify(got.states).includes('PTH_pmol'));
});
