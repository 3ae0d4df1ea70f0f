/**
 * Morris screening on functions whose elementary effects are known, the design's structure, failed
 * evaluations, and a smoke run on a shipped model (serial and worker pool equal).
 *
 * Analytic case: y = a·x1 + x2² + 0·x3 on [0, 1]³ with p = 4 levels (Δ = 2/3). Then EE1 = a at every
 * step (μ* = |a|, σ = 0); EE2 = [(x + Δ)² − x²]/Δ = 2x + Δ with x ∈ {0, 1/3}, i.e. 2/3 or 4/3, so
 * μ* ∈ [2/3, 4/3] with expectation 1 and σ > 0; EE3 = 0 (μ* = σ = 0).
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import { morrisScreen, morrisDesign, morris, morrisPlan, formatMorris, type MorrisFactor } from '../../src/analysis/morris.js';
import { morrisParallel } from '../../src/node/parallel.js';
import { Rng } from '../../src/analysis/random.js';
import { prepareScenario } from '../../src/builtin/index.js';
import { InputError } from '../../src/core/issues.js';
import { validateScenario } from '../../src/simulate/scenario.js';
import { compileModel } from '../../src/model/index.js';
import type { ModelSpec } from '../../src/model/spec.js';

const unit = (name: string): MorrisFactor => ({ name, lo: 0, hi: 1, log: false });
const X = [unit('x1'), unit('x2'), unit('x3')];

test('Morris on y = a·x1 + x2² + 0·x3: μ*, μ and σ as derived', () => {
  for (const a of [3, -2]) {
    const { stats, failed } = morrisScreen((x) => [a * x[0] + x[1] * x[1] + 0 * x[2]], X, ['y'], { r: 200, seed: 7 });
    assert.equal(failed, 0);
    const [s1, s2, s3] = stats;
    assert.ok(Math.abs(s1.muStar.y - Math.abs(a)) < 1e-12 && Math.abs(s1.mu.y - a) < 1e-12, `x1: μ* ${s1.muStar.y}, μ ${s1.mu.y}`);
    assert.ok(s1.sigma.y < 1e-12, `x1 acts linearly: σ ${s1.sigma.y}`);
    assert.ok(s2.sigma.y > 0.2, `x2 acts non-linearly: σ ${s2.sigma.y}`);
    assert.ok(s2.muStar.y >= 2 / 3 - 1e-12 && s2.muStar.y <= 4 / 3 + 1e-12);
    // 200 EEs of 2/3 or 4/3 with equal probability: sd of their mean 1/3/√200 = 0.024
    assert.ok(Math.abs(s2.muStar.y - 1) < 0.1, `x2: μ* ${s2.muStar.y}`);
    assert.equal(s3.muStar.y, 0);
    assert.equal(s3.sigma.y, 0);
    for (const s of stats) assert.equal(s.n.y, 200);
  }
});

test('Morris with log-spaced ranges: y = ln x has a constant elementary effect', () => {
  // u ↦ x = exp(u·ln(e²)) on [1, e²]: y = ln x = 2u, so every EE is 2; a linear map would give σ > 0
  const f: MorrisFactor[] = [{ name: 'x', lo: 1, hi: Math.E ** 2, log: true }, { name: 'z', lo: -4, hi: -1, log: true }];
  const { stats } = morrisScreen((x) => [Math.log(x[0]), Math.log(-x[1])], f, ['lnx', 'lnz'], { r: 20, seed: 1 });
  assert.ok(Math.abs(stats[0].muStar.lnx - 2) < 1e-12 && stats[0].sigma.lnx < 1e-12);
  assert.ok(Math.abs(stats[1].mu.lnz + Math.log(4)) < 1e-12, `ln|z| falls by ln 4 over [−4, −1]: μ ${stats[1].mu.lnz}`);
  assert.equal(stats[0].muStar.lnz, 0);
});

test('the design: each trajectory moves every factor once by ±Δ, on the grid, inside [0, 1]; seeded', () => {
  const k = 5, r = 30, p = 6;
  const d = morrisDesign(k, r, p, new Rng(3));
  assert.equal(d.points.length, r * (k + 1));
  assert.ok(Math.abs(d.delta - 0.6) < 1e-15);
  for (let t = 0; t < r; t++) {
    const moved = new Set<number>();
    for (let j = 0; j < k; j++) {
      const a = d.points[t * (k + 1) + j], b = d.points[t * (k + 1) + j + 1];
      const changed = [...a.keys()].filter((i) => a[i] !== b[i]);
      assert.equal(changed.length, 1);
      const i = changed[0];
      assert.equal(i, d.order[t][j]);
      assert.ok(Math.abs(b[i] - a[i] - d.sign[t][i] * d.delta) < 1e-12);
      moved.add(i);
      for (const u of b) {
        assert.ok(u >= 0 && u <= 1);
        assert.ok(Math.abs(u * (p - 1) - Math.round(u * (p - 1))) < 1e-12, `on the grid: ${u}`);
      }
    }
    assert.equal(moved.size, k);
  }
  const again = morrisDesign(k, r, p, new Rng(3));
  assert.deepEqual(again.points, d.points);
  assert.notDeepEqual(morrisDesign(k, r, p, new Rng(4)).points, d.points);
});

test('failed evaluations drop their elementary effects, not the analysis', () => {
  let calls = 0;
  const { stats, failed } = morrisScreen((x) => { calls++; if (calls % 7 === 0) throw new Error('boom'); return calls % 11 === 0 ? undefined : [2 * x[0] + x[1]]; }, X.slice(0, 2), ['y'], { r: 40, seed: 2 });
  assert.ok(failed > 0);
  for (const s of stats) {
    assert.ok(s.n.y < 40 && s.n.y > 20, `n ${s.n.y}`);
    assert.ok(Number.isFinite(s.muStar.y) && Number.isFinite(s.sigma.y));
  }
  assert.ok(Math.abs(stats[0].muStar.y - 2) < 1e-12 && stats[0].sigma.y < 1e-12);
});

const DL = { model: 'dutta-layton-2024', duration: '10 d', scale: { IMg: 0.5 } };

test('Morris on dutta-layton-2024: a smoke run, ranges around the scenario values, and the pool gives the same numbers', async () => {
  const { model, scenario } = prepareScenario(DL);
  const opts = { outputs: ['Mgp', 'PTHp'], parameters: ['IMg', 'ICa', 'D3_inact'], r: 4, seed: 5 };
  const a = morris(model, scenario, opts);
  assert.equal(a.runs, 4 * 4);
  assert.equal(a.failures.length, 0);
  const img = a.parameters.find((p) => p.parameter === 'IMg')!;
  assert.ok(Math.abs(img.value - 0.5 * model.spec.parameters.IMg.value) < 1e-18, 'the scenario value, not the model default');
  assert.ok(Math.abs(img.lo - img.value / 1.5) < 1e-15 && Math.abs(img.hi - img.value * 1.5) < 1e-15 && img.scale === 'log');
  assert.ok(img.muStar.Mgp > 0 && img.mu.Mgp > 0, 'more dietary Mg, more plasma Mg over the whole range');
  assert.deepEqual([...a.ranking.Mgp].sort(), ['D3_inact', 'ICa', 'IMg']);
  const b = await morrisParallel(model, scenario, { ...opts, workers: 2 });
  assert.deepEqual(b.parameters, a.parameters);
  assert.equal(b.workers, 2);
});

test('Morris plans: defaults skip zero and fixed parameters; bad options are all reported', () => {
  const { model, scenario } = prepareScenario(DL);
  const plan = morrisPlan(model, scenario, { outputs: ['Mgp'] });
  assert.ok(plan.skipped.some((s) => s.parameter === 'V_unit'), 'V_unit has bounds [1, 1]');
  assert.equal(plan.runs, 10 * (plan.factors.length + 1));
  const ranged = morrisPlan(model, scenario, { outputs: ['Mgp'], parameters: ['IMg'], ranges: { ICa: [0.0005, 0.002] } });
  assert.deepEqual(ranged.factors.map((f) => f.name), ['IMg', 'ICa']);
  assert.throws(() => morrisPlan(model, scenario, { outputs: ['Mgpp'], parameters: ['IMgg', 'slow_pools_dynamic'], levels: 3, r: 1 }), (e: unknown) => {
    assert.ok(e instanceof InputError);
    const msg = e.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n');
    for (const re of [/outputs\.Mgpp/, /levels: 3 must be an even integer/, /r: 1 must be an integer from 2/, /parameters\.IMgg: .*did you mean 'IMg'/, /parameters\.slow_pools_dynamic: .*switch/]) assert.match(msg, re);
    return true;
  });
});

/** y' = k·y² (+ c·0), y(0) = 1: blows up at t = 1/k, so over 2 h every k ≥ 0.5 fails and k < 0.5 runs. */
const BLOWUP: ModelSpec = {
  id: 'blowup', name: 'Blow-up', version: '1', species: 'none', timeUnit: 'h', description: 'y\' = k y^2', references: [],
  parameters: {
    k: { value: 0.2, unit: '1/h', description: 'rate', source: 'assumed: test' },
    c: { value: 1, unit: '1/h', description: 'no effect', source: 'assumed: test' },
  },
  states: { y: { unit: '1', description: 'y', initial: 1, ode: 'k * y * y + 0 * c' } },
  rules: {},
  observables: { y_obs: { expr: 'y', unit: '1', description: 'y' } },
};

