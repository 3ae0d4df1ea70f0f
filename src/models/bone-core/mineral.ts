/**
 * Mineral homeostasis of the Peterson–Riggs family: parathyroid gland and PTH, 1-α-hydroxylase and
 * calcitriol, plasma calcium, renal calcium and phosphate handling, gut calcium and phosphate.
 * Equations shared by the 2010 model and OpenBoneMin; where the two differ the model supplies the
 * rule (see `variants.ts`).
 *
 * Names the models must define: baselines `CaConc0`, `PTHconc0`, `T0`, `T310`, `C2thr`, the calcitriol
 * reference of PT gland capacity `CtriolRef`, `ReabsMax`, `SPTH` (PTH input), `kout`, `GFR`
 * (parameter or state), and the 1-α-hydroxylase state (`A` in the 2010 code, `AOH` in OpenBoneMin).
 */
import type { RuleSpec, StateSpec } from '../../model/spec.js';

const r = (expr: string, unit: string, description: string): RuleSpec => ({ expr, unit, description });

export const MINERAL_RULES: Readonly<Record<string, RuleSpec>> = {
  // concentrations
  C1: r('P / V1', 'mmol/L', 'Plasma calcium concentration.'),
  C2: r('ECCPhos / V1', 'mmol/L', 'Extracellular phosphate concentration.'),
  C4: r('PTH / V1', 'pmol/L', 'Plasma PTH concentration.'),
  C8: r('B / V1', 'pmol/L', 'Plasma calcitriol concentration.'),

  // parathyroid gland: secretion falls steeply with calcium; capacity and pool size modulate it
  INparenCa: r('(T58 - T61) * CaConc0^T59 / (T58 - 385) - CaConc0^T59', '?',
    'Term fixing the calcium EC50 so that secretion is 385 pmol/h (= elimination of baseline PTH) at baseline calcium.'),
  T60: r('exp(log(INparenCa) / T59)', '?', 'Calcium concentration of half-maximal suppression of PTH secretion.'),
  T63: r('T58 - (T58 - T61) * hill(C1, T60, T59)', '?', 'Calcium-dependent PTH secretion rate of a full gland.'),
  FCTD: r('S / 0.5 * PTmax', '1', 'PT gland secretory capacity: pool S relative to its baseline 0.5, times maximal capacity.'),
  EPTH: r('T63 * FCTD', '?', 'Endogenous PTH secretion rate.'),
  ScaEff: r('(CaConc0 / C1)^ScaEffGam', '1', 'Calcium effect on the calcitriol set point of the gland pool.'),
  T72: r('90 * ScaEff', '?', 'Calcitriol set point of the gland pool (90 pM at baseline calcium).'),
  T73: r('T71 * (C8 - T72)', '1', 'Scaled deviation of calcitriol from the set point.'),
  T74: r('(exp(T73) - exp(-T73)) / (exp(T73) + exp(-T73))', '1', 'tanh of T73.'),
  T75: r('T70 * (0.85 * (1 + T74) + 0.15)', '?', 'Gland pool loss rate constant (rises with calcitriol).'),
  T76: r('T70 * (0.85 * (1 - T74) + 0.15)', '?', 'Gland pool growth rate constant (falls with calcitriol).'),
  INparenCtriol: r('(CtriolMax - CtriolMin) * CtriolRef^CtriolPTgam / (CtriolMax - 1) - CtriolRef^CtriolPTgam', '?',
    'Term fixing the calcitriol EC50 of PT gland capacity production so that the effect is 1 at CtriolRef.'),
  Ctriol50: r('exp(log(INparenCtriol) / CtriolPTgam)', '?', 'Calcitriol concentration of half-maximal effect on PT gland capacity.'),
  CtriolPTeff: r('CtriolMax - (CtriolMax - CtriolMin) * hill(C8, Ctriol50, CtriolPTgam)', '1',
    'Calcitriol effect on PT gland capacity production (calcitriol suppresses the gland).'),
  PTin: r('PTout * CtriolPTeff', '1/h', 'PT gland capacity production rate.'),

  // 1-α-hydroxylase: PTH stimulates, phosphate above C2thr (1.2 mM) inhibits
  T66: r('(T67^AlphOHgam + PTHconc0^AlphOHgam) / PTHconc0^AlphOHgam', '1', 'Normalises T68 to 1 at baseline PTH.'),
  PO4inhPTH: r('(C2 / C2thr)^PO4inhPTHgam', '1', 'Phosphate increase of the PTH EC50 of 1-α-hydroxylase production (1 when PO4inhPTHgam = 0).'),
  T68: r('T66 * C4^AlphOHgam / (T67^AlphOHgam * PO4inhPTH + C4^AlphOHgam)', '1', 'PTH effect on 1-α-hydroxylase production.'),
  PhosEffTop: r('(PhosEff0 - 1) * (C2thr^PhosEffGam + PhosEff50^PhosEffGam)', '?', 'Numerator of PhosEffMax.'),
  PhosEffBot: r('PhosEff0 * C2thr^PhosEffGam', '?', 'Denominator of PhosEffMax.'),
  PhosEffMax: r('PhosEffTop / PhosEffBot', '1', 'Maximal phosphate inhibition, making PhosEff equal 1 at C2thr.'),
  PhosEff: r('PhosEff0 - PhosEffMax * PhosEff0 * hill(C2, PhosEff50, PhosEffGam)', '1', 'Phosphate effect on 1-α-hydroxylase production.'),
  PhosEffect: r('if(C2 > C2thr, PhosEff, 1)', '1', 'Phosphate effect, applied only above C2thr.'),
  SE: r('T65 * T68 * PhosEffect', '?', '1-α-hydroxylase production rate.'),

  // calcium fluxes between plasma and bone (exchange part; the resorptive part is in remodeling.ts)
  T13: r('CaDay / hPerDay / Q0', '1/h', 'Bone-to-plasma calcium rate constant at baseline.'),
  T15: r('CaDay / (CaConc0 * V1 * hPerDay)', '1/h', 'Plasma-to-bone calcium rate constant at baseline.'),
  J15: r('T15 * P * (1 - FracJ15) + T15 * P * FracJ15 * HAp', 'mmol/h', 'Calcium flux from plasma into bone (partly hydroxyapatite-dependent).'),
  J41: r('0.464 * J14', 'mmol/h', 'Phosphate flux from bone to plasma (0.464 = P/Ca molar ratio of hydroxyapatite).'),
  J42: r('0.464 * J15', 'mmol/h', 'Phosphate flux from plasma to bone.'),

  // kidney: 60% of plasma calcium filtered; half reabsorbed passively, half under PTH control
  CaFilt: r('0.6 * 0.5 * GFR * C1', 'mmol/h', 'Filtered calcium not reabsorbed passively.'),
  T17: r('PTHconc0 * T16 - PTHconc0', 'pmol/L', 'PTH EC50 of active reabsorption (so that the effect is 1 at baseline PTH).'),
  ReabsPTHeff: r('T16 * C4 / (C4 + T17)', '1', 'PTH effect on active calcium reabsorption.'),
  CaReabsActive: r('ReabsMax * C1 / (Reabs50 + C1) * ReabsPTHeff', 'mmol/h', 'PTH-sensitive renal calcium reabsorption.'),
  T20: r('CaFilt - CaReabsActive', 'mmol/h', 'Calcium escaping active reabsorption.'),
  T10: r('T7 * C8 / (C8 + T9)', '1', 'Calcitriol effect on renal calcium excretion.'),
  J27a: r('(2 - T10) * T20', 'mmol/h', 'Urinary calcium excretion before truncation at zero.'),
  J27: r('if(J27a < 0, 0, J27a)', 'mmol/h', 'Urinary calcium excretion.'),
  T47: r('T46 * 0.88 * GFR', 'mmol/h', 'Renal phosphate threshold flux.'),
  J48a: r('0.88 * GFR * C2 - T47', 'mmol/h', 'Urinary phosphate excretion before truncation at zero.'),
  J48: r('if(J48a < 0, 0, J48a)', 'mmol/h', 'Urinary phosphate excretion.'),

  // gut calcium: calcitriol-dependent capacity R drives the absorbed fraction and active transport
  T36: r('T33 + (T34 - T33) * hill(C8, T35, CaPOgam)', '?', 'Growth rate constant of absorption capacity R.'),
  T37: r('T34 - (T34 - T33) * hill(C8, T35, CaPOgam)', '?', 'Loss rate constant of absorption capacity R.'),
  T29: r('(T28 * T0 - T310 * T0) / T310', '?', 'Half-saturation amount of active absorption (so that T31 = T310 at T = T0).'),
  T31: r('T28 * T / (T + T29)', '?', 'Saturable active absorption rate constant.'),
  T83: r('R / 0.5', '1', 'Absorption capacity relative to baseline.'),
  J40: r('T31 * T * T83 / (T + T81) + T87 * T', 'mmol/h', 'Calcium flux from gut to plasma (active plus passive).'),
  T85: r('T77 * hill(R, T81, T80)', '1', 'Fraction of oral calcium entering the absorbable gut pool.'),

  // phosphate
  J53: r('T52 * PhosGut', 'mmol/h', 'Phosphate absorption from gut.'),
  J54: r('T49 * C2', 'mmol/h', 'Phosphate flux from extracellular fluid into cells.'),
  J56: r('T55 * IntraPO', 'mmol/h', 'Phosphate flux from cells to extracellular fluid.'),

  // teriparatide (exogenous PTH 1-34) from its SC depot straight into plasma PTH
  TERIPK: r('TERISC * TERICL / TERIVC', 'pmol/h', 'Teriparatide absorption from the SC depot into plasma PTH.'),
};

