/**
 * Study files: published studies as data (docs/evidence.md). One YAML or JSON file per study; each
 * arm is a scenario in the format `magbone simulate` reads, with the measurements made on it.
 *
 * `checkStudy` validates one parsed file against its model and returns the normalised study (times
 * in the model's time unit, values in the observable's unit, standard errors on the residual's
 * scale) or every problem, each with its path; `loadStudies` reads files and folders and adds the
 * library-wide checks (study ids unique). Nothing is run here.
 */
import YAML from 'yaml';
import type { Model } from '../../model/model.js';
import { findModel, modelIds } from '../../builtin/index.js';
import { applyAdapter, checkParameterDomain } from '../../simulate/api.js';
import { getModel } from '../../builtin/index.js';
import { InputError, InputIssue, IssuePath, didYouMean, formatPath } from '../../core/issues.js';
import { convert, dimensionOf, hasDimension, parseQuantity } from '../../model/quantity.js';
import { validateScenario, type Scenario } from '../../simulate/scenario.js';
import { tryParseUnit, sameDimension, BASE_DIMS, type Unit } from '../../model/units.js';
import { zForLevel } from './normal.js';
import { checkKeys as checkUnknownKeys, entriesOf, keysOf, requiredKeysOf, unwrap, type AnySchema } from '../../core/shape.js';
import { KINDS, QUANTITIES, SCALES, DIRECTIONS, SPLITS, EVIDENCE_LEVELS, ID_PATTERN, StudySchema } from './study-schema.js';

export { KINDS, QUANTITIES, SCALES, DIRECTIONS, SPLITS, EVIDENCE_LEVELS, ID_PATTERN } from './study-schema.js';

// the key lists of the declared format (study-schema.ts)
const armsItem = (unwrap(entriesOf(StudySchema).arms) as unknown as { item: AnySchema }).item;
const measurementItem = (unwrap(entriesOf(armsItem).measurements) as unknown as { item: AnySchema }).item;
export const STUDY_KEYS = keysOf(StudySchema);
export const STUDY_REQUIRED = requiredKeysOf(StudySchema);
export const ARM_KEYS = keysOf(armsItem);
export const ARM_REQUIRED = requiredKeysOf(armsItem);
export const AFTER_KEYS = keysOf(entriesOf(armsItem).after);
export const MEASUREMENT_KEYS = keysOf(measurementItem);
export const MEASUREMENT_REQUIRED = requiredKeysOf(measurementItem);
export const CI_KEYS = keysOf(entriesOf(measurementItem).ci);
export const RANGE_KEYS = keysOf(entriesOf(measurementItem).range);

export type Kind = (typeof KINDS)[number];
export type Quantity = (typeof QUANTITIES)[number];
export type Scale = (typeof SCALES)[number];
export type Direction = (typeof DIRECTIONS)[number];
export type Split = (typeof SPLITS)[number];

/** A time point (t1 undefined) or an increment window value(t2) − value(t1), in model time units from the arm's start. */
export interface Window {
  /** Start of the window; undefined for a time point. */
  t1?: number;
  /** The time point, or the end of the window. */
  t2: number;
}

/**
 * One measurement of a study arm, as checked from its file (`checkStudy`): which observable, at
 * which time or window (model time units from the arm's start), what is compared (an absolute value,
 * a change, ratio or percent change against a reference), on which scale (the residual's), the
 * observed value (natural scale) with its SE (residual scale) and subject-level SD, or for a
 * qualitative fact its direction and range; and its label, unit and source for display.
 */
export interface Measurement {
  /** The measurement's id within its arm. */
  id: string;
  /** "study/arm/measurement". */
  label: string;
  /** The arm's id. */
  arm: string;
  /** The model observable it measures. */
  observable: string;
  /**
   * Qualitative facts: the observable the compared quantity is divided by (the same quantity of it, at the same
   * times and against the same reference), e.g. a clearance; `unit` is then the quotient's.
   */
  per?: string;
  /** With `per`: the factor from the quotient's unit (observable's over per's) to `unit`, the unit its range is written in. */
  perScale?: number;
  /** The kind of fact: absolute, change, percent_change, ratio, contrast or qualitative. */
  kind: Kind;
  /** What is compared: the value at `at` (absolute) or against `reference` (change, ratio, percent change). */
  quantity: Quantity;
  /** When: a time point, or a window t1 → t2 (model time units from the arm's start). */
  at: Window;
  /**
   * The reference: the arm's own baseline, or the `versus` arm at the same time. With `versus` and
   * `baseline` both given, `baseline` is the time each arm is read at as its own baseline: the
   * measurement is then a difference of changes from baseline between the arms (a placebo-adjusted
   * change), `combine4`.
   */
  reference?: {
    /** The reference arm's id (this arm for its own baseline). */
    arm: string;
    /** The reference time or window. */
    at: Window;
    /** With `versus`: the baseline time both arms are read at (a time point). */
    baseline?: number;
  };
  /** The residual's scale: `normal` (natural) or `log`. */
  scale: Scale;
  /** Observed value on its natural scale (absolute/change in the observable's unit; ratio; percent). */
  value?: number;
  /** SE of `value` on the residual's scale (log SE when scale is log), from sd/√n, se or the CI. */
  se?: number;
  /**
   * SD of one subject's value (natural scale, `value`'s unit): `sd` as given, or SE·√n when the
   * study gives `n` with `se` or a natural-scale CI; absent otherwise. Not used by the likelihood
   * (that is SE's); the noise model of a fit file comes from it (noise.ts).
   */
  sd?: number;
  /** Qualitative facts: the direction of the change. */
  direction?: Direction;
  /** Qualitative facts: the range the model's value must lie in. */
  range?: {
    /** The least allowed value, in the unit of `value`. */
    lower?: number;
    /** The greatest allowed value, in the unit of `value`. */
    upper?: number;
  };
  /** Display: the unit of `value` ('%', '1' or the observable's unit) and the time as written. */
  unit: string;
  /** The time as written in the study file. */
  timeText: string;
  /** Where in the publication the number is (table, figure, page). */
  source?: string;
  /** Free text from the study file. */
  description?: string;
}

