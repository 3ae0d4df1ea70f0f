/**
 * Bone remodeling of the Peterson–Riggs family: responding and active osteoblasts (fast and slow
 * pools), osteoclasts, latent and active TGF-β, RANK/RANKL/OPG binding, the PTH → Runx2/CREB/Bcl-2
 * signalling that sets osteoblast survival, hydroxyapatite and bone calcium (exchangeable Q,
 * non-exchangeable Qbone). Shared by the 2010 model and OpenBoneMin.
 *
 * Names the models must define: baselines `Q0`, `QboneInit`, `OC0`, `OB0`, `ROB0`, `RNK0`,
 * `RANKL0`, `OPG0`, `RX20`, `CREB0`, `PTHconc0` (parameters or rules; `M0`, `TGFB0`, `TGFBact0`,
 * `OBfast0` are derived here), and the rules `koutTGF`, `LpthEff`, `pO`, `bcl2Kin`, `PicOBkbEff`
 * (see `variants.ts`). Equations are written as in the authors' code; most "EC50" quantities are
 * solved from the requirement that the system start at steady state.
 */
import type { RuleSpec } from '../../model/spec.js';

const r = (expr: string, unit: string, description: string): RuleSpec => ({ expr, unit, description });

/** Baselines derived from parameters (the R code derives and copies them at load; OpenBoneMin in [MAIN]). */
export const DERIVED_BASELINES: Readonly<Record<string, RuleSpec>> = {
  M0: r('k3 * RNK0 * RANKL0 / k4', '?', 'Initial RANK–RANKL complex (binding equilibrium of the initial RANK and RANKL).'),
  TGFB0: r('Pic0 * 1000', '?', 'Initial latent TGF-β.'),
  TGFBact0: r('Pic0', '?', 'Initial active TGF-β.'),
  OBfast0: r('OB0 * FracOBfast', '?', 'Initial fast osteoblasts.'),
};

