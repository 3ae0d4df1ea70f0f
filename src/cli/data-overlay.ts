/**
 * `--data obs.csv|study.yaml` on simulate, compare and population: the user's observations drawn on
 * the plot as points with error bars, and a goodness-of-fit summary of the run(s) against them.
 *
 * Two inputs:
 * - a long CSV: `time`, `observable`, `value`, optional `sd`, `se`, `unit` (columns in any order).
 *   The time carries its unit, in the header (`time [d]`, `time (d)`) or in every cell ("21 d").
 *   A `unit` column (or `value [unit]`) converts values into the output's unit.
 * - a study file of the study library (studies/, docs/evidence.md), read by the evidence loader:
 *   every quantitative measurement becomes a point. Absolute values are drawn as they are; changes,
 *   percent changes and ratios against the arm's own baseline are anchored to the plotted run's
 *   value at that baseline (the study's effect drawn on your run); contrasts between arms are left out.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Model } from '../index.js';
import type { PlotPoint } from '../index.js';
import { parseQuantity, parseUnit, convert } from '../index.js';
import { didYouMean, InputError, formatIssues, truncate } from '../index.js';
import { splitHeader, formatNumber } from '../index.js';

/** One observation, in the model's units (time in model time units). */
export interface Observation {
  t: number;
  observable: string;
  value: number;
  /** Error bar half-width (sd, else se) in the output's unit; for anchored study points, relative. */
  err?: number;
  /** The SE used in the fit (se, else sd). */
  se?: number;
  /** Study points relative to the run's baseline: y = anchor(run value at `ref`). */
  anchor?: { kind: 'change' | 'percent_change' | 'ratio'; ref: number; logSE?: number };
  label: string;
}

export interface DataPlan {
  file: string;
  observations: Observation[];
  notes: string[];
}

/** A curve the data are compared with: a run, or a population's median. */
export interface Curve {
  label: string;
  /** Model time units. */
  time: ArrayLike<number>;
  values(observable: string): ArrayLike<number> | undefined;
}

function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = '', q = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (q) { if (c === '"' && line[i + 1] === '"') { cur += '"'; i++; } else if (c === '"') q = false; else cur += c; }
    else if (c === '"') q = true;
    else if (c === ',') { out.push(cur.trim()); cur = ''; }
    else cur += c;
  }
  out.push(cur.trim());
  return out;
}

/** Reads the long CSV; every problem with its line. */
export function readDataCsv(text: string, file: string, model: Model, problems: string[]): Observation[] {
  const lines = text.replace(/^\ufeff/, '').split(/\r?\n/).filter((l) => l.trim() !== '' && !l.startsWith('#'));
  if (lines.length < 2) { problems.push(`--data ${file}: no observations (expected a header "time [unit],observable,value[,sd][,se]" and rows)`); return []; }
  const head = splitCsvLine(lines[0]).map(splitHeader);
  const col = (n: string) => head.findIndex((h) => h.name.toLowerCase() === n);
  const it = col('time'), io = col('observable'), iv = col('value'), isd = col('sd'), ise = col('se'), iu = col('unit');
  const missing = [['time', it], ['observable', io], ['value', iv]].filter(([, i]) => i === -1).map(([n]) => n);
  if (missing.length) { problems.push(`--data ${file}: line 1: missing column(s) ${missing.join(', ')} (found: ${head.map((h) => h.name).join(', ')})`); return []; }
  const known = [...model.observableNames, ...model.stateNames];
  const unitOf = (name: string) => model.spec.observables[name]?.unit ?? model.spec.states[name]?.unit ?? '?';
  const timeUnit = head[it].unit;
  const valueUnit = head[iv].unit;
  const out: Observation[] = [];
  const before = problems.length;
  for (let k = 1; k < lines.length && problems.length - before < 20; k++) {
    const c = splitCsvLine(lines[k]);
    const where = `--data ${file}: line ${k + 1}`;
    const tq = parseQuantity(/^[-+0-9.eE]+$/.test(c[it] ?? '') ? (timeUnit ? `${c[it]} ${timeUnit}` : Number(c[it])) : c[it] ?? '');
    let t: number | undefined;
    if (typeof tq === 'string') problems.push(`${where}: time: ${timeUnit ? tq : `${tq}; give the unit in the header, e.g. "time [d]", or in the cell, e.g. "21 d"`}`);
    else if (tq.dim[0] !== 1 || tq.dim.some((d, i) => i > 0 && d !== 0)) problems.push(`${where}: time: "${c[it]}" is not a time`);
    else t = convert(tq, model.timeUnit);
    const obs = c[io] ?? '';
    if (!known.includes(obs)) { problems.push(`${where}: observable "${truncate(obs)}" is not an output of ${model.id}${didYouMean(obs, known)}; list them with: magbone outputs ${model.id}`); continue; }
    const num = (i: number, what: string): number | undefined => {
      if (i === -1 || c[i] === undefined || c[i] === '') return undefined;
      const x = Number(c[i]);
      if (!Number.isFinite(x)) { problems.push(`${where}: ${what}: "${truncate(c[i])}" is not a number`); return undefined; }
      if (what !== 'value' && x < 0) { problems.push(`${where}: ${what}: ${x} must be ≥ 0`); return undefined; }
      return x;
    };
    let v = num(iv, 'value');
    if (v === undefined && (c[iv] ?? '') === '') problems.push(`${where}: value: missing`);
    let sd = num(isd, 'sd'), se = num(ise, 'se');
    const u = (iu !== -1 && c[iu]) ? c[iu] : valueUnit;
    const target = unitOf(obs);
    if (u && u !== target && v !== undefined) {
      const from = parseUnit(u), to = parseUnit(target);
      if (!from || !to || from.dim.some((d, i) => d !== to.dim[i])) { problems.push(`${where}: unit "${truncate(u)}" cannot be converted to ${obs}'s unit ${target}`); continue; }
      const f = from.scale / to.scale;
      v *= f; if (sd !== undefined) sd *= f; if (se !== undefined) se *= f;
    }
    if (t === undefined || v === undefined) continue;
    out.push({ t, observable: obs, value: v, err: sd ?? se, se: se ?? sd, label: `${path.basename(file)} line ${k + 1}` });
  }
  return out;
}

