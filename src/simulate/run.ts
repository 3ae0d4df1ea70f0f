/**
 * Runs a validated scenario on a model: parameters and switches applied (`model.with`), initial
 * state (spec initials, optional steady state, then explicit overrides), doses expanded into time
 * stops (bolus: added to the target state × bioavailability; infusion: rate slot of p), the solve,
 * and the result table — one Float64Array column per state and observable, with units.
 *
 * Observables are evaluated after the solve at each output row with the parameter vector in force
 * at that time (infusion rates replayed from the dose events), so they never see the wrong rate.
 */
import { ExactLinear } from './exact-linear.js';
import { solve } from '../solver/solve.js';
import { findMethod } from '../solver/methods/table.js';
import type { Method } from '../solver/method.js';
import type { SolverStats, ResultCode, FailureInfo } from '../solver/types.js';
import type { Model } from '../model/model.js';
import { expandDoses, type DoseEvent } from '../model/dosing.js';
import type { Scenario, MethodName } from './scenario.js';
import { steadyState } from './steady.js';
import { checkRunInvariants, describeViolation, belowZeroNotes, type InvariantViolation, type ColumnLike } from './invariants.js';

/**
 * A run's result code: the solver's, or 'invariant_violation' (the solve succeeded but the result
 * breaks a run invariant: a non-finite value, a non-negative state below zero; simulate/invariants.ts),
 * or 'steady_state_failure' (no physical steady state to start from).
 */
export type RunCode = ResultCode | 'invariant_violation' | 'steady_state_failure';

/** One output column of a SimulationResult: name, unit, kind (time, state, observable or integral) and values at the output times. */
export interface Column {
  /** The state's or observable's name (`time` for the time column, `int_<name>` for an integral). */
  name: string;
  /** Its unit. */
  unit: string;
  /** 'integral': the running integral from t = 0 of an observable (see SimulateOptions.integrate). */
  kind: 'time' | 'state' | 'observable' | 'integral';
  /** The values at the result's output times. */
  values: Float64Array;
}

/** Options of running a prepared scenario: integrated observables, solver overrides and recording. */
export interface SimulateOptions {
  /**
   * Observables to integrate over time alongside the states (quadrature states solved to the same
   * tolerance), e.g. intake and excretion fluxes for a mass balance. Each adds a column
   * `int_<name>` (unit: the observable's unit × the model time unit).
   */
  integrate?: readonly string[];
  /** Called now and then (every 2048 RHS calls) with the fraction of the run done, for progress bars. */
  onProgress?: (fraction: number) => void;
  /** Wall-clock budget of the run in seconds (overrides scenario.solver.maxWallTime). */
  maxWallTime?: number;
  /**
   * The observables to return as columns (default: every one), for a caller that reads a few of a
   * model's many (a batch of runs: populations, Morris, Sobol, ensembles). The others are still
   * evaluated at every output row and a non-finite value of any of them still fails the run with the
   * same message (run invariants), but they are not stored, and `column()` throws for them.
   */
  observables?: readonly string[];
}

/** The problem with its RHS wrapped to report progress (only when asked: the plain RHS stays untouched). */
function withProgress<P extends { f: (t: number, y: Float64Array, dy: Float64Array) => void }>(problem: P, duration: number, onProgress?: (fraction: number) => void): P {
  if (!onProgress) return problem;
  const inner = problem.f;
  let calls = 0;
  return { ...problem, f: (t: number, y: Float64Array, dy: Float64Array) => { inner(t, y, dy); if ((++calls & 2047) === 0) onProgress(t / duration); } };
}

