/**
 * PEtab v1 problems (Schmiester et al. 2021, PLoS Comput Biol 17:e1008646; petab.readthedocs.io):
 * the problem file (YAML), the SBML model and four tables — parameters, conditions, observables,
 * measurements (visualization tables are ignored). `buildPetabProblem` checks everything and reports
 * every problem at once (file, line, column) in a `PetabError`; what magbone does not support is
 * declined there, by name, never dropped silently.
 *
 * Reading files is the caller's job (src/node/petab-files.ts): this module takes texts.
 */
import YAML from 'yaml';
import { InputError } from '../../core/issues.js';
import { importSBML, type SbmlImport } from '../../model/sbml/import.js';
import { SbmlReadError } from '../../model/sbml/read.js';
import { XmlSyntaxError } from '../../model/sbml/xml.js';
import { parse as parseExpr } from '../../model/expr/parse.js';
import { symbolsOf, type Expr } from '../../model/expr/ast.js';
import { parseTsv, petabNumber, formatPetabIssue, type PetabIssue, type TsvTable } from './tsv.js';
import { readPrior, priorThetaInterval, type PetabPrior } from './prior.js';

export type { PetabIssue } from './tsv.js';
export { formatPetabIssue } from './tsv.js';

/** A PEtab scale: of a parameter (parameterScale) or of an observable and its data (observableTransformation). */
export type PetabScale = 'lin' | 'log' | 'log10';

/** A row of the parameter table. */
export interface PetabParameter {
  /** The parameterId: an SBML id of the model, or a new id used in the condition, observable and measurement tables. */
  id: string;
  /** The parameterScale on which the parameter is estimated: `lin`, `log` (natural log) or `log10`. */
  scale: PetabScale;
  /** The lowerBound, on the linear scale (PEtab v1 gives bounds unscaled). */
  lower: number;
  /** The upperBound, on the linear scale (PEtab v1 gives bounds unscaled). */
  upper: number;
  /** The nominalValue, on the linear scale: the value of a fixed parameter and the start of a fit for an estimated one. */
  nominal: number;
  /** The estimate column: true (1) when the parameter is estimated, false (0) when it is fixed at `nominal`. */
  estimate: boolean;
  /** objectivePriorType/objectivePriorParameters: a prior density in the objective (log-prior, log-posterior, fit); absent when the cells are empty. */
  objectivePrior?: PetabPrior;
  /** initializationPriorType/initializationPriorParameters: where a fit's multi-start points are drawn; absent when the cells are empty (then uniform on the parameter scale over the bounds). */
  initializationPrior?: PetabPrior;
}

/** A row of the observable table: the formulas (parsed), transformation, noise distribution and the number of placeholders. */
export interface PetabObservable {
  /** The observableId, referenced by the measurement table. */
  id: string;
  /** The observableFormula, parsed: the model quantity h that is measured, in SBML ids, parameter-table ids and `observableParameter<n>_<id>` placeholders. */
  formula: Expr;
  /** The noiseFormula, parsed: the standard deviation σ of a measurement, on the scale of `transformation`, possibly with `noiseParameter<n>_<id>` placeholders. */
  noiseFormula: Expr;
  /** The observableTransformation: the scale on which h and the data are compared, `lin`, `log` (natural log) or `log10`. */
  transformation: PetabScale;
  /** The noiseDistribution of the residual on that scale: `normal` or `laplace`. */
  noiseDistribution: 'normal' | 'laplace';
  /** Number of observableParameter<n>_<id> / noiseParameter<n>_<id> placeholders (the largest n). */
  nObservableParameters: number;
  /** Number of `noiseParameter<n>_<id>` placeholders in `noiseFormula` (the largest n), the length every measurement's `noiseParameters` must have. */
  nNoiseParameters: number;
}

/** A value the tables give: a number (NaN: "the model's value"), or the id of a parameter of the parameter table. */
export type PetabValue = number | string;

/** A row of the condition table: what it sets in the model. */
export interface PetabCondition {
  /** The conditionId, referenced by the measurement table as simulation or preequilibration condition. */
  id: string;
  /** SBML id (parameter, species, compartment) → its value in this condition. */
  values: Map<string, PetabValue>;
}

