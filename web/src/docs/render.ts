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

export function renderDocs(root: HTMLElement, markdown: string): void {
  const html = marked.parse(markdown, { async: false });
  root.innerHTML = html;
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
