/**
 * Dimensional analysis of one expression (the rules are listed in `check.ts`'s header and in the
 * docs table). Result: the expression's unit, 'unknown' when something it needs has unit "?"
 * (its check is skipped, and the quantity is listed as unchecked), or 'zero' for the literal 0,
 * which fits any unit.
 */
import type { Expr, Leaf } from './ast.js';
import { isBoolean } from './ast.js';
import { FUNCTIONS } from './functions.js';
import { toText } from './print.js';
import {
  type Unit, DIMENSIONLESS, mulUnit, divUnit, powUnit, isDimensionless, sameUnit, sameDimension, formatUnit,
} from '../units.js';

export type Inferred = Unit | 'unknown' | 'zero';

export interface DimIssue {
  readonly code: 'unit-mismatch';
  /** 0-based offset in the source text of the offending node (0 when unknown). */
  readonly pos: number;
  readonly message: string;
}

export interface DimEnv {
  /** Unit of a name, or undefined when it has unit "?". */
  unitOf(leaf: Leaf): Unit | undefined;
  /** Value of a constant (parameters-only) expression, or undefined when it depends on states/t. */
  constValue(e: Expr): number | undefined;
  /** The declared unit text of a name, for messages ("1/min" reads better than "0.0166667 s^-1"). */
  unitText?(name: string): string | undefined;
  /** Spelling of an inferred unit in messages (default: dimension and scale). */
  format?(u: Unit): string;
}

const pos = (e: Expr): number => e.span?.start ?? 0;

function mismatch(a: Unit, b: Unit): string {
  return sameDimension(a, b)
    ? `same dimension, but the units differ by a factor ${Number((a.scale / b.scale).toPrecision(6))}: a conversion factor must be a parameter with a unit`
    : `dimensions differ`;
}

export function inferUnit(e: Expr, env: DimEnv, issues: DimIssue[]): Inferred {
  const show = (u: Unit, x?: Expr): string => {
    const text = x?.kind === 'sym' ? env.unitText?.(x.name) : undefined;
    if (text) return `'${text}'`;
    if (isDimensionless(u) && u.scale === 1) return 'dimensionless';
    return env.format ? env.format(u) : formatUnit(u);
  };
  const rec = (x: Expr): Inferred => inferUnit(x, env, issues);

  /** All of `xs` must share a unit (0 fits any); returns it, 'unknown' if any is unknown. */
  const same = (xs: readonly Expr[], what: string, at: Expr): Inferred => {
    let ref: Unit | undefined, refExpr: Expr | undefined, unknown = false;
    for (const x of xs) {
      const u = rec(x);
      if (u === 'unknown') { unknown = true; continue; }
      if (u === 'zero') continue;
      if (!ref) { ref = u; refExpr = x; continue; }
      if (!sameUnit(ref, u)) {
        issues.push({
          code: 'unit-mismatch', pos: pos(x),
          message: `${what} in '${toText(at)}': '${toText(refExpr!)}' is ${show(ref, refExpr)} but '${toText(x)}' is ${show(u, x)} (${mismatch(ref, u)})`,
        });
      }
    }
    return unknown ? 'unknown' : ref ?? 'zero';
  };

  const needDimensionless = (x: Expr, what: string): void => {
    const u = rec(x);
    if (u !== 'unknown' && u !== 'zero' && !isDimensionless(u)) {
      issues.push({ code: 'unit-mismatch', pos: pos(x), message: `${what} must be dimensionless, but '${toText(x)}' is ${show(u, x)}` });
    } else if (u !== 'unknown' && u !== 'zero' && Math.abs(u.scale - 1) > 1e-9) {
      issues.push({ code: 'unit-mismatch', pos: pos(x), message: `${what} must be a pure number, but '${toText(x)}' carries a scale factor ${u.scale}: multiply by a conversion-factor parameter` });
    }
  };

  const power = (base: Expr, exponent: Expr, at: Expr): Inferred => {
    needDimensionless(exponent, 'an exponent');
    const b = rec(base);
    if (b === 'unknown') return 'unknown';
    if (b === 'zero') return 'zero';
    if (isDimensionless(b) && b.scale === 1) return DIMENSIONLESS;
    const k = env.constValue(exponent);
    if (k === undefined) {
      issues.push({ code: 'unit-mismatch', pos: pos(at), message: `'${toText(at)}': a base with unit ${show(b, base)} needs a constant exponent (parameters and numbers only)` });
      return 'unknown';
    }
    return powUnit(b, k);
  };

  switch (e.kind) {
    case 'num': return e.value === 0 ? 'zero' : DIMENSIONLESS;
    case 'sym': case 'index': return env.unitOf(e) ?? 'unknown';
    case 'unary':
      if (e.op === '!') { rec(e.arg); return DIMENSIONLESS; }
      return rec(e.arg);
    case 'binary': {
      if (isBoolean(e)) {
        if (e.op === '&&' || e.op === '||') { rec(e.left); rec(e.right); } else same([e.left, e.right], 'comparison', e);
        return DIMENSIONLESS;
      }
      switch (e.op) {
        case '+': case '-': return same(flattenSum(e), 'sum', e);
        case '*': case '/': {
          const a = rec(e.left), b = rec(e.right);
          if (a === 'unknown' || b === 'unknown') return 'unknown';
          // 0 * x and 0 / x are 0 in any unit; x / 0 is meaningless, so treat the 0 as a pure number
          if (a === 'zero' || (b === 'zero' && e.op === '*')) return 'zero';
          const bb = b === 'zero' ? DIMENSIONLESS : b;
          return e.op === '*' ? mulUnit(a, bb) : divUnit(a, bb);
        }
        default: return power(e.left, e.right, e);
      }
    }
    case 'call': {
      const info = FUNCTIONS.get(e.fn);
      const args = e.args;
      switch (info?.units) {
        case 'dimensionless':
          for (const a of args) needDimensionless(a, `the argument of ${e.fn}`);
          return DIMENSIONLESS;
        case 'sqrt': return power(args[0], { kind: 'num', value: 0.5 }, e);
        case 'same': return same(args, `the arguments of ${e.fn}`, e);
        case 'pow': return power(args[0], args[1], e);
        case 'piecewise': {
          const values: Expr[] = [];
          args.forEach((a, k) => {
            const isCond = e.fn === 'if' ? k === 0 : k % 2 === 1 && k < args.length - 1;
            if (isCond) rec(a); else values.push(a);
          });
          return same(values, `the values of ${e.fn}`, e);
        }
        case 'hill':
          same([args[0], args[1]], `x and K of ${e.fn}`, e);
          needDimensionless(args[2], `the Hill exponent n of ${e.fn}`);
          return DIMENSIONLESS;
        default: return 'unknown';
      }
    }
  }
}

/** a - (b + c) -> [a, b, c]: every term of a sum must share one unit. */
function flattenSum(e: Expr): Expr[] {
  if (e.kind === 'binary' && (e.op === '+' || e.op === '-')) return [...flattenSum(e.left), ...flattenSum(e.right)];
  if (e.kind === 'unary' && e.op === '-') return flattenSum(e.arg);
  return [e];
}
