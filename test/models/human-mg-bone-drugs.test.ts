/**
 * human-mg-bone v2, BMD module (src/models/human-mg-bone/bmd.ts): osteoporosis drugs and menopause.
 *
 * Trial women are the model's postmenopausal woman 15 years after menopause (Neer 2001: ≥ 5 y since
 * menopause, mean age 69; FREEDOM: mean age 72); "placebo" is the same woman without drug, and every
 * trial number is placebo-adjusted: (drug − placebo) percentage change from the trial's baseline.
 *
 * Split (studies/README.md): training = Neer 2001 (teriparatide) and Guthrie 1998 (menopause); test (held out) =
 * FREEDOM (denosumab: Cummings 2009, Austin 2012) and SWAN (Greendale 2012, Sowers 2010): held-out results are
 * reported here, not asserted.
 *  - Neer RM et al. 2001, N Engl J Med 344:1434-41, teriparatide 20 µg/d, median 21 months:
 *    lumbar spine +9.7 % vs +1.1 % placebo, femoral neck +2.8 % vs −0.7 % (placebo-adjusted 8.6 and
 *    3.5 points; the abstract: "9 and 3 more percentage points"). No CI or SD of the BMD change could be
 *    retrieved here, so the calibration check is ±0.5 points.
 *  - Cummings SR et al. 2009 (FREEDOM), N Engl J Med 361:756-65, denosumab 60 mg every 6 months,
 *    36 months: lumbar spine +9.2 % (95 % CI 8.2-10.1), total hip +6.0 % (95 % CI 5.2-6.7) relative to
 *    placebo (numbers as given in issue #13; the CI could not be checked against the paper here).
 *    Austin M et al. 2012 (J Bone Miner Res 27:687, Table 2) gives total hip +5.0 % vs −1.4 % at 36 months
 *    (difference 6.4, 95 % CI 6.2-6.6).
 *  - SWAN (Greendale 2012): lumbar-spine loss ~1-2 %/y for ~5 years after the final menstrual period,
 *    then ~0.5-1 %/y.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runMgBone } from '../../src/analysis/validation.js';
import { humanMgBone } from '../../src/models/human-mg-bone/index.js';
import { openBoneMin } from '../../src/models/openbonemin/index.js';
import { bmdModule } from '../../src/models/bone-core/bmd.js';
import { BMD_PARAMETERS, BMD_STATES_V2 } from '../../src/models/human-mg-bone/bmd.js';
import type { SimulationResult } from '../../src/simulate/run.js';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from '../helpers/paths.js';
import { runScenario } from '../../src/builtin/index.js';

const H_PER_Y = 8766;
const YEARS_SINCE_MENOPAUSE = 15;
const T0 = YEARS_SINCE_MENOPAUSE * H_PER_Y;
const TERIPARATIDE = { cmt: 'TERISC', amt: '20 ug', time: `${YEARS_SINCE_MENOPAUSE} y`, ii: '24 h', addl: 740 };
const DENOSUMAB = { cmt: 'DENSC', amt: '60 mg', time: `${YEARS_SINCE_MENOPAUSE} y`, ii: '4383 h', addl: 5 };

/** Runs the postmenopausal woman to `years` after the trial start, with the given doses, sampled at the trial times. */
function trialRun(doses: Record<string, unknown>[], years: number): SimulationResult {
  const times = [0, 1, 21 / 12, 2, 3].filter((y) => y <= years + 1e-9).map((y) => `${T0 + y * H_PER_Y} h`);
  return runMgBone({ duration: `${YEARS_SINCE_MENOPAUSE + years} y`, output: { times }, conditions: { postmenopausal: true }, doses });
}

