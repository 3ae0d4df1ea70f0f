/**
 * `magbone simulate <scenario> --ensemble posterior.json`: percentile bands over the draws of a
 * posterior. Checked: the bands are ordered; identical draws at the model's values give zero-width
 * bands equal to a plain simulate; --set wins over the draws; the same seed gives the same bytes,
 * for 1 and 2 workers; noise enters only the outputs that have a noise SD; a bad posterior file is
 * exit 2 naming every problem, with nothing written; failed draws are counted and left out.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '../helpers/paths.js';
import { bandPercentiles, parseNoise } from '../../src/analysis/ensemble.js';

const BIN = path.join(ROOT, 'bin', 'magbone.js');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'magbone-ensemble-'));
const SCENARIO = 'mgb-mg-free-3wk';
const VARS = 'Mg_serum,PTH,calcitriol';

function run(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, 'simulate', ...args], { encoding: 'utf8', cwd: tmp, timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
function write(name: string, data: unknown): string {
  const f = path.join(tmp, name);
  fs.writeFileSync(f, JSON.stringify(data));
  return f;
}
/** CSV → header and numeric rows; fails on an empty or non-numeric cell. */
function readCSV(file: string): { header: string[]; rows: number[][] } {
  const [head, ...lines] = fs.readFileSync(file, 'utf8').trim().split('\n');
  const rows = lines.map((l) => l.split(',').map((c) => { assert.ok(c !== '' && Number.isFinite(Number(c)), `cell "${c}" in ${file}`); return Number(c); }));
  return { header: head.split(','), rows };
}

// a posterior of two parameters: absorption and the faecal loss (values inside their bounds)
const POSTERIOR = {
  params: ['f_trans', 'sec_ref'],
  samples: [[0.8, 0.9], [1.0, 1.0], [1.2, 0.8], [0.9, 1.2], [1.1, 1.1], [0.95, 0.7], [1.05, 1.3], [0.85, 1.05]],
};

test('simulate --ensemble: bands ordered p2.5 ≤ p25 ≤ p50 ≤ p75 ≤ p97.5, columns named by level, summary of the end values', () => {
  const post = write('post.json', POSTERIOR);
  const csv = path.join(tmp, 'bands.csv'), svg = path.join(tmp, 'bands.svg');
  const r = run([SCENARIO, '--ensemble', post, '--vars', VARS, '--out', csv, '--plot', svg]);
  assert.equal(r.code, 0, r.err);
  const { header, rows } = readCSV(csv);
  const names = VARS.split(',');
  assert.deepEqual(header, ['time', ...names.flatMap((n) => ['p2.5', 'p25', 'p50', 'p75', 'p97.5'].map((k) => `${n}_${k}`))]);
  let spread = 0;
  for (const row of rows) {
    names.forEach((_, j) => {
      const b = row.slice(1 + 5 * j, 6 + 5 * j);
      for (let k = 1; k < 5; k++) assert.ok(b[k - 1] <= b[k], `${names[j]} at t=${row[0]}: ${b}`);
      spread = Math.max(spread, b[4] - b[0]);
    });
  }
  assert.ok(spread > 0, 'different draws give bands of non-zero width');
  assert.match(r.out, /8 of 8 draws ran; credible intervals/);
  assert.match(r.out, /Mg_serum\s+mmol\/L\s+[\d.]+\s+\[[\d.]+, [\d.]+\]/);
  assert.match(fs.readFileSync(svg, 'utf8'), /2\.5–97\.5%/);
  // --level 0.9 names the columns p5 and p95
  const csv90 = path.join(tmp, 'bands90.csv');
  assert.equal(run([SCENARIO, '--ensemble', post, '--vars', 'Mg_serum', '--level', '0.9', '--out', csv90, '--quiet']).code, 0);
  assert.deepEqual(readCSV(csv90).header, ['time', 'Mg_serum_p5', 'Mg_serum_p25', 'Mg_serum_p50', 'Mg_serum_p75', 'Mg_serum_p95']);
});

test('simulate --ensemble: identical draws at the model values give zero-width bands equal to a plain simulate; --set wins over the draws', () => {
  const same = write('same.json', { params: ['f_trans', 'sec_ref'], samples: [[1, 1], [1, 1], [1, 1]] });
  const plain = path.join(tmp, 'plain.csv'), bands = path.join(tmp, 'same.csv');
  assert.equal(run([SCENARIO, '--vars', VARS, '--out', plain, '--quiet']).code, 0);
  const r = run([SCENARIO, '--ensemble', same, '--vars', VARS, '--out', bands, '--quiet']);
  assert.equal(r.code, 0, r.err);
  const p = readCSV(plain), b = readCSV(bands);
  assert.equal(b.rows.length, p.rows.length);
  b.rows.forEach((row, i) => {
    assert.equal(row[0], p.rows[i][0]);
    VARS.split(',').forEach((name, j) => {
      for (let k = 0; k < 5; k++) assert.equal(row[1 + 5 * j + k], p.rows[i][1 + j], `${name} ${b.header[1 + 5 * j + k]} at t=${row[0]}`);
    });
  });
  // the draws vary f_trans and sec_ref; --set fixes both for every draw: the bands collapse onto the plain run
  const post = write('post-set.json', POSTERIOR);
  const fixed = path.join(tmp, 'fixed.csv');
  assert.equal(run([SCENARIO, '--ensemble', post, '--set', 'f_trans=1', '--set', 'sec_ref=1', '--vars', VARS, '--out', fixed, '--quiet']).code, 0);
  assert.deepEqual(readCSV(fixed).rows, b.rows);
});

