/**
 * Export of a model and a selection of the study library as a PEtab v1 problem (docs/petab.md,
 * "Export"): the SBML model (`toSBML` of a derived spec), the condition, observable, measurement and
 * parameter tables, the problem file and a report of what was exported and what was declined, each
 * declined measurement with its reason.
 *
 * How the study library maps onto PEtab v1 (one simulation condition per measured arm):
 *  - An arm and the arms it starts `after` run as one condition on one time axis: the first arm
 *    from t = 0, each following arm from the end of the one before. What a scenario sets (its
 *    parameters, from `parameters`, `diet`, `conditions`, …, and its `changes`) becomes a list of
 *    segments; a parameter whose value changes between segments, or that is estimated and set by
 *    some arm, is read by the model through the rule `<p>__pet_eff` = piecewise(`<p>__pet_s1`,
 *    t < `__pet_T1`, `<p>__pet_s2`, …), whose segment values and switch times the condition table sets
 *    (a segment value is the estimated parameter's id when the arm does not fix it). The model's
 *    own `t` becomes the time since the current arm started (`__pet_tarm`).
 *  - An infusion (`doses` with `rate`) is a term of its target state's ODE switched on over
 *    [start, end) (`__pet_inf_<cmt>`, slots of rate, start and end per condition); a bolus at t = 0
 *    of the first arm adds to the target's initial value. A bolus at a later time (and so any repeated
 *    bolus) needs an SBML event: declined.
 *  - A value at an earlier time (a change, ratio or percent change against the arm's baseline, or an
 *    increment over a window) is read from a frozen copy of the model: states `<x>__pet_b<k>` whose
 *    ODE is the original one until the time `__pet_tb<k>` and 0 after, and the rules the observable
 *    needs evaluated on them (`t` replaced by that time). The observable formula then combines the
 *    current and the frozen values exactly as the evidence engine does.
 *  - A comparison with another arm (`versus`: contrasts, ratios and percent changes against it) runs
 *    both arms in one condition: the model holds a second copy of itself (names suffixed `__pet_v`,
 *    internal parameters `__pet_v_…`) for the compared arm and its `after` chain, with its own
 *    segments, infusions and frozen copies; the measurement is read at the later of the two arms'
 *    times on the condition's axis.
 *  - The noise is the measurement's total SE on its residual scale (SE and model discrepancy in
 *    quadrature) as a numeric noise parameter; a log-scale measurement has observableTransformation
 *    `log` (a percent change on the log scale as the ratio 1 + y/100). chi2 is then the evidence
 *    engine's Σ r² exactly.
 * Declined, each measurement with its reason: qualitative facts (not likelihood terms), boluses after
 * t = 0 (repeated dosing), a value read at t = 0 with a bolus then, arms starting from a steady
 * state, scenarios that set initial values or switches.
 */
import type { Model } from '../../model/model.js';
import type { ModelSpec, ParameterSpec, RuleSpec, StateSpec, ObservableSpec } from '../../model/spec.js';
import { parse as parseExpr } from '../../model/expr/parse.js';
import { mapLeaves, symbolsOf, type Expr } from '../../model/expr/ast.js';
import { toText } from '../../model/expr/print.js';
import { compileModel } from '../../model/model.js';
import { toSBML } from '../../model/sbml/write.js';
import { InputError, type InputIssue } from '../../core/issues.js';
import { expandDoses } from '../../model/dosing.js';
import type { Study, Arm, Measurement } from '../evidence/study.js';
import { isQuantitative, totalSE, studyObjective, type Prior } from '../evidence/likelihood.js';

/** Options of `exportPetab`. */
export interface PetabExportOptions {
  /** The estimated parameters (model parameter names; log scale, as the evidence engine estimates them). */
  params: readonly string[];
  /** Bounds (natural scale) per parameter; default as `studyObjective`: the spec's bounds ∩ [p₀/1000, 1000·p₀]. */
  bounds?: Readonly<Record<string, readonly [number, number]>>;
  /** Global model discrepancy (relative SD), as `studyObjective`'s; a study's own `modelError` wins. */
  modelError?: number;
  /** File name of the SBML model in the problem (default "model.xml"). */
  modelFile?: string;
  /** The evidence engine's Gaussian priors on ln p (as `studyObjective`'s), written as objectivePriorType parameterScaleNormal with parameters ln(median);sdLog. */
  priors?: Readonly<Record<string, Prior>>;
}

