/**
 * Deterministic sharding: `--shard k/N` runs only the k-th of N contiguous, balanced blocks of a
 * command's batch of runs (k = 0 … N−1, as a Slurm array task id or a Kubernetes completion index)
 * and writes a partial result file to --out instead of the result; `magbone merge` reads the N
 * partial files and runs the same command again with the stored runs in place of simulating, so
 * the merged file is byte for byte what one machine writes.
 *
 * Everything before the batch (reading the scenario, drawing the parameter sets, a design's base
 * runs) is repeated in each shard and in the merge: it is deterministic and cheap. A shard records
 * the command, its arguments (without --shard, --out, --plot, --workers, --quiet), the magbone
 * version, the number of runs and a hash of the parameter sets of the whole batch; the merge
 * refuses files that disagree on any of them, a missing or repeated shard, or parameter sets that
 * differ from the ones it draws itself (a changed scenario file, another version).
 *
 * Partial file: JSON `{ magbone: "shard", version: 1, … , runs: [{ ok, rows, data } | { ok: false, message }] }`
 * with each run's time grid and output columns as base64 of their float64 bytes (little-endian),
 * so that the numbers are exact.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type { FlagSpec } from './args.js';
import { writeAtomic } from './output.js';
import type { Model } from '../index.js';
import type { Scenario } from '../index.js';
import type { BatchRun } from '../index.js';
import { runBatch, type BatchOptions } from '../node.js';

export const SHARD_FLAG: FlagSpec = {
  type: 'string', value: 'k/N',
  help: 'run only block k (0 … N−1) of N of the runs and write a partial result to --out (.json); combine the N files with magbone merge',
};

export interface Shard { k: number; n: number }

/** Parses `k/N`; problems are pushed. */
export function parseShard(v: unknown, problems: string[]): Shard | undefined {
  if (v === undefined) return undefined;
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(String(v));
  if (!m) { problems.push(`--shard ${String(v)}: expected k/N, e.g. --shard 0/4 (k = 0 … N−1)`); return undefined; }
  const k = Number(m[1]), n = Number(m[2]);
  if (!(n >= 1 && n <= 100_000)) { problems.push(`--shard ${String(v)}: N must be from 1 to 100000`); return undefined; }
  if (k >= n) { problems.push(`--shard ${String(v)}: k must be from 0 to ${n - 1} (0-based, like SLURM_ARRAY_TASK_ID with --array=0-${n - 1})`); return undefined; }
  return { k, n };
}

/** Runs [start, end) of shard k of n over `total` runs: contiguous, sizes differing by at most one. */
export function shardRange(total: number, k: number, n: number): [number, number] {
  return [Math.floor((total * k) / n), Math.floor((total * (k + 1)) / n)];
}

/** Flags that do not change the result, left out of a shard's recorded arguments. */
const NOT_RESULT = new Set(['shard', 'out', 'plot', 'workers', 'quiet']);
const BOOLEAN_NOT_RESULT = new Set(['quiet']);

/** The arguments without the flags that do not change the result (both `--x v` and `--x=v`). */
export function resultArgs(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') { out.push(...argv.slice(i)); break; }
    const m = /^--([^=]+)(=.*)?$/.exec(a);
    if (m && NOT_RESULT.has(m[1])) {
      if (m[2] === undefined && !BOOLEAN_NOT_RESULT.has(m[1])) i++;
      continue;
    }
    out.push(a);
  }
  return out;
}

function version(): string {
  try {
    return (JSON.parse(fs.readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version?: string }).version ?? 'unknown';
  } catch { return 'unknown'; }
}

/** Hash of the parameter sets of a batch (their exact values, in order). */
export function setsHash(sets: readonly Record<string, number>[]): string {
  const h = createHash('sha256');
  for (const s of sets) h.update(JSON.stringify(Object.entries(s).map(([k, v]) => [k, v.toString(16)])));
  return h.digest('hex');
}

export interface ShardFile {
  magbone: 'shard';
  version: 1;
  magboneVersion: string;
  command: string;
  args: string[];
  shard: [number, number];
  total: number;
  range: [number, number];
  setsHash: string;
  outputs: number;
  /** Simulation batches (population, morris, sobol). */
  runs?: ({ ok: true; rows: number; data: string } | { ok: false; message: string })[];
  /** Other work items (fit starts, sampler chains, validated studies), encoded by `encodeItems`. */
  items?: string;
  /** Number of items in `items`. */
  count?: number;
}

function encode(r: BatchRun): NonNullable<ShardFile['runs']>[number] {
  if (!r.ok) return { ok: false, message: r.message };
  const L = r.time.length;
  const buf = new Float64Array(L * (1 + r.values.length));
  buf.set(r.time, 0);
  r.values.forEach((v, j) => buf.set(v, L * (1 + j)));
  return { ok: true, rows: L, data: Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength).toString('base64') };
}

