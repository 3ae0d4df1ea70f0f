/**
 * Sharing by link: the scenario JSON, base64url-encoded in the URL hash (`#s=…`), with the open
 * view (`&view=mechanism`). Nothing leaves the browser; the link carries the whole state.
 */
import { isJsonObject, type JsonObject } from './store.js';

function toBase64Url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(s: string): string {
  const b64 = s.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (s.length % 4)) % 4);
  const bin = atob(b64);
  return new TextDecoder().decode(Uint8Array.from(bin, (c) => c.charCodeAt(0)));
}

export interface SharedState { scenario?: JsonObject; view?: string; error?: string }

export function encodeHash(scenario: JsonObject, view: string): string {
  const params = new URLSearchParams();
  params.set('s', toBase64Url(JSON.stringify(scenario)));
  if (view !== 'explore') params.set('view', view);
  return '#' + params.toString();
}

export function decodeHash(hash: string): SharedState {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const out: SharedState = {};
  const view = params.get('view');
  if (view) out.view = view;
  const s = params.get('s');
  if (s) {
    try {
      const parsed: unknown = JSON.parse(fromBase64Url(s));
      if (isJsonObject(parsed)) out.scenario = parsed;
      else out.error = 'the link\'s scenario is not a JSON object';
    } catch {
      out.error = 'the link\'s scenario could not be read (truncated or altered link?)';
    }
  }
  return out;
}
