/**
 * Analytic Jacobians of the stiff IVP test set (`test/data/ivp-testset`, sources in `problems.ts`:
 * F. Mazzia, C. Magherini et al., "Test Set for IVP Solvers", release 2.4, University of Bari),
 * written by hand from the equations, paired with the shared loader and hand-written right-hand
 * sides of `problems.ts`. Used by the BDF tests and `bench/solver.ts` (whose CVODE peer,
 * perfref/cvode_bench.c, also uses hand-written right-hand sides).
 */
import type { OdeProblem, RhsFn, JacFn } from '../../src/solver/types.js';
import { loadTestset, handRhs, mescd as sharedMescd, loadCvode, cvodeKey, type TestsetJson } from './problems.js';

export interface TestSetProblem extends OdeProblem {
  readonly name: string;
  readonly yRef: Float64Array;
  readonly f: RhsFn;
  readonly jac: JacFn;
}

function hires(): JacFn {
  const jac: JacFn = (_t, y, J) => {
    J.fill(0);
    const n = 8;
    const s = (i: number, j: number, v: number) => { J[i * n + j] = v; };
    s(0, 0, -1.71); s(0, 1, 0.43); s(0, 2, 8.32);
    s(1, 0, 1.71); s(1, 1, -8.75);
    s(2, 2, -10.03); s(2, 3, 0.43); s(2, 4, 0.035);
    s(3, 1, 8.32); s(3, 2, 1.71); s(3, 3, -1.12);
    s(4, 4, -1.745); s(4, 5, 0.43); s(4, 6, 0.43);
    s(5, 3, 0.69); s(5, 4, 1.71); s(5, 5, -280 * y[7] - 0.43); s(5, 6, 0.69); s(5, 7, -280 * y[5]);
    s(6, 5, 280 * y[7]); s(6, 6, -1.81); s(6, 7, 280 * y[5]);
    s(7, 5, -280 * y[7]); s(7, 6, 1.81); s(7, 7, -280 * y[5]);
  };
  return jac;
}

function pollu(p: Record<string, number>): JacFn {
  const k = new Float64Array(26);
  for (let i = 1; i <= 25; i++) k[i] = p[`k${i}`];
  // Jacobian by the chain rule over the reactions: d dy/dy_j = Σ_r stoich(i, r) · d r / d y_j
  // (reaction rate partials written out; built from a stoichiometry table to avoid transcription slips)
  const stoich: [number, number[]][] = [
    [0, [-1, 1, 1, 0, 0, 0, 0, 0, 1, -1, 1, 1, 0, -1, 0, 0, 0, 0, 0, 0, 0, 1, -1, -1, 1]],
    [1, [1, -1, -1, 0, 0, 0, 0, 0, -1, 0, 0, -1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0]],
    [2, [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1, 0, 1, 0, 1, 0, 0, 1, 0, 0, 0]],
    [3, [0, -1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, -1, -1, 0, 0, 0, 0, 0, -1, 0, 0]],
    [4, [0, 0, -1, 2, 0, 1, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0]],
    [5, [0, 0, 1, 0, 0, -1, 0, -1, 0, 0, 0, 0, 0, -1, 0, 0, 0, 2, 0, -1, 0, 0, 0, 0, 0]],
    [6, [0, 0, 0, -1, -1, -1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]],
    [7, [0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]],
    [8, [0, 0, 0, 0, 0, 0, -1, -1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]],
    [9, [0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 0, -1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]],
    [10, [0, 0, 0, 0, 0, 0, 0, 1, -1, -1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]],
    [11, [0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]],
    [12, [0, 0, 0, 0, 0, 0, 0, 0, 0, 1, -1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]],
    [13, [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, -1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]],
    [14, [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]],
    [15, [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, -1, -1, 0, 0, 0, 0, 0, 0]],
    [16, [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1, 0, 0, 0, 0, 0]],
    [17, [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0]],
    [18, [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1, -1, 1, -1, 1]],
    [19, [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, -1]],
  ];
  // reactant lists: rate r = k · Π y[reactants]
  const reactants: number[][] = [
    [0], [1, 3], [4, 1], [6], [6], [6, 5], [8], [8, 5], [10, 1], [10, 0], [12], [9, 1], [13], [0, 5], [2], [3], [3],
    [15], [15], [16, 5], [18], [18], [0, 3], [18, 0], [19],
  ];
  // per reaction: the species it changes and by how much (the nonzeros of the stoichiometry column)
  const changes: { i: number; s: number }[][] = Array.from({ length: 25 }, () => []);
  for (const [i, row] of stoich) row.forEach((v, r) => { if (v !== 0) changes[r].push({ i, s: v }); });
  const jac: JacFn = (_t, y, J) => {
    J.fill(0);
    for (let r = 0; r < 25; r++) {
      const re = reactants[r];
      const kr = k[r + 1];
      const ch = changes[r];
      // d rate_r / d y_j for its one or two reactants
      const j0 = re[0], d0 = re.length === 1 ? kr : kr * y[re[1]];
      for (const { i, s } of ch) J[i * 20 + j0] += s * d0;
      if (re.length === 2) {
        const j1 = re[1], d1 = kr * y[j0];
        for (const { i, s } of ch) J[i * 20 + j1] += s * d1;
      }
    }
  };
  return jac;
}

