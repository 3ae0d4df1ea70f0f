/**
 * The study file format (`studies/*.yaml`), declared once with valibot: the loader's key lists and
 * enums (`study.ts`) and the published `studies/study.schema.json` (`npm run gen:schemas`) come from
 * here. The loader checks more than a schema can (observables, units, times, references between
 * arms, each arm's scenario) and reports every problem with its path.
 */
import * as v from 'valibot';

export const KINDS = ['absolute', 'change', 'percent_change', 'ratio', 'contrast', 'qualitative'] as const;
export const QUANTITIES = ['absolute', 'change', 'percent_change', 'ratio'] as const;
export const SCALES = ['normal', 'log'] as const;
export const DIRECTIONS = ['increase', 'decrease', 'no_increase', 'no_decrease'] as const;
export const SPLITS = ['training', 'test'] as const;
export const EVIDENCE_LEVELS = ['in vitro', 'animal', 'human observational', 'human experimental', 'human trial', 'hypothesis'] as const;
export const ID_PATTERN = /^[a-z0-9][a-z0-9_-]*$/;

/** An id of a study, arm or measurement. */
export const IdSchema = v.pipe(v.string(), v.regex(ID_PATTERN));
const id = (description?: string) => (description ? v.pipe(IdSchema, v.description(description)) : IdSchema);
const quantity = v.union([v.number(), v.pipe(v.string(), v.description('a number with a unit, e.g. "0.61 mmol/L"'))]);
const time = v.union([v.number(), v.pipe(v.string(), v.description('a time with a unit, e.g. "21 d"'))]);
const window = v.pipe(v.array(time), v.minLength(2), v.maxLength(2));

/** One measurement of an arm. */
export const MeasurementSchema = v.pipe(v.strictObject({
  id: IdSchema,
  observable: v.pipe(v.string(), v.description('an observable or state of the model')),
  kind: v.picklist(KINDS),
  time: v.optional(time),
  over: v.optional(v.pipe(window, v.description('the increment value(t2) - value(t1)'))),
  value: v.optional(quantity),
  baseline: v.optional(v.union([time, window])),
  versus: v.optional(IdSchema),
  sd: v.optional(quantity),
  n: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
  se: v.optional(quantity),
  ci: v.optional(v.strictObject({ lower: quantity, upper: quantity, level: v.optional(v.pipe(v.number(), v.gtValue(0), v.ltValue(1))) })),
  scale: v.optional(v.picklist(SCALES)),
  molarMass: v.optional(v.pipe(v.number(), v.gtValue(0), v.description('g/mol, to convert between mass and amount units'))),
  direction: v.optional(v.picklist(DIRECTIONS)),
  range: v.optional(v.strictObject({ lower: v.optional(quantity), upper: v.optional(quantity) })),
  quantity: v.optional(v.pipe(v.picklist(QUANTITIES), v.description('qualitative only: what the range applies to (default: change when direction, versus or baseline is given, else the value itself)'))),
  source: v.optional(v.string()),
  description: v.optional(v.string()),
}), v.metadata({ oneOf: [{ required: ['time'] }, { required: ['over'] }] }));

/** One arm: a scenario and the measurements made on it. */
export const ArmSchema = v.strictObject({
  id: IdSchema,
  description: v.optional(v.string()),
  scenario: v.pipe(v.looseObject({}), v.description('a scenario in the format magbone simulate reads (model taken from the study; output replaced by the measurement times)')),
  after: v.optional(v.strictObject({ arm: id('the arm whose final state this arm starts from') })),
  measurements: v.pipe(v.array(MeasurementSchema), v.description('may be empty only for an arm another arm starts after or compares with (versus)')),
});

/**
 * The declaration (valibot) of a study file of the evidence library (`studies/*.yaml`): citation,
 * identifiers, evidence, population, model, split and arms with their measurements. The first pass
 * of `checkStudy` and the published `studies/study.schema.json` come from it (docs/evidence.md).
 */
export const StudySchema = v.pipe(v.strictObject({
  id: id('unique across the library, usually first author + year'),
  citation: v.pipe(v.string(), v.minLength(1), v.description('authors, year, title, journal volume:pages')),
  doi: v.optional(v.pipe(v.string(), v.minLength(1))),
  pmid: v.optional(v.union([v.string(), v.pipe(v.number(), v.integer())])),
  url: v.optional(v.pipe(v.string(), v.regex(/^https?:\/\/\S+$/), v.description('the record consulted, when neither a DOI nor a PMID could be retrieved'))),
  evidence: v.picklist(EVIDENCE_LEVELS),
  population: v.pipe(v.string(), v.minLength(1), v.description('who was studied (n, sex, age, health)')),
  model: v.pipe(v.string(), v.description('the model id the arms run on')),
  split: v.pipe(v.picklist(SPLITS), v.description('training: may be fitted; test: held out')),
  notes: v.optional(v.pipe(v.union([v.string(), v.array(v.string())]), v.description('assumptions made to express the study as scenarios'))),
  modelError: v.optional(v.pipe(v.number(), v.minValue(0), v.description('model discrepancy of this study\'s measurements, a relative SD (overrides the global one)'))),
  arms: v.pipe(v.array(ArmSchema), v.minLength(1)),
}), v.description('One published study as data: its arms (scenarios) and the measurements made on them. Documented in docs/evidence.md; generated from src/analysis/evidence/study-schema.ts by `npm run gen:schemas`. The loader (src/analysis/evidence/study.ts) checks more than this schema can (observables, units, times, references between arms, each arm\'s scenario).'),
v.metadata({ anyOf: [{ required: ['doi'] }, { required: ['pmid'] }, { required: ['url'] }] }));

/** The schema's pieces named in the JSON Schema's `$defs` (as the hand-written schema had them). */
export const STUDY_SCHEMA_DEFINITIONS = { id: IdSchema, arm: ArmSchema, measurement: MeasurementSchema };
