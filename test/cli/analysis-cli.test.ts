/**
 * `magbone population` and `magbone morris` as subprocesses: happy paths equal to the library's
 * numbers (same seed), files and plots written, and bad inputs rejected with exit 2, a specific
 * message, no stack trace and no output file.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '../helpers/paths.js';
import { prepareScenario } from '../../src/builtin/index.js';
import { runPopulation } from '../../src/analysis/population.js';
import { morris } from '../../src/analysis/morris.js';

const BIN = path.join(ROOT, 'bin', 'magbone.js');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'magbone-analysis-cli-'));

function run(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', cwd: tmp, timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function write(name: string, content: string): string {
  const f = path.join(tmp, name);
  fs.writeFileSync(f, content);
  return f;
}

const DL = { model: 'dutta-layton-2024', duration: '4 d', output: { every: '1 d' }, scale: { IMg: 0.5 } };

test('population: CSV percentiles and JSON subjects equal the library\'s, a band chart, a spec file', () => {
  const file = write('dl.json', JSON.stringify(DL));
  const csv = path.join(tmp, 'pop.csv');
  const svg = path.join(tmp, 'pop.svg');
  const r = run(['population', file, '--vary', 'IMg=30%', '--vary', 'ICa=uniform:0.0008:0.0012', '--n', '9', '--seed', '3', '--outputs', 'Mgp,PTHp', '--out', csv, '--plot', svg, '--time-unit', 'd']);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /9 subjects, seed 3; 9 ran, 0 failed/);
  const { model, scenario } = prepareScenario(DL);
  const spec = { n: 9, seed: 3, vary: { IMg: { dist: 'lognormal' as const, cv: 0.3 }, ICa: { dist: 'uniform' as const, min: 0.0008, max: 0.0012 } } };
  const lib = runPopulation(model, scenario, spec, { outputs: ['Mgp', 'PTHp'] });
  const lines = fs.readFileSync(csv, 'utf8').trim().split('\n');
  assert.equal(lines[0], 'time,output,p5,p25,p50,p75,p95');
  assert.equal(lines.length - 1, 2 * lib.time.length);
  const last = lines.find((l) => l.startsWith('4,PTHp,'))!.split(',');
  assert.equal(Number(last[4]), lib.summary.PTHp.p50[lib.time.length - 1]);
  assert.equal(Number(last[2]), lib.summary.PTHp.p5[lib.time.length - 1]);
  const s = fs.readFileSync(svg, 'utf8');
  assert.ok(s.startsWith('<svg') && s.includes('5–95%') && s.includes('25–75%') && s.includes('PTHp (pmol/L)') && s.includes('time (d)'));

  // the same population from a spec file, JSON out with each subject's parameters
  const specFile = write('pop-spec.json', JSON.stringify({ population: { n: 9, seed: 3, vary: { IMg: { cv: 0.3 }, ICa: { dist: 'uniform', min: 0.0008, max: 0.0012 } } } }));
  const json = path.join(tmp, 'pop.json');
  const j = run(['population', file, '--spec', specFile, '--outputs', 'Mgp,PTHp', '--out', json, '--quiet']);
  assert.equal(j.code, 0, j.err);
  const out = JSON.parse(fs.readFileSync(json, 'utf8'));
  assert.deepEqual(out.subjects.map((x: { parameters: Record<string, number> }) => x.parameters), lib.subjects.map((x) => x.parameters));
  assert.deepEqual(out.summary.Mgp.p95, Array.from(lib.summary.Mgp.p95));
  assert.equal(out.varied[0].dist, 'lognormal');
});

test('population: bad inputs → exit 2, every problem named, no output file', () => {
  const file = write('dl2.json', JSON.stringify(DL));
  const out = path.join(tmp, 'bad-pop.csv');
  const r = run(['population', file, '--vary', 'IMgg=30%', '--vary', 'ICa=30', '--vary', 'slow_pools_dynamic=10%', '--n', '0', '--outputs', 'Mgpp', '--out', out]);
  assert.equal(r.code, 2, r.err);
  for (const re of [/vary\.IMgg: not a parameter of dutta-layton-2024 \(did you mean 'IMg'\?\)/, /vary\.ICa\.cv: 30 is a CV of 3000%.*did you mean "30%"/, /n: 0 must be an integer/, /--outputs Mgpp/]) assert.match(r.err, re);
  assert.doesNotMatch(r.err, /\n\s+at .*:\d+:\d+\)/, 'no stack trace');
  assert.equal(fs.existsSync(out), false);
  const none = run(['population', file, '--out', out]);
  assert.equal(none.code, 2);
  assert.match(none.err, /nothing varies: give --vary/);
  const bounds = run(['population', 'mgb-half-mg-intake-5y', '--vary', 'frac_bone=uniform:0.1:0.6', '--out', out]);
  assert.equal(bounds.code, 2);
  assert.match(bounds.err, /vary\.frac_bone: \[0\.1, 0\.6\] is not inside the allowed range \[0\.4, 0\.7\]/);
  assert.equal(fs.existsSync(out), false);
});

test('morris: the plan first, then μ* equal to the library\'s; CSV and --dry-run', () => {
  const file = write('dlm.json', JSON.stringify(DL));
  const json = path.join(tmp, 'morris.json');
  const r = run(['morris', file, '--outputs', 'Mgp,PTHp', '--parameters', 'IMg,ICa=0.0006:0.0014,D3_inact', '--r', '4', '--seed', '2', '--out', json]);
  assert.equal(r.code, 0, r.err);
  assert.match(r.err, /morris: 3 parameters × 4 trajectories \(p = 4\) → 16 runs .*≈ \d/);
  assert.match(r.out, /### Mgp = /);
  const { model, scenario } = prepareScenario(DL);
  const lib = morris(model, scenario, { outputs: ['Mgp', 'PTHp'], parameters: ['IMg', 'ICa', 'D3_inact'], ranges: { ICa: [0.0006, 0.0014] }, r: 4, seed: 2 });
  const out = JSON.parse(fs.readFileSync(json, 'utf8'));
  assert.deepEqual(out.parameters.map((p: { muStar: Record<string, number> }) => p.muStar), lib.parameters.map((p) => p.muStar));
  assert.deepEqual(out.ranking, lib.ranking);
  const ica = out.parameters.find((p: { parameter: string }) => p.parameter === 'ICa');
  assert.deepEqual([ica.lo, ica.hi], [0.0006, 0.0014]);
  const csv = path.join(tmp, 'morris.csv');
  assert.equal(run(['morris', file, '--outputs', 'Mgp', '--parameters', 'IMg,ICa', '--r', '3', '--out', csv, '--quiet', '--check-ranges']).code, 0);
  const lines = fs.readFileSync(csv, 'utf8').trim().split('\n');
  assert.equal(lines[0], 'output,rank,parameter,unit,value,lo,hi,scale,mu_star,mu,sigma,n');
  assert.equal(lines.length, 3);
  const dry = run(['morris', file, '--outputs', 'Mgp', '--dry-run']);
  assert.equal(dry.code, 0, dry.err);
  assert.match(dry.out, /morris: 71 parameters × 10 trajectories \(p = 4\) → 720 runs/);
  assert.match(dry.out, /V_unit|not screened/);
});

test('morris: bad inputs → exit 2, every problem named, no output file', () => {
  const file = write('dlm2.json', JSON.stringify(DL));
  const out = path.join(tmp, 'bad-morris.json');
  const r = run(['morris', file, '--parameters', 'IMgg,ICa=2:1,Vp=a:b', '--levels', '3', '--outputs', 'Mgpp', '--out', out]);
  assert.equal(r.code, 2, r.err);
  for (const re of [/--parameters Vp=a:b: the range must be LO:HI/, /IMgg: not a parameter of dutta-layton-2024 \(did you mean 'IMg'\?\)/, /--parameters ICa: \[2, 1\] must have lo < hi/, /levels: 3 must be an even integer/, /outputs Mgpp/]) assert.match(r.err, re);
  assert.doesNotMatch(r.err, /\n\s+at .*:\d+:\d+\)/, 'no stack trace');
  assert.equal(fs.existsSync(out), false);
});

test('population and morris --help', () => {
  for (const cmd of ['population', 'morris']) {
    const h = run([cmd, '--help']);
    assert.equal(h.code, 0);
    assert.match(h.out, new RegExp(`Usage: magbone ${cmd}`));
  }
  assert.match(run(['--help']).out, /population .*\n.*morris/s);
});

test('sensitivity --method forward|fd: same table format, close numbers; a bad method is exit 2', () => {
  const file = write('dl-sens.json', JSON.stringify(DL));
  const fwd = run(['sensitivity', file, '--outputs', 'Mgp', '--parameters', 'IMg,ICa', '--json', '--quiet']);
  assert.equal(fwd.code, 0, fwd.err);
  const f = JSON.parse(fwd.out);
  assert.equal(f.method, 'forward');
  const fd = run(['sensitivity', file, '--outputs', 'Mgp', '--parameters', 'IMg,ICa', '--method', 'fd', '--json', '--quiet']);
  assert.equal(fd.code, 0, fd.err);
  const d = JSON.parse(fd.out);
  assert.equal(d.method, 'fd');
  for (let k = 0; k < 2; k++) {
    const x = f.parameters[k].normalised.Mgp, y = d.parameters[k].normalised.Mgp;
    assert.ok(Math.abs(x - y) <= 1e-3 * Math.abs(y), `${f.parameters[k].parameter}: ${x} vs ${y}`);
  }
  const table = run(['sensitivity', file, '--outputs', 'Mgp', '--parameters', 'IMg,ICa', '--quiet']);
  assert.match(table.out, /forward sensitivities, one run; 2 parameters/);
  assert.match(table.out, /\| IMg \|/);
  const bad = run(['sensitivity', file, '--method', 'adjoint', '--quiet']);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /--method: 'adjoint' is not a method; use forward or fd/);
  assert.doesNotMatch(bad.err, /at .*\.js:\d+/);
});