/**
 * One arm of a study: its validated scenario (output times replaced by those its measurements need),
 * the arm it starts from (`after`: that arm's final state), and its measurements.
 */
export interface Arm {
  /** The arm's id within the study. */
  id: string;
  /** Free text from the study file. */
  description?: string;
  /** The arm's scenario, validated, output times replaced by those its measurements need. */
  scenario: Scenario;
  /** The arm whose final state this arm starts from. */
  after?: string;
  /** What was measured in this arm. */
  measurements: Measurement[];
}

/**
 * A study of the library as data (`studies/*.yaml`, checked by `checkStudy`; docs/evidence.md):
 * citation and identifiers, evidence level, population, model, its split (`training` for fitting,
 * `test` for validation), the model discrepancy for its measurements (relative SD), and the arms in
 * run order. `loadStudies` of `magbone/node` reads the library.
 */
export interface Study {
  /** Unique across the library, usually first author + year. */
  id: string;
  /** The file it was read from. */
  file: string;
  /** Authors, year, title, journal volume:pages. */
  citation: string;
  /** The DOI, when there is one. */
  doi?: string;
  /** The PubMed id, when there is one. */
  pmid?: string;
  /** The record consulted, when neither a DOI nor a PMID could be retrieved. */
  url?: string;
  /** The evidence level: in vitro, animal, human observational, human experimental, human trial or hypothesis. */
  evidence: string;
  /** Who was studied. */
  population: string;
  /** The model id the study is written for. */
  model: string;
  /** `training` (used for fitting) or `test` (held out for validation). */
  split: Split;
  /** Free-text notes (assumptions made in reading the paper). */
  notes?: string | string[];
  /** Relative SD of the model discrepancy for this study's measurements (docs/evidence.md). */
  modelError?: number;
  /** Arms in run order (an arm after the arm it starts from). */
  arms: Arm[];
}

/**
 * A problem in a study file: the file, the path inside it and the message (an `InputIssue` with its
 * file). Format one with `formatStudyIssue`; `StudyError` carries all of them.
 */
export interface StudyIssue extends InputIssue {
  /** The study file. */
  file: string;
}


/** One study problem as a line, `file: path: message` (the path left out when empty). */
export function formatStudyIssue(i: StudyIssue): string {
  return `${i.file}: ${i.path.length ? `${formatPath(i.path)}: ` : ''}${i.message}`;
}

/** Thrown when study files are invalid: every problem of every file, each with file and path. */
export class StudyError extends InputError {
  /** @param studyIssues Every problem of every file, each with its file and path. */
  constructor(public readonly studyIssues: StudyIssue[]) {
    super(studyIssues, 'study library');
    this.message = `invalid study library:\n${studyIssues.map(formatStudyIssue).join('\n')}`;
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Unknown keys (core/shape.ts, with did-you-mean), then missing required ones. */
function checkKeys(obj: Record<string, unknown>, allowed: readonly string[], required: readonly string[], at: IssuePath, issues: InputIssue[]): void {
  checkUnknownKeys(obj, allowed, at, issues);
  for (const k of required) if (obj[k] === undefined) issues.push({ path: [...at, k], message: 'required' });
}

function oneOf<T extends string>(v: unknown, allowed: readonly T[], at: IssuePath, issues: InputIssue[]): T | undefined {
  if (typeof v === 'string' && (allowed as readonly string[]).includes(v)) return v as T;
  issues.push({ path: at, message: `${JSON.stringify(v)} is not allowed${typeof v === 'string' ? didYouMean(v, allowed) : ''}; allowed: ${allowed.join(', ')}` });
  return undefined;
}

/**
 * A value in the observable's unit: a number (already in that unit) or "<number> <unit>" in any
 * unit of the same dimension, or of mass ↔ amount through `molarMass` (g/mol).
 */
function valueIn(v: unknown, target: string, molarMass: number | undefined, at: IssuePath, issues: InputIssue[]): number | undefined {
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) { issues.push({ path: at, message: `${v} is not finite` }); return undefined; }
    return v;
  }
  if (typeof v !== 'string') { issues.push({ path: at, message: `expected a number or a string such as "0.61 mmol/L", got ${JSON.stringify(v)}` }); return undefined; }
  const q = splitQuantity(v);
  if (!q) { issues.push({ path: at, message: `"${v}" is not a quantity (expected "<number> <unit>", e.g. "0.61 mmol/L")` }); return undefined; }
  const x = q.x;
  if (q.unit === '') return x;
  if (target === '') return x; // the observable is unknown (reported on its own)
  if (target === '?') { issues.push({ path: at, message: `"${v}": the observable has no known unit (?), give a bare number in its own scale` }); return undefined; }
  const from = tryParseUnit(q.unit);
  if (from.error) { issues.push({ path: at, message: `"${v}": ${from.error.message}` }); return undefined; }
  const to = tryParseUnit(target);
  if (to.error) { issues.push({ path: at, message: `the observable's unit "${target}" is not convertible` }); return undefined; }
  const f = unitFactor(from.unit, to.unit, molarMass);
  if (typeof f === 'string') { issues.push({ path: at, message: `"${v}" does not convert to ${target}: ${f}` }); return undefined; }
  return x * f;
}

