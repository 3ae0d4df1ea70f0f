/**
 * The model compiler: a checked ParsedModel -> generated JavaScript functions over Float64Arrays.
 *
 * Parameter vector layout p = [parameters..., switches (1/0)..., infusion rate per dose target...,
 * derived constants...]. The derived constants are filled by `prepare(p)`, once per parameter set:
 * rules that use only parameters and switches, and every maximal parameters-only subexpression of
 * the state-dependent expressions (e.g. (K/Vp)^4 inside a rule). The hot functions then read them
 * as p[k].
 *
 * rhs(t, y, p, dy): states read once into locals, the needed rules as `const` locals in dependency
 * order, dy[i] = ODE + infusion rate(s). jac(t, y, p, J): forward-mode chain rule through the rules
 * — for each rule r and each state j it depends on, d_r/dy_j is a local built by symbolic
 * differentiation (with simplification) of r's expression, using the locals of the rules it uses —
 * and J[i*n+j] = d f_i/dy_j for the structurally non-zero entries only.
 *
 * constraints(p, out): out[k] = 1 when constraint k (constraintNames order) holds, 0 when not; it
 * reads the derived constants, so call it after prepare(p).
 *
 * parametric(names): the exact derivatives with respect to chosen parameters (parametric.ts),
 * generated on first use from what this compiler leaves behind (hot rules, derived slots).
 */
import type { Expr, Leaf } from './expr/ast.js';
import { walk } from './expr/ast.js';
import { toText } from './expr/print.js';
import { diff } from './expr/diff.js';
import { ZERO, ONE, isZero, canonical } from './expr/simplify.js';
import { JsEmitter, buildFunction } from './expr/codegen.js';
import { hoistConstants } from './expr/hoist.js';
import type { ParsedModel } from './check.js';
import { compileParametric, type ParametricKernels } from './parametric.js';

/** Generated code that precomputes parameter-only quantities into the parameter vector p (run once per parameter set). */
export type PrepareFn = (p: Float64Array) => void;
/** Generated code that writes the initial state y0 from the parameter vector p. */
export type InitialFn = (p: Float64Array, y0: Float64Array) => void;
/** Generated code of a model function of (t, y, p) that writes its result into the last argument (right-hand side or Jacobian). */
export type ModelRhsFn = (t: number, y: Float64Array, p: Float64Array, dy: Float64Array) => void;

/** Options of `compileModel` (whether parameter-only work is hoisted into prepare). */
export interface CompileOptions {
  /** Move parameters-only work into prepare(p) (default true; false is for testing that it changes nothing). */
  hoist?: boolean;
}

