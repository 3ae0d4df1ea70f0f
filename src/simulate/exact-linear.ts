/**
 * Closed-form treatment of the model's linear states between events.
 *
 * A state whose ODE is dX/dt = c − k·X, with c and k functions of the parameters only (no other
 * state, no t; the first kind in `Model.linearStates`), has the exact solution
 *
 *   X(t) = X(tRef)·E + c·G,   E = exp(−k·Δ),   G = (1 − E)/k = −expm1(−k·Δ)/k   (G = Δ when k = 0),
 *
 * with Δ = t − tRef, for as long as c and k do not change, i.e. until the next event (dose,
 * infusion-rate change, parameter change). Dosing depots (a subcutaneous depot of teriparatide or
 * denosumab), an oral phosphate pool with constant intake and an exponential GFR decline are of this
 * form. A state fed by such states, dY/dt = c_Y − k_Y·Y + Σ a_j·X_j (the second kind: a compartment
 * downstream of a depot), has the closed form of the Bateman function:
 *
 *   Y(t) = Y(tRef)·E_Y + c_Y·G_Y + Σ a_j·( X_j(tRef)·B_j + c_j·H_j ),
 *   B_j = ∫₀^Δ e^{−k_Y(Δ−s)} e^{−k_j s} ds = (E_j − E_Y)/(k_Y − k_j)   (Δ·E_Y when k_Y = k_j),
 *   H_j = ∫₀^Δ e^{−k_Y(Δ−s)} G_j(s) ds = (G_Y − B_j)/k_j   ((Δ − G_Y)/k_Y when k_j = 0).
 *
 * Integrating such states numerically costs steps: at rtol 1e-8 a fifth-order BDF method needs
 * k·h ≈ 0.07 to follow an exponential, so the depot (not the physiology) sets the step size for
 * hours after every dose. Pharmacometric tools that mix analytical PK with numerical PD do the same
 * (NONMEM's PREDPP, Torsten's coupled solvers).
 *
 * How they are carried: the solver's slot for X holds X(tRef), which is constant between events
 * (its derivative is 0, so it contributes no error and no step-size limit); the right-hand side and
 * the Jacobian given to the solver see the physical state, with X computed from the closed form
 * (the Jacobian's row and column of a slot are zero but for the diagonal: see jac()). At
 * every event the slots are advanced to the event time (tRef := t) before the event is applied,
 * and c, k, a are re-read after an event that may change them. Output rows are converted back with
 * the tRef of their interval.
 *
 * Exactness: the closed forms are evaluated to rounding (expm1 where a difference of exponentials
 * would cancel); no step-size control is lost for the other states, whose Jacobian and right-hand
 * side are the model's own at the physical state.
 */
import type { Model } from '../model/model.js';

/** The solver's Jacobian pattern per model pattern and closed-form states (ExactLinear.pattern). */
const PATTERNS = new WeakMap<readonly (readonly number[])[], Map<string, readonly (readonly number[])[]>>();

/** coefficients()'s scratch Jacobian by order n (every entry is written by model.jac before it is read). */
const SCRATCH_J = new Map<number, Float64Array>();

export class ExactLinear {
  /** State indices carried in closed form (first kind first). */
  readonly index: Int32Array;
  /** Time of the last event: the solver's slots hold X(tRef). */
  tRef = 0;
  private readonly n: number;
  private readonly k: Float64Array;
  private readonly c: Float64Array;
  private readonly e: Float64Array;
  private readonly g: Float64Array;
  /** Time at which the factors of state m were last computed (NaN: stale). */
  private readonly tOf: Float64Array;
  /** Inputs of state m: entries q in [inStart[m], inStart[m+1]), from state position inFrom[q], coefficient inA[q]. */
  private readonly inStart: Int32Array;
  private readonly inFrom: Int32Array;
  private readonly inA: Float64Array;
  private readonly inB: Float64Array;
  private readonly inH: Float64Array;
  /** Slot values and physical values of the closed-form states (scratch). */
  private readonly saved: Float64Array;
  private readonly phys: Float64Array;
  private readonly yPhys: Float64Array;
  private readonly dy: Float64Array;
  /** k, c and a as the first coefficients() call set them (the start of the run), for rewind(). */
  private readonly k0: Float64Array;
  private readonly c0: Float64Array;
  private readonly inA0: Float64Array;
  private haveStart = false;

