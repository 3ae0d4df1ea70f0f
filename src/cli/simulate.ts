/**
 * `magbone simulate <scenario|file>`: a built-in scenario or a JSON/YAML file, command-line
 * overrides, validated as a whole before anything runs; CSV/JSON out (stdout CSV by default),
 * an optional plot, and a short summary of the key outputs. Exit codes: 0 success, 1 numerical
 * failure, 2 bad input. Never a half-written output file.
 */
import { parseArgs, helpText, FlagSpec, overrideFlags } from './args.js';
import { loadScenario } from './scenario-input.js';
import { outputProblem, outputSizeProblem, formatRunFailure, writeAtomic, toCSV, toJSON, toParquet } from './output.js';
import { summaryRows, formatValue } from '../simulate/format.js';
import { simulate, SimulationResult } from '../simulate/run.js';
import { findModel } from '../models/index.js';
import { getModel } from '../simulate/api.js';
import type { Model } from '../model/model.js';
import { parseUnit } from '../simulate/quantity.js';
import { writePlot, plotProblem } from './plot.js';
import { Progress } from './progress.js';
import type { EnsemblePlan } from './simulate-ensemble.js';

export const SIMULATE_FLAGS: Record<string, FlagSpec> = {
  scenario: { type: 'string', value: 'FILE', help: 'scenario file (same as the positional argument)' },
  model: { type: 'string', value: 'ID', help: 'model id (overrides the scenario\'s)' },
  ...overrideFlags(),
  every: { type: 'string', value: 'TIME', help: 'output every TIME, e.g. "1 d"' },
  times: { type: 'string', value: 'T1,T2,…', help: 'output at these times (model unit or with units)' },
  out: { type: 'string', value: 'FILE', help: 'write results to FILE (.csv, .json or .parquet); default: CSV on stdout' },
  'time-unit': { type: 'string', value: 'h|d|wk|mo|y', help: 'time unit of the output (default: the model\'s)' },
  plot: { type: 'string', value: 'FILE', help: 'write a plot (.svg or .png)' },
  vars: { type: 'string', value: 'A,B,…', help: 'variables to plot / write (default: key outputs)' },
  rtol: { type: 'number', help: 'relative tolerance' },
  atol: { type: 'number', help: 'absolute tolerance' },
  method: { type: 'string', value: 'bdf|rodas|dopri', help: 'integration method' },
  stats: { type: 'boolean', help: 'print solver statistics as one JSON line on stderr' },
  ensemble: { type: 'string', value: 'POSTERIOR.json', help: 'run every draw of a posterior (magbone sample --out; the name human-mg-bone = its shipped calibration): median and percentile bands per output (--out .csv/.json, --plot); --set wins over the draws' },
  predictive: { type: 'boolean', help: 'with --ensemble: prediction bands (measurement noise added to every draw)' },
  noise: { type: 'string', value: 'OBS=10%,OBS2=0.05', help: 'with --predictive: noise SD per output, relative (%) or absolute (output unit); default: the posterior file\'s "noise" block' },
  level: { type: 'number', help: 'with --ensemble: the central interval besides 50 % (default 0.95)' },
  seed: { type: 'number', help: 'with --predictive: seed of the noise (default 1)' },
  workers: { type: 'number', help: 'with --ensemble: worker threads (default 1; same numbers for any count)' },
  quiet: { type: 'boolean', help: 'no summary, no progress' },
  debug: { type: 'boolean', help: 'show stack traces of internal errors' },
  help: { type: 'boolean', help: 'show this help' },
};

const HELP = helpText(
  'magbone simulate <scenario|file> [options]',
  'Runs a built-in scenario (see `magbone scenarios`) or a scenario file (JSON or YAML).',
  SIMULATE_FLAGS,
  [
    'magbone simulate pr-teriparatide-1y --every "1 d" --out teri.csv',
    'magbone simulate my-scenario.yaml --set GFR=2.5 --plot result.png --vars PTHconc,CaConc',
    'magbone simulate half-mg-intake-5y --switch inflammation=off --time-unit y --out run.json',
    'magbone simulate mgb-half-mg-intake-5y --ensemble posterior.json --out bands.csv --plot bands.png --time-unit y',
    'magbone simulate mgb-half-mg-intake-5y --ensemble posterior.json --predictive --noise Mg_serum=5%,PTH=20% --seed 3',
    'magbone simulate mgb-half-mg-intake-5y --ensemble human-mg-bone --out bands.csv',
  ],
);