/** Everything a Model needs; shared by every Model made with `with`. */
export interface CompiledCode {
  /** State names, in the order of y. */
  readonly stateNames: readonly string[];
  /** Parameter names, in the order of their slots at the start of p. */
  readonly parameterNames: readonly string[];
  /** Switch names, in the order of their slots in p (after the parameters; 1 on, 0 off). */
  readonly switchNames: readonly string[];
  /** Observable names, in the order of `outputs`' result. */
  readonly observableNames: readonly string[];
  /** Rule (assignment) names, in the order of `ruleValues`' result. */
  readonly ruleNames: readonly string[];
  /** Dose-target names (the `cmt` values a dose record may name). */
  readonly doseTargets: readonly string[];
  /** parameter or switch name -> index in p */
  readonly paramIndex: ReadonlyMap<string, number>;
  /** Dose target → index in p of its infusion rate (amount per time unit, added to its state's derivative). */
  readonly rateIndex: ReadonlyMap<string, number>;
  /** Dose target → index in y of the state a dose goes into. */
  readonly doseState: ReadonlyMap<string, number>;
  /** Length of p. */
  readonly size: number;
  /** Number of derived slots filled by prepare. */
  readonly derived: number;
  /** Fills the derived slots of p from the parameters (run once per parameter set, before the others). */
  readonly prepare: PrepareFn;
  /** Writes the initial state y0 from a prepared p. */
  readonly initial: InitialFn;
  /** The right-hand side: writes dy/dt at (t, y) with a prepared p, infusion rates included. */
  readonly rhs: ModelRhsFn;
  /** The Jacobian at (t, y), dense row-major into the last argument: J[i·n + j] = ∂f_i/∂y_j (only the structurally non-zero entries are written). */
  readonly jac: ModelRhsFn;
  /** Writes the observables at (t, y), in `observableNames` order. */
  readonly outputs: ModelRhsFn;
  /** Writes the rules' values at (t, y), in `ruleNames` order. */
  readonly ruleValues: ModelRhsFn;
  /** Dose target → its bioavailability F(p) (the fraction of a dose that enters the state). */
  readonly bioavailability: ReadonlyMap<string, (p: Float64Array) => number>;
  /** Keys of spec.constraints, the order of constraints' output. */
  readonly constraintNames: readonly string[];
  /** out[k] = 1 if constraint k holds with p (prepared), else 0. */
  readonly constraints: (p: Float64Array, out: Float64Array) => void;
  /** Jacobian sparsity: pattern[i] = the j with d f_i/d y_j structurally non-zero. */
  readonly jacPattern: readonly (readonly number[])[];
  /**
   * States whose ODE is affine in the state itself and reads no other state and not t:
   * dy_i/dt = c(p) − k(p)·y_i (a dosing depot, a zero-order input with first-order loss). Their
   * solution between events is exact in closed form (see simulate/exact-linear.ts). Followed by
   * the states fed only by such states and themselves, with constant coefficients
   * (dy_i/dt = c − k·y_i + Σ a_j·y_j, each j one of the former: a central compartment fed by a
   * depot), whose closed form is the Bateman function.
   */
  readonly linearStates: readonly number[];
  /** For each entry of linearStates, the linear states feeding it (empty for the first kind). */
  readonly linearInputs: readonly (readonly number[])[];
  /**
   * The exact parametric derivatives for a list of parameter names (checked by the caller: known,
   * not switches, no duplicates), generated on first use and cached per list (parametric.ts).
   */
  readonly parametric: (names: readonly string[]) => ParametricKernels;
  /** Generated sources, for inspection. */
  readonly sources: Readonly<Record<'prepare' | 'initial' | 'rhs' | 'jac' | 'outputs' | 'ruleValues' | 'constraints', string>>;
  /** Generated source of each dose target's bioavailability function (so portable.ts can rebuild them). */
  readonly bioavailabilitySources: ReadonlyMap<string, string>;
}

/** Prefix of synthetic names for hoisted constants (not writable in the language). */
const HOISTED = '#c';
/** Prefix of the Jacobian's derivative locals d$<state index>$<rule> ('$' cannot occur in model names). */
const DERIV = 'd$';

export function compileParsed(m: ParsedModel, opts: CompileOptions = {}): CompiledCode {
  return new Compiler(m, opts.hoist ?? true).run();
}

class Compiler {
  private readonly spec;
  private readonly stateNames: string[];
  private readonly parameterNames: string[];
  private readonly switchNames: string[];
  private readonly observableNames: string[];
  private readonly doseTargets: string[];
  private readonly stateIndex = new Map<string, number>();
  private readonly slot = new Map<string, number>(); // parameter / switch / constant rule / hoisted -> p index
  private readonly rateIndex = new Map<string, number>();
  private readonly doseState = new Map<string, number>();
  /** Rules computed in prepare (hoist mode) — read as p[slot] elsewhere. */
  private readonly slotRules = new Set<string>();
  /** Expressions of the hoisted constants, in creation order (each may use earlier slots). */
  private readonly hoisted: { name: string; expr: Expr }[] = [];
  private readonly hoistKey = new Map<string, string>();
  private nextSlot = 0;
  /** Rule expressions after hoisting (for the hot functions). */
  private readonly hotRule = new Map<string, Expr>();
  /** States each rule depends on, transitively. */
  private readonly ruleStates = new Map<string, Set<number>>();

  constructor(private readonly m: ParsedModel, private readonly hoist: boolean) {
    this.spec = m.spec;
    this.stateNames = Object.keys(this.spec.states);
    this.parameterNames = Object.keys(this.spec.parameters);
    this.switchNames = Object.keys(this.spec.switches ?? {});
    this.observableNames = Object.keys(this.spec.observables);
    this.doseTargets = Object.keys(this.spec.doses ?? {});
  }

