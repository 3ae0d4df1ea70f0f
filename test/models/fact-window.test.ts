/**
 * bench/fact-window.ts (a benchmark script, not a test): its flags are checked here because the model README quotes
 * windows it prints. Session 15 added `--set` (the other parameters' values for a scan) and `--quantitative`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { ROOT } from '../helpers/paths.js';

const SCRIPT = path.join(ROOT, 'dist', 'bench', 'fact-window.js');
const run = (args: string[]): { code: number | null; out: string; err: string } => {
  const r = spawnSync(process.execPath, [SCRIPT, ...args], { encoding: 'utf8', cwd: ROOT, timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

test('fact-window --set: every bad item named at once, exit 2, nothing printed on stdout', () => {
  const r = run(['--param', 'k_UCa_GFR', '--studies', 'hillgallant2017', '--set', 'foo=1,k_UCa_GFR=2,alb_ref=x,phi_PTH_Ca=7,Mg_diet=2 mmol/L']);
  assert.equal(r.code, 2, r.err);
  assert.equal(r.out, '');
  for (const s of ['foo=1: unknown parameter of human-mg-bone', "'k_UCa_GFR' is the scanned parameter", 'alb_ref=x: "x" is not a number or a quantity',
    'phi_PTH_Ca = 7 is outside its bounds', 'Mg_diet=2 mmol/L: "2 mmol/L": mmol/L does not convert to'])
    assert.ok(r.err.includes(s), `${s}: ${r.err}`);
});

test('fact-window --quantitative: quantitative measurements outside their 95 % interval close the window; --set moves the other parameters', () => {
  // rude1985's Ca before repletion (1.80 ± 0.025 mmol/L) needs enough of the PTH-independent renal Ca reabsorption:
  // at phi_PTH_Ca 0.1 it is far outside (session-14 model: z ≈ 6.7), at the model's 0.3 inside
  const q = run(['--param', 'phi_PTH_Ca', '--studies', 'rude1985', '--from', '0.1', '--to', '0.3', '--steps', '2', '--quantitative']);
  assert.equal(q.code, 0, q.err);
  assert.match(q.out, /^phi_PTH_Ca = 0\.1000 .*failing: .*rude1985\/depletion\/before-ca \(outside, z /m);
  assert.match(q.out, /^phi_PTH_Ca = 0\.3000 +facts 4\/4, quantitative inside 4\/4$/m);
  assert.match(q.out, /all facts and quantitative measurements hold on the grid points in \[0\.3000, 0\.3000\]/);
  const f = run(['--param', 'phi_PTH_Ca', '--studies', 'rude1985', '--from', '0.1', '--to', '0.3', '--steps', '2']);
  assert.match(f.out, /all facts hold on the grid points in \[0\.1000, 0\.3000\]/, 'without --quantitative only the facts decide');
  const s = run(['--param', 'phi_PTH_Ca', '--studies', 'rude1985', '--from', '0.3', '--to', '0.4', '--steps', '2', '--set', 'k_UCa_GFR=0.3']);
  assert.equal(s.code, 0, s.err);
  assert.match(s.out, /; with k_UCa_GFR = 0\.3$/m);
});
