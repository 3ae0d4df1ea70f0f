/**
 * Recursive-descent parser for magbone expressions.
 *
 * Grammar (precedence low to high; binary operators left-associative unless said):
 *   expr    := or
 *   or      := and ('||' and)*
 *   and     := cmp ('&&' cmp)*
 *   cmp     := sum (('<'|'<='|'>'|'>='|'=='|'!=') sum)?        comparisons do not chain
 *   sum     := product (('+'|'-') product)*
 *   product := unary (('*'|'/') unary)*
 *   unary   := ('-'|'+'|'!') unary | power
 *   power   := primary ('^' unary)?                                right-associative, binds tighter
 *                                                                  than unary minus: -x^2 = -(x^2), 2^-1 ok
 *   primary := number | name | name '[' integer ']' | name '(' expr (',' expr)* ')' | '(' expr ')'
 * Numbers use JSON/JavaScript syntax (280, 0.0007, 1.0e-6, .5). This is a superset of the IVP
 * test set's `rhs` syntax.
 */
import type { Expr, BinaryOp, CompareOp, Span } from './ast.js';
import { ExprSyntaxError, type SyntaxIssue } from './errors.js';
import { FUNCTIONS, arityProblem } from './functions.js';
import { didYouMean } from './errors.js';

type TokKind = 'num' | 'name' | 'op' | 'end';
interface Token { kind: TokKind; text: string; pos: number; value?: number }

