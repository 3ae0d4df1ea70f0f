/**
 * A small seeded pseudo-random number generator for reproducible analyses (virtual populations,
 * Morris designs): the same seed gives the same numbers on every platform and in every worker.
 *
 * Generator: xoshiro128** (Blackman & Vigna, "Scrambled linear pseudorandom number generators",
 * ACM TOMS 47(4):36, 2021; https://prng.di.unimi.it/): 128-bit state, period 2^128 − 1, 32-bit
 * outputs, passes BigCrush; chosen because it needs only 32-bit integer arithmetic (Math.imul),
 * which JavaScript does exactly. The state is filled from one 32-bit seed by a SplitMix32-style
 * mixer (golden-ratio increment, two multiply–xorshift rounds), so nearby seeds give unrelated
 * streams and the state is never all zero.
 *
 * Derived draws: uniform doubles with 53 random bits; standard normals by the Box–Muller transform
 * (Box & Muller, Ann. Math. Stat. 29:610, 1958), both values of each pair used.
 */

const rotl = (x: number, k: number): number => (x << k) | (x >>> (32 - k));

/** Multiply–xorshift mixing of a 32-bit counter (the SplitMix idea with 32-bit constants). */
function mix32(z: number): number {
  z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
  z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
  return (z ^ (z >>> 15)) >>> 0;
}

/** A seeded pseudo-random generator (reproducible draws for populations, ensembles and noise). */
export class Rng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  /** Second value of the last Box–Muller pair, not yet returned. */
  private spare = NaN;

  /**
   * `seed`: a 32-bit unsigned integer (other numbers are reduced modulo 2^32), or the four words of
   * the raw state (not all zero) to reproduce a published test vector.
   */
  constructor(seed: number | readonly [number, number, number, number] = 1) {
    if (typeof seed === 'number') {
      if (!Number.isFinite(seed)) throw new RangeError(`Rng: seed ${seed} is not a finite number`);
      let c = Math.trunc(seed) >>> 0;
      const next = (): number => { c = (c + 0x9e3779b9) >>> 0; return mix32(c); };
      this.s0 = next(); this.s1 = next(); this.s2 = next(); this.s3 = next();
    } else {
      [this.s0, this.s1, this.s2, this.s3] = seed.map((x) => x >>> 0);
    }
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) throw new RangeError('Rng: the state must not be all zero');
  }

  /** The next 32-bit unsigned integer. */
  nextUint32(): number {
    const s1 = this.s1;
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform on [0, 1), 53 random bits. */
  uniform(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Uniform integer in [0, n) (n ≤ 2^32), without modulo bias. */
  int(n: number): number {
    if (!(Number.isInteger(n) && n > 0 && n <= 4294967296)) throw new RangeError(`Rng.int: ${n} must be an integer in [1, 2^32]`);
    const limit = 4294967296 - (4294967296 % n);
    for (;;) {
      const x = this.nextUint32();
      if (x < limit) return x % n;
    }
  }

  /** Standard normal N(0, 1). */
  normal(): number {
    if (!Number.isNaN(this.spare)) { const z = this.spare; this.spare = NaN; return z; }
    const u1 = 1 - this.uniform(); // (0, 1]: log is finite
    const u2 = this.uniform();
    const r = Math.sqrt(-2 * Math.log(u1));
    this.spare = r * Math.sin(2 * Math.PI * u2);
    return r * Math.cos(2 * Math.PI * u2);
  }

  /** A random permutation of 0..n−1 (Fisher–Yates). */
  permutation(n: number): Int32Array {
    const a = new Int32Array(n);
    for (let i = 0; i < n; i++) a[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = a[i]; a[i] = a[j]; a[j] = t;
    }
    return a;
  }
}

/**
 * σ of ln X for a log-normal X with coefficient of variation `cv` (sd/mean):
 * CV² = exp(σ²) − 1, so σ = sqrt(ln(1 + CV²)).
 */
export function lognormalSigma(cv: number): number {
  return Math.sqrt(Math.log1p(cv * cv));
}
