/**
 * The Sobol low-discrepancy sequence in base 2 (I. M. Sobol', USSR Comput. Math. Math. Phys.
 * 7(4):86–112, 1967), with Joe & Kuo's direction numbers (sobol-joe-kuo.ts), generated in Gray-code
 * order (Antonov & Saleev, USSR Comput. Math. Math. Phys. 19(1):252–256, 1979): point n+1 is point
 * n with one direction number XOR-ed in per dimension, that of the lowest zero bit of n. 32 bits
 * per coordinate, so up to 2^32 points.
 *
 * Scrambling: a random digital shift (each dimension's 32-bit integers XOR-ed with a random word
 * from the seeded stream; L'Ecuyer & Lemieux, "Recent advances in randomized quasi-Monte Carlo
 * methods", 2002). It keeps the (t, m, s)-net structure, so every block of 2^m points stays
 * balanced, makes the points random with the uniform distribution (estimates unbiased, and
 * different seeds give independent replicates), and moves the first point off the origin. A point
 * is returned as (integer + 1/2) / 2^32, never exactly 0 or 1, so inverse CDFs stay finite.
 */
import { JOE_KUO_6_21201, JOE_KUO_MAX_DIMENSION } from './sobol-joe-kuo.js';
import { Rng } from './random.js';

const BITS = 32;

/** Direction numbers v[d][k] (k = 0 … 31: bit k+1 from the top), for dimensions 0 … dims−1. */
export function directionNumbers(dims: number): Uint32Array[] {
  if (!(Number.isInteger(dims) && dims >= 1 && dims <= JOE_KUO_MAX_DIMENSION)) throw new RangeError(`Sobol dimensions must be 1 … ${JOE_KUO_MAX_DIMENSION}, got ${dims}`);
  const rows = JOE_KUO_6_21201.trim().split('\n').map((l) => l.trim().split(/\s+/).map(Number));
  const out: Uint32Array[] = [];
  const first = new Uint32Array(BITS);
  for (let k = 0; k < BITS; k++) first[k] = (1 << (31 - k)) >>> 0;
  out.push(first);
  for (let d = 1; d < dims; d++) {
    const [, s, a, ...m] = rows[d - 1];
    const v = new Uint32Array(BITS);
    for (let k = 0; k < Math.min(s, BITS); k++) v[k] = (m[k] << (31 - k)) >>> 0;
    for (let k = s; k < BITS; k++) {
      let x = v[k - s] ^ (v[k - s] >>> s);
      for (let j = 1; j < s; j++) if ((a >>> (s - 1 - j)) & 1) x ^= v[k - j];
      v[k] = x >>> 0;
    }
    out.push(v);
  }
  return out;
}

/**
 * The first `n` points of the `dims`-dimensional Sobol sequence, row-major (n × dims), in (0, 1).
 * With `seed`, randomly digitally shifted (see the file header); without, the plain sequence
 * (first point (1/2^33, …), i.e. the origin moved by half a unit in the last bit).
 */
export function sobolPoints(n: number, dims: number, seed?: number): Float64Array {
  if (!(Number.isInteger(n) && n >= 1 && n <= 2 ** 31)) throw new RangeError(`Sobol points: n must be 1 … 2^31, got ${n}`);
  const v = directionNumbers(dims);
  const shift = new Uint32Array(dims);
  if (seed !== undefined) { const rng = new Rng(seed); for (let d = 0; d < dims; d++) shift[d] = rng.nextUint32(); }
  const x = new Uint32Array(dims);
  const out = new Float64Array(n * dims);
  const scale = 2 ** -BITS;
  for (let i = 0; i < n; i++) {
    if (i > 0) {
      // lowest zero bit of i − 1
      let c = 0, b = i - 1;
      while (b & 1) { b >>>= 1; c++; }
      for (let d = 0; d < dims; d++) x[d] = (x[d] ^ v[d][c]) >>> 0;
    }
    for (let d = 0; d < dims; d++) out[i * dims + d] = (((x[d] ^ shift[d]) >>> 0) + 0.5) * scale;
  }
  return out;
}
