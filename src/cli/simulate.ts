/**
 * `magbone simulate <scenario|file>`: a built-in scenario or a JSON/YAML file, command-line
 * overrides, validated as a whole before anything runs; CSV/JSON out (stdout CSV by default),
 * an optional plot, and a short summary of the key outputs. Exit codes: 0 success, 1 numerical
 * failure, 2 bad input. Never a half-written output file.
 */
import { helpText, FlagSpec, overrideFlags, HELP_FLAG } from './args.js';
import { openCommand } from './command.js';
import { loadScenario } from './scenario-input.js';
import { outputProblem, outputSizeProblem, formatRunFailure, writeAtomic, toCSV, toJSON, toParquet } from './output.js';
import { summaryRows, formatValue } from '../index.js';
import { simulate, SimulationResult } from '../index.js';
import { findModel, methodProblem, scenarioMethodNames } from '../index.js';
import type { Model } from '../index.js';
import { parseUnit } from '../index.js';
import { getModel } from '../index.js';
import { writePlot, plotProblem } from './plot.js';
import { Progress } from './progress.js';
import type { EnsemblePlan } from './simulate-ensemble.js';
import { TIME_UNIT_FLAG, CSV_FLAGS, csvStyle, outputTimeUnit, outputSpan } from './human-output.js';
import { didYouMean } from '../index.js';
import { domainWarnings } from '../index.js';
import { validatedGuardsOf } from './guard-files.js';
import { describeChanges } from '../index.js';
import type { DataPlan } from './data-overlay.js';

export const SIMULATE_FLAGS: Record<string, FlagSpec> = {
  scenario: { type: 'string', value: 'FILE', help: 'scenario file (same as the positional argument)' },
  model: { type: 'string', value: 'ID', help: 'model id (overrides the scenario\'s)' },
  ...overrideFlags(),
  every: { type: 'string', value: 'TIME', help: 'output every TIME, e.g. "1 d"' },
  times: { type: 'string', value: 'T1,T2,…', help: 'output at these times (model unit or with units)' },
  out: { type: 'string', value: 'FILE', help: 'write results to FILE (.csv, .json or .parquet; every column unless --vars); default: a CSV of the key outputs on stdout' },
  'time-unit': TIME_UNIT_FLAG,
  ...CSV_FLAGS,
  plot: { type: 'string', value: 'FILE', help: 'write a plot (.svg or .png); without --out, stdout gets the summary instead of a table' },
  vars: { type: 'string', value: 'A,B,…', help: 'variables to plot / write (default: the key outputs on stdout and in plots, every column in --out files)' },
  all: { type: 'boolean', help: 'every state and output on stdout (default: the key outputs)' },
  data: { type: 'string', value: 'OBS.csv|STUDY.yaml', help: 'your observations: drawn on the plot with error bars, and a goodness-of-fit summary (long CSV: time with unit, observable, value, sd/se; or a study file of studies/); with --ensemble over the bands, fitted against the median' },
  rtol: { type: 'number', help: 'relative tolerance' },
  atol: { type: 'number', help: 'absolute tolerance' },
  method: { type: 'string', value: scenarioMethodNames().join('|'), help: 'integration method' },
  stats: { type: 'boolean', help: 'print solver statistics as one JSON line on stderr' },
  ensemble: { type: 'string', value: 'POSTERIOR.json', help: 'run every draw of a posterior (magbone sample --out; the name human-mg-bone = its shipped calibration): median and percentile bands per output (--out .csv/.json, --plot); --set wins over the draws' },
  predictive: { type: 'boolean', help: 'with --ensemble: prediction bands (measurement noise added to every draw)' },
  noise: { type: 'string', value: 'OBS=10%,OBS2=0.05', help: 'with --predictive: noise SD per output, relative (%) or absolute (output unit); default: the posterior file\'s "noise" block' },
  level: { type: 'number', help: 'with --ensemble: the central interval besides 50 % (default 0.95)' },
  seed: { type: 'number', help: 'with --predictive: seed of the noise (default 1)' },
  workers: { type: 'number', help: 'with --ensemble: worker threads (default 1; same numbers for any count)' },
  quiet: { type: 'boolean', help: 'no summary, no progress' },
  debug: { type: 'boolean', help: 'show stack traces of internal errors' },
  help: HELP_FLAG,
};

