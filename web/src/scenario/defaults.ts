/** The scenario a model opens with: a plain run of a length that suits it, at the model's defaults. */
import type { ModelInfo } from '../types.js';
import type { JsonObject } from './store.js';

/** The model the page opens with, in order of preference (the first one the registry has). */
export const PREFERRED_MODELS = ['human-mg-bone', 'openbonemin', 'peterson-riggs-2010', 'dutta-layton-2024'];

export function defaultScenario(m: ModelInfo): JsonObject {
  const rat = /rat/i.test(m.spec.species);
  const s: JsonObject = {
    name: `${m.id} scenario`,
    model: m.id,
    duration: rat ? '180 d' : '5 y',
    output: { every: rat ? '1 d' : '7 d' },
  };
  // the adapter keys a user is most likely to move, written out so the JSON shows where they go
  if (m.adapterKeys.includes('diet') && m.spec.parameters.Mg_diet) s.diet = { Mg: `${m.spec.parameters.Mg_diet.value} mg/d` };
  return s;
}
