/**
 * The page: scenario store → engine worker → charts, summary, mechanism map. One run per scenario
 * change (latest wins); the baseline (model defaults, same grid) is cached in the worker.
 */
import { Engine, type RunOutcome } from './engine.js';
import type { ModelInfo, RunData } from './types.js';
import { ScenarioStore, type ChangeSource, type JsonObject } from './scenario/store.js';
import { ScenarioPanel } from './controls/panel.js';
import { ScenarioEditor } from './scenario/editor.js';
import { defaultScenario, PREFERRED_MODELS } from './scenario/defaults.js';
import { decodeHash, encodeHash } from './scenario/share.js';
import { Charts, type ShownRun } from './results/charts.js';
import { panelsFor, summaryOutputs, type PanelDef } from './results/groups.js';
import { renderSummary } from './results/summary.js';
import { chartSVG, downloadCSV, downloadJSON, downloadPNG, downloadSVG } from './results/export.js';
import { byId, h } from './util/dom.js';
import { displayUnitFor, hoursPer } from './util/units.js';
import { MAP_RULES } from './mechanism/map-data.js';
import { Tabs, type View } from './tabs.js';

const CURRENT_COLOR = '#1f5fa8';
const BASELINE_COLOR = '#6b6b6b';
const PIN_COLORS = ['#c0392b', '#1e7a46', '#a85d00', '#6a4c93'];
const MAX_PINNED = 4;

/** What the end-to-end tests and the status line read: one entry per drawn run. */
export interface Timing { ms: number; solveMs: number; workerMs: number; drawMs: number; source: ChangeSource; model: string }

interface MechanismView { update(model: ModelInfo, run: RunData): void; activate(): void }

export class App {
  private store!: ScenarioStore;
  private panel!: ScenarioPanel;
  private editor!: ScenarioEditor;
  private charts: Charts;
  private models: ModelInfo[] = [];
  private current: { run: RunData; baseline?: RunData } | undefined;
  private pinned: ShownRun[] = [];
  private hiddenPanels = new Set<string>();
  private extraPanels: string[] = [];
  private panels: PanelDef[] = [];
  private mechanism: Promise<MechanismView> | undefined;
  private tabs: Tabs;
  readonly timings: Timing[] = [];
  runsDrawn = 0;

  constructor(private readonly engine: Engine) {
    this.charts = new Charts(byId('charts'), (p) => { this.hiddenPanels.add(p.title); this.redraw(); });
    this.tabs = new Tabs((v) => this.onView(v));
    engine.onError = (m) => this.setStatus(`Engine error: ${m}`, true);
  }

  async start(): Promise<void> {
    this.models = await this.engine.catalog();
    const shared = decodeHash(location.hash);
    const model = this.models.find((m) => m.id === shared.scenario?.model)
      ?? PREFERRED_MODELS.map((id) => this.models.find((m) => m.id === id)).find((m) => m !== undefined) ?? this.models[0];
    this.store = new ScenarioStore(shared.scenario ?? defaultScenario(model));
    this.panel = new ScenarioPanel(byId('scenario-panel'), this.store, this.models);
    this.editor = new ScenarioEditor(this.store);
    this.store.subscribe((s, source) => this.changed(s, source));
    this.wireToolbar();
    if (shared.error) this.setStatus(shared.error, true);
    if (shared.view) this.tabs.select(shared.view as View);
    this.changed(this.store.get(), 'load');
  }

  private model(): ModelInfo | undefined {
    return this.models.find((m) => m.id === this.store.get().model);
  }

  private changed(s: JsonObject, source: ChangeSource): void {
    this.panel.render(s);
    this.editor.show(s, source);
    history.replaceState(null, '', encodeHash(s, this.tabs.view));
    void this.run(s, source);
  }

