/**
 * PEtab's likelihood, with the conventions of PEtab's reference implementation (petab.calculate_llh,
 * which the test suite's solutions come from). For a measurement m, the model value h (the
 * observableFormula) and σ (the noiseFormula), on the observable's transformation T (lin, ln, log10):
 *
 *   r = (T(h) − T(m)) / σ,  chi2 = Σ r²
 *   normal:  llh = −Σ [ ½·ln(2πσ²) + ½·r² + J ]
 *   laplace: llh = −Σ [ ln(2σ) + |r| + J ]
 *
 * with the Jacobian of the transformation of the data, J = 0 (lin), ln m (log), ln(m·ln 10) (log10):
 * the density is that of m, not of T(m).
 *
 * For the estimators (the LeastSquaresObjective of the evidence engine) the negative
 * log-likelihood is written as ½‖r‖² + const: one row per measurement (r, or sign(r)·√(2|r|) for
 * laplace) and, for each measurement whose σ depends on estimated parameters, one row
 * √(ln(2πσ²) + C) (laplace: √(2·ln(2σ) + C)), C = 50 (so the root exists for σ > 1e-11), so that
 * ½Σ(rows²) = −llh − ΣJ + N·C/2 exactly (the "sigma residuals" of AMICI/pyPESTO).
 */
import type { Expr } from '../../model/expr/ast.js';
import { symbolsOf } from '../../model/expr/ast.js';
import { evaluate } from '../../model/expr/evaluate.js';
import { diff } from '../../model/expr/diff.js';
import { ZERO, ONE } from '../../model/expr/simplify.js';
import type { LeastSquaresObjective, ResidualEvaluation } from '../evidence/objective.js';
import type { PetabMeasurement, PetabValue } from './problem.js';
import { logPriorDensity, priorHasRow, priorQuantileTheta, priorRow, priorThetaInterval } from './prior.js';
import { startPoints } from '../evidence/fit.js';
import { scrambledHalton } from '../evidence/halton.js';
import { conditionParameters, experimentDerivatives, runExperiment, scaleDerivative, toScale, unscale, type PetabModel, type PetabRunOptions } from './simulate.js';

/** llh, chi2 and the per-measurement values of one evaluation of a problem (see the file comment for the conventions). */
export interface PetabEvaluation {
  /** The log-likelihood of all measurements (NaN when a run failed). */
  llh: number;
  /** Σ r² over all measurements (NaN when a run failed). */
  chi2: number;
  /** Σ ln π(θ) of the objective priors of the estimated parameters (0 without priors; −Infinity outside a uniform prior's interval). Not part of `llh`, as in PEtab's calculate_llh. */
  logPrior: number;
  /** llh + logPrior: the unnormalised log-posterior (NaN when a run failed). */
  logPosterior: number;
  /** Per measurement, in table order: the model value h, σ, and the standardized residual r. */
  simulations: Float64Array;
  /** Per measurement, in table order: σ (the noise formula's value, on the observable's scale). */
  sigmas: Float64Array;
  /** Per measurement, in table order: the standardized residual r = (T(h) − T(m)) / σ. */
  residuals: Float64Array;
  /** d llh / dθ (θ: the estimated parameters on their scales), when asked for. */
  gradient?: Float64Array;
  /** How each experiment's derivatives were computed. */
  methods?: ('forward' | 'fd')[];
  /** Why a run failed (the first failure: solver error, no steady state, σ too small); absent on success. */
  failure?: string;
}

/** Options of `evaluatePetab`: solver settings, and whether to compute d llh/dθ. */
export interface PetabEvaluateOptions extends PetabRunOptions {
  /** Compute d llh/dθ: 'forward' sensitivities where possible (else central differences), or 'fd' everywhere. */
  gradient?: 'forward' | 'fd';
}

const C_SIGMA = 50;

/** The estimated parameters' nominal values on their scales (the start of a fit). */
export function nominalTheta(pm: PetabModel): Float64Array {
  return Float64Array.from(pm.estimated, (k) => toScale(pm.problem.parameters[k].scale, pm.problem.parameters[k].nominal));
}

