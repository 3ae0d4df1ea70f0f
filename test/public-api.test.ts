/**
 * The public API is pinned: the exports of `magbone` (src/index.ts) and `magbone/node`
 * (src/node.ts) are exactly those of test/api/public-api.json (after an intended change, run
 * `npm run api:pin` and review the diff). Named exports only (no `export *` anywhere in src/), and
 * every export carries a doc comment, except those still listed as undocumented there (a list
 * that may only shrink: a new export must be documented).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from './helpers/paths.js';
import { publicExports } from './helpers/public-api.js';

const pinned = JSON.parse(fs.readFileSync(path.join(ROOT, 'test', 'api', 'public-api.json'), 'utf8')) as { magbone: string[]; 'magbone/node': string[]; undocumented: string[] };
const ex = publicExports([path.join(ROOT, 'src', 'index.ts'), path.join(ROOT, 'src', 'node.ts')]);
const [main, node] = [...ex.values()];

test('the public exports of magbone and magbone/node are the pinned ones', () => {
  assert.deepEqual(main.map((e) => e.name), pinned.magbone);
  assert.deepEqual(node.map((e) => e.name), pinned['magbone/node']);
});

test('every public export has a doc comment, but for the recorded (shrinking) list', () => {
  const undocumented = [...main, ...node].filter((e) => !e.documented).map((e) => e.name).sort();
  const fresh = undocumented.filter((n) => !pinned.undocumented.includes(n));
  assert.deepEqual(fresh, [], 'new exports need a doc comment');
  const nowDocumented = pinned.undocumented.filter((n) => !undocumented.includes(n));
  assert.deepEqual(nowDocumented, [], 'documented now: remove them from test/api/public-api.json (npm run api:pin)');
  assert.ok(main.some((e) => e.documented && e.name === 'runScenario'), 'the check sees doc comments');
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
