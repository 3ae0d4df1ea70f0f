/**
 * The stiff IVP test set (`test/data/ivp-testset`, sources in `problems.ts`) against its reference
 * solutions, for every stiff method of the registry, with CVODE's accuracy at the same tolerances
 * (`test/data/perfref/results.csv`) as the bar: mescd >= CVODE's mescd - 0.5 digits.
 *
 * Right-hand sides: the JSON expression strings compiled by `compileVectorField` (analytic
 * Jacobian), and the hand-written ones of `problems.ts` (no Jacobian: the finite-difference path).
 * The two must agree at random states, which checks both transcriptions.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { solve } from '../../src/solver/solve.js';
import { dopri5 } from '../../src/solver/methods/dopri5.js';
import type { OdeProblem, RhsFn, JacFn } from '../../src/solver/types.js';
import { compileVectorField } from '../../src/model/expr/index.js';
import { loadTestset, handRhs, mescd, scd, loadCvode, cvodeKey, type TestsetJson } from './problems.js';
import { STIFF_METHODS, type MethodEntry } from './methods.js';

const SET = loadTestset();
const CVODE = loadCvode();
const byName = (name: string): TestsetJson => {
  const p = SET.find((q) => q.name === name);
  if (!p) throw new Error(`test-set problem ${name} missing from ${SET.map((q) => q.name).join(', ')}`);
  return p;
};
/** The README says no problem uses t; checked here rather than assumed. */
const usesT = (p: TestsetJson) => p.rhs.some((r) => /(^|[^A-Za-z0-9_])t([^A-Za-z0-9_[]|$)/.test(r));

function problemOf(p: TestsetJson, f: RhsFn, jac?: JacFn): OdeProblem {
  return { n: p.n, f, jac, t0: p.t0, tEnd: p.tEnd, y0: p.y0, autonomous: !usesT(p) };
}

test('the test set holds the expected problems', () => {
  assert.deepEqual(SET.map((p) => p.name), ['ARENSTORF', 'E5', 'HIRES', 'OREGO', 'POLLU', 'ROBER', 'ROBER40', 'VDPOL', 'VDPOLM']);
});

test('hand-written and compiled right-hand sides agree at random states', () => {
  let seed = 12345;
  const rnd = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
  for (const p of SET) {
    const comp = compileVectorField(p).f, hand = handRhs(p);
    const y = new Float64Array(p.n), a = new Float64Array(p.n), b = new Float64Array(p.n);
    for (let trial = 0; trial < 20; trial++) {
      for (let i = 0; i < p.n; i++) y[i] = (p.y0[i] + 0.1) * (0.5 + rnd());
      comp(0.5, y, a);
      hand(0.5, y, b);
      for (let i = 0; i < p.n; i++) {
        const scale = Math.max(Math.abs(a[i]), Math.abs(b[i]), 1e-300);
        assert.ok(Math.abs(a[i] - b[i]) <= 1e-12 * scale + 1e-300, `${p.name} f[${i}]: compiled ${a[i]} vs hand ${b[i]}`);
      }
    }
  }
});

/**
 * Error-per-step methods (methods.ts: errorPerStep). Their end value moves chaotically with the
 * step sequence: runs whose tolerances differ by 0.1 % (which changes nothing but the steps) spread
 * over up to 2 digits of mescd, CVODE's alike. So for such a method a row's mescd is the median of
 * runs with rtol and atol scaled by 1 + k/1000, k = 0..8 (judged with the nominal tolerances),
 * against the recorded CVODE value - 0.5 as for every method.
 *
 * One recorded value is a lucky draw: ROBER at rtol 1e-8, atol 1e-10 (8.32). There the error at
 * 1e11 is set by the local errors of the last decade (an error in y0 + y1 decays like t^-2), each
 * of the order of atol = 1e-10, while y0 ~ 2e-8: the bar 8.32 - 0.5 = 7.82 asks for a global error
 * of 1.5 atol. CVODE 6.4.1 in perfref's configuration, perturbed the same way (k = 0..39), ends
 * with mescd 6.90 .. 9.21, median 7.84; 8.32 is its 75th percentile and 19 of its 40 runs miss its
 * own bar. Our bdf follows CVODE's steps and orders to 6 digits for the first 160 steps on this
 * problem, then diverges as CVODE diverges from itself, and a Newton iteration solved to 1e-3 of
 * the tolerance with a fresh Jacobian every step does not change the picture. So that row compares
 * like with like: the median of 20 such runs against CVODE's median over its 40, - 0.5.
 */
const PERTURBED_RUNS = 9;
const ROBER_TIGHT = { rtol: 1e-8, atol: 1e-10, runs: 20, cvodeMedian: 7.84 };

function medianMescd(p: TestsetJson, prob: OdeProblem, m: MethodEntry, rtol: number, atol: number, runs: number): { median: number; all: number[] } {
  const all: number[] = [];
  for (let k = 0; k < runs; k++) {
    const f = 1 + k / 1000;
    const sol = solve(prob, m.make(), { rtol: rtol * f, atol: atol * f });
    assert.equal(sol.code, 'success', `tolerances x ${f}: ${sol.message}`);
    all.push(mescd(sol.yFinal, p.reference.y, rtol, atol));
  }
  all.sort((a, b) => a - b);
  return { median: runs % 2 ? all[runs >> 1] : 0.5 * (all[runs / 2 - 1] + all[runs / 2]), all };
}

/** (rtol, atol) rows of the comparison: perfref's atol = 1e-2 rtol, and ROBER also with 1e-6 rtol. */
function tolerances(name: string): [number, number][] {
  const rows: [number, number][] = [[1e-6, 1e-8], [1e-8, 1e-10]];
  if (name === 'ROBER') rows.push([1e-6, 1e-12], [1e-8, 1e-14]);
  return rows;
}

for (const m of STIFF_METHODS) {
  for (const p of SET.filter((q) => q.stiff && q.name !== 'E5')) {
    test(`${m.name} on ${p.name}: mescd at least CVODE's - 0.5 (compiled RHS + analytic Jacobian, and hand RHS + finite differences)`, (t) => {
      const compiled = compileVectorField(p);
      for (const [rtol, atol] of tolerances(p.name)) {
        const cv = CVODE.get(cvodeKey(p.name, rtol, atol));
        for (const [kind, prob] of [['compiled', problemOf(p, compiled.f, compiled.jac)], ['hand/fd', problemOf(p, handRhs(p))]] as const) {
          const t0 = performance.now();
          const sol = solve(prob, m.make(), { rtol, atol });
          const ms = performance.now() - t0;
          assert.equal(sol.code, 'success', `${kind} rtol=${rtol}: ${sol.message}`);
          const got = mescd(sol.yFinal, p.reference.y, rtol, atol);
          t.diagnostic(`${p.name} ${kind} rtol=${rtol} atol=${atol}: mescd ${got.toFixed(2)} (CVODE ${cv ? cv.mescd.toFixed(2) : 'n/a'}), `
            + `scd ${scd(sol.yFinal, p.reference.y, p.scd_absolute_components).toFixed(2)}, steps ${sol.stats.steps}+${sol.stats.rejected} rejected, `
            + `rhs ${sol.stats.rhs}+${sol.stats.rhsJac} (CVODE ${cv ? `${cv.steps} steps, ${cv.rhsTotal} rhs, ${cv.ms} ms` : 'n/a'}), ${ms.toFixed(2)} ms`);
          if (m.errorPerStep) {
            const tight = p.name === 'ROBER' && rtol === ROBER_TIGHT.rtol && atol === ROBER_TIGHT.atol;
            const med = medianMescd(p, prob, m, rtol, atol, tight ? ROBER_TIGHT.runs : PERTURBED_RUNS);
            const bar = tight ? ROBER_TIGHT.cvodeMedian : cv ? cv.mescd : -Math.log10(rtol) - 1.5;
            t.diagnostic(`  median of ${med.all.length} perturbed runs ${med.median.toFixed(2)} (${med.all.map((v) => v.toFixed(2)).join(' ')}), `
              + `against ${tight ? "CVODE's median" : 'CVODE'} ${bar.toFixed(2)} - 0.5`);
            assert.ok(med.median >= bar - 0.5, `${kind} rtol=${rtol} atol=${atol}: median mescd ${med.median.toFixed(2)} < ${bar.toFixed(2)} - 0.5`);
          } else if (cv) assert.ok(got >= cv.mescd - 0.5, `${kind} rtol=${rtol} atol=${atol}: mescd ${got.toFixed(2)} < CVODE ${cv.mescd} - 0.5`);
          else assert.ok(got >= -Math.log10(rtol) - 2, `${kind} rtol=${rtol}: mescd ${got.toFixed(2)} (no CVODE row)`);
        }
      }
    });
  }

  // CVODE "succeeds" on ROBER at rtol 1e-4/1e-6 with atol = 1e-2 rtol but ends at y ~ (-4e7, -4e-6, 4e7)
  // (perfref README): y[1] goes negative once below atol and the run blows up while conserving the sum.
  // This checks that the method does not: the answer at tEnd = 1e11 is right at that loose atol
  // (1e-8 with rtol 1e-6), no component goes meaningfully negative along the way, and the sum stays 1.
  //
  // An error-per-step BDF cannot give that 1 %: y0 ~ 2e-8 is 2 atol at the end, its error tolerance
  // per step is ~atol (50 % of y0), and its error at 1e11 is set by the last decade's local errors.
  // CVODE 6.4.1 started with its own h0 x (1 + k*1e-3), k = 0..9, ends at y0 = -3.5e7 .. 1.7e-7:
  // 2 of 10 runs blow up (3 of 10 with the analytic Jacobian), none is within 1 % (closest -3.2 %).
  // Our plain bdf is the same (4 of 10 starts end negative, one blown up to -6e6, with either
  // Jacobian). With its nonNegative safeguard nothing goes negative or blows up and the sum holds
  // to 1e-11, but y0 at 1e11 is still only right to a few atol: over 42 starts (21 per Jacobian) it
  // ends at most 7.8 atol away from the reference. So bdf runs this with the safeguard and is held
  // to what the tolerance can give: success, no negative component, the sum 1, y0 > 0 and y0, y2
  // within 10 atol at 1e11 (a blow-up, or a collapse onto y0 = 0 where ROBER would stay, fails).
  // With atol = 1e-6 rtol (the rows of the mescd test above) bdf gets ROBER right to CVODE's accuracy.
  test(`${m.name} on ROBER to 1e11 with the loose atol that breaks CVODE (rtol 1e-6, atol 1e-8)`, () => {
    const p = byName('ROBER');
    const vf = compileVectorField(p);
    for (const [name, prob] of [['compiled', problemOf(p, vf.f, vf.jac)], ['hand/fd', problemOf(p, handRhs(p))]] as const) {
      const sol = solve(prob, (m.makeNonNegative ?? m.make)(), { rtol: 1e-6, atol: 1e-8 });
      assert.equal(sol.code, 'success', sol.message);
      const [a, b, c] = sol.yFinal;
      if (m.errorPerStep) {
        assert.ok(a > 0 && Math.abs(a - 2.083340149701255e-8) <= 1e-7, `${name}: y0 = ${a}, expected 2.0833e-8 +- 10 atol, > 0`);
        assert.ok(Math.abs(c - 0.999999979166505) <= 1e-7, `${name}: y2 = ${c}, expected 0.99999997917 +- 10 atol`);
      } else {
        assert.ok(Math.abs(a / 2.083340149701255e-8 - 1) < 1e-2, `${name}: y0 = ${a}, expected 2.0833e-8`);
        assert.ok(Math.abs(b / 8.333360770334713e-14 - 1) < 1e-2, `${name}: y1 = ${b}, expected 8.3334e-14`);
        assert.ok(Math.abs(c - 0.999999979166505) < 1e-9, `${name}: y2 = ${c}, expected 0.99999997917`);
      }
      for (let k = 0; k < sol.t.length; k++) {
        const s = sol.y[0][k] + sol.y[1][k] + sol.y[2][k];
        assert.ok(Math.abs(s - 1) < 1e-9, `${name}: sum ${s} at t=${sol.t[k]}`);
        for (let i = 0; i < 3; i++) assert.ok(sol.y[i][k] > -1e-10, `${name}: y${i} = ${sol.y[i][k]} at t=${sol.t[k]}`);
      }
    }
  });
}

// E5 is a robustness test: its reference has ~3 trustworthy digits and the 4-equation form loses
// the invariant y1 - y2 - y3 = 0 to roundoff in double precision (test-set README), so the end value
// is judged only by its size. atol 1e-24 is far below every component that matters (y1, y2 ~ 1e-22
// at the end, 1e-10 at their peak); with atol >= 1e-20 the tiny components are not resolved at all.
// A plain BDF controls y1, y2 only to about +-atol there and dips below zero by a few atol: ours
// (compiled RHS, its own h0 and h0 = 1e-30 x (1 + k/100), k = 1..5) to between -1e-24 and -5e-24 in
// 4 of 6 starts, CVODE 6.4.1 to -1.6e-24 .. -2.7e-24 in 3 of 7. The point of the check is no negative
// blow-up, so a method with a non-negativity safeguard runs it with that on (makeNonNegative;
// bdf({ nonNegative: true }) keeps every state >= 0).
for (const m of STIFF_METHODS) {
  test(`${m.name} on E5 runs to 1e13 with finite, essentially non-negative states (rtol 1e-6, atol 1e-24)`, () => {
    const p = byName('E5');
    const vf = compileVectorField(p);
    const atol = 1e-24;
    const sol = solve(problemOf(p, vf.f, vf.jac), (m.makeNonNegative ?? m.make)(), { rtol: 1e-6, atol });
    assert.equal(sol.code, 'success', sol.message);
    assert.equal(sol.tFinal, 1e13);
    for (let i = 0; i < 4; i++) {
      for (let k = 0; k < sol.t.length; k++) {
        const v = sol.y[i][k];
        assert.ok(Number.isFinite(v) && v > -atol, `y${i} = ${v} at t=${sol.t[k]}`);
      }
    }
    const total = sol.yFinal[1] + sol.yFinal[2] + sol.yFinal[3];
    const ref = p.reference.y[1] + p.reference.y[2];
    assert.ok(total > 0 && total < 1e3 * ref, `y1+y2+y3 at tEnd = ${total}, reference ${ref}`);
    assert.ok(Math.abs(sol.yFinal[0]) < 1e-30, `y0 at tEnd = ${sol.yFinal[0]}, reference ~1e-291`);
  });
}

test('dopri5 closes the Arenstorf orbit at rtol 1e-9', (t) => {
  const p = byName('ARENSTORF');
  const vf = compileVectorField(p);
  const sol = solve(problemOf(p, vf.f), dopri5(), { rtol: 1e-9, atol: 1e-12 });
  assert.equal(sol.code, 'success', sol.message);
  let worst = 0;
  for (let i = 0; i < 4; i++) worst = Math.max(worst, Math.abs(sol.yFinal[i] - p.y0[i]));
  t.diagnostic(`|y(T) - y(0)| = ${worst.toExponential(2)} after ${sol.stats.steps} steps, scd ${scd(sol.yFinal, p.reference.y, p.scd_absolute_components).toFixed(2)}`);
  assert.ok(worst < 1e-5, `orbit does not close: max |y(T) - y(0)| = ${worst}`);
  // ...and not by luck: the orbit passes far from its start in between
  const mid = solve(problemOf(p, vf.f), dopri5(), { rtol: 1e-9, atol: 1e-12, tOut: [p.tEnd / 2] });
  assert.ok(Math.abs(mid.y[0][0] - p.y0[0]) > 0.5, `x(T/2) = ${mid.y[0][0]}`);
});