/** The result of `simulate`: output times, one column per state and observable (with units), the solver's code, message and stats, and the scenario and model that made it. */
export interface SimulationResult {
  /** The validated scenario that was run. */
  scenario: Scenario;
  /** The model's id. */
  modelId: string;
  /** The model's time unit, which `time` and the scenario's times are in. */
  timeUnit: string;
  /** Output times (model time unit), the scenario's output grid. */
  time: Float64Array;
  /** Every output column: time, the states, the observables (and integrals), each with its unit. */
  columns: Column[];
  /** The solver's work counters over the whole run (all segments between doses). */
  stats: SolverStats;
  /** 'success', or why the run failed (solver failure, broken invariant, no steady state). */
  code: RunCode;
  /** Empty on success; otherwise what failed, when and where, and what to try. */
  message: string;
  /** Where the run failed: time (pseudo-time for a steady-state start), offending state, state vector. */
  failure?: FailureInfo;
  /** The run invariant broken, when code is 'invariant_violation' (or a steady state's). */
  invariant?: InvariantViolation;
  /** Notes on a successful run (a state that the published model lets go below zero did: StateSpec.belowZero); also appended to message. */
  notes?: string[];
  /** 'steady state' when the failure happened while finding the starting steady state. */
  phase?: 'steady state' | 'run';
  /** Solve time in ms (in-process; excludes validation, start-up and I/O). */
  ms: number;
  /** The model actually run (parameters and switches applied). */
  model: Model;
  /** Initial state used. */
  y0: Float64Array;
  /** The values of a state or observable (or `time`) at the output times; throws on an unknown name. */
  column(name: string): Float64Array;
}

/** The integration method a scenario's `solver.method` names (the method table, solver/methods/table.ts). */
export function methodFor(name: MethodName): Method {
  return findMethod(name)!.make();
}

/**
 * What happens at a time stop: a dose (bolus into a state, or an infusion-rate change) or a change
 * of parameters and switches (then the derived constants of p are recomputed and the
 * bioavailabilities re-evaluated). Parameter changes sort before doses at the same time.
 */
export type RunEvent =
  | { kind: 'dose'; time: number; dose: DoseEvent }
  | { kind: 'set'; time: number; index: Int32Array; values: Float64Array };

export function runEvents(model: Model, scenario: Scenario): RunEvent[] {
  const sets: RunEvent[] = scenario.changes.filter((c) => c.time <= scenario.duration).map((c) => {
    const entries = [
      ...Object.entries(c.parameters).map(([k, v]): [number, number] => [model.paramIndex(k), v]),
      ...Object.entries(c.switches).map(([k, v]): [number, number] => [model.paramIndex(k), v ? 1 : 0]),
    ];
    return { kind: 'set', time: c.time, index: Int32Array.from(entries.map((e) => e[0])), values: Float64Array.from(entries.map((e) => e[1])) };
  });
  const doses: RunEvent[] = expandDoses(scenario.doses).filter((e) => e.time <= scenario.duration).map((dose) => ({ kind: 'dose', time: dose.time, dose }));
  // stable sort: at equal times parameter changes (listed first) come before doses
  return [...sets, ...doses].sort((a, b) => a.time - b.time);
}

/** Applies one event to (y, p); `bioavailability` holds the current one of each dose target. y may be undefined (output replay). */
export function applyEvent(model: Model, e: RunEvent, y: Float64Array | undefined, p: Float64Array, bioavailability: Map<string, number>): void {
  if (e.kind === 'set') {
    for (let k = 0; k < e.index.length; k++) p[e.index[k]] = e.values[k];
    model.prepare(p);
    for (const cmt of model.doseTargets) bioavailability.set(cmt, model.bioavailability(cmt, p));
    return;
  }
  const d = e.dose;
  const f = bioavailability.get(d.cmt) ?? 1;
  if (d.kind === 'bolus') { if (y) y[model.doseState(d.cmt)] += d.amount * f; }
  else p[model.rateIndex(d.cmt)] += d.delta * f;
}

/** Whether an event can change the constants c, k of the closed-form states (not a plain bolus). */
function changesCoefficients(e: RunEvent): boolean {
  return e.kind === 'set' || e.dose.kind !== 'bolus';
}

