/**
 * Hand-written right-hand sides and analytic Jacobians of the stiff IVP test set
 * (`../shared/ivp-testset/*.json`: F. Mazzia, C. Magherini et al., "Test Set for IVP Solvers",
 * release 2.4, University of Bari; equations transcribed from the JSON `rhs` strings, which the
 * test-set README documents). Initial values, end times and reference solutions are read from the
 * JSON files, so only the equations are written here. Shared by the BDF tests and `bench/solver.ts`
 * (the CVODE harness `perfref/cvode_bench.c` also uses hand-written C right-hand sides).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { OdeProblem, RhsFn, JacFn } from '../../src/solver/types.js';
import { SHARED } from '../helpers/paths.js';

export interface TestSetProblem extends OdeProblem {
  readonly name: string;
  readonly yRef: Float64Array;
  readonly f: RhsFn;
  readonly jac: JacFn;
}

interface TestSetJson {
  name: string;
  n: number;
  t0: number;
  tEnd: number;
  y0: number[];
  parameters: Record<string, number>;
  reference: { y: number[] };
}

function hires(): [RhsFn, JacFn] {
  const f: RhsFn = (_t, y, dy) => {
    dy[0] = -1.71 * y[0] + 0.43 * y[1] + 8.32 * y[2] + 0.0007;
    dy[1] = 1.71 * y[0] - 8.75 * y[1];
    dy[2] = -10.03 * y[2] + 0.43 * y[3] + 0.035 * y[4];
    dy[3] = 8.32 * y[1] + 1.71 * y[2] - 1.12 * y[3];
    dy[4] = -1.745 * y[4] + 0.43 * y[5] + 0.43 * y[6];
    dy[5] = -280 * y[5] * y[7] + 0.69 * y[3] + 1.71 * y[4] - 0.43 * y[5] + 0.69 * y[6];
    dy[6] = 280 * y[5] * y[7] - 1.81 * y[6];
    dy[7] = -280 * y[5] * y[7] + 1.81 * y[6];
  };
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
  return [f, jac];
}

function pollu(p: Record<string, number>): [RhsFn, JacFn] {
  const k = new Float64Array(26);
  for (let i = 1; i <= 25; i++) k[i] = p[`k${i}`];
  const [k1, k2, k3, k4, k5, k6, k7, k8, k9, k10, k11, k12, k13, k14, k15, k16, k17, k18, k19, k20, k21, k22, k23, k24, k25] =
    Array.from(k.subarray(1));
  const f: RhsFn = (_t, y, dy) => {
    const r1 = k1 * y[0], r2 = k2 * y[1] * y[3], r3 = k3 * y[4] * y[1], r4 = k4 * y[6], r5 = k5 * y[6];
    const r6 = k6 * y[6] * y[5], r7 = k7 * y[8], r8 = k8 * y[8] * y[5], r9 = k9 * y[10] * y[1];
    const r10 = k10 * y[10] * y[0], r11 = k11 * y[12], r12 = k12 * y[9] * y[1], r13 = k13 * y[13];
    const r14 = k14 * y[0] * y[5], r15 = k15 * y[2], r16 = k16 * y[3], r17 = k17 * y[3], r18 = k18 * y[15];
    const r19 = k19 * y[15], r20 = k20 * y[16] * y[5], r21 = k21 * y[18], r22 = k22 * y[18];
    const r23 = k23 * y[0] * y[3], r24 = k24 * y[18] * y[0], r25 = k25 * y[19];
    dy[0] = -r1 - r10 - r14 - r23 - r24 + r2 + r3 + r9 + r11 + r12 + r22 + r25;
    dy[1] = -r2 - r3 - r9 - r12 + r1 + r21;
    dy[2] = -r15 + r1 + r17 + r19 + r22;
    dy[3] = -r2 - r16 - r17 - r23 + r15;
    dy[4] = -r3 + 2 * r4 + r6 + r7 + r13 + r20;
    dy[5] = -r6 - r8 - r14 - r20 + r3 + 2 * r18;
    dy[6] = -r4 - r5 - r6 + r13;
    dy[7] = r4 + r5 + r6 + r7;
    dy[8] = -r7 - r8;
    dy[9] = -r12 + r7 + r9;
    dy[10] = -r9 - r10 + r8 + r11;
    dy[11] = r9;
    dy[12] = -r11 + r10;
    dy[13] = -r13 + r12;
    dy[14] = r14;
    dy[15] = -r18 - r19 + r16;
    dy[16] = -r20;
    dy[17] = r20;
    dy[18] = -r21 - r22 - r24 + r23 + r25;
    dy[19] = -r25 + r24;
  };
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
  return [f, jac];
}

function rober(p: Record<string, number>): [RhsFn, JacFn] {
  const { k1, k2, k3 } = p;
  const f: RhsFn = (_t, y, dy) => {
    dy[0] = -k1 * y[0] + k3 * y[1] * y[2];
    dy[1] = k1 * y[0] - k3 * y[1] * y[2] - k2 * y[1] * y[1];
    dy[2] = k2 * y[1] * y[1];
  };
  const jac: JacFn = (_t, y, J) => {
    J[0] = -k1; J[1] = k3 * y[2]; J[2] = k3 * y[1];
    J[3] = k1; J[4] = -k3 * y[2] - 2 * k2 * y[1]; J[5] = -k3 * y[1];
    J[6] = 0; J[7] = 2 * k2 * y[1]; J[8] = 0;
  };
  return [f, jac];
}

function vdpol(p: Record<string, number>): [RhsFn, JacFn] {
  const eps = p.eps;
  const f: RhsFn = (_t, y, dy) => {
    dy[0] = y[1];
    dy[1] = ((1 - y[0] * y[0]) * y[1] - y[0]) / eps;
  };
  const jac: JacFn = (_t, y, J) => {
    J[0] = 0; J[1] = 1;
    J[2] = (-2 * y[0] * y[1] - 1) / eps; J[3] = (1 - y[0] * y[0]) / eps;
  };
  return [f, jac];
}

function vdpolm(p: Record<string, number>): [RhsFn, JacFn] {
  const mu = p.mu;
  const f: RhsFn = (_t, y, dy) => {
    dy[0] = y[1];
    dy[1] = mu * (1 - y[0] * y[0]) * y[1] - y[0];
  };
  const jac: JacFn = (_t, y, J) => {
    J[0] = 0; J[1] = 1;
    J[2] = -2 * mu * y[0] * y[1] - 1; J[3] = mu * (1 - y[0] * y[0]);
  };
  return [f, jac];
}

function orego(p: Record<string, number>): [RhsFn, JacFn] {
  const { s, w, q } = p;
  const f: RhsFn = (_t, y, dy) => {
    dy[0] = s * (y[1] + y[0] * (1 - q * y[0] - y[1]));
    dy[1] = (y[2] - (1 + y[0]) * y[1]) / s;
    dy[2] = w * (y[0] - y[2]);
  };
  const jac: JacFn = (_t, y, J) => {
    J[0] = s * (1 - 2 * q * y[0] - y[1]); J[1] = s * (1 - y[0]); J[2] = 0;
    J[3] = -y[1] / s; J[4] = -(1 + y[0]) / s; J[5] = 1 / s;
    J[6] = w; J[7] = 0; J[8] = -w;
  };
  return [f, jac];
}

function e5(p: Record<string, number>): [RhsFn, JacFn] {
  const { A, B, CM, C } = p;
  const f: RhsFn = (_t, y, dy) => {
    dy[0] = -A * y[0] - B * y[0] * y[2];
    dy[1] = A * y[0] - CM * y[1] * y[2];
    dy[2] = A * y[0] - CM * y[1] * y[2] - B * y[0] * y[2] + C * y[3];
    dy[3] = B * y[0] * y[2] - C * y[3];
  };
  const jac: JacFn = (_t, y, J) => {
    J[0] = -A - B * y[2]; J[1] = 0; J[2] = -B * y[0]; J[3] = 0;
    J[4] = A; J[5] = -CM * y[2]; J[6] = -CM * y[1]; J[7] = 0;
    J[8] = A - B * y[2]; J[9] = -CM * y[2]; J[10] = -CM * y[1] - B * y[0]; J[11] = C;
    J[12] = B * y[2]; J[13] = 0; J[14] = B * y[0]; J[15] = -C;
  };
  return [f, jac];
}

const BUILDERS: Record<string, (p: Record<string, number>) => [RhsFn, JacFn]> = {
  HIRES: hires, POLLU: pollu, ROBER: rober, ROBER40: rober, VDPOL: vdpol, VDPOLM: vdpolm, OREGO: orego, E5: e5,
};

export const TEST_SET_NAMES = Object.keys(BUILDERS);

/** Loads a test-set problem: the JSON's data with the hand-written f and Jacobian. */
export function testSetProblem(name: string): TestSetProblem {
  const build = BUILDERS[name];
  if (!build) throw new Error(`unknown test-set problem '${name}' (known: ${TEST_SET_NAMES.join(', ')})`);
  const js = JSON.parse(readFileSync(path.join(SHARED, 'ivp-testset', `${name}.json`), 'utf8')) as TestSetJson;
  const [f, jac] = build(js.parameters);
  return {
    name, n: js.n, t0: js.t0, tEnd: js.tEnd, y0: js.y0.slice(), f, jac, yRef: Float64Array.from(js.reference.y),
  };
}

