/**
 * `magbone sensitivity <scenario>`: local, normalised sensitivity of outputs to every parameter
 * (central differences), ranked; see src/analysis/sensitivity.ts for the method and its caveats.
 */
import { helpText, FlagSpec, overrideFlags, HELP_FLAG, QUIET_FLAG } from './args.js';
import { openCommand, badInput } from './command.js';
import { loadScenario, timeFlag } from './scenario-input.js';
import { outputProblem, writeAtomic } from './output.js';
import { InputError, formatIssues } from '../index.js';
import { localSensitivity, formatSensitivity } from '../index.js';
import { findModel } from '../index.js';
import { Progress } from './progress.js';

const FLAGS: Record<string, FlagSpec> = {
  outputs: { type: 'string', value: 'A,B,…', help: 'outputs (default: the model\'s first key output)' },
  parameters: { type: 'string', value: 'A,B,…', help: 'parameters to perturb (default: all with a non-zero value)' },
  at: { type: 'string', value: 'TIME', help: 'read the outputs at TIME (default: the end of the run)' },
  method: { type: 'string', value: 'forward|fd', help: 'forward: one run with forward sensitivities (default where the solver is bdf or dopri, unless --delta is given); fd: central differences, 2 runs per parameter' },
  delta: { type: 'number', help: 'relative perturbation of --method fd (default 0.01)' },
  top: { type: 'number', help: 'rows per output in the table (default 15)' },
  ...overrideFlags(),
  json: { type: 'boolean', help: 'print the result as JSON' },
  out: { type: 'string', value: 'FILE', help: 'write the table (.md) or the result (.json)' },
  quiet: QUIET_FLAG,
  help: HELP_FLAG,
};

const HELP = helpText('magbone sensitivity <scenario> [options]',
  'Ranks parameters by their local effect on outputs: ∂ln y/∂ln p by forward sensitivities (one run) or central differences (2 runs per parameter).', FLAGS, [
    'magbone sensitivity mgb-half-mg-intake-5y --outputs BMD_ls,Mg_serum --top 10',
    'magbone sensitivity dl-mg-x0.5-6mo --outputs Mgp,PTHp --parameters IMg,ICa,D3_inact',
    'magbone sensitivity obm-denosumab-2y --method fd --delta 0.001',
  ]);

export async function runSensitivity(argv: readonly string[], io = { out: process.stdout, err: process.stderr }): Promise<number> {
  const opened = openCommand(argv, FLAGS, HELP, io);
  if (opened === 0) return 0;
  const { args, problems } = opened;
  if (args.positional.length !== 1) problems.push('give exactly one scenario (built-in name or file)');
  const outFile = args.flags.out as string | undefined;
  if (outFile) { const p = outputProblem(outFile, ['.md', '.json']); if (p) problems.push(`--out ${p}`); }
  // --method here is the sensitivity method, not the solver's (which the scenario file sets)
  const scenarioFlags = { ...args.flags, method: undefined };
  const prepared = args.positional.length === 1 ? loadScenario(args.positional[0], scenarioFlags, problems).prepared : undefined;
  const at = prepared ? timeFlag('at', args.flags.at, prepared.model.timeUnit, problems) : undefined;
  const method = args.flags.method as string | undefined;
  if (method !== undefined && method !== 'forward' && method !== 'fd') problems.push(`--method: '${method}' is not a method; use forward or fd`);
  if (method === 'forward' && args.flags.delta !== undefined) problems.push('--delta: only with --method fd (forward sensitivities take no perturbation)');
  if (problems.length > 0 || !prepared) { return badInput(io, problems); }
  const { model, scenario } = prepared;
  const list = (v: unknown): string[] | undefined => (typeof v === 'string' ? v.split(',').map((s) => s.trim()).filter(Boolean) : undefined);
  const outputs = list(args.flags.outputs) ?? [findModel(model.id)?.keyOutputs?.[0] ?? model.observableNames[0]];
  const progress = new Progress(io.err, args.flags.quiet === true);
  progress.start('sensitivity');
  let result;
  try {
    result = localSensitivity(model, scenario, {
      outputs, at, parameters: list(args.flags.parameters), delta: args.flags.delta as number | undefined,
      method: method as 'forward' | 'fd' | undefined,
      onRun: (d, n) => progress.update(d / n, `${d}/${n} runs`),
    });
  } catch (e) {
    progress.stop();
    if (e instanceof InputError) { io.err.write(formatIssues(e.issues).split('\n').map((l) => `error: --${l}`).join('\n') + '\n'); return 2; }
    throw e;
  }
  progress.stop();
  const table = formatSensitivity(result, (args.flags.top as number | undefined) ?? 15);
  if (args.flags.json) io.out.write(JSON.stringify(result, null, 1) + '\n'); else io.out.write(table);
  if (outFile) writeAtomic(outFile, outFile.endsWith('.json') ? JSON.stringify(result, null, 1) + '\n' : table);
  return 0;
}
