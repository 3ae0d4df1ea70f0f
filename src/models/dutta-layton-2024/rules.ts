import type { RuleSpec } from '../../model/spec.js';

/**
 * Assignment rules. The 56 quantities the authors' compute_fluxes reports keep their names
 * (PTHg_prod_basal ... Bone_accretion_Mg); the concentrations and the two Mg switches (h, h_m)
 * are the intermediate names of magnesium_mod.m.
 */
const r = (expr: string, unit: string, description: string): RuleSpec => ({ expr, unit, description });

export const rules: Record<string, RuleSpec> = {
  // --- plasma concentrations
  PTHp_con: r('PTH_p / Vp', 'pmol/L', 'Plasma PTH concentration.'),
  Cap_con: r('Ca_p / Vp', 'mmol/L', 'Plasma (free) calcium concentration.'),
  Mgp_con: r('Mg_p / Vp', 'mmol/L', 'Plasma (free) magnesium concentration.'),
  D3p_con: r('D3_p / Vp', 'pmol/L', 'Plasma calcitriol (1,25(OH)2D3) concentration.'),

  // --- parathyroid gland
  h: r(
    '(Mgp_con / Mg_switch_PTH)^n_switch / (1 + (Mgp_con / Mg_switch_PTH)^n_switch)',
    '1',
    'Switch from the low-Mg to the normal/high-Mg PTH exocytosis law: a Hill function of exponent 50 centred at ' +
      '0.4 mM, close to a step (h < 0.01 below 0.365 mM, h > 0.99 above 0.438 mM). Below the switch PTH secretion ' +
      'falls with Mg (severe hypomagnesaemia impairs PTH release).',
  ),
  PTHg_prod_basal: r('k_prod_PTHg / PTHg_norm', 'pmol/min', 'Basal PTH synthesis rate.'),
  PTHg_prod_effect_D3: r(
    '1 / (1 + gamma_prod_D3 * D3p_norm * D3p_con)',
    '1',
    'Calcitriol inhibition of PTH synthesis.',
  ),
  PTHg_synthesis: r('PTHg_prod_basal * PTHg_prod_effect_D3', 'pmol/min', 'PTH synthesis in the gland.'),
  PTHg_deg: r('k_PTHg_deg * PTH_g', 'pmol/min', 'PTH degradation in the gland.'),
  normal_high_Mg_effect: r(
    '(gamma_Ca / (Cap_norm * Cap_con))^gamma_p * (beta_exo_PTHg - beta_Mg_exo / (1 + (Cm_half / Mgp_con)^2))',
    '1/min',
    'PTH exocytosis rate constant at normal and high Mg: inhibited by plasma Ca (CaSR) and, more weakly, by plasma Mg ' +
      '(beta_Mg_exo is the literal 1 of the code).',
  ),
  low_Mg_effect: r(
    'gamma_Mg / (1 + K_low_Mg_exo / Mgp_con)',
    '1/min',
    'PTH exocytosis rate constant at low Mg: rises with Mg (Mg is needed for secretion). compute_fluxes reports it with ' +
      'the literal 0.01 where the ODE uses gamma_Mg (equal by default).',
  ),
  F_Ca_Mg: r(
    'h * normal_high_Mg_effect + (1 - h) * low_Mg_effect',
    '1/min',
    'PTH exocytosis rate constant, switching between the low-Mg and normal/high-Mg laws.',
  ),
  PTHg_exocytosis: r('F_Ca_Mg * PTH_g', 'pmol/min', 'PTH secretion from the gland into plasma.'),

  // --- plasma PTH
  PTHp_deg: r(
    'k_PTHp_deg * PTHp_con',
    'pmol/L/min',
    'Plasma PTH degradation, written by the authors on the concentration (see V_unit).',
  ),
  PTHp_influx: r('PTHg_exocytosis * PTHg_norm / PTHp_norm', 'pmol/min', 'PTH entering plasma.'),

  // --- calcitriol
  PTH_impact_D3_act: r(
    'PTHp_con^nconv / (PTHp_con^nconv + (K_conv_PTH / PTHp_norm)^nconv)',
    '1',
    'PTH stimulation of renal calcitriol activation (1-alpha-hydroxylase).',
  ),
  Ca_impact_D3_act: r('1 / (1 + gamma_conv_Ca * Cap_norm * Cap_con)', '1', 'Calcium inhibition of calcitriol activation.'),
  D3_impact_D3_act: r('1 / (1 + gamma_conv_D3 * D3p_norm * D3p_con)', '1', 'Calcitriol inhibition of its own activation.'),
  Mg_impact_D3_act_1: r(
    'delta_Mg_act * Mgp_con^4 / ((K1_Mg_act / Mgp_norm)^4 + Mgp_con^4)',
    '1',
    'Mg effect on calcitriol activation below the switch: rises with Mg (1-alpha-hydroxylase needs Mg).',
  ),
  Mg_impact_D3_act_2: r(
    'delta_Mg_act * (K2_Mg_act / Mgp_norm)^4 / ((K2_Mg_act / Mgp_norm)^4 + Mgp_con^4)',
    '1',
    'Mg effect on calcitriol activation above the switch: falls with Mg (hypermagnesaemia).',
  ),
  h_m: r(
    '1 / (1 + (Mgp_con / Mg_switch_D3)^n_switch)',
    '1',
    'Switch between the rising and the falling Mg effect on calcitriol activation: exponent 50 centred at 2.5 mM, ' +
      'a step from 1 (below) to 0 (above). At physiological Mg (0.2-1 mM) h_m is 1 to machine precision.',
  ),
  Mg_impact_D3_act: r(
    'h_m * Mg_impact_D3_act_1 + (1 - h_m) * Mg_impact_D3_act_2',
    '1',
    'Mg effect on calcitriol activation.',
  ),
  F_D3_act: r(
    'PTH_impact_D3_act * Ca_impact_D3_act * D3_impact_D3_act * Mg_impact_D3_act',
    '1',
    'Combined regulation of calcitriol activation.',
  ),
  D3_influx: r(
    '(k_min_conv + delta_max_D3act * F_D3_act) * (D3_inact / D3p_norm)',
    'pmol/L/min',
    'Calcitriol production from 25(OH)D (see V_unit).',
  ),
  PTH_impact_D3_deg: r(
    '1 / (1 + gamma_deg_PTHp * PTHp_norm * PTHp_con)',
    '1',
    'PTH inhibition of calcitriol degradation (24-hydroxylase).',
  ),
  Mg_impact_D3_inact: r(
    'Mgp_con^4 / ((K_D3 / Mgp_norm)^4 + Mgp_con^4)',
    '1',
    'Mg stimulation of calcitriol degradation (adds to the PTH term).',
  ),
  deg_D3_act: r(
    'k_deg_D3 * (PTH_impact_D3_deg + Mg_impact_D3_inact) * D3p_con',
    'pmol/L/min',
    'Calcitriol degradation (see V_unit).',
  ),

  // --- intestine
  Gut_impact_D3: r(
    'D3p_con^2 / ((K_abs_D3 / D3p_norm)^2 + D3p_con^2)',
    '1',
    'Calcitriol effect on intestinal absorption (Hill, exponent 2).',
  ),
  Gut_frac_absorption_Ca: r('Gamma_abs0 + delta_abs_D3 * Gut_impact_D3', '1', 'Fraction of dietary Ca absorbed.'),
  Gut_absorption_Ca: r('ICa * Gut_frac_absorption_Ca / Cap_norm', 'mmol/min', 'Intestinal Ca absorption.'),
  passive_Mg_absorption: r('gamma_passive_Mg', '1', 'Passive (paracellular) fraction of dietary Mg absorbed.'),
  active_Mg_absorption: r(
    'gamma_active_Mg * V_active / (K_active + IMg)',
    '1',
    'Active (transcellular, TRPM6/7) fraction of dietary Mg absorbed: saturable, so the fraction rises when intake falls.',
  ),
  D3_effect_Mg_absorption: r('gamma_D3_Mg * Gut_impact_D3', '1', 'Calcitriol-dependent fraction of dietary Mg absorbed.'),
  Gut_frac_absorption_Mg: r(
    'passive_Mg_absorption + active_Mg_absorption + D3_effect_Mg_absorption',
    '1',
    'Fraction of dietary Mg absorbed.',
  ),
  Gut_absorption_Mg: r('IMg * Gut_frac_absorption_Mg / Mgp_norm', 'mmol/min', 'Intestinal Mg absorption.'),

  // --- kidney: regulatory factors
  delta_PT_PTH: r(
    '1 / (1 + (PTHp_con * PTHp_norm / PTHp_ref)^nPT)',
    '1',
    'PTH factor in the proximal tubule: PTH lowers PT reabsorption.',
  ),
  delta_TAL_CaSR: r(
    '1 / ((1 + (Cap_con * Cap_norm / Cap_ref)^nTAL) * (1 + 0.6 * (Mgp_con * Mgp_norm / Mgp_ref)^nTAL))',
    '1',
    'CaSR factor in the thick ascending limb: plasma Ca and (weight 0.6) plasma Mg lower TAL reabsorption.',
  ),
  delta_TAL_PTH: r('PTHp_con / (PTHp_con + K_TAL_PTHp / PTHp_norm)', '1', 'PTH factor in the thick ascending limb.'),
  delta_DCT_PTH: r('PTHp_con / (PTHp_con + K_DCT_PTHp / PTHp_norm)', '1', 'PTH factor in the distal convoluted tubule.'),
  delta_DCT_D3: r('D3p_con / (D3p_con + K_DCT_D3p / D3p_norm)', '1', 'Calcitriol factor in the distal convoluted tubule.'),

  // --- kidney: calcium
  Renal_filtration_Ca: r('GFR * Cap_con', 'mmol/min', 'Filtered calcium load.'),
  Lambda_PT_Ca: r('Lambda_PT0_Ca + delta_PT_max_Ca * delta_PT_PTH', '1', 'Fractional Ca reabsorption in the proximal tubule.'),
  Lambda_TAL_Ca: r(
    'Lambda_TAL0_Ca + 0.7 * delta_TAL_max_Ca * delta_TAL_CaSR + 0.3 * delta_TAL_max_Ca * delta_TAL_PTH',
    '1',
    'Fractional Ca reabsorption in the thick ascending limb (regulated part: 70% CaSR, 30% PTH).',
  ),
  Lambda_DCT_Ca: r(
    'Lambda_DCT0_Ca + 0.8 * delta_DCT_max_Ca * delta_DCT_PTH + 0.2 * delta_DCT_max_Ca * delta_DCT_D3',
    '1',
    'Fractional Ca reabsorption in the distal convoluted tubule (regulated part: 80% PTH, 20% calcitriol).',
  ),
  Renal_frac_reab_Ca: r(
    'min(0.995, Lambda_PT_Ca + Lambda_TAL_Ca + Lambda_DCT_Ca)',
    '1',
    'Total fractional Ca reabsorption, capped at 99.5%.',
  ),
  Urine_excretion_Ca: r('(1 - Renal_frac_reab_Ca) * Renal_filtration_Ca', 'mmol/min', 'Urinary calcium excretion.'),

  // --- kidney: magnesium
  Renal_filtration_Mg: r('GFR * Mgp_con', 'mmol/min', 'Filtered magnesium load.'),
  Lambda_PT_Mg: r('Lambda_PT0_Mg + delta_PT_max_Mg * delta_PT_PTH', '1', 'Fractional Mg reabsorption in the proximal tubule.'),
  Lambda_TAL_Mg: r(
    'Lambda_TAL0_Mg + 0.7 * delta_TAL_max_Mg * delta_TAL_CaSR + 0.3 * delta_TAL_max_Mg * delta_TAL_PTH',
    '1',
    'Fractional Mg reabsorption in the thick ascending limb (regulated part: 70% CaSR, 30% PTH).',
  ),
  Lambda_DCT_Mg: r(
    'Lambda_DCT0_Mg + delta_DCT_max_Mg * (0.8 * delta_DCT_PTH + 0.2 * delta_DCT_D3)',
    '1',
    'Fractional Mg reabsorption in the distal convoluted tubule (regulated part: 80% PTH, 20% calcitriol).',
  ),
  Renal_frac_reab_Mg: r(
    'min(0.995, Lambda_PT_Mg + Lambda_TAL_Mg + Lambda_DCT_Mg)',
    '1',
    'Total fractional Mg reabsorption, capped at 99.5%.',
  ),
  Urine_excretion_Mg: r('(1 - Renal_frac_reab_Mg) * Renal_filtration_Mg', 'mmol/min', 'Urinary magnesium excretion.'),

  // --- bone
  PTHp_res_effect: r(
    'delta_res_max * 0.2 * PTHp_con^2 / (PTHp_con^2 + (K_PTHp_res / PTHp_norm)^2)',
    'mmol/min',
    'PTH-driven bone Ca resorption (20% of the maximal regulated resorption).',
  ),
  D3_res_effect: r(
    'delta_res_max * 0.8 * D3p_con^2 / (D3p_con^2 + (K_D3p_res / D3p_norm)^2)',
    'mmol/min',
    'Calcitriol-driven bone Ca resorption (80% of the maximal regulated resorption).',
  ),
  Bone_resorption_Ca: r('Gamma_res_min + PTHp_res_effect + D3_res_effect', 'mmol/min', 'Bone Ca resorption (slow pool to plasma).'),
  Bone_resorption_Mg: r(
    '0.025 * (Gamma_res_min + PTHp_res_effect + D3_res_effect)',
    'mmol/min',
    'Bone Mg resorption, 2.5% of the Ca resorption (the Mg:Ca ratio of resorbed bone). compute_fluxes reports 0 when ' +
      'NMg_s <= 0; the ODE always uses this value (the two agree while NMg_s is held at its positive initial value).',
  ),
  Plasma_to_FastPool_Ca: r('k_pf_Ca * Cap_con * Vp', 'mmol/min', 'Calcium flux from plasma to the fast bone pool.'),
  FastPool_to_Plasma_Ca: r('k_fp_Ca * NCa_f', 'mmol/min', 'Calcium flux from the fast bone pool to plasma.'),
  Bone_accretion_Ca: r('Gamma_ac_Ca * NCa_f', 'mmol/min', 'Calcium accretion from the fast into the slow bone pool.'),
  Plasma_to_FastPool_Mg: r('k_pf_Mg * Mgp_con * Vp', 'mmol/min', 'Magnesium flux from plasma to the fast bone pool.'),
  FastPool_to_Plasma_Mg: r('k_fp_Mg * NMg_f', 'mmol/min', 'Magnesium flux from the fast bone pool to plasma.'),
  Bone_accretion_Mg: r('Gamma_ac_Mg * NMg_f', 'mmol/min', 'Magnesium accretion from the fast into the slow bone pool.'),
};

