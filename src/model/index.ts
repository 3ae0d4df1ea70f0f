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
// the expression core, name by name
export type { Expr, Num, Sym, Index, Unary, Binary, Call, Leaf, Span, UnaryOp, BinaryOp, ArithOp, CompareOp, LogicOp } from './expr/index.js';
export { walk, symbolsOf, leavesOf, mapLeaves, isBoolean, isCompare, isLogic, parse, tryParse, toText } from './expr/index.js';
export { ExprSyntaxError, ExprErrors, formatPath, didYouMean, editDistance } from './expr/index.js';
export type { SyntaxIssue } from './expr/index.js';
export { FUNCTIONS, OPERATORS, RESERVED_NAMES, arityProblem, diff, expandHill, canonical, JsEmitter, buildFunction, evaluate, inferUnit, compileVectorField } from './expr/index.js';
export type { FunctionInfo, OperatorInfo, UnitRule, LeafDerivative, LeafResolver, LeafValue, Inferred, DimIssue, DimEnv, VectorFieldSpec, CompiledVectorField } from './expr/index.js';
