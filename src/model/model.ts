/**
 * The Model value: a compiled spec plus one prepared parameter vector. `with` makes a new Model
 * sharing the compiled code (nothing is recompiled, nothing mutates): safe for worker pools and
 * populations. Compilation is cached per spec object.
 */
import type { ModelSpec } from './spec.js';
import type { OdeProblem } from '../solver/types.js';
import { analyzeModel, ModelInputError } from './check.js';
import { compileParsed, type CompiledCode, type CompileOptions } from './compile.js';
import { didYouMean, type Issue } from './expr/errors.js';
import { parse } from './expr/parse.js';
import { symbolsOf } from './expr/ast.js';
import type { BoundParametric, ParametricDerivatives, ParametricKernels } from './parametric.js';

export type { ParametricDerivatives } from './parametric.js';

/** A compiled model: a value (`model.with({ parameters, switches })` returns a new one sharing the generated code) with names, units, the right-hand side, Jacobian and outputs. */
export interface Model {
  /** The spec the model was compiled from (parameter defaults as written there). */
  readonly spec: ModelSpec;
  /** The spec's id. */
  readonly id: string;
  /** The model's time unit ("min", "h" or "d"); rates and durations are in it. */
  readonly timeUnit: string;
  /** spec.states order = state vector order. */
  readonly stateNames: readonly string[];
  /** spec.parameters order. */
  readonly parameterNames: readonly string[];
  /** Pathway switch names, in spec order. */
  readonly switchNames: readonly string[];
  /** Observable names, in spec order (the order of `outputs`). */
  readonly observableNames: readonly string[];
  /** Keys of spec.doses. */
  readonly doseTargets: readonly string[];
  /**
   * The full parameter vector p, prepared: [parameters..., switches (1/0)..., infusion rate per dose
   * target (amount per model time unit)..., derived constants...]. Read-only by convention; params()
   * gives a copy. After changing entries of a copy, call prepare(p) before using it.
   */
  readonly p: Float64Array;
  /** A copy of the prepared parameter vector p, to change and pass to prepare(). */
  params(): Float64Array;
  /** Parameter or switch name -> index in p; -1 if unknown. */
  paramIndex(name: string): number;
  /** Index of a dose target's infusion-rate slot in p; -1 if unknown. */
  rateIndex(target: string): number;
  /** Index in y of the state a dose target feeds; -1 if unknown. */
  doseState(target: string): number;
  /** Evaluates spec.doses[target].bioavailability with p (1 if none); throws on an unknown target. */
  bioavailability(target: string, p: Float64Array): number;
  /** Recomputes the derived constants of p in place (after changing parameters or switches). */
  prepare(p: Float64Array): void;
  /** The initial state for parameters p (default this model's), written into `out` if given. */
  initialState(p?: Float64Array, out?: Float64Array): Float64Array;
  /** dy/dt; adds the infusion rates in p to their target states' derivatives. */
  rhs(t: number, y: Float64Array, p: Float64Array, dy: Float64Array): void;
  /** Analytic Jacobian, dense row-major, every entry written. */
  jac(t: number, y: Float64Array, p: Float64Array, J: Float64Array): void;
  /** Observables in observableNames order. */
  outputs(t: number, y: Float64Array, p: Float64Array, out: Float64Array): void;
  /** All rule values, in ruleNames order (for fluxes and debugging). */
  ruleValues?(t: number, y: Float64Array, p: Float64Array, out: Float64Array): void;
  /** Rules in dependency order (the order of ruleValues). */
  readonly ruleNames: readonly string[];
  /** Jacobian sparsity: jacPattern[i] lists the j with d f_i/d y_j structurally non-zero. */
  readonly jacPattern: readonly (readonly number[])[];
  /**
   * States whose ODE is dy_i/dt = c(p) − k(p)·y_i: no other state, no t (dosing depots, a
   * zero-order input with first-order loss). A simulation may carry them in closed form between
   * events instead of integrating them (simulate/exact-linear.ts).
   */
  readonly linearStates: readonly number[];
  /**
   * For each entry of linearStates, the linear states that feed it: empty for a state of the first
   * kind; for a state fed by depots (dy_i/dt = c − k·y_i + Σ a_j·y_j, constant coefficients), its
   * depots, so that it too has a closed form (the Bateman function).
   */
  readonly linearInputs: readonly (readonly number[])[];
  /**
   * A new Model sharing the compiled code; validates names, bounds and then the spec's constraints
   * (every violated one reported), throwing ModelInputError with all issues.
   */
  with(changes: { parameters?: Record<string, number>; switches?: Record<string, boolean> }): Model;
  /**
   * Exact derivatives with respect to a chosen list of parameters (not switches), compiled once per
   * list (cached on the compiled code, shared by every Model made with `with`). Each call returns a
   * new object with its own scratch (call its update(p) before use). Throws ModelInputError listing
   * every unknown name, switch and duplicate.
   */
  parametric(names: readonly string[]): ParametricDerivatives;
  /** An OdeProblem for the solver with p bound (one closure created here, none per call). */
  problem(opts: { p?: Float64Array; y0?: ArrayLike<number>; t0: number; tEnd: number }): OdeProblem;
}

