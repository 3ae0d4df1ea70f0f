/**
 * The scenario format, declared once (valibot). From this declaration come: the `ScenarioInput`
 * type, the key lists (`SCENARIO_KEYS`, `SOLVER_KEYS`…), the first validation pass (`checkShape`:
 * objects, arrays, unknown keys, model-independent values), the key tables of `docs/scenarios.md`
 * and the published `scenario.schema.json` (`npm run gen:schemas`). What depends on a model (times
 * in its time unit, parameter, state, switch and dose-target names, amounts through molar masses,
 * bounds) is the second pass in `scenario.ts`; those values are declared here with their JSON type
 * and pattern and marked `secondPass`.
 *
 * `scenarioSchema(vocabulary)` declares the same format for one model, with its names, units and
 * bounds, for the published schema (editors then complete and check parameter names).
 */
import * as v from 'valibot';
import { showValue, didYouMean } from '../core/issues.js';
import { docType, extensible, secondPass, shapeMessage, keysOf, type AnySchema } from '../core/shape.js';
import { scenarioMethodNames, type MethodName } from '../solver/methods/table.js';
import { AMOUNT_PATTERN, RATE_PATTERN, TIME_PATTERN, ZERO_QUANTITY } from '../model/quantity-patterns.js';

/** Longest run (and latest time) a scenario may give: a few lifetimes. */
export const MAX_YEARS = 1000;


/** A quantity: a number in the model's (or target's) unit, or a string with its unit. */
function quantity(kind: 'time' | 'positive time' | 'amount' | 'rate', description: string, maxNumber?: number): v.GenericSchema<number | string> {
  const pattern = kind === 'amount' ? AMOUNT_PATTERN : kind === 'rate' ? RATE_PATTERN : TIME_PATTERN;
  const positive = kind === 'positive time' || kind === 'rate';
  let num: v.GenericSchema<number>;
  if (maxNumber === undefined) num = positive ? v.pipe(v.number(), v.gtValue(0)) : v.pipe(v.number(), v.minValue(0));
  else num = positive ? v.pipe(v.number(), v.gtValue(0), v.maxValue(maxNumber)) : v.pipe(v.number(), v.minValue(0), v.maxValue(maxNumber));
  const zeroForbidden = positive;
  const str: v.GenericSchema<string> = zeroForbidden
    ? v.pipe(v.string(), v.regex(pattern), v.metadata({ not: { pattern: ZERO_QUANTITY } }))
    : v.pipe(v.string(), v.regex(pattern));
  return secondPass(docType(v.pipe(v.union([num, str]), v.description(description)), kind === 'positive time' ? 'time' : kind));
}

/** A parameter, state or switch name map: `name → value`; the names are the model's (second pass). */
function nameMap<T>(value: v.GenericSchema<T>, description: string, shape: string, type: string): v.GenericSchema<Record<string, T>> {
  return docType(shapeMessage(v.pipe(v.record(v.string(), secondPass(value)), v.description(description)), shape), type);
}

const SWITCH_VALUE = v.union([v.boolean(), v.picklist(['on', 'off'])]);

/** The names, units and bounds of one model, for `scenarioSchema(vocabulary)`. */
export interface ScenarioVocabulary {
  /** The model's id. */
  modelId: string;
  /** The model's time unit (bare-number times are in it). */
  timeUnit: string;
  /** Parameter names with unit, description and bounds (the schema's `parameters` keys and ranges). */
  parameters: Readonly<Record<string, {
    /** The parameter's unit (a bare number in a scenario is in it). */
    unit: string;
    /** What the parameter is (the JSON Schema's description). */
    description?: string;
    /** [lower, upper] allowed values, in `unit` (an infinite side is no limit). */
    bounds?: readonly [number, number];
  }>>;
  /** State names with unit and description (the schema's `initial` keys). */
  states: Readonly<Record<string, {
    /** The state's unit (an `initial` value is in it). */
    unit: string;
    /** What the state is. */
    description?: string;
  }>>;
  /** Switch names (the schema's `switches` keys). */
  switches: readonly string[];
  /** Dose-target names (the schema's `cmt` values). */
  doseTargets: readonly string[];
  /** The model adapter's own top-level keys (diet, supplements, conditions…), declared with valibot. */
  extension?: Readonly<Record<string, AnySchema>>;
}

