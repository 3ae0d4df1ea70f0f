/**
 * Generates, from the one valibot declaration of each format:
 * - `scenario.schema.json` (JSON Schema 2020-12, shipped in the package): the scenario format of
 *   each built-in model, with its parameter, state, switch and dose-target names, its bounds and
 *   its own keys (human-mg-bone's diet, supplements, conditions);
 * - the key tables of `docs/scenarios.md` (between the "generated" markers);
 * - `studies/study.schema.json` (the study files of the evidence engine).
 * Run `npm run gen:schemas` after changing a declaration or a model; a test checks they are current.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { toJsonSchema, type JsonSchema } from '@valibot/to-json-schema';
import { scenarioSchema, ScenarioSchema, type ScenarioVocabulary } from '../src/simulate/scenario-schema.js';
import { docTypeOf, entriesOf, isOptional, unwrap, type AnySchema } from '../src/core/shape.js';
import { builtinModels, getModel } from '../src/builtin/index.js';
import { StudySchema, STUDY_SCHEMA_DEFINITIONS } from '../src/analysis/evidence/study-schema.js';

export const SCENARIO_SCHEMA_FILE = 'scenario.schema.json';
export const STUDY_SCHEMA_FILE = path.join('studies', 'study.schema.json');
export const SCENARIO_DOCS_FILE = path.join('docs', 'scenarios.md');
const BEGIN = '<!-- BEGIN generated from src/simulate/scenario-schema.ts by `npm run gen:schemas`: do not edit -->';
const END = '<!-- END generated -->';

const convert = (s: AnySchema, definitions?: Record<string, AnySchema>): JsonSchema => {
  const j = toJsonSchema(s, { target: 'draft-2020-12', errorMode: 'throw', definitions });
  delete j.$schema;
  return j;
};

/** The names, units and bounds of a built-in model, for its scenario format. */
export function vocabularyOf(id: string): ScenarioVocabulary {
  const entry = builtinModels.find(id)!;
  const model = getModel(id);
  const spec = entry.spec;
  return {
    modelId: id,
    timeUnit: spec.timeUnit,
    parameters: Object.fromEntries(Object.entries(spec.parameters).map(([k, p]) => [k, { unit: p.unit, description: p.description, bounds: p.bounds }])),
    states: Object.fromEntries(Object.entries(spec.states).map(([k, s]) => [k, { unit: s.unit, description: s.description }])),
    switches: model.switchNames,
    doseTargets: model.doseTargets,
    extension: entry.scenario?.extensionSchema,
  };
}

/** The text of `scenario.schema.json`. */
export function scenarioSchemaText(): string {
  const ids = builtinModels.ids();
  const schema = {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://github.com/magbone/magbone/scenario.schema.json',
    title: 'magbone scenario file',
    description: 'What to simulate: a model, how long, what to output and what to change (docs/scenarios.md). Generated from the valibot declaration in src/simulate/scenario-schema.ts by `npm run gen:schemas`. magbone checks more than a schema can (times within the run, output size, dose counts, amounts through molar masses) and reports every problem with its path.',
    type: 'object',
    required: ['model', 'duration'],
    properties: { model: { enum: ids, description: 'the model id' } },
    allOf: ids.map((id) => ({ if: { properties: { model: { const: id } }, required: ['model'] }, then: { $ref: `#/$defs/${id}` } })),
    $defs: {} as Record<string, JsonSchema>,
  };
  for (const id of ids) {
    // the model's name maps appear at the top and in each change: one definition each
    const s = scenarioSchema(vocabularyOf(id));
    const top = entriesOf(s);
    const definitions: Record<string, AnySchema> = {};
    for (const k of ['parameters', 'scale', 'switches', 'initial']) definitions[`${id}.${k}`] = top[k];
    const j = convert(s, definitions);
    Object.assign(schema.$defs, j.$defs);
    delete j.$defs;
    schema.$defs[id] = j;
  }
  return `${JSON.stringify(schema, null, 2)}\n`;
}

/** The text of `studies/study.schema.json`. */
export function studySchemaText(): string {
  const body = convert(StudySchema, STUDY_SCHEMA_DEFINITIONS);
  const schema = {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://github.com/magbone/magbone/studies/study.schema.json',
    title: 'magbone study file',
    ...body,
  };
  return `${JSON.stringify(schema, null, 2)}\n`;
}

/** The description of a schema (its pipe's `description`, looking through `optional`). */
function descriptionOf(schema: AnySchema): string {
  for (const s of [schema, unwrap(schema)]) {
    const pipe = (s as unknown as { pipe?: { type: string; description?: string }[] }).pipe;
    const d = pipe?.find((a) => a.type === 'description');
    if (d?.description) return d.description;
  }
  return '';
}

