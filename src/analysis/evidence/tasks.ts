/**
 * The units of work the estimators hand out (one optimisation from a start, one side of one
 * parameter's profile, one sampler chain), and runners that execute them. A runner maps a list of
 * tasks to their results in input order; the serial runner calls the task functions directly, the
 * worker runner (workers.ts) calls the same functions in worker threads on an objective each worker
 * builds from an `ObjectiveSource`. Every random number is drawn before the tasks are made, so the
 * results are the same bits for any number of workers.
 */
import type { LeastSquaresObjective } from './objective.js';
import { leastSquares, type LsqOptions, type LsqResult } from './lsq.js';
import { profileSide, type ProfileSideTask, type ProfileSide } from './profile.js';
import { runChain, type ChainTask, type ChainResult } from './sampler.js';

/** The input of one multi-start fit task: the start point and the least-squares options. */
export interface StartTask {
  /** The start point θ₀ (the parameters on their estimation scale). */
  theta0: Float64Array;
  /** Options of the least-squares run. */
  options: LsqOptions;
}

/** The task kinds, their inputs and outputs. */
export const TASKS = {
  /** One least-squares run from a start point (a multi-start fit's unit of work). */
  start: (obj: LeastSquaresObjective, t: StartTask): LsqResult => leastSquares(obj, t.theta0, t.options),
  /** One side of one parameter's likelihood profile. */
  profile: (obj: LeastSquaresObjective, t: ProfileSideTask): ProfileSide => profileSide(obj, t),
  /** One chain of the ensemble sampler. */
  chain: (obj: LeastSquaresObjective, t: ChainTask): ChainResult => runChain(obj, t),
};

/**
 * The kinds of work the estimators hand to a `TaskRunner`: `start` (one least-squares run of a
 * multi-start fit), `profile` (one side of one parameter's profile) and `chain` (one sampler
 * ensemble).
 */
export type TaskKind = keyof typeof TASKS;
/** The input type of an evidence-engine task of the given kind (start, chain or profile). */
export type TaskInput<K extends TaskKind> = Parameters<(typeof TASKS)[K]>[1];
export type TaskOutput<K extends TaskKind> = ReturnType<(typeof TASKS)[K]>;

/** Runs tasks of one kind, results in input order; `onDone(done, total)` after each. */
export interface TaskRunner {
  /** Runs `tasks` of kind `kind`; resolves with their results in input order. */
  run<K extends TaskKind>(kind: K, tasks: readonly TaskInput<K>[], onDone?: (done: number, total: number) => void): Promise<TaskOutput<K>[]>;
}

/** Runs tasks one after another in this thread. */
export function serialRunner(obj: LeastSquaresObjective): TaskRunner {
  return {
    async run(kind, tasks, onDone) {
      const f = TASKS[kind] as (o: LeastSquaresObjective, t: unknown) => unknown;
      const out: unknown[] = [];
      for (const t of tasks) { out.push(f(obj, t)); onDone?.(out.length, tasks.length); }
      return out as never;
    },
  };
}