function decode(e: NonNullable<ShardFile['runs']>[number], nOut: number): BatchRun {
  if (!e.ok) return { ok: false, message: e.message };
  const bytes = Buffer.from(e.data, 'base64');
  const all = new Float64Array(bytes.byteLength / 8);
  new Uint8Array(all.buffer).set(bytes);
  const L = e.rows;
  if (all.length !== L * (1 + nOut)) throw new Error(`a run holds ${all.length} numbers, expected ${L * (1 + nOut)}`);
  return { ok: true, time: all.subarray(0, L), values: Array.from({ length: nOut }, (_, j) => all.subarray(L * (1 + j), L * (2 + j))) };
}

/** The runs a merge hands to the command it replays (set by `magbone merge` for one command call). */
let replay: { files: ShardFile[] } | undefined;

/** Runs `fn` with the batch of the command it calls taken from `files` (magbone merge). */
export async function withReplay<T>(files: ShardFile[], fn: () => Promise<T>): Promise<T> {
  replay = { files };
  try { return await fn(); } finally { replay = undefined; }
}

/** Thrown when a merge's files do not fit the batch the command draws. */
export class MergeMismatch extends Error {
  constructor(message: string) { super(message); this.name = 'MergeMismatch'; }
}

export interface ShardContext {
  command: string;
  argv: readonly string[];
  shard?: Shard;
  out?: string;
}

/**
 * The batch of a shardable command: all runs (normally), the stored runs (inside `magbone merge`),
 * or — with --shard — this shard's runs written to --out as a partial file, returning undefined
 * (the command then stops with exit 0).
 */
export async function shardedBatch(
  ctx: ShardContext, model: Model, scenario: Scenario, sets: readonly Record<string, number>[], outputs: readonly string[], opts: BatchOptions,
): Promise<BatchRun[] | undefined> {
  if (replay) {
    const hash = setsHash(sets);
    const f0 = replay.files[0];
    if (f0.total !== sets.length || f0.setsHash !== hash) {
      throw new MergeMismatch(`the shards were run on other parameter sets (${f0.total} runs) than this merge draws (${sets.length}): a changed scenario file or magbone version?`);
    }
    const runs: BatchRun[] = [];
    for (const f of replay.files) for (const e of f.runs ?? []) runs.push(decode(e, outputs.length));
    opts.onRun?.(runs.length, runs.length);
    return runs;
  }
  if (!ctx.shard) return runBatch(model, scenario, sets, outputs, opts);
  const { k, n } = ctx.shard;
  const [a, b] = shardRange(sets.length, k, n);
  const mine = await runBatch(model, scenario, sets.slice(a, b), outputs, opts);
  const file: ShardFile = {
    magbone: 'shard', version: 1, magboneVersion: version(), command: ctx.command, args: resultArgs(ctx.argv),
    shard: [k, n], total: sets.length, range: [a, b], setsHash: setsHash(sets), outputs: outputs.length, runs: mine.map(encode),
  };
  writeAtomic(ctx.out!, JSON.stringify(file) + '\n');
  return undefined;
}

/** Checks --shard's companion flags: --out is required and must be .json. */
export function shardProblems(shard: Shard | undefined, out: string | undefined, problems: string[]): void {
  if (!shard) return;
  if (!out) problems.push('--shard: give --out FILE.json for the partial result');
  else if (!out.toLowerCase().endsWith('.json')) problems.push(`--shard: the partial result is JSON: --out ${out} must end in .json (the merge writes the final format)`);
}

