/**
 * Hoisting of parameter-only subexpressions, shared by the model compiler (prepare's derived slots)
 * and the parametric-derivative generator (its update scratch): every maximal subexpression that
 * `isConstant` accepts is replaced — a literal-only one by its value, a bare negated leaf kept as it
 * is, anything else by what `store` returns for it (a slot reference). Hill functions are written
 * out first, so that a constant K^n inside them is hoisted (the code generator writes them out the
 * same way). The input is canonicalised.
 */
import type { Expr } from './ast.js';
import { walk } from './ast.js';
import { expandHill } from './diff.js';
import { num, canonical } from './simplify.js';
import { evaluate } from './evaluate.js';

export function hoistConstants(e0: Expr, isConstant: (x: Expr) => boolean, store: (x: Expr) => Expr): Expr {
  const go = (x: Expr): Expr => {
    if (x.kind === 'num' || x.kind === 'sym' || x.kind === 'index') return x;
    if (isConstant(x)) {
      let leaves = false;
      walk(x, (y) => { if (y.kind === 'sym' || y.kind === 'index') leaves = true; });
      if (!leaves) return num(evaluate(x, () => NaN));
      if (x.kind === 'unary' && x.op === '-' && (x.arg.kind === 'sym' || x.arg.kind === 'num')) return x;
      return store(x);
    }
    switch (x.kind) {
      case 'unary': return { kind: 'unary', op: x.op, arg: go(x.arg) };
      case 'binary': return { kind: 'binary', op: x.op, left: go(x.left), right: go(x.right) };
      case 'call':
        if (x.fn === 'hill' || x.fn === 'hillinv') return go(expandHill(x.fn, x.args[0], x.args[1], x.args[2]));
        return { kind: 'call', fn: x.fn, args: x.args.map(go) };
    }
  };
  return go(canonical(e0));
}
