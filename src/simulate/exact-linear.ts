/**
 * Closed-form treatment of the model's linear states between events.
 *
 * A state whose ODE is dX/dt = c − k·X, with c and k functions of the parameters only (no other
 * state, no t; `Model.linearStates`), has the exact solution
 *
 *   X(t) = X(tRef)·E + c·G,   E = exp(−k·Δ),   G = (1 − E)/k = −expm1(−k·Δ)/k   (G = Δ when k = 0),
 *
 * with Δ = t − tRef, for as long as c and k do not change, i.e. until the next event (dose,
 * infusion-rate change, parameter change). Dosing depots (a subcutaneous depot of teriparatide or
 * denosumab), an oral phosphate pool with constant intake and an exponential GFR decline are of this
 * form. Integrating such a state numerically costs steps: at rtol 1e-8 a fifth-order BDF method needs
 * k·h ≈ 0.07 to follow an exponential, so the depot (not the physiology) sets the step size for
 * hours after every dose. Pharmacometric tools that mix analytical PK with numerical PD do the same
 * (NONMEM's PREDPP, Torsten's coupled solvers).
 *
 * How it is carried: the solver's slot for X holds X(tRef), which is constant between events (its
 * derivative is 0, so it contributes no error and no step-size limit); the right-hand side and the
 * Jacobian given to the solver see the physical state, with X computed from the closed form (the
 * Jacobian's column for X is scaled by E = dX/dX(tRef), its row is zero). At every event the slot is
 * advanced to the event time (tRef := t) before the event is applied, and c and k are re-read after
 * an event that may change them. Output rows are converted back with the tRef of their interval.
 *
 * Exactness: the closed form is evaluated to rounding; no step-size control is lost for the other
 * states, whose Jacobian and right-hand side are the model's own at the physical state.
 */
import type { Model } from '../model/model.js';

export class ExactLinear {
  /** State indices carried in closed form. */
  readonly index: Int32Array;
  /** Time of the last event: the solver's slots hold X(tRef). */
  tRef = 0;
  private readonly k: Float64Array;
  private readonly c: Float64Array;
  private readonly e: Float64Array;
  private readonly g: Float64Array;
  /** Time at which e[m] and g[m] were last computed (NaN: stale). */
  private readonly tOf: Float64Array;
  private readonly n: number;
  private readonly yPhys: Float64Array;
  private readonly dy: Float64Array;
  private readonly J: Float64Array;
  private readonly saved: Float64Array;

  constructor(private readonly model: Model, index: readonly number[]) {
    this.index = Int32Array.from(index);
    const m = index.length;
    this.n = model.stateNames.length;
    this.k = new Float64Array(m);
    this.c = new Float64Array(m);
    this.e = new Float64Array(m).fill(1);
    this.g = new Float64Array(m);
    this.yPhys = new Float64Array(this.n);
    this.dy = new Float64Array(this.n);
    this.J = new Float64Array(this.n * this.n);
    this.saved = new Float64Array(m);
    this.tOf = new Float64Array(m).fill(NaN);
  }

  /** Number of states carried in closed form. */
  get size(): number { return this.index.length; }

  /**
   * Reads c and k from the model with parameters p at the physical state y: k = −∂f/∂X (a constant),
   * c = f with X = 0. Call at the start and after an event that changes p.
   */
  coefficients(t: number, y: ArrayLike<number>, p: Float64Array): void {
    const { index, n, yPhys, dy, J } = this;
    for (let i = 0; i < n; i++) yPhys[i] = y[i];
    this.model.jac(t, yPhys, p, J);
    for (let m = 0; m < index.length; m++) this.k[m] = -J[index[m] * n + index[m]];
    for (let m = 0; m < index.length; m++) yPhys[index[m]] = 0;
    this.model.rhs(t, yPhys, p, dy);
    for (let m = 0; m < index.length; m++) this.c[m] = dy[index[m]];
    this.tOf.fill(NaN);
  }

