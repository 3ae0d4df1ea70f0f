/**
 * Scenario files: what to simulate, with units explicit at the boundary. Validation reports every
 * problem at once with its path; nothing runs on invalid input.
 *
 * ```json
 * { "model": "peterson-riggs-2010", "duration": "365 d", "output": { "every": "24 h" },
 *   "parameters": { "GFR": 2.99994 }, "initial": { "PTmax": 0.5 },
 *   "doses": [ { "cmt": "TERISC", "amt": "20 ug", "time": "12 h", "ii": "24 h", "addl": 364 } ],
 *   "solver": { "rtol": 1e-8, "atol": 1e-8 } }
 * ```
 */
import type { Model } from '../model/model.js';
import type { DoseRecord } from '../model/dosing.js';
import { scenarioMethodNames, type MethodName } from '../solver/methods/table.js';
import type { DoseInput } from '../model/registry.js';
import { InputIssue, IssuePath, didYouMean, showValue } from '../core/issues.js';
import { checkShape, isPlainRecord as isRecord } from '../core/shape.js';
import { convert, convertDoseAmount, dimensionOf, hasDimension, parseQuantity, Quantity } from '../model/quantity.js';
import { ScenarioSchema, MAX_YEARS } from './scenario-schema.js';

export type { MethodName } from '../solver/methods/table.js';

export type { DoseInput } from '../model/registry.js';

export type { ScenarioInput } from './scenario-schema.js';
export { SCENARIO_KEYS, OUTPUT_KEYS, DOSE_KEYS, SOLVER_KEYS, CHANGE_KEYS, MAX_YEARS } from './scenario-schema.js';

/** A change of parameters and switches at a time during the run (e.g. a diet change, a drug started). */
export interface ScenarioChange {
  /** When the change takes effect, in model time units. */
  time: number;
  /** Parameter values from this time on (absolute, in the parameters' units). */
  parameters: Record<string, number>;
  /** Switches set from this time on. */
  switches: Record<string, boolean>;
}

/** A validated scenario in the model's own units. */
export interface Scenario {
  /** The scenario's name (the model id when the file gives none). */
  name: string;
  /** Free text from the scenario file ('' when none). */
  description: string;
  /** The id of the model it was validated against. */
  modelId: string;
  /** Run length in model time units (from t = 0). */
  duration: number;
  /** Output times in model time units, increasing, within [0, duration]. */
  outputTimes: Float64Array;
  /** At an output time that is also a dose time: the state before or after the dose. */
  outputAtDose: 'before' | 'after';
  /** Parameter values replacing the model's defaults (model units). */
  parameters: Record<string, number>;
  /** Pathway switches set on or off. */
  switches: Record<string, boolean>;
  /** Parameter and switch changes during the run, in time order (values absolute, in model units). */
  changes: ScenarioChange[];
  /** Initial values replacing the model's (state units), applied after the steady state. */
  initial: Record<string, number>;
  /** Start from the model's steady state under the scenario's parameters. */
  steadyState: boolean;
  /** Dose records (NONMEM style: cmt, amt, time, ii, addl, rate), amounts in the target's unit. */
  doses: DoseRecord[];
  /** maxWallTime: wall-clock budget of a run in seconds (undefined: none; the CLI sets 60 s). */
  solver: {
    /** Relative tolerance (default 1e-8). */
    rtol: number;
    /** Absolute tolerance, in the states' units (default 1e-8). */
    atol: number;
    /** The integrator (default `bdf`). */
    method: MethodName;
    /** Most integrator steps (default 5,000,000). */
    maxSteps: number;
    /** Seconds of wall-clock time for the run, steady state included; absent: no limit. */
    maxWallTime?: number;
    /** Whether dosing depots and the compartments they alone feed are carried in closed form between events (default true). */
    exactLinear: boolean;
  };
}

/** Most dose events (time stops) within one run: a daily dose for over 500 years, an hourly one for 20. */
export const MAX_DOSE_EVENTS = 200_000;

/** Memory budget of a result table (states and observables at every output time). */
export const MAX_RESULT_BYTES = 2e9;