export function initialStateFor(model: Model, scenario: Scenario, p: Float64Array, maxWallTime?: number): { y0: Float64Array; message?: string; failure?: FailureInfo; invariant?: InvariantViolation } {
  const y0 = model.initialState(p);
  if (scenario.steadyState) {
    const ss = steadyState(model, p, y0, { maxWallTime });
    if (!ss.ok) return { y0, message: ss.message, failure: ss.failure, invariant: ss.invariant };
    y0.set(ss.y);
  }
  for (const [k, v] of Object.entries(scenario.initial)) y0[model.stateNames.indexOf(k)] = v;
  return { y0 };
}

/**
 * The ODE problem for a run: the model's own, or augmented with quadrature states y[n+k] whose
 * derivatives are the observables to integrate. Their Jacobian rows are left zero: nothing depends
 * on a quadrature state, so the Newton iteration still converges (the rows are explicit).
 */
function runProblem(model: Model, p: Float64Array, y0: Float64Array, tEnd: number, integrate: number[], lin: ExactLinear | undefined) {
  const base = model.problem({ p, y0, t0: 0, tEnd });
  const n = model.stateNames.length;
  if (integrate.length === 0) {
    if (!lin) return base;
    return {
      ...base,
      autonomous: false,
      jacPattern: lin.pattern(model.jacPattern),
      f: (t: number, y: Float64Array, dy: Float64Array) => lin.rhs(t, y, p, dy),
      jac: (t: number, y: Float64Array, J: Float64Array) => lin.jac(t, y, p, J),
    };
  }
  const m = n + integrate.length;
  const out = new Float64Array(model.observableNames.length);
  const Jn = new Float64Array(n * n);
  const yAug = new Float64Array(m);
  yAug.set(y0);
  const idx = Int32Array.from(integrate);
  return {
    n: m,
    autonomous: base.autonomous && !lin,
    t0: 0,
    tEnd,
    y0: yAug,
    names: [...model.stateNames, ...integrate.map((j) => `int_${model.observableNames[j]}`)],
    jacPattern: lin ? lin.pattern(model.jacPattern) : model.jacPattern, // the quadrature rows are empty
    f: (t: number, y: Float64Array, dy: Float64Array) => {
      if (lin) {
        const yp = lin.physical(t, y); // once for both
        model.rhs(t, yp, p, dy);
        lin.clearSlots(dy);
        model.outputs(t, yp, p, out);
      } else {
        model.rhs(t, y, p, dy);
        model.outputs(t, y, p, out);
      }
      for (let k = 0; k < idx.length; k++) dy[n + k] = out[idx[k]];
    },
    jac: (t: number, y: Float64Array, J: Float64Array) => {
      if (lin) lin.jac(t, y, p, Jn);
      else model.jac(t, y, p, Jn);
      J.fill(0);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) J[i * m + j] = Jn[i * n + j];
    },
  };
}

/** The parameter vector in force at each moment, as time stops: what `simulate` schedules before it integrates. */
interface RunSchedule {
  /** Changes and dose events within the run, in time order (changes first at equal times). */
  events: RunEvent[];
  /** Their times, the solver's time stops. */
  stopTimes: Float64Array;
  /** Bioavailability of each dose target under the starting parameters (a fresh map per call). */
  startingBioavailability: () => Map<string, number>;
  /** The states carried in closed form between events (exactLinear), or undefined. */
  closedFormStates: readonly number[] | undefined;
}

function scheduleRun(model: Model, scenario: Scenario, p: Float64Array): RunSchedule {
  const events = runEvents(model, scenario);
  const closedFormStates = scenario.solver.exactLinear && model.linearStates.length > 0 ? model.linearStates : undefined;
  return {
    events,
    stopTimes: Float64Array.from(events.map((e) => e.time)),
    startingBioavailability: () => new Map(model.doseTargets.map((cmt) => [cmt, model.bioavailability(cmt, p)])),
    closedFormStates,
  };
}

