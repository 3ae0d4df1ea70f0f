/**
 * Parameters of human Mg homeostasis (the part this model adds to OpenBoneMin). Amounts in mmol,
 * volumes in L, time in h (the model's unit); intakes in mg/d as people state them, converted once
 * by MW_Mg and hPerDay inside the equations.
 *
 * The set point is explicit: at the reference diet (Mg_intake_ref) the model's steady state is the
 * reference serum Mg and pool sizes below, because the distal-tubule transport maximum and every
 * exchange constant are derived from them (rules in `homeostasis.ts`), as Peterson & Riggs derive
 * their rate constants from the initial state. Pathway modifiers are normalised to these
 * references, so at the reference every modifier is exactly 1.
 */
import type { ParameterSpec } from '../../model/spec.js';

const p = (value: number, unit: string, description: string, source: string, bounds?: [number, number]): ParameterSpec =>
  (bounds ? { value, unit, description, source, bounds } : { value, unit, description, source });

/** The parts of V_Mg (L, and the ultrafilterable fraction of serum Mg); the pregnancy condition scales plasma and ECF (scenario.ts). */
export const V_MG_PARTS = { plasma: 3, interstitial: 11, ultrafilterable: 0.7 } as const;

export const MG_PARAMETERS: Record<string, ParameterSpec> = {
  // --- conversions
  // a molar mass is strictly positive (intakes are divided by it); hours per day is a definition, fixed
  MW_Mg: p(24.305, 'mg/mmol', 'Molar mass of Mg (converts mg/d intakes to mmol).', 'derived: IUPAC atomic weight of Mg', [Number.MIN_VALUE, Infinity]),
  hPerDay: p(24, 'h/d', 'Hours per day.', 'derived: definition', [24, 24]),

  // --- intake (scenario inputs)
  Mg_diet: p(325, 'mg/d', 'Dietary Mg intake (elemental).',
    'ref:ford2003 (US median intake of adult men 237-326 mg/d; women 177-237 mg/d); default = Mg_intake_ref', [0, 5000]),
  Mg_supp: p(0, 'mg/d', 'Mg from supplements (elemental), taken with the diet: the sum of all supplements (each at most 5000 mg/d in a scenario).', 'assumed: none by default', [0, 20000]),
  F_supp: p(1, '1', 'Relative bioavailability of the supplement salt (soluble salts = 1); the rest passes to the stool unabsorbed.',
    'ref:firoz2001 (oxide poorly absorbed; chloride, lactate, aspartate equivalent); set by the scenario adapter from the salt', [0, 1]),

  // --- the set point
  Mg_intake_ref: p(325, 'mg/d', 'Reference dietary Mg intake at which the model sits at its reference steady state.',
    'assumed: middle of 300-350 mg/d (ref:iom1997 EAR/RDA range; ref:ford2003 US intakes)', [50, 1000]),
  Mg_serum_ref: p(0.85, 'mmol/L', 'Reference total serum Mg (steady state at the reference intake).',
    'ref:iom1997 normal range 0.75-0.95 mmol/L (midpoint)', [0.5, 1.2]),
  Mg_body_ref: p(1000, 'mmol', 'Reference total body Mg of a 70 kg adult.',
    'ref:rrnursing_atlas ~24 g = 1 mol per 70 kg; ref:iom1997 ~25 g', [500, 1500]),
  frac_bone: p(0.55, '1', 'Fraction of body Mg in bone at the reference.', 'ref:iom1997 50-60%; ref:faowho2004', [0.4, 0.7]),
  frac_surf: p(0.30, '1', 'Fraction of bone Mg in the exchangeable, surface-limited pool.',
    'ref:alfrey1973 (30% surface-limited in vitro); ref:iom1997 (about one third exchangeable)', [0.1, 0.5]),
  Mg_cf_ref: p(100, 'mmol', 'Rapidly exchangeable intracellular Mg at the reference.',
    'ref:avioli1966 (exchangeable Mg 3.54 mEq/kg ≈ 124 mmol per 70 kg, of which >80% in a third, intracellular pool)', [20, 300]),

  // --- serum fractions and distribution
  f_UF: p(0.67, '1', 'Ultrafilterable (ionized + complexed) fraction of serum Mg.',
    'ref:rrnursing_atlas (ionized 60%, complexed 7%, protein-bound 33%); ref:barnard_renal (70-80%)', [0.5, 0.9]),
  f_ion: p(0.60, '1', 'Ionized fraction of serum Mg.', 'ref:rrnursing_atlas (ionized 60%); ref:rizzoli2015 (30% protein-bound)', [0.4, 0.8]),
  f_Ca_ion: p(0.50, '1', 'Ionized fraction of total serum Ca at the reference (calibrates the binding model; no longer a fixed fraction).',
    'ref:moore1970 (ionized Ca ≈ 1.14-1.18 mmol/L of total 2.35-2.4, i.e. ~47-50%); v1 used it as a fixed fraction', [0.3, 0.7]),
  f_Ca_cpx: p(0.065, '1', 'Complexed (small-ligand) fraction of total serum Ca at the reference.',
    'ref:walser1961 (ultrafiltrable complexed Ca ~6% with bicarbonate, phosphate, citrate; the rest protein-bound)', [0, 0.2]),
  K_CaP: p(10.5, 'mmol/L', 'Dissociation constant of Ca from the protein (albumin) binding sites.',
    'ref:pedersen1972 (Ca binds human serum albumin at a single class of ~12 independent sites, association constant 90-100 L/mol at ' +
    '37 °C, pH 7.4: K_d ≈ 10.5 mmol/L). The site concentration and the Mg affinity are then derived from the reference fractions: ' +
    'S ≈ 10.4 mmol/L (17 sites per albumin, globulins bind Ca too), K_MgP ≈ 16.6 mmol/L (Mg binds less avidly than Ca, as reported)', [1, 100]),
  alb: p(40, 'g/L', 'Plasma albumin (scales the protein binding sites of Ca and Mg).', 'ref:iom1997 normal adult range 35-50 g/L; scenario input', [5, 80]),
  alb_ref: p(40, 'g/L', 'Plasma albumin at the reference.', 'assumed: middle of the normal range 35-50 g/L', [5, 80]),
  V_Mg: p(V_MG_PARTS.plasma + V_MG_PARTS.interstitial * V_MG_PARTS.ultrafilterable, 'L', `Distribution volume of extracellular Mg, in serum-concentration equivalents: ${V_MG_PARTS.plasma} L plasma at the total concentration plus ${V_MG_PARTS.interstitial} L interstitial fluid at the ultrafilterable concentration.`,
    `derived: ${V_MG_PARTS.plasma} + ${V_MG_PARTS.interstitial}·${V_MG_PARTS.ultrafilterable.toFixed(2)} L; gives ECF Mg ≈ 9 mmol ≈ 1% of body Mg (ref:iom1997, ref:rizzoli2015 ~1% extracellular)`, [5, 20]),

  // --- exchange kinetics (28Mg)
  th_cf: p(24, 'h', 'Half-time of exchange of the rapidly exchangeable intracellular pool.',
    'ref:mg28_turnover1960 (urinary 28Mg component t½ 14-35 h); ref:avioli1966', [6, 100]),
  th_cs: p(1000, 'h', 'Half-time of exchange of the slowly exchangeable soft-tissue pool.',
    'ref:avioli1966 (very slow pool, biological t½ ≈ 1,000 h)', [200, 5000]),
  th_surf: p(2000, 'h', 'Half-time of exchange of the bone surface pool with extracellular fluid.',
    'assumed: no measured rate (human-mg-physiology §9); of the order of the 28Mg ~1,000 h component (ref:avioli1966), since the rapidly ' +
    'exchangeable Mg of ref:avioli1966 (~15% of body Mg) leaves no room for a fast bone pool; 2,000 h fits ref:fatemi1991 better than 1,000 h', [50, 10000]),
  K_cell: p(0.367, '1', 'Half-saturation of cellular Mg uptake, relative to the reference ionized serum Mg: cells take up Mg ' +
    'by a saturable carrier and lose it in proportion to their content, so their Mg follows serum Mg only partly ' +
    '(d ln cell / d ln serum = K_cell/(K_cell + 1) at the reference).',
    'fitted: IV-load retention 11% before and 62% after 3 weeks of depletion together with the 21-day fall of serum Mg (ref:fatemi1991)', [0.01, 10]),

  // --- intestine (Fine 1991, per meal, scaled to a day)
  Vmax_meal: p(1.717, 'mmol', 'Saturable (transcellular, TRPM6/7) absorption maximum per meal.',
    'fitted: ref:fine1991 fractional net absorption 65% at the lowest and 11% at the highest load (meal + 0 to 80 mEq), ' +
    'with the linear 7% term; the meal itself assumed to carry 0.5 mmol', [0, 20]),
  Km_meal: p(2.46, 'mmol', 'Load of half-maximal saturable absorption per meal.', 'fitted: ref:fine1991 (as Vmax_meal)', [0.01, 50]),
  mealsPerDay: p(3, '1/d', 'Meals per day over which the daily intake is spread.', 'assumed: three meals a day', [1, 10]),
  f_para: p(0.07, '1', 'Fraction of ingested Mg absorbed by the non-saturable (paracellular) route.', 'ref:fine1991 (linear term, 7%)', [0, 0.5]),
  F_abs_max: p(0.8, '1', 'Largest fraction of the soluble intake the intestine can absorb (the smooth cap of the absorbed fraction).',
    'ref:nhmrc_nrv citing Schwartz 1984: fractional absorption reaches ~75% on low-Mg diets; absorption can never exceed intake ' +
    '(validation-data-2). v1 had no cap: 1.32 / 1.02 at 25 / 50 mg/d and faecal Mg < 0 with Vmax_meal at its bound (issue #13 finding 4)', [0.3, 1]),
  m_abs: p(8, '1', 'Sharpness of the smooth cap of fractional absorption (F/(1 + (F/F_abs_max)^m)^(1/m)).',
    'derived: m = 8 changes absorption by < 0.01% at the reference fraction 0.32 and by −3% at 0.70 (100 mg/d), so the Fine 1991 and ' +
    'Schwartz 1984 calibrations stand', [2, 32]),
  gam_D_abs: p(0.2, '1', 'Exponent of calcitriol (relative to reference) on saturable Mg absorption.',
    'assumed: calcitriol "may mildly increase" Mg absorption (ref:rrnursing_atlas); pharmacological vitamin D raises it but ' +
    'much absorption is vitamin D independent (ref:hardwick1991); no human dose-response found', [0, 2]),
  G_max: p(2.5, '1', 'Maximal up-regulation of saturable absorption in deficiency (TRPM6), relative to the reference.',
    'fitted: (with n_adapt) fractional absorption 25% on high- to 75% on low-Mg diets (ref:nhmrc_nrv citing Schwartz 1984); the model gives ' +
    '68% at 100 mg/d, 32% at 325 mg/d, 20% at 650 mg/d', [1, 10]),
  G_min: p(1, '1', 'Floor of the absorptive adaptation above the reference serum Mg, as a weight: G_min·max(G_adapt, 1) + (1 − G_min)·G_adapt ' +
    '(1: absorption is up-regulated in deficiency but not down-regulated when Mg is high; 0: the fitted curve G_adapt on both sides, as before session 10).',
    'ref:groenestege2006 (mice: Mg restriction raised renal TRPM6 mRNA, while a Mg-enriched diet raised, not lowered, colonic TRPM6 mRNA); ' +
    'ref:cunningham2012 (hypermagnesaemia develops in advanced CKD on ordinary intakes, so the gut keeps absorbing). Session 10: the fitted curve ' +
    '(G_max, n_adapt from the deficiency side) extrapolated above the reference cut absorption to 0.30 × at eGFR 30 and 0.21 × at eGFR 15, so CKD ' +
    'balanced Mg by closing the gut (urinary Mg 0.70 / 0.22 mmol/d, FE_Mg 2.4 / 1.5 %) instead of by the kidney; schwartz1984\'s high-intake ' +
    'fraction stays inside (22 % at 650 mg/d)', [0, 1]),
  n_adapt: p(10, '1', 'Steepness of the absorptive adaptation against relative serum Mg.', 'fitted: as G_max', [1, 20]),
  th_adapt: p(72, 'h', 'Half-time of absorptive adaptation.', 'assumed: transporter expression changes over days', [1, 2000]),
  f_trans: p(1, '1', 'Multiplier of saturable absorption (1 = normal; PPI and ageing conditions lower it).', 'assumed: 1 in health', [0, 2]),
  sec_ref: p(1.0, 'mmol/d', 'Endogenous faecal Mg loss at the reference serum Mg (proportional to serum Mg).',
    'fitted: with K_cell and a_Mg_TAL to the 21-day fall of serum Mg on a <12 mg/d diet (ref:fatemi1991), at the upper bound allowed ' +
    '(1 mmol/d), because IV 28Mg appears in stool only in "insignificant amounts" (ref:mg28_turnover1960)', [0, 5]),

  K_sec: p(0.4, '1', 'Relative serum Mg below which the intestine conserves endogenous (secreted) Mg: the net endogenous loss is ' +
    'sec_ref·x·hill(x, K_sec, n_sec)/hill(1, K_sec, n_sec).',
    'fitted: plasma Mg on a Mg-free diet falls for months to about a third to a quarter of control and then levels off (ref:shils_depletion, ' +
    'validation-data-2); with a loss proportional to serum Mg (v1) it kept falling (0.14 of control at 1000 d, issue #13 finding 9). ' +
    'Mechanism assumed: the TRPM6 up-regulation that raises absorption in deficiency also reabsorbs secreted Mg (urine and stool Mg ' +
    'both fall to very low values in depletion, ref:iom1997). Shils 1969 is a test-split study of the library (studies/README.md): its plateau ' +
    'check is not independent of this value (v2 part F audit)', [0.05, 1]),
  n_sec: p(8, '1', 'Steepness of the intestinal conservation of endogenous Mg against relative serum Mg.', 'fitted: as K_sec', [1, 12]),

  // --- kidney
  f_PT: p(0.20, '1', 'Fraction of filtered Mg reabsorbed in the proximal tubule.', 'ref:schuchardt2017 15-20%; ref:quamme1986 20-30%', [0, 0.5]),
  f_TAL_filt: p(0.65, '1', 'Fraction of filtered Mg reabsorbed in the thick ascending limb at the reference.',
    'ref:quamme1986 ~65%; ref:schuchardt2017 ~65%', [0.3, 0.79]),
  a_Mg_TAL: p(2.745, '1', 'Sensitivity of TAL reabsorption (log-odds) to relative ionized serum Mg (CaSR sensing of Mg and ' +
    'transport load): gives the sharp renal threshold.', 'fitted: urine Mg < 1 mmol/d within 3-4 d of a Mg-free diet (ref:iom1997) and ' +
    '89% of an IV load excreted in 24 h in replete subjects (ref:fatemi1991)', [0, 100]),
  n_TAL: p(8, '1', 'Curvature of the Mg sensing of the TAL: log-odds change a_Mg_TAL·(x^n − 1)/n, steeper above the reference ' +
    'than below (excretion of a load is fast, conservation in deficiency gradual).', 'fitted: as a_Mg_TAL', [1, 10]),
  a_Ca_TAL: p(5, '1', 'Sensitivity of TAL Mg reabsorption (log-odds) to relative serum Ca (CaSR).',
    'assumed: hypercalcaemia causes Mg wasting through the basolateral CaSR of the TAL (ref:quamme1986); size not found', [0, 50]),
  g_PTH_TAL: p(0.1, '1', 'Exponent of PTH on TAL Mg reabsorption (odds).',
    'assumed: PTH acts on TAL transport but is not a major regulator of Mg excretion (ref:iom1997; ref:quamme1986)', [0, 2]),
  L_TAL_max: p(2.85, '1', 'Largest change of the TAL log-odds from the reference (the bound of the algebraic sigmoid of u_TAL): ' +
    'how far the CaSR can inhibit TAL Mg reabsorption at full activation. At 2.85 the TAL still reabsorbs 1/(1 + e^(L_ref + 2.85)) ≈ 0.20 ' +
    'of delivered Mg at any serum Mg (0.81 at the reference), so FE_Mg rises towards ~70 % with a load instead of the TAL stopping ' +
    'at a mild hypermagnesaemia (session 20; until then 40, a numerical guard).',
    'fitted: to okusanya2016\'s plasma clearance of IV Mg (4.28-5.00 L/h at 12 h of the Zuspan regimen; training), with the ' +
    'obstetric studies run at pre-eclampsia\'s GFR (no pregnancy rise, ref:krutzen1992): 4.65 L/h at 2.85, the range held for ' +
    '2.65-3.05; also keeps exp(L_TAL) and its derivatives finite at any serum Mg (issue #13, finding 1)', [1, 50]),
  F_DCT_max: p(0.98, '1', 'Fraction of delivered Mg the DCT reabsorbs below its transport maximum (TRPM6).',
    'assumed: distal conservation is near complete in deficiency (urine < 1 mmol/d within days of a Mg-free diet, ref:iom1997)', [0.5, 1]),
  theta_DCT: p(0.95, '1', 'Curvature of the DCT transport limit (non-rectangular hyperbola; 1 = sharp min(F·delivery, Tm)): ' +
    'sets how sharply excretion rises above the renal threshold.',
    'assumed: a sharp threshold; the IV-load retention of replete subjects (ref:fatemi1991) is then fitted by a_Mg_TAL and n_TAL', [0.01, 0.999]),
  TAL_odds_factor: p(1, '1', 'Multiplier of the odds of Mg escaping the TAL (loop diuretics, alcohol, diabetes raise it).', 'assumed: 1 in health', [0.1, 100]),
  DCT_Tm_factor: p(1, '1', 'Multiplier of the DCT transport maximum (thiazides, diabetes lower it).', 'assumed: 1 in health', [0, 2]),
};
