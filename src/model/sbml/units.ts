/**
 * magbone unit strings as SBML unit definitions.
 *
 * A unit string parses (units.ts) to exponents of mol, g, m, s, eq, IU, cell and one scale factor.
 * SBML writes a unit as a product of (multiplier * 10^scale * kind)^exponent. We pick the kinds
 * mole, gram, litre (when the length exponent is a multiple of 3, else metre), second and item
 * (for cells), then place the scale where a reader expects it: a time multiplier of 60, 3600,
 * 86400, … on the second when that leaves a power of ten, and the power of ten as the `scale` of
 * the first kind whose exponent divides it (pmol/L/h = mole·10^-12 · litre^-1 · (3600 s)^-1).
 *
 * Equivalents (eq) and international units (IU) have no SBML base unit: quantities in them are
 * exported without units (like "?" ones) and keep their unit string in the magbone annotation.
 */
import { parseUnit, BASE_DIMS, type Unit } from '../units.js';

export interface SbmlUnit {
  readonly kind: string;
  readonly exponent: number;
  readonly scale: number;
  readonly multiplier: number;
}

/** SBML Level 3 base unit names: no unit definition may use one as its id. */
const SBML_BASE_UNITS = new Set([
  'ampere', 'avogadro', 'becquerel', 'candela', 'coulomb', 'dimensionless', 'farad', 'gram', 'gray', 'henry', 'hertz',
  'item', 'joule', 'katal', 'kelvin', 'kilogram', 'litre', 'lumen', 'lux', 'metre', 'mole', 'newton', 'ohm', 'pascal',
  'radian', 'second', 'siemens', 'sievert', 'steradian', 'tesla', 'volt', 'watt', 'weber',
  // predefined in Level 2 and still avoided by tools
  'substance', 'volume', 'area', 'length', 'time',
]);

const TIME_MULTIPLIERS = [1, 60, 3600, 86400, 7 * 86400, 365.25 * 86400 / 12, 365.25 * 86400];

const near = (x: number, tol = 1e-9): boolean => Math.abs(x - Math.round(x)) < tol;
const clean = (x: number): number => Number(x.toPrecision(15));

export type SbmlUnitResult = { units: SbmlUnit[]; reason?: undefined } | { units?: undefined; reason: string };

/** The SBML units of a unit string; a reason instead when SBML cannot express it (or the string is "?"). */
export function toSbmlUnits(unit: string): SbmlUnitResult {
  if (unit.trim() === '?') return { reason: 'unit not given by the source ("?")' };
  let u: Unit;
  try {
    u = parseUnit(unit);
  } catch (e) {
    return { reason: (e as Error).message };
  }
  const d = (name: (typeof BASE_DIMS)[number]): number => u.dims[BASE_DIMS.indexOf(name)];
  if (Math.abs(d('eq')) > 1e-9 || Math.abs(d('IU')) > 1e-9) return { reason: `'${unit}' uses eq or IU, which SBML has no base unit for` };
  for (const x of u.dims) if (!near(x)) return { reason: `'${unit}' has a non-integer power` };

  const parts: { kind: string; exponent: number; kindScale: number }[] = [];
  if (d('mol')) parts.push({ kind: 'mole', exponent: Math.round(d('mol')), kindScale: 1 });
  if (d('g')) parts.push({ kind: 'gram', exponent: Math.round(d('g')), kindScale: 1 });
  const m = Math.round(d('m'));
  if (m && m % 3 === 0) parts.push({ kind: 'litre', exponent: m / 3, kindScale: 1e-3 });
  else if (m) parts.push({ kind: 'metre', exponent: m, kindScale: 1 });
  if (d('cell')) parts.push({ kind: 'item', exponent: Math.round(d('cell')), kindScale: 1 });
  const ts = Math.round(d('s'));

  // F: what the chosen kinds leave over of the unit's scale.
  let F = u.scale;
  for (const p of parts) F /= Math.pow(p.kindScale, p.exponent);
  let timeMultiplier = 1;
  if (ts) {
    timeMultiplier = TIME_MULTIPLIERS.find((c) => near(Math.log10(F / Math.pow(c, ts)))) ?? 1;
    F /= Math.pow(timeMultiplier, ts);
  }
  const out: SbmlUnit[] = parts.map((p) => ({ kind: p.kind, exponent: p.exponent, scale: 0, multiplier: 1 }));
  if (ts) out.push({ kind: 'second', exponent: ts, scale: 0, multiplier: clean(timeMultiplier) });
  if (out.length === 0) out.push({ kind: 'dimensionless', exponent: 1, scale: 0, multiplier: 1 });

  const L = Math.log10(F);
  if (Math.abs(L) > 1e-12) {
    const k = Math.round(L);
    const at = near(L) ? out.findIndex((x) => x.kind !== 'second' && near(k / x.exponent)) : -1;
    if (at >= 0) {
      out[at] = { ...out[at], scale: Math.round(k / out[at].exponent) };
    } else {
      const x = out[0];
      out[0] = { ...x, multiplier: clean(x.multiplier * Math.pow(F, 1 / x.exponent)) };
    }
  }
  return { units: out };
}

/** Scale factor of SBML units relative to the reference units (for tests and the reader). */
export function sbmlUnitsFactor(units: readonly SbmlUnit[]): number {
  const kindScale: Record<string, number> = { litre: 1e-3 };
  let f = 1;
  for (const x of units) f *= Math.pow(x.multiplier * Math.pow(10, x.scale) * (kindScale[x.kind] ?? 1), x.exponent);
  return f;
}

/** A readable UnitSId for a unit string: "pmol/L/h" -> "pmol_per_L_per_h", "1/h" -> "per_h". */
export function unitIdFor(unit: string): string {
  let id = unit.trim()
    .replace(/[µμ]/g, 'u').replace(/%/g, 'percent')
    .replace(/\^?-(\d+)/g, '_pow_minus_$1').replace(/\^(\d+)/g, '_pow_$1')
    .replace(/\s*\/\s*/g, '_per_').replace(/\s*[*.·\s]\s*/g, '_')
    .replace(/[^A-Za-z0-9_]/g, '_').replace(/_+/g, '_').replace(/^_|_$/g, '');
  if (id.startsWith('1_per_')) id = id.slice(2);
  if (!/^[A-Za-z_]/.test(id)) id = `u_${id}`;
  if (SBML_BASE_UNITS.has(id)) id = `u_${id}`;
  return id;
}

const KIND_TO_OURS: Record<string, string> = {
  mole: 'mol', gram: 'g', kilogram: 'kg', litre: 'L', liter: 'L', metre: 'm', meter: 'm', second: 's', item: 'cell', dimensionless: '1',
};

/**
 * A unit string of ours for SBML units (e.g. from a file written by another tool), or undefined
 * when a kind has no counterpart (ampere, kelvin, …): (0.001 mol)*L^-1*(3600 s)^-1.
 */
export function unitStringFromSbml(units: readonly SbmlUnit[]): string | undefined {
  const terms: string[] = [];
  for (const u of units) {
    const base = KIND_TO_OURS[u.kind];
    if (base === undefined) return undefined;
    const factor = clean(u.multiplier * Math.pow(10, u.scale));
    const term = base === '1' ? String(factor) : factor === 1 ? base : `(${factor} ${base})`;
    terms.push(u.exponent === 1 ? term : `${term}^${u.exponent}`);
  }
  return terms.length ? terms.join('*') : '1';
}

/** Our unit string for a predefined SBML unit name ("second" -> "s"), or undefined. */
export function unitStringOfKind(kind: string): string | undefined {
  return KIND_TO_OURS[kind];
}
