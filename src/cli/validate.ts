/**
 * `magbone validate [--report file.md]`: the human Mg–bone model against the validation datasets
 * (../shared/science/validation-data.md, as encoded in src/analysis/validation.ts): a table of model
 * vs data with the criterion and pass/fail; with --report, a Markdown report with figures (SVG files
 * in a folder beside it). Exit code 0 when every required check passes, 1 otherwise.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs, helpText, FlagSpec } from './args.js';
import { outputProblem, writeAtomic } from './output.js';
import { validateHumanMgBone, formatValidation } from '../analysis/validation.js';
import { runScenario } from '../simulate/api.js';
import { findBuiltin } from '../simulate/builtin.js';
import { svgChart, PlotPanel } from '../analysis/svgplot.js';
import { panelsFor } from './plot.js';
import { Progress } from './progress.js';

const FLAGS: Record<string, FlagSpec> = {
  report: { type: 'string', value: 'FILE', help: 'write a Markdown report with figures (.md)' },
  json: { type: 'boolean', help: 'print the rows as JSON' },
  quiet: { type: 'boolean', help: 'no progress' },
  help: { type: 'boolean', help: 'show this help' },
};

const HELP = helpText('magbone validate [options]',
  'Runs the human-mg-bone validation: Fatemi 1991 depletion, renal conservation, Rude 1985 repletion, supplementation, the U-shape. Exit code 1 if a required check fails.',
  FLAGS, ['magbone validate', 'magbone validate --report validation.md']);

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
    fs.writeFileSync(path.join(dir, `${name}.svg`), svg);
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
  fs.writeFileSync(path.join(dir, 'u-shape.svg'), svgChart([panel], { timeLabel: 'dietary Mg (mg/d)', title: 'U-shape: bone at both extremes of Mg intake' }));
  md.push(`![U-shape](${rel}/u-shape.svg)`, '', `*Lumbar-spine BMD change after 10 years against dietary Mg: ${intakes.map((m, i) => `${m} mg/d ${bmd[i].toFixed(2)}%`).join(', ')}.*`, '');
  return md;
}

export async function runValidate(argv: readonly string[], io = { out: process.stdout, err: process.stderr }): Promise<number> {
  const args = parseArgs(argv, FLAGS);
  if (args.flags.help) { io.out.write(HELP); return 0; }
  const problems = [...args.problems];
  if (args.positional.length) problems.push(`unexpected argument(s): ${args.positional.join(' ')}`);
  const report = args.flags.report as string | undefined;
  if (report) { const p = outputProblem(report, ['.md']); if (p) problems.push(`--report ${p}`); }
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
  if (args.flags.json) io.out.write(JSON.stringify(rows, null, 1) + '\n'); else io.out.write(table);
  return rows.every((r) => !r.required || r.pass) ? 0 : 1;
}
