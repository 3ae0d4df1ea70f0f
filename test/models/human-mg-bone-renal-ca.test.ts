/**
 * human-mg-bone v2 part H: segmental renal Ca reabsorption (issue #13, finding 3). Only the distal share `phi_PTH_Ca`
 * of OpenBoneMin's active reabsorption follows PTH, so the PTH block of chronic Mg deficiency gives a bounded
 * hypocalcaemia instead of OpenBoneMin's PTH-free calciuria (serum Ca 0.98 mmol/L after a Mg-free year before).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mgBoneModel, runMgBone } from '../../src/analysis/validation.js';
import type { Model } from '../../src/model/model.js';
import path from 'node:path';
import { loadStudies } from '../../src/node/study-files.js';
import { ROOT } from '../helpers/paths.js';
import { getModel } from '../../src/builtin/index.js';
import { checkStudies } from '../../src/analysis/evidence/coverage.js';
import { rulesAt as rules } from '../helpers/rules.js';

type Res = ReturnType<typeof runMgBone>;
const atDay = (r: Res, c: string, day: number): number => r.column(c)[r.time.findIndex((t) => Math.abs(t - day * 24) < 1e-6)];
/** Urinary Ca (mmol/d) over the output interval ending at `day` (from OpenBoneMin's cumulative urinary Ca, UCA). */
function urineCa(r: Res, day: number): number {
  const i = r.time.findIndex((t) => Math.abs(t - day * 24) < 1e-6);
  const u = r.column('UCA');
  return ((u[i] - u[i - 1]) / (r.time[i] - r.time[i - 1])) * 24;
}

test('renal Ca: phi_PTH_Ca = 1 is OpenBoneMin\'s PTH effect; at the default only the distal share is lost without PTH, with OpenBoneMin\'s slope at baseline', () => {
  const m = mgBoneModel();
  const obm = m.with({ parameters: { phi_PTH_Ca: 1 } });
  const iPTH = m.stateNames.indexOf('PTH_pmol');
  const phi = m.p[m.parameterNames.indexOf('phi_PTH_Ca')];
  assert.ok(phi > 0.05 && phi < 0.5, `phi_PTH_Ca ${phi}`);
  const y0 = m.initialState();
  const at = (model: Model, scale: number): ((n: string) => number) => {
    const y = Float64Array.from(y0); y[iPTH] *= scale;
    return rules(model, model.p, y);
  };
  for (const s of [0, 0.01, 0.3, 1, 3]) {
    const w = at(obm, s);
    assert.ok(Math.abs(w('f_PTH_reabs') - w('ReabsPTHeff')) < 1e-12, `phi 1, PTH ×${s}: ${w('f_PTH_reabs')} vs ${w('ReabsPTHeff')}`);
  }
  assert.ok(Math.abs(at(m, 1)('f_PTH_reabs') - 1) < 1e-12);
  // session 8: was < 1e-12. PTH's targets see its smooth positive part C4_pos (couple.ts), 5e-10 × the baseline PTH when
  // PTH is exactly 0, so "no PTH" leaves ~1e-10 of the distal effect
  assert.ok(Math.abs(at(m, 0)('f_PTH_reabs') - (1 - phi)) < 1e-8, `no PTH: ${at(m, 0)('f_PTH_reabs')}`);
  // slope in PTH at baseline: the same as OpenBoneMin's (the Ca–PTH loop keeps its renal gain near the reference)
  const h = 1e-4;
  const slope = (model: Model): number => (at(model, 1 + h)('f_PTH_reabs') - at(model, 1 - h)('f_PTH_reabs')) / (2 * h);
  assert.ok(Math.abs(slope(m) / slope(obm) - 1) < 1e-6, `slope ${slope(m)} vs ${slope(obm)}`);
});

