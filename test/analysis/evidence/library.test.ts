/**
 * The shipped human study library (studies/): its size, its split as documented in
 * studies/README.md (the table must match the files), dispersion on every quantitative
 * measurement, and studies/pending/ failing only for the observables v1 lacks.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from '../../helpers/paths.js';
import { checkStudy, parseStudyText } from '../../../src/analysis/evidence/study.js';
import { loadStudies } from '../../../src/node/study-files.js';

const DIR = path.join(ROOT, 'studies');

test('the human library: ≥ 30 human studies, ≥ 60 measurements, every quantitative one with an SE, both splits', () => {
  const studies = loadStudies([DIR]);
  const human = studies.filter((s) => s.evidence.startsWith('human'));
  assert.ok(human.length >= 30, `${human.length} human studies`);
  assert.ok(studies.every((s) => s.model === 'human-mg-bone'));
  const ms = studies.flatMap((s) => s.arms.flatMap((a) => a.measurements));
  assert.ok(ms.length >= 60, `${ms.length} measurements`);
  for (const m of ms) if (m.kind !== 'qualitative') assert.ok(Number.isFinite(m.se) && m.se! > 0, `${m.label}: SE ${m.se}`);
  for (const split of ['training', 'test']) assert.ok(studies.some((s) => s.split === split), split);
});

test('studies/README.md lists every study with the split and measurement counts of its file', () => {
  const readme = fs.readFileSync(path.join(DIR, 'README.md'), 'utf8');
  const rows = new Map<string, { split: string; n: number; q: number }>();
  for (const line of readme.split('\n')) {
    const c = line.split('|').map((x) => x.trim());
    if (c.length === 8 && /^[a-z0-9][a-z0-9_-]*$/.test(c[1]) && (c[4] === 'training' || c[4] === 'test')) rows.set(c[1], { split: c[4], n: Number(c[5]), q: Number(c[6]) });
  }
  const studies = loadStudies([DIR]);
  assert.deepEqual([...rows.keys()].sort(), studies.map((s) => s.id).sort());
  for (const s of studies) {
    const ms = s.arms.flatMap((a) => a.measurements);
    assert.deepEqual(rows.get(s.id), { split: s.split, n: ms.length, q: ms.filter((m) => m.kind !== 'qualitative').length }, s.id);
  }
});

test('studies/pending/ files are valid except for the observables v1 lacks', () => {
  const dir = path.join(DIR, 'pending');
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.yaml'));
  assert.ok(files.length > 0);
  for (const f of files) {
    const { data, issues: parseIssues } = parseStudyText(fs.readFileSync(path.join(dir, f), 'utf8'), f);
    assert.deepEqual(parseIssues, [], f);
    const { issues } = checkStudy(data, f);
    assert.ok(issues.length > 0, `${f} should need an observable the model lacks`);
    for (const i of issues) assert.match(i.message, /is not an observable of human-mg-bone/, `${f}: ${i.path.join('.')}: ${i.message}`);
  }
});
