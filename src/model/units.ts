/**
 * Units: a parser and the algebra the dimension checker and the scenario boundary use.
 *
 * A unit is a dimension (exponents of the base dimensions below) and a scale (its size in the
 * reference units mol, g, m, s). Two units are equal only when both agree: the generated code never
 * converts, so `mmol + pmol` is as wrong as `mmol + L`.
 *
 * Grammar: factors joined by '*', '.', '·' or a space, '/' dividing by the NEXT factor only
 * ("pmol/L/h" = pmol·L⁻¹·h⁻¹), parentheses, integer powers written "m2", "m^2", "h^-1", and
 * numeric factors ("1.73m2", "1e-9 mol"). A factor is [prefix]base:
 *
 *   prefixes  f p n u µ m c d k    (femto … kilo; "d" alone is the day, "dL" the decilitre)
 *   amount    mol, M (= mol/L), eq (equivalents, own dimension: mEq needs a valence to become mmol)
 *   mass      g;  length m;  volume L (= dm³; also "l");  time s, min, h, d, wk, mo (= y/12), y (= 365.25 d; also "yr")
 *   counts    IU, cell (own dimensions)
 *   pure      "1" (dimensionless), "%" (= 0.01)
 *
 * Body-surface normalisation "mL/min/1.73m2" is read literally: volume per time per 1.73 m² of area.
 * Turning it into mL/min needs a body-surface parameter in m2, which the checker will ask for.
 * "?" is not a unit: it marks a quantity whose source gives none (never checked).
 */

export const BASE_DIMS = ['mol', 'g', 'm', 's', 'eq', 'IU', 'cell'] as const;
export type BaseDim = (typeof BASE_DIMS)[number];

/** A unit of the modelling language: its base-dimension exponents and its scale to the base units. */
export interface Unit {
  /** Exponent of each base dimension, in BASE_DIMS order. */
  readonly dims: readonly number[];
  /** Size in the reference units (mol, g, m, s): 1 mmol/L has scale 1e-3 / 1e-3 = 1. */
  readonly scale: number;
}

export const UNKNOWN = '?';
export const DIMENSIONLESS: Unit = { dims: BASE_DIMS.map(() => 0), scale: 1 };

const NB = BASE_DIMS.length;
const dim = (name: BaseDim, power = 1, scale = 1): Unit => ({
  dims: BASE_DIMS.map((b) => (b === name ? power : 0)), scale,
});

const DAY = 86400;
const BASES: Record<string, Unit> = {
  mol: dim('mol'),
  M: { dims: dim('mol').dims.map((v, i) => v - 3 * (BASE_DIMS[i] === 'm' ? 1 : 0)), scale: 1e3 },
  eq: dim('eq'),
  g: dim('g'),
  m: dim('m'),
  L: dim('m', 3, 1e-3),
  l: dim('m', 3, 1e-3),
  s: dim('s'),
  min: dim('s', 1, 60),
  h: dim('s', 1, 3600),
  d: dim('s', 1, DAY),
  wk: dim('s', 1, 7 * DAY),
  y: dim('s', 1, 365.25 * DAY),
  yr: dim('s', 1, 365.25 * DAY),
  mo: dim('s', 1, (365.25 / 12) * DAY),
  IU: dim('IU'),
  cell: dim('cell'),
  cells: dim('cell'),
};
const PREFIXES: Record<string, number> = { f: 1e-15, p: 1e-12, n: 1e-9, u: 1e-6, 'µ': 1e-6, 'μ': 1e-6, m: 1e-3, c: 1e-2, d: 1e-1, k: 1e3 };
/** Bases that take no prefix (to keep "min", "mo", "h", "d", "y" unambiguous). */
const NO_PREFIX = new Set(['min', 'h', 'd', 'wk', 'y', 'yr', 'mo', 'IU', 'cell', 'cells', 'M_never']);

export class UnitSyntaxError extends Error {
  constructor(readonly text: string, readonly pos: number, readonly reason: string) {
    super(`unit '${text}': ${reason} (at column ${pos + 1})`);
    this.name = 'UnitSyntaxError';
  }
}

