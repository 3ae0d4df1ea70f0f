/**
 * `magbone attribute <scenario>`: each pathway's share of a scenario's effect on the outputs asked
 * (default: lumbar-spine BMD), by one-at-a-time knock-out against a baseline (see
 * src/analysis/attribution.ts for the method). The baseline defaults to the same scenario with its
 * interventions removed (no diet/supplement/condition keys, parameters, scale factors or doses).
 */
import { helpText, FlagSpec, overrideFlags, HELP_FLAG, QUIET_FLAG } from './args.js';
import { openCommand, badInput } from './command.js';
import { readScenarioSource, applyOverrides, prepareOrCollect, timeFlag } from './scenario-input.js';
import { outputProblem, writeAtomic } from './output.js';
import { prepareScenario } from '../index.js';
import { InputError, formatIssues } from '../index.js';
import { attributePathways, formatAttribution, AttributionResult } from '../index.js';
import { svgBars } from '../index.js';
import { renderPng, plotProblem } from './plot.js';
import { findModel } from '../index.js';
import { Progress } from './progress.js';
import { SCENARIO_KEYS } from '../index.js';

const FLAGS: Record<string, FlagSpec> = {
  baseline: { type: 'string', value: 'SCENARIO', help: 'baseline scenario (default: the scenario without its interventions)' },
  outputs: { type: 'string', value: 'A,B,…', help: 'outputs to attribute (default: BMD_ls, else the first key output)' },
  at: { type: 'string', value: 'TIME', help: 'read the outputs at TIME (default: the end of the run)' },
  pathways: { type: 'string', value: 'A,B,…', help: 'pathways to knock out (default: every pathway switched on)' },
  ...overrideFlags('in both runs'),
  json: { type: 'boolean', help: 'print the result as JSON' },
  out: { type: 'string', value: 'FILE', help: 'write the table (.md) or the result (.json)' },
  plot: { type: 'string', value: 'FILE', help: 'bar chart of the shares (.svg or .png)' },
  quiet: QUIET_FLAG,
  help: HELP_FLAG,
};

const HELP = helpText('magbone attribute <scenario> [options]',
  'Splits a scenario\'s effect on outputs (default BMD_ls) among the model\'s pathways by switching each off in turn.', FLAGS, [
    'magbone attribute mgb-half-mg-intake-5y',
    'magbone attribute mgb-half-mg-intake-5y --outputs BMD_ls,PTH,CTX --plot shares.png',
    'magbone attribute my-scenario.json --baseline mgb-baseline-10y --at "2 y" --json',
  ]);

/** The scenario with its interventions removed: the default baseline. */
function baselineOf(input: Record<string, unknown>, extensionKeys: readonly string[]): Record<string, unknown> {
  const keep = new Set<string>(SCENARIO_KEYS.filter((k) => !['parameters', 'scale', 'doses', 'initial'].includes(k)));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(input)) if (keep.has(k) && !extensionKeys.includes(k)) out[k] = v;
  out.name = `${String(input.name ?? 'scenario')} baseline`;
  return out;
}

export async function runAttribute(argv: readonly string[], io = { out: process.stdout, err: process.stderr }): Promise<number> {
  const opened = openCommand(argv, FLAGS, HELP, io);
  if (opened === 0) return 0;
  const { args, problems } = opened;
  if (args.positional.length !== 1) problems.push('give exactly one scenario (built-in name or file)');
  const outFile = args.flags.out as string | undefined;
  if (outFile) { const p = outputProblem(outFile, ['.md', '.json']); if (p) problems.push(`--out ${p}`); }
  const plotFile = args.flags.plot as string | undefined;
  if (plotFile) { const p = plotProblem(plotFile); if (p) problems.push(`--plot ${p}`); }

  let prepared: ReturnType<typeof prepareScenario> | undefined;
  let base: ReturnType<typeof prepareScenario> | undefined;
  if (args.positional.length === 1) {
    const loaded = readScenarioSource(args.positional[0]);
    problems.push(...loaded.problems);
    if (loaded.input) {
      const input = applyOverrides(loaded.input, args.flags, problems);
      prepared = prepareOrCollect(input, args.positional[0], problems);
      let baseInput: Record<string, unknown> | undefined;
      if (typeof args.flags.baseline === 'string') {
        const b = readScenarioSource(args.flags.baseline);
        problems.push(...b.problems.map((p) => `--baseline ${p}`));
        // the same overrides as the scenario (their problems are already reported once)
        if (b.input) baseInput = applyOverrides({ ...b.input, duration: input.duration, output: input.output }, args.flags, []);
      } else if (prepared) {
        const ext = findModel(prepared.model.id)?.scenario?.extensionKeys ?? [];
        baseInput = applyOverrides(baselineOf(loaded.input, ext), args.flags, []);
      }
      if (baseInput) base = prepareOrCollect(baseInput, 'baseline', problems);
    }
  }
  const at = prepared ? timeFlag('at', args.flags.at, prepared.model.timeUnit, problems) : undefined;
  if (prepared && base && base.model.id !== prepared.model.id) problems.push(`--baseline: model ${base.model.id} differs from the scenario's ${prepared.model.id}`);
  if (prepared && prepared.model.switchNames.length === 0) problems.push(`${prepared.model.id} has no pathway switches to attribute to`);
  if (problems.length > 0 || !prepared || !base) { return badInput(io, problems); }

  const model = prepared.model;
  const outputs = typeof args.flags.outputs === 'string'
    ? args.flags.outputs.split(',').map((s) => s.trim()).filter(Boolean)
    : [model.observableNames.includes('BMD_ls') ? 'BMD_ls' : (findModel(model.id)?.keyOutputs?.[0] ?? model.observableNames[0])];
  const pathways = typeof args.flags.pathways === 'string' ? args.flags.pathways.split(',').map((s) => s.trim()).filter(Boolean) : undefined;
  const progress = new Progress(io.err, args.flags.quiet === true);
  progress.start('attributing');
  let result: AttributionResult;
  try {
    result = attributePathways(model, prepared.scenario, base.scenario, { outputs, at, pathways, onRun: (d, n) => progress.update(d / n, `${d}/${n} runs`) });
  } catch (e) {
    progress.stop();
    if (e instanceof InputError) { io.err.write(formatIssues(e.issues).split('\n').map((l) => `error: ${l.replace(/^outputs\./, '--outputs ').replace(/^pathways\./, '--pathways ')}`).join('\n') + '\n'); return 2; }
    throw e;
  }
  progress.stop();
  const table = formatAttribution(result);
  if (args.flags.json) io.out.write(JSON.stringify(result, null, 1) + '\n'); else io.out.write(table);
  if (outFile) writeAtomic(outFile, outFile.endsWith('.json') ? JSON.stringify(result, null, 1) + '\n' : table);
  if (plotFile) {
    const o = outputs[0];
    const unit = model.spec.observables[o]?.unit ?? model.spec.states[o]?.unit ?? '';
    const bars = [...result.pathways].sort((a, b) => Math.abs(b.contribution[o]) - Math.abs(a.contribution[o]))
      .map((p) => ({ label: p.pathway, value: p.contribution[o], note: p.evidence }));
    bars.push({ label: '(interaction)', value: result.interaction[o], note: '' });
    const svg = svgBars(bars, { title: `${o}: contribution of each pathway to the effect of ${result.scenario} (total ${result.effect[o].toPrecision(3)} ${unit})`, unit });
    writeAtomic(plotFile, plotFile.toLowerCase().endsWith('.png') ? renderPng(svg, 900) : svg);
  }
  return 0;
}
