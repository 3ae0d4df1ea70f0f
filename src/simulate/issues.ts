/**
 * Input problems reported all at once, each with a path into the input (after zod):
 * `doses[2].amt: "20 mg" is not a valid amount for cmt TERISC (expects a mass)`.
 */

export type IssuePath = (string | number)[];

export interface InputIssue {
  path: IssuePath;
  message: string;
}

export function formatPath(path: IssuePath): string {
  let s = '';
  for (const p of path) {
    if (typeof p === 'number') s += `[${p}]`;
    else s += s === '' ? p : `.${p}`;
  }
  return s === '' ? '(scenario)' : s;
}

export function formatIssues(issues: readonly InputIssue[]): string {
  return issues.map((i) => `${formatPath(i.path)}: ${i.message}`).join('\n');
}

/** Thrown when input is invalid; carries every issue. Never shown as a stack trace by the CLI. */
export class InputError extends Error {
  constructor(public readonly issues: InputIssue[], public readonly what = 'scenario') {
    super(`invalid ${what}:\n${formatIssues(issues)}`);
    this.name = 'InputError';
  }
}

/** Levenshtein distance, for did-you-mean suggestions. */
export function editDistance(a: string, b: string): number {
  const al = a.toLowerCase(), bl = b.toLowerCase();
  const m = al.length, n = bl.length;
  let prev = new Array<number>(n + 1);
  let cur = new Array<number>(n + 1);
  for (let j = 0; j <= n; j++) prev[j] = j;
  for (let i = 1; i <= m; i++) {
    cur[0] = i;
    for (let j = 1; j <= n; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (al[i - 1] === bl[j - 1] ? 0 : 1));
    }
    [prev, cur] = [cur, prev];
  }
  return prev[n];
}

/** " (did you mean 'x'?)" or "" when nothing is close. */
export function didYouMean(name: string, candidates: Iterable<string>): string {
  let best = '', bestD = Infinity;
  for (const c of candidates) {
    const d = editDistance(name, c);
    if (d < bestD) { bestD = d; best = c; }
  }
  const limit = Math.max(2, Math.floor(name.length / 3));
  return bestD <= limit ? ` (did you mean '${best}'?)` : '';
}
