/**
 * Command-line flags of the benchmark scripts (`--name value`): one reader instead of a copy per script.
 */
const argv = process.argv.slice(2);

/** The value after `name`, or `dflt` when the flag is absent. */
export function flagValue(name: string, dflt: string): string {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : dflt;
}

/** The number after `name`, or `dflt` when the flag is absent. */
export function numberFlag(name: string, dflt: number): number {
  const i = argv.indexOf(name);
  return i >= 0 ? Number(argv[i + 1]) : dflt;
}

/** Whether the bare flag `name` is present. */
export function hasFlag(name: string): boolean {
  return argv.includes(name);
}
