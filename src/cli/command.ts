/**
 * The opening every command shares: parse the flags, answer `--help`, start the list of problems;
 * and its closing on bad input: every problem as an `error:` line, exit code 2.
 */
import { parseArgs, type FlagSpec, type ParsedArgs } from './args.js';

/** Where a command writes (process.stdout/stderr, or a test's buffers). */
export interface CommandIo { out: { write(s: string): unknown }; err: { write(s: string): unknown } }

/** The parsed arguments and the problems found so far (flag syntax), to which the command adds its own. */
export interface OpenedCommand { args: ParsedArgs; problems: string[] }

/** Parses `argv` by `spec`; with `--help`, prints `help` and returns exit code 0 instead. */
export function openCommand(argv: readonly string[], spec: Record<string, FlagSpec>, help: string, io: CommandIo): OpenedCommand | 0 {
  const args = parseArgs(argv, spec);
  if (args.flags.help) { io.out.write(help); return 0; }
  return { args, problems: [...args.problems] };
}

/** Prints every problem as "error: …" (all at once) and returns exit code 2 (bad input). */
export function badInput(io: CommandIo, problems: readonly string[]): 2 {
  io.err.write(problems.map((p) => `error: ${p}`).join('\n') + '\n');
  return 2;
}
