/** The pathway switches of a model (its spec's `switches`), with evidence level and sources. */
import { h } from '../util/dom.js';
import { setPath, type JsonObject } from '../scenario/store.js';
import type { ModelInfo } from '../types.js';
import type { Widget } from './widgets.js';

export const EVIDENCE_ORDER = ['human trial', 'human experimental', 'human observational', 'animal', 'in vitro', 'hypothesis'] as const;

export function humanName(name: string): string {
  return name.replace(/_/g, ' ').replace(/\bmg\b/g, 'Mg').replace(/\bpth\b/gi, 'PTH');
}

export function switchWidgets(model: ModelInfo, commit: (u: (s: JsonObject) => JsonObject) => void): Widget[] {
  return Object.entries(model.spec.switches ?? {}).map(([name, sw]) => {
    const id = `sw-${name}`;
    const box = h('input', { type: 'checkbox', id, 'aria-describedby': `${id}-desc` });
    const issue = h('p', { class: 'issue', role: 'alert', hidden: true });
    const el = h('div', { class: 'ctl ctl-switch', 'data-switch': name },
      h('div', { class: 'ctl-head' },
        h('label', { for: id }, box, ' ', humanName(name)),
        h('span', { class: `evidence ev-${sw.evidence.replace(/\s+/g, '-')}`, title: 'Evidence level (model spec)' }, sw.evidence)),
      h('p', { class: 'help small', id: `${id}-desc` }, sw.description),
      issue);
    box.addEventListener('change', () => commit((s) => setPath(s, ['switches', name], box.checked === sw.default ? undefined : box.checked)));
    return {
      el, paths: [['switches', name]],
      sync(s: JsonObject) {
        const v = (s.switches as JsonObject | undefined)?.[name];
        const on = v === true || v === 'on' ? true : v === false || v === 'off' ? false : sw.default;
        box.checked = on;
        el.classList.toggle('changed', on !== sw.default);
      },
      showIssues(m: string[]) { issue.textContent = m.join(' · '); issue.hidden = m.length === 0; },
    };
  });
}