/** A row of the measurement table, with its overrides resolved to numbers or parameter ids. */
export interface PetabMeasurement {
  /** Where the row is ("measurements.tsv, line 7"), for messages. */
  where: string;
  /** The observableId this row measures. */
  observable: string;
  /** The preequilibrationConditionId: the model is run to steady state under this condition first; absent when the cell is empty. */
  preequilibration?: string;
  /** The simulationConditionId: the condition under which the model is simulated from t = 0. */
  condition: string;
  /** Time in the model's time unit; Infinity = at steady state. */
  time: number;
  /** The measurement, as the table gives it (unscaled: the observable's transformation is applied to it and to h in the likelihood). */
  value: number;
  /** The observableParameters column split at `;`: the values of the observable formula's placeholders, in order (numbers or parameter-table ids). */
  observableParameters: PetabValue[];
  /** The noiseParameters column split at `;`: the values of the noise formula's placeholders, in order (numbers or parameter-table ids). */
  noiseParameters: PetabValue[];
}

/** A checked PEtab v1 problem: the imported SBML model and the four tables. */
export interface PetabProblem {
  /** The problem file (for messages). */
  file: string;
  /** The SBML file the problem names, relative to the problem file. */
  sbmlFile: string;
  /** The imported SBML model (magbone's model language, with the SBML ids mapped). */
  sbml: SbmlImport;
  /** The parameter table, in file order. */
  parameters: PetabParameter[];
  /** The condition table: conditionId → its row. */
  conditions: Map<string, PetabCondition>;
  /** The observable table: observableId → its row. */
  observables: Map<string, PetabObservable>;
  /** The measurement table (all measurement files), in file order. */
  measurements: PetabMeasurement[];
  /** Things a user should know (ignored columns and files, notes of the SBML import). */
  notes: string[];
}

/** The files a problem file names, relative to it. */
export interface PetabFileList {
  /** The parameter_file (one table). */
  parameterFile: string;
  /** The one entry of problems[0].sbml_files. */
  sbmlFile: string;
  /** problems[0].condition_files (their rows are concatenated). */
  conditionFiles: string[];
  /** problems[0].measurement_files (their rows are concatenated). */
  measurementFiles: string[];
  /** problems[0].observable_files (their rows are concatenated). */
  observableFiles: string[];
  /** Named but not read (visualization). */
  ignored: string[];
}

/** Every problem of a PEtab problem (an InputError: exit code 2 from the CLI, no stack trace). */
export class PetabError extends InputError {
  constructor(
    /** Every problem found, each with its file, line and column. */
    readonly petabIssues: PetabIssue[],
  ) {
    super(petabIssues.map((i) => ({ path: [i.file, ...(i.line !== undefined ? [i.line] : []), ...(i.column !== undefined ? [i.column] : [])], message: i.message })), 'PEtab problem');
    this.message = `invalid PEtab problem:\n${petabIssues.map(formatPetabIssue).join('\n')}`;
    this.name = 'PetabError';
  }
}

const ID = /^[A-Za-z_][A-Za-z0-9_]*$/;
const SCALES: readonly string[] = ['lin', 'log', 'log10'];

