/** The committed model documents (docs/models/<id>.md) are what `magbone docs <id>` generates now. */
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from '../helpers/paths.js';
import { modelEntries } from '../../src/models/index.js';
import { modelDocs } from '../../src/model/docs.js';

for (const e of modelEntries()) {
  test(`docs/models/${e.id}.md is current (regenerate: npx magbone docs ${e.id} --out docs/models/${e.id}.md)`, () => {
    const file = path.join(ROOT, 'docs', 'models', `${e.id}.md`);
    assert.ok(fs.existsSync(file), `${file} is missing`);
    assert.equal(fs.readFileSync(file, 'utf8'), modelDocs(e.spec));
  });
}
