/**
 * Variance-based (Sobol) global sensitivity: for y = f(x_1 … x_d) with independent inputs, the
 * first-order index S_i = V[E(y | x_i)] / V(y) (the share of the variance x_i explains alone) and
 * the total index ST_i = E[V(y | x_~i)] / V(y) (its share including every interaction).
 *
 * Sampling (Saltelli 2002/2010): two N × d matrices A and B of unit-cube points, the first and the
 * last d coordinates of a 2d-dimensional scrambled Sobol sequence (sobol-sequence.ts), and for each
 * i the matrix AB_i = A with column i from B: N·(d + 2) evaluations. Rows are kept together —
 * run j is A_j, B_j, AB_j^1 … AB_j^d — so that the first N' rows of a design are the design of N'
 * (the convergence report), and a failed run removes its whole row.
 *
 * Estimators (Saltelli, Annoni, Azzini, Campolongo, Ratto, Tarantola, "Variance based sensitivity
 * analysis of model output. Design and estimator for the total sensitivity index", Comput. Phys.
 * Commun. 181:259–270, 2010, table 2 (b) and (f)):
 *   V    = variance of the 2N values f(A), f(B)
 *   S_i  = (1/N) Σ_j (f(B)_j − μ) (f(AB_i)_j − f(A)_j) / V               (Saltelli 2010)
 *   ST_i = (1/2N) Σ_j (f(A)_j − f(AB_i)_j)² / V                          (Jansen 1999)
 * with f(B) centred on the mean μ of the 2N values: the same expectation (f(AB_i) − f(A) has mean
 * 0), but without centring the estimator's variance grows with μ²/V — for an output of mean 0.46
 * and SD 0.08 the intervals were ten times wider.
 * Confidence intervals: percentile bootstrap over rows (B resamples of the N rows with
 * replacement, seeded), at `level` (default 0.95) — Archer, Saltelli & Sobol', J. Stat. Comput.
 * Simul. 58:99–120, 1997.
 */
import { sobolPoints } from './sobol-sequence.js';
import { Rng } from './random.js';

/** Largest number of factors (2d Sobol dimensions must fit Joe & Kuo's table as vendored). */
export const SOBOL_MAX_FACTORS = 64;

/**
 * A Saltelli design for d factors and base size n: the matrices A and B of unit-cube points
 * (row-major n × d) from one scrambled Sobol sequence; run j of the design is A_j, B_j, then AB_j^i
 * for each factor (`saltelliPoint`), N·(d + 2) runs in all.
 */
export interface SaltelliDesign {
  /** Number of factors. */
  d: number;
  /** Base sample size N (rows of A and of B). */
  n: number;
  /** Unit-cube points, row-major n × d. */
  A: Float64Array;
  /** The second matrix of unit-cube points, row-major n × d. */
  B: Float64Array;
}

/** A and B from one 2d-dimensional scrambled Sobol sequence (seeded digital shift). */
export function saltelliDesign(d: number, n: number, seed: number): SaltelliDesign {
  if (!(Number.isInteger(d) && d >= 1 && d <= SOBOL_MAX_FACTORS)) throw new RangeError(`Sobol analysis: 1 … ${SOBOL_MAX_FACTORS} factors, got ${d}`);
  const P = sobolPoints(n, 2 * d, seed);
  const A = new Float64Array(n * d), B = new Float64Array(n * d);
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < d; i++) { A[j * d + i] = P[j * 2 * d + i]; B[j * d + i] = P[j * 2 * d + d + i]; }
  }
  return { d, n, A, B };
}

/** The unit-cube point of run r of the design (row-major order of the file header). */
export function saltelliPoint(des: SaltelliDesign, r: number, out = new Float64Array(des.d)): Float64Array {
  const { d } = des;
  const j = Math.floor(r / (d + 2)), k = r % (d + 2);
  for (let i = 0; i < d; i++) out[i] = k === 1 ? des.B[j * d + i] : des.A[j * d + i];
  if (k >= 2) out[k - 2] = des.B[j * d + (k - 2)];
  return out;
}

/** Number of runs of a design: N·(d + 2). */
export function saltelliRuns(d: number, n: number): number {
  return n * (d + 2);
}

/**
 * Point estimates of Sobol indices: first-order S1 (variance explained by a factor alone) and total
 * ST (with all its interactions) per factor, the output's variance, and the design rows used.
 */
export interface IndexEstimate {
  /** First-order indices, one per factor. */
  S1: Float64Array;
  /** Total indices. */
  ST: Float64Array;
  /** Variance of the output over A and B. */
  variance: number;
  /** Rows used (N minus rows with a failed run). */
  rows: number;
}

/**
 * The indices from the output values of a design's runs, in run order (NaN = failed run: its row
 * is left out), using the first `rows` rows (default all) and, if given, only the rows in `pick`
 * (a bootstrap resample; repeated rows count repeatedly).
 */
