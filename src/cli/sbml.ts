/**
 * The SBML commands:
 *   magbone simulate <model.xml|model.sbml> [--duration T] [--steps N] [--vars a,b] [--out run.csv]
 *   magbone import sbml <file> --out model.json
 *   magbone sbml-case <case-dir> --out result.csv
 * (`magbone docs <file.xml>` goes through docs.ts, which imports the file the same way.)
 *
 * Exit codes: 0 done; 1 numerical failure (time, reason, state); 2 bad input — an unreadable file, XML
 * that does not parse, SBML that uses what magbone declines (every element listed with its id), bad
 * options — with nothing written.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs, helpText, type FlagSpec, HELP_FLAG } from './args.js';
import { outputProblem, writeAtomic } from './output.js';
import { importSBML, type SbmlImport } from '../index.js';
import { SbmlReadError } from '../index.js';
import { XmlSyntaxError } from '../index.js';
import { runSbml } from '../index.js';
import { parseSettings, caseTimes, caseCsv, runCase } from '../index.js';
import { ModelInputError } from '../index.js';
import { scenarioMethodNames, methodProblem, type MethodName } from '../index.js';
import { headerWithUnit } from '../index.js';

/** The unit of an SBML id's value as imported (its declared unit, or "?"). */
export function sbmlIdUnit(imp: SbmlImport, id: string): string {
  const name = imp.symbols.get(id)?.name;
  if (name === undefined) return '?';
  const s = imp.spec;
  return (s.states[name] ?? s.rules[name] ?? s.parameters[name])?.unit ?? '?';
}

export type Io = { out: { write(s: string): unknown }; err: { write(s: string): unknown } };

/** True when a `simulate`/`docs` argument names an SBML file. */
export function isSbmlPath(s: string | undefined): boolean {
  return s !== undefined && /\.(xml|sbml)$/i.test(s);
}

/** Reads and imports an SBML file; problems as sentences (exit 2) instead of a throw. */
export function loadSbml(file: string): { imp: SbmlImport; problems?: undefined } | { imp?: undefined; problems: string[] } {
  let xml: string;
  try {
    xml = fs.readFileSync(file, 'utf8');
  } catch (e) {
    return { problems: [`${file}: cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`] };
  }
  // comp's external model definitions: files relative to the model's folder
  const readExternal = (src: string): string | undefined => {
    if (/^[a-z][a-z0-9+.-]*:/i.test(src) && !src.startsWith('file:')) return undefined;
    try { return fs.readFileSync(path.resolve(path.dirname(file), src.replace(/^file:(\/\/)?/, '')), 'utf8'); } catch { return undefined; }
  };
  try {
    return { imp: importSBML(xml, { readExternal }) };
  } catch (e) {
    if (e instanceof SbmlReadError) return { problems: e.problems.map((p) => `${file}: ${p}`) };
    if (e instanceof XmlSyntaxError) return { problems: [`${file}: ${e.message}`] };
    if (e instanceof RangeError) return { problems: [`${file}: nested too deeply to read`] };
    throw e;
  }
}

function fail(io: Io, problems: readonly string[]): number {
  io.err.write(problems.map((p) => `error: ${p}\n`).join(''));
  return 2;
}

const SIM_FLAGS: Record<string, FlagSpec> = {
  duration: { type: 'number', value: 'T', help: 'end time, in the model\'s time unit (default 10)' },
  start: { type: 'number', value: 'T0', help: 'start time (default 0)' },
  steps: { type: 'number', value: 'N', help: 'output intervals (default 100)' },
  vars: { type: 'string', value: 'IDS', help: 'comma-separated SBML ids to write (default: every species, then every varying compartment and parameter)' },
  method: { type: 'string', value: 'NAME', help: 'bdf (default), rodas or dopri' },
  rtol: { type: 'number', value: 'X', help: 'relative tolerance (default 1e-8)' },
  atol: { type: 'number', value: 'X', help: 'absolute tolerance (default 1e-10)' },
  out: { type: 'string', value: 'FILE', help: 'write the CSV to FILE instead of standard output' },
  header: { type: 'string', value: 'names|units', help: 'CSV header: "names" (default, the SBML ids) or "units" ("S1 [mmol/L]", the units the file declares; "?" where it declares none)' },
  help: HELP_FLAG,
};

const SIM_HELP = helpText(
  'magbone simulate <model.xml|model.sbml> [options]',
  'Runs an SBML model (Level 2 v4, Level 3 v1/v2 core) like a shipped one: imported into the modelling\n'
  + 'language, compiled, and solved with its events (state-triggered, delayed, prioritised). Columns are\n'
  + 'named by SBML id; a species is reported as its id means (concentration, or amount when\n'
  + 'hasOnlySubstanceUnits). See docs/sbml.md for what is imported and what is declined.',
  SIM_FLAGS,
  ['magbone simulate model.xml --duration 8760 --steps 365 --out model.csv', 'magbone simulate model.xml --method rodas', 'magbone simulate model.xml --header units'],
);

