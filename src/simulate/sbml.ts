/**
 * Runs an imported SBML model (model/sbml/import.ts) over a time grid, with SBML's events:
 * triggers found by the solver's root finding (SolveOptions.events) on the comparisons inside each
 * trigger (a − b for a < b, ...; a trigger without comparisons is located as a ±1 step), then, at
 * each trigger that turns true, its delay and (with useValuesFromTriggerTime) its assignment values
 * computed there; events due at one time execute one at a time by priority (higher first, document
 * order among equals), each followed by a re-evaluation of every trigger (cascades), and an event
 * whose trigger turns false before it executes is dropped unless persistent. Delayed events are
 * time stops: each solve runs to the next one.
 *
 * The event expressions are compiled with the model: they are added to a copy of the spec as
 * observables (named `__...`), so they read rules and states through the same generated code.
 */
import { solve } from '../solver/solve.js';
import { findMethod, type MethodName } from '../solver/methods/table.js';
import type { Method } from '../solver/method.js';
import type { SolverStats, ResultCode, OdeProblem, StepRecorder, DenseSource } from '../solver/types.js';
import { DenseRecord } from '../solver/dense-record.js';
import { compileModel, type Model } from '../model/model.js';
import type { ModelSpec, ObservableSpec } from '../model/spec.js';
import type { Expr } from '../model/expr/ast.js';
import { parse as parseExpr } from '../model/expr/parse.js';
import { toText } from '../model/expr/print.js';
import type { SbmlImport } from '../model/sbml/import.js';
import { RATE_OF_PREFIX } from '../model/sbml/mathml.js';

/**
 * Options of `runSbml`: output times (increasing, the first is the start), the SBML ids to report
 * (species as amount or concentration as asked, else as the id means), the solver method and
 * tolerances, step and wall-time limits, and the seed ordering simultaneous events of equal priority.
 */
export interface SbmlRunOptions {
  /** Output times (increasing; the first is the start time). */
  times: readonly number[];
  /** SBML ids to report. */
  variables: readonly string[];
  /** Ids (species) to report as amounts; other species as their concentration... */
  amount?: ReadonlySet<string>;
  /** ...and these as concentrations (a species in neither: as its id means). */
  concentration?: ReadonlySet<string>;
  /** Solver method name (default bdf; see METHOD_TABLE). */
  method?: MethodName;
  /** Relative tolerance. */
  rtol?: number;
  /** Absolute tolerance. */
  atol?: number;
  /** Step budget of the whole run. */
  maxSteps?: number;
  /** Wall-clock budget in seconds. */
  maxWallTime?: number;
  /** Seed of the random order among simultaneous events of equal priority (default 1). */
  seed?: number;
  /** Parameter values by the model's parameter names (magbone names of `imp.spec`), replacing the spec's before the initial state is computed (PEtab conditions). */
  parameters?: Readonly<Record<string, number>>;
}

/**
 * The result of `runSbml`: the result code and message (as `solve`'s), the output times, one column
 * per requested id (in request order), the number of events executed and the solver statistics.
 */
export interface SbmlRunResult {
  /** 'success', or why the run stopped (as `solve`'s). */
  code: ResultCode;
  /** Empty on success; otherwise what failed, when and where. */
  message: string;
  /** The output times. */
  times: Float64Array;
  /** One column per requested variable, in order. */
  columns: Float64Array[];
  /** Events executed. */
  eventsFired: number;
  /** Solver work counters over the whole run. */
  stats: SolverStats;
}

interface Pending { time: number; event: number; values?: Float64Array; order: number }

/** Compiled models of `runSbml` per import and output set (a Model is stateless: p carries the prepared values). */
const COMPILED = new WeakMap<SbmlImport, Map<string, Model>>();

function methodOf(name: SbmlRunOptions['method']): Method {
  return findMethod(name ?? 'bdf')!.make();
}

/**
 * The comparisons inside a trigger, as root functions whose side (< 0 or >= 0, roots.ts) changes
 * exactly where the comparison flips: a − b for a < b and a >= b, b − a for a > b and a <= b.
 */
