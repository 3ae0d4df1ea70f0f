/**
 * Failures must come back as result codes with actionable messages naming the component and the
 * time (or, with throwOnFailure, as a SolverError), and bad input as 'invalid_input' listing every
 * problem with its field.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { solve } from '../../src/solver/solve.js';
import { SolverError, type OdeProblem } from '../../src/solver/types.js';
import { rodas5 } from '../../src/solver/methods/rodas5.js';
import { dopri5 } from '../../src/solver/methods/dopri5.js';
import { METHODS } from './methods.js';

const blowUp: OdeProblem = {
  n: 2, t0: 0, tEnd: 2, y0: [1, 1], names: ['quiet', 'runaway'], autonomous: true,
  // y1' = y1^2 blows up at t = 1; y0 decays harmlessly
  f: (_t, y, dy) => { dy[0] = -y[0]; dy[1] = y[1] * y[1]; },
};

for (const m of METHODS) {
  test(`${m.name}: a blow-up (y' = y^2 past t = 1) fails with the component and the time`, () => {
    const sol = solve(blowUp, m.make(), { rtol: 1e-6, atol: 1e-8 });
    assert.ok(sol.code === 'non_finite' || sol.code === 'step_too_small', `code ${sol.code}: ${sol.message}`);
    assert.match(sol.message, /'runaway'/);
    assert.ok(sol.failure, 'failure info');
    assert.equal(sol.failure!.componentName, 'runaway');
    assert.equal(sol.failure!.component, 1);
    // the numerical singularity sits within about the tolerance of the exact one
    assert.ok(sol.failure!.t > 0.99 && sol.failure!.t < 1.001, `failure at t=${sol.failure!.t}`);
    assert.match(sol.message, new RegExp(`t=${String(sol.failure!.t).replace('.', '\\.')}`));
    assert.ok(sol.tFinal < 1.001);
    // the rows recorded up to the failure are kept, and they are finite
    assert.ok(sol.t.length > 10);
    for (const v of sol.y[1]) assert.ok(Number.isFinite(v));
    if (sol.code === 'step_too_small') assert.match(sol.message, /step size .* too small at t=.*error estimate/);
  });

  test(`${m.name}: throwOnFailure throws a SolverError carrying code and failure`, () => {
    assert.throws(() => solve(blowUp, m.make(), { throwOnFailure: true }), (e: unknown) => {
      assert.ok(e instanceof SolverError);
      assert.ok(e.code === 'non_finite' || e.code === 'step_too_small');
      assert.equal(e.failure?.componentName, 'runaway');
      return true;
    });
  });

  test(`${m.name}: a right-hand side returning NaN is reported as non_finite with its component`, () => {
    const p: OdeProblem = { n: 2, t0: 0, tEnd: 1, y0: [1, -1], names: ['a', 'b'], f: (_t, y, dy) => { dy[0] = -y[0]; dy[1] = Math.log(y[1]); } };
    const sol = solve(p, m.make());
    assert.equal(sol.code, 'non_finite', sol.message);
    assert.match(sol.message, /'b'/);
    assert.match(sol.message, /t=0/);
  });
}

test('max steps: the code, the count and the hint (stiff hint for an explicit method)', () => {
  const stiff: OdeProblem = {
    n: 3, t0: 0, tEnd: 40, y0: [1, 0, 0], names: ['A', 'B', 'C'], autonomous: true,
    f: (_t, y, dy) => {
      dy[0] = -0.04 * y[0] + 1e4 * y[1] * y[2];
      dy[2] = 3e7 * y[1] * y[1];
      dy[1] = -dy[0] - dy[2];
    },
  };
  const e = solve(stiff, dopri5(), { maxSteps: 200 });
  assert.equal(e.code, 'max_steps');
  assert.match(e.message, /^max steps \(200\) reached at t=[0-9.e-]+: raise maxSteps, or the problem is stiff: use a stiff method \(rodas5, bdf\)/);
  assert.equal(e.stats.steps + e.stats.rejected, 200);
  assert.ok(e.tFinal > 0 && e.tFinal < 40);
  const s = solve(stiff, rodas5(), { maxSteps: 5 });
  assert.equal(s.code, 'max_steps');
  assert.match(s.message, /max steps \(5\) reached at t=.*raise maxSteps/);
  assert.doesNotMatch(s.message, /use a stiff method/);
  assert.equal(solve(stiff, rodas5()).code, 'success');
});

test('invalid input: every problem listed with its field, nothing run', () => {
  let calls = 0;
  const p: OdeProblem = { n: 3, t0: 0, tEnd: 10, y0: [1, 2], f: () => { calls++; } };
  const sol = solve(p, rodas5(), {
    tOut: [0, 5, 5, 11], tStops: [3, 2], rtol: [1e-6, 1e-6], atol: -1, maxSteps: 0, outputAtStop: 'later' as 'before',
  });
  assert.equal(sol.code, 'invalid_input');
  assert.equal(calls, 0);
  for (const needle of [
    /problem\.y0: has length 2, but n = 3/,
    /options\.tOut\[2\]: 5 is not greater than tOut\[1\] = 5/,
    /options\.tOut\[3\]: 11 is outside the time span \[0, 10\]/,
    /options\.tStops\[1\]: 2 is less than tStops\[0\] = 3/,
    /options\.rtol: has length 2, expected n = 3/,
    /options\.atol: -1 is not allowed/,
    /options\.maxSteps: 0 is not allowed/,
    /options\.outputAtStop: "later" is not allowed; use 'before' \(deSolve\) or 'after' \(mrgsolve\)/,
  ]) assert.match(sol.message, needle);
  assert.match(sol.message, /^invalid input \(8 problems\)/);
  assert.equal(sol.t.length, 0);
});

test('invalid input: span, non-finite values, throwOnFailure', () => {
  const bad: OdeProblem = { n: 1, t0: 5, tEnd: 5, y0: [NaN], f: () => {} };
  const sol = solve(bad, rodas5());
  assert.equal(sol.code, 'invalid_input');
  assert.match(sol.message, /problem\.tEnd: 5 must be greater than t0 = 5/);
  assert.match(sol.message, /problem\.y0\[0\]: NaN is not a finite number/);
  assert.throws(() => solve(bad, rodas5(), { throwOnFailure: true }), (e: unknown) => e instanceof SolverError && e.code === 'invalid_input');
  const noN = solve({ n: 0, t0: 0, tEnd: 1, y0: [], f: () => {} }, rodas5());
  assert.match(noN.message, /problem\.n: 0 is not allowed; use a positive integer/);
});

test('stops after tEnd are ignored; evaluate() without dense output says how to get it', () => {
  let applied = 0;
  const p: OdeProblem = { n: 1, t0: 0, tEnd: 1, y0: [1], f: (_t, y, dy) => { dy[0] = -y[0]; } };
  const sol = solve(p, rodas5(), { tStops: [0.5, 2, 3], onStop: () => { applied++; } });
  assert.equal(sol.code, 'success');
  assert.equal(applied, 1);
  assert.throws(() => sol.evaluate(0.5), /dense: true/);
});
