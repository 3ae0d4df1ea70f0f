/**
 * `solve(problem, method, options)`: the one entry point of the solver layer. The driver owns the
 * run (validation, tolerances, time stops, output times, step budget, failure reporting, the
 * columnar Solution); the method's stepper owns one thing, taking accepted steps (see method.ts).
 *
 * Outputs at requested times come from the stepper's dense output, never from shortened steps.
 * Time stops are the only places where steps are cut: the stepper lands exactly on a stop, the
 * driver applies `onStop`, and the stepper restarts from the (possibly changed) state.
 *
 * Output modes: with `tOut`, exactly those rows (preallocated); without, t0 and every accepted step
 * (columns grow geometrically), plus a second row at each stop holding the state after the callback,
 * so that a plot shows the jump. The step loop allocates nothing else.
 */
import type { Method, StepperContext } from './method.js';
import {
  SolverError,
  type FailureInfo, type OdeProblem, type ResultCode, type Solution, type SolveOptions, type SolverStats,
} from './types.js';
import { DenseRecord } from './dense-record.js';
import { RootFinder } from './roots.js';

const DEFAULT_RTOL = 1e-6;
const DEFAULT_ATOL = 1e-8;
const DEFAULT_MAX_STEPS = 500000;

function emptyStats(): SolverStats {
  return { steps: 0, rejected: 0, rhs: 0, rhsJac: 0, jac: 0, lu: 0, newton: 0, newtonFailures: 0, errorTestFailures: 0, jacFallback: 0, roots: 0, rootEvals: 0 };
}

function fmt(v: unknown): string {
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return JSON.stringify(v);
  if (v === undefined) return 'undefined';
  if (v === null) return 'null';
  if (typeof v === 'function') return 'a function';
  if (Array.isArray(v) || ArrayBuffer.isView(v)) return `an array of length ${(v as ArrayLike<unknown>).length}`;
  return typeof v;
}

function isArrayLike(v: unknown): v is ArrayLike<unknown> {
  return Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView));
}

/** Per-component tolerance from a scalar or an array; pushes issues for bad values. */
function expandTol(name: string, v: number | ArrayLike<number> | undefined, dflt: number, n: number, issues: string[]): Float64Array {
  const out = new Float64Array(Math.max(n, 0)).fill(dflt);
  if (v === undefined) return out;
  if (typeof v === 'number') {
    if (!(Number.isFinite(v) && v >= 0)) issues.push(`options.${name}: ${fmt(v)} is not allowed; use a finite number >= 0`);
    else out.fill(v);
    return out;
  }
  if (!isArrayLike(v)) { issues.push(`options.${name}: ${fmt(v)} is not allowed; use a number or an array of n = ${n} numbers`); return out; }
  if (v.length !== n) { issues.push(`options.${name}: has length ${v.length}, expected n = ${n} (one per component) or a single number`); return out; }
  for (let i = 0; i < n; i++) {
    const x = v[i];
    if (!(typeof x === 'number' && Number.isFinite(x) && x >= 0)) issues.push(`options.${name}[${i}]: ${fmt(x)} is not allowed; use a finite number >= 0`);
    else out[i] = x;
  }
  return out;
}

interface Checked {
  n: number;
  rtol: Float64Array;
  atol: Float64Array;
  tOut: Float64Array | undefined;
  stops: Float64Array;
  maxSteps: number;
  h0: number;
  hMax: number;
  after: boolean;
  errorComponents: number;
}

