/**
 * `magbone sobol <scenario> --vary … --outputs … --n N`: first-order and total Sobol indices of the
 * varied parameters for scalar summaries of the outputs, with bootstrap intervals, a convergence
 * report and optionally the indices over time (src/analysis/sobol.ts and sobol-model.ts).
 * Exit codes: 0, 1 (every run failed), 2 (bad input; nothing runs), 130 (Ctrl-C; nothing written).
 */
import { parseArgs, helpText, overrideFlags, type FlagSpec, HELP_FLAG, GRID_EVERY_FLAG } from './args.js';
import { loadScenario, timeFlag } from './scenario-input.js';
import { outputProblem, writeAtomic } from './output.js';
import { plotProblem, renderPng } from './plot.js';
import { Progress } from './progress.js';
import { WORKERS_FLAG, parseWorkers, resolveWorkers, withInterrupt } from './run-control.js';
import { SHARD_FLAG, parseShard, shardProblems, shardedBatch } from './shard.js';
import { parseVaryFlag } from './population.js';
import { InputError, formatIssues } from '../index.js';
import { findModel } from '../index.js';
import { parsePopulationSpec } from '../index.js';
import { sobolPlan, sobolResult, summaryIssues, runOutputs, SUMMARY_KINDS, type SobolResult, type SobolSpec, type SobolSummarySpec, type SummaryKind } from '../index.js';
import { saltelliRuns } from '../index.js';
import { svgBars } from '../index.js';

const FLAGS: Record<string, FlagSpec> = {
  vary: { type: 'string', multiple: true, value: 'NAME=CV%', help: 'a parameter and its distribution, as for population: NAME=30% (log-normal), NAME=normal:10%, NAME=uniform:LO:HI (repeatable)' },
  outputs: { type: 'string', value: 'A,B:auc,…', help: 'scalar summaries: NAME (value at the end), NAME:at=TIME, NAME:change (end − start), NAME:auc (default: the key outputs at the end)' },
  n: { type: 'number', help: 'base sample size N, a power of 2 (default 1024); runs = N·(parameters + 2)' },
  seed: { type: 'number', help: 'seed of the scrambling and the bootstrap (default 1)' },
  resamples: { type: 'number', help: 'bootstrap resamples for the intervals (default 500)' },
  level: { type: 'number', help: 'interval level (default 0.95)' },
  'over-time': { type: 'boolean', help: 'also the indices of every output at every output time (in --out .json)' },
  out: { type: 'string', value: 'FILE', help: 'indices with intervals (.csv) or everything, with convergence and over-time indices (.json)' },
  plot: { type: 'string', value: 'FILE', help: 'total (and first-order) indices per summary as bars (.svg or .png)' },
  workers: WORKERS_FLAG,
  shard: SHARD_FLAG,
  ...overrideFlags('for every run'),
  every: GRID_EVERY_FLAG,
  quiet: { type: 'boolean', help: 'no progress, no table' },
  help: HELP_FLAG,
};

const HELP = helpText('magbone sobol <scenario> --vary NAME=CV% … [options]',
  'Variance-based global sensitivity: first-order (S1: the share of an output\'s variance a parameter explains alone)\n'
  + 'and total indices (ST: with all its interactions), Saltelli sampling on a scrambled Sobol sequence, Jansen and\n'
  + 'Saltelli 2010 estimators, percentile-bootstrap intervals and a convergence report (indices vs N).', FLAGS, [
    'magbone sobol mgb-half-mg-intake-5y --vary Mg_diet=30% --vary GFR0=20% --outputs BMD_ls,PTH:auc,Mg_serum:at=1y --n 1024',
    'magbone sobol mgb-half-mg-intake-5y --vary Mg_diet=uniform:100:400 --vary K_D=20% --n 2048 --workers auto --out sobol.json --plot sobol.png',
  ]);

/** Parses --outputs items NAME[:end|:change|:auc|:at=TIME]. */
function parseSummaries(text: string, timeUnit: string, problems: string[]): SobolSummarySpec[] {
  const out: SobolSummarySpec[] = [];
  for (const item of text.split(',').map((s) => s.trim()).filter(Boolean)) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)(?::(\w+)(?:=(.+))?)?$/.exec(item);
    if (!m) { problems.push(`--outputs ${item}: expected NAME, NAME:change, NAME:auc or NAME:at=TIME`); continue; }
    const kind = (m[2] ?? 'end') as SummaryKind;
    if (!SUMMARY_KINDS.includes(kind)) { problems.push(`--outputs ${item}: unknown summary "${m[2]}"; allowed: ${SUMMARY_KINDS.join(', ')}`); continue; }
    if (kind === 'at') {
      if (m[3] === undefined) { problems.push(`--outputs ${item}: give the time, e.g. ${m[1]}:at=2y`); continue; }
      const t = timeFlag(`outputs ${item}`, m[3].replace(/^(\d*\.?\d+(?:e[+-]?\d+)?)([a-z]+)$/i, '$1 $2'), timeUnit, problems);
      if (t !== undefined) out.push({ output: m[1], kind, time: t });
    } else if (m[3] !== undefined) problems.push(`--outputs ${item}: only at takes a value`);
    else out.push({ output: m[1], kind });
  }
  return out;
}