export const REMODELING_RULES: Readonly<Record<string, RuleSpec>> = {
  Osteoblast: r('OBfast + OBslow', '?', 'Total active osteoblasts.'),

  // resorptive calcium release: osteoclasts, weighted by RANK-RANKL signal per osteoclast
  J14OC50: r('exp(log(J14OCmax * OC0^J14OCgam / T13 - OC0^J14OCgam) / J14OCgam)', '?',
    'Osteoclast level of half-maximal resorptive calcium release.'),
  OCeqn: r('J14OCmax * hill(OC, J14OC50, J14OCgam)', '?', 'Osteoclast effect on resorptive calcium release (equals T13 at baseline).'),
  MOCratio: r('M / OC', '?', 'RANK–RANKL complex per osteoclast.'),
  MOCratio0: r('M0 / OC0', '?', 'Baseline RANK–RANKL complex per osteoclast.'),
  MOCratioEff: r('(MOCratio / MOCratio0)^MOCratioGam', '1', 'Effect of RANK–RANKL per osteoclast on resorption.'),
  J14OCdepend: r('OCeqn * Q0 * FracJ14 * MOCratioEff', 'mmol/h', 'Osteoclast-dependent calcium flux from bone to plasma.'),
  J14: r('T13 * Q0 * (1 - FracJ14) + J14OCdepend', 'mmol/h', 'Calcium flux from bone to plasma.'),
  k15a: r('k14a * QboneInit / Q0', '1/h', 'Rate constant from exchangeable to non-exchangeable bone calcium.'),
  J14a: r('k14a * Qbone', 'mmol/h', 'Calcium flux from non-exchangeable to exchangeable bone.'),
  J15a: r('k15a * Q', 'mmol/h', 'Calcium flux from exchangeable to non-exchangeable bone.'),

  // hydroxyapatite: made by osteoblasts
  kLShap: r('1 / HApMRT', '1/h', 'Hydroxyapatite loss rate constant.'),
  kHApIn: r('kLShap / OB0', '?', 'Hydroxyapatite production per osteoblast.'),

  // TGF-β: latent pool filled by osteoblasts, activated (released) by osteoclasts
  kinTGF: r('koutTGF0 * TGFB0', '?', 'Baseline latent TGF-β production rate.'),
  koutTGFact: r('koutTGF0 * 1000', '1/h', 'Active TGF-β removal rate constant.'),
  koutTGFeqn: r('koutTGF * TGFB * (OC / OC0)^OCtgfGAM', '?', 'Latent TGF-β activation flux (osteoclast-driven).'),

  // responding osteoblasts: production stimulated by active TGF-β
  E0PicROB: r('FracPicROB * Pic0', '?', 'PicROB without TGF-β.'),
  EC50PicROBparen: r('EmaxPicROB * TGFBact0^PicROBgam / (Pic0 - E0PicROB) - TGFBact0^PicROBgam', '?', 'Term fixing EC50PicROB (PicROB = Pic0 at baseline).'),
  EC50PicROB: r('exp(log(EC50PicROBparen) / PicROBgam)', '?', 'Active TGF-β of half-maximal PicROB.'),
  Dr: r('kb * OB0 / Pic0', '?', 'Responding-osteoblast production per unit PicROB.'),
  PicROB: r('E0PicROB + EmaxPicROB * hill(TGFBact, EC50PicROB, PicROBgam)', '?', 'TGF-β function of responding-osteoblast production.'),
  ROBin: r('Dr * PicROB', '?', 'Responding-osteoblast production rate.'),

  // differentiation of responding into active osteoblasts, slowed by TGF-β
  bigDb: r('kb * OB0 * Pic0 / ROB0', '?', 'Differentiation rate constant times PicOB at baseline.'),
  E0PicOB: r('FracPicOB * Pic0', '?', 'PicOB without TGF-β.'),
  EC50PicOBparen: r('EmaxPicOB * TGFBact0^PicOBgam / (Pic0 - E0PicOB) - TGFBact0^PicOBgam', '?', 'Term fixing EC50PicOB (PicOB = Pic0 at baseline).'),
  EC50PicOB: r('exp(log(EC50PicOBparen) / PicOBgam)', '?', 'Active TGF-β of half-maximal PicOB.'),
  PicOB: r('E0PicOB + EmaxPicOB * hill(TGFBact, EC50PicOB, PicOBgam)', '?', 'TGF-β function of osteoblast differentiation (divides it).'),
  KPT: r('bigDb / PicOB', '1/h', 'Differentiation rate constant of responding osteoblasts.'),

  // osteoclasts: production driven by RANK-RANKL complex, loss by TGF-β and lack of RANKL signal
  EC50MeffOC: r('exp(log(M0^kinOCgam * EmaxMeffOC / (1 - E0Meff) - M0^kinOCgam) / kinOCgam)', '?',
    'RANK–RANKL complex of half-maximal osteoclast production (MeffOC = 1 at baseline).'),
  MeffOC: r('E0Meff + EmaxMeffOC * hill(M, EC50MeffOC, kinOCgam)', '1', 'RANK–RANKL effect on osteoclast production.'),
  kinOC2: r('Da * Pic0 * MeffOC * OC0', '?', 'Osteoclast production rate.'),
  E0PicOC: r('FracPicOC * Pic0', '?', 'PicOC without TGF-β.'),
  EC50PicOCparen: r('EmaxPicOC * TGFBact0^PicOCgam / (Pic0 - E0PicOC) - TGFBact0^PicOCgam', '?', 'Term fixing EC50PicOC (PicOC = Pic0 at baseline).'),
  EC50PicOC: r('exp(log(EC50PicOCparen) / PicOCgam)', '?', 'Active TGF-β of half-maximal PicOC.'),
  PicOC: r('E0PicOC + EmaxPicOC * hill(TGFBact, EC50PicOC, PicOCgam)', '?', 'TGF-β function of osteoclast loss.'),
  PiL0: r('k3 / k4 * RANKL0', '?', 'Baseline RANKL signal (M/10 at baseline).'),
  PiL: r('M / 10', '?', 'RANKL signal.'),
  EC50survInPar: r('(E0RANKL - EmaxL) * (PiL0^LsurvOCgam / (E0RANKL - 1)) - PiL0^LsurvOCgam', '?', 'Term fixing EC50surv (LsurvOC = 1 at baseline).'),
  EC50surv: r('exp(log(EC50survInPar) / LsurvOCgam)', '?', 'RANKL signal of half-maximal osteoclast survival.'),
  LsurvOC: r('E0RANKL - (E0RANKL - EmaxL) * hill(PiL, EC50surv, LsurvOCgam)', '1', 'RANKL effect on osteoclast loss (survival signal).'),
  KLSoc: r('Da * PicOC * LsurvOC', '?', 'Osteoclast loss rate constant.'),

  // RANK, RANKL, OPG
  kinRNK: r('(koutRNK * RNK0 + k3 * RNK0 * RANKL0 - k4 * M0) / TGFBact0^kinRNKgam', '?', 'RANK production per unit TGFBact^kinRNKgam.'),
  kinLbase: r('koutL * RANKL0', '?', 'Baseline RANKL production rate.'),
  OsteoEffect: r('(Osteoblast / OB0)^OsteoEffectGam', '1', 'Osteoblast effect on RANKL production.'),
  PTH50: r('EmaxLpth * PTHconc0 - PTHconc0', 'pmol/L', 'PTH EC50 of RANKL production.'),
  kinL: r('kinLbase * OsteoEffect * LpthEff', '?', 'RANKL production rate.'),
  pObase: r('kO * OPG0', '?', 'Baseline OPG production rate.'),

  // PTH -> Runx2 (faster loss), CREB (more production); Bcl-2 from both protects osteoblasts
  RX2Kin: r('RX2Kout0 * RX20', '?', 'Runx2 production rate.'),
  EC50PTHRX2x: r('EmaxPTHRX2x * PTHconc0 / (RX2Kout0 - E0rx2Kout) - PTHconc0', 'pmol/L', 'PTH EC50 of Runx2 loss (loss constant = RX2Kout0 at baseline).'),
  RX2Kout: r('E0rx2Kout + EmaxPTHRX2x * C4 / (C4 + EC50PTHRX2x)', '?', 'Runx2 loss rate constant.'),
  EC50PTHcreb: r('EmaxPTHcreb * PTHconc0 / (1 - E0crebKin) - PTHconc0', 'pmol/L', 'PTH EC50 of CREB production (factor 1 at baseline).'),
  crebKin0: r('crebKout * CREB0', '?', 'Baseline CREB production rate.'),
  crebKin: r('crebKin0 * (E0crebKin + EmaxPTHcreb * C4 / (C4 + EC50PTHcreb))', '?', 'CREB production rate.'),

  // osteoblast apoptosis: TGF-β and Bcl-2 (through a Runx2 signal) reduce it
  E0PicOBkb: r('MultPicOBkb * Pic0', '?', 'PicOBkb without TGF-β.'),
  EmaxPicOBkb: r('FracPic0kb * Pic0', '?', 'PicOBkb at saturating TGF-β.'),
  EC50PicOBparenKb: r('(E0PicOBkb - EmaxPicOBkb) * TGFBact0^PicOBgamkb / (E0PicOBkb - Pic0) - TGFBact0^PicOBgamkb', '?',
    'Term fixing EC50PicOBkb (PicOBkb = Pic0 at baseline).'),
  EC50PicOBkb: r('exp(log(EC50PicOBparenKb) / PicOBgamkb)', '?', 'Active TGF-β of half-maximal PicOBkb.'),
  PicOBkb: r('E0PicOBkb - (E0PicOBkb - EmaxPicOBkb) * hill(TGFBact, EC50PicOBkb, PicOBgamkb)', '?', 'TGF-β function of osteoblast apoptosis.'),
  E0RUNX2kbEff: r('E0RUNX2kbEffFACT * kb', '1/h', 'Osteoblast apoptosis rate constant without Runx2 protection.'),
  RUNX2: r('if(BCL2 > 105, BCL2 - 90, 10)', '?', 'Runx2 signal of osteoblast survival (from Bcl-2; 10 unless Bcl-2 exceeds 105).'),
  RUNkbMax: r('E0RUNX2kbEff * RUNkbMaxFact', '1/h', 'Maximal Runx2 reduction of the apoptosis rate constant.'),
  INparen: r('RUNkbMax * RUNX20^RUNkbGAM / (E0RUNX2kbEff - kb) - RUNX20^RUNkbGAM', '?', 'Term fixing RUNkb50 (apoptosis = kb at baseline).'),
  RUNkb50: r('exp(log(INparen) / RUNkbGAM)', '?', 'Runx2 signal of half-maximal apoptosis reduction.'),
  RUNX2kbPrimeEff: r('RUNkbMax * hill(RUNX2, RUNkb50, RUNkbGAM)', '1/h', 'Runx2 reduction of the apoptosis rate constant.'),
  kbprime: r('E0RUNX2kbEff * PicOBkbEff - RUNX2kbPrimeEff', '1/h', 'Osteoblast apoptosis rate constant.'),
  kbslow: r('kbprime * Frackb', '1/h', 'Slow-osteoblast elimination rate constant.'),
  kbfast: r('(kb * OB0 + kbslow * OBfast0 - kbslow * OB0) / OBfast0', '1/h', 'Fast-osteoblast elimination rate constant (keeps total turnover kb·OB0 at baseline).'),
  Frackb2: r('kbfast / kbprime', '1', 'Fast-pool production weight.'),
};

