/** The magbone modelling language: model format, checks, units, compiler, and the expression core. */
export type {
  ModelSpec, ParameterSpec, StateSpec, RuleSpec, ObservableSpec, DoseTargetSpec, SwitchSpec, Reference, Evidence,
} from './spec.js';
export { compileModel, generatedSources } from './model.js';
export type { Model, ParametricDerivatives } from './model.js';
export { checkModel, analyzeModel, listUncheckedQuantities, sourceProblem, ModelInputError, UNIT_RULES } from './check.js';
export type { Issue, ParsedModel, SymbolKind, UncheckedQuantity } from './check.js';
export type { CompiledCode, CompileOptions } from './compile.js';
export {
  parseUnit, tryParseUnit, parseQuantity, conversionFactor, sameUnit, sameDimension, isDimensionless, formatUnit, formatDims, prettyUnit,
  mulUnit, divUnit, powUnit, UnitSyntaxError, BASE_DIMS, DIMENSIONLESS, UNKNOWN,
} from './units.js';
export type { Unit, BaseDim } from './units.js';
export * from './expr/index.js';
