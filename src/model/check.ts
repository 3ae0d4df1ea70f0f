/**
 * Checks a ModelSpec before anything runs and reports every problem at once, each with a path
 * (['models/<id>', 'states', 'PTH', 'ode', 17]: the last number is the character offset in the
 * expression): syntax, unknown symbols (with did-you-mean), duplicate or reserved names, rule and
 * initial-value cycles (named), ill-formed sources, unused switches, dose targets, parameter values
 * and bounds, constraints (truth values of parameters and constant rules that the defaults satisfy),
 * and units.
 *
 * Unit rules (also in the docs table, `UNIT_RULES`):
 *  - every declared unit is parsed by `units.ts`; "?" means the source gives none;
 *  - a unit is a dimension AND a scale: mmol and pmol do not add, a rate in 1/h does not feed a
 *    model in minutes; conversion factors are parameters whose unit says so ("mmol/pmol", value 1e-9);
 *  - numeric literals are dimensionless pure numbers, except 0, which fits any unit;
 *  - sums, comparisons, min/max and the values of if/piecewise need one unit; abs(x) and fround(x)
 *    have x's unit;
 *    exp/log/log10 arguments and exponents are dimensionless; a dimensional base needs a constant
 *    exponent; hill(x, K, n) needs x and K alike and n dimensionless, and is dimensionless;
 *  - an ODE's unit is the state's unit per model time unit; a rule's or observable's, its declared
 *    unit; a bioavailability is dimensionless;
 *  - anything that uses a "?" quantity is not checked, and `listUncheckedQuantities` lists it.
 */
import { isNonNegative } from './invariants.js';
import type { ModelSpec } from './spec.js';
import type { Expr, Leaf } from './expr/ast.js';
import { isBoolean, leavesOf, walk } from './expr/ast.js';
import { tryParse } from './expr/parse.js';
import { evaluate } from './expr/evaluate.js';
import { RESERVED_NAMES } from './expr/functions.js';
import { type Issue, didYouMean, formatPath } from './expr/errors.js';
import { inferUnit, type DimIssue, type Inferred } from './expr/dimensions.js';
import { type Unit, UNKNOWN, DIMENSIONLESS, tryParseUnit, divUnit, sameUnit, sameDimension, prettyUnit } from './units.js';

export type { Issue } from './expr/errors.js';

export const UNIT_RULES: readonly string[] = [
  'A unit is a dimension and a scale: mmol and pmol do not add; a rate in 1/h does not feed a model in minutes.',
  'Conversion factors are parameters whose unit says so (e.g. "mmol/pmol" with value 1e-9).',
  'Numeric literals are dimensionless pure numbers; the literal 0 fits any unit.',
  'Sums, differences, comparisons, min, max and the values of if/piecewise need one unit; abs(x) and fround(x) have the unit of x.',
  'Arguments of exp, log, log10 and exponents are dimensionless; a base with a unit needs a constant exponent.',
  'hill(x, K, n) and hillinv(x, K, n): x and K share a unit, n is dimensionless; the result is dimensionless.',
  'An ODE has the state\'s unit per model time unit; a rule or observable its declared unit; a bioavailability is dimensionless.',
  'A quantity with unit "?" (the source gives none) and every expression that uses one are not checked; the docs list them.',
];

/** Thrown by compileModel and Model.with: every issue, each with its path. */
export class ModelInputError extends Error {
  /**
   * @param issues Every problem found, each with its code and path.
   * @param what What was checked, for the message.
   */
  constructor(readonly issues: readonly Issue[], what = 'model') {
    super(`${issues.length} problem${issues.length === 1 ? '' : 's'} in ${what}:\n` +
      issues.map((i) => `  ${formatPath(i.path)}: ${i.message}`).join('\n'));
    this.name = 'ModelInputError';
  }
}

/** The kind of a name in a model: parameter, switch, state, rule or observable. */
export type SymbolKind = 'parameter' | 'switch' | 'state' | 'rule' | 'observable';

/** Where an expression lives: the spec section, the record key and the field. */
export interface ExprSite {
  readonly section: 'states' | 'rules' | 'observables' | 'doses';
  readonly name: string;
  readonly field: 'ode' | 'initial' | 'expr' | 'bioavailability';
}

/** A quantity whose unit could not be checked (no unit declared): where it is, its kind and name. */
export interface UncheckedQuantity {
  /** Where it is, from the model: e.g. ['models/human-mg-bone', 'parameters', 'K_cell', 'unit']. */
  readonly path: readonly (string | number)[];
  /** What it is: a parameter, state, rule, observable… or an ODE, initial value or bioavailability expression. */
  readonly kind: SymbolKind | 'ode' | 'initial' | 'bioavailability';
  /** Its name (the quantity, or the state the expression belongs to). */
  readonly name: string;
  /** Why it is unchecked: its own unit is "?", or the "?" quantities its expression uses. */
  readonly reason: string;
}

