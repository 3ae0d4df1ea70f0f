/**
 * The scenario keys of human-mg-bone (`diet`, `supplements`, `conditions`), declared once with
 * valibot: the adapter's key lists, its checks and messages, the TypeScript shape, the docs table and
 * the human-mg-bone part of the published `scenario.schema.json` all come from here. The adapter
 * (`scenario.ts`) walks this declaration (`checkShape`), which reports every problem with its path,
 * and then maps the values read onto the model's parameters (the model-aware second pass).
 *
 * What valibot cannot say is declared beside the schema of the value it belongs to: the messages
 * of a container of the wrong type (`shapeMessage`), of a missing key (`requiredMessage`) and of a
 * refused value (valibot's own message argument), and, for the quantities, how a value is read
 * (`readWith`: parsed in its unit, converted, checked against its range).
 *
 * The value ranges are declared once, in `RANGES` and `RANGE_UNITS` below: the schema's bounds (and
 * so the JSON Schema's), its descriptions (and so the docs table), the adapter's messages, the web
 * app's sliders and the model's declared domain (`domain.ts`) all read them.
 */
import * as v from 'valibot';
import { MASS_UNITS, AMOUNT_UNITS, TIME_UNITS, quantityPattern, unitAlternatives } from '../../model/quantity-patterns.js';
import { docType, readWith, requiredMessage, shapeMessage, type LeafRead } from '../../core/shape.js';
import { didYouMean, showValue } from '../../core/issues.js';
import { convert, dimensionOf, hasDimension, parseQuantity, type DimensionName } from '../../model/quantity.js';

/**
 * The allowed values of human-mg-bone's scenario keys, [min, max] in the unit of `RANGE_UNITS` (the
 * unit a bare number means): dietary Mg (experimental depletion diets below 12 mg/d included) and
 * Ca, each supplement's elemental Mg, all supplements together (the bound of the parameter
 * `Mg_supp`), eGFR and age. Exported as `HUMAN_MG_BONE_RANGES`.
 */
