/**
 * Pathway attribution for the page, by the library's one-at-a-time knock-out
 * (src/analysis/attribution.ts): the scenario's effect against its baseline, split by pathway.
 * The baseline here is the scenario without diet, supplements, conditions, drugs and parameter
 * changes but WITH its pathway switches, so that switching a pathway off changes what is
 * attributed, not what the effect is measured against. Every output the page may show is
 * attributed in the same runs (they cost nothing extra).
 */
import { getModel } from '../../../src/index.js';
import { findModel } from '../../../src/index.js';
import { attributePathways, scenarioFromInput, type AttributionResult } from '../../../src/index.js';
import { InputError } from '../../../src/index.js';
import { baselineOf } from '../scenario/baseline.js';

export function attribution(input: Record<string, unknown>, outputs: readonly string[]): AttributionResult {
  const id = String(input.model);
  const entry = findModel(id);
  if (!entry) throw new InputError([{ path: ['model'], message: `unknown model "${id}"` }]);
  const model = getModel(id);
  const known = outputs.filter((o) => model.observableNames.includes(o) || model.stateNames.includes(o));
  const scenario = scenarioFromInput(model, input, entry.scenario);
  const baseInput = baselineOf(input);
  if (input.switches !== undefined) baseInput.switches = input.switches;
  const baseline = scenarioFromInput(model, baseInput, entry.scenario);
  return attributePathways(model, scenario, baseline, { outputs: known });
}
