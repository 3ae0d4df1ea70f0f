/**
 * What the web end-to-end tests share: building the site into a temporary folder (Vite, no type
 * check: `npm run build:web` does that), serving it on 127.0.0.1, and Debian's Chromium driven by
 * playwright-core with a fresh profile. Nothing is downloaded: no browser install step.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { chromium, type BrowserContext } from 'playwright-core';
import { ROOT } from '../helpers/paths.js';

export const CHROMIUM = process.env.MAGBONE_CHROMIUM ?? '/usr/bin/chromium';

/** Why the browser tests cannot run here, or undefined when they can. */
export function chromiumMissing(): string | undefined {
  return fs.existsSync(CHROMIUM) ? undefined
    : `${CHROMIUM} not found: the web end-to-end tests need Debian's Chromium (apt-get install -y chromium; .ci/run installs it)`;
}

/** Builds the site into a fresh temporary folder and returns it. Throws with Vite's output on failure. */
export function buildSite(): string {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'magbone-web-'));
  const vite = path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  const r = spawnSync(process.execPath, [vite, 'build', '--config', path.join(ROOT, 'web', 'vite.config.ts'), '--outDir', out, '--emptyOutDir', '--logLevel', 'warn'],
    { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0) throw new Error(`vite build failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  if (!fs.existsSync(path.join(out, 'index.html')) || !fs.existsSync(path.join(out, 'sw.js'))) throw new Error(`vite build wrote no index.html/sw.js in ${out}`);
  return out;
}

/**
 * A just-launched Chromium (156) preloads its omnibox popup (chrome://omnibox-popup.top-chrome, the
 * AIM variant in a persistent profile), a WebUI page of ~450 modules in a renderer of its own: in a
 * trace of the first load it took ~2.6 s of that renderer's main thread and ~1.9 s of its pool
 * threads in the page's first 3 s; in the test's persistent profile that renderer had used ~1.2 s
 * of CPU by the time the page's first run was drawn — on the same 2 cores as the page under test.
 * A user's browser did that when it started, not when they opened magbone, so the test browser is
 * told not to (the preload and the WebUI popup features off; `Target.getTargets` then lists no
 * browser_ui target).
 */
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--disable-features=PreloadTopChromeWebUI,WebUIOmniboxPopup,WebUIOmniboxFullPopup,WebUIOmniboxAimPopup'];

export interface Browser { context: BrowserContext; profile: string; close(): Promise<void> }

/** Chromium with a new, empty profile (so the first load really is a first load). */
export async function launch(viewport = { width: 1366, height: 900 }): Promise<Browser> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'magbone-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, viewport, acceptDownloads: true,
  });
  return {
    context, profile,
    async close() {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Where the test run leaves its screenshots (gitignored). */
export function screenshotDir(): string {
  const d = path.join(ROOT, 'test-output', 'web');
  fs.mkdirSync(d, { recursive: true });
  return d;
}
