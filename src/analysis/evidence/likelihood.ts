/**
 * The statistical model of the study library (docs/evidence.md, "Statistical model") and the
 * least-squares objective the estimators minimise (objective.ts).
 *
 * Each quantitative measurement gives one standardized residual r = (T(model) − T(observed)) / s,
 * T the identity (scale normal) or the log (scale log: ln y, ln(1 + y/100) for a percent change),
 * s² = SE² + σ_m², where SE is the measurement's standard error on that scale and σ_m the model
 * discrepancy: a relative SD ε (per study `modelError`, else the global one), σ_m = ε·|y_obs| on the
 * normal scale and ln(1 + ε²)^½ on the log scale. s does not depend on the parameters, so the
 * objective stays a fixed-weight least squares.
 */
import type { Model } from '../../model/model.js';
import { lognormalSigma } from '../random.js';
import { InputError, InputIssue, didYouMean } from '../../core/issues.js';
import type { LeastSquaresObjective, ResidualEvaluation } from './objective.js';
import { predictStudy, forwardSensitivities, fdSensitivities, forwardSupported, type MeasurementPrediction, type SensitivityFn } from './predict.js';
import { toLogScale, type Measurement, type Study } from './study.js';

/** T(y): the measurement's residual scale. */
export function onScale(m: Measurement, y: number): number {
  return m.scale === 'log' ? toLogScale(m.quantity, y) : y;
}

/** dT/dy at y. */
export function scaleDerivative(m: Measurement, y: number): number {
  if (m.scale === 'normal') return 1;
  return m.quantity === 'percent_change' ? 1 / (100 + y) : 1 / y;
}

/** The inverse of T (for intervals computed on the residual scale). */
export function fromScale(m: Measurement, x: number): number {
  if (m.scale === 'normal') return x;
  return m.quantity === 'percent_change' ? 100 * (Math.exp(x) - 1) : Math.exp(x);
}

/** s: the SE on the residual scale combined in quadrature with the model discrepancy ε (relative SD). */
export function totalSE(m: Measurement, modelError = 0): number {
  const se = m.se!;
  if (!(modelError > 0)) return se;
  const sm = m.scale === 'log' ? lognormalSigma(modelError) : modelError * Math.abs(m.value!);
  return Math.hypot(se, sm);
}

/** The standardized residual of a prediction (NaN when the model value is off the log scale). */
export function residual(m: Measurement, modelValue: number, modelError = 0): number {
  return (onScale(m, modelValue) - onScale(m, m.value!)) / totalSE(m, modelError);
}

export const isQuantitative = (m: Measurement): boolean => m.kind !== 'qualitative';

/**
 * Qualitative facts as soft constraints of a fit (after the static penalty of Mitra et al. 2018, Nat Commun 9:3901,
 * doi:10.1038/s41467-018-06439-z): every fact of the fitted studies adds a residual row w·v/s, 0 while the fact holds,
 * v its violation in the fact's own unit and s a scale. A two-sided range is read as a 95 % interval (s = width/3.92);
 * a one-sided range or a direction gets s = τ·S, S the quantity's natural size (100 points for a percent change, 1 for a
 * ratio, |reference value| for a change, |bound| for an absolute value).
 */
export interface FactPenalty {
  /** Relative tolerance τ of one-sided facts and directions (default 0.05). */
  tolerance?: number;
  /** Weight w of every fact row (default 1). */
  weight?: number;
  /**
   * Studies (by id) whose facts stay checks, out of the objective: e.g. facts that another estimation step uses (the
   * human calibration's conditional teriparatide block), or whose arms are too long to run at every evaluation.
   */
  exclude?: readonly string[];
}

/** How far a model value is from satisfying a qualitative fact (`factViolation`). */
export interface FactViolation {
  /** The violation v ≥ 0 in the fact's unit (0 while the fact holds). */
  v: number;
  /** dv/d(value): −1, 0 or +1 (summed over the fact's parts that are violated). */
  dv: number;
  /** The scale s of the fact's residual row w·v/s. */
  s: number;
}

/**
 * The violation of a qualitative fact by a model value (a: the observable at the measurement, b: at its reference, NaN when
 * none). `percentUnit`: the observable's unit is % (a percentage of, or change from, a baseline, e.g. a BMD change): its
 * natural size is then 100 points, as for a percent change, not |b| or |a|, which sit near 0 for a change from baseline
 * (session 20: castiglioni2013's BMD contrast got s ≈ 2e-4 points from a reference arm at 0, a residual of 189 for a
 * 0.035-point violation).
 */
