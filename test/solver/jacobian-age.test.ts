/**
 * BDF's Jacobian age (`maxStepsBetweenJac`): 20 steps by default with the problem's analytic
 * Jacobian, CVODE's 51 with finite differences (bdf.ts, MSBJ_ANALYTIC), and the finiteness check of
 * a new Jacobian over the entries the sparse LU reads (SparseLu.nonFiniteEntry).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { solve } from '../../src/solver/solve.js';
import { bdf } from '../../src/solver/methods/bdf.js';
import { SparseLu } from '../../src/solver/sparse-lu.js';
import type { OdeProblem, Solution } from '../../src/solver/types.js';
import { compileVectorField } from '../../src/model/expr/index.js';
import { loadTestset, handRhs, mescd } from './problems.js';

const STIFF = loadTestset().filter((p) => p.stiff && p.name !== 'E5');

const bits = (s: Solution): string => Array.from(s.yFinal, (v) => v.toString()).join(',') + `|${s.stats.steps},${s.stats.jac},${s.stats.lu}`;

test('the default Jacobian age is 20 steps with an analytic Jacobian and 51 with finite differences', () => {
  for (const p of STIFF) {
    const c = compileVectorField(p);
    const analytic: OdeProblem = { n: p.n, f: c.f, jac: c.jac, t0: p.t0, tEnd: p.tEnd, y0: p.y0 };
    const fd: OdeProblem = { n: p.n, f: handRhs(p), t0: p.t0, tEnd: p.tEnd, y0: p.y0 };
    const o = { rtol: 1e-6, atol: 1e-8 };
    const a = solve(analytic, bdf(), o);
    assert.equal(bits(a), bits(solve(analytic, bdf({ maxStepsBetweenJac: 20 }), o)), `${p.name}: analytic default ≠ 20`);
    const f = solve(fd, bdf(), o);
    assert.equal(bits(f), bits(solve(fd, bdf({ maxStepsBetweenJac: 51 }), o)), `${p.name}: finite-difference default ≠ 51`);
    // the age is checked when M is set up, at least every 20 steps (maxStepsBetweenLU): J is at
    // most 40 steps old; with 51, up to 71
    const attempts = a.stats.steps + a.stats.rejected;
    assert.ok(a.stats.jac >= Math.floor(attempts / 40), `${p.name}: ${a.stats.jac} Jacobians for ${attempts} step attempts`);
    assert.ok(a.stats.jac >= solve(analytic, bdf({ maxStepsBetweenJac: 51 }), o).stats.jac, p.name);
  }
});

test('Jacobian ages 5, 20 and 51 all solve the stiff test set to its tolerance; the default is as accurate as CVODE\'s 51', () => {
  const rows: string[] = [];
  for (const p of STIFF) {
    const c = compileVectorField(p);
    const prob: OdeProblem = { n: p.n, f: c.f, jac: c.jac, t0: p.t0, tEnd: p.tEnd, y0: p.y0 };
    for (const [rtol, atol] of [[1e-6, 1e-8], [1e-8, 1e-10]]) {
      // the end value moves by up to ~1 digit with any change of the step sequence (testset.test.ts):
      // per age, the median of 9 runs with the tolerances scaled by 1 + k/1000
      const m: Record<number, number> = {};
      for (const age of [5, 20, 51]) {
        const all: number[] = [];
        for (let k = 0; k < 9; k++) {
          const s = solve(prob, bdf({ maxStepsBetweenJac: age }), { rtol: rtol * (1 + k / 1000), atol: atol * (1 + k / 1000) });
          assert.equal(s.code, 'success', `${p.name} age ${age} rtol ${rtol}: ${s.message}`);
          all.push(mescd(s.yFinal, p.reference.y, rtol, atol));
        }
        m[age] = all.sort((x, y) => x - y)[4];
        // an error-per-step method: the global error is a few to 100 times rtol (bdf.ts)
        assert.ok(m[age] >= -Math.log10(rtol) - 2.5, `${p.name} age ${age} rtol ${rtol}: median mescd ${m[age].toFixed(2)}`);
      }
      rows.push(`${p.name} ${rtol}: ${m[5].toFixed(2)} ${m[20].toFixed(2)} ${m[51].toFixed(2)}`);
      assert.ok(m[20] >= m[51] - 0.5, `${p.name} rtol ${rtol}: median mescd ${m[20].toFixed(2)} with age 20 against ${m[51].toFixed(2)} with 51`);
    }
  }
  assert.equal(rows.length, 2 * STIFF.length);
});

test('SparseLu.nonFiniteEntry: every entry before the first factorization, the trusted pattern after it', () => {
  const n = 3;
  const pattern = [[0, 1], [1], [1, 2]];
  const lu = new SparseLu(n, undefined, pattern);
  const J = new Float64Array([-1, 0.5, 0, 0, -2, 0, 0, 0.25, -3]);
  assert.equal(lu.nonFiniteEntry(J), -1);
  J[2] = NaN; // outside the pattern: seen before the first factorization (it would extend the pattern)
  assert.equal(lu.nonFiniteEntry(J), 2);
  J[2] = 0;
  assert.equal(lu.factor(J, 1, -0.1, true), -1);
  J[2] = NaN; // outside the trusted pattern: the factorization never reads it
  assert.equal(lu.nonFiniteEntry(J), -1);
  J[7] = Infinity; // in it: found, with its row-major index
  assert.equal(lu.nonFiniteEntry(J), 7);
  J[4] = NaN; // the first in row-major order
  assert.equal(lu.nonFiniteEntry(J), 4);
  // a pattern learnt from the Jacobians: every entry, always
  const learnt = new SparseLu(n);
  const K = new Float64Array([-1, 0.5, 0, 0, -2, 0, 0, 0.25, -3]);
  assert.equal(learnt.factor(K, 1, -0.1, true), -1);
  K[2] = -Infinity;
  assert.equal(learnt.nonFiniteEntry(K), 2);
});