function atoms(e: Expr, out: Expr[]): Expr[] {
  if (e.kind === 'binary') {
    if (['<', '>=', '==', '!='].includes(e.op)) out.push({ kind: 'binary', op: '-', left: e.left, right: e.right });
    else if (e.op === '>' || e.op === '<=') out.push({ kind: 'binary', op: '-', left: e.right, right: e.left });
    else { atoms(e.left, out); atoms(e.right, out); }
  } else if (e.kind === 'unary') atoms(e.arg, out);
  else if (e.kind === 'call') for (const a of e.args) atoms(a, out);
  return out;
}

/** Relative tolerance of an equality inside a trigger (tolerantEq), and how far past an instant (relative) the equality's fall is checked (afterInstant). */
const EQ_RTOL = 1e-10, EQ_AFTER = 1e-8;

/**
 * A trigger with its equalities made tolerant: `a == b` holds when |a − b| <= EQ_RTOL × max(|a|, |b|)
 * (`!=` is its negation). An equality of quantities that move (BIOMD0000000613 doses at
 * `time == event_counter + teri_times_initial`) holds at one instant, which the root finding locates
 * only to ~1e-12 relative: compared exactly, it would fire only where that instant happens to be hit
 * in floating point.
 */
function tolerantEq(e: Expr): Expr {
  const abs = (x: Expr): Expr => ({ kind: 'call', fn: 'abs', args: [x] });
  if (e.kind === 'binary') {
    const left = tolerantEq(e.left), right = tolerantEq(e.right);
    if (e.op === '==' || e.op === '!=') {
      const near: Expr = {
        kind: 'binary', op: '<=', left: abs({ kind: 'binary', op: '-', left, right }),
        right: { kind: 'binary', op: '*', left: { kind: 'num', value: EQ_RTOL }, right: { kind: 'call', fn: 'max', args: [abs(left), abs(right)] } },
      };
      return e.op === '==' ? near : { kind: 'unary', op: '!', arg: near };
    }
    return { ...e, left, right };
  }
  if (e.kind === 'unary') return { ...e, arg: tolerantEq(e.arg) };
  if (e.kind === 'call') return { ...e, args: e.args.map(tolerantEq) };
  return e;
}

/** e with the names `sub` gives an expression for replaced (undefined: kept). */
function mapSyms(e: Expr, sub: (name: string) => Expr | undefined): Expr {
  switch (e.kind) {
    case 'sym': return sub(e.name) ?? e;
    case 'unary': return { ...e, arg: mapSyms(e.arg, sub) };
    case 'binary': return { ...e, left: mapSyms(e.left, sub), right: mapSyms(e.right, sub) };
    case 'call': return { ...e, args: e.args.map((a) => mapSyms(a, sub)) };
    default: return e;
  }
}

/** The output expression of an SBML id in the requested form (amount or concentration). */
function outputExpr(imp: SbmlImport, id: string, amount: boolean | undefined): string {
  const s = imp.symbols.get(id);
  if (!s) throw new Error(`'${id}' is not an id of the model`);
  if (s.kind !== 'species' || amount === undefined || amount === s.isAmount) return s.name;
  return amount ? `${s.name} * ${s.compartment}` : `${s.name} / ${s.compartment}`;
}