interface StateInfo { unit: string; description: string; belowZero?: string }

export const REMODELING_STATE_INFO: Readonly<Record<string, StateInfo>> = {
  HAp: { unit: '1', description: 'Hydroxyapatite (relative, 1 at baseline).' },
  OBfast: { unit: '?', description: 'Active osteoblasts, fast-turnover pool.' },
  OBslow: { unit: '?', description: 'Active osteoblasts, slow-turnover pool.' },
  OC: { unit: '?', description: 'Active osteoclasts.' },
  ROB1: { unit: '?', description: 'Responding (precursor) osteoblasts.' },
  TGFB: { unit: '?', description: 'Latent TGF-β (bone matrix).' },
  TGFBact: { unit: '?', description: 'Active TGF-β.' },
  L: { unit: '?', description: 'RANKL.' },
  RNK: { unit: '?', description: 'RANK.' },
  M: { unit: '?', description: 'RANK–RANKL complex.' },
  N: { unit: '?', description: 'OPG–RANKL complex.' },
  O: { unit: '?', description: 'OPG (osteoprotegerin).' },
  Q: {
    unit: 'mmol', description: 'Bone calcium, immediately exchangeable with plasma.',
    // Peterson & Riggs 2010 (and OpenBoneMin): the release J14 is proportional to the baseline Q0,
    // not to Q, so months of resorption above formation drive Q below zero; kept as published
    belowZero: 'Q (exchangeable bone Ca) fell below zero. In the published Peterson-Riggs structure (also OpenBoneMin) the release '
      + 'from bone to plasma, J14, is proportional to the baseline Q0, not to Q, so sustained resorption above formation empties '
      + 'this 100 mmol pool and continues. Plasma Ca, PTH and the remodelling states do not read Q, so they are unaffected; read bone '
      + 'loss from BMD (or Q + Qbone), not from Q. See docs/modelling-language.md (run invariants).',
  },
  Qbone: {
    unit: 'mmol', description: 'Bone calcium, not immediately exchangeable.',
    belowZero: 'Qbone (non-exchangeable bone Ca) fell below zero. With Q it is a pure integrator of the plasma-bone Ca fluxes in the '
      + 'published Peterson-Riggs structure (resorption does not depend on it); nothing else reads it. Read bone loss from BMD.',
  },
  RX2: { unit: '?', description: 'Runx2 (osteoblast transcription factor, lowered by PTH).' },
  CREB: { unit: '?', description: 'CREB (raised by PTH).' },
  BCL2: { unit: '?', description: 'Bcl-2 (osteoblast survival, produced ∝ Runx2·CREB).' },
};

