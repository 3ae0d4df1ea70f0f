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
  /** The measurement's id, unique within the study (lower case, digits, `_`, `-`). */
  id: IdSchema,
  /** An observable or state of the model (its unit is the unit of `value`). */
  observable: v.pipe(v.string(), v.description('an observable or state of the model')),
  /** What is reported: `absolute`, `change`, `percent_change`, `ratio`, `contrast` (this arm − the `versus` arm) or `qualitative` (a direction or range). */
  kind: v.picklist(KINDS),
  /** When, from the start of the arm: a time with unit (`"21 d"`) or a number in the model's time unit. Either `time` or `over`. */
  time: v.optional(time),
  /** A window [t1, t2]: the increment value(t2) − value(t1) (e.g. excretion over a day) instead of a value at a time. */
  over: v.optional(v.pipe(window, v.description('the increment value(t2) - value(t1)'))),
  /** The reported value: a quantity with unit (converted to the observable's unit) for `absolute`, `change`, `contrast`; a number for `ratio`; percent for `percent_change`. */
  value: v.optional(quantity),
  /** The reference time of the arm's own baseline (default `"0 d"`), or a window [t1, t2] with `over`; with `versus`, the baseline time both arms are read at: a difference of changes from baseline (a placebo-adjusted change). */
  baseline: v.optional(v.union([time, window])),
  /** Another arm's id: the reference is that arm at the same time instead of this arm's baseline (with `baseline` too: the change of this arm from baseline minus that arm's). */
  versus: v.optional(IdSchema),
  /** Standard deviation of the reported value, in its unit; goes with `n` (SE = sd/√n). */
  sd: v.optional(quantity),
  /** Number of subjects, with `sd` (an integer ≥ 1). */
  n: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
  /** Standard error of the reported value, in its unit. */
  se: v.optional(quantity),
  /** A confidence interval of the reported value (normal approximation): `lower`, `upper` in its unit, `level` (default 0.95). */
  ci: v.optional(v.strictObject({
    /** The lower end of the interval, in the value's unit. */
    lower: quantity,
    /** The upper end of the interval, in the value's unit. */
    upper: quantity,
    /** Its confidence level, in (0, 1) (default 0.95). */
    level: v.optional(v.pipe(v.number(), v.gtValue(0), v.ltValue(1))),
  })),
  /** The residual scale: `normal` (default) or `log` (default for `ratio`; positive values only). */
  scale: v.optional(v.picklist(SCALES)),
  /** Molar mass in g/mol, to convert between mass and amount units (serum Mg mg/dL → mmol/L: 24.305). */
  molarMass: v.optional(v.pipe(v.number(), v.gtValue(0), v.description('g/mol, to convert between mass and amount units'))),
  /** Qualitative: `increase`, `decrease`, `no_increase` or `no_decrease` of this arm's value against the reference. */
  direction: v.optional(v.picklist(DIRECTIONS)),
  /** Qualitative: the compared quantity lies within `{ lower?, upper? }` (units as for `value`). */
  range: v.optional(v.strictObject({
    /** The least the compared quantity may be (units as for `value`). */
    lower: v.optional(quantity),
    /** The most the compared quantity may be (units as for `value`). */
    upper: v.optional(quantity),
  })),
  /** Qualitative only: what `range` applies to, `absolute`, `change`, `percent_change` or `ratio` (default `change` with direction, versus or baseline, else `absolute`). */
  quantity: v.optional(v.pipe(v.picklist(QUANTITIES), v.description('qualitative only: what the range applies to (default: change when direction, versus or baseline is given, else the value itself)'))),
  /**
   * Qualitative only: another observable to divide by. The compared quantity (with the same `quantity`, `versus`,
   * `baseline` and `time` or `over`) of `observable` over that of `per`, e.g. a clearance: the excess urinary excretion
   * rate per excess serum concentration; `range` is in the unit of the quotient (e.g. "4.3 L/h").
   */
  per: v.optional(v.pipe(v.string(), v.description('qualitative only: divide by the same quantity of this observable (e.g. a clearance = excess excretion rate per excess concentration)'))),
  /** Where in the paper (table, figure, text). */
  source: v.optional(v.string()),
  /** Free text on the measurement. */
  description: v.optional(v.string()),
}), v.metadata({
  /** JSON Schema only: exactly one of `time` and `over`. */
  oneOf: [
    {
      /** A value at a time. */
      required: ['time'],
    },
    {
      /** An increment over a window. */
      required: ['over'],
    },
  ],
}));