/** The parsed model: ASTs and dependency order, shared by the checker, the compiler and the docs. */
export interface ParsedModel {
  /** The spec it was parsed from. */
  readonly spec: ModelSpec;
  /** Name → what it is (parameter, switch, state, rule or observable). */
  readonly kinds: ReadonlyMap<string, SymbolKind>;
  /** State → the parsed right-hand side of its ODE. */
  readonly odes: ReadonlyMap<string, Expr>;
  /** Initial values: a number or an expression. */
  readonly initials: ReadonlyMap<string, number | Expr>;
  /** Rule → its parsed expression. */
  readonly rules: ReadonlyMap<string, Expr>;
  /** Observable → its parsed expression. */
  readonly observables: ReadonlyMap<string, Expr>;
  /** Dose target → its parsed bioavailability expression. */
  readonly bioavailability: ReadonlyMap<string, Expr>;
  /** Constraints (truth values of parameters, switches and constant rules), in spec order. */
  readonly constraints: ReadonlyMap<string, Expr>;
  /** Rules in dependency order (each after the rules it uses); rules on a cycle are left out. */
  readonly ruleOrder: readonly string[];
  /** Rules that depend on parameters and switches only (computed once per parameter set). */
  readonly constantRules: ReadonlySet<string>;
  /** Parsed declared units; absent when "?" or invalid. */
  readonly units: ReadonlyMap<string, Unit>;
  /** The parsed time unit; absent when invalid. */
  readonly timeUnit?: Unit;
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;
const EVIDENCE = ['in vitro', 'animal', 'human observational', 'human experimental', 'human trial', 'hypothesis'];

/** Why a source string is ill-formed, or undefined if fine. */
export function sourceProblem(s: unknown, refIds: ReadonlySet<string>): string | undefined {
  if (typeof s !== 'string' || s.trim() === '') return 'a source is required: "ref:<id>[ <where>]", "doi:...", "pmid:...", "fitted: ...", "assumed: ..." or "derived: ..."';
  let m = /^ref:([^\s]+)(\s.*)?$/.exec(s);
  if (m) return refIds.has(m[1]) ? undefined : `source '${s}' names reference '${m[1]}', which is not in references${didYouMean(m[1], refIds)}`;
  if (/^doi:\s*10\.\d{4,9}\/\S+$/.test(s)) return undefined;
  if (/^pmid:\s*\d+$/.test(s)) return undefined;
  m = /^(fitted|assumed|derived):\s*(.*)$/.exec(s);
  if (m) return m[2].trim() ? undefined : `source '${s}' must say ${m[1] === 'fitted' ? 'to what dataset' : m[1] === 'assumed' ? 'why' : 'from what'} after '${m[1]}:'`;
  return `source '${s}' is not one of the forms "ref:<id>[ <where>]", "doi:10.xxxx/...", "pmid:<digits>", "fitted: <dataset>", "assumed: <why>", "derived: <from what>"`;
}

/** The result of checking a model spec: its parsed form (ASTs, dependency order) and every issue found. */
export interface Analysis {
  /** The parsed model (ASTs, dependency order, units). */
  parsed: ParsedModel;
  /** Every problem found, with its path ([] when the spec compiles). */
  issues: Issue[];
  /** Every quantity and expression left out of unit checking (unit "?"). */
  unchecked: UncheckedQuantity[];
}

const analyses = new WeakMap<ModelSpec, Analysis>();

/** Parses and checks a spec (memoised by object identity; specs are treated as immutable). */
export function analyzeModel(spec: ModelSpec): Analysis {
  const hit = analyses.get(spec);
  if (hit) return hit;
  const a = new Analyzer(spec).run();
  analyses.set(spec, a);
  return a;
}

/** Every problem in the spec ([] when it compiles). */
export function checkModel(spec: ModelSpec): Issue[] {
  return [...analyzeModel(spec).issues];
}

/** Every quantity and expression excluded from unit checking (unit "?"), for the docs. */
export function listUncheckedQuantities(spec: ModelSpec): UncheckedQuantity[] {
  return [...analyzeModel(spec).unchecked];
}

type Path = (string | number)[];

class Analyzer {
  private readonly root: string;
  private readonly issues: Issue[] = [];
  private readonly unchecked: UncheckedQuantity[] = [];
  private readonly kinds = new Map<string, SymbolKind>();
  private readonly odes = new Map<string, Expr>();
  private readonly initials = new Map<string, number | Expr>();
  private readonly rules = new Map<string, Expr>();
  private readonly observables = new Map<string, Expr>();
  private readonly bio = new Map<string, Expr>();
  private readonly constraints = new Map<string, Expr>();
  private readonly units = new Map<string, Unit>();
  private readonly refIds = new Set<string>();
  private timeUnit?: Unit;
  private ruleOrder: string[] = [];
  private readonly constantRules = new Set<string>();
  private readonly constCache = new Map<string, number | undefined>();

