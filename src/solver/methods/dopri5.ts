/**
 * Dormand–Prince 5(4): explicit Runge–Kutta, order 5 with an embedded order-4 error estimate,
 * FSAL (6 RHS calls per accepted step), 4th-order dense output (coefficients: `dopri5-tableau.ts`).
 *
 * When to use: non-stiff problems at moderate tolerances (rtol 1e-4 .. 1e-9): orbits, oscillators,
 * slowly varying kinetics. On a stiff problem its step size is bounded by stability, not accuracy,
 * and it ends in 'max_steps': use rodas5 or bdf there.
 */
import type { Method, Stepper, StepperContext } from '../method.js';
import type { ResultCode } from '../types.js';
import { type ControllerOptions, CONTROLLER_DEFAULTS, controllerOptions, initialStepSize } from '../controller.js';
import { errorWeights } from '../norm.js';
import { DOPRI5, type ExplicitRkTableau } from './dopri5-tableau.js';
import { OneStepStepper, label } from './one-step.js';

class Dopri5Stepper extends OneStepStepper {
  private readonly A: Float64Array;
  private readonly c: Float64Array;
  private readonly b: Float64Array;
  private readonly e: Float64Array;
  private readonly dd: Float64Array;

  /**
   * Stage derivatives k_1..k_7. FSAL: after an accepted step the arrays of k_1 and k_7 swap
   * places (no copy), so until the next step k[6] holds the old k_1 and k[0] the old k_7.
   */
  private readonly k: Float64Array[];
  private readonly ytmp: Float64Array;
  private readonly ynew: Float64Array;
  private readonly errv: Float64Array;
  private readonly r: Float64Array;
  private fsalValid = false;
  private readonly nErr: number;

  constructor(ctx: StepperContext, tab: ExplicitRkTableau, ctrl: ControllerOptions) {
    super(ctx, ctrl);
    const n = ctx.n;
    this.A = Float64Array.from(tab.A.flat());
    this.c = Float64Array.from(tab.c);
    this.b = Float64Array.from(tab.b);
    this.e = Float64Array.from(tab.e);
    this.dd = Float64Array.from(tab.dd);
    this.k = Array.from({ length: 7 }, () => new Float64Array(n));
    this.ytmp = new Float64Array(n);
    this.ynew = new Float64Array(n);
    this.errv = new Float64Array(n);
    this.r = new Float64Array(4 * n);
    this.nErr = ctx.errorComponents ?? n;
  }

  protected restart(): void {
    this.fsalValid = false;
    this.r.fill(0);
  }

