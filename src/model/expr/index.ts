/** The magbone expression language: AST, parser, printer, differentiation, code generation. */
export type { Expr, Num, Sym, Index, Unary, Binary, Call, Leaf, Span, UnaryOp, BinaryOp, ArithOp, CompareOp, LogicOp } from './ast.js';
export { walk, symbolsOf, leavesOf, mapLeaves, isBoolean, isCompare, isLogic } from './ast.js';
export { parse, tryParse } from './parse.js';
export { toText } from './print.js';
export { ExprSyntaxError, ExprErrors, formatPath, didYouMean, editDistance } from './errors.js';
export type { Issue, SyntaxIssue } from './errors.js';
export { FUNCTIONS, OPERATORS, RESERVED_NAMES, arityProblem } from './functions.js';
export type { FunctionInfo, OperatorInfo, UnitRule } from './functions.js';
export { diff, expandHill } from './diff.js';
export type { LeafDerivative } from './diff.js';
// the simplifying constructors stay internal (import them from './simplify.js'); canonical form is public
export { canonical } from './simplify.js';
export { JsEmitter, buildFunction } from './codegen.js';
export type { LeafResolver } from './codegen.js';
export { evaluate } from './evaluate.js';
export type { LeafValue } from './evaluate.js';
export { inferUnit } from './dimensions.js';
export type { Inferred, DimIssue, DimEnv } from './dimensions.js';
export { compileVectorField } from './vectorField.js';
export type { VectorFieldSpec, CompiledVectorField } from './vectorField.js';