  run(): CompiledCode {
    this.stateNames.forEach((s, i) => this.stateIndex.set(s, i));
    for (const n of this.parameterNames) this.slot.set(n, this.nextSlot++);
    for (const n of this.switchNames) this.slot.set(n, this.nextSlot++);
    for (const d of this.doseTargets) {
      this.rateIndex.set(d, this.nextSlot++);
      this.doseState.set(d, this.stateIndex.get(this.spec.doses![d].state)!);
    }
    if (this.hoist) {
      for (const r of this.m.ruleOrder) {
        if (this.m.constantRules.has(r)) { this.slotRules.add(r); this.slot.set(r, this.nextSlot++); }
      }
    }
    for (const r of this.m.ruleOrder) {
      if (!this.slotRules.has(r)) this.hotRule.set(r, this.hoistIn(this.m.rules.get(r)!));
    }
    for (const r of this.m.ruleOrder) this.ruleStates.set(r, this.statesOf(this.m.rules.get(r)!));

    const odes = this.stateNames.map((s) => this.hoistIn(this.m.odes.get(s)!));
    const obs = this.observableNames.map((o) => this.hoistIn(this.m.observables.get(o)!));

    const rhs = this.buildRhs(odes);
    const jac = this.buildJac(odes);
    const outputs = this.buildOutputs('outputs', obs);
    const ruleValues = this.buildOutputs('ruleValues', this.m.ruleOrder.map((r) => ({ kind: 'sym', name: r }) as Expr));
    // prepare last: the Jacobian may add hoisted constants
    const prepare = this.buildPrepare();
    const initial = this.buildInitial();
    const constraintNames = [...this.m.constraints.keys()];
    const constraints = this.buildConstraints(constraintNames.map((c) => this.m.constraints.get(c)!));
    const bioavailability = new Map<string, (p: Float64Array) => number>();
    const bioavailabilitySources = new Map<string, string>();
    for (const [target, e] of this.m.bioavailability) {
      const f = this.buildConstantFn(e);
      bioavailability.set(target, f.fn);
      bioavailabilitySources.set(target, f.source);
    }

    const paramIndex = new Map<string, number>();
    for (const n of [...this.parameterNames, ...this.switchNames]) paramIndex.set(n, this.slot.get(n)!);
    const view = {
      m: this.m, hoist: this.hoist, stateNames: this.stateNames, observableNames: this.observableNames, doseTargets: this.doseTargets,
      stateIndex: this.stateIndex, slot: this.slot, slotRules: this.slotRules, hoisted: this.hoisted, hotRule: this.hotRule,
      ruleStates: this.ruleStates, odes, obs,
    };
    const kernels = new Map<string, ParametricKernels>();
    const parametric = (names: readonly string[]): ParametricKernels => {
      const key = names.join(',');
      let k = kernels.get(key);
      if (!k) { k = compileParametric(view, names); kernels.set(key, k); }
      return k;
    };
    return {
      stateNames: this.stateNames, parameterNames: this.parameterNames, switchNames: this.switchNames,
      observableNames: this.observableNames, ruleNames: [...this.m.ruleOrder], doseTargets: this.doseTargets,
      paramIndex, rateIndex: this.rateIndex, doseState: this.doseState,
      size: this.nextSlot, derived: this.nextSlot - (this.parameterNames.length + this.switchNames.length + this.doseTargets.length),
      prepare: prepare.fn, initial: initial.fn, rhs: rhs.fn, jac: jac.fn.fn, outputs: outputs.fn, ruleValues: ruleValues.fn,
      bioavailability, constraintNames, constraints: constraints.fn, jacPattern: jac.pattern, linearStates: jac.linear, linearInputs: jac.linearInputs,
      parametric, bioavailabilitySources,
      sources: {
        prepare: prepare.source, initial: initial.source, rhs: rhs.source, jac: jac.fn.source, outputs: outputs.source,
        ruleValues: ruleValues.source, constraints: constraints.source,
      },
    };
  }

  // ---- classification -------------------------------------------------------------------------

  private isConstantLeaf(leaf: Leaf): boolean {
    if (leaf.kind !== 'sym') return false;
    const n = leaf.name;
    if (n.startsWith(HOISTED)) return true;
    const k = this.m.kinds.get(n);
    return k === 'parameter' || k === 'switch' || (k === 'rule' && this.m.constantRules.has(n));
  }

  private isConstant(e: Expr): boolean {
    let c = true;
    walk(e, (x) => {
      if (!c) return false;
      if ((x.kind === 'sym' || x.kind === 'index') && !this.isConstantLeaf(x)) c = false;
    });
    return c;
  }

  /** Replaces maximal constant subtrees by hoisted slots (or folds literal-only ones). */
  private hoistIn(e0: Expr): Expr {
    if (!this.hoist) return canonical(e0);
    return hoistConstants(e0, (x) => this.isConstant(x), (x) => this.hoistExpr(x));
  }

