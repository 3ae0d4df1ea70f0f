/**
 * The standard normal distribution function and its inverse, for turning confidence intervals into
 * standard errors and for z-score intervals.
 *
 * Φ from erf: the Maclaurin series of erf for |x| ≤ 3 (terms peak near n ≈ x², so at most ~3 of
 * 16 digits are lost to cancellation) and the continued fraction of erfc (Lentz's method) beyond,
 * where it converges in a few dozen terms. Φ⁻¹ by Newton's method on Φ from a logistic start,
 * finished with bisection safeguards; accurate to ~1e-12 for p in [1e-12, 1 − 1e-12].
 */

const SQRT_PI = Math.sqrt(Math.PI);

/** erf(x) for |x| ≤ 3 by its Maclaurin series. */
function erfSeries(x: number): number {
  const x2 = x * x;
  let term = x; // (−1)^n x^(2n+1) / n!
  let sum = x;
  for (let n = 1; n < 200; n++) {
    term *= -x2 / n;
    const add = term / (2 * n + 1);
    sum += add;
    if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
  }
  return (2 / SQRT_PI) * sum;
}

/** erfc(x) for x > 0 by the continued fraction erfc x = e^(−x²)/√π · 1/(x + 1/2/(x + 1/(x + 3/2/(x + …)))). */
function erfcFraction(x: number): number {
  // modified Lentz on b0 + a1/(b1 + a2/(b2 + …)) with b = x, a_k = k/2
  const tiny = 1e-300;
  let f = x;
  let C = f, D = 0;
  for (let k = 1; k < 500; k++) {
    const a = k / 2;
    D = x + a * D; if (Math.abs(D) < tiny) D = tiny; D = 1 / D;
    C = x + a / C; if (Math.abs(C) < tiny) C = tiny;
    const delta = C * D;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-x * x) / SQRT_PI / f;
}

/** The standard normal distribution function Φ(z). */
export function normalCdf(z: number): number {
  const x = z / Math.SQRT2;
  if (Math.abs(x) <= 3) return 0.5 * (1 + erfSeries(x));
  return x > 0 ? 1 - 0.5 * erfcFraction(x) : 0.5 * erfcFraction(-x);
}

/** Φ⁻¹(p), the standard normal quantile, for 0 < p < 1. */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`normalQuantile: ${p} is not in (0, 1)`);
  let z = Math.log(p / (1 - p)) / 1.702; // logistic approximation
  let lo = -40, hi = 40;
  for (let i = 0; i < 100; i++) {
    const f = normalCdf(z) - p;
    if (f > 0) hi = z; else lo = z;
    const pdf = Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
    let next = z - f / pdf;
    if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
    if (Math.abs(next - z) < 1e-14 * Math.max(1, Math.abs(z))) return next;
    z = next;
  }
  return z;
}

/** The two-sided z of a central interval at `level` (0.95 → 1.95996…). */
export function zForLevel(level: number): number {
  return normalQuantile(0.5 + level / 2);
}
