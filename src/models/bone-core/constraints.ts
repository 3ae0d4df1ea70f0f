/**
 * Conditions between parameters of the Peterson–Riggs core that single-parameter bounds cannot
 * express. Each comes from an EC50 solved from the steady-state requirement (remodeling.ts,
 * mineral.ts): the EC50 is positive exactly when the condition holds. A violation gives a negative
 * (finite) EC50, which no bound or non-finite check would catch, or a log of a negative number.
 * The same EC50PicOCparen and EC50PicROBparen conditions are left to Model.with's non-finite check
 * (their only use is under a log), whose message names the rule and its inputs.
 */
import type { ConstraintSpec } from '../../model/spec.js';

/** EmaxX·G/(Pic0 − FracX·Pic0) − G > 0 (G = TGFBact0^gam > 0, FracX < 1) ⇔ EmaxX > (1 − FracX)·Pic0. */
const picParen = (x: string): ConstraintSpec => ({
  expr: `EmaxPic${x} > (1 - FracPic${x}) * Pic0`,
  description: `EC50Pic${x}paren = EmaxPic${x}·TGFBact0^Pic${x}gam/(Pic0 − E0Pic${x}) − TGFBact0^Pic${x}gam must be positive ` +
    `(its log gives EC50Pic${x}): the TGF-β term EmaxPic${x} must exceed the TGF-β-dependent part (1 − FracPic${x})·Pic0 of the baseline.`,
  source: `derived: rule EC50Pic${x}paren > 0`,
});

export const CORE_CONSTRAINTS: Readonly<Record<string, ConstraintSpec>> = {
  EC50PTHRX2x_positive: {
    expr: 'RX2Kout0 > E0rx2Kout && EmaxPTHRX2x > RX2Kout0 - E0rx2Kout',
    description: 'EC50PTHRX2x = EmaxPTHRX2x·PTHconc0/(RX2Kout0 − E0rx2Kout) − PTHconc0 must be positive: the baseline Runx2 loss constant ' +
      'RX2Kout0 must exceed its PTH-free part E0rx2Kout, and the maximal PTH increase EmaxPTHRX2x must exceed their difference.',
    source: 'derived: rule EC50PTHRX2x > 0',
  },
  EC50PTHcreb_positive: {
    expr: 'EmaxPTHcreb > 1 - E0crebKin',
    description: 'EC50PTHcreb = EmaxPTHcreb·PTHconc0/(1 − E0crebKin) − PTHconc0 must be positive: the maximal PTH stimulation of CREB ' +
      'production must exceed the PTH-dependent part 1 − E0crebKin of its baseline factor.',
    source: 'derived: rule EC50PTHcreb > 0',
  },
  T29_positive: {
    expr: 'T28 > T310',
    description: 'T29 = (T28·T0 − T310·T0)/T310, the half-saturation amount of active gut calcium absorption, must be positive: ' +
      'the maximal absorption rate constant T28 must exceed its value T310 at the reference amount T0.',
    source: 'derived: rule T29 > 0',
  },
  EC50PicOBparen_positive: picParen('OB'),
};
