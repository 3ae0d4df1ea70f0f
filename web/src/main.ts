/** Entry point: styles, the engine worker, the app, and (in the built site) the offline cache. */
import './style.css';
import { Engine } from './engine.js';
import { App } from './app.js';

const app = new App(new Engine());
(window as unknown as { __magbone: App }).__magbone = app;
app.start().catch((e: unknown) => app.setStatus(`The app could not start: ${e instanceof Error ? e.message : String(e)}`, true));

if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  // the service worker caches every file of the build, so the page works offline once loaded
  navigator.serviceWorker.register('./sw.js').catch(() => { /* offline use unavailable (e.g. a file:// page) */ });
}
