/**
 * Step-size control, kept out of the methods (diffrax `_step_size_controller`, SciML
 * `controllers.jl`): a method computes a weighted RMS error estimate `err` (accept when err <= 1)
 * and asks its controller whether to accept and by what factor to scale the step.
 *
 * The law is the PI controller of Gustafsson (1991) in the form of Hairer & Wanner (Solving ODEs
 * I, Sect. IV.2, and the DOPRI5/RODAS codes):
 *
 *   factor = safety * err^(-beta1) * errPrev^(beta2),   clamped to [facMin, facMax],
 *
 * where errPrev is the error of the last accepted step. The integral part (beta1) reacts to the
 * current error, the proportional part (beta2) damps the oscillation a pure I controller shows when
 * the step size is limited by stability (stiff problems, explicit methods at the stability edge).
 * After a rejection the next accepted step may not grow (the rejected size was already too large).
 */

/** Step-size controller settings of the one-step methods: safety factor, step ratio limits and the PI gains. */
export interface ControllerOptions {
  /** Safety factor on the proposed step (< 1). */
  safety: number;
  /** Smallest factor h_new / h (also used after a failed attempt). */
  facMin: number;
  /** Largest factor h_new / h. */
  facMax: number;
  /** Integral exponent; 1/(q+1) for an error estimate of order q gives the classical I controller. */
  beta1: number;
  /** Proportional exponent on the previous accepted error (0 = pure I controller). */
  beta2: number;
}

/**
 * Per-method defaults. `beta1 = 0.7/k`, `beta2 = 0.4/k` with k = the order of the error estimate
 * plus one is Hairer–Wanner's recommendation for PI control; DOPRI5 uses Hairer's published
 * constants (beta2 = 0.04, beta1 = 0.2 - 0.75 * beta2).
 */
export const CONTROLLER_DEFAULTS = {
  dopri5: { safety: 0.9, facMin: 0.2, facMax: 10, beta1: 0.17, beta2: 0.04 },
  rodas5: { safety: 0.9, facMin: 0.2, facMax: 6, beta1: 0.7 / 5, beta2: 0.4 / 5 },
} satisfies Record<string, ControllerOptions>;

/** The smallest previous error used in the PI law; avoids huge factors after an exact step. */
const ERR_FLOOR = 1e-4;

export class PIController {
  readonly safety: number;
  readonly facMin: number;
  readonly facMax: number;
  readonly beta1: number;
  readonly beta2: number;
  /** h_new / h proposed by the last call to `judge` (for both outcomes). */
  factor = 1;
  private errPrev = ERR_FLOOR;
  private rejectedLast = false;

  constructor(opts: ControllerOptions) {
    const issues: string[] = [];
    if (!(opts.safety > 0 && opts.safety <= 1)) issues.push(`safety must be in (0, 1], got ${opts.safety}`);
    if (!(opts.facMin > 0 && opts.facMin < 1)) issues.push(`facMin must be in (0, 1), got ${opts.facMin}`);
    if (!(opts.facMax > 1)) issues.push(`facMax must be > 1, got ${opts.facMax}`);
    if (!(opts.beta1 > 0)) issues.push(`beta1 must be > 0, got ${opts.beta1}`);
    if (!(opts.beta2 >= 0 && opts.beta2 < opts.beta1)) issues.push(`beta2 must be in [0, beta1), got ${opts.beta2}`);
    if (issues.length > 0) throw new RangeError(`invalid step-size controller options: ${issues.join('; ')}`);
    this.safety = opts.safety;
    this.facMin = opts.facMin;
    this.facMax = opts.facMax;
    this.beta1 = opts.beta1;
    this.beta2 = opts.beta2;
  }

  /** Forget the error history (after a discontinuity / method reset). */
  reset(): void {
    this.errPrev = ERR_FLOOR;
    this.rejectedLast = false;
    this.factor = 1;
  }

  /**
   * Judges an attempted step with weighted error `err`. Returns true when the step is accepted.
   * Either way `factor` then holds the proposed h_new / h. A NaN or infinite error (the RHS
   * overflowed inside the step) is a rejection with the strongest reduction.
   */
  judge(err: number): boolean {
    if (err <= 1) {
      const e = err > ERR_FLOOR * 1e-6 ? err : ERR_FLOOR * 1e-6;
      let fac = this.safety * Math.pow(e, -this.beta1) * Math.pow(this.errPrev, this.beta2);
      const hi = this.rejectedLast ? 1 : this.facMax;
      if (fac > hi) fac = hi;
      else if (fac < this.facMin) fac = this.facMin;
      this.factor = fac;
      this.errPrev = err > ERR_FLOOR ? err : ERR_FLOOR;
      this.rejectedLast = false;
      return true;
    }
    // rejected (also when err is NaN): the I part alone, never an increase
    let fac = Number.isFinite(err) ? this.safety * Math.pow(err, -this.beta1) : this.facMin;
    if (fac < this.facMin) fac = this.facMin;
    else if (fac > this.safety) fac = this.safety;
    this.factor = fac;
    this.rejectedLast = true;
    return false;
  }
}

/** Merges user overrides into a method's defaults. */
export function controllerOptions(defaults: ControllerOptions, overrides?: Partial<ControllerOptions>): ControllerOptions {
  return overrides ? { ...defaults, ...overrides } : defaults;
}

/**
 * Starting step size (Hairer, Nørsett & Wanner, Solving ODEs I, Sect. II.4, and DOPRI5's HINIT):
 * h0 = 0.01 ||y0|| / ||f0||, one explicit Euler step to estimate ||y''||, then
 * h = min(100 h0, (0.01 / max(||f0||, ||y''||))^(1/(order+1))), capped by hMax and the span.
 * Norms are weighted RMS with the run's tolerances. Costs one RHS call.
 *
 * `f0` = f(t, y) must be given; `w` holds the error weights of y; `ytmp`, `ftmp` are work arrays.
 */
export function initialStepSize(
  f: (t: number, y: Float64Array, dy: Float64Array) => void,
  t: number, y: Float64Array, f0: Float64Array, w: Float64Array, order: number,
  span: number, hMax: number, ytmp: Float64Array, ftmp: Float64Array,
): number {
  const n = y.length;
  let d0 = 0, d1 = 0;
  for (let i = 0; i < n; i++) {
    const a = y[i] * w[i], b = f0[i] * w[i];
    d0 += a * a;
    d1 += b * b;
  }
  d0 = Math.sqrt(d0 / n);
  d1 = Math.sqrt(d1 / n);
  const cap = Math.min(Math.abs(span), hMax);
  let h0 = d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : 0.01 * (d0 / d1);
  if (h0 > cap) h0 = cap;
  for (let i = 0; i < n; i++) ytmp[i] = y[i] + h0 * f0[i];
  f(t + h0, ytmp, ftmp);
  let d2 = 0;
  for (let i = 0; i < n; i++) { const e = (ftmp[i] - f0[i]) * w[i]; d2 += e * e; }
  d2 = Math.sqrt(d2 / n) / h0;
  const m = Math.max(d1, d2);
  const h1 = m <= 1e-15 ? Math.max(1e-6, h0 * 1e-3) : Math.pow(0.01 / m, 1 / (order + 1));
  let h = Math.min(100 * h0, h1);
  if (!(h > 0) || !Number.isFinite(h)) h = h0;
  return h > cap ? cap : h;
}
