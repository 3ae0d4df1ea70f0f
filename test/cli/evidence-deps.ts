/**
 * A synthetic objective for the fit/profile/sample command tests: the decay study of the evidence
 * tests (closed-form model, every measurement kind) instead of the study library, so the commands
 * run in milliseconds. `createDecayObjective` is the factory the worker threads import.
 */
import { checkStudy } from '../../src/analysis/evidence/study.js';
import { studyObjective } from '../../src/analysis/evidence/likelihood.js';
import type { StudyFit, StudyFitRequest } from '../../src/node/study-source.js';
import type { EvidenceDeps } from '../../src/cli/evidence-files.js';
import { decayModel, decayStudy } from '../analysis/evidence/decay-model.js';

export function buildDecayFit(req: StudyFitRequest): StudyFit {
  const study = checkStudy(decayStudy(), 'decay.json', decayModel).study!;
  return {
    objective: studyObjective([study], decayModel, { params: req.params, modelError: req.modelError, ...(req.facts ? { facts: req.facts } : {}) }),
    studies: [study],
    start: req.params.map((p) => decayModel.spec.parameters[p]?.value ?? NaN),
  };
}

export function createDecayObjective(req: StudyFitRequest) {
  return buildDecayFit(req).objective;
}

export const decayDeps: EvidenceDeps = {
  build: buildDecayFit,
  source: (req) => ({ module: new URL('./evidence-deps.js', import.meta.url).href, export: 'createDecayObjective', args: req }),
};
