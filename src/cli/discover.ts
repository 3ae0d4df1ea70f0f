/**
 * Discovery: `magbone models`, `magbone params <model> [--search text]`, `magbone outputs <model>`
 * — what a model has, with units, descriptions, allowed ranges, sources and evidence (which
 * parameters the shipped calibration fitted; which outputs were checked against which studies).
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs, helpText, type FlagSpec, HELP_FLAG } from './args.js';
import { didYouMean } from '../index.js';
import { findModel, modelEntries, modelIds } from '../index.js';
import { getModel } from '../index.js';
import { calibrationDir } from '../node.js';
import { formatBounds, formatNumber } from '../index.js';
import { referenceRange, parseValidatedFailures, parseValidatedStudies } from '../index.js';
import { validatedDomainText } from './guard-files.js';
import type { Model } from '../index.js';
import { compileModel, ModelInputError } from '../index.js';
import { isSbmlPath, loadSbml } from './sbml.js';

type Io = { out: { write(s: string): unknown }; err: { write(s: string): unknown } };
const STD: Io = { out: process.stdout, err: process.stderr };

const LIST_FLAGS: Record<string, FlagSpec> = {
  search: { type: 'string', value: 'TEXT', help: 'only entries whose name, description or source contains TEXT (any case)' },
  json: { type: 'boolean', help: 'JSON on stdout instead of a table' },
  help: HELP_FLAG,
};

const MODELS_HELP = helpText('magbone models [--json]', 'Lists the models: id, time unit, size, what it is.', { json: LIST_FLAGS.json, help: LIST_FLAGS.help }, ['magbone models', 'magbone models --json']);
const PARAMS_HELP = helpText('magbone params <model> [--search TEXT] [--json]',
  'Lists the parameters of a model: name, value, unit, allowed range, description, source, and whether the\n'
  + 'shipped calibration fitted it. Set one with --set NAME=VALUE (units allowed: --set "Mg_diet=200 mg/d").\n'
  + '<model> is a model id or an SBML file (.xml, .sbml), whose units are those the file declares ("?" and why where none).',
  LIST_FLAGS, ['magbone params human-mg-bone --search diet', 'magbone params openbonemin --search GFR', 'magbone params dutta-layton-2024 --json']);
const OUTPUTS_HELP = helpText('magbone outputs <model> [--search TEXT] [--json]',
  'Lists the outputs (observables) and states of a model: name, unit, description, key output (shown by\n'
  + 'default), reference range, and the studies it was checked against (its validated domain). <model> is a\n'
  + 'model id or an SBML file (.xml, .sbml); for a file its rules (reaction rates, species set by rules) are listed too.',
  LIST_FLAGS, ['magbone outputs human-mg-bone', 'magbone outputs human-mg-bone --search serum', 'magbone outputs peterson-riggs-2010 --json']);

/** Aligned columns; the last column is not padded. */
function table(rows: string[][]): string {
  const w = rows[0].map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(w[i]))).join('  ').trimEnd()).join('\n') + '\n';
}

function readJson(file: string): unknown {
  try { return JSON.parse(fs.readFileSync(file, 'utf8')); } catch { return undefined; }
}

/** Parameters the shipped calibration (calibration/fit.json) estimated. */
function fittedParams(id: string): Set<string> {
  const fit = readJson(path.join(calibrationDir(id), 'fit.json')) as { params?: string[] } | undefined;
  return new Set(fit?.params ?? []);
}

/** Output → studies that checked it, and → the checks the model fails (any class), from the model's validated-domain.md. */
function checkedBy(id: string): { by: Map<string, string[]>; failing: Map<string, string[]> } | undefined {
  const md = validatedDomainText(id);
  if (md === undefined) return undefined;
  const failing = new Map<string, string[]>();
  for (const [, byOutput] of parseValidatedFailures(md)) for (const [o, f] of byOutput) failing.set(o, [...new Set([...(failing.get(o) ?? []), ...f.failing])]);
  return { by: parseValidatedStudies(md), failing };
}

