/**
 * `magbone steady <scenario|file>`: the steady state of a scenario's model under its parameters,
 * scale factors and switches (doses ignored): Newton with a run-to-equilibrium fallback. Prints the
 * states and observables (table, or JSON with --json); a failure says what was tried, the residual
 * and the worst state (exit 1).
 */
import { helpText, FlagSpec, overrideFlags, HELP_FLAG } from './args.js';
import { openCommand, badInput } from './command.js';
import { loadScenario } from './scenario-input.js';
import { outputProblem, writeAtomic } from './output.js';
import { steadyState } from '../index.js';

const FLAGS: Record<string, FlagSpec> = {
  set: overrideFlags().set,
  switch: overrideFlags().switch,
  json: { type: 'boolean', help: 'print one JSON object' },
  out: { type: 'string', value: 'FILE', help: 'write the JSON to FILE (.json)' },
  help: HELP_FLAG,
};

const HELP = helpText('magbone steady <scenario|file> [options]',
  'Finds the steady state of a scenario\'s model (parameters, scale factors and switches applied; doses ignored).', FLAGS, [
    'magbone steady dl-mg-x0.5-6mo',
    'magbone steady pr-baseline-10y --set GFR=2 --json',
  ]);

export async function runSteady(argv: readonly string[], io = { out: process.stdout, err: process.stderr }): Promise<number> {
  const opened = openCommand(argv, FLAGS, HELP, io);
  if (opened === 0) return 0;
  const { args, problems } = opened;
  if (args.positional.length !== 1) problems.push('give exactly one scenario (built-in name or file)');
  const outFile = args.flags.out as string | undefined;
  if (outFile) { const p = outputProblem(outFile, ['.json']); if (p) problems.push(`--out ${p}`); }
  const prepared = args.positional.length === 1 ? loadScenario(args.positional[0], args.flags, problems).prepared : undefined;
  if (problems.length > 0 || !prepared) { return badInput(io, problems); }
  const { scenario } = prepared;
  const model = prepared.model.with({ parameters: scenario.parameters, switches: scenario.switches });
  const p = model.params();
  const y0 = model.initialState(p);
  for (const [k, v] of Object.entries(scenario.initial)) y0[model.stateNames.indexOf(k)] = v;
  const ss = steadyState(model, p, y0, { maxWallTime: scenario.solver.maxWallTime });
  if (!ss.ok) { io.err.write(`error: ${ss.message}\n`); return 1; }
  const obs = new Float64Array(model.observableNames.length);
  model.outputs(0, ss.y, p, obs);
  const states = Object.fromEntries(model.stateNames.map((s, i) => [s, ss.y[i]]));
  const observables = Object.fromEntries(model.observableNames.map((s, i) => [s, obs[i]]));
  const json = JSON.stringify({ model: model.id, scenario: scenario.name, states, observables, held: ss.held, residual: ss.residual, message: ss.message }, null, 1) + '\n';
  if (outFile) writeAtomic(outFile, json);
  if (args.flags.json) { io.out.write(json); return 0; }
  const rows: [string, string, string][] = [
    ...model.stateNames.map((s, i): [string, string, string] => [s, model.spec.states[s].unit, String(ss.y[i])]),
    ...model.observableNames.map((s, i): [string, string, string] => [s, model.spec.observables[s].unit, String(obs[i])]),
  ];
  const w0 = Math.max(...rows.map((r) => r[0].length)), w1 = Math.max(...rows.map((r) => r[1].length));
  io.out.write(`# ${ss.message}${ss.held.length ? `; held fixed: ${ss.held.join(', ')}` : ''}\n`);
  for (const r of rows) io.out.write(`${r[0].padEnd(w0)}  ${r[1].padEnd(w1)}  ${r[2]}\n`);
  return 0;
}