export function sobolEstimate(y: ArrayLike<number>, d: number, rows?: number, pick?: Int32Array): IndexEstimate {
  const w = d + 2;
  const nAll = rows ?? Math.floor(y.length / w);
  const S1 = new Float64Array(d), ST = new Float64Array(d);
  const m = pick ? pick.length : nAll;
  // first pass: which rows are complete, and the mean (for centring)
  let cnt = 0, sum = 0, sum2 = 0;
  const okRow = (j: number) => { for (let k = 0; k < w; k++) if (Number.isNaN(y[j * w + k])) return false; return true; };
  for (let q = 0; q < m; q++) {
    const j = pick ? pick[q] : q;
    if (!okRow(j)) continue;
    const fA = y[j * w], fB = y[j * w + 1];
    cnt++;
    sum += fA + fB; sum2 += fA * fA + fB * fB;
  }
  const mu = sum / (2 * cnt);
  const num1 = new Float64Array(d), numT = new Float64Array(d);
  for (let q = 0; q < m; q++) {
    const j = pick ? pick[q] : q;
    if (!okRow(j)) continue;
    const base = j * w;
    const fA = y[base], fB = y[base + 1] - mu;
    for (let i = 0; i < d; i++) {
      const fAB = y[base + 2 + i];
      num1[i] += fB * (fAB - fA);
      numT[i] += (fA - fAB) * (fA - fAB);
    }
  }
  const variance = sum2 / (2 * cnt) - mu * mu;
  for (let i = 0; i < d; i++) {
    S1[i] = variance > 0 ? num1[i] / cnt / variance : NaN;
    ST[i] = variance > 0 ? numT[i] / (2 * cnt) / variance : NaN;
  }
  return { S1, ST, variance, rows: cnt };
}

/**
 * Sobol indices with percentile-bootstrap confidence intervals (lower/upper per factor) over the
 * design's rows.
 */
export interface IndicesWithCI extends IndexEstimate {
  /** Lower ends of the S1 intervals, per factor. */
  S1lo: Float64Array;
  /** Upper ends of the S1 intervals. */
  S1hi: Float64Array;
  /** Lower ends of the ST intervals. */
  STlo: Float64Array;
  /** Upper ends of the ST intervals. */
  SThi: Float64Array;
}

function percentile(sorted: Float64Array, q: number): number {
  const h = (sorted.length - 1) * q, lo = Math.floor(h), hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/** Estimates with percentile-bootstrap intervals (`resamples` resamples of the rows, seeded). */
export function sobolWithCI(y: ArrayLike<number>, d: number, opts: { rows?: number; resamples?: number; level?: number; seed?: number } = {}): IndicesWithCI {
  const est = sobolEstimate(y, d, opts.rows);
  const n = opts.rows ?? Math.floor(y.length / (d + 2));
  const R = opts.resamples ?? 500, level = opts.level ?? 0.95;
  const rng = new Rng(opts.seed ?? 1);
  const s1 = Array.from({ length: d }, () => new Float64Array(R)), st = Array.from({ length: d }, () => new Float64Array(R));
  const pick = new Int32Array(n);
  for (let b = 0; b < R; b++) {
    for (let q = 0; q < n; q++) pick[q] = rng.int(n);
    const e = sobolEstimate(y, d, n, pick);
    for (let i = 0; i < d; i++) { s1[i][b] = e.S1[i]; st[i][b] = e.ST[i]; }
  }
  const lo = (1 - level) / 2, hi = 1 - lo;
  const S1lo = new Float64Array(d), S1hi = new Float64Array(d), STlo = new Float64Array(d), SThi = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    s1[i].sort(); st[i].sort();
    S1lo[i] = percentile(s1[i], lo); S1hi[i] = percentile(s1[i], hi);
    STlo[i] = percentile(st[i], lo); SThi[i] = percentile(st[i], hi);
  }
  return { ...est, S1lo, S1hi, STlo, SThi };
}

/** The N' of a convergence report: powers of two from 64 (or N/16) up to N, and N itself. */
export function convergenceSizes(n: number): number[] {
  const out: number[] = [];
  for (let m = Math.max(64, 2 ** Math.floor(Math.log2(n / 16))); m < n; m *= 2) out.push(m);
  out.push(n);
  return out;
}

/**
 * Sobol indices of a function of the unit cube (tests, and any user function): evaluates f on the
 * Saltelli design and estimates with bootstrap intervals.
 */
export function sobolOfFunction(f: (u: Float64Array) => number, d: number, n: number, opts: { seed?: number; resamples?: number; level?: number } = {}): IndicesWithCI {
  const des = saltelliDesign(d, n, opts.seed ?? 1);
  const y = new Float64Array(saltelliRuns(d, n));
  const u = new Float64Array(d);
  for (let r = 0; r < y.length; r++) y[r] = f(saltelliPoint(des, r, u));
  return sobolWithCI(y, d, { resamples: opts.resamples, level: opts.level, seed: (opts.seed ?? 1) + 1 });
}
