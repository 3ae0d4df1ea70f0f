/**
 * The first pass of input validation: the shape of an input (plain objects, arrays, known keys,
 * model-independent values) checked against a valibot declaration, every problem at once, each with
 * its path, the value, what is allowed and a did-you-mean. The same declaration gives the
 * TypeScript type, the key lists, the docs tables and the published JSON Schema
 * (`scripts/gen-schemas.ts`).
 *
 * Why a walker of our own rather than `v.safeParse` on the whole object: valibot's `strictObject`
 * reports only the first unknown key, takes arrays and `Map`s for objects and cannot take the extra
 * keys a model's scenario adapter adds; the walker handles objects, arrays and records itself and
 * asks valibot only about leaf values. Values whose meaning depends on a model (quantities in the
 * model's units, parameter names, dose targets) are marked `secondPass` and left to the model-aware
 * pass, which has today's messages (with units and did-you-mean over the model's names).
 */
import * as v from 'valibot';
import { didYouMean, showValue, type InputIssue, type IssuePath } from './issues.js';

/** Any valibot schema (sync). */
export type AnySchema = v.GenericSchema;

/** A message: fixed text, or text from the offending value. */
export type ShapeMessage = string | ((input: unknown) => string);

const SECOND_PASS = new WeakSet<object>();
const EXTENSIBLE = new WeakSet<object>();
const DOC_TYPE = new WeakMap<object, string>();
const MESSAGE = new WeakMap<object, ShapeMessage>();
const REQUIRED = new WeakMap<object, string>();
const READ = new WeakMap<object, LeafRead>();

/**
 * How a leaf value is read when valibot alone cannot say (a quantity converted to its unit and
 * checked against its range): the value read, or the message for the offending input.
 */
export type LeafRead = (input: unknown) => { value: unknown } | { message: string };

/** Marks a value as checked by the model-aware second pass (the walker does not look into it). */
export function secondPass<S extends AnySchema>(schema: S): S {
  SECOND_PASS.add(schema);
  return schema;
}

/** Marks an object that also takes a model adapter's extension keys (checkShape's `extensionKeys`). */
export function extensible<S extends AnySchema>(schema: S): S {
  EXTENSIBLE.add(schema);
  return schema;
}

/** The type as the docs table shows it (e.g. "time"), when the schema's own kind says too little. */
export function docType<S extends AnySchema>(schema: S, text: string): S {
  DOC_TYPE.set(schema, text);
  return schema;
}

/** The message when a container (object, array, record) has the wrong type. */
export function shapeMessage<S extends AnySchema>(schema: S, message: ShapeMessage): S {
  MESSAGE.set(schema, message);
  return schema;
}

/** The message when this required key is missing (instead of "required"). */
export function requiredMessage<S extends AnySchema>(schema: S, message: string): S {
  REQUIRED.set(schema, message);
  return schema;
}

/**
 * Reads a leaf with `read` instead of asking valibot: the walker reports `read`'s message, and hands
 * the value read to checkShape's `onRead`. The schema itself still declares the value for the JSON
 * Schema and the docs.
 */
export function readWith<S extends AnySchema>(schema: S, read: LeafRead): S {
  READ.set(schema, read);
  return schema;
}

export function isSecondPass(schema: AnySchema): boolean { return SECOND_PASS.has(schema); }
export function isExtensible(schema: AnySchema): boolean { return EXTENSIBLE.has(schema); }
export function docTypeOf(schema: AnySchema): string | undefined { return DOC_TYPE.get(schema); }

/** A plain object (JSON object, YAML mapping): not an array, nor a YAML !!set / !!omap (Set, Map), nor a Date. */
export function isPlainRecord(x: unknown): x is Record<string, unknown> {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return false;
  const proto = Object.getPrototypeOf(x) as unknown;
  return proto === Object.prototype || proto === null;
}

/** Reports every own key of `obj` not in `allowed`, with a did-you-mean and the allowed keys. */
export function checkKeys(obj: Record<string, unknown>, allowed: readonly string[], path: IssuePath, issues: InputIssue[]): void {
  for (const k of Object.keys(obj)) {
    if (!allowed.includes(k)) issues.push({ path: [...path, k], message: `unknown key${didYouMean(k, allowed)}; allowed: ${allowed.join(', ')}` });
  }
}

/** The schema inside `optional(…)`/`exactOptional(…)`/`nullish(…)`, or the schema itself. */
export function unwrap(schema: AnySchema): AnySchema {
  let s = schema as AnySchema & { wrapped?: AnySchema };
  while ((s.type === 'optional' || s.type === 'exact_optional' || s.type === 'nullish') && s.wrapped) s = s.wrapped as typeof s;
  return s;
}

