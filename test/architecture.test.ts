/**
 * Layers point down only (docs/decisions.md, "Layers"): core → solver → model → (models, simulate)
 * → builtin → analysis → node → interfaces (cli, web). Every import of src/ and web/src is checked
 * against the rule table below; an import that climbs a layer, or a cycle between folders, fails.
 * The CLI and the web app import only the package's public entry points (src/index.ts, src/node.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { builtinModules } from 'node:module';
import { ROOT } from './helpers/paths.js';
import { allSpecifiers, importGraph, layerCycles, layerViolations, sourceFiles, type ImportEdge, type LayerRules } from './helpers/import-graph.js';

/** What each layer may import, besides itself. `entry` is the package's public entry points. */
export const RULES: LayerRules = {
  core: [],
  solver: ['core'],
  model: ['core', 'solver'],
  models: ['core', 'model'],
  simulate: ['core', 'solver', 'model'],
  builtin: ['core', 'solver', 'model', 'models', 'simulate'],
  analysis: ['core', 'solver', 'model', 'simulate', 'builtin'],
  node: ['core', 'solver', 'model', 'simulate', 'builtin', 'analysis'],
  entry: ['core', 'solver', 'model', 'models', 'simulate', 'builtin', 'analysis', 'node'],
  cli: ['entry'],
  web: ['entry'],
};

/** src/<folder>/… → folder; src/index.ts, src/node.ts → entry; web/… → web. */
export function layerOf(file: string): string {
  const parts = file.split(path.sep);
  if (parts[0] === 'web') return 'web';
  if (parts[0] !== 'src') return `outside:${parts[0]}`;
  return parts.length === 2 ? 'entry' : parts[1];
}

const files = [...sourceFiles(ROOT, 'src'), ...sourceFiles(ROOT, path.join('web', 'src'))];
const edges = importGraph(ROOT, files, layerOf);

test('every import of src/ and web/src points down the layers', () => {
  assert.ok(edges.length > 300, `the graph was read (${edges.length} imports)`);
  assert.deepEqual(layerViolations(edges, RULES), []);
});

test('no cycles between folders', () => {
  assert.deepEqual(layerCycles(edges), []);
});

test('the rule table is itself acyclic and names only known layers', () => {
  const known = new Set(Object.keys(RULES));
  const ruleEdges: ImportEdge[] = Object.entries(RULES).flatMap(([a, bs]) => bs.map((b) => ({ from: a, to: b, fromLayer: a, toLayer: b })));
  for (const e of ruleEdges) assert.ok(known.has(e.toLayer), `${e.fromLayer} → unknown layer ${e.toLayer}`);
  assert.deepEqual(layerCycles(ruleEdges), []);
});

test('the check fails on a deliberate upward import and on a cycle (synthetic graph)', () => {
  const edge = (from: string, to: string): ImportEdge => ({ from, to, fromLayer: layerOf(from), toLayer: layerOf(to) });
  const up = [
    edge(path.join('src', 'simulate', 'run.ts'), path.join('src', 'solver', 'solve.ts')), // down: fine
    edge(path.join('src', 'simulate', 'api.ts'), path.join('src', 'models', 'index.ts')), // sideways into models: not allowed
    edge(path.join('src', 'solver', 'solve.ts'), path.join('src', 'analysis', 'batch.ts')), // up
  ];
  const v = layerViolations(up, RULES);
  assert.equal(v.length, 2);
  assert.match(v[0], /'simulate' may not import 'models'/);
  assert.match(v[1], /'solver' may not import 'analysis'/);
  const cyc = [edge(path.join('src', 'model', 'a.ts'), path.join('src', 'solver', 'b.ts')), edge(path.join('src', 'solver', 'b.ts'), path.join('src', 'model', 'c.ts'))];
  assert.deepEqual(layerCycles(cyc), [['model', 'solver']]);
});

/** Packages that only run in Node (native code). */
const NODE_ONLY_PACKAGES = ['@resvg/resvg-js'];

test('Node built-ins and native packages are imported only in src/node/ and src/cli/ (the isomorphic entry reaches none)', () => {
  const nodeOnly = (spec: string): boolean => spec.startsWith('node:') || builtinModules.includes(spec) || NODE_ONLY_PACKAGES.includes(spec);
  const found: string[] = [];
  for (const f of files) {
    const layer = layerOf(f);
    if (layer === 'node' || layer === 'cli' || f === path.join('src', 'node.ts')) continue;
    for (const spec of allSpecifiers(fs.readFileSync(path.join(ROOT, f), 'utf8'))) if (nodeOnly(spec)) found.push(`${f}: ${spec}`);
  }
  assert.deepEqual(found, []);
  // and the check sees one where it is (a file of src/node/ imports node:fs)
  assert.ok(allSpecifiers(fs.readFileSync(path.join(ROOT, 'src', 'node', 'study-files.ts'), 'utf8')).some(nodeOnly));
});
