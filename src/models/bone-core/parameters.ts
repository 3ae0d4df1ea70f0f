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

interface Info { unit: string; description: string }

const INFERRED = ' Unit inferred from code usage.';
const u = (unit: string, description: string): Info => ({ unit, description });
const inf = (unit: string, description: string): Info => ({ unit, description: description + INFERRED });
const exponent = (what: string): Info => ({ unit: '1', description: `Hill exponent (dimensionless) of ${what}.` });

export const PARAMETER_INFO: Readonly<Record<string, Info>> = {
  // RANK / RANKL / OPG binding
  k1: u('?', 'OPG–RANKL association rate constant, per (model amount unit) per h (OpenBoneMin notes 1/(amount·h)).'),
  k2: inf('1/h', 'OPG–RANKL dissociation rate constant.'),
  k3: u('?', 'RANK–RANKL association rate constant, per (model amount unit) per h (OpenBoneMin notes 1/(amount·h)).'),
  k4: inf('1/h', 'RANK–RANKL dissociation rate constant.'),
  V1: inf('L', 'Plasma (extracellular) volume converting plasma amounts to concentrations (PTH, Ca, phosphate, calcitriol).'),

  // bone calcium exchange
  CaDay: inf('mmol/d', 'Baseline daily calcium flux between plasma and bone; sets the bone-to-plasma (T13) and plasma-to-bone (T15) rate constants.'),
  FracJ14: u('1', 'Fraction of the bone-to-plasma calcium flux J14 that depends on osteoclasts (resorption).'),
  J14OCmax: u('?', 'Maximal osteoclast effect (Emax function OCeqn) on the resorptive bone-to-plasma calcium flux; in units of the rate constant T13.'),
  J14OCgam: exponent('the osteoclast effect on resorptive calcium release'),
  FracJ15: u('1', 'Fraction of the plasma-to-bone calcium flux J15 that depends on hydroxyapatite (HAp).'),
  MOCratioGam: u('1', 'Exponent of RANK–RANKL complex per osteoclast (M/OC relative to baseline) on resorptive calcium release.'),
  k14a: inf('1/h', 'Rate constant from non-exchangeable (Qbone) to exchangeable (Q) bone calcium; the reverse constant k15a keeps the baseline ratio.'),
  HApMRT: inf('h', 'Mean residence time of hydroxyapatite (its loss rate constant is 1/HApMRT).'),

  // RANK, RANKL, OPG turnover
  kinRNKgam: exponent('active TGF-β on RANK production'),
  koutRNK: inf('1/h', 'RANK first-order loss rate constant.'),
  koutL: inf('1/h', 'RANKL first-order loss rate constant.'),
  OsteoEffectGam: u('1', 'Exponent of osteoblast number (relative to baseline) on RANKL production.'),
  EmaxLpth: u('1', 'Maximal PTH stimulation of RANKL production (Emax factor); the PTH EC50 is (EmaxLpth − 1)·baseline PTH.'),
  TESTPOWER: u('1', 'Exponent of the osteoblast effect on the PTH EC50 of RANKL production (1 in the published code).'),
  kO: inf('1/h', 'OPG first-order loss rate constant.'),
  opgPTH50: inf('pmol/L', 'PTH concentration term of OPG production: production ∝ (ROB1/ROB0)·(PTH + opgPTH50·ROB1/ROB0)/(2·PTH).'),
  IO: u('?', 'Extra OPG input added to OPG production (0: none).'),
  E0RANKL: u('1', 'Osteoclast loss factor without RANK–RANKL signal (LsurvOC at zero occupancy).'),
  EmaxL: u('1', 'Osteoclast loss factor at saturating RANK–RANKL signal (lowest LsurvOC).'),
  LsurvOCgam: exponent('the RANK–RANKL signal (M/10) on osteoclast survival'),
  LsurvOCCgam: u('1', 'Defined in the source but not used by any equation.'),

  // osteoclasts
  Da: inf('1/h', 'Osteoclast turnover rate constant (0.7 per day).'),
  E0Meff: u('1', 'Osteoclast production factor without RANK–RANKL complex (MeffOC at M = 0).'),
  EmaxMeffOC: u('1', 'Maximal stimulation of osteoclast production by the RANK–RANKL complex M.'),
  kinOCgam: exponent('the RANK–RANKL complex on osteoclast production'),
  EmaxPicOC: u('?', 'Maximal active-TGF-β term of the osteoclast loss function PicOC.'),
  FracPicOC: u('1', 'Baseline (TGF-β-independent) part of PicOC as a fraction of Pic0.'),
  PicOCgam: exponent('active TGF-β on osteoclast loss'),
  Pic0: u('?', 'Baseline value of the TGF-β-dependent "Pi" functions; also the initial active TGF-β (latent TGF-β starts at 1000·Pic0).'),

  // TGF-β
  OBtgfGAM: u('1', 'Exponent of osteoblast number (relative to baseline) on latent TGF-β production.'),
  koutTGF0: inf('1/h', 'Baseline rate constant of latent TGF-β activation (release); active TGF-β is removed 1000 times faster.'),
  koutTGFGam: u('1', 'Exponent of latent TGF-β (relative to baseline) on its own activation rate constant (used by OpenBoneMin; defined but unused in the 2010 R code).'),
  OCtgfGAM: u('1', 'Exponent of osteoclast number (relative to baseline) on latent TGF-β activation.'),

  // osteoblasts
  EmaxPicROB: u('?', 'Maximal active-TGF-β term of responding-osteoblast production (PicROB).'),
  PicROBgam: exponent('active TGF-β on responding-osteoblast production'),
  FracPicROB: u('1', 'Baseline part of PicROB as a fraction of Pic0.'),
  PicOBgam: exponent('active TGF-β on responding-osteoblast differentiation (PicOB)'),
  FracPicOB: u('1', 'Baseline part of PicOB as a fraction of Pic0.'),
  EmaxPicOB: u('?', 'Maximal active-TGF-β term of PicOB (TGF-β slows differentiation of responding into active osteoblasts).'),
  kb: inf('1/h', 'Baseline osteoblast elimination (apoptosis) rate constant.'),
  PicOBgamkb: exponent('active TGF-β on osteoblast apoptosis'),
  MultPicOBkb: u('1', 'Osteoblast-apoptosis TGF-β function without TGF-β, as a multiple of Pic0.'),
  FracPic0kb: u('1', 'Osteoblast-apoptosis TGF-β function at saturating TGF-β, as a fraction of Pic0.'),
  E0RUNX2kbEffFACT: u('1', 'Osteoblast apoptosis rate without Runx2/Bcl-2 protection, as a multiple of kb.'),
  RUNkbGAM: exponent('Runx2 (from Bcl-2) on the reduction of osteoblast apoptosis'),
  RUNkbMaxFact: u('1', 'Maximal Runx2 reduction of osteoblast apoptosis, as a fraction of the unprotected rate.'),
  RUNX20: u('?', 'Baseline Runx2 level in the osteoblast-apoptosis function.'),
  Frackb: u('1', 'Slow-osteoblast elimination rate constant as a fraction of the PTH/TGF-β-modulated rate kbprime.'),
  FracOBfast: inf('1', 'Fraction of osteoblasts in the fast-turnover pool.'),

  // intracellular signalling (PTH → Runx2, CREB, Bcl-2)
  RX2Kout0: inf('1/h', 'Runx2 loss rate constant at baseline PTH; also sets Runx2 production (RX2Kout0·RX20).'),
  E0rx2Kout: u('?', 'Runx2 loss rate constant without PTH (1/h by its use).'),
  EmaxPTHRX2x: u('?', 'Maximal PTH increase of the Runx2 loss rate constant (1/h by its use).'),
  E0crebKin: u('1', 'CREB production factor without PTH.'),
  EmaxPTHcreb: u('1', 'Maximal PTH stimulation of CREB production.'),
  crebKout: inf('1/h', 'CREB first-order loss rate constant.'),
  bcl2Kout: inf('1/h', 'Bcl-2 first-order loss rate constant (half-life 1 h); Bcl-2 is produced ∝ Runx2·CREB.'),

  // parathyroid gland
  ScaEffGam: u('1', 'Exponent of the calcium ratio (baseline/current) on the calcitriol set point of the PT gland pool.'),
  T58: u('?', 'Maximal PTH secretion rate (at low calcium), in pmol/h by its use.'),
  T59: exponent('plasma calcium on PTH secretion'),
  T61: u('?', 'Minimal PTH secretion rate (at high calcium), in pmol/h by its use.'),
  T57: u('?', 'PTH elimination: kout = T57/14 in the R code (14 is the volume V1).'),
  kout: inf('1/h', 'PTH first-order elimination rate constant (100/14).'),
  PTout: inf('1/h', 'PT gland maximal-capacity (PTmax) turnover rate constant.'),
  CtriolMax: u('1', 'PT gland capacity production factor at low calcitriol.'),
  CtriolMin: u('1', 'PT gland capacity production factor at high calcitriol.'),
  CtriolPTgam: exponent('calcitriol on PT gland capacity production'),
  T70: u('?', 'Rate constant of the PT gland pool S (1/h by its use).'),
  T71: u('?', 'Steepness of the calcitriol effect (tanh) on the PT gland pool (per pmol/L by its use).'),
  IPTHint: inf('pmol/h', 'PTH input into the subcutaneous compartment SC (0: none).'),
  IPTHinf: inf('pmol/h', 'PTH infusion directly into plasma (0: none).'),

  // calcitriol and 1-α-hydroxylase
  T64: inf('1/h', '1-α-hydroxylase first-order loss rate constant.'),
  T65: u('?', 'Maximal 1-α-hydroxylase production rate.'),
  T67: u('?', 'PTH concentration of half-maximal 1-α-hydroxylase production (pmol/L by its use).'),
  AlphOHgam: exponent('PTH on 1-α-hydroxylase production'),
  T69: inf('1/h', 'Calcitriol first-order elimination rate constant.'),
  PO4inhPTHgam: u('1', 'Exponent of phosphate inhibition (C2/C2thr) of PTH-driven 1-α-hydroxylase production (0: off).'),
  PhosEff0: u('1', 'Phosphate effect on 1-α-hydroxylase production without phosphate (applies above C2thr).'),
  PhosEff50: u('?', 'Phosphate concentration of half-maximal inhibition of 1-α-hydroxylase production (mmol/L by its use).'),
  PhosEffGam: exponent('phosphate on 1-α-hydroxylase production'),

  // kidney
  GFR: inf('L/h', 'Glomerular filtration rate (100 mL/min, written 100/16.667).'),
  T16: u('1', 'Maximal PTH effect on active renal calcium reabsorption.'),
  Reabs50: u('?', 'Plasma calcium of half-maximal active renal reabsorption (mmol/L by its use).'),
  T7: u('1', 'Maximal calcitriol reduction of the renal calcium excretion factor (2 − T10).'),
  T9: u('?', 'Calcitriol concentration of half-maximal effect on renal calcium excretion (pmol/L by its use).'),
  T46: u('?', 'Renal phosphate threshold concentration (mmol/L by its use): excretion 0.88·GFR·(C2 − T46) when positive.'),

  // gut calcium
  T33: u('?', 'Rate constant of calcitriol-dependent gut absorption capacity R at low calcitriol (1/h by its use).'),
  T34: u('?', 'Rate constant of calcitriol-dependent gut absorption capacity R at high calcitriol (1/h by its use).'),
  T35: u('?', 'Calcitriol concentration of half-maximal effect on gut absorption capacity (pmol/L by its use).'),
  CaPOgam: exponent('calcitriol on gut absorption capacity'),
  OralCa: inf('mmol/h', 'Oral calcium intake into the gut compartment T (24.055 mmol/day).'),
  T77: u('1', 'Maximal fraction of oral calcium entering the absorbable gut pool.'),
  T80: exponent('absorption capacity R on the absorbed fraction of oral calcium'),
  T81: u('?', 'Half-saturation constant of gut calcium absorption (for R in the absorbed fraction and for T in the active flux).'),
  T87: u('?', 'Passive gut-to-plasma calcium absorption rate constant (1/h by its use).'),
  T28: u('?', 'Maximal active gut calcium absorption rate constant (1/h by its use).'),
  T0: u('?', 'Reference gut calcium amount of the active absorption constant T29 (mmol by its use).'),
  T310: u('?', 'Active gut calcium absorption rate constant at the reference amount T0 (1/h by its use).'),

  // phosphate
  T52: inf('1/h', 'Gut-to-plasma phosphate absorption rate constant.'),
  OralPhos: inf('mmol/h', 'Oral phosphate intake (10.5 mmol/day).'),
  F12: inf('1', 'Fraction of oral phosphate entering the gut phosphate compartment.'),
  T49: inf('L/h', 'Extracellular-to-intracellular phosphate clearance.'),
  T55: inf('1/h', 'Intracellular-to-extracellular phosphate rate constant.'),

  // teriparatide
  TERICL: inf('L/h', 'Teriparatide clearance term: the SC depot empties into plasma PTH at TERICL/TERIVC.'),
  TERIVC: inf('L', 'Teriparatide volume term: the SC depot empties into plasma PTH at TERICL/TERIVC.'),
  TERIKA: inf('1/h', 'Named a teriparatide absorption rate constant; only the dead-end TERICENT compartment uses it (elimination), and the 2010 R code not at all.'),
  TERIVD: u('?', 'Defined in the source but not used by any equation.'),
  TERIF: inf('1', 'Bioavailability of teriparatide doses into TERISC.'),

  // OpenBoneMin extras
  OBtot0: u('?', 'Initial total osteoblasts (split into the fast and slow pools by FracOBfast).'),
  T43param: u('?', 'The parameter T43 of the source, used by no equation and reported as the output T43 (renamed here because parameter and output names share one namespace).'),
  T45: u('?', 'Defined in the source but not used by any equation.'),
  T84: u('?', 'Defined in the source but not used by any equation.'),
  ETHN: u('?', 'Defined in the source but not used by any equation (ethnicity covariate).'),
  BMI: u('?', 'Defined in the source but not used by any equation (body-mass index covariate).'),

  // generic PK compartments (all zero: inactive)
  PKKA: u('?', 'Generic PK: absorption rate constant from PKGUT (1/h by its use; 0: inactive).'),
  PKVC: u('?', 'Generic PK: central volume.'),
  PKQ1: u('?', 'Generic PK: intercompartmental clearance to PKPER1.'),
  PKQ2: u('?', 'Generic PK: intercompartmental clearance to PKPER2.'),
  PKVP1: u('?', 'Generic PK: volume of PKPER1.'),
  PKVP2: u('?', 'Generic PK: volume of PKPER2.'),
  PKCL: u('?', 'Generic PK: linear clearance.'),
  PKVMAX: u('?', 'Generic PK: maximal rate of the saturable clearance term PKVMAX/(PKKM + concentration).'),
  PKKM: u('?', 'Generic PK: concentration of half-maximal saturable clearance.'),

  // bone mineral density
  koutBMDls: inf('1/h', 'Lumbar-spine BMD loss rate constant (production set so that BMD stays at its initial value at baseline).'),
  koutBMDlsDEN: inf('1/h', 'Lumbar-spine BMD loss rate constant of the denosumab-fitted BMD (BMDlsDEN).'),
  koutBMDfnBAS: inf('1/h', 'Femoral-neck BMD loss rate constant.'),
  gamOB: u('1', 'Exponent of osteoblasts (relative to baseline) on BMD production.'),
  gamOCls: u('1', 'Exponent of osteoclasts (relative to baseline) on lumbar-spine BMD loss.'),
  gamOClsDEN: u('1', 'Exponent of osteoclasts (relative to baseline) on lumbar-spine BMD loss, denosumab fit.'),
  gamOCfnBAS: u('1', 'Exponent of osteoclasts (relative to baseline) on femoral-neck BMD loss.'),

  // denosumab
  kdenosl: inf('L/pmol/h', 'Second-order rate constant of RANKL removal by denosumab (per pmol/L of denosumab per hour).'),
  DENVMAX: inf('ng/h', 'Denosumab maximal saturable (target-mediated) elimination rate.'),
  DENKM: inf('ng/mL', 'Denosumab concentration of half-maximal saturable elimination.'),
  DENVC: inf('mL', 'Denosumab central volume.'),
  DENVP: inf('mL', 'Denosumab peripheral volume.'),
  DENCL: inf('mL/h', 'Denosumab linear clearance.'),
  DENQ: inf('mL/h', 'Denosumab intercompartmental clearance.'),
  DENKA: inf('1/h', 'Denosumab subcutaneous absorption rate constant.'),
  DENF: inf('1', 'Denosumab subcutaneous bioavailability.'),
  DENMW: u('g/mol', 'Molar mass used to convert denosumab mass concentration to molar (150 kDa).'),

  // oestrogen (menopause) module
  ESTON: u('1', 'Oestrogen module switch: multiplies the oestrogen ODE (0: off, oestrogen stays at 1).'),
  koutEST: inf('1/h', 'Oestrogen first-order loss rate constant.'),
  menoDUR: inf('h', 'Duration of the menopausal transition (1.66 years of 8736 h).'),
  ageGAM: u('1', 'Exponent of age (relative to age at entry) on oestrogen production.'),
  age50: u('1', 'Maximal fractional loss of oestrogen production over the menopausal transition.'),
  ageENTER: inf('h', 'Age at the start of the simulation (41 years of 8736 h).'),
  ageDONE: inf('h', 'Age at the end of the menopausal transition (51 years of 8736 h).'),
  tgfbGAM: u('1', 'Exponent of 1/oestrogen on latent TGF-β production.'),
  tgfbactGAM: u('1', 'Exponent of oestrogen on latent TGF-β activation.'),
  robGAM: u('1', 'Exponent of 1/oestrogen on responding-osteoblast production.'),
  obGAM: u('?', 'Defined in the source but not used by any equation.'),
  maxTmESTkid: u('1', 'Renal maximal calcium reabsorption factor at 10% oestrogen (linear in oestrogen, 1 at baseline).'),
  E2scalePicB1: u('1', 'Exponent of 1/oestrogen on osteoblast apoptosis.'),

  // baseline (initial) values that the equations use as reference levels
  Q0: u('mmol', 'Initial exchangeable bone calcium Q; reference level of the bone calcium fluxes.'),
  QboneInit: u('mmol', 'Initial non-exchangeable bone calcium Qbone; sets the Q ⇄ Qbone balance.'),
  OC0: u('?', 'Initial osteoclasts; reference level of osteoclast effects.'),
  OB0: u('?', 'Initial total osteoblasts (fast + slow); reference level of osteoblast effects.'),
  ROB0: u('?', 'Initial responding osteoblasts; reference level of ROB1 effects.'),
  RNK0: u('?', 'Initial RANK.'),
  RANKL0: u('?', 'Initial RANKL.'),
  RNKL0: u('?', 'Initial RANKL (a second copy made by the R code; not used by any equation).'),
  OPG0: u('?', 'Initial OPG; sets baseline OPG production.'),
  RX20: u('?', 'Initial Runx2; sets Runx2 production.'),
  CREB0: u('?', 'Initial CREB; sets CREB production.'),
  P0: u('mmol', 'Initial plasma calcium amount; baseline calcium concentration is P0/V1.'),
  PTH0: u('pmol', 'Initial plasma PTH amount; baseline PTH concentration is PTH0/V1.'),
  B0: u('pmol', 'Initial plasma calcitriol amount; baseline calcitriol concentration is B0/V1.'),
  GFR0: inf('L/h', 'Initial glomerular filtration rate (100 mL/min, written 100/16.667).'),
  BMDls0: u('1', 'Initial lumbar-spine BMD (fraction of baseline).'),
  BMDlsDEN0: u('1', 'Initial lumbar-spine BMD of the denosumab fit (fraction of baseline).'),
  BMDfn0: u('1', 'Initial femoral-neck BMD (fraction of baseline).'),
  CaConc0: u('mmol/L', 'Baseline plasma calcium concentration (a literal, 2.35, in the R code).'),
  PTHconc0: u('pmol/L', 'Baseline plasma PTH concentration (a literal, 3.85, in the R code).'),

  // unit conversions
  hPerDay: u('h/d', 'Hours per day (converts the daily calcium turnover CaDay to a rate per hour).'),
  PTHpgPerPmol: u('pg/mL/(pmol/L)', 'Converts plasma PTH from pmol/L to pg/mL (9.4, i.e. a PTH molar mass of 9.4 kDa).'),
  mLminPerLh: u('mL/min/(L/h)', 'Converts a flow in mL/min to L/h (16.667 mL/min per L/h).'),
  umolToPmol: u('pmol/umol', 'Converts µmol to pmol (written 1000·1000 in the source).'),
  C2thr: u('mmol/L', 'Phosphate concentration above which phosphate inhibits 1-α-hydroxylase production (a literal, 1.2, in the source).'),
  CaUrine0: u('mmol/h', 'Baseline urinary calcium excretion (3.6 mmol/day); fixes the maximal PTH-sensitive renal reabsorption (a literal, 0.149997, in the source).'),
  percent: u('%', 'One hundred per cent: turns a fraction into percent (the literal 100 of the source).'),
  kaSC: u('1/h', 'Rate constant of PTH transfer from the subcutaneous compartment SC to plasma (a literal, 0.693, in the R code).'),
  hPerYear: u('h/y', 'Hours per year used by the GFR decline (8766 = 365.25 days).'),

  // glomerular filtration decline
  GFRtau: inf('y', 'Time over which GFR declines by GFRdelta (years).'),
  GFRdelta: inf('mL/min', 'Total GFR decline over GFRtau (0: constant GFR).'),
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
    out[name] = { value, unit: info.unit, description: info.description, source: sources[name] ?? source };
  }
  return out;
}