test('failing runs: the parameter behind them is named; checkRanges pulls a failing range end toward the value', () => {
  const model = compileModel(BLOWUP);
  const { scenario } = validateScenario({ model: 'blowup', duration: '2 h', solver: { maxSteps: 20000 } }, model);
  const opts = { outputs: ['y_obs'], parameters: ['k', 'c'], ranges: { k: [0.1, 0.8] as [number, number] }, r: 10, seed: 3 };
  const a = morris(model, scenario!, opts);
  assert.ok(a.failures.length > 0);
  assert.equal(a.failureSuspects[0]?.parameter, 'k');
  // levels 0, 1/3, 2/3, 1 give k = 0.1, 0.2, 0.4, 0.8: only the top level fails, half of the upper half
  assert.ok(a.failureSuspects[0].failRateHigh > 0.3 && a.failureSuspects[0].failRateLow === 0, JSON.stringify(a.failureSuspects));
  assert.ok(!a.failureSuspects.some((x) => x.parameter === 'c'));
  assert.match(formatMorris(a), /fail most .*k \(high: \d+% vs 0%\)/);

  const b = morris(model, scenario!, { ...opts, checkRanges: true });
  // the log-midpoint of 0.2 and 0.8 is 0.4, which runs (blow-up at 2.5 h)
  assert.deepEqual(b.adjusted.map((x) => [x.parameter, x.side, x.from, x.to]), [['k', 'hi', 0.8, 0.4]]);
  assert.match(b.adjusted[0].message, /step|non/);
  const k = b.parameters.find((p) => p.parameter === 'k')!;
  assert.deepEqual([k.lo, k.hi], [0.1, 0.4]);
  assert.equal(b.failures.length, 0);
  // y(2) = 1/(1 − 2k) rises with k: every elementary effect of k is positive, c has none
  assert.ok(k.mu.y_obs > 0 && k.muStar.y_obs === k.mu.y_obs);
  assert.equal(b.parameters.find((p) => p.parameter === 'c')!.muStar.y_obs, 0);
});

