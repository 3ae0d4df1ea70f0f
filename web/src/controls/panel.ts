/**
 * The scenario panel: model, built-in scenarios, run length and output grid, then the controls of
 * the catalog that apply to the model (diet, drugs, conditions), its pathway switches and its
 * parameters. Rebuilt when the model changes; otherwise only synced to the scenario JSON.
 */
import { h } from '../util/dom.js';
import type { ModelInfo } from '../types.js';
import { setPath, type JsonObject, type ScenarioStore } from '../scenario/store.js';
import { BUILTINS } from '../scenario/builtins.js';
import { defaultScenario } from '../scenario/defaults.js';
import { CONTROLS, type Section } from './catalog.js';
import { choiceWidget, flagWidget, quantityWidget, regimenWidget, type Widget } from './widgets.js';
import { switchWidgets } from './pathways.js';
import { parameterBrowser } from './parameters.js';
import { TIME_UNITS, splitTime } from '../util/units.js';
import type { InputIssue } from '../../../src/index.js';

const SECTION_TITLES: Record<Section, string> = { diet: 'Diet and supplements', drugs: 'Drugs', conditions: 'Conditions' };

export class ScenarioPanel {
  private widgets: Widget[] = [];
  private model: ModelInfo | undefined;

  constructor(
    private readonly root: HTMLElement,
    private readonly store: ScenarioStore,
    private readonly models: ModelInfo[],
  ) {}

  private commit = (update: (s: JsonObject) => JsonObject): void => {
    this.store.replace(update(this.store.get()), 'control');
  };

  /** Builds the panel for the scenario's model (or only syncs it when the model is unchanged). */
  render(s: JsonObject): void {
    const m = this.models.find((x) => x.id === s.model);
    if (m && m === this.model) { this.sync(s); return; }
    this.model = m;
    this.widgets = [];
    const parts: HTMLElement[] = [this.modelSection(s)];
    if (m) {
      parts.push(this.timeSection(m));
      for (const section of ['diet', 'drugs', 'conditions'] as const) {
        const defs = CONTROLS.filter((c) => c.section === section && c.applies(m));
        if (defs.length === 0) continue;
        const ws = defs.map((d): Widget => {
          switch (d.kind) {
            case 'quantity': return quantityWidget(d, m, this.commit);
            case 'flag': return flagWidget(d, this.commit);
            case 'choice': return choiceWidget(d, this.commit);
            case 'regimen': return regimenWidget(d, m, this.commit);
          }
        });
        this.widgets.push(...ws);
        parts.push(this.fieldset(section, SECTION_TITLES[section], ws.map((w) => w.el)));
      }
      const sws = switchWidgets(m, this.commit);
      if (sws.length) {
        this.widgets.push(...sws);
        parts.push(this.fieldset('pathways', 'Pathways', [h('p', { class: 'hint' }, 'Switch a pathway off to see what it carries. Evidence levels and sources are from the model spec.'), ...sws.map((w) => w.el)]));
      }
      const pb = parameterBrowser(m, this.commit);
      this.widgets.push(pb);
      const adv = h('details', { class: 'section', id: 'section-parameters' }, h('summary', {}, 'All parameters'), pb.el);
      parts.push(adv);
    }
    this.root.replaceChildren(...parts);
    this.sync(s);
  }

  private fieldset(id: string, title: string, children: HTMLElement[]): HTMLElement {
    return h('fieldset', { class: 'section', id: `section-${id}` }, h('legend', {}, title), ...children);
  }

