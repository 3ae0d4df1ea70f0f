/**
 * Which states a model declares non-negative (StateSpec.nonNegative, or by default from the unit:
 * amounts and concentrations). Run invariants (simulate/invariants.ts) check them after every run.
 */
import type { ModelSpec, StateSpec } from './spec.js';
import { BASE_DIMS, tryParseUnit } from './units.js';

const AMOUNT_DIMS = new Set<string>(['mol', 'g', 'eq', 'IU', 'cell']);

/**
 * True when `unit` is an amount or a concentration: exactly one of mol, g, eq, IU, cell to the
 * power 1, per nothing or per volume (m^-3), and no time. "?" and unparsable units are false.
 */
export function isAmountOrConcentration(unit: string): boolean {
  const r = tryParseUnit(unit);
  if (!r.unit) return false;
  let amounts = 0;
  for (let i = 0; i < BASE_DIMS.length; i++) {
    const b = BASE_DIMS[i], e = r.unit.dims[i];
    if (AMOUNT_DIMS.has(b)) { if (e === 1) amounts++; else if (e !== 0) return false; }
    else if (b === 'm') { if (e !== 0 && e !== -3) return false; }
    else if (e !== 0) return false;
  }
  return amounts === 1;
}

/** Whether a state is checked as non-negative: declared, or by default an amount/concentration without a belowZero note. */
export function isNonNegative(st: StateSpec): boolean {
  if (st.nonNegative !== undefined) return st.nonNegative;
  if (st.belowZero !== undefined) return false;
  return typeof st.unit === 'string' && isAmountOrConcentration(st.unit);
}

/** Per state, in state order: whether it is declared (or by default) non-negative. */
export function nonNegativeMask(spec: ModelSpec): boolean[] {
  return Object.values(spec.states).map(isNonNegative);
}
