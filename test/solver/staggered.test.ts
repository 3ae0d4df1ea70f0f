/**
 * The staggered direct corrector of bdf (OdeProblem.staggered): the states by modified Newton alone,
 * then every sensitivity block by one exact solve with J(t_n, y_n).
 *  - with the sensitivities out of the error test the states are those of the plain run, bit for bit
 *    (the Newton iteration, the error test and the step-size choice see the states only);
 *  - the sensitivities match closed forms (logistic growth; a linear chain with two parameters and a
 *    structural pattern) and the simultaneous corrector's, with and without error control;
 *  - one Jacobian and one LU per step for the sensitivities; invalid uses are 'invalid_input'.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import { solve } from '../../src/solver/solve.js';
import { bdf } from '../../src/solver/methods/bdf.js';
import type { OdeProblem } from '../../src/solver/types.js';

const [r, K, x0, tEnd] = [0.9, 10, 0.5, 15];
const logisticF = (y: Float64Array, d: Float64Array): void => { d[0] = r * y[0] * (1 - y[0] / K); };
const logisticJ = (y: Float64Array, J: Float64Array): void => { J[0] = r * (1 - (2 * y[0]) / K); };
/** x' = r·x·(1 − x/K) with s = ∂x/∂r: s' = r·(1 − 2x/K)·s + x·(1 − x/K). */
function logistic(staggered: boolean): OdeProblem {
  return {
    n: 2, t0: 0, tEnd, y0: [x0, 0], blocks: 2,
    f: (_t, y, d) => { logisticF(y, d); d[1] = r * (1 - (2 * y[0]) / K) * y[1] + y[0] * (1 - y[0] / K); },
    jac: (_t, y, J) => logisticJ(y, J),
    ...(staggered ? { staggered: { f: (_t: number, y: Float64Array, d: Float64Array) => logisticF(y, d), forcing: (_t: number, y: Float64Array, b: Float64Array) => { b[0] = y[0] * (1 - y[0] / K); } } } : {}),
  };
}
const exactS = (t: number): number => { const E = Math.exp(r * t), Q = K + x0 * (E - 1); return (K * x0 * t * E * (K - x0)) / (Q * Q); };
const tOut = Array.from({ length: 60 }, (_, i) => 0.25 * (i + 1));

test('staggered, sensitivities out of the error test: the states are the plain run\'s bit for bit', () => {
  const plain = solve({ n: 1, t0: 0, tEnd, y0: [x0], f: (_t, y, d) => logisticF(y, d), jac: (_t, y, J) => logisticJ(y, J) }, bdf(), { rtol: 1e-8, atol: 1e-10, tOut });
  const stag = solve(logistic(true), bdf(), { rtol: 1e-8, atol: 1e-10, tOut, errorComponents: 1 });
  assert.equal(stag.code, 'success', stag.message);
  assert.deepEqual(Array.from(stag.y[0]), Array.from(plain.y[0]));
  assert.equal(stag.stats.steps, plain.stats.steps);
  // one Jacobian and one LU per step attempt that converged, besides the states' own
  assert.ok(stag.stats.jac >= stag.stats.steps && stag.stats.lu >= stag.stats.steps, JSON.stringify(stag.stats));
});

test('staggered: the logistic sensitivity within 1e-6 of the closed form, and of the simultaneous corrector', () => {
  const scale = Math.max(...tOut.map(exactS));
  for (const errorComponents of [1, 2]) {
    const s = solve(logistic(true), bdf(), { rtol: 1e-10, atol: 1e-12, tOut, errorComponents });
    const sim = solve(logistic(false), bdf(), { rtol: 1e-10, atol: 1e-12, tOut, errorComponents });
    assert.equal(s.code, 'success', s.message);
    const tol = errorComponents === 2 ? 1e-6 : 1e-5;
    tOut.forEach((t, i) => {
      assert.ok(Math.abs(s.y[1][i] - exactS(t)) < tol * scale, `errorComponents ${errorComponents} t=${t}: ${s.y[1][i]} vs ${exactS(t)}`);
      assert.ok(Math.abs(s.y[1][i] - sim.y[1][i]) < tol * scale, `staggered vs simultaneous at t=${t}`);
    });
  }
});

