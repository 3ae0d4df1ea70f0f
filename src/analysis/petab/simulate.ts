/**
 * Simulation of a PEtab problem: the SBML model compiled once, with
 *  - initial assignments kept as expressions (so an initial value follows the parameters it is
 *    assigned from, as PEtab requires: case 0009 sets a0 = 1 in the parameter table and A(0) = a0),
 *    and a constant parameter set by an initial assignment made a rule (unless the problem sets it);
 *  - for every state a condition sets, two parameters `__petab_ov_<s>` (1: the condition sets it)
 *    and `__petab_iv_<s>` (the value), and the initial value if(ov, iv, model's initial): a
 *    condition's initial value is then a parameter like any other, with exact ∂y0/∂p;
 *  - every state or rule the formulas read as an observable `__petab_q_<name>`.
 *
 * An experiment is a (preequilibration, simulation) pair of conditions. Without preequilibration
 * the run starts from the model's initial values under the simulation condition. With it, the
 * model first runs to steady state under the preequilibration condition; then the states the
 * simulation condition sets (a number, or a parameter; NaN = not set) are re-initialised and the
 * others keep their steady-state values. A measurement at time inf reads the steady state reached
 * from the last output time. Steady state = integration until every |dy_i/dt| ≤ 1e-12 + 1e-8·|y_i|
 * (per model time unit), doubling the horizon, up to 2^40 time units: integration, not Newton, so
 * conservation laws (a singular Jacobian) need no special care.
 *
 * Derivatives with respect to the estimated parameters θ (on their PEtab scale):
 *  - 'forward': runs of the forward sensitivities (src/simulate/sensitivity.ts) with respect to the
 *    model parameters mapped to estimated parameters in the condition, summed per estimated
 *    parameter and multiplied by dΘ/dθ (Θ·ln 10 on log10 scale, Θ on log, 1 on lin); through a
 *    preequilibration and to a steady state as `forwardDerivatives` says;
 *  - 'fd', and an experiment whose measurements are all at t = 0: central differences in θ (step 1e-4).
 */
import { solve } from '../../solver/solve.js';
import { bdf } from '../../solver/methods/bdf.js';
import { compileModel, type Model } from '../../model/model.js';
import type { ModelSpec, ParameterSpec, ObservableSpec, StateSpec, RuleSpec } from '../../model/spec.js';
import { parse as parseExpr } from '../../model/expr/parse.js';
import { symbolsOf } from '../../model/expr/ast.js';
import { simulateSensitivities } from '../../simulate/sensitivity.js';
import type { Scenario } from '../../simulate/scenario.js';
import { runSbml } from '../../simulate/sbml.js';
import type { SbmlImport } from '../../model/sbml/import.js';
import type { PetabProblem, PetabValue } from './problem.js';

/** Solver settings of the PEtab runs (defaults rtol 1e-10, atol 1e-12, 500000 steps). */
export interface PetabRunOptions {
  /** Relative tolerance of the integrator (default 1e-10). */
  rtol?: number;
  /** Absolute tolerance of the integrator, in the states' units (default 1e-12). */
  atol?: number;
  /** Most integrator steps per run (default 500,000). */
  maxSteps?: number;
}

/** The compiled model of a problem and the index maps the runs use. */
export interface PetabModel {
  /** The checked problem this model was built from. */
  problem: PetabProblem;
  /** The compiled model: the SBML model, with a condition's initial values as parameters and the quantities the formulas read as observables (see the file comment). */
  model: Model;
  /** Language names of the states and rules the formulas read, in observable order. */
  quantities: string[];
  /** SBML id → index into `quantities` (states and rules only). */
  quantityOf: Map<string, number>;
  /** Index in p of every parameter-table entry that is a model parameter (−1: not one). */
  modelIndex: Int32Array;
  /** Indices of the estimated parameters in problem.parameters. */
  estimated: number[];
  /** The distinct (preequilibration, simulation condition) pairs of the measurement table, each run once per evaluation. */
  experiments: Experiment[];
  /** Experiment and time index of each measurement. */
  rowExperiment: Int32Array;
  /** Per measurement, the index of its time in its experiment's `times` (the steady-state slot for time inf). */
  rowTime: Int32Array;
  /** When the SBML model has events: the import with the PEtab spec, which `runSbml` runs (events located by root finding); derivatives are then central differences. */
  eventModel?: SbmlImport;
}

