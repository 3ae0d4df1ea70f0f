/**
 * Writing results: CSV and JSON, written atomically (a temporary file in the same folder, then a
 * rename) so that a failed run never leaves a half-written output file.
 */
import fs from 'node:fs';
import path from 'node:path';

/** Checks that `file` can be written (its folder exists); returns a problem message or undefined. */
export function outputProblem(file: string, allowed: readonly string[]): string | undefined {
  const ext = path.extname(file).toLowerCase();
  if (!allowed.includes(ext)) return `${file}: unsupported extension "${ext || '(none)'}"; allowed: ${allowed.join(', ')}`;
  const dir = path.dirname(path.resolve(file));
  if (!fs.existsSync(dir)) return `${file}: the folder ${dir} does not exist`;
  if (!fs.statSync(dir).isDirectory()) return `${file}: ${dir} is not a folder`;
  return undefined;
}

export function writeAtomic(file: string, content: string | Uint8Array): void {
  const dir = path.dirname(path.resolve(file));
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    fs.writeFileSync(tmp, content);
    fs.renameSync(tmp, file);
  } catch (e) {
    try { fs.unlinkSync(tmp); } catch { /* nothing to clean */ }
    throw e;
  }
}

/** CSV and JSON are formatted by the browser-safe module, so the web app's downloads equal the CLI's files. */
export { toCSV, toJSON } from '../simulate/format.js';