  private hoistExpr(x: Expr): Expr {
    const key = toText(x);
    let name = this.hoistKey.get(key);
    if (!name) {
      name = `${HOISTED}${this.hoisted.length}`;
      this.hoistKey.set(key, name);
      this.hoisted.push({ name, expr: x });
      this.slot.set(name, this.nextSlot++);
    }
    return { kind: 'sym', name };
  }

  /** Whether e reads the time t, directly or through the (non-constant) rules it uses. */
  private readsTime(e: Expr, seen = new Set<string>()): boolean {
    let found = false;
    walk(e, (x) => {
      if (found) return false;
      if (x.kind !== 'sym') return;
      if (x.name === 't') found = true;
      else if (this.m.kinds.get(x.name) === 'rule' && !this.m.constantRules.has(x.name) && !seen.has(x.name)) {
        seen.add(x.name);
        if (this.readsTime(this.m.rules.get(x.name)!, seen)) found = true;
      }
    });
    return found;
  }

  private statesOf(e: Expr): Set<number> {
    const out = new Set<number>();
    walk(e, (x) => {
      if (x.kind !== 'sym') return;
      const i = this.stateIndex.get(x.name);
      if (i !== undefined) out.add(i);
      else if (this.m.kinds.get(x.name) === 'rule') for (const j of this.ruleStates.get(x.name) ?? []) out.add(j);
    });
    return out;
  }

  // ---- code generation helpers ----------------------------------------------------------------

  /** Leaf code: states as locals s_<name>, slot rules and constants as p[k], other rules r_<name>. */
  private leafCode = (leaf: Leaf): string => {
    if (leaf.kind === 'index') throw new Error('indexed symbols are not allowed in models');
    const n = leaf.name;
    if (n === 't') return 't';
    if (n.startsWith(DERIV)) return n; // derivative locals of the Jacobian
    if (this.stateIndex.has(n)) return `s_${n}`;
    const k = this.slot.get(n);
    if (k !== undefined && (this.m.kinds.get(n) !== 'rule' || this.slotRules.has(n))) return `p[${k}]`;
    if (this.m.kinds.get(n) === 'rule') return `r_${n}`;
    throw new Error(`no code for symbol '${n}'`);
  };

  /** Rules (not read from p) that the expressions need, closed under dependency, in rule order. */
  private localRules(exprs: Iterable<Expr>, exprOf: (r: string) => Expr): string[] {
    const need = new Set<string>();
    const visit = (e: Expr): void => walk(e, (x) => {
      if (x.kind === 'sym' && this.m.kinds.get(x.name) === 'rule' && !this.slotRules.has(x.name) && !need.has(x.name)) {
        need.add(x.name);
        visit(exprOf(x.name));
      }
    });
    for (const e of exprs) visit(e);
    return this.m.ruleOrder.filter((r) => need.has(r));
  }

  private usedStates(exprs: Iterable<Expr>): string[] {
    const used = new Set<string>();
    for (const e of exprs) walk(e, (x) => { if (x.kind === 'sym' && this.stateIndex.has(x.name)) used.add(x.name); });
    return this.stateNames.filter((s) => used.has(s));
  }

  /** Declares state locals and rule locals for the roots; returns the rules emitted. */
  private preamble(em: JsEmitter, roots: Expr[], exprOf: (r: string) => Expr): string[] {
    const rules = this.localRules(roots, exprOf);
    const all = [...roots, ...rules.map(exprOf)];
    for (const s of this.usedStates(all)) em.line(`const s_${s} = y[${this.stateIndex.get(s)}];`);
    em.countUses(all);
    for (const r of rules) em.temp(em.expr(exprOf(r)), `r_${r}`);
    return rules;
  }

  private hot = (r: string): Expr => this.hotRule.get(r)!;

  // ---- the functions -------------------------------------------------------------------------

  private buildRhs(odes: Expr[]) {
    const em = new JsEmitter(this.leafCode);
    this.preamble(em, odes, this.hot);
    const rates = new Map<number, string[]>();
    for (const d of this.doseTargets) {
      const i = this.doseState.get(d)!;
      rates.set(i, [...(rates.get(i) ?? []), `p[${this.rateIndex.get(d)}]`]);
    }
    odes.forEach((e, i) => {
      const extra = rates.get(i);
      const code = em.expr(e);
      em.line(`dy[${i}] = ${extra ? `${code === '0' ? '' : `${code} + `}${extra.join(' + ')}` : code};`);
    });
    return buildFunction<ModelRhsFn>('rhs', ['t', 'y', 'p', 'dy'], em);
  }

