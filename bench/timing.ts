/**
 * Timing helpers for the solver benchmark: the median of repeated runs after warm-up (the same
 * protocol as perfref's C harness: one warm-up, then repeat for a target time, median), and unit
 * costs of the building blocks (one RHS call, one LU of I − γJ, one forward/back solve) so that a
 * run's time can be split into RHS, Jacobian, LU and solver overhead.
 */
import { luFactor, luSolve } from '../src/solver/linalg.js';
import { fdJacobian } from '../src/solver/fdjac.js';
import { SparseLu } from '../src/solver/sparse-lu.js';
import type { RhsFn, JacFn } from '../src/solver/types.js';

/** Median wall time (ms) of fn over ~`seconds` (at least `minReps` runs) after `warmup` runs. */
export function medianMs(fn: () => void, seconds: number, warmup = 3, minReps = 5): { median: number; min: number; reps: number } {
  for (let k = 0; k < warmup; k++) fn();
  const times: number[] = [];
  const until = performance.now() + seconds * 1000;
  while (times.length < minReps || (performance.now() < until && times.length < 5000)) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const m = times.length;
  const median = m % 2 ? times[m >> 1] : 0.5 * (times[m / 2 - 1] + times[m / 2]);
  return { median, min: times[0], reps: m };
}

/** Mean time (ms) of one call of fn, measured over `calls` calls (after a warm-up of the same size). */
function perCall(fn: () => void, calls: number): number {
  for (let k = 0; k < calls; k++) fn();
  let best = Infinity;
  for (let rep = 0; rep < 5; rep++) {
    const t0 = performance.now();
    for (let k = 0; k < calls; k++) fn();
    best = Math.min(best, (performance.now() - t0) / calls);
  }
  return best;
}

export interface UnitCosts {
  /** ms per RHS call. */
  rhs: number;
  /** ms per analytic Jacobian call (0 when there is none). */
  jac: number;
  /** ms per formation of M = I − γJ plus its LU. */
  lu: number;
  /** ms per forward/back substitution. */
  solve: number;
}

/**
 * Unit costs at state y (a representative state, e.g. the end value), with the linear algebra the
 * solver uses: 'sparse' = the static-pattern sparse LU of sparse-lu.ts (bdf), 'dense' = linalg.ts (rodas).
 * J is the analytic Jacobian when there is one, else a finite-difference one (same zero pattern).
 */
export function unitCosts(n: number, f: RhsFn, jac: JacFn | undefined, y: Float64Array, lin: 'sparse' | 'dense'): UnitCosts {
  const dy = new Float64Array(n);
  const yy = Float64Array.from(y);
  const J = new Float64Array(n * n);
  const piv = new Int32Array(n);
  const b = new Float64Array(n);
  if (jac) jac(0, yy, J);
  else {
    f(0, yy, dy);
    const w = Float64Array.from(yy, (v) => 1 / (1e-8 + 1e-6 * Math.abs(v)));
    fdJacobian(f, 0, yy, dy, w, 1e-3, J, new Float64Array(n), new Float64Array(n));
  }
  const rhs = perCall(() => f(0, yy, dy), 20000);
  const jc = jac ? perCall(() => jac(0, yy, J), 20000) : 0;
  if (jac) jac(0, yy, J);
  const slu = new SparseLu(n);
  const M = new Float64Array(n * n);
  const g = -0.1;
  const form = () => {
    for (let k = 0; k < n * n; k++) M[k] = g * J[k];
    for (let i = 0; i < n; i++) M[i * n + i] += 1;
  };
  slu.factor(J, 1, g, true); // pattern analysis once, as in a run
  const lu = lin === 'sparse'
    ? perCall(() => { slu.factor(J, 1, g, false); }, 20000)
    : perCall(() => { form(); luFactor(M, n, piv); }, 20000);
  const solve = lin === 'sparse'
    ? perCall(() => { b.fill(1); slu.solve(b); }, 20000)
    : perCall(() => { b.fill(1); luSolve(M, n, piv, b); }, 20000);
  return { rhs, jac: jc, lu, solve };
}
