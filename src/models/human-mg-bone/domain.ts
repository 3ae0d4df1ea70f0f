/**
 * The declared domain of human-mg-bone: the ranges of scenario inputs over which every run must
 * succeed on every method (bdf, rodas, dopri) with finite Jacobians and no negative Mg pool, and the
 * clinical regimens that must run. Tests (`test/models/human-mg-bone-domain.test.ts`) and the sweep
 * (`bench/mgb-domain-sweep.ts`) read it; nothing here is a claim that the model was validated over
 * the whole domain (see the README for what was checked against data).
 *
 * IV amounts are elemental Mg. Clinical MgSO4 doses are grams of the heptahydrate MgSO4·7H2O (the
 * 50% injection of the pharmacopoeias is the heptahydrate; molar mass 246.47 g/mol), so
 * 1 g = 4.06 mmol = 98.6 mg Mg. (1 g of anhydrous MgSO4 would be 8.31 mmol.)
 */

import { EXCLUSIVE_CONDITIONS, RANGES, RANGE_UNITS } from './scenario-schema.js';

/** mmol of Mg in 1 g MgSO4·7H2O (246.47 g/mol). */
export const MMOL_PER_G_MGSO4_7H2O = 1000 / 246.47;

/** One range of the declared domain: [min, max] in `unit`, and what it covers. Exported as `HumanMgBoneDomainRange`. */
export interface Range {
  /** The least value inside the domain, in `unit`. */
  readonly min: number;
  /** The greatest value inside the domain, in `unit`. */
  readonly max: number;
  /** The unit of `min` and `max`. */
  readonly unit: string;
  /** What the range covers and why its ends are where they are. */
  readonly note: string;
}

/** A scenario input's range as the scenario format declares it. */
const range = (key: 'dietMg' | 'supplementMg' | 'dietCa' | 'eGFR' | 'age', note: string): Range =>
  ({ min: RANGES[key][0], max: RANGES[key][1], unit: RANGE_UNITS[key], note });
const span = (min: number, max: number, unit: string, note: string): Range => ({ min, max, unit, note });

/**
 * The declared input domain of human-mg-bone: per scenario input (dietary Mg and Ca, supplements,
 * eGFR, age, IV rate and amount, …) the range, unit and a note, over which every run must succeed
 * on every method with finite Jacobians and no negative Mg pool (tests and the domain sweep check
 * it). It is not a claim of validation over the whole range (see the model's README). Exported as
 * `HUMAN_MG_BONE_DOMAIN`.
 */
export const DOMAIN = {
  // the scenario inputs' ranges are the ones a scenario may give (scenario-schema.ts RANGES)
  /** Dietary Mg (`diet.Mg`), mg/d. */
  dietMg: range('dietMg', 'dietary Mg; 0 = experimental Mg-free diets'),
  /** Elemental Mg of one oral supplement (`supplements[].Mg`), mg/d. */
  supplementMg: range('supplementMg', 'oral supplements, any salt'),
  /** Dietary Ca (`diet.Ca`), mg/d. */
  dietCa: range('dietCa', 'dietary Ca'),
  /** Kidney function (`conditions.eGFR`), mL/min/1.73m2. */
  eGFR: range('eGFR', 'kidney function; 150 = pregnancy hyperfiltration (GFR +50%)'),
  /** Age (`conditions.age`), years. */
  age: range('age', 'adults'),
  /** Rate of an IV Mg infusion into `Mg_iv`, mmol/h of elemental Mg. */
  ivRate: span(0, 100, 'mmol/h', 'infusion rate; a 6 g MgSO4·7H2O load over 15 min is 97 mmol/h'),
  /** Total IV Mg of a course, mmol of elemental Mg. */
  ivAmount: span(0, 250, 'mmol', 'total IV Mg of a course; 6 g load + 2 g/h for 24 h is 219 mmol'),
  /** One instantaneous IV bolus, mmol of elemental Mg. */
  ivBolus: span(0, 30, 'mmol', 'instantaneous bolus (a 15 mmol bolus is a clinical rescue dose)'),
  /** Serum Mg the runs may reach (an outcome, not an input), mmol/L. */
  serumMg: span(0.1, 5, 'mmol/L', 'serum Mg the runs may reach (an outcome, not an input)'),
  /** Run length, days. */
  duration: span(1 / 24, 10 * 365.25, 'd', 'from an hour to 10 years'),
} as const satisfies Readonly<Record<string, Range>>;