test('Mg-free diet for 12 months: bounded hypocalcaemia (1.5-2.1 mmol/L, Shils 1969, Rude 1985), where OpenBoneMin\'s renal handling fell below 1 mmol/L', () => {
  const free = runMgBone({ duration: '360 d', output: { every: '10 d' }, diet: { Mg: '0 mg/d' } });
  const ca = free.column('Ca_serum');
  const end = atDay(free, 'Ca_serum', 360);
  assert.ok(end >= 1.5 && end <= 2.1, `serum Ca at 12 months ${end}`);
  assert.ok(Math.min(...ca) >= 1.5, `lowest serum Ca ${Math.min(...ca)}`);
  assert.ok(atDay(free, 'Ca_serum', 90) < 2.2, `3 months: ${atDay(free, 'Ca_serum', 90)} (Shils: ≤ 2.1)`);
  // the same diet with OpenBoneMin's renal Ca handling (all active reabsorption PTH-dependent): the unbounded fall
  const obm = runMgBone({ duration: '360 d', output: { every: '90 d' }, diet: { Mg: '0 mg/d' }, parameters: { phi_PTH_Ca: 1 } });
  assert.ok(atDay(obm, 'Ca_serum', 360) < end - 0.3, `phi 1: ${atDay(obm, 'Ca_serum', 360)} vs ${end}`);
  // Session 9: removed "urinary Ca at 12 months below 0.6 × that with OpenBoneMin's renal handling" (12.5 vs 12.9 mmol/d now).
  // Once the exchangeable pool releases only the Ca it holds (K_Qrelease), both variants empty it within ~6 months and the
  // urine then carries what the non-exchangeable bone gives (J14a, ~14 mmol/d) whatever the kidney does; the renal
  // structure sets the serum Ca at which that happens (above). The calciuria itself is the todo below.
});

// Urine = net gut absorption + net bone release at a steady state; the gut gives ~nothing at low calcitriol, and OpenBoneMin's
// bone Ca buffer (constant release T13·Q0·(1 − FracJ14) against a deposition J15 ∝ plasma Ca, refilled from Qbone) keeps
// giving Ca as serum Ca falls, so urinary Ca rises with the renal structure alone (README, v2 part H).
test('Mg-free diet: urinary Ca lower in deficiency than at the reference', { todo: 'v2 part H: 8.8 / 15.7 / 21.4 mmol/d at 90 / 180 / 360 d vs 3.6 at the reference; session 9: 7.8 / 13.8 / 12.6 (the exchangeable pool empties by ~6 months, then OpenBoneMin\'s passive release from non-exchangeable bone, J14a ≈ 14.6 mmol/d, feeds the urine; README)' }, () => {
  const free = runMgBone({ duration: '360 d', output: { every: '10 d' }, diet: { Mg: '0 mg/d' } });
  const ref = runMgBone({ duration: '30 d', output: { every: '10 d' } });
  for (const day of [90, 180, 360]) assert.ok(urineCa(free, day) < urineCa(ref, 30), `day ${day}: ${urineCa(free, day)} vs ${urineCa(ref, 30)} mmol/d`);
});

// Was a todo until session 9 (−61 mmol): OpenBoneMin's Q is a pure integrator (J14 ∝ Q0); the human model's release needs Ca in the pool (K_Qrelease)
test('Mg-free diet for 12 months: the exchangeable bone Ca pool stays non-negative', () => {
  const free = runMgBone({ duration: '360 d', output: { every: '10 d' }, diet: { Mg: '0 mg/d' } });
  assert.ok(Math.min(...free.column('Q')) >= 0, `lowest Q ${Math.min(...free.column('Q'))} mmol`);
});

// Session 14: OpenBoneMin sizes ReabsMax from the current GFR so that urine Ca at the baseline serum Ca is CaUrine0 at any
// GFR; the human model scales that baseline excretion by (GFR/GFR_ref)^k_UCa_GFR (couple.ts; README, "Session 14").
test('renal Ca and GFR: ReabsMax is OpenBoneMin\'s at the normal GFR and with k_UCa_GFR = 0, and its baseline urine Ca falls as (GFR/GFR_ref)^k below it', () => {
  const m = mgBoneModel();
  const k = m.p[m.parameterNames.indexOf('k_UCa_GFR')];
  assert.ok(k > 0 && k < 1, `k_UCa_GFR ${k}`);
  const iG = m.stateNames.indexOf('GFR');
  const gRef = m.p[m.parameterNames.indexOf('GFR_ref')];
  const y0 = m.initialState();
  const at = (model: Model, gfr: number): ((n: string) => number) => {
    const y = Float64Array.from(y0); y[iG] = gfr;
    return rules(model, model.p, y);
  };
  const obm = m.with({ parameters: { k_UCa_GFR: 0 } });
  // at the normal GFR the two are the same rule value (CaUrine0 × 1^k)
  assert.ok(Math.abs(at(m, gRef)('ReabsMax') / at(obm, gRef)('ReabsMax') - 1) < 1e-12);
  for (const f of [0.05, 0.2, 0.5]) {
    const w = at(m, f * gRef), o = at(obm, f * gRef);
    // the baseline excretion: filtered load not passively reabsorbed minus the active reabsorption at the baseline Ca
    assert.ok(Math.abs(w('CaUrine0_GFR') / o('CaUrine0_GFR') - f ** k) < 1e-6, `GFR ×${f}: ${w('CaUrine0_GFR') / o('CaUrine0_GFR')} vs ${f ** k}`);
    // more reabsorption capacity than OpenBoneMin's at a reduced GFR, and still positive at eGFR 5
    assert.ok(w('ReabsMax') > o('ReabsMax') && o('ReabsMax') > 0, `GFR ×${f}: ReabsMax ${w('ReabsMax')} vs ${o('ReabsMax')}`);
  }
});

