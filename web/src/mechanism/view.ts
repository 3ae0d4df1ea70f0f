/**
 * The Mechanism view (loaded on first use): the Castiglioni map drawn with Cytoscape.js, edges
 * coloured by how far each pathway's factors moved in the current run; a detail panel per edge
 * (equation, parameters, sources, evidence); the same edges as a keyboard-friendly list; and the
 * pathway attribution as bars.
 */
import cytoscape from 'cytoscape';
import katex from 'katex';
import 'katex/dist/katex.min.css';
import type { Engine } from '../engine.js';
import type { AttributionResult, Explained, ModelInfo, RunData } from '../types.js';
import type { JsonObject } from '../scenario/store.js';
import { byId, h } from '../util/dom.js';
import { formatValue } from '../../../src/index.js';
import { EDGES, NODES, type MapEdge } from './map-data.js';
import { sourceNode } from './sources.js';
import { humanName } from '../controls/pathways.js';
import { hoursIn, timeUnitForSpan } from '../../../src/index.js';
import { renderAttribution } from './attribution-chart.js';

interface Effect { end: number; extreme: number; tExtreme: number }

/** End value and largest deviation from 1 of a factor over the run. */
function effectOf(run: RunData, name: string): Effect | undefined {
  const v = run.rules[name] ?? run.columns.find((c) => c.name === name)?.values;
  if (!v || v.length === 0) return undefined;
  // outputs in percent of the reference (bone_Mg_content) are read as fractions
  const unit = run.columns.find((c) => c.name === name)?.unit;
  const k = unit === '%' ? 0.01 : 1;
  let extreme = 0, tExtreme = 0;
  for (let i = 0; i < v.length; i++) {
    const d = v[i] * k - 1;
    if (Math.abs(d) > Math.abs(extreme)) { extreme = d; tExtreme = run.time[i]; }
  }
  return { end: v[v.length - 1] * k - 1, extreme, tExtreme };
}

function edgeColor(mag: number): string {
  // grey (no effect) → amber → dark red at a 30% move; the dark end keeps 4.5:1 contrast on white
  const t = Math.min(1, mag / 0.3);
  if (t < 0.02) return '#8a8a8a';
  const a = [214, 137, 16], b = [142, 0, 0];
  const c = a.map((x, i) => Math.round(x + (b[i] - x) * t));
  return `rgb(${c[0]},${c[1]},${c[2]})`;
}

