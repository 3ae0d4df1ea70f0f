/**
 * The human-scale output options shared by the scenario commands: the time unit (following the run
 * length unless --time-unit), CSV precision (--precision, ~6 significant digits by default) and
 * header (--header units|names). The rules themselves live in the browser-safe
 * `src/simulate/display.ts`, so the web app shows the same.
 */
import type { FlagSpec } from './args.js';
import { DEFAULT_DIGITS, DISPLAY_TIME_UNITS, hoursIn, timeScale, timeUnitForSpan } from '../index.js';

export const TIME_UNIT_FLAG: FlagSpec = { type: 'string', value: 'min|h|d|wk|mo|y', help: 'time unit of the output, summary and plot (default: follows the run length: h → d → wk → mo → y)' };

export const CSV_FLAGS: Record<'precision' | 'header', FlagSpec> = {
  precision: { type: 'string', value: 'N|full', help: `significant digits of CSV numbers (default ${DEFAULT_DIGITS}; "full": every digit, exact round trip)` },
  header: { type: 'string', value: 'units|names', help: 'CSV header: "units" (default, e.g. "Mg_serum [mmol/L]") or "names" (bare names, as the reference trajectories use)' },
};

export interface CsvStyle { precision: number | 'full'; header: 'units' | 'names' }

/** --precision and --header, checked (problems collected). */
export function csvStyle(flags: Record<string, unknown>, problems: string[]): CsvStyle {
  let precision: number | 'full' = DEFAULT_DIGITS;
  const p = flags.precision;
  if (p !== undefined) {
    const n = Number(p);
    if (p === 'full') precision = 'full';
    else if (Number.isInteger(n) && n >= 1 && n <= 17) precision = n;
    else problems.push(`--precision: "${String(p)}" is not a number of significant digits (1–17) or "full"`);
  }
  let header: 'units' | 'names' = 'units';
  const h = flags.header;
  if (h !== undefined) {
    if (h === 'units' || h === 'names') header = h;
    else problems.push(`--header: "${String(h)}" is not allowed; use units or names`);
  }
  return { precision, header };
}

/**
 * The output time unit and scale (model units per output unit) for a run over `span` model time
 * units: the --time-unit flag if given, else the unit that follows the run length. A string is a problem.
 */
export function outputTimeUnit(modelUnit: string, span: number, flag: unknown): { unit: string; scale: number } | string {
  if (flag !== undefined) {
    const u = String(flag);
    if (!(DISPLAY_TIME_UNITS as readonly string[]).includes(u)) return `--time-unit: "${u}" is not allowed; use one of ${DISPLAY_TIME_UNITS.join(', ')}`;
    return { unit: u, scale: timeScale(modelUnit, u) };
  }
  const unit = timeUnitForSpan(span * hoursIn(modelUnit), modelUnit);
  return { unit, scale: timeScale(modelUnit, unit) };
}

/** The span of a prepared scenario's output times, in model units. */
export function outputSpan(times: ArrayLike<number>): number {
  return times.length ? times[times.length - 1] - times[0] : 0;
}