/** Whether a compiled code's RHS reads t, by code (model/with share one). */
const AUTONOMOUS = new WeakMap<CompiledCode, boolean>();

class CompiledModel implements Model {
  readonly id: string;
  readonly timeUnit: string;
  readonly stateNames: readonly string[];
  readonly parameterNames: readonly string[];
  readonly switchNames: readonly string[];
  readonly observableNames: readonly string[];
  readonly doseTargets: readonly string[];
  readonly ruleNames: readonly string[];
  readonly jacPattern: readonly (readonly number[])[];
  readonly linearStates: readonly number[];
  readonly linearInputs: readonly (readonly number[])[];
  readonly rhs: CompiledCode['rhs'];
  readonly jac: CompiledCode['jac'];
  readonly outputs: CompiledCode['outputs'];
  readonly ruleValues: CompiledCode['ruleValues'];
  readonly prepare: CompiledCode['prepare'];

  constructor(readonly spec: ModelSpec, readonly code: CompiledCode, readonly p: Float64Array) {
    this.id = spec.id;
    this.timeUnit = spec.timeUnit;
    this.stateNames = code.stateNames;
    this.parameterNames = code.parameterNames;
    this.switchNames = code.switchNames;
    this.observableNames = code.observableNames;
    this.doseTargets = code.doseTargets;
    this.ruleNames = code.ruleNames;
    this.jacPattern = code.jacPattern;
    this.linearStates = code.linearStates;
    this.linearInputs = code.linearInputs;
    this.rhs = code.rhs;
    this.jac = code.jac;
    this.outputs = code.outputs;
    this.ruleValues = code.ruleValues;
    this.prepare = code.prepare;
  }

  params(): Float64Array { return Float64Array.from(this.p); }
  paramIndex(name: string): number { return this.code.paramIndex.get(name) ?? -1; }
  rateIndex(target: string): number { return this.code.rateIndex.get(target) ?? -1; }
  doseState(target: string): number { return this.code.doseState.get(target) ?? -1; }

  bioavailability(target: string, p: Float64Array): number {
    if (!this.code.doseState.has(target)) {
      throw new ModelInputError([{ code: 'unknown-target', path: ['doses', target], message: `unknown dose target '${target}'${didYouMean(target, this.doseTargets)}; targets are ${this.doseTargets.join(', ') || '(none)'}` }]);
    }
    const f = this.code.bioavailability.get(target);
    return f ? f(p) : 1;
  }

  initialState(p: Float64Array = this.p, out: Float64Array = new Float64Array(this.stateNames.length)): Float64Array {
    this.code.initial(p, out);
    return out;
  }