export const REMODELING_ODES: Readonly<Record<string, string>> = {
  HAp: 'kHApIn * Osteoblast - kLShap * HAp',
  OBfast: 'bigDb / PicOB * ROB1 * FracOBfast * Frackb2 - kbfast * OBfast',
  OBslow: 'bigDb / PicOB * ROB1 * (1 - FracOBfast) * Frackb - kbslow * OBslow',
  OC: 'kinOC2 - KLSoc * OC',
  ROB1: 'ROBin - KPT * ROB1',
  TGFB: 'kinTGF * (Osteoblast / OB0)^OBtgfGAM - koutTGFeqn',
  TGFBact: 'koutTGFeqn - koutTGFact * TGFBact',
  L: 'kinL - koutL * L - k1 * O * L + k2 * N - k3 * RNK * L + k4 * M',
  RNK: 'kinRNK * TGFBact^kinRNKgam - koutRNK * RNK - k3 * RNK * L + k4 * M',
  M: 'k3 * RNK * L - k4 * M',
  N: 'k1 * O * L - k2 * N',
  O: 'pO - k1 * O * L + k2 * N - kO * O',
  Q: 'J15 - J14 + J14a - J15a',
  Qbone: 'J15a - J14a',
  RX2: 'RX2Kin - RX2Kout * RX2',
  CREB: 'crebKin - crebKout * CREB',
  BCL2: 'bcl2Kin - bcl2Kout * BCL2',
};
