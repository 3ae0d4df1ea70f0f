/**
 * The npm package: built as it is published (`scripts/bundle.mjs` after tsc), packed with `npm pack`,
 * then checked: at most 260 files besides the study library (all of which is shipped), no tests, benchmarks or source maps; publint and
 * @arethetypeswrong/cli clean; the bundled command and both entries load; and the isomorphic entry
 * `magbone` bundles for a browser (esbuild, platform browser) with no Node built-in; every runtime
 * dependency is imported by src/ and every devDependency is used somewhere.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { builtinModules } from 'node:module';
import { execFileSync, spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { ROOT } from './helpers/paths.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'magbone-pack-'));
execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'bundle.mjs')], { cwd: ROOT, stdio: 'pipe' });
const packed = JSON.parse(execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', tmp], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })) as { filename: string; files: { path: string }[] }[];
const tarball = path.join(tmp, packed[0].filename);
const files = packed[0].files.map((f) => f.path);
const bin = (name: string): string => path.join(ROOT, 'node_modules', '.bin', name);

// The budget counts the code and its types, not the study library: the library grows by a file per study (session 17:
// 303 files in all with 53 studies, 248 besides them; the budget was 300 in all until then). Every file of studies/ that
// is shipped must be a study, its schema or its README, and every study file is shipped.
test('the tarball: at most 260 files besides the study library, no tests, benchmarks, source maps, web sources or CI scripts', () => {
  const library = files.filter((f) => f.startsWith('studies/'));
  assert.ok(files.length - library.length <= 260, `${files.length - library.length} files besides studies/`);
  const studyFiles = fs.readdirSync(path.join(ROOT, 'studies')).filter((f) => f.endsWith('.yaml')).map((f) => `studies/${f}`);
  assert.deepEqual(library.filter((f) => !/^studies\/[a-z0-9_-]+\.yaml$/.test(f)).sort(), ['studies/README.md', 'studies/study.schema.json']);
  assert.deepEqual(library.filter((f) => f.endsWith('.yaml')).sort(), studyFiles.sort());
  const unwanted = files.filter((f) => /(^|\/)(test|bench|web|\.ci)\//.test(f) || f.endsWith('.map') || /\.test\.(js|d\.ts)$/.test(f) || f.startsWith('dist/src/cli/'));
  assert.deepEqual(unwanted, []);
  for (const f of ['dist/pkg/index.js', 'dist/pkg/node.js', 'dist/pkg/magbone.js', 'dist/pkg/parallel-worker.js', 'dist/pkg/evidence-worker.js', 'dist/pkg/study-source.js', 'dist/src/index.d.ts', 'dist/src/node.d.ts', 'studies/neer2001.yaml', 'src/models/human-mg-bone/calibration/posterior.json', 'scenario.schema.json', 'studies/study.schema.json']) {
    assert.ok(files.includes(f), `${f} is in the package`);
  }
});

test('publint and @arethetypeswrong/cli find nothing wrong with the tarball', () => {
  const pub = spawnSync(bin('publint'), [tarball, '--strict'], { encoding: 'utf8' });
  assert.equal(pub.status, 0, pub.stdout + pub.stderr);
  assert.match(pub.stdout, /All good/);
  // ESM only (node >= 20): the node10 and require() resolutions do not apply
  const attw = spawnSync(bin('attw'), [tarball, '--profile', 'esm-only', '--format', 'json'], { encoding: 'utf8' });
  assert.equal(attw.status, 0, attw.stdout.slice(0, 2000) + attw.stderr);
  const report = JSON.parse(attw.stdout) as { analysis: { problems: { resolutionKind?: string }[] } };
  assert.deepEqual(report.analysis.problems.filter((p) => p.resolutionKind !== 'node10' && p.resolutionKind !== 'node16-cjs'), []);
});

test('the bundled command runs and both bundled entries load with the public names', async () => {
  const v = spawnSync(process.execPath, [path.join(ROOT, 'dist', 'pkg', 'magbone.js'), '--version'], { encoding: 'utf8' });
  assert.equal(v.status, 0, v.stderr);
  assert.match(v.stdout, /^magbone \d+\.\d+\.\d+/);
  const bundled = await import(pathToFileURL(path.join(ROOT, 'dist', 'pkg', 'index.js')).href) as Record<string, unknown>;
  const source = await import('../src/index.js') as Record<string, unknown>;
  assert.deepEqual(Object.keys(bundled).sort(), Object.keys(source).sort());
  const node = await import(pathToFileURL(path.join(ROOT, 'dist', 'pkg', 'node.js')).href) as Record<string, unknown>;
  assert.equal(typeof node.loadStudies, 'function');
  // the worker objective's module sits beside the bundle's code
  const src = (node.studyObjectiveSource as (r: unknown) => { module: string })({});
  assert.ok(fs.existsSync(new URL(src.module)), src.module);
});

test('magbone bundles for a browser with no Node built-in', async () => {
  const r = await build({
    absWorkingDir: ROOT, entryPoints: ['src/index.ts'], bundle: true, write: false, format: 'esm', platform: 'browser', metafile: true, logLevel: 'silent',
  });
  assert.equal(r.errors.length, 0);
  const imported = Object.values(r.metafile.inputs).flatMap((i) => i.imports.map((x) => x.path));
  const nodeOnly = imported.filter((p) => p.startsWith('node:') || builtinModules.includes(p));
  assert.deepEqual(nodeOnly, []);
  assert.ok(r.outputFiles[0].text.length > 100_000, 'the bundle holds the engine');
  // and the check would see one: bundling the Node entry for a browser fails on node: imports
  await assert.rejects(build({ absWorkingDir: ROOT, entryPoints: ['src/node.ts'], bundle: true, write: false, format: 'esm', platform: 'browser', logLevel: 'silent' }));
});

test('every runtime dependency is imported by the shipped code (build-time tools are devDependencies)', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
  const sources: string[] = [];
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (p.endsWith('.ts')) sources.push(fs.readFileSync(p, 'utf8'));
    }
  };
  walk(path.join(ROOT, 'src'));
  const imported = (dep: string): boolean => sources.some((s) => s.includes(`from '${dep}'`) || s.includes(`from '${dep}/`) || s.includes(`import('${dep}'`));
  assert.deepEqual(Object.keys(pkg.dependencies).filter((d) => !imported(d)), [], 'in dependencies but not imported by src/');
  // the schema generator runs at build time only (npm run gen:schemas)
  assert.ok('@valibot/to-json-schema' in pkg.devDependencies);
});

test('every devDependency is used: imported, named in a config, or its command run (issue #14: saxes was none)', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { devDependencies: Record<string, string>; scripts: Record<string, string> };
  const texts: string[] = Object.values(pkg.scripts);
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) { if (e.name !== 'node_modules' && e.name !== 'dist') walk(p); } else if (/\.(ts|mts|mjs|js|json|html)$/.test(e.name)) texts.push(fs.readFileSync(p, 'utf8'));
    }
  };
  for (const d of ['src', 'scripts', 'test', 'bench', 'web']) walk(path.join(ROOT, d));
  for (const f of fs.readdirSync(ROOT)) if (/^(tsconfig.*|typedoc)\.json$|\.(mjs|ts)$/.test(f)) texts.push(fs.readFileSync(path.join(ROOT, f), 'utf8'));
  const named = (s: string): boolean => texts.some((t) => t.includes(`'${s}'`) || t.includes(`"${s}"`) || t.includes(`'${s}/`) || t.includes(`"${s}/`));
  const unused = Object.keys(pkg.devDependencies).filter((dep) => {
    if (named(dep)) return false;
    // @types/X: the types of X, named in a tsconfig's "types"
    if (dep.startsWith('@types/') && named(dep.slice('@types/'.length))) return false;
    // a tool: its command run by a script or a test (bin('attw'))
    const meta = JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', dep, 'package.json'), 'utf8')) as { bin?: string | Record<string, string> };
    const commands = typeof meta.bin === 'string' ? [dep.split('/').pop()!] : Object.keys(meta.bin ?? {});
    return !commands.some((c) => named(c) || Object.values(pkg.scripts).some((s) => new RegExp(`(^|[ &;])${c}( |$)`).test(s)));
  });
  assert.deepEqual(unused, [], 'devDependencies that nothing uses');
});
