/**
 * Times and quantities as the scenario form writes them ("5 y", "150 mg/d"). Unit scales, the
 * display unit of a run and number formatting are the library's (hoursIn, timeUnitForSpan,
 * formatNumber), so "5 y" and a 5-year axis mean the same here and in the CLI.
 */
import { formatNumber, hoursIn, parseUnit } from '../../../src/index.js';

/** The time units the run-length and axis menus offer. */
export const TIME_UNITS = ['h', 'd', 'wk', 'mo', 'y'] as const;
export type TimeUnit = (typeof TIME_UNITS)[number];

/** A time from a scenario ("5 y", "87660 h", or a number in the model's unit) as value and unit, or undefined. */
export function splitTime(v: unknown, modelUnit: string): { value: number; unit: TimeUnit } | undefined {
  if (typeof v === 'number') return { value: v * hoursIn(modelUnit), unit: 'h' };
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
  return t ? t.value * hoursIn(t.unit) : undefined;
}

/** A number in a quantity string, trimmed of float noise ("150 mg/d", not "150.00000000001 mg/d"). */
export function quantityText(value: number, unit: string): string {
  return `${formatNumber(value)} ${unit}`;
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