  constructor(private readonly spec: ModelSpec) {
    this.root = `models/${typeof spec?.id === 'string' && spec.id ? spec.id : '?'}`;
  }

  private issue(code: string, path: Path, message: string): void {
    this.issues.push({ code, path: [this.root, ...path], message });
  }

  run(): Analysis {
    const s = this.spec;
    if (typeof s !== 'object' || s === null) {
      this.issue('invalid-value', [], 'a model spec must be an object');
      return this.result();
    }
    this.header();
    this.names();
    this.parameters();
    this.switchesAndStatesAndRules();
    this.doses();
    this.resolveSymbols();
    this.ruleGraph();
    this.initialGraph();
    this.unusedSwitches();
    this.constraintChecks();
    this.unitChecks();
    this.constraintDefaults();
    return this.result();
  }

  private result(): Analysis {
    const parsed: ParsedModel = {
      spec: this.spec, kinds: this.kinds, odes: this.odes, initials: this.initials, rules: this.rules,
      observables: this.observables, bioavailability: this.bio, constraints: this.constraints, ruleOrder: this.ruleOrder,
      constantRules: this.constantRules, units: this.units, timeUnit: this.timeUnit,
    };
    return { parsed, issues: this.issues, unchecked: this.unchecked };
  }

  private header(): void {
    const s = this.spec;
    if (typeof s.id !== 'string' || !/^[a-z0-9][a-z0-9._-]*$/.test(s.id)) {
      this.issue('invalid-value', ['id'], `id must be lower-case letters, digits, '-', '.', '_' (e.g. "peterson-riggs-2010"), got ${JSON.stringify(s.id)}`);
    }
    const tu = typeof s.timeUnit === 'string' ? tryParseUnit(s.timeUnit) : undefined;
    if (!tu?.unit || !sameDimension(tu.unit, { dims: [0, 0, 0, 1, 0, 0, 0], scale: 1 })) {
      this.issue('invalid-unit', ['timeUnit'], `timeUnit must be a unit of time ("min", "h", "d"), got ${JSON.stringify(s.timeUnit)}`);
    } else this.timeUnit = tu.unit;
    if (s.unitMismatches !== undefined && s.unitMismatches !== 'error' && s.unitMismatches !== 'report') {
      this.issue('invalid-value', ['unitMismatches'], `unitMismatches must be "error" or "report", got ${JSON.stringify(s.unitMismatches)}`);
    }
    if (!Array.isArray(s.references)) {
      this.issue('invalid-value', ['references'], 'references must be an array of { id, citation }');
    } else {
      s.references.forEach((r, i) => {
        if (typeof r?.id !== 'string' || !r.id) { this.issue('invalid-value', ['references', i, 'id'], 'a reference needs an id'); return; }
        if (this.refIds.has(r.id)) this.issue('duplicate-name', ['references', i, 'id'], `reference id '${r.id}' is used twice`);
        this.refIds.add(r.id);
        if (typeof r.citation !== 'string' || !r.citation.trim()) this.issue('missing-citation', ['references', i, 'citation'], `reference '${r.id}' needs a citation`);
      });
    }
    for (const sec of ['parameters', 'states', 'rules', 'observables'] as const) {
      if (typeof s[sec] !== 'object' || s[sec] === null) this.issue('invalid-value', [sec], `${sec} must be a record keyed by name`);
    }
  }

  private entries<T>(rec: Record<string, T> | undefined): [string, T][] {
    return rec && typeof rec === 'object' ? Object.entries(rec) : [];
  }

  private names(): void {
    const sections: [keyof ModelSpec, SymbolKind][] = [
      ['parameters', 'parameter'], ['switches', 'switch'], ['states', 'state'], ['rules', 'rule'], ['observables', 'observable'],
    ];
    const where = new Map<string, string>();
    for (const [sec, kind] of sections) {
      for (const [name] of this.entries(this.spec[sec] as Record<string, unknown> | undefined)) {
        if (!IDENT.test(name)) {
          this.issue('invalid-name', [sec, name], `'${name}' is not a valid name: letters, digits and '_', not starting with a digit`);
        } else if (RESERVED_NAMES.has(name)) {
          this.issue('reserved-name', [sec, name], `'${name}' is reserved (${name === 't' ? 'the time' : 'a function'}); choose another name`);
        }
        const prev = where.get(name);
        if (prev) {
          this.issue('duplicate-name', [sec, name], `'${name}' is already defined in ${prev}; names must be unique across parameters, switches, states, rules and observables`);
          continue;
        }
        where.set(name, String(sec));
        this.kinds.set(name, kind);
      }
    }
  }

