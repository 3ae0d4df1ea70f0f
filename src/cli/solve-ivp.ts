/**
 * `magbone solve-ivp <problem.json>`: solves one initial-value problem in the format of the stiff
 * IVP test set (`test/data/ivp-testset/README.md`: n, t0, tEnd, y0, parameters, rhs expression
 * strings, optional reference) and prints the end state, the counters and the solve time; with
 * `--json`, one JSON object for scripts and benchmarks.
 *
 * Exit codes: 0 success; 1 numerical failure (the solver's message on stderr); 2 bad input (every
 * problem on its own line on stderr, nothing solved).
 */
import { readFileSync } from 'node:fs';
import { helpText, type FlagSpec, HELP_FLAG } from './args.js';
import { openCommand } from './command.js';
import { didYouMean } from '../index.js';
import { solve } from '../index.js';
import { findMethod, methodNames, methodProblem } from '../index.js';
import type { OdeProblem } from '../index.js';
import { compileVectorField, ExprErrors, tryParse, symbolsOf } from '../index.js';

export const SOLVE_IVP_FLAGS: Record<string, FlagSpec> = {
  method: { type: 'string', value: 'NAME', help: `${methodNames().join(', ')} (default bdf; rodas = rodas5p, dopri = dopri5)` },
  rtol: { type: 'number', value: 'X', help: 'relative tolerance, 1e-14 <= X < 1 (default 1e-6)' },
  atol: { type: 'number', value: 'X', help: 'absolute tolerance, X >= 0 (default 1e-2 * rtol, as in the recorded CVODE runs, test/data/perfref)' },
  json: { type: 'boolean', help: 'print one JSON object {y, t, stats, code, ms, method[, message]}' },
  help: HELP_FLAG,
};


const HELP = helpText(
  'magbone solve-ivp <problem.json> [options]',
  'Solves an initial-value problem given in the IVP test-set JSON format (n, t0, tEnd, y0, parameters,\n'
  + 'rhs: one expression per component in y[0]..y[n-1], parameter names and t). The right-hand side is\n'
  + 'compiled with its analytic Jacobian. When the file has a reference solution, the summary reports\n'
  + 'scd and mescd (see test/data/ivp-testset/README.md). Exit code 0 on success, 1 when the solver\n'
  + 'fails, 2 on bad input.',
  SOLVE_IVP_FLAGS,
  [
    'magbone solve-ivp test/data/ivp-testset/HIRES.json',
    'magbone solve-ivp test/data/ivp-testset/ROBER.json --method rodas --rtol 1e-8 --json',
  ],
);

interface IvpFile {
  name?: string;
  n: number;
  t0: number;
  tEnd: number;
  y0: number[];
  parameters?: Record<string, number>;
  rhs: string[];
  reference?: { y?: number[] };
  scd_absolute_components?: number[];
}

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Shape checks of the JSON file; the expressions themselves are checked by compileVectorField. */
function checkFile(file: string, d: unknown, problems: string[]): d is IvpFile {
  if (typeof d !== 'object' || d === null || Array.isArray(d)) { problems.push(`${file}: expected a JSON object with n, t0, tEnd, y0, rhs`); return false; }
  const o = d as Record<string, unknown>;
  const before = problems.length;
  const nOk = Number.isInteger(o.n) && (o.n as number) > 0;
  if (!nOk) problems.push(`${file}: n: ${JSON.stringify(o.n)} is not allowed; use a positive integer (the number of components)`);
  for (const k of ['t0', 'tEnd']) if (!isNum(o[k])) problems.push(`${file}: ${k}: ${JSON.stringify(o[k])} is not a finite number`);
  if (isNum(o.t0) && isNum(o.tEnd) && !(o.tEnd > o.t0)) problems.push(`${file}: tEnd: ${o.tEnd} must be greater than t0 = ${o.t0}`);
  if (!Array.isArray(o.y0)) problems.push(`${file}: y0: expected an array of ${nOk ? o.n : 'n'} numbers`);
  else {
    if (nOk && o.y0.length !== o.n) problems.push(`${file}: y0: has ${o.y0.length} values, but n = ${o.n}`);
    o.y0.forEach((v, i) => { if (!isNum(v)) problems.push(`${file}: y0[${i}]: ${JSON.stringify(v)} is not a finite number`); });
  }
  if (!Array.isArray(o.rhs)) problems.push(`${file}: rhs: expected an array of ${nOk ? o.n : 'n'} expression strings`);
  if (o.parameters !== undefined && (typeof o.parameters !== 'object' || o.parameters === null || Array.isArray(o.parameters))) {
    problems.push(`${file}: parameters: expected an object name -> number`);
  }
  if (o.reference !== undefined) {
    const y = (o.reference as { y?: unknown })?.y;
    if (!Array.isArray(y) || (nOk && y.length !== o.n) || !y.every(isNum)) problems.push(`${file}: reference.y: expected ${nOk ? o.n : 'n'} numbers`);
  }
  return problems.length === before;
}

function mescd(y: ArrayLike<number>, yref: readonly number[], rtol: number, atol: number): number {
  let m = 0;
  for (let i = 0; i < yref.length; i++) m = Math.max(m, Math.abs(y[i] - yref[i]) / (atol / rtol + Math.abs(yref[i])));
  return -Math.log10(m);
}

