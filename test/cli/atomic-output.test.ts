/**
 * Outputs are all or nothing (issue #15, item 3): every file a command writes goes through the one
 * helper in src/cli/output.ts, staged as a temporary file in the target's folder and renamed only
 * when the command succeeded; a failed run or a failed write leaves none of the requested files and
 * no temporaries. Also: the output-size cap, and non-finite numbers printed as themselves.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { main } from '../../src/cli/main.js';
import { withOutputs, writeAtomic, outputsComplete, OutputError, outputProblem, outputSizeProblem, MAX_OUTPUT_VALUES } from '../../src/cli/output.js';
import { toCSV, toJSON } from '../../src/simulate/format.js';
import { runScenario } from '../../src/index.js';

class Sink {
  text = '';
  write(s: string | Uint8Array): boolean { this.text += typeof s === 'string' ? s : Buffer.from(s).toString(); return true; }
}
async function run(argv: string[]): Promise<{ code: number; err: string }> {
  const out = new Sink(), err = new Sink();
  const code = await main(argv, { out: out as unknown as typeof process.stdout, err: err as unknown as typeof process.stderr });
  return { code, err: err.text };
}

const fresh = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'magbone-atomic-'));

test('withOutputs: files appear only when the command returns 0; otherwise none, and no temporaries', async () => {
  const dir = fresh();
  const a = path.join(dir, 'a.csv'), b = path.join(dir, 'b.svg');
  const seen: string[][] = [];
  assert.equal(await withOutputs(async () => {
    writeAtomic(a, 'x\n'); writeAtomic(b, '<svg/>');
    seen.push(fs.readdirSync(dir)); // staged: only temporaries so far
    return 0;
  }), 0);
  assert.ok(seen[0].every((f) => f.endsWith('.tmp')), `staged: ${seen[0].join(', ')}`);
  assert.deepEqual(fs.readdirSync(dir).sort(), ['a.csv', 'b.svg']);
  assert.equal(fs.readFileSync(a, 'utf8'), 'x\n');

  const dir2 = fresh();
  assert.equal(await withOutputs(async () => { writeAtomic(path.join(dir2, 'a.csv'), 'x'); writeAtomic(path.join(dir2, 'b.svg'), 'y'); return 1; }), 1);
  assert.deepEqual(fs.readdirSync(dir2), []);
  await assert.rejects(withOutputs(async () => { writeAtomic(path.join(dir2, 'a.csv'), 'x'); throw new Error('boom'); }), /boom/);
  assert.deepEqual(fs.readdirSync(dir2), []);
  // a write that fails (its folder vanished) discards the files staged before it
  await assert.rejects(withOutputs(async () => {
    writeAtomic(path.join(dir2, 'a.csv'), 'x');
    writeAtomic(path.join(dir2, 'gone', 'b.csv'), 'y');
    return 0;
  }), (e: unknown) => e instanceof OutputError && /cannot write .*b\.csv: ENOENT/.test(e.message));
  assert.deepEqual(fs.readdirSync(dir2), []);
  // a report of a failing check (exit 1 after outputsComplete) is kept; exit 2 never keeps anything
  assert.equal(await withOutputs(async () => { writeAtomic(path.join(dir2, 'report.md'), 'r'); outputsComplete(); return 1; }), 1);
  assert.deepEqual(fs.readdirSync(dir2), ['report.md']);
  fs.unlinkSync(path.join(dir2, 'report.md'));
  assert.equal(await withOutputs(async () => { writeAtomic(path.join(dir2, 'report.md'), 'r'); outputsComplete(); return 2; }), 2);
  assert.deepEqual(fs.readdirSync(dir2), []);
  // an existing file is replaced only on success
  fs.writeFileSync(a, 'old');
  await withOutputs(async () => { writeAtomic(a, 'new'); return 1; });
  assert.equal(fs.readFileSync(a, 'utf8'), 'old');
});

test('simulate: a failed run with --out and --plot leaves neither file; a good one writes both', async () => {
  const dir = fresh();
  const scen = path.join(dir, 'nan.json');
  fs.writeFileSync(scen, JSON.stringify({ model: 'dutta-layton-2024', duration: '1 h', parameters: { kappa_b_Ca: 1, Gamma_abs0: 0.911693 } }));
  const bad = await run(['simulate', scen, '--quiet', '--out', path.join(dir, 'r.csv'), '--plot', path.join(dir, 'r.svg')]);
  assert.equal(bad.code, 1, bad.err);
  assert.deepEqual(fs.readdirSync(dir), ['nan.json']);

  const good = await run(['simulate', 'obm-teriparatide-28d', '--quiet', '--out', path.join(dir, 'r.json'), '--plot', path.join(dir, 'r.svg')]);
  assert.equal(good.code, 0, good.err);
  assert.deepEqual(fs.readdirSync(dir).sort(), ['nan.json', 'r.json', 'r.svg']);
});

test('a file that cannot be written after the run (e.g. the folder removed) is exit 2 and leaves nothing', async () => {
  const dir = fresh();
  const outDir = path.join(dir, 'out');
  fs.mkdirSync(outDir);
  // the check before the run passed; the folder is then replaced by a file while the command runs
  const code = await withOutputs(async () => {
    writeAtomic(path.join(outDir, 'a.csv'), 'x');
    fs.rmSync(outDir, { recursive: true });
    fs.writeFileSync(outDir, 'not a folder');
    return 0;
  }).then(() => 0, (e: unknown) => (e instanceof OutputError ? 2 : 70));
  assert.equal(code, 2);
  assert.deepEqual(fs.readdirSync(dir), ['out']);
});

test('output paths: a folder, an empty name, a missing folder, an unwritable place are problems; a normal file is fine', () => {
  const dir = fresh();
  assert.match(outputProblem('', ['.csv'])!, /cannot be empty/);
  fs.mkdirSync(path.join(dir, 'x.csv'));
  assert.match(outputProblem(path.join(dir, 'x.csv'), ['.csv'])!, /is a folder/);
  assert.match(outputProblem(path.join(dir, 'no', 'x.csv'), ['.csv'])!, /does not exist/);
  assert.match(outputProblem('/proc/x.csv', ['.csv'])!, /cannot be written/);
  assert.equal(outputProblem(path.join(dir, 'y.csv'), ['.csv']), undefined);
  assert.deepEqual(fs.readdirSync(dir), ['x.csv'], 'the probe leaves nothing behind');
});

test('output size: a memory-aware cap, checked before the run (exit 2)', async () => {
  assert.equal(outputSizeProblem(1000, 100), undefined);
  assert.match(outputSizeProblem(MAX_OUTPUT_VALUES, 2)!, /rows × 2 columns .* output less often/);
  const t0 = performance.now();
  const r = await run(['simulate', 'mgb-baseline-10y', '--every', '10 min', '--quiet']);
  assert.equal(r.code, 2);
  assert.match(r.err, /525961 rows × \d+ columns = .* values is more than the 2e\+7 a text output holds/);
  assert.ok(performance.now() - t0 < 5000, 'refused before the run');
  // the library refuses a result that cannot fit in memory at all
  assert.throws(() => runScenario({ model: 'human-mg-bone', duration: '500 y', output: { every: '1 h' } }), /output: 4383001 rows|more than the 2 GB a result may hold|at most 5,000,000/);
});

test('non-finite numbers are printed as themselves in CSV and JSON, never blank or null', () => {
  const r = runScenario({ model: 'openbonemin', duration: '1 d', output: { times: [0, 24] } });
  const col = r.columns.find((c) => c.name === 'PTH')!;
  col.values[0] = NaN;
  col.values[1] = Infinity;
  const csv = toCSV(r, { columns: ['PTH'] }).trim().split('\n');
  assert.deepEqual(csv, ['time,PTH', '0,NaN', '24,Infinity']);
  const json = JSON.parse(toJSON(r, { columns: ['PTH'] })) as { columns: { PTH: { values: unknown[] } } };
  assert.deepEqual(json.columns.PTH.values, ['NaN', 'Infinity']);
  col.values[1] = -Infinity;
  assert.deepEqual((JSON.parse(toJSON(r, { columns: ['PTH'] })) as typeof json).columns.PTH.values, ['NaN', '-Infinity']);
});
