/**
 * Time-course charts as standalone SVG, with no browser and no dependency: one panel per variable
 * (title with its unit), time on x in the chosen unit, several runs overlaid with a legend.
 * Used by the CLI (`--plot`, `compare`) and the validation report; PNG is rendered from this SVG.
 */

/**
 * One curve of a chart panel: a run's label (for the legend) and its values at its times (in the
 * unit the chart's `timeLabel` names: the caller converts, e.g. with `timeScale`).
 */
export interface PlotSeries {
  /** Run label for the legend. */
  label: string;
  /** Times (the chart's time unit). */
  time: ArrayLike<number>;
  /** Values at those times (the panel's unit). */
  values: ArrayLike<number>;
}

/** An observed point with an optional error bar (lo–hi), drawn over the model curves. */
export interface PlotPoint {
  /** Time (the chart's time unit). */
  t: number;
  /** Observed value (the panel's unit). */
  v: number;
  /** Lower end of the error bar. */
  lo?: number;
  /** Upper end of the error bar. */
  hi?: number;
  /** Tooltip, e.g. the source. */
  label?: string;
}

/**
 * One panel of `svgChart`: a title, the unit of its y axis, the curves, optional observations with
 * error bars and an optional shaded reference range.
 */
export interface PlotPanel {
  /** Panel title (the variable's name). */
  title: string;
  /** The y axis unit, shown with the title. */
  unit: string;
  /** The curves, one per run. */
  series: PlotSeries[];
  /** Observations drawn as points with error bars. */
  points?: PlotPoint[];
  /** A reference range shaded behind the curves (e.g. a laboratory interval), named in the panel title. */
  reference?: {
    /** Lower end of the range (the panel's unit). */
    lo: number;
    /** Upper end of the range. */
    hi: number;
    /** Its name (e.g. "reference"). */
    label?: string;
  };
}

/** Options of the SVG charts: time-axis label, title, width, columns and panel height. */
export interface PlotOptions {
  /** Label of the time axis, with its unit (e.g. "time (d)"). */
  timeLabel: string;
  /** Title above the panels. */
  title?: string;
  /** Width of the whole chart in px (default 960). */
  width?: number;
  /** Panels per row (default 2, 1 for a single panel). */
  columns?: number;
  /** Height of one panel in px (default 240). */
  panelHeight?: number;
}

const COLORS = ['#1f5fa8', '#d1495b', '#2e8b57', '#e08e0b', '#6a4c93', '#00798c', '#8c564b', '#444444'];

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** "Nice" tick values covering [lo, hi] (Heckbert). */
import { axisExtent, tickLabels } from './axis.js';

export function niceTicks(lo: number, hi: number, target = 5): number[] {
  if (!(hi > lo)) { const d = Math.abs(lo) > 0 ? Math.abs(lo) * 0.05 : 1; lo -= d; hi += d; }
  const range = hi - lo;
  const raw = range / target;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const f = raw / mag;
  const step = (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10) * mag;
  const start = Math.ceil(lo / step - 1e-9) * step;
  const ticks: number[] = [];
  for (let v = start; v <= hi + step * 1e-9; v += step) ticks.push(Math.abs(v) < step * 1e-9 ? 0 : v);
  return ticks;
}

function fmtTick(v: number): string {
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e5)) return v.toExponential(1);
  return Number(v.toPrecision(6)).toString();
}

/** Reduces a long series to at most ~2·px points, keeping each pixel column's min and max. */
function decimate(t: ArrayLike<number>, v: ArrayLike<number>, x0: number, x1: number, px: number): [number[], number[]] {
  const n = t.length;
  if (n <= 2 * px) return [Array.from(t), Array.from(v)];
  const ts: number[] = [], vs: number[] = [];
  const bucket = (x1 - x0) / px || 1;
  let b = -1, iMin = -1, iMax = -1;
  const flush = () => {
    if (iMin < 0) return;
    const [a, c] = iMin < iMax ? [iMin, iMax] : [iMax, iMin];
    ts.push(t[a]); vs.push(v[a]);
    if (c !== a) { ts.push(t[c]); vs.push(v[c]); }
  };
  for (let i = 0; i < n; i++) {
    const bi = Math.floor((t[i] - x0) / bucket);
    if (bi !== b) { flush(); b = bi; iMin = iMax = i; }
    else { if (v[i] < v[iMin]) iMin = i; if (v[i] > v[iMax]) iMax = i; }
  }
  flush();
  return [ts, vs];
}

