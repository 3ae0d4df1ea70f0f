/**
 * Quantities at the scenario boundary: strings with explicit units ("365 d", "20 ug", "300 mg/d",
 * "45 mL/min/1.73m2") converted once into a model's own units. Plain numbers mean "already in the
 * model's unit" (time in the model's time unit, amounts in the dose target's amount unit).
 */
import { showValue } from '../core/issues.js';

/** Dimension exponents: time, mass, amount (mol), volume (L), BSA (1.73 m² normalisation). */
type Dim = [number, number, number, number, number];

interface UnitDef { scale: number; dim: Dim }

const T: Dim = [1, 0, 0, 0, 0];
const M: Dim = [0, 1, 0, 0, 0];
const N: Dim = [0, 0, 1, 0, 0];
const V: Dim = [0, 0, 0, 1, 0];
const B: Dim = [0, 0, 0, 0, 1];
const ONE: Dim = [0, 0, 0, 0, 0];

// Base scales: time in hours, mass in grams, amount in moles, volume in litres.
const UNITS: Record<string, UnitDef> = {
  s: { scale: 1 / 3600, dim: T }, sec: { scale: 1 / 3600, dim: T },
  min: { scale: 1 / 60, dim: T },
  h: { scale: 1, dim: T }, hr: { scale: 1, dim: T }, hour: { scale: 1, dim: T }, hours: { scale: 1, dim: T },
  d: { scale: 24, dim: T }, day: { scale: 24, dim: T }, days: { scale: 24, dim: T },
  wk: { scale: 168, dim: T }, week: { scale: 168, dim: T }, weeks: { scale: 168, dim: T },
  mo: { scale: 730.5, dim: T }, month: { scale: 730.5, dim: T }, months: { scale: 730.5, dim: T },
  y: { scale: 8766, dim: T }, yr: { scale: 8766, dim: T }, year: { scale: 8766, dim: T }, years: { scale: 8766, dim: T },
  g: { scale: 1, dim: M }, kg: { scale: 1e3, dim: M }, mg: { scale: 1e-3, dim: M },
  ug: { scale: 1e-6, dim: M }, 'µg': { scale: 1e-6, dim: M }, mcg: { scale: 1e-6, dim: M },
  ng: { scale: 1e-9, dim: M }, pg: { scale: 1e-12, dim: M },
  mol: { scale: 1, dim: N }, mmol: { scale: 1e-3, dim: N }, umol: { scale: 1e-6, dim: N },
  'µmol': { scale: 1e-6, dim: N }, nmol: { scale: 1e-9, dim: N }, pmol: { scale: 1e-12, dim: N },
  mEq: { scale: 0.5e-3, dim: N }, // for divalent Mg/Ca only: 1 mmol = 2 mEq
  L: { scale: 1, dim: V }, l: { scale: 1, dim: V }, dL: { scale: 0.1, dim: V }, mL: { scale: 1e-3, dim: V },
  '1.73m2': { scale: 1, dim: B },
};

export interface Quantity { value: number; scale: number; dim: Dim; unit: string }

/** Dimension names for error messages. */
export type DimensionName = 'time' | 'mass' | 'amount' | 'mass/time' | 'amount/time' | 'volume/time/BSA' | 'dimensionless';

const NAMED: Record<DimensionName, Dim> = {
  time: T, mass: M, amount: N, 'mass/time': [-1, 1, 0, 0, 0], 'amount/time': [-1, 0, 1, 0, 0],
  'volume/time/BSA': [-1, 0, 0, 1, -1], dimensionless: ONE,
};

