/**
 * Mechanical rewrites of expressions and specs through the expression AST (never by text search):
 * renaming a symbol everywhere, substituting a symbol by an expression inside chosen rules, and
 * scaling the production term of an indirect-response ODE. This is how the Mg pathways modify
 * OpenBoneMin's equations without copying them: each rewrite names the base rule or ODE it acts on,
 * and fails loudly if that base has changed shape.
 */
import type { ModelSpec, StateSpec } from '../../model/spec.js';
import type { Expr } from '../../model/expr/ast.js';
import { mapLeaves } from '../../model/expr/ast.js';
import { parse } from '../../model/expr/parse.js';
import { toText } from '../../model/expr/print.js';

/** Replaces every symbol named in `map` by the parsed replacement expression. */
export function substituteText(text: string, map: Readonly<Record<string, string>>): string {
  const parsed: Record<string, Expr> = {};
  for (const [k, v] of Object.entries(map)) parsed[k] = parse(v);
  const out = mapLeaves(parse(text), (leaf) => (leaf.kind === 'sym' && leaf.name in parsed ? parsed[leaf.name] : leaf));
  return toText(out);
}

/**
 * Renames states (or any symbols) throughout a spec: record keys of states, every expression
 * (ODEs, initial values, rules, observables, bioavailabilities) and dose-target states. Names that
 * are not states are renamed in expressions only.
 *
 * Only the expressions whose text contains a renamed name as a whole word (a necessary condition
 * for containing the symbol) are parsed, substituted and printed; the others are kept as written.
 * Parsing and printing all of them was ~60 % of the web worker's module evaluation for one rename
 * (PTH → PTH_pmol in human-mg-bone) on a cold parser. The spec comes out the same whenever its
 * expressions are printed canonically (toText ∘ parse), as the shipped ones are: the calibration's
 * specHash checks it (test/models/human-mg-bone-calibration.test.ts).
 */
export function renameSymbols(spec: ModelSpec, renames: Readonly<Record<string, string>>): ModelSpec {
  const taken = new Set([...Object.keys(spec.parameters), ...Object.keys(spec.states), ...Object.keys(spec.rules),
    ...Object.keys(spec.observables), ...Object.keys(spec.switches ?? {}), ...Object.keys(spec.constraints ?? {})]);
  for (const [from, to] of Object.entries(renames)) {
    if (!taken.has(from)) throw new Error(`renameSymbols: '${from}' is not a name of model ${spec.id}`);
    if (taken.has(to)) throw new Error(`renameSymbols: cannot rename '${from}' to '${to}': '${to}' is already a name of model ${spec.id}`);
  }
  // a renamed name as a whole word (not inside a longer name): necessary for the symbol to occur
  const word = new RegExp(`(?<![A-Za-z0-9_])(?:${Object.keys(renames).map((f) => f.replace(/[^A-Za-z0-9_]/g, '\\$&')).join('|')})(?![A-Za-z0-9_])`);
  const sub = (t: string): string => (word.test(t) ? substituteText(t, renames) : t);
  const states: Record<string, StateSpec> = {};
  for (const [name, s] of Object.entries(spec.states)) {
    states[renames[name] ?? name] = { ...s, ode: sub(s.ode), initial: typeof s.initial === 'number' ? s.initial : sub(s.initial) };
  }
  const rules = Object.fromEntries(Object.entries(spec.rules).map(([k, r]) => [k, { ...r, expr: sub(r.expr) }]));
  const observables = Object.fromEntries(Object.entries(spec.observables).map(([k, o]) => [k, { ...o, expr: sub(o.expr) }]));
  const doses = spec.doses && Object.fromEntries(Object.entries(spec.doses).map(([k, d]) => [k, {
    ...d, state: renames[d.state] ?? d.state, ...(d.bioavailability ? { bioavailability: sub(d.bioavailability) } : {}),
  }]));
  const constraints = spec.constraints && Object.fromEntries(Object.entries(spec.constraints).map(([k, c]) => [k, { ...c, expr: sub(c.expr) }]));
  return { ...spec, states, rules, observables, ...(doses ? { doses } : {}), ...(constraints ? { constraints } : {}) };
}

/**
 * For an ODE of the form `production - loss` (top-level binary minus), returns
 * `(production) * factor - loss`. Throws if the ODE does not have that shape.
 */
export function scaleProduction(ode: string, factor: string, where: string): string {
  const e = parse(ode);
  if (e.kind !== 'binary' || e.op !== '-') {
    throw new Error(`scaleProduction: ${where} is not of the form 'production - loss': ${ode}`);
  }
  const scaled: Expr = { kind: 'binary', op: '-', left: { kind: 'binary', op: '*', left: e.left, right: parse(factor) }, right: e.right };
  return toText(scaled);
}

/** `(base) * factor` as text, after checking that the base parses. */
export function multiply(base: string, factor: string): string {
  return toText({ kind: 'binary', op: '*', left: parse(base), right: parse(factor) });
}

/** `(base) / factor` as text. */
export function divide(base: string, factor: string): string {
  return toText({ kind: 'binary', op: '/', left: parse(base), right: parse(factor) });
}