const settingsDescriptions = {
  parameters: 'parameter values in the model\'s units (see `magbone docs <model>` for names, units, bounds)',
  scale: 'multiply a parameter\'s default value by a factor ≥ 0, e.g. `{ "IMg": 0.5 }`',
  switches: 'turn a pathway on or off (`human-mg-bone`: see below)',
};

function genericSettings() {
  return {
    parameters: v.optional(nameMap(v.number(), settingsDescriptions.parameters, 'must be an object of name: number', 'object name → number')),
    scale: v.optional(nameMap(v.pipe(v.number(), v.minValue(0)), settingsDescriptions.scale, 'must be an object of parameter: factor, e.g. { "IMg": 0.5 }', 'object name → factor')),
    switches: v.optional(nameMap(SWITCH_VALUE, settingsDescriptions.switches, 'must be an object of pathway: true/false ("on"/"off")', 'object pathway → true/false or "on"/"off"')),
  };
}

/** `parameters`, `scale`, `switches`: name maps (generic), or the model's names with bounds (typed as the generic ones). */
function settings(vocab?: ScenarioVocabulary): ReturnType<typeof genericSettings> {
  if (!vocab) return genericSettings();
  const byName = <T>(names: readonly string[], f: (n: string) => T): Record<string, T> => Object.fromEntries(names.map((n) => [n, f(n)]));
  const p = vocab.parameters;
  return {
    parameters: v.optional(v.pipe(v.strictObject(byName(Object.keys(p), (n) => {
      const b = p[n].bounds;
      // JSON has no infinities: an open side of the bounds is no limit
      let num: v.GenericSchema<number> = v.number();
      if (b && Number.isFinite(b[0]) && Number.isFinite(b[1])) num = v.pipe(v.number(), v.minValue(b[0]), v.maxValue(b[1]));
      else if (b && Number.isFinite(b[0])) num = v.pipe(v.number(), v.minValue(b[0]));
      else if (b && Number.isFinite(b[1])) num = v.pipe(v.number(), v.maxValue(b[1]));
      return v.optional(v.pipe(num, v.description(`${p[n].description ?? n} (${p[n].unit})`)));
    })), v.description(settingsDescriptions.parameters))),
    scale: v.optional(v.pipe(v.strictObject(byName(Object.keys(p), () => v.optional(v.pipe(v.number(), v.minValue(0))))), v.description(settingsDescriptions.scale))),
    switches: v.optional(v.pipe(v.strictObject(byName(vocab.switches, () => v.optional(SWITCH_VALUE))), v.description(settingsDescriptions.switches))),
  } as unknown as ReturnType<typeof genericSettings>;
}

/**
 * The scenario format; for one model's names, units and bounds when `vocab` is given (the published
 * JSON Schema), model-independent otherwise (the first validation pass).
 */
