/**
 * magbone's own model: human Mg homeostasis joined to bone remodelling (OpenBoneMin form of the
 * Peterson–Riggs model), with each Mg → bone pathway of Castiglioni et al. 2013 behind a switch.
 * See README.md for what it can and cannot answer, the pathways and every assumption.
 *
 * Two specs:
 *  - `humanMgBone`: the coupled model (OpenBoneMin + Mg homeostasis + pathways). Time in hours.
 *  - `mgHomeostasisStandalone`: Mg homeostasis alone, with serum Ca, PTH, calcitriol, GFR and the
 *    bone Ca fluxes as parameters at OpenBoneMin's baseline (for fast checks and teaching).
 */
import type { ModelSpec } from '../../model/spec.js';
import { compose } from '../bone-core/compose.js';
import { mgHomeostasis, STANDALONE_INTERFACE, STANDALONE_REFS } from './homeostasis.js';
import { PATHWAY_SWITCHES } from './pathways.js';
import { mgObservables, OBSERVABLE_PARAMETERS } from './observables.js';
import { buildCoupledSpec } from './couple.js';
import { references } from './references.js';
import { ASSUMPTIONS } from './assumptions.js';

export { MODIFIERS, PTH_TARGET_RULES, BMD_STATES, BODY_CA } from './couple.js';
export { BODY_MG, INTERFACE_NAMES } from './homeostasis.js';
export { PATHWAY_SWITCHES } from './pathways.js';
export { DOMAIN, DOMAIN_FLAGS, DOMAIN_EXCLUSIVE, dropExclusive, CLINICAL_REGIMENS, MMOL_PER_G_MGSO4_7H2O, type Regimen, type Range } from './domain.js';

const DESCRIPTION =
  'Human Mg homeostasis (extracellular, two intracellular pools, bone surface and deep pools; saturable + paracellular ' +
  'absorption with calcitriol and deficiency adaptation; renal filtration and PT/TAL/DCT reabsorption with a sharp ' +
  'threshold) joined to the OpenBoneMin form of the Peterson–Riggs model of Ca/PTH/calcitriol/phosphate and bone ' +
  'remodelling with BMD. The Mg → bone pathways of Castiglioni et al. 2013 (PTH secretion and resistance, calcitriol, ' +
  'osteoblasts, osteoclasts, inflammation, mineral quality, high-Mg mineralization defect, endothelial hypothesis, bone ' +
  'Mg exchange) are switches. Time in hours.';

export const humanMgBone: ModelSpec = buildCoupledSpec({
  id: 'human-mg-bone',
  name: 'Human Mg–bone model (Castiglioni et al. 2013 pathways on OpenBoneMin)',
  version: '0.1.0',
  species: 'human',
  timeUnit: 'h',
  description: DESCRIPTION,
  references,
  assumptions: ASSUMPTIONS,
});

function buildStandalone(): ModelSpec {
  const parts = compose(
    mgHomeostasis(),
    { parameters: { ...STANDALONE_INTERFACE, ...STANDALONE_REFS, ...OBSERVABLE_PARAMETERS } },
    { switches: { bone_mg_exchange: PATHWAY_SWITCHES.bone_mg_exchange } },
    {
      observables: {
        ...mgObservables(),
        Ca_serum: { expr: 'Ca_tot', unit: 'mmol/L', description: 'Total serum Ca (an input here).' },
      },
    },
    {
      doses: {
        Mg_iv: {
          state: 'Mg_ecf', description: 'Intravenous Mg (elemental).', amountUnit: 'mmol',
          molarMass: { value: 24.305, source: 'derived: atomic weight of Mg' },
        },
      },
    },
  );
  return {
    id: 'human-mg-homeostasis',
    name: 'Human Mg homeostasis (standalone part of human-mg-bone)',
    version: '0.1.0',
    species: 'human',
    timeUnit: 'h',
    description: 'The Mg homeostasis of human-mg-bone alone: serum Ca, PTH, calcitriol, GFR and bone Ca fluxes are ' +
      'parameters at OpenBoneMin\'s baseline.',
    references,
    parameters: parts.parameters,
    states: parts.states,
    rules: parts.rules,
    observables: parts.observables,
    doses: parts.doses,
    switches: parts.switches,
    assumptions: ASSUMPTIONS,
  };
}

export const mgHomeostasisStandalone: ModelSpec = buildStandalone();
export default humanMgBone;
