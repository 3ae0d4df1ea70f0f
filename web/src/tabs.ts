/** The view tabs (WAI-ARIA tabs pattern: arrow keys move between tabs, one tab stop). */
import { byId } from './util/dom.js';

export const VIEWS = ['explore', 'mechanism', 'docs', 'about'] as const;
export type View = (typeof VIEWS)[number];

export class Tabs {
  view: View = 'explore';

  constructor(private readonly onSelect: (v: View) => void) {
    for (const v of VIEWS) {
      const tab = byId(`tab-${v}`);
      tab.addEventListener('click', () => this.select(v));
      tab.addEventListener('keydown', (ev) => {
        const i = VIEWS.indexOf(v);
        const next = ev.key === 'ArrowRight' ? VIEWS[(i + 1) % VIEWS.length] : ev.key === 'ArrowLeft' ? VIEWS[(i + VIEWS.length - 1) % VIEWS.length]
          : ev.key === 'Home' ? VIEWS[0] : ev.key === 'End' ? VIEWS[VIEWS.length - 1] : undefined;
        if (next) { ev.preventDefault(); this.select(next); byId(`tab-${next}`).focus(); }
      });
    }
  }

  select(v: View): void {
    if (!VIEWS.includes(v)) return;
    this.view = v;
    for (const w of VIEWS) {
      const on = w === v;
      const tab = byId(`tab-${w}`);
      tab.setAttribute('aria-selected', String(on));
      tab.tabIndex = on ? 0 : -1;
      byId(`view-${w}`).hidden = !on;
    }
    window.scrollTo(0, 0);
    this.onSelect(v);
  }
}
