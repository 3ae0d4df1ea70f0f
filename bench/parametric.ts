/**
 * Cost of the generated parametric derivatives (Model.parametric) against one RHS call, on
 * human-mg-bone: ∂f/∂p for 20 parameters (spread evenly over the parameter list, and the 20 whose
 * ∂f/∂p columns are densest), ∂f/∂p for all parameters, update (once per parameter set), ∂g/∂p and
 * ∂g/∂y — beside one rhs and one analytic Jacobian. Not a test. Run:
 * `npx tsc -p . && node dist/bench/parametric.js`.
 *
 * Each timed loop is its own generated function (own call site); states cycle through a few
 * perturbed copies of y0 so nothing is constant; the best of 7 rounds of ~0.2 s is reported.
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

/** ns per call: best of 7 rounds. */
function time(f: Fn, ys: Float64Array[], p: Float64Array, out: Float64Array): number {
  const loop = makeLoop();
  let calls = 100;
  for (;;) { // calibrate to ~0.2 s per round
    const t0 = performance.now();
    loop(f, ys, p, out, calls);
    const ms = performance.now() - t0;
    if (ms > 200) break;
    calls *= ms < 20 ? 10 : 2;
  }
  let best = Infinity;
  for (let r = 0; r < 7; r++) {
    const t0 = performance.now();
    loop(f, ys, p, out, calls);
    best = Math.min(best, ((performance.now() - t0) * 1e6) / calls);
  }
  return best;
}

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

const rhsNs = time((t, y, q, out) => m.rhs(t, y, q, out), ys, p, new Float64Array(n));
const jacNs = time((t, y, q, out) => m.jac(t, y, q, out), ys, p, new Float64Array(n * n));
const rows: [string, number][] = [['rhs', rhsNs], ['jac (analytic, dense n×n)', jacNs]];
for (const [label, names] of [['20 spread', spread], ['20 densest', densest], [`all ${np}`, m.parameterNames]] as const) {
  const pd = m.parametric(names);
  pd.update(p);
  const k = pd.np;
  rows.push([`dfdp ${label}`, time((t, y, q, out) => pd.dfdp(t, y, q, out), ys, p, new Float64Array(n * k))]);
  rows.push([`dgdp ${label}`, time((t, y, q, out) => pd.dgdp(t, y, q, out), ys, p, new Float64Array(nobs * k))]);
  rows.push([`update ${label}`, time((_t, _y, q) => pd.update(q), ys, p, new Float64Array(1))]);
  if (label === '20 spread') rows.push(['dgdy', time((t, y, q, out) => pd.dgdy(t, y, q, out), ys, p, new Float64Array(nobs * n))]);
}
rows.push(['prepare', time((_t, _y, q) => m.prepare(q), ys, Float64Array.from(p), new Float64Array(1))]);

console.log(`human-mg-bone: n = ${n} states, ${nobs} observables, ${np} parameters`);
console.log(`20 spread: ${spread.join(', ')}`);
console.log(`20 densest: ${densest.join(', ')} (${densest.map((d) => nnz.find((x) => x.name === d)!.count).join(', ')} non-zeros)`);
for (const [label, ns] of rows) console.log(`${label.padEnd(30)} ${ns.toFixed(0).padStart(8)} ns   ${(ns / rhsNs).toFixed(2).padStart(6)} × rhs`);
