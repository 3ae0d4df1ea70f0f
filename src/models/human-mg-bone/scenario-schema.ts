/**
 * The scenario keys of human-mg-bone (`diet`, `supplements`, `conditions`), declared with valibot:
 * the adapter's key lists come from here, and the published `scenario.schema.json` takes these
 * entries into the human-mg-bone scenario format. The adapter (`scenario.ts`) checks the values with
 * their units and ranges and reports every problem with its path.
 *
 * The value ranges are declared once, in `RANGES` and `RANGE_UNITS` below: the schema's bounds (and
 * so the JSON Schema's), its descriptions (and so the docs table), the adapter's messages, the web
 * app's sliders and the model's declared domain (`domain.ts`) all read them.
 */
import * as v from 'valibot';
import { MASS_UNITS, AMOUNT_UNITS, TIME_UNITS, quantityPattern, unitAlternatives } from '../../model/quantity-patterns.js';
import { docType } from '../../core/shape.js';

/**
 * The allowed values of human-mg-bone's scenario keys, [min, max] in the unit of `RANGE_UNITS` (the
 * unit a bare number means): dietary Mg (experimental depletion diets below 12 mg/d included) and
 * Ca, each supplement's elemental Mg, all supplements together (the bound of the parameter
 * `Mg_supp`), eGFR and age. Exported as `HUMAN_MG_BONE_RANGES`.
 */
export const RANGES = {
  dietMg: [0, 1000] as const,
  dietCa: [100, 3000] as const,
  supplementMg: [0, 5000] as const,
  supplementTotal: 20000,
  eGFR: [5, 150] as const,
  age: [18, 110] as const,
};

/** The unit of each of `RANGES` (a bare number in a scenario means this unit). */
export const RANGE_UNITS: Readonly<Record<keyof typeof RANGES, string>> = {
  dietMg: 'mg/d', dietCa: 'mg/d', supplementMg: 'mg/d', supplementTotal: 'mg/d', eGFR: 'mL/min/1.73m2', age: 'y',
};

/** A range as messages and descriptions write it: "0-1000 mg/d", "18-110 y". */
export function rangeText(key: Exclude<keyof typeof RANGES, 'supplementTotal'>): string {
  const [lo, hi] = RANGES[key];
  return `${lo}-${hi} ${RANGE_UNITS[key]}`;
}

/** A number within one of `RANGES` (the unit's number form of a key). */
const inRange = (key: Exclude<keyof typeof RANGES, 'supplementTotal'>) => v.pipe(v.number(), v.minValue(RANGES[key][0]), v.maxValue(RANGES[key][1]));

/** A daily intake: "300 mg/d", "12 mmol/d" or a number (mg/d). */
const INTAKE_PATTERN = quantityPattern(String.raw`${unitAlternatives([...MASS_UNITS, ...AMOUNT_UNITS])}\s*/\s*${unitAlternatives(TIME_UNITS)}`);
const intake = (key: 'dietMg' | 'dietCa', description: string) => v.optional(docType(v.pipe(v.union([inRange(key), v.pipe(v.string(), v.regex(INTAKE_PATTERN))]), v.description(description)), INTAKE_TYPE));

const INTAKE_TYPE = 'intake (`"300 mg/d"`, `"12 mmol/d"`) or number';

/** Kidney function: "45 mL/min/1.73m2", "2.7 L/h/1.73m2" or a number (mL/min/1.73m2). */
const EGFR_PATTERN = quantityPattern(String.raw`(?:mL|dL|L)\s*/\s*${unitAlternatives(TIME_UNITS)}\s*/\s*1\.73m2`);

/** The declaration of the human-mg-bone keys; `salts` and `conditions` are the names of `SALTS` and `CONDITIONS`. */
export function humanScenarioEntries(salts: readonly string[], conditions: Readonly<Record<string, { description: string }>>) {
  const flag = (description: string) => v.optional(v.pipe(v.boolean(), v.description(description)));
  const conditionEntries: Record<string, v.GenericSchema> = {};
  for (const [k, c] of Object.entries(conditions)) {
    if (k === 'eGFR') conditionEntries[k] = v.optional(docType(v.pipe(v.union([inRange('eGFR'), v.pipe(v.string(), v.regex(EGFR_PATTERN))]), v.description(`${c.description} Allowed ${rangeText('eGFR')}; a number is mL/min/1.73m2.`)), 'kidney function (`"45 mL/min/1.73m2"`) or number'));
    else if (k === 'age') conditionEntries[k] = v.optional(docType(v.pipe(v.union([inRange('age'), v.pipe(v.string(), v.regex(quantityPattern(unitAlternatives(TIME_UNITS))))]), v.description(`${c.description} Allowed ${rangeText('age')}; a number is years.`)), 'time (`"70 y"`) or number'));
    else conditionEntries[k] = flag(c.description);
  }
  return {
    diet: v.optional(v.pipe(v.strictObject({
      Mg: intake('dietMg', `dietary Mg, ${rangeText('dietMg')} (experimental depletion diets below 12 mg/d allowed); a number is mg/d`),
      Ca: intake('dietCa', `dietary Ca, ${rangeText('dietCa')}; a number is mg/d`),
    }), v.description('dietary intakes, e.g. `{ "Mg": "300 mg/d", "Ca": "1000 mg/d" }`; also in mmol/d'))),
    supplements: v.optional(v.pipe(v.array(v.strictObject({
      Mg: docType(v.pipe(v.union([inRange('supplementMg'), v.pipe(v.string(), v.regex(INTAKE_PATTERN))]), v.description(`elemental Mg per day, e.g. "365 mg/d", ${rangeText('supplementMg')} each and at most ${RANGES.supplementTotal} ${RANGE_UNITS.supplementTotal} together; a number is mg/d`)), INTAKE_TYPE),
      salt: v.pipe(v.picklist(salts as string[]), v.description('the Mg salt, for its bioavailability')),
    })), v.description('supplements: elemental Mg per day and the salt, e.g. `[ { "Mg": "365 mg/d", "salt": "citrate" } ]`'))),
    conditions: v.optional(v.pipe(v.strictObject(conditionEntries), v.description('conditions and drugs, e.g. `{ "postmenopausal": true, "eGFR": "45 mL/min/1.73m2", "PPI": true }`'))),
  };
}
