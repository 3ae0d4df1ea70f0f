/**
 * The seeded PRNG (published xoshiro128** outputs, moments of its draws) and virtual populations:
 * reproducibility, the degenerate population equal to the single run, ordered percentiles equal
 * to an independent computation, bounds respected by redrawing, numerical failures reported with
 * the subject's parameters, and the worker pool giving the serial numbers.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from '../helpers/paths.js';
import { Rng, lognormalSigma } from '../../src/analysis/random.js';
import { runPopulation, samplePopulation, summarisePopulation, percentileBands, parsePopulationSpec, parseCv, PERCENTILES, PERCENTILE_KEYS, selectRanks, orderStatistics, type Bands, type PopulationSpec } from '../../src/analysis/population.js';
import type { BatchRun } from '../../src/analysis/batch.js';
import { populationToCSV, populationToJSON } from '../../src/analysis/population-format.js';
import { populationParallel } from '../../src/node/parallel.js';
import { prepareScenario } from '../../src/builtin/index.js';
import { simulate } from '../../src/simulate/run.js';
import { validateScenario } from '../../src/simulate/scenario.js';
import { InputError } from '../../src/core/issues.js';
import { compileModel } from '../../src/model/index.js';
import type { ModelSpec } from '../../src/model/spec.js';

const DL = { model: 'dutta-layton-2024', duration: '5 d', output: { every: '1 d' }, scale: { IMg: 0.5 } };

function moments(x: ArrayLike<number>): { mean: number; sd: number } {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i];
  const mean = s / x.length;
  let ss = 0;
  for (let i = 0; i < x.length; i++) ss += (x[i] - mean) ** 2;
  return { mean, sd: Math.sqrt(ss / (x.length - 1)) };
}

function median(x: number[]): number {
  const a = [...x].sort((p, q) => p - q);
  const h = (a.length - 1) / 2;
  return a[Math.floor(h)] + (h - Math.floor(h)) * (a[Math.ceil(h)] - a[Math.floor(h)]);
}

test('xoshiro128** reproduces the reference implementation\'s outputs', () => {
  // state and outputs from the test data of edorfaus/xoshiro-6502, generated with the C reference
  // implementation (prng.di.unimi.it/xoshiro128starstar.c); the state is the seed bytes read little-endian
  const r = new Rng([0x964d4a0c, 0xd40ab895, 0xad7fdecb, 0x3006f0f0]);
  assert.deepEqual([r.nextUint32(), r.nextUint32(), r.nextUint32(), r.nextUint32()], [0xf1391922, 0x6fe53806, 0xa5be2840, 0xf510ee70]);
  // by hand from the algorithm: state (1, 2, 3, 4) gives rotl(2·5, 7)·9 = 11520, then rotl(0, 7)·9 = 0
  const s = new Rng([1, 2, 3, 4]);
  assert.deepEqual([s.nextUint32(), s.nextUint32()], [11520, 0]);
});

test('same seed, same stream; different seeds, different streams', () => {
  const a = new Rng(42), b = new Rng(42), c = new Rng(43);
  const xa = Array.from({ length: 100 }, () => a.uniform());
  const xb = Array.from({ length: 100 }, () => b.uniform());
  const xc = Array.from({ length: 100 }, () => c.uniform());
  assert.deepEqual(xa, xb);
  assert.ok(xa.filter((x, i) => x === xc[i]).length === 0);
  assert.ok(xa.every((x) => x >= 0 && x < 1));
  const p = new Rng(7).permutation(50);
  assert.deepEqual([...p].sort((x, y) => x - y), Array.from({ length: 50 }, (_, i) => i));
});

test('draw moments: uniform, normal, integers (n = 20000)', () => {
  const n = 20000, r = new Rng(1);
  const u = Float64Array.from({ length: n }, () => r.uniform());
  const mu = moments(u);
  // sd of the sample mean is 0.29/√n = 0.002: a tolerance of 0.01 is 5 of them
  assert.ok(Math.abs(mu.mean - 0.5) < 0.01, `uniform mean ${mu.mean}`);
  assert.ok(Math.abs(mu.sd - Math.sqrt(1 / 12)) < 0.01, `uniform sd ${mu.sd}`);
  const z = Float64Array.from({ length: n }, () => r.normal());
  const mz = moments(z);
  assert.ok(Math.abs(mz.mean) < 0.035, `normal mean ${mz.mean}`);
  assert.ok(Math.abs(mz.sd - 1) < 0.03, `normal sd ${mz.sd}`);
  const within1 = z.filter((x) => Math.abs(x) < 1).length / n;
  assert.ok(Math.abs(within1 - 0.6827) < 0.02, `P(|z| < 1) = ${within1}`);
  const counts = new Array(6).fill(0);
  for (let i = 0; i < 6000; i++) counts[r.int(6)]++;
  for (const c of counts) assert.ok(c > 850 && c < 1150, `die counts ${counts}`);
});

test('log-normal population parameters: median = the scenario value, CV as asked (n = 20000 draws)', () => {
  const { model, scenario } = prepareScenario(DL);
  const v = scenario.parameters.IMg;
  for (const cv of [0.1, 0.3, 0.6]) {
    const { subjects } = samplePopulation(model, scenario, { n: 20000, seed: 5, vary: { IMg: { dist: 'lognormal', cv } } });
    const x = subjects.map((s) => s.IMg);
    const m = moments(x);
    assert.ok(Math.abs(m.sd / m.mean - cv) < 0.03 * cv + 0.005, `CV ${m.sd / m.mean} vs ${cv}`);
    assert.ok(Math.abs(median(x) / v - 1) < 0.02, `median ${median(x)} vs ${v}`);
    // the mean of a log-normal sits above its median by exp(σ²/2)
    assert.ok(Math.abs(m.mean / (v * Math.exp(lognormalSigma(cv) ** 2 / 2)) - 1) < 0.02);
  }
  const { subjects } = samplePopulation(model, scenario, { n: 20000, seed: 5, vary: { IMg: { dist: 'normal', cv: 0.2 } } });
  const m = moments(subjects.map((s) => s.IMg));
  assert.ok(Math.abs(m.mean / v - 1) < 0.01 && Math.abs(m.sd / v - 0.2) < 0.01, `normal: mean ${m.mean}, sd ${m.sd}`);
});

test('bounds are respected by redrawing, and the redraws are reported', () => {
  const { model, scenario } = prepareScenario({ model: 'human-mg-bone', duration: '30 d', output: { every: '10 d' } });
  const b = model.spec.parameters.frac_bone.bounds!;
  const s = samplePopulation(model, scenario, { n: 2000, seed: 3, vary: { frac_bone: { dist: 'lognormal', cv: 0.5 } } });
  const x = s.subjects.map((p) => p.frac_bone);
  assert.ok(x.every((v) => v >= b[0] && v <= b[1]), 'every draw inside the bounds');
  const redrawn = s.varied[0].redrawn;
  // P(outside [0.4, 0.7]) for a log-normal CV 50% around 0.55 is about 0.55: most draws are redrawn at least once
  assert.ok(redrawn > 1000, `redrawn ${redrawn}`);
  const r = runPopulation(model, scenario, { n: 3, seed: 3, vary: { frac_bone: { dist: 'lognormal', cv: 0.5 } } }, { outputs: ['Mg_serum'] });
  assert.match(r.notes.join('\n'), /frac_bone: \d+ draw\(s\) outside its bounds \[0\.4, 0\.7\] 1 were redrawn/);
  assert.throws(() => samplePopulation(model, scenario, { n: 1, seed: 1, vary: { frac_bone: { dist: 'uniform', min: 0.3, max: 0.6 } } }),
    (e: unknown) => e instanceof InputError && /not inside the allowed range \[0\.4, 0\.7\]/.test(e.message));
});

test('population: same seed → identical result; another seed → other subjects', () => {
  const { model, scenario } = prepareScenario(DL);
  const spec: PopulationSpec = { n: 12, seed: 11, vary: { IMg: { dist: 'lognormal', cv: 0.3 }, ICa: { dist: 'uniform', min: 0.0008, max: 0.0012 } } };
  const a = runPopulation(model, scenario, spec, { outputs: ['Mgp', 'PTHp'] });
  const b = runPopulation(model, scenario, spec, { outputs: ['Mgp', 'PTHp'] });
  assert.deepEqual(a.subjects.map((s) => s.parameters), b.subjects.map((s) => s.parameters));
  assert.deepEqual(a.summary, b.summary);
  assert.equal(populationToCSV(a), populationToCSV(b));
  const c = runPopulation(model, scenario, { ...spec, seed: 12 }, { outputs: ['Mgp'] });
  assert.notDeepEqual(a.subjects.map((s) => s.parameters.IMg), c.subjects.map((s) => s.parameters.IMg));
  assert.ok(a.subjects.every((s) => s.parameters.ICa >= 0.0008 && s.parameters.ICa <= 0.0012));
});

test('population: CV → 0 gives the single run as its median; percentiles ordered and equal to an independent computation', () => {
  const { model, scenario } = prepareScenario(DL);
  const single = simulate(model, scenario);
  const zero = runPopulation(model, scenario, { n: 3, seed: 1, vary: { IMg: { dist: 'lognormal', cv: 0 } } }, { outputs: ['Mgp', 'PTHp'] });
  for (const o of ['Mgp', 'PTHp']) for (const k of PERCENTILE_KEYS) assert.deepEqual(Array.from(zero.summary[o][k]), Array.from(single.column(o)), `${o} ${k}`);
  const tiny = runPopulation(model, scenario, { n: 5, seed: 1, vary: { IMg: { dist: 'lognormal', cv: 1e-7 } } }, { outputs: ['Mgp'] });
  const last = single.time.length - 1;
  assert.ok(Math.abs(tiny.summary.Mgp.p50[last] / single.column('Mgp')[last] - 1) < 1e-6);

  const pop = runPopulation(model, scenario, { n: 23, seed: 2, vary: { IMg: { dist: 'lognormal', cv: 0.4 } } }, { outputs: ['Mgp', 'PTHp'] });
  assert.equal(pop.succeeded, 23);
  for (const o of ['Mgp', 'PTHp']) {
    const s = pop.summary[o];
    for (let t = 0; t < pop.time.length; t++) {
      assert.ok(s.p5[t] <= s.p25[t] && s.p25[t] <= s.p50[t] && s.p50[t] <= s.p75[t] && s.p75[t] <= s.p95[t], `${o} at row ${t}`);
    }
    // 23 subjects: the 5th percentile lies 1/10 of the way from the 2nd to the 3rd value (R type 7), the 25th halfway from the 6th to the 7th
    const ends = pop.subjects.map((x) => x.end![o]).sort((p, q) => p - q);
    const n = pop.time.length - 1;
    const close = (a: number, b: number) => Math.abs(a - b) <= 1e-12 * Math.abs(b);
    assert.ok(close(s.p5[n], ends[1] + 0.1 * (ends[2] - ends[1])), `p5 ${s.p5[n]}`);
    assert.ok(close(s.p25[n], (ends[5] + ends[6]) / 2), `p25 ${s.p25[n]}`);
    assert.equal(s.p50[n], ends[11]);
    assert.ok(close(s.p75[n], (ends[16] + ends[17]) / 2), `p75 ${s.p75[n]}`);
    assert.ok(close(s.p95[n], ends[20] + 0.9 * (ends[21] - ends[20])), `p95 ${s.p95[n]}`);
  }
  const lowIMg = pop.subjects.reduce((a, b) => (a.parameters.IMg < b.parameters.IMg ? a : b));
  const highIMg = pop.subjects.reduce((a, b) => (a.parameters.IMg > b.parameters.IMg ? a : b));
  assert.ok(lowIMg.end!.Mgp < highIMg.end!.Mgp, 'less dietary Mg, less plasma Mg');
});

/** y' = k·y², y(0) = 1: finite-time blow-up at t = 1/k when k > 0 — a run that must fail. */
const BLOWUP: ModelSpec = {
  id: 'blowup', name: 'Blow-up', version: '1', species: 'none', timeUnit: 'h', description: 'y\' = k y^2', references: [],
  parameters: { k: { value: -0.5, unit: '1/h', description: 'rate', source: 'assumed: test' } },
  states: { y: { unit: '1', description: 'y', initial: 1, ode: 'k * y * y' } },
  rules: {},
  observables: { y_obs: { expr: 'y', unit: '1', description: 'y' } },
};