function rober(p: Record<string, number>): JacFn {
  const { k1, k2, k3 } = p;
  const jac: JacFn = (_t, y, J) => {
    J[0] = -k1; J[1] = k3 * y[2]; J[2] = k3 * y[1];
    J[3] = k1; J[4] = -k3 * y[2] - 2 * k2 * y[1]; J[5] = -k3 * y[1];
    J[6] = 0; J[7] = 2 * k2 * y[1]; J[8] = 0;
  };
  return jac;
}

function vdpol(p: Record<string, number>): JacFn {
  const eps = p.eps;
  const jac: JacFn = (_t, y, J) => {
    J[0] = 0; J[1] = 1;
    J[2] = (-2 * y[0] * y[1] - 1) / eps; J[3] = (1 - y[0] * y[0]) / eps;
  };
  return jac;
}

function vdpolm(p: Record<string, number>): JacFn {
  const mu = p.mu;
  const jac: JacFn = (_t, y, J) => {
    J[0] = 0; J[1] = 1;
    J[2] = -2 * mu * y[0] * y[1] - 1; J[3] = mu * (1 - y[0] * y[0]);
  };
  return jac;
}

function orego(p: Record<string, number>): JacFn {
  const { s, w, q } = p;
  const jac: JacFn = (_t, y, J) => {
    J[0] = s * (1 - 2 * q * y[0] - y[1]); J[1] = s * (1 - y[0]); J[2] = 0;
    J[3] = -y[1] / s; J[4] = -(1 + y[0]) / s; J[5] = 1 / s;
    J[6] = w; J[7] = 0; J[8] = -w;
  };
  return jac;
}

function e5(p: Record<string, number>): JacFn {
  const { A, B, CM, C } = p;
  const jac: JacFn = (_t, y, J) => {
    J[0] = -A - B * y[2]; J[1] = 0; J[2] = -B * y[0]; J[3] = 0;
    J[4] = A; J[5] = -CM * y[2]; J[6] = -CM * y[1]; J[7] = 0;
    J[8] = A - B * y[2]; J[9] = -CM * y[2]; J[10] = -CM * y[1] - B * y[0]; J[11] = C;
    J[12] = B * y[2]; J[13] = 0; J[14] = B * y[0]; J[15] = -C;
  };
  return jac;
}

const JACOBIANS: Record<string, (p: Record<string, number>) => JacFn> = {
  HIRES: hires, POLLU: pollu, ROBER: rober, ROBER40: rober, VDPOL: vdpol, VDPOLM: vdpolm, OREGO: orego, E5: e5,
};

export const TEST_SET_NAMES = Object.keys(JACOBIANS);

let cache: TestsetJson[] | undefined;

/** A test-set problem: the JSON's data, the shared hand-written f (problems.ts) and the analytic Jacobian here. */
export function testSetProblem(name: string): TestSetProblem {
  const build = JACOBIANS[name];
  if (!build) throw new Error(`no analytic Jacobian for test-set problem '${name}' (known: ${TEST_SET_NAMES.join(', ')})`);
  cache ??= loadTestset();
  const js = cache.find((q) => q.name === name);
  if (!js) throw new Error(`test-set problem '${name}' not found in test/data/ivp-testset`);
  return {
    name, n: js.n, t0: js.t0, tEnd: js.tEnd, y0: js.y0.slice(), f: handRhs(js), jac: build(js.parameters ?? {}),
    yRef: Float64Array.from(js.reference.y),
  };
}

/** Mixed-error significant correct digits (test-set README), as in problems.ts. */
export function mescd(y: ArrayLike<number>, yRef: ArrayLike<number>, rtol: number, atol: number): number {
  return sharedMescd(y, Array.from(yRef), rtol, atol);
}

/** CVODE's mescd in test/data/perfref/results.csv for (problem, rtol, atol), if that row exists. */
export function cvodeMescd(name: string, rtol: number, atol: number): number | undefined {
  return loadCvode().get(cvodeKey(name, rtol, atol))?.mescd;
}
