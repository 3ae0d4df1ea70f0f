/**
 * Symbolic differentiation with simplification. The derivative of each leaf is supplied by the
 * caller, which is how the chain rule runs through assignment rules: the model compiler maps a
 * rule's name to a local holding d(rule)/dy_j, a state y_j to 1, anything else to 0.
 *
 * Powers u^v with both u and v varying: at u = 0 the v-part of the derivative is taken as its limit 0.
 *
 * Non-smooth functions get their one-sided derivative (abs at 0: +1; min/max on a tie: the first
 * argument), conditions are piecewise constant (derivative 0).
 *
 * fround(x) is differentiated as the identity, d fround(x) = dx. Its true derivative is 0 almost
 * everywhere (a staircase with steps of ~6e-8 relative), which would tell Newton that the rounded
 * quantity does not respond to the state at all. The rounding only stands for how a published
 * code stored a smooth value; the Jacobian of that smooth value is what the iteration needs, and
 * it equals the staircase's slope over any interval wider than a few single-precision steps.
 */
import type { Expr, Leaf } from './ast.js';
import { isBoolean } from './ast.js';
import { ZERO, ONE, num, isZero, neg, add, sub, mul, div, pow, call, ifThen } from './simplify.js';

export type LeafDerivative = (leaf: Leaf) => Expr;

/** hill(x, K, n) and hillinv(x, K, n) written out with ^ (for differentiation and MathML). */
export function expandHill(fn: 'hill' | 'hillinv', x: Expr, K: Expr, n: Expr): Expr {
  const xn = pow(x, n), Kn = pow(K, n);
  return div(fn === 'hill' ? xn : Kn, add(Kn, xn));
}

/** min/max of several arguments as nested two-argument calls. */
function binaryFold(fn: string, args: readonly Expr[]): Expr {
  let acc = args[args.length - 1];
  for (let k = args.length - 2; k >= 0; k--) acc = call(fn, args[k], acc);
  return acc;
}

export function diff(e: Expr, d: LeafDerivative): Expr {
  switch (e.kind) {
    case 'num': return ZERO;
    case 'sym': case 'index': return d(e);
    case 'unary': return e.op === '-' ? neg(diff(e.arg, d)) : ZERO;
    case 'binary': {
      if (isBoolean(e)) return ZERO;
      const u = e.left, v = e.right;
      const du = diff(u, d), dv = diff(v, d);
      switch (e.op) {
        case '+': return add(du, dv);
        case '-': return sub(du, dv);
        case '*': return add(mul(du, v), mul(u, dv));
        case '/':
          if (isZero(dv)) return div(du, v);
          return sub(div(du, v), div(mul(u, dv), mul(v, v)));
        case '^': return diffPow(e, u, v, du, dv);
        default: return ZERO;
      }
    }
    case 'call': return diffCall(e.fn, e.args, d, e);
  }
}

function diffPow(e: Expr, u: Expr, v: Expr, du: Expr, dv: Expr): Expr {
  if (isZero(du) && isZero(dv)) return ZERO;
  if (isZero(dv)) {
    const vm1 = v.kind === 'num' ? num(v.value - 1) : sub(v, ONE);
    return mul(mul(v, pow(u, vm1)), du);
  }
  // d(u^v) = v*u^(v-1)*du + u^v*log(u)*dv, the second term 0 at u = 0 (its limit for v > 0, where
  // u^v*log(u) would be 0*(-Infinity)); e.g. d/dn of hill(max(x, 0), K, n) at x = 0
  const logTerm = ifThen({ kind: 'binary', op: '==', left: u, right: ZERO }, ZERO, mul(mul(e, call('log', u)), dv));
  if (isZero(du)) return logTerm;
  return add(mul(mul(v, pow(u, sub(v, ONE))), du), logTerm);
}

function diffCall(fn: string, args: readonly Expr[], d: LeafDerivative, e: Expr): Expr {
  const a = args[0];
  switch (fn) {
    case 'exp': return mul(e, diff(a, d));
    case 'log': return div(diff(a, d), a);
    case 'log10': return div(diff(a, d), mul(a, num(Math.LN10)));
    case 'sqrt': return div(diff(a, d), mul(num(2), e));
    case 'abs': {
      const da = diff(a, d);
      return isZero(da) ? ZERO : ifThen({ kind: 'binary', op: '>=', left: a, right: ZERO }, da, neg(da));
    }
    case 'pow': {
      const p = pow(args[0], args[1]);
      return diffPow(p, args[0], args[1], diff(args[0], d), diff(args[1], d));
    }
    case 'min': case 'max': {
      if (args.length > 2) return diff(binaryFold(fn, args), d);
      const [x, y] = args;
      const dx = diff(x, d), dy = diff(y, d);
      if (isZero(dx) && isZero(dy)) return ZERO;
      return ifThen({ kind: 'binary', op: fn === 'min' ? '<=' : '>=', left: x, right: y }, dx, dy);
    }
    case 'if': return ifThen(args[0], diff(args[1], d), diff(args[2], d));
    case 'piecewise': {
      const out: Expr[] = [];
      let allZero = true;
      for (let k = 0; k < args.length; k++) {
        const isCond = k % 2 === 1 && k < args.length - 1;
        const v = isCond ? args[k] : diff(args[k], d);
        if (!isCond && !isZero(v)) allZero = false;
        out.push(v);
      }
      return allZero ? ZERO : call('piecewise', ...out);
    }
    case 'hill': case 'hillinv': return diff(expandHill(fn, args[0], args[1], args[2]), d);
    case 'fround': return diff(a, d);
    case 'sin': return mul(call('cos', a), diff(a, d));
    case 'cos': return neg(mul(call('sin', a), diff(a, d)));
    case 'tan': return div(diff(a, d), pow(call('cos', a), num(2)));
    case 'sinh': return mul(call('cosh', a), diff(a, d));
    case 'cosh': return mul(call('sinh', a), diff(a, d));
    case 'tanh': return div(diff(a, d), pow(call('cosh', a), num(2)));
    case 'asin': return div(diff(a, d), call('sqrt', sub(ONE, pow(a, num(2)))));
    case 'acos': return neg(div(diff(a, d), call('sqrt', sub(ONE, pow(a, num(2))))));
    case 'atan': return div(diff(a, d), add(ONE, pow(a, num(2))));
    case 'asinh': return div(diff(a, d), call('sqrt', add(pow(a, num(2)), ONE)));
    case 'acosh': return div(diff(a, d), call('sqrt', sub(pow(a, num(2)), ONE)));
    case 'atanh': return div(diff(a, d), sub(ONE, pow(a, num(2))));
    // piecewise constant (factorial: meant for integer arguments)
    case 'floor': case 'ceil': case 'factorial': return ZERO;
    default: throw new Error(`diff: no derivative rule for function '${fn}'`);
  }
}
