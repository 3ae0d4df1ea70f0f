/**
 * End-to-end tests of the web app in real headless Chromium (Debian's, driven by playwright-core):
 * the built site served from 127.0.0.1, a fresh browser profile, one page walked through what a
 * user does — run the default human-mg-bone scenario, move the Mg intake, see BMD and the summary
 * move, compare with the CLI, switch a pathway off and see the attribution change, open an edge
 * of the mechanism map, load a scenario file, download CSV, read the docs, share a link, go
 * offline. Screenshots go to test-output/web/. The interaction budgets are measured and printed.
 *
 * Without /usr/bin/chromium the suite is skipped, except under CI=true where that is a failure.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import type { Page } from 'playwright-core';
import { ROOT } from '../helpers/paths.js';
import { buildSite, chromiumMissing, launch, screenshotDir, type Browser } from './browser.js';
import { serveStatic, vitePreview, type StaticServer } from './server.js';

// The issue's budgets (#16). Session 5 profiled the page in Chromium (window.__magbone.timings splits
// each change into sync / worker trip / redraw / frame): a control change renamed the current run,
// and the run's name was part of each chart's identity, so every change destroyed and rebuilt all
// eight uPlot charts (~60 % of the page's time); the link's history.replaceState sat on the change's
// path, and the unchanged baseline travelled back with every run as ~150 separate buffers. Charts now
// keep their identity (legends relabelled in place), the link updates while the worker solves, the
// page keeps the baseline and a run crosses as one buffer; the worker starts before the app's chunk
// and the first request goes out before the controls are built. Wall-clock: a loaded machine (other
// jobs on its cores) can exceed these; the median over the changes is what is kept.
const BUDGET_CHANGE_MS = 100;
// First load: #16 asks ≤ 2 s. Session 5 held 2.5 s (1.94–2.12 s measured on a quieter machine, the
// worker compiling the human model's DSL at start, ~300 ms). Since then the opening model ships
// compiled with the build (web/precompile.ts: readying it takes ~10 ms), the service worker is
// registered after the first draw and reads the charts' width without forcing a layout: the CPU of the
// first load's critical steps (worker compile/evaluate/ready/run, first draw; Chromium trace thread
// time) went from 348–449 to 257–283 ms; the worker runs the default scenario before the page asks.
// Paired runs of the built site at load 13–19: medians 4.3 → 3.1 s; with the browser at real-time
// priority (approximating an idle machine): 1.27–1.66 → 1.20–1.22 s, this test 1.36 s. So the
// issue's 2 s is the budget again; a loaded machine (other jobs on its cores) can exceed it — the
// printed load average says how loaded.
const BUDGET_LOAD_MS = 2000;
const missing = chromiumMissing();

interface SummaryCells { output: string; unit: string; start: string; end: string; change: string }

async function summary(page: Page): Promise<Map<string, SummaryCells>> {
  const rows = await page.$$eval('#summary-table tbody tr', (trs) => trs.map((tr) => ({
    output: tr.getAttribute('data-output') ?? '',
    unit: tr.querySelector('[data-col="unit"]')?.textContent ?? '',
    start: tr.querySelector('[data-col="start"]')?.textContent ?? '',
    end: tr.querySelector('[data-col="end"]')?.textContent ?? '',
    change: tr.querySelector('[data-col="change"]')?.textContent ?? '',
  })));
  return new Map(rows.map((r) => [r.output, r]));
}

const runs = (page: Page): Promise<number> => page.evaluate(() => Number(document.body.dataset.runs ?? '0'));

async function waitRuns(page: Page, n: number): Promise<void> {
  await page.waitForFunction((k) => Number(document.body.dataset.runs ?? '0') >= k, n, { timeout: 30_000 });
}

/**
 * Sets a number control as a user would (value, then Enter/leave = change event) and returns the
 * time from that event to the redrawn charts: the page sets body[data-runs] after the frame that
 * drew the new run.
 */