/** Reads and checks partial files (same command, arguments, version, batch; every shard once). */
export function readShardFiles(paths: readonly string[], problems: string[]): ShardFile[] | undefined {
  const files: ShardFile[] = [];
  for (const p of paths) {
    let f: ShardFile;
    try {
      f = JSON.parse(fs.readFileSync(p, 'utf8')) as ShardFile;
    } catch (e) {
      problems.push(`${p}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
      continue;
    }
    if (f?.magbone !== 'shard' || f.version !== 1 || !(Array.isArray(f.runs) || typeof f.items === 'string') || !Array.isArray(f.args) || !Array.isArray(f.shard)) { problems.push(`${p}: not a magbone partial result (written with --shard)`); continue; }
    const held = f.runs?.length ?? f.count ?? -1;
    if (held !== f.range[1] - f.range[0]) { problems.push(`${p}: holds ${held} results, its range says ${f.range[1] - f.range[0]}`); continue; }
    files.push(f);
  }
  if (files.length === 0 || problems.length) { if (files.length === 0 && !problems.length) problems.push('give the partial result files to merge'); return undefined; }
  const f0 = files[0];
  const key = (f: ShardFile) => JSON.stringify([f.command, f.args, f.magboneVersion, f.total, f.setsHash, f.shard[1]]);
  files.forEach((f, i) => {
    if (key(f) !== key(f0)) problems.push(`${paths[i]}: from another run than ${paths[0]} (${f.command} ${f.args.join(' ')}, shard ${f.shard.join('/')}, version ${f.magboneVersion}; vs ${f0.command} ${f0.args.join(' ')}, version ${f0.magboneVersion})`);
  });
  const n = f0.shard[1];
  const seen = new Map<number, string>();
  files.forEach((f, i) => {
    if (seen.has(f.shard[0])) problems.push(`${paths[i]}: shard ${f.shard[0]}/${n} given twice (also ${seen.get(f.shard[0])})`);
    seen.set(f.shard[0], paths[i]);
  });
  const missing = Array.from({ length: n }, (_, k) => k).filter((k) => !seen.has(k));
  if (missing.length) problems.push(`missing shard(s) ${missing.map((k) => `${k}/${n}`).join(', ')} of ${n}`);
  if (problems.length) return undefined;
  files.sort((a, b) => a.shard[0] - b.shard[0]);
  return files;
}

/**
 * Thrown after a shard of a command without a batch of simulations (fit, sample, validate) wrote its
 * partial file: `magbone` exits 0 with the message. The file is written at once, not staged, since
 * the command does not return normally.
 */
export class ShardDone extends Error {
  constructor(message: string) { super(message); this.name = 'ShardDone'; }
}

/** JSON that keeps what plain JSON loses: NaN, ±Infinity, −0 and typed arrays (exactly, as bytes). */
export function encodeItems(items: readonly unknown[]): string {
  return JSON.stringify(items, function (this: unknown, _k, v: unknown) {
    if (typeof v === 'number') {
      if (Number.isNaN(v)) return { $num: 'NaN' };
      if (v === Infinity) return { $num: 'Infinity' };
      if (v === -Infinity) return { $num: '-Infinity' };
      if (Object.is(v, -0)) return { $num: '-0' };
      return v;
    }
    if (v instanceof Float64Array) return { $f64: Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64') };
    if (v instanceof Int32Array) return { $i32: Array.from(v) };
    return v;
  });
}

export function decodeItems(text: string): unknown[] {
  return JSON.parse(text, (_k, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const o = v as Record<string, unknown>;
      if (typeof o.$num === 'string' && Object.keys(o).length === 1) return Number(o.$num);
      if (typeof o.$f64 === 'string' && Object.keys(o).length === 1) {
        const b = Buffer.from(o.$f64, 'base64');
        const a = new Float64Array(b.byteLength / 8);
        new Uint8Array(a.buffer).set(b);
        return a;
      }
      if (Array.isArray(o.$i32) && Object.keys(o).length === 1) return Int32Array.from(o.$i32 as number[]);
    }
    return v;
  }) as unknown[];
}

/**
 * Sharded work items of any kind: `run(start, end)` computes items [start, end) of `total`;
 * `key` (its encoding hashed) identifies the work. Normally every item; inside `magbone merge` the
 * stored items; with a shard, writes this shard's items to the partial file and throws ShardDone.
 */
export async function shardedItems<T>(ctx: ShardContext, key: unknown, total: number, run: (start: number, end: number) => Promise<T[]>): Promise<T[]> {
  const hash = createHash('sha256').update(encodeItems([key])).digest('hex');
  if (replay) {
    const f0 = replay.files[0];
    if (f0.total !== total || f0.setsHash !== hash) throw new MergeMismatch(`the shards were run on other work (${f0.total} items) than this merge sets up (${total}): a changed input file or magbone version?`);
    return replay.files.flatMap((f) => decodeItems(f.items ?? '[]')) as T[];
  }
  if (!ctx.shard) return run(0, total);
  const { k, n } = ctx.shard;
  const [a, b] = shardRange(total, k, n);
  const mine = await run(a, b);
  const file: ShardFile = {
    magbone: 'shard', version: 1, magboneVersion: version(), command: ctx.command, args: resultArgs(ctx.argv),
    shard: [k, n], total, range: [a, b], setsHash: hash, outputs: 0, items: encodeItems(mine), count: mine.length,
  };
  const tmp = `${ctx.out!}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(file) + '\n');
  fs.renameSync(tmp, ctx.out!);
  throw new ShardDone(`shard ${k}/${n}: partial result written to ${ctx.out}; combine the ${n} files with magbone merge`);
}

/** A TaskRunner (fit starts, sampler chains) whose one batch of tasks is sharded (see shardedItems). */
export function shardTaskRunner<R extends { run(kind: never, tasks: readonly never[], onDone?: (d: number, t: number) => void): Promise<unknown[]> }>(ctx: ShardContext, inner: R): R {
  const run = (kind: never, tasks: readonly never[], onDone?: (d: number, t: number) => void) =>
    shardedItems(ctx, [kind, tasks], tasks.length, (a, b) => inner.run(kind, tasks.slice(a, b) as never[], onDone));
  return { ...inner, run } as R;
}