test('the design with a feasibility test: every point feasible, redraws counted, deterministic; an always-true test changes nothing', () => {
  const k = 4, r = 30, levels = 4;
  const plain = morrisDesign(k, r, levels, new Rng(5));
  const allTrue = morrisDesign(k, r, levels, new Rng(5), () => true);
  assert.deepEqual(allTrue.points.map((u) => Array.from(u)), plain.points.map((u) => Array.from(u)));
  assert.equal(allTrue.resampled, 0);
  // the feasible region u0 + u1 <= 1 (a constraint on two parameters)
  const ok = (u: Float64Array): boolean => u[0] + u[1] <= 1 + 1e-12;
  const a = morrisDesign(k, r, levels, new Rng(5), ok);
  const b = morrisDesign(k, r, levels, new Rng(5), ok);
  assert.deepEqual(a.points.map((u) => Array.from(u)), b.points.map((u) => Array.from(u)));
  assert.equal(a.points.length, r * (k + 1));
  assert.ok(a.points.every(ok), 'every point of the design is feasible');
  assert.ok(plain.points.some((u) => !ok(u)), 'the plain design leaves the region (the test could fail)');
  assert.ok(a.resampled > 0 && a.infeasible === 0, `resampled ${a.resampled}, infeasible ${a.infeasible}`);
  // still a Morris design: each trajectory moves every factor once by ±Δ
  for (let t = 0; t < r; t++) {
    for (let j = 0; j < k; j++) {
      const u = a.points[t * (k + 1) + j], v = a.points[t * (k + 1) + j + 1], i = a.order[t][j];
      assert.ok(Math.abs(v[i] - u[i] - a.sign[t][i] * a.delta) < 1e-12);
    }
  }
  // nothing feasible: the trajectories are kept (and counted), so the analysis still has its shape
  const none = morrisDesign(k, 3, levels, new Rng(5), () => false);
  assert.equal(none.points.length, 3 * (k + 1));
  assert.equal(none.infeasible, 3);
});

test('Morris on a model with a two-parameter constraint: trajectories stay where the constraint holds', () => {
  // OpenBoneMin's EC50PicOBparen_positive: EmaxPicOB > (1 − FracPicOB)·Pic0
  const { model, scenario } = prepareScenario({ model: 'openbonemin', duration: '30 d', output: { every: '30 d' } });
  const p = model.params();
  const emax = p[model.paramIndex('EmaxPicOB')], pic0 = p[model.paramIndex('Pic0')];
  const opts = {
    outputs: ['OBchange'], parameters: ['EmaxPicOB', 'Pic0'], r: 6, seed: 2,
    ranges: { EmaxPicOB: [emax / 2, emax * 2] as [number, number], Pic0: [pic0 / 2, pic0 * 2] as [number, number] },
  };
  const plain = morris(model, scenario, { ...opts, resample: false });
  assert.ok(plain.failures.some((f) => /EC50PicOBparen_positive/.test(f.message)), 'without resampling some points break the constraint');
  const kept = morris(model, scenario, opts);
  assert.equal(kept.failures.length, 0, kept.failures.map((f) => f.message).join('\n'));
  assert.ok(kept.resampled > 0);
  for (const prm of kept.parameters) assert.equal(prm.n.OBchange, 6, `${prm.parameter}: every elementary effect kept`);
  assert.match(formatMorris(kept), /redrawn/);
});