test('simulate --ensemble --predictive: same bytes for a seed and for 1 or 2 workers; noise only where an SD is given', () => {
  const post = write('post-pred.json', POSTERIOR);
  const out = (name: string) => path.join(tmp, name);
  const args = [SCENARIO, '--ensemble', post, '--vars', VARS, '--predictive', '--noise', 'Mg_serum=5%,calcitriol=3', '--quiet'];
  assert.equal(run([...args, '--seed', '7', '--out', out('s7a.json')]).code, 0);
  assert.equal(run([...args, '--seed', '7', '--out', out('s7b.json')]).code, 0);
  const w2 = run([...args, '--seed', '7', '--workers', '2', '--out', out('s7w2.json')]);
  assert.equal(w2.code, 0, w2.err);
  assert.equal(run([...args, '--seed', '8', '--out', out('s8.json')]).code, 0);
  const a = fs.readFileSync(out('s7a.json'), 'utf8');
  assert.equal(fs.readFileSync(out('s7b.json'), 'utf8'), a);
  assert.equal(fs.readFileSync(out('s7w2.json'), 'utf8'), a);
  const j = JSON.parse(a), j8 = JSON.parse(fs.readFileSync(out('s8.json'), 'utf8'));
  assert.notDeepEqual(j8.outputs.Mg_serum.p50, j.outputs.Mg_serum.p50, 'another seed, other noise');
  assert.equal(j.interval, 'prediction');
  assert.deepEqual(j.noise, { Mg_serum: { relative: 0.05 }, calcitriol: { absolute: 3 } });
  // PTH has no noise SD: its prediction band is its credible band
  const cred = out('cred.json');
  assert.equal(run([SCENARIO, '--ensemble', post, '--vars', VARS, '--out', cred, '--quiet']).code, 0);
  const c = JSON.parse(fs.readFileSync(cred, 'utf8'));
  assert.deepEqual(j.outputs.PTH, c.outputs.PTH);
  assert.notDeepEqual(j.outputs.Mg_serum['p97.5'], c.outputs.Mg_serum['p97.5']);
  // the noise widens the band of Mg_serum at the end (5 % of 0.6 mmol/L against a credible spread of the draws)
  const n = c.time.length - 1;
  assert.ok(j.outputs.Mg_serum['p97.5'][n] - j.outputs.Mg_serum['p2.5'][n] > c.outputs.Mg_serum['p97.5'][n] - c.outputs.Mg_serum['p2.5'][n]);
  // predictive without a noise model: a warning, and bands equal to the credible ones
  const nn = run([SCENARIO, '--ensemble', post, '--vars', VARS, '--predictive', '--out', out('nonoise.json'), '--quiet']);
  assert.equal(nn.code, 0, nn.err);
  assert.match(nn.err, /warning: --predictive without a noise model/);
  assert.deepEqual(JSON.parse(fs.readFileSync(out('nonoise.json'), 'utf8')).outputs, c.outputs);
  // a noise block recorded in the posterior file is used when --noise is not given
  const withNoise = write('post-noise.json', { ...POSTERIOR, noise: { Mg_serum: '5%', calcitriol: 3 } });
  assert.equal(run([SCENARIO, '--ensemble', withNoise, '--vars', VARS, '--predictive', '--seed', '7', '--out', out('fromfile.json'), '--quiet']).code, 0);
  const f = JSON.parse(fs.readFileSync(out('fromfile.json'), 'utf8'));
  assert.deepEqual(f.outputs, j.outputs);
});

