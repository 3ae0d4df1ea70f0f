/**
 * Runs of human-mg-bone from scenario inputs (the model's own checks, such as its mass balance,
 * live with the model: `models/human-mg-bone/mass-balance.ts`).
 *
 * The hand-coded validation checks that lived here are data now: every one is a measurement of the
 * study library (`studies/`, mapped in studies/README.md), which `magbone validate` reads.
 */
import type { Model } from '../model/model.js';
import { findModel, getModel } from '../builtin/index.js';
import type { SimulationResult } from '../simulate/run.js';
import { simulate } from '../simulate/run.js';
import { scenarioFromInput } from './attribution.js';

export { massBalance } from '../builtin/index.js';
export type { MassBalance, MassBalanceRun } from '../builtin/index.js';

/** The compiled human-mg-bone model (compiled once). */
export function mgBoneModel(): Model {
  return getModel('human-mg-bone');
}

type Input = Record<string, unknown>;

/** Runs a scenario input (file format, with diet/supplements/conditions) on human-mg-bone; throws when the run fails. */
export function runMgBone(input: Input, model: Model = mgBoneModel()): SimulationResult {
  const scenario = scenarioFromInput(model, { model: model.id, ...input }, findModel('human-mg-bone')!.scenario);
  const res = simulate(model, scenario);
  if (res.code !== 'success') throw new Error(`human-mg-bone run failed (${JSON.stringify(input).slice(0, 120)}): ${res.message}`);
  return res;
}
