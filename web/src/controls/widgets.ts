/**
 * The widgets of the scenario panel. Each returns its element and `sync(scenario)`, which shows
 * what the scenario JSON says (or the model default) without firing a change. A widget never
 * rewrites the field the user is typing in.
 */
import { h } from '../util/dom.js';
import type { JsonObject } from '../scenario/store.js';
import type { ModelInfo } from '../types.js';
import { timeHours } from '../util/units.js';
import { hoursIn } from '../../../src/index.js';
import { readRegimen, writeRegimen, type ChoiceDef, type FlagDef, type QuantityDef, type RegimenDef, type Regimen } from './catalog.js';

export interface Widget {
  el: HTMLElement;
  /** Paths of the scenario this widget owns (for showing engine issues beside it). */
  paths: (string | number)[][];
  sync(s: JsonObject): void;
  showIssues(messages: string[]): void;
}

type Commit = (update: (s: JsonObject) => JsonObject) => void;

const fmt = (x: number): string => String(Number(x.toPrecision(6)));

function helpToggle(id: string, text: string): [HTMLElement | null, HTMLElement | null] {
  if (!text) return [null, null];
  const body = h('p', { class: 'help', id: `${id}-help`, hidden: true, text });
  const btn = h('button', { type: 'button', class: 'help-btn', 'aria-expanded': 'false', 'aria-controls': `${id}-help`, title: 'About this control', 'aria-label': 'About this control' }, '?');
  btn.addEventListener('click', () => {
    body.hidden = !body.hidden;
    btn.setAttribute('aria-expanded', String(!body.hidden));
  });
  return [btn, body];
}

function issueLine(id: string): HTMLElement {
  return h('p', { class: 'issue', id: `${id}-issue`, role: 'alert', hidden: true });
}

function setIssues(el: HTMLElement, messages: string[]): void {
  el.textContent = messages.join(' · ');
  el.hidden = messages.length === 0;
}

/** Runs `f` after the user stops typing for a moment (Enter or leaving the field commits at once). */
function typingCommit(input: HTMLInputElement, f: () => void): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  input.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(f, 300); });
  input.addEventListener('change', () => { clearTimeout(timer); f(); });
}

export function quantityWidget(def: QuantityDef, model: ModelInfo, commit: Commit): Widget {
  const id = `ctl-${def.id}`;
  const dflt = def.defaultValue(model);
  const sliderMax = def.sliderMax ?? def.max;
  // step "any": the slider can show any value the box holds (964, not the nearest multiple of 10); dragging rounds to def.step
  const range = h('input', { type: 'range', id: `${id}-range`, min: def.min, max: sliderMax, step: 'any', 'aria-label': `${def.label} (${def.unit}), slider`, 'aria-describedby': `${id}-hint` });
  const num = h('input', { type: 'number', id, min: def.min, max: def.max, step: 'any', inputmode: 'decimal', 'aria-describedby': `${id}-hint` });
  const reset = h('button', { type: 'button', class: 'reset', title: `Back to the model default (${fmt(dflt)} ${def.unit})`, 'aria-label': `Reset ${def.label} to the model default` }, '↺');
  const hint = h('p', { class: 'hint', id: `${id}-hint` }, `allowed ${fmt(def.min)}–${fmt(def.max)} ${def.unit} · default ${fmt(dflt)}`);
  const issue = issueLine(id);
  const [helpBtn, help] = helpToggle(id, def.help);
  const el = h('div', { class: 'ctl ctl-quantity', 'data-control': def.id },
    h('div', { class: 'ctl-head' }, h('label', { for: id }, def.label, ' ', h('span', { class: 'unit' }, `(${def.unit})`)), helpBtn),
    h('div', { class: 'ctl-row' }, range, num, reset), hint, issue, help);
  const write = (v: number | undefined): void => commit((s) => def.write(s, v));
  range.addEventListener('input', () => {
    const v = Number((Math.round(Number(range.value) / def.step) * def.step).toPrecision(10));
    num.value = fmt(v);
    write(v);
  });
  typingCommit(num, () => {
    if (num.value.trim() === '') { write(undefined); return; }
    const v = Number(num.value);
    if (Number.isFinite(v)) { range.value = String(Math.min(Math.max(v, def.min), sliderMax)); write(v); }
  });
  reset.addEventListener('click', () => write(undefined));
  return {
    el, paths: [def.path],
    sync(s) {
      const v = def.read(s);
      const shown = v ?? dflt;
      if (document.activeElement !== num) num.value = fmt(shown);
      range.value = String(Math.min(Math.max(shown, def.min), sliderMax));
      el.classList.toggle('changed', v !== undefined);
    },
    showIssues: (m) => setIssues(issue, m),
  };
}

export function flagWidget(def: FlagDef, commit: Commit): Widget {
  const id = `ctl-${def.id}`;
  const box = h('input', { type: 'checkbox', id });
  const issue = issueLine(id);
  const [helpBtn, help] = helpToggle(id, def.help);
  const el = h('div', { class: 'ctl ctl-flag', 'data-control': def.id },
    h('div', { class: 'ctl-head' }, h('label', { for: id }, box, ' ', def.label), helpBtn), issue, help);
  box.addEventListener('change', () => commit((s) => def.write(s, box.checked)));
  return {
    el, paths: [def.path],
    sync(s) { box.checked = def.read(s) === true; el.classList.toggle('changed', box.checked); },
    showIssues: (m) => setIssues(issue, m),
  };
}

