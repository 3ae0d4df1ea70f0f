/** Weighted RMS norm used by every method's error test and Newton convergence test. */

/** Error weights w_i = 1 / (atol_i + rtol_i * |y_i|), written into `w`. */
export function errorWeights(y: Float64Array, rtol: Float64Array, atol: Float64Array, w: Float64Array): void {
  const n = y.length;
  for (let i = 0; i < n; i++) w[i] = 1 / (atol[i] + rtol[i] * Math.abs(y[i]));
}

/** sqrt( (1/n) sum (v_i w_i)^2 ). */
export function wrmsNorm(v: Float64Array, w: Float64Array, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) { const e = v[i] * w[i]; s += e * e; }
  return Math.sqrt(s / n);
}

/** Index of the component with the largest |v_i w_i| (for "worst component" messages). */
export function worstComponent(v: Float64Array, w: Float64Array, n: number): number {
  let k = 0, m = -1;
  for (let i = 0; i < n; i++) { const e = Math.abs(v[i] * w[i]); if (e > m || Number.isNaN(e)) { m = e; k = i; if (Number.isNaN(e)) break; } }
  return k;
}