/** One PEtab experiment: its simulation condition and optional preequilibration condition. */
export interface Experiment {
  /** The preequilibration condition id, when the experiment has one. */
  preequilibration?: string;
  /** The simulation condition id. */
  condition: string;
  /** Output times (increasing, finite), then, when `steady`, one more slot for the steady state. */
  times: number[];
  /** Whether some measurement of this experiment is at time inf (at the simulation condition's steady state). */
  steady: boolean;
}

const Q = '__petab_q_';
const OV = '__petab_ov_', IV = '__petab_iv_', CARRIER = '__petab_carrier_';
const INTERNAL = 'assumed: added for the PEtab problem';

/** Compiles the problem's model (see the file comment) and groups the measurements into experiments. */
export function petabModel(problem: PetabProblem): PetabModel {
  const imp = problem.sbml;
  const spec0 = imp.spec;
  const timeRule = Object.keys(spec0.rules).find((r) => spec0.rules[r].expr === 't');
  const states: Record<string, StateSpec> = { ...spec0.states };
  for (const [name, expr] of imp.initialExprs) {
    if (!states[name]) continue;
    const syms = symbolsOf(parseExpr(expr));
    if (syms.some((s) => s === timeRule || s === 't')) continue;
    states[name] = { ...states[name], initial: expr };
  }
  const parameters: Record<string, ParameterSpec> = { ...spec0.parameters };
  // a constant parameter set by an initial assignment becomes a rule, so that it follows the
  // parameters it is computed from — unless the problem sets it itself (table or condition)
  const rules: Record<string, RuleSpec> = { ...spec0.rules };
  const targeted = new Set<string>();
  for (const p of problem.parameters) { const s = imp.symbols.get(p.id); if (s) targeted.add(s.name); }
  for (const c of problem.conditions.values()) for (const id of c.values.keys()) targeted.add(imp.symbols.get(id)!.name);
  for (const [name, expr] of imp.initialExprs) {
    if (!parameters[name] || targeted.has(name)) continue;
    const syms = symbolsOf(parseExpr(expr));
    if (syms.length === 0 || syms.some((s) => s === timeRule || s === 't')) continue;
    rules[name] = { expr, unit: parameters[name].unit, description: parameters[name].description };
    delete parameters[name];
  }
  const overridden = new Set<string>();
  for (const c of problem.conditions.values()) {
    for (const id of c.values.keys()) { const n = imp.symbols.get(id)!.name; if (states[n]) overridden.add(n); }
  }
  for (const s of overridden) {
    const init = states[s].initial;
    const orig = typeof init === 'number' ? (Number.isFinite(init) ? String(init) : '(0 / 0)') : `(${init})`;
    parameters[OV + s] = { value: 0, unit: '1', description: `1 when the PEtab condition sets the initial value of ${s}`, source: INTERNAL };
    parameters[IV + s] = { value: 0, unit: '?', description: `the initial value of ${s} the PEtab condition sets`, source: INTERNAL };
    states[s] = { ...states[s], initial: `if(${OV + s} > 0.5, ${IV + s}, ${orig})` };
  }
  // carriers of sensitivities that act only through a preequilibrated state (forwardDerivatives)
  for (const p of problem.parameters) if (p.estimate) parameters[CARRIER + p.id] = { value: 0, unit: '?', description: `carries d/d${p.id} through a preequilibration`, source: INTERNAL };
  const quantities: string[] = [];
  const quantityOf = new Map<string, number>();
  const observables: Record<string, ObservableSpec> = {};
  for (const o of problem.observables.values()) {
    for (const id of [...symbolsOf(o.formula), ...symbolsOf(o.noiseFormula)]) {
      const s = imp.symbols.get(id);
      if (!s || quantityOf.has(id) || !(states[s.name] || rules[s.name])) continue;
      quantityOf.set(id, quantities.length);
      quantities.push(s.name);
      observables[Q + s.name] = { expr: s.name, unit: '?', description: `${id}, read by the PEtab observables` };
    }
  }
  const noStates = Object.keys(states).length === 0;
  if (noStates) states.__clock = { unit: '?', description: 'internal (a model without states)', initial: 0, ode: '0', nonNegative: false };
  // model ids are lower case in the modelling language
  const spec: ModelSpec = { ...spec0, id: spec0.id.toLowerCase().replace(/[^a-z0-9._-]/g, '-'), parameters, states, rules, observables };
  const model = compileModel(spec);

  const modelIndex = Int32Array.from(problem.parameters, (p) => {
    const s = imp.symbols.get(p.id);
    return s ? model.paramIndex(s.name) : -1;
  });
  const estimated = problem.parameters.flatMap((p, k) => (p.estimate ? [k] : []));
  const byKey = new Map<string, { preequilibration?: string; condition: string; times: Set<number>; steady: boolean }>();
  for (const m of problem.measurements) {
    const key = `${m.preequilibration ?? ''}\u0000${m.condition}`;
    let e = byKey.get(key);
    if (!e) { e = { ...(m.preequilibration ? { preequilibration: m.preequilibration } : {}), condition: m.condition, times: new Set(), steady: false }; byKey.set(key, e); }
    if (m.time === Infinity) e.steady = true; else e.times.add(m.time);
  }
  const experiments: Experiment[] = [...byKey.values()].map((e) => ({ ...e, times: [...e.times].sort((a, b) => a - b) }));
  const keys = [...byKey.keys()];
  const rowExperiment = new Int32Array(problem.measurements.length);
  const rowTime = new Int32Array(problem.measurements.length);
  problem.measurements.forEach((m, i) => {
    const e = keys.indexOf(`${m.preequilibration ?? ''}\u0000${m.condition}`);
    rowExperiment[i] = e;
    const ex = experiments[e];
    rowTime[i] = m.time === Infinity ? ex.times.length : ex.times.indexOf(m.time);
  });
  const eventModel: SbmlImport | undefined = imp.events.length ? { ...imp, spec } : undefined;
  return { problem, model, quantities, quantityOf, modelIndex, estimated, experiments, rowExperiment, rowTime, ...(eventModel ? { eventModel } : {}) };
}

