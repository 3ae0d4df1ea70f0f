/**
 * Reading a scenario for the CLI: a JSON/YAML file or a built-in scenario name, then the
 * command-line overrides (--model, --duration, --every/--times, --set, --switch, --rtol/--atol/--method).
 * Problems are collected, never thrown one at a time.
 */
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { builtinScenarios, findBuiltin } from '../index.js';
import { didYouMean, InputError, formatIssues, formatPath, showValue, truncate } from '../index.js';
import { prepareScenario, getModel } from '../index.js';
import { parameterValue, modelIds } from '../index.js';
import { parseQuantity, convert, hasDimension } from '../index.js';
import { resolveFitPath, calibrationDir } from '../node.js';

export interface LoadedScenario {
  input?: Record<string, unknown>;
  source: string;
  problems: string[];
}

export function readScenarioSource(ref: string): LoadedScenario {
  const looksLikeFile = /\.(json|ya?ml)$/i.test(ref) || ref.includes('/') || ref.includes(path.sep);
  if (fs.existsSync(ref) && fs.statSync(ref).isFile()) return parseScenarioText(fs.readFileSync(ref, 'utf8'), ref);
  if (!looksLikeFile) {
    const b = findBuiltin(ref);
    if (b) return parseScenarioText(b.text, b.file);
    return { source: ref, problems: [`${showValue(ref)} is neither a file nor a built-in scenario${didYouMean(ref, builtinScenarios().map((s) => s.name))}; list them with: magbone scenarios`] };
  }
  return { source: ref, problems: [`${truncate(ref)}: no such file`] };
}

/** Deepest nesting a scenario may have (real ones need 4; a deeper value is refused before any recursion). */
export const MAX_DEPTH = 64;

/** The path of the first value nested deeper than `max`, found without recursion, or undefined. */
export function tooDeep(value: unknown, max = MAX_DEPTH): (string | number)[] | undefined {
  const stack: { v: unknown; path: (string | number)[] }[] = [{ v: value, path: [] }];
  while (stack.length) {
    const { v, path } = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (path.length >= max) return path;
    if (Array.isArray(v)) v.forEach((x, i) => stack.push({ v: x, path: [...path, i] }));
    else for (const k of Object.keys(v)) stack.push({ v: (v as Record<string, unknown>)[k], path: [...path, k] });
  }
  return undefined;
}

/** Nesting depth of the brackets in a text (strings skipped), to refuse a too-deep document before parsing it. */
function bracketDepth(text: string): number {
  let depth = 0, max = 0, inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) { if (c === 92) i++; else if (c === 34) inString = false; continue; }
    if (c === 34) inString = true;
    else if (c === 91 || c === 123) { if (++depth > max) max = depth; }
    else if (c === 93 || c === 125) depth--;
  }
  return max;
}

export function parseScenarioText(text: string, source: string): LoadedScenario {
  const isYaml = /\.ya?ml$/i.test(source);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // a UTF-8 byte-order mark (Windows editors)
  if (bracketDepth(text) > MAX_DEPTH) return { source, problems: [`${source}: values are nested more than ${MAX_DEPTH} levels deep; a scenario needs a few`] };
  let data: unknown;
  try {
    if (isYaml) {
      const doc = YAML.parseDocument(text, { prettyErrors: true });
      if (doc.errors.length > 0) {
        return { source, problems: doc.errors.map((e) => `${source}: invalid YAML: ${e.message.split('\n')[0]}`) };
      }
      data = doc.toJS();
    } else {
      data = JSON.parse(text);
    }
  } catch (e) {
    const msg = (e as Error).message;
    let where = '';
    const m = /position (\d+)/.exec(msg);
    // "Unexpected end of JSON input" gives no position: the end of the text is where it is
    const end = !m && /end of JSON input/i.test(msg);
    if (m || end) {
      const pos = m ? Number(m[1]) : text.length;
      const before = text.slice(0, pos);
      const line = before.split('\n').length;
      const col = pos - before.lastIndexOf('\n');
      where = ` (line ${line}, column ${col})`;
    }
    return { source, problems: [`${source}: invalid ${isYaml ? 'YAML' : 'JSON'}${where}: ${msg}`] };
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return { source, problems: [`${source}: a scenario must be an object with at least "model" and "duration"`] };
  }
  const deep = tooDeep(data);
  if (deep) return { source, problems: [`${source}: ${formatPath(deep.slice(0, 8))}…: values are nested more than ${MAX_DEPTH} levels deep; a scenario needs a few`] };
  return { source, input: data as Record<string, unknown>, problems: [] };
}