test('staggered: a linear chain with two parameters (three blocks, a structural pattern) matches its closed form', () => {
  // y0' = −a·y0, y1' = a·y0 − b·y1; sensitivities to a and b
  const [a, b] = [0.7, 0.2];
  const f = (y: Float64Array, d: Float64Array): void => { d[0] = -a * y[0]; d[1] = a * y[0] - b * y[1]; };
  const jac = (_t: number, _y: Float64Array, J: Float64Array): void => { J[0] = -a; J[1] = 0; J[2] = a; J[3] = -b; };
  const forcing = (_t: number, y: Float64Array, B: Float64Array): void => {
    B[0] = -y[0]; B[1] = y[0]; // ∂f/∂a
    B[2] = 0; B[3] = -y[1]; // ∂f/∂b
  };
  const full = (_t: number, Y: Float64Array, d: Float64Array): void => {
    f(Y, d);
    const J = new Float64Array(4), B = new Float64Array(4);
    jac(0, Y, J); forcing(0, Y, B);
    for (let k = 0; k < 2; k++) {
      const o = 2 * (1 + k);
      d[o] = J[0] * Y[o] + J[1] * Y[o + 1] + B[2 * k];
      d[o + 1] = J[2] * Y[o] + J[3] * Y[o + 1] + B[2 * k + 1];
    }
  };
  const p: OdeProblem = {
    n: 6, t0: 0, tEnd: 20, y0: [1, 0, 0, 0, 0, 0], blocks: 3, f: full, jac, jacPattern: [[0], [0, 1]],
    staggered: { f: (_t, y, d) => f(y, d), forcing },
  };
  const times = Array.from({ length: 40 }, (_, i) => 0.5 * (i + 1));
  const s = solve(p, bdf(), { rtol: 1e-10, atol: 1e-12, tOut: times, errorComponents: 6 });
  assert.equal(s.code, 'success', s.message);
  // y1 = a/(b−a)·(e^{−a t} − e^{−b t}); ∂y1/∂a and ∂y1/∂b by differentiating that
  const y1 = (A: number, Bv: number, t: number) => (A / (Bv - A)) * (Math.exp(-A * t) - Math.exp(-Bv * t));
  const dA = (t: number) => (Bv: number) => (y1(a + 1e-6, Bv, t) - y1(a - 1e-6, Bv, t)) / 2e-6;
  const dB = (t: number) => (y1(a, b + 1e-6, t) - y1(a, b - 1e-6, t)) / 2e-6;
  const dy0da = (t: number) => -t * Math.exp(-a * t);
  times.forEach((t, i) => {
    assert.ok(Math.abs(s.y[2][i] - dy0da(t)) < 1e-7, `dy0/da at ${t}: ${s.y[2][i]} vs ${dy0da(t)}`);
    assert.ok(Math.abs(s.y[3][i] - dA(t)(b)) < 1e-6, `dy1/da at ${t}: ${s.y[3][i]} vs ${dA(t)(b)}`);
    assert.equal(s.y[4][i], 0); // y0 does not depend on b: the block stays exactly zero
    assert.ok(Math.abs(s.y[5][i] - dB(t)) < 1e-6, `dy1/db at ${t}: ${s.y[5][i]} vs ${dB(t)}`);
  });
});

test('staggered: invalid uses are invalid_input with the reason', () => {
  const p = logistic(true);
  const one = solve({ ...p, n: 1, y0: [x0], blocks: 1 }, bdf(), {});
  assert.equal(one.code, 'invalid_input');
  assert.match(one.message, /staggered: needs problem.blocks > 1/);
  const noJac = solve({ ...p, jac: undefined }, bdf(), {});
  assert.equal(noJac.code, 'invalid_input');
  assert.match(noJac.message, /staggered: needs problem.jac/);
  const bad = solve({ ...p, staggered: { f: p.staggered!.f } as unknown as OdeProblem['staggered'] }, bdf(), {});
  assert.equal(bad.code, 'invalid_input');
  assert.match(bad.message, /expected \{ f, forcing \}/);
});
