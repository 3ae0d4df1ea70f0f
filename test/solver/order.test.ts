/**
 * One convergence-order harness for every registered method (`methods.ts`): problems with exact
 * solutions solved over a ladder of step sizes (or tolerances), the log-log slope of the error
 * against the (mean) step size fitted by least squares, and compared with the declared order.
 *
 * Problems: a linear non-autonomous scalar (exercises df/dt in Rosenbrock methods), a 2-D linear
 * rotation with decay at a time-varying speed, and the logistic equation (nonlinear, autonomous).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { solve } from '../../src/solver/solve.js';
import type { OdeProblem } from '../../src/solver/types.js';
import { METHODS, type MethodEntry } from './methods.js';

interface Exact {
  name: string;
  problem: OdeProblem;
  exact(t: number): number[];
}

const A_DECAY = 0.5, W_ROT = 2, R_LOG = 1.5, Y0_LOG = 0.1;
const PROBLEMS: Exact[] = [
  {
    // y' = -y + sin t, y(0) = 1  =>  y = 1.5 e^-t + (sin t - cos t) / 2
    name: 'linear non-autonomous scalar',
    problem: {
      n: 1, t0: 0, tEnd: 3, y0: [1],
      f: (t, y, dy) => { dy[0] = -y[0] + Math.sin(t); },
      jac: (_t, _y, J) => { J[0] = -1; },
    },
    exact: (t) => [1.5 * Math.exp(-t) + 0.5 * (Math.sin(t) - Math.cos(t))],
  },
  {
    // rotation at the time-varying speed w(t) = 2 + cos t with decay: angle th(t) = 2t + sin t,
    // y = e^(-a t) (cos th, sin th). (With a constant speed Rodas5P would show order 6: its stability
    // function matches exp to O(z^7), i.e. b S^5 1 = 1/720, which is true of linear autonomous problems only.)
    name: '2-D rotation with decay (linear, time-varying)',
    problem: {
      n: 2, t0: 0, tEnd: 3, y0: [1, 0],
      f: (t, y, dy) => {
        const w = W_ROT + Math.cos(t);
        dy[0] = -A_DECAY * y[0] - w * y[1];
        dy[1] = w * y[0] - A_DECAY * y[1];
      },
      jac: (t, _y, J) => { const w = W_ROT + Math.cos(t); J[0] = -A_DECAY; J[1] = -w; J[2] = w; J[3] = -A_DECAY; },
    },
    exact: (t) => {
      const th = W_ROT * t + Math.sin(t), d = Math.exp(-A_DECAY * t);
      return [d * Math.cos(th), d * Math.sin(th)];
    },
  },
  {
    name: 'logistic (nonlinear)',
    problem: {
      n: 1, t0: 0, tEnd: 4, y0: [Y0_LOG], autonomous: true,
      f: (_t, y, dy) => { dy[0] = R_LOG * y[0] * (1 - y[0]); },
      jac: (_t, y, J) => { J[0] = R_LOG * (1 - 2 * y[0]); },
    },
    exact: (t) => [1 / (1 + (1 / Y0_LOG - 1) * Math.exp(-R_LOG * t))],
  },
];

/** Least-squares slope of log(err) against log(h). */
function slope(pts: { h: number; err: number }[]): number {
  const xs = pts.map((p) => Math.log(p.h)), ys = pts.map((p) => Math.log(p.err));
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length, my = ys.reduce((a, b) => a + b, 0) / ys.length;
  let sxy = 0, sxx = 0;
  for (let i = 0; i < xs.length; i++) { sxy += (xs[i] - mx) * (ys[i] - my); sxx += (xs[i] - mx) ** 2; }
  return sxy / sxx;
}

function maxErr(a: ArrayLike<number>, b: number[]): number {
  let m = 0;
  for (let i = 0; i < b.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

/** Errors at tEnd, and of the dense output at interior points, for each rung of the ladder. */
function ladder(entry: MethodEntry, ex: Exact): { end: { h: number; err: number }[]; dense: { h: number; err: number }[] } {
  const { problem } = ex;
  const T = problem.tEnd - problem.t0;
  const end: { h: number; err: number }[] = [], dense: { h: number; err: number }[] = [];
  // interior output times that are never step boundaries of the ladder
  const tOut = [0.123, 0.377, 0.791, 1.234, 1.777, 2.219, 2.654].map((f) => problem.t0 + f * T / 3);
  const rungs = entry.ladder === 'step' ? [16, 23, 32, 45, 64, 91, 128] : [1e-6, 1e-7, 1e-8, 1e-9, 1e-10, 1e-11];
  for (const r of rungs) {
    // fixed steps: h0 = hMax = T/N and tolerances so loose that every step is accepted
    const opts = entry.ladder === 'step'
      ? { h0: T / r, hMax: T / r, rtol: 1e3, atol: 1e3 }
      : { rtol: r, atol: r * 1e-3 };
    const sol = solve(problem, entry.make(), { ...opts, tOut: [...tOut, problem.tEnd] });
    assert.equal(sol.code, 'success', sol.message);
    if (entry.ladder === 'step') {
      assert.equal(sol.stats.steps, r, `expected exactly ${r} fixed steps`);
      assert.equal(sol.stats.rejected, 0);
    }
    const h = T / sol.stats.steps;
    end.push({ h, err: maxErr(sol.yFinal, ex.exact(problem.tEnd)) });
    let d = 0;
    for (let k = 0; k < tOut.length; k++) d = Math.max(d, maxErr(sol.y.map((c) => c[k]), ex.exact(tOut[k])));
    dense.push({ h, err: d });
  }
  return { end, dense };
}

for (const entry of METHODS) {
  for (const ex of PROBLEMS) {
    test(`${entry.name} converges with order ${entry.order} on the ${ex.name} problem`, (t) => {
      const { end, dense } = ladder(entry, ex);
      const p = slope(end), q = slope(dense);
      t.diagnostic(`slope at tEnd ${p.toFixed(2)}, dense output ${q.toFixed(2)}; errors ${end.map((x) => x.err.toExponential(1)).join(' ')}`);
      assert.ok(end.every((x) => x.err > 1e-14), 'ladder reaches roundoff: the slope would be meaningless');
      if (entry.ladder === 'step') {
        assert.ok(Math.abs(p - entry.order) <= 0.5, `fitted order ${p.toFixed(2)}, declared ${entry.order}`);
      } else {
        // Against the mean step of an adaptive run the slope lies between p (error-per-step control:
        // err ~ tol^(p/(p+1)), N ~ tol^(-1/(p+1))) and p + 1 (tolerance-proportional control: err ~ tol);
        // measured for rodas5/rodas5p/dopri5 on these problems: 4.95 .. 6.63.
        assert.ok(p >= entry.order - 0.5 && p <= entry.order + 1.5, `fitted slope ${p.toFixed(2)}, declared order ${entry.order}`);
      }
      // the dense outputs are of order 4: their local error O(h^5) gives a global slope of about 5;
      // at least 4 - 0.5 is required
      assert.ok(q >= 3.5, `dense-output slope ${q.toFixed(2)}`);
    });
  }
}
