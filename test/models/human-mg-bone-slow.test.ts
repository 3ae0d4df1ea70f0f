/**
 * Slow group (MAGBONE_SLOW=1 or CI): 10-year sweeps of human-mg-bone over Mg intake. Serum Mg rises
 * monotonically with intake; BMD at 10 years is U-shaped (worse at both very low and very high
 * intake than at the reference); Mg and Ca mass balance close in every run.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SLOW } from '../helpers/paths.js';
import { massBalance, runMgBone } from '../../src/analysis/validation.js';

const INTAKES = [25, 50, 100, 162, 250, 325, 500, 750, 1000, 1500, 2000, 3000];

test('10-year intake sweep: monotone serum Mg, U-shaped BMD, closed mass balance', { skip: !SLOW }, () => {
  const serum: number[] = [], bmd: number[] = [];
  for (const mg of INTAKES) {
    const diet = Math.min(mg, 1000);
    const input: Record<string, unknown> = { duration: '10 y', output: { every: '1 y' }, diet: { Mg: `${diet} mg/d` } };
    if (mg > diet) input.supplements = [{ Mg: `${mg - diet} mg/d`, salt: 'chloride' }];
    const res = runMgBone(input);
    const n = res.time.length - 1;
    serum.push(res.column('Mg_serum')[n]);
    bmd.push(res.column('BMD_ls')[n]);
    const mb = massBalance(res);
    assert.ok(mb.mg.relative <= 1e-9 && mb.ca!.relative <= 1e-9, `${mg} mg/d: mass balance ${mb.mg.relative}, ${mb.ca!.relative}`);
  }
  for (let i = 1; i < INTAKES.length; i++) assert.ok(serum[i] > serum[i - 1], `serum Mg not rising at ${INTAKES[i]} mg/d`);
  const ref = bmd[INTAKES.indexOf(325)];
  const best = Math.max(...bmd);
  assert.ok(Math.abs(best - ref) < 0.5, `BMD peaks near the reference intake (best ${best}, reference ${ref})`);
  assert.ok(bmd[0] < ref - 5, `very low intake: ${bmd[0]}`);
  assert.ok(bmd[bmd.length - 1] < ref - 2, `very high intake: ${bmd[bmd.length - 1]}`);
  // the deficiency arm is monotone from moderate to mild deficiency
  for (let i = 2; i <= INTAKES.indexOf(325); i++) assert.ok(bmd[i] > bmd[i - 1], `BMD not rising between ${INTAKES[i - 1]} and ${INTAKES[i]} mg/d`);
});