async function timedChange(page: Page, selector: string, value: number): Promise<number> {
  return page.evaluate(([sel, v]) => new Promise<number>((resolve, reject) => {
    const input = document.querySelector<HTMLInputElement>(sel as string);
    if (!input) { reject(new Error(`no ${sel}`)); return; }
    const before = document.body.dataset.runs;
    const obs = new MutationObserver(() => {
      if (document.body.dataset.runs !== before) { obs.disconnect(); resolve(performance.now() - t0); }
    });
    obs.observe(document.body, { attributes: true, attributeFilter: ['data-runs'] });
    input.value = String(v);
    const t0 = performance.now();
    input.dispatchEvent(new Event('change', { bubbles: true }));
  }), [selector, value] as const);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function parseCSV(text: string): { header: string[]; rows: number[][] } {
  const lines = text.trim().split('\n');
  return { header: lines[0].split(','), rows: lines.slice(1).map((l) => l.split(',').map(Number)) };
}

if (missing && process.env.CI === 'true') {
  test('web end-to-end: Chromium is installed', () => assert.fail(missing));
} else {
  describe('web app in headless Chromium', { skip: missing, timeout: 600_000 }, () => {
    let site = '';
    let server: StaticServer;
    let browser: Browser;
    let page: Page;
    const shots = screenshotDir();
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'magbone-e2e-'));
    const shot = async (name: string): Promise<void> => { await page.screenshot({ path: path.join(shots, name) }); };
    const budgets: string[] = [];
    const pageErrors: string[] = [];

    before(async () => {
      site = buildSite();
      server = await serveStatic(site);
      browser = await launch();
      page = await browser.context.newPage();
      page.on('pageerror', (e) => pageErrors.push(e.message));
      page.on('console', (m) => { if (m.type() === 'error') pageErrors.push(`console: ${m.text()}`); });
    });

    after(async () => {
      await browser?.close();
      await server?.close();
      fs.rmSync(site, { recursive: true, force: true });
      fs.rmSync(tmp, { recursive: true, force: true });
      if (budgets.length) console.log(`# web budgets\n${budgets.map((b) => `#   ${b}`).join('\n')}`);
    });

    test('first load runs the default human-mg-bone scenario and is interactive within the budget', async () => {
      const t0 = Date.now();
      await page.goto(server.url);
      await waitRuns(page, 1);
      const loadMs = Date.now() - t0;
      const nav = await page.evaluate(() => {
        const e = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
        return { domInteractive: e.domInteractive, domContentLoaded: e.domContentLoadedEventEnd };
      });
      budgets.push(`first load (fresh profile) to first scenario drawn and controls live: ${loadMs} ms (budget ${BUDGET_LOAD_MS} ms, load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores); DOM interactive ${nav.domInteractive.toFixed(0)} ms`);
      // the opening model comes compiled with the build (web/precompile.ts): the worker neither parses nor compiles it
      const warmed = await page.evaluate(() => (window as unknown as { __magbone: { engine: { warmed: { modelId: string; precompiled: boolean; ms: number; bootMs: number }[] } } }).__magbone.engine.warmed);
      const first = warmed[0];
      assert.ok(first, 'the worker reported the opening model ready');
      assert.equal(first.modelId, 'human-mg-bone');
      assert.equal(first.precompiled, true, 'the opening model was made ready from the compiled code shipped with the build');
      const t0run = (await page.evaluate(() => (window as unknown as { __magbone: { timings: { solveMs: number; workerMs: number; redrawMs: number; frameMs: number }[] } }).__magbone.timings[0]));
      budgets.push(`  of which: worker modules evaluated ${first.bootMs.toFixed(0)} ms after its start; opening model ready in ${first.ms.toFixed(0)} ms (precompiled); first run ${t0run.workerMs.toFixed(0)} ms in the worker (solve ${t0run.solveMs.toFixed(0)} ms); first redraw ${t0run.redrawMs.toFixed(0)} ms + frame ${t0run.frameMs.toFixed(0)} ms`);
      assert.equal(await page.inputValue('#model'), 'human-mg-bone');
      const s = await summary(page);
      for (const k of ['Mg_serum', 'PTH', 'calcitriol', 'CTX', 'P1NP', 'BMD_ls']) assert.ok(s.has(k), `summary row ${k}`);
      assert.equal(await page.locator('#charts .panel canvas').count() >= 5, true, 'charts drawn');
      await shot('explore-default.png');
      assert.ok(loadMs <= BUDGET_LOAD_MS, `first load took ${loadMs} ms, budget ${BUDGET_LOAD_MS} ms`);
    });

    test('Mg intake 150 mg/d moves the BMD curve and the summary table', async () => {
      const before = await summary(page);
      const bmdPanel = page.locator('#charts .panel[data-vars^="BMD_ls"]');
      const pngBefore = await bmdPanel.screenshot();
      const n = await runs(page);
      await page.fill('#ctl-diet-mg', '150');
      await page.press('#ctl-diet-mg', 'Enter');
      await waitRuns(page, n + 1);
      const after = await summary(page);
      assert.notEqual(after.get('BMD_ls')!.end, before.get('BMD_ls')!.end, 'BMD end moved');
      assert.ok(Number(after.get('BMD_ls')!.end) < -0.5, `a low-Mg diet lowers BMD (end ${after.get('BMD_ls')!.end} %)`);
      assert.ok(Number(after.get('Mg_serum')!.end) < Number(before.get('Mg_serum')!.end), 'serum Mg falls');
      const pngAfter = await bmdPanel.screenshot();
      assert.ok(!pngBefore.equals(pngAfter), 'the BMD chart was redrawn with a different curve');
      const json = JSON.parse(await page.inputValue('#scenario-json')) as { diet?: { Mg?: string } };
      assert.equal(json.diet?.Mg, '150 mg/d', 'the scenario JSON shows the new intake');
      await shot('explore-mg150.png');
    });

    test(`a control change re-simulates 5 years and redraws within ${BUDGET_CHANGE_MS} ms (median)`, async () => {
      const times: number[] = [];
      for (const v of [160, 140, 170, 130, 155, 145, 165, 135, 150]) times.push(await timedChange(page, '#ctl-diet-mg', v));
      const m = median(times);
      budgets.push(`control change → 5-year human-mg-bone run → charts redrawn: median ${m.toFixed(1)} ms, max ${Math.max(...times).toFixed(1)} ms over ${times.length} changes (budget ${BUDGET_CHANGE_MS} ms)`);
      type Parts = Record<'solveMs' | 'syncMs' | 'waitMs' | 'inWorkerMs' | 'fromWorkerMs' | 'redrawMs' | 'frameMs', number>;
      const parts = await page.evaluate((k) => (window as unknown as { __magbone: { timings: Parts[] } }).__magbone.timings.slice(-k), times.length);
      const med = (k: keyof Parts): string => median(parts.map((t) => t[k] ?? NaN)).toFixed(1);
      budgets.push(`  of which the solve in the worker: median ${med('solveMs')} ms`);
      budgets.push(`  medians of the parts (window.__magbone.timings): sync ${med('syncMs')}, wait for the worker ${med('waitMs')} (in the worker ${med('inWorkerMs')}, back ${med('fromWorkerMs')}), redraw ${med('redrawMs')}, frame ${med('frameMs')} ms`);
      assert.ok(m <= BUDGET_CHANGE_MS, `median ${m.toFixed(1)} ms > ${BUDGET_CHANGE_MS} ms (all: ${times.map((t) => t.toFixed(0)).join(', ')})`);
    });

    test('the page shows the CLI\'s numbers for the same scenario (summary and CSV download)', async () => {
      const scenarioFile = path.join(tmp, 'web-scenario.json');
      fs.writeFileSync(scenarioFile, await page.inputValue('#scenario-json'));
      fs.copyFileSync(scenarioFile, path.join(shots, 'web-scenario.json'));
      const cliCsv = path.join(tmp, 'cli.csv');
      const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'magbone.js'), 'simulate', scenarioFile, '--out', cliCsv, '--header', 'names', '--precision', 'full', '--time-unit', 'h'], { encoding: 'utf8', timeout: 60_000 });
      assert.equal(r.status, 0, r.stderr);
      // the CLI's summary: a title line, a header, then "output unit start end change"
      const cliRows = r.stderr.trim().split('\n').slice(-10).map((l) => l.trim().split(/\s+/)).filter((c) => c.length >= 4);
      const page_ = await summary(page);
      let compared = 0;
      for (const c of cliRows) {
        const row = page_.get(c[0]);
        if (!row) continue;
        assert.deepEqual([row.output, row.unit, row.start, row.end, row.change].filter((x) => x !== ''), c, `summary row ${c[0]}`);
        compared++;
      }
      assert.ok(compared >= 8, `compared ${compared} summary rows with the CLI`);

      const [download] = await Promise.all([page.waitForEvent('download'), page.click('#dl-csv-all')]);
      const webCsvFile = path.join(shots, 'web.csv');
      fs.copyFileSync(cliCsv, path.join(shots, 'cli.csv'));
      await download.saveAs(webCsvFile);
      const web = fs.readFileSync(webCsvFile, 'utf8');
      const cli = fs.readFileSync(cliCsv, 'utf8');
      const a = parseCSV(web), b = parseCSV(cli);
      assert.deepEqual(a.header, b.header);
      assert.equal(a.rows.length, b.rows.length);
      // Same engine code on both sides, but not the same libm: Chromium's Math.exp, Math.log and
      // Math.pow differ from Node 20's by one ulp on about 10 % of arguments (measured: 1,989 of
      // 20,000 exp, 1,334 log, 2,043 pow). The adaptive solver then takes other steps, so the two runs
      // agree to the solver's tolerance, not to the last bit: each value within
      // 100 · (rtol·|y| + atol) of the CLI's, the scenario's rtol = atol = 1e-8 (measured: at most
      // 12 · atol, on S_ana near zero). A different scenario, default or output conversion moves a
      // column by far more (a 10 mg/d intake change moves BMD_ls by > 1e-4).
      const RTOL = 1e-8, ATOL = 1e-8;
      let worst = 0, worstColumn = '', worstScale = 0, identical = 0, cells = 0;
      for (let j = 1; j < a.header.length; j++) {
        let scale = 0, diff = 0, ratio = 0;
        for (let i = 0; i < b.rows.length; i++) {
          const d = Math.abs(a.rows[i][j] - b.rows[i][j]);
          scale = Math.max(scale, Math.abs(b.rows[i][j]));
          diff = Math.max(diff, d);
          ratio = Math.max(ratio, d / (RTOL * Math.abs(b.rows[i][j]) + ATOL));
          cells++;
          if (d === 0) identical++;
        }
        if (ratio > worst) { worst = ratio; worstColumn = a.header[j]; worstScale = scale > 0 ? diff / scale : diff; }
      }
      budgets.push(`CSV download vs CLI: ${a.rows.length} rows × ${a.header.length} columns, ${web === cli ? 'byte-identical' : `${(100 * identical / cells).toFixed(1)} % of values identical; the largest difference ${worst.toFixed(2)} × (rtol·|y| + atol), ${worstScale.toExponential(2)} of the column's scale (${worstColumn})`}`);
      // Session 17: with K_OB 1.0 the two runs differed by up to 384 × (rtol·|y| + atol) in Ca_balance (and 95 × in urine_Ca),
      // a rate that is a small difference of large fluxes, while each run was within ~3e-6 mmol/d of the same scenario solved at
      // rtol = atol = 1e-11: the solver's global error, not the page's. So a column whose values differ by more than
      // 100 · (rtol·|y| + atol) must still be as accurate as the CLI's against that reference: its largest error at most twice
      // the CLI's plus 100 · (rtol·scale + atol). A different scenario, default or conversion still fails (its error is ≫ the CLI's).
      if (worst > 100) {
        const refCsv = path.join(tmp, 'ref.csv');
        const rr = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'magbone.js'), 'simulate', scenarioFile, '--out', refCsv, '--header', 'names', '--precision', 'full', '--time-unit', 'h', '--rtol', '1e-11', '--atol', '1e-11'], { encoding: 'utf8', timeout: 120_000 });
        assert.equal(rr.status, 0, rr.stderr);
        const ref = parseCSV(fs.readFileSync(refCsv, 'utf8'));
        assert.deepEqual(ref.header, b.header);
        const notAsAccurate: string[] = [];
        for (let j = 1; j < a.header.length; j++) {
          let errW = 0, errC = 0, scale = 0, ratio = 0;
          for (let i = 0; i < b.rows.length; i++) {
            errW = Math.max(errW, Math.abs(a.rows[i][j] - ref.rows[i][j]));
            errC = Math.max(errC, Math.abs(b.rows[i][j] - ref.rows[i][j]));
            scale = Math.max(scale, Math.abs(ref.rows[i][j]));
            ratio = Math.max(ratio, Math.abs(a.rows[i][j] - b.rows[i][j]) / (RTOL * Math.abs(b.rows[i][j]) + ATOL));
          }
          if (ratio > 100 && errW > 2 * errC + 100 * (RTOL * scale + ATOL)) notAsAccurate.push(`${a.header[j]}: web error ${errW.toExponential(2)}, CLI error ${errC.toExponential(2)} against rtol = atol = 1e-11`);
        }
        budgets.push(`CSV download vs a run at rtol = atol = 1e-11 (columns beyond 100 × (rtol·|y| + atol) of the CLI's): ${notAsAccurate.length ? notAsAccurate.join('; ') : 'the web as accurate as the CLI'}`);
        assert.deepEqual(notAsAccurate, [], 'columns where the web differs from the CLI by more than the solver tolerance and is less accurate than it');
      }

      // the CSV a person reads: key outputs, time in the axis unit, every column's unit in its header
      const [key] = await Promise.all([page.waitForEvent('download'), page.click('#dl-csv')]);
      const keyText = fs.readFileSync(await key.path(), 'utf8');
      fs.writeFileSync(path.join(shots, 'web-key-outputs.csv'), keyText);
      const k = parseCSV(keyText);
      assert.equal(k.header[0], 'time (y)', 'a 5-year run\'s CSV is in years');
      for (const c of ['Mg_serum (mmol/L)', 'PTH (pg/mL)', 'BMD_ls (%)']) assert.ok(k.header.includes(c), `${c} in ${k.header.join(',')}`);
      assert.ok(k.header.length < 30, `key outputs only (${k.header.length} columns)`);
      assert.equal(k.rows.length, b.rows.length);
      assert.ok(Math.abs(k.rows[k.rows.length - 1][0] - 5) < 0.02, `last time ${k.rows[k.rows.length - 1][0]} y`);
      const j = k.header.indexOf('Mg_serum (mmol/L)');
      assert.ok(k.rows.every((r) => String(r[j]).replace(/^-|\.|e.*$/g, '').replace(/^0+/, '').length <= 6), 'six significant digits');
      assert.match(await page.locator('#summary-table caption').textContent() ?? '', /t = 0 → 5 y$/);
    });

    test('mechanism map: an edge opens its equation, parameters, sources and evidence', async () => {
      await page.click('#tab-mechanism');
      await page.waitForSelector('#attribution-table', { timeout: 90_000 });
      // click the edge where Cytoscape draws it: its label, at the edge's midpoint
      const point = await page.evaluate(() => {
        const cy = (window as unknown as { __magboneCy: { getElementById(id: string): { renderedMidpoint(): { x: number; y: number } } } }).__magboneCy;
        const p = cy.getElementById('e-inflammation-oc').renderedMidpoint();
        const box = document.getElementById('cy')!.getBoundingClientRect();
        return { x: box.left + p.x, y: box.top + p.y };
      });
      await page.mouse.click(point.x, point.y);
      const detail = page.locator('#edge-detail');
      await detail.locator('h3').waitFor();
      assert.match(await detail.locator('h3').textContent() ?? '', /Inflammation → Osteoclasts/);
      assert.match(await detail.textContent() ?? '', /Evidence: animal/);
      await detail.locator('.katex').first().waitFor({ timeout: 15_000 });
      assert.ok(await detail.locator('.params-table tbody tr').count() >= 2, 'parameters of the equation listed');
      const links = await detail.locator('ul.sources a').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
      assert.ok(links.some((h) => h.startsWith('https://doi.org/') || h.startsWith('https://pubmed.ncbi.nlm.nih.gov/')), `source links: ${links.join(' ')}`);
      assert.ok(await detail.locator('ul.sources li').count() >= 3, 'the switch\'s sources are listed');
      await shot('mechanism-edge.png');
    });

    test('switching the inflammation pathway off changes the attribution', async () => {
      const rowOf = (k: string) => page.locator(`#attribution-table tr[data-pathway="${k}"]`);
      const key0 = await page.getAttribute('#attribution', 'data-key');
      const inflBefore = Number(await rowOf('inflammation').getAttribute('data-contribution'));
      const calBefore = Number(await rowOf('mg_calcitriol').getAttribute('data-contribution'));
      assert.ok(Math.abs(inflBefore) > 0.1, `inflammation carries part of the BMD loss at 150 mg/d (${inflBefore})`);
      const n = await runs(page);
      await page.click('#sw-inflammation');
      await waitRuns(page, n + 1);
      await page.waitForFunction((k) => { const el = document.getElementById('attribution'); return el?.dataset.key !== k && el?.getAttribute('aria-busy') === 'false'; }, key0, { timeout: 30_000 });
      assert.equal(await rowOf('inflammation').getAttribute('class'), 'off');
      assert.equal(Number(await rowOf('inflammation').getAttribute('data-contribution')), 0);
      assert.match(await rowOf('inflammation').textContent() ?? '', /switched off/);
      const calAfter = Number(await rowOf('mg_calcitriol').getAttribute('data-contribution'));
      assert.notEqual(calAfter, calBefore, 'the other pathways\' shares change too');
      assert.match(await page.locator('#edge-detail').textContent() ?? '', /off in this scenario/);
      // what the numbers mean: fractions of the effect and normalised shares, the interaction apart
      assert.match(await page.locator('#attribution-explained').textContent() ?? '', /do not have to add up to 100 %.*Normalised share.*Interaction/s);
      assert.equal(await page.locator('#attribution-table tr[data-pathway="(interaction)"]').getAttribute('class'), 'apart');
      assert.equal(await page.locator('#attribution-table thead th').allTextContents().then((t) => t.join('|')), 'Pathway|Contribution|Value %|Of the effect|Normalised share');
      assert.doesNotMatch(await page.locator('main').innerText(), /\b(src|test|bench)\/[\w/.-]+\.ts\b/, 'no source-file paths on the page');
      await page.locator('#attribution-table').scrollIntoViewIfNeeded();
      await shot('mechanism-attribution-inflammation-off.png');
      await page.click('#sw-inflammation'); // back on for what follows
      await waitRuns(page, n + 2);
    });

    test('loading a scenario file switches model and runs it', async () => {
      await page.click('#tab-explore');
      const n = await runs(page);
      await page.setInputFiles('#scenario-file', path.join(ROOT, 'scenarios', 'obm-denosumab-2y.json'));
      await waitRuns(page, n + 1);
      assert.equal(await page.inputValue('#model'), 'openbonemin');
      assert.ok(await page.isChecked('#ctl-denosumab'), 'the denosumab control reflects the file\'s dose record');
      const s = await summary(page);
      assert.ok(s.has('BMDlsDENchange') && Number(s.get('BMDlsDENchange')!.end) > 3, `denosumab raises lumbar-spine BMD (${s.get('BMDlsDENchange')?.end})`);
      await shot('explore-loaded-denosumab.png');
      // the same scenario written as YAML, as the CLI also reads it
      const yamlFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'magbone-web-')), 'denosumab.yaml');
      fs.writeFileSync(yamlFile, 'name: from-yaml\nmodel: openbonemin\nduration: 20160 h\noutput: { every: 24 h, atDose: after }\n'
        + 'doses:\n  - { cmt: DENSC, amt: 60 mg, time: 0, ii: 4032 h, addl: 3 }\n');
      const m = await runs(page);
      await page.setInputFiles('#scenario-file', yamlFile);
      await waitRuns(page, m + 1);
      assert.equal(await page.inputValue('#scenario-name'), 'from-yaml');
      const s2 = await summary(page);
      assert.equal(s2.get('BMDlsDENchange')!.end, s.get('BMDlsDENchange')!.end, 'YAML and JSON give the same run');
    });

    test('model documentation: equations typeset, parameter table with sources', async () => {
      await page.click('#tab-docs');
      await page.waitForSelector('#docs .katex', { timeout: 30_000 });
      assert.ok(await page.locator('#docs .katex').count() > 20);
      assert.ok(await page.locator('#docs table').count() >= 2);
      assert.match(await page.locator('#docs h1').textContent() ?? '', /OpenBoneMin/i);
      assert.ok(await page.locator('#docs-toc a').count() >= 5, 'a table of contents');
      const target = await page.locator('#docs-toc a').nth(2).getAttribute('href');
      await page.locator('#docs-toc a').nth(2).click();
      const top = await page.locator(target!).evaluate((el) => el.getBoundingClientRect().top);
      assert.ok(top >= 0 && top < 300, `the contents link scrolls to its section (top ${top})`);
      assert.deepEqual(await page.locator('#docs code').evaluateAll((cs) => cs.map((c) => c.textContent ?? '').filter((t) => /^(src|test|bench)\//.test(t))), [], 'no repository paths');
      await page.selectOption('#docs-model', 'human-mg-bone');
      await page.waitForFunction(() => /human/i.test(document.querySelector('#docs h1')?.textContent ?? ''), null, { timeout: 30_000 });
      await shot('docs.png');
    });

    test('a shared link reopens the scenario; the site works offline once loaded', async () => {
      await page.click('#tab-explore');
      const url = page.url();
      assert.match(url, /#s=/);
      const other = await browser.context.newPage();
      await other.goto(url);
      await waitRuns(other, 1);
      assert.equal(await other.inputValue('#model'), 'openbonemin');
      assert.ok(await other.isChecked('#ctl-denosumab'));
      await other.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
      await browser.context.setOffline(true);
      try {
        await other.reload();
        await waitRuns(other, 1);
        assert.equal(await other.inputValue('#model'), 'openbonemin');
      } finally {
        await browser.context.setOffline(false);
        await other.close();
      }
    });

    test('every registered model runs its default scenario from the model menu', async () => {
      const ids = await page.$$eval('#model option', (os) => os.map((o) => (o as HTMLOptionElement).value));
      assert.ok(ids.length >= 4, `models in the menu: ${ids.join(', ')}`);
      for (const id of ids) {
        const n = await runs(page);
        await page.selectOption('#model', id);
        await waitRuns(page, n + 1);
        assert.doesNotMatch(await page.locator('#status').textContent() ?? '', /failed|stopped early|problems/i, id);
        assert.ok((await summary(page)).size >= 4, `${id}: summary rows`);
        assert.ok(await page.locator('#charts .panel canvas').count() >= 4, `${id}: charts`);
      }
    });

    test('pinned runs are compared; charts download as SVG and PNG', async () => {
      await page.selectOption('#model', 'human-mg-bone');
      let n = await runs(page);
      await waitRuns(page, n);
      await page.click('#pin');
      n = await runs(page);
      await page.fill('#ctl-supp-mg', '300');
      await page.press('#ctl-supp-mg', 'Enter');
      await waitRuns(page, n + 1);
      assert.equal(await page.locator('#runs li').count(), 3, 'baseline, this scenario, one pinned run');
      const pinnedLabel = await page.locator('#runs li[data-pinned="0"]').textContent() ?? '';
      assert.doesNotMatch(pinnedLabel, /run 1/);
      assert.match(await page.locator('#runs li').nth(1).textContent() ?? '', /Mg supplement 300 mg\/d/, 'the current run is named by what it changes');
      assert.match(await page.locator('#chart-title').textContent() ?? '', /Changed: .*Mg supplement 300 mg\/d/);
      // the link carries the pinned run: a new page simulates it again and shows it under the same name
      const shared = await browser.context.newPage();
      await shared.goto(page.url());
      await shared.waitForFunction(() => document.body.dataset.pinned === '1', null, { timeout: 30_000 });
      await waitRuns(shared, 1);
      assert.equal(await shared.locator('#runs li[data-pinned="0"]').textContent(), pinnedLabel);
      assert.equal(await shared.locator('#summary-table td[data-col="pinned-0"]').first().textContent(), await page.locator('#summary-table td[data-col="pinned-0"]').first().textContent());
      await shared.close();
      assert.ok(await page.locator('#summary-table td[data-col="pinned-0"]').count() >= 8, 'the summary has the pinned run\'s column');
      const [svg] = await Promise.all([page.waitForEvent('download'), page.click('#dl-svg')]);
      const svgText = fs.readFileSync(await svg.path(), 'utf8');
      assert.match(svgText, /^<svg[^>]+xmlns="http:\/\/www.w3.org\/2000\/svg"/);
      assert.match(svgText, /BMD change/);
      const [png] = await Promise.all([page.waitForEvent('download'), page.click('#dl-png')]);
      const bytes = fs.readFileSync(await png.path());
      assert.deepEqual([...bytes.subarray(0, 8)], [137, 80, 78, 71, 13, 10, 26, 10], 'a PNG file');
      assert.ok(bytes.length > 20_000, `PNG of ${bytes.length} bytes`);
      await page.evaluate(() => window.scrollTo(0, 0));
      await shot('explore-compare.png');
    });

    test('tablet (portrait) layout: no sideways scrolling, the charts first, the controls in a sheet', async () => {
      const tab = await browser.context.newPage();
      await tab.setViewportSize({ width: 820, height: 1180 });
      await tab.goto(page.url());
      await waitRuns(tab, 1);
      const overflow = await tab.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `page wider than the screen by ${overflow}px`);
      const charts = await tab.locator('#charts').boundingBox();
      assert.ok(charts && charts.y < 400, `charts start at ${charts?.y}px`);
      assert.equal(await tab.locator('#scenario').isVisible(), false, 'controls closed');
      await tab.click('#controls-toggle');
      assert.equal(await tab.locator('#scenario').isVisible(), true, 'the sheet opens');
      await tab.screenshot({ path: path.join(shots, 'tablet.png') });
      await tab.close();
    });

    test('phone (390×844): after a control change the first chart is inside the first viewport, above the controls', async () => {
      const phone = await browser.context.newPage();
      await phone.setViewportSize({ width: 390, height: 844 });
      await phone.goto(server.url + '#');
      await waitRuns(phone, 1);
      const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `page wider than the screen by ${overflow}px`);
      const first = phone.locator('#charts .panel').first();
      const box0 = await first.boundingBox();
      assert.ok(box0 && box0.y < 300, `on opening, the first chart starts at ${box0?.y}px`);
      await phone.screenshot({ path: path.join(shots, 'phone.png') });
      await phone.click('#controls-toggle');
      const n = await runs(phone);
      await phone.fill('#ctl-diet-mg', '150');
      await phone.press('#ctl-diet-mg', 'Enter');
      await waitRuns(phone, n + 1);
      const sheet = await phone.locator('#scenario').boundingBox();
      const plot = await first.locator('canvas').boundingBox();
      assert.ok(sheet && plot, 'sheet and chart on screen');
      assert.equal(await phone.evaluate(() => window.scrollY), 0, 'the page did not scroll');
      assert.ok(plot.y >= 0 && plot.y + plot.height <= sheet.y + 1, `chart canvas ${plot.y}–${plot.y + plot.height}px, sheet from ${sheet.y}px`);
      assert.match(await phone.locator('#chart-title').textContent() ?? '', /diet Mg 150 mg\/d/);
      await phone.screenshot({ path: path.join(shots, 'phone-control-change.png') });
      await phone.click('#controls-close');
      // a tab shows its content at the top of the screen
      await phone.click('#tab-mechanism');
      const mech = await phone.locator('#view-mechanism').boundingBox();
      assert.ok(mech && mech.y >= 0 && mech.y < 250, `mechanism view at ${mech?.y}px`);
      await phone.screenshot({ path: path.join(shots, 'phone-mechanism.png') });
      await phone.close();
    });

    test('a long run shows a busy indicator; Cancel stops it and the next run works', async () => {
      const p = await browser.context.newPage();
      await p.goto(server.url + '#');
      await waitRuns(p, 1);
      const n = await runs(p);
      await p.click('#section-json summary');
      // 10 years of daily IV Mg, output daily: seconds of solving
      await p.fill('#scenario-json', JSON.stringify({ name: 'long', model: 'human-mg-bone', duration: '10 y', output: { every: '1 d' },
        doses: [{ cmt: 'Mg_iv', amt: '8 mmol', time: '0 d', ii: '1 d', addl: 3652 }] }));
      await p.click('#json-apply');
      await p.waitForSelector('#busy:not([hidden])', { timeout: 10_000 });
      assert.match(await p.locator('#busy').textContent() ?? '', /Simulating… \d+\.\d s/);
      await p.screenshot({ path: path.join(shots, 'busy.png') });
      await p.click('#cancel');
      await p.waitForSelector('#busy', { state: 'hidden', timeout: 5_000 });
      assert.match(await p.locator('#status').textContent() ?? '', /Cancelled/);
      await p.waitForTimeout(1500);
      assert.equal(await runs(p), n, 'the cancelled run never drew');
      assert.equal(await p.evaluate(() => document.body.dataset.cancelled), '1');
      await p.fill('#scenario-json', JSON.stringify({ name: 'short', model: 'human-mg-bone', duration: '1 y', output: { every: '7 d' } }));
      await p.click('#json-apply');
      await waitRuns(p, n + 1);
      assert.match(await p.locator('#status').textContent() ?? '', /short: (simulated|from the cache)/);
      await p.close();
    });

    test('your data on the charts: a long CSV and a study file, with a fit summary; bad data lists every problem', async () => {
      const p = await browser.context.newPage();
      await p.goto(server.url + '#');
      await waitRuns(p, 1);
      const csv = path.join(tmp, 'obs.csv');
      fs.writeFileSync(csv, 'time (mo),observable,value,sd\n6,Mg_serum,0.85,0.05\n12,Mg_serum,0.84,0.05\n24,BMD_ls,0.5,1\n');
      await p.setInputFiles('#data-file', csv);
      await p.waitForSelector('#data .dataset[data-name="obs.csv"]');
      assert.equal(await p.getAttribute('#charts .panel[data-vars^="Mg_serum"]', 'data-observations'), '2');
      assert.equal(await p.getAttribute('#charts .panel[data-vars^="BMD_ls"]', 'data-observations'), '1');
      const fit = p.locator('#data .dataset[data-name="obs.csv"] .fit');
      assert.equal(await fit.getAttribute('data-n'), '3');
      assert.match(await fit.textContent() ?? '', /Mg_serum: RMS model − data [\d.e-]+ mmol\/L over 2/);
      // drag and drop onto the charts
      await p.evaluate(async () => {
        const dt = new DataTransfer();
        dt.items.add(new File(['time,observable,value,se\n90 d,PTH,40,5\n'], 'dropped.csv', { type: 'text/csv' }));
        document.getElementById('charts')!.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
      });
      await p.waitForSelector('#data .dataset[data-name="dropped.csv"]');
      assert.equal(await p.getAttribute('#charts .panel[data-vars="PTH"]', 'data-observations'), '1');
      await p.locator('#charts .panel[data-vars^="Mg_serum"]').screenshot({ path: path.join(shots, 'data-overlay.png') });
      // a study file of the library: its points, its arms
      await p.setInputFiles('#data-file', path.join(ROOT, 'studies', 'rude1985.yaml'));
      const st = p.locator('#data .dataset[data-name="rude1985"]');
      await st.waitFor({ timeout: 30_000 });
      assert.match(await st.textContent() ?? '', /\d+ points? plotted/);
      assert.ok(await st.locator('button[data-arm]').count() >= 1, 'the study\'s arms can be run');
      // bad data: every problem, with row and column
      const bad = path.join(tmp, 'bad.csv');
      fs.writeFileSync(bad, 'time,observable,value\n6,Mg_serm,0.8\n2 d,PTH,abc\n');
      await p.setInputFiles('#data-file', bad);
      await p.waitForSelector('#data .issues');
      const text = await p.locator('#data .issues').textContent() ?? '';
      assert.match(text, /bad\.csv was not loaded: 3 problems/);
      assert.match(text, /row 2, observable: "Mg_serm" is not an output of this model \(did you mean 'Mg_serum'\?\)/);
      assert.match(text, /row 3, value: "abc" is not a number/);
      await p.close();
    });

    test('guard rails: regimens start clinical, results outside the validated domain are flagged, axes keep a sensible span', async () => {
      const p = await browser.context.newPage();
      await p.goto(server.url + '#');
      await waitRuns(p, 1);
      // at the defaults: no warning; reference ranges on the clinical charts; distinct ticks, no noise axis
      assert.equal(await p.locator('#notes .note.warn').count(), 0, await p.locator('#notes').textContent() ?? '');
      assert.match(await p.locator('#charts .panel[data-vars="PTH"] .ref-range').textContent() ?? '', /reference 15–65 pg\/mL/);
      for (const panel of await p.locator('#charts .panel').all()) {
        const ticks = (await panel.getAttribute('data-yticks') ?? '').split('|');
        assert.equal(new Set(ticks).size, ticks.length, `repeated tick labels ${ticks.join(' ')}`);
        const [lo, hi] = (await panel.getAttribute('data-yrange') ?? '').split(',').map(Number);
        assert.ok(hi - lo >= 0.02 * Math.max(Math.abs(lo), Math.abs(hi)) - 1e-12, `axis ${lo}–${hi} of ${await panel.getAttribute('data-vars')}`);
      }
      let n = await runs(p);
      await p.check('#ctl-iv-mg');
      await waitRuns(p, n + 1);
      const iv = JSON.parse(await p.inputValue('#scenario-json')) as { doses: { addl?: number; amt: string }[] };
      assert.equal(iv.doses[0].addl, 4, 'IV Mg starts as a 5-day course, not every day for 5 years');
      assert.equal(iv.doses[0].amt, '8 mmol');
      n = await runs(p);
      await p.check('#ctl-teriparatide');
      await waitRuns(p, n + 1);
      const teri = JSON.parse(await p.inputValue('#scenario-json')) as { doses: { cmt: string; addl?: number }[] };
      assert.equal(teri.doses.find((d) => d.cmt === 'TERISC')?.addl, 729, 'teriparatide starts as 2 years of daily doses');
      assert.match(await p.locator('#notes').textContent() ?? '', /Outside the validated domain/);
      // a daily IV course to the end of the run: flagged beside the control and above the charts
      n = await runs(p);
      await p.check('#ctl-iv-mg-toend');
      await waitRuns(p, n + 1);
      assert.equal(await p.locator('#ctl-iv-mg-warn').isVisible(), true);
      assert.match(await p.locator('#notes').textContent() ?? '', /IV Mg: \d+ infusions/);
      // openbonemin: BMD under teriparatide is outside what the model was checked against
      n = await runs(p);
      await p.selectOption('#model', 'openbonemin');
      await waitRuns(p, n + 1);
      n = await runs(p);
      await p.check('#ctl-teriparatide');
      await waitRuns(p, n + 1);
      assert.match(await p.locator('#notes').textContent() ?? '', /lowers BMD with daily teriparatide/);
      await p.screenshot({ path: path.join(shots, 'guard-openbonemin-teriparatide.png') });
      await p.close();
    });

    test('the JSON editor and the banner agree; the Ca slider and its box agree', async () => {
      const p = await browser.context.newPage();
      await p.goto(server.url + '#');
      await waitRuns(p, 1);
      assert.equal(await p.inputValue('#ctl-diet-ca-range'), await p.inputValue('#ctl-diet-ca'), 'slider and box show the same Ca intake');
      await p.click('#section-json summary');
      const json = JSON.parse(await p.inputValue('#scenario-json')) as Record<string, unknown>;
      await p.fill('#scenario-json', JSON.stringify({ ...json, diet: { Mg: '-5 mg/d' }, duration: 'soon' }));
      await p.click('#json-apply');
      await p.waitForSelector('#issues:not([hidden])');
      const banner = await p.locator('#issues').textContent() ?? '';
      const m = /Not run: (\d+) problems?/.exec(banner);
      assert.ok(m, banner);
      assert.match(await p.locator('#json-status').textContent() ?? '', new RegExp(`not run: ${m[1]} problem`));
      assert.doesNotMatch(await p.locator('#json-status').textContent() ?? '', /^applied$/);
      const n = await runs(p);
      await p.fill('#scenario-json', JSON.stringify(json));
      await p.click('#json-apply');
      await waitRuns(p, n + 1);
      assert.equal(await p.locator('#issues').isHidden(), true);
      assert.equal(await p.locator('#json-status').textContent(), 'applied and run');
      await p.close();
    });

    test('posterior-ensemble uncertainty bands (human-mg-bone) on a toggle', async () => {
      const p = await browser.context.newPage();
      await p.goto(server.url + '#');
      await waitRuns(p, 1);
      assert.equal(await p.locator('#bands-label').isVisible(), true);
      await p.check('#bands');
      await p.waitForFunction(() => document.body.dataset.bands === 'drawn', null, { timeout: 90_000 });
      assert.equal(await p.getAttribute('#charts .panel[data-vars^="BMD_ls"]', 'data-bands'), 'true');
      assert.match(await p.locator('#bands-status').textContent() ?? '', /of \d+ posterior draws/);
      await p.locator('#charts .panel[data-vars^="BMD_ls"]').screenshot({ path: path.join(shots, 'bands-bmd.png') });
      await p.uncheck('#bands');
      assert.equal(await p.getAttribute('#charts .panel[data-vars^="BMD_ls"]', 'data-bands'), 'false');
      await p.close();
    });

    test('offline reload works under vite preview (a server that sends Vary: Origin)', async () => {
      const preview = await vitePreview(site);
      try {
        const p = await browser.context.newPage();
        await p.goto(preview.url);
        await waitRuns(p, 1);
        await p.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
        // the service worker controls the page from its next load
        await p.reload();
        await waitRuns(p, 1);
        await browser.context.setOffline(true);
        try {
          await p.reload();
          await waitRuns(p, 1);
          assert.equal(await p.inputValue('#model'), 'human-mg-bone');
        } finally {
          await browser.context.setOffline(false);
          await p.close();
        }
      } finally {
        await preview.close();
      }
    });

    test('no script errors on the page', () => {
      assert.deepEqual(pageErrors, []);
    });

    test('every control of the scenario panel has an accessible name', async () => {
      const unnamed = await page.$$eval('#scenario input, #scenario select, #scenario textarea, main button, main select', (els) =>
        els.filter((el) => {
          const e = el as HTMLInputElement;
          if (e.type === 'file' || e.closest('[hidden]')) return false;
          return !(e.labels && e.labels.length > 0) && !e.getAttribute('aria-label') && !(e.tagName === 'BUTTON' && (e.textContent ?? '').trim());
        }).map((el) => el.id || el.outerHTML.slice(0, 80)));
      assert.deepEqual(unnamed, []);
    });
  });
}
