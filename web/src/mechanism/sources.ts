/**
 * Source strings of the model format as HTML: "ref:<id> where" → the reference's citation with its
 * DOI/PubMed links; "doi:…"/"pmid:…" → links; "fitted:/assumed:/derived:" → labelled text.
 */
import type { Reference } from '../../../src/index.js';
import { doiUrl, pubmedUrl } from '../../../src/index.js';
import { h } from '../util/dom.js';

function links(r: Reference): HTMLElement[] {
  const out: HTMLElement[] = [];
  if (r.doi) out.push(h('a', { href: doiUrl(r.doi), rel: 'noopener', target: '_blank' }, `doi:${r.doi}`));
  if (r.pmid) out.push(h('a', { href: pubmedUrl(r.pmid), rel: 'noopener', target: '_blank' }, `PMID ${r.pmid}`));
  if (r.url) out.push(h('a', { href: r.url, rel: 'noopener', target: '_blank' }, 'full text'));
  return out;
}

/** Free text with ref:<id> mentions replaced by the short id linked to its DOI/PMID when known. */
function withRefs(text: string, refs: readonly Reference[]): (Node | string)[] {
  const out: (Node | string)[] = [];
  let last = 0;
  for (const m of text.matchAll(/\bref:([A-Za-z0-9_.-]*[A-Za-z0-9_])/g)) {
    out.push(text.slice(last, m.index));
    const r = refs.find((x) => x.id === m[1]);
    const url = r?.doi ? doiUrl(r.doi) : r?.pmid ? pubmedUrl(r.pmid) : r?.url;
    out.push(url ? h('a', { href: url, rel: 'noopener', target: '_blank', title: r?.citation }, m[1]) : h('span', { title: r?.citation ?? '' }, m[1]));
    last = (m.index ?? 0) + m[0].length;
  }
  out.push(text.slice(last));
  return out;
}

export function sourceNode(source: string, refs: readonly Reference[]): HTMLElement {
  const s = source.trim();
  const ref = /^ref:(\S+)\s*(.*)$/s.exec(s);
  if (ref) {
    const r = refs.find((x) => x.id === ref[1]);
    if (!r) return h('span', {}, s);
    const ls = links(r);
    return h('span', { class: 'source' }, h('strong', {}, r.id), ref[2] ? ` (${ref[2]})` : '', ': ', r.citation, ls.length ? ' ' : '', ...ls.flatMap((l, i) => (i ? [' · ', l] : [l])));
  }
  const doi = /^doi:\s*(\S+)\s*(.*)$/s.exec(s);
  if (doi) return h('span', { class: 'source' }, h('a', { href: doiUrl(doi[1]), rel: 'noopener', target: '_blank' }, `doi:${doi[1]}`), doi[2] ? ` ${doi[2]}` : '');
  const pmid = /^pmid:\s*(\d+)\s*(.*)$/is.exec(s);
  if (pmid) return h('span', { class: 'source' }, h('a', { href: pubmedUrl(pmid[1]), rel: 'noopener', target: '_blank' }, `PMID ${pmid[1]}`), pmid[2] ? ` ${pmid[2]}` : '');
  const kind = /^(fitted|assumed|derived):\s*(.*)$/s.exec(s);
  if (kind) return h('span', { class: `source src-${kind[1]}` }, h('em', {}, `${kind[1]}: `), ...withRefs(kind[2], refs));
  return h('span', { class: 'source' }, ...withRefs(s, refs));
}
