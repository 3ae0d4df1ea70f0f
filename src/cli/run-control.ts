/**
 * What the long-running commands (population, morris, sobol) share: `--workers N|auto`, a clean
 * stop on Ctrl-C (SIGINT/SIGTERM abort the batch; the command then exits 130 and, since every file
 * goes through writeAtomic, leaves no output behind), and progress counts for logs.
 */
import type { FlagSpec } from './args.js';
import { autoWorkers } from '../node.js';

export const WORKERS_FLAG: FlagSpec = {
  type: 'string', value: 'N|auto',
  help: 'worker threads (default 1; auto: one per core for long batches, serial for short ones; same numbers for any count)',
};

/** Parses --workers: an integer 1–64, or "auto"; undefined when not given. */
export function parseWorkers(v: unknown, problems: string[]): number | 'auto' | undefined {
  if (v === undefined) return undefined;
  if (v === 'auto') return 'auto';
  const n = Number(v);
  if (!(Number.isInteger(n) && n >= 1 && n <= 64)) { problems.push(`--workers: ${String(v)} must be an integer from 1 to 64, or auto`); return undefined; }
  return n;
}

/** The thread count for `runs` runs. */
export function resolveWorkers(w: number | 'auto' | undefined, runs: number): number {
  return w === 'auto' ? autoWorkers(runs) : Math.max(1, Math.min(w ?? 1, Math.max(1, runs)));
}

/** Exit code of a run stopped by Ctrl-C (128 + SIGINT). */
export const INTERRUPTED_EXIT = 130;

/**
 * Runs `fn` with an AbortSignal that SIGINT or SIGTERM fires; the handlers are removed afterwards
 * (so a second Ctrl-C outside a batch kills the process as usual).
 */
export async function withInterrupt<T>(fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const ac = new AbortController();
  const stop = () => ac.abort();
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  try {
    return await fn(ac.signal);
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}
