/**
 * Dormand–Prince 5(4) coefficients: J.R. Dormand and P.J. Prince, "A family of embedded Runge–Kutta
 * formulae", J. Comput. Appl. Math. 6 (1980) 19–26; 4th-order continuous extension (dense output)
 * of Shampine, "Some practical Runge–Kutta formulas", Math. Comp. 46 (1986) 135–150, in the form of
 * Hairer, Nørsett & Wanner, Solving ODEs I (2nd ed.), Sect. II.5–II.6, Table 5.2 and the DOPRI5 code.
 * Checked by `dopri5-tableau.test.ts` against the order conditions.
 *
 * 7 stages, FSAL (the 7th stage is f at the new point, reused as the next step's 1st stage).
 * y1 = y0 + h sum b_i k_i (order 5); error = h sum e_i k_i with e = b - bhat (bhat of order 4).
 * Dense output, theta in [0, 1], with r1 = y1 - y0, r2 = h k1 - r1, r3 = r1 - h k7 - r2,
 * r4 = h sum dd_i k_i:  y(t0 + theta h) = y0 + theta (r1 + (1-theta)(r2 + theta (r3 + (1-theta) r4))).
 */

export interface ExplicitRkTableau {
  readonly name: string;
  readonly order: number;
  readonly embeddedOrder: number;
  readonly stages: number;
  readonly A: readonly (readonly number[])[];
  readonly c: readonly number[];
  readonly b: readonly number[];
  /** b - bhat: weights of the error estimate. */
  readonly e: readonly number[];
  /** Dense-output weights of r4 (Hairer's d_i). */
  readonly dd: readonly number[];
}

const B = [35 / 384, 0, 500 / 1113, 125 / 192, -2187 / 6784, 11 / 84, 0];
const BHAT = [5179 / 57600, 0, 7571 / 16695, 393 / 640, -92097 / 339200, 187 / 2100, 1 / 40];

export const DOPRI5: ExplicitRkTableau = {
  name: 'dopri5',
  order: 5,
  embeddedOrder: 4,
  stages: 7,
  A: [
    [0, 0, 0, 0, 0, 0, 0],
    [1 / 5, 0, 0, 0, 0, 0, 0],
    [3 / 40, 9 / 40, 0, 0, 0, 0, 0],
    [44 / 45, -56 / 15, 32 / 9, 0, 0, 0, 0],
    [19372 / 6561, -25360 / 2187, 64448 / 6561, -212 / 729, 0, 0, 0],
    [9017 / 3168, -355 / 33, 46732 / 5247, 49 / 176, -5103 / 18656, 0, 0],
    [35 / 384, 0, 500 / 1113, 125 / 192, -2187 / 6784, 11 / 84, 0],
  ],
  c: [0, 1 / 5, 3 / 10, 4 / 5, 8 / 9, 1, 1],
  b: B,
  // exact differences (71/57600, ...) rather than b - bhat in floating point
  e: [71 / 57600, 0, -71 / 16695, 71 / 1920, -17253 / 339200, 22 / 525, -1 / 40],
  dd: [
    -12715105075 / 11282082432, 0, 87487479700 / 32700410799, -10690763975 / 1880347072,
    701980252875 / 199316789632, -1453857185 / 822651844, 69997945 / 29380423,
  ],
};

/** The 4th-order weights, for the tableau test. */
export const DOPRI5_BHAT: readonly number[] = BHAT;
