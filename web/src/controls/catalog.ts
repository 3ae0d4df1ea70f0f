/**
 * The scenario controls, as data. Each control says which models it applies to (from the model's
 * data: its scenario-adapter keys, dose targets, parameters), where in the scenario JSON it lives,
 * its unit and its allowed range. Ranges and effect descriptions of the adapter keys come from the
 * adapter module itself, so the page cannot drift from what the engine accepts.
 */
import type { ModelInfo } from '../types.js';
import { getPath, setPath, type Json, type JsonObject } from '../scenario/store.js';
import { quantityText, quantityValue, timeHours } from '../util/units.js';
import { hoursIn } from '../../../src/index.js';
import { HUMAN_MG_BONE_RANGES as RANGES, HUMAN_MG_BONE_SALTS as SALTS, HUMAN_MG_BONE_CONDITIONS as CONDITIONS } from '../../../src/index.js';

export type Section = 'diet' | 'drugs' | 'conditions';

interface Common {
  id: string;
  section: Section;
  label: string;
  help: string;
  applies(m: ModelInfo): boolean;
  /** Where the control writes: engine issues under this path are shown beside it. */
  path: (string | number)[];
}

export interface QuantityDef extends Common {
  kind: 'quantity';
  unit: string;
  min: number;
  max: number;
  step: number;
  /** The slider's span when the allowed range is much wider than the useful one. */
  sliderMax?: number;
  defaultValue(m: ModelInfo): number;
  read(s: JsonObject): number | undefined;
  write(s: JsonObject, v: number | undefined): JsonObject;
}

export interface FlagDef extends Common {
  kind: 'flag';
  read(s: JsonObject): boolean | undefined;
  write(s: JsonObject, v: boolean): JsonObject;
}

export interface ChoiceDef extends Common {
  kind: 'choice';
  options: { value: string; label: string }[];
  read(s: JsonObject): string | undefined;
  write(s: JsonObject, v: string): JsonObject;
}

/** A repeated dose regimen into one dose target (cmt). */
export interface RegimenDef extends Common {
  kind: 'regimen';
  cmt: string;
  amountUnit: string;
  amount: { default: number; min: number; max: number; step: number };
  everyUnit: 'h' | 'd' | 'wk' | 'mo';
  every: { default: number; min: number; max: number };
  /** Doses of a new regimen (a clinical course); undefined: until the end of the run. */
  defaultCount?: number;
  /** Doses beyond which the regimen is unlike clinical use (shown beside the control). */
  maxCount?: { count: number; why: string };
}

export type ControlDef = QuantityDef | FlagDef | ChoiceDef | RegimenDef;

const hasAdapterKey = (key: string) => (m: ModelInfo): boolean => m.adapterKeys.includes(key);
const hasDose = (cmt: string) => (m: ModelInfo): boolean => m.spec.doses?.[cmt] !== undefined;
const hasParam = (name: string) => (m: ModelInfo): boolean => m.spec.parameters[name] !== undefined;

/** A quantity string such as "150 mg/d" at `path`. */
function quantityAt(path: (string | number)[], unit: string) {
  return {
    path,
    read: (s: JsonObject) => quantityValue(getPath(s, path), unit),
    write: (s: JsonObject, v: number | undefined) => setPath(s, path, v === undefined ? undefined : quantityText(v, unit)),
  };
}

/** A true/false flag at `path`; false removes the key (the model's default is "absent"). */
function flagAt(path: (string | number)[]) {
  return {
    path,
    read: (s: JsonObject) => { const v = getPath(s, path); return typeof v === 'boolean' ? v : undefined; },
    write: (s: JsonObject, v: boolean) => setPath(s, path, v ? true : undefined),
  };
}

const MW_CA = 40.078;

/** Supplements live in an array; the page edits the first entry (the JSON editor takes any number). */
function supplementMg(): Pick<QuantityDef, 'read' | 'write' | 'path'> {
  return {
    path: ['supplements'],
    read: (s) => quantityValue(getPath(s, ['supplements', 0, 'Mg']), 'mg/d'),
    write: (s, v) => {
      if (v === undefined || v === 0) return setPath(s, ['supplements'], undefined);
      const first = getPath(s, ['supplements', 0]);
      const salt = typeof first === 'object' && first !== null && !Array.isArray(first) && typeof first.salt === 'string' ? first.salt : 'citrate';
      const rest = (Array.isArray(s.supplements) ? s.supplements.slice(1) : []) as Json[];
      return setPath(s, ['supplements'], [{ Mg: quantityText(v, 'mg/d'), salt }, ...rest]);
    },
  };
}

const conditionHelp = (k: string): string => {
  const c = CONDITIONS[k];
  return c ? `${c.description} Model effect: ${c.effect}. Source: ${c.source}` : '';
};

