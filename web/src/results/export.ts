/**
 * Downloads of the current run: the key outputs as a CSV a person reads (time in the axis unit,
 * each column's unit in its header, 6 significant digits); CSV and JSON exactly as the CLI writes
 * them (time in the model's unit, every state and output, bare column names: the reproduction
 * format); and the charts as SVG (the CLI's own plot module) or PNG (that SVG rasterised).
 */
import { toCSV, toJSON } from '../../../src/index.js';
import { svgChart, type PlotPanel } from '../../../src/index.js';
import { download, fileStem } from '../util/dom.js';
import { hoursIn } from '../../../src/index.js';
import type { ShownRun } from './charts.js';
import type { PanelDef } from './groups.js';

export function downloadCSV(run: ShownRun['run']): void {
  download(`${fileStem(run.scenario.name)}-all.csv`, toCSV(run), 'text/csv');
}

/** The key-outputs CSV: header "time (y),Mg_serum (mmol/L),…", values to 6 significant digits. */
export function keyCSV(run: ShownRun['run'], outputs: readonly string[], timeUnit: string): string {
  const cols = outputs.map((o) => run.columns.find((c) => c.name === o)).filter((c): c is NonNullable<typeof c> => c !== undefined);
  const k = hoursIn(run.timeUnit) / hoursIn(timeUnit);
  const g = (x: number): string => (Number.isFinite(x) ? String(Number(x.toPrecision(6))) : String(x));
  const head = [`time (${timeUnit})`, ...cols.map((c) => (c.unit && c.unit !== '1' ? `${c.name} (${c.unit})` : c.name))];
  const lines = [head.join(',')];
  for (let i = 0; i < run.time.length; i++) lines.push([g(run.time[i] * k), ...cols.map((c) => g(c.values[i]))].join(','));
  return lines.join('\n') + '\n';
}

export function downloadKeyCSV(run: ShownRun['run'], outputs: readonly string[], timeUnit: string): void {
  download(`${fileStem(run.scenario.name)}.csv`, keyCSV(run, outputs, timeUnit), 'text/csv');
}

export function downloadJSON(run: ShownRun['run']): void {
  download(`${fileStem(run.scenario.name)}.json`, toJSON(run), 'application/json');
}

export function chartSVG(panels: readonly PanelDef[], runs: readonly ShownRun[], timeUnit: string, title: string): string {
  const plotPanels: PlotPanel[] = panels.map((p) => {
    const unit = runs.map((r) => r.run.columns.find((c) => c.name === p.vars[0])?.unit).find((u) => u !== undefined) ?? '';
    return {
      title: p.title, unit: unit === '?' ? '' : unit,
      series: runs.flatMap((r) => {
        const scale = hoursIn(r.run.timeUnit) / hoursIn(timeUnit);
        const time = Array.from(r.run.time, (t) => t * scale);
        return p.vars.flatMap((v) => {
          const c = r.run.columns.find((x) => x.name === v);
          return c ? [{ label: p.vars.length > 1 ? `${r.label}: ${v}` : r.label, time, values: c.values }] : [];
        });
      }),
    };
  });
  return svgChart(plotPanels, { timeLabel: `time (${timeUnit})`, title, width: 1100 });
}

export function downloadSVG(svg: string, name: string): void {
  download(`${fileStem(name)}.svg`, svg, 'image/svg+xml');
}

export async function downloadPNG(svg: string, name: string): Promise<void> {
  const img = new Image();
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    await new Promise<void>((resolve, reject) => { img.onload = () => resolve(); img.onerror = () => reject(new Error('the chart SVG could not be rasterised')); img.src = url; });
    const scale = 2; // sharp on high-density screens and in slides
    const canvas = document.createElement('canvas');
    canvas.width = img.width * scale;
    canvas.height = img.height * scale;
    const ctx = canvas.getContext('2d')!;
    ctx.scale(scale, scale);
    ctx.drawImage(img, 0, 0);
    const blob = await new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG encoding failed'))), 'image/png'));
    download(`${fileStem(name)}.png`, blob, 'image/png');
  } finally {
    URL.revokeObjectURL(url);
  }
}
