/**
 * `magbone sample`: a posterior ensemble around a fit by the affine-invariant ensemble sampler
 * (src/analysis/evidence/sampler.ts), with R-hat and bulk ESS per parameter (docs/evidence.md,
 * "Posterior sampling"). posterior.json holds `params` and `samples` (natural scale), the format
 * `validate --ensemble` and `simulate --ensemble` read.
 */
import { helpText, type FlagSpec, HELP_FLAG, QUIET_FLAG } from './args.js';
import { openCommand, badInput } from './command.js';
import { outputProblem, writeAtomic } from './output.js';
import { Progress } from './progress.js';
import { SHARD_FLAG, parseShard, shardTaskRunner } from './shard.js';
import { samplePosterior, type SampleResult } from '../index.js';
import { defaultDeps, fitAndObjective, makeRunner, requestOf, workersProblem, type EvidenceDeps } from './evidence-files.js';

const FLAGS: Record<string, FlagSpec> = {
  fit: { type: 'string', value: 'FILE', help: 'the fit (fit.json from magbone fit; required): start point and scale' },
  n: { type: 'number', help: 'draws in posterior.json (default 1000), taken evenly from all kept draws' },
  chains: { type: 'number', help: 'independent ensembles (default 4)' },
  walkers: { type: 'number', help: 'walkers per ensemble (even, ≥ 2·params + 2; default max(2·params + 2, 16))' },
  steps: { type: 'number', help: 'kept steps per walker (default max(⌈n/(chains·walkers)⌉, 500))' },
  burn: { type: 'number', help: 'steps discarded first (default max(200, steps/2))' },
  thin: { type: 'number', help: 'keep every k-th step (default 1)' },
  seed: { type: 'number', help: 'seed (default 1)' },
  workers: { type: 'number', help: 'worker threads, one chain at a time each (default 1); the result is the same for any count' },
  out: { type: 'string', value: 'FILE', help: 'write the posterior (.json; required)' },
  shard: SHARD_FLAG,
  quiet: QUIET_FLAG,
  help: HELP_FLAG,
};

const HELP = helpText('magbone sample --fit fit.json --n N --chains C --seed S [--workers N] --out posterior.json',
  'Samples the posterior of the fitted parameters (flat prior on ln p within the bounds, likelihood exp(−½Σr²)) with\n'
  + 'C independent Goodman–Weare ensembles started from the fit\'s Laplace approximation; reports split rank-normalised\n'
  + 'R-hat and bulk ESS per parameter and warns when R-hat > 1.01 or ESS < 100·C. Every proposal costs one evaluation\n'
  + 'of all studies: chains·walkers·(burn + steps·thin) in all.', FLAGS, [
    'magbone sample --fit fit.json --n 40 --chains 2 --steps 10 --seed 1 --out posterior.json',
    'magbone sample --fit fit.json --n 40 --chains 2 --steps 20 --workers 2 --out posterior.json',
  ]);

function table(r: SampleResult): string {
  const lines = [`${r.settings.chains} ensembles × ${r.settings.walkers} walkers × ${r.settings.steps} kept steps (burn ${r.settings.burn}, thin ${r.settings.thin}); ${r.evaluations} evaluations`, '',
    `${'parameter'.padEnd(18)} ${'median'.padStart(11)} ${'2.5 %'.padStart(11)} ${'97.5 %'.padStart(11)} ${'R-hat'.padStart(7)} ${'ESS'.padStart(7)}`];
  for (const s of r.summary) lines.push(`${s.param.padEnd(18)} ${s.q50.toPrecision(4).padStart(11)} ${s.q025.toPrecision(4).padStart(11)} ${s.q975.toPrecision(4).padStart(11)} ${s.rhat.toFixed(3).padStart(7)} ${s.ess.toFixed(0).padStart(7)}`);
  return lines.join('\n') + '\n';
}

export async function runSample(argv: readonly string[], io = { out: process.stdout, err: process.stderr }, deps: EvidenceDeps = defaultDeps): Promise<number> {
  const opened = openCommand(argv, FLAGS, HELP, io);
  if (opened === 0) return 0;
  const { args, problems } = opened;
  if (args.positional.length) problems.push(`unexpected argument(s): ${args.positional.join(' ')}`);
  const out = args.flags.out as string | undefined;
  if (!out) problems.push('--out: required (the posterior file, .json)');
  else { const p = outputProblem(out, ['.json']); if (p) problems.push(`--out ${p}`); }
  const wp = workersProblem(args.flags.workers); if (wp) problems.push(wp);
  const shard = parseShard(args.flags.shard, problems);
  const int = (k: string, min: number) => {
    const v = args.flags[k] as number | undefined;
    if (v !== undefined && !(Number.isInteger(v) && v >= min)) problems.push(`--${k}: ${v} must be an integer ≥ ${min}`);
    return v;
  };
  const n = int('n', 1), chains = int('chains', 1), walkers = int('walkers', 4), steps = int('steps', 4), burn = int('burn', 0), thin = int('thin', 1);
  const seed = (args.flags.seed as number | undefined) ?? 1;
  if (!(Number.isInteger(seed) && seed >= 0 && seed < 2 ** 32)) problems.push(`--seed: ${seed} must be an integer from 0 to 2^32 − 1`);
  const fitRef = args.flags.fit as string | undefined;
  const { fit, built } = fitAndObjective(fitRef, problems, deps);
  if (fit && walkers !== undefined && (walkers % 2 !== 0 || walkers < 2 * fit.params.length + 2)) problems.push(`--walkers: ${walkers} must be even and ≥ ${2 * fit.params.length + 2} (2·params + 2)`);
  if (problems.length > 0 || !fit || !built) { return badInput(io, problems); }

  const workers = (args.flags.workers as number | undefined) ?? 1;
  const progress = new Progress(io.err, args.flags.quiet === true);
  progress.start('sample');
  const made = await makeRunner(built.objective, workers, deps.source(requestOf(fit)));
  const { close } = made;
  const runner = shardTaskRunner({ command: 'sample', argv, shard, out }, made.runner); // --shard: a block of the chains
  let result: SampleResult;
  try {
    result = await samplePosterior(built.objective, { theta: fit.theta, covariance: fit.covariance }, {
      draws: n, chains, walkers, steps, burn, thin, seed, runner, onChain: (d, k) => progress.update(d / k, `${d}/${k} chains`),
    });
  } finally { await close(); progress.stop(); }
  io.out.write(table(result));
  for (const w of result.warnings) io.err.write(`warning: ${w}\n`);
  const doc = {
    kind: 'magbone-posterior', version: 1, model: fit.model, fit: fitRef, studies: fit.studies, split: fit.split,
    params: result.params, samples: result.samples, rhat: result.rhat, ess: result.ess, warnings: result.warnings, summary: result.summary,
    acceptance: result.acceptance, thetaMean: result.thetaMean, thetaCovariance: result.thetaCovariance, evaluations: result.evaluations,
    seed: result.seed, settings: result.settings,
    // the fit's measurement-noise model, for `simulate --ensemble posterior.json --predictive`
    ...(fit.noise ? { noise: fit.noise } : {}),
  };
  writeAtomic(out!, JSON.stringify(doc) + '\n');
  return 0;
}
