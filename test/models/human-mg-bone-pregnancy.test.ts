/**
 * human-mg-bone, session 12: the condition `pregnant` — the larger extracellular volume (plasma +50 %, ECF +16 %) and the
 * higher GFR (+50 %) of late pregnancy, as they matter for obstetric MgSO4. Before, the obstetric studies represented
 * pregnancy by eGFR 150 alone, so a 4 g load raised serum Mg 2.43-fold at 30 min where pregnant women roughly double.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { apply, CONDITION_FACTORS, PREGNANCY_V_MG_FACTOR } from '../../src/models/human-mg-bone/scenario.js';
import { mgBoneModel, runMgBone } from '../../src/analysis/validation.js';
import path from 'node:path';
import { ROOT } from '../helpers/paths.js';
import { loadStudies } from '../../src/node/study-files.js';
import { predictStudy } from '../../src/analysis/evidence/predict.js';
import { getModel } from '../../src/builtin/index.js';

const model = mgBoneModel();
const value = (name: string): number => model.spec.parameters[name].value;

test('pregnant: V_Mg from plasma × 1.5 and ECF × 1.16; GFR × 1.5 unless eGFR is given; not with postmenopausal', () => {
  // V_Mg = 3 L plasma + 11 L interstitial fluid at 0.70 (parameters.ts): 10.7 L → 4.5 + (16.24 − 4.5)·0.7 = 12.718 L
  assert.ok(Math.abs(PREGNANCY_V_MG_FACTOR * 10.7 - 12.718) < 1e-9, `factor ${PREGNANCY_V_MG_FACTOR}`);
  const r = apply({ conditions: { pregnant: true } }, model);
  assert.deepEqual(r.issues, []);
  assert.ok(Math.abs(r.parameters.V_Mg / value('V_Mg') - PREGNANCY_V_MG_FACTOR) < 1e-12);
  assert.ok(Math.abs(r.parameters.GFR0 / value('GFR0') - CONDITION_FACTORS.preg_GFR) < 1e-12);
  assert.deepEqual(r.origins.GFR0, ['conditions', 'pregnant']);
  // an explicit eGFR wins (a pre-eclamptic kidney, say)
  const withEgfr = apply({ conditions: { pregnant: true, eGFR: '90 mL/min/1.73m2' } }, model);
  assert.ok(Math.abs(withEgfr.parameters.GFR0 - 90 / value('mLminPerLh')) < 1e-12);
  assert.ok(Math.abs(withEgfr.parameters.V_Mg / value('V_Mg') - PREGNANCY_V_MG_FACTOR) < 1e-12);
  // the impossible combination is reported with its path
  const both = apply({ conditions: { pregnant: true, postmenopausal: true } }, model);
  assert.equal(both.issues.length, 1);
  assert.deepEqual(both.issues[0].path, ['conditions', 'pregnant']);
  assert.match(both.issues[0].message, /postmenopausal/);
});

const zuspan = [
  { cmt: 'Mg_iv', amt: '16.24 mmol', rate: '48.72 mmol/h', time: '14 d' },
  { cmt: 'Mg_iv', amt: '97.44 mmol', rate: '4.06 mmol/h', time: '336.3333 h' },
];

test('Zuspan regimen in pregnancy: serum Mg about doubles at 30 min and stays below 2 mmol/L on 1 g/h (Okusanya 2016)', () => {
  const times = ['14 d', '336.5 h', '340 h', '359 h'];
  const run = (conditions: Record<string, unknown>) => runMgBone({ duration: '15 d', output: { times }, conditions, doses: zuspan });
  const preg = run({ pregnant: true });
  const gfrOnly = run({ eGFR: '150 mL/min/1.73m2' });
  const mg = (r: ReturnType<typeof runMgBone>) => r.column('Mg_serum');
  const ratio = (r: ReturnType<typeof runMgBone>) => mg(r)[1] / mg(r)[0];
  // the pregnant baseline is lower (higher GFR): the mild fall of serum Mg in pregnancy
  assert.ok(mg(preg)[0] < 0.85 && mg(preg)[0] > 0.75, `baseline ${mg(preg)[0]}`);
  assert.ok(ratio(preg) > 1.6 && ratio(preg) < 2.4, `30-min ratio ${ratio(preg)}`);
  // the larger volume is what lowers the peak: the GFR alone (the old representation) gave a larger rise
  assert.ok(mg(preg)[1] - mg(preg)[0] < 0.9 * (mg(gfrOnly)[1] - mg(gfrOnly)[0]), `rise ${mg(preg)[1] - mg(preg)[0]} vs ${mg(gfrOnly)[1] - mg(gfrOnly)[0]}`);
  for (const i of [2, 3]) assert.ok(mg(preg)[i] < 2, `maintenance ${mg(preg)[i]} mmol/L`);
});

// Session 19: okusanya2016's clearance and volume of distribution (training facts since the study format's `per`): excess
// urinary Mg rate and excess body Mg over excess serum Mg at 12 h of the Zuspan regimen, against the same woman without the
// drug, read from the study file itself. Session 20: the obstetric studies run at pre-eclampsia's GFR (no pregnancy rise,
// Krutzén 1992) and the CaSR's inhibition of TAL Mg reabsorption is bounded (`L_TAL_max` 2.85, fitted to this clearance;
// README, "Session 20"): before, the TAL stopped reabsorbing Mg above serum Mg ~1.2 mmol/L and the clearance was 12.4 L/h.
function okusanyaPk(): { clearance: number; volume: number } {
  const study = loadStudies([path.join(ROOT, 'studies', 'okusanya2016.yaml')], { model: 'human-mg-bone' })[0];
  const pred = predictStudy(study, getModel('human-mg-bone'));
  const value = (id: string): number => pred.predictions.find((p) => p.measurement.id === id)!.value;
  return { clearance: value('clearance'), volume: value('volume') };
}

test('Zuspan regimen: apparent volume of distribution within Okusanya 2016\'s 13.65-49 L at 12 h', () => {
  const { volume } = okusanyaPk();
  assert.ok(volume > 13.65 && volume < 49, `volume ${volume} L`);
});

test('Zuspan regimen: plasma clearance of IV Mg within Okusanya 2016\'s 4.28-5.00 L/h at 12 h (the fact L_TAL_max was fitted to)', () => {
  const { clearance } = okusanyaPk();
  assert.ok(clearance > 4.28 && clearance < 5.0, `clearance ${clearance} L/h`);
});

// Session 20: with the CaSR's inhibition of the TAL bounded, FE_Mg rises with an IV load and levels off (the TAL keeps
// reabsorbing ~0.2 of what reaches it), instead of jumping to ~70 % at serum Mg 1.2 mmol/L.
test('constant IV Mg for 48 h: FE_Mg rises with the rate and levels off below 70 %; serum Mg rises with the rate', () => {
  let fe = 0, mg = 0;
  for (const rate of [1, 2, 4, 8, 16]) {
    const r = runMgBone({ duration: '48 h', output: { every: '48 h' }, diet: { Mg: '325 mg/d' }, doses: [{ cmt: 'Mg_iv', amt: `${rate * 48} mmol`, rate: `${rate} mmol/h` }] });
    const f = r.column('FE_Mg').at(-1)!, s = r.column('Mg_serum').at(-1)!;
    assert.ok(f > fe && s > mg && f < 70, `${rate} mmol/h: FE ${f} % (previous ${fe}), serum ${s} (previous ${mg})`);
    fe = f; mg = s;
  }
  // at a mild hypermagnesaemia (1 mmol/h, serum ~1.05) FE_Mg stays below a third
  const mild = runMgBone({ duration: '48 h', output: { every: '48 h' }, diet: { Mg: '325 mg/d' }, doses: [{ cmt: 'Mg_iv', amt: '48 mmol', rate: '1 mmol/h' }] });
  assert.ok(mild.column('FE_Mg').at(-1)! < 33, `FE at 1 mmol/h ${mild.column('FE_Mg').at(-1)}`);
});