/** The type as the docs show it: "time", "boolean", "`bdf`, `rodas`…", "object", "array of objects"… */
function typeText(schema: AnySchema): string {
  const s = unwrap(schema);
  const label = docTypeOf(schema) ?? docTypeOf(s);
  let t: string;
  if (label) t = label;
  else if (s.type === 'picklist') t = (s as unknown as { options: string[] }).options.map((o) => `\`"${o}"\``).join(', ');
  else if (s.type === 'number') {
    const pipe = (s as unknown as { pipe?: { type: string }[] }).pipe ?? [];
    t = pipe.some((a) => a.type === 'integer') ? 'integer' : 'number';
  } else if (s.type === 'strict_object' || s.type === 'object') t = 'object';
  else if (s.type === 'array') t = 'array';
  else t = s.type;
  return isOptional(schema) ? t : `${t}, required`;
}

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function table(title: string, entries: Record<string, AnySchema>, prefix = ''): string[] {
  return [
    title, '',
    '| key | type | meaning |',
    '|---|---|---|',
    ...Object.entries(entries).map(([k, s]) => `| \`${prefix}${k}\` | ${cell(typeText(s))} | ${cell(descriptionOf(s))} |`),
    '',
  ];
}

/** The generated part of `docs/scenarios.md`: the key tables. */
export function scenarioDocsTables(): string {
  const top = entriesOf(ScenarioSchema);
  const inner = (k: string): AnySchema => {
    let s = unwrap(top[k]) as AnySchema & { item?: AnySchema };
    if (s.item) s = unwrap(s.item) as typeof s;
    return s;
  };
  return [
    BEGIN, '',
    ...table('Top-level keys:', top),
    ...table('`output`:', entriesOf(inner('output')), 'output.'),
    ...table('Each entry of `doses`:', entriesOf(inner('doses'))),
    ...table('Each entry of `changes` (besides a model\'s own keys):', entriesOf(inner('changes'))),
    ...table('`solver`:', entriesOf(inner('solver')), 'solver.'),
    END,
  ].join('\n');
}

const BEGIN_HUMAN = '<!-- BEGIN generated from src/models/human-mg-bone/scenario-schema.ts by `npm run gen:schemas`: do not edit -->';

/** The generated table of human-mg-bone's own keys (its adapter's declaration: ranges, salts, conditions). */
export function humanDocsTable(): string {
  const entries = builtinModels.find('human-mg-bone')!.scenario!.extensionSchema as Record<string, AnySchema>;
  const inner = (k: string): Record<string, AnySchema> => {
    let s = unwrap(entries[k]) as AnySchema & { item?: AnySchema };
    if (s.item) s = unwrap(s.item) as typeof s;
    return entriesOf(s);
  };
  return [
    BEGIN_HUMAN, '',
    ...table('Keys:', entries),
    ...table('`diet`:', inner('diet'), 'diet.'),
    ...table('Each entry of `supplements`:', inner('supplements')),
    ...table('`conditions` (each optional):', inner('conditions')),
    END,
  ].join('\n');
}

/** `text` with the generated part that starts at `begin` (and ends at the next END marker) replaced by `part`. */
function replacePart(text: string, begin: string, part: string): string {
  const a = text.indexOf(begin), b = text.indexOf(END, a);
  if (a < 0 || b < a) throw new Error(`${SCENARIO_DOCS_FILE}: the generated-part markers are missing (${begin})`);
  return text.slice(0, a) + part + text.slice(b + END.length);
}

/** `docs/scenarios.md` with its generated parts replaced. */
export function scenarioDocsText(current: string): string {
  return replacePart(replacePart(current, BEGIN, scenarioDocsTables()), BEGIN_HUMAN, humanDocsTable());
}

/** Every generated file: path (relative to the root) → expected text. */
export function generatedFiles(root: string): Record<string, string> {
  return {
    [SCENARIO_SCHEMA_FILE]: scenarioSchemaText(),
    [STUDY_SCHEMA_FILE]: studySchemaText(),
    [SCENARIO_DOCS_FILE]: scenarioDocsText(fs.readFileSync(path.join(root, SCENARIO_DOCS_FILE), 'utf8')),
  };
}


if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  let root = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(root, 'package.json'))) root = path.dirname(root);
  if (path.basename(root) === 'dist') root = path.dirname(root);
  for (const [file, text] of Object.entries(generatedFiles(root))) {
    fs.writeFileSync(path.join(root, file), text);
    console.log(`wrote ${file}`);
  }
}
