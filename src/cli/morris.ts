/**
 * `magbone morris <scenario>`: Morris elementary-effects screening of a scenario's parameters
 * (μ*, μ, σ per output, ranked); see src/analysis/morris.ts for the method, its ranges and its
 * references. Prints the run count and an estimated time before it starts (--dry-run: only that).
 */
import { helpText, FlagSpec, overrideFlags, HELP_FLAG } from './args.js';
import { openCommand, badInput } from './command.js';
import { humanTime } from '../index.js';
import { loadScenario, timeFlag } from './scenario-input.js';
import { outputProblem, writeAtomic } from './output.js';
import { Progress } from './progress.js';
import { WORKERS_FLAG, parseWorkers, resolveWorkers, withInterrupt } from './run-control.js';
import { SHARD_FLAG, parseShard, shardProblems, shardedBatch } from './shard.js';
import { InputError, formatIssues } from '../index.js';
import { findModel } from '../index.js';
import { morrisPlan, baseRun, checkRanges, planDesign, designRuns, morrisResult, formatMorris, type MorrisOptions, type MorrisResult } from '../index.js';

const FLAGS: Record<string, FlagSpec> = {
  outputs: { type: 'string', value: 'A,B,…', help: 'outputs (default: the model\'s first key output)' },
  at: { type: 'string', value: 'TIME', help: 'read the outputs at TIME (default: the end of the run)' },
  parameters: { type: 'string', value: 'A,B=LO:HI,…', help: 'parameters to screen, optionally with a range (default: all with a non-zero value)' },
  r: { type: 'number', help: 'trajectories (default 10): r·(k+1) runs for k parameters' },
  levels: { type: 'number', help: 'grid levels p, even (default 4)' },
  seed: { type: 'number', help: 'seed of the random design (default 1)' },
  spread: { type: 'number', help: 'default range x/(1+s) … x·(1+s) around each value (default 0.5)' },
  bounds: { type: 'boolean', help: 'use each parameter\'s bounds as its range where it has them' },
  'check-ranges': { type: 'boolean', help: 'first run each range end alone; pull failing ends toward the value, or leave the parameter out' },
  'no-resample': { type: 'boolean', help: 'keep trajectories that leave the model\'s domain (by default one with a point where a bound or constraint fails is drawn again)' },
  top: { type: 'number', help: 'rows per output in the table (default 20)' },
  workers: WORKERS_FLAG,
  shard: SHARD_FLAG,
  'dry-run': { type: 'boolean', help: 'print the plan (parameters, runs, estimated time) and stop' },
  ...overrideFlags(),
  json: { type: 'boolean', help: 'print the result as JSON' },
  out: { type: 'string', value: 'FILE', help: 'write the table (.md), the result (.json) or the statistics (.csv)' },
  quiet: { type: 'boolean', help: 'no progress, no plan line' },
  help: HELP_FLAG,
};

const HELP = helpText('magbone morris <scenario> [options]',
  'Screens parameters by Morris elementary effects over a range around their values (Morris 1991; μ* of Campolongo 2007):\n'
  + 'μ* ranks importance, σ flags non-linearity or interactions. Seeded: the same seed gives the same numbers.', FLAGS, [
    'magbone morris dl-mg-x0.5-6mo --outputs Mgp,PTHp --r 10',
    'magbone morris mgb-half-mg-intake-5y --outputs BMD_ls,Mg_serum --dry-run',
    'magbone morris mgb-half-mg-intake-5y --parameters Mg_diet=100:500,GFR0,K_cell --outputs BMD_ls --out morris.csv',
  ]);