/** Percentage change of a BMD output (itself a % change from the pre-menopausal baseline) from the trial baseline to t. */
function change(res: SimulationResult, output: string, yearsOnTrial: number): number {
  const at = (t: number): number => {
    const i = res.time.findIndex((x) => Math.abs(x - t) < 1e-6 * Math.max(1, t));
    assert.ok(i >= 0, `no output at t = ${t} h`);
    return res.column(output)[i];
  };
  return 100 * ((100 + at(T0 + yearsOnTrial * H_PER_Y)) / (100 + at(T0)) - 1);
}

const placebo = trialRun([], 3);
const teri = trialRun([TERIPARATIDE], 21 / 12);
const deno = trialRun([DENOSUMAB], 3);
const adjusted = (drug: SimulationResult, output: string, years: number): number => change(drug, output, years) - change(placebo, output, years);

test('training: teriparatide 20 µg/d, placebo-adjusted BMD at 21 months (Neer 2001): lumbar spine 8.6, femoral neck 3.5 points', () => {
  const ls = adjusted(teri, 'BMD_ls', 21 / 12), fn = adjusted(teri, 'BMD_fn', 21 / 12);
  assert.ok(Math.abs(ls - 8.6) <= 0.5, `lumbar spine ${ls.toFixed(2)} points`);
  assert.ok(Math.abs(fn - 3.5) <= 0.5, `femoral neck ${fn.toFixed(2)} points`);
  // teriparatide is anabolic in absolute terms too, and the hip responds less than the spine
  assert.ok(change(teri, 'BMD_ls', 21 / 12) > 5);
  assert.ok(fn < ls);
});

// Training (session 7): Nakamura 2012 (Osteoporos Int 23:1131, abstract): denosumab 60 mg vs placebo at 12 months, lumbar
// spine +6.27, total hip +3.69 points (no dispersion published: the study library's ranges, ±1.0 and ±0.7 points, are used
// here). The hip value is one of the two numbers site_fn and d_EST_fn were solved for (bmd.ts); the spine is a check. Before
// session 7 the hip gained +4.29 (0.76 of the spine's +5.66) with one focal imbalance for both sites.
test('training: denosumab 60 mg, placebo-adjusted total hip and lumbar spine at 12 months (Nakamura 2012): 3.69 ± 0.7 and 6.27 ± 1.0 points', () => {
  const ls = adjusted(deno, 'BMD_ls', 1), fn = adjusted(deno, 'BMD_fn', 1);
  assert.ok(Math.abs(fn - 3.69) <= 0.7, `total hip ${fn.toFixed(2)} points`);
  assert.ok(Math.abs(ls - 6.27) <= 1.0, `lumbar spine ${ls.toFixed(2)} points`);
});

// Held out (test split), never fitted to: reported, not asserted to be inside the CIs (studies/README.md). Measured:
// before part E lumbar spine +11.45, total hip +5.55; part E/F +12.99 and +6.26 (hip inside only because site_fn was
// Neer's teriparatide fit, 0.41). v2 part G (threshold mechanostat fitted to guthrie1998, site_fn from the hip's
// menopausal loss, a_PTH_fn, tau_min from Boivin 2000; after merging h13mineral): lumbar spine +5.67 / +7.67 / +9.20 at
// 12 / 24 / 36 months (CI at 36 months 8.2-10.1: inside), total hip +4.30 / +6.05 / +7.45 (Austin 2012: 3.3 / 5.1 / 6.4:
// above by ~1 point). Session 7 (the hip's own focal imbalance d_EST_fn; site_fn 0.572 from Nakamura 2012's 12-month hip
// gain, training; docs/human-hip-denosumab.md): lumbar spine unchanged, total hip +3.70 / +5.29 / +6.58. Session 8 (renal oestrogen
// effect removed, oestrogen RANKL, bounded mechanostat; README "Postmenopausal Mg sensitivity"): lumbar spine +6.23 / +8.39 /
// +10.22 (just above the CI), total hip +3.83 / +5.94 / +7.80: the placebo arm now keeps losing (hip −1.7 over the 3 years,
// Austin −1.4) and the drug arm's gain (+6.1) was too large before too (+6.2), hidden by the flat placebo arm.
test('held out, reported: denosumab 60 mg every 6 months, lumbar spine and total hip placebo-adjusted at 12, 24, 36 months (FREEDOM)', (t) => {
  const ls = [1, 2, 3].map((y) => adjusted(deno, 'BMD_ls', y));
  const fn = [1, 2, 3].map((y) => adjusted(deno, 'BMD_fn', y));
  t.diagnostic(`lumbar spine ${ls.map((x) => x.toFixed(2)).join(' / ')} (FREEDOM 36 months: 9.2, CI 8.2-10.1)`);
  t.diagnostic(`total hip ${fn.map((x) => x.toFixed(2)).join(' / ')} (Austin 2012: 3.3 / 5.1 / 6.4)`);
  // directions only (the numbers are the held-out result): an antiresorptive raises BMD at both sites, more each year,
  // and the spine more than the hip
  for (let i = 0; i < 3; i++) {
    assert.ok(ls[i] > 0 && fn[i] > 0, `gain at ${i + 1} y`);
    assert.ok(ls[i] > fn[i], `spine ${ls[i].toFixed(2)} vs hip ${fn[i].toFixed(2)} at ${i + 1} y`);
    if (i > 0) assert.ok(ls[i] > ls[i - 1] && fn[i] > fn[i - 1], `still gaining in year ${i + 1}`);
  }
});

