/**
 * Checking a model against the study library (`magbone validate --studies`): per measurement the
 * model's z-score and whether the observation lies in the model's 95 % interval (|z| ≤ 1.96 with
 * the measurement's SE, model discrepancy included); qualitative facts pass or fail.
 *
 * With a posterior ensemble, each draw is run and each measurement gets the 95 % interval of the
 * model values over the draws (credible), or, `predictive`, of the model values plus the
 * measurement's noise N(0, s²) on its residual scale (a prediction interval); COVERAGE is the
 * fraction of observations inside, per study and overall.
 */
import type { Model } from '../../model/model.js';
import { normalCdf } from './normal.js';
import { InputError, InputIssue } from '../../core/issues.js';
import { fromScale, onScale, residual, totalSE } from './likelihood.js';
import { predictStudy } from './predict.js';
import type { Measurement, Study } from './study.js';

export const Z95 = 1.959963984540054;

/**
 * One row of a study check (`checkStudies`): one measurement of one arm, with the observed value
 * and its SE (natural scale), the model's value, the z-score (with model discrepancy) and whether
 * the observation lies in the model's 95 % interval; for qualitative facts the fact and whether it
 * passes; with an ensemble, the interval of the model over the draws; or why the study's run failed.
 */
export interface CheckRow {
  /** The study's id. */
  study: string;
  /** Its split (`training` or `test`). */
  split: string;
  /** The arm's id. */
  arm: string;
  /** The measurement's id. */
  measurement: string;
  /** The observable measured. */
  observable: string;
  /** The measurement's kind (absolute, change, percent_change, ratio, contrast, qualitative). */
  kind: string;
  /** The time as written in the study file. */
  time: string;
  /** The unit of observed and model values. */
  unit: string;
  /** Observed value (natural scale), its SE on the natural scale (delta method for log scale), the model value. */
  observed?: number;
  /** SE of the observation on the natural scale (delta method for a log-scale SE). */
  se?: number;
  /** The model's value (natural scale). */
  model?: number;
  /** (T(model) − T(observed))/s, s including the model discrepancy. */
  z?: number;
  /** Whether |z| ≤ 1.96 (or, with an ensemble, the observation lies in the model's interval). */
  inside?: boolean;
  /** Qualitative: the fact as written, and whether the model satisfies it. */
  fact?: string;
  /** Qualitative: whether the model satisfies the fact. */
  pass?: boolean;
  /** Ensemble: the 95 % interval of the model (natural scale) over the draws. */
  lower?: number;
  /** Ensemble: upper end of the model's 95 % interval (`lower` the lower end). */
  upper?: number;
  /** A failed run of the study. */
  failure?: string;
}

/** A count of measurements inside their interval out of the total. */
export interface Fraction {
  /** How many are inside (measurements) or pass (facts). */
  inside: number;
  /** How many there are. */
  total: number;
}

/**
 * The result of checking a model against studies (`checkStudies`, `magbone validate --studies`):
 * every row, the fraction of measurements inside their interval and of facts passing per study and
 * overall (the coverage), and the ensemble's draw counts when one was used. Print it with
 * `formatCheckReport`.
 */
export interface CheckReport {
  /** One row per measurement of every study. */
  rows: CheckRow[];
  /** Per study and overall: quantitative measurements inside their interval; qualitative facts passing. */
  studies: {
    /** The study's id. */
    id: string;
    /** Its split: `training` or `test`. */
    split: string;
    /** Its quantitative measurements inside their interval. */
    inside: Fraction;
    /** Its qualitative facts passing. */
    facts: Fraction;
    /** Why the study's runs failed, when they did. */
    failure?: string;
  }[];
  /** Over all studies: measurements inside their interval, facts passing. */
  overall: {
    /** Quantitative measurements inside their interval. */
    inside: Fraction;
    /** Qualitative facts passing. */
    facts: Fraction;
  };
  /** Ensemble runs: draws, failed draws, predictive or not. */
  ensemble?: {
    /** Parameter draws run. */
    draws: number;
    /** Draws whose runs failed (left out of the intervals). */
    failed: number;
    /** Whether the intervals include the measurement noise (predictive) or only the model values over the draws (credible). */
    predictive: boolean;
    /** Seed of the noise draws. */
    seed: number;
    /** The first failure's message, when draws failed. */
    firstFailure?: string;
  };
}

/** Natural-scale SE for display (for log scale, SE_log·|y|). */
function displaySE(m: Measurement): number | undefined {
  if (m.se === undefined || m.value === undefined) return undefined;
  return m.scale === 'log' ? m.se * Math.abs(m.quantity === 'percent_change' ? 100 + m.value : m.value) : m.se;
}

