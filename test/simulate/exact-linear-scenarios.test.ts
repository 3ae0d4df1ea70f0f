/**
 * Every built-in scenario gives the same trajectories with the linear states in closed form
 * (the default) as with them integrated (solver.exactLinear = false), at rtol = atol = 1e-9: every
 * column within 5e-4 relative (floor 1e-6 × the column's largest magnitude). Measured: ≤ 7.2e-5,
 * the largest on BMDlsDENchange near 0; a wrong closed form, event or output conversion shows
 * as an O(1) deviation.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { runScenario } from '../../src/builtin/index.js';
import { builtinScenarios } from '../../src/builtin/scenarios.js';

for (const b of builtinScenarios()) {
  test(`${b.name}: closed-form linear states agree with integrating them`, () => {
    const input = JSON.parse(fs.readFileSync(b.file, 'utf8'));
    const go = (exactLinear: boolean) => runScenario({ ...input, solver: { ...(input.solver ?? {}), rtol: 1e-9, atol: 1e-9, exactLinear } });
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
        const d = Math.abs(col.values[k] - y[k]) / Math.max(Math.abs(y[k]), 1e-6 * scale, 1e-300);
        assert.ok(d <= 5e-4, `${col.name} at t=${a.time[k]}: ${col.values[k]} vs ${y[k]} (${d.toExponential(2)})`);
      }
    }
  });
}
