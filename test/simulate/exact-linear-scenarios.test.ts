/**
 * Every built-in scenario gives the same trajectories with the linear states in closed form
 * (the default) as with them integrated (solver.exactLinear = false), at rtol = atol = 1e-9: every
 * column within 5e-4 relative (floor 1e-6 × the column's largest magnitude) plus 100 × atol
 * absolute. Measured: ≤ 7.2e-5 relative on columns away from 0. The absolute allowance is for
 * states and fluxes that sit near zero (S_ana, the Mg balance), whose values are the integrator's
 * absolute error: it shrinks with atol, so it is not a closed-form error (mgb-thiazide's S_ana
 * differs by 1.3e-8 at 1e-9, 9.9e-10 at 1e-10 and 7.2e-12 at 1e-11; the largest at 1e-9 is 3.0e-8,
 * mgb-baseline-10y's Mg_balance). A wrong closed form, event or output conversion shows as an O(1)
 * deviation of a column's scale (≥ 1e-5 for every column here, so ≥ 100× the allowance).
 * A column in % (100 × a relative change of a state of order 1) gets 100× that allowance, the state's
 * absolute allowance in the column's unit: mgb-mg-free-3wk's BMDlsDENchange (OpenBoneMin's unused BMD
 * state, ~1e-4 %) differs by 1.2e-6 at 1e-9, 2.6e-10 at 1e-10, 1.7e-8 at 1e-11 — solver noise, not a
 * closed-form error (which would not change with the tolerance).
 * Session 19: a column in per day (a flux of the model's per-hour states, e.g. Ca_balance in mmol/d) likewise gets 24× the
 * absolute allowance, the state's allowance in the column's unit: mgb-obstetric-mgso4's Ca_balance (−7.9e-4 mmol/d at
 * 387 h, a column whose scale is 19 mmol/d) differs by 5.0e-7 there at 1e-9 (largest 1.77e-6 at 340 h), 7.3e-7 at 1e-10,
 * 3.0e-7 at 1e-11 — solver noise; it crossed the old 1e-7 when the anabolic signal was smoothed (bmd.ts, eps_S).
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { runScenario } from '../../src/builtin/index.js';
import { builtinScenarios } from '../../src/builtin/scenarios.js';

const ATOL = 1e-9;

for (const b of builtinScenarios()) {
  test(`${b.name}: closed-form linear states agree with integrating them`, () => {
    const input = JSON.parse(fs.readFileSync(b.file, 'utf8'));
    const go = (exactLinear: boolean) => runScenario({ ...input, solver: { ...(input.solver ?? {}), rtol: 1e-9, atol: ATOL, exactLinear } });
    const a = go(true), c = go(false);
    assert.equal(a.code, 'success', a.message);
    assert.equal(c.code, 'success', c.message);
    assert.deepEqual(Array.from(a.time), Array.from(c.time));
    for (const col of a.columns) {
      if (col.kind === 'time') continue;
      const y = c.column(col.name);
      let scale = 0;
      for (const v of y) scale = Math.max(scale, Math.abs(v));
      for (let k = 0; k < y.length; k++) {
        const diff = Math.abs(col.values[k] - y[k]);
        const d = diff / Math.max(Math.abs(y[k]), 1e-6 * scale, 1e-300);
        const unitFactor = col.unit === '%' ? 100 : col.unit.endsWith('/d') ? 24 : 1;
        assert.ok(d <= 5e-4 || diff <= 100 * ATOL * unitFactor, `${col.name} at t=${a.time[k]}: ${col.values[k]} vs ${y[k]} (${d.toExponential(2)})`);
      }
    }
  });
}
