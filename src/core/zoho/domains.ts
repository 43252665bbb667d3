// Zoho's data centers and the check that guards every secret and token we send. The accounts
// server arrives in a browser redirect and the API domain in a token answer; both are attacker-
// reachable inputs, so neither is trusted until it matches this list exactly (reference §1, §2.3).

export interface DataCenter {
  location: string;
  label: string;
  accountsServer: string;
  apiDomain: string;
}

export const ZOHO_DATA_CENTERS: readonly DataCenter[] = [
  { location: 'us', label: 'United States', accountsServer: 'https://accounts.zoho.com', apiDomain: 'https://www.zohoapis.com' },
  { location: 'eu', label: 'Europe', accountsServer: 'https://accounts.zoho.eu', apiDomain: 'https://www.zohoapis.eu' },
  { location: 'in', label: 'India', accountsServer: 'https://accounts.zoho.in', apiDomain: 'https://www.zohoapis.in' },
  { location: 'au', label: 'Australia', accountsServer: 'https://accounts.zoho.com.au', apiDomain: 'https://www.zohoapis.com.au' },
  { location: 'jp', label: 'Japan', accountsServer: 'https://accounts.zoho.jp', apiDomain: 'https://www.zohoapis.jp' },
  { location: 'ca', label: 'Canada', accountsServer: 'https://accounts.zohocloud.ca', apiDomain: 'https://www.zohoapis.ca' },
  { location: 'sa', label: 'Saudi Arabia', accountsServer: 'https://accounts.zoho.sa', apiDomain: 'https://www.zohoapis.sa' },
  { location: 'uk', label: 'United Kingdom', accountsServer: 'https://accounts.zoho.uk', apiDomain: 'https://www.zohoapis.uk' },
  { location: 'cn', label: 'China', accountsServer: 'https://accounts.zoho.com.cn', apiDomain: 'https://www.zohoapis.com.cn' },
];

/**
 * Sandbox and developer-edition orgs live on sibling hosts of each data center's API domain
 * (`sandbox.zohoapis.<tld>`, `developer.zohoapis.<tld>`; reference §1). The add-on does not support
 * them: they are not in the manifest's urlFetchWhitelist, so a token naming one is refused with
 * this message rather than failing later at UrlFetch.
 */
const UNSUPPORTED_API_HOST_PREFIXES = ['sandbox.', 'developer.'];

export const SANDBOX_NOT_SUPPORTED_MESSAGE =
  'This Zoho account belongs to a sandbox or developer-edition org, which the add-on does not support. Connect with an account of your production Zoho CRM org.';

/**
 * Zoho: an account in China must start its authorization at accounts.zoho.com.cn; the other data
 * centers can start at accounts.zoho.com and are redirected to their own (reference §1, [R24]).
 */
export const CHINA_LOCATION = 'cn';

/**
 * Extra origins a local runtime may trust (the Zoho emulator). Only plain-HTTP loopback origins
 * are ever accepted from it, so a mis-set value cannot point the add-on at a foreign host.
 */
export interface ExtraTrustedOrigins {
  accountsServers?: readonly string[];
  apiDomains?: readonly string[];
}

const ORIGIN_PATTERN = /^(https?):\/\/([a-z0-9.-]+)(?::(\d{1,5}))?\/?$/i;
const LOOPBACK_ORIGIN = /^http:\/\/(127\.0\.0\.1|localhost):\d{1,5}$/;

/** `https://Accounts.Zoho.EU/` -> `https://accounts.zoho.eu`; null when it is not a bare origin. */
export function normalizeOrigin(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const match = ORIGIN_PATTERN.exec(value.trim());
  if (!match) return null;
  const [, scheme, host, port] = match;
  return `${scheme!.toLowerCase()}://${host!.toLowerCase()}${port ? `:${port}` : ''}`;
}

function extraLoopback(list: readonly string[] | undefined): string[] {
  return (list ?? []).map(normalizeOrigin).filter((o): o is string => o !== null && LOOPBACK_ORIGIN.test(o));
}

/** The data center whose accounts server this is, or null if it is not Zoho's (nor a trusted local one). */
export function trustedAccountsServer(value: unknown, extra?: ExtraTrustedOrigins): string | null {
  const origin = normalizeOrigin(value);
  if (!origin) return null;
  if (ZOHO_DATA_CENTERS.some((dc) => dc.accountsServer === origin)) return origin;
  return extraLoopback(extra?.accountsServers).includes(origin) ? origin : null;
}

/** The API domain if it is one of Zoho's (or a trusted local one), else null. */
export function trustedApiDomain(value: unknown, extra?: ExtraTrustedOrigins): string | null {
  const origin = normalizeOrigin(value);
  if (!origin) return null;
  if (ZOHO_DATA_CENTERS.some((dc) => dc.apiDomain === origin)) return origin;
  return extraLoopback(extra?.apiDomains).includes(origin) ? origin : null;
}

/** The data center an accounts server belongs to, for display ("Europe"). */
export function dataCenterOf(accountsServer: string | null | undefined, location?: string | null): DataCenter | undefined {
  return ZOHO_DATA_CENTERS.find((dc) => dc.accountsServer === accountsServer)
    ?? ZOHO_DATA_CENTERS.find((dc) => dc.location === location);
}

/** Whether this is a sandbox or developer-edition API host of one of Zoho's data centers (which the add-on refuses). */
export function isSandboxApiDomain(value: unknown): boolean {
  const origin = normalizeOrigin(value);
  return origin !== null && ZOHO_DATA_CENTERS.some((dc) =>
    UNSUPPORTED_API_HOST_PREFIXES.some((prefix) => dc.apiDomain.replace('https://www.', `https://${prefix}`) === origin));
}

/** Where Zoho's consent starts: accounts.zoho.com for every data center but China's (see CHINA_LOCATION). */
export function authorizationBaseUrl(location?: string | null): string {
  const dc = location === CHINA_LOCATION ? ZOHO_DATA_CENTERS.find((d) => d.location === CHINA_LOCATION)! : ZOHO_DATA_CENTERS[0]!;
  return `${dc.accountsServer}/oauth/v2/auth`;
}
