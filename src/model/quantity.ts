/**
 * Quantities at the scenario boundary: strings with explicit units ("365 d", "20 ug", "300 mg/d",
 * "45 mL/min/1.73m2") converted once into a model's own units. Plain numbers mean "already in the
 * model's unit" (time in the model's time unit, amounts in the dose target's amount unit).
 */
import { showValue } from '../core/issues.js';
import { BASE_DIMS, tryParseUnit } from './units.js';

/** Dimension exponents: time, mass, amount (mol), volume (L), BSA (1.73 m² normalisation). */
export type Dim = [number, number, number, number, number];

interface UnitDef { scale: number; dim: Dim }

const T: Dim = [1, 0, 0, 0, 0];
const M: Dim = [0, 1, 0, 0, 0];
const N: Dim = [0, 0, 1, 0, 0];
const V: Dim = [0, 0, 0, 1, 0];
const B: Dim = [0, 0, 0, 0, 1];
const ONE: Dim = [0, 0, 0, 0, 0];

/**
 * Word forms the boundary accepts besides the language's symbols (units.ts): they are rewritten to
 * the symbol, then parsed by the one unit parser of magbone (`model/units.ts`).
 */
const WORDS: Record<string, string> = {
  sec: 's', hr: 'h', hour: 'h', hours: 'h', day: 'd', days: 'd', week: 'wk', weeks: 'wk',
  month: 'mo', months: 'mo', year: 'y', years: 'y', mcg: 'ug',
};

/** Body-surface normalisation, a unit of its own at the boundary (per 1.73 m² of body surface). */
const BSA = '1.73m2';

/** Units listed in messages (the boundary accepts every unit of the language whose dimension it knows). */
const KNOWN = 's, min, h, d, wk, mo, y, pg, ng, ug, µg, mcg, mg, g, kg, pmol, nmol, umol, mmol, mol, uM, mM, M, mL, dL, L, %';

/** Why a unit that names equivalents is refused, and how to write it. */
export const EQUIVALENTS_MESSAGE = 'equivalents (mEq) depend on the ion\'s charge: write the amount of substance instead (Mg²⁺ and Ca²⁺: 1 mEq = 0.5 mmol; Na⁺, K⁺, Cl⁻: 1 mEq = 1 mmol)';

/** A parsed quantity: its value, the scale to SI-like base units, its dimension and the unit as written. */
export interface Quantity {
  /** The number as written. */
  value: number;
  /** The unit's factor to base units (value·scale is the quantity in base units). */
  scale: number;
  /** The unit's dimension (exponents of the base dimensions). */
  dim: Dim;
  /** The unit as written (or the default unit of a bare number). */
  unit: string;
}

/** Dimension names for error messages. */
export type DimensionName = 'time' | 'mass' | 'amount' | 'mass/time' | 'amount/time' | 'volume/time/BSA' | 'dimensionless';

const NAMED: Record<DimensionName, Dim> = {
  time: T, mass: M, amount: N, 'mass/time': [-1, 1, 0, 0, 0], 'amount/time': [-1, 0, 1, 0, 0],
  'volume/time/BSA': [-1, 0, 0, 1, -1], dimensionless: ONE,
};

/** Parses a unit string such as "mg/d" or "mL/min/1.73m2" with the language's parser; undefined if unknown or of a dimension the boundary has no use for (IU, cells, equivalents). */
export function parseUnit(unit: string): {
  /** The unit's factor to base units. */
  scale: number;
  /** Its dimension. */
  dim: Dim;
} | undefined {
  const r = boundaryUnit(unit);
  return typeof r === 'string' ? undefined : r;
}

/** As parseUnit, with the reason when refused. */
function boundaryUnit(unit: string): { scale: number; dim: Dim } | string {
  const parts = unit.trim().split('/').map((p) => p.trim());
  if (parts.some((p) => p === '') || parts[0] === BSA) return 'unknown';
  // "/1.73m2" is body-surface normalisation at the boundary, not 1.73 square metres
  const bsa = parts.filter((p, k) => k > 0 && p === BSA).length;
  const text = parts.filter((p, k) => !(k > 0 && p === BSA)).map((p) => (Object.hasOwn(WORDS, p) ? WORDS[p] : p)).join('/');
  if (/^[\d.eE+-]/.test(text)) return 'unknown'; // numeric factors are for the language only
  if (parts.some((p) => /^[pnuµmk]?(eq|Eq|EQ)$/.test(p))) return 'equivalents';
  const r = tryParseUnit(text);
  if (!r.unit) return 'unknown';
  const d = r.unit.dims;
  const at = (b: string): number => d[BASE_DIMS.indexOf(b as (typeof BASE_DIMS)[number])];
  if (at('eq') !== 0) return 'equivalents';
  if (at('IU') !== 0 || at('cell') !== 0 || at('m') % 3 !== 0) return 'unknown';
  const time = at('s'), volume = at('m') / 3;
  // language scales are in s and m³; the boundary's in h and L
  const scale = r.unit.scale / Math.pow(3600, time) / Math.pow(1e-3, volume);
  return { scale, dim: [time, at('g'), at('mol'), volume, bsa === 0 ? 0 : -bsa] };
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
  const u = boundaryUnit(unit);
  if (u === 'equivalents') return `${showValue(input)}: ${EQUIVALENTS_MESSAGE}`;
  if (typeof u === 'string') return `${showValue(input)}: unknown unit ${showValue(unit)} (known: ${KNOWN}; rates as amount/time, e.g. "300 mg/d")`;
  return { value, scale: u.scale, dim: u.dim, unit };
}

/**
 * Whether a parsed quantity (`parseQuantity`) has the named dimension (mass, amount, time, a rate
 * of either, …), whatever its unit: `hasDimension(parseQuantity('12 mmol/d'), 'amountRate')`.
 */
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
