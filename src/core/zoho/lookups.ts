// Names typed into lookup and owner cells, turned into the ids Zoho needs on a push: owners from
// the org's active users, other lookups by searching the target module for that exact name.

import type { LookupResolver } from '../cells/record-codec';
import type { ZohoClient } from './client';
import type { ZohoField, ZohoRecord, ZohoUser } from './wire';

/** The field that holds a record's name, per module (custom modules use `Name`). */
const NAME_FIELDS: Record<string, string> = {
  Accounts: 'Account_Name', Contacts: 'Full_Name', Leads: 'Full_Name', Deals: 'Deal_Name', Campaigns: 'Campaign_Name',
  Products: 'Product_Name', Vendors: 'Vendor_Name', Cases: 'Subject', Solutions: 'Solution_Title',
};

/** Zoho search criteria need `(`, `)` and `,` escaped with a backslash (reference §5.3). */
function escapeCriteria(value: string): string {
  return value.replace(/[\\(),]/g, (c) => `\\${c}`);
}

export class ZohoLookupResolver implements LookupResolver {
  private readonly client: ZohoClient;
  private users: ZohoUser[] | null = null;
  private readonly found = new Map<string, string[]>();

  constructor(client: ZohoClient) {
    this.client = client;
  }

  idsForName(field: ZohoField, name: string): string[] {
    const wanted = name.trim();
    if (!wanted) return [];
    if (field.data_type === 'ownerlookup' || field.data_type === 'userlookup') {
      return this.activeUsers().filter((u) => (u.full_name ?? '').toLowerCase() === wanted.toLowerCase() || u.email.toLowerCase() === wanted.toLowerCase()).map((u) => u.id);
    }
    const module = (field.lookup as { module?: { api_name?: string } } | undefined)?.module?.api_name;
    if (!module) return [];
    const key = `${module}|${wanted}`;
    const cached = this.found.get(key);
    if (cached) return cached;
    const nameField = NAME_FIELDS[module] ?? 'Name';
    const answer = this.client.request<{ data?: ZohoRecord[] }>({
      method: 'get',
      path: `/crm/v8/${encodeURIComponent(module)}/search`,
      query: { criteria: `(${nameField}:equals:${escapeCriteria(wanted)})`, fields: nameField, per_page: 10 },
    });
    const ids = (answer.data?.data ?? []).filter((r) => String(r[nameField] ?? '').toLowerCase() === wanted.toLowerCase()).map((r) => String(r.id));
    this.found.set(key, ids);
    return ids;
  }

  private activeUsers(): ZohoUser[] {
    if (!this.users) {
      const answer = this.client.request<{ users?: ZohoUser[] }>({ method: 'get', path: '/crm/v8/users', query: { type: 'ActiveUsers', per_page: 200 } });
      this.users = answer.data?.users ?? [];
    }
    return this.users;
  }
}
