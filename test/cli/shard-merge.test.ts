/**
 * Deterministic sharding (issue #18): for every sharded command (population, morris, sobol, fit,
 * sample, validate), `--shard k/N` on each k and
 * `magbone merge` of the partial files give exactly the bytes of the one-process run (shards given
 * in any order, uneven block sizes, a worker pool in one shard); the merge refuses a missing or
 * repeated shard and files of another run, with exit 2 and nothing written; --workers auto.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { main } from '../../src/cli/main.js';
import { shardRange, resultArgs, parseShard } from '../../src/cli/shard.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'magbone-shard-'));
const DL = { model: 'dutta-layton-2024', duration: '4 d', output: { every: '1 d' }, scale: { IMg: 0.5 } };
const scenarioFile = path.join(tmp, 'dl.json');
fs.writeFileSync(scenarioFile, JSON.stringify(DL));
const f = (name: string) => path.join(tmp, name);

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '', err = '';
  const io = { out: { write: (s: string) => { out += s; return true; } }, err: { write: (s: string) => { err += s; return true; } } } as unknown as { out: typeof process.stdout; err: typeof process.stderr };
  const code = await main(args, io);
  return { code, out, err };
}

/** One-process run vs N shards merged: same bytes for each output format. */
async function sameBytes(command: string, args: string[], formats: string[], n: number, name: string) {
  for (const ext of formats) {
    const single = f(`${name}-single${ext}`);
    const r = await run([command, ...args, '--out', single, '--quiet']);
    assert.equal(r.code, 0, r.err);
    const parts: string[] = [];
    for (let k = 0; k < n; k++) {
      const part = f(`${name}-part${k}.json`);
      const s = await run([command, ...args, '--shard', `${k}/${n}`, '--out', part, '--quiet', ...(k === 1 ? ['--workers', '2'] : [])]);
      assert.equal(s.code, 0, s.err);
      parts.push(part);
    }
    const merged = f(`${name}-merged${ext}`);
    const m = await run(['merge', ...parts.reverse(), '--out', merged, '--quiet']);
    assert.equal(m.code, 0, m.err);
    assert.ok(fs.readFileSync(merged).equals(fs.readFileSync(single)), `${command} ${ext}: merged bytes differ from the single run`);
  }
}

test('shard ranges: contiguous, complete, balanced; argument parsing', () => {
  for (const [total, n] of [[10, 3], [7, 7], [3, 5], [100_000, 64]]) {
    let at = 0;
    for (let k = 0; k < n; k++) {
      const [a, b] = shardRange(total, k, n);
      assert.equal(a, at);
      assert.ok(b - a === Math.floor(total / n) || b - a === Math.ceil(total / n));
      at = b;
    }
    assert.equal(at, total);
  }
  assert.deepEqual(resultArgs(['population', 'x', '--shard', '1/4', '--out=a.json', '--quiet', '--n', '5', '--workers', 'auto', '--plot', 'p.svg']), ['population', 'x', '--n', '5']);
  const problems: string[] = [];
  assert.equal(parseShard('4/4', problems), undefined);
  assert.equal(parseShard('a/b', problems), undefined);
  assert.equal(problems.length, 2);
  assert.deepEqual(parseShard('3/4', []), { k: 3, n: 4 });
});

test('population: merged shards are the single run, byte for byte (CSV and JSON)', async () => {
  await sameBytes('population', [scenarioFile, '--vary', 'IMg=30%', '--vary', 'ICa=uniform:0.0008:0.0012', '--n', '11', '--seed', '3', '--outputs', 'Mgp,PTHp'], ['.csv', '.json'], 3, 'pop');
});

test('morris: merged shards are the single run, byte for byte (JSON, CSV, Markdown)', async () => {
  await sameBytes('morris', [scenarioFile, '--outputs', 'Mgp,PTHp', '--parameters', 'IMg,ICa=0.0006:0.0014,D3_inact', '--r', '3', '--seed', '2'], ['.json', '.csv', '.md'], 4, 'morris');
});

