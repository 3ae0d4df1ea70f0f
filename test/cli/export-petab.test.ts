/**
 * `magbone export petab`: the shipped model and library studies written as a PEtab v1 problem that
 * `magbone petab --llh` reads back with the evidence engine's chi2; bad input is exit 2 with every
 * problem listed and no folder written; an earlier export is replaced, another folder is not touched.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '../helpers/paths.js';
import { main } from '../../src/cli/main.js';
import { getModel } from '../../src/builtin/index.js';
import { loadStudies } from '../../src/node/study-files.js';
import { studyObjective } from '../../src/analysis/evidence/likelihood.js';

function capture() {
  let out = '', err = '';
  return { io: { out: { write: (s: string) => { out += s; return true; } }, err: { write: (s: string) => { err += s; return true; } } } as never, get out() { return out; }, get err() { return err; } };
}
const tmp = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'magbone-export-petab-'));

test('export petab human-mg-bone (an after-chain, percent changes, contrasts of two arms with an infusion): magbone petab --llh gives the evidence engine\'s chi2', async () => {
  const dir = path.join(tmp(), 'p');
  const c = capture();
  const code = await main(['export', 'petab', 'human-mg-bone', '--studies', 'tzanakis2008,fatemi1991', '--params', 'K_block,a_Ca_TAL', '--out', dir], c.io);
  assert.equal(code, 0, c.err);
  assert.match(c.out, /8 measurements from 2 studies in 4 conditions/);
  assert.match(c.out, /declined: 3 qualitative facts/);
  for (const f of ['problem.yaml', 'model.xml', 'conditions.tsv', 'observables.tsv', 'measurements.tsv', 'parameters.tsv', 'report.md']) assert.ok(fs.existsSync(path.join(dir, f)), f);
  const d = capture();
  assert.equal(await main(['petab', path.join(dir, 'problem.yaml'), '--llh'], d.io), 0, d.err);
  const { chi2 } = JSON.parse(d.out) as { chi2: number };
  // the evidence engine at the same solver tolerance as the PEtab runs
  const model = getModel('human-mg-bone');
  const studies = loadStudies(['tzanakis2008', 'fatemi1991'].map((s) => path.join(ROOT, 'studies', `${s}.yaml`)))
    .map((s) => ({ ...s, arms: s.arms.map((a) => ({ ...a, scenario: { ...a.scenario, solver: { ...a.scenario.solver, rtol: 1e-10, atol: 1e-12 } } })) }));
  const obj = studyObjective(studies, model, { params: ['K_block', 'a_Ca_TAL'] });
  const r = obj.evaluate(Float64Array.from(['K_block', 'a_Ca_TAL'], (p) => Math.log(model.spec.parameters[p].value)), false);
  let expected = 0;
  obj.rows.forEach((_row, i) => { expected += r.r[i] ** 2; });
  assert.ok(Math.abs(chi2 - expected) <= 1e-6 * expected, `chi2 ${chi2} vs evidence ${expected}`);
});

test('export petab: bad input is exit 2 with every problem listed, and no folder is written', async () => {
  const base = tmp();
  const dir = path.join(base, 'out');
  const c = capture();
  assert.equal(await main(['export', 'petab', 'human-mg-bon', '--studies', 'nosuch', '--model-error', '-1', '--out', dir], c.io), 2);
  assert.match(c.err, /unknown model "human-mg-bon".*did you mean 'human-mg-bone'/);
  assert.match(c.err, /--model-error: -1/);
  assert.match(c.err, /unknown study "nosuch"/, 'the study ids are checked even when the model is unknown');
  const d = capture();
  assert.equal(await main(['export', 'petab', 'human-mg-bone', '--studies', 'nosuch,fatemi199', '--studies', 'split:both', '--params', 'K_block,nope', '--out', dir], d.io), 2);
  assert.match(d.err, /unknown study "nosuch"/);
  assert.match(d.err, /unknown study "fatemi199".*fatemi1991/);
  assert.match(d.err, /split:both: the split must be training, test or all/);
  assert.ok(!d.err.includes('    at '), 'no stack trace');
  // only qualitative facts: nothing to export
  const e = capture();
  assert.equal(await main(['export', 'petab', 'human-mg-bone', '--studies', 'iom1997', '--params', 'K_block', '--out', dir], e.io), 2);
  assert.match(e.err, /no measurement can be expressed/);
  const f = capture();
  assert.equal(await main(['export', 'petab', 'human-mg-bone', '--studies', 'tzanakis2008', '--params', 'K_block,nope', '--out', dir], f.io), 2);
  assert.match(f.err, /nope/);
  assert.deepEqual(fs.readdirSync(base), [], 'nothing written, no temporary folder left');
  // a folder holding other files is not touched
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, 'mine.txt'), 'keep');
  const g = capture();
  assert.equal(await main(['export', 'petab', 'human-mg-bone', '--studies', 'tzanakis2008', '--params', 'K_block', '--out', dir], g.io), 2);
  assert.match(g.err, /not an earlier export \(mine\.txt\)/);
  assert.deepEqual(fs.readdirSync(dir), ['mine.txt']);
});

test('export petab: an earlier export in --out is replaced', async () => {
  const dir = path.join(tmp(), 'p');
  const c = capture();
  assert.equal(await main(['export', 'petab', 'human-mg-bone', '--studies', 'tzanakis2008', '--params', 'K_block', '--out', dir], c.io), 0, c.err);
  const d = capture();
  assert.equal(await main(['export', 'petab', '--model', 'human-mg-bone', '--studies', 'guthrie1998', '--params', 'V_lz', '--out', dir], d.io), 0, d.err);
  assert.match(fs.readFileSync(path.join(dir, 'measurements.tsv'), 'utf8'), /guthrie1998/);
  assert.doesNotMatch(fs.readFileSync(path.join(dir, 'measurements.tsv'), 'utf8'), /tzanakis2008/);
  assert.equal(fs.readdirSync(path.dirname(dir)).length, 1, 'no temporary folder left');
});
