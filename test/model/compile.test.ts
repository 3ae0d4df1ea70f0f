/**
 * The model compiler on the feature-complete test model (fixtures.ts): it checks clean, its
 * generated RHS equals hand-written code and an independent interpreter, its analytic Jacobian
 * agrees with finite differences at random states (relative 1e-6), prepare() hoisting changes no
 * result, and Model.with validates and shares the compiled code.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileModel, checkModel, listUncheckedQuantities, generatedSources, ModelInputError, parse, evaluate, type Model, type ModelSpec } from '../../src/model/index.js';
import { testModel, handRhs, type HandParams } from './fixtures.js';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296);
}

/** Parameters by name as the hand-written RHS wants them. */
function handParams(m: Model, p: Float64Array): HandParams {
  const q: HandParams = {};
  for (const n of [...m.parameterNames, ...m.switchNames]) q[n] = p[m.paramIndex(n)];
  for (const d of m.doseTargets) q[`rate_${d}`] = p[m.rateIndex(d)];
  return q;
}

/** An interpreter of the spec (no generated code): rules evaluated recursively by name. */
function interpret(spec: ModelSpec, t: number, y: Float64Array, values: Record<string, number>): { dy: number[]; rules: Record<string, number>; obs: number[] } {
  const states = Object.keys(spec.states);
  const rules: Record<string, number> = {};
  const value = (name: string): number => {
    if (name === 't') return t;
    const si = states.indexOf(name);
    if (si >= 0) return y[si];
    if (name in values) return values[name];
    if (spec.rules[name]) {
      if (!(name in rules)) rules[name] = evaluate(parse(spec.rules[name].expr), (l) => value(l.kind === 'sym' ? l.name : ''));
      return rules[name];
    }
    throw new Error(`no value for ${name}`);
  };
  const ev = (s: string): number => evaluate(parse(s), (l) => value(l.kind === 'sym' ? l.name : ''));
  const dy = states.map((s) => ev(spec.states[s].ode));
  for (const r of Object.keys(spec.rules)) value(r);
  const obs = Object.keys(spec.observables).map((o) => ev(spec.observables[o].expr));
  return { dy, rules, obs };
}

function randomState(r: () => number): Float64Array {
  return Float64Array.from([100 * r(), 2000 * r() + 1, 20 * r() + 0.5, 0.5 + r(), 2 * r()]);
}

test('the test model checks clean and lists its unit-unchecked quantities', () => {
  assert.deepEqual(checkModel(testModel), []);
  const unchecked = listUncheckedQuantities(testModel).map((u) => `${u.kind}:${u.name}`).sort();
  assert.deepEqual(unchecked, ['parameter:k_unknown', 'state:X'].sort());
});

test('generated RHS equals hand-written code and the interpreter; doses add infusion rates', () => {
  const m = compileModel(testModel);
  const p = m.params();
  p[m.rateIndex('ORAL')] = 7;
  p[m.rateIndex('IV')] = 3;
  p[m.rateIndex('IV2')] = 0.5;
  const r = rng(3);
  const dy = new Float64Array(5), ref = new Float64Array(5);
  for (let k = 0; k < 20; k++) {
    const y = randomState(r);
    const t = k < 10 ? 10 : 100; // both sides of the piecewise switch at t_switch = 48 h
    m.rhs(t, y, p, dy);
    handRhs(t, y, handParams(m, p), ref);
    const values: Record<string, number> = {};
    for (const n of [...m.parameterNames, ...m.switchNames]) values[n] = p[m.paramIndex(n)];
    const it = interpret(testModel, t, y, values);
    for (let i = 0; i < 5; i++) {
      const rates = i === 0 ? 7 : i === 1 ? 3.5 : 0;
      assert.ok(Math.abs(dy[i] - ref[i]) <= 1e-13 * (Math.abs(ref[i]) + 1), `hand dy[${i}] ${dy[i]} vs ${ref[i]}`);
      assert.ok(Math.abs(dy[i] - (it.dy[i] + rates)) <= 1e-13 * (Math.abs(ref[i]) + 1), `interp dy[${i}]`);
    }
    const out = new Float64Array(m.observableNames.length);
    m.outputs(t, y, p, out);
    it.obs.forEach((v, i) => assert.ok(Math.abs(out[i] - v) <= 1e-13 * (Math.abs(v) + 1), `observable ${m.observableNames[i]}`));
    const rv = new Float64Array(m.ruleNames.length);
    m.ruleValues!(t, y, p, rv);
    m.ruleNames.forEach((name, i) => assert.ok(Math.abs(rv[i] - it.rules[name]) <= 1e-13 * (Math.abs(it.rules[name]) + 1), `rule ${name}`));
  }
  // the rule order puts every rule after the rules it uses, though the spec lists them otherwise
  assert.ok(m.ruleNames.indexOf('Cc') < m.ruleNames.indexOf('Cc_nM') && m.ruleNames.indexOf('Cc_nM') < m.ruleNames.indexOf('stim'));
});