/** Reads the problem file (YAML): format_version 1, one problem with one SBML model. Throws PetabError. */
export function petabFileList(text: string, file: string): PetabFileList {
  const issues: PetabIssue[] = [];
  let doc: unknown;
  try { doc = YAML.parse(text); } catch (e) { throw new PetabError([{ file, message: `not YAML: ${(e as Error).message.split('\n')[0]}` }]); }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new PetabError([{ file, message: 'the problem file must be a YAML mapping (format_version, parameter_file, problems)' }]);
  const d = doc as Record<string, unknown>;
  const fv = String(d.format_version ?? '');
  if (fv === '2' || fv.startsWith('2.')) issues.push({ file, column: 'format_version', message: `PEtab ${fv} is not supported (declined: magbone reads PEtab v1)` });
  else if (!(fv === '1' || fv.startsWith('1.'))) issues.push({ file, column: 'format_version', message: `"${fv}" is not a PEtab format version (expected 1)` });
  const str = (v: unknown, key: string): string => {
    if (typeof v === 'string' && v.trim() !== '') return v;
    issues.push({ file, column: key, message: 'required: a file name' });
    return '';
  };
  const parameterFile = str(d.parameter_file, 'parameter_file');
  const problems = d.problems;
  const list: PetabFileList = { parameterFile, sbmlFile: '', conditionFiles: [], measurementFiles: [], observableFiles: [], ignored: [] };
  if (!Array.isArray(problems) || problems.length === 0) {
    issues.push({ file, column: 'problems', message: 'required: a list with one problem' });
    throw new PetabError(issues);
  }
  if (problems.length > 1) issues.push({ file, column: 'problems', message: `${problems.length} problems: only one problem per file is supported (declined)` });
  const p = (problems[0] ?? {}) as Record<string, unknown>;
  const files = (key: string, required: boolean): string[] => {
    const v = p[key];
    if (v === undefined) { if (required) issues.push({ file, column: `problems[0].${key}`, message: 'required: a list of files' }); return []; }
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) { issues.push({ file, column: `problems[0].${key}`, message: 'must be a list of file names' }); return []; }
    return v as string[];
  };
  const sbml = files('sbml_files', true);
  if (sbml.length !== 1 && p.sbml_files !== undefined) issues.push({ file, column: 'problems[0].sbml_files', message: `${sbml.length} SBML files: exactly one is supported` });
  list.sbmlFile = sbml[0] ?? '';
  list.conditionFiles = files('condition_files', true);
  list.measurementFiles = files('measurement_files', true);
  list.observableFiles = files('observable_files', true);
  list.ignored = files('visualization_files', false);
  for (const k of Object.keys(p)) {
    if (!['sbml_files', 'condition_files', 'measurement_files', 'observable_files', 'visualization_files'].includes(k)) {
      issues.push({ file, column: `problems[0].${k}`, message: `'${k}' is not supported (declined)` });
    }
  }
  if (issues.length) throw new PetabError(issues);
  return list;
}

/** Placeholders of a formula: observableParameter<n>_<obs> or noiseParameter<n>_<obs>; the largest n. */
function placeholders(e: Expr, kind: 'observable' | 'noise', obs: string): number {
  let n = 0;
  const re = new RegExp(`^${kind}Parameter(\\d+)_${obs}$`);
  for (const s of symbolsOf(e)) { const m = re.exec(s); if (m) n = Math.max(n, Number(m[1])); }
  return n;
}

/** PEtab's math (sympy syntax) in the modelling language: ** is ^. */
function parseFormula(text: string): Expr | string {
  try {
    return parseExpr(text.replace(/\*\*/g, '^'));
  } catch (e) {
    return (e as Error).message.split('\n')[0];
  }
}

/**
 * Builds a problem from its texts: `texts` maps each file name of `list` to its content. Checks
 * every table and every reference between them and the model; throws PetabError with all problems.
 */