/** One arm: a scenario and the measurements made on it. */
export const ArmSchema = v.strictObject({
  /** The arm's id, unique within the study. */
  id: IdSchema,
  /** Free text on the arm. */
  description: v.optional(v.string()),
  /** A scenario as `magbone simulate` reads it (model taken from the study; output replaced by the measurement times). */
  scenario: v.pipe(v.looseObject({}), v.description('a scenario in the format magbone simulate reads (model taken from the study; output replaced by the measurement times)')),
  /** `{ arm: <id> }`: the arm starts from the final state of another arm of the same study. */
  after: v.optional(v.strictObject({
    /** The id of the arm whose final state this arm starts from. */
    arm: id('the arm whose final state this arm starts from'),
  })),
  /** The measurements made on this arm (may be empty for an arm used only as `versus` or `after` reference). */
  measurements: v.pipe(v.array(MeasurementSchema), v.description('may be empty only for an arm another arm starts after or compares with (versus)')),
});

/**
 * The declaration (valibot) of a study file of the evidence library (`studies/*.yaml`): citation,
 * identifiers, evidence, population, model, split and arms with their measurements. The first pass
 * of `checkStudy` and the published `studies/study.schema.json` come from it (docs/evidence.md).
 */
export const StudySchema = v.pipe(v.strictObject({
  /** The study's id, unique across the library, usually first author + year (lower case, digits, `_`, `-`). */
  id: id('unique across the library, usually first author + year'),
  /** Authors, year, title, journal volume:pages. */
  citation: v.pipe(v.string(), v.minLength(1), v.description('authors, year, title, journal volume:pages')),
  /** The paper's DOI (one of `doi`, `pmid`, `url` is required). */
  doi: v.optional(v.pipe(v.string(), v.minLength(1))),
  /** The paper's PubMed id. */
  pmid: v.optional(v.union([v.string(), v.pipe(v.number(), v.integer())])),
  /** The record consulted when neither a DOI nor a PMID could be retrieved (http or https). */
  url: v.optional(v.pipe(v.string(), v.regex(/^https?:\/\/\S+$/), v.description('the record consulted, when neither a DOI nor a PMID could be retrieved'))),
  /** The evidence level: `in vitro`, `animal`, `human observational`, `human experimental`, `human trial` or `hypothesis`. */
  evidence: v.picklist(EVIDENCE_LEVELS),
  /** Who was studied (n, sex, age, health). */
  population: v.pipe(v.string(), v.minLength(1), v.description('who was studied (n, sex, age, health)')),
  /** The id of the model the arms run on. */
  model: v.pipe(v.string(), v.description('the model id the arms run on')),
  /** `training` (may be fitted) or `test` (held out, never fitted). */
  split: v.pipe(v.picklist(SPLITS), v.description('training: may be fitted; test: held out')),
  /** Assumptions made to express the study as scenarios (a string or a list). */
  notes: v.optional(v.pipe(v.union([v.string(), v.array(v.string())]), v.description('assumptions made to express the study as scenarios'))),
  /** Model discrepancy of this study's measurements, a relative SD ≥ 0 (overrides the global one). */
  modelError: v.optional(v.pipe(v.number(), v.minValue(0), v.description('model discrepancy of this study\'s measurements, a relative SD (overrides the global one)'))),
  /** The arms (at least one): scenarios and the measurements made on them. */
  arms: v.pipe(v.array(ArmSchema), v.minLength(1)),
}), v.description('One published study as data: its arms (scenarios) and the measurements made on them. Documented in docs/evidence.md; generated from src/analysis/evidence/study-schema.ts by `npm run gen:schemas`. The loader (src/analysis/evidence/study.ts) checks more than this schema can (observables, units, times, references between arms, each arm\'s scenario).'),
v.metadata({
  /** JSON Schema only: at least one of `doi`, `pmid` and `url`. */
  anyOf: [
    {
      /** A DOI suffices. */
      required: ['doi'],
    },
    {
      /** A PMID suffices. */
      required: ['pmid'],
    },
    {
      /** A URL suffices. */
      required: ['url'],
    },
  ],
}));

/** The schema's pieces named in the JSON Schema's `$defs` (as the hand-written schema had them). */
export const STUDY_SCHEMA_DEFINITIONS = { id: IdSchema, arm: ArmSchema, measurement: MeasurementSchema };
