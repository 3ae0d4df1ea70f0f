/**
 * The static site: `npm run web` serves it, `npm run build:web` writes web/dist. The engine and
 * models are imported from the library source (../src) and bundled; nothing is fetched at run time.
 */
import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';
import { offline } from './offline.js';
import { precompile } from './precompile.js';
import { lazyIntl } from './lazy-intl.js';
import { PREFERRED_MODELS } from './src/scenario/defaults.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const library = fileURLToPath(new URL('../src/', import.meta.url));

/**
 * The library's modules have no import-time side effects (models, registry and tables are plain
 * values), so what the page does not use of src/index.ts is left out of the bundle: the page's
 * first chunk stays ~150 kB instead of carrying the evidence engine and YAML. CSS and the app's own
 * modules keep the default.
 */
const treeshake = { moduleSideEffects: (id: string) => !id.startsWith(library) };

export default defineConfig({
  root: here,
  base: './',
  publicDir: false,
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 1500,
    rollupOptions: { treeshake },
  },
  // the opening model's compiled code ships with the worker (web/precompile.ts)
  worker: { format: 'es', rollupOptions: { treeshake }, plugins: () => [precompile(PREFERRED_MODELS.slice(0, 1))] },
  server: { fs: { allow: [fileURLToPath(new URL('..', import.meta.url))] } },
  // the dev server serves workers through these plugins: it needs the (there empty) precompiled module too
  plugins: [offline(), precompile(PREFERRED_MODELS.slice(0, 1)), lazyIntl()],
});