const METHODS: MethodName[] = scenarioMethodNames();

/** Default output grid when none is given: about 200 points. */
function defaultGrid(duration: number): Float64Array {
  const n = 200;
  const g = new Float64Array(n + 1);
  // (duration·i)/n can round one ulp past the duration (1536.096 min = 25.6016 h): clamp, end exactly
  for (let i = 0; i < n; i++) g[i] = Math.min((duration * i) / n, duration);
  g[n] = duration;
  return g;
}

/**
 * Validates a scenario against a model. `extensionKeys` are extra top-level keys a model's scenario
 * adapter understands (e.g. "diet"); they are left for the adapter. Returns the normalised scenario
 * or the full list of issues.
 *
 * Two passes: the shape against the declared format (`ScenarioSchema`: objects, arrays, unknown
 * keys, model-independent values), then what depends on the model (times in its time unit, names,
 * dose targets and amounts, bounds, sizes). The second pass reads only values of the right shape
 * and reports no shape problem again.
 */
export function validateScenario(
  input: unknown, model: Model, extensionKeys: readonly string[] = [],
): {
  /** The checked scenario, when there is no issue. */
  scenario?: Scenario;
  /** Every problem, each with its path ([] when valid). */
  issues: InputIssue[];
} {
  const issues: InputIssue[] = [];
  checkShape(ScenarioSchema, input, issues, extensionKeys);
  if (!isRecord(input)) return { issues };
  const tu = model.timeUnit;
  const maxTime = convert(parseQuantity(`${MAX_YEARS} y`) as Quantity, tu);

  const time = (v: unknown, path: IssuePath, opts: { positive?: boolean; allowZero?: boolean } = {}): number | undefined => {
    const q = parseQuantity(v, tu);
    if (typeof q === 'string') { issues.push({ path, message: q }); return undefined; }
    if (!hasDimension(q, 'time')) { issues.push({ path, message: `${showValue(v)} is a ${dimensionOf(q)}, expected a time (e.g. "24 h", "5 y")` }); return undefined; }
    const x = convert(q, tu);
    if (!Number.isFinite(x)) { issues.push({ path, message: `${showValue(v)} is not finite` }); return undefined; }
    if (Math.abs(x) > maxTime) { issues.push({ path, message: `${showValue(v)} is outside the allowed range of times [0, ${MAX_YEARS} y] (${+maxTime.toPrecision(6)} ${tu})` }); return undefined; }
    if (opts.positive && !(x > 0)) { issues.push({ path, message: `${showValue(v)} must be > 0` }); return undefined; }
    if (!opts.positive && x < 0) { issues.push({ path, message: `${showValue(v)} must be ≥ 0` }); return undefined; }
    return x;
  };

  if (input.model !== undefined && input.model !== model.id) {
    issues.push({ path: ['model'], message: `"${String(input.model)}" does not match the model "${model.id}"` });
  }
  let duration: number | undefined;
  if (input.duration === undefined) issues.push({ path: ['duration'], message: 'required (e.g. "365 d")' });
  else duration = time(input.duration, ['duration'], { positive: true });

  // output grid
  let outputTimes: Float64Array | undefined;
  let outputAtDose: 'before' | 'after' = 'before';
  if (input.output !== undefined) {
    if (isRecord(input.output)) {
      const o = input.output;
      if (o.every !== undefined && o.times !== undefined) issues.push({ path: ['output'], message: 'give either "every" or "times", not both' });
      if (o.atDose === 'before' || o.atDose === 'after') outputAtDose = o.atDose;
      if (o.every !== undefined) {
        const every = time(o.every, ['output', 'every'], { positive: true });
        if (every !== undefined && duration !== undefined) {
          const n = Math.floor(duration / every + 1e-9);
          if (n > 5_000_000) issues.push({ path: ['output', 'every'], message: `${n} output rows is too many (at most 5,000,000)` });
          else {
            const last = n * every;
            const extra = duration - last > 1e-9 * duration ? 1 : 0;
            outputTimes = new Float64Array(n + 1 + extra);
            // n·every can round past the duration (e.g. 40 × 11.1956 h vs 447.8262 h): never output beyond the end
            for (let i = 0; i <= n; i++) outputTimes[i] = Math.min(i * every, duration);
            if (extra) outputTimes[n + 1] = duration;
          }
        }
      } else if (o.times !== undefined) {
        if (Array.isArray(o.times) && o.times.length > 0) {
          const ts: number[] = [];
          o.times.forEach((v, i) => {
            const x = time(v, ['output', 'times', i]);
            if (x === undefined) return;
            if (duration !== undefined && x > duration * (1 + 1e-12)) issues.push({ path: ['output', 'times', i], message: `${showValue(v)} is after the end of the run (${input.duration})` });
            else if (ts.length > 0 && x <= ts[ts.length - 1]) issues.push({ path: ['output', 'times', i], message: `${showValue(v)} must be greater than the previous time` });
            else ts.push(x);
          });
          outputTimes = Float64Array.from(ts);
        }
      }
    }
  }
  if (!outputTimes && duration !== undefined) outputTimes = defaultGrid(duration);
  if (outputTimes) {
    // the result holds one Float64Array per state and observable: refuse what cannot fit in memory
    const columns = 1 + model.stateNames.length + model.observableNames.length;
    const bytes = outputTimes.length * columns * 8;
    if (bytes > MAX_RESULT_BYTES) {
      issues.push({ path: ['output'], message: `${outputTimes.length} rows × ${columns} columns × 8 bytes = ${(bytes / 1e9).toFixed(1)} GB is more than the ${MAX_RESULT_BYTES / 1e9} GB a result may hold; output less often` });
      outputTimes = undefined;
    }
  }

  // parameters and switches, and their later changes
  const { parameters, switches } = validateSettings(input, [], model, issues);
  const changes: ScenarioChange[] = [];
  if (input.changes !== undefined) {
    if (Array.isArray(input.changes)) input.changes.forEach((c: unknown, i: number) => {
      const path: IssuePath = ['changes', i];
      if (!isRecord(c)) return;
      const t = c.time === undefined ? undefined : time(c.time, [...path, 'time']);
      if (c.time === undefined) issues.push({ path: [...path, 'time'], message: 'required (e.g. "90 d")' });
      if (t !== undefined && duration !== undefined && t > duration) issues.push({ path: [...path, 'time'], message: `${showValue(c.time)} is after the end of the run` });
      const set = validateSettings(c, path, model, issues);
      if (t !== undefined) changes.push({ time: t, ...set });
    });
    changes.sort((a, b) => a.time - b.time);
  }
  const initial: Record<string, number> = {};
  if (input.initial !== undefined) {
    if (isRecord(input.initial)) for (const [k, v] of Object.entries(input.initial)) {
      if (!model.stateNames.includes(k)) { issues.push({ path: ['initial', k], message: `unknown state of ${model.id}${didYouMean(k, model.stateNames)}` }); continue; }
      if (typeof v !== 'number' || !Number.isFinite(v)) { issues.push({ path: ['initial', k], message: `${showValue(v)} is not a finite number (unit ${model.spec.states[k].unit})` }); continue; }
      initial[k] = v;
    }
  }

  // doses
  const doses: DoseRecord[] = [];
  if (input.doses !== undefined) {
    if (Array.isArray(input.doses)) input.doses.forEach((d: unknown, i: number) => {
      const path: IssuePath = ['doses', i];
      if (!isRecord(d)) return;
      const cmt = d.cmt;
      const target = typeof cmt === 'string' ? model.spec.doses?.[cmt] : undefined;
      if (typeof cmt !== 'string') issues.push({ path: [...path, 'cmt'], message: `required: one of ${model.doseTargets.join(', ') || '(this model takes no doses)'}` });
      else if (!target) issues.push({ path: [...path, 'cmt'], message: `"${cmt}" is not a dose target of ${model.id}${didYouMean(cmt, model.doseTargets)}; targets: ${model.doseTargets.join(', ') || 'none'}` });
      let amt: number | undefined;
      if (d.amt === undefined) issues.push({ path: [...path, 'amt'], message: 'required (e.g. "20 ug")' });
      else if (target) {
        const q = parseQuantity(d.amt, target.amountUnit);
        if (typeof q === 'string') issues.push({ path: [...path, 'amt'], message: q });
        else {
          const x = convertDoseAmount(q as Quantity, target.amountUnit, target.molarMass?.value);
          if (typeof x === 'string') issues.push({ path: [...path, 'amt'], message: `${showValue(d.amt)} is not a valid amount for cmt ${cmt} (${x})` });
          else if (!(x >= 0) || !Number.isFinite(x)) issues.push({ path: [...path, 'amt'], message: `${showValue(d.amt)} must be a non-negative amount` });
          else amt = x;
        }
      }
      const t0 = d.time === undefined ? 0 : time(d.time, [...path, 'time']);
      if (t0 !== undefined && duration !== undefined && t0 > duration) issues.push({ path: [...path, 'time'], message: `${showValue(d.time)} is after the end of the run` });
      // addl's type and range are the first pass's; a valid count is used for the checks below
      const addl = typeof d.addl === 'number' && Number.isInteger(d.addl) && d.addl >= 0 ? d.addl : 0;
      let ii: number | undefined;
      if (d.ii !== undefined) ii = time(d.ii, [...path, 'ii'], { positive: true });
      if (addl > 0 && d.ii === undefined) issues.push({ path: [...path, 'ii'], message: `required when addl > 0 (the interval between doses, e.g. "24 h")` });
      let rate: number | undefined;
      if (d.rate !== undefined && target) {
        const q = parseQuantity(d.rate, `${target.amountUnit}/${tu}`);
        if (typeof q === 'string') issues.push({ path: [...path, 'rate'], message: q });
        else {
          // rate = amount / time: convert the amount part with the same rules as amt
          const perTime = { ...q, dim: [q.dim[0] + 1, q.dim[1], q.dim[2], q.dim[3], q.dim[4]] as Quantity['dim'] };
          const amountPerTu = convertDoseAmount({ ...perTime, scale: q.scale * parseQuantityScale(tu) }, target.amountUnit, target.molarMass?.value);
          if (typeof amountPerTu === 'string') issues.push({ path: [...path, 'rate'], message: `${showValue(d.rate)} is not a valid rate for cmt ${cmt} (${amountPerTu.replace('expects', 'expects an amount per time of')})` });
          else if (!(amountPerTu > 0)) issues.push({ path: [...path, 'rate'], message: `${showValue(d.rate)} must be > 0` });
          else rate = amountPerTu;
        }
      }
      if (typeof cmt === 'string' && target && amt !== undefined && t0 !== undefined) {
        doses.push({ cmt, amt, time: t0, ii, addl, rate });
      }
    });
    // each dose within the run is a time stop (an infusion two): bound the work before expanding them
    if (duration !== undefined) {
      let events = 0;
      for (const d of doses) {
        const within = d.time > duration ? 0 : d.ii ? Math.min(d.addl ?? 0, Math.floor((duration - d.time) / d.ii)) + 1 : 1;
        events += d.rate ? 2 * within : within;
      }
      if (events > MAX_DOSE_EVENTS) issues.push({ path: ['doses'], message: `${events} dose events (an infusion counts two: start and end) fall within the run, more than the ${MAX_DOSE_EVENTS} allowed; use a longer interval (ii), fewer additional doses (addl), or a continuous rate` });
    }
  }

  // solver
  const solver: Scenario['solver'] = { rtol: 1e-8, atol: 1e-8, method: 'bdf' as MethodName, maxSteps: 5_000_000, exactLinear: true };
  if (input.solver !== undefined) {
    // the values were checked by the first pass (ScenarioSchema): take those of the right type and range
    const s = input.solver;
    if (isRecord(s)) {
      if (typeof s.rtol === 'number' && s.rtol >= 1e-14 && s.rtol < 1) solver.rtol = s.rtol;
      if (typeof s.atol === 'number' && s.atol >= 1e-300 && s.atol < 1) solver.atol = s.atol;
      if (typeof s.method === 'string' && METHODS.includes(s.method as MethodName)) solver.method = s.method as MethodName;
      if (typeof s.maxSteps === 'number' && Number.isInteger(s.maxSteps) && s.maxSteps >= 1) solver.maxSteps = s.maxSteps;
      if (typeof s.maxWallTime === 'number' && s.maxWallTime > 0 && s.maxWallTime <= 1e7) solver.maxWallTime = s.maxWallTime;
      if (typeof s.exactLinear === 'boolean') solver.exactLinear = s.exactLinear;
    }
  }

  if (issues.length > 0 || duration === undefined || !outputTimes) return { issues };
  return {
    issues,
    scenario: {
      name: typeof input.name === 'string' ? input.name : model.id,
      description: typeof input.description === 'string' ? input.description : '',
      modelId: model.id, duration, outputTimes, outputAtDose, parameters, switches, changes, initial,
      steadyState: input.steadyState === true, doses, solver,
    },
  };
}

