import type { ModelSpec } from '../../model/spec.js';
import { references } from './references.js';
import { parameters } from './parameters.js';
import { states } from './states.js';
import { rules } from './rules.js';
import { observables } from './observables.js';

export { authorFluxNames } from './rules.js';

/**
 * Dutta & Layton 2024: magnesium and calcium homeostasis in the male rat, transcribed from the authors'
 * MATLAB code (magnesium_mod.m, params_male.txt, compute_fluxes.m at commit 1c282e015f80). See README.md.
 */
export const duttaLayton2024: ModelSpec = {
  id: 'dutta-layton-2024',
  name: 'Dutta & Layton 2024: Ca and Mg homeostasis in the male rat',
  version: '1.0.0',
  species: 'rat (male)',
  timeUnit: 'min',
  description:
    'Plasma Mg and Ca, parathyroid gland and plasma PTH, plasma calcitriol; intestinal absorption (Ca: basal plus ' +
    'calcitriol-dependent; Mg: passive, saturable active and calcitriol-dependent), renal filtration and ' +
    'segmental reabsorption (PT with PTH, TAL with CaSR sensing Ca and Mg and with PTH, DCT with PTH and ' +
    'calcitriol), and fast/slow bone pools for both ions. The slow pools are held constant, as in the authors\' code. ' +
    'Mg switches PTH exocytosis (below about 0.4 mM secretion falls with Mg) and the Mg effect on calcitriol ' +
    'activation (rising below 2.5 mM, falling above).',
  references,
  parameters,
  states,
  rules,
  observables,
  switches: {
    slow_pools_dynamic: {
      description:
        'Let the slow bone pools NCa_s and NMg_s evolve (accretion in, resorption out). Off in the published model: ' +
        'the authors hold both constant (NCas_fixed = NMgs_fixed = true in magnesium_mod.m); their code keeps the ' +
        'dynamic equations behind these flags, reproduced here.',
      evidence: 'animal',
      default: false,
      sources: ['ref:dutta2024 magnesium_mod.m'],
    },
  },
  assumptions: [
    'The slow bone pools of Ca and Mg are constant (the authors\' setting); the net flux between the fast and slow ' +
      'pools still leaves the fast pool and bone resorption still enters plasma, so the model does not conserve ' +
      'Ca or Mg: see the observables X_slow_pool_clamp_flux.',
    'The plasma amount equations use concentration fluxes as written by the authors (made explicit by V_unit = 1 L); ' +
      'plasma Mg and Ca therefore relax 1/Vp = 100 times faster than an amount balance would give. Steady states do not ' +
      'depend on this.',
  ],
};
