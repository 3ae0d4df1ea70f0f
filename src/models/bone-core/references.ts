/** Literature and code behind the Peterson–Riggs model family (keys used by "ref:<id>" sources). */
import type { Reference } from '../../model/spec.js';

export const PETERSON_2010: Reference = {
  id: 'peterson2010',
  citation: 'Peterson MC, Riggs MM. A physiologically based mathematical model of integrated calcium ' +
    'homeostasis and bone remodeling. Bone 2010;46(1):49-63.',
  doi: '10.1016/j.bone.2009.08.053',
  pmid: '19732857',
};

export const PETERSON_2010_CODE: Reference = {
  id: 'peterson2010code',
  citation: 'R/deSolve implementation of the Peterson & Riggs 2010 model (ca.bone.model.r, ca.bone.param.r, ' +
    'ca.bone.init.r, ca.bone.lib.r), repository mstadt/ca-phos-reg, commit 33c27adf18f1.',
  url: 'https://github.com/mstadt/ca-phos-reg/tree/33c27adf18f1',
};

export const OPENBONEMIN: Reference = {
  id: 'openbonemin',
  citation: 'Metrum Research Group (Riggs MM, Baron K, et al.). OpenBoneMin: an open-source multiscale model ' +
    'of mineral homeostasis and bone health for mrgsolve, inst/OpenBoneMin.cpp (GPL-3), commit 9dfb18922298 (2020-11-11).',
  url: 'https://github.com/metrumresearchgroup/OpenBoneMin/tree/9dfb18922298',
};

/** The lumbar-spine BMD component and its denosumab fit (OpenBoneMin's BMD equations). */
export const PETERSON_2012: Reference = {
  id: 'peterson2012',
  citation: 'Peterson MC, Riggs MM. Predicting nonlinear changes in bone mineral density over time using a ' +
    'multiscale systems pharmacology model. CPT Pharmacometrics Syst Pharmacol 2012;1:e14.',
  doi: '10.1038/psp.2012.15',
  url: 'https://pmc.ncbi.nlm.nih.gov/articles/PMC3600731',
};

/** The source OpenBoneMin's code names for its denosumab PK parameters (a conference abstract). */
export const PETERSON_2004_DENOSUMAB: Reference = {
  id: 'peterson2004',
  citation: 'Peterson M, Stouch B, Chen D, Baughman S, Holloway D, Bekker P, Martin S. A population PK/PD model ' +
    'describes the rapid, profound and sustained suppression of urinary N-telopeptide following administration ' +
    'of AMG 162, a fully human monoclonal antibody against RANKL, to healthy postmenopausal women. ' +
    'AAPS Journal 2004;6(S4): abstract W4340.',
};

/**
 * The CKD application of the same model (GFR decline). Not cited by the OpenBoneMin repository
 * itself; listed because OpenBoneMin's GFR state serves that use.
 */
export const RIGGS_2012: Reference = {
  id: 'riggs2012',
  citation: 'Riggs MM, Peterson MC, Gastonguay MR. Multiscale physiology-based modeling of mineral bone ' +
    'disorder in patients with impaired kidney function. J Clin Pharmacol 2012;52(1 Suppl):45S-53S.',
  doi: '10.1177/0091270011412967',
};
