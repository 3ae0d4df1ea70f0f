/**
 * `magbone solve-ivp` driven as a subprocess (`node bin/magbone.js ...`, as a user runs it): the
 * happy path in both output modes, each kind of bad input (exit 2, one line per problem, no stack
 * trace) and a numerical failure (exit 1 with the solver's message).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT, DATA } from '../helpers/paths.js';

const BIN = path.join(ROOT, 'bin', 'magbone.js');
const HIRES = path.join(DATA, 'ivp-testset', 'HIRES.json');
const dir = mkdtempSync(path.join(tmpdir(), 'magbone-solve-ivp-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, 'solve-ivp', ...args], { encoding: 'utf8', timeout: 60000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function file(name: string, content: unknown): string {
  const f = path.join(dir, name);
  writeFileSync(f, typeof content === 'string' ? content : JSON.stringify(content));
  return f;
}

const noStack = (s: string) => assert.doesNotMatch(s, /\n\s+at /, `stack trace in: ${s}`);

test('happy path, --json: one JSON object with y, t, stats, code, ms', () => {
  const r = run(HIRES, '--method', 'rodas', '--rtol', '1e-8', '--json');
  assert.equal(r.code, 0, r.err);
  const lines = r.out.trim().split('\n');
  assert.equal(lines.length, 1);
  const o = JSON.parse(lines[0]) as { y: number[]; t: number; stats: { steps: number; rhs: number }; code: string; ms: number; method: string };
  assert.equal(o.code, 'success');
  assert.equal(o.method, 'rodas5p');
  assert.equal(o.t, 321.8122);
  assert.equal(o.y.length, 8);
  assert.ok(o.stats.steps > 10 && o.stats.rhs > o.stats.steps);
  assert.ok(o.ms > 0);
  const ref = (JSON.parse(readFileSync(HIRES, 'utf8')) as { reference: { y: number[] } }).reference.y;
  o.y.forEach((v, i) => assert.ok(Math.abs(v - ref[i]) <= 1e-6 * Math.abs(ref[i]), `y[${i}] = ${v}, reference ${ref[i]}`));
});

test('happy path, summary: counters and accuracy against the reference', () => {
  for (const method of ['bdf', 'rodas5', 'dopri']) {
    const r = run(path.join(DATA, 'ivp-testset', 'ROBER40.json'), '--method', method);
    assert.equal(r.code, 0, `${method}: ${r.err}`);
    assert.match(r.out, /^ROBER40: \w+, rtol 0\.000001, atol 1e-8: success in [0-9.]+ ms/);
    assert.match(r.out, /steps \d+ \(\+\d+ rejected\), RHS calls \d+/);
    const m = /mescd (-?[0-9.]+)/.exec(r.out);
    assert.ok(m && Number(m[1]) > 4, `${method}: ${r.out}`);
  }
});

test('bad input: missing file, invalid JSON', () => {
  const missing = run(path.join(dir, 'nope.json'));
  assert.equal(missing.code, 2);
  assert.match(missing.err, /^error: .*nope\.json: cannot read the file \(no such file\)\n$/);
  noStack(missing.err);
  const bad = run(file('bad.json', '{"n": 2, "y0": [1, '));
  assert.equal(bad.code, 2);
  assert.match(bad.err, /^error: .*bad\.json: invalid JSON: /);
  noStack(bad.err);
  assert.equal(bad.out, '');
});

test('bad input: unknown symbol and wrong y0 length are both reported, one line each', () => {
  const f = file('two.json', { n: 3, t0: 0, tEnd: 1, y0: [1, 0], parameters: { k1: 1 }, rhs: ['-k1*y[0]', 'k1*y[0] - k4*y[1]', 'y[1]'] });
  const r = run(f);
  assert.equal(r.code, 2);
  const lines = r.err.trim().split('\n');
  assert.equal(lines.length, 2, r.err);
  assert.match(r.err, /two\.json: y0: has 2 values, but n = 3/);
  assert.match(r.err, /two\.json: rhs\[1\]: unknown symbol 'k4'/);
  for (const l of lines) assert.match(l, /^error: /);
  noStack(r.err);
});

test('bad input: flag values and arguments', () => {
  const a = run(HIRES, '--rtol', 'abc', '--method', 'foo', '--atol=-1');
  assert.equal(a.code, 2);
  assert.match(a.err, /--rtol: "abc" is not a number/);
  assert.match(a.err, /--method: "foo" is not a method; use bdf, rodas, rodas5, rodas5p, dopri, dopri5/);
  assert.match(a.err, /--atol: -1 is not allowed/);
  assert.equal(a.err.trim().split('\n').length, 3);
  noStack(a.err);
  const b = run();
  assert.equal(b.code, 2);
  assert.match(b.err, /missing problem file/);
  const c = run(HIRES, '--rtl', '1e-6');
  assert.equal(c.code, 2);
  assert.match(c.err, /--rtl: unknown option \(did you mean '--rtol'\?\)/);
});

test('numerical failure: exit 1 with the message; --json still prints the result object', () => {
  const f = file('blowup.json', { n: 1, t0: 0, tEnd: 2, y0: [1], rhs: ['y[0]^2'] });
  const r = run(f, '--method', 'rodas');
  assert.equal(r.code, 1);
  assert.match(r.err, /^error: (step size .* too small at t=|component .* became)/);
  noStack(r.err);
  const j = run(f, '--method', 'rodas', '--json');
  assert.equal(j.code, 1);
  const o = JSON.parse(j.out) as { code: string; message: string; t: number };
  assert.ok(o.code === 'step_too_small' || o.code === 'non_finite');
  assert.ok(o.t > 0.99 && o.t < 1.001);
  assert.ok(o.message.length > 20);
});