test('CKD (2 years on the usual diet): urinary Ca below normal at every eGFR from 60 to 10 and falling from 90 to 30; serum Ca within 2.2-2.45 mmol/L', () => {
  const run = (egfr: number, k?: number): Res => runMgBone({ duration: '2 y', output: { every: '1 y' }, conditions: { eGFR: `${egfr} mL/min/1.73m2` },
    ...(k === undefined ? {} : { parameters: { k_UCa_GFR: k } }) });
  const last = (r: Res, c: string): number => r.column(c).at(-1)!;
  const normal = last(run(90), 'urine_Ca');
  const u = [60, 30, 20, 10].map((g) => last(run(g), 'urine_Ca'));
  for (const x of u) assert.ok(x < normal, `urine Ca at eGFR 60/30/20/10: ${u.map((v) => v.toFixed(2)).join('/')} vs ${normal.toFixed(2)} mmol/d at 90`);
  assert.ok(u[1] < u[0], `eGFR 30 ${u[1]} vs 60 ${u[0]}`);
  for (const g of [30, 10]) {
    const ca = last(run(g), 'Ca_serum');
    assert.ok(ca > 2.2 && ca < 2.45, `eGFR ${g}: Ca ${ca}`);
  }
  // as published (k = 0) urine Ca at eGFR 10 is above normal: the defect this departure removes
  assert.ok(last(run(10, 0), 'urine_Ca') > normal, `k = 0: ${last(run(10, 0), 'urine_Ca')} vs ${normal}`);
});

// Below eGFR ~30 the low calcitriol of CKD doubles OpenBoneMin's excretion factor (2 − T10), which outruns the nephron-mass
// scaling at k = 0.2: urine Ca 2.3 / 2.6 / 3.4 mmol/d at eGFR 30 / 20 / 10 (normal 3.5). In people it keeps falling.
test('CKD: urinary Ca keeps falling as eGFR falls below 30', { todo: 'session 14: 2.32 / 2.57 / 3.43 mmol/d at eGFR 30 / 20 / 10 (calcitriol\'s T10 factor; README, "Session 14")' }, () => {
  const u = [30, 20, 10].map((g) => runMgBone({ duration: '2 y', output: { every: '1 y' }, conditions: { eGFR: `${g} mL/min/1.73m2` } }).column('urine_Ca').at(-1)!);
  for (let i = 1; i < u.length; i++) assert.ok(u[i] < u[i - 1], u.map((v) => v.toFixed(2)).join('/'));
});

// The parameter's source claims a window of the training facts (bench/fact-window.ts): check the model value and both sides.
test('k_UCa_GFR: all of hillgallant2017\'s (training) facts hold at the model\'s value, and some fail at OpenBoneMin\'s 0 and at 0.5', () => {
  const studies = loadStudies([path.join(ROOT, 'studies')], { model: 'human-mg-bone' }).filter((s) => s.id === 'hillgallant2017');
  assert.equal(studies.length, 1);
  assert.equal(studies[0].split, 'training');
  const model = getModel('human-mg-bone');
  const failing = (k?: number): string[] => checkStudies(studies, model, k === undefined ? {} : { params: { k_UCa_GFR: k } }).rows
    .filter((r) => r.kind === 'qualitative' && r.pass !== true).map((r) => `${r.arm}/${r.measurement}`);
  const atModel = failing();
  assert.deepEqual(atModel, [], `at the model's value: ${atModel.join(', ')}`);
  assert.equal(failing(0.1).length, 0, 'the lower edge of the window');
  assert.equal(failing(0.34).length, 0, 'the upper edge of the window');
  const below = failing(0), above = failing(0.5);
  assert.ok(below.includes('stage4/urine-ca-lower') && below.includes('stage3b4-2000/balance-positive'), `k = 0: ${below.join(', ')}`);
  assert.deepEqual(above, ['stage5/ca-lower'], `k = 0.5: ${above.join(', ')}`);
});