const OPS2 = ['<=', '>=', '==', '!=', '&&', '||'];
const OPS1 = '+-*/^()[],<>!';
const NUM_RE = /(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/y;
const NAME_RE = /[A-Za-z_][A-Za-z0-9_]*/y;

class Fatal extends Error {}

class Parser {
  private toks: Token[] = [];
  private i = 0;
  readonly issues: SyntaxIssue[] = [];

  constructor(private readonly text: string) {}

  private fail(pos: number, message: string): never {
    this.issues.push({ code: 'syntax', pos, message });
    throw new Fatal();
  }

  tokenize(): void {
    const s = this.text;
    let p = 0;
    while (p < s.length) {
      const c = s[p];
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r') { p++; continue; }
      NUM_RE.lastIndex = p;
      const m = NUM_RE.exec(s);
      if (m && /[0-9.]/.test(c)) {
        const end = p + m[0].length;
        if (end < s.length && /[A-Za-z_]/.test(s[end])) {
          this.fail(end, `number '${m[0]}' is followed by '${s[end]}': write a '*' for a product (units belong in the unit field, not the expression)`);
        }
        this.toks.push({ kind: 'num', text: m[0], pos: p, value: Number(m[0]) });
        p = end;
        continue;
      }
      NAME_RE.lastIndex = p;
      const n = NAME_RE.exec(s);
      if (n) { this.toks.push({ kind: 'name', text: n[0], pos: p }); p += n[0].length; continue; }
      const two = s.slice(p, p + 2);
      if (two === '**') this.fail(p, `'**' is not an operator: write '^' for a power`);
      if (OPS2.includes(two)) { this.toks.push({ kind: 'op', text: two, pos: p }); p += 2; continue; }
      if (c === '=') this.fail(p, `'=' is not an operator: write '==' to compare`);
      if (c === '&' || c === '|') this.fail(p, `'${c}' is not an operator: write '${c}${c}'`);
      if (OPS1.includes(c)) { this.toks.push({ kind: 'op', text: c, pos: p }); p++; continue; }
      this.fail(p, `unexpected character '${c}'`);
    }
    this.toks.push({ kind: 'end', text: '', pos: s.length });
  }

  private peek(): Token { return this.toks[this.i]; }
  private next(): Token { return this.toks[this.i++]; }
  private isOp(text: string): boolean {
    const t = this.toks[this.i];
    return t.kind === 'op' && t.text === text;
  }
  private describe(t: Token): string {
    return t.kind === 'end' ? 'the end of the expression' : `'${t.text}'`;
  }
  private expect(text: string, what: string): Token {
    const t = this.peek();
    if (t.kind !== 'op' || t.text !== text) this.fail(t.pos, `expected '${text}' ${what}, found ${this.describe(t)}`);
    return this.next();
  }
  private span(start: number): Span {
    const prev = this.toks[this.i - 1];
    return { start, end: prev.pos + prev.text.length };
  }

  parseAll(): Expr {
    if (this.toks.length === 1) this.fail(0, 'empty expression');
    const e = this.or();
    const t = this.peek();
    if (t.kind !== 'end') {
      const hint = t.kind === 'op' && t.text === ')' ? ' (unbalanced parenthesis)' : ' (missing operator?)';
      this.fail(t.pos, `unexpected ${this.describe(t)} after a complete expression${hint}`);
    }
    return e;
  }

  private binaryChain(next: () => Expr, ops: readonly string[]): Expr {
    const start = this.peek().pos;
    let left = next();
    for (;;) {
      const t = this.peek();
      if (t.kind !== 'op' || !ops.includes(t.text)) return left;
      this.next();
      const right = next();
      left = { kind: 'binary', op: t.text as BinaryOp, left, right, span: this.span(start) };
    }
  }

  private or = (): Expr => this.binaryChain(this.and, ['||']);
  private and = (): Expr => this.binaryChain(this.cmp, ['&&']);

  private cmp = (): Expr => {
    const start = this.peek().pos;
    const left = this.sum();
    const t = this.peek();
    const ops = ['<', '<=', '>', '>=', '==', '!='];
    if (t.kind !== 'op' || !ops.includes(t.text)) return left;
    this.next();
    const right = this.sum();
    const u = this.peek();
    if (u.kind === 'op' && ops.includes(u.text)) {
      this.fail(u.pos, `comparisons do not chain: write (a ${t.text} b) && (b ${u.text} c)`);
    }
    return { kind: 'binary', op: t.text as CompareOp, left, right, span: this.span(start) };
  };

  private sum = (): Expr => this.binaryChain(this.product, ['+', '-']);
  private product = (): Expr => this.binaryChain(this.unary, ['*', '/']);

  private unary = (): Expr => {
    const t = this.peek();
    if (t.kind === 'op' && (t.text === '-' || t.text === '+' || t.text === '!')) {
      this.next();
      const arg = this.unary();
      if (t.text === '+') return arg;
      return { kind: 'unary', op: t.text, arg, span: this.span(t.pos) };
    }
    return this.power();
  };

  private power = (): Expr => {
    const start = this.peek().pos;
    const base = this.primary();
    if (!this.isOp('^')) return base;
    this.next();
    const exponent = this.unary();
    return { kind: 'binary', op: '^', left: base, right: exponent, span: this.span(start) };
  };

  private primary = (): Expr => {
    const t = this.next();
    if (t.kind === 'num') return { kind: 'num', value: t.value as number, span: this.span(t.pos) };
    if (t.kind === 'name') {
      if (this.isOp('(')) return this.call(t);
      if (this.isOp('[')) {
        this.next();
        const k = this.next();
        if (k.kind !== 'num' || !/^\d+$/.test(k.text)) {
          this.fail(k.pos, `index of '${t.text}[...]' must be a non-negative integer literal, found ${this.describe(k)}`);
        }
        this.expect(']', `to close '${t.text}['`);
        return { kind: 'index', name: t.text, index: Number(k.text), span: this.span(t.pos) };
      }
      return { kind: 'sym', name: t.text, span: this.span(t.pos) };
    }
    if (t.kind === 'op' && t.text === '(') {
      const e = this.or();
      this.expect(')', `to close the '(' at column ${t.pos + 1}`);
      return e;
    }
    this.fail(t.pos, `expected a number, a name or '(', found ${this.describe(t)}`);
  };

  private call(name: Token): Expr {
    const open = this.next();
    const args: Expr[] = [];
    if (!this.isOp(')')) {
      args.push(this.or());
      while (this.isOp(',')) { this.next(); args.push(this.or()); }
    }
    this.expect(')', `to close the call '${name.text}(' at column ${open.pos + 1}`);
    const info = FUNCTIONS.get(name.text);
    if (!info) {
      this.issues.push({
        code: 'unknown-function', pos: name.pos,
        message: `unknown function '${name.text}'${didYouMean(name.text, FUNCTIONS.keys())}; functions are ${[...FUNCTIONS.keys()].join(', ')}`,
      });
    } else {
      const problem = arityProblem(info, args.length);
      if (problem) this.issues.push({ code: 'arity', pos: name.pos, message: problem });
    }
    return { kind: 'call', fn: name.text, args, span: this.span(name.pos) };
  }
}

/** Parses text into an AST, or returns every problem found (a syntax error stops the parse). */
export function tryParse(text: string): {
  /** The parsed expression. */
  expr: Expr;
  /** Empty: the text parsed. */
  issues: readonly SyntaxIssue[];
} | {
  /** Absent: the text did not parse. */
  expr?: undefined;
  /** Every problem the parser found. */
  issues: readonly SyntaxIssue[];
} {
  const p = new Parser(text);
  try {
    p.tokenize();
    const expr = p.parseAll();
    if (p.issues.length) return { issues: p.issues };
    return { expr, issues: [] };
  } catch (e) {
    if (e instanceof Fatal) return { issues: p.issues };
    throw e;
  }
}

/** Parses text into an AST; throws ExprSyntaxError (with positions) on invalid text. */
export function parse(text: string): Expr {
  const r = tryParse(text);
  if (!r.expr) throw new ExprSyntaxError(text, r.issues);
  return r.expr;
}