/** Parses "name=value" pairs of --set (numbers) and --switch (on/off). */
export function applyOverrides(
  input: Record<string, unknown>,
  flags: Record<string, unknown>,
  problems: string[],
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...input };
  if (typeof flags.model === 'string') out.model = flags.model;
  if (typeof flags.duration === 'string' || typeof flags.duration === 'number') out.duration = flags.duration;
  if (flags.every !== undefined || flags.times !== undefined) {
    const output: Record<string, unknown> = { ...(typeof input.output === 'object' && input.output !== null ? input.output as object : {}) };
    delete output.every; delete output.times;
    if (flags.every !== undefined) output.every = flags.every;
    if (typeof flags.times === 'string') output.times = flags.times.split(',').map((s) => s.trim()).filter((s) => s !== '').map((s) => (/^[-+0-9.eE]+$/.test(s) ? Number(s) : s));
    out.output = output;
  }
  if (typeof flags['params-file'] === 'string') {
    const best = paramsFromFit(flags['params-file'], typeof out.model === 'string' ? out.model : undefined, problems);
    if (best) out.parameters = { ...(typeof out.parameters === 'object' && out.parameters !== null ? out.parameters as object : {}), ...best };
  }
  const sets = (flags.set as string[] | undefined) ?? [];
  if (sets.length) {
    const params: Record<string, unknown> = { ...(typeof out.parameters === 'object' && out.parameters !== null ? out.parameters as object : {}) };
    for (const s of sets) {
      const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.+)$/.exec(String(s));
      if (!m) { problems.push(`--set ${s}: expected name=value, e.g. --set GFR=3`); continue; }
      const v = setValue(typeof out.model === 'string' ? out.model : undefined, m[1], m[2]);
      if (typeof v === 'string') { problems.push(`--set ${s}: ${v}`); continue; }
      // defineProperty: a key such as "__proto__" stays a key (and is then reported as unknown)
      Object.defineProperty(params, m[1], { value: v, enumerable: true, writable: true, configurable: true });
    }
    out.parameters = params;
  }
  const switches = (flags.switch as string[] | undefined) ?? [];
  if (switches.length) {
    const sw: Record<string, unknown> = { ...(typeof input.switches === 'object' && input.switches !== null ? input.switches as object : {}) };
    for (const s of switches) {
      const m = /^([A-Za-z_][A-Za-z0-9_]*)=(on|off|true|false)$/.exec(String(s));
      if (!m) { problems.push(`--switch ${s}: expected pathway=on|off, e.g. --switch inflammation=off`); continue; }
      Object.defineProperty(sw, m[1], { value: m[2] === 'on' || m[2] === 'true', enumerable: true, writable: true, configurable: true });
    }
    out.switches = sw;
  }
  if (flags.rtol !== undefined || flags.atol !== undefined || flags.method !== undefined) {
    const solver: Record<string, unknown> = { ...(typeof input.solver === 'object' && input.solver !== null ? input.solver as object : {}) };
    if (flags.rtol !== undefined) solver.rtol = flags.rtol;
    if (flags.atol !== undefined) solver.atol = flags.atol;
    if (flags.method !== undefined) solver.method = flags.method;
    out.solver = solver;
  }
  return out;
}

/**
 * The best parameter values of a fit file (--params-file fit.json), checked: a fit of the
 * scenario's model, positive finite values. Problems go to `problems`.
 */
