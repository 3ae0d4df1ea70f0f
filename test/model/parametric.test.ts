/**
 * Exact parametric derivatives (Model.parametric): every generated function — ∂f/∂p, ∂g/∂y, ∂g/∂p,
 * ∂y0/∂p, ∂F/∂p — against central finite differences of the compiled rhs / outputs / initialState /
 * bioavailability (prepare after each perturbation), on small specs that each exercise one route by
 * which a parameter enters (constant rule, hoisted subexpression, state-dependent rule, observable,
 * initial value, bioavailability, min/max/piecewise/abs), on the feature-complete test model, and on
 * the four shipped models at their reference state; plus name validation, the shared cache and
 * hoisting changing nothing.
 *
 * How agreement is judged. Central differences with step h = 1e-6·|x| (1e-6 when x = 0) have
 * truncation error ~h² and rounding error ~ε·|terms|/h, about 1e-10 relative to the terms' size.
 * An entry passes when |exact − fd| ≤ 1e-5·|fd| + 1e-8·(largest |exact| of its column) — the column
 * being all components' derivatives with respect to one parameter (or state). The second term
 * covers entries that are zero or tiny by cancellation, where the rounding noise of the difference
 * is set by the column's size, not the entry's.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileModel, ModelInputError, type Model, type ModelSpec, type ParametricDerivatives } from '../../src/model/index.js';
import { modelEntries } from '../../src/models/index.js';
import { testModel } from './fixtures.js';

const REL = 1e-5;
const ABS = 1e-8;

/** Relative steps of the central differences tried (the first is the usual choice). */
const STEPS = [1e-6, 1e-4, 1e-8];

/** How the entries were judged, over a whole test (reported as a diagnostic). */
interface Tally { central: number; oneSided: number; noisy: number; total: number; noisyEntries: string[] }
const newTally = (): Tally => ({ central: 0, oneSided: 0, noisy: 0, total: 0, noisyEntries: [] });
const summary = ({ central, oneSided, noisy, total }: Tally): string => JSON.stringify({ central, oneSided, noisy, total });

function step(x: number, rel: number): number {
  return x === 0 ? rel : rel * Math.abs(x);
}

/**
 * Compares exact (column-major by parameter: exact[k*rows + i]) with finite differences of
 * `value(q, out)` when entry at[k] of the vector q moves; `reprepare` runs after each move.
 * An entry passes when it agrees (1e-5 relative + 1e-8 absolute, scaled by the larger of its
 * column's largest |exact| and its row's terms' size per unit of x, max(|value_i|, max_k |exact_ik·x_k|) / |x|) with
 *  - a central difference at one of the steps STEPS (relative to |x|) — 'central'; or
 *  - at a kink (min/max/if switching exactly at x: the forward and backward differences disagree
 *    beyond the tolerance) with one of the one-sided differences — the active branch — 'oneSided'; or
 *  - where no difference is reliable (the central differences at the three steps disagree with one
 *    another beyond the tolerance: rounding noise of terms that cancel), when it lies within their
 *    spread — 'noisy', counted, and required to be rare by the callers.
 */
