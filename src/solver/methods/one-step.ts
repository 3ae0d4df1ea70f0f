/**
 * What the one-step methods (Dormand–Prince, the Rosenbrock family) share: the context they read,
 * the state the driver sees, restarting, and how a failure is recorded — a method adds its stages,
 * its error estimate and its dense output.
 */
import type { Stepper, StepperContext } from '../method.js';
import type { FailureInfo, ResultCode, RhsFn, SolverStats } from '../types.js';
import { PIController, type ControllerOptions } from '../controller.js';
import { errorWeights, worstComponent } from '../norm.js';

export function label(names: readonly string[] | undefined, i: number): string {
  return names?.[i] ?? `y[${i}]`;
}

export abstract class OneStepStepper implements Stepper {
  t = 0;
  tPrev = 0;
  readonly y: Float64Array;

  protected readonly n: number;
  protected readonly f: RhsFn;
  protected readonly names: readonly string[] | undefined;
  protected readonly stats: SolverStats;
  protected readonly rtol: Float64Array;
  protected readonly atol: Float64Array;
  protected readonly hMax: number;
  protected readonly hUser: number;
  protected readonly ctrl: PIController;
  protected readonly yPrev: Float64Array;
  /** Error weights (work array). */
  protected readonly w: Float64Array;
  protected denseReady = false;
  /** Step size for the next attempt; 0 = choose automatically. */
  protected h = 0;
  /** Weighted error of the last attempt (NaN before the first). */
  protected lastErr = NaN;
  private fail: FailureInfo | undefined;
  private msg = '';

  constructor(ctx: StepperContext, ctrl: ControllerOptions) {
    const n = ctx.n;
    this.n = n;
    this.f = ctx.problem.f;
    this.names = ctx.problem.names;
    this.stats = ctx.stats;
    this.rtol = ctx.rtol;
    this.atol = ctx.atol;
    this.hMax = ctx.hMax;
    this.hUser = ctx.h0;
    this.ctrl = new PIController(ctrl);
    this.y = new Float64Array(n);
    this.yPrev = new Float64Array(n);
    this.w = new Float64Array(n);
  }

  reset(t: number, y: ArrayLike<number>): void {
    this.t = t;
    this.tPrev = t;
    for (let i = 0; i < this.n; i++) this.y[i] = y[i];
    this.yPrev.set(this.y);
    this.h = 0;
    this.ctrl.reset();
    this.denseReady = true;
    this.fail = undefined;
    this.msg = '';
    this.restart();
  }

  /** Method-specific part of a restart (history, dense-output coefficients). */
  protected abstract restart(): void;

  abstract step(tLimit: number): ResultCode | 'ok';
  abstract interpolate(s: number, out: Float64Array): void;

  failure(): FailureInfo | undefined { return this.fail; }
  message(): string { return this.msg; }

  /** 'step_too_small', naming the component whose error (in `err`) forced h down. */
  protected stepTooSmall(h: number, t: number, err: Float64Array, errEst: number, hint: string): ResultCode {
    errorWeights(this.y, this.rtol, this.atol, this.w);
    const k = worstComponent(err, this.w, this.n);
    return this.failWith('step_too_small', k, errEst,
      `step size ${h.toExponential(2)} too small at t=${t} (error estimate ${errEst.toExponential(2)}, worst component `
      + `'${label(this.names, k)}' = ${this.y[k]}): the solution may blow up or be discontinuous there `
      + `(put a time stop at a known discontinuity), or ${hint}`, h);
  }

  protected failWith(code: ResultCode, k: number, errEst: number, message: string, h = this.h): ResultCode {
    this.fail = {
      t: this.t, h, component: k, componentName: label(this.names, k),
      errorEstimate: Number.isNaN(errEst) ? undefined : errEst, state: Float64Array.from(this.y),
    };
    this.msg = message;
    return code;
  }
}
