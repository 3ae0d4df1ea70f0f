/**
 * Storage reused from one solve to the next: a batch of runs (a population, a Sobol design) makes
 * a stepper per run, and its n² Jacobian (36 KB for 67 states) was allocated and zeroed for each,
 * a large share of the stepper's set-up (session 7, bench:batch-profile). A stepper leases its
 * arrays here and gives them back when `solve` is done with it (Stepper.release); the contents
 * are whatever the last user left, so only arrays that are overwritten before they are read (a
 * Jacobian: JacFn writes every entry) may come from here.
 */
const FREE = new Map<number, Float64Array[]>();
/** Arrays kept per length. */
const KEEP = 4;

/** A Float64Array of `length` entries, not zeroed (a returned one when there is one). */
export function leaseFloat64(length: number): Float64Array {
  return FREE.get(length)?.pop() ?? new Float64Array(length);
}

/** Gives `a` back: the caller no longer reads or writes it. */
export function releaseFloat64(a: Float64Array): void {
  let free = FREE.get(a.length);
  if (!free) { free = []; FREE.set(a.length, free); }
  if (free.length < KEEP && !free.includes(a)) free.push(a);
}