function methodFlag(v: unknown, problems: string[]): MethodName {
  if (v === undefined) return 'bdf';
  const names = scenarioMethodNames();
  const problem = methodProblem(String(v), names);
  if (problem) { problems.push(`--method: ${problem}`); return 'bdf'; }
  return v as MethodName;
}

export async function runSimulateSbml(argv: readonly string[], io: Io): Promise<number> {
  const a = parseArgs(argv, SIM_FLAGS);
  if (a.flags.help) { io.out.write(SIM_HELP); return 0; }
  const problems = [...a.problems];
  if (a.positional.length !== 1) problems.push(`expected one SBML file, got ${a.positional.length} arguments`);
  const method = methodFlag(a.flags.method, problems);
  const start = (a.flags.start as number | undefined) ?? 0;
  const duration = (a.flags.duration as number | undefined) ?? 10;
  const steps = (a.flags.steps as number | undefined) ?? 100;
  if (!(duration > 0)) problems.push(`--duration: ${duration} must be > 0`);
  if (!(Number.isInteger(steps) && steps >= 1)) problems.push(`--steps: ${steps} must be a positive integer`);
  for (const k of ['rtol', 'atol'] as const) if (a.flags[k] !== undefined && !((a.flags[k] as number) > 0)) problems.push(`--${k}: must be > 0`);
  const out = a.flags.out as string | undefined;
  if (out !== undefined) { const p = outputProblem(out, ['.csv']); if (p) problems.push(`--out: ${p}`); }
  const header = a.flags.header ?? 'names';
  if (header !== 'names' && header !== 'units') problems.push(`--header: '${String(header)}' is not one of names, units`);
  if (problems.length) return fail(io, problems);
  const loaded = loadSbml(a.positional[0]);
  if (!loaded.imp) return fail(io, loaded.problems);
  const imp = loaded.imp;
  let vars: string[];
  if (a.flags.vars !== undefined) {
    vars = String(a.flags.vars).split(',').map((s) => s.trim()).filter(Boolean);
    const bad = vars.filter((v) => !imp.symbols.has(v));
    if (bad.length) return fail(io, bad.map((v) => `--vars: '${v}' is not an id of the model with a value`));
  } else {
    const spec = imp.spec;
    vars = [...imp.symbols].filter(([, s]) => s.kind === 'species' || spec.states[s.name] !== undefined || (s.kind !== 'reaction' && spec.rules[s.name] !== undefined)).map(([id]) => id);
  }
  const times = Array.from({ length: steps + 1 }, (_, k) => start + (k * duration) / steps);
  let run;
  try {
    run = runSbml(imp, {
      times, variables: vars, method,
      ...(a.flags.rtol !== undefined ? { rtol: a.flags.rtol as number } : {}),
      ...(a.flags.atol !== undefined ? { atol: a.flags.atol as number } : {}),
    });
  } catch (e) {
    if (e instanceof ModelInputError) return fail(io, [`${a.positional[0]}: the imported model does not check: ${e.message}`]);
    throw e;
  }
  for (const n of imp.notes) io.err.write(`note: ${n}\n`);
  if (run.code !== 'success') { io.err.write(`error: ${run.message}\n`); return 1; }
  let csv = caseCsv({ start, duration, steps, variables: vars, absolute: 0, relative: 0, amount: [], concentration: [] }, run);
  if (header === 'units') {
    const head = [headerWithUnit('time', imp.timeUnit ?? '?'), ...vars.map((v) => headerWithUnit(v, sbmlIdUnit(imp, v)))].join(',');
    csv = head + csv.slice(csv.indexOf('\n'));
  }
  if (out) writeAtomic(out, csv); else io.out.write(csv);
  return 0;
}

const IMPORT_FLAGS: Record<string, FlagSpec> = {
  out: { type: 'string', value: 'FILE', help: 'write the model (JSON) to FILE (required)' },
  help: HELP_FLAG,
};
const IMPORT_HELP = helpText(
  'magbone import sbml <file> --out model.json',
  'Imports an SBML model into magbone\'s own form: a JSON model spec (states, parameters, rules; the units the\n'
  + 'file declares, "?" with the reason where it declares none; sources "assumed: imported from SBML"), with the SBML events under "sbmlEvents" and the import\'s\n'
  + 'notes under "importNotes". `magbone docs model.json` documents it.',
  IMPORT_FLAGS,
  ['magbone import sbml model.xml --out model.json'],
);

