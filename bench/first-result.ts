/**
 * A user's first result (issue #16 budgets), measured as CPU time because wall time on a shared
 * machine says more about the neighbours than about magbone:
 *
 *  1. `magbone simulate mgb-half-mg-intake-5y --plot x.svg|x.png`, process start to exit: the CPU
 *     time of the whole process (all threads), for the development entry (bin/magbone.js → dist/src)
 *     and the package's (dist/pkg/magbone.js, when built by `npm run build:package`).
 *  2. Where it goes, in a fresh process: loading the modules (which builds the model specs), making
 *     the model ready (compiled code from the build, or compiling), the first (cold) solve, the SVG
 *     chart, the PNG.
 *  3. With `--web` (needs Chromium): the web app's first load in a fresh profile, with the engine
 *     worker's own timings (modules evaluated, opening model ready, first run, solve).
 *
 * Run: npm run bench:first-result [-- --n 7] [-- --web | --web-only]
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { hasFlag, numberFlag } from './args.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const N = numberFlag('--n', 7) || 7;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'magbone-first-'));

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (xs: number[]): string => `${median(xs).toFixed(0)} (min ${Math.min(...xs).toFixed(0)})`;
/** Loaded by the child with --import: prints the process's CPU time (all threads) at exit. */
const CPU_AT_EXIT = `data:text/javascript,process.on('exit',()=>{const u=process.cpuUsage();process.stderr.write('\\ncpu-ms '+((u.user+u.system)/1000).toFixed(1)+'\\n')})`;

function command(bin: string, plot: string): { cpu: number; wall: number } {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--import', CPU_AT_EXIT, bin, 'simulate', 'mgb-half-mg-intake-5y', '--plot', path.join(tmp, plot)], { cwd: tmp, encoding: 'utf8' });
  const wall = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${bin} exited ${r.status}: ${r.stderr}`);
  return { cpu: Number(/cpu-ms (\S+)/.exec(r.stderr)![1]), wall };
}

/** The phases, in a fresh process (this file with --phases). */
async function phases(): Promise<void> {
  const cpu = (): number => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
  const c0 = cpu();
  const lib = await import('../src/index.js');
  const node = await import('../src/node.js');
  const c1 = cpu();
  // (optional: a checkout from before compiled-models/ existed measures the same way)
  const use = (node as { useCompiledModels?: () => void }).useCompiledModels;
  if (!hasFlag('--compile')) use?.();
  const { model, scenario } = lib.prepareScenario(JSON.parse(fs.readFileSync(path.join(ROOT, 'scenarios', 'mgb-half-mg-intake-5y.json'), 'utf8')));
  const c2 = cpu();
  const run = lib.simulate(model, scenario);
  const c3 = cpu();
  // the key outputs against time in years, as the command draws them
  const years = Array.from(run.time, (t) => t / 8766);
  const panels = (lib.findModel('human-mg-bone')!.keyOutputs ?? []).map((k) => ({
    title: k, unit: run.columns.find((c) => c.name === k)?.unit ?? '', series: [{ label: run.scenario.name ?? '', time: years, values: run.column(k) }],
  }));
  const svg = lib.svgChart(panels, { timeLabel: 'time (y)', title: run.scenario.name });
  const c4 = cpu();
  node.renderPng(svg);
  const c5 = cpu();
  console.log(JSON.stringify({ modules: c1 - c0, ready: c2 - c1, solve: c3 - c2, svg: c4 - c3, png: c5 - c4, steps: run.stats.steps }));
}

async function web(): Promise<void> {
  const { buildSite, chromiumMissing, launch } = await import('../test/web/browser.js');
  const { serveStatic } = await import('../test/web/server.js');
  const missing = chromiumMissing();
  if (missing) { console.log(`\nweb: skipped (${missing})`); return; }
  const site = buildSite();
  const server = await serveStatic(site);
  const rows: Record<string, number[]> = { load: [], boot: [], ready: [], firstRun: [], solve: [] };
  try {
    for (let i = 0; i < Math.min(N, 5); i++) {
      const browser = await launch();
      try {
        const page = await browser.context.newPage();
        const t0 = Date.now();
        await page.goto(server.url);
        await page.waitForFunction(() => Number(document.body.dataset.runs ?? '0') >= 1, undefined, { timeout: 60_000 });
        rows.load.push(Date.now() - t0);
        const m = await page.evaluate(() => {
          const w = (window as unknown as { __magbone: { engine: { warmed: { ms: number; bootMs: number }[] }; timings: { workerMs: number; solveMs: number }[] } }).__magbone;
          return { boot: w.engine.warmed[0].bootMs, ready: w.engine.warmed[0].ms, firstRun: w.timings[0].workerMs, solve: w.timings[0].solveMs };
        });
        rows.boot.push(m.boot); rows.ready.push(m.ready); rows.firstRun.push(m.firstRun); rows.solve.push(m.solve);
      } finally { await browser.close(); }
    }
  } finally {
    await server.close();
    fs.rmSync(site, { recursive: true, force: true });
  }
  console.log(`\nweb first load, fresh profile (wall ms, median of ${rows.load.length}; load average ${os.loadavg()[0].toFixed(1)}):`);
  console.log(`| first run drawn | worker modules evaluated | opening model ready | first run in the worker | of which solve |\n|---|---|---|---|---|`);
  console.log(`| ${fmt(rows.load)} | ${fmt(rows.boot)} | ${fmt(rows.ready)} | ${fmt(rows.firstRun)} | ${fmt(rows.solve)} |`);
}

if (hasFlag('--phases')) {
  await phases();
} else if (hasFlag('--web-only')) {
  await web();
} else {
  console.log(`load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} on ${os.cpus().length} cores; CPU ms (all threads), median of ${N}\n`);
  console.log('| entry | plot | CPU ms | wall ms |\n|---|---|---|---|');
  const bins = [['bin/magbone.js (dist/src)', path.join(ROOT, 'bin', 'magbone.js')], ['dist/pkg/magbone.js', path.join(ROOT, 'dist', 'pkg', 'magbone.js')]].filter(([, b]) => fs.existsSync(b));
  for (const [label, bin] of bins) {
    for (const plot of ['x.svg', 'x.png']) {
      const cpu: number[] = [], wall: number[] = [];
      for (let i = 0; i < N; i++) { const r = command(bin, plot); cpu.push(r.cpu); wall.push(r.wall); }
      console.log(`| ${label} | ${plot.slice(2)} | ${fmt(cpu)} | ${fmt(wall)} |`);
    }
  }
  console.log('\nphases in a fresh process (CPU ms, all threads; module loading includes building the model specs):');
  console.log('| model from | modules | model ready | first solve | SVG chart | PNG |\n|---|---|---|---|---|---|');
  for (const mode of ['build', 'compile']) {
    const acc: Record<string, number[]> = {};
    for (let i = 0; i < N; i++) {
      const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--phases', ...(mode === 'compile' ? ['--compile'] : [])], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(r.stderr);
      for (const [k, v] of Object.entries(JSON.parse(r.stdout) as Record<string, number>)) (acc[k] ??= []).push(v);
    }
    console.log(`| ${mode === 'build' ? 'the build (compiled-models/)' : 'compiled here'} | ${fmt(acc.modules)} | ${fmt(acc.ready)} | ${fmt(acc.solve)} (${acc.steps[0]} steps) | ${fmt(acc.svg)} | ${fmt(acc.png)} |`);
  }
  if (hasFlag('--web')) await web();
  fs.rmSync(tmp, { recursive: true, force: true });
}
