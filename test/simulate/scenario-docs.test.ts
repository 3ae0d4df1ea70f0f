/** docs/scenarios.md documents every scenario key, every human-mg-bone condition, salt and switch, and its examples run. */
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { ROOT } from '../helpers/paths.js';
import { SCENARIO_KEYS } from '../../src/simulate/scenario.js';
import { CONDITIONS, SALTS } from '../../src/models/human-mg-bone/scenario.js';
import { getModel, runScenario } from '../../src/builtin/index.js';

const doc = fs.readFileSync(path.join(ROOT, 'docs', 'scenarios.md'), 'utf8');

test('every key, condition, salt, switch and dose target is documented', () => {
  for (const k of SCENARIO_KEYS) assert.ok(doc.includes(`\`${k}\``), `scenario key ${k}`);
  for (const k of Object.keys(CONDITIONS)) assert.ok(doc.includes(`\`${k}\``), `condition ${k}`);
  for (const k of Object.keys(SALTS)) assert.ok(doc.includes(k), `salt ${k}`);
  for (const k of getModel('human-mg-bone').switchNames) assert.ok(doc.includes(`\`${k}\``), `switch ${k}`);
  for (const id of ['peterson-riggs-2010', 'openbonemin', 'human-mg-bone']) {
    for (const t of getModel(id).doseTargets) assert.ok(doc.includes(`\`${t}\``), `dose target ${t} of ${id}`);
  }
});

test('the examples run', () => {
  const yaml = /```yaml\n([\s\S]*?)```/.exec(doc)![1];
  const json = /```json\n([\s\S]*?)```/.exec(doc)![1];
  for (const input of [YAML.parse(yaml), JSON.parse(json)]) {
    const r = runScenario(input);
    assert.equal(r.code, 'success', r.message);
  }
});
