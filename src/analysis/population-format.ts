/**
 * A virtual population's result as CSV (long format: one row per time and output with its
 * percentiles), JSON (everything, including each subject's sampled parameters) and a text summary
 * (end-of-run percentiles, failures, notes). No Node dependency.
 */
import { formatValue } from '../simulate/format.js';
import { formatBounds } from '../simulate/display.js';
import { PERCENTILE_KEYS, describe, type PopulationResult } from './population.js';

/** Options of formatting a population result: time scale and unit, and whether trajectories are written. */
export interface PopulationFormatOptions {
  /** Model time units per output time unit (times are divided by it). */
  timeScale?: number;
  /** Time unit named in the JSON (default: the model's). */
  timeUnit?: string;
  /** JSON: include every successful subject's trajectories (large for big populations). */
  trajectories?: boolean;
}

const num = (x: number): string => (Number.isFinite(x) ? String(x) : '');

/** `time,output,p5,p25,p50,p75,p95`, rows by output then time. */
export function populationToCSV(r: PopulationResult, opts: PopulationFormatOptions = {}): string {
  const scale = opts.timeScale ?? 1;
  const lines = [['time', 'output', ...PERCENTILE_KEYS].join(',')];
  for (const o of r.outputs) {
    const b = r.summary[o];
    for (let t = 0; t < r.time.length; t++) {
      lines.push([num(r.time[t] / scale), o, ...PERCENTILE_KEYS.map((k) => num(b[k][t]))].join(','));
    }
  }
  return lines.join('\n') + '\n';
}

/**
 * A population result as JSON: model, scenario, n, seed, the varied parameters, time (in
 * `opts.timeUnit` when `opts.timeScale` converts it), the percentile bands of every output, and
 * every subject's parameters, end values and failure.
 */
export function populationToJSON(r: PopulationResult, opts: PopulationFormatOptions = {}): string {
  const scale = opts.timeScale ?? 1;
  return JSON.stringify({
    model: r.modelId,
    scenario: r.scenario,
    n: r.n,
    seed: r.seed,
    varied: r.varied,
    timeUnit: opts.timeUnit ?? r.timeUnit,
    time: Array.from(r.time, (t) => t / scale),
    percentiles: r.percentiles,
    summary: Object.fromEntries(r.outputs.map((o) => [o, {
      unit: r.units[o],
      ...Object.fromEntries(PERCENTILE_KEYS.map((k) => [k, Array.from(r.summary[o][k])])),
    }])),
    succeeded: r.succeeded,
    failed: r.failures.length,
    subjects: r.subjects.map((s) => ({
      id: s.id,
      parameters: s.parameters,
      ...(s.end ? { end: s.end } : {}),
      ...(s.failure ? { failure: s.failure } : {}),
      ...(opts.trajectories && s.trajectory ? { trajectory: Object.fromEntries(r.outputs.map((o, j) => [o, Array.from(s.trajectory![j])])) } : {}),
    })),
    notes: r.notes,
    // no wall time or thread count: the file is the same for any machine, worker count or sharding
  }) + '\n';
}

/** A plain-text summary: the varied parameters, end-of-run percentiles per output, failures, notes. */
export function formatPopulation(r: PopulationResult, opts: { timeScale?: number; timeUnit?: string; maxFailures?: number } = {}): string {
  const scale = opts.timeScale ?? 1;
  const tu = opts.timeUnit ?? r.timeUnit;
  const lines = [`Virtual population of '${r.scenario}' (${r.modelId}): ${r.n} subjects, seed ${r.seed}; ${r.succeeded} ran, ${r.failures.length} failed`];
  for (const v of r.varied) lines.push(`  ${v.parameter} (${v.unit}): ${describe(v)}${v.bounds ? `, allowed ${formatBounds(v.bounds[0], v.bounds[1])}` : ''}`);
  if (r.time.length > 0) {
    const tEnd = r.time[r.time.length - 1] / scale;
    lines.push('', `At t = ${formatValue(tEnd)} ${tu}:`);
    const rows = r.outputs.map((o) => [o, r.units[o] === '?' ? '' : r.units[o], ...PERCENTILE_KEYS.map((k) => formatValue(r.summary[o][k][r.time.length - 1]))]);
    const head = ['output', 'unit', ...PERCENTILE_KEYS];
    const w = head.map((h, i) => Math.max(h.length, ...rows.map((x) => x[i].length)));
    const line = (x: string[]) => x.map((s, i) => (i < 2 ? s.padEnd(w[i]) : s.padStart(w[i]))).join('  ');
    lines.push(line(head), ...rows.map(line));
  }
  if (r.failures.length) {
    const max = opts.maxFailures ?? 10;
    lines.push('', `Failed subjects (${r.failures.length}):`);
    for (const f of r.failures.slice(0, max)) {
      const p = Object.entries(f.parameters).map(([k, v]) => `${k}=${formatValue(v)}`).join(', ');
      lines.push(`  #${f.subject}: ${f.message}  [${p}]`);
    }
    if (r.failures.length > max) lines.push(`  … and ${r.failures.length - max} more (all in the JSON output)`);
  }
  if (r.notes.length) lines.push('', 'Notes:', ...r.notes.map((n) => `  ${n}`));
  return lines.join('\n') + '\n';
}