/** Key outputs of a model for summaries and default plots. */
export function keyOutputs(result: SimulationResult): string[] {
  const entry = findModel(result.modelId);
  const keys = entry?.keyOutputs ?? result.columns.filter((c) => c.kind === 'observable').map((c) => c.name).slice(0, 8);
  return keys.filter((k) => result.columns.some((c) => c.name === k));
}

/** Key outputs of a model before any run (as `keyOutputs`). */
function keyOutputsOf(model: Model): string[] {
  const keys = findModel(model.id)?.keyOutputs ?? model.observableNames.slice(0, 8);
  return keys.filter((k) => model.observableNames.includes(k) || model.stateNames.includes(k));
}

export function summary(result: SimulationResult, timeScale: number, timeUnit: string): string {
  const n = result.time.length;
  if (n === 0) return '';
  const lines = [`${result.scenario.name} (${result.modelId}), t = ${formatValue(result.time[0] / timeScale)} → ${formatValue(result.time[n - 1] / timeScale)} ${timeUnit}`];
  const rows = summaryRows(result, keyOutputs(result)).map((r) => [r.output, r.unit, r.start, r.end, r.change]);
  const w = [0, 1, 2, 3, 4].map((i) => Math.max(...rows.map((r) => r[i].length), ['output', 'unit', 'start', 'end', 'change'][i].length));
  const line = (r: string[]) => r.map((s, i) => (i < 2 ? s.padEnd(w[i]) : s.padStart(w[i]))).join('  ');
  lines.push(line(['output', 'unit', 'start', 'end', 'change']));
  for (const r of rows) lines.push(line(r));
  return lines.join('\n');
}

/** The compiled model a scenario input names, if it names a shipped one (for checks of flags when the rest is invalid). */
function modelOf(input: Record<string, unknown> | undefined): Model | undefined {
  const id = input?.model;
  return typeof id === 'string' && findModel(id) ? getModel(id) : undefined;
}

/** Output time scale: model time units per output time unit. */
export function timeScaleFor(modelUnit: string, outUnit: string | undefined): number | string {
  if (!outUnit) return 1;
  const allowed = ['min', 'h', 'd', 'wk', 'mo', 'y'];
  if (!allowed.includes(outUnit)) return `--time-unit: "${outUnit}" is not allowed; use one of ${allowed.join(', ')}`;
  const a = parseUnit(outUnit)!, b = parseUnit(modelUnit)!;
  return a.scale / b.scale;
}