test('failing subjects are counted and reported with their parameters; the summary has no NaN; the pool gives the same numbers', async () => {
  const model = compileModel(BLOWUP);
  const { scenario } = validateScenario({ model: 'blowup', duration: '2 h', output: { every: '0.5 h' }, solver: { maxSteps: 20000 } }, model);
  const spec: PopulationSpec = { n: 16, seed: 4, vary: { k: { dist: 'uniform', min: -1, max: 1 } } };
  const r = runPopulation(model, scenario!, spec, { outputs: ['y_obs'] });
  const expectFail = r.subjects.filter((s) => s.parameters.k > 0.5 + 1e-3).map((s) => s.id);
  const expectOk = r.subjects.filter((s) => s.parameters.k < 0.5 - 1e-3).map((s) => s.id);
  assert.ok(expectFail.length > 0 && expectOk.length > 0, `the seed gives both kinds (k: ${r.subjects.map((s) => s.parameters.k.toFixed(2))})`);
  const failed = r.failures.map((f) => f.subject);
  for (const i of expectFail) assert.ok(failed.includes(i), `subject ${i} (k = ${r.subjects[i].parameters.k}) failed`);
  for (const i of expectOk) assert.ok(!failed.includes(i), `subject ${i} (k = ${r.subjects[i].parameters.k}) ran`);
  assert.equal(r.succeeded + r.failures.length, 16);
  for (const f of r.failures) {
    assert.equal(f.parameters.k, r.subjects[f.subject].parameters.k);
    assert.ok(f.message.length > 0);
  }
  for (const k of PERCENTILE_KEYS) assert.ok(r.summary.y_obs[k].every(Number.isFinite), k);
  // analytic y(2) = 1/(1 − 2k) for the survivors: the median is among them
  const ends = r.subjects.filter((s) => s.end).map((s) => 1 / (1 - 2 * s.parameters.k));
  assert.ok(Math.abs(r.summary.y_obs.p50[r.time.length - 1] / median(ends) - 1) < 1e-4);
  const json = JSON.parse(populationToJSON(r));
  assert.equal(json.failed, r.failures.length);
  assert.ok(json.subjects.some((s: { failure?: string; parameters: { k: number } }) => s.failure && s.parameters.k > 0.5));

  const p = await populationParallel(model, scenario!, spec, { outputs: ['y_obs'], workers: 2 });
  assert.equal(p.workers, 2);
  assert.deepEqual(p.failures.map((f) => f.subject), r.failures.map((f) => f.subject));
  assert.deepEqual(p.summary, r.summary);
});

