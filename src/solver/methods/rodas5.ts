/**
 * Rodas5 and Rodas5P: 8-stage, order 5(4), L-stable, stiffly accurate Rosenbrock methods with a
 * stiff-aware 4th-order dense output.
 *
 * When to use: stiff problems at moderate to tight tolerances (rtol 1e-4 .. 1e-10), small to
 * medium systems (one dense LU of an n×n matrix per step), problems with frequent restarts
 * (doses: a one-step method restarts at full order). For loose tolerances on large systems a BDF
 * method usually needs fewer Jacobians. Rodas5P (Steinebach 2023) has better dense output and
 * order behaviour on stiff and parabolic problems than Rodas5 (Di Marzo 1993) at the same cost.
 *
 * Coefficients: `rodas5-tableau.ts`; stepper: `rodas.ts`.
 */
import type { Method } from '../method.js';
import { CONTROLLER_DEFAULTS, controllerOptions } from '../controller.js';
import { RODAS5, RODAS5P } from './rodas5-tableau.js';
import { rodasMethod, type RodasOptions } from './rodas.js';

export type { RodasOptions } from './rodas.js';

/** Rodas5 (Di Marzo 1993; Hairer & Wanner's RODAS family). */
export function rodas5(options: RodasOptions = {}): Method {
  return rodasMethod(RODAS5, controllerOptions(CONTROLLER_DEFAULTS.rodas5, options.controller));
}

/** Rodas5P (Steinebach 2023). */
export function rodas5p(options: RodasOptions = {}): Method {
  return rodasMethod(RODAS5P, controllerOptions(CONTROLLER_DEFAULTS.rodas5, options.controller));
}
