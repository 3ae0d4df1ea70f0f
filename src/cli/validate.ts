/**
 * `magbone validate`: a model against the study library (`studies/`, docs/evidence.md) — per
 * measurement the observation ± SE, the model value, its z-score and whether the observation is in
 * the model's 95 % interval, per study and overall the fraction inside, qualitative facts pass/fail;
 * with `--ensemble posterior.json [--predictive]`, 95 % intervals over the draws and COVERAGE.
 * Without --studies (or study paths) it reads the package's own `studies/` (found from the package
 * root, not the working directory) for human-mg-bone. `--report file.md` writes the tables and
 * figures (per study the model's trajectories with its measurements, per study the checks that
 * hold, and the ensemble's coverage) beside it.
 * Exit codes: 0 done, 1 a run failed or a qualitative fact fails, 2 bad input (nothing written).
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs, helpText, FlagSpec, HELP_FLAG, QUIET_FLAG } from './args.js';
import { badInput } from './command.js';
import { outputProblem, writeAtomic, outputsComplete } from './output.js';
import { getModel } from '../index.js';
import { packageRoot } from '../node.js';
import { svgBars } from '../index.js';
import { Progress } from './progress.js';
import { SHARD_FLAG, parseShard, shardProblems, shardedItems } from './shard.js';
import { InputError, formatIssues } from '../index.js';
import { StudyError, formatStudyIssue, type Study } from '../index.js';
import { loadStudies } from '../node.js';
import { checkStudies, ensembleCoverage, type CheckReport, type CheckRow, type Ensemble } from '../index.js';
import { readEnsemble } from '../node.js';
import { studyFigure } from './validate-figures.js';
import { formatCheckReport } from '../index.js';

const FLAGS: Record<string, FlagSpec> = {
  studies: { type: 'string', multiple: true, value: 'DIR|FILE', help: 'study files or folders (repeatable; default: the package\'s studies/, human-mg-bone)' },
  split: { type: 'string', value: 'training|test|all', help: 'which studies (default all)' },
  model: { type: 'string', value: 'ID', help: 'only the studies of this model' },
  ensemble: { type: 'string', value: 'FILE', help: 'posterior ensemble (JSON { params, samples }, or human-mg-bone = its shipped calibration): 95 % intervals and coverage' },
  predictive: { type: 'boolean', help: 'with --ensemble: prediction intervals (add each measurement\'s noise per draw)' },
  seed: { type: 'number', help: 'accepted and recorded (default 1); since session 13 the predictive intervals are exact (no noise draws), so it changes nothing' },
  'model-error': { type: 'number', value: 'EPS', help: 'model discrepancy, relative SD (default 0; a study\'s modelError wins)' },
  report: { type: 'string', value: 'FILE', help: 'write a Markdown report (.md)' },
  json: { type: 'string', value: 'FILE', help: 'write the rows as JSON (.json, or - for stdout)' },
  shard: SHARD_FLAG,
  out: { type: 'string', value: 'FILE', help: 'with --shard: the partial result (.json); magbone merge then writes the report' },
  quiet: QUIET_FLAG,
  help: HELP_FLAG,
};

const HELP = helpText('magbone validate [--studies DIR|FILE …] [options]',
  'Checks a model against the study library (docs/evidence.md): observed ± SE, model, z-score, inside the 95 % interval; ' +
  'with --ensemble, coverage of the 95 % intervals. Default: the package\'s studies/ on human-mg-bone. ' +
  'Exit code 1 if a run fails or a qualitative fact fails, 2 on bad input.',
  FLAGS, ['magbone validate --report validation.md', 'magbone validate --split training',
    'magbone validate --split test --ensemble posterior.json --predictive --report held-out.md']);

type Io = { out: { write(s: string): unknown }; err: { write(s: string): unknown; isTTY?: boolean } };

export async function runValidate(argv: readonly string[], io: Io = { out: process.stdout, err: process.stderr }): Promise<number> {
  const args = parseArgs(argv, FLAGS);
  if (args.flags.help) { io.out.write(HELP); return 0; }
  return runLibrary(args.flags, args.positional, args.problems, io, argv);
}

/** The study-library mode: every input problem first (exit 2, nothing written), then the runs. */
async function runLibrary(flags: Record<string, unknown>, positional: string[], parseProblems: string[], io: Io, argv: readonly string[]): Promise<number> {
  const problems = [...parseProblems];
  const refs = [...((flags.studies as string[] | undefined) ?? []), ...positional];
  // the default: the package's own library, for the human model (the one it is written for)
  const shipped = refs.length === 0;
  if (shipped) refs.push(path.join(packageRoot(), 'studies'));
  const modelFilter = (flags.model as string | undefined) ?? (shipped ? 'human-mg-bone' : undefined);
  const split = (flags.split as string | undefined) ?? 'all';
  if (!['training', 'test', 'all'].includes(split)) problems.push(`--split: "${split}" is not allowed; use training, test or all`);
  const report = flags.report as string | undefined;
  if (report) { const p = outputProblem(report, ['.md']); if (p) problems.push(`--report ${p}`); }
  const json = flags.json as string | undefined;
  if (json && json !== '-') { const p = outputProblem(json, ['.json']); if (p) problems.push(`--json ${p}`); }
  const eps = flags['model-error'] as number | undefined;
  if (eps !== undefined && !(eps >= 0)) problems.push(`--model-error: ${eps} must be ≥ 0 (a relative SD, e.g. 0.1)`);
  const seed = flags.seed as number | undefined;
  if (seed !== undefined && !(Number.isInteger(seed) && seed >= 0)) problems.push(`--seed: ${seed} must be a non-negative integer`);
  if ((flags.predictive !== undefined || seed !== undefined) && flags.ensemble === undefined) problems.push('--predictive and --seed need --ensemble');
  const shard = parseShard(flags.shard, problems);
  const shardOut = flags.out as string | undefined;
  shardProblems(shard, shardOut, problems);
  if (shardOut && !shard) problems.push('--out is the partial result of --shard; for the report use --report FILE.md or --json FILE.json');
  if (shard && flags.ensemble !== undefined) problems.push('--shard: not with --ensemble (shard the ensemble run with simulate --ensemble instead)');
  let studies: Study[] = [];
  try {
    studies = loadStudies(refs, { model: modelFilter });
  } catch (e) {
    if (e instanceof StudyError) problems.push(...e.studyIssues.map(formatStudyIssue));
    else throw e;
  }
  if (split !== 'all') studies = studies.filter((s) => s.split === split);
  const modelIds = [...new Set(studies.map((s) => s.model))];
  let ensemble: Ensemble | undefined;
  if (typeof flags.ensemble === 'string') {
    if (modelIds.length > 1) problems.push(`--ensemble: the studies are on several models (${modelIds.join(', ')}); choose one with --model`);
    else if (modelIds.length === 1) {
      try { ensemble = readEnsemble(flags.ensemble, getModel(modelIds[0])); } catch (e) {
        if (e instanceof InputError) problems.push(...formatIssues(e.issues).split('\n').map((l) => `--ensemble ${l}`)); else throw e;
      }
    }
  }
  if (problems.length === 0 && studies.length === 0) problems.push(`no studies left (split ${split}${flags.model ? `, model ${String(flags.model)}` : ''})`);
  if (problems.length) { return badInput(io, problems); }

  const progress = new Progress(io.err, flags.quiet === true);
  progress.start(ensemble ? 'running the ensemble' : 'validating');
  const reports: CheckReport[] = [];
  if (ensemble) {
    for (const id of modelIds) {
      const model = getModel(id);
      const mine = studies.filter((s) => s.model === id);
      reports.push(ensembleCoverage(mine, model, ensemble, { predictive: flags.predictive === true, seed: seed ?? 1, modelError: eps, onDraw: (d, n) => progress.update(d / n, `draw ${d}/${n}`) }));
    }
  } else {
    // one item per study, model by model: what --shard splits and magbone merge puts back together
    const ordered = modelIds.flatMap((id) => studies.filter((s) => s.model === id));
    let done = 0;
    const perStudy = await shardedItems<CheckReport>({ command: 'validate', argv, shard, out: shardOut }, ['validate', ordered.map((s) => [s.model, s.id]), eps ?? null], ordered.length,
      async (a, b) => ordered.slice(a, b).map((s) => { const r = checkStudies([s], getModel(s.model), { modelError: eps }); progress.update(++done / (b - a), s.id); return r; }))
      .finally(() => progress.stop());
    for (const id of modelIds) {
      const mine = perStudy.filter((_, i) => ordered[i].model === id);
      reports.push({
        rows: mine.flatMap((r) => r.rows), studies: mine.flatMap((r) => r.studies),
        overall: {
          inside: { inside: mine.reduce((a, r) => a + r.overall.inside.inside, 0), total: mine.reduce((a, r) => a + r.overall.inside.total, 0) },
          facts: { inside: mine.reduce((a, r) => a + r.overall.facts.inside, 0), total: mine.reduce((a, r) => a + r.overall.facts.total, 0) },
        },
      });
    }
  }
  progress.stop();
  const merged: CheckReport = {
    rows: reports.flatMap((r) => r.rows),
    studies: reports.flatMap((r) => r.studies),
    overall: {
      inside: { inside: reports.reduce((a, r) => a + r.overall.inside.inside, 0), total: reports.reduce((a, r) => a + r.overall.inside.total, 0) },
      facts: { inside: reports.reduce((a, r) => a + r.overall.facts.inside, 0), total: reports.reduce((a, r) => a + r.overall.facts.total, 0) },
    },
    ensemble: reports[0]?.ensemble,
  };
  const text = formatCheckReport(merged, 'text');
  if (report) writeReport(report, merged, studies);
  if (json === '-') io.out.write(JSON.stringify(merged, null, 1) + '\n');
  else { if (json) writeAtomic(json, JSON.stringify(merged, null, 1) + '\n'); io.out.write(text); }
  const failed = merged.studies.some((s) => s.failure) || merged.overall.facts.inside < merged.overall.facts.total;
  outputsComplete(); // the report of a failing check is still the report asked for
  return failed ? 1 : 0;
}

