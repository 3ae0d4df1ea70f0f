/**
 * Compiles the IVP test set's vector-field format ({ n, rhs: string[], parameters }) into one
 * generated RHS `f(t, y, dy)` and an analytic Jacobian `jac(t, y, J)` (symbolic differentiation
 * with simplification; only structurally non-zero entries are computed). Parameter values are
 * inlined as literals, so constant factors fold at compile time.
 */
import type { RhsFn, JacFn } from '../../solver/types.js';
import type { Expr, Leaf } from './ast.js';
import { walk } from './ast.js';
import { ExprErrors, didYouMean, type Issue } from './errors.js';
import { tryParse } from './parse.js';
import { diff } from './diff.js';
import { num, ZERO, ONE, isZero, canonical } from './simplify.js';
import { mapLeaves } from './ast.js';
import { JsEmitter, buildFunction } from './codegen.js';

/** A vector field given as expression strings: its dimension, the right-hand sides and optional parameters. */
export interface VectorFieldSpec {
  /** Number of components. */
  n: number;
  /** rhs[i] is dy[i]/dt, in terms of y[0..n-1], parameter names and t. */
  rhs: readonly string[];
  /** Values of the parameter names the right-hand sides use. */
  parameters?: Readonly<Record<string, number>>;
}

/** A vector field compiled from expression strings: dimension, right-hand side and Jacobian. */
export interface CompiledVectorField {
  /** Number of components. */
  readonly n: number;
  /** The right-hand side f(t, y, dy). */
  readonly f: RhsFn;
  /** The analytic Jacobian, dense row-major, J[i·n + j] = ∂f_i/∂y_j. */
  readonly jac: JacFn;
  /** Row-major sparsity: pattern[i] lists the j with d f_i / d y_j not identically zero. */
  readonly pattern: readonly (readonly number[])[];
  /** The generated sources (for inspection and debugging). */
  readonly source: {
    /** The right-hand side's generated code. */
    readonly f: string;
    /** The Jacobian's generated code. */
    readonly jac: string;
  };
}

/** Throws ExprErrors listing every problem (syntax, unknown symbols, indices, counts, values). */
export function compileVectorField(spec: VectorFieldSpec): CompiledVectorField {
  const issues: Issue[] = [];
  const { n, rhs } = spec;
  const params = spec.parameters ?? {};
  if (!Number.isInteger(n) || n < 1) issues.push({ code: 'invalid-value', path: ['n'], message: `n must be a positive integer, got ${String(n)}` });
  if (!Array.isArray(rhs)) {
    issues.push({ code: 'invalid-value', path: ['rhs'], message: 'rhs must be an array of expression strings' });
    throw new ExprErrors(issues, 'vector field');
  }
  if (Number.isInteger(n) && rhs.length !== n) {
    issues.push({ code: 'count', path: ['rhs'], message: `rhs has ${rhs.length} expressions but n = ${n}: one per component is needed` });
  }
  for (const [name, v] of Object.entries(params)) {
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      issues.push({ code: 'non-finite', path: ['parameters', name], message: `parameter '${name}' must be a finite number, got ${String(v)}` });
    }
    if (name === 't' || name === 'y') issues.push({ code: 'reserved', path: ['parameters', name], message: `'${name}' is reserved (time / state vector) and cannot be a parameter` });
  }
  const names = [...Object.keys(params), 't'];
  const exprs: Expr[] = [];
  rhs.forEach((text, i) => {
    if (typeof text !== 'string') {
      issues.push({ code: 'invalid-value', path: ['rhs', i], message: `rhs[${i}] must be a string, got ${typeof text}` });
      return;
    }
    const r = tryParse(text);
    for (const s of r.issues) issues.push({ code: s.code, path: ['rhs', i, s.pos], message: `rhs[${i}]: ${s.message} (column ${s.pos + 1} of '${text}')` });
    if (!r.expr) return;
    walk(r.expr, (node) => {
      const at = node.span ? ` (column ${node.span.start + 1})` : '';
      const pathOf = (): (string | number)[] => ['rhs', i, node.span?.start ?? 0];
      if (node.kind === 'sym' && !(node.name in params) && node.name !== 't') {
        const hint = node.name === 'y' ? ": the state is indexed, y[0] .. y[n-1]" : didYouMean(node.name, names);
        issues.push({ code: 'unknown-symbol', path: pathOf(), message: `rhs[${i}]: unknown symbol '${node.name}'${at}${hint}` });
      } else if (node.kind === 'index') {
        if (node.name !== 'y') {
          issues.push({ code: 'unknown-symbol', path: pathOf(), message: `rhs[${i}]: only the state y can be indexed, found '${node.name}[${node.index}]'${at}` });
        } else if (Number.isInteger(n) && node.index >= n) {
          issues.push({ code: 'index-range', path: pathOf(), message: `rhs[${i}]: y[${node.index}] is out of range${at}: indices are 0 .. ${n - 1}` });
        }
      }
    });
    exprs[i] = r.expr;
  });
  if (issues.length) throw new ExprErrors(issues, 'vector field');

  // Inline parameter values so that constant subexpressions fold.
  const inlined = exprs.map((e) => canonical(mapLeaves(e, (leaf) => (leaf.kind === 'sym' && leaf.name in params ? num(params[leaf.name]) : leaf))));
  const leafCode = (leaf: Leaf): string => (leaf.kind === 'index' ? `y[${leaf.index}]` : leaf.name);

  const fe = new JsEmitter(leafCode);
  fe.countUses(inlined);
  inlined.forEach((e, i) => fe.line(`dy[${i}] = ${fe.expr(e)};`));
  const f = buildFunction<RhsFn>('f', ['t', 'y', 'dy'], fe);

  const pattern: number[][] = [];
  const entries: { i: number; j: number; d: Expr }[] = [];
  inlined.forEach((e, i) => {
    const deps = new Set<number>();
    walk(e, (node) => { if (node.kind === 'index') deps.add(node.index); });
    const row: number[] = [];
    for (const j of [...deps].sort((a, b) => a - b)) {
      const d = diff(e, (leaf) => (leaf.kind === 'index' && leaf.index === j ? ONE : ZERO));
      if (isZero(d)) continue;
      row.push(j);
      entries.push({ i, j, d });
    }
    pattern.push(row);
  });
  const je = new JsEmitter(leafCode);
  je.countUses(entries.map((x) => x.d));
  // The contract says every entry is overwritten: zeros by one fill (a memset), then the non-zeros.
  const dense = entries.length === n * n;
  if (!dense) je.line('J.fill(0);');
  for (const { i, j, d } of entries) je.line(`J[${i * n + j}] = ${je.expr(d)};`);
  const jac = buildFunction<JacFn>('jac', ['t', 'y', 'J'], je);

  return { n, f: f.fn, jac: jac.fn, pattern, source: { f: f.source, jac: jac.source } };
}
