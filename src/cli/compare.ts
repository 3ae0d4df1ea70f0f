/**
 * `magbone compare <a> <b> [...]`: several scenarios run with the same command-line overrides,
 * their key outputs side by side (start, end, % change per run), one plot with all runs overlaid,
 * and optionally one long-format CSV (run, time, variable columns).
 */
import { helpText, FlagSpec, overrideFlags, HELP_FLAG, QUIET_FLAG } from './args.js';
import { openCommand, badInput } from './command.js';
import { loadScenario } from './scenario-input.js';
import { outputProblem, writeAtomic } from './output.js';
import { prepareScenario } from '../index.js';
import { simulate, SimulationResult } from '../index.js';
import { writePlot, plotProblem } from './plot.js';
import { keyOutputs } from './simulate.js';
import { TIME_UNIT_FLAG, CSV_FLAGS, csvStyle, outputTimeUnit, outputSpan } from './human-output.js';
import { formatNumber, headerWithUnit } from '../index.js';
import { describeDifference } from '../index.js';
import { didYouMean } from '../index.js';
import { Progress } from './progress.js';

const FLAGS: Record<string, FlagSpec> = {
  ...overrideFlags('in every run'),
  every: { type: 'string', value: 'TIME', help: 'output every TIME' },
  out: { type: 'string', value: 'FILE', help: 'long-format CSV of all runs (.csv)' },
  plot: { type: 'string', value: 'FILE', help: 'one plot with all runs (.svg or .png)' },
  vars: { type: 'string', value: 'A,B,…', help: 'variables to compare (default: key outputs)' },
  'time-unit': TIME_UNIT_FLAG,
  ...CSV_FLAGS,
  data: { type: 'string', value: 'OBS.csv|STUDY.yaml', help: 'your observations on the plot (error bars) and the goodness of fit of every run' },
  quiet: QUIET_FLAG,
  help: HELP_FLAG,
};

const HELP = helpText('magbone compare <a> <b> [...] [options]',
  'Runs several scenarios and shows their outputs side by side, with one plot of all runs.', FLAGS, [
    'magbone compare mgb-baseline-10y mgb-half-mg-intake-5y --duration "5 y" --plot cmp.png',
    'magbone compare pr-baseline-10y pr-teriparatide-1y --duration "1 y" --vars PTHconc,CaConc --out cmp.csv',
    'magbone compare mgb-baseline-10y mgb-half-mg-intake-5y --vars BMD_ls,PTH,Mg_serum --time-unit mo',
  ]);

