/**
 * Cost of the generated parametric derivatives (Model.parametric) against one RHS call, on
 * human-mg-bone: ∂f/∂p for 20 parameters (spread evenly over the parameter list, and the 20 whose
 * ∂f/∂p columns are densest), ∂f/∂p for all parameters, update (once per parameter set), ∂g/∂p and
 * ∂g/∂y — beside one rhs and one analytic Jacobian. Not a test. Run:
 * `npx tsc -p . && node dist/bench/parametric.js`.
 *
 * Each timed loop is its own generated function (own call site); states cycle through a few
 * perturbed copies of y0 so nothing is constant; rounds of ~50 ms interleave all functions and the
 * best of 15 rounds is reported.
 */
import { compileModel, type Model } from '../src/model/index.js';
import { findModel } from '../src/models/index.js';

type Fn = (t: number, y: Float64Array, p: Float64Array, out: Float64Array) => void;

function makeLoop(): (f: Fn, ys: Float64Array[], p: Float64Array, out: Float64Array, calls: number) => number {
  return new Function('f', 'ys', 'p', 'out', 'calls', `
    const m = ys.length; let s = 0;
    for (let k = 0; k < calls; k++) { f(0.5, ys[k % m], p, out); s += out[0]; }
    return s;`) as (f: Fn, ys: Float64Array[], p: Float64Array, out: Float64Array, calls: number) => number;
}

interface Timed { label: string; f: Fn; out: Float64Array; p: Float64Array; loop: ReturnType<typeof makeLoop>; calls: number; best: number }

/** Calls per round for ~50 ms. */
function calibrate(x: Timed, ys: Float64Array[]): void {
  let calls = 10;
  for (;;) {
    const t0 = performance.now();
    x.loop(x.f, ys, x.p, x.out, calls);
    const ms = performance.now() - t0;
    if (ms > 50) break;
    calls *= ms < 5 ? 10 : 2;
  }
  x.calls = calls;
}

/** ns per call of each: rounds interleave all functions (so load from other processes hits all alike); best round. */
function timeAll(xs: Timed[], ys: Float64Array[], rounds = 15): void {
  for (const x of xs) calibrate(x, ys);
  for (let r = 0; r < rounds; r++) {
    for (const x of xs) {
      const t0 = performance.now();
      x.loop(x.f, ys, x.p, x.out, x.calls);
      x.best = Math.min(x.best, ((performance.now() - t0) * 1e6) / x.calls);
    }
  }
}

const timed = (label: string, f: Fn, out: Float64Array, p: Float64Array): Timed => ({ label, f, out, p, loop: makeLoop(), calls: 0, best: Infinity });

function states(m: Model): Float64Array[] {
  const y0 = m.initialState();
  return [0, 1, 2, 3].map((s) => Float64Array.from(y0, (v, i) => v * (1 + 0.01 * Math.sin(i + s))));
}

const m = compileModel(findModel('human-mg-bone')!.spec);
const n = m.stateNames.length, nobs = m.observableNames.length, np = m.parameterNames.length;
const ys = states(m);
const p = m.p;

// 20 parameters spread over the list, and the 20 with the most non-zero ∂f/∂p entries at y0
const spread = Array.from({ length: 20 }, (_, k) => m.parameterNames[Math.floor((k * np) / 20)]);
const all = m.parametric(m.parameterNames);
all.update(p);
const full = new Float64Array(n * np);
all.dfdp(0, ys[0], p, full);
const nnz = m.parameterNames.map((name, k) => ({ name, count: full.subarray(k * n, (k + 1) * n).filter((v) => v !== 0).length }));
const densest = [...nnz].sort((a, b) => b.count - a.count).slice(0, 20).map((x) => x.name);

const xs: Timed[] = [
  timed('rhs', (t, y, q, out) => m.rhs(t, y, q, out), new Float64Array(n), p),
  timed('jac (analytic, dense n×n)', (t, y, q, out) => m.jac(t, y, q, out), new Float64Array(n * n), p),
  timed('prepare', (_t, _y, q) => m.prepare(q), new Float64Array(1), Float64Array.from(p)),
];
for (const [label, names] of [['20 spread', spread], ['20 densest', densest], [`all ${np}`, m.parameterNames]] as const) {
  const pd = m.parametric(names);
  pd.update(p);
  const k = pd.np;
  xs.push(timed(`dfdp ${label}`, (t, y, q, out) => pd.dfdp(t, y, q, out), new Float64Array(n * k), p));
  xs.push(timed(`dgdp ${label}`, (t, y, q, out) => pd.dgdp(t, y, q, out), new Float64Array(nobs * k), p));
  xs.push(timed(`update ${label}`, (_t, _y, q) => pd.update(q), new Float64Array(1), p));
  if (label === '20 spread') xs.push(timed('dgdy', (t, y, q, out) => pd.dgdy(t, y, q, out), new Float64Array(nobs * n), p));
}
timeAll(xs, ys);
const rhsNs = xs[0].best;

console.log(`human-mg-bone: n = ${n} states, ${nobs} observables, ${np} parameters`);
console.log(`20 spread: ${spread.join(', ')}`);
console.log(`20 densest: ${densest.join(', ')} (${densest.map((d) => nnz.find((x) => x.name === d)!.count).join(', ')} non-zeros)`);
for (const x of xs) console.log(`${x.label.padEnd(30)} ${x.best.toFixed(0).padStart(8)} ns   ${(x.best / rhsNs).toFixed(2).padStart(6)} × rhs`);
