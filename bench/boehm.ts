/**
 * `npm run bench:boehm`: Boehm_JProteomeRes2014 from the PEtab benchmark collection (vendored in
 * test/data/petab-benchmark) — reading the problem (YAML, TSV tables and the SBML model: import),
 * building the PEtab model (compile), and one evaluation of the log-likelihood at the nominal
 * parameters (simulate every condition and score the 48 measurements), then the same evaluation with
 * the forward-sensitivity gradient. Median of 7 repetitions, each from the files (the compile cache
 * does not hide the cost: every repetition builds its own model from a fresh read).
 *
 * Peer: issue #17 asks for AMICI's figures for its CI "where available". None is recorded in
 * ../shared/perfref, and none could be retrieved here, so this prints our figures only (and says so).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readPetabProblem } from '../src/node.js';
import { petabModel, evaluatePetab } from '../src/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const FILE = path.resolve(here, '../../test/data/petab-benchmark/Boehm_JProteomeRes2014/Boehm_JProteomeRes2014.yaml');
const REPS = 7;
const med = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1];

const rows: number[][] = [];
let llh = NaN;
for (let r = 0; r < REPS; r++) {
  const t0 = performance.now();
  const problem = readPetabProblem(FILE);
  const t1 = performance.now();
  const pm = petabModel(problem);
  const t2 = performance.now();
  const ev = evaluatePetab(pm);
  const t3 = performance.now();
  const evg = evaluatePetab(pm, undefined, { gradient: 'forward' });
  const t4 = performance.now();
  if (ev.failure || evg.failure) throw new Error(`Boehm evaluation failed: ${ev.failure ?? evg.failure}`);
  llh = ev.llh;
  rows.push([t1 - t0, t2 - t1, t3 - t2, t4 - t3]);
}
const col = (k: number): number => med(rows.map((x) => x[k]));
console.log(`Boehm_JProteomeRes2014 (median of ${REPS}): read problem + import SBML ${col(0).toFixed(1)} ms, build PEtab model (compile) ${col(1).toFixed(1)} ms, ` +
  `llh at the nominal parameters ${col(2).toFixed(1)} ms (llh ${llh.toFixed(9)}), llh + forward-sensitivity gradient ${col(3).toFixed(1)} ms; ` +
  `import + compile + simulate ${(col(0) + col(1) + col(2)).toFixed(1)} ms`);
console.log('peer: AMICI\'s CI timings for this problem are not among the recorded peer timings (perfref) and could not be retrieved here: no ratio printed');
