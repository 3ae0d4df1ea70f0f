/**
 * Solver benchmark against C CVODE, measured in the same run (`npm run bench:solver`).
 *
 * Problems HIRES, POLLU, ROBER, VDPOL of the stiff IVP test set at rtol 1e-4, 1e-6, 1e-8 with
 * atol = 1e-2·rtol (ROBER: 1e-6·rtol, see test/data/README.md). CVODE is the
 * perfref harness (BDF, Newton, dense LU, difference-quotient Jacobian, one call to tEnd), built
 * here with gcc against libsundials-dev. Ours: bdf with finite-difference Jacobians (the like-for-
 * like row), bdf with the analytic Jacobian, rodas5 with finite differences; each through `solve`
 * with output at tEnd only, timed like the C harness (warm-up, repeat for ~1 s, median; creation
 * included). Printed: median ms, steps, RHS calls including Jacobian ones, Jacobians, LUs, mescd,
 * and the time ratio ours/CVODE; then where our time goes (RHS, LU, substitutions, analytic
 * Jacobian, solver overhead, from measured unit costs) next to CVODE's counts; then the target
 * check at rtol 1e-6 (equal or better mescd, time <= 2x CVODE on each problem, <= 1x on one).
 *
 * Last, the magbone workload: OpenBoneMin with daily teriparatide for a year (365 dose restarts)
 * through `simulate`, next to mrgsolve's time from perfref/models.md (not measured in this run).
 *
 * Options: --seconds S (timing per configuration, default 1), --problems A,B, --no-cvode, --no-rodas,
 * --no-doses.
 */
import path from 'node:path';
import { mkdirSync, writeFileSync } from 'node:fs';
import { solve } from '../src/solver/solve.js';
import { bdf } from '../src/solver/methods/bdf.js';
import { rodas5 } from '../src/solver/methods/rodas5.js';
import type { Method } from '../src/solver/method.js';
import type { OdeProblem, SolverStats } from '../src/solver/types.js';
import { ROOT } from '../test/helpers/paths.js';
import { PEERS } from './peers.js';
import { testSetProblem, mescd, type TestSetProblem } from '../test/solver/bdf-problems.js';
import { buildCvodeHarness, runCvode, type CvodeRow } from './cvode.js';
import { medianMs, unitCosts, type UnitCosts } from './timing.js';
import { teriparatideYear, MRGSOLVE_TERI_1Y_MS } from './doses.js';

const CONFIG: { name: string; atolFactor: number }[] = [
  { name: 'HIRES', atolFactor: 1e-2 },
  { name: 'POLLU', atolFactor: 1e-2 },
  { name: 'ROBER', atolFactor: 1e-6 },
  { name: 'VDPOL', atolFactor: 1e-2 },
];
const RTOLS = [1e-4, 1e-6, 1e-8];

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const SECONDS = Number(arg('seconds') ?? 1);
const ONLY = arg('problems')?.split(',');
const WITH_CVODE = !process.argv.includes('--no-cvode');
const WITH_RODAS = !process.argv.includes('--no-rodas');
const WITH_DOSES = !process.argv.includes('--no-doses');

interface OurRow {
  problem: string;
  rtol: number;
  atol: number;
  solver: string;
  ms: number;
  stats: SolverStats;
  mescd: number;
  code: string;
  cost?: CostSplit;
}

interface CostSplit { rhs: number; jac: number; lu: number; solves: number; overhead: number }

function runOurs(p: OdeProblem, method: Method, rtol: number, atol: number) {
  return solve(p, method, { rtol, atol, tOut: [p.tEnd], maxSteps: 2_000_000 });
}

function measure(tp: TestSetProblem, solver: string, p: OdeProblem, make: () => Method, rtol: number, atol: number): OurRow {
  const method = make();
  const sol = runOurs(p, method, rtol, atol);
  const t = medianMs(() => { runOurs(p, method, rtol, atol); }, SECONDS);
  return {
    problem: tp.name, rtol, atol, solver, ms: t.median, stats: sol.stats, code: sol.code,
    mescd: sol.code === 'success' ? mescd(sol.yFinal, tp.yRef, rtol, atol) : NaN,
  };
}

function split(row: OurRow, u: UnitCosts, analytic: boolean): CostSplit {
  const s = row.stats;
  const rhs = (s.rhs + s.rhsJac) * u.rhs;
  const jac = analytic ? s.jac * u.jac : 0;
  const lu = s.lu * u.lu;
  const solves = s.newton * u.solve;
  return { rhs, jac, lu, solves, overhead: Math.max(0, row.ms - rhs - jac - lu - solves) };
}

const f3 = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x >= 1 ? x.toFixed(2) : x.toFixed(3));
const e0 = (x: number) => x.toExponential(0);
const pct = (a: number, b: number) => `${f3(a)} (${Math.round((100 * a) / b)}%)`;

