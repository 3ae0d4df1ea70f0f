/**
 * LaTeX printer of the expression AST, for the generated model documentation (`docs.ts`).
 *
 * Precedence follows `expr/print.ts` (the grammar's), so the printed formula means what the model
 * computes; division becomes \frac and cases become a `cases` environment, both of which group
 * visually and need no parentheses except as the base of a power. The output never contains `|`
 * (absolute values use \lvert \rvert), so it can sit inside a Markdown table cell. fround(x) prints
 * as \mathrm{fl}_{32}(x): rounding to single precision (the guide's function table says so).
 */
import type { Expr, BinaryOp } from './expr/ast.js';

const GREEK = new Set([
  'alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta', 'eta', 'theta', 'iota', 'kappa', 'lambda', 'mu', 'nu', 'xi',
  'pi', 'rho', 'sigma', 'tau', 'upsilon', 'phi', 'chi', 'psi', 'omega',
  'Gamma', 'Delta', 'Theta', 'Lambda', 'Xi', 'Pi', 'Sigma', 'Upsilon', 'Phi', 'Psi', 'Omega',
]);

function namePart(s: string): string {
  if (GREEK.has(s)) return `\\${s}`;
  if (/^[A-Za-z]$/.test(s) || /^\d+$/.test(s)) return s;
  return `\\mathrm{${s}}`;
}

/**
 * A model name as a LaTeX symbol: the first '_'-separated part is the symbol, the others its
 * subscript (PTH_p -> \mathrm{PTH}_{p}, k_PTHg_deg -> k_{\mathrm{PTHg},\mathrm{deg}}); Greek words
 * become letters (gamma_p -> \gamma_{p}); a lone letter followed by digits is subscripted (V1 -> V_{1},
 * but D3_p -> \mathrm{D3}_{p}); a long name with several parts stays whole (\mathrm{FastPool\_to\_Plasma}).
 */
export function latexName(name: string): string {
  if (name === 't') return 't';
  const parts = name.split('_');
  if (parts.some((p) => p === '')) return `\\mathrm{${name.replace(/_/g, '\\_')}}`;
  let main = parts[0];
  const subs = parts.slice(1);
  // Long descriptive names (FastPool_to_Plasma_Mg) read better whole than as a stack of subscripts.
  if (subs.length >= 2 && main.length > 3 && !GREEK.has(main)) return `\\mathrm{${name.replace(/_/g, '\\_')}}`;
  const letterDigits = /^([A-Za-z])(\d+)$/.exec(main);
  if (letterDigits && subs.length === 0) {
    main = letterDigits[1];
    subs.push(letterDigits[2]);
  }
  const head = namePart(main);
  return subs.length ? `${head}_{${subs.map(namePart).join(',')}}` : head;
}

/** Plain decimals in [1e-3, 1e6), else scientific: 2.5 \times 10^{-9}, 10^{-9}. */
export function latexNumber(v: number): string {
  if (Number.isNaN(v)) return '\\mathrm{NaN}';
  if (!Number.isFinite(v)) return v > 0 ? '\\infty' : '-\\infty';
  const a = Math.abs(v);
  if (a === 0 || (a >= 1e-3 && a < 1e6)) return String(v);
  const [m, k] = v.toExponential().split('e');
  const exp = `10^{${Number(k)}}`;
  if (m === '1') return exp;
  if (m === '-1') return `-${exp}`;
  return `${m} \\times ${exp}`;
}

const PREC: Record<BinaryOp, number> = {
  '||': 1, '&&': 2, '<': 3, '<=': 3, '>': 3, '>=': 3, '==': 3, '!=': 3,
  '+': 4, '-': 4, '*': 5, '/': 5, '^': 7,
};
const UNARY = 6;
/** Fractions and cases: self-delimiting in a product, but not a safe power base. */
const GROUPED = 7.5;
const ATOM = 8;

const OP_TEX: Partial<Record<BinaryOp, string>> = {
  '+': '+', '-': '-', '<': '<', '<=': '\\le', '>': '>', '>=': '\\ge', '==': '=', '!=': '\\neq',
  '&&': '\\land', '||': '\\lor',
};

interface Tex { s: string; p: number }

const paren = (s: string): string => `\\left(${s}\\right)`;
const wrap = (t: Tex, need: boolean): string => (need ? paren(t.s) : t.s);

function numTex(v: number): Tex {
  const s = latexNumber(v);
  if (s.startsWith('-')) return { s, p: UNARY };
  if (s.includes('\\times')) return { s, p: PREC['*'] };
  if (s.startsWith('10^')) return { s, p: PREC['^'] };
  return { s, p: ATOM };
}

function args(xs: readonly Expr[]): string {
  return xs.map((x) => render(x).s).join(', ');
}

