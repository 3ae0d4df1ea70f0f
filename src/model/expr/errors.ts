/**
 * Problems found in expressions and models. Every check reports all its issues at once, each with
 * a path to the offending place (zod style): ['rhs', 3] or
 * ['models/peterson-riggs-2010', 'states', 'PTH', 'ode', 17] (the last element a character offset).
 */

/**
 * One problem found in an expression or a model spec: a machine-readable `code` ('syntax',
 * 'unknown-symbol', 'unit-mismatch', …), the path to the offending place (e.g.
 * ['states', 'PTH', 'ode', 17], the last element a character offset) and a message naming the
 * place, the value and what is allowed. `checkModel` returns all of them at once; `ModelInputError`
 * carries them.
 */
export interface Issue {
  /** Machine-readable kind: 'syntax', 'unknown-symbol', 'unit-mismatch', ... */
  readonly code: string;
  /** Where: keys and indices from the root (the last a character offset in an expression). */
  readonly path: readonly (string | number)[];
  /** Names the place, the value and what is allowed. */
  readonly message: string;
}

/** A syntax problem in one expression; `pos` is the 0-based character offset. */
export interface SyntaxIssue {
  /** The kind: `syntax` (malformed text), `unknown-function` or `arity` (wrong number of arguments). */
  readonly code: 'syntax' | 'unknown-function' | 'arity';
  /** The character offset in the text (0-based). */
  readonly pos: number;
  /** What is wrong. */
  readonly message: string;
}

/** Thrown by `parse` on invalid text; lists every problem the parser could find. */
export class ExprSyntaxError extends Error {
  constructor(readonly text: string, readonly problems: readonly SyntaxIssue[]) {
    super(problems.map((p) => `${p.message} (at column ${p.pos + 1} of '${text}')`).join('; '));
    this.name = 'ExprSyntaxError';
  }
  /** Offset of the first problem. */
  get pos(): number {
    return this.problems[0]?.pos ?? 0;
  }
}

/** Thrown by the compilers; `issues` lists every problem found, message summarises them. */
export class ExprErrors extends Error {
  /**
   * @param issues Every problem found, each with its code and path.
   * @param what What was checked, for the message.
   */
  constructor(readonly issues: readonly Issue[], what = 'expressions') {
    super(`${issues.length} problem${issues.length === 1 ? '' : 's'} in ${what}:\n` +
      issues.map((i) => `  ${formatPath(i.path)}: ${i.message}`).join('\n'));
    this.name = 'ExprErrors';
  }
}

/** ['states', 'PTH', 'ode'] -> "states.PTH.ode"; numbers print as [3]. */
export function formatPath(path: readonly (string | number)[]): string {
  let s = '';
  for (const p of path) s += typeof p === 'number' ? `[${p}]` : (s ? '.' : '') + p;
  return s;
}

export { editDistance, didYouMean } from '../../core/issues.js';
