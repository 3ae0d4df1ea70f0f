/**
 * Command-line flags of the benchmark scripts (`--name value`): one reader instead of a copy per script.
 */
import type { Model } from '../src/model/model.js';
import { parameterValue } from '../src/simulate/param-value.js';

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

/**
 * `--set NAME=V,…`: parameter values of `model`, each read as `magbone --set` reads it (a number in the parameter's
 * unit, or a quantity with a unit; did-you-mean for an unknown name) and checked against its bounds. Every bad item
 * is returned in `problems` (the caller reports them all at once and exits 2); `reserved` names parameters the
 * script sets itself, with the message to give.
 */
export function setFlag(model: Model, reserved: Readonly<Record<string, string>> = {}, name = '--set'): { values: Record<string, number>; problems: string[] } {
  const values: Record<string, number> = {};
  const problems: string[] = [];
  for (const item of flagValue(name, '').split(',').filter(Boolean)) {
    const eq = item.indexOf('=');
    const param = eq > 0 ? item.slice(0, eq) : item;
    const v = eq > 0 ? parameterValue(model, param, item.slice(eq + 1)) : 'expected NAME=VALUE';
    const b = model.spec.parameters[param]?.bounds;
    if (typeof v === 'string') problems.push(`${item}: ${v}`);
    else if (Object.hasOwn(reserved, param)) problems.push(reserved[param]);
    else if (b && (v < b[0] || v > b[1])) problems.push(`${param} = ${v} is outside its bounds [${b[0]}, ${b[1]}]`);
    else values[param] = v;
  }
  return { values, problems };
}
