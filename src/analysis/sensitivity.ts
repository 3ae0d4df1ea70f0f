/**
 * Local sensitivity analysis: which parameters move an output, and by how much.
 *
 * For each parameter p_k (non-zero default) and output y at time T of a scenario, the normalised
 * (logarithmic) sensitivity S = ∂ln y / ∂ln p ≈ [y(p(1+δ)) − y(p(1−δ))] / (2δ·y) by central
 * differences, δ = 1% by default: "a 1% increase in p changes y by S %". For outputs that are
 * themselves changes from baseline (e.g. BMD_ls, % change, 0 at baseline) or can be 0, the
 * semi-normalised ∂y / ∂ln p (units of y per relative change of p) is reported alongside.
 *
 * Two methods: 'fd' as above (2 runs per parameter), and 'forward' (default where the scenario's
 * solver supports it: bdf or dopri): ∂y/∂p from one run with forward sensitivities
 * (simulate/sensitivity.ts), exact up to the solver tolerance, then the same normalisations. They
 * differ by the finite difference's truncation error (O(δ²)) and where the right-hand side jumps at
 * a state-dependent threshold during the run (see docs/evidence.md, "Forward sensitivities").
 *
 * Caution (documented for users): parameters that set a reference or initial level (e.g. a
 * baseline concentration) move the model away from its steady state when perturbed, so their
 * sensitivity includes that transient. Cost: 2 runs per parameter.
 */
import { humanTime } from '../simulate/display.js';
import type { Model } from '../model/model.js';
import { simulate } from '../simulate/run.js';
import type { Scenario } from '../simulate/scenario.js';
import { InputError } from '../core/issues.js';
import { simulateSensitivities } from '../simulate/sensitivity.js';

/** 'forward': one run with forward sensitivities; 'fd': central differences, 2 runs per parameter. */
export type SensitivityMethod = 'forward' | 'fd';

/** The default method for a scenario: forward where its solver method supports it. */
export function defaultSensitivityMethod(scenario: Scenario): SensitivityMethod {
  return scenario.solver.method === 'rodas' ? 'fd' : 'forward';
}

/**
 * Options of `localSensitivity`: the outputs, when to read them (model time units, default the end),
 * the parameters to perturb (default all non-zero), the relative step `delta` of finite differences
 * (default 0.01) and the method.
 */
export interface SensitivityOptions {
  /** Outputs (states or observables) whose sensitivities are wanted. */
  outputs: readonly string[];
  /** Time (model units) at which outputs are read; default the end of the scenario. */
  at?: number;
  /** Parameters to perturb; default every parameter with a non-zero value (switches excluded). */
  parameters?: readonly string[];
  /** Relative perturbation; default 0.01 (method 'fd' only). */
  delta?: number;
  /** Default: 'fd' when delta is given, else defaultSensitivityMethod(scenario). */
  method?: SensitivityMethod;
  /** Called after each run, for progress bars. */
  onRun?: (done: number, total: number) => void;
}

/**
 * The sensitivities of the outputs to one parameter: normalised ∂ln y/∂ln p ("1 % more p moves y by
 * S %") and semi-normalised ∂y/∂ln p (y's unit, for outputs that are changes or can be 0).
 */
export interface ParameterSensitivity {
  /** The parameter's name. */
  parameter: string;
  /** Its value in the scenario (the point of the derivative). */
  value: number;
  /** Its unit. */
  unit: string;
  /** The parameter's description (from the model spec). */
  description?: string;
  /** ∂ln y/∂ln p per output (NaN where y = 0). */
  normalised: Record<string, number>;
  /** ∂y/∂ln p per output (units of y). */
  semiNormalised: Record<string, number>;
}

/**
 * The result of `localSensitivity`: the outputs' base values at the reading time, the method and
 * step used, one entry per parameter, and the runs that failed. Print it with `formatSensitivity`.
 */