test('sobol: merged shards are the single run, byte for byte (JSON and CSV)', async () => {
  await sameBytes('sobol', [scenarioFile, '--vary', 'IMg=30%', '--vary', 'GFR=uniform:0.001:0.0015', '--outputs', 'Mgp,PTHp:auc,Mgp:at=2d,Mgp:change', '--n', '16', '--resamples', '50', '--over-time'], ['.json', '.csv'], 3, 'sobol');
});

test('merge refuses a missing or repeated shard and files of another run (exit 2, nothing written)', async () => {
  const args = ['population', scenarioFile, '--vary', 'IMg=30%', '--n', '6', '--outputs', 'Mgp', '--quiet'];
  for (const k of [0, 1, 2]) assert.equal((await run([...args, '--shard', `${k}/3`, '--out', f(`m${k}.json`)])).code, 0);
  assert.equal((await run([...args.map((a) => (a === '6' ? '7' : a)), '--shard', '2/3', '--out', f('other2.json')])).code, 0);
  const out = f('never.csv');
  const missing = await run(['merge', f('m0.json'), f('m1.json'), '--out', out]);
  assert.equal(missing.code, 2);
  assert.match(missing.err, /missing shard\(s\) 2\/3/);
  const twice = await run(['merge', f('m0.json'), f('m1.json'), f('m1.json'), '--out', out]);
  assert.match(twice.err, /given twice/);
  const other = await run(['merge', f('m0.json'), f('m1.json'), f('other2.json'), '--out', out]);
  assert.equal(other.code, 2);
  assert.match(other.err, /from another run/);
  const notShard = await run(['merge', scenarioFile, '--out', out]);
  assert.match(notShard.err, /not a magbone partial result/);
  assert.equal(fs.existsSync(out), false);
  const noOut = await run(['population', scenarioFile, '--vary', 'IMg=30%', '--shard', '0/2']);
  assert.equal(noOut.code, 2);
  assert.match(noOut.err, /--shard: give --out FILE.json/);
});

test('--workers auto gives the serial numbers; a bad --workers is an input error', async () => {
  const args = ['population', scenarioFile, '--vary', 'IMg=30%', '--n', '8', '--outputs', 'Mgp', '--quiet'];
  assert.equal((await run([...args, '--out', f('w1.json')])).code, 0);
  assert.equal((await run([...args, '--workers', 'auto', '--out', f('wa.json')])).code, 0);
  assert.ok(fs.readFileSync(f('w1.json')).equals(fs.readFileSync(f('wa.json'))));
  const bad = await run([...args, '--workers', 'many']);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /--workers: many must be an integer from 1 to 64, or auto/);
});

// fit (multi-start) and sample (chains) on the synthetic decay objective of the evidence tests; the
// merge is what `magbone merge` does (read the partial files, replay the command with their results),
// called with the same injected objective
import { runFit } from '../../src/cli/fit.js';
import { runSample } from '../../src/cli/sample.js';
import { readShardFiles, withReplay, ShardDone } from '../../src/cli/shard.js';
import { decayDeps } from './evidence-deps.js';
import { ROOT } from '../helpers/paths.js';

function quietIo() {
  let err = '';
  return { io: { out: { write: () => true }, err: { write: (s: string) => { err += s; return true; } } } as never, err: () => err };
}

async function shardsThenMerge(run: (argv: string[], io: never) => Promise<number>, args: string[], n: number, name: string) {
  const single = f(`${name}-single.json`);
  const a = quietIo();
  assert.equal(await run([...args, '--out', single], a.io), 0, a.err());
  const parts: string[] = [];
  for (let k = 0; k < n; k++) {
    const part = f(`${name}-part${k}.json`);
    await assert.rejects(run([...args, '--shard', `${k}/${n}`, '--out', part, ...(k === 0 ? ['--workers', '2'] : [])], quietIo().io), ShardDone);
    parts.push(part);
  }
  const problems: string[] = [];
  const files = readShardFiles(parts.reverse(), problems);
  assert.deepEqual(problems, []);
  const merged = f(`${name}-merged.json`);
  const b = quietIo();
  assert.equal(await withReplay(files!, () => run([...files![0].args, '--out', merged], b.io)), 0, b.err());
  assert.ok(fs.readFileSync(merged).equals(fs.readFileSync(single)), `${name}: merged bytes differ from the single run`);
}

