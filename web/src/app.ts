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
import { changesName, describeChanges } from './scenario/describe.js';
import { Charts, type Extras, type ShownRun } from './results/charts.js';
import { panelsFor, summaryOutputs, type PanelDef } from './results/groups.js';
import { renderSummary } from './results/summary.js';
import { chartSVG, downloadCSV, downloadKeyCSV, downloadJSON, downloadPNG, downloadSVG } from './results/export.js';
import { guardNotes } from './results/guard.js';
import { DataError, parseObservationsCSV, type DataSet } from './data/observations.js';
import type { Busy } from './engine.js';
import { byId, h } from './util/dom.js';
import { hoursIn, timeUnitForSpan } from '../../src/index.js';
import { formatValue } from '../../src/index.js';
import type { BandsData } from './types.js';
import type { JsonObject as Scenario } from './scenario/store.js';
import { MAP_RULES } from './mechanism/map-data.js';
import { Tabs, type View } from './tabs.js';

const CURRENT_COLOR = '#1f5fa8';
const BASELINE_COLOR = '#6b6b6b';
const PIN_COLORS = ['#c0392b', '#1e7a46', '#a85d00', '#6a4c93'];
const MAX_PINNED = 4;

/** What the end-to-end tests and the status line read: one entry per drawn run. */
export interface Timing {
  /** From the change to the frame that shows the new run. */
  ms: number;
  /** Parts of `ms`: controls and editor synced, the worker's answer awaited, the redraw (synchronous), the frame. */
  syncMs: number; waitMs: number; redrawMs: number; frameMs: number;
  /** Parts of `waitMs`: the request's way to the worker, the worker's whole handling, the answer's way back, until the page resumed. */
  toWorkerMs?: number; inWorkerMs?: number; fromWorkerMs?: number; resumeMs?: number;
  solveMs: number; workerMs: number; drawMs: number; source: ChangeSource; model: string; cached: boolean;
}

/** A pinned run: its scenario (carried in share links) and, once simulated, its result. */
interface Pinned extends ShownRun { scenario: Scenario }

/** The busy indicator appears for work that takes longer than this. */
const BUSY_AFTER_MS = 300;
const NARROW = '(max-width: 900px)';

interface MechanismView { update(model: ModelInfo, run: RunData): void; activate(): void }

export class App {
  private store!: ScenarioStore;
  private panel!: ScenarioPanel;
  private editor!: ScenarioEditor;
  private charts: Charts;
  private models: ModelInfo[] = [];
  private current: { run: RunData; baseline?: RunData; scenario: Scenario } | undefined;
  private pinned: Pinned[] = [];
  private hiddenPanels = new Set<string>();
  private extraPanels: string[] = [];
  private panels: PanelDef[] = [];
  private mechanism: Promise<MechanismView> | undefined;
  private wantRules = false;
  private tabs: Tabs;
  private data: DataSet[] = [];
  private bands: { key: string; data: BandsData; timeUnit: string } | undefined;
  private bandsTimer: ReturnType<typeof setTimeout> | undefined;
  private busyTimer: ReturnType<typeof setTimeout> | undefined;
  private hashTimer: ReturnType<typeof setTimeout> | undefined;
  private busyTick: ReturnType<typeof setInterval> | undefined;
  readonly timings: Timing[] = [];
  runsDrawn = 0;
  private drawnFirst!: () => void;
  /** Resolves once the first run is on the charts (main.ts registers the service worker then). */
  readonly firstDrawn = new Promise<void>((resolve) => { this.drawnFirst = resolve; });

  constructor(readonly engine: Engine) {
    this.charts = new Charts(byId('charts'), (p) => { this.hiddenPanels.add(p.title); this.redraw(); });
    this.tabs = new Tabs((v) => this.onView(v));
    engine.onError = (m) => this.setStatus(`Engine error: ${m}`, true);
    engine.onBusy = (b) => this.showBusy(b);
  }

