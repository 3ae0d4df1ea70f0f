/**
 * Time-course panels drawn with uPlot (canvas; 10⁴ points per series redraw in a few ms). Each
 * panel holds one or more outputs of one unit; every run shown (baseline, current, pinned) is one
 * colour, each output of the panel one dash pattern. A new run of the same shape only swaps the
 * data (setData), which is what keeps a slider live.
 */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { h } from '../util/dom.js';
import type { RunData } from '../types.js';
import type { PanelDef } from './groups.js';
import { hoursIn, minimumSpan, tickLabels, valueRange } from '../../../src/index.js';
import { referenceRange, type ReferenceRange } from './reference-ranges.js';
import type { Observation } from '../data/observations.js';
import type { BandsData } from '../types.js';

export interface ShownRun { label: string; run: RunData; color: string; width: number }

/** What is drawn besides the runs: data points, posterior bands (of the current run) and reference ranges. */
export interface Extras {
  observations: readonly Observation[];
  bands?: { data: BandsData; timeUnit: string };
}

/** Per-chart state read by the draw hooks (updated before each redraw). */
interface Layer {
  obs: { x: number; y: number; lo: number; hi: number; label: string }[];
  bands: { x: Float64Array; lo: Float64Array; q1: Float64Array; q3: Float64Array; hi: Float64Array }[];
  ref?: ReferenceRange;
  refOf?: string;
}

const OBS_COLORS = ['#111111', '#8e44ad', '#b35900', '#006d77'];

const DASHES: (number[] | undefined)[] = [undefined, [7, 4], [2, 3], [10, 3, 2, 3]];

interface Chart { plot: uPlot; shape: string; host: HTMLElement; layer: Layer }

function drawLayer(u: uPlot, layer: Layer, behind: boolean): void {
  const ctx = u.ctx;
  const { left, top, width, height } = u.bbox;
  ctx.save();
  ctx.beginPath();
  ctx.rect(left, top, width, height);
  ctx.clip();
  if (behind) {
    if (layer.ref) {
      const y1 = u.valToPos(layer.ref.upper, 'y', true), y2 = u.valToPos(layer.ref.lower, 'y', true);
      ctx.fillStyle = 'rgba(30, 122, 70, 0.09)';
      ctx.fillRect(left, Math.min(y1, y2), width, Math.abs(y2 - y1));
    }
    for (const b of layer.bands) {
      for (const [lo, hi, alpha] of [[b.lo, b.hi, 0.16], [b.q1, b.q3, 0.22]] as const) {
        ctx.beginPath();
        for (let i = 0; i < b.x.length; i++) { const X = u.valToPos(b.x[i], 'x', true), Y = u.valToPos(hi[i], 'y', true); if (i) ctx.lineTo(X, Y); else ctx.moveTo(X, Y); }
        for (let i = b.x.length - 1; i >= 0; i--) ctx.lineTo(u.valToPos(b.x[i], 'x', true), u.valToPos(lo[i], 'y', true));
        ctx.closePath();
        ctx.fillStyle = `rgba(31, 95, 168, ${alpha})`;
        ctx.fill();
      }
    }
  } else {
    const labels = [...new Set(layer.obs.map((o) => o.label))];
    const px = devicePixelRatio || 1;
    for (const o of layer.obs) {
      const X = u.valToPos(o.x, 'x', true), Y = u.valToPos(o.y, 'y', true);
      const color = OBS_COLORS[labels.indexOf(o.label) % OBS_COLORS.length];
      ctx.strokeStyle = color; ctx.fillStyle = color; ctx.lineWidth = 1.5 * px;
      if (o.hi > o.lo) {
        const y1 = u.valToPos(o.hi, 'y', true), y2 = u.valToPos(o.lo, 'y', true);
        ctx.beginPath(); ctx.moveTo(X, y1); ctx.lineTo(X, y2); ctx.moveTo(X - 4 * px, y1); ctx.lineTo(X + 4 * px, y1); ctx.moveTo(X - 4 * px, y2); ctx.lineTo(X + 4 * px, y2); ctx.stroke();
      }
      ctx.beginPath(); ctx.arc(X, Y, 3.5 * px, 0, 2 * Math.PI); ctx.fill();
    }
  }
  ctx.restore();
}