/** "<number> <unit>" split into its number and its unit text ('' for a bare number); undefined when it is not one. */
function splitQuantity(v: string): { x: number; unit: string } | undefined {
  const m = /^\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*(.*?)\s*$/.exec(v);
  return m ? { x: Number(m[1]), unit: m[2] } : undefined;
}

/** Factor from unit a to unit b: same dimension, or mass ↔ amount (g ↔ mol) through the molar mass. */
function unitFactor(a: Unit, b: Unit, molarMass: number | undefined): number | string {
  if (sameDimension(a, b)) return a.scale / b.scale;
  const g = BASE_DIMS.indexOf('g'), mol = BASE_DIMS.indexOf('mol');
  const shift = a.dims[g] - b.dims[g];
  const swappable = a.dims.every((d, i) => (i === g ? true : i === mol ? d + shift === b.dims[i] : Math.abs(d - b.dims[i]) < 1e-9));
  if (swappable && shift !== 0) {
    if (molarMass === undefined) return `mass and amount of substance differ: give "molarMass" (g/mol) to convert`;
    return (a.scale / b.scale) / Math.pow(molarMass, shift);
  }
  return 'the dimensions differ';
}

/**
 * The unit of a quotient u/v as written for people: "mmol/d" over "mmol/L" is "L/d" (a common numerator cancels when the
 * result parses to the same unit), otherwise "u/(v)".
 */
function quotientUnit(u: string, v: string): string {
  const full = `${u}/(${v})`;
  const a = tryParseUnit(full);
  if (!a.error && a.unit.dims.every((d) => Math.abs(d) < 1e-12) && Math.abs(a.unit.scale - 1) < 1e-12) return '1';
  const [un, ud, ...ru] = u.split('/'), [vn, vd, ...rv] = v.split('/');
  if (ru.length || rv.length || un !== vn) return full;
  const short = vd !== undefined ? (ud !== undefined ? `${vd}/${ud}` : vd) : (ud !== undefined ? `1/${ud}` : '1');
  const b = tryParseUnit(short);
  return !a.error && !b.error && sameDimension(a.unit, b.unit) && Math.abs(a.unit.scale / b.unit.scale - 1) < 1e-12 ? short : full;
}

/** A time from the arm's start, in the model's time unit. */
function timeIn(v: unknown, tu: string, at: IssuePath, issues: InputIssue[]): number | undefined {
  const q = parseQuantity(v, tu);
  if (typeof q === 'string') { issues.push({ path: at, message: q }); return undefined; }
  if (!hasDimension(q, 'time')) { issues.push({ path: at, message: `${JSON.stringify(v)} is a ${dimensionOf(q)}, expected a time (e.g. "21 d")` }); return undefined; }
  const x = convert(q, tu);
  if (!(x >= 0) || !Number.isFinite(x)) { issues.push({ path: at, message: `${JSON.stringify(v)} must be a finite time ≥ 0` }); return undefined; }
  return x;
}

/** A window [t1, t2] with t1 < t2. */
function windowIn(v: unknown, tu: string, at: IssuePath, issues: InputIssue[]): Window | undefined {
  if (!Array.isArray(v) || v.length !== 2) { issues.push({ path: at, message: 'must be [t1, t2], e.g. ["20 d", "21 d"]' }); return undefined; }
  const t1 = timeIn(v[0], tu, [...at, 0], issues), t2 = timeIn(v[1], tu, [...at, 1], issues);
  if (t1 === undefined || t2 === undefined) return undefined;
  if (!(t2 > t1)) { issues.push({ path: at, message: `the window must end after it starts (${JSON.stringify(v)})` }); return undefined; }
  return { t1, t2 };
}

const timeText = (v: unknown): string => (Array.isArray(v) ? `${String(v[0])}–${String(v[1])}` : String(v));

interface RawArm { id?: string; duration?: number; index: number }

/**
 * Checks one parsed study file. `file` labels the issues; `model` may be given (otherwise the
 * study's `model` is looked up among the shipped models).
 */