  with(changes: { parameters?: Record<string, number>; switches?: Record<string, boolean> }): Model {
    const issues: Issue[] = [];
    const p = this.params();
    const spec = this.spec;
    for (const [name, v] of Object.entries(changes.parameters ?? {})) {
      const path = ['parameters', name];
      const ps = spec.parameters[name];
      if (!ps) {
        const hint = this.code.switchNames.includes(name) ? ` ('${name}' is a switch: set it under switches, as true/false)` : didYouMean(name, this.parameterNames);
        issues.push({ code: 'unknown-parameter', path, message: `unknown parameter '${name}' in model ${this.id}${hint}` });
        continue;
      }
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        issues.push({ code: 'non-finite', path, message: `parameter '${name}' must be a finite number (${ps.unit}), got ${String(v)}` });
        continue;
      }
      if (ps.bounds && (v < ps.bounds[0] || v > ps.bounds[1])) {
        issues.push({ code: 'out-of-bounds', path, message: `parameter '${name}' = ${v} ${ps.unit} is outside its allowed range [${ps.bounds[0]}, ${ps.bounds[1]}]` });
        continue;
      }
      p[this.code.paramIndex.get(name)!] = v;
    }
    for (const [name, v] of Object.entries(changes.switches ?? {})) {
      const path = ['switches', name];
      if (!spec.switches?.[name]) {
        const hint = spec.parameters[name] ? ` ('${name}' is a parameter: set it under parameters)` : didYouMean(name, this.switchNames);
        issues.push({ code: 'unknown-switch', path, message: `unknown switch '${name}' in model ${this.id}${hint}; switches are ${this.switchNames.join(', ') || '(none)'}` });
        continue;
      }
      if (typeof v !== 'boolean') {
        issues.push({ code: 'invalid-value', path, message: `switch '${name}' must be true or false, got ${JSON.stringify(v)}` });
        continue;
      }
      p[this.code.paramIndex.get(name)!] = v ? 1 : 0;
    }
    if (issues.length) throw new ModelInputError(issues, `changes to model ${this.id}`);
    this.code.prepare(p);
    const changed = Object.keys(changes.parameters ?? {});
    const switched = Object.keys(changes.switches ?? {});
    if (changed.length || switched.length) {
      const violated = this.violatedConstraints(p);
      if (violated.length) {
        const changedSet = new Set([...changed, ...switched]);
        throw new ModelInputError(violated.map((name) => {
          const c = spec.constraints![name];
          // the parameters and switches the constraint reads (through rules), with their values
          const used = this.inputsOf(c.expr);
          const text = used.map((k) => {
            const v = p[this.code.paramIndex.get(k)!];
            const shown = this.code.switchNames.includes(k) ? (v ? 'on' : 'off') : String(v);
            return `${k} = ${shown}${changedSet.has(k) ? ' (set)' : ''}`;
          }).join(', ');
          return { code: 'constraint', path: ['parameters'], message: `constraint ${name} (${c.expr}) does not hold with ${text}: ${c.description}` };
        }), `changes to model ${this.id}`);
      }
    }
    if (changed.length) {
      const problem = this.nonFiniteAtStart(p);
      if (problem) {
        throw new ModelInputError([{
          code: 'non-finite', path: ['parameters'],
          message: `with ${changed.map((k) => `${k} = ${p[this.code.paramIndex.get(k)!]}`).join(', ')}: ${problem}; ` +
            'these values leave the model undefined (e.g. the log of a negative number): move them toward the defaults',
        }], `changes to model ${this.id}`);
      }
    }
    return new CompiledModel(spec, this.code, p);
  }

  parametric(names: readonly string[]): ParametricDerivatives {
    const issues: Issue[] = [];
    const seen = new Map<string, number>();
    if (!Array.isArray(names)) {
      throw new ModelInputError([{ code: 'invalid-value', path: ['parametric'], message: `the parameters to differentiate by must be a list of names, got ${typeof names}` }], `sensitivities of model ${this.id}`);
    }
    names.forEach((name, i) => {
      const path = ['parametric', i];
      if (typeof name !== 'string') {
        issues.push({ code: 'invalid-value', path, message: `entry ${i} must be a parameter name, got ${JSON.stringify(name)}` });
        return;
      }
      if (this.code.switchNames.includes(name)) {
        issues.push({ code: 'switch', path, message: `'${name}' is a switch (on/off), not a parameter: derivatives are taken with respect to parameters only` });
      } else if (!this.spec.parameters[name] || !Object.hasOwn(this.spec.parameters, name)) {
        issues.push({ code: 'unknown-parameter', path, message: `unknown parameter '${name}' in model ${this.id}${didYouMean(name, this.parameterNames)}; parameters are ${this.parameterNames.join(', ')}` });
      }
      const first = seen.get(name);
      if (first !== undefined) issues.push({ code: 'duplicate', path, message: `parameter '${name}' is listed twice (entries ${first} and ${i}): list each once` });
      else seen.set(name, i);
    });
    if (issues.length) throw new ModelInputError(issues, `sensitivities of model ${this.id}`);
    return new Parametric(this.code.parametric(names), this.code.doseTargets);
  }

  /** The parameters and switches an expression reads, directly or through rules, in first-use order. */
  private inputsOf(expr: string, seen = new Set<string>(), out: string[] = []): string[] {
    for (const name of symbolsOf(parse(expr))) {
      if (seen.has(name)) continue;
      seen.add(name);
      if (this.code.paramIndex.has(name)) out.push(name);
      else if (this.spec.rules?.[name]) this.inputsOf(this.spec.rules[name].expr, seen, out);
    }
    return out;
  }

  /** Names of the spec's constraints that do not hold with the prepared p. */
  private violatedConstraints(p: Float64Array): string[] {
    const names = this.code.constraintNames;
    if (!names.length) return [];
    const holds = new Float64Array(names.length);
    this.code.constraints(p, holds);
    return names.filter((_, k) => holds[k] !== 1);
  }

  /**
   * After a parameter change, the first rule (in dependency order) that is not finite at the initial
   * state, with the values of the rules it reads — so that a parameter combination outside the
   * model's domain is an input error naming its cause, not a NaN at t = 0.
   */
  private nonFiniteAtStart(p: Float64Array): string | undefined {
    const y0 = this.initialState(p);
    const rules = new Float64Array(this.ruleNames.length);
    this.code.ruleValues(0, y0, p, rules);
    for (let i = 0; i < this.ruleNames.length; i++) {
      if (Number.isFinite(rules[i])) continue;
      const value = new Map(this.ruleNames.map((n, k) => [n, rules[k]]));
      const name = this.ruleNames[i];
      const expr = this.spec.rules[name]?.expr ?? '';
      const inputs = [...value.keys()].filter((k) => k !== name && new RegExp(`\\b${k}\\b`).test(expr)).map((k) => `${k} = ${value.get(k)}`);
      return `rule ${name} = ${expr} is ${rules[i]}${inputs.length ? ` (${inputs.join(', ')})` : ''}`;
    }
    const bad = this.stateNames.findIndex((_, i) => !Number.isFinite(y0[i]));
    return bad >= 0 ? `the initial value of state ${this.stateNames[bad]} is ${y0[bad]}` : undefined;
  }

  problem(opts: { p?: Float64Array; y0?: ArrayLike<number>; t0: number; tEnd: number }): OdeProblem {
    const p = opts.p ?? this.p;
    const rhs = this.code.rhs, jac = this.code.jac;
    return {
      n: this.stateNames.length,
      f: (t, y, dy) => rhs(t, y, p, dy),
      jac: (t, y, J) => jac(t, y, p, J),
      jacPattern: this.jacPattern,
      t0: opts.t0,
      tEnd: opts.tEnd,
      y0: opts.y0 ?? this.initialState(p),
      names: this.stateNames,
      // a model whose generated RHS never reads t is autonomous: Rosenbrock methods skip df/dt
      autonomous: this.autonomous,
    };
  }

  /** True when the generated RHS does not read the time t (once per compiled code: a batch asks per run). */
  get autonomous(): boolean {
    let a = AUTONOMOUS.get(this.code);
    if (a === undefined) {
      const src = this.code.sources.rhs;
      const body = src.slice(src.indexOf('{') + 1);
      a = !/(^|[^\w$.])t([^\w$]|$)/.test(body);
      AUTONOMOUS.set(this.code, a);
    }
    return a;
  }
}

