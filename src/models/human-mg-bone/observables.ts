/**
 * Observables of the human Mg–bone model. The names of the first block are a contract other tools
 * (CLI, web app, validation, attribution) rely on; do not rename them.
 */
import type { ObservableSpec, ParameterSpec } from '../../model/spec.js';
import { BODY_MG } from './homeostasis.js';

const o = (expr: string, unit: string, description: string): ObservableSpec => ({ expr, unit, description });

export const OBSERVABLE_PARAMETERS: Record<string, ParameterSpec> = {
  I_eps: {
    value: 1e-12, unit: 'mmol/h', description: 'Guard against division by zero intake in the absorbed fraction.',
    source: 'derived: numerical guard', bounds: [0, 1e-6],
  },
  // a definition, not a quantity: fixed
  pct: { value: 100, unit: '%', description: 'One hundred per cent.', source: 'derived: definition', bounds: [100, 100] },
};

/** Observables of Mg homeostasis, valid standing alone and coupled. */
export function mgObservables(): Record<string, ObservableSpec> {
  return {
    Mg_serum: o('Mg_serum_c', 'mmol/L', 'Total serum Mg.'),
    Mg_ionized: o('Mg_ion_c', 'mmol/L', 'Ionized serum Mg.'),
    urine_Mg: o('J_urine * hPerDay', 'mmol/d', 'Urinary Mg excretion rate.'),
    Mg_absorbed_fraction: o('J_abs / max(I_total, I_eps)', '1', 'Fraction of oral Mg absorbed (true absorption / intake).'),
    Mg_bone_fraction: o(`(Mg_bone_surf + Mg_bone_deep) / (${BODY_MG})`, '1', 'Fraction of body Mg in bone.'),
    Mg_balance: o('(I_total - J_faeces - J_urine) * hPerDay', 'mmol/d', 'Mg balance: intake − faecal − urinary (IV doses not included).'),
    Mg_body: o(BODY_MG, 'mmol', 'Total body Mg.'),
    Mg_ecf_fraction: o(`Mg_ecf / (${BODY_MG})`, '1', 'Fraction of body Mg in extracellular fluid.'),
    Mg_cell: o('pct * x_cell', '%', 'Rapidly exchangeable intracellular Mg, percent of the reference.'),
    bone_Mg_content: o('pct * r_boneMg', '%',
      'Bone Mg:Ca ratio, percent of the reference.'),
    FE_Mg: o('pct * J_urine / FL_Mg', '%', 'Fractional excretion of filtered Mg.'),
    Mg_absorption_gain: o('abs_gain', '1', 'Adaptive gain of saturable absorption.'),
  };
}

/** Observables that need the bone model (coupled only). */
export function boneObservables(): Record<string, ObservableSpec> {
  return {
    Ca_serum: o('C1', 'mmol/L', 'Total serum Ca.'),
    Ca_ionized: o('Ca_ion_c', 'mmol/L', 'Ionized serum Ca (binding model: protein sites shared with Mg, small-ligand complexes).'),
    PTH: o('max(C4, 0) * PTHpgPerPmol', 'pg/mL', 'Plasma PTH (endogenous plus teriparatide; 0 where rounding takes the near-zero PTH of years without Mg to −1e-24).'),
    calcitriol: o('C8', 'pmol/L', 'Plasma calcitriol (1,25(OH)2D).'),
    urine_Ca: o('J27 * hPerDay', 'mmol/d', 'Urinary Ca excretion rate (OpenBoneMin\'s J27).'),
    Ca_balance: o('(OralCa * T85 - J27) * hPerDay', 'mmol/d',
      'Ca balance: oral intake − faecal − urinary (faecal = oral Ca that never enters the absorbable gut pool, as in Ca_faeces_cum). Its integral is the change of body Ca.'),
    Ca_absorbed_fraction: o('T85', '1', 'Net fraction of oral Ca absorbed: the share of the intake that enters the absorbable gut pool, all of which is absorbed ((intake − faecal)/intake once the gut pool is steady).'),
    phosphate: o('C2', 'mmol/L', 'Extracellular phosphate.'),
    CTX: o('pct * OC / OC0', '%', 'Bone resorption marker (serum CTX), percent of baseline: active osteoclasts.'),
    // Session 12: P1NP also counts the modelling-based formation of the BMD module (bone-lining cells activated by PTH pulses,
    // a_PTH·S_ana; 0 at baseline and under steady PTH), which OpenBoneMin's osteoblast count does not hold (README, "P1NP").
    // Session 18: times the anabolic window W_ana (bmd_ana = S_ana·W_ana), so it wanes over months of teriparatide.
    P1NP: o('pct * ((OBfast + OBslow) / OBtot0 + f_OBact * a_PTH * bmd_ana)', '%',
      'Bone formation marker (P1NP), percent of baseline: active osteoblasts (remodelling) plus the modelling-based formation that PTH pulses switch on, as far as the anabolic window allows (lumbar-spine rate of the BMD module, taken for the whole skeleton).'),
    BMD_ls: o('pct * (bmd_ls - 1)', '%', 'Lumbar-spine BMD, change from baseline (human BMD module, bmd.ts).'),
    BMD_fn: o('pct * (bmd_fn - 1)', '%', 'Femoral-neck / total-hip BMD, change from baseline (human BMD module, bmd.ts).'),
    BMD_ls_level: o('pct * bmd_ls', '%',
      'Lumbar-spine BMD as a percentage of the reference adult\'s (100 at baseline): its percentage change from a later time is a change from that time, as trials report it.'),
    BMD_fn_level: o('pct * bmd_fn', '%',
      'Femoral-neck / total-hip BMD as a percentage of the reference adult\'s (100 at baseline): its percentage change from a later time is a change from that time.'),
    inflammation_index: o('Cytok', '1', 'Inflammatory cytokine index (TNF-α/IL-1/IL-6; 1 = baseline).'),
    substance_P: o('SubP', '1', 'Substance P (1 = baseline).'),
    endothelial_index: o('Endo', '1', 'Endothelial-dysfunction index (1 = baseline; acts on bone only if the endothelial switch is on).'),
    mineral_quality_index: o('MQ', '1', 'Mineral-quality factor of bone strength (1 = healthy; < 1 with larger, more perfect crystals).'),
    bone_strength: o('pct * bmd_ls^2 * MQ', '%',
      'Bone strength index, 100 = healthy baseline: strength ∝ density² (ref:carter1977) times the mineral-quality factor.'),
    PTH_secretion_factor: o('f_PTHsec', '1', 'Mg modifier of PTH secretion.'),
    PTH_responsiveness: o('f_PTHres', '1', 'PTH end-organ responsiveness (1 = normal).'),
    mineralization_factor: o('f_min', '1', 'High-Mg modifier of mineralization (1 = normal).'),
  };
}