test('switches change the generated RHS through p', () => {
  const m = compileModel(testModel);
  const on = m.with({ switches: { sw_inflammation: true, sw_formation: false } });
  const y = Float64Array.from([10, 500, 8, 0.9, 1]);
  const a = new Float64Array(5), b = new Float64Array(5), ref = new Float64Array(5);
  m.rhs(1, y, m.p, a);
  on.rhs(1, y, on.p, b);
  assert.notEqual(a[3], b[3]);
  handRhs(1, y, handParams(on, on.p), ref);
  assert.ok(Math.abs(b[3] - ref[3]) <= 1e-14 * Math.abs(ref[3]));
});

test('initial values: numbers, parameter expressions, rules and other states, in dependency order', () => {
  const m = compileModel(testModel);
  const y0 = m.initialState();
  const q = testModel.parameters;
  const Cc0 = 2 * q.IC50.value / 10;
  assert.equal(y0[0], 0);
  assert.equal(y0[1], Cc0 * q.V.value);
  assert.equal(y0[2], q.kin.value / q.kout.value);
  assert.ok(Math.abs(y0[3] - q.B0.value * (1 - 0.1 * (y0[1] / q.V.value) / q.IC50.value)) < 1e-15);
  assert.equal(y0[4], 1);
  const m2 = m.with({ parameters: { V: 40 } });
  assert.equal(m2.initialState()[1], Cc0 * 40);
});

/** Central differences with one Richardson step (O(h^4)). */
function fdJac(m: Model, t: number, y: Float64Array, p: Float64Array): Float64Array {
  const n = y.length, J = new Float64Array(n * n);
  const fp = new Float64Array(n), fm = new Float64Array(n);
  const col = (j: number, h: number): Float64Array => {
    const a = Float64Array.from(y), b = Float64Array.from(y);
    a[j] += h; b[j] -= h;
    m.rhs(t, a, p, fp); m.rhs(t, b, p, fm);
    return Float64Array.from(fp, (v, i) => (v - fm[i]) / (a[j] - b[j]));
  };
  for (let j = 0; j < n; j++) {
    const h = 1e-4 * Math.max(Math.abs(y[j]), 1e-3);
    const d1 = col(j, h), d2 = col(j, h / 2);
    for (let i = 0; i < n; i++) J[i * n + j] = (4 * d2[i] - d1[i]) / 3;
  }
  return J;
}

test('analytic Jacobian agrees with finite differences at random states (relative 1e-6)', () => {
  const m = compileModel(testModel);
  const variants = [m, m.with({ switches: { sw_inflammation: true, sw_formation: false } })];
  const r = rng(5);
  for (const mv of variants) {
    for (let k = 0; k < 25; k++) {
      const y = randomState(r);
      const t = k % 2 ? 5 : 60;
      const J = new Float64Array(25).fill(NaN);
      mv.jac(t, y, mv.p, J);
      const F = fdJac(mv, t, y, mv.p);
      for (let i = 0; i < 5; i++) {
        let rowMax = 0;
        for (let j = 0; j < 5; j++) rowMax = Math.max(rowMax, Math.abs(J[i * 5 + j]));
        for (let j = 0; j < 5; j++) {
          const a = J[i * 5 + j], f = F[i * 5 + j];
          assert.ok(Number.isFinite(a), `J[${i}][${j}] written`);
          assert.ok(Math.abs(a - f) <= 1e-6 * Math.max(Math.abs(a), 1e-6 * rowMax) + 1e-300, `J[${i}][${j}] = ${a} vs FD ${f} (state ${k})`);
        }
      }
    }
  }
  // structure: A_gut's row depends on A_gut only, and the zero-fill covers the rest
  assert.deepEqual(m.jacPattern[0], [0]);
});

