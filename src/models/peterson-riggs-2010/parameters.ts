/**
 * Parameter values of the Peterson & Riggs 2010 model exactly as the authors' R code hands them to
 * the solver (ca.bone.param.r, then the initial values ca.bone.copy.init() copies into parameters),
 * plus the literals of ca.bone.model.r that this transcription names (see README.md).
 * Units and descriptions: bone-core/parameters.ts.
 */
import type { ParameterSpec } from '../../model/spec.js';
import { parametersFrom } from '../bone-core/parameters.js';

/** ca.bone.param.r, in its order. */
export const PR_PARAMETER_VALUES: Readonly<Record<string, number>> = {
  k1: 0.00000624,
  k2: 0.112013,
  k3: 0.00000624,
  k4: 0.112013,
  V1: 14,
  CaDay: 88,
  FracJ14: 0.107763,
  J14OCmax: 0.543488,
  J14OCgam: 1.6971,
  FracJ15: 0.114376,
  kinRNKgam: 0.151825,
  koutRNK: 0.00323667,
  MOCratioGam: 0.603754,
  Da: 0.7 / 24,
  OBtgfGAM: 0.0111319,
  koutTGF0: 0.0000298449,
  koutTGFGam: 0.919131,
  OCtgfGAM: 0.593891,
  EmaxPicROB: 3.9745,
  PicROBgam: 1.80968,
  FracPicROB: 0.883824,
  PicOBgam: 0.122313,
  FracPicOB: 0.000244818,
  EmaxPicOB: 0.251636,
  E0Meff: 0.388267,
  EmaxMeffOC: 3.15667,
  kinOCgam: 8.53065,
  EmaxPicOC: 1.9746,
  FracPicOC: 0.878215,
  PicOCgam: 1.0168,
  E0RANKL: 3.80338,
  EmaxL: 0.469779,
  GFR: 100 / 16.667,
  T16: 1.06147,
  T64: 0.05,
  T65: 6.3,
  T67: 1.54865,
  AlphOHgam: 0.111241,
  k14a: 0.0000244437,
  HApMRT: 3.60609,
  koutL: 0.00293273,
  OsteoEffectGam: 0.173833,
  TESTPOWER: 1,
  opgPTH50: 3.85,
  IO: 0,
  RX2Kout0: 0.693,
  E0rx2Kout: 0.125,
  EmaxPTHRX2x: 5,
  E0crebKin: 0.5,
  EmaxPTHcreb: 3.39745,
  crebKout: 0.00279513,
  bcl2Kout: 0.693,
  ScaEffGam: 0.9,
  PhosEff0: 1.52493,
  PhosEff50: 1.3021,
  PhosEffGam: 8.25229,
  PO4inhPTHgam: 0,
  T69: 0.1,
  Reabs50: 1.57322,
  T7: 2,
  T9: 90,
  T70: 0.01,
  T71: 0.03,
  T33: 0.003,
  T34: 0.037,
  T35: 90,
  CaPOgam: 1,
  T46: 1.142,
  T52: 0.365,
  OralPhos: 10.5 / 24,
  F12: 0.7,
  T49: 51.8,
  T55: 0.019268,
  PicOBgamkb: 2.92375,
  MultPicOBkb: 3.11842,
  FracPic0kb: 0.764028,
  E0RUNX2kbEffFACT: 1.01,
  RUNkbGAM: 3.67798,
  RUNkbMaxFact: 0.638114,
  RUNX20: 10,
  Frackb: 0.313186,
  T81: 0.75,
  T87: 0.0495,
  T0: 1.58471,
  T28: 0.9,
  OralCa: 24.055 / 24,
  T77: 0.909359,
  T80: 4,
  CtriolPTgam: 12.5033,
  CtriolMax: 4.1029,
  CtriolMin: 0.9,
  PTout: 0.0001604,
  T57: 100,
  T58: 6249.09,
  T59: 11.7387,
  T61: 96.25,
  IPTHint: 0,
  IPTHinf: 0,
  Pic0: 0.228142,
  LsurvOCCgam: 3.0923,
  EmaxLpth: 1.30721,
  kO: 15.8885,
  kb: 0.000605516,
  LsurvOCgam: 3.09023,
  FracOBfast: 0.797629,
  TERIVC: 133,
  TERICL: 94.3,
  TERIKA: 16.4,
};

/**
 * Initial values that ca.bone.copy.init() copies into parameters and the equations use as
 * reference levels. (M0, TGFB0 and TGFBact0, also copied by the R code, are derived from other
 * parameters and appear here as rules.)
 */
export const PR_BASELINE_VALUES: Readonly<Record<string, number>> = {
  Q0: 100,
  OC0: 0.00115398,
  RNK0: 10,
  RANKL0: 0.4,
  RNKL0: 0.4,
  OB0: 0.00501324,
  ROB0: 0.00104122,
  QboneInit: 24900,
  OPG0: 4,
  RX20: 10,
  CREB0: 10,
};

/** Literals of ca.bone.model.r / ca.bone.responses() given names here so that both models share equations. */
export const PR_LITERAL_VALUES: Readonly<Record<string, number>> = {
  CaConc0: 2.35,
  PTHconc0: 3.85,
  T310: 0.17533,
  hPerDay: 24,
  PTHpgPerPmol: 9.4,
  C2thr: 1.2,
  CaUrine0: 0.149997,
  kaSC: 0.693,
};

const CODE = 'ref:peterson2010 (authors\' R code, ca.bone.param.r)';
const COPY = 'ref:peterson2010 (authors\' R code, ca.bone.init.r, copied by ca.bone.copy.init)';
const LITERAL = 'ref:peterson2010 (authors\' R code, literal in ca.bone.model.r)';

export function prParameters(): Record<string, ParameterSpec> {
  const sources: Record<string, string> = {
    PTHpgPerPmol: 'ref:peterson2010 (authors\' R code, literal in ca.bone.responses)',
  };
  return {
    ...parametersFrom(PR_PARAMETER_VALUES, CODE),
    ...parametersFrom(PR_BASELINE_VALUES, COPY),
    ...parametersFrom(PR_LITERAL_VALUES, LITERAL, sources),
  };
}
