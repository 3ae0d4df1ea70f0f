/**
 * Input problems reported all at once, each with a path into the input (after zod):
 * `doses[2].amt: "20 mg" is not a valid amount for cmt TERISC (expects a mass)`.
 */

/** The path of an input problem into the input object, e.g. `["doses", 2, "amt"]`. */
export type IssuePath = (string | number)[];

/** One problem of an input: the path into it (e.g. ['doses', 2, 'amt']) and a message naming the value and what is allowed. */
export interface InputIssue {
  /** Where in the input: keys and array indices from the root, e.g. ['doses', 2, 'amt']. */
  path: IssuePath;
  /** What is wrong: the value, what is allowed, and a did-you-mean where one helps. */
  message: string;
}

/** Longest echo of a user's value or key in a message; longer ones are cut in the middle. */
export const MAX_ECHO = 80;

/** Cuts a long text to about `max` characters, keeping its start and end. */
export function truncate(text: string, max = MAX_ECHO): string {
  if (text.length <= max) return text;
  const keep = Math.max(8, max - 20);
  return `${text.slice(0, Math.ceil(keep * 0.75))}…(${text.length} chars)…${text.slice(text.length - Math.floor(keep * 0.25))}`;
}

/** A user's value as JSON for a message, truncated (never throws: cycles and depth give a short form). */
export function showValue(v: unknown, max = MAX_ECHO): string {
  let s: string | undefined;
  try { s = JSON.stringify(v); } catch { s = undefined; }
  if (s === undefined) s = typeof v === 'object' && v !== null ? (Array.isArray(v) ? '[…]' : '{…}') : String(v);
  return truncate(s, max);
}

/**
 * An issue path as people read it: `diet.Mg`, `doses[2].amount`, `(scenario)` for the root; long
 * keys are truncated.
 */
export function formatPath(path: readonly (string | number)[]): string {
  let s = '';
  for (const p of path) {
    if (typeof p === 'number') s += `[${p}]`;
    else s += s === '' ? truncate(p) : `.${truncate(p)}`;
  }
  return s === '' ? '(scenario)' : s;
}

/** Messages are capped (a safety net: values are truncated where they are echoed). */
export function formatIssues(issues: readonly InputIssue[]): string {
  return issues.map((i) => `${formatPath(i.path)}: ${truncate(i.message, 1000)}`).join('\n');
}

/** Thrown when input is invalid; carries every issue. Never shown as a stack trace by the CLI. */
export class InputError extends Error {
  /**
   * @param issues Every problem found, each with its path.
   * @param what What was invalid, for the message ("scenario", "study", "sobol", …).
   */
  constructor(public readonly issues: InputIssue[], public readonly what = 'scenario') {
    super(`invalid ${what}:\n${formatIssues(issues)}`);
    this.name = 'InputError';
  }
}

/** Levenshtein distance ignoring case, for did-you-mean suggestions. */
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

/**
 * " (did you mean 'x'?)" for the closest candidate, or "" when nothing is close: the one
 * did-you-mean of magbone (scenarios, the CLI, the modelling language). A candidate differing only
 * in case wins over any other; otherwise the edit distance (ignoring case) must be at most a third
 * of the name's length, and at least 2.
 */
export function didYouMean(name: string, candidates: Iterable<string>): string {
  let best = '', bestD = Infinity;
  const lower = name.toLowerCase();
  for (const c of candidates) {
    const d = c.toLowerCase() === lower ? (c === name ? 0 : 0.5) : editDistance(name, c);
    if (d < bestD) { bestD = d; best = c; }
  }
  const limit = Math.max(2, Math.floor(name.length / 3));
  return best !== '' && bestD <= limit ? ` (did you mean '${best}'?)` : '';
}
