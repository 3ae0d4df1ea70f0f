/**
 * Axis rules of the charts: a minimum relative span (so a flat output does not magnify float
 * noise into a 36.18–36.19 axis) and tick labels with just enough digits to be distinct (never
 * "1 1 1 1").
 */

/** Smallest span of a value axis, relative to the largest magnitude shown. */
export const MIN_RELATIVE_SPAN = 0.02;

/**
 * Smallest span of a value axis in the output's own unit: a percent change (BMD) that stays within
 * float drift of 0 % is drawn flat on a 1-point axis, not as a curve filling 0–0.004 %.
 */
export function minimumSpan(unit: string): number {
  return unit === '%' ? 1 : 0;
}

/** The [min, max] of a value axis: the data's, widened symmetrically to at least MIN_RELATIVE_SPAN of its magnitude (and `minAbsolute`). */
export function valueRange(min: number, max: number, minRelative = MIN_RELATIVE_SPAN, minAbsolute = 0): [number, number] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [0, 1];
  const mag = Math.max(Math.abs(min), Math.abs(max));
  const need = Math.max(mag === 0 ? 1 : mag * minRelative, minAbsolute);
  let lo = min, hi = max;
  if (hi - lo < need) {
    const mid = (lo + hi) / 2;
    lo = mid - need / 2;
    hi = mid + need / 2;
    // a positive quantity's axis does not dip below zero only because it was widened
    if (min >= 0 && lo < 0) { hi -= lo; lo = 0; }
  }
  // 5 % headroom either side, as uPlot's own auto range
  const pad = (hi - lo) * 0.05;
  return [min >= 0 && lo - pad < 0 ? 0 : lo - pad, hi + pad];
}

/** Labels for tick values: the fewest significant digits (up to 12) that make every label distinct. */
export function tickLabels(ticks: readonly number[]): string[] {
  const fmt = (x: number, digits: number): string => {
    if (x === 0) return '0';
    const a = Math.abs(x);
    if (a >= 1e6 || a < 1e-4) return x.toExponential(Math.max(0, digits - 1)).replace(/\.?0+e/, 'e');
    return String(Number(x.toPrecision(digits)));
  };
  for (let d = 1; d <= 12; d++) {
    const labels = ticks.map((t) => fmt(t, d));
    if (new Set(labels).size === labels.length) return labels;
  }
  return ticks.map((t) => String(t));
}
