/**
 * Dosing semantics in NONMEM / mrgsolve terms (amt, cmt, time, ii, addl, rate), in one module that
 * knows nothing of solvers: dose records are expanded into a sorted list of events (boluses and
 * infusion-rate changes) that the runner turns into time stops.
 *
 * Conventions:
 *  - `addl` additional doses follow the first, every `ii`: doses at time + k*ii, k = 0..addl.
 *  - `rate` > 0 makes a zero-order infusion of `amt` over amt/rate; overlapping infusions add.
 *  - Events at the same time keep record order; a rate-off sorts before a rate-on or bolus at the
 *    same instant so that back-to-back infusions do not double-count.
 */

/** A dose record with amounts already in the target's amount unit and times/rates in model time. */
export interface DoseRecord {
  /** The dose target (a dose compartment of the model). */
  cmt: string;
  /** The amount, in the target's amount unit. */
  amt: number;
  /** Time of the first dose, in model time units. */
  time: number;
  /** Interval between repeated doses, in model time units (needed when `addl` > 0). */
  ii?: number;
  /** Number of additional doses after the first, one every `ii`. */
  addl?: number;
  /** Amount per model time unit; 0 or absent for a bolus. */
  rate?: number;
}

/** One expanded dose: a bolus amount or a rate change into a compartment at a time, with its order among simultaneous doses. */
export type DoseEvent =
  | {
    /** A bolus: `amount` added to the target's state at `time`. */
    kind: 'bolus';
    /** When, in model time units. */
    time: number;
    /** The dose target. */
    cmt: string;
    /** The amount, in the target's amount unit. */
    amount: number;
    /** Position among the records' doses (ties at one time keep this order). */
    order: number;
  }
  | {
    /** A rate change: the target's infusion rate changes by `delta` at `time` (an infusion's start or end). */
    kind: 'rate';
    /** When, in model time units. */
    time: number;
    /** The dose target. */
    cmt: string;
    /** Change of the infusion rate, amount per model time unit (+ at the start, − at the end). */
    delta: number;
    /** Position among the records' doses (ties at one time keep this order). */
    order: number;
  };

/** Expands records into time-sorted events. Records are assumed validated (finite, non-negative). */
export function expandDoses(records: readonly DoseRecord[]): DoseEvent[] {
  const events: DoseEvent[] = [];
  let order = 0;
  for (const r of records) {
    const n = (r.addl ?? 0) + 1;
    const ii = r.ii ?? 0;
    for (let k = 0; k < n; k++) {
      const t = r.time + k * ii;
      if (r.rate !== undefined && r.rate > 0) {
        const dur = r.amt / r.rate;
        events.push({ kind: 'rate', time: t, cmt: r.cmt, delta: r.rate, order: order++ });
        events.push({ kind: 'rate', time: t + dur, cmt: r.cmt, delta: -r.rate, order: order++ });
      } else {
        events.push({ kind: 'bolus', time: t, cmt: r.cmt, amount: r.amt, order: order++ });
      }
    }
  }
  events.sort((a, b) => {
    if (a.time !== b.time) return a.time - b.time;
    const ao = a.kind === 'rate' && a.delta < 0 ? 0 : 1;
    const bo = b.kind === 'rate' && b.delta < 0 ? 0 : 1;
    if (ao !== bo) return ao - bo;
    return a.order - b.order;
  });
  return events;
}

/** Total amount each target receives by `tEnd` (boluses plus infused), for mass-balance checks. */
export function totalDosed(events: readonly DoseEvent[], tEnd: number): Map<string, number> {
  const total = new Map<string, number>();
  const rates = new Map<string, { rate: number; since: number }>();
  for (const e of events) {
    if (e.time > tEnd) break;
    if (e.kind === 'bolus') {
      total.set(e.cmt, (total.get(e.cmt) ?? 0) + e.amount);
    } else {
      const r = rates.get(e.cmt) ?? { rate: 0, since: e.time };
      total.set(e.cmt, (total.get(e.cmt) ?? 0) + r.rate * (e.time - r.since));
      rates.set(e.cmt, { rate: r.rate + e.delta, since: e.time });
    }
  }
  for (const [cmt, r] of rates) total.set(cmt, (total.get(cmt) ?? 0) + r.rate * (tEnd - r.since));
  return total;
}
