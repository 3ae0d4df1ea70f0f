/**
 * Model constraints: conditions on the parameters that every valid parameter set satisfies. The
 * checker reports malformed constraints at their place and a default that violates one; Model.with
 * rejects a change that violates any, naming every violated constraint at once, after which the
 * non-finite check still runs; SBML and the docs carry them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkModel, compileModel, ModelInputError, type ModelSpec, type Issue } from '../../src/model/index.js';
import { modelDocs } from '../../src/model/docs.js';
import { toSBML, fromSBML } from '../../src/model/sbml/index.js';

const src = 'ref:r1';
const P = (value: number, unit: string, bounds?: [number, number]) => ({ value, unit, description: 'p', source: src, ...(bounds ? { bounds } : {}) });

/** k_loss = kmax - k0 must be positive; kmax > k0 says so. Km enters a derived half-saturation constant. */
function spec(constraints: ModelSpec['constraints'], params: Partial<Record<'kmax' | 'k0' | 'A0' | 'ratio', number>> = {}): ModelSpec {
  return {
    id: 'constrained', name: 'C', version: '0', species: 'none', timeUnit: 'h', description: 'constraints test',
    references: [{ id: 'r1', citation: 'Somebody 2020' }],
    parameters: {
      kmax: P(params.kmax ?? 0.5, '1/h', [0, 10]),
      k0: P(params.k0 ?? 0.2, '1/h', [0, 10]),
      A0: P(params.A0 ?? 4, 'mmol', [0, 100]),
      ratio: P(params.ratio ?? 0.5, '1', [0, 1]),
    },
    states: { A: { unit: 'mmol', description: 'amount', initial: 'A0', ode: '-kloss * A * on' } },
    rules: {
      kloss: { expr: 'kmax - k0', unit: '1/h', description: 'loss constant (derived, constant)' },
      Ahalf: { expr: 'A0 * log(ratio)', unit: 'mmol', description: 'log of a parameter: NaN when ratio < 0 is outside bounds, so use ratio = 0' },
      conc: { expr: 'A / A0', unit: '1', description: 'state-dependent rule' },
    },
    observables: { Aobs: { expr: 'A', unit: 'mmol', description: 'A' } },
    switches: { on: { description: 'loss on', evidence: 'hypothesis', default: true, sources: [src] } },
    constraints,
  };
}

const good = {
  loss_positive: { expr: 'kloss > 0', description: 'the loss constant kmax − k0 must be positive.' },
  ratio_half: { expr: 'kmax > k0 && (ratio <= 0.9 || !on)', description: 'ratio at most 0.9 while the loss is on.', source: 'assumed: test' },
};

const at = (issues: readonly Issue[], ...path: (string | number)[]): Issue[] =>
  issues.filter((i) => path.every((p, k) => i.path[k + 1] === p));

test('well-formed constraints that hold at the defaults check clean and compile', () => {
  assert.deepEqual(checkModel(spec(good)), []);
  const m = compileModel(spec(good));
  assert.ok(m.with({ parameters: { kmax: 0.3 } }));
});

test('malformed constraints are reported at their place, all at once', () => {
  const issues = checkModel(spec({
    syntax: { expr: 'kmax > ', description: 'd' },
    unknown: { expr: 'kmx > k0', description: 'd' },
    number: { expr: 'kmax - k0', description: 'd' },
    state: { expr: 'A > 0', description: 'd' },
    time: { expr: 't > 0', description: 'd' },
    dynamicRule: { expr: 'conc < 2', description: 'd' },
    units: { expr: 'kmax > A0', description: 'd' },
    nodesc: { expr: 'kmax > k0', description: '' },
    kmax: { expr: 'kmax > k0', description: 'name taken' },
  }));
  const one = (name: string, code: string, pos?: number): void => {
    const found = at(issues, 'constraints', name).filter((i) => i.code === code);
    assert.equal(found.length, 1, `${name}: expected one '${code}' issue in ${JSON.stringify(issues.map((i) => [i.path, i.code]))}`);
    if (pos !== undefined) assert.deepEqual(found[0].path.slice(1), ['constraints', name, 'expr', pos]);
  };
  one('syntax', 'syntax');
  one('unknown', 'unknown-symbol', 0);
  assert.match(at(issues, 'constraints', 'unknown')[0].message, /did you mean 'kmax'/);
  one('number', 'not-boolean', 0);
  one('state', 'not-allowed', 0);
  one('time', 'not-allowed', 0);
  one('dynamicRule', 'not-allowed', 0);
  one('units', 'unit-mismatch');
  assert.equal(at(issues, 'constraints', 'nodesc', 'description').length, 1);
  one('kmax', 'duplicate-name');
  assert.equal(at(issues, 'constraints', 'kmax').length, 1, 'a clash of names is the only problem of a well-formed constraint');
  assert.throws(() => compileModel(spec({ number: { expr: 'kmax - k0', description: 'd' } })), ModelInputError);
});

