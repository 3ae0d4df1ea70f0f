/**
 * The issue's leftover examples (#15, classes H and I), each with the outcome the docs promise
 * (docs/reliability.md): inside the declared domains they run; outside, they fail cleanly with time,
 * reason and state; huge values and schedules are bounded work.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runScenario } from '../../src/index.js';
import { InputError } from '../../src/core/issues.js';
import { SCENARIO_DOMAIN as PR } from '../../src/models/peterson-riggs-2010/domain.js';
import { SCENARIO_DOMAIN as OBM } from '../../src/models/openbonemin/domain.js';
import { SCENARIO_DOMAIN as DL } from '../../src/models/dutta-layton-2024/domain.js';
import { DOMAIN } from '../../src/models/human-mg-bone/domain.js';
import { findModel } from '../../src/models/index.js';

const WALL = 60;

test('class I inside the human domain: 3 mg/d for 10 years and eGFR 8.8 for 5 years run to the end', { timeout: 300_000 }, () => {
  assert.ok(3 >= DOMAIN.dietMg.min && 8.8 >= DOMAIN.eGFR.min && 3652.5 <= DOMAIN.duration.max);
  for (const s of [
    { model: 'human-mg-bone', duration: '10 y', diet: { Mg: '3 mg/d' } },
    { model: 'human-mg-bone', duration: '5 y', conditions: { eGFR: '8.8 mL/min/1.73m2' } },
  ]) {
    const r = runScenario(s, { maxWallTime: WALL });
    assert.equal(r.code, 'success', `${JSON.stringify(s)}: ${r.message}`);
  }
});

// Session 8's human campaign (seed 3001, 10,000 cases): 27 ten-year Mg-free runs ended non_finite (bdf) and 21 timed out
// (rodas): the release block drove PTH to ~0, rounding took its integrator to −1e-24, and OpenBoneMin's C4^AlphOHgam and the
// kidney's log(PTH_ref/PTH) became NaN. Two of those cases (seeds 7487 and 10105), with the fix (C4_pos, couple.ts).
test('fuzz leftovers, session 8: ten Mg-free years with several conditions run to the end on bdf and rodas', { timeout: 300_000 }, () => {
  const base = { model: 'human-mg-bone', duration: '87660 h' };
  for (const s of [
    { ...base, diet: { Mg: '0 mg/d', Ca: '1170.94 mg/d' }, conditions: { eGFR: '150 mL/min/1.73m2', PPI: true, alcohol: true, type2_diabetes: true } },
    {
      ...base, output: { every: '451.856 h' }, diet: { Mg: '0 mg/d', Ca: '297.644 mg/d' }, supplements: [{ Mg: '0.00004 mg/d', salt: 'aspartate' }],
      conditions: { eGFR: '150 mL/min/1.73m2', age: '31.9584 y', alcohol: true, type2_diabetes: true },
      doses: [{ cmt: 'Mg_iv', amt: '85.4691 mmol', rate: '100 mmol/h', time: '29836.7 h' }], solver: { method: 'rodas' },
    },
  ]) {
    const r = runScenario(s, { maxWallTime: WALL });
    assert.equal(r.code, 'success', `${JSON.stringify(s)}: ${r.message}`);
    assert.ok(r.column('PTH').every((x) => Number.isFinite(x) && x >= 0), 'PTH finite and non-negative');
  }
});

// Session 9's rerun of that campaign on the fixed model (seed 3001, 10,001 cases): 7 ten-year Mg-free runs on rodas still hit
// the 60 s wall time, rejecting ~95 % of their steps: PTH and the level bone had adapted to (PTH_adapt) fell to ~1e-27 pmol/L
// and the anabolic signal, their ratio, jumped by orders of magnitude between steps. Fixed by flooring the ratio's
// denominator (bmd.ts, bmd_pth_signal). Two of them (seeds 7779 and 4038), which must now finish in a small part of the limit.
test('fuzz leftovers, session 9: ten Mg-free years with every renal-wasting condition run on rodas well inside the wall time', { timeout: 300_000 }, () => {
  const base = { model: 'human-mg-bone', duration: '87660 h', solver: { method: 'rodas' } };
  for (const s of [
    { ...base, diet: { Mg: '0 mg/d', Ca: '100 mg/d' }, conditions: { eGFR: '150 mL/min/1.73m2', age: '104.395 y', postmenopausal: true, PPI: true, thiazide: true, loop_diuretic: true, alcohol: true, type2_diabetes: true } },
    {
      ...base, diet: { Mg: '0 mg/d', Ca: '893.246 mg/d' }, supplements: [{ Mg: '0.000145 mg/d', salt: 'oxide' }],
      conditions: { eGFR: '150 mL/min/1.73m2', age: '110 y', postmenopausal: true, thiazide: true, loop_diuretic: true, type2_diabetes: true },
      doses: [{ cmt: 'Mg_iv', amt: '39.2313 mmol', rate: '43.836 mmol/h', time: '6331.24 h' }], solver: { method: 'rodas', rtol: 1e-10 },
    },
  ]) {
    const r = runScenario(s, { maxWallTime: WALL });
    assert.equal(r.code, 'success', `${JSON.stringify(s)}: ${r.message}`);
    // the step count, not the clock: before the fix ~158,000 steps (150,000 rejected) in 60 s without reaching the end
    assert.ok(r.stats.steps < 20_000 && r.stats.rejected < r.stats.steps, `steps ${r.stats.steps}, rejected ${r.stats.rejected}`);
  }
});

test('class I: DL n_switch 1026 runs; PR C2thr 0.9865 and OBM T49 2.7 are outside the declared domains and fail cleanly', { timeout: 300_000 }, () => {
  const dl = runScenario({ model: 'dutta-layton-2024', duration: '262800 min', parameters: { n_switch: 1026 } }, { maxWallTime: WALL });
  assert.equal(dl.code, 'success', dl.message);
  // C2thr is one of the phosphate-limit parameters the domain never varies
  assert.ok(Object.hasOwn(PR.excluded, 'C2thr') && Object.hasOwn(OBM.excluded, 'C2thr'));
  // T49 at 2.7 is ×0.05 of its value, outside the declared ±25 %
  const t49 = findModel('openbonemin')!.spec.parameters.T49.value;
  assert.ok(2.7 / t49 < OBM.scale.min);
  assert.ok(!Object.hasOwn(DL.excluded, 'n_switch') && 1026 / 50 > DL.scale.max);
  for (const s of [
    { model: 'peterson-riggs-2010', duration: '10 y', parameters: { C2thr: 0.9865 } },
    { model: 'openbonemin', duration: '10 y', parameters: { T49: 2.7 } },
  ]) {
    const r = runScenario(s, { maxWallTime: WALL });
    if (r.code === 'success') continue; // a faster machine or a better solver may get through: fine
    assert.ok(r.failure && Number.isFinite(r.failure.t) && r.failure.state.length === r.model.stateNames.length, `${r.code}: no time or state`);
    assert.match(r.message, /step size|steps|Newton|invariant|time/);
  }
});

test('class H: T58 = 2^53 in a change is bounded work: it ends within its budget, successfully or as a clean failure', { timeout: 300_000 }, () => {
  for (const model of ['openbonemin', 'peterson-riggs-2010', 'human-mg-bone']) {
    const t0 = performance.now();
    const r = runScenario({ model, duration: '10 d', changes: [{ time: '1 d', parameters: { T58: 2 ** 53 } }] }, { maxWallTime: 20 });
    const s = (performance.now() - t0) / 1000;
    assert.ok(s < 45, `${model}: ${s} s`);
    if (r.code !== 'success') assert.ok(r.failure && Number.isFinite(r.failure.t), `${model}: ${r.code} without time`);
    else for (const c of r.columns) assert.ok(c.values.every(Number.isFinite), `${model}: ${c.name} not finite`);
  }
});

test('class H: 1,000,000 overlapping infusions are an input error naming doses, before any work', () => {
  const t0 = performance.now();
  assert.throws(() => runScenario({ model: 'openbonemin', duration: '1 d', doses: [{ cmt: 'TERISC', amt: '1 ug', rate: '1 ug/h', ii: '0.00001 h', addl: 1000000 }] }),
    (e: unknown) => e instanceof InputError && e.issues.some((i) => i.path[0] === 'doses'));
  assert.ok(performance.now() - t0 < 10_000);
});

test('a dose a few ulps after t = 0 is the same instant on every method (it used to fail rodas with a NaN error estimate)', () => {
  for (const method of ['bdf', 'rodas', 'dopri']) {
    const r = runScenario({ model: 'peterson-riggs-2010', duration: '24 h', doses: [{ cmt: 'TERISC', amt: '20 ug', time: '9.3e-282 h' }], solver: { method } });
    const at0 = runScenario({ model: 'peterson-riggs-2010', duration: '24 h', doses: [{ cmt: 'TERISC', amt: '20 ug', time: 0 }], solver: { method } });
    assert.equal(r.code, 'success', `${method}: ${r.message}`);
    const a = r.column('PTH'), b = at0.column('PTH');
    assert.ok(Math.abs(a[a.length - 1] - b[b.length - 1]) <= 1e-6 * Math.abs(b[b.length - 1]), `${method}: ${a[a.length - 1]} vs ${b[b.length - 1]}`);
  }
});

// Session 10's dutta-layton-2024 campaign (seed 9001, 60,174 cases): 17 steadyState runs at a tenth of the Mg intake (or the
// lowest GFR) failed because Newton from the initial state landed on a root with negative PTH and calcitriol, and the search
// reported it instead of running toward equilibrium. Three of them (seeds 25130, 25543, 19256); each now finds the physical
// steady state, which at a tenth of the intake is the authors' (PTHp ≈ 2.78 pmol/L, test/models/dutta-layton.test.ts).
test('fuzz leftovers, session 10: dutta-layton-2024 steady states at a tenth of the Mg intake are found, not refused', () => {
  for (const s of [
    { model: 'dutta-layton-2024', duration: '1 h', steadyState: true, scale: { IMg: 0.1 }, parameters: { nPT: 4.08601 }, solver: { method: 'rodas' } },
    { model: 'dutta-layton-2024', duration: '1 h', steadyState: true, scale: { IMg: 0.1, nPT: 0.963743 }, solver: { method: 'dopri', rtol: 0.0001 } },
    { model: 'dutta-layton-2024', duration: '1 h', steadyState: true, scale: { IMg: 0.1, ICa: 2, D3_inact: 0.25, nPT: 1.02365 }, parameters: { GFR: 0.00187845 } },
  ]) {
    assert.ok(s.scale.IMg >= DL.inputs.IMg.min, 'inside the declared domain');
    const r = runScenario(s, { maxWallTime: WALL });
    assert.equal(r.code, 'success', `${JSON.stringify(s)}: ${r.message}`);
    r.model.stateNames.forEach((name, i) => assert.ok(r.y0[i] >= 0 && Number.isFinite(r.y0[i]), `${name} = ${r.y0[i]}`));
    assert.ok(r.y0[r.model.stateNames.indexOf('PTH_p')] > 0, 'PTH_p > 0');
  }
});
