/** Time units of the page, with the scales the scenario parser uses (so "5 y" means the same here and in the CLI). */
import { parseUnit } from '../../../src/index.js';

export const TIME_UNITS = ['h', 'd', 'wk', 'mo', 'y'] as const;
export type TimeUnit = (typeof TIME_UNITS)[number];

/** Hours in one `unit` ("y" → 8766). */
export function hoursPer(unit: string): number {
  const u = parseUnit(unit);
  if (!u) throw new Error(`unknown time unit ${unit}`);
  return u.scale;
}

/** A time from a scenario ("5 y", "87660 h", or a number in the model's unit) as value and unit, or undefined. */
export function splitTime(v: unknown, modelUnit: string): { value: number; unit: TimeUnit } | undefined {
  if (typeof v === 'number') {
    const hours = v * hoursPer(modelUnit);
    return { value: hours / hoursPer('h'), unit: 'h' };
  }
  if (typeof v !== 'string') return undefined;
  const m = /^\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?)\s*([A-Za-zµ]+)\s*$/i.exec(v);
  if (!m) return undefined;
  const value = Number(m[1]);
  const unit = m[2];
  if ((TIME_UNITS as readonly string[]).includes(unit)) return { value, unit: unit as TimeUnit };
  const u = parseUnit(unit);
  if (!u || u.dim[0] !== 1) return undefined;
  return { value: value * u.scale, unit: 'h' };
}

/** Length of a scenario time in hours (undefined if unreadable). */
export function timeHours(v: unknown, modelUnit: string): number | undefined {
  const t = splitTime(v, modelUnit);
  return t ? t.value * hoursPer(t.unit) : undefined;
}

/**
 * A readable display unit for a run of this many hours: h below 3 days, d below 8 weeks, wk below
 * 6 months, mo below 2 years, then y (a 5-year run reads 0 → 5 y, not 0 → 43830 h).
 */
export function displayUnitFor(hours: number): TimeUnit {
  if (hours >= 2 * 8766) return 'y';
  if (hours >= 0.5 * 8766) return 'mo';
  if (hours >= 8 * 168) return 'wk';
  if (hours >= 3 * 24) return 'd';
  return 'h';
}

/** Human names of the time units (axis labels, CSV headers). */
export const TIME_UNIT_NAMES: Record<TimeUnit, string> = { h: 'hours', d: 'days', wk: 'weeks', mo: 'months', y: 'years' };

/** A number in a quantity string, trimmed of float noise ("150 mg/d", not "150.00000000001 mg/d"). */
export function quantityText(value: number, unit: string): string {
  return `${Number(value.toPrecision(6))} ${unit}`;
}

/** The number of a quantity string in the expected unit, or undefined ("150 mg/d" → 150). */
export function quantityValue(v: unknown, unit: string): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v !== 'string') return undefined;
  const m = /^\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?)\s*(.*?)\s*$/i.exec(v);
  if (!m) return undefined;
  if (m[2] === '' || m[2] === unit) return Number(m[1]);
  return undefined;
}
