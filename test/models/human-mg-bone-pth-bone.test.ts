/**
 * human-mg-bone session 15: a share of OpenBoneMin's non-remodelling bone-to-plasma Ca release answers changes of PTH
 * (`g_PTH_bone`: the signal is PTH relative to the level bone has adapted to, `A_PTH_bone`, tau_PTH1R), with a
 * responsiveness lowered by low calcitriol and high phosphate (the uraemic skeletal resistance to PTH, Levine 2014).
 * In every steady state the release is OpenBoneMin's, so chronic states keep their Ca–PTH relations.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mgBoneModel, runMgBone } from '../../src/analysis/validation.js';
import { rulesAt as rules } from '../helpers/rules.js';

test('PTH-driven bone Ca release: exactly 1 at the reference, and 1 whenever PTH equals the adapted level (any steady state)', () => {
  const m = mgBoneModel();
  const y0 = m.initialState();
  const v0 = rules(m, m.p, y0);
  for (const n of ['x_PTH_bone', 's_PTH_bone', 'q_PTH_bone', 'g_PTH_bone']) assert.equal(v0(n), 1, n);
  assert.equal(v0('phi_eff_PTH_bone'), m.p[m.parameterNames.indexOf('phi_PTH_bone')]);
  const dy = new Float64Array(y0.length);
  m.rhs(0, y0, m.p, dy);
  assert.equal(dy[m.stateNames.indexOf('A_PTH_bone')], 0);
  // a state with PTH ×4, calcitriol ×0.3 and phosphate ×1.5: with A at the current signal the release is OpenBoneMin's
  const y = Float64Array.from(y0);
  for (const [s, f] of [['PTH_pmol', 4], ['B', 0.3], ['ECCPhos', 1.5]] as const) y[m.stateNames.indexOf(s)] *= f;
  y[m.stateNames.indexOf('A_PTH_bone')] = rules(m, m.p, y)('x_PTH_bone');
  const v = rules(m, m.p, y);
  assert.ok(Math.abs(v('g_PTH_bone') - 1) < 1e-15, `g ${v('g_PTH_bone')}`);
  assert.ok(v('q_PTH_bone') < 0.25, `responsiveness with low calcitriol and high phosphate: ${v('q_PTH_bone')}`);
  // away from it: a PTH rise above the adapted level raises the release, bounded by 1 + phi_eff
  y[m.stateNames.indexOf('A_PTH_bone')] = 1;
  const w = rules(m, m.p, y);
  assert.ok(w('g_PTH_bone') > 1 && w('g_PTH_bone') < 1 + w('phi_eff_PTH_bone'), `g ${w('g_PTH_bone')}, phi_eff ${w('phi_eff_PTH_bone')}`);
  // phi_PTH_bone = 0 is OpenBoneMin's release at any state
  const obm = m.with({ parameters: { phi_PTH_bone: 0 } });
  assert.equal(rules(obm, obm.p, y)('g_PTH_bone'), 1);
});

test('the responsiveness stays a share: phi_eff in (0, 1) for calcitriol from ~0 to ×100, and the release never negative', () => {
  const m = mgBoneModel();
  const y0 = m.initialState();
  for (const f of [1e-6, 0.1, 1, 10, 100]) {
    const y = Float64Array.from(y0);
    y[m.stateNames.indexOf('B')] *= f;
    y[m.stateNames.indexOf('A_PTH_bone')] = 50; // far above PTH: the signal near its floor
    const v = rules(m, m.p, y);
    assert.ok(v('phi_eff_PTH_bone') > 0 && v('phi_eff_PTH_bone') < 1, `calcitriol ×${f}: phi_eff ${v('phi_eff_PTH_bone')}`);
    assert.ok(v('g_PTH_bone') > 0, `calcitriol ×${f}: g ${v('g_PTH_bone')}`);
  }
});

// Levine, Rodríguez & Felsenfeld 2014 (Nefrologia 34:658, pmid 25259820; review): the calcaemic response to PTH is
// decreased in CKD. Read on a single teriparatide dose after 2 years at eGFR 15 (the model's CKD has low calcitriol and
// high phosphate), against the same dose with normal kidneys.
test('uraemic skeletal resistance: a teriparatide dose raises serum Ca less at eGFR 15 than with normal kidneys, through calcitriol and phosphate', () => {
  const hist = 2 * 8766;
  const rise = (eGFR: number, parameters: Record<string, number> = {}): number => {
    const r = runMgBone({ duration: `${hist + 5} h`, output: { times: [`${hist} h`, `${hist + 4.25} h`] }, conditions: { eGFR: `${eGFR} mL/min/1.73m2` },
      doses: [{ cmt: 'TERISC', amt: '20 ug', time: `${hist} h` }], parameters });
    return r.column('Ca_serum')[1] - r.column('Ca_serum')[0];
  };
  const normal = rise(100), ckd = rise(15), ckdNoResistance = rise(15, { n_Ctriol_bone: 0, m_Phos_bone: 0 });
  assert.ok(normal > 0.075, `normal kidneys: +${normal}`);
  assert.ok(ckd < 0.5 * normal, `eGFR 15: +${ckd} vs +${normal}`);
  assert.ok(ckd < ckdNoResistance, `eGFR 15: +${ckd}; without the calcitriol and phosphate terms +${ckdNoResistance}`);
});

test('chronic states keep their Ca–PTH relations: eGFR 10 for 2 years, 50 mg/d Mg for 10 years, 10 years after menopause (serum Ca within 0.005 mmol/L, PTH within 1 %)', () => {
  for (const s of [
    { duration: '2 y', output: { every: '1 y' }, conditions: { eGFR: '10 mL/min/1.73m2' } },
    { duration: '10 y', output: { every: '5 y' }, diet: { Mg: '50 mg/d' } },
    { duration: '10 y', output: { every: '5 y' }, conditions: { postmenopausal: true } },
  ]) {
    const a = runMgBone(s), b = runMgBone({ ...s, parameters: { phi_PTH_bone: 0 } });
    const ca = [a, b].map((r) => r.column('Ca_serum').at(-1)!), pth = [a, b].map((r) => r.column('PTH').at(-1)!);
    assert.ok(Math.abs(ca[0] - ca[1]) < 0.005, `${JSON.stringify(s)}: Ca ${ca[0]} vs ${ca[1]}`);
    assert.ok(Math.abs(pth[0] / pth[1] - 1) < 0.01, `${JSON.stringify(s)}: PTH ${pth[0]} vs ${pth[1]}`);
  }
});
