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
import type { FailureInfo } from '../solver/types.js';
import { checkStateInvariants, describeViolation, type InvariantViolation } from './invariants.js';

/** Options of the steady-state search: tolerances, held states, Newton iterations and time limits. */
export interface SteadyStateOptions {
  /** Relative tolerance on the scaled residual |f_i| / (atol + rtol·min(|y_i|, 1000·max(|y0_i|, 1))) (default 1e-10). */
  rtol?: number;
  /** Absolute tolerance of that residual, in the states' units (default 1e-12). */
  atol?: number;
  /** States to hold fixed in addition to the detected integrators. */
  hold?: readonly string[];
  /** Most Newton iterations before falling back to running to equilibrium (default 50). */
  maxNewton?: number;
  /** Length of each run-to-equilibrium attempt, in model time units. */
  runTime?: number;
  /** Wall-clock budget in seconds for the run-to-equilibrium attempts (solver maxWallTime). */
  maxWallTime?: number;
}

/** The result of `steadyState`: whether it was found, the state, the residual, the states held, what was tried, and on failure where it stopped. */
export interface SteadyStateResult {
  /** Whether a steady state was found. */
  ok: boolean;
  /** The steady state (or the last iterate on failure). */
  y: Float64Array;
  /** Max over the free states of |dy/dt| / (atol + rtol |y|) (per model time unit). */
  residual: number;
  /** The state with the largest scaled residual. */
  worstState: string;
  /** States held at their current values (constant, or structurally without a steady state of their own). */
  held: string[];
  /** What was tried, in order (Newton from the initial state, runs to equilibrium then Newton). */
  tried: string[];
  /** Empty on success; otherwise what failed and what was tried. */
  message: string;
  /**
   * On failure: where it stopped (t = the pseudo-time reached by the run-to-equilibrium attempts,
   * 0 for Newton alone), the worst or offending state and the state vector.
   */
  failure?: FailureInfo;
  /** Set when a steady state was found but breaks a run invariant (non-finite, negative amount). */
  invariant?: InvariantViolation;
}

