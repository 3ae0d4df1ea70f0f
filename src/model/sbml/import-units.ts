/**
 * The units an SBML file declares, as magbone unit strings (units.ts), for the importer (import.ts).
 *
 * SBML writes a unit as a product of (multiplier · 10^scale · kind)^exponent, named by a
 * unitDefinition or a base unit. What each quantity's units are:
 *  - Level 3: the model's substanceUnits, timeUnits, volumeUnits, areaUnits, lengthUnits and
 *    extentUnits; a compartment's `units`, else the model's volume/area/length units by its
 *    spatialDimensions; a species' substanceUnits, else the model's; a (local) parameter's `units`;
 *    nothing else is a default (a unitDefinition named "time" or "substance" means nothing unless
 *    something references it);
 *  - Level 2: as Level 3, with the predefined units `substance` (mole), `volume` (litre), `area`
 *    (m²), `length` (metre) and `time` (second), which a unitDefinition of that id redefines, as the
 *    defaults; the extent of a reaction is in substance units;
 *  - a species' value is its amount (substance units) when hasOnlySubstanceUnits (or in a
 *    0-dimensional compartment), else its concentration (substance per compartment units);
 *  - a reaction's rate is extent per time; a stoichiometry is dimensionless.
 *
 * A unit becomes a magbone unit string ("mmol/L", "1/h", "0.01") that parses back to the same unit
 * (checked here). A kind without a counterpart (ampere, kelvin, item, …) or a non-integer exponent
 * gives "?" and the SBML unit written out, marked unverified; undeclared units give "?" and why.
 */
import { elements, child, type XmlElement } from './xml.js';
import { tryParseUnit, parseUnit, mulUnit, powUnit, sameUnit, DIMENSIONLESS, type Unit } from '../units.js';

/** The unit of one imported quantity: a magbone unit string, or "?" with the reason (`note`). */
export interface ImportedUnit {
  unit: string;
  /** Why the unit is "?" (undeclared, or an SBML unit magbone cannot express, written out). */
  note?: string;
}

interface Term { kind: string; exponent: number; factor: number }
type Resolved = { terms: Term[]; problem?: undefined } | { terms?: undefined; problem: string };

/** SBML base units (Level 3; Level 2 also has them, and Celsius in its first versions). */
const BASE_KINDS = new Set([
  'ampere', 'avogadro', 'becquerel', 'candela', 'celsius', 'Celsius', 'coulomb', 'dimensionless', 'farad', 'gram', 'gray', 'henry', 'hertz',
  'item', 'joule', 'katal', 'kelvin', 'kilogram', 'litre', 'liter', 'lumen', 'lux', 'metre', 'meter', 'mole', 'newton', 'ohm', 'pascal',
  'radian', 'second', 'siemens', 'sievert', 'steradian', 'tesla', 'volt', 'watt', 'weber',
]);

/** A kind as a magbone unit expression; the kinds missing here have no counterpart. */
const KIND_UNIT: Record<string, string> = {
  mole: 'mol', gram: 'g', kilogram: 'kg', litre: 'L', liter: 'L', metre: 'm', meter: 'm', second: 's',
  dimensionless: '1', radian: '1', steradian: '1', hertz: '1/s', becquerel: '1/s', katal: 'mol/s',
  newton: 'kg*m/s^2', joule: 'kg*m^2/s^2', watt: 'kg*m^2/s^3', pascal: 'kg/m/s^2', gray: 'm^2/s^2', sievert: 'm^2/s^2',
  // SBML Level 3: the avogadro unit is dimensionless, of the size of Avogadro's number (its value there)
  avogadro: '6.02214179e23',
};
/** Kinds spelt with an SI prefix when their factor is one (mmol, mL, cm, kg). */
const PREFIXABLE: Record<string, string> = { mole: 'mol', gram: 'g', litre: 'L', liter: 'L', metre: 'm', meter: 'm', second: 's' };
const PREFIX: Record<number, string> = { [-15]: 'f', [-12]: 'p', [-9]: 'n', [-6]: 'u', [-3]: 'm', [-2]: 'c', [-1]: 'd', 3: 'k' };
const TIME_NAMES: [number, string][] = [[60, 'min'], [3600, 'h'], [86400, 'd'], [7 * 86400, 'wk'], [365.25 * 86400, 'y']];

const clean = (x: number): number => Number(x.toPrecision(12));
const close = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-12 * Math.max(Math.abs(a), Math.abs(b));
const numAttr = (s: string | undefined, dflt: number): number => (s === undefined || s.trim() === '' ? dflt : Number(s));

/** One term as magbone text with exponent 1 (no sign), or undefined when the kind has no counterpart. */
function termText(t: Term): string | undefined {
  const base = KIND_UNIT[t.kind];
  if (base === undefined) return undefined;
  let f = t.factor, kind = t.kind;
  if (kind === 'kilogram') { kind = 'gram'; f *= 1000; }
  const short = PREFIXABLE[kind];
  if (short) {
    if (close(f, 1)) return short;
    const k = Math.round(Math.log10(f));
    if (close(f, Math.pow(10, k)) && PREFIX[k] !== undefined && !(short === 's' && k > 0)) return PREFIX[k] + short;
    if (short === 's') { const n = TIME_NAMES.find(([v]) => close(f, v)); if (n) return n[1]; }
    return `(${clean(f)} ${short})`;
  }
  if (base.includes('/') || base.includes('*')) return close(f, 1) ? `(${base})` : `(${clean(f)} ${base})`;
  return close(f, 1) ? base : `(${clean(f)} ${base})`;
}

