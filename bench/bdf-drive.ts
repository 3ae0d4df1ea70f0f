/**
 * Drives a Stepper directly from t0 to tEnd (no output times, no stops): what the benchmark and the
 * BDF tests need until they go through `solve`. Kept minimal on purpose.
 */
import type { Method, Stepper } from '../src/solver/method.js';
import type { OdeProblem, SolverStats, ResultCode } from '../src/solver/types.js';

export function newStats(): SolverStats {
  return { steps: 0, rejected: 0, rhs: 0, rhsJac: 0, jac: 0, lu: 0, newton: 0, newtonFailures: 0, errorTestFailures: 0 };
}

export interface DriveResult {
  code: ResultCode | 'ok';
  message: string;
  y: Float64Array;
  t: number;
  stats: SolverStats;
  stepper: Stepper;
}

/** Integrates problem from t0 to tEnd with scalar tolerances; `stops` are restart times (reset with the same state). */
export function drive(problem: OdeProblem, method: Method, rtol: number, atol: number, stops: readonly number[] = [], maxSteps = 1_000_000): DriveResult {
  const n = problem.n;
  const stats = newStats();
  const stepper = method.create({
    problem, n, rtol: new Float64Array(n).fill(rtol), atol: new Float64Array(n).fill(atol), stats, hMax: Infinity, h0: 0,
  });
  stepper.reset(problem.t0, problem.y0);
  let code: ResultCode | 'ok' = 'ok';
  let k = 0;
  let count = 0;
  while (stepper.t < problem.tEnd) {
    const tLimit = k < stops.length ? stops[k] : problem.tEnd;
    code = stepper.step(tLimit);
    if (code !== 'ok') break;
    if (++count > maxSteps) { code = 'max_steps'; break; }
    if (k < stops.length && stepper.t === stops[k]) {
      stepper.reset(stepper.t, stepper.y);
      k++;
    }
  }
  return { code, message: stepper.message(), y: Float64Array.from(stepper.y), t: stepper.t, stats, stepper };
}
