/**
 * The split table of studies/README.md is what the validated domain and the interfaces' warnings read a study's data
 * type from, and what the closing notes quote the split and its counts from. It is written by hand, so it is held to the
 * study files: every file has exactly one row, with the file's split and its numbers of measurements, and no row names
 * a study that has no file.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { loadStudies, splitTableRows, type SplitTableRow } from '../../../src/node/study-files.js';
import { ROOT } from '../../helpers/paths.js';

type Row = Pick<SplitTableRow, 'split' | 'measurements' | 'quantitative'>;

/** The table's rows grouped by study id (a study with two rows is a problem the check names). */
function tableRows(text: string): Map<string, Row[]> {
  const rows = new Map<string, Row[]>();
  for (const r of splitTableRows(text)) rows.set(r.id, [...(rows.get(r.id) ?? []), r]);
  return rows;
}

interface StudyLike { id: string; split: string; arms: readonly { measurements: readonly { kind: string }[] }[] }

function tableProblems(rows: Map<string, Row[]>, studies: readonly StudyLike[]): string[] {
  const problems: string[] = [];
  for (const s of studies) {
    const r = rows.get(s.id);
    if (!r) { problems.push(`${s.id}: no row`); continue; }
    if (r.length > 1) problems.push(`${s.id}: ${r.length} rows`);
    const m = s.arms.flatMap((a) => a.measurements);
    const q = m.filter((x) => x.kind !== 'qualitative').length;
    const want = `${s.split} ${m.length} ${q}`, got = `${r[0].split} ${r[0].measurements} ${r[0].quantitative}`;
    if (want !== got) problems.push(`${s.id}: the row says "${got}", the file "${want}" (split, measurements, quantitative)`);
  }
  const ids = new Set(studies.map((s) => s.id));
  for (const id of rows.keys()) if (!ids.has(id)) problems.push(`${id}: a row but no study file`);
  return problems;
}

test('studies/README.md: one row per study file, with its split and its counts of measurements', () => {
  const rows = tableRows(fs.readFileSync(path.join(ROOT, 'studies', 'README.md'), 'utf8'));
  const studies = loadStudies([path.join(ROOT, 'studies')], { model: 'human-mg-bone' });
  assert.ok(studies.length >= 50, `${studies.length} study files`);
  assert.deepEqual(tableProblems(rows, studies), []);
});

test('the table check names a missing row, a duplicate row, a wrong split or count, and an orphan row', () => {
  const text = [
    '| study | evidence | data type | split | measurements | of which quantitative |',
    '|---|---|---|---|---|---|',
    '| a1 | human trial | drugs | training | 2 | 0 |',
    '| b2 | human trial | drugs | test | 2 | 1 |',
    '| b2 | human trial | drugs | test | 2 | 1 |',
    '| c3 | human trial | drugs | training | 1 | 0 |',
    '| z9 | human trial | drugs | test | 1 | 0 |',
  ].join('\n');
  const q = { kind: 'absolute' }, f = { kind: 'qualitative' };
  const studies: StudyLike[] = [
    { id: 'a1', split: 'training', arms: [{ measurements: [f, f] }] },
    { id: 'b2', split: 'test', arms: [{ measurements: [q] }, { measurements: [f] }] },
    { id: 'c3', split: 'test', arms: [{ measurements: [f] }] },
    { id: 'd4', split: 'test', arms: [] },
  ];
  assert.deepEqual(tableProblems(tableRows(text), studies), [
    'b2: 2 rows',
    'c3: the row says "training 1 0", the file "test 1 0" (split, measurements, quantitative)',
    'd4: no row',
    'z9: a row but no study file',
  ]);
  studies[0] = { id: 'a1', split: 'training', arms: [{ measurements: [q, f] }] };
  assert.match(tableProblems(tableRows(text), studies)[0], /^a1: the row says "training 2 0", the file "training 2 1"/);
});
