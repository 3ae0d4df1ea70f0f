/**
 * What each parameter of the Peterson–Riggs family means and its unit, written once for every
 * model that uses it (values live with each model: they are facts of each model's own source).
 *
 * Units: the sources state almost none. A unit marked `inferred` comes from how the code uses the
 * parameter (the reference parameter files `params/peterson-riggs.json` and `params/openbonemin.json`
 * record those inferences); the description then says so. "1" marks Hill exponents and fractions
 * (dimensionless by their role in the equations); "?" is used where nothing is known.
 */
import type { ParameterSpec } from '../../model/spec.js';

type Bounds = [number, number];
interface Info { unit: string; description: string; bounds?: Bounds }

/*
 * Bounds say what a parameter IS, not what is plausible: rate constants, amounts, volumes, maxima and
 * exponents are non-negative; fractions lie in [0, 1]. Where the equations divide by a parameter or
 * take its log (an EC50 solved by exp(log(…)/gam), a reference level in a ratio), 0 leaves the model
 * undefined and the lower bound is the smallest positive number. Where the steady-state derivation of
 * an EC50 (the `…paren` rules of remodeling.ts and mineral.ts) needs a strict inequality against a
 * constant, the single-parameter bound expresses it with a margin EPS. Conditions between two
 * parameters (e.g. J14OCmax > T13) cannot be bounds: a combination that makes a derived constant
 * non-finite is reported as an input error when the parameters are set (Model.with).
 */
const EPS = 1e-9;
const NONNEG: Bounds = [0, Infinity];
const POSITIVE: Bounds = [Number.MIN_VALUE, Infinity];
const FRACTION: Bounds = [0, 1];
/** Strictly above 1: the factor enters an EC50 derivation as (x − 1) in a denominator or under a log. */
const ABOVE_1: Bounds = [1 + EPS, Infinity];
/** Strictly below 1 (and ≥ 0): the fraction enters an EC50 derivation as (1 − x) in a denominator or under a log. */
const BELOW_1: Bounds = [0, 1 - EPS];
/** A unit definition, not a quantity anyone may vary. */
const fixed = (v: number): Bounds => [v, v];
/** Baseline PTH secretion (pmol/h) written as the literal 385 in INparenCa (mineral.ts): T61 < 385 < T58. */
const PTH_SECRETION_0 = 385;

const INFERRED = ' Unit inferred from code usage.';
const u = (unit: string, description: string, bounds?: Bounds): Info => ({ unit, description, ...(bounds ? { bounds } : {}) });
const inf = (unit: string, description: string, bounds?: Bounds): Info => u(unit, description + INFERRED, bounds);
const exponent = (what: string, bounds?: Bounds): Info => u('1', `Hill exponent (dimensionless) of ${what}.`, bounds);