  /** E and G of closed-form state m at time t (cached per state: a step's Newton iterations share t). */
  private factor(m: number, t: number): void {
    if (this.tOf[m] === t) return;
    this.tOf[m] = t;
    const d = t - this.tRef;
    const k = this.k[m];
    if (k === 0) { this.e[m] = 1; this.g[m] = d; return; }
    const em1 = Math.expm1(-k * d);
    this.e[m] = 1 + em1;
    this.g[m] = -em1 / k;
  }

  /** E and G of every closed-form state at time t. */
  private factors(t: number): void {
    for (let m = 0; m < this.index.length; m++) this.factor(m, t);
  }

  /**
   * The physical state at t from the solver's state y (slots hold X(tRef)), in an internal buffer
   * (for the output functions; the hot path uses rhs).
   */
  physical(t: number, y: Float64Array): Float64Array {
    const yPhys = this.yPhys, n = this.n;
    for (let i = 0; i < n; i++) yPhys[i] = y[i];
    this.factors(t);
    const index = this.index;
    for (let m = 0; m < index.length; m++) {
      const i = index[m];
      yPhys[i] = y[i] * this.e[m] + this.c[m] * this.g[m];
    }
    return yPhys;
  }

  /**
   * Solver right-hand side: the model's at the physical state; 0 for the closed-form slots. The
   * physical values are written into y's slots for the model call and the slot values restored
   * bit for bit afterwards (no copy of y); a state with X(tRef) = 0 and c = 0 (an undosed depot)
   * stays 0 without an exponential.
   */
  rhs(t: number, y: Float64Array, p: Float64Array, dy: Float64Array): void {
    const index = this.index, saved = this.saved, c = this.c;
    for (let m = 0; m < index.length; m++) {
      const i = index[m];
      const x = y[i];
      saved[m] = x;
      if (x === 0 && c[m] === 0) continue;
      this.factor(m, t);
      y[i] = x * this.e[m] + c[m] * this.g[m];
    }
    this.model.rhs(t, y, p, dy);
    for (let m = 0; m < index.length; m++) {
      y[index[m]] = saved[m];
      dy[index[m]] = 0;
    }
  }

  /**
   * Solver Jacobian: the column of a closed-form state is scaled by E = dX/dX(tRef); its row is
   * zero except the diagonal, which keeps the model's −k. The exact row is zero, but the slot's
   * residual is always 0, so with a diagonal-only row the slot's Newton (or Rosenbrock stage)
   * increment is 0 either way, while M = I − γJ keeps the diagonal dominance the untransformed
   * model had (a pivot 1 under a column entry γ·k·E makes a sparse LU with static pivots fall
   * back to partial pivoting and swap rows back and forth around every dose).
   */
  jac(t: number, y: Float64Array, p: Float64Array, J: Float64Array): void {
    this.model.jac(t, this.physical(t, y), p, J);
    const n = this.n, index = this.index;
    for (let m = 0; m < index.length; m++) {
      const i = index[m], e = this.e[m];
      const d = J[i * n + i];
      for (let r = 0; r < n; r++) J[r * n + i] *= e;
      J.fill(0, i * n, (i + 1) * n);
      J[i * n + i] = d;
    }
  }

  /** At an event time t: slots := X(t), tRef := t (before the event is applied to y). */
  advance(t: number, y: Float64Array): void {
    this.factors(t);
    const index = this.index;
    for (let m = 0; m < index.length; m++) {
      const i = index[m];
      y[i] = y[i] * this.e[m] + this.c[m] * this.g[m];
    }
    this.tRef = t;
    this.tOf.fill(NaN);
  }

  /** Output replay: an event at t started a new interval (the slots were advanced by the run). */
  restartAt(t: number): void {
    this.tRef = t;
    this.tOf.fill(NaN);
  }

  /** Converts the slots of a state vector to physical values in place (output rows, failure reports). */
  toPhysical(t: number, y: Float64Array): void {
    this.factors(t);
    const index = this.index;
    for (let m = 0; m < index.length; m++) {
      const i = index[m];
      y[i] = y[i] * this.e[m] + this.c[m] * this.g[m];
    }
  }
}
