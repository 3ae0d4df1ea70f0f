/**
 * The scenario as the JSON the CLI reads: editable (applied when it parses), downloadable, and
 * loadable from a file. Engine issues are listed here with their paths, all at once.
 */
import { byId, download, fileStem, h } from '../util/dom.js';
import { isJsonObject, type ChangeSource, type JsonObject, type ScenarioStore } from './store.js';
import type { InputIssue } from '../../../src/index.js';
import { formatPath } from '../../../src/index.js';

export class ScenarioEditor {
  private readonly text = byId<HTMLTextAreaElement>('scenario-json');
  private readonly status = byId('json-status');
  private readonly issues = byId('issues');
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly store: ScenarioStore) {
    this.text.addEventListener('input', () => {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.apply(), 700);
    });
    byId('json-apply').addEventListener('click', () => { clearTimeout(this.timer); this.apply(); });
    byId('json-download').addEventListener('click', () => {
      const s = this.store.get();
      download(`${fileStem(typeof s.name === 'string' ? s.name : 'scenario')}.json`, JSON.stringify(s, null, 2) + '\n', 'application/json');
    });
    const file = byId<HTMLInputElement>('scenario-file');
    file.addEventListener('change', () => {
      const f = file.files?.[0];
      if (f) void this.load(f);
      file.value = '';
    });
  }

  /** Reads a scenario file: JSON, or YAML (.yaml/.yml) as the CLI reads it (the YAML parser loads on first use). */
  async load(f: File): Promise<void> {
    const text = await f.text();
    const yaml = /\.ya?ml$/i.test(f.name);
    try {
      let v: unknown;
      if (yaml) {
        const { parseDocument } = await import('yaml');
        const doc = parseDocument(text);
        if (doc.errors.length) throw new Error(`invalid YAML: ${doc.errors[0].message.split('\n')[0]}`);
        v = doc.toJS();
      } else {
        v = JSON.parse(text);
      }
      if (!isJsonObject(v)) throw new Error(`the file holds ${yaml ? 'YAML' : 'JSON'}, but not an object`);
      this.store.replace(v, 'load');
      this.setStatus(`loaded ${f.name}`, false);
    } catch (e) {
      this.setStatus(`${f.name}: ${e instanceof Error ? e.message : String(e)}`, true);
    }
  }

  private apply(): void {
    try {
      const v: unknown = JSON.parse(this.text.value);
      if (!isJsonObject(v)) { this.setStatus('the scenario must be a JSON object { … }', true); return; }
      this.setStatus('applied', false);
      this.store.replace(v, 'editor');
    } catch (e) {
      this.setStatus(`JSON syntax: ${e instanceof Error ? e.message : String(e)}`, true);
    }
  }

  private setStatus(msg: string, bad: boolean): void {
    this.status.textContent = msg;
    this.status.classList.toggle('bad', bad);
  }

  show(s: JsonObject, source: ChangeSource): void {
    if (source !== 'editor') {
      this.text.value = JSON.stringify(s, null, 2);
      this.setStatus('', false);
    }
  }

  /** The engine's verdict on the applied scenario: the banner above the charts and this editor's status say the same. */
  showIssues(list: readonly InputIssue[]): void {
    const n = list.length;
    if (n > 0) this.setStatus(`applied, but not run: ${n} problem${n === 1 ? '' : 's'} (listed above the charts)`, true);
    else if (this.status.textContent?.startsWith('applied')) this.setStatus('applied and run', false);
    this.issues.hidden = list.length === 0;
    this.issues.replaceChildren(
      h('p', {}, `Not run: ${n} problem${n === 1 ? '' : 's'} in the scenario (the controls concerned are marked in red)`),
      h('ul', {}, list.map((i) => h('li', {}, h('code', {}, formatPath(i.path)), ': ', i.message))),
    );
  }
}
