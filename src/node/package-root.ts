/** The package's root folder on disk (for the data files shipped beside the code: studies/, calibration/). */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root: the nearest folder above this file with a package.json (works from src/, dist/src/ and a bundle). */
export function packageRoot(): string {
  let d = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (fs.existsSync(path.join(d, 'package.json'))) return d;
    d = path.dirname(d);
  }
  throw new Error('magbone: package root not found');
}