export function checkStudy(data: unknown, file: string, given?: Model): {
  /** The checked study, when there is no issue. */
  study?: Study;
  /** Every problem, each with its file and path. */
  issues: StudyIssue[];
} {
  const issues: InputIssue[] = [];
  const done = (study?: Study) => ({ study: issues.length ? undefined : study, issues: issues.map((i) => ({ ...i, file })) });
  if (!isRecord(data)) { issues.push({ path: [], message: 'a study must be an object with id, citation, evidence, population, model, split and arms' }); return done(); }
  checkKeys(data, STUDY_KEYS, STUDY_REQUIRED, [], issues);
  const str = (k: string): string | undefined => {
    const v = data[k];
    if (v === undefined) return undefined;
    if (typeof v !== 'string' || v.trim() === '') { issues.push({ path: [k], message: 'must be a non-empty string' }); return undefined; }
    return v;
  };
  const id = str('id');
  if (id !== undefined && !ID_PATTERN.test(id)) issues.push({ path: ['id'], message: `"${id}" must match ${ID_PATTERN.source} (lower case, digits, - and _)` });
  const citation = str('citation');
  const doi = str('doi');
  const pmid = data.pmid === undefined ? undefined : typeof data.pmid === 'number' ? String(data.pmid) : str('pmid');
  const url = str('url');
  if (url !== undefined && !/^https?:\/\/\S+$/.test(url)) issues.push({ path: ['url'], message: `"${url}" must be an http(s) address` });
  if (data.doi === undefined && data.pmid === undefined && data.url === undefined) {
    issues.push({ path: ['doi'], message: 'give "doi" or "pmid" (the paper), or "url" (the record consulted) when neither could be retrieved' });
  }
  const evidence = data.evidence === undefined ? undefined : oneOf(data.evidence, EVIDENCE_LEVELS, ['evidence'], issues);
  const population = str('population');
  const split = data.split === undefined ? undefined : oneOf(data.split, SPLITS, ['split'], issues);
  let notes: string | string[] | undefined;
  if (data.notes !== undefined) {
    if (typeof data.notes === 'string' || (Array.isArray(data.notes) && data.notes.every((n) => typeof n === 'string'))) notes = data.notes as string | string[];
    else issues.push({ path: ['notes'], message: 'must be a string or a list of strings' });
  }
  let modelError: number | undefined;
  if (data.modelError !== undefined) {
    if (typeof data.modelError !== 'number' || !(data.modelError >= 0) || !Number.isFinite(data.modelError)) issues.push({ path: ['modelError'], message: `${JSON.stringify(data.modelError)} must be a relative SD ≥ 0 (e.g. 0.1 for 10 %)` });
    else modelError = data.modelError;
  }
  let model = given;
  const modelId = typeof data.model === 'string' ? data.model : undefined;
  if (data.model !== undefined && modelId === undefined) issues.push({ path: ['model'], message: `must be a model id: ${modelIds().join(', ')}` });
  if (modelId !== undefined && !given) {
    if (!findModel(modelId)) issues.push({ path: ['model'], message: `unknown model "${modelId}"${didYouMean(modelId, modelIds())}; models: ${modelIds().join(', ')}` });
    else model = getModel(modelId);
  } else if (given && modelId !== undefined && modelId !== given.id) {
    issues.push({ path: ['model'], message: `"${modelId}" does not match the model "${given.id}"` });
  }
  if (data.arms === undefined) return done();
  if (!Array.isArray(data.arms) || data.arms.length === 0) { issues.push({ path: ['arms'], message: 'must be a non-empty list of arms' }); return done(); }
  if (!model) return done(); // arms cannot be checked without a model

  const adapter = findModel(model.id)?.scenario;
  const tu = model.timeUnit;
  const known = new Set([...model.observableNames, ...model.stateNames]);
  const unitOf = (name: string): string => model!.spec.observables[name]?.unit ?? model!.spec.states[name]?.unit ?? '?';

  // first pass: arm ids and durations (for references between arms)
  const raw: RawArm[] = data.arms.map((a: unknown, i: number) => {
    if (!isRecord(a)) return { index: i };
    const aid = typeof a.id === 'string' ? a.id : undefined;
    let duration: number | undefined;
    if (isRecord(a.scenario) && a.scenario.duration !== undefined) {
      const q = parseQuantity(a.scenario.duration, tu);
      if (typeof q !== 'string' && hasDimension(q, 'time')) duration = convert(q, tu);
    }
    return { id: aid, duration, index: i };
  });
  const armIds = [...new Set(raw.map((r) => r.id).filter((x): x is string => x !== undefined))];
  // arms other arms refer to ("after", or a measurement's "versus"): these may have no measurements of their own (a placebo arm)
  const referenced = new Set<string>();
  for (const a of data.arms as unknown[]) {
    if (!isRecord(a)) continue;
    if (isRecord(a.after) && typeof a.after.arm === 'string') referenced.add(a.after.arm);
    if (Array.isArray(a.measurements)) for (const m of a.measurements) if (isRecord(m) && typeof m.versus === 'string') referenced.add(m.versus);
  }
  const byId = new Map<string, RawArm>();
  for (const r of raw) {
    if (r.id === undefined) continue;
    if (byId.has(r.id)) issues.push({ path: ['arms', r.index, 'id'], message: `duplicate arm id "${r.id}" (also arms[${byId.get(r.id)!.index}])` });
    else byId.set(r.id, r);
  }
  const measurementIds = new Map<string, string>();
  const arms: Arm[] = [];
  const needed = new Map<string, number[]>(); // arm id → output times

  const need = (arm: string, w: Window): void => {
    const list = needed.get(arm) ?? [];
    list.push(w.t2);
    if (w.t1 !== undefined) list.push(w.t1);
    needed.set(arm, list);
  };

  data.arms.forEach((a: unknown, i: number) => {
    const ap: IssuePath = ['arms', i];
    if (!isRecord(a)) { issues.push({ path: ap, message: 'must be an object { id, scenario, measurements }' }); return; }
    checkKeys(a, ARM_KEYS, ARM_REQUIRED, ap, issues);
    const armId = typeof a.id === 'string' ? a.id : undefined;
    if (a.id !== undefined && (armId === undefined || !ID_PATTERN.test(armId))) issues.push({ path: [...ap, 'id'], message: `${JSON.stringify(a.id)} must match ${ID_PATTERN.source}` });
    if (a.description !== undefined && typeof a.description !== 'string') issues.push({ path: [...ap, 'description'], message: 'must be a string' });
    // after
    let after: string | undefined;
    if (a.after !== undefined) {
      if (!isRecord(a.after)) issues.push({ path: [...ap, 'after'], message: 'must be { arm: <id of another arm of this study> }' });
      else {
        checkKeys(a.after, AFTER_KEYS, AFTER_KEYS, [...ap, 'after'], issues);
        const ref = a.after.arm;
        if (ref !== undefined) {
          if (typeof ref !== 'string' || !byId.has(ref)) issues.push({ path: [...ap, 'after', 'arm'], message: `${JSON.stringify(ref)} is not an arm of this study${typeof ref === 'string' ? didYouMean(ref, armIds) : ''}; arms: ${armIds.join(', ')}` });
          else if (ref === armId) issues.push({ path: [...ap, 'after', 'arm'], message: 'an arm cannot start after itself' });
          else after = ref;
        }
      }
    }
    // scenario (the study's model; `output` is replaced by the measurement times)
    let scenario: Scenario | undefined;
    if (a.scenario !== undefined) {
      if (!isRecord(a.scenario)) issues.push({ path: [...ap, 'scenario'], message: 'must be a scenario object (the format magbone simulate reads)' });
      else {
        const input: Record<string, unknown> = { ...a.scenario };
        if (input.model !== undefined && input.model !== model!.id) issues.push({ path: [...ap, 'scenario', 'model'], message: `"${String(input.model)}" differs from the study's model "${model!.id}" (leave it out)` });
        delete input.model;
        if (after !== undefined && input.steadyState === true) issues.push({ path: [...ap, 'scenario', 'steadyState'], message: 'an arm with "after" starts from the other arm\'s final state, not a steady state' });
        const merged = applyAdapter(input, model!, adapter);
        const v = validateScenario(merged.input, model!, adapter?.extensionKeys ?? []);
        for (const x of [...merged.issues, ...v.issues]) issues.push({ path: [...ap, 'scenario', ...x.path], message: x.message });
        if (v.scenario && merged.issues.length === 0) {
          // the model must be defined with the arm's parameters (constraints, domain), as for `magbone simulate`
          try { checkParameterDomain(model!, v.scenario); } catch (e) {
            if (e instanceof InputError) for (const x of e.issues) issues.push({ path: [...ap, 'scenario', ...x.path], message: x.message });
            else throw e;
          }
        }
        scenario = v.scenario;
      }
    }
    const duration = raw[i].duration;
    // measurements
    const ms: Measurement[] = [];
    if (a.measurements !== undefined) {
      if (!Array.isArray(a.measurements)) issues.push({ path: [...ap, 'measurements'], message: 'must be a list of measurements' });
      else if (a.measurements.length === 0 && !(armId !== undefined && referenced.has(armId))) {
        issues.push({ path: [...ap, 'measurements'], message: 'must be a non-empty list of measurements (only an arm that another arm starts "after" or compares with ("versus") may have none)' });
      } else a.measurements.forEach((m: unknown, j: number) => {
        const mp: IssuePath = [...ap, 'measurements', j];
        const out = checkMeasurement(m, mp, { study: id ?? '?', arm: armId ?? `arms[${i}]`, tu, known, unitOf, modelId: model!.id, byId, duration, issues });
        if (isRecord(m) && typeof m.id === 'string') {
          const prev = measurementIds.get(m.id);
          if (prev !== undefined) issues.push({ path: [...mp, 'id'], message: `duplicate measurement id "${m.id}" (also ${prev})` });
          else measurementIds.set(m.id, formatPath(mp));
        }
        if (out) {
          ms.push(out);
          if (armId !== undefined) need(armId, out.at);
          if (out.reference) {
            need(out.reference.arm, out.reference.at);
            if (out.reference.baseline !== undefined) { need(out.arm, { t2: out.reference.baseline }); need(out.reference.arm, { t2: out.reference.baseline }); }
          }
        }
      });
    }
    if (armId !== undefined && scenario) arms.push({ id: armId, description: typeof a.description === 'string' ? a.description : undefined, scenario, after, measurements: ms });
  });

  // `after` chains: no cycles; arms run in dependency order
  const afterOf = new Map<string, string | undefined>();
  data.arms.forEach((a: unknown) => {
    if (isRecord(a) && typeof a.id === 'string' && isRecord(a.after) && typeof a.after.arm === 'string' && byId.has(a.after.arm)) afterOf.set(a.id, a.after.arm);
  });
  for (const start of afterOf.keys()) {
    const seen = new Set<string>([start]);
    let cur = afterOf.get(start);
    while (cur !== undefined) {
      if (seen.has(cur)) { issues.push({ path: ['arms', byId.get(start)!.index, 'after'], message: `the "after" references form a cycle (${[...seen, cur].join(' → ')})` }); break; }
      seen.add(cur);
      cur = afterOf.get(cur);
    }
  }
  if (issues.length) return done();
  // output times: those the measurements need, plus the end of any arm another starts after
  const startsOthers = new Set([...afterOf.values()].filter((x): x is string => x !== undefined));
  for (const arm of arms) {
    const ts = [...(needed.get(arm.id) ?? [])];
    if (startsOthers.has(arm.id)) ts.push(arm.scenario.duration);
    const sorted = [...new Set(ts)].sort((x, y) => x - y);
    arm.scenario = { ...arm.scenario, outputTimes: Float64Array.from(sorted.length ? sorted : [arm.scenario.duration]) };
  }
  const ordered: Arm[] = [];
  const placed = new Set<string>();
  while (ordered.length < arms.length) {
    for (const arm of arms) {
      if (placed.has(arm.id) || (arm.after !== undefined && !placed.has(arm.after))) continue;
      ordered.push(arm); placed.add(arm.id);
    }
  }
  return done({
    id: id!, file, citation: citation!, doi, pmid, url, evidence: evidence!, population: population!, model: model.id, split: split!,
    notes, modelError, arms: ordered,
  });
}

