/**
 * OpenBoneMin's generic PK slot: gut, central and two peripheral compartments with linear and
 * saturable clearance, for a drug the modeller adds. Its rate constants are 0 as shipped and
 * nothing reads its concentration, so it is inert.
 */
import type { Fragment } from './compose.js';

const pk = (description: string, ode: string) => ({ unit: '?', description, initial: 0, ode });

export function genericPkModule(): Fragment {
  return {
    rules: {
      PKCP: { expr: 'PKCENT / PKVC', unit: '?', description: 'Generic PK: central concentration.' },
      PKCLNL: { expr: 'PKVMAX / (PKKM + PKCP)', unit: '?', description: 'Generic PK: saturable clearance.' },
    },
    states: {
      PKGUT: pk('Generic PK: gut (absorption) compartment.', '-PKKA * PKGUT'),
      PKCENT: pk('Generic PK: central compartment.',
        'PKKA * PKGUT + PKQ1 * PKPER1 / PKVP1 + PKQ2 * PKPER2 / PKVP2 - (PKQ1 + PKQ2 + PKCL + PKCLNL) * PKCENT / PKVC'),
      PKPER1: pk('Generic PK: first peripheral compartment.', 'PKQ1 * PKCENT / PKVC - PKQ1 * PKPER1 / PKVP1'),
      PKPER2: pk('Generic PK: second peripheral compartment.', 'PKQ2 * PKCENT / PKVC - PKQ2 * PKPER2 / PKVP2'),
    },
  };
}
