/**
 * The public API is pinned: the exports of `magbone` (src/index.ts) and `magbone/node`
 * (src/node.ts) are exactly those of test/api/public-api.json (after an intended change, run
 * `npm run api:pin` and review the diff). Named exports only (no `export *` anywhere in src/), every
 * export carries a doc comment of its own, and the main entry points carry an `@example`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { ROOT } from './helpers/paths.js';
import { publicExports, ENTRY_POINTS } from './helpers/public-api.js';

const pinned = JSON.parse(fs.readFileSync(path.join(ROOT, 'test', 'api', 'public-api.json'), 'utf8')) as { magbone: string[]; 'magbone/node': string[] };
const ex = publicExports([path.join(ROOT, 'src', 'index.ts'), path.join(ROOT, 'src', 'node.ts')]);
const [main, node] = [...ex.values()];

test('the public exports of magbone and magbone/node are the pinned ones', () => {
  assert.deepEqual(main.map((e) => e.name), pinned.magbone);
  assert.deepEqual(node.map((e) => e.name), pinned['magbone/node']);
});

test('every public export has a doc comment of its own (a file header above it does not count)', () => {
  const all = [...main, ...node];
  assert.deepEqual(all.filter((e) => !e.documented).map((e) => e.name), [], 'exports without a doc comment');
  // a doc comment says something: at least a short sentence
  assert.deepEqual(all.filter((e) => e.documented && e.doc.length < 25).map((e) => `${e.name}: ${e.doc}`), []);
});

test('the main entry points carry an @example', () => {
  const byName = new Map([...main, ...node].map((e) => [e.name, e]));
  assert.deepEqual(ENTRY_POINTS.filter((n) => !byName.has(n)), [], 'entry points that are not exports');
  assert.deepEqual(ENTRY_POINTS.filter((n) => byName.get(n)!.examples.length === 0), [], 'entry points without an @example');
});

test('the doc check sees what it should: attached comments, not detached file headers', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'magbone-doc-'));
  const f = path.join(dir, 'probe.ts');
  fs.writeFileSync(f, [
    '/** A file header. */', '', 'export interface First { a: number }', '',
    '/**', ' * Second, documented.', ' * @example', ' * ```ts', ' * second();', ' * ```', ' */', 'export function second(): void {}',
    '', 'export const third = 3;',
  ].join('\n'));
  const [probe] = [...publicExports([f]).values()];
  assert.deepEqual(probe.map((e) => [e.name, e.documented, e.examples.map((x) => x.trim())]), [
    ['First', false, []], ['second', true, ['second();']], ['third', false, []],
  ]);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('named exports only: no `export *` in src/', () => {
  const found: string[] = [];
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (p.endsWith('.ts') && /^\s*export\s+\*/m.test(fs.readFileSync(p, 'utf8'))) found.push(path.relative(ROOT, p));
    }
  };
  walk(path.join(ROOT, 'src'));
  assert.deepEqual(found, []);
});

test('the API reference builds without a warning: every type an export refers to is exported and documented (typedoc, treatWarningsAsErrors in typedoc.json)', () => {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'typedoc', 'bin', 'typedoc'), '--emit', 'none'], { cwd: ROOT, encoding: 'utf8' });
  const out = `${r.stdout}\n${r.stderr}`.replace(/\x1b\[[0-9;]*m/g, '');
  assert.equal(r.status, 0, out.split('\n').filter((l) => /warning|error/.test(l)).slice(0, 20).join('\n'));
  assert.doesNotMatch(out, /\[warning\]/);
});

/** Runs typedoc with the project's settings (plugin, validation, treatWarningsAsErrors) on one probe file. */
function typedocOn(probe: string): { status: number | null; out: string } {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'magbone-typedoc-')));
  fs.writeFileSync(path.join(dir, 'probe.ts'), probe);
  fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', noEmit: true }, files: ['probe.ts'] }));
  fs.writeFileSync(path.join(dir, 'typedoc.json'), JSON.stringify({ extends: [path.join(ROOT, 'typedoc.json')], entryPoints: ['probe.ts'], tsconfig: 'tsconfig.json' }));
  const r = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'typedoc', 'bin', 'typedoc'), '--options', path.join(dir, 'typedoc.json'), '--emit', 'none'], { cwd: ROOT, encoding: 'utf8' });
  fs.rmSync(dir, { recursive: true, force: true });
  return { status: r.status, out: `${r.stdout}\n${r.stderr}`.replace(/\x1b\[[0-9;]*m/g, '') };
}

test('typedoc fails on an undocumented member (validation.notDocumented), and on one member documented in two places (the plugin drops only a declaration listed twice)', () => {
  const undocumented = typedocOn([
    '/** A probe with one undocumented member. */',
    'export interface Probe {', '  /** Documented. */', '  a: number;', '  b: number;', '}', '',
  ].join('\n'));
  assert.notEqual(undocumented.status, 0, undocumented.out);
  assert.match(undocumented.out, /Probe\.b \(Property\).*does not have any documentation/);
  assert.doesNotMatch(undocumented.out, /Probe\.a \(Property\)/);
  const twice = typedocOn([
    '/** A probe merged from two declarations that each document `x`. */',
    'export interface Merged {', '  /** One place. */', '  x: number;', '}',
    '/** The same probe, merged. */',
    'export interface Merged {', '  /** Another place. */', '  x: number;', '}', '',
  ].join('\n'));
  assert.notEqual(twice.status, 0, twice.out);
  assert.match(twice.out, /\[warning\] x has multiple declarations with a comment/);
});
