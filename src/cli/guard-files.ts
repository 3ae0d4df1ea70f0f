/** Reads a model's declared validated domain (`src/models/<id>/calibration/validated-domain.md`) for the guard rails. */
import fs from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../node.js';
import { parseValidatedDomain, parseValidatedFailures, type ValidatedDomain, type ValidatedFailures } from '../index.js';

/** The model's validated domain, or undefined when it declares none. */
export function validatedDomainOf(modelId: string): ValidatedDomain | undefined {
  const file = path.join(packageRoot(), 'src', 'models', modelId, 'calibration', 'validated-domain.md');
  try { return parseValidatedDomain(fs.readFileSync(file, 'utf8')); } catch { return undefined; }
}

/** The checks the model fails, per class and output, from the same document (empty when it declares none). */
export function validatedFailuresOf(modelId: string): ValidatedFailures | undefined {
  const file = path.join(packageRoot(), 'src', 'models', modelId, 'calibration', 'validated-domain.md');
  try { return parseValidatedFailures(fs.readFileSync(file, 'utf8')); } catch { return undefined; }
}
