/**
 * The BDF coefficient and Nordsieck-array helpers checked against properties that hold by
 * construction (Byrne & Hindmarsh 1975; Jackson & Sacks-Davis 1980): constant-step BDF constants,
 * the fixed leading coefficient, the roots of the corrector and order-change polynomials, and the
 * exactness of prediction for polynomials.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BDF_MAX_ORDER, setBdfCoefficients, increaseOrderCoefficients, decreaseOrderCoefficients,
} from '../../src/solver/methods/bdf-coefficients.js';
import {
  nordsieckPredict, nordsieckRestore, nordsieckRescale, nordsieckEvaluate, nordsieckCorrect,
} from '../../src/solver/methods/bdf-nordsieck.js';

/** Deterministic pseudo-random numbers in [lo, hi). */
function rng(seed: number): (lo: number, hi: number) => number {
  let s = seed >>> 0;
  return (lo, hi) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return lo + ((s >>> 8) / 2 ** 24) * (hi - lo);
  };
}

function poly(c: Float64Array, deg: number, x: number): number {
  let v = 0;
  for (let j = deg; j >= 0; j--) v = v * x + c[j];
  return v;
}

const harmonic = (q: number) => { let s = 0; for (let j = 1; j <= q; j++) s += 1 / j; return s; };

test('constant steps: gamma/h is the BDF beta0 and tq[2] the BDF error constant', () => {
  const beta0 = [0, 1, 2 / 3, 6 / 11, 12 / 25, 60 / 137];
  const errConst = [0, 1 / 2, 2 / 9, 3 / 22, 12 / 125, 10 / 137];
  const l = new Float64Array(8), tq = new Float64Array(6);
  const tau = new Float64Array(8).fill(1);
  for (let q = 1; q <= BDF_MAX_ORDER; q++) {
    setBdfCoefficients(q, 1, tau, true, 0.1, l, tq);
    assert.ok(Math.abs(1 / l[1] - beta0[q]) < 1e-14, `q=${q}: gamma/h = ${1 / l[1]}, expected ${beta0[q]}`);
    assert.ok(Math.abs(tq[2] - errConst[q]) < 1e-14, `q=${q}: tq[2] = ${tq[2]}, expected ${errConst[q]}`);
    assert.ok(Math.abs(tq[4] - 0.1 / tq[2]) < 1e-14);
    // Λ(x) = Π_{i=1}^{q} (1 + x/i) for equal steps
    const ref = new Float64Array(8); ref[0] = 1;
    for (let i = 1; i <= q; i++) for (let k = i; k >= 1; k--) ref[k] += ref[k - 1] / i;
    for (let k = 0; k <= q; k++) assert.ok(Math.abs(l[k] - ref[k]) < 1e-14, `q=${q}: l[${k}] = ${l[k]}, expected ${ref[k]}`);
  }
});

test('variable steps: fixed leading coefficient, and the correction leaves the past q-1 points unchanged', () => {
  const r = rng(7);
  const l = new Float64Array(8), tq = new Float64Array(6), tau = new Float64Array(8);
  for (let trial = 0; trial < 50; trial++) {
    for (let i = 1; i < 8; i++) tau[i] = r(0.2, 3);
    const h = r(0.2, 3);
    for (let q = 1; q <= BDF_MAX_ORDER; q++) {
      setBdfCoefficients(q, h, tau, true, 0.1, l, tq);
      assert.equal(l[0], 1);
      assert.ok(Math.abs(l[1] - harmonic(q)) < 1e-13, `q=${q}: l[1] = ${l[1]}`);
      let hsum = h;
      for (let i = 1; i < q; i++) {
        // Λ(−ξ_i) = 0 with ξ_i = (t_n − t_{n−i})/h
        const xi = hsum / h;
        const v = poly(l, q, -xi);
        assert.ok(Math.abs(v) < 1e-11 * Math.max(1, xi ** q), `q=${q}, i=${i}: Λ(-ξ) = ${v}`);
        hsum += tau[i];
      }
      for (const k of [1, 2, 3, 4, 5]) assert.ok(Number.isFinite(tq[k]) && tq[k] > 0, `q=${q}: tq[${k}] = ${tq[k]}`);
    }
  }
});

