/**
 * Writes dist/src/node/compiled-models.json: the built-in models compiled by the compiler of this very
 * build (src/node/compiled-models.ts). Run by `npm run build` and `npm test` after `tsc -p .`; the
 * package bundle writes its own (scripts/bundle.mjs). After `tsc -p .` alone the file may be
 * stale: its digests then do not match and the models compile as before.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as lib from '../src/index.js';
import { compiledModelsFile, distCompilerFiles, writeCompiledModels } from '../src/node/compiled-models.js';

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const t0 = performance.now();
  const index = writeCompiledModels(lib, compiledModelsFile()!, distCompilerFiles());
  console.log(`compiled ${Object.keys(index.models).length} models into ${path.relative(process.cwd(), compiledModelsFile()!)} in ${(performance.now() - t0).toFixed(0)} ms`);
}
