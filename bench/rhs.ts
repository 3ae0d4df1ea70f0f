/**
 * Cost of the generated right-hand sides against hand-written TypeScript of the same equations
 * (target: generated ≤ 1.2 × hand-written). Not a test. Run: `npx tsc -p . && node dist/bench/rhs.js`.
 *
 * Peers, measured in the same run: the stiff test-set problems (compileVectorField vs. hand
 * transcriptions of bench/peers/cvode_bench.c, constants inlined as in C), and the language's
 * test model (compileModel's rhs(t, y, p, dy) vs. a hand-written rhs over the same p). Each timed
 * loop is its own generated function (its own call site, so one peer's feedback cannot slow the
 * other); rounds alternate A/B and the median per-call time of 9 rounds is reported.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DATA } from '../test/helpers/paths.js';
import { compileVectorField, compileModel } from '../src/model/index.js';
import type { RhsFn } from '../src/solver/types.js';
import { testModel, makeHandRhsIndexed } from '../test/model/fixtures.js';

type Rhs4 = (t: number, y: Float64Array, p: Float64Array, dy: Float64Array) => void;

const hand: Record<string, RhsFn> = {
  HIRES: (t, y, f) => {
    f[0] = -1.71 * y[0] + 0.43 * y[1] + 8.32 * y[2] + 0.0007;
    f[1] = 1.71 * y[0] - 8.75 * y[1];
    f[2] = -10.03 * y[2] + 0.43 * y[3] + 0.035 * y[4];
    f[3] = 8.32 * y[1] + 1.71 * y[2] - 1.12 * y[3];
    f[4] = -1.745 * y[4] + 0.43 * y[5] + 0.43 * y[6];
    f[5] = -280.0 * y[5] * y[7] + 0.69 * y[3] + 1.71 * y[4] - 0.43 * y[5] + 0.69 * y[6];
    f[6] = 280.0 * y[5] * y[7] - 1.81 * y[6];
    f[7] = -280.0 * y[5] * y[7] + 1.81 * y[6];
  },
  POLLU: (t, y, f) => {
    const r1 = 0.35 * y[0], r2 = 26.6 * y[1] * y[3], r3 = 12300.0 * y[4] * y[1], r4 = 8.6e-4 * y[6];
    const r5 = 8.2e-4 * y[6], r6 = 15000.0 * y[6] * y[5], r7 = 1.3e-4 * y[8], r8 = 24000.0 * y[8] * y[5];
    const r9 = 16500.0 * y[10] * y[1], r10 = 9000.0 * y[10] * y[0], r11 = 0.022 * y[12], r12 = 12000.0 * y[9] * y[1];
    const r13 = 1.88 * y[13], r14 = 16300.0 * y[0] * y[5], r15 = 4.8e6 * y[2], r16 = 3.5e-4 * y[3];
    const r17 = 0.0175 * y[3], r18 = 1.0e8 * y[15], r19 = 4.44e11 * y[15], r20 = 1240.0 * y[16] * y[5];
    const r21 = 2.1 * y[18], r22 = 5.78 * y[18], r23 = 0.0474 * y[0] * y[3], r24 = 1780.0 * y[18] * y[0];
    const r25 = 3.12 * y[19];
    f[0] = -r1 - r10 - r14 - r23 - r24 + r2 + r3 + r9 + r11 + r12 + r22 + r25;
    f[1] = -r2 - r3 - r9 - r12 + r1 + r21;
    f[2] = -r15 + r1 + r17 + r19 + r22;
    f[3] = -r2 - r16 - r17 - r23 + r15;
    f[4] = -r3 + 2.0 * r4 + r6 + r7 + r13 + r20;
    f[5] = -r6 - r8 - r14 - r20 + r3 + 2.0 * r18;
    f[6] = -r4 - r5 - r6 + r13;
    f[7] = r4 + r5 + r6 + r7;
    f[8] = -r7 - r8;
    f[9] = -r12 + r7 + r9;
    f[10] = -r9 - r10 + r8 + r11;
    f[11] = r9;
    f[12] = -r11 + r10;
    f[13] = -r13 + r12;
    f[14] = r14;
    f[15] = -r18 - r19 + r16;
    f[16] = -r20;
    f[17] = r20;
    f[18] = -r21 - r22 - r24 + r23 + r25;
    f[19] = -r25 + r24;
  },
  ROBER: (t, y, f) => {
    f[0] = -0.04 * y[0] + 1.0e4 * y[1] * y[2];
    f[1] = 0.04 * y[0] - 1.0e4 * y[1] * y[2] - 3.0e7 * y[1] * y[1];
    f[2] = 3.0e7 * y[1] * y[1];
  },
  VDPOL: (t, y, f) => {
    f[0] = y[1];
    f[1] = ((1.0 - y[0] * y[0]) * y[1] - y[0]) / 1.0e-6;
  },
  OREGO: (t, y, f) => {
    const s = 77.27, w = 0.161, q = 8.375e-6;
    f[0] = s * (y[1] + y[0] * (1.0 - q * y[0] - y[1]));
    f[1] = (y[2] - (1.0 + y[0]) * y[1]) / s;
    f[2] = w * (y[0] - y[2]);
  },
};

/** A timing loop of its own (fresh function, fresh call site): ns per call over `calls` calls. */
function makeLoop(arity: 3 | 4): (f: RhsFn | Rhs4, ys: Float64Array[], p: Float64Array, dy: Float64Array, calls: number) => number {
  const call = arity === 3 ? 'f(0.5, ys[k % m], dy)' : 'f(0.5, ys[k % m], p, dy)';
  return new Function('f', 'ys', 'p', 'dy', 'calls', `
    const m = ys.length; let s = 0;
    const t0 = performance.now();
    for (let k = 0; k < calls; k++) { ${call}; s += dy[0]; }
    const ns = (performance.now() - t0) * 1e6 / calls;
    if (s === 12345.678) console.log(s);
    return ns;`) as never;
}