function checkColumns(label: string, exact: Float64Array, rows: number, base: Float64Array, at: ArrayLike<number>, colNames: readonly string[],
  value: (q: Float64Array, out: Float64Array) => void, tally: Tally, reprepare?: (q: Float64Array) => void): void {
  const f0 = new Float64Array(rows);
  const q0 = Float64Array.from(base);
  reprepare?.(q0);
  value(q0, f0);
  const plus = STEPS.map(() => new Float64Array(rows)), minus = STEPS.map(() => new Float64Array(rows));
  const bad: string[] = [];
  // the size of row i's terms: its value, or the largest change of it per relative change of any x
  const rowScale = Float64Array.from(f0, Math.abs);
  for (let k = 0; k < at.length; k++) {
    for (let i = 0; i < rows; i++) rowScale[i] = Math.max(rowScale[i], Math.abs(exact[k * rows + i] * base[at[k]]));
  }
  for (let k = 0; k < at.length; k++) {
    const q = Float64Array.from(base);
    const x = base[at[k]];
    STEPS.forEach((rel, s) => {
      const h = step(x, rel);
      q[at[k]] = x + h; reprepare?.(q); value(q, plus[s]);
      q[at[k]] = x - h; reprepare?.(q); value(q, minus[s]);
    });
    let colScale = 0;
    for (let i = 0; i < rows; i++) colScale = Math.max(colScale, Math.abs(exact[k * rows + i]));
    for (let i = 0; i < rows; i++) {
      const ex = exact[k * rows + i];
      const scale = Math.max(colScale, x !== 0 ? rowScale[i] / Math.abs(x) : 0);
      const agrees = (fd: number): boolean => Math.abs(ex - fd) <= REL * Math.abs(fd) + ABS * scale;
      const central = STEPS.map((rel, s) => (plus[s][i] - minus[s][i]) / (2 * step(x, rel)));
      tally.total++;
      if (central.some(agrees)) { tally.central++; continue; }
      const h = step(x, STEPS[0]);
      const fwd = (plus[0][i] - f0[i]) / h, bwd = (f0[i] - minus[0][i]) / h;
      const tol = REL * Math.max(Math.abs(fwd), Math.abs(bwd)) + ABS * scale;
      if (Math.abs(fwd - bwd) > tol && (agrees(fwd) || agrees(bwd))) { tally.oneSided++; continue; }
      const lo = Math.min(...central), hi = Math.max(...central);
      const spread = hi - lo;
      if (spread > REL * Math.max(Math.abs(lo), Math.abs(hi)) + ABS * scale && ex >= lo - spread && ex <= hi + spread) {
        tally.noisy++;
        tally.noisyEntries.push(`${label} ${colNames[k]} row ${i}: exact ${ex.toPrecision(6)}, central ${central.map((c) => c.toPrecision(6)).join(' / ')}`);
        continue;
      }
      bad.push(`${colNames[k]} row ${i}: exact ${ex}, central ${central.join(', ')}, forward ${fwd}, backward ${bwd}`);
    }
  }
  assert.ok(bad.length === 0, `${label}: ${bad.length} entries disagree:\n  ${bad.slice(0, 12).join('\n  ')}`);
}

/** Every function of pd against finite differences at (t, y, m.p). */
function checkAll(label: string, m: Model, pd: ParametricDerivatives, t: number, y: Float64Array, tally: Tally = newTally(), p: Float64Array = m.p): Tally {
  const n = m.stateNames.length, nobs = m.observableNames.length, np = pd.np;
  const names = pd.names;
  pd.update(p);
  const prep = (q: Float64Array): void => m.prepare(q);
  const dfdp = new Float64Array(n * np).fill(NaN);
  pd.dfdp(t, y, p, dfdp);
  assert.ok(dfdp.every(Number.isFinite), `${label}: dfdp writes every entry, finite`);
  checkColumns(`${label} dfdp`, dfdp, n, p, pd.index, names, (q, out) => m.rhs(t, y, q, out), tally, prep);

  const dgdp = new Float64Array(nobs * np).fill(NaN);
  pd.dgdp(t, y, p, dgdp);
  assert.ok(dgdp.every(Number.isFinite), `${label}: dgdp writes every entry, finite`);
  checkColumns(`${label} dgdp`, dgdp, nobs, p, pd.index, names, (q, out) => m.outputs(t, y, q, out), tally, prep);

  const dgdy = new Float64Array(nobs * n).fill(NaN);
  pd.dgdy(t, y, p, dgdy);
  assert.ok(dgdy.every(Number.isFinite), `${label}: dgdy writes every entry, finite`);
  // transpose to column-major by state for the comparison
  const byState = new Float64Array(n * nobs);
  for (let j = 0; j < nobs; j++) for (let i = 0; i < n; i++) byState[i * nobs + j] = dgdy[j * n + i];
  checkColumns(`${label} dgdy`, byState, nobs, y, Array.from({ length: n }, (_, i) => i), m.stateNames, (q, out) => m.outputs(t, q, p, out), tally);

  const dy0 = new Float64Array(n * np).fill(NaN);
  pd.dy0dp(p, dy0);
  assert.ok(dy0.every(Number.isFinite), `${label}: dy0dp writes every entry, finite`);
  checkColumns(`${label} dy0dp`, dy0, n, p, pd.index, names, (q, out) => m.initialState(q, out), tally, prep);

  for (const target of m.doseTargets) {
    const dF = new Float64Array(np).fill(NaN);
    pd.dFdp(target, p, dF);
    assert.ok(dF.every(Number.isFinite), `${label}: dFdp(${target}) writes every entry`);
    checkColumns(`${label} dFdp(${target})`, dF, 1, p, pd.index, names, (q, out) => { out[0] = m.bioavailability(target, q); }, tally, prep);
  }
  return tally;
}

