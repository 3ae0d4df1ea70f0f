/**
 * PEtab v1 priors (parameter table columns objectivePriorType / objectivePriorParameters and
 * initializationPriorType / initializationPriorParameters; docs/petab.md, "Priors").
 *
 * Types and their two parameters `a;b` (PEtab v1 spec, "Parameter table"):
 *   uniform a;b (lower; upper), normal μ;σ, laplace μ;b (location; scale), logNormal μ;σ and
 *   logLaplace μ;b (of ln x) — densities of the parameter x on the linear scale — and
 *   parameterScaleUniform, parameterScaleNormal, parameterScaleLaplace: the same densities of
 *   θ, the parameter on its parameterScale (parameters on that scale).
 *
 * The log-prior of a linear-space type is ln π(x) at x = unscale(θ) (no change-of-variables term
 * dx/dθ), of a parameterScale type ln π(θ): how pyPESTO evaluates PEtab priors. Densities:
 *   uniform 1/(b − a) on [a, b] (0 outside: −∞), normal e^{−(z−μ)²/2σ²}/(σ√2π),
 *   laplace e^{−|z−μ|/b}/(2b), logNormal e^{−(ln x−μ)²/2σ²}/(xσ√2π), logLaplace e^{−|ln x−μ|/b}/(2bx).
 *
 * For the estimators (a LeastSquaresObjective, ½Σ rows²) each objective prior becomes one row r with
 * ½r² = −ln π + const, exactly:
 *   normal (z = x or θ): r = (z − μ)/σ;  laplace: r = sign(d)·√(2|d|/b), d = z − μ;
 *   logNormal: r = (ln x − μ + σ²)/σ  (ln x + (ln x − μ)²/2σ² = (ln x − μ + σ²)²/2σ² + const);
 *   logLaplace, b < 1: r = sign(d)·√(2|d|·(1/b + sign d)), d = ln x − μ (ln x + |d|/b is convex,
 *     least at d = 0); b ≥ 1: ln x + |d|/b never decreases, r = √(2·(f(ln x) − f(ln lowerBound))),
 *     which needs a positive lower bound;
 *   uniform: no row — the fit's box is the bounds ∩ [a, b].
 */
import type { PetabIssue } from './tsv.js';
import { petabNumber } from './tsv.js';
import { normalQuantile } from '../evidence/stats.js';
import { scaleDerivative, toScale, unscale } from './simulate.js';

/** A PEtab v1 prior type (objectivePriorType, initializationPriorType); see the file comment. */
export type PetabPriorType = 'uniform' | 'normal' | 'laplace' | 'logNormal' | 'logLaplace' | 'parameterScaleUniform' | 'parameterScaleNormal' | 'parameterScaleLaplace';

/** A prior of the parameter table: its type and its two parameters (see the file comment for their meaning). */
export interface PetabPrior {
  /** The prior type, as PEtab v1 names it. */
  type: PetabPriorType;
  /** First parameter: lower bound (uniform types), mean or location (others); on the parameter scale for parameterScale* types, of ln x for logNormal/logLaplace, else linear. */
  a: number;
  /** Second parameter: upper bound (uniform types), standard deviation (normal types) or scale (laplace types). */
  b: number;
}

/** The eight prior types of PEtab v1, in the order the spec lists them (linear-space ones first). */
export const PRIOR_TYPES: readonly PetabPriorType[] = ['uniform', 'normal', 'laplace', 'logNormal', 'logLaplace', 'parameterScaleUniform', 'parameterScaleNormal', 'parameterScaleLaplace'];

const scaled = (t: PetabPriorType): boolean => t.startsWith('parameterScale');


/**
 * Reads one prior (type and parameters cells) of a parameter-table row; problems go to `issues`
 * (file, line, column). `bounds` are the row's lowerBound/upperBound (linear), the default
 * parameters of the uniform types. Undefined when both cells are empty or the prior is invalid.
 */
export function readPrior(typeText: string, paramText: string, kind: 'objective' | 'initialization', scale: string, bounds: [number, number],
  where: { file: string; line: number }, issues: PetabIssue[]): PetabPrior | undefined {
  const tc = `${kind}PriorType`, pc = `${kind}PriorParameters`;
  if (typeText === '' && paramText === '') return undefined;
  const type = (typeText === '' ? 'parameterScaleUniform' : typeText) as PetabPriorType;
  const at = (column: string, message: string): void => { issues.push({ ...where, column, message }); };
  if (!PRIOR_TYPES.includes(type)) { at(tc, `"${typeText}" is not a PEtab prior type (${PRIOR_TYPES.join(', ')})`); return undefined; }
  let a: number, b: number;
  if (paramText === '') {
    if (type !== 'uniform' && type !== 'parameterScaleUniform') { at(pc, `empty: ${type} needs two parameters ${type.endsWith('Normal') || type === 'normal' ? 'mean;standard deviation' : 'location;scale'}`); return undefined; }
    // PEtab's default: lowerBound;upperBound (on the parameter scale for parameterScaleUniform)
    a = type === 'uniform' ? bounds[0] : toScale(scale, bounds[0]);
    b = type === 'uniform' ? bounds[1] : toScale(scale, bounds[1]);
    if (!(Number.isFinite(a) && Number.isFinite(b) && a < b)) { at(pc, `empty, and the default lowerBound;upperBound (${bounds[0]};${bounds[1]}) is not a finite interval on the prior's scale: give the parameters`); return undefined; }
    return { type, a, b };
  }
  const parts = paramText.split(';').map((s) => s.trim());
  if (parts.length !== 2) { at(pc, `"${paramText}": ${type} takes 2 parameters separated by ';', got ${parts.length}`); return undefined; }
  const nums = parts.map((s) => petabNumber(s));
  let ok = true;
  nums.forEach((v, i) => { if (v === undefined || !Number.isFinite(v)) { at(pc, `"${parts[i]}" (parameter ${i + 1}) is not a finite number`); ok = false; } });
  if (!ok) return undefined;
  [a, b] = nums as [number, number];
  if (type === 'uniform' || type === 'parameterScaleUniform') {
    if (!(a < b)) { at(pc, `${a};${b}: the lower bound must be below the upper bound`); return undefined; }
  } else if (!(b > 0)) { at(pc, `${b}: the ${type.toLowerCase().endsWith('normal') ? 'standard deviation' : 'scale'} must be positive`); return undefined; }
  return { type, a, b };
}