const f3 = (x: number): string => (Number.isFinite(x) ? x.toFixed(3) : '–');

export function formatSobol(r: SobolResult): string {
  const lines = [`Sobol indices of '${r.scenario}' (${r.modelId}): ${r.factors.length} parameters, N = ${r.n} (${r.runs} runs, ${r.failedRuns} failed), seed ${r.seed}; ${Math.round(r.level * 100)}% bootstrap intervals (${r.resamples} resamples)`];
  for (const f of r.factors) lines.push(`  ${f.parameter} (${f.unit}): ${f.distribution}`);
  for (const ix of r.indices) {
    lines.push('', `### ${ix.label} (mean ${Number(ix.mean.toPrecision(4))} ${ix.unit}, variance ${Number(ix.variance.toPrecision(3))})`, '', '| parameter | S1 | interval | ST | interval |', '|---|---|---|---|---|');
    const order = ix.ST.map((_, i) => i).sort((a, b) => (ix.ST[b] || 0) - (ix.ST[a] || 0));
    for (const i of order) lines.push(`| ${r.factors[i].parameter} | ${f3(ix.S1[i])} | ${f3(ix.S1lo[i])} … ${f3(ix.S1hi[i])} | ${f3(ix.ST[i])} | ${f3(ix.STlo[i])} … ${f3(ix.SThi[i])} |`);
    lines.push(`Σ S1 = ${f3(ix.S1.reduce((s, x) => s + x, 0))} (1 − Σ S1: the share of interactions)`);
  }
  lines.push('', 'Convergence (widest interval of any index, per summary):', `| N | ${r.indices.map((i) => i.label).join(' | ')} |`, `|---|${r.indices.map(() => '---|').join('')}`);
  for (const c of r.convergence) lines.push(`| ${c.n} | ${c.indices.map((i) => f3(i.widestInterval)).join(' | ')} |`);
  if (r.failures.length) lines.push('', `First failed run: #${r.failures[0].run} ${r.failures[0].message}`);
  for (const n of r.notes) lines.push(`note: ${n}`);
  return lines.join('\n') + '\n';
}

function toCSV(r: SobolResult): string {
  const num = (x: number) => (Number.isFinite(x) ? String(x) : '');
  const lines = ['summary,output,kind,time,parameter,S1,S1_lo,S1_hi,ST,ST_lo,ST_hi'];
  for (const ix of r.indices) {
    r.factors.forEach((f, i) => lines.push([JSON.stringify(ix.label), ix.output, ix.kind, ix.time ?? '', f.parameter, num(ix.S1[i]), num(ix.S1lo[i]), num(ix.S1hi[i]), num(ix.ST[i]), num(ix.STlo[i]), num(ix.SThi[i])].join(',')));
  }
  return lines.join('\n') + '\n';
}

