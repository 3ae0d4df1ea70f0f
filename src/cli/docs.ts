/**
 * `magbone docs <model> [--out file.md]`: the model's documentation (Markdown with LaTeX), generated
 * from its spec. `<model>` is a registered model id or a path to a JSON file holding a ModelSpec.
 *
 * Exit codes: 0 written; 2 bad input (unknown model with did-you-mean, unreadable file, a model that
 * does not check — every problem on its own line, nothing written).
 */
import fs from 'node:fs';
import { parseArgs, helpText, type FlagSpec, HELP_FLAG } from './args.js';
import { outputProblem, writeAtomic } from './output.js';
import { didYouMean } from '../index.js';
import { findModel, modelIds } from '../index.js';
import { checkModel, formatPath } from '../index.js';
import type { ModelSpec, SbmlDelay } from '../index.js';
import { modelDocs } from '../index.js';
import { isSbmlPath, loadSbml } from './sbml.js';

export type Io = { out: { write(s: string): unknown }; err: { write(s: string): unknown } };
const STD: Io = { out: process.stdout, err: process.stderr };

const FLAGS: Record<string, FlagSpec> = {
  out: { type: 'string', value: 'FILE', help: 'write to FILE (.md) instead of standard output' },
  help: HELP_FLAG,
};

const HELP = helpText(
  'magbone docs <model> [--out file.md]',
  'Writes the documentation of a model, generated from its data: references with DOI/PubMed links,\n'
  + 'states, every equation in LaTeX, observables, parameters with values, units and sources, switches\n'
  + 'with their evidence, dose targets, assumptions, and the quantities whose units are unchecked.\n'
  + `<model> is one of ${modelIds().join(', ')}, a path to a JSON model spec, or an SBML file (.xml, .sbml).`,
  FLAGS,
  ['magbone docs peterson-riggs-2010 --out peterson-riggs-2010.md', 'magbone docs my-model.json', 'magbone docs model.xml --out model.md'],
);

/** What an SBML import carries beside the spec: its delays (`sbmlDelays`) and the ids of its events (`sbmlEvents`). */
export interface SbmlExtras { delays: SbmlDelay[]; events: string[] }

/**
 * A model by registry id, or from a JSON file when the argument names one: the spec, or the
 * problems (each a full sentence) when it cannot be had or does not check. For an SBML file, or a
 * JSON spec written by `import sbml`, also its delays and events (`sbml`).
 */
export function loadModelArg(ref: string): { spec: ModelSpec; sbml?: SbmlExtras; problems?: undefined } | { spec?: undefined; problems: string[] } {
  if (isSbmlPath(ref)) {
    const loaded = loadSbml(ref);
    return loaded.imp ? { spec: loaded.imp.spec, sbml: { delays: loaded.imp.delays, events: loaded.imp.events.map((e) => e.id) } } : { problems: loaded.problems };
  }
  const entry = findModel(ref);
  let spec: unknown = entry?.spec;
  if (!entry) {
    const looksLikeFile = /\.json$/i.test(ref) || ref.includes('/') || ref.includes('\\');
    if (!looksLikeFile || !fs.existsSync(ref)) {
      const hint = looksLikeFile ? `no such file '${ref}'` : `unknown model '${ref}'${didYouMean(ref, modelIds())}`;
      return { problems: [`${hint}; models: ${modelIds().join(', ')}, or a path to a JSON model spec`] };
    }
    try {
      spec = JSON.parse(fs.readFileSync(ref, 'utf8'));
    } catch (e) {
      return { problems: [`${ref}: ${e instanceof SyntaxError ? `not valid JSON (${e.message})` : (e as Error).message}`] };
    }
    if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) {
      return { problems: [`${ref}: expected a JSON object (a model spec with id, name, states, parameters, ...)`] };
    }
  }
  const issues = checkModel(spec as ModelSpec);
  if (issues.length) return { problems: issues.map((i) => `${formatPath(i.path)}: ${i.message}`) };
  // what `import sbml` wrote beside the spec
  const doc = spec as { sbmlDelays?: unknown; sbmlEvents?: unknown };
  const str = (v: unknown): v is string => typeof v === 'string';
  const delays = Array.isArray(doc.sbmlDelays) ? doc.sbmlDelays.filter((d): d is SbmlDelay => typeof d === 'object' && d !== null && str(d.rule) && str(d.value) && str(d.x) && str(d.d)) : [];
  const problems: string[] = [];
  if (Array.isArray(doc.sbmlDelays) && delays.length !== doc.sbmlDelays.length) problems.push(`${ref}: sbmlDelays: each entry must be { rule, value, x, d } (strings), as import sbml writes it`);
  const events = Array.isArray(doc.sbmlEvents) ? doc.sbmlEvents.map((e, k) => (typeof e === 'object' && e !== null && str((e as { id?: unknown }).id) ? (e as { id: string }).id : `event ${k}`)) : [];
  if (problems.length) return { problems };
  return { spec: spec as ModelSpec, ...(delays.length || events.length ? { sbml: { delays, events } } : {}) };
}

/**
 * Shared by docs and export: parses the arguments, loads the model, generates the text, then writes
 * it atomically (a temporary file in the same folder, renamed) or prints it. All input problems are
 * reported before anything is generated or written.
 */
export function runGenerator(
  args: readonly string[], io: Io,
  o: { help: string; flags: Record<string, FlagSpec>; extensions: string[]; generate: (spec: ModelSpec, sbml?: SbmlExtras) => string; usage: string; declineEvents?: string },
): number {
  const parsed = parseArgs(args, o.flags);
  if (parsed.flags.help) { io.out.write(o.help); return 0; }
  const problems = [...parsed.problems];
  if (parsed.positional.length === 0) problems.push(`a model is required: ${o.usage}`);
  if (parsed.positional.length > 1) problems.push(`one model at a time, got ${parsed.positional.map((p) => `'${p}'`).join(', ')}`);
  const out = parsed.flags.out as string | undefined;
  if (out !== undefined) {
    const p = outputProblem(out, o.extensions);
    if (p) problems.push(`--out ${p}`);
  }
  let spec: ModelSpec | undefined;
  let sbml: SbmlExtras | undefined;
  if (parsed.positional.length === 1) {
    const loaded = loadModelArg(parsed.positional[0]);
    if (loaded.problems) problems.push(...loaded.problems);
    spec = loaded.spec;
    sbml = loaded.spec ? loaded.sbml : undefined;
    // events imported from SBML have no form in the spec: a generator that cannot write them says so
    if (o.declineEvents && sbml?.events.length) problems.push(`${parsed.positional[0]}: the model has ${sbml.events.length} SBML event(s) (${sbml.events.join(', ')}) ${o.declineEvents}`);
  }
  if (problems.length || !spec) {
    io.err.write(problems.map((p) => `error: ${p}`).join('\n') + '\n');
    return 2;
  }
  const text = o.generate(spec, sbml);
  if (out === undefined) io.out.write(text.endsWith('\n') ? text : text + '\n');
  else {
    writeAtomic(out, text);
    io.err.write(`wrote ${out}\n`);
  }
  return 0;
}

export async function runDocs(args: readonly string[], io: Io = STD): Promise<number> {
  return runGenerator(args, io, { help: HELP, flags: FLAGS, extensions: ['.md'], generate: modelDocs, usage: 'magbone docs <model> [--out file.md]' });
}