export async function runSimulate(argv: readonly string[], io = { out: process.stdout, err: process.stderr }): Promise<number> {
  const args = parseArgs(argv, SIMULATE_FLAGS);
  if (args.flags.help) { io.out.write(HELP); return 0; }
  const problems = [...args.problems];
  const ref = (args.flags.scenario as string | undefined) ?? args.positional[0];
  if (args.positional.length > (args.flags.scenario ? 0 : 1)) problems.push(`unexpected argument(s): ${args.positional.slice(args.flags.scenario ? 0 : 1).join(' ')}`);
  if (!ref) problems.push('missing scenario: give a built-in name (see `magbone scenarios`) or a file');
  const outFile = args.flags.out as string | undefined;
  if (outFile) { const p = outputProblem(outFile, ['.csv', '.json', '.parquet']); if (p) problems.push(`--out ${p}`); }
  const plotFile = args.flags.plot as string | undefined;
  if (plotFile) { const p = plotProblem(plotFile); if (p) problems.push(`--plot ${p}`); }
  if (args.flags.method !== undefined && !['bdf', 'rodas', 'dopri'].includes(String(args.flags.method))) problems.push(`--method: "${args.flags.method}" is not a method; use bdf, rodas or dopri`);

  const loaded = ref ? loadScenario(ref, args.flags, problems) : undefined;
  const prepared = loaded?.prepared;
  let timeScale = 1;
  const tu = args.flags['time-unit'] as string | undefined;
  {
    // checked even when the scenario is invalid: every problem is reported at once
    const ts = timeScaleFor(prepared?.model.timeUnit ?? 'h', tu);
    if (typeof ts === 'string') problems.push(ts); else if (prepared) timeScale = ts;
  }
  let vars: string[] | undefined;
  const varsModel = prepared?.model ?? modelOf(loaded?.input);
  if (varsModel && typeof args.flags.vars === 'string') {
    vars = args.flags.vars.split(',').map((s) => s.trim()).filter(Boolean);
    const known = new Set([...varsModel.stateNames, ...varsModel.observableNames]);
    for (const v of vars) if (!known.has(v)) problems.push(`--vars: "${v}" is not a state or output of ${varsModel.id}`);
  }
  if (prepared) {
    const nCols = vars?.length ?? (prepared.model.stateNames.length + prepared.model.observableNames.length);
    const big = outputSizeProblem(prepared.scenario.outputTimes.length, nCols + 1);
    if (big) problems.push(big);
  }
  let plan: EnsemblePlan | undefined;
  // loaded only when asked: the plain run's start-up time stays what it was
  const ens = typeof args.flags.ensemble === 'string' ? await import('./simulate-ensemble.js') : undefined;
  if (ens) {
    plan = ens.planEnsemble(args.flags, prepared, prepared ? vars ?? keyOutputsOf(prepared.model) : [], problems);
  } else {
    for (const k of ['predictive', 'noise', 'seed', 'level', 'workers']) if (args.flags[k] !== undefined) problems.push(`--${k} needs --ensemble`);
  }
  if (problems.length > 0 || !prepared) {
    io.err.write(problems.map((p) => `error: ${p}`).join('\n') + '\n');
    return 2;
  }
  if (plan && ens) {
    return ens.runEnsemblePlan(plan, prepared, {
      outputs: vars ?? keyOutputsOf(prepared.model), predictive: args.flags.predictive === true,
      quiet: args.flags.quiet === true, outFile, plotFile, timeScale, timeUnit: tu ?? prepared.model.timeUnit,
    }, io);
  }

  const quiet = args.flags.quiet === true;
  const progress = new Progress(io.err, quiet);
  progress.start(`simulating ${prepared.scenario.name}`);
  const result = simulate(prepared.model, prepared.scenario, { onProgress: progress.enabled ? (f) => progress.update(f) : undefined });
  progress.stop();
  if (args.flags.stats) {
    io.err.write(JSON.stringify({ ms: Number(result.ms.toFixed(3)), steps: result.stats.steps, rejected: result.stats.rejected, rhs: result.stats.rhs, jac: result.stats.jac, jacFallback: result.stats.jacFallback, lu: result.stats.lu, code: result.code }) + '\n');
  }
  if (result.code !== 'success') { io.err.write(formatRunFailure(result)); return 1; }
  if (result.message) io.err.write(`${result.message}\n`);
  const unitLabel = tu ?? prepared.model.timeUnit;
  const columns = vars;
  if (outFile) {
    const ext = outFile.toLowerCase();
    const content = ext.endsWith('.json') ? toJSON(result, { timeScale, timeUnit: unitLabel, columns })
      : ext.endsWith('.parquet') ? await toParquet(result, { timeScale, timeUnit: unitLabel, columns })
        : toCSV(result, { timeScale, columns });
    writeAtomic(outFile, content);
  } else {
    io.out.write(toCSV(result, { timeScale, columns }));
  }
  if (plotFile) {
    await writePlot(plotFile, [result], { vars: vars ?? keyOutputs(result), timeScale, timeUnit: unitLabel });
  }
  if (!quiet) io.err.write(summary(result, timeScale, unitLabel) + '\n');
  return 0;
}
