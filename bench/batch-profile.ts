/**
 * `npm run bench:batch-profile`: where the time and the memory of one batch run go, in the steady
 * state that a long batch (100,000 subjects, a Sobol design) lives in. Runs the virtual population
 * of bench/scale.ts serially in the main thread: `--warm W` runs first (V8's warm-up: the solver and
 * the generated code optimised, the sparse LU's kernels generated), then `--runs M` timed runs
 * (CPU of this thread per run), then M more under V8's sampling CPU profiler and its sampling heap
 * profiler with the objects garbage-collected since kept (so the figure is what a run allocates,
 * not what it retains). Prints the functions by self time and by bytes allocated, and writes the
 * two profiles (`--out DIR`, default a temporary folder) for Chrome DevTools.
 * Options: --warm 2000, --runs 500, --n-outputs 10 (the first k of the scale outputs).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Session } from 'node:inspector/promises';
import { POPULATION_OUTPUTS, POPULATION_VARY, loadPopulationScenario } from './population-setup.js';
import { samplePopulation } from '../src/analysis/population.js';
import { runBatchSerial } from '../src/node/parallel.js';
import { flagValue, numberFlag } from './args.js';

const warm = numberFlag('--warm', 2000);
const m = numberFlag('--runs', 500);
const out = flagValue('--out', fs.mkdtempSync(path.join(os.tmpdir(), 'magbone-profile-')));

const { model, scenario } = loadPopulationScenario();
const outputs = POPULATION_OUTPUTS.slice(0, numberFlag('--n-outputs', 10));
const vary = POPULATION_VARY;
const sets = samplePopulation(model, scenario, { n: warm + 2 * m, seed: 1, vary }).subjects;

/** CPU seconds of this (the main) thread, Linux; process CPU elsewhere. */
function threadSeconds(): number {
  try {
    const s = fs.readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch { const c = process.cpuUsage(); return (c.user + c.system) / 1e6; }
}
const load = () => os.loadavg().map((x) => x.toFixed(1)).join(' ');

let c0 = threadSeconds(), t0 = performance.now();
await runBatchSerial(model, scenario, sets.slice(0, warm), outputs);
console.log(`warm-up: ${warm} runs, ${((performance.now() - t0) / warm).toFixed(2)} ms wall and ${(1000 * (threadSeconds() - c0) / warm).toFixed(2)} ms CPU (main thread) per run; load ${load()}`);
c0 = threadSeconds(); t0 = performance.now();
const cpuAll0 = process.cpuUsage();
await runBatchSerial(model, scenario, sets.slice(warm, warm + m), outputs);
const cpuAll = process.cpuUsage(cpuAll0);
console.log(`steady:  ${m} runs, ${((performance.now() - t0) / m).toFixed(2)} ms wall, ${(1000 * (threadSeconds() - c0) / m).toFixed(2)} ms CPU main thread, ${((cpuAll.user + cpuAll.system) / 1000 / m).toFixed(2)} ms CPU all threads per run; load ${load()}`);

const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 200 });
await session.post('Profiler.start');
await session.post('HeapProfiler.startSampling', { samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true } as never);
await runBatchSerial(model, scenario, sets.slice(warm + m), outputs);
const { profile: heap } = await session.post('HeapProfiler.stopSampling');
const { profile: cpu } = await session.post('Profiler.stop');
session.disconnect();
fs.writeFileSync(path.join(out, 'batch.cpuprofile'), JSON.stringify(cpu));
fs.writeFileSync(path.join(out, 'batch.heapprofile'), JSON.stringify(heap));

const where = (f: { functionName: string; url: string; lineNumber: number }) => `${f.functionName || '(anonymous)'} ${f.url ? f.url.split('/').slice(-2).join('/') : '(generated)'}:${f.lineNumber + 1}`;
// CPU: self time per function (the inspector's own message handling left out)
const byId = new Map(cpu.nodes.map((n) => [n.id, n]));
const self = new Map<string, number>();
let total = 0;
cpu.samples!.forEach((id, i) => {
  const node = byId.get(id)!;
  if (['dispatch', '(program)', '(idle)'].includes(node.callFrame.functionName) || node.callFrame.url.startsWith('node:inspector')) return;
  const d = cpu.timeDeltas![i] ?? 0;
  total += d;
  self.set(where(node.callFrame), (self.get(where(node.callFrame)) ?? 0) + d);
});
console.log(`\nCPU, self time per run (${m} runs profiled, ${(total / 1000 / m).toFixed(2)} ms per run sampled):`);
for (const [k, t] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(`${(t / 1000 / m * 1000).toFixed(0).padStart(6)} µs ${(100 * t / total).toFixed(1).padStart(5)} %  ${k}`);
// allocation: bytes per function per run
const bytes = new Map<string, number>();
let alloc = 0;
const walk = (n: typeof heap.head) => {
  alloc += n.selfSize;
  if (n.selfSize) bytes.set(where(n.callFrame), (bytes.get(where(n.callFrame)) ?? 0) + n.selfSize);
  n.children.forEach(walk);
};
walk(heap.head);
console.log(`\nJS heap allocated per run: ${(alloc / m / 1024).toFixed(0)} KB (sampled; typed arrays' storage outside the heap not counted)`);
for (const [k, b] of [...bytes].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`${(b / m / 1024).toFixed(1).padStart(7)} KB  ${k}`);
console.log(`\nprofiles: ${out}/batch.cpuprofile, batch.heapprofile`);
