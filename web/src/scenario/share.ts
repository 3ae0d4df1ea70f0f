/**
 * Sharing by link: the scenario JSON, base64url-encoded in the URL hash (`#s=…`), the pinned runs'
 * scenarios (`&p=…`, a JSON array) and the open view (`&view=mechanism`). Nothing leaves the
 * browser; the link carries the whole state, and the pinned runs are simulated again on opening.
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

export interface SharedState { scenario?: JsonObject; pinned: JsonObject[]; view?: string; error?: string }

export function encodeHash(scenario: JsonObject, view: string, pinned: readonly JsonObject[] = []): string {
  const params = new URLSearchParams();
  params.set('s', toBase64Url(JSON.stringify(scenario)));
  if (pinned.length) params.set('p', toBase64Url(JSON.stringify(pinned)));
  if (view !== 'explore') params.set('view', view);
  return '#' + params.toString();
}

export function decodeHash(hash: string): SharedState {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const out: SharedState = { pinned: [] };
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
  const p = params.get('p');
  if (p) {
    try {
      const parsed: unknown = JSON.parse(fromBase64Url(p));
      if (Array.isArray(parsed) && parsed.every(isJsonObject)) out.pinned = parsed;
      else out.error = 'the link\'s pinned runs are not a list of scenarios';
    } catch {
      out.error = 'the link\'s pinned runs could not be read (truncated or altered link?)';
    }
  }
  return out;
}
