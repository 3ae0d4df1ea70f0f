/** PEtab v1 problems: reading (texts), the model, the likelihood and the estimators' objective (docs/petab.md). */
export { petabFileList, buildPetabProblem, PetabError, formatPetabIssue } from './problem.js';
export type { PetabProblem, PetabFileList, PetabParameter, PetabObservable, PetabCondition, PetabMeasurement, PetabValue, PetabScale, PetabIssue } from './problem.js';
export { petabModel, runExperiment } from './simulate.js';
export type { PetabModel, PetabRunOptions, Experiment } from './simulate.js';
export { evaluatePetab, petabObjective, nominalTheta, parameterValues, petabLogPrior, petabStartPoints } from './likelihood.js';
export { logPriorDensity, PRIOR_TYPES } from './prior.js';
export type { PetabPrior, PetabPriorType } from './prior.js';
export type { PetabEvaluation, PetabEvaluateOptions, PetabObjective } from './likelihood.js';
export { exportPetab } from './export.js';
export type { PetabExport, PetabExportOptions, PetabExportedRow } from './export.js';
