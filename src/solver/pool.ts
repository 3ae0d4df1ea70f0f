/**
 * Storage reused from one solve to the next: a batch of runs (a population, a Sobol design) makes
 * a stepper per run, and its n² Jacobian (36 KB for 67 states) and its sparse LU's dense fallback
 * (~90 KB) were allocated and zeroed for each, a large share of the stepper's set-up (session 7,
 * bench:batch-profile). A stepper leases such storage here and gives it back when `solve` is done
 * with it (Stepper.release); the contents are whatever the last user left, so only storage that is
 * overwritten before it is read (a Jacobian: JacFn writes every entry; LU factors) may come from here,
 * or storage cleared on lease (`leaseCleared`: the same zeros as a new array).
 *
 * Session 11: a stepper's vectors and its sparse LU's work arrays come from here too. Each typed
 * array of more than 64 bytes has its own storage outside V8's heap; a run of the 67-state human
 * model made ~50 of them (a micro-benchmark of as many allocations costs ~55 µs per run; no change
 * was measurable in the batch benchmarks, docs/scale.md).
 */
export class SizedPool<T> {
  private readonly free = new Map<number, T[]>();

  /** `make(size)` creates an item when none of that size is free; at most `keep` are kept per size. */
  constructor(private readonly make: (size: number) => T, private readonly keep = 4) {}

  /** An item of `size` (a returned one when there is one, not cleared). */
  lease(size: number): T {
    return this.free.get(size)?.pop() ?? this.make(size);
  }

  /** Gives `item` (of `size`) back: the caller no longer reads or writes it. */
  release(size: number, item: T): void {
    let list = this.free.get(size);
    if (!list) { list = []; this.free.set(size, list); }
    if (list.length < this.keep && !list.includes(item)) list.push(item);
  }
}

/** Float64Arrays by length (Jacobians). */
export const FLOAT64_POOL = new SizedPool<Float64Array<ArrayBuffer>>((length) => new Float64Array(length));

/** Uint8Arrays by length (the sparse LU's pattern masks). */
export const UINT8_POOL = new SizedPool<Uint8Array<ArrayBuffer>>((length) => new Uint8Array(length));

/** An array of `length` from `pool`, all zeros (what a new typed array gives). */
export function leaseCleared<T extends { fill(value: number): unknown }>(pool: SizedPool<T>, length: number): T {
  const a = pool.lease(length);
  a.fill(0);
  return a;
}
