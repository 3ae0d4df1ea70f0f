/**
 * Forward sensitivities of a scenario: ∂(state or observable)/∂p_k at every output time, for a
 * list of model parameters, from one run of the augmented system.
 *
 * The sensitivity s_k = ∂y/∂p_k obeys s_k' = J(t, y)·s_k + ∂f/∂p_k. The states and the np vectors
 * s_k are integrated as one problem of size n·(1 + np) (OdeProblem.blocks = 1 + np) with one BDF
 * history. On bdf by the staggered direct method (OdeProblem.staggered): each step solves the states
 * alone by Newton, then every s_k exactly from (I − γJ(t_n, y_n))·s_k = (history terms) + γ·∂f/∂p_k,
 * one Jacobian, one ∂f/∂p and one LU per step and one solve per parameter (see docs/evidence.md,
 * "Forward sensitivities"). On dopri the augmented right-hand side below (f, J, ∂f/∂p and np sparse
 * products per call). By default the sensitivities are left out of the error test (the step sizes
 * are those of the states: CVODES's errconS = false); `errorControl: true` includes them, with rtol
 * and atol/|p_k| as their tolerances (the sensitivity scaled by p_k has the states' units).
 *
 * Through the scenario's events (each a time stop where y and p jump):
 *  - a bolus adds amt·F to its state: s_k gains amt·∂F/∂p_k there;
 *  - an infusion adds delta·F to a rate slot of p, and the rate enters f on its state: the run keeps
 *    ∂rate/∂p_k (the sum of delta·∂F/∂p_k over the infusions running) and adds it to ∂f/∂p_k;
 *  - a parameter change that sets p_k itself cuts f's dependence on the original p_k: from then on
 *    the direct terms ∂f/∂p_k, ∂g/∂p_k and ∂F/∂p_k are zero (s_k carries on through J); other
 *    changes only re-prepare p;
 *  - the start: s0 = ∂y0/∂p (the model's initial values), or at a steady state s0 = −J⁻¹·∂f/∂p over
 *    the free states (states the steady-state search holds keep ∂y0/∂p and enter through J); states
 *    the scenario sets in `initial` get s0 = 0; `options.initial` replaces s0 (a run that starts
 *    from another run's end state), and `options.fixed` turns p_k's direct terms off from the start.
 * Observables: ∂g/∂p_k = ∂g/∂y·s_k + ∂g/∂p_k, with the parameter vector in force at each row.
 *
 * The closed-form linear states (`solver.exactLinear`) are integrated in a sensitivity run (the
 * option is ignored): the closed forms carry no sensitivities. The states then agree with
 * `simulate` to the solver tolerance, not bit for bit. Methods: bdf and dopri; rodas is refused
 * (an InputError). `integrate` (quadrature columns) is not offered here.
 *
 * The parameter derivatives come from `model.parametric(names)` when the model provides exact ones,
 * otherwise from the central-difference fallback (fd-parametric.ts).
 */
import { solve } from '../solver/solve.js';
import { bdf } from '../solver/methods/bdf.js';
import { dopri5 } from '../solver/methods/dopri5.js';
import { luFactor, luSolve } from '../solver/linalg.js';
import type { Model, ParametricDerivatives } from '../model/model.js';
import type { Scenario } from './scenario.js';
import { applyEvent, runEvents, type Column, type SimulationResult, type RunCode } from './run.js';
import { checkRunInvariants, describeViolation } from './invariants.js';
import { steadyState } from './steady.js';
import { fdParametric } from './fd-parametric.js';
import { InputError, didYouMean, type InputIssue } from '../core/issues.js';

/**
 * Options of `simulateSensitivities`: the parameters p_k (names), whether the sensitivities enter the
 * local error test, where ∂f/∂p comes from (the model's exact derivatives, or central differences),
 * and, for runs that continue another run, the initial sensitivities and the parameters held fixed.
 */