/**
 * Integrates the run from y0 with the events applied at their stops (the parameter vector `p`
 * starts as the model's and is changed in place by infusions and changes). Returns the solver's
 * solution (states in physical form but at a failure) and the solve time.
 */
function integrateRun(model: Model, scenario: Scenario, schedule: RunSchedule, p: Float64Array, y0: Float64Array, integrate: number[],
  options: SimulateOptions, wallBudget: { maxWallTime?: number; wallStart: number }) {
  const { events, closedFormStates } = schedule;
  const bioavailability = schedule.startingBioavailability();
  const runParams = p.slice();
  const closedForm = closedFormStates ? new ExactLinear(model, closedFormStates, model.linearInputs) : undefined;
  const t0 = performance.now();
  if (closedForm) closedForm.coefficients(0, y0, runParams);
  const { maxWallTime, wallStart } = wallBudget;
  const sol = solve(withProgress(runProblem(model, runParams, y0, scenario.duration, integrate, closedForm), scenario.duration, options.onProgress), methodFor(scenario.solver.method), {
    rtol: scenario.solver.rtol,
    atol: scenario.solver.atol,
    maxSteps: scenario.solver.maxSteps,
    maxWallTime: maxWallTime === undefined ? undefined : Math.max(1e-3, maxWallTime - (performance.now() - wallStart) / 1000),
    tOut: scenario.outputTimes,
    tStops: schedule.stopTimes,
    outputAtStop: scenario.outputAtDose,
    onStop: closedForm
      ? (t, y, i) => {
        closedForm.advance(t, y);
        applyEvent(model, events[i], y, runParams, bioavailability);
        if (changesCoefficients(events[i])) closedForm.coefficients(t, y, runParams);
      }
      : (_t, y, i) => applyEvent(model, events[i], y, runParams, bioavailability),
  });
  const ms = performance.now() - t0;
  if (closedForm && sol.failure) closedForm.toPhysical(sol.failure.t, sol.failure.state);
  return { sol, ms, closedForm };
}

type Solution = ReturnType<typeof solve>;

/**
 * The output columns: time, states, observables and integrals. The events are replayed so that each
 * row sees the parameter vector in force at its time (and, for the states carried in closed form,
 * the event that started its interval); closed-form states are written back in physical form.
 */
