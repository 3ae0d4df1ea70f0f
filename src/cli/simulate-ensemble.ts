/**
 * `magbone simulate <scenario> --ensemble posterior.json`: the scenario run for every draw of a
 * posterior ensemble, summarised as percentile bands (src/analysis/ensemble.ts). The flags are
 * checked with the scenario's, so every problem is listed at once and nothing runs or is written
 * on bad input (exit 2); exit 1 when every draw fails.
 */
import fs from 'node:fs';
import { type Ensemble } from '../index.js';
import { readEnsemble } from '../node.js';
import { resolveEnsemblePath } from '../node.js';
import { ensembleSimulate, parseNoise, noiseFromEnsembleFile, bandsToCSV, bandsToJSON, formatBands, checkEnsembleOptions, percentileLabel, type NoiseModel } from '../index.js';
import { InputError, formatIssues } from '../index.js';
import { svgBandChart } from '../index.js';
import { writeAtomic } from './output.js';
import { renderPng } from './plot.js';
import type { DataPlan } from './data-overlay.js';
import { runBatchParallel } from '../node.js';
import { Progress } from './progress.js';
import type { Prepared } from './scenario-input.js';

export interface EnsemblePlan {
  file: string;
  ensemble: Ensemble;
  noise: NoiseModel;
  noiseSource: string;
  level: number;
  seed: number;
  workers: number;
  overrides: Record<string, number>;
}

/** Reads and checks everything --ensemble needs; problems go to `problems`. */
export function planEnsemble(flags: Record<string, unknown>, prepared: Prepared | undefined, outputs: string[], problems: string[]): EnsemblePlan | undefined {
  // a built-in name (human-mg-bone) is that model's shipped posterior (readEnsemble resolves it too)
  const file = resolveEnsemblePath(flags.ensemble as string);
  const before = problems.length;
  const level = (flags.level as number | undefined) ?? 0.95;
  if (!(level > 0 && level < 1)) problems.push(`--level: ${level} must be between 0 and 1 (e.g. 0.95 for a 95 % interval)`);
  const seed = (flags.seed as number | undefined) ?? 1;
  if (!(Number.isInteger(seed) && seed >= 0)) problems.push(`--seed: ${seed} must be a non-negative integer`);
  const workers = (flags.workers as number | undefined) ?? 1;
  if (!(Number.isInteger(workers) && workers >= 1 && workers <= 64)) problems.push(`--workers: ${workers} must be an integer from 1 to 64`);
  if (flags.noise !== undefined && flags.predictive !== true) problems.push('--noise needs --predictive');
  if (flags.out !== undefined && String(flags.out).toLowerCase().endsWith('.parquet')) problems.push('--out: with --ensemble, write .csv or .json');
  if (flags.stats) problems.push('--stats is not available with --ensemble');
  let noise: NoiseModel = {};
  let noiseSource = 'none';
  if (typeof flags.noise === 'string') { noise = parseNoise(flags.noise, problems); noiseSource = '--noise'; }
  if (!prepared) {
    if (!fs.existsSync(file)) problems.push(`--ensemble ${file}: no such file`);
    return undefined;
  }
  let ensemble: Ensemble | undefined;
  try {
    ensemble = readEnsemble(file, prepared.model);
  } catch (e) {
    if (e instanceof InputError) problems.push(...formatIssues(e.issues).split('\n').map((l) => `--ensemble ${l}`)); else throw e;
  }
  if (ensemble && flags.predictive === true && flags.noise === undefined) {
    const recorded = noiseFromEnsembleFile(JSON.parse(fs.readFileSync(file, 'utf8')), file, problems);
    if (recorded) { noise = recorded; noiseSource = file; }
  }
  // --set wins over the draws: its values (as validated in the scenario) are re-applied to every draw
  const overrides: Record<string, number> = {};
  for (const s of (flags.set as string[] | undefined) ?? []) {
    const name = /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(String(s))?.[1];
    if (name && prepared.scenario.parameters[name] !== undefined) overrides[name] = prepared.scenario.parameters[name];
  }
  if (ensemble) {
    try {
      checkEnsembleOptions(prepared.model, ensemble, { outputs, level, noise, seed: Number.isInteger(seed) && seed >= 0 ? seed : undefined });
    } catch (e) {
      if (e instanceof InputError) problems.push(...formatIssues(e.issues).split('\n').map((l) => (l.startsWith('noise') ? `${noiseSource} ${l}` : l))); else throw e;
    }
  }
  if (problems.length > before || !ensemble) return undefined;
  return { file, ensemble, noise, noiseSource, level, seed, workers, overrides };
}

