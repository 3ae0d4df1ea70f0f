/**
 * Operations on a Nordsieck history array stored column after column in one Float64Array:
 * column j (z[j*n .. j*n+n)) holds h^j y^(j)(t) / j!. None of them allocate.
 *
 * Each operation makes one pass over the components with the q+1 history values of a component in
 * locals (written out per order, q <= 5): a column-by-column loop reads and writes every column up
 * to q(q+1)/2 times, which made the prediction alone ~12 % of a dosing run. The floating-point
 * operations and their order per component are exactly those of the column-by-column form.
 */

/** Predicts the history at t + h: z ← P z with P the Pascal matrix (repeated additions). */
export function nordsieckPredict(z: Float64Array, n: number, q: number): void {
  // for k = 1..q, for j = q..k: z[j-1] += z[j]
  switch (q) {
    case 1:
      for (let i = 0; i < n; i++) z[i] += z[n + i];
      return;
    case 2:
      for (let i = 0, i1 = n, i2 = 2 * n; i < n; i++, i1++, i2++) {
        let a0 = z[i], a1 = z[i1];
        const a2 = z[i2];
        a1 += a2; a0 += a1;
        a1 += a2;
        z[i] = a0; z[i1] = a1;
      }
      return;
    case 3:
      for (let i = 0, i1 = n, i2 = 2 * n, i3 = 3 * n; i < n; i++, i1++, i2++, i3++) {
        let a0 = z[i], a1 = z[i1], a2 = z[i2];
        const a3 = z[i3];
        a2 += a3; a1 += a2; a0 += a1;
        a2 += a3; a1 += a2;
        a2 += a3;
        z[i] = a0; z[i1] = a1; z[i2] = a2;
      }
      return;
    case 4:
      for (let i = 0, i1 = n, i2 = 2 * n, i3 = 3 * n, i4 = 4 * n; i < n; i++, i1++, i2++, i3++, i4++) {
        let a0 = z[i], a1 = z[i1], a2 = z[i2], a3 = z[i3];
        const a4 = z[i4];
        a3 += a4; a2 += a3; a1 += a2; a0 += a1;
        a3 += a4; a2 += a3; a1 += a2;
        a3 += a4; a2 += a3;
        a3 += a4;
        z[i] = a0; z[i1] = a1; z[i2] = a2; z[i3] = a3;
      }
      return;
    case 5:
      for (let i = 0, i1 = n, i2 = 2 * n, i3 = 3 * n, i4 = 4 * n, i5 = 5 * n; i < n; i++, i1++, i2++, i3++, i4++, i5++) {
        let a0 = z[i], a1 = z[i1], a2 = z[i2], a3 = z[i3], a4 = z[i4];
        const a5 = z[i5];
        a4 += a5; a3 += a4; a2 += a3; a1 += a2; a0 += a1;
        a4 += a5; a3 += a4; a2 += a3; a1 += a2;
        a4 += a5; a3 += a4; a2 += a3;
        a4 += a5; a3 += a4;
        a4 += a5;
        z[i] = a0; z[i1] = a1; z[i2] = a2; z[i3] = a3; z[i4] = a4;
      }
      return;
    default:
      throw new RangeError(`nordsieckPredict: order ${q} is not 1..5`);
  }
}

