/**
 * The project's read-only shared folder, for benchmarks only: the peers' recorded timings
 * (`perfref/models.md`) and the CVODE harness source (`perfref/cvode_bench.c`). Tests never read
 * it (they use the vendored copies in test/data); a benchmark that finds no shared folder says so
 * and runs without the peer figures.
 */
import path from 'node:path';
import { ROOT } from '../test/helpers/paths.js';

/** `MAGBONE_SHARED`, or the folder `shared` beside the repository. */
export const SHARED = process.env.MAGBONE_SHARED ?? path.resolve(ROOT, '../shared');

/** What a benchmark prints when a file of the shared folder is missing. */
export const SHARED_HINT = 'it lives in the project\'s shared folder, not in this repository: set MAGBONE_SHARED to that folder';
