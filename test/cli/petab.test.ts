/**
 * `magbone petab` and `magbone fit --petab`: the JSON of --llh, every problem of a broken problem at
 * once with file, line and column (exit 2, nothing written), unsupported features declined by name.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DATA } from '../helpers/paths.js';
import { main } from '../../src/cli/main.js';

function capture() {
  let out = '', err = '';
  return { io: { out: { write: (s: string) => { out += s; return true; } }, err: { write: (s: string) => { err += s; return true; } } } as never, get out() { return out; }, get err() { return err; } };
}
const CASE = (c: string): string => path.join(DATA, 'petab-test-suite', c, `_${c}.yaml`);

test('magbone petab --llh prints {"llh", "chi2"} at the nominal parameters', async () => {
  const c = capture();
  assert.equal(await main(['petab', CASE('0009'), '--llh'], c.io), 0);
  const j = JSON.parse(c.out) as { llh: number; chi2: number };
  assert.ok(Math.abs(j.llh - -0.75799668259765) < 1e-3 && Math.abs(j.chi2 - 0.6128279546164) < 1e-3, c.out);
});

/** A copy of case 0003 with some files replaced. */
function broken(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'magbone-petab-'));
  for (const f of fs.readdirSync(path.join(DATA, 'petab-test-suite', '0003'))) fs.copyFileSync(path.join(DATA, 'petab-test-suite', '0003', f), path.join(dir, f));
  for (const [f, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, f), text);
  return dir;
}

test('a broken problem: every problem at once, with file, line and column; exit 2; nothing written', async () => {
  const dir = broken({
    '_measurements.tsv': 'observableId\tsimulationConditionId\ttime\tmeasurement\tobservableParameters\nobs_a\tc0\tabc\t0.7\t0.5;2\nobs_x\tc9\t10\t0.1\t\n',
    '_parameters.tsv': 'parameterId\tparameterScale\tlowerBound\tupperBound\tnominalValue\testimate\nk1\tlin\t0\t10\t0.8\t2\nk2\tsquare\t0\t10\t0.6\t1\n',
  });
  const sims = path.join(dir, 'sims.tsv');
  const c = capture();
  assert.equal(await main(['petab', path.join(dir, '_0003.yaml'), '--llh', '--simulations', sims], c.io), 2);
  const lines = c.err.trim().split('\n');
  for (const want of [/_measurements\.tsv, line 2, column 'time': "abc"/, /_measurements\.tsv, line 3, column 'observableId': 'obs_x'/,
    /_measurements\.tsv, line 3, column 'simulationConditionId': 'c9'/, /_parameters\.tsv, line 2, column 'estimate': "2"/, /_parameters\.tsv, line 3, column 'parameterScale': "square"/]) {
    assert.ok(lines.some((l) => want.test(l)), `${want} in:\n${c.err}`);
  }
  assert.ok(!c.err.includes('    at '), 'no stack trace');
  assert.ok(!fs.existsSync(sims), 'nothing written');
});

test('unsupported PEtab features are declined by name (exit 2)', async () => {
  const dir = broken({
    '_parameters.tsv': 'parameterId\tparameterScale\tlowerBound\tupperBound\tnominalValue\testimate\tobjectivePriorType\nk1\tlin\t0\t10\t0.8\t1\tnormal\nk2\tlin\t0\t10\t0.6\t1\tnormal\n',
    '_0003.yaml': 'format_version: 2.0.0\nparameter_file: _parameters.tsv\nproblems:\n- sbml_files: [_model.xml]\n  condition_files: [_conditions.tsv]\n  measurement_files: [_measurements.tsv]\n  observable_files: [_observables.tsv]\n',
  });
  const c = capture();
  assert.equal(await main(['petab', path.join(dir, '_0003.yaml'), '--llh'], c.io), 2);
  assert.match(c.err, /PEtab 2\.0\.0 is not supported \(declined/);
  fs.copyFileSync(path.join(DATA, 'petab-test-suite', '0003', '_0003.yaml'), path.join(dir, '_0003.yaml'));
  const d = capture();
  assert.equal(await main(['petab', path.join(dir, '_0003.yaml'), '--llh'], d.io), 2);
  // objective priors are read (docs/petab.md, "Priors"): a normal prior without its parameters is an error of its row
  assert.match(d.err, /_parameters\.tsv, line 2, column 'objectivePriorParameters': empty: normal needs two parameters/);
  assert.match(d.err, /_parameters\.tsv, line 3, column 'objectivePriorParameters': empty: normal needs two parameters/);
});

test('magbone petab --llh with an objective prior: llh without it, logPrior and logPosterior beside; fit --petab finds the posterior mode', async () => {
  const prob = path.join(DATA, 'petab-prior', 'problem.yaml');
  const c = capture();
  assert.equal(await main(['petab', prob, '--llh'], c.io), 0);
  const j = JSON.parse(c.out) as { llh: number; chi2: number; logPrior: number; logPosterior: number };
  // k = 1 (nominal): residuals (k·t − y)/σ for y = 2.3, 3.9, 6.4 at t = 1, 2, 3, σ = 0.5; prior N(1, 0.2²) at its mean
  const r = [(1 - 2.3) / 0.5, (2 - 3.9) / 0.5, (3 - 6.4) / 0.5];
  const chi2 = r.reduce((a, v) => a + v * v, 0);
  assert.ok(Math.abs(j.chi2 - chi2) < 1e-8 && Math.abs(j.llh - (-1.5 * Math.log(2 * Math.PI * 0.25) - chi2 / 2)) < 1e-8, c.out);
  assert.ok(Math.abs(j.logPrior - -0.5 * Math.log(2 * Math.PI * 0.04)) < 1e-12 && Math.abs(j.logPosterior - (j.llh + j.logPrior)) < 1e-12, c.out);
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'magbone-petab-')), 'fit.json');
  const d = capture();
  assert.equal(await main(['fit', '--petab', prob, '--starts', '2', '--out', out, '--quiet'], d.io), 0, d.err);
  assert.match(d.out, /objective priors: log-prior/);
  const f = JSON.parse(fs.readFileSync(out, 'utf8')) as { parameters: { id: string; value: number }[]; logPosterior: number };
  const mode = (1 * 2.3 + 2 * 3.9 + 3 * 6.4) / 0.25 + 1 / 0.04, prec = 14 / 0.25 + 1 / 0.04;
  assert.ok(Math.abs(f.parameters[0].value - mode / prec) < 1e-6, `${f.parameters[0].value} vs ${mode / prec}`);
});

test('magbone fit --petab fits a test-suite case: the llh rises from the nominal values', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'magbone-petab-fit-'));
  const out = path.join(dir, 'fit.json');
  const c = capture();
  assert.equal(await main(['fit', '--petab', CASE('0013'), '--starts', '2', '--quiet', '--out', out], c.io), 0, c.err);
  const f = JSON.parse(fs.readFileSync(out, 'utf8')) as { llh: number; llhNominal: number; parameters: { id: string }[] };
  assert.deepEqual(f.parameters.map((p) => p.id), ['k1', 'k2', 'par']);
  assert.ok(f.llh > f.llhNominal + 1, `llh ${f.llhNominal} → ${f.llh}`);
});
