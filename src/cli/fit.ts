/**
 * `magbone fit`: estimates model parameters from the study library by bounded least squares on
 * log scale, multi-start (src/analysis/evidence/fit.ts), and writes fit.json (docs/evidence.md,
 * "Fitting"), which `profile`, `sample` and `--params-file` read.
 */
import path from 'node:path';
import { helpText, type FlagSpec, HELP_FLAG, QUIET_FLAG, multiStartFlags, readMultiStart } from './args.js';
import { openCommand, badInput } from './command.js';
import { outputProblem, writeAtomic } from './output.js';
import { plotProblem, renderPng } from './plot.js';
import { Progress } from './progress.js';
import { SHARD_FLAG, parseShard, shardTaskRunner } from './shard.js';
import { InputError, formatIssues } from '../index.js';
import { StudyError, formatStudyIssue } from '../index.js';
import { packageRoot } from '../node.js';
import { fitMultiStart, type FitResult } from '../index.js';
import type { StudyFit, StudyFitRequest, Split } from '../node.js';
import { svgBars } from '../index.js';
import { noiseFromStudies } from '../index.js';
import { defaultDeps, makeRunner, workersProblem, type EvidenceDeps, type FitFile } from './evidence-files.js';

const FLAGS: Record<string, FlagSpec> = {
  model: { type: 'string', value: 'ID', help: 'the model whose parameters are fitted (required)' },
  petab: { type: 'string', value: 'FILE', help: 'fit a PEtab v1 problem instead (magbone fit --petab problem.yaml --help)' },
  studies: { type: 'string', multiple: true, value: 'DIR|FILE', help: 'study files or folders (repeatable; default: the shipped studies/)' },
  params: { type: 'string', value: 'A,B,…', help: 'parameters to estimate (required; positive, fitted as ln p within their bounds)' },
  split: { type: 'string', value: 'training|test|all', help: 'which studies (default training: test studies are held out)' },
  'model-error': { type: 'number', value: 'EPS', help: 'model discrepancy, relative SD added to every SE (default 0; a study\'s own modelError wins)' },
  facts: { type: 'boolean', help: 'also fit the studies\' qualitative facts, as soft constraints (a row w·v/s per fact, 0 while it holds; docs/evidence.md)' },
  'fact-weight': { type: 'number', value: 'W', help: 'with --facts: weight w of every fact row (default 1)' },
  'facts-exclude': { type: 'string', value: 'IDS', help: 'with --facts: comma-separated study ids whose facts stay checks, out of the objective' },
  ...multiStartFlags('the model\'s values'),
  workers: { type: 'number', help: 'worker threads (default 1); the result is the same for any count' },
  out: { type: 'string', value: 'FILE', help: 'write the fit (.json; required; with --shard the partial result)' },
  shard: SHARD_FLAG,
  plot: { type: 'string', value: 'FILE', help: 'standardized residuals per measurement (.svg or .png)' },
  quiet: QUIET_FLAG,
  help: HELP_FLAG,
};

const HELP = helpText('magbone fit --model ID --params A,B,… [--studies DIR|FILE …] --out fit.json [options]',
  'Fits parameters to the quantitative measurements of the study library: minimises ½Σ r², r = (model − observed)/SE,\n'
  + 'by bounded Levenberg–Marquardt from several starts; reports every start, the best values, residuals per study and\n'
  + 'per measurement, and the covariance of ln p from (JᵀJ)⁻¹. See docs/evidence.md, "Fitting".', FLAGS, [
    'magbone fit --model human-mg-bone --params V_Mg,a_Mg_TAL --out fit.json',
    'magbone fit --model human-mg-bone --studies studies/ --params V_Mg,a_Mg_TAL,GFR0 --starts 16 --seed 3 --workers 2 --out fit.json --plot fit.png',
  ]);

