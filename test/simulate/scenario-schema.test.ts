/**
 * The scenario and study formats are declared once (valibot) and everything else comes from the
 * declaration: the generated files are current, the published JSON Schemas (checked with ajv, an
 * independent validator) accept every built-in scenario and study and reject the bad-input table,
 * the key lists are the declaration's, and the quantity patterns agree with the unit parser.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { ROOT } from '../helpers/paths.js';
import { BAD } from '../helpers/bad-scenarios.js';
import { generatedFiles } from '../../scripts/gen-schemas.js';
import { SCENARIO_KEYS, SOLVER_KEYS, DOSE_KEYS, OUTPUT_KEYS, CHANGE_KEYS, validateScenario } from '../../src/simulate/scenario.js';
import { ScenarioSchema, type ScenarioInput } from '../../src/simulate/scenario-schema.js';
import type { DoseInput } from '../../src/model/registry.js';
import { TIME_UNITS, MASS_UNITS, AMOUNT_UNITS, TIME_PATTERN, AMOUNT_PATTERN, RATE_PATTERN } from '../../src/model/quantity-patterns.js';
import { parseQuantity, hasDimension } from '../../src/model/quantity.js';
import { getModel, prepareScenario } from '../../src/builtin/index.js';
import { InputError } from '../../src/core/issues.js';

const read = (f: string): string => fs.readFileSync(path.join(ROOT, f), 'utf8');
// strict, but for "required" inside not/anyOf/oneOf without "properties" beside it (standard JSON Schema)
const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
const scenarioValid = ajv.compile(JSON.parse(read('scenario.schema.json')));
const studyValid = ajv.compile(JSON.parse(read(path.join('studies', 'study.schema.json'))));
const errors = (v: typeof scenarioValid): string => ajv.errorsText(v.errors);

test('scenario.schema.json, study.schema.json and the key tables of docs/scenarios.md are generated and current (npm run gen:schemas)', () => {
  for (const [file, text] of Object.entries(generatedFiles(ROOT))) {
    assert.ok(read(file) === text, `${file} is stale: run npm run gen:schemas`);
  }
  const doc = read(path.join('docs', 'scenarios.md'));
  for (const k of SOLVER_KEYS) assert.ok(doc.includes(`\`solver.${k}\``), `solver.${k} in the docs table`);
  for (const k of DOSE_KEYS) assert.ok(doc.includes(`| \`${k}\` |`), `doses[].${k} in the docs table`);
});

test('the key lists are the declaration\'s', () => {
  assert.deepEqual(SCENARIO_KEYS, Object.keys(ScenarioSchema.entries));
  assert.deepEqual(SCENARIO_KEYS, ['name', 'description', 'model', 'duration', 'output', 'parameters', 'scale', 'switches', 'changes', 'initial', 'steadyState', 'doses', 'solver']);
  assert.deepEqual(OUTPUT_KEYS, ['every', 'times', 'atDose']);
  assert.deepEqual(DOSE_KEYS, ['cmt', 'amt', 'time', 'ii', 'addl', 'rate']);
  assert.deepEqual(SOLVER_KEYS, ['rtol', 'atol', 'method', 'maxSteps', 'maxWallTime', 'exactLinear']);
  assert.deepEqual(CHANGE_KEYS, ['time', 'parameters', 'scale', 'switches']);
});

test('every built-in scenario and the docs examples are valid under scenario.schema.json (ajv)', () => {
  const files = fs.readdirSync(path.join(ROOT, 'scenarios')).filter((f) => f.endsWith('.json'));
  assert.ok(files.length >= 20, `${files.length} built-in scenarios`);
  for (const f of files) {
    const s = JSON.parse(read(path.join('scenarios', f)));
    assert.ok(scenarioValid(s), `${f}: ${errors(scenarioValid)}`);
  }
  const doc = read(path.join('docs', 'scenarios.md'));
  const yaml = /```yaml\n([\s\S]*?)```/.exec(doc)![1];
  const json = /```json\n([\s\S]*?)```/.exec(doc)![1];
  for (const s of [YAML.parse(yaml), JSON.parse(json)]) assert.ok(scenarioValid(s), errors(scenarioValid));
});

/** The bad-input table with each entry's flags applied to the file, as `magbone simulate` does. */
function withFlags(scenario: Record<string, unknown>, flags: string[]): Record<string, unknown> {
  const s = JSON.parse(JSON.stringify(scenario)) as Record<string, Record<string, unknown>>;
  for (let i = 0; i < flags.length; i += 2) {
    const [k, x] = flags[i + 1].split('=');
    const key = flags[i] === '--set' ? 'parameters' : 'switches';
    const map = s[key] ?? {};
    Object.defineProperty(map, k, { value: flags[i] === '--set' ? Number(x) : x, enumerable: true, writable: true, configurable: true });
    s[key] = map;
  }
  return s;
}