export const CONTROLS: ControlDef[] = [
  // diet and supplements (the human-mg-bone scenario adapter)
  {
    kind: 'quantity', id: 'diet-mg', section: 'diet', label: 'Dietary Mg intake', unit: 'mg/d',
    min: RANGES.dietMg[0], max: RANGES.dietMg[1], step: 5,
    help: 'Elemental Mg from food. Reference adult intake 325 mg/d (the model\'s set point); US RDA 310-420 mg/d.',
    applies: hasAdapterKey('diet'),
    defaultValue: (m) => m.spec.parameters.Mg_diet?.value ?? 325,
    ...quantityAt(['diet', 'Mg'], 'mg/d'),
  },
  {
    kind: 'quantity', id: 'diet-ca', section: 'diet', label: 'Dietary Ca intake', unit: 'mg/d',
    min: RANGES.dietCa[0], max: RANGES.dietCa[1], step: 10,
    help: 'Elemental Ca from food (sets OpenBoneMin\'s oral Ca flux).',
    applies: hasAdapterKey('diet'),
    defaultValue: (m) => Math.round((m.spec.parameters.OralCa?.value ?? 1.0022916666666666) * 24 * MW_CA),
    ...quantityAt(['diet', 'Ca'], 'mg/d'),
  },
  {
    kind: 'quantity', id: 'supp-mg', section: 'diet', label: 'Mg supplement', unit: 'mg/d',
    min: RANGES.supplementMg[0], max: RANGES.supplementMg[1], step: 5, sliderMax: 1000,
    help: 'Elemental Mg per day from a supplement, taken with meals (0 = none).',
    applies: hasAdapterKey('supplements'),
    defaultValue: () => 0,
    ...supplementMg(),
  },
  {
    kind: 'choice', id: 'supp-salt', section: 'diet', label: 'Supplement salt',
    options: Object.entries(SALTS).map(([k, v]) => ({ value: k, label: `${k} (relative bioavailability ${v.F})` })),
    help: 'Oxide is poorly absorbed; soluble salts (citrate, chloride, lactate, aspartate, acetate) are the reference.',
    applies: hasAdapterKey('supplements'), path: ['supplements', 0, 'salt'],
    read: (s) => { const v = getPath(s, ['supplements', 0, 'salt']); return typeof v === 'string' ? v : undefined; },
    write: (s, v) => (getPath(s, ['supplements', 0]) === undefined ? s : setPath(s, ['supplements', 0, 'salt'], v)),
  },
  // drugs: dose targets of the model, and the drug conditions of the adapter
  {
    kind: 'regimen', id: 'iv-mg', section: 'drugs', label: 'IV Mg (elemental)', cmt: 'Mg_iv', amountUnit: 'mmol',
    amount: { default: 8, min: 0, max: 100, step: 0.5 }, everyUnit: 'd', every: { default: 1, min: 0.25, max: 365 },
    defaultCount: 5, maxCount: { count: 14, why: 'IV Mg is a hospital course of days (the model\'s declared domain: at most 250 mmol per course)' },
    help: 'Intravenous Mg as boluses into extracellular fluid; 2 g MgSO4·7H2O = 8.1 mmol elemental Mg. A new regimen is a 5-day course (8 mmol once a day).',
    applies: hasDose('Mg_iv'), path: ['doses'],
  },
  {
    kind: 'regimen', id: 'teriparatide', section: 'drugs', label: 'Teriparatide (SC)', cmt: 'TERISC', amountUnit: 'ug',
    amount: { default: 20, min: 0, max: 80, step: 1 }, everyUnit: 'd', every: { default: 1, min: 1, max: 30 },
    defaultCount: 730, maxCount: { count: 731, why: 'teriparatide is approved for at most 2 years in a lifetime' },
    help: 'Subcutaneous teriparatide (PTH 1-34); the approved dose is 20 µg once daily, for at most 2 years (a new regimen: 730 daily doses).',
    applies: hasDose('TERISC'), path: ['doses'],
  },
  {
    kind: 'regimen', id: 'denosumab', section: 'drugs', label: 'Denosumab (SC)', cmt: 'DENSC', amountUnit: 'mg',
    amount: { default: 60, min: 0, max: 210, step: 5 }, everyUnit: 'mo', every: { default: 6, min: 1, max: 24 },
    help: 'Subcutaneous denosumab (anti-RANKL); the approved dose is 60 mg every 6 months.',
    applies: hasDose('DENSC'), path: ['doses'],
  },
  ...(['PPI', 'thiazide', 'loop_diuretic'] as const).map((k): FlagDef => ({
    kind: 'flag', id: `cond-${k.toLowerCase().replace(/_/g, '-')}`, section: 'drugs',
    label: { PPI: 'Proton-pump inhibitor (long-term)', thiazide: 'Thiazide diuretic', loop_diuretic: 'Loop diuretic' }[k],
    help: conditionHelp(k), applies: hasAdapterKey('conditions'), ...flagAt(['conditions', k]),
  })),
  // conditions
  {
    kind: 'quantity', id: 'egfr', section: 'conditions', label: 'eGFR', unit: 'mL/min/1.73m2',
    min: RANGES.eGFR[0], max: RANGES.eGFR[1], step: 1,
    help: conditionHelp('eGFR'), applies: hasAdapterKey('conditions'),
    defaultValue: (m) => Math.round((m.spec.parameters.GFR0?.value ?? 100 / 16.667) * (m.spec.parameters.mLminPerLh?.value ?? 16.667)),
    ...quantityAt(['conditions', 'eGFR'], 'mL/min/1.73m2'),
  },
  {
    kind: 'flag', id: 'cond-postmenopausal', section: 'conditions', label: 'Postmenopausal (menopause starts now)',
    help: conditionHelp('postmenopausal'), applies: hasAdapterKey('conditions'), ...flagAt(['conditions', 'postmenopausal']),
  },
  {
    kind: 'quantity', id: 'age', section: 'conditions', label: 'Age', unit: 'y', min: RANGES.age[0], max: RANGES.age[1], step: 1,
    help: conditionHelp('age'), applies: hasAdapterKey('conditions'),
    defaultValue: () => 50,
    ...quantityAt(['conditions', 'age'], 'y'),
  },
  ...(['alcohol', 'type2_diabetes'] as const).map((k): FlagDef => ({
    kind: 'flag', id: `cond-${k.replace(/_/g, '-')}`, section: 'conditions',
    label: { alcohol: 'Chronic alcohol use', type2_diabetes: 'Type 2 diabetes' }[k],
    help: conditionHelp(k), applies: hasAdapterKey('conditions'), ...flagAt(['conditions', k]),
  })),
  // models without the adapter: intake as a factor of the model's own intake parameter
  ...([['IMg', 'Dietary Mg intake (× normal)'], ['ICa', 'Dietary Ca intake (× normal)']] as const).map(([p, label]): QuantityDef => ({
    kind: 'quantity', id: `scale-${p.toLowerCase()}`, section: 'diet', label, unit: '×', min: 0, max: 3, step: 0.05,
    help: `Multiplies the model's ${p} (scenario key "scale").`,
    applies: (m) => hasParam(p)(m) && !m.adapterKeys.includes('diet'),
    defaultValue: () => 1, path: ['scale', p],
    read: (s) => { const v = getPath(s, ['scale', p]); return typeof v === 'number' ? v : undefined; },
    write: (s, v) => setPath(s, ['scale', p], v === undefined || v === 1 ? undefined : v),
  })),
];

