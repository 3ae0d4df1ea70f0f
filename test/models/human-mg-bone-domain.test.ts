/**
 * human-mg-bone over its declared domain (`src/models/human-mg-bone/domain.ts`, issue #13 items 1, 3,
 * 4 and finding 9):
 *  - every clinical regimen runs on bdf, rodas and dopri, with no negative Mg pool, cumulative
 *    fluxes that never fall, absorption never above intake, and closed Mg mass balance;
 *  - the analytic Jacobian is finite at every state reached by runs over a grid of the domain;
 *  - the gut conserves mass with every absorption parameter at its bound;
 *  - the high-Mg mineralization defect acts only above the upper normal serum Mg: with normal
 *    kidneys BMD does not fall with intake across 150-1000 mg/d, while CKD with high intake impairs it;
 *  - on a Mg-free diet serum Mg levels off instead of falling towards 0.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { massBalance, mgBoneModel, runMgBone } from '../../src/analysis/validation.js';
import { scenarioFromInput } from '../../src/analysis/attribution.js';
import { scenarioAdapter } from '../../src/models/human-mg-bone/scenario.js';
import { simulate, type SimulationResult } from '../../src/simulate/run.js';
import { CLINICAL_REGIMENS, DOMAIN, MG_CUMULATIVE, MG_POOLS } from '../../src/models/human-mg-bone/domain.js';
import type { Model } from '../../src/model/model.js';

const model = mgBoneModel();
const METHODS = ['bdf', 'rodas', 'dopri'] as const;

function run(input: Record<string, unknown>, method: string = 'bdf', m: Model = model): SimulationResult {
  const scenario = scenarioFromInput(m, { model: m.id, ...input, solver: { method } }, scenarioAdapter);
  return simulate(m, scenario);
}

/** Problems with the pools and fluxes of a run (empty when it is physical). */
function poolProblems(res: SimulationResult): string[] {
  const out: string[] = [];
  for (const s of MG_POOLS) {
    const v = res.column(s);
    const lo = Math.min(...v);
    if (!(lo >= 0)) out.push(`${s} reaches ${lo}`);
  }
  for (const s of MG_CUMULATIVE) {
    const v = res.column(s);
    for (let i = 1; i < v.length; i++) if (v[i] < v[i - 1] - 1e-9 * Math.abs(v[i - 1])) { out.push(`${s} falls at row ${i}`); break; }
  }
  const f = res.column('Mg_absorbed_fraction');
  const hi = Math.max(...f);
  if (!(hi <= 1)) out.push(`absorbed fraction ${hi} > 1`);
  return out;
}

/** Every output row's state, checked against the analytic Jacobian of the model actually run. */
function nonFiniteJacobian(res: SimulationResult): string | undefined {
  const m = res.model;
  const n = m.stateNames.length;
  const p = m.params();
  const J = new Float64Array(n * n);
  const y = new Float64Array(n);
  const cols = m.stateNames.map((s) => res.column(s));
  for (let r = 0; r < res.time.length; r++) {
    for (let i = 0; i < n; i++) y[i] = cols[i][r];
    m.jac(res.time[r], y, p, J);
    for (let k = 0; k < n * n; k++) {
      if (!Number.isFinite(J[k])) return `d f[${m.stateNames[Math.floor(k / n)]}]/d y[${m.stateNames[k % n]}] = ${J[k]} at t = ${res.time[r]} h`;
    }
  }
  return undefined;
}

for (const reg of CLINICAL_REGIMENS) {
  test(`regimen ${reg.id} runs on bdf, rodas and dopri with physical pools`, () => {
    const ends: number[] = [];
    for (const method of METHODS) {
      const res = run(reg.input, method);
      assert.equal(res.code, 'success', `${reg.id} on ${method}: ${res.message}`);
      assert.deepEqual(poolProblems(res), [], `${reg.id} on ${method}`);
      assert.ok(massBalance(res).mg.relative <= 1e-9, `${reg.id} on ${method}: Mg mass balance ${massBalance(res).mg.relative}`);
      if (method === 'bdf') assert.equal(nonFiniteJacobian(res), undefined, reg.id);
      ends.push(res.column('Mg_serum')[res.time.length - 1]);
    }
    // the three methods agree on the end state (each at the scenario's default tolerance)
    for (const e of ends) assert.ok(Math.abs(e - ends[0]) <= 1e-3 * ends[0], `${reg.id}: serum Mg at the end ${ends.join(', ')}`);
  });
}