/** Entries whose defect is arithmetic across keys (dose events within the run; rows × columns of the output), beyond what JSON Schema can state. */
const CROSS_FIELD = new Set(['1,000,000 overlapping infusions', 'too many output rows']);

test('scenario.schema.json rejects every entry of the bad-input table but the cross-field ones (ajv)', () => {
  let rejected = 0;
  for (const [label, scenario, flags] of BAD) {
    const s = withFlags(scenario, flags);
    const ok = scenarioValid(s);
    if (CROSS_FIELD.has(label)) {
      // valid in shape; magbone itself rejects it (the dose-event count, the command's output size: test/cli/bad-input.test.ts)
      assert.ok(ok, `${label}: ${errors(scenarioValid)}`);
    } else {
      assert.equal(ok, false, `${label} is accepted by the schema`);
      rejected++;
    }
  }
  assert.equal(rejected, BAD.length - CROSS_FIELD.size);
});

const DL = { model: 'dutta-layton-2024', duration: '180 d', output: { every: '1 d' } };

test('scenario.schema.json rejects the scenario-file entries of the CLI bad-input table, and agrees with magbone on more cases', () => {
  const cases: [string, unknown, boolean][] = [
    ['unknown model', { ...DL, model: 'dutta-layton-2042' }, false],
    ['unknown parameter', { ...DL, parameters: { IMgg: 1 } }, false],
    ['bad unit', { ...DL, duration: '2 fortnights' }, false],
    ['wrong dimension', { ...DL, duration: '2 mg' }, false],
    ['duration 0', { ...DL, duration: '0 d' }, false],
    ['negative dose', { model: 'peterson-riggs-2010', duration: '2 d', doses: [{ cmt: 'TERISC', amt: '-20 ug', time: 0 }] }, false],
    ['dose of the wrong kind', { model: 'peterson-riggs-2010', duration: '2 d', doses: [{ cmt: 'TERISC', amt: '20 mg/d' }] }, false],
    ['unknown key', { ...DL, durration: '1 d' }, false],
    ['unknown switch', { ...DL, switches: { slow_pool_dynamic: 'off' } }, false],
    ['every and times', { ...DL, output: { every: '1 d', times: [0, 1] } }, false],
    ['empty times', { ...DL, output: { times: [] } }, false],
    ['atDose', { ...DL, output: { atDose: 'during' } }, false],
    ['method', { ...DL, solver: { method: 'rk4' } }, false],
    ['addl 1.5', { model: 'peterson-riggs-2010', duration: '2 d', doses: [{ cmt: 'TERISC', amt: '20 ug', addl: 1.5, ii: '1 d' }] }, false],
    ['diet key', { model: 'human-mg-bone', duration: '30 d', diet: { Zn: '10 mg/d' } }, false],
    ['diet on another model', { ...DL, diet: { Mg: '300 mg/d' } }, false],
    ['condition', { model: 'human-mg-bone', duration: '30 d', conditions: { smoker: true } }, false],
    ['not an object', [DL], false],
    ['valid: everything', { model: 'human-mg-bone', name: 'x', duration: '2 y', output: { times: [0, '1 d', '1 y'], atDose: 'after' }, parameters: { GFR0: 5 },
      scale: { Mg_diet: 0.5 }, switches: { inflammation: 'off' }, initial: {}, steadyState: true, diet: { Mg: '300 mg/d' }, supplements: [{ Mg: '365 mg/d', salt: 'citrate' }],
      conditions: { eGFR: '45 mL/min/1.73m2', age: '70 y', PPI: true }, changes: [{ time: '1 y', diet: { Mg: '150 mg/d' }, switches: { inflammation: true } }],
      doses: [{ cmt: 'Mg_iv', amt: '7 mmol', time: '1 d', rate: '1 mmol/h' }], solver: { rtol: 1e-6, atol: 1e-9, method: 'rodas', maxSteps: 1000000, maxWallTime: 30, exactLinear: false } }, true],
    ['valid: bare numbers', { ...DL, duration: 100, output: { every: 24 } }, true],
  ];
  for (const [label, s, valid] of cases) {
    assert.equal(scenarioValid(s), valid, `${label}: schema ${valid ? errors(scenarioValid) : 'accepts it'}`);
    let magbone = true;
    try { prepareScenario(s); } catch (e) { if (!(e instanceof InputError)) throw e; magbone = false; }
    assert.equal(magbone, valid, `${label}: magbone ${valid ? 'rejects' : 'accepts'} it`);
  }
});