/**
 * One user's parametric derivatives: the shared generated code bound to its own scratch (so two
 * users of one model never disturb each other). The functions are the generated ones themselves,
 * no wrapper in between.
 */
class Parametric implements ParametricDerivatives {
  readonly names: readonly string[];
  readonly index: Int32Array;
  readonly np: number;
  readonly update: BoundParametric['update'];
  readonly dfdp: BoundParametric['dfdp'];
  readonly dgdy: BoundParametric['dgdy'];
  readonly dgdp: BoundParametric['dgdp'];
  readonly dy0dp: BoundParametric['dy0dp'];
  private readonly dF: BoundParametric['dFdp'];

  constructor(readonly kernels: ParametricKernels, private readonly targets: readonly string[]) {
    this.names = kernels.names;
    this.index = kernels.index;
    this.np = kernels.names.length;
    const bound = kernels.bind(new Float64Array(kernels.scratch));
    this.update = bound.update;
    this.dfdp = bound.dfdp;
    this.dgdy = bound.dgdy;
    this.dgdp = bound.dgdp;
    this.dy0dp = bound.dy0dp;
    this.dF = bound.dFdp;
  }

  dFdp(target: string, p: Float64Array, out: Float64Array): void {
    const i = this.targets.indexOf(target);
    if (i < 0) {
      throw new ModelInputError([{ code: 'unknown-target', path: ['doses', target], message: `unknown dose target '${target}'${didYouMean(target, this.targets)}; targets are ${this.targets.join(', ') || '(none)'}` }]);
    }
    this.dF[i](p, out);
  }
}

