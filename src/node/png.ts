/** PNG from SVG, rendered by resvg (a native renderer shipped in its npm package; no browser needed). Node only. */
import { createRequire } from 'node:module';

/** Renders an SVG text (e.g. from `svgChart`) to PNG bytes, `width` pixels wide (height by aspect ratio). */
export function renderPng(svg: string, width = 1200): Uint8Array {
  const require = createRequire(import.meta.url);
  const { Resvg } = require('@resvg/resvg-js') as typeof import('@resvg/resvg-js');
  const r = new Resvg(svg, { fitTo: { mode: 'width', value: width }, font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' } });
  return r.render().asPng();
}