/** One experiment of a model with events, by `runSbml` from t = 0 (the reader declines preequilibration and steady states there). */
function runWithEvents(pm: PetabModel, e: Experiment, p: Float64Array, opt: Required<PetabRunOptions>): ExperimentValues {
  const { model } = pm;
  const nq = pm.quantities.length;
  const X = new Float64Array(e.times.length * nq).fill(NaN);
  if (nq === 0 || e.times.length === 0) return { X };
  const ids = [...pm.quantityOf.keys()].sort((a, b) => pm.quantityOf.get(a)! - pm.quantityOf.get(b)!);
  const parameters: Record<string, number> = {};
  model.parameterNames.forEach((nm, j) => { parameters[nm] = p[j]; });
  const times = e.times[0] === 0 ? e.times : [0, ...e.times];
  const off = times.length - e.times.length;
  let run;
  try {
    run = runSbml(pm.eventModel!, { times, variables: ids, rtol: opt.rtol, atol: opt.atol, maxSteps: opt.maxSteps, parameters });
  } catch (err) {
    return { X, failure: `condition '${e.condition}': ${(err as Error).message}` };
  }
  if (run.code !== 'success') return { X, failure: `condition '${e.condition}': the run failed: ${run.message}` };
  for (let k = 0; k < e.times.length; k++) for (let q = 0; q < nq; q++) X[k * nq + q] = run.columns[q][k + off];
  return { X };
}