export function paramsFromFit(file: string, model: string | undefined, problems: string[]): Record<string, number> | undefined {
  let data: unknown;
  try { data = JSON.parse(fs.readFileSync(resolveFitPath(file), 'utf8')); } catch (e) {
    const missing = (e as NodeJS.ErrnoException).code === 'ENOENT';
    problems.push(`--params-file ${file}: ${missing ? `no such file, and not a model with a shipped calibration (${shippedFits().join(', ') || 'none'})` : `not JSON: ${(e as Error).message}`}`);
    return undefined;
  }
  const f = (typeof data === 'object' && data !== null ? data : {}) as Record<string, unknown>;
  const before = problems.length;
  if (f.kind !== 'magbone-fit') problems.push(`--params-file ${file}: not a fit file (kind "magbone-fit", written by magbone fit --out)`);
  const best = f.best;
  if (typeof best !== 'object' || best === null || Array.isArray(best)) problems.push(`--params-file ${file}: best: required (the fitted values by name)`);
  else for (const [k, v] of Object.entries(best)) if (!(typeof v === 'number' && Number.isFinite(v) && v > 0)) problems.push(`--params-file ${file}: best.${k}: ${JSON.stringify(v)} is not a positive number`);
  if (model !== undefined && typeof f.model === 'string' && f.model !== model) problems.push(`--params-file ${file}: a fit of ${f.model}, but the scenario runs ${model}`);
  return problems.length === before ? best as Record<string, number> : undefined;
}

/** The built-in models with a shipped calibration (calibration/fit.json): the names --params-file accepts. */
function shippedFits(): string[] {
  return modelIds().filter((id) => fs.existsSync(path.join(calibrationDir(id), 'fit.json')));
}

/** A --set value: a number, or with a unit converted into the parameter's ("Mg_diet=200 mg/d"); a string is a problem. */
function setValue(modelId: string | undefined, name: string, text: string): number | string {
  const bare = Number(text);
  if (text.trim() !== '' && Number.isFinite(bare)) return bare;
  if (!/\d/.test(text)) return `"${text}" is not a number`;
  let model;
  try { model = modelId ? getModel(modelId) : undefined; } catch { model = undefined; }
  if (!model) return `"${text}": a value with a unit needs a known model`;
  const v = parameterValue(model, name, text);
  // an unknown name is reported once, by the scenario check (parameters.NAME)
  return typeof v === 'string' && v.startsWith('unknown parameter') ? Number.NaN : v;
}

export type Prepared = ReturnType<typeof prepareScenario>;

/** Validates a scenario input; on bad input adds every issue to `problems` (prefixed by `label`). */
export function prepareOrCollect(input: Record<string, unknown>, label: string, problems: string[]): Prepared | undefined {
  try {
    return prepareScenario(input);
  } catch (e) {
    if (e instanceof InputError) { problems.push(...formatIssues(e.issues).split('\n').map((l) => `${label}: ${l}`)); return undefined; }
    throw e;
  }
}

/**
 * The common start of every scenario command: read a scenario (file or built-in name), apply the
 * command-line overrides (--duration, --every, --set, --switch, …), validate it. Every problem goes
 * into `problems`; nothing is thrown for bad input.
 */
export function loadScenario(ref: string, flags: Record<string, unknown>, problems: string[]): { input?: Record<string, unknown>; prepared?: Prepared } {
  const loaded = readScenarioSource(ref);
  problems.push(...loaded.problems);
  if (!loaded.input) return {};
  const input = applyOverrides(loaded.input, flags, problems);
  const prepared = prepareOrCollect(input, ref, problems);
  // nothing hangs: a run from the command line has a wall-time budget unless the scenario sets one
  if (prepared && prepared.scenario.solver.maxWallTime === undefined) prepared.scenario.solver.maxWallTime = CLI_MAX_WALL_TIME;
  return { input, prepared };
}

/** Default wall-clock budget of one run started from the command line, in seconds (scenario key solver.maxWallTime). */
export const CLI_MAX_WALL_TIME = 60;

/** A time flag such as --at "2 y", in the model's time unit (a bare number is in that unit). */
export function timeFlag(flag: string, value: unknown, timeUnit: string, problems: string[]): number | undefined {
  if (value === undefined) return undefined;
  const q = parseQuantity(value, timeUnit);
  if (typeof q === 'string') { problems.push(`--${flag}: ${q}`); return undefined; }
  if (!hasDimension(q, 'time')) { problems.push(`--${flag}: ${showValue(value)} is not a time (e.g. "2 y")`); return undefined; }
  return convert(q, timeUnit);
}
