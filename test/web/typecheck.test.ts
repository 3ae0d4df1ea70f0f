/**
 * The web app's TypeScript (web/, DOM and Vite types) is not part of the root tsconfig; Vite only
 * strips types. This keeps `npm test` failing on a type error in the browser code, or in a library
 * file the browser imports.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { ROOT } from '../helpers/paths.js';

test('web/ type-checks (tsc -p web)', () => {
  const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const r = spawnSync(process.execPath, [tsc, '-p', path.join(ROOT, 'web')], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  assert.equal(r.status, 0, `tsc -p web:\n${r.stdout}${r.stderr}`);
});
