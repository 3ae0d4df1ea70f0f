/**
 * State-triggered events: root finding on event functions g_k(t, y) over each accepted step.
 *
 * After every accepted step the driver (`solve.ts`) evaluates g at the step's end and compares sides
 * with the values at its start. The two sides are g < 0 and g >= 0 (0 belongs to the non-negative
 * side, NaN too): a component rises when it goes from < 0 to >= 0 and falls when it goes from >= 0 to
 * < 0. So a condition "x < c" flips exactly where g = x − c changes side, and the callback, which sees
 * the state where the side has changed, always sees the condition flipped (for "x > c" use c − x,
 * for "x >= c" x − c, for "x <= c" c − x). Each crossing component is located on the
 * method's dense output by the Illinois variant of regula falsi, with a bisection step whenever the
 * bracket fails to halve in two iterations (so a step-like g, e.g. a truth value, still converges),
 * until the bracket is no wider than the time tolerance. The event time is the bracket's right end,
 * where the sign has changed, so the callback sees the state just after the crossing. All components
 * whose located time is within the tolerance of the earliest are reported as fired together.
 *
 * Two crossings of one component inside one step (g returns to its sign) are not seen, as in CVODE:
 * bound the step (hMax) when g can oscillate faster than the method's steps.
 */
import type { Stepper } from './method.js';

/** Event functions and what to do at their roots (SolveOptions.events). */
export interface EventFunctions {
  /** Number of event functions. */
  readonly count: number;
  /** Writes g_k(t, y) into out[k]; a root is a sign change. Must not allocate or keep y/out. */
  readonly g: (t: number, y: Float64Array, out: Float64Array) => void;
  /**
   * Per component, which crossings count: +1 only rising (− to +), −1 only falling, 0 both.
   * Default: both, for every component.
   */
  readonly direction?: ArrayLike<number>;
  /**
   * Called at each located root with the state there; it may change `y` in place (integration then
   * restarts cleanly from it, as after a time stop). `fired[k]` is +1 for a rising, −1 for a falling
   * root of component k, 0 otherwise. Return true to end the run at this time (Solution.event says
   * where); false or nothing to continue.
   */
  readonly onRoot: (t: number, y: Float64Array, fired: Int8Array) => boolean | void;
  /**
   * Absolute time tolerance of the location. Default: 1e-12 relative to max(|t|, step), plus 4 ulps.
   */
  readonly tTol?: number;
}

/** Working storage of the root finder: allocated once per run, reused on every step. */
export class RootFinder {
  readonly gPrev: Float64Array;
  readonly gNew: Float64Array;
  readonly fired: Int8Array;
  private readonly gTmp: Float64Array;
  private readonly when: Float64Array;
  private readonly yTmp: Float64Array;
  private readonly dir: Int8Array;
  /** Located roots (per run). */
  roots = 0;
  /** Evaluations of g (per run). */
  evals = 0;

  constructor(private readonly ev: EventFunctions, n: number) {
    const m = ev.count;
    this.gPrev = new Float64Array(m);
    this.gNew = new Float64Array(m);
    this.gTmp = new Float64Array(m);
    this.when = new Float64Array(m);
    this.fired = new Int8Array(m);
    this.yTmp = new Float64Array(n);
    this.dir = new Int8Array(m);
    if (ev.direction) for (let k = 0; k < m; k++) this.dir[k] = Math.sign(ev.direction[k]);
  }

  /** g at the start of a segment (t0, after a stop or an event). */
  start(t: number, y: Float64Array): void {
    this.evals++;
    this.ev.g(t, y, this.gPrev);
  }

  private crosses(k: number, a: number, b: number): number {
    const d = this.dir[k];
    if (a < 0 && !(b < 0)) return d >= 0 ? 1 : 0;
    if (!(a < 0) && b < 0) return d <= 0 ? -1 : 0;
    return 0;
  }

  /**
   * Checks the step just accepted (stepper.tPrev .. stepper.t). Returns the event time, or NaN when
   * no component crossed (then gPrev takes the step's end values). On a root, `fired` is set and the
   * state at the returned time is written into `yOut`.
   */
  check(st: Stepper, yOut: Float64Array): number {
    const m = this.ev.count, gp = this.gPrev, gn = this.gNew;
    const t0 = st.tPrev, t1 = st.t;
    this.evals++;
    this.ev.g(t1, st.y, gn);
    let any = false;
    for (let k = 0; k < m; k++) if (this.crosses(k, gp[k], gn[k]) !== 0) { any = true; break; }
    if (!any) { gp.set(gn); return NaN; }

    const tol = this.ev.tTol ?? (1e-12 * Math.max(Math.abs(t1), t1 - t0) + 4 * Number.EPSILON * Math.max(Math.abs(t0), Math.abs(t1)));
    // locate each crossing component; keep the earliest
    let tBest = t1;
    const when = this.when;
    for (let k = 0; k < m; k++) {
      if (this.crosses(k, gp[k], gn[k]) === 0) { when[k] = Infinity; continue; }
      when[k] = this.locate(st, k, t0, gp[k], t1, gn[k], tol);
      if (when[k] < tBest) tBest = when[k];
    }
    const f = this.fired;
    f.fill(0);
    for (let k = 0; k < m; k++) {
      if (when[k] <= tBest + tol) f[k] = this.crosses(k, gp[k], gn[k]);
    }
    if (tBest === t1) yOut.set(st.y); else st.interpolate(tBest, yOut);
    this.roots++;
    return tBest;
  }

  /** Illinois regula falsi on component k over [a, b] with g(a) = ga, g(b) = gb on opposite sides; returns the first time found on b's side. */
  private locate(st: Stepper, k: number, a: number, ga: number, b: number, gb: number, tol: number): number {
    const y = this.yTmp, gv = this.gTmp;
    let side = 0, width = b - a, stalled = 0;
    for (let it = 0; it < 200 && b - a > tol; it++) {
      let c: number;
      if (stalled >= 2) { c = 0.5 * (a + b); stalled = 0; }
      else {
        c = gb === ga ? 0.5 * (a + b) : b - gb * (b - a) / (gb - ga);
        if (!(c > a && c < b)) c = 0.5 * (a + b);
      }
      // keep c strictly inside, at least tol/2 from the ends, so the bracket always shrinks
      const lo = a + 0.5 * tol, hi = b - 0.5 * tol;
      if (c < lo) c = lo; else if (c > hi) c = hi;
      st.interpolate(c, y);
      this.evals++;
      this.ev.g(c, y, gv);
      const gc = gv[k];
      const crossedLeft = this.crosses(k, ga, gc) !== 0;
      if (crossedLeft) {
        b = c; gb = gc;
        if (side === -1) ga *= 0.5;
        side = -1;
      } else {
        a = c; ga = gc;
        if (side === 1) gb *= 0.5;
        side = 1;
      }
      if (b - a > 0.5 * width) stalled++; else { stalled = 0; width = b - a; }
    }
    return b;
  }
}