function factText(m: Measurement): string {
  const parts: string[] = [];
  const adjusted = m.reference?.baseline !== undefined ? ` from baseline vs ${m.reference.arm}` : '';
  if (m.direction) parts.push(`${m.direction.replace('_', ' ')}${adjusted || (m.reference ? (m.reference.arm !== m.arm ? ` vs ${m.reference.arm}` : ' from baseline') : '')}`);
  if (m.range) {
    const u = m.unit === '1' || m.unit === '?' ? '' : ` ${m.unit}`;
    const what = m.quantity === 'absolute' ? 'value' : m.quantity.replace('_', ' ');
    const q = what + (m.per !== undefined ? ` per ${what} of ${m.per}` : '') + (m.direction ? '' : adjusted);
    if (m.range.lower !== undefined && m.range.upper !== undefined) parts.push(`${q} in [${m.range.lower}, ${m.range.upper}]${u}`);
    else if (m.range.lower !== undefined) parts.push(`${q} ≥ ${m.range.lower}${u}`);
    else parts.push(`${q} ≤ ${m.range.upper}${u}`);
  }
  return parts.join('; ');
}

function baseRow(study: Study, m: Measurement): CheckRow {
  const row: CheckRow = {
    study: study.id, split: study.split, arm: m.arm, measurement: m.id, observable: m.observable, kind: m.kind, time: m.timeText, unit: m.unit,
  };
  if (m.kind === 'qualitative') row.fact = factText(m);
  else { row.observed = m.value; row.se = displaySE(m); }
  return row;
}

function summarise(rows: CheckRow[], studies: readonly Study[], failures: Map<string, string>): Pick<CheckReport, 'studies' | 'overall'> {
  const count = (rs: CheckRow[]) => ({
    inside: { inside: rs.filter((r) => r.kind !== 'qualitative' && r.inside).length, total: rs.filter((r) => r.kind !== 'qualitative').length },
    facts: { inside: rs.filter((r) => r.kind === 'qualitative' && r.pass).length, total: rs.filter((r) => r.kind === 'qualitative').length },
  });
  return {
    studies: studies.map((s) => ({ id: s.id, split: s.split, ...count(rows.filter((r) => r.study === s.id)), failure: failures.get(s.id) })),
    overall: count(rows),
  };
}

/**
 * The model (with `params` replacing defaults) against every measurement of `studies`. A failed
 * run is reported in its study's rows, not thrown. `modelError` is the global discrepancy (a
 * study's own wins).
 */
export function checkStudies(studies: readonly Study[], model: Model, opts: { params?: Record<string, number>; modelError?: number; onStudy?: (done: number, total: number, id: string) => void } = {}): CheckReport {
  const rows: CheckRow[] = [];
  const failures = new Map<string, string>();
  studies.forEach((study, i) => {
    const pred = predictStudy(study, model, opts.params);
    if (pred.failure) failures.set(study.id, pred.failure);
    const byLabel = new Map(pred.predictions.map((p) => [p.measurement.label, p]));
    const eps = study.modelError ?? opts.modelError ?? 0;
    for (const arm of study.arms) for (const m of arm.measurements) {
      const row = baseRow(study, m);
      const p = byLabel.get(m.label);
      if (!p) { row.failure = pred.failure; rows.push(row); continue; }
      row.model = p.value;
      if (m.kind === 'qualitative') row.pass = p.pass;
      else {
        row.z = residual(m, p.value, eps);
        row.inside = Math.abs(row.z) <= Z95;
      }
      rows.push(row);
    }
    opts.onStudy?.(i + 1, studies.length, study.id);
  });
  return { rows, ...summarise(rows, studies, failures) };
}

/** A posterior ensemble: parameter names and draws of their values (not logs). */
export interface Ensemble {
  /** The parameters' names (the columns of `samples`). */
  params: string[];
  /** One row per draw: the parameters' values on the natural scale, in `params` order. */
  samples: number[][];
}

/**
 * The q-quantile of the equal-weight mixture of N(x_d, s²) over the values x_d: the predictive
 * distribution of an ensemble's model values plus a measurement's noise, computed exactly (bisection
 * on the mixture's distribution function) instead of from one noise draw per ensemble member, so it
 * carries no Monte-Carlo error from the noise. s ≤ 0 falls back to the values' own quantile.
 */