/** Every parameter-table value (linear scale): the nominal ones, the estimated from θ. */
export function parameterValues(pm: PetabModel, theta: ArrayLike<number>): Float64Array {
  const v = Float64Array.from(pm.problem.parameters, (p) => p.nominal);
  pm.estimated.forEach((k, ek) => { v[k] = unscale(pm.problem.parameters[k].scale, theta[ek]); });
  return v;
}

interface Formula { expr: Expr; syms: string[]; d: Expr[] }
function compileFormula(e: Expr): Formula {
  const syms = symbolsOf(e);
  return { expr: e, syms, d: syms.map((s) => diff(e, (leaf) => (leaf.kind === 'sym' && leaf.name === s ? ONE : ZERO))) };
}

/** Per observable: its two formulas with their partial derivatives. */
const FORMULAS = new WeakMap<PetabModel, Map<string, { h: Formula; s: Formula }>>();
function formulas(pm: PetabModel): Map<string, { h: Formula; s: Formula }> {
  let f = FORMULAS.get(pm);
  if (!f) {
    f = new Map([...pm.problem.observables.values()].map((o) => [o.id, { h: compileFormula(o.formula), s: compileFormula(o.noiseFormula) }]));
    FORMULAS.set(pm, f);
  }
  return f;
}

/** The symbols of a measurement's formulas: value and, when it depends on θ, d/dθ. */
function resolver(pm: PetabModel, m: PetabMeasurement, X: Float64Array, dX: Float64Array | undefined, ti: number,
  p: Float64Array, carries: Map<number, number>, values: Float64Array, dvalues: Float64Array) {
  const ne = pm.estimated.length, nq = pm.quantities.length;
  const paramGrad = (k: number): Float64Array | undefined => {
    const ek = pm.estimated.indexOf(k);
    if (ek < 0) return undefined;
    const g = new Float64Array(ne);
    g[ek] = dvalues[k];
    return g;
  };
  const entry = (v: PetabValue): { v: number; g?: Float64Array } => {
    if (typeof v === 'number') return { v };
    const k = pm.problem.parameters.findIndex((q) => q.id === v);
    return { v: values[k], g: paramGrad(k) };
  };
  return (s: string): { v: number; g?: Float64Array } => {
    const ph = /^(observable|noise)Parameter(\d+)_(.+)$/.exec(s);
    if (ph && ph[3] === m.observable) {
      const list = ph[1] === 'observable' ? m.observableParameters : m.noiseParameters;
      return entry(list[Number(ph[2]) - 1] ?? NaN);
    }
    const q = pm.quantityOf.get(s);
    if (q !== undefined) {
      const v = X[ti * nq + q];
      return dX ? { v, g: dX.slice((ti * nq + q) * ne, (ti * nq + q + 1) * ne) } : { v };
    }
    const sym = pm.problem.sbml.symbols.get(s);
    if (sym) {
      const j = pm.model.paramIndex(sym.name);
      const k = carries.get(j);
      return { v: p[j], g: k === undefined ? undefined : paramGrad(k) };
    }
    const k = pm.problem.parameters.findIndex((x) => x.id === s);
    if (k >= 0) return { v: values[k], g: paramGrad(k) };
    if (s === 't' || s === 'time') return { v: m.time };
    return { v: NaN };
  };
}

function evalFormula(f: Formula, value: (s: string) => { v: number; g?: Float64Array }, ne: number, withGrad: boolean): { v: number; g: Float64Array } {
  const vals = new Map<string, { v: number; g?: Float64Array }>();
  for (const s of f.syms) vals.set(s, value(s));
  const at = (leaf: { kind: string; name?: string }): number => (leaf.kind === 'sym' ? vals.get(leaf.name!)!.v : NaN);
  const v = evaluate(f.expr, at);
  const g = new Float64Array(ne);
  if (withGrad) {
    f.syms.forEach((s, i) => {
      const gs = vals.get(s)!.g;
      if (!gs) return;
      const d = evaluate(f.d[i], at);
      for (let k = 0; k < ne; k++) g[k] += d * gs[k];
    });
  }
  return { v, g };
}

