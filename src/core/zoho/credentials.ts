// Checks on the Zoho client id and secret the owner types into Setup, before anything is stored.

import { ConfigError } from '../errors';

/** Zoho retired v1 authtokens (32 hex characters) in 2019; people still paste them. */
const LEGACY_AUTHTOKEN = /^[0-9a-f]{32}$/i;
/** Server-based and self clients look like `1000.` followed by 30 upper-case letters and digits. */
const CLIENT_ID = /^1000\.[A-Z0-9]{20,40}$/;

export const LEGACY_AUTHTOKEN_MESSAGE =
  'That looks like a Zoho authtoken from API v1, which Zoho retired in 2019. Create a "Server-based Application" client at api-console.zoho.com and paste its Client ID and Client Secret instead.';

export function isLegacyAuthtoken(value: string): boolean {
  return LEGACY_AUTHTOKEN.test(value.trim());
}

/** Returns the trimmed pair, or throws a ConfigError that names the fix. */
export function checkClientCredentials(clientId: unknown, clientSecret: unknown): { clientId: string; clientSecret: string } {
  const id = typeof clientId === 'string' ? clientId.trim() : '';
  const secret = typeof clientSecret === 'string' ? clientSecret.trim() : '';
  if (isLegacyAuthtoken(id) || isLegacyAuthtoken(secret)) {
    throw new ConfigError('ZOHO_LEGACY_AUTHTOKEN', LEGACY_AUTHTOKEN_MESSAGE);
  }
  if (!id) throw new ConfigError('ZOHO_CLIENT_ID_MISSING', 'Enter the Client ID from your client in Zoho\'s API console (api-console.zoho.com).');
  if (!CLIENT_ID.test(id)) {
    throw new ConfigError('ZOHO_CLIENT_ID_INVALID', 'That is not a Zoho Client ID: it starts with "1000." followed by letters and digits. Copy it from the Client Secret tab of your client at api-console.zoho.com.');
  }
  if (secret.length < 20 || /\s/.test(secret)) {
    throw new ConfigError('ZOHO_CLIENT_SECRET_INVALID', 'Enter the Client Secret from the same client in Zoho\'s API console; it is a long string of letters and digits.');
  }
  return { clientId: id, clientSecret: secret };
}

/** `1000.ABCDEFGH…WXYZ`: enough to recognise a client id without showing it back in full. */
export function maskClientId(id: string): string {
  if (id.length <= 12) return `${id.slice(0, 4)}…`;
  return `${id.slice(0, 9)}…${id.slice(-4)}`;
}

/**
 * Who may set or replace the shared Zoho client: the Google accounts listed (comma- or
 * space-separated) in the Script Property `ZCS_ADMIN_EMAILS`. Only editors of the Apps Script
 * project can write Script Properties (Project Settings in the editor), and users of the add-on
 * cannot open the project, so the list itself is set by whoever deployed the add-on.
 * Compared case-insensitively; an empty email (Apps Script hides it) is never an admin.
 */
export function isClientAdmin(email: string | null | undefined, adminList: string | null | undefined): boolean {
  const wanted = (email ?? '').trim().toLowerCase();
  if (!wanted) return false;
  return (adminList ?? '').split(/[\s,;]+/).some((entry) => entry.trim().toLowerCase() === wanted);
}

/**
 * Zoho's Multi-DC: the client id is the same in every data center, the secret may be one for all
 * or one per data center (api-console.zoho.com > client > Settings; reference §1). A per-DC secret
 * lives in `ZOHO_CLIENT_SECRET_<LOCATION>` (`ZOHO_CLIENT_SECRET_EU`) and wins over the shared one.
 */
export function clientSecretFor(location: string | null | undefined, shared: string | null, perDataCenter: (key: string) => string | null): string | null {
  const own = location ? perDataCenter(perDataCenterSecretKey(location)) : null;
  return own && own.trim() ? own.trim() : shared;
}

export function perDataCenterSecretKey(location: string): string {
  return `ZOHO_CLIENT_SECRET_${location.toUpperCase()}`;
}
