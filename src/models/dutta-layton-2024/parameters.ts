import type { ParameterSpec } from '../../model/spec.js';

/**
 * The 75 parameters of params_male.txt, in the file's order (the order of the authors' params(i)),
 * then the constants the authors' right-hand side hard-codes.
 *
 * Units. The file's own unit comments are kept where they agree with how the code uses the value.
 * Where they do not, the unit here is the one the code implies and the description quotes the file:
 * the code works in mmol and converts pmol quantities with the *_norm constants (1e-9 mmol/pmol),
 * so e.g. K_conv_PTH = 3e-9 is compared with PTHp_con * PTHp_norm and acts as 3e-9 mmol/L = 3 pmol/L,
 * although the file calls it "pmol/L". The numbers are the authors', unchanged.
 */
type Bounds = [number, number];
/*
 * Bounds say what a parameter is: rate constants, intakes, amounts, half-saturation constants,
 * strengths and exponents are non-negative; fractions (reabsorbed, absorbed, bound) lie in [0, 1];
 * a parameter the equations divide by (Vp, the reference concentrations, the switch centres, K_active,
 * which meets IMg = 0 in a Mg-free diet) is strictly positive. The *_norm constants are the code's
 * unit bookkeeping (mmol per pmol, or 1), not quantities: their bounds fix them, as V_unit's do.
 */
const NONNEG: Bounds = [0, Infinity];
const POSITIVE: Bounds = [Number.MIN_VALUE, Infinity];
const FRACTION: Bounds = [0, 1];
const fixed = (v: number): Bounds => [v, v];

const p = (
  index: number,
  value: number,
  unit: string,
  description: string,
  bounds: Bounds,
): ParameterSpec => ({ value, unit, description, source: `ref:dutta2024 params_male.txt line ${index}`, bounds });

const hardCoded = (value: number, unit: string, description: string, bounds: Bounds): ParameterSpec => ({
  value,
  unit,
  description,
  source: 'ref:dutta2024 magnesium_mod.m (a literal in the code, not in params_male.txt)',
  bounds,
});

