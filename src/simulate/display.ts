/**
 * Human-scale display rules shared by the command line and the web app (no Node dependency): the
 * time unit that follows a run's length, numbers to ~6 significant digits, and column headers that
 * carry their unit. The CLI's summaries, plots and CSV use these; the web can import them unchanged.
 */
import { parseUnit } from '../model/quantity.js';

/** Display time units, finest first (scales from the scenario parser: 1 mo = 730.5 h, 1 y = 8766 h). */
export const DISPLAY_TIME_UNITS = ['min', 'h', 'd', 'wk', 'mo', 'y'] as const;
/** A time unit results are displayed in: `min`, `h`, `d`, `wk`, `mo` (730.5 h) or `y` (8766 h). */
export type DisplayTimeUnit = (typeof DISPLAY_TIME_UNITS)[number];

/** Hours in one `unit` ("y" → 8766); throws on a unit that is not a time. */
export function hoursIn(unit: string): number {
  const u = parseUnit(unit);
  if (!u || u.dim[0] !== 1 || u.dim.some((d, i) => i > 0 && d !== 0)) throw new Error(`"${unit}" is not a time unit`);
  return u.scale;
}

/**
 * The unit a run of `spanHours` is shown in: years from 2 years on, months from 4 months, weeks
 * from 4 weeks, days from 3 days, hours from 3 hours; below that hours, or minutes for a model whose
 * own unit is minutes (`modelUnit`). So a 5-year run reads 0 → 5 y, a 6-month run 0 → 6 mo, a
 * 3-week run 0 → 21 d, a 28-day run 0 → 4 wk.
 */
export function timeUnitForSpan(spanHours: number, modelUnit = 'h'): DisplayTimeUnit {
  const h = Math.abs(spanHours);
  const base: DisplayTimeUnit = h >= 2 * 8766 ? 'y' : h >= 4 * 730.5 ? 'mo' : h >= 4 * 168 ? 'wk' : h >= 3 * 24 ? 'd' : h >= 3 || modelUnit !== 'min' ? 'h' : 'min';
  // a run whose length is a whole number of a finer unit reads in it: 60 d, not 8.57 wk; 18 mo, not 1.5 y
  const round = (x: number) => Math.abs(x - Math.round(x)) <= 1e-9 * Math.max(1, x);
  let i = DISPLAY_TIME_UNITS.indexOf(base);
  if (h === 0 || round(h / hoursIn(base))) return base;
  for (let k = i - 1; k >= 0; k--) {
    const u = DISPLAY_TIME_UNITS[k];
    if (u === 'min' && modelUnit !== 'min') break;
    const x = h / hoursIn(u);
    if (x > FINER_LIMIT[u]) break;
    if (round(x)) { i = k; break; }
  }
  return DISPLAY_TIME_UNITS[i];
}

/** Longest run shown in a finer unit than the length rule gives (when it is a whole number of it). */
const FINER_LIMIT: Record<DisplayTimeUnit, number> = { min: 180, h: 96, d: 120, wk: 26, mo: 48, y: Infinity };

/** Model time units per display unit (divide model times by it), e.g. model h, display y → 8766. */
export function timeScale(modelUnit: string, displayUnit: string): number {
  return hoursIn(displayUnit) / hoursIn(modelUnit);
}

/** Default number of significant digits of human-facing numbers (CSV, tables). */
export const DEFAULT_DIGITS = 6;

/**
 * A number to `digits` significant digits without float noise or trailing zeros ("228.142", not
 * "228.14200000000002"); `'full'` keeps the shortest round-trip form (every bit). NaN and
 * ±Infinity are written as themselves; −0 as 0.
 */
export function formatNumber(x: number, digits: number | 'full' = DEFAULT_DIGITS): string {
  if (!Number.isFinite(x)) return String(x);
  if (digits === 'full') return String(x);
  if (x === 0) return '0';
  return String(Number(x.toPrecision(digits)));
}

/** A column header with its unit, "Mg_serum [mmol/L]" (dimensionless "[1]", unknown "[?]"). */
export function headerWithUnit(name: string, unit: string): string {
  return `${name} [${unit === '' ? '1' : unit}]`;
}

/** Reads "name [unit]" (or a bare name) back into name and unit. */
export function splitHeader(header: string): {
  /** The column's name. */
  name: string;
  /** The unit in brackets or parentheses, when the header has one. */
  unit?: string;
} {
  const m = /^\s*(.*?)\s*[[(]\s*([^\])]*?)\s*[\])]\s*$/.exec(header);
  return m ? { name: m[1], unit: m[2] } : { name: header.trim() };
}

/**
 * A parameter's allowed range as a person writes it: "[0.4, 0.7]", "> 0" (the spec's smallest
 * positive double), "≥ 0", "(0, 1]", "any value".
 */
export function formatBounds(lo: number, hi: number): string {
  const pos = lo === Number.MIN_VALUE;
  const l = lo === -Infinity ? undefined : pos ? 0 : lo;
  const h = hi === Infinity ? undefined : hi;
  if (l === undefined && h === undefined) return 'any value';
  if (h === undefined) return `${pos ? '>' : '≥'} ${l}`;
  if (l === undefined) return `≤ ${h}`;
  return `${pos ? '(' : '['}${l}, ${h}]`;
}

/** A time in model units as a person reads it, in the unit its size calls for: 43830 h → "5 y", 262800 min → "6 mo". */
export function humanTime(t: number, modelUnit: string): string {
  const hours = t * hoursIn(modelUnit);
  const unit = timeUnitForSpan(hours, modelUnit);
  return `${formatNumber(hours / hoursIn(unit), 4)} ${unit}`;
}