export interface SimulateSensitivitiesOptions {
  /** Model parameters p_k (names), at least one, no duplicates. */
  parameters: readonly string[];
  /** Include the sensitivities in the local error test (CVODES's errconS). Default false. */
  errorControl?: boolean;
  /**
   * Where ∂f/∂p and friends come from: 'auto' (default) the model's exact ones when it has them,
   * else central differences; 'fd' always central differences (fd-parametric.ts).
   */
  derivatives?: 'auto' | 'fd';
  /**
   * Initial sensitivities ∂y(0)/∂p_k, one array of length n (states) per parameter, or null/undefined
   * to keep the computed one (∂y0/∂p, or the steady-state one). Given, it replaces s_k(0) entirely,
   * states set in `initial` included: a run that starts from another run's end state passes that
   * run's final sensitivities here.
   */
  initial?: readonly (Float64Array | null | undefined)[];
  /**
   * Per parameter: true when f does not depend on p_k in this run (a phase that fixes p_k while its
   * start state still depends on it): the direct terms ∂f/∂p_k, ∂g/∂p_k, ∂F/∂p_k are zero from the
   * start and s_k evolves from `initial` through J alone.
   */
  fixed?: readonly boolean[];
}

/**
 * A `SimulationResult` with forward sensitivities: `sensitivity(column, parameter)` gives
 * ∂column/∂parameter at each output time, in the column's unit per unit of the parameter.
 */
export interface SensitivitySimulationResult extends SimulationResult {
  /** The parameters, in the order given. */
  readonly parameters: readonly string[];
  /** Which derivatives were used: 'exact' (the model's) or 'fd' (central differences). */
  readonly derivatives: 'exact' | 'fd';
  /** ∂column/∂parameter at each output time (state or observable column). */
  sensitivity(column: string, parameter: string): Float64Array;
}

/**
 * dY[n(1+k) + i] = Σ_j J_ij·s_k[j] + live_k·∂f_i/∂p_k (+ ∂rate/∂p_k on a dosed state), the
 * sensitivity right-hand sides, with J's nonzeros (CSR rowStart/colIdx) gathered once into Jv.
 */
function sensitivityRhs(
  Y: Float64Array, dY: Float64Array, J: Float64Array, Jv: Float64Array, D: Float64Array, live: Float64Array,
  dRate: Float64Array, targetState: Int32Array, rowStart: Int32Array, colIdx: Int32Array, n: number, np: number,
): void {
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    for (let q = rowStart[i], e = rowStart[i + 1]; q < e; q++) Jv[q] = J[ri + colIdx[q]];
  }
  const nT = targetState.length;
  for (let k = 0; k < np; k++) {
    const o = n * (1 + k), lk = live[k], dk = k * n;
    for (let i = 0; i < n; i++) {
      let v = lk * D[dk + i];
      for (let q = rowStart[i], e = rowStart[i + 1]; q < e; q++) v += Jv[q] * Y[o + colIdx[q]];
      dY[o + i] = v;
    }
    for (let r = 0; r < nT; r++) dY[o + targetState[r]] += dRate[r * np + k];
  }
}

/** Component names of the augmented system (states, then d<state>/d<parameter>), kept per state and parameter list. */
const NAMES = new WeakMap<readonly string[], Map<string, readonly string[]>>();
function augmentedNames(states: readonly string[], names: readonly string[]): readonly string[] {
  let byList = NAMES.get(states);
  if (!byList) { byList = new Map(); NAMES.set(states, byList); }
  const key = JSON.stringify(names);
  let v = byList.get(key);
  if (!v) {
    v = Object.freeze([...states, ...names.flatMap((pn) => states.map((s) => `d${s}/d${pn}`))]);
    if (byList.size >= 16) byList.delete(byList.keys().next().value!);
    byList.set(key, v);
  }
  return v;
}

