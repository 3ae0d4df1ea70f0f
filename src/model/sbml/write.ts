/**
 * SBML Level 3 Version 2 Core export of a model spec.
 *
 * Form chosen (and why):
 * - A state whose unit is an amount (mole, gram or item based, e.g. "pmol", "mg", "cell") is a
 *   species with hasOnlySubstanceUnits="true" in one constant compartment of size 1 (unit
 *   dimensionless), with a rateRule: that is how ODE tools (COPASI, tellurium, the BioModels
 *   viewers) show and plot amounts; with hasOnlySubstanceUnits the symbol in every formula is the
 *   amount itself (no division by a volume), and the unit-size compartment keeps any concentration
 *   a tool displays equal to it. Any other state (a concentration, a fraction, unit "?") is a
 *   non-constant parameter with a rateRule: SBML restricts species units to substance units
 *   (validation rule 20608), and a parameter says the same mathematics without that warning. Both
 *   forms read back identically.
 * - Parameters are constant parameters; assignment rules and observables are non-constant
 *   parameters with assignmentRules; switches are constant parameters 1/0 (SBO:0000390, boolean
 *   switch); expression initial values are initialAssignments; t is the csymbol time.
 * - Constraints are SBML constraints (id = the constraint's name) with the condition as MathML and
 *   the description as the XHTML <message>; the source is in the magbone annotation.
 * - hill/hillinv are function definitions, so they read back as themselves; so is fround (rounding to
 *   single precision), whose body is the identity with notes and a magbone annotation saying that
 *   magbone rounds (MathML has no such operation; see mathml.ts).
 * - Units: unitDefinitions built from our unit strings (see units.ts); "?" (and eq, IU) get no
 *   units attribute, and the model notes list them.
 * - What SBML cannot hold (unit strings verbatim, descriptions, sources, bounds, evidence levels,
 *   dose targets, assumptions, which rules are observables) is kept in a magbone annotation
 *   (namespace MAGBONE_NS) on each element and on the model, and described in XHTML notes for people.
 *   `fromSBML` reads it back; tools ignore it. The mathematics is never duplicated there.
 * - SBO terms only where the ontology has a term that fits: model SBO:0000293 (non-spatial
 *   continuous framework), compartment SBO:0000410 (implicit compartment), parameters SBO:0000002
 *   (quantitative systems description parameter), switches SBO:0000390 (boolean switch).
 */
import type { ModelSpec } from '../spec.js';
import type { Expr } from '../expr/ast.js';
import { walk } from '../expr/ast.js';
import { listUncheckedQuantities } from '../check.js';
import { doiUrl, pubmedUrl, parsedOrThrow, uncheckedLabel } from '../docs.js';
import { attrs, escapeText } from './xml.js';
import { mathLines, conditionLines, functionDefinitions, DEFINED_FUNCTIONS, SBML_NS, MAGBONE_NS, DELAY_FN } from './mathml.js';
import { parse as parseExpr } from '../expr/parse.js';
import type { SbmlDelay } from './import.js';
import { toSbmlUnits, unitIdFor } from './units.js';

export { MAGBONE_NS };
const XHTML_NS = 'http://www.w3.org/1999/xhtml';
const RDF_NS = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';
const BQMODEL_NS = 'http://biomodels.net/model-qualifiers/';

/** Options of the SBML writer (the id of its single compartment). */
export interface SbmlOptions {
  /** Id of the single compartment (default "compartment", made unique against the model's names). */
  compartmentId?: string;
  /**
   * The delays of a model imported from SBML (`SbmlImport.delays`, `sbmlDelays` of `import sbml`'s
   * JSON): each rule `rule` is written as the csymbol delay(x, d) again, and its stand-in parameter
   * `value` is left out, so that the file runs its delays as the original did (docs/sbml.md, "Delays").
   */
  delays?: readonly SbmlDelay[];
}

type Lines = string[];
const indent = (ls: Lines, k = 1): Lines => ls.map((l) => '  '.repeat(k) + l);

/** A model id as an SBML SId: "peterson-riggs-2010" -> "peterson_riggs_2010". */
export function sbmlId(id: string): string {
  const s = id.replace(/[^A-Za-z0-9_]/g, '_');
  return /^[A-Za-z_]/.test(s) ? s : `_${s}`;
}

/** True when SBML accepts the unit as a species' substanceUnits: mole, gram or item to the power 1. */
function isSubstance(unit: string): boolean {
  const r = toSbmlUnits(unit);
  return r.units !== undefined && r.units.length === 1 && ['mole', 'gram', 'item'].includes(r.units[0].kind) && r.units[0].exponent === 1;
}

