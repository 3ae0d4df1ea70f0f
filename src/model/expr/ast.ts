/**
 * The expression AST shared by every printer of a magbone expression: the JS code generator (the
 * hot path), the unit checker, the LaTeX/Markdown docs and SBML MathML. Nodes are immutable plain
 * objects; `span` is the [start, end) character range in the source text, absent on nodes made by
 * rewriting (derivatives, simplification).
 */

/** A source span of an expression node: start and end character offsets. */
export interface Span {
  /** Offset of the first character (0-based). */
  readonly start: number;
  /** Offset one past the last character. */
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
  /** The node kind, `num`. */
  readonly kind: 'num';
  /** The literal's value. */
  readonly value: number;
  /** Where it is in the source; absent on nodes made by rewriting. */
  readonly span?: Span;
}

/** A name: a parameter, state, rule, switch, or the time `t`. */
export interface Sym {
  /** The node kind, `sym`. */
  readonly kind: 'sym';
  /** The name as written. */
  readonly name: string;
  /** Where it is in the source; absent on nodes made by rewriting. */
  readonly span?: Span;
}

/** An indexed name `y[3]` (0-based); used by the vector-field format of the IVP test set. */
export interface Index {
  /** The node kind, `index`. */
  readonly kind: 'index';
  /** The vector's name (`y` in `y[3]`). */
  readonly name: string;
  /** The 0-based index. */
  readonly index: number;
  /** Where it is in the source; absent on nodes made by rewriting. */
  readonly span?: Span;
}

/** A unary operation node of an expression: negation or logical not. */
export interface Unary {
  /** The node kind, `unary`. */
  readonly kind: 'unary';
  /** The operator: `-` (negation) or `!` (logical not). */
  readonly op: UnaryOp;
  /** The operand. */
  readonly arg: Expr;
  /** Where it is in the source; absent on nodes made by rewriting. */
  readonly span?: Span;
}

/** A binary operation node of an expression: operator and its two operands. */
export interface Binary {
  /** The node kind, `binary`. */
  readonly kind: 'binary';
  /** The operator (arithmetic, comparison or logic). */
  readonly op: BinaryOp;
  /** The left operand. */
  readonly left: Expr;
  /** The right operand. */
  readonly right: Expr;
  /** Where it is in the source; absent on nodes made by rewriting. */
  readonly span?: Span;
}

/** A call of one of the language's functions (see `functions.ts`); arity is checked by the parser. */
export interface Call {
  /** The node kind, `call`. */
  readonly kind: 'call';
  /** The function's name (one of the language's functions). */
  readonly fn: string;
  /** The arguments, in order. */
  readonly args: readonly Expr[];
  /** Where it is in the source; absent on nodes made by rewriting. */
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
