/**
 * The documentation of a model, generated from its spec (the data is the single source: every
 * parameter's value, unit, description and source, every equation, every switch's evidence).
 * Output is GitHub-flavoured Markdown with LaTeX math ($…$ and $$…$$ blocks).
 */
import type { ModelSpec, Reference } from './spec.js';
import type { Expr } from './expr/ast.js';
import { walk } from './expr/ast.js';
import { FUNCTIONS, type UnitRule } from './expr/functions.js';
import { toLatex, latexName } from './latex.js';
import { analyzeModel, listUncheckedQuantities, ModelInputError, UNIT_RULES, type ParsedModel, type UncheckedQuantity } from './check.js';

/** Markdown text: no raw HTML, and no '$' that would open a formula. */
const text = (s: string): string => s.replace(/</g, '&lt;').replace(/\$/g, '\\$');
/** Markdown table cell text: no newlines (pipes are escaped by `table`). */
export function cell(s: string): string {
  return text(s.replace(/\r?\n/g, ' '));
}
const code = (s: string): string => '`' + s.replace(/`/g, "'") + '`';
const math = (tex: string): string => `$${tex}$`;

export const refAnchor = (id: string): string => `ref-${id.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
/** Parentheses would end a Markdown link target early. */
const linkTarget = (url: string): string => encodeURI(url).replace(/\(/g, '%28').replace(/\)/g, '%29');
/** The resolver URL of a DOI (`https://doi.org/…`), escaped for a Markdown link target. */
export const doiUrl = (doi: string): string => linkTarget(`https://doi.org/${doi.trim()}`);
/** The PubMed URL of a PMID (`https://pubmed.ncbi.nlm.nih.gov/<pmid>/`). */
export const pubmedUrl = (pmid: string): string => `https://pubmed.ncbi.nlm.nih.gov/${encodeURIComponent(pmid.trim())}/`;

/**
 * A source string as Markdown: "ref:id where" -> a link to the reference list plus where;
 * "doi:…" and "pmid:…" -> links; "fitted:", "assumed:", "derived:" -> labelled in italics.
 */
export function renderSource(source: string, references: readonly Reference[]): string {
  const s = source.trim();
  const ref = /^ref:(\S+)\s*(.*)$/s.exec(s);
  if (ref) {
    const r = references.find((x) => x.id === ref[1]);
    const where = ref[2] ? ` ${text(ref[2])}` : '';
    return r ? `[${ref[1]}](#${refAnchor(r.id)})${where}` : `ref:${text(ref[1])} (not in the reference list)${where}`;
  }
  const doi = /^doi:\s*(\S+)\s*(.*)$/s.exec(s);
  if (doi) return `[doi:${text(doi[1])}](${doiUrl(doi[1])})${doi[2] ? ` ${text(doi[2])}` : ''}`;
  const pmid = /^pmid:\s*(\d+)\s*(.*)$/is.exec(s);
  if (pmid) return `[PMID ${pmid[1]}](${pubmedUrl(pmid[1])})${pmid[2] ? ` ${text(pmid[2])}` : ''}`;
  const kind = /^(fitted|assumed|derived):\s*(.*)$/s.exec(s);
  if (kind) return `*${kind[1]}:* ${linkRefs(kind[2], references)}`;
  return linkRefs(s, references);
}

/** Free text with "ref:<id>" mentions of known references turned into links. */
function linkRefs(s: string, references: readonly Reference[]): string {
  return text(s).replace(/\bref:([A-Za-z0-9_.-]*[A-Za-z0-9_])/g, (m, id: string) =>
    (references.some((r) => r.id === id) ? `[${id}](#${refAnchor(id)})` : m));
}

function renderReference(r: Reference): string {
  const links: string[] = [];
  if (r.doi) links.push(`[doi:${text(r.doi)}](${doiUrl(r.doi)})`);
  if (r.pmid) links.push(`[PMID ${text(r.pmid)}](${pubmedUrl(r.pmid)})`);
  if (r.url) links.push(`<${r.url}>`);
  return `- <a id="${refAnchor(r.id)}"></a>**${text(r.id)}**: ${text(r.citation)}${links.length ? ' ' + links.join(' · ') : ''}`;
}

/** A Markdown table; a '|' inside a cell (from a description or a source) is escaped. */
function table(head: string[], rows: string[][]): string[] {
  const esc = (c: string): string => c.replace(/(?<!\\)\|/g, '\\|');
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.map(esc).join(' | ')} |`)];
}

const unitCell = (u: string): string => (u.trim() === '?' ? '? (unchecked)' : code(u));

/** Functions of the language used in the given expressions, in table order. */
function functionsUsed(exprs: Iterable<Expr>): string[] {
  const used = new Set<string>();
  for (const e of exprs) walk(e, (n) => { if (n.kind === 'call') used.add(n.fn); });
  return [...FUNCTIONS.keys()].filter((f) => used.has(f));
}

/** What each unit rule of the function table means, in words (typed: a new rule must be described). */
const UNIT_RULE_WORDS: Record<UnitRule, string> = {
  dimensionless: 'argument and result dimensionless',
  sqrt: 'result in the square root of the argument\'s unit',
  pow: 'exponent dimensionless (constant when the base has a unit)',
  same: 'arguments and result share one unit',
  piecewise: 'values share the result\'s unit; conditions are truth values',
  hill: 'x and K share a unit, n dimensionless; result dimensionless',
};

/** The function table of the expression language (for the modelling-language guide). */
export function functionTableMarkdown(): string {
  const rows = [...FUNCTIONS.values()].map((f) => [code(f.signature), cell(f.meaning), cell(UNIT_RULE_WORDS[f.units])]);
  return table(['Function', 'Meaning', 'Units'], rows).join('\n');
}

/** The unit rules of the checker as a Markdown list (for the modelling-language guide). */
export function unitRulesMarkdown(): string {
  return UNIT_RULES.map((r) => `- ${text(r)}`).join('\n');
}

/** The parsed model, or ModelInputError with every issue: docs and SBML are made only of models that compile. */
export function parsedOrThrow(spec: ModelSpec): ParsedModel {
  const a = analyzeModel(spec);
  if (a.issues.length) throw new ModelInputError(a.issues, `model '${spec.id}'`);
  return a.parsed;
}

/** "parameter `kin`", "the ODE of `R`", … for the list of unchecked quantities. */
export function uncheckedLabel(q: UncheckedQuantity, quote: (s: string) => string = code): string {
  switch (q.kind) {
    case 'ode': return `the ODE of ${quote(q.name)}`;
    case 'initial': return `the initial value of ${quote(q.name)}`;
    case 'bioavailability': return `the bioavailability of dose target ${quote(q.name)}`;
    default: return `${q.kind} ${quote(q.name)}`;
  }
}

/** Bounds for people: "(0, ∞)" for strictly positive (lower bound the smallest double), "[0, 1]"… */
function boundsText([lo, hi]: [number, number]): string {
  const l = lo === Number.MIN_VALUE ? '(0' : `[${lo === -Infinity ? '−∞' : lo}`;
  const h = hi === Infinity ? '∞)' : `${hi}]`;
  return `${l}, ${h}`;
}

/**
 * A model's documentation as Markdown: description, references, states, the equations (ODEs and
 * assignment rules, in LaTeX), observables, parameters (value, unit, bounds, source), constraints,
 * pathway switches with their evidence, dose targets, assumptions and the quantities whose units
 * are not checked, every source linked to its reference. `docs/models/` holds it for every shipped model (generated;
 * a test fails when stale). Throws ModelInputError (all issues) when the model does not check.
 */
export function modelDocs(spec: ModelSpec): string {
  const parsed = parsedOrThrow(spec);
  const refs = spec.references;
  const src = (s: string | undefined): string => (s ? renderSource(s, refs) : '');
  const primary = refs[0] ? `ref:${refs[0].id}` : undefined;
  const out: string[] = [];
  const blank = (): void => { out.push(''); };

  out.push(`# ${text(spec.name)}`, '', text(spec.description.trim()), '');
  out.push(...table(['', ''], [
    ['Model id', code(spec.id)],
    ['Version', cell(spec.version)],
    ['Species', cell(spec.species)],
    ['Time unit', code(spec.timeUnit)],
    ['Size', `${Object.keys(spec.states).length} states, ${Object.keys(spec.parameters).length} parameters, ` +
      `${Object.keys(spec.rules).length} assignment rules, ${Object.keys(spec.observables).length} observables`],
  ]));
  blank();

  out.push('## References', '');
  if (refs.length) out.push(...refs.map(renderReference));
  else out.push('None given.');
  blank();

  out.push('## States', '');
  out.push(...table(['Name', 'Symbol', 'Unit', 'Initial value', 'Description', 'Source'],
    Object.entries(spec.states).map(([name, s]) => {
      const init = parsed.initials.get(name);
      return [code(name), math(latexName(name)), unitCell(s.unit),
        typeof init === 'object' ? math(toLatex(init)) : String(s.initial), cell(s.description), src(s.source ?? primary)];
    })));
  blank();

  out.push('## Equations', '', `Time $t$ is in ${code(spec.timeUnit)}.`, '');
  out.push('### Differential equations', '');
  for (const [name, e] of parsed.odes) out.push(`$$\\frac{d\\,${latexName(name)}}{dt} = ${toLatex(e)}$$`, '');
  if (parsed.rules.size) {
    out.push('### Assignment rules', '', 'Evaluated before the differential equations, in dependency order.', '');
    for (const [name, e] of parsed.rules) {
      const r = spec.rules[name];
      const source = r.source ? ` (${src(r.source)})` : '';
      out.push(`${code(name)} [${unitCell(r.unit)}]: ${text(r.description)}${source}`, '', `$$${latexName(name)} = ${toLatex(e)}$$`, '');
    }
  }
  const initials = [...parsed.initials.values()].filter((x): x is Expr => typeof x === 'object');
  const fns = functionsUsed([...parsed.odes.values(), ...parsed.rules.values(), ...parsed.observables.values(), ...initials]);
  if (fns.length) {
    out.push('Functions used:', '');
    for (const f of fns) {
      const info = FUNCTIONS.get(f)!;
      out.push(`- ${code(info.signature)}: ${text(info.meaning)}`);
    }
    blank();
  }

  if (parsed.observables.size) {
    out.push('## Observables', '');
    for (const [name, e] of parsed.observables) {
      const o = spec.observables[name];
      out.push(`${code(name)} [${unitCell(o.unit)}]: ${text(o.description)}`, '', `$$${latexName(name)} = ${toLatex(e)}$$`, '');
    }
  }

  out.push('## Parameters', '');
  const withBounds = Object.values(spec.parameters).some((p) => p.bounds);
  out.push(...table(['Name', 'Symbol', 'Value', 'Unit', ...(withBounds ? ['Allowed range'] : []), 'Description', 'Source'],
    Object.entries(spec.parameters).map(([name, p]) => [
      code(name), math(latexName(name)), String(p.value), unitCell(p.unit),
      ...(withBounds ? [p.bounds ? boundsText(p.bounds) : ''] : []),
      cell(p.description), src(p.source),
    ])));
  blank();

  if (parsed.constraints.size) {
    out.push('## Constraints', '', 'Conditions every valid parameter set satisfies; a change of parameters or switches that breaks one is rejected.', '');
    for (const [name, e] of parsed.constraints) {
      const c = spec.constraints![name];
      const source = c.source ? ` (${src(c.source)})` : '';
      out.push(`${code(name)}: ${text(c.description)}${source}`, '', `$$${toLatex(e)}$$`, '');
    }
  }

  const switches = Object.entries(spec.switches ?? {});
  if (switches.length) {
    out.push('## Pathway switches', '', 'In the equations a switch is 1 when on and 0 when off.', '');
    out.push(...table(['Switch', 'Default', 'Evidence', 'Description', 'Sources'],
      switches.map(([name, s]) => [code(name), s.default ? 'on' : 'off', cell(s.evidence), cell(s.description),
        s.sources.map(src).join('; ')])));
    blank();
  }

  const doses = Object.entries(spec.doses ?? {});
  if (doses.length) {
    out.push('## Dose targets', '', 'A bolus adds to the state; an infusion adds to its derivative.', '');
    out.push(...table(['cmt', 'State', 'Amount unit', 'Molar mass (g/mol)', 'Bioavailability', 'Description'],
      doses.map(([cmt, d]) => {
        const f = parsed.bioavailability.get(cmt);
        return [code(cmt), code(d.state), unitCell(d.amountUnit),
          d.molarMass ? `${d.molarMass.value} (${src(d.molarMass.source)})` : '',
          f ? math(toLatex(f)) : '1', cell(d.description)];
      })));
    blank();
  }

  out.push('## Assumptions', '');
  const assumptions = spec.assumptions ?? [];
  out.push(...(assumptions.length ? assumptions.map((a) => `- ${text(a)}`) : ['None stated.']));
  blank();

  out.push('## Quantities with unchecked units', '');
  const unchecked = listUncheckedQuantities(spec);
  if (unchecked.length) {
    out.push('The dimension checker skips these: their source gives no unit (unit "?"), or they use such a quantity.', '');
    out.push(...unchecked.map((q) => `- ${uncheckedLabel(q)}: ${text(q.reason)}`));
  } else {
    out.push('None: every quantity has a unit.');
  }
  blank();
  return out.join('\n');
}
