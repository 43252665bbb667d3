// Zoho's consent page, reached through the playground. The add-on's redirect URI is Apps Script's
// https://script.google.com/macros/d/{scriptId}/usercallback, which a browser cannot reach here.
// So the playground stands where accounts.zoho.com stands: /oauth/v2/auth is passed byte for byte
// to the emulator's US accounts server (which renders its real page and issues the real code), and
// only the final redirect to script.google.com is pointed at the playground's own /usercallback,
// which hands the unchanged URL to the runtime. The code exchange never passes through here: the
// add-on sends it from the runtime straight to the emulator, with the redirect_uri it registered.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { REDIRECT_URI } from './workspace';

export const CONSENT_PATH = '/oauth/v2/auth';
export const CALLBACK_PATH = '/usercallback';

/** Where Location headers to Apps Script's callback are sent instead (same query string). */
export function localCallback(location: string): string | null {
  if (!location.startsWith(REDIRECT_URI)) return null;
  const rest = location.slice(REDIRECT_URI.length);
  return rest === '' || rest.startsWith('?') ? `${CALLBACK_PATH}${rest}` : null;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** GET or POST /oauth/v2/auth?… → the emulator's accounts server; its answer comes back unchanged but for that one redirect. */
export async function proxyConsent(req: IncomingMessage, res: ServerResponse, accountsServer: string, search: string): Promise<void> {
  const method = req.method === 'POST' ? 'POST' : 'GET';
  const body = method === 'POST' ? new Uint8Array(await readBody(req)) : undefined;
  const headers: Record<string, string> = {};
  if (req.headers['content-type']) headers['Content-Type'] = req.headers['content-type'];
  const answer = await fetch(`${accountsServer}${CONSENT_PATH}${search}`, { method, headers, body, redirect: 'manual' });
  const out: Record<string, string> = {};
  const contentType = answer.headers.get('content-type');
  if (contentType) out['Content-Type'] = contentType;
  const location = answer.headers.get('location');
  if (location) out.Location = localCallback(location) ?? location;
  const payload = Buffer.from(await answer.arrayBuffer());
  out['Content-Length'] = String(payload.length);
  res.writeHead(answer.status, out);
  res.end(payload);
}
