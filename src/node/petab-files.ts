/**
 * Reads a PEtab v1 problem from disk: the problem file (YAML), then every file it names (relative
 * to it). Every unreadable file and every problem of the tables is reported at once (PetabError).
 */
import fs from 'node:fs';
import path from 'node:path';
import { petabFileList, buildPetabProblem, PetabError, type PetabProblem, type PetabIssue } from '../analysis/petab/index.js';

export function readPetabProblem(problemFile: string): PetabProblem {
  const read = (f: string, issues: PetabIssue[]): string => {
    try { return fs.readFileSync(f, 'utf8'); } catch (e) {
      issues.push({ file: f, message: `cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})` });
      return '';
    }
  };
  const issues: PetabIssue[] = [];
  const text = read(problemFile, issues);
  if (issues.length) throw new PetabError(issues);
  const list = petabFileList(text, problemFile);
  const dir = path.dirname(problemFile);
  const texts = new Map<string, string>();
  for (const f of [list.parameterFile, list.sbmlFile, ...list.conditionFiles, ...list.measurementFiles, ...list.observableFiles]) {
    if (!texts.has(f)) texts.set(f, read(path.resolve(dir, f), issues));
  }
  if (issues.length) throw new PetabError(issues);
  return buildPetabProblem(problemFile, list, texts);
}
