/**
 * Slow group (MAGBONE_SLOW=1 or CI): 10-year sweeps of human-mg-bone over Mg intake. Serum Mg rises
 * monotonically with intake; BMD at 10 years is harmed by very low intake and by a serum Mg above the
 * normal range (CKD with high intake), and does not fall with intake while serum Mg stays normal
 * (normal kidneys; the mineralization defect starts above the upper normal serum Mg); Mg and Ca mass
 * balance close in every run.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SLOW } from '../helpers/paths.js';
import { massBalance, runMgBone } from '../../src/analysis/validation.js';
import { runSweep } from '../../bench/mgb-domain-sweep.js';

const INTAKES = [25, 50, 100, 162, 250, 325, 500, 750, 1000, 1500, 2000, 3000];

test('10-year intake sweep: monotone serum Mg, BMD harmed by deficiency and not by intake in the normal range, closed mass balance', { skip: !SLOW }, () => {
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
  // h13 part H: the size (< ref − 5 points at 25 mg/d) is the todo test below; the direction stays here
  assert.ok(bmd[0] < ref - 2, `very low intake: ${bmd[0]}`);
  // the deficiency arm is monotone from moderate to mild deficiency
  for (let i = 2; i <= INTAKES.indexOf(325); i++) assert.ok(bmd[i] > bmd[i - 1], `BMD not rising between ${INTAKES[i - 1]} and ${INTAKES[i]} mg/d`);
  // with normal kidneys serum Mg stays in the normal range and BMD does not fall with intake
  for (let i = INTAKES.indexOf(325) + 1; i < INTAKES.length; i++) {
    assert.ok(serum[i] < 1.05, `serum Mg ${serum[i]} at ${INTAKES[i]} mg/d`);
    // Up to 1000 mg/d BMD does not fall with intake. Beyond it (1500, 2000 and 3000 mg/d, above the 350 mg/d supplemental
    // upper level) Mg-induced calciuria (mg_casr_kidney: Mg displaces Ca from albumin and acts on the TAL's CaSR) may cost a
    // little bone — high Mg harms bone — but not more than 0.05 points per step over 10 years (session 7: −0.003 and
    // −0.016). Before session 7 the test asked for no fall at all; until session 10 the limit was 1500 mg/d. Session 10
    // (the gut no longer down-regulates absorption above the reference, G_min): serum Mg is higher at each intake and BMD
    // peaks where serum Mg is ~0.91 mmol/L, now at 1000 mg/d (1500 before): 1000 → 1500 mg/d −0.0074 points in 10 years.
    if (INTAKES[i] <= 1000) assert.ok(bmd[i] >= bmd[i - 1], `BMD falling between ${INTAKES[i - 1]} and ${INTAKES[i]} mg/d`);
    else assert.ok(bmd[i] > bmd[i - 1] - 0.05, `BMD falling by more than 0.05 points between ${INTAKES[i - 1]} and ${INTAKES[i]} mg/d: ${bmd[i - 1]} → ${bmd[i]}`);
  }
});

test('10-year intake sweep: BMD at the lowest intake more than 5 points below the reference', { skip: !SLOW } /* todo until session 9 (−4.27); −5.97 since the exchangeable pool releases only the Ca it holds (K_Qrelease) */, () => {
  const low = runMgBone({ duration: '10 y', output: { every: '10 y' }, diet: { Mg: `${INTAKES[0]} mg/d` } });
  const ref = runMgBone({ duration: '10 y', output: { every: '10 y' }, diet: { Mg: '325 mg/d' } });
  const at = (r: ReturnType<typeof runMgBone>): number => r.column('BMD_ls')[r.time.length - 1];
  assert.ok(at(low) < at(ref) - 5, `very low intake: ${at(low)} vs ${at(ref)}`);
});

test('10-year CKD sweep: a serum Mg above the normal range impairs BMD, more so the higher it is', { skip: !SLOW }, () => {
  const bmd: number[] = [], serum: number[] = [];
  for (const mg of [325, 1000, 2000, 3000]) {
    const input: Record<string, unknown> = {
      duration: '10 y', output: { every: '1 y' }, diet: { Mg: `${Math.min(mg, 1000)} mg/d` }, conditions: { eGFR: '15 mL/min/1.73m2' },
    };
    if (mg > 1000) input.supplements = [{ Mg: `${mg - 1000} mg/d`, salt: 'chloride' }];
    const res = runMgBone(input);
    const n = res.time.length - 1;
    serum.push(res.column('Mg_serum')[n]);
    bmd.push(res.column('BMD_ls')[n]);
    const mb = massBalance(res);
    assert.ok(mb.mg.relative <= 1e-9 && mb.ca!.relative <= 1e-9, `eGFR 15, ${mg} mg/d: mass balance ${mb.mg.relative}, ${mb.ca!.relative}`);
  }
  assert.ok(serum[2] > 1.1, `serum Mg at 2000 mg/d, eGFR 15: ${serum[2]}`);
  for (let i = 2; i < bmd.length; i++) assert.ok(bmd[i] < bmd[i - 1], `BMD at eGFR 15 not falling with intake: ${bmd.join(', ')}`);
  assert.ok(bmd[bmd.length - 1] < bmd[0] - 2, `very high serum Mg: ${bmd[bmd.length - 1]} vs ${bmd[0]} at 325 mg/d`);
});

test('domain sweep (300 random valid scenarios; bench/mgb-domain-sweep.ts runs 3,000): no failure, no negative pool', { skip: !SLOW }, () => {
  const res = runSweep(300, 20131);
  assert.equal(res.invalid, 0);
  assert.equal(res.runs, 300);
  assert.deepEqual(res.failures, []);
  assert.equal(res.negativePools, 0);
});