export function factViolation(m: Measurement, value: number, a: number, b: number, tolerance = 0.05, percentUnit = false): FactViolation {
  const q = m.quantity ?? 'absolute';
  const v0 = q === 'ratio' ? 1 : q === 'absolute' ? b : 0;
  let v = 0, dv = 0;
  const below = (lim: number): void => { if (value < lim) { v += lim - value; dv -= 1; } };
  const above = (lim: number): void => { if (value > lim) { v += value - lim; dv += 1; } };
  if (m.direction === 'increase' || m.direction === 'no_decrease') below(v0);
  if (m.direction === 'decrease' || m.direction === 'no_increase') above(v0);
  if (m.range?.lower !== undefined) below(m.range.lower);
  if (m.range?.upper !== undefined) above(m.range.upper);
  let s: number;
  if (m.range?.lower !== undefined && m.range?.upper !== undefined && m.range.upper > m.range.lower) s = (m.range.upper - m.range.lower) / 3.92;
  else {
    const bound = Math.abs(m.range?.lower ?? m.range?.upper ?? NaN);
    const size = q === 'percent_change' ? 100 : q === 'ratio' ? 1
      : q === 'absolute' ? (bound > 0 ? bound : percentUnit ? 100 : Math.abs(a))
        : percentUnit ? 100 : (Math.abs(b) > 0 ? Math.abs(b) : Math.abs(a));
    s = tolerance * (size > 0 ? size : 1);
  }
  return { v, dv, s };
}

/** A Gaussian prior on θ = ln p: median of p and SD of ln p. */
export interface Prior {
  /** Median of p (the parameter's unit). */
  median: number;
  /** SD of ln p. */
  sdLog: number;
}

/**
 * Options of `studyObjective`: the parameters to estimate (by name; θ = ln p, so each must be
 * positive), bounds on p overriding the model's, Gaussian priors on ln p, the model discrepancy
 * (relative SD), and how the Jacobian is computed (exact forward sensitivities by default).
 */
export interface StudyObjectiveOptions {
  /** Estimated parameters (model parameter names, positive defaults). */
  params: readonly string[];
  /** Bounds on p (not logs) per parameter, overriding the model spec's. */
  bounds?: Readonly<Record<string, readonly [number, number]>>;
  /** Gaussian priors on ln p, as extra residual rows (ln p − ln median)/sdLog. */
  priors?: Readonly<Record<string, Prior>>;
  /** Global model discrepancy (relative SD, default 0); a study's own `modelError` wins. */
  modelError?: number;
  /**
   * How J is computed: a `SensitivityFn`; 'forward' (default) exact forward sensitivities
   * (`forwardSensitivities`, arms whose solver method has none fall back to central differences,
   * listed in `jacobian.fallbackArms`); 'fd' central finite differences of r in θ.
   */
  sensitivities?: SensitivityFn | 'forward' | 'fd';
  /** Step in θ = ln p of the finite-difference Jacobian (default 1e-3). */
  fdStep?: number;
  /** Qualitative facts as soft constraints (`FactPenalty`); absent: facts are checks only, not in the objective. */
  facts?: FactPenalty;
}

/** The row of a quantitative measurement in the objective. */
export interface ResidualRow {
  /** The study the row comes from. */
  study: Study;
  /** The measurement. */
  measurement: Measurement;
  /** The model discrepancy (relative SD) added to its SE. */
  modelError: number;
}

/** The least-squares objective with the rows it is made of. */
export interface StudyObjective extends LeastSquaresObjective {
  /** The measurement rows of the residual vector (study, measurement, model discrepancy), in residual order; fact rows, then prior rows follow them. */
  readonly rows: readonly ResidualRow[];
  /** The qualitative facts in the objective as soft constraints (`facts` option), in residual order after `rows`. */
  readonly factRows: readonly ResidualRow[];
  /** Parameter values (not logs) for θ. */
  values(theta: Float64Array): Record<string, number>;
  /** How the Jacobian is computed, and the arms (study/arm) that fall back to finite differences. */
  readonly jacobian: {
    /** `forward` sensitivities, `fd` central differences, or a `custom` SensitivityFn. */
    method: 'forward' | 'fd' | 'custom';
    /** Arms ("study/arm") computed by finite differences because their solver method has no forward sensitivities. */
    fallbackArms: readonly string[];
  };
}