test('the worker pool gives the serial numbers on a shipped model', async () => {
  const { model, scenario } = prepareScenario(DL);
  const spec: PopulationSpec = { n: 6, seed: 9, vary: { IMg: { dist: 'lognormal', cv: 0.3 } } };
  const a = runPopulation(model, scenario, spec, { outputs: ['Mgp', 'PTHp'] });
  const b = await populationParallel(model, scenario, spec, { outputs: ['Mgp', 'PTHp'], workers: 2 });
  assert.deepEqual(b.summary, a.summary);
  assert.deepEqual(b.subjects.map((s) => s.end), a.subjects.map((s) => s.end));
});

test('population specs: defaults, and every problem at once with its path', () => {
  const ok = parsePopulationSpec({ vary: { Mg_diet: { cv: 0.3 }, GFR0: { cv: '20%', dist: 'normal' }, X: { min: 1, max: 2 } } });
  assert.deepEqual(ok.spec, { n: 100, seed: 1, vary: { Mg_diet: { dist: 'lognormal', cv: 0.3 }, GFR0: { dist: 'normal', cv: 0.2 }, X: { dist: 'uniform', min: 1, max: 2 } } });
  const bad = parsePopulationSpec({ n: 0, seeed: 1, vary: { A: { cv: 30 }, B: { dist: 'lognormla', cv: 0.1 }, C: { dist: 'uniform', min: 2, max: 1 }, D: { cv: 0.1, max: 3 } } });
  const paths = bad.issues.map((i) => i.path.join('.')).sort();
  assert.deepEqual(paths, ['population.n', 'population.seeed', 'population.vary.A.cv', 'population.vary.B.dist', 'population.vary.C', 'population.vary.D.cv', 'population.vary.D.min']); // D: min/max make it uniform, which takes no cv and needs min
  assert.match(bad.issues.find((i) => i.path.includes('B'))!.message, /did you mean 'lognormal'/);
  assert.match(bad.issues.find((i) => i.path.includes('A'))!.message, /did you mean "30%"/);
  assert.equal(parseCv('12.5%'), 0.125);

  const { model, scenario } = prepareScenario(DL);
  assert.throws(() => runPopulation(model, scenario, { n: 2, seed: 1, vary: { IMgg: { dist: 'lognormal', cv: 0.1 }, slow_pools_dynamic: { dist: 'lognormal', cv: 0.1 } } }, { outputs: ['Mgpp'] }),
    (e: unknown) => {
      assert.ok(e instanceof InputError);
      const msg = e.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n');
      assert.match(msg, /outputs\.Mgpp/);
      assert.match(msg, /vary\.IMgg: not a parameter .*did you mean 'IMg'/);
      assert.match(msg, /vary\.slow_pools_dynamic: .*pathway switch/);
      return true;
    });
});

