// Zoho metadata (modules, fields, org, current user), read through the client and kept in a short-
// lived cache: the sidebar asks for it often and it rarely changes. Keys carry the connection id, so
// a reconnect to another org never sees the old org's metadata.

import type { CachePort } from '../ports';
import type { ZohoClient, ZohoRequest } from './client';
import { malformedAnswer } from './errors';
import { SyncError } from '../errors';
import type { ZohoCurrency, ZohoField, ZohoModule, ZohoOrg, ZohoUser } from './wire';

/** Long enough to outlast one sync that continues over several executions; short enough that a new field shows up soon. */
export const METADATA_TTL_SECONDS = 1800;
const API = '/crm/v8';
/** Errors that mean Zoho will not list the org's currencies for this connection (not that it failed). */
const UNLISTED_CURRENCY_CODES: readonly string[] = ['ZOHO_SCOPE_MISMATCH', 'ZOHO_CURRENCIES_NOT_ENABLED', 'ZOHO_NO_PERMISSION'];

function fieldsRequest(module: string): ZohoRequest {
  return { method: 'get', path: `${API}/settings/fields`, query: { module } };
}

export class ZohoMetadata {
  private readonly client: ZohoClient;
  private readonly cache: CachePort;
  private readonly prefix: string;

  /** @param connectionId changes on every connect, so cached entries never outlive their connection. */
  constructor(client: ZohoClient, cache: CachePort, connectionId: string) {
    this.client = client;
    this.cache = cache;
    this.prefix = `zcs.v1.meta.${connectionId}.`;
  }

  /** Modules that the record API supports, in Zoho's order. */
  modules(): ZohoModule[] {
    return this.cached('modules', () => {
      const answer = this.client.request<{ modules?: ZohoModule[] }>({ method: 'get', path: `${API}/settings/modules` });
      return (answer.data?.modules ?? []).filter((m) => m.api_supported);
    });
  }

  fields(module: string): ZohoField[] {
    return this.cached(`fields.${module}`, () => {
      const request = fieldsRequest(module);
      const answer = this.client.request<{ fields?: ZohoField[] }>(request);
      const fields = answer.data?.fields ?? [];
      // Every module has fields (id, Owner, Created_Time...): none at all is an answer gone wrong (an
      // empty 204 from something in front of Zoho), not "your fields were deleted". Thrown, it is not
      // cached, so the next sync reads again instead of refusing the sheet for half an hour.
      if (!fields.length) throw malformedAnswer(`GET ${request.path}?module=${module}`, answer.status, 'no fields');
      return fields;
    });
  }

  /** The read fields(module) would send, or null when its answer is cached: for reading ahead. */
  fieldsRead(module: string): ZohoRequest | null {
    return this.cache.get(`${this.prefix}fields.${module}`) === null ? fieldsRequest(module) : null;
  }

  org(): ZohoOrg {
    return this.cached('org', () => {
      const answer = this.client.request<{ org?: ZohoOrg[] }>({ method: 'get', path: `${API}/org` });
      const org = answer.data?.org?.[0];
      if (!org) throw new Error('GET /crm/v8/org answered without an org');
      return org;
    });
  }

  /**
   * A multi-currency org's currencies (zoho/crm-oas v8.0 getCurrencies, scope
   * ZohoCRM.settings.currencies.READ). [] when Zoho will not list them: a connection made before
   * the add-on asked for that scope, a profile without the permission, or an org that is single-
   * currency after all (403 CURRENCIES_NOT_ENABLED); records' own `$currency_symbol` then stands in.
   */
  currencies(): ZohoCurrency[] {
    return this.cached('currencies', () => {
      try {
        const answer = this.client.request<{ currencies?: ZohoCurrency[] }>({ method: 'get', path: `${API}/org/currencies` });
        return answer.data?.currencies ?? [];
      } catch (error) {
        if (error instanceof SyncError && UNLISTED_CURRENCY_CODES.includes(error.code)) return [];
        throw error;
      }
    });
  }

  currentUser(): ZohoUser | null {
    return this.cached('user', () => {
      const answer = this.client.request<{ users?: ZohoUser[] }>({ method: 'get', path: `${API}/users`, query: { type: 'CurrentUser' } });
      return answer.data?.users?.[0] ?? null;
    });
  }

  /** Forgets a module's cached fields, which Zoho has shown to be out of date. */
  forgetFields(module: string): void {
    this.cache.remove(`${this.prefix}fields.${module}`);
  }

  /** Forgets what this connection cached (on disconnect). */
  clear(modules: readonly string[] = []): void {
    for (const key of ['modules', 'org', 'user', 'currencies', ...modules.map((m) => `fields.${m}`)]) this.cache.remove(this.prefix + key);
  }

  private cached<T>(key: string, load: () => T): T {
    const hit = this.cache.get(this.prefix + key);
    if (hit !== null) {
      try {
        return JSON.parse(hit) as T;
      } catch {
        // A corrupt entry is simply reloaded.
      }
    }
    const value = load();
    // Best effort: a value over the cache's 100 KB limit is just not cached.
    try {
      this.cache.put(this.prefix + key, JSON.stringify(value), METADATA_TTL_SECONDS);
    } catch {
      // Too large to cache; the next call reads Zoho again.
    }
    return value;
  }
}
