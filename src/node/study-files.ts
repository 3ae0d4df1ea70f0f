/**
 * Study files on disk: the files and folders named on the command line (or the shipped library,
 * `studies/`), read, parsed (YAML or JSON) and checked by `analysis/evidence/study.ts`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { didYouMean } from '../core/issues.js';
import { modelIds, findModel } from '../builtin/index.js';
import { checkStudy, parseStudyText, StudyError, type Study, type StudyIssue } from '../analysis/evidence/study.js';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const STUDY_FILE = /\.(ya?ml|json)$/i;

/**
 * The study files named by `refs`: files, or folders (their *.yaml, *.yml and *.json files, not
 * recursive; `*.schema.json` skipped). Problems (missing files, empty folders) go into `issues`.
 */
export function studyFiles(refs: readonly string[], issues: StudyIssue[]): string[] {
  const files: string[] = [];
  for (const ref of refs) {
    if (!fs.existsSync(ref)) { issues.push({ file: ref, path: [], message: 'no such file or folder' }); continue; }
    if (fs.statSync(ref).isDirectory()) {
      const found = fs.readdirSync(ref).filter((f) => STUDY_FILE.test(f) && !f.endsWith('.schema.json')).sort().map((f) => path.join(ref, f));
      if (found.length === 0) issues.push({ file: ref, path: [], message: 'no study files (*.yaml, *.yml, *.json) in this folder' });
      files.push(...found);
    } else if (!STUDY_FILE.test(ref)) issues.push({ file: ref, path: [], message: 'a study file must end in .yaml, .yml or .json' });
    else files.push(ref);
  }
  return [...new Set(files)];
}

/**
 * Loads and checks study files and folders; throws StudyError with every problem of every file
 * (study ids must be unique across the library). `model` restricts the library to one model id.
 */
export function loadStudies(refs: readonly string[], opts: { model?: string } = {}): Study[] {
  const issues: StudyIssue[] = [];
  const files = studyFiles(refs, issues);
  const studies: Study[] = [];
  const seen = new Map<string, string>();
  for (const file of files) {
    const parsed = parseStudyText(fs.readFileSync(file, 'utf8'), file);
    issues.push(...parsed.issues);
    if (parsed.data === undefined) continue;
    const r = checkStudy(parsed.data, file);
    issues.push(...r.issues);
    const id = isRecord(parsed.data) && typeof parsed.data.id === 'string' ? parsed.data.id : undefined;
    if (id !== undefined) {
      if (seen.has(id)) issues.push({ file, path: ['id'], message: `duplicate study id "${id}" (also ${seen.get(id)})` });
      else seen.set(id, file);
    }
    if (r.study) studies.push(r.study);
  }
  if (opts.model !== undefined && !findModel(opts.model)) issues.push({ file: '--model', path: [], message: `unknown model "${opts.model}"${didYouMean(opts.model, modelIds())}` });
  if (issues.length) throw new StudyError(issues);
  return opts.model === undefined ? studies : studies.filter((s) => s.model === opts.model);
}

/** A row of the split table of `studies/README.md`: a study, its data type and split, and its counts of measurements. */
export interface SplitTableRow {
  /** The study id (its file name). */
  id: string;
  /** The evidence column (e.g. "human trial"). */
  evidence: string;
  /** The data type, with any parenthesised note (`scenarioClassOf` gives the class). */
  dataType: string;
  /** The split the study is assigned to. */
  split: 'training' | 'test';
  /** Its number of measurements, as the table says. */
  measurements: number;
  /** Of which quantitative (likelihood terms), as the table says. */
  quantitative: number;
}

/**
 * The rows of the split table in the text of `studies/README.md`: table lines whose first cell is a study id and whose
 * fourth is "training" or "test". The one reader of the table (the validated domain, its tests, the table's own test).
 */
export function splitTableRows(text: string): SplitTableRow[] {
  const rows: SplitTableRow[] = [];
  for (const line of text.split('\n')) {
    const c = line.split('|').map((x) => x.trim());
    if (c.length < 8 || !/^[a-z0-9][a-z0-9_-]*$/.test(c[1]) || (c[4] !== 'training' && c[4] !== 'test')) continue;
    rows.push({ id: c[1], evidence: c[2], dataType: c[3], split: c[4], measurements: Number(c[5]), quantitative: Number(c[6]) });
  }
  return rows;
}