export function scenarioSchema(vocab?: ScenarioVocabulary) {
  const maxTime = vocab ? maxTimeIn(vocab.timeUnit) : undefined;
  const time = (description: string) => quantity('time', description, maxTime);
  const set = settings(vocab);
  const METHODS: MethodName[] = scenarioMethodNames();

  const output = shapeMessage(v.pipe(v.strictObject({
    /** One output row every this long from t = 0 (a positive time, e.g. `"24 h"`); the end of the run is always a row. Not with `times`. */
    every: v.optional(quantity('positive time', 'one row every this long, from t = 0 (the end of the run is always a row)', maxTime)),
    /** The output times (non-empty, increasing, within the run; times with units or numbers in the model's time unit). Not with `every`. */
    times: v.optional(shapeMessage(v.pipe(v.array(time('an output time')), v.minLength(1), v.description('the output times, increasing, within the run')), 'must be a non-empty array of times')),
    /** At a dose instant, whether the row shows the state `before` the dose (default, deSolve's convention) or `after` it (mrgsolve's). */
    atDose: v.optional(v.pipe(v.picklist(['before', 'after'], (i) => `${showValue(i.input)} is not allowed; use "before" (deSolve) or "after" (mrgsolve)`),
      v.description('at a dose instant a row shows the state `before` the dose (default, deSolve\'s convention) or `after` it (mrgsolve\'s for `addl` doses)'))),
  }), v.description('`{ "every": "24 h" }` or `{ "times": [0, "1 d", "30 d"] }`; default ~200 evenly spaced rows'),
  v.metadata({
    /** JSON Schema only: `every` and `times` exclude each other. */
    not: {
      /** The two keys that may not both be given. */
      required: ['every', 'times'],
    },
  })), 'must be an object such as { "every": "24 h" } or { "times": [0, 24] }');

  // a model without dose targets takes no dose: no cmt is valid
  const doseTargets: v.GenericSchema<string> = !vocab ? v.string() : vocab.doseTargets.length ? v.picklist(vocab.doseTargets as string[]) : v.never() as unknown as v.GenericSchema<string>;
  const dose = shapeMessage(v.strictObject({
    /** The dose target: one of the model's dose compartments (e.g. `Mg_iv`). */
    cmt: secondPass(v.pipe(doseTargets, v.description('the dose target (a dose compartment of the model)'))),
    /** The amount with its unit (`"20 ug"`, `"60 mg"`, `"2 mmol"`; mass ↔ amount through the target's molar mass); a bare number is in the target's amount unit. */
    amt: quantity('amount', 'amount with unit, e.g. `"20 ug"`, `"60 mg"`, `"2 mmol"` (converted with the target\'s molar mass); a bare number is in the target\'s amount unit'),
    /** Time of the first dose (default 0), within the run. */
    time: v.optional(time('time of the first dose (default 0)')),
    /** Interval between repeated doses (a positive time; needed when `addl` > 0). */
    ii: v.optional(quantity('positive time', 'interval between repeated doses (needed when `addl` > 0)', maxTime)),
    /** Number of additional doses after the first, one every `ii` (an integer in [0, 1,000,000]). */
    addl: v.optional(v.pipe(
      v.number((i) => `${showValue(i.input)} must be a non-negative integer`),
      v.integer((i) => `${showValue(i.input)} must be a non-negative integer`),
      v.minValue(0, (i) => `${showValue(i.input)} must be a non-negative integer`),
      v.maxValue(1_000_000, (i) => `${String(i.input)} is too many doses (at most 1,000,000)`),
      v.description('number of additional doses after the first, every `ii` (an integer in [0, 1,000,000])'))),
    /** An infusion rate, amount per time (e.g. `"1 mmol/h"`); absent: a bolus. */
    rate: v.optional(quantity('rate', 'an infusion: amount per time, e.g. `"1 mmol/h"`; absent: a bolus')),
  }), 'must be an object { cmt, amt, time, ii, addl, rate }');

  const changeEntries = {
    /** When the change takes effect (a time within the run). */
    time: time('when the change takes effect'),
    /** Parameter values from this time on (name → number in the parameter's unit). */
    parameters: set.parameters,
    /** Parameter multipliers from this time on (name → factor ≥ 0, applied to the parameter's default value). */
    scale: set.scale,
    /** Model switches from this time on (name → true/false or "on"/"off"). */
    switches: set.switches,
    ...(vocab?.extension ?? {}),
  };
  const change = extensible(shapeMessage(v.strictObject(changeEntries), 'must be an object { time, parameters, scale, switches }'));

  const rangeMessage = (lo: number) => (i: { input: unknown }) => `${showValue(i.input)} must be a number in [${lo}, 1)`;
  const tolerance = (lo: number, description: string) => v.optional(v.pipe(v.number(rangeMessage(lo)), v.minValue(lo, rangeMessage(lo)), v.ltValue(1, rangeMessage(lo)), v.description(description)));
  const solver = shapeMessage(v.pipe(v.strictObject({
    // below ~100 ulp a tolerance cannot be met in double precision (the run would fail or crawl)
    /** Relative tolerance, in [1e-14, 1) (default 1e-8). */
    rtol: tolerance(1e-14, 'relative tolerance, in [1e-14, 1) (default 1e-8)'),
    /** Absolute tolerance in the states' units, in [1e-300, 1) (default 1e-8). */
    atol: tolerance(1e-300, 'absolute tolerance in the states\' units, in [1e-300, 1) (default 1e-8)'),
    /** The integrator: one of the scenario method names (`bdf`, `rodas`, `dopri`, …; default `bdf`). */
    method: v.optional(v.pipe(v.picklist(METHODS, (i) => `${showValue(i.input)} is not a method${typeof i.input === 'string' ? didYouMean(i.input, METHODS) : ''}; allowed: ${METHODS.join(', ')}`),
      v.description(`the integrator: ${METHODS.map((m) => `\`${m}\``).join(', ')} (default \`bdf\`)`))),
    /** Most integrator steps, a positive integer (default 5,000,000). */
    maxSteps: v.optional(v.pipe(
      v.number((i) => `${showValue(i.input)} must be a positive integer`), v.integer((i) => `${showValue(i.input)} must be a positive integer`), v.minValue(1, (i) => `${showValue(i.input)} must be a positive integer`),
      v.description('most integrator steps (default 5,000,000)'))),
    /** Seconds of wall-clock time for the run, steady state included, in (0, 1e7]; default: none in the library, 60 s from the command line; when spent, the run fails with `time_limit`. */
    maxWallTime: v.optional(v.pipe(
      v.number((i) => `${showValue(i.input)} must be a number of seconds in (0, 1e7]`), v.gtValue(0, (i) => `${showValue(i.input)} must be a number of seconds in (0, 1e7]`), v.maxValue(1e7, (i) => `${showValue(i.input)} must be a number of seconds in (0, 1e7]`),
      v.description('seconds of wall-clock time for the run, steady state included, in (0, 1e7]; default: none in the library, 60 s from the command line; when spent the run fails with `time_limit` and the time reached'))),
    /** Whether dosing depots and the compartments they alone feed are carried in closed form between events (default true) or integrated like any state (false). */
    exactLinear: v.optional(v.pipe(v.boolean((i) => `${showValue(i.input)} must be true or false`),
      v.description('default `true`: dosing depots and the compartments they alone feed are carried in closed form between events instead of integrated; `false` integrates them like any state'))),
  }), v.description('how to integrate')), 'must be an object { rtol, atol, method, maxSteps, exactLinear }');

  const genericStates = nameMap(v.number(), 'initial values of states (model units), after the model\'s own initial state and `steadyState`', 'must be an object of state: number', 'object state → number');
  const states: typeof genericStates = vocab
    ? v.pipe(v.strictObject(Object.fromEntries(Object.entries(vocab.states).map(([n, s]) => [n, v.optional(v.pipe(v.number(), v.description(`${s.description ?? n} (${s.unit})`)))]))),
      v.description('initial values of states (model units), after the model\'s own initial state and `steadyState`')) as unknown as typeof genericStates
    : genericStates;
  const text = (description: string) => v.optional(v.pipe(v.string('must be a string'), v.description(description)));

  return extensible(shapeMessage(v.strictObject({
    /** The scenario's name, shown in summaries, legends and `magbone scenarios`. */
    name: text('shown in summaries, legends and `magbone scenarios`'),
    /** One or two sentences on what the scenario shows. */
    description: text('one or two sentences on what the scenario shows'),
    /** The model id: `human-mg-bone`, `peterson-riggs-2010`, `openbonemin` or `dutta-layton-2024`. */
    model: secondPass(v.pipe(vocab ? v.literal(vocab.modelId) : v.string(),
      v.description('a model id: `human-mg-bone`, `peterson-riggs-2010`, `openbonemin`, `dutta-layton-2024` (`magbone` lists them in `--help` errors)'))),
    /** The run length from t = 0 (a positive time, e.g. `"5 y"`; a bare number is in the model's time unit), at most 1000 years. */
    duration: quantity('positive time', 'run length from t = 0, e.g. `"365 d"`, `"5 y"`, `"262800 min"`; a bare number is in the model\'s time unit; at most 1000 years', maxTime),
    /** Which rows to output: `{ "every": "24 h" }` or `{ "times": [...] }`; default about 200 evenly spaced rows. */
    output: v.optional(output),
    /** Parameter values (name → number in the parameter's unit; `magbone docs <model>` lists names, units and bounds). */
    parameters: set.parameters,
    /** Parameter multipliers (name → factor ≥ 0, applied to the parameter's default value). */
    scale: set.scale,
    /** Model switches (name → true/false or "on"/"off"), e.g. pathways that can be turned off. */
    switches: set.switches,
    /** Changes during the run: at a `time`, new parameters, scales or switches (and a model's own keys, e.g. `diet`). */
    changes: v.optional(shapeMessage(v.pipe(v.array(change), v.description('changes during the run: `[{ "time": "1 y", "parameters": {…}, "scale": {…}, "switches": {…} }]`; a model\'s own keys (e.g. `diet`) work inside a change. At a change instant the output row shows the state before it')),
      'must be an array of { "time": …, "parameters"/"scale"/"switches": … }')),
    /** Initial values of states (name → number in the state's unit), applied after the model's initial state and `steadyState`. */
    initial: v.optional(states),
    /** Start from the model's steady state under the scenario's parameters and switches (default false). */
    steadyState: v.optional(v.pipe(v.boolean('must be true or false'),
      v.description('start from the model\'s steady state under the scenario\'s parameters and switches (Newton, with a run-to-equilibrium fallback; default false)'))),
    /** Dose records in NONMEM/mrgsolve terms: `{ cmt, amt, time, ii, addl, rate }`. */
    doses: v.optional(shapeMessage(v.pipe(v.array(dose), v.description('dose records in NONMEM/mrgsolve terms (see `doses[]` below)')),
      'must be an array of dose records { cmt, amt, time, ii, addl, rate }')),
    /** How to integrate: tolerances, method and limits. */
    solver: v.optional(solver),
    ...(vocab?.extension ?? {}),
  }), (input) => `a scenario must be a JSON object, got ${Array.isArray(input) ? 'an array' : input === null ? 'null' : typeof input}`));
}