/** The steady state of `model` with parameters `p`, from `y0`: damped Newton on f(y) = 0, falling back to a run to equilibrium with the stiff solver; a failure says what was tried, the residual and the worst state. */
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
  for (const i of singularSinks(J, n, held)) held.add(i);
  const free: number[] = [];
  for (let i = 0; i < n; i++) if (!held.has(i)) free.push(i);
  const m = free.length;
  const A = new Float64Array(m * m);
  const piv = new Int32Array(m);
  const dx = new Float64Array(m);
  const ytry = new Float64Array(n);
  const tried: string[] = [];

  // The relative part of the residual's scale is capped at 1000 × a state's starting magnitude (at least 1 in its unit): a
  // state that runs away (OpenBoneMin's bone Ca Q and Qbone, which nothing else reads, "converged" at 3e15 mmol, where
  // rtol·|Q| hid an imbalance of the Ca fluxes) must balance its fluxes to the scale it started at, not to its own size
  const cap = new Float64Array(n);
  for (let i = 0; i < n; i++) cap[i] = 1e3 * Math.max(Math.abs(y0[i]), 1);
  const residual = (yy: Float64Array): { r: number; worst: number } => {
    model.rhs(0, yy, p, f);
    let r = 0, worst = free[0] ?? 0;
    for (const i of free) {
      const e = Math.abs(f[i]) / (atol + rtol * Math.min(Math.abs(yy[i]), cap[i]));
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

  let pseudoTime = 0;
  const y0copy = Float64Array.from(y0);
  const finish = (ok: boolean, how: string): SteadyStateResult => {
    const { r, worst } = residual(y);
    const heldNames = [...held].map((i) => model.stateNames[i]);
    const at = `pseudo-time t = ${pseudoTime} ${model.timeUnit}`;
    if (ok) {
      // a root of f that is not physical (a negative amount, a non-finite state) is no steady state
      const v = checkStateInvariants(model, y, y0copy, atol * 1e4, pseudoTime);
      if (v) {
        const i = model.stateNames.indexOf(v.name);
        return {
          ok: false, y, residual: r, worstState: v.name, held: heldNames, tried, invariant: v,
          message: `the steady state found by ${how} is not physical: ${describeViolation(model, v, 'at the steady state (pseudo-time')}`,
          failure: { t: pseudoTime, h: 0, component: i, componentName: v.name, state: Float64Array.from(y) },
        };
      }
      return { ok, y, residual: r, worstState: model.stateNames[worst] ?? '', held: heldNames, tried, message: `steady state by ${how}` };
    }
    return {
      ok, y, residual: r, worstState: model.stateNames[worst] ?? '', held: heldNames, tried,
      message: `no steady state found (stopped at ${at}): tried ${tried.join('; ')}; scaled residual ${r.toExponential(3)} (tolerance 1), worst state '${model.stateNames[worst]}' = ${y[worst]} (dy/dt = ${f[worst].toExponential(3)} ${model.spec.states[model.stateNames[worst]]?.unit ?? ''}/${model.timeUnit})`,
      failure: { t: pseudoTime, h: 0, component: worst, componentName: model.stateNames[worst], state: Float64Array.from(y) },
    };
  };

  // a root that is not physical (Newton from a far start can land on one: dutta-layton-2024 at a tenth of its Mg intake
  // found negative PTH and calcitriol) is kept only as the report if nothing better is found; the runs toward equilibrium
  // stay in the physical domain, and Newton from where they end finds the physical root
  let nonPhysical: SteadyStateResult | undefined;
  const found = (how: string): SteadyStateResult | undefined => {
    const res = finish(true, how);
    if (res.ok) return res;
    tried.push(`(${how} found a root that is not physical: '${res.worstState}')`);
    nonPhysical = { ...res, y: Float64Array.from(res.y) };
    return undefined;
  };
  tried.push('Newton from the initial state');
  if (newton()) { const res = found('Newton'); if (res) return res; }
  // fallback: run toward equilibrium, then polish with Newton
  const span = opts.runTime ?? 1e5;
  // the runs chain from the initial state and from each other, never from a failed Newton iterate (one of which, in a
  // human-mg-bone Mg-free search, was a state where the right-hand side is not finite)
  const yRun = Float64Array.from(y0copy);
  for (let attempt = 0; attempt < 3; attempt++) {
    const tEnd = span * 10 ** attempt;
    tried.push(`a run of ${tEnd} ${model.timeUnit} then Newton`);
    // CVODE's Jacobian age (51 steps; bdf's default with an analytic Jacobian is 20 since session 8):
    // where a model has no steady state (a pool that keeps draining or filling, e.g.
    // peterson-riggs-2010 with GFR = 2), where the run ends, hence what Newton finds, is decided by
    // rounding; this keeps the runs to equilibrium, and the roots they lead to, as they were
    const sol = solve(model.problem({ p, y0: yRun, t0: 0, tEnd }), bdf({ maxStepsBetweenJac: 51 }), { rtol: 1e-10, atol: 1e-12, tOut: [tEnd], maxWallTime: opts.maxWallTime });
    if (sol.code !== 'success') {
      tried.push(`(the run failed: ${sol.message})`);
      pseudoTime += sol.failure ? sol.failure.t : 0;
      y.set(yRun);
      if (sol.failure) for (const i of free) if (Number.isFinite(sol.failure.state[i])) y[i] = sol.failure.state[i];
      break;
    }
    pseudoTime += tEnd;
    const yEnd = sol.yFinal;
    for (const i of free) yRun[i] = yEnd[i];
    y.set(yRun);
    if (newton()) { const res = found(`a run of ${tEnd} ${model.timeUnit} and Newton`); if (res) return res; }
  }
  return nonPhysical ?? finish(false, '');
}

/**
 * States of "sink" subsystems without a steady state of their own: a set D of states that no state
 * outside D reads (D is closed under "is read by"), small (at most a quarter of the states), whose
 * Jacobian block is singular. Example: the Peterson–Riggs bone Ca pools Q and Qbone read plasma Ca
 * and the remodelling states, but nothing reads them, and Q + Qbone changes by J15 − J14 whatever its
 * value, so the pair has no steady state of its own (a line of them when J15 = J14). Newton then wandered
 * along that direction: peterson-riggs-2010 at its baseline "converged" with Q = 2e14 mmol. Such sets
 * are held at their current values like single pure integrators.
 */
function singularSinks(J: Float64Array, n: number, held: ReadonlySet<number>): number[] {
  const readers: number[][] = Array.from({ length: n }, () => []);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j && J[i * n + j] !== 0) readers[j].push(i);
  const out = new Set<number>();
  const limit = Math.max(1, Math.floor(n / 4));
  for (let j = 0; j < n; j++) {
    if (held.has(j) || out.has(j)) continue;
    // downstream closure of j: every state that reads j, directly or through others
    const d = [j];
    const seen = new Set(d);
    for (let k = 0; k < d.length && d.length <= limit; k++) for (const i of readers[d[k]]) if (!seen.has(i)) { seen.add(i); d.push(i); }
    if (d.length > limit || d.length < 2) continue;
    const m = d.length;
    const a = new Float64Array(m * m);
    let scale = 0;
    for (let r = 0; r < m; r++) for (let c = 0; c < m; c++) { a[r * m + c] = J[d[r] * n + d[c]]; scale = Math.max(scale, Math.abs(a[r * m + c])); }
    if (scale === 0 || !Number.isFinite(scale)) continue;
    const piv = new Int32Array(m);
    let singular = luFactor(a, m, piv) >= 0;
    for (let k = 0; k < m && !singular; k++) if (Math.abs(a[k * m + k]) <= 1e-12 * scale) singular = true;
    if (singular) for (const i of d) out.add(i);
  }
  return [...out];
}