export function choiceWidget(def: ChoiceDef, commit: Commit): Widget {
  const id = `ctl-${def.id}`;
  const sel = h('select', { id }, def.options.map((o) => h('option', { value: o.value }, o.label)));
  const issue = issueLine(id);
  const [helpBtn, help] = helpToggle(id, def.help);
  const el = h('div', { class: 'ctl ctl-choice', 'data-control': def.id },
    h('div', { class: 'ctl-head' }, h('label', { for: id }, def.label), helpBtn), sel, issue, help);
  sel.addEventListener('change', () => commit((s) => def.write(s, sel.value)));
  return {
    el, paths: [def.path],
    sync(s) { const v = def.read(s); if (v !== undefined) sel.value = v; },
    showIssues: (m) => setIssues(issue, m),
  };
}

export function regimenWidget(def: RegimenDef, model: ModelInfo, commit: Commit): Widget {
  const id = `ctl-${def.id}`;
  const unitT = model.spec.timeUnit;
  const on = h('input', { type: 'checkbox', id });
  const amount = h('input', { type: 'number', id: `${id}-amount`, min: def.amount.min, max: def.amount.max, step: 'any' });
  const every = h('input', { type: 'number', id: `${id}-every`, min: def.every.min, max: def.every.max, step: 'any' });
  const start = h('input', { type: 'number', id: `${id}-start`, min: 0, step: 'any' });
  const count = h('input', { type: 'number', id: `${id}-count`, min: 1, step: 1 });
  const toEnd = h('input', { type: 'checkbox', id: `${id}-toend` });
  const issue = issueLine(id);
  const warn = h('p', { class: 'issue', id: `${id}-warn`, hidden: true });
  const [helpBtn, help] = helpToggle(id, def.help);
  const field = (input: HTMLInputElement, label: string, unit: string): HTMLElement =>
    h('div', { class: 'sub' }, h('label', { for: input.id }, label, unit ? ' ' : '', unit ? h('span', { class: 'unit' }, `(${unit})`) : null), input);
  const details = h('div', { class: 'regimen' },
    field(amount, 'Dose', def.amountUnit === 'ug' ? 'µg' : def.amountUnit), field(every, 'Every', def.everyUnit),
    field(start, 'First dose at', 'd'), field(count, 'Doses', ''),
    h('div', { class: 'sub sub-wide' }, h('label', { for: toEnd.id }, toEnd, ' until the end of the run')),
    h('p', { class: 'hint sub-wide' }, `allowed: dose ${def.amount.min}–${def.amount.max} ${def.amountUnit === 'ug' ? 'µg' : def.amountUnit}, every ${def.every.min}–${def.every.max} ${def.everyUnit}; a dose record into ${def.cmt}`));
  const el = h('div', { class: 'ctl ctl-regimen', 'data-control': def.id },
    h('div', { class: 'ctl-head' }, h('label', { for: id }, on, ' ', def.label), helpBtn), details, warn, issue, help);
  const current = (): Regimen => ({
    amount: Number(amount.value) || 0, every: Number(every.value) || def.every.default, startDays: Number(start.value) || 0,
    count: Number(count.value) || 1, toEnd: toEnd.checked,
  });
  const write = (): void => commit((s) => writeRegimen(s, def, on.checked ? current() : undefined, unitT));
  on.addEventListener('change', () => {
    if (on.checked) {
      // a new regimen starts as the clinical one: a course of days for IV Mg, at most 2 years of teriparatide
      amount.value = String(def.amount.default); every.value = String(def.every.default); start.value = '0';
      count.value = String(def.defaultCount ?? 1); toEnd.checked = def.defaultCount === undefined; count.disabled = toEnd.checked;
    }
    write();
  });
  for (const input of [amount, every, start, count]) typingCommit(input, () => { if (on.checked) write(); });
  toEnd.addEventListener('change', () => { count.disabled = toEnd.checked; if (on.checked) write(); });
  return {
    el, paths: [],
    sync(s) {
      const r = readRegimen(s, def, unitT);
      on.checked = r !== undefined;
      details.hidden = r === undefined;
      el.classList.toggle('changed', r !== undefined);
      const shown = r ?? { amount: def.amount.default, every: def.every.default, startDays: 0, count: def.defaultCount ?? 1, toEnd: def.defaultCount === undefined };
      for (const [input, v] of [[amount, shown.amount], [every, shown.every], [start, shown.startDays], [count, shown.count]] as const) {
        if (document.activeElement !== input) input.value = fmt(v);
      }
      toEnd.checked = shown.toEnd;
      count.disabled = shown.toEnd;
      const durH = timeHours(s.duration, unitT);
      const n = r ? (r.toEnd && durH !== undefined ? Math.floor((durH - r.startDays * 24) / (r.every * hoursIn(def.everyUnit)) + 1e-9) + 1 : r.count) : 0;
      warn.hidden = !(def.maxCount && n > def.maxCount.count);
      warn.textContent = def.maxCount ? `${n} doses: ${def.maxCount.why}.` : '';
    },
    showIssues: (m) => setIssues(issue, m),
  };
}
