/**
 * Whether a parameter set keeps a model's reference run at rest. A model whose every run starts from a
 * reference state made at its own parameter values (human-mg-bone's study arms do) starts off rest when
 * a parameter that moves that state's equilibrium is changed: the run then drifts from t = 0, whatever
 * the scenario asks. The calibration of human-mg-bone uses this to keep such parameters out of its
 * candidates (bench/calibrate-human.ts), and its test checks the shipped fit with the same definition
 * (the check is recorded in calibration/selection.json).
 */
import { runScenario } from '../builtin/index.js';

/** How "at rest" is measured: the outputs at the end of the reference run, against the run at the model's values. */
export interface RestCheck {
  /** Outputs compared at the end of the run. */
  outputs: readonly string[];
  /** Of those, the ones compared as absolute differences (e.g. BMD in percentage points); the others relatively. */
  absolute: readonly string[];
  /** Length of the reference run, with its unit (e.g. "365 d"). */
  duration: string;
  /** The largest change (relative, or absolute for `absolute`) that still counts as rest. */
  tolerance: number;
}

/** The check's outputs at the end of the model's reference scenario run with `parameters` (the scenario adapter applies). */
export function restOutputs(model: string, parameters: Record<string, number>, check: RestCheck): number[] {
  const r = runScenario({ model, duration: check.duration, output: { times: [check.duration] }, parameters });
  return check.outputs.map((o) => {
    const c = r.columns.find((x) => x.name === o);
    if (!c) throw new Error(`rest check: ${model} has no output ${o}`);
    return c.values[c.values.length - 1];
  });
}

/**
 * The largest change of the check's outputs that `parameters` cause over the reference run, and which output it is;
 * `reference` is the run at the model's values (pass it when checking many parameter sets). A run that fails is an
 * infinite drift, its reason in `output`.
 */
export function restDrift(
  model: string, parameters: Record<string, number>, check: RestCheck,
  reference: readonly number[] = restOutputs(model, {}, check),
): { drift: number; output: string } {
  let v: number[];
  try { v = restOutputs(model, parameters, check); } catch (e) { return { drift: Infinity, output: `run failed: ${(e as Error).message.split('\n')[0]}` }; }
  let drift = -1, output = '';
  check.outputs.forEach((o, i) => {
    const d = check.absolute.includes(o) ? Math.abs(v[i] - reference[i]) : Math.abs(v[i] / reference[i] - 1);
    if (d > drift) { drift = d; output = o; }
  });
  return { drift, output };
}
