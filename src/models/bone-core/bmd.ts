/**
 * Bone mineral density as in OpenBoneMin (Peterson & Riggs 2012): indirect-response equations in
 * which osteoblasts (relative to baseline) drive BMD production and osteoclasts (relative to
 * baseline) its loss, for the lumbar spine (two fits: BMDls, and BMDlsDEN from denosumab data) and
 * the femoral neck. Production is set so that BMD stays at its initial value at baseline.
 *
 * OpenBoneMin declares the three production constants as C `float` (inst/OpenBoneMin.cpp: the
 * product is formed in double, then stored in single precision), so they are low by 1.0e-8
 * (lumbar spine), 1.3e-8 (denosumab fit) and 3.4e-8 (femoral neck) relative, and its BMD settles
 * that much below baseline. fround reproduces exactly that rounding, so the trajectories match the
 * reference's to the solvers' precision rather than carrying a ~1e-8 offset.
 */
import type { RuleSpec, StateSpec } from '../../model/spec.js';
import type { Fragment } from './compose.js';

const r = (expr: string, unit: string, description: string): RuleSpec => ({ expr, unit, description });
const bmd = (description: string, initial: string, ode: string): StateSpec => ({ unit: '1', description, initial, ode });

export function bmdModule(): Fragment {
  return {
    rules: {
      kinBMDls: r('fround(koutBMDls * BMDls0)', '1/h', 'Lumbar-spine BMD production at baseline (single precision, as OpenBoneMin stores it).'),
      kinBMDlsDEN: r('fround(koutBMDlsDEN * BMDlsDEN0)', '1/h', 'Lumbar-spine BMD production at baseline, denosumab fit (single precision, as OpenBoneMin stores it).'),
      gamOCfn: r('gamOCfnBAS', '1', 'Osteoclast exponent of femoral-neck BMD loss.'),
      koutBMDfn: r('koutBMDfnBAS', '1/h', 'Femoral-neck BMD loss rate constant.'),
      kinBMDfn: r('fround(koutBMDfn * BMDfn0)', '1/h', 'Femoral-neck BMD production at baseline (single precision, as OpenBoneMin stores it).'),
    },
    states: {
      BMDls: bmd('Lumbar-spine BMD (fraction of baseline).', 'BMDls0',
        'kinBMDls * (Osteoblast / OB0)^gamOB - koutBMDls * (OC / OC0)^gamOCls * BMDls'),
      BMDlsDEN: bmd('Lumbar-spine BMD, denosumab fit (fraction of baseline).', 'BMDlsDEN0',
        'kinBMDlsDEN * (Osteoblast / OB0)^gamOB - koutBMDlsDEN * (OC / OC0)^gamOClsDEN * BMDlsDEN'),
      BMDfn: bmd('Femoral-neck BMD (fraction of baseline).', 'BMDfn0',
        'kinBMDfn * (Osteoblast / OB0)^gamOB - koutBMDfn * (OC / OC0)^gamOCfn * BMDfn'),
    },
  };
}
