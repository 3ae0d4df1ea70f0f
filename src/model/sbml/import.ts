/**
 * SBML import (Level 2 Version 4, Level 3 Versions 1 and 2, core): anyone's SBML into the modelling
 * language, so that an imported model is checked, compiled (RHS and Jacobian), documented and run
 * like a shipped one. Ids stay the names (renamed with a trailing '_' only where one collides with a
 * name the language reserves, e.g. a function name or t).
 *
 * How SBML's quantities become the language's:
 *  - a species' id means its concentration (amount / compartment size) unless hasOnlySubstanceUnits
 *    (or its compartment has spatialDimensions 0), then its amount. A species that reactions, a rate
 *    rule or an event change is a state; the state holds the quantity the id means, except for a
 *    concentration in a compartment whose size varies (rules, events), where the state holds the
 *    amount, named `<id>_amount`, and the id is the rule `<id>_amount / <compartment>`;
 *  - reactions become one rule each, named by the reaction id (its rate, extent per time), and the
 *    ODE of each species sums stoichiometry × rate × conversion factor (divided by the compartment
 *    size for a concentration state); local parameters become parameters `<reaction>_<id>`;
 *  - assignment rules are rules, rate rules states; compartments, parameters and species references
 *    that nothing changes are parameters; those that only events change are states with derivative 0;
 *  - initial values (sizes, amounts, concentrations, initial assignments, assignment rules at t0) are
 *    evaluated at import, as SBML defines them, and recorded as numbers;
 *  - events are kept as `SbmlEvent`s (the language has no events): `runSbml` (run.ts) executes them
 *    with the solver's root finding.
 *  - comp documents are flattened first (comp.ts); algebraic rules linear in a variable they may
 *    determine become assignment rules (algebraic.ts); fast reactions run 1e8 times faster (a rapid
 *    equilibrium as a stiff singular perturbation; runSbml equilibrates the initial state).
 * Declined, each with the element's id: algebraic rules linear in none of their free variables,
 * delay(), rateOf of a rule's variable, SBML packages other than comp, and anything the MathML
 * reader cannot read. Nothing is dropped silently: every declined element is listed in the error.
 */
import type { ModelSpec, ParameterSpec, StateSpec, RuleSpec } from '../spec.js';
import type { Expr } from '../expr/ast.js';
import { toText } from '../expr/print.js';
import { parse as parseExpr } from '../expr/parse.js';
import { evaluate } from '../expr/evaluate.js';
import { RESERVED_NAMES } from '../expr/functions.js';
import { parseXml, elements, child, textOf, type XmlElement } from './xml.js';
import { readMath, readFunctionDefinition, MathReadError, RATE_OF_PREFIX, DELAY_FN, type FunctionDef } from './mathml.js';
import { SbmlReadError } from './read.js';
import { solveAlgebraic } from './algebraic.js';
import { flattenComp, COMP_NS_PREFIX, type FlattenOptions } from './comp.js';
import { SbmlUnits, modelTimeUnit, type ImportedUnit } from './import-units.js';

/** An SBML event in the language's names (expressions are the language's text). */
export interface SbmlEvent {
  /** The event's id (or `event_<k>` when it has none). */
  id: string;
  /** The trigger as a language expression (a truth value). */
  trigger: string;
  /** Truth value of the trigger before t0 (SBML's initialValue; Level 2: true). */
  initialValue: boolean;
  /** Whether a triggered event executes even if its trigger turns false before it does. */
  persistent: boolean;
  /** The delay as a language expression (model time units), if any. */
  delay?: string;
  /** The priority as a language expression, if any (higher executes first). */
  priority?: string;
  /** Whether the assignments are computed when the trigger fires (true) or when the event executes. */
  useValuesFromTriggerTime: boolean;
  /** Assignments: the state set, and the value. `scale` names a compartment to multiply the value by (a concentration assigned to an amount state). */
  assignments: {
    /** The state (language name) the event sets. */
    state: string;
    /** The value, as a language expression. */
    expr: string;
    /** A compartment to multiply the value by, when a concentration is assigned to an amount state. */
    scale?: string;
  }[];
}

/** How an SBML id is read in the results (amount or concentration of a species, or its value). */
export interface SbmlSymbol {
  /** What the SBML id is: a species, compartment, parameter, reaction (its rate) or species reference (its stoichiometry). */
  kind: 'species' | 'compartment' | 'parameter' | 'reaction' | 'speciesReference';
  /** The language name holding the id's value. */
  name: string;
  /** Species only: the compartment's name, and whether the id means the amount. */
  compartment?: string;
  /** Species only: true when the id means the amount (hasOnlySubstanceUnits), false when the concentration. */
  isAmount?: boolean;
}

/**
 * A delay(x, d) of the file: the rule `rule` (= the parameter `value` + 0·t, so that it is read per
 * evaluation, never folded into a constant) stands for it; `runSbml` sets `value` to x at t − d from
 * the run's history before each evaluation. x and d are the language's text.
 */
export interface SbmlDelay {
  /** The rule that stands for delay(x, d) in the model. */
  rule: string;
  /** The parameter the rule reads, set to x(t − d) before each evaluation. */
  value: string;
  /** The delayed expression x (language text). */
  x: string;
  /** The delay d (language text, model time units). */
  d: string;
}

/**
 * An SBML document as a magbone model (`importSBML`): the spec (compile it with `compileModel`, run
 * it with events through `runSbml`), the SBML events, every SBML id with a value and how the results
 * read it (amount or concentration), notes a user should know (e.g. fast reactions run as ordinary
 * ones), the initial-value expressions (for callers that change parameters), the SBML level and
 * version, and the fast-reaction switches.
 */