export interface SensitivityResult {
  /** The scenario's name. */
  scenario: string;
  /** When the outputs were read (model time units). */
  time: number;
  /** The model's time unit. */
  timeUnit: string;
  /** The outputs. */
  outputs: string[];
  /** The outputs' values at `time` in the unperturbed run. */
  base: Record<string, number>;
  /** How the derivatives were computed. */
  method: SensitivityMethod;
  /** Relative perturbation of the 'fd' method (0 for 'forward'). */
  delta: number;
  /** One entry per parameter, in request order. */
  parameters: ParameterSensitivity[];
  /** Runs that failed numerically (the parameter is reported with NaN). */
  failures: {
    /** The parameter whose perturbed run failed. */
    parameter: string;
    /** Why it failed. */
    message: string;
  }[];
}

function readAt(model: Model, s: Scenario, outputs: readonly string[], at: number): Record<string, number> | string {
  let r;
  try {
    r = simulate(model, { ...s, outputTimes: Float64Array.of(at), duration: at });
  } catch (e) {
    return (e as Error).message; // a parameter value outside the model's domain (ModelInputError)
  }
  if (r.code !== 'success') return r.message;
  return Object.fromEntries(outputs.map((o) => [o, r.column(o)[0]]));
}

/**
 * Local sensitivity of outputs at one time to each parameter: normalised ∂ln y/∂ln p and
 * semi-normalised ∂y/∂ln p. Method `forward` (the default where the scenario's solver has it: bdf,
 * dopri) takes ∂y/∂p from one run with forward sensitivities, exact to the solver tolerance; `fd`
 * uses central differences, y(p(1 ± δ)), two runs per parameter. Use it for "which parameters move
 * this output here"; for ranges of values use `morris` (screening) or Sobol analysis. A parameter
 * that sets a reference or initial level moves the model off its steady state when perturbed, so
 * its sensitivity includes that transient. Throws InputError listing every problem.
 */
export function localSensitivity(model: Model, scenario: Scenario, opts: SensitivityOptions): SensitivityResult {
  const outputs = [...opts.outputs];
  const known = new Set([...model.observableNames, ...model.stateNames]);
  const issues = outputs.filter((o) => !known.has(o)).map((o) => ({ path: ['outputs', o], message: `unknown output of ${model.id}` }));
  const at = opts.at ?? scenario.duration;
  if (!(at > 0 && at <= scenario.duration)) issues.push({ path: ['at'], message: `${at} must be in (0, ${scenario.duration}] ${model.timeUnit}` });
  const delta = opts.delta ?? 0.01;
  if (!(delta > 0 && delta < 0.5)) issues.push({ path: ['delta'], message: `${delta} must be in (0, 0.5)` });
  const current = (k: string): number => scenario.parameters[k] ?? model.spec.parameters[k]?.value ?? NaN;
  const names = opts.parameters ? [...opts.parameters] : model.parameterNames.filter((k) => current(k) !== 0);
  for (const k of names) {
    if (!model.spec.parameters[k]) issues.push({ path: ['parameters', k], message: `not a parameter of ${model.id}` });
    else if (current(k) === 0) issues.push({ path: ['parameters', k], message: 'is 0: a relative perturbation does nothing' });
  }
  // a perturbation asks for finite differences
  const method = opts.method ?? (opts.delta !== undefined ? 'fd' : defaultSensitivityMethod(scenario));
  if (method !== 'forward' && method !== 'fd') issues.push({ path: ['method'], message: `${String(method)} is not a method; use forward or fd` });
  else if (method === 'forward' && scenario.solver.method === 'rodas') {
    issues.push({ path: ['method'], message: "forward needs the bdf or dopri solver (the scenario uses rodas): use --method fd, or set solver.method to 'bdf'" });
  }
  if (issues.length) throw new InputError(issues);
  if (method === 'forward') return forwardSensitivity(model, scenario, outputs, names, at, current, opts);

  const base = readAt(model, scenario, outputs, at);
  if (typeof base === 'string') throw new Error(`the unperturbed scenario failed: ${base}`);
  const total = 2 * names.length;
  let done = 0;
  const failures: SensitivityResult['failures'] = [];
  const parameters: ParameterSensitivity[] = names.map((k) => {
    const v = current(k);
    const spec = model.spec.parameters[k];
    const run = (f: number): Record<string, number> | string => {
      let x = v * f;
      if (spec.bounds) x = Math.min(spec.bounds[1], Math.max(spec.bounds[0], x));
      const r = readAt(model, { ...scenario, parameters: { ...scenario.parameters, [k]: x } }, outputs, at);
      opts.onRun?.(++done, total);
      return r;
    };
    const up = run(1 + delta), down = run(1 - delta);
    const normalised: Record<string, number> = {}, semiNormalised: Record<string, number> = {};
    if (typeof up === 'string' || typeof down === 'string') {
      failures.push({ parameter: k, message: typeof up === 'string' ? up : (down as string) });
      for (const o of outputs) { normalised[o] = NaN; semiNormalised[o] = NaN; }
    } else {
      for (const o of outputs) {
        const d = (up[o] - down[o]) / (2 * delta);
        semiNormalised[o] = d;
        normalised[o] = base[o] === 0 ? NaN : d / base[o];
      }
    }
    return { parameter: k, value: v, unit: spec.unit, description: spec.description, normalised, semiNormalised };
  });
  return { scenario: scenario.name, time: at, timeUnit: model.timeUnit, outputs, base, method, delta, parameters, failures };
}

