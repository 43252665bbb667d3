// The Zoho CRM client: one place that sends requests, reads Zoho's answers and decides what a
// failure means. It talks HTTP only through HttpPort and gets tokens from an AccessTokenProvider,
// so it runs the same in Apps Script and in plain Node tests.

import type { SyncError } from '../errors';
import type { Clock, HttpPort, HttpRequest, HttpResponse, Random, TimeBudget } from '../ports';
import { CREDITS_EXHAUSTED, crmError, malformedAnswer, networkError } from './errors';
import { parallelReadsFor } from './concurrency';
import { parseJsonKeepingDigits } from './json-text';
import type { ZohoStatusItem } from './wire';

export interface AccessTokenProvider {
  /** A usable access token (the provider refreshes one that is about to expire). @throws SyncError */
  accessToken(): string;
  /** Forces one refresh after Zoho said INVALID_TOKEN; returns the new token. @throws SyncError */
  refreshAccessToken(): string;
}

export interface ZohoClientOptions {
  http: HttpPort;
  tokens: AccessTokenProvider;
  /** `https://www.zohoapis.eu`: from the token answer, checked against Zoho's domains. */
  apiDomain: string;
  clock: Clock;
  budget: TimeBudget;
  random?: Random;
  /** Attempts per request, the first included. */
  maxAttempts?: number;
}

export type QueryValue = string | number | boolean | undefined | null;

export interface ZohoRequest {
  method: HttpRequest['method'];
  /** Path below the API domain, e.g. `/crm/v8/Leads`. */
  path: string;
  query?: Record<string, QueryValue>;
  body?: unknown;
  headers?: Record<string, string>;
  /**
   * Whether sending twice is harmless. Reads and updates are; an insert is not, so an insert that
   * fails ambiguously (network, 5xx, unreadable answer) is never resent and its rows stay pending.
   */
  idempotent?: boolean;
  /**
   * A 400 whose body is a `data` array of per-record results is an answer, not a failure: Zoho
   * answers a write where every record failed that way (reference §6.3); so is a 412, an update
   * where every record was refused as modified after its If-Unmodified-Since (reference §6.2).
   */
  acceptErrorBody?: boolean;
}

export interface ZohoAnswer<T> {
  status: number;
  /** The parsed body; null for 204 (nothing) and 304 (not modified). */
  data: T | null;
  headers: Record<string, string>;
}

export const MAX_ATTEMPTS = 5;
const BASE_BACKOFF_MS = 1000;
const MAX_BACKOFF_MS = 20000;
/** Time kept back after a wait, so the caller can still save its cursor before the platform's limit. */
const RESERVE_AFTER_WAIT_MS = 30000;

export class ZohoClient {
  private readonly options: ZohoClientOptions;
  private readonly random: Random;
  /** Answers read ahead in parallel (prefetch), each taken once by the request() that asks for it. */
  private readonly prefetched = new Map<string, ZohoAnswer<unknown>>();
  /** How many requests each read-ahead answer stands for: two sheets asking the same of Zoho get one read. */
  private readonly prefetchUses = new Map<string, number>();
  private prefetchRounds = 0;
  /** Reads sent together at most: the runner sets it from the org's edition; until then, as for an unknown one. */
  parallelReads = parallelReadsFor(null);
  /**
   * Called before a write is sent (anything but a GET or a COQL query, which is a POST that only
   * reads): a sync confirms its lease there, so nothing reaches Zoho from a run that lost it.
   */
  beforeWrite: () => void = () => undefined;
  /** Reads Zoho refused with a 429 while reading ahead: their turn starts with the backoff. */
  private readonly refusedAhead = new Map<string, { error: SyncError; retryAfter: number | undefined }>();

  constructor(options: ZohoClientOptions) {
    this.options = options;
    this.random = options.random ?? Math.random;
  }

  get apiDomain(): string {
    return this.options.apiDomain;
  }

