/**
 * Run invariants, checked after every run of every model (and on every steady state): a result
 * that breaks one is a numerical failure, never a success.
 *
 * - **finite**: every value of every state, observable and integral column is finite;
 * - **non-negative**: a state the model declares non-negative (StateSpec.nonNegative, by default
 *   amounts and concentrations; model/invariants.ts) never goes below −tolerance, where
 *   tolerance = max(10·atol, 1e-6·max_t |y_i(t)|): a few absolute tolerances, or a millionth of
 *   the state's own size (what the solver's error control can leave below zero near zero).
 *
 * Observables are only checked for finiteness: a model may define a signed output (a net flux,
 * a change) and must say in its description when one can be negative.
 */
import type { Model } from '../model/model.js';
import { nonNegativeMask, isAmountOrConcentration } from '../model/invariants.js';

/** The invariant a result violated: a non-finite value or a negative pool. */
export type InvariantName = 'finite' | 'non-negative';

/** A violated invariant of a result: which invariant, the column and its kind, the time and row, and the value. */
export interface InvariantViolation {
  /** Which invariant: `finite` (no NaN or infinity) or `non-negative`. */
  invariant: InvariantName;
  /** The state or column. */
  name: string;
  /** What the column is: a state, an observable or the integral of an observable. */
  kind: 'state' | 'observable' | 'integral';
  /** Model time of the first offending row (pseudo-time for a steady state). */
  t: number;
  /** Row index in the output (−1 for a single state vector). */
  row: number;
  /** The offending value. */
  value: number;
  /** The bound used by 'non-negative' (the value was below −tolerance). */
  tolerance?: number;
}

const masks = new WeakMap<object, boolean[]>();

/** The model's non-negative mask, computed once per spec. */
export function nonNegativeStatesOf(model: Model): boolean[] {
  let m = masks.get(model.spec);
  if (!m) { m = nonNegativeMask(model.spec); masks.set(model.spec, m); }
  return m;
}

const stateIndices = new WeakMap<readonly string[], Map<string, number>>();

/** State name → index, computed once per compiled model (its models made by `with` share the names). */
function stateIndexOf(model: Model): Map<string, number> {
  let m = stateIndices.get(model.stateNames);
  if (!m) { m = new Map(model.stateNames.map((s, i) => [s, i])); stateIndices.set(model.stateNames, m); }
  return m;
}

export function invariantTolerance(atol: number, maxAbs: number): number {
  return Math.max(10 * atol, 1e-6 * maxAbs);
}

/** What the invariant checks read of a result column: its name, kind (state, observable, integral; time is skipped) and values. */
export interface ColumnLike {
  /** The column's name. */
  name: string;
  /** 'time', 'state', 'observable' or 'integral'. */
  kind: string;
  /** Its values at the output rows. */
  values: Float64Array;
}

/**
 * The earliest violation over the output rows (ties: the first column), or undefined.
 * `columns` are the result columns (time excluded or skipped).
 */
export function checkRunInvariants(model: Model, time: Float64Array, columns: readonly ColumnLike[], atol: number): InvariantViolation | undefined {
  const nonNeg = nonNegativeStatesOf(model);
  const stateIndex = stateIndexOf(model);
  let best: InvariantViolation | undefined;
  for (const c of columns) {
    if (c.kind === 'time') continue;
    const v = c.values;
    const kind = c.kind as InvariantViolation['kind'];
    const limit = best ? best.row : v.length;
    const i = c.kind === 'state' ? stateIndex.get(c.name) : undefined;
    if (i === undefined || !nonNeg[i]) {
      for (let r = 0; r < limit; r++) {
        if (!Number.isFinite(v[r])) { best = { invariant: 'finite', name: c.name, kind, t: time[r], row: r, value: v[r] }; break; }
      }
      continue;
    }
    // a non-negative state: its first non-finite row, largest finite size and minimum in one pass
    let bad = -1, maxAbs = 0, min = Infinity;
    for (let r = 0; r < v.length; r++) {
      const x = v[r];
      if (bad < 0 && !Number.isFinite(x)) bad = r;
      const a = Math.abs(x);
      if (a > maxAbs && a !== Infinity) maxAbs = a;
      if (x < min) min = x;
    }
    if (bad >= 0 && bad < limit) best = { invariant: 'finite', name: c.name, kind, t: time[bad], row: bad, value: v[bad] };
    const tol = invariantTolerance(atol, maxAbs);
    if (!(min < -tol)) continue;
    const lim = best ? best.row : v.length;
    for (let r = 0; r < lim; r++) {
      if (v[r] < -tol) { best = { invariant: 'non-negative', name: c.name, kind, t: time[r], row: r, value: v[r], tolerance: tol }; break; }
    }
  }
  return best;
}