/** Checks the parameter list; every problem reported with its path. */
function checkParameters(model: Model, names: readonly string[], scenario: Scenario, options: SimulateSensitivitiesOptions): InputIssue[] {
  const issues: InputIssue[] = [];
  if (!Array.isArray(names) || names.length === 0) {
    return [{ path: ['sensitivities', 'parameters'], message: 'give at least one parameter name' }];
  }
  const seen = new Set<string>();
  names.forEach((nm, i) => {
    const path = ['sensitivities', 'parameters', i];
    if (typeof nm !== 'string') { issues.push({ path, message: `expected a parameter name, got ${JSON.stringify(nm)}` }); return; }
    if (!model.parameterNames.includes(nm)) {
      const hint = model.switchNames.includes(nm) ? ` ('${nm}' is a switch: sensitivities are with respect to parameters)` : didYouMean(nm, model.parameterNames);
      issues.push({ path, message: `unknown parameter '${nm}' of ${model.id}${hint}` });
    } else if (seen.has(nm)) issues.push({ path, message: `'${nm}' is listed twice` });
    seen.add(nm);
  });
  if (options.initial !== undefined) {
    if (!Array.isArray(options.initial) || options.initial.length !== names.length) issues.push({ path: ['sensitivities', 'initial'], message: `give one entry per parameter (${names.length})` });
    else options.initial.forEach((v, k) => {
      if (v === null || v === undefined) return;
      if (!(v instanceof Float64Array) || v.length !== model.stateNames.length) issues.push({ path: ['sensitivities', 'initial', k], message: `expected a Float64Array of length ${model.stateNames.length} (one per state)` });
      else if (!v.every(Number.isFinite)) issues.push({ path: ['sensitivities', 'initial', k], message: 'must be finite' });
    });
  }
  if (options.fixed !== undefined && (!Array.isArray(options.fixed) || options.fixed.length !== names.length)) {
    issues.push({ path: ['sensitivities', 'fixed'], message: `give one boolean per parameter (${names.length})` });
  }
  if (scenario.solver.method === 'rodas') {
    issues.push({ path: ['solver', 'method'], message: "forward sensitivities need bdf or dopri (rodas has no block-diagonal Newton matrix); set solver.method to 'bdf'" });
  }
  return issues;
}

/**
 * Initial sensitivities S0[k*n+i] = ∂y0_i/∂p_k, at a steady state when the scenario starts there.
 * Returns the initial state too (as initialStateFor does), or a message when no steady state exists.
 */
function initialSensitivities(model: Model, scenario: Scenario, p: Float64Array, pd: ParametricDerivatives): { y0: Float64Array; S0: Float64Array; message?: string } {
  const n = model.stateNames.length, np = pd.np;
  const y0 = model.initialState(p);
  const S0 = new Float64Array(np * n);
  pd.dy0dp(p, S0);
  if (scenario.steadyState) {
    const ss = steadyState(model, p, y0);
    if (!ss.ok) return { y0, S0, message: ss.message };
    y0.set(ss.y);
    // f(y*(p), p) = 0 on the free states: J_ff·s_f = −(∂f_f/∂p + J_fh·s_h), held states keep ∂y0/∂p
    const held = new Set(ss.held.map((nm) => model.stateNames.indexOf(nm)));
    const free: number[] = [];
    for (let i = 0; i < n; i++) if (!held.has(i)) free.push(i);
    const mf = free.length;
    const J = new Float64Array(n * n);
    model.jac(0, y0, p, J);
    const D = new Float64Array(np * n);
    pd.dfdp(0, y0, p, D);
    const A = new Float64Array(mf * mf);
    for (let a = 0; a < mf; a++) for (let b = 0; b < mf; b++) A[a * mf + b] = J[free[a] * n + free[b]];
    const piv = new Int32Array(mf);
    if (mf > 0 && luFactor(A, mf, piv) >= 0) {
      return { y0, S0, message: 'steady-state sensitivities: the Jacobian of the free states is singular at the steady state' };
    }
    const rhs = new Float64Array(mf);
    for (let k = 0; k < np; k++) {
      for (let a = 0; a < mf; a++) {
        const i = free[a];
        let v = D[k * n + i];
        for (const h of held) v += J[i * n + h] * S0[k * n + h];
        rhs[a] = -v;
      }
      if (mf > 0) luSolve(A, mf, piv, rhs);
      for (let a = 0; a < mf; a++) S0[k * n + free[a]] = rhs[a];
    }
  }
  for (const [name, v] of Object.entries(scenario.initial)) {
    const i = model.stateNames.indexOf(name);
    y0[i] = v;
    for (let k = 0; k < np; k++) S0[k * n + i] = 0;
  }
  return { y0, S0 };
}

/**
 * Observables and their sensitivities at every output row (∂g/∂y·s_k + ∂g/∂p_k), replaying the
 * events so each row sees the parameter vector (and the live direct terms) in force. Writes
 * obs[j·nOut + r] and obsS[(j·np + k)·nOut + r]; Sy holds the states then the sensitivities, by
 * component. A function of its own: the loops stay in an optimised frame of their own.
 */
