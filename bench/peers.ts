/**
 * The peers' recorded figures and the CVODE harness, vendored in `bench/peers/` (copied from the
 * project's perfref material, README.md there says how they were made): `models.md` (mrgsolve's
 * timings on this machine kind) and `cvode_bench.c` (our own SUNDIALS-CVODE harness, built by
 * bench/cvode.ts). A clone of the repository alone has everything its benchmarks read.
 */
import path from 'node:path';
import { ROOT } from '../test/helpers/paths.js';

/** Folder of the vendored peer material. */
export const PEERS = path.join(ROOT, 'bench', 'peers');