  async start(): Promise<void> {
    performance.mark('magbone:start');
    const shared = decodeHash(location.hash);
    // asked by the entry point already, with the opening model's compilation (main.ts)
    this.models = await this.engine.catalog();
    performance.mark('magbone:catalog');
    const model = this.models.find((m) => m.id === shared.scenario?.model)
      ?? PREFERRED_MODELS.map((id) => this.models.find((m) => m.id === id)).find((m) => m !== undefined) ?? this.models[0];
    this.store = new ScenarioStore(shared.scenario ?? defaultScenario(model));
    this.panel = new ScenarioPanel(byId('scenario-panel'), this.store, this.models);
    this.editor = new ScenarioEditor(this.store);
    this.store.subscribe((s, source) => this.changed(s, source));
    this.wireToolbar();
    this.wireSheet();
    this.wireData();
    byId('cancel').addEventListener('click', () => this.cancel());
    if (shared.error) this.setStatus(shared.error, true);
    if (shared.view) this.tabs.select(shared.view as View);
    this.changed(this.store.get(), 'load');
    if (shared.pinned.length) void this.restorePinned(shared.pinned);
  }

  private model(): ModelInfo | undefined {
    return this.models.find((m) => m.id === this.store.get().model);
  }

  private modelById(id: string): ModelInfo | undefined {
    return this.models.find((m) => m.id === id);
  }

  private updateHash(): void {
    clearTimeout(this.hashTimer);
    const hash = encodeHash(this.store.get(), this.tabs.view, this.pinned.map((p) => p.scenario));
    // history.replaceState is a same-document navigation: 5–20 ms of the page's thread
    if (hash !== location.hash) history.replaceState(null, '', hash);
  }

  private changed(s: JsonObject, source: ChangeSource): void {
    const t = performance.now();
    // the request goes first: the controls (all of them on a first load) are built while the worker solves
    const done = this.run(s, source, t);
    this.panel.render(s);
    this.editor.show(s, source);
    // The link follows once the run is drawn (or has its answer), in a task of its own: while the
    // worker solved, it held up the answer's delivery (a warm solve takes less than replaceState);
    // a run superseded by a newer change leaves the link to that one.
    void done.then((final) => {
      if (!final) return;
      clearTimeout(this.hashTimer);
      this.hashTimer = setTimeout(() => this.updateHash(), 0);
    });
  }

