/**
 * `npm run bench:sobol`: the Sobol benchmark of issue #18 — 20 parameters of human-mg-bone (log-normal,
 * CV 10 % around the scenario's values), N = 2048, i.e. 2048 × 22 = 45,056 runs of the 5-year human
 * diet scenario (mgb-half-mg-intake-5y), four summaries (BMD_ls at the end, AUC of PTH, Mg_serum at
 * 1 y, change of CTX), through the `magbone sobol` command itself. Budget: ≤ 60 s on 2 cores.
 * Options: --n N (default 2048), --workers W (default 2). Prints the CPU time of each thread
 * (bench/thread-cpu.ts) and the ratios against the issue's budget and the earlier measurement
 * (bench/peers/scale-reference.ts).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runSobol } from '../src/cli/sobol.js';
import { threadCpu } from './thread-cpu.js';
import { ISSUE18 } from './peers/scale-reference.js';
import { flagValue } from './args.js';

const n = flagValue('--n', '2048'), workers = flagValue('--workers', '2');
const PARAMS = ['Mg_diet', 'GFR0', 'F_DCT_max', 'theta_DCT', 'K_block', 'n_block', 'K_D', 'K_cell', 'sec_ref', 'a_Mg_TAL',
  'd_EST', 'site_fn', 'k1', 'k2', 'k3', 'k4', 'koutL', 'koutRNK', 'T16', 'T64'];
const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'magbone-bench-sobol-')), 'sobol.json');
const args = ['mgb-half-mg-intake-5y', ...PARAMS.flatMap((p) => ['--vary', `${p}=10%`]), '--outputs', 'BMD_ls,PTH:auc,Mg_serum:at=1y,CTX:change',
  '--n', n, '--workers', workers, '--out', out, '--quiet'];
const load0 = os.loadavg();
const t0 = performance.now();
const cpu0 = process.cpuUsage();
const th = threadCpu();
const code = await runSobol(args);
const s = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
const per = th.stop();
if (code !== 0) { console.error(`magbone sobol exited ${code}`); process.exit(1); }
const r = JSON.parse(fs.readFileSync(out, 'utf8')) as { runs: number; failedRuns: number; factors: { parameter: string }[]; indices: { label: string; ST: number[]; S1: number[] }[]; convergence: { n: number; indices: { widestInterval: number }[] }[] };
const cpuS = (cpu.user + cpu.system) / 1e6;
// simulating threads: the main thread and the pool's w − 1 worker threads (src/node/parallel.ts)
const nThreads = Math.max(0, Number(workers) - 1 || 0);
const busy = [per.main, ...per.others.slice(0, nThreads)];
const helpers = per.others.slice(nThreads).reduce((a, b) => a + b, 0);
const critical = Math.max(...busy);
const scale = ISSUE18.sobolRuns / r.runs;
console.log(`sobol benchmark: ${PARAMS.length} parameters, N = ${n}: ${r.runs} runs (${r.failedRuns} failed) on ${workers} workers in ${s.toFixed(1)} s wall, ${cpuS.toFixed(1)} s CPU (all threads; ${(1000 * cpuS / r.runs).toFixed(2)} ms per run), ${os.availableParallelism()} cores, load average ${load0.map((x) => x.toFixed(1)).join(' ')} → ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
console.log(`  per thread CPU: simulating ${busy.map((x) => x.toFixed(1)).join(' + ')} s, V8 helpers (compiler, GC) ${helpers.toFixed(1)} s`);
if (r.runs < ISSUE18.sobolRuns) console.log(`  (scaling up from N = ${n} also multiplies each thread's V8 warm-up, ~300 runs at several times the steady cost: an overestimate)`);
console.log(`  scaled to the issue's N = ${ISSUE18.sobolN} (${ISSUE18.sobolRuns} runs): wall ${(s * scale).toFixed(0)} s (${(s * scale / ISSUE18.sobolBudgetS).toFixed(2)}× the ${ISSUE18.sobolBudgetS}-s budget), on idle cores ${(critical * scale).toFixed(0)} s (${(critical * scale / ISSUE18.sobolBudgetS).toFixed(2)}× the budget), CPU ${(cpuS * scale).toFixed(0)} s (${(cpuS * scale / ISSUE18.sobolBefore.cpuS).toFixed(2)}× the ${ISSUE18.sobolBefore.cpuS} s CPU measured before this session's changes)`);
for (const ix of r.indices) {
  const top = ix.ST.map((st, i) => [st, i] as const).sort((a, b) => b[0] - a[0]).slice(0, 3);
  console.log(`  ${ix.label}: top ST ${top.map(([st, i]) => `${r.factors[i].parameter} ${st.toFixed(3)} (S1 ${ix.S1[i].toFixed(3)})`).join(', ')}`);
}
console.log(`  widest interval at N = ${r.convergence.map((c) => `${c.n}: ${Math.max(...c.indices.map((i) => i.widestInterval)).toFixed(3)}`).join(', ')}`);
