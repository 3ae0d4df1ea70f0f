/**
 * `magbone validate --studies`: the table and summaries from the library, bad study files (every
 * problem with its path, exit code 2, no output file written), the JSON and Markdown outputs, and
 * an ensemble's coverage (--ensemble, --predictive with a seed).
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '../helpers/paths.js';

const BIN = path.join(ROOT, 'bin', 'magbone.js');
const FIX = path.join(ROOT, 'test', 'fixtures', 'studies');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'magbone-validate-'));

function run(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, 'validate', ...args], { encoding: 'utf8', cwd: tmp, timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('validate --studies: per-measurement rows, per-study and overall fractions, JSON and Markdown files', () => {
  const json = path.join(tmp, 'v.json'), md = path.join(tmp, 'v.md');
  const r = run(['--studies', path.join(FIX, 'good'), '--json', json, '--report', md, '--quiet']);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /fixture-depletion\s+depletion\s+serum-mg\s+Mg_serum \(ratio\)\s+21 d/);
  assert.match(r.out, /overall: inside the 95 % interval \d+\/7/);
  const rep = JSON.parse(fs.readFileSync(json, 'utf8'));
  assert.equal(rep.rows.length, 10);
  assert.deepEqual(rep.studies.map((s: { id: string }) => s.id), ['fixture-depletion', 'fixture-intake']);
  const inside = rep.rows.filter((x: { inside?: boolean }) => x.inside === true).length;
  assert.equal(rep.overall.inside.inside, inside);
  assert.equal(rep.overall.inside.total, 7);
  for (const x of rep.rows.filter((x: { kind: string }) => x.kind !== 'qualitative')) assert.equal(x.inside, Math.abs(x.z) <= 1.96);
  assert.match(fs.readFileSync(md, 'utf8'), /\| fixture-intake \| test \|/);
  // --split test keeps the held-out study only
  const t = run(['--studies', path.join(FIX, 'good'), '--split', 'test', '--json', '-', '--quiet']);
  assert.equal(t.code, 0, t.err);
  assert.deepEqual(JSON.parse(t.out).studies.map((s: { id: string }) => s.id), ['fixture-intake']);
});

test('validate --studies with bad files: every problem with its path, exit code 2, nothing written', () => {
  const json = path.join(tmp, 'bad.json'), md = path.join(tmp, 'bad.md');
  const r = run(['--studies', path.join(FIX, 'bad', 'bad-many.yaml'), path.join(FIX, 'bad', 'bad-model.json'), '--split', 'tests', '--json', json, '--report', md]);
  assert.equal(r.code, 2);
  assert.equal(r.out, '');
  assert.doesNotMatch(r.err, /at .*\.js:\d+/, 'no stack trace');
  assert.match(r.err, /bad-many\.yaml: arms\[0\]\.measurements\[0\]\.observable: "Mg_serm" is not an observable of human-mg-bone \(did you mean 'Mg_serum'\?\)/);
  assert.match(r.err, /bad-many\.yaml: arms\[0\]\.measurements\[2\]\.se: a dispersion is required/);
  assert.match(r.err, /bad-model\.json: model: unknown model "human-mg-bon"/);
  assert.match(r.err, /--split: "tests" is not allowed/);
  assert.ok(r.err.trim().split('\n').length >= 19, r.err);
  assert.ok(!fs.existsSync(json) && !fs.existsSync(md));
  const e = run(['--studies', path.join(FIX, 'good'), '--ensemble', path.join(tmp, 'missing.json'), '--predictive', '--seed', '-1']);
  assert.equal(e.code, 2);
  assert.match(e.err, /--ensemble/);
  assert.match(e.err, /--seed: -1/);
});

test('validate --ensemble [--predictive]: coverage per study and overall, reproducible for a seed', () => {
  const post = path.join(tmp, 'posterior.json');
  fs.writeFileSync(post, JSON.stringify({ params: ['f_trans'], samples: [[0.9], [1], [1.1], [1.05], [0.95]] }));
  const study = path.join(FIX, 'good', 'fixture-depletion.yaml');
  const j1 = path.join(tmp, 'e1.json'), j2 = path.join(tmp, 'e2.json');
  const md = path.join(tmp, 'coverage.md');
  const a = run(['--studies', study, '--ensemble', post, '--predictive', '--seed', '5', '--json', j1, '--report', md, '--quiet']);
  assert.equal(a.code, 0, a.err);
  // the report's figures: each observation's position in its interval, and per study
  assert.match(fs.readFileSync(md, 'utf8'), /coverage-figures\/coverage\.svg/);
  assert.match(fs.readFileSync(path.join(tmp, 'coverage-figures', 'coverage.svg'), 'utf8'), /serum-mg/);
  assert.ok(fs.existsSync(path.join(tmp, 'coverage-figures', 'studies.svg')));
  assert.match(a.out, /COVERAGE \d\/4/);
  assert.match(a.out, /prediction intervals over 5 draws, noise seed 5/);
  const b = run(['--studies', study, '--ensemble', post, '--predictive', '--seed', '5', '--json', j2, '--quiet']);
  assert.equal(b.code, 0, b.err);
  const r1 = JSON.parse(fs.readFileSync(j1, 'utf8')), r2 = JSON.parse(fs.readFileSync(j2, 'utf8'));
  assert.deepEqual(r1, r2);
  for (const row of r1.rows.filter((x: { kind: string }) => x.kind !== 'qualitative')) {
    assert.ok(row.lower <= row.model && row.model <= row.upper, row.measurement);
    const y = row.observed;
    assert.equal(row.inside, y >= row.lower && y <= row.upper, row.measurement);
  }
  const bad = path.join(tmp, 'bad-posterior.json');
  fs.writeFileSync(bad, JSON.stringify({ params: ['f_transs'], samples: [[1, 2]] }));
  const c = run(['--studies', study, '--ensemble', bad]);
  assert.equal(c.code, 2);
  assert.match(c.err, /params\[0\]: "f_transs" is not a parameter/);
  assert.match(c.err, /samples\[0\]: must hold 1 finite number/);
});