  private async run(s: JsonObject, source: ChangeSource): Promise<void> {
    const t0 = performance.now();
    const outcome: RunOutcome = await this.engine.run(s, { baseline: true, rules: MAP_RULES });
    if (outcome.kind === 'superseded') return;
    if (outcome.kind === 'invalid') {
      this.editor.showIssues(outcome.issues);
      this.panel.showIssues(outcome.issues, s);
      byId('issues').hidden = false;
      byId('issues').replaceChildren(h('p', {}, `Not run: ${outcome.issues.length} problem${outcome.issues.length === 1 ? '' : 's'} in the scenario (see the controls marked in red and the scenario JSON).`));
      this.setStatus('The scenario has problems; the charts show the last valid run.', true);
      return;
    }
    this.editor.showIssues([]);
    this.panel.showIssues([], s);
    byId('issues').hidden = true;
    if (outcome.kind === 'failed') { this.setStatus(`The run failed: ${outcome.message}`, true); return; }
    this.current = { run: outcome.run, baseline: outcome.baseline };
    const t1 = performance.now();
    this.redraw();
    // the charts are on the canvas once this frame's callbacks run
    await new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));
    const t2 = performance.now();
    const timing: Timing = { ms: t2 - t0, solveMs: outcome.run.solveMs, workerMs: outcome.run.workerMs, drawMs: t2 - t1, source, model: outcome.run.modelId };
    this.timings.push(timing);
    this.runsDrawn++;
    document.body.dataset.runs = String(this.runsDrawn);
    const r = outcome.run;
    const ok = r.code === 'success';
    this.setStatus(ok
      ? `${r.scenario.name}: simulated in ${r.solveMs.toFixed(0)} ms (${r.stats.steps} steps); page updated ${timing.ms.toFixed(0)} ms after the change.`
      : `${r.scenario.name}: the solver stopped early (${r.code}): ${r.message}`, !ok);
    if (this.tabs.view === 'mechanism') void this.mechanismView().then((m) => { const mod = this.model(); if (mod && this.current) m.update(mod, this.current.run); });
  }

  private timeUnit(run: RunData): string {
    const sel = byId<HTMLSelectElement>('time-unit').value;
    if (sel !== 'auto') return sel;
    const t = run.time;
    return displayUnitFor((t.length ? t[t.length - 1] : 0) * hoursPer(run.timeUnit));
  }

  private shownRuns(): { current: ShownRun; baseline?: ShownRun; all: ShownRun[] } | undefined {
    if (!this.current) return undefined;
    const current: ShownRun = { label: 'this scenario', run: this.current.run, color: CURRENT_COLOR, width: 2 };
    const baseline: ShownRun | undefined = this.current.baseline
      ? { label: 'baseline (model defaults)', run: this.current.baseline, color: BASELINE_COLOR, width: 1.5 } : undefined;
    return { current, baseline, all: [...(baseline ? [baseline] : []), current, ...this.pinned] };
  }

  private redraw(): void {
    const shown = this.shownRuns();
    const model = this.model();
    if (!shown || !model || model.id !== shown.current.run.modelId) return;
    this.panels = panelsFor(model, shown.current.run, this.extraPanels).filter((p) => !this.hiddenPanels.has(p.title));
    const tu = this.timeUnit(shown.current.run);
    this.charts.draw(this.panels, shown.all.filter((r) => r.run.modelId === model.id), tu);
    renderSummary(byId('summary'), shown.current, shown.baseline, this.pinned.filter((p) => p.run.modelId === model.id), summaryOutputs(model, this.panels));
    this.renderRunList(shown.all);
    this.fillAddChart(model, shown.current.run);
  }

  private renderRunList(runs: ShownRun[]): void {
    byId('runs').replaceChildren(...runs.map((r) => {
      const i = this.pinned.indexOf(r);
      const remove = i >= 0 ? h('button', { type: 'button', class: 'link', 'aria-label': `Remove pinned run ${r.label}` }, 'remove') : null;
      remove?.addEventListener('click', () => { this.pinned.splice(this.pinned.indexOf(r), 1); this.redraw(); });
      return h('li', {}, h('span', { class: 'swatch', style: `background:${r.color}` }), ` ${r.label} `,
        h('span', { class: 'hint' }, `(${r.run.modelId})`), remove ? ' ' : null, remove);
    }));
    byId<HTMLButtonElement>('pin').disabled = this.pinned.length >= MAX_PINNED;
  }

  private fillAddChart(model: ModelInfo, run: RunData): void {
    const sel = byId<HTMLSelectElement>('add-chart');
    if (sel.dataset.model === model.id) return;
    sel.dataset.model = model.id;
    sel.replaceChildren(h('option', { value: '' }, '— output —'),
      h('optgroup', { label: 'Outputs' }, run.columns.filter((c) => c.kind === 'observable').map((c) => h('option', { value: c.name }, `${c.name} (${c.unit})`))),
      h('optgroup', { label: 'States' }, run.columns.filter((c) => c.kind === 'state').map((c) => h('option', { value: c.name }, `${c.name} (${c.unit})`))));
  }

  private wireToolbar(): void {
    byId('time-unit').addEventListener('change', () => this.redraw());
    byId<HTMLSelectElement>('add-chart').addEventListener('change', (ev) => {
      const sel = ev.target as HTMLSelectElement;
      if (sel.value) { this.hiddenPanels.delete(sel.value); if (!this.extraPanels.includes(sel.value)) this.extraPanels.push(sel.value); this.redraw(); }
      sel.value = '';
    });
    byId('pin').addEventListener('click', () => {
      if (!this.current || this.pinned.length >= MAX_PINNED) return;
      const used = new Set(this.pinned.map((p) => p.color));
      const color = PIN_COLORS.find((c) => !used.has(c)) ?? PIN_COLORS[0];
      const n = this.pinned.length + 1;
      this.pinned.push({ label: `run ${n}: ${this.current.run.scenario.name}`, run: this.current.run, color, width: 1.5 });
      this.redraw();
    });
    byId('dl-csv').addEventListener('click', () => { if (this.current) downloadCSV(this.current.run); });
    byId('dl-json').addEventListener('click', () => { if (this.current) downloadJSON(this.current.run); });
    const svg = (): string | undefined => {
      const shown = this.shownRuns();
      if (!shown) return undefined;
      return chartSVG(this.panels, shown.all.filter((r) => r.run.modelId === shown.current.run.modelId), this.timeUnit(shown.current.run),
        `${shown.current.run.scenario.name} (${shown.current.run.modelId})`);
    };
    byId('dl-svg').addEventListener('click', () => { const s = svg(); if (s && this.current) downloadSVG(s, this.current.run.scenario.name); });
    byId('dl-png').addEventListener('click', () => {
      const s = svg();
      if (s && this.current) downloadPNG(s, this.current.run.scenario.name).catch((e: unknown) => this.setStatus(String(e), true));
    });
    byId('share').addEventListener('click', () => {
      const url = location.href;
      navigator.clipboard?.writeText(url).then(() => this.setStatus('Link copied: it opens this scenario.', false), () => this.setStatus(`Link: ${url}`, false));
    });
  }

  private mechanismView(): Promise<MechanismView> {
    this.mechanism ??= import('./mechanism/view.js').then((m) => m.createMechanismView(this.engine, () => this.store.get()));
    return this.mechanism;
  }

  private onView(v: View): void {
    if (this.store) history.replaceState(null, '', encodeHash(this.store.get(), v));
    const model = this.model();
    if (v === 'mechanism') {
      void this.mechanismView().then((m) => { m.activate(); if (model && this.current) m.update(model, this.current.run); });
    } else if (v === 'docs' && model) {
      const root = byId('docs');
      if (root.dataset.model !== model.id) {
        root.dataset.model = model.id;
        root.replaceChildren(h('p', { class: 'hint' }, `Generating the documentation of ${model.id}…`));
        void Promise.all([this.engine.docs(model.id), import('./docs/render.js')]).then(([md, r]) => r.renderDocs(root, md));
      }
    } else if (v === 'explore') {
      this.redraw();
    }
  }

  setStatus(msg: string, bad: boolean): void {
    const el = byId('status');
    el.textContent = msg;
    el.classList.toggle('bad', bad);
  }
}
