/**
 * PEtab's tables: tab-separated text with a header row. Rows keep their line numbers so that every
 * problem can name file, line and column. Blank lines are skipped; a trailing '\r' (Windows line
 * ends) is dropped; cells are trimmed.
 */

/** One data row: its 1-based line number in the file and its cells by column name ('' when absent). */
export interface TsvRow {
  line: number;
  get(column: string): string;
}

export interface TsvTable {
  file: string;
  columns: string[];
  rows: TsvRow[];
}

/** A problem of a PEtab file: the file, and where known its line and column. */
export interface PetabIssue {
  /** The file the problem is in (as the problem file names it). */
  file: string;
  /** The 1-based line of the table, when the problem is in one row. */
  line?: number;
  /** The column (or, in the problem file, the key) the problem is in. */
  column?: string;
  /** What is wrong and what is allowed. */
  message: string;
}

/** Parses one table; problems (no header, duplicated column, a row with more cells than the header) go to `issues`. */
export function parseTsv(text: string, file: string, issues: PetabIssue[]): TsvTable {
  const lines = text.replace(/^\uFEFF/, '').split('\n');
  let h = 0;
  while (h < lines.length && lines[h].trim() === '') h++;
  if (h >= lines.length) {
    issues.push({ file, message: 'the table is empty (no header row)' });
    return { file, columns: [], rows: [] };
  }
  const columns = lines[h].replace(/\r$/, '').split('\t').map((c) => c.trim());
  const index = new Map<string, number>();
  columns.forEach((c, i) => {
    if (c === '') issues.push({ file, line: h + 1, message: `column ${i + 1} of the header has no name` });
    else if (index.has(c)) issues.push({ file, line: h + 1, column: c, message: `column '${c}' appears twice in the header` });
    else index.set(c, i);
  });
  const rows: TsvRow[] = [];
  for (let k = h + 1; k < lines.length; k++) {
    const raw = lines[k].replace(/\r$/, '');
    if (raw.trim() === '') continue;
    const cells = raw.split('\t').map((c) => c.trim());
    if (cells.length > columns.length && cells.slice(columns.length).some((c) => c !== '')) {
      issues.push({ file, line: k + 1, message: `${cells.length} cells, but the header has ${columns.length} columns` });
    }
    rows.push({ line: k + 1, get: (c) => { const i = index.get(c); return i === undefined ? '' : cells[i] ?? ''; } });
  }
  return { file, columns, rows };
}

/** PEtab numbers: decimal or exponent notation, inf/-inf (any case), nan. Undefined when the text is not a number. */
export function petabNumber(text: string): number | undefined {
  const t = text.trim().toLowerCase();
  if (t === 'inf' || t === '+inf' || t === 'infinity') return Infinity;
  if (t === '-inf' || t === '-infinity') return -Infinity;
  if (t === 'nan') return NaN;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/.test(t)) return undefined;
  return Number(t);
}

/** "file, line 5, column 'time': message" (the parts that are known). */
export function formatPetabIssue(i: PetabIssue): string {
  return `${i.file}${i.line !== undefined ? `, line ${i.line}` : ''}${i.column !== undefined ? `, column '${i.column}'` : ''}: ${i.message}`;
}
