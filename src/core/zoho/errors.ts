// Every Zoho failure becomes one of our errors here, in one table: CRM error bodies (reference §8),
// token-endpoint errors that arrive as HTTP 200 with an `error` key (§2.7), and the messages the
// OAuth2 library keeps in getLastError().

import {
  ConfigError, NoPermissionError, RateLimitedError, ReconnectRequiredError, SyncError, ZohoServiceError,
} from '../errors';
import { perDataCenterSecretKey } from './credentials';
import { dataCenterOf } from './domains';

/** Credits come back over a rolling 24 hours (reference §9.1): retrying within one execution is pointless. */
export const CREDITS_EXHAUSTED = 'ZOHO_CREDITS_EXHAUSTED';

const RECONNECT = 'Click Connect in the sidebar to sign in to Zoho again.';

interface CrmErrorContext {
  /** What we were doing, for the technical message: "GET /crm/v8/Leads". */
  operation: string;
  status: number;
  code?: string;
  message?: string;
  details?: Record<string, unknown>;
}

/** Maps a CRM error answer to the error the user can act on. */
export function crmError(ctx: CrmErrorContext): SyncError {
  const technical = `${ctx.operation} answered ${ctx.status} ${ctx.code ?? ''} ${ctx.message ?? ''}`.trim();
  switch (ctx.code) {
    case 'INVALID_TOKEN':
    case 'AUTHENTICATION_FAILURE':
    case 'AUTHENTICATION_FAILED':
      return new ReconnectRequiredError('ZOHO_INVALID_TOKEN', `Zoho no longer accepts this connection (it may have been revoked). ${RECONNECT}`, technical);
    case 'OAUTH_SCOPE_MISMATCH':
      return new ReconnectRequiredError('ZOHO_SCOPE_MISMATCH', `The Zoho connection lacks a permission this add-on needs. Disconnect, then Connect again and accept every permission.`, technical);
    case 'NO_PERMISSION': {
      const permissions = Array.isArray(ctx.details?.permissions) ? ` (${(ctx.details!.permissions as unknown[]).join(', ')})` : '';
      return new NoPermissionError(`Your Zoho CRM profile is not allowed to do this${permissions}. Ask your Zoho administrator for the permission.`, technical);
    }
    case 'FEATURE_NOT_SUPPORTED':
    case 'LICENSE_LIMIT_EXCEEDED':
      return new NoPermissionError('Your Zoho CRM edition does not include this feature. Ask your Zoho administrator.', technical);
    case 'TOO_MANY_REQUESTS':
      return rateLimited(ctx.message, technical);
    case 'INVALID_DATA':
      // A read that names a field Zoho no longer has (deleted, api name changed, hidden from the
      // profile): `fields` refused with the name (reference §8, INVALID_DATA for a parameter).
      if (ctx.details?.param_name === 'fields' && typeof ctx.details.api_name === 'string') {
        return new ConfigError('ZOHO_UNKNOWN_FIELD', `Zoho CRM no longer has the field ${ctx.details.api_name} (an administrator deleted it, changed its API name, or hid it from your profile). Remove it from the sheet's fields in the sidebar, then sync again. Nothing was lost.`, technical);
      }
      break;
    case 'INVALID_MODULE':
      return new ConfigError('ZOHO_INVALID_MODULE', 'Zoho CRM does not know this module any more (renamed, deleted or not available through the API). Pick the module again in the sidebar.', technical);
    case 'INVALID_URL_PATTERN':
    case 'INVALID_HOST':
      return new ZohoServiceError(`ZOHO_${ctx.code}`, 'Zoho CRM refused the request address. Disconnect and Connect again so the add-on learns your data center.', technical, { status: ctx.status });
    default:
      break;
  }
  if (ctx.status === 429) return rateLimited(ctx.message, technical);
  if (ctx.status >= 500) {
    return new ZohoServiceError('ZOHO_UNAVAILABLE', 'Zoho CRM is not answering properly right now. Nothing was lost; the next sync will try again.', technical, { status: ctx.status, retryable: true });
  }
  const zohoSays = ctx.message ? ` Zoho says: ${ctx.message}.` : '';
  return new ZohoServiceError(ctx.code ? `ZOHO_${ctx.code}` : `ZOHO_HTTP_${ctx.status}`, `Zoho CRM refused the request.${zohoSays}`, technical, { status: ctx.status });
}

function rateLimited(message: string | undefined, technical: string): RateLimitedError {
  if (message && /credit/i.test(message)) {
    return new RateLimitedError('Your Zoho org has used up its daily API credits. They come back over the next 24 hours; the scheduled sync will catch up then.', technical, undefined, CREDITS_EXHAUSTED);
  }
  return new RateLimitedError('Zoho CRM is limiting requests right now. Nothing was lost; try again in a few minutes.', technical);
}