interface MeasurementContext {
  study: string;
  arm: string;
  tu: string;
  known: Set<string>;
  unitOf: (name: string) => string;
  modelId: string;
  byId: Map<string, RawArm>;
  duration?: number;
  issues: InputIssue[];
}

function checkMeasurement(m: unknown, mp: IssuePath, c: MeasurementContext): Measurement | undefined {
  const { issues, tu } = c;
  const before = issues.length;
  if (!isRecord(m)) { issues.push({ path: mp, message: 'must be an object { id, observable, kind, time, value, … }' }); return undefined; }
  checkKeys(m, MEASUREMENT_KEYS, MEASUREMENT_REQUIRED, mp, issues);
  const id = typeof m.id === 'string' ? m.id : undefined;
  if (m.id !== undefined && (id === undefined || !ID_PATTERN.test(id))) issues.push({ path: [...mp, 'id'], message: `${JSON.stringify(m.id)} must match ${ID_PATTERN.source}` });
  const observable = typeof m.observable === 'string' ? m.observable : undefined;
  if (m.observable !== undefined) {
    if (observable === undefined || !c.known.has(observable)) {
      issues.push({ path: [...mp, 'observable'], message: `${JSON.stringify(m.observable)} is not an observable of ${c.modelId}${observable ? didYouMean(observable, c.known) : ''}` });
    }
  }
  const kind = m.kind === undefined ? undefined : oneOf(m.kind, KINDS, [...mp, 'kind'], issues);
  // per: a quotient of two observables' compared quantities (qualitative facts only: a range in the quotient's unit)
  let per: string | undefined;
  if (m.per !== undefined) {
    if (typeof m.per !== 'string' || !c.known.has(m.per)) {
      issues.push({ path: [...mp, 'per'], message: `${JSON.stringify(m.per)} is not an observable of ${c.modelId}${typeof m.per === 'string' ? didYouMean(m.per, c.known) : ''}` });
    } else per = m.per;
    if (kind !== undefined && kind !== 'qualitative') issues.push({ path: [...mp, 'per'], message: 'only for qualitative measurements (a range of the quotient); a likelihood term needs the quotient\'s dispersion' });
    if (m.direction !== undefined) issues.push({ path: [...mp, 'direction'], message: 'not used with "per" (a direction compares this arm with its reference): give a "range" of the quotient' });
    if (m.quantity !== undefined && m.quantity !== 'absolute' && m.quantity !== 'change') issues.push({ path: [...mp, 'quantity'], message: `${JSON.stringify(m.quantity)} is not allowed with "per"; allowed: absolute, change (a quotient of ratios or percent changes has no unit to compare)` });
    if (observable !== undefined && per === observable) issues.push({ path: [...mp, 'per'], message: 'dividing an observable by itself gives 1' });
  }
  const obsUnit = observable && c.known.has(observable) ? c.unitOf(observable) : ''; // '': unknown observable
  const perUnit = per !== undefined ? c.unitOf(per) : undefined;
  const quotient = perUnit === undefined || obsUnit === '' ? obsUnit : obsUnit === '?' || perUnit === '?' ? '?' : quotientUnit(obsUnit, perUnit);
  // a quotient is shown and compared in the unit its range is written in ("4.28 L/h", not L/d) when that unit converts:
  // the model's quotient is scaled by perScale (quotient unit → that unit)
  let unit = quotient, perScale = 1;
  if (per !== undefined && quotient !== '' && quotient !== '?' && isRecord(m.range)) {
    const written = [m.range.lower, m.range.upper].map((x) => (typeof x === 'string' ? splitQuantity(x)?.unit : undefined)).find((x) => x);
    const from = tryParseUnit(quotient), to = written ? tryParseUnit(written) : undefined;
    if (written && to && !to.error && !from.error && sameDimension(from.unit, to.unit)) { unit = written; perScale = from.unit.scale / to.unit.scale; }
  }
  let molarMass: number | undefined;
  if (m.molarMass !== undefined) {
    if (typeof m.molarMass !== 'number' || !(m.molarMass > 0)) issues.push({ path: [...mp, 'molarMass'], message: `${JSON.stringify(m.molarMass)} must be a molar mass > 0 in g/mol` });
    else molarMass = m.molarMass;
  }
  // when: a time or an increment window
  let at: Window | undefined;
  if (m.time !== undefined && m.over !== undefined) issues.push({ path: [...mp, 'over'], message: 'give either "time" or "over", not both' });
  else if (m.over !== undefined) at = windowIn(m.over, tu, [...mp, 'over'], issues);
  else if (m.time !== undefined) { const t = timeIn(m.time, tu, [...mp, 'time'], issues); if (t !== undefined) at = { t2: t }; }
  else issues.push({ path: [...mp, 'time'], message: 'required (e.g. "21 d"), or "over": [t1, t2]' });
  const inArm = (w: Window | undefined, duration: number | undefined, p: IssuePath, whose: string): void => {
    if (w && duration !== undefined && w.t2 > duration * (1 + 1e-12)) issues.push({ path: p, message: `${whose} is after the end of the arm (duration ${+duration.toPrecision(6)} ${tu})` });
  };
  inArm(at, c.duration, [...mp, m.over !== undefined ? 'over' : 'time'], 'the time');

  // what is compared
  let quantity: Quantity | undefined;
  if (kind === 'qualitative') {
    if (m.quantity !== undefined) quantity = oneOf(m.quantity, QUANTITIES, [...mp, 'quantity'], issues);
    else quantity = m.direction !== undefined || m.versus !== undefined || m.baseline !== undefined ? 'change' : 'absolute';
    if (m.direction === undefined && m.range === undefined) issues.push({ path: [...mp, 'direction'], message: 'a qualitative measurement needs "direction" or "range"' });
  } else if (kind !== undefined) {
    if (m.quantity !== undefined) issues.push({ path: [...mp, 'quantity'], message: 'only for qualitative measurements (the kind says what is compared)' });
    quantity = kind === 'contrast' ? 'change' : kind;
  }
  let versus: string | undefined;
  if (m.versus !== undefined) {
    if (typeof m.versus !== 'string' || !c.byId.has(m.versus)) issues.push({ path: [...mp, 'versus'], message: `${JSON.stringify(m.versus)} is not an arm of this study${typeof m.versus === 'string' ? didYouMean(m.versus, c.byId.keys()) : ''}; arms: ${[...c.byId.keys()].join(', ')}` });
    else if (m.versus === c.arm) issues.push({ path: [...mp, 'versus'], message: 'an arm cannot be compared with itself' });
    else versus = m.versus;
    if (kind === 'absolute') issues.push({ path: [...mp, 'versus'], message: 'not used by an absolute value (use kind contrast, ratio or percent_change)' });
  } else if (kind === 'contrast') issues.push({ path: [...mp, 'versus'], message: 'required for a contrast: the other arm\'s id' });
  let reference: Measurement['reference'];
  const relative = quantity !== undefined && quantity !== 'absolute';
  const needsReference = relative || m.direction !== undefined;
  if (m.baseline !== undefined && !needsReference) {
    issues.push({ path: [...mp, 'baseline'], message: `not used by an ${quantity ?? 'absolute'} value` });
  }
  if (needsReference && at) {
    if (versus !== undefined) {
      reference = { arm: versus, at };
      inArm(at, c.byId.get(versus)!.duration, [...mp, 'versus'], `the time in arm "${versus}"`);
      // with a baseline too: each arm's change from its own baseline, then the difference between the arms
      if (m.baseline !== undefined) {
        if (at.t1 !== undefined) issues.push({ path: [...mp, 'baseline'], message: 'with "versus" and "over", a baseline is not supported (give "time" for a difference of changes from baseline)' });
        else {
          const t0 = timeIn(m.baseline, tu, [...mp, 'baseline'], issues);
          if (t0 !== undefined) {
            if (t0 > at.t2) issues.push({ path: [...mp, 'baseline'], message: `the baseline (${+t0.toPrecision(6)} ${tu}) is after the measurement time (${+at.t2.toPrecision(6)} ${tu})` });
            reference.baseline = t0;
          }
        }
      }
    } else if (at.t1 !== undefined) {
      if (m.baseline === undefined) issues.push({ path: [...mp, 'baseline'], message: 'required with "over": the baseline window [t1, t2]' });
      else { const w = windowIn(m.baseline, tu, [...mp, 'baseline'], issues); if (w) reference = { arm: c.arm, at: w }; }
    } else {
      const t = m.baseline === undefined ? 0 : timeIn(m.baseline, tu, [...mp, 'baseline'], issues);
      if (t !== undefined) reference = { arm: c.arm, at: { t2: t } };
    }
    if (reference && reference.arm === c.arm) inArm(reference.at, c.duration, [...mp, 'baseline'], 'the baseline');
  }

  // scale
  let scale: Scale = quantity === 'ratio' ? 'log' : 'normal';
  if (m.scale !== undefined) {
    const s = oneOf(m.scale, SCALES, [...mp, 'scale'], issues);
    if (s === 'log' && (quantity === 'change')) issues.push({ path: [...mp, 'scale'], message: 'a difference (change, contrast) can be negative: use "normal"' });
    else if (s === 'log' && quantity === 'percent_change' && reference?.baseline !== undefined) issues.push({ path: [...mp, 'scale'], message: 'a difference of percent changes from baseline can be below −100 %: use "normal" (or kind ratio, which is positive, for a log scale)' });
    else if (s) scale = s;
  }
  const valueUnit = quantity === 'ratio' ? '1' : quantity === 'percent_change' ? '%' : unit;
  const numberOnly = quantity === 'ratio' || quantity === 'percent_change';
  const readValue = (v: unknown, p: IssuePath): number | undefined => {
    if (numberOnly) {
      if (typeof v !== 'number' || !Number.isFinite(v)) { issues.push({ path: p, message: `${JSON.stringify(v)} must be a number (${quantity === 'ratio' ? 'a ratio, e.g. 0.76' : 'percent, e.g. -12.5'})` }); return undefined; }
      return v;
    }
    return valueIn(v, unit, molarMass, p, issues);
  };

  let value: number | undefined, se: number | undefined, sdOne: number | undefined;
  let direction: Direction | undefined, range: Measurement['range'];
  if (kind === 'qualitative') {
    for (const k of ['value', 'sd', 'se', 'ci', 'n'] as const) if (m[k] !== undefined) issues.push({ path: [...mp, k], message: 'not used by a qualitative measurement' });
    if (m.direction !== undefined) direction = oneOf(m.direction, DIRECTIONS, [...mp, 'direction'], issues);
    if (m.range !== undefined) {
      if (!isRecord(m.range)) issues.push({ path: [...mp, 'range'], message: 'must be { lower?, upper? }' });
      else {
        checkKeys(m.range, RANGE_KEYS, [], [...mp, 'range'], issues);
        if (m.range.lower === undefined && m.range.upper === undefined) issues.push({ path: [...mp, 'range'], message: 'give "lower", "upper" or both' });
        range = {};
        if (m.range.lower !== undefined) range.lower = readValue(m.range.lower, [...mp, 'range', 'lower']);
        if (m.range.upper !== undefined) range.upper = readValue(m.range.upper, [...mp, 'range', 'upper']);
        if (range.lower !== undefined && range.upper !== undefined && !(range.upper > range.lower)) issues.push({ path: [...mp, 'range'], message: 'upper must be greater than lower' });
      }
    }
  } else if (kind !== undefined) {
    for (const k of ['direction', 'range'] as const) if (m[k] !== undefined) issues.push({ path: [...mp, k], message: 'only for qualitative measurements' });
    if (m.value === undefined) issues.push({ path: [...mp, 'value'], message: `required for a ${kind} measurement${numberOnly ? '' : ` (with unit, e.g. "0.61 ${unit === '?' ? '' : unit}")`}` });
    else value = readValue(m.value, [...mp, 'value']);
    const given = (['sd', 'se', 'ci'] as const).filter((k) => m[k] !== undefined);
    if (given.length === 0) issues.push({ path: [...mp, 'se'], message: 'a dispersion is required: "se", "sd" with "n", or "ci" { lower, upper, level }' });
    else if (given.length > 1) issues.push({ path: [...mp, given[1]], message: `give one dispersion, not ${given.join(' and ')}` });
    if (m.n !== undefined && (typeof m.n !== 'number' || !Number.isInteger(m.n) || m.n < 1)) issues.push({ path: [...mp, 'n'], message: `${JSON.stringify(m.n)} must be a positive integer` });
    if (m.sd !== undefined && m.n === undefined) issues.push({ path: [...mp, 'n'], message: 'required with "sd" (SE = sd/√n)' });
    if (value !== undefined && given.length === 1) {
      const positive = (x: number | undefined, p: IssuePath): number | undefined => {
        if (x !== undefined && !(x > 0)) { issues.push({ path: p, message: 'must be > 0' }); return undefined; }
        return x;
      };
      let seNatural: number | undefined;
      let seLog: number | undefined;
      let sdGiven: number | undefined;
      if (m.se !== undefined) seNatural = positive(readValue(m.se, [...mp, 'se']), [...mp, 'se']);
      else if (m.sd !== undefined) {
        const sd = positive(readValue(m.sd, [...mp, 'sd']), [...mp, 'sd']);
        if (sd !== undefined && typeof m.n === 'number' && m.n >= 1) { seNatural = sd / Math.sqrt(m.n); sdGiven = sd; }
      } else if (m.ci !== undefined) {
        const ci = m.ci;
        if (!isRecord(ci)) issues.push({ path: [...mp, 'ci'], message: 'must be { lower, upper, level } (level default 0.95)' });
        else {
          checkKeys(ci, CI_KEYS, ['lower', 'upper'], [...mp, 'ci'], issues);
          const lo = ci.lower === undefined ? undefined : readValue(ci.lower, [...mp, 'ci', 'lower']);
          const hi = ci.upper === undefined ? undefined : readValue(ci.upper, [...mp, 'ci', 'upper']);
          let level = 0.95;
          if (ci.level !== undefined) {
            if (typeof ci.level !== 'number' || !(ci.level > 0 && ci.level < 1)) issues.push({ path: [...mp, 'ci', 'level'], message: `${JSON.stringify(ci.level)} must be in (0, 1), e.g. 0.95` });
            else level = ci.level;
          }
          if (lo !== undefined && hi !== undefined) {
            if (!(hi > lo)) issues.push({ path: [...mp, 'ci'], message: 'upper must be greater than lower' });
            else if (!(value >= lo && value <= hi)) issues.push({ path: [...mp, 'ci'], message: `the value ${value} is outside its interval [${lo}, ${hi}]` });
            else {
              const z = zForLevel(level);
              if (scale === 'log') {
                const [tl, th] = [toLogScale(quantity!, lo), toLogScale(quantity!, hi)];
                if (!Number.isFinite(tl) || !Number.isFinite(th)) issues.push({ path: [...mp, 'ci'], message: 'a log-scale interval must be positive' });
                else seLog = (th - tl) / (2 * z);
              } else seNatural = (hi - lo) / (2 * z);
            }
          }
        }
      }
      if (scale === 'log') {
        const ty = toLogScale(quantity!, value);
        if (!Number.isFinite(ty)) issues.push({ path: [...mp, 'value'], message: `${value} cannot be on the log scale (it must be > 0${quantity === 'percent_change' ? ', i.e. > −100 %' : ''})` });
        else if (seLog === undefined && seNatural !== undefined) seLog = quantity === 'percent_change' ? (seNatural / 100) / (1 + value / 100) : seNatural / value; // delta method
        se = seLog;
      } else se = seNatural;
      if (sdGiven !== undefined) sdOne = sdGiven;
      else if (seNatural !== undefined && typeof m.n === 'number' && Number.isInteger(m.n) && m.n >= 1) sdOne = seNatural * Math.sqrt(m.n);
    }
  }
  if (issues.length > before || !id || !observable || !kind || !quantity || !at) return undefined;
  const text = m.over !== undefined ? timeText(m.over) : timeText(m.time);
  return {
    id, label: `${c.study}/${c.arm}/${id}`, arm: c.arm, observable, ...(per !== undefined ? { per, perScale } : {}), kind, quantity, at, reference, scale, value, se,
    ...(sdOne !== undefined ? { sd: sdOne } : {}), direction, range,
    unit: valueUnit, timeText: text,
    source: typeof m.source === 'string' ? m.source : undefined,
    description: typeof m.description === 'string' ? m.description : undefined,
  };
}

/** A value of a quantity on the log scale: ln y, or ln(1 + y/100) for a percent change (NaN when not positive). */
export function toLogScale(quantity: Quantity, y: number): number {
  const x = quantity === 'percent_change' ? 1 + y / 100 : y;
  return x > 0 ? Math.log(x) : NaN;
}

/** Reads a YAML (.yaml/.yml) or JSON (.json) text. */
export function parseStudyText(text: string, file: string): {
  /** The parsed document (unchecked), when the text parses. */
  data?: unknown;
  /** Syntax problems, each with its file. */
  issues: StudyIssue[];
} {
  if (/\.ya?ml$/i.test(file)) {
    const doc = YAML.parseDocument(text, { prettyErrors: true });
    if (doc.errors.length) return { issues: doc.errors.map((e) => ({ file, path: [], message: `invalid YAML: ${e.message.split('\n')[0]}` })) };
    return { data: doc.toJS(), issues: [] };
  }
  try {
    return { data: JSON.parse(text), issues: [] };
  } catch (e) {
    return { issues: [{ file, path: [], message: `invalid JSON: ${(e as Error).message}` }] };
  }
}
