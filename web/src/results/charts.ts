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
import { hoursPer } from '../util/units.js';

export interface ShownRun { label: string; run: RunData; color: string; width: number }

const DASHES: (number[] | undefined)[] = [undefined, [7, 4], [2, 3], [10, 3, 2, 3]];

interface Chart { plot: uPlot; shape: string; host: HTMLElement }

function unitLabel(u: string): string {
  return u === '1' ? 'relative' : u === '?' ? '' : u;
}

export class Charts {
  private charts = new Map<string, Chart>();
  private ro: ResizeObserver;

  constructor(private readonly root: HTMLElement, private readonly onRemove: (panel: PanelDef) => void) {
    this.ro = new ResizeObserver(() => this.resize());
    this.ro.observe(root);
  }

  private width(): number {
    const w = this.root.clientWidth;
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
  draw(panels: readonly PanelDef[], runs: readonly ShownRun[], timeUnit: string): void {
    const keep = new Set<string>();
    const order: HTMLElement[] = [];
    for (const p of panels) {
      const key = `${p.title}|${p.vars.join(',')}`;
      keep.add(key);
      const unit = runs.map((r) => r.run.columns.find((c) => c.name === p.vars[0])?.unit).find((u) => u !== undefined) ?? '';
      const series: uPlot.Series[] = [{ label: `time (${timeUnit})` }];
      const tables: uPlot.AlignedData[] = [];
      for (const r of runs) {
        const scale = hoursPer(r.run.timeUnit) / hoursPer(timeUnit);
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
      const shape = `${timeUnit}|${unit}|${series.map((s) => `${String(s.label)}:${String(s.stroke)}`).join(';')}`;
      let chart = this.charts.get(key);
      if (chart && chart.shape === shape) {
        chart.plot.setData(data);
      } else {
        chart?.plot.destroy();
        const host = chart?.host ?? this.panelHost(p, key);
        const canvasHost = host.querySelector<HTMLElement>('.plot')!;
        canvasHost.replaceChildren();
        const plot = new uPlot({
          width: this.width(), height: 230,
          scales: { x: { time: false } },
          axes: [
            { label: `time (${timeUnit})`, stroke: '#222', grid: { stroke: '#e4e4e4' }, ticks: { stroke: '#bbb' } },
            { label: unitLabel(unit), stroke: '#222', size: 64, grid: { stroke: '#e4e4e4' }, ticks: { stroke: '#bbb' } },
          ],
          series,
          legend: { show: true, live: false },
          cursor: { drag: { x: true, y: false } },
        }, data, canvasHost);
        chart = { plot, shape, host };
        this.charts.set(key, chart);
        host.querySelector('.unit')!.textContent = unit && unit !== '1' ? `(${unit})` : '';
      }
      order.push(chart.host);
    }
    for (const [key, c] of this.charts) if (!keep.has(key)) { c.plot.destroy(); c.host.remove(); this.charts.delete(key); }
    this.root.replaceChildren(...order);
  }

  private panelHost(p: PanelDef, key: string): HTMLElement {
    const remove = h('button', { type: 'button', class: 'panel-remove', title: 'Hide this chart', 'aria-label': `Hide the chart ${p.title}` }, '×');
    remove.addEventListener('click', () => this.onRemove(p));
    return h('figure', { class: 'panel', 'data-panel': key, 'data-vars': p.vars.join(',') },
      h('figcaption', {}, h('span', { class: 'title' }, p.title), ' ', h('span', { class: 'unit' }), remove),
      h('div', { class: 'plot', role: 'img', 'aria-label': `${p.title}: ${p.vars.join(', ')} over time (values in the summary table)` }));
  }

  /** The canvases of the visible panels (for a PNG of what is on screen). */
  canvases(): HTMLCanvasElement[] {
    return [...this.charts.values()].map((c) => c.host.querySelector('canvas')).filter((c): c is HTMLCanvasElement => c !== null);
  }
}
