/**
 * Composition helpers for model specs built from shared pieces. A piece (`Fragment`) holds records
 * of a ModelSpec; `compose` merges pieces left to right (a later entry of the same name replaces an
 * earlier one, keeping the earlier position) and `odes` replaces only the ODE of a state defined by
 * an earlier piece. State order is then fixed explicitly with `ordered`, because the state vector
 * order is part of a published model's identity (reference files and dose compartment numbers).
 */
import type {
  ConstraintSpec, DoseTargetSpec, ObservableSpec, ParameterSpec, RuleSpec, StateSpec, SwitchSpec,
} from '../../model/spec.js';

export interface Fragment {
  parameters?: Record<string, ParameterSpec>;
  states?: Record<string, StateSpec>;
  rules?: Record<string, RuleSpec>;
  observables?: Record<string, ObservableSpec>;
  doses?: Record<string, DoseTargetSpec>;
  switches?: Record<string, SwitchSpec>;
  constraints?: Record<string, ConstraintSpec>;
  /** New right-hand sides for states defined by an earlier fragment. */
  odes?: Record<string, { ode: string; source?: string }>;
}

export interface Composed {
  parameters: Record<string, ParameterSpec>;
  states: Record<string, StateSpec>;
  rules: Record<string, RuleSpec>;
  observables: Record<string, ObservableSpec>;
  doses: Record<string, DoseTargetSpec>;
  switches: Record<string, SwitchSpec>;
  constraints: Record<string, ConstraintSpec>;
}

/** Merges fragments left to right; throws if an ODE replacement names a state not yet defined. */
export function compose(...fragments: Fragment[]): Composed {
  const out: Composed = { parameters: {}, states: {}, rules: {}, observables: {}, doses: {}, switches: {}, constraints: {} };
  for (const f of fragments) {
    Object.assign(out.parameters, f.parameters);
    Object.assign(out.states, f.states);
    Object.assign(out.rules, f.rules);
    Object.assign(out.observables, f.observables);
    Object.assign(out.doses, f.doses);
    Object.assign(out.switches, f.switches);
    Object.assign(out.constraints, f.constraints);
    for (const [name, o] of Object.entries(f.odes ?? {})) {
      const s = out.states[name];
      if (!s) throw new Error(`compose: ODE replacement for '${name}', which no earlier fragment defines as a state`);
      out.states[name] = { ...s, ode: o.ode, ...(o.source !== undefined ? { source: o.source } : {}) };
    }
  }
  return out;
}

/**
 * The same record with its keys in `order`. Every key must be listed exactly once and every listed
 * name must exist: a published state order is not something to get approximately right.
 */
export function ordered<T>(record: Record<string, T>, order: readonly string[], what = 'states'): Record<string, T> {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const name of order) {
    if (seen.has(name)) problems.push(`'${name}' listed twice`);
    seen.add(name);
    if (!(name in record)) problems.push(`'${name}' is listed but not defined`);
  }
  for (const name of Object.keys(record)) if (!seen.has(name)) problems.push(`'${name}' is defined but not listed`);
  if (problems.length > 0) throw new Error(`ordered ${what}: ${problems.join('; ')}`);
  const out: Record<string, T> = {};
  for (const name of order) out[name] = record[name];
  return out;
}

/** `record` without the named keys (each must exist, to catch typos). */
export function without<T>(record: Record<string, T>, names: readonly string[]): Record<string, T> {
  const missing = names.filter((n) => !(n in record));
  if (missing.length > 0) throw new Error(`without: not defined: ${missing.join(', ')}`);
  const out: Record<string, T> = {};
  for (const [k, v] of Object.entries(record)) if (!names.includes(k)) out[k] = v;
  return out;
}
