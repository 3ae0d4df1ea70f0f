/**
 * Axis rules shared by the SVG charts and the web app (no dependency): a minimum relative span, so
 * that a flat output draws flat instead of magnifying rounding noise (a PTH axis of 36.18–36.19), and
 * tick labels that never repeat ("1 1 1 1").
 */

/** Smallest y span as a fraction of the largest |value| shown: below it the axis is widened about the middle. */
export const MIN_RELATIVE_SPAN = 0.02;

/** [lo, hi] widened to at least `minRel`·max(|lo|, |hi|) about its middle (unchanged if already wider, or all zero). */
export function axisExtent(lo: number, hi: number, minRel = MIN_RELATIVE_SPAN): [number, number] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [lo, hi];
  const need = minRel * Math.max(Math.abs(lo), Math.abs(hi));
  if (hi - lo >= need || need === 0) return [lo, hi];
  const mid = (lo + hi) / 2;
  return [mid - need / 2, mid + need / 2];
}

function label(v: number, digits: number): string {
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e5)) return v.toExponential(Math.max(1, digits - 1));
  return Number(v.toPrecision(digits)).toString();
}

/**
 * Labels of tick values: the fewest significant digits (from 2 up) that tell every tick apart;
 * ticks whose label would still repeat are left out.
 */
export function tickLabels(ticks: readonly number[]): {
  /** The tick's value. */
  value: number;
  /** Its label, with just enough digits to tell the ticks apart. */
  label: string;
}[] {
  for (let d = 2; d <= 12; d++) {
    const ls = ticks.map((t) => (t === 0 ? '0' : label(t, d)));
    if (new Set(ls).size === ls.length) return ticks.map((value, i) => ({ value, label: ls[i] }));
  }
  const seen = new Set<string>();
  const out: { value: number; label: string }[] = [];
  for (const t of ticks) { const l = label(t, 12); if (!seen.has(l)) { seen.add(l); out.push({ value: t, label: l }); } }
  return out;
}

/**
 * Smallest span of a value axis in the output's own unit: a percent change (BMD) that stays within
 * float drift of 0 % is drawn flat on a 1-point axis, not as a curve filling 0–0.004 %.
 */
export function minimumSpan(unit: string): number {
  return unit === '%' ? 1 : 0;
}

/**
 * The [lo, hi] of a value axis holding data in [min, max]: widened about its middle to at least
 * `minRel` of its magnitude (axisExtent) and to `minAbsolute` (an all-zero output to 1), kept at or
 * above 0 for a non-negative quantity, then padded 5 % either side (as uPlot's own auto range).
 * Non-finite data give [0, 1].
 */
export function valueRange(min: number, max: number, minRel = MIN_RELATIVE_SPAN, minAbsolute = 0): [number, number] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [0, 1];
  let [lo, hi] = axisExtent(min, max, minRel);
  const need = Math.max(minAbsolute, hi === lo ? 1 : 0);
  if (hi - lo < need) {
    const mid = (lo + hi) / 2;
    lo = mid - need / 2;
    hi = mid + need / 2;
  }
  // a positive quantity's axis does not dip below zero only because it was widened
  if (min >= 0 && lo < 0) { hi -= lo; lo = 0; }
  const pad = (hi - lo) * 0.05;
  return [min >= 0 && lo - pad < 0 ? 0 : lo - pad, hi + pad];
}
