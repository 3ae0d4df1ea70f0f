/**
 * `npm run bench:population-summary`: what `magbone population` does in the main thread after the
 * runs of a large population (issue #18: 100,000 subjects of mgb-half-mg-intake-5y), without running
 * 100,000 subjects: a few hundred real runs (bench:scale's 10 outputs and 4 varied parameters) are
 * tiled to N subjects, each copy's values jittered by a deterministic factor within ±1 % (the first
 * output row kept exact: every subject starts from the same state there, as in the real runs, where
 * that row has one distinct value and every later row N). Times the summary (percentiles of every
 * output at every output time, the subjects' end values), the CSV and the JSON, a few repetitions,
 * and prints hashes of the two files so that builds can be compared byte for byte.
 * Options: --n N (default 100000), --real R real runs (default 300), --reps K (default 3).
 */
import crypto from 'node:crypto';
import os from 'node:os';
import { POPULATION_OUTPUTS, POPULATION_VARY, loadPopulationScenario, timeSummaryAndFiles } from './population-setup.js';
import { samplePopulation } from '../src/analysis/population.js';
import { runWithParameters, type BatchRun } from '../src/analysis/batch.js';
import { numberFlag } from './args.js';

const n = numberFlag('--n', 100000), nReal = numberFlag('--real', 300), reps = numberFlag('--reps', 3);

const { model, scenario } = loadPopulationScenario();
const outputs = POPULATION_OUTPUTS;
const vary = POPULATION_VARY;
const spec = { n, seed: 1, vary };
const sample = samplePopulation(model, scenario, spec);
const real = sample.subjects.slice(0, nReal).map((p) => runWithParameters(model, scenario, p, outputs));

let seed = 12345;
const jitter = (): number => { seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; return 1 + 0.02 * (seed / 2 ** 32 - 0.5); };
const runs: BatchRun[] = [];
for (let i = 0; i < n; i++) {
  const r = real[i % real.length];
  if (!r.ok || i < real.length) { runs.push(r); continue; }
  runs.push({
    ok: true, time: r.time.slice(),
    values: r.values.map((v) => { const f = jitter(); return v.map((x, t) => (t === 0 ? x : x * f)); }),
  });
}
const failed = runs.filter((r) => !r.ok).length;
console.log(`population summary: ${n} subjects (${real.length} real runs tiled, ${failed} failed) × ${outputs.length} outputs × ${real.find((r) => r.ok)?.time.length ?? 0} output times; load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
const hash = (s: string): string => crypto.createHash('sha256').update(s).digest('hex').slice(0, 16);
for (let k = 0; k < reps; k++) {
  const { summariseMs, csvMs, jsonMs, csv, json } = timeSummaryAndFiles(model, scenario, spec, sample, runs, outputs);
  console.log(`  summarise ${summariseMs.toFixed(0)} ms, CSV ${csvMs.toFixed(0)} ms (sha256 ${hash(csv)}), JSON ${jsonMs.toFixed(0)} ms (${(json.length / 1e6).toFixed(1)} MB, sha256 ${hash(json)})`);
}
console.log(`load average after: ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
