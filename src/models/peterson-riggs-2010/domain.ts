/**
 * Declared scenario domain of peterson-riggs-2010 (see ../scenario-domain.ts and README "Domain"):
 * up to ten years, teriparatide up to 80 µg (the trials' 20 and 40 µg, doubled), kidney function from
 * a quarter to 1.5 × normal, oral Ca from a quarter to twice the reference, oral phosphate ±50 %, and any other
 * parameter within ±25 % (three at a time): the narrow screen the README recommends, because at
 * ±50 % the phosphate limit below is reached.
 */
import type { ScenarioDomain } from '../scenario-domain.js';

/** The phosphate effect on 1-α-hydroxylase turns negative above C2 ≈ 2.1 mmol/L (README, Domain). */
export const PHOSPHATE_LIMIT = 'the phosphate effect on 1-α-hydroxylase (PhosEff) turns negative when serum phosphate exceeds ~2.1 mmol/L (README, Domain): the published equations leave their range there';

export const SCENARIO_DOMAIN: ScenarioDomain = {
  model: 'peterson-riggs-2010',
  duration: { min: 1 / 24, max: 10 * 365.25, unit: 'd', note: 'an hour to ten years (the authors\' own runs span 10 years)' },
  inputs: {
    GFR: { min: 0.25, max: 1.5, unit: '×', note: 'glomerular filtration from 25 to 150 mL/min (CKD stage 4 to hyperfiltration)' },
    OralCa: { min: 0.25, max: 2, unit: '×', note: 'oral Ca from 6 to 48 mmol/d (the model\'s 24 mmol/d is about 1 g)' },
    OralPhos: { min: 0.5, max: 1.5, unit: '×', note: 'oral phosphate ±50 %' },
  },
  scale: { min: 0.8, max: 1.25, count: 3, note: 'any other bounded parameter within ±25 % (README: a ±50 % screen reaches the phosphate limit)' },
  excluded: {
    PhosEff0: PHOSPHATE_LIMIT, PhosEff50: PHOSPHATE_LIMIT, PhosEffGam: PHOSPHATE_LIMIT, PhosEffMax: PHOSPHATE_LIMIT, C2thr: PHOSPHATE_LIMIT,
  },
  doses: [
    { cmt: 'TERISC', amount: { min: 0, max: 80, unit: 'ug', note: 'teriparatide SC, 20 and 40 µg in the trials' },
      interval: { min: 24, max: 24, unit: 'h', note: 'once daily' }, count: { min: 1, max: 3653 }, note: 'daily teriparatide' },
  ],
  // Q and Qbone have no steady state once resorption and formation differ (J14 is proportional to
  // Q0, not Q: README), so a changed parameter set makes `steadyState` fail: outside the domain
  steadyState: false,
  methods: ['bdf', 'rodas'],
  rtol: { min: 1e-10, max: 1e-4, unit: '1', note: 'relative tolerance' },
};
