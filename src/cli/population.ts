/**
 * `magbone population <scenario>`: a virtual population — N copies of the scenario with chosen
 * parameters drawn from distributions (--vary, or a `population` block in a --spec file), each
 * run, summarised per output over time as percentiles; see src/analysis/population.ts for the
 * method. Exit codes: 0 (some or all subjects ran; failures are listed), 1 (every subject failed),
 * 2 (bad input; nothing runs).
 */
import fs from 'node:fs';
import { helpText, FlagSpec, overrideFlags, HELP_FLAG, GRID_EVERY_FLAG } from './args.js';
import { openCommand, badInput } from './command.js';
import { loadScenario, parseScenarioText } from './scenario-input.js';
import { outputProblem, writeAtomic } from './output.js';
import { plotProblem, renderPng } from './plot.js';
import { TIME_UNIT_FLAG, outputTimeUnit, outputSpan } from './human-output.js';
import { parameterValue } from '../index.js';
import { Progress } from './progress.js';
import { WORKERS_FLAG, parseWorkers, resolveWorkers, withInterrupt } from './run-control.js';
import { SHARD_FLAG, parseShard, shardProblems, shardedBatch } from './shard.js';
import { InputError, formatIssues, didYouMean } from '../index.js';
import { findModel } from '../index.js';
import { parsePopulationSpec, samplePopulation, summarisePopulation, type PopulationResult, type PopulationSpec } from '../index.js';
import { populationToCSV, populationToJSON, formatPopulation } from '../index.js';
import { outputIssues } from '../index.js';
import { svgBandChart } from '../index.js';

const FLAGS: Record<string, FlagSpec> = {
  n: { type: 'number', help: 'number of virtual subjects (default 100, or the spec file\'s)' },
  seed: { type: 'number', help: 'seed of the random stream (default 1): same seed, same subjects' },
  vary: { type: 'string', multiple: true, value: 'NAME=CV%', help: 'vary a parameter: NAME=30% (log-normal, CV 30%), NAME=normal:10%, NAME=uniform:LO:HI (repeatable)' },
  spec: { type: 'string', value: 'FILE', help: 'JSON/YAML file with a population block { n, seed, vary } (see docs/scenarios.md)' },
  outputs: { type: 'string', value: 'A,B,…', help: 'outputs to summarise (default: the model\'s key outputs)' },
  out: { type: 'string', value: 'FILE', help: 'write percentiles (.csv, long format) or everything (.json, with each subject\'s parameters)' },
  trajectories: { type: 'boolean', help: 'with --out .json: include every subject\'s trajectories' },
  plot: { type: 'string', value: 'FILE', help: 'median with 25–75% and 5–95% bands (.svg or .png)' },
  'time-unit': TIME_UNIT_FLAG,
  data: { type: 'string', value: 'OBS.csv|STUDY.yaml', help: 'your observations on the band plot (error bars), and how many fall inside the 5–95% band' },
  workers: WORKERS_FLAG,
  shard: SHARD_FLAG,
  ...overrideFlags('for every subject'),
  every: GRID_EVERY_FLAG,
  quiet: { type: 'boolean', help: 'no progress, no summary' },
  help: HELP_FLAG,
};

const HELP = helpText('magbone population <scenario> [options]',
  'Runs a virtual population: each subject is the scenario with the varied parameters drawn around its values\n'
  + '(log-normal by default; bounds respected by redrawing), summarised as 5/25/50/75/95th percentiles over time.', FLAGS, [
    'magbone population mgb-half-mg-intake-5y --vary Mg_diet=30% --vary GFR0=20% --n 200 --plot pop.png --time-unit y',
    'magbone population mgb-half-mg-intake-5y --spec population.json --out pop.csv',
    'magbone population dl-mg-x0.5-6mo --vary IMg=uniform:0.0001:0.0003 --outputs Mgp,PTHp --out pop.json',
  ]);

/** Parses one --vary value into a raw vary entry (as in a spec file), or a problem. */
export function parseVaryFlag(s: string, value: (name: string, text: string) => number | string = (_n, t) => Number(t)): { name: string; entry: Record<string, unknown> } | string {
  const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.+)$/.exec(s);
  if (!m) return `--vary ${s}: expected NAME=CV%, NAME=normal:CV%, or NAME=uniform:LO:HI (e.g. --vary Mg_diet=30%)`;
  const [, name, rhs] = m;
  const parts = rhs.split(':');
  const cv = (t: string): string | number => (t.trim().endsWith('%') ? t.trim() : Number(t));
  if (parts.length === 1) return { name, entry: { cv: cv(parts[0]) } };
  const dist = parts[0];
  if (dist === 'uniform') {
    if (parts.length !== 3) return `--vary ${s}: a uniform range is NAME=uniform:LO:HI`;
    if (parts[1].trim() === '' || parts[2].trim() === '') return `--vary ${s}: LO and HI must be numbers (or quantities with units, e.g. uniform:150 mg/d:400 mg/d)`;
    const [lo, hi] = [value(name, parts[1]), value(name, parts[2])];
    if (typeof lo === 'string' || typeof hi === 'string') return `--vary ${s}: ${typeof lo === 'string' ? lo : hi}`;
    if (!Number.isFinite(lo) || !Number.isFinite(hi)) return `--vary ${s}: LO and HI must be numbers`;
    return { name, entry: { dist, min: lo, max: hi } };
  }
  if (parts.length !== 2) return `--vary ${s}: expected NAME=${dist}:CV% (e.g. ${name}=${dist}:20%)`;
  return { name, entry: { dist, cv: cv(parts[1]) } };
}