function cases(pairs: [Expr, Expr][], otherwise: Expr): Tex {
  const rows = pairs.map(([v, c]) => `${render(v).s} & \\text{if } ${render(c).s}`);
  rows.push(`${render(otherwise).s} & \\text{otherwise}`);
  return { s: `\\begin{cases} ${rows.join(' \\\\ ')} \\end{cases}`, p: GROUPED };
}

function power(base: Expr, exponent: Expr): Tex {
  const b = render(base);
  return { s: `${wrap(b, b.p < ATOM)}^{${render(exponent).s}}`, p: PREC['^'] };
}

function call(fn: string, xs: readonly Expr[]): Tex {
  switch (fn) {
    case 'exp': return { s: `\\exp${paren(args(xs))}`, p: ATOM - 0.5 };
    case 'log': return { s: `\\ln${paren(args(xs))}`, p: ATOM - 0.5 };
    case 'log10': return { s: `\\log_{10}${paren(args(xs))}`, p: ATOM - 0.5 };
    case 'min': return { s: `\\min${paren(args(xs))}`, p: ATOM - 0.5 };
    case 'max': return { s: `\\max${paren(args(xs))}`, p: ATOM - 0.5 };
    case 'sqrt': return { s: `\\sqrt{${render(xs[0]).s}}`, p: ATOM - 0.5 };
    case 'abs': return { s: `\\left\\lvert ${render(xs[0]).s} \\right\\rvert`, p: ATOM - 0.5 };
    case 'pow': return power(xs[0], xs[1]);
    case 'sin': case 'cos': case 'tan': case 'sinh': case 'cosh': case 'tanh':
      return { s: `\\${fn}${paren(args(xs))}`, p: ATOM - 0.5 };
    case 'asin': case 'acos': case 'atan': return { s: `\\arc${fn.slice(1)}${paren(args(xs))}`, p: ATOM - 0.5 };
    case 'floor': return { s: `\\left\\lfloor ${render(xs[0]).s} \\right\\rfloor`, p: ATOM - 0.5 };
    case 'ceil': return { s: `\\left\\lceil ${render(xs[0]).s} \\right\\rceil`, p: ATOM - 0.5 };
    case 'factorial': { const a = render(xs[0]); return { s: `${wrap(a, a.p < ATOM)}!`, p: ATOM - 0.5 }; }
    // fl(x), the numerical-analysis notation for a value as floating point stores it; 32: single precision
    case 'fround': return { s: `\\mathrm{fl}_{32}${paren(args(xs))}`, p: ATOM - 0.5 };
    case 'if': return cases([[xs[1], xs[0]]], xs[2]);
    case 'piecewise': {
      const pairs: [Expr, Expr][] = [];
      for (let k = 0; k + 1 < xs.length; k += 2) pairs.push([xs[k], xs[k + 1]]);
      return cases(pairs, xs[xs.length - 1]);
    }
    default: return { s: `\\mathrm{${fn}}${paren(args(xs))}`, p: ATOM - 0.5 };
  }
}

function render(e: Expr): Tex {
  switch (e.kind) {
    case 'num': return numTex(e.value);
    case 'sym': return { s: latexName(e.name), p: ATOM };
    case 'index': return { s: `${latexName(e.name)}_{[${e.index}]}`, p: ATOM };
    case 'unary': {
      const a = render(e.arg);
      const op = e.op === '-' ? '-' : '\\lnot ';
      return { s: op + wrap(a, a.p < UNARY || (e.op === '-' && a.s.startsWith('-'))), p: UNARY };
    }
    case 'binary': {
      if (e.op === '/') return { s: `\\frac{${render(e.left).s}}{${render(e.right).s}}`, p: GROUPED };
      if (e.op === '^') return power(e.left, e.right);
      const p = PREC[e.op];
      const l = render(e.left), r = render(e.right);
      const cmp = p === 3;
      const lNeed = cmp ? l.p <= p : l.p < p;
      // a + (b + c) and a * (b * c) read the same without parentheses; a - (b - c) does not.
      const assoc = (e.op === '+' || e.op === '*' || e.op === '&&' || e.op === '||') && r.p === p &&
        ((e.right.kind === 'binary' && e.right.op === e.op) || e.right.kind === 'num');
      const rNeed = (r.p <= p && !assoc) || r.s.startsWith('-');
      const op = e.op === '*' ? '\\cdot' : OP_TEX[e.op] as string;
      return { s: `${wrap(l, lNeed)} ${op} ${wrap(r, rNeed)}`, p };
    }
    case 'call': return call(e.fn, e.args);
  }
}

/** The expression as LaTeX math (no surrounding $). */
export function toLatex(e: Expr): string {
  return render(e).s;
}