/**
 * dopri is explicit: inside the domain for runs up to this many days (the sweep and the fuzz suite
 * draw it there); a multi-year run of this stiff model is the implicit methods' job.
 */
export const DOPRI_MAX_DAYS = 60;

/** Every boolean condition of the scenario adapter (all may be combined, except the pairs of `DOMAIN_EXCLUSIVE`). */
export const DOMAIN_FLAGS = ['postmenopausal', 'PPI', 'thiazide', 'loop_diuretic', 'alcohol', 'type2_diabetes', 'pregnant'] as const;

/** Conditions that cannot be set together (the adapter's `EXCLUSIVE_CONDITIONS`). */
export const DOMAIN_EXCLUSIVE = EXCLUSIVE_CONDITIONS;

/** A sampler's conditions made valid: drops the first condition of each exclusive pair that is set with the second. */
export function dropExclusive(conditions: Record<string, unknown>): Record<string, unknown> {
  for (const [drop, keep] of DOMAIN_EXCLUSIVE) if (conditions[drop] && conditions[keep]) delete conditions[drop];
  return conditions;
}

/** Mg pools that must never go negative (mmol) and the cumulative fluxes that must never fall. */
export const MG_POOLS = ['Mg_ecf', 'Mg_cell_fast', 'Mg_cell_slow', 'Mg_bone_surf', 'Mg_bone_deep'] as const;
export const MG_CUMULATIVE = ['Mg_in_cum', 'Mg_urine_cum', 'Mg_faeces_cum'] as const;

export interface Regimen {
  readonly id: string;
  readonly description: string;
  readonly source: string;
  /** Scenario input (file format, without `model`). */
  readonly input: Readonly<Record<string, unknown>>;
}

const G = MMOL_PER_G_MGSO4_7H2O;
const mmol = (x: number): string => `${+x.toFixed(4)} mmol`;
const perH = (x: number): string => `${+x.toFixed(4)} mmol/h`;
/** A loading dose of `grams` MgSO4·7H2O over `minutes`, then `gPerH` for `hours` (as two infusions). */
function loadAndMaintain(grams: number, minutes: number, gPerH: number, hours: number, start = 0): Record<string, unknown>[] {
  return [
    { cmt: 'Mg_iv', amt: mmol(grams * G), rate: perH((grams * G * 60) / minutes), time: `${start} h` },
    { cmt: 'Mg_iv', amt: mmol(gPerH * G * hours), rate: perH(gPerH * G), time: `${start + minutes / 60} h` },
  ];
}
const ALL_CONDITIONS = {
  postmenopausal: true, PPI: true, thiazide: true, loop_diuretic: true, alcohol: true, type2_diabetes: true, age: '90 y',
};
const hourly = { every: '1 h' };