function toCSV(r: MorrisResult): string {
  const lines = ['output,rank,parameter,unit,value,lo,hi,scale,mu_star,mu,sigma,n'];
  const byName = new Map(r.parameters.map((p) => [p.parameter, p]));
  const num = (x: number): string => (Number.isFinite(x) ? String(x) : '');
  for (const o of r.outputs) r.ranking[o].forEach((name, i) => {
    const p = byName.get(name)!;
    lines.push([o, i + 1, name, JSON.stringify(p.unit), num(p.value), num(p.lo), num(p.hi), p.scale, num(p.muStar[o]), num(p.mu[o]), num(p.sigma[o]), p.n[o]].join(','));
  });
  return lines.join('\n') + '\n';
}

const seconds = (ms: number): string => (ms < 60_000 ? `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s` : `${(ms / 60_000).toFixed(1)} min`);

export async function runMorris(argv: readonly string[], io = { out: process.stdout, err: process.stderr }): Promise<number> {
  const opened = openCommand(argv, FLAGS, HELP, io);
  if (opened === 0) return 0;
  const { args, problems } = opened;
  if (args.positional.length !== 1) problems.push('give exactly one scenario (built-in name or file)');
  const outFile = args.flags.out as string | undefined;
  if (outFile) { const p = outputProblem(outFile, ['.md', '.json', '.csv']); if (p) problems.push(`--out ${p}`); }
  const workers = parseWorkers(args.flags.workers, problems);
  const shard = parseShard(args.flags.shard, problems);
  shardProblems(shard, outFile, problems);
  let parameters: string[] | undefined;
  const ranges: Record<string, [number, number]> = {};
  if (typeof args.flags.parameters === 'string') {
    parameters = [];
    for (const item of args.flags.parameters.split(',').map((s) => s.trim()).filter(Boolean)) {
      const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:=(.*))?$/.exec(item);
      if (!m) { problems.push(`--parameters ${item}: expected NAME or NAME=LO:HI`); continue; }
      parameters.push(m[1]);
      if (m[2] === undefined) continue;
      const r = /^\s*([^:]+):([^:]+)\s*$/.exec(m[2]);
      const lo = Number(r?.[1]), hi = Number(r?.[2]);
      if (!r || !Number.isFinite(lo) || !Number.isFinite(hi)) { problems.push(`--parameters ${item}: the range must be LO:HI with numbers (e.g. ${m[1]}=0.5:2)`); continue; }
      ranges[m[1]] = [lo, hi];
    }
  }
  const prepared = args.positional.length === 1 ? loadScenario(args.positional[0], args.flags, problems).prepared : undefined;
  const at = prepared ? timeFlag('at', args.flags.at, prepared.model.timeUnit, problems) : undefined;
  let opts: MorrisOptions | undefined;
  let plan: ReturnType<typeof morrisPlan> | undefined;
  if (prepared) {
    const { model } = prepared;
    const outputs = typeof args.flags.outputs === 'string' ? args.flags.outputs.split(',').map((s) => s.trim()).filter(Boolean)
      : [findModel(model.id)?.keyOutputs?.[0] ?? model.observableNames[0]];
    opts = {
      outputs, at, parameters, ranges, r: args.flags.r as number | undefined, levels: args.flags.levels as number | undefined,
      seed: args.flags.seed as number | undefined, spread: args.flags.spread as number | undefined, useBounds: args.flags.bounds === true,
      checkRanges: args.flags['check-ranges'] === true,
      resample: args.flags['no-resample'] !== true,
    };
    try { plan = morrisPlan(model, prepared.scenario, opts); } catch (e) {
      if (e instanceof InputError) problems.push(...e.issues.map((i) => `--${formatIssues([i]).replace(/^ranges\./, 'parameters.').replace(/^(\w+)\./, '$1 ')}`)); else throw e;
    }
  }
  if (problems.length > 0 || !prepared || !opts || !plan) { return badInput(io, problems); }

  const { model, scenario } = prepared;
  const quiet = args.flags.quiet === true;
  // the first runs of a model include its JIT compilation: time a few, keep the fastest
  let perRun = Infinity;
  for (let i = 0, spent = 0; i < 3 && spent < 1000; i++) {
    const { ms } = baseRun(model, plan);
    perRun = Math.min(perRun, ms);
    spent += ms;
  }
  if (opts.checkRanges) {
    const progress = new Progress(io.err, quiet);
    progress.start('checking range ends');
    plan = checkRanges(model, plan, (d, n) => progress.update(d / n, `${d}/${n} runs`));
    progress.stop();
  }
  const nWorkers = resolveWorkers(workers, plan.runs);
  const planLine = `morris: ${plan.factors.length} parameters × ${plan.r} trajectories (p = ${plan.levels}) → ${plan.runs} runs`
    + ` at t = ${humanTime(plan.at, model.timeUnit)}; ≈ ${seconds((plan.runs * perRun) / nWorkers)} (${perRun.toFixed(1)} ms per run${nWorkers > 1 ? `, ${nWorkers} threads` : ''})`
    + (plan.skipped.length ? `; ${plan.skipped.length} parameters not screened (value 0 or fixed)` : '');
  if (args.flags['dry-run']) {
    const p = plan;
    io.out.write(planLine + '\n' + p.factors.map((f, i) => `  ${f.name}: ${f.lo} … ${f.hi} ${p.params[i].unit}${f.log ? ' (log)' : ''}`).join('\n') + '\n'
      + p.adjusted.map((a) => `  ${a.parameter} ${a.side} ${a.from}: ${a.to === undefined ? 'left out' : `→ ${a.to}`} (${a.message.slice(0, 100)})`).join('\n') + (p.adjusted.length ? '\n' : ''));
    return 0;
  }
  if (!quiet) io.err.write(planLine + '\n');
  const progress = new Progress(io.err, quiet);
  progress.start('morris');
  const t0 = Date.now();
  const onRun = (d: number, n: number) => {
    const left = ((Date.now() - t0) / d) * (n - d);
    progress.update(d / n, `${d}/${n} runs, ~${seconds(left)} left`);
  };
  let result: MorrisResult;
  try {
    const t1 = performance.now();
    const p = plan;
    const { base } = baseRun(model, p);
    const design = planDesign(model, p, opts.resample ?? true);
    const runs = await withInterrupt((signal) => shardedBatch({ command: 'morris', argv, shard, out: outFile }, model, p.scenarioAt, designRuns(p, design), p.outputs, { workers: nWorkers, onRun, signal }))
      .finally(() => progress.stop());
    if (!runs) { if (!quiet) io.err.write(`shard ${shard!.k}/${shard!.n}: partial result written to ${outFile}; combine the ${shard!.n} files with magbone merge\n`); return 0; }
    result = morrisResult(model, scenario, p, design, base, runs, performance.now() - t1, nWorkers);
  } catch (e) {
    progress.stop();
    if (e instanceof InputError) { io.err.write(e.issues.map((i) => `error: ${formatIssues([i])}`).join('\n') + '\n'); return 2; }
    throw e;
  }
  const table = formatMorris(result, (args.flags.top as number | undefined) ?? 20);
  // no wall time or thread count in the file: the same bytes for any machine, worker count or sharding
  const json = () => JSON.stringify({ ...result, ms: undefined, workers: undefined }, null, 1) + '\n';
  if (args.flags.json) io.out.write(json()); else io.out.write(table);
  if (outFile) {
    const ext = outFile.toLowerCase();
    writeAtomic(outFile, ext.endsWith('.json') ? json() : ext.endsWith('.csv') ? toCSV(result) : table);
  }
  if (!opts.checkRanges && result.failures.length > 0.5 * result.runs) io.err.write(`note: ${result.failures.length} of ${result.runs} runs failed; --check-ranges finds parameters that fail alone at a range end\n`);
  if (result.failures.length === result.runs) { io.err.write(`error: every run failed; first: ${result.failures[0]?.message ?? ''}\n`); return 1; }
  return 0;
}
