/**
 * Finite-difference fallback of the stiff methods: when an analytic Jacobian has a non-finite entry
 * (a formula that overflows where f itself stays finite, e.g. exp(big)·0), bdf and rodas replace
 * that Jacobian by finite differences of f, count it in stats.jacFallback and say so once in the
 * message; a run whose Jacobian is always finite reports nothing.
 *
 * Test problem: the stiff linear pair y1' = −1000 (y1 − cos t), y2' = y1 − y2 (exact solution
 * known up to a fast transient), with an analytic Jacobian that returns NaN in d f1/d y1 while
 * t is in [1, 2] — as the overflowing TAL odds of human-mg-bone did above serum Mg 2.2 mmol/L.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bdf, rodas5p, solve } from '../../src/solver/index.js';
import type { OdeProblem } from '../../src/solver/types.js';

function problem(poisoned: boolean): OdeProblem {
  return {
    n: 2, t0: 0, tEnd: 4, y0: [1, 0], names: ['y1', 'y2'],
    f: (t, y, dy) => { dy[0] = -1000 * (y[0] - Math.cos(t)); dy[1] = y[0] - y[1]; },
    jac: (t, _y, J) => {
      J[0] = poisoned && t >= 1 && t <= 2 ? NaN : -1000; J[1] = 0;
      J[2] = 1; J[3] = -1;
    },
  };
}

/** y2 of the reduced problem (y1 = cos t after the transient): y2' = cos t − y2, y2(0) = 0; off by O(1/1000). */
const y2Reduced = (t: number): number => 0.5 * (Math.cos(t) + Math.sin(t) - Math.exp(-t));

for (const [name, method] of [['bdf', bdf()], ['rodas5p', rodas5p()]] as const) {
  test(`${name}: a non-finite analytic Jacobian entry falls back to finite differences, counted and reported once`, () => {
    const sol = solve(problem(true), method, { rtol: 1e-8, atol: 1e-10, tOut: [4] });
    assert.equal(sol.code, 'success', sol.message);
    assert.ok(sol.stats.jacFallback > 0, 'fallbacks counted');
    assert.ok(sol.stats.jacFallback < sol.stats.jac, 'only the poisoned evaluations fall back');
    assert.equal(sol.message.match(/finite differences were used/g)?.length, 1, sol.message);
    const clean = solve(problem(false), method, { rtol: 1e-8, atol: 1e-10, tOut: [4] });
    assert.ok(Math.abs(sol.y[1][0] - clean.y[1][0]) < 1e-7, `y2(4) = ${sol.y[1][0]} vs ${clean.y[1][0]} with the analytic Jacobian`);
    assert.ok(Math.abs(sol.y[1][0] - y2Reduced(4)) < 1e-3, `y2(4) = ${sol.y[1][0]} vs the reduced solution ${y2Reduced(4)}`);
  });

  test(`${name}: a finite analytic Jacobian never falls back and leaves the message empty`, () => {
    const sol = solve(problem(false), method, { rtol: 1e-8, atol: 1e-10, tOut: [4] });
    assert.equal(sol.code, 'success');
    assert.equal(sol.stats.jacFallback, 0);
    assert.equal(sol.message, '');
  });
}