export async function runImport(argv: readonly string[], io: Io): Promise<number> {
  const a = parseArgs(argv, IMPORT_FLAGS);
  if (a.flags.help) { io.out.write(IMPORT_HELP); return 0; }
  const problems = [...a.problems];
  const [format, file, ...extra] = a.positional;
  if (format !== 'sbml') problems.push(`expected 'import sbml <file>', got 'import ${format ?? ''}' (the one format is sbml)`);
  if (file === undefined) problems.push('expected the SBML file to import');
  if (extra.length) problems.push(`unexpected arguments: ${extra.join(' ')}`);
  const out = a.flags.out as string | undefined;
  if (out === undefined) problems.push('--out FILE.json is required');
  else { const p = outputProblem(out, ['.json']); if (p) problems.push(`--out: ${p}`); }
  if (problems.length) return fail(io, problems);
  const loaded = loadSbml(file as string);
  if (!loaded.imp) return fail(io, loaded.problems);
  const { spec, events, delays } = loaded.imp;
  const notes = [...loaded.imp.notes];
  // like the events, the delays run only in the SBML runner: said in the file, beside the spec
  if (delays.length) notes.push(`the delays (sbmlDelays) are filled from the run's history only by magbone simulate on the SBML file; run as a JSON spec, each reads its value at t0`);
  const doc = { ...spec, ...(events.length ? { sbmlEvents: events } : {}), ...(delays.length ? { sbmlDelays: delays } : {}), ...(notes.length ? { importNotes: notes } : {}) };
  for (const n of notes) io.err.write(`note: ${n}\n`);
  writeAtomic(out as string, JSON.stringify(doc, null, 2) + '\n');
  return 0;
}

const CASE_FLAGS: Record<string, FlagSpec> = {
  out: { type: 'string', value: 'FILE', help: 'write the result CSV to FILE (required)' },
  method: { type: 'string', value: 'NAME', help: 'bdf (default), rodas or dopri' },
  help: HELP_FLAG,
};
const CASE_HELP = helpText(
  'magbone sbml-case <case-dir> --out result.csv',
  'Runs one case of the SBML semantic test suite (a folder NNNNN/ holding NNNNN-settings.txt and the\n'
  + 'model files NNNNN-sbml-l3v2.xml, -l3v1.xml or -l2v4.xml; the highest present is used) and writes the\n'
  + 'case\'s variables on its time grid in the suite\'s CSV layout. When NNNNN-results.csv is there, the\n'
  + 'comparison (the suite\'s absolute + relative criterion) is printed to standard error.',
  CASE_FLAGS,
  ['magbone sbml-case cases/semantic/00001 --out 00001.csv'],
);

export async function runSbmlCase(argv: readonly string[], io: Io): Promise<number> {
  const a = parseArgs(argv, CASE_FLAGS);
  if (a.flags.help) { io.out.write(CASE_HELP); return 0; }
  const problems = [...a.problems];
  const method = methodFlag(a.flags.method, problems);
  if (a.positional.length !== 1) problems.push(`expected one case folder, got ${a.positional.length} arguments`);
  const out = a.flags.out as string | undefined;
  if (out === undefined) problems.push('--out FILE.csv is required');
  else { const p = outputProblem(out, ['.csv']); if (p) problems.push(`--out: ${p}`); }
  if (problems.length) return fail(io, problems);
  const dir = a.positional[0];
  const id = path.basename(path.resolve(dir));
  const at = (f: string): string => path.join(dir, `${id}-${f}`);
  if (!fs.existsSync(at('settings.txt'))) return fail(io, [`${dir}: no ${id}-settings.txt (is this a case folder cases/semantic/NNNNN?)`]);
  const modelFile = ['sbml-l3v2.xml', 'sbml-l3v1.xml', 'sbml-l2v4.xml'].map(at).find((f) => fs.existsSync(f));
  if (!modelFile) return fail(io, [`${dir}: no model file ${id}-sbml-l3v2.xml, -l3v1.xml or -l2v4.xml`]);
  let settings;
  try { settings = parseSettings(fs.readFileSync(at('settings.txt'), 'utf8')); } catch (e) { return fail(io, [`${at('settings.txt')}: ${(e as Error).message}`]); }
  const loaded = loadSbml(modelFile);
  if (!loaded.imp) return fail(io, loaded.problems);
  const run = runSbml(loaded.imp, {
    times: caseTimes(settings), variables: settings.variables, amount: new Set(settings.amount), concentration: new Set(settings.concentration),
    rtol: Math.min(settings.relative * 1e-3, 1e-8), atol: Math.min(settings.absolute * 1e-3, 1e-12), method,
  });
  if (run.code !== 'success') { io.err.write(`error: ${run.message}\n`); return 1; }
  writeAtomic(out as string, caseCsv(settings, run));
  if (fs.existsSync(at('results.csv'))) {
    const files = Object.fromEntries(fs.readdirSync(dir).filter((f) => f.endsWith('.xml') && !f.startsWith(`${id}-`)).map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]));
    const r = runCase(fs.readFileSync(modelFile, 'utf8'), fs.readFileSync(at('settings.txt'), 'utf8'), fs.readFileSync(at('results.csv'), 'utf8'), method, files);
    io.err.write(`${id}: ${r.outcome}${r.worst !== undefined ? ` (worst error ${r.worst.toPrecision(3)} of the allowed)` : ''}${r.reason ? `: ${r.reason}` : ''}\n`);
  }
  return 0;
}
