/**
 * Shipped calibrations: the files `npm run calibrate:human` writes into a model's folder
 * (`src/models/<id>/calibration/`: fit.json, posterior.json, profiles.json, coverage.md), the hash
 * of the model spec they were made with, and the built-in ensemble names (`--ensemble human-mg-bone`
 * reads that model's shipped posterior).
 */
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import type { Model } from '../model/model.js';
import { packageRoot } from './package-root.js';

/** SHA-256 of the model spec as JSON: changes whenever an equation, parameter or source changes. */
export function specHash(model: Pick<Model, 'spec'>): string {
  return createHash('sha256').update(JSON.stringify(model.spec)).digest('hex');
}

/** The folder of a model's shipped calibration. */
export function calibrationDir(modelId: string): string {
  return path.join(packageRoot(), 'src', 'models', modelId, 'calibration');
}

/**
 * A built-in ensemble name (a model id whose calibration folder has a posterior.json) → that file;
 * any other string is returned unchanged (a path). An existing file of the same name wins.
 */
export function resolveEnsemblePath(nameOrFile: string): string {
  return resolveShipped(nameOrFile, 'posterior.json');
}

/**
 * A built-in fit name (a model id whose calibration folder has a fit.json) → that file, so
 * `--params-file human-mg-bone` applies the shipped calibration's best values; any other string is
 * returned unchanged (a path). An existing file of the same name wins.
 */
export function resolveFitPath(nameOrFile: string): string {
  return resolveShipped(nameOrFile, 'fit.json');
}

function resolveShipped(nameOrFile: string, file: string): string {
  if (fs.existsSync(nameOrFile) || !/^[a-z0-9][a-z0-9-]*$/.test(nameOrFile)) return nameOrFile;
  const f = path.join(calibrationDir(nameOrFile), file);
  return fs.existsSync(f) ? f : nameOrFile;
}