export interface SbmlImport {
  /** The model spec (compile it with `compileModel`). */
  spec: ModelSpec;
  /** The SBML events, for `runSbml`. */
  events: SbmlEvent[];
  /** The file's delay() expressions (SBML csymbol delay), innermost first. */
  delays: SbmlDelay[];
  /** Every SBML id with a value, by id. */
  symbols: Map<string, SbmlSymbol>;
  /** Things done that a user should know (fast reactions run as ordinary ones, ...). */
  notes: string[];
  /**
   * The expressions the initial values were evaluated from (initial assignments, and an amount given
   * for a concentration or the reverse), language text keyed by language name: a caller that changes
   * parameters (PEtab) re-evaluates them instead of keeping the numbers.
   */
  initialExprs: Map<string, string>;
  /** SBML level of the document. */
  level: number;
  /** SBML version of the document. */
  version: number;
  /** The time unit the file declares (as the spec's timeUnit), or undefined when it declares none (the spec then says "s"). */
  timeUnit?: string;
  /** Fast reactions present: the parameter that speeds them up, and the switch (1) of the other reactions, which runSbml sets to 0 to equilibrate the initial state. */
  fast?: {
    /** The parameter that multiplies the fast reactions' rates. */
    scale: string;
    /** The switch (1) of the other reactions and rate rules; 0 while the initial state is equilibrated. */
    slow: string;
  };
}

/** A model id the language accepts (lower-case letters, digits, '-', '.', '_') from an SBML model id. */
export function languageModelId(id: string | undefined): string {
  const s = (id ?? '').toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[^a-z0-9]+/, '');
  return s || 'imported';
}

const num = (s: string | undefined): number | undefined => {
  if (s === undefined) return undefined;
  const t = s.trim();
  if (t === 'INF') return Infinity;
  if (t === '-INF') return -Infinity;
  if (t === 'NaN') return NaN;
  return Number(t);
};
const bool = (s: string | undefined, dflt: boolean): boolean => (s === undefined ? dflt : s === 'true' || s === '1');

/** Replaces symbol names (the renaming of ids that collide with reserved names). */
function renameSyms(e: Expr, map: (name: string) => string): Expr {
  switch (e.kind) {
    case 'num': case 'index': return e;
    case 'sym': { const m = map(e.name); return m === e.name ? e : { kind: 'sym', name: m }; }
    case 'unary': return { kind: 'unary', op: e.op, arg: renameSyms(e.arg, map) };
    case 'binary': return { kind: 'binary', op: e.op, left: renameSyms(e.left, map), right: renameSyms(e.right, map) };
    case 'call': return { kind: 'call', fn: e.fn, args: e.args.map((a) => renameSyms(a, map)) };
  }
}

function symsOf(e: Expr, out: Set<string>): Set<string> {
  switch (e.kind) {
    case 'sym': out.add(e.name); break;
    case 'unary': symsOf(e.arg, out); break;
    case 'binary': symsOf(e.left, out); symsOf(e.right, out); break;
    case 'call': for (const a of e.args) symsOf(a, out); break;
    default: break;
  }
  return out;
}

const IMPORTED = 'assumed: imported from SBML';
/** Speed-up of SBML fast reactions (see `fast` in SbmlImport). */
const FAST_SCALE = 1e8;
const txt0 = (e: Expr): string => toText(e);

/**
 * Imports an SBML document (Level 2 Version 4, Level 3 Versions 1 and 2 core, with hierarchical
 * `comp` models flattened) as a magbone model: species, compartments, parameters, reactions,
 * rules (algebraic rules become assignment rules when they can), initial assignments, function
 * definitions and events. The result's `spec` compiles with `compileModel`; `runSbml` runs it with
 * the events. Anything approximated is said in `notes` (fast reactions run as a singular
 * perturbation). Throws SbmlReadError listing every problem with its element (XmlSyntaxError for
 * text that is not XML). For documents written by `toSBML` use `fromSBML`, which keeps units,
 * sources and switches.
 *
 * @example
 * ```ts
 * import { importSBML, compileModel, solve, bdf } from 'magbone';
 * const xml = `<sbml xmlns="http://www.sbml.org/sbml/level3/version2/core" level="3" version="2">
 *   <model id="growth"><listOfParameters>
 *     <parameter id="x" value="1" constant="false"/><parameter id="r" value="0.3" constant="true"/>
 *   </listOfParameters><listOfRules><rateRule variable="x">
 *     <math xmlns="http://www.w3.org/1998/Math/MathML"><apply><times/><ci>r</ci><ci>x</ci></apply></math>
 *   </rateRule></listOfRules></model></sbml>`;
 * const imported = importSBML(xml);
 * const model = compileModel(imported.spec);
 * const sol = solve(model.problem({ t0: 0, tEnd: 2 }), bdf(), { tOut: [0, 1, 2] });
 * console.log(model.stateNames, sol.y[0]); // ['x'], exp(0.3·t)
 * ```
 */
