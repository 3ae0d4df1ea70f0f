/**
 * The README lists every exit code the command can return, and nothing else: the codes are read
 * from the command sources (`return N` of the command functions, `process.exit(N)` of bin/) and
 * compared with the README's exit-code table.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from '../helpers/paths.js';

function codesInSources(): Set<number> {
  const codes = new Set<number>();
  const dir = path.join(ROOT, 'src', 'cli');
  const files = [...fs.readdirSync(dir).map((f) => path.join(dir, f)), path.join(ROOT, 'bin', 'magbone.js')];
  for (const f of files) {
    const text = fs.readFileSync(f, 'utf8');
    for (const m of text.matchAll(/\breturn (\d+);|process\.exit\((\d+)\)|exitCode = (\d+)/g)) codes.add(Number(m[1] ?? m[2] ?? m[3]));
  }
  return codes;
}

function codesInReadme(): Set<number> {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('| code | meaning |');
  assert.ok(start >= 0, 'README has the exit-code table');
  const lines = readme.slice(start).split('\n').slice(2);
  const table = lines.slice(0, lines.findIndex((l) => !l.startsWith('|')));
  return new Set(table.map((l) => Number(l.split('|')[1].trim())));
}

test('the README exit-code table lists exactly the codes the command returns', () => {
  const src = codesInSources();
  assert.ok(src.has(0) && src.has(2), `codes read from the sources: ${[...src]}`);
  assert.deepEqual([...codesInReadme()].sort((a, b) => a - b), [...src].sort((a, b) => a - b));
});