/** The 56 names of the authors' compute_fluxes, in its order (all are rules above). */
export const authorFluxNames = [
  'PTHg_prod_basal', 'PTHg_prod_effect_D3', 'PTHg_synthesis', 'PTHg_deg', 'normal_high_Mg_effect',
  'low_Mg_effect', 'F_Ca_Mg', 'PTHg_exocytosis', 'PTHp_deg', 'PTHp_influx', 'PTH_impact_D3_act',
  'Ca_impact_D3_act', 'D3_impact_D3_act', 'Mg_impact_D3_act_1', 'Mg_impact_D3_act_2', 'Mg_impact_D3_act',
  'F_D3_act', 'D3_influx', 'PTH_impact_D3_deg', 'Mg_impact_D3_inact', 'deg_D3_act', 'Gut_impact_D3',
  'Gut_frac_absorption_Ca', 'Gut_absorption_Ca', 'passive_Mg_absorption', 'active_Mg_absorption',
  'D3_effect_Mg_absorption', 'Gut_frac_absorption_Mg', 'Gut_absorption_Mg', 'delta_PT_PTH', 'delta_TAL_CaSR',
  'delta_TAL_PTH', 'delta_DCT_PTH', 'delta_DCT_D3', 'Renal_filtration_Ca', 'Lambda_PT_Ca', 'Lambda_TAL_Ca',
  'Lambda_DCT_Ca', 'Renal_frac_reab_Ca', 'Urine_excretion_Ca', 'Renal_filtration_Mg', 'Lambda_PT_Mg',
  'Lambda_TAL_Mg', 'Lambda_DCT_Mg', 'Renal_frac_reab_Mg', 'Urine_excretion_Mg', 'PTHp_res_effect',
  'D3_res_effect', 'Bone_resorption_Ca', 'Bone_resorption_Mg', 'Plasma_to_FastPool_Ca', 'FastPool_to_Plasma_Ca',
  'Bone_accretion_Ca', 'Plasma_to_FastPool_Mg', 'FastPool_to_Plasma_Mg', 'Bone_accretion_Mg',
] as const;
