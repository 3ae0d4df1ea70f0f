/**
 * The `@example` blocks of the public API's doc comments run: each is written to a temporary
 * module with `magbone` / `magbone/node` pointing at the built entry points, and run with Node
 * (plain JavaScript, top-level await allowed). An example imports only the public entries.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { ROOT } from './helpers/paths.js';
import { publicExports } from './helpers/public-api.js';

const ex = publicExports([path.join(ROOT, 'src', 'index.ts'), path.join(ROOT, 'src', 'node.ts')]);
const examples = [...ex.values()].flat().flatMap((e) => e.examples.map((code, k) => ({ name: `${e.name}${k ? ` #${k + 1}` : ''}`, code })));
const entry = (f: string): string => pathToFileURL(path.join(ROOT, 'dist', 'src', f)).href;

test('the doc comments hold examples', () => {
  assert.ok(examples.length >= 10, `${examples.length} examples`);
});

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'magbone-examples-'));
for (const { name, code } of examples) {
  test(`the @example of ${name} runs`, () => {
    const imports = [...code.matchAll(/\bfrom\s+'([^']+)'/g)].map((m) => m[1]);
    assert.ok(imports.length > 0, 'the example imports magbone');
    assert.deepEqual(imports.filter((i) => i !== 'magbone' && i !== 'magbone/node'), [], 'only the public entries');
    const file = path.join(dir, `${name.replace(/\W+/g, '_')}.mjs`);
    fs.writeFileSync(file, code.replace(/from 'magbone\/node'/g, `from '${entry('node.js')}'`).replace(/from 'magbone'/g, `from '${entry('index.js')}'`));
    const r = spawnSync(process.execPath, [file], { encoding: 'utf8', timeout: 120_000 });
    assert.equal(r.status, 0, `${name}: exit ${r.status}\n${r.stderr}`);
    assert.ok(r.stdout.trim().length > 0, 'the example prints its result');
    assert.doesNotMatch(r.stdout, /\bNaN\b/);
  });
}
test.after(() => fs.rmSync(dir, { recursive: true, force: true }));
