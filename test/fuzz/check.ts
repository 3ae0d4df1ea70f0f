/**
 * Runs one fuzz case (in-process or through the `magbone` command in a child process) and sorts
 * the outcome into a class. The properties of the fuzz suite (issue #15, item 4):
 *
 * - a valid scenario → exit 0 with a finite, invariant-respecting result, or exit 1 with a
 *   numerical-failure message carrying the time, the reason and the state; never an exception,
 *   exit 70, NaN, a hang, a rejection (exit 2), or an output file left by a failed run;
 * - a malformed input → exit 2 with a message naming the path of the problem, nothing written.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { runScenario } from '../../src/index.js';
import { InputError } from '../../src/core/issues.js';
import { checkRunInvariants } from '../../src/simulate/invariants.js';
import { main } from '../../src/cli/main.js';
import { ROOT } from '../helpers/paths.js';

/**
 * ok: as promised (valid: exit 0 finite; malformed: exit 2 naming the path);
 * numerical: exit 1, a clean numerical failure (its reason in `detail`);
 * invariant: exit 1 because the result broke a run invariant;
 * exception: an exception escaped (in-process) or the process died otherwise;
 * nan: exit 0 with a non-finite value; violation: exit 0 with a broken invariant;
 * hang: no answer within the budget; exit-70: an internal error; file-left: a failed run left a file;
 * rejected: a valid input rejected (exit 2); accepted: a malformed input not rejected;
 * no-path: exit 2 whose message does not name the path; no-state: a failure without time or state.
 */
export type FuzzClass = 'ok' | 'numerical' | 'invariant' | 'exception' | 'nan' | 'violation' | 'hang' | 'exit-70'
  | 'file-left' | 'rejected' | 'accepted' | 'no-path' | 'no-state';

export interface Outcome { cls: FuzzClass; detail: string }

/** Classes that break a property (numerical and invariant failures are allowed, and counted). */
export const BAD_CLASSES: ReadonlySet<FuzzClass> = new Set(['exception', 'nan', 'violation', 'hang', 'exit-70', 'file-left', 'rejected', 'accepted', 'no-path', 'no-state']);

export const BIN = path.join(ROOT, 'bin', 'magbone.js');

const firstLine = (s: string): string => s.split('\n').find((l) => l.trim() !== '')?.slice(0, 300) ?? '';

/** A valid scenario run in-process through `runScenario`, with a wall-time budget (seconds). */
export function runValidInProcess(input: Record<string, unknown>, maxWallTime: number): Outcome {
  const t0 = performance.now();
  let res;
  try {
    res = runScenario(structuredClone(input), { maxWallTime });
  } catch (e) {
    if (e instanceof InputError) return { cls: 'rejected', detail: firstLine(e.message.replace(/^invalid scenario:\n/, '')) };
    return { cls: 'exception', detail: `${(e as Error)?.name}: ${(e as Error)?.message}`.slice(0, 300) };
  }
  const seconds = (performance.now() - t0) / 1000;
  if (seconds > 2 * maxWallTime + 10) return { cls: 'hang', detail: `returned after ${seconds.toFixed(1)} s (budget ${maxWallTime} s)` };
  if (res.code === 'success') {
    for (const c of res.columns) {
      for (let r = 0; r < c.values.length; r++) {
        if (!Number.isFinite(c.values[r])) return { cls: 'nan', detail: `${c.name} = ${c.values[r]} at row ${r}` };
      }
    }
    const v = checkRunInvariants(res.model, res.time, res.columns, res.scenario.solver.atol);
    if (v) return { cls: 'violation', detail: `${v.invariant} ${v.name} = ${v.value} at t = ${v.t}` };
    return { cls: 'ok', detail: '' };
  }
  const f = res.failure;
  if (!f || !Number.isFinite(f.t) || !f.state || f.state.length !== res.model.stateNames.length || !res.message) {
    return { cls: 'no-state', detail: `${res.code}: ${firstLine(res.message)}` };
  }
  if (res.code === 'invariant_violation') return { cls: 'invariant', detail: `${res.invariant?.invariant} ${res.invariant?.name}` };
  return { cls: 'numerical', detail: res.code };
}