/** The value of a table entry: a number, or a parameter's value (Θ, linear scale). */
export function tableValue(pm: PetabModel, v: PetabValue, values: Float64Array): number {
  return typeof v === 'number' ? v : values[pm.problem.parameters.findIndex((p) => p.id === v)];
}

/**
 * The parameter vector of a condition, and which model parameter carries which parameter of the
 * parameter table there (p index → parameter-table index).
 */
export function conditionParameters(pm: PetabModel, conditionId: string, values: Float64Array): { p: Float64Array; carries: Map<number, number> } {
  const { model, problem } = pm;
  const p = model.params();
  const carries = new Map<number, number>();
  pm.modelIndex.forEach((j, k) => { if (j >= 0) { p[j] = values[k]; carries.set(j, k); } });
  const c = problem.conditions.get(conditionId)!;
  for (const [id, v] of c.values) {
    const name = problem.sbml.symbols.get(id)!.name;
    const ov = model.paramIndex(OV + name);
    const j = ov >= 0 ? model.paramIndex(IV + name) : model.paramIndex(name);
    if (typeof v === 'number' && Number.isNaN(v)) { if (ov >= 0) p[ov] = 0; continue; }
    if (ov >= 0) p[ov] = 1;
    p[j] = tableValue(pm, v, values);
    if (typeof v === 'string') carries.set(j, problem.parameters.findIndex((q) => q.id === v));
    else carries.delete(j);
  }
  model.prepare(p);
  return { p, carries };
}

/** Runs to steady state by integration (see the file comment). */
function toSteadyState(model: Model, p: Float64Array, y: Float64Array, t0: number, opt: Required<PetabRunOptions>): { y: Float64Array; t: number; failure?: string } {
  const n = model.stateNames.length;
  const f = new Float64Array(n);
  let t = t0, T = 1;
  for (let it = 0; it < 41; it++, T *= 2) {
    const sol = solve(model.problem({ p, y0: y, t0: t, tEnd: t + T }), bdf(), { rtol: opt.rtol, atol: opt.atol, maxSteps: opt.maxSteps });
    if (sol.code !== 'success') return { y, t, failure: `no steady state: the run to equilibrium failed at t = ${sol.tFinal}: ${sol.message}` };
    y = Float64Array.from(sol.yFinal);
    t = sol.tFinal;
    model.rhs(t, y, p, f);
    let ok = true;
    for (let i = 0; i < n; i++) if (!(Math.abs(f[i]) <= 1e-12 + 1e-8 * Math.abs(y[i]))) { ok = false; break; }
    if (ok) return { y, t };
  }
  let worst = 0;
  for (let i = 1; i < n; i++) if (Math.abs(f[i]) > Math.abs(f[worst])) worst = i;
  return { y, t, failure: `no steady state within t = ${t}: d${model.stateNames[worst]}/dt = ${f[worst]}` };
}

/** Values of the quantities at each time of an experiment (row-major: time × quantity), or a failure. */
export interface ExperimentValues {
  X: Float64Array;
  failure?: string;
  /** With preequilibration: the time it took and the state it reached. */
  tPre?: number;
  yPre?: Float64Array;
  /** With a steady-state measurement: the time at which the simulation condition's steady state was reached. */
  tSteady?: number;
}