export function buildPetabProblem(file: string, list: PetabFileList, texts: ReadonlyMap<string, string>): PetabProblem {
  const issues: PetabIssue[] = [];
  const notes: string[] = [];
  const table = (name: string): TsvTable => parseTsv(texts.get(name) ?? '', name, issues);
  const need = (t: TsvTable, cols: string[]): boolean => {
    const missing = cols.filter((c) => !t.columns.includes(c));
    for (const c of missing) issues.push({ file: t.file, line: 1, column: c, message: 'required column missing' });
    return missing.length === 0;
  };

  // ---- the model
  let sbml: SbmlImport | undefined;
  try {
    sbml = importSBML(texts.get(list.sbmlFile) ?? '');
  } catch (e) {
    if (e instanceof SbmlReadError) for (const p of e.problems) issues.push({ file: list.sbmlFile, message: p });
    else if (e instanceof XmlSyntaxError) issues.push({ file: list.sbmlFile, message: e.message });
    else if (e instanceof RangeError) issues.push({ file: list.sbmlFile, message: 'nested too deeply to read' });
    else throw e;
  }
  if (sbml) {
    if (sbml.events.length) notes.push(`${list.sbmlFile}: ${sbml.events.length} SBML event${sbml.events.length === 1 ? '' : 's'} (${sbml.events.map((e) => e.id).join(', ')}) run as \`magbone simulate\` runs them; derivatives by central differences`);
    for (const d of sbml.delays) issues.push({ file: list.sbmlFile, message: `delay(${d.x}, ${d.d}): delay equations are not supported in PEtab problems (declined; magbone simulate and sbml-case run them)` });
    for (const n of sbml.notes) notes.push(`${list.sbmlFile}: ${n}`);
  }
  const modelId = (id: string): boolean => sbml?.symbols.has(id) ?? false;

  // ---- parameters
  const pt = table(list.parameterFile);
  const parameters: PetabParameter[] = [];
  const paramIds = new Set<string>();
  if (need(pt, ['parameterId', 'parameterScale', 'lowerBound', 'upperBound', 'nominalValue', 'estimate'])) {
    for (const c of pt.columns) {
      if (!['parameterId', 'parameterName', 'parameterScale', 'lowerBound', 'upperBound', 'nominalValue', 'estimate', 'initializationPriorType', 'initializationPriorParameters', 'objectivePriorType', 'objectivePriorParameters'].includes(c)) notes.push(`${pt.file}: column '${c}' is ignored`);
    }
    for (const r of pt.rows) {
      const at = (column: string, message: string): void => { issues.push({ file: pt.file, line: r.line, column, message }); };
      const id = r.get('parameterId');
      if (!ID.test(id)) at('parameterId', `"${id}" is not a valid id (a letter or _, then letters, digits, _)`);
      else if (paramIds.has(id)) at('parameterId', `'${id}' is listed twice`);
      paramIds.add(id);
      const scale = r.get('parameterScale') || 'lin';
      if (!SCALES.includes(scale)) at('parameterScale', `"${scale}" is not a scale (lin, log, log10)`);
      const num = (c: string, required: boolean): number => {
        const v = petabNumber(r.get(c));
        if (v === undefined || (required && Number.isNaN(v))) { if (required || r.get(c) !== '') at(c, `"${r.get(c)}" is not a number`); return NaN; }
        return v;
      };
      const est = r.get('estimate');
      if (est !== '0' && est !== '1') at('estimate', `"${est}" must be 0 or 1`);
      const lower = num('lowerBound', est === '1'), upper = num('upperBound', est === '1'), nominal = num('nominalValue', true);
      if (lower > upper) at('lowerBound', `${lower} is above upperBound ${upper}`);
      if (scale !== 'lin' && lower < 0) at('lowerBound', `${lower} is negative, but the scale is ${scale}`);
      if (scale !== 'lin' && nominal <= 0) at('nominalValue', `${nominal} is not positive, but the scale is ${scale}`);
      if (est === '1' && !(nominal >= lower && nominal <= upper)) at('nominalValue', `${nominal} is outside the bounds [${lower}, ${upper}]`);
      if (sbml && modelId(id)) {
        const s = sbml.symbols.get(id)!;
        if (s.kind !== 'parameter' && s.kind !== 'compartment') at('parameterId', `'${id}' is a ${s.kind} of the model: only model parameters and compartments may be in the parameter table`);
        else if (!(s.name in sbml.spec.parameters)) at('parameterId', `'${id}' is not a constant of the model (a rule or rate rule sets it)`);
      }
      const priors: Pick<PetabParameter, 'objectivePrior' | 'initializationPrior'> = {};
      for (const kind of ['objective', 'initialization'] as const) {
        const pr = readPrior(r.get(`${kind}PriorType`), r.get(`${kind}PriorParameters`), kind, SCALES.includes(scale) ? scale : 'lin', [lower, upper], { file: pt.file, line: r.line }, issues);
        if (!pr) continue;
        if (est !== '1') { notes.push(`${pt.file}, line ${r.line}: ${kind} prior of '${id}' is unused (the parameter is not estimated)`); continue; }
        // a uniform prior must leave part of the bounds (its density is 0 outside its interval)
        const [lo, hi] = priorThetaInterval(pr, scale);
        const [blo, bhi] = [scale === 'lin' ? lower : lower > 0 ? Math.log(lower) / (scale === 'log10' ? Math.LN10 : 1) : -Infinity, scale === 'lin' ? upper : Math.log(upper) / (scale === 'log10' ? Math.LN10 : 1)];
        if (kind === 'objective' && !(Math.max(lo, blo) <= Math.min(hi, bhi))) at(`${kind}PriorParameters`, `${pr.a};${pr.b}: the ${pr.type} interval does not overlap the bounds [${lower}, ${upper}]${pr.type === 'parameterScaleUniform' ? ` (on ${scale} scale)` : ''}`);
        priors[`${kind}Prior`] = pr;
      }
      parameters.push({ id, scale: scale as PetabScale, lower, upper, nominal, estimate: est === '1', ...priors });
    }
  }
  const value = (text: string, where: { file: string; line: number; column: string }, allowNaN: boolean): PetabValue => {
    const v = petabNumber(text);
    if (v !== undefined) {
      if (Number.isNaN(v) && !allowNaN) issues.push({ ...where, message: 'NaN is not allowed here' });
      return v;
    }
    if (paramIds.has(text)) return text;
    issues.push({ ...where, message: text === '' ? 'empty: a number or a parameter id is required' : `"${text}" is neither a number nor a parameter of the parameter table` });
    return NaN;
  };

  // ---- conditions
  const conditions = new Map<string, PetabCondition>();
  for (const f of list.conditionFiles) {
    const ct = table(f);
    if (!need(ct, ['conditionId'])) continue;
    const targets = ct.columns.filter((c) => c !== 'conditionId' && c !== 'conditionName');
    for (const c of targets) {
      if (!sbml) continue;
      const s = sbml.symbols.get(c);
      if (!s) issues.push({ file: f, line: 1, column: c, message: `'${c}' is not an id of the model` });
      else if (s.kind === 'reaction' || s.kind === 'speciesReference') issues.push({ file: f, line: 1, column: c, message: `'${c}' is a ${s.kind}: conditions may set parameters, species and compartments` });
      else if (s.name in sbml.spec.rules) issues.push({ file: f, line: 1, column: c, message: `'${c}' is set by an assignment rule: a condition cannot set it` });
      else if (paramIds.has(c)) issues.push({ file: f, line: 1, column: c, message: `'${c}' is also in the parameter table: a condition may not set it` });
    }
    for (const r of ct.rows) {
      const id = r.get('conditionId');
      if (!ID.test(id)) { issues.push({ file: f, line: r.line, column: 'conditionId', message: `"${id}" is not a valid id` }); continue; }
      if (conditions.has(id)) issues.push({ file: f, line: r.line, column: 'conditionId', message: `condition '${id}' is listed twice` });
      const values = new Map<string, PetabValue>();
      // an empty cell is NaN (the model's value), as pandas reads it
      for (const c of targets) values.set(c, r.get(c) === '' ? NaN : value(r.get(c), { file: f, line: r.line, column: c }, true));
      conditions.set(id, { id, values });
    }
  }

  // ---- observables
  const observables = new Map<string, PetabObservable>();
  for (const f of list.observableFiles) {
    const ot = table(f);
    if (!need(ot, ['observableId', 'observableFormula', 'noiseFormula'])) continue;
    for (const c of ot.columns) if (!['observableId', 'observableName', 'observableFormula', 'observableTransformation', 'noiseFormula', 'noiseDistribution'].includes(c)) notes.push(`${f}: column '${c}' is ignored`);
    for (const r of ot.rows) {
      const at = (column: string, message: string): void => { issues.push({ file: f, line: r.line, column, message }); };
      const id = r.get('observableId');
      if (!ID.test(id)) { at('observableId', `"${id}" is not a valid id`); continue; }
      if (observables.has(id)) at('observableId', `observable '${id}' is listed twice`);
      if (modelId(id)) at('observableId', `'${id}' is also an id of the model`);
      const tr = r.get('observableTransformation') || 'lin';
      if (!SCALES.includes(tr)) at('observableTransformation', `"${tr}" is not a transformation (lin, log, log10)`);
      const nd = r.get('noiseDistribution') || 'normal';
      if (nd !== 'normal' && nd !== 'laplace') at('noiseDistribution', `"${nd}" is not supported (normal or laplace)`);
      const formula = parseFormula(r.get('observableFormula'));
      const noise = parseFormula(r.get('noiseFormula'));
      if (typeof formula === 'string') at('observableFormula', `cannot be read: ${formula}`);
      if (typeof noise === 'string') at('noiseFormula', `cannot be read: ${noise}`);
      if (typeof formula === 'string' || typeof noise === 'string') continue;
      const nObs = placeholders(formula, 'observable', id), nNoise = placeholders(noise, 'noise', id);
      const check = (e: Expr, column: string, allowed: RegExp): void => {
        for (const s of symbolsOf(e)) {
          if (allowed.test(s) || modelId(s) || paramIds.has(s) || s === 't' || s === 'time') continue;
          at(column, `'${s}' is not an id of the model, a parameter of the parameter table or a placeholder of '${id}'`);
        }
      };
      check(formula, 'observableFormula', new RegExp(`^observableParameter\\d+_${id}$`));
      check(noise, 'noiseFormula', new RegExp(`^(noise|observable)Parameter\\d+_${id}$`));
      observables.set(id, { id, formula, noiseFormula: noise, transformation: tr as PetabScale, noiseDistribution: nd as 'normal' | 'laplace', nObservableParameters: nObs, nNoiseParameters: nNoise });
    }
  }

  // ---- measurements
  const measurements: PetabMeasurement[] = [];
  for (const f of list.measurementFiles) {
    const mt = table(f);
    if (!need(mt, ['observableId', 'simulationConditionId', 'measurement', 'time'])) continue;
    for (const c of mt.columns) if (!['observableId', 'preequilibrationConditionId', 'simulationConditionId', 'measurement', 'time', 'observableParameters', 'noiseParameters', 'datasetId', 'replicateId'].includes(c)) notes.push(`${f}: column '${c}' is ignored`);
    for (const r of mt.rows) {
      const at = (column: string, message: string): void => { issues.push({ file: f, line: r.line, column, message }); };
      const obsId = r.get('observableId');
      const obs = observables.get(obsId);
      if (!obs) at('observableId', `'${obsId}' is not in the observable table`);
      const cond = r.get('simulationConditionId');
      if (!conditions.has(cond)) at('simulationConditionId', `'${cond}' is not in the condition table`);
      const pre = r.get('preequilibrationConditionId');
      if (pre !== '' && !conditions.has(pre)) at('preequilibrationConditionId', `'${pre}' is not in the condition table`);
      const time = petabNumber(r.get('time'));
      if (time === undefined || Number.isNaN(time) || time < 0) at('time', `"${r.get('time')}" is not a time ≥ 0 (a number, or inf for a steady state)`);
      const v = petabNumber(r.get('measurement'));
      if (v === undefined || !Number.isFinite(v)) at('measurement', `"${r.get('measurement')}" is not a finite number`);
      else if (obs && obs.transformation !== 'lin' && v <= 0) at('measurement', `${v} is not positive, but observable '${obsId}' is on ${obs.transformation} scale`);
      const overrides = (column: string, n: number): PetabValue[] => {
        const text = r.get(column);
        const parts = text === '' ? [] : text.split(';').map((s) => s.trim());
        if (obs && parts.length !== n && !(n === 0 && parts.length === 0)) {
          at(column, `${parts.length} value${parts.length === 1 ? '' : 's'}, but observable '${obsId}' has ${n} placeholder${n === 1 ? '' : 's'}`);
        }
        return parts.map((s) => value(s, { file: f, line: r.line, column }, false));
      };
      if (sbml?.events.length) {
        // with events, a steady state (is it reached before or after which event?) and a preequilibration (do events fire during it, and is the clock reset?) are ambiguous
        if (pre !== '') at('preequilibrationConditionId', `preequilibration in a model with SBML events (${sbml.events.map((e) => e.id).join(', ')}) is not supported (declined: whether events fire during it is not defined by PEtab v1)`);
        if (time === Infinity) at('time', `a steady-state measurement (time inf) in a model with SBML events (${sbml.events.map((e) => e.id).join(', ')}) is not supported (declined)`);
      }
      measurements.push({
        where: `${f}, line ${r.line}`, observable: obsId, ...(pre !== '' ? { preequilibration: pre } : {}), condition: cond,
        time: time ?? NaN, value: v ?? NaN,
        observableParameters: overrides('observableParameters', obs?.nObservableParameters ?? 0),
        noiseParameters: overrides('noiseParameters', obs?.nNoiseParameters ?? 0),
      });
    }
  }
  if (measurements.length === 0 && issues.length === 0) issues.push({ file: list.measurementFiles[0] ?? file, message: 'no measurements' });
  for (const x of list.ignored) notes.push(`${x}: visualization file ignored`);
  if (issues.length || !sbml) throw new PetabError(issues);
  return { file, sbmlFile: list.sbmlFile, sbml, parameters, conditions, observables, measurements, notes };
}
