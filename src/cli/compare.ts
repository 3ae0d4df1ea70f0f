/**
 * `magbone compare <a> <b> [...]`: several scenarios run with the same command-line overrides,
 * their key outputs side by side (start, end, % change per run), one plot with all runs overlaid,
 * and optionally one long-format CSV (run, time, variable columns).
 */
import { parseArgs, helpText, FlagSpec, overrideFlags } from './args.js';
import { loadScenario } from './scenario-input.js';
import { outputProblem, writeAtomic } from './output.js';
import { prepareScenario } from '../index.js';
import { simulate, SimulationResult } from '../index.js';
import { writePlot, plotProblem } from './plot.js';
import { keyOutputs, timeScaleFor } from './simulate.js';
import { Progress } from './progress.js';

const FLAGS: Record<string, FlagSpec> = {
  ...overrideFlags('in every run'),
  every: { type: 'string', value: 'TIME', help: 'output every TIME' },
  out: { type: 'string', value: 'FILE', help: 'long-format CSV of all runs (.csv)' },
  plot: { type: 'string', value: 'FILE', help: 'one plot with all runs (.svg or .png)' },
  vars: { type: 'string', value: 'A,B,…', help: 'variables to compare (default: key outputs)' },
  'time-unit': { type: 'string', value: 'h|d|wk|mo|y', help: 'time unit of the output' },
  quiet: { type: 'boolean', help: 'no progress' },
  help: { type: 'boolean', help: 'show this help' },
};

const HELP = helpText('magbone compare <a> <b> [...] [options]',
  'Runs several scenarios and shows their outputs side by side, with one plot of all runs.', FLAGS, [
    'magbone compare pr-baseline-10y pr-teriparatide-1y --duration "1 y" --plot cmp.png',
    'magbone compare baseline half-mg-intake-5y --vars BMD_ls,PTH,Mg_serum --time-unit y',
  ]);

export async function runCompare(argv: readonly string[], io = { out: process.stdout, err: process.stderr }): Promise<number> {
  const args = parseArgs(argv, FLAGS);
  if (args.flags.help) { io.out.write(HELP); return 0; }
  const problems = [...args.problems];
  if (args.positional.length < 2) problems.push('give at least two scenarios (built-in names or files)');
  const outFile = args.flags.out as string | undefined;
  if (outFile) { const p = outputProblem(outFile, ['.csv']); if (p) problems.push(`--out ${p}`); }
  const plotFile = args.flags.plot as string | undefined;
  if (plotFile) { const p = plotProblem(plotFile); if (p) problems.push(`--plot ${p}`); }
  const prepared: ReturnType<typeof prepareScenario>[] = [];
  for (const ref of args.positional) {
    const p = loadScenario(ref, args.flags, problems).prepared;
    if (p) prepared.push(p);
  }
  const tu = args.flags['time-unit'] as string | undefined;
  let timeScale = 1;
  if (prepared.length > 0) {
    const units = new Set(prepared.map((p) => p.model.timeUnit));
    if (units.size > 1 && !tu) problems.push(`the scenarios' models use different time units (${[...units].join(', ')}): give --time-unit`);
    const ts = timeScaleFor(prepared[0].model.timeUnit, tu);
    if (typeof ts === 'string') problems.push(ts); else timeScale = ts;
  }
  if (problems.length > 0) { io.err.write(problems.map((p) => `error: ${p}`).join('\n') + '\n'); return 2; }

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
  if (unknown.length) { io.err.write(`error: --vars: not an output of any run: ${unknown.join(', ')}\n`); return 2; }

  // side-by-side table: variable, then per run start → end (change)
  const header = ['output', ...results.map((r) => r.scenario.name)];
  const rows = vars.map((v) => [v, ...results.map((r) => {
    const c = r.columns.find((x) => x.name === v);
    if (!c || c.values.length === 0) return '—';
    const a = c.values[0], b = c.values[c.values.length - 1];
    const pct = a !== 0 ? ` (${((b - a) / Math.abs(a)) * 100 >= 0 ? '+' : ''}${(((b - a) / Math.abs(a)) * 100).toFixed(1)}%)` : '';
    return `${Number(b.toPrecision(4))}${pct}`;
  })]);
  const w = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  io.out.write(header.map((h, i) => h.padEnd(w[i])).join('  ') + '\n');
  for (const r of rows) io.out.write(r.map((s, i) => s.padEnd(w[i])).join('  ') + '\n');

  if (outFile) {
    const lines = [['run', 'time', ...vars].join(',')];
    for (const r of results) {
      const cols = vars.map((v) => r.columns.find((c) => c.name === v)?.values);
      for (let k = 0; k < r.time.length; k++) {
        lines.push([JSON.stringify(r.scenario.name), String(r.time[k] / timeScale), ...cols.map((c) => (c ? String(c[k]) : ''))].join(','));
      }
    }
    writeAtomic(outFile, lines.join('\n') + '\n');
  }
  if (plotFile) await writePlot(plotFile, results, { vars, timeScale, timeUnit: tu ?? results[0].timeUnit });
  return 0;
}
