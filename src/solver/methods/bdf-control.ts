/**
 * Step-size and order control of the BDF method: the step ratio eta = h_new/h_old chosen from the
 * local error estimates at orders q−1, q and q+1, with the safety factors and limits of CVODE
 * (Hindmarsh et al. 2005, §2.1; the values are CVODE's defaults). Kept apart from the stepper so
 * that the policy is visible in one place and can be tuned without touching the integrator.
 */

export interface BdfControlParams {
  /** Safety factors on the error estimates at orders q−1, q, q+1 (the larger one biases against raising the order). */
  readonly biasDown: number;
  readonly biasSame: number;
  readonly biasUp: number;
  /** Added to the root to keep eta finite when the error estimate is zero. */
  readonly addon: number;
  /** Growth limit after the very first step (the initial step is deliberately small). */
  readonly etaMaxFirst: number;
  /** Growth limit otherwise. */
  readonly etaMax: number;
  /** A proposed growth below this factor is not taken (keeps h, and with it the LU, unchanged). */
  readonly etaKeep: number;
  /** Largest reduction after a successful step. */
  readonly etaMin: number;
  /** Bounds of the reduction after an error-test failure (the upper one from the 2nd failure on). */
  readonly etaMinErrorFail: number;
  readonly etaMaxErrorFail: number;
  /** Reduction after a Newton convergence failure. */
  readonly etaConvFail: number;
  /** Error-test failures in one step before giving up, and before forcing the order down. */
  readonly maxErrorFails: number;
  readonly errorFailsBeforeOrderDrop: number;
  /** Newton convergence failures in one step before giving up. */
  readonly maxConvFails: number;
}

export const BDF_CONTROL: BdfControlParams = Object.freeze({
  biasDown: 6,
  biasSame: 6,
  biasUp: 10,
  addon: 1e-6,
  etaMaxFirst: 1e4,
  etaMax: 10,
  etaKeep: 1.5,
  etaMin: 0.1,
  etaMinErrorFail: 0.1,
  etaMaxErrorFail: 0.2,
  etaConvFail: 0.25,
  maxErrorFails: 20,
  errorFailsBeforeOrderDrop: 3,
  maxConvFails: 10,
});

/**
 * Step ratio that brings a weighted error estimate `err` of a method whose error scales like
 * h^k to the target 1/bias: 1 / ((bias·err)^(1/k) + addon).
 */
export function etaFromError(err: number, bias: number, k: number, addon: number): number {
  const x = bias * err;
  let r: number;
  // the common roots without Math.pow
  if (k === 2) r = Math.sqrt(x);
  else if (k === 4) r = Math.sqrt(Math.sqrt(x));
  else r = Math.pow(x, 1 / k);
  return 1 / (r + addon);
}

/**
 * keep[k] (k = 1..maxK): an error `err` with bias·err above keep[k] certainly gives
 * etaFromError(err, bias, k) < etaKeep, i.e. a growth that is not taken (eta = 1),
 * so the root need not be taken. The margin (1e-9 relative) is far above the rounding of the root:
 * near the threshold the caller computes eta as before, so the outcome is the same either way.
 * All zero (never certain) when 1/etaKeep − addon is not positive.
 */
export function keepThresholds(c: BdfControlParams, maxK: number): Float64Array {
  const t = new Float64Array(maxK + 1).fill(Infinity);
  const r = 1 / c.etaKeep - c.addon;
  if (r > 0 && c.etaKeep > 1) for (let k = 1; k <= maxK; k++) t[k] = Math.pow(r, k) * (1 + 1e-9);
  return t;
}

/** Step ratio after the `nef`-th error-test failure of a step with weighted error `dsm` at order L−1. */
export function etaAfterErrorFailure(c: BdfControlParams, dsm: number, L: number, nef: number): number {
  let eta = etaFromError(dsm, c.biasSame, L, c.addon);
  if (eta < c.etaMinErrorFail) eta = c.etaMinErrorFail;
  if (nef >= 2 && eta > c.etaMaxErrorFail) eta = c.etaMaxErrorFail;
  return eta;
}

/**
 * Limits a ratio proposed after a successful step: growth below `etaKeep` is dropped (eta = 1),
 * growth is capped by `etaMax` and by the largest step `hmaxInv` allows, reduction by `etaMin`.
 */
export function limitEta(c: BdfControlParams, eta: number, etaMax: number, absH: number, hmaxInv: number): number {
  if (eta < c.etaKeep && eta > 0) {
    // CVODE never shrinks the step after a success: a too-large step is caught by the error test
    return 1;
  }
  if (eta > etaMax) eta = etaMax;
  const r = absH * hmaxInv * eta;
  if (r > 1) eta /= r;
  if (eta < c.etaMin) eta = c.etaMin;
  return eta;
}
