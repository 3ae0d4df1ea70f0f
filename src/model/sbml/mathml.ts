/**
 * Content MathML for SBML Level 3 Version 2: the expression AST printed as <math>, and read back.
 *
 * Our language treats truth values as the numbers 1 and 0; MathML keeps booleans and numbers
 * apart. So a comparison used as a number is written piecewise(1 if c, otherwise 0), and a number
 * used as a condition (a switch in if(sw, a, b)) is written sw != 0 — both mean exactly what the
 * generated code computes, and read back as expressions that evaluate identically.
 *
 * Literals carry sbml:units="dimensionless", the rule our unit checker applies to them; the literal
 * 0 carries none, since 0 fits any unit there too. hill/hillinv are calls of function definitions
 * (written by `functionDefinitions`) so that they read back as themselves.
 *
 * fround (rounding to single precision) has no MathML form. It is a function definition too, whose
 * body is the identity (the closest statement MathML can make: off by at most 2^-24 relative in
 * single precision's range), with notes saying so and a magbone annotation
 * (<mb:rounding format="binary32"/>) that marks the rounding. The reader turns a call of an identity
 * definition so marked back into fround; without the mark, an identity definition is what it says.
 */
import type { Expr, CompareOp, Sym } from '../expr/ast.js';
import { isBoolean, isCompare } from '../expr/ast.js';
import { evaluate } from '../expr/evaluate.js';
import { escapeText, attrs, elements, textOf, type XmlElement } from './xml.js';

export const MATHML_NS = 'http://www.w3.org/1998/Math/MathML';
/** Namespace of the magbone annotations (data SBML has no place for). */
export const MAGBONE_NS = 'urn:magbone:sbml:1';
const XHTML_NS = 'http://www.w3.org/1999/xhtml';
export const SBML_NS = 'http://www.sbml.org/sbml/level3/version2/core';
export const TIME_URL = 'http://www.sbml.org/sbml/symbols/time';
const AVOGADRO_URL = 'http://www.sbml.org/sbml/symbols/avogadro';
const RATE_OF_URL = 'http://www.sbml.org/sbml/symbols/rateOf';
const DELAY_URL = 'http://www.sbml.org/sbml/symbols/delay';
/** readMath reads rateOf(x) as the name `__rateOf__x`, which the importer defines. */
export const RATE_OF_PREFIX = '__rateOf__';
/** readMath reads delay(x, d) as a call of this name, which is not a function of the language: the importer replaces it. */
export const DELAY_FN = '__delay';

const COMPARE_TAG: Record<CompareOp, string> = { '<': 'lt', '<=': 'leq', '>': 'gt', '>=': 'geq', '==': 'eq', '!=': 'neq' };
const SIMPLE_CALL: Record<string, string> = {
  exp: 'exp', log: 'ln', abs: 'abs', min: 'min', max: 'max', pow: 'power', sqrt: 'root',
  sin: 'sin', cos: 'cos', tan: 'tan', sinh: 'sinh', cosh: 'cosh', tanh: 'tanh', asin: 'arcsin', acos: 'arccos', atan: 'arctan',
  asinh: 'arcsinh', acosh: 'arccosh', atanh: 'arctanh', floor: 'floor', ceil: 'ceiling', factorial: 'factorial',
};
/** MathML operators read as a function of the language (the inverse of SIMPLE_CALL for one-argument functions). */
const READ_CALL: Record<string, string> = {
  sin: 'sin', cos: 'cos', tan: 'tan', sinh: 'sinh', cosh: 'cosh', tanh: 'tanh', arcsin: 'asin', arccos: 'acos', arctan: 'atan',
  arcsinh: 'asinh', arccosh: 'acosh', arctanh: 'atanh', floor: 'floor', ceiling: 'ceil', factorial: 'factorial',
};
/** Reciprocal trigonometric functions, read as 1 / f(x) and f(1 / x). */
const RECIPROCAL: Record<string, [string, boolean]> = {
  sec: ['cos', false], csc: ['sin', false], cot: ['tan', false], sech: ['cosh', false], csch: ['sinh', false], coth: ['tanh', false],
  arcsec: ['acos', true], arccsc: ['asin', true], arccot: ['atan', true], arcsech: ['acosh', true], arccsch: ['asinh', true], arccoth: ['atanh', true],
};