/** Mixed-error significant correct digits (test-set README): −log10 max |y−yref| / (atol/rtol + |yref|). */
export function mescd(y: ArrayLike<number>, yRef: ArrayLike<number>, rtol: number, atol: number): number {
  let m = 0;
  for (let i = 0; i < yRef.length; i++) {
    const e = Math.abs(y[i] - yRef[i]) / (atol / rtol + Math.abs(yRef[i]));
    if (!(e <= m)) m = e; // NaN propagates as a failure (mescd = NaN)
  }
  return -Math.log10(m);
}

export interface CvodeResult { steps: number; rhsTotal: number; jac: number; lu: number; mescd: number; medianMs: number; flag: number }

/**
 * CVODE's row of `../shared/perfref/results.csv` for (problem, rtol, atol), or undefined when the
 * harness did not run that combination.
 */
export function cvodeResult(name: string, rtol: number, atol: number): CvodeResult | undefined {
  const lines = readFileSync(path.join(SHARED, 'perfref', 'results.csv'), 'utf8').trim().split('\n');
  const head = lines[0].split(',');
  const col = (k: string) => head.indexOf(k);
  for (const line of lines.slice(1)) {
    const c = line.split(',');
    if (!c[col('solver')].startsWith('CVODE') || c[col('problem')] !== name) continue;
    const r = Number(c[col('rtol')]), a = Number(c[col('atol')]);
    if (Math.abs(r / rtol - 1) > 1e-9 || Math.abs(a / atol - 1) > 1e-9) continue;
    return {
      steps: Number(c[col('steps')]), rhsTotal: Number(c[col('rhs_evals_total')]), jac: Number(c[col('jac_evals')]),
      lu: Number(c[col('lu_setups')]), mescd: Number(c[col('mescd')]), medianMs: Number(c[col('median_ms')]),
      flag: Number(c[col('flag')]),
    };
  }
  return undefined;
}
