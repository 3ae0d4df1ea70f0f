/**
 * Declared scenario domain of dutta-layton-2024 (see ../scenario-domain.ts and README): the
 * authors' experiments (Mg intake ×0.1-×1, Ca intake and 25(OH)D halved, 6 months) widened a
 * little, kidney function ±50 %, and any other parameter within ±25 %, three at a time.
 * The Mg switches (`n_switch`, `Mg_switch_PTH`, `Mg_switch_D3`) are steep by design (README): they
 * are varied only within ±25 % like the rest.
 */
import type { ScenarioDomain } from '../scenario-domain.js';

export const SCENARIO_DOMAIN: ScenarioDomain = {
  model: 'dutta-layton-2024',
  duration: { min: 1 / 24, max: 365.25, unit: 'd', note: 'an hour to a year (the authors ran 6 months)' },
  inputs: {
    IMg: { min: 0.1, max: 2, unit: '×', note: 'dietary Mg from 0.1 × (the authors\' most severe deficiency) to twice normal' },
    ICa: { min: 0.25, max: 2, unit: '×', note: 'dietary Ca from a quarter to twice normal' },
    D3_inact: { min: 0.25, max: 2, unit: '×', note: '25(OH)D from a quarter to twice normal' },
    GFR: { min: 0.5, max: 1.5, unit: '×', note: 'kidney function ±50 %' },
  },
  scale: { min: 0.8, max: 1.25, count: 3, note: 'any other bounded parameter within ±25 %' },
  excluded: {},
  doses: [],
  steadyState: true,
  methods: ['bdf', 'rodas', 'dopri'],
  // a year on dopri (explicit, on a stiff model) needs more than a minute (fuzz campaign, docs/reliability.md)
  dopriMaxDays: 60,
  rtol: { min: 1e-10, max: 1e-4, unit: '1', note: 'relative tolerance' },
};