const pct = (x: number): string => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`;
const nodeName = (id: string): string => NODES.find((n) => n.id === id)?.name ?? id;

/** A model time as a readable time ("1.7 y"). */
function when(t: number, unit: string): string {
  const hours = t * hoursIn(unit);
  const u = timeUnitForSpan(hours);
  return `${formatValue(Number((hours / hoursIn(u)).toPrecision(3)))} ${u}`;
}

export function createMechanismView(engine: Engine, scenario: () => JsonObject) {
  const container = byId('cy');
  const detail = byId('edge-detail');
  const list = byId('edge-list');
  const targetSel = byId<HTMLSelectElement>('attr-target');
  const attrStatus = byId('attr-status');
  let model: ModelInfo | undefined;
  let run: RunData | undefined;
  let explained: Explained | undefined;
  let selected: string | undefined;
  let attributionKey = '';
  let lastAttribution: AttributionResult | undefined;

  const cy = cytoscape({
    container,
    elements: [
      ...NODES.map((n) => ({ group: 'nodes' as const, data: { id: n.id, label: n.label, kind: n.kind }, position: { x: n.x, y: n.y } })),
      // structural edges go unlabelled on the map (the list names them) to keep the pathways readable
      ...EDGES.map((e) => ({ group: 'edges' as const, data: { id: e.id, source: e.source, target: e.target, label: e.switch ? e.label : '', color: '#8a8a8a', width: 2 } })),
    ],
    layout: { name: 'preset' },
    minZoom: 0.3, maxZoom: 3, autoungrabify: true, boxSelectionEnabled: false,
    style: [
      { selector: 'node', style: {
        label: 'data(label)', 'text-wrap': 'wrap', 'text-valign': 'center', 'text-halign': 'center', 'font-size': 12, color: '#111',
        'background-color': '#e8eef6', 'border-color': '#1f5fa8', 'border-width': 1.5, shape: 'round-rectangle', width: 'label', height: 'label',
        padding: '8px', 'line-height': 1.25,
      } },
      { selector: 'node[kind = "mg"]', style: { 'background-color': '#dff2e6', 'border-color': '#1e7a46' } },
      { selector: 'node[kind = "hormone"]', style: { 'background-color': '#f3e9fb', 'border-color': '#6a4c93' } },
      { selector: 'node[kind = "mediator"]', style: { 'background-color': '#fdeee0', 'border-color': '#a85d00' } },
      { selector: 'node[kind = "bone"]', style: { 'background-color': '#eeeeee', 'border-color': '#444' } },
      { selector: 'node[kind = "input"]', style: { 'background-color': '#ffffff', 'border-style': 'dashed' } },
      { selector: 'edge', style: {
        width: 'data(width)', 'line-color': 'data(color)', 'target-arrow-color': 'data(color)', 'target-arrow-shape': 'triangle',
        'curve-style': 'straight', label: 'data(label)', 'font-size': 11, color: '#222', 'text-background-color': '#fff',
        'text-background-opacity': 0.85, 'text-background-padding': '2px', 'text-rotation': 'autorotate', 'text-events': 'yes',
      } },
      { selector: 'edge.off', style: { 'line-style': 'dashed', opacity: 0.55 } },
      { selector: 'edge.absent', style: { 'line-style': 'dotted', opacity: 0.3 } },
      { selector: 'edge:selected, edge.chosen', style: { 'overlay-color': '#1f5fa8', 'overlay-opacity': 0.18, 'overlay-padding': 4 } },
    ],
  });
  cy.on('tap', 'edge', (ev) => select(ev.target.id() as string));
  cy.on('tap', 'node', (ev) => showNode(ev.target.id() as string));
  (window as unknown as { __magboneCy: unknown }).__magboneCy = cy;

  list.replaceChildren(...EDGES.map((e) => {
    const b = h('button', { type: 'button', class: 'link', 'data-edge': e.id }, `${nodeName(e.source)} → ${nodeName(e.target)}: ${e.label}`);
    b.addEventListener('click', () => select(e.id));
    return h('li', {}, b);
  }));
  targetSel.addEventListener('change', () => { if (lastAttribution && model) renderAttribution(byId('attribution'), lastAttribution, targetSel.value, model); });

  function present(e: MapEdge): boolean {
    if (!model || !run) return false;
    if (e.switch && !model.spec.switches?.[e.switch]) return false;
    return e.factors.every((f) => f in run!.rules || run!.columns.some((c) => c.name === f));
  }

  function colour(): void {
    if (!run) return;
    for (const e of EDGES) {
      const el = cy.getElementById(e.id);
      const here = present(e);
      const on = e.switch ? run.switches[e.switch] !== false : true;
      el.toggleClass('absent', !here);
      el.toggleClass('off', here && !on);
      const mags = here && on ? e.factors.map((f) => Math.abs(effectOf(run!, f)?.extreme ?? 0)) : [];
      const mag = mags.length ? Math.max(...mags) : 0;
      el.data('color', e.factors.length === 0 ? '#555555' : edgeColor(mag));
      el.data('width', e.factors.length === 0 ? 1.5 : 2 + 6 * Math.min(1, mag / 0.3));
      el.data('magnitude', mag);
    }
    for (const n of NODES) {
      const c = n.output ? run.columns.find((x) => x.name === n.output) : undefined;
      const v = c?.values[c.values.length - 1];
      cy.getElementById(n.id).data('label', v === undefined ? n.label : `${n.label}\n${formatValue(v)} ${c!.unit === '1' ? '' : c!.unit}`.trim());
    }
  }

  function tex(latex: string): HTMLElement {
    const el = h('div', { class: 'eq' });
    katex.render(latex, el, { throwOnError: false, displayMode: true });
    return el;
  }

  function select(id: string): void {
    selected = id;
    cy.edges().removeClass('chosen');
    cy.getElementById(id).addClass('chosen');
    for (const b of list.querySelectorAll<HTMLButtonElement>('button[data-edge]')) b.setAttribute('aria-current', String(b.dataset.edge === id));
    renderDetail();
  }

  function renderDetail(): void {
    const e = EDGES.find((x) => x.id === selected);
    if (!e || !model) return;
    const sw = e.switch ? model.spec.switches?.[e.switch] : undefined;
    const refs = model.spec.references;
    const parts: (HTMLElement | null)[] = [
      h('h3', {}, `${nodeName(e.source)} → ${nodeName(e.target)}`),
      h('p', { class: 'edge-name' }, e.label),
    ];
    if (!present(e)) parts.push(h('p', { class: 'hint' }, `Not in ${model.id}: this pathway needs the human-mg-bone model.`));
    if (e.switch && sw) {
      const on = run?.switches[e.switch] !== false;
      parts.push(h('p', {}, 'Pathway switch ', h('code', {}, e.switch), `: ${on ? 'on' : 'off'} in this scenario (default ${sw.default ? 'on' : 'off'}). Evidence: `,
        h('span', { class: `evidence ev-${sw.evidence.replace(/\s+/g, '-')}` }, sw.evidence)));
      parts.push(h('p', {}, sw.description));
    } else if (!e.switch) {
      parts.push(h('p', { class: 'hint' }, 'Regulation of the bone model itself (no switch).'));
    }
    parts.push(h('p', {}, h('strong', {}, 'In the equations: '), e.acts));
    if (run && present(e)) {
      for (const f of e.factors) {
        const eff = effectOf(run, f);
        if (eff) parts.push(h('p', { class: 'effect', 'data-factor': f }, h('code', {}, f), `: ${pct(eff.end)} from 1 at the end of the run; largest move ${pct(eff.extreme)} at t = ${when(eff.tExtreme, run.timeUnit)}.`));
      }
      const a = lastAttribution?.pathways.find((x) => x.pathway === e.switch);
      if (a && lastAttribution) {
        const o = lastAttribution.outputs.includes(targetSel.value) ? targetSel.value : lastAttribution.outputs[0];
        parts.push(h('p', { class: 'attribution-line' }, `Attribution: of the scenario's effect on ${o} (${formatValue(lastAttribution.effect[o])}), this pathway carries ${formatValue(a.contribution[o])}.`));
      } else if (e.switch && lastAttribution && run.switches[e.switch] === false) {
        parts.push(h('p', { class: 'attribution-line' }, 'Attribution: switched off in this scenario, so it carries nothing.'));
      }
    }
    if (explained) {
      const eqs = e.factors.filter((f) => explained!.latex[f]);
      if (eqs.length) parts.push(h('h4', {}, 'Equation'), ...eqs.map((f) => tex(explained!.latex[f])));
      const params = [...new Set(eqs.flatMap((f) => explained!.parameters[f] ?? []))];
      if (params.length) {
        parts.push(h('h4', {}, 'Parameters'), h('table', { class: 'params-table' },
          h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Name'), h('th', { scope: 'col' }, 'Value'), h('th', { scope: 'col' }, 'Unit'), h('th', { scope: 'col' }, 'Source'))),
          h('tbody', {}, params.map((p) => {
            const spec = model!.spec.parameters[p];
            return h('tr', {}, h('td', {}, h('code', {}, p)), h('td', { class: 'num' }, String(spec.value)), h('td', {}, spec.unit), h('td', {}, sourceNode(spec.source, refs)));
          }))));
      }
    }
    if (sw) {
      parts.push(h('h4', {}, 'Sources'), h('ul', { class: 'sources' }, sw.sources.map((s) => h('li', {}, sourceNode(s, refs)))));
    }
    detail.replaceChildren(...parts.filter((p): p is HTMLElement => p !== null));
  }

  function showNode(id: string): void {
    const n = NODES.find((x) => x.id === id);
    if (!n) return;
    const c = n.output && run ? run.columns.find((x) => x.name === n.output) : undefined;
    detail.replaceChildren(h('h3', {}, n.name), h('p', {}, n.about),
      c ? h('p', {}, h('code', {}, c.name), `: ${formatValue(c.values[0])} → ${formatValue(c.values[c.values.length - 1])} ${c.unit}`) : null as unknown as HTMLElement);
  }

  function fillTargets(): void {
    if (!model || !run || targetSel.dataset.model === model.id) return;
    targetSel.dataset.model = model.id;
    const outs = [...new Set([...ATTRIBUTED, ...model.keyOutputs])].filter((o) => run!.columns.some((c) => c.name === o));
    targetSel.replaceChildren(...outs.map((o) => h('option', { value: o }, o)));
  }

  const ATTRIBUTED = ['BMD_ls', 'BMD_fn', 'bone_strength', 'CTX', 'P1NP', 'PTH', 'calcitriol', 'Mg_serum', 'Ca_serum'];

  function requestAttribution(force: boolean): void {
    if (!model || !run) return;
    const root = byId('attribution');
    if (!model.spec.switches || Object.keys(model.spec.switches).length === 0) {
      root.replaceChildren(h('p', { class: 'hint' }, `${model.id} has no pathway switches: nothing to attribute.`));
      attrStatus.textContent = '';
      return;
    }
    const s = scenario();
    const key = JSON.stringify(s);
    if (!force && key === attributionKey) return;
    attributionKey = key;
    attrStatus.textContent = 'computing…';
    root.setAttribute('aria-busy', 'true');
    const outputs = [...new Set([...ATTRIBUTED, ...model.keyOutputs])].filter((o) => run!.columns.some((c) => c.name === o));
    const t0 = performance.now();
    engine.attribution(s, outputs, (r) => {
      lastAttribution = r;
      renderAttribution(root, r, targetSel.value, model!);
      attrStatus.textContent = `${r.runs} runs in ${(performance.now() - t0).toFixed(0)} ms (one-at-a-time knock-out)`;
      root.setAttribute('aria-busy', 'false');
      root.dataset.key = key;
      if (selected) renderDetail();
    }, (msg) => {
      attrStatus.textContent = `attribution failed: ${msg}`;
      root.setAttribute('aria-busy', 'false');
    });
  }

  return {
    activate(): void {
      cy.resize();
      cy.fit(undefined, 16);
    },
    update(m: ModelInfo, r: RunData): void {
      const changedModel = m !== model;
      model = m;
      run = r;
      if (changedModel) {
        explained = undefined;
        void engine.explain(m.id).then((x) => { if (model?.id === x.modelId) { explained = x; if (selected) renderDetail(); } });
      }
      fillTargets();
      colour();
      if (selected) renderDetail();
      requestAttribution(false);
    },
  };
}

export { humanName };