/** Number as an SBML double attribute. */
function dbl(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? 'INF' : '-INF';
  return String(v);
}

function notes(paragraphs: string[]): Lines {
  return ['<notes>', `  <body xmlns="${XHTML_NS}">`, ...paragraphs.map((p) => `    ${p}`), '  </body>', '</notes>'];
}
const p = (s: string): string => `<p>${escapeText(s)}</p>`;

function annotation(inner: Lines): Lines {
  return ['<annotation>', ...indent(inner), '</annotation>'];
}
function mb(tag: string, a: Record<string, string | number | boolean | undefined>, children: Lines = []): Lines {
  const open = `<mb:${tag} xmlns:mb="${MAGBONE_NS}"${attrs(a)}`;
  return children.length ? [`${open}>`, ...indent(children), `</mb:${tag}>`] : [`${open}/>`];
}

/** The model as an SBML Level 3 Version 2 document. Throws ModelInputError (all issues) when the model does not check. */
export function toSBML(spec: ModelSpec, opts: SbmlOptions = {}): string {
  const parsed = parsedOrThrow(spec);
  const names = new Set([...parsed.kinds.keys(), ...parsed.constraints.keys()]);
  let compartment = opts.compartmentId ?? 'compartment';
  while (names.has(compartment) || (DEFINED_FUNCTIONS as readonly string[]).includes(compartment)) compartment += '_';

  // --- units
  const unitDefs: Lines = [];
  const unitIds = new Map<string, string | undefined>();
  const idOwner = new Map<string, string>();
  const unsupported = new Map<string, string>();
  const unitRef = (unit: string): string | undefined => {
    if (unitIds.has(unit)) return unitIds.get(unit);
    if (unit.trim() === '1') { unitIds.set(unit, 'dimensionless'); return 'dimensionless'; }
    const r = toSbmlUnits(unit);
    if (!r.units) {
      unitIds.set(unit, undefined);
      if (unit.trim() !== '?') unsupported.set(unit, r.reason);
      return undefined;
    }
    let id = unitIdFor(unit);
    while (idOwner.has(id) && idOwner.get(id) !== unit) id += '_';
    idOwner.set(id, unit);
    unitIds.set(unit, id);
    unitDefs.push(`<unitDefinition${attrs({ id, name: unit })}>`, '  <listOfUnits>',
      ...r.units.map((u) => `    <unit${attrs({ kind: u.kind, exponent: u.exponent, scale: u.scale, multiplier: u.multiplier })}/>`),
      '  </listOfUnits>', '</unitDefinition>');
    return id;
  };
  const timeUnits = unitRef(spec.timeUnit);

  // --- model notes and annotation
  const refs = spec.references;
  const refItem = (r: (typeof refs)[number]): string => {
    const links: string[] = [];
    if (r.doi) links.push(`<a href="${escapeText(doiUrl(r.doi))}">doi:${escapeText(r.doi)}</a>`);
    if (r.pmid) links.push(`<a href="${escapeText(pubmedUrl(r.pmid))}">PMID ${escapeText(r.pmid)}</a>`);
    if (r.url) links.push(`<a href="${escapeText(r.url)}">${escapeText(r.url)}</a>`);
    return `<li>[${escapeText(r.id)}] ${escapeText(r.citation)}${links.length ? ' ' + links.join(' ') : ''}</li>`;
  };
  const modelNotes: string[] = [
    `<h1>${escapeText(spec.name)}</h1>`, p(spec.description.trim()),
    p(`Species: ${spec.species}. Version ${spec.version}. Time unit: ${spec.timeUnit}. magbone model id: ${spec.id}.`),
  ];
  if (refs.length) modelNotes.push('<h2>References</h2>', '<ul>', ...refs.map((r) => '  ' + refItem(r)), '</ul>');
  if (spec.assumptions?.length) modelNotes.push('<h2>Assumptions</h2>', '<ul>', ...spec.assumptions.map((a) => `  <li>${escapeText(a)}</li>`), '</ul>');
  const doses = Object.entries(spec.doses ?? {});
  if (doses.length) {
    modelNotes.push('<h2>Dose targets</h2>', p('SBML has no dose records: a magbone scenario adds a bolus to the state and an infusion rate to its derivative.'), '<ul>',
      ...doses.map(([cmt, d]) => `  <li>${escapeText(`${cmt}: state ${d.state} (${d.amountUnit}). ${d.description}` +
        (d.molarMass ? ` Molar mass ${d.molarMass.value} g/mol.` : '') + (d.bioavailability ? ` Bioavailability ${d.bioavailability}.` : ''))}</li>`),
      '</ul>');
  }
  const rdfRefs = refs.flatMap((r) => [
    ...(r.doi ? [`https://identifiers.org/doi:${r.doi.trim()}`] : []),
    ...(r.pmid ? [`https://identifiers.org/pubmed:${r.pmid.trim()}`] : []),
  ]);
  const rdf: Lines = rdfRefs.length ? [
    `<rdf:RDF xmlns:rdf="${RDF_NS}" xmlns:bqmodel="${BQMODEL_NS}">`,
    '  <rdf:Description rdf:about="#model_metaid">',
    '    <bqmodel:isDescribedBy>', '      <rdf:Bag>',
    ...rdfRefs.map((u) => `        <rdf:li rdf:resource="${escapeText(u)}"/>`),
    '      </rdf:Bag>', '    </bqmodel:isDescribedBy>', '  </rdf:Description>', '</rdf:RDF>',
  ] : [];
  const modelMeta = mb('model', { id: spec.id, version: spec.version, species: spec.species, timeUnit: spec.timeUnit, description: spec.description }, [
    ...refs.flatMap((r) => [`<mb:reference${attrs({ id: r.id, citation: r.citation, doi: r.doi, pmid: r.pmid, url: r.url })}/>`]),
    ...(spec.assumptions ?? []).map((a) => `<mb:assumption${attrs({ text: a })}/>`),
    ...doses.map(([cmt, d]) => `<mb:dose${attrs({
      cmt, state: d.state, description: d.description, amountUnit: d.amountUnit,
      molarMass: d.molarMass?.value, molarMassSource: d.molarMass?.source, bioavailability: d.bioavailability,
    })}/>`),
  ]);

  // --- components
  const described = (description: string, source: string | undefined): Lines =>
    notes([p(description), ...(source ? [p(`Source: ${source}`)] : [])]);

  const species: Lines = [];
  const stateParameters: Lines = [];
  const initialAssignments: Lines = [];
  for (const [index, [name, s]] of Object.entries(spec.states).entries()) {
    const units = unitRef(s.unit);
    const initial = typeof s.initial === 'number' ? dbl(s.initial) : undefined;
    // index: the state-vector position, since species and parameters are listed apart
    const body = indent([...described(s.description, s.source), ...annotation(mb('state', { index, unit: s.unit, description: s.description, source: s.source, nonNegative: s.nonNegative, belowZero: s.belowZero }))]);
    if (isSubstance(s.unit)) {
      species.push(`<species${attrs({
        id: name, compartment, initialAmount: initial, substanceUnits: units, hasOnlySubstanceUnits: true, boundaryCondition: false, constant: false,
      })}>`, ...body, '</species>');
    } else {
      stateParameters.push(`<parameter${attrs({ id: name, value: initial, units, constant: false })}>`, ...body, '</parameter>');
    }
    const init = parsed.initials.get(name);
    if (typeof init === 'object') initialAssignments.push(`<initialAssignment${attrs({ symbol: name })}>`, ...indent(mathLines(init)), '</initialAssignment>');
  }

  const parameters: Lines = [...stateParameters];
  const delayOf = new Map((opts.delays ?? []).map((d) => [d.rule, d]));
  const delayValues = new Set((opts.delays ?? []).map((d) => d.value));
  for (const [name, q] of Object.entries(spec.parameters)) {
    if (delayValues.has(name)) continue;
    parameters.push(`<parameter${attrs({ id: name, value: dbl(q.value), units: unitRef(q.unit), constant: true, sboTerm: 'SBO:0000002' })}>`,
      ...indent([...described(q.description, q.source),
        ...annotation(mb('parameter', { unit: q.unit, description: q.description, source: q.source, bounds: q.bounds?.map(dbl).join(' ') }))]),
      '</parameter>');
  }
  for (const [name, s] of Object.entries(spec.switches ?? {})) {
    parameters.push(`<parameter${attrs({ id: name, value: s.default ? 1 : 0, units: 'dimensionless', constant: true, sboTerm: 'SBO:0000390' })}>`,
      ...indent([...notes([p(`Pathway switch (1 on, 0 off; default ${s.default ? 'on' : 'off'}), evidence: ${s.evidence}. ${s.description}`),
        ...s.sources.map((x) => p(`Source: ${x}`))]),
      ...annotation(mb('switch', { default: s.default, evidence: s.evidence, description: s.description },
        s.sources.map((x) => `<mb:source${attrs({ text: x })}/>`)))]),
      '</parameter>');
  }
  const rules: Lines = [];
  const assigned = (kind: 'rule' | 'observable', rec: Record<string, { unit: string; description: string; source?: string }>, exprs: ReadonlyMap<string, Expr>): void => {
    for (const [name, r] of Object.entries(rec)) {
      parameters.push(`<parameter${attrs({ id: name, units: unitRef(r.unit), constant: false })}>`,
        ...indent([...described(r.description, r.source), ...annotation(mb(kind, { unit: r.unit, description: r.description, source: r.source }))]),
        '</parameter>');
      const d = kind === 'rule' ? delayOf.get(name) : undefined;
      const e: Expr = d ? { kind: 'call', fn: DELAY_FN, args: [parseExpr(d.x), parseExpr(d.d)] } : exprs.get(name)!;
      rules.push(`<assignmentRule${attrs({ variable: name })}>`, ...indent(mathLines(e)), '</assignmentRule>');
    }
  };
  assigned('rule', spec.rules, parsed.rules);
  assigned('observable', spec.observables, parsed.observables);
  for (const [name, e] of parsed.odes) rules.push(`<rateRule${attrs({ variable: name })}>`, ...indent(mathLines(e)), '</rateRule>');

  const constraints: Lines = [];
  for (const [name, e] of parsed.constraints) {
    const c = spec.constraints![name];
    constraints.push(`<constraint${attrs({ id: name })}>`, ...indent([
      ...annotation(mb('constraint', { description: c.description, source: c.source })),
      ...conditionLines(e),
      '<message>', `  <p xmlns="${XHTML_NS}">${escapeText(c.description)}</p>`, '</message>',
    ]), '</constraint>');
  }

  const used = new Set<string>();
  const initials = [...parsed.initials.values()].filter((x): x is Expr => typeof x === 'object');
  const all = [...parsed.odes.values(), ...parsed.rules.values(), ...parsed.observables.values(), ...initials, ...parsed.constraints.values()];
  for (const e of all) walk(e, (x) => { if (x.kind === 'call') used.add(x.fn); });

  const unchecked = listUncheckedQuantities(spec);
  if (unchecked.length) {
    modelNotes.push('<h2>Quantities with unchecked units</h2>', p('The source gives no unit ("?") for these, or they use such a quantity; the "?" ones have no SBML units.'),
      '<ul>', ...unchecked.map((q) => `  <li>${escapeText(`${uncheckedLabel(q, (s) => s)}: ${q.reason}`)}</li>`), '</ul>');
  }
  if (unsupported.size) modelNotes.push('<h2>Units SBML cannot express</h2>', '<ul>', ...[...unsupported].map(([u, why]) => `  <li>${escapeText(u)}: ${escapeText(why)}</li>`), '</ul>');
  modelNotes.push(p('Exported by magbone from the model spec; the magbone annotations (namespace ' + MAGBONE_NS + ') keep its units, sources and dose targets.'));

  const list = (tag: string, body: Lines): Lines => (body.length ? [`<${tag}>`, ...indent(body), `</${tag}>`] : []);
  const model: Lines = [
    `<model${attrs({ metaid: 'model_metaid', id: sbmlId(spec.id), name: spec.name, timeUnits, sboTerm: 'SBO:0000293' })}>`,
    ...indent([
      ...notes(modelNotes),
      ...annotation([...rdf, ...modelMeta]),
      ...list('listOfFunctionDefinitions', functionDefinitions(used)),
      ...list('listOfUnitDefinitions', unitDefs),
      ...list('listOfCompartments', species.length === 0 ? [] : [`<compartment${attrs({ id: compartment, spatialDimensions: 3, size: 1, units: 'dimensionless', constant: true, sboTerm: 'SBO:0000410' })}/>`]),
      ...list('listOfSpecies', species),
      ...list('listOfParameters', parameters),
      ...list('listOfInitialAssignments', initialAssignments),
      ...list('listOfRules', rules),
      ...list('listOfConstraints', constraints),
    ]),
    '</model>',
  ];
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<!-- Generated by magbone from model '${spec.id.replace(/--/g, '- -')}' version ${spec.version.replace(/--/g, '- -')}: edit the model spec, not this file. -->`,
    `<sbml xmlns="${SBML_NS}" xmlns:sbml="${SBML_NS}" level="3" version="2">`,
    ...indent(model),
    '</sbml>',
    '',
  ].join('\n');
}