export function mulUnit(a: Unit, b: Unit): Unit {
  return { dims: a.dims.map((v, i) => v + b.dims[i]), scale: a.scale * b.scale };
}
export function divUnit(a: Unit, b: Unit): Unit {
  return { dims: a.dims.map((v, i) => v - b.dims[i]), scale: a.scale / b.scale };
}
export function powUnit(a: Unit, k: number): Unit {
  return { dims: a.dims.map((v) => v * k), scale: Math.pow(a.scale, k) };
}
export function isDimensionless(u: Unit): boolean {
  return u.dims.every((v) => Math.abs(v) < 1e-9);
}
export function sameDimension(a: Unit, b: Unit): boolean {
  for (let i = 0; i < NB; i++) if (Math.abs(a.dims[i] - b.dims[i]) > 1e-9) return false;
  return true;
}
/** Same dimension and the same scale (to 1e-9 relative). */
export function sameUnit(a: Unit, b: Unit): boolean {
  return sameDimension(a, b) && Math.abs(a.scale - b.scale) <= 1e-9 * Math.max(Math.abs(a.scale), Math.abs(b.scale));
}

/** Multiply a value in `from` by this to express it in `to`; throws if the dimensions differ. */
export function conversionFactor(from: string | Unit, to: string | Unit): number {
  const a = typeof from === 'string' ? parseUnit(from) : from;
  const b = typeof to === 'string' ? parseUnit(to) : to;
  if (!sameDimension(a, b)) {
    throw new Error(`cannot convert '${typeof from === 'string' ? from : formatUnit(a)}' to '${typeof to === 'string' ? to : formatUnit(b)}': dimensions ${formatDims(a)} and ${formatDims(b)} differ`);
  }
  return a.scale / b.scale;
}

/** "mol·m^-3·s^-1": the dimension only. */
export function formatDims(u: Unit): string {
  const parts: string[] = [];
  u.dims.forEach((v, i) => {
    if (Math.abs(v) < 1e-9) return;
    const k = Math.round(v * 1e6) / 1e6;
    parts.push(k === 1 ? BASE_DIMS[i] : `${BASE_DIMS[i]}^${k}`);
  });
  return parts.length ? parts.join('·') : '1';
}

/** Dimension and scale, e.g. "1e-9 mol·m^-3". */
export function formatUnit(u: Unit): string {
  const d = formatDims(u);
  return u.scale === 1 ? d : `${Number(u.scale.toPrecision(12))} ${d}`;
}

const cache = new Map<string, Unit>();

/** Parses a unit string; throws UnitSyntaxError naming the position and the allowed forms. */
export function parseUnit(text: string): Unit {
  const hit = cache.get(text);
  if (hit) return hit;
  const u = new UnitParser(text).parse();
  cache.set(text, u);
  return u;
}

export function tryParseUnit(text: string): { unit: Unit; error?: undefined } | { unit?: undefined; error: UnitSyntaxError } {
  try {
    return { unit: parseUnit(text) };
  } catch (e) {
    if (e instanceof UnitSyntaxError) return { error: e };
    throw e;
  }
}

/** "365 d", "20 ug", "300 mg/d", "1.5" -> value and unit (unit "1" when absent). */
export function parseQuantity(text: string): { value: number; unit: string; parsed: Unit } {
  const m = /^\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)\s*(.*?)\s*$/.exec(text);
  if (!m) throw new UnitSyntaxError(text, 0, 'expected a number followed by a unit, e.g. "365 d" or "20 ug"');
  const unit = m[2] === '' ? '1' : m[2];
  return { value: Number(m[1]), unit, parsed: parseUnit(unit) };
}

const KNOWN = `bases ${Object.keys(BASES).filter((b) => b !== 'l' && b !== 'cells' && b !== 'yr').join(' ')}, '1', '%'; prefixes f p n u µ m c d k`;

class UnitParser {
  private i = 0;
  constructor(private readonly s: string) {}

  private fail(reason: string, pos = this.i): never {
    throw new UnitSyntaxError(this.s, pos, reason);
  }
  private ws(): void {
    while (this.i < this.s.length && this.s[this.i] === ' ') this.i++;
  }

  parse(): Unit {
    if (this.s.trim() === '') this.fail('empty unit: write "1" for a dimensionless quantity, "?" when the source gives none', 0);
    const u = this.product();
    this.ws();
    if (this.i < this.s.length) this.fail(`unexpected '${this.s[this.i]}'`);
    return u;
  }