  private unit(path: Path, text: unknown, name: string): void {
    if (text === UNKNOWN) return;
    if (typeof text !== 'string') { this.issue('invalid-unit', path, `unit must be a string (or "?" when the source gives none), got ${JSON.stringify(text)}`); return; }
    const r = tryParseUnit(text);
    if (r.error) this.issue('invalid-unit', path, r.error.message);
    else this.units.set(name, r.unit);
  }

  private source(path: Path, src: unknown, optional: boolean): void {
    if (optional && src === undefined) return;
    const p = sourceProblem(src, this.refIds);
    if (!p) return;
    const code = src === undefined || (typeof src === 'string' && src.trim() === '') ? 'missing-source'
      : typeof src === 'string' && src.startsWith('ref:') ? 'unknown-reference' : 'invalid-source';
    this.issue(code, path, p);
  }

  private parameters(): void {
    for (const [name, p] of this.entries(this.spec.parameters)) {
      if (typeof p !== 'object' || p === null) { this.issue('invalid-value', ['parameters', name], 'a parameter must be { value, unit, description, source }'); continue; }
      const v = p.value;
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        this.issue('non-finite', ['parameters', name, 'value'], `parameter '${name}' must have a finite number value, got ${String(v)}`);
      }
      this.unit(['parameters', name, 'unit'], p.unit, name);
      this.source(['parameters', name, 'source'], p.source, false);
      if (p.bounds !== undefined) {
        const b = p.bounds;
        if (!Array.isArray(b) || b.length !== 2 || typeof b[0] !== 'number' || typeof b[1] !== 'number' || Number.isNaN(b[0]) || Number.isNaN(b[1]) || b[0] > b[1]) {
          this.issue('invalid-bounds', ['parameters', name, 'bounds'], `bounds must be [low, high] numbers with low <= high, got ${JSON.stringify(b)}`);
        } else if (typeof v === 'number' && Number.isFinite(v) && (v < b[0] || v > b[1])) {
          this.issue('out-of-bounds', ['parameters', name, 'value'], `parameter '${name}' = ${v} is outside its bounds [${b[0]}, ${b[1]}]`);
        }
      }
    }
  }

  private parse(path: Path, text: unknown, into: Map<string, Expr>, key: string): void {
    if (typeof text !== 'string') { this.issue('invalid-value', path, `expected an expression string, got ${JSON.stringify(text)}`); return; }
    const r = tryParse(text);
    for (const p of r.issues) this.issue(p.code, [...path, p.pos], `${p.message} (column ${p.pos + 1} of '${text}')`);
    if (r.expr) into.set(key, r.expr);
  }

  private switchesAndStatesAndRules(): void {
    for (const [name, sw] of this.entries(this.spec.switches)) {
      if (typeof sw?.default !== 'boolean') this.issue('invalid-value', ['switches', name, 'default'], `default must be true or false, got ${JSON.stringify(sw?.default)}`);
      if (!EVIDENCE.includes(sw?.evidence)) this.issue('invalid-value', ['switches', name, 'evidence'], `evidence must be one of ${EVIDENCE.map((e) => `'${e}'`).join(', ')}, got ${JSON.stringify(sw?.evidence)}`);
      if (!Array.isArray(sw?.sources) || sw.sources.length === 0) this.issue('missing-source', ['switches', name, 'sources'], `switch '${name}' needs at least one source`);
      else sw.sources.forEach((src, i) => this.source(['switches', name, 'sources', i], src, false));
    }
    const initialText = new Map<string, Expr>();
    for (const [name, st] of this.entries(this.spec.states)) {
      this.unit(['states', name, 'unit'], st?.unit, name);
      this.parse(['states', name, 'ode'], st?.ode, this.odes, name);
      if (typeof st?.initial === 'number') {
        if (!Number.isFinite(st.initial)) this.issue('non-finite', ['states', name, 'initial'], `initial value of '${name}' must be finite, got ${st.initial}`);
        this.initials.set(name, st.initial);
      } else {
        this.parse(['states', name, 'initial'], st?.initial, initialText, name);
        const e = initialText.get(name);
        if (e) this.initials.set(name, e);
      }
      this.source(['states', name, 'source'], st?.source, true);
      if (st?.nonNegative !== undefined && typeof st.nonNegative !== 'boolean') this.issue('invalid-value', ['states', name, 'nonNegative'], `nonNegative of '${name}' must be true or false, got ${JSON.stringify(st.nonNegative)}`);
      else if (st?.belowZero !== undefined && (typeof st.belowZero !== 'string' || st.belowZero.trim() === '')) this.issue('invalid-value', ['states', name, 'belowZero'], `belowZero of '${name}' must be a note (a non-empty string) saying why the state may go below zero`);
      else if (typeof st?.initial === 'number' && st.initial < 0 && isNonNegative(st)) {
        this.issue('invalid-value', ['states', name, 'initial'], `the initial value of '${name}' is ${st.initial}, but the state is non-negative (${st.nonNegative === true ? 'declared' : `an amount or concentration, ${String(st.unit)}`}); set nonNegative: false if it is signed`);
      }
    }
    for (const [name, r] of this.entries(this.spec.rules)) {
      this.unit(['rules', name, 'unit'], r?.unit, name);
      this.parse(['rules', name, 'expr'], r?.expr, this.rules, name);
      this.source(['rules', name, 'source'], r?.source, true);
    }
    for (const [name, o] of this.entries(this.spec.observables)) {
      this.unit(['observables', name, 'unit'], o?.unit, name);
      this.parse(['observables', name, 'expr'], o?.expr, this.observables, name);
    }
  }

