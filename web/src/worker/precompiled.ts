/**
 * The opening model's compiled code, made at build time (web/precompile.ts): seeding the library's
 * compile cache with it means the first run of that model only evaluates its generated sources —
 * the same source text the compiler would produce here, so the same numbers bit for bit.
 */
import { findModel, fromPortable, type PortableModel } from '../../../src/index.js';
import shipped from 'virtual:magbone-precompiled';

/** A PortableModel as the build writes it: without the spec (the registry has it), `p` as an array. */
type Precompiled = Omit<PortableModel, 'spec' | 'p'> & { readonly p: readonly number[] };

const code = shipped as Readonly<Record<string, Precompiled>>;
const seeded = new Set<string>();

const same = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * Seeds the compile cache with the shipped code of `modelId` (once); true when the model's code
 * came from the build, false when there is none (another model, the dev server) and the library
 * compiles the model on first use as before.
 */
export function seedPrecompiled(modelId: string): boolean {
  if (seeded.has(modelId)) return true;
  const c = Object.hasOwn(code, modelId) ? code[modelId] : undefined;
  const entry = findModel(modelId);
  if (!c || !entry) return false;
  // the same build made both: names that differ would be a build error, so compile instead
  const spec = entry.spec;
  if (!same(c.stateNames, Object.keys(spec.states)) || !same(c.parameterNames, Object.keys(spec.parameters))
    || !same(c.observableNames, Object.keys(spec.observables))) return false;
  // cached for the registry's own spec object: getModel(modelId) then reuses this code
  fromPortable({ ...c, spec, p: Float64Array.from(c.p) });
  seeded.add(modelId);
  return true;
}
