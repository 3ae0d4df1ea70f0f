/**
 * What `fit`, `profile` and `sample` share: the fit file (fit.json: what was fitted, to what, and
 * the result), reading it back with every problem listed, rebuilding its objective, and the task
 * runner (serial, or worker threads that build the same objective from the request).
 */
import fs from 'node:fs';
import { buildStudyFit, studyObjectiveSource, type StudyFit, type StudyFitRequest, type Split } from '../node.js';
import type { FitResult } from '../index.js';
import { serialRunner, type TaskRunner } from '../index.js';
import type { ObjectiveSource } from '../node.js';
import type { LeastSquaresObjective } from '../index.js';
import type { Prior, FactPenalty } from '../index.js';
import type { NoiseModel } from '../index.js';
import { StudyError, formatStudyIssue } from '../index.js';
import { InputError, formatIssues } from '../index.js';

/** How the commands get their objective; tests inject a synthetic one. */
export interface EvidenceDeps {
  build(req: StudyFitRequest): StudyFit;
  /** Where worker threads build the same objective. */
  source(req: StudyFitRequest): ObjectiveSource;
}

export const defaultDeps: EvidenceDeps = {
  build: buildStudyFit,
  source: studyObjectiveSource,
};

/** fit.json. */
export interface FitFile {
  kind: 'magbone-fit';
  version: 1;
  model: string;
  /** Study ids fitted, and the files or folders they came from. */
  studies: string[];
  studyFiles: string[];
  split: Split;
  modelError: number;
  params: string[];
  /** Gaussian priors on ln p, when the fit had them (e.g. the shipped calibration). */
  priors?: Record<string, Prior>;
  /** The qualitative facts as soft constraints, when the fit had them (`--facts`). */
  facts?: FactPenalty;
  /** Natural-scale bounds and log-scale bounds. */
  bounds: { lower: number[]; upper: number[] };
  thetaBounds: { lower: number[]; upper: number[] };
  /** Best values by name (natural scale) — what --params-file applies. */
  best: Record<string, number>;
  /** The same on log scale (θ = ln p), in `params` order. */
  theta: number[];
  /** ½‖r‖² at the best point. */
  objective: number;
  converged: boolean;
  message: string;
  residuals: {
    perStudy: { study: string; n: number; sumSquares: number; rms: number }[];
    perMeasurement: { label: string; study: string; residual: number }[];
  };
  starts: FitResult['starts'];
  bestStart: number;
  covariance: FitResult['covariance'];
  seed: number;
  settings: FitResult['settings'];
  /**
   * Measurement noise per observable for prediction intervals (noise.ts: the median relative SD of
   * one subject's value in the fitted studies), with the number of measurements behind each entry;
   * absent when no fitted measurement gives a subject-level SD.
   */
  noise?: NoiseModel;
  noiseBasis?: Record<string, number>;
}

/**
 * The fit request recorded in a fit file: the same studies, parameters, bounds and priors, so that
 * `profile` and `sample` explore the objective the fit minimised.
 */
export const requestOf = (f: FitFile): StudyFitRequest => ({
  model: f.model, studies: f.studyFiles, split: f.split, params: f.params, modelError: f.modelError,
  bounds: f.bounds ? Object.fromEntries(f.params.map((p, i): [string, [number, number]] => [p, [f.bounds.lower[i], f.bounds.upper[i]]])) : undefined,
  ...(f.priors ? { priors: f.priors } : {}),
  ...(f.facts ? { facts: f.facts } : {}),
});

/**
 * The opening `profile` and `sample` share: read the fit file named by --fit and rebuild its
 * objective, every problem added to `problems` (study-file and scenario issues included).
 */
export function fitAndObjective(fitRef: string | undefined, problems: string[], deps: EvidenceDeps): { fit?: FitFile; built?: StudyFit } {
  if (!fitRef) { problems.push('--fit: required (the fit file from magbone fit)'); return {}; }
  const fit = readFitFile(fitRef, problems);
  if (!fit) return {};
  try { return { fit, built: deps.build(requestOf(fit)) }; } catch (e) {
    if (e instanceof StudyError) problems.push(...e.studyIssues.map(formatStudyIssue));
    else if (e instanceof InputError) problems.push(...formatIssues(e.issues).split('\n'));
    else throw e;
    return { fit };
  }
}

/** Reads and checks a fit file; problems are added to `problems` (each prefixed with the file). */
export function readFitFile(file: string, problems: string[]): FitFile | undefined {
  let data: unknown;
  try { data = JSON.parse(fs.readFileSync(file, 'utf8')); } catch (e) {
    problems.push(`${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : `not JSON: ${(e as Error).message}`}`);
    return undefined;
  }
  const before = problems.length;
  const bad = (path: string, msg: string) => problems.push(`${file}: ${path}: ${msg}`);
  const f = (typeof data === 'object' && data !== null && !Array.isArray(data) ? data : {}) as Record<string, unknown>;
  if (f.kind !== 'magbone-fit') bad('kind', 'not a fit file (expected "magbone-fit"; write one with magbone fit --out fit.json)');
  if (typeof f.model !== 'string') bad('model', 'required: a model id');
  const strings = (k: string) => { if (!Array.isArray(f[k]) || !(f[k] as unknown[]).every((x) => typeof x === 'string')) bad(k, 'required: a list of strings'); };
  strings('params'); strings('studyFiles'); strings('studies');
  if (!['training', 'test', 'all'].includes(f.split as string)) bad('split', 'must be training, test or all');
  const params = Array.isArray(f.params) ? f.params as string[] : [];
  const nums = (x: unknown) => Array.isArray(x) && x.length === params.length && x.every((v) => typeof v === 'number' && Number.isFinite(v));
  if (!nums(f.theta)) bad('theta', `required: ${params.length} finite number(s)`);
  const best = f.best as Record<string, unknown> | undefined;
  if (typeof best !== 'object' || best === null) bad('best', 'required: the best values by name');
  else params.forEach((p) => { if (!(typeof best[p] === 'number' && (best[p] as number) > 0)) bad(`best.${p}`, 'required: a positive number'); });
  if (!(typeof f.objective === 'number' && Number.isFinite(f.objective))) bad('objective', 'required: a finite number');
  if (typeof f.seed !== 'number') bad('seed', 'required: a number');
  return problems.length === before ? data as FitFile : undefined;
}

/** The serial runner, or a worker runner (closed by the caller through `close`). */
export async function makeRunner(objective: LeastSquaresObjective, workers: number, source: ObjectiveSource): Promise<{ runner: TaskRunner; close: () => Promise<void> }> {
  if (workers <= 1) return { runner: serialRunner(objective), close: async () => {} };
  const { workerRunner } = await import('../node.js');
  const r = workerRunner(source, workers);
  return { runner: r, close: () => r.close() };
}

export function workersProblem(workers: unknown): string | undefined {
  return workers === undefined || (Number.isInteger(workers) && (workers as number) >= 1 && (workers as number) <= 64) ? undefined : `--workers: ${workers} must be an integer from 1 to 64`;
}