test('the population example in docs/scenarios.md is valid for human-mg-bone', () => {
  const doc = fs.readFileSync(path.join(ROOT, 'docs', 'scenarios.md'), 'utf8');
  const section = doc.slice(doc.indexOf('## Virtual populations'));
  const block = JSON.parse(/```json\n([\s\S]*?)```/.exec(section)![1]).population;
  const { spec, issues } = parsePopulationSpec(block);
  assert.deepEqual(issues, []);
  const { model, scenario } = prepareScenario({ model: 'human-mg-bone', duration: '30 d', diet: { Mg: '162 mg/d' } });
  const s = samplePopulation(model, scenario, spec!);
  assert.equal(s.subjects.length, 200);
  assert.deepEqual(Object.keys(s.subjects[0]), ['Mg_diet', 'GFR0', 'frac_bone', 'K_cell']);
  assert.ok(Math.abs(median(s.subjects.map((x) => x.Mg_diet)) / 162 - 1) < 0.1, 'around the scenario\'s diet, not the model default');
});

test('the percentile bands select exactly the order statistics a full sort gives (ties, ±0, any size)', () => {
  // summarisePopulation selects the ten order statistics behind its five percentiles instead of sorting
  let seed = 12345;
  const rand = () => { seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; return seed / 2 ** 32; };
  const pools = [
    (): number => rand(),
    (): number => Math.floor(rand() * 4) - 2, // heavy ties
    (): number => [0, -0, 1e-300, -1e-300][Math.floor(rand() * 4)], // signed zeros
    (): number => 7, // all equal
  ];
  for (const m of [1, 2, 3, 15, 16, 17, 40, 101, 1000, 4099]) {
    for (const draw of pools) {
      const a = Float64Array.from({ length: m }, draw);
      const sorted = Float64Array.from(a).sort();
      const ranks = [...new Set([5, 25, 50, 75, 95].flatMap((p) => { const lo = Math.floor((m - 1) * (p / 100)); return [lo, Math.min(lo + 1, m - 1)]; }))].sort((x, y) => x - y);
      const b = Float64Array.from(a);
      selectRanks(b, m, ranks);
      for (const r of ranks) assert.ok(Object.is(b[r], sorted[r]), `m = ${m}, rank ${r}: ${b[r]} vs ${sorted[r]}`);
      assert.deepEqual(Float64Array.from(b).sort(), sorted, `m = ${m}: a permutation of the input`);
    }
  }
});

