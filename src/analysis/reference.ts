/**
 * Comparing a run with a reference trajectory (a CSV written by a published model's own code):
 * the largest relative deviation over every shared column and reference row, with an absolute
 * floor of `floor` × the column's largest magnitude (so columns passing through zero are judged
 * absolutely near zero). Rows are matched by time.
 */
import type { SimulationResult } from '../simulate/run.js';

export interface Table {
  header: string[];
  rows: number[][];
}

export function parseCsv(text: string): Table {
  const lines = text.trim().split('\n');
  const header = lines[0].split(',').map((h) => h.replace(/"/g, '').trim());
  return { header, rows: lines.slice(1).map((l) => l.split(',').map(Number)) };
}

export interface Deviation {
  /** Largest scaled deviation found. */
  max: number;
  column: string;
  time: number;
  ours: number;
  reference: number;
  /** Columns compared. */
  compared: number;
  /** Reference rows matched. */
  rows: number;
}

/**
 * `timeColumn` names the reference's time column (in the model's time unit); `rename` maps
 * reference column names to ours where they differ; columns we don't have are skipped.
 */
export function compareWithReference(
  result: SimulationResult, ref: Table,
  opts: { timeColumn: string; rename?: Record<string, string>; floor?: number; skip?: (row: number[], header: string[]) => boolean },
): Deviation {
  const ti = ref.header.indexOf(opts.timeColumn);
  if (ti < 0) throw new Error(`reference has no time column '${opts.timeColumn}'`);
  const floor = opts.floor ?? 1e-9;
  const ours = new Map(result.columns.map((c) => [c.name, c.values]));
  const cols: { j: number; name: string; values: Float64Array; scale: number }[] = [];
  ref.header.forEach((h, j) => {
    const name = opts.rename?.[h] ?? h;
    const values = ours.get(name);
    if (j === ti || !values) return;
    let m = 0;
    for (const r of ref.rows) m = Math.max(m, Math.abs(r[j]));
    cols.push({ j, name, values, scale: floor * m });
  });
  // index our output rows by time (exact match first, then nearest within 1e-9 relative)
  const times = result.time;
  const at = (t: number): number => {
    let lo = 0, hi = times.length - 1;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (times[mid] < t) lo = mid + 1; else hi = mid; }
    for (const k of [lo - 1, lo, lo + 1]) if (k >= 0 && k < times.length && Math.abs(times[k] - t) <= 1e-9 * Math.max(1, Math.abs(t))) return k;
    return -1;
  };
  const dev: Deviation = { max: 0, column: '', time: NaN, ours: NaN, reference: NaN, compared: cols.length, rows: 0 };
  for (const row of ref.rows) {
    if (opts.skip?.(row, ref.header)) continue;
    const k = at(row[ti]);
    if (k < 0) continue;
    dev.rows++;
    for (const c of cols) {
      const a = c.values[k], b = row[c.j];
      const e = Math.abs(a - b) / Math.max(Math.abs(b), c.scale, Number.MIN_VALUE);
      if (!(e <= dev.max)) { dev.max = e; dev.column = c.name; dev.time = row[ti]; dev.ours = a; dev.reference = b; }
    }
  }
  return dev;
}
