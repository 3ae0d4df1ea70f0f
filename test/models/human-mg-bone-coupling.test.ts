/**
 * human-mg-bone v2, Ca–Mg coupling both ways (issue #13 item 2): ionized Ca and Mg from the binding
 * model, Mg²⁺ as a CaSR agonist in the thick ascending limb, the mg_osteoblast route, and the
 * directions of chronic deficiency and supplementation. Directions the model does not reach yet are
 * `todo` tests: they run and print their numbers, and say what is still wrong (README, v1 → v2).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileModel } from '../../src/model/index.js';
import { mgHomeostasisStandalone } from '../../src/models/human-mg-bone/index.js';
import { mgBoneModel, runMgBone } from '../../src/analysis/validation.js';
import { rulesAt as rules } from '../helpers/rules.js';

type Res = ReturnType<typeof runMgBone>;
const last = (r: Res, c: string): number => r.column(c)[r.time.length - 1];
const first = (r: Res, c: string): number => r.column(c)[0];
const max = (r: Res, c: string): number => Math.max(...r.column(c));
const min = (r: Res, c: string): number => Math.min(...r.column(c));

// MgSO4·7H2O: 1 g = 4.06 mmol Mg; 4 g over 20 min, then 2 g/h for 24 h (Cruikshank 1979 used 4 g + 1-2 g/h)
const MGSO4_4G_2GH = [
  { cmt: 'Mg_iv', amt: '16.24 mmol', rate: '48.72 mmol/h' },
  { cmt: 'Mg_iv', amt: '194.88 mmol', rate: '8.12 mmol/h', time: '20 min' },
];

test('binding model: reference fractions exact; the fixed-point solution satisfies the binding equations up to serum Mg 5 mmol/L', () => {
  const m = compileModel(mgHomeostasisStandalone);
  const v = rules(m);
  const par = (n: string): number => m.p[m.parameterNames.indexOf(n)];
  assert.ok(Math.abs(v('Mg_ion_c') / v('Mg_serum_c') - par('f_ion')) < 1e-12);
  assert.ok(Math.abs(v('Mg_uf_c') / v('Mg_serum_c') - par('f_UF')) < 1e-12);
  assert.ok(Math.abs(v('Ca_ion_c') / par('Ca_tot') - par('f_Ca_ion')) < 1e-12);
  // Mg affinity for the shared sites lower than Ca's (as reported), sites of the order of albumin's 12 per molecule
  assert.ok(v('K_MgP') > par('K_CaP'));
  for (const serum of [0.2, 0.85, 2.5, 5]) {
    const y = m.initialState();
    y[m.stateNames.indexOf('Mg_ecf')] = serum * par('V_Mg');
    const w = rules(m, m.p, y);
    // exact equations at the solution: D = 1 + u/K_CaP + v/K_MgP with u, v the free ions
    const D = 1 + w('Ca_ion_c') / par('K_CaP') + w('Mg_ion_c') / w('K_MgP');
    const mgTot = w('Mg_ion_c') * (1 + w('r_MgL') + w('S_prot') / (w('K_MgP') * D));
    const caTot = w('Ca_ion_c') * (1 + w('r_CaL') + w('S_prot') / (par('K_CaP') * D));
    assert.ok(Math.abs(mgTot / serum - 1) < 1e-4, `Mg mass of binding at ${serum}: ${mgTot}`);
    assert.ok(Math.abs(caTot / par('Ca_tot') - 1) < 1e-4, `Ca mass of binding at ${serum}: ${caTot}`);
  }
});

test('ionized Mg falls while total Mg is unchanged: hypocalcaemia frees protein sites; a rise of albumin adds sites', () => {
  const m = compileModel(mgHomeostasisStandalone);
  const base = rules(m);
  // lower total Ca (as in the hypocalcaemia of Mg deficiency or after a MgSO4 infusion): Ca leaves the shared sites, Mg takes them
  const lowCa = m.with({ parameters: { Ca_tot: 2.0 } });
  const a = rules(lowCa, lowCa.p);
  assert.equal(a('Mg_serum_c'), base('Mg_serum_c'));
  assert.ok(a('Mg_ion_c') < base('Mg_ion_c') * 0.995, `ionized Mg ${a('Mg_ion_c')} vs ${base('Mg_ion_c')}`);
  // haemoconcentration (albumin 40 → 48 g/L, e.g. prolonged standing or dehydration): more sites bind Mg and Ca
  const hiAlb = m.with({ parameters: { alb: 48 } });
  const b = rules(hiAlb, hiAlb.p);
  assert.equal(b('Mg_serum_c'), base('Mg_serum_c'));
  assert.ok(b('Mg_ion_c') < base('Mg_ion_c') * 0.97 && b('Ca_ion_c') < base('Ca_ion_c') * 0.97);
  // and ionized Ca rises when Mg displaces it from the sites (same total Ca)
  const y = m.initialState(); y[m.stateNames.indexOf('Mg_ecf')] *= 3;
  assert.ok(rules(m, m.p, y)('Ca_ion_c') > base('Ca_ion_c'));
});

test('MgSO4 4 g + 2 g/h for 24 h: ionized Ca falls ≥ 10% with calciuria; PTH falls at first', () => {
  const iv = runMgBone({ duration: '24 h', output: { every: '1 h' }, diet: { Mg: '325 mg/d' }, doses: MGSO4_4G_2GH });
  const ctl = runMgBone({ duration: '24 h', output: { every: '1 h' }, diet: { Mg: '325 mg/d' } });
  assert.ok(last(iv, 'Mg_serum') > 2 && last(iv, 'Mg_serum') < 3.5, `serum Mg ${last(iv, 'Mg_serum')} in the therapeutic range`);
  const fall = 1 - last(iv, 'Ca_ionized') / first(iv, 'Ca_ionized');
  assert.ok(fall >= 0.10, `ionized Ca fall ${(100 * fall).toFixed(1)}%`);
  assert.ok(last(iv, 'Ca_serum') < first(iv, 'Ca_serum'));
  assert.ok(last(iv, 'UCA') > 3 * last(ctl, 'UCA'), `24-h urine Ca ${last(iv, 'UCA')} vs ${last(ctl, 'UCA')} mmol`);
  const early = iv.column('PTH').slice(0, 5); // first 4 h
  assert.ok(Math.min(...early) < 0.6 * first(iv, 'PTH'));
});

test('mg_osteoblast does something measurable: fewer active osteoblasts (P1NP) at 100 mg/d for 5 y; BMD moves little (coupled remodelling)', () => {
  const input = { duration: '5 y', output: { every: '5 y' }, diet: { Mg: '100 mg/d' } };
  const on = runMgBone(input);
  const off = runMgBone({ ...input, switches: { mg_osteoblast: false } });
  assert.ok(last(off, 'P1NP') - last(on, 'P1NP') > 2, `P1NP ${last(on, 'P1NP')} vs ${last(off, 'P1NP')}`);
  // fewer osteoblasts also make less RANKL in OpenBoneMin, so resorption falls with formation: BMD changes by < 0.1 points
  // (README, "mg_osteoblast"), but it does change
  assert.ok(Math.abs(last(on, 'BMD_ls') - last(off, 'BMD_ls')) > 0.02, `${last(on, 'BMD_ls')} vs ${last(off, 'BMD_ls')}`);
  assert.ok(last(on, 'CTX') < last(off, 'CTX'));
});

test('renal conservation at 50 mg/d: FE_Mg below 2% (hypomagnesaemia of low intake, Elisaf 1997)', () => {
  const d = runMgBone({ duration: '1 y', output: { every: '30 d' }, diet: { Mg: '50 mg/d' } });
  assert.ok(Array.from(d.column('FE_Mg')).slice(2).every((x) => x < 2), `FE_Mg ${Array.from(d.column('FE_Mg')).map((x) => x.toFixed(2))}`);
});

test('50 mg/d for 10 y: PTH not above +10%, CTX ≤ 200% (bounded resorption), serum Ca within 0.02 mmol/L of the reference and below it at the end (v1: +17%, 480%, 2.55)', () => {
  const d = runMgBone({ duration: '10 y', output: { every: '30 d' }, diet: { Mg: '50 mg/d' } });
  assert.ok(max(d, 'PTH') <= 1.1 * first(d, 'PTH'), `PTH max ${max(d, 'PTH')}`);
  assert.ok(max(d, 'Ca_serum') <= first(d, 'Ca_serum') + 0.02, `Ca max ${max(d, 'Ca_serum')}`);
  assert.ok(last(d, 'Ca_serum') < first(d, 'Ca_serum'), `Ca end ${last(d, 'Ca_serum')}`);
  assert.ok(max(d, 'CTX') <= 200, `CTX max ${max(d, 'CTX')}`);
  assert.ok(last(d, 'calcitriol') < first(d, 'calcitriol'), 'calcitriol low');
  assert.ok(last(d, 'BMD_ls') < -1, 'bone is lost');
});

// h13 part H (segmental renal Ca reabsorption, phi_PTH_Ca 0.3) split this test: the BMD < −5 % and CTX > 120 % sizes moved to
// the todo test below (−4.27 % and 98.7 % now; −5.02 % and 120.2 % with OpenBoneMin's renal Ca handling, phi_PTH_Ca = 1).
test('severe deficiency loses bone by uncoupling, not hyperparathyroidism: 25 mg/d for 10 y (Ca and PTH never above the reference, each route carries part of the loss)', () => {
  const d = runMgBone({ duration: '10 y', output: { every: '90 d' }, diet: { Mg: '25 mg/d' } });
  assert.ok(last(d, 'BMD_ls') < -2, `BMD ${last(d, 'BMD_ls')}`);
  assert.ok(max(d, 'Ca_serum') <= first(d, 'Ca_serum') + 1e-3 && last(d, 'Ca_serum') < first(d, 'Ca_serum'), `Ca max ${max(d, 'Ca_serum')}, end ${last(d, 'Ca_serum')}`);
  assert.ok(max(d, 'PTH') <= 1.01 * first(d, 'PTH') && last(d, 'PTH') < first(d, 'PTH'), `PTH max ${max(d, 'PTH')}, end ${last(d, 'PTH')}`);
  // each route carries part of the loss (README, v1 → v2, finding 3 part D)
  for (const sw of ['inflammation', 'mg_osteoblast']) {
    const off = runMgBone({ duration: '10 y', output: { every: '10 y' }, diet: { Mg: '25 mg/d' }, switches: { [sw]: false } });
    assert.ok(last(off, 'BMD_ls') > last(d, 'BMD_ls') + 2, `${sw} off: ${last(off, 'BMD_ls')} vs ${last(d, 'BMD_ls')}`);
  }
});

// Was a todo until session 9 (−4.21 % and CTX 98.7 %): OpenBoneMin's exchangeable bone Ca pool released Ca whether it held
// any or not (J14 ∝ Q0), so a free bone buffer kept serum Ca up and PTH-driven resorption down; with the release needing
// Ca in the pool (K_Qrelease) bone gives Ca by resorption: −5.97 % and CTX 145 % at 10 years.
test('severe deficiency, 25 mg/d for 10 y: BMD below −5 % and CTX above 120 %', () => {
  const d = runMgBone({ duration: '10 y', output: { every: '90 d' }, diet: { Mg: '25 mg/d' } });
  assert.ok(last(d, 'BMD_ls') < -5, `BMD ${last(d, 'BMD_ls')}`);
  assert.ok(last(d, 'CTX') > 120, `CTX ${last(d, 'CTX')}`);
});

// With the v2 BMD module (formation refills earlier resorption), a Mg-free year first gains BMD:
// resorption falls with PTH (OpenBoneMin's RANKL production follows PTH, which → 0) faster than f_OBact cuts formation.
// Measured after merging parts B–D: +1.9 % at 12 months. Part E (mineralization needs Ca × P, and serum Ca falls below
// 1.3 mmol/L after 8 months): BMD +0.75, +1.16, +0.74, −0.42 % at 3, 6, 9, 12 months — the loss starts, but is not −2 %.
test('Mg-free for 12 months loses bone', { todo: 'measured in sessions 7 and 8: +1.75 % at 12 months (+0.82 / +1.50 at 3 / 6 months; v2 part E had −0.4 %); session 9: +1.23 % (the loss starts in year 2: −1.7 % at 2 y, −13.6 % at 5 y; README, v1 → v2, finding 3); session 17 (K_OB 1.0, a_RANKL 0.325): +0.68 %' }, () => {
  const free = runMgBone({ duration: '365 d', output: { every: '365 d' }, diet: { Mg: '0 mg/d' } });
  assert.ok(last(free, 'BMD_ls') < -2, `Mg-free 12 months: BMD ${last(free, 'BMD_ls')}`);
});

// Shils 1969 (test split; nothing fitted to this): red-cell Mg two-thirds of normal after 3 months of a Mg-free diet, and
// plasma Mg down to a third or a quarter of control. With the cells' saturable uptake (K_cell) serum Mg of 0.3 of control
// needs soft-tissue Mg ~38 % down; the model loses ~0.7 mmol/d and its soft-tissue Mg is 11.5 % down at 90 d
// (README, "v2 part G"): the miss is the size of the losses (or of the exchangeable pools), not the plateau.
test('Mg-free for 90 d: soft-tissue Mg falls by a quarter or more (Shils: red-cell Mg two-thirds of normal)', { todo: 'measured in session 8: −11.7 % at 90 d (h13 part G: −11.5 %; README, v2 part G)' }, () => {
  const free = runMgBone({ duration: '90 d', output: { every: '90 d' }, diet: { Mg: '0 mg/d' } });
  const cells = (at: (r: Res, c: string) => number): number => at(free, 'Mg_cell_fast') + at(free, 'Mg_cell_slow');
  const fall = 1 - cells(last) / cells(first);
  assert.ok(fall >= 0.25, `soft-tissue Mg fall at 90 d: ${(100 * fall).toFixed(1)} %`);
});

// --- directions not reached yet (README, v1 → v2): run, report, do not fail the suite
test('50 mg/d for 10 y: serum Ca never above the reference', { todo: 'v2 (session 8: peak 2.361 mmol/L, 0.011 above the reference, then 2.341 at 10 y): Ca peaks above the reference at ~7 months, then settles below it (README, v1 → v2, finding 3); session 17 (K_OB 1.0, a_RANKL 0.325): peak 2.3677' }, () => {
  const d = runMgBone({ duration: '10 y', output: { every: '30 d' }, diet: { Mg: '50 mg/d' } });
  const ca = max(d, 'Ca_serum');
  assert.ok(ca <= first(d, 'Ca_serum'), `Ca max ${ca}, end ${last(d, 'Ca_serum')} (Ca min ${min(d, 'Ca_serum')})`);
});

// Nielsen 2007 is a test-split study (studies/README.md); nothing was fitted to it. It was reproduced once the bone Ca
// fluxes followed the BMD module's remodelling (README, v1 → v2, finding 3); before: −5.5 vs +0.2 mg/d.
test('Nielsen 2007: more Ca retained over 72 d at 107 than at 327 mg/d Mg', () => {
  const bal = (mg: string): number => {
    const r = runMgBone({ duration: '72 d', output: { every: '72 d' }, diet: { Mg: mg } });
    return (last(r, 'Ca_in_cum') - last(r, 'Ca_faeces_cum') - last(r, 'UCA')) / 72 * 40.078;
  };
  const low = bal('107 mg/d'), ref = bal('327 mg/d');
  assert.ok(low > ref && low > 0, `Ca balance ${low} vs ${ref} mg/d`);
});

test('365 mg/d for 30 d in replete men lowers PTH and CTX by ≥ 10% (Dimai 1998 direction, trial order tens of %)', { todo: 'supplement effects remain < 1 % (session 8: PTH −0.31 %, CTX −0.53 %; part E: PTH −0.4 %, CTX −0.6 %; README, v1 → v2, finding 6)' }, () => {
  const s = runMgBone({ duration: '30 d', output: { every: '1 d' }, diet: { Mg: '325 mg/d' }, supplements: [{ Mg: '365 mg/d', salt: 'citrate' }] });
  const ch = (c: string): number => last(s, c) / first(s, c) - 1;
  assert.ok(ch('PTH') < -0.1 && ch('CTX') < -0.1, `PTH ${(100 * ch('PTH')).toFixed(2)}%, CTX ${(100 * ch('CTX')).toFixed(2)}%`);
});

test('the coupled model still starts at rest: CaSR and binding terms are exactly 1 / at the reference', () => {
  const m = mgBoneModel();
  const v = rules(m);
  assert.equal(v('s_CaSR_Mg'), 1);
  assert.equal(v('f_TAL_Ca'), 1);
  assert.equal(v('x_ion'), 1);
});
