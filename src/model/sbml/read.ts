/**
 * A minimal SBML reader for the subset `toSBML` writes (Level 3, any version of Core): species and
 * parameters with rate rules, assignment rules and initial assignments, function definitions,
 * constraints (condition and message), the MathML that `mathml.ts` reads. The mathematics always comes from the SBML itself; the magbone
 * annotations supply what SBML has no place for (unit strings, descriptions, sources, switches,
 * dose targets, the single-precision rounding of fround), with plain fallbacks when a file has none
 * (units "?", source "assumed: …", an unmarked identity function is the identity).
 *
 * Not supported (each reported, all at once): reactions, events, algebraic rules, delays,
 * non-unit compartments that species would need to be divided by.
 */
import type { ConstraintSpec, ModelSpec, ParameterSpec, StateSpec, RuleSpec, ObservableSpec, SwitchSpec, DoseTargetSpec, Reference, Evidence } from '../spec.js';
import { toText } from '../expr/print.js';
import { parseXml, elements, child, textOf, type XmlElement } from './xml.js';
import { readMath, readFunctionDefinition, MathReadError, DELAY_FN, type FunctionDef } from './mathml.js';
import { MAGBONE_NS } from './write.js';
import { unitStringFromSbml, unitStringOfKind, type SbmlUnit } from './units.js';
import { parseUnit, tryParseUnit, sameUnit } from '../units.js';

/**
 * Thrown by `importSBML` and `fromSBML` when a document cannot be read as a model: `problems` lists
 * every problem, each naming its element.
 */