test('order change polynomials vanish to second order at t_n and at the kept past points', () => {
  const r = rng(11);
  const c = new Float64Array(BDF_MAX_ORDER + 3), tau = new Float64Array(8);
  for (let trial = 0; trial < 50; trial++) {
    for (let i = 1; i < 8; i++) tau[i] = r(0.2, 3);
    const hs = tau[1]; // the history is scaled with the step just taken
    for (let q = 1; q < BDF_MAX_ORDER; q++) {
      const a = increaseOrderCoefficients(q, hs, tau, c);
      // from order 1 the new column starts at zero (the fixed-leading-coefficient form has no
      // second-derivative information yet); from higher orders it is a nonzero multiple of Δ
      assert.ok(Number.isFinite(a) && (q === 1 ? a === 0 : a !== 0), `q=${q}: a = ${a}`);
      const p = new Float64Array(8);
      for (let j = 2; j <= q; j++) p[j] = c[j];
      p[q + 1] = 1;
      assert.ok(Math.abs(c[q + 1] - 1) < 1e-13 || q === 1, `q=${q}: leading coefficient ${c[q + 1]}`);
      let hsum = 0;
      for (let i = 1; i < q; i++) {
        hsum += tau[i];
        const v = poly(p, q + 1, -hsum / hs);
        assert.ok(Math.abs(v) < 1e-11 * Math.max(1, (hsum / hs) ** (q + 1)), `increase q=${q}, i=${i}: ${v}`);
      }
      assert.equal(p[0], 0); assert.equal(p[1], 0);
    }
    for (let q = 3; q <= BDF_MAX_ORDER; q++) {
      decreaseOrderCoefficients(q, hs, tau, c);
      const p = new Float64Array(8);
      for (let j = 2; j < q; j++) p[j] = c[j];
      p[q] = 1;
      let hsum = 0;
      for (let i = 1; i <= q - 2; i++) {
        hsum += tau[i];
        const v = poly(p, q, -hsum / hs);
        assert.ok(Math.abs(v) < 1e-11 * Math.max(1, (hsum / hs) ** q), `decrease q=${q}, i=${i}: ${v}`);
      }
    }
  }
});

test('Nordsieck prediction is exact for polynomials of degree <= q; restore undoes it; rescale keeps the polynomial', () => {
  const r = rng(3);
  const n = 3;
  for (let q = 1; q <= BDF_MAX_ORDER; q++) {
    // y_i(t) = Σ_k a_ik t^k, degree q; history at t = 0.7 with step h = 0.3
    const coef = Array.from({ length: n }, () => Array.from({ length: q + 1 }, () => r(-1, 1)));
    const t0 = 0.7, h = 0.3;
    const deriv = (i: number, d: number, t: number) => {
      let s = 0;
      for (let k = d; k <= q; k++) {
        let f = 1; for (let m = 0; m < d; m++) f *= k - m;
        s += coef[i][k] * f * t ** (k - d);
      }
      return s;
    };
    const fact = (d: number) => { let f = 1; for (let m = 2; m <= d; m++) f *= m; return f; };
    const z = new Float64Array((q + 1) * n);
    for (let j = 0; j <= q; j++) for (let i = 0; i < n; i++) z[j * n + i] = (h ** j * deriv(i, j, t0)) / fact(j);
    const orig = Float64Array.from(z);
    nordsieckPredict(z, n, q);
    for (let j = 0; j <= q; j++) for (let i = 0; i < n; i++) {
      const exact = (h ** j * deriv(i, j, t0 + h)) / fact(j);
      assert.ok(Math.abs(z[j * n + i] - exact) < 1e-12, `q=${q}: predicted column ${j} off by ${z[j * n + i] - exact}`);
    }
    nordsieckRestore(z, n, q);
    for (let k = 0; k < z.length; k++) assert.ok(Math.abs(z[k] - orig[k]) < 1e-13);
    // rescaling to step 0.5h represents the same polynomial
    nordsieckRescale(z, n, q, 0.5);
    const out = new Float64Array(n), out2 = new Float64Array(n);
    for (const s of [0.2, 0.55, 0.7, 0.9]) {
      nordsieckEvaluate(z, n, q, t0, 0.5 * h, s, out);
      nordsieckEvaluate(orig, n, q, t0, h, s, out2);
      for (let i = 0; i < n; i++) {
        assert.ok(Math.abs(out[i] - deriv(i, 0, s)) < 1e-12, `q=${q}: evaluate at ${s}`);
        assert.ok(Math.abs(out2[i] - deriv(i, 0, s)) < 1e-12);
      }
    }
  }
});

test('the one-pass history operations do exactly the column-by-column arithmetic', () => {
  const r = rng(99);
  const n = 7;
  for (let q = 1; q <= BDF_MAX_ORDER; q++) {
    const z = Float64Array.from({ length: (q + 1) * n }, () => r(-1e3, 1e3));
    const ref = Float64Array.from(z);
    // reference: the Pascal triangle column by column, then undone, then a correction
    for (let k = 1; k <= q; k++) for (let j = q; j >= k; j--) for (let i = 0; i < n; i++) ref[(j - 1) * n + i] += ref[j * n + i];
    nordsieckPredict(z, n, q);
    assert.deepEqual(z, ref, `predict q=${q}`);
    const l = Float64Array.from({ length: 7 }, () => r(-2, 2));
    const d = Float64Array.from({ length: n }, () => r(-1, 1));
    for (let j = 0; j <= q; j++) for (let i = 0; i < n; i++) ref[j * n + i] += l[j] * d[i];
    nordsieckCorrect(z, n, q, l, d);
    assert.deepEqual(z, ref, `correct q=${q}`);
    for (let k = 1; k <= q; k++) for (let j = q; j >= k; j--) for (let i = 0; i < n; i++) ref[(j - 1) * n + i] -= ref[j * n + i];
    nordsieckRestore(z, n, q);
    assert.deepEqual(z, ref, `restore q=${q}`);
  }
});