const transform = (tr: string, x: number): number => (tr === 'log' ? Math.log(x) : tr === 'log10' ? Math.log10(x) : x);
const transformDerivative = (tr: string, x: number): number => (tr === 'log' ? 1 / x : tr === 'log10' ? 1 / (x * Math.LN10) : 1);

/** Row quantities of one evaluation, shared by the likelihood and the least-squares objective. */
interface Rows {
  r: Float64Array; sigma: Float64Array; h: Float64Array;
  /** dr/dθ and dσ/dθ, row-major measurement × estimated (when derivatives were asked for). */
  dr?: Float64Array; dsigma?: Float64Array;
  methods: ('forward' | 'fd')[];
  failure?: string;
}

function evaluateRows(pm: PetabModel, theta: ArrayLike<number>, grad: 'forward' | 'fd' | undefined, opt: PetabRunOptions): Rows {
  const { problem } = pm;
  const N = problem.measurements.length, ne = pm.estimated.length;
  const th = Float64Array.from(theta);
  const values = parameterValues(pm, th);
  const dvalues = Float64Array.from(problem.parameters, (q, k) => scaleDerivative(q.scale, values[k]));
  const out: Rows = { r: new Float64Array(N).fill(NaN), sigma: new Float64Array(N).fill(NaN), h: new Float64Array(N).fill(NaN), methods: [] };
  if (grad) { out.dr = new Float64Array(N * ne); out.dsigma = new Float64Array(N * ne); }
  const runs = pm.experiments.map((e) => {
    if (!grad) return { ...runExperiment(pm, e, values, opt), dX: undefined };
    const r = experimentDerivatives(pm, e, values, th, grad, opt);
    out.methods.push(r.method);
    return r;
  });
  const cps = pm.experiments.map((e) => conditionParameters(pm, e.condition, values));
  const fs = formulas(pm);
  problem.measurements.forEach((m, i) => {
    const ei = pm.rowExperiment[i];
    const run = runs[ei];
    if (run.failure) { out.failure ??= run.failure; return; }
    const value = resolver(pm, m, run.X, run.dX, pm.rowTime[i], cps[ei].p, cps[ei].carries, values, dvalues);
    const f = fs.get(m.observable)!;
    const o = problem.observables.get(m.observable)!;
    const h = evalFormula(f.h, value, ne, Boolean(grad));
    const s = evalFormula(f.s, value, ne, Boolean(grad));
    const tr = o.transformation;
    const r = (transform(tr, h.v) - transform(tr, m.value)) / s.v;
    out.h[i] = h.v; out.sigma[i] = s.v; out.r[i] = r;
    if (out.dr && out.dsigma) {
      const dt = transformDerivative(tr, h.v);
      for (let k = 0; k < ne; k++) {
        out.dr[i * ne + k] = (dt * h.g[k] - r * s.g[k]) / s.v;
        out.dsigma[i * ne + k] = s.g[k];
      }
    }
  });
  return out;
}

/** The data term J of a measurement (the transformation's Jacobian, see the file comment). */
function dataJacobian(tr: string, m: number): number {
  return tr === 'log' ? Math.log(m) : tr === 'log10' ? Math.log(m * Math.LN10) : 0;
}

/** Σ ln π of the objective priors of the estimated parameters at θ (docs/petab.md, "Priors"; 0 without priors). */
export function petabLogPrior(pm: PetabModel, theta: ArrayLike<number>): number {
  let lp = 0;
  pm.estimated.forEach((k, ek) => {
    const q = pm.problem.parameters[k];
    if (q.objectivePrior) lp += logPriorDensity(q.objectivePrior, q.scale, theta[ek]);
  });
  return lp;
}

