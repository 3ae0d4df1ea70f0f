/**
 * What a scenario changes against its model's baseline, in a few words for plot titles and legends
 * ("diet Mg 162 mg/d; inflammation off; Mg_diet = 200"). Reads the scenario input as written (before
 * validation), so the words are the user's own units. Browser-safe.
 */

const rec = (v: unknown): Record<string, unknown> | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? v as Record<string, unknown> : undefined);
const show = (v: unknown): string => (typeof v === 'number' ? String(Number(v.toPrecision(6))) : typeof v === 'string' ? v : JSON.stringify(v));

/** The changes a scenario input makes, joined by "; " (empty for a plain baseline). */
export function describeChanges(input: Record<string, unknown>, maxLength = 90): string {
  const parts: string[] = [];
  const diet = rec(input.diet);
  if (diet) for (const [k, v] of Object.entries(diet)) parts.push(`diet ${k} ${show(v)}`);
  if (Array.isArray(input.supplements)) {
    for (const s of input.supplements) {
      const r = rec(s);
      if (r) parts.push(`supplement ${Object.entries(r).filter(([k]) => k !== 'salt').map(([k, v]) => `${k} ${show(v)}`).join(' ')}${r.salt ? ` (${show(r.salt)})` : ''}`);
    }
  }
  const cond = rec(input.conditions);
  if (cond) for (const [k, v] of Object.entries(cond)) parts.push(v === true ? k : v === false ? `no ${k}` : `${k} ${show(v)}`);
  const params = rec(input.parameters);
  if (params) for (const [k, v] of Object.entries(params)) parts.push(`${k} = ${show(v)}`);
  const scale = rec(input.scale);
  if (scale) for (const [k, v] of Object.entries(scale)) parts.push(`${k} ×${show(v)}`);
  const sw = rec(input.switches);
  if (sw) for (const [k, v] of Object.entries(sw)) parts.push(`${k} ${v === false || v === 'off' ? 'off' : 'on'}`);
  if (Array.isArray(input.doses) && input.doses.length > 0) {
    const byCmt = new Map<string, { amt: unknown; n: number; ii?: unknown }>();
    for (const d of input.doses) {
      const r = rec(d);
      if (!r) continue;
      const cmt = String(r.cmt);
      const n = 1 + (typeof r.addl === 'number' ? r.addl : 0);
      const cur = byCmt.get(cmt);
      if (cur) cur.n += n; else byCmt.set(cmt, { amt: r.amt, n, ii: r.ii });
    }
    for (const [cmt, d] of byCmt) parts.push(d.n === 1 ? `${cmt} ${show(d.amt)}` : `${cmt} ${show(d.amt)}${d.ii !== undefined ? ` every ${show(d.ii)}` : ''} ×${d.n}`);
  }
  if (Array.isArray(input.changes) && input.changes.length > 0) parts.push(`${input.changes.length} change${input.changes.length > 1 ? 's' : ''} during the run`);
  const text = parts.join('; ');
  return text.length > maxLength ? `${text.slice(0, maxLength - 1)}…` : text;
}

/** What differs between two scenario inputs' change lists: the parts of `a` not in `b`. */
export function describeDifference(a: Record<string, unknown>, b: Record<string, unknown>): string {
  const pb = new Set(describeChanges(b, Infinity).split('; '));
  return describeChanges(a, Infinity).split('; ').filter((p) => p && !pb.has(p)).join('; ');
}