  private doses(): void {
    for (const [target, d] of this.entries(this.spec.doses)) {
      const path: Path = ['doses', target];
      if (!IDENT.test(target)) this.issue('invalid-name', path, `dose target '${target}' is not a valid name: letters, digits and '_'`);
      if (this.kinds.get(d?.state) !== 'state') {
        const states = Object.keys(this.spec.states ?? {});
        this.issue('unknown-state', [...path, 'state'], `dose target '${target}' feeds '${String(d?.state)}', which is not a state${didYouMean(String(d?.state), states)}`);
      } else {
        const stUnit = this.spec.states[d.state].unit;
        if (typeof d.amountUnit !== 'string') {
          this.issue('invalid-unit', [...path, 'amountUnit'], `amountUnit must be a unit string (the unit of state '${d.state}', '${stUnit}')`);
        } else if (d.amountUnit !== UNKNOWN && stUnit !== UNKNOWN) {
          const a = tryParseUnit(d.amountUnit);
          const su = this.units.get(d.state);
          if (a.error) this.issue('invalid-unit', [...path, 'amountUnit'], a.error.message);
          else if (su && !sameUnit(a.unit, su)) {
            this.issue('unit-mismatch', [...path, 'amountUnit'], `amountUnit '${d.amountUnit}' of dose target '${target}' differs from the unit '${stUnit}' of state '${d.state}' it feeds`);
          }
        }
      }
      if (d?.molarMass !== undefined) {
        if (typeof d.molarMass.value !== 'number' || !(d.molarMass.value > 0) || !Number.isFinite(d.molarMass.value)) {
          this.issue('invalid-value', [...path, 'molarMass', 'value'], `molar mass must be a positive number (g/mol), got ${String(d.molarMass.value)}`);
        }
        this.source([...path, 'molarMass', 'source'], d.molarMass.source, false);
      }
      if (d?.bioavailability !== undefined) this.parse([...path, 'bioavailability'], d.bioavailability, this.bio, target);
    }
    if (this.spec.constraints !== undefined && (typeof this.spec.constraints !== 'object' || this.spec.constraints === null)) {
      this.issue('invalid-value', ['constraints'], 'constraints must be a record keyed by name of { expr, description, source? }');
    }
    for (const [name, c] of this.entries(this.spec.constraints)) {
      const path: Path = ['constraints', name];
      if (!IDENT.test(name)) this.issue('invalid-name', path, `constraint '${name}' is not a valid name: letters, digits and '_', not starting with a digit`);
      // one namespace with the symbols, as SBML ids are
      else if (this.kinds.has(name)) this.issue('duplicate-name', path, `constraint name '${name}' is already the name of a ${this.kinds.get(name)}; choose another`);
      if (typeof c?.description !== 'string' || !c.description.trim()) this.issue('invalid-value', [...path, 'description'], `constraint '${name}' needs a description (why it must hold)`);
      this.source([...path, 'source'], c?.source, true);
      this.parse([...path, 'expr'], c?.expr, this.constraints, name);
    }
  }

  /** Each expression with the path of its field, for messages. */
  private *sites(): Generator<[Path, Expr, 'dynamic' | 'initial' | 'constant' | 'constraint']> {
    for (const [n, e] of this.odes) yield [['states', n, 'ode'], e, 'dynamic'];
    for (const [n, e] of this.initials) if (typeof e !== 'number') yield [['states', n, 'initial'], e, 'initial'];
    for (const [n, e] of this.rules) yield [['rules', n, 'expr'], e, 'dynamic'];
    for (const [n, e] of this.observables) yield [['observables', n, 'expr'], e, 'dynamic'];
    for (const [n, e] of this.bio) yield [['doses', n, 'bioavailability'], e, 'constant'];
    for (const [n, e] of this.constraints) yield [['constraints', n, 'expr'], e, 'constraint'];
  }

