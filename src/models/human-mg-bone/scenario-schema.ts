/**
 * The scenario keys of human-mg-bone (`diet`, `supplements`, `conditions`), declared with valibot:
 * the adapter's key lists come from here, and the published `scenario.schema.json` takes these
 * entries into the human-mg-bone scenario format. The adapter (`scenario.ts`) checks the values with
 * their units and ranges and reports every problem with its path.
 */
import * as v from 'valibot';
import { MASS_UNITS, AMOUNT_UNITS, TIME_UNITS, quantityPattern, unitAlternatives } from '../../model/quantity-patterns.js';

/** A daily intake: "300 mg/d", "12 mmol/d" or a number (mg/d). */
const INTAKE_PATTERN = quantityPattern(String.raw`${unitAlternatives([...MASS_UNITS, ...AMOUNT_UNITS])}\s*/\s*${unitAlternatives(TIME_UNITS)}`);
const intake = (description: string) => v.optional(v.pipe(v.union([v.pipe(v.number(), v.minValue(0)), v.pipe(v.string(), v.regex(INTAKE_PATTERN))]), v.description(description)));

/** Kidney function: "45 mL/min/1.73m2", "2.7 L/h/1.73m2" or a number (mL/min/1.73m2). */
const EGFR_PATTERN = quantityPattern(String.raw`(?:mL|dL|L)\s*/\s*${unitAlternatives(TIME_UNITS)}\s*/\s*1\.73m2`);

/** The declaration of the human-mg-bone keys; `salts` and `conditions` are the names of `SALTS` and `CONDITIONS`. */
export function humanScenarioEntries(salts: readonly string[], conditions: Readonly<Record<string, { description: string }>>) {
  const flag = (description: string) => v.optional(v.pipe(v.boolean(), v.description(description)));
  const conditionEntries: Record<string, v.GenericSchema> = {};
  for (const [k, c] of Object.entries(conditions)) {
    if (k === 'eGFR') conditionEntries[k] = v.optional(v.pipe(v.union([v.pipe(v.number(), v.minValue(5), v.maxValue(150)), v.pipe(v.string(), v.regex(EGFR_PATTERN))]), v.description(c.description)));
    else if (k === 'age') conditionEntries[k] = v.optional(v.pipe(v.union([v.pipe(v.number(), v.minValue(18), v.maxValue(110)), v.pipe(v.string(), v.regex(quantityPattern(unitAlternatives(TIME_UNITS))))]), v.description(c.description)));
    else conditionEntries[k] = flag(c.description);
  }
  return {
    diet: v.optional(v.pipe(v.strictObject({
      Mg: intake('dietary Mg, 0-1000 mg/d (experimental depletion diets below 12 mg/d allowed); a number is mg/d'),
      Ca: intake('dietary Ca, 100-3000 mg/d; a number is mg/d'),
    }), v.description('dietary intakes, e.g. `{ "Mg": "300 mg/d", "Ca": "1000 mg/d" }`; also in mmol/d'))),
    supplements: v.optional(v.pipe(v.array(v.strictObject({
      Mg: v.pipe(v.union([v.pipe(v.number(), v.minValue(0), v.maxValue(5000)), v.pipe(v.string(), v.regex(INTAKE_PATTERN))]), v.description('elemental Mg per day, e.g. "365 mg/d" (at most 5000 mg/d each)')),
      salt: v.pipe(v.picklist(salts as string[]), v.description('the Mg salt, for its bioavailability')),
    })), v.description('supplements: elemental Mg per day and the salt, e.g. `[ { "Mg": "365 mg/d", "salt": "citrate" } ]`'))),
    conditions: v.optional(v.pipe(v.strictObject(conditionEntries), v.description('conditions and drugs, e.g. `{ "postmenopausal": true, "eGFR": "45 mL/min/1.73m2", "PPI": true }`'))),
  };
}