  private buildJac(odes: Expr[]) {
    const n = this.stateNames.length;
    // derivative of each rule wrt each state it depends on: an expression, or a local d_<j>_<rule>
    const dRule = new Map<string, Expr>(); // `${j}:${rule}` -> derivative (leaf, literal or local symbol)
    const dLocals: { name: string; expr: Expr }[] = [];
    const leafDeriv = (j: number) => (leaf: Leaf): Expr => {
      if (leaf.kind !== 'sym') return ZERO;
      const i = this.stateIndex.get(leaf.name);
      if (i !== undefined) return i === j ? ONE : ZERO;
      if (this.m.kinds.get(leaf.name) === 'rule' && !this.slotRules.has(leaf.name)) return dRule.get(`${j}:${leaf.name}`) ?? ZERO;
      return ZERO;
    };
    const rulesForOdes = this.localRules(odes, this.hot);
    for (const r of rulesForOdes) {
      if (this.m.constantRules.has(r)) continue; // constant even when not hoisted
      for (const j of [...this.ruleStates.get(r)!].sort((a, b) => a - b)) {
        let d = this.hoistIn(diff(this.hot(r), leafDeriv(j)));
        if (d.kind !== 'num' && d.kind !== 'sym') {
          const name = `${DERIV}${j}$${r}`;
          dLocals.push({ name, expr: d });
          d = { kind: 'sym', name };
        }
        if (!isZero(d)) dRule.set(`${j}:${r}`, d);
      }
    }
    const entries: { i: number; j: number; d: Expr }[] = [];
    const pattern: number[][] = [];
    odes.forEach((e, i) => {
      const row: number[] = [];
      for (const j of [...this.statesOf(e)].sort((a, b) => a - b)) {
        const d = this.hoistIn(diff(e, leafDeriv(j)));
        if (isZero(d)) continue;
        row.push(j);
        entries.push({ i, j, d });
      }
      pattern.push(row);
    });
    const dByName = new Map(dLocals.map((x) => [x.name, x.expr]));
    // affine in itself alone: the only Jacobian entry of the row is the diagonal, it is a constant
    // (through the derivative locals it reads), and neither the ODE nor the rules it reads use t
    const constantDeep = (e: Expr): boolean => {
      let ok = true;
      walk(e, (x) => {
        if (!ok) return false;
        if (x.kind === 'sym' && dByName.has(x.name)) { ok = constantDeep(dByName.get(x.name)!); return false; }
        if ((x.kind === 'sym' || x.kind === 'index') && !this.isConstantLeaf(x)) ok = false;
      });
      return ok;
    };
    const linear: number[] = [];
    odes.forEach((e, i) => {
      if (pattern[i].length !== 1 || pattern[i][0] !== i || this.readsTime(e)) return;
      const entry = entries.find((x) => x.i === i && x.j === i)!;
      if (constantDeep(entry.d)) linear.push(i);
    });
    // second kind: every Jacobian entry of the row constant, the other states read all of the first kind
    const firstKind = new Set(linear);
    const linearInputs: number[][] = linear.map(() => []);
    odes.forEach((e, i) => {
      if (firstKind.has(i) || pattern[i].length === 0 || this.readsTime(e)) return;
      const inputs = pattern[i].filter((j) => j !== i);
      if (inputs.length === 0 || !inputs.every((j) => firstKind.has(j))) return;
      if (!entries.filter((x) => x.i === i).every((x) => constantDeep(x.d))) return;
      linear.push(i);
      linearInputs.push(inputs);
    });
    // Only the derivative locals that are used, and the rules they (and the entries) use.
    const usedD = new Set<string>();
    const markD = (e: Expr): void => walk(e, (x) => {
      if (x.kind === 'sym' && dByName.has(x.name) && !usedD.has(x.name)) { usedD.add(x.name); markD(dByName.get(x.name)!); }
    });
    for (const { d } of entries) markD(d);
    const dUsed = dLocals.filter((x) => usedD.has(x.name));

    const em = new JsEmitter(this.leafCode);
    const roots = [...dUsed.map((x) => x.expr), ...entries.map((x) => x.d)];
    this.preamble(em, roots, this.hot);
    for (const { name, expr } of dUsed) em.temp(em.expr(expr), name);
    if (entries.length < n * n) em.line('J.fill(0);');
    for (const { i, j, d } of entries) em.line(`J[${i * n + j}] = ${em.expr(d)};`);
    return { fn: buildFunction<ModelRhsFn>('jac', ['t', 'y', 'p', 'J'], em), pattern, linear, linearInputs };
  }