test('prepare() hoisting gives exactly the results of unhoisted code', () => {
  const hoisted = compileModel(testModel);
  const plain = compileModel(testModel, { hoist: false });
  assert.ok(generatedSources(hoisted)!.prepare.split('\n').length > generatedSources(plain)!.prepare.split('\n').length);
  const r = rng(9);
  for (const [a, b] of [[hoisted, plain], [hoisted.with({ parameters: { V: 7, n_h: 3 } }), plain.with({ parameters: { V: 7, n_h: 3 } })]] as const) {
    assert.deepEqual([...a.initialState()], [...b.initialState()]);
    for (let k = 0; k < 10; k++) {
      const y = randomState(r);
      const fa = new Float64Array(5), fb = new Float64Array(5), Ja = new Float64Array(25), Jb = new Float64Array(25);
      const oa = new Float64Array(4), ob = new Float64Array(4);
      a.rhs(3, y, a.p, fa); b.rhs(3, y, b.p, fb);
      a.jac(3, y, a.p, Ja); b.jac(3, y, b.p, Jb);
      a.outputs(3, y, a.p, oa); b.outputs(3, y, b.p, ob);
      assert.deepEqual([...fa], [...fb]);
      assert.deepEqual([...oa], [...ob]);
      for (let i = 0; i < 25; i++) assert.ok(Math.abs(Ja[i] - Jb[i]) <= 1e-15 * Math.abs(Jb[i]), `J[${i}] ${Ja[i]} vs ${Jb[i]}`);
    }
  }
});

test('generated code is lean: no Math.pow for integer powers, Math bound once, no closures', () => {
  const spec: ModelSpec = { ...testModel, rules: { ...testModel.rules, Cc: { ...testModel.rules.Cc, expr: '(A_c / V)^3 / (A_c / V)^2' } } };
  const src = generatedSources(compileModel(spec))!;
  assert.doesNotMatch(src.rhs, /pow\([^)]*, (2|3)\)/);
  assert.doesNotMatch(src.rhs.slice(src.rhs.indexOf('return function')), /Math\./, 'Math functions are bound once, outside');
  // no closure is created per call: the body of the returned function has none (helpers such as
  // powp are bound once in the preamble, like the Math functions)
  const body = src.rhs.slice(src.rhs.indexOf('return function') + 'return function'.length);
  assert.doesNotMatch(body, /=>|function\s*\(/);
  assert.match(src.rhs, /const _\d+ = s_A_c \/ p\[\d+\];[\s\S]*_\d+ \* _\d+ \* _\d+/);
});