  constructor(private readonly model: Model, index: readonly number[], inputs: readonly (readonly number[])[] = index.map(() => [])) {
    this.index = Int32Array.from(index);
    const m = index.length;
    this.n = model.stateNames.length;
    this.k = new Float64Array(m);
    this.c = new Float64Array(m);
    this.e = new Float64Array(m).fill(1);
    this.g = new Float64Array(m);
    this.tOf = new Float64Array(m).fill(NaN);
    const pos = new Map(index.map((s, q) => [s, q]));
    this.inStart = new Int32Array(m + 1);
    const from: number[] = [];
    inputs.forEach((list, q) => {
      for (const s of list) {
        const r = pos.get(s);
        if (r === undefined || r >= q || inputs[r].length > 0) throw new Error(`exact-linear: input ${s} of state ${index[q]} is not a closed-form state of the first kind listed before it`);
        from.push(r);
      }
      this.inStart[q + 1] = from.length;
    });
    this.inFrom = Int32Array.from(from);
    this.inA = new Float64Array(from.length);
    this.inB = new Float64Array(from.length);
    this.inH = new Float64Array(from.length);
    this.saved = new Float64Array(m);
    this.phys = new Float64Array(m);
    this.yPhys = new Float64Array(this.n);
    this.dy = new Float64Array(this.n);
    this.k0 = new Float64Array(m);
    this.c0 = new Float64Array(m);
    this.inA0 = new Float64Array(from.length);
  }

  /** Scratch Jacobian of coefficients(), shared by all instances of the same order (used only within that call). */
  private get J(): Float64Array {
    let J = SCRATCH_J.get(this.n);
    if (!J) { J = new Float64Array(this.n * this.n); SCRATCH_J.set(this.n, J); }
    return J;
  }

  /**
   * Reads k, a and c from the model with parameters p at the physical state y: k = −∂f/∂X and
   * a = ∂f/∂X_j (constants), c = f with every closed-form state at 0. Call at the start and after
   * an event that changes p.
   */
  coefficients(t: number, y: ArrayLike<number>, p: Float64Array): void {
    const { index, n, yPhys, dy, J } = this;
    for (let i = 0; i < n; i++) yPhys[i] = y[i];
    this.model.jac(t, yPhys, p, J);
    for (let m = 0; m < index.length; m++) {
      const i = index[m];
      this.k[m] = -J[i * n + i];
      for (let q = this.inStart[m]; q < this.inStart[m + 1]; q++) this.inA[q] = J[i * n + index[this.inFrom[q]]];
    }
    for (let m = 0; m < index.length; m++) yPhys[index[m]] = 0;
    this.model.rhs(t, yPhys, p, dy);
    for (let m = 0; m < index.length; m++) this.c[m] = dy[index[m]];
    this.tOf.fill(NaN);
    if (!this.haveStart) {
      this.k0.set(this.k);
      this.c0.set(this.c);
      this.inA0.set(this.inA);
      this.haveStart = true;
    }
  }

  /**
   * Back to the start of the run: tRef = 0 and the coefficients of the first coefficients() call, which are those
   * coefficients(0, y0, p) computes again with the run's starting parameters (they depend on the parameters only), without
   * the model's Jacobian and right-hand side. For the output replay after the solve (simulate/run.ts); false when
   * coefficients() was never called.
   */
  rewind(): boolean {
    if (!this.haveStart) return false;
    this.k.set(this.k0);
    this.c.set(this.c0);
    this.inA.set(this.inA0);
    this.restartAt(0);
    return true;
  }

  /** E, G (and B, H of its inputs) of closed-form state m at time t, cached per state. */
  private factor(m: number, t: number): void {
    if (this.tOf[m] === t) return;
    this.tOf[m] = t;
    const d = t - this.tRef;
    const k = this.k[m];
    if (k === 0) { this.e[m] = 1; this.g[m] = d; } else {
      const em1 = Math.expm1(-k * d);
      this.e[m] = 1 + em1;
      this.g[m] = -em1 / k;
    }
    const e = this.e[m], g = this.g[m];
    for (let q = this.inStart[m]; q < this.inStart[m + 1]; q++) {
      const r = this.inFrom[q];
      this.factor(r, t);
      const kr = this.k[r];
      const delta = k - kr;
      let b: number;
      if (delta === 0) b = d * e;
      else if (Math.abs(delta * d) < 1) b = (e * Math.expm1(delta * d)) / delta;
      else b = (this.e[r] - e) / delta;
      this.inB[q] = b;
      if (this.c[r] === 0) this.inH[q] = 0;
      else if (kr === 0) this.inH[q] = k === 0 ? 0.5 * d * d : (d - g) / k;
      else this.inH[q] = (g - b) / kr;
    }
  }