const P = (value: number, unit = '?') => ({ value, unit, description: 'test parameter', source: 'assumed: test' });

/** A one-state base spec to which each route adds its part. */
function spec(id: string, parts: Partial<ModelSpec>): ModelSpec {
  return {
    id, name: id, version: '1.0.0', species: 'none', timeUnit: 'h', description: 'a route of a parameter into the model',
    references: [], parameters: {}, states: {}, rules: {}, observables: {}, ...parts,
  };
}

const routes: { name: string; spec: ModelSpec; y: number[]; t?: number }[] = [
  {
    name: 'constant rule',
    spec: spec('constant-rule', {
      parameters: { CL: P(5), V: P(20), k2: P(0.3) },
      states: { A: { unit: '?', description: 'amount', initial: 10, ode: '-kel * A' }, B: { unit: '?', description: 'b', initial: 1, ode: 'kel2 * A - k2 * B' } },
      rules: { kel: { expr: 'CL / V', unit: '?', description: 'constant rule' }, kel2: { expr: 'kel * kel + log(V)', unit: '?', description: 'constant rule of a constant rule' } },
      observables: { A_obs: { expr: 'A', unit: '?', description: 'A' } },
    }),
    y: [7, 2],
  },
  {
    name: 'hoisted subexpression',
    spec: spec('hoisted', {
      parameters: { K: P(3), V: P(2), n: P(2.5), kmax: P(1.7) },
      states: { X: { unit: '?', description: 'x', initial: 1, ode: 'kmax * hill(X, K, n) - X * (K / V)^4 + exp(-K * V) * X' } },
      observables: { X2: { expr: 'X * sqrt(K / V)', unit: '?', description: 'x scaled' } },
    }),
    y: [2.2],
  },
  {
    name: 'state-dependent rule',
    spec: spec('state-rule', {
      parameters: { V: P(4), Vmax: P(10), Km: P(1.5), ka: P(0.9) },
      states: {
        G: { unit: '?', description: 'gut', initial: 5, ode: '-ka * G' },
        A: { unit: '?', description: 'central', initial: 0, ode: 'ka * G - elim' },
      },
      rules: { C: { expr: 'A / V', unit: '?', description: 'concentration' }, elim: { expr: 'Vmax * C / (Km + C)', unit: '?', description: 'Michaelis-Menten' } },
      observables: { Cobs: { expr: 'C', unit: '?', description: 'conc' } },
    }),
    y: [3, 6],
  },
  {
    name: 'observable',
    spec: spec('observable', {
      parameters: { k: P(0.2), scale: P(3.5), off: P(0.1), E50: P(2) },
      states: { X: { unit: '?', description: 'x', initial: 1, ode: '-k * X' } },
      rules: { eff: { expr: 'X / (E50 + X)', unit: '?', description: 'effect' } },
      observables: {
        Xs: { expr: 'scale * X + off', unit: '?', description: 'scaled' },
        E: { expr: 'eff * scale^2', unit: '?', description: 'effect' },
        L: { expr: 'log10(X * scale)', unit: '?', description: 'log' },
      },
    }),
    y: [1.3],
  },
  {
    name: 'initial value rule',
    spec: spec('initial', {
      parameters: { kin: P(2), kout: P(0.5), V: P(3), k2: P(0.7) },
      states: {
        R: { unit: '?', description: 'response', initial: 'R0', ode: 'kin - kout * R' },
        S: { unit: '?', description: 'second', initial: 'R * V + Rss', ode: 'k2 * (R - S)' },
      },
      rules: { R0: { expr: 'kin / kout', unit: '?', description: 'baseline' }, Rss: { expr: 'R0 * R0 / V', unit: '?', description: 'constant rule' } },
      observables: { Robs: { expr: 'R / R0', unit: '?', description: 'relative' } },
    }),
    y: [3.5, 4],
  },
  {
    name: 'bioavailability',
    spec: spec('bioavailability', {
      parameters: { ka: P(1.1), F1: P(0.6), frac: P(0.8), k: P(0.2) },
      states: { G: { unit: '?', description: 'gut', initial: 0, ode: '-ka * G' }, C: { unit: '?', description: 'central', initial: 0, ode: 'ka * G - k * C' } },
      rules: { Fr: { expr: 'F1 * frac^2', unit: '?', description: 'constant rule used by F' } },
      observables: { Cobs: { expr: 'C', unit: '?', description: 'c' } },
      doses: {
        ORAL: { state: 'G', description: 'oral', amountUnit: '1', bioavailability: 'Fr * ka / (1 + ka)' },
        IV: { state: 'C', description: 'iv', amountUnit: '1' },
      },
    }),
    y: [2, 1],
  },
  {
    name: 'min/max/piecewise/abs (one side)',
    spec: spec('nonsmooth', {
      parameters: { Cmax: P(5), Cmin: P(0.5), k: P(0.4), tsw: P(10), a: P(2), b: P(1.2) },
      states: {
        X: { unit: '?', description: 'x', initial: 1, ode: '-k * min(X, Cmax) + max(Cmin, a * X - b) * piecewise(2 * a, t < tsw, b, X > a, 1)' },
        Y: { unit: '?', description: 'y', initial: 1, ode: 'abs(X - a * Y) * k - if(Y > Cmin, b * Y, a) + k * Y' },
      },
      observables: { Xc: { expr: 'min(X, Cmax) + max(Y, b)', unit: '?', description: 'capped' } },
    }),
    y: [3, 2], t: 4,
  },
  {
    name: 'min/max/piecewise/abs (other side)',
    spec: spec('nonsmooth2', {
      parameters: { Cmax: P(5), Cmin: P(0.5), k: P(0.4), tsw: P(10), a: P(2), b: P(1.2) },
      states: {
        X: { unit: '?', description: 'x', initial: 1, ode: '-k * min(X, Cmax) + max(Cmin, a * X - b) * piecewise(2 * a, t < tsw, b, X > a, 1)' },
        Y: { unit: '?', description: 'y', initial: 1, ode: 'abs(X - a * Y) * k - if(Y > Cmin, b * Y, a) + k * Y' },
      },
      observables: { Xc: { expr: 'min(X, Cmax) + max(Y, b)', unit: '?', description: 'capped' } },
    }),
    y: [7, 0.3], t: 20,
  },
];

