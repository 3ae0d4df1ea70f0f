/**
 * The human-mg-bone validation table (validation-data.md): every required row passes at its stated
 * criterion; the table prints as Markdown.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatValidation, validateHumanMgBone } from '../../src/analysis/validation.js';

test('validation table: every required check passes', () => {
  const rows = validateHumanMgBone();
  const ids = rows.map((r) => r.id);
  for (const id of ['fatemi-serum-mg', 'fatemi-serum-ca', 'fatemi-calcitriol', 'fatemi-pth', 'fatemi-retention-before',
    'fatemi-retention-after', 'iom-renal-conservation', 'rude-before-ca', 'rude-after-mg', 'rude-after-ca', 'rude-after-calcitriol',
    'dimai-pth', 'dimai-ctx', 'u-shape']) {
    assert.ok(ids.includes(id), `row ${id}`);
  }
  const failed = rows.filter((r) => r.required && !r.pass);
  assert.deepEqual(failed.map((r) => `${r.id}: model ${r.model}, data ${r.data}`), []);
  const md = formatValidation(rows);
  assert.match(md, /\| fatemi-serum-mg \|/);
  assert.match(md, /required checks pass/);
});