function validate(problem: OdeProblem, method: Method, options: SolveOptions, issues: string[]): Checked {
  const n = problem.n;
  const nOk = Number.isInteger(n) && n > 0;
  if (!nOk) issues.push(`problem.n: ${fmt(n)} is not allowed; use a positive integer (the number of state components)`);
  const nn = nOk ? n : 0;
  if (typeof problem.f !== 'function') issues.push(`problem.f: ${fmt(problem.f)} is not a function (t, y, dy) => void`);
  if (problem.jac !== undefined && typeof problem.jac !== 'function') issues.push(`problem.jac: ${fmt(problem.jac)} is not a function (t, y, J) => void`);
  if (!isArrayLike(problem.y0)) issues.push(`problem.y0: ${fmt(problem.y0)} is not an array of numbers`);
  else {
    if (nOk && problem.y0.length !== n) issues.push(`problem.y0: has length ${problem.y0.length}, but n = ${n}`);
    for (let i = 0; i < problem.y0.length; i++) {
      const v = problem.y0[i];
      if (!(typeof v === 'number' && Number.isFinite(v))) issues.push(`problem.y0[${i}]: ${fmt(v)} is not a finite number`);
    }
  }
  if (problem.names !== undefined && (!Array.isArray(problem.names) || (nOk && problem.names.length !== n))) {
    issues.push(`problem.names: expected an array of n = ${n} names, got ${fmt(problem.names)}`);
  }
  const { t0, tEnd } = problem;
  const spanOk = typeof t0 === 'number' && Number.isFinite(t0) && typeof tEnd === 'number' && Number.isFinite(tEnd);
  if (!(typeof t0 === 'number' && Number.isFinite(t0))) issues.push(`problem.t0: ${fmt(t0)} is not a finite number`);
  if (!(typeof tEnd === 'number' && Number.isFinite(tEnd))) issues.push(`problem.tEnd: ${fmt(tEnd)} is not a finite number`);
  else if (spanOk && !(tEnd > t0)) issues.push(`problem.tEnd: ${tEnd} must be greater than t0 = ${t0}`);
  if (!method || typeof method.create !== 'function') issues.push(`method: ${fmt(method)} is not a Method (use rodas5(), dopri5(), ...)`);

  const rtol = expandTol('rtol', options.rtol, DEFAULT_RTOL, nn, issues);
  const atol = expandTol('atol', options.atol, DEFAULT_ATOL, nn, issues);
  for (let i = 0; i < nn; i++) {
    if (rtol[i] === 0 && atol[i] === 0) { issues.push(`options.rtol/atol: both are 0 for component ${i}; at least one must be positive`); break; }
  }
  if (options.rtol !== undefined && typeof options.rtol === 'number' && options.rtol > 0 && options.rtol < 1e-14) {
    issues.push(`options.rtol: ${options.rtol} is below what double precision can deliver; use rtol >= 1e-14`);
  }

  let tOut: Float64Array | undefined;
  if (options.tOut !== undefined) {
    if (!isArrayLike(options.tOut)) issues.push(`options.tOut: ${fmt(options.tOut)} is not an array of times`);
    else {
      tOut = new Float64Array(options.tOut.length);
      for (let k = 0; k < tOut.length; k++) {
        const v = options.tOut[k];
        if (!(typeof v === 'number' && Number.isFinite(v))) { issues.push(`options.tOut[${k}]: ${fmt(v)} is not a finite number`); continue; }
        tOut[k] = v;
        if (spanOk && (v < t0 || v > tEnd)) issues.push(`options.tOut[${k}]: ${v} is outside the time span [${t0}, ${tEnd}]`);
        if (k > 0 && !(v > tOut[k - 1])) issues.push(`options.tOut[${k}]: ${v} is not greater than tOut[${k - 1}] = ${tOut[k - 1]} (output times must increase)`);
      }
    }
  }
  let stops = new Float64Array(0);
  if (options.tStops !== undefined) {
    if (!isArrayLike(options.tStops)) issues.push(`options.tStops: ${fmt(options.tStops)} is not an array of times`);
    else {
      const all = new Float64Array(options.tStops.length);
      let m = 0;
      for (let k = 0; k < all.length; k++) {
        const v = options.tStops[k];
        if (!(typeof v === 'number' && Number.isFinite(v))) { issues.push(`options.tStops[${k}]: ${fmt(v)} is not a finite number`); continue; }
        if (k > 0 && v < (options.tStops[k - 1] as number)) issues.push(`options.tStops[${k}]: ${v} is less than tStops[${k - 1}] = ${options.tStops[k - 1]} (stops must not decrease)`);
        if (spanOk && v < t0) issues.push(`options.tStops[${k}]: ${v} is before t0 = ${t0}`);
        // stops after tEnd are allowed and ignored: dosing schedules often run past the end
        if (!spanOk || v <= tEnd) all[m++] = v;
      }
      stops = all.subarray(0, m);
    }
    if (options.onStop !== undefined && typeof options.onStop !== 'function') issues.push(`options.onStop: ${fmt(options.onStop)} is not a function (t, y, index) => void`);
  }
  const maxSteps = options.maxSteps ?? DEFAULT_MAX_STEPS;
  if (!(Number.isInteger(maxSteps) && maxSteps > 0)) issues.push(`options.maxSteps: ${fmt(options.maxSteps)} is not allowed; use a positive integer`);
  if (options.maxWallTime !== undefined && !(options.maxWallTime > 0)) issues.push(`options.maxWallTime: ${fmt(options.maxWallTime)} is not allowed; use a positive number of seconds`);
  const h0 = options.h0 ?? 0;
  if (!(typeof h0 === 'number' && Number.isFinite(h0) && h0 >= 0)) issues.push(`options.h0: ${fmt(options.h0)} is not allowed; use a positive number (or omit it)`);
  const hMax = options.hMax ?? Infinity;
  if (!(typeof hMax === 'number' && hMax > 0)) issues.push(`options.hMax: ${fmt(options.hMax)} is not allowed; use a positive number (or omit it)`);
  const oas = options.outputAtStop ?? 'before';
  if (oas !== 'before' && oas !== 'after') issues.push(`options.outputAtStop: ${fmt(oas)} is not allowed; use 'before' (deSolve) or 'after' (mrgsolve)`);
  const blocks = problem.blocks ?? 1;
  if (!(Number.isInteger(blocks) && blocks >= 1)) issues.push(`problem.blocks: ${fmt(problem.blocks)} is not allowed; use a positive integer`);
  else if (nOk && n % blocks !== 0) issues.push(`problem.blocks: ${blocks} does not divide n = ${n} (n must be blocks × the block size)`);
  else if (blocks > 1 && method && method.blocks !== true) issues.push(`problem.blocks: ${blocks} > 1 is not supported by ${fmt(method.name)}; use bdf (or dopri5)`);
  const sg = problem.staggered;
  if (sg !== undefined) {
    if (!(blocks > 1)) issues.push('problem.staggered: needs problem.blocks > 1 (the states and at least one sensitivity block)');
    if (typeof sg.f !== 'function' || typeof sg.forcing !== 'function') issues.push('problem.staggered: expected { f, forcing }, two functions');
    if (typeof problem.jac !== 'function') issues.push('problem.staggered: needs problem.jac, the Jacobian of the first block');
  }
  const errorComponents = options.errorComponents ?? nn;
  if (!(Number.isInteger(errorComponents) && errorComponents >= 1 && errorComponents <= Math.max(nn, 1))) {
    issues.push(`options.errorComponents: ${fmt(options.errorComponents)} is not allowed; use an integer 1..n = ${n}`);
  }
  const ev = options.events;
  if (ev !== undefined) {
    if (!(Number.isInteger(ev.count) && ev.count >= 0)) issues.push(`options.events.count: ${fmt(ev.count)} is not allowed; use a non-negative integer`);
    if (typeof ev.g !== 'function') issues.push(`options.events.g: ${fmt(ev.g)} is not a function (t, y, out) => void`);
    if (typeof ev.onRoot !== 'function') issues.push(`options.events.onRoot: ${fmt(ev.onRoot)} is not a function (t, y, fired) => boolean | void`);
    if (ev.direction !== undefined && (!isArrayLike(ev.direction) || ev.direction.length !== ev.count)) {
      issues.push(`options.events.direction: expected an array of count = ${ev.count} numbers (+1, -1 or 0)`);
    }
    if (ev.tTol !== undefined && !(ev.tTol > 0)) issues.push(`options.events.tTol: ${fmt(ev.tTol)} is not allowed; use a positive number`);
  }
  return { n: nn, rtol, atol, tOut, stops, maxSteps, h0, hMax, after: oas === 'after', errorComponents };
}

