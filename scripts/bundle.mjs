// Builds the package's JavaScript: one ESM bundle per entry point in dist/pkg/ (shared code in
// chunks beside them, so worker files and modules located by import.meta.url sit in one folder).
// Run by `npm run build:package` (and `prepare`) after tsc has written the declarations.
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// dependencies stay imports, but these are bundled: of valibot only the validators the scenario and
// study declarations use are kept (a few kB instead of loading its 200 kB module at every start);
// yaml: see yamlAsModule
const BUNDLED = ['valibot', 'yaml'];
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const external = Object.keys(pkg.dependencies ?? {}).filter((d) => !BUNDLED.includes(d)).flatMap((d) => [d, `${d}/*`]);
const outdir = path.join(root, 'dist', 'pkg');
/**
 * yaml's ES module build, bundled: Node would load its CommonJS build, ~80 files through the
 * CommonJS loader at every start (~50 ms); bundled, only what is used is parsed, in one chunk.
 */
const yamlAsModule = {
  name: 'yaml-as-module',
  setup(b) {
    b.onResolve({ filter: /^yaml$/ }, () => ({ path: path.join(root, 'node_modules', 'yaml', 'browser', 'index.js') }));
  },
};
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
  plugins: [yamlAsModule],
});
// the built-in models compiled by this bundle's own compiler (src/node/compiled-models.ts), with the
// digests of the chunks that hold the compiler (src/model, src/core): read by the CLI at run time
const { writeCompiledModels, distCompilerFiles, compiledModelsFile } = await import('../dist/src/node/compiled-models.js');
const compilerChunks = Object.entries(metafile.outputs)
  .filter(([, o]) => Object.keys(o.inputs).some((i) => /^src\/(model|core)\//.test(i)))
  .map(([file]) => path.join(root, file));
const lib = await import(pathToFileURL(path.join(outdir, 'index.js')).href);
writeCompiledModels(lib, path.join(outdir, path.basename(compiledModelsFile())), compilerChunks);
// and for tsc's dist/src beside it (bin/magbone.js in a clone after npm ci), by dist/src's own compiler
writeCompiledModels(await import('../dist/src/index.js'), compiledModelsFile(), distCompilerFiles());
// the notices of the dependencies whose code is in the bundle (their licences ask for it in every copy)
fs.writeFileSync(path.join(outdir, 'THIRD-PARTY-LICENSES.txt'), BUNDLED.map((d) => {
  const dir = path.join(root, 'node_modules', d);
  const { version, license } = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  const text = fs.readdirSync(dir).find((f) => /^licen[cs]e/i.test(f));
  return `${d} ${version} (${license})\n\n${text ? fs.readFileSync(path.join(dir, text), 'utf8').trim() : ''}\n`;
}).join('\n---\n\n'));
// the command: the CLI bundle behind a shebang, with the EPIPE handling of bin/magbone.js
fs.writeFileSync(path.join(outdir, 'magbone.js'), `#!/usr/bin/env node
import { main } from './cli.js';
process.stdout.on('error', (e) => { if (e.code === 'EPIPE') process.exit(0); throw e; });
process.exitCode = await main(process.argv.slice(2));
`, { mode: 0o755 });
console.log(`bundled ${fs.readdirSync(outdir).length} files into dist/pkg (with the compiled models from ${compilerChunks.length} compiler chunk(s))`);
