/**
 * SBML algebraic rules (0 = f(x, …)) solved symbolically where each can be: a rule that is linear in
 * one of the variables it may determine (f = a·x + b with a, b free of x) becomes the assignment
 * rule x = −b / a. Rules are taken one at a time, the variables already solved substituted into the
 * rest (so a linear system of several rules is solved by elimination). What remains (a rule linear
 * in none of its free variables, or one with no variable left to determine) is declined by the caller.
 */
import type { Expr } from '../expr/ast.js';

const NUM = (value: number): Expr => ({ kind: 'num', value });
const isNum = (e: Expr, v: number): boolean => e.kind === 'num' && e.value === v;

function has(e: Expr, x: string): boolean {
  switch (e.kind) {
    case 'sym': return e.name === x;
    case 'num': case 'index': return false;
    case 'unary': return has(e.arg, x);
    case 'binary': return has(e.left, x) || has(e.right, x);
    case 'call': return e.args.some((a) => has(a, x));
  }
}

/** Replaces a name by an expression. */
export function substitute(e: Expr, x: string, by: Expr): Expr {
  switch (e.kind) {
    case 'sym': return e.name === x ? by : e;
    case 'num': case 'index': return e;
    case 'unary': return { kind: 'unary', op: e.op, arg: substitute(e.arg, x, by) };
    case 'binary': return { kind: 'binary', op: e.op, left: substitute(e.left, x, by), right: substitute(e.right, x, by) };
    case 'call': return { kind: 'call', fn: e.fn, args: e.args.map((a) => substitute(a, x, by)) };
  }
}

const add = (a: Expr, b: Expr): Expr => (isNum(a, 0) ? b : isNum(b, 0) ? a : { kind: 'binary', op: '+', left: a, right: b });
const sub = (a: Expr, b: Expr): Expr => (isNum(b, 0) ? a : isNum(a, 0) ? neg(b) : { kind: 'binary', op: '-', left: a, right: b });
const neg = (a: Expr): Expr => (a.kind === 'num' ? NUM(-a.value) : { kind: 'unary', op: '-', arg: a });
const mul = (a: Expr, b: Expr): Expr => (isNum(a, 0) || isNum(b, 0) ? NUM(0) : isNum(a, 1) ? b : isNum(b, 1) ? a : { kind: 'binary', op: '*', left: a, right: b });
const div = (a: Expr, b: Expr): Expr => (isNum(a, 0) ? NUM(0) : isNum(b, 1) ? a : { kind: 'binary', op: '/', left: a, right: b });

/** e = a·x + b with a, b free of x, or undefined when e is not linear in x. */
export function linearIn(e: Expr, x: string): { a: Expr; b: Expr } | undefined {
  if (!has(e, x)) return { a: NUM(0), b: e };
  switch (e.kind) {
    case 'sym': return { a: NUM(1), b: NUM(0) };
    case 'unary': {
      if (e.op !== '-') return undefined;
      const l = linearIn(e.arg, x);
      return l && { a: neg(l.a), b: neg(l.b) };
    }
    case 'binary': {
      if (e.op === '+' || e.op === '-') {
        const l = linearIn(e.left, x), r = linearIn(e.right, x);
        if (!l || !r) return undefined;
        return e.op === '+' ? { a: add(l.a, r.a), b: add(l.b, r.b) } : { a: sub(l.a, r.a), b: sub(l.b, r.b) };
      }
      if (e.op === '*') {
        if (!has(e.left, x)) { const r = linearIn(e.right, x); return r && { a: mul(e.left, r.a), b: mul(e.left, r.b) }; }
        if (!has(e.right, x)) { const l = linearIn(e.left, x); return l && { a: mul(l.a, e.right), b: mul(l.b, e.right) }; }
        return undefined;
      }
      if (e.op === '/' && !has(e.right, x)) { const l = linearIn(e.left, x); return l && { a: div(l.a, e.right), b: div(l.b, e.right) }; }
      return undefined;
    }
    default: return undefined;
  }
}

export interface AlgebraicRule { label: string; expr: Expr }

/**
 * Solves algebraic rules for variables: `candidates` are the names a rule may determine (variables
 * that nothing else sets), in preference order. Returns the assignment rules found and the rules left.
 */
export function solveAlgebraic(rules: readonly AlgebraicRule[], candidates: readonly string[]): { solved: Map<string, Expr>; left: AlgebraicRule[] } {
  const solved = new Map<string, Expr>();
  let left = [...rules];
  const free = new Set(candidates);
  for (let progress = true; progress && left.length;) {
    progress = false;
    for (const r of left) {
      let e = r.expr;
      for (const [v, s] of solved) e = substitute(e, v, s);
      // a rule with exactly one free candidate first; otherwise any linear one
      const cs = candidates.filter((c) => free.has(c) && has(e, c));
      for (const c of cs) {
        const l = linearIn(e, c);
        if (!l || isNum(l.a, 0) || has(l.a, c)) continue;
        const sol = div(neg(l.b), l.a);
        // earlier solutions that named c now name its solution
        for (const [v, s] of solved) solved.set(v, substitute(s, c, sol));
        solved.set(c, sol);
        free.delete(c);
        left = left.filter((x) => x !== r);
        progress = true;
        break;
      }
      if (progress) break;
    }
  }
  return { solved, left };
}