const cache = new WeakMap<ModelSpec, CompiledCode>();

/** Code compiled before this process started, for a spec object; undefined when there is none for it. */
export type CodeSource = (spec: ModelSpec) => CompiledCode | undefined;
let codeSource: CodeSource | undefined;

/**
 * Installs where compileModel looks for ready code before compiling a spec it has not compiled
 * (node/compiled-models.ts: the built-in models compiled by the build); undefined removes it. The
 * source answers only for code made from this very spec by this very compiler.
 */
export function setCodeSource(source: CodeSource | undefined): void {
  codeSource = source;
}
const safeSpecs = new WeakMap<ModelSpec, ModelSpec>();

/**
 * The spec with its name-keyed records (parameters, states, rules, observables, doses, switches,
 * constraints) as null-prototype objects, same order: a lookup by a user's key such as
 * "constructor", "toString" or "__proto__" then finds nothing instead of Object.prototype's members.
 */
function prototypeSafe(spec: ModelSpec): ModelSpec {
  let safe = safeSpecs.get(spec);
  if (!safe) {
    const np = <T>(r: Record<string, T> | undefined): Record<string, T> | undefined => (r === undefined ? undefined : Object.assign(Object.create(null) as Record<string, T>, r));
    safe = {
      ...spec,
      parameters: np(spec.parameters)!, states: np(spec.states)!, rules: np(spec.rules)!, observables: np(spec.observables)!,
      doses: np(spec.doses), switches: np(spec.switches), constraints: np(spec.constraints),
    };
    safeSpecs.set(spec, safe);
  }
  return safe;
}