/** Functions written as SBML function definitions (called with <ci>). */
export const DEFINED_FUNCTIONS = ['hill', 'hillinv', 'fround'] as const;

type Lines = string[];

function cn(v: number): Lines {
  if (Number.isNaN(v)) return ['<notanumber/>'];
  if (!Number.isFinite(v)) return v > 0 ? ['<infinity/>'] : ['<apply>', '  <minus/>', '  <infinity/>', '</apply>'];
  const u = v === 0 ? '' : ' sbml:units="dimensionless"';
  if (Number.isInteger(v) && Math.abs(v) < 1e15) return [`<cn type="integer"${u}>${v}</cn>`];
  const s = String(v);
  const e = s.indexOf('e');
  if (e >= 0) return [`<cn type="e-notation"${u}>${s.slice(0, e)}<sep/>${Number(s.slice(e + 1))}</cn>`];
  return [`<cn${u}>${s}</cn>`];
}

const indent = (ls: Lines): Lines => ls.map((l) => '  ' + l);

function apply(op: string, args: Lines[]): Lines {
  return ['<apply>', `  <${op}/>`, ...args.flatMap(indent), '</apply>'];
}

function piecewise(pieces: [Lines, Lines][], otherwise: Lines): Lines {
  const out = ['<piecewise>'];
  for (const [v, c] of pieces) out.push('  <piece>', ...indent(indent(v)), ...indent(indent(c)), '  </piece>');
  out.push('  <otherwise>', ...indent(indent(otherwise)), '  </otherwise>', '</piecewise>');
  return out;
}

function sym(e: Sym): Lines {
  if (e.name === 't') return [`<csymbol encoding="text" definitionURL="${TIME_URL}">t</csymbol>`];
  return [`<ci>${escapeText(e.name)}</ci>`];
}

function num(e: Expr): Lines {
  if (isBoolean(e)) return piecewise([[cn(1), bool(e)]], cn(0));
  switch (e.kind) {
    case 'num': return cn(e.value);
    case 'sym': return sym(e);
    case 'index': throw new Error(`indexed name '${e.name}[${e.index}]' has no SBML form (only the IVP test-set format uses y[i])`);
    case 'unary': return apply('minus', [num(e.arg)]);
    case 'binary': {
      const op = { '+': 'plus', '-': 'minus', '*': 'times', '/': 'divide', '^': 'power' }[e.op as '+'];
      return apply(op, [num(e.left), num(e.right)]);
    }
    case 'call': {
      const a = e.args;
      switch (e.fn) {
        case 'log10': return ['<apply>', '  <log/>', '  <logbase>', ...indent(indent(cn(10))), '  </logbase>', ...indent(num(a[0])), '</apply>'];
        case 'if': return piecewise([[num(a[1]), bool(a[0])]], num(a[2]));
        case 'piecewise': {
          const pieces: [Lines, Lines][] = [];
          for (let k = 0; k + 1 < a.length; k += 2) pieces.push([num(a[k]), bool(a[k + 1])]);
          return piecewise(pieces, num(a[a.length - 1]));
        }
        case 'hill': case 'hillinv': case 'fround':
          return ['<apply>', `  <ci>${e.fn}</ci>`, ...a.flatMap((x) => indent(num(x))), '</apply>'];
        // delay(x, d) as the importer reads it (the SBML writer's `delays` option puts it back)
        case DELAY_FN:
          return ['<apply>', `  <csymbol encoding="text" definitionURL="${DELAY_URL}">delay</csymbol>`, ...a.flatMap((x) => indent(num(x))), '</apply>'];
        default: {
          const tag = SIMPLE_CALL[e.fn];
          if (!tag) throw new Error(`function '${e.fn}' has no MathML form`);
          return apply(tag, a.map(num));
        }
      }
    }
  }
}

