/**
 * The one table of integration methods: name, aliases, factory, order, stiffness, the short name
 * scenarios use, and whether forward sensitivities run on it. `simulate` (scenarios), both CLI
 * commands (`simulate --method`, `solve-ivp --method`) and the solver test registry read it; a new
 * method is added here once.
 */
import { didYouMean } from '../../core/issues.js';
import type { Method } from '../method.js';
import { bdf } from './bdf.js';
import { dopri5 } from './dopri5.js';
import { rodas5, rodas5p } from './rodas5.js';

/** One integration method as the interfaces offer it. */
export interface MethodInfo {
  /** Canonical name (the `Method.name` its factory returns). */
  readonly name: string;
  /** Other names accepted for it (`rodas` for rodas5p). */
  readonly aliases: readonly string[];
  /** The name scenarios use in `solver.method`, if scenarios offer it. */
  readonly scenarioName?: MethodName;
  /** A new method with default options. */
  readonly make: () => Method;
  /** Declared order of accuracy (variable-order methods: the maximum). */
  readonly order: number;
  /** Whether it is meant for stiff problems (implicit). */
  readonly stiff: boolean;
  /** Whether forward sensitivities (simulateSensitivities) integrate with it. */
  readonly forwardSensitivities: boolean;
  /** When to use it, in one line. */
  readonly summary: string;
}

/** The names scenarios accept in `solver.method`. */
export type MethodName = 'bdf' | 'rodas' | 'dopri';

/** Every method, the default first. */
export const METHOD_TABLE: readonly MethodInfo[] = [
  { name: 'bdf', aliases: [], scenarioName: 'bdf', make: () => bdf(), order: 5, stiff: true, forwardSensitivities: true,
    summary: 'variable-order BDF (CVODE-class), the default: stiff problems, long runs with many doses' },
  { name: 'rodas5p', aliases: ['rodas'], scenarioName: 'rodas', make: () => rodas5p(), order: 5, stiff: true, forwardSensitivities: false,
    summary: 'Rosenbrock order 5 (Steinebach 2023): stiff problems at tight tolerances; keeps its accuracy with approximate Jacobians' },
  { name: 'rodas5', aliases: [], make: () => rodas5(), order: 5, stiff: true, forwardSensitivities: false,
    summary: 'Rosenbrock order 5 (Di Marzo 1993): as rodas5p, loses about 2 digits with approximate Jacobians' },
  { name: 'dopri5', aliases: ['dopri'], scenarioName: 'dopri', make: () => dopri5(), order: 5, stiff: false, forwardSensitivities: true,
    summary: 'explicit Dormand-Prince 5(4): non-stiff problems only' },
];

/** Names and aliases (what `solve-ivp --method` accepts): by family in table order, shortest first (bdf, rodas, rodas5, rodas5p, dopri, dopri5). */
export function methodNames(): string[] {
  const family = (n: string): string => n.replace(/\d.*$/, '');
  const families = [...new Set(METHOD_TABLE.map((m) => family(m.name)))];
  return METHOD_TABLE.flatMap((m) => [m.name, ...m.aliases])
    .sort((a, b) => families.indexOf(family(a)) - families.indexOf(family(b)) || a.length - b.length || a.localeCompare(b));
}

/** The names scenarios accept (`bdf`, `rodas`, `dopri`). */
export function scenarioMethodNames(): MethodName[] {
  return METHOD_TABLE.flatMap((m) => (m.scenarioName ? [m.scenarioName] : []));
}

/** The method with this name or alias, or undefined. */
export function findMethod(name: string): MethodInfo | undefined {
  return METHOD_TABLE.find((m) => m.name === name || m.aliases.includes(name) || m.scenarioName === name);
}

/** "… is not a method (did you mean …?); use …" for a name not in `allowed`, or undefined when it is. */
export function methodProblem(name: string, allowed: readonly string[] = methodNames()): string | undefined {
  return allowed.includes(name) ? undefined : `"${name}" is not a method${didYouMean(name, allowed)}; use ${allowed.join(', ')}`;
}