  step(tLimit: number): ResultCode | 'ok' {
    const n = this.n, f = this.f, stats = this.stats, k = this.k, y = this.y, ytmp = this.ytmp;
    const t = this.t;
    if (!this.fsalValid) {
      const k1 = k[0];
      f(t, y, k1);
      stats.rhs++;
      for (let i = 0; i < n; i++) {
        if (!Number.isFinite(k1[i])) {
          return this.failWith('non_finite', i, NaN,
            `the right-hand side returned ${k1[i]} for component '${label(this.names, i)}' at t=${t} `
            + `(state ${label(this.names, i)}=${y[i]}); check the model for a division by zero or an overflow`, 0);
        }
      }
      this.fsalValid = true;
    }
    let h = this.h;
    if (h <= 0) {
      if (this.hUser > 0) h = this.hUser;
      else {
        errorWeights(y, this.rtol, this.atol, this.w);
        h = initialStepSize(f, t, y, k[0], this.w, 5, tLimit - t, this.hMax, ytmp, this.ynew);
        stats.rhs++;
      }
    }
    if (h > this.hMax) h = this.hMax;

    const A = this.A, c = this.c, b = this.b, e = this.e, ynew = this.ynew, errv = this.errv;
    const rtol = this.rtol, atol = this.atol;
    for (;;) {
      let hA = h;
      let last = false;
      if (t + 1.01 * hA >= tLimit) { hA = tLimit - t; last = true; }
      const hMin = 16 * Number.EPSILON * Math.max(Math.abs(t), 1e-290);
      if (hA < hMin && !last) return this.tooSmall(hA, t);

      // stages 2..6 (k7 is f at the new point)
      for (let st = 1; st < 6; st++) {
        const row = st * 7;
        ytmp.set(y);
        for (let j = 0; j < st; j++) {
          const a = hA * A[row + j];
          if (a === 0) continue;
          const kj = k[j];
          for (let i = 0; i < n; i++) ytmp[i] += a * kj[i];
        }
        f(t + c[st] * hA, ytmp, k[st]);
        stats.rhs++;
      }
      ynew.set(y);
      errv.fill(0);
      for (let j = 0; j < 6; j++) {
        const bj = hA * b[j], ej = e[j], kj = k[j];
        if (bj !== 0) for (let i = 0; i < n; i++) ynew[i] += bj * kj[i];
        if (ej !== 0) for (let i = 0; i < n; i++) errv[i] += ej * kj[i];
      }
      const tNew = last ? tLimit : t + hA;
      const k7 = k[6];
      f(tNew, ynew, k7);
      stats.rhs++;
      let sum = 0;
      const e7 = e[6];
      const nErr = this.nErr;
      for (let i = 0; i < nErr; i++) {
        const er = hA * (errv[i] + e7 * k7[i]);
        errv[i] = er;
        const a = Math.abs(y[i]), bb = Math.abs(ynew[i]);
        const q = er / (atol[i] + rtol[i] * (a > bb ? a : bb));
        sum += q * q;
      }
      // components outside the error test (SolveOptions.errorComponents): estimate kept for messages
      for (let i = nErr; i < n; i++) errv[i] = hA * (errv[i] + e7 * k7[i]);
      const err = Math.sqrt(sum / nErr);
      if (this.ctrl.judge(err)) {
        this.tPrev = t;
        this.t = tNew;
        this.yPrev.set(y);
        y.set(ynew);
        this.lastH = hA;
        this.denseReady = false;
        stats.steps++;
        this.h = hA * this.ctrl.factor;
        k[6] = k[0];
        k[0] = k7;
        return 'ok';
      }
      stats.rejected++;
      stats.errorTestFailures++;
      this.lastErr = err;
      h = hA * this.ctrl.factor;
      if (h < hMin) return this.tooSmall(h, t);
    }
  }

  private lastH = 0;

  /** r1..r4 of Hairer's CONTD5 from the last accepted step (k_1 and k_7 are swapped by then). */
  private buildDense(): void {
    const n = this.n, k = this.k, r = this.r, h = this.lastH, dd = this.dd, y0 = this.yPrev, y1 = this.y;
    const k1 = k[6], k7 = k[0];
    for (let i = 0; i < n; i++) {
      const ydiff = y1[i] - y0[i];
      const bspl = h * k1[i] - ydiff;
      r[i] = ydiff;
      r[n + i] = bspl;
      r[2 * n + i] = ydiff - h * k7[i] - bspl;
      r[3 * n + i] = h * (dd[0] * k1[i] + dd[1] * k[1][i] + dd[2] * k[2][i] + dd[3] * k[3][i] + dd[4] * k[4][i] + dd[5] * k[5][i] + dd[6] * k7[i]);
    }
    this.denseReady = true;
  }

  interpolate(s: number, out: Float64Array): void {
    const n = this.n, dt = this.t - this.tPrev, y0 = this.yPrev, r = this.r;
    if (dt === 0) { out.set(this.y); return; }
    if (!this.denseReady) this.buildDense();
    const th = (s - this.tPrev) / dt, th1 = 1 - th;
    for (let i = 0; i < n; i++) {
      out[i] = y0[i] + th * (r[i] + th1 * (r[n + i] + th * (r[2 * n + i] + th1 * r[3 * n + i])));
    }
  }

  private tooSmall(h: number, t: number): ResultCode {
    return this.stepTooSmall(h, t, this.errv, this.lastErr, 'the tolerances are too tight');
  }
}

/** Options of the explicit Dormand–Prince 5(4) method (step-size controller overrides). */
export interface Dopri5Options {
  /** Overrides of the step-size controller defaults. */
  controller?: Partial<ControllerOptions>;
}

/** Dormand–Prince 5(4) with 4th-order dense output (explicit; non-stiff problems). */
export function dopri5(options: Dopri5Options = {}): Method {
  const ctrl = controllerOptions(CONTROLLER_DEFAULTS.dopri5, options.controller);
  return Object.freeze({
    name: DOPRI5.name,
    order: DOPRI5.order,
    stiff: false,
    blocks: true, // explicit: no Newton matrix
    create: (ctx: StepperContext): Stepper => new Dopri5Stepper(ctx, DOPRI5, ctrl),
  });
}
