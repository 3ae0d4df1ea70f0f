/**
 * The objective of a fit request (model, study files, split, estimated parameters), built the same
 * way in the main thread and in every worker thread of the estimators (workers.ts imports this
 * module by URL and calls `createStudyObjective` with the request), so workers evaluate the very
 * objective the main thread does.
 */
import { type Study } from '../analysis/evidence/study.js';
import { loadStudies } from './study-files.js';
import { studyObjective, type Prior, type StudyObjective, type FactPenalty } from '../analysis/evidence/likelihood.js';
import { getModel } from '../builtin/index.js';
import { InputError } from '../core/issues.js';
import type { ObjectiveSource } from './evidence-workers.js';

/** Which studies of a library a fit uses: `training`, `test` or `all`. */
export type Split = 'training' | 'test' | 'all';

/**
 * A fit against the study library as plain data (what `magbone fit` builds from its flags, and what
 * worker threads receive): the model id, the study files or folders, the split, the estimated
 * parameters, the model discrepancy, priors and bounds on p, and how the Jacobian is computed.
 */
export interface StudyFitRequest {
  /** The model id. */
  model: string;
  /** Study files or folders. */
  studies: string[];
  /** Which studies: training, test or all. */
  split: Split;
  /** The parameters to estimate (model parameter names, positive values). */
  params: string[];
  /** Global model discrepancy (relative SD), default 0. */
  modelError?: number;
  /** Gaussian priors on ln p (by parameter name). */
  priors?: Record<string, Prior>;
  /** Bounds on p by parameter name (default: the spec's, within three decades of the default). */
  bounds?: Record<string, [number, number]>;
  /** The Jacobian: 'forward' (default: exact forward sensitivities) or 'fd' (central differences). */
  jacobian?: 'forward' | 'fd';
  /** The studies' qualitative facts as soft constraints (`FactPenalty`); absent: checks only. */
  facts?: FactPenalty;
}

/**
 * A fit request made ready (`buildStudyFit`): the objective over the selected studies, the studies,
 * and the model's values of the estimated parameters (the natural first start point).
 */
export interface StudyFit {
  /** The objective over the selected studies (θ = ln p of the requested parameters). */
  objective: StudyObjective;
  /** The studies in the fit. */
  studies: Study[];
  /** The model's values of the estimated parameters (the first start point). */
  start: number[];
}

/** Loads the studies of the request and builds their objective; InputError (or StudyError) on bad input. */
export function buildStudyFit(req: StudyFitRequest): StudyFit {
  const all = loadStudies(req.studies, { model: req.model });
  const studies = req.split === 'all' ? all : all.filter((s) => s.split === req.split);
  if (studies.length === 0) throw new InputError([{ path: ['studies'], message: `no ${req.split === 'all' ? '' : `${req.split} `}studies of ${req.model} in ${req.studies.join(', ')}` }], 'fit request');
  const model = getModel(req.model);
  const objective = studyObjective(studies, model, { params: req.params, modelError: req.modelError, priors: req.priors, bounds: req.bounds, sensitivities: req.jacobian, ...(req.facts ? { facts: req.facts } : {}) });
  return { objective, studies, start: req.params.map((p) => model.spec.parameters[p].value) };
}

/** The factory the worker runner calls. */
export function createStudyObjective(req: StudyFitRequest): StudyObjective {
  return buildStudyFit(req).objective;
}

/**
 * Where worker threads build the same objective (`workerRunner(studyObjectiveSource(req), n)`):
 * this module, located beside the code that runs (works from dist/src/node/ and from the bundle).
 */
export function studyObjectiveSource(req: StudyFitRequest): ObjectiveSource {
  return { module: new URL('./study-source.js', import.meta.url).href, export: 'createStudyObjective', args: req };
}
