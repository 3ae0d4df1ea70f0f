/**
 * `magbone profile`: profile likelihoods around a fit (src/analysis/evidence/profile.ts):
 * confidence intervals at the chosen level and each parameter classified (docs/evidence.md,
 * "Profile likelihood").
 */
import { helpText, type FlagSpec, HELP_FLAG, QUIET_FLAG } from './args.js';
import { openCommand, badInput } from './command.js';
import { outputProblem, writeAtomic } from './output.js';
import { plotProblem, renderPng } from './plot.js';
import { Progress } from './progress.js';
import { didYouMean } from '../index.js';
import { profileLikelihood, type ProfileResult } from '../index.js';
import { svgChart } from '../index.js';
import { defaultDeps, fitAndObjective, makeRunner, requestOf, workersProblem, type EvidenceDeps } from './evidence-files.js';

const FLAGS: Record<string, FlagSpec> = {
  fit: { type: 'string', value: 'FILE', help: 'the fit (fit.json from magbone fit; required)' },
  params: { type: 'string', value: 'A,B,…', help: 'parameters to profile (default: all of the fit\'s)' },
  level: { type: 'number', help: 'confidence level (default 0.95): the profile threshold is χ²₁(level)/2' },
  'max-points': { type: 'number', help: 'points per side at most (default 40)' },
  workers: { type: 'number', help: 'worker threads (default 1); the result is the same for any count' },
  out: { type: 'string', value: 'FILE', help: 'write the profiles (.json; required)' },
  plot: { type: 'string', value: 'FILE', help: 'the profiles, rise of the objective against ln p (.svg or .png)' },
  quiet: QUIET_FLAG,
  help: HELP_FLAG,
};

const HELP = helpText('magbone profile --fit fit.json [--params A,B] [--level 0.95] --out profile.json [--plot p.png]',
  'Profile likelihood of each parameter: held at a sequence of values each side of the optimum, the others refitted,\n'
  + 'until the objective rises by χ²₁(level)/2 (the likelihood-ratio confidence interval) or a bound is reached. Each\n'
  + 'parameter is classified identifiable, practically non-identifiable (open side) or structurally non-identifiable (flat).', FLAGS, [
    'magbone profile --fit fit.json --out profile.json',
    'magbone profile --fit fit.json --params V_Mg --level 0.9 --out profile.json --plot profile.png --workers 2',
  ]);

function table(r: ProfileResult): string {
  const f = (v: number | null) => (v === null ? 'open' : v.toPrecision(4));
  const lines = [`${(r.level * 100).toFixed(0)} % profile-likelihood intervals (threshold Δ = ${r.threshold.toFixed(3)})`, '',
    `${'parameter'.padEnd(18)} ${'value'.padStart(11)} ${'lower'.padStart(11)} ${'upper'.padStart(11)}  classification`];
  for (const p of r.profiles) lines.push(`${p.param.padEnd(18)} ${p.value.toPrecision(4).padStart(11)} ${f(p.ciValues[0]).padStart(11)} ${f(p.ciValues[1]).padStart(11)}  ${p.classification}`);
  for (const w of r.warnings) lines.push(`warning: ${w}`);
  return lines.join('\n') + '\n';
}

export async function runProfile(argv: readonly string[], io = { out: process.stdout, err: process.stderr }, deps: EvidenceDeps = defaultDeps): Promise<number> {
  const opened = openCommand(argv, FLAGS, HELP, io);
  if (opened === 0) return 0;
  const { args, problems } = opened;
  if (args.positional.length) problems.push(`unexpected argument(s): ${args.positional.join(' ')}`);
  const out = args.flags.out as string | undefined;
  if (!out) problems.push('--out: required (the profile file, .json)');
  else { const p = outputProblem(out, ['.json']); if (p) problems.push(`--out ${p}`); }
  const plot = args.flags.plot as string | undefined;
  if (plot) { const p = plotProblem(plot); if (p) problems.push(`--plot ${p}`); }
  const wp = workersProblem(args.flags.workers); if (wp) problems.push(wp);
  const level = (args.flags.level as number | undefined) ?? 0.95;
  if (!(level > 0 && level < 1)) problems.push(`--level: ${level} must be between 0 and 1 (e.g. 0.95)`);
  const maxPoints = (args.flags['max-points'] as number | undefined) ?? 40;
  if (!(Number.isInteger(maxPoints) && maxPoints >= 2)) problems.push(`--max-points: ${maxPoints} must be an integer ≥ 2`);
  const fitRef = args.flags.fit as string | undefined;
  const { fit, built } = fitAndObjective(fitRef, problems, deps);
  let names: string[] | undefined;
  if (fit && typeof args.flags.params === 'string') {
    names = args.flags.params.split(',').map((s) => s.trim()).filter(Boolean);
    for (const n of names) if (!fit.params.includes(n)) problems.push(`--params: "${n}" was not fitted${didYouMean(n, fit.params)}; fitted: ${fit.params.join(', ')}`);
  }
  if (problems.length > 0 || !fit || !built) { return badInput(io, problems); }

  const obj = built.objective;
  // r(θ) is the same with and without the Jacobian (forward sensitivities: the arms integrate their closed-form
  // linear states either way, docs/evidence.md), so the plain evaluation checks the fit's objective.
  const at = obj.evaluate(Float64Array.from(fit.theta), false);
  const cost = at.failure ? NaN : 0.5 * at.r.reduce((s, v) => s + v * v, 0);
  if (!(Math.abs(cost - fit.objective) <= 1e-6 * Math.max(1, fit.objective))) {
    io.err.write(`error: the objective at the fit's values is ${at.failure ? `not computable (${at.failure})` : cost.toPrecision(8)}, the fit file says ${fit.objective.toPrecision(8)}: the studies or the model changed since the fit; fit again\n`);
    return 2;
  }
  const workers = (args.flags.workers as number | undefined) ?? 1;
  const progress = new Progress(io.err, args.flags.quiet === true);
  progress.start('profile');
  const { runner, close } = await makeRunner(obj, workers, deps.source(requestOf(fit)));
  let result: ProfileResult;
  try {
    result = await profileLikelihood(obj, { theta: fit.theta, cost: fit.objective }, names, {
      level, maxPoints, runner, lsq: fit.settings?.lsq ?? {}, onSide: (d, n) => progress.update(d / n, `${d}/${n} sides`),
    });
  } finally { await close(); progress.stop(); }
  io.out.write(table(result));
  const doc = { kind: 'magbone-profile', version: 1, model: fit.model, fit: fitRef, studies: fit.studies, split: fit.split, params: fit.params, ...result, settings: result.settings };
  writeAtomic(out!, JSON.stringify(doc, null, 1) + '\n');
  if (plot) {
    const panels = result.profiles.map((p) => ({
      title: `${p.param}: ${p.classification}`, unit: 'rise of ½Σr²',
      series: [
        { label: 'profile', time: p.points.map((q) => q.t), values: p.points.map((q) => q.delta) },
        { label: `threshold (${(level * 100).toFixed(0)} %)`, time: [p.points[0].t, p.points[p.points.length - 1].t], values: [result.threshold, result.threshold] },
      ],
    }));
    const svg = svgChart(panels, { timeLabel: 'ln p', title: `profile likelihoods (${fit.model})` });
    writeAtomic(plot, plot.toLowerCase().endsWith('.png') ? renderPng(svg) : svg);
  }
  return 0;
}
