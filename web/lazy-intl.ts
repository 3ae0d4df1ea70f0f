/**
 * Vite plugin: uPlot (1.6) makes an Intl.NumberFormat and an Intl.DateTimeFormat when its module is
 * evaluated. In Chromium the first Intl object of a page loads the locale data: 50–120 ms
 * (NumberFormat) and 15–60 ms (DateTimeFormat) measured on this project's test machine, on the
 * page's thread during the first load. The charts give their own tick labels and a numeric x scale, so
 * neither is needed to draw; this rewrite makes both lazy (made on first use, same objects and
 * results). A uPlot whose source no longer has these lines fails the build rather than silently
 * losing the change.
 */
import type { Plugin } from 'vite';

const REWRITES: [string, string][] = [
  ["const numFormatter = new Intl.NumberFormat(domEnv ? nav.language : 'en-US');",
    "let numFormatter_;\nconst numFormatter = { format: (v) => (numFormatter_ ??= new Intl.NumberFormat(domEnv ? nav.language : 'en-US')).format(v) };"],
  ['const localTz = new Intl.DateTimeFormat().resolvedOptions().timeZone;',
    'let localTz_;\nconst localTz = () => (localTz_ ??= new Intl.DateTimeFormat().resolvedOptions().timeZone);'],
  ['else if (tz == localTz)', 'else if (tz == localTz())'],
];

export function lazyIntl(): Plugin {
  return {
    name: 'magbone-uplot-lazy-intl',
    transform(code, id) {
      if (!/[\\/]uplot[\\/]dist[\\/]uPlot\.esm\.js$/.test(id)) return undefined;
      let out = code;
      for (const [from, to] of REWRITES) {
        if (out.split(from).length !== 2) this.error(`uPlot's source changed: "${from}" is not there once (web/lazy-intl.ts)`);
        out = out.replace(from, to);
      }
      return { code: out, map: null };
    },
  };
}
