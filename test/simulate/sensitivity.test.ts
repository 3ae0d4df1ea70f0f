/**
 * Forward sensitivities (simulate/sensitivity.ts) against closed-form sensitivities: a linear
 * two-compartment chain (the Bateman function), logistic growth, Michaelis–Menten decay (its implicit
 * solution Km·ln(x/x0) + x − x0 = −Vm·t, differentiated implicitly), a bolus and an infusion with
 * parameter-dependent bioavailabilities, a steady-state start, and a parameter change during the run.
 * Each within 1e-6 relative (of the largest |sensitivity| of its series) at rtol 1e-10 with the
 * sensitivities in the error test.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import { compileModel } from '../../src/model/model.js';
import type { ModelSpec } from '../../src/model/spec.js';
import { validateScenario } from '../../src/simulate/scenario.js';
import { simulateSensitivities, type SensitivitySimulationResult } from '../../src/simulate/sensitivity.js';
import { InputError } from '../../src/core/issues.js';

const P = (value: number, unit: string) => ({ value, unit, description: 'test parameter', source: 'assumed: test' });

function spec(id: string, parts: Pick<ModelSpec, 'parameters' | 'states'> & Partial<ModelSpec>): ModelSpec {
  return {
    id, name: id, version: '1.0.0', species: 'none', timeUnit: 'h', description: 'sensitivity test problem',
    references: [], rules: {}, observables: {}, ...parts,
  } as ModelSpec;
}

function runSens(s: ModelSpec, scenario: Record<string, unknown>, parameters: string[], errorControl = true): SensitivitySimulationResult {
  const model = compileModel(s);
  const { scenario: sc, issues } = validateScenario({ model: s.id, solver: { rtol: 1e-10, atol: 1e-12 }, ...scenario }, model);
  assert.deepEqual(issues, []);
  const r = simulateSensitivities(model, sc!, { parameters, errorControl });
  assert.equal(r.code, 'success', r.message);
  return r;
}

/** Max |a − b| over the series, relative to the largest |b| (every series here has a nonzero one). */
function relErr(got: Float64Array, want: (t: number) => number, time: Float64Array): number {
  let err = 0, scale = 0;
  for (let i = 0; i < time.length; i++) {
    const w = want(time[i]);
    err = Math.max(err, Math.abs(got[i] - w));
    scale = Math.max(scale, Math.abs(w));
  }
  return err / scale;
}

function check(r: SensitivitySimulationResult, column: string, parameter: string, want: (t: number) => number, tol = 1e-6): void {
  const e = relErr(r.sensitivity(column, parameter), want, r.time);
  assert.ok(e < tol, `d${column}/d${parameter}: relative error ${e.toExponential(2)} >= ${tol}`);
}

test('linear chain (Bateman): sensitivities to both rate constants and the initial amount', () => {
  const [k1, k2, A] = [0.7, 0.2, 3];
  const s = spec('chain', {
    parameters: { k1: P(k1, '1/h'), k2: P(k2, '1/h'), A: P(A, 'mmol') },
    states: {
      x1: { unit: 'mmol', description: 'first', initial: 'A', ode: '-k1 * x1' },
      x2: { unit: 'mmol', description: 'second', initial: 0, ode: 'k1 * x1 - k2 * x2' },
    },
    observables: { c2: { expr: 'x2 * k2', unit: 'mmol/h', description: 'outflow' } },
  });
  const r = runSens(s, { duration: 20, output: { every: 0.5 } }, ['k1', 'k2', 'A']);
  const E1 = (t: number) => Math.exp(-k1 * t), E2 = (t: number) => Math.exp(-k2 * t);
  const D = k2 - k1;
  const N = (t: number) => k1 * (E1(t) - E2(t));
  const x2 = (t: number) => (A * N(t)) / D;
  check(r, 'x1', 'k1', (t) => -t * A * E1(t));
  check(r, 'x1', 'A', (t) => E1(t));
  check(r, 'x2', 'k1', (t) => (A * (((E1(t) - E2(t)) - k1 * t * E1(t)) * D + N(t))) / (D * D));
  const dx2dk2 = (t: number) => (A * (k1 * t * E2(t) * D - N(t))) / (D * D);
  check(r, 'x2', 'k2', dx2dk2);
  check(r, 'x2', 'A', (t) => x2(t) / A);
  // the observable k2·x2 by the chain rule: x2 + k2·∂x2/∂k2
  check(r, 'c2', 'k2', (t) => x2(t) + k2 * dx2dk2(t));
});