test('the regimens reach the therapeutic and toxic range they stand for', () => {
  const peak = (id: string): number => {
    const reg = CLINICAL_REGIMENS.find((r) => r.id === id)!;
    return Math.max(...run(reg.input).column('Mg_serum'));
  };
  // eclampsia treatment range 2-3.5 mmol/L during a 6 g load (ref:lu2000: 1.8-3.0 suggested)
  const sibai = peak('obstetric-6g-2g');
  assert.ok(sibai > 2 && sibai < 3.5, `6 g + 2 g/h peak ${sibai}`);
  // the declared upper end of serum Mg is reached without failure
  const high = peak('serum-above-5');
  assert.ok(high > 0.8 * DOMAIN.serumMg.max, `serum-above-5 peak ${high}`);
});

test('the Jacobian is finite at every state reached over a grid of the domain', () => {
  let runs = 0;
  for (const diet of [DOMAIN.dietMg.min, 325, DOMAIN.dietMg.max]) {
    for (const supp of [0, DOMAIN.supplementMg.max]) {
      for (const eGFR of [DOMAIN.eGFR.min, 30, 100, DOMAIN.eGFR.max]) {
        for (const iv of [false, true]) {
          const input: Record<string, unknown> = {
            duration: '30 d', output: { every: '12 h' }, diet: { Mg: `${diet} mg/d` }, conditions: { eGFR: `${eGFR} mL/min/1.73m2` },
          };
          if (supp > 0) input.supplements = [{ Mg: `${supp} mg/d`, salt: 'chloride' }];
          if (iv) input.doses = [{ cmt: 'Mg_iv', amt: `${DOMAIN.ivAmount.max} mmol`, rate: `${DOMAIN.ivAmount.max / 24} mmol/h`, time: '2 d' }];
          const res = run(input);
          assert.equal(res.code, 'success', `${JSON.stringify(input)}: ${res.message}`);
          assert.equal(nonFiniteJacobian(res), undefined, JSON.stringify(input));
          runs++;
        }
      }
    }
  }
  assert.equal(runs, 48);
});

test('the gut never absorbs more than the intake, even with every absorption parameter at its bound', () => {
  const spec = model.spec.parameters;
  const upper = (n: string): number => spec[n].bounds![1];
  const lower = (n: string): number => spec[n].bounds![0];
  const extreme = model.with({
    parameters: {
      Vmax_meal: upper('Vmax_meal'), Km_meal: lower('Km_meal'), G_max: upper('G_max'), f_trans: upper('f_trans'),
      gam_D_abs: upper('gam_D_abs'), f_para: upper('f_para'), F_abs_max: upper('F_abs_max'),
    },
  });
  for (const mg of [0, 25, 50, 75, 325, 1000]) {
    const res = run({ duration: '60 d', output: { every: '1 d' }, diet: { Mg: `${mg} mg/d` } }, 'bdf', extreme);
    assert.equal(res.code, 'success', `${mg} mg/d: ${res.message}`);
    assert.deepEqual(poolProblems(res), [], `${mg} mg/d`);
  }
  // default parameters: the fractions at low intake stay below the ~75-80% maximum of low-Mg diets (Schwartz 1984)
  // (v1: 1.32 / 1.02 at 25 / 50 mg/d)
  const cap = spec.F_abs_max.value;
  for (const mg of [25, 50, 75]) {
    const res = runMgBone({ duration: '60 d', output: { every: '60 d' }, diet: { Mg: `${mg} mg/d` } });
    const f = res.column('Mg_absorbed_fraction')[1];
    assert.ok(f <= cap && f > 0.5, `${mg} mg/d: absorbed fraction ${f}`);
  }
});

