/**
 * Building blocks of the Peterson–Riggs model family (Peterson & Riggs 2010; OpenBoneMin), shared
 * by `peterson-riggs-2010`, `openbonemin` and models built on them: the core equations, the
 * OpenBoneMin extension modules, parameter annotations, references and composition helpers.
 */
export { compose, ordered, without, type Fragment, type Composed } from './compose.js';
export { CORE_CONSTRAINTS } from './constraints.js';
export { boneCore, CORE_STATES, type CoreOptions, type CoreInitials } from './core.js';
export { MINERAL_RULES, MINERAL_ODES, MINERAL_STATE_INFO, calcitriolStates } from './mineral.js';
export { REMODELING_RULES, REMODELING_ODES, REMODELING_STATE_INFO, DERIVED_BASELINES } from './remodeling.js';
export { estrogenModule } from './estrogen.js';
export { denosumabModule } from './denosumab.js';
export { bmdModule } from './bmd.js';
export { gfrDeclineModule } from './kidney-decline.js';
export { genericPkModule } from './generic-pk.js';
export { PARAMETER_INFO, parametersFrom } from './parameters.js';
export {
  PETERSON_2010, PETERSON_2010_CODE, OPENBONEMIN, PETERSON_2012, PETERSON_2004_DENOSUMAB, RIGGS_2012,
} from './references.js';
