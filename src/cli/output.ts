/**
 * Writing results: CSV and JSON, written atomically (a temporary file in the same folder, then a
 * rename) so that a failed run never leaves a half-written output file.
 */
import fs from 'node:fs';
import path from 'node:path';

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

/** CSV and JSON are formatted by the browser-safe module, so the web app's downloads equal the CLI's files. */
export { toCSV, toJSON } from '../simulate/format.js';
import type { SimulationResult } from '../simulate/run.js';

/**
 * Parquet (columnar, typed, readable by pandas/pyarrow/arrow/R): a DOUBLE column per output plus
 * `time`; units and the model/scenario go in the file's key-value metadata ("unit:<column>").
 */
export async function toParquet(result: SimulationResult, opts: { timeScale?: number; timeUnit?: string; columns?: string[] } = {}): Promise<Uint8Array> {
  const { parquetWriteBuffer } = await import('hyparquet-writer');
  const scale = opts.timeScale ?? 1;
  const cols = result.columns.filter((c) => c.kind !== 'time');
  const chosen = opts.columns ? opts.columns.map((n) => cols.find((c) => c.name === n)).filter((c): c is NonNullable<typeof c> => !!c) : cols;
  const columnData = [
    { name: 'time', data: Float64Array.from(result.time, (t) => t / scale), type: 'DOUBLE' as const },
    ...chosen.map((c) => ({ name: c.name, data: Float64Array.from(c.values), type: 'DOUBLE' as const })),
  ];
  const kvMetadata = [
    { key: 'magbone:model', value: result.modelId },
    { key: 'magbone:scenario', value: result.scenario.name },
    { key: 'unit:time', value: opts.timeUnit ?? result.timeUnit },
    ...chosen.map((c) => ({ key: `unit:${c.name}`, value: c.unit })),
  ];
  return new Uint8Array(parquetWriteBuffer({ columnData, kvMetadata, createdBy: 'magbone' }));
}
