/**
 * The model documentation page: the Markdown that `src/model/docs.ts` generates from the spec (the
 * same text the repository's model READMEs are built from), with its $…$ and $$…$$ math typeset
 * by KaTeX. Loaded on first use.
 */
import { Marked, type Tokens } from 'marked';
import katex from 'katex';
import 'katex/dist/katex.min.css';

const marked = new Marked({ gfm: true });
marked.use({
  extensions: [
    {
      name: 'mathBlock', level: 'block',
      start: (src: string) => src.indexOf('$$'),
      tokenizer(src: string) {
        const m = /^\$\$([\s\S]+?)\$\$(?:\n|$)/.exec(src);
        return m ? { type: 'mathBlock', raw: m[0], text: m[1].trim() } : undefined;
      },
      renderer: (t: Tokens.Generic) => katex.renderToString(String(t.text), { displayMode: true, throwOnError: false }) + '\n',
    },
    {
      name: 'mathInline', level: 'inline',
      start: (src: string) => src.indexOf('$'),
      tokenizer(src: string) {
        const m = /^\$([^$\n]+?)\$/.exec(src);
        return m ? { type: 'mathInline', raw: m[0], text: m[1] } : undefined;
      },
      renderer: (t: Tokens.Generic) => katex.renderToString(String(t.text), { displayMode: false, throwOnError: false }),
    },
  ],
});

/** An id for a heading (unique within the page). */
function slug(text: string, used: Set<string>): string {
  const base = 'doc-' + (text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'section');
  let id = base, n = 2;
  while (used.has(id) || document.getElementById(id)) id = `${base}-${n++}`;
  used.add(id);
  return id;
}

/** Renders the documentation into `root`, and its table of contents (h2 and h3) into `toc`. */
export function renderDocs(root: HTMLElement, markdown: string, toc?: HTMLElement): void {
  const html = marked.parse(markdown, { async: false });
  root.innerHTML = html;
  // repository paths mean nothing to a reader of the page: shown as plain words
  for (const code of root.querySelectorAll('code')) {
    if (/^(src|test|bench|dist)\/[\w./-]+$/.test(code.textContent ?? '')) code.replaceWith(document.createTextNode((code.textContent ?? '').replace(/^.*\//, '').replace(/\.ts$/, '')));
  }
  if (toc) {
    const used = new Set<string>();
    const items: HTMLElement[] = [];
    let sub: HTMLUListElement | undefined;
    for (const hd of root.querySelectorAll<HTMLHeadingElement>('h1, h2, h3')) {
      if (!hd.id) hd.id = slug(hd.textContent ?? '', used);
      if (hd.tagName === 'H1') continue;
      const a = document.createElement('a');
      a.href = `#${hd.id}`;
      a.textContent = hd.textContent ?? '';
      a.addEventListener('click', (ev) => { ev.preventDefault(); hd.scrollIntoView({ block: 'start' }); });
      const li = document.createElement('li');
      li.append(a);
      if (hd.tagName === 'H2') { items.push(li); sub = undefined; } else {
        if (!sub) { sub = document.createElement('ul'); (items[items.length - 1] ?? li).append(sub); }
        sub.append(li);
      }
    }
    const ul = document.createElement('ul');
    ul.append(...items);
    const title = document.createElement('strong');
    title.textContent = 'Contents';
    toc.replaceChildren(title, ul);
  }
  // links to papers open beside the app, so a reader does not lose the scenario
  for (const a of root.querySelectorAll<HTMLAnchorElement>('a[href^="http"]')) { a.target = '_blank'; a.rel = 'noopener'; }
  // in-page links (to the reference list) scroll instead of replacing the URL hash, which holds the scenario
  root.onclick = (ev) => {
    const a = (ev.target as Element).closest?.('a[href^="#"]');
    if (!a) return;
    ev.preventDefault();
    document.getElementById(decodeURIComponent(a.getAttribute('href')!.slice(1)))?.scrollIntoView({ block: 'start' });
  };
  for (const t of root.querySelectorAll('table')) {
    const wrap = document.createElement('div');
    wrap.className = 'table-wrap';
    t.replaceWith(wrap);
    wrap.append(t);
  }
}
