/**
 * Storage behind `Solution.evaluate(t)` when `dense: true`: for every accepted step the method's
 * own dense output is sampled at theta = 1/4, 1/2, 3/4, 1 (4n numbers; theta = 0 is the previous
 * record's last sample), and evaluation uses the quartic through these five points. That reproduces
 * the quartic dense outputs of Rodas5 and DOPRI5 exactly (up to rounding) and any method's
 * interpolant to O(h^5), without asking methods for a second, serialisable form of their
 * interpolation data.
 *
 * A segment start (t0, or the restart after a time stop) is a zero-length record holding the state
 * there, so the jump at a stop is kept: `evaluate` at a stop time returns the state before the stop's
 * callback ('before') or after it ('after'), like the outputs.
 */
import type { DenseSource } from './types.js';

const NODES = [0, 0.25, 0.5, 0.75, 1];
const DENOM = NODES.map((xj, j) => NODES.reduce((p, xm, m) => (m === j ? p : p * (xj - xm)), 1));

export class DenseRecord {
  private ta = new Float64Array(64);
  private tb = new Float64Array(64);
  private v: Float64Array;
  private count = 0;
  private readonly tmp: Float64Array;
  private readonly basis = new Float64Array(5);

  constructor(private readonly n: number) {
    this.v = new Float64Array(64 * 4 * n);
    this.tmp = new Float64Array(n);
  }

  /** A segment starts at t with state y. */
  begin(t: number, y: Float64Array): void {
    const k = this.slot();
    this.ta[k] = t;
    this.tb[k] = t;
    const n = this.n, base = k * 4 * n;
    for (let q = 0; q < 4; q++) this.v.set(y, base + q * n);
  }

  /** Records the step the stepper has just accepted, up to tEnd (an event inside it) or its end. */
  addStep(st: DenseSource, tEnd = st.t): void {
    const k = this.slot();
    const t0 = st.tPrev, t1 = tEnd, n = this.n, base = k * 4 * n;
    this.ta[k] = t0;
    this.tb[k] = t1;
    for (let q = 1; q <= 3; q++) {
      st.interpolate(t0 + NODES[q] * (t1 - t0), this.tmp);
      this.v.set(this.tmp, base + (q - 1) * n);
    }
    if (t1 === st.t) this.v.set(st.y, base + 3 * n);
    else { st.interpolate(t1, this.tmp); this.v.set(this.tmp, base + 3 * n); }
  }

  /** Start and end of the recorded interval (NaN when nothing is recorded). */
  get start(): number { return this.count ? this.ta[0] : NaN; }
  get end(): number { return this.count ? this.tb[this.count - 1] : NaN; }

  evaluate(s: number, after: boolean, out: Float64Array): Float64Array {
    const m = this.count;
    if (m === 0 || !(s >= this.ta[0] && s <= this.tb[m - 1])) {
      throw new RangeError(`evaluate(${s}): outside the solved interval [${this.ta[0]}, ${this.tb[m - 1]}]`);
    }
    let k: number;
    if (after) {
      // last record starting at or before s
      let lo = 0, hi = m - 1;
      while (lo < hi) { const mid = (lo + hi + 1) >> 1; if (this.ta[mid] <= s) lo = mid; else hi = mid - 1; }
      k = lo;
    } else {
      // first record ending at or after s
      let lo = 0, hi = m - 1;
      while (lo < hi) { const mid = (lo + hi) >> 1; if (this.tb[mid] >= s) hi = mid; else lo = mid + 1; }
      k = lo;
    }
    const n = this.n, v = this.v, base = k * 4 * n;
    const t0 = this.ta[k], t1 = this.tb[k];
    if (t1 === t0) { for (let i = 0; i < n; i++) out[i] = v[base + 3 * n + i]; return out; }
    let th = (s - t0) / (t1 - t0);
    if (th < 0) th = 0; else if (th > 1) th = 1;
    const L = this.basis;
    for (let j = 0; j < 5; j++) {
      let p = 1;
      for (let q = 0; q < 5; q++) if (q !== j) p *= th - NODES[q];
      L[j] = p / DENOM[j];
    }
    const prev = base - n; // theta = 0: the last sample of record k - 1
    for (let i = 0; i < n; i++) {
      out[i] = L[0] * v[prev + i] + L[1] * v[base + i] + L[2] * v[base + n + i] + L[3] * v[base + 2 * n + i] + L[4] * v[base + 3 * n + i];
    }
    return out;
  }

  private slot(): number {
    if (this.count === this.ta.length) {
      const cap = this.ta.length * 2;
      const ta = new Float64Array(cap); ta.set(this.ta); this.ta = ta;
      const tb = new Float64Array(cap); tb.set(this.tb); this.tb = tb;
      const v = new Float64Array(cap * 4 * this.n); v.set(this.v); this.v = v;
    }
    return this.count++;
  }
}