/** An answer that is not the JSON Zoho promised (a proxy's HTML page, a cut-off body). */
export function malformedAnswer(operation: string, status: number, detail: string): ZohoServiceError {
  return new ZohoServiceError('ZOHO_MALFORMED_ANSWER', 'Zoho CRM sent an answer the add-on could not read. Nothing was lost; the next sync will try again.', `${operation} answered ${status} with ${detail}`, { status, retryable: true });
}

export function networkError(operation: string, cause: unknown): ZohoServiceError {
  const detail = cause instanceof Error ? cause.message : String(cause);
  return new ZohoServiceError('ZOHO_NETWORK', 'Could not reach Zoho CRM. Nothing was lost; the next sync will try again.', `${operation} failed: ${detail}`, { retryable: true, cause });
}

/**
 * Maps a token failure (the accounts server's `error` value, or the OAuth2 library's message that
 * wraps it, e.g. "Error retrieving token: invalid_code") to what the user must do. `location` is
 * Zoho's data center code (`eu`) when the accounts server alone does not say.
 */
export function tokenError(raw: string, accountsServer?: string | null, location?: string | null): SyncError {
  const text = raw.replace(/^(Error: )?/, '');
  const where = accountsServer ? ` (${accountsServer})` : '';
  // Zoho's Multi-DC (reference §1): the client is created in one data center; each other one knows it
  // only once Multi-DC is on for it, and may have its own secret. The US server starts most sign-ins.
  const dc = dataCenterOf(accountsServer ?? null, location);
  const otherDc = dc !== undefined && dc.location !== 'us';
  if (/invalid_client_secret/.test(text)) {
    const perDc = otherDc ? ` If the client uses a separate secret for the ${dc.label} data center (Multi-DC settings), put that secret in ${perDataCenterSecretKey(dc.location)} under Project Settings > Script properties.` : '';
    return new ConfigError('ZOHO_INVALID_CLIENT_SECRET', `Zoho rejected the Client Secret${where}. The add-on's administrator should paste the secret again in Setup (or in Script Properties) from api-console.zoho.com.${perDc}`, text);
  }
  if (/invalid_client\b/.test(text)) {
    if (otherDc) {
      return new ConfigError('ZOHO_INVALID_CLIENT', `Zoho's ${dc.label} data center${where} does not know this Client ID: the client was created in another data center. The add-on's administrator should open the client at api-console.zoho.com, go to Settings > Multi-DC, and enable ${dc.label}. If it gets its own secret there, put it in ${perDataCenterSecretKey(dc.location)} under Project Settings > Script properties.`, text);
    }
    return new ConfigError('ZOHO_INVALID_CLIENT', `Zoho does not know this Client ID${where}. The add-on's administrator should check the Client ID in Setup; if the client was created in another data center's API console, turn on Multi-DC for it (Settings > Multi-DC) at api-console.zoho.com.`, text);
  }
  if (/invalid_redirect_uri/.test(text)) {
    return new ConfigError('ZOHO_INVALID_REDIRECT_URI', 'Zoho rejected the redirect URI. Add the exact redirect URI shown in the sidebar\'s Setup to your client\'s "Authorized Redirect URIs" in api-console.zoho.com.', text);
  }
  if (/invalid_code|invalid_grant/.test(text)) {
    return new ReconnectRequiredError('ZOHO_GRANT_REVOKED', `Zoho no longer accepts this connection: it was revoked, or the sign-in link was used already. ${RECONNECT}`, text);
  }
  if (/Access Denied|too many requests/i.test(text)) {
    return new RateLimitedError('Zoho allows only 10 new access tokens per 10 minutes and that limit is reached. Try again in 10 minutes.', text, undefined);
  }
  if (/Offline access is required/.test(text)) {
    return new ReconnectRequiredError('ZOHO_NO_REFRESH_TOKEN', `Zoho did not issue a lasting connection. ${RECONNECT}`, text);
  }
  if (/Token URL is required/.test(text)) {
    return new ReconnectRequiredError('ZOHO_NO_ACCOUNTS_SERVER', `The add-on lost track of your Zoho data center. ${RECONNECT}`, text);
  }
  if (/Client ID is required|Client Secret is required/.test(text)) {
    return new ConfigError('ZOHO_CLIENT_NOT_CONFIGURED', 'The Zoho client is not set up. The spreadsheet owner should open the sidebar and fill in Setup.', text);
  }
  if (/not valid JSON|Address unavailable|DNS error|Timeout|timed out|ECONN/i.test(text)) {
    return new ZohoServiceError('ZOHO_ACCOUNTS_UNAVAILABLE', 'Zoho\'s sign-in service is not answering properly right now. Nothing was lost; try again in a few minutes.', text, { retryable: true });
  }
  // Anything else (a 5xx, an unknown error value) may pass: treating it as "reconnect" would turn
  // off a user's schedule over a passing outage.
  return new ZohoServiceError('ZOHO_ACCOUNTS_UNAVAILABLE', 'Zoho\'s sign-in service is not answering properly right now. Nothing was lost; try again in a few minutes.', text, { retryable: true });
}
