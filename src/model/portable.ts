/**
 * A compiled model as plain data (the spec, the prepared parameter vector and the generated
 * sources), for a worker thread: `toPortable` in the thread that compiled the model, `fromPortable`
 * in the worker, which only evaluates the generated sources — no checking, parsing,
 * differentiation or code generation again. The functions are built from the very same source
 * text, so they compute the same numbers bit for bit.
 *
 * The parametric derivatives (model.parametric) are not carried: a worker that asks for them
 * compiles the spec then, once.
 */
import type { ModelSpec } from './spec.js';
import { compileParsed, type CompiledCode } from './compile.js';
import { analyzeModel } from './check.js';
import type { ParametricKernels } from './parametric.js';
import { compiledCodeOf, modelFromCode, type Model } from './model.js';

/** The functions of CompiledCode: rebuilt from `sources` in the worker, never sent. */
type CodeFunctions = 'prepare' | 'initial' | 'rhs' | 'jac' | 'outputs' | 'ruleValues' | 'constraints' | 'bioavailability' | 'parametric';
/** The maps of CompiledCode: sent as entry lists. */
type CodeMaps = 'paramIndex' | 'rateIndex' | 'doseState' | 'bioavailabilitySources';
type Entries<M> = M extends ReadonlyMap<infer K, infer V> ? readonly (readonly [K, V])[] : never;

/**
 * A compiled model as data: CompiledCode without its functions (the generated sources rebuild
 * them), its maps as entry lists, plus the spec and the prepared parameter vector. Derived from
 * CompiledCode, so a field added there is carried (or a compile error here says how).
 */
export type PortableModel = Omit<CompiledCode, CodeFunctions | CodeMaps>
  & { readonly [K in CodeMaps]: Entries<CompiledCode[K]> }
  & {
    /** The model's spec (data). */
    readonly spec: ModelSpec;
    /** The model's prepared parameter vector (its parameter and switch values, derived constants). */
    readonly p: Float64Array;
  };

/** The model as structured-cloneable data; throws for a Model not made by the compiler. */
export function toPortable(model: Model): PortableModel {
  const c = compiledCodeOf(model);
  if (!c) throw new Error(`model ${model.id} was not made by compileModel: it cannot be sent to a worker`);
  // the functions stay behind: the worker rebuilds them from `sources`
  const { prepare, initial, rhs, jac, outputs, ruleValues, constraints, bioavailability, parametric, ...data } = c;
  return {
    ...data, spec: model.spec, p: Float64Array.from(model.p),
    paramIndex: [...c.paramIndex], rateIndex: [...c.rateIndex], doseState: [...c.doseState],
    bioavailabilitySources: [...c.bioavailabilitySources],
  };
}

function build<F>(source: string): F {
  return new Function(source)() as F;
}

/** The CompiledCode of `toPortable`'s data, its functions evaluated from the generated sources (`p` is not read). */
export function codeFromPortable(pm: Omit<PortableModel, 'p'>): CompiledCode {
  const s = pm.sources;
  let full: CompiledCode | undefined;
  const { spec, ...data } = pm;
  return {
    ...data,
    paramIndex: new Map(pm.paramIndex), rateIndex: new Map(pm.rateIndex), doseState: new Map(pm.doseState),
    prepare: build(s.prepare), initial: build(s.initial), rhs: build(s.rhs), jac: build(s.jac),
    outputs: build(s.outputs), ruleValues: build(s.ruleValues), constraints: build(s.constraints),
    bioavailability: new Map(pm.bioavailabilitySources.map(([k, src]) => [k, build<(p: Float64Array) => number>(src)])),
    parametric: (names: readonly string[]): ParametricKernels => {
      full ??= compileParsed(analyzeModel(spec).parsed); // not compileModel: its cache holds this object
      return full.parametric(names);
    },
    bioavailabilitySources: new Map(pm.bioavailabilitySources),
  };
}

/** Rebuilds the Model from `toPortable`'s data by evaluating the generated sources. */
export function fromPortable(pm: PortableModel): Model {
  const { p, ...rest } = pm;
  return modelFromCode(pm.spec, codeFromPortable(rest), Float64Array.from(p));
}
