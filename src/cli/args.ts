/**
 * A small command-line parser: declared flags only, every problem reported at once
 * (unknown flag with did-you-mean, missing value, bad number), positional arguments kept in order.
 */
import { didYouMean } from '../index.js';

export interface FlagSpec {
  type: 'string' | 'number' | 'boolean';
  /** May be given several times (values collected in order). */
  multiple?: boolean;
  /** One line for --help. */
  help: string;
  /** Placeholder for --help, e.g. "FILE". */
  value?: string;
}

export interface ParsedArgs {
  positional: string[];
  flags: Record<string, string | number | boolean | (string | number)[]>;
  problems: string[];
}

export function parseArgs(argv: readonly string[], spec: Record<string, FlagSpec>): ParsedArgs {
  const positional: string[] = [];
  const flags: ParsedArgs['flags'] = {};
  const problems: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') { positional.push(...argv.slice(i + 1)); break; }
    if (!a.startsWith('--') || a === '-') { positional.push(a); continue; }
    let name = a.slice(2);
    let value: string | undefined;
    const eq = name.indexOf('=');
    if (eq >= 0) { value = name.slice(eq + 1); name = name.slice(0, eq); }
    const s = Object.hasOwn(spec, name) ? spec[name] : undefined;
    if (!s) { problems.push(`${a}: unknown option${didYouMean(name, Object.keys(spec)).replace("'", "'--")}; see --help`); continue; }
    if (s.type === 'boolean') {
      if (value !== undefined && value !== 'true' && value !== 'false') { problems.push(`--${name}: takes no value (got "${value}")`); continue; }
      flags[name] = value !== 'false';
      continue;
    }
    if (value === undefined) {
      if (i + 1 >= argv.length || (argv[i + 1].startsWith('--') && argv[i + 1].length > 2)) { problems.push(`--${name}: needs a value (${s.value ?? s.type})`); continue; }
      value = argv[++i];
    }
    if (value.trim() === '') { problems.push(`--${name}: needs a non-empty value (${s.value ?? s.type})`); continue; }
    let v: string | number = value;
    if (s.type === 'number') {
      const x = Number(value);
      if (value.trim() === '' || !Number.isFinite(x)) { problems.push(`--${name}: "${value}" is not a number`); continue; }
      v = x;
    }
    if (s.multiple) {
      const cur = flags[name];
      flags[name] = Array.isArray(cur) ? [...cur, v] : [v];
    } else {
      if (flags[name] !== undefined) problems.push(`--${name}: given more than once`);
      flags[name] = v;
    }
  }
  return { positional, flags, problems };
}

/** `--help`, as every command takes it. */
export const HELP_FLAG: FlagSpec = { type: 'boolean', help: 'show this help' };
/** `--every`, for batch commands that override the scenario's output grid. */
export const GRID_EVERY_FLAG: FlagSpec = { type: 'string', value: 'TIME', help: 'output grid step (overrides the scenario\'s)' };
/** `--quiet`, for commands that show progress. */
export const QUIET_FLAG: FlagSpec = { type: 'boolean', help: 'no progress' };

/** The multi-start flags of a fit (`magbone fit`, `magbone fit --petab`); `first` says what the first start is. */
export function multiStartFlags(first: string): Record<'starts' | 'seed' | 'max-iter', FlagSpec> {
  return {
    starts: { type: 'number', help: `starts in all: ${first} and N − 1 points of a scrambled Halton design over the bounds (default 8)` },
    seed: { type: 'number', help: 'seed of the design (default 1)' },
    'max-iter': { type: 'number', help: 'iterations per start (default 200)' },
  };
}

/** Reads --starts, --seed and --max-iter of `multiStartFlags`, adding a problem for each value out of range. */
export function readMultiStart(flags: ParsedArgs['flags'], problems: string[]): { starts: number; seed: number; maxIter: number | undefined } {
  const starts = (flags.starts as number | undefined) ?? 8;
  if (!(Number.isInteger(starts) && starts >= 1 && starts <= 10000)) problems.push(`--starts: ${starts} must be an integer from 1 to 10000`);
  const seed = (flags.seed as number | undefined) ?? 1;
  if (!(Number.isInteger(seed) && seed >= 0 && seed < 2 ** 32)) problems.push(`--seed: ${seed} must be an integer from 0 to 2^32 − 1`);
  const maxIter = flags['max-iter'] as number | undefined;
  if (maxIter !== undefined && !(Number.isInteger(maxIter) && maxIter >= 1)) problems.push(`--max-iter: ${maxIter} must be a positive integer`);
  return { starts, seed, maxIter };
}

export function helpText(usage: string, description: string, spec: Record<string, FlagSpec>, examples: string[]): string {
  const rows = Object.entries(spec).map(([k, s]) => {
    const left = `  --${k}${s.type === 'boolean' ? '' : ` ${s.value ?? s.type.toUpperCase()}`}`;
    return `${left.padEnd(30)} ${s.help}`;
  });
  return `Usage: ${usage}\n\n${description}\n\nOptions:\n${rows.join('\n')}\n\nExamples:\n${examples.map((e) => `  ${e}`).join('\n')}\n`;
}

/**
 * The scenario-override flags every scenario command takes (--duration, --set, --switch, --params-file), read by
 * `applyOverrides`; `scope` says where they apply ("in both runs", "for every subject").
 */
export function overrideFlags(scope = ''): Record<'duration' | 'set' | 'switch' | 'params-file', FlagSpec> {
  const s = scope ? ` ${scope}` : '';
  return {
    'params-file': { type: 'string', value: 'FIT.json', help: `apply a fit's best parameter values${s} (magbone fit --out; the name human-mg-bone = its shipped calibration; --set wins)` },
    duration: { type: 'string', value: 'TIME', help: `run length${s}, e.g. "5 y" (overrides the scenario's)` },
    set: { type: 'string', multiple: true, value: 'NAME=VALUE', help: `set a parameter${s} (repeatable)` },
    switch: { type: 'string', multiple: true, value: 'PATHWAY=on|off', help: `turn a pathway on or off${s} (repeatable)` },
  };
}