/** Models read from SBML files: no shipped calibration, reference ranges or studies apply to them. */
const imported = new WeakSet<Model>();

/** The model of the first positional argument (a model id or an SBML file), or a problem naming the known ones. */
function modelArg(args: { positional: string[] }, problems: string[], usage: string): Model | undefined {
  if (args.positional.length !== 1) { problems.push(`give one model: ${usage} (models: ${modelIds().join(', ')}, or an SBML file)`); return undefined; }
  const id = args.positional[0];
  if (isSbmlPath(id)) {
    const loaded = loadSbml(id);
    if (!loaded.imp) { problems.push(...loaded.problems); return undefined; }
    try {
      const m = compileModel(loaded.imp.spec);
      imported.add(m);
      return m;
    } catch (e) {
      if (e instanceof ModelInputError) { problems.push(`${id}: the imported model does not check: ${e.message}`); return undefined; }
      throw e;
    }
  }
  if (!findModel(id)) { problems.push(`unknown model "${id}"${didYouMean(id, modelIds())}; list them with: magbone models`); return undefined; }
  return getModel(id);
}

function matches(search: string | undefined, ...texts: string[]): boolean {
  if (!search) return true;
  const s = search.toLowerCase();
  return texts.some((t) => t.toLowerCase().includes(s));
}

function fail(io: Io, problems: string[]): number {
  io.err.write(problems.map((p) => `error: ${p}`).join('\n') + '\n');
  return 2;
}

export async function runModels(argv: readonly string[], io: Io = STD): Promise<number> {
  const args = parseArgs(argv, { json: LIST_FLAGS.json, help: LIST_FLAGS.help });
  if (args.flags.help) { io.out.write(MODELS_HELP); return 0; }
  const problems = [...args.problems];
  if (args.positional.length) problems.push(`unexpected argument(s): ${args.positional.join(' ')}`);
  if (problems.length) return fail(io, problems);
  const rows = modelEntries().map((e) => {
    const m = getModel(e.id);
    return { id: e.id, timeUnit: m.timeUnit, states: m.stateNames.length, parameters: m.parameterNames.length, outputs: m.observableNames.length, keyOutputs: e.keyOutputs ?? [], summary: e.summary };
  });
  if (args.flags.json) { io.out.write(JSON.stringify(rows, null, 1) + '\n'); return 0; }
  io.out.write(table([['id', 'time', 'states', 'params', 'outputs', 'what'], ...rows.map((r) => [r.id, r.timeUnit, String(r.states), String(r.parameters), String(r.outputs), r.summary])]));
  io.out.write('\nmagbone params <id> and magbone outputs <id> list what each has; magbone docs <id> writes its equations.\n');
  return 0;
}

export async function runParams(argv: readonly string[], io: Io = STD): Promise<number> {
  const args = parseArgs(argv, LIST_FLAGS);
  if (args.flags.help) { io.out.write(PARAMS_HELP); return 0; }
  const problems = [...args.problems];
  const model = modelArg(args, problems, 'magbone params <model>');
  if (problems.length || !model) return fail(io, problems);
  const search = args.flags.search as string | undefined;
  const fitted = imported.has(model) ? new Set<string>() : fittedParams(model.id);
  const rows = model.parameterNames.map((name) => {
    const p = model.spec.parameters[name];
    return { name, value: p.value, unit: p.unit, allowed: p.bounds ? formatBounds(p.bounds[0], p.bounds[1]) : 'any value', description: p.description, source: p.source, fitted: fitted.has(name) };
  }).filter((r) => matches(search, r.name, r.description, r.source));
  if (rows.length === 0) return fail(io, [`no parameter of ${model.id} matches "${search}"${didYouMean(search ?? '', model.parameterNames)}`]);
  if (args.flags.json) { io.out.write(JSON.stringify({ model: model.id, parameters: rows }, null, 1) + '\n'); return 0; }
  io.out.write(table([['name', 'value', 'unit', 'allowed', 'description', 'source'],
    ...rows.map((r) => [r.name, formatNumber(r.value), r.unit, r.allowed, r.description, `${r.fitted ? 'fitted by the shipped calibration; ' : ''}${r.source}`])]));
  io.out.write(`\n${rows.length} of ${model.parameterNames.length} parameters of ${model.id}. Set one with --set NAME=VALUE (in its unit, or with a unit: --set "${rows[0].name}=${formatNumber(rows[0].value)}${rows[0].unit && rows[0].unit !== '1' && rows[0].unit !== '?' ? ` ${rows[0].unit}` : ''}").\n`);
  return 0;
}