export async function runSobol(argv: readonly string[], io = { out: process.stdout, err: process.stderr }): Promise<number> {
  const args = parseArgs(argv, FLAGS);
  if (args.flags.help) { io.out.write(HELP); return 0; }
  const problems = [...args.problems];
  if (args.positional.length !== 1) problems.push('give exactly one scenario (built-in name or file)');
  const outFile = args.flags.out as string | undefined;
  if (outFile) { const p = outputProblem(outFile, ['.csv', '.json']); if (p) problems.push(`--out ${p}`); }
  const plotFile = args.flags.plot as string | undefined;
  if (plotFile) { const p = plotProblem(plotFile); if (p) problems.push(`--plot ${p}`); }
  const workers = parseWorkers(args.flags.workers, problems);
  const shard = parseShard(args.flags.shard, problems);
  shardProblems(shard, outFile, problems);
  const n = (args.flags.n as number | undefined) ?? 1024;
  if (!(Number.isInteger(n) && n >= 8)) problems.push(`--n: ${n} must be an integer ≥ 8 (a power of 2: 512, 1024, 2048 …)`);
  const seed = (args.flags.seed as number | undefined) ?? 1;
  const resamples = (args.flags.resamples as number | undefined) ?? 500;
  if (!(Number.isInteger(resamples) && resamples >= 20 && resamples <= 100_000)) problems.push(`--resamples: ${resamples} must be an integer from 20 to 100000`);
  const level = (args.flags.level as number | undefined) ?? 0.95;
  if (!(level > 0 && level < 1)) problems.push(`--level: ${level} must be between 0 and 1`);

  // --vary exactly as population's: the same parser and the same spec checks
  const vary: Record<string, unknown> = {};
  const varyFlags = (args.flags.vary as string[] | undefined) ?? [];
  for (const v of varyFlags) { const p = parseVaryFlag(String(v)); if (typeof p === 'string') problems.push(p); else vary[p.name] = p.entry; }
  if (varyFlags.length === 0) problems.push('nothing varies: give --vary NAME=CV% (e.g. --vary Mg_diet=30%), once per parameter');
  const parsed = varyFlags.length ? parsePopulationSpec({ n: 1, seed: 1, vary }, []) : { issues: [] };
  problems.push(...parsed.issues.map((i) => `sobol ${formatIssues([i])}`));

  const prepared = args.positional.length === 1 ? loadScenario(args.positional[0], args.flags, problems).prepared : undefined;
  let spec: SobolSpec | undefined;
  let plan;
  if (prepared) {
    const { model, scenario } = prepared;
    const summaries = typeof args.flags.outputs === 'string'
      ? parseSummaries(args.flags.outputs, model.timeUnit, problems)
      : (findModel(model.id)?.keyOutputs ?? model.observableNames.slice(0, 6)).filter((o) => model.observableNames.includes(o) || model.stateNames.includes(o)).map((o) => ({ output: o, kind: 'end' as const }));
    problems.push(...summaryIssues(model, scenario, summaries).map((i) => `--outputs ${i.message}`));
    if (!('spec' in parsed && parsed.spec)) {
      // the distributions have problems: still name the unknown parameters now, not on the next try
      for (const k of Object.keys(vary)) if (!model.spec.parameters[k]) problems.push(`sobol vary.${k}: not a parameter of ${model.id}`);
    } else if (Number.isInteger(n) && n >= 8) {
      spec = { n, seed, vary: parsed.spec.vary, summaries, resamples, level, overTime: args.flags['over-time'] === true };
      try { plan = sobolPlan(model, scenario, spec); } catch (e) {
        if (e instanceof InputError) problems.push(...e.issues.map((i) => `sobol ${formatIssues([i])}`)); else throw e;
      }
    }
  }
  if (problems.length > 0 || !prepared || !spec || !plan) { io.err.write(problems.map((p) => `error: ${p}`).join('\n') + '\n'); return 2; }

  const { model, scenario } = prepared;
  const quiet = args.flags.quiet === true;
  const runs = saltelliRuns(plan.factors.length, n);
  const nWorkers = resolveWorkers(workers, runs);
  const progress = new Progress(io.err, quiet);
  progress.start(`sobol (${runs} runs${shard ? `, shard ${shard.k}/${shard.n}` : ''}${nWorkers > 1 ? `, ${nWorkers} threads` : ''})`);
  const onRun = (d: number, total: number) => progress.update(d / total, `${d}/${total} runs`);
  const batch = await withInterrupt((signal) => shardedBatch({ command: 'sobol', argv, shard, out: outFile }, model, scenario, plan.sets, runOutputs(spec.summaries), { workers: nWorkers, onRun, signal }))
    .finally(() => progress.stop());
  if (!batch) { if (!quiet) io.err.write(`shard ${shard!.k}/${shard!.n}: partial result written to ${outFile}; combine the ${shard!.n} files with magbone merge\n`); return 0; }
  const result = sobolResult(model, scenario, spec, plan, batch);
  if (outFile) writeAtomic(outFile, outFile.toLowerCase().endsWith('.json') ? JSON.stringify(result, null, 1) + '\n' : toCSV(result));
  if (plotFile && result.failedRuns < result.runs) {
    const bars = result.indices.flatMap((ix) => result.factors.map((f, i) => ({ label: `${ix.label} · ${f.parameter}`, value: Number.isFinite(ix.ST[i]) ? ix.ST[i] : 0, note: `S1 ${f3(ix.S1[i])}, ST ${f3(ix.STlo[i])}…${f3(ix.SThi[i])}` })));
    const svg = svgBars(bars, { title: `${result.scenario}: total Sobol indices (N = ${result.n})`, unit: '' });
    writeAtomic(plotFile, plotFile.toLowerCase().endsWith('.png') ? renderPng(svg) : svg);
  }
  if (!quiet) io.out.write(formatSobol(result));
  if (result.failedRuns === result.runs) { io.err.write(`error: every run failed; first: ${result.failures[0]?.message ?? ''}\n`); return 1; }
  return 0;
}