for (const r of routes) {
  test(`parametric derivatives match finite differences: ${r.name}`, () => {
    const m = compileModel(r.spec);
    const y = Float64Array.from(r.y);
    const tally = checkAll(r.name, m, m.parametric(m.parameterNames), r.t ?? 1, y);
    // the same without hoisting (constant rules as locals, no scratch constants): same values
    const plain = compileModel(r.spec, { hoist: false });
    checkAll(`${r.name} (no hoisting)`, plain, plain.parametric(plain.parameterNames), r.t ?? 1, y, tally);
    // small smooth specs away from kinks: every entry agrees with a central difference
    assert.equal(tally.central, tally.total, summary(tally));
  });
}

test('a parameter reaching f by one route only has exactly the non-zero columns it should', () => {
  // V enters only through the hoisted (K/V)^4 and through exp(-K*V): its column must be non-zero;
  // kmax enters only directly; and the bioavailability depends on F1 and frac through a constant rule
  const m = compileModel(routes[1].spec);
  const pd = m.parametric(['V', 'kmax']);
  pd.update(m.p);
  const out = new Float64Array(2);
  pd.dfdp(0, Float64Array.from([2.2]), m.p, out);
  assert.ok(out[0] !== 0 && out[1] !== 0);
  const b = compileModel(routes[5].spec);
  const pb = b.parametric(['k', 'F1', 'frac', 'ka']);
  pb.update(b.p);
  const dF = new Float64Array(4);
  pb.dFdp('ORAL', b.p, dF);
  assert.equal(dF[0], 0);
  assert.ok(dF[1] > 0 && dF[2] > 0 && dF[3] > 0);
  pb.dFdp('IV', b.p, dF.fill(NaN));
  assert.deepEqual([...dF], [0, 0, 0, 0]);
  assert.throws(() => pb.dFdp('ORL', b.p, dF), (e: unknown) => e instanceof ModelInputError && /unknown dose target 'ORL'.*ORAL/.test(e.message));
});

