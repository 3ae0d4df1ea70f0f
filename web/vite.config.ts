/**
 * The static site: `npm run web` serves it, `npm run build:web` writes web/dist. The engine and
 * models are imported from the library source (../src) and bundled; nothing is fetched at run time.
 */
import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';
import { offline } from './offline.js';

const here = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: here,
  base: './',
  publicDir: false,
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 1500,
  },
  worker: { format: 'es' },
  server: { fs: { allow: [fileURLToPath(new URL('..', import.meta.url))] } },
  plugins: [offline()],
});