/** Parses a unit string such as "mg/d" or "mL/min/1.73m2"; returns undefined if unknown. */
export function parseUnit(unit: string): { scale: number; dim: Dim } | undefined {
  const parts = unit.trim().split('/');
  let scale = 1;
  const dim: Dim = [0, 0, 0, 0, 0];
  for (let k = 0; k < parts.length; k++) {
    const p = parts[k].trim();
    if (p === '' ) return undefined;
    if (k > 0 && p === '1.73m2') { dim[4] -= 1; continue; }
    const def = Object.hasOwn(UNITS, p) ? UNITS[p] : undefined; // "__proto__", "toString" are not units
    if (!def) return undefined;
    const sign = k === 0 ? 1 : -1;
    scale = sign > 0 ? scale * def.scale : scale / def.scale;
    for (let i = 0; i < 5; i++) dim[i] += sign * def.dim[i];
  }
  return { scale, dim };
}

/** Parses "<number> <unit>" (or a unit-less number, which gets `defaultUnit`). */
export function parseQuantity(input: unknown, defaultUnit?: string): Quantity | string {
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) return `${String(input)} is not a finite number`;
    if (defaultUnit === undefined) return `a bare number needs a unit here (e.g. "${input} d")`;
    const u = parseUnit(defaultUnit);
    if (!u) return `unknown unit ${showValue(defaultUnit)}`;
    return { value: input, scale: u.scale, dim: u.dim, unit: defaultUnit };
  }
  if (typeof input !== 'string') return `expected a number or a string such as "20 ug", got ${showValue(input)}`;
  const m = /^\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*(.*?)\s*$/.exec(input);
  if (!m) return `${showValue(input)} is not a quantity (expected "<number> <unit>", e.g. "20 ug")`;
  const value = Number(m[1]);
  const unit = m[2] === '' ? defaultUnit : m[2];
  if (unit === undefined) return `${showValue(input)} has no unit (e.g. "${m[1]} d")`;
  const u = parseUnit(unit);
  if (!u) return `${showValue(input)}: unknown unit ${showValue(unit)} (known: ${Object.keys(UNITS).filter((k) => k !== '1.73m2').join(', ')})`;
  return { value, scale: u.scale, dim: u.dim, unit };
}

export function hasDimension(q: Quantity, name: DimensionName): boolean {
  const d = NAMED[name];
  for (let i = 0; i < 5; i++) if (q.dim[i] !== d[i]) return false;
  return true;
}

export function dimensionOf(q: { dim: Dim }): string {
  for (const [name, d] of Object.entries(NAMED)) if (d.every((v, i) => v === q.dim[i])) return name;
  return 'unrecognised dimension';
}

/** Converts q into `unit` (same dimension assumed checked by the caller). */
export function convert(q: Quantity, unit: string): number {
  const u = parseUnit(unit);
  if (!u) throw new Error(`unknown unit "${unit}"`);
  return (q.value * q.scale) / u.scale;
}

/**
 * Converts a dose amount into a target's amount unit: mass→mass, amount→amount, or
 * mass→amount through the molar mass (g/mol). Returns a message string when impossible.
 */
export function convertDoseAmount(q: Quantity, amountUnit: string, molarMass?: number): number | string {
  const target = parseUnit(amountUnit);
  if (!target) return `the dose target's unit "${amountUnit}" is unknown`;
  const targetIsMass = target.dim.every((v, i) => v === M[i]);
  const targetIsAmount = target.dim.every((v, i) => v === N[i]);
  if (hasDimension(q, 'mass') && targetIsMass) return (q.value * q.scale) / target.scale;
  if (hasDimension(q, 'amount') && targetIsAmount) return (q.value * q.scale) / target.scale;
  if (hasDimension(q, 'mass') && targetIsAmount) {
    if (molarMass === undefined) return `a mass cannot be converted to ${amountUnit} without a molar mass`;
    return (q.value * q.scale) / molarMass / target.scale;
  }
  if (hasDimension(q, 'amount') && targetIsMass) {
    if (molarMass === undefined) return `an amount cannot be converted to ${amountUnit} without a molar mass`;
    return (q.value * q.scale * molarMass) / target.scale;
  }
  return `expects ${targetIsMass ? 'a mass' : targetIsAmount ? (molarMass ? 'a mass or an amount of substance' : 'an amount of substance') : amountUnit}`;
}
