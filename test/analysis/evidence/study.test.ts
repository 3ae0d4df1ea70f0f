/**
 * The study loader: every problem of every file at once, each with its file and path; dispersion
 * conversions (sd/√n, CI → SE by the normal approximation, log scale); unit conversion (incl.
 * mass ↔ amount through a molar mass); the JSON Schema kept in step with the loader's key lists;
 * every shipped study file and fixture valid.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { ROOT } from '../../helpers/paths.js';
import { checkStudy, parseStudyText, StudyError, formatStudyIssue, STUDY_KEYS, STUDY_REQUIRED, ARM_KEYS, ARM_REQUIRED, MEASUREMENT_KEYS, MEASUREMENT_REQUIRED, CI_KEYS, RANGE_KEYS, AFTER_KEYS, KINDS, QUANTITIES, SCALES, DIRECTIONS, SPLITS, EVIDENCE_LEVELS, ID_PATTERN, type StudyIssue } from '../../../src/analysis/evidence/study.js';
import { loadStudies, studyFiles } from '../../../src/node/study-files.js';
import { normalQuantile, normalCdf, zForLevel } from '../../../src/analysis/evidence/normal.js';
import { decayModel, decayStudy } from './decay-model.js';

const FIX = path.join(ROOT, 'test', 'fixtures', 'studies');

function issuesOf(refs: string[]): string[] {
  try { loadStudies(refs); } catch (e) {
    assert.ok(e instanceof StudyError);
    return e.studyIssues.map(formatStudyIssue);
  }
  assert.fail('expected a StudyError');
}

test('a bad study file gets all its problems at once, each with file and path', () => {
  const lines = issuesOf([path.join(FIX, 'bad', 'bad-many.yaml')]);
  const f = path.join(FIX, 'bad', 'bad-many.yaml');
  const expect: [string, RegExp][] = [
    ['splitt', /unknown key \(did you mean 'split'\?\)/],
    ['population', /required/],
    ['doi', /give "doi" or "pmid" \(the paper\), or "url"/],
    ['split', /"train" is not allowed/],
    ['arms[1].id', /duplicate arm id "a"/],
    ['arms[0].scenario.duration', /is a mass, expected a time/],
    ['arms[0].scenario.diet.Mg', /outside the allowed range/],
    ['arms[0].measurements[0].observable', /"Mg_serm" is not an observable of human-mg-bone \(did you mean 'Mg_serum'\?\)/],
    ['arms[0].measurements[1].value', /"0.61 mg" does not convert to mmol\/L/],
    ['arms[0].measurements[2].se', /a dispersion is required/],
    ['arms[0].measurements[3].id', /duplicate measurement id "m3"/],
    ['arms[0].measurements[3].versus', /"nowhere" is not an arm of this study/],
    ['arms[0].measurements[4].n', /required with "sd"/],
    ['arms[1].after.arm', /"missing" is not an arm of this study/],
    ['arms[1].scenario.parameters', /constraint T29_positive \(T28 > T310\) does not hold/],
    ['arms[1].measurements[0].time', /after the end of the arm/],
    ['arms[1].measurements[0].direction', /"upward" is not allowed/],
  ];
  for (const [p, re] of expect) {
    assert.ok(lines.some((l) => l.startsWith(`${f}: ${p}: `) && re.test(l)), `${p} ${re}\n${lines.join('\n')}`);
  }
  assert.equal(lines.length, expect.length, lines.join('\n'));
});

test('library checks: unknown model, duplicate study ids across files, missing files and empty folders', () => {
  const lines = issuesOf([path.join(FIX, 'good'), path.join(FIX, 'bad', 'bad-model.json'), path.join(FIX, 'nowhere.yaml'), path.join(FIX, 'bad', 'not-a-study.txt')]);
  assert.ok(lines.some((l) => /bad-model\.json: model: unknown model "human-mg-bon" \(did you mean 'human-mg-bone'\?\)/.test(l)), lines.join('\n'));
  assert.ok(lines.some((l) => /bad-model\.json: id: duplicate study id "fixture-depletion" \(also .*fixture-depletion\.yaml\)/.test(l)), lines.join('\n'));
  assert.ok(lines.some((l) => /nowhere\.yaml: no such file/.test(l)));
  assert.ok(lines.some((l) => /not-a-study\.txt: no such file|not-a-study\.txt: a study file must end/.test(l)));
});

test('invalid YAML and an after-cycle are reported with their file', () => {
  const data = decayStudy();
  const arms = data.arms as Record<string, unknown>[];
  arms[0].after = { arm: 'c' };
  const r = checkStudy(data, 'cycle.json', decayModel);
  assert.ok(r.issues.some((i) => i.file === 'cycle.json' && /cycle/.test(i.message)), JSON.stringify(r.issues));
  assert.equal(r.study, undefined);
  const y = parseStudyText('id: x\narms: [\n', 'broken.yaml');
  assert.equal(y.data, undefined);
  assert.match(formatStudyIssue(y.issues[0]), /^broken\.yaml: invalid YAML/);
});

test('dispersions become SEs on the residual scale', () => {
  const s = checkStudy(decayStudy(), 'decay.json', decayModel).study!;
  const m = Object.fromEntries(s.arms.flatMap((a) => a.measurements).map((x) => [x.id, x]));
  assert.equal(m.chg.se, 0.2 / Math.sqrt(4)); // sd/√n
  assert.equal(m.abs.se, 0.1); // a bare number is in the value's (observable's) unit
  assert.ok(Math.abs(m.inc.value! - 0.6) < 1e-15, 'umol/L → mmol/L'); // 600 umol/L
  assert.ok(Math.abs(m.inc.se! - 0.05) < 1e-15);
  // ratio: log scale by default; a CI gives (ln U − ln L)/(2 z)
  assert.equal(m.rat.scale, 'log');
  assert.ok(Math.abs(m.rat.se! - (Math.log(0.55) - Math.log(0.3)) / (2 * 1.959963984540054)) < 1e-12);
  // ratio with an SE on the ratio scale: delta method se/value
  assert.ok(Math.abs(m['rat-vs'].se! - 0.05 / 0.35) < 1e-15);
  // log-scale absolute value: se / value
  assert.ok(Math.abs(m['c-end'].se! - 0.1 / 1.8) < 1e-15);
  // percent change on the normal scale keeps its SE in percent
  assert.equal(m.pc.se, 5);
  assert.equal(m.pc.scale, 'normal');
  // CI on the normal scale, and a percent change on the log scale
  const data = decayStudy();
  const ms = (data.arms as { measurements: Record<string, unknown>[] }[])[0].measurements;
  ms[0].se = undefined; ms[0].ci = { lower: '1.0 mmol/L', upper: '1.5 mmol/L', level: 0.9 };
  ms[2].scale = 'log';
  const s2 = checkStudy(data, 'decay.json', decayModel).study!;
  const a0 = s2.arms[0].measurements;
  assert.ok(Math.abs(a0[0].se! - 0.5 / (2 * 1.6448536269514722)) < 1e-12);
  assert.ok(Math.abs(a0[2].se! - (5 / 100) / (1 - 30 / 100)) < 1e-15);
});

test('mass ↔ amount conversion needs a molar mass', () => {
  const data = decayStudy();
  const ms = (data.arms as { measurements: Record<string, unknown>[] }[])[0].measurements;
  ms[0].value = '2.4 mg/dL'; ms[0].se = '0.2 mg/dL';
  const bad = checkStudy(data, 'decay.json', decayModel);
  assert.ok(bad.issues.some((i) => /molarMass/.test(i.message)), JSON.stringify(bad.issues));
  ms[0].molarMass = 24.305;
  const good = checkStudy(data, 'decay.json', decayModel).study!;
  assert.ok(Math.abs(good.arms[0].measurements[0].value! - 24 / 24.305) < 1e-12);
  assert.ok(Math.abs(good.arms[0].measurements[0].se! - 2 / 24.305) < 1e-12);
});

test('normal quantiles', () => {
  assert.ok(Math.abs(normalQuantile(0.975) - 1.959963984540054) < 1e-12);
  assert.ok(Math.abs(normalQuantile(0.9) - 1.2815515655446004) < 1e-12);
  assert.ok(Math.abs(normalQuantile(1e-6) + 4.753424308822899) < 1e-9);
  assert.ok(Math.abs(normalQuantile(0.5)) < 1e-12);
  assert.ok(Math.abs(zForLevel(0.95) - 1.959963984540054) < 1e-12);
  for (const z of [-6, -2.5, -0.3, 0.7, 3.2, 5]) assert.ok(Math.abs(normalQuantile(normalCdf(z)) - z) < 1e-9, `${z}`);
});

/** The JSON Schema's structure must list exactly the loader's keys, required keys and enums. */
test('study.schema.json agrees with the loader (keys, required keys, enums)', () => {
  const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'studies', 'study.schema.json'), 'utf8'));
  assert.equal(schema.$schema, 'https://json-schema.org/draft/2020-12/schema');
  const same = (a: readonly string[], b: readonly string[], what: string) => assert.deepEqual([...a].sort(), [...b].sort(), what);
  same(Object.keys(schema.properties), STUDY_KEYS, 'study keys');
  same(schema.required, STUDY_REQUIRED, 'study required');
  const arm = schema.$defs.arm, meas = schema.$defs.measurement;
  same(Object.keys(arm.properties), ARM_KEYS, 'arm keys');
  same(arm.required, ARM_REQUIRED, 'arm required');
  same(Object.keys(arm.properties.after.properties), AFTER_KEYS, 'after keys');
  same(Object.keys(meas.properties), MEASUREMENT_KEYS, 'measurement keys');
  same(meas.required, MEASUREMENT_REQUIRED, 'measurement required');
  same(Object.keys(meas.properties.ci.properties), CI_KEYS, 'ci keys');
  same(Object.keys(meas.properties.range.properties), RANGE_KEYS, 'range keys');
  same(meas.properties.kind.enum, KINDS, 'kinds');
  same(meas.properties.quantity.enum, QUANTITIES, 'quantities');
  same(meas.properties.scale.enum, SCALES, 'scales');
  same(meas.properties.direction.enum, DIRECTIONS, 'directions');
  same(schema.properties.split.enum, SPLITS, 'splits');
  same(schema.properties.evidence.enum, EVIDENCE_LEVELS, 'evidence');
  assert.equal(schema.$defs.id.pattern, ID_PATTERN.source);
  for (const o of [schema, arm, meas, arm.properties.after, meas.properties.ci, meas.properties.range]) assert.equal(o.additionalProperties, false);
});

