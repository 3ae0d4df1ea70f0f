/**
 * PEtab v1 problems (docs/petab.md):
 *   magbone petab <problem.yaml> [--llh] [--gradient] [--simulations FILE]
 *   magbone fit --petab <problem.yaml> [--starts N] [--seed N] [--max-iter N] [--out fit.json]
 *
 * Exit codes: 0 done; 1 a simulation failed (time, reason) or no start of the fit could be
 * evaluated; 2 bad input — every problem of the problem file, its tables and its SBML model at once
 * (file, line, column), unsupported PEtab features named — with nothing written.
 */
import { helpText, type FlagSpec, HELP_FLAG, QUIET_FLAG, multiStartFlags, readMultiStart } from './args.js';
import { openCommand, badInput, type CommandIo } from './command.js';
import { outputProblem, writeAtomic } from './output.js';
import { Progress } from './progress.js';
import { petabModel, evaluatePetab, petabObjective, petabStartPoints, parameterValues, PetabError, formatPetabIssue, fitMultiStart, ModelInputError, formatIssues } from '../index.js';
import type { PetabModel, PetabProblem, FitResult } from '../index.js';
import { readPetabProblem } from '../node.js';

/** Reads and compiles a problem; problems as sentences (exit 2) instead of a throw. */
function load(file: string): { pm: PetabModel; problems?: undefined } | { pm?: undefined; problems: string[] } {
  let problem: PetabProblem;
  try { problem = readPetabProblem(file); } catch (e) {
    if (e instanceof PetabError) return { problems: e.petabIssues.map(formatPetabIssue) };
    throw e;
  }
  try { return { pm: petabModel(problem) }; } catch (e) {
    if (e instanceof ModelInputError) return { problems: formatIssues(e.issues.map((i) => ({ path: [...i.path], message: i.message }))).split('\n').map((l) => `${problem.sbmlFile}: ${l}`) };
    throw e;
  }
}

const FLAGS: Record<string, FlagSpec> = {
  llh: { type: 'boolean', help: 'print {"llh": …, "chi2": …, "logPrior": …, "logPosterior": …} at the nominal parameters (JSON; llh excludes the objective priors, as PEtab\'s)' },
  gradient: { type: 'boolean', help: 'with --llh: also d llh/dθ of the estimated parameters (θ on their parameterScale), from forward sensitivities' },
  simulations: { type: 'string', value: 'FILE', help: 'write the model value, σ and residual (T(model) − T(data))/σ of every measurement (.tsv)' },
  rtol: { type: 'number', value: 'X', help: 'relative tolerance of the solver (default 1e-10)' },
  atol: { type: 'number', value: 'X', help: 'absolute tolerance of the solver (default 1e-12)' },
  help: HELP_FLAG,
};

const HELP = helpText('magbone petab <problem.yaml> [--llh] [--gradient] [--simulations FILE]',
  'Reads a PEtab v1 problem (problem YAML, SBML model, condition, measurement, observable and parameter tables),\n'
  + 'checks it (every problem at once, with file, line and column), and with --llh evaluates the log-likelihood and\n'
  + 'chi2 at the nominal parameters with PEtab\'s conventions. Without --llh it prints a summary. See docs/petab.md.', FLAGS, [
    'magbone petab test/data/petab-test-suite/0009/_0009.yaml --llh',
    'magbone petab test/data/petab-benchmark/Boehm_JProteomeRes2014/Boehm_JProteomeRes2014.yaml --llh --gradient --simulations sim.tsv',
  ]);

function tolerances(flags: Record<string, unknown>, problems: string[]): { rtol?: number; atol?: number } {
  const out: { rtol?: number; atol?: number } = {};
  for (const k of ['rtol', 'atol'] as const) {
    const v = flags[k] as number | undefined;
    if (v === undefined) continue;
    if (!(v > 0 && v < 1)) problems.push(`--${k}: ${v} must be between 0 and 1`);
    else out[k] = v;
  }
  return out;
}