  private resolveSymbols(): void {
    const candidates = [...this.kinds.keys()].filter((n) => this.kinds.get(n) !== 'observable');
    for (const [path, e, ctx] of this.sites()) {
      for (const leaf of leavesOf(e)) {
        const at = [...path, leaf.span?.start ?? 0];
        if (leaf.kind === 'index') {
          this.issue('indexed-symbol', at, `'${leaf.name}[${leaf.index}]': indexing is for the vector-field format; refer to states by name`);
          continue;
        }
        const name = leaf.name;
        if (name === 't') {
          if (ctx !== 'dynamic') this.issue('not-allowed', at, `'t' cannot be used in ${ctx === 'initial' ? 'an initial value' : ctx === 'constraint' ? 'a constraint' : 'a bioavailability'} (it is evaluated once, not in time)`);
          continue;
        }
        const kind = this.kinds.get(name);
        if (kind === undefined) {
          this.issue('unknown-symbol', at, `unknown symbol '${name}' (column ${(leaf.span?.start ?? 0) + 1})${didYouMean(name, ctx === 'dynamic' ? [...candidates, 't'] : candidates)}`);
        } else if (kind === 'observable') {
          this.issue('not-allowed', at, `'${name}' is an observable, which expressions cannot use; make it a rule (observables are outputs only)`);
        } else if (ctx === 'constant' && kind === 'state') {
          this.issue('not-allowed', at, `a bioavailability is fixed per parameter set and cannot use state '${name}'`);
        } else if (ctx === 'constraint' && kind === 'state') {
          this.issue('not-allowed', at, `a constraint is a condition on the parameters and cannot use state '${name}'`);
        }
      }
    }
  }

  private ruleDeps(name: string): string[] {
    const e = this.rules.get(name);
    if (!e) return [];
    const out: string[] = [];
    walk(e, (n) => { if (n.kind === 'sym' && this.kinds.get(n.name) === 'rule' && !out.includes(n.name)) out.push(n.name); });
    return out;
  }

  /** Topological order by DFS; each cycle is reported once, named. */
  private ruleGraph(): void {
    const state = new Map<string, 0 | 1 | 2>();
    const order: string[] = [];
    const cyclic = new Set<string>();
    const stack: string[] = [];
    const visit = (n: string): void => {
      const s = state.get(n) ?? 0;
      if (s === 2) return;
      if (s === 1) {
        const cycle = stack.slice(stack.indexOf(n));
        if (!cycle.some((c) => cyclic.has(c))) {
          this.issue('cycle', ['rules', cycle[0], 'expr'], `rules form a cycle: ${[...cycle, n].join(' -> ')}; a rule cannot depend on itself`);
        }
        for (const c of cycle) cyclic.add(c);
        return;
      }
      state.set(n, 1);
      stack.push(n);
      for (const d of this.ruleDeps(n)) visit(d);
      stack.pop();
      state.set(n, 2);
      order.push(n);
    };
    for (const n of this.rules.keys()) visit(n);
    // a rule that failed to parse is not in this.rules but can be reached as a dependency
    this.ruleOrder = order.filter((n) => this.rules.has(n) && !cyclic.has(n) && !this.ruleDeps(n).some((d) => cyclic.has(d) || !this.rules.has(d)));
    // constant rules: only parameters, switches and constant rules (in order, so deps are known)
    for (const n of this.ruleOrder) {
      const e = this.rules.get(n)!;
      let constant = true;
      walk(e, (x) => {
        if (x.kind === 'index') constant = false;
        if (x.kind !== 'sym') return;
        const k = this.kinds.get(x.name);
        if (x.name === 't' || k === 'state' || k === 'observable' || k === undefined || (k === 'rule' && !this.constantRules.has(x.name))) constant = false;
      });
      if (constant) this.constantRules.add(n);
    }
  }