  private modelSection(s: JsonObject): HTMLElement {
    const sel = h('select', { id: 'model' }, this.models.map((m) => h('option', { value: m.id, selected: m.id === s.model }, m.id)));
    const summary = h('p', { class: 'hint', id: 'model-summary' }, this.model?.summary ?? '');
    sel.addEventListener('change', () => {
      const m = this.models.find((x) => x.id === sel.value);
      if (m) this.store.replace(defaultScenario(m), 'load');
    });
    const own = BUILTINS.filter((b) => b.model === s.model);
    const builtin = h('select', { id: 'builtin', disabled: own.length === 0 },
      h('option', { value: '' }, own.length ? '— choose —' : '(none for this model)'),
      own.map((b) => h('option', { value: b.name, title: b.description }, `${b.name}: ${b.description}`)));
    builtin.addEventListener('change', () => {
      const b = BUILTINS.find((x) => x.name === builtin.value);
      if (b) this.store.replace(structuredClone(b.scenario), 'load');
    });
    const name = h('input', { type: 'text', id: 'scenario-name', value: typeof s.name === 'string' ? s.name : '' });
    name.addEventListener('change', () => this.commit((x) => setPath(x, ['name'], name.value.trim() || undefined)));
    return h('fieldset', { class: 'section', id: 'section-model' }, h('legend', {}, 'Model and scenario'),
      h('div', { class: 'ctl' }, h('label', { for: 'model' }, 'Model'), sel, summary),
      h('div', { class: 'ctl' }, h('label', { for: 'builtin' }, 'Start from a built-in scenario'), builtin),
      h('div', { class: 'ctl' }, h('label', { for: 'scenario-name' }, 'Scenario name'), name));
  }

  private timeSection(m: ModelInfo): HTMLElement {
    const row = (id: string, label: string, path: string[], hint: string): Widget => {
      const num = h('input', { type: 'number', id, min: 0, step: 'any' });
      const unit = h('select', { id: `${id}-unit`, 'aria-label': `${label} unit` }, TIME_UNITS.map((u) => h('option', { value: u }, u)));
      const issue = h('p', { class: 'issue', role: 'alert', hidden: true });
      const write = (): void => {
        const v = Number(num.value);
        if (num.value.trim() !== '' && Number.isFinite(v)) this.commit((s) => setPath(s, path, `${v} ${unit.value}`));
      };
      num.addEventListener('change', write);
      unit.addEventListener('change', write);
      return {
        el: h('div', { class: 'ctl' }, h('label', { for: id }, label), h('div', { class: 'ctl-row' }, num, unit), h('p', { class: 'hint' }, hint), issue),
        paths: [path],
        sync(s) {
          let cur: unknown = s;
          for (const k of path) cur = (cur as Record<string, unknown> | undefined)?.[k];
          const t = splitTime(cur, m.spec.timeUnit);
          if (t && document.activeElement !== num) { num.value = String(Number(t.value.toPrecision(6))); unit.value = t.unit; }
        },
        showIssues(msgs) { issue.textContent = msgs.join(' · '); issue.hidden = msgs.length === 0; },
      };
    };
    const dur = row('ctl-duration', 'Run length', ['duration'], 'from t = 0');
    const every = row('ctl-every', 'Output every', ['output', 'every'], 'rows in the results (CSV) and points on the charts');
    this.widgets.push(dur, every);
    return this.fieldset('time', 'Run', [dur.el, every.el]);
  }

  sync(s: JsonObject): void {
    for (const w of this.widgets) w.sync(s);
    const sel = this.root.querySelector<HTMLSelectElement>('#model');
    if (sel && typeof s.model === 'string') sel.value = s.model;
    const name = this.root.querySelector<HTMLInputElement>('#scenario-name');
    if (name && document.activeElement !== name) name.value = typeof s.name === 'string' ? s.name : '';
  }

  /** Shows each engine issue beside the control that owns its path (all of them are also listed by the JSON editor). */
  showIssues(issues: readonly InputIssue[], s: JsonObject): void {
    const per = new Map<Widget, string[]>();
    for (const w of this.widgets) per.set(w, []);
    for (const issue of issues) {
      const p = issue.path;
      let owner: Widget | undefined;
      if (p[0] === 'doses' && typeof p[1] === 'number') {
        const cmt = (Array.isArray(s.doses) ? (s.doses[p[1]] as JsonObject | undefined)?.cmt : undefined);
        owner = this.widgets.find((w) => w.el.dataset.control && CONTROLS.some((c) => c.kind === 'regimen' && c.id === w.el.dataset.control && c.cmt === cmt));
      }
      owner ??= this.widgets.find((w) => w.paths.some((wp) => wp.length > 0 && wp.every((k, i) => p[i] === k)));
      if (owner) per.get(owner)!.push(issue.message);
    }
    for (const [w, msgs] of per) w.showIssues(msgs);
  }
}
