/**
 * `npm run bench:fit`: the fit benchmark of issue #12 — 10 human-mg-bone parameters fitted to 10
 * training studies from 8 starts on 2 workers (exact forward-sensitivity Jacobian). Prints the wall
 * time, the evaluations, the objective and the convergence of every start. Only studies with
 * quantitative measurements enter the likelihood (the others hold qualitative facts only).
 * Options: --starts N, --workers N, --max-iter K, --seed S, --fd (central-difference Jacobian instead).
 */
import path from 'node:path';
import { packageRoot } from '../src/node/package-root.js';
import { loadStudies } from '../src/node/study-files.js';
import { buildStudyFit, type StudyFitRequest } from '../src/node/study-source.js';
import { fitMultiStart } from '../src/analysis/evidence/fit.js';
import { workerRunner } from '../src/node/evidence-workers.js';
import { serialRunner } from '../src/analysis/evidence/tasks.js';
import { hasFlag, numberFlag } from './args.js';

const starts = numberFlag('--starts', 8), workers = numberFlag('--workers', 2), maxIter = numberFlag('--max-iter', 30), seed = numberFlag('--seed', 1);

const PARAMS = ['F_DCT_max', 'theta_DCT', 'K_block', 'n_block', 'K_D', 'K_cell', 'sec_ref', 'a_Mg_TAL', 'd_EST', 'site_fn'];
const dir = path.join(packageRoot(), 'studies');
// the 10 training studies: those with quantitative measurements first, then the oldest others
const training = loadStudies([dir], { model: 'human-mg-bone' }).filter((s) => s.split === 'training');
const quantitative = (s: (typeof training)[number]) => s.arms.some((a) => a.measurements.some((m) => m.kind !== 'qualitative'));
const chosen = [...training.filter(quantitative), ...training.filter((s) => !quantitative(s))].slice(0, 10);
const files = chosen.map((s) => path.join(dir, `${s.id}.yaml`));
const req: StudyFitRequest = { model: 'human-mg-bone', studies: files, split: 'training', params: PARAMS, ...(hasFlag('--fd') ? { jacobian: 'fd' as const } : {}) };
const built = buildStudyFit(req);
const obj = built.objective;
console.log(`fit benchmark: ${PARAMS.length} parameters, ${chosen.length} training studies (${chosen.filter(quantitative).length} with quantitative measurements: ${obj.rows.length} residuals), ${starts} starts, ${workers} workers, maxIter ${maxIter}, Jacobian: ${obj.jacobian.method}${obj.jacobian.fallbackArms.length ? ` (FD fallback: ${obj.jacobian.fallbackArms.join(', ')})` : ''}`);
console.log(`studies: ${chosen.map((s) => s.id).join(', ')}`);
const runner = workers > 1 ? workerRunner({ module: new URL('../src/node/study-source.js', import.meta.url).href, export: 'createStudyObjective', args: req }, workers) : serialRunner(obj);
const t0 = performance.now();
const fit = await fitMultiStart(obj, built.start.map(Math.log), { starts, seed, lsq: { maxIter }, runner });
const wall = (performance.now() - t0) / 1000;
if ('close' in runner) await (runner as { close(): Promise<void> }).close();
console.log('start  origin  F                  status     iterations  evaluations');
for (const s of fit.starts) {


  console.log(`${String(s.index).padEnd(6)} ${s.origin.padEnd(7)} ${s.cost.toPrecision(6).padEnd(18)} ${s.status.padEnd(10)} ${String(s.iterations).padEnd(11)} ${s.evaluations}`);
}
const evals = fit.starts.reduce((a, s) => a + s.evaluations, 0);
console.log(`best start ${fit.best}: F = ${fit.cost.toPrecision(6)}; converged starts ${fit.starts.filter((s) => s.converged).length}/${fit.starts.length}`);
console.log(`wall time ${wall.toFixed(1)} s; evaluations ${evals} (${(wall / evals * workers * 1000).toFixed(0)} ms per evaluation per worker)`);