  /**
   * Sends one request, retrying what can safely be retried: 429 and 5xx with exponential backoff
   * and jitter while the execution has time for it, network errors likewise, and INVALID_TOKEN
   * once after one forced refresh (Zoho mints only 10 tokens per 10 minutes, so never in a loop).
   * @throws SyncError for every failure; TimeBudgetExhausted when waiting would not fit.
   */
  request<T>(req: ZohoRequest): ZohoAnswer<T> {
    const ahead = this.takePrefetched(req);
    if (ahead) return ahead as ZohoAnswer<T>;
    if (req.method !== 'get' && !req.path.endsWith('/coql')) this.beforeWrite();
    const operation = `${req.method.toUpperCase()} ${req.path}`;
    const maxAttempts = this.options.maxAttempts ?? MAX_ATTEMPTS;
    const idempotent = req.idempotent ?? req.method === 'get';
    let refreshed = false;
    let token = this.options.tokens.accessToken();
    let first = 1;
    const refused = this.refusedAhead.get(prefetchKey(req));
    if (refused) {
      this.refusedAhead.delete(prefetchKey(req));
      this.backOff(1, refused.retryAfter, refused.error);
      first = 2;
    }

    for (let attempt = first; ; attempt++) {
      let response: HttpResponse;
      try {
        response = this.options.http.send(this.buildHttpRequest(req, token));
      } catch (cause) {
        const error = networkError(operation, cause);
        if (!idempotent || attempt >= maxAttempts) throw error;
        this.backOff(attempt, undefined, error);
        continue;
      }

      const { status } = response;
      if (status === 204 || status === 304) return { status, data: null, headers: response.headers };

      const parsed = parseJson(response.body);
      if (status >= 200 && status < 300) {
        if (!parsed.ok) {
          const error = malformedAnswer(operation, status, parsed.detail);
          if (!idempotent || attempt >= maxAttempts) throw error;
          this.backOff(attempt, undefined, error);
          continue;
        }
        const refusal = isRead(req) ? errorBodyOf(parsed.value) : null;
        if (refusal) {
          // Read as an empty list, it would look like "nothing changed" or "no record matches".
          const error = malformedAnswer(operation, status, `Zoho's error ${refusal} instead of data`);
          if (attempt >= maxAttempts) throw error;
          this.backOff(attempt, undefined, error);
          continue;
        }
        return { status, data: parsed.value as T, headers: response.headers };
      }

      if (req.acceptErrorBody && (status === 400 || status === 412) && parsed.ok && Array.isArray((parsed.value as { data?: unknown })?.data)) {
        return { status, data: parsed.value as T, headers: response.headers };
      }
      const body = (parsed.ok && parsed.value && typeof parsed.value === 'object' ? parsed.value : {}) as Partial<ZohoStatusItem>;
      const error = crmError({ operation, status, code: body.code, message: body.message, details: body.details });
      if (status === 401 && (body.code === 'INVALID_TOKEN' || body.code === 'AUTHENTICATION_FAILURE') && !refreshed) {
        refreshed = true;
        token = this.options.tokens.refreshAccessToken();
        continue;
      }
      // A 429 was refused before Zoho did anything, so even an insert may be resent.
      const retryable = (status === 429 && error.code !== CREDITS_EXHAUSTED) || (status >= 500 && idempotent);
      if (!retryable || attempt >= maxAttempts) throw error;
      this.backOff(attempt, retryAfterMs(response.headers), error);
    }
  }