/** Simulates one experiment at the parameter-table values `values` (linear scale). */
export function runExperiment(pm: PetabModel, e: Experiment, values: Float64Array, options: PetabRunOptions = {}): ExperimentValues {
  const opt = { rtol: options.rtol ?? 1e-10, atol: options.atol ?? 1e-12, maxSteps: options.maxSteps ?? 500000 };
  const { model } = pm;
  const nq = pm.quantities.length, nt = e.times.length + (e.steady ? 1 : 0);
  const X = new Float64Array(nt * nq).fill(NaN);
  const { p } = conditionParameters(pm, e.condition, values);
  if (pm.eventModel) return runWithEvents(pm, e, p, opt);
  let y = model.initialState(p);
  let tPre: number | undefined, yPre: Float64Array | undefined, tSteady: number | undefined;
  if (e.preequilibration) {
    const pre = conditionParameters(pm, e.preequilibration, values).p;
    const ss = toSteadyState(model, pre, model.initialState(pre), 0, opt);
    if (ss.failure) return { X, failure: `preequilibration '${e.preequilibration}': ${ss.failure}` };
    tPre = ss.t;
    yPre = ss.y.slice();
    // states the simulation condition sets are re-initialised; the others keep the steady state
    const c = pm.problem.conditions.get(e.condition)!;
    const yc = y;
    y = ss.y;
    for (const [id, v] of c.values) {
      if (typeof v === 'number' && Number.isNaN(v)) continue;
      const i = model.stateNames.indexOf(pm.problem.sbml.symbols.get(id)!.name);
      if (i >= 0) y[i] = yc[i];
    }
  }
  const o = new Float64Array(model.observableNames.length);
  const first = model.observableNames.indexOf(Q + pm.quantities[0]);
  const put = (row: number, t: number, yy: Float64Array): void => {
    if (nq === 0) return;
    model.outputs(t, yy, p, o);
    for (let q = 0; q < nq; q++) X[row * nq + q] = o[first + q];
  };
  let t = 0;
  const times = e.times;
  if (times.length) {
    const tEnd = times[times.length - 1];
    if (tEnd === 0) put(0, 0, y);
    else {
      const sol = solve(model.problem({ p, y0: y, t0: 0, tEnd }), bdf(), { rtol: opt.rtol, atol: opt.atol, maxSteps: opt.maxSteps, tOut: times });
      if (sol.code !== 'success') return { X, failure: `condition '${e.condition}': the run failed at t = ${sol.tFinal}: ${sol.message}` };
      const row = new Float64Array(y.length);
      for (let k = 0; k < sol.t.length; k++) {
        for (let i = 0; i < row.length; i++) row[i] = sol.y[i][k];
        put(k, sol.t[k], row);
      }
      y = Float64Array.from(sol.yFinal);
      t = sol.tFinal;
    }
  }
  if (e.steady) {
    const ss = toSteadyState(model, p, y, t, opt);
    if (ss.failure) return { X, failure: `condition '${e.condition}': ${ss.failure}` };
    put(times.length, t, ss.y);
    tSteady = ss.t;
  }
  return { X, ...(tPre !== undefined ? { tPre, yPre } : {}), ...(tSteady !== undefined ? { tSteady } : {}) };
}

/** dΘ/dθ of a parameter on its scale at value Θ. */
export function scaleDerivative(scale: string, value: number): number {
  return scale === 'log10' ? value * Math.LN10 : scale === 'log' ? value : 1;
}

/** Θ (linear) from θ (on the parameter's scale), and back. */
export function unscale(scale: string, x: number): number {
  return scale === 'log10' ? 10 ** x : scale === 'log' ? Math.exp(x) : x;
}
export function toScale(scale: string, v: number): number {
  return scale === 'log10' ? Math.log10(v) : scale === 'log' ? Math.log(v) : v;
}

/**
 * The experiment's values and their derivatives with respect to the estimated parameters θ (on
 * their scales): dX row-major time × quantity × estimated parameter. `values` are the
 * parameter-table values (linear), `theta` the estimated ones on their scales (consistent with values).
 */
