/**
 * `magbone/node`: what needs Node (files, worker threads, native PNG rendering), curated name by
 * name. Everything else is in the isomorphic entry `magbone` (src/index.ts).
 */
// files: the study library and calibrations on disk
export { packageRoot } from './node/package-root.js';
export { loadStudies, studyFiles } from './node/study-files.js';
export { readEnsemble } from './node/ensemble-file.js';
export { specHash, calibrationDir, resolveEnsemblePath, resolveFitPath } from './node/calibration.js';
// worker threads
export { populationParallel, morrisParallel, defaultWorkers } from './node/parallel.js';
export { workerRunner } from './node/evidence-workers.js';
export type { ObjectiveSource, WorkerRunner } from './node/evidence-workers.js';
export { buildStudyFit, createStudyObjective, studyObjectiveSource } from './node/study-source.js';
export type { StudyFitRequest, StudyFit, Split } from './node/study-source.js';
// PEtab v1 problems on disk
export { readPetabProblem } from './node/petab-files.js';
// PNG
export { renderPng } from './node/png.js';
// the built-in models compiled by the build
export { useCompiledModels } from './node/compiled-models.js';
// used by the CLI and the web app
export { runBatchParallel } from './node/parallel.js';
export { runBatch, Interrupted, autoWorkers } from './node/parallel.js';
export type { BatchOptions } from './node/parallel.js';
