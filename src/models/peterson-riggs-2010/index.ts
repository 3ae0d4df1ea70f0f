/**
 * Peterson & Riggs 2010 (Bone 46:49-63): human calcium, phosphate, PTH and calcitriol homeostasis
 * coupled to bone remodeling, with subcutaneous teriparatide, as the authors' R/deSolve code runs it
 * (mstadt/ca-phos-reg, commit 33c27adf18f1). Shared equations come from bone-core; this file adds
 * what the 2010 code does differently from OpenBoneMin. Time in hours.
 */
import type { ModelSpec, RuleSpec } from '../../model/spec.js';
import { boneCore } from '../bone-core/core.js';
import { compose, ordered, type Fragment } from '../bone-core/compose.js';
import { PETERSON_2010, PETERSON_2010_CODE } from '../bone-core/references.js';
import { prParameters } from './parameters.js';

/** State vector order of ca.bone.cmt(). */
export const PR_STATE_ORDER = [
  'PTH', 'S', 'PTmax', 'B', 'SC', 'A', 'P', 'ECCPhos', 'T', 'R', 'HAp', 'OBfast', 'OBslow', 'PhosGut',
  'IntraPO', 'OC', 'ROB1', 'TGFB', 'TGFBact', 'L', 'RNK', 'M', 'N', 'O', 'Q', 'Qbone', 'RX2', 'CREB',
  'BCL2', 'TERISC',
] as const;

/** Teriparatide (PTH 1-34) molar mass used by the authors' driver (20 µg = 20e6/4117.8 pmol). */
export const TERIPARATIDE_MOLAR_MASS = 4117.8;

const r = (expr: string, unit: string, description: string): RuleSpec => ({ expr, unit, description });

/** What the 2010 R code does differently from OpenBoneMin. */
export function peterson2010Variant(): Fragment {
  return {
    rules: {
      CtriolRef: r('C8', 'pmol/L', 'Calcitriol reference of PT gland capacity: the current calcitriol itself in the R code, ' +
        'which makes the calcitriol effect on PT gland capacity identically 1.'),
      ReabsMax: r('(0.3 * GFR * CaConc0 - CaUrine0) * (Reabs50 + CaConc0) / CaConc0', 'mmol/h', 'Maximal PTH-sensitive renal calcium reabsorption.'),
      koutTGF: r('koutTGF0', '1/h', 'Latent TGF-β activation rate constant (constant in the R code).'),
      LpthEff: r('EmaxLpth * C4 / (PTH50 * OsteoEffect^TESTPOWER + C4)', '1', 'PTH effect on RANKL production (EC50 scaled by osteoblasts).'),
      pO: r('pObase * (ROB1 / ROB0) * ((C4 + opgPTH50 * (ROB1 / ROB0)) / (2 * C4)) + IO', '?', 'OPG production (by responding osteoblasts, inhibited by PTH).'),
      bcl2Kin: r('RX2 * CREB * 0.693', '?', 'Bcl-2 production (0.693/h written as a literal in the R code).'),
      PicOBkbEff: r('PicOBkb / Pic0', '1', 'TGF-β effect on osteoblast apoptosis, relative to baseline.'),
      IPTH: r('kaSC * SC + IPTHinf', 'pmol/h', 'Exogenous PTH input: from the SC compartment and by infusion.'),
      SPTH: r('EPTH + IPTH', 'pmol/h', 'Total PTH input to plasma (besides teriparatide).'),
      kout: r('T57 / V1', '1/h', 'PTH elimination rate constant (T57/14 in the R code, 14 being V1).'),
    },
    states: {
      SC: { unit: 'pmol', description: 'Subcutaneous PTH compartment, fed by IPTHint.', initial: 0, ode: 'IPTHint - kaSC * SC' },
    },
  };
}

function build(): ModelSpec {
  const core = boneCore({
    hydroxylase: 'A',
    initials: {
      PTH: 53.9, S: 0.5, PTmax: 1, B: 1260, hydroxylase: 'B / 10', P: 32.9, ECCPhos: 16.8, T: 1.2375, R: 0.5,
      HAp: 1, OBfast: 'OB0 * FracOBfast', OBslow: 'OB0 * (1 - FracOBfast)', PhosGut: 0.839, IntraPO: 3226,
      OC: 'OC0', ROB1: 'ROB0', TGFB: 'Pic0 * 1000', TGFBact: 'Pic0', L: 'RANKL0', RNK: 'RNK0',
      M: 'k3 * RNK0 * RANKL0 / k4', N: 'k1 * OPG0 * RANKL0 / k2', O: 'OPG0', Q: 'Q0', Qbone: 'QboneInit',
      RX2: 'RX20', CREB: 'CREB0', BCL2: 100, TERISC: 0,
    },
  });
  const parts = compose(core, peterson2010Variant(), {
    parameters: prParameters(),
    observables: {
      PTHpM: { expr: 'PTH / V1', unit: 'pmol/L', description: 'Plasma PTH concentration.' },
      PTHconc: { expr: 'PTH / V1 * PTHpgPerPmol', unit: 'pg/mL', description: 'Plasma PTH concentration in mass units.' },
      BSAP: { expr: 'OBfast + OBslow', unit: '?', description: 'Bone-specific alkaline phosphatase marker: total active osteoblasts.' },
      sCTx: { expr: 'OC', unit: '?', description: 'Serum CTx marker: active osteoclasts.' },
      CaConc: { expr: 'P / V1', unit: 'mmol/L', description: 'Plasma calcium concentration.' },
      CalcitriolConc: { expr: 'B / V1', unit: 'pmol/L', description: 'Plasma calcitriol concentration.' },
    },
    doses: {
      TERISC: {
        state: 'TERISC', description: 'Teriparatide subcutaneous injection.', amountUnit: 'pmol',
        molarMass: { value: TERIPARATIDE_MOLAR_MASS, source: 'ref:peterson2010 (authors\' R driver ca.bone.r: dose pmol = µg·1e6/4117.8)' },
      },
    },
  });
  return {
    id: 'peterson-riggs-2010',
    name: 'Peterson & Riggs 2010: calcium homeostasis and bone remodeling',
    version: '1.0.0',
    species: 'human',
    timeUnit: 'h',
    description: 'Physiologically based model of integrated calcium, phosphate, PTH and calcitriol homeostasis and ' +
      'bone remodeling (osteoblasts, osteoclasts, RANK/RANKL/OPG, TGF-β, PTH signalling), with subcutaneous ' +
      'teriparatide; transcribed from the authors\' R code.',
    references: [PETERSON_2010, PETERSON_2010_CODE],
    parameters: parts.parameters,
    states: ordered(parts.states, PR_STATE_ORDER),
    rules: parts.rules,
    observables: parts.observables,
    doses: parts.doses,
    constraints: parts.constraints,
    assumptions: [
      'Units of cell and cytokine states are not stated by the source; they are model units ("?").',
      'The teriparatide depot empties into plasma PTH at TERICL/TERIVC; TERIKA is defined but unused, as in the R code.',
    ],
  };
}

export const petersonRiggs2010: ModelSpec = build();
export default petersonRiggs2010;
