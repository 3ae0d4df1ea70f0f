/** The solver layer's public face: `solve(problem, method, options)` and the methods. */
export { solve } from './solve.js';
export { rodas5, rodas5p, type RodasOptions } from './methods/rodas5.js';
export { dopri5, type Dopri5Options } from './methods/dopri5.js';
export { bdf, type BdfOptions } from './methods/bdf.js';
export { PIController, CONTROLLER_DEFAULTS, type ControllerOptions } from './controller.js';
export { SolverError } from './types.js';
export { DenseRecord } from './dense-record.js';
export type {
  OdeProblem, RhsFn, JacFn, SolveOptions, Solution, SolverStats, ResultCode, FailureInfo, StopCallback, StepRecorder, DenseSource,
} from './types.js';
export type { Method, Stepper, StepperContext } from './method.js';
export type { EventFunctions } from './roots.js';
