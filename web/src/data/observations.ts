/**
 * Your data next to the model: observations read from a long CSV (one row per measurement) and
 * drawn as points with error bars on the chart of their observable.
 *
 * Columns (header names, any order, case-insensitive): `time` (a number with its unit in the
 * header, "time (d)", "time [wk]", "time_h", or in each cell, "30 d"), `observable` (an output or
 * state name of the model), `value`, and optionally `sd` or `se` (drawn as ± bars), `unit` (the
 * value's unit; must be the observable's) and `label` (a group name, e.g. a study arm). Bad input
 * is reported all at once, each problem with its row and column.
 */
import { didYouMean, parseUnit } from '../../../src/index.js';

export interface Observation {
  observable: string;
  /** Time in hours from the start of the run. */
  hours: number;
  value: number;
  /** Half-width of the error bar (the SD or SE as given), when given. */
  err?: number;
  errKind?: 'sd' | 'se' | 'ci' | 'range';
  /** A qualitative range instead of a value: drawn as a bar from lower to upper. */
  lower?: number;
  upper?: number;
  unit?: string;
  label: string;
}

export interface DataSet {
  name: string;
  observations: Observation[];
  /** Lines about measurements that are not drawn. */
  notes: string[];
  /** The model the data are for (a study's), when known. */
  model?: string;
  citation?: string;
  /** A study's arms that can be run as the scenario. */
  arms?: { id: string; scenario: Record<string, unknown> }[];
}

export interface DataProblem { where: string; message: string }

export class DataError extends Error {
  constructor(readonly file: string, readonly problems: DataProblem[]) {
    super(`${file}: ${problems.length} problem${problems.length === 1 ? '' : 's'}: ${problems.map((p) => `${p.where}: ${p.message}`).join('; ')}`);
  }
}

/** Splits one CSV line (double-quoted fields may hold commas and doubled quotes). */
function splitLine(line: string): string[] {
  const out: string[] = [];
  let cur = '', q = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (q) {
      if (c === '"' && line[i + 1] === '"') { cur += '"'; i++; } else if (c === '"') q = false; else cur += c;
    } else if (c === '"') q = true;
    else if (c === ',') { out.push(cur.trim()); cur = ''; } else cur += c;
  }
  out.push(cur.trim());
  return out;
}

/** Hours in one of this time unit, or undefined when it is not a time unit. */
function timeScale(unit: string): number | undefined {
  const u = parseUnit(unit.trim());
  return u && u.dim.every((d, i) => (i === 0 ? d === 1 : d === 0)) ? u.scale : undefined;
}

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;

/**
 * Reads a long CSV of observations. `known` maps the model's output names to their units: an
 * unknown observable or a value unit other than the observable's is a problem (with near names).
 */
export function parseObservationsCSV(text: string, file: string, known: ReadonlyMap<string, string>): DataSet {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/).map((l, i) => ({ l, row: i + 1 })).filter((x) => x.l.trim() !== '' && !x.l.startsWith('#'));
  const problems: DataProblem[] = [];
  if (lines.length < 2) throw new DataError(file, [{ where: 'file', message: 'needs a header row and at least one data row' }]);
  const header = splitLine(lines[0].l).map((x) => x.toLowerCase());
  const col = (name: string): number => header.findIndex((x) => x === name);
  const tIdx = header.findIndex((x) => /^time\b/.test(x));
  let headerScale: number | undefined;
  if (tIdx >= 0) {
    const m = /^time\s*(?:\((.+)\)|\[(.+)\]|_(.+))$/.exec(header[tIdx]);
    const unit = m ? (m[1] ?? m[2] ?? m[3]) : undefined;
    if (unit !== undefined) {
      headerScale = timeScale(unit);
      if (headerScale === undefined) problems.push({ where: 'header', message: `"${unit}" in "${header[tIdx]}" is not a time unit (h, d, wk, mo, y)` });
    }
  }
  const oIdx = col('observable'), vIdx = col('value'), sdIdx = col('sd'), seIdx = col('se'), uIdx = col('unit'), lIdx = col('label');
  if (tIdx < 0) problems.push({ where: 'header', message: 'no "time" column (e.g. "time (d)", or "time" with cells like "30 d")' });
  if (oIdx < 0) problems.push({ where: 'header', message: 'no "observable" column' });
  if (vIdx < 0) problems.push({ where: 'header', message: 'no "value" column' });
  if (problems.length) throw new DataError(file, problems);
  const names = [...known.keys()];
  const obs: Observation[] = [];
  for (const { l, row } of lines.slice(1)) {
    const c = splitLine(l);
    const at = (k: number, name: string): string => { const v = c[k] ?? ''; if (v === '') problems.push({ where: `row ${row}, ${name}`, message: 'empty' }); return v; };
    const tText = at(tIdx, 'time'), o = at(oIdx, 'observable'), vText = at(vIdx, 'value');
    let hours: number | undefined;
    if (tText !== '') {
      if (headerScale !== undefined && NUMBER.test(tText)) hours = Number(tText) * headerScale;
      else {
        const m = /^([+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?)\s*(\S+)$/i.exec(tText);
        const s = m ? timeScale(m[2]) : undefined;
        if (m && s !== undefined) hours = Number(m[1]) * s;
        else problems.push({ where: `row ${row}, time`, message: headerScale === undefined ? `"${tText}" is not a time with its unit (e.g. "30 d"; or put the unit in the header: "time (d)")` : `"${tText}" is not a number` });
      }
    }
    if (o !== '' && !known.has(o)) {
      problems.push({ where: `row ${row}, observable`, message: `"${o}" is not an output of this model${didYouMean(o, names)}` });
    }
    if (vText !== '' && !NUMBER.test(vText)) problems.push({ where: `row ${row}, value`, message: `"${vText}" is not a number` });
    const unit = uIdx >= 0 ? (c[uIdx] ?? '') : '';
    if (unit && known.has(o) && unit !== known.get(o)) problems.push({ where: `row ${row}, unit`, message: `${o} is in ${known.get(o)}, not ${unit}` });
    let err: number | undefined, errKind: Observation['errKind'];
    for (const [k, kind] of [[sdIdx, 'sd'], [seIdx, 'se']] as const) {
      const e = k >= 0 ? (c[k] ?? '') : '';
      if (e === '' || err !== undefined) continue;
      if (!NUMBER.test(e) || Number(e) < 0) problems.push({ where: `row ${row}, ${kind}`, message: `"${e}" is not a non-negative number` });
      else { err = Number(e); errKind = kind; }
    }
    if (hours !== undefined && known.has(o) && NUMBER.test(vText)) {
      obs.push({ observable: o, hours, value: Number(vText), err, errKind, unit: known.get(o), label: lIdx >= 0 && c[lIdx] ? c[lIdx] : file });
    }
  }
  if (problems.length) throw new DataError(file, problems);
  return { name: file, observations: obs, notes: [] };
}