test('Model.with validates every change at once and shares the compiled code', () => {
  const m = compileModel(testModel);
  assert.equal(compileModel(testModel).rhs, m.rhs, 'compiled once per spec');
  const m2 = m.with({ parameters: { CL: 10, V: 40 }, switches: { sw_inflammation: true } });
  assert.equal(m2.rhs, m.rhs);
  assert.equal(m2.jac, m.jac);
  assert.notEqual(m2.p, m.p);
  assert.equal(m.p[m.paramIndex('CL')], 5, 'the original is unchanged');
  assert.equal(m2.p[m.paramIndex('CL')], 10);
  assert.equal(m2.p[m.paramIndex('sw_inflammation')], 1);
  // derived constants are recomputed: kel = CL/V drives the signal rule
  const rv = new Float64Array(m.ruleNames.length);
  m2.ruleValues!(0, m2.initialState(), m2.p, rv);
  assert.equal(rv[m.ruleNames.indexOf('kel')], 10 / 40);
  try {
    m.with({ parameters: { Cl: 1, V: -1, ka: NaN, sw_formation: 0 }, switches: { sw_inflamation: true, ka: true, sw_formation: 1 as unknown as boolean } });
    assert.fail('should throw');
  } catch (e) {
    assert.ok(e instanceof ModelInputError);
    const got = e.issues.map((i) => `${i.code} ${i.path.join('.')}`);
    assert.deepEqual(got, [
      'unknown-parameter parameters.Cl', 'out-of-bounds parameters.V', 'non-finite parameters.ka', 'unknown-parameter parameters.sw_formation',
      'unknown-switch switches.sw_inflamation', 'unknown-switch switches.ka', 'invalid-value switches.sw_formation',
    ]);
    const msg = e.message;
    assert.match(msg, /'Cl'.*did you mean 'CL'/);
    assert.match(msg, /V' = -1 L is outside its allowed range \[0\.001, 10000\]/);
    assert.match(msg, /'sw_formation' is a switch/);
    assert.match(msg, /did you mean 'sw_inflammation'/);
    assert.match(msg, /'ka' is a parameter/);
  }
});

test('problem() binds p for the solver; bioavailability and dose bookkeeping', () => {
  const m = compileModel(testModel);
  const p = m.params();
  p[m.rateIndex('IV')] = 2;
  const prob = m.problem({ p, t0: 0, tEnd: 24 });
  assert.equal(prob.n, 5);
  assert.deepEqual(prob.names, m.stateNames);
  const y = m.initialState(p);
  const a = new Float64Array(5), b = new Float64Array(5);
  prob.f(1, y, a);
  m.rhs(1, y, p, b);
  assert.deepEqual([...a], [...b]);
  assert.deepEqual(Array.from(prob.y0), [...y]);
  assert.equal(m.doseState('ORAL'), 0);
  assert.equal(m.doseState('IV'), 1);
  assert.equal(m.doseState('nope'), -1);
  assert.equal(m.bioavailability('ORAL', m.p), 0.6);
  assert.equal(m.bioavailability('IV', m.p), 1);
  assert.equal(m.bioavailability('ORAL', m.with({ parameters: { F_oral: 0.25 } }).p), 0.25);
  assert.throws(() => m.bioavailability('ORALL', m.p), /did you mean 'ORAL'/);
  assert.equal(m.paramIndex('nope'), -1);
  assert.equal(m.p.length, m.parameterNames.length + m.switchNames.length + m.doseTargets.length + (m.p.length - m.parameterNames.length - m.switchNames.length - m.doseTargets.length));
  assert.ok(m.rateIndex('ORAL') >= m.parameterNames.length + m.switchNames.length);
});

test('fround: a constant argument is rounded once in prepare, a state-dependent one in the RHS; Jacobian as of the unrounded model', () => {
  // kel = CL/V is a constant rule (hoisted into p by prepare); Cc depends on the state A_c
  const spec: ModelSpec = {
    ...testModel,
    rules: { ...testModel.rules, kel: { ...testModel.rules.kel, expr: 'fround(CL / V)' }, Cc: { ...testModel.rules.Cc, expr: 'fround(A_c / V)' } },
  };
  assert.deepEqual(checkModel(spec), []);
  // V = 7: CL/V = 5/7 and A_c/7 are not binary32 numbers, so the rounding shows
  const m = compileModel(spec).with({ parameters: { V: 7 } });
  const plain = compileModel(spec, { hoist: false }).with({ parameters: { V: 7 } });
  const unrounded = compileModel(testModel).with({ parameters: { V: 7 } });
  const src = generatedSources(m)!;
  assert.match(src.prepare, /fround\(p\[\d+\] \/ p\[\d+\]\)/, 'CL/V rounded in prepare');
  assert.match(src.rhs, /fround\(s_A_c \/ p\[\d+\]\)/, 'A_c/V rounded in the RHS');
  assert.doesNotMatch(src.rhs.slice(src.rhs.indexOf('return function')), /fround\(p\[/, 'no constant rounded per call');
  const values: Record<string, number> = {};
  for (const n of [...m.parameterNames, ...m.switchNames]) values[n] = m.p[m.paramIndex(n)];
  const r = rng(21);
  const dy = new Float64Array(5), dyPlain = new Float64Array(5), dyUnrounded = new Float64Array(5);
  const J = new Float64Array(25), Ju = new Float64Array(25);
  let differs = 0;
  for (let k = 0; k < 10; k++) {
    const y = randomState(r);
    m.rhs(30, y, m.p, dy);
    plain.rhs(30, y, plain.p, dyPlain);
    unrounded.rhs(30, y, unrounded.p, dyUnrounded);
    const it = interpret(spec, 30, y, values);
    assert.deepEqual([...dy], [...dyPlain], 'hoisting through fround changes nothing');
    for (let i = 0; i < 5; i++) {
      assert.ok(Math.abs(dy[i] - it.dy[i]) <= 1e-13 * (Math.abs(dy[i]) + 1), `dy[${i}] ${dy[i]} vs interpreter ${it.dy[i]}`);
      if (dy[i] !== dyUnrounded[i]) differs++;
    }
    assert.equal(it.rules.kel, Math.fround(5 / 7));
    // d fround(u) = du: the Jacobian is the unrounded model's, evaluated at rounded values (1e-7 apart)
    m.jac(30, y, m.p, J);
    unrounded.jac(30, y, unrounded.p, Ju);
    for (let i = 0; i < 25; i++) assert.ok(Math.abs(J[i] - Ju[i]) <= 1e-6 * (Math.abs(Ju[i]) + 1e-12), `J[${i}] ${J[i]} vs unrounded ${Ju[i]}`);
  }
  assert.ok(differs >= 10, `the rounding changes the RHS (${differs} of 50 components)`);
});