function scd(y: ArrayLike<number>, yref: readonly number[], absolute: readonly number[]): number {
  let m = 0;
  for (let i = 0; i < yref.length; i++) {
    const e = Math.abs(y[i] - yref[i]);
    m = Math.max(m, absolute.includes(i) || yref[i] === 0 ? e : e / Math.abs(yref[i]));
  }
  return -Math.log10(m);
}

type Io = { out: { write(s: string): unknown }; err: { write(s: string): unknown } };

export async function runSolveIvp(argv: readonly string[], io: Io = { out: process.stdout, err: process.stderr }): Promise<number> {
  const opened = openCommand(argv, SOLVE_IVP_FLAGS, HELP, io);
  if (opened === 0) return 0;
  const { args, problems } = opened;
  if (args.positional.length === 0) problems.push('missing problem file: magbone solve-ivp <problem.json> (see --help)');
  if (args.positional.length > 1) problems.push(`unexpected argument(s): ${args.positional.slice(1).join(' ')}`);

  const methodName = (args.flags.method as string | undefined) ?? 'bdf';
  const methodIssue = methodProblem(methodName);
  if (methodIssue) problems.push(`--method: ${methodIssue}`);
  const rtol = (args.flags.rtol as number | undefined) ?? 1e-6;
  if (typeof rtol === 'number' && !(rtol >= 1e-14 && rtol < 1)) problems.push(`--rtol: ${rtol} is not allowed; use 1e-14 <= rtol < 1`);
  const atol = (args.flags.atol as number | undefined) ?? 1e-2 * rtol;
  if (typeof atol === 'number' && !(atol >= 0)) problems.push(`--atol: ${atol} is not allowed; use atol >= 0`);

  const file = args.positional[0];
  let data: IvpFile | undefined;
  let raw: Record<string, unknown> | undefined;
  if (file !== undefined && args.positional.length === 1) {
    let text: string | undefined;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      problems.push(`${file}: cannot read the file (${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (e as Error).message})`);
    }
    if (text !== undefined) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
        if (checkFile(file, parsed, problems)) data = parsed;
        else if (typeof parsed === 'object' && parsed !== null) raw = parsed as Record<string, unknown>;
      } catch (e) {
        problems.push(`${file}: invalid JSON: ${(e as Error).message}`);
      }
    }
  }

  // the expressions are checked even when other fields are wrong, so that every problem is listed at once
  const spec = data ?? (raw && Number.isInteger(raw.n) && Array.isArray(raw.rhs) ? raw as unknown as IvpFile : undefined);
  let compiled: ReturnType<typeof compileVectorField> | undefined;
  if (spec) {
    try {
      compiled = compileVectorField({ n: spec.n, rhs: spec.rhs, parameters: spec.parameters });
    } catch (e) {
      if (!(e instanceof ExprErrors)) throw e;
      for (const issue of e.issues) problems.push(`${file}: ${issue.message}`);
    }
  }
  if (problems.length > 0 || !data || !compiled) {
    io.err.write(problems.map((p) => `error: ${p}\n`).join(''));
    return 2;
  }

  const usesT = data.rhs.some((r) => { const p = tryParse(r); return p.expr !== undefined && symbolsOf(p.expr).includes('t'); });
  const problem: OdeProblem = {
    n: data.n, f: compiled.f, jac: compiled.jac, t0: data.t0, tEnd: data.tEnd, y0: data.y0, autonomous: !usesT,
  };
  const method = findMethod(methodName)!.make();
  const t0 = performance.now();
  const sol = solve(problem, method, { rtol, atol });
  const ms = performance.now() - t0;

  if (args.flags.json) {
    const obj: Record<string, unknown> = { y: [...sol.yFinal], t: sol.tFinal, stats: sol.stats, code: sol.code, ms, method: sol.method };
    if (sol.code !== 'success') obj.message = sol.message;
    io.out.write(JSON.stringify(obj) + '\n');
  } else {
    const name = data.name ?? file;
    const lines = [
      `${name}: ${sol.method}, rtol ${rtol}, atol ${atol}: ${sol.code} in ${ms.toFixed(2)} ms`,
      `  t = ${sol.tFinal}`,
      `  y = [${[...sol.yFinal].map((v) => v.toExponential(10)).join(', ')}]`,
      `  steps ${sol.stats.steps} (+${sol.stats.rejected} rejected), RHS calls ${sol.stats.rhs} (+${sol.stats.rhsJac} for Jacobians), `
      + `Jacobians ${sol.stats.jac}, LU ${sol.stats.lu}${sol.stats.newton ? `, Newton iterations ${sol.stats.newton}` : ''}`,
    ];
    const ref = data.reference?.y;
    if (sol.code === 'success' && ref && sol.tFinal === data.tEnd) {
      lines.push(`  vs reference: scd ${scd(sol.yFinal, ref, data.scd_absolute_components ?? []).toFixed(2)}, mescd ${mescd(sol.yFinal, ref, rtol, atol).toFixed(2)}`);
    }
    io.out.write(lines.join('\n') + '\n');
  }
  if (sol.code !== 'success') {
    io.err.write(`error: ${sol.message}\n`);
    return 1;
  }
  return 0;
}
