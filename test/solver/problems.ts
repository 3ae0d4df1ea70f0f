/**
 * The stiff IVP test set of `test/data/ivp-testset` for the solver tests: a loader for the JSON
 * files, the accuracy measures scd / mescd, and hand-written right-hand sides.
 *
 * Sources: F. Mazzia, C. Magherini et al., "Test Set for IVP Solvers", release 2.4, University of
 * Bari (https://archimede.uniba.it/~testset/): problems HIRES, POLLU, ROBER, VDPOL (scaled form),
 * VDPOLM, OREGO, E5, with their reference values at tEnd; ROBER40's reference was computed by the
 * test-set curator (see test/data/README.md); ARENSTORF from Hairer, Nørsett & Wanner, Solving ODEs I,
 * Sect. II.0. The equations below were transcribed by hand from those descriptions (the JSON `rhs`
 * strings state the same equations). They serve two purposes: a reference the compiled expression
 * RHS (`compileVectorField`) must agree with, and the "hand-written" baseline of an RHS-cost
 * comparison. Parameter values come from the JSON files (numbers are not duplicated here).
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { RhsFn } from '../../src/solver/types.js';
import { DATA, readData } from '../helpers/paths.js';

export interface TestsetJson {
  name: string;
  n: number;
  t0: number;
  tEnd: number;
  y0: number[];
  parameters: Record<string, number>;
  rhs: string[];
  reference: { t: number; y: number[]; status: string };
  scd_absolute_components: number[];
  stiff: boolean;
}

export const TESTSET_DIR = path.join(DATA, 'ivp-testset');

export function loadTestset(): TestsetJson[] {
  return readdirSync(TESTSET_DIR).filter((f) => f.endsWith('.json') && f !== 'verification.json').sort()
    .map((f) => JSON.parse(readFileSync(path.join(TESTSET_DIR, f), 'utf8')) as TestsetJson);
}

/** Mixed-error significant correct digits (Test Set report, Sect. II). */
export function mescd(y: ArrayLike<number>, yref: readonly number[], rtol: number, atol: number): number {
  let m = 0;
  for (let i = 0; i < yref.length; i++) m = Math.max(m, Math.abs(y[i] - yref[i]) / (atol / rtol + Math.abs(yref[i])));
  return -Math.log10(m);
}

/** Significant correct digits, absolute error for the listed components and for zero references. */
export function scd(y: ArrayLike<number>, yref: readonly number[], absolute: readonly number[]): number {
  let m = 0;
  for (let i = 0; i < yref.length; i++) {
    const e = Math.abs(y[i] - yref[i]);
    m = Math.max(m, absolute.includes(i) || yref[i] === 0 ? e : e / Math.abs(yref[i]));
  }
  return -Math.log10(m);
}

type P = Record<string, number>;