  /** Physical values of the closed-form states from their slots (in saved) into phys, at t. */
  private evaluate(t: number): void {
    const saved = this.saved, phys = this.phys, c = this.c;
    for (let m = 0; m < saved.length; m++) {
      const x = saved[m];
      const s = this.inStart[m], se = this.inStart[m + 1];
      let idle = x === 0 && c[m] === 0;
      for (let q = s; idle && q < se; q++) { const r = this.inFrom[q]; idle = saved[r] === 0 && c[r] === 0; }
      if (idle) { phys[m] = 0; continue; } // an undosed depot (and what it feeds) stays 0, no exponential
      this.factor(m, t);
      let v = x * this.e[m] + c[m] * this.g[m];
      for (let q = s; q < se; q++) {
        const r = this.inFrom[q];
        v += this.inA[q] * (saved[r] * this.inB[q] + c[r] * this.inH[q]);
      }
      phys[m] = v;
    }
  }

  /** Replaces the slots of y (length ≥ n) by the physical values at t, in place. */
  toPhysical(t: number, y: Float64Array): void {
    const index = this.index;
    for (let m = 0; m < index.length; m++) this.saved[m] = y[index[m]];
    this.evaluate(t);
    for (let m = 0; m < index.length; m++) y[index[m]] = this.phys[m];
  }

  /** The physical state at t from the solver's state y, in an internal buffer (output functions). */
  physical(t: number, y: Float64Array): Float64Array {
    const yPhys = this.yPhys, n = this.n;
    for (let i = 0; i < n; i++) yPhys[i] = y[i];
    this.toPhysical(t, yPhys);
    return yPhys;
  }

  /**
   * Solver right-hand side: the model's at the physical state; 0 for the closed-form slots. The
   * physical values are written into y's slots for the model call and the slot values restored
   * bit for bit afterwards (no copy of y).
   */
  rhs(t: number, y: Float64Array, p: Float64Array, dy: Float64Array): void {
    const index = this.index, saved = this.saved;
    this.toPhysical(t, y); // fills saved with the slots
    this.model.rhs(t, y, p, dy);
    for (let m = 0; m < index.length; m++) {
      y[index[m]] = saved[m];
      dy[index[m]] = 0;
    }
  }

  /** Zeroes the closed-form slots' entries of a derivative vector (their solver derivative is 0). */
  clearSlots(dy: Float64Array): void {
    for (let m = 0; m < this.index.length; m++) dy[this.index[m]] = 0;
  }

  /**
   * Solver Jacobian: the model's at the physical state, with the rows and the columns of the
   * closed-form slots cleared except the diagonal (which keeps the model's −k). The exact Jacobian
   * of the slot problem has zero rows for the slots (their derivative is 0) and columns dF/dX·dX/dslot;
   * but a slot's residual and right-hand side are always exactly 0, so with a diagonal-only row its
   * component of every Newton or Rosenbrock increment is 0, and then the column multiplies 0: its
   * values cannot change any solution. Clearing the columns keeps M = I − γJ as sparse as possible
   * and its diagonal pivots good (a column entry γ·k·E under a pivot 1 would make a sparse LU with
   * static pivots fall back to partial pivoting around every dose).
   */
  jac(t: number, y: Float64Array, p: Float64Array, J: Float64Array): void {
    this.model.jac(t, this.physical(t, y), p, J);
    const n = this.n, index = this.index;
    for (let m = 0; m < index.length; m++) {
      const i = index[m];
      const d = J[i * n + i];
      J.fill(0, i * n, (i + 1) * n);
      for (let r = 0; r < n; r++) J[r * n + i] = 0;
      J[i * n + i] = d;
    }
  }

  /**
   * The structural Jacobian pattern of the solver's problem from the model's: the rows and columns
   * of the closed-form slots keep only their diagonal (see jac()).
   */
  pattern(base: readonly (readonly number[])[]): readonly (readonly number[])[] {
    // the same for every run of a model (base is its compiled code's pattern): made once, so that the
    // solver's sparse LU meets the same pattern object (and allocates nothing for it) run after run
    let byIndex = PATTERNS.get(base);
    if (!byIndex) { byIndex = new Map(); PATTERNS.set(base, byIndex); }
    const key = this.index.join(',');
    let pat = byIndex.get(key);
    if (!pat) {
      const linear = new Set(this.index);
      pat = base.map((row, i) => (linear.has(i) ? [i] : row.filter((j) => !linear.has(j))));
      byIndex.set(key, pat);
    }
    return pat;
  }

  /** At an event time t: slots := X(t), tRef := t (before the event is applied to y). */
  advance(t: number, y: Float64Array): void {
    this.toPhysical(t, y);
    this.restartAt(t);
  }

  /** Output replay: an event at t started a new interval (the slots were advanced by the run). */
  restartAt(t: number): void {
    this.tRef = t;
    this.tOf.fill(NaN);
  }
}