test('logistic growth: sensitivities to r, K and x0', () => {
  const [rr, K, x0] = [0.9, 10, 0.5];
  const s = spec('logistic', {
    parameters: { r: P(rr, '1/h'), K: P(K, 'mmol'), x0: P(x0, 'mmol') },
    states: { x: { unit: 'mmol', description: 'population', initial: 'x0', ode: 'r * x * (1 - x / K)' } },
  });
  const r = runSens(s, { duration: 15, output: { every: 0.25 } }, ['r', 'K', 'x0']);
  const E = (t: number) => Math.exp(rr * t);
  const Q = (t: number) => K + x0 * (E(t) - 1);
  check(r, 'x', 'r', (t) => (K * x0 * t * E(t) * (K - x0)) / Q(t) ** 2);
  check(r, 'x', 'K', (t) => (x0 * x0 * E(t) * (E(t) - 1)) / Q(t) ** 2);
  check(r, 'x', 'x0', (t) => (K * K * E(t)) / Q(t) ** 2);
  // the explicit method integrates the same augmented system
  const rd = runSens(s, { duration: 15, output: { every: 0.25 }, solver: { rtol: 1e-10, atol: 1e-12, method: 'dopri' } }, ['r', 'K']);
  check(rd, 'x', 'r', (t) => (K * x0 * t * E(t) * (K - x0)) / Q(t) ** 2);
  check(rd, 'x', 'K', (t) => (x0 * x0 * E(t) * (E(t) - 1)) / Q(t) ** 2);
});

test('Michaelis–Menten decay: sensitivities from the implicit solution', () => {
  const [Vm, Km, x0] = [2, 1.5, 8];
  const s = spec('mm', {
    parameters: { Vm: P(Vm, 'mmol/h'), Km: P(Km, 'mmol'), x0: P(x0, 'mmol') },
    states: { x: { unit: 'mmol', description: 'substrate', initial: 'x0', ode: '-Vm * x / (Km + x)' } },
  });
  const r = runSens(s, { duration: 6, output: { every: 0.2 } }, ['Vm', 'Km', 'x0']);
  // x(t) from Km·ln(x/x0) + x − x0 + Vm·t = 0 by Newton in u = ln x (convex and increasing in u:
  // from u = ln x0, right of the root, the iterates decrease monotonically to it), to rounding
  const xOf = (t: number): number => {
    let u = Math.log(x0);
    for (let i = 0; i < 100; i++) u -= (Km * (u - Math.log(x0)) + Math.exp(u) - x0 + Vm * t) / (Km + Math.exp(u));
    return Math.exp(u);
  };
  const dFdx = (t: number) => Km / xOf(t) + 1;
  check(r, 'x', 'Vm', (t) => -t / dFdx(t));
  check(r, 'x', 'Km', (t) => -Math.log(xOf(t) / x0) / dFdx(t));
  check(r, 'x', 'x0', (t) => (Km / x0 + 1) / dFdx(t));
});

test('a bolus and an infusion with parameter-dependent bioavailabilities', () => {
  const [k, x0, F1, F2] = [0.3, 1, 0.6, 0.8];
  const [amt, tb, R, ti, dur] = [5, 2, 4, 6, 3];
  const te = ti + dur;
  const s = spec('dosed', {
    parameters: { k: P(k, '1/h'), x0: P(x0, 'mmol'), F1: P(F1, '1'), F2: P(F2, '1') },
    states: { x: { unit: 'mmol', description: 'amount', initial: 'x0', ode: '-k * x' } },
    doses: {
      BOLUS: { state: 'x', description: 'bolus line', amountUnit: 'mmol', bioavailability: 'F1' },
      INF: { state: 'x', description: 'infusion line', amountUnit: 'mmol', bioavailability: 'F2' },
    },
  });
  const r = runSens(s, {
    duration: 16, output: { every: 0.25 },
    doses: [{ cmt: 'BOLUS', amt, time: tb }, { cmt: 'INF', amt: R * dur, time: ti, rate: R }],
  }, ['k', 'F1', 'F2']);
  const g = (kk: number, tau: number) => (1 - Math.exp(-kk * tau)) / kk;
  const dg = (kk: number, tau: number) => (tau * Math.exp(-kk * tau) * kk - (1 - Math.exp(-kk * tau))) / (kk * kk);
  // output rows at a dose time hold the state before the dose (outputAtDose 'before')
  const dxdk = (t: number): number => {
    let v = -t * x0 * Math.exp(-k * t);
    if (t > tb) v += -(t - tb) * amt * F1 * Math.exp(-k * (t - tb));
    if (t > ti && t <= te) v += R * F2 * dg(k, t - ti);
    if (t > te) v += R * F2 * (dg(k, dur) * Math.exp(-k * (t - te)) - (t - te) * g(k, dur) * Math.exp(-k * (t - te)));
    return v;
  };
  check(r, 'x', 'k', dxdk);
  check(r, 'x', 'F1', (t) => (t > tb ? amt * Math.exp(-k * (t - tb)) : 0));
  check(r, 'x', 'F2', (t) => (t <= ti ? 0 : t <= te ? R * g(k, t - ti) : R * g(k, dur) * Math.exp(-k * (t - te))));
});

