/**
 * `magbone merge <files…> --out FILE`: combines the partial results of a command run with
 * `--shard k/N` (one file per shard, any order) into the file one machine writes, byte for byte:
 * the command is run again with the shards' recorded arguments and their runs in place of the
 * simulations (shard.ts). Exit 2 when the files do not belong together (another command,
 * arguments or version, a missing or repeated shard).
 */
import { parseArgs, helpText, type FlagSpec, HELP_FLAG } from './args.js';
import { readShardFiles, withReplay } from './shard.js';

type Io = { out: typeof process.stdout; err: typeof process.stderr };

/** The commands whose shards can be merged. */
const REPLAY: Record<string, (argv: readonly string[], io: Io) => Promise<number>> = {
  population: async (a, io) => (await import('./population.js')).runPopulationCommand(a, io),
  morris: async (a, io) => (await import('./morris.js')).runMorris(a, io),
  sobol: async (a, io) => (await import('./sobol.js')).runSobol(a, io),
  fit: async (a, io) => (await import('./fit.js')).runFit(a, io),
  sample: async (a, io) => (await import('./sample.js')).runSample(a, io),
  validate: async (a, io) => (await import('./validate.js')).runValidate(a, io),
};

/** The flag a command writes its result with: --out, except validate (--report .md, --json .json). */
function outArgs(command: string, file: string): string[] {
  if (command !== 'validate') return ['--out', file];
  return file.toLowerCase().endsWith('.md') ? ['--report', file] : ['--json', file];
}

const FLAGS: Record<string, FlagSpec> = {
  out: { type: 'string', value: 'FILE', help: 'the merged result (any format the command writes: .csv, .json, …; for validate .md = --report, .json = --json)' },
  plot: { type: 'string', value: 'FILE', help: 'also the plot, as the command draws it (.svg or .png)' },
  quiet: { type: 'boolean', help: 'no summary' },
  help: HELP_FLAG,
};

const HELP = helpText('magbone merge <partial files…> --out FILE [--plot FILE]',
  `Combines the partial results of a run split with --shard k/N (on ${Object.keys(REPLAY).join(', ')}) into the\n`
  + 'result one process writes, byte for byte. Every shard 0 … N−1 must be given once.', FLAGS, [
    'magbone population mgb-half-mg-intake-5y --vary Mg_diet=30% --n 40 --shard 0/2 --out part-0.json',
    'magbone population mgb-half-mg-intake-5y --vary Mg_diet=30% --n 40 --shard 1/2 --out part-1.json',
    'magbone merge part-0.json part-1.json --out population.csv --plot population.png',
  ]);

export async function runMerge(argv: readonly string[], io: Io = { out: process.stdout, err: process.stderr }): Promise<number> {
  const args = parseArgs(argv, FLAGS);
  if (args.flags.help) { io.out.write(HELP); return 0; }
  const problems = [...args.problems];
  const out = args.flags.out as string | undefined;
  if (!out) problems.push('give --out FILE for the merged result');
  const files = readShardFiles(args.positional, problems);
  if (files && !Object.hasOwn(REPLAY, files[0].command)) problems.push(`${args.positional[0]}: partial results of "${files[0].command}" cannot be merged here (mergeable: ${Object.keys(REPLAY).join(', ')})`);
  if (problems.length || !files) { io.err.write(problems.map((p) => `error: ${p}`).join('\n') + '\n'); return 2; }
  const extra = [...(out ? outArgs(files[0].command, out) : []), ...(args.flags.plot ? ['--plot', String(args.flags.plot)] : []), ...(args.flags.quiet ? ['--quiet'] : [])];
  return withReplay(files, () => REPLAY[files[0].command]([...files[0].args, ...extra], io));
}