/** New series labels into a chart and its legend (only the rows whose label changed are touched). */
function relabel(plot: uPlot, series: readonly uPlot.Series[]): void {
  let rows: NodeListOf<HTMLElement> | undefined;
  for (let i = 1; i < series.length && i < plot.series.length; i++) {
    const label = String(series[i].label);
    if (plot.series[i].label === label) continue;
    plot.series[i].label = label;
    // the legend has no row for the x series (legend.live is false)
    rows ??= plot.root.querySelectorAll<HTMLElement>('.u-legend .u-series .u-label');
    const el = rows[i - 1];
    if (el) el.textContent = label;
  }
}

/** A data attribute the tests read, written only when it changes (a write invalidates the panel's style). */
function setData(el: HTMLElement, key: string, value: string): void {
  if (el.dataset[key] !== value) el.dataset[key] = value;
}

/** Text written only when it changes (setting textContent replaces the node, and the layout with it). */
function setText(el: HTMLElement, text: string): void {
  if (el.textContent !== text) el.textContent = text;
}

/** One label per tick for uPlot: the library's distinct labels, blank where a tick would repeat one. */
function labelsOf(splits: readonly number[]): string[] {
  const byValue = new Map(tickLabels(splits).map((t) => [t.value, t.label]));
  return splits.map((v) => byValue.get(v) ?? '');
}

function unitLabel(u: string): string {
  return u === '1' ? 'relative' : u === '?' ? '' : u;
}

export class Charts {
  private charts = new Map<string, Chart>();
  private ro: ResizeObserver;
  /**
   * The root's width at the last layout, read in the ResizeObserver's callback (where the layout is
   * fresh): reading clientWidth while drawing would force a layout of the whole page mid-redraw
   * (on a first load, the controls just built). Undefined until the first callback.
   */
  private rootWidth: number | undefined;
  /** Panels scrolled out of view (by IntersectionObserver): their new data waits for the frame after the visible ones. */
  private hidden = new Set<HTMLElement>();
  private pending = new Map<Chart, uPlot.AlignedData>();
  private io: IntersectionObserver;
  private flushScheduled = false;

  constructor(private readonly root: HTMLElement, private readonly onRemove: (panel: PanelDef) => void) {
    this.ro = new ResizeObserver(() => { this.rootWidth = this.root.clientWidth; this.resize(); });
    this.ro.observe(root);
    this.io = new IntersectionObserver((entries) => {
      for (const e of entries) {
        const host = e.target as HTMLElement;
        if (e.isIntersecting) {
          this.hidden.delete(host);
          const c = [...this.pending.keys()].find((x) => x.host === host);
          if (c) { c.plot.setData(this.pending.get(c)!); this.pending.delete(c); }
        } else this.hidden.add(host);
      }
    }, { rootMargin: '200px 0px' });
  }

  /** Draws the panels that waited (scrolled out of view) once the visible ones are on screen. */
  private scheduleFlush(): void {
    if (this.flushScheduled || this.pending.size === 0) return;
    this.flushScheduled = true;
    requestAnimationFrame(() => setTimeout(() => {
      this.flushScheduled = false;
      for (const [c, data] of this.pending) c.plot.setData(data);
      this.pending.clear();
    }, 0));
  }

  private width(): number {
    const w = this.rootWidth ?? this.root.clientWidth;
    // two columns from a laptop's width on; one on a tablet in portrait
    const cols = w >= 860 ? 2 : 1;
    this.root.classList.toggle('two', cols === 2);
    return Math.max(260, Math.floor((w - (cols - 1) * 16) / cols) - 2);
  }

  private resize(): void {
    const width = this.width();
    for (const c of this.charts.values()) if (Math.abs(c.plot.width - width) > 1) c.plot.setSize({ width, height: c.plot.height });
  }