function compare(label: string, arity: 3 | 4, a: RhsFn | Rhs4, b: RhsFn | Rhs4, ys: Float64Array[], p: Float64Array, n: number): { gen: number; hand: number } {
  const la = makeLoop(arity), lb = makeLoop(arity);
  const dy = new Float64Array(n);
  const calls = 200_000;
  la(a, ys, p, dy, calls); lb(b, ys, p, dy, calls); // warm-up (optimise both)
  const ta: number[] = [], tb: number[] = [];
  for (let r = 0; r < 9; r++) {
    ta.push(la(a, ys, p, dy, calls));
    tb.push(lb(b, ys, p, dy, calls));
  }
  const med = (v: number[]): number => v.sort((x, y) => x - y)[v.length >> 1];
  const gen = med(ta), hw = med(tb);
  console.log(`${label.padEnd(22)} ${gen.toFixed(1).padStart(8)} ns ${hw.toFixed(1).padStart(8)} ns   ${(gen / hw).toFixed(2)}x`);
  return { gen, hand: hw };
}

function states(y0: ArrayLike<number>, count: number): Float64Array[] {
  let s = 12345;
  const rnd = (): number => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296);
  return Array.from({ length: count }, () => Float64Array.from(y0, (v) => v * (0.5 + rnd()) + 1e-3 * rnd()));
}

console.log(`${'problem'.padEnd(22)} ${'generated'.padStart(11)} ${'hand'.padStart(11)}   ratio`);
const ratios: number[] = [];
const dir = path.join(DATA, 'ivp-testset');
for (const name of Object.keys(hand)) {
  const prob = JSON.parse(fs.readFileSync(path.join(dir, `${name}.json`), 'utf8')) as { n: number; y0: number[]; rhs: string[]; parameters: Record<string, number> };
  const vf = compileVectorField(prob);
  const check = new Float64Array(prob.n), check2 = new Float64Array(prob.n);
  const ys = states(prob.y0, 64);
  vf.f(0, ys[1], check); hand[name](0, ys[1], check2);
  for (let i = 0; i < prob.n; i++) {
    if (Math.abs(check[i] - check2[i]) > 1e-12 * (Math.abs(check2[i]) + 1e-300) + 1e-300 && Math.abs(check[i] - check2[i]) > 1e-9 * Math.max(...Array.from(check2, Math.abs))) {
      throw new Error(`${name}: generated and hand-written disagree at ${i}: ${check[i]} vs ${check2[i]}`);
    }
  }
  const r = compare(`${name} (n=${prob.n})`, 3, vf.f, hand[name], ys, new Float64Array(0), prob.n);
  ratios.push(r.gen / r.hand);
}

const m = compileModel(testModel);
const p = m.params();
p[m.rateIndex('ORAL')] = 1;
const handModel = makeHandRhsIndexed((name) => (name.startsWith('rate:') ? m.rateIndex(name.slice(5)) : m.paramIndex(name)));
const ys = Array.from({ length: 64 }, (_, k) => Float64Array.from([10 + k, 500 + 3 * k, 5 + 0.1 * k, 0.9, 1 + 0.01 * k]));
const r = compare('test model (n=5)', 4, m.rhs, handModel, ys, p, 5);
ratios.push(r.gen / r.hand);

const geo = Math.exp(ratios.reduce((s, x) => s + Math.log(x), 0) / ratios.length);
console.log(`geometric mean ratio ${geo.toFixed(2)}x (target <= 1.2x); worst ${Math.max(...ratios).toFixed(2)}x`);
