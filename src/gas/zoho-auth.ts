// The Zoho connection through the apps-script-oauth2 library: one identically configured service
// in every entry point (same store, cache and lock, or the library's `__NULL__` cache marker can
// hide a fresh token for hours; reference §3.6), the callback's checks, and disconnect.

import { ConfigError, NotConnectedError, ReconnectRequiredError, SyncError } from '../core/errors';
import type { AccessTokenProvider } from '../core/zoho/client';
import { clientSecretFor, isClientAdmin, maskClientId } from '../core/zoho/credentials';
import {
  authorizationBaseUrl, CHINA_LOCATION, dataCenterOf, isSandboxApiDomain, SANDBOX_NOT_SUPPORTED_MESSAGE, trustedAccountsServer,
  trustedApiDomain,
} from '../core/zoho/domains';
import { tokenError } from '../core/zoho/errors';
import { ZOHO_SCOPE_SEPARATOR, ZOHO_SCOPES } from '../core/zoho/scopes';
import { devConfig } from './dev-config';

export const SERVICE_NAME = 'zoho';
export const CALLBACK_FUNCTION = 'authCallback';
/** Script Properties the owner sets once (Setup in the sidebar, or Project Settings > Script properties). */
export const CLIENT_ID_PROPERTY = 'ZOHO_CLIENT_ID';
export const CLIENT_SECRET_PROPERTY = 'ZOHO_CLIENT_SECRET';
/** Who may set or replace the client from the sidebar (see isClientAdmin); only project editors can write it. */
export const CLIENT_ADMINS_PROPERTY = 'ZCS_ADMIN_EMAILS';

/** Values kept beside the token under `oauth2.zoho.*`, so service.reset() forgets them too. */
const STORED = { accountsServer: 'accounts-server', apiDomain: 'api-domain', location: 'location', connectionId: 'connection-id', refused: 'refused' } as const;
const NONCE_PROPERTY = 'zcs.v1.auth.nonces';
const NONCE_TTL_MS = 60 * 60 * 1000;
const MAX_PENDING_NONCES = 5;

interface ZohoToken {
  access_token?: string;
  refresh_token?: string;
  api_domain?: string;
}

let userLock: GoogleAppsScript.Lock.Lock | undefined;

/** One lock object per execution, shared with the sync, so the library sees hasLock() when we hold it. */
export function sharedUserLock(): GoogleAppsScript.Lock.Lock {
  if (!userLock) userLock = LockService.getUserLock();
  return userLock;
}

export function readClientConfig(): { clientId: string; clientSecret: string } | null {
  const props = PropertiesService.getScriptProperties();
  const clientId = props.getProperty(CLIENT_ID_PROPERTY);
  const clientSecret = props.getProperty(CLIENT_SECRET_PROPERTY);
  return clientId && clientSecret ? { clientId, clientSecret } : null;
}

/** The secret for the data center of `accountsServer`: its own `ZOHO_CLIENT_SECRET_<DC>` if set, else the shared one. */
function secretForDataCenter(shared: string, accountsServer: string | null, storedLocation: string | null): string {
  const props = PropertiesService.getScriptProperties();
  const location = dataCenterOf(accountsServer, storedLocation)?.location ?? null;
  return clientSecretFor(location, shared, (key) => props.getProperty(key)) ?? shared;
}

/** Whether the user running this may set or replace the shared Zoho client (listed in ZCS_ADMIN_EMAILS). */
export function mayManageClient(): boolean {
  // Needs the userinfo.email scope; without it, or across some domains, Apps Script returns '' (never an admin).
  const email = Session.getActiveUser().getEmail();
  return isClientAdmin(email, PropertiesService.getScriptProperties().getProperty(CLIENT_ADMINS_PROPERTY));
}

export function requireClientConfig(): { clientId: string; clientSecret: string } {
  const config = readClientConfig();
  if (!config) {
    throw new ConfigError('ZOHO_CLIENT_NOT_CONFIGURED', 'The Zoho client is not set up yet. The spreadsheet owner should open the sidebar and fill in Setup with the Client ID and Client Secret from api-console.zoho.com.');
  }
  return config;
}

