/**
 * Plots for the CLI: SVG from `svgChart`, PNG rendered from the same SVG by resvg (a native
 * renderer shipped inside its npm package; no browser needed).
 */
import { svgChart, PlotPanel, PlotPoint } from '../index.js';
import { referenceRange } from '../index.js';
import type { SimulationResult } from '../index.js';
import { writeAtomic, outputProblem } from './output.js';
import { renderPng } from '../node.js';

export { renderPng };

export function plotProblem(file: string): string | undefined {
  return outputProblem(file, ['.svg', '.png']);
}

export function panelsFor(results: SimulationResult[], vars: string[], timeScale: number, data?: Record<string, PlotPoint[]>): PlotPanel[] {
  return vars.map((v) => {
    const first = results.find((r) => r.columns.some((c) => c.name === v));
    const unit = first?.columns.find((c) => c.name === v)?.unit ?? '';
    const ref = first ? referenceRange(first.modelId, v, unit) : undefined;
    return {
      title: v,
      unit: unit === '?' ? '' : unit,
      reference: ref ? { lo: ref.lo, hi: ref.hi, label: 'reference' } : undefined,
      points: data?.[v],
      series: results.filter((r) => r.columns.some((c) => c.name === v)).map((r) => ({
        label: r.scenario.name,
        time: Array.from(r.time, (t) => t / timeScale),
        values: r.column(v),
      })),
    };
  });
}

export async function writePlot(file: string, results: SimulationResult[], opts: { vars: string[]; timeScale: number; timeUnit: string; title?: string; data?: Record<string, PlotPoint[]> }): Promise<void> {
  const svg = svgChart(panelsFor(results, opts.vars, opts.timeScale, opts.data), { timeLabel: `time (${opts.timeUnit})`, title: opts.title });
  if (file.toLowerCase().endsWith('.png')) writeAtomic(file, renderPng(svg));
  else writeAtomic(file, svg);
}