  /**
   * Reads independent requests ahead, together (UrlFetchApp.fetchAll), at most `maxParallel` in
   * flight, and keeps each good answer for the request() that later asks for exactly it. Nothing
   * else changes: the caller still calls request() in its own order. A member that failed (a 429,
   * a 5xx, a dropped connection, an unreadable answer) is not kept, so that request() makes the
   * call itself with its usual retries: only that member is repeated. A 401 INVALID_TOKEN refreshes
   * the token once for the whole batch and sends those members once more.
   * Only reads may be prefetched: a write must never be sent before its turn. The same read listed
   * twice (two sheets of one module asking from the same moment) is sent once and answers both.
   * @returns the number of round trips it took
   */
  prefetch(requests: readonly ZohoRequest[], maxParallel = this.parallelReads): number {
    const http = this.options.http;
    const reads = requests.filter((r) => r.method === 'get' && !this.prefetched.has(prefetchKey(r)));
    if (!http.sendAll || reads.length < 2) return 0;
    const unique = reads.filter((r, i) => reads.findIndex((o) => prefetchKey(o) === prefetchKey(r)) === i);
    for (const r of reads) this.prefetchUses.set(prefetchKey(r), (this.prefetchUses.get(prefetchKey(r)) ?? 0) + 1);
    let rounds = 0;
    let refreshed = false;
    let pending = unique;
    let token = this.options.tokens.accessToken();
    while (pending.length) {
      const expired: ZohoRequest[] = [];
      for (let i = 0; i < pending.length; i += maxParallel) {
        const batch = pending.slice(i, i + maxParallel);
        rounds++;
        let answers: Array<HttpResponse | Error>;
        try {
          answers = http.sendAll(batch.map((r) => this.buildHttpRequest(r, token)));
        } catch {
          // UrlFetchApp.fetchAll throws for the whole batch when one member gets no answer.
          continue;
        }
        batch.forEach((req, j) => {
          const response = answers[j];
          if (!response || response instanceof Error) return;
          if (response.status === 204 || response.status === 304) {
            this.prefetched.set(prefetchKey(req), { status: response.status, data: null, headers: response.headers });
            return;
          }
          const parsed = parseJson(response.body);
          if (response.status >= 200 && response.status < 300 && parsed.ok && !errorBodyOf(parsed.value)) {
            this.prefetched.set(prefetchKey(req), { status: response.status, data: parsed.value, headers: response.headers });
          } else if (response.status === 401 && parsed.ok && isExpiredToken(parsed.value)) {
            expired.push(req);
          } else if (response.status === 429) {
            const body = (parsed.ok && parsed.value && typeof parsed.value === 'object' ? parsed.value : {}) as Partial<ZohoStatusItem>;
            const error = crmError({ operation: `GET ${req.path}`, status: 429, code: body.code, message: body.message, details: body.details });
            if (error.code !== CREDITS_EXHAUSTED) this.refusedAhead.set(prefetchKey(req), { error, retryAfter: retryAfterMs(response.headers) });
          }
        });
        this.takeAsOneMoment(batch.map(prefetchKey));
      }
      if (!expired.length || refreshed) break;
      refreshed = true;
      token = this.options.tokens.refreshAccessToken();
      pending = expired;
    }
    for (const r of unique) if (!this.prefetched.has(prefetchKey(r))) this.prefetchUses.delete(prefetchKey(r));
    this.prefetchRounds += rounds;
    return rounds;
  }

  /**
   * The members of one fetchAll leave together; each answer is taken as of the earliest Date among
   * them. A pull's watermark comes from that Date, so two sheets of one module read together keep
   * one watermark (and share their reads next time) even when Zoho's clock ticked between the two
   * answers; an earlier watermark only reads a second more again.
   */
  private takeAsOneMoment(keys: readonly string[]): void {
    const dated = keys.flatMap((key) => {
      const answer = this.prefetched.get(key);
      const header = answer && Object.keys(answer.headers).find((k) => k.toLowerCase() === 'date');
      const at = header ? Date.parse(answer.headers[header]!) : NaN;
      return answer && header && Number.isFinite(at) ? [{ key, answer, header, at }] : [];
    });
    if (dated.length < 2) return;
    const earliest = dated.reduce((a, b) => (b.at < a.at ? b : a));
    for (const { key, answer, header } of dated) {
      this.prefetched.set(key, { ...answer, headers: { ...answer.headers, [header]: earliest.answer.headers[earliest.header]! } });
    }
  }

  /** Drops what was read ahead below `pathPrefix` (a write there may have made it stale). */
  forgetReadAhead(pathPrefix: string): void {
    for (const key of [...this.prefetched.keys()]) {
      // The path itself, or below it: /crm/v8/Leads drops Leads' reads, not those of a module named Leads_Archive.
      if (key.startsWith(`get ${pathPrefix}?`) || key.startsWith(`get ${pathPrefix}/`) || key.startsWith(`get ${pathPrefix} `)) {
        this.prefetched.delete(key);
        this.prefetchUses.delete(key);
      }
    }
  }

