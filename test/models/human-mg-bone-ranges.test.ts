/**
 * human-mg-bone's scenario value ranges are declared once (`RANGES` in
 * src/models/human-mg-bone/scenario-schema.ts): the adapter's messages, the published JSON Schema,
 * the generated docs table and the model's declared domain agree with it. Each range end is accepted
 * by magbone and by the JSON Schema (ajv), a value just outside is rejected by both, and magbone's
 * message names the field, the value and the allowed range.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { ROOT } from '../helpers/paths.js';
import { RANGES, RANGE_UNITS, rangeText } from '../../src/models/human-mg-bone/scenario-schema.js';
import { DOMAIN } from '../../src/models/human-mg-bone/domain.js';
import { CONDITIONS } from '../../src/models/human-mg-bone/scenario.js';
import { prepareScenario, getModel } from '../../src/builtin/index.js';
import { InputError, type InputIssue } from '../../src/core/issues.js';

const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
const schemaValid = ajv.compile(JSON.parse(fs.readFileSync(path.join(ROOT, 'scenario.schema.json'), 'utf8')));

type Key = 'dietMg' | 'dietCa' | 'supplementMg' | 'eGFR' | 'age';
/** Where each range's value goes in a scenario. */
const PLACES: Record<Key, { path: (string | number)[]; put: (x: number) => Record<string, unknown> }> = {
  dietMg: { path: ['diet', 'Mg'], put: (x) => ({ diet: { Mg: x } }) },
  dietCa: { path: ['diet', 'Ca'], put: (x) => ({ diet: { Ca: x } }) },
  supplementMg: { path: ['supplements', 0, 'Mg'], put: (x) => ({ supplements: [{ Mg: x, salt: 'citrate' }] }) },
  eGFR: { path: ['conditions', 'eGFR'], put: (x) => ({ conditions: { eGFR: x } }) },
  age: { path: ['conditions', 'age'], put: (x) => ({ conditions: { age: x } }) },
};
const KEYS = Object.keys(PLACES) as Key[];

const scenario = (extra: Record<string, unknown>): Record<string, unknown> => ({ model: 'human-mg-bone', duration: '1 d', ...extra });
function issuesOf(input: Record<string, unknown>): InputIssue[] {
  try { prepareScenario(input); return []; } catch (e) { if (e instanceof InputError) return e.issues; throw e; }
}

test('every range is declared with its unit', () => {
  assert.deepEqual(Object.keys(RANGE_UNITS).sort(), Object.keys(RANGES).sort());
  for (const k of KEYS) assert.ok(RANGES[k][0] < RANGES[k][1], k);
});

for (const k of KEYS) {
  const [lo, hi] = RANGES[k];
  test(`${k}: both ends accepted, just outside rejected by magbone and the JSON Schema alike`, () => {
    for (const x of [lo, hi]) {
      const input = scenario(PLACES[k].put(x));
      assert.deepEqual(issuesOf(input), [], `${k} = ${x}`);
      assert.ok(schemaValid(input), `the JSON Schema takes ${k} = ${x}: ${JSON.stringify(schemaValid.errors)}`);
    }
    for (const x of [lo - Math.max(1, 0.01 * hi), hi + Math.max(1, 0.01 * hi)]) {
      const input = scenario(PLACES[k].put(x));
      const issues = issuesOf(input);
      assert.equal(issues.length, 1, JSON.stringify(issues));
      assert.deepEqual(issues[0].path, PLACES[k].path);
      assert.match(issues[0].message, new RegExp(`^${String(x).replace(/[.+-]/g, '\\$&')}\\b`), 'the value');
      assert.ok(issues[0].message.endsWith(`outside the allowed range ${rangeText(k)}`), issues[0].message);
      assert.equal(schemaValid(input), false, `the JSON Schema rejects ${k} = ${x}`);
    }
  });
}

test('all range problems of one scenario are reported at once', () => {
  const input = scenario({ diet: { Mg: 2000, Ca: 10 }, supplements: [{ Mg: 9000, salt: 'citrate' }], conditions: { eGFR: 1, age: 200 } });
  assert.deepEqual(issuesOf(input).map((i) => i.path.join('.')).sort(), ['conditions.age', 'conditions.eGFR', 'diet.Ca', 'diet.Mg', 'supplements.0.Mg']);
});

test('the docs table, the condition effects and the declared domain read the same ranges', () => {
  const doc = fs.readFileSync(path.join(ROOT, 'docs', 'scenarios.md'), 'utf8');
  for (const k of KEYS) assert.ok(doc.includes(rangeText(k)), `${rangeText(k)} in docs/scenarios.md`);
  assert.ok(doc.includes(`${RANGES.supplementTotal} ${RANGE_UNITS.supplementTotal} together`));
  assert.ok(CONDITIONS.eGFR.effect.endsWith(`allowed ${rangeText('eGFR')}`));
  assert.ok(CONDITIONS.age.effect.endsWith(`allowed ${rangeText('age')}`));
  for (const k of KEYS) assert.deepEqual([DOMAIN[k].min, DOMAIN[k].max, DOMAIN[k].unit], [...RANGES[k], RANGE_UNITS[k]], k);
});

test('the supplements\' total is the bound of the model parameter it sets', () => {
  const p = getModel('human-mg-bone').spec.parameters.Mg_supp;
  assert.equal(p.unit, RANGE_UNITS.supplementTotal);
  assert.equal(p.bounds?.[1], RANGES.supplementTotal);
});