/** Reads a study file with the evidence loader; quantitative measurements of the study's arms become observations. */
export async function readDataStudy(file: string, model: Model, problems: string[], notes: string[]): Promise<Observation[]> {
  const { loadStudies } = await import('../node.js');
  let studies;
  try { studies = loadStudies([file]); } catch (e) {
    if (e instanceof InputError) { problems.push(...formatIssues(e.issues).split('\n').map((l) => `--data ${l}`)); return []; }
    throw e;
  }
  const out: Observation[] = [];
  for (const s of studies) {
    if (s.model !== model.id) { problems.push(`--data ${file}: study ${s.id} is of model ${s.model}, the run is ${model.id}`); continue; }
    const start = new Map<string, number>();
    for (const a of s.arms) start.set(a.id, a.after !== undefined ? (start.get(a.after) ?? 0) + (s.arms.find((x) => x.id === a.after)?.scenario.duration ?? 0) : 0);
    let skipped = 0;
    for (const a of s.arms) {
      const t0 = start.get(a.id) ?? 0;
      for (const m of a.measurements) {
        if (m.kind === 'qualitative' || m.value === undefined || m.at.t1 !== undefined) { skipped++; continue; }
        if (m.reference && m.reference.arm !== a.id) { skipped++; continue; }
        const label = `${m.label}${m.source ? ` (${m.source})` : ''}`;
        const t = t0 + m.at.t2;
        if (m.quantity === 'absolute') {
          const err = m.se === undefined ? undefined : m.scale === 'log' ? m.value * (Math.exp(m.se) - 1) : m.se;
          out.push({ t, observable: m.observable, value: m.value, err, se: err, label });
        } else {
          const ref = t0 + (m.reference?.at.t2 ?? 0);
          out.push({ t, observable: m.observable, value: m.value, err: m.scale === 'log' ? undefined : m.se, se: m.scale === 'log' ? undefined : m.se, anchor: { kind: m.quantity, ref, logSE: m.scale === 'log' ? m.se : undefined }, label });
        }
      }
    }
    if (skipped) notes.push(`${s.id}: ${skipped} measurement(s) not drawn (qualitative, windows, or contrasts between arms)`);
    if (out.some((o) => o.anchor)) notes.push(`${s.id}: changes from baseline are drawn from your run's own value at the study's baseline time`);
  }
  return out;
}

/** Reads --data (CSV or study file) for a model; problems collected. */
export async function planData(file: string, model: Model, problems: string[]): Promise<DataPlan | undefined> {
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) { problems.push(`--data ${truncate(file)}: no such file`); return undefined; }
  const notes: string[] = [];
  const before = problems.length;
  const observations = /\.csv$/i.test(file) ? readDataCsv(fs.readFileSync(file, 'utf8'), file, model, problems)
    : /\.(ya?ml|json)$/i.test(file) ? await readDataStudy(file, model, problems, notes)
      : (problems.push(`--data ${truncate(file)}: expected a .csv (long format) or a study file (.yaml, .yml, .json)`), []);
  if (problems.length > before) return undefined;
  if (observations.length === 0) { problems.push(`--data ${truncate(file)}: no quantitative observations to draw`); return undefined; }
  return { file, observations, notes };
}

