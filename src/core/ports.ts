// The small interfaces core needs from the outside world. src/gas implements them over Apps Script
// services; tests implement them with in-memory fakes. Nothing here knows about Apps Script.

/** One HTTP exchange, synchronous as UrlFetchApp is. Never throws for an HTTP status. */
export interface HttpRequest {
  url: string;
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  headers?: Record<string, string>;
  /** A JSON or form body already serialised; contentType says which. */
  body?: string;
  contentType?: string;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface HttpPort {
  /**
   * Sends one request. Returns any HTTP status as a response.
   * @throws Error only when no answer arrived (DNS, refused, timeout, dropped connection).
   */
  send(request: HttpRequest): HttpResponse;
  /** Sends several requests in parallel; answers in request order. A failed one is an Error in place. */
  sendAll?(requests: HttpRequest[]): Array<HttpResponse | Error>;
}

/** A best-effort cache (CacheService): entries may vanish before their TTL. */
export interface CachePort {
  get(key: string): string | null;
  put(key: string, value: string, ttlSeconds: number): void;
  remove(key: string): void;
}

/** Wall-clock time and waiting, both measured in milliseconds. */
export interface Clock {
  now(): number;
  sleep(ms: number): void;
}

/** How much of this execution's time is left, so retries and long jobs stop before the platform kills them. */
export interface TimeBudget {
  remainingMs(): number;
}

/** Source of randomness for backoff jitter; injectable so tests are deterministic. */
export type Random = () => number;