export class SbmlReadError extends Error {
  /** @param problems Every problem found, each naming its element. */
  constructor(readonly problems: readonly string[]) {
    super(`${problems.length} problem${problems.length === 1 ? '' : 's'} reading SBML:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    this.name = 'SbmlReadError';
  }
}

const EVIDENCE: readonly Evidence[] = ['in vitro', 'animal', 'human observational', 'human experimental', 'human trial', 'hypothesis'];
const IMPORTED = 'assumed: imported from SBML without a source';

/** The magbone annotation element of an SBML element, if any. */
function meta(e: XmlElement, tag: string): XmlElement | undefined {
  const a = child(e, 'annotation');
  return a ? elements(a, tag, MAGBONE_NS)[0] : undefined;
}

/** First paragraph of an element's XHTML notes (the description, when there is no annotation). */
function notesText(e: XmlElement): string | undefined {
  const n = child(e, 'notes');
  if (!n) return undefined;
  const para = (x: XmlElement): XmlElement | undefined => (x.local === 'p' ? x : elements(x).map(para).find(Boolean));
  const first = para(n);
  const s = (first ? textOf(first) : textOf(n)).replace(/\s+/g, ' ').trim();
  return s || undefined;
}

const num = (s: string | undefined): number | undefined => {
  if (s === undefined) return undefined;
  const t = s.trim();
  if (t === 'INF') return Infinity;
  if (t === '-INF') return -Infinity;
  return Number(t);
};

/** Reads an SBML document written by `toSBML` (or a plain one in the same subset) back into a spec. */
export function fromSBML(xml: string): ModelSpec {
  const problems: string[] = [];
  const root = parseXml(xml);
  if (root.local !== 'sbml') throw new SbmlReadError([`the root element is <${root.name}>, not <sbml>`]);
  if (root.attrs.level !== '3') problems.push(`SBML Level ${root.attrs.level} is not supported (Level 3 only)`);
  const model = child(root, 'model');
  if (!model) throw new SbmlReadError(['no <model> element']);

  const list = (tag: string, item: string): XmlElement[] => {
    const l = child(model, tag);
    return l ? elements(l, item) : [];
  };
  for (const [tag, what] of [['listOfReactions', 'reactions'], ['listOfEvents', 'events']] as const) {
    const l = child(model, tag);
    if (l && elements(l).length) problems.push(`${what} are not supported (line ${l.line}): the reader takes the rate-rule form magbone writes`);
  }

  const fns = new Map<string, FunctionDef>();
  for (const f of list('listOfFunctionDefinitions', 'functionDefinition')) {
    const m = child(f, 'math');
    try {
      if (!m) throw new MathReadError(f.line, 'no <math>');
      const def = readFunctionDefinition(m);
      const rounding = meta(f, 'rounding');
      if (rounding && rounding.attrs.format !== 'binary32') {
        throw new MathReadError(rounding.line, `rounding format '${rounding.attrs.format ?? ''}' is not supported (only binary32, single precision)`);
      }
      fns.set(f.attrs.id, rounding ? { ...def, rounding: 'binary32' } : def);
    } catch (e) {
      problems.push(`functionDefinition '${f.attrs.id}': ${(e as Error).message}`);
    }
  }
  const math = (owner: XmlElement, what: string): string | undefined => {
    const m = child(owner, 'math');
    if (!m) { problems.push(`${what}: no <math> (line ${owner.line})`); return undefined; }
    try {
      const e = readMath(m, fns);
      if (toText(e).includes(`${DELAY_FN}(`)) throw new MathReadError(m.line, 'delay() (csymbol delay) is not supported by this reader (importSBML runs it)');
      return toText(e);
    } catch (e) {
      if (e instanceof MathReadError) { problems.push(`${what}: ${e.message}`); return undefined; }
      throw e;
    }
  };

  // Unit ids -> unit strings, for elements without a magbone annotation: the definition's name when
  // it is one of our unit strings meaning the same (as toSBML writes them), else built from its units.
  const unitNames = new Map<string, string>();
  for (const u of list('listOfUnitDefinitions', 'unitDefinition')) {
    const units: SbmlUnit[] = elements(child(u, 'listOfUnits') ?? u, 'unit').map((x) => ({
      kind: x.attrs.kind, exponent: num(x.attrs.exponent) ?? 1, scale: num(x.attrs.scale) ?? 0, multiplier: num(x.attrs.multiplier) ?? 1,
    }));
    let derived = unitStringFromSbml(units);
    const meaning = derived === undefined ? undefined : tryParseUnit(derived).unit;
    if (!meaning) derived = undefined;
    const name = u.attrs.name;
    const named = name === undefined ? undefined : tryParseUnit(name).unit;
    unitNames.set(u.attrs.id, named && meaning && sameUnit(named, meaning) ? name as string : derived ?? '?');
  }
  const unitOf = (e: XmlElement, attr: string, m: XmlElement | undefined): string => {
    if (m?.attrs.unit !== undefined) return m.attrs.unit;
    const ref = e.attrs[attr];
    return ref === undefined ? '?' : unitNames.get(ref) ?? unitStringOfKind(ref) ?? '?';
  };

  const compartments = new Map(list('listOfCompartments', 'compartment').map((c) => [c.attrs.id, c]));

  const rateRules = new Map<string, XmlElement>(), assignmentRules = new Map<string, XmlElement>();
  for (const r of elements(child(model, 'listOfRules') ?? model)) {
    if (r.local === 'rateRule') rateRules.set(r.attrs.variable, r);
    else if (r.local === 'assignmentRule') assignmentRules.set(r.attrs.variable, r);
    else if (r.local === 'algebraicRule') problems.push(`algebraic rules are not supported (line ${r.line})`);
  }
  const initialAssignments = new Map(list('listOfInitialAssignments', 'initialAssignment').map((a) => [a.attrs.symbol, a]));

  const states: Record<string, StateSpec> = {};
  const stateIndex = new Map<string, number>();
  const addState = (e: XmlElement, id: string, m: XmlElement | undefined, unitAttr: string, initialAttr: string): void => {
    const rr = rateRules.get(id);
    if (!rr) { problems.push(`'${id}' is a variable without a rate rule (line ${e.line}); only rate-rule models are supported`); return; }
    const ode = math(rr, `rate rule of '${id}'`) ?? '0';
    const ia = initialAssignments.get(id);
    let initial: number | string;
    if (ia) initial = math(ia, `initial assignment of '${id}'`) ?? '0';
    else {
      const v = num(e.attrs[initialAttr]);
      if (v === undefined) problems.push(`'${id}' has neither an initial value nor an initial assignment (line ${e.line})`);
      initial = v ?? 0;
    }
    stateIndex.set(id, num(m?.attrs.index) ?? stateIndex.size + 1e9);
    states[id] = {
      unit: unitOf(e, unitAttr, m), description: m?.attrs.description ?? notesText(e) ?? '', initial, ode,
      ...(m?.attrs.source !== undefined ? { source: m.attrs.source } : {}),
      ...(m?.attrs.nonNegative === 'true' || m?.attrs.nonNegative === 'false' ? { nonNegative: m.attrs.nonNegative === 'true' } : {}),
      ...(m?.attrs.belowZero !== undefined ? { belowZero: m.attrs.belowZero } : {}),
    };
  };
  for (const s of list('listOfSpecies', 'species')) {
    const id = s.attrs.id;
    const c = compartments.get(s.attrs.compartment);
    if (s.attrs.hasOnlySubstanceUnits !== 'true' && num(c?.attrs.size) !== 1) {
      problems.push(`species '${id}' is a concentration in compartment '${s.attrs.compartment}' of size ${c?.attrs.size ?? '(unset)'}; only amounts (hasOnlySubstanceUnits="true") or unit-size compartments are supported`);
    }
    // In a unit-size compartment an initial concentration equals the amount.
    addState(s, id, meta(s, 'state'), 'substanceUnits', s.attrs.initialAmount !== undefined ? 'initialAmount' : 'initialConcentration');
  }

  const parameters: Record<string, ParameterSpec> = {};
  const rules: Record<string, RuleSpec> = {};
  const observables: Record<string, ObservableSpec> = {};
  const switches: Record<string, SwitchSpec> = {};
  for (const q of list('listOfParameters', 'parameter')) {
    const id = q.attrs.id;
    const description = (m: XmlElement | undefined): string => m?.attrs.description ?? notesText(q) ?? '';
    const sw = meta(q, 'switch');
    if (sw) {
      const evidence = sw.attrs.evidence as Evidence;
      if (!EVIDENCE.includes(evidence)) problems.push(`switch '${id}': evidence '${sw.attrs.evidence}' is not one of ${EVIDENCE.join(', ')}`);
      switches[id] = {
        description: description(sw), evidence, default: num(q.attrs.value) !== 0,
        sources: elements(sw, 'source', MAGBONE_NS).map((x) => x.attrs.text ?? ''),
      };
      continue;
    }
    if (rateRules.has(id)) { addState(q, id, meta(q, 'state'), 'units', 'value'); continue; }
    const ar = assignmentRules.get(id);
    if (ar) {
      const obs = meta(q, 'observable');
      const m = obs ?? meta(q, 'rule');
      const expr = math(ar, `assignment rule of '${id}'`) ?? '0';
      const unit = unitOf(q, 'units', m);
      if (obs) observables[id] = { expr, unit, description: description(obs) };
      else rules[id] = { expr, unit, description: description(m), ...(m?.attrs.source !== undefined ? { source: m.attrs.source } : {}) };
      continue;
    }
    const m = meta(q, 'parameter');
    const value = num(q.attrs.value);
    if (value === undefined) problems.push(`parameter '${id}' has no value (line ${q.line})`);
    const bounds = m?.attrs.bounds?.split(' ').map((x) => num(x) ?? NaN); // INF/-INF as the writer prints them
    parameters[id] = {
      value: value ?? NaN, unit: unitOf(q, 'units', m), description: description(m), source: m?.attrs.source ?? IMPORTED,
      ...(bounds && bounds.length === 2 ? { bounds: [bounds[0], bounds[1]] as [number, number] } : {}),
    };
    if (initialAssignments.has(id)) problems.push(`parameter '${id}' has an initial assignment; magbone parameters are numbers (make it a rule)`);
  }
  const declared = new Set([...list('listOfSpecies', 'species'), ...list('listOfParameters', 'parameter')].map((x) => x.attrs.id));
  for (const id of [...rateRules.keys(), ...assignmentRules.keys()]) {
    if (compartments.has(id)) problems.push(`a rule changes compartment '${id}'; compartments must be constant`);
    else if (!declared.has(id)) problems.push(`a rule sets '${id}', which is neither a species nor a parameter`);
  }

  const constraints: Record<string, ConstraintSpec> = {};
  list('listOfConstraints', 'constraint').forEach((c, i) => {
    const id = c.attrs.id ?? `constraint_${i + 1}`;
    const m = meta(c, 'constraint');
    const expr = math(c, `constraint '${id}'`);
    const message = child(c, 'message');
    const messageText = message ? textOf(message).replace(/\s+/g, ' ').trim() : '';
    if (expr === undefined) return;
    constraints[id] = {
      expr, description: m?.attrs.description ?? (messageText || notesText(c)) ?? '',
      ...(m?.attrs.source !== undefined ? { source: m.attrs.source } : {}),
    };
  });

  const mm = meta(model, 'model');
  const references: Reference[] = mm ? elements(mm, 'reference', MAGBONE_NS).map((r) => ({
    id: r.attrs.id ?? '', citation: r.attrs.citation ?? '',
    ...(r.attrs.doi !== undefined ? { doi: r.attrs.doi } : {}),
    ...(r.attrs.pmid !== undefined ? { pmid: r.attrs.pmid } : {}),
    ...(r.attrs.url !== undefined ? { url: r.attrs.url } : {}),
  })) : [];
  const doses: Record<string, DoseTargetSpec> = {};
  for (const d of mm ? elements(mm, 'dose', MAGBONE_NS) : []) {
    const molarMass = num(d.attrs.molarMass);
    doses[d.attrs.cmt] = {
      state: d.attrs.state, description: d.attrs.description ?? '', amountUnit: d.attrs.amountUnit ?? '?',
      ...(molarMass !== undefined ? { molarMass: { value: molarMass, source: d.attrs.molarMassSource ?? IMPORTED } } : {}),
      ...(d.attrs.bioavailability !== undefined ? { bioavailability: d.attrs.bioavailability } : {}),
    };
  }
  const assumptions = mm ? elements(mm, 'assumption', MAGBONE_NS).map((a) => a.attrs.text ?? '') : [];
  const timeRef = model.attrs.timeUnits;
  const timeDerived = timeRef ? unitNames.get(timeRef) ?? unitStringOfKind(timeRef) : undefined;
  // a model time unit is a plain name ("h"), not "(3600 s)"
  const timeUnit = mm?.attrs.timeUnit ?? (timeDerived && tryParseUnit(timeDerived).unit
    ? ['s', 'min', 'h', 'd', 'wk', 'y'].find((n) => sameUnit(parseUnit(n), parseUnit(timeDerived))) ?? timeDerived : timeDerived);
  if (!timeUnit) problems.push('the model declares no time unit (timeUnits)');

  if (problems.length) throw new SbmlReadError(problems);
  const spec: ModelSpec = {
    id: mm?.attrs.id ?? model.attrs.id ?? 'imported',
    name: model.attrs.name ?? model.attrs.id ?? 'imported SBML model',
    version: mm?.attrs.version ?? '0.0.0',
    species: mm?.attrs.species ?? 'unspecified',
    timeUnit: timeUnit as string,
    description: mm?.attrs.description ?? notesText(model) ?? '',
    references, parameters, rules, observables,
    // the state-vector order written by toSBML; files without it keep species first, then parameters
    states: Object.fromEntries(Object.entries(states).sort(([a], [b]) => (stateIndex.get(a) as number) - (stateIndex.get(b) as number))),
  };
  if (Object.keys(doses).length) spec.doses = doses;
  if (Object.keys(switches).length) spec.switches = switches;
  if (Object.keys(constraints).length) spec.constraints = constraints;
  if (assumptions.length) spec.assumptions = assumptions;
  return spec;
}