export async function runOutputs(argv: readonly string[], io: Io = STD): Promise<number> {
  const args = parseArgs(argv, LIST_FLAGS);
  if (args.flags.help) { io.out.write(OUTPUTS_HELP); return 0; }
  const problems = [...args.problems];
  const model = modelArg(args, problems, 'magbone outputs <model>');
  if (problems.length || !model) return fail(io, problems);
  const search = args.flags.search as string | undefined;
  const own = imported.has(model);
  const key = new Set(own ? [] : findModel(model.id)?.keyOutputs ?? []);
  const checks = own ? undefined : checkedBy(model.id);
  const entry = (name: string, kind: 'output' | 'state' | 'rule', unit: string, description: string) => {
    const ref = own ? undefined : referenceRange(model.id, name, unit);
    return {
      name, kind, unit, description, key: key.has(name),
      reference: ref ? `${ref.lo}–${ref.hi} ${ref.unit}` : undefined,
      checkedBy: checks ? checks.by.get(name) ?? [] : undefined,
      failing: checks ? checks.failing.get(name) ?? [] : undefined,
    };
  };
  const rows = [
    ...model.observableNames.map((n) => entry(n, 'output', model.spec.observables[n].unit, model.spec.observables[n].description)),
    ...model.stateNames.map((n) => entry(n, 'state', model.spec.states[n].unit, model.spec.states[n].description)),
    // an SBML model's species set by assignment rules and its reaction rates are rules
    ...(own ? Object.entries(model.spec.rules).map(([n, r]) => entry(n, 'rule', r.unit, r.description)) : []),
  ].filter((r) => matches(search, r.name, r.description));
  const all = [...model.observableNames, ...model.stateNames, ...(own ? Object.keys(model.spec.rules) : [])];
  if (rows.length === 0) return fail(io, [`no output or state of ${model.id} matches "${search}"${didYouMean(search ?? '', all)}`]);
  if (args.flags.json) { io.out.write(JSON.stringify({ model: model.id, outputs: rows }, null, 1) + '\n'); return 0; }
  const evidence = (r: (typeof rows)[number]) => {
    if (r.checkedBy === undefined) return '';
    const n = r.checkedBy.length;
    const fails = r.failing?.length ? `; the model fails ${r.failing.length} of their checks` : '';
    return n === 0 ? 'not checked against data' : `${n} ${n === 1 ? 'study' : 'studies'} (${r.checkedBy.slice(0, 3).join(', ')}${n > 3 ? ', …' : ''})${fails}`;
  };
  io.out.write(table([['name', 'kind', 'unit', 'reference', 'checked against', 'description'],
    ...rows.map((r) => [`${r.name}${r.key ? ' *' : ''}`, r.kind, r.unit, r.reference ?? '', evidence(r), r.description])]));
  io.out.write(`\n* key output (shown by default by simulate, compare and plots). Choose others with --vars A,B or every column with --all.${checks ? ' --json lists every study, and the failing checks (also in calibration/validated-domain.md).' : ''}\n`);
  return 0;
}
