/**
 * The shipped models wired to the scenario runner: `runScenario(input)` finds `input.model` among
 * the built-in models. This is the one place where `simulate/` (which knows no model) meets
 * `models/` (which knows no simulation); everything above uses these bound functions.
 */
import type { Model } from '../model/model.js';
import { builtinModels } from '../models/index.js';
import { scenarioApi } from '../simulate/api.js';
import type { Scenario } from '../simulate/scenario.js';
import type { SimulateOptions, SimulationResult } from '../simulate/run.js';

const api = scenarioApi(builtinModels);

/** The compiled shipped model with this id (compiled once per process); InputError naming the known ids when unknown. */
export function getModel(id: string): Model {
  return api.getModel(id);
}

/** Validates a scenario (as parsed from JSON/YAML) against the shipped models; returns it with its compiled model, or throws InputError listing every problem. */
export function prepareScenario(input: unknown): {
  /** The built-in model the scenario names, compiled. */
  model: Model;
  /** The checked scenario, the model's own keys (diet…) applied. */
  scenario: Scenario;
} {
  return api.prepareScenario(input);
}

/**
 * Validates a scenario (as parsed from a JSON or YAML scenario file: docs/scenarios.md) against the
 * shipped models and runs it: the one call behind `magbone simulate`. The model's scenario adapter
 * applies its extension keys (for human-mg-bone: `diet`, `supplements`, `conditions`). Throws
 * InputError listing every problem with its path; numerical failures come back in the result's
 * `code` and `message` (see `simulate`). Use `prepareScenario` + `simulate` to keep the validated
 * scenario, `simulateSensitivities` for derivatives with respect to parameters.
 *
 * @example
 * ```ts
 * import { runScenario } from 'magbone';
 * const run = runScenario({ model: 'human-mg-bone', duration: '1 y', diet: { Mg: '150 mg/d' }, output: { every: '90 d' } });
 * console.log(run.code, run.column('Mg_serum').at(-1)); // serum Mg (mmol/L) after a year on a low-Mg diet
 * ```
 */
export function runScenario(input: unknown, options: SimulateOptions = {}): SimulationResult {
  return api.runScenario(input, options);
}

export { builtinModels, modelIds, modelEntries, findModel } from '../models/index.js';
export { massBalance } from '../models/index.js';
export type { MassBalance, MassBalanceRun, ModelEntry, ScenarioAdapter } from '../models/index.js';