export function importSBML(xml: string, opt: FlattenOptions = {}): SbmlImport {
  const problems: string[] = [];
  const notes: string[] = [];
  let root = parseXml(xml);
  // hierarchical models (comp): flattened into one core model first
  const compPrefix = Object.entries(root.attrs).find(([k, v]) => k.startsWith('xmlns:') && v.startsWith(COMP_NS_PREFIX))?.[0].slice(6);
  if (compPrefix !== undefined) {
    root = flattenComp(root, problems, opt);
    if (problems.length) throw new SbmlReadError(problems);
  }
  if (root.local !== 'sbml') throw new SbmlReadError([`the root element is <${root.name}>, not <sbml>`]);
  const level = Number(root.attrs.level), version = Number(root.attrs.version);
  if (!((level === 2 && version >= 1) || level === 3)) problems.push(`SBML Level ${root.attrs.level} Version ${root.attrs.version} is not supported (Level 2 and Level 3 core)`);
  for (const [k, v] of Object.entries(root.attrs)) {
    if (k.endsWith(':required') && k !== `${compPrefix}:required`) problems.push(`package '${k.slice(0, -9)}' (${v === 'true' ? 'required' : 'optional'}) is not supported (SBML core only)`);
  }
  const model = child(root, 'model');
  if (!model) throw new SbmlReadError(['no <model> element']);
  const list = (tag: string, item: string, parent: XmlElement = model): XmlElement[] => {
    const l = child(parent, tag);
    return l ? elements(l, item) : [];
  };
  const where = (e: XmlElement): string => `${e.local}${e.attrs.id ? ` '${e.attrs.id}'` : ''} (line ${e.line})`;

  // ---- names: SBML ids, renamed only where they collide with the language's reserved names
  const taken = new Set<string>();
  const allIds: string[] = [];
  const collect = (e: XmlElement): void => {
    if (e.attrs.id !== undefined && e.local !== 'unitDefinition' && e.local !== 'unit') allIds.push(e.attrs.id);
  };
  for (const tag of ['listOfCompartments', 'listOfSpecies', 'listOfParameters', 'listOfReactions', 'listOfFunctionDefinitions', 'listOfEvents']) {
    const l = child(model, tag);
    if (l) for (const x of elements(l)) collect(x);
  }
  for (const r of list('listOfReactions', 'reaction')) {
    for (const t of ['listOfReactants', 'listOfProducts', 'listOfModifiers']) for (const sr of list(t, t === 'listOfModifiers' ? 'modifierSpeciesReference' : 'speciesReference', r)) collect(sr);
  }
  for (const id of allIds) taken.add(id);
  const renamed = new Map<string, string>();
  const fresh = (base: string): string => {
    let s = base;
    while (taken.has(s) || RESERVED_NAMES.has(s) || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(s)) s = s.replace(/[^A-Za-z0-9_]/g, '_') + '_';
    taken.add(s);
    return s;
  };
  for (const id of allIds) if (RESERVED_NAMES.has(id) || id.startsWith('__')) renamed.set(id, fresh(id.replace(/^_+/, 'x_')));
  const nm = (id: string): string => renamed.get(id) ?? id;
  // SBML's time is the rule `time` (unit "?", so that the unit checks skip the imported maths, whose
  // units SBML files rarely declare completely); an SBML id 't' is bound to its new name before that
  const timeName = fresh('time');
  const tBound: [string, Expr][] = allIds.includes('t') ? [['t', { kind: 'sym', name: nm('t') }]] : [];

  // ---- function definitions and MathML
  const fns = new Map<string, FunctionDef>();
  for (const f of list('listOfFunctionDefinitions', 'functionDefinition')) {
    const m = child(f, 'math');
    if (!m) { notes.push(`functionDefinition '${f.attrs.id}' has no <math> (line ${f.line}): it cannot be called`); continue; }
    try {
      fns.set(f.attrs.id, readFunctionDefinition(m));
    } catch (e) {
      problems.push(`functionDefinition '${f.attrs.id}': ${(e as Error).message}`);
    }
  }
  // delay(x, d): each distinct one becomes a rule read from the run's history (SbmlDelay)
  const delays: (SbmlDelay & { xe: Expr })[] = [];
  const delayKey = new Map<string, string>();
  const extractDelays = (e: Expr): Expr => {
    switch (e.kind) {
      case 'unary': return { ...e, arg: extractDelays(e.arg) };
      case 'binary': return { ...e, left: extractDelays(e.left), right: extractDelays(e.right) };
      case 'call': {
        const args = e.args.map(extractDelays);
        if (e.fn !== DELAY_FN) return { ...e, args };
        const key = `${toText(args[0])} @ ${toText(args[1])}`;
        let rule = delayKey.get(key);
        if (!rule) {
          rule = fresh(`__delay_${delays.length}`);
          delayKey.set(key, rule);
          delays.push({ rule, value: fresh(`${rule}_value`), x: toText(args[0]), d: toText(args[1]), xe: args[0] });
        }
        return { kind: 'sym', name: rule };
      }
      default: return e;
    }
  };
  const readExpr = (owner: XmlElement, what: string, bound: ReadonlyMap<string, Expr> = new Map()): Expr | undefined => {
    const m = child(owner, 'math');
    if (!m) { notes.push(`${what} has no <math> (line ${owner.line}): it has no effect`); return undefined; }
    try {
      const read = readMath(m, fns, new Map([...tBound, ...bound]));
      return extractDelays(renameSyms(read, (x) => (x === 't' ? timeName : x.startsWith(RATE_OF_PREFIX) ? RATE_OF_PREFIX + nm(x.slice(RATE_OF_PREFIX.length)) : nm(x))));
    } catch (e) {
      if (e instanceof RangeError) { problems.push(`${what}: expression nested too deeply`); return undefined; }
      if (e instanceof MathReadError) { problems.push(`${what}: ${e.message}`); return undefined; }
      throw e;
    }
  };

  // ---- the elements
  const compartments = list('listOfCompartments', 'compartment');
  const species = list('listOfSpecies', 'species');
  const params = list('listOfParameters', 'parameter');
  const reactions = list('listOfReactions', 'reaction');
  const eventEls = list('listOfEvents', 'event');
  const compById = new Map(compartments.map((c) => [c.attrs.id, c]));
  // the declared units of each quantity, by language name (import-units.ts); applied at the end
  const sbmlUnits = new SbmlUnits(model, level);
  const unitOf = new Map<string, ImportedUnit>();

  const rateRules = new Map<string, XmlElement>(), assignRules = new Map<string, XmlElement>();
  const algebraicEls: XmlElement[] = [];
  const ruleList = child(model, 'listOfRules');
  for (const r of ruleList ? elements(ruleList) : []) {
    const v = r.attrs.variable ?? r.attrs.compartment ?? r.attrs.species; // L1-style attributes, for clarity of errors
    if (r.local === 'rateRule') rateRules.set(v, r);
    else if (r.local === 'assignmentRule') assignRules.set(v, r);
    else if (r.local === 'algebraicRule') algebraicEls.push(r);
    else problems.push(`${r.local} (line ${r.line}): not an SBML Level 2/3 rule`);
  }
  const initialAssignments = new Map(list('listOfInitialAssignments', 'initialAssignment').map((a) => [a.attrs.symbol, a]));
  const eventTargets = new Set<string>();
  for (const ev of eventEls) for (const a of list('listOfEventAssignments', 'eventAssignment', ev)) eventTargets.add(a.attrs.variable);
  for (const c of list('listOfConstraints', 'constraint')) notes.push(`constraint${c.attrs.id ? ` '${c.attrs.id}'` : ''} (line ${c.line}) is not checked during the run`);

  // species references with ids (L3) are values too
  interface Ref { el: XmlElement; species: string; sign: number; reaction: XmlElement }
  const refs: Ref[] = [];
  const fastRx = new Set<XmlElement>();
  for (const r of reactions) {
    for (const sr of list('listOfReactants', 'speciesReference', r)) refs.push({ el: sr, species: sr.attrs.species, sign: -1, reaction: r });
    for (const sr of list('listOfProducts', 'speciesReference', r)) refs.push({ el: sr, species: sr.attrs.species, sign: 1, reaction: r });
    if (bool(r.attrs.fast, false)) fastRx.add(r);
  }

  const fast: SbmlImport['fast'] = fastRx.size ? { scale: fresh('fast_reaction_scale'), slow: fresh('slow_reaction_switch') } : undefined;

  // ---- initial values, evaluated as SBML defines them (values of ids at t0)
  const init = new Map<string, number>();
  const speciesIsAmount = (s: XmlElement): boolean => {
    const c = compById.get(s.attrs.compartment);
    return bool(s.attrs.hasOnlySubstanceUnits, false) || num(c?.attrs.spatialDimensions) === 0;
  };
  const initExpr = new Map<string, Expr>();
  for (const c of compartments) {
    // a 0-dimensional compartment has no size: its species' amounts are their values
    const size = num(c.attrs.size ?? c.attrs.volume) ?? (num(c.attrs.spatialDimensions) === 0 || level === 2 ? 1 : undefined);
    if (size !== undefined) init.set(c.attrs.id, size);
  }
  for (const p of params) { const v = num(p.attrs.value); if (v !== undefined) init.set(p.attrs.id, v); }
  for (const r of refs) if (r.el.attrs.id !== undefined) init.set(r.el.attrs.id, num(r.el.attrs.stoichiometry) ?? 1);
  // species after their compartments: concentration <-> amount
  // an amount given for a concentration (or the reverse) is converted with the compartment's size at
  // t0, which a rule or initial assignment may set: an expression evaluated with the others below
  const cSym = (s: XmlElement): Expr => ({ kind: 'sym', name: nm(s.attrs.compartment) });
  for (const s of species) {
    const amt = num(s.attrs.initialAmount), conc = num(s.attrs.initialConcentration);
    if (speciesIsAmount(s)) {
      if (amt !== undefined) init.set(s.attrs.id, amt);
      else if (conc !== undefined) initExpr.set(s.attrs.id, { kind: 'binary', op: '*', left: { kind: 'num', value: conc }, right: cSym(s) });
    } else if (conc !== undefined) init.set(s.attrs.id, conc);
    else if (amt !== undefined) initExpr.set(s.attrs.id, { kind: 'binary', op: '/', left: { kind: 'num', value: amt }, right: cSym(s) });
  }
  for (const [id, a] of initialAssignments) { const e = readExpr(a, `initialAssignment of '${id}'`); if (e) initExpr.set(id, e); }
  const ruleExpr = new Map<string, Expr>();
  for (const [id, r] of [...assignRules]) { const e = readExpr(r, `assignmentRule of '${id}'`); if (e) ruleExpr.set(id, e); else assignRules.delete(id); }
  // algebraic rules: each solved for a variable it is linear in, then an assignment rule (algebraic.ts)
  if (algebraicEls.length) {
    const inReactions = new Set(refs.filter((r) => !bool(species.find((x) => x.attrs.id === r.species)?.attrs.boundaryCondition, false)).map((r) => r.species));
    const constDefault = level === 2;
    const cands: string[] = [];
    const byName = new Map<string, string>();
    const consider = (id: string | undefined, isConst: boolean): void => {
      // what events set is not determined by a rule (SBML forbids both)
      if (id === undefined || isConst || rateRules.has(id) || assignRules.has(id) || eventTargets.has(id)) return;
      cands.push(nm(id)); byName.set(nm(id), id);
    };
    for (const s of species) consider(s.attrs.id, bool(s.attrs.constant, false) || inReactions.has(s.attrs.id));
    for (const x of params) consider(x.attrs.id, bool(x.attrs.constant, constDefault));
    for (const c of compartments) consider(c.attrs.id, bool(c.attrs.constant, constDefault));
    for (const r of refs) consider(r.el.attrs.id, bool(r.el.attrs.constant, false) || level === 2);
    const label = (r: XmlElement): string => `algebraicRule${r.attrs.id ?? r.attrs.metaid ? ` '${r.attrs.id ?? r.attrs.metaid}'` : ''} (line ${r.line})`;
    const read = algebraicEls.map((r) => ({ label: label(r), expr: readExpr(r, label(r)) }));
    const { solved, left } = solveAlgebraic(read.filter((r): r is { label: string; expr: Expr } => r.expr !== undefined), cands);
    for (const r of left) problems.push(`${r.label}: declined: it is linear in none of the variables it could determine (${[...symsOf(r.expr, new Set())].filter((x) => cands.includes(x)).join(', ') || 'none'}), so it is a differential-algebraic system, which magbone does not integrate`);
    for (const [name, e] of solved) {
      const id = byName.get(name)!;
      ruleExpr.set(id, e);
      assignRules.set(id, algebraicEls[0]);
      notes.push(`'${id}' is determined by an algebraic rule, solved as ${name} = ${txt0(e)}`);
    }
  }
  for (const [id, r] of [...rateRules]) if (!child(r, 'math')) { notes.push(`rateRule of '${id}' has no <math> (line ${r.line}): it has no effect`); rateRules.delete(id); }
  const kinetic = new Map<string, Expr>();
  const localParams: [string, ParameterSpec][] = [];
  for (const r of reactions) {
    const kl = child(r, 'kineticLaw');
    const id = r.attrs.id;
    if (!kl) { notes.push(`reaction '${id}' has no kinetic law: its rate is 0`); kinetic.set(id, { kind: 'num', value: 0 }); continue; }
    const bound = new Map<string, Expr>();
    for (const lp of [...list('listOfLocalParameters', 'localParameter', kl), ...list('listOfParameters', 'parameter', kl)]) {
      const pn = fresh(`${id}_${lp.attrs.id}`);
      bound.set(lp.attrs.id, { kind: 'sym', name: pn });
      const v = num(lp.attrs.value);
      if (v === undefined) problems.push(`local parameter '${lp.attrs.id}' of reaction '${id}' has no value (line ${lp.line})`);
      localParams.push([pn, { value: v ?? NaN, unit: '?', description: `local parameter ${lp.attrs.id} of reaction ${id}`, source: IMPORTED }]);
      unitOf.set(pn, sbmlUnits.parameter(lp));
      init.set(pn, v ?? NaN);
    }
    // local names are substituted before renaming, so a local parameter shadows a global of the same id
    const e = readExpr(kl, `kineticLaw of reaction '${id}'`, bound);
    if (e) kinetic.set(id, e);
  }
  // values of ids at t0: initial assignments and assignment rules in dependency order (a fixed point)
  const value = (name: string): number => (name === 't' || name === timeName ? 0 : init.get(name) ?? NaN);
  const t0Exprs: [string, Expr][] = [
    ...[...initExpr].map(([id, e]) => [nm(id), e] as [string, Expr]),
    ...[...ruleExpr].map(([id, e]) => [nm(id), e] as [string, Expr]),
    ...[...kinetic].map(([id, e]) => [nm(id), e] as [string, Expr]),
    // at t0 (and before: the history is the initial values) delay(x, d) is x
    ...delays.map((d) => [d.rule, d.xe] as [string, Expr]),
  ];
  // init is keyed by language names from here on
  for (const [id, v] of [...init]) if (renamed.has(id)) { init.delete(id); init.set(nm(id), v); }
  for (let pass = 0; pass <= t0Exprs.length; pass++) {
    let changed = false;
    for (const [name, e] of t0Exprs) {
      const v = evaluate(e, (leaf) => value(leaf.name));
      const old = init.get(name);
      if (!(old === v || (Number.isNaN(old) && Number.isNaN(v)))) { init.set(name, v); changed = true; }
    }
    if (!changed) break;
  }

  // ---- which ids vary, and how
  const varyingComp = new Set(compartments.filter((c) => rateRules.has(c.attrs.id) || assignRules.has(c.attrs.id) || eventTargets.has(c.attrs.id)).map((c) => c.attrs.id));
  const changedByReaction = new Set<string>();
  for (const r of refs) {
    const s = species.find((x) => x.attrs.id === r.species);
    if (!s) { problems.push(`${where(r.el)} of reaction '${r.reaction.attrs.id}' names species '${r.species}', which does not exist`); continue; }
    if (!bool(s.attrs.boundaryCondition, false)) changedByReaction.add(r.species);
  }
  for (const r of reactions) {
    for (const sr of list('listOfModifiers', 'modifierSpeciesReference', r)) {
      if (!species.some((x) => x.attrs.id === sr.attrs.species)) problems.push(`modifier of reaction '${r.attrs.id}' names species '${sr.attrs.species}', which does not exist`);
    }
  }

  const parameters: Record<string, ParameterSpec> = {};
  const states: Record<string, StateSpec> = {};
  const rules: Record<string, RuleSpec> = {};
  const symbols = new Map<string, SbmlSymbol>();
  const odeTerms = new Map<string, string[]>(); // state -> terms of its derivative
  const amountState = new Map<string, string>(); // species id -> its amount state (concentration in a varying compartment)
  const amountStateNames = new Set<string>();
  const txt = (e: Expr): string => toText(e);
  const asParam = (name: string, description: string): void => {
    parameters[name] = { value: init.get(name) ?? NaN, unit: '?', description, source: IMPORTED };
  };
  const rateOf = (id: string, what: string): string | undefined => {
    const e = readExpr(rateRules.get(id)!, `rateRule of ${what} '${id}'`);
    // with fast reactions, rate rules stop (with the slow reactions) while the initial state is equilibrated
    return e ? (fast ? `(${txt(e)}) * ${fast.slow}` : txt(e)) : undefined;
  };
  const asState = (name: string, description: string, ode: string | undefined, initial = init.get(name) ?? NaN): void => {
    states[name] = { unit: '?', description, initial, ode: ode ?? '0', nonNegative: false };
  };
  const describe = (e: XmlElement, what: string): string => (e.attrs.name ? `${e.attrs.name} (${what})` : what);
  const generic = (e: XmlElement, kind: SbmlSymbol['kind'], what: string): void => {
    const id = e.attrs.id, name = nm(id);
    symbols.set(id, { kind, name });
    unitOf.set(name, kind === 'compartment' ? sbmlUnits.compartment(e) : kind === 'parameter' ? sbmlUnits.parameter(e) : { unit: '1' });
    if (assignRules.has(id)) { const x = ruleExpr.get(id); if (x) rules[name] = { expr: txt(x), unit: '?', description: describe(e, what) }; }
    else if (rateRules.has(id)) asState(name, describe(e, what), rateOf(id, what));
    else if (eventTargets.has(id)) asState(name, describe(e, what), '0');
    else asParam(name, describe(e, what));
  };
  for (const c of compartments) generic(c, 'compartment', 'compartment size');
  for (const p of params) generic(p, 'parameter', 'parameter');
  for (const r of refs) if (r.el.attrs.id !== undefined) generic(r.el, 'speciesReference', `stoichiometry of '${r.species}' in reaction '${r.reaction.attrs.id}'`);

  for (const s of species) {
    const id = s.attrs.id, name = nm(id), comp = nm(s.attrs.compartment);
    if (!compById.has(s.attrs.compartment)) problems.push(`${where(s)}: compartment '${s.attrs.compartment}' does not exist`);
    const isAmount = speciesIsAmount(s);
    symbols.set(id, { kind: 'species', name, compartment: comp, isAmount });
    unitOf.set(name, sbmlUnits.species(s, compById.get(s.attrs.compartment), isAmount));
    const desc = describe(s, isAmount ? 'species amount' : 'species concentration');
    if (!init.has(name) && !initExpr.has(id) && !assignRules.has(id)) notes.push(`${where(s)} has neither an initial amount, an initial concentration nor an initial assignment: its value is undefined (NaN)`);
    if (assignRules.has(id)) {
      if (changedByReaction.has(id)) problems.push(`${where(s)}: set by an assignment rule and changed by reactions (it must be a boundary species)`);
      const x = ruleExpr.get(id);
      if (x) rules[name] = { expr: txt(x), unit: '?', description: desc };
      continue;
    }
    if (rateRules.has(id)) {
      if (changedByReaction.has(id)) problems.push(`${where(s)}: set by a rate rule and changed by reactions (it must be a boundary species)`);
      const cid = s.attrs.compartment;
      if (!isAmount && eventTargets.has(cid)) {
        // d[S]/dt given, and events resize the compartment: the amount is the state (an event keeps
        // it), d(amount)/dt = d[S]/dt · V + [S] · dV/dt; without events the concentration state is exact
        if (assignRules.has(cid)) { problems.push(`${where(s)}: a rate rule for a concentration whose compartment '${cid}' is set by an assignment rule is not supported`); continue; }
        const an = fresh(`${name}_amount`);
        amountState.set(id, an);
        amountStateNames.add(an);
        unitOf.set(an, sbmlUnits.speciesAmount(s));
        const dV = rateRules.has(cid) ? rateOf(cid, 'compartment') ?? '0' : '0';
        asState(an, describe(s, 'species amount'), `(${rateOf(id, 'species') ?? '0'}) * ${comp} + ${name} * (${dV})`, (init.get(name) ?? NaN) * (init.get(comp) ?? NaN));
        rules[name] = { expr: `${an} / ${comp}`, unit: '?', description: desc };
        continue;
      }
      asState(name, desc, rateOf(id, 'species'));
      continue;
    }
    const changes = changedByReaction.has(id) || eventTargets.has(id);
    if (!isAmount && varyingComp.has(s.attrs.compartment)) {
      // the amount is the state; the id is the concentration
      const an = fresh(`${name}_amount`);
      amountState.set(id, an);
      amountStateNames.add(an);
      unitOf.set(an, sbmlUnits.speciesAmount(s));
      asState(an, describe(s, 'species amount'), undefined, (init.get(name) ?? NaN) * (init.get(comp) ?? NaN));
      odeTerms.set(an, []);
      rules[name] = { expr: `${an} / ${comp}`, unit: '?', description: desc };
      continue;
    }
    if (changes) { asState(name, desc, undefined); odeTerms.set(name, []); } else asParam(name, desc);
  }

  // reactions: one rule each (the rate), and the species' derivatives
  for (const r of reactions) {
    const id = r.attrs.id, name = nm(id);
    symbols.set(id, { kind: 'reaction', name });
    unitOf.set(name, sbmlUnits.reaction());
    rules[name] = { expr: txt(kinetic.get(id) ?? { kind: 'num', value: 0 }), unit: '?', description: describe(r, 'reaction rate') };
  }
  for (const x of localParams) parameters[x[0]] = x[1];
  const modelCf = model.attrs.conversionFactor;
  // fast reactions: a rapid equilibrium, approximated by running them FAST_SCALE times faster (a
  // singular perturbation: the stiff solver keeps them at equilibrium to ~1/FAST_SCALE relative);
  // `slow` (1) multiplies the other reactions, 0 while runSbml brings the initial state to equilibrium
  if (fast) {
    parameters[fast.scale] = { value: FAST_SCALE, unit: '1', description: 'speed-up of the fast reactions (rapid equilibrium as a singular perturbation)', source: 'assumed: large enough that the equilibrium error (~1e-8 relative) is far inside the SBML suite tolerances' };
    parameters[fast.slow] = { value: 1, unit: '1', description: 'switch of the reactions that are not fast (0 while equilibrating the initial state)', source: IMPORTED };
    notes.push(`fast reactions (${[...fastRx].map((r) => r.attrs.id).join(', ')}) run ${FAST_SCALE} times faster than their kinetic law: a rapid equilibrium as a stiff singular perturbation, the initial state equilibrated first`);
  }
  for (const ref of refs) {
    const s = species.find((x) => x.attrs.id === ref.species);
    if (!s || !changedByReaction.has(ref.species) || rateRules.has(ref.species) || assignRules.has(ref.species)) continue;
    let stoich: string;
    const sm = child(ref.el, 'stoichiometryMath');
    if (sm) { const e = readExpr(sm, `stoichiometryMath of '${ref.species}' in reaction '${ref.reaction.attrs.id}'`); stoich = e ? `(${txt(e)})` : '1'; }
    else if (ref.el.attrs.id !== undefined && level === 3) stoich = nm(ref.el.attrs.id);
    else stoich = String(num(ref.el.attrs.stoichiometry) ?? 1);
    const cf = s.attrs.conversionFactor ?? modelCf;
    const rate = nm(ref.reaction.attrs.id);
    let term = `${ref.sign < 0 ? '-' : ''}${stoich} * ${rate}${cf ? ` * ${nm(cf)}` : ''}${fast ? ` * ${fastRx.has(ref.reaction) ? fast.scale : fast.slow}` : ''}`;
    const an = amountState.get(ref.species);
    const stateName = an ?? nm(ref.species);
    if (!an && !speciesIsAmount(s)) term = `(${term}) / ${nm(s.attrs.compartment)}`;
    odeTerms.get(stateName)?.push(term);
  }
  for (const [st, terms] of odeTerms) if (states[st] && terms.length) states[st] = { ...states[st], ode: terms.join(' + ').replace(/\+ -/g, '- ') };

  for (const id of [...rateRules.keys(), ...assignRules.keys(), ...initialAssignments.keys()]) {
    if (!symbols.has(id)) problems.push(`a rule or initial assignment sets '${id}', which is not a compartment, species, parameter or species reference`);
  }
  for (const id of [...rateRules.keys()]) if (assignRules.has(id)) problems.push(`'${id}' has both a rate rule and an assignment rule`);

  // ---- events
  const events: SbmlEvent[] = [];
  eventEls.forEach((ev, k) => {
    const id = ev.attrs.id ?? `event_${k + 1}`;
    const trig = child(ev, 'trigger');
    if (!trig || !child(trig, 'math')) { notes.push(`event '${id}' (line ${ev.line}) has no trigger (math): it never fires`); return; }
    const te = readExpr(trig, `trigger of event '${id}'`);
    const d = child(ev, 'delay');
    const de = d ? readExpr(d, `delay of event '${id}'`) : undefined;
    const pr = child(ev, 'priority');
    const pe = pr ? readExpr(pr, `priority of event '${id}'`) : undefined;
    const assignments: SbmlEvent['assignments'] = [];
    for (const a of list('listOfEventAssignments', 'eventAssignment', ev)) {
      const target = a.attrs.variable;
      const e = readExpr(a, `eventAssignment to '${target}' of event '${id}'`);
      const sym = symbols.get(target);
      if (!sym) { problems.push(`event '${id}': eventAssignment to '${target}', which is not a compartment, species, parameter or species reference`); continue; }
      if (assignRules.has(target)) { problems.push(`event '${id}': eventAssignment to '${target}', which an assignment rule sets`); continue; }
      if (!e) continue;
      const an = amountState.get(target);
      if (an) assignments.push({ state: an, expr: txt(e), scale: sym.compartment });
      else if (states[sym.name]) assignments.push({ state: sym.name, expr: txt(e) });
      else problems.push(`event '${id}': eventAssignment to '${target}', which is not a variable`);
    }
    if (!te) return;
    events.push({
      id, trigger: txt(te),
      initialValue: bool(trig.attrs.initialValue, true), persistent: bool(trig.attrs.persistent, true),
      ...(de ? { delay: txt(de) } : {}), ...(pe ? { priority: txt(pe) } : {}),
      useValuesFromTriggerTime: bool(ev.attrs.useValuesFromTriggerTime, true),
      assignments,
    });
  });

  // rateOf(x): the derivative of a state, 0 for a constant; declined for rules and concentrations of amount states
  const texts = [...Object.values(rules).map((r) => r.expr), ...Object.values(states).map((x) => x.ode),
    ...events.flatMap((e) => [e.trigger, e.delay ?? '', e.priority ?? '', ...e.assignments.map((a) => a.expr)]),
    ...[...initExpr.values()].map(txt)];
  const rateNames = new Set<string>();
  for (const tx of texts) for (const m of tx.matchAll(new RegExp(`${RATE_OF_PREFIX}([A-Za-z_][A-Za-z0-9_]*)`, 'g'))) rateNames.add(m[1]);
  for (const x of rateNames) {
    const rn = `${RATE_OF_PREFIX}${x}`;
    if (states[x]) rules[rn] = { expr: `(${states[x].ode})`, unit: '?', description: `rateOf(${x})` };
    else if (parameters[x]) rules[rn] = { expr: '0', unit: '?', description: `rateOf(${x}): a constant` };
    else problems.push(`rateOf(${x}): ${rules[x] ? 'the rate of change of a variable set by a rule (or of a concentration whose compartment varies) is not supported' : 'not a variable of the model'}`);
  }
  // initial values that read a rate: evaluated again with the rates at t0
  if (rateNames.size && t0Exprs.some(([, e]) => [...symsOf(e, new Set())].some((x) => x.startsWith(RATE_OF_PREFIX)))) {
    const all: [string, Expr][] = [...t0Exprs, ...[...rateNames].filter((x) => rules[RATE_OF_PREFIX + x]).map((x) => [RATE_OF_PREFIX + x, parseExpr(rules[RATE_OF_PREFIX + x].expr)] as [string, Expr])];
    for (let pass = 0; pass <= all.length; pass++) {
      let changed = false;
      for (const [name, e] of all) {
        const v = evaluate(e, (leaf) => value(leaf.name));
        const old = init.get(name);
        if (!(old === v || (Number.isNaN(old) && Number.isNaN(v)))) { init.set(name, v); changed = true; }
      }
      if (!changed) break;
    }
    for (const [n, p] of Object.entries(parameters)) parameters[n] = { ...p, value: init.get(n) ?? p.value };
    for (const [n, st] of Object.entries(states)) if (!amountStateNames.has(n)) states[n] = { ...st, initial: init.get(n) ?? st.initial };
  }
  if (problems.length) throw new SbmlReadError(problems);
  // the language's parameters are finite numbers: an undefined (NaN) or infinite value is a constant rule
  for (const [n, p] of Object.entries(parameters)) {
    if (Number.isFinite(p.value)) continue;
    if (Number.isNaN(p.value)) notes.push(`'${n}' has no value (no value, size or initial assignment that can be evaluated): NaN`);
    rules[n] = { expr: Number.isNaN(p.value) ? '0 / 0' : p.value > 0 ? '1 / 0' : '-1 / 0', unit: '?', description: p.description };
    delete parameters[n];
  }
  for (const [n, s] of Object.entries(states)) {
    if (typeof s.initial === 'number' && !Number.isFinite(s.initial)) notes.push(`'${n}' has no finite initial value (${s.initial})`);
  }

  for (const d of delays) {
    parameters[d.value] = { value: Number.isFinite(init.get(d.rule)) ? init.get(d.rule) as number : 0, unit: '?', description: `delay(${d.x}, ${d.d}): its value, set by the SBML runner from the history`, source: IMPORTED };
    rules[d.rule] = { expr: `${d.value} + 0 * t`, unit: '?', description: `delay(${d.x}, ${d.d}): ${d.x} at t − (${d.d}); before the start, its initial value` };
  }
  if (delays.length) notes.push(`delay(): ${delays.map((d) => `delay(${d.x}, ${d.d})`).join(', ')} read from the run's history (the solution's dense output; before t0, the initial values)`);
  // ---- units (import-units.ts): declared ones as unit strings, "?" with the reason otherwise
  const time = sbmlUnits.time();
  const timeUnit = modelTimeUnit(time);
  if (timeUnit) unitOf.set(timeName, { unit: timeUnit });
  else notes.push(`the model's time unit is not known (${time.note ?? `'${time.unit}' is not a unit of time`}): magbone's time unit 's' stands in for it, and the time column of a run is the file's time`);
  const withUnit = <T extends { unit: string; description: string }>(name: string, x: T): T => {
    const u = unitOf.get(name);
    if (!u) return x;
    return { ...x, unit: u.unit, description: u.note ? `${x.description} [${u.note}]` : x.description };
  };
  for (const n of Object.keys(parameters)) parameters[n] = withUnit(n, parameters[n]);
  for (const n of Object.keys(states)) states[n] = withUnit(n, states[n]);
  for (const n of Object.keys(rules)) rules[n] = withUnit(n, rules[n]);
  if (level === 3) {
    // (a <cn sbml:units> or any other units attribute naming it counts as a reference)
    const l2names = sbmlUnits.unreferenced().filter((u) => ['substance', 'time', 'volume', 'area', 'length'].includes(u) && !new RegExp(`[uU]nits="${u}"`).test(xml));
    if (l2names.length) notes.push(`unitDefinition${l2names.length > 1 ? 's' : ''} ${l2names.map((u) => `'${u}' = ${sbmlUnits.written(u)}`).join(', ')} ${l2names.length > 1 ? 'are' : 'is'} referenced by nothing: Level 3 has no default units (Level 2's predefined names mean nothing there), so ${l2names.length > 1 ? 'they are' : 'it is'} not applied`);
  }
  const declared = [...unitOf.values()].filter((u) => u.unit !== '?').length;
  if (unitOf.size) notes.push(`units: ${declared} of ${unitOf.size} quantities have a declared unit; the others are "?" (the reason is in their description). Unit mismatches in the file's maths are reported with the unchecked quantities, not enforced`);

  const spec: ModelSpec = {
    // the language's ids are lower-case (BioModels ids are not: "MODEL1604270004"); the name keeps the original
    id: languageModelId(model.attrs.id),
    name: model.attrs.name ?? model.attrs.id ?? 'imported SBML model',
    version: '0.0.0',
    species: 'unspecified',
    timeUnit: timeUnit ?? 's',
    description: `Imported from SBML Level ${level} Version ${version}.${timeUnit ? '' : ' Its time unit is not declared: the time unit "s" stands in for it.'}`,
    references: [],
    parameters, states, rules: { [timeName]: { expr: 't', unit: timeUnit ?? '?', description: 'SBML time (csymbol time)' }, ...rules }, observables: {},
    unitMismatches: 'report',
  };
  const initialExprs = new Map([...initExpr].map(([id, e]) => [nm(id), txt(e)] as [string, string]));
  return { spec, events, delays: delays.map(({ xe: _xe, ...d }) => d), symbols, notes, level, version, initialExprs, ...(timeUnit ? { timeUnit } : {}), ...(fast ? { fast } : {}) };
}