test('simulate --ensemble with a bad posterior file or flags: exit 2, every problem named, nothing written', () => {
  const bad = write('bad-post.json', { params: ['f_transs', 'sec_ref'], samples: [[1, 1], [1], [1, 'x']] });
  const csv = path.join(tmp, 'never.csv'), png = path.join(tmp, 'never.png');
  const r = run([SCENARIO, '--ensemble', bad, '--predictive', '--noise', 'Mg_serm=5%,PTH=-3', '--level', '95', '--out', csv, '--plot', png]);
  assert.equal(r.code, 2);
  assert.equal(r.out, '');
  assert.doesNotMatch(r.err, /at .*\.js:\d+/, 'no stack trace');
  assert.match(r.err, /params\[0\]: "f_transs" is not a parameter of human-mg-bone/);
  assert.match(r.err, /samples\[1\]: must hold 2 finite number/);
  assert.match(r.err, /samples\[2\]: must hold 2 finite number/);
  assert.match(r.err, /--noise PTH=-3: "-3" is not an SD/);
  assert.match(r.err, /--level: 95 must be between 0 and 1/);
  assert.ok(!fs.existsSync(csv) && !fs.existsSync(png));
  const missing = run([SCENARIO, '--ensemble', path.join(tmp, 'nope.json'), '--out', csv]);
  assert.equal(missing.code, 2);
  assert.match(missing.err, /nope\.json/);
  const unknownNoise = run([SCENARIO, '--ensemble', write('ok.json', POSTERIOR), '--predictive', '--noise', 'Mg_serm=5%', '--out', csv]);
  assert.equal(unknownNoise.code, 2);
  assert.match(unknownNoise.err, /noise\.Mg_serm: not a state or output of human-mg-bone/);
  const noEnsemble = run([SCENARIO, '--predictive', '--seed', '3', '--out', csv]);
  assert.equal(noEnsemble.code, 2);
  assert.match(noEnsemble.err, /--predictive needs --ensemble/);
  assert.match(noEnsemble.err, /--seed needs --ensemble/);
  assert.ok(!fs.existsSync(csv));
});

test('simulate --ensemble: failed draws are counted, listed and left out of the bands; all failed → exit 1', () => {
  // f_trans = 5 is outside its allowed range [0, 2]: that draw's run fails
  const withBad = write('with-bad.json', { params: ['f_trans'], samples: [[0.9], [5], [1.1], [1.0]] });
  const without = write('without-bad.json', { params: ['f_trans'], samples: [[0.9], [1.1], [1.0]] });
  const a = path.join(tmp, 'wb.json'), b = path.join(tmp, 'wob.json');
  const r = run([SCENARIO, '--ensemble', withBad, '--vars', VARS, '--out', a]);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /3 of 4 draws ran \(1 failed\)/);
  assert.match(r.out, /draw 1: .*f_trans/);
  assert.equal(run([SCENARIO, '--ensemble', without, '--vars', VARS, '--out', b, '--quiet']).code, 0);
  const ja = JSON.parse(fs.readFileSync(a, 'utf8')), jb = JSON.parse(fs.readFileSync(b, 'utf8'));
  assert.equal(ja.draws, 4);
  assert.equal(ja.succeeded, 3);
  assert.deepEqual(ja.failures.map((f: { draw: number }) => f.draw), [1]);
  assert.deepEqual(ja.outputs, jb.outputs);
  const q = run([SCENARIO, '--ensemble', withBad, '--vars', VARS, '--out', a, '--quiet']);
  assert.match(q.err, /1 of 4 draws failed/);
  const all = run([SCENARIO, '--ensemble', write('all-bad.json', { params: ['f_trans'], samples: [[5], [7]] }), '--out', path.join(tmp, 'none.csv')]);
  assert.equal(all.code, 1);
  assert.match(all.err, /every draw failed/);
  assert.ok(!fs.existsSync(path.join(tmp, 'none.csv')));
});

test('ensemble helpers: the percentiles of a level, and the noise list', () => {
  assert.deepEqual(bandPercentiles(0.95), [2.5, 25, 50, 75, 97.5]);
  assert.deepEqual(bandPercentiles(0.5), [25, 50, 75]);
  assert.deepEqual(bandPercentiles(0.4), [25, 30, 50, 70, 75]);
  const problems: string[] = [];
  assert.deepEqual(parseNoise('Mg_serum=10%, PTH=2.5', problems), { Mg_serum: { relative: 0.1 }, PTH: { absolute: 2.5 } });
  assert.deepEqual(problems, []);
  parseNoise('Mg_serum, PTH=abc', problems);
  assert.equal(problems.length, 2);
});

test('simulate --ensemble --data: the observations over the bands (an output not in --vars is added), fitted against the median', () => {
  const post = write('post-data.json', POSTERIOR);
  const obs = path.join(tmp, 'obs.csv');
  fs.writeFileSync(obs, 'time [d],observable,value,sd\n7,Mg_serum,0.7,0.05\n14,Mg_serum,0.62,0.05\n21,Ca_serum,2.3,0.05\n');
  const svg = path.join(tmp, 'bands-data.svg'), csv = path.join(tmp, 'bands-data.csv');
  const r = run([SCENARIO, '--ensemble', post, '--vars', 'Mg_serum', '--data', obs, '--plot', svg, '--out', csv]);
  assert.equal(r.code, 0, r.err);
  const text = fs.readFileSync(svg, 'utf8');
  assert.equal(text.match(/<circle class="observed"/g)?.length, 3, 'three points drawn');
  assert.match(text, /Ca_serum/, 'the observed output not in --vars gets its panel');
  assert.ok(readCSV(csv).header.includes('Ca_serum_p50'), 'and its bands');
  assert.match(r.out, /Goodness of fit against .*obs\.csv/);
  assert.match(r.out, /median of 8 draws\s+Mg_serum\s+2\s/);
  assert.match(r.out, /median of 8 draws\s+Ca_serum\s+1\s/);
});