test('every unit of the quantity patterns parses at the boundary with its dimension, and the patterns take them', () => {
  for (const u of TIME_UNITS) {
    const q = parseQuantity(`2 ${u}`);
    assert.ok(typeof q !== 'string' && hasDimension(q, 'time'), `time unit ${u}: ${String(q)}`);
    assert.match(`2 ${u}`, TIME_PATTERN);
  }
  for (const u of MASS_UNITS) {
    const q = parseQuantity(`2 ${u}`);
    assert.ok(typeof q !== 'string' && hasDimension(q, 'mass'), `mass unit ${u}`);
    assert.match(`2 ${u}`, AMOUNT_PATTERN);
    assert.match(`2 ${u}/d`, RATE_PATTERN);
  }
  for (const u of AMOUNT_UNITS) {
    const q = parseQuantity(`2 ${u}`);
    assert.ok(typeof q !== 'string' && hasDimension(q, 'amount'), `amount unit ${u}`);
    assert.match(`0.5 ${u}`, AMOUNT_PATTERN);
  }
  for (const bad of ['2 fortnights', '-1 d', '2 mg', '1e300 y', 'd']) assert.doesNotMatch(bad, TIME_PATTERN, bad);
});

test('the first pass (the declaration) reports every unknown key and shape problem at once, with paths and did-you-mean', () => {
  const r = validateScenario({
    model: 'openbonemin', durration: 1, duration: '5 d', outptu: 1, output: [], solver: { rtol: 2, methd: 'bdf', method: 'bfd' },
    doses: [{ cmt: 'TERISC', amt: '1 ug', addl: -1, foo: 1 }, 3], steadyState: 'yes', name: 4,
  }, getModel('openbonemin'));
  const byPath = new Map(r.issues.map((i) => [i.path.join('.'), i.message]));
  assert.match(byPath.get('durration')!, /unknown key \(did you mean 'duration'\?\); allowed: name, description, model/);
  assert.match(byPath.get('outptu')!, /did you mean 'output'/);
  assert.match(byPath.get('output')!, /must be an object such as/);
  assert.match(byPath.get('solver.rtol')!, /^2 must be a number in \[1e-14, 1\)/);
  assert.match(byPath.get('solver.methd')!, /did you mean 'method'/);
  assert.match(byPath.get('solver.method')!, /"bfd" is not a method \(did you mean 'bdf'\?\); allowed: bdf, rodas, dopri/);
  assert.match(byPath.get('doses.0.addl')!, /-1 must be a non-negative integer/);
  assert.match(byPath.get('doses.0.foo')!, /unknown key; allowed: cmt, amt, time, ii, addl, rate/);
  assert.match(byPath.get('doses.1')!, /must be an object \{ cmt, amt/);
  assert.match(byPath.get('steadyState')!, /must be true or false/);
  assert.match(byPath.get('name')!, /must be a string/);
  assert.equal(r.issues.length, 11, r.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n'));
});

test('every study file is valid under study.schema.json (ajv), and a broken one is not', () => {
  const files = fs.readdirSync(path.join(ROOT, 'studies')).filter((f) => /\.ya?ml$/.test(f));
  assert.ok(files.length >= 30, `${files.length} studies`);
  for (const f of files) {
    const s = YAML.parse(read(path.join('studies', f)));
    assert.ok(studyValid(s), `${f}: ${errors(studyValid)}`);
  }
  const one = YAML.parse(read(path.join('studies', files[0])));
  for (const broken of [{ ...one, split: 'validation' }, { ...one, arms: [] }, { ...one, extra: 1 }, { ...one, id: 'Bad Id' }]) {
    assert.equal(studyValid(broken), false, JSON.stringify(Object.keys(broken)));
  }
});

test('the declared dose record is the registry\'s DoseInput, both ways (a compile-time check)', () => {
  type Declared = NonNullable<ScenarioInput['doses']>[number];
  const declared: Declared = { cmt: 'TERISC', amt: '20 ug', time: '12 h', ii: '24 h', addl: 3, rate: 1 };
  const registry: DoseInput = declared;
  const back: Declared = registry;
  assert.deepEqual(back, declared);
});
