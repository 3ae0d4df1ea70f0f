/**
 * Ensemble files on disk: a posterior ensemble ({ "params": [...], "samples": [[...], ...] }) read
 * and checked against a model; a built-in name reads the model's shipped posterior.
 */
import fs from 'node:fs';
import type { Model } from '../model/model.js';
import { InputError, type InputIssue } from '../core/issues.js';
import type { Ensemble } from '../analysis/evidence/coverage.js';
import { resolveEnsemblePath } from './calibration.js';

/**
 * Reads and checks an ensemble file ({ "params": [...], "samples": [[...], ...] }) against a model.
 * A built-in name (a model id with a shipped calibration, e.g. `human-mg-bone`) reads that model's
 * posterior (calibration.ts).
 */
export function readEnsemble(fileOrName: string, model: Model): Ensemble {
  const file = resolveEnsemblePath(fileOrName);
  const issues: InputIssue[] = [];
  let data: unknown;
  try { data = JSON.parse(fs.readFileSync(file, 'utf8')); } catch (e) { throw new InputError([{ path: [], message: `${file}: ${(e as Error).message}` }], 'ensemble'); }
  const rec = (typeof data === 'object' && data !== null && !Array.isArray(data) ? data : {}) as Record<string, unknown>;
  const params = rec.params;
  const samples = rec.samples;
  if (!Array.isArray(params) || params.length === 0 || !params.every((p) => typeof p === 'string')) issues.push({ path: ['params'], message: 'required: a non-empty list of parameter names' });
  else params.forEach((p, i) => { if (!model.spec.parameters[p as string]) issues.push({ path: ['params', i], message: `"${p}" is not a parameter of ${model.id}` }); });
  if (!Array.isArray(samples) || samples.length === 0) issues.push({ path: ['samples'], message: 'required: a non-empty list of draws (each a list of parameter values)' });
  else if (Array.isArray(params)) {
    samples.forEach((s, i) => {
      if (!Array.isArray(s) || s.length !== params.length || !s.every((x) => typeof x === 'number' && Number.isFinite(x))) {
        if (issues.length < 20) issues.push({ path: ['samples', i], message: `must hold ${params.length} finite number(s), one per parameter` });
      }
    });
  }
  if (issues.length) throw new InputError(issues.map((i) => ({ ...i, path: [file, ...i.path] })), 'ensemble');
  return { params: params as string[], samples: samples as number[][] };
}

