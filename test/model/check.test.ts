/**
 * checkModel reports every problem of a broken model at once, each at its place, and compileModel
 * refuses to compile it. One spec below carries one instance of each kind of error.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkModel, compileModel, ModelInputError, listUncheckedQuantities, sourceProblem, type ModelSpec, type Issue } from '../../src/model/index.js';
import { testModel } from './fixtures.js';

const src = 'ref:r1';
const broken: ModelSpec = {
  id: 'broken',
  name: 'Broken',
  version: '0',
  species: 'none',
  timeUnit: 'h',
  description: 'one of each error',
  references: [{ id: 'r1', citation: 'Somebody 2020' }],
  parameters: {
    k1: { value: 0.1, unit: '1/h', description: '', source: src },
    k_min: { value: 0.1, unit: '1/min', description: 'rate in the wrong time unit', source: src },
    V: { value: 2, unit: 'L', description: '', source: 'ref:r2 Table 1' },            // unknown reference
    Km: { value: Infinity, unit: 'mmol/L', description: '', source: src },             // non-finite
    n: { value: 12, unit: '1', description: '', source: src, bounds: [0, 10] },        // out of bounds
    nosrc: { value: 1, unit: '1', description: '', source: '' },                      // missing source
    badsrc: { value: 1, unit: 'mmol/xyz', description: '', source: 'wikipedia' },     // bad unit, ill-formed source
    dup: { value: 1, unit: '1', description: '', source: src },
  },
  states: {
    A: { unit: 'mmol', description: '', initial: 1, ode: '-k1 * A + k_min * A' },          // unit scale mismatch in the sum
    B: { unit: 'mmol/L', description: '', initial: 'C * 2', ode: 'k1 * (A / V - B' },      // syntax error; initial cycle B -> C -> B
    C: { unit: 'mmol/L', description: '', initial: 'B / 2', ode: 'k1 * A / V - kk1 * C' }, // unknown symbol (did you mean k1)
    D: { unit: 'mmol', description: '', initial: 0, ode: 'exp(A) * k1 + obs1 * 0' },       // exp of mmol; observable used
  },
  rules: {
    r1: { expr: 'r2 + 1', unit: '1', description: '' },                                  // cycle r1 -> r2 -> r1
    r2: { expr: 'r1 * 2', unit: '1', description: '' },
    dup: { expr: 'A', unit: 'mmol', description: '' },                                   // duplicate of parameter dup
    conc: { expr: 'A / V', unit: 'mmol/L', description: '' },
    wrong: { expr: 'A * V', unit: 'mmol/L', description: '' },                           // declared unit mismatch
  },
  observables: {
    obs1: { expr: 'conc * 1000', unit: 'umol/L', description: 'a literal is not a unit conversion' },
  },
  doses: {
    PO: { state: 'AA', description: '', amountUnit: 'mmol' },                             // unknown state
    IV: { state: 'A', description: '', amountUnit: 'mg' },                                // amountUnit differs from the state's
  },
  switches: {
    unused_sw: { description: '', evidence: 'animal', default: true, sources: [src] },    // gates nothing
  },
};

const key = (i: Issue): string => `${i.code} ${i.path.slice(1).join('.')}`;

test('a model with one of each error reports all of them at once, each with its place', () => {
  const issues = checkModel(broken);
  const got = issues.map(key).sort();
  const expected = [
    'unknown-reference parameters.V.source',
    'non-finite parameters.Km.value',
    'out-of-bounds parameters.n.value',
    'missing-source parameters.nosrc.source',
    'invalid-unit parameters.badsrc.unit',
    'invalid-source parameters.badsrc.source',
    'duplicate-name rules.dup',
    'unit-mismatch states.A.ode.10',
    'syntax states.B.ode.15',
    'cycle states.B.initial',
    'unknown-symbol states.C.ode.13',
    'unit-mismatch states.D.ode.4',
    'not-allowed states.D.ode.14',
    'cycle rules.r1.expr',
    'unit-mismatch rules.wrong.expr',
    'unit-mismatch observables.obs1.expr',
    'unknown-state doses.PO.state',
    'unit-mismatch doses.IV.amountUnit',
    'unused-switch switches.unused_sw',
  ].sort();
  assert.deepEqual(got, expected, issues.map((i) => `${key(i)}: ${i.message}`).join('\n'));
  for (const i of issues) assert.equal(i.path[0], 'models/broken');
  const msg = (k: string): string => issues.find((i) => key(i) === k)!.message;
  assert.match(msg('unknown-symbol states.C.ode.13'), /unknown symbol 'kk1'.*did you mean 'k1'/);
  assert.match(msg('cycle rules.r1.expr'), /r1 -> r2 -> r1/);
  assert.match(msg('cycle states.B.initial'), /B -> C -> B/);
  assert.match(msg('syntax states.B.ode.15'), /expected '\)'/);
  assert.match(msg('unit-mismatch states.A.ode.10'), /'-k1 \* A' is mmol\/h but 'k_min \* A' is 60 mmol\/h/);
  assert.match(msg('unit-mismatch states.D.ode.4'), /argument of exp must be dimensionless.*'A' is 'mmol'/);
  assert.match(msg('unit-mismatch observables.obs1.expr'), /declared in umol\/L, but the expression is in mmol\/L \(same dimension, but a unit 1000 times larger/);
  assert.match(msg('unit-mismatch rules.wrong.expr'), /in mmol·L \(dimensions differ\)/);
  assert.match(msg('unknown-state doses.PO.state'), /'AA'.*did you mean 'A'/);
  assert.match(msg('unknown-reference parameters.V.source'), /'r2'.*did you mean 'r1'/);
  assert.match(msg('duplicate-name rules.dup'), /already defined in parameters/);
  assert.match(msg('not-allowed states.D.ode.14'), /observable/);
  assert.match(msg('unused-switch switches.unused_sw'), /gates nothing/);
  assert.throws(() => compileModel(broken), (e: unknown) => e instanceof ModelInputError && e.issues.length === expected.length);
});

test('unit rules: conversion factors need a unit, 0 fits any unit, exponents, hill, comparisons', () => {
  const base = testModel;
  const variant = (rules: Record<string, string>, extraParams: ModelSpec['parameters'] = {}): string[] => {
    const spec: ModelSpec = {
      ...base,
      parameters: { ...base.parameters, ...extraParams },
      rules: { ...base.rules, ...Object.fromEntries(Object.entries(rules).map(([k, expr]) => [k, { expr, unit: base.rules[k]?.unit ?? '1', description: 'v' }])) },
    };
    return checkModel(spec).map((i) => `${key(i)}: ${i.message}`);
  };
  assert.deepEqual(variant({ Cc_nM: 'Cc * 0.001' }).length, 1, 'a bare literal is not a conversion factor');
  assert.deepEqual(variant({ Cc_nM: 'Cc * nmol_per_pmol' }), []);
  assert.deepEqual(variant({ Cc: 'max(0, A_c / V)' }), [], '0 fits any unit');
  assert.deepEqual(variant({ Cc: 'piecewise(0, A_c < 0, A_c / V)' }), []);
  assert.equal(variant({ Cc: 'if(A_c > V, A_c / V, 0)' }).length, 1, 'comparison of pmol with L');
  assert.deepEqual(variant({ inh: 'hillinv(Cc, IC50, n_h)' }), []);
  assert.equal(variant({ inh: 'hill(Cc, EC50n, 1)' }).length, 1, 'hill x and K in different units');
  assert.deepEqual(variant({ inh: '(Cc / IC50)^n_h / (1 + (Cc / IC50)^n_h)' }), []);
  assert.deepEqual(variant({ Cc: '(A_c^2)^0.5 / V' }), [], 'a constant exponent scales the dimension');
  assert.equal(variant({ Cc: 'A_c^R_ratio / V' }).length, 1, 'a dimensional base needs a constant exponent');
  assert.deepEqual(variant({ Cc: 'sqrt(A_c * A_c) / V' }), []);
  assert.equal(variant({ Cc: 'A_c / V + k_unknown' }).length, 0, 'a "?" term leaves the sum unchecked');
});

test('unit rule of fround: the result has the argument\'s unit (dimension and scale)', () => {
  const withRule = (name: string, expr: string): string[] =>
    checkModel({ ...testModel, rules: { ...testModel.rules, [name]: { ...testModel.rules[name], expr } } }).map((i) => i.message);
  assert.deepEqual(withRule('Cc', 'fround(A_c / V)'), []);
  assert.deepEqual(withRule('Cc', 'fround(A_c) / fround(V)'), []);
  assert.deepEqual(withRule('kel', 'fround(CL / V)'), []);
  const wrong = withRule('Cc', 'fround(A_c)');
  assert.equal(wrong.length, 1, 'pmol is not pmol/L');
  assert.match(wrong[0], /pmol/);
  assert.equal(withRule('Cc_nM', 'fround(Cc)').length, 1, 'pmol/L is not nmol/L: the scale passes through too');
  assert.equal(withRule('Cc', 'fround(A_c / V + V)').length, 1, 'the argument is checked as usual');
  const reserved = checkModel({ ...testModel, parameters: { ...testModel.parameters, fround: { value: 1, unit: '1', description: 'x', source: 'assumed: test' } } });
  assert.ok(reserved.some((i) => /fround/.test(i.message) && /reserved/.test(i.message)), 'a function name is reserved');
});

test('quantities with unit "?" and what they touch are listed as unchecked', () => {
  const spec: ModelSpec = { ...testModel, rules: { ...testModel.rules, Cc: { ...testModel.rules.Cc, expr: 'A_c / V + 0 * k_unknown' } } };
  const u = listUncheckedQuantities(spec);
  const names = u.map((x) => `${x.kind}:${x.name}`);
  assert.ok(names.includes('parameter:k_unknown'));
  assert.ok(names.includes('rule:Cc'), names.join(', '));
  assert.match(u.find((x) => x.name === 'Cc')!.reason, /'k_unknown'/);
});

test('an initial value may not depend on t, even through a rule', () => {
  const spec: ModelSpec = {
    ...testModel,
    rules: { ...testModel.rules, Cc0: { ...testModel.rules.Cc0, expr: '2 * IC50 / 10 * exp(-kel * t)' } },
  };
  const issues = checkModel(spec).map(key);
  assert.deepEqual(issues, ['not-allowed states.A_c.initial.0']);
});

test('source forms', () => {
  const refs = new Set(['peterson2010']);
  for (const ok of ['ref:peterson2010', 'ref:peterson2010 Table 1', 'doi:10.1016/j.bone.2010.03.014', 'pmid:20362701', 'fitted: Ca balance data', 'assumed: no data', 'derived: k1 * k2']) {
    assert.equal(sourceProblem(ok, refs), undefined, ok);
  }
  for (const bad of ['', 'ref:', 'ref:unknown', 'doi:abc', 'pmid:x12', 'fitted:', 'assumed:  ', 'wikipedia', 42]) {
    assert.ok(sourceProblem(bad, refs), String(bad));
  }
});

test('a rule with a syntax error that other rules use is reported, not a crash', () => {
  const spec: ModelSpec = {
    ...testModel,
    rules: { ...testModel.rules, broken: { expr: '2 * (', unit: '1', description: 'x' }, user: { expr: 'broken + 1', unit: '1', description: 'y' } },
  };
  const issues: Issue[] = checkModel(spec);
  assert.ok(issues.some((i) => i.path.includes('broken')), JSON.stringify(issues));
});