/** The OAuth2 service, configured the same way everywhere. The token URL follows the user's data center. */
export function zohoService(): GoogleAppsScriptOAuth2.OAuth2Service {
  const config = requireClientConfig();
  const service = OAuth2.createService(SERVICE_NAME)
    .setAuthorizationBaseUrl(devConfig()?.authorizationBaseUrl ?? authorizationBaseUrl())
    .setClientId(config.clientId)
    .setClientSecret(config.clientSecret)
    .setCallbackFunction(CALLBACK_FUNCTION)
    .setPropertyStore(PropertiesService.getUserProperties())
    .setCache(CacheService.getUserCache())
    .setLock(sharedUserLock())
    .setScope(ZOHO_SCOPES, ZOHO_SCOPE_SEPARATOR)
    // Offline access plus forced consent, or Zoho issues no refresh token on a reconnect (reference §2.1).
    .setParam('access_type', 'offline')
    .setParam('prompt', 'consent');
  const accountsServer = trustedAccountsServer(service.getStorage().getValue(STORED.accountsServer), devConfig());
  if (accountsServer) service.setTokenUrl(`${accountsServer}/oauth/v2/token`).setClientSecret(secretForDataCenter(config.clientSecret, accountsServer, storedString(service, STORED.location)));
  return service;
}

function storedString(service: GoogleAppsScriptOAuth2.OAuth2Service, key: string): string | null {
  const value: unknown = service.getStorage().getValue(key);
  return typeof value === 'string' ? value : null;
}

/** Why the service has no access, in words the user can act on. */
function accessProblem(service: GoogleAppsScriptOAuth2.OAuth2Service): SyncError {
  if (!service.getToken()) return new NotConnectedError();
  const lastError: unknown = service.getLastError();
  const text = lastError instanceof Error ? lastError.message : String(lastError ?? 'no access token');
  return tokenError(text, storedString(service, STORED.accountsServer), storedString(service, STORED.location));
}

export function tokenProvider(service: GoogleAppsScriptOAuth2.OAuth2Service): AccessTokenProvider {
  return {
    accessToken() {
      if (!service.hasAccess()) throw accessProblem(service);
      return service.getAccessToken();
    },
    refreshAccessToken() {
      try {
        service.refresh();
      } catch (error) {
        const problem = tokenError(error instanceof Error ? error.message : String(error), storedString(service, STORED.accountsServer), storedString(service, STORED.location));
        // The access token in hand still looks valid for up to an hour: remember that Zoho refused
        // this connection, so the sidebar says "reconnect" now rather than "connected" until then.
        if (problem instanceof ReconnectRequiredError) service.getStorage().setValue(STORED.refused, { connectionId: storedString(service, STORED.connectionId), message: problem.userMessage });
        throw problem;
      }
      return service.getAccessToken();
    },
  };
}

/** What Zoho said when it refused this connection's refresh token, or null (a reconnect makes a new connection). */
export function refusedConnection(service: GoogleAppsScriptOAuth2.OAuth2Service): string | null {
  const refused = service.getStorage().getValue(STORED.refused) as { connectionId?: unknown; message?: unknown } | null;
  return refused && refused.connectionId === storedString(service, STORED.connectionId) && typeof refused.message === 'string' ? refused.message : null;
}

export interface Connection {
  service: GoogleAppsScriptOAuth2.OAuth2Service;
  apiDomain: string;
  connectionId: string;
  location: string | null;
  accountsServer: string;
}