/** The SBML terms written out, for a unit magbone cannot express: "(0.001 kelvin)^-1·ampere". */
function composed(terms: readonly Term[]): string {
  return terms.map((t) => {
    const b = close(t.factor, 1) ? t.kind : `(${clean(t.factor)} ${t.kind})`;
    return t.exponent === 1 ? b : `${b}^${clean(t.exponent)}`;
  }).join('·') || 'dimensionless';
}

/** Same kinds with the same factor merged (mol·L^-1 · L^-1 = mol·L^-2); zero exponents dropped. */
function merge(terms: readonly Term[]): Term[] {
  const out: Term[] = [];
  for (const t of terms) {
    const same = out.find((o) => o.kind === t.kind && close(o.factor, t.factor));
    if (same) same.exponent += t.exponent; else out.push({ ...t });
  }
  return out.filter((t) => Math.abs(t.exponent) > 1e-12);
}

/** A magbone unit string for SBML terms, checked to parse back to the same unit; else "?" and why. */
export function unitFromTerms(terms0: readonly Term[]): ImportedUnit {
  const terms = merge(terms0);
  const unverified = (why: string): ImportedUnit => ({ unit: '?', note: `SBML unit ${composed(terms)} (${why}; written out, unverified)` });
  if (terms.some((t) => !Number.isFinite(t.factor) || t.factor <= 0 || !Number.isFinite(t.exponent))) return unverified('an invalid multiplier, scale or exponent');
  if (terms.some((t) => !Number.isInteger(t.exponent))) return unverified('a non-integer exponent, which magbone units do not have');
  const missing = [...new Set(terms.filter((t) => KIND_UNIT[t.kind] === undefined).map((t) => t.kind))];
  if (missing.length) return unverified(`${missing.join(', ')}: no magbone unit`);
  // the meaning, from the kinds directly
  let meaning: Unit = DIMENSIONLESS;
  for (const t of terms) meaning = mulUnit(meaning, powUnit(mulUnit(parseUnit(KIND_UNIT[t.kind]), { dims: DIMENSIONLESS.dims, scale: t.factor }), t.exponent));
  // the text: pure numbers first, then the numerator, then "/x" per denominator term
  let number = 1;
  const num: string[] = [], den: string[] = [];
  for (const t of terms) {
    if (KIND_UNIT[t.kind] === '1' || t.kind === 'avogadro') { number *= Math.pow(t.factor * (t.kind === 'avogadro' ? 6.02214179e23 : 1), t.exponent); continue; }
    const x = termText(t) as string;
    const e = Math.abs(t.exponent);
    (t.exponent > 0 ? num : den).push(e === 1 ? x : `${x}^${e}`);
  }
  let text = num.length ? num.join('*') : '1';
  if (!close(number, 1)) text = num.length ? `${clean(number)} ${text}` : String(clean(number));
  if (den.length) text += den.map((d) => `/${d}`).join('');
  const back = tryParseUnit(text);
  if (!back.unit || !sameUnit(back.unit, meaning)) return unverified(`its magbone spelling '${text}' did not parse back to the same unit`);
  return { unit: text };
}

/**
 * The units of an SBML model's quantities. `level` is the document's SBML level (2 or 3); `model`
 * its <model> element.
 */
export class SbmlUnits {
  private readonly defs = new Map<string, Term[]>();
  private readonly level: number;
  private readonly model: XmlElement;
  /** unitDefinition ids that nothing in the model references (Level 3's unused "time", …). */
  readonly referenced = new Set<string>();

  constructor(model: XmlElement, level: number) {
    this.model = model;
    this.level = level;
    const l = child(model, 'listOfUnitDefinitions');
    for (const u of l ? elements(l, 'unitDefinition') : []) {
      const lu = child(u, 'listOfUnits');
      this.defs.set(u.attrs.id, (lu ? elements(lu, 'unit') : []).map((x) => ({
        kind: x.attrs.kind,
        exponent: numAttr(x.attrs.exponent, 1),
        factor: numAttr(x.attrs.multiplier, 1) * Math.pow(10, numAttr(x.attrs.scale, 0)),
      })));
    }
  }

