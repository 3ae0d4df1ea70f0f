/**
 * Coefficients of the variable-step BDF formulas in Nordsieck form, in the fixed-leading-coefficient
 * formulation (Jackson & Sacks-Davis, ACM TOMS 6 (1980) 295-318), the one CVODE uses
 * (Hindmarsh et al., ACM TOMS 31 (2005) 363-396, §2.1; Byrne & Hindmarsh, ACM TOMS 1 (1975) 71-96).
 *
 * The history array holds z[j] = h^j y^(j)(t_n) / j!, j = 0..q. A step predicts z by the Pascal
 * matrix and corrects with z[j] += l[j]·Δ, where Δ is the Newton correction and l the coefficients
 * of the polynomial
 *     Λ(x) = (1 + x/ξ*) · Π_{i=1}^{q-1} (1 + x/ξ_i),   ξ_i = (t_n − t_{n−i}) / h,
 * with ξ* chosen so that l[1] = Σ_{j=1}^{q} 1/j whatever the step history ("fixed leading
 * coefficient"): γ = h / l[1] then changes only when h or q change, which is what lets the
 * iteration matrix I − γJ be reused across steps.
 *
 * `tau[i]` (i = 1..q+1) are the last step sizes, tau[1] the most recent one; `tau[0]` is unused.
 */

/** Highest BDF order (BDF6 and above are not zero-stable). */
export const BDF_MAX_ORDER = 5;

/**
 * Test quantities written by `setBdfCoefficients` (index 0 unused, as in the papers):
 *  tq[1] converts ||z[q]|| into the local error estimate at order q−1,
 *  tq[2] converts ||Δ|| into the local error estimate at order q,
 *  tq[3] converts ||Δ − c·Δ_prev|| into the local error estimate at order q+1,
 *  tq[4] is the Newton convergence tolerance on ||Δ||,
 *  tq[5] is saved for the next step's order-(q+1) estimate.
 * tq[1] and tq[3] are only recomputed when `neighbours` is set (an order change is near).
 */
export function setBdfCoefficients(
  q: number, h: number, tau: Float64Array, neighbours: boolean, newtonCoef: number,
  l: Float64Array, tq: Float64Array,
): void {
  l[0] = 1;
  l[1] = 1;
  for (let i = 2; i <= q; i++) l[i] = 0;
  // alpha0 = −Σ_{j=1}^{q} 1/j is −l[1] of the fixed-leading-coefficient formula; alpha0Hat is the
  // same quantity for the variable-coefficient formula through the true ξ_q.
  let alpha0 = -1;
  let alpha0Hat = -1;
  let xiInv = 1;
  let xiStarInv = 1;
  let hsum = h;
  if (q > 1) {
    for (let j = 2; j < q; j++) {
      hsum += tau[j - 1];
      xiInv = h / hsum;
      alpha0 -= 1 / j;
      for (let i = j; i >= 1; i--) l[i] += l[i - 1] * xiInv;
    }
    alpha0 -= 1 / q;
    xiStarInv = -l[1] - alpha0;
    hsum += tau[q - 1];
    xiInv = h / hsum;
    alpha0Hat = -l[1] - xiInv;
    for (let i = q; i >= 1; i--) l[i] += l[i - 1] * xiStarInv;
  }

  const a1 = 1 - alpha0Hat + alpha0;
  const a2 = 1 + q * a1;
  tq[2] = Math.abs(a1 / (alpha0 * a2));
  tq[5] = Math.abs((a2 * xiStarInv) / (l[q] * xiInv));
  if (neighbours) {
    if (q > 1) {
      const c = xiStarInv / l[q];
      const a3 = alpha0 + 1 / q;
      const a4 = alpha0Hat + xiInv;
      tq[1] = Math.abs((c * (1 - a4 + a3)) / a3);
    } else {
      tq[1] = 1;
    }
    hsum += tau[q];
    const xiInvNext = h / hsum;
    const a5 = alpha0 - 1 / (q + 1);
    const a6 = alpha0Hat - xiInvNext;
    tq[3] = Math.abs((1 - a6 + a5) / a2 / (xiInvNext * (q + 2) * a5));
  }
  tq[4] = newtonCoef / tq[2];
}

/**
 * Coefficients that turn the order-q history into an order-(q+1) one (Byrne & Hindmarsh): the new
 * column z[q+1] = a·Δ_saved, then z[j] += c[j]·z[q+1] for j = 2..q. Writes c into `c[2..q]` and
 * returns a. `hscale` is the step size the history is currently scaled with.
 */
export function increaseOrderCoefficients(q: number, hscale: number, tau: Float64Array, c: Float64Array): number {
  for (let i = 0; i < c.length; i++) c[i] = 0;
  c[2] = 1;
  let alpha0 = -1;
  let alpha1 = 1;
  let prod = 1;
  let xiOld = 1;
  let hsum = hscale;
  for (let j = 1; j < q; j++) {
    hsum += tau[j + 1];
    const xi = hsum / hscale;
    prod *= xi;
    alpha0 -= 1 / (j + 1);
    alpha1 += 1 / xi;
    for (let i = j + 2; i >= 2; i--) c[i] = c[i] * xiOld + c[i - 1];
    xiOld = xi;
  }
  return (-alpha0 - alpha1) / prod;
}

/**
 * Coefficients that turn the order-q history into an order-(q−1) one: z[j] −= c[j]·z[q] for
 * j = 2..q−1 (nothing to do when q ≤ 2). Writes c into `c[2..q−1]`.
 */
export function decreaseOrderCoefficients(q: number, hscale: number, tau: Float64Array, c: Float64Array): void {
  for (let i = 0; i < c.length; i++) c[i] = 0;
  c[2] = 1;
  let hsum = 0;
  for (let j = 1; j <= q - 2; j++) {
    hsum += tau[j];
    const xi = hsum / hscale;
    for (let i = j + 2; i >= 2; i--) c[i] = c[i] * xi + c[i - 1];
  }
}
