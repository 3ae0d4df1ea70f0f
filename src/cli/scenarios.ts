/** `magbone scenarios` lists the built-in scenarios; `magbone scenarios show <name>` prints one. */
import { builtinScenarios, findBuiltin } from '../index.js';
import { didYouMean } from '../index.js';

const HELP = `Usage: magbone scenarios [show <name>]

Lists the built-in scenarios with one-line descriptions, or prints one (a starting point to copy).

Examples:
  magbone scenarios
  magbone scenarios show mgb-mg-free-3wk > my.json
`;

export async function runScenarios(argv: readonly string[], io = { out: process.stdout, err: process.stderr }): Promise<number> {
  if (argv.includes('--help')) { io.out.write(HELP); return 0; }
  if (argv.length === 0) {
    const all = builtinScenarios();
    const w = Math.max(...all.map((s) => s.name.length), 4);
    const wm = Math.max(...all.map((s) => s.model.length), 5);
    io.out.write(`${'name'.padEnd(w)}  ${'model'.padEnd(wm)}  description\n`);
    for (const s of all) io.out.write(`${s.name.padEnd(w)}  ${s.model.padEnd(wm)}  ${s.description}\n`);
    return 0;
  }
  if (argv[0] === 'show' && argv.length === 2) {
    const s = findBuiltin(argv[1]);
    if (!s) {
      io.err.write(`error: no built-in scenario "${argv[1]}"${didYouMean(argv[1], builtinScenarios().map((b) => b.name))}; list them with: magbone scenarios\n`);
      return 2;
    }
    io.out.write(s.text);
    return 0;
  }
  io.err.write(`error: unexpected arguments: ${argv.join(' ')}\n${HELP}`);
  return 2;
}