function bool(e: Expr): Lines {
  if (!isBoolean(e)) return apply('neq', [num(e), cn(0)]);
  if (e.kind === 'unary') return apply('not', [bool(e.arg)]);
  if (e.kind !== 'binary') throw new Error('unreachable: non-binary truth value');
  if (isCompare(e.op)) return apply(COMPARE_TAG[e.op], [num(e.left), num(e.right)]);
  return apply(e.op === '&&' ? 'and' : 'or', [bool(e.left), bool(e.right)]);
}

/** `<math>` element lines for an expression, numeric-valued. */
export function mathLines(e: Expr): Lines {
  return [`<math xmlns="${MATHML_NS}">`, ...indent(num(e)), '</math>'];
}

/** `<math>` element lines for a truth value (a constraint's condition): booleans stay booleans. */
export function conditionLines(e: Expr): Lines {
  return [`<math xmlns="${MATHML_NS}">`, ...indent(bool(e)), '</math>'];
}

const FROUND_NOTE = 'fround(x) is x rounded to the nearest single-precision (IEEE 754 binary32) number, as a C float '
  + 'variable stores it; magbone uses it to reproduce published code that does so. MathML cannot express this rounding, '
  + 'so the body is the identity, which differs from it by at most 2^-24 (about 6e-8) relative within single precision\'s '
  + 'range (1.2e-38 to 3.4e38 in magnitude); magbone computes the rounding (the magbone annotation rounding format="binary32" marks it).';

const lambda = (params: readonly string[], body: Lines): Lines => [
  `<math xmlns="${MATHML_NS}">`, '  <lambda>', ...params.map((b) => `    <bvar><ci>${b}</ci></bvar>`), ...indent(indent(body)), '  </lambda>', '</math>',
];

/** Lines of the function definitions of hill, hillinv and fround (only those the model uses). */
export function functionDefinitions(used: ReadonlySet<string>): Lines {
  const out: Lines = [];
  for (const fn of DEFINED_FUNCTIONS) {
    if (!used.has(fn)) continue;
    if (fn === 'fround') {
      out.push(`<functionDefinition${attrs({ id: fn, name: 'round to single precision' })}>`,
        '  <notes>', `    <body xmlns="${XHTML_NS}">`,
        `      <p>${escapeText(FROUND_NOTE)}</p>`,
        '    </body>', '  </notes>',
        '  <annotation>', `    <mb:rounding xmlns:mb="${MAGBONE_NS}" format="binary32"/>`, '  </annotation>',
        ...indent(lambda(['x'], ['<ci>x</ci>'])), '</functionDefinition>');
      continue;
    }
    const power = (b: string): Lines => ['<apply>', '  <power/>', `  <ci>${b}</ci>`, '  <ci>n</ci>', '</apply>'];
    const body = apply('divide', [power(fn === 'hill' ? 'x' : 'K'), apply('plus', [power('K'), power('x')])]);
    out.push(`<functionDefinition${attrs({ id: fn, name: fn === 'hill' ? 'x^n/(K^n+x^n)' : 'K^n/(K^n+x^n)' })}>`,
      ...indent(lambda(['x', 'K', 'n'], body)), '</functionDefinition>');
  }
  return out;
}

// ---------------------------------------------------------------- reading

export class MathReadError extends Error {
  constructor(readonly line: number, reason: string) {
    super(`${reason} (line ${line})`);
    this.name = 'MathReadError';
  }
}

export interface FunctionDef {
  readonly params: readonly string[];
  readonly body: XmlElement;
  /** Set from the magbone annotation: a call rounds its (identity) value to single precision. */
  readonly rounding?: 'binary32';
}

