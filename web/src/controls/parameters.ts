/**
 * Every parameter of the model, searchable: value, unit, allowed range, description and source
 * from the spec. A value typed here goes to the scenario's `parameters` (what the CLI's --set does).
 */
import { h } from '../util/dom.js';
import { setPath, type JsonObject } from '../scenario/store.js';
import type { ModelInfo } from '../types.js';
import type { Widget } from './widgets.js';

const MAX_ROWS = 40;

/** Bounds as a person writes them: "> 0", "≥ 1", "0–1", "any value" (not [5e-324, Infinity]). */
export function boundsText(lo: number, hi: number, unit: string): string {
  const u = unit && unit !== '1' ? ` ${unit}` : '';
  const tiny = lo > 0 && lo < 1e-300;
  const lower = lo === -Infinity ? undefined : tiny ? '> 0' : `≥ ${lo}`;
  if (hi === Infinity) return lower ? `${lower}${u}` : 'any value';
  if (lo === -Infinity) return `≤ ${hi}${u}`;
  return tiny ? `> 0 and ≤ ${hi}${u}` : `${lo}–${hi}${u}`;
}

export function parameterBrowser(model: ModelInfo, commit: (u: (s: JsonObject) => JsonObject) => void): Widget {
  const params = Object.entries(model.spec.parameters);
  const search = h('input', { type: 'search', id: 'param-search', placeholder: 'name or words, e.g. GFR', 'aria-controls': 'param-list' });
  const list = h('div', { id: 'param-list', class: 'param-list' });
  const count = h('p', { class: 'hint', 'aria-live': 'polite' });
  const issue = h('p', { class: 'issue', role: 'alert', hidden: true });
  let scenario: JsonObject = {};
  const overrides = (): Record<string, unknown> => (scenario.parameters as Record<string, unknown> | undefined) ?? {};

  const render = (): void => {
    const q = search.value.trim().toLowerCase();
    const set = overrides();
    const matching = params.filter(([n, p]) => (q === '' ? n in set : n.toLowerCase().includes(q) || p.description.toLowerCase().includes(q)));
    count.textContent = q === ''
      ? `${params.length} parameters; ${Object.keys(set).length} changed in this scenario${Object.keys(set).length ? ' (listed)' : ''}. Search to list others.`
      : `${matching.length} match${matching.length === 1 ? '' : 'es'}${matching.length > MAX_ROWS ? `, first ${MAX_ROWS} shown` : ''}`;
    list.replaceChildren(...matching.slice(0, MAX_ROWS).map(([name, p]) => {
      const id = `param-${name}`;
      const v = set[name];
      const input = h('input', { type: 'number', id, step: 'any', placeholder: String(p.value), value: typeof v === 'number' ? String(v) : undefined,
        min: Number.isFinite(p.bounds?.[0]) ? p.bounds?.[0] : undefined, max: Number.isFinite(p.bounds?.[1]) ? p.bounds?.[1] : undefined });
      input.addEventListener('change', () => {
        const x = input.value.trim() === '' ? undefined : Number(input.value);
        commit((s) => setPath(s, ['parameters', name], x === undefined || !Number.isFinite(x) ? undefined : x));
      });
      return h('div', { class: `param${typeof v === 'number' ? ' changed' : ''}` },
        h('div', { class: 'ctl-head' }, h('label', { for: id }, h('code', {}, name), ' ', h('span', { class: 'unit' }, `(${p.unit})`)), input),
        h('p', { class: 'help small' }, p.description, p.bounds ? ` Allowed ${boundsText(p.bounds[0], p.bounds[1], p.unit)}.` : '', ` Default ${p.value}. Source: ${p.source}`));
    }));
  };
  search.addEventListener('input', render);
  const el = h('div', { class: 'params' }, h('label', { for: 'param-search' }, 'Find a parameter'), search, count, issue, list);
  return {
    el, paths: [['parameters'], ['scale']],
    sync(s) { scenario = s; if (!list.contains(document.activeElement)) render(); },
    showIssues(m) { issue.textContent = m.join(' · '); issue.hidden = m.length === 0; },
  };
}