export async function runPetab(argv: readonly string[], io: CommandIo): Promise<number> {
  const opened = openCommand(argv, FLAGS, HELP, io);
  if (opened === 0) return 0;
  const { args, problems } = opened;
  const file = args.positional[0];
  if (!file) problems.push('a problem file (problem.yaml) is required');
  if (args.positional.length > 1) problems.push(`one problem file, got ${args.positional.length}`);
  const sims = args.flags.simulations as string | undefined;
  if (sims) { const p = outputProblem(sims, ['.tsv']); if (p) problems.push(`--simulations ${p}`); }
  if (args.flags.gradient && !args.flags.llh) problems.push('--gradient: only with --llh');
  const tol = tolerances(args.flags, problems);
  const loaded = file ? load(file) : undefined;
  if (loaded?.problems) problems.push(...loaded.problems);
  if (problems.length || !loaded?.pm) return badInput(io, problems);
  const pm = loaded.pm;
  const pr = pm.problem;
  if (!args.flags.llh && !sims) {
    const est = pr.parameters.filter((p) => p.estimate).length;
    io.out.write(`${file}: ${pr.measurements.length} measurements, ${pr.observables.size} observables, ${pr.conditions.size} conditions, `
      + `${pm.experiments.length} experiments (${pm.experiments.filter((e) => e.preequilibration).length} with preequilibration), `
      + `${pr.parameters.length} parameters (${est} estimated${pr.parameters.some((p) => p.objectivePrior) ? `, ${pr.parameters.filter((p) => p.objectivePrior).length} with an objective prior` : ''}); `
      + `model ${pr.sbmlFile}: ${pm.model.stateNames.length} states${pm.eventModel ? `, ${pr.sbml.events.length} events` : ''}\n`);
    for (const n of pr.notes) io.out.write(`note: ${n}\n`);
    return 0;
  }
  const ev = evaluatePetab(pm, undefined, { ...tol, ...(args.flags.gradient ? { gradient: 'forward' as const } : {}) });
  if (ev.failure) { io.err.write(`error: ${ev.failure}\n`); return 1; }
  if (sims) {
    const lines = ['observableId\tpreequilibrationConditionId\tsimulationConditionId\ttime\tsimulation\tsigma\tresidual'];
    pr.measurements.forEach((m, i) => lines.push([m.observable, m.preequilibration ?? '', m.condition, m.time === Infinity ? 'inf' : String(m.time), String(ev.simulations[i]), String(ev.sigmas[i]), String(ev.residuals[i])].join('\t')));
    writeAtomic(sims, lines.join('\n') + '\n');
  }
  if (args.flags.llh) {
    // logPrior: the objective priors (null when −∞: the nominal point is outside a uniform prior's interval)
    const out: Record<string, unknown> = { llh: ev.llh, chi2: ev.chi2, logPrior: ev.logPrior, logPosterior: ev.logPosterior };
    if (ev.gradient) out.gradient = Object.fromEntries(pm.estimated.map((k, i) => [pr.parameters[k].id, ev.gradient![i]]));
    io.out.write(JSON.stringify(out) + '\n');
  }
  return 0;
}

const FIT_FLAGS: Record<string, FlagSpec> = {
  petab: { type: 'string', value: 'FILE', help: 'the PEtab v1 problem (problem.yaml) to fit' },
  ...multiStartFlags('the nominal values'),
  fd: { type: 'boolean', help: 'Jacobian by central differences instead of forward sensitivities' },
  out: { type: 'string', value: 'FILE', help: 'write the fit (.json)' },
  rtol: FLAGS.rtol,
  atol: FLAGS.atol,
  quiet: QUIET_FLAG,
  help: HELP_FLAG,
};

const FIT_HELP = helpText('magbone fit --petab <problem.yaml> [--starts N] [--seed N] [--out fit.json]',
  'Fits the estimated parameters of a PEtab v1 problem (on their parameterScale, within their bounds) by maximum\n'
  + 'likelihood, or maximum a posteriori when the parameter table has objective priors: the evidence engine\'s\n'
  + 'multi-start bounded Levenberg–Marquardt on −llh − log-prior written as a sum of squares (σ that depend on\n'
  + 'parameters and priors enter as extra rows); initialization priors place the starts. See docs/petab.md.', FIT_FLAGS, [
    'magbone fit --petab test/data/petab-test-suite/0001/_0001.yaml --starts 4 --out fit.json',
  ]);