  /** Initial values may use other states' initial values, directly or through rules: no cycles. */
  private initialGraph(): void {
    const statesUsed = new Map<string, Set<string>>();
    const viaRule = (r: string, seen: Set<string>, out: Set<string>): void => {
      if (seen.has(r)) return;
      seen.add(r);
      const e = this.rules.get(r);
      if (!e) return;
      walk(e, (x) => {
        if (x.kind !== 'sym') return;
        const k = this.kinds.get(x.name);
        if (k === 'state') out.add(x.name);
        else if (k === 'rule') viaRule(x.name, seen, out);
      });
    };
    const usesTime = (r: string, seen = new Set<string>()): boolean => {
      if (seen.has(r)) return false;
      seen.add(r);
      let found = false;
      const e = this.rules.get(r);
      if (e) walk(e, (x) => {
        if (x.kind !== 'sym' || found) return;
        if (x.name === 't') found = true;
        else if (this.kinds.get(x.name) === 'rule' && usesTime(x.name, seen)) found = true;
      });
      return found;
    };
    for (const [n, e] of this.initials) {
      const used = new Set<string>();
      if (typeof e !== 'number') {
        const seen = new Set<string>();
        walk(e, (x) => {
          if (x.kind !== 'sym') return;
          const k = this.kinds.get(x.name);
          if (k === 'state') used.add(x.name);
          else if (k === 'rule') {
            viaRule(x.name, seen, used);
            if (usesTime(x.name)) {
              this.issue('not-allowed', ['states', n, 'initial', x.span?.start ?? 0], `the initial value of '${n}' uses rule '${x.name}', which depends on t; initial values are fixed per parameter set`);
            }
          }
        });
      }
      statesUsed.set(n, used);
    }
    const state = new Map<string, number>();
    const stack: string[] = [];
    const reported = new Set<string>();
    const visit = (n: string): void => {
      if (state.get(n) === 2) return;
      if (state.get(n) === 1) {
        const cycle = stack.slice(stack.indexOf(n));
        if (!cycle.some((c) => reported.has(c))) {
          this.issue('cycle', ['states', cycle[0], 'initial'], `initial values form a cycle: ${[...cycle, n].join(' -> ')}`);
          for (const c of cycle) reported.add(c);
        }
        return;
      }
      state.set(n, 1);
      stack.push(n);
      for (const d of statesUsed.get(n) ?? []) visit(d);
      stack.pop();
      state.set(n, 2);
    };
    for (const n of this.initials.keys()) visit(n);
  }

  private unusedSwitches(): void {
    const used = new Set<string>();
    for (const [, e] of this.sites()) walk(e, (x) => { if (x.kind === 'sym') used.add(x.name); });
    for (const [name] of this.entries(this.spec.switches)) {
      if (!used.has(name)) this.issue('unused-switch', ['switches', name], `switch '${name}' gates nothing: no ODE, rule, observable, initial value or bioavailability uses it`);
    }
  }

  /** A constraint is a truth value and may read only constant rules (besides parameters and switches). */
  private constraintChecks(): void {
    for (const [name, e] of this.constraints) {
      const path: Path = ['constraints', name, 'expr'];
      if (!isBoolean(e)) {
        this.issue('not-boolean', [...path, e.span?.start ?? 0], `constraint '${name}' must be a truth value (a comparison, or comparisons joined by && || !), got '${this.spec.constraints![name].expr}'`);
      }
      walk(e, (x) => {
        if (x.kind !== 'sym' || this.kinds.get(x.name) !== 'rule' || this.constantRules.has(x.name) || !this.rules.has(x.name)) return;
        this.issue('not-allowed', [...path, x.span?.start ?? 0], `constraint '${name}' uses rule '${x.name}', which depends on states or t; a constraint may use only parameters, switches and rules of those`);
      });
    }
  }

  /** The defaults must satisfy every constraint that is otherwise well-formed. */
  private constraintDefaults(): void {
    for (const [name, e] of this.constraints) {
      const path = [this.root, 'constraints', name, 'expr'];
      if (this.issues.some((i) => i.path.length >= path.length && path.every((p, k) => i.path[k] === p))) continue;
      const v = this.constValue(e);
      if (v === 0) {
        this.issue('constraint', ['constraints', name, 'expr'], `constraint '${name}' (${this.spec.constraints![name].expr}) does not hold at the default values: ${this.spec.constraints![name].description}`);
      }
    }
  }

  /** Value of a parameters-only expression (for exponents in unit checks), else undefined. */
  private constValue = (e: Expr): number | undefined => {
    let ok = true;
    const v = evaluate(e, (leaf: Leaf) => {
      if (leaf.kind !== 'sym') { ok = false; return NaN; }
      const r = this.symbolConst(leaf.name);
      if (r === undefined) ok = false;
      return r ?? NaN;
    });
    return ok && Number.isFinite(v) ? v : undefined;
  };

  private symbolConst(name: string): number | undefined {
    const k = this.kinds.get(name);
    if (k === 'parameter') { const v = this.spec.parameters[name]?.value; return typeof v === 'number' ? v : undefined; }
    if (k === 'switch') return this.spec.switches?.[name]?.default ? 1 : 0;
    if (k === 'rule' && this.constantRules.has(name)) {
      if (this.constCache.has(name)) return this.constCache.get(name);
      this.constCache.set(name, undefined);
      const v = this.constValue(this.rules.get(name)!);
      this.constCache.set(name, v);
      return v;
    }
    return undefined;
  }

