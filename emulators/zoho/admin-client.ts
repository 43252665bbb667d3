// Typed client for /__admin over HTTP (global fetch), plus completeConsent, which loads the
// consent page and submits its form the way a browser would.

import type { EmulatorInfo } from './admin';
import type { CountersSnapshot } from './counters';
import type { ActiveFault, FaultSpec } from './faults/types';
import type { DataCenter } from './seed/orgs';
import type { ModuleName } from './seed/schema';

export type AdminRecord = Record<string, unknown> & { id: string };

export interface CountersAnswer extends CountersSnapshot {
  limits: { creditsPerDay: number; concurrency: number; creditsUsed: Record<string, number>; inFlight: Record<string, number> };
}

function decodeEntities(text: string): string {
  return text.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

type UserArg = string | { user?: string | undefined } | undefined;

function userOf(arg: UserArg): { user?: string } {
  const user = typeof arg === 'string' ? arg : arg?.user;
  return user === undefined ? {} : { user };
}

export class ZohoAdminClient {
  /** `await admin.counters()` reads them; `await admin.counters.reset()` zeroes them (and credits). */
  readonly counters: (() => Promise<CountersAnswer>) & { reset(): Promise<void> };

  /** @param adminUrl e.g. http://127.0.0.1:8787/__admin */
  constructor(readonly adminUrl: string) {
    const read = () => this.call<CountersAnswer>('GET', '/counters');
    this.counters = Object.assign(read, { reset: () => this.resetCounters() });
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.adminUrl}${path}`, {
      method,
      headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    const value: unknown = text === '' ? null : JSON.parse(text);
    if (!res.ok) {
      const message = value && typeof value === 'object' && 'error' in value ? String((value as { error: unknown }).error) : text;
      throw new Error(`admin ${method} ${path} answered ${res.status}: ${message}`);
    }
    return value as T;
  }

  info(): Promise<EmulatorInfo> {
    return this.call('GET', '/info');
  }

  /** Reseeds both orgs (lazily); tokens survive unless `tokens: true`. Counters and credits reset. */
  reset(body: { seed?: number; records?: number; moduleSizes?: Partial<Record<ModuleName, number>>; tokens?: boolean } = {}): Promise<{ seed: number; moduleSizes: Record<ModuleName, number>; tokensCleared: boolean }> {
    return this.call('POST', '/reset', body);
  }

  /** A grant code as Zoho's API console self-client makes it: exchange it with no redirect_uri. */
  selfClient(body: { client_id?: string; scope: string; user: string; durationSeconds?: number }): Promise<{ code: string; location: DataCenter; 'accounts-server': string; expires_in: number }> {
    return this.call('POST', '/self-client', body);
  }

  createClient(body: { name?: string; redirect_uris: string[] }): Promise<{ client_id: string; client_secret: string; redirect_uris: string[] }> {
    return this.call('POST', '/clients', body);
  }

  getRecord(dc: DataCenter, module: ModuleName, id: string): Promise<AdminRecord> {
    return this.call('GET', `/orgs/${dc}/records/${module}/${id}`);
  }

  listRecords(dc: DataCenter, module: ModuleName, opts: { limit?: number; offset?: number } = {}): Promise<{ total: number; records: AdminRecord[] }> {
    return this.call('GET', `/orgs/${dc}/records/${module}?limit=${opts.limit ?? 200}&offset=${opts.offset ?? 0}`);
  }

  addRecord(dc: DataCenter, module: ModuleName, values: Record<string, unknown>): Promise<AdminRecord> {
    return this.call('POST', `/orgs/${dc}/records/${module}`, values);
  }

  /** Changes a record as another CRM user would; Modified_Time advances. */
  patchRecord(dc: DataCenter, module: ModuleName, id: string, patch: Record<string, unknown>): Promise<AdminRecord> {
    return this.call('PATCH', `/orgs/${dc}/records/${module}/${id}`, patch);
  }

  deleteRecord(dc: DataCenter, module: ModuleName, id: string): Promise<{ deleted: Record<string, unknown> }> {
    return this.call('DELETE', `/orgs/${dc}/records/${module}/${id}`);
  }

  /** Expires the access tokens of one user (e-mail) or of everyone; refresh tokens keep working. */
  expireTokens(user?: UserArg): Promise<{ expired: number }> {
    return this.call('POST', '/tokens/expire', userOf(user));
  }

  /** Revokes refresh and access tokens of one user (e-mail) or of everyone. */
  revokeTokens(user?: UserArg): Promise<{ revoked: { refreshTokens: number; accessTokens: number } }> {
    return this.call('POST', '/tokens/revoke', userOf(user));
  }

  addFault(spec: FaultSpec): Promise<ActiveFault> {
    return this.call('POST', '/faults', spec);
  }

  /** Same as addFault. */
  injectFault(spec: FaultSpec): Promise<ActiveFault> {
    return this.addFault(spec);
  }

  async listFaults(): Promise<ActiveFault[]> {
    return (await this.call<{ faults: ActiveFault[] }>('GET', '/faults')).faults;
  }

  async clearFaults(): Promise<void> {
    await this.call('DELETE', '/faults');
  }

  async resetCounters(): Promise<void> {
    await this.call('POST', '/counters/reset');
  }

  setLimits(limits: { creditsPerDay?: number; concurrency?: number }): Promise<unknown> {
    return this.call('POST', '/limits', limits);
  }

  advanceClock(seconds: number): Promise<{ now: string; advancedSeconds: number }> {
    return this.call('POST', '/clock', { advanceSeconds: seconds });
  }

  clock(): Promise<{ now: string; advancedSeconds: number }> {
    return this.call('GET', '/clock');
  }

  /**
   * Loads the consent page at `authUrl`, picks `user`, presses Accept (or Deny) and returns the
   * redirect URL (code, state, location, accounts-server, or error). Throws if no redirect comes.
   */
  async completeConsent(authUrl: string, opts: { user: string; decision?: 'accept' | 'deny' }): Promise<string> {
    const page = await fetch(authUrl, { redirect: 'manual' });
    if (page.status >= 300 && page.status < 400) return page.headers.get('location') ?? '';
    const html = await page.text();
    if (page.status !== 200) throw new Error(`consent page answered ${page.status}: ${html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim()}`);
    const action = /<form[^>]*action="([^"]*)"/.exec(html)?.[1] ?? '/oauth/v2/auth';
    const form = new URLSearchParams();
    for (const m of html.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)) form.set(decodeEntities(m[1] ?? ''), decodeEntities(m[2] ?? ''));
    form.set('email', opts.user);
    form.set('decision', opts.decision ?? 'accept');
    const answer = await fetch(new URL(decodeEntities(action), authUrl), {
      method: 'POST', redirect: 'manual', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: form.toString(),
    });
    const location = answer.headers.get('location');
    if (answer.status !== 302 || !location) {
      const text = (await answer.text()).replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim();
      throw new Error(`consent submit answered ${answer.status}: ${text.slice(0, 300)}`);
    }
    return location;
  }
}