function main(): void {
  const problems = CONFIG.filter((c) => !ONLY || ONLY.includes(c.name));
  const outDir = path.join(ROOT, 'bench', 'out');
  mkdirSync(outDir, { recursive: true });

  // 1. CVODE, same run
  const cvode = new Map<string, CvodeRow>();
  let cvodeNote = '';
  if (WITH_CVODE) {
    const b = buildCvodeHarness(PEERS, outDir);
    if (!b.exe) cvodeNote = `CVODE not run: ${b.reason}`;
    else {
      for (const c of problems) {
        process.stderr.write(`CVODE ${c.name} ...\n`);
        for (const r of runCvode(b.exe, c.name, c.atolFactor, SECONDS)) cvode.set(`${r.problem} ${e0(r.rtol)}`, r);
      }
    }
  } else cvodeNote = 'CVODE not run (--no-cvode)';

  // 2. ours
  const rows: OurRow[] = [];
  const costs = new Map<string, UnitCosts>();
  for (const c of problems) {
    const tp = testSetProblem(c.name);
    const withJac: OdeProblem = { ...tp, autonomous: true };
    const noJac: OdeProblem = { ...withJac, jac: undefined };
    for (const rtol of RTOLS) {
      const atol = c.atolFactor * rtol;
      process.stderr.write(`ours ${c.name} ${e0(rtol)} ...\n`);
      const fd = measure(tp, 'bdf (FD J)', noJac, () => bdf(), rtol, atol);
      const an = measure(tp, 'bdf (analytic J)', withJac, () => bdf(), rtol, atol);
      rows.push(fd, an);
      if (WITH_RODAS) rows.push(measure(tp, 'rodas5 (FD J)', noJac, () => rodas5(), rtol, atol));
      // at the same tolerance our accuracy may differ from CVODE's: also time bdf at the loosest
      // tighter tolerance (rtol·10^(-k/8), same atol/rtol) that reaches CVODE's mescd
      const cv = cvode.get(`${c.name} ${e0(rtol)}`);
      if (cv && fd.mescd < mescd(cv.yEnd, tp.yRef, rtol, atol)) {
        const target = mescd(cv.yEnd, tp.yRef, rtol, atol);
        for (let k = 1; k <= 16; k++) {
          const r2 = rtol * 10 ** (-k / 8);
          const s = runOurs(noJac, bdf(), r2, c.atolFactor * r2);
          // accuracy judged with the original tolerances, as for CVODE
          if (s.code === 'success' && mescd(s.yFinal, tp.yRef, rtol, atol) >= target) {
            const m = measure(tp, `bdf (FD J) @rtol ${r2.toPrecision(2)}`, noJac, () => bdf(), r2, c.atolFactor * r2);
            m.rtol = rtol; m.atol = atol; m.mescd = mescd(s.yFinal, tp.yRef, rtol, atol);
            rows.push(m);
            break;
          }
        }
      }
    }
    costs.set(`${c.name} sparse`, unitCosts(tp.n, tp.f, tp.jac, tp.yRef, 'sparse'));
  }
  for (const r of rows) {
    r.cost = split(r, costs.get(`${r.problem} sparse`)!, r.solver.startsWith('bdf (analytic'));
  }

  // 3. results table
  const out: string[] = [];
  const say = (s = '') => { out.push(s); console.log(s); };
  say(`# magbone solver benchmark vs CVODE (same run; ${new Date().toISOString()}; node ${process.version})`);
  say();
  if (cvodeNote) say(`> ${cvodeNote}`);
  say('Times: median ms of complete solves (creation included), after warm-up, repeated for ~' + SECONDS + ' s. RHS = all RHS calls incl. finite-difference Jacobian ones.');
  say('mescd is judged with the row\'s nominal rtol/atol (for "@rtol" rows: the tighter tolerance that reaches CVODE\'s mescd).');
  say();
  say('| problem | rtol | atol | solver | ms | steps | RHS | Jac | LU | mescd | CVODE ms | steps | RHS | Jac | LU | mescd | ours/CVODE |');
  say('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    const cv = cvode.get(`${r.problem} ${e0(r.rtol)}`);
    const tp = testSetProblem(r.problem);
    const cvm = cv ? mescd(cv.yEnd, tp.yRef, r.rtol, r.atol) : NaN;
    const s = r.stats;
    const ours = `${f3(r.ms)} | ${s.steps} | ${s.rhs + s.rhsJac} | ${s.jac} | ${s.lu} | ${r.code === 'success' ? r.mescd.toFixed(2) : r.code}`;
    const theirs = cv ? `${f3(cv.medianMs)} | ${cv.steps} | ${cv.rhsTotal} | ${cv.jac} | ${cv.lu} | ${cvm.toFixed(2)}` : '- | - | - | - | - | -';
    say(`| ${r.problem} | ${e0(r.rtol)} | ${e0(r.atol)} | ${r.solver} | ${ours} | ${theirs} | ${cv ? (r.ms / cv.medianMs).toFixed(2) : '-'} |`);
  }

  // 4. where the time goes
  say();
  say('## Where our time goes (unit costs measured separately: one RHS call, one LU incl. forming I - gJ, one substitution;');
  say('both use the static-pattern sparse LU of sparse-lu.ts; rodas5 substitutions (one per stage) are in "overhead")');
  say();
  say('| problem | rtol | solver | ms | RHS ms | LU ms | subst. ms | analytic J ms | overhead ms | dominant | counts vs CVODE (RHS, LU) |');
  say('|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    const c = r.cost!;
    const parts: [string, number][] = [['RHS calls', c.rhs], ['LU', c.lu], ['substitutions', c.solves], ['Jacobian', c.jac], ['overhead', c.overhead]];
    parts.sort((a, b) => b[1] - a[1]);
    const cv = cvode.get(`${r.problem} ${e0(r.rtol)}`);
    const s = r.stats;
    const vs = cv ? `x${((s.rhs + s.rhsJac) / cv.rhsTotal).toFixed(2)}, x${(s.lu / cv.lu).toFixed(2)}` : '-';
    say(`| ${r.problem} | ${e0(r.rtol)} | ${r.solver} | ${f3(r.ms)} | ${pct(c.rhs, r.ms)} | ${pct(c.lu, r.ms)} | ${pct(c.solves, r.ms)} | ${f3(c.jac)} | ${pct(c.overhead, r.ms)} | ${parts[0][0]} | ${vs} |`);
  }
  for (const [name, u] of costs) {
    say(`- ${name} LU: one RHS call ${(u.rhs * 1e3).toFixed(3)} us, one LU ${(u.lu * 1e3).toFixed(3)} us, one substitution ${(u.solve * 1e3).toFixed(3)} us${u.jac ? `, one analytic Jacobian ${(u.jac * 1e3).toFixed(3)} us` : ''}`);
  }

  // 5. target
  say();
  say('## Target at rtol 1e-6: bdf (FD J) at equal or better mescd, time <= 2x CVODE on each problem and <= 1x on at least one');
  say();
  if (cvode.size === 0) say('not checked: no CVODE results');
  else {
    let allOk = true, anyFaster = false;
    for (const c of problems) {
      const cv = cvode.get(`${c.name} ${e0(1e-6)}`);
      if (!cv) continue;
      const tp = testSetProblem(c.name);
      const cvm = mescd(cv.yEnd, tp.yRef, 1e-6, c.atolFactor * 1e-6);
      // the same-tolerance row when it is at least as accurate, else the matched-accuracy row
      const cands = rows.filter((r) => r.problem === c.name && r.rtol === 1e-6 && r.solver.startsWith('bdf (FD J)'));
      const row = cands.find((r) => r.mescd >= cvm);
      if (!row) { allOk = false; say(`- ${c.name}: no bdf run reached CVODE's mescd ${cvm.toFixed(2)}`); continue; }
      const ratio = row.ms / cv.medianMs;
      allOk &&= ratio <= 2;
      anyFaster ||= ratio <= 1;
      say(`- ${c.name}: ${row.solver}, mescd ${row.mescd.toFixed(2)} vs CVODE ${cvm.toFixed(2)}, ${f3(row.ms)} ms vs ${f3(cv.medianMs)} ms: ratio ${ratio.toFixed(2)} ${ratio <= 2 ? 'ok' : 'TOO SLOW'}`);
    }
    say(`TARGET ${allOk && anyFaster ? 'MET' : 'NOT MET'} (each <= 2x: ${allOk ? 'yes' : 'no'}; at least one <= 1x: ${anyFaster ? 'yes' : 'no'})`);
  }

  // 6. the magbone workload
  if (WITH_DOSES) {
    say();
    say('## OpenBoneMin, teriparatide 20 ug daily for 1 year, daily output, rtol = atol = 1e-8 (365 dose restarts, via simulate)');
    say();
    try {
      process.stderr.write('OpenBoneMin teriparatide year ...\n');
      const dr = teriparatideYear(WITH_RODAS ? ['bdf', 'rodas'] : ['bdf'], 3);
      say('| method | ms (median of 3) | steps | rejected | RHS | Jac | LU | Newton | BMD_ls change % | vs mrgsolve LSODA ' + MRGSOLVE_TERI_1Y_MS + ' ms (models.md) |');
      say('|---|---|---|---|---|---|---|---|---|---|');
      for (const d of dr) {
        const s = d.stats;
        say(`| ${d.method} | ${d.ms.toFixed(0)} | ${s.steps} | ${s.rejected} | ${s.rhs + s.rhsJac} | ${s.jac} | ${s.lu} | ${s.newton} | ${d.bmdChange.toFixed(4)} | ${(d.ms / MRGSOLVE_TERI_1Y_MS).toFixed(2)} |`);
      }
    } catch (e) {
      say(`skipped: ${(e as Error).message}`);
    }
  }
  writeFileSync(path.join(outDir, 'solver-results.md'), out.join('\n') + '\n');
  console.log(`\n(written to ${path.relative(ROOT, path.join(outDir, 'solver-results.md'))})`);
}

main();