function outputColumns(model: Model, scenario: Scenario, schedule: RunSchedule, p: Float64Array, y0: Float64Array, integrate: number[], sol: Solution | undefined,
  kept: readonly boolean[] | undefined, runClosedForm?: ExactLinear): { columns: Column[]; checked: readonly ColumnLike[] } {
  const { events, closedFormStates } = schedule;
  const nOut = sol ? sol.t.length : 0;
  const time = sol ? sol.t : new Float64Array(0);
  const columns: Column[] = [{ name: 'time', unit: model.timeUnit, kind: 'time', values: time }];
  model.stateNames.forEach((name, i) => {
    columns.push({ name, unit: model.spec.states[name].unit, kind: 'state', values: sol ? sol.y[i] : new Float64Array(0) });
  });
  const nObs = model.observableNames.length;
  // a kept observable's column; a dropped one's first non-finite row (−1: none) and value, for the invariants
  // the kept observables' columns share one buffer (one allocation outside V8's heap instead of one per column)
  const nKept = kept ? kept.reduce((a, k) => a + (k ? 1 : 0), 0) : nObs;
  const obsBuffer = new Float64Array(nKept * nOut);
  let nextColumn = 0;
  const observables = model.observableNames.map((_o, j) => {
    if (kept && !kept[j]) return undefined;
    const k = nextColumn++;
    return obsBuffer.subarray(k * nOut, (k + 1) * nOut);
  });
  const firstBad = kept ? new Int32Array(nObs).fill(-1) : undefined;
  const badValue = kept ? new Float64Array(nObs) : undefined;
  if (sol && (nObs > 0 || closedFormStates)) {
    const rowParams = p.slice();
    const rowBioavailability = schedule.startingBioavailability();
    const rowState = new Float64Array(model.stateNames.length);
    const out = new Float64Array(nObs);
    const after = scenario.outputAtDose === 'after';
    // the run's closed form, rewound to t = 0 (its starting coefficients are those coefficients(0, y0, p) gives), else a new one
    const rowClosedForm = closedFormStates
      ? (runClosedForm?.rewind() ? runClosedForm : new ExactLinear(model, closedFormStates, model.linearInputs))
      : undefined;
    if (rowClosedForm && rowClosedForm !== runClosedForm) rowClosedForm.coefficients(0, y0, rowParams);
    let nextEvent = 0;
    for (let r = 0; r < nOut; r++) {
      const tr = time[r];
      for (let i = 0; i < rowState.length; i++) rowState[i] = sol.y[i][r];
      while (nextEvent < events.length && (events[nextEvent].time < tr || (after && events[nextEvent].time === tr))) {
        const e = events[nextEvent++];
        applyEvent(model, e, undefined, rowParams, rowBioavailability);
        if (rowClosedForm) {
          rowClosedForm.restartAt(e.time);
          if (changesCoefficients(e)) rowClosedForm.coefficients(e.time, rowState, rowParams);
        }
      }
      if (rowClosedForm) {
        rowClosedForm.toPhysical(tr, rowState);
        for (const s of closedFormStates!) sol.y[s][r] = rowState[s];
      }
      if (nObs > 0) {
        model.outputs(tr, rowState, rowParams, out);
        for (let j = 0; j < nObs; j++) {
          const column = observables[j];
          if (column) column[r] = out[j];
          else if (firstBad![j] < 0 && !Number.isFinite(out[j])) { firstBad![j] = r; badValue![j] = out[j]; }
        }
      }
    }
  }
  // the invariants see every observable: a dropped one only where it is not finite (all they read of it)
  const checked: ColumnLike[] = kept ? [...columns] : columns;
  model.observableNames.forEach((name, j) => {
    const values = observables[j];
    if (values) {
      const c: Column = { name, unit: model.spec.observables[name].unit, kind: 'observable', values };
      columns.push(c);
      if (kept) checked.push(c);
    } else if (firstBad![j] >= 0) {
      const v = new Float64Array(nOut);
      v[firstBad![j]] = badValue![j];
      checked.push({ name, kind: 'observable', values: v });
    }
  });
  integrate.forEach((j, k) => {
    const name = model.observableNames[j];
    const c: Column = {
      name: `int_${name}`, unit: `${model.spec.observables[name].unit}*${model.timeUnit}`, kind: 'integral',
      values: sol ? sol.y[model.stateNames.length + k] : new Float64Array(0),
    };
    columns.push(c);
    if (kept) checked.push(c);
  });
  return { columns, checked };
}

/**
 * Runs a validated scenario (`validateScenario`, `prepareScenario`) on a compiled model: the
 * scenario's parameters and switches applied, the initial state (spec initials, optionally the steady
 * state, then explicit overrides), doses and changes as time stops (a bolus adds to its target state
 * × bioavailability, an infusion sets a rate), the solve with the scenario's method and tolerances,
 * and the result table on the scenario's output grid: one column per state and observable, with
 * units (`result.column(name)`, `result.columns`). Observables are evaluated after the solve with the
 * parameters in force at each output time.
 *
 * Numerical failures and broken run invariants (a non-finite value, a non-negative state below zero)
 * are reported in `code` and `message` with time, reason and state, not thrown; check
 * `result.code === 'success'`. For the shipped models `runScenario` does validation and run in one
 * call.
 *
 * @example
 * ```ts
 * import { getModel, validateScenario, simulate, InputError } from 'magbone';
 * const model = getModel('openbonemin');
 * const { scenario, issues } = validateScenario({ duration: '60 d', output: { every: '30 d' } }, model);
 * if (!scenario) throw new InputError(issues); // every problem, each with its path
 * const result = simulate(model, scenario);
 * console.log(result.code, result.column('PTHpm')); // 'success', PTH (pmol/L) at 0, 30, 60 d
 * ```
 */
