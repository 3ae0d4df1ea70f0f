/**
 * Guard rails: where a run's shown results lie outside what its model was checked against data.
 * Browser-safe: the validated domain is passed in as the text of the model's generated
 * `calibration/validated-domain.md` (the CLI reads the file; the web can bundle it), so there is one
 * source. Returns plain sentences; the CLI prints each as a "warning:" line.
 */
import type { DoseRecord } from '../model/dosing.js';

/** Scenario class → outputs checked against at least one study (from the first table of validated-domain.md). */
export type ValidatedDomain = Map<string, Set<string>>;

/** Parses the class × output table of a validated-domain.md ("–" = not checked). */
export function parseValidatedDomain(md: string): ValidatedDomain {
  const out: ValidatedDomain = new Map();
  let header: string[] | undefined;
  for (const line of md.split('\n')) {
    if (!line.startsWith('|')) { if (header && out.size) break; continue; }
    const cells = line.split('|').slice(1, -1).map((c) => c.trim());
    if (!header) { if (cells[0] === 'class') header = cells; continue; }
    if (cells.every((c) => /^-+$/.test(c))) continue;
    const checked = new Set<string>();
    cells.slice(1).forEach((c, i) => { if (c !== '–' && c !== '-' && c !== '') checked.add(header![i + 1]); });
    out.set(cells[0], checked);
  }
  return out;
}

/** The heading of validated-domain.md's table of the studies per class and output (written by the calibration, read here). */
export const STUDIES_HEADING = '## Per class and output: the studies';

/** The heading of validated-domain.md's table of the checks the model fails (written by the calibration, read here). */
export const FAILING_HEADING = '## Checks the model fails at its own parameter values';

/** The body rows (cells) of the first table under `heading` in a Markdown document; none when the heading is absent. */
function tableUnder(md: string, heading: string): string[][] {
  const at = md.indexOf(heading);
  if (at < 0) return [];
  const rows: string[][] = [];
  let inTable = false;
  for (const line of md.slice(at + heading.length).split('\n')) {
    if (!line.startsWith('|')) { if (inTable) break; continue; }
    const header = !inTable;
    inTable = true;
    const c = line.split('|').slice(1, -1).map((x) => x.trim());
    if (header || c.every((x) => /^-+$/.test(x))) continue;
    rows.push(c);
  }
  return rows;
}

/** The checks of one class × output cell of the validated domain that the model fails. */
export interface FailingChecks {
  /** The failing measurements, as "study/arm/measurement (split)". */
  failing: string[];
  /** How many checks (quantitative and qualitative) the cell has in all. */
  checks: number;
}

/** Scenario class → output → the checks of that cell the model fails at its own parameter values. */
export type ValidatedFailures = Map<string, Map<string, FailingChecks>>;

/** Parses the table under FAILING_HEADING of a validated-domain.md (empty when it has none). */
export function parseValidatedFailures(md: string): ValidatedFailures {
  const out: ValidatedFailures = new Map();
  for (const c of tableUnder(md, FAILING_HEADING)) {
    if (c[0] === '–') continue;
    const failing = c[4].split(/,\s*(?=[a-z0-9_-]+\/)/i).map((x) => x.trim()).filter(Boolean);
    const byOutput = out.get(c[0]) ?? new Map<string, FailingChecks>();
    byOutput.set(c[1], { failing, checks: Number(c[3]) });
    out.set(c[0], byOutput);
  }
  return out;
}

/** Output → the ids of the studies that checked it in any class (the table under STUDIES_HEADING of a validated-domain.md). */
export function parseValidatedStudies(md: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const c of tableUnder(md, STUDIES_HEADING)) {
    const ids = c[4].split(',').map((x) => x.trim().replace(/\s*\(.*\)$/, '')).filter(Boolean);
    out.set(c[1], [...new Set([...(out.get(c[1]) ?? []), ...ids])]);
  }
  return out;
}

/** What a guard needs of a run: its model, scenario doses and the outputs shown. */
export interface GuardedRun {
  /** The model's id. */
  modelId: string;
  /** The scenario's doses (target and amount), which the guard rails check. */
  scenario: {
    /** The dose records' targets and amounts. */
    doses: readonly Pick<DoseRecord, 'cmt' | 'amt'>[];
  };
}

const num = (v: unknown): number | undefined => {
  if (typeof v === 'number') return v;
  if (typeof v !== 'string') return undefined;
  const m = /^\s*([-+]?\d*\.?\d+(?:e[-+]?\d+)?)/i.exec(v);
  return m ? Number(m[1]) : undefined;
};
const rec = (v: unknown): Record<string, unknown> => (typeof v === 'object' && v !== null && !Array.isArray(v) ? v as Record<string, unknown> : {});