/** ln π of the prior at θ (the parameter on its `scale`); see the file comment. −Infinity outside the support. */
export function logPriorDensity(prior: PetabPrior, scale: string, theta: number): number {
  const { type, a, b } = prior;
  const z = scaled(type) ? theta : unscale(scale, theta);
  switch (type) {
    case 'uniform': case 'parameterScaleUniform': return z >= a && z <= b ? -Math.log(b - a) : -Infinity;
    case 'normal': case 'parameterScaleNormal': return -0.5 * Math.log(2 * Math.PI * b * b) - ((z - a) ** 2) / (2 * b * b);
    case 'laplace': case 'parameterScaleLaplace': return -Math.log(2 * b) - Math.abs(z - a) / b;
    case 'logNormal': return z > 0 ? -Math.log(z) - 0.5 * Math.log(2 * Math.PI * b * b) - ((Math.log(z) - a) ** 2) / (2 * b * b) : -Infinity;
    case 'logLaplace': return z > 0 ? -Math.log(z) - Math.log(2 * b) - Math.abs(Math.log(z) - a) / b : -Infinity;
  }
}

/** The value of the prior's quantile function at u ∈ (0, 1), on θ's scale (the start of a multi-start run). */
export function priorQuantileTheta(prior: PetabPrior, scale: string, u: number): number {
  const { type, a, b } = prior;
  let z: number;
  switch (type) {
    case 'uniform': case 'parameterScaleUniform': z = a + u * (b - a); break;
    case 'normal': case 'parameterScaleNormal': case 'logNormal': z = a + b * normalQuantile(Math.min(Math.max(u, 1e-300), 1 - 1e-16)); break;
    default: { const v = u - 0.5; z = a - b * Math.sign(v) * Math.log(1 - 2 * Math.abs(v)); }
  }
  if (scaled(type)) return z;
  if (type === 'logNormal' || type === 'logLaplace') z = Math.exp(z);
  return toScale(scale, z);
}

/**
 * One least-squares row of an objective prior (see the file comment): its value and d row/dθ at θ.
 * `lowerX` is the parameter's lower bound (linear), used by logLaplace with b ≥ 1.
 */
export function priorRow(prior: PetabPrior, scale: string, theta: number, lowerX: number): { r: number; dr: number } {
  const { type, a, b } = prior;
  const x = unscale(scale, theta);
  const dx = scaleDerivative(scale, x);
  // z and dz/dθ: θ for parameterScale types, ln x for the log types, else x
  const lg = type === 'logNormal' || type === 'logLaplace';
  const z = scaled(type) ? theta : lg ? Math.log(x) : x;
  const dz = scaled(type) ? 1 : lg ? dx / x : dx;
  const d = z - a;
  switch (type) {
    case 'normal': case 'parameterScaleNormal': return { r: d / b, dr: dz / b };
    case 'logNormal': return { r: (d + b * b) / b, dr: dz / b };
    case 'laplace': case 'parameterScaleLaplace': {
      const r = Math.sign(d) * Math.sqrt((2 * Math.abs(d)) / b);
      return { r, dr: dz / (b * Math.max(Math.abs(r), 1e-8)) };
    }
    case 'logLaplace': {
      if (b < 1) {
        const c = 1 / b + Math.sign(d);
        const r = Math.sign(d) * Math.sqrt(2 * Math.abs(d) * c);
        return { r, dr: (c * dz) / Math.max(Math.abs(r), 1e-8) };
      }
      const f = (w: number): number => w + Math.abs(w - a) / b;
      const r = Math.sqrt(Math.max(0, 2 * (f(z) - f(Math.log(lowerX)))));
      return { r, dr: ((1 + Math.sign(d) / b) * dz) / Math.max(r, 1e-8) };
    }
    default: return { r: 0, dr: 0 };
  }
}

/** Whether an objective prior gives a least-squares row (the uniform types restrict the box instead). */
export function priorHasRow(prior: PetabPrior): boolean {
  return prior.type !== 'uniform' && prior.type !== 'parameterScaleUniform';
}

/** The θ-interval a uniform prior allows (the whole line for the other types). */
export function priorThetaInterval(prior: PetabPrior, scale: string): [number, number] {
  if (prior.type === 'parameterScaleUniform') return [prior.a, prior.b];
  if (prior.type === 'uniform') return [prior.a > 0 || scale === 'lin' ? toScale(scale, prior.a) : -Infinity, toScale(scale, prior.b)];
  return [-Infinity, Infinity];
}