/** Position of an observation in its ensemble interval: 0 at the median, ±1 at the bounds (|x| ≤ 1 inside). */
function intervalPosition(r: CheckRow): number | undefined {
  if (r.observed === undefined || r.model === undefined || r.lower === undefined || r.upper === undefined) return undefined;
  const half = r.observed >= r.model ? r.upper - r.model : r.model - r.lower;
  if (half > 0) return (r.observed - r.model) / half;
  return r.observed === r.model ? 0 : Math.sign(r.observed - r.model) * 10;
}

/**
 * The Markdown report and its figures (SVG, in `<name>-figures/` beside it): per study the model's
 * trajectories with the study's measurements over them (validate-figures.ts); with an ensemble, each
 * observation's position in its interval; per study the share of its checks that hold. Figures are
 * written first, the report last (it names them).
 */
function writeReport(report: string, rep: CheckReport, studies: readonly Study[]): void {
  const base = path.basename(report, '.md');
  const rel = `${base}-figures`;
  const dir = path.join(path.dirname(path.resolve(report)), rel);
  fs.mkdirSync(dir, { recursive: true });
  const figures: string[] = [];
  const label = (r: CheckRow): string => { const l = `${r.study}/${r.measurement}`; return l.length > 30 ? `…${l.slice(-29)}` : l; };
  const quantitative = rep.rows.filter((r) => r.kind !== 'qualitative' && !r.failure);
  const put = (file: string, svg: string, caption: string): void => {
    writeAtomic(path.join(dir, file), svg);
    figures.push(`![${caption}](${rel}/${file})`, '', `*${caption}*`, '');
  };
  const notDrawn: string[] = [];
  for (const s of studies) {
    const f = studyFigure(s, getModel(s.model));
    if (f.svg) put(`study-${s.id.replace(/[^\w.-]+/g, '_')}.svg`, f.svg, f.caption);
    else notDrawn.push(`${s.id}: ${f.failure}`);
  }
  if (notDrawn.length) figures.push(`Studies without a figure: ${notDrawn.join('; ')}.`, '');
  if (rep.ensemble) {
    const bars = quantitative.map((r) => ({ label: label(r), value: intervalPosition(r) ?? 0, note: r.inside ? 'inside' : 'OUTSIDE' }));
    if (bars.length) {
      put('coverage.svg', svgBars(bars, { title: `observations in their ${rep.ensemble.predictive ? 'prediction' : 'credible'} intervals`, unit: '(obs − median)/half-width' }),
        `Coverage: each observation's position in its 95 % ${rep.ensemble.predictive ? 'prediction' : 'credible'} interval over the draws (0 = the median, ±1 = the bounds; inside when within ±1). ` +
        `COVERAGE ${rep.overall.inside.inside}/${rep.overall.inside.total}.`);
    }
  }
  const studyBars = rep.studies.map((s) => {
    const n = s.inside.total + s.facts.total, k = s.inside.inside + s.facts.inside;
    return { label: `${s.id} (${s.split})`, value: n ? (100 * k) / n : 0, note: `${s.inside.inside}/${s.inside.total} inside, ${s.facts.inside}/${s.facts.total} facts${s.failure ? ', run failed' : ''}` };
  });
  if (studyBars.length) {
    put('studies.svg', svgBars(studyBars, { title: 'per study: checks that hold', unit: '%' }),
      `Per study: the share of its checks that hold (quantitative measurements inside their ${rep.ensemble ? 'ensemble' : '95 %'} interval, and qualitative facts passing).`);
  }
  const md = formatCheckReport(rep, 'markdown');
  writeAtomic(report, `${md}\n## Figures\n\n${figures.join('\n')}`);
}
