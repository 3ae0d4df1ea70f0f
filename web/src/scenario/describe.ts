/**
 * What a scenario changes against another, in words a reader follows ("diet Mg 150 mg/d,
 * Mg supplement 300 mg/d citrate, inflammation off"): pinned runs are named by it, and the chart
 * title says it against the baseline. Paths that only label a run (name, description) are ignored.
 */
import type { Json, JsonObject } from './store.js';

const IGNORED = new Set(['name', 'description']);

function isObject(v: Json | undefined): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function text(v: Json | undefined): string {
  if (v === undefined) return '(default)';
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'on' : 'off';
  return JSON.stringify(v);
}

/** Readable names of dose targets (others are shown as the model names them). */
export const DOSE_NAMES: Record<string, string> = { Mg_iv: 'IV Mg', TERISC: 'teriparatide', DENSC: 'denosumab' };

function dose(d: Json): string {
  if (!isObject(d)) return JSON.stringify(d);
  const n = typeof d.addl === 'number' ? d.addl + 1 : 1;
  const ii = d.ii !== undefined ? text(d.ii) : undefined;
  const every = ii === undefined ? '' : /^1 d$|^24 h$/.test(ii) ? ' daily' : ` every ${ii}`;
  const rate = d.rate !== undefined ? ` at ${text(d.rate)}` : '';
  const name = DOSE_NAMES[String(d.cmt)] ?? text(d.cmt);
  return `${name} ${text(d.amt).replace(/\bug\b/, 'µg')}${rate}${every}${n > 1 ? ` ×${n}` : ''}`;
}

function supplement(x: Json): string {
  if (!isObject(x)) return JSON.stringify(x);
  return `Mg supplement ${text(x.Mg)}${x.salt !== undefined ? ` ${text(x.salt)}` : ''}`;
}

/** One phrase per differing leaf (arrays of doses and supplements as a whole). */
export function describeChanges(s: JsonObject, reference: JsonObject): string[] {
  const out: string[] = [];
  const walk = (a: Json | undefined, b: Json | undefined, path: string[]): void => {
    if (path.length === 1 && IGNORED.has(path[0])) return;
    if (JSON.stringify(a) === JSON.stringify(b)) return;
    if (isObject(a) || isObject(b)) {
      const ao = isObject(a) ? a : {}, bo = isObject(b) ? b : {};
      for (const k of [...new Set([...Object.keys(ao), ...Object.keys(bo)])]) walk(ao[k], bo[k], [...path, k]);
      return;
    }
    const key = path.join(' ');
    if (path[0] === 'doses') { out.push(Array.isArray(a) && a.length ? a.map(dose).join(', ') : 'no doses'); return; }
    if (path[0] === 'supplements') { out.push(Array.isArray(a) && a.length ? a.map(supplement).join(', ') : 'no supplement'); return; }
    if (path[0] === 'switches' && path.length === 2) { out.push(`${path[1].replace(/_/g, ' ')} ${a === false || a === 'off' ? 'off' : 'on'}`); return; }
    if (path[0] === 'conditions' && (typeof a === 'boolean' || a === undefined) && typeof b !== 'string') {
      out.push(a === true ? path.slice(1).join(' ').replace(/_/g, ' ') : `no ${path.slice(1).join(' ').replace(/_/g, ' ')}`);
      return;
    }
    if (path[0] === 'output' && path[1] === 'every') { out.push(`output every ${text(a)}`); return; }
    out.push(`${key} ${text(a)}`);
  };
  walk(s, reference, []);
  return out;
}

/** A short name: the changes joined, or `fallback` when nothing differs; long lists are cut with "+N more". */
export function changesName(s: JsonObject, reference: JsonObject, fallback: string, max = 3): string {
  const c = describeChanges(s, reference);
  if (c.length === 0) return fallback;
  return c.length > max ? `${c.slice(0, max).join(', ')} +${c.length - max} more` : c.join(', ');
}