/**
 * Runs an imported SBML model (`importSBML`) over a time grid with SBML's events: triggers located
 * by the solver's root finding, delays and priorities, assignments computed at trigger time when the
 * event says so, cascades re-evaluated after each event, and persistent or non-persistent triggers as
 * SBML defines them. Fast reactions are equilibrated first. Numerical failures come back in the
 * result's code and message, not thrown. Use it for SBML models with events; an SBML model without
 * events can also be compiled (`compileModel(imported.spec)`) and run like any other model.
 *
 * @example
 * ```ts
 * import { importSBML, runSbml } from 'magbone';
 * const xml = `<?xml version="1.0" encoding="UTF-8"?>
 * <sbml xmlns="http://www.sbml.org/sbml/level3/version2/core" level="3" version="2">
 *   <model id="decay">
 *     <listOfCompartments><compartment id="cell" size="1" constant="true"/></listOfCompartments>
 *     <listOfSpecies><species id="S" compartment="cell" initialAmount="10" hasOnlySubstanceUnits="false"
 *       boundaryCondition="false" constant="false"/></listOfSpecies>
 *     <listOfParameters><parameter id="k" value="0.5" constant="true"/></listOfParameters>
 *     <listOfReactions><reaction id="r" reversible="false">
 *       <listOfReactants><speciesReference species="S" stoichiometry="1" constant="true"/></listOfReactants>
 *       <kineticLaw><math xmlns="http://www.w3.org/1998/Math/MathML">
 *         <apply><times/><ci>k</ci><ci>S</ci></apply></math></kineticLaw>
 *     </reaction></listOfReactions>
 *   </model>
 * </sbml>`;
 * const run = runSbml(importSBML(xml), { times: [0, 1, 2], variables: ['S'] });
 * console.log(run.code, run.columns[0]); // success, 10·exp(−0.5·t)
 * ```
 */