/** Columnar output storage: exact size when output times are given, geometric growth otherwise. */
class Columns {
  t: Float64Array;
  y: Float64Array[];
  size = 0;
  constructor(readonly n: number, capacity: number) {
    this.t = new Float64Array(capacity);
    // one buffer, a view per component: n separate buffers cost an allocation and a free each
    // (thousands for a sensitivity run), which showed as a tenth of its time
    const all = new Float64Array(n * capacity);
    this.y = Array.from({ length: n }, (_, i) => all.subarray(i * capacity, (i + 1) * capacity));
  }
  push(t: number, y: Float64Array): void {
    if (this.size === this.t.length) this.grow();
    const k = this.size++;
    this.t[k] = t;
    const cols = this.y;
    for (let i = 0, n = this.n; i < n; i++) cols[i][k] = y[i];
  }
  private grow(): void {
    const cap = Math.max(16, this.t.length * 2);
    const t = new Float64Array(cap); t.set(this.t); this.t = t;
    const all = new Float64Array(this.n * cap);
    for (let i = 0; i < this.n; i++) { const c = all.subarray(i * cap, (i + 1) * cap); c.set(this.y[i]); this.y[i] = c; }
  }
  /** Trimmed views (copies only when more than a quarter of the buffer would be wasted). */
  finish(): { t: Float64Array; y: Float64Array[] } {
    const k = this.size;
    const trim = (a: Float64Array) => (a.length === k ? a : a.length > k + (k >> 2) ? a.slice(0, k) : a.subarray(0, k));
    return { t: trim(this.t), y: this.y.map(trim) };
  }
}

