/**
 * States carried in closed form between events (simulate/exact-linear.ts): which states the
 * compiler finds, that the closed form is exact through boluses, infusions and parameter changes,
 * that it agrees with integrating the same states numerically, and that it saves steps.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import { compileModel } from '../../src/model/model.js';
import type { ModelSpec } from '../../src/model/spec.js';
import { validateScenario } from '../../src/simulate/scenario.js';
import { simulate, type SimulationResult } from '../../src/simulate/run.js';
import { getModel, prepareScenario } from '../../src/builtin/index.js';
import { testModel } from '../model/fixtures.js';
import { ExactLinear } from '../../src/simulate/exact-linear.js';

const names = (spec: ModelSpec): string[] => {
  const m = compileModel(spec);
  return m.linearStates.map((i) => m.stateNames[i]);
};

function withGut(ode: string, rules: ModelSpec['rules'] = {}): ModelSpec {
  return {
    ...testModel,
    states: { ...testModel.states, A_gut: { ...testModel.states.A_gut, ode } },
    rules: { ...testModel.rules, ...rules },
  };
}

test('the compiler finds the states whose ODE is c(p) − k(p)·y alone or fed by such states, and only those', () => {
  // A_gut: −ka·A_gut; A_c: ka·A_gut − CL·A_c/V (constant coefficients, fed by A_gut only)
  assert.deepEqual(names(testModel), ['A_gut', 'A_c']);
  assert.deepEqual(compileModel(testModel).linearInputs, [[], [0]]);
  // nonlinear in itself, reading another state, reading t directly or through a rule: not linear
  // nonlinear in itself, reading a state that is not linear, reading t directly or through a rule:
  // not linear (and then A_c, fed by it, is not either)
  assert.deepEqual(names(withGut('kin * V * 0.1 - A_gut * kloss', { kloss: { expr: 'ka * 2', unit: '1/h', description: 'test' } })), ['A_gut', 'A_c']);
  assert.deepEqual(names(withGut('-ka * A_gut * A_gut / (V * Cc0)')), []);
  assert.deepEqual(names(withGut('-ka * A_gut + kout * V * R * 0.001')), []);
  assert.deepEqual(names(withGut('-ka * A_gut * (1 + t / t_switch)')), []);
  assert.deepEqual(names(withGut('-ka * A_gut + drift', { drift: { expr: 'kin * V * t / t_switch', unit: 'pmol/h', description: 'test' } })), []);
  // a state fed by a linear state through a nonlinear term is not linear
  const sat: ModelSpec = { ...testModel, states: { ...testModel.states, A_c: { ...testModel.states.A_c, ode: 'ka * A_gut - CL * Cc * Ccap / (Ccap + Cc)' } } };
  assert.deepEqual(names(sat), ['A_gut']);
  const obm = getModel('openbonemin');
  const found = obm.linearStates.map((i) => obm.stateNames[i]);
  for (const s of ['DENSC', 'TERISC', 'PhosGut', 'TERICENT']) assert.ok(found.includes(s), `${s} should be linear (found ${found.join(', ')})`);
  for (const s of ['DENCENT', 'DENPER', 'PTH', 'Q', 'Qbone']) assert.ok(!found.includes(s), `${s} is not linear`);
  const k = obm.linearStates.indexOf(obm.stateNames.indexOf('TERICENT'));
  assert.deepEqual(obm.linearInputs[k].map((j) => obm.stateNames[j]), ['TERISC']);
});

function run(input: Record<string, unknown>): SimulationResult {
  const model = compileModel(testModel);
  const { scenario, issues } = validateScenario({ model: testModel.id, ...input }, model);
  assert.deepEqual(issues, []);
  const r = simulate(model, scenario!);
  assert.equal(r.code, 'success', r.message);
  return r;
}

const schedule = {
  duration: '80 h',
  output: { every: '0.5 h' },
  doses: [
    { cmt: 'ORAL', amt: 100, time: 0, ii: 10, addl: 2 },
    { cmt: 'ORAL', amt: 50, time: 35, rate: 5 },
  ],
  changes: [{ time: 50, parameters: { ka: 0.3 } }],
};

test('a depot in closed form is exact through boluses, an infusion and a parameter change', () => {
  const r = run({ ...schedule, solver: { rtol: 1e-6, atol: 1e-6 } });
  const model = compileModel(testModel);
  const p = model.params();
  const F = model.bioavailability('ORAL', p); // 0.6
  // the depot by hand, interval by interval: X(t) = X0·e^{−kΔ} + (R/k)(1 − e^{−kΔ})
  const events: [number, (s: { X: number; R: number; k: number }) => void][] = [
    [0, (s) => { s.X += 100 * F; }], [10, (s) => { s.X += 100 * F; }], [20, (s) => { s.X += 100 * F; }],
    [35, (s) => { s.R += 5 * F; }], [45, (s) => { s.R -= 5 * F; }], [50, (s) => { s.k = 0.3; }],
  ];
  const exact = (t: number): number => {
    const s = { X: 0, R: 0, k: 0.8 };
    let t0 = 0;
    const adv = (t1: number) => { const E = Math.exp(-s.k * (t1 - t0)); s.X = s.X * E + (s.R / s.k) * (1 - E); t0 = t1; };
    for (const [te, apply] of events) {
      if (te >= t) break; // rows at an event time show the state before it
      adv(te);
      apply(s);
    }
    adv(t);
    return s.X;
  };
  const gut = r.column('A_gut');
  let worst = 0;
  r.time.forEach((t, k) => {
    const want = exact(t);
    const err = Math.abs(gut[k] - want) / Math.max(Math.abs(want), 1e-300);
    if (want !== 0) worst = Math.max(worst, err);
    else assert.equal(gut[k], 0);
  });
  // at rtol 1e-6 a numerically integrated depot would be off by ~1e-6; the closed form is exact to
  // rounding (accumulated over six events and a decay by e^-40)
  assert.ok(worst < 1e-10, `depot relative error ${worst.toExponential(2)}`);
});

test('a compartment fed by a depot (Bateman) is exact: IV and oral boluses, infusion, parameter change', () => {
  const withIv = { ...schedule, doses: [...schedule.doses, { cmt: 'IV', amt: 300, time: 5 }, { cmt: 'IV', amt: 100, time: 30, rate: 50 }] };
  const a = run({ ...withIv, solver: { rtol: 1e-4, atol: 1e-4 } });
  const ref = run({ ...withIv, solver: { rtol: 1e-12, atol: 1e-13, exactLinear: false } });
  for (const name of ['A_gut', 'A_c']) {
    const x = a.column(name), y = ref.column(name);
    for (let k = 0; k < x.length; k++) {
      // at rtol 1e-4 a numerical A_c would be off by ~1e-4; closed form: the reference's own accuracy
      assert.ok(Math.abs(x[k] - y[k]) <= 1e-9 * Math.abs(y[k]) + 1e-11, `${name} at t=${a.time[k]}: ${x[k]} vs ${y[k]}`);
    }
  }
  // the k_Y = k_X limit of the Bateman function (CL/V = ka): no 0/0
  const equal = run({ ...withIv, parameters: { ka: 0.25 }, changes: [], solver: { rtol: 1e-4, atol: 1e-4 } });
  const equalRef = run({ ...withIv, parameters: { ka: 0.25 }, changes: [], solver: { rtol: 1e-12, atol: 1e-13, exactLinear: false } });
  const x = equal.column('A_c'), y = equalRef.column('A_c');
  for (let k = 0; k < x.length; k++) assert.ok(Math.abs(x[k] - y[k]) <= 1e-9 * Math.abs(y[k]) + 1e-11, `k = ka: A_c at t=${equal.time[k]}: ${x[k]} vs ${y[k]}`);
});

test('closed form and numerical integration of the depot agree on every column (bdf and rodas)', () => {
  for (const method of ['bdf', 'rodas']) {
    const a = run({ ...schedule, solver: { rtol: 1e-10, atol: 1e-10, method } });
    const b = run({ ...schedule, solver: { rtol: 1e-10, atol: 1e-10, method, exactLinear: false } });
    for (const col of a.columns) {
      const x = col.values, y = b.column(col.name);
      // both within their tolerance of the truth: 1e-6 relative, plus 100·atol absolute
      for (let k = 0; k < x.length; k++) {
        assert.ok(Math.abs(x[k] - y[k]) <= 1e-6 * Math.abs(y[k]) + 1e-8, `${method} ${col.name} at t=${a.time[k]}: ${x[k]} vs ${y[k]}`);
      }
    }
  }
});

test('OpenBoneMin denosumab: the closed-form depot saves steps and changes no result beyond the tolerance', () => {
  const input = (exactLinear: boolean, tol: number) => ({
    model: 'openbonemin', duration: '4032 h', output: { every: '24 h', atDose: 'after' },
    doses: [{ cmt: 'DENSC', amt: '60 mg', time: 0 }], solver: { rtol: tol, atol: tol, exactLinear },
  });
  const go = (exactLinear: boolean, tol: number) => {
    const { model, scenario } = prepareScenario(input(exactLinear, tol));
    const r = simulate(model, scenario);
    assert.equal(r.code, 'success', r.message);
    return r;
  };
  const on = go(true, 1e-8), off = go(false, 1e-8);
  assert.ok(on.stats.steps < 0.85 * off.stats.steps, `steps ${on.stats.steps} with the closed form vs ${off.stats.steps} without`);
  const ref = go(false, 1e-11);
  const dev = (r: SimulationResult, name: string) => {
    const x = r.column(name), y = ref.column(name);
    const scale = Math.max(...Array.from(y, Math.abs));
    let worst = 0;
    for (let k = 0; k < x.length; k++) worst = Math.max(worst, Math.abs(x[k] - y[k]) / Math.max(Math.abs(y[k]), 1e-9 * scale));
    return worst;
  };
  for (const name of ['DENSC', 'DENCENT', 'BMDlsDEN', 'OC', 'PTH', 'Qbone']) {
    assert.ok(dev(on, name) < 1e-5, `${name}: ${dev(on, name).toExponential(2)} with the closed form`);
  }
  // the depot itself is exact: 60 mg · F · e^{−DENKA·t}
  const m = getModel('openbonemin');
  const p = m.params();
  const ka = p[m.paramIndex('DENKA')], F = m.bioavailability('DENSC', p);
  on.time.forEach((t, k) => {
    const want = 60e6 * F * Math.exp(-ka * t);
    assert.ok(Math.abs(on.column('DENSC')[k] - want) <= 1e-13 * 60e6 * F, `DENSC at ${t}`);
  });
});

test('solver.exactLinear must be a boolean', () => {
  const model = compileModel(testModel);
  const { issues } = validateScenario({ duration: '1 h', solver: { exactLinear: 'yes' } }, model);
  assert.ok(issues.some((i) => i.path.join('.') === 'solver.exactLinear' && /true or false/.test(i.message)), JSON.stringify(issues));
});

test('the solver Jacobian of the closed-form problem: inside its declared pattern, slot rows and columns diagonal only', () => {
  const model = compileModel(testModel);
  const lin = new ExactLinear(model, model.linearStates, model.linearInputs);
  const p = model.params();
  const y = model.initialState(p);
  y[model.stateNames.indexOf('A_gut')] = 50;
  lin.coefficients(0, y, p);
  const pattern = lin.pattern(model.jacPattern);
  const n = y.length, J = new Float64Array(n * n);
  lin.jac(3.7, y, p, J);
  const slots = new Set(model.linearStates);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    const v = J[i * n + j];
    if (v !== 0) assert.ok(pattern[i].includes(j), `J[${model.stateNames[i]}, ${model.stateNames[j]}] = ${v} is outside the declared pattern`);
    if (i !== j && (slots.has(i) || slots.has(j))) assert.equal(v, 0, `J[${model.stateNames[i]}, ${model.stateNames[j]}] should be cleared`);
  }
  // the diagonal keeps −k (A_gut: −ka; A_c: −CL/V)
  const gut = model.stateNames.indexOf('A_gut'), c = model.stateNames.indexOf('A_c');
  assert.equal(J[gut * n + gut], -p[model.paramIndex('ka')]);
  assert.ok(Math.abs(J[c * n + c] + p[model.paramIndex('CL')] / p[model.paramIndex('V')]) < 1e-15);
});

test('rewind(): back to the start of the run with the first coefficients, as a new instance would be after coefficients(0, y0, p)', () => {
  const m = compileModel(testModel);
  const y0 = m.initialState();
  const p = m.params();
  const a = new ExactLinear(m, m.linearStates, m.linearInputs);
  assert.equal(a.rewind(), false, 'nothing to rewind to before coefficients()');
  a.coefficients(0, y0, p);
  // the run moves on: slots advanced to an event, coefficients read again with other parameters
  const y = Float64Array.from(y0);
  y[m.linearStates[0]] += 5;
  a.advance(12, y);
  const p2 = Float64Array.from(p, (v) => v * 1.7);
  a.coefficients(12, y, p2);
  assert.equal(a.rewind(), true);
  const fresh = new ExactLinear(m, m.linearStates, m.linearInputs);
  fresh.coefficients(0, y0, p);
  for (const t of [0, 0.5, 3, 40]) {
    const ya = Float64Array.from(y), yb = Float64Array.from(y);
    a.toPhysical(t, ya);
    fresh.toPhysical(t, yb);
    assert.deepEqual(Array.from(ya), Array.from(yb), `t = ${t}`);
  }
});