test('a steady-state start: s0 = −J⁻¹·∂f/∂p, then a bolus; a state set in `initial` starts with s0 = 0', () => {
  const [a, b, c] = [2, 0.5, 0.25];
  const s = spec('steady', {
    parameters: { a: P(a, 'mmol/h'), b: P(b, '1/h'), c: P(c, '1/h') },
    states: {
      x: { unit: 'mmol', description: 'source', initial: 1, ode: 'a - b * x' },
      y: { unit: 'mmol', description: 'follower', initial: 1, ode: 'b * x - c * y' },
    },
    doses: { X: { state: 'x', description: 'into x', amountUnit: 'mmol' } },
  });
  const amt = 3, tb = 1;
  const r = runSens(s, { duration: 12, output: { every: 0.25 }, steadyState: true, doses: [{ cmt: 'X', amt, time: tb }] }, ['a', 'b', 'c']);
  check(r, 'x', 'a', () => 1 / b);
  check(r, 'x', 'b', (t) => -a / (b * b) - (t > tb ? (t - tb) * amt * Math.exp(-b * (t - tb)) : 0));
  // y* = a/c: ∂y*/∂a = 1/c, ∂y*/∂c = −a/c²; exact at t = 0
  const y0a = r.sensitivity('y', 'a')[0], y0c = r.sensitivity('y', 'c')[0], y0b = r.sensitivity('y', 'b')[0];
  assert.ok(Math.abs(y0a - 1 / c) < 1e-9 * (1 / c), `dy/da(0) = ${y0a}`);
  assert.ok(Math.abs(y0c + a / (c * c)) < 1e-9 * (a / (c * c)), `dy/dc(0) = ${y0c}`);
  assert.ok(Math.abs(y0b) < 1e-9, `dy/db(0) = ${y0b}`);
  // with y given in `initial`, its sensitivities start at 0 (x still from the steady state)
  const r2 = runSens(s, { duration: 2, output: { every: 1 }, steadyState: true, initial: { y: 5 } }, ['a', 'c']);
  assert.equal(r2.sensitivity('y', 'a')[0], 0);
  assert.equal(r2.sensitivity('y', 'c')[0], 0);
  assert.ok(Math.abs(r2.sensitivity('x', 'a')[0] - 1 / b) < 1e-9 / b);
});

test('a parameter change that sets k cuts the direct dependence on the original k; other parameters carry on', () => {
  const [k, kNew, cc, x0, tc] = [0.4, 1.2, 3, 2, 5];
  const s = spec('change', {
    parameters: { k: P(k, '1/h'), c: P(cc, 'mmol/h'), x0: P(x0, 'mmol') },
    states: { x: { unit: 'mmol', description: 'amount', initial: 'x0', ode: 'c - k * x' } },
    observables: { out: { expr: 'k * x', unit: 'mmol/h', description: 'elimination flux' } },
  });
  const r = runSens(s, { duration: 12, output: { every: 0.25 }, changes: [{ time: tc, parameters: { k: kNew } }] }, ['k', 'c']);
  const before = (t: number) => ({
    dk: -cc / (k * k) + (cc / (k * k)) * Math.exp(-k * t) - t * (x0 - cc / k) * Math.exp(-k * t),
    dc: (1 - Math.exp(-k * t)) / k,
  });
  const dk = (t: number) => (t <= tc ? before(t).dk : before(tc).dk * Math.exp(-kNew * (t - tc)));
  const dc = (t: number) => (t <= tc ? before(t).dc : before(tc).dc * Math.exp(-kNew * (t - tc)) + (1 - Math.exp(-kNew * (t - tc))) / kNew);
  check(r, 'x', 'k', dk);
  check(r, 'x', 'c', dc);
  // out = k·x: before the change x + k·∂x/∂k; after it kNew·∂x/∂k only (k is no longer the original)
  const x = (t: number) => (t <= tc ? cc / k + (x0 - cc / k) * Math.exp(-k * t)
    : cc / kNew + (cc / k + (x0 - cc / k) * Math.exp(-k * tc) - cc / kNew) * Math.exp(-kNew * (t - tc)));
  check(r, 'out', 'k', (t) => (t <= tc ? x(t) + k * dk(t) : kNew * dk(t)));
});

