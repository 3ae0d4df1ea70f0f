/**
 * The magbone model format. A model is data: a plain, typed object that reads like a paper's
 * appendix (states with their ODEs, parameters with value/unit/source, assignment rules,
 * observables, dosing targets, pathway switches, references). `compileModel(spec)` turns it into
 * one generated JavaScript RHS, Jacobian and output function; `docs` and `sbml` print the same
 * expressions as LaTeX/Markdown and MathML. Nothing here is executable.
 *
 * Records are keyed by name and their insertion order is the model's order (state vector order,
 * table order in the docs). Models compose by spreading records: a variant is
 * `{ ...base, parameters: { ...base.parameters, k: { ...base.parameters.k, value: 2 } } }`.
 *
 * Expressions are text (see `expr/` for the grammar): numbers, names of parameters, states,
 * rules, switches and `t`; `+ - * / ^`, comparisons `< <= > >= == !=`, `&& || !`;
 * functions `exp log log10 sqrt pow abs min max`, `piecewise(v1, c1, v2, c2, ..., otherwise)`,
 * `if(c, a, b)`, `hill(x, K, n)` = x^n / (K^n + x^n), `hillinv(x, K, n)` = K^n / (K^n + x^n)
 * (the one table: `expr/functions.ts`). Numeric literals are dimensionless (0 fits any unit): a unit
 * conversion factor must be a parameter whose unit says so, e.g. { value: 1e-9, unit: "mmol/pmol" }.
 *
 * Constraints (`constraints`, like SBML's Constraint elements) are conditions a parameter set must
 * satisfy to be valid, e.g. "T28 > T310" where a derived half-saturation constant would otherwise be
 * negative: a truth-valued expression (comparisons, && || !) of parameters, switches and constant
 * rules (no states, no t). The defaults must satisfy every constraint; `Model.with` rejects a change
 * that violates one, naming it and quoting its description.
 *
 * Units are strings such as "pmol", "mmol/L", "1/h", "L/h", "pmol/L/h", "mg/d", "1" (dimensionless).
 * A quantity whose unit its source does not give has unit "?" — it is excluded from dimension
 * checks, and the generated docs list every such quantity.
 *
 * Sources are strings with one of these forms:
 *   "ref:<id>[ <where>]"  an entry of `references` (e.g. "ref:peterson2010 Table 1"),
 *   "doi:<doi>", "pmid:<pmid>",
 *   "fitted: <dataset>", "assumed: <why>", "derived: <from what>".
 */

/**
 * Evidence levels, weakest to strongest human evidence: 'human experimental' is a controlled human
 * study that is not a randomized trial (depletion, infusion, case series); 'human trial' is randomized.
 */
export type Evidence = 'in vitro' | 'animal' | 'human observational' | 'human experimental' | 'human trial' | 'hypothesis';

/**
 * A literature reference of a model spec; sources cite it as `ref:<id> where` (e.g.
 * `ref:peterson2010 Table 2`), and the generated docs link its DOI or PMID.
 */
export interface Reference {
  /** Short key used by "ref:<id>" sources, e.g. "peterson2010". */
  id: string;
  /** Full citation: authors, year, title, journal volume:pages. */
  citation: string;
  /** DOI, without the resolver prefix (e.g. "10.1007/s10928-010-9146-0"). */
  doi?: string;
  /** PubMed id. */
  pmid?: string;
  /** A URL, when neither a DOI nor a PMID exists. */
  url?: string;
}

/** One parameter of a ModelSpec: value, unit, description, source (and optional bounds and evidence). */
export interface ParameterSpec {
  /** Default value, in `unit`. */
  value: number;
  /** Unit, e.g. "1/h", "pmol/L", "1" (dimensionless), "?" (unknown: not checked). */
  unit: string;
  /** What it means, in words. */
  description: string;
  /** Where the value comes from: "ref:<id> where", "doi:…", "fitted: …", "assumed: …", "derived: …". */
  source: string;
  /** Physically allowed range, inclusive; used to reject non-physical overrides. */
  bounds?: [number, number];
}

/** One state of a ModelSpec: initial value, unit, its ODE as an expression, description and source. */
export interface StateSpec {
  /** Unit of the state (its ODE is in unit per model time unit). */
  unit: string;
  /** What it represents. */
  description: string;
  /** Initial value: a number, or an expression of parameters (and other states' initials). */
  initial: number | string;
  /** dy/dt, in unit / model time unit. */
  ode: string;
  /** Source of the equation (defaults to the model's primary reference). */
  source?: string;
  /**
   * Whether the state can never be negative (an amount, a concentration, a cumulative excretion).
   * A run in which it goes below −tolerance fails with a numerical failure naming the state
   * (simulate/invariants.ts). Default: true when the unit is an amount or a concentration (mol, g,
   * eq, IU or cells, per nothing or per volume: "mmol", "pmol/L", "ng"), false otherwise (changes,
   * fractions, signed or unit-less quantities). Set it to false for an amount that is signed (a
   * balance, a difference) and to true for a unit-less quantity that must stay ≥ 0.
   */
  nonNegative?: boolean;
  /**
   * For an amount that the published model lets fall below zero (its outflow does not vanish with
   * it), kept as published: the state is then not checked as non-negative, and a run in which it goes
   * below zero carries this note (SimulationResult.notes, printed by the CLI). Say why, and what to
   * read instead.
   */
  belowZero?: string;
}

