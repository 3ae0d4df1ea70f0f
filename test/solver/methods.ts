/**
 * The registry of integration methods the shared solver tests run over (convergence order, test
 * set, time stops, failures). A new method joins every test by one entry here.
 *
 * ladder: how `order.test.ts` measures the order. 'step' = fixed step sizes (one-step methods:
 * hMax = h0 = h and tolerances so loose that no step is rejected; slope within order +- 0.5);
 * 'tolerance' = a tolerance ladder, error against the mean step size (methods that cannot run with
 * a fixed step; slope within [order - 0.5, order + 1.5], see order.test.ts).
 */
import type { Method } from '../../src/solver/method.js';
import { rodas5, rodas5p } from '../../src/solver/methods/rodas5.js';
import { dopri5 } from '../../src/solver/methods/dopri5.js';

export interface MethodEntry {
  readonly name: string;
  readonly make: () => Method;
  /** Expected convergence order (the fitted slope must be within +-0.5 of it). */
  readonly order: number;
  readonly stiff: boolean;
  readonly ladder: 'step' | 'tolerance';
}

export const METHODS: readonly MethodEntry[] = [
  { name: 'rodas5', make: () => rodas5(), order: 5, stiff: true, ladder: 'step' },
  { name: 'rodas5p', make: () => rodas5p(), order: 5, stiff: true, ladder: 'step' },
  { name: 'dopri5', make: () => dopri5(), order: 5, stiff: false, ladder: 'step' },
];

export const STIFF_METHODS = METHODS.filter((m) => m.stiff);
