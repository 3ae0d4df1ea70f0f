/**
 * `magbone fit`, `profile` and `sample` (with a synthetic objective injected: the decay study of
 * test/analysis/evidence), and `--params-file` on the scenario commands: the files they write,
 * identical bytes for 1 and 2 workers, every input problem at once with exit code 2 and nothing
 * written.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { runFit } from '../../src/cli/fit.js';
import { runProfile } from '../../src/cli/profile.js';
import { runSample } from '../../src/cli/sample.js';
import { applyOverrides } from '../../src/cli/scenario-input.js';
import { ROOT } from '../helpers/paths.js';
import { decayDeps } from './evidence-deps.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'magbone-evidence-'));
const file = (name: string) => path.join(tmp, name);

function io() {
  let out = '', err = '';
  return { io: { out: { write: (s: string) => { out += s; return true; } }, err: { write: (s: string) => { err += s; return true; } } } as never, text: () => ({ out, err }) };
}

test('fit → profile → sample on the decay study: files, tables, and the same bytes on 1 and 2 workers', async () => {
  const a = io();
  const base = ['--model', 'test-decay', '--params', 'k,X0', '--starts', '4', '--seed', '3', '--quiet'];
  assert.equal(await runFit([...base, '--out', file('fit.json'), '--plot', file('fit.svg')], a.io, decayDeps), 0, a.text().err);
  const fit = JSON.parse(fs.readFileSync(file('fit.json'), 'utf8'));
  assert.equal(fit.kind, 'magbone-fit');
  assert.deepEqual(fit.params, ['k', 'X0']);
  assert.deepEqual(fit.studies, ['decay']);
  assert.equal(fit.split, 'training');
  assert.equal(fit.starts.length, 4);
  assert.ok(fit.converged, fit.message);
  assert.equal(fit.best.k, Math.exp(fit.theta[0]));
  const nQuant = fit.residuals.perMeasurement.length;
  assert.equal(nQuant, 10, 'the quantitative measurements of the decay study');
  close(fit.objective, 0.5 * fit.residuals.perMeasurement.reduce((s: number, m: { residual: number }) => s + m.residual ** 2, 0), 1e-12);
  assert.equal(fit.residuals.perStudy[0].n, nQuant);
  assert.ok(fit.covariance.se.every((s: number) => s > 0));
  assert.match(a.text().out, /parameter\s+value/);
  assert.match(fs.readFileSync(file('fit.svg'), 'utf8'), /^<svg/);
  // the noise model: subject-level SDs of the level measurements (Y: SE 0.1 with n 9 of 1.2 mmol/L;
  // X: SE 0.02 with n 4 of 0.2 mmol/L; the change with sd and n is not a level and does not count)
  assert.deepEqual(Object.keys(fit.noise), ['X', 'Y']);
  close(fit.noise.Y.relative, (0.1 * 3) / 1.2, 1e-12);
  close(fit.noise.X.relative, (0.02 * 2) / 0.2, 1e-12);
  assert.deepEqual(fit.noiseBasis, { X: 1, Y: 1 });
  const b = io();
  assert.equal(await runFit([...base, '--workers', '2', '--out', file('fit2.json')], b.io, decayDeps), 0, b.text().err);
  assert.equal(fs.readFileSync(file('fit2.json'), 'utf8'), fs.readFileSync(file('fit.json'), 'utf8'));

  const c = io();
  assert.equal(await runProfile(['--fit', file('fit.json'), '--params', 'k', '--out', file('profile.json'), '--plot', file('profile.svg'), '--quiet'], c.io, decayDeps), 0, c.text().err);
  const prof = JSON.parse(fs.readFileSync(file('profile.json'), 'utf8'));
  assert.equal(prof.profiles.length, 1);
  assert.equal(prof.profiles[0].param, 'k');
  assert.equal(prof.profiles[0].classification, 'identifiable');
  assert.ok(prof.profiles[0].ciValues[0] < fit.best.k && fit.best.k < prof.profiles[0].ciValues[1]);
  assert.match(c.text().out, /95 % profile-likelihood intervals/);

  const sampleArgs = ['--fit', file('fit.json'), '--n', '200', '--chains', '2', '--steps', '60', '--burn', '20', '--seed', '4', '--quiet'];
  const d = io();
  assert.equal(await runSample([...sampleArgs, '--out', file('post.json')], d.io, decayDeps), 0, d.text().err);
  const post = JSON.parse(fs.readFileSync(file('post.json'), 'utf8'));
  assert.deepEqual(post.noise, fit.noise, 'the posterior carries the fit\'s noise model');
  assert.deepEqual(post.params, ['k', 'X0']);
  assert.equal(post.samples.length, 200);
  assert.ok(post.samples.every((s: number[]) => s.length === 2 && s.every((v) => v > 0)));
  assert.equal(post.rhat.length, 2);
  assert.equal(post.seed, 4);
  const e = io();
  assert.equal(await runSample([...sampleArgs, '--workers', '2', '--out', file('post2.json')], e.io, decayDeps), 0, e.text().err);
  assert.equal(fs.readFileSync(file('post2.json'), 'utf8'), fs.readFileSync(file('post.json'), 'utf8'));
});

function close(a: number, b: number, tol: number) { assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${a} vs ${b}`); }

test('fit, profile, sample: every input problem at once, exit code 2, nothing written', async () => {
  const a = io();
  assert.equal(await runFit(['--model', 'test-decay', '--params', 'k,nope', '--starts', '0', '--split', 'dev', '--out', file('bad.txt')], a.io, decayDeps), 2);
  const err = a.text().err;
  for (const p of [/--starts: 0/, /--split: "dev"/, /--out .*unsupported extension/]) assert.match(err, p);
  assert.ok(!fs.existsSync(file('bad.txt')));
  const b = io();
  assert.equal(await runFit(['--model', 'test-decay', '--params', 'k,nope', '--out', file('bad.json')], b.io, decayDeps), 2);
  assert.match(b.text().err, /"nope" is not a parameter of test-decay/);
  assert.doesNotMatch(b.text().err, /\n\s+at /, 'no stack trace');
  assert.ok(!fs.existsSync(file('bad.json')));
  fs.writeFileSync(file('notfit.json'), JSON.stringify({ kind: 'other', params: ['k'] }));
  const c = io();
  assert.equal(await runProfile(['--fit', file('notfit.json'), '--level', '2', '--out', file('p.json')], c.io, decayDeps), 2);
  for (const p of [/--level: 2/, /kind: not a fit file/, /theta: required/, /objective: required/]) assert.match(c.text().err, p);
  const d = io();
  assert.equal(await runSample(['--fit', file('missing.json'), '--chains', '0', '--out', file('s.json')], d.io, decayDeps), 2);
  for (const p of [/missing.json: no such file/, /--chains: 0 must be an integer ≥ 1/]) assert.match(d.text().err, p);
  assert.ok(!fs.existsSync(file('p.json')) && !fs.existsSync(file('s.json')));
});

test('--params-file applies a fit\'s best values as scenario parameters (--set wins; a fit of another model is refused)', () => {
  const f = file('obm-fit.json');
  fs.writeFileSync(f, JSON.stringify({ kind: 'magbone-fit', model: 'openbonemin', best: { OBtot0: 0.002, k1: 0.5 } }));
  const problems: string[] = [];
  const out = applyOverrides({ model: 'openbonemin', parameters: { k1: 1, k2: 3 } }, { 'params-file': f, set: ['k1=0.7'] }, problems);
  assert.deepEqual(problems, []);
  assert.deepEqual(out.parameters, { k1: 0.7, k2: 3, OBtot0: 0.002 });
  const wrong: string[] = [];
  applyOverrides({ model: 'human-mg-bone' }, { 'params-file': f }, wrong);
  assert.match(wrong.join('\n'), /a fit of openbonemin, but the scenario runs human-mg-bone/);
  // through the command: the fitted value changes the run
  const BIN = path.join(ROOT, 'bin', 'magbone.js');
  const sim = (extra: string[]) => spawnSync(process.execPath, [BIN, 'simulate', 'obm-baseline-10y', '--duration', '30 d', '--out', file(`sim${extra.length}.csv`), ...extra], { encoding: 'utf8', cwd: tmp });
  fs.writeFileSync(f, JSON.stringify({ kind: 'magbone-fit', model: 'openbonemin', best: { OBtot0: 0.002 } }));
  const plain = sim([]), fitted = sim(['--params-file', f]);
  assert.equal(plain.status, 0, plain.stderr);
  assert.equal(fitted.status, 0, fitted.stderr);
  assert.notEqual(fs.readFileSync(file('sim2.csv'), 'utf8'), fs.readFileSync(file('sim0.csv'), 'utf8'));
  const bad = spawnSync(process.execPath, [BIN, 'simulate', 'obm-baseline-10y', '--params-file', file('nothing.json')], { encoding: 'utf8', cwd: tmp });
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--params-file .*nothing.json: no such file/);
  // session 22: a model's name stands for its shipped calibration (as --ensemble human-mg-bone does)
  const shipped = JSON.parse(fs.readFileSync(path.join(ROOT, 'src', 'models', 'human-mg-bone', 'calibration', 'fit.json'), 'utf8')) as { best: Record<string, number> };
  const named: string[] = [];
  const byName = applyOverrides({ model: 'human-mg-bone', parameters: { K_cell: 0.3 } }, { 'params-file': 'human-mg-bone' }, named);
  assert.deepEqual(named, []);
  assert.deepEqual(byName.parameters, { ...shipped.best });
  const unknown = spawnSync(process.execPath, [BIN, 'simulate', 'mgb-baseline-10y', '--params-file', 'no-such-model', '--out', file('never.csv')], { encoding: 'utf8', cwd: tmp });
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /--params-file no-such-model: no such file, and not a model with a shipped calibration \(human-mg-bone\)/);
  assert.ok(!fs.existsSync(file('never.csv')));
});

test('fit --facts: the qualitative facts join the objective as soft constraints, recorded in the fit file for profile and sample', async () => {
  const a = io();
  const base = ['--model', 'test-decay', '--params', 'k,X0', '--starts', '2', '--seed', '3', '--quiet'];
  assert.equal(await runFit([...base, '--facts', '--fact-weight', '0.5', '--out', file('fit-facts.json')], a.io, decayDeps), 0, a.text().err);
  const fit = JSON.parse(fs.readFileSync(file('fit-facts.json'), 'utf8'));
  assert.deepEqual(fit.facts, { weight: 0.5 });
  const rows = fit.residuals.perMeasurement as { label: string; study: string; residual: number }[];
  const factRows = rows.filter((m) => m.label.startsWith('fact:'));
  assert.equal(rows.length, 13, '10 quantitative measurements and 3 facts');
  assert.equal(factRows.length, 3);
  assert.ok(factRows.every((m) => m.study === 'decay' && m.residual >= 0), JSON.stringify(factRows));
  close(fit.objective, 0.5 * rows.reduce((s, m) => s + m.residual ** 2, 0), 1e-12);
  // profile rebuilds the same objective from the file: its value at the optimum is the fit's
  const c = io();
  assert.equal(await runProfile(['--fit', file('fit-facts.json'), '--params', 'k', '--max-points', '3', '--out', file('profile-facts.json'), '--quiet'], c.io, decayDeps), 0, c.text().err);
  const prof = JSON.parse(fs.readFileSync(file('profile-facts.json'), 'utf8'));
  close(prof.cost, fit.objective, 1e-9);
  // bad input: the weight without --facts, and a non-positive weight, both named at once
  const b = io();
  assert.equal(await runFit([...base, '--fact-weight', '0', '--facts-exclude', 'decay', '--out', file('bad-facts.json')], b.io, decayDeps), 2);
  for (const p of [/--fact-weight: 0 must be > 0/, /--fact-weight: only with --facts/, /--facts-exclude: only with --facts/]) assert.match(b.text().err, p);
  assert.ok(!fs.existsSync(file('bad-facts.json')));
  // --facts-exclude: the study's facts stay checks (recorded in the file); an unknown study is named
  const d = io();
  assert.equal(await runFit([...base, '--facts', '--facts-exclude', 'decay', '--out', file('fit-facts-ex.json')], d.io, decayDeps), 0, d.text().err);
  const ex = JSON.parse(fs.readFileSync(file('fit-facts-ex.json'), 'utf8'));
  assert.deepEqual(ex.facts, { exclude: ['decay'] });
  assert.equal((ex.residuals.perMeasurement as { label: string }[]).filter((m) => m.label.startsWith('fact:')).length, 0);
  const e = io();
  assert.equal(await runFit([...base, '--facts', '--facts-exclude', 'decai', '--out', file('bad-ex.json')], e.io, decayDeps), 2);
  assert.match(e.text().err, /"decai" is not a study of the objective/);
  assert.ok(!fs.existsSync(file('bad-ex.json')));
});
