/**
 * The built-in models compiled by the build (src/node/compiled-models.ts): what is read back is the
 * code the compiler makes now, it computes the same numbers bit for bit, and a changed compiler
 * module or spec is never used. The file the build wrote (dist/src/node/compiled-models.json, by
 * `npm run build` / `npm test`) is checked too: when its digests match, its code is what would be
 * generated now.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as lib from '../../src/index.js';
import { modelIds, findModel, getModel, prepareScenario, simulate, toPortable, builtinScenarios } from '../../src/index.js';
import { modelFromCode } from '../../src/model/model.js';
import { compiledModelsFile, distCompilerFiles, readCompiledModel, specDigest, writeCompiledModels } from '../../src/node/compiled-models.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'magbone-compiled-'));
/** Files side by side in one folder: their compiler paths (relative to the folder) stay valid when copied. */
const file = (name: string): string => path.join(tmp, `${name}.json`);

/** What the compiler makes for a model now, as written (no spec, no p). */
function generatedNow(id: string): unknown {
  const { spec: _s, p: _p, ...code } = toPortable(getModel(id));
  return JSON.parse(JSON.stringify(code));
}

/** The code read back, in the form generatedNow gives (its data and generated sources). */
function asWritten(id: string, code: NonNullable<ReturnType<typeof readCompiledModel>>): unknown {
  const { spec: _s, p: _p, ...data } = toPortable(modelFromCode(findModel(id)!.spec, code, new Float64Array(code.size)));
  return JSON.parse(JSON.stringify(data));
}

test('written, read back: the code compileModel makes now, for every built-in model', () => {
  const index = writeCompiledModels(lib, file('a'), distCompilerFiles());
  assert.deepEqual(Object.keys(index.models).sort(), [...modelIds()].sort());
  assert.ok(Object.keys(index.compiler).some((f) => f.endsWith('model/compile.js')), 'the compiler modules are digested');
  for (const id of modelIds()) {
    const code = readCompiledModel(findModel(id)!.spec, file('a'));
    assert.ok(code, `${id}: read back`);
    assert.deepEqual(asWritten(id, code), generatedNow(id), id);
  }
});

test('a model from the written code computes the same numbers bit for bit (a built-in scenario per model)', () => {
  const byModel = new Map<string, Record<string, unknown>>();
  for (const s of builtinScenarios()) {
    const input = JSON.parse(s.text) as Record<string, unknown>;
    if (!byModel.has(input.model as string)) byModel.set(input.model as string, input);
  }
  assert.equal(byModel.size, modelIds().length, 'every model has a built-in scenario');
  for (const [id, input] of byModel) {
    const { model, scenario } = prepareScenario(input);
    const code = readCompiledModel(findModel(id)!.spec, file('a'))!;
    const fromBuild = modelFromCode(findModel(id)!.spec, code, Float64Array.from(model.p));
    const a = simulate(model, scenario), b = simulate(fromBuild, scenario);
    assert.equal(a.code, 'success', `${id}: ${a.message}`);
    assert.deepEqual(b.stats, a.stats, `${id}: same steps`);
    assert.deepEqual(Array.from(b.time), Array.from(a.time));
    for (const c of a.columns) assert.deepEqual(Array.from(b.column(c.name)), Array.from(a.column(c.name)), `${id}: ${c.name}`);
  }
});

test('never used when a compiler module or the spec changed, or for a spec that is not the registry\'s own', () => {
  const spec = findModel('human-mg-bone')!.spec;
  const edit = (name: string, change: (content: { compiler: Record<string, string>; models: Record<string, { spec: string }> }) => void): string => {
    const content = JSON.parse(fs.readFileSync(file('a'), 'utf8'));
    change(content);
    fs.writeFileSync(file(name), JSON.stringify(content));
    return file(name);
  };
  assert.ok(readCompiledModel(spec, edit('same', () => {})), 'an unchanged copy is read');
  const compile = edit('compiler', (i) => { const k = Object.keys(i.compiler).find((f) => f.endsWith('model/compile.js'))!; i.compiler[k] = specDigest({ ...spec, id: 'other' }); });
  assert.equal(readCompiledModel(spec, compile), undefined, 'a compiler module changed');
  const other = edit('spec', (i) => { i.models['human-mg-bone'].spec = specDigest({ ...spec, version: 'edited' }); });
  assert.equal(readCompiledModel(spec, other), undefined, 'the spec changed');
  assert.ok(readCompiledModel(findModel('openbonemin')!.spec, other), 'the other models of that file still are read');
  // a compiler module edited on disk after the build (as `tsc -p .` alone would leave it)
  const module = path.join(tmp, 'compile.js');
  fs.copyFileSync(distCompilerFiles().find((f) => f.endsWith(`model${path.sep}compile.js`))!, module);
  writeCompiledModels(lib, file('built'), [...distCompilerFiles(), module]);
  assert.ok(readCompiledModel(spec, file('built')), 'read while the modules are as built');
  fs.appendFileSync(module, '\n// edited\n');
  fs.copyFileSync(file('built'), file('rebuilt-module')); // a new name: validity is read once per file and process
  assert.equal(readCompiledModel(spec, file('rebuilt-module')), undefined, 'a compiler module edited since the build');
  assert.equal(readCompiledModel({ ...spec }, file('a')), undefined, 'a copy of the spec (not the registry object)');
  assert.equal(readCompiledModel(spec, file('missing')), undefined, 'no file');
  fs.writeFileSync(file('truncated'), fs.readFileSync(file('a'), 'utf8').slice(0, 5000));
  assert.equal(readCompiledModel(spec, file('truncated')), undefined, 'a damaged file');
});

test('the file the build wrote: when its digests match, it holds what would be generated now', (t) => {
  if (!fs.existsSync(compiledModelsFile()!)) { t.skip('not built (npm run build or npm test write it; tsc -p . alone does not)'); return; }
  let current = 0;
  for (const id of modelIds()) {
    const code = readCompiledModel(findModel(id)!.spec, compiledModelsFile()!);
    if (!code) continue; // stale (tsc -p . alone after an edit): not used, models compile
    current++;
    assert.deepEqual(asWritten(id, code), generatedNow(id), id);
  }
  t.diagnostic(`${current} of ${modelIds().length} models current in ${compiledModelsFile()!}`);
});

test.after(() => fs.rmSync(tmp, { recursive: true, force: true }));