/** The stored connection, checked again on every use. @throws NotConnectedError, ReconnectRequiredError, ConfigError */
export function requireConnection(): Connection {
  const service = zohoService();
  if (!service.getToken()) throw new NotConnectedError();
  const accountsServer = trustedAccountsServer(service.getStorage().getValue(STORED.accountsServer), devConfig());
  const apiDomain = trustedApiDomain(service.getStorage().getValue(STORED.apiDomain), devConfig());
  if (!accountsServer || !apiDomain) {
    service.reset();
    throw new NotConnectedError('stored accounts server or api domain missing or untrusted');
  }
  return {
    service,
    apiDomain,
    accountsServer,
    connectionId: storedString(service, STORED.connectionId) ?? 'none',
    location: storedString(service, STORED.location),
  };
}

/**
 * The URL that starts Zoho's consent, with a one-time nonce in the state so a used link cannot be
 * replayed. `region` 'cn' starts at Zoho's China accounts server, which Chinese accounts require.
 */
export function beginConnect(region?: string | null): string {
  const service = zohoService();
  if (region === CHINA_LOCATION) service.setAuthorizationBaseUrl(authorizationBaseUrl(CHINA_LOCATION));
  const nonce = Utilities.getUuid();
  const props = PropertiesService.getUserProperties();
  const now = Date.now();
  const pending = readNonces(props).filter((n) => n.expiresAt > now).slice(-(MAX_PENDING_NONCES - 1));
  pending.push({ nonce, expiresAt: now + NONCE_TTL_MS });
  props.setProperty(NONCE_PROPERTY, JSON.stringify(pending));
  return service.getAuthorizationUrl({ nonce });
}

function readNonces(props: GoogleAppsScript.Properties.Properties): Array<{ nonce: string; expiresAt: number }> {
  try {
    const parsed: unknown = JSON.parse(props.getProperty(NONCE_PROPERTY) ?? '[]');
    return Array.isArray(parsed) ? (parsed as Array<{ nonce: string; expiresAt: number }>) : [];
  } catch {
    return [];
  }
}

function consumeNonce(nonce: string | undefined): boolean {
  const props = PropertiesService.getUserProperties();
  const now = Date.now();
  const pending = readNonces(props).filter((n) => n.expiresAt > now);
  const found = pending.some((n) => n.nonce === nonce);
  props.setProperty(NONCE_PROPERTY, JSON.stringify(pending.filter((n) => n.nonce !== nonce)));
  return Boolean(nonce) && found;
}

export interface CallbackOutcome {
  ok: boolean;
  title: string;
  message: string;
}

const failed = (message: string): CallbackOutcome => ({ ok: false, title: 'Not connected to Zoho CRM', message });

/**
 * Finishes the consent flow. Apps Script has already checked the state token's signature, user and
 * age; this checks the one-time nonce, that the accounts server is Zoho's before the client secret
 * is sent there, and that the API domain in the answer is Zoho's before any token is sent there.
 */
