/**
 * The summary table: start, end and change of each output exactly as `magbone simulate` prints
 * them (the same formatting module), then the baseline's end, the difference from it, and the end
 * of each pinned run.
 */
import { h } from '../util/dom.js';
import { formatValue, summaryRows } from '../../../src/index.js';
import type { ShownRun } from './charts.js';
import { hoursIn } from '../../../src/index.js';

function endOf(run: ShownRun['run'], name: string): number | undefined {
  const c = run.columns.find((x) => x.name === name);
  return c && c.values.length ? c.values[c.values.length - 1] : undefined;
}

function signed(x: number): string {
  const s = formatValue(x);
  return x > 0 ? `+${s}` : s;
}

export function renderSummary(root: HTMLElement, current: ShownRun, baseline: ShownRun | undefined, pinned: readonly ShownRun[], outputs: readonly string[], timeUnit: string): void {
  const rows = summaryRows(current.run, outputs);
  const head = h('tr', {},
    h('th', { scope: 'col' }, 'Output'), h('th', { scope: 'col' }, 'Unit'),
    h('th', { scope: 'col' }, 'Start'), h('th', { scope: 'col' }, 'End'), h('th', { scope: 'col' }, 'Change'),
    baseline ? h('th', { scope: 'col' }, 'Baseline end') : null,
    baseline ? h('th', { scope: 'col' }, 'End − baseline') : null,
    pinned.map((p) => h('th', { scope: 'col' }, h('span', { class: 'swatch', style: `background:${p.color}` }), ` ${p.label} end`)));
  const body = rows.map((r) => {
    const b = baseline ? endOf(baseline.run, r.output) : undefined;
    return h('tr', { 'data-output': r.output },
      h('th', { scope: 'row' }, r.output), h('td', { 'data-col': 'unit' }, r.unit),
      h('td', { 'data-col': 'start', class: 'num' }, r.start), h('td', { 'data-col': 'end', class: 'num' }, r.end),
      h('td', { 'data-col': 'change', class: 'num' }, r.change),
      baseline ? h('td', { 'data-col': 'baseline-end', class: 'num' }, b === undefined ? '' : formatValue(b)) : null,
      baseline ? h('td', { 'data-col': 'vs-baseline', class: 'num' }, b === undefined ? '' : signed(r.endValue - b)) : null,
      pinned.map((p, i) => { const v = endOf(p.run, r.output); return h('td', { 'data-col': `pinned-${i}`, class: 'num' }, v === undefined ? '' : formatValue(v)); }));
  });
  const t = current.run.time;
  // the run's span in the unit of the time axis (0 → 5 y, not 0 → 43830 h)
  const k = hoursIn(current.run.timeUnit) / hoursIn(timeUnit);
  const at = (x: number): string => formatValue(Number((x * k).toPrecision(6)));
  const caption = h('caption', {}, `${current.run.scenario.name} (${current.run.modelId}), t = ${at(t[0])} → ${at(t[t.length - 1])} ${timeUnit}`);
  root.replaceChildren(h('table', { class: 'summary', id: 'summary-table' }, caption, h('thead', {}, head), h('tbody', {}, body)));
}