test('baseline: no drift of BMD at no drug (|BMD_ls|, |BMD_fn| < 0.1 % over 10 years)', () => {
  const res = runMgBone({ duration: '10 y', output: { every: '1 y' } });
  for (const o of ['BMD_ls', 'BMD_fn']) {
    const worst = Math.max(...Array.from(res.column(o), Math.abs));
    assert.ok(worst < 0.1, `${o} drifts ${worst} %`);
  }
});

test('menopause (finding 8): lumbar-spine loss 5-12 % in years 0-5, then slower but continuing in years 5-10', () => {
  const res = runMgBone({ duration: '10 y', output: { times: ['0 h', `${5 * H_PER_Y} h`, `${10 * H_PER_Y} h`] }, conditions: { postmenopausal: true } });
  const b = res.column('BMD_ls');
  const early = b[0] - b[1], late = b[1] - b[2];
  assert.ok(early >= 5 && early <= 12, `loss in years 0-5: ${early.toFixed(2)} %`);
  assert.ok(late > 0 && late / 5 < early / 5, `loss in years 5-10: ${late.toFixed(2)} % (years 0-5: ${early.toFixed(2)} %)`);
  // v1 stopped losing after 2 years: the loss in years 3-5 must be a real share of the early loss
  const mid = runMgBone({ duration: '5 y', output: { times: [`${3 * H_PER_Y} h`, `${5 * H_PER_Y} h`] }, conditions: { postmenopausal: true } }).column('BMD_ls');
  assert.ok(mid[0] - mid[1] > 0.5, `loss in years 3-5: ${(mid[0] - mid[1]).toFixed(2)} %`);
});

