/**
 * Model predictions of a study's measurements: each arm run once (at exactly the times its
 * measurements need), arms with `after` from the final state of the arm they follow, and each
 * measurement's model value on its own scale (absolute, change, ratio, percent change, contrast
 * against another arm, increments over a window), with qualitative facts evaluated.
 *
 * Parameter overrides (a fit's parameters) replace the model's defaults; what an arm's scenario
 * sets (explicit `parameters`, or derived by the model's adapter from `diet`, `conditions`, …) wins.
 *
 * With a `SensitivityFn` (exact forward sensitivities, or `fdSensitivities`), each measurement also
 * gets ∂value/∂ln p_k by the chain rule through the measurement's formula.
 */
import type { Model } from '../../model/model.js';
import { simulate, type SimulationResult } from '../../simulate/run.js';
import type { Scenario } from '../../simulate/scenario.js';
import { simulateSensitivities } from '../../simulate/sensitivity.js';
import type { Arm, Measurement, Study, Window } from './study.js';
import { METHOD_TABLE } from '../../solver/methods/table.js';

/** Output sensitivities of one arm run. */
export interface ArmSensitivities {
  /** The arm's run (its columns are the model values). */
  result: SimulationResult;
  /** ∂ column(name)[row] / ∂θ_k at the run's output rows, one array per θ_k (θ = ln p). */
  output(name: string): Float64Array[];
  /** ∂ y(duration) / ∂θ_k, one array (length = number of states) per θ_k; needed when another arm starts after this one. */
  final(): Float64Array[];
}

/**
 * Runs `scenario` on `model` with sensitivities with respect to θ_k = ln p_k. `params[k]` is the
 * parameter θ_k acts on directly in this run, or null when the run fixes it (then θ_k still acts
 * through `initialSens`, the sensitivities ∂y(0)/∂θ_k of an arm that starts from another's end).
 * Exact forward sensitivities implement this interface; `fdSensitivities` is the fallback.
 */
export type SensitivityFn = (model: Model, scenario: Scenario, params: readonly (string | null)[], initialSens?: readonly Float64Array[]) => ArmSensitivities;

/**
 * The model's value for one measurement (natural scale, the observed value's unit), whether a
 * qualitative fact holds, and its gradient in θ = ln p when sensitivities were asked for.
 */
export interface MeasurementPrediction {
  /** The measurement predicted. */
  measurement: Measurement;
  /** The model value on the measurement's natural scale (same unit as the observed value). */
  value: number;
  /** Qualitative facts: whether the model satisfies the direction and range. */
  pass?: boolean;
  /** The model's value of the observable at the measurement (a) and at its reference (b: the baseline or the `versus` arm; NaN when none). */
  a?: number;
  /** See `a`. */
  b?: number;
  /** ∂value/∂θ_k (only with sensitivities). */
  grad?: Float64Array;
}

/**
 * The model's predictions for every measurement of one study (`predictStudy`), or why an arm's run
 * failed.
 */
export interface StudyPrediction {
  /** The study. */
  study: Study;
  /** One prediction per measurement, arm by arm. */
  predictions: MeasurementPrediction[];
  /** Why an arm's run failed (then `predictions` is empty). */
  failure?: string;
}

/** Options of `predictStudy`: sensitivities with respect to ln p of named parameters. */
export interface PredictOptions {
  /** Sensitivities with respect to ln p of these parameter names (requires `sensitivities`). */
  gradient?: {
    /** The parameters p whose ln p the gradient is taken in. */
    params: readonly string[];
    /** How the model's sensitivities are computed. */
    sensitivities: SensitivityFn;
  };
  /**
   * Run every arm as a forward-sensitivity run integrates it (`forwardScenario`), with or without
   * `gradient`: the predictions without the gradient are then bit for bit those with it.
   */
  asForward?: boolean;
}