/**
 * An assignment rule of a model spec: `name := expr` (an expression of parameters, states, other
 * rules and `t`), evaluated before the ODEs in dependency order, with its unit (checked against the
 * expression), description and source.
 */
export interface RuleSpec {
  /** Assignment rule: name := expr, evaluated before the ODEs, ordered by dependency. */
  expr: string;
  /** The rule's unit (checked against the expression). */
  unit: string;
  /** What it means, in words. */
  description: string;
  /** Where the equation comes from (default the model's primary reference). */
  source?: string;
}

/**
 * An output of a model spec: an expression of states, rules and parameters reported in results
 * beside the states (e.g. a concentration or a % change), with its unit and description.
 */
export interface ObservableSpec {
  /** The expression: of states, rules, parameters and `t`. */
  expr: string;
  /** Its unit (checked against the expression). */
  unit: string;
  /** What it means, in words. */
  description: string;
}

/** A place a dose record (`cmt`) can go: a bolus adds to `state`, an infusion (`rate`) adds to its derivative. */
export interface DoseTargetSpec {
  /** The state that receives the dose. */
  state: string;
  /** What the target represents (route, formulation). */
  description: string;
  /** The unit of the dose as the state holds it (equal to the state's unit), e.g. "pmol", "ng", "mmol". */
  amountUnit: string;
  /** Molar mass in g/mol, to convert a mass dose ("20 ug") into a molar amount. */
  molarMass?: {
    /** The molar mass, g/mol. */
    value: number;
    /** Where the value comes from. */
    source: string;
  };
  /** Bioavailability, an expression of parameters, multiplied onto every bolus and infusion. */
  bioavailability?: string;
}

/**
 * A pathway switch of a model spec: a named on/off mechanism (1 or 0 in expressions) with its
 * evidence level and sources. Scenarios turn switches on or off (`switches`), and pathway
 * attribution (`attributePathways`) knocks them out one at a time.
 */
export interface SwitchSpec {
  /** The mechanism it switches, in words. */
  description: string;
  /** The strongest evidence for the pathway. */
  evidence: Evidence;
  /** On (true) or off (false) by default. In expressions a switch is 1 when on, 0 when off. */
  default: boolean;
  /** Where the pathway comes from (sources as in parameters). */
  sources: string[];
}

/** A constraint of a model spec: a truth value of parameters that must hold, its description and source. */
export interface ConstraintSpec {
  /** A truth value of parameters, switches and constant rules, e.g. "RX2Kout0 > E0rx2Kout". */
  expr: string;
  /** Why it must hold (what goes wrong otherwise); quoted in the error when it does not. */
  description: string;
  /** Where the rule comes from (a reference key `ref:…`, or `assumed:`). */
  source?: string;
}

/** A model as data: parameters, states, rules, observables, dose targets and switches, each with unit, description and source; compiled by `compileModel`. */
export interface ModelSpec {
  /** Model id used by scenarios and the CLI, e.g. "peterson-riggs-2010". */
  id: string;
  /** Human-readable name. */
  name: string;
  /** The spec's version (semver). */
  version: string;
  /** The organism the parameters describe ("human", "rat", or "none"). */
  species: string;
  /** The model's own time unit: "min", "h" or "d". */
  timeUnit: string;
  /** What the model is for and what it contains (Markdown). */
  description: string;
  /** The literature the sources cite (`ref:<id>`). */
  references: Reference[];
  /** Parameters by name: value, unit, description, source, bounds. */
  parameters: Record<string, ParameterSpec>;
  /** State variables by name (state vector order): unit, description, initial value, ODE. */
  states: Record<string, StateSpec>;
  /** Assignment rules by name, evaluated before the ODEs in dependency order. */
  rules: Record<string, RuleSpec>;
  /** Outputs by name, computed from states, rules and parameters. */
  observables: Record<string, ObservableSpec>;
  /** Dose targets, keyed by the `cmt` name scenarios use (e.g. "TERISC", "Mg_iv"). */
  doses?: Record<string, DoseTargetSpec>;
  /** Pathway switches by name (1/0 in expressions), each with evidence and sources. */
  switches?: Record<string, SwitchSpec>;
  /** Conditions on the parameters that every valid parameter set satisfies, keyed by name. */
  constraints?: Record<string, ConstraintSpec>;
  /** Assumptions made where evidence is missing, in words. */
  assumptions?: string[];
  /**
   * What a unit mismatch in an expression is: 'error' (the default: the model does not check) or
   * 'report' (listed with the unchecked quantities, with its message, and not enforced). 'report' is
   * for models imported from files whose declared units need not be consistent (SBML): their units are
   * shown, their maths runs as written.
   */
  unitMismatches?: 'error' | 'report';
}