  /** Round trips spent reading ahead in this client's life. */
  get roundsReadAhead(): number {
    return this.prefetchRounds;
  }

  private takePrefetched(req: ZohoRequest): ZohoAnswer<unknown> | undefined {
    if (req.method !== 'get' || !this.prefetched.size) return undefined;
    const key = prefetchKey(req);
    const answer = this.prefetched.get(key);
    if (!answer) return undefined;
    const uses = (this.prefetchUses.get(key) ?? 1) - 1;
    if (uses > 0) {
      this.prefetchUses.set(key, uses);
    } else {
      this.prefetched.delete(key);
      this.prefetchUses.delete(key);
    }
    return answer;
  }

  private buildHttpRequest(req: ZohoRequest, token: string): HttpRequest {
    const headers: Record<string, string> = { Authorization: `Zoho-oauthtoken ${token}`, ...req.headers };
    const http: HttpRequest = { url: this.options.apiDomain + req.path + encodeQuery(req.query), method: req.method, headers };
    if (req.body !== undefined) {
      http.body = JSON.stringify(req.body);
      http.contentType = 'application/json';
    }
    return http;
  }

  /** Waits before the next attempt, or gives up with `lastError` when the wait would not fit. */
  private backOff(attempt: number, retryAfter: number | undefined, lastError: SyncError): void {
    const ceiling = Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * Math.pow(2, attempt - 1));
    // Equal jitter: half fixed, half random, so executions that failed together spread out.
    const wait = Math.max(retryAfter ?? 0, ceiling / 2 + this.random() * (ceiling / 2));
    if (this.options.budget.remainingMs() - wait < RESERVE_AFTER_WAIT_MS) throw lastError;
    this.options.clock.sleep(Math.round(wait));
  }
}

/** A read's identity: its path, query and headers (the token aside). */
function prefetchKey(req: ZohoRequest): string {
  return `${req.method} ${req.path}${encodeQuery(req.query)} ${JSON.stringify(req.headers ?? {})}`;
}

/** Whether a request only reads: a GET, or a COQL query (a POST that reads). */
function isRead(req: ZohoRequest): boolean {
  return req.method === 'get' || req.path.endsWith('/coql');
}

/**
 * `CODE (message)` when a body is Zoho's error shape ({code, details, message, status: "error"},
 * reference §8) rather than data; null otherwise. Zoho sends it with 4xx/5xx; behind a 2xx (a proxy,
 * an API bug) it must not pass for an answer. Per-record results inside `data` are not this.
 */
function errorBodyOf(body: unknown): string | null {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return null;
  const { status, code, message } = body as { status?: unknown; code?: unknown; message?: unknown };
  if (status !== 'error' || typeof code !== 'string') return null;
  return typeof message === 'string' && message ? `${code} (${message})` : code;
}

function isExpiredToken(body: unknown): boolean {
  const code = (body as { code?: unknown } | null)?.code;
  return code === 'INVALID_TOKEN' || code === 'AUTHENTICATION_FAILURE';
}

/** `?a=1&b=x%2Cy` with undefined and null values left out; '' when nothing remains. */
export function encodeQuery(query: Record<string, QueryValue> | undefined): string {
  if (!query) return '';
  const parts: string[] = [];
  for (const key of Object.keys(query)) {
    const value = query[key];
    if (value === undefined || value === null) continue;
    parts.push(`${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`);
  }
  return parts.length ? `?${parts.join('&')}` : '';
}

function parseJson(body: string): { ok: true; value: unknown } | { ok: false; detail: string } {
  if (!body) return { ok: false, detail: 'an empty body' };
  try {
    return { ok: true, value: parseJsonKeepingDigits(body) };
  } catch {
    return { ok: false, detail: `a body that is not JSON (${body.length} characters)` };
  }
}

function retryAfterMs(headers: Record<string, string>): number | undefined {
  const key = Object.keys(headers).find((k) => k.toLowerCase() === 'retry-after');
  const seconds = key ? Number(headers[key]) : NaN;
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}
