/**
 * Built-in scenarios are data files in scenarios/ (outside src/), compiled into the package by the
 * generated module src/builtin/scenario-files.ts: it must be current, and no scenario may hide in src/.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from './helpers/paths.js';
import { builtinModuleText, GENERATED } from '../scripts/gen-builtin.js';
import { builtinScenarios } from '../src/builtin/scenarios.js';

test('src/builtin/scenario-files.ts is generated from scenarios/*.json and current (npm run gen:builtin)', () => {
  assert.equal(fs.readFileSync(path.join(ROOT, GENERATED), 'utf8'), builtinModuleText(ROOT));
  const names = fs.readdirSync(path.join(ROOT, 'scenarios')).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5)).sort();
  assert.deepEqual(builtinScenarios().map((s) => s.name), names);
  for (const s of builtinScenarios()) assert.equal(s.text, fs.readFileSync(path.join(ROOT, s.file), 'utf8'), s.name);
});

test('no scenario or study data under src/ (data live in scenarios/ and studies/)', () => {
  const found: string[] = [];
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(path.join(ROOT, d), { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) { if (e.name === 'scenarios' || e.name === 'studies') found.push(p); walk(p); }
    }
  };
  walk('src');
  assert.deepEqual(found, []);
});
