/**
 * Reads a PEtab v1 problem from disk: the problem file (YAML), then every file it names (relative
 * to it). Every unreadable file and every problem of the tables is reported at once (PetabError).
 */
import fs from 'node:fs';
import path from 'node:path';
import { petabFileList, buildPetabProblem, PetabError, type PetabProblem, type PetabIssue } from '../analysis/petab/index.js';

/** Reads a PEtab v1 problem from its problem file (YAML) and the files it names; throws PetabError listing every problem. */
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
  const named = petabFileList(text, problemFile);
  // the tables are named by their paths from here (relative to the problem file's folder), so that messages point at them
  const dir = path.dirname(problemFile);
  const at = (f: string): string => path.join(dir, f);
  const list = { ...named, parameterFile: at(named.parameterFile), sbmlFile: at(named.sbmlFile), conditionFiles: named.conditionFiles.map(at),
    measurementFiles: named.measurementFiles.map(at), observableFiles: named.observableFiles.map(at), ignored: named.ignored.map(at) };
  const texts = new Map<string, string>();
  for (const f of [list.parameterFile, list.sbmlFile, ...list.conditionFiles, ...list.measurementFiles, ...list.observableFiles]) {
    if (!texts.has(f)) texts.set(f, read(f, issues));
  }
  if (issues.length) throw new PetabError(issues);
  return buildPetabProblem(problemFile, list, texts);
}
