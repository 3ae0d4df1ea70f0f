/**
 * Denosumab (anti-RANKL antibody) as in OpenBoneMin: subcutaneous depot, two-compartment PK with
 * linear and saturable (target-mediated) clearance, and second-order removal of RANKL by the
 * antibody. Doses go to `DENSC` in ng with bioavailability DENF (a "60 mg" dose adds 60e6·DENF ng,
 * as OpenBoneMin's mg amount times F = DENF·1e6 does).
 */
import type { Fragment } from './compose.js';
import { REMODELING_ODES } from './remodeling.js';

export function denosumabModule(): Fragment {
  return {
    rules: {
      DENCP: { expr: 'DENCENT / DENVC', unit: 'ng/mL', description: 'Denosumab plasma concentration.' },
      DENMOL: { expr: 'DENCENT / DENVC / DENMW * umolToPmol', unit: 'pmol/L', description: 'Denosumab molar concentration.' },
      DENCLNL: { expr: 'DENVMAX / (DENKM + DENCP)', unit: 'mL/h', description: 'Saturable denosumab clearance.' },
    },
    states: {
      DENSC: { unit: 'ng', description: 'Denosumab subcutaneous depot (dosing compartment).', initial: 0, ode: '-DENKA * DENSC' },
      DENCENT: {
        unit: 'ng', description: 'Denosumab, central compartment.', initial: 0,
        ode: 'DENKA * DENSC + DENQ * DENPER / DENVP - (DENQ + DENCL + DENCLNL) * DENCENT / DENVC',
      },
      DENPER: { unit: 'ng', description: 'Denosumab, peripheral compartment.', initial: 0, ode: 'DENQ * DENCENT / DENVC - DENQ * DENPER / DENVP' },
    },
    odes: {
      L: { ode: `${REMODELING_ODES.L} - kdenosl * DENMOL * L` },
    },
    doses: {
      DENSC: {
        state: 'DENSC', description: 'Denosumab subcutaneous injection.', amountUnit: 'ng', bioavailability: 'DENF',
      },
    },
  };
}