/** Undoes `nordsieckPredict` (z ← P⁻¹ z), restoring the history exactly up to roundoff. */
export function nordsieckRestore(z: Float64Array, n: number, q: number): void {
  // for k = 1..q, for j = q..k: z[j-1] -= z[j]
  switch (q) {
    case 1:
      for (let i = 0; i < n; i++) z[i] -= z[n + i];
      return;
    case 2:
      for (let i = 0, i1 = n, i2 = 2 * n; i < n; i++, i1++, i2++) {
        let a0 = z[i], a1 = z[i1];
        const a2 = z[i2];
        a1 -= a2; a0 -= a1;
        a1 -= a2;
        z[i] = a0; z[i1] = a1;
      }
      return;
    case 3:
      for (let i = 0, i1 = n, i2 = 2 * n, i3 = 3 * n; i < n; i++, i1++, i2++, i3++) {
        let a0 = z[i], a1 = z[i1], a2 = z[i2];
        const a3 = z[i3];
        a2 -= a3; a1 -= a2; a0 -= a1;
        a2 -= a3; a1 -= a2;
        a2 -= a3;
        z[i] = a0; z[i1] = a1; z[i2] = a2;
      }
      return;
    case 4:
      for (let i = 0, i1 = n, i2 = 2 * n, i3 = 3 * n, i4 = 4 * n; i < n; i++, i1++, i2++, i3++, i4++) {
        let a0 = z[i], a1 = z[i1], a2 = z[i2], a3 = z[i3];
        const a4 = z[i4];
        a3 -= a4; a2 -= a3; a1 -= a2; a0 -= a1;
        a3 -= a4; a2 -= a3; a1 -= a2;
        a3 -= a4; a2 -= a3;
        a3 -= a4;
        z[i] = a0; z[i1] = a1; z[i2] = a2; z[i3] = a3;
      }
      return;
    case 5:
      for (let i = 0, i1 = n, i2 = 2 * n, i3 = 3 * n, i4 = 4 * n, i5 = 5 * n; i < n; i++, i1++, i2++, i3++, i4++, i5++) {
        let a0 = z[i], a1 = z[i1], a2 = z[i2], a3 = z[i3], a4 = z[i4];
        const a5 = z[i5];
        a4 -= a5; a3 -= a4; a2 -= a3; a1 -= a2; a0 -= a1;
        a4 -= a5; a3 -= a4; a2 -= a3; a1 -= a2;
        a4 -= a5; a3 -= a4; a2 -= a3;
        a4 -= a5; a3 -= a4;
        a4 -= a5;
        z[i] = a0; z[i1] = a1; z[i2] = a2; z[i3] = a3; z[i4] = a4;
      }
      return;
    default:
      throw new RangeError(`nordsieckRestore: order ${q} is not 1..5`);
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
  const l0 = l[0], l1 = l[1], l2 = l[2], l3 = l[3], l4 = l[4], l5 = l[5];
  switch (q) {
    case 1:
      for (let i = 0; i < n; i++) { const d = delta[i]; z[i] += l0 * d; z[n + i] += l1 * d; }
      return;
    case 2:
      for (let i = 0, i1 = n, i2 = 2 * n; i < n; i++, i1++, i2++) {
        const d = delta[i];
        z[i] += l0 * d; z[i1] += l1 * d; z[i2] += l2 * d;
      }
      return;
    case 3:
      for (let i = 0, i1 = n, i2 = 2 * n, i3 = 3 * n; i < n; i++, i1++, i2++, i3++) {
        const d = delta[i];
        z[i] += l0 * d; z[i1] += l1 * d; z[i2] += l2 * d; z[i3] += l3 * d;
      }
      return;
    case 4:
      for (let i = 0, i1 = n, i2 = 2 * n, i3 = 3 * n, i4 = 4 * n; i < n; i++, i1++, i2++, i3++, i4++) {
        const d = delta[i];
        z[i] += l0 * d; z[i1] += l1 * d; z[i2] += l2 * d; z[i3] += l3 * d; z[i4] += l4 * d;
      }
      return;
    case 5:
      for (let i = 0, i1 = n, i2 = 2 * n, i3 = 3 * n, i4 = 4 * n, i5 = 5 * n; i < n; i++, i1++, i2++, i3++, i4++, i5++) {
        const d = delta[i];
        z[i] += l0 * d; z[i1] += l1 * d; z[i2] += l2 * d; z[i3] += l3 * d; z[i4] += l4 * d; z[i5] += l5 * d;
      }
      return;
    default:
      throw new RangeError(`nordsieckCorrect: order ${q} is not 1..5`);
  }
}

/**
 * Dense output: out = Σ_j z[j]·x^j with x = (s − t)/h, the degree-q polynomial the history
 * represents at time t with scaling step h (Horner per component, one pass: the same operations
 * in the same order as column by column, without re-reading and re-writing `out` q times).
 */
export function nordsieckEvaluate(
  z: Float64Array, n: number, q: number, t: number, h: number, s: number, out: Float64Array,
): void {
  const x = (s - t) / h;
  switch (q) {
    case 1:
      for (let i = 0; i < n; i++) out[i] = z[n + i] * x + z[i];
      return;
    case 2:
      for (let i = 0, i1 = n, i2 = 2 * n; i < n; i++, i1++, i2++) out[i] = (z[i2] * x + z[i1]) * x + z[i];
      return;
    case 3:
      for (let i = 0, i1 = n, i2 = 2 * n, i3 = 3 * n; i < n; i++, i1++, i2++, i3++) {
        out[i] = ((z[i3] * x + z[i2]) * x + z[i1]) * x + z[i];
      }
      return;
    case 4:
      for (let i = 0, i1 = n, i2 = 2 * n, i3 = 3 * n, i4 = 4 * n; i < n; i++, i1++, i2++, i3++, i4++) {
        out[i] = (((z[i4] * x + z[i3]) * x + z[i2]) * x + z[i1]) * x + z[i];
      }
      return;
    case 5:
      for (let i = 0, i1 = n, i2 = 2 * n, i3 = 3 * n, i4 = 4 * n, i5 = 5 * n; i < n; i++, i1++, i2++, i3++, i4++, i5++) {
        out[i] = ((((z[i5] * x + z[i4]) * x + z[i3]) * x + z[i2]) * x + z[i1]) * x + z[i];
      }
      return;
    default:
      throw new RangeError(`nordsieckEvaluate: order ${q} is not 1..5`);
  }
}
