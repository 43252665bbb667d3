// Typed client for /__admin over HTTP, plus completeConsent, which loads the consent page and
// submits its form the way a browser would. Plain node:http, one connection a request: no socket
// kept alive goes stale while a synchronous runtime blocks the caller's thread, and a process
// that only drives the emulator (the benchmark's) does not load fetch's HTTP stack.

import { request as httpRequest } from 'node:http';

import type { EmulatorInfo } from './admin';
import type { CountersSnapshot } from './counters';
import type { ActiveFault, FaultSpec } from './faults/types';
import type { DataCenter } from './seed/orgs';
import type { ModuleName } from './seed/schema';
import type { SharingAccess } from './store/types';

export type AdminRecord = Record<string, unknown> & { id: string };

export interface CountersAnswer extends CountersSnapshot {
  limits: { creditsPerDay: number; concurrency: number; creditsUsed: Record<string, number>; inFlight: Record<string, number> };
}

interface Answer { status: number; location: string | undefined; text: string }

function send(url: string | URL, method: string, headers: Record<string, string> = {}, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, location: res.headers.location, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
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
    const res = await send(`${this.adminUrl}${path}`, method,
      body === undefined ? {} : { 'Content-Type': 'application/json' },
      body === undefined ? undefined : JSON.stringify(body));
    const text = res.text;
    const value: unknown = text === '' ? null : JSON.parse(text);
    if (res.status < 200 || res.status > 299) {
      const message = value && typeof value === 'object' && 'error' in value ? String((value as { error: unknown }).error) : text;
      throw new Error(`admin ${method} ${path} answered ${res.status}: ${message}`);
    }
    return value as T;
  }

  info(): Promise<EmulatorInfo> {
    return this.call('GET', '/info');
  }

  /** Reseeds both orgs (lazily); tokens survive unless `tokens: true`. Counters and credits reset. */
  reset(body: { seed?: number; records?: number; moduleSizes?: Partial<Record<ModuleName, number>>; tokens?: boolean; users?: number } = {}): Promise<{ seed: number; moduleSizes: Record<ModuleName, number>; tokensCleared: boolean }> {
    return this.call('POST', '/reset', body);
  }

  /** A grant code as Zoho's API console self-client makes it: exchange it with no redirect_uri. */
  selfClient(body: { client_id?: string; scope: string; user: string; durationSeconds?: number }): Promise<{ code: string; location: DataCenter; 'accounts-server': string; expires_in: number }> {
    return this.call('POST', '/self-client', body);
  }

  createClient(body: { name?: string; redirect_uris: string[] }): Promise<{ client_id: string; client_secret: string; redirect_uris: string[] }> {
    return this.call('POST', '/clients', body);
  }

  /** Zoho's Multi-DC settings of a client: which data centers know it, and per-DC secrets. */
  setClientDataCenters(clientId: string, body: { data_centers?: DataCenter[] | null; dc_secrets?: Partial<Record<DataCenter, string>> }): Promise<{ client_id: string; data_centers: DataCenter[] | null; dc_secrets: DataCenter[] }> {
    return this.call('PATCH', `/clients/${clientId}`, body);
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

  /** An admin renames a field's label in Setup; settings/fields shows it from then on (reset undoes it). */
  renameField(dc: DataCenter, module: ModuleName, apiName: string, label: string): Promise<{ module: ModuleName; api_name: string; field_label: string }> {
    return this.call('PATCH', `/orgs/${dc}/fields/${module}/${apiName}`, { field_label: label });
  }

  /**
   * An admin deletes a custom field: settings/fields no longer lists it, a read naming it in `fields`
   * is refused (INVALID_DATA), and a write naming it gets "the field api name given seems to be invalid". Reset brings it back.
   */
  deleteField(dc: DataCenter, module: ModuleName, apiName: string): Promise<{ module: ModuleName; api_name: string; deleted: true }> {
    return this.call('DELETE', `/orgs/${dc}/fields/${module}/${apiName}`);
  }

  /** An admin edits a custom view's criteria (no record changes); GET with `cvid` follows them (reset undoes it). */
  setViewCriteria(dc: DataCenter, module: ModuleName, cvid: string, criteria: unknown): Promise<{ module: ModuleName; id: string; criteria: unknown }> {
    return this.call('PATCH', `/orgs/${dc}/custom_views/${module}/${cvid}`, { criteria });
  }

  /**
   * An admin turns on multi-currency: the org's own currency (its base) plus these. Records without a
   * currency of their own are in the base; `recordSymbols: false` drops `$currency_symbol` from records.
   * Reset makes the org single-currency again.
   */
  setCurrencies(dc: DataCenter, currencies: Array<{ iso_code: string; symbol: string; name?: string; exchange_rate?: string; decimal_places?: number }>, options: { recordSymbols?: boolean } = {}): Promise<unknown> {
    return this.call('POST', `/orgs/${dc}/currencies`, { currencies, ...(options.recordSymbols === undefined ? {} : { record_symbols: options.recordSymbols }) });
  }

  /** A colleague changes a record's currency in Zoho (an edit: Modified_Time moves). */
  /** An approval process or a blueprint locks a record (or releases it): its updates fail with RECORD_LOCKED. */
  lockRecord(dc: DataCenter, module: ModuleName, id: string, locked = true): Promise<{ id: string; locked: boolean }> {
    return this.call('POST', `/orgs/${dc}/records/${module}/${id}/lock`, { locked });
  }

  setRecordCurrency(dc: DataCenter, module: ModuleName, id: string, currency: string): Promise<AdminRecord> {
    return this.call('PATCH', `/orgs/${dc}/records/${module}/${id}/currency`, { currency });
  }

  /** An admin replaces a picklist's options in Setup; settings/fields and writes follow (reset undoes it). */
  setPicklist(dc: DataCenter, module: ModuleName, apiName: string, values: string[]): Promise<{ module: ModuleName; api_name: string; pick_list_values: string[] }> {
    return this.call('PATCH', `/orgs/${dc}/fields/${module}/${apiName}`, { pick_list_values: values });
  }

  /** An admin makes a field read-only for every profile, or editable again; settings/fields and writes follow (reset undoes it). */
  setFieldReadOnly(dc: DataCenter, module: ModuleName, apiName: string, readOnly: boolean): Promise<{ module: ModuleName; api_name: string; read_only: boolean }> {
    return this.call('PATCH', `/orgs/${dc}/fields/${module}/${apiName}`, { read_only: readOnly });
  }

  /**
   * Sets a module's default access in Data Sharing Settings. Under 'private' a user who is not an
   * administrator sees, updates and deletes only the records they own. Reset brings back 'public'.
   */
  setSharing(dc: DataCenter, module: ModuleName, access: SharingAccess): Promise<{ module: ModuleName; access: SharingAccess; sharing: Record<ModuleName, SharingAccess> }> {
    return this.call('POST', `/orgs/${dc}/sharing`, { module, access });
  }

  /** An admin takes a module away from a user's profile (permitted false) or gives it back; reset gives it back. */
  setModulePermission(dc: DataCenter, user: string, module: ModuleName, permitted: boolean): Promise<{ user: string; module: ModuleName; permitted: boolean }> {
    return this.call('POST', `/orgs/${dc}/permissions`, { user, module, permitted });
  }

  async getSharing(dc: DataCenter): Promise<Record<ModuleName, SharingAccess>> {
    return (await this.call<{ sharing: Record<ModuleName, SharingAccess> }>('GET', `/orgs/${dc}/sharing`)).sharing;
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
    const page = await send(authUrl, 'GET');
    if (page.status >= 300 && page.status < 400) return page.location ?? '';
    const html = page.text;
    if (page.status !== 200) throw new Error(`consent page answered ${page.status}: ${html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim()}`);
    const action = /<form[^>]*action="([^"]*)"/.exec(html)?.[1] ?? '/oauth/v2/auth';
    const form = new URLSearchParams();
    for (const m of html.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)) form.set(decodeEntities(m[1] ?? ''), decodeEntities(m[2] ?? ''));
    form.set('email', opts.user);
    form.set('decision', opts.decision ?? 'accept');
    const answer = await send(new URL(decodeEntities(action), authUrl), 'POST', { 'Content-Type': 'application/x-www-form-urlencoded' }, form.toString());
    const location = answer.location;
    if (answer.status !== 302 || !location) {
      const text = answer.text.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim();
      throw new Error(`consent submit answered ${answer.status}: ${text.slice(0, 300)}`);
    }
    return location;
  }
}