/** The arm's scenario with the overrides under its own settings, and the start state of `after`. */
export function armScenario(arm: Arm, params: Readonly<Record<string, number>> | undefined, start?: Float64Array, model?: Model): Scenario {
  const s = arm.scenario;
  const parameters = params ? { ...params, ...s.parameters } : s.parameters;
  let initial = s.initial;
  if (start && model) {
    const fromPrev: Record<string, number> = {};
    model.stateNames.forEach((n, i) => { fromPrev[n] = start[i]; });
    initial = { ...fromPrev, ...s.initial };
  }
  return { ...s, parameters, initial };
}

function rowOf(time: Float64Array, t: number): number {
  let best = 0;
  for (let i = 1; i < time.length; i++) if (Math.abs(time[i] - t) < Math.abs(time[best] - t)) best = i;
  if (Math.abs(time[best] - t) > 1e-9 * Math.max(1, Math.abs(t))) throw new Error(`no output row at t = ${t}`);
  return best;
}

/** The value of a column at a time point, or its increment over a window. */
function sample(time: Float64Array, col: Float64Array, w: Window): number {
  return w.t1 === undefined ? col[rowOf(time, w.t2)] : col[rowOf(time, w.t2)] - col[rowOf(time, w.t1)];
}

/** A measurement's model value from two readings (`combine`), with its partial derivatives. */
export interface Combined {
  /** The measured quantity, in the measurement's unit. */
  value: number;
  /** ∂value/∂a (this arm's reading). */
  da: number;
  /** ∂value/∂b (the reference's reading). */
  db: number;
}

/** Model value of a measurement from a (this arm) and b (reference), and ∂value/∂a, ∂value/∂b. */
export function combine(m: Measurement, a: number, b: number): Combined {
  switch (m.quantity) {
    case 'absolute': return { value: a, da: 1, db: 0 };
    case 'change': return { value: a - b, da: 1, db: -1 };
    case 'ratio': return { value: a / b, da: 1 / b, db: -a / (b * b) };
    case 'percent_change': return { value: 100 * (a / b - 1), da: 100 / b, db: (-100 * a) / (b * b) };
  }
}

/** A difference of changes from baseline (`combine4`): its value and its partial derivatives. */
export interface DifferenceOfChanges {
  /** The measured quantity, in the measurement's unit. */
  value: number;
  /** ∂value/∂a, ∂value/∂a0, ∂value/∂b, ∂value/∂b0. */
  d: [number, number, number, number];
}

/**
 * Model value of a difference of changes from baseline between two arms (`versus` with `baseline`):
 * this arm a at the time and a0 at the baseline, the other arm b and b0. change: (a − a0) − (b − b0);
 * percent_change: 100·(a/a0 − b/b0), the placebo-adjusted percent change of trials; ratio:
 * (a/a0)/(b/b0). With the partial derivatives in a, a0, b, b0.
 */
export function combine4(m: Measurement, a: number, a0: number, b: number, b0: number): DifferenceOfChanges {
  switch (m.quantity) {
    case 'absolute': return { value: a, d: [1, 0, 0, 0] };
    case 'change': return { value: a - a0 - (b - b0), d: [1, -1, -1, 1] };
    case 'ratio': { const v = (a / a0) / (b / b0); return { value: v, d: [v / a, -v / a0, -v / b, v / b0] }; }
    case 'percent_change': return { value: 100 * (a / a0 - b / b0), d: [100 / a0, (-100 * a) / (a0 * a0), -100 / b0, (100 * b) / (b0 * b0)] };
  }
}

/** Whether a qualitative measurement holds: direction of a against b, and the range of the value. */
export function qualitativePass(m: Measurement, a: number, b: number, value: number): boolean {
  let ok = true;
  switch (m.direction) {
    case 'increase': ok = a > b; break;
    case 'decrease': ok = a < b; break;
    case 'no_increase': ok = a <= b; break;
    case 'no_decrease': ok = a >= b; break;
    default: break;
  }
  if (m.range?.lower !== undefined && !(value >= m.range.lower)) ok = false;
  if (m.range?.upper !== undefined && !(value <= m.range.upper)) ok = false;
  return ok;
}