/** Random values with ties, signed zeros, equal values, outliers and infinities: the cases a selection can get wrong. */
function valuePools(rand: () => number): (() => number)[] {
  const normal = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  return [
    (): number => rand(),
    (): number => Math.exp(0.3 * normal()), // log-normal, as a population output
    (): number => Math.floor(rand() * 4) - 2, // heavy ties
    (): number => [0, -0, 1e-300, -1e-300][Math.floor(rand() * 4)], // signed zeros
    (): number => [0, -0][Math.floor(rand() * 2)], // only zeros: equal as numbers, not as bits
    (): number => 7, // all equal
    (): number => (rand() < 0.001 ? 1e300 : rand()), // rare huge outliers: most values in one bin
    (): number => (rand() < 0.3 ? 0.5 : rand()), // 30 % of the subjects on one value
    (): number => (rand() < 0.01 ? -Infinity : rand() < 0.01 ? Infinity : normal()), // infinities
    (): number => 1 + Math.floor(rand() * 3) * 2 ** -52, // three neighbouring doubles
    (): number => (rand() < 0.5 ? -1e308 : 1e308) * rand(), // a range that overflows
  ];
}

test('orderStatistics gives exactly the order statistics a full sort gives (ties, ±0, outliers, infinities, any size)', () => {
  let seed = 777;
  const rand = () => { seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; return seed / 2 ** 32; };
  for (const m of [1, 2, 3, 100, 2048, 2049, 3001, 40000]) {
    for (const draw of valuePools(rand)) {
      const a = Float64Array.from({ length: m }, draw);
      const sorted = Float64Array.from(a).sort();
      const ranks = [...new Set([0, 1, 5, 25, 50, 75, 95, 100].flatMap((p) => { const lo = Math.floor((m - 1) * (p / 100)); return [lo, Math.min(lo + 1, m - 1)]; }))].sort((x, y) => x - y);
      const out = new Float64Array(ranks.length);
      orderStatistics(Float64Array.from(a), m, ranks, out);
      ranks.forEach((r, k) => assert.ok(Object.is(out[k], sorted[r]), `m = ${m}, rank ${r}: ${out[k]} vs ${sorted[r]}`));
    }
  }
});

