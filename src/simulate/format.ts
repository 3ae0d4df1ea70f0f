/**
 * Result formatting with no Node dependency: CSV, JSON and the summary rows (start, end, change)
 * of a result table. The CLI writes files with these strings and the web app offers the same
 * strings as downloads, so a CSV from the browser equals `magbone simulate … --out x.csv`.
 *
 * Works on any columnar table shaped like a SimulationResult — including the plain copy of one a
 * Web Worker posts back (no `model`, no `column()` method).
 */
import type { SolverStats } from '../solver/types.js';
import { formatNumber, headerWithUnit } from './display.js';

/**
 * One column of a result table: its name, unit, kind (time, state, observable or integral) and
 * values, as CSV/JSON writers and summaries read it.
 */
export interface TableColumn {
  /** Column name (state, observable, `time`, `int_<observable>`). */
  name: string;
  /** Its unit. */
  unit: string;
  /** Time, state, observable or the integral of an observable. */
  kind: 'time' | 'state' | 'observable' | 'integral';
  /** The values at the output times. */
  values: ArrayLike<number>;
}

/** The part of a SimulationResult that formatting reads. */
export interface ResultTable {
  /** The model's id. */
  modelId: string;
  /** The scenario that was run. */
  scenario: {
    /** Its name. */
    name: string;
  };
  /** The model's time unit (the unit of `time`). */
  timeUnit: string;
  /** The output times. */
  time: ArrayLike<number>;
  /** The state and observable columns. */
  columns: readonly TableColumn[];
  /** The run's result code: `success`, or why it stopped (the solver's code, `invariant_violation`, `steady_state_failure`). */
  code: string;
  /** The solver's message (with time, reason and state when the run failed). */
  message: string;
  /** The solver's counts: steps, rejections, function and Jacobian evaluations. */
  stats: SolverStats;
}

/**
 * Shortest round-trip representation of a double; NaN and ±Infinity as themselves ("NaN",
 * "Infinity", "-Infinity", read back by Number(), Python's float() and pandas), never as a blank.
 */
function num(x: number): string {
  return String(x);
}

/** JSON has no NaN or Infinity: they are written as the strings "NaN", "Infinity", "-Infinity" (never null). */
function nonFiniteAsString(_key: string, v: unknown): unknown {
  return typeof v === 'number' && !Number.isFinite(v) ? String(v) : v;
}

/** The non-time columns, in the order asked for (or the result's order). */
function selectColumns(result: ResultTable, names?: readonly string[]): TableColumn[] {
  const all = result.columns.filter((c) => c.kind !== 'time');
  if (!names) return all;
  return names.map((n) => all.find((c) => c.name === n)).filter((c): c is TableColumn => c !== undefined);
}

/** Options of CSV/table formatting of a simulation result: time scale, label and unit, columns, precision, header. */
export interface FormatOptions {
  /** Model time units per output time unit (the time column is divided by it). */
  timeScale?: number;
  /** Header of the time column (CSV). */
  timeLabel?: string;
  /** Time unit named in the JSON and in a header with units (default: the model's). */
  timeUnit?: string;
  /** Columns to write, in this order (default: every state, observable and integral). */
  columns?: readonly string[];
  /** CSV numbers: significant digits, or 'full' (shortest round-trip, the default of this library function). */
  precision?: number | 'full';
  /** CSV header: bare names (default) or names with their units, "time [y],Mg_serum [mmol/L]". */
  header?: 'names' | 'units';
}

/** A result table as CSV (time and the selected columns, units in the header; NaN and ±Infinity written as such). */
export function toCSV(result: ResultTable, opts: FormatOptions = {}): string {
  const scale = opts.timeScale ?? 1;
  const cols = selectColumns(result, opts.columns);
  const digits = opts.precision ?? 'full';
  const f = digits === 'full' ? num : (x: number) => formatNumber(x, digits);
  const lines: string[] = [];
  const units = opts.header === 'units';
  const timeHead = opts.timeLabel ?? (units ? headerWithUnit('time', opts.timeUnit ?? result.timeUnit) : 'time');
  lines.push([timeHead, ...cols.map((c) => (units ? headerWithUnit(c.name, c.unit) : c.name))].join(','));
  const n = result.time.length;
  for (let r = 0; r < n; r++) {
    const row = new Array<string>(cols.length + 1);
    row[0] = f(result.time[r] / scale);
    for (let j = 0; j < cols.length; j++) row[j + 1] = f(cols[j].values[r]);
    lines.push(row.join(','));
  }
  return lines.join('\n') + '\n';
}

/** A result table as JSON (columns with names, units and values). */
export function toJSON(result: ResultTable, opts: FormatOptions = {}): string {
  const scale = opts.timeScale ?? 1;
  const cols = selectColumns(result, opts.columns);
  return JSON.stringify({
    model: result.modelId,
    scenario: result.scenario.name,
    timeUnit: opts.timeUnit ?? result.timeUnit,
    time: Array.from(result.time, (t) => t / scale),
    columns: Object.fromEntries(cols.map((c) => [c.name, { unit: c.unit, kind: c.kind, values: Array.from(c.values) }])),
    code: result.code,
    message: result.message,
    stats: result.stats,
  }, cols.some((c) => Array.prototype.some.call(c.values, (x: number) => !Number.isFinite(x))) ? nonFiniteAsString : undefined) + '\n';
}

/** A number for people: 5 significant digits, exponent form when very small or large. */
export function formatValue(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  return a !== 0 && (a < 1e-3 || a >= 1e6) ? x.toExponential(4) : Number(x.toPrecision(5)).toString();
}

/** Signed percent change from a to b with two decimals ("+1.25%"); empty when a is 0. */
export function formatChange(a: number, b: number): string {
  if (a === 0) return '';
  const pct = ((b - a) / Math.abs(a)) * 100;
  return `${pct >= 0 ? '+' : ''}${pct.toFixed(2)}%`;
}

/** One row of a simulation summary: output, unit, formatted start and end values and change, and the raw values. */
export interface SummaryRow {
  /** The output's (or state's) name. */
  output: string;
  /** Its unit. */
  unit: string;
  /** The value at the first output time, formatted (5 significant digits). */
  start: string;
  /** The value at the last output time, formatted. */
  end: string;
  /** The relative change from start to end ("+12.34%"; empty when the start is 0). */
  change: string;
  /** The unformatted values, for sorting and charts: the start value. */
  startValue: number;
  /** The unformatted end value. */
  endValue: number;
}

/** Start, end and change of the named outputs (unknown names are skipped), as the CLI prints them. */
export function summaryRows(result: ResultTable, outputs: readonly string[]): SummaryRow[] {
  const n = result.time.length;
  if (n === 0) return [];
  const rows: SummaryRow[] = [];
  for (const k of outputs) {
    const c = result.columns.find((x) => x.name === k);
    if (!c) continue;
    const a = c.values[0], b = c.values[n - 1];
    rows.push({ output: k, unit: c.unit, start: formatValue(a), end: formatValue(b), change: formatChange(a, b), startValue: a, endValue: b });
  }
  return rows;
}
