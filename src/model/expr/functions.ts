/**
 * THE function table of the magbone expression language: the parser checks names and arity
 * against it, the code generator, the differentiator and the unit checker dispatch on it, and the
 * docs and SBML printers read `meaning`, `units` and `mathml` from it. A function is added here,
 * once, or not at all.
 *
 * Truth values: comparisons and && || ! give 1 (true) or 0 (false); where a condition is expected
 * (`if`, `piecewise`, && || !) any non-zero number is true — so a switch (1/0) is a condition.
 */

/** How a function treats dimensions (checked by `check.ts`). */
export type UnitRule =
  /** argument(s) and result dimensionless */
  | 'dimensionless'
  /** result has the argument's dimension to the power 1/2 (exponents must stay integral) */
  | 'sqrt'
  /** all arguments have one dimension, which is the result's */
  | 'same'
  /** base any dimension, exponent a dimensionless literal (or dimensionless base) */
  | 'pow'
  /** values share the result's dimension; conditions are truth values */
  | 'piecewise'
  /** x and K share a dimension, n dimensionless; result dimensionless */
  | 'hill';

export interface FunctionInfo {
  readonly name: string;
  readonly minArgs: number;
  /** Infinity for variadic functions. */
  readonly maxArgs: number;
  readonly signature: string;
  /** One line for the docs table. */
  readonly meaning: string;
  readonly units: UnitRule;
  /** SBML/MathML rendering: the MathML operator element, or how to expand it. */
  readonly mathml: string;
}

const table: readonly FunctionInfo[] = [
  { name: 'exp', minArgs: 1, maxArgs: 1, signature: 'exp(x)', meaning: 'e^x', units: 'dimensionless', mathml: '<exp/>' },
  { name: 'log', minArgs: 1, maxArgs: 1, signature: 'log(x)', meaning: 'natural logarithm', units: 'dimensionless', mathml: '<ln/>' },
  { name: 'log10', minArgs: 1, maxArgs: 1, signature: 'log10(x)', meaning: 'base-10 logarithm', units: 'dimensionless', mathml: '<log/>' },
  { name: 'sqrt', minArgs: 1, maxArgs: 1, signature: 'sqrt(x)', meaning: 'square root', units: 'sqrt', mathml: '<root/>' },
  { name: 'pow', minArgs: 2, maxArgs: 2, signature: 'pow(x, a)', meaning: 'x^a (same as x ^ a)', units: 'pow', mathml: '<power/>' },
  { name: 'abs', minArgs: 1, maxArgs: 1, signature: 'abs(x)', meaning: 'absolute value', units: 'same', mathml: '<abs/>' },
  { name: 'min', minArgs: 2, maxArgs: Infinity, signature: 'min(a, b, ...)', meaning: 'smallest argument', units: 'same', mathml: '<min/>' },
  { name: 'max', minArgs: 2, maxArgs: Infinity, signature: 'max(a, b, ...)', meaning: 'largest argument', units: 'same', mathml: '<max/>' },
  {
    name: 'piecewise', minArgs: 3, maxArgs: Infinity, signature: 'piecewise(v1, c1, v2, c2, ..., otherwise)',
    meaning: 'v1 if c1, else v2 if c2, ..., else otherwise (odd argument count)', units: 'piecewise', mathml: '<piecewise>',
  },
  { name: 'if', minArgs: 3, maxArgs: 3, signature: 'if(c, a, b)', meaning: 'a if c is true (non-zero), else b', units: 'piecewise', mathml: '<piecewise>' },
  {
    name: 'hill', minArgs: 3, maxArgs: 3, signature: 'hill(x, K, n)', meaning: 'x^n / (K^n + x^n): rising Hill function, 1/2 at x = K',
    units: 'hill', mathml: 'expanded to <divide/> of <power/>s',
  },
  {
    name: 'hillinv', minArgs: 3, maxArgs: 3, signature: 'hillinv(x, K, n)', meaning: 'K^n / (K^n + x^n) = 1 - hill(x, K, n): falling Hill function (inhibition)',
    units: 'hill', mathml: 'expanded to <divide/> of <power/>s',
  },
  { name: 'sin', minArgs: 1, maxArgs: 1, signature: 'sin(x)', meaning: 'sine (x in radians)', units: 'dimensionless', mathml: '<sin/>' },
  { name: 'cos', minArgs: 1, maxArgs: 1, signature: 'cos(x)', meaning: 'cosine (x in radians)', units: 'dimensionless', mathml: '<cos/>' },
  { name: 'tan', minArgs: 1, maxArgs: 1, signature: 'tan(x)', meaning: 'tangent (x in radians)', units: 'dimensionless', mathml: '<tan/>' },
  { name: 'sinh', minArgs: 1, maxArgs: 1, signature: 'sinh(x)', meaning: 'hyperbolic sine', units: 'dimensionless', mathml: '<sinh/>' },
  { name: 'cosh', minArgs: 1, maxArgs: 1, signature: 'cosh(x)', meaning: 'hyperbolic cosine', units: 'dimensionless', mathml: '<cosh/>' },
  { name: 'tanh', minArgs: 1, maxArgs: 1, signature: 'tanh(x)', meaning: 'hyperbolic tangent', units: 'dimensionless', mathml: '<tanh/>' },
  { name: 'asin', minArgs: 1, maxArgs: 1, signature: 'asin(x)', meaning: 'inverse sine (radians)', units: 'dimensionless', mathml: '<arcsin/>' },
  { name: 'acos', minArgs: 1, maxArgs: 1, signature: 'acos(x)', meaning: 'inverse cosine (radians)', units: 'dimensionless', mathml: '<arccos/>' },
  { name: 'atan', minArgs: 1, maxArgs: 1, signature: 'atan(x)', meaning: 'inverse tangent (radians)', units: 'dimensionless', mathml: '<arctan/>' },
  { name: 'asinh', minArgs: 1, maxArgs: 1, signature: 'asinh(x)', meaning: 'inverse hyperbolic sine', units: 'dimensionless', mathml: '<arcsinh/>' },
  { name: 'acosh', minArgs: 1, maxArgs: 1, signature: 'acosh(x)', meaning: 'inverse hyperbolic cosine', units: 'dimensionless', mathml: '<arccosh/>' },
  { name: 'atanh', minArgs: 1, maxArgs: 1, signature: 'atanh(x)', meaning: 'inverse hyperbolic tangent', units: 'dimensionless', mathml: '<arctanh/>' },
  { name: 'floor', minArgs: 1, maxArgs: 1, signature: 'floor(x)', meaning: 'largest integer <= x (derivative taken as 0)', units: 'same', mathml: '<floor/>' },
  { name: 'ceil', minArgs: 1, maxArgs: 1, signature: 'ceil(x)', meaning: 'smallest integer >= x (derivative taken as 0)', units: 'same', mathml: '<ceiling/>' },
  { name: 'factorial', minArgs: 1, maxArgs: 1, signature: 'factorial(n)', meaning: 'n! = Γ(n + 1) for n >= 0 (derivative taken as 0: meant for integers)', units: 'dimensionless', mathml: '<factorial/>' },
  {
    name: 'fround', minArgs: 1, maxArgs: 1, signature: 'fround(x)',
    meaning: 'x rounded to the nearest single-precision (IEEE 754 binary32) number, as a C `float` stores it: for reproducing '
      + 'published code. Model docs print it fl₃₂(x); its derivative is taken as 1; SBML gets an identity function definition marked as rounding',
    units: 'same', mathml: 'function definition fround (identity body, annotated: magbone rounds to single precision)',
  },
];