const n = (value: number): Expr => ({ kind: 'num', value });
const bin = (op: '+' | '-' | '*' | '/' | '^' | '&&' | '||' | CompareOp, left: Expr, right: Expr): Expr =>
  ({ kind: 'binary', op, left, right });
const call = (fn: string, ...args: Expr[]): Expr => ({ kind: 'call', fn, args });

function readCn(e: XmlElement): number {
  const type = e.attrs.type ?? 'real';
  const parts = e.children.map((c) => (typeof c === 'string' ? c : c.local === 'sep' ? '|' : '')).join('').trim();
  if (type === 'e-notation' || type === 'rational') {
    const [a, b] = parts.split('|').map((s) => s.trim());
    if (b === undefined) throw new MathReadError(e.line, `<cn type="${type}"> needs two parts separated by <sep/>`);
    return type === 'e-notation' ? Number(`${a}e${b}`) : Number(a) / Number(b);
  }
  if (type !== 'real' && type !== 'integer' && type !== 'double') throw new MathReadError(e.line, `<cn type="${type}"> is not supported`);
  const v = Number(parts);
  if (parts === '' || Number.isNaN(v) && parts !== 'NaN') throw new MathReadError(e.line, `<cn> holds '${parts}', not a number`);
  return v;
}

const args = (e: XmlElement): XmlElement[] => elements(e).filter((c) => !['bvar', 'degree', 'logbase'].includes(c.local));

function foldLeft(op: '+' | '*' | '&&' | '||', xs: Expr[], empty: number): Expr {
  if (xs.length === 0) return n(empty);
  return xs.slice(1).reduce((acc, x) => bin(op, acc, x), xs[0]);
}

/** Reads one MathML node (inside <math>) into an expression; `fns` are the model's function definitions. */
export function readMath(e: XmlElement, fns: ReadonlyMap<string, FunctionDef>, bound: ReadonlyMap<string, Expr> = new Map()): Expr {
  const rd = (x: XmlElement): Expr => readMath(x, fns, bound);
  switch (e.local) {
    case 'math': case 'semantics': {
      const first = elements(e).find((c) => c.local !== 'annotation' && c.local !== 'annotation-xml');
      if (!first) throw new MathReadError(e.line, `empty <${e.local}>`);
      return rd(first);
    }
    case 'cn': return n(readCn(e));
    case 'ci': {
      const name = textOf(e).trim();
      return bound.get(name) ?? { kind: 'sym', name };
    }
    case 'csymbol': {
      const url = e.attrs.definitionURL ?? '';
      if (url === TIME_URL) return { kind: 'sym', name: 't' };
      if (url === AVOGADRO_URL) return n(6.02214179e23); // the value SBML Level 3 defines (CODATA 2006)
      throw new MathReadError(e.line, `csymbol '${url}' is not supported (only time and avogadro)`);
    }
    case 'true': return n(1);
    case 'false': return n(0);
    case 'pi': return n(Math.PI);
    case 'exponentiale': return n(Math.E);
    case 'infinity': return n(Infinity);
    case 'notanumber': return n(NaN);
    case 'piecewise': {
      const out: Expr[] = [];
      for (const p of elements(e, 'piece')) {
        const [v, c] = elements(p);
        if (!c) throw new MathReadError(p.line, '<piece> needs a value and a condition');
        out.push(rd(v), rd(c));
      }
      const other = elements(e, 'otherwise')[0];
      out.push(other ? rd(elements(other)[0]) : n(NaN));
      return out.length === 1 ? out[0] : call('piecewise', ...out);
    }
    case 'apply': return readApply(e, fns, bound);
    default: throw new MathReadError(e.line, `MathML element <${e.local}> is not supported`);
  }
}