test('a constraint violated by the default values is an issue naming it', () => {
  const issues = checkModel(spec(good, { kmax: 0.1 }));
  assert.equal(issues.length, 2, JSON.stringify(issues));
  for (const name of ['loss_positive', 'ratio_half']) {
    const [i] = at(issues, 'constraints', name, 'expr');
    assert.equal(i.code, 'constraint');
    assert.match(i.message, new RegExp(`${name}.*does not hold at the default values`));
  }
  assert.equal(checkModel(spec(good, { ratio: 0.95 })).length, 1);
});

test('with reports every violated constraint at once, with the values it reads (changed ones marked), and accepts non-violating changes', () => {
  const m = compileModel(spec(good));
  let err: unknown;
  try { m.with({ parameters: { kmax: 0.15, A0: 5 } }); } catch (e) { err = e; }
  assert.ok(err instanceof ModelInputError, String(err));
  assert.equal(err.issues.length, 2);
  for (const i of err.issues) {
    assert.equal(i.code, 'constraint');
    assert.deepEqual(i.path, ['parameters']);
    assert.ok(!/A0/.test(i.message), `A0 is not read by the constraint: ${i.message}`);
  }
  // through the rule kloss = kmax − k0: the parameters it reads, the changed one marked
  assert.match(err.issues[0].message, /^constraint loss_positive \(kloss > 0\) does not hold with kmax = 0\.15 \(set\), k0 = 0\.2: /);
  assert.match(err.issues[1].message, /^constraint ratio_half \(kmax > k0 && \(ratio <= 0\.9 \|\| !on\)\) does not hold with kmax = 0\.15 \(set\), k0 = 0\.2, ratio = 0\.5, on = on: /);
  assert.match(err.issues[0].message, /the loss constant kmax − k0 must be positive\.$/);
  // only one violated: one issue
  assert.throws(() => m.with({ parameters: { ratio: 0.95 } }), (e: ModelInputError) => e.issues.length === 1 && /ratio_half.*ratio = 0\.95/.test(e.issues[0].message));
  // a switch change can make a violation go away or appear
  assert.equal(m.with({ parameters: { ratio: 0.95 }, switches: { on: false } }).p[m.paramIndex('ratio')], 0.95);
  const off = m.with({ parameters: { ratio: 0.95 }, switches: { on: false } });
  assert.throws(() => off.with({ switches: { on: true } }), (e: ModelInputError) => /ratio_half .* does not hold with .*on = on \(set\)/.test(e.issues[0].message));
  // non-violating changes, including the boundary case just inside
  const ok = m.with({ parameters: { kmax: 0.2000001, ratio: 0.9 } });
  assert.equal(ok.p[m.paramIndex('kmax')], 0.2000001);
});

test('the non-finite check still runs after the constraints pass', () => {
  const m = compileModel(spec(good));
  assert.throws(() => m.with({ parameters: { ratio: 0 } }), (e: ModelInputError) =>
    e.issues.length === 1 && e.issues[0].code === 'non-finite' && /Ahalf/.test(e.issues[0].message));
});

test('constraints are compiled against prepared derived constants, with and without hoisting', () => {
  for (const hoist of [true, false]) {
    const m = compileModel(spec(good), { hoist });
    assert.throws(() => m.with({ parameters: { k0: 0.6 } }), (e: ModelInputError) => e.issues.length === 2, `hoist ${hoist}`);
    assert.ok(m.with({ parameters: { k0: 0.49 } }));
  }
});

test('docs show each constraint as LaTeX with its description; SBML writes and reads it back', () => {
  const s = spec(good);
  const md = modelDocs(s);
  assert.match(md, /## Constraints/);
  assert.match(md, /`loss_positive`: the loss constant kmax − k0 must be positive\./);
  assert.match(md, /\$\$\\mathrm\{kloss\} > 0\$\$/);
  const xml = toSBML(s);
  assert.match(xml, /<listOfConstraints>/);
  assert.match(xml, /<constraint id="loss_positive">/);
  assert.match(xml, /<message>\s*<p xmlns="http:\/\/www.w3.org\/1999\/xhtml">the loss constant/);
  const back = fromSBML(xml);
  assert.deepEqual(Object.keys(back.constraints ?? {}), ['loss_positive', 'ratio_half']);
  assert.equal(back.constraints!.ratio_half.description, good.ratio_half.description);
  assert.equal(back.constraints!.ratio_half.source, 'assumed: test');
  assert.throws(() => compileModel(back).with({ parameters: { kmax: 0.1 } }), (e: ModelInputError) => e.issues.length === 2);
});
