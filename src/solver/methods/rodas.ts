/**
 * The stepper shared by the 8-stage stiffly accurate Rosenbrock methods of `rodas5-tableau.ts`
 * (linearly implicit: one LU factorization of W = I/(h*gamma) - J per attempted step, no Newton
 * iteration, so no convergence failures; L-stable, so very stiff components are damped in one step).
 *
 * Per step: f(t, y), the Jacobian (analytic, or forward differences: n RHS calls, counted in
 * stats.rhsJac), df/dt by a one-sided difference in t unless the problem is declared autonomous
 * (2 RHS calls, also in stats.rhsJac), then per attempt one LU and s - 1 RHS calls. A rejected
 * attempt keeps f(t, y), J and df/dt (same t, same y) and only refactors W with the smaller h.
 * W is factored by `sparse-lu.ts` (the pattern of J found once, a fill-reducing order, partial
 * pivoting's threshold 0.1): OpenBoneMin's 43 states, one LU ~1 us instead of ~25 us dense.
 *
 * Rosenbrock methods assume the exact Jacobian. Rodas5 is sensitive to the ~sqrt(eps) error of the
 * finite-difference one at tight tolerances (HIRES at rtol 1e-8: 6.5 instead of 8.5 correct digits);
 * Rodas5P is not (measured: within 0.1 digit), so prefer Rodas5P when there is no analytic Jacobian.
 */
import type { Method, Stepper, StepperContext } from '../method.js';
import type { ResultCode, JacFn } from '../types.js';
import { type ControllerOptions, initialStepSize } from '../controller.js';
import { SparseLu } from '../sparse-lu.js';
import { errorWeights, wrmsNorm } from '../norm.js';
import { fdJacobian } from '../fdjac.js';
import type { RosenbrockTableau } from './rodas5-tableau.js';
import { OneStepStepper, label } from './one-step.js';

const CBRT_EPS = 6.055454452393343e-6; // eps^(1/3)
/** Consecutive singular iteration matrices tolerated (each halves h) before giving up. */
const MAX_SINGULAR = 8;

export class RodasStepper extends OneStepStepper {
  private readonly s: number;
  private readonly jac: JacFn | undefined;
  private readonly autonomous: boolean;
  private readonly order: number;

  // coefficients, flattened row-major
  private readonly A: Float64Array;
  private readonly C: Float64Array;
  private readonly c: Float64Array;
  private readonly d: Float64Array;
  private readonly b: Float64Array;
  private readonly bt: Float64Array;
  private readonly H: Float64Array;
  private readonly gamma: number;

  // work storage (allocated once)
  private readonly f0: Float64Array;
  private readonly ft: Float64Array;
  private readonly J: Float64Array;
  /** W = I/(h·gamma) − J and its factors (sparse: the pattern of J is found once). */
  private readonly lu: SparseLu;
  private readonly K: Float64Array;
  /** Views of K, one per stage (stage solves write straight into them). */
  private readonly kv: Float64Array[];
  private readonly ytmp: Float64Array;
  private readonly ftmp: Float64Array;
  private readonly rhs: Float64Array;
  private readonly ynew: Float64Array;
  private readonly err: Float64Array;
  private readonly D: Float64Array;

  constructor(ctx: StepperContext, tab: RosenbrockTableau, ctrl: ControllerOptions) {
    super(ctx, ctrl);
    const n = ctx.n, s = tab.stages;
    this.s = s;
    this.jac = ctx.problem.jac;
    this.autonomous = ctx.problem.autonomous === true;
    this.order = tab.order;
    this.gamma = tab.gamma;
    this.A = Float64Array.from(tab.A.flat());
    this.C = Float64Array.from(tab.C.flat());
    this.c = Float64Array.from(tab.c);
    this.d = Float64Array.from(tab.d);
    this.b = Float64Array.from(tab.b);
    this.bt = Float64Array.from(tab.btilde);
    this.H = Float64Array.from(tab.H.flat());
    this.f0 = new Float64Array(n);
    this.ft = new Float64Array(n);
    this.J = new Float64Array(n * n);
    this.lu = new SparseLu(n, 0.1, ctx.problem.jacPattern);
    this.K = new Float64Array(s * n);
    this.kv = Array.from({ length: s }, (_, st) => this.K.subarray(st * n, (st + 1) * n));
    this.ytmp = new Float64Array(n);
    this.ftmp = new Float64Array(n);
    this.rhs = new Float64Array(n);
    this.ynew = new Float64Array(n);
    this.err = new Float64Array(n);
    this.D = new Float64Array(3 * n);
  }

