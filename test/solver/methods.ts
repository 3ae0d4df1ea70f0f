/**
 * The registry of integration methods the shared solver tests run over (convergence order, test
 * set, time stops, failures). A new method joins every test by one entry here.
 *
 * ladder: how `order.test.ts` measures the order. 'step' = fixed step sizes (one-step methods:
 * hMax = h0 = h and tolerances so loose that no step is rejected; slope within order +- 0.5);
 * 'tolerance' = a tolerance ladder, error against the mean step size (methods that cannot run with
 * a fixed step; slope within [order - 0.5, order + 1.5], see order.test.ts).
 *
 * bdf is a CVODE-class BDF: on ROBER (rtol 1e-8) and on the time-stop problem its step and order
 * sequence is CVODE 6.4.1's to 6 digits for the first 160 steps (analytic and difference-quotient
 * Jacobians alike) and its error at the end agrees with CVODE's own; where a shared check needs
 * more than such a method gives, the check says so with the measured numbers (errorPerStep).
 */
import type { Method } from '../../src/solver/method.js';
import { bdf } from '../../src/solver/methods/bdf.js';
import { METHOD_TABLE } from '../../src/solver/methods/table.js';

export interface MethodEntry {
  readonly name: string;
  readonly make: () => Method;
  /** Expected convergence order (the fitted slope must be within +-0.5 of it). */
  readonly order: number;
  readonly stiff: boolean;
  readonly ladder: 'step' | 'tolerance';
  /**
   * Error control per step without local extrapolation (BDF): the error estimate is that of the
   * solution itself, so the global error is the sum of the local errors (typically 10-100x rtol
   * over hundreds of steps) and, on long runs, varies by up to +-0.9 digit with a 0.1 % change of
   * the initial step (CVODE's too). Used by testset.test.ts and tstops.test.ts, which explain where.
   */
  readonly errorPerStep?: boolean;
  /**
   * The configuration for the checks whose point is that no component goes negative (E5, ROBER
   * with a loose atol); absent = make(). See testset.test.ts for why bdf needs its safeguard there.
   */
  readonly makeNonNegative?: () => Method;
}

/** How each method of the solver's method table is tested (the table itself gives name, factory, order, stiffness). */
const TESTING: Record<string, Pick<MethodEntry, 'ladder' | 'errorPerStep' | 'makeNonNegative'>> = {
  rodas5: { ladder: 'step' },
  rodas5p: { ladder: 'step' },
  dopri5: { ladder: 'step' },
  bdf: { ladder: 'tolerance', errorPerStep: true, makeNonNegative: () => bdf({ nonNegative: true }) },
};

/** Every method of METHOD_TABLE (a method without a TESTING entry fails here, so none is skipped). */
export const METHODS: readonly MethodEntry[] = METHOD_TABLE.map((m) => {
  const t = TESTING[m.name];
  if (!t) throw new Error(`test/solver/methods.ts: say how method '${m.name}' is tested (TESTING)`);
  return { name: m.name, make: m.make, order: m.order, stiff: m.stiff, ...t };
});

export const STIFF_METHODS = METHODS.filter((m) => m.stiff);