/** Linear interpolation of (time, values) at t; NaN outside the span. */
export function interpolate(time: ArrayLike<number>, values: ArrayLike<number>, t: number): number {
  const n = time.length;
  if (n === 0 || t < time[0] - 1e-9 * Math.abs(time[n - 1]) || t > time[n - 1] * (1 + 1e-12) + 1e-12) return NaN;
  let lo = 0, hi = n - 1;
  while (hi - lo > 1) { const mid = (lo + hi) >> 1; if (time[mid] <= t) lo = mid; else hi = mid; }
  if (time[hi] === time[lo]) return values[lo];
  const w = (t - time[lo]) / (time[hi] - time[lo]);
  return values[lo] + w * (values[hi] - values[lo]);
}

/** An observation on the output's scale, anchored to `curve` where it is relative; [value, err]. */
export function observedValue(o: Observation, curve: Curve): [number, number | undefined, number | undefined] {
  if (!o.anchor) return [o.value, o.err, o.se];
  const v = curve.values(o.observable);
  const ref = v ? interpolate(curve.time, v, o.anchor.ref) : NaN;
  const k = o.anchor.kind;
  const y = k === 'change' ? ref + o.value : k === 'percent_change' ? ref * (1 + o.value / 100) : ref * o.value;
  let err: number | undefined;
  if (o.anchor.logSE !== undefined) err = Math.abs(y) * (Math.exp(o.anchor.logSE) - 1);
  else if (o.err !== undefined) err = k === 'change' ? o.err : k === 'percent_change' ? Math.abs(ref) * o.err / 100 : Math.abs(ref) * o.err;
  return [y, err, err];
}

export interface DataFit {
  /** Points per observable for the plot, time in display units (anchored to the first curve). */
  points: Record<string, PlotPoint[]>;
  observables: string[];
  text: string;
  rows: { curve: string; observable: string; n: number; rmse: number; bias: number; chi2?: number; nErr: number }[];
}

/**
 * Points for the plot (display time unit) and the goodness of fit of each curve: per observable,
 * the number of points inside the run, RMSE, mean residual (model − observed) and χ²/n over the
 * points with an SE (a value near 1 means the curve is as close as the data's own spread).
 */
export function fitData(plan: DataPlan, curves: readonly Curve[], timeScale: number, timeUnit: string): DataFit {
  const points: Record<string, PlotPoint[]> = {};
  const observables = [...new Set(plan.observations.map((o) => o.observable))];
  const first = curves[0];
  for (const o of plan.observations) {
    const [y, err] = first ? observedValue(o, first) : [o.value, o.err];
    (points[o.observable] ??= []).push({ t: o.t / timeScale, v: y, lo: err !== undefined ? y - err : undefined, hi: err !== undefined ? y + err : undefined, label: o.label });
  }
  const rows: DataFit['rows'] = [];
  let outside = 0;
  for (const c of curves) {
    for (const obs of observables) {
      const v = c.values(obs);
      if (!v) continue;
      let n = 0, ss = 0, sum = 0, chi = 0, nErr = 0;
      for (const o of plan.observations) {
        if (o.observable !== obs) continue;
        const m = interpolate(c.time, v, o.t);
        const [y, , se] = observedValue(o, c);
        if (!Number.isFinite(m) || !Number.isFinite(y)) { if (c === first) outside++; continue; }
        const r = m - y;
        n++; ss += r * r; sum += r;
        if (se !== undefined && se > 0) { chi += (r / se) ** 2; nErr++; }
      }
      if (n > 0) rows.push({ curve: c.label, observable: obs, n, rmse: Math.sqrt(ss / n), bias: sum / n, chi2: nErr ? chi / nErr : undefined, nErr });
    }
  }
  const table = [['run', 'observable', 'n', 'RMSE', 'bias (model − obs)', 'χ²/n']];
  for (const r of rows) table.push([r.curve, r.observable, String(r.n), formatNumber(r.rmse, 4), formatNumber(r.bias, 4), r.chi2 === undefined ? '—' : `${formatNumber(r.chi2, 3)} (${r.nErr} with SE)`]);
  const w = table[0].map((_, i) => Math.max(...table.map((r) => r[i].length)));
  const lines = [`Goodness of fit against ${plan.file} (${plan.observations.length} observations; times in ${timeUnit} on the plot):`,
    ...table.map((r) => r.map((s, i) => s.padEnd(w[i])).join('  ').trimEnd())];
  if (rows.length === 0) lines.push('  no observation lies inside the run');
  if (outside) lines.push(`  ${outside} observation(s) outside the run's time span: not compared`);
  lines.push('  χ²/n near 1: the run is as close to the data as their own SE; much above 1: it misses them.');
  for (const n of plan.notes) lines.push(`  note: ${n}`);
  return { points, observables, text: lines.join('\n'), rows };
}

/** A simulation result as a curve. */
export function resultCurve(r: { scenario: { name: string }; time: ArrayLike<number>; columns: readonly { name: string; values: ArrayLike<number> }[] }): Curve {
  return { label: r.scenario.name, time: r.time, values: (o) => r.columns.find((c) => c.name === o)?.values };
}