// Finding 8 (issue #13): early postmenopausal spine loss of ~1-2 %/y for ~5 years, then slower. Model t = 0 is one year
// before the final menstrual period (studies/guthrie1998.yaml), so "the 5 years after menopause" are years 1-6.
// Guthrie 1998 (training): −2.5 %/y across the menopause, −0.7 %/y after it; SWAN (test): 3.3 %/y in the 2 years
// after the FMP, 1.1 %/y from 2 to 7 years after. Measured (part G): yearly −1.33, −3.71, −3.37, −1.40, −0.81, −0.60,
// −0.46, −0.37, −0.30, −0.24, −0.20 % in years 0-11.
test('menopause (finding 8, direction): the spine loses 1-3 %/y on average for the 5 years after the FMP, every one of them, then less than half as fast', () => {
  const res = runMgBone({ duration: '11 y', output: { every: '1 y' }, conditions: { postmenopausal: true } });
  const level = res.column('BMD_ls_level');
  const yearly = Array.from({ length: 11 }, (_, i) => 100 * (1 - level[i + 1] / level[i]));   // loss in year i → i+1, %
  const early = yearly.slice(1, 6), late = yearly.slice(6, 11);
  const mean = (a: number[]): number => a.reduce((x, y) => x + y, 0) / a.length;
  assert.ok(mean(early) >= 1 && mean(early) <= 3, `mean loss in the 5 years after the FMP ${mean(early).toFixed(2)} %/y`);
  for (const [i, x] of early.entries()) assert.ok(x > 0.5, `year ${i + 1} after the FMP loses ${x.toFixed(2)} %`);
  assert.ok(late.every((x) => x > 0), `loss continues in years 6-11: ${late.map((x) => x.toFixed(2)).join(' ')}`);
  assert.ok(mean(late) < mean(early) / 2, `later loss ${mean(late).toFixed(2)} %/y vs ${mean(early).toFixed(2)} %/y`);
  // the fast phase is the transition itself: the largest yearly loss falls in the 3 years around the FMP
  const peak = yearly.indexOf(Math.max(...yearly));
  assert.ok(peak >= 0 && peak <= 3, `largest loss in year ${peak}`);
});

test('menopause (finding 8, direction): the hip loses bone too, less than the spine in the transition, and keeps losing', () => {
  const res = runMgBone({ duration: '11 y', output: { times: [0, 3, 6, 11].map((y) => `${y * H_PER_Y} h`) }, conditions: { postmenopausal: true } });
  const ls = res.column('BMD_ls_level'), fn = res.column('BMD_fn_level');
  const loss = (c: Float64Array | number[], a: number, b: number): number => 100 * (1 - c[b] / c[a]);
  assert.ok(loss(fn, 0, 1) > 0 && loss(fn, 0, 1) < loss(ls, 0, 1), `transition: hip ${loss(fn, 0, 1).toFixed(2)} %, spine ${loss(ls, 0, 1).toFixed(2)} %`);
  assert.ok(loss(fn, 1, 2) > 0 && loss(fn, 2, 3) > 0, 'the hip keeps losing');
});

test('the module is the human model\'s: OpenBoneMin keeps its published BMD equations and has none of the new states', () => {
  const published = bmdModule().states!;
  for (const s of ['BMDls', 'BMDlsDEN', 'BMDfn']) assert.equal(openBoneMin.states[s].ode, published[s].ode, s);
  for (const s of Object.keys(BMD_STATES_V2)) {
    assert.ok(!(s in openBoneMin.states), `${s} must not be in openbonemin`);
    assert.ok(s in humanMgBone.states, `${s} is a state of human-mg-bone`);
  }
  assert.match(humanMgBone.observables.BMD_ls.expr, /bmd_ls/);
  assert.match(humanMgBone.observables.BMD_fn.expr, /bmd_fn/);
});

test('every BMD-module parameter has a unit, a description and a source; fitted ones name their training data', () => {
  for (const [name, q] of Object.entries(BMD_PARAMETERS)) {
    assert.ok(q.unit && q.description && q.source, name);
    if (q.source.startsWith('fitted:')) assert.match(q.source, /neer2001|swan_bmd|guthrie1998/, `${name} is fitted to training data only`);
    assert.doesNotMatch(q.source, /^fitted:.*(cummings2009|FREEDOM|austin2012)/i, `${name} must not be fitted to the held-out trial`);
  }
});