export function normalMixtureQuantile(values: ArrayLike<number>, s: number, q: number): number {
  const n = values.length;
  if (!(s > 0)) return quantileSorted(Float64Array.from(values).sort(), q);
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < n; i++) { lo = Math.min(lo, values[i]); hi = Math.max(hi, values[i]); }
  lo -= 10 * s; hi += 10 * s;
  const cdf = (y: number): number => { let f = 0; for (let i = 0; i < n; i++) f += normalCdf((y - values[i]) / s); return f / n; };
  for (let it = 0; it < 200 && hi - lo > 1e-12 * Math.max(1, Math.abs(lo), Math.abs(hi)); it++) {
    const mid = 0.5 * (lo + hi);
    if (cdf(mid) < q) lo = mid; else hi = mid;
  }
  return 0.5 * (lo + hi);
}

/** The q-quantile of sorted values (linear interpolation between order statistics). */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * q;
  const lo = Math.floor(h), hi = Math.min(n - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/**
 * Coverage of an ensemble: every draw run on every study; per quantitative measurement the 95 %
 * interval of T(model) over the successful draws (with `predictive`, of T(model) + s·N(0,1): the
 * quantiles of the mixture of N(T(model_d), s²) over the draws, computed exactly, so `seed` no
 * longer changes them; before session 13 one noise draw per ensemble member, whose Monte-Carlo error
 * moved one of eleven held-out measurements in or out with the seed); an observation is inside when
 * T(observed) lies in it.
 * Qualitative facts: `model` is the fraction of draws satisfying them; they pass when it is ≥ ½.
 */
export function ensembleCoverage(studies: readonly Study[], model: Model, ensemble: Ensemble, opts: { predictive?: boolean; seed?: number; level?: number; modelError?: number; onDraw?: (done: number, total: number) => void } = {}): CheckReport {
  // kept in the report for compatibility: the exact predictive quantiles use no random numbers
  const seed = opts.seed ?? 1;
  const level = opts.level ?? 0.95;
  const measurements: { study: Study; m: Measurement; eps: number }[] = [];
  for (const study of studies) for (const arm of study.arms) for (const m of arm.measurements) measurements.push({ study, m, eps: study.modelError ?? opts.modelError ?? 0 });
  const index = new Map(measurements.map((x, i) => [x.m.label, i]));
  const values = measurements.map(() => [] as number[]);
  const passes = measurements.map(() => 0);
  const failures = new Map<string, string>();
  let failedDraws = 0;
  ensemble.samples.forEach((draw, d) => {
    const params = Object.fromEntries(ensemble.params.map((p, k) => [p, draw[k]]));
    const preds = studies.map((s) => predictStudy(s, model, params));
    const failed = preds.find((p) => p.failure);
    if (failed) {
      failedDraws++;
      if (!failures.has(failed.study.id)) failures.set(failed.study.id, `draw ${d}: ${failed.failure}`);
    } else {
      for (const pred of preds) for (const p of pred.predictions) {
        const i = index.get(p.measurement.label)!;
        const m = p.measurement;
        if (m.kind === 'qualitative') { if (p.pass) passes[i]++; continue; }
        values[i].push(onScale(m, p.value));
      }
    }
    opts.onDraw?.(d + 1, ensemble.samples.length);
  });
  const good = ensemble.samples.length - failedDraws;
  const rows: CheckRow[] = measurements.map(({ study, m }, i) => {
    const row = baseRow(study, m);
    if (good === 0) { row.failure = failures.get(study.id) ?? 'every draw failed'; return row; }
    if (m.kind === 'qualitative') {
      row.pass = passes[i] >= 0.5 * good;
      row.model = passes[i] / good; // fraction of draws satisfying the fact
      return row;
    }
    const sorted = Float64Array.from(values[i]).sort();
    const q = opts.predictive
      ? (p: number): number => normalMixtureQuantile(sorted, totalSE(m, measurements[i].eps), p)
      : (p: number): number => quantileSorted(sorted, p);
    const lo = q((1 - level) / 2), hi = q((1 + level) / 2);
    const y = onScale(m, m.value!);
    row.model = fromScale(m, q(0.5));
    row.lower = fromScale(m, lo);
    row.upper = fromScale(m, hi);
    row.inside = y >= lo && y <= hi;
    return row;
  });
  // a study fails only when no draw ran; single failed draws are counted (and the first named)
  const first = failures.values().next().value as string | undefined;
  return {
    rows, ...summarise(rows, studies, good === 0 ? failures : new Map()),
    ensemble: { draws: ensemble.samples.length, failed: failedDraws, predictive: opts.predictive === true, seed, firstFailure: first },
  };
}