/** A measurement written to measurements.tsv. */
export interface PetabExportedRow {
  /** "study/arm/measurement". */
  label: string;
  /** The observableId of the row in observables.tsv. */
  observableId: string;
  /** The simulationConditionId of the row in conditions.tsv. */
  conditionId: string;
  /** Time on the condition's axis (model time unit). */
  time: number;
  /** The measurement column (the value, or 1 + y/100 for a percent change on the log scale). */
  measurement: number;
  /** σ on the residual scale. */
  sigma: number;
}

/** The written problem: file name → text, and what was exported or declined. */
export interface PetabExport {
  /** File name → text: problem.yaml, the SBML model and the four tables. */
  files: Record<string, string>;
  /** The measurements written to measurements.tsv, in file order. */
  exported: PetabExportedRow[];
  /** Measurements not exported, with the reason. */
  declined: {
    /** "study/arm/measurement". */
    label: string;
    /** Why it could not be written as a PEtab measurement. */
    reason: string;
  }[];
}

const P = '__pet_';
const SOURCE = 'assumed: added by magbone export petab (docs/petab.md, "Export")';
const BIG = 1e30; // a switch time that is never reached

interface Segment { start: number; armStart: number; params: Record<string, number> }
interface Infusion { cmt: string; rate: number; start: number; end: number }
interface Chain {
  id: string;
  study: Study;
  arms: Arm[];
  offsets: Map<string, number>;
  segments: Segment[];
  infusions: Infusion[];
  bolus0: Map<string, number>;
  /** Why the whole chain cannot be exported. */
  reason?: string;
}

const sid = (s: string): string => { const x = s.replace(/[^A-Za-z0-9_]/g, '_'); return /^[A-Za-z_]/.test(x) ? x : `_${x}`; };
const num = (x: number): string => (Number.isInteger(x) ? String(x) : String(+x.toPrecision(17)));

/** The arms from the root of `after` to `arm`, or why they cannot run as one PEtab condition. */
function buildChain(study: Study, arm: Arm, model: Model): Chain {
  const arms: Arm[] = [];
  for (let a: Arm | undefined = arm; a; a = a.after === undefined ? undefined : study.arms.find((x) => x.id === a!.after)) arms.unshift(a);
  const chain: Chain = { id: sid(`${study.id}__${arm.id}`), study, arms, offsets: new Map(), segments: [], infusions: [], bolus0: new Map() };
  const reasons: string[] = [];
  let off = 0;
  arms.forEach((a, i) => {
    const s = a.scenario;
    chain.offsets.set(a.id, off);
    if (s.steadyState) reasons.push(`arm ${a.id} starts from a steady state (PEtab v1 preequilibration restarts the clock and cannot carry the baseline copies; not used by the library)`);
    if (Object.keys(s.initial).length) reasons.push(`arm ${a.id} sets initial values (${Object.keys(s.initial).join(', ')})${i > 0 ? ' after the start: an SBML event' : ''}; not exported`);
    if (Object.keys(s.switches).length || s.changes.some((c) => Object.keys(c.switches).length)) reasons.push(`arm ${a.id} sets pathway switches; not exported`);
    const params = { ...s.parameters };
    chain.segments.push({ start: off, armStart: off, params: { ...params } });
    for (const c of s.changes) {
      if (c.time >= s.duration) continue;
      Object.assign(params, c.parameters);
      const seg = { start: off + c.time, armStart: off, params: { ...params } };
      const last = chain.segments[chain.segments.length - 1];
      if (last.start === seg.start) chain.segments[chain.segments.length - 1] = seg; else chain.segments.push(seg);
    }
    const late = new Map<string, number[]>(); // boluses after the start, by target
    for (const e of expandDoses(s.doses)) {
      if (e.time > s.duration || e.kind !== 'bolus') continue;
      if (e.time === 0 && i === 0) chain.bolus0.set(e.cmt, (chain.bolus0.get(e.cmt) ?? 0) + e.amount);
      else late.set(e.cmt, [...(late.get(e.cmt) ?? []), e.time]);
    }
    for (const [cmt, ts] of late) {
      const when = ts.length === 1 ? `a bolus of ${cmt} at t = ${num(ts[0])} ${model.timeUnit}` : `${ts.length} boluses of ${cmt} (repeated dosing) at t = ${num(ts[0])} … ${num(ts[ts.length - 1])} ${model.timeUnit}`;
      reasons.push(`arm ${a.id} has ${when}${i > 0 && ts[0] === 0 ? ' (at the start of an arm after another)' : ''}: a dose after the start needs an SBML event, which PEtab v1 has no dosing table for and magbone's PEtab reader does not run`);
    }
    for (const r of s.doses) {
      if (!(r.rate !== undefined && r.rate > 0)) continue;
      for (let k = 0; k <= (r.addl ?? 0); k++) {
        const t = r.time + k * (r.ii ?? 0);
        if (t >= s.duration) continue;
        chain.infusions.push({ cmt: r.cmt, rate: r.rate, start: off + t, end: off + Math.min(t + r.amt / r.rate, s.duration) });
      }
    }
    off += s.duration;
  });
  if (reasons.length) chain.reason = [...new Set(reasons)].join('; ');
  return chain;
}

