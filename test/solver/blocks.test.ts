/**
 * The block-diagonal Newton matrix (OdeProblem.blocks) and the partial error test
 * (SolveOptions.errorComponents) that forward sensitivities use:
 *  - without them bdf and dopri5 are bit-identical to before they existed: the golden values below
 *    (stats and the exact bits of every output) were recorded with commit 02f0c46 (ROBER with two
 *    time stops and an analytic Jacobian, Van der Pol μ = 1000 with the finite-difference Jacobian,
 *    a mildly stiff Van der Pol by dopri5);
 *  - a logistic equation with its sensitivity to r appended as a second block: the sensitivity within
 *    1e-6 of the closed form, one LU per Jacobian for both blocks;
 *  - invalid uses are reported as 'invalid_input' with the reason.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import { solve } from '../../src/solver/solve.js';
import { bdf } from '../../src/solver/methods/bdf.js';
import { dopri5 } from '../../src/solver/methods/dopri5.js';
import { rodas5p } from '../../src/solver/methods/rodas5.js';
import type { OdeProblem, Solution } from '../../src/solver/types.js';

const rober: OdeProblem = {
  n: 3, t0: 0, tEnd: 1e5, y0: [1, 0, 0],
  f: (_t, y, d) => { d[0] = -0.04 * y[0] + 1e4 * y[1] * y[2]; d[2] = 3e7 * y[1] * y[1]; d[1] = -d[0] - d[2]; },
  jac: (_t, y, J) => {
    J[0] = -0.04; J[1] = 1e4 * y[2]; J[2] = 1e4 * y[1]; J[6] = 0; J[7] = 6e7 * y[1]; J[8] = 0;
    J[3] = 0.04; J[4] = -1e4 * y[2] - 6e7 * y[1]; J[5] = -1e4 * y[1];
  },
};
const vdp = (mu: number, tEnd: number): OdeProblem => ({
  n: 2, t0: 0, tEnd, y0: [2, 0],
  f: (_t, y, d) => { d[0] = y[1]; d[1] = mu * (1 - y[0] * y[0]) * y[1] - y[0]; },
});

function bits(a: Float64Array): string {
  const v = new DataView(new ArrayBuffer(8));
  return Array.from(a, (x) => { v.setFloat64(0, x); return v.getBigUint64(0).toString(16); }).join(',');
}

const GOLDEN = [
  {
    steps: 1266,
    rejected: 82,
    rhs: 1746,
    lu: 236,
    y: [
      '3feeed3cf9442e9b,3feaec80a31a6e39,3fe40251d4bf9b3d,3fd5db4687e6f8dc,3fbce52050a88fd9,3f9309d414a93b9a',
      '3f001eb1a7cd4a9b,3ef105c1b60e82ef,3eda02bf97705ccc,3ec0fcc8c00554dc,3ea0ac4314f762dd,3e73ee42a6caf81d',
      '3fa12828bf5322eb,3fc44d75458896a9,3fd89f195dfea2b4,3fe5644401f90be9,3fed0731f5642d55,3ff005c420ddd0be'
    ]
  },
  {
    steps: 2723,
    rejected: 234,
    rhs: 3966,
    lu: 438,
    y: [
      '3ffffd44ea6accb1,3ff98c5aa921ac8b,bff5acfce5a144f6,bff82b5f255f6d8b',
      'bf45db83697e5ec3,bf50e1c68374cf3e,3f5a927a7ee38552,3f534ea283da2c55'
    ]
  },
  {
    steps: 84,
    rejected: 0,
    rhs: 506,
    lu: 0,
    y: [
      '3fff0f0ec1fa0301,3ffde938b7160c70,3ffb59059de31830',
      'bfc1c9719ae633f8,bfc2f964a78f7500,bfc6524c5512cefd'
    ]
  }
];

test('without blocks and errorComponents, bdf and dopri5 are bit-identical to before they existed', () => {
  // the goldens were recorded with the Jacobian age of that time (51 steps; the default with an
  // analytic Jacobian is 20 since session 8, bdf.ts MSBJ_ANALYTIC)
  const old = { maxStepsBetweenJac: 51 };
  const runs: Solution[] = [
    solve(rober, bdf(old), { rtol: 1e-8, atol: 1e-12, tOut: [1, 10, 100, 1000, 1e4, 1e5], tStops: [40, 4000], onStop: (_t, y) => { y[0] += 0.01; } }),
    solve(vdp(1000, 3000), bdf(old), { rtol: 1e-7, atol: 1e-9, tOut: [1, 500, 1500, 3000] }),
    solve(vdp(5, 2), dopri5(), { rtol: 1e-8, atol: 1e-10, tOut: [0.5, 1, 2] }),
  ];
  runs.forEach((s, k) => {
    const g = GOLDEN[k];
    assert.equal(s.code, 'success');
    assert.deepEqual({ steps: s.stats.steps, rejected: s.stats.rejected, rhs: s.stats.rhs, lu: s.stats.lu }, { steps: g.steps, rejected: g.rejected, rhs: g.rhs, lu: g.lu });
    assert.deepEqual(s.y.map(bits), g.y);
  });
  // blocks: 1 and errorComponents: n are the defaults, not another path
  const s = solve({ ...rober, blocks: 1 }, bdf(old), { rtol: 1e-8, atol: 1e-12, errorComponents: 3, tOut: [1, 10, 100, 1000, 1e4, 1e5], tStops: [40, 4000], onStop: (_t, y) => { y[0] += 0.01; } });
  assert.deepEqual(s.y.map(bits), GOLDEN[0].y);
});

/** Logistic x' = r·x·(1 − x/K) with s = ∂x/∂r appended: s' = r·(1 − 2x/K)·s + x·(1 − x/K). */
function logisticWithSensitivity(r: number, K: number, x0: number, tEnd: number): OdeProblem {
  return {
    n: 2, t0: 0, tEnd, y0: [x0, 0], blocks: 2,
    f: (_t, y, d) => {
      d[0] = r * y[0] * (1 - y[0] / K);
      d[1] = r * (1 - (2 * y[0]) / K) * y[1] + y[0] * (1 - y[0] / K);
    },
    jac: (_t, y, J) => { J[0] = r * (1 - (2 * y[0]) / K); },
  };
}

