/**
 * Problems found in expressions and models. Every check reports all its issues at once, each with
 * a path to the offending place (zod style): ['rhs', 3] or
 * ['models/peterson-riggs-2010', 'states', 'PTH', 'ode', 17] (the last element a character offset).
 */

export interface Issue {
  /** Machine-readable kind: 'syntax', 'unknown-symbol', 'unit-mismatch', ... */
  readonly code: string;
  readonly path: readonly (string | number)[];
  /** Names the place, the value and what is allowed. */
  readonly message: string;
}

/** A syntax problem in one expression; `pos` is the 0-based character offset. */
export interface SyntaxIssue {
  readonly code: 'syntax' | 'unknown-function' | 'arity';
  readonly pos: number;
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

/** Levenshtein distance, for did-you-mean hints. */
export function editDistance(a: string, b: string): number {
  const m = a.length, n = b.length;
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  for (let i = 1; i <= m; i++) {
    const cur = [i];
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
    }
    prev = cur;
  }
  return prev[n];
}

/** " (did you mean 'k1'?)" for the closest candidate within a small distance, else "". */
export function didYouMean(name: string, candidates: Iterable<string>): string {
  let best = '', bestD = Infinity;
  const lower = name.toLowerCase();
  for (const c of candidates) {
    const d = c.toLowerCase() === lower ? 0.5 : editDistance(name, c);
    if (d < bestD) { bestD = d; best = c; }
  }
  const limit = Math.max(1, Math.floor(name.length / 3));
  return best && bestD <= limit ? ` (did you mean '${best}'?)` : '';
}