  /** Draws the panels for these runs; the time axis is in `timeUnit`. */
  draw(panels: readonly PanelDef[], runs: readonly ShownRun[], timeUnit: string, extras: Extras = { observations: [] }): void {
    const keep = new Set<string>();
    const order: HTMLElement[] = [];
    for (const p of panels) {
      const key = `${p.title}|${p.vars.join(',')}`;
      keep.add(key);
      const unit = runs.map((r) => r.run.columns.find((c) => c.name === p.vars[0])?.unit).find((u) => u !== undefined) ?? '';
      const series: uPlot.Series[] = [{ label: `time (${timeUnit})` }];
      const tables: uPlot.AlignedData[] = [];
      for (const r of runs) {
        const scale = hoursIn(r.run.timeUnit) / hoursIn(timeUnit);
        const x = new Float64Array(r.run.time.length);
        for (let i = 0; i < x.length; i++) x[i] = r.run.time[i] * scale;
        const ys: Float64Array[] = [];
        p.vars.forEach((v, k) => {
          const col = r.run.columns.find((c) => c.name === v);
          if (!col) return;
          ys.push(col.values);
          series.push({ label: p.vars.length > 1 ? `${v} · ${r.label}` : r.label, stroke: r.color, width: r.width, dash: DASHES[k % DASHES.length], spanGaps: true, points: { show: false } });
        });
        if (ys.length) tables.push([x, ...ys] as unknown as uPlot.AlignedData);
      }
      // runs on one grid (scenario and its baseline) share x; others are joined
      const sameGrid = tables.every((t) => t[0].length === tables[0][0].length && (t[0] as Float64Array).every((v, i) => v === tables[0][0][i]));
      const data: uPlot.AlignedData = tables.length === 0 ? [[]]
        : sameGrid ? [tables[0][0], ...tables.flatMap((t) => t.slice(1))] as uPlot.AlignedData
          : uPlot.join(tables);
      // the labels are left out: a run renamed by a slider (its label says what changed) keeps its chart
      const shape = `${timeUnit}|${unit}|${series.map((s) => `${String(s.stroke)}:${String(s.width)}:${String(s.dash)}`).join(';')}`;
      const layer = this.layerFor(p, unit, timeUnit, extras);
      let chart = this.charts.get(key);
      if (chart && chart.shape === shape) {
        Object.assign(chart.layer, layer);
        relabel(chart.plot, series);
        // a panel out of view is redrawn right after the visible ones (the redraw budget is what the reader sees)
        if (this.hidden.has(chart.host)) this.pending.set(chart, data);
        else { this.pending.delete(chart); chart.plot.setData(data); }
      } else {
        if (chart) { chart.plot.destroy(); this.pending.delete(chart); }
        const host = chart?.host ?? this.panelHost(p, key);
        if (!chart) this.io.observe(host);
        const canvasHost = host.querySelector<HTMLElement>('.plot')!;
        canvasHost.replaceChildren();
        const state = layer;
        const plot = new uPlot({
          width: this.width(), height: (this.rootWidth ?? this.root.clientWidth) < 500 ? 200 : 230,
          scales: {
            x: { time: false },
            // at least 2 % of the magnitude: float noise of a flat output is not magnified into a full axis
            y: { range: (_u, min, max) => {
              let lo = min, hi = max;
              for (const o of state.obs) { lo = Math.min(lo, o.lo); hi = Math.max(hi, o.hi); }
              for (const b of state.bands) for (let i = 0; i < b.lo.length; i++) { lo = Math.min(lo, b.lo[i]); hi = Math.max(hi, b.hi[i]); }
              if (state.ref) { lo = Math.min(lo, state.ref.lower); hi = Math.max(hi, state.ref.upper); }
              const r = valueRange(lo, hi, undefined, minimumSpan(unit));
              setData(host, 'yrange', r.join(','));
              return r;
            } },
          },
          axes: [
            { label: `time (${timeUnit})`, stroke: '#222', grid: { stroke: '#e4e4e4' }, ticks: { stroke: '#bbb' }, values: (_u, splits) => labelsOf(splits) },
            { label: unitLabel(unit), stroke: '#222', size: 64, grid: { stroke: '#e4e4e4' }, ticks: { stroke: '#bbb' },
              values: (_u, splits) => { const l = labelsOf(splits); setData(host, 'yticks', l.join('|')); return l; } },
          ],
          series,
          legend: { show: true, live: false },
          cursor: { drag: { x: true, y: false } },
          hooks: {
            drawAxes: [(u) => drawLayer(u, state, true)],
            draw: [(u) => drawLayer(u, state, false)],
          },
        }, data, canvasHost);
        chart = { plot, shape, host, layer: state };
        this.charts.set(key, chart);
        host.querySelector('.unit')!.textContent = unit && unit !== '1' ? `(${unit})` : '';
      }
      const refText = chart.layer.ref ? `${chart.layer.refOf ? `${chart.layer.refOf} ` : ''}reference ${chart.layer.ref.lower}–${chart.layer.ref.upper} ${chart.layer.ref.unit}` : '';
      const ref = chart.host.querySelector<HTMLElement>('.ref-range')!;
      setText(ref, refText);
      if (ref.title !== (chart.layer.ref?.source ?? '')) ref.title = chart.layer.ref?.source ?? '';
      const nObs = chart.layer.obs.length;
      setData(chart.host, 'observations', String(nObs));
      setText(chart.host.querySelector<HTMLElement>('.obs-legend')!, nObs ? `● ${[...new Set(chart.layer.obs.map((o) => o.label))].join(', ')} (${nObs} point${nObs === 1 ? '' : 's'})` : '');
      setData(chart.host, 'bands', String(chart.layer.bands.length > 0));
      order.push(chart.host);
    }
    for (const [key, c] of this.charts) {
      if (!keep.has(key)) { c.plot.destroy(); c.host.remove(); this.io.unobserve(c.host); this.hidden.delete(c.host); this.pending.delete(c); this.charts.delete(key); }
    }
    const now = [...this.root.children];
    if (now.length !== order.length || order.some((el, i) => now[i] !== el)) this.root.replaceChildren(...order);
    this.scheduleFlush();
  }