export function experimentDerivatives(pm: PetabModel, e: Experiment, values: Float64Array, theta: Float64Array, method: 'forward' | 'fd', options: PetabRunOptions = {}): ExperimentValues & { dX: Float64Array; method: 'forward' | 'fd' } {
  const nq = pm.quantities.length, nt = e.times.length + (e.steady ? 1 : 0), ne = pm.estimated.length;
  const dX = new Float64Array(nt * nq * ne);
  const { problem, model } = pm;
  // forward sensitivities do not cross events (no jump conditions): central differences there
  if (method === 'forward' && nq > 0 && !pm.eventModel) {
    const f = forwardDerivatives(pm, e, values, options);
    if (f) return f;
  }
  const base = runExperiment(pm, e, values, options);
  if (base.failure) return { ...base, dX, method: 'fd' };
  // the estimated parameters that act on this experiment: carried by a model parameter in one of its conditions
  const acts = new Set<number>();
  for (const c of [e.condition, e.preequilibration]) {
    if (!c) continue;
    for (const k of conditionParameters(pm, c, values).carries.values()) acts.add(k);
  }
  const h = 1e-4;
  pm.estimated.forEach((k, ek) => {
    if (!acts.has(k)) return;
    const sc = problem.parameters[k].scale;
    const up = values.slice(), dn = values.slice();
    up[k] = unscale(sc, theta[ek] + h);
    dn[k] = unscale(sc, theta[ek] - h);
    const a = runExperiment(pm, e, up, options), b = runExperiment(pm, e, dn, options);
    if (a.failure || b.failure) { base.failure = a.failure ?? b.failure; return; }
    for (let i = 0; i < nt * nq; i++) dX[i * ne + ek] = (a.X[i] - b.X[i]) / (2 * h);
  });
  return { ...base, dX, method: 'fd' };
}

/**
 * Forward sensitivities of one experiment (see the file comment), or undefined where they are not
 * used (an experiment of time 0 only: central differences). With preequilibration: a sensitivity run
 * to the time the plain run reached steady state gives ∂y_pre/∂Θ; the simulation run then starts
 * from y_pre (the states the condition sets re-initialised, their rows of s0 replaced by
 * ∂(set value)/∂Θ) with s0 = ∂y_pre/∂Θ, carried by the first model parameter of each estimated
 * parameter in the condition (or by its internal carrier `__petab_carrier_<k>` when none). A
 * steady-state measurement reads the run at the time the plain run reached steady state.
 */
