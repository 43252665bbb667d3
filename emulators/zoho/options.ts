// The one options object the emulator takes; cli.ts maps flags onto it one-to-one
// (--port, --seed, --records, --data-centers, --token-ttl-seconds, ...).

import type { DataCenter } from './seed/orgs';
import type { ModuleName } from './seed/schema';

export interface ZohoEmulatorOptions {
  host: string;
  /** First port; the others follow it (us accounts+admin, us api, eu accounts, eu api). 0 = free ports. */
  port: number;
  seed: number;
  /** Leads size; Contacts N/2, Accounts N/10, Deals N/4 (rounded) unless moduleSizes says otherwise. */
  records: number;
  moduleSizes: Partial<Record<ModuleName, number>>;
  dataCenters: DataCenter[];
  tokenTtlSeconds: number;
  codeTtlSeconds: number;
  /** API credits per org per rolling 24 hours (reference §9.1). */
  creditsPerDay: number;
  /** In-flight CRM requests per org (reference §9.2). */
  concurrency: number;
  /** Extra redirect URIs registered on the default client. */
  redirectUris: string[];
  /** Bulk Read jobs complete after this many emulator-clock seconds (or two status polls). */
  bulkJobSeconds: number;
  /** Records one page_token chain reaches before PAGINATION_LIMIT_EXCEEDED; Zoho's is 100,000 (§5.1). Lower it to test clients cheaply. */
  pageTokenLimitRecords: number;
  /**
   * Seconds after a write before search finds the record (Zoho: "When you create or edit a record and
   * search for it immediately, you may receive a 204 NO CONTENT response due to indexing delays";
   * zoho/crm-oas v8.0/module_search/mds/searchRecords.md). COQL and GET see it at once.
   */
  searchIndexDelaySeconds: number;
  /**
   * Whether GET {module} honours If-Modified-Since (only newer records; 304 when none). zoho/crm-oas
   * v8.0 getRecords lists no such header and no 304 (getDeletedRecords does), while Zoho's v2 pages
   * documented it: unclear, so a switch. Default false: ignored, as v8 documents nothing.
   */
  recordsIfModifiedSince: boolean;
  /**
   * Whether record lists send Long Integer (bigint) values as bare JSON numbers, digits as stored,
   * rather than numeric strings. The reference's field table (zoho-crm-api.md §4.2, the SDK's type
   * map) says "number or numeric string (unconfirmed)": unclear, so a switch. Default false: strings.
   */
  bigintAsNumber: boolean;
}

export const DEFAULT_CLIENT_ID = '1000.ZCSEMULATORDEFAULTCLIENT0001';
export const DEFAULT_CLIENT_SECRET = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e464';
export const DEFAULT_CLIENT_NAME = 'Zoho CRM Sync for Sheets';
export const APPS_SCRIPT_TEST_REDIRECT_URI = 'https://script.google.com/macros/d/test-script-id/usercallback';

export const DEFAULT_OPTIONS: ZohoEmulatorOptions = {
  host: '127.0.0.1',
  port: 0,
  seed: 1,
  records: 5000,
  moduleSizes: {},
  dataCenters: ['us', 'eu'],
  tokenTtlSeconds: 3600,
  codeTtlSeconds: 120,
  creditsPerDay: 250_000,
  concurrency: 20,
  redirectUris: [],
  bulkJobSeconds: 2,
  pageTokenLimitRecords: 100_000,
  searchIndexDelaySeconds: 60,
  recordsIfModifiedSince: false,
  bigintAsNumber: false,
};

export function resolveOptions(opts: Partial<ZohoEmulatorOptions> = {}): ZohoEmulatorOptions {
  const merged: ZohoEmulatorOptions = { ...DEFAULT_OPTIONS };
  for (const [key, value] of Object.entries(opts)) {
    if (value !== undefined) (merged as unknown as Record<string, unknown>)[key] = value;
  }
  return merged;
}
