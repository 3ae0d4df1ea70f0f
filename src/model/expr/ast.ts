/**
 * The expression AST shared by every printer of a magbone expression: the JS code generator (the
 * hot path), the unit checker, the LaTeX/Markdown docs and SBML MathML. Nodes are immutable plain
 * objects; `span` is the [start, end) character range in the source text, absent on nodes made by
 * rewriting (derivatives, simplification).
 */

/** A source span of an expression node: start and end character offsets. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/** Unary operators of the modelling language: negation and logical not. */
export type UnaryOp = '-' | '!';
/** Arithmetic operators of the modelling language (`^` is the power). */
export type ArithOp = '+' | '-' | '*' | '/' | '^';
/** Comparison operators of the modelling language (they give 1 or 0). */
export type CompareOp = '<' | '<=' | '>' | '>=' | '==' | '!=';
/** Logical operators of the modelling language (operands are truth values). */
export type LogicOp = '&&' | '||';
/** Every binary operator of the modelling language: arithmetic, comparison and logic. */
export type BinaryOp = ArithOp | CompareOp | LogicOp;

/** A numeric literal. Literals are dimensionless (see `units.ts` for the rule). */
export interface Num {
  readonly kind: 'num';
  readonly value: number;
  readonly span?: Span;
}

/** A name: a parameter, state, rule, switch, or the time `t`. */
export interface Sym {
  readonly kind: 'sym';
  readonly name: string;
  readonly span?: Span;
}

/** An indexed name `y[3]` (0-based); used by the vector-field format of the IVP test set. */
export interface Index {
  readonly kind: 'index';
  readonly name: string;
  readonly index: number;
  readonly span?: Span;
}

/** A unary operation node of an expression: negation or logical not. */
export interface Unary {
  readonly kind: 'unary';
  readonly op: UnaryOp;
  readonly arg: Expr;
  readonly span?: Span;
}

/** A binary operation node of an expression: operator and its two operands. */
export interface Binary {
  readonly kind: 'binary';
  readonly op: BinaryOp;
  readonly left: Expr;
  readonly right: Expr;
  readonly span?: Span;
}

/** A call of one of the language's functions (see `functions.ts`); arity is checked by the parser. */
export interface Call {
  readonly kind: 'call';
  readonly fn: string;
  readonly args: readonly Expr[];
  readonly span?: Span;
}

/** An expression tree of the modelling language (literal, name, indexed name, unary, binary or call). */
export type Expr = Num | Sym | Index | Unary | Binary | Call;
export type Leaf = Sym | Index;

export const COMPARE_OPS: readonly CompareOp[] = ['<', '<=', '>', '>=', '==', '!='];
export const LOGIC_OPS: readonly LogicOp[] = ['&&', '||'];

export function isCompare(op: BinaryOp): op is CompareOp {
  return (COMPARE_OPS as readonly string[]).includes(op);
}
export function isLogic(op: BinaryOp): op is LogicOp {
  return op === '&&' || op === '||';
}
/** True when the node's value is a truth value (comparison, && || !); numerically 1 or 0. */
export function isBoolean(e: Expr): boolean {
  return (e.kind === 'binary' && (isCompare(e.op) || isLogic(e.op))) || (e.kind === 'unary' && e.op === '!');
}

/** Pre-order walk; return false from `fn` to skip a node's children. */
export function walk(e: Expr, fn: (node: Expr) => boolean | void): void {
  if (fn(e) === false) return;
  switch (e.kind) {
    case 'unary': walk(e.arg, fn); break;
    case 'binary': walk(e.left, fn); walk(e.right, fn); break;
    case 'call': for (const a of e.args) walk(a, fn); break;
    default: break;
  }
}

/** Names (`sym` nodes) used in the expression, each once, in first-use order. */
export function symbolsOf(e: Expr): string[] {
  const seen = new Set<string>();
  walk(e, (n) => { if (n.kind === 'sym') seen.add(n.name); });
  return [...seen];
}

/** Every leaf node (with spans, for error messages). */
export function leavesOf(e: Expr): Leaf[] {
  const out: Leaf[] = [];
  walk(e, (n) => { if (n.kind === 'sym' || n.kind === 'index') out.push(n); });
  return out;
}

/** Rebuilds the tree bottom-up, replacing leaves by `fn(leaf)` (used to inline or rename). */
export function mapLeaves(e: Expr, fn: (leaf: Leaf) => Expr): Expr {
  switch (e.kind) {
    case 'num': return e;
    case 'sym': case 'index': return fn(e);
    case 'unary': return { kind: 'unary', op: e.op, arg: mapLeaves(e.arg, fn) };
    case 'binary': return { kind: 'binary', op: e.op, left: mapLeaves(e.left, fn), right: mapLeaves(e.right, fn) };
    case 'call': return { kind: 'call', fn: e.fn, args: e.args.map((a) => mapLeaves(a, fn)) };
  }
}
