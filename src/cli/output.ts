/**
 * Writing results: CSV and JSON, written atomically (a temporary file in the same folder, then a
 * rename) so that a failed run never leaves a half-written output file.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { SimulationResult } from '../simulate/run.js';

/** Checks that `file` can be written (its folder exists); returns a problem message or undefined. */
export function outputProblem(file: string, allowed: readonly string[]): string | undefined {
  const ext = path.extname(file).toLowerCase();
  if (!allowed.includes(ext)) return `${file}: unsupported extension "${ext || '(none)'}"; allowed: ${allowed.join(', ')}`;
  const dir = path.dirname(path.resolve(file));
  if (!fs.existsSync(dir)) return `${file}: the folder ${dir} does not exist`;
  if (!fs.statSync(dir).isDirectory()) return `${file}: ${dir} is not a folder`;
  return undefined;
}

export function writeAtomic(file: string, content: string | Uint8Array): void {
  const dir = path.dirname(path.resolve(file));
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    fs.writeFileSync(tmp, content);
    fs.renameSync(tmp, file);
  } catch (e) {
    try { fs.unlinkSync(tmp); } catch { /* nothing to clean */ }
    throw e;
  }
}

/** Shortest round-trip representation of a double. */
function num(x: number): string {
  return Number.isFinite(x) ? String(x) : '';
}

/** The non-time columns, in the order asked for (or the result's order). */
function selectColumns(result: SimulationResult, names?: string[]) {
  const all = result.columns.filter((c) => c.kind !== 'time');
  if (!names) return all;
  return names.map((n) => all.find((c) => c.name === n)).filter((c): c is NonNullable<typeof c> => c !== undefined);
}

/** Converts the time column from the model's unit by dividing by `timeScale` (model units per output unit). */
export function toCSV(result: SimulationResult, opts: { timeScale?: number; timeLabel?: string; columns?: string[] } = {}): string {
  const scale = opts.timeScale ?? 1;
  const cols = selectColumns(result, opts.columns);
  const lines: string[] = [];
  lines.push([opts.timeLabel ?? 'time', ...cols.map((c) => c.name)].join(','));
  const n = result.time.length;
  for (let r = 0; r < n; r++) {
    const row = new Array<string>(cols.length + 1);
    row[0] = num(result.time[r] / scale);
    for (let j = 0; j < cols.length; j++) row[j + 1] = num(cols[j].values[r]);
    lines.push(row.join(','));
  }
  return lines.join('\n') + '\n';
}

export function toJSON(result: SimulationResult, opts: { timeScale?: number; timeUnit?: string; columns?: string[] } = {}): string {
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
  }) + '\n';
}