  /** Runs and draws `s`; false when a newer change superseded it (nothing was shown). */
  private async run(s: JsonObject, source: ChangeSource, changedAt = performance.now()): Promise<boolean> {
    const t0 = performance.now();
    // the first run draws without waiting for its baseline, which follows at once (see completeBaseline)
    const deferBaseline = this.runsDrawn === 0;
    const outcome: RunOutcome = await this.engine.run(s, { baseline: !deferBaseline, rules: this.wantRules ? MAP_RULES : [] });
    if (outcome.kind === 'superseded') return false;
    if (outcome.kind === 'cancelled') {
      this.setStatus('Cancelled: the charts show the last finished run. Change the scenario to run again.', true);
      return true;
    }
    if (outcome.kind === 'invalid') {
      this.editor.showIssues(outcome.issues);
      this.panel.showIssues(outcome.issues, s);
      this.setStatus('The scenario has problems; the charts show the last valid run.', true);
      return true;
    }
    this.editor.showIssues([]);
    this.panel.showIssues([], s);
    if (outcome.kind === 'failed') { this.setStatus(`The run failed: ${outcome.message}`, true); return true; }
    this.current = { run: outcome.run, baseline: outcome.baseline, scenario: s };
    const t1 = performance.now();
    this.redraw();
    const t15 = performance.now();
    // the charts are on the canvas once this frame's callbacks run
    await new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));
    const t2 = performance.now();
    const trip = outcome.trip, abs = performance.timeOrigin;
    const timing: Timing = { ms: t2 - changedAt, syncMs: t0 - changedAt, waitMs: t1 - t0, redrawMs: t15 - t1, frameMs: t2 - t15,
      ...(trip ? { toWorkerMs: trip.received - trip.sent, inWorkerMs: trip.posted - trip.received, fromWorkerMs: trip.arrived - trip.posted, resumeMs: abs + t1 - trip.arrived } : {}), solveMs: outcome.run.solveMs, workerMs: outcome.run.workerMs, drawMs: t2 - t1, source, model: outcome.run.modelId, cached: outcome.run.cached === true };
    this.timings.push(timing);
    this.runsDrawn++;
    document.body.dataset.runs = String(this.runsDrawn);
    if (this.runsDrawn === 1) this.drawnFirst();
    const r = outcome.run;
    const ok = r.code === 'success';
    this.setStatus(ok
      ? `${r.scenario.name}: ${r.cached ? 'from the cache of recent runs' : `simulated in ${r.solveMs.toFixed(0)} ms (${r.stats.steps} steps)`}; page updated ${timing.ms.toFixed(0)} ms after the change.`
      : `${r.scenario.name}: the solver stopped early (${r.code}): ${r.message}`, !ok);
    if (this.tabs.view === 'mechanism') void this.mechanismView().then((m) => { const mod = this.model(); if (mod && this.current) m.update(mod, this.current.run); });
    if (deferBaseline) void this.completeBaseline(s);
    this.scheduleBands();
    return true;
  }

  /** The baseline of the first run (the run itself comes from the worker's cache); not counted as a run. */
  private async completeBaseline(s: JsonObject): Promise<void> {
    const o = await this.engine.run(s, { baseline: true, rules: this.wantRules ? MAP_RULES : [] });
    if (o.kind !== 'result' || !this.current || this.current.scenario !== s) return;
    this.current = { run: o.run, baseline: o.baseline, scenario: s };
    this.redraw();
    document.body.dataset.baseline = 'drawn';
  }

  private cancel(): void {
    this.engine.cancel(typeof this.store.get().model === 'string' ? String(this.store.get().model) : undefined);
    document.body.dataset.cancelled = String(this.engine.restarts);
  }

  private showBusy(b: Busy | undefined): void {
    clearTimeout(this.busyTimer);
    clearInterval(this.busyTick);
    const el = byId('busy');
    if (!b) { el.hidden = true; return; }
    const show = (): void => {
      const tick = (): void => { byId('busy-text').textContent = `${b.what[0].toUpperCase()}${b.what.slice(1)}… ${((performance.now() - b.since) / 1000).toFixed(1)} s`; };
      tick();
      el.hidden = false;
      this.busyTick = setInterval(tick, 250);
    };
    const wait = BUSY_AFTER_MS - (performance.now() - b.since);
    if (wait <= 0) show(); else this.busyTimer = setTimeout(show, wait);
  }

  private timeUnit(run: RunData): string {
    const sel = byId<HTMLSelectElement>('time-unit').value;
    if (sel !== 'auto') return sel;
    const t = run.time;
    return timeUnitForSpan((t.length ? t[t.length - 1] : 0) * hoursIn(run.timeUnit));
  }

  /** What a scenario changes against its model's defaults, as a name. */
  private nameOf(s: Scenario, fallback: string): string {
    const m = this.modelById(String(s.model));
    return m ? changesName(s, defaultScenario(m), fallback) : fallback;
  }

  private shownRuns(): { current: ShownRun; baseline?: ShownRun; all: ShownRun[] } | undefined {
    if (!this.current) return undefined;
    const current: ShownRun = { label: `this scenario: ${this.nameOf(this.current.scenario, 'model defaults')}`, run: this.current.run, color: CURRENT_COLOR, width: 2 };
    const baseline: ShownRun | undefined = this.current.baseline
      ? { label: 'baseline (model defaults)', run: this.current.baseline, color: BASELINE_COLOR, width: 1.5 } : undefined;
    const pinned = this.pinned.filter((p) => p.run.time.length > 0);
    return { current, baseline, all: [...(baseline ? [baseline] : []), current, ...pinned] };
  }

  private extras(run: RunData): Extras {
    const key = this.bandsKey();
    const bands = this.bands && key && this.bands.key === key && byId<HTMLInputElement>('bands').checked
      ? { data: this.bands.data, timeUnit: this.bands.timeUnit } : undefined;
    return { observations: this.data.flatMap((d) => d.observations).filter((o) => run.columns.some((c) => c.name === o.observable)), bands };
  }

  private redraw(): void {
    const shown = this.shownRuns();
    const model = this.model();
    if (!shown || !model || model.id !== shown.current.run.modelId) return;
    this.panels = panelsFor(model, shown.current.run, this.extraPanels).filter((p) => !this.hiddenPanels.has(p.title));
    const tu = this.timeUnit(shown.current.run);
    this.charts.draw(this.panels, shown.all.filter((r) => r.run.modelId === model.id), tu, this.extras(shown.current.run));
    renderSummary(byId('summary'), shown.current, shown.baseline, this.pinned.filter((p) => p.run.modelId === model.id), summaryOutputs(model, this.panels), tu);
    this.renderRunList(shown.all);
    this.fillAddChart(model, shown.current.run);
    this.renderTitle(model);
    this.renderNotes(model);
    this.renderData();
    byId('bands-label').hidden = model.id !== 'human-mg-bone';
  }

  private renderTitle(model: ModelInfo): void {
    const s = this.current?.scenario;
    if (!s) return;
    const changes = describeChanges(s, defaultScenario(model));
    byId('chart-title').replaceChildren(changes.length
      ? h('span', {}, `Changed: ${changes.join('; ')} `, h('span', { class: 'hint' }, '— blue, against the baseline (model defaults, grey)'))
      : h('span', {}, 'Model defaults ', h('span', { class: 'hint' }, '— nothing changed yet: move a control to compare with the baseline')));
  }

  private renderNotes(model: ModelInfo): void {
    const s = this.current?.scenario;
    if (!s) return;
    const notes = guardNotes(model.id, s, this.panels.flatMap((p) => p.vars));
    const box = byId('notes');
    // the same notes as drawn: the DOM (and the layout) is left alone
    const key = notes.map((n) => `${n.level}:${n.text}`).join('\n');
    if (box.dataset.key === key) return;
    box.dataset.key = key;
    box.replaceChildren(...notes.map((n) => h('p', { class: `note ${n.level}`, role: n.level === 'warn' ? 'note' : undefined }, n.text)));
  }

  private renderRunList(runs: ShownRun[]): void {
    byId('runs').replaceChildren(...runs.map((r) => {
      const i = this.pinned.indexOf(r as Pinned);
      const remove = i >= 0 ? h('button', { type: 'button', class: 'link', 'aria-label': `Remove pinned run ${r.label}` }, 'remove') : null;
      remove?.addEventListener('click', () => { this.pinned.splice(this.pinned.indexOf(r as Pinned), 1); this.updateHash(); this.redraw(); });
      return h('li', { 'data-pinned': i >= 0 ? String(i) : undefined }, h('span', { class: 'swatch', style: `background:${r.color}` }), ` ${r.label} `,
        r.run.modelId !== this.current?.run.modelId ? h('span', { class: 'hint' }, `(${r.run.modelId})`) : null, remove ? ' ' : null, remove);
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

  private nextColor(): string {
    const used = new Set(this.pinned.map((p) => p.color));
    return PIN_COLORS.find((c) => !used.has(c)) ?? PIN_COLORS[0];
  }

  private pin(): void {
    if (!this.current || this.pinned.length >= MAX_PINNED) return;
    const scenario = this.current.scenario;
    this.pinned.push({ label: `pinned: ${this.nameOf(scenario, 'model defaults')}`, run: this.current.run, scenario, color: this.nextColor(), width: 1.5 });
    this.updateHash();
    this.redraw();
  }

  /** Pinned runs of a shared link: simulated again, in order, then drawn. */
  private async restorePinned(list: Scenario[]): Promise<void> {
    for (const scenario of list.slice(0, MAX_PINNED)) {
      const o = await this.engine.runExtra(scenario);
      if (o.kind !== 'result') {
        this.setStatus(`A pinned run of the link was not restored: ${o.kind === 'invalid' ? o.issues.map((i) => i.message).join('; ') : o.kind === 'failed' ? o.message : o.kind}`, true);
        continue;
      }
      this.pinned.push({ label: `pinned: ${this.nameOf(scenario, 'model defaults')}`, run: o.run, scenario, color: this.nextColor(), width: 1.5 });
    }
    document.body.dataset.pinned = String(this.pinned.length);
    this.updateHash();
    this.redraw();
  }

  private bandsKey(): string | undefined {
    if (!this.current || this.current.run.modelId !== 'human-mg-bone') return undefined;
    return JSON.stringify(this.current.scenario) + '|' + this.panels.flatMap((p) => p.vars).join(',');
  }

  /** With the bands on, the posterior ensemble of the current scenario is run a moment after it is drawn. */
  private scheduleBands(): void {
    clearTimeout(this.bandsTimer);
    const key = this.bandsKey();
    if (!key || !byId<HTMLInputElement>('bands').checked || this.bands?.key === key || !this.current) return;
    const scenario = this.current.scenario;
    const timeUnit = this.current.run.timeUnit;
    const outputs = this.panels.flatMap((p) => p.vars);
    this.bandsTimer = setTimeout(() => {
      const status = byId('bands-status');
      status.textContent = 'running the posterior ensemble…';
      void this.engine.bands(scenario, outputs).then((b) => {
        if (b === 'superseded') return;
        if (typeof b === 'string') { status.textContent = `no bands: ${b}`; return; }
        this.bands = { key, data: b, timeUnit };
        status.textContent = `bands: median, 50 % and 95 % intervals of ${b.succeeded} of ${b.draws} posterior draws (${(b.ms / 1000).toFixed(1)} s)${b.failures.length ? `; ${b.draws - b.succeeded} draws failed` : ''}`;
        document.body.dataset.bands = key === this.bandsKey() ? 'drawn' : 'stale';
        this.redraw();
      });
    }, 250);
  }

  private wireSheet(): void {
    const toggle = byId('controls-toggle');
    const open = (on: boolean): void => {
      document.body.classList.toggle('sheet-open', on);
      toggle.setAttribute('aria-expanded', String(on));
      if (on) byId('scenario').focus?.();
    };
    toggle.addEventListener('click', () => open(true));
    byId('controls-close').addEventListener('click', () => { open(false); toggle.focus(); });
    document.addEventListener('keydown', (ev) => { if (ev.key === 'Escape' && document.body.classList.contains('sheet-open') && matchMedia(NARROW).matches) open(false); });
  }

  private wireData(): void {
    const input = byId<HTMLInputElement>('data-file');
    input.addEventListener('change', () => { const f = input.files?.[0]; if (f) void this.loadData(f); input.value = ''; });
    const zone = byId('view-explore');
    zone.addEventListener('dragover', (ev) => { ev.preventDefault(); byId('charts').classList.add('dragover'); });
    zone.addEventListener('dragleave', () => byId('charts').classList.remove('dragover'));
    zone.addEventListener('drop', (ev) => {
      ev.preventDefault();
      byId('charts').classList.remove('dragover');
      for (const f of ev.dataTransfer?.files ?? []) void this.loadData(f);
    });
  }

  /** A data file onto the charts: a long CSV of observations, or a study file (YAML/JSON). */
  async loadData(f: File): Promise<void> {
    const text = await f.text();
    const box = byId('data');
    box.hidden = false;
    try {
      if (/\.(ya?ml|json)$/i.test(f.name)) {
        const d = await this.engine.study(text, f.name);
        if (!d.study) throw new DataError(f.name, (d.problems ?? []).map((m) => ({ where: 'study', message: m })));
        const st = d.study;
        this.data = this.data.filter((x) => x.name !== st.id);
        this.data.push({ name: st.id, observations: st.observations, notes: st.listed, model: st.model, citation: st.citation, arms: st.arms });
      } else {
        const run = this.current?.run;
        if (!run) throw new DataError(f.name, [{ where: 'file', message: 'no run to compare with yet' }]);
        const known = new Map(run.columns.map((c) => [c.name, c.unit]));
        const set = parseObservationsCSV(text, f.name, known);
        set.model = run.modelId;
        this.data = this.data.filter((x) => x.name !== set.name);
        this.data.push(set);
      }
      this.redraw();
    } catch (e) {
      const problems = e instanceof DataError ? e.problems : [{ where: f.name, message: e instanceof Error ? e.message : String(e) }];
      box.replaceChildren(h('div', { class: 'issues', role: 'alert' },
        h('p', {}, `${f.name} was not loaded: ${problems.length} problem${problems.length === 1 ? '' : 's'}`),
        h('ul', {}, problems.slice(0, 30).map((p) => h('li', {}, `${p.where}: ${p.message}`)))));
      document.body.dataset.dataError = String(problems.length);
    }
  }

  /** The data sets shown, each with its fit to the current run and (for a study) its runnable arms. */
  private renderData(): void {
    const box = byId('data');
    if (this.data.length === 0) { if (!box.querySelector('.issues')) box.hidden = true; return; }
    box.hidden = false;
    const run = this.current?.run;
    box.replaceChildren(h('strong', {}, 'Your data'), ...this.data.map((d) => {
      const x = d;
      const remove = h('button', { type: 'button', class: 'link', 'aria-label': `Remove the data ${d.name}` }, 'remove');
      remove.addEventListener('click', () => { this.data = this.data.filter((y) => y !== d); this.redraw(); });
      const fit = run && run.modelId === x.model ? fitSummary(d, run) : undefined;
      const arms = (x.arms ?? []).map((a) => {
        const b = h('button', { type: 'button', class: 'link', 'data-arm': a.id }, `run the arm “${a.id}”`);
        b.addEventListener('click', () => this.store.replace(structuredClone(a.scenario) as Scenario, 'load'));
        return b;
      });
      return h('div', { class: 'dataset', 'data-name': d.name },
        h('p', {}, h('code', {}, d.name), ` — ${d.observations.length} point${d.observations.length === 1 ? '' : 's'} plotted`,
          x.model && run && x.model !== run.modelId ? ` (data for ${x.model}; this run is ${run.modelId})` : '', ' ', remove),
        x.citation ? h('p', { class: 'hint' }, x.citation) : null,
        fit ? h('p', { class: 'fit', 'data-n': String(fit.n), 'data-inside': String(fit.inside) }, fit.text) : null,
        arms.length ? h('p', {}, 'Arms: ', ...arms.flatMap((b, i) => (i ? [' · ', b] : [b]))) : null,
        d.notes.length ? h('details', {}, h('summary', {}, `${d.notes.length} measurement${d.notes.length === 1 ? '' : 's'} not drawn (contrasts between arms, directions)`),
          h('ul', {}, d.notes.map((n) => h('li', { class: 'small' }, n)))) : null);
    }));
  }

  private wireToolbar(): void {
    byId('time-unit').addEventListener('change', () => this.redraw());
    byId<HTMLSelectElement>('add-chart').addEventListener('change', (ev) => {
      const sel = ev.target as HTMLSelectElement;
      if (sel.value) { this.hiddenPanels.delete(sel.value); if (!this.extraPanels.includes(sel.value)) this.extraPanels.push(sel.value); this.redraw(); }
      sel.value = '';
    });
    byId('pin').addEventListener('click', () => this.pin());
    byId('bands').addEventListener('change', () => { this.redraw(); this.scheduleBands(); if (!byId<HTMLInputElement>('bands').checked) byId('bands-status').textContent = ''; });
    byId('dl-csv').addEventListener('click', () => {
      const m = this.model();
      if (this.current && m) downloadKeyCSV(this.current.run, summaryOutputs(m, this.panels), this.timeUnit(this.current.run));
    });
    byId('dl-csv-all').addEventListener('click', () => { if (this.current) downloadCSV(this.current.run); });
    byId('dl-json').addEventListener('click', () => { if (this.current) downloadJSON(this.current.run); });
    const svg = (): string | undefined => {
      const shown = this.shownRuns();
      const m = this.model();
      if (!shown || !m || !this.current) return undefined;
      const changes = describeChanges(this.current.scenario, defaultScenario(m));
      return chartSVG(this.panels, shown.all.filter((r) => r.run.modelId === shown.current.run.modelId), this.timeUnit(shown.current.run),
        `${shown.current.run.modelId}: ${changes.length ? `${changes.join('; ')} vs baseline (model defaults)` : 'model defaults'}`);
    };
    byId('dl-svg').addEventListener('click', () => { const s = svg(); if (s && this.current) downloadSVG(s, this.current.run.scenario.name); });
    byId('dl-png').addEventListener('click', () => {
      const s = svg();
      if (s && this.current) downloadPNG(s, this.current.run.scenario.name).catch((e: unknown) => this.setStatus(String(e), true));
    });
    byId('share').addEventListener('click', () => {
      this.updateHash();
      const url = location.href;
      const what = this.pinned.length ? `this scenario and ${this.pinned.length} pinned run${this.pinned.length === 1 ? '' : 's'}` : 'this scenario';
      navigator.clipboard?.writeText(url).then(() => this.setStatus(`Link copied: it opens ${what}.`, false), () => this.setStatus(`Link: ${url}`, false));
    });
  }

  private mechanismView(): Promise<MechanismView> {
    this.mechanism ??= import('./mechanism/view.js').then((m) => m.createMechanismView(this.engine, () => this.store.get()));
    return this.mechanism;
  }

  private onView(v: View): void {
    if (this.store) this.updateHash();
    const model = this.model();
    if (v === 'mechanism') {
      if (!this.wantRules && this.store) {
        // the map colours edges by the pathway factors: runs carry them from now on
        this.wantRules = true;
        void this.run(this.store.get(), 'control');
      }
      void this.mechanismView().then((m) => { m.activate(); if (model && this.current) m.update(model, this.current.run); });
    } else if (v === 'docs' && model) {
      void this.showDocs(model.id);
    } else if (v === 'explore') {
      this.redraw();
    }
  }

  private async showDocs(id: string): Promise<void> {
    const sel = byId<HTMLSelectElement>('docs-model');
    if (sel.options.length !== this.models.length) {
      sel.replaceChildren(...this.models.map((m) => h('option', { value: m.id }, m.id)));
      sel.addEventListener('change', () => void this.showDocs(sel.value));
    }
    sel.value = id;
    const root = byId('docs');
    if (root.dataset.model === id) return;
    root.dataset.model = id;
    root.replaceChildren(h('p', { class: 'hint' }, `Generating the documentation of ${id}…`));
    const [md, r] = await Promise.all([this.engine.docs(id), import('./docs/render.js')]);
    if (root.dataset.model === id) r.renderDocs(root, md, byId('docs-toc'));
  }

  setStatus(msg: string, bad: boolean): void {
    const el = byId('status');
    el.textContent = msg;
    el.classList.toggle('bad', bad);
  }
}

/** The model's value at each observation (linear in time) against the data: n, inside the error bars, RMS residual. */
function fitSummary(d: DataSet, run: RunData): { n: number; inside: number; text: string } | undefined {
  const k = hoursIn(run.timeUnit);
  const parts: string[] = [];
  let n = 0, inside = 0, withBars = 0;
  const byObs = new Map<string, number[]>();
  for (const o of d.observations) {
    const col = run.columns.find((c) => c.name === o.observable);
    if (!col) continue;
    const t = o.hours / k;
    const ts = run.time;
    if (t < ts[0] || t > ts[ts.length - 1]) continue;
    let i = 1;
    while (i < ts.length - 1 && ts[i] < t) i++;
    const f = ts[i] === ts[i - 1] ? 0 : (t - ts[i - 1]) / (ts[i] - ts[i - 1]);
    const y = col.values[i - 1] + f * (col.values[i] - col.values[i - 1]);
    n++;
    const lo = o.lower ?? (o.err !== undefined ? o.value - o.err : undefined);
    const hi = o.upper ?? (o.err !== undefined ? o.value + o.err : undefined);
    if (lo !== undefined && hi !== undefined) { withBars++; if (y >= lo && y <= hi) inside++; }
    byObs.set(o.observable, [...(byObs.get(o.observable) ?? []), y - o.value]);
  }
  if (n === 0) return { n: 0, inside: 0, text: 'No point lies within this run\'s time span.' };
  for (const [o, r] of byObs) {
    const rms = Math.sqrt(r.reduce((a, x) => a + x * x, 0) / r.length);
    const unit = run.columns.find((c) => c.name === o)?.unit ?? '';
    parts.push(`${o}: RMS model − data ${formatValue(Number(rms.toPrecision(3)))}${unit === '1' ? '' : ` ${unit}`} over ${r.length}`);
  }
  return { n, inside, text: `Fit to this run: ${parts.join('; ')}${withBars ? `; model inside the error bars at ${inside} of ${withBars} points` : ''}.` };
}