function label(problem: OdeProblem, i: number): string {
  return problem.names?.[i] ?? `y[${i}]`;
}

/** Records y if the next output time is exactly t; returns the next output index. */
function pushAt(cols: Columns, tOut: Float64Array, iOut: number, t: number, y: Float64Array): number {
  if (iOut < tOut.length && tOut[iOut] === t) { cols.push(t, y); return iOut + 1; }
  return iOut;
}

function firstNonFinite(y: Float64Array): number {
  // checked after every step: a branch-free pass (v·0 is NaN exactly for ±Infinity and NaN) with
  // four sums, so that the additions do not wait for each other; the search only when something is off
  const n = y.length;
  let a0 = 0, a1 = 0, a2 = 0, a3 = 0, i = 0;
  for (; i + 3 < n; i += 4) { a0 += y[i] * 0; a1 += y[i + 1] * 0; a2 += y[i + 2] * 0; a3 += y[i + 3] * 0; }
  for (; i < n; i++) a0 += y[i] * 0;
  if (a0 + a1 + a2 + a3 === 0) return -1;
  for (let i = 0; i < y.length; i++) if (!Number.isFinite(y[i])) return i;
  return -1;
}

/**
 * The one entry point of the ODE engine: integrates `problem` from `t0` to `tEnd` with `method` and
 * returns a columnar `Solution` (`y[i][k]` = component i at `t[k]`) with statistics, a result code
 * and an actionable message. Time and state units are the problem's own.
 *
 * Which method: `bdf()` (variable order 1–5, the default choice for stiff problems and long runs),
 * `rodas5p()` (L-stable Rosenbrock: tight tolerances, frequent restarts at doses), `dopri5()`
 * (explicit, for non-stiff problems only). `findMethod(name)` looks one up by name.
 *
 * Output: with `tOut`, exactly those rows (preallocated, from the method's dense output, never from
 * shortened steps); without, t0 and every accepted step, plus a second row at each time stop holding
 * the state after `onStop` (so a plot shows the jump). Time stops (`tStops`, e.g. doses) are the only
 * places where steps are cut: the method lands exactly on the stop, `onStop` may change the state,
 * and the method restarts from it. Events (`events`) are located by root finding.
 *
 * Failures: a numerical failure (step size underflow, repeated Newton failure, the step budget or
 * wall-time budget exhausted, a non-finite right-hand side) is returned in `code`, `message` and
 * `failure` (time, step, worst component, state), never thrown, unless `options.throwOnFailure`
 * (then a `SolverError`). Bad input (negative tolerances, unordered `tOut`, a `y0` of the wrong
 * length) gives code `invalid_input` with every problem in the message, before any step.
 *
 * @example
 * ```ts
 * import { solve, bdf } from 'magbone';
 * // y' = −50·(y − cos t), a stiff scalar problem
 * const problem = { n: 1, t0: 0, tEnd: 2, y0: [0], f: (t, y, dy) => { dy[0] = -50 * (y[0] - Math.cos(t)); } };
 * const sol = solve(problem, bdf(), { rtol: 1e-8, atol: 1e-10, tOut: [0, 1, 2] });
 * console.log(sol.code, sol.y[0], sol.stats.steps); // 'success'; after the fast transient y ≈ cos t + sin t / 50
 * ```
 */