function finalState(res: SimulationResult): Float64Array {
  const n = res.time.length - 1;
  if (Math.abs(res.time[n] - res.scenario.duration) > 1e-9 * Math.max(1, res.scenario.duration)) throw new Error('the run has no output at its end');
  return Float64Array.from(res.model.stateNames, (s) => res.column(s)[n]);
}

/**
 * Predicts every measurement of a study on `model`, with `params` (values, not logs) replacing
 * the model's defaults. A failed run is reported in `failure`, not thrown.
 */
export function predictStudy(study: Study, model: Model, params?: Readonly<Record<string, number>>, opts: PredictOptions = {}): StudyPrediction {
  const runs = new Map<string, SimulationResult>();
  const sens = new Map<string, ArmSensitivities>();
  const finals = new Map<string, Float64Array>();
  const grad = opts.gradient;
  for (const arm of study.arms) {
    const start = arm.after !== undefined ? finals.get(arm.after) : undefined;
    let scenario: Scenario;
    try {
      scenario = armScenario(arm, params, start, model);
      if (opts.asForward) scenario = forwardScenario(scenario);
    } catch (e) {
      return { study, predictions: [], failure: `arm ${arm.id}: ${(e as Error).message}` };
    }
    let res: SimulationResult;
    try {
      if (grad) {
        const direct = grad.params.map((p) => (p in arm.scenario.parameters ? null : p));
        let initialSens: Float64Array[] | undefined;
        if (arm.after !== undefined) {
          // states the arm sets itself do not depend on θ
          initialSens = sens.get(arm.after)!.final().map((v) => Float64Array.from(v));
          for (const name of Object.keys(arm.scenario.initial)) {
            const i = model.stateNames.indexOf(name);
            for (const v of initialSens) v[i] = 0;
          }
        }
        const s = grad.sensitivities(model, scenario, direct, initialSens);
        sens.set(arm.id, s);
        res = s.result;
      } else res = simulate(model, scenario);
    } catch (e) {
      return { study, predictions: [], failure: `arm ${arm.id}: ${(e as Error).message}` };
    }
    if (res.code !== 'success') return { study, predictions: [], failure: `arm ${arm.id}: ${res.code}: ${res.message}` };
    runs.set(arm.id, res);
    if (study.arms.some((x) => x.after === arm.id)) finals.set(arm.id, finalState(res));
  }
  const predictions: MeasurementPrediction[] = [];
  for (const arm of study.arms) {
    for (const m of arm.measurements) {
      const ra = runs.get(m.arm)!;
      const t0 = m.reference?.baseline;
      // the compared quantity of one observable, from its readings a (and b), or with a common baseline t0 (a difference of
      // changes from baseline between the arms) a, a0, b, b0, each reading with its partial derivative
      const compared = (obs: string): { value: number; a: number; b: number; pass?: boolean; terms: [number, string, Window][] } => {
        const a = sample(ra.time, ra.column(obs), m.at);
        let b = NaN;
        if (m.reference) {
          const rb = runs.get(m.reference.arm)!;
          b = sample(rb.time, rb.column(obs), m.reference.at);
        }
        if (t0 !== undefined) {
          const ref = m.reference!, rb = runs.get(ref.arm)!;
          const a0 = sample(ra.time, ra.column(obs), { t2: t0 }), b0 = sample(rb.time, rb.column(obs), { t2: t0 });
          const c4 = combine4(m, a, a0, b, b0);
          // a direction says whether this arm changed more than the other: the difference against no difference (1 for a ratio)
          const pass = m.kind === 'qualitative' ? qualitativePass(m, c4.value, m.quantity === 'ratio' ? 1 : 0, c4.value) : undefined;
          return { value: c4.value, a, b, pass, terms: [[c4.d[0], m.arm, m.at], [c4.d[1], m.arm, { t2: t0 }], [c4.d[2], ref.arm, ref.at], [c4.d[3], ref.arm, { t2: t0 }]] };
        }
        const c = combine(m, a, b);
        const pass = m.kind === 'qualitative' ? qualitativePass(m, a, b, c.value) : undefined;
        return { value: c.value, a, b, pass, terms: [[c.da, m.arm, m.at], ...(m.reference && c.db !== 0 ? [[c.db, m.reference.arm, m.reference.at] as [number, string, Window]] : [])] };
      };
      const num = compared(m.observable);
      const den = m.per !== undefined ? compared(m.per) : undefined;
      // with per: the quotient of the two compared quantities (a range only; study.ts allows no direction with it)
      // (a zero denominator gives a non-finite quotient, which no range holds)
      const k = m.perScale ?? 1;
      const value = den ? k * num.value / den.value : num.value;
      const pass = den ? (m.kind === 'qualitative' ? qualitativePass(m, value, value, value) : undefined) : num.pass;
      const p: MeasurementPrediction = { measurement: m, value, a: num.a, b: num.b };
      if (pass !== undefined) p.pass = pass;
      if (grad) {
        const g = new Float64Array(grad.params.length);
        const add = (obs: string, terms: [number, string, Window][], scale: number): void => {
          for (const [coef, armId, at] of terms) {
            const sv = sens.get(armId)!.output(obs), tv = runs.get(armId)!.time;
            for (let k = 0; k < g.length; k++) g[k] += scale * coef * sample(tv, sv[k], at);
          }
        };
        // d(n/d) = dn/d − n·dd/d²
        if (den) { add(m.observable, num.terms, k / den.value); add(m.per!, den.terms, -k * num.value / (den.value * den.value)); }
        else add(m.observable, num.terms, 1);
        p.grad = g;
      }
      predictions.push(p);
    }
  }
  return { study, predictions };
}

