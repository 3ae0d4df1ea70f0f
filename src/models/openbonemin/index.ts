/**
 * Metrum's OpenBoneMin (inst/OpenBoneMin.cpp, commit 9dfb18922298): the Peterson–Riggs model
 * extended with lumbar-spine and femoral-neck BMD, denosumab PK/PD, teriparatide PK, a menopause
 * (oestrogen) module switched off as shipped, a declining-GFR state, cumulative urinary calcium and
 * an inert generic PK slot. Shared equations come from bone-core; this file adds OpenBoneMin's own
 * differences and fixes mrgsolve's state order (dose compartment numbers follow it). Time in hours.
 *
 * Built to be extended: `openBoneMinFragments()` returns the pieces before the state order is fixed,
 * so a model built on this one can add states and replace equations, then order its own states.
 */
import type { ModelSpec, RuleSpec } from '../../model/spec.js';
import { boneCore } from '../bone-core/core.js';
import { compose, ordered, type Composed, type Fragment } from '../bone-core/compose.js';
import { estrogenModule } from '../bone-core/estrogen.js';
import { denosumabModule } from '../bone-core/denosumab.js';
import { bmdModule } from '../bone-core/bmd.js';
import { gfrDeclineModule } from '../bone-core/kidney-decline.js';
import { genericPkModule } from '../bone-core/generic-pk.js';
import {
  OPENBONEMIN, PETERSON_2004_DENOSUMAB, PETERSON_2010, PETERSON_2012, RIGGS_2012,
} from '../bone-core/references.js';
import { TERIPARATIDE_MOLAR_MASS } from '../peterson-riggs-2010/index.js';
import { obmParameters } from './parameters.js';

/** mrgsolve state order of OpenBoneMin (1-based position = `cmt` number). */
export const OBM_STATE_ORDER = [
  'DENSC', 'PTH', 'S', 'PTmax', 'B', 'P', 'ECCPhos', 'T', 'R', 'HAp', 'PhosGut', 'IntraPO', 'OC', 'ROB1',
  'L', 'RNK', 'O', 'Q', 'Qbone', 'RX2', 'CREB', 'BCL2', 'TERISC', 'TERICENT', 'PKGUT', 'PKCENT', 'PKPER1',
  'PKPER2', 'DENCENT', 'DENPER', 'UCA', 'TGFB', 'TGFBact', 'OBfast', 'OBslow', 'M', 'N', 'AOH', 'EST',
  'BMDls', 'BMDlsDEN', 'BMDfn', 'GFR',
] as const;

const r = (expr: string, unit: string, description: string): RuleSpec => ({ expr, unit, description });

/** What OpenBoneMin does differently from the 2010 R code (besides its added modules). */
export function openBoneMinVariant(): Fragment {
  return {
    rules: {
      CaConc0: r('P0 / V1', 'mmol/L', 'Baseline plasma calcium concentration.'),
      PTHconc0: r('PTH0 / V1', 'pmol/L', 'Baseline plasma PTH concentration.'),
      Calcitriol0: r('B0 / V1', 'pmol/L', 'Baseline plasma calcitriol concentration.'),
      OB0: r('OBtot0', '?', 'Baseline total osteoblasts (initial fast + slow).'),
      CtriolRef: r('Calcitriol0', 'pmol/L', 'Calcitriol reference of PT gland capacity: its baseline (active feedback).'),
      ReabsMax: r('tmEST * (0.3 * GFR * CaConc0 - CaUrine0) * (Reabs50 + CaConc0) / CaConc0', 'mmol/h',
        'Maximal PTH-sensitive renal calcium reabsorption (scaled by oestrogen).'),
      koutTGF: r('koutTGF0 * (TGFB / TGFB0)^koutTGFGam', '?', 'Latent TGF-β activation rate constant (rises with the latent pool).'),
      LpthEff: r('EmaxLpth * C4 / (PTH50 * OsteoEffect + C4)', '1', 'PTH effect on RANKL production (EC50 scaled by osteoblasts).'),
      pO: r('pObase * (ROB1 / ROB0) * ((C4 + opgPTH50 * (ROB1 / ROB0)) / (2 * C4))', '?', 'OPG production (by responding osteoblasts, inhibited by PTH).'),
      bcl2Kin: r('RX2 * CREB * bcl2Kout', '?', 'Bcl-2 production.'),
      PicOBkbEff: r('PicOBkb / Pic0 * (1 / EST^E2scalePicB1)', '?', 'TGF-β and oestrogen effect on osteoblast apoptosis, relative to baseline.'),
      SPTH: r('EPTH', '?', 'PTH input to plasma (besides teriparatide): endogenous secretion only.'),
    },
    states: {
      TERICENT: {
        unit: 'pmol', description: 'Teriparatide "central" compartment: filled as the depot empties, eliminated by TERIKA; feeds nothing.',
        initial: 0, ode: 'TERIPK - TERICENT * TERIKA',
      },
      UCA: { unit: 'mmol', description: 'Cumulative urinary calcium.', initial: 0, ode: 'J27' },
    },
    doses: {
      TERISC: {
        state: 'TERISC', description: 'Teriparatide subcutaneous injection.', amountUnit: 'pmol', bioavailability: 'TERIF',
        molarMass: { value: TERIPARATIDE_MOLAR_MASS, source: 'ref:openbonemin (R/cabone.R amt_teri: pmol = µg·1e6/4117.8)' },
      },
    },
  };
}

