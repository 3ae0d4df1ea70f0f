/**
 * Every expression of a model spec parsed once, for the printers that need whole-model context
 * (docs, SBML). Problems are collected over the whole spec and thrown together with their paths,
 * so an exporter never produces a file from a model that does not parse or names an unknown symbol.
 * (Unit and cycle checks belong to `check.ts`; this only guarantees the printers have trees.)
 */
import type { ModelSpec } from './spec.js';
import type { Expr } from './expr/ast.js';
import { symbolsOf } from './expr/ast.js';
import { tryParse } from './expr/parse.js';
import { ExprErrors, didYouMean, type Issue } from './expr/errors.js';
import { RESERVED_NAMES } from './expr/functions.js';

export type NameKind = 'parameter' | 'state' | 'rule' | 'observable' | 'switch';

export interface ParsedSpec {
  readonly spec: ModelSpec;
  readonly ode: ReadonlyMap<string, Expr>;
  /** Only the states whose initial value is an expression. */
  readonly initial: ReadonlyMap<string, Expr>;
  readonly rules: ReadonlyMap<string, Expr>;
  readonly observables: ReadonlyMap<string, Expr>;
  /** Bioavailability expressions of dose targets, by cmt. */
  readonly bioavailability: ReadonlyMap<string, Expr>;
  /** What each name is. */
  readonly kinds: ReadonlyMap<string, NameKind>;
}

/** Parses every expression of the spec; throws ExprErrors listing every problem found. */
export function parseSpec(spec: ModelSpec): ParsedSpec {
  const issues: Issue[] = [];
  const kinds = new Map<string, NameKind>();
  const declare = (kind: NameKind, rec: Record<string, unknown> | undefined, field: string): void => {
    for (const name of Object.keys(rec ?? {})) {
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
        issues.push({ code: 'bad-name', path: [field, name], message: `'${name}' is not a valid name (letters, digits and '_', not starting with a digit)` });
      } else if (RESERVED_NAMES.has(name)) {
        issues.push({ code: 'reserved-name', path: [field, name], message: `'${name}' is reserved (a function name or the time 't')` });
      }
      const prev = kinds.get(name);
      if (prev) issues.push({ code: 'duplicate-name', path: [field, name], message: `'${name}' is both a ${prev} and a ${kind}; names must be unique` });
      else kinds.set(name, kind);
    }
  };
  declare('parameter', spec.parameters, 'parameters');
  declare('state', spec.states, 'states');
  declare('rule', spec.rules, 'rules');
  declare('observable', spec.observables, 'observables');
  declare('switch', spec.switches, 'switches');

  const known = [...kinds.keys(), 't'];
  const parseAt = (text: unknown, path: (string | number)[]): Expr | undefined => {
    if (typeof text !== 'string') {
      issues.push({ code: 'not-an-expression', path, message: `expected an expression (a string), got ${JSON.stringify(text)}` });
      return undefined;
    }
    const r = tryParse(text);
    if (!r.expr) {
      for (const p of r.issues) issues.push({ code: p.code, path: [...path, p.pos], message: `${p.message} in '${text}'` });
      return undefined;
    }
    for (const name of symbolsOf(r.expr)) {
      if (name !== 't' && !kinds.has(name)) {
        issues.push({ code: 'unknown-symbol', path, message: `unknown name '${name}' in '${text}'${didYouMean(name, known)}` });
      }
    }
    return r.expr;
  };

  const ode = new Map<string, Expr>(), initial = new Map<string, Expr>();
  for (const [name, s] of Object.entries(spec.states)) {
    const e = parseAt(s.ode, ['states', name, 'ode']);
    if (e) ode.set(name, e);
    if (typeof s.initial === 'string') {
      const i = parseAt(s.initial, ['states', name, 'initial']);
      if (i) initial.set(name, i);
    } else if (typeof s.initial !== 'number') {
      issues.push({ code: 'bad-initial', path: ['states', name, 'initial'], message: `expected a number or an expression, got ${JSON.stringify(s.initial)}` });
    }
  }
  const exprs = (rec: Record<string, { expr: string }>, field: string): Map<string, Expr> => {
    const out = new Map<string, Expr>();
    for (const [name, r] of Object.entries(rec)) {
      const e = parseAt(r.expr, [field, name, 'expr']);
      if (e) out.set(name, e);
    }
    return out;
  };
  const rules = exprs(spec.rules, 'rules');
  const observables = exprs(spec.observables, 'observables');
  const bioavailability = new Map<string, Expr>();
  for (const [cmt, d] of Object.entries(spec.doses ?? {})) {
    if (!(d.state in spec.states)) {
      issues.push({ code: 'unknown-state', path: ['doses', cmt, 'state'], message: `dose target '${cmt}' names state '${d.state}', which is not a state${didYouMean(d.state, Object.keys(spec.states))}` });
    }
    if (d.bioavailability !== undefined) {
      const e = parseAt(d.bioavailability, ['doses', cmt, 'bioavailability']);
      if (e) bioavailability.set(cmt, e);
    }
  }
  if (issues.length) throw new ExprErrors(issues, `model '${spec.id}'`);
  return { spec, ode, initial, rules, observables, bioavailability, kinds };
}

/** Every quantity whose unit is "?" (its source gives none), in model order, as [kind, name]. */
export function uncheckedQuantities(spec: ModelSpec): [NameKind | 'dose', string][] {
  const out: [NameKind | 'dose', string][] = [];
  const scan = (kind: NameKind, rec: Record<string, { unit: string }>): void => {
    for (const [name, q] of Object.entries(rec)) if (q.unit.trim() === '?') out.push([kind, name]);
  };
  scan('state', spec.states);
  scan('parameter', spec.parameters);
  scan('rule', spec.rules);
  scan('observable', spec.observables);
  for (const [cmt, d] of Object.entries(spec.doses ?? {})) if (d.amountUnit.trim() === '?') out.push(['dose', cmt]);
  return out;
}