/**
 * Checks a model spec (units, names, sources, bounds, constraints; every problem at once) and
 * compiles it into generated JavaScript: a `Model` value with the default parameter values and
 * switch states, its right-hand side, sparse Jacobian and observables. Compilation is cached per
 * spec object, and `model.with({ parameters, switches })` makes new Model values that share the
 * compiled code (nothing recompiles, nothing mutates: safe for populations and worker pools).
 * `model.problem({ t0, tEnd })` gives the `OdeProblem` for `solve`; `simulate` runs scenarios with
 * doses. Throws ModelInputError listing every problem found by `checkModel`. The language is in
 * docs/modelling-language.md.
 *
 * @example
 * ```ts
 * import { compileModel, solve, bdf } from 'magbone';
 * const model = compileModel({
 *   id: 'one-compartment', name: 'One compartment', version: '1.0.0', species: 'none', timeUnit: 'h',
 *   description: 'First-order elimination from one compartment.',
 *   references: [{ id: 'textbook', citation: 'Any pharmacokinetics textbook.' }],
 *   parameters: {
 *     k: { value: 0.1, unit: '1/h', description: 'elimination rate constant', source: 'assumed: example', bounds: [0, 10] },
 *     V: { value: 20, unit: 'L', description: 'volume of distribution', source: 'assumed: example', bounds: [0.1, 1000] },
 *   },
 *   states: { A: { unit: 'mmol', description: 'amount in the compartment', initial: 10, ode: '-k * A' } },
 *   rules: {},
 *   observables: { C: { expr: 'A / V', unit: 'mmol/L', description: 'concentration' } },
 * });
 * const faster = model.with({ parameters: { k: 0.2 } }); // same compiled code
 * const sol = solve(faster.problem({ t0: 0, tEnd: 24 }), bdf(), { tOut: [0, 12, 24] });
 * console.log(sol.y[model.stateNames.indexOf('A')]); // 10·exp(−0.2·t)
 * ```
 */
export function compileModel(spec: ModelSpec, opts: CompileOptions = {}): Model {
  const hoist = opts.hoist ?? true;
  let code = hoist ? cache.get(spec) : undefined;
  if (!code) {
    code = hoist ? codeSource?.(spec) : undefined;
    if (!code) {
      const a = analyzeModel(spec);
      if (a.issues.length) throw new ModelInputError(a.issues, `model ${typeof spec?.id === 'string' ? spec.id : '?'}`);
      code = compileParsed(a.parsed, { hoist });
    }
    if (hoist) cache.set(spec, code);
  }
  const p = new Float64Array(code.size);
  for (const n of code.parameterNames) p[code.paramIndex.get(n)!] = spec.parameters[n].value;
  for (const n of code.switchNames) p[code.paramIndex.get(n)!] = spec.switches![n].default ? 1 : 0;
  code.prepare(p);
  return new CompiledModel(prototypeSafe(spec), code, p);
}

/** The generated sources of a compiled model (for inspection and the docs). */
export function generatedSources(model: Model): CompiledCode['sources'] | undefined {
  return model instanceof CompiledModel ? model.code.sources : undefined;
}

/** The compiled code behind a Model made by compileModel or modelFromCode (undefined for other Model implementations). */
export function compiledCodeOf(model: Model): CompiledCode | undefined {
  return model instanceof CompiledModel ? model.code : undefined;
}

/**
 * A Model from code compiled elsewhere (portable.ts rebuilds it in a worker thread from the
 * generated sources): `p` is the prepared parameter vector. The code is cached for `spec`, so a
 * later compileModel(spec) in the same thread reuses it.
 */
export function modelFromCode(spec: ModelSpec, code: CompiledCode, p: Float64Array): Model {
  if (!cache.has(spec)) cache.set(spec, code);
  return new CompiledModel(prototypeSafe(spec), code, p);
}
