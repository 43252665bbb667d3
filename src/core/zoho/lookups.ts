// Names typed into lookup and owner cells, turned into the ids Zoho needs on a push: owners from
// the org's active users (every page), other lookups by a COQL query for that exact name.

import type { LookupResolver } from '../cells/record-codec';
import type { ZohoClient } from './client';
import type { ZohoField, ZohoRecord, ZohoUser } from './wire';

/** The field that holds a record's name, per module (custom modules use `Name`). */
const NAME_FIELDS: Record<string, string> = {
  Accounts: 'Account_Name', Contacts: 'Full_Name', Leads: 'Full_Name', Deals: 'Deal_Name', Campaigns: 'Campaign_Name',
  Products: 'Product_Name', Vendors: 'Vendor_Name', Cases: 'Subject', Solutions: 'Solution_Title',
};

/** Owner names are matched against every active user; Zoho lists at most 200 a page (zoho/crm-oas v8.0 getUsers). */
const USERS_PER_PAGE = 200;
/** 20,000 users: far past any org this add-on serves, and a bound on calls if Zoho kept claiming more. */
const MAX_USER_PAGES = 100;
/** Candidates a name lookup reads; more records with one exact name than this is ambiguous anyway. */
const MAX_NAME_MATCHES = 200;

/** A COQL string literal: Zoho escapes a single quote by doubling it (reference §5.4). */
function coqlText(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

export class ZohoLookupResolver implements LookupResolver {
  private readonly client: ZohoClient;
  private users: ZohoUser[] | null = null;
  private readonly found = new Map<string, string[]>();
  /** Names Zoho gives the records and users the searches found, by id. */
  private readonly names = new Map<string, string>();

  constructor(client: ZohoClient) {
    this.client = client;
  }

  idsForName(field: ZohoField, name: string): string[] {
    const wanted = name.trim();
    if (!wanted) return [];
    if (field.data_type === 'ownerlookup' || field.data_type === 'userlookup') {
      const users = this.activeUsers().filter((u) => (u.full_name ?? '').toLowerCase() === wanted.toLowerCase() || u.email.toLowerCase() === wanted.toLowerCase());
      for (const u of users) if (u.full_name) this.names.set(`user|${u.id}`, u.full_name);
      return users.map((u) => u.id);
    }
    const module = (field.lookup as { module?: { api_name?: string } } | undefined)?.module?.api_name;
    if (!module) return [];
    const key = `${module}|${wanted}`;
    const cached = this.found.get(key);
    if (cached) return cached;
    const nameField = NAME_FIELDS[module] ?? 'Name';
    // Not the search API: there `equals` on text means "contains" ("ABC" finds "ABC Inc."), and a
    // record written moments ago may not be indexed yet (zoho/crm-oas v8.0 searchRecords: "use the
    // Query API" to fetch without delay). COQL's `=` is an exact comparison over current data.
    const answer = this.client.request<{ data?: ZohoRecord[] }>({
      method: 'post',
      path: '/crm/v8/coql',
      body: { select_query: `select id, ${nameField} from ${module} where ${nameField} = ${coqlText(wanted)} limit ${MAX_NAME_MATCHES}` },
      idempotent: true,
    });
    const matches = (answer.data?.data ?? []).filter((r) => String(r[nameField] ?? '').trim().toLowerCase() === wanted.toLowerCase());
    for (const r of matches) this.names.set(`${module}|${String(r.id)}`, String(r[nameField]));
    const ids = matches.map((r) => String(r.id));
    this.found.set(key, ids);
    return ids;
  }

  nameOf(field: ZohoField, id: string): string | undefined {
    if (field.data_type === 'ownerlookup' || field.data_type === 'userlookup') return this.names.get(`user|${id}`);
    const module = (field.lookup as { module?: { api_name?: string } } | undefined)?.module?.api_name;
    return module ? this.names.get(`${module}|${id}`) : undefined;
  }

  /** Every active user, page by page: an org with more than 200 users has owners past the first page. */
  private activeUsers(): ZohoUser[] {
    if (!this.users) {
      const users: ZohoUser[] = [];
      for (let page = 1; page <= MAX_USER_PAGES; page++) {
        const answer = this.client.request<{ users?: ZohoUser[]; info?: { more_records?: boolean } }>({
          method: 'get', path: '/crm/v8/users', query: { type: 'ActiveUsers', per_page: USERS_PER_PAGE, page },
        });
        users.push(...(answer.data?.users ?? []));
        if (!answer.data?.info?.more_records) break;
      }
      this.users = users;
    }
    return this.users;
  }
}