/** llh and chi2 at θ (default: the nominal values), with d llh/dθ when asked for. */
export function evaluatePetab(pm: PetabModel, theta: ArrayLike<number> = nominalTheta(pm), opt: PetabEvaluateOptions = {}): PetabEvaluation {
  const { problem } = pm;
  const rows = evaluateRows(pm, theta, opt.gradient, opt);
  const ne = pm.estimated.length;
  let llh = 0, chi2 = 0;
  const gradient = opt.gradient ? new Float64Array(ne) : undefined;
  problem.measurements.forEach((m, i) => {
    const o = problem.observables.get(m.observable)!;
    const r = rows.r[i], s = rows.sigma[i];
    chi2 += r * r;
    const J = dataJacobian(o.transformation, m.value);
    if (o.noiseDistribution === 'laplace') llh -= Math.log(2 * s) + Math.abs(r) + J;
    else llh -= 0.5 * Math.log(2 * Math.PI * s * s) + 0.5 * r * r + J;
    if (gradient && rows.dr && rows.dsigma) {
      const sg = o.noiseDistribution === 'laplace' ? Math.sign(r) : r;
      for (let k = 0; k < ne; k++) gradient[k] -= rows.dsigma[i * ne + k] / s + sg * rows.dr[i * ne + k];
    }
  });
  const logPrior = petabLogPrior(pm, theta);
  return {
    llh: rows.failure ? NaN : llh, chi2: rows.failure ? NaN : chi2, logPrior, logPosterior: rows.failure ? NaN : llh + logPrior, simulations: rows.h, sigmas: rows.sigma, residuals: rows.r,
    ...(gradient ? { gradient, methods: rows.methods } : {}), ...(rows.failure ? { failure: rows.failure } : {}),
  };
}

/** The problem as the evidence engine's LeastSquaresObjective (θ on the parameters' PEtab scales). */
export interface PetabObjective extends LeastSquaresObjective {
  /** The problem's compiled model and index maps. */
  readonly model: PetabModel;
  /** The nominal θ (the fit's first start). */
  readonly theta0: Float64Array;
  /** Measurements whose σ depends on θ (each has a row √(ln(2πσ²) + C) after the measurement rows). */
  readonly sigmaRows: readonly number[];
  /** Estimated parameters (indices into θ) with a non-uniform objective prior: one row each, after the σ rows (½r² = −ln π + const). */
  readonly priorRows: readonly number[];
}