test('fit (multi-start): merged shards are the single run, byte for byte', async () => {
  await shardsThenMerge((a, io) => runFit(a, io, decayDeps), ['--model', 'test-decay', '--params', 'k,X0', '--starts', '5', '--seed', '3', '--quiet'], 3, 'fit');
});

test('sample (chains): merged shards are the single run, byte for byte', async () => {
  const fit = f('fit-for-sample.json');
  assert.equal(await runFit(['--model', 'test-decay', '--params', 'k,X0', '--starts', '2', '--quiet', '--out', fit], quietIo().io, decayDeps), 0);
  await shardsThenMerge((a, io) => runSample(a, io, decayDeps), ['--fit', fit, '--n', '60', '--chains', '3', '--steps', '30', '--burn', '10', '--seed', '4', '--quiet'], 3, 'sample');
});

test('validate: merged shards are the single run, byte for byte (JSON and Markdown report)', async () => {
  const studies = path.join(ROOT, 'test', 'fixtures', 'studies', 'good');
  const args = ['validate', '--studies', studies, '--quiet'];
  for (const [flag, ext] of [['--json', '.json'], ['--report', '.md']]) {
    // same file name in two folders: the report names its figure folder after itself
    for (const d of ['vs', 'vm']) fs.mkdirSync(f(d), { recursive: true });
    const single = path.join(f('vs'), `validate${ext}`);
    assert.equal((await run([...args, flag, single])).code, 0);
    const parts = [f('v-part0.json'), f('v-part1.json')];
    for (let k = 0; k < 2; k++) { const r = await run([...args, '--shard', `${k}/2`, '--out', parts[k]]); assert.equal(r.code, 0, r.err); assert.match(r.err, /partial result written/); }
    const merged = path.join(f('vm'), `validate${ext}`);
    const m = await run(['merge', ...parts, '--out', merged, '--quiet']);
    assert.equal(m.code, 0, m.err);
    assert.ok(fs.readFileSync(merged).equals(fs.readFileSync(single)), `validate ${ext}: merged bytes differ`);
    if (ext === '.md') for (const fig of fs.readdirSync(f('vs/validate-figures'))) assert.ok(fs.readFileSync(f(`vm/validate-figures/${fig}`)).equals(fs.readFileSync(f(`vs/validate-figures/${fig}`))), fig);
  }
});

test('sobol: every input problem at once (exit 2, nothing written); a plot and the table otherwise', async () => {
  const out = f('sobol-bad.json');
  const bad = await run(['sobol', scenarioFile, '--vary', 'IMg=30', '--vary', 'Nope=20%', '--outputs', 'Mgp:median,Foo,Mgp:at=20d', '--n', '4', '--out', out]);
  assert.equal(bad.code, 2);
  for (const re of [/--n: 4 must be/, /vary\.IMg\.cv: 30 is a CV of 3000%/, /unknown summary "median"/, /--outputs Foo: not a state or output/, /at 28800 min is outside the run/, /vary\.Nope: not a parameter/]) assert.match(bad.err, re);
  assert.equal(fs.existsSync(out), false);
  const svg = f('sobol.svg');
  const ok = await run(['sobol', scenarioFile, '--vary', 'IMg=30%', '--vary', 'GFR=20%', '--outputs', 'Mgp', '--n', '16', '--resamples', '50', '--plot', svg]);
  assert.equal(ok.code, 0, ok.err);
  assert.match(ok.out, /\| IMg \| [\d.-]+ \| [\d.-]+ … [\d.-]+ \|/);
  assert.match(ok.out, /Convergence/);
  assert.match(fs.readFileSync(svg, 'utf8'), /^<svg[\s\S]*Mgp · IMg/);
});