export const FUNCTIONS: ReadonlyMap<string, FunctionInfo> = new Map(table.map((f) => [f.name, f]));

/** Names that cannot be used for parameters, states, rules or switches. */
export const RESERVED_NAMES: ReadonlySet<string> = new Set([...FUNCTIONS.keys(), 't']);

/** Arity problem for a call, or undefined when fine. */
export function arityProblem(info: FunctionInfo, argc: number): string | undefined {
  if (argc < info.minArgs || argc > info.maxArgs) {
    const want = info.minArgs === info.maxArgs ? `${info.minArgs}` :
      info.maxArgs === Infinity ? `at least ${info.minArgs}` : `${info.minArgs} to ${info.maxArgs}`;
    return `${info.name} takes ${want} argument${info.minArgs === 1 && info.maxArgs === 1 ? '' : 's'}, got ${argc}: ${info.signature}`;
  }
  if (info.name === 'piecewise' && argc % 2 === 0) {
    return `piecewise needs an odd number of arguments (value, condition pairs, then the otherwise value), got ${argc}: ${info.signature}`;
  }
  return undefined;
}

/** The operators, by precedence (high to low), for the docs table and the MathML printer. */
export interface OperatorInfo {
  readonly op: string;
  readonly meaning: string;
  /** Higher binds tighter. */
  readonly precedence: number;
  readonly associativity: 'left' | 'right' | 'none' | 'prefix';
  readonly mathml: string;
}

export const OPERATORS: readonly OperatorInfo[] = [
  { op: '^', meaning: 'power (a^b^c = a^(b^c); -x^2 = -(x^2))', precedence: 7, associativity: 'right', mathml: '<power/>' },
  { op: '-x', meaning: 'negation', precedence: 6, associativity: 'prefix', mathml: '<minus/> (one argument)' },
  { op: '!x', meaning: 'not (1 if x is 0, else 0)', precedence: 6, associativity: 'prefix', mathml: '<not/>' },
  { op: '*', meaning: 'product', precedence: 5, associativity: 'left', mathml: '<times/>' },
  { op: '/', meaning: 'quotient', precedence: 5, associativity: 'left', mathml: '<divide/>' },
  { op: '+', meaning: 'sum', precedence: 4, associativity: 'left', mathml: '<plus/>' },
  { op: '-', meaning: 'difference', precedence: 4, associativity: 'left', mathml: '<minus/>' },
  { op: '<', meaning: 'less than (1 or 0)', precedence: 3, associativity: 'none', mathml: '<lt/>' },
  { op: '<=', meaning: 'at most', precedence: 3, associativity: 'none', mathml: '<leq/>' },
  { op: '>', meaning: 'greater than', precedence: 3, associativity: 'none', mathml: '<gt/>' },
  { op: '>=', meaning: 'at least', precedence: 3, associativity: 'none', mathml: '<geq/>' },
  { op: '==', meaning: 'equal', precedence: 3, associativity: 'none', mathml: '<eq/>' },
  { op: '!=', meaning: 'not equal', precedence: 3, associativity: 'none', mathml: '<neq/>' },
  { op: '&&', meaning: 'and', precedence: 2, associativity: 'left', mathml: '<and/>' },
  { op: '||', meaning: 'or', precedence: 1, associativity: 'left', mathml: '<or/>' },
];