/** Default bounds when neither the caller nor the spec gives them: three decades either side of the default. */
const DEFAULT_SPAN = 1e3;

/**
 * Builds the objective ½‖r(θ)‖² over the quantitative measurements of `studies` (all on `model`),
 * θ = ln p. Bounds: the caller's, else the spec's `bounds` intersected with [p₀/1000, 1000·p₀]
 * (finite bounds for multi-start designs). Throws InputError for unknown or non-positive parameters.
 */
export function studyObjective(studies: readonly Study[], model: Model, opts: StudyObjectiveOptions): StudyObjective {
  const issues: InputIssue[] = [];
  const names = [...opts.params];
  const lower = new Float64Array(names.length), upper = new Float64Array(names.length);
  names.forEach((name, k) => {
    const spec = model.spec.parameters[name];
    if (!spec) { issues.push({ path: ['params', k], message: `"${name}" is not a parameter of ${model.id}${didYouMean(name, model.parameterNames)}` }); return; }
    if (!(spec.value > 0)) issues.push({ path: ['params', k], message: `${name} = ${spec.value}: only positive parameters can be estimated on log scale` });
    const b = opts.bounds?.[name] ?? [Math.max(spec.bounds?.[0] ?? 0, spec.value / DEFAULT_SPAN), Math.min(spec.bounds?.[1] ?? Infinity, spec.value * DEFAULT_SPAN)];
    if (!(b[0] > 0 && b[1] > b[0])) issues.push({ path: ['bounds', name], message: `[${b[0]}, ${b[1]}] must be 0 < lower < upper` });
    lower[k] = Math.log(b[0]); upper[k] = Math.log(b[1]);
  });
  for (const [name, pr] of Object.entries(opts.priors ?? {})) {
    if (!names.includes(name)) issues.push({ path: ['priors', name], message: `not an estimated parameter${didYouMean(name, names)}` });
    if (!(pr.median > 0) || !(pr.sdLog > 0)) issues.push({ path: ['priors', name], message: 'median and sdLog must be > 0' });
  }
  studies.forEach((s, i) => { if (s.model !== model.id) issues.push({ path: ['studies', i], message: `study ${s.id} is on ${s.model}, not ${model.id}` }); });
  const ids = studies.map((s) => s.id);
  (opts.facts?.exclude ?? []).forEach((id, i) => {
    if (!ids.includes(id)) issues.push({ path: ['facts', 'exclude', i], message: `"${id}" is not a study of the objective${didYouMean(id, ids)}` });
  });
  if (issues.length) throw new InputError(issues, 'objective');

  const rows: ResidualRow[] = [];
  for (const study of studies) {
    const eps = study.modelError ?? opts.modelError ?? 0;
    for (const arm of study.arms) for (const m of arm.measurements) if (isQuantitative(m)) rows.push({ study, measurement: m, modelError: eps });
  }
  const factRows: ResidualRow[] = [];
  const excluded = new Set(opts.facts?.exclude ?? []);
  if (opts.facts) for (const study of studies) if (!excluded.has(study.id)) for (const arm of study.arms) for (const m of arm.measurements) if (!isQuantitative(m)) factRows.push({ study, measurement: m, modelError: 0 });
  const tol = opts.facts?.tolerance ?? 0.05, weight = opts.facts?.weight ?? 1;
  const percentFact = factRows.map((row) => model.spec.observables?.[row.measurement.observable]?.unit === '%');
  // only studies with rows are run (without the facts option, qualitative facts are checks, not in the objective)
  const runStudies = studies.filter((s) => rows.some((r) => r.study === s) || factRows.some((r) => r.study === s));
  const priorNames = names.filter((n) => opts.priors?.[n]);
  const labels = [...rows.map((r) => r.measurement.label), ...factRows.map((r) => `fact:${r.measurement.label}`), ...priorNames.map((n) => `prior:${n}`)];
  const nQuant = rows.length, nFact = factRows.length;
  const dataRows = [...rows, ...factRows]; // residual order of the rows that come from studies
  const nRes = labels.length, nPar = names.length;
  const values = (theta: Float64Array): Record<string, number> => Object.fromEntries(names.map((n, k) => [n, Math.exp(theta[k])]));

  /** Residuals (and, with gradients, their rows of J) at θ. */
  const residuals = (theta: Float64Array, withGrad: boolean): ResidualEvaluation => {
    const r = new Float64Array(nRes);
    const J = withGrad ? new Float64Array(nRes * nPar) : undefined;
    const p = values(theta);
    const byLabel = new Map<string, MeasurementPrediction>();
    const failures: string[] = [];
    for (const study of runStudies) {
      // forward: every evaluation runs the arms as the sensitivity runs do, so r(θ) does not depend on whether J is asked for
      const pred = predictStudy(study, model, p, { asForward: method === 'forward', ...(withGrad && sensFn ? { gradient: { params: names, sensitivities: sensFn } } : {}) });
      if (pred.failure) failures.push(`${study.id}: ${pred.failure}`);
      for (const x of pred.predictions) byLabel.set(x.measurement.label, x);
    }
    rows.forEach((row, i) => {
      const x = byLabel.get(row.measurement.label);
      r[i] = x ? residual(row.measurement, x.value, row.modelError) : NaN;
      if (x && J && x.grad) {
        const f = scaleDerivative(row.measurement, x.value) / totalSE(row.measurement, row.modelError);
        for (let k = 0; k < nPar; k++) J[i * nPar + k] = f * x.grad[k];
      }
    });
    factRows.forEach((row, j) => {
      const i = nQuant + j;
      const x = byLabel.get(row.measurement.label);
      if (!x) { r[i] = NaN; return; }
      const f = factViolation(row.measurement, x.value, x.a ?? NaN, x.b ?? NaN, tol, percentFact[j]);
      r[i] = weight * f.v / f.s;
      if (J && x.grad && f.dv !== 0) for (let k = 0; k < nPar; k++) J[i * nPar + k] = weight * f.dv / f.s * x.grad[k];
    });
    priorNames.forEach((n, j) => {
      const k = names.indexOf(n), pr = opts.priors![n];
      r[nQuant + nFact + j] = (theta[k] - Math.log(pr.median)) / pr.sdLog;
      if (J) J[(nQuant + nFact + j) * nPar + k] = 1 / pr.sdLog;
    });
    const bad = dataRows.findIndex((_, i) => !Number.isFinite(r[i]));
    if (failures.length === 0 && bad >= 0) failures.push(`${dataRows[bad].measurement.label}: the model value is not on the measurement's scale (log of a value ≤ 0) or not finite`);
    return failures.length ? { r, J, failure: failures.join('; ') } : { r, J };
  };

  const h = opts.fdStep ?? 1e-3;
  const method = opts.sensitivities === undefined ? 'forward' : typeof opts.sensitivities === 'string' ? opts.sensitivities : 'custom';
  const fallbackArms = method !== 'forward' ? [] : runStudies.flatMap((st) => st.arms.filter((a) => !forwardSupported(a.scenario)).map((a) => `${st.id}/${a.id}`));
  const sensFn: SensitivityFn | undefined = method === 'forward' ? forwardSensitivities({ fallback: fdSensitivities(h) }) : method === 'custom' ? opts.sensitivities as SensitivityFn : undefined;
  return {
    params: names, lower, upper, nResiduals: nRes, labels, rows, factRows, values, jacobian: { method, fallbackArms },
    evaluate(theta: Float64Array, jacobian: boolean): ResidualEvaluation {
      if (!jacobian || sensFn) return residuals(theta, jacobian);
      const base = residuals(theta, false);
      if (base.failure) return base;
      const J = new Float64Array(nRes * nPar);
      const t = Float64Array.from(theta);
      for (let k = 0; k < nPar; k++) {
        t[k] = theta[k] + h;
        const up = residuals(t, false);
        t[k] = theta[k] - h;
        const down = residuals(t, false);
        t[k] = theta[k];
        if (up.failure || down.failure) return { r: base.r, failure: `finite-difference Jacobian (${names[k]}): ${up.failure ?? down.failure}` };
        for (let i = 0; i < nRes; i++) J[i * nPar + k] = (up.r[i] - down.r[i]) / (2 * h);
      }
      return { r: base.r, J };
    },
  };
}