const HELP = helpText(
  'magbone simulate <scenario|file> [options]',
  'Runs a built-in scenario (see `magbone scenarios`) or a scenario file (JSON or YAML).\n'
  + 'An SBML file (model.xml, model.sbml) runs as a model of its own: magbone simulate model.xml --help.',
  SIMULATE_FLAGS,
  [
    'magbone simulate mgb-half-mg-intake-5y --plot run.png',
    'magbone simulate pr-teriparatide-1y --every "1 d" --out teri.csv',
    'magbone simulate mgb-baseline-10y --set "Mg_diet=200 mg/d" --switch inflammation=off --time-unit y --out run.json',
    'magbone simulate pr-baseline-10y --set GFR=2.5 --duration "2 y" --plot result.svg --vars PTHconc,CaConc',
    'magbone simulate mgb-mg-free-3wk --data studies/fatemi1991.yaml --plot fatemi.png',
    'magbone simulate obm-baseline-10y --out exact.csv --precision full --header names',
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
  const opened = openCommand(argv, SIMULATE_FLAGS, HELP, io);
  if (opened === 0) return 0;
  const { args, problems } = opened;
  const ref = (args.flags.scenario as string | undefined) ?? args.positional[0];
  if (args.positional.length > (args.flags.scenario ? 0 : 1)) problems.push(`unexpected argument(s): ${args.positional.slice(args.flags.scenario ? 0 : 1).join(' ')}`);
  if (!ref) problems.push('missing scenario: give a built-in name (see `magbone scenarios`) or a file');
  const outFile = args.flags.out as string | undefined;
  if (outFile) { const p = outputProblem(outFile, ['.csv', '.json', '.parquet']); if (p) problems.push(`--out ${p}`); }
  const plotFile = args.flags.plot as string | undefined;
  if (plotFile) { const p = plotProblem(plotFile); if (p) problems.push(`--plot ${p}`); }
  const methodIssue = args.flags.method === undefined ? undefined : methodProblem(String(args.flags.method), scenarioMethodNames());
  if (methodIssue) problems.push(`--method: ${methodIssue}`);

  const loaded = ref ? loadScenario(ref, args.flags, problems) : undefined;
  const prepared = loaded?.prepared;
  let timeScale = 1;
  let tu = args.flags['time-unit'] as string | undefined;
  {
    // checked even when the scenario is invalid: every problem is reported at once
    const ts = outputTimeUnit(prepared?.model.timeUnit ?? 'h', prepared ? outputSpan(prepared.scenario.outputTimes) : 0, tu);
    if (typeof ts === 'string') problems.push(ts); else if (prepared) { timeScale = ts.scale; tu = ts.unit; }
  }
  const style = csvStyle(args.flags, problems);
  let vars: string[] | undefined;
  const varsModel = prepared?.model ?? modelOf(loaded?.input);
  if (varsModel && typeof args.flags.vars === 'string') {
    vars = args.flags.vars.split(',').map((s) => s.trim()).filter(Boolean);
    const known = [...varsModel.stateNames, ...varsModel.observableNames];
    for (const v of vars) if (!known.includes(v)) problems.push(`--vars: "${v}" is not a state or output of ${varsModel.id}${didYouMean(v, known)}; list them with: magbone outputs ${varsModel.id}`);
  }
  if (args.flags.all && vars) problems.push('--all and --vars: give one of them');
  let data: DataPlan | undefined;
  if (typeof args.flags.data === 'string' && prepared) {
    data = await (await import('./data-overlay.js')).planData(args.flags.data, prepared.model, problems);
  }
  if (prepared) {
    const nCols = vars?.length ?? (prepared.model.stateNames.length + prepared.model.observableNames.length);
    const big = outputSizeProblem(prepared.scenario.outputTimes.length, nCols + 1);
    if (big) problems.push(big);
  }
  let plan: EnsemblePlan | undefined;
  // loaded only when asked: the plain run's start-up time stays what it was
  const ens = typeof args.flags.ensemble === 'string' ? await import('./simulate-ensemble.js') : undefined;
  // with --data, the observed outputs are among those run (their points go over their bands)
  const withData = (outs: string[]): string[] => [...outs, ...(data?.observations.map((o) => o.observable) ?? []).filter((o, i, a) => !outs.includes(o) && a.indexOf(o) === i)];
  if (ens) {
    plan = ens.planEnsemble(args.flags, prepared, prepared ? withData(vars ?? keyOutputsOf(prepared.model)) : [], problems);
  } else {
    for (const k of ['predictive', 'noise', 'seed', 'level', 'workers']) if (args.flags[k] !== undefined) problems.push(`--${k} needs --ensemble`);
  }
  if (problems.length > 0 || !prepared) {
    io.err.write(problems.map((p) => `error: ${p}`).join('\n') + '\n');
    return 2;
  }
  if (plan && ens) {
    return ens.runEnsemblePlan(plan, prepared, {
      outputs: withData(vars ?? keyOutputsOf(prepared.model)), data, predictive: args.flags.predictive === true,
      quiet: args.flags.quiet === true, outFile, plotFile, timeScale, timeUnit: tu ?? prepared.model.timeUnit, precision: style.precision,
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
  const csv = { timeScale, timeUnit: unitLabel, precision: style.precision, header: style.header };
  if (outFile) {
    const ext = outFile.toLowerCase();
    // JSON and Parquet name their time unit: the model's unless --time-unit (a table for programs, not people)
    const fileTime = args.flags['time-unit'] !== undefined ? { timeScale, timeUnit: unitLabel } : { timeScale: 1, timeUnit: prepared.model.timeUnit };
    const content = ext.endsWith('.json') ? toJSON(result, { ...fileTime, columns: vars })
      : ext.endsWith('.parquet') ? await toParquet(result, { ...fileTime, columns: vars })
        : toCSV(result, { ...csv, columns: vars });
    writeAtomic(outFile, content);
  } else if (!plotFile) {
    io.out.write(toCSV(result, { ...csv, columns: vars ?? (args.flags.all ? undefined : keyOutputs(result)) }));
  }
  const overlay = data ? await import('./data-overlay.js') : undefined;
  const dataFit = data && overlay ? overlay.fitData(data, [overlay.resultCurve(result)], timeScale, unitLabel) : undefined;
  if (plotFile) {
    const changed = describeChanges(loaded?.input ?? {});
    const title = `${result.scenario.name} (${result.modelId})${changed ? `: ${changed}` : ''}`;
    const plotVars = vars ?? keyOutputs(result);
    if (dataFit) for (const o of dataFit.observables) if (!plotVars.includes(o) && result.columns.some((c) => c.name === o)) plotVars.push(o);
    await writePlot(plotFile, [result], { vars: plotVars, timeScale, timeUnit: unitLabel, title, data: dataFit?.points });
  }
  const guards = validatedGuardsOf(result.modelId);
  const warnings = domainWarnings(result, loaded?.input ?? {}, vars ?? keyOutputs(result), guards?.domain, guards?.failures);
  for (const w of warnings) io.err.write(`warning: ${w}\n`);
  // with a plot and no file, stdout gets the summary (not a table); otherwise the summary goes to stderr
  const toStdout = plotFile !== undefined && outFile === undefined;
  const text = [quiet ? '' : summary(result, timeScale, unitLabel), dataFit ? dataFit.text : ''].filter(Boolean).join('\n\n');
  if (text) (toStdout ? io.out : io.err).write(text + '\n');
  return 0;
}
