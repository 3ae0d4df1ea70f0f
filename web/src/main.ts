/**
 * Entry point: styles, the engine worker, the app, and (in the built site) the offline cache. The
 * worker is started, asked for the catalog and told to make the opening model ready before the
 * app's chunk (controls, charts, uPlot) is loaded and evaluated, so that the library boots in its
 * thread meanwhile: the first run does not wait for both in turn. The opening model's compiled code
 * ships with the build (web/precompile.ts): the worker does not compile it.
 */
import './style.css';
import { Engine } from './engine.js';
import { decodeHash } from './scenario/share.js';
import { PREFERRED_MODELS } from './scenario/defaults.js';

const engine = new Engine();
// the worker answers the catalog and readies the opening model as soon as it has booted
void engine.catalog();
const shared = decodeHash(location.hash);
const opening = shared.scenario?.model;
// without a link (no scenario, view or pinned runs) the page opens on the default scenario without
// rules (App.start): the worker runs it as soon as it has readied the model
const plain = shared.scenario === undefined && shared.view === undefined && shared.pinned.length === 0;
engine.warm(typeof opening === 'string' ? opening : PREFERRED_MODELS[0], plain);
const app = import('./app.js').then(({ App }) => new App(engine));
app.then((a) => {
  (window as unknown as { __magbone: unknown }).__magbone = a;
  return a.start().catch((e: unknown) => a.setStatus(`The app could not start: ${e instanceof Error ? e.message : String(e)}`, true));
}).catch((e: unknown) => {
  document.getElementById('status')!.textContent = `The app could not load: ${e instanceof Error ? e.message : String(e)}`;
});

if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  // the service worker caches every file of the build, so the page works offline once loaded. It is
  // registered once the first run is drawn (10 s at the latest): its install fetches the whole build
  // (~2 MB: KaTeX, the mechanism map, other chunks), which would compete with the first load.
  const register = (): void => { navigator.serviceWorker.register('./sw.js').catch(() => { /* offline use unavailable (e.g. a file:// page) */ }); };
  const latest = new Promise<void>((resolve) => setTimeout(resolve, 10_000));
  void Promise.race([app.then((a) => a.firstDrawn), latest]).then(register, register);
}
