/**
 * The declared domain of a model's scenarios: the ranges of duration, parameters and doses over
 * which every run must either succeed with a finite, invariant-respecting result or fail cleanly
 * (a numerical failure with time, reason and state). Data, per model, in the model's folder
 * (`<model>/domain.ts`); the fuzz suite (`test/fuzz/`, `npm run fuzz`) draws scenarios from it.
 * human-mg-bone declares its clinical domain in its own terms (`human-mg-bone/domain.ts`).
 *
 * Nothing here is a claim that a model was validated over its domain: it is where the software
 * promises to run or fail cleanly, chosen from what the model's docs support.
 */
import type { Range } from './human-mg-bone/domain.js';

export type { Range };

/** Repeated doses into one dose target. */
export interface DoseDomain {
  readonly cmt: string;
  /** Amount of one dose (unit as written in a scenario, e.g. "ug", "mg"). */
  readonly amount: Range;
  /** Interval between doses (unit "h"). */
  readonly interval: Range;
  /** Number of doses (1 = a single dose). */
  readonly count: { readonly min: number; readonly max: number };
  readonly note: string;
}

export interface ScenarioDomain {
  readonly model: string;
  /** Run length (unit "d"). */
  readonly duration: Range;
  /** Named inputs as factors on the parameter's default (`scale`), each with its reason. */
  readonly inputs: Readonly<Record<string, Range>>;
  /**
   * Any other parameter with an interval of bounds may be scaled by a factor in [min, max], up to
   * `count` of them at once (clipped to the parameter's bounds).
   */
  readonly scale: { readonly min: number; readonly max: number; readonly count: number; readonly note: string };
  /** Parameters never varied, with the reason (the model's docs). */
  readonly excluded: Readonly<Record<string, string>>;
  readonly doses: readonly DoseDomain[];
  /** Whether a scenario may start from the model's steady state (`steadyState: true`). */
  readonly steadyState: boolean;
  /** Integration methods inside the domain. */
  readonly methods: readonly ('bdf' | 'rodas' | 'dopri')[];
  /** dopri (explicit) only for runs up to this many days, if set: a long stiff run is not its job. */
  readonly dopriMaxDays?: number;
  /** Relative tolerance range (log-uniform); the absolute tolerance is the scenario's default. */
  readonly rtol: Range;
}