/** OpenBoneMin's captured outputs ($CAPTURE and [TABLE]), under its names. */
export function openBoneMinOutputs(): Fragment {
  return {
    observables: {
      DENMOL: { expr: 'DENpM', unit: 'pmol/L', description: 'Denosumab molar concentration.' },
      T43: { expr: 'T43param', unit: '?', description: 'The parameter T43 of the source (captured; used by no equation).' },
      DENCP: { expr: 'DENngmL', unit: 'ng/mL', description: 'Denosumab plasma concentration.' },
      PTHpm: { expr: 'PTH / V1', unit: 'pmol/L', description: 'Plasma PTH concentration.' },
      PTHc: { expr: 'PTH / V1 * PTHpgPerPmol', unit: 'pg/mL', description: 'Plasma PTH concentration in mass units.' },
      CAchange: { expr: 'percent * P / P0', unit: '%', description: 'Plasma calcium, percent of baseline.' },
      OBchange: { expr: 'percent * (OBfast + OBslow) / OBtot0', unit: '%', description: 'Osteoblasts (BSAP marker), percent of baseline.' },
      OCchange: { expr: 'percent * OC / OC0', unit: '%', description: 'Osteoclasts (serum CTx marker), percent of baseline.' },
      CaC: { expr: 'P / V1', unit: 'mmol/L', description: 'Plasma calcium concentration.' },
      BMDlsDENchange: { expr: '(BMDlsDEN - 1) * percent', unit: '%', description: 'Lumbar-spine BMD (denosumab fit), change from baseline in percent.' },
      OBtot: { expr: 'OBfast + OBslow', unit: '?', description: 'Total active osteoblasts.' },
      OCfrac: { expr: 'OC / OC0', unit: '1', description: 'Osteoclasts, fraction of baseline.' },
      OBfrac: { expr: '(OBfast + OBslow) / OBtot0', unit: '1', description: 'Osteoblasts, fraction of baseline.' },
    },
  };
}

/** Every piece of OpenBoneMin, composed but not yet put in mrgsolve's state order. */
export function openBoneMinFragments(): Composed {
  const core = boneCore({
    hydroxylase: 'AOH',
    initials: {
      PTH: 'PTH0', S: 0.5, PTmax: 1, B: 'B0', hydroxylase: 'B0 / 10', P: 'P0', ECCPhos: 16.8, T: 'T0', R: 0.5,
      HAp: 1, OBfast: 'OBtot0 * FracOBfast', OBslow: 'OBtot0 * (1 - FracOBfast)', PhosGut: 0.839, IntraPO: 3226,
      OC: 'OC0', ROB1: 'ROB0', TGFB: 'Pic0 * 1000', TGFBact: 'Pic0', L: 'RANKL0', RNK: 'RNK0',
      M: 'k3 * RNK0 * RANKL0 / k4', N: 'k1 * OPG0 * RANKL0 / k2', O: 'OPG0', Q: 'Q0', Qbone: 'QboneInit',
      RX2: 'RX20', CREB: 'CREB0', BCL2: 100, TERISC: 0,
    },
  });
  return compose(
    core, openBoneMinVariant(), estrogenModule(), denosumabModule(), bmdModule(), gfrDeclineModule(),
    genericPkModule(), openBoneMinOutputs(), { parameters: obmParameters() },
  );
}

function build(): ModelSpec {
  const parts = openBoneMinFragments();
  return {
    id: 'openbonemin',
    name: 'OpenBoneMin: mineral homeostasis, bone remodeling, BMD, denosumab and teriparatide',
    version: '1.0.0',
    species: 'human',
    timeUnit: 'h',
    description: 'Metrum Research Group\'s open multiscale model of calcium/phosphate/PTH/calcitriol homeostasis and ' +
      'bone remodeling (Peterson & Riggs 2010) with lumbar-spine and femoral-neck BMD (Peterson & Riggs 2012), ' +
      'denosumab PK/PD, teriparatide PK, an optional menopause module (ESTON) and a GFR state; transcribed from ' +
      'inst/OpenBoneMin.cpp.',
    references: [OPENBONEMIN, PETERSON_2010, PETERSON_2012, PETERSON_2004_DENOSUMAB, RIGGS_2012],
    parameters: parts.parameters,
    states: ordered(parts.states, OBM_STATE_ORDER),
    rules: parts.rules,
    observables: parts.observables,
    doses: parts.doses,
    constraints: parts.constraints,
    assumptions: [
      'Units of cell and cytokine states are not stated by the source; they are model units ("?").',
      'OpenBoneMin computes the three BMD production constants in single precision (C float); so do we, with fround(), ' +
        'to reproduce its BMD trajectories (the rounding is ~1e-8 relative).',
      'Denosumab doses are amounts in ng times DENF (a "60 mg" dose is 60e6·DENF ng, as mrgsolve\'s amt 60 with F = DENF·1e6).',
    ],
  };
}

export const openBoneMin: ModelSpec = build();
export default openBoneMin;
