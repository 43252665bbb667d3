// Small in-memory implementations of core's ports, for unit tests of core in plain Node.

import type { CachePort, Clock, HttpPort, HttpRequest, HttpResponse, TimeBudget } from '../../src/core/ports';

export type ScriptedAnswer = Partial<HttpResponse> | Error | ((request: HttpRequest) => Partial<HttpResponse> | Error);

/** An HttpPort that answers from a script, in order, and records every request. */
export class ScriptedHttp implements HttpPort {
  readonly requests: HttpRequest[] = [];
  private readonly answers: ScriptedAnswer[];

  constructor(answers: ScriptedAnswer[]) {
    this.answers = [...answers];
  }

  send(request: HttpRequest): HttpResponse {
    this.requests.push(request);
    const next = this.answers.shift();
    if (next === undefined) throw new Error(`unexpected request ${request.method} ${request.url}`);
    const answer = typeof next === 'function' ? next(request) : next;
    if (answer instanceof Error) throw answer;
    return { status: 200, headers: {}, body: '', ...answer };
  }
}

export const json = (status: number, body: unknown, headers: Record<string, string> = {}): Partial<HttpResponse> =>
  ({ status, body: JSON.stringify(body), headers: { 'Content-Type': 'application/json', ...headers } });

export class FakeClock implements Clock, TimeBudget {
  nowMs: number;
  readonly sleeps: number[] = [];
  private readonly deadline: number;

  constructor(start = Date.UTC(2026, 0, 15, 9), budgetMs = 300000) {
    this.nowMs = start;
    this.deadline = start + budgetMs;
  }

  now(): number {
    return this.nowMs;
  }

  sleep(ms: number): void {
    this.sleeps.push(ms);
    this.nowMs += ms;
  }

  remainingMs(): number {
    return this.deadline - this.nowMs;
  }
}

export class MemoryCache implements CachePort {
  readonly entries = new Map<string, string>();
  get(key: string): string | null {
    return this.entries.get(key) ?? null;
  }
  put(key: string, value: string): void {
    if (value.length > 100 * 1024) throw new Error('Argument too large: value');
    this.entries.set(key, value);
  }
  remove(key: string): void {
    this.entries.delete(key);
  }
}