/** `magbone fit --petab …` (dispatched from fit.ts). */
export async function runFitPetab(argv: readonly string[], io: CommandIo): Promise<number> {
  const opened = openCommand(argv, FIT_FLAGS, FIT_HELP, io);
  if (opened === 0) return 0;
  const { args, problems } = opened;
  const file = (args.flags.petab as string | undefined) ?? '';
  if (!file) problems.push('--petab: a problem file (problem.yaml) is required');
  if (args.positional.length) problems.push(`unexpected argument "${args.positional[0]}" (the problem is given by --petab)`);
  const out = args.flags.out as string | undefined;
  if (out) { const p = outputProblem(out, ['.json']); if (p) problems.push(`--out ${p}`); }
  const { starts, seed, maxIter } = readMultiStart(args.flags, problems);
  const tol = tolerances(args.flags, problems);
  const loaded = file ? load(file) : undefined;
  if (loaded?.problems) problems.push(...loaded.problems);
  const pm = loaded?.pm;
  if (pm) {
    if (pm.estimated.length === 0) problems.push(`${file}: no parameter is estimated (estimate = 1 in the parameter table)`);
    for (const k of pm.estimated) {
      const p = pm.problem.parameters[k];
      if (p.scale !== 'lin' && !(p.lower > 0)) problems.push(`${file}: parameter '${p.id}': lowerBound ${p.lower} must be positive on ${p.scale} scale for a fit`);
      const pr = p.objectivePrior;
      if (pr && (pr.type === 'logNormal' || pr.type === 'logLaplace') && !(p.lower > 0)) {
        problems.push(`${file}: parameter '${p.id}': lowerBound ${p.lower} must be positive for a fit with its ${pr.type} objective prior (the density is 0 at x ≤ 0)`);
      }
    }
  }
  if (problems.length || !pm) return badInput(io, problems);
  const obj = petabObjective(pm, { ...tol, sensitivities: args.flags.fd ? 'fd' : 'forward' });
  const start = evaluatePetab(pm, obj.theta0, tol);
  const progress = new Progress(io.err, args.flags.quiet === true);
  progress.start('fit');
  let fit: FitResult;
  try {
    // the nominal point, then the design (an initializationPrior's quantiles where the table gives one)
    fit = await fitMultiStart(obj, obj.theta0, { starts, seed, points: petabStartPoints(obj, starts, seed), lsq: maxIter ? { maxIter } : {}, onStart: (d, n) => progress.update(d / n, `${d}/${n} starts`) });
  } finally { progress.stop(); }
  if (fit.best < 0) { io.err.write(`error: ${fit.message}\n`); return 1; }
  const end = evaluatePetab(pm, fit.theta, tol);
  const values = parameterValues(pm, fit.theta);
  const est = pm.estimated.map((k, i) => ({ id: pm.problem.parameters[k].id, scale: pm.problem.parameters[k].scale, theta: fit.theta[i], value: values[k], lower: pm.problem.parameters[k].lower, upper: pm.problem.parameters[k].upper, se: fit.covariance?.se[i] }));
  const lines = [`${file}: ${pm.problem.measurements.length} measurements, ${est.length} estimated parameters, ${fit.starts.length} starts`,
    `llh ${start.llh.toPrecision(10)} at the nominal values → ${end.llh.toPrecision(10)} at the fit (chi2 ${end.chi2.toPrecision(6)}); ${fit.message}`,
    ...(obj.priorRows.length || pm.estimated.some((k) => pm.problem.parameters[k].objectivePrior)
      ? [`objective priors: log-prior ${start.logPrior.toPrecision(10)} → ${end.logPrior.toPrecision(10)}, log-posterior ${start.logPosterior.toPrecision(10)} → ${end.logPosterior.toPrecision(10)} (the fit maximises the log-posterior)`] : []),
    '',
    `${'parameter'.padEnd(24)} ${'value'.padStart(13)} ${'θ (scale)'.padStart(18)} ${'SE of θ'.padStart(10)}  bounds`];
  for (const e of est) lines.push(`${e.id.padEnd(24)} ${e.value.toPrecision(6).padStart(13)} ${`${e.theta.toPrecision(6)} (${e.scale})`.padStart(18)} ${(e.se === undefined ? '' : Number.isFinite(e.se) ? e.se.toPrecision(3) : 'unidentified').padStart(10)}  [${e.lower}, ${e.upper}]`);
  io.out.write(lines.join('\n') + '\n');
  if (out) {
    writeAtomic(out, JSON.stringify({
      kind: 'magbone-petab-fit', version: 1, problem: file, llhNominal: start.llh, llh: end.llh, chi2: end.chi2, logPrior: end.logPrior, logPosterior: end.logPosterior, objective: fit.cost,
      parameters: est, converged: fit.converged, message: fit.message, starts: fit.starts, bestStart: fit.best, covariance: fit.covariance, seed: fit.seed, settings: fit.settings,
    }, null, 1) + '\n');
  }
  if (!fit.converged) io.err.write(`warning: the best start did not converge (${fit.starts[fit.best].message})\n`);
  return 0;
}
