/**
 * The scenario being edited: one JSON object, the same format the CLI reads. Controls read and
 * write paths in it; the JSON editor replaces it whole. Listeners learn who changed it, so the
 * editor does not rewrite text the user is typing and controls do not fight each other.
 */
export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export type JsonObject = { [k: string]: Json };
export type Path = readonly (string | number)[];
export type ChangeSource = 'control' | 'editor' | 'load';

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function getPath(obj: Json | undefined, path: Path): Json | undefined {
  let cur: Json | undefined = obj;
  for (const k of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, Json>)[k as never];
  }
  return cur;
}

/** A copy of obj with path set to value (undefined removes it, and any object left empty by that). */
export function setPath(obj: JsonObject, path: Path, value: Json | undefined): JsonObject {
  if (path.length === 0) throw new Error('setPath: empty path');
  const [head, ...rest] = path;
  const copy: JsonObject = { ...obj };
  const key = String(head);
  if (rest.length === 0) {
    if (value === undefined) delete copy[key];
    else copy[key] = value;
    return copy;
  }
  const child = isObject(copy[key]) ? (copy[key] as JsonObject) : {};
  const next = setPath(child, rest, value);
  if (Object.keys(next).length === 0) delete copy[key];
  else copy[key] = next;
  return copy;
}

export class ScenarioStore {
  private value: JsonObject;
  private listeners: ((s: JsonObject, source: ChangeSource) => void)[] = [];

  constructor(initial: JsonObject) {
    this.value = initial;
  }

  get(): JsonObject {
    return this.value;
  }

  at(path: Path): Json | undefined {
    return getPath(this.value, path);
  }

  set(path: Path, value: Json | undefined, source: ChangeSource = 'control'): void {
    this.replace(setPath(this.value, path, value), source);
  }

  replace(next: JsonObject, source: ChangeSource): void {
    this.value = next;
    for (const f of this.listeners) f(next, source);
  }

  subscribe(f: (s: JsonObject, source: ChangeSource) => void): void {
    this.listeners.push(f);
  }
}

export function isJsonObject(v: unknown): v is JsonObject {
  return isObject(v);
}