// Session 10 (said in the closing note): strictly non-decreasing over 150-750 mg/d; from 750 to 1000 mg/d (above the usual range of
// intakes) flat within 0.01 points. Since the gut no longer down-regulates absorption above the reference (G_min), 1000 mg/d
// raises serum Mg a little more (0.909 mmol/L), and the two CaSR routes nearly cancel there: PTH suppression (+) and renal Ca
// loss (−) leave BMD 1.1e-4 points below 750 mg/d. The test asserted strict monotonicity up to 1000 mg/d before.
test('with normal kidneys lumbar BMD does not fall as Mg intake rises across 150-750 mg/d, and stays flat to 1000 mg/d (5 years)', () => {
  const intakes = [150, 250, 325, 500, 750, 1000];
  const bmd = intakes.map((mg) => {
    const res = runMgBone({ duration: '5 y', output: { every: '5 y' }, diet: { Mg: `${mg} mg/d` } });
    const n = res.time.length - 1;
    assert.ok(res.column('mineralization_factor')[n] === 1, `${mg} mg/d: no mineralization defect in the normal range`);
    return res.column('BMD_ls')[n];
  });
  for (let i = 1; i < intakes.length - 1; i++) assert.ok(bmd[i] >= bmd[i - 1], `BMD ${bmd[i]} at ${intakes[i]} < ${bmd[i - 1]} at ${intakes[i - 1]} mg/d`);
  const n = intakes.length - 1;
  assert.ok(bmd[n] >= bmd[n - 1] - 0.01, `BMD ${bmd[n]} at ${intakes[n]} more than 0.01 points below ${bmd[n - 1]} at ${intakes[n - 1]} mg/d`);
});

// Session 10 (said in the closing note): eGFR 10 instead of 15. With the DCT maximum scaling with nephron mass the kidney
// excretes more, so 2000 mg/d at eGFR 15 reaches serum Mg 1.12 mmol/L (1.22 before), where the defect is 0.97; at eGFR 10
// it reaches 1.16. The assertions are unchanged.
test('very high serum Mg (CKD with high intake) still impairs mineralization and BMD', () => {
  const ckd = { eGFR: '10 mL/min/1.73m2' };
  const normal = runMgBone({ duration: '5 y', output: { every: '5 y' }, diet: { Mg: '325 mg/d' }, conditions: ckd });
  const high = runMgBone({
    duration: '5 y', output: { every: '5 y' }, diet: { Mg: '1000 mg/d' }, supplements: [{ Mg: '1000 mg/d', salt: 'chloride' }], conditions: ckd,
  });
  const end = (r: SimulationResult, c: string): number => r.column(c)[r.time.length - 1];
  const onset = model.spec.parameters.Mg_min_onset.value;
  assert.ok(end(high, 'Mg_serum') > onset, `serum Mg ${end(high, 'Mg_serum')} above the upper normal ${onset}`);
  assert.ok(end(high, 'mineralization_factor') < 0.95, `mineralization factor ${end(high, 'mineralization_factor')}`);
  assert.ok(end(high, 'BMD_ls') < end(normal, 'BMD_ls') - 2, `BMD ${end(high, 'BMD_ls')} vs ${end(normal, 'BMD_ls')} at 325 mg/d, same eGFR`);
  // switching the pathway off removes the extra loss: it is the mineralization defect
  const off = runMgBone({
    duration: '5 y', output: { every: '5 y' }, diet: { Mg: '1000 mg/d' }, supplements: [{ Mg: '1000 mg/d', salt: 'chloride' }], conditions: ckd,
    switches: { high_mg_mineralization: false },
  });
  assert.ok(end(off, 'BMD_ls') > end(high, 'BMD_ls') + 2, `off ${end(off, 'BMD_ls')} vs on ${end(high, 'BMD_ls')}`);
});

test('on a Mg-free diet serum Mg falls over months and then levels off (Shils)', () => {
  const res = runMgBone({ duration: '365 d', output: { times: ['0 d', '91 d', '274 d', '365 d'] }, diet: { Mg: '0 mg/d' } });
  const s = res.column('Mg_serum');
  const early = s[0] - s[1], late = s[2] - s[3];
  assert.ok(early > 0 && late >= 0, `falls: ${[...s].join(', ')}`);
  assert.ok(late < 0.1 * early, `fall in months 9-12 (${late.toFixed(3)}) small against months 0-3 (${early.toFixed(3)})`);
  const rel = s[3] / s[0];
  assert.ok(rel > 0.25 && rel < 0.45, `serum Mg at 12 months ${rel.toFixed(3)} of control (about a third to a quarter)`);
});