export interface Regimen { amount: number; every: number; startDays: number; count: number; toEnd: boolean }

/** The first dose record into `def.cmt`, read as a regimen (undefined when there is none). */
export function readRegimen(s: JsonObject, def: RegimenDef, modelUnit: string): Regimen | undefined {
  const doses = Array.isArray(s.doses) ? s.doses : [];
  const d = doses.find((x) => typeof x === 'object' && x !== null && !Array.isArray(x) && x.cmt === def.cmt) as JsonObject | undefined;
  if (!d) return undefined;
  const amount = quantityValue(d.amt, def.amountUnit) ?? def.amount.default;
  const iiH = d.ii === undefined ? undefined : timeHours(d.ii, modelUnit);
  const every = iiH === undefined ? def.every.default : iiH / hoursIn(def.everyUnit);
  const startDays = (d.time === undefined ? 0 : timeHours(d.time, modelUnit) ?? 0) / 24;
  const addl = typeof d.addl === 'number' ? d.addl : 0;
  const durH = timeHours(s.duration, modelUnit);
  const count = addl + 1;
  // "to the end": the last dose falls within the last interval of the run
  const toEnd = iiH !== undefined && durH !== undefined && startDays * 24 + addl * iiH <= durH && startDays * 24 + (addl + 1) * iiH > durH;
  return { amount, every, startDays, count, toEnd };
}

/** Writes (or with undefined removes) the first dose record into `def.cmt`; other records are kept. */
export function writeRegimen(s: JsonObject, def: RegimenDef, r: Regimen | undefined, modelUnit: string): JsonObject {
  const doses = (Array.isArray(s.doses) ? s.doses : []) as Json[];
  const i = doses.findIndex((x) => typeof x === 'object' && x !== null && !Array.isArray(x) && (x as JsonObject).cmt === def.cmt);
  const rest = doses.filter((_, k) => k !== i);
  if (!r) return setPath(s, ['doses'], rest.length ? rest : undefined);
  const iiH = r.every * hoursIn(def.everyUnit);
  const durH = timeHours(s.duration, modelUnit) ?? 0;
  const startH = r.startDays * 24;
  const count = r.toEnd ? Math.max(1, Math.floor((durH - startH) / iiH + 1e-9) + 1) : Math.max(1, Math.round(r.count));
  const rec: JsonObject = { cmt: def.cmt, amt: quantityText(r.amount, def.amountUnit), time: quantityText(r.startDays, 'd') };
  if (count > 1) { rec.ii = quantityText(r.every, def.everyUnit); rec.addl = count - 1; }
  const next = [...rest];
  next.splice(i < 0 ? next.length : i, 0, rec);
  return setPath(s, ['doses'], next);
}
