import type { StateSpec } from '../../model/spec.js';

/**
 * The nine states of magnesium_mod.m, in its order, as amounts. Initial values: the authors' stored
 * baseline steady state (steady_state_baseline/magnesium_mod_SS_male.mat), which is a steady state of
 * the 75 published parameters to about 1e-5 relative.
 *
 * The plasma equations (PTH_p, D3_p, Mg_p, Ca_p) are the authors' as written: concentration fluxes
 * summed into the derivative of an amount. V_unit (1 L) makes that explicit; see the README.
 */
export const states: Record<string, StateSpec> = {
  PTH_g: {
    unit: 'pmol',
    description: 'PTH stored in the parathyroid glands.',
    initial: 34.989099999999894,
    ode: 'PTHg_synthesis - PTHg_exocytosis - PTHg_deg',
  },
  PTH_p: {
    unit: 'pmol',
    description: 'PTH in plasma.',
    initial: 0.06278999999999964,
    ode: 'PTHp_influx - PTHp_deg * V_unit',
  },
  D3_p: {
    unit: 'pmol',
    description: 'Calcitriol (1,25(OH)2D3) in plasma.',
    initial: 1.5367000000000341,
    ode: '(D3_influx - deg_D3_act) * V_unit',
  },
  Mg_p: {
    unit: 'mmol',
    description: 'Free magnesium in plasma.',
    initial: 0.006500000000000175,
    ode:
      '(1 - kappa_b_Mg) * (Gut_absorption_Mg + Bone_resorption_Mg / Mgp_norm + FastPool_to_Plasma_Mg' +
      ' - Plasma_to_FastPool_Mg - Urine_excretion_Mg) * V_unit / Vp',
  },
  Ca_p: {
    unit: 'mmol',
    description: 'Free calcium in plasma.',
    initial: 0.012499999999999976,
    ode:
      '(1 - kappa_b_Ca) * (Gut_absorption_Ca + Bone_resorption_Ca / Cap_norm + FastPool_to_Plasma_Ca' +
      ' - Plasma_to_FastPool_Ca - Urine_excretion_Ca) * V_unit / Vp',
  },
  NCa_f: {
    unit: 'mmol',
    description: 'Calcium in the rapidly exchangeable (fast) bone pool.',
    initial: 1.6263999999999952,
    ode: 'Plasma_to_FastPool_Ca - FastPool_to_Plasma_Ca - Bone_accretion_Ca',
  },
  NCa_s: {
    unit: 'mmol',
    description:
      'Calcium in the slow bone pool. Held constant by the authors (NCas_fixed = true): its derivative is 0 unless ' +
      'the switch slow_pools_dynamic is on.',
    initial: 134.36224943735147,
    ode: 'slow_pools_dynamic * (Bone_accretion_Ca - Bone_resorption_Ca / NCas_norm)',
  },
  NMg_f: {
    unit: 'mmol',
    description: 'Magnesium in the rapidly exchangeable (fast) bone pool.',
    initial: 0.8000000000000173,
    ode: 'Plasma_to_FastPool_Mg - FastPool_to_Plasma_Mg - Bone_accretion_Mg',
  },
  NMg_s: {
    unit: 'mmol',
    description:
      'Magnesium in the slow bone pool. Held constant by the authors (NMgs_fixed = true): its derivative is 0 unless ' +
      'the switch slow_pools_dynamic is on (then it stops falling at 0, as in the authors\' code).',
    initial: 1.6039999999999996,
    ode: 'slow_pools_dynamic * if(NMg_s <= 0, 0, Bone_accretion_Mg - Bone_resorption_Mg / NMgs_norm)',
  },
};