export function completeConnect(request: { parameter: Record<string, string | undefined> }): CallbackOutcome {
  const p = request.parameter;
  if (!consumeNonce(p.nonce)) {
    return failed('This sign-in link was already used or is too old. Go back to the spreadsheet and click Connect again.');
  }
  if (p.error) {
    return failed(p.error === 'access_denied'
      ? 'You declined access in Zoho, so nothing was connected. Click Connect again whenever you are ready.'
      : `Zoho answered with an error (${p.error}). Click Connect again; if it repeats, check the client in Setup.`);
  }
  const accountsServer = trustedAccountsServer(p['accounts-server'], devConfig())
    ?? (p['accounts-server'] === undefined ? dataCenterOf(null, p.location)?.accountsServer ?? null : null);
  if (!accountsServer) {
    return failed(`The sign-in answer named a server that is not one of Zoho's (${String(p['accounts-server']).slice(0, 100)}). Nothing was sent to it and nothing was connected.`);
  }

  const config = requireClientConfig();
  const service = zohoService().setTokenUrl(`${accountsServer}/oauth/v2/token`).setClientSecret(secretForDataCenter(config.clientSecret, accountsServer, p.location ?? null));
  let granted: boolean;
  try {
    granted = service.handleCallback(request);
  } catch (error) {
    return failed(tokenError(error instanceof Error ? error.message : String(error), accountsServer, p.location).userMessage);
  }
  if (!granted) return failed('You declined access in Zoho, so nothing was connected.');

  const token = (service.getToken() ?? {}) as ZohoToken;
  if (isSandboxApiDomain(token.api_domain)) {
    service.reset();
    return failed(SANDBOX_NOT_SUPPORTED_MESSAGE);
  }
  const apiDomain = trustedApiDomain(token.api_domain, devConfig());
  if (!apiDomain) {
    service.reset();
    return failed('Zoho\'s answer named an API address that is not one of Zoho\'s, so the connection was not kept. Try again; if it repeats, tell the add-on\'s maintainers.');
  }
  if (!token.refresh_token) {
    service.reset();
    return failed('Zoho did not grant lasting (offline) access, so scheduled syncs could not run. Click Connect again and accept.');
  }
  const storage = service.getStorage();
  const location = p.location ?? dataCenterOf(accountsServer)?.location ?? null;
  storage.setValue(STORED.accountsServer, accountsServer);
  storage.setValue(STORED.apiDomain, apiDomain);
  storage.setValue(STORED.location, location);
  storage.setValue(STORED.connectionId, Utilities.getUuid());
  const label = dataCenterOf(accountsServer, location)?.label ?? location ?? 'your';
  return { ok: true, title: 'Connected to Zoho CRM', message: `Your Zoho CRM account (${label} data center) is connected.` };
}

/**
 * Revokes the refresh token at the user's accounts server, then forgets the token and everything
 * stored beside it. Returns whether Zoho confirmed the revocation.
 */
export function revokeAndForget(): boolean {
  const config = readClientConfig();
  if (!config) return false;
  const service = zohoService();
  const token = service.getToken() as ZohoToken | null;
  const accountsServer = trustedAccountsServer(service.getStorage().getValue(STORED.accountsServer), devConfig());
  let revoked = false;
  if (token?.refresh_token && accountsServer) {
    try {
      // The token travels in the body, not the query string, so it stays out of access logs.
      const response = UrlFetchApp.fetch(`${accountsServer}/oauth/v2/token/revoke`, {
        method: 'post', payload: { token: token.refresh_token }, muteHttpExceptions: true,
      });
      revoked = response.getResponseCode() === 200;
    } catch {
      revoked = false;
    }
  }
  clearCachedMetadata(storedString(service, STORED.connectionId));
  service.reset();
  return revoked;
}

/** Metadata is cached per connection; a disconnect removes what this one cached. */
function clearCachedMetadata(connectionId: string | null): void {
  if (!connectionId) return;
  const cache = CacheService.getUserCache();
  const prefix = `zcs.v1.meta.${connectionId}.`;
  const modules = cache.get(`${prefix}modules`);
  let names: string[] = [];
  try {
    names = modules ? (JSON.parse(modules) as Array<{ api_name: string }>).map((m) => m.api_name) : [];
  } catch {
    names = [];
  }
  cache.removeAll(['modules', 'org', 'user', ...names.map((n) => `fields.${n}`)].map((k) => prefix + k));
}

export function connectionSummary(): { configured: boolean; clientIdMasked: string | null; redirectUri: string; canManageClient: boolean } {
  const config = readClientConfig();
  return {
    configured: Boolean(config),
    canManageClient: mayManageClient(),
    clientIdMasked: config ? maskClientId(config.clientId) : null,
    redirectUri: OAuth2.getRedirectUri(),
  };
}

export function storedDataCenter(service: GoogleAppsScriptOAuth2.OAuth2Service): { location: string; label: string } | null {
  const dc = dataCenterOf(storedString(service, STORED.accountsServer), storedString(service, STORED.location));
  if (dc) return { location: dc.location, label: dc.label };
  const location = storedString(service, STORED.location);
  return location ? { location, label: location.toUpperCase() } : null;
}

export { accessProblem };
