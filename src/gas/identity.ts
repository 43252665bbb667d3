// Who the connected user is in Zoho: their org and user id. Read once per connection (two cached
// metadata reads) and kept beside the token, tagged with the connection id, so a reconnect to
// another org or as another user is never mistaken for the old one.

import type { OrgRef } from '../core/sync/binding';
import { storedDataCenter } from './zoho-auth';
import type { ZohoApi } from './zoho-api';
import { CURRENCY_FIELD, currencyBook, type CurrencyBook } from '../core/cells/currency';

const IDENTITY_KEY = 'identity';

export interface ZohoIdentity {
  org: OrgRef;
  userId: string;
  userEmail: string;
  /** The org's Zoho edition (free, standard, …), which sets how many calls may be in flight; absent when unknown. */
  edition?: string;
  /** The org's currency symbol ('' when Zoho gives none): currency columns show it. */
  currencySymbol: string;
  /** The org's (base) currency's ISO code ('' when Zoho gives none). */
  currencyCode: string;
  /** A multi-currency org (GET /org mc_status): a record's amounts are in its own currency. */
  multiCurrency: boolean;
  /**
   * The user has Zoho's Administrator profile, which sees every record whatever the sharing rules,
   * so their list of a teammate's new records is that teammate's whole list. Zoho: "The
   * Administrator can access all the records"; others cannot see some records if "they don't have
   * Administrator access" (help.zoho.com/portal/kb/articles/why-are-the-users-unable-to-view-the-records-that-administrator-can-view).
   */
  administrator: boolean;
}

interface StoredIdentity extends ZohoIdentity {
  connectionId: string;
}

/** @throws SyncError when Zoho cannot be asked and nothing is stored for this connection */
export function connectedIdentity(api: ZohoApi): ZohoIdentity {
  const storage = api.connection.service.getStorage();
  const stored = storage.getValue(IDENTITY_KEY) as StoredIdentity | null;
  // An identity stored before the currency (and whether the org has several) was kept is read again once.
  if (stored && stored.connectionId === api.connection.connectionId && stored.org?.id && stored.userId && typeof stored.currencySymbol === 'string' && typeof stored.multiCurrency === 'boolean' && typeof stored.administrator === 'boolean') {
    return {
      org: stored.org, userId: stored.userId, userEmail: stored.userEmail, currencySymbol: stored.currencySymbol,
      currencyCode: stored.currencyCode ?? '', multiCurrency: stored.multiCurrency, administrator: stored.administrator, ...(stored.edition ? { edition: stored.edition } : {}),
    };
  }
  const org = api.metadata.org();
  const user = api.metadata.currentUser();
  if (!user) throw new Error('GET /crm/v8/users?type=CurrentUser answered without a user');
  const dc = storedDataCenter(api.connection.service);
  const identity: ZohoIdentity = {
    org: { id: String(org.id), ...(org.company_name ? { name: org.company_name } : {}), ...(dc ? { dc: dc.label } : {}) },
    userId: String(user.id),
    userEmail: user.email,
    ...(org.license_details?.paid_type ? { edition: String(org.license_details.paid_type) } : {}),
    currencySymbol: org.currency_symbol ?? '',
    currencyCode: org.iso_code ?? '',
    multiCurrency: org.mc_status === true,
    administrator: user.profile?.name === 'Administrator',
  };
  storage.setValue(IDENTITY_KEY, { ...identity, connectionId: api.connection.connectionId });
  return identity;
}

/**
 * The connected user's Zoho email as last stored, without asking Zoho (for labels such as who runs
 * a sync); null when not connected or never read.
 */
export function knownIdentityEmail(service: GoogleAppsScriptOAuth2.OAuth2Service): string | null {
  const stored = service.getStorage().getValue(IDENTITY_KEY) as StoredIdentity | null;
  return stored?.userEmail ?? null;
}

/**
 * The currencies of a multi-currency org, read from Zoho only when a row needs them (and cached
 * with the metadata); undefined for a single-currency org, which then costs nothing.
 *
 * An org an admin made multi-currency after the user connected still reads as single-currency in
 * the stored identity, but its modules' field metadata (read at every sync) now list Currency: given
 * `modules` whose metadata was just read, that is noted with the identity and the book returned.
 */
export function currenciesOf(api: ZohoApi, identity: ZohoIdentity, modules: readonly string[] = []): CurrencyBook | undefined {
  if (!identity.multiCurrency) {
    if (!modules.some((module) => api.metadata.fields(module).some((f) => f.api_name === CURRENCY_FIELD))) return undefined;
    const storage = api.connection.service.getStorage();
    const stored = storage.getValue(IDENTITY_KEY) as StoredIdentity | null;
    if (stored && stored.connectionId === api.connection.connectionId) storage.setValue(IDENTITY_KEY, { ...stored, multiCurrency: true });
  }
  return currencyBook(identity.currencyCode, () => api.metadata.currencies());
}