test('a sensitivity as a second block: closed form within 1e-6, one LU per Jacobian for both blocks', () => {
  const [r, K, x0] = [0.9, 10, 0.5];
  const tOut = Array.from({ length: 60 }, (_, i) => 0.25 * (i + 1));
  const exact = (t: number) => { const E = Math.exp(r * t), Q = K + x0 * (E - 1); return (K * x0 * t * E * (K - x0)) / (Q * Q); };
  const scale = Math.max(...tOut.map(exact));
  for (const method of [bdf(), dopri5()]) {
    for (const errorComponents of [1, 2]) {
      const s = solve(logisticWithSensitivity(r, K, x0, 15), method, { rtol: 1e-10, atol: 1e-12, tOut, errorComponents });
      assert.equal(s.code, 'success', s.message);
      const tol = errorComponents === 2 ? 1e-6 : 1e-5;
      tOut.forEach((t, i) => assert.ok(Math.abs(s.y[1][i] - exact(t)) < tol * scale, `${method.name} errorComponents ${errorComponents} t=${t}: ${s.y[1][i]} vs ${exact(t)}`));
    }
  }
  // the states alone and with the sensitivity out of the error test: the same step-size decisions
  // up to the Newton iterations' (the sensitivity enters the convergence test), so similar counts
  const plain = solve({ n: 1, t0: 0, tEnd: 15, y0: [x0], f: (_t, y, d) => { d[0] = r * y[0] * (1 - y[0] / K); }, jac: (_t, y, J) => { J[0] = r * (1 - (2 * y[0]) / K); } }, bdf(), { rtol: 1e-10, atol: 1e-12 });
  const aug = solve(logisticWithSensitivity(r, K, x0, 15), bdf(), { rtol: 1e-10, atol: 1e-12, errorComponents: 1 });
  assert.ok(Math.abs(aug.stats.steps - plain.stats.steps) <= 0.1 * plain.stats.steps, `${aug.stats.steps} vs ${plain.stats.steps} steps`);
  assert.ok(aug.stats.lu <= aug.stats.steps, 'one LU per setup, not one per block');
});

test('invalid uses of blocks and errorComponents are invalid_input with the reason', () => {
  const p = logisticWithSensitivity(0.9, 10, 0.5, 1);
  const rod = solve(p, rodas5p(), {});
  assert.equal(rod.code, 'invalid_input');
  assert.match(rod.message, /blocks: 2 > 1 is not supported by "rodas5p"/);
  const odd = solve({ ...p, blocks: 3 }, bdf(), {});
  assert.equal(odd.code, 'invalid_input');
  assert.match(odd.message, /blocks: 3 does not divide n = 2/);
  const ec = solve(p, bdf(), { errorComponents: 3 });
  assert.equal(ec.code, 'invalid_input');
  assert.match(ec.message, /errorComponents: 3 is not allowed/);
  const noJac = solve({ ...p, jac: undefined }, bdf(), {});
  assert.equal(noJac.code, 'invalid_input');
  assert.match(noJac.message, /analytic Jacobian/);
});
