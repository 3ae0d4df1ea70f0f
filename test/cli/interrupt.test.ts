/**
 * Long runs (issue #18): Ctrl-C (SIGINT) during a population stops it cleanly — exit 130, a
 * message, no output file and no temporary left behind — serially and on worker threads; and
 * without a terminal the progress is logged as counts.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '../helpers/paths.js';

const BIN = path.join(ROOT, 'bin', 'magbone.js');

function startPopulation(dir: string, extra: string[]) {
  const scenario = path.join(dir, 'dl.json');
  fs.writeFileSync(scenario, JSON.stringify({ model: 'dutta-layton-2024', duration: '30 d', output: { every: '1 d' }, scale: { IMg: 0.5 } }));
  return spawn(process.execPath, [BIN, 'population', scenario, '--vary', 'IMg=30%', '--n', '100000', '--outputs', 'Mgp', '--out', path.join(dir, 'pop.csv'), ...extra], { cwd: dir });
}

for (const workers of ['1', '2']) {
  test(`Ctrl-C stops a population on ${workers} thread(s): exit 130, nothing written`, { timeout: 120_000 }, async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'magbone-int-'));
    const child = startPopulation(dir, ['--workers', workers]);
    let err = '';
    child.stderr.on('data', (b) => { err += b; });
    // interrupt once the runs are under way: the first progress count in the log (after 10 s)
    const deadline = Date.now() + 90_000;
    while (!/subjects \(\d+ s\)\n/.test(err) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    child.kill('SIGINT');
    const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    assert.equal(code, 130, err);
    assert.match(err, /interrupted: stopped; no output written/);
    assert.deepEqual(fs.readdirSync(dir), ['dl.json'], 'no output and no temporary file');
    fs.rmSync(dir, { recursive: true, force: true });
  });
}

test('without a terminal, progress is logged as counts every 10 s', { timeout: 120_000 }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'magbone-log-'));
  const child = startPopulation(dir, []);
  let err = '';
  child.stderr.on('data', (b) => { err += b; });
  const deadline = Date.now() + 60_000;
  while (!/population \(100000 subjects\): \d+% \d+\/100000 subjects \(\d+ s\)\n/.test(err) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 500));
  child.kill('SIGINT');
  await new Promise((r) => child.on('exit', r));
  assert.match(err, /population \(100000 subjects\): \d+% \d+\/100000 subjects \(1\d s\)\n/);
  fs.rmSync(dir, { recursive: true, force: true });
});