interface StateInfo { unit: string; description: string }

export const MINERAL_STATE_INFO: Readonly<Record<string, StateInfo>> = {
  PTH: { unit: 'pmol', description: 'Plasma PTH (endogenous plus teriparatide).' },
  S: { unit: '1', description: 'Parathyroid gland pool (0.5 at baseline).' },
  PTmax: { unit: '1', description: 'Parathyroid gland maximal capacity (1 at baseline).' },
  B: { unit: 'pmol', description: 'Plasma calcitriol.' },
  P: { unit: 'mmol', description: 'Plasma calcium.' },
  ECCPhos: { unit: 'mmol', description: 'Extracellular phosphate.' },
  T: { unit: 'mmol', description: 'Oral calcium in the gut.' },
  R: { unit: '1', description: 'Calcitriol-dependent gut calcium absorption capacity (0.5 at baseline).' },
  PhosGut: { unit: 'mmol', description: 'Oral phosphate in the gut.' },
  IntraPO: { unit: 'mmol', description: 'Intracellular phosphate.' },
  TERISC: { unit: 'pmol', description: 'Teriparatide subcutaneous depot (dosing compartment).' },
};

export const MINERAL_ODES: Readonly<Record<string, string>> = {
  PTH: 'SPTH - kout * PTH + TERIPK',
  S: '(1 - S) * T76 - S * T75',
  PTmax: 'PTin - PTout * PTmax',
  P: 'J14 - J15 - J27 + J40',
  ECCPhos: 'J41 - J42 - J48 + J53 - J54 + J56',
  T: 'OralCa * T85 - J40',
  R: 'T36 * (1 - R) - T37 * R',
  PhosGut: 'OralPhos * F12 - J53',
  IntraPO: 'J54 - J56',
  TERISC: '-TERIPK',
};

/** Calcitriol and its producing enzyme; the enzyme's state name differs between the two codes. */
export function calcitriolStates(hydroxylase: string, initials: { B: number | string; hydroxylase: number | string }): Record<string, StateSpec> {
  return {
    B: { ...MINERAL_STATE_INFO.B, initial: initials.B, ode: `${hydroxylase} - T69 * B` },
    [hydroxylase]: {
      unit: '?', description: '1-α-hydroxylase (renal calcitriol synthesis; model units).',
      initial: initials.hydroxylase, ode: `SE - T64 * ${hydroxylase}`,
    },
  };
}