export const PARAMETER_INFO: Readonly<Record<string, Info>> = {
  // RANK / RANKL / OPG binding
  k1: u('?', 'OPG–RANKL association rate constant, per (model amount unit) per h (OpenBoneMin notes 1/(amount·h)).', NONNEG),
  k2: inf('1/h', 'OPG–RANKL dissociation rate constant.', POSITIVE),
  k3: u('?', 'RANK–RANKL association rate constant, per (model amount unit) per h (OpenBoneMin notes 1/(amount·h)).', POSITIVE),
  k4: inf('1/h', 'RANK–RANKL dissociation rate constant.', POSITIVE),
  V1: inf('L', 'Plasma (extracellular) volume converting plasma amounts to concentrations (PTH, Ca, phosphate, calcitriol).', POSITIVE),

  // bone calcium exchange
  CaDay: inf('mmol/d', 'Baseline daily calcium flux between plasma and bone; sets the bone-to-plasma (T13) and plasma-to-bone (T15) rate constants.', POSITIVE),
  FracJ14: u('1', 'Fraction of the bone-to-plasma calcium flux J14 that depends on osteoclasts (resorption).', FRACTION),
  J14OCmax: u('?', 'Maximal osteoclast effect (Emax function OCeqn) on the resorptive bone-to-plasma calcium flux; in units of the rate constant T13. Must exceed T13 for J14OC50 to exist (a condition on two parameters: checked when the parameters are set, as a non-finite derived constant).', POSITIVE),
  J14OCgam: exponent('the osteoclast effect on resorptive calcium release', POSITIVE),
  FracJ15: u('1', 'Fraction of the plasma-to-bone calcium flux J15 that depends on hydroxyapatite (HAp).', FRACTION),
  MOCratioGam: u('1', 'Exponent of RANK–RANKL complex per osteoclast (M/OC relative to baseline) on resorptive calcium release.', NONNEG),
  k14a: inf('1/h', 'Rate constant from non-exchangeable (Qbone) to exchangeable (Q) bone calcium; the reverse constant k15a keeps the baseline ratio.', NONNEG),
  HApMRT: inf('h', 'Mean residence time of hydroxyapatite (its loss rate constant is 1/HApMRT).', POSITIVE),

  // RANK, RANKL, OPG turnover
  kinRNKgam: exponent('active TGF-β on RANK production', NONNEG),
  koutRNK: inf('1/h', 'RANK first-order loss rate constant.', NONNEG),
  koutL: inf('1/h', 'RANKL first-order loss rate constant.', NONNEG),
  OsteoEffectGam: u('1', 'Exponent of osteoblast number (relative to baseline) on RANKL production.', NONNEG),
  EmaxLpth: u('1', 'Maximal PTH stimulation of RANKL production (Emax factor); the PTH EC50 is (EmaxLpth − 1)·baseline PTH. Must exceed 1 so that the EC50 is positive.', ABOVE_1),
  TESTPOWER: u('1', 'Exponent of the osteoblast effect on the PTH EC50 of RANKL production (1 in the published code).', NONNEG),
  kO: inf('1/h', 'OPG first-order loss rate constant.', NONNEG),
  opgPTH50: inf('pmol/L', 'PTH concentration term of OPG production: production ∝ (ROB1/ROB0)·(PTH + opgPTH50·ROB1/ROB0)/(2·PTH).', NONNEG),
  IO: u('?', 'Extra OPG input added to OPG production (0: none).', NONNEG),
  E0RANKL: u('1', 'Osteoclast loss factor without RANK–RANKL signal (LsurvOC at zero occupancy). Must exceed 1 (and EmaxL stay below 1) for EC50survInPar to be positive.', ABOVE_1),
  EmaxL: u('1', 'Osteoclast loss factor at saturating RANK–RANKL signal (lowest LsurvOC). Must stay below 1 (and E0RANKL above 1) for EC50survInPar to be positive.', BELOW_1),
  LsurvOCgam: exponent('the RANK–RANKL signal (M/10) on osteoclast survival', POSITIVE),
  LsurvOCCgam: u('1', 'Defined in the source but not used by any equation.', NONNEG),

  // osteoclasts
  Da: inf('1/h', 'Osteoclast turnover rate constant (0.7 per day).', NONNEG),
  E0Meff: u('1', 'Osteoclast production factor without RANK–RANKL complex (MeffOC at M = 0). Must stay below 1: EC50MeffOC divides by 1 − E0Meff; it also needs EmaxMeffOC > 1 − E0Meff (a condition on two parameters: checked when the parameters are set, as a non-finite derived constant).', BELOW_1),
  EmaxMeffOC: u('1', 'Maximal stimulation of osteoclast production by the RANK–RANKL complex M.', POSITIVE),
  kinOCgam: exponent('the RANK–RANKL complex on osteoclast production', POSITIVE),
  EmaxPicOC: u('?', 'Maximal active-TGF-β term of the osteoclast loss function PicOC.', POSITIVE),
  FracPicOC: u('1', 'Baseline (TGF-β-independent) part of PicOC as a fraction of Pic0. Must stay below 1: EC50PicOCparen divides by Pic0 − E0PicOC; it also needs EmaxPicOC > (1 − FracPicOC)·Pic0 (a condition on two parameters: checked when the parameters are set, as a non-finite derived constant).', BELOW_1),
  PicOCgam: exponent('active TGF-β on osteoclast loss', POSITIVE),
  Pic0: u('?', 'Baseline value of the TGF-β-dependent "Pi" functions; also the initial active TGF-β (latent TGF-β starts at 1000·Pic0).', POSITIVE),

  // TGF-β
  OBtgfGAM: u('1', 'Exponent of osteoblast number (relative to baseline) on latent TGF-β production.', NONNEG),
  koutTGF0: inf('1/h', 'Baseline rate constant of latent TGF-β activation (release); active TGF-β is removed 1000 times faster.', NONNEG),
  koutTGFGam: u('1', 'Exponent of latent TGF-β (relative to baseline) on its own activation rate constant (used by OpenBoneMin; defined but unused in the 2010 R code).', NONNEG),
  OCtgfGAM: u('1', 'Exponent of osteoclast number (relative to baseline) on latent TGF-β activation.', NONNEG),

  // osteoblasts
  EmaxPicROB: u('?', 'Maximal active-TGF-β term of responding-osteoblast production (PicROB).', POSITIVE),
  PicROBgam: exponent('active TGF-β on responding-osteoblast production', POSITIVE),
  FracPicROB: u('1', 'Baseline part of PicROB as a fraction of Pic0. Must stay below 1: EC50PicROBparen divides by Pic0 − E0PicROB; it also needs EmaxPicROB > (1 − FracPicROB)·Pic0 (a condition on two parameters: checked when the parameters are set, as a non-finite derived constant).', BELOW_1),
  PicOBgam: exponent('active TGF-β on responding-osteoblast differentiation (PicOB)', POSITIVE),
  FracPicOB: u('1', 'Baseline part of PicOB as a fraction of Pic0. Must stay below 1: EC50PicOBparen divides by Pic0 − E0PicOB; it also needs EmaxPicOB > (1 − FracPicOB)·Pic0 (a condition on two parameters: checked when the parameters are set, as a non-finite derived constant).', BELOW_1),
  EmaxPicOB: u('?', 'Maximal active-TGF-β term of PicOB (TGF-β slows differentiation of responding into active osteoblasts).', POSITIVE),
  kb: inf('1/h', 'Baseline osteoblast elimination (apoptosis) rate constant.', POSITIVE),
  PicOBgamkb: exponent('active TGF-β on osteoblast apoptosis', POSITIVE),
  MultPicOBkb: u('1', 'Osteoblast-apoptosis TGF-β function without TGF-β, as a multiple of Pic0. Must exceed 1 (and FracPic0kb stay below 1) for EC50PicOBparenKb to be positive.', ABOVE_1),
  FracPic0kb: u('1', 'Osteoblast-apoptosis TGF-β function at saturating TGF-β, as a fraction of Pic0. Must stay below 1 (and MultPicOBkb above 1) for EC50PicOBparenKb to be positive.', BELOW_1),
  E0RUNX2kbEffFACT: u('1', 'Osteoblast apoptosis rate without Runx2/Bcl-2 protection, as a multiple of kb. Must exceed 1: INparen divides by E0RUNX2kbEff − kb.', ABOVE_1),
  RUNkbGAM: exponent('Runx2 (from Bcl-2) on the reduction of osteoblast apoptosis', POSITIVE),
  RUNkbMaxFact: u('1', 'Maximal Runx2 reduction of osteoblast apoptosis, as a fraction of the unprotected rate. INparen needs RUNkbMaxFact > 1 − 1/E0RUNX2kbEffFACT (a condition on two parameters: checked when the parameters are set, as a non-finite derived constant).', [Number.MIN_VALUE, 1]),
  RUNX20: u('?', 'Baseline Runx2 level in the osteoblast-apoptosis function.', POSITIVE),
  Frackb: u('1', 'Slow-osteoblast elimination rate constant as a fraction of the PTH/TGF-β-modulated rate kbprime.', FRACTION),
  FracOBfast: inf('1', 'Fraction of osteoblasts in the fast-turnover pool.', [Number.MIN_VALUE, 1]),

  // intracellular signalling (PTH → Runx2, CREB, Bcl-2)
  RX2Kout0: inf('1/h', 'Runx2 loss rate constant at baseline PTH; also sets Runx2 production (RX2Kout0·RX20). EC50PTHRX2x needs RX2Kout0 > E0rx2Kout and EmaxPTHRX2x > RX2Kout0 − E0rx2Kout (conditions on two parameters, not bounds; a violation gives a negative EC50).', NONNEG),
  E0rx2Kout: u('?', 'Runx2 loss rate constant without PTH (1/h by its use).', NONNEG),
  EmaxPTHRX2x: u('?', 'Maximal PTH increase of the Runx2 loss rate constant (1/h by its use).', POSITIVE),
  E0crebKin: u('1', 'CREB production factor without PTH. Must stay below 1: EC50PTHcreb divides by 1 − E0crebKin; it also needs EmaxPTHcreb > 1 − E0crebKin (a condition on two parameters, not a bound).', BELOW_1),
  EmaxPTHcreb: u('1', 'Maximal PTH stimulation of CREB production.', POSITIVE),
  crebKout: inf('1/h', 'CREB first-order loss rate constant.', NONNEG),
  bcl2Kout: inf('1/h', 'Bcl-2 first-order loss rate constant (half-life 1 h); Bcl-2 is produced ∝ Runx2·CREB.', NONNEG),

  // parathyroid gland
  ScaEffGam: u('1', 'Exponent of the calcium ratio (baseline/current) on the calcitriol set point of the PT gland pool.', NONNEG),
  T58: u('?', 'Maximal PTH secretion rate (at low calcium), in pmol/h by its use. Must exceed the baseline secretion 385 pmol/h (the literal of INparenCa).', [PTH_SECRETION_0 + EPS, Infinity]),
  T59: exponent('plasma calcium on PTH secretion', POSITIVE),
  T61: u('?', 'Minimal PTH secretion rate (at high calcium), in pmol/h by its use. Must stay below the baseline secretion 385 pmol/h (the literal of INparenCa).', [0, PTH_SECRETION_0 - EPS]),
  T57: u('?', 'PTH elimination: kout = T57/14 in the R code (14 is the volume V1).', NONNEG),
  kout: inf('1/h', 'PTH first-order elimination rate constant (100/14).', NONNEG),
  PTout: inf('1/h', 'PT gland maximal-capacity (PTmax) turnover rate constant.', NONNEG),
  CtriolMax: u('1', 'PT gland capacity production factor at low calcitriol. Must exceed 1 (and CtriolMin stay below 1) for INparenCtriol to be positive.', ABOVE_1),
  CtriolMin: u('1', 'PT gland capacity production factor at high calcitriol. Must stay below 1 (and CtriolMax above 1) for INparenCtriol to be positive.', BELOW_1),
  CtriolPTgam: exponent('calcitriol on PT gland capacity production', POSITIVE),
  T70: u('?', 'Rate constant of the PT gland pool S (1/h by its use).', NONNEG),
  T71: u('?', 'Steepness of the calcitriol effect (tanh) on the PT gland pool (per pmol/L by its use).', NONNEG),
  IPTHint: inf('pmol/h', 'PTH input into the subcutaneous compartment SC (0: none).', NONNEG),
  IPTHinf: inf('pmol/h', 'PTH infusion directly into plasma (0: none).', NONNEG),

  // calcitriol and 1-α-hydroxylase
  T64: inf('1/h', '1-α-hydroxylase first-order loss rate constant.', NONNEG),
  T65: u('?', 'Maximal 1-α-hydroxylase production rate.', NONNEG),
  T67: u('?', 'PTH concentration of half-maximal 1-α-hydroxylase production (pmol/L by its use).', NONNEG),
  AlphOHgam: exponent('PTH on 1-α-hydroxylase production', NONNEG),
  T69: inf('1/h', 'Calcitriol first-order elimination rate constant.', NONNEG),
  PO4inhPTHgam: u('1', 'Exponent of phosphate inhibition (C2/C2thr) of PTH-driven 1-α-hydroxylase production (0: off).', NONNEG),
  PhosEff0: u('1', 'Phosphate effect on 1-α-hydroxylase production without phosphate (applies above C2thr).', POSITIVE),
  PhosEff50: u('?', 'Phosphate concentration of half-maximal inhibition of 1-α-hydroxylase production (mmol/L by its use).', NONNEG),
  PhosEffGam: exponent('phosphate on 1-α-hydroxylase production', NONNEG),

  // kidney
  GFR: inf('L/h', 'Glomerular filtration rate (100 mL/min, written 100/16.667).', NONNEG),
  T16: u('1', 'Maximal PTH effect on active renal calcium reabsorption. Must exceed 1 so that the PTH EC50 T17 = (T16 − 1)·baseline PTH is positive.', ABOVE_1),
  Reabs50: u('?', 'Plasma calcium of half-maximal active renal reabsorption (mmol/L by its use).', NONNEG),
  T7: u('1', 'Maximal calcitriol reduction of the renal calcium excretion factor (2 − T10). At most 2, so that the excretion factor 2 − T10 stays non-negative.', [0, 2]),
  T9: u('?', 'Calcitriol concentration of half-maximal effect on renal calcium excretion (pmol/L by its use).', NONNEG),
  T46: u('?', 'Renal phosphate threshold concentration (mmol/L by its use): excretion 0.88·GFR·(C2 − T46) when positive.', NONNEG),

  // gut calcium
  T33: u('?', 'Rate constant of calcitriol-dependent gut absorption capacity R at low calcitriol (1/h by its use).', NONNEG),
  T34: u('?', 'Rate constant of calcitriol-dependent gut absorption capacity R at high calcitriol (1/h by its use).', NONNEG),
  T35: u('?', 'Calcitriol concentration of half-maximal effect on gut absorption capacity (pmol/L by its use).', NONNEG),
  CaPOgam: exponent('calcitriol on gut absorption capacity', NONNEG),
  OralCa: inf('mmol/h', 'Oral calcium intake into the gut compartment T (24.055 mmol/day).', NONNEG),
  T77: u('1', 'Maximal fraction of oral calcium entering the absorbable gut pool.', FRACTION),
  T80: exponent('absorption capacity R on the absorbed fraction of oral calcium', NONNEG),
  T81: u('?', 'Half-saturation constant of gut calcium absorption (for R in the absorbed fraction and for T in the active flux).', NONNEG),
  T87: u('?', 'Passive gut-to-plasma calcium absorption rate constant (1/h by its use).', NONNEG),
  T28: u('?', 'Maximal active gut calcium absorption rate constant (1/h by its use). T29 needs T28 > T310 (a condition on two parameters, not a bound; a violation gives a negative half-saturation amount).', POSITIVE),
  T0: u('?', 'Reference gut calcium amount of the active absorption constant T29 (mmol by its use).', POSITIVE),
  T310: u('?', 'Active gut calcium absorption rate constant at the reference amount T0 (1/h by its use).', POSITIVE),

  // phosphate
  T52: inf('1/h', 'Gut-to-plasma phosphate absorption rate constant.', NONNEG),
  OralPhos: inf('mmol/h', 'Oral phosphate intake (10.5 mmol/day).', NONNEG),
  F12: inf('1', 'Fraction of oral phosphate entering the gut phosphate compartment.', FRACTION),
  T49: inf('L/h', 'Extracellular-to-intracellular phosphate clearance.', NONNEG),
  T55: inf('1/h', 'Intracellular-to-extracellular phosphate rate constant.', NONNEG),

  // teriparatide
  TERICL: inf('L/h', 'Teriparatide clearance term: the SC depot empties into plasma PTH at TERICL/TERIVC.', NONNEG),
  TERIVC: inf('L', 'Teriparatide volume term: the SC depot empties into plasma PTH at TERICL/TERIVC.', POSITIVE),
  TERIKA: inf('1/h', 'Named a teriparatide absorption rate constant; only the dead-end TERICENT compartment uses it (elimination), and the 2010 R code not at all.', NONNEG),
  TERIVD: u('?', 'Defined in the source but not used by any equation.', NONNEG),
  TERIF: inf('1', 'Bioavailability of teriparatide doses into TERISC.', FRACTION),

  // OpenBoneMin extras
  OBtot0: u('?', 'Initial total osteoblasts (split into the fast and slow pools by FracOBfast).', POSITIVE),
  // left unbounded: used by no equation, and nothing says what they are (test/models/bounds.test.ts allow-list)
  T43param: u('?', 'The parameter T43 of the source, used by no equation and reported as the output T43 (renamed here because parameter and output names share one namespace).'),
  T45: u('?', 'Defined in the source but not used by any equation.'),
  T84: u('?', 'Defined in the source but not used by any equation.'),
  ETHN: u('?', 'Defined in the source but not used by any equation (ethnicity covariate).'),
  BMI: u('?', 'Defined in the source but not used by any equation (body-mass index covariate).', NONNEG),

  // generic PK compartments (all zero: inactive)
  PKKA: u('?', 'Generic PK: absorption rate constant from PKGUT (1/h by its use; 0: inactive).', NONNEG),
  PKVC: u('?', 'Generic PK: central volume.', POSITIVE),
  PKQ1: u('?', 'Generic PK: intercompartmental clearance to PKPER1.', NONNEG),
  PKQ2: u('?', 'Generic PK: intercompartmental clearance to PKPER2.', NONNEG),
  PKVP1: u('?', 'Generic PK: volume of PKPER1.', POSITIVE),
  PKVP2: u('?', 'Generic PK: volume of PKPER2.', POSITIVE),
  PKCL: u('?', 'Generic PK: linear clearance.', NONNEG),
  PKVMAX: u('?', 'Generic PK: maximal rate of the saturable clearance term PKVMAX/(PKKM + concentration).', NONNEG),
  PKKM: u('?', 'Generic PK: concentration of half-maximal saturable clearance.', POSITIVE),

  // bone mineral density
  koutBMDls: inf('1/h', 'Lumbar-spine BMD loss rate constant (production set so that BMD stays at its initial value at baseline).', NONNEG),
  koutBMDlsDEN: inf('1/h', 'Lumbar-spine BMD loss rate constant of the denosumab-fitted BMD (BMDlsDEN).', NONNEG),
  koutBMDfnBAS: inf('1/h', 'Femoral-neck BMD loss rate constant.', NONNEG),
  gamOB: u('1', 'Exponent of osteoblasts (relative to baseline) on BMD production.', NONNEG),
  gamOCls: u('1', 'Exponent of osteoclasts (relative to baseline) on lumbar-spine BMD loss.', NONNEG),
  gamOClsDEN: u('1', 'Exponent of osteoclasts (relative to baseline) on lumbar-spine BMD loss, denosumab fit.', NONNEG),
  gamOCfnBAS: u('1', 'Exponent of osteoclasts (relative to baseline) on femoral-neck BMD loss.', NONNEG),

  // denosumab
  kdenosl: inf('L/pmol/h', 'Second-order rate constant of RANKL removal by denosumab (per pmol/L of denosumab per hour).', NONNEG),
  DENVMAX: inf('ng/h', 'Denosumab maximal saturable (target-mediated) elimination rate.', NONNEG),
  DENKM: inf('ng/mL', 'Denosumab concentration of half-maximal saturable elimination.', POSITIVE),
  DENVC: inf('mL', 'Denosumab central volume.', POSITIVE),
  DENVP: inf('mL', 'Denosumab peripheral volume.', POSITIVE),
  DENCL: inf('mL/h', 'Denosumab linear clearance.', NONNEG),
  DENQ: inf('mL/h', 'Denosumab intercompartmental clearance.', NONNEG),
  DENKA: inf('1/h', 'Denosumab subcutaneous absorption rate constant.', NONNEG),
  DENF: inf('1', 'Denosumab subcutaneous bioavailability.', FRACTION),
  DENMW: u('g/mol', 'Molar mass used to convert denosumab mass concentration to molar (150 kDa).', POSITIVE),

  // oestrogen (menopause) module
  ESTON: u('1', 'Oestrogen module switch: multiplies the oestrogen ODE (0: off, oestrogen stays at 1).', FRACTION),
  koutEST: inf('1/h', 'Oestrogen first-order loss rate constant.', NONNEG),
  menoDUR: inf('h', 'Duration of the menopausal transition (1.66 years of 8736 h).', POSITIVE),
  // left unbounded: negative as published (oestrogen production falls with age); its sign is the direction
  ageGAM: u('1', 'Exponent of age (relative to age at entry) on oestrogen production.'),
  age50: u('1', 'Maximal fractional loss of oestrogen production over the menopausal transition.', FRACTION),
  ageENTER: inf('h', 'Age at the start of the simulation (41 years of 8736 h).', POSITIVE),
  ageDONE: inf('h', 'Age at the end of the menopausal transition (51 years of 8736 h).', NONNEG),
  tgfbGAM: u('1', 'Exponent of 1/oestrogen on latent TGF-β production.', NONNEG),
  tgfbactGAM: u('1', 'Exponent of oestrogen on latent TGF-β activation.', NONNEG),
  robGAM: u('1', 'Exponent of 1/oestrogen on responding-osteoblast production.', NONNEG),
  obGAM: u('?', 'Defined in the source but not used by any equation.', NONNEG),
  maxTmESTkid: u('1', 'Renal maximal calcium reabsorption factor at 10% oestrogen (linear in oestrogen, 1 at baseline).', NONNEG),
  E2scalePicB1: u('1', 'Exponent of 1/oestrogen on osteoblast apoptosis.', NONNEG),

  // baseline (initial) values that the equations use as reference levels
  Q0: u('mmol', 'Initial exchangeable bone calcium Q; reference level of the bone calcium fluxes.', POSITIVE),
  QboneInit: u('mmol', 'Initial non-exchangeable bone calcium Qbone; sets the Q ⇄ Qbone balance.', NONNEG),
  OC0: u('?', 'Initial osteoclasts; reference level of osteoclast effects.', POSITIVE),
  OB0: u('?', 'Initial total osteoblasts (fast + slow); reference level of osteoblast effects.', POSITIVE),
  ROB0: u('?', 'Initial responding osteoblasts; reference level of ROB1 effects.', POSITIVE),
  RNK0: u('?', 'Initial RANK.', POSITIVE),
  RANKL0: u('?', 'Initial RANKL.', POSITIVE),
  RNKL0: u('?', 'Initial RANKL (a second copy made by the R code; not used by any equation).', NONNEG),
  OPG0: u('?', 'Initial OPG; sets baseline OPG production.', NONNEG),
  RX20: u('?', 'Initial Runx2; sets Runx2 production.', NONNEG),
  CREB0: u('?', 'Initial CREB; sets CREB production.', NONNEG),
  P0: u('mmol', 'Initial plasma calcium amount; baseline calcium concentration is P0/V1.', POSITIVE),
  PTH0: u('pmol', 'Initial plasma PTH amount; baseline PTH concentration is PTH0/V1.', POSITIVE),
  B0: u('pmol', 'Initial plasma calcitriol amount; baseline calcitriol concentration is B0/V1.', POSITIVE),
  GFR0: inf('L/h', 'Initial glomerular filtration rate (100 mL/min, written 100/16.667).', POSITIVE),
  BMDls0: u('1', 'Initial lumbar-spine BMD (fraction of baseline).', NONNEG),
  BMDlsDEN0: u('1', 'Initial lumbar-spine BMD of the denosumab fit (fraction of baseline).', NONNEG),
  BMDfn0: u('1', 'Initial femoral-neck BMD (fraction of baseline).', NONNEG),
  CaConc0: u('mmol/L', 'Baseline plasma calcium concentration (a literal, 2.35, in the R code).', POSITIVE),
  PTHconc0: u('pmol/L', 'Baseline plasma PTH concentration (a literal, 3.85, in the R code).', POSITIVE),

  // unit conversions
  hPerDay: u('h/d', 'Hours per day (converts the daily calcium turnover CaDay to a rate per hour).', fixed(24)),
  PTHpgPerPmol: u('pg/mL/(pmol/L)', 'Converts plasma PTH from pmol/L to pg/mL (9.4, i.e. a PTH molar mass of 9.4 kDa).', POSITIVE),
  mLminPerLh: u('mL/min/(L/h)', 'Converts a flow in mL/min to L/h (16.667 mL/min per L/h).', fixed(16.667)),
  umolToPmol: u('pmol/umol', 'Converts µmol to pmol (written 1000·1000 in the source).', fixed(1e6)),
  C2thr: u('mmol/L', 'Phosphate concentration above which phosphate inhibits 1-α-hydroxylase production (a literal, 1.2, in the source).', POSITIVE),
  CaUrine0: u('mmol/h', 'Baseline urinary calcium excretion (3.6 mmol/day); fixes the maximal PTH-sensitive renal reabsorption (a literal, 0.149997, in the source).', NONNEG),
  percent: u('%', 'One hundred per cent: turns a fraction into percent (the literal 100 of the source).', fixed(100)),
  kaSC: u('1/h', 'Rate constant of PTH transfer from the subcutaneous compartment SC to plasma (a literal, 0.693, in the R code).', NONNEG),
  hPerYear: u('h/y', 'Hours per year used by the GFR decline (8766 = 365.25 days).', fixed(8766)),

  // glomerular filtration decline
  GFRtau: inf('y', 'Time over which GFR declines by GFRdelta (years).', POSITIVE),
  GFRdelta: inf('mL/min', 'Total GFR decline over GFRtau (0: constant GFR). Must stay below GFR0 (in mL/min) for the log of kGFR (a condition on two parameters: checked when the parameters are set, as a non-finite derived constant).', NONNEG),
};

/**
 * Builds a parameter record from values, taking unit and description from PARAMETER_INFO.
 * Throws listing every name the table does not describe.
 */
export function parametersFrom(values: Readonly<Record<string, number>>, source: string,
  sources: Readonly<Record<string, string>> = {}): Record<string, ParameterSpec> {
  const unknown = Object.keys(values).filter((n) => !(n in PARAMETER_INFO));
  if (unknown.length > 0) throw new Error(`bone-core: no PARAMETER_INFO for ${unknown.join(', ')}`);
  const out: Record<string, ParameterSpec> = {};
  for (const [name, value] of Object.entries(values)) {
    const info = PARAMETER_INFO[name];
    out[name] = {
      value, unit: info.unit, description: info.description, source: sources[name] ?? source,
      ...(info.bounds ? { bounds: [info.bounds[0], info.bounds[1]] as Bounds } : {}),
    };
  }
  return out;
}