  protected restart(): void {
    this.D.fill(0);
  }

  step(tLimit: number): ResultCode | 'ok' {
    const n = this.n, s = this.s, f = this.f, stats = this.stats;
    const y = this.y, f0 = this.f0, K = this.K, kv = this.kv, ytmp = this.ytmp, ftmp = this.ftmp;
    const lu = this.lu, J = this.J, w = this.w, ft = this.ft;
    const t = this.t;

    f(t, y, f0);
    stats.rhs++;
    for (let i = 0; i < n; i++) {
      if (!Number.isFinite(f0[i])) {
        return this.failWith('non_finite', i, NaN,
          `the right-hand side returned ${f0[i]} for component '${label(this.names, i)}' at t=${t} `
          + `(state ${label(this.names, i)}=${y[i]}); check the model for a division by zero, a log of a non-positive value or an overflow`);
      }
    }
    errorWeights(y, this.rtol, this.atol, w);

    let h = this.h;
    if (h <= 0) {
      if (this.hUser > 0) h = this.hUser;
      else {
        h = initialStepSize(f, t, y, f0, w, this.order, tLimit - t, this.hMax, ytmp, ftmp);
        stats.rhs++;
      }
    }
    if (h > this.hMax) h = this.hMax;

    // Jacobian and df/dt at (t, y): kept for every attempt of this step
    if (this.jac !== undefined) {
      this.jac(t, y, J);
      // an analytic formula can overflow where f stays finite: difference f instead
      const nn = n * n;
      let k = 0;
      while (k < nn && Number.isFinite(J[k])) k++;
      if (k < nn) {
        stats.rhsJac += fdJacobian(f, t, y, f0, w, h, J, ytmp, ftmp);
        stats.jacFallback++;
      }
    } else {
      stats.rhsJac += fdJacobian(f, t, y, f0, w, h, J, ytmp, ftmp);
    }
    stats.jac++;
    if (!this.autonomous) this.timeDerivative(t, h, tLimit);

    const A = this.A, C = this.C, c = this.c, d = this.d, b = this.b, bt = this.bt;
    const ynew = this.ynew, errv = this.err;
    let singular = 0;
    let newJ = true;
    for (;;) {
      let hA = h;
      let last = false;
      if (t + 1.01 * hA >= tLimit) { hA = tLimit - t; last = true; }
      const hMin = 16 * Number.EPSILON * Math.max(Math.abs(t), 1e-290);
      if (hA < hMin && !last) {
        return this.tooSmall(hA, t);
      }

      // W = I/(h gamma) - J
      stats.lu++;
      const zp = lu.factor(J, 1 / (hA * this.gamma), -1, newJ);
      newJ = false;
      if (zp >= 0) {
        stats.rejected++;
        if (++singular > MAX_SINGULAR) {
          return this.failWith('singular_matrix', zp, NaN,
            `the iteration matrix I/(h*gamma) - J is singular at t=${t} (zero pivot for component `
            + `'${label(this.names, zp)}', h=${hA}); the Jacobian may be wrong or the problem ill-posed`, hA);
        }
        h = hA * 0.5;
        continue;
      }

      const invh = 1 / hA;
      for (let st = 0; st < s; st++) {
        const rowA = st * s;
        let src = f0;
        if (st > 0) {
          for (let i = 0; i < n; i++) ytmp[i] = y[i];
          for (let j = 0; j < st; j++) {
            const a = A[rowA + j];
            if (a === 0) continue;
            const kj = j * n;
            for (let i = 0; i < n; i++) ytmp[i] += a * K[kj + i];
          }
          f(t + c[st] * hA, ytmp, ftmp);
          stats.rhs++;
          src = ftmp;
        }
        const hd = hA * d[st];
        const ks = kv[st];
        if (hd !== 0 && !this.autonomous) {
          for (let i = 0; i < n; i++) ks[i] = src[i] + hd * ft[i];
        } else {
          for (let i = 0; i < n; i++) ks[i] = src[i];
        }
        for (let j = 0; j < st; j++) {
          const cc = C[rowA + j] * invh;
          if (cc === 0) continue;
          const kj = j * n;
          for (let i = 0; i < n; i++) ks[i] += cc * K[kj + i];
        }
        lu.solve(ks);
      }

      for (let i = 0; i < n; i++) { ynew[i] = y[i]; errv[i] = 0; }
      for (let j = 0; j < s; j++) {
        const bj = b[j], ej = bt[j], kj = j * n;
        if (bj !== 0) for (let i = 0; i < n; i++) ynew[i] += bj * K[kj + i];
        if (ej !== 0) for (let i = 0; i < n; i++) errv[i] += ej * K[kj + i];
      }
      let sum = 0;
      const rtol = this.rtol, atol = this.atol;
      for (let i = 0; i < n; i++) {
        const a = Math.abs(y[i]), bb = Math.abs(ynew[i]);
        const e = errv[i] / (atol[i] + rtol[i] * (a > bb ? a : bb));
        sum += e * e;
      }
      const err = Math.sqrt(sum / n);

      if (this.ctrl.judge(err)) {
        this.tPrev = t;
        this.t = last ? tLimit : t + hA;
        this.yPrev.set(y);
        y.set(ynew);
        stats.steps++;
        this.denseReady = false;
        this.h = hA * this.ctrl.factor;
        return 'ok';
      }
      stats.rejected++;
      stats.errorTestFailures++;
      h = hA * this.ctrl.factor;
      this.lastErr = err;
      if (h < hMin) {
        return this.tooSmall(h, t);
      }
    }
  }

