/**
 * Runs a validated scenario on a model: parameters and switches applied (`model.with`), initial
 * state (spec initials, optional steady state, then explicit overrides), doses expanded into time
 * stops (bolus: added to the target state × bioavailability; infusion: rate slot of p), the solve,
 * and the result table — one Float64Array column per state and observable, with units.
 *
 * Observables are evaluated after the solve at each output row with the parameter vector in force
 * at that time (infusion rates replayed from the dose events), so they never see the wrong rate.
 */
import { solve } from '../solver/solve.js';
import { bdf } from '../solver/methods/bdf.js';
import { rodas5 } from '../solver/methods/rodas5.js';
import { dopri5 } from '../solver/methods/dopri5.js';
import type { Method } from '../solver/method.js';
import type { SolverStats, ResultCode, FailureInfo } from '../solver/types.js';
import type { Model } from '../model/model.js';
import { expandDoses, DoseEvent } from './dosing.js';
import type { Scenario, MethodName } from './scenario.js';
import { steadyState } from './steady.js';

export interface Column {
  name: string;
  unit: string;
  kind: 'time' | 'state' | 'observable';
  values: Float64Array;
}

export interface SimulationResult {
  scenario: Scenario;
  modelId: string;
  timeUnit: string;
  time: Float64Array;
  columns: Column[];
  stats: SolverStats;
  code: ResultCode;
  message: string;
  failure?: FailureInfo;
  /** Solve time in ms (in-process; excludes validation, start-up and I/O). */
  ms: number;
  /** The model actually run (parameters and switches applied). */
  model: Model;
  /** Initial state used. */
  y0: Float64Array;
  column(name: string): Float64Array;
}

export function methodFor(name: MethodName): Method {
  switch (name) {
    case 'bdf': return bdf();
    case 'rodas': return rodas5();
    case 'dopri': return dopri5();
  }
}

/** Applies one dose event to (y, p). */
function applyEvent(model: Model, e: DoseEvent, y: Float64Array, p: Float64Array, F: Map<string, number>): void {
  const f = F.get(e.cmt) ?? 1;
  if (e.kind === 'bolus') y[model.doseState(e.cmt)] += e.amount * f;
  else p[model.rateIndex(e.cmt)] += e.delta * f;
}

export function initialStateFor(model: Model, scenario: Scenario, p: Float64Array): { y0: Float64Array; message?: string } {
  const y0 = model.initialState(p);
  if (scenario.steadyState) {
    const ss = steadyState(model, p, y0);
    if (!ss.ok) return { y0, message: ss.message };
    y0.set(ss.y);
  }
  for (const [k, v] of Object.entries(scenario.initial)) y0[model.stateNames.indexOf(k)] = v;
  return { y0 };
}

export function simulate(base: Model, scenario: Scenario): SimulationResult {
  const model = base.with({ parameters: scenario.parameters, switches: scenario.switches });
  const p = model.params();
  const { y0, message: initMessage } = initialStateFor(model, scenario, p);
  const events = expandDoses(scenario.doses).filter((e) => e.time <= scenario.duration);
  const F = new Map<string, number>();
  for (const cmt of model.doseTargets) F.set(cmt, model.bioavailability(cmt, p));

  // events at t = 0 are applied before the start, after recording nothing: a stop at t0 is handled by the driver
  const tStops = Float64Array.from(events.map((e) => e.time));
  const pRun = p.slice();
  const t0 = performance.now();
  const sol = initMessage
    ? undefined
    : solve(model.problem({ p: pRun, y0, t0: 0, tEnd: scenario.duration }), methodFor(scenario.solver.method), {
      rtol: scenario.solver.rtol,
      atol: scenario.solver.atol,
      maxSteps: scenario.solver.maxSteps,
      tOut: scenario.outputTimes,
      tStops,
      outputAtStop: scenario.outputAtDose,
      onStop: (_t, y, i) => applyEvent(model, events[i], y, pRun, F),
    });
  const ms = performance.now() - t0;

  const nOut = sol ? sol.t.length : 0;
  const time = sol ? sol.t : new Float64Array(0);
  const columns: Column[] = [{ name: 'time', unit: model.timeUnit, kind: 'time', values: time }];
  model.stateNames.forEach((name, i) => {
    columns.push({ name, unit: model.spec.states[name].unit, kind: 'state', values: sol ? sol.y[i] : new Float64Array(0) });
  });
  const obs = model.observableNames.map(() => new Float64Array(nOut));
  if (sol && obs.length > 0) {
    // replay rate events so each row sees the parameter vector in force at its time
    const pRow = p.slice();
    const yRow = new Float64Array(model.stateNames.length);
    const out = new Float64Array(obs.length);
    const after = scenario.outputAtDose === 'after';
    let k = 0;
    for (let r = 0; r < nOut; r++) {
      const tr = time[r];
      while (k < events.length && (events[k].time < tr || (after && events[k].time === tr))) {
        const e = events[k++];
        if (e.kind === 'rate') pRow[model.rateIndex(e.cmt)] += e.delta * (F.get(e.cmt) ?? 1);
      }
      for (let i = 0; i < yRow.length; i++) yRow[i] = sol.y[i][r];
      model.outputs(tr, yRow, pRow, out);
      for (let j = 0; j < obs.length; j++) obs[j][r] = out[j];
    }
  }
  model.observableNames.forEach((name, j) => {
    columns.push({ name, unit: model.spec.observables[name].unit, kind: 'observable', values: obs[j] });
  });
  const byName = new Map(columns.map((c) => [c.name, c.values]));
  return {
    scenario, modelId: model.id, timeUnit: model.timeUnit, time, columns,
    stats: sol ? sol.stats : { steps: 0, rejected: 0, rhs: 0, rhsJac: 0, jac: 0, lu: 0, newton: 0, newtonFailures: 0, errorTestFailures: 0 },
    code: sol ? sol.code : 'newton_failure',
    message: sol ? sol.message : (initMessage ?? ''),
    failure: sol?.failure,
    ms, model, y0,
    column(name: string) {
      const c = byName.get(name);
      if (!c) throw new Error(`no column '${name}'`);
      return c;
    },
  };
}
