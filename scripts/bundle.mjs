// Builds the package's JavaScript: one ESM bundle per entry point in dist/pkg/ (shared code in
// chunks beside them, so worker files and modules located by import.meta.url sit in one folder).
// Run by `npm run build:package` (and `prepare`) after tsc has written the declarations.
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// dependencies stay imports, but valibot: bundled, only the validators the scenario and study
// declarations use are kept (a few kB instead of loading its 200 kB module at every start)
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const external = Object.keys(pkg.dependencies ?? {}).filter((d) => d !== 'valibot').flatMap((d) => [d, `${d}/*`]);
const outdir = path.join(root, 'dist', 'pkg');
fs.rmSync(outdir, { recursive: true, force: true });
const { metafile } = await build({
  absWorkingDir: root,
  entryPoints: {
    index: 'src/index.ts',
    node: 'src/node.ts',
    cli: 'src/cli/main.ts',
    'parallel-worker': 'src/node/parallel-worker.ts',
    'evidence-worker': 'src/node/evidence-worker.ts',
    'study-source': 'src/node/study-source.ts',
  },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external,
  chunkNames: 'chunk-[hash]',
  logLevel: 'warning',
  metafile: true,
});
// the built-in models compiled by this bundle's own compiler (src/node/compiled-models.ts), with the
// digests of the chunks that hold the compiler (src/model, src/core): read by the CLI at run time
const { writeCompiledModels, COMPILED_MODELS_DIR } = await import('../dist/src/node/compiled-models.js');
const compilerChunks = Object.entries(metafile.outputs)
  .filter(([, o]) => Object.keys(o.inputs).some((i) => /^src\/(model|core)\//.test(i)))
  .map(([file]) => path.join(root, file));
const lib = await import(path.join(outdir, 'index.js'));
writeCompiledModels(lib, path.join(outdir, path.basename(COMPILED_MODELS_DIR)), compilerChunks);
// the command: the CLI bundle behind a shebang, with the EPIPE handling of bin/magbone.js
fs.writeFileSync(path.join(outdir, 'magbone.js'), `#!/usr/bin/env node
import { main } from './cli.js';
process.stdout.on('error', (e) => { if (e.code === 'EPIPE') process.exit(0); throw e; });
process.exitCode = await main(process.argv.slice(2));
`, { mode: 0o755 });
console.log(`bundled ${fs.readdirSync(outdir).length} files into dist/pkg (with the compiled models from ${compilerChunks.length} compiler chunk(s))`);
