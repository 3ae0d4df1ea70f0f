/**
 * A tiny static file server for the built web app, on 127.0.0.1 and a free port, started and
 * stopped by the tests themselves (no dependency, no network beyond loopback).
 */
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { spawn } from 'node:child_process';
import { ROOT } from '../helpers/paths.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png', '.woff2': 'font/woff2', '.woff': 'font/woff',
  '.ttf': 'font/ttf', '.map': 'application/json',
};

export interface StaticServer { url: string; close(): Promise<void>; requests: number }

export async function serveStatic(root: string): Promise<StaticServer> {
  const base = path.resolve(root);
  const state = { requests: 0 };
  const server = http.createServer((req, res) => {
    state.requests++;
    const rel = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    let file = path.resolve(base, '.' + rel);
    if (!file.startsWith(base)) { res.writeHead(403).end(); return; }
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    fs.readFile(file, (err, data) => {
      if (err) { res.writeHead(404, { 'content-type': 'text/plain' }).end('not found'); return; }
      res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache' });
      res.end(data);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    get requests() { return state.requests; },
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

/**
 * `vite preview` serving a built site on 127.0.0.1 (the server `npm run preview:web` starts): it
 * answers with `Vary: Origin`, which a service worker must ignore to serve its cache offline.
 */
export async function vitePreview(site: string): Promise<{ url: string; close(): Promise<void> }> {
  const free = http.createServer();
  await new Promise<void>((resolve) => free.listen(0, '127.0.0.1', resolve));
  const { port } = free.address() as AddressInfo;
  await new Promise<void>((resolve) => free.close(() => resolve()));
  const vite = path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  const child = spawn(process.execPath, [vite, 'preview', '--config', path.join(ROOT, 'web', 'vite.config.ts'), '--outDir', site,
    '--host', '127.0.0.1', '--port', String(port), '--strictPort'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
  child.stderr.on('data', (d: Buffer) => { out += d.toString(); });
  const url = `http://127.0.0.1:${port}/`;
  const t0 = Date.now();
  for (;;) {
    const ok = await fetch(url).then((r) => r.ok, () => false);
    if (ok) break;
    if (child.exitCode !== null || Date.now() - t0 > 30_000) { child.kill(); throw new Error(`vite preview did not start:\n${out}`); }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    close: () => new Promise<void>((resolve) => { if (child.exitCode !== null) { resolve(); return; } child.once('exit', () => resolve()); child.kill(); }),
  };
}
