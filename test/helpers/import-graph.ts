/**
 * The import graph of the sources, by folder ("layer"), and the check of it against layer rules:
 * each folder lists the folders it may import from; anything else is an upward (or sideways)
 * import. Specifiers are read with TypeScript's own pre-processor (static imports, `export … from`,
 * dynamic `import()`), so comments and strings never count.
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/** One import: the importing file, the imported file (both relative to the root, with .ts) and the layers. */
export interface ImportEdge { from: string; to: string; fromLayer: string; toLayer: string }

/** Layer → the layers it may import (its own layer is always allowed). */
export type LayerRules = Record<string, readonly string[]>;

/** Relative import specifiers of one source text. */
export function importSpecifiers(fileName: string, text: string): string[] {
  return allSpecifiers(text).filter((s) => s.startsWith('.'));
}

/** Every import specifier of one source text (relative, packages, `node:` built-ins). */
export function allSpecifiers(text: string): string[] {
  return ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName);
}

/** Every .ts file under `dir` (relative to `root`), sorted. */
export function sourceFiles(root: string, dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(path.join(root, d), { withFileTypes: true })) {
      if (e.name === 'node_modules' || e.name === 'dist') continue;
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p); else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) out.push(p);
    }
  };
  walk(dir);
  return out.sort();
}

/** The edges of the graph of `files`, each file placed in a layer by `layerOf` (a path relative to the root). */
export function importGraph(root: string, files: readonly string[], layerOf: (file: string) => string): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const from of files) {
    const text = fs.readFileSync(path.join(root, from), 'utf8');
    for (const spec of importSpecifiers(from, text)) {
      const to = path.normalize(path.join(path.dirname(from), spec.replace(/\.js$/, '.ts')));
      edges.push({ from, to, fromLayer: layerOf(from), toLayer: layerOf(to) });
    }
  }
  return edges;
}

/** Edges that the rules do not allow, as "from -> to (fromLayer may not import toLayer)". */
export function layerViolations(edges: readonly ImportEdge[], rules: LayerRules): string[] {
  const out: string[] = [];
  for (const e of edges) {
    if (e.fromLayer === e.toLayer) continue;
    const allowed = rules[e.fromLayer];
    if (allowed === undefined) out.push(`${e.from} -> ${e.to} (layer '${e.fromLayer}' has no rule)`);
    else if (!allowed.includes(e.toLayer)) out.push(`${e.from} -> ${e.to} ('${e.fromLayer}' may not import '${e.toLayer}')`);
  }
  return out;
}

/** Cycles between layers: each strongly connected component of more than one layer, as a sorted list. */
export function layerCycles(edges: readonly ImportEdge[]): string[][] {
  const adj = new Map<string, Set<string>>();
  for (const e of edges) {
    if (!adj.has(e.fromLayer)) adj.set(e.fromLayer, new Set());
    if (!adj.has(e.toLayer)) adj.set(e.toLayer, new Set());
    if (e.fromLayer !== e.toLayer) adj.get(e.fromLayer)!.add(e.toLayer);
  }
  // Tarjan's strongly connected components
  let index = 0;
  const idx = new Map<string, number>(), low = new Map<string, number>(), onStack = new Set<string>(), stack: string[] = [];
  const sccs: string[][] = [];
  const visit = (v: string): void => {
    idx.set(v, index); low.set(v, index); index++;
    stack.push(v); onStack.add(v);
    for (const w of adj.get(v)!) {
      if (!idx.has(w)) { visit(w); low.set(v, Math.min(low.get(v)!, low.get(w)!)); }
      else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const c: string[] = [];
      let w: string;
      do { w = stack.pop()!; onStack.delete(w); c.push(w); } while (w !== v);
      if (c.length > 1) sccs.push(c.sort());
    }
  };
  for (const v of [...adj.keys()].sort()) if (!idx.has(v)) visit(v);
  return sccs;
}
