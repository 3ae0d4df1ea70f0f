/**
 * Pathway attribution as a table of horizontal bars (src/analysis/attribution.ts): the scenario's
 * effect on one output against its baseline, and what each pathway carries of it (the effect
 * minus the effect with that pathway knocked out), plus the part no pathway carries and the
 * interaction remainder. Bars are scaled to the largest magnitude.
 */
import { h } from '../util/dom.js';
import { formatValue } from '../../../src/index.js';
import type { AttributionResult, ModelInfo } from '../types.js';
import { humanName } from '../controls/pathways.js';
import { hoursIn, timeUnitForSpan } from '../../../src/index.js';

const signed = (x: number): string => (Number.isFinite(x) ? `${x > 0 ? '+' : ''}${formatValue(x)}` : '–');
const pct = (x: number): string => (Number.isFinite(x) ? `${(100 * x).toFixed(0)}%` : '–');

export function renderAttribution(root: HTMLElement, a: AttributionResult, target: string, model: ModelInfo): void {
  const o = a.outputs.includes(target) ? target : a.outputs[0];
  if (!o) { root.replaceChildren(h('p', { class: 'hint' }, 'No output to attribute.')); return; }
  const unit = model.spec.observables[o]?.unit ?? model.spec.states[o]?.unit ?? '';
  const unitText = unit === '1' ? '' : ` ${unit}`;
  const knocked = new Set(a.pathways.map((p) => p.pathway));
  const off = Object.keys(model.spec.switches ?? {}).filter((k) => !knocked.has(k));
  const e = a.effect[o];
  const rows: { key: string; label: string; note: string; value: number; fraction: number; share?: number; apart?: boolean }[] = [
    ...a.pathways.map((p) => ({ key: p.pathway, label: humanName(p.pathway), note: p.evidence, value: p.contribution[o], fraction: p.fractionOfEffect[o], share: p.normalisedShare[o] })),
    { key: '(none)', label: 'no pathway (homeostasis alone)', note: '', value: a.withoutPathways[o], fraction: e === 0 ? NaN : a.withoutPathways[o] / e },
    { key: '(interaction)', label: 'interaction (pathways amplifying or masking each other)', note: '', value: a.interaction[o], fraction: e === 0 ? NaN : a.interaction[o] / e, apart: true },
  ];
  const hours = a.time * hoursIn(a.timeUnit);
  const tu = timeUnitForSpan(hours);
  const at = `${formatValue(Number((hours / hoursIn(tu)).toPrecision(4)))} ${tu}`;
  const max = Math.max(1e-300, ...rows.map((r) => Math.abs(r.value)).filter(Number.isFinite));
  const body = rows.map((r) => {
    const frac = Number.isFinite(r.value) ? Math.abs(r.value) / max : 0;
    const neg = r.value < 0;
    const bar = h('div', { class: 'bar-track' },
      h('div', { class: `bar ${neg ? 'neg' : 'pos'}`, style: `width:${(frac * 50).toFixed(2)}%;${neg ? 'right:50%' : 'left:50%'}` }));
    return h('tr', { 'data-pathway': r.key, 'data-contribution': String(r.value), class: r.apart ? 'apart' : undefined },
      h('th', { scope: 'row' }, r.label, r.note ? h('span', { class: 'hint' }, ` · ${r.note}`) : null),
      h('td', { class: 'bar-cell' }, bar),
      h('td', { class: 'num' }, `${signed(r.value)}${unitText}`),
      h('td', { class: 'num', 'data-col': 'fraction' }, pct(r.fraction)),
      h('td', { class: 'num', 'data-col': 'share' }, r.share === undefined ? '' : pct(r.share)));
  });
  const offRows = off.map((k) => h('tr', { 'data-pathway': k, 'data-contribution': '0', class: 'off' },
    h('th', { scope: 'row' }, humanName(k), h('span', { class: 'hint' }, ` · ${model.spec.switches?.[k]?.evidence ?? ''}`)),
    h('td', { class: 'bar-cell hint' }, 'switched off in this scenario'), h('td', { class: 'num' }, '0'), h('td', {}), h('td', {})));
  const explain = h('div', { class: 'attr-explain hint', id: 'attribution-explained' },
    h('p', {}, h('strong', {}, 'Contribution'), ': the effect minus the effect with that pathway knocked out (in the scenario and in its baseline alike).'),
    h('p', {}, h('strong', {}, 'Of the effect'), ': the contribution divided by the whole effect. These do not have to add up to 100 %: a pathway that works against the others is negative, and then the others exceed 100 %; what no pathway carries and the interaction are the rest.'),
    h('p', {}, h('strong', {}, 'Normalised share'), ': the contribution divided by the sum of all pathways\' contributions in absolute value, so the shares\' sizes add up to 100 %; negative means the pathway opposes the direction the output moved. For ranking pathways, not for adding up.'),
    h('p', {}, h('strong', {}, 'Interaction'), ' (shown apart): the part of the effect that one-at-a-time knock-outs cannot assign to any single pathway, because pathways amplify or mask each other.'));
  root.replaceChildren(h('table', { class: 'attribution-table', id: 'attribution-table', 'data-output': o },
    h('caption', {}, `${o} at t = ${at}: ${formatValue(a.value[o])} in this scenario, ${formatValue(a.baselineValue[o])} in its baseline — effect ${signed(a.effect[o])}${unitText}. ` +
      'Red bars lower the output, blue raise it; the columns are explained below the table.'),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Pathway'), h('th', { scope: 'col' }, 'Contribution'), h('th', { scope: 'col' }, `Value${unitText}`),
      h('th', { scope: 'col' }, 'Of the effect'), h('th', { scope: 'col' }, 'Normalised share'))),
    h('tbody', {}, body, offRows)), explain);
}