test('without error control the states take the plain run\'s steps and the sensitivities stay accurate', () => {
  const s = spec('logistic2', {
    parameters: { r: P(0.9, '1/h'), K: P(10, 'mmol'), x0: P(0.5, 'mmol') },
    states: { x: { unit: 'mmol', description: 'population', initial: 'x0', ode: 'r * x * (1 - x / K)' } },
  });
  const r = runSens(s, { duration: 15, output: { every: 0.25 } }, ['r'], false);
  const E = (t: number) => Math.exp(0.9 * t);
  const Q = (t: number) => 10 + 0.5 * (E(t) - 1);
  check(r, 'x', 'r', (t) => (10 * 0.5 * t * E(t) * 9.5) / Q(t) ** 2, 1e-5);
});

test('bad sensitivity requests are InputErrors listing every problem with its path', () => {
  const s = spec('bad', {
    parameters: { k: P(1, '1/h') },
    states: { x: { unit: 'mmol', description: 'x', initial: 1, ode: 'if(sw, -k * x, 0)' } },
    switches: { sw: { description: 'a switch', evidence: 'hypothesis', default: true, sources: ['assumed: test'] } },
  });
  const model = compileModel(s);
  const { scenario } = validateScenario({ model: 'bad', duration: 1, solver: { method: 'rodas' } }, model);
  assert.throws(() => simulateSensitivities(model, scenario!, { parameters: ['k', 'kk', 'sw', 'k'] }), (e: unknown) => {
    assert.ok(e instanceof InputError);
    const paths = e.issues.map((i) => i.path.join('.'));
    assert.deepEqual(paths, ['sensitivities.parameters.1', 'sensitivities.parameters.2', 'sensitivities.parameters.3', 'solver.method']);
    assert.match(e.issues[1].message, /switch/);
    return true;
  });
});

test('the model\'s exact parametric derivatives are used; the central-difference fallback gives the same sensitivities', () => {
  const s = spec('fallback', {
    parameters: { k1: P(0.7, '1/h'), k2: P(0.2, '1/h'), A: P(3, 'mmol'), F: P(0.6, '1') },
    states: {
      x1: { unit: 'mmol', description: 'first', initial: 'A', ode: '-k1 * x1' },
      x2: { unit: 'mmol', description: 'second', initial: 0, ode: 'k1 * x1 - k2 * x2 * x2 / (A + x2)' },
    },
    observables: { c2: { expr: 'x2 * k2 * A / (A + x1)', unit: 'mmol/h', description: 'outflow' } },
    doses: { D: { state: 'x1', description: 'dose', amountUnit: 'mmol', bioavailability: 'F * k1 / (k1 + k2)' } },
  });
  const model = compileModel(s);
  const { scenario } = validateScenario({
    model: s.id, duration: 10, output: { every: 0.5 }, solver: { rtol: 1e-10, atol: 1e-12 },
    doses: [{ cmt: 'D', amt: 2, time: 3 }, { cmt: 'D', amt: 2, time: 4, rate: 1 }], changes: [{ time: 7, parameters: { k2: 0.3 } }],
  }, model);
  const names = ['k1', 'k2', 'A', 'F'];
  const exact = simulateSensitivities(model, scenario!, { parameters: names, errorControl: true });
  const fd = simulateSensitivities(model, scenario!, { parameters: names, errorControl: true, derivatives: 'fd' });
  assert.equal(exact.derivatives, 'exact');
  assert.equal(fd.derivatives, 'fd');
  for (const c of ['x1', 'x2', 'c2']) for (const p of names) {
    const a = exact.sensitivity(c, p), b = fd.sensitivity(c, p);
    const scale = Math.max(...a.map(Math.abs));
    const err = Math.max(...a.map((v, i) => Math.abs(v - b[i])));
    assert.ok(scale > 0 && err <= 1e-6 * scale, `${c}/${p}: exact vs fd ${err} (scale ${scale})`);
  }
});

