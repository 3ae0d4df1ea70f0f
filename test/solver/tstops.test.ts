/**
 * Time stops (scheduled discontinuities) against analytic pharmacokinetics: a one-compartment model
 * dA/dt = R - k A with repeated bolus doses (A jumps by D) and an infusion switched on and off
 * (R piecewise constant). Closed forms: between events A(t) = A(s) e^(-k(t-s)) + R/k (1 - e^(-k(t-s))).
 * Checked for every registered method, at outputs between, at and after the stops, for both
 * conventions of an output exactly at a stop: 'before' the dose (deSolve) and 'after' (mrgsolve).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { solve } from '../../src/solver/solve.js';
import type { OdeProblem } from '../../src/solver/types.js';
import { METHODS, type MethodEntry } from './methods.js';

const K = 0.3, DOSE = 100;
const RTOL = 1e-12, ATOL = 1e-12;

/**
 * rtol = atol of the repeated-bolus check (1e-10 against the closed form). An error-per-step method
 * (methods.ts) sums its local errors over the ~300-400 steps of each 12-h dosing interval, all of
 * one sign on this decay: bdf at 1e-12 is 3.9e-10 off at the end of the 24-36 h interval, where its
 * steps settled at an error estimate of 0.75 of the tolerance, which CVODE's step policy keeps (at
 * order 5 no step change for estimates between 0.015 and 1). CVODE 6.4.1 on the same schedule takes
 * the identical 1942 steps and ends that interval 3.93e-10 off. Restarts and landing on the stops
 * add nothing measurable (2e-12 right after each dose). So such a method runs this check at
 * 1e-13 (bdf: 4.9e-11); the infusion and every-step checks below pass at 1e-12.
 */
const bolusTol = (m: MethodEntry): number => (m.errorPerStep ? 1e-13 : RTOL);

/** A bolus schedule with two doses at t = 24 (both must be applied, in order) and one at t0. */
const DOSE_TIMES = [0, 12, 24, 24, 36, 48];
const OUT = [0, 1, 6, 11.9, 12, 18, 24, 30, 36, 47.5, 48, 54, 60];

function bolusExact(t: number, includeAt: boolean): number {
  let a = 0;
  for (const td of DOSE_TIMES) if (td < t || (includeAt && td === t)) a += DOSE * Math.exp(-K * (t - td));
  return a;
}

function bolusProblem(): OdeProblem {
  return { n: 1, t0: 0, tEnd: 60, y0: [0], autonomous: true, names: ['central'], f: (_t, y, dy) => { dy[0] = -K * y[0]; } };
}

function relErr(got: number, want: number): number {
  return Math.abs(got - want) / Math.max(Math.abs(want), 1e-300);
}

