/**
 * One case of the SBML semantic test suite (sbmlteam/sbml-test-suite, cases/semantic/NNNNN/): its
 * settings (start, duration, steps, variables, absolute and relative tolerance, which species are
 * amounts and which concentrations), its run on the time grid, the result in the suite's CSV layout,
 * and the comparison with the expected results by the suite's criterion: every value within
 * absolute + relative × |expected| of the expected one.
 */
import { importSBML, type SbmlImport } from '../model/sbml/import.js';
import { SbmlReadError } from '../model/sbml/read.js';
import { runSbml, type SbmlRunResult } from './sbml.js';
import type { MethodName } from '../solver/methods/table.js';

/** The settings file of an SBML test-suite case: time span, steps, variables, tolerances and amount/concentration choice. */
export interface CaseSettings {
  /** The first output time. */
  start: number;
  /** Length of the output grid (the last output time is start + duration). */
  duration: number;
  /** Number of output intervals (steps + 1 output times). */
  steps: number;
  /** The SBML ids whose values the case's results list, in column order. */
  variables: string[];
  /** Absolute tolerance of the comparison with the expected results. */
  absolute: number;
  /** Relative tolerance of the comparison with the expected results. */
  relative: number;
  /** Species reported as amounts. */
  amount: string[];
  /** Species reported as concentrations. */
  concentration: string[];
}

/** Parses a `-settings.txt`; throws an Error naming every bad line. */
export function parseSettings(text: string): CaseSettings {
  const kv = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*([A-Za-z]+)\s*:\s*(.*)$/.exec(line);
    if (m) kv.set(m[1].toLowerCase(), m[2].trim());
  }
  const list = (k: string): string[] => (kv.get(k) ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const problems: string[] = [];
  const number = (k: string): number => {
    const v = Number(kv.get(k));
    if (!kv.has(k) || !Number.isFinite(v)) problems.push(`settings: '${k}' is ${kv.has(k) ? `'${kv.get(k)}', not a number` : 'missing'}`);
    return v;
  };
  const s: CaseSettings = {
    start: number('start'), duration: number('duration'), steps: number('steps'), variables: list('variables'),
    absolute: number('absolute'), relative: number('relative'), amount: list('amount'), concentration: list('concentration'),
  };
  if (problems.length) throw new Error(problems.join('\n'));
  return s;
}

/** The outcome of one SBML semantic test-suite case: passed, failed or declined (unsupported feature). */
export type CaseOutcome = 'passed' | 'failed' | 'declined';

/** The result of running one SBML test-suite case: the outcome, the reason and the simulated table. */
export interface CaseResult {
  /** How the case went: passed, failed or declined. */
  outcome: CaseOutcome;
  /** Why declined or failed (first mismatch, or the import's problems). */
  reason: string;
  /** The run, when the model was imported and simulated. */
  run?: SbmlRunResult;
  /** The case's settings. */
  settings: CaseSettings;
  /** Largest |simulated − expected| / (absolute + relative·|expected|): ≤ 1 passes. */
  worst?: number;
}

/** The case's time grid: start + k·duration/steps, k = 0..steps. */
export function caseTimes(s: CaseSettings): number[] {
  return Array.from({ length: s.steps + 1 }, (_, k) => s.start + (k * s.duration) / s.steps);
}

/** Simulates a case's model (SBML text) under its settings. Throws SbmlReadError when the model is declined. */
export function simulateCase(xml: string, s: CaseSettings, method: MethodName = 'bdf', files: Readonly<Record<string, string>> = {}): { imp: SbmlImport; run: SbmlRunResult } {
  const imp = importSBML(xml, { readExternal: (src) => files[src] });
  const run = runSbml(imp, {
    times: caseTimes(s), variables: s.variables, amount: new Set(s.amount), concentration: new Set(s.concentration),
    // tighter than the case asks, so that the solver's error is well inside the comparison's
    rtol: Math.min(s.relative * 1e-3, 1e-8), atol: Math.min(s.absolute * 1e-3, 1e-12), method, maxWallTime: 20,
  });
  return { imp, run };
}

/** The suite's CSV layout: a header `time,<var>,...` and one row per output time. */
export function caseCsv(s: CaseSettings, run: SbmlRunResult): string {
  const lines = [['time', ...s.variables].join(',')];
  for (let k = 0; k < run.times.length; k++) lines.push([run.times[k], ...run.columns.map((c) => c[k])].map(String).join(','));
  return lines.join('\n') + '\n';
}

function parseCsv(text: string): { header: string[]; rows: number[][] } {
  const lines = text.split(/\r?\n/).filter((l) => l.trim());
  const header = lines[0].split(',').map((h) => h.trim());
  const rows = lines.slice(1).map((l) => l.split(',').map((x) => {
    const t = x.trim();
    return t === 'INF' || t === 'inf' ? Infinity : t === '-INF' || t === '-inf' ? -Infinity : Number(t);
  }));
  return { header, rows };
}

/** Runs a case and compares it with the expected results (CSV text); `files`: the case folder's other model files (comp's external model definitions), by name. */
export function runCase(xml: string, settingsText: string, resultsCsv: string, method: MethodName = 'bdf', files: Readonly<Record<string, string>> = {}): CaseResult {
  const settings = parseSettings(settingsText);
  let run: SbmlRunResult;
  try {
    run = simulateCase(xml, settings, method, files).run;
  } catch (e) {
    if (e instanceof SbmlReadError) return { outcome: 'declined', reason: e.problems.join('; '), settings };
    return { outcome: 'failed', reason: `error: ${(e as Error).message.replace(/\s+/g, ' ')}`, settings };
  }
  if (run.code !== 'success') return { outcome: 'failed', reason: `solver: ${run.message.split('\n')[0]}`, run, settings };
  const want = parseCsv(resultsCsv);
  let worst = 0, reason = '';
  for (let v = 0; v < settings.variables.length; v++) {
    const col = want.header.indexOf(settings.variables[v], 1); // column 0 is time, whatever its name
    if (col < 0) continue;
    for (let k = 0; k < want.rows.length && k < run.times.length; k++) {
      const w = want.rows[k][col], g = run.columns[v][k];
      if (Number.isNaN(w) && Number.isNaN(g)) continue;
      if (w === g) continue;
      const r = Math.abs(g - w) / (settings.absolute + settings.relative * Math.abs(w));
      if (!(r <= worst)) {
        worst = Number.isNaN(r) ? Infinity : r;
        if (worst > 1) reason = `${settings.variables[v]} at t=${run.times[k]}: ${g}, expected ${w}`;
      }
    }
  }
  return { outcome: worst <= 1 ? 'passed' : 'failed', reason: worst <= 1 ? '' : reason, run, settings, worst };
}

/** One case of the vendored suite (test/data/sbml-test-suite/cases.json.gz). */
export interface SuiteCase {
  id: string;
  componentTags: string[];
  testTags: string[];
  testType: string;
  synopsis: string;
  level: string | null;
  model?: string;
  settings: string;
  results: string | null;
  /** Other model files of the case folder (external model definitions of comp), by file name. */
  files?: Record<string, string>;
}

/** Runs one vendored case; a case that is not a time course (flux balance) is declined. */
export function runSuiteCase(c: SuiteCase, method: MethodName = 'bdf'): CaseResult & { id: string } {
  if (c.testType !== 'TimeCourse' || !c.model || !c.results) {
    return { id: c.id, outcome: 'declined', reason: `test type ${c.testType} (only time courses are run)`, settings: parseSettings(c.settings) };
  }
  return { id: c.id, ...runCase(c.model, c.settings, c.results, method, c.files ?? {}) };
}