const HAND: Record<string, (p: P) => RhsFn> = {
  HIRES: () => (_t, y, dy) => {
    dy[0] = -1.71 * y[0] + 0.43 * y[1] + 8.32 * y[2] + 0.0007;
    dy[1] = 1.71 * y[0] - 8.75 * y[1];
    dy[2] = -10.03 * y[2] + 0.43 * y[3] + 0.035 * y[4];
    dy[3] = 8.32 * y[1] + 1.71 * y[2] - 1.12 * y[3];
    dy[4] = -1.745 * y[4] + 0.43 * y[5] + 0.43 * y[6];
    const r = 280 * y[5] * y[7];
    dy[5] = -r + 0.69 * y[3] + 1.71 * y[4] - 0.43 * y[5] + 0.69 * y[6];
    dy[6] = r - 1.81 * y[6];
    dy[7] = -r + 1.81 * y[6];
  },
  POLLU: (p) => {
    const k = (i: number) => p[`k${i}`];
    const k1 = k(1), k2 = k(2), k3 = k(3), k4 = k(4), k5 = k(5), k6 = k(6), k7 = k(7), k8 = k(8), k9 = k(9);
    const k10 = k(10), k11 = k(11), k12 = k(12), k13 = k(13), k14 = k(14), k15 = k(15), k16 = k(16), k17 = k(17);
    const k18 = k(18), k19 = k(19), k20 = k(20), k21 = k(21), k22 = k(22), k23 = k(23), k24 = k(24), k25 = k(25);
    return (_t, y, dy) => {
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
  },
  ROBER: (p) => robertson(p),
  ROBER40: (p) => robertson(p),
  VDPOL: (p) => {
    const inv = 1 / p.eps;
    return (_t, y, dy) => {
      dy[0] = y[1];
      dy[1] = ((1 - y[0] * y[0]) * y[1] - y[0]) * inv;
    };
  },
  VDPOLM: (p) => {
    const mu = p.mu;
    return (_t, y, dy) => {
      dy[0] = y[1];
      dy[1] = mu * (1 - y[0] * y[0]) * y[1] - y[0];
    };
  },
  OREGO: (p) => {
    const s = p.s, w = p.w, q = p.q;
    return (_t, y, dy) => {
      dy[0] = s * (y[1] + y[0] * (1 - q * y[0] - y[1]));
      dy[1] = (y[2] - (1 + y[0]) * y[1]) / s;
      dy[2] = w * (y[0] - y[2]);
    };
  },
  E5: (p) => {
    const A = p.A, B = p.B, CM = p.CM, C = p.C;
    return (_t, y, dy) => {
      const r1 = A * y[0], r2 = B * y[0] * y[2], r3 = CM * y[1] * y[2], r4 = C * y[3];
      dy[0] = -r1 - r2;
      dy[1] = r1 - r3;
      dy[3] = r2 - r4;
      dy[2] = dy[1] - dy[3];
    };
  },
  ARENSTORF: (p) => {
    const mu = p.mu, mup = p.mup;
    return (_t, y, dy) => {
      const a = y[0] + mu, b = y[0] - mup, y2 = y[1] * y[1];
      const r1 = a * a + y2, r2 = b * b + y2;
      const d1 = r1 * Math.sqrt(r1), d2 = r2 * Math.sqrt(r2);
      dy[0] = y[2];
      dy[1] = y[3];
      dy[2] = y[0] + 2 * y[3] - mup * a / d1 - mu * b / d2;
      dy[3] = y[1] - 2 * y[2] - mup * y[1] / d1 - mu * y[1] / d2;
    };
  },
};

function robertson(p: P): RhsFn {
  const k1 = p.k1, k2 = p.k2, k3 = p.k3;
  return (_t, y, dy) => {
    const a = k1 * y[0], b = k3 * y[1] * y[2], c = k2 * y[1] * y[1];
    dy[0] = -a + b;
    dy[1] = a - b - c;
    dy[2] = c;
  };
}

/** The hand-written RHS of a test-set problem (throws for an unknown name). */
export function handRhs(prob: TestsetJson): RhsFn {
  const make = HAND[prob.name];
  if (!make) throw new Error(`no hand-written RHS for test-set problem '${prob.name}'`);
  return make(prob.parameters ?? {});
}

export interface CvodeRow { mescd: number; scd: number; steps: number; rhsTotal: number; jac: number; ms: number; flag: number }

/** CVODE results of `test/data/perfref/results.csv` (SUNDIALS 6.4.1, recorded by the project's harness), keyed "PROBLEM rtol atol" (e.g. "HIRES 1e-06 1e-08"). */
export function loadCvode(): Map<string, CvodeRow> {
  const text = readData('perfref/results.csv').trim().split('\n');
  const head = text[0].split(',');
  const col = (name: string) => head.indexOf(name);
  const out = new Map<string, CvodeRow>();
  for (const line of text.slice(1)) {
    const c = line.split(',');
    if (!c[col('solver')].startsWith('CVODE')) continue;
    out.set(`${c[col('problem')]} ${Number(c[col('rtol')]).toExponential()} ${Number(c[col('atol')]).toExponential()}`, {
      mescd: Number(c[col('mescd')]), scd: Number(c[col('scd')]), steps: Number(c[col('steps')]),
      rhsTotal: Number(c[col('rhs_evals_total')]), jac: Number(c[col('jac_evals')]), ms: Number(c[col('median_ms')]),
      flag: Number(c[col('flag')]),
    });
  }
  return out;
}

export function cvodeKey(name: string, rtol: number, atol: number): string {
  return `${name} ${rtol.toExponential()} ${atol.toExponential()}`;
}
