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
 *  - The noise is the measurement's total SE on its residual scale (SE and model discrepancy in
 *    quadrature) as a numeric noise parameter; a log-scale measurement has observableTransformation
 *    `log` (a percent change on the log scale as the ratio 1 + y/100). chi2 is then the evidence
 *    engine's Σ r² exactly.
 * Declined, each measurement with its reason: qualitative facts (not likelihood terms), comparisons
 * with another arm (a PEtab v1 measurement belongs to one simulation condition), boluses after
 * t = 0, arms starting from a steady state, scenarios that set initial values or switches.
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
import { isQuantitative, totalSE, studyObjective } from '../evidence/likelihood.js';

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
}

/** A measurement written to measurements.tsv. */
export interface PetabExportedRow {
  /** "study/arm/measurement". */
  label: string;
  observableId: string;
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
  files: Record<string, string>;
  exported: PetabExportedRow[];
  /** Measurements not exported, with the reason. */
  declined: { label: string; reason: string }[];
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
    for (const e of expandDoses(s.doses)) {
      if (e.time > s.duration) continue;
      if (e.kind === 'bolus') {
        if (e.time === 0 && i === 0) chain.bolus0.set(e.cmt, (chain.bolus0.get(e.cmt) ?? 0) + e.amount);
        else reasons.push(`arm ${a.id} has a bolus of ${e.cmt} at t = ${num(e.time)} ${model.timeUnit}${e.time > 0 ? '' : ' (after the first arm)'}: a dose after the start needs an SBML event, which PEtab v1 problems here do not run (repeated dosing included)`);
      }
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

/** What a measurement reads: its own arm's value a at t2 (minus t1), the reference b (same arm) at tb (window). */
interface Plan { m: Measurement; chain: Chain; times: number[]; t: number }

/**
 * Exports `studies` on `model` as a PEtab v1 problem (see the file comment). Throws InputError when
 * a parameter cannot be estimated (as `studyObjective`) or when no measurement can be expressed
 * (every reason listed).
 */
export function exportPetab(model: Model, studies: readonly Study[], opts: PetabExportOptions): PetabExport {
  // the objective checks the parameters and gives the bounds the evidence engine uses
  const objective = studyObjective(studies, model, { params: opts.params, ...(opts.bounds ? { bounds: opts.bounds } : {}), ...(opts.modelError !== undefined ? { modelError: opts.modelError } : {}) });
  const spec0 = model.spec;
  const declined: PetabExport['declined'] = [];
  const chains = new Map<string, Chain>();
  const plans: Plan[] = [];
  for (const study of studies) {
    for (const arm of study.arms) {
      for (const m of arm.measurements) {
        if (!isQuantitative(m)) { declined.push({ label: m.label, reason: 'qualitative fact: a check, not a likelihood term' }); continue; }
        if (m.reference && m.reference.arm !== m.arm) { declined.push({ label: m.label, reason: `compares two arms (versus ${m.reference.arm}): a PEtab v1 measurement belongs to one simulation condition` }); continue; }
        const key = `${study.id}\u0000${arm.id}`;
        let chain = chains.get(key);
        if (!chain) { chain = buildChain(study, arm, model); chains.set(key, chain); }
        if (chain.reason) { declined.push({ label: m.label, reason: chain.reason }); continue; }
        const off = chain.offsets.get(arm.id)!;
        const earlier: number[] = [];
        if (m.at.t1 !== undefined) earlier.push(m.at.t1);
        if (m.reference) { earlier.push(m.reference.at.t2); if (m.reference.at.t1 !== undefined) earlier.push(m.reference.at.t1); }
        if (earlier.some((x) => x > m.at.t2)) { declined.push({ label: m.label, reason: 'its baseline is after the measurement time' }); continue; }
        if (m.at.t2 === 0 && chain.bolus0.size) { declined.push({ label: m.label, reason: 'read at t = 0, before the dose given at t = 0 (PEtab reads after it)' }); continue; }
        plans.push({ m, chain, times: earlier.map((x) => off + x), t: off + m.at.t2 });
      }
    }
  }
  if (plans.length === 0) {
    throw new InputError([{ path: ['studies'], message: `no measurement can be expressed in PEtab v1:\n${declined.map((d) => `  ${d.label}: ${d.reason}`).join('\n')}` }], 'export petab');
  }
  const used = [...new Map(plans.map((p) => [p.chain.id, p.chain])).values()];

  // --- the derived spec
  const parameters: Record<string, ParameterSpec> = { ...spec0.parameters };
  const states: Record<string, StateSpec> = {};
  const rules: Record<string, RuleSpec> = {};
  const observables: Record<string, ObservableSpec> = { ...spec0.observables };
  const estimated = new Set(opts.params);
  const addParam = (name: string, value: number, unit: string, description: string): void => { parameters[name] = { value, unit, description, source: SOURCE }; };

  // parameters read through segments: changed within a condition, or estimated and fixed by an arm
  const setAnywhere = new Set<string>();
  for (const c of used) for (const s of c.segments) for (const k of Object.keys(s.params)) setAnywhere.add(k);
  const switched = [...setAnywhere].filter((p) => estimated.has(p) || used.some((c) => new Set(c.segments.map((s) => s.params[p] ?? NaN)).size > 1));
  const direct = [...setAnywhere].filter((p) => !switched.includes(p));
  const usesTime = [...Object.values(spec0.states).map((s) => s.ode), ...Object.values(spec0.rules).map((r) => r.expr), ...Object.values(spec0.observables).map((o) => o.expr)]
    .some((e) => symbolsOf(parseExpr(e)).includes('t'));
  const nSeg = Math.max(...used.map((c) => c.segments.length));
  const needSegments = switched.length > 0 || (usesTime && used.some((c) => c.arms.length > 1));
  const K = needSegments ? nSeg : 1;
  const tu = spec0.timeUnit;
  const seg = (j: number, name: string): string => `${name}${P}s${j + 1}`;
  if (needSegments) for (let j = 1; j < K; j++) addParam(`${P}T${j}`, BIG, tu, `start of segment ${j + 1} of the condition's time axis (set per condition)`);
  const piecewiseOf = (f: (j: number) => string): string => {
    if (K === 1) return f(0);
    const parts: string[] = [];
    for (let j = 0; j < K - 1; j++) parts.push(f(j), `t < ${P}T${j + 1}`);
    parts.push(f(K - 1));
    return `piecewise(${parts.join(', ')})`;
  };
  const rename = new Map<string, string>();
  for (const p of switched) {
    const ps = spec0.parameters[p];
    for (let j = 0; j < K; j++) addParam(seg(j, p), ps.value, ps.unit, `${p} in segment ${j + 1} of the condition (set per condition)`);
    rules[`${p}${P}eff`] = { expr: piecewiseOf((j) => seg(j, p)), unit: ps.unit, description: `${p} in force at time t (its segment's value)` };
    rename.set(p, `${p}${P}eff`);
  }
  if (usesTime) {
    if (needSegments) for (let j = 0; j < K; j++) addParam(`${P}O${j + 1}`, 0, tu, `start of the arm in force in segment ${j + 1} (set per condition)`);
    rules[`${P}tarm`] = { expr: needSegments ? `t - ${piecewiseOf((j) => `${P}O${j + 1}`)}` : 't', unit: tu, description: 'time since the current arm started' };
    rename.set('t', `${P}tarm`);
  }
  const subst = (text: string, map: ReadonlyMap<string, string>): string => {
    if (map.size === 0) return text;
    return toText(mapLeaves(parseExpr(text), (leaf): Expr => (leaf.kind === 'sym' && map.has(leaf.name) ? { ...leaf, name: map.get(leaf.name)! } : leaf)));
  };
  // initial values: segment 1's parameter values
  const initRename = new Map<string, string>(switched.map((p) => [p, seg(0, p)]));
  const initialOf = (s: StateSpec): number | string => (typeof s.initial === 'number' ? s.initial : subst(s.initial, initRename));
  for (const [name, s] of Object.entries(spec0.states)) states[name] = { ...s, initial: initialOf(s), ode: subst(s.ode, rename) };
  for (const [name, r] of Object.entries(spec0.rules)) rules[name] = { ...r, expr: subst(r.expr, rename) };
  for (const [name, o] of Object.entries(spec0.observables)) observables[name] = { ...o, expr: subst(o.expr, rename) };
  const originalInitial = new Map(Object.entries(states).map(([n, s]) => [n, s.initial]));

  // infusions and boluses at t = 0
  const targets = spec0.doses ?? {};
  const slots = new Map<string, number>();
  for (const c of used) {
    const count = new Map<string, number>();
    for (const f of c.infusions) count.set(f.cmt, (count.get(f.cmt) ?? 0) + 1);
    for (const [cmt, n] of count) slots.set(cmt, Math.max(slots.get(cmt) ?? 0, n));
  }
  const bioav = (cmt: string, map: ReadonlyMap<string, string>): string => (targets[cmt].bioavailability ? `(${subst(targets[cmt].bioavailability!, map)}) * ` : '');
  for (const [cmt, n] of slots) {
    const t = targets[cmt], st = states[t.state];
    const terms: string[] = [];
    for (let j = 1; j <= n; j++) {
      addParam(`${P}${cmt}_r${j}`, 0, `${t.amountUnit}/${tu}`, `rate of infusion ${j} of ${cmt} (set per condition)`);
      addParam(`${P}${cmt}_a${j}`, 0, tu, `start of infusion ${j} of ${cmt}`);
      addParam(`${P}${cmt}_b${j}`, 0, tu, `end of infusion ${j} of ${cmt}`);
      terms.push(`piecewise(${P}${cmt}_r${j}, t >= ${P}${cmt}_a${j} && t < ${P}${cmt}_b${j}, 0)`);
    }
    rules[`${P}inf_${cmt}`] = { expr: `${bioav(cmt, rename)}(${terms.join(' + ')})`, unit: `${t.amountUnit}/${tu}`, description: `infusion into ${t.state} through ${cmt}` };
    states[t.state] = { ...st, ode: `${st.ode} + ${P}inf_${cmt}` };
  }
  const bolusTargets = new Set(used.flatMap((c) => [...c.bolus0.keys()]));
  for (const cmt of bolusTargets) {
    const t = targets[cmt], st = states[t.state];
    addParam(`${P}${cmt}_bolus0`, 0, t.amountUnit, `bolus of ${cmt} at t = 0 (set per condition)`);
    const init = typeof st.initial === 'number' ? num(st.initial) : `(${st.initial})`;
    states[t.state] = { ...st, initial: `${init} + ${bioav(cmt, initRename)}${P}${cmt}_bolus0` };
  }

  // --- frozen copies for the values at earlier times
  const perChainTimes = new Map<string, number[]>();
  for (const pl of plans) {
    const list = perChainTimes.get(pl.chain.id) ?? [];
    for (const x of pl.times) if (!list.includes(x)) list.push(x);
    perChainTimes.set(pl.chain.id, list.sort((a, b) => a - b));
  }
  const nFrozen = Math.max(0, ...[...perChainTimes.values()].map((l) => l.length));
  const isState = (n: string): boolean => n in spec0.states;
  const depsOf = (n: string): string[] => {
    const e = rules[n]?.expr ?? observables[n]?.expr;
    return e === undefined ? [] : symbolsOf(parseExpr(e));
  };
  const dynamic = new Map<string, boolean>();
  const isDynamic = (n: string): boolean => {
    if (n === 't' || isState(n)) return true;
    if (!(n in rules)) return false;
    if (dynamic.has(n)) return dynamic.get(n)!;
    dynamic.set(n, false);
    const d = depsOf(n).some(isDynamic);
    dynamic.set(n, d);
    return d;
  };
  const frozenMade = new Set<string>();
  /** The frozen copy (slot k) of a state, rule or observable; returns its name. */
  const frozen = (name: string, k: number): string => {
    const fz = `${name}${P}b${k}`;
    if (frozenMade.has(fz)) return fz;
    frozenMade.add(fz);
    const map = new Map<string, string>([['t', `${P}tb${k}`]]);
    if (isState(name)) {
      const st = states[name];
      states[fz] = { ...st, description: `${name} frozen at time ${P}tb${k}`, initial: originalInitial.get(name)!, ode: `piecewise(${st.ode}, t < ${P}tb${k}, 0)` };
      return fz;
    }
    const def = rules[name] ?? observables[name];
    for (const d of depsOf(name)) if (d !== 't' && isDynamic(d)) map.set(d, frozen(d, k));
    rules[fz] = { expr: subst(def.expr, map), unit: def.unit, description: `${name} at time ${P}tb${k}` };
    return fz;
  };
  for (let k = 1; k <= nFrozen; k++) addParam(`${P}tb${k}`, 0, tu, `time of frozen copy ${k} (set per condition)`);

  // --- observables and measurements
  const obsRows = new Map<string, { id: string; formula: string; transformation: string }>();
  const obsByKey = new Map<string, string>();
  const exported: PetabExportedRow[] = [];
  const valueAt = (pl: Plan, name: string, t: number): string => {
    if (t === pl.t) return name;
    const k = perChainTimes.get(pl.chain.id)!.indexOf(t) + 1;
    return frozen(name, k);
  };
  for (const pl of plans) {
    const { m } = pl;
    const off = pl.chain.offsets.get(m.arm)!;
    const g = (x: number): number => off + x;
    const a = m.at.t1 === undefined ? valueAt(pl, m.observable, pl.t) : `(${valueAt(pl, m.observable, pl.t)} - ${valueAt(pl, m.observable, g(m.at.t1))})`;
    let b = '';
    if (m.reference) {
      const r = m.reference.at;
      b = r.t1 === undefined ? valueAt(pl, m.observable, g(r.t2)) : `(${valueAt(pl, m.observable, g(r.t2))} - ${valueAt(pl, m.observable, g(r.t1))})`;
    }
    const log = m.scale === 'log';
    let formula: string, value = m.value!;
    switch (m.quantity) {
      case 'absolute': formula = a; break;
      case 'change': formula = `${a} - ${b}`; break;
      case 'ratio': formula = `${a} / ${b}`; break;
      case 'percent_change':
        if (log) { formula = `${a} / ${b}`; value = 1 + m.value! / 100; } else formula = `100 * (${a} / ${b} - 1)`;
        break;
    }
    const transformation = log ? 'log' : 'lin';
    const key = `${formula}\u0000${transformation}`;
    let oid = obsByKey.get(key);
    if (!oid) {
      const base = sid(`${m.observable}_${m.quantity === 'absolute' ? (m.at.t1 === undefined ? 'value' : 'increment') : m.quantity}${log ? '_log' : ''}`);
      oid = base;
      for (let i = 2; obsRows.has(oid); i++) oid = `${base}_${i}`;
      obsByKey.set(key, oid);
      obsRows.set(oid, { id: oid, formula, transformation });
    }
    const row = objective.rows.find((r) => r.measurement === m)!;
    exported.push({ label: m.label, observableId: oid, conditionId: pl.chain.id, time: pl.t, measurement: value, sigma: totalSE(m, row.modelError) });
  }

  // the spec must compile (units, names) before it is written
  const spec: ModelSpec = { ...spec0, parameters, states, rules, observables };
  compileModel(spec);
  const modelFile = opts.modelFile ?? 'model.xml';
  const sbml = toSBML(spec);

  // --- condition table
  const condCols: string[] = [...direct];
  if (needSegments) for (let j = 1; j < K; j++) condCols.push(`${P}T${j}`);
  for (const p of switched) for (let j = 0; j < K; j++) condCols.push(seg(j, p));
  if (usesTime && needSegments) for (let j = 0; j < K; j++) condCols.push(`${P}O${j + 1}`);
  for (const [cmt, n] of slots) for (let j = 1; j <= n; j++) condCols.push(`${P}${cmt}_r${j}`, `${P}${cmt}_a${j}`, `${P}${cmt}_b${j}`);
  for (const cmt of bolusTargets) condCols.push(`${P}${cmt}_bolus0`);
  for (let k = 1; k <= nFrozen; k++) condCols.push(`${P}tb${k}`);
  const condLines = [['conditionId', 'conditionName', ...condCols].join('\t')];
  for (const c of used) {
    const cells = new Map<string, string>();
    const last = c.segments[c.segments.length - 1];
    for (const p of direct) cells.set(p, num(c.segments[0].params[p] ?? spec0.parameters[p].value));
    for (let j = 0; j < K; j++) {
      const s = c.segments[Math.min(j, c.segments.length - 1)];
      if (j >= 1 && needSegments) cells.set(`${P}T${j}`, j < c.segments.length ? num(s.start) : num(BIG));
      for (const p of switched) cells.set(seg(j, p), p in s.params ? num(s.params[p]) : estimated.has(p) ? p : num(spec0.parameters[p].value));
      if (usesTime && needSegments) cells.set(`${P}O${j + 1}`, num(j < c.segments.length ? s.armStart : last.armStart));
    }
    for (const [cmt, n] of slots) {
      const list = c.infusions.filter((f) => f.cmt === cmt);
      for (let j = 1; j <= n; j++) {
        const f = list[j - 1];
        cells.set(`${P}${cmt}_r${j}`, num(f ? f.rate : 0)); cells.set(`${P}${cmt}_a${j}`, num(f ? f.start : 0)); cells.set(`${P}${cmt}_b${j}`, num(f ? f.end : 0));
      }
    }
    for (const cmt of bolusTargets) cells.set(`${P}${cmt}_bolus0`, num(c.bolus0.get(cmt) ?? 0));
    const ts = perChainTimes.get(c.id) ?? [];
    for (let k = 1; k <= nFrozen; k++) cells.set(`${P}tb${k}`, num(ts[k - 1] ?? 0));
    condLines.push([c.id, `${c.study.id}: ${c.arms.map((x) => x.id).join(' then ')}`, ...condCols.map((col) => cells.get(col)!)].join('\t'));
  }

  const obsLines = [['observableId', 'observableName', 'observableFormula', 'observableTransformation', 'noiseFormula', 'noiseDistribution'].join('\t')];
  for (const o of obsRows.values()) obsLines.push([o.id, o.id, o.formula, o.transformation, `noiseParameter1_${o.id}`, 'normal'].join('\t'));
  const measLines = [['observableId', 'simulationConditionId', 'measurement', 'time', 'noiseParameters', 'datasetId', 'replicateId'].join('\t')];
  for (const r of exported) measLines.push([r.observableId, r.conditionId, num(r.measurement), num(r.time), num(r.sigma), sid(r.label.split('/')[0]), sid(r.label)].join('\t'));
  const parLines = [['parameterId', 'parameterName', 'parameterScale', 'lowerBound', 'upperBound', 'nominalValue', 'estimate'].join('\t')];
  opts.params.forEach((p) => {
    // the bounds studyObjective uses (its θ bounds are their logs), on the natural scale as written
    const ps = spec0.parameters[p];
    const b = opts.bounds?.[p] ?? [Math.max(ps.bounds?.[0] ?? 0, ps.value / 1e3), Math.min(ps.bounds?.[1] ?? Infinity, ps.value * 1e3)];
    parLines.push([p, p, 'log', num(b[0]), num(b[1]), num(ps.value), '1'].join('\t'));
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