for (const m of METHODS) {
  for (const convention of ['before', 'after'] as const) {
    test(`${m.name}: repeated bolus doses at time stops match the closed form (outputAtStop '${convention}')`, () => {
      const indices: number[] = [];
      const sol = solve(bolusProblem(), m.make(), {
        rtol: bolusTol(m), atol: bolusTol(m), tOut: OUT, tStops: DOSE_TIMES, outputAtStop: convention,
        onStop: (_t, y, index) => { y[0] += DOSE; indices.push(index); },
      });
      assert.equal(sol.code, 'success', sol.message);
      assert.deepEqual(indices, [0, 1, 2, 3, 4, 5]);
      assert.deepEqual([...sol.t], OUT);
      OUT.forEach((t, k) => {
        const want = bolusExact(t, convention === 'after');
        if (want === 0) assert.equal(sol.y[0][k], 0, `t=${t}`);
        else assert.ok(relErr(sol.y[0][k], want) < 1e-10, `t=${t}: ${sol.y[0][k]} vs ${want} (rel ${relErr(sol.y[0][k], want)})`);
      });
      // the dose at tEnd-adjacent 48 and the final state
      assert.ok(relErr(sol.yFinal[0], bolusExact(60, true)) < 1e-10);
    });
  }

  test(`${m.name}: infusion switched on and off at time stops matches the closed form`, () => {
    // rate schedule: [t, rate] from t on
    const schedule: [number, number][] = [[2, 20], [5, 0], [14, 40], [15.5, 0], [30, 10]];
    let rate = 0;
    const problem: OdeProblem = { n: 1, t0: 0, tEnd: 40, y0: [5], autonomous: true, f: (_t, y, dy) => { dy[0] = rate - K * y[0]; } };
    const exact = (t: number): number => {
      let a = 5, s = 0, r = 0;
      for (const [ts, rs] of schedule) {
        if (ts > t) break;
        a = a * Math.exp(-K * (ts - s)) + (r / K) * (1 - Math.exp(-K * (ts - s)));
        s = ts; r = rs;
      }
      return a * Math.exp(-K * (t - s)) + (r / K) * (1 - Math.exp(-K * (t - s)));
    };
    const tOut = [0, 1, 2, 3, 5, 7.25, 14, 14.5, 15.5, 20, 29.99, 30, 35, 40];
    const sol = solve(problem, m.make(), {
      rtol: RTOL, atol: ATOL, tOut, tStops: schedule.map(([t]) => t),
      onStop: (_t, _y, i) => { rate = schedule[i][1]; },
    });
    assert.equal(sol.code, 'success', sol.message);
    tOut.forEach((t, k) => assert.ok(relErr(sol.y[0][k], exact(t)) < 1e-10, `t=${t}: ${sol.y[0][k]} vs ${exact(t)}`));
  });

  test(`${m.name}: every-step output records both sides of a dose; dense evaluate() honours the convention`, () => {
    for (const convention of ['before', 'after'] as const) {
      const sol = solve(bolusProblem(), m.make(), {
        rtol: RTOL, atol: ATOL, tStops: DOSE_TIMES, outputAtStop: convention, dense: true,
        onStop: (_t, y) => { y[0] += DOSE; },
      });
      assert.equal(sol.code, 'success', sol.message);
      // rows at t = 12: the step landing there (before the dose) and the restart (after it)
      const rows = [...sol.t.keys()].filter((k) => sol.t[k] === 12).map((k) => sol.y[0][k]);
      assert.equal(rows.length, 2);
      assert.ok(relErr(rows[0], bolusExact(12, false)) < 1e-10 && relErr(rows[1], bolusExact(12, true)) < 1e-10);
      for (let k = 1; k < sol.t.length; k++) assert.ok(sol.t[k] >= sol.t[k - 1], 'times must not decrease');
      for (const t of [0.5, 7.3, 12, 23.99, 24, 33.3, 48, 59.1, 60]) {
        const want = bolusExact(t, convention === 'after' || t === 60);
        const got = sol.evaluate(t)[0];
        // the quartic dense output is less accurate than the steps themselves
        assert.ok(relErr(got, want) < 1e-8, `${convention} evaluate(${t}) = ${got} vs ${want}`);
      }
    }
  });
}

test('outputs are interpolated, never obtained by shortening steps', () => {
  const m = METHODS[0];
  const base = solve(bolusProblem(), m.make(), { rtol: 1e-8, atol: 1e-10 });
  const many = Array.from({ length: 601 }, (_, i) => i / 10);
  const withOut = solve(bolusProblem(), m.make(), { rtol: 1e-8, atol: 1e-10, tOut: many });
  assert.equal(withOut.stats.steps, base.stats.steps);
  assert.equal(withOut.t.length, many.length);
});

test('a stop at tEnd: the output there follows the convention, yFinal is the state after it', () => {
  const m = METHODS[0];
  const problem = { ...bolusProblem(), tEnd: 10 };
  for (const convention of ['before', 'after'] as const) {
    const sol = solve(problem, m.make(), {
      rtol: RTOL, atol: ATOL, tOut: [0, 5, 10], tStops: [0, 10], outputAtStop: convention,
      onStop: (_t, y) => { y[0] += DOSE; },
    });
    assert.equal(sol.code, 'success', sol.message);
    const atEnd = DOSE * Math.exp(-K * 10);
    assert.ok(relErr(sol.y[0][2], convention === 'before' ? atEnd : atEnd + DOSE) < 1e-10, `${convention}: ${sol.y[0][2]}`);
    assert.ok(relErr(sol.yFinal[0], atEnd + DOSE) < 1e-10);
    assert.equal(sol.tFinal, 10);
  }
});
