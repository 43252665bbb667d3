// UrlFetchApp over real HTTP (http-bridge.ts) with Apps Script's semantics (§1.3, §5.3): payload
// encoding, mute/unmute, redirects, the manifest allowlist, size/URL/header limits, the daily
// quota, and the modelled cost of each call (latency.ts).

import { randomBytes } from 'node:crypto';
import { GasError } from '../execution';
import { requireMode, requireScope, SCOPES, type ServiceEnv } from '../env';
import type { WireRequest, WireResponse } from '../http-bridge';
import {
  MESSAGES, URLFETCH_CALLS_PER_DAY, URLFETCH_MAX_BYTES, URLFETCH_MAX_HEADERS, URLFETCH_MAX_REDIRECTS, URLFETCH_MAX_URL_LENGTH,
  URLFETCH_TIMEOUT_MS,
} from '../limits';
import { GasObject, unwrapGas } from '../realm';
import { countQuota } from '../state';
import { Blob, toSignedBytes } from './utilities';

export const USER_AGENT = 'Mozilla/5.0 (compatible; Google-Apps-Script; beanserver; +https://script.google.com; id: UAEmdDd-emulator)';

export interface FetchParams {
  url?: string; method?: string; headers?: Record<string, unknown>; contentType?: string; payload?: unknown;
  muteHttpExceptions?: boolean; followRedirects?: boolean; validateHttpsCertificates?: boolean; escaping?: boolean;
}

interface Prepared { wire: WireRequest; contentType?: string; payloadText?: string; muted: boolean }

export class UrlFetchAppImpl extends GasObject {
  constructor(readonly _env: ServiceEnv) { super(_env.ex); }
  _kind() { return 'UrlFetchApp'; }

  fetch(url: string, params?: FetchParams): HTTPResponse {
    return this._send([this._prepare(url, params ?? {})])[0]!;
  }

  fetchAll(requests: Array<string | FetchParams>): HTTPResponse[] {
    if (!Array.isArray(requests)) throw new GasError('Invalid argument: requests');
    const prepared = requests.map((r) => {
      const p = (typeof r === 'string' ? { url: r } : unwrapGas(r)) as FetchParams;
      return this._prepare(String(p.url), p);
    });
    return this._send(prepared);
  }

  getRequest(url: string, params?: FetchParams): Record<string, unknown> {
    const p = this._prepare(url, params ?? {}, false);
    const headers: Record<string, string> = { ...p.wire.headers };
    delete headers['User-Agent'];
    return {
      url: p.wire.url, method: p.wire.method.toLowerCase(), headers, contentType: p.contentType ?? null,
      payload: p.payloadText ?? '', followRedirects: p.wire.followRedirects, validateHttpsCertificates: p.wire.validateHttpsCertificates,
      useIntranet: false,
    };
  }

  _prepare(rawUrl: string, params: FetchParams, enforce = true): Prepared {
    const env = this._env;
    if (enforce) {
      requireMode(env, 'UrlFetchApp.fetch', ['NONE', 'LIMITED']);
      requireScope(env, 'UrlFetchApp.fetch', SCOPES.externalRequest);
    }
    const url = params.escaping === false ? String(rawUrl) : encodeURI(decodeSafe(String(rawUrl)));
    if (!/^https?:\/\/[^/]/i.test(url)) throw new GasError(MESSAGES.invalidUrl(String(rawUrl)));
    if (url.length > URLFETCH_MAX_URL_LENGTH) throw new GasError(MESSAGES.urlTooLong);
    if (enforce && !this._allowed(url)) throw new GasError(MESSAGES.notAllowlisted(url));
    const method = String(params.method ?? 'get').toUpperCase();
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(params.headers ?? {})) headers[k] = String(v);
    if (Object.keys(headers).length > URLFETCH_MAX_HEADERS) throw new GasError(MESSAGES.tooManyHeaders);
    let body: Uint8Array | undefined; let contentType: string | undefined; let payloadText: string | undefined;
    const payload = unwrapGas(params.payload);
    if (payload !== undefined && payload !== null && method !== 'GET') {
      ({ body, contentType } = encodePayload(payload, params.contentType));
      payloadText = Buffer.from(body).toString('utf8');
    } else if (params.contentType) contentType = String(params.contentType);
    if (contentType && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['Content-Type'] = contentType;
    if (!Object.keys(headers).some((h) => h.toLowerCase() === 'user-agent')) headers['User-Agent'] = USER_AGENT;
    if (body && body.length > URLFETCH_MAX_BYTES) throw new GasError(MESSAGES.fetchTooLarge);
    return {
      wire: {
        url, method, headers, body, followRedirects: params.followRedirects !== false, maxRedirects: URLFETCH_MAX_REDIRECTS,
        validateHttpsCertificates: params.validateHttpsCertificates !== false, timeoutMs: URLFETCH_TIMEOUT_MS,
      },
      contentType, payloadText, muted: params.muteHttpExceptions === true,
    };
  }

