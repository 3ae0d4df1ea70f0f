/**
 * One run of a scenario with some parameters replaced: the unit of work of virtual populations and
 * Morris screening, shared by the serial functions and the worker pool (src/analysis/parallel.ts)
 * so that both give bit-identical numbers. A run that fails numerically, throws, or produces a
 * non-finite value of a requested output is reported as a failure with its message, never as NaN.
 */
import type { Model } from '../model/model.js';
import { simulate } from '../simulate/run.js';
import type { Scenario } from '../simulate/scenario.js';
import type { InputIssue } from '../core/issues.js';

/**
 * The outcome of one run of a batch (`runWithParameters`, `runBatch`): on success the output grid
 * `time` (model time unit) and one column per requested output (in request order, each output's own
 * unit); on failure the reason, never NaN values. Populations, Morris screening, Sobol analysis and
 * ensembles all consume this shape.
 */
export type BatchRun =
  | {
    /** The run succeeded. */
    ok: true;
    /** Its output times (model time units). */
    time: Float64Array;
    /** One column per requested output, at `time`. */
    values: Float64Array[];
  }
  | {
    /** The run failed. */
    ok: false;
    /** Why (time, reason and state for a numerical failure). */
    message: string;
  };

/**
 * Runs `scenario` with `parameters` on top of its own and returns `outputs` on its output grid. Only
 * the observables among `outputs` are kept as columns (SimulateOptions.observables): the run is
 * checked as any other (a non-finite value of any state or observable fails it), the others are
 * not stored.
 */
export function runWithParameters(model: Model, scenario: Scenario, parameters: Record<string, number>, outputs: readonly string[]): BatchRun {
  let r;
  // names that are not observables are left to r.column() below (a state, or an error as before)
  const observables = outputs.filter((o) => model.observableNames.includes(o));
  try {
    r = simulate(model, { ...scenario, parameters: { ...scenario.parameters, ...parameters } }, { observables });
  } catch (e) {
    return { ok: false, message: (e as Error)?.message ?? String(e) };
  }
  if (r.code !== 'success') {
    return { ok: false, message: `${r.code}: ${r.message}` }; // the solver's message names the time and the component
  }
  const values = outputs.map((o) => r.column(o));
  for (let j = 0; j < values.length; j++) {
    const v = values[j];
    for (let i = 0; i < v.length; i++) {
      if (!Number.isFinite(v[i])) return { ok: false, message: `${outputs[j]} = ${v[i]} at t = ${Number(r.time[i].toPrecision(6))} ${r.timeUnit}` };
    }
  }
  return { ok: true, time: r.time, values };
}

/** Checks that every name is a state or observable of the model; returns the issues. */
export function outputIssues(model: Model, outputs: readonly string[]): InputIssue[] {
  const known = new Set([...model.observableNames, ...model.stateNames]);
  const issues: InputIssue[] = outputs.filter((o) => !known.has(o)).map((o) => ({ path: ['outputs', o], message: `not a state or output of ${model.id}` }));
  if (outputs.length === 0) issues.push({ path: ['outputs'], message: 'give at least one output' });
  return issues;
}

/**
 * The value of parameter `name` a scenario runs with: its own override, else the model's
 * (which may itself come from `model.with`).
 */
export function scenarioValue(model: Model, scenario: Scenario, name: string): number {
  return scenario.parameters[name] ?? model.p[model.paramIndex(name)];
}

/** Runs parameter sets of one scenario, possibly in parallel; results in input order (`runBatchParallel` in magbone/node is one). */
export type BatchRunner = (
  model: Model, scenario: Scenario, sets: readonly Record<string, number>[], outputs: readonly string[],
  opts: { workers?: number; onRun?: (done: number, total: number) => void },
) => Promise<BatchRun[]>;
