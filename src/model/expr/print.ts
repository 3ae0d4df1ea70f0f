/**
 * Plain-text printer: the inverse of `parse` with minimal parentheses (parse(toText(e)) has the
 * same tree). Used for messages, generated-code comments and as the structural key of a node
 * (common-subexpression elimination).
 */
import type { Expr, BinaryOp } from './ast.js';

const PREC: Record<BinaryOp, number> = {
  '||': 1, '&&': 2, '<': 3, '<=': 3, '>': 3, '>=': 3, '==': 3, '!=': 3,
  '+': 4, '-': 4, '*': 5, '/': 5, '^': 7,
};
const UNARY = 6;
const ATOM = 8;

function prec(e: Expr): number {
  switch (e.kind) {
    case 'num': return e.value < 0 || Object.is(e.value, -0) ? UNARY : ATOM;
    case 'unary': return UNARY;
    case 'binary': return PREC[e.op];
    default: return ATOM;
  }
}

function num(v: number): string {
  return Object.is(v, -0) ? '-0' : String(v);
}

const cache = new WeakMap<Expr, string>();

export function toText(e: Expr): string {
  const hit = cache.get(e);
  if (hit !== undefined) return hit;
  const s = render(e);
  cache.set(e, s);
  return s;
}

function wrap(e: Expr, need: boolean): string {
  return need ? `(${toText(e)})` : toText(e);
}

function render(e: Expr): string {
  switch (e.kind) {
    case 'num': return num(e.value);
    case 'sym': return e.name;
    case 'index': return `${e.name}[${e.index}]`;
    case 'unary': {
      const nested = e.arg.kind === 'unary' || (e.arg.kind === 'num' && prec(e.arg) === UNARY);
      return e.op + wrap(e.arg, nested || prec(e.arg) < UNARY);
    }
    case 'binary': {
      const p = PREC[e.op];
      if (e.op === '^') return `${wrap(e.left, prec(e.left) < ATOM)}^${wrap(e.right, prec(e.right) < UNARY)}`;
      const cmp = p === 3;
      const l = wrap(e.left, cmp ? prec(e.left) <= p : prec(e.left) < p);
      const r = wrap(e.right, prec(e.right) <= p);
      return `${l} ${e.op} ${r}`;
    }
    case 'call': return `${e.fn}(${e.args.map(toText).join(', ')})`;
  }
}