// v2 part F: the study library (neer2001, cummings2009, austin2012) measures a trial as the percentage difference of the
// BMD level between the arms at the same time; the trials report (drug − placebo) % change from the trial baseline.
// Session 8: was "within 0.1 points". The two forms differ by the factor 1/(1 + placebo change/100) exactly; since the
// postmenopausal placebo arm keeps losing ~0.5 %/y (finite mechanostat), the difference at 3 y is 0.19 points at the hip (2.4 %).
// The exact relation is now asserted (to 1e-4 points: the two arms integrate to the trial start on different step sequences), and the approximation within 3 % of the contrast (hip at 3 y: 2.4 %).
test('study-library form of a trial contrast: 100·(drug/placebo − 1) of BMD_*_level is the placebo-adjusted % change divided by (1 + placebo change/100), within 3 % of it', () => {
  const at = (res: SimulationResult, output: string, t: number): number => res.column(output)[res.time.findIndex((x) => Math.abs(x - t) < 1e-6 * t)];
  for (const [drug, years] of [[deno, 3], [teri, 21 / 12]] as const) {
    const t = T0 + years * H_PER_Y;
    for (const site of ['ls', 'fn']) {
      assert.ok(Math.abs(at(drug, `BMD_${site}_level`, t) - (100 + at(drug, `BMD_${site}`, t))) < 1e-9, 'level = 100 + change');
      const library = 100 * (at(drug, `BMD_${site}_level`, t) / at(placebo, `BMD_${site}_level`, t) - 1);
      const trial = adjusted(drug, `BMD_${site}`, years);
      const placeboChange = change(placebo, `BMD_${site}`, years);
      assert.ok(Math.abs(library - trial / (1 + placeboChange / 100)) < 1e-4, `${site} at ${years.toFixed(2)} y: library ${library.toFixed(6)}, exact ${(trial / (1 + placeboChange / 100)).toFixed(6)}`);
      assert.ok(Math.abs(library - trial) <= 0.03 * Math.abs(trial), `${site} at ${years.toFixed(2)} y: library ${library.toFixed(3)}, trial ${trial.toFixed(3)}`);
    }
  }
});

// Session 13: Satterwhite 2010 (studies/satterwhite2010.yaml, training; the Neer 2001 trial's PK analysis): teriparatide
// 20 µg raised serum Ca by a median 0.1 mmol/L with the maximum ~4.25 h after the dose, back to predose by 16-24 h.
// OpenBoneMin's bone Ca release did not follow PTH (+0.002 until session 14, a todo); since session 15 a share of it
// answers changes of PTH (phi_PTH_bone, fitted to this study's peak: README, "Session 15").
test('teriparatide 20 µg/d: serum Ca rises 0.075-0.125 mmol/L 4.25 h after the dose on day 90 (Satterwhite 2010)', () => {
  const predose = T0 + 90 * 24;
  const res = runMgBone({ duration: `${predose + 24} h`, output: { times: [`${predose} h`, `${predose + 4.25} h`, `${predose + 23} h`] },
    conditions: { postmenopausal: true }, doses: [{ ...TERIPARATIDE, addl: 95 }] });
  const ca = res.column('Ca_serum');
  const rise = ca[1] - ca[0];
  assert.ok(Math.abs(ca[2] - ca[0]) <= 0.025, `23 h after the dose: ${(ca[2] - ca[0]).toFixed(4)} mmol/L from predose`);
  assert.ok(rise >= 0.075 && rise <= 0.125, `rise at 4.25 h: ${rise.toFixed(4)} mmol/L`);
});

