/**
 * GFR as a state that declines exponentially by GFRdelta (mL/min) over GFRtau (years), as in
 * OpenBoneMin (used for impaired kidney function, Riggs et al. 2012). With GFRdelta = 0 it is
 * constant.
 */
import type { Fragment } from './compose.js';

export function gfrDeclineModule(): Fragment {
  return {
    rules: {
      GFRend: { expr: 'GFR0 - GFRdelta / mLminPerLh', unit: 'L/h', description: 'GFR at the end of the decline.' },
      GFRtauH: { expr: 'GFRtau * hPerYear', unit: 'h', description: 'Duration of the decline in hours.' },
      kGFR: { expr: '-log(GFRend / GFR0) / GFRtauH', unit: '1/h', description: 'GFR decline rate constant.' },
    },
    states: {
      GFR: { unit: 'L/h', description: 'Glomerular filtration rate.', initial: 'GFR0', ode: '-kGFR * GFR' },
    },
  };
}
