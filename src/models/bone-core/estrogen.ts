/**
 * OpenBoneMin's menopause (oestrogen) module: oestrogen declines with age over a menopausal
 * transition and acts on responding-osteoblast production, latent TGF-β production and activation,
 * osteoblast apoptosis and renal maximal calcium reabsorption. Its ODE is multiplied by the
 * parameter `ESTON` (0 as shipped: oestrogen then stays at its initial 1 and every effect is 1).
 *
 * The model must define `ReabsMax` using `tmEST` and `PicOBkbEff` using `EST` for the renal and
 * apoptosis effects (see the OpenBoneMin variant); this fragment replaces the ROB1, TGFB and
 * TGFBact equations of the core.
 */
import type { RuleSpec } from '../../model/spec.js';
import type { Fragment } from './compose.js';

const r = (expr: string, unit: string, description: string): RuleSpec => ({ expr, unit, description });

export function estrogenModule(): Fragment {
  return {
    rules: {
      AGE: r('ageENTER + t', 'h', 'Age.'),
      ageONSET: r('ageDONE - menoDUR', 'h', 'Age at the start of the menopausal transition.'),
      kinEST: r('koutEST * (AGE / ageENTER)^ageGAM * if(AGE < ageONSET, 1, 1 - age50 * hill(AGE - ageONSET, menoDUR / 2, 2))', '1/h',
        'Oestrogen production: slow decline with age, and a sigmoid loss over the menopausal transition.'),
      mtmEST: r('(1 - maxTmESTkid) / (1 - 0.1)', '1', 'Slope of the oestrogen effect on renal maximal calcium reabsorption.'),
      tmEST: r('1 - mtmEST + mtmEST * EST', '1', 'Oestrogen effect on renal maximal calcium reabsorption (1 at baseline, maxTmESTkid at 10% oestrogen).'),
    },
    states: {
      EST: { unit: '1', description: 'Oestrogen (fraction of baseline).', initial: 1, ode: '(kinEST - koutEST * EST) * ESTON' },
    },
    odes: {
      ROB1: { ode: 'ROBin * (1 / EST)^robGAM - KPT * ROB1' },
      TGFB: { ode: 'kinTGF * (Osteoblast / OB0)^OBtgfGAM * (1 / EST)^tgfbGAM - koutTGFeqn * EST^tgfbactGAM' },
      TGFBact: { ode: 'koutTGFeqn * EST^tgfbactGAM - koutTGFact * TGFBact' },
    },
  };
}