type Io = { out: { write(s: string): unknown }; err: { write(s: string): unknown; isTTY?: boolean } };

/** Runs the plan and writes the outputs; returns the exit code. */
export async function runEnsemblePlan(plan: EnsemblePlan, prepared: Prepared, o: {
  outputs: string[]; predictive: boolean; quiet: boolean; outFile?: string; plotFile?: string; timeScale: number; timeUnit: string;
  /** CSV numbers: significant digits or 'full' (as simulate's --precision). */
  precision?: number | 'full';
  /** --data: observations drawn over the bands, and their fit to the median. */
  data?: DataPlan;
}, io: Io): Promise<number> {
  const { model, scenario } = prepared;
  if (o.predictive && Object.keys(plan.noise).length === 0) {
    io.err.write('warning: --predictive without a noise model (no --noise, none recorded in the posterior file): the prediction bands equal the credible bands\n');
  }
  const progress = new Progress(io.err, o.quiet);
  const n = plan.ensemble.samples.length;
  progress.start(`${n} draws of ${scenario.name}${plan.workers > 1 ? ` on ${plan.workers} threads` : ''}`);
  const r = await ensembleSimulate(model, scenario, plan.ensemble, {
    outputs: o.outputs, level: plan.level, predictive: o.predictive, noise: plan.noise, seed: plan.seed, workers: plan.workers, runBatch: runBatchParallel,
    overrides: plan.overrides, onDraw: (d, total) => progress.update(d / total, `${d}/${total} draws`),
  });
  progress.stop();
  if (r.succeeded === 0) {
    io.err.write(formatBands(r));
    io.err.write(`error: every draw failed; first: ${r.failures[0]?.message ?? ''}\n`);
    return 1;
  }
  if (o.outFile) {
    writeAtomic(o.outFile, o.outFile.toLowerCase().endsWith('.json')
      ? bandsToJSON(r, { timeScale: o.timeScale, timeUnit: o.timeUnit, posterior: plan.file })
      : bandsToCSV(r, { timeScale: o.timeScale, precision: o.precision }));
  }
  const overlay = o.data ? await import('./data-overlay.js') : undefined;
  const dataFit = o.data && overlay
    ? overlay.fitData(o.data, [{ label: `median of ${r.succeeded} draws`, time: r.time, values: (name) => r.bands[name]?.p50 }], o.timeScale, o.timeUnit)
    : undefined;
  if (o.plotFile) {
    const time = Array.from(r.time, (t) => t / o.timeScale);
    const tail = (100 * (1 - r.level)) / 2;
    const lo = `p${percentileLabel(tail)}`, hi = `p${percentileLabel(100 - tail)}`;
    const wide = `${percentileLabel(tail)}–${percentileLabel(100 - tail)}%`;
    const svg = svgBandChart(r.outputs.map((name) => ({
      title: name, unit: r.units[name] === '?' ? '' : r.units[name], time, median: r.bands[name].p50,
      bands: [{ label: wide, lo: r.bands[name][lo], hi: r.bands[name][hi] }, ...(wide === '25–75%' ? [] : [{ label: '25–75%', lo: r.bands[name].p25, hi: r.bands[name].p75 }])],
      points: dataFit?.points[name],
    })), { timeLabel: `time (${o.timeUnit})`, title: `${r.scenario}: ${r.predictive ? 'prediction' : 'credible'} bands over ${r.succeeded} posterior draws`, medianLabel: 'median' });
    writeAtomic(o.plotFile, o.plotFile.toLowerCase().endsWith('.png') ? renderPng(svg) : svg);
  }
  if (!o.quiet) io.out.write(formatBands(r));
  if (dataFit) io.out.write(`${dataFit.text}\n`);
  else if (r.failures.length) io.err.write(`${r.failures.length} of ${r.draws} draws failed (run without --quiet for the list)\n`);
  return 0;
}