// Session 18: the anabolic window (bmd.ts: W_ana, k_wdep, tau_wrec). Miyauchi 2010 (studies/miyauchi2010.yaml, training,
// rule 2): lumbar spine +10.04 / +13.42 % at 12 / 24 months of teriparatide, so the second year adds 0.337 of the first
// year's gain (range 0.26-0.42 from the reported SDs); P1NP +79 % at 12 months, +49 % at 24. Before session 18 the
// model's gain was almost linear (second year 0.79 of the first) and P1NP barely fell. k_wdep was fitted to this ratio:
// the test checks the fit, that the mechanism (not another term) carries it, and that the window closes only under a
// pulsatile signal and reopens after the drug stops.
test('training: teriparatide for 24 months, the second-year lumbar-spine gain is 0.26-0.42 of the first (Miyauchi 2010); without the anabolic window it is not', () => {
  const times = [0, 1, 2, 3.5].map((y) => `${T0 + y * H_PER_Y} h`);
  const doses = [{ ...TERIPARATIDE, addl: 730 }];
  const run = (parameters: Record<string, number>): SimulationResult =>
    runMgBone({ duration: `${YEARS_SINCE_MENOPAUSE + 3.5} y`, output: { times }, conditions: { postmenopausal: true }, doses, parameters });
  const ratio = (res: SimulationResult): number => { const b = res.column('BMD_ls_level'); return (b[2] - b[1]) / (b[1] - b[0]); };
  const fitted = run({}), noWindow = run({ k_wdep: 0 });
  const r = ratio(fitted), r0 = ratio(noWindow);
  assert.ok(r >= 0.26 && r <= 0.42, `second year / first year ${r.toFixed(3)}`);
  assert.ok(r0 > 0.6, `without the window ${r0.toFixed(3)}`);
  // P1NP is lower at 24 than at 12 months, still above the trial baseline (read at the same hour after a dose)
  const w = fitted.column('W_ana'), p1np = fitted.column('P1NP');
  assert.ok(p1np[2] < p1np[1] && p1np[2] > p1np[0], `P1NP ${Array.from(p1np.slice(0, 3)).map((x) => x.toFixed(0)).join(' → ')} %`);
  // the capacity is used up under the drug and restored (slowly) after it: 1.5 years after the last dose it has risen
  assert.ok(w[0] > 0.99 && w[2] < 0.6 && w[3] > w[2], `W_ana ${Array.from(w).map((x) => x.toFixed(3)).join(' → ')}`);
});

test('the anabolic window stays open without PTH pulses: W_ana is 1 at the reference and under the steady high PTH of 2 years at eGFR 15', () => {
  for (const scenario of [{ duration: '5 y' }, { duration: '2 y', conditions: { eGFR: '15 mL/min/1.73m2' } }]) {
    const res = runMgBone({ ...scenario, output: { every: '30 d' } });
    const w = res.column('W_ana');
    const low = Math.min(...w);
    assert.ok(low > 0.98, `${JSON.stringify(scenario)}: lowest W_ana ${low.toFixed(4)}`);
  }
});

// Session 19: the built-in scenarios of the two trials (scenarios/mgb-teriparatide-21mo.json, mgb-denosumab-3y.json) are the
// study library's drug arms: their placebo-adjusted lumbar-spine change, read as the trials read it, is the one the studies see.
test('built-in drug scenarios: mgb-teriparatide-21mo gives neer2001\'s lumbar-spine contrast (8.5-9.5), mgb-denosumab-3y a FREEDOM-sized one', () => {
  // both start the drug YEARS_SINCE_MENOPAUSE after the menopause: the trial baseline
  const contrast = (name: string): number => {
    const input = JSON.parse(fs.readFileSync(path.join(ROOT, 'scenarios', `${name}.json`), 'utf8')) as Record<string, unknown>;
    const times = { times: [`${YEARS_SINCE_MENOPAUSE} y`, input.duration as string] };
    const drug = runScenario({ ...input, output: times }), placebo = runScenario({ ...input, output: times, doses: [] });
    assert.equal(drug.code, 'success', drug.message);
    const c = (r: typeof drug): Float64Array => r.column('BMD_ls_level');
    return 100 * (c(drug)[1] / c(drug)[0] - c(placebo)[1] / c(placebo)[0]);
  };
  const teri = contrast('mgb-teriparatide-21mo');
  assert.ok(teri > 8.5 && teri < 9.5, `teriparatide, 21 months: ${teri}`);
  // FREEDOM is held out: its interval is not asserted here (README, "BMD module"); the size is, within a wide band
  const den = contrast('mgb-denosumab-3y');
  assert.ok(den > 6 && den < 14, `denosumab, 36 months: ${den}`);
});