/** 1000 years in a model time unit (the numeric bound of bare-number times). */
function maxTimeIn(unit: string): number {
  const hours: Record<string, number> = { s: 1 / 3600, min: 1 / 60, h: 1, d: 24, wk: 168, y: 8766 };
  const h = hours[unit];
  if (h === undefined) throw new Error(`no time scale for unit "${unit}"`);
  return (MAX_YEARS * 8766) / h;
}

/** The scenario format without a model: the first validation pass. */
export const ScenarioSchema = scenarioSchema();

/** A scenario as written in a file (JSON or YAML), as the schema declares it; a model's adapter keys (diet…) besides. */
export type ScenarioInput = v.InferInput<typeof ScenarioSchema> & { [extension: string]: unknown };

const entries = ScenarioSchema.entries;
const inner = (s: AnySchema): AnySchema => {
  let x = s as AnySchema & { wrapped?: AnySchema; item?: AnySchema };
  while (x.wrapped || x.item) x = (x.wrapped ?? x.item) as typeof x;
  return x;
};

/** The top-level keys of a scenario (a model's adapter adds its own). */
export const SCENARIO_KEYS = keysOf(ScenarioSchema) as (keyof typeof entries)[];
/** The keys of a scenario's `output` (`every`, `times`, `atDose`), from the declaration. */
export const OUTPUT_KEYS = keysOf(inner(entries.output));
/** The keys of a dose record. */
export const DOSE_KEYS = keysOf(inner(entries.doses));
/** The keys of a scenario's `solver` settings (method, tolerances, limits), from the declaration. */
export const SOLVER_KEYS = keysOf(inner(entries.solver));
/** The keys of one `changes` entry (a model's adapter adds its own). */
export const CHANGE_KEYS = keysOf(inner(entries.changes));