export const parameters: Record<string, ParameterSpec> = {
  // --- parathyroid gland and plasma PTH
  gamma_p: p(1, 2, '1', 'Exponent of the calcium inhibition of PTH exocytosis, (gamma_Ca/[Ca])^gamma_p.', NONNEG),
  beta_exo_PTHg: p(2, 1.034272, '1/min', 'Maximal PTH exocytosis rate constant in the normal/high-Mg regime (file: "min^-1, exocytosis").', NONNEG),
  Cm_half: p(3, 3.8, 'mmol/L', 'Plasma Mg at which Mg halves its inhibition term of PTH exocytosis, enters as (Cm_half/[Mg])^2 (file says "mM^2"; the code divides it by a concentration and squares the ratio).', NONNEG),
  Vp: p(4, 0.01, 'L', 'Plasma volume; amounts divided by Vp give concentrations.', POSITIVE),
  k_prod_PTHg: p(5, 2.5296e-9, 'mmol/min', 'Basal PTH synthesis in the gland, 2.5296 pmol/min once divided by PTHg_norm (file says "pmol/min"; the code divides by PTHg_norm = 1e-9 mmol/pmol).', NONNEG),
  gamma_Ca: p(6, 0.15, 'mmol/L', 'Calcium scale of the PTH exocytosis law, (gamma_Ca/[Ca])^gamma_p (no unit in the file; it is divided by a concentration).', NONNEG),
  gamma_Mg: p(7, 0.01, '1/min', 'Maximal PTH exocytosis rate constant in the low-Mg regime (no unit in the file; it multiplies PTH_g to give pmol/min).', NONNEG),
  gamma_prod_D3: p(8, 3e6, 'L/mmol', 'Strength of the calcitriol inhibition of PTH synthesis, 1/(1 + gamma_prod_D3 * D3p_norm * [D3]) (file says "(pmol/L)^-1"; it multiplies [D3] * D3p_norm in mmol/L).', NONNEG),
  k_PTHg_deg: p(9, 0.035, '1/min', 'Degradation rate constant of PTH in the gland.', NONNEG),
  k_PTHp_deg: p(10, 0.08071, '1/min', 'Degradation rate constant of plasma PTH; the code multiplies it by the concentration [PTH]p and subtracts the result from the plasma amount (see V_unit).', NONNEG),
  // --- calcitriol
  D3_inact: p(11, 25e-6, 'mmol/L', 'Plasma 25(OH)D (the inactive precursor of calcitriol), 25 nmol/L (file says "pM"; the code divides it by D3p_norm, giving 25000 pmol/L).', NONNEG),
  K_D3: p(12, 1.7, 'mmol/L', 'Plasma Mg giving half-maximal Mg-stimulated calcitriol inactivation (a Mg constant despite its name).', NONNEG),
  gamma_deg_PTHp: p(13, 0.52e9, 'L/mmol', 'Strength of the PTH inhibition of calcitriol degradation, 1/(1 + gamma_deg_PTHp * PTHp_norm * [PTH]) (file says "pM^-1").', NONNEG),
  k_deg_D3: p(14, 0.00803455, '1/min', 'Degradation rate constant of calcitriol; multiplies the concentration [D3]p (see V_unit).', NONNEG),
  nconv: p(15, 6, '1', 'Hill coefficient of the PTH stimulation of calcitriol activation (file: "PTH D3 sensitivity coefficient").', NONNEG),
  K_conv_PTH: p(16, 3e-9, 'mmol/L', 'Plasma PTH giving half-maximal stimulation of calcitriol activation, 3 pmol/L (file says "pmol/L"; the code divides it by PTHp_norm).', NONNEG),
  gamma_conv_Ca: p(17, 0.3, 'L/mmol', 'Strength of the calcium inhibition of calcitriol activation, 1/(1 + gamma_conv_Ca * [Ca]).', NONNEG),
  gamma_conv_D3: p(18, 1.8e7, 'L/mmol', 'Strength of the calcitriol self-inhibition of its activation (file says "(pmol/L)^-1"; it multiplies [D3] * D3p_norm in mmol/L).', NONNEG),
  delta_Mg_act: p(19, 6.6, '1', 'Maximal Mg factor on calcitriol activation (no unit in the file).', NONNEG),
  K1_Mg_act: p(20, 1.1, 'mmol/L', 'Plasma Mg giving half of the rising Mg effect on calcitriol activation (below the 2.5 mM switch).', NONNEG),
  K2_Mg_act: p(21, 1.2, 'mmol/L', 'Plasma Mg giving half of the falling Mg effect on calcitriol activation (above the 2.5 mM switch).', NONNEG),
  k_min_conv: p(22, 4.4e-6, '1/min', 'Basal rate constant of 25(OH)D to calcitriol conversion; multiplies a concentration (see V_unit).', NONNEG),
  delta_max_D3act: p(23, 6e-5, '1/min', 'Maximal regulated rate constant of 25(OH)D to calcitriol conversion; multiplies a concentration (see V_unit).', NONNEG),
  // --- intestine
  ICa: p(24, 0.00105, 'mmol/min', 'Dietary calcium intake.', NONNEG),
  Gamma_abs0: p(25, 0.25, '1', 'Fraction of dietary calcium absorbed without calcitriol (file: "basal absorption without D3").', FRACTION),
  delta_abs_D3: p(26, 0.45, '1', 'Maximal calcitriol-dependent addition to the absorbed calcium fraction.', FRACTION),
  K_abs_D3: p(27, 100e-9, 'mmol/L', 'Plasma calcitriol giving half-maximal gut effect, 100 pmol/L (file says "pmol/L"; the code divides it by D3p_norm).', NONNEG),
  IMg: p(28, 4e-4, 'mmol/min', 'Dietary magnesium intake.', NONNEG),
  gamma_passive_Mg: p(29, 0.11, '1', 'Fraction of dietary Mg absorbed passively (paracellular).', FRACTION),
  gamma_active_Mg: p(30, 0.47, '1', 'Weight of the saturable active (transcellular) Mg absorption fraction.', FRACTION),
  gamma_D3_Mg: p(31, 0.12, '1', 'Maximal calcitriol-dependent addition to the absorbed Mg fraction (the file line lacks its "%" comment marker; the value is 0.12).', FRACTION),
  V_active: p(32, 7.64e-4, 'mmol/min', 'Maximal rate of active Mg absorption.', NONNEG),
  K_active: p(33, 1.7e-4, 'mmol/min', 'Mg intake at which active absorption is half saturated.', POSITIVE),
  // --- kidney
  GFR: p(34, 0.0012523, 'L/min', 'Glomerular filtration rate.', NONNEG),
  Lambda_PT0_Ca: p(35, 0.66, '1', 'Baseline fractional Ca reabsorption in the proximal tubule.', FRACTION),
  delta_PT_max_Ca: p(36, 0.03, '1', 'Maximal PTH-dependent change of fractional Ca reabsorption in the proximal tubule.', FRACTION),
  Lambda_TAL0_Ca: p(37, 0.185, '1', 'Baseline fractional Ca reabsorption in the thick ascending limb.', FRACTION),
  delta_TAL_max_Ca: p(38, 0.015, '1', 'Maximal regulated (CaSR and PTH) increase of fractional Ca reabsorption in the thick ascending limb.', FRACTION),
  Lambda_DCT0_Ca: p(39, 0.08, '1', 'Baseline fractional Ca reabsorption in the distal convoluted tubule.', FRACTION),
  delta_DCT_max_Ca: p(40, 0.02, '1', 'Maximal regulated (PTH and calcitriol) increase of fractional Ca reabsorption in the distal convoluted tubule.', FRACTION),
  Lambda_PT0_Mg: p(41, 0.185, '1', 'Baseline fractional Mg reabsorption in the proximal tubule.', FRACTION),
  delta_PT_max_Mg: p(42, 0.015, '1', 'Maximal PTH-dependent change of fractional Mg reabsorption in the proximal tubule.', FRACTION),
  Lambda_TAL0_Mg: p(43, 0.66, '1', 'Baseline fractional Mg reabsorption in the thick ascending limb.', FRACTION),
  delta_TAL_max_Mg: p(44, 0.04, '1', 'Maximal regulated (CaSR and PTH) increase of fractional Mg reabsorption in the thick ascending limb.', FRACTION),
  Lambda_DCT0_Mg: p(45, 0.08, '1', 'Baseline fractional Mg reabsorption in the distal convoluted tubule.', FRACTION),
  delta_DCT_max_Mg: p(46, 0.02, '1', 'Maximal regulated (PTH and calcitriol) increase of fractional Mg reabsorption in the distal convoluted tubule.', FRACTION),
  PTHp_ref: p(47, 12e-9, 'mmol/L', 'Plasma PTH at which the proximal-tubule PTH factor is one half, 12 pmol/L (file: "mM"; compared with [PTH] * PTHp_norm).', POSITIVE),
  K_TAL_PTHp: p(48, 4e-9, 'mmol/L', 'Plasma PTH giving half-maximal PTH effect in the thick ascending limb, 4 pmol/L (file says "pmol/L"; divided by PTHp_norm).', NONNEG),
  K_DCT_PTHp: p(49, 7.25e-9, 'mmol/L', 'Plasma PTH giving half-maximal PTH effect in the distal convoluted tubule, 7.25 pmol/L (file says "pmol/L"; divided by PTHp_norm).', NONNEG),
  K_DCT_D3p: p(50, 160e-9, 'mmol/L', 'Plasma calcitriol giving half-maximal calcitriol effect in the distal convoluted tubule, 160 pmol/L (file says "pmol/L"; divided by D3p_norm).', NONNEG),
  nPT: p(51, 5, '1', 'Hill coefficient of the PTH factor in the proximal tubule.', NONNEG),
  nTAL: p(52, 4, '1', 'Hill coefficient of the CaSR factor (Ca and Mg) in the thick ascending limb.', NONNEG),
  Cap_ref: p(53, 1.25, 'mmol/L', 'Plasma Ca at which the CaSR calcium term of the thick ascending limb is one half.', POSITIVE),
  Mgp_ref: p(54, 2.5, 'mmol/L', 'Plasma Mg scale of the CaSR magnesium term of the thick ascending limb.', POSITIVE),
  // --- bone
  Gamma_res_min: p(55, 0.142e-3, 'mmol/min', 'Minimal (unregulated) bone Ca resorption rate.', NONNEG),
  delta_res_max: p(56, 0.7e-3, 'mmol/min', 'Maximal hormone-driven bone Ca resorption rate (20% PTH, 80% calcitriol).', NONNEG),
  K_PTHp_res: p(57, 2.45e-9, 'mmol/L', 'Plasma PTH giving half-maximal PTH-driven resorption, 2.45 pmol/L (file says "pmol/L"; divided by PTHp_norm).', NONNEG),
  K_D3p_res: p(58, 160e-9, 'mmol/L', 'Plasma calcitriol giving half-maximal calcitriol-driven resorption, 160 pmol/L (file says "pmol/L"; divided by D3p_norm).', NONNEG),
  kappa_b_Ca: p(59, 0.4, '1', 'Fraction of plasma calcium bound (only the free fraction of a net plasma flux changes Ca_p).', FRACTION),
  kappa_b_Mg: p(60, 0.3, '1', 'Fraction of plasma magnesium bound (only the free fraction of a net plasma flux changes Mg_p).', FRACTION),
  k_pf_Ca: p(61, 0.12231, '1/min', 'Rate constant of Ca transfer from plasma to the fast (rapidly exchangeable) bone pool.', NONNEG),
  k_fp_Ca: p(62, 2.75e-4, '1/min', 'Rate constant of Ca transfer from the fast bone pool to plasma.', NONNEG),
  Gamma_ac_Ca: p(63, 0.00066504, '1/min', 'Rate constant of Ca accretion from the fast pool into the slow bone pool.', NONNEG),
  k_pf_Mg: p(64, 0.07364346, '1/min', 'Rate constant of Mg transfer from plasma to the fast bone pool.', NONNEG),
  k_fp_Mg: p(65, 2e-4, '1/min', 'Rate constant of Mg transfer from the fast bone pool to plasma.', NONNEG),
  Gamma_ac_Mg: p(66, 0.000398353124, '1/min', 'Rate constant of Mg accretion from the fast pool into the slow bone pool.', NONNEG),
  // --- normalisation constants (the code's pmol <-> mmol bookkeeping)
  PTHg_norm: p(67, 1e-9, 'mmol/pmol', 'Normalisation of gland PTH: converts the mmol-valued k_prod_PTHg to pmol/min.', fixed(1e-9)),
  PTHp_norm: p(68, 1e-9, 'mmol/pmol', 'Normalisation of plasma PTH: [PTH] * PTHp_norm is [PTH] in mmol/L, K / PTHp_norm is K in pmol/L.', fixed(1e-9)),
  D3p_norm: p(69, 1e-9, 'mmol/pmol', 'Normalisation of plasma calcitriol, as PTHp_norm.', fixed(1e-9)),
  Mgp_norm: p(70, 1, '1', 'Normalisation of plasma Mg (1: Mg is already in mmol).', fixed(1)),
  Cap_norm: p(71, 1, '1', 'Normalisation of plasma Ca (1: Ca is already in mmol).', fixed(1)),
  NCaf_norm: p(72, 1, '1', 'Normalisation of the fast Ca pool (unused by the equations).', fixed(1)),
  NCas_norm: p(73, 1, '1', 'Normalisation of the slow Ca pool (used only when the slow pools are dynamic).', fixed(1)),
  NMgf_norm: p(74, 1, '1', 'Normalisation of the fast Mg pool (unused by the equations).', fixed(1)),
  NMgs_norm: p(75, 1, '1', 'Normalisation of the slow Mg pool (used only when the slow pools are dynamic).', fixed(1)),

  // --- literals of the authors' right-hand side, named so that they show in the docs
  Mg_switch_PTH: hardCoded(0.4, 'mmol/L', 'Plasma Mg at the centre of the switch h between the low-Mg and the normal/high-Mg PTH exocytosis laws.', POSITIVE),
  Mg_switch_D3: hardCoded(2.5, 'mmol/L', 'Plasma Mg at the centre of the switch h_m between the rising and the falling Mg effect on calcitriol activation.', POSITIVE),
  n_switch: hardCoded(50, '1', 'Hill exponent of both Mg switches (h, h_m): steep enough to act as a step.', NONNEG),
  beta_Mg_exo: hardCoded(1, '1/min', 'Maximal Mg inhibition of the normal/high-Mg PTH exocytosis rate constant: the literal 1 in beta_exo_PTHg - 1/(1 + (Cm_half/[Mg])^2), a rate constant whose unit the code leaves implicit.', NONNEG),
  K_low_Mg_exo: hardCoded(0.25, 'mmol/L', 'Plasma Mg giving half of the maximal PTH exocytosis in the low-Mg regime.', NONNEG),
  V_unit: {
    value: 1,
    unit: 'L',
    description:
      'The volume the authors\' amount equations leave implicit: the derivatives of PTH_p, D3_p, Mg_p and Ca_p ' +
      '(amounts) are written with concentration fluxes (pmol/L/min, or mmol/min divided by Vp) as if multiplied by 1 L. ' +
      'Made explicit so the units balance; it is not a physiological parameter — keep it at 1 L.',
    source: 'derived: dimensional reading of magnesium_mod.m (ref:dutta2024)',
    bounds: [1, 1],
  },
};
