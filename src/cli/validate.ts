/**
 * `magbone validate`: a model against the study library (`studies/`, docs/evidence.md) — per
 * measurement the observation ± SE, the model value, its z-score and whether the observation is in
 * the model's 95 % interval, per study and overall the fraction inside, qualitative facts pass/fail;
 * with `--ensemble posterior.json [--predictive]`, 95 % intervals over the draws and COVERAGE.
 * Exit codes: 0 done, 1 a run failed or a qualitative fact fails, 2 bad input (nothing written).
 *
 * Without --studies/--split/--ensemble/--model (and no study paths), the hand-coded checks of
 * src/analysis/validation.ts run as before (exit 1 when a required check fails), with
 * `--report file.md` writing their report with figures.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs, helpText, FlagSpec } from './args.js';
import { outputProblem, writeAtomic } from './output.js';
import { validateHumanMgBone, formatValidation } from '../analysis/validation.js';
import { runScenario, getModel } from '../simulate/api.js';
import { findBuiltin, packageRoot } from '../simulate/builtin.js';
import { svgChart, PlotPanel } from '../analysis/svgplot.js';
import { panelsFor } from './plot.js';
import { Progress } from './progress.js';
import { InputError, formatIssues } from '../simulate/issues.js';
import { loadStudies, StudyError, formatStudyIssue, type Study } from '../analysis/evidence/study.js';
import { checkStudies, ensembleCoverage, readEnsemble, type CheckReport, type Ensemble } from '../analysis/evidence/coverage.js';
import { formatCheckReport } from '../analysis/evidence/report.js';

const FLAGS: Record<string, FlagSpec> = {
  studies: { type: 'string', multiple: true, value: 'DIR|FILE', help: 'study files or folders (repeatable; default: the shipped studies/)' },
  split: { type: 'string', value: 'training|test|all', help: 'which studies (default all)' },
  model: { type: 'string', value: 'ID', help: 'only the studies of this model' },
  ensemble: { type: 'string', value: 'FILE', help: 'posterior ensemble (JSON { params, samples }): 95 % intervals and coverage' },
  predictive: { type: 'boolean', help: 'with --ensemble: prediction intervals (add each measurement\'s noise per draw)' },
  seed: { type: 'number', help: 'with --predictive: seed of the noise (default 1)' },
  'model-error': { type: 'number', value: 'EPS', help: 'model discrepancy, relative SD (default 0; a study\'s modelError wins)' },
  report: { type: 'string', value: 'FILE', help: 'write a Markdown report (.md)' },
  json: { type: 'string', value: 'FILE', help: 'write the rows as JSON (.json, or - for stdout)' },
  quiet: { type: 'boolean', help: 'no progress' },
  help: { type: 'boolean', help: 'show this help' },
};

const HELP = helpText('magbone validate [--studies DIR|FILE …] [options]',
  'Checks a model against the study library (docs/evidence.md): observed ± SE, model, z-score, inside the 95 % interval; ' +
  'with --ensemble, coverage of the 95 % intervals. Exit code 1 if a run fails or a qualitative fact fails, 2 on bad input. ' +
  'Without study options: the hand-coded human-mg-bone checks (exit code 1 if a required check fails).',
  FLAGS, ['magbone validate --studies studies/', 'magbone validate --studies studies/ --split test --ensemble posterior.json --predictive',
    'magbone validate --report validation.md']);

function scenarioFile(name: string): Record<string, unknown> {
  const b = findBuiltin(name);
  if (!b) throw new Error(`built-in scenario ${name} is missing`);
  return JSON.parse(fs.readFileSync(b.file, 'utf8')) as Record<string, unknown>;
}

/** Figures for the report: time courses of the validation scenarios and the U-shape. */
function figures(dir: string, rel: string): string[] {
  fs.mkdirSync(dir, { recursive: true });
  const md: string[] = [];
  const timeCourse = (name: string, vars: string[], unit: 'd' | 'y', caption: string) => {
    const r = runScenario(scenarioFile(name));
    const scale = unit === 'd' ? 24 : 8766;
    const svg = svgChart(panelsFor([r], vars, scale), { timeLabel: `time (${unit})`, title: name });
    writeAtomic(path.join(dir, `${name}.svg`), svg);
    md.push(`![${caption}](${rel}/${name}.svg)`, '', `*${caption}*`, '');
  };
  timeCourse('mgb-mg-free-3wk', ['Mg_serum', 'Ca_serum', 'PTH', 'calcitriol', 'urine_Mg', 'Mg_absorbed_fraction'], 'd',
    'Fatemi et al. 1991: 3 weeks at < 12 mg/d Mg. Data at day 21: serum Mg 0.61 ± 0.02 mmol/L, Ca 2.31 ± 0.03 mmol/L, calcitriol 43 ± 3 pmol/L.');
  timeCourse('mgb-iv-mg-repletion', ['Mg_serum', 'Ca_serum', 'PTH', 'calcitriol'], 'd',
    'Rude et al. 1985: hypomagnesaemic, hypocalcaemic patients repleted with IV Mg. Data: Mg 0.41 → 0.90 mmol/L, Ca 1.80 → 2.33 mmol/L.');
  timeCourse('mgb-half-mg-intake-5y', ['Mg_serum', 'PTH', 'CTX', 'P1NP', 'BMD_ls', 'bone_strength'], 'y',
    'Half the Mg intake (162 mg/d) for 5 years.');
  // U-shape: BMD at 10 years against intake
  const intakes = [50, 100, 162, 250, 325, 500, 750, 1000, 1500, 2000];
  const bmd = intakes.map((mg) => {
    // the diet is at most 1000 mg/d; more comes as a chloride supplement (as the validation's high arm)
    const extra = mg > 1000 ? { supplements: [{ Mg: `${mg - 1000} mg/d`, salt: 'chloride' }] } : {};
    const r = runScenario({ model: 'human-mg-bone', duration: '10 y', output: { times: ['10 y'] }, diet: { Mg: `${Math.min(mg, 1000)} mg/d` }, ...extra });
    return r.column('BMD_ls')[r.time.length - 1];
  });
  const panel: PlotPanel = { title: 'BMD_ls at 10 years', unit: '% change', series: [{ label: 'model', time: intakes, values: bmd }] };
  writeAtomic(path.join(dir, 'u-shape.svg'), svgChart([panel], { timeLabel: 'dietary Mg (mg/d)', title: 'U-shape: bone at both extremes of Mg intake' }));
  md.push(`![U-shape](${rel}/u-shape.svg)`, '', `*Lumbar-spine BMD change after 10 years against dietary Mg: ${intakes.map((m, i) => `${m} mg/d ${bmd[i].toFixed(2)}%`).join(', ')}.*`, '');
  return md;
}