/** ∂y/∂p of every parameter from one run with forward sensitivities, normalised as the fd method. */
function forwardSensitivity(
  model: Model, scenario: Scenario, outputs: string[], names: string[], at: number,
  current: (k: string) => number, opts: SensitivityOptions,
): SensitivityResult {
  const r = simulateSensitivities(model, { ...scenario, outputTimes: Float64Array.of(at), duration: at }, { parameters: names });
  if (r.code !== 'success') throw new Error(`the forward-sensitivity run failed: ${r.message}`);
  opts.onRun?.(1, 1);
  const base = Object.fromEntries(outputs.map((o) => [o, r.column(o)[0]]));
  const parameters: ParameterSensitivity[] = names.map((k) => {
    const v = current(k);
    const normalised: Record<string, number> = {}, semiNormalised: Record<string, number> = {};
    for (const o of outputs) {
      const d = r.sensitivity(o, k)[0] * v;
      semiNormalised[o] = d;
      normalised[o] = base[o] === 0 ? NaN : d / base[o];
    }
    return { parameter: k, value: v, unit: model.spec.parameters[k].unit, description: model.spec.parameters[k].description, normalised, semiNormalised };
  });
  return { scenario: scenario.name, time: at, timeUnit: model.timeUnit, outputs, base, method: 'forward', delta: 0, parameters, failures: [] };
}

/** Markdown: per output, the `top` parameters by |∂y/∂ln p|. */
export function formatSensitivity(r: SensitivityResult, top = 15): string {
  const f = (x: number): string => (Number.isFinite(x) ? Number(x.toPrecision(3)).toString() : '–');
  const how = r.method === 'forward' ? 'forward sensitivities, one run' : `central differences, ±${r.delta * 100}% per parameter`;
  const lines = [`Local sensitivity of '${r.scenario}' at t = ${humanTime(r.time, r.timeUnit)} (${how}; ${r.parameters.length} parameters)`];
  for (const o of r.outputs) {
    lines.push('', `### ${o} = ${f(r.base[o])}`, '', '| parameter | value | unit | ∂ln y/∂ln p | ∂y/∂ln p | description |', '|---|---|---|---|---|---|');
    const rows = [...r.parameters].sort((a, b) => Math.abs(b.semiNormalised[o] || 0) - Math.abs(a.semiNormalised[o] || 0)).slice(0, top);
    const about = (d: string | undefined) => (d ? (d.length > 70 ? `${d.slice(0, 69)}…` : d).replace(/\|/g, '/') : '');
    for (const p of rows) lines.push(`| ${p.parameter} | ${f(p.value)} | ${p.unit === '?' ? '? (not given by the source)' : p.unit} | ${f(p.normalised[o])} | ${f(p.semiNormalised[o])} | ${about(p.description)} |`);
  }
  if (r.failures.length) lines.push('', `Failed runs: ${r.failures.map((x) => `${x.parameter} (${x.message})`).join('; ')}`);
  return lines.join('\n') + '\n';
}