  private product(): Unit {
    let u = this.factor();
    for (;;) {
      this.ws();
      const c = this.s[this.i];
      if (c === '/') { this.i++; this.ws(); u = divUnit(u, this.factor()); continue; }
      if (c === '*' || c === '.' || c === '·') { this.i++; this.ws(); u = mulUnit(u, this.factor()); continue; }
      // juxtaposition after a space: "mol L-1" style is not supported, but "1.73 m2" and "1e-9 mol" are
      if (this.i < this.s.length && this.s[this.i - 1] === ' ' && /[A-Za-zµμ%(]/.test(c)) { u = mulUnit(u, this.factor()); continue; }
      return u;
    }
  }

  private exponent(): number {
    const m = /^(\^)?(-?\d+)/.exec(this.s.slice(this.i));
    if (!m) {
      if (this.s[this.i] === '^') this.fail('expected an integer power after \'^\'');
      return 1;
    }
    this.i += m[0].length;
    return Number(m[2]);
  }

  private factor(): Unit {
    this.ws();
    const start = this.i;
    const rest = this.s.slice(this.i);
    if (rest.startsWith('(')) {
      this.i++;
      const u = this.product();
      this.ws();
      if (this.s[this.i] !== ')') this.fail('expected \')\'');
      this.i++;
      return powUnit(u, this.exponent());
    }
    const num = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/.exec(rest);
    if (num) {
      this.i += num[0].length;
      const v = Number(num[0]);
      if (!(v > 0)) this.fail('a numeric factor must be positive', start);
      const scalar: Unit = { dims: DIMENSIONLESS.dims, scale: v };
      // "1.73m2": a number glued to a unit multiplies it
      if (/^[A-Za-zµμ]/.test(this.s.slice(this.i))) return mulUnit(scalar, this.factor());
      return scalar;
    }
    if (rest.startsWith('%')) { this.i++; return { dims: DIMENSIONLESS.dims, scale: 0.01 }; }
    const word = /^[A-Za-zµμ]+/.exec(rest);
    if (!word) this.fail(rest.length ? `unexpected '${rest[0]}'` : 'expected a unit after an operator');
    this.i += word[0].length;
    const base = this.base(word[0], start);
    return powUnit(base, this.exponent());
  }

  private base(w: string, pos: number): Unit {
    const exact = Object.hasOwn(BASES, w) ? BASES[w] : undefined; // "toString", "constructor" are not units
    if (exact) return exact;
    const p = w[0];
    const b = w.slice(1);
    const pf = Object.hasOwn(PREFIXES, p) ? PREFIXES[p] : undefined;
    if (pf !== undefined && Object.hasOwn(BASES, b) && !NO_PREFIX.has(b)) {
      const u = BASES[b];
      return { dims: u.dims, scale: u.scale * pf };
    }
    this.fail(`unknown unit '${w}' (${KNOWN})`, pos);
  }
}

const PRETTY_PREFIX: [string, number][] = [['f', 1e-15], ['p', 1e-12], ['n', 1e-9], ['u', 1e-6], ['m', 1e-3], ['', 1], ['k', 1e3]];

/**
 * A readable spelling of a unit for messages, in the model's time unit, litres for volumes and a
 * prefixed amount or mass: "mmol/L/h", "60 mmol/h" (a factor shown when no prefix fits).
 */
export function prettyUnit(u: Unit, timeUnit: Unit = parseUnit('s'), timeText = 's'): string {
  const num: string[] = [], den: string[] = [];
  let rest = u.scale;
  const put = (name: string, e: number): void => {
    if (Math.abs(e) < 1e-9) return;
    const k = Math.round(Math.abs(e) * 1e6) / 1e6;
    (e > 0 ? num : den).push(k === 1 ? name : `${name}^${k}`);
  };
  const d = (b: BaseDim): number => u.dims[BASE_DIMS.indexOf(b)];
  // amount-like dimension that takes the prefix: the first with exponent +-1
  const prefixed = (['mol', 'g', 'eq', 'IU', 'cell'] as BaseDim[]).find((b) => Math.abs(d(b)) === 1);
  const len = d('m');
  if (Math.abs(len % 3) < 1e-9 && len !== 0) rest /= Math.pow(1e-3, len / 3);
  const time = d('s');
  if (time !== 0) rest /= Math.pow(timeUnit.scale, time);
  let prefix = '';
  if (prefixed) {
    const e = d(prefixed);
    let best: [string, number] | undefined;
    for (const [pn, pv] of PRETTY_PREFIX) {
      const f = rest / Math.pow(pv, e);
      if (Math.abs(f - 1) < 1e-9) { best = [pn, 1]; break; }
      if (f >= 1 && f < 1000 && !best) best = [pn, f];
    }
    if (best) { prefix = best[0]; rest = best[1]; }
  }
  for (const b of ['mol', 'g', 'eq', 'IU', 'cell'] as BaseDim[]) put((b === prefixed ? prefix : '') + b, d(b));
  if (Math.abs(len % 3) < 1e-9) put('L', len / 3); else put('m', len);
  put(timeText, time);
  let s = num.length ? num.join('·') : '1';
  if (den.length) s += '/' + den.join('/');
  if (Math.abs(rest - 1) > 1e-9) s = `${Number(rest.toPrecision(6))} ${s}`;
  return s === '1' ? 'dimensionless' : s;
}