export const RANGES = {
  /** Dietary Mg, [min, max] in mg/d (depletion diets below 12 mg/d included). */
  dietMg: [0, 1000] as const,
  /** Dietary Ca, [min, max] in mg/d. */
  dietCa: [100, 3000] as const,
  /** Elemental Mg of one supplement, [min, max] in mg/d. */
  supplementMg: [0, 5000] as const,
  /** The most elemental Mg all supplements together may give, in mg/d (the bound of the parameter `Mg_supp`). */
  supplementTotal: 20000,
  /** Kidney function (eGFR), [min, max] in mL/min/1.73m2. */
  eGFR: [5, 150] as const,
  /** Age, [min, max] in years. */
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
const inRange = (key: RangeKey) => v.pipe(v.number(), v.minValue(RANGES[key][0]), v.maxValue(RANGES[key][1]));

type RangeKey = Exclude<keyof typeof RANGES, 'supplementTotal'>;

/**
 * Whether x lies in [lo, hi] up to a relative 1e-9 (unit conversions round: "0.3 L/h/1.73m2" is
 * 4.999999999999999 mL/min); returns x clamped into the range, or undefined when outside.
 */
function clampInto(x: number, [lo, hi]: readonly [number, number]): number | undefined {
  const slack = 1e-9 * Math.max(Math.abs(lo), Math.abs(hi));
  if (!(x >= lo - slack && x <= hi + slack)) return undefined;
  return Math.min(hi, Math.max(lo, x));
}

/**
 * How a quantity of `RANGES[key]` is read: parsed (a bare number is `RANGE_UNITS[key]`), taken in
 * the first of `dimensions` it has (converted to that unit and multiplied by the factor, e.g. a
 * molar mass from mmol/d to mg/d), and checked against the range. `expected` ends the message for a
 * quantity of another dimension; `showConverted` adds the converted value to the out-of-range message.
 */
function rangedQuantity(key: RangeKey, dimensions: readonly (readonly [dimension: DimensionName, unit: string, factor: number])[], expected: string, showConverted: boolean): LeafRead {
  const unit = RANGE_UNITS[key];
  return (input) => {
    const q = parseQuantity(input, unit);
    if (typeof q === 'string') return { message: q };
    const d = dimensions.find(([dim]) => hasDimension(q, dim));
    if (!d) return { message: `${showValue(input)} is a ${dimensionOf(q)}, expected ${expected}` };
    const x = convert(q, d[1]) * d[2];
    const inside = clampInto(x, RANGES[key]);
    if (inside === undefined) {
      return { message: `${showValue(input)}${showConverted ? ` (${+x.toPrecision(4)} ${unit})` : ''} is outside the allowed range ${rangeText(key)}` };
    }
    return { value: inside };
  };
}

/** Molar masses (g/mol) that turn an intake in mmol/d into mg/d. */
/** Condition pairs that cannot be set together (the adapter reports the first with the second named). */
export const EXCLUSIVE_CONDITIONS: readonly (readonly [string, string])[] = [['pregnant', 'postmenopausal']];

export const MOLAR_MASS = { Mg: 24.305, Ca: 40.078 } as const;

/** A daily intake: "300 mg/d", "12 mmol/d" or a number (mg/d). */
const INTAKE_PATTERN = quantityPattern(String.raw`${unitAlternatives([...MASS_UNITS, ...AMOUNT_UNITS])}\s*/\s*${unitAlternatives(TIME_UNITS)}`);
const INTAKE_TYPE = 'intake (`"300 mg/d"`, `"12 mmol/d"`) or number';

/** An intake of `element` in mg/d within `RANGES[key]`, with its description for the docs. */
const intake = (key: 'dietMg' | 'dietCa' | 'supplementMg', element: keyof typeof MOLAR_MASS, description: string) => readWith(
  docType(v.pipe(v.union([inRange(key), v.pipe(v.string(), v.regex(INTAKE_PATTERN))]), v.description(description)), INTAKE_TYPE),
  rangedQuantity(key, [['mass/time', 'mg/d', 1], ['amount/time', 'mmol/d', MOLAR_MASS[element]]], 'an intake such as "300 mg/d" or "12 mmol/d"', true),
);

/** Kidney function: "45 mL/min/1.73m2", "2.7 L/h/1.73m2" or a number (mL/min/1.73m2). */
const EGFR_PATTERN = quantityPattern(String.raw`(?:mL|dL|L)\s*/\s*${unitAlternatives(TIME_UNITS)}\s*/\s*1\.73m2`);

/**
 * The declaration of the human-mg-bone keys; `salts` and `conditions` are the names of `SALTS` and
 * `CONDITIONS`. A valid `diet.Mg`, `diet.Ca` or `supplements[i].Mg` is read in mg/d,
 * `conditions.eGFR` in mL/min/1.73m2 and `conditions.age` in years (checkShape's `onRead`).
 */
export function humanScenarioEntries(salts: readonly string[], conditions: Readonly<Record<string, { description: string }>>) {
  const flag = (description: string) => v.optional(v.pipe(v.boolean((issue) => `${showValue(issue.input)} is not allowed; use true or false`), v.description(description)));
  const conditionEntries: Record<string, v.GenericSchema> = {};
  for (const [k, c] of Object.entries(conditions)) {
    if (k === 'eGFR') {
      conditionEntries[k] = v.optional(readWith(
        docType(v.pipe(v.union([inRange('eGFR'), v.pipe(v.string(), v.regex(EGFR_PATTERN))]), v.description(`${c.description} Allowed ${rangeText('eGFR')}; a number is mL/min/1.73m2.`)), 'kidney function (`"45 mL/min/1.73m2"`) or number'),
        rangedQuantity('eGFR', [['volume/time/BSA', 'mL/min/1.73m2', 1]], 'e.g. "45 mL/min/1.73m2"', false),
      ));
    } else if (k === 'age') {
      conditionEntries[k] = v.optional(readWith(
        docType(v.pipe(v.union([inRange('age'), v.pipe(v.string(), v.regex(quantityPattern(unitAlternatives(TIME_UNITS))))]), v.description(`${c.description} Allowed ${rangeText('age')}; a number is years.`)), 'time (`"70 y"`) or number'),
        rangedQuantity('age', [['time', 'y', 1]], 'an age such as "70 y"', false),
      ));
    } else conditionEntries[k] = flag(c.description);
  }
  const conditionKeys = Object.keys(conditionEntries);
  const saltMessage = (issue: { input: unknown }) =>
    `${showValue(issue.input)} is not a known salt${typeof issue.input === 'string' ? didYouMean(issue.input, salts) : ''}; allowed: ${salts.join(', ')}`;
  return {
    diet: v.optional(shapeMessage(v.pipe(v.strictObject({
      Mg: v.optional(intake('dietMg', 'Mg', `dietary Mg, ${rangeText('dietMg')} (experimental depletion diets below 12 mg/d allowed); a number is mg/d`)),
      Ca: v.optional(intake('dietCa', 'Ca', `dietary Ca, ${rangeText('dietCa')}; a number is mg/d`)),
    }), v.description('dietary intakes, e.g. `{ "Mg": "300 mg/d", "Ca": "1000 mg/d" }`; also in mmol/d')), 'must be an object such as { "Mg": "300 mg/d", "Ca": "1000 mg/d" }')),
    supplements: v.optional(shapeMessage(v.pipe(v.array(shapeMessage(v.strictObject({
      Mg: requiredMessage(intake('supplementMg', 'Mg', `elemental Mg per day, e.g. "365 mg/d", ${rangeText('supplementMg')} each and at most ${RANGES.supplementTotal} ${RANGE_UNITS.supplementTotal} together; a number is mg/d`), 'required: elemental Mg per day, e.g. "365 mg/d"'),
      salt: requiredMessage(v.pipe(v.picklist(salts as string[], saltMessage), v.description('the Mg salt, for its bioavailability')), `required: one of ${salts.join(', ')}`),
    }), 'must be an object { "Mg": "365 mg/d", "salt": "citrate" }')), v.description('supplements: elemental Mg per day and the salt, e.g. `[ { "Mg": "365 mg/d", "salt": "citrate" } ]`')), 'must be an array such as [ { "Mg": "365 mg/d", "salt": "citrate" } ]')),
    conditions: v.optional(shapeMessage(v.pipe(v.strictObject(conditionEntries), v.description('conditions and drugs, e.g. `{ "postmenopausal": true, "eGFR": "45 mL/min/1.73m2", "PPI": true }`')), `must be an object with any of: ${conditionKeys.join(', ')}`)),
  };
}