type Io = { out: { write(s: string): unknown }; err: { write(s: string): unknown; isTTY?: boolean } };

export async function runValidate(argv: readonly string[], io: Io = { out: process.stdout, err: process.stderr }): Promise<number> {
  const args = parseArgs(argv, FLAGS);
  if (args.flags.help) { io.out.write(HELP); return 0; }
  const library = args.positional.length > 0 || ['studies', 'split', 'ensemble', 'model', 'predictive', 'seed', 'model-error'].some((k) => args.flags[k] !== undefined);
  if (library) return runLibrary(args.flags, args.positional, args.problems, io);
  const problems = [...args.problems];
  const report = args.flags.report as string | undefined;
  if (report) { const p = outputProblem(report, ['.md']); if (p) problems.push(`--report ${p}`); }
  const json = args.flags.json as string | undefined;
  if (json && json !== '-') { const p = outputProblem(json, ['.json']); if (p) problems.push(`--json ${p}`); }
  if (problems.length) { io.err.write(problems.map((p) => `error: ${p}`).join('\n') + '\n'); return 2; }
  const progress = new Progress(io.err, args.flags.quiet === true);
  progress.start('validating');
  const rows = validateHumanMgBone((d, n, what) => progress.update(d / n, what));
  const table = formatValidation(rows);
  if (report) {
    const base = path.basename(report, '.md');
    const rel = `${base}-figures`;
    const fig = figures(path.join(path.dirname(path.resolve(report)), rel), rel);
    const md = [
      '# human-mg-bone validation report', '',
      `Generated by \`magbone validate --report\`. Data: the published studies as encoded in src/analysis/validation.ts (abstracts; dispersion as published). ` +
      'Criterion per row: within 2 SE of the mean where a mean and SE are given, otherwise the reported direction and order of magnitude. ' +
      'Rows marked (info) are informational (secondary or unverified data, or known disagreements the model documents).', '',
      table, '## Figures', '', ...fig,
    ].join('\n');
    writeAtomic(report, md);
  }
  progress.stop();
  if (json === '-') io.out.write(JSON.stringify(rows, null, 1) + '\n');
  else { if (json) writeAtomic(json, JSON.stringify(rows, null, 1) + '\n'); io.out.write(table); }
  return rows.every((r) => !r.required || r.pass) ? 0 : 1;
}

/** The study-library mode: every input problem first (exit 2, nothing written), then the runs. */
async function runLibrary(flags: Record<string, unknown>, positional: string[], parseProblems: string[], io: Io): Promise<number> {
  const problems = [...parseProblems];
  const refs = [...((flags.studies as string[] | undefined) ?? []), ...positional];
  if (refs.length === 0) refs.push(path.join(packageRoot(), 'studies'));
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
  let studies: Study[] = [];
  try {
    studies = loadStudies(refs, { model: flags.model as string | undefined });
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
  if (problems.length) { io.err.write(problems.map((p) => `error: ${p}`).join('\n') + '\n'); return 2; }

  const progress = new Progress(io.err, flags.quiet === true);
  progress.start(ensemble ? 'running the ensemble' : 'validating');
  const reports: CheckReport[] = [];
  for (const id of modelIds) {
    const model = getModel(id);
    const mine = studies.filter((s) => s.model === id);
    reports.push(ensemble
      ? ensembleCoverage(mine, model, ensemble, { predictive: flags.predictive === true, seed: seed ?? 1, modelError: eps, onDraw: (d, n) => progress.update(d / n, `draw ${d}/${n}`) })
      : checkStudies(mine, model, { modelError: eps, onStudy: (d, n, s) => progress.update(d / n, s) }));
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
  if (report) writeAtomic(report, formatCheckReport(merged, 'markdown'));
  if (json === '-') io.out.write(JSON.stringify(merged, null, 1) + '\n');
  else { if (json) writeAtomic(json, JSON.stringify(merged, null, 1) + '\n'); io.out.write(text); }
  const failed = merged.studies.some((s) => s.failure) || merged.overall.facts.inside < merged.overall.facts.total;
  return failed ? 1 : 0;
}