export function simulate(base: Model, scenario: Scenario, options: SimulateOptions = {}): SimulationResult {
  const model = base.with({ parameters: scenario.parameters, switches: scenario.switches });
  const integrate = (options.integrate ?? []).map((name) => {
    const j = model.observableNames.indexOf(name);
    if (j < 0) throw new Error(`simulate: cannot integrate '${name}': not an observable of ${model.id}`);
    return j;
  });
  let kept: boolean[] | undefined;
  if (options.observables) {
    kept = model.observableNames.map(() => false);
    for (const name of options.observables) {
      const j = model.observableNames.indexOf(name);
      if (j < 0) throw new Error(`simulate: cannot keep '${name}': not an observable of ${model.id}`);
      kept[j] = true;
    }
  }
  const p = model.params();
  const maxWallTime = options.maxWallTime ?? scenario.solver.maxWallTime;
  const wallStart = performance.now();
  const init = initialStateFor(model, scenario, p, maxWallTime);
  const { y0, message: initMessage } = init;
  const schedule = scheduleRun(model, scenario, p);
  const run = initMessage ? undefined : integrateRun(model, scenario, schedule, p, y0, integrate, options, { maxWallTime, wallStart });
  const sol = run?.sol;
  const ms = run ? run.ms : 0;
  const { columns, checked } = outputColumns(model, scenario, schedule, p, y0, integrate, sol, kept, run?.closedForm);
  const time = columns[0].values;
  const byName = new Map(columns.map((c) => [c.name, c.values]));
  let code: RunCode = sol ? sol.code : 'steady_state_failure';
  let message = sol ? sol.message : (initMessage ?? '');
  let failure = sol ? sol.failure : init.failure;
  let invariant = sol ? undefined : init.invariant;
  if (code === 'time_limit' && maxWallTime !== undefined) {
    // the solver saw what was left of the budget after the set-up (steady state, dose expansion)
    message = message.replace(/^the wall-time limit \([^)]*\)/, `the wall-time limit of the run (${maxWallTime} s, solver.maxWallTime; ${((performance.now() - wallStart) / 1000).toFixed(1)} s spent)`);
  }
  let notes: string[] = [];
  if (sol && code === 'success') {
    notes = belowZeroNotes(model, time, columns, scenario.solver.atol);
    if (notes.length) message = [message, ...notes].filter(Boolean).join('\n');
    invariant = checkRunInvariants(model, time, checked, scenario.solver.atol);
    if (invariant) {
      code = 'invariant_violation';
      message = `the run broke a run invariant: ${describeViolation(model, invariant)}`
        + (invariant.kind === 'state' ? '' : ' (the states are finite there: an output formula is undefined at this state)');
      const state = Float64Array.from(model.stateNames, (_s, i) => sol.y[i][invariant!.row]);
      const ci = model.stateNames.indexOf(invariant.name);
      failure = { t: invariant.t, h: 0, component: ci >= 0 ? ci : undefined, componentName: invariant.name, state };
    }
  }
  return {
    scenario, modelId: model.id, timeUnit: model.timeUnit, time, columns,
    stats: sol ? sol.stats : { steps: 0, rejected: 0, rhs: 0, rhsJac: 0, jac: 0, lu: 0, newton: 0, newtonFailures: 0, errorTestFailures: 0, jacFallback: 0 },
    code, message, failure, invariant, notes, phase: sol ? 'run' : 'steady state',
    ms, model, y0,
    column(name: string) {
      const c = byName.get(name);
      if (!c) throw new Error(`no column '${name}'${kept && model.observableNames.includes(name) ? ' (not among the observables kept: SimulateOptions.observables)' : ''}`);
      return c;
    },
  };
}