/**
 * Sensitivities by central finite differences in θ = ln p (the fallback until exact forward
 * sensitivities land): θ_k ± h, and the initial state moved along ±h·∂y(0)/∂θ_k when the arm starts
 * from another's end; 2 runs per parameter. Truncation error O(h²), rounding O(tol/h): h = 1e-3
 * suits the default tolerances (1e-8).
 */
export function fdSensitivities(h = 1e-3): SensitivityFn {
  return (model, scenario, params, initialSens) => {
    const result = simulate(model, scenario);
    if (result.code !== 'success') throw new Error(`${result.code}: ${result.message}`);
    const y0 = result.y0;
    const pairs = params.map((name, k) => {
      const shifted = (sign: number): SimulationResult => {
        const parameters = { ...scenario.parameters };
        if (name !== null) parameters[name] = (parameters[name] ?? model.spec.parameters[name].value) * Math.exp(sign * h);
        let initial = scenario.initial;
        if (initialSens) {
          initial = {};
          model.stateNames.forEach((s, i) => { initial[s] = y0[i] + sign * h * initialSens[k][i]; });
        }
        const r = simulate(model, { ...scenario, parameters, initial });
        if (r.code !== 'success') throw new Error(`finite-difference run (${name ?? 'initial state'} ${sign > 0 ? '+' : '−'}) failed: ${r.code}: ${r.message}`);
        return r;
      };
      return [shifted(1), shifted(-1)] as const;
    });
    const diff = (a: Float64Array, b: Float64Array): Float64Array => Float64Array.from(a, (x, i) => (x - b[i]) / (2 * h));
    return {
      result,
      output: (name) => pairs.map(([up, down]) => diff(up.column(name), down.column(name))),
      final: () => pairs.map(([up, down]) => diff(finalState(up), finalState(down))),
    };
  };
}

/** Solver methods `simulateSensitivities` integrates the sensitivities with. */
export const FORWARD_METHODS: readonly string[] = METHOD_TABLE.filter((m) => m.forwardSensitivities).map((m) => m.scenarioName ?? m.name);

/** Whether `forwardSensitivities` runs `scenario` exactly (else it falls back to finite differences). */
export function forwardSupported(scenario: Scenario): boolean {
  return FORWARD_METHODS.includes(scenario.solver.method);
}