  /** The terms of a unit reference: a unitDefinition, a base unit, or (Level 2) a predefined unit. */
  private resolve(ref: string): Resolved {
    this.referenced.add(ref);
    const d = this.defs.get(ref);
    if (d) return { terms: d };
    if (BASE_KINDS.has(ref)) return { terms: [{ kind: ref, exponent: 1, factor: 1 }] };
    if (this.level === 2) {
      const pre: Record<string, Term[]> = {
        substance: [{ kind: 'mole', exponent: 1, factor: 1 }], volume: [{ kind: 'litre', exponent: 1, factor: 1 }],
        area: [{ kind: 'metre', exponent: 2, factor: 1 }], length: [{ kind: 'metre', exponent: 1, factor: 1 }], time: [{ kind: 'second', exponent: 1, factor: 1 }],
      };
      if (pre[ref]) return { terms: pre[ref] };
    }
    return { problem: `units '${ref}' is neither a unitDefinition nor a base unit` };
  }

  /** A model-level unit: Level 3's attribute, Level 2's predefined unit. */
  private modelLevel(attr: 'substanceUnits' | 'timeUnits' | 'volumeUnits' | 'areaUnits' | 'lengthUnits' | 'extentUnits', l2: string): Resolved {
    const ref = this.level === 2 ? l2 : this.model.attrs[attr];
    return ref === undefined ? { problem: `the model declares no ${attr}` } : this.resolve(ref);
  }

  private static out(r: Resolved): ImportedUnit {
    return r.terms ? unitFromTerms(r.terms) : { unit: '?', note: `unit not declared in the SBML: ${r.problem}` };
  }

  private static product(a: Resolved, b: Resolved, power: number): Resolved {
    if (!a.terms) return a;
    if (!b.terms) return b;
    return { terms: [...a.terms, ...b.terms.map((t) => ({ ...t, exponent: t.exponent * power }))] };
  }

  private timeTerms(): Resolved { return this.modelLevel('timeUnits', 'time'); }

  private compartmentTerms(c: XmlElement | undefined): Resolved {
    if (!c) return { problem: 'the compartment does not exist' };
    if (c.attrs.units !== undefined) return this.resolve(c.attrs.units);
    const dims = c.attrs.spatialDimensions === undefined ? (this.level === 2 ? 3 : undefined) : Number(c.attrs.spatialDimensions);
    if (dims === 3) return this.modelLevel('volumeUnits', 'volume');
    if (dims === 2) return this.modelLevel('areaUnits', 'area');
    if (dims === 1) return this.modelLevel('lengthUnits', 'length');
    if (dims === 0) return { problem: 'a 0-dimensional compartment has no size' };
    return { problem: `compartment '${c.attrs.id}' has no units attribute and ${dims === undefined ? 'no spatialDimensions' : `spatialDimensions ${dims}`}` };
  }

  private substanceTerms(s: XmlElement): Resolved {
    return s.attrs.substanceUnits !== undefined ? this.resolve(s.attrs.substanceUnits) : this.modelLevel('substanceUnits', 'substance');
  }

  /** The model's time unit. */
  time(): ImportedUnit { return SbmlUnits.out(this.timeTerms()); }

  compartment(c: XmlElement): ImportedUnit { return SbmlUnits.out(this.compartmentTerms(c)); }

  /** A species' amount. */
  speciesAmount(s: XmlElement): ImportedUnit { return SbmlUnits.out(this.substanceTerms(s)); }

  /** A species' value: its amount when `isAmount`, else amount per compartment size. */
  species(s: XmlElement, c: XmlElement | undefined, isAmount: boolean): ImportedUnit {
    if (isAmount) return this.speciesAmount(s);
    // Level 2 Versions 1–2: spatialSizeUnits overrides the compartment's units
    const size = s.attrs.spatialSizeUnits !== undefined ? this.resolve(s.attrs.spatialSizeUnits) : this.compartmentTerms(c);
    return SbmlUnits.out(SbmlUnits.product(this.substanceTerms(s), size, -1));
  }

  /** A parameter or local parameter (its `units`). */
  parameter(p: XmlElement): ImportedUnit {
    return p.attrs.units !== undefined ? SbmlUnits.out(this.resolve(p.attrs.units)) : { unit: '?', note: 'unit not declared in the SBML: no units attribute' };
  }

  /** A reaction's rate: extent (Level 2: substance) per time. */
  reaction(): ImportedUnit {
    const extent = this.level === 2 ? this.modelLevel('substanceUnits', 'substance') : this.modelLevel('extentUnits', 'substance');
    return SbmlUnits.out(SbmlUnits.product(extent, this.timeTerms(), -1));
  }

  /** unitDefinitions nothing referenced (call after the quantities). */
  unreferenced(): string[] {
    return [...this.defs.keys()].filter((id) => !this.referenced.has(id));
  }

  /** A unitDefinition written out ("(0.001 mole)"), for notes. */
  written(id: string): string {
    const d = this.defs.get(id);
    return d ? composed(d) : id;
  }
}

/** The time unit as the language's timeUnit: a plain name where one fits ("h"), else the unit string. */
export function modelTimeUnit(u: ImportedUnit): string | undefined {
  if (u.unit === '?') return undefined;
  const p = tryParseUnit(u.unit).unit;
  if (!p || !p.dims.every((v, i) => (i === 3 ? v === 1 : v === 0))) return undefined;
  return ['s', 'min', 'h', 'd', 'wk', 'y'].find((n) => sameUnit(parseUnit(n), p)) ?? u.unit;
}
