/**
 * Steady-state initialisation: damped Newton on f(y) = 0 with the model's analytic Jacobian, and a
 * run-to-equilibrium fallback (integrate with the stiff solver, then Newton again). A failure says
 * what was tried, the residual and the worst state.
 *
 * States that are pure integrators (nothing depends on them, e.g. bone Ca Q + Qbone in the
 * Peterson–Riggs model) or held constant (a zero row, e.g. the fixed slow bone pools of Dutta &
 * Layton) make the Jacobian singular. They are detected from the Jacobian's structure at the start
 * point (an all-zero column or row) and held at their current values: the steady state is sought
 * for the other states only. Callers can name more states to hold with `hold`.
 */
import { luFactor, luSolve } from '../solver/linalg.js';
import { solve } from '../solver/solve.js';
import { bdf } from '../solver/methods/bdf.js';
import type { Model } from '../model/model.js';

export interface SteadyStateOptions {
  /** Relative/absolute tolerance on the scaled residual |f_i| * T / (atol + rtol |y_i|). */
  rtol?: number;
  atol?: number;
  /** States to hold fixed in addition to the detected integrators. */
  hold?: readonly string[];
  maxNewton?: number;
  /** Length of each run-to-equilibrium attempt, in model time units. */
  runTime?: number;
}

export interface SteadyStateResult {
  ok: boolean;
  y: Float64Array;
  /** Max over the free states of |dy/dt| / (atol + rtol |y|) (per model time unit). */
  residual: number;
  worstState: string;
  held: string[];
  tried: string[];
  message: string;
}

export function steadyState(model: Model, p: Float64Array, y0: ArrayLike<number>, opts: SteadyStateOptions = {}): SteadyStateResult {
  const n = model.stateNames.length;
  const rtol = opts.rtol ?? 1e-10;
  const atol = opts.atol ?? 1e-12;
  const maxNewton = opts.maxNewton ?? 50;
  const y = Float64Array.from(y0);
  const f = new Float64Array(n);
  const J = new Float64Array(n * n);
  model.jac(0, y, p, J);

  // structural detection of held states
  const held = new Set<number>();
  for (const name of opts.hold ?? []) {
    const i = model.stateNames.indexOf(name);
    if (i >= 0) held.add(i);
  }
  for (let j = 0; j < n; j++) {
    let colZero = true, rowZero = true;
    for (let i = 0; i < n; i++) {
      if (i !== j && J[i * n + j] !== 0) colZero = false;
      if (J[j * n + i] !== 0) rowZero = false;
    }
    if ((colZero && J[j * n + j] === 0) || rowZero) held.add(j);
  }
  const free: number[] = [];
  for (let i = 0; i < n; i++) if (!held.has(i)) free.push(i);
  const m = free.length;
  const A = new Float64Array(m * m);
  const piv = new Int32Array(m);
  const dx = new Float64Array(m);
  const ytry = new Float64Array(n);
  const tried: string[] = [];

  const residual = (yy: Float64Array): { r: number; worst: number } => {
    model.rhs(0, yy, p, f);
    let r = 0, worst = free[0] ?? 0;
    for (const i of free) {
      const e = Math.abs(f[i]) / (atol + rtol * Math.abs(yy[i]));
      if (!(e <= r)) { r = e; worst = i; }
    }
    return { r, worst };
  };

  const newton = (): boolean => {
    let { r } = residual(y);
    for (let it = 0; it < maxNewton; it++) {
      if (r <= 1) return true;
      model.jac(0, y, p, J);
      for (let a = 0; a < m; a++) for (let b = 0; b < m; b++) A[a * m + b] = J[free[a] * n + free[b]];
      for (let a = 0; a < m; a++) dx[a] = -f[free[a]];
      if (luFactor(A, m, piv) >= 0) return false;
      luSolve(A, m, piv, dx);
      // damped step: halve until the residual decreases and states stay finite
      let lambda = 1;
      let accepted = false;
      for (let k = 0; k < 30; k++) {
        ytry.set(y);
        for (let a = 0; a < m; a++) ytry[free[a]] += lambda * dx[a];
        const rt = residual(ytry).r;
        if (Number.isFinite(rt) && rt < r) { y.set(ytry); r = rt; accepted = true; break; }
        lambda *= 0.5;
      }
      if (!accepted) return r <= 1;
    }
    return r <= 1;
  };

  const finish = (ok: boolean, how: string): SteadyStateResult => {
    const { r, worst } = residual(y);
    const heldNames = [...held].map((i) => model.stateNames[i]);
    return {
      ok, y, residual: r, worstState: model.stateNames[worst] ?? '', held: heldNames, tried,
      message: ok ? `steady state by ${how}` :
        `no steady state found: tried ${tried.join('; ')}; scaled residual ${r.toExponential(3)} (tolerance 1), worst state '${model.stateNames[worst]}' (dy/dt = ${f[worst].toExponential(3)} ${model.spec.states[model.stateNames[worst]]?.unit ?? ''}/${model.timeUnit})`,
    };
  };

  tried.push('Newton from the initial state');
  if (newton()) return finish(true, 'Newton');
  // fallback: run toward equilibrium, then polish with Newton
  const span = opts.runTime ?? 1e5;
  for (let attempt = 0; attempt < 3; attempt++) {
    const tEnd = span * 10 ** attempt;
    tried.push(`a run of ${tEnd} ${model.timeUnit} then Newton`);
    const sol = solve(model.problem({ p, y0: y, t0: 0, tEnd }), bdf(), { rtol: 1e-10, atol: 1e-12, tOut: [tEnd] });
    if (sol.code !== 'success') { tried.push(`(the run failed: ${sol.message})`); break; }
    const yEnd = sol.yFinal;
    for (const i of free) y[i] = yEnd[i];
    if (newton()) return finish(true, `a run of ${tEnd} ${model.timeUnit} and Newton`);
  }
  return finish(false, '');
}
