/** The simulate layer: scenarios (validated, in model units), dosing, steady state, the run. */
export { validateScenario, SCENARIO_KEYS } from './scenario.js';
export type { Scenario, ScenarioInput, DoseInput, MethodName } from './scenario.js';
export { expandDoses, totalDosed } from '../model/dosing.js';
export type { DoseRecord, DoseEvent } from '../model/dosing.js';
export { simulate, initialStateFor, methodFor } from './run.js';
export type { SimulationResult, Column, SimulateOptions } from './run.js';
export { steadyState } from './steady.js';
export type { SteadyStateOptions, SteadyStateResult } from './steady.js';
export { InputError, formatIssues, formatPath, didYouMean } from '../core/issues.js';
export type { InputIssue, IssuePath } from '../core/issues.js';
export { parseQuantity, parseUnit, convert, convertDoseAmount } from '../model/quantity.js';
export { simulateSensitivities } from './sensitivity.js';
export type { SimulateSensitivitiesOptions, SensitivitySimulationResult } from './sensitivity.js';
export { fdParametric } from './fd-parametric.js';
