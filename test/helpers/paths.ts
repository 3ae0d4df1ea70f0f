/** Locations tests read from: the repository root and the read-only `../shared` folder beside it. */
import { fileURLToPath } from 'node:url';
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
export const SHARED = process.env.MAGBONE_SHARED ?? path.resolve(ROOT, '../shared');
/** True when slow tests (decades-long runs, populations) should run. */
export const SLOW = process.env.MAGBONE_SLOW === '1' || process.env.CI === 'true';