/**
 * Notes for states that the model lets go below zero (StateSpec.belowZero) and that did: one line each
 * with the minimum, its time and the model's note.
 */
export function belowZeroNotes(model: Model, time: Float64Array, columns: readonly ColumnLike[], atol: number): string[] {
  const notes: string[] = [];
  for (const c of columns) {
    if (c.kind !== 'state') continue;
    const st = model.spec.states[c.name];
    if (!st?.belowZero) continue;
    const v = c.values;
    let min = Infinity, at = -1, maxAbs = 0;
    for (let r = 0; r < v.length; r++) {
      if (v[r] < min) { min = v[r]; at = r; }
      const a = Math.abs(v[r]); if (a > maxAbs && a !== Infinity) maxAbs = a;
    }
    if (at >= 0 && min < -invariantTolerance(atol, maxAbs)) notes.push(`note: state '${c.name}' reached ${+min.toPrecision(4)} ${st.unit} at t = ${time[at]} ${model.timeUnit}. ${st.belowZero}`);
  }
  return notes;
}

/**
 * The first violation in one state vector (a steady state), with `scale` the reference sizes (e.g.
 * the start state). Stricter than a run: an amount that may fall below zero during a run
 * (StateSpec.belowZero) cannot be negative at a steady state (that is a pool draining forever).
 */
export function checkStateInvariants(model: Model, y: ArrayLike<number>, scale: ArrayLike<number>, atol: number, t = 0): InvariantViolation | undefined {
  const nonNeg = Object.values(model.spec.states).map((st) => st.nonNegative ?? isAmountOrConcentration(st.unit));
  for (let i = 0; i < model.stateNames.length; i++) {
    if (!Number.isFinite(y[i])) return { invariant: 'finite', name: model.stateNames[i], kind: 'state', t, row: -1, value: y[i] };
  }
  for (let i = 0; i < model.stateNames.length; i++) {
    if (!nonNeg[i]) continue;
    const tol = invariantTolerance(atol, Math.abs(scale[i]));
    if (y[i] < -tol) return { invariant: 'non-negative', name: model.stateNames[i], kind: 'state', t, row: -1, value: y[i], tolerance: tol };
  }
  return undefined;
}

/** "state 'Q' (mmol) is -25.3 at t = 1826 d, below −1e-7: it is declared non-negative". */
export function describeViolation(model: Model, v: InvariantViolation, when = 'at t ='): string {
  const unit = v.kind === 'state' ? model.spec.states[v.name]?.unit : model.spec.observables[v.name]?.unit;
  const what = `${v.kind} '${v.name}'${unit ? ` (${unit})` : ''}`;
  const at = `${when} ${v.t} ${model.timeUnit}${when.endsWith('(pseudo-time') ? ')' : ''}`;
  return v.invariant === 'finite'
    ? `invariant 'finite' broken: ${what} is ${v.value} ${at}`
    : `invariant 'non-negative' broken: ${what} is ${v.value} ${at}, below −${v.tolerance!.toExponential(2)} (the state is ${model.spec.states[v.name]?.nonNegative === true ? 'declared non-negative' : model.spec.states[v.name]?.belowZero ? 'an amount that the published model lets fall below zero during a run, but a steady state cannot be a pool that keeps draining' : 'an amount or concentration, non-negative by default'}); the model has left its physical domain`;
}
