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
      DENngmL: { expr: 'DENCENT / DENVC', unit: 'ng/mL', description: 'Denosumab plasma concentration (OpenBoneMin: DENCP).' },
      DENpM: { expr: 'DENngmL / DENMW * umolToPmol', unit: 'pmol/L', description: 'Denosumab molar concentration (OpenBoneMin: DENMOL).' },
      DENCLNL: { expr: 'DENVMAX / (DENKM + DENngmL)', unit: 'mL/h', description: 'Saturable denosumab clearance.' },
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
      L: { ode: `${REMODELING_ODES.L} - kdenosl * DENpM * L` },
    },
    doses: {
      DENSC: {
        state: 'DENSC', description: 'Denosumab subcutaneous injection.', amountUnit: 'ng', bioavailability: 'DENF',
      },
    },
  };
}