/** Validates `parameters`, `scale` and `switches` of a scenario or of one of its changes. */
function validateSettings(obj: Record<string, unknown>, at: IssuePath, model: Model, issues: InputIssue[]): { parameters: Record<string, number>; switches: Record<string, boolean> } {
  const parameters: Record<string, number> = {};
  if (obj.parameters !== undefined) {
    if (isRecord(obj.parameters)) for (const [k, v] of Object.entries(obj.parameters)) {
      const spec = model.spec.parameters[k];
      if (!spec) { issues.push({ path: [...at, 'parameters', k], message: `unknown parameter of ${model.id}${didYouMean(k, model.parameterNames)}` }); continue; }
      if (typeof v !== 'number' || !Number.isFinite(v)) { issues.push({ path: [...at, 'parameters', k], message: `${showValue(v)} is not a finite number (unit ${spec.unit})` }); continue; }
      if (spec.bounds && (v < spec.bounds[0] || v > spec.bounds[1])) { issues.push({ path: [...at, 'parameters', k], message: `${v} is outside the allowed range [${spec.bounds[0]}, ${spec.bounds[1]}] ${spec.unit}` }); continue; }
      parameters[k] = v;
    }
  }
  if (obj.scale !== undefined) {
    if (isRecord(obj.scale)) for (const [k, v] of Object.entries(obj.scale)) {
      const spec = model.spec.parameters[k];
      if (!spec) { issues.push({ path: [...at, 'scale', k], message: `unknown parameter of ${model.id}${didYouMean(k, model.parameterNames)}` }); continue; }
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) { issues.push({ path: [...at, 'scale', k], message: `${showValue(v)} must be a finite factor ≥ 0` }); continue; }
      const x = (parameters[k] ?? spec.value) * v;
      if (spec.bounds && (x < spec.bounds[0] || x > spec.bounds[1])) { issues.push({ path: [...at, 'scale', k], message: `${k} × ${v} = ${x} is outside the allowed range [${spec.bounds[0]}, ${spec.bounds[1]}] ${spec.unit}` }); continue; }
      parameters[k] = x;
    }
  }
  const switches: Record<string, boolean> = {};
  if (obj.switches !== undefined) {
    if (isRecord(obj.switches)) for (const [k, v] of Object.entries(obj.switches)) {
      if (!model.switchNames.includes(k)) {
        issues.push({ path: [...at, 'switches', k], message: `unknown switch of ${model.id}${didYouMean(k, model.switchNames)}${model.switchNames.length ? `; switches: ${model.switchNames.join(', ')}` : ' (this model has no switches)'}` });
        continue;
      }
      if (v === true || v === 'on') switches[k] = true;
      else if (v === false || v === 'off') switches[k] = false;
      else issues.push({ path: [...at, 'switches', k], message: `${showValue(v)} is not allowed; use true/false or "on"/"off"` });
    }
  }
  return { parameters, switches };
}

/** Scale (in hours) of a time unit name; used to turn "per model time unit" into a quantity scale. */
function parseQuantityScale(unit: string): number {
  const q = parseQuantity(`1 ${unit}`);
  return typeof q === 'string' ? 1 : q.scale;
}
