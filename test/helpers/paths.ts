/**
 * Locations tests read from: the repository root and the vendored data in `test/data` (reference
 * trajectories, the stiff IVP test set, CVODE's recorded results; sources and licences in
 * test/data/README.md). Tests read nothing outside the repository except their own temp dirs.
 */
import { fileURLToPath } from 'node:url';
import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
/** Repository root (tests run from dist/test/..., so walk up until package.json). */
export const ROOT = (() => {
  let d = here;
  for (let i = 0; i < 6; i++) {
    if (path.basename(d) === 'dist') return path.dirname(d);
    d = path.dirname(d);
  }
  return path.resolve(here, '../../..');
})();
/** The vendored test data (`<repo>/test/data`, laid out as the project's shared folder). */
export const DATA = path.join(ROOT, 'test', 'data');
/** True when slow tests (decades-long runs, populations) should run. */
export const SLOW = process.env.MAGBONE_SLOW === '1' || process.env.CI === 'true';

/**
 * The text of a vendored data file, `rel` relative to DATA (e.g. 'reference/openbonemin/x.csv'):
 * the file itself, or its gzip-compressed copy `rel + '.gz'` (large CSVs are stored compressed).
 */
export function readData(rel: string): string {
  const file = path.join(DATA, rel);
  if (existsSync(file)) return readFileSync(file, 'utf8');
  if (existsSync(file + '.gz')) return gunzipSync(readFileSync(file + '.gz')).toString('utf8');
  throw new Error(`test data ${rel} not found: neither ${file} nor ${file}.gz exists`);
}