  private buildOutputs(name: string, exprs: Expr[]) {
    const em = new JsEmitter(this.leafCode);
    this.preamble(em, exprs, this.hot);
    exprs.forEach((e, k) => em.line(`out[${k}] = ${em.expr(e)};`));
    return buildFunction<ModelRhsFn>(name, ['t', 'y', 'p', 'out'], em);
  }

  private buildPrepare() {
    // Raw leaves (no hoisting inside prepare): constant rules in order, then hoisted constants.
    const em = new JsEmitter(this.leafCode, '_');
    const roots = [...[...this.slotRules].map((r) => this.m.rules.get(r)!), ...this.hoisted.map((h) => h.expr)];
    em.countUses(roots);
    for (const r of this.m.ruleOrder) if (this.slotRules.has(r)) em.line(`p[${this.slot.get(r)}] = ${em.expr(this.m.rules.get(r)!)};`);
    for (const h of this.hoisted) em.line(`p[${this.slot.get(h.name)}] = ${em.expr(h.expr)};`);
    return buildFunction<PrepareFn>('prepare', ['p'], em);
  }

  /** initial(p, y0): states and the rules they use, in dependency order (checked acyclic). */
  private buildInitial() {
    const em = new JsEmitter(this.leafCode);
    const done = new Set<string>();
    const order: { kind: 'state' | 'rule'; name: string }[] = [];
    const exprOf = (kind: 'state' | 'rule', name: string): Expr | number =>
      kind === 'rule' ? this.m.rules.get(name)! : this.m.initials.get(name)!;
    const visit = (kind: 'state' | 'rule', name: string): void => {
      const key = `${kind}:${name}`;
      if (done.has(key)) return;
      done.add(key);
      const e = exprOf(kind, name);
      if (typeof e !== 'number') {
        walk(e, (x) => {
          if (x.kind !== 'sym') return;
          if (this.stateIndex.has(x.name)) visit('state', x.name);
          else if (this.m.kinds.get(x.name) === 'rule' && !this.slotRules.has(x.name)) visit('rule', x.name);
        });
      }
      order.push({ kind, name });
    };
    for (const s of this.stateNames) visit('state', s);
    em.countUses(order.map((o) => exprOf(o.kind, o.name)).filter((e): e is Expr => typeof e !== 'number'));
    for (const o of order) {
      const e = exprOf(o.kind, o.name);
      em.temp(typeof e === 'number' ? String(e) : em.expr(e), o.kind === 'state' ? `s_${o.name}` : `r_${o.name}`);
    }
    this.stateNames.forEach((s, i) => em.line(`y0[${i}] = s_${s};`));
    return buildFunction<InitialFn>('initial', ['p', 'y0'], em);
  }

  /**
   * constraints(p, out): constant rules are read from p (filled by prepare) when hoisted, otherwise
   * computed inline from the parameters.
   */
  private buildConstraints(exprs: Expr[]) {
    const em = new JsEmitter(this.leafCode);
    const raw = (r: string): Expr => this.m.rules.get(r)!;
    const rules = this.localRules(exprs, raw);
    em.countUses([...exprs, ...rules.map(raw)]);
    for (const r of rules) em.temp(em.expr(raw(r)), `r_${r}`);
    exprs.forEach((e, k) => em.line(`out[${k}] = ${em.expr(e)};`));
    return buildFunction<(p: Float64Array, out: Float64Array) => void>('constraints', ['p', 'out'], em);
  }

  /** A function of p alone (bioavailability): constant rules it uses are computed inline. */
  private buildConstantFn(e: Expr): { fn: (p: Float64Array) => number; source: string } {
    const saved = [...this.slotRules];
    this.slotRules.clear(); // compute from parameters, so it does not depend on prepare having run
    const em = new JsEmitter(this.leafCode);
    const raw = (r: string): Expr => this.m.rules.get(r)!;
    const rules = this.localRules([e], raw);
    em.countUses([e, ...rules.map(raw)]);
    for (const r of rules) em.temp(em.expr(raw(r)), `r_${r}`);
    const code = em.expr(e);
    const f = buildFunction<(p: Float64Array) => number>('constant', ['p'], em, [`return ${code};`]);
    for (const r of saved) this.slotRules.add(r);
    return f;
  }
}