/** A small check of a parsed file against the schema's required keys, enums and closed objects (no schema library). */
function schemaProblems(data: unknown, schema: Record<string, any>, defs: Record<string, any>, at: string, out: string[]): void {
  if (schema.$ref) { schemaProblems(data, defs[schema.$ref.replace('#/$defs/', '')], defs, at, out); return; }
  if (schema.enum && !schema.enum.includes(data)) out.push(`${at}: ${JSON.stringify(data)} not in enum`);
  if (schema.pattern && typeof data === 'string' && !new RegExp(schema.pattern).test(data)) out.push(`${at}: pattern`);
  if (schema.type === 'object' && typeof data === 'object' && data !== null && !Array.isArray(data)) {
    const rec = data as Record<string, unknown>;
    for (const k of schema.required ?? []) if (rec[k] === undefined) out.push(`${at}.${k}: required`);
    for (const [k, v] of Object.entries(rec)) {
      if (!schema.properties) continue;
      if (!(k in schema.properties)) { if (schema.additionalProperties === false) out.push(`${at}.${k}: not allowed`); continue; }
      schemaProblems(v, schema.properties[k], defs, `${at}.${k}`, out);
    }
  }
  if (schema.type === 'array' && Array.isArray(data) && schema.items) data.forEach((x, i) => schemaProblems(x, schema.items, defs, `${at}[${i}]`, out));
}