  private layerFor(p: PanelDef, unit: string, timeUnit: string, extras: Extras): Layer {
    const scale = 1 / hoursIn(timeUnit);
    const obs = extras.observations.filter((o) => p.vars.includes(o.observable)).map((o) => {
      const lo = o.lower ?? (o.err !== undefined ? o.value - o.err : o.value);
      const hi = o.upper ?? (o.err !== undefined ? o.value + o.err : o.value);
      return { x: o.hours * scale, y: o.value, lo, hi, label: o.label };
    });
    const bands: Layer['bands'] = [];
    if (extras.bands) {
      const k = hoursIn(extras.bands.timeUnit) * scale;
      const x = extras.bands.data.time.map((t) => t * k);
      for (const v of p.vars) { const b = extras.bands.data.bands[v]; if (b) bands.push({ x, lo: b.lo, q1: b.q1, q3: b.q3, hi: b.hi }); }
    }
    // a panel of several outputs shows its first output's range (and says whose)
    const ref = referenceRange(p.vars[0], unit);
    return { obs, bands, ref, refOf: p.vars.length > 1 ? p.vars[0] : undefined };
  }

  private panelHost(p: PanelDef, key: string): HTMLElement {
    const remove = h('button', { type: 'button', class: 'panel-remove', title: 'Hide this chart', 'aria-label': `Hide the chart ${p.title}` }, '×');
    remove.addEventListener('click', () => this.onRemove(p));
    return h('figure', { class: 'panel', 'data-panel': key, 'data-vars': p.vars.join(',') },
      h('figcaption', {}, h('span', { class: 'title' }, p.title), ' ', h('span', { class: 'unit' }), ' ', h('span', { class: 'ref-range' }), remove),
      h('p', { class: 'obs-legend hint' }),
      h('div', { class: 'plot', role: 'img', 'aria-label': `${p.title}: ${p.vars.join(', ')} over time (values in the summary table)` }));
  }

  /** The canvases of the visible panels (for a PNG of what is on screen). */
  canvases(): HTMLCanvasElement[] {
    return [...this.charts.values()].map((c) => c.host.querySelector('canvas')).filter((c): c is HTMLCanvasElement => c !== null);
  }
}