/** The fit file of a result. */
export function fitFile(req: StudyFitRequest, built: StudyFit, fit: FitResult): FitFile {
  const { objective } = built;
  // residual order: measurement rows, fact rows, then prior rows (no study)
  const rowsInOrder = [...objective.rows, ...objective.factRows];
  const perMeasurement = fit.residuals.map((residual, i) => ({ label: objective.labels[i], study: rowsInOrder[i]?.study.id ?? 'prior', residual }));
  const noise = noiseFromStudies(built.studies);
  const perStudy = new Map<string, { n: number; ss: number }>();
  for (const m of perMeasurement) {
    const s = perStudy.get(m.study) ?? { n: 0, ss: 0 };
    s.n++; s.ss += m.residual * m.residual;
    perStudy.set(m.study, s);
  }
  return {
    kind: 'magbone-fit', version: 1, model: req.model, studies: built.studies.map((s) => s.id), studyFiles: req.studies, split: req.split,
    modelError: req.modelError ?? 0, params: fit.params, ...(req.facts ? { facts: req.facts } : {}),
    bounds: { lower: fit.lower.map(Math.exp), upper: fit.upper.map(Math.exp) }, thetaBounds: { lower: fit.lower, upper: fit.upper },
    best: Object.fromEntries(fit.params.map((p, i) => [p, fit.values[i]])), theta: fit.theta, objective: fit.cost,
    converged: fit.converged, message: fit.message,
    residuals: { perStudy: [...perStudy].map(([study, s]) => ({ study, n: s.n, sumSquares: s.ss, rms: Math.sqrt(s.ss / s.n) })), perMeasurement },
    starts: fit.starts, bestStart: fit.best, covariance: fit.covariance, seed: fit.seed, settings: fit.settings,
    ...(Object.keys(noise.noise).length ? { noise: noise.noise, noiseBasis: noise.basis } : {}),
  };
}

function table(f: FitFile): string {
  const lines = [`model ${f.model}, ${f.studies.length} stud${f.studies.length === 1 ? 'y' : 'ies'} (${f.split}), ${f.residuals.perMeasurement.length} residuals`,
    `objective ½Σr² = ${f.objective.toPrecision(6)}; ${f.message}`, '',
    `${'parameter'.padEnd(18)} ${'value'.padStart(12)} ${'×/÷ (1 SE)'.padStart(11)}  bounds`];
  f.params.forEach((p, i) => {
    const se = f.covariance?.se[i];
    lines.push(`${p.padEnd(18)} ${f.best[p].toPrecision(5).padStart(12)} ${(se === undefined ? '' : Number.isFinite(se) ? Math.exp(se).toFixed(3) : 'unidentified').padStart(11)}  [${f.bounds.lower[i].toPrecision(3)}, ${f.bounds.upper[i].toPrecision(3)}]`);
  });
  if (f.covariance?.rankDeficient) lines.push('', `JᵀJ is rank-deficient (rank ${f.covariance.rank} of ${f.params.length}): not determined by the data: ${f.covariance.unidentified.join(', ')}`);
  lines.push('', 'study'.padEnd(28) + ' n    rms r');
  for (const s of f.residuals.perStudy) lines.push(`${s.study.padEnd(28)} ${String(s.n).padEnd(4)} ${s.rms.toFixed(2)}`);
  return lines.join('\n') + '\n';
}