/** The opening of every chart: the <svg> element, a white background and an optional title. */
function svgOpen(out: string[], width: number, height: number, title?: string): void {
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="DejaVu Sans, Arial, sans-serif" font-size="12">`);
  out.push(`<rect width="${width}" height="${height}" fill="#ffffff"/>`);
  if (title) out.push(`<text x="${width / 2}" y="20" text-anchor="middle" font-size="15" font-weight="bold">${esc(title)}</text>`);
}

/**
 * One panel's frame: title with unit, grid, tick labels, border and time label, for data spanning
 * [tmin, tmax] × [vmin, vmax] (empty data: the unit square). Opens a <g> the caller closes; returns the scales.
 */
function panelFrame(
  out: string[], box: { x0p: number; x1p: number; y0p: number; y1p: number; oy: number },
  ext: { tmin: number; tmax: number; vmin: number; vmax: number }, title: string, unit: string, timeLabel: string,
  reference?: { lo: number; hi: number; label?: string },
): { X: (t: number) => number; Y: (v: number) => number; xa: number; xb: number } {
  const { x0p, x1p, y0p, y1p, oy } = box;
  let { tmin, tmax, vmin, vmax } = ext;
  if (!Number.isFinite(tmin)) { tmin = 0; tmax = 1; vmin = 0; vmax = 1; }
  [vmin, vmax] = axisExtent(vmin, vmax);
  const xt = niceTicks(tmin, tmax);
  const yt = niceTicks(vmin, vmax);
  const xa = Math.min(tmin, xt[0]), xb = Math.max(tmax, xt[xt.length - 1]);
  const ya = Math.min(vmin, yt[0]), yb = Math.max(vmax, yt[yt.length - 1]);
  const X = (t: number) => x0p + ((t - xa) / (xb - xa || 1)) * (x1p - x0p);
  const Y = (v: number) => y1p - ((v - ya) / (yb - ya || 1)) * (y1p - y0p);
  out.push(`<g>`);
  const ref = reference ? ` · ${reference.label ?? 'reference'} ${fmtTick(reference.lo)}–${fmtTick(reference.hi)}` : '';
  out.push(`<text x="${(x0p + x1p) / 2}" y="${oy + 16}" text-anchor="middle" font-weight="bold">${esc(title)}${unit ? ` (${esc(unit)})` : ''}<tspan font-weight="normal" fill="#2e7d32">${esc(ref)}</tspan></text>`);
  if (reference) {
    const top = Math.max(y0p, Math.min(y1p, Y(reference.hi))), bottom = Math.max(y0p, Math.min(y1p, Y(reference.lo)));
    if (bottom > top) out.push(`<rect x="${x0p}" y="${top.toFixed(1)}" width="${x1p - x0p}" height="${(bottom - top).toFixed(1)}" fill="#2e7d32" fill-opacity="0.08"><title>${esc(reference.label ?? 'reference')} ${fmtTick(reference.lo)}–${fmtTick(reference.hi)}</title></rect>`);
  }
  for (const { value: v, label } of tickLabels(yt)) {
    const y = Y(v).toFixed(1);
    out.push(`<line x1="${x0p}" y1="${y}" x2="${x1p}" y2="${y}" stroke="#e5e5e5"/>`);
    out.push(`<text x="${x0p - 6}" y="${y}" dy="4" text-anchor="end" fill="#333">${label}</text>`);
  }
  for (const { value: t, label } of tickLabels(xt)) {
    const x = X(t).toFixed(1);
    out.push(`<line x1="${x}" y1="${y0p}" x2="${x}" y2="${y1p}" stroke="#f0f0f0"/>`);
    out.push(`<text x="${x}" y="${y1p + 16}" text-anchor="middle" fill="#333">${label}</text>`);
  }
  out.push(`<rect x="${x0p}" y="${y0p}" width="${x1p - x0p}" height="${y1p - y0p}" fill="none" stroke="#888"/>`);
  out.push(`<text x="${(x0p + x1p) / 2}" y="${y1p + 32}" text-anchor="middle" fill="#333">${esc(timeLabel)}</text>`);
  return { X, Y, xa, xb };
}

/**
 * The page of panels shared by svgChart and svgBandChart: the size of the chart and each panel's
 * plot box (panels in `columns` columns under the title and the legend).
 */
function chartPage(panelCount: number, opts: PlotOptions, legendHeight: number) {
  const width = opts.width ?? 960;
  const cols = Math.max(1, Math.min(opts.columns ?? (panelCount > 1 ? 2 : 1), panelCount || 1));
  const panelHeight = opts.panelHeight ?? 240;
  const titleHeight = opts.title ? 30 : 0;
  const rows = Math.ceil(panelCount / cols);
  const height = titleHeight + legendHeight + rows * panelHeight + 10;
  const panelWidth = width / cols;
  const margin = { l: 64, r: 16, t: 28, b: 40 };
  const panelBox = (k: number): { x0p: number; x1p: number; y0p: number; y1p: number; oy: number } => {
    const ox = (k % cols) * panelWidth;
    const oy = titleHeight + legendHeight + Math.floor(k / cols) * panelHeight;
    return { x0p: ox + margin.l, x1p: ox + panelWidth - margin.r, y0p: oy + margin.t, y1p: oy + panelHeight - margin.b, oy };
  };
  return { width, height, legendY: titleHeight + 14, panelBox };
}

/** The data range of a panel, grown by series and observations (non-finite values skipped). */
interface DataExtent { tmin: number; tmax: number; vmin: number; vmax: number }

function emptyExtent(): DataExtent {
  return { tmin: Infinity, tmax: -Infinity, vmin: Infinity, vmax: -Infinity };
}

function growBySeries(e: DataExtent, time: ArrayLike<number>, values: ArrayLike<number>): void {
  for (let i = 0; i < time.length; i++) {
    const t = time[i], v = values[i];
    if (!Number.isFinite(t) || !Number.isFinite(v)) continue;
    if (t < e.tmin) e.tmin = t; if (t > e.tmax) e.tmax = t;
    if (v < e.vmin) e.vmin = v; if (v > e.vmax) e.vmax = v;
  }
}

function growByPoints(e: DataExtent, points: readonly PlotPoint[] | undefined): void {
  for (const p of points ?? []) {
    if (!Number.isFinite(p.t) || !Number.isFinite(p.v)) continue;
    e.tmin = Math.min(e.tmin, p.t); e.tmax = Math.max(e.tmax, p.t);
    e.vmin = Math.min(e.vmin, p.v, p.lo ?? p.v); e.vmax = Math.max(e.vmax, p.v, p.hi ?? p.v);
  }
}

/** The SVG path of a line through (ts, vs), lifting the pen over non-finite values. */
function linePath(ts: readonly number[], vs: readonly number[], X: (t: number) => number, Y: (v: number) => number): string {
  let d = '';
  let pen = false;
  for (let i = 0; i < ts.length; i++) {
    if (!Number.isFinite(vs[i])) { pen = false; continue; }
    d += `${pen ? 'L' : 'M'}${X(ts[i]).toFixed(1)},${Y(vs[i]).toFixed(1)}`;
    pen = true;
  }
  return d;
}

/** An SVG chart of one or more panels (time series with labels and units), for files and the web app alike. */
export function svgChart(panels: PlotPanel[], opts: PlotOptions): string {
  const labels = [...new Set(panels.flatMap((p) => p.series.map((s) => s.label)))];
  const observed = panels.some((p) => (p.points?.length ?? 0) > 0);
  const page = chartPage(panels.length, opts, labels.length > 1 || observed ? 24 : 0);
  const out: string[] = [];
  svgOpen(out, page.width, page.height, opts.title);
  if (labels.length > 1 || observed) {
    let x = 16;
    labels.forEach((l, i) => {
      const y = page.legendY;
      out.push(`<line x1="${x}" y1="${y - 4}" x2="${x + 22}" y2="${y - 4}" stroke="${COLORS[i % COLORS.length]}" stroke-width="2.5"/>`);
      out.push(`<text x="${x + 28}" y="${y}">${esc(l)}</text>`);
      x += 40 + l.length * 7.2;
    });
    if (observed) {
      const y = page.legendY;
      out.push(`<circle cx="${x + 11}" cy="${y - 4}" r="3.5" fill="#222"/>`);
      out.push(`<text x="${x + 28}" y="${y}">observed (± error)</text>`);
    }
  }
  panels.forEach((panel, k) => {
    const box = page.panelBox(k);
    const extent = emptyExtent();
    for (const s of panel.series) growBySeries(extent, s.time, s.values);
    growByPoints(extent, panel.points);
    const { X, Y, xa, xb } = panelFrame(out, box, extent, panel.title, panel.unit, opts.timeLabel, panel.reference);
    panel.series.forEach((s) => {
      const color = COLORS[labels.indexOf(s.label) % COLORS.length];
      const [ts, vs] = decimate(s.time, s.values, xa, xb, Math.ceil(box.x1p - box.x0p));
      out.push(`<path d="${linePath(ts, vs, X, Y)}" fill="none" stroke="${color}" stroke-width="1.8"><title>${esc(s.label)}: ${esc(panel.title)}</title></path>`);
    });
    drawPoints(out, panel.points, X, Y);
    out.push(`</g>`);
  });
  out.push('</svg>');
  return out.join('\n');
}

/** Observations as dark points with error bars (a tooltip names each). */
function drawPoints(out: string[], points: readonly PlotPoint[] | undefined, X: (t: number) => number, Y: (v: number) => number): void {
  for (const p of points ?? []) {
    if (!Number.isFinite(p.t) || !Number.isFinite(p.v)) continue;
    const x = X(p.t).toFixed(1), y = Y(p.v).toFixed(1);
    const tip = `<title>${esc(p.label ?? 'observed')}: ${fmtTick(p.v)}${p.lo !== undefined && p.hi !== undefined ? ` (${fmtTick(p.lo)}–${fmtTick(p.hi)})` : ''}</title>`;
    if (p.lo !== undefined && p.hi !== undefined) {
      const ylo = Y(p.lo).toFixed(1), yhi = Y(p.hi).toFixed(1);
      out.push(`<path class="errorbar" d="M${x},${ylo}L${x},${yhi}M${(+x - 4).toFixed(1)},${ylo}L${(+x + 4).toFixed(1)},${ylo}M${(+x - 4).toFixed(1)},${yhi}L${(+x + 4).toFixed(1)},${yhi}" stroke="#222" stroke-width="1.2" fill="none"/>`);
    }
    out.push(`<circle class="observed" cx="${x}" cy="${y}" r="3.5" fill="#222" stroke="#fff" stroke-width="0.8">${tip}</circle>`);
  }
}

/** One bar of `svgBars`: its label, value and optional note. */
export interface Bar {
  /** The bar's name, left of it. */
  label: string;
  /** Its length, in the chart's unit (negative values go left of zero). */
  value: number;
  /** Small text after the bar (e.g. the evidence level). */
  note?: string;
}

/** Horizontal bar chart (e.g. pathway shares of an effect), zero line in the middle when values have both signs. */
export function svgBars(bars: Bar[], opts: { title: string; unit: string; width?: number }): string {
  const width = opts.width ?? 760;
  const rowH = 26, top = 40, left = 190, right = 230;
  const height = top + bars.length * rowH + 30;
  const lo = Math.min(0, ...bars.map((b) => b.value)), hi = Math.max(0, ...bars.map((b) => b.value));
  const span = hi - lo || 1;
  const X = (v: number) => left + ((v - lo) / span) * (width - left - right);
  const out: string[] = [];
  svgOpen(out, width, height);
  out.push(`<text x="${width / 2}" y="20" text-anchor="middle" font-size="14" font-weight="bold">${esc(opts.title)}</text>`);
  bars.forEach((b, i) => {
    const y = top + i * rowH;
    const x0 = X(0), x1 = X(b.value);
    const color = b.value < 0 ? '#d1495b' : '#1f5fa8';
    out.push(`<text x="${left - 8}" y="${y + 16}" text-anchor="end">${esc(b.label)}</text>`);
    out.push(`<rect x="${Math.min(x0, x1).toFixed(1)}" y="${y + 4}" width="${Math.max(1, Math.abs(x1 - x0)).toFixed(1)}" height="${rowH - 8}" fill="${color}"><title>${esc(b.label)}: ${fmtTick(b.value)} ${esc(opts.unit)}</title></rect>`);
    out.push(`<text x="${width - right + 8}" y="${y + 16}" fill="#333">${fmtTick(Number(b.value.toPrecision(3)))} ${esc(opts.unit)}${b.note ? ` · ${esc(b.note)}` : ''}</text>`);
  });
  const x0 = X(0).toFixed(1);
  out.push(`<line x1="${x0}" y1="${top - 4}" x2="${x0}" y2="${top + bars.length * rowH}" stroke="#555"/>`);
  out.push('</svg>');
  return out.join('\n');
}

/** One panel of a band chart: a median line over shaded percentile bands (e.g. a virtual population). */
export interface BandPanel {
  /** Panel title. */
  title: string;
  /** The y axis unit. */
  unit: string;
  /** Times (the chart's time unit). */
  time: ArrayLike<number>;
  /** The median curve. */
  median: ArrayLike<number>;
  /** Shaded bands, outermost first (e.g. 5–95%, then 25–75%). */
  bands: {
    /** Its name (e.g. "5–95%"). */
    label: string;
    /** Lower edge at each time. */
    lo: ArrayLike<number>;
    /** Upper edge at each time. */
    hi: ArrayLike<number>;
  }[];
  /** Observations drawn as points with error bars. */
  points?: PlotPoint[];
}

/** Reduces a band to at most ~px points, keeping each pixel column's lowest lo and highest hi (so the envelope is never narrowed). */
function envelope(t: ArrayLike<number>, lo: ArrayLike<number>, hi: ArrayLike<number>, x0: number, x1: number, px: number): [number[], number[], number[]] {
  const n = t.length;
  if (n <= 2 * px) return [Array.from(t), Array.from(lo), Array.from(hi)];
  const ts: number[] = [], ls: number[] = [], hs: number[] = [];
  const bucket = (x1 - x0) / px || 1;
  let b = -1;
  for (let i = 0; i < n; i++) {
    const bi = Math.floor((t[i] - x0) / bucket);
    if (bi !== b) { ts.push(t[i]); ls.push(lo[i]); hs.push(hi[i]); b = bi; continue; }
    const k = ts.length - 1;
    if (lo[i] < ls[k]) ls[k] = lo[i];
    if (hi[i] > hs[k]) hs[k] = hi[i];
  }
  return [ts, ls, hs];
}

/**
 * Percentile band charts as standalone SVG: per panel, bands shaded from the outermost (lightest)
 * in, and the median as a line; a legend names the bands. Same layout and axes as `svgChart`.
 */
export function svgBandChart(panels: BandPanel[], opts: PlotOptions & { color?: string; medianLabel?: string }): string {
  const color = opts.color ?? COLORS[0];
  const bandLabels = panels[0]?.bands.map((b) => b.label) ?? [];
  const opacity = (i: number, n: number): number => 0.15 + (0.3 * (i + 1)) / Math.max(1, n);
  const page = chartPage(panels.length, opts, 24);
  const out: string[] = [];
  svgOpen(out, page.width, page.height, opts.title);
  {
    const y = page.legendY;
    let x = 16;
    const median = opts.medianLabel ?? 'median';
    out.push(`<line x1="${x}" y1="${y - 4}" x2="${x + 22}" y2="${y - 4}" stroke="${color}" stroke-width="2.5"/>`);
    out.push(`<text x="${x + 28}" y="${y}">${esc(median)}</text>`);
    x += 40 + median.length * 7.2;
    bandLabels.forEach((l, i) => {
      out.push(`<rect x="${x}" y="${y - 10}" width="22" height="11" fill="${color}" fill-opacity="${opacity(i, bandLabels.length).toFixed(2)}"/>`);
      out.push(`<text x="${x + 28}" y="${y}">${esc(l)}</text>`);
      x += 40 + l.length * 7.2;
    });
  }
  panels.forEach((panel, k) => {
    const box = page.panelBox(k);
    const extent = emptyExtent();
    growBySeries(extent, panel.time, panel.median);
    for (const b of panel.bands) { growBySeries(extent, panel.time, b.lo); growBySeries(extent, panel.time, b.hi); }
    growByPoints(extent, panel.points);
    const { X, Y, xa, xb } = panelFrame(out, box, extent, panel.title, panel.unit, opts.timeLabel);
    const px = Math.ceil(box.x1p - box.x0p);
    panel.bands.forEach((b, i) => {
      const [ts, ls, hs] = envelope(panel.time, b.lo, b.hi, xa, xb, px);
      const up: string[] = [], down: string[] = [];
      for (let j = 0; j < ts.length; j++) {
        if (!Number.isFinite(ls[j]) || !Number.isFinite(hs[j])) continue;
        up.push(`${X(ts[j]).toFixed(1)},${Y(hs[j]).toFixed(1)}`);
        down.push(`${X(ts[j]).toFixed(1)},${Y(ls[j]).toFixed(1)}`);
      }
      if (up.length === 0) return;
      const d = `M${up.join('L')}L${down.reverse().join('L')}Z`;
      out.push(`<path d="${d}" fill="${color}" fill-opacity="${opacity(i, panel.bands.length).toFixed(2)}" stroke="none"><title>${esc(b.label)}: ${esc(panel.title)}</title></path>`);
    });
    const [ts, vs] = decimate(panel.time, panel.median, xa, xb, px);
    out.push(`<path d="${linePath(ts, vs, X, Y)}" fill="none" stroke="${color}" stroke-width="2"><title>${esc(opts.medianLabel ?? 'median')}: ${esc(panel.title)}</title></path>`);
    drawPoints(out, panel.points, X, Y);
    out.push(`</g>`);
  });
  out.push('</svg>');
  return out.join('\n');
}
