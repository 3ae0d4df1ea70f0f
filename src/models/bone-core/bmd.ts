/**
 * Bone mineral density as in OpenBoneMin (Peterson & Riggs 2012): indirect-response equations in
 * which osteoblasts (relative to baseline) drive BMD production and osteoclasts (relative to
 * baseline) its loss, for the lumbar spine (two fits: BMDls, and BMDlsDEN from denosumab data) and
 * the femoral neck. Production is set so that BMD stays at its initial value at baseline.
 *
 * OpenBoneMin stores the three production constants in single precision (C `float`), so its BMD
 * drifts by ~1e-8 relative per time constant away from exact baseline; here they are double.
 */
import type { RuleSpec, StateSpec } from '../../model/spec.js';
import type { Fragment } from './compose.js';

const r = (expr: string, unit: string, description: string): RuleSpec => ({ expr, unit, description });
const bmd = (description: string, initial: string, ode: string): StateSpec => ({ unit: '1', description, initial, ode });

export function bmdModule(): Fragment {
  return {
    rules: {
      kinBMDls: r('koutBMDls * BMDls0', '1/h', 'Lumbar-spine BMD production at baseline.'),
      kinBMDlsDEN: r('koutBMDlsDEN * BMDlsDEN0', '1/h', 'Lumbar-spine BMD production at baseline, denosumab fit.'),
      gamOCfn: r('gamOCfnBAS', '1', 'Osteoclast exponent of femoral-neck BMD loss.'),
      koutBMDfn: r('koutBMDfnBAS', '1/h', 'Femoral-neck BMD loss rate constant.'),
      kinBMDfn: r('koutBMDfn * BMDfn0', '1/h', 'Femoral-neck BMD production at baseline.'),
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
