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

export interface PortableModel {
  readonly spec: ModelSpec;
  /** The model's prepared parameter vector (its parameter and switch values, derived constants). */
  readonly p: Float64Array;
  readonly stateNames: readonly string[];
  readonly parameterNames: readonly string[];
  readonly switchNames: readonly string[];
  readonly observableNames: readonly string[];
  readonly ruleNames: readonly string[];
  readonly doseTargets: readonly string[];
  readonly paramIndex: readonly [string, number][];
  readonly rateIndex: readonly [string, number][];
  readonly doseState: readonly [string, number][];
  readonly size: number;
  readonly derived: number;
  readonly constraintNames: readonly string[];
  readonly jacPattern: readonly (readonly number[])[];
  readonly linearStates: readonly number[];
  readonly linearInputs: readonly (readonly number[])[];
  readonly sources: CompiledCode['sources'];
  readonly bioavailabilitySources: readonly [string, string][];
}

/** The model as structured-cloneable data; throws for a Model not made by the compiler. */
export function toPortable(model: Model): PortableModel {
  const c = compiledCodeOf(model);
  if (!c) throw new Error(`model ${model.id} was not made by compileModel: it cannot be sent to a worker`);
  return {
    spec: model.spec, p: Float64Array.from(model.p),
    stateNames: c.stateNames, parameterNames: c.parameterNames, switchNames: c.switchNames,
    observableNames: c.observableNames, ruleNames: c.ruleNames, doseTargets: c.doseTargets,
    paramIndex: [...c.paramIndex], rateIndex: [...c.rateIndex], doseState: [...c.doseState],
    size: c.size, derived: c.derived, constraintNames: c.constraintNames, jacPattern: c.jacPattern,
    linearStates: c.linearStates, linearInputs: c.linearInputs, sources: c.sources,
    bioavailabilitySources: [...c.bioavailabilitySources],
  };
}

function build<F>(source: string): F {
  return new Function(source)() as F;
}

/** Rebuilds the Model from `toPortable`'s data by evaluating the generated sources. */
export function fromPortable(pm: PortableModel): Model {
  const s = pm.sources;
  let full: CompiledCode | undefined;
  const code: CompiledCode = {
    stateNames: pm.stateNames, parameterNames: pm.parameterNames, switchNames: pm.switchNames,
    observableNames: pm.observableNames, ruleNames: pm.ruleNames, doseTargets: pm.doseTargets,
    paramIndex: new Map(pm.paramIndex), rateIndex: new Map(pm.rateIndex), doseState: new Map(pm.doseState),
    size: pm.size, derived: pm.derived,
    prepare: build(s.prepare), initial: build(s.initial), rhs: build(s.rhs), jac: build(s.jac),
    outputs: build(s.outputs), ruleValues: build(s.ruleValues), constraints: build(s.constraints),
    bioavailability: new Map(pm.bioavailabilitySources.map(([k, src]) => [k, build<(p: Float64Array) => number>(src)])),
    constraintNames: pm.constraintNames, jacPattern: pm.jacPattern, linearStates: pm.linearStates, linearInputs: pm.linearInputs,
    parametric: (names: readonly string[]): ParametricKernels => {
      full ??= compileParsed(analyzeModel(pm.spec).parsed); // not compileModel: its cache holds this object
      return full.parametric(names);
    },
    sources: s, bioavailabilitySources: new Map(pm.bioavailabilitySources),
  };
  return modelFromCode(pm.spec, code, Float64Array.from(pm.p));
}