/**
 * The scenario as a forward-sensitivity run integrates it: on a method with forward sensitivities
 * (bdf, dopri) the closed-form linear states (`solver.exactLinear`) are integrated like the others,
 * since `simulateSensitivities` cannot carry them in closed form. `simulate` of the result gives the
 * states of `simulateSensitivities` of it bit for bit (the sensitivities stay out of the error test);
 * with the closed forms the two differ by the solver's tolerance. Other scenarios are returned as they are.
 */
export function forwardScenario(scenario: Scenario): Scenario {
  if (!forwardSupported(scenario) || !scenario.solver.exactLinear) return scenario;
  return { ...scenario, solver: { ...scenario.solver, exactLinear: false } };
}

/**
 * Exact forward sensitivities (simulate/sensitivity.ts) behind the `SensitivityFn` interface:
 * ∂/∂θ_k = p_k·∂/∂p_k, with p_k the value in force at the start of the run. An entry the run fixes
 * (null) is integrated with its direct terms off (`fixed`), from the initial sensitivities only; a
 * stand-in name carries it (its direct terms are never used). Arms that start `after` another pass
 * ∂y(0)/∂θ_k, converted to ∂y(0)/∂p_k for the direct entries. A scenario whose solver method has no
 * sensitivity integration (rodas) falls back to `fallback` (default `fdSensitivities()`).
 */
export function forwardSensitivities(opts: { fallback?: SensitivityFn; errorControl?: boolean } = {}): SensitivityFn {
  const fallback = opts.fallback ?? fdSensitivities();
  return (model, scenario, params, initialSens) => {
    if (!forwardSupported(scenario)) return fallback(model, scenario, params, initialSens);
    const n = model.stateNames.length;
    // entries that can be nonzero: direct ones, and fixed ones with a nonzero start
    const active: number[] = [];
    params.forEach((name, k) => {
      if (name !== null || (initialSens && initialSens[k].some((v) => v !== 0))) active.push(k);
    });
    const used = new Set(params.filter((x): x is string => x !== null));
    const spare = model.parameterNames.filter((x) => !used.has(x) && model.p[model.paramIndex(x)] !== 0);
    const names: string[] = [], scale: number[] = [], fixed: boolean[] = [], initial: (Float64Array | null)[] = [];
    for (const k of active) {
      const name = params[k];
      if (name === null) {
        const stand = spare.shift();
        if (stand === undefined) return fallback(model, scenario, params, initialSens);
        names.push(stand); scale.push(1); fixed.push(true);
        initial.push(initialSens![k]);
      } else {
        const pk = scenario.parameters[name] ?? model.p[model.paramIndex(name)];
        names.push(name); scale.push(pk); fixed.push(false);
        initial.push(initialSens ? Float64Array.from(initialSens[k], (v) => v / pk) : null);
      }
    }
    if (names.length === 0) {
      // as the sensitivity run would have integrated it (the closed forms off)
      const result = simulate(model, forwardScenario(scenario));
      const zero = (len: number): Float64Array[] => params.map(() => new Float64Array(len));
      return { result, output: () => zero(result.time.length), final: () => zero(n) };
    }
    const result = simulateSensitivities(model, scenario, { parameters: names, fixed, initial, errorControl: opts.errorControl });
    const rows = result.time.length;
    const byParam = (column: string): Float64Array[] => {
      const out = params.map(() => new Float64Array(rows));
      active.forEach((k, j) => {
        const s = result.sensitivity(column, names[j]), c = scale[j], o = out[k];
        for (let i = 0; i < rows; i++) o[i] = c * s[i];
      });
      return out;
    };
    return {
      result,
      output: byParam,
      final: () => {
        const out = params.map(() => new Float64Array(n));
        const last = rows - 1;
        if (last < 0 || Math.abs(result.time[last] - scenario.duration) > 1e-9 * Math.max(1, scenario.duration)) throw new Error('the run has no output at its end');
        active.forEach((k, j) => {
          model.stateNames.forEach((st, i) => { out[k][i] = scale[j] * result.sensitivity(st, names[j])[last]; });
        });
        return out;
      },
    };
  };
}