  _allowed(url: string): boolean {
    const list = this._env.manifest.urlFetchWhitelist;
    const extra = this._env.opts.urlFetchAllowlistExtra;
    if (!list) return true; // §2.4: without urlFetchWhitelist every URL may be fetched
    return [...list, ...extra].some((prefix) => matchesPrefix(url, prefix));
  }

  _send(prepared: Prepared[]): HTTPResponse[] {
    const ex = this._ex; const lat = ex.latency;
    for (const _ of prepared) {
      if (countQuota(this._env.state, ex.clock.now(), ex.user, 'urlfetch') > URLFETCH_CALLS_PER_DAY) throw new GasError(MESSAGES.urlFetchQuota);
    }
    const answers = this._env.http.send(prepared.map((p) => p.wire));
    // fetchAll sends its members in parallel, so the script waits once for all of them.
    ex.counters.urlfetchRounds++;
    let slowest = 0;
    const out = answers.map((a, i) => {
      const p = prepared[i]!;
      const sent = (p.wire.body?.length ?? 0) + p.wire.url.length + Object.entries(p.wire.headers).reduce((n, [k, v]) => n + k.length + v.length + 4, 0) + 16;
      ex.counters.urlfetchCalls++;
      ex.counters.urlfetchBytesSent += sent;
      const received = a.ok ? a.body.length : 0;
      ex.counters.urlfetchBytesReceived += received;
      slowest = Math.max(slowest, lat.urlFetchRoundTripMs + (sent + received) / lat.urlFetchBytesPerMs);
      return { a, p };
    });
    ex.charge(slowest + (prepared.length > 1 ? prepared.length * lat.urlFetchAllPerRequestMs : 0));
    // The requests have reached the server and come back; a kill armed for one of them
    // (ExecutionContext.killAfterUrlFetch) ends the run here, before the script sees a response.
    ex.urlFetchesReturned(prepared.map((p) => p.wire));
    return out.map(({ a, p }) => toResponse(this._env, a, p));
  }
}

function decodeSafe(s: string): string {
  try { return decodeURI(s); } catch { return s; }
}

/** Prefix matching as the manifest allowlist does it, with one leading `*.` wildcard allowed. */
function matchesPrefix(url: string, prefix: string): boolean {
  const m = /^(https?:\/\/)\*\.(.*)$/.exec(prefix);
  if (!m) return url.startsWith(prefix);
  const rest = url.slice(m[1]!.length);
  const dot = rest.indexOf('.');
  return url.startsWith(m[1]!) && dot > 0 && rest.slice(dot + 1).startsWith(m[2]!);
}