/** Clinical regimens and extreme conditions that must run on every method (issue #13, item 1). */
export const CLINICAL_REGIMENS: readonly Regimen[] = [
  {
    id: 'obstetric-4g-1g',
    description: 'Pre-eclampsia prophylaxis (Zuspan): 4 g MgSO4·7H2O IV over 20 min, then 1 g/h for 24 h, in pregnancy (the condition: GFR +50 %, larger ECF).',
    source: 'ref:okusanya2016, ref:lu2000 (4-6 g load, 1-2 g/h for 24 h); the condition "pregnant" (scenario.ts)',
    input: { duration: '3 d', output: hourly, conditions: { pregnant: true }, doses: loadAndMaintain(4, 20, 1, 24) },
  },
  {
    id: 'obstetric-6g-2g',
    description: 'Eclampsia (Sibai): 6 g MgSO4·7H2O IV over 15 min, then 2 g/h for 24 h, in pregnancy.',
    source: 'ref:okusanya2016; the condition "pregnant" (scenario.ts)',
    input: { duration: '3 d', output: hourly, conditions: { pregnant: true }, doses: loadAndMaintain(6, 15, 2, 24) },
  },
  {
    id: 'cardiac-surgery',
    description: 'Cardiac surgery: 2 g MgSO4·7H2O over 10 min at the end of bypass, then 0.5 g/h for 24 h (atrial-fibrillation prophylaxis).',
    source: 'assumed: a typical perioperative regimen (2 g bolus, then an infusion)',
    input: { duration: '3 d', output: hourly, doses: loadAndMaintain(2, 10, 0.5, 24) },
  },
  {
    id: 'repletion-severe',
    description: 'Severe hypomagnesaemia (the Rude 1985 patient) repleted with 8 g MgSO4·7H2O over 12 h, then 24 mmol/d for 5 days.',
    source: 'ref:rude1985 patient; assumed repletion regimen',
    input: {
      duration: '100 d', output: { every: '12 h' }, diet: { Mg: '20 mg/d' }, parameters: { f_trans: 0.2, TAL_odds_factor: 4 },
      doses: [
        { cmt: 'Mg_iv', amt: mmol(8 * G), rate: perH((8 * G) / 12), time: '90 d' },
        { cmt: 'Mg_iv', amt: '120 mmol', rate: '1 mmol/h', time: '90.5 d' },
      ],
    },
  },
  {
    id: 'bolus-15mmol',
    description: 'A 15 mmol bolus (instantaneous).',
    source: 'issue #13 finding 1',
    input: { duration: '2 d', output: hourly, doses: [{ cmt: 'Mg_iv', amt: '15 mmol', time: '0 h' }] },
  },
  {
    id: 'maintenance-8mmol-h',
    description: '8 mmol/h for 24 h.',
    source: 'issue #13 finding 1',
    input: { duration: '3 d', output: hourly, doses: [{ cmt: 'Mg_iv', amt: '192 mmol', rate: '8 mmol/h', time: '0 h' }] },
  },
  {
    id: 'serum-above-5',
    description: 'Serum Mg driven beyond the declared 5 mmol/L (to ~10): 8 mmol/h for 24 h at eGFR 15 (numerical soundness far past the toxic range).',
    source: 'issue #13 item 1 (serum Mg up to 5 mmol/L)',
    input: { duration: '5 d', output: hourly, conditions: { eGFR: '15 mL/min/1.73m2' }, doses: [{ cmt: 'Mg_iv', amt: '192 mmol', rate: '8 mmol/h', time: '0 h' }] },
  },
  {
    id: 'egfr5-oral-high',
    description: 'eGFR 5 with 1000 mg/d dietary Mg and 5000 mg/d Mg chloride for a year.',
    source: 'issue #13 item 1',
    input: {
      duration: '1 y', output: { every: '1 d' }, diet: { Mg: '1000 mg/d' }, supplements: [{ Mg: '5000 mg/d', salt: 'chloride' }],
      conditions: { eGFR: '5 mL/min/1.73m2' },
    },
  },
  {
    id: 'egfr5-iv',
    description: 'eGFR 5 with the obstetric 4 g + 1 g/h regimen.',
    source: 'issue #13 item 1',
    input: { duration: '5 d', output: hourly, conditions: { eGFR: '5 mL/min/1.73m2' }, doses: loadAndMaintain(4, 20, 1, 24) },
  },
  {
    id: 'mg-free-12-months',
    description: 'Mg-free diet for 12 months.',
    source: 'ref:shils_depletion; issue #13 finding 9',
    input: { duration: '365 d', output: { every: '1 d' }, diet: { Mg: '0 mg/d' } },
  },
  {
    id: 'all-conditions-high',
    description: 'Every condition at once (postmenopausal, PPI, thiazide, loop diuretic, alcohol, type 2 diabetes, age 90, eGFR 5), ' +
      '1000 mg/d diet, 5000 mg/d Mg oxide, and the 6 g + 2 g/h IV regimen on day 30, for a year.',
    source: 'issue #13 item 1 (all conditions combined)',
    input: {
      duration: '1 y', output: { every: '1 d' }, diet: { Mg: '1000 mg/d', Ca: '3000 mg/d' }, supplements: [{ Mg: '5000 mg/d', salt: 'oxide' }],
      conditions: { ...ALL_CONDITIONS, eGFR: '5 mL/min/1.73m2' }, doses: loadAndMaintain(6, 15, 2, 24, 30 * 24),
    },
  },
  {
    id: 'all-conditions-mg-free',
    description: 'Every condition at once with a Mg-free, low-Ca diet for 12 months at eGFR 150.',
    source: 'issue #13 item 1 (all conditions combined)',
    input: {
      duration: '365 d', output: { every: '1 d' }, diet: { Mg: '0 mg/d', Ca: '100 mg/d' },
      conditions: { ...ALL_CONDITIONS, eGFR: '150 mL/min/1.73m2' },
    },
  },
];