test('every shipped study file and good fixture loads, and meets the schema\'s required keys and enums', () => {
  const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'studies', 'study.schema.json'), 'utf8'));
  const issues: StudyIssue[] = [];
  const shipped = fs.readdirSync(path.join(ROOT, 'studies')).some((f) => /\.(ya?ml|json)$/.test(f) && !f.endsWith('.schema.json'));
  const refs = [path.join(FIX, 'good'), ...(shipped ? [path.join(ROOT, 'studies')] : [])];
  const files = studyFiles(refs, issues);
  assert.deepEqual(issues, []);
  assert.ok(files.length >= 2);
  const studies = loadStudies(refs);
  assert.equal(studies.length, files.length);
  for (const f of files) {
    const text = fs.readFileSync(f, 'utf8');
    const data = f.endsWith('.json') ? JSON.parse(text) : YAML.parse(text);
    const out: string[] = [];
    schemaProblems(data, schema, schema.$defs, path.basename(f), out);
    assert.deepEqual(out, [], f);
  }
});

test('an arm may have no measurements only when another arm starts after it or compares with it', () => {
  const withArms = (arms: unknown[]): Record<string, unknown> => ({ ...decayStudy(), arms });
  const placebo = { id: 'placebo', scenario: { duration: '10 h' }, measurements: [] };
  const history = { id: 'history', scenario: { duration: '10 h' }, measurements: [] };
  const treated = {
    id: 'treated', after: { arm: 'history' }, scenario: { duration: '10 h', parameters: { k: 0.2 } },
    measurements: [{ id: 'vs', observable: 'X', kind: 'qualitative', direction: 'decrease', versus: 'placebo', time: '10 h' }],
  };
  const ok = checkStudy(withArms([history, placebo, treated]), 'ok.json', decayModel);
  assert.deepEqual(ok.issues, []);
  assert.deepEqual(ok.study!.arms.map((a) => [a.id, a.measurements.length]), [['history', 0], ['placebo', 0], ['treated', 1]]);
  const lonely = { id: 'lonely', scenario: { duration: '10 h' }, measurements: [] };
  const bad = checkStudy(withArms([history, placebo, treated, lonely]), 'bad.json', decayModel);
  assert.equal(bad.study, undefined);
  assert.deepEqual(bad.issues.map((i) => i.path.join('.')), ['arms.3.measurements']);
  assert.match(bad.issues[0].message, /non-empty list of measurements \(only an arm that another arm starts "after" or compares with/);
});

test('a study without DOI or PMID may give the url of the record consulted; anything else is not an address', () => {
  const base = decayStudy();
  delete base.doi;
  const none = checkStudy(base, 'none.json', decayModel);
  assert.deepEqual(none.issues.map((i) => i.path.join('.')), ['doi']);
  assert.match(none.issues[0].message, /give "doi" or "pmid" \(the paper\), or "url"/);
  const withUrl = checkStudy({ ...base, url: 'https://example.org/abstract/1' }, 'url.json', decayModel);
  assert.deepEqual(withUrl.issues, []);
  assert.equal(withUrl.study!.url, 'https://example.org/abstract/1');
  const badUrl = checkStudy({ ...base, url: 'example.org/abstract' }, 'bad.json', decayModel);
  assert.deepEqual(badUrl.issues.map((i) => i.path.join('.')), ['url']);
});