/**
 * The scenario classes of human-mg-bone: the data types of studies/README.md (a data type written
 * "class (note)" belongs to the class before the parenthesis). Every class of the study library must
 * be one of these, or its evidence would never reach a run's warnings (test/simulate/guards.test.ts).
 */
export const HUMAN_SCENARIO_CLASSES = ['depletion', 'absorption', 'IV kinetics', 'supplementation', 'drugs', 'CKD', 'menopause',
  'intake–bone', 'inflammation', 'conditions'] as const;

/** The scenario class of a studies/README.md data type: the text before a parenthesised note. */
export function scenarioClassOf(dataType: string): string {
  const i = dataType.indexOf(' (');
  return (i >= 0 ? dataType.slice(0, i) : dataType).trim();
}

/**
 * The scenario classes of studies/README.md a human-mg-bone scenario falls in, read from its input
 * (diet, supplements, conditions, IV doses). Empty when it resembles none (a baseline). Absorption and
 * inflammation are never inferred from an input (they are measured in scenarios of the other classes).
 */
export function humanScenarioClasses(input: Record<string, unknown>, run: GuardedRun): string[] {
  const classes: string[] = [];
  const dietMg = num(rec(input.diet).Mg);
  const cond = rec(input.conditions);
  if (run.scenario.doses.some((d) => d.cmt === 'Mg_iv' && d.amt > 0)) classes.push('IV kinetics');
  // the model's reference intake is 325 mg/d: a diet near it is a baseline, not an intake change
  if (dietMg !== undefined && dietMg < 100) classes.push('depletion');
  else if (dietMg !== undefined && (dietMg < 300 || dietMg > 350)) classes.push('intake–bone');
  if (Array.isArray(input.supplements) && input.supplements.length > 0) classes.push('supplementation');
  const egfr = num(cond.eGFR);
  if (egfr !== undefined && egfr < 60) classes.push('CKD');
  if (cond.postmenopausal === true) classes.push('menopause');
  if (['PPI', 'thiazide', 'loop_diuretic', 'alcohol', 'type2_diabetes'].some((k) => cond[k] === true)) classes.push('conditions');
  if (run.scenario.doses.some((d) => /^(TERISC|DENSC|TERI|DEN)/.test(d.cmt) && d.amt > 0)) classes.push('drugs');
  return classes;
}

/**
 * Warnings for a run: shown outputs its model was never checked against data (in any class, or in
 * the scenario's class), shown outputs whose checks in the scenario's class the model fails
 * (`failures`, from the same document), and known failures of published modules (openbonemin's BMD
 * under teriparatide). `shown` are the outputs the user sees (summary, plot).
 */
export function domainWarnings(run: GuardedRun, input: Record<string, unknown>, shown: readonly string[], domain?: ValidatedDomain, failures?: ValidatedFailures): string[] {
  const out: string[] = [];
  const teriparatide = run.scenario.doses.some((d) => d.cmt === 'TERISC' && d.amt > 0);
  if (run.modelId === 'openbonemin' && teriparatide) {
    const bmd = shown.filter((o) => /^BMD/.test(o));
    out.push(`openbonemin under teriparatide: the published BMD module lowers BMD with daily teriparatide, where trials show a rise (Neer 2001: lumbar spine +9.7 % at 21 months); BMD under teriparatide (${bmd.length ? bmd.join(', ') : 'its BMD outputs'}) is outside what the model was checked against (human-mg-bone was checked against Neer 2001)`);
  }
  if (domain && domain.size > 0) {
    const everChecked = new Set([...domain.values()].flatMap((s) => [...s]));
    const never = shown.filter((o) => !everChecked.has(o));
    if (never.length) out.push(`${never.join(', ')}: not checked against any data for ${run.modelId} (outside its validated domain; see its calibration/validated-domain.md)`);
    if (run.modelId === 'human-mg-bone') {
      for (const cls of humanScenarioClasses(input, run)) {
        const checked = domain.get(cls);
        if (!checked) continue;
        const notHere = shown.filter((o) => everChecked.has(o) && !checked.has(o));
        if (notHere.length) out.push(`${notHere.join(', ')}: checked against data, but not in scenarios of the class "${cls}" that this run resembles (validated-domain.md)`);
        for (const o of shown) {
          const f = failures?.get(cls)?.get(o);
          if (f && f.failing.length) out.push(`${o}: in scenarios of the class "${cls}" the model fails ${f.failing.length} of its ${f.checks} checks at its own parameter values (${f.failing.join(', ')}; validated-domain.md)`);
        }
      }
    }
  }
  return out;
}