export function runSbml(imp: SbmlImport, opt: SbmlRunOptions): SbmlRunResult {
  const ev = imp.events;
  const obs: Record<string, ObservableSpec> = {};
  const add = (name: string, expr: string): number => { obs[name] = { expr, unit: '?', description: 'internal' }; return Object.keys(obs).length - 1; };
  const outIdx = opt.variables.map((v, k) => add(`__out${k}`, outputExpr(imp, v, opt.amount?.has(v) ? true : opt.concentration?.has(v) ? false : undefined)));
  const trigIdx = ev.map((e, k) => add(`__trig${k}`, `if(${toText(tolerantEq(parseExpr(e.trigger)))}, 1, 0)`));
  const gIdx: number[] = [];
  ev.forEach((e, k) => {
    const as = atoms(parseExpr(e.trigger), []);
    if (as.length === 0) gIdx.push(add(`__g${k}_0`, `if(${e.trigger}, -1, 1)`));
    as.forEach((a, j) => gIdx.push(add(`__g${k}_${j}`, toText(a))));
  });
  const delayIdx = ev.map((e, k) => (e.delay ? add(`__delay${k}`, e.delay) : -1));
  const prioIdx = ev.map((e, k) => (e.priority ? add(`__prio${k}`, e.priority) : -1));
  const asgIdx = ev.map((e, k) => e.assignments.map((a, j) => add(`__asg${k}_${j}`, a.expr)));
  // delay(x, d): x and d as observables, x recorded over the run (its history), d read per evaluation
  const D = imp.delays;
  const xIdx = D.map((d, k) => add(`__dx${k}`, d.x));
  const dIdx = D.map((d, k) => add(`__dd${k}`, d.d));
  // x before the start, as SBML's reference results have it: a state set by an initial assignment
  // that reads time is that assignment at the past time; a rate (rateOf) is 0
  const timeRule = Object.entries(imp.spec.rules).find(([, r]) => r.expr === 't')?.[0];
  const pastOf = (x: string): Expr => mapSyms(parseExpr(x), (name) => {
    if (name.startsWith(RATE_OF_PREFIX)) return { kind: 'num', value: 0 };
    const init = imp.initialExprs.get(name);
    if (init !== undefined && new RegExp(`\\b(${timeRule ?? 't'}|t)\\b`).test(init)) return parseExpr(init);
    return undefined;
  });
  const x0Idx = D.map((d, k) => add(`__dx0_${k}`, toText(pastOf(d.x))));
  const spec0 = imp.spec;
  const noStates = Object.keys(spec0.states).length === 0;
  const spec: ModelSpec = {
    ...spec0,
    states: noStates ? { __clock: { unit: '?', description: 'internal (a model without states)', initial: 0, ode: '0', nonNegative: false } } : spec0.states,
    observables: { ...spec0.observables, ...obs },
  };
  // one compilation per model and set of outputs (PEtab evaluates the same runs again and again)
  let cache = COMPILED.get(imp);
  if (!cache) { cache = new Map(); COMPILED.set(imp, cache); }
  const key = JSON.stringify(obs);
  let model = cache.get(key);
  if (!model) { model = compileModel(spec); cache.set(key, model); }
  const p = model.params();
  if (opt.parameters) {
    for (const [name, v] of Object.entries(opt.parameters)) {
      const j = model.paramIndex(name);
      if (j < 0) throw new Error(`runSbml: '${name}' is not a parameter of the model`);
      p[j] = v;
    }
    model.prepare(p);
  }
  const n = model.stateNames.length;
  const stateIdx = new Map(model.stateNames.map((s, i) => [s, i]));
  const nObs = model.observableNames.length;
  const o = new Float64Array(nObs);
  const firstObs = model.observableNames.indexOf('__out0') >= 0 ? model.observableNames.indexOf('__out0') : model.observableNames.length - Object.keys(obs).length;
  const at = (k: number): number => o[firstObs + k];

  // ---- delays: the history of each delayed x (the quartic through its dense output at four points
  // per accepted step, as solve's own dense record), kept across the solves between events. Before
  // the run's start x is evaluated at the past time with the initial state (SBML: the variables keep
  // their initial values, time runs: delay(time, 1) at t0 is t0 − 1). d is evaluated per call unless
  // constant. Nested delays before the start recurse, at most m deep (then the value at t0).
  const m = D.length;
  const vIdx = Int32Array.from(D, (d) => model.paramIndex(d.value));
  const hist = new DenseRecord(Math.max(m, 1));
  const depthMax = m + 1;
  const oD = Array.from({ length: depthMax + 1 }, () => new Float64Array(nObs));
  const xD = Array.from({ length: depthMax + 1 }, () => new Float64Array(Math.max(m, 1)));
  const vD = Array.from({ length: depthMax + 1 }, () => new Float64Array(Math.max(m, 1)));
  const yb = new Float64Array(n), xb = new Float64Array(Math.max(m, 1)), xEnd = new Float64Array(Math.max(m, 1));
  const x0 = new Float64Array(m), yStart = new Float64Array(n);
  const constD = D.map((d) => [...d.d.matchAll(/[A-Za-z_][A-Za-z0-9_]*/g)].every(([w]) => spec.parameters[w] !== undefined && !D.some((q) => q.value === w)));
  const anyDynamic = constD.some((c) => !c);
  const dConst = new Float64Array(m);
  let tStart = Infinity;
  /** Sets each delay's value parameter to x at t − d (from the history; before the start, x there with the initial state). */
  const fill = (t: number, yy: Float64Array, depth = 0): void => {
    if (m === 0) return;
    const od = oD[depth], vals = vD[depth];
    // constant delays first; then the others, whose d may read them (d = delay(x, 1))
    for (let phase = 0; phase < 2; phase++) {
      if (phase === 1) {
        if (!anyDynamic) break;
        for (let k = 0; k < m; k++) if (constD[k]) p[vIdx[k]] = vals[k];
        model.outputs(t, yy, p, od);
      }
      for (let k = 0; k < m; k++) {
        if (constD[k] !== (phase === 0)) continue;
        const s = t - (constD[k] ? dConst[k] : od[firstObs + dIdx[k]]);
        if (s > tStart && hist.end === hist.end) {
          // past the recorded end (a delay shorter than the step): the last recorded value
          const end = hist.end;
          hist.evaluate(s < end ? s : end, false, xb);
          vals[k] = xb[k];
        } else if (depth < depthMax && s === s) {
          const xs = xD[depth + 1];
          xAt(s, yStart, xs, depth + 1);
          vals[k] = xs[k];
        } else vals[k] = x0[k];
      }
    }
    for (let k = 0; k < m; k++) p[vIdx[k]] = vals[k];
  };
  const xAt = (t: number, yy: Float64Array, out: Float64Array, depth = 0): void => {
    fill(t, yy, depth);
    const od = oD[depth];
    model.outputs(t, yy, p, od);
    const idx = t < tStart ? x0Idx : xIdx;
    for (let k = 0; k < m; k++) out[k] = od[firstObs + idx[k]];
  };
  let cur: DenseSource | undefined;
  const xSource: DenseSource = {
    get t() { return (cur as DenseSource).t; },
    get tPrev() { return (cur as DenseSource).tPrev; },
    get y() { const c = cur as DenseSource; xAt(c.t, c.y, xEnd); return xEnd; },
    interpolate(s: number, out: Float64Array): void { (cur as DenseSource).interpolate(s, yb); xAt(s, yb, out); },
  };
  const recorder: StepRecorder = {
    begin(t: number, yy: Float64Array): void { xAt(t, yy, xEnd); hist.begin(t, xEnd); },
    addStep(st: DenseSource, tEnd?: number): void { cur = st; hist.addStep(xSource, tEnd); },
  };
  const evalAt = (t: number, y: Float64Array): void => { fill(t, y); model.outputs(t, y, p, o); };

  const times = Float64Array.from(opt.times);
  const t0 = times[0], tEnd = times[times.length - 1];
  const cols = opt.variables.map(() => new Float64Array(times.length).fill(NaN));
  let iOut = 0;
  const record = (t: number, y: Float64Array): void => {
    evalAt(t, y);
    for (let v = 0; v < cols.length; v++) cols[v][iOut] = at(outIdx[v]);
    iOut++;
  };

  const y = model.initialState(p);
  let hMaxDelay = Infinity;
  const breaks: number[] = [];
  if (m > 0) {
    for (let k = 0; k < m; k++) x0[k] = p[vIdx[k]]; // x at t0, as the import evaluated it
    yStart.set(y);
    const od = oD[0];
    model.outputs(t0, y, p, od);
    for (let k = 0; k < m; k++) if (constD[k]) dConst[k] = od[firstObs + dIdx[k]];
    tStart = t0;
    for (let k = 0; k < m; k++) {
      if (!constD[k]) continue;
      // steps no longer than a constant delay (x at t − d is then always recorded: the method of
      // steps), and a restart where the start's jump in x' reaches the solution (t0 + j·d)
      if (dConst[k] > 0) {
        hMaxDelay = Math.min(hMaxDelay, dConst[k]);
        for (let j = 1; j <= 6 && t0 + j * dConst[k] < tEnd; j++) breaks.push(t0 + j * dConst[k]);
      }
    }
    breaks.sort((a, b) => a - b);
  }
  const prev = ev.map((e) => e.initialValue);
  const pending: Pending[] = [];
  let order = 0, fired = 0;
  // mulberry32: a small seeded generator for the random order of simultaneous equal-priority events
  let seed = (opt.seed ?? 1) >>> 0;
  const random = (): number => {
    seed = (seed + 0x6d2b79f5) >>> 0;
    let z = seed;
    z = Math.imul(z ^ (z >>> 15), z | 1);
    z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
    return ((z ^ (z >>> 14)) >>> 0) / 4294967296;
  };
  const stats: SolverStats = { steps: 0, rejected: 0, rhs: 0, rhsJac: 0, jac: 0, lu: 0, newton: 0, newtonFailures: 0, errorTestFailures: 0, jacFallback: 0, roots: 0, rootEvals: 0 };
  const addStats = (s: SolverStats): void => {
    for (const k of Object.keys(stats) as (keyof SolverStats)[]) (stats[k] as number) = (stats[k] ?? 0) + (s[k] ?? 0);
  };

  /** Re-evaluates the triggers at (t, y): schedules events turning true, drops non-persistent ones turning false. */
  const triggers = (t: number): void => {
    evalAt(t, y);
    for (let k = 0; k < ev.length; k++) {
      const now = at(trigIdx[k]) !== 0;
      if (now && !prev[k]) {
        const delay = delayIdx[k] >= 0 ? at(delayIdx[k]) : 0;
        const values = ev[k].useValuesFromTriggerTime ? Float64Array.from(asgIdx[k], (j) => at(j)) : undefined;
        pending.push({ time: t + Math.max(delay, 0), event: k, values, order: order++ });
      } else if (!now && prev[k] && !ev[k].persistent) {
        for (let i = pending.length - 1; i >= 0; i--) if (pending[i].event === k) pending.splice(i, 1);
      }
      prev[k] = now;
    }
  };
  /**
   * After the events at t: a trigger true at t through an equality may be true only at that instant
   * (`time == 12`). It is evaluated just after (t + EQ_AFTER × max(1, |t|), same state); if false
   * there, its fall is taken (a non-persistent event waiting on it is dropped), so that the trigger can
   * turn true again later (`time == event_counter + 12` at the next dose).
   */
  const hasEq = ev.map((e) => /==|!=/.test(e.trigger));
  const afterInstant = (t: number): void => {
    if (!hasEq.some((h, k) => h && prev[k])) return;
    evalAt(t + EQ_AFTER * Math.max(1, Math.abs(t)), y);
    for (let k = 0; k < ev.length; k++) {
      if (!hasEq[k] || !prev[k] || at(trigIdx[k]) !== 0) continue;
      prev[k] = false;
      if (!ev[k].persistent) for (let i = pending.length - 1; i >= 0; i--) if (pending[i].event === k) pending.splice(i, 1);
    }
  };
  /** Executes the events due at t, one at a time by priority, re-checking triggers after each. */
  const execute = (t: number): void => {
    for (let guard = 0; guard < 100000; guard++) {
      const due = pending.filter((q) => q.time <= t);
      if (!due.length) return;
      evalAt(t, y);
      // highest priority first; among equal explicit priorities a random one (SBML: "the order is
      // random"; a seeded generator, so a run is reproducible); without priorities document order
      let best = due[0], bestP = -Infinity, ties = 0;
      for (const q of due) {
        const pr = prioIdx[q.event] >= 0 ? at(prioIdx[q.event]) : -Infinity;
        if (pr > bestP) { best = q; bestP = pr; ties = 1; }
        else if (pr === bestP && pr !== -Infinity) { ties++; if (random() * ties < 1) best = q; }
        else if (pr === bestP && q.order < best.order) best = q;
      }
      pending.splice(pending.indexOf(best), 1);
      const e = ev[best.event];
      const vals = best.values ?? Float64Array.from(asgIdx[best.event], (j) => at(j));
      // assignments are simultaneous: values first (above), then states. A concentration assigned to a
      // species whose state is its amount is multiplied by the compartment size before the event
      // (as SBML's reference results do when the same event also resizes the compartment)
      const sizes = e.assignments.map((a) => {
        if (!a.scale) return 1;
        const si = stateIdx.get(a.scale);
        return si !== undefined ? y[si] : p[model.paramIndex(a.scale)];
      });
      e.assignments.forEach((a, j) => { y[stateIdx.get(a.state)!] = vals[j] * sizes[j]; });
      fired++;
      triggers(t);
    }
    throw new Error(`more than 100000 events at t=${t}: an event loop`);
  };

  const method = methodOf(opt.method);
  if (imp.fast) {
    // fast reactions start at their equilibrium: only they run (the others switched off) for a
    // time far beyond their relaxation time (scale × rate constants); then the run starts at t0
    const pEq = model.params();
    pEq[model.paramIndex(imp.fast.slow)] = 0;
    model.prepare(pEq); // the switch is folded into precomputed constants
    const horizon = 1e-5 * Math.max(1, Math.abs(tEnd - t0));
    const eq = solve(model.problem({ p: pEq, y0: y, t0, tEnd: t0 + horizon }), method, { rtol: opt.rtol ?? 1e-8, atol: opt.atol ?? 1e-10, maxSteps: opt.maxSteps ?? 200000 });
    if (eq.code !== 'success') return { code: eq.code, message: `equilibrating the fast reactions at t=${t0}: ${eq.message}`, times, columns: cols, eventsFired: 0, stats: eq.stats };
    y.set(eq.yFinal);
  }
  let t = t0;
  triggers(t);
  execute(t);
  afterInstant(t);
  record(t, y);
  let code: ResultCode = 'success', message = '';
  const nG = gIdx.length;
  const gObs = Int32Array.from(gIdx);
  while (t < tEnd) {
    let next = pending.reduce((a, q) => Math.min(a, q.time), Infinity);
    for (const b of breaks) if (b > t * (1 + 1e-14) + 1e-300 && b < next) { next = b; break; }
    const segEnd = Math.min(next, tEnd);
    const outs: number[] = [];
    for (let k = iOut; k < times.length && times[k] <= segEnd; k++) outs.push(times[k]);
    if (segEnd > t) {
      const base = model.problem({ p, y0: y, t0: t, tEnd: segEnd });
      const f0 = base.f, j0 = base.jac;
      const problem: OdeProblem = m === 0 ? base : {
        ...base,
        f: (tt, yy, dy) => { fill(tt, yy); f0(tt, yy, dy); },
        ...(j0 ? { jac: (tt: number, yy: Float64Array, J: Float64Array) => { fill(tt, yy); j0(tt, yy, J); } } : {}),
        autonomous: false,
      };
      // with triggers, steps no longer than the output spacing: a trigger that flips twice within
      // one step (an oscillation) would be missed, its root functions having one sign at both ends
      const hMax = Math.min(hMaxDelay, nG > 0 && times.length > 1 ? (tEnd - t0) / (times.length - 1) : Infinity);
      const sol = solve(problem, method, {
        rtol: opt.rtol ?? 1e-8, atol: opt.atol ?? 1e-10, tOut: outs.filter((x) => x > t), maxSteps: opt.maxSteps ?? 200000,
        ...(hMax < Infinity ? { hMax } : {}),
        // a restart at a delay's breakpoint often finds a state at 0 (x(t0 + d) = 0 in the tests), where
        // the automatic first step of rodas and dopri (0.01·|y|/|f|) falls below 16 ulps of t: a first
        // step the controller may shrink instead
        ...(m > 0 ? { record: recorder, h0: Math.min(hMax, (segEnd - t) * 1e-3) } : {}),
        ...(opt.maxWallTime ? { maxWallTime: opt.maxWallTime } : {}),
        events: nG === 0 ? undefined : {
          count: nG,
          g: (tt, yy, out) => { fill(tt, yy); model.outputs(tt, yy, p, o); for (let k = 0; k < nG; k++) out[k] = o[firstObs + gObs[k]]; },
          // stop when some trigger changes its truth value
          onRoot: (tt, yy) => {
            fill(tt, yy);
            model.outputs(tt, yy, p, o);
            for (let k = 0; k < ev.length; k++) if ((o[firstObs + trigIdx[k]] !== 0) !== prev[k]) return true;
            return false;
          },
        },
      });
      addStats(sol.stats);
      for (let k = 0; k < sol.t.length; k++) {
        const row = Float64Array.from(sol.y, (c) => c[k]);
        record(sol.t[k], row);
      }
      if (sol.code !== 'success') { code = sol.code; message = sol.message; break; }
      t = sol.tFinal;
      y.set(sol.yFinal);
      if (sol.event) {
        // an output row exactly at the event time holds the state after the event
        triggers(t);
        execute(t);
        afterInstant(t);
        if (iOut > 0 && times[iOut - 1] === t) { iOut--; record(t, y); }
        continue;
      }
    } else t = segEnd;
    execute(t);
    afterInstant(t);
    if (iOut > 0 && times[iOut - 1] === t) { iOut--; record(t, y); }
  }
  return { code, message, times, columns: cols, eventsFired: fired, stats };
}