test('fround is differentiated as the identity (the derivative of the value it rounds)', () => {
  const m = compileModel(spec('fround', {
    parameters: { k: P(0.4), c: P(3) },
    states: { Y: { unit: '?', description: 'y', initial: 1, ode: 'fround(k * Y) * c' } },
    observables: { Yr: { expr: 'fround(Y / c)', unit: '?', description: 'rounded' } },
  }));
  const pd = m.parametric(['k', 'c']);
  pd.update(m.p);
  const y = Float64Array.from([2.5]);
  const dfdp = new Float64Array(2), dgdp = new Float64Array(2), dgdy = new Float64Array(1);
  pd.dfdp(0, y, m.p, dfdp);
  pd.dgdp(0, y, m.p, dgdp);
  pd.dgdy(0, y, m.p, dgdy);
  assert.deepEqual([...dfdp], [2.5 * 3, 0.4 * 2.5]);
  assert.ok(Math.abs(dgdp[1] + 2.5 / 9) < 1e-15 && dgdp[0] === 0);
  assert.ok(Math.abs(dgdy[0] - 1 / 3) < 1e-15);
});

test('the feature-complete test model: parametric derivatives match finite differences at several states and times', () => {
  const m = compileModel(testModel);
  const pd = m.parametric(m.parameterNames);
  const states = [[10, 400, 8, 0.9, 1.1], [0, 1500, 12, 0.6, 0.4], [55, 30, 2, 1.2, 1.9]];
  const tally = newTally();
  for (const [s, y] of states.entries()) {
    for (const t of [10, 100]) checkAll(`test model state ${s} t ${t}`, m, pd, t, Float64Array.from(y), tally);
  }
  // the switches on and off change which branch is differentiated
  const m2 = m.with({ switches: { sw_formation: false, sw_inflammation: true } });
  checkAll('test model, switches flipped', m2, m2.parametric(m2.parameterNames), 10, Float64Array.from(states[0]), tally);
  assert.ok(tally.noisy <= 0.01 * tally.total, summary(tally));
});

