/**
 * The `magbone` command: dispatches to one module per subcommand, loaded on demand so that a quick
 * command does not pay for the others' imports. Each subcommand returns its exit code.
 */
import { existsSync, readFileSync } from 'node:fs';
import { didYouMean } from '../index.js';
import { withOutputs, OutputError } from './output.js';

type Io = { out: typeof process.stdout; err: typeof process.stderr };
type Command = { help: string; run: (argv: readonly string[], io: Io) => Promise<number> };

const COMMANDS: Record<string, Command> = {
  simulate: {
    help: 'run a scenario on a model, or an SBML file (model.xml); CSV/JSON output, plots',
    run: async (a, io) => (/\.(xml|sbml)$/i.test(a.find((x) => !x.startsWith('--')) ?? '')
      ? (await import('./sbml.js')).runSimulateSbml(a.filter((x) => x !== '--debug'), io) : (await import('./simulate.js')).runSimulate(a, io)),
  },
  scenarios: { help: 'list the built-in scenarios, or show one', run: async (a, io) => (await import('./scenarios.js')).runScenarios(a, io) },
  compare: { help: 'compare scenarios side by side', run: async (a, io) => (await import('./compare.js')).runCompare(a, io) },
  attribute: { help: 'split a scenario\'s effect (e.g. on BMD) among the pathways', run: async (a, io) => (await import('./attribute.js')).runAttribute(a, io) },
  validate: { help: 'check a model against the study library (studies/): z-scores, 95 % intervals, coverage', run: async (a, io) => (await import('./validate.js')).runValidate(a, io) },
  sensitivity: { help: 'rank parameters by their local effect on outputs', run: async (a, io) => (await import('./sensitivity.js')).runSensitivity(a, io) },
  population: { help: 'run a virtual population (parameters drawn from distributions); percentile bands', run: async (a, io) => (await import('./population.js')).runPopulationCommand(a, io) },
  morris: { help: 'screen parameters by Morris elementary effects (μ*, σ), ranked', run: async (a, io) => (await import('./morris.js')).runMorris(a, io) },
  fit: { help: 'fit model parameters to the study library (multi-start bounded least squares)', run: async (a, io) => (await import('./fit.js')).runFit(a, io) },
  profile: { help: 'profile likelihoods of a fit: confidence intervals, identifiability', run: async (a, io) => (await import('./profile.js')).runProfile(a, io) },
  sample: { help: 'sample the posterior around a fit (ensemble MCMC; R-hat, ESS)', run: async (a, io) => (await import('./sample.js')).runSample(a, io) },
  steady: { help: 'find the steady state of a scenario\'s model', run: async (a, io) => (await import('./steady.js')).runSteady(a, io) },
  models: { help: 'list the models', run: async (a, io) => (await import('./discover.js')).runModels(a, io) },
  params: { help: 'list a model\'s parameters: value, unit, allowed range, source (--search TEXT)', run: async (a, io) => (await import('./discover.js')).runParams(a, io) },
  outputs: { help: 'list a model\'s outputs and states: unit, reference range, the studies that checked them', run: async (a, io) => (await import('./discover.js')).runOutputs(a, io) },
  docs: { help: 'write a model\'s documentation (equations, parameters, sources) as Markdown', run: async (a, io) => (await import('./docs.js')).runDocs(a, io) },
  export: { help: 'export a model (export sbml <model>)', run: async (a, io) => (await import('./export.js')).runExport(a, io) },
  import: { help: 'import a model from another format (import sbml <file> --out model.json)', run: async (a, io) => (await import('./sbml.js')).runImport(a, io) },
  petab: { help: 'check a PEtab v1 problem; --llh: its log-likelihood and chi2 at the nominal parameters', run: async (a, io) => (await import('./petab.js')).runPetab(a, io) },
  'sbml-case': { help: 'run one SBML semantic test-suite case; its CSV on its time grid', run: async (a, io) => (await import('./sbml.js')).runSbmlCase(a, io) },
  sobol: { help: 'variance-based (Sobol) sensitivity: first-order and total indices with bootstrap CIs', run: async (a, io) => (await import('./sobol.js')).runSobol(a, io) },
  merge: { help: 'combine the partial results of --shard runs into the single-machine result', run: async (a, io) => (await import('./merge.js')).runMerge(a, io) },
  'solve-ivp': { help: 'solve an IVP test-set problem file (JSON) and report accuracy and cost', run: async (a, io) => (await import('./solve-ivp.js')).runSolveIvp(a, io) },
};

function version(): string {
  try {
    // the package root is above this file: dist/src/cli/ in the repository, dist/pkg/ in the package
    for (let up = '../'; up.length <= 12; up += '../') {
      const file = new URL(`${up}package.json`, import.meta.url);
      if (!existsSync(file)) continue;
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'magbone') return pkg.version ?? 'unknown';
    }
    return 'unknown';
  } catch {
    return 'unknown';
  }
}

function usage(): string {
  const w = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  return 'Usage: magbone <command> [options]   (magbone <command> --help for details)\n\nCommands:\n'
    + Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(w)}  ${c.help}`).join('\n') + '\n';
}

export async function main(argv: readonly string[], io: Io = { out: process.stdout, err: process.stderr }): Promise<number> {
  const [cmd, ...rest] = argv;
  if (cmd === undefined || cmd === '--help' || cmd === '-h' || cmd === 'help') { io.out.write(usage()); return cmd === undefined ? 2 : 0; }
  if (cmd === '--version' || cmd === '-v') { io.out.write(`magbone ${version()}\n`); return 0; }
  const c = Object.hasOwn(COMMANDS, cmd) ? COMMANDS[cmd] : undefined;
  if (!c) {
    io.err.write(`error: unknown command "${cmd}"${didYouMean(cmd, Object.keys(COMMANDS))}\n${usage()}`);
    return 2;
  }
  // --debug is global: stack traces of internal errors
  const debug = rest.includes('--debug') || Boolean(process.env.MAGBONE_DEBUG);
  const args = cmd === 'simulate' ? rest : rest.filter((a) => a !== '--debug');
  try {
    // the built-in models' code compiled by the build (node/compiled-models.ts): no compile on first use
    (await import('../node.js')).useCompiledModels();
    return await withOutputs(() => c.run(args, io));
  } catch (e) {
    if (e instanceof OutputError) { io.err.write(`error: ${e.message}\n`); return 2; }
    // Ctrl-C during a batch (run-control.ts): the staged files are already discarded
    if (e instanceof Error && e.name === 'Interrupted') { io.err.write('interrupted: stopped; no output written\n'); return 130; }
    if (e instanceof Error && e.name === 'MergeMismatch') { io.err.write(`error: ${e.message}\n`); return 2; }
    if (e instanceof Error && e.name === 'ShardDone') { io.err.write(`${e.message}\n`); return 0; } // --shard of fit, sample, validate (shard.ts)
    if (e instanceof RangeError && /call stack/i.test(e.message)) {
      io.err.write('error: the input is nested too deeply to read (maximum call stack size exceeded)\n');
      return 2;
    }
    // a bug, not bad input: keep the message short, the stack on request
    io.err.write(`error: ${(e as Error)?.message ?? String(e)}\n`);
    if (debug) io.err.write(`${(e as Error)?.stack ?? ''}\n`);
    else io.err.write('(internal error; run again with --debug for the stack trace)\n');
    return 70;
  }
}