test('an `after` chain: `initial` carries a run\'s final sensitivities into the next, `fixed` turns a parameter\'s direct terms off', () => {
  const [k1, k2, A] = [0.7, 0.2, 3];
  const s = spec('chain2', {
    parameters: { k1: P(k1, '1/h'), k2: P(k2, '1/h'), A: P(A, 'mmol') },
    states: {
      x1: { unit: 'mmol', description: 'first', initial: 'A', ode: '-k1 * x1' },
      x2: { unit: 'mmol', description: 'second', initial: 0, ode: 'k1 * x1 - k2 * x2' },
    },
  });
  const model = compileModel(s);
  const scen = (x: Record<string, unknown>) => {
    const { scenario, issues } = validateScenario({ model: 'chain2', solver: { rtol: 1e-10, atol: 1e-12 }, output: { every: 0.5 }, ...x }, model);
    assert.deepEqual(issues, []);
    return scenario!;
  };
  const names = ['k1', 'k2', 'A'];
  const first = simulateSensitivities(model, scen({ duration: 4 }), { parameters: names, errorControl: true });
  const last = first.time.length - 1;
  const start = (r: SensitivitySimulationResult, ps: Record<string, number> = {}) => ({ x1: r.column('x1')[last], x2: r.column('x2')[last], ...ps });
  const s0 = names.map((p) => Float64Array.from(['x1', 'x2'], (st) => first.sensitivity(st, p)[last]));
  // phase 2 continues with the same parameters: equals one 10-h run
  const second = simulateSensitivities(model, scen({ duration: 6, initial: start(first) }), { parameters: names, initial: s0, errorControl: true });
  const whole = simulateSensitivities(model, scen({ duration: 10 }), { parameters: names, errorControl: true });
  const off = whole.time.length - second.time.length;
  for (const p of names) for (const st of ['x1', 'x2']) {
    const want = whole.sensitivity(st, p).subarray(off), got = second.sensitivity(st, p);
    const scale = Math.max(1, ...want.map(Math.abs));
    const err = Math.max(...got.map((v, i) => Math.abs(v - want[i])));
    assert.ok(err < 1e-6 * scale, `d${st}/d${p}: error ${err.toExponential(2)}`);
  }
  // phase 2 fixes k1 at 2·k1: k1 acts only through the start state; against central differences of the chain
  const h = 1e-4;
  const fixed = simulateSensitivities(model, scen({ duration: 6, initial: start(first), parameters: { k1: 2 * k1 } }), { parameters: names, initial: s0, fixed: [true, false, false], errorControl: true });
  for (const [k, p] of names.entries()) {
    const run = (sign: number) => {
      const ps = { [p]: model.spec.parameters[p].value * (1 + sign * h) };
      const a = simulateSensitivities(model, scen({ duration: 4, parameters: ps }), { parameters: ['k2'] });
      const b = simulateSensitivities(model, scen({ duration: 6, initial: start(a), parameters: { ...(p === 'k1' ? {} : ps), k1: 2 * k1 } }), { parameters: ['k2'] });
      return b.column('x2');
    };
    const up = run(1), down = run(-1), pv = model.spec.parameters[p].value;
    const e = relErr(fixed.sensitivity('x2', p), (t) => (up[Math.round(t / 0.5)] - down[Math.round(t / 0.5)]) / (2 * h * pv), fixed.time);
    assert.ok(e < 1e-6, `x2/${p} (k = ${k}): relative error ${e.toExponential(2)}`);
  }
  assert.throws(() => simulateSensitivities(model, scen({ duration: 1 }), { parameters: names, initial: [new Float64Array(1)], fixed: [true] }), (e: unknown) => {
    assert.ok(e instanceof InputError);
    const paths = e.issues.map((i) => i.path.join('.'));
    assert.ok(paths.includes('sensitivities.initial') && paths.includes('sensitivities.fixed'), paths.join('; '));
    return true;
  });
});