test('shipped models: parametric derivatives match finite differences at the reference state', (t) => {
  for (const entry of modelEntries()) {
    const m = compileModel(entry.spec);
    // every parameter (81 to 254 of them): the sample the brief asks for is at least 20
    const pd = m.parametric(m.parameterNames);
    const y0 = m.initialState();
    const atRef = checkAll(`${entry.id} at y0`, m, pd, 0, y0);
    // off the reference state, so that the state-dependent routes are exercised away from balance
    // (and away from the kinks that a steady state may sit on exactly)
    const y = Float64Array.from(y0, (v, i) => v * (1 + 0.05 * Math.sin(i + 1)));
    const near = checkAll(`${entry.id} near y0`, m, pd, 0, y);
    t.diagnostic(`${entry.id}: ${m.parameterNames.length} parameters; at y0 ${summary(atRef)}; near y0 ${summary(near)}`);
    for (const e of [...atRef.noisyEntries, ...near.noisyEntries]) t.diagnostic(`  no reliable finite difference: ${e}`);
    for (const tally of [atRef, near]) assert.ok(tally.noisy <= 0.01 * tally.total, `${entry.id}: too many entries without a reliable finite difference ${summary(tally)}`);
  }
});

test('names are validated: unknown names, switches and duplicates all reported at once', () => {
  const m = compileModel(testModel);
  let err: unknown;
  try { m.parametric(['ka', 'Vd', 'sw_formation', 'ka', 'CL']); } catch (e) { err = e; }
  assert.ok(err instanceof ModelInputError);
  const issues = err.issues;
  assert.equal(issues.length, 3, err.message);
  assert.deepEqual(issues.map((i) => i.code).sort(), ['duplicate', 'switch', 'unknown-parameter']);
  const unknown = issues.find((i) => i.code === 'unknown-parameter')!;
  assert.deepEqual(unknown.path, ['parametric', 1]);
  assert.match(unknown.message, /'Vd'.*parameters are ka, F_oral, CL, V,/);
  assert.match(issues.find((i) => i.code === 'switch')!.message, /'sw_formation' is a switch/);
  assert.match(issues.find((i) => i.code === 'duplicate')!.message, /'ka' is listed twice \(entries 0 and 3\)/);
  // an empty list is allowed (np = 0; dgdy still useful)
  const none = m.parametric([]);
  assert.equal(none.np, 0);
});

test('the compiled kernels are cached on the compiled code and shared by Models made with `with`; values follow p', () => {
  const m = compileModel(testModel);
  const names = ['V', 'IC50', 'kin', 'F_oral'];
  const a = m.parametric(names);
  const m2 = m.with({ parameters: { V: 35, IC50: 12 } });
  const b = m2.parametric(names);
  const kernels = (x: ParametricDerivatives): unknown => (x as unknown as { kernels: unknown }).kernels;
  assert.equal(kernels(a), kernels(b), 'same kernels object');
  assert.notEqual(kernels(m.parametric(['V', 'IC50'])), kernels(a), 'another list compiles its own');
  assert.notEqual(a, b, 'each call has its own scratch');
  assert.deepEqual([...a.index], names.map((n) => m.paramIndex(n)));
  const y = Float64Array.from([10, 400, 8, 0.9, 1.1]);
  const n = m.stateNames.length;
  const outA = new Float64Array(n * names.length), outB = new Float64Array(n * names.length);
  a.update(m.p); a.dfdp(10, y, m.p, outA);
  b.update(m2.p); b.dfdp(10, y, m2.p, outB);
  assert.ok(outA.some((v, i) => Math.abs(v - outB[i]) > 1e-6 * (Math.abs(v) + 1e-12)), 'values change with p');
  checkAll('with-model', m2, b, 10, y);
  // a's scratch is its own: computing b did not disturb a
  const again = new Float64Array(outA.length);
  a.dfdp(10, y, m.p, again);
  assert.deepEqual([...again], [...outA]);
});

test('generated parametric code allocates nothing per call', () => {
  const m = compileModel(testModel);
  const pd = m.parametric(m.parameterNames) as unknown as { kernels: { sources: Record<string, string> } };
  for (const [name, src] of Object.entries(pd.kernels.sources)) {
    const body = src.slice(src.indexOf('{') + 1);
    assert.doesNotMatch(body, /\bnew\b|=>|\bfunction\b|\[\s*\]|\{\s*\}/, `${name} allocates`);
  }
});
