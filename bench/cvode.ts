/**
 * The CVODE peer of `bench/solver.ts`: builds `bench/peers/cvode_bench.c` (our own harness:
 * CVODE BDF, Newton, dense LU, difference-quotient Jacobian) against Debian's libsundials-dev with
 * the command of perfref/README.md, and runs it in the same process tree as our solvers.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';

export interface CvodeRow {
  problem: string;
  rtol: number;
  atol: number;
  flag: number;
  medianMs: number;
  steps: number;
  rhsTotal: number;
  jac: number;
  lu: number;
  yEnd: Float64Array;
}

const LIBS = ['-lsundials_cvode', '-lsundials_nvecserial', '-lsundials_sunmatrixdense', '-lsundials_sunlinsoldense', '-lm'];

function haveHeaders(): boolean {
  return existsSync('/usr/include/cvode/cvode.h');
}

/**
 * Returns the path of the built harness, or a reason why it could not be built. Installs
 * libsundials-dev with apt-get when it is missing and we run as root (as CI's .ci/run does).
 */
export function buildCvodeHarness(peersDir: string, outDir: string): { exe?: string; reason?: string } {
  const src = path.join(peersDir, 'cvode_bench.c');
  if (!existsSync(src)) return { reason: `${src} not found (the CVODE harness source, vendored in bench/peers/)` };
  mkdirSync(outDir, { recursive: true });
  const exe = path.join(outDir, 'cvode_bench');
  if (existsSync(exe) && statSync(exe).mtimeMs >= statSync(src).mtimeMs) return { exe };
  if (!haveHeaders()) {
    const root = typeof process.getuid === 'function' && process.getuid() === 0;
    if (!root) return { reason: 'libsundials-dev is not installed: run `apt-get install -y libsundials-dev` (as root) and rerun' };
    process.stderr.write('libsundials-dev missing: apt-get install -y libsundials-dev ...\n');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    const r = spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'libsundials-dev', 'gcc', 'libc6-dev'], { stdio: 'inherit', env });
    if (r.status !== 0 || !haveHeaders()) return { reason: 'apt-get install libsundials-dev failed' };
  }
  try {
    execFileSync('gcc', ['-O2', '-Wall', '-o', exe, src, ...LIBS], { stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    const err = e as { stderr?: Buffer; message: string };
    return { reason: `gcc failed: ${err.stderr?.toString().trim() || err.message}` };
  }
  return { exe };
}

/** Runs the harness for one problem at rtol 1e-4, 1e-6, 1e-8 with atol = factor·rtol. */
export function runCvode(exe: string, problem: string, atolFactor: number, seconds: number): CvodeRow[] {
  const out = execFileSync(exe, [String(seconds), problem, String(atolFactor)], { encoding: 'utf8', maxBuffer: 1 << 24 });
  const lines = out.trim().split('\n');
  const head = lines[0].split(',');
  const col = (k: string) => {
    const i = head.indexOf(k);
    if (i < 0) throw new Error(`cvode_bench output has no column '${k}' (header: ${lines[0]})`);
    return i;
  };
  return lines.slice(1).map((line) => {
    const c = line.split(',');
    return {
      problem: c[col('problem')], rtol: Number(c[col('rtol')]), atol: Number(c[col('atol')]), flag: Number(c[col('flag')]),
      medianMs: 1000 * Number(c[col('median_s')]), steps: Number(c[col('steps')]), rhsTotal: Number(c[col('rhs_evals_total')]),
      jac: Number(c[col('jac_evals')]), lu: Number(c[col('lu_setups')]),
      yEnd: Float64Array.from(c[col('y_end')].split(';').map(Number)),
    };
  });
}
