/**
 * The worker pool of issue #18: the model goes to the workers as generated source (portable.ts)
 * and comes back the same model; runs handed out in chunks give the serial numbers, bit for bit,
 * for any worker count; an abort signal stops the batch with Interrupted.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import { prepareScenario } from '../../src/index.js';
import { simulate } from '../../src/simulate/run.js';
import { toPortable, fromPortable } from '../../src/model/portable.js';
import { runBatch, runBatchSerial, Interrupted, autoWorkers, AUTO_MIN_RUNS_PER_WORKER } from '../../src/node/parallel.js';
import { samplePopulation } from '../../src/analysis/population.js';
import type { BatchRun } from '../../src/analysis/batch.js';

const DL = { model: 'dutta-layton-2024', duration: '5 d', output: { every: '1 d' }, scale: { IMg: 0.5 } };

function bits(runs: BatchRun[]): string[] {
  return runs.map((r) => (r.ok ? r.values.map((v) => Array.from(v, (x) => x.toString(16)).join(',')).join(';') : `failed: ${r.message}`));
}

test('a model rebuilt from its portable form (structured clone) simulates bit for bit as the original', () => {
  const { model, scenario } = prepareScenario(DL);
  const copy = fromPortable(structuredClone(toPortable(model.with({ parameters: { IMg: model.p[model.paramIndex('IMg')] * 1.1 } }))));
  const a = simulate(model.with({ parameters: { IMg: model.p[model.paramIndex('IMg')] * 1.1 } }), scenario);
  const b = simulate(copy, scenario);
  assert.equal(a.code, 'success');
  for (const o of ['Mgp', 'PTHp']) assert.deepEqual(Array.from(b.column(o)), Array.from(a.column(o)));
  assert.deepEqual(copy.parameterNames, model.parameterNames);
  // parametric derivatives are compiled on demand in the receiving thread
  const names = model.parameterNames.slice(0, 2);
  assert.deepEqual(copy.parametric(names).names, names);
});

test('chunked pool: the same numbers for 1 (serial), 2 and 3 workers, in input order', async () => {
  const { model, scenario } = prepareScenario(DL);
  const sets = samplePopulation(model, scenario, { n: 150, seed: 3, vary: { IMg: { dist: 'lognormal', cv: 0.4 }, GFR: { dist: 'lognormal', cv: 0.3 } } }).subjects;
  const outputs = ['Mgp', 'PTHp'];
  const serial = bits(await runBatchSerial(model, scenario, sets, outputs));
  let calls = 0;
  for (const workers of [2, 3]) {
    const runs = await runBatch(model, scenario, sets, outputs, { workers, onRun: () => { calls++; } });
    assert.deepEqual(bits(runs), serial, `${workers} workers`);
  }
  assert.ok(calls > 2 && calls < 300, `progress reported per chunk (${calls} calls)`);
});

test('an aborted batch rejects with Interrupted, serial and pooled', async () => {
  const { model, scenario } = prepareScenario(DL);
  const sets = Array.from({ length: 400 }, () => ({}));
  for (const workers of [1, 2]) {
    const ac = new AbortController();
    const p = runBatch(model, scenario, sets, ['Mgp'], { workers, signal: ac.signal, onRun: (d) => { if (d >= 5) ac.abort(); } });
    await assert.rejects(p, Interrupted, `${workers} workers`);
  }
});

test('--workers auto: serial for short batches, one thread per core for long ones', () => {
  assert.equal(autoWorkers(10), 1);
  assert.equal(autoWorkers(AUTO_MIN_RUNS_PER_WORKER * 2 - 1), 1);
  assert.ok(autoWorkers(1_000_000) >= 1);
});
