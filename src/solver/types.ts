/**
 * The solver layer's contracts: problem, method, options and solution are separate values,
 * and `solve(problem, method, options)` (in `solve.ts`) is the one entry point.
 *
 * Nothing here knows about physiology. State vectors are Float64Array; a Jacobian is a dense
 * row-major Float64Array of n*n entries, J[i*n + j] = d f_i / d y_j.
 */

import type { EventFunctions } from './roots.js';

/**
 * The right-hand side of dy/dt = f(t, y): writes f(t, y) into `dy` (every entry). It is called on
 * every stage of every step, so it must not allocate or keep references to `y`/`dy` (they are
 * reused buffers). Units are the caller's: the solver only needs t and y consistent with `t0`,
 * `tEnd` and the tolerances.
 */
export type RhsFn = (t: number, y: Float64Array, dy: Float64Array) => void;

/** Dense row-major Jacobian: J[i*n + j] = d f_i / d y_j. Must overwrite every entry. */
export type JacFn = (t: number, y: Float64Array, J: Float64Array) => void;

/** An initial-value problem dy/dt = f(t, y): dimension, right-hand side (allocation-free, writes into `out`), optional Jacobian, t0, tEnd and y0. */
export interface OdeProblem {
  /** Number of state components. */
  readonly n: number;
  /** The right-hand side f(t, y), written into its third argument (allocation-free). */
  readonly f: RhsFn;
  /** Analytic Jacobian; when absent the stiff methods use finite differences. */
  readonly jac?: JacFn;
  /**
   * Structural sparsity of the Jacobian, row by row (jacPattern[i] = the j with d f_i/d y_j possibly
   * non-zero): a superset of every Jacobian's nonzeros (trusted: entries outside it are ignored).
   * Optional; the sparse LU then analyses once instead of learning the pattern as entries turn
   * nonzero, and does not scan each new Jacobian.
   */
  readonly jacPattern?: readonly (readonly number[])[];
  /** Start time (the caller's time unit). */
  readonly t0: number;
  /** End time, greater than t0. */
  readonly tEnd: number;
  /** Initial state, length n. */
  readonly y0: ArrayLike<number>;
  /** Component names, used in error messages ("worst component 'PTH_p'"). */
  readonly names?: readonly string[];
  /**
   * True when f does not depend on t. Rosenbrock methods then skip the df/dt finite difference
   * (one RHS call per step). Default false (t-dependence assumed).
   */
  readonly autonomous?: boolean;
  /**
   * Block-diagonal Newton matrix (for forward sensitivities: the states and b − 1 sensitivity
   * vectors integrated as one problem). When set, b ≥ 1 must divide n (n = b·m); `jac` then writes
   * only the m×m Jacobian of the first m components with respect to the first m (and `jacPattern`
   * describes that block), and the Newton matrix of the implicit methods is taken as b copies of
   * I − γ·J on the diagonal: one LU per Jacobian, applied to every block. The coupling of the other
   * blocks to the first (∂(J·s)/∂y) is left out of the Newton matrix, as in CVODES's simultaneous
   * corrector; the iteration still converges to the solution of the full system. Supported by bdf
   * (and by dopri5, which needs no Jacobian); rodas reports 'invalid_input'. Default 1.
   */
  readonly blocks?: number;
  /**
   * Forward sensitivities by the staggered direct method (bdf; needs `blocks` = b > 1 and `jac`).
   * Declares that blocks 2..b are linear: s_k' = J(t, y)·s_k + b_k(t, y), with y the first block and
   * J its Jacobian (`jac`). Each bdf step then solves the first block alone by modified Newton (with
   * `f` below), and once it has converged to y_n the other blocks exactly: one Jacobian J(t_n, y_n),
   * one LU of I − γJ, and per block one sparse product and one pair of substitutions (the corrector
   * of a linear equation needs no iteration). `OdeProblem.f` (all blocks) is still used at restarts
   * and by methods without this path (dopri5). Default: absent (the simultaneous corrector).
   */
  readonly staggered?: {
    /** The right-hand side of the first block alone: dy[0..m) from y[0..m) (arrays of length m). */
    readonly f: RhsFn;
    /** The forcing terms: out[(k−1)·m + i] = b_k,i(t, y) for the blocks k = 1..b−1 (y of length m). Every entry written. */
    readonly forcing: (t: number, y: Float64Array, out: Float64Array) => void;
  };
}