export function solve(problem: OdeProblem, method: Method, options: SolveOptions = {}): Solution {
  const stats = emptyStats();
  const issues: string[] = [];
  const chk = validate(problem, method, options, issues);
  const methodName = method && typeof method.name === 'string' ? method.name : 'unknown';
  if (issues.length > 0) {
    const message = `invalid input (${issues.length} problem${issues.length > 1 ? 's' : ''}):\n  ${issues.join('\n  ')}`;
    const y0 = isArrayLike(problem?.y0) ? Float64Array.from(problem.y0 as ArrayLike<number>) : new Float64Array(0);
    const failure: FailureInfo = { t: problem?.t0 ?? NaN, h: 0, state: y0 };
    if (options.throwOnFailure) throw new SolverError('invalid_input', message, failure);
    return makeSolution(methodName, new Columns(Math.max(chk.n, 0), 0), stats, 'invalid_input', message, failure,
      problem?.t0 ?? NaN, y0, undefined, false);
  }

  const { n, tOut, stops, maxSteps, after } = chk;
  const ctx: StepperContext = { problem, n, rtol: chk.rtol, atol: chk.atol, stats, hMax: chk.hMax, h0: chk.h0, errorComponents: chk.errorComponents };
  const stepper = method.create(ctx);
  const cols = new Columns(n, tOut ? tOut.length : 64);
  const dense = options.dense ? new DenseRecord(n) : undefined;
  const rec = options.record;
  const onStop = options.onStop;
  const nStops = stops.length, nOut = tOut ? tOut.length : 0;
  const row = new Float64Array(n);
  const y = Float64Array.from(problem.y0);
  const tEnd = problem.tEnd;
  const roots = options.events && options.events.count > 0 ? new RootFinder(options.events, n) : undefined;
  const yEv = roots ? new Float64Array(n) : row;
  let event: { t: number; fired: Int8Array } | undefined;

  let t = problem.t0;
  let iStop = 0, iOut = 0;
  let code: ResultCode = 'success';
  let message = '';
  let failure: FailureInfo | undefined;
  let first = true;
  if (dense) dense.begin(t, y);
  if (rec) rec.begin(t, y);
  // wall-clock budget: performance.now() is read once every 16 steps or stops, not per step
  const deadline = options.maxWallTime === undefined ? Infinity : performance.now() + options.maxWallTime * 1000;
  let tick = 0;
  const overTime = (): boolean => deadline !== Infinity && (++tick & 15) === 0 && performance.now() > deadline;
  const timeLimit = (tt: number, yy: Float64Array): void => {
    code = 'time_limit';
    message = `the wall-time limit (${options.maxWallTime} s) was reached at t=${tt} after ${stats.steps} steps: raise the limit (solver.maxWallTime), loosen the tolerances, or shorten the run`;
    failure = { t: tt, h: 0, state: Float64Array.from(yy) };
  };

  run: for (;;) {
    if (iStop < nStops && stops[iStop] === t) {
      // 'before': the state the stop finds; every-step mode records both sides of the jump
      if (tOut) { if (!after) iOut = pushAt(cols, tOut, iOut, t, y); }
      else if (first) cols.push(t, y);
      while (iStop < nStops && stops[iStop] === t) {
        if (onStop) onStop(t, y, iStop);
        iStop++;
        if (overTime()) { timeLimit(t, y); break run; }
      }
      const bad = firstNonFinite(y);
      if (bad >= 0) {
        code = 'non_finite';
        message = `the time-stop callback at t=${t} set component '${label(problem, bad)}' to ${y[bad]}`;
        failure = { t, h: 0, component: bad, componentName: label(problem, bad), state: Float64Array.from(y) };
        break run;
      }
      if (tOut) iOut = pushAt(cols, tOut, iOut, t, y);
      else cols.push(t, y);
      if (dense) dense.begin(t, y);
      if (rec) rec.begin(t, y);
    } else if (first) {
      if (tOut) iOut = pushAt(cols, tOut, iOut, t, y);
      else cols.push(t, y);
    }
    first = false;
    if (t >= tEnd) break;

    const tLimit = iStop < nStops ? stops[iStop] : tEnd;
    const limitIsStop = iStop < nStops;
    // A segment shorter than the time axis resolves (a few ulps of the run's span, e.g. a dose at
    // 1e-271 h in a 24-h run) is one instant: the state does not move across it. Stepping it would
    // ask the method for a step of 1e-271, whose error estimate divides by h and overflows.
    if (tLimit - t <= 4 * Number.EPSILON * Math.max(Math.abs(t), Math.abs(tLimit), tEnd - problem.t0)) {
      if (tOut) {
        while (iOut < nOut && tOut[iOut] <= tLimit && !(limitIsStop && tOut[iOut] === tLimit)) cols.push(tOut[iOut++], y);
      }
      if (dense) dense.begin(tLimit, y);
      if (rec) rec.begin(tLimit, y);
      t = tLimit;
      continue;
    }
    stepper.reset(t, y);
    if (roots) roots.start(t, y);
    while (stepper.t < tLimit) {
      if (stats.steps + stats.rejected >= maxSteps) {
        code = 'max_steps';
        message = `max steps (${maxSteps}) reached at t=${stepper.t}: raise maxSteps`
          + (method.stiff ? ', or loosen the tolerances (the solution may oscillate fast or have a near-singularity there)'
            : ', or the problem is stiff: use a stiff method (rodas5, bdf)');
        failure = { t: stepper.t, h: 0, state: Float64Array.from(stepper.y) };
        break run;
      }
      if (overTime()) { timeLimit(stepper.t, stepper.y); break run; }
      const r = stepper.step(tLimit);
      if (r !== 'ok') {
        code = r;
        message = stepper.message() || `${methodName} failed with '${r}' at t=${stepper.t}`;
        failure = stepper.failure() ?? { t: stepper.t, h: 0, state: Float64Array.from(stepper.y) };
        break run;
      }
      const ys = stepper.y, tn = stepper.t;
      const bad = firstNonFinite(ys);
      if (bad >= 0) {
        code = 'non_finite';
        message = `component '${label(problem, bad)}' became ${ys[bad]} at t=${tn} (last finite state at t=${stepper.tPrev}); `
          + 'the solution may blow up there: check the model, or put a time stop at a discontinuity';
        failure = { t: tn, h: tn - stepper.tPrev, component: bad, componentName: label(problem, bad), state: Float64Array.from(ys) };
        break run;
      }
      const tEv = roots ? roots.check(stepper, yEv) : NaN;
      if (tEv === tEv) {
        // an event inside the step: outputs up to it (the state before the callback at its time),
        // then the callback, then a clean restart from the state it leaves
        if (tOut) {
          while (iOut < nOut && tOut[iOut] <= tEv) {
            const to = tOut[iOut];
            if (to === tEv) cols.push(to, yEv);
            else { stepper.interpolate(to, row); cols.push(to, row); }
            iOut++;
          }
        } else cols.push(tEv, yEv);
        if (dense) dense.addStep(stepper, tEv);
        if (rec) rec.addStep(stepper, tEv);
        const fired = (roots as RootFinder).fired;
        const end = options.events!.onRoot(tEv, yEv, fired) === true;
        const badEv = firstNonFinite(yEv);
        if (badEv >= 0) {
          code = 'non_finite';
          message = `the event callback at t=${tEv} set component '${label(problem, badEv)}' to ${yEv[badEv]}`;
          failure = { t: tEv, h: 0, component: badEv, componentName: label(problem, badEv), state: Float64Array.from(yEv) };
          break run;
        }
        if (!tOut) cols.push(tEv, yEv);
        if (dense) dense.begin(tEv, yEv);
        if (rec) rec.begin(tEv, yEv);
        if (end) {
          event = { t: tEv, fired: Int8Array.from(fired) };
          t = tEv;
          y.set(yEv);
          break run;
        }
        stepper.reset(tEv, yEv);
        (roots as RootFinder).start(tEv, yEv);
        continue;
      }
      if (tOut) {
        while (iOut < nOut && tOut[iOut] <= tn) {
          const to = tOut[iOut];
          if (limitIsStop && to === tLimit) break; // recorded at the stop, honouring outputAtStop
          if (to === tn) cols.push(to, ys);
          else { stepper.interpolate(to, row); cols.push(to, row); }
          iOut++;
        }
      } else {
        cols.push(tn, ys);
      }
      if (dense) dense.addStep(stepper);
      if (rec) rec.addStep(stepper);
    }
    t = tLimit;
    y.set(stepper.y);
  }

  if (stats.jacFallback > 0) {
    const note = `the analytic Jacobian had non-finite entries at ${stats.jacFallback} of ${stats.jac} evaluations; ` +
      'finite differences were used there (stats.jacFallback)';
    message = message ? `${message} (${note})` : `note: ${note}`;
  }
  if (roots) { stats.roots = roots.roots; stats.rootEvals = roots.evals; }
  stepper.release?.();
  const tFinal = code === 'success' ? (event ? event.t : tEnd) : (failure?.t ?? t);
  const yFinal = code === 'success' ? Float64Array.from(y) : Float64Array.from(failure?.state ?? y);
  if (code !== 'success' && options.throwOnFailure) throw new SolverError(code, message, failure);
  const sol = makeSolution(methodName, cols, stats, code, message, failure, tFinal, yFinal, dense, after);
  return event ? { ...sol, event } : sol;
}

function makeSolution(
  method: string, cols: Columns, stats: SolverStats, code: ResultCode, message: string,
  failure: FailureInfo | undefined, tFinal: number, yFinal: Float64Array, dense: DenseRecord | undefined, after: boolean,
): Solution {
  const { t, y } = cols.finish();
  const evaluate = dense
    ? (s: number, out?: Float64Array) => dense.evaluate(s, after, out ?? new Float64Array(cols.n))
    : () => { throw new Error('Solution.evaluate needs the dense output: call solve(..., { dense: true })'); };
  return { t, y, stats, code, message, failure, tFinal, yFinal, evaluate, method };
}