function encodePayload(payload: unknown, contentType: string | undefined): { body: Uint8Array; contentType: string } {
  if (typeof payload === 'string') return { body: Buffer.from(payload, 'utf8'), contentType: contentType ?? 'application/x-www-form-urlencoded' };
  if (Array.isArray(payload)) return { body: Uint8Array.from(payload as number[], (b) => b & 0xff), contentType: contentType ?? 'application/x-www-form-urlencoded' };
  if (payload instanceof Blob) return { body: payload._bytes, contentType: contentType ?? payload._contentType ?? 'application/octet-stream' };
  const entries = Object.entries(payload as Record<string, unknown>).map(([k, v]) => [k, unwrapGas(v)] as const);
  if (entries.some(([, v]) => v instanceof Blob)) {
    // §1.3: an object payload with a Blob is sent as multipart/form-data.
    const boundary = `----AppsScriptBoundary${randomBytes(8).toString('hex')}`;
    const parts: Buffer[] = [];
    for (const [k, v] of entries) {
      if (v instanceof Blob) {
        parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"; filename="${v._name ?? k}"\r\nContent-Type: ${v._contentType ?? 'application/octet-stream'}\r\n\r\n`));
        parts.push(Buffer.from(v._bytes));
      } else {
        parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${formValue(v)}`));
      }
      parts.push(Buffer.from('\r\n'));
    }
    parts.push(Buffer.from(`--${boundary}--\r\n`));
    return { body: new Uint8Array(Buffer.concat(parts)), contentType: `multipart/form-data; boundary=${boundary}` };
  }
  const form = entries.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(formValue(v))}`).join('&');
  return { body: Buffer.from(form, 'utf8'), contentType: 'application/x-www-form-urlencoded' };
}

function formValue(v: unknown): string {
  return v === undefined ? 'undefined' : v === null ? 'null' : String(v);
}

function toResponse(env: ServiceEnv, a: WireResponse, p: Prepared): HTTPResponse {
  const url = p.wire.url;
  if (!a.ok) {
    if (a.code === 'ENOTFOUND' || a.code === 'EAI_AGAIN') throw new GasError(MESSAGES.dnsError(url));
    if (a.code === 'ETIMEDOUT') throw new GasError(MESSAGES.timeout(url));
    if (a.code === 'ETOOLARGE') throw new GasError(MESSAGES.responseTooLarge);
    throw new GasError(MESSAGES.addressUnavailable(url));
  }
  const res = new HTTPResponse(env, a.status, a.headers, a.body);
  if (a.status >= 400 && !p.muted) {
    const origin = new URL(url).origin;
    throw new GasError(MESSAGES.requestFailed(origin, a.status, Buffer.from(a.body).toString('utf8').slice(0, 500))); // GUESS: truncation length
  }
  return res;
}

export class HTTPResponse extends GasObject {
  constructor(readonly _env: ServiceEnv, readonly _status: number, readonly _headers: Array<[string, string]>, readonly _body: Uint8Array) { super(_env.ex); }
  _kind() { return 'HTTPResponse'; }
  getResponseCode(): number { return this._status; }
  getContentText(charset?: string): string {
    const cs = String(charset ?? charsetOf(this._header('content-type')) ?? 'utf-8').toLowerCase();
    return Buffer.from(this._body).toString(cs === 'iso-8859-1' || cs === 'latin1' || cs === 'us-ascii' ? 'latin1' : 'utf8');
  }
  getContent(): number[] { return toSignedBytes(this._body); }
  getBlob(): Blob { return new Blob(this._env, this._body, this._header('content-type')?.split(';')[0]?.trim(), undefined); }
  getAs(contentType: string): Blob { return new Blob(this._env, this._body, String(contentType), undefined); }
  /** Headers with one value each (the last for repeated names), keys as the server spelled them. */
  getHeaders(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [k, v] of this._headers) out[k] = v;
    return out;
  }
  getAllHeaders(): Record<string, string | string[]> {
    const out: Record<string, string | string[]> = {};
    for (const [k, v] of this._headers) {
      const prev = out[k];
      out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
    }
    return out;
  }
  _header(name: string): string | undefined {
    return this._headers.find(([k]) => k.toLowerCase() === name)?.[1];
  }
}

function charsetOf(contentType: string | undefined): string | undefined {
  return /charset=([^;]+)/i.exec(contentType ?? '')?.[1]?.trim();
}