export async function runCompare(argv: readonly string[], io = { out: process.stdout, err: process.stderr }): Promise<number> {
  const opened = openCommand(argv, FLAGS, HELP, io);
  if (opened === 0) return 0;
  const { args, problems } = opened;
  if (args.positional.length < 2) problems.push('give at least two scenarios (built-in names or files)');
  const outFile = args.flags.out as string | undefined;
  if (outFile) { const p = outputProblem(outFile, ['.csv']); if (p) problems.push(`--out ${p}`); }
  const plotFile = args.flags.plot as string | undefined;
  if (plotFile) { const p = plotProblem(plotFile); if (p) problems.push(`--plot ${p}`); }
  const prepared: ReturnType<typeof prepareScenario>[] = [];
  const inputs: Record<string, unknown>[] = [];
  for (const ref of args.positional) {
    const l = loadScenario(ref, args.flags, problems);
    if (l.prepared) { prepared.push(l.prepared); inputs.push(l.input ?? {}); }
  }
  let tu = args.flags['time-unit'] as string | undefined;
  let timeScale = 1;
  const style = csvStyle(args.flags, problems);
  if (prepared.length > 0) {
    const units = new Set(prepared.map((p) => p.model.timeUnit));
    if (units.size > 1 && !tu) problems.push(`the scenarios' models use different time units (${[...units].join(', ')}): give --time-unit`);
    const span = Math.max(...prepared.map((p) => outputSpan(p.scenario.outputTimes)));
    const ts = outputTimeUnit(prepared[0].model.timeUnit, span, tu);
    if (typeof ts === 'string') problems.push(ts); else { timeScale = ts.scale; tu = ts.unit; }
  }
  const overlay = typeof args.flags.data === 'string' ? await import('./data-overlay.js') : undefined;
  const data = overlay && prepared.length ? await overlay.planData(String(args.flags.data), prepared[0].model, problems) : undefined;
  if (problems.length > 0) { return badInput(io, problems); }

  const progress = new Progress(io.err, args.flags.quiet === true);
  progress.start('comparing');
  const results: SimulationResult[] = [];
  for (let i = 0; i < prepared.length; i++) {
    const r = simulate(prepared[i].model, prepared[i].scenario);
    if (r.code !== 'success') {
      progress.stop();
      io.err.write(`error: ${prepared[i].scenario.name} failed (${r.code}): ${r.message}\n`);
      return 1;
    }
    results.push(r);
    progress.update((i + 1) / prepared.length, prepared[i].scenario.name);
  }
  progress.stop();
  const vars = typeof args.flags.vars === 'string'
    ? args.flags.vars.split(',').map((s) => s.trim()).filter(Boolean)
    : [...new Set(results.flatMap(keyOutputs))];
  const unknown = vars.filter((v) => !results.some((r) => r.columns.some((c) => c.name === v)));
  if (unknown.length) {
    const all = [...new Set(results.flatMap((r) => r.columns.filter((c) => c.kind !== 'time').map((c) => c.name)))];
    io.err.write(unknown.map((u) => `error: --vars: "${u}" is not an output of any run${didYouMean(u, all)}; list them with: magbone outputs ${results[0].modelId}`).join('\n') + '\n');
    return 2;
  }

  // side-by-side table: variable, then per run start → end (change)
  const header = ['output', ...results.map((r) => r.scenario.name)];
  const rows = vars.map((v) => [v, ...results.map((r) => {
    const c = r.columns.find((x) => x.name === v);
    if (!c || c.values.length === 0) return '—';
    const a = c.values[0], b = c.values[c.values.length - 1];
    const pct = a !== 0 ? ` (${((b - a) / Math.abs(a)) * 100 >= 0 ? '+' : ''}${(((b - a) / Math.abs(a)) * 100).toFixed(1)}%)` : '';
    return `${formatNumber(b, 5)}${pct}`;
  })]);
  const w = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  io.out.write(`at t = ${formatNumber(results[0].time[results[0].time.length - 1] / timeScale, 5)} ${tu} (end value, change from start):\n`);
  io.out.write(header.map((h, i) => h.padEnd(w[i])).join('  ') + '\n');
  for (const r of rows) io.out.write(r.map((s, i) => s.padEnd(w[i])).join('  ') + '\n');

  if (outFile) {
    const units = style.header === 'units';
    const unitOf = (v: string) => results.map((r) => r.columns.find((c) => c.name === v)?.unit).find((u) => u !== undefined) ?? '?';
    const lines = [['run', units ? headerWithUnit('time', tu ?? results[0].timeUnit) : 'time', ...vars.map((v) => (units ? headerWithUnit(v, unitOf(v)) : v))].join(',')];
    const f = (x: number) => formatNumber(x, style.precision);
    for (const r of results) {
      const cols = vars.map((v) => r.columns.find((c) => c.name === v)?.values);
      for (let k = 0; k < r.time.length; k++) {
        lines.push([JSON.stringify(r.scenario.name), f(r.time[k] / timeScale), ...cols.map((c) => (c ? f(c[k]) : ''))].join(','));
      }
    }
    writeAtomic(outFile, lines.join('\n') + '\n');
  }
  const fit = overlay && data ? overlay.fitData(data, results.map((r) => overlay.resultCurve(r)), timeScale, tu ?? results[0].timeUnit) : undefined;
  if (plotFile) {
    // the title says what the runs change: against the first run when it is a plain baseline, else each run's changes
    const diffs = results.slice(1).map((r, i) => `${r.scenario.name}: ${describeDifference(inputs[i + 1] ?? {}, inputs[0] ?? {}) || 'same settings'}`);
    const title = `${results.map((r) => r.scenario.name).join(' vs ')} — against ${results[0].scenario.name}, ${diffs.join('; ')}`;
    await writePlot(plotFile, results, { vars, timeScale, timeUnit: tu ?? results[0].timeUnit, title: title.length > 150 ? `${title.slice(0, 149)}…` : title, data: fit?.points });
  }
  if (fit) io.out.write(`\n${fit.text}\n`);
  return 0;
}