/**
 * A scheduled discontinuity: the integrator lands exactly on `t`, the callback may change the
 * state in place (a dose) or anything the RHS reads (an infusion rate), and integration restarts
 * cleanly (method history discarded). Stops must be given in increasing order of time;
 * several stops may share a time (applied in order).
 */
export type StopCallback = (t: number, y: Float64Array, index: number) => void;

/** What `SolveOptions.record` receives: segment starts, and accepted steps up to `tEnd` (an event inside the step) or the step's end. */
export interface StepRecorder {
  /** A segment starts at (t, y): the run's start, or a restart after a time stop. */
  begin(t: number, y: Float64Array): void;
  /** A step was accepted: its dense output is valid on [st.tPrev, tEnd ?? st.t] (tEnd: an event inside the step). Copy what you keep. */
  addStep(st: DenseSource, tEnd?: number): void;
}

/** A step just accepted: its interval [tPrev, t], its end state, and its dense output inside it. */
export interface DenseSource {
  /** The end of the step. */
  readonly t: number;
  /** The start of the step. */
  readonly tPrev: number;
  /** The state at `t` (owned by the stepper). */
  readonly y: Float64Array;
  /** Writes the state at s (tPrev ≤ s ≤ t) into `out`. */
  interpolate(s: number, out: Float64Array): void;
}

/** Options of `solve`: tolerances (rtol, atol), output selection, time stops (where the integrator halts and restarts), step limits and wall-clock budget. */
export interface SolveOptions {
  /** Relative tolerance (scalar or per component). Default 1e-6. */
  rtol?: number | ArrayLike<number>;
  /** Absolute tolerance (scalar or per component). Default 1e-8. */
  atol?: number | ArrayLike<number>;
  /**
   * Output times, increasing, within [t0, tEnd]. Values are produced by the method's dense
   * output, never by shortening steps. When absent, every accepted step is an output (plus t0).
   */
  tOut?: ArrayLike<number>;
  /**
   * Scheduled discontinuities (time stops), non-decreasing, >= t0. Stops after tEnd are ignored
   * (dosing schedules often run past the end); a stop at t0 is applied before the first step.
   * Without tOut, every-step output has two rows at each stop: before and after the callback.
   */
  tStops?: ArrayLike<number>;
  /** Called at every time stop, in order. */
  onStop?: StopCallback;
  /**
   * When an output time equals a stop time: 'before' records the state before the stop's
   * callback (deSolve's convention, default), 'after' records it after (mrgsolve's for addl doses).
   */
  outputAtStop?: 'before' | 'after';
  /** Maximum accepted + rejected steps over the whole run. Default 500000. */
  maxSteps?: number;
  /** Initial step size; chosen automatically when absent. */
  h0?: number;
  /** Largest step size allowed. Default: unbounded. */
  hMax?: number;
  /** Throw a SolverError instead of returning a failed Solution. Default false. */
  throwOnFailure?: boolean;
  /**
   * Only the first q components enter the local error test and the step-size and order selection
   * (all still enter the Newton convergence test). For forward sensitivities appended after the
   * states, q = the number of states leaves the sensitivities out of the error control (CVODES's
   * errconS = false). Default: all components.
   */
  errorComponents?: number;
  /** Keep the dense output of every step so that Solution.evaluate(t) works. Default false. */
  dense?: boolean;
  /**
   * A recorder handed every accepted step (its dense output, via `interpolate`) and every segment
   * start, like the internal dense record: e.g. a `DenseRecord` kept across several solves, the
   * history a delay equation's right-hand side reads. Called outside the right-hand side; it may
   * allocate (grow) but should not per step.
   */
  record?: StepRecorder;
  /**
   * Wall-clock budget of the run in seconds (checked every few steps and time stops); when spent
   * the run ends with code 'time_limit'. Default: unbounded.
   */
  maxWallTime?: number;
  /**
   * State-triggered events: event functions g(t, y) whose sign changes are located on the dense
   * output (roots.ts) and handed to a callback that may change the state or end the run.
   */
  events?: EventFunctions;
}