test('summarisePopulation equals the straightforward computation (a full sort per output and time), byte for byte in CSV and JSON', () => {
  // the summary copies each output time-major in blocks and selects by counting; the reference
  // gathers each time's values subject by subject and sorts them
  const { model, scenario } = prepareScenario(DL);
  const outputs = ['Mgp', 'PTHp', 'Cap'];
  let seed = 4242;
  const rand = () => { seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; return seed / 2 ** 32; };
  const pools = valuePools(rand).filter((_, k) => k !== 8 && k !== 10); // finite values only, as runs give
  const cases = [
    { n: 1, rows: 3 }, { n: 7, rows: 4 }, { n: 300, rows: 5 }, { n: 2600, rows: 9 },
  ];
  for (const { n, rows } of cases) {
    const time = Float64Array.from({ length: rows }, (_, t) => t * 0.5);
    const runs: BatchRun[] = [];
    for (let i = 0; i < n; i++) {
      if (n > 1 && rand() < 0.05) { runs.push({ ok: false, message: `failure ${i}` }); continue; }
      // one subject in 50 has other output times: counted as failed by the summary
      const t = n > 2 && rand() < 0.02 ? Float64Array.from(time, (x) => x + 1) : time.slice();
      runs.push({ ok: true, time: t, values: outputs.map((_, j) => Float64Array.from({ length: rows }, (_v, r) => (r === 0 ? 1 : pools[(j + r) % pools.length]()))) });
    }
    const sample = { subjects: runs.map((_, i) => ({ IMg: i })), varied: [] };
    const spec = { n, seed: 1, vary: { IMg: { dist: 'lognormal' as const, cv: 0.1 } } };
    const r = summarisePopulation(model, scenario, spec, sample, runs, { outputs, ms: 0, workers: 1 });
    // the reference
    let first: Float64Array | undefined;
    const good = runs.filter((x): x is Extract<BatchRun, { ok: true }> => {
      if (!x.ok) return false;
      first ??= x.time;
      return x.time.length === first.length && x.time.every((v, k) => v === first![k]);
    });
    assert.equal(r.succeeded, good.length);
    assert.equal(r.failures.length, n - good.length);
    const referenceSummary: Record<string, Bands> = {};
    outputs.forEach((o, j) => {
      const want = Object.fromEntries(PERCENTILE_KEYS.map((k) => [k, new Float64Array(good.length ? rows : 0)])) as Bands;
      for (let t = 0; t < (good.length ? rows : 0); t++) {
        const sorted = Float64Array.from(good, (g) => g.values[j][t]).sort();
        const m = sorted.length;
        PERCENTILES.forEach((p, q) => {
          const h = (m - 1) * (p / 100), lo = Math.floor(h), hi = Math.min(lo + 1, m - 1);
          want[PERCENTILE_KEYS[q]][t] = sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
        });
      }
      for (const k of PERCENTILE_KEYS) {
        assert.equal(r.summary[o][k].length, want[k].length);
        want[k].forEach((v, t) => assert.ok(Object.is(r.summary[o][k][t], v), `n = ${n}, ${o} ${k} at row ${t}: ${r.summary[o][k][t]} vs ${v}`));
      }
      referenceSummary[o] = want;
      r.subjects.filter((s) => s.end).forEach((s) => assert.ok(Object.is(s.end![o], (runs[s.id] as { values: Float64Array[] }).values[j][rows - 1])));
    });
    // the files, against the same result with the reference bands in it
    const reference = { ...r, summary: referenceSummary };
    assert.equal(populationToCSV(r), populationToCSV(reference));
    assert.equal(populationToJSON(r), populationToJSON(reference));
  }
});

