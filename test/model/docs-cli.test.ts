/**
 * `magbone docs` and `magbone export sbml` as functions (runDocs / runExport with captured output):
 * the same text as the library, files written whole or not at all, and bad input answered with
 * exit code 2, every problem, a did-you-mean, and no stack trace.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runDocs } from '../../src/cli/docs.js';
import { runExport } from '../../src/cli/export.js';
import { modelDocs } from '../../src/model/docs.js';
import { toSBML } from '../../src/model/sbml/index.js';
import { modelEntries } from '../../src/models/index.js';
import { featureModel } from './sbml-fixture-model.js';

function capture() {
  let out = '', err = '';
  return { io: { out: { write: (s: string) => { out += s; } }, err: { write: (s: string) => { err += s; } } }, out: () => out, err: () => err };
}

const first = modelEntries()[0];

function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'magbone-docs-cli-'));
  return fn(dir).finally(() => fs.rmSync(dir, { recursive: true, force: true }));
}

test('docs of a registered model to stdout and to a file: the library text, no temporary file left', () => withDir(async (dir) => {
  const c = capture();
  assert.equal(await runDocs([first.id], c.io), 0, c.err());
  assert.equal(c.out(), modelDocs(first.spec).replace(/\n?$/, '\n'));
  const file = path.join(dir, 'model.md');
  const d = capture();
  assert.equal(await runDocs([first.id, '--out', file], d.io), 0, d.err());
  assert.equal(fs.readFileSync(file, 'utf8'), modelDocs(first.spec));
  assert.equal(d.out(), '');
  assert.deepEqual(fs.readdirSync(dir), ['model.md']);
}));

test('export sbml of a registered model and of a JSON spec file', () => withDir(async (dir) => {
  const file = path.join(dir, 'model.xml');
  const c = capture();
  assert.equal(await runExport(['sbml', first.id, '--out', file], c.io), 0, c.err());
  assert.equal(fs.readFileSync(file, 'utf8'), toSBML(first.spec));
  const json = path.join(dir, 'feature.json');
  fs.writeFileSync(json, JSON.stringify(featureModel));
  const d = capture();
  assert.equal(await runExport(['sbml', json], d.io), 0, d.err());
  assert.equal(d.out(), toSBML(featureModel));
  const e = capture();
  assert.equal(await runDocs([json], e.io), 0, e.err());
  assert.equal(e.out(), modelDocs(featureModel).replace(/\n?$/, '\n'));
}));

test('bad input: exit 2, every problem, did-you-mean, no stack trace, nothing written or clobbered', () => withDir(async (dir) => {
  const run = async (f: typeof runDocs, args: string[]): Promise<string> => {
    const c = capture();
    assert.equal(await f(args, c.io), 2, `exit code of ${args.join(' ')}`);
    assert.equal(c.out(), '');
    assert.ok(!/\n\s+at /.test(c.err()), `no stack trace: ${c.err()}`);
    return c.err();
  };
  const typo = first.id.slice(0, -1) + 'x';
  assert.match(await run(runDocs, [typo]), new RegExp(`unknown model '${typo}' \\(did you mean '${first.id}'\\?\\)`));
  assert.match(await run(runDocs, []), /a model is required/);
  assert.match(await run(runDocs, [first.id, '--outt', 'x.md']), /--outt: unknown option \(did you mean '--out'\?\)/);
  assert.match(await run(runDocs, [first.id, '--out', path.join(dir, 'no', 'such', 'dir', 'x.md')]), /does not exist/);
  assert.match(await run(runExport, ['sbl', first.id]), /unknown export format 'sbl' \(did you mean 'sbml'\?\)/);
  assert.match(await run(runExport, ['sbml', first.id, '--out', path.join(dir, 'x.txt')]), /unsupported extension ".txt"; allowed: .xml, .sbml/);
  assert.match(await run(runDocs, [path.join(dir, 'missing.json')]), /no such file/);

  const notJson = path.join(dir, 'bad.json');
  fs.writeFileSync(notJson, '{ "id": ');
  assert.match(await run(runDocs, [notJson]), /not valid JSON/);

  // a model that does not check: all its problems, and an existing output file left as it was
  const broken = path.join(dir, 'broken.json');
  fs.writeFileSync(broken, JSON.stringify({
    ...featureModel,
    states: { ...featureModel.states, M: { ...featureModel.states.M, ode: 'k_M * (R / R0 - ' } },
    parameters: { ...featureModel.parameters, ka: { ...featureModel.parameters.ka, unit: 'furlongs' } },
  }));
  const out = path.join(dir, 'keep.xml');
  fs.writeFileSync(out, 'old');
  const err = await run(runExport, ['sbml', broken, '--out', out]);
  assert.match(err, /states\.M\.ode/);
  assert.match(err, /parameters\.ka\.unit/);
  assert.equal(fs.readFileSync(out, 'utf8'), 'old');
  assert.deepEqual(fs.readdirSync(dir).sort(), ['bad.json', 'broken.json', 'keep.xml']);
}));

test('--help', async () => {
  const c = capture();
  assert.equal(await runDocs(['--help'], c.io), 0);
  assert.match(c.out(), /Usage: magbone docs <model>/);
  const d = capture();
  assert.equal(await runExport(['sbml', '--help'], d.io), 0);
  assert.match(d.out(), /Usage: magbone export sbml <model>/);
});
