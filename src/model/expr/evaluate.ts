/**
 * A tree-walking interpreter. Not for the hot path: it evaluates expressions once (initial values,
 * bioavailability, parameter-derived checks) and serves as the independent reference that tests
 * hold the generated code against.
 */
import type { Expr, Leaf } from './ast.js';

export type LeafValue = (leaf: Leaf) => number;

/** Same truth rule as the generated code: any value other than 0 (NaN included) is true. */
const truth = (v: number): boolean => v !== 0;

export function evaluate(e: Expr, value: LeafValue): number {
  const ev = (x: Expr): number => evaluate(x, value);
  switch (e.kind) {
    case 'num': return e.value;
    case 'sym': case 'index': return value(e);
    case 'unary': return e.op === '-' ? -ev(e.arg) : truth(ev(e.arg)) ? 0 : 1;
    case 'binary': {
      if (e.op === '&&') return truth(ev(e.left)) && truth(ev(e.right)) ? 1 : 0;
      if (e.op === '||') return truth(ev(e.left)) || truth(ev(e.right)) ? 1 : 0;
      const a = ev(e.left), b = ev(e.right);
      switch (e.op) {
        case '+': return a + b;
        case '-': return a - b;
        case '*': return a * b;
        case '/': return a / b;
        case '^': return Math.pow(a, b);
        case '<': return a < b ? 1 : 0;
        case '<=': return a <= b ? 1 : 0;
        case '>': return a > b ? 1 : 0;
        case '>=': return a >= b ? 1 : 0;
        case '==': return a === b ? 1 : 0;
        default: return a !== b ? 1 : 0; // '!='
      }
    }
    case 'call': {
      const args = e.args;
      switch (e.fn) {
        case 'exp': return Math.exp(ev(args[0]));
        case 'log': return Math.log(ev(args[0]));
        case 'log10': return Math.log10(ev(args[0]));
        case 'sqrt': return Math.sqrt(ev(args[0]));
        case 'abs': return Math.abs(ev(args[0]));
        case 'fround': return Math.fround(ev(args[0]));
        case 'sin': case 'cos': case 'tan': case 'sinh': case 'cosh': case 'tanh':
        case 'asin': case 'acos': case 'atan': case 'asinh': case 'acosh': case 'atanh': case 'floor': case 'ceil':
          return Math[e.fn](ev(args[0]));
        case 'factorial': {
          const n = ev(args[0]);
          if (!(n >= 0) || n !== Math.floor(n)) return NaN;
          let r = 1;
          for (let k = 2; k <= n && r !== Infinity; k++) r *= k;
          return r;
        }
        case 'pow': return Math.pow(ev(args[0]), ev(args[1]));
        case 'min': return Math.min(...args.map(ev));
        case 'max': return Math.max(...args.map(ev));
        case 'if': return truth(ev(args[0])) ? ev(args[1]) : ev(args[2]);
        case 'piecewise': {
          for (let k = 0; k + 1 < args.length; k += 2) if (truth(ev(args[k + 1]))) return ev(args[k]);
          return ev(args[args.length - 1]);
        }
        case 'hill': case 'hillinv': {
          const xn = Math.pow(ev(args[0]), ev(args[2])), Kn = Math.pow(ev(args[1]), ev(args[2]));
          return (e.fn === 'hill' ? xn : Kn) / (Kn + xn);
        }
        default: throw new Error(`evaluate: unknown function '${e.fn}'`);
      }
    }
  }
}
