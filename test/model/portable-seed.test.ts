/**
 * The path the web app's first load takes (web/precompile.ts at build time, web/src/worker/
 * precompiled.ts in the worker): a compiled model's portable form without its spec, through JSON
 * (`p` as a plain array), rebuilt with fromPortable for a spec object the process has not compiled
 * — after which compileModel(spec) reuses that code instead of compiling, and the model simulates
 * bit for bit as the one compiled here.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findModel, getModel, prepareScenario, simulate, toPortable, fromPortable, compileModel } from '../../src/index.js';
import { compiledCodeOf } from '../../src/model/model.js';
import type { ModelSpec } from '../../src/index.js';

test('a precompiled model seeded from JSON is reused by compileModel and simulates bit for bit as the compiled one', () => {
  const id = 'human-mg-bone';
  const { spec: _spec, p, ...code } = toPortable(getModel(id));
  const shipped = JSON.parse(JSON.stringify({ ...code, p: Array.from(p) })) as typeof code & { p: number[] };
  // a spec object this process has never compiled (as the worker's own registry spec is, on a first load)
  const spec = structuredClone(findModel(id)!.spec) as ModelSpec;
  const seeded = fromPortable({ ...shipped, spec, p: Float64Array.from(shipped.p) });
  const reused = compileModel(spec);
  assert.equal(compiledCodeOf(reused), compiledCodeOf(seeded), 'compileModel reused the seeded code instead of compiling');
  assert.deepEqual(Array.from(reused.p), Array.from(getModel(id).p), 'the default parameter vector is the compiled one');

  const { model, scenario } = prepareScenario({ model: id, duration: '1 y', output: { every: '14 d' }, diet: { Mg: '150 mg/d' } });
  const a = simulate(model, scenario);
  const b = simulate(reused.with({ parameters: Object.fromEntries(model.parameterNames.map((n) => [n, model.p[model.paramIndex(n)]])) }), scenario);
  assert.equal(a.code, 'success');
  assert.equal(b.code, 'success');
  assert.equal(b.time.length, a.time.length);
  for (const c of a.columns) {
    if (c.kind === 'time') continue;
    assert.deepEqual(Array.from(b.column(c.name)), Array.from(c.values), `column ${c.name} bit for bit`);
  }
});