function observableRows(
  model: Model, scenario: Scenario, pd: ParametricDerivatives, events: ReturnType<typeof runEvents>, p: Float64Array,
  live0: Float64Array, cut: (e: { index: Int32Array }, liveK: Float64Array) => void,
  time: Float64Array, Sy: readonly Float64Array[], obs: Float64Array, obsS: Float64Array,
): void {
  const n = model.stateNames.length, m = model.observableNames.length, np = pd.np, nOut = time.length;
  const targets = model.doseTargets;
  const pRow = p.slice();
  const FRow = new Map(targets.map((d) => [d, model.bioavailability(d, pRow)]));
  const liveRow = Float64Array.from(live0);
  pd.update(pRow);
  const yRow = new Float64Array(n);
  const out = new Float64Array(m);
  const G = new Float64Array(m * n);
  const GP = new Float64Array(np * m);
  const after = scenario.outputAtDose === 'after';
  // ∂g_j/∂y_i at every row, kept for the pairs (j, i) that were nonzero at some row (observables read
  // few states): then the products run along the rows, column by column, which is what the
  // solution's layout (one array per component) reads fast
  const pairOf = new Int32Array(m * n).fill(-1);
  const pairJ: number[] = [], pairI: number[] = [];
  let Gu = new Float64Array(16 * nOut);
  let e = 0;
  for (let r = 0; r < nOut; r++) {
    const tr = time[r];
    for (let i = 0; i < n; i++) yRow[i] = Sy[i][r];
    let changed = false;
    while (e < events.length && (events[e].time < tr || (after && events[e].time === tr))) {
      const ev = events[e++];
      applyEvent(model, ev, undefined, pRow, FRow);
      if (ev.kind === 'set') cut(ev, liveRow);
      changed = true;
    }
    if (changed) pd.update(pRow);
    model.outputs(tr, yRow, pRow, out);
    pd.dgdy(tr, yRow, pRow, G);
    pd.dgdp(tr, yRow, pRow, GP);
    for (let j = 0; j < m; j++) {
      obs[j * nOut + r] = out[j];
      for (let k = 0; k < np; k++) obsS[(j * np + k) * nOut + r] = liveRow[k] * GP[k * m + j];
    }
    for (let c = 0; c < m * n; c++) {
      const g = G[c];
      if (g === 0) continue;
      let q = pairOf[c];
      if (q < 0) {
        q = pairJ.length;
        pairOf[c] = q;
        pairJ.push(Math.floor(c / n));
        pairI.push(c % n);
        if ((q + 1) * nOut > Gu.length) { const w = new Float64Array(2 * Gu.length); w.set(Gu); Gu = w; }
      }
      Gu[q * nOut + r] = g;
    }
  }
  for (let q = 0; q < pairJ.length; q++) {
    const j = pairJ[q], i = pairI[q], go = q * nOut;
    for (let k = 0; k < np; k++) {
      const col = Sy[n * (1 + k) + i], o = (j * np + k) * nOut;
      for (let r = 0; r < nOut; r++) obsS[o + r] += Gu[go + r] * col[r];
    }
  }
}

/**
 * Runs a scenario with forward sensitivities for the given parameters. Throws InputError for a bad
 * parameter list or an unsupported method; a solver failure is returned in `code`/`message` like
 * simulate's.
 */