/** How a solve ended: 'success' or the reason it stopped (each comes with a message saying what to change). */
export type ResultCode =
  | 'success'
  | 'max_steps'
  | 'time_limit'
  | 'step_too_small'
  | 'newton_failure'
  | 'singular_matrix'
  | 'non_finite'
  | 'invalid_input';

/** Work counters of a solve: right-hand-side calls, Jacobians, LU factorizations, accepted and rejected steps. */
export interface SolverStats {
  /** Accepted steps. */
  steps: number;
  /** Rejected steps (error test or convergence failures). */
  rejected: number;
  /** RHS evaluations, not counting those spent on finite-difference Jacobians. */
  rhs: number;
  /** RHS evaluations spent on finite-difference Jacobians. */
  rhsJac: number;
  /** Jacobian evaluations (analytic or finite-difference). */
  jac: number;
  /** LU factorizations. */
  lu: number;
  /** Newton iterations (implicit methods). */
  newton: number;
  /** Newton convergence failures. */
  newtonFailures: number;
  /** Error test failures. */
  errorTestFailures: number;
  /**
   * Analytic Jacobians that had a non-finite entry and were replaced by a finite-difference one
   * (bdf, rodas); the run's message says so once.
   */
  jacFallback: number;
  /** Roots of the event functions located (SolveOptions.events); 0 without events. */
  roots?: number;
  /** Evaluations of the event functions g (step ends and root location). */
  rootEvals?: number;
}

/** Where and why a run failed; never a NaN in a results table. */
export interface FailureInfo {
  /** The time reached when the run failed. */
  t: number;
  /** The last step size tried. */
  h: number;
  /** Index of the offending / worst component, when known. */
  component?: number;
  /** Its name, when known and the problem gives names. */
  componentName?: string;
  /** Weighted error estimate at failure, when known. */
  errorEstimate?: number;
  /** The state at the failure time. */
  state: Float64Array;
}

/** The result of `solve`: times and states (columnar), solver statistics, the result code with its message, and dense output `evaluate(t)` where the method provides it. */
export interface Solution {
  /** Output times. */
  readonly t: Float64Array;
  /** Columnar output: y[i][k] is component i at time t[k]. */
  readonly y: Float64Array[];
  /** Work counters: steps, rejections, RHS and Jacobian evaluations, LU factorizations, Newton iterations. */
  readonly stats: SolverStats;
  /** 'success', or why the run stopped early (see ResultCode); the message explains it. */
  readonly code: ResultCode;
  /** Human-readable, actionable message (empty on success). */
  readonly message: string;
  /** Where a failed run stopped: time, step size, worst component and the state there. */
  readonly failure?: FailureInfo;
  /** The last time reached (tEnd on success). */
  readonly tFinal: number;
  /** The state at tFinal. */
  readonly yFinal: Float64Array;
  /** Dense output over the run; only when options.dense was set (throws otherwise). */
  evaluate(t: number, out?: Float64Array): Float64Array;
  /** Method name, e.g. "rodas5". */
  readonly method: string;
  /** When an event callback ended the run: its time and which components fired (+1 rising, −1 falling). */
  readonly event?: {
    /** The time the event was located at. */
    readonly t: number;
    /** Per event component: +1 rising, −1 falling, 0 did not fire. */
    readonly fired: Int8Array;
  };
}

/** Thrown by `solve` with `throwOnFailure`: carries the result code, the time reached, the reason and the state. */
export class SolverError extends Error {
  /**
   * @param code The result code (why the run stopped).
   * @param message What failed, when and where, and what to try.
   * @param failure Time, step size, worst component and state at the failure.
   */
  constructor(public readonly code: ResultCode, message: string, public readonly failure?: FailureInfo) {
    super(message);
    this.name = 'SolverError';
  }
}