function forwardDerivatives(pm: PetabModel, e: Experiment, values: Float64Array, options: PetabRunOptions): (ExperimentValues & { dX: Float64Array; method: 'forward' }) | undefined {
  const { problem, model } = pm;
  const nq = pm.quantities.length, nt = e.times.length + (e.steady ? 1 : 0), ne = pm.estimated.length, n = model.stateNames.length;
  const dX = new Float64Array(nt * nq * ne);
  const base = runExperiment(pm, e, values, options);
  if (base.failure) return { ...base, dX, method: 'forward' };
  const tEnd = e.steady ? base.tSteady! : e.times[e.times.length - 1];
  if (!(tEnd > 0)) return undefined;
  const solver = { rtol: options.rtol ?? 1e-10, atol: options.atol ?? 1e-12, method: 'bdf' as const, maxSteps: options.maxSteps ?? 500000, exactLinear: false };
  const scenarioOf = (p: Float64Array, duration: number, outputTimes: number[], initial: Record<string, number>): Scenario => {
    const params: Record<string, number> = {};
    model.parameterNames.forEach((nm, j) => { params[nm] = p[j]; });
    return { name: 'petab', description: '', modelId: model.id, duration, outputTimes: Float64Array.from(outputTimes), outputAtDose: 'before', parameters: params, switches: {}, changes: [], initial, steadyState: false, doses: [], solver };
  };
  /** Model parameters carrying estimated ones in a condition: names and estimated indices. */
  const carriers = (carries: Map<number, number>): { names: string[]; ek: number[] } => {
    const names: string[] = [], ek: number[] = [];
    for (const [j, k] of carries) { const x = pm.estimated.indexOf(k); if (x >= 0) { names.push(model.parameterNames[j]); ek.push(x); } }
    return { names, ek };
  };
  const sim = conditionParameters(pm, e.condition, values);
  const { names, ek } = carriers(sim.carries);
  let initial: Record<string, number> = {};
  let s0: (Float64Array | null)[] | undefined;
  if (e.preequilibration) {
    // ∂y_pre/∂Θ (Θ: linear values), one n-vector per estimated parameter
    const Spre = Array.from({ length: ne }, () => new Float64Array(n));
    const pre = conditionParameters(pm, e.preequilibration, values);
    const cp = carriers(pre.carries);
    if (cp.names.length) {
      const r = simulateSensitivities(model, scenarioOf(pre.p, base.tPre!, [base.tPre!], {}), { parameters: cp.names });
      if (r.code !== 'success') return { X: base.X, dX, method: 'forward', failure: `preequilibration '${e.preequilibration}': the sensitivity run failed: ${r.message}` };
      model.stateNames.forEach((sn, i) => cp.names.forEach((pn, a) => { Spre[cp.ek[a]][i] += r.sensitivity(sn, pn)[0]; }));
    }
    // the simulation's start: y_pre, with the states the condition sets re-initialised
    const reset = new Set<number>();
    const y0 = model.initialState(sim.p);
    const start = base.yPre!.slice();
    for (const [id, v] of problem.conditions.get(e.condition)!.values) {
      if (typeof v === 'number' && Number.isNaN(v)) continue;
      const i = model.stateNames.indexOf(problem.sbml.symbols.get(id)!.name);
      if (i >= 0) { reset.add(i); start[i] = y0[i]; }
    }
    initial = Object.fromEntries(model.stateNames.map((sn, i) => [sn, start[i]]));
    // estimated parameters that act only through y_pre get their internal carrier
    for (let x = 0; x < ne; x++) if (!ek.includes(x) && Spre[x].some((v) => v !== 0)) { names.push(CARRIER + problem.parameters[pm.estimated[x]].id); ek.push(x); }
    const seen = new Set<number>();
    s0 = names.map((pn, a) => {
      const v = new Float64Array(n);
      // a re-initialised state starts at its set value: 1 for the parameter carrying it, else 0
      for (const i of reset) if (pn === IV + model.stateNames[i]) v[i] = 1;
      if (!seen.has(ek[a])) { seen.add(ek[a]); for (let i = 0; i < n; i++) if (!reset.has(i)) v[i] = Spre[ek[a]][i]; }
      return v;
    });
  }
  if (names.length === 0) return { ...base, dX, method: 'forward' };
  const outTimes = e.steady && !(e.times.length && e.times[e.times.length - 1] === tEnd) ? [...e.times, tEnd] : [...e.times];
  const r = simulateSensitivities(model, scenarioOf(sim.p, tEnd, outTimes, initial), { parameters: names, ...(s0 ? { initial: s0 } : {}) });
  if (r.code !== 'success') return { X: base.X, dX, method: 'forward', failure: `condition '${e.condition}': the sensitivity run failed: ${r.message}` };
  // rows: the output times, and the steady state as the last row
  const rowOf = (ti: number): number => (ti < e.times.length ? ti : outTimes.length - 1);
  const X = new Float64Array(nt * nq);
  pm.quantities.forEach((qn, q) => {
    const col = r.columns.find((c) => c.name === Q + qn)!.values;
    for (let ti = 0; ti < nt; ti++) X[ti * nq + q] = col[rowOf(ti)];
    names.forEach((pn, a) => {
      const sv = r.sensitivity(Q + qn, pn);
      const k = pm.estimated[ek[a]];
      const d = scaleDerivative(problem.parameters[k].scale, values[k]);
      for (let ti = 0; ti < nt; ti++) dX[(ti * nq + q) * ne + ek[a]] += sv[rowOf(ti)] * d;
    });
  });
  return { X, dX, method: 'forward' };
}