  /**
   * df/dt at (t, y) by the second-order one-sided difference through t, t + d1, t + d2
   * (2 RHS calls, counted in stats.rhsJac). One-sided forward so that it never samples beyond the
   * segment (a time stop may follow); second order because Rodas5 loses accuracy with the
   * O(sqrt(eps)) error of a plain forward difference. d ~ eps^(1/3) h.
   */
  private timeDerivative(t: number, h: number, tLimit: number): void {
    const n = this.n, f0 = this.f0, f1 = this.ftmp, f2 = this.rhs, ft = this.ft, y = this.y;
    let del = CBRT_EPS * h;
    const floor = 64 * Number.EPSILON * Math.abs(t);
    if (del < floor) del = floor;
    if (2 * del > tLimit - t) del = (tLimit - t) / 2;
    if (!(del > 0)) del = CBRT_EPS;
    const t1 = t + del, t2 = t + 2 * del;
    const d1 = t1 - t, d2 = t2 - t; // exactly representable offsets
    this.f(t1, y, f1);
    this.f(t2, y, f2);
    this.stats.rhsJac += 2;
    const c0 = -(d1 + d2) / (d1 * d2), c1 = d2 / (d1 * (d2 - d1)), c2 = -d1 / (d2 * (d2 - d1));
    for (let i = 0; i < n; i++) ft[i] = c0 * f0[i] + c1 * f1[i] + c2 * f2[i];
  }

  interpolate(sv: number, out: Float64Array): void {
    const n = this.n, y0 = this.yPrev, y1 = this.y;
    const dt = this.t - this.tPrev;
    if (dt === 0) { out.set(y1); return; }
    if (!this.denseReady) this.buildDense();
    const th = (sv - this.tPrev) / dt, th1 = 1 - th;
    const D = this.D;
    for (let i = 0; i < n; i++) {
      out[i] = th1 * y0[i] + th * (y1[i] + th1 * (D[i] + th * (D[n + i] + th * D[2 * n + i])));
    }
  }

  /** D_r = sum_i H_ri k_i, from the stage vectors of the last accepted step (still in K). */
  private buildDense(): void {
    const n = this.n, s = this.s, H = this.H, K = this.K, D = this.D;
    D.fill(0);
    for (let r = 0; r < 3; r++) {
      const dr = r * n;
      for (let j = 0; j < s; j++) {
        const hc = H[r * s + j];
        if (hc === 0) continue;
        const kj = j * n;
        for (let i = 0; i < n; i++) D[dr + i] += hc * K[kj + i];
      }
    }
    this.denseReady = true;
  }

  private tooSmall(h: number, t: number): ResultCode {
    // the error vector of the last rejected attempt names the component that forced h down
    errorWeights(this.y, this.rtol, this.atol, this.w);
    const e = Number.isFinite(this.lastErr) ? this.lastErr : wrmsNorm(this.err, this.w, this.n);
    return this.stepTooSmall(h, t, this.err, e, 'the tolerances are too tight for double precision');
  }
}

/** Options of the Rosenbrock methods rodas5 and rodas5p (step-size controller overrides). */
export interface RodasOptions {
  /** Overrides of the step-size controller defaults. */
  controller?: Partial<ControllerOptions>;
}

/** Builds the immutable Method value for a tableau. */
export function rodasMethod(tab: RosenbrockTableau, ctrl: ControllerOptions): Method {
  return Object.freeze({
    name: tab.name,
    order: tab.order,
    stiff: true,
    create: (ctx: StepperContext): Stepper => new RodasStepper(ctx, tab, ctrl),
  });
}