/** Files under dir (recursively), relative. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string, rel: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(path.join(d, e.name), r); else out.push(r);
    }
  };
  walk(dir, '');
  return out.sort();
}

export interface CliResult { code: number | null; signal: string | null; out: string; err: string; timedOut: boolean }

/** Runs `magbone <argv>` in a child process in `cwd`. */
export function spawnCli(argv: readonly string[], cwd: string, timeoutMs: number): CliResult {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.NODE_TEST_CONTEXT;
  delete env.MAGBONE_DEBUG;
  const r = spawnSync(process.execPath, [BIN, ...argv], { cwd, encoding: 'utf8', timeout: timeoutMs, env, maxBuffer: 64 * 1024 * 1024 });
  const timedOut = (r.error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT' || (r.signal === 'SIGTERM' && r.status === null);
  return { code: r.status, signal: r.signal, out: r.stdout ?? '', err: r.stderr ?? '', timedOut };
}

class Sink {
  text = '';
  write(s: string | Uint8Array): boolean { this.text += typeof s === 'string' ? s : Buffer.from(s).toString(); return true; }
}

/** Runs `magbone <argv>` in-process through the command's dispatcher, with cwd-relative paths resolved against `cwd`. */
export async function mainIn(argv: readonly string[], cwd: string): Promise<CliResult> {
  const out = new Sink(), err = new Sink();
  const abs = argv.map((a) => (a.startsWith('@') ? path.join(cwd, a.slice(1)) : a));
  const code = await main(abs, { out: out as unknown as typeof process.stdout, err: err as unknown as typeof process.stderr });
  return { code, signal: null, out: out.text, err: err.text, timedOut: false };
}

/** A fresh temporary folder for one case. */
export function caseDir(prefix = 'magbone-fuzz-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A valid scenario through the command: `magbone simulate s.json --quiet --out out.csv`. */
export function runValidCli(input: Record<string, unknown>, timeoutMs = 120_000): Outcome {
  const dir = caseDir();
  try {
    fs.writeFileSync(path.join(dir, 's.json'), JSON.stringify(input));
    const r = spawnCli(['simulate', 's.json', '--quiet', '--out', 'out.csv'], dir, timeoutMs);
    const files = listFiles(dir);
    if (r.timedOut) return { cls: 'hang', detail: `no exit within ${timeoutMs / 1000} s` };
    if (r.code === 0) {
      if (!files.includes('out.csv')) return { cls: 'exception', detail: 'exit 0 without the output file' };
      const text = fs.readFileSync(path.join(dir, 'out.csv'), 'utf8');
      const lines = text.trimEnd().split('\n');
      for (let i = 1; i < lines.length; i++) {
        for (const cell of lines[i].split(',')) {
          if (!Number.isFinite(Number(cell))) return { cls: 'nan', detail: `row ${i}: "${cell}"` };
        }
      }
      return { cls: 'ok', detail: '' };
    }
    if (files.length !== 1) return { cls: 'file-left', detail: `exit ${r.code}: ${files.join(', ')}` };
    if (r.code === 1) {
      if (!/at t = \S+/.test(r.err) && !/pseudo-time t = \S+/.test(r.err)) return { cls: 'no-state', detail: firstLine(r.err) };
      if (!/\n\s*state: \S+=/.test(r.err)) return { cls: 'no-state', detail: firstLine(r.err) };
      const code = /the simulation failed \(([a-z_]+)\)/.exec(r.err)?.[1] ?? 'unknown';
      return code === 'invariant_violation' ? { cls: 'invariant', detail: firstLine(r.err) } : { cls: 'numerical', detail: code };
    }
    if (r.code === 2) return { cls: 'rejected', detail: firstLine(r.err) };
    if (r.code === 70) return { cls: 'exit-70', detail: firstLine(r.err) };
    return { cls: 'exception', detail: `exit ${r.code} signal ${r.signal}: ${firstLine(r.err)}` };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** One malformed case: files to write into an empty folder, the command line, the path its message must name. */
export interface MalformedCase {
  label: string;
  files: Record<string, string | Uint8Array>;
  /** The command line; an argument `@name` is the file `name` in the case's folder (in-process). */
  argv: string[];
  /** The message must match (it names the path of the problem). */
  expect: RegExp;
}

function judgeMalformed(c: MalformedCase, r: CliResult, files: string[]): Outcome {
  if (r.timedOut) return { cls: 'hang', detail: c.label };
  const written = files.filter((f) => !Object.hasOwn(c.files, f));
  if (written.length) return { cls: 'file-left', detail: `${c.label}: exit ${r.code}, left ${written.join(', ')}` };
  if (r.code === 2) {
    if (!c.expect.test(r.err)) return { cls: 'no-path', detail: `${c.label}: expected ${c.expect}, got: ${firstLine(r.err)}` };
    if (/\n\s+at .*\(.*:\d+:\d+\)/.test(r.err)) return { cls: 'exception', detail: `${c.label}: a stack trace on exit 2` };
    return { cls: 'ok', detail: '' };
  }
  if (r.code === 70) return { cls: 'exit-70', detail: `${c.label}: ${firstLine(r.err)}` };
  if (r.code === 0 || r.code === 1) return { cls: 'accepted', detail: `${c.label}: exit ${r.code} ${firstLine(r.err)}` };
  return { cls: 'exception', detail: `${c.label}: exit ${r.code} signal ${r.signal}: ${firstLine(r.err)}` };
}

/** A malformed case in-process (through `main`). */
export async function runMalformedInProcess(c: MalformedCase): Promise<Outcome> {
  const dir = caseDir();
  try {
    for (const [name, content] of Object.entries(c.files)) fs.writeFileSync(path.join(dir, name), content);
    let r: CliResult;
    const cwd = process.cwd();
    try {
      process.chdir(dir); // --out and the like are relative to the working folder
      r = await mainIn(c.argv, dir);
    } catch (e) {
      return { cls: 'exception', detail: `${c.label}: ${(e as Error)?.name}: ${(e as Error)?.message}`.slice(0, 300) };
    } finally {
      process.chdir(cwd);
    }
    return judgeMalformed(c, r, listFiles(dir));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** A malformed case through the command in a child process. */
export function runMalformedCli(c: MalformedCase, timeoutMs = 60_000): Outcome {
  const dir = caseDir();
  try {
    for (const [name, content] of Object.entries(c.files)) fs.writeFileSync(path.join(dir, name), content);
    const r = spawnCli(c.argv.map((a) => (a.startsWith('@') ? a.slice(1) : a)), dir, timeoutMs);
    return judgeMalformed(c, r, listFiles(dir));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