export function simulateSensitivities(base: Model, scenario: Scenario, options: SimulateSensitivitiesOptions): SensitivitySimulationResult {
  const model = base.with({ parameters: scenario.parameters, switches: scenario.switches });
  const issues = checkParameters(model, options.parameters, scenario, options);
  if (issues.length) throw new InputError(issues);
  const names = [...options.parameters];
  // a Model implemented elsewhere may lack exact derivatives: then the central-difference fallback
  const useFd = options.derivatives === 'fd' || typeof model.parametric !== 'function';
  const pd = useFd ? fdParametric(model, names) : model.parametric(names);
  const n = model.stateNames.length, np = names.length, N = n * (1 + np);
  const p = model.params();
  pd.update(p);
  const { y0, S0, message: initMessage } = initialSensitivities(model, scenario, p, pd);
  // a fixed parameter does not act on y0 (the scenario sets it); a given s0 replaces the computed one
  for (let k = 0; k < np; k++) {
    const v = options.initial?.[k];
    if (v) S0.set(v, k * n);
    else if (options.fixed?.[k]) S0.fill(0, k * n, (k + 1) * n);
  }

  const events = runEvents(model, scenario);
  const targets = model.doseTargets;
  const targetState = Int32Array.from(targets.map((d) => model.doseState(d)));
  const pRun = p.slice();
  const F = new Map(targets.map((d) => [d, model.bioavailability(d, pRun)]));
  /** ∂F/∂p_k per dose target (row r = targets[r]), and ∂rate/∂p_k of each target's infusion slot. */
  const dF = new Float64Array(targets.length * np);
  const dRate = new Float64Array(targets.length * np);
  /** 1 while f still depends on the original p_k; 0 after a change set p_k. */
  const live = Float64Array.from(names, (_, k) => (options.fixed?.[k] ? 0 : 1));
  const row = new Float64Array(np);
  const refreshDF = (pv: Float64Array, liveK: Float64Array, out: Float64Array): void => {
    targets.forEach((d, r) => {
      pd.dFdp(d, pv, row);
      for (let k = 0; k < np; k++) out[r * np + k] = liveK[k] * row[k];
    });
  };
  refreshDF(pRun, live, dF);
  const live0 = live.slice();
  const targetRow = new Map(targets.map((d, r) => [d, r]));
  /** Marks the parameters a 'set' event sets (their direct terms are cut from then on). */
  const cut = (e: { index: Int32Array }, liveK: Float64Array): void => {
    for (let k = 0; k < np; k++) if (e.index.includes(pd.index[k])) liveK[k] = 0;
  };

  // CSR copy of the Jacobian pattern for the products J·s_k
  const rowStart = new Int32Array(n + 1);
  const cols: number[] = [];
  model.jacPattern.forEach((row, i) => { cols.push(...row); rowStart[i + 1] = cols.length; });
  const colIdx = Int32Array.from(cols);
  const Jb = new Float64Array(n * n);
  const D = new Float64Array(np * n);

  const Jv = new Float64Array(colIdx.length);
  const f = (t: number, Y: Float64Array, dY: Float64Array): void => {
    model.rhs(t, Y, pRun, dY);
    model.jac(t, Y, pRun, Jb);
    pd.dfdp(t, Y, pRun, D);
    sensitivityRhs(Y, dY, Jb, Jv, D, live, dRate, targetState, rowStart, colIdx, n, np);
  };

  const Y0 = new Float64Array(N);
  Y0.set(y0);
  Y0.set(S0, n);
  const rtol = scenario.solver.rtol, atol = scenario.solver.atol;
  const atolV = new Float64Array(N).fill(atol);
  for (let k = 0; k < np; k++) {
    const pk = Math.abs(p[pd.index[k]]);
    atolV.fill(pk > 0 ? atol / pk : atol, n * (1 + k), n * (2 + k));
  }
  const names1 = augmentedNames(model.stateNames, names);
  const t0 = performance.now();
  // bdf: the staggered direct corrector (the states by Newton, then each s_k by one exact solve)
  const nT = targetState.length;
  const staggered = scenario.solver.method === 'dopri' ? undefined : {
    f: (t: number, y: Float64Array, dy: Float64Array) => model.rhs(t, y, pRun, dy),
    forcing: (t: number, y: Float64Array, B: Float64Array) => {
      pd.dfdp(t, y, pRun, B);
      for (let k = 0; k < np; k++) {
        if (live[k] === 0) B.fill(0, k * n, (k + 1) * n);
        for (let r = 0; r < nT; r++) B[k * n + targetState[r]] += dRate[r * np + k];
      }
    },
  };
  const sol = initMessage ? undefined : solve({
    n: N, f, jac: (t, Y, J) => model.jac(t, Y, pRun, J), jacPattern: model.jacPattern, blocks: 1 + np, staggered,
    t0: 0, tEnd: scenario.duration, y0: Y0, names: names1,
  }, scenario.solver.method === 'dopri' ? dopri5() : bdf(), {
    rtol, atol: atolV, maxSteps: scenario.solver.maxSteps, tOut: scenario.outputTimes,
    tStops: Float64Array.from(events.map((e) => e.time)), outputAtStop: scenario.outputAtDose,
    errorComponents: options.errorControl ? N : n,
    onStop: (_t, Y, idx) => {
      const e = events[idx];
      applyEvent(model, e, Y, pRun, F);
      if (e.kind === 'set') {
        cut(e, live);
        pd.update(pRun);
        refreshDF(pRun, live, dF);
        return;
      }
      const r = targetRow.get(e.dose.cmt)!;
      if (e.dose.kind === 'bolus') {
        const s = targetState[r];
        for (let k = 0; k < np; k++) Y[n * (1 + k) + s] += e.dose.amount * dF[r * np + k];
      } else {
        for (let k = 0; k < np; k++) dRate[r * np + k] += e.dose.delta * dF[r * np + k];
        pd.update(pRun);
      }
    },
  });
  const ms = performance.now() - t0;

  const nOut = sol ? sol.t.length : 0;
  const time = sol ? sol.t : new Float64Array(0);
  const columns: Column[] = [{ name: 'time', unit: model.timeUnit, kind: 'time', values: time }];
  const sens = new Map<string, Float64Array[]>(); // column -> per parameter
  model.stateNames.forEach((name, i) => {
    columns.push({ name, unit: model.spec.states[name].unit, kind: 'state', values: sol ? sol.y[i] : new Float64Array(0) });
    sens.set(name, names.map((_, k) => (sol ? sol.y[n * (1 + k) + i] : new Float64Array(0))));
  });
  const m = model.observableNames.length;
  // one buffer each, views per column (thousands of separate small buffers cost their allocation)
  const obsAll = new Float64Array(m * nOut), obsSAll = new Float64Array(m * np * nOut);
  const obs = model.observableNames.map((_, j) => obsAll.subarray(j * nOut, (j + 1) * nOut));
  const obsS = model.observableNames.map((_, j) => names.map((_n, k) => obsSAll.subarray((j * np + k) * nOut, (j * np + k + 1) * nOut)));
  if (sol && m > 0) {
    // replay the events so each row sees the parameter vector (and the live direct terms) in force
    observableRows(model, scenario, pd, events, p, live0, cut, sol.t, sol.y, obsAll, obsSAll);
  }
  model.observableNames.forEach((name, j) => {
    columns.push({ name, unit: model.spec.observables[name].unit, kind: 'observable', values: obs[j] });
    sens.set(name, obsS[j]);
  });
  const byName = new Map(columns.map((c) => [c.name, c.values]));
  const stats = sol ? sol.stats : { steps: 0, rejected: 0, rhs: 0, rhsJac: 0, jac: 0, lu: 0, newton: 0, newtonFailures: 0, errorTestFailures: 0, jacFallback: 0 };
  let failure = sol?.failure;
  if (failure && failure.state.length > n) failure = { ...failure, state: failure.state.slice(0, n) };
  // the same run invariants as simulate(): a non-finite value or a negative amount is a failure
  let code: RunCode = sol ? sol.code : 'steady_state_failure';
  let message = sol ? sol.message : (initMessage ?? '');
  const invariant = sol && code === 'success' ? checkRunInvariants(model, time, columns, scenario.solver.atol) : undefined;
  if (sol && invariant) {
    code = 'invariant_violation';
    message = `the run broke a run invariant: ${describeViolation(model, invariant)}`;
    failure = { t: invariant.t, h: 0, componentName: invariant.name, state: Float64Array.from(model.stateNames, (_s, i) => sol.y[i][invariant.row]) };
  }
  return {
    scenario, modelId: model.id, timeUnit: model.timeUnit, time, columns, stats,
    code, message, invariant,
    failure, ms, model, y0,
    parameters: names,
    derivatives: useFd ? 'fd' : 'exact',
    column(name: string) {
      const c = byName.get(name);
      if (!c) throw new Error(`no column '${name}'`);
      return c;
    },
    sensitivity(column: string, parameter: string): Float64Array {
      const s = sens.get(column);
      if (!s) throw new Error(`no state or observable column '${column}'`);
      const k = names.indexOf(parameter);
      if (k < 0) throw new Error(`'${parameter}' is not among the sensitivity parameters (${names.join(', ')})`);
      return s[k];
    },
  };
}