/** A value a measurement reads: the observable in a lane (0: its arm, 1: the `versus` arm) at a time of the condition's axis. */
interface Point { lane: 0 | 1; t: number }
/** A condition: the arm's chain (lane 0) and, for a comparison with another arm, that arm's chain (lane 1). */
interface Cond { id: string; study: Study; lanes: Chain[] }
/**
 * What a measurement reads: a = value at t2 (minus t1), b = the reference, each a Point; with a difference of changes from
 * baseline also a0 and b0, the two arms at their common baseline; T the measurement time (the latest).
 */
interface Plan { m: Measurement; cond: Cond; a: [Point, Point?]; b?: [Point, Point?]; a0?: Point; b0?: Point; T: number }

/**
 * Exports `studies` on `model` as a PEtab v1 problem (see the file comment). Throws InputError when
 * a parameter cannot be estimated (as `studyObjective`) or when no measurement can be expressed
 * (every reason listed).
 */
export function exportPetab(model: Model, studies: readonly Study[], opts: PetabExportOptions): PetabExport {
  // the objective checks the parameters and gives the bounds the evidence engine uses
  const objective = studyObjective(studies, model, { params: opts.params, ...(opts.bounds ? { bounds: opts.bounds } : {}), ...(opts.priors ? { priors: opts.priors } : {}), ...(opts.modelError !== undefined ? { modelError: opts.modelError } : {}) });
  const spec0 = model.spec;
  const declined: PetabExport['declined'] = [];
  const chains = new Map<string, Chain>();
  const conds = new Map<string, Cond>();
  const plans: Plan[] = [];
  const chainOf = (study: Study, armId: string): Chain => {
    const key = `${study.id}\u0000${armId}`;
    let c = chains.get(key);
    if (!c) { c = buildChain(study, study.arms.find((x) => x.id === armId)!, model); chains.set(key, c); }
    return c;
  };
  for (const study of studies) {
    for (const arm of study.arms) {
      for (const m of arm.measurements) {
        if (!isQuantitative(m)) { declined.push({ label: m.label, reason: 'qualitative fact: a check, not a likelihood term' }); continue; }
        const own = chainOf(study, arm.id);
        const versus = m.reference && m.reference.arm !== m.arm ? chainOf(study, m.reference.arm) : undefined;
        const reason = [own.reason, versus?.reason && `the arm it is compared with (${m.reference!.arm}): ${versus.reason}`].filter(Boolean).join('; ');
        if (reason) { declined.push({ label: m.label, reason }); continue; }
        const off = own.offsets.get(arm.id)!;
        const a: [Point, Point?] = [{ lane: 0, t: off + m.at.t2 }, ...(m.at.t1 !== undefined ? [{ lane: 0 as const, t: off + m.at.t1 }] : [])] as [Point, Point?];
        let b: [Point, Point?] | undefined;
        if (m.reference) {
          const lane = versus ? 1 : 0;
          const o = versus ? versus.offsets.get(m.reference.arm)! : off;
          const r = m.reference.at;
          b = [{ lane, t: o + r.t2 }, ...(r.t1 !== undefined ? [{ lane, t: o + r.t1 }] : [])] as [Point, Point?];
        }
        // a difference of changes from baseline: both arms also at their common baseline
        const t0 = m.reference?.baseline;
        const a0: Point | undefined = t0 !== undefined ? { lane: 0, t: off + t0 } : undefined;
        const b0: Point | undefined = t0 !== undefined && versus ? { lane: 1, t: versus.offsets.get(m.reference!.arm)! + t0 } : undefined;
        const points = [...a, ...(b ?? []), a0, b0].filter((p): p is Point => p !== undefined);
        const T = Math.max(...points.map((p) => p.t));
        if (!versus && T > a[0].t) { declined.push({ label: m.label, reason: 'its baseline is after the measurement time' }); continue; }
        if (points.some((p) => p.t === 0 && (p.lane === 0 ? own : versus!).bolus0.size)) { declined.push({ label: m.label, reason: 'reads a value at t = 0, before the dose given at t = 0 (PEtab reads after it)' }); continue; }
        const id = versus ? sid(`${study.id}__${arm.id}__vs__${m.reference!.arm}`) : own.id;
        let cond = conds.get(id);
        if (!cond) { cond = { id, study, lanes: versus ? [own, versus] : [own] }; conds.set(id, cond); }
        plans.push({ m, cond, a, ...(b ? { b } : {}), ...(a0 && b0 ? { a0, b0 } : {}), T });
      }
    }
  }
  if (plans.length === 0) {
    throw new InputError([{ path: ['studies'], message: `no measurement can be expressed in PEtab v1:\n${declined.map((d) => `  ${d.label}: ${d.reason}`).join('\n')}` }], 'export petab');
  }
  const used = [...conds.values()];
  const nLanes = used.some((c) => c.lanes.length > 1) ? 2 : 1;
  const laneChains = (lane: number): Chain[] => used.map((c) => c.lanes[lane]).filter((c): c is Chain => c !== undefined);

  // --- the derived spec: one copy of the model per lane (lane 1 only when some measurement compares two arms)
  const parameters: Record<string, ParameterSpec> = { ...spec0.parameters };
  const states: Record<string, StateSpec> = {};
  const rules: Record<string, RuleSpec> = {};
  const observables: Record<string, ObservableSpec> = { ...spec0.observables };
  const estimated = new Set(opts.params);
  const addParam = (name: string, value: number, unit: string, description: string): void => { parameters[name] = { value, unit, description, source: SOURCE }; };
  const tu = spec0.timeUnit;
  /** Internal parameter names of a lane (`__pet_`, `__pet_v_`), and the suffix of its copy of the model's names. */
  const pre = (lane: number): string => (lane === 0 ? P : `${P}v_`);
  const sfx = (lane: number): string => (lane === 0 ? '' : `${P}v`);
  const named = (lane: number, n: string): string => `${n}${sfx(lane)}`;

  // parameters read through segments: changed within a lane of a condition, estimated and set by an arm, or (two lanes) set by any arm
  const allChains = [...new Set(used.flatMap((c) => c.lanes))];
  const setAnywhere = new Set<string>();
  for (const c of allChains) for (const s of c.segments) for (const k of Object.keys(s.params)) setAnywhere.add(k);
  const switched = [...setAnywhere].filter((p) => nLanes > 1 || estimated.has(p) || allChains.some((c) => new Set(c.segments.map((s) => s.params[p] ?? NaN)).size > 1));
  const direct = [...setAnywhere].filter((p) => !switched.includes(p));
  const usesTime = [...Object.values(spec0.states).map((s) => s.ode), ...Object.values(spec0.rules).map((r) => r.expr), ...Object.values(spec0.observables).map((o) => o.expr)]
    .some((e) => symbolsOf(parseExpr(e)).includes('t'));
  const K = Math.max(...allChains.map((c) => c.segments.length));
  const needSegments = switched.length > 0 || (usesTime && allChains.some((c) => c.arms.length > 1));
  const nSeg = needSegments ? K : 1;
  const seg = (lane: number, j: number, name: string): string => `${name}${pre(lane)}s${j + 1}`;
  const subst = (text: string, map: ReadonlyMap<string, string>): string => {
    if (map.size === 0) return text;
    return toText(mapLeaves(parseExpr(text), (leaf): Expr => (leaf.kind === 'sym' && map.has(leaf.name) ? { ...leaf, name: map.get(leaf.name)! } : leaf)));
  };
  const targets = spec0.doses ?? {};
  const bioav = (cmt: string, map: ReadonlyMap<string, string>): string => (targets[cmt].bioavailability ? `(${subst(targets[cmt].bioavailability!, map)}) * ` : '');
  const slots: Map<string, number>[] = [];
  const bolusTargets: Set<string>[] = [];
  for (let lane = 0; lane < nLanes; lane++) {
    const L = pre(lane);
    const piecewiseOf = (f: (j: number) => string): string => {
      if (nSeg === 1) return f(0);
      const parts: string[] = [];
      for (let j = 0; j < nSeg - 1; j++) parts.push(f(j), `t < ${L}T${j + 1}`);
      parts.push(f(nSeg - 1));
      return `piecewise(${parts.join(', ')})`;
    };
    if (needSegments) for (let j = 1; j < nSeg; j++) addParam(`${L}T${j}`, BIG, tu, `start of segment ${j + 1} of the condition's time axis${lane ? ' (the compared arm)' : ''} (set per condition)`);
    // every state, rule and observable of the model: in lane 1 under its suffixed name
    const rename = new Map<string, string>();
    if (lane > 0) for (const n of [...Object.keys(spec0.states), ...Object.keys(spec0.rules), ...Object.keys(spec0.observables)]) rename.set(n, named(lane, n));
    for (const p of switched) {
      const ps = spec0.parameters[p];
      for (let j = 0; j < nSeg; j++) addParam(seg(lane, j, p), ps.value, ps.unit, `${p} in segment ${j + 1} of the condition${lane ? ' (the compared arm)' : ''} (set per condition)`);
      rules[`${p}${L}eff`] = { expr: piecewiseOf((j) => seg(lane, j, p)), unit: ps.unit, description: `${p} in force at time t${lane ? ' in the compared arm' : ''} (its segment's value)` };
      rename.set(p, `${p}${L}eff`);
    }
    if (usesTime) {
      if (needSegments) for (let j = 0; j < nSeg; j++) addParam(`${L}O${j + 1}`, 0, tu, `start of the arm in force in segment ${j + 1} (set per condition)`);
      rules[`${L}tarm`] = { expr: needSegments ? `t - ${piecewiseOf((j) => `${L}O${j + 1}`)}` : 't', unit: tu, description: 'time since the current arm started' };
      rename.set('t', `${L}tarm`);
    }
    // initial values: segment 1's parameter values, the lane's names
    const initRename = new Map<string, string>([...rename].filter(([k]) => k !== 't' && !switched.includes(k)));
    for (const p of switched) initRename.set(p, seg(lane, 0, p));
    for (const [name, s] of Object.entries(spec0.states)) {
      const initial = typeof s.initial === 'number' ? s.initial : subst(s.initial, initRename);
      states[named(lane, name)] = { ...s, ...(lane ? { description: `${s.description} (the compared arm)` } : {}), initial, ode: subst(s.ode, rename) };
    }
    for (const [name, r] of Object.entries(spec0.rules)) rules[named(lane, name)] = { ...r, expr: subst(r.expr, rename) };
    for (const [name, o] of Object.entries(spec0.observables)) observables[named(lane, name)] = { ...o, expr: subst(o.expr, rename) };
    // infusions and boluses at t = 0
    const sl = new Map<string, number>();
    for (const c of laneChains(lane)) {
      const count = new Map<string, number>();
      for (const f of c.infusions) count.set(f.cmt, (count.get(f.cmt) ?? 0) + 1);
      for (const [cmt, n] of count) sl.set(cmt, Math.max(sl.get(cmt) ?? 0, n));
    }
    slots.push(sl);
    for (const [cmt, n] of sl) {
      const t = targets[cmt], sn = named(lane, t.state), st = states[sn];
      const terms: string[] = [];
      for (let j = 1; j <= n; j++) {
        addParam(`${L}${cmt}_r${j}`, 0, `${t.amountUnit}/${tu}`, `rate of infusion ${j} of ${cmt} (set per condition)`);
        addParam(`${L}${cmt}_a${j}`, 0, tu, `start of infusion ${j} of ${cmt}`);
        addParam(`${L}${cmt}_b${j}`, 0, tu, `end of infusion ${j} of ${cmt}`);
        terms.push(`piecewise(${L}${cmt}_r${j}, t >= ${L}${cmt}_a${j} && t < ${L}${cmt}_b${j}, 0)`);
      }
      rules[`${L}inf_${cmt}`] = { expr: `${bioav(cmt, rename)}(${terms.join(' + ')})`, unit: `${t.amountUnit}/${tu}`, description: `infusion into ${t.state} through ${cmt}` };
      states[sn] = { ...st, ode: `${st.ode} + ${L}inf_${cmt}` };
    }
    const bt = new Set(laneChains(lane).flatMap((c) => [...c.bolus0.keys()]));
    bolusTargets.push(bt);
    for (const cmt of bt) {
      const t = targets[cmt], sn = named(lane, t.state), st = states[sn];
      addParam(`${L}${cmt}_bolus0`, 0, t.amountUnit, `bolus of ${cmt} at t = 0 (set per condition)`);
      const init = typeof st.initial === 'number' ? num(st.initial) : `(${st.initial})`;
      states[sn] = { ...st, initial: `${init} + ${bioav(cmt, initRename)}${L}${cmt}_bolus0` };
    }
  }

  // --- frozen copies for the values at earlier times, per lane
  const frozenTimes = new Map<string, number[][]>(); // condition → lane → times
  for (const pl of plans) {
    const lists = frozenTimes.get(pl.cond.id) ?? [[], []];
    for (const p of [...pl.a, ...(pl.b ?? []), pl.a0, pl.b0]) if (p && p.t < pl.T && !lists[p.lane].includes(p.t)) lists[p.lane].push(p.t);
    for (const l of lists) l.sort((x, y) => x - y);
    frozenTimes.set(pl.cond.id, lists);
  }
  const nFrozen = [0, 1].map((lane) => Math.max(0, ...[...frozenTimes.values()].map((l) => l[lane].length)));
  const stateNames = new Set(Object.keys(states));
  const depsOf = (n: string): string[] => {
    const e = rules[n]?.expr ?? observables[n]?.expr;
    return e === undefined ? [] : symbolsOf(parseExpr(e));
  };
  const dynamic = new Map<string, boolean>();
  const isDynamic = (n: string): boolean => {
    if (n === 't' || stateNames.has(n)) return true;
    if (!(n in rules)) return false;
    if (dynamic.has(n)) return dynamic.get(n)!;
    dynamic.set(n, false);
    const d = depsOf(n).some(isDynamic);
    dynamic.set(n, d);
    return d;
  };
  const frozenMade = new Set<string>();
  /** The frozen copy (slot k of `lane`) of a state, rule or observable (its lane's name); returns its name. */
  const frozen = (name: string, lane: number, k: number): string => {
    const fz = `${name}${P}b${k}`;
    if (frozenMade.has(fz)) return fz;
    frozenMade.add(fz);
    const tb = `${pre(lane)}tb${k}`;
    const map = new Map<string, string>([['t', tb]]);
    if (stateNames.has(name)) {
      const st = states[name];
      // the initial value with a bolus at t = 0 (a value read at t = 0 with one is declined: magbone reads before it)
      states[fz] = { ...st, description: `${name} frozen at time ${tb}`, ode: `piecewise(${st.ode}, t < ${tb}, 0)` };
      return fz;
    }
    const def = rules[name] ?? observables[name];
    for (const d of depsOf(name)) if (d !== 't' && isDynamic(d)) map.set(d, frozen(d, lane, k));
    rules[fz] = { expr: subst(def.expr, map), unit: def.unit, description: `${name} at time ${tb}` };
    return fz;
  };
  for (let lane = 0; lane < nLanes; lane++) for (let k = 1; k <= nFrozen[lane]; k++) addParam(`${pre(lane)}tb${k}`, 0, tu, `time of frozen copy ${k}${lane ? ' of the compared arm' : ''} (set per condition)`);

  // --- observables and measurements
  const obsRows = new Map<string, { id: string; formula: string; transformation: string }>();
  const obsByKey = new Map<string, string>();
  const exported: PetabExportedRow[] = [];
  for (const pl of plans) {
    const { m } = pl;
    const at = (p: Point): string => {
      const n = named(p.lane, m.observable);
      return p.t === pl.T ? n : frozen(n, p.lane, frozenTimes.get(pl.cond.id)![p.lane].indexOf(p.t) + 1);
    };
    const value = (w: [Point, Point?]): string => (w[1] === undefined ? at(w[0]) : `(${at(w[0])} - ${at(w[1])})`);
    const a = value(pl.a);
    const b = pl.b ? value(pl.b) : '';
    const log = m.scale === 'log';
    let formula: string, y = m.value!;
    if (pl.a0 && pl.b0) {
      // a difference of changes from baseline between the two arms (combine4 in the evidence engine)
      const a0 = at(pl.a0), b0 = at(pl.b0);
      switch (m.quantity) {
        case 'change': formula = `(${a} - ${a0}) - (${b} - ${b0})`; break;
        case 'ratio': formula = `(${a} / ${a0}) / (${b} / ${b0})`; break;
        default: formula = `100 * (${a} / ${a0} - ${b} / ${b0})`; break;
      }
    } else switch (m.quantity) {
      case 'absolute': formula = a; break;
      case 'change': formula = `${a} - ${b}`; break;
      case 'ratio': formula = `${a} / ${b}`; break;
      case 'percent_change':
        if (log) { formula = `${a} / ${b}`; y = 1 + m.value! / 100; } else formula = `100 * (${a} / ${b} - 1)`;
        break;
    }
    const transformation = log ? 'log' : 'lin';
    const key = `${formula}\u0000${transformation}`;
    let oid = obsByKey.get(key);
    if (!oid) {
      const what = (m.kind === 'contrast' ? 'contrast' : m.quantity === 'absolute' ? (m.at.t1 === undefined ? 'value' : 'increment') : `${m.quantity}${pl.b?.[0].lane ? '_vs' : ''}`) +
        (pl.a0 ? '_from_baseline' : '');
      const base = sid(`${m.observable}_${what}${log ? '_log' : ''}`);
      oid = base;
      for (let i = 2; obsRows.has(oid); i++) oid = `${base}_${i}`;
      obsByKey.set(key, oid);
      obsRows.set(oid, { id: oid, formula, transformation });
    }
    const row = objective.rows.find((r) => r.measurement === m)!;
    exported.push({ label: m.label, observableId: oid, conditionId: pl.cond.id, time: pl.T, measurement: y, sigma: totalSE(m, row.modelError) });
  }

  // the spec must compile (units, names) before it is written
  const spec: ModelSpec = { ...spec0, parameters, states, rules, observables };
  compileModel(spec);
  const modelFile = opts.modelFile ?? 'model.xml';
  const sbml = toSBML(spec);

  // --- condition table
  const condCols: string[] = [...direct];
  for (let lane = 0; lane < nLanes; lane++) {
    const L = pre(lane);
    if (needSegments) for (let j = 1; j < nSeg; j++) condCols.push(`${L}T${j}`);
    for (const p of switched) for (let j = 0; j < nSeg; j++) condCols.push(seg(lane, j, p));
    if (usesTime && needSegments) for (let j = 0; j < nSeg; j++) condCols.push(`${L}O${j + 1}`);
    for (const [cmt, n] of slots[lane]) for (let j = 1; j <= n; j++) condCols.push(`${L}${cmt}_r${j}`, `${L}${cmt}_a${j}`, `${L}${cmt}_b${j}`);
    for (const cmt of bolusTargets[lane]) condCols.push(`${L}${cmt}_bolus0`);
    for (let k = 1; k <= nFrozen[lane]; k++) condCols.push(`${L}tb${k}`);
  }
  const condLines = [['conditionId', 'conditionName', ...condCols].join('\t')];
  for (const cond of used) {
    const cells = new Map<string, string>();
    for (const p of direct) cells.set(p, num(cond.lanes[0].segments[0].params[p] ?? spec0.parameters[p].value));
    for (let lane = 0; lane < nLanes; lane++) {
      const L = pre(lane);
      // a lane the condition does not use runs the model's defaults (no segments, doses or copies)
      const c: Chain | undefined = cond.lanes[lane];
      const segments: Segment[] = c ? c.segments : [{ start: 0, armStart: 0, params: {} }];
      const last = segments[segments.length - 1];
      for (let j = 0; j < nSeg; j++) {
        const s = segments[Math.min(j, segments.length - 1)];
        if (j >= 1 && needSegments) cells.set(`${L}T${j}`, j < segments.length ? num(s.start) : num(BIG));
        for (const p of switched) cells.set(seg(lane, j, p), p in s.params ? num(s.params[p]) : estimated.has(p) ? p : num(spec0.parameters[p].value));
        if (usesTime && needSegments) cells.set(`${L}O${j + 1}`, num(j < segments.length ? s.armStart : last.armStart));
      }
      for (const [cmt, n] of slots[lane]) {
        const list = c ? c.infusions.filter((f) => f.cmt === cmt) : [];
        for (let j = 1; j <= n; j++) {
          const f = list[j - 1];
          cells.set(`${L}${cmt}_r${j}`, num(f ? f.rate : 0)); cells.set(`${L}${cmt}_a${j}`, num(f ? f.start : 0)); cells.set(`${L}${cmt}_b${j}`, num(f ? f.end : 0));
        }
      }
      for (const cmt of bolusTargets[lane]) cells.set(`${L}${cmt}_bolus0`, num(c?.bolus0.get(cmt) ?? 0));
      const ts = frozenTimes.get(cond.id)?.[lane] ?? [];
      for (let k = 1; k <= nFrozen[lane]; k++) cells.set(`${L}tb${k}`, num(ts[k - 1] ?? 0));
    }
    const name = cond.lanes.map((c) => c.arms.map((x) => x.id).join(' then ')).join(' versus ');
    condLines.push([cond.id, `${cond.study.id}: ${name}`, ...condCols.map((col) => cells.get(col)!)].join('\t'));
  }

  const obsLines = [['observableId', 'observableName', 'observableFormula', 'observableTransformation', 'noiseFormula', 'noiseDistribution'].join('\t')];
  for (const o of obsRows.values()) obsLines.push([o.id, o.id, o.formula, o.transformation, `noiseParameter1_${o.id}`, 'normal'].join('\t'));
  const measLines = [['observableId', 'simulationConditionId', 'measurement', 'time', 'noiseParameters', 'datasetId', 'replicateId'].join('\t')];
  for (const r of exported) measLines.push([r.observableId, r.conditionId, num(r.measurement), num(r.time), num(r.sigma), sid(r.label.split('/')[0]), sid(r.label)].join('\t'));
  // a Gaussian prior on ln p is PEtab's parameterScaleNormal on the log scale: ½((θ − ln median)/sdLog)², the evidence engine's prior row
  const withPriors = opts.params.some((p) => opts.priors?.[p]);
  const parLines = [['parameterId', 'parameterName', 'parameterScale', 'lowerBound', 'upperBound', 'nominalValue', 'estimate', ...(withPriors ? ['objectivePriorType', 'objectivePriorParameters'] : [])].join('\t')];
  opts.params.forEach((p) => {
    // the bounds studyObjective uses (its θ bounds are their logs), on the natural scale as written
    const ps = spec0.parameters[p];
    const b = opts.bounds?.[p] ?? [Math.max(ps.bounds?.[0] ?? 0, ps.value / 1e3), Math.min(ps.bounds?.[1] ?? Infinity, ps.value * 1e3)];
    const pr = opts.priors?.[p];
    parLines.push([p, p, 'log', num(b[0]), num(b[1]), num(ps.value), '1', ...(withPriors ? (pr ? ['parameterScaleNormal', `${num(Math.log(pr.median))};${num(pr.sdLog)}`] : ['', '']) : [])].join('\t'));
  });
  const problem = [
    'format_version: 1',
    'parameter_file: parameters.tsv',
    'problems:',
    `  - sbml_files: [${modelFile}]`,
    '    condition_files: [conditions.tsv]',
    '    measurement_files: [measurements.tsv]',
    '    observable_files: [observables.tsv]',
    '',
  ].join('\n');
  const report = exportReport(model, studies, exported, declined);
  return {
    files: { 'problem.yaml': problem, [modelFile]: sbml, 'conditions.tsv': condLines.join('\n') + '\n', 'observables.tsv': obsLines.join('\n') + '\n', 'measurements.tsv': measLines.join('\n') + '\n', 'parameters.tsv': parLines.join('\n') + '\n', 'report.md': report },
    exported, declined,
  };
}

function exportReport(model: Model, studies: readonly Study[], exported: PetabExportedRow[], declined: PetabExport['declined']): string {
  const lines = [
    `# PEtab v1 export of ${model.id}`,
    '',
    `Studies: ${studies.map((s) => s.id).join(', ')}.`,
    `Exported ${exported.length} measurement(s); declined ${declined.length}.`,
    '',
    '## Exported',
    '',
    '| measurement | observableId | simulationConditionId | time | measurement column | σ |',
    '|---|---|---|---|---|---|',
    ...exported.map((r) => `| ${r.label} | ${r.observableId} | ${r.conditionId} | ${num(r.time)} ${model.timeUnit} | ${num(r.measurement)} | ${+r.sigma.toPrecision(6)} |`),
    '',
    '## Declined',
    '',
    ...(declined.length ? ['| measurement | reason |', '|---|---|', ...declined.map((d) => `| ${d.label} | ${d.reason} |`)] : ['None.']),
    '',
  ];
  return lines.join('\n');
}
