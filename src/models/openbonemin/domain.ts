/**
 * Declared scenario domain of openbonemin (see ../scenario-domain.ts and README "Domain"): as
 * peterson-riggs-2010 (whose equations it extends), plus denosumab up to 210 mg every 1 to 6 months
 * (the dose-ranging trial's 6-210 mg every 3 or 6 months).
 */
import type { ScenarioDomain } from '../scenario-domain.js';
import { SCENARIO_DOMAIN as PR, PHOSPHATE_LIMIT } from '../peterson-riggs-2010/domain.js';

export const SCENARIO_DOMAIN: ScenarioDomain = {
  ...PR,
  model: 'openbonemin',
  // OpenBoneMin's kidney function is the state GFR, started at GFR0
  inputs: { GFR0: PR.inputs.GFR, OralCa: PR.inputs.OralCa, OralPhos: PR.inputs.OralPhos },
  excluded: { ...PR.excluded, C2thr: PHOSPHATE_LIMIT },
  doses: [
    ...PR.doses,
    { cmt: 'DENSC', amount: { min: 0, max: 210, unit: 'mg', note: 'denosumab SC, 60 mg clinically, 6-210 mg in dose-ranging' },
      interval: { min: 730.5, max: 4383, unit: 'h', note: 'every 1 to 6 months' }, count: { min: 1, max: 20 }, note: 'repeated denosumab' },
  ],
};
