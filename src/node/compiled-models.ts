/**
 * The built-in models compiled by the build: `npm run build` (dist/src) and the package bundle
 * (dist/pkg) write each registry model's generated code into `compiled-models.json` beside this module,
 * so that a command's first run of a model only evaluates the generated sources (no parsing,
 * checking, differentiation or code generation: ~130–160 ms CPU for human-mg-bone). The web app
 * does the same for its opening model (web/precompile.ts).
 *
 * It cannot be stale: the file holds the SHA-256 of every compiler module the code came from
 * (dist/src/model and dist/src/core, or the bundle's chunks holding them) and of each model spec
 * (as JSON). Code is used only for the registry's own spec object, when both digests match what is
 * on disk and in memory now; otherwise the model compiles as before (after `tsc -p .` alone, an
 * edited model or compiler simply compiles). The functions come from the same source text the
 * compiler would generate here, so they compute the same numbers bit for bit.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { ModelSpec } from '../model/spec.js';
import { setCodeSource, type Model } from '../model/model.js';
import type { CompiledCode } from '../model/compile.js';
import { codeFromPortable, type PortableModel } from '../model/portable.js';
import { findModel } from '../builtin/index.js';

const KIND = 'magbone-compiled-models';
const FORMAT = 1;
const NAME = 'compiled-models.json';

/** Where the build writes the compiled models: beside this module (dist/src/node/ or dist/pkg/); undefined when this module is not a file. */
export function compiledModelsFile(): string | undefined {
  try { return fileURLToPath(new URL(`./${NAME}`, import.meta.url)); } catch { return undefined; }
}

interface CompiledModels {
  readonly kind: typeof KIND;
  readonly format: typeof FORMAT;
  /** Compiler module path (relative to this file's folder) → SHA-256 of its bytes. */
  readonly compiler: Readonly<Record<string, string>>;
  /** Model id → SHA-256 of its spec as JSON, and its code. */
  readonly models: Readonly<Record<string, { readonly spec: string; readonly code: Written }>>;
}

/** A model's code as written: a PortableModel without the spec (the registry has it) and without p (compileModel prepares its own). */
type Written = Omit<PortableModel, 'spec' | 'p'>;

const sha256 = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');

/** The digest a spec's code is filed under: SHA-256 of the spec as JSON (as `specHash`). */
export function specDigest(spec: ModelSpec): string {
  return sha256(JSON.stringify(spec));
}

/** The file's content when its compiler digests match the modules on disk; null otherwise (read once per file). */
const read = new Map<string, CompiledModels | null>();
function validFile(file: string): CompiledModels | null {
  let content = read.get(file);
  if (content !== undefined) return content;
  content = null;
  try {
    const raw = JSON.parse(fs.readFileSync(file, 'utf8')) as CompiledModels;
    const dir = path.dirname(file);
    const files = raw?.kind === KIND && raw.format === FORMAT && typeof raw.compiler === 'object' ? Object.entries(raw.compiler) : [];
    if (files.length && files.every(([f, digest]) => sha256(fs.readFileSync(path.resolve(dir, f))) === digest)) content = raw;
  } catch {
    content = null; // no file (the dev tree after tsc alone), a damaged one: compile instead
  }
  read.set(file, content);
  return content;
}

/**
 * The build's code for `spec` from `file`, or undefined: when `spec` is not a registry model's own
 * spec object, when the file is missing, or when the spec or a compiler module changed since.
 */
export function readCompiledModel(spec: ModelSpec, file: string | undefined = compiledModelsFile()): CompiledCode | undefined {
  const id = typeof spec?.id === 'string' ? spec.id : undefined;
  if (id === undefined || file === undefined || findModel(id)?.spec !== spec) return undefined;
  const entry = validFile(file)?.models[id];
  if (!entry || specDigest(spec) !== entry.spec) return undefined;
  try {
    return codeFromPortable({ ...entry.code, spec });
  } catch {
    return undefined;
  }
}

/**
 * Lets compileModel (and so getModel, runScenario, every command) take a built-in model's code from
 * the build instead of compiling it; the CLI calls this once at start.
 */
export function useCompiledModels(file: string | undefined = compiledModelsFile()): void {
  setCodeSource((spec) => readCompiledModel(spec, file));
}

/** What writeCompiledModels needs of a library build: the one whose compiler the code must come from. */
export interface CompilerLibrary {
  modelIds(): string[];
  getModel(id: string): Model;
  toPortable(model: Model): PortableModel;
}

/**
 * Writes the registry models' code compiled by `lib` to `file` (replacing it, atomically), with the
 * digests of `compilerFiles` (the modules of `lib` that the code depends on) and of each spec.
 * Build step only: scripts/gen-compiled-models.ts (dist/src) and scripts/bundle.mjs (dist/pkg).
 */
export function writeCompiledModels(lib: CompilerLibrary, file: string, compilerFiles: readonly string[]): CompiledModels {
  const dir = path.dirname(file);
  const compiler: Record<string, string> = {};
  for (const f of [...compilerFiles].sort()) compiler[path.relative(dir, f).split(path.sep).join('/')] = sha256(fs.readFileSync(f));
  const models: Record<string, { spec: string; code: Written }> = {};
  for (const id of lib.modelIds()) {
    const { spec, p: _p, ...code } = lib.toPortable(lib.getModel(id));
    models[id] = { spec: specDigest(spec), code };
  }
  const content: CompiledModels = { kind: KIND, format: FORMAT, compiler, models };
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(content));
  fs.renameSync(`${file}.tmp`, file);
  read.delete(file);
  return content;
}

/**
 * The compiler of the dist/src layout (tsc's output): every module under dist/src/model and
 * dist/src/core, beside this one. (In the bundle, scripts/bundle.mjs lists the chunks holding them.)
 */
export function distCompilerFiles(): string[] {
  const src = path.resolve(path.dirname(compiledModelsFile()!), '..');
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const f = path.join(d, e.name);
      if (e.isDirectory()) walk(f);
      else if (e.name.endsWith('.js')) out.push(f);
    }
  };
  walk(path.join(src, 'model'));
  walk(path.join(src, 'core'));
  return out.sort();
}
