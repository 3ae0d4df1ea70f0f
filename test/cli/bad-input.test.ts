/**
 * Bad input → exit 2 with a message naming the field, never a crash (exit 70, a TypeError, a stack
 * overflow) and never a silent acceptance (issue #15, item 2); and the inputs that were rejected
 * though valid are accepted. Each example from the issue is a case here. Most run in-process through
 * `main` (the same dispatcher as the `magbone` command); a few go through a real subprocess.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { main } from '../../src/cli/main.js';
import { ROOT } from '../helpers/paths.js';
import { BAD } from '../helpers/bad-scenarios.js';

class Sink {
  text = '';
  write(s: string | Uint8Array): boolean { this.text += typeof s === 'string' ? s : Buffer.from(s).toString(); return true; }
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'magbone-bad-'));

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out = new Sink(), err = new Sink();
  const code = await main(argv, { out: out as unknown as typeof process.stdout, err: err as unknown as typeof process.stderr });
  return { code, out: out.text, err: err.text };
}

let k = 0;
function scenarioFile(content: string | Buffer, ext = '.json'): string {
  const f = path.join(dir, `s${k++}${ext}`);
  fs.writeFileSync(f, content);
  return f;
}

async function simulate(scenario: unknown, ...flags: string[]) {
  return run(['simulate', scenarioFile(JSON.stringify(scenario)), '--quiet', ...flags]);
}

for (const [label, scenario, flags, pattern] of BAD) {
  test(`bad input exits 2 naming the field: ${label}`, async () => {
    const r = await simulate(scenario, ...flags);
    assert.equal(r.code, 2, r.err);
    assert.match(r.err, pattern);
    assert.doesNotMatch(r.err, /internal error|TypeError|RangeError|at .*\.js:\d+/);
  });
}

test('scale.__proto__ (own key from JSON) is refused, not silently dropped', async () => {
  const f = scenarioFile('{"model":"openbonemin","duration":"5 d","scale":{"__proto__":2}}');
  const r = await run(['simulate', f, '--quiet']);
  assert.equal(r.code, 2);
  assert.match(r.err, /scale\.__proto__: unknown parameter of openbonemin/);
});

test('unknown command or flag with a prototype name exits 2', async () => {
  assert.equal((await run(['constructor'])).code, 2);
  assert.equal((await run(['__proto__'])).code, 2);
  const r = await run(['simulate', 'pr-baseline-10y', '--constructor', 'x']);
  assert.equal(r.code, 2);
  assert.match(r.err, /--constructor: unknown option/);
});

test('values nested 5,000 deep: a clear error, no stack overflow (JSON and YAML)', async () => {
  const deep = `{"model":"openbonemin","duration":"5 d","parameters":${'['.repeat(5000)}${']'.repeat(5000)}}`;
  for (const [content, ext] of [[deep, '.json'], [deep, '.yaml']] as const) {
    const r = await run(['simulate', scenarioFile(content, ext), '--quiet']);
    assert.equal(r.code, 2, r.err);
    assert.match(r.err, /nested more than 64 levels deep/);
  }
});

test('echoed bad values are truncated (a 1 MB string is not printed whole)', async () => {
  const r = await simulate({ model: 'openbonemin', duration: 'x'.repeat(1_000_000), parameters: { ['k'.repeat(100_000)]: 1 } });
  assert.equal(r.code, 2);
  assert.ok(r.err.length < 2000, `message length ${r.err.length}`);
  assert.match(r.err, /duration: "x+…\(1000002 chars\)…x+"/);
  assert.match(r.err, /parameters\.k+…\(100000 chars\)…k+: unknown parameter/);
});

test('output paths are checked before the run: a folder, an unwritable place, an empty name → exit 2, nothing written', async () => {
  const cases: [string[], RegExp][] = [
    [['--out', dir], /unsupported extension|is a folder/],
    [['--out', path.join(dir, 'sub.csv')], /is a folder/],
    [['--out', '/proc/magbone-x.csv'], /cannot be written/],
    [['--out', path.join(dir, 'missing', 'x.csv')], /does not exist/],
    [['--out', ''], /--out: needs a non-empty value/],
    [['--out='], /--out: needs a non-empty value/],
    [['--plot', '/proc/magbone-x.png'], /--plot .*cannot be written/],
    [['--out', path.join(dir, 'ok.csv'), '--plot', '/proc/x.png'], /--plot .*cannot be written/],
  ];
  fs.mkdirSync(path.join(dir, 'sub.csv'), { recursive: true });
  for (const [flags, pattern] of cases) {
    const r = await simulate({ model: 'openbonemin', duration: '5 d' }, ...flags);
    assert.equal(r.code, 2, `${flags.join(' ')}: ${r.err}`);
    assert.match(r.err, pattern, flags.join(' '));
    assert.equal(r.out, '', 'nothing on stdout either');
  }
  assert.equal(fs.existsSync(path.join(dir, 'ok.csv')), false);
});

test('rejected though valid: two supplements of 3000 mg/d each; eGFR "0.3 L/h/1.73m2" (exactly 5 mL/min)', async () => {
  const two = await simulate({ model: 'human-mg-bone', duration: '30 d', supplements: [{ Mg: '3000 mg/d', salt: 'citrate' }, { Mg: '3000 mg/d', salt: 'oxide' }] });
  assert.equal(two.code, 0, two.err);
  const egfr = await simulate({ model: 'human-mg-bone', duration: '30 d', conditions: { eGFR: '0.3 L/h/1.73m2' } });
  assert.equal(egfr.code, 0, egfr.err);
  // the limits still hold, and speak of the keys the user wrote
  const one = await simulate({ model: 'human-mg-bone', duration: '30 d', supplements: [{ Mg: '6000 mg/d', salt: 'citrate' }] });
  assert.equal(one.code, 2);
  assert.match(one.err, /supplements\[0\]\.Mg: "6000 mg\/d" .*outside the allowed range 0-5000 mg\/d/);
  assert.doesNotMatch(one.err, /Mg_supp/);
  const many = await simulate({ model: 'human-mg-bone', duration: '30 d', supplements: Array.from({ length: 5 }, () => ({ Mg: '5000 mg/d', salt: 'citrate' })) });
  assert.equal(many.code, 2);
  assert.match(many.err, /supplements: the supplements add up to 25000 mg\/d/);
  const low = await simulate({ model: 'human-mg-bone', duration: '30 d', conditions: { eGFR: '0.29 L/h/1.73m2' } });
  assert.equal(low.code, 2);
  assert.match(low.err, /conditions\.eGFR: "0\.29 L\/h\/1\.73m2" is outside the allowed range 5-150/);
});

test('an issue about a parameter the adapter derived names the key the user wrote', async () => {
  const { remapDerived } = await import('../../src/simulate/api.js');
  const origins = new Map<string, (string | number)[]>([['Mg_supp', ['supplements']]]);
  const r = remapDerived({ path: ['parameters', 'Mg_supp'], message: '30000 is outside the allowed range [0, 20000] mg/d' }, origins);
  assert.deepEqual(r.path, ['supplements']);
  assert.match(r.message, /^gives Mg_supp = 30000 is outside/);
  // a parameter the user wrote keeps its own path
  const mine = remapDerived({ path: ['parameters', 'GFR0'], message: 'x' }, origins);
  assert.deepEqual(mine.path, ['parameters', 'GFR0']);
});

test('a YAML !!set where an object belongs is refused, not silently ignored', async () => {
  const r = await run(['simulate', scenarioFile('model: human-mg-bone\nduration: 2 d\nswitches: !!set\n  ? inflammation\n', '.yaml'), '--quiet']);
  assert.equal(r.code, 2, r.err);
  assert.match(r.err, /switches: must be an object/);
});

test('a UTF-8 byte-order mark at the start of a scenario file is accepted (JSON and YAML)', async () => {
  const bom = Buffer.from([0xef, 0xbb, 0xbf]);
  const json = await run(['simulate', scenarioFile(Buffer.concat([bom, Buffer.from('{"model":"openbonemin","duration":"2 d"}')])), '--quiet']);
  assert.equal(json.code, 0, json.err);
  const yaml = await run(['simulate', scenarioFile(Buffer.concat([bom, Buffer.from('model: openbonemin\nduration: 2 d\n')]), '.yaml'), '--quiet']);
  assert.equal(yaml.code, 0, yaml.err);
});

test('through the real command: bad input exits 2, a numerical failure exits 1 (with time, state and invariant), success 0', () => {
  const bin = path.join(ROOT, 'bin', 'magbone.js');
  const go = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: dir });
  const bad = go('simulate', scenarioFile('{"model":"openbonemin","duration":"5 d","doses":[{"cmt":"constructor","amt":1}]}'), '--quiet');
  assert.equal(bad.status, 2, bad.stderr);
  assert.match(bad.stderr, /doses\[0\]\.cmt/);
  const nan = go('simulate', scenarioFile('{"model":"dutta-layton-2024","duration":"1 h","parameters":{"kappa_b_Ca":1,"Gamma_abs0":0.911693}}'), '--quiet', '--out', path.join(dir, 'nan.csv'));
  assert.equal(nan.status, 1, nan.stderr);
  assert.match(nan.stderr, /invariant_violation.*'Ca_body_content'.*\n  at t = 0 min, observable 'Ca_body_content' \(invariant 'finite'\)\n  state: PTH_g=/s);
  assert.equal(fs.existsSync(path.join(dir, 'nan.csv')), false);
  const ok = go('simulate', scenarioFile('{"model":"openbonemin","duration":"1536.096 min"}'), '--quiet');
  assert.equal(ok.status, 0, ok.stderr);
});