test('percentileBands gives the same bands whatever the block of output times it copies at once', () => {
  // blocks of 1, 3 and all output times; subjects not a multiple of the copy's tile (256)
  let seed = 31337;
  const rand = () => { seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; return seed / 2 ** 32; };
  const pools = valuePools(rand);
  for (const [m, rows] of [[2600, 7], [301, 40]]) {
    const good = Array.from({ length: m }, () => [0, 1].map((j) => Float64Array.from({ length: rows }, (_v, r) => pools[(3 * j + r) % pools.length]())));
    const whole = percentileBands(good, ['a', 'b'], rows);
    for (const blockDoubles of [1, 3 * m, 3 * m + 1]) {
      const blocked = percentileBands(good, ['a', 'b'], rows, blockDoubles);
      for (const o of ['a', 'b']) for (const k of PERCENTILE_KEYS) whole[o][k].forEach((v, t) => assert.ok(Object.is(blocked[o][k][t], v), `m = ${m}, block ${blockDoubles}, ${o} ${k} row ${t}`));
    }
    // and the bands are those of a full sort
    whole.b.p50.forEach((v, t) => {
      const sorted = Float64Array.from(good, (g) => g[1][t]).sort();
      const h = (m - 1) / 2, lo = Math.floor(h);
      assert.ok(Object.is(v, sorted[lo] + (h - lo) * (sorted[Math.min(lo + 1, m - 1)] - sorted[lo])), `median at row ${t}`);
    });
  }
});