  private pretty(u: Unit): string {
    return prettyUnit(u, this.timeUnit, this.timeUnit ? this.spec.timeUnit : 's');
  }

  private unitChecks(): void {
    const unknownUsed = new Set<string>();
    const env = {
      unitOf: (leaf: Leaf): Unit | undefined => {
        if (leaf.kind !== 'sym') return undefined;
        if (leaf.name === 't') return this.timeUnit;
        const k = this.kinds.get(leaf.name);
        if (k === 'switch') return DIMENSIONLESS;
        const u = this.units.get(leaf.name);
        if (!u) unknownUsed.add(leaf.name);
        return u;
      },
      constValue: this.constValue,
      format: (u: Unit): string => this.pretty(u),
      unitText: (name: string): string | undefined => {
        if (name === 't') return this.spec.timeUnit;
        const k = this.kinds.get(name);
        if (k === 'switch') return '1';
        const rec = k === 'parameter' ? this.spec.parameters : k === 'state' ? this.spec.states : k === 'rule' ? this.spec.rules : undefined;
        return rec?.[name]?.unit;
      },
    };
    const declared = (sec: 'parameters' | 'states' | 'rules' | 'observables', kind: SymbolKind): void => {
      for (const [name, x] of this.entries(this.spec[sec] as Record<string, { unit?: unknown }>)) {
        if (x?.unit === UNKNOWN) this.unchecked.push({ path: [this.root, sec, name, 'unit'], kind, name, reason: 'its source gives no unit' });
      }
    };
    declared('parameters', 'parameter');
    declared('states', 'state');
    declared('rules', 'rule');
    declared('observables', 'observable');

    const check = (path: Path, e: Expr, expected: Unit | undefined, what: string, kind: UncheckedQuantity['kind'], name: string): void => {
      unknownUsed.clear();
      const dims: DimIssue[] = [];
      const got: Inferred = inferUnit(e, env, dims);
      const report = this.spec.unitMismatches === 'report';
      const mismatch = (at: Path, message: string): void => {
        if (report) this.unchecked.push({ path: [this.root, ...at], kind, name, reason: `unit mismatch, reported and not enforced (the source's units): ${message}` });
        else this.issue('unit-mismatch', at, message);
      };
      for (const d of dims) mismatch([...path, d.pos], d.message);
      const uses = [...unknownUsed];
      if (expected === undefined) return; // the target's own "?" is already listed
      if (got === 'unknown') {
        if (dims.length === 0) this.unchecked.push({ path: [this.root, ...path], kind, name, reason: `uses ${uses.map((u) => `'${u}'`).join(', ')} (unit "?")` });
        return;
      }
      if (got === 'zero' || dims.length) return;
      if (!sameUnit(got, expected)) {
        const detail = sameDimension(got, expected)
          ? ` (same dimension, but a unit ${Number((got.scale / expected.scale).toPrecision(6))} times larger: a conversion factor must be a parameter with a unit; numbers are dimensionless)`
          : ' (dimensions differ)';
        mismatch(path, `${what}, but the expression is in ${this.pretty(got)}${detail}`);
      }
    };
    const tu = this.timeUnit;
    for (const [n, e] of this.odes) {
      const su = this.units.get(n);
      check(['states', n, 'ode'], e, su && tu ? divUnit(su, tu) : undefined,
        `d${n}/dt must be in ${this.spec.states[n].unit}/${this.spec.timeUnit}`, 'ode', n);
    }
    for (const [n, e] of this.initials) {
      if (typeof e !== 'number') check(['states', n, 'initial'], e, this.units.get(n), `the initial value of ${n} must be in ${this.spec.states[n].unit}`, 'initial', n);
    }
    for (const [n, e] of this.rules) check(['rules', n, 'expr'], e, this.units.get(n), `rule ${n} is declared in ${this.spec.rules[n].unit}`, 'rule', n);
    for (const [n, e] of this.observables) check(['observables', n, 'expr'], e, this.units.get(n), `observable ${n} is declared in ${this.spec.observables[n].unit}`, 'observable', n);
    for (const [n, e] of this.bio) check(['doses', n, 'bioavailability'], e, DIMENSIONLESS, `the bioavailability of ${n} must be dimensionless`, 'bioavailability', n);
    // a constraint's own value is a truth value: only the units inside it (compared sides) are checked
    for (const [n, e] of this.constraints) check(['constraints', n, 'expr'], e, undefined, '', 'rule', n);
  }
}