function readApply(e: XmlElement, fns: ReadonlyMap<string, FunctionDef>, bound: ReadonlyMap<string, Expr>): Expr {
  const rd = (x: XmlElement): Expr => readMath(x, fns, bound);
  const [head, ...rest] = elements(e);
  if (!head) throw new MathReadError(e.line, 'empty <apply>');
  const xs = rest.filter((c) => !['bvar', 'degree', 'logbase'].includes(c.local)).map(rd);
  const need = (k: number): void => {
    if (xs.length !== k) throw new MathReadError(e.line, `<${head.local}> takes ${k} argument${k === 1 ? '' : 's'}, got ${xs.length}`);
  };
  const qualifier = (name: string): Expr | undefined => {
    const q = rest.find((c) => c.local === name);
    return q ? rd(elements(q)[0]) : undefined;
  };
  switch (head.local) {
    case 'plus': return foldLeft('+', xs, 0);
    case 'times': return foldLeft('*', xs, 1);
    case 'minus':
      if (xs.length === 1) return { kind: 'unary', op: '-', arg: xs[0] };
      need(2); return bin('-', xs[0], xs[1]);
    case 'divide': need(2); return bin('/', xs[0], xs[1]);
    case 'power': need(2); return bin('^', xs[0], xs[1]);
    case 'root': {
      need(1);
      const deg = qualifier('degree');
      if (!deg || (deg.kind === 'num' && deg.value === 2)) return call('sqrt', xs[0]);
      return bin('^', xs[0], bin('/', n(1), deg));
    }
    case 'exp': need(1); return call('exp', xs[0]);
    case 'ln': need(1); return call('log', xs[0]);
    case 'log': {
      need(1);
      const base = qualifier('logbase');
      if (!base || (base.kind === 'num' && base.value === 10)) return call('log10', xs[0]);
      return bin('/', call('log', xs[0]), call('log', base));
    }
    case 'abs': need(1); return call('abs', xs[0]);
    case 'sin': case 'cos': case 'tan': case 'sinh': case 'cosh': case 'tanh': case 'arcsin': case 'arccos': case 'arctan':
    case 'arcsinh': case 'arccosh': case 'arctanh': case 'floor': case 'ceiling': case 'factorial':
      need(1); return call(READ_CALL[head.local], xs[0]);
    case 'sec': case 'csc': case 'cot': case 'sech': case 'csch': case 'coth':
    case 'arcsec': case 'arccsc': case 'arccot': case 'arcsech': case 'arccsch': case 'arccoth': {
      need(1);
      const [f, inner] = RECIPROCAL[head.local];
      return inner ? call(f, bin('/', n(1), xs[0])) : bin('/', n(1), call(f, xs[0]));
    }
    case 'rem': need(2); return bin('-', xs[0], bin('*', xs[1], call('if', bin('>=', bin('/', xs[0], xs[1]), n(0)),
      call('floor', bin('/', xs[0], xs[1])), call('ceil', bin('/', xs[0], xs[1])))));
    case 'quotient': need(2); return call('if', bin('>=', bin('/', xs[0], xs[1]), n(0)), call('floor', bin('/', xs[0], xs[1])), call('ceil', bin('/', xs[0], xs[1])));
    case 'implies': need(2); return bin('||', { kind: 'unary', op: '!', arg: xs[0] }, xs[1]);
    case 'min': case 'max':
      if (xs.length === 0) throw new MathReadError(e.line, `<${head.local}> needs an argument`);
      return xs.length === 1 ? xs[0] : call(head.local, ...xs);
    case 'eq': case 'neq': case 'lt': case 'leq': case 'gt': case 'geq': {
      const op = (Object.entries(COMPARE_TAG).find(([, t]) => t === head.local) as [CompareOp, string])[0];
      if (xs.length < 2) throw new MathReadError(e.line, `<${head.local}> needs at least 2 arguments`);
      if (op === '!=' && xs.length > 2) throw new MathReadError(e.line, '<neq> takes 2 arguments');
      const pairs: Expr[] = [];
      for (let k = 0; k + 1 < xs.length; k++) pairs.push(bin(op, xs[k], xs[k + 1]));
      return foldLeft('&&', pairs, 1);
    }
    case 'and': return foldLeft('&&', xs, 1);
    case 'or': return foldLeft('||', xs, 0);
    case 'xor': {
      if (xs.length === 0) return n(0);
      return xs.slice(1).reduce((a, b) => bin('!=', bin('!=', a, n(0)), bin('!=', b, n(0))), xs[0]);
    }
    case 'not': need(1); return { kind: 'unary', op: '!', arg: xs[0] };
    case 'csymbol': {
      const url = head.attrs.definitionURL ?? '';
      if (url === RATE_OF_URL) {
        const target = rest[0];
        if (xs.length !== 1 || target?.local !== 'ci') throw new MathReadError(e.line, 'rateOf takes one argument, the id of a variable');
        // a name the importer resolves to the variable's derivative (import.ts)
        const id = textOf(target).trim(), b = bound.get(id);
        return { kind: 'sym', name: `${RATE_OF_PREFIX}${b?.kind === 'sym' ? b.name : id}` };
      }
      if (url === DELAY_URL) {
        if (xs.length !== 2) throw new MathReadError(e.line, `delay takes 2 arguments (the expression and the delay), got ${xs.length}`);
        // a call the importer replaces by a name the SBML runner fills from the history (import.ts)
        return { kind: 'call', fn: DELAY_FN, args: [xs[0], xs[1]] };
      }
      throw new MathReadError(e.line, `csymbol function '${url}' is not supported`);
    }
    case 'ci': {
      const name = textOf(head).trim();
      const def = fns.get(name);
      if (!def) throw new MathReadError(e.line, `call of '${name}', which is not a function definition of the model`);
      if (xs.length !== def.params.length) throw new MathReadError(e.line, `'${name}' takes ${def.params.length} arguments, got ${xs.length}`);
      if (isOurHill(name, def, fns)) return call(name, ...xs);
      if (isOurFround(def)) return call('fround', xs[0]);
      return readMath(def.body, fns, new Map(def.params.map((p, k) => [p, xs[k]])));
    }
    default: throw new MathReadError(e.line, `MathML operator <${head.local}> is not supported`);
  }
}

