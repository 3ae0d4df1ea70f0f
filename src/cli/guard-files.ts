/** Reads a model's declared validated domain (`src/models/<id>/calibration/validated-domain.md`) for the guard rails and `magbone outputs`. */
import fs from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../node.js';
import { parseValidatedDomain, parseValidatedFailures, type ValidatedDomain, type ValidatedFailures } from '../index.js';

/** The text of the model's validated-domain.md, or undefined when it declares none. */
export function validatedDomainText(modelId: string): string | undefined {
  try { return fs.readFileSync(path.join(packageRoot(), 'src', 'models', modelId, 'calibration', 'validated-domain.md'), 'utf8'); } catch { return undefined; }
}

/**
 * The model's validated domain and the checks it fails there, per class and output, parsed from one read of the
 * document (undefined when the model declares none).
 */
export function validatedGuardsOf(modelId: string): { domain: ValidatedDomain; failures: ValidatedFailures } | undefined {
  const md = validatedDomainText(modelId);
  return md === undefined ? undefined : { domain: parseValidatedDomain(md), failures: parseValidatedFailures(md) };
}