/** Builds the objective: ½Σ rows² = −llh + const (see the file comment). */
export function petabObjective(pm: PetabModel, opt: PetabRunOptions & { sensitivities?: 'forward' | 'fd' } = {}): PetabObjective {
  const { problem } = pm;
  const ne = pm.estimated.length, N = problem.measurements.length;
  // which σ depend on θ: evaluate the σ derivatives once at the nominal point (structural zeros stay zero)
  const theta0 = nominalTheta(pm);
  const probe = evaluateRows(pm, theta0, 'fd', opt);
  const sigmaRows: number[] = [];
  for (let i = 0; i < N; i++) {
    let dep = false;
    for (let k = 0; k < ne; k++) if (probe.dsigma![i * ne + k] !== 0) dep = true;
    if (dep) sigmaRows.push(i);
  }
  const priorRows = pm.estimated.flatMap((k, ek) => { const pr = problem.parameters[k].objectivePrior; return pr && priorHasRow(pr) ? [ek] : []; });
  const nS = N + sigmaRows.length, nR = nS + priorRows.length;
  const labels = [
    ...problem.measurements.map((m) => `${m.observable}@${m.preequilibration ? `${m.preequilibration}+` : ''}${m.condition}@t=${m.time} (${m.where})`),
    ...sigmaRows.map((i) => `sigma:${problem.measurements[i].where}`),
    ...priorRows.map((ek) => `prior:${problem.parameters[pm.estimated[ek]].id}`),
  ];
  // the box: the bounds on the parameters' scales, ∩ a uniform objective prior's interval
  const lower = Float64Array.from(pm.estimated, (k) => {
    const q = problem.parameters[k];
    return Math.max(toScale(q.scale, q.lower), q.objectivePrior ? priorThetaInterval(q.objectivePrior, q.scale)[0] : -Infinity);
  });
  const upper = Float64Array.from(pm.estimated, (k) => {
    const q = problem.parameters[k];
    return Math.min(toScale(q.scale, q.upper), q.objectivePrior ? priorThetaInterval(q.objectivePrior, q.scale)[1] : Infinity);
  });
  const evaluateRes = (theta: Float64Array, jacobian: boolean): ResidualEvaluation => {
    const rows = evaluateRows(pm, theta, jacobian ? (opt.sensitivities ?? 'forward') : undefined, opt);
    const r = new Float64Array(nR);
    const J = jacobian ? new Float64Array(nR * ne) : undefined;
    if (rows.failure) return { r: r.fill(NaN), ...(J ? { J } : {}), failure: rows.failure };
    problem.measurements.forEach((m, i) => {
      const laplace = problem.observables.get(m.observable)!.noiseDistribution === 'laplace';
      const x = rows.r[i];
      r[i] = laplace ? Math.sign(x) * Math.sqrt(2 * Math.abs(x)) : x;
      if (J && rows.dr) {
        const f = laplace ? 1 / Math.max(Math.sqrt(2 * Math.abs(x)), 1e-8) : 1;
        for (let k = 0; k < ne; k++) J[i * ne + k] = f * rows.dr[i * ne + k];
      }
    });
    for (let a = 0; a < sigmaRows.length; a++) {
      const i = sigmaRows[a];
      const s = rows.sigma[i];
      const laplace = problem.observables.get(problem.measurements[i].observable)!.noiseDistribution === 'laplace';
      const v = laplace ? 2 * Math.log(2 * s) + C_SIGMA : Math.log(2 * Math.PI * s * s) + C_SIGMA;
      if (!(v > 0)) return { r: r.fill(NaN), failure: `σ = ${s} of ${problem.measurements[i].where} is too small (below 1e-11)` };
      const root = Math.sqrt(v);
      r[N + a] = root;
      if (J && rows.dsigma) for (let k = 0; k < ne; k++) J[(N + a) * ne + k] = rows.dsigma[i * ne + k] / (s * root);
    }
    for (let a = 0; a < priorRows.length; a++) {
      const ek = priorRows[a], q = problem.parameters[pm.estimated[ek]];
      const row = priorRow(q.objectivePrior!, q.scale, theta[ek], q.lower);
      if (!Number.isFinite(row.r)) return { r: r.fill(NaN), failure: `the ${q.objectivePrior!.type} prior of '${q.id}' is not finite at θ = ${theta[ek]}` };
      r[nS + a] = row.r;
      if (J) J[(nS + a) * ne + ek] = row.dr;
    }
    return { r, ...(J ? { J } : {}) };
  };
  return {
    params: pm.estimated.map((k) => problem.parameters[k].id), lower, upper, nResiduals: nR, labels,
    evaluate: evaluateRes, model: pm, theta0, sigmaRows, priorRows,
  };
}

/**
 * The start points of a multi-start fit of a PEtab problem: the nominal point, then `starts` − 1
 * points of the scrambled Halton design of `fitMultiStart` (same seed, same points), where each
 * coordinate of a parameter with an initializationPrior is instead that prior's quantile at the
 * design's value (deterministic for a seed), clipped into the objective's box as PEtab says.
 * Without initialization priors these are exactly `fitMultiStart`'s own points.
 */
export function petabStartPoints(obj: PetabObjective, starts: number, seed: number): Float64Array[] {
  const pm = obj.model, n = obj.params.length;
  const base = startPoints(obj, obj.theta0, starts, seed);
  const priors = pm.estimated.map((k) => pm.problem.parameters[k].initializationPrior);
  if (priors.every((p) => !p)) return base;
  const design = scrambledHalton(Math.max(0, starts - 1), n, seed);
  design.forEach((u, d) => {
    const t = base[d + 1];
    priors.forEach((pr, i) => {
      if (!pr) return;
      const v = priorQuantileTheta(pr, pm.problem.parameters[pm.estimated[i]].scale, u[i]);
      t[i] = Math.min(obj.upper[i], Math.max(obj.lower[i], Number.isNaN(v) ? obj.lower[i] : v));
    });
  });
  return base;
}
