/** PNG from SVG, rendered by resvg (a native renderer shipped in its npm package; no browser needed). Node only. */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

/** Where Linux distributions put DejaVu Sans (Debian/Ubuntu, Fedora, Arch, Alpine). */
const DEJAVU_DIRS = ['/usr/share/fonts/truetype/dejavu', '/usr/share/fonts/dejavu-sans-fonts', '/usr/share/fonts/TTF', '/usr/share/fonts/dejavu'];
let fontFiles: string[] | undefined | null = null;

/**
 * The two faces the charts use (DejaVu Sans regular and bold) when installed at a known place:
 * resvg then reads two files instead of scanning every system font (tens to ~100 ms per plot).
 * Otherwise undefined, and the system fonts are loaded.
 */
function chartFonts(): string[] | undefined {
  if (fontFiles !== null) return fontFiles;
  for (const d of DEJAVU_DIRS) {
    const files = [`${d}/DejaVuSans.ttf`, `${d}/DejaVuSans-Bold.ttf`];
    if (files.every((f) => existsSync(f))) return (fontFiles = files);
  }
  return (fontFiles = undefined);
}

/** Renders an SVG text (e.g. from `svgChart`) to PNG bytes, `width` pixels wide (height by aspect ratio). */
export function renderPng(svg: string, width = 1200): Uint8Array {
  const require = createRequire(import.meta.url);
  const { Resvg } = require('@resvg/resvg-js') as typeof import('@resvg/resvg-js');
  const files = chartFonts();
  const font = files ? { loadSystemFonts: false, fontFiles: files, defaultFontFamily: 'DejaVu Sans' } : { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' };
  const r = new Resvg(svg, { fitTo: { mode: 'width', value: width }, font });
  return r.render().asPng();
}
