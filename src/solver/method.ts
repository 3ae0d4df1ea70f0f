/**
 * The one small interface every integration method implements (after scipy's OdeSolver and
 * diffrax's AbstractSolver). The driver (`solve.ts`) owns the run: output times, time stops,
 * max steps, the running/finished/failed state. A method owns one thing: taking an accepted step
 * (retrying rejected attempts internally, with its step-size controller object) and interpolating
 * inside the step it just took.
 *
 * Contract:
 *  - `reset(t, y)` starts or restarts at (t, y) with no history (after a discontinuity).
 *  - `step(tLimit)` advances by exactly one accepted step with t < t_new <= tLimit, landing exactly
 *    on tLimit when the next step would pass it; it returns 'ok' or a failure ResultCode, in which
 *    case `failure()` and `message()` describe it. It must not allocate.
 *  - after an 'ok' step, `interpolate(s, out)` for tPrev <= s <= t writes the dense-output state.
 *  - counters go into the shared `stats` object of the context.
 */
import type { OdeProblem, ResultCode, SolverStats, FailureInfo } from './types.js';

/** What a method receives when created: the problem, its size, tolerances, stats, step limits and error components. */
export interface StepperContext {
  /** The problem to integrate (right-hand side, Jacobian, sparsity, blocks). */
  readonly problem: OdeProblem;
  /** Number of state components. */
  readonly n: number;
  /** Per-component tolerances (already expanded from scalars). */
  readonly rtol: Float64Array;
  /** Per-component absolute tolerances, in the states' units. */
  readonly atol: Float64Array;
  /** The run's counters, shared with the driver; the method adds its steps, evaluations and factorizations. */
  readonly stats: SolverStats;
  /** The largest step allowed (Infinity: no limit). */
  readonly hMax: number;
  /** User-supplied initial step, or 0 for automatic. */
  readonly h0: number;
  /** Components in the error test (the first q; SolveOptions.errorComponents). Absent: all n. */
  readonly errorComponents?: number;
}

/** One method instance stepping a problem: current and previous time, state, and the step, interpolation and reset operations. */
export interface Stepper {
  /** The time reached by the last accepted step. */
  readonly t: number;
  /** The time the last accepted step started from. */
  readonly tPrev: number;
  /** The state at `t` (owned by the stepper: copy it to keep it). */
  readonly y: Float64Array;
  /** Starts or restarts at (t, y) with no history (after a discontinuity). */
  reset(t: number, y: ArrayLike<number>): void;
  /** Takes exactly one accepted step with t < t_new ≤ tLimit (landing on tLimit when the next step would pass it); 'ok' or a failure code. Allocates nothing. */
  step(tLimit: number): ResultCode | 'ok';
  /** After an 'ok' step, writes the dense-output state at s (tPrev ≤ s ≤ t) into `out`. */
  interpolate(s: number, out: Float64Array): void;
  /** What went wrong after a failed step (time, reason, state), or undefined. */
  failure(): FailureInfo | undefined;
  /** What went wrong, in words, after a failed step. */
  message(): string;
  /** Gives back storage leased from the solver's pool (pool.ts); `solve` calls it once the run is over and does not use the stepper again. */
  release?(): void;
}

/** An immutable method description, e.g. `rodas5()`, `bdf({ maxOrder: 5 })`, `dopri5()`. */
export interface Method {
  /** The method's name, e.g. "bdf", "rodas5p". */
  readonly name: string;
  /** Declared order of accuracy (for variable-order methods, the maximum order). */
  readonly order: number;
  /** Whether the method is implicit (suited to stiff problems). */
  readonly stiff: boolean;
  /** Whether the method handles OdeProblem.blocks > 1 (a block-diagonal Newton matrix). */
  readonly blocks?: boolean;
  /** Makes a stepper for one run (the driver `solve` calls it). */
  create(ctx: StepperContext): Stepper;
}
