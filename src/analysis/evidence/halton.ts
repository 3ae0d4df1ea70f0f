/**
 * A scrambled Halton design in [0, 1)^d for multi-start points: coordinate j of point i is the
 * radical inverse of i in the j-th prime base, each digit mapped through a random permutation of
 * that base's digits drawn from the seed (random-permutation scrambling, Braaten & Weller 1979;
 * Owen, "A randomized Halton algorithm in R", arXiv:1706.02808, 2017, for why scrambling matters:
 * plain Halton points in neighbouring large bases are strongly correlated). Low discrepancy makes
 * a few starts cover the box more evenly than as many uniform draws.
 */
import { Rng } from '../random.js';

function primes(count: number): number[] {
  const out: number[] = [];
  for (let c = 2; out.length < count; c++) if (out.every((p) => c % p !== 0)) out.push(c);
  return out;
}

/** Points 1..n (index 0, the origin, is skipped) of a d-dimensional Halton design scrambled by `seed`. */
export function scrambledHalton(n: number, d: number, seed: number): Float64Array[] {
  const bases = primes(d);
  const rng = new Rng(seed);
  const perms = bases.map((b) => rng.permutation(b));
  const points: Float64Array[] = [];
  for (let i = 1; i <= n; i++) {
    const pt = new Float64Array(d);
    for (let j = 0; j < d; j++) {
      const b = bases[j], perm = perms[j];
      let k = i, f = 1 / b, v = 0;
      // every digit position down to 2^-53, so permuted trailing zeros are included too
      while (f > 1.1e-16) {
        v += perm[k % b] * f;
        k = Math.floor(k / b);
        f /= b;
      }
      pt[j] = Math.min(v, 1 - 2 ** -53);
    }
    points.push(pt);
  }
  return points;
}
