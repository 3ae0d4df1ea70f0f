/**
 * Smart constructors that simplify as they build: constant folding and the identities
 * x+0, x*1, x*0, x^1, x^0, -(-x), 0/x. Used by the differentiator so that Jacobian code carries no
 * dead terms. x*0 -> 0 ignores IEEE NaN/Inf propagation, as every symbolic Jacobian does.
 */
import type { Expr, Num } from './ast.js';

export const num = (value: number): Num => ({ kind: 'num', value });
export const ZERO = num(0);
export const ONE = num(1);

/** True when e is the literal v (not a type guard: a false answer says nothing about the kind). */
export function isNum(e: Expr, v: number): boolean {
  return e.kind === 'num' && e.value === v;
}
export const isZero = (e: Expr): boolean => isNum(e, 0);

export function neg(a: Expr): Expr {
  if (a.kind === 'num') return num(-a.value);
  if (a.kind === 'unary' && a.op === '-') return a.arg;
  if (a.kind === 'binary' && a.op === '-' ) return { kind: 'binary', op: '-', left: a.right, right: a.left };
  return { kind: 'unary', op: '-', arg: a };
}

function isNeg(e: Expr): e is { kind: 'unary'; op: '-'; arg: Expr } {
  return e.kind === 'unary' && e.op === '-';
}

export function add(a: Expr, b: Expr): Expr {
  if (isZero(a)) return b;
  if (isZero(b)) return a;
  if (a.kind === 'num' && b.kind === 'num') return num(a.value + b.value);
  if (isNeg(b)) return sub(a, b.arg);
  if (b.kind === 'num' && b.value < 0) return sub(a, num(-b.value));
  if (isNeg(a)) return sub(b, a.arg);
  return { kind: 'binary', op: '+', left: a, right: b };
}

export function sub(a: Expr, b: Expr): Expr {
  if (isZero(b)) return a;
  if (isZero(a)) return neg(b);
  if (a.kind === 'num' && b.kind === 'num') return num(a.value - b.value);
  if (isNeg(b)) return add(a, b.arg);
  return { kind: 'binary', op: '-', left: a, right: b };
}

export function mul(a: Expr, b: Expr): Expr {
  if (isZero(a) || isZero(b)) return ZERO;
  if (isNum(a, 1)) return b;
  if (isNum(b, 1)) return a;
  if (isNum(a, -1)) return neg(b);
  if (isNum(b, -1)) return neg(a);
  if (a.kind === 'num' && b.kind === 'num') return num(a.value * b.value);
  if (isNeg(a)) return neg(mul(a.arg, b));
  if (isNeg(b)) return neg(mul(a, b.arg));
  // Keep a constant factor in front: c1*(c2*x) -> (c1*c2)*x.
  if (b.kind === 'num') return mul(b, a);
  if (a.kind === 'num' && b.kind === 'binary' && b.op === '*' && b.left.kind === 'num') return mul(num(a.value * b.left.value), b.right);
  return { kind: 'binary', op: '*', left: a, right: b };
}

export function div(a: Expr, b: Expr): Expr {
  if (isZero(a)) return ZERO;
  if (isNum(b, 1)) return a;
  if (isNum(b, -1)) return neg(a);
  if (a.kind === 'num' && b.kind === 'num') return num(a.value / b.value);
  if (isNeg(a)) return neg(div(a.arg, b));
  if (isNeg(b)) return neg(div(a, b.arg));
  return { kind: 'binary', op: '/', left: a, right: b };
}

export function pow(a: Expr, b: Expr): Expr {
  if (isZero(b)) return ONE;
  if (isNum(b, 1)) return a;
  if (a.kind === 'num' && b.kind === 'num') return num(Math.pow(a.value, b.value));
  return { kind: 'binary', op: '^', left: a, right: b };
}

export function call(fn: string, ...args: Expr[]): Expr {
  return { kind: 'call', fn, args };
}

/** if(c, a, b) with equal branches collapsed. */
export function ifThen(c: Expr, a: Expr, b: Expr): Expr {
  if (a.kind === 'num' && b.kind === 'num' && Object.is(a.value, b.value)) return a;
  return call('if', c, a, b);
}

/**
 * Rewrites that never change a computed double (IEEE negation and commutativity are exact):
 * literal-only subtrees folded, (-a)*b -> -(a*b), (-a)/b -> -(a/b), a + (-b) -> a - b,
 * a - (-b) -> a + b, -(-a) -> a, fround(fround(a)) -> fround(a).
 * Lets common subexpressions like k*y and -k*y share one local.
 * (The smart constructors above also drop x*0, which is not exact for Inf/NaN; this does not.)
 */
export function canonical(e: Expr): Expr {
  switch (e.kind) {
    case 'num': case 'sym': case 'index': return e;
    case 'unary': {
      const a = canonical(e.arg);
      if (e.op === '-') {
        if (a.kind === 'num') return num(-a.value);
        if (isNeg(a)) return a.arg;
      }
      return a === e.arg ? e : { kind: 'unary', op: e.op, arg: a };
    }
    case 'binary': {
      const l = canonical(e.left), r = canonical(e.right);
      if (l.kind === 'num' && r.kind === 'num' && (e.op === '+' || e.op === '-' || e.op === '*' || e.op === '/' || e.op === '^')) {
        const v = e.op === '+' ? l.value + r.value : e.op === '-' ? l.value - r.value : e.op === '*' ? l.value * r.value
          : e.op === '/' ? l.value / r.value : Math.pow(l.value, r.value);
        return num(v);
      }
      if (e.op === '*' || e.op === '/') {
        if (isNeg(l)) return canonical({ kind: 'unary', op: '-', arg: { kind: 'binary', op: e.op, left: l.arg, right: r } });
        if (l.kind === 'num' && (l.value < 0 || Object.is(l.value, -0))) {
          return { kind: 'unary', op: '-', arg: canonical({ kind: 'binary', op: e.op, left: num(-l.value), right: r }) };
        }
      }
      if (e.op === '+' && isNeg(r)) return { kind: 'binary', op: '-', left: l, right: r.arg };
      if (e.op === '-' && isNeg(r)) return { kind: 'binary', op: '+', left: l, right: r.arg };
      return l === e.left && r === e.right ? e : { kind: 'binary', op: e.op, left: l, right: r };
    }
    case 'call': {
      const args = e.args.map(canonical);
      // rounding to single precision is idempotent, and of a literal is a literal: both exact
      if (e.fn === 'fround') {
        const a = args[0];
        if (a.kind === 'num') return num(Math.fround(a.value));
        if (a.kind === 'call' && a.fn === 'fround') return a;
      }
      return args.every((a, k) => a === e.args[k]) ? e : { kind: 'call', fn: e.fn, args };
    }
  }
}
