/**
 * Operations on a Nordsieck history array stored column after column in one Float64Array:
 * column j (z[j*n .. j*n+n)) holds h^j y^(j)(t) / j!. None of them allocate.
 */

/** Predicts the history at t + h: z ← P z with P the Pascal matrix (repeated additions). */
export function nordsieckPredict(z: Float64Array, n: number, q: number): void {
  for (let k = 1; k <= q; k++) {
    for (let j = q; j >= k; j--) {
      const dst = (j - 1) * n;
      const src = j * n;
      for (let i = 0; i < n; i++) z[dst + i] += z[src + i];
    }
  }
}

/** Undoes `nordsieckPredict` (z ← P⁻¹ z), restoring the history exactly up to roundoff. */
export function nordsieckRestore(z: Float64Array, n: number, q: number): void {
  for (let k = 1; k <= q; k++) {
    for (let j = q; j >= k; j--) {
      const dst = (j - 1) * n;
      const src = j * n;
      for (let i = 0; i < n; i++) z[dst + i] -= z[src + i];
    }
  }
}

/** Rescales the history from step h to step eta·h: column j is multiplied by eta^j. */
export function nordsieckRescale(z: Float64Array, n: number, q: number, eta: number): void {
  let f = 1;
  for (let j = 1; j <= q; j++) {
    f *= eta;
    const o = j * n;
    for (let i = 0; i < n; i++) z[o + i] *= f;
  }
}

/** Applies the corrector: column j += l[j]·delta for j = 0..q. */
export function nordsieckCorrect(z: Float64Array, n: number, q: number, l: Float64Array, delta: Float64Array): void {
  for (let j = 0; j <= q; j++) {
    const c = l[j];
    const o = j * n;
    for (let i = 0; i < n; i++) z[o + i] += c * delta[i];
  }
}

/**
 * Dense output: out = Σ_j z[j]·x^j with x = (s − t)/h, the degree-q polynomial the history
 * represents at time t with scaling step h (Horner, column by column).
 */
export function nordsieckEvaluate(
  z: Float64Array, n: number, q: number, t: number, h: number, s: number, out: Float64Array,
): void {
  const x = (s - t) / h;
  const top = q * n;
  for (let i = 0; i < n; i++) out[i] = z[top + i];
  for (let j = q - 1; j >= 0; j--) {
    const o = j * n;
    for (let i = 0; i < n; i++) out[i] = out[i] * x + z[o + i];
  }
}