/** True when a definition named hill/hillinv computes ours (checked at two points, not trusted by name). */
function isOurHill(name: string, def: FunctionDef, fns: ReadonlyMap<string, FunctionDef>): boolean {
  if (!(DEFINED_FUNCTIONS as readonly string[]).includes(name) || def.params.length !== 3) return false;
  return [[1.7, 0.9, 2.3], [0.2, 3.1, 1]].every(([x, K, m]) => {
    const body = readMath(def.body, fns, new Map(def.params.map((p, k) => [p, n([x, K, m][k])])));
    const got = evaluate(body, () => NaN);
    const xn = Math.pow(x, m), Kn = Math.pow(K, m);
    const want = (name === 'hill' ? xn : Kn) / (Kn + xn);
    return Math.abs(got - want) <= 1e-12 * Math.abs(want);
  });
}

/** True when a definition is marked as single-precision rounding and its body is the identity (checked, not trusted). */
function isOurFround(def: FunctionDef): boolean {
  return def.rounding === 'binary32' && def.params.length === 1 && def.body.local === 'ci' && textOf(def.body).trim() === def.params[0];
}

/** A function definition's parameters and body from its <math><lambda>. */
export function readFunctionDefinition(math: XmlElement): FunctionDef {
  const lambda = elements(math).find((c) => c.local === 'lambda' || c.local === 'semantics');
  const lam = lambda?.local === 'semantics' ? elements(lambda, 'lambda')[0] : lambda;
  if (!lam) throw new MathReadError(math.line, 'function definition without <lambda>');
  const params = elements(lam, 'bvar').map((b) => textOf(elements(b, 'ci')[0] ?? b).trim());
  const body = args(lam)[0];
  if (!body) throw new MathReadError(lam.line, '<lambda> without a body');
  return { params, body };
}