export async function runFit(argv: readonly string[], io = { out: process.stdout, err: process.stderr }, deps: EvidenceDeps = defaultDeps): Promise<number> {
  if (argv.includes('--petab') || argv.some((a) => a.startsWith('--petab='))) return (await import('./petab.js')).runFitPetab(argv, io); // a PEtab problem (petab.ts)
  const opened = openCommand(argv, FLAGS, HELP, io);
  if (opened === 0) return 0;
  const { args, problems } = opened;
  const model = args.flags.model as string | undefined;
  if (!model) problems.push('--model: required (the model id, e.g. human-mg-bone)');
  const params = typeof args.flags.params === 'string' ? args.flags.params.split(',').map((s) => s.trim()).filter(Boolean) : [];
  if (params.length === 0) problems.push('--params: required (the parameters to estimate, e.g. --params V_Mg,a_Mg_TAL)');
  if (new Set(params).size !== params.length) problems.push('--params: a parameter is listed twice');
  const split = (args.flags.split as string | undefined) ?? 'training';
  if (!['training', 'test', 'all'].includes(split)) problems.push(`--split: "${split}" is not allowed; use training, test or all`);
  const out = args.flags.out as string | undefined;
  if (!out) problems.push('--out: required (the fit file, .json)');
  else { const p = outputProblem(out, ['.json']); if (p) problems.push(`--out ${p}`); }
  const plot = args.flags.plot as string | undefined;
  if (plot) { const p = plotProblem(plot); if (p) problems.push(`--plot ${p}`); }
  const wp = workersProblem(args.flags.workers); if (wp) problems.push(wp);
  const shard = parseShard(args.flags.shard, problems);
  const { starts, seed, maxIter } = readMultiStart(args.flags, problems);
  const modelError = args.flags['model-error'] as number | undefined;
  if (modelError !== undefined && !(modelError >= 0)) problems.push(`--model-error: ${modelError} must be ≥ 0`);
  // absolute, so that profile and sample find the studies from any folder
  const refs = [...((args.flags.studies as string[] | undefined) ?? []), ...args.positional].map((r) => path.resolve(r));
  if (refs.length === 0) refs.push(path.join(packageRoot(), 'studies'));
  const factWeight = args.flags['fact-weight'] as number | undefined;
  if (factWeight !== undefined && !(factWeight > 0)) problems.push(`--fact-weight: ${factWeight} must be > 0`);
  if (factWeight !== undefined && args.flags.facts !== true) problems.push('--fact-weight: only with --facts');
  const factsExclude = args.flags['facts-exclude'] as string | undefined;
  const exclude = factsExclude === undefined ? undefined : factsExclude.split(',').map((x) => x.trim()).filter((x) => x);
  if (factsExclude !== undefined && args.flags.facts !== true) problems.push('--facts-exclude: only with --facts');
  if (exclude && exclude.length === 0) problems.push(`--facts-exclude: "${factsExclude}" names no study (comma-separated study ids)`);
  const req: StudyFitRequest = { model: model ?? '', studies: refs, split: split as Split, params, modelError,
    ...(args.flags.facts === true ? { facts: { ...(factWeight !== undefined ? { weight: factWeight } : {}), ...(exclude?.length ? { exclude } : {}) } } : {}) };
  let built: StudyFit | undefined;
  if (model && params.length > 0 && ['training', 'test', 'all'].includes(split)) {
    try { built = deps.build(req); } catch (e) {
      if (e instanceof StudyError) problems.push(...e.studyIssues.map(formatStudyIssue));
      else if (e instanceof InputError) problems.push(...formatIssues(e.issues).split('\n'));
      else throw e;
    }
  }
  if (problems.length > 0 || !built) { return badInput(io, problems); }

  const workers = (args.flags.workers as number | undefined) ?? 1;
  const progress = new Progress(io.err, args.flags.quiet === true);
  progress.start('fit');
  const made = await makeRunner(built.objective, workers, deps.source(req));
  const { close } = made;
  const runner = shardTaskRunner({ command: 'fit', argv, shard, out }, made.runner); // --shard: a block of the starts
  let fit: FitResult;
  try {
    fit = await fitMultiStart(built.objective, built.start.map(Math.log), {
      starts, seed, runner, lsq: maxIter ? { maxIter } : {}, onStart: (d, n) => progress.update(d / n, `${d}/${n} starts`),
    });
  } finally { await close(); progress.stop(); }
  if (fit.best < 0) { io.err.write(`error: ${fit.message}\n`); return 1; }
  const file = fitFile(req, built, fit);
  io.out.write(table(file));
  writeAtomic(out!, JSON.stringify(file, null, 1) + '\n');
  if (plot) {
    const svg = svgBars(file.residuals.perMeasurement.map((m) => ({ label: m.label.length > 28 ? `…${m.label.slice(-27)}` : m.label, value: m.residual, note: m.study })), { title: `standardized residuals at the fit (${file.model})`, unit: '(model − observed)/SE' });
    writeAtomic(plot, plot.toLowerCase().endsWith('.png') ? renderPng(svg) : svg);
  }
  if (!fit.converged) io.err.write(`warning: the best start did not converge (${fit.starts[fit.best].message})\n`);
  return 0;
}
