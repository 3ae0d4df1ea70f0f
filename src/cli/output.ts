/**
 * Writing results, all or nothing. Every file a command writes (--out, --plot, --json, --report …)
 * goes through `writeAtomic`: inside `withOutputs` (which `magbone` wraps around every command) the
 * content is written to a temporary file in the target's folder and renamed into place only when
 * the command succeeded and every file was written; otherwise every temporary is removed. A failed
 * run (or a failed write) therefore leaves none of the requested files. Output paths are checked
 * before anything runs (`outputProblem`: extension, folder, writable, not a folder itself).
 */
import fs from 'node:fs';
import path from 'node:path';
import { truncate } from '../index.js';

/** A file that could not be written (disk full, permissions changed during the run): exit 2. */
export class OutputError extends Error {
  constructor(message: string) { super(message); this.name = 'OutputError'; }
}

/**
 * Checks that `file` can be written: a supported extension, not empty, not a folder, its folder
 * exists and accepts a new file (probed by creating and removing one). Returns a problem or undefined.
 */
export function outputProblem(file: string, allowed: readonly string[]): string | undefined {
  const shown = truncate(file);
  if (file.trim() === '') return `${JSON.stringify(file)}: an output file name cannot be empty`;
  const ext = path.extname(file).toLowerCase();
  if (!allowed.includes(ext)) return `${shown}: unsupported extension "${truncate(ext) || '(none)'}"; allowed: ${allowed.join(', ')}`;
  const full = path.resolve(file);
  const dir = path.dirname(full);
  try {
    if (!fs.existsSync(dir)) return `${shown}: the folder ${truncate(dir)} does not exist`;
    if (!fs.statSync(dir).isDirectory()) return `${shown}: ${truncate(dir)} is not a folder`;
    if (fs.existsSync(full) && fs.statSync(full).isDirectory()) return `${shown}: is a folder, not a file`;
    const probe = path.join(dir, `.magbone-probe-${process.pid}-${Math.random().toString(36).slice(2)}`);
    fs.closeSync(fs.openSync(probe, 'wx'));
    fs.unlinkSync(probe);
    if (fs.existsSync(full)) fs.accessSync(full, fs.constants.W_OK);
  } catch (e) {
    return `${shown}: cannot be written (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`;
  }
  return undefined;
}

interface Staged { tmp: string; file: string }
let pending: Staged[] | undefined;
let complete = false;

/**
 * Says that the files written so far are the complete result even if the command then exits 1: a
 * report whose subject failed (validate: a study outside its interval) is still the report asked for.
 * Not for a run that failed numerically.
 */
export function outputsComplete(): void {
  if (pending) complete = true;
}

function tempFor(file: string): string {
  const dir = path.dirname(path.resolve(file));
  return path.join(dir, `.${path.basename(file)}.${process.pid}.${Math.random().toString(36).slice(2, 8)}.tmp`);
}

/** Writes `file` atomically; inside withOutputs the rename waits until the command has succeeded. */
export function writeAtomic(file: string, content: string | Uint8Array): void {
  const tmp = tempFor(file);
  try {
    fs.writeFileSync(tmp, content);
  } catch (e) {
    try { fs.unlinkSync(tmp); } catch { /* nothing to clean */ }
    throw new OutputError(`cannot write ${truncate(file)}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  if (pending) { pending.push({ tmp, file }); return; }
  try { fs.renameSync(tmp, file); } catch (e) {
    try { fs.unlinkSync(tmp); } catch { /* nothing to clean */ }
    throw new OutputError(`cannot write ${truncate(file)}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

function discard(staged: readonly Staged[]): void {
  for (const s of staged) { try { fs.unlinkSync(s.tmp); } catch { /* already gone */ } }
}

/**
 * Runs a command with its file outputs staged: renamed into place only if it returns 0 (or 1 after
 * `outputsComplete()`) and every rename succeeds (a failed rename removes the files already renamed
 * by this command), else removed.
 */
export async function withOutputs(run: () => Promise<number>): Promise<number> {
  const outer = pending, outerComplete = complete;
  const staged: Staged[] = [];
  pending = staged;
  complete = false;
  let code: number, keep: boolean;
  try {
    code = await run();
    keep = code === 0 || (code === 1 && complete);
  } catch (e) {
    discard(staged);
    throw e;
  } finally {
    pending = outer;
    complete = outerComplete;
  }
  if (!keep) { discard(staged); return code; }
  const done: string[] = [];
  for (const s of staged) {
    try { fs.renameSync(s.tmp, s.file); done.push(s.file); } catch (e) {
      discard(staged);
      for (const f of done) { try { fs.unlinkSync(f); } catch { /* gone */ } }
      throw new OutputError(`cannot write ${truncate(s.file)}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  }
  return code;
}

/**
 * Largest output table a command writes as text: rows × columns values (about 20 characters each in
 * CSV/JSON; V8's longest string is ~5e8 characters), checked before the run.
 */
export const MAX_OUTPUT_VALUES = 20_000_000;

export function outputSizeProblem(rows: number, columns: number, what = 'output'): string | undefined {
  const values = rows * columns;
  if (values <= MAX_OUTPUT_VALUES) return undefined;
  return `${what}: ${rows} rows × ${columns} columns = ${values.toExponential(2)} values is more than the ${MAX_OUTPUT_VALUES.toExponential(0)} a text output holds (about ${Math.round(values * 20 / 1e9)} GB of text); output less often (output.every), fewer times, or fewer columns (--vars)`;
}

/** CSV and JSON are formatted by the browser-safe module, so the web app's downloads equal the CLI's files. */
export { toCSV, toJSON } from '../index.js';
import type { SimulationResult } from '../index.js';

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

/**
 * The error text of a failed run: the code, the message, where (time, or pseudo-time when the
 * starting steady state failed), the offending state or column and the invariant broken, the state.
 */
export function formatRunFailure(result: Pick<SimulationResult, 'code' | 'message' | 'failure' | 'phase' | 'invariant' | 'model'>): string {
  const f = result.failure;
  const model = result.model;
  let where = '';
  if (f) {
    const named = model.stateNames.map((s, i) => `${s}=${f.state[i]}`).join(', ');
    const when = result.phase === 'steady state' ? `while finding the steady state, at pseudo-time t = ${f.t} ${model.timeUnit}` : `at t = ${f.t} ${model.timeUnit}`;
    const what = result.invariant ? `, ${result.invariant.kind} '${result.invariant.name}' (invariant '${result.invariant.invariant}')` : f.componentName ? `, component '${f.componentName}'` : '';
    where = `\n  ${when}${what}\n  state: ${named}`;
  }
  return `error: the simulation failed (${result.code}): ${result.message}${where}\n`;
}