test('an output step that divides the duration up to rounding never outputs beyond the end (found by the domain sweep)', () => {
  // 40 × 11.1956550 h rounds to 447.82620000000003 h > 447.8262 h
  const res = run({ duration: '447.8262 h', output: { every: '11.195655 h' }, diet: { Mg: '325 mg/d' } });
  assert.equal(res.code, 'success', res.message);
  assert.equal(res.time[res.time.length - 1], 447.8262);
  for (let i = 1; i < res.time.length; i++) assert.ok(res.time[i] > res.time[i - 1]);
});

// Session 10. Cunningham et al. 2012 (Clin Kidney J 5 Suppl 1:i39, doi:10.1093/ndtplus/sfr166): in moderate CKD a rising
// fractional excretion of Mg largely compensates for the lost filtration and keeps serum Mg normal; the compensation fails
// in advanced CKD. Not fitted (a textbook direction); before session 10 FE_Mg fell as eGFR fell (3.3 / 2.4 / 1.5 % at
// 60 / 30 / 15) because the gut, not the kidney, balanced Mg (absorption down-regulated to 0.21 ×; urine 0.22 mmol/d at 15).
test('CKD: FE_Mg rises as eGFR falls, serum Mg stays normal in moderate CKD, and urine still carries most of the absorbed Mg', () => {
  const at = (eGFR: number): { mg: number; fe: number; urine: number; absorbed: number } => {
    const r = runMgBone({ duration: '2 y', output: { every: '2 y' }, conditions: { eGFR: `${eGFR} mL/min/1.73m2` } });
    const n = r.time.length - 1;
    const intake = 325 / 24.305; // mmol/d
    return { mg: r.column('Mg_serum')[n], fe: r.column('FE_Mg')[n], urine: r.column('urine_Mg')[n], absorbed: r.column('Mg_absorbed_fraction')[n] * intake };
  };
  const rows = [90, 60, 30, 15].map(at);
  for (let i = 1; i < rows.length; i++) assert.ok(rows[i].fe > rows[i - 1].fe, `FE_Mg ${rows.map((r) => r.fe.toFixed(2)).join(' / ')} % at eGFR 90 / 60 / 30 / 15`);
  assert.ok(rows[1].mg >= 0.7 && rows[1].mg <= 0.95, `serum Mg at eGFR 60: ${rows[1].mg}`);
  assert.ok(rows[2].mg > rows[0].mg, 'serum Mg rises as the compensation is used up');
  // urine ≈ net absorption at a steady state; "most of the absorbed Mg" in moderate CKD (the gut is not shut)
  for (const i of [1, 2]) assert.ok(rows[i].urine > 0.6 * rows[i].absorbed && rows[i].urine > 1.5, `eGFR ${[90, 60, 30, 15][i]}: urine ${rows[i].urine} vs absorbed ${rows[i].absorbed} mmol/d`);
});

// Session 10, found by the Sobol benchmark (57 of 45,056 draws at CV 10 % failed at t ≈ 0.2 h with a non-finite Jacobian,
// all with F_DCT_max ≲ 0.75): the DCT's transport maximum is derived from the renal set point and has no positive value when
// F_DCT_max × the reference delivery cannot reach the reference reabsorption. Such a set is now refused, naming the constraint.
test('F_DCT_max too small to reach the renal set point is refused as input (constraint DCT_set_point_reachable); just above it runs', () => {
  assert.throws(() => model.with({ parameters: { F_DCT_max: 0.7 } }), /DCT_set_point_reachable/);
  const r = runMgBone({ duration: '30 d', output: { every: '30 d' }, diet: { Mg: '162 mg/d' } }, model.with({ parameters: { F_DCT_max: 0.76 } }));
  assert.ok(r.column('Mg_serum').every((v) => Number.isFinite(v) && v > 0));
});