/** The entries (key → schema) of an object schema, optional wrappers included. */
export function entriesOf(schema: AnySchema): Record<string, AnySchema> {
  const s = unwrap(schema) as AnySchema & { entries?: Record<string, AnySchema> };
  if (!s.entries) throw new Error(`not an object schema: ${s.type}`);
  return s.entries;
}

/** The keys an object schema declares, in declaration order. */
export function keysOf(schema: AnySchema): string[] {
  return Object.keys(entriesOf(schema));
}

/** The keys an object schema requires. */
export function requiredKeysOf(schema: AnySchema): string[] {
  return Object.entries(entriesOf(schema)).filter(([, s]) => !isOptional(s)).map(([k]) => k);
}

export function isOptional(schema: AnySchema): boolean {
  return schema.type === 'optional' || schema.type === 'exact_optional' || schema.type === 'nullish';
}

const OBJECT_TYPES = new Set(['strict_object', 'object', 'loose_object']);

function messageOf(schema: AnySchema, fallback: string, value: unknown): string {
  const m = MESSAGE.get(schema);
  if (m === undefined) return fallback;
  return typeof m === 'function' ? m(value) : m;
}

/**
 * Checks `value` against `schema` and appends every problem to `issues`: a wrong container type (the
 * container's `shapeMessage`), every unknown key, every missing required key and every leaf value
 * that valibot refuses (its first message). `secondPass` values are skipped; `extensible` objects
 * also accept `extensionKeys`. A leaf declared with `readWith` is read by its own function, whose
 * value goes to `onRead` (with the leaf's path) when it is valid.
 */
export function checkShape(
  schema: AnySchema, value: unknown, issues: InputIssue[], extensionKeys: readonly string[] = [], path: IssuePath = [],
  onRead?: (path: IssuePath, value: unknown) => void,
): void {
  if (SECOND_PASS.has(schema)) return;
  const s = unwrap(schema);
  if (SECOND_PASS.has(s)) return;
  const read = READ.get(schema) ?? READ.get(s);
  if (read) {
    const r = read(value);
    if ('message' in r) issues.push({ path, message: r.message });
    else onRead?.(path, r.value);
    return;
  }
  if (OBJECT_TYPES.has(s.type)) {
    if (!isPlainRecord(value)) { issues.push({ path, message: messageOf(s, `must be an object, got ${showValue(value)}`, value) }); return; }
    const entries = (s as unknown as { entries: Record<string, AnySchema> }).entries;
    const allowed = EXTENSIBLE.has(s) || EXTENSIBLE.has(schema) ? [...Object.keys(entries), ...extensionKeys] : Object.keys(entries);
    if (s.type === 'strict_object') checkKeys(value, allowed, path, issues);
    for (const [k, sub] of Object.entries(entries)) {
      const present = Object.hasOwn(value, k) && value[k] !== undefined;
      if (present) checkShape(sub, value[k], issues, extensionKeys, [...path, k], onRead);
      else if (!isOptional(sub) && !SECOND_PASS.has(sub)) issues.push({ path: [...path, k], message: REQUIRED.get(sub) ?? 'required' });
    }
    return;
  }
  if (s.type === 'array') {
    if (!Array.isArray(value)) { issues.push({ path, message: messageOf(s, `must be an array, got ${showValue(value)}`, value) }); return; }
    const item = (s as unknown as { item: AnySchema }).item;
    value.forEach((x, i) => checkShape(item, x, issues, extensionKeys, [...path, i], onRead));
    // length limits and other actions of the array's pipe
    const r = v.safeParse(v.pipe(v.array(v.unknown()), ...pipeActions(s)), value);
    if (!r.success) issues.push({ path, message: messageOf(s, r.issues[0].message, value) });
    return;
  }
  if (s.type === 'record') {
    if (!isPlainRecord(value)) { issues.push({ path, message: messageOf(s, `must be an object, got ${showValue(value)}`, value) }); return; }
    const rec = s as unknown as { key: AnySchema; value: AnySchema };
    if (!SECOND_PASS.has(rec.value)) for (const [k, x] of Object.entries(value)) checkShape(rec.value, x, issues, extensionKeys, [...path, k], onRead);
    return;
  }
  const r = v.safeParse(s, value);
  if (!r.success) issues.push({ path, message: r.issues[0].message });
}

/** The validation actions of a schema's pipe (after its root schema), for re-running them alone. */
function pipeActions(schema: AnySchema): v.PipeAction<unknown[], unknown[], v.BaseIssue<unknown>>[] {
  const pipe = (schema as unknown as { pipe?: unknown[] }).pipe;
  if (!pipe) return [];
  return pipe.slice(1).filter((a) => (a as { kind?: string }).kind === 'validation') as v.PipeAction<unknown[], unknown[], v.BaseIssue<unknown>>[];
}