/** The population block of a spec file: `{ "population": {…} }` or the block itself. */
function readSpecFile(file: string, problems: string[]): Record<string, unknown> | undefined {
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) { problems.push(`--spec ${file}: no such file`); return undefined; }
  const loaded = parseScenarioText(fs.readFileSync(file, 'utf8'), file);
  if (!loaded.input) { problems.push(...loaded.problems.map((p) => `--spec ${p.replace(/a scenario must be an object.*$/, 'must be an object { "population": { "n", "seed", "vary" } }')}`)); return undefined; }
  const block = loaded.input.population ?? loaded.input;
  if (typeof block !== 'object' || block === null || Array.isArray(block)) { problems.push(`--spec ${file}: "population" must be an object { n, seed, vary }`); return undefined; }
  const extra = loaded.input.population !== undefined ? Object.keys(loaded.input).filter((k) => k !== 'population') : [];
  if (extra.length) problems.push(`--spec ${file}: unknown key(s) ${extra.join(', ')} beside "population"`);
  return block as Record<string, unknown>;
}

export async function runPopulationCommand(argv: readonly string[], io = { out: process.stdout, err: process.stderr }): Promise<number> {
  const opened = openCommand(argv, FLAGS, HELP, io);
  if (opened === 0) return 0;
  const { args, problems } = opened;
  if (args.positional.length !== 1) problems.push('give exactly one scenario (built-in name or file)');
  const outFile = args.flags.out as string | undefined;
  if (outFile) { const p = outputProblem(outFile, ['.csv', '.json']); if (p) problems.push(`--out ${p}`); }
  const plotFile = args.flags.plot as string | undefined;
  if (plotFile) { const p = plotProblem(plotFile); if (p) problems.push(`--plot ${p}`); }
  const workers = parseWorkers(args.flags.workers, problems);
  const shard = parseShard(args.flags.shard, problems);
  shardProblems(shard, outFile, problems);

  // the population block: spec file, then flags on top
  const raw: Record<string, unknown> = { ...(typeof args.flags.spec === 'string' ? readSpecFile(args.flags.spec, problems) ?? {} : {}) };
  if (args.flags.n !== undefined) raw.n = args.flags.n;
  if (args.flags.seed !== undefined) raw.seed = args.flags.seed;
  const prepared = args.positional.length === 1 ? loadScenario(args.positional[0], args.flags, problems).prepared : undefined;
  // LO and HI of a uniform range may carry units ("150 mg/d"): converted into the parameter's unit
  const value = (name: string, text: string): number | string => {
    if (/^\s*[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?\s*$/.test(text) || !prepared || !prepared.model.spec.parameters[name]) return Number(text);
    return parameterValue(prepared.model, name, text);
  };
  const varyFlags = (args.flags.vary as string[] | undefined) ?? [];
  if (varyFlags.length) {
    const vary: Record<string, unknown> = { ...(typeof raw.vary === 'object' && raw.vary !== null ? raw.vary as object : {}) };
    for (const v of varyFlags) {
      const parsed = parseVaryFlag(String(v), value);
      if (typeof parsed === 'string') problems.push(parsed); else vary[parsed.name] = parsed.entry;
    }
    raw.vary = vary;
  }
  if (raw.vary === undefined && args.flags.spec === undefined) problems.push('nothing varies: give --vary NAME=CV% (e.g. --vary Mg_diet=30%) or --spec FILE');
  const parsedSpec = raw.vary === undefined ? { issues: [] } : parsePopulationSpec(raw, []);
  problems.push(...parsedSpec.issues.map((i) => `population ${formatIssues([i])}`));

  let timeScale = 1;
  let tu = args.flags['time-unit'] as string | undefined;
  let outputs: string[] = [];
  const spec: PopulationSpec | undefined = parsedSpec.spec;
  if (prepared) {
    const ts = outputTimeUnit(prepared.model.timeUnit, outputSpan(prepared.scenario.outputTimes), tu);
    if (typeof ts === 'string') problems.push(ts); else { timeScale = ts.scale; tu = ts.unit; }
    const { model } = prepared;
    outputs = typeof args.flags.outputs === 'string'
      ? args.flags.outputs.split(',').map((s) => s.trim()).filter(Boolean)
      : (findModel(model.id)?.keyOutputs ?? model.observableNames.slice(0, 6)).filter((o) => model.observableNames.includes(o) || model.stateNames.includes(o));
    problems.push(...outputIssues(model, outputs).map((i) => `--outputs ${formatIssues([i]).replace(/^outputs\.?/, '')}`));
    if (!spec && typeof raw.vary === 'object' && raw.vary !== null) {
      // the spec has other problems: still name the unknown parameters now, not on the next try
      for (const k of Object.keys(raw.vary)) if (!model.spec.parameters[k]) problems.push(`population vary.${k}: not a parameter of ${model.id}${didYouMean(k, model.parameterNames)}`);
    }
    if (spec) {
      try { samplePopulation(model, prepared.scenario, { ...spec, n: 1 }); } catch (e) {
        if (e instanceof InputError) problems.push(...e.issues.map((i) => `population ${formatIssues([i])}`)); else throw e;
      }
    }
  }
  const overlay = typeof args.flags.data === 'string' ? await import('./data-overlay.js') : undefined;
  const data = overlay && prepared ? await overlay.planData(String(args.flags.data), prepared.model, problems) : undefined;
  if (problems.length > 0 || !prepared || !spec) { return badInput(io, problems); }

  const { model, scenario } = prepared;
  const quiet = args.flags.quiet === true;
  const t0 = performance.now();
  let sample;
  try { sample = samplePopulation(model, scenario, spec, outputs); } catch (e) {
    if (e instanceof InputError) { io.err.write(e.issues.map((i) => `error: population ${formatIssues([i])}`).join('\n') + '\n'); return 2; }
    throw e;
  }
  const nWorkers = resolveWorkers(workers, spec.n);
  const progress = new Progress(io.err, quiet);
  progress.start(`population (${spec.n} subjects${shard ? `, shard ${shard.k}/${shard.n}` : ''}${nWorkers > 1 ? `, ${nWorkers} threads` : ''})`);
  const onRun = (d: number, n: number) => progress.update(d / n, `${d}/${n} subjects`);
  const runs = await withInterrupt((signal) => shardedBatch({ command: 'population', argv, shard, out: outFile }, model, scenario, sample.subjects, outputs, { workers: nWorkers, onRun, signal }))
    .finally(() => progress.stop());
  if (!runs) { if (!quiet) io.err.write(`shard ${shard!.k}/${shard!.n}: partial result written to ${outFile}; combine the ${shard!.n} files with magbone merge\n`); return 0; }
  const result: PopulationResult = summarisePopulation(model, scenario, spec, sample, runs, { outputs, keepTrajectories: args.flags.trajectories === true, ms: performance.now() - t0, workers: nWorkers });
  const unitLabel = tu ?? model.timeUnit;
  if (outFile) {
    writeAtomic(outFile, outFile.toLowerCase().endsWith('.json')
      ? populationToJSON(result, { timeScale, timeUnit: unitLabel, trajectories: args.flags.trajectories === true })
      : populationToCSV(result, { timeScale }));
  }
  if (plotFile && result.succeeded > 0) {
    const time = Array.from(result.time, (t) => t / timeScale);
    const median = overlay && data ? overlay.fitData(data, [{ label: 'median', time: result.time, values: (o) => result.summary[o]?.p50 }], timeScale, unitLabel) : undefined;
    const svg = svgBandChart(result.outputs.map((o) => ({
      points: median?.points[o],
      title: o, unit: result.units[o] === '?' ? '' : result.units[o], time, median: result.summary[o].p50,
      bands: [{ label: '5–95%', lo: result.summary[o].p5, hi: result.summary[o].p95 }, { label: '25–75%', lo: result.summary[o].p25, hi: result.summary[o].p75 }],
    })), { timeLabel: `time (${unitLabel})`, title: `${result.scenario}: ${result.succeeded} virtual subjects`, medianLabel: 'median' });
    writeAtomic(plotFile, plotFile.toLowerCase().endsWith('.png') ? renderPng(svg) : svg);
  }
  if (!quiet) io.out.write(formatPopulation(result, { timeScale, timeUnit: unitLabel }));
  if (overlay && data && result.succeeded > 0) io.out.write(populationFit(overlay, data, result, timeScale, unitLabel) + '\n');
  else if (result.failures.length) io.err.write(`${result.failures.length} of ${result.n} subjects failed (run without --quiet for the list)\n`);
  if (result.succeeded === 0) { io.err.write(`error: every subject failed; first: ${result.failures[0]?.message ?? ''}\n`); return 1; }
  return 0;
}

/** The data against the population: the fit of the median, and how many observations fall inside the 5–95% band. */
function populationFit(overlay: typeof import('./data-overlay.js'), data: import('./data-overlay.js').DataPlan, r: PopulationResult, timeScale: number, timeUnit: string): string {
  const median = { label: 'median', time: r.time, values: (o: string) => r.summary[o]?.p50 };
  const fit = overlay.fitData(data, [median], timeScale, timeUnit);
  let inside = 0, n = 0;
  for (const o of data.observations) {
    const b = r.summary[o.observable];
    if (!b) continue;
    const lo = overlay.interpolate(r.time, b.p5, o.t), hi = overlay.interpolate(r.time, b.p95, o.t);
    const [y] = overlay.observedValue(o, median);
    if (!Number.isFinite(lo) || !Number.isFinite(y)) continue;
    n++;
    if (y >= lo && y <= hi) inside++;
  }
  return `${fit.text}\n  inside the population's 5–95% band: ${inside} of ${n} observations`;
}
