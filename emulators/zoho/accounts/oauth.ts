// Zoho Accounts on one data centre's accounts server: the consent page (GET/POST /oauth/v2/auth),
// the token endpoint and revoke. Token errors are HTTP 200 with an `error` key (reference §2.7).

import type { EmulatorContext } from '../context';
import { type Reply, htmlReply, jsonReply, redirectReply } from '../http-util';
import { readFormParams } from '../multipart';
import { ALL_DATA_CENTERS, type DataCenter, SEED_ORGS, findUserByEmail, fullName } from '../seed/orgs';
import { renderConsentPage, renderErrorPage } from './consent-page';
import { invalidScopes, parseScopes } from './scopes';
import type { GrantCode } from './tokens';

const THROTTLE_BODY = {
  error: 'Access Denied',
  error_description: 'You have made too many requests continuously. Please try again after some time.',
  status: 'failure',
};

const AUTH_PARAMS = ['client_id', 'response_type', 'redirect_uri', 'scope', 'access_type', 'prompt', 'state'] as const;

function tokenError(error: string): Reply {
  return jsonReply(200, { error });
}

function withQuery(base: string, params: Record<string, string | undefined>): string {
  const url = new URL(base);
  for (const [key, value] of Object.entries(params)) if (value !== undefined) url.searchParams.set(key, value);
  return url.toString();
}

export class OAuthServer {
  constructor(private readonly ctx: EmulatorContext, private readonly dc: DataCenter) {}

  async handle(method: string, path: string, query: URLSearchParams, body: Buffer, contentType: string | undefined): Promise<{ route: string; reply: Reply }> {
    if (path === '/oauth/v2/auth' && method === 'GET') return { route: 'GET /oauth/v2/auth', reply: this.consent(Object.fromEntries(query)) };
    if (path === '/oauth/v2/auth' && method === 'POST') return { route: 'POST /oauth/v2/auth', reply: this.decide(readFormParams(query, body, contentType)) };
    if (path === '/oauth/v2/token' && method === 'POST') {
      this.ctx.counters.addTokenRequest();
      return { route: 'POST /oauth/v2/token', reply: this.token(readFormParams(query, body, contentType)) };
    }
    if (path === '/oauth/v2/token/revoke' && method === 'POST') return { route: 'POST /oauth/v2/token/revoke', reply: this.revoke(readFormParams(query, body, contentType)) };
    return { route: 'unmatched', reply: jsonReply(404, { code: 'INVALID_URL_PATTERN', details: {}, message: 'Please check if the URL trying to access is a correct one', status: 'error' }) };
  }

  /** Checks client and redirect first (errors shown as a page), then the rest (errors redirected). */
  private checkAuthRequest(params: Record<string, string>): { page?: Reply; redirectError?: Reply; appName?: string; scopes?: string[] } {
    const client = this.ctx.tokens.clients.get(params.client_id ?? '');
    if (!client) return { page: htmlReply(400, renderErrorPage('Invalid Client', 'The client_id is not registered with Zoho Accounts.')) };
    const redirectUri = params.redirect_uri ?? '';
    if (!client.redirectUris.includes(redirectUri)) {
      return { page: htmlReply(400, renderErrorPage('Invalid Redirect Uri', 'The redirect_uri does not match any URI registered for this client.')) };
    }
    if (params.response_type !== 'code') return { redirectError: redirectReply(withQuery(redirectUri, { error: 'unsupported_response_type', state: params.state })) };
    const scopes = parseScopes(params.scope ?? '');
    if (scopes.length === 0 || invalidScopes(scopes).length > 0) return { redirectError: redirectReply(withQuery(redirectUri, { error: 'invalid_scope', state: params.state })) };
    return { appName: client.name, scopes };
  }

  private consent(params: Record<string, string>, error?: string): Reply {
    const check = this.checkAuthRequest(params);
    if (check.page) return check.page;
    if (check.redirectError) return check.redirectError;
    const hidden: Record<string, string> = {};
    for (const key of AUTH_PARAMS) if (params[key] !== undefined) hidden[key] = params[key] ?? '';
    const users = ALL_DATA_CENTERS.flatMap((dc) => SEED_ORGS[dc].users.map((u) => ({ email: u.email, name: fullName(u), location: dc })));
    return htmlReply(error ? 400 : 200, renderConsentPage({ appName: check.appName ?? '', location: this.dc, scopes: check.scopes ?? [], hidden, users, ...(error ? { error } : {}) }));
  }

  private decide(params: Record<string, string>): Reply {
    const check = this.checkAuthRequest(params);
    if (check.page) return check.page;
    if (check.redirectError) return check.redirectError;
    const redirectUri = params.redirect_uri ?? '';
    if (params.decision !== 'accept') return redirectReply(withQuery(redirectUri, { error: 'access_denied', state: params.state }));
    const email = (params.login || params.email || '').trim();
    const found = findUserByEmail(email);
    if (!found) return this.consent(params, `No Zoho account found for "${email}".`);
    // The user's org decides the DC: a US-started consent for an EU user is brokered to EU (§2.2).
    const userDc = found.dc;
    const urls = this.ctx.urls[userDc];
    if (!urls) return this.consent(params, `The ${userDc.toUpperCase()} data centre is not running in this emulator.`);
    const code = this.ctx.tokens.issueCode({
      clientId: params.client_id ?? '', userEmail: found.user.email, dc: userDc, scopes: check.scopes ?? [], redirectUri,
      offline: params.access_type === 'offline', forceConsent: params.prompt === 'consent',
    }, this.ctx.options.codeTtlSeconds);
    return redirectReply(withQuery(redirectUri, { state: params.state, code: code.code, location: userDc, 'accounts-server': urls.accountsServer }));
  }

  private token(params: Record<string, string>): Reply {
    const grantType = params.grant_type;
    if (grantType !== 'authorization_code' && grantType !== 'refresh_token') return tokenError('unsupported_grant_type');
    const client = this.ctx.tokens.clients.get(params.client_id ?? '');
    if (!client) return tokenError('invalid_client');
    if (client.dataCenters && !client.dataCenters.includes(this.dc)) return tokenError('invalid_client');
    if (params.client_secret !== (client.dcSecrets?.[this.dc] ?? client.clientSecret)) return tokenError('invalid_client_secret');
    return grantType === 'authorization_code' ? this.exchangeCode(params) : this.refresh(params);
  }

  private exchangeCode(params: Record<string, string>): Reply {
    const code = this.ctx.tokens.findCode(params.code ?? '');
    if (!code || code.clientId !== params.client_id) return tokenError('invalid_code');
    // A code only works at the accounts server of the DC that issued it; Zoho says invalid_client
    // when a client calls the wrong DC (reference §2.3).
    if (code.dc !== this.dc) return tokenError('invalid_client');
    if (code.used || code.expiresAtMs <= this.ctx.clock.now()) return tokenError('invalid_code');
    if (code.redirectUri !== null && params.redirect_uri !== code.redirectUri) return tokenError('invalid_redirect_uri');
    code.used = true;
    return this.issueTokens(code);
  }

  private issueTokens(code: GrantCode): Reply {
    const tokens = this.ctx.tokens;
    const apiDomain = this.ctx.urls[this.dc]?.apiDomain ?? '';
    if (tokens.wantsRefreshToken(code)) {
      const refresh = tokens.createRefreshToken(code);
      const access = tokens.mintFromRefresh(refresh, false);
      if (access === 'throttled') return jsonReply(200, THROTTLE_BODY);
      return jsonReply(200, { access_token: access.token, refresh_token: refresh.token, api_domain: apiDomain, token_type: 'Bearer', expires_in: tokens.ttlSeconds });
    }
    const access = tokens.mint(code.clientId, code.userEmail, code.dc, code.scopes, null);
    return jsonReply(200, { access_token: access.token, api_domain: apiDomain, token_type: 'Bearer', expires_in: tokens.ttlSeconds });
  }

  private refresh(params: Record<string, string>): Reply {
    const tokens = this.ctx.tokens;
    const refresh = tokens.findRefreshToken(params.refresh_token ?? '');
    if (!refresh || refresh.clientId !== params.client_id) return tokenError('invalid_code');
    if (refresh.dc !== this.dc) return tokenError('invalid_client');
    const access = tokens.mintFromRefresh(refresh, true);
    if (access === 'throttled') return jsonReply(200, THROTTLE_BODY);
    // Zoho never rotates refresh tokens: the answer has no refresh_token (§2.5).
    return jsonReply(200, { access_token: access.token, api_domain: this.ctx.urls[this.dc]?.apiDomain ?? '', token_type: 'Bearer', expires_in: tokens.ttlSeconds });
  }

  private revoke(params: Record<string, string>): Reply {
    const token = params.token ?? '';
    const refresh = this.ctx.tokens.findRefreshToken(token);
    if (refresh && refresh.dc === this.dc) {
      this.ctx.tokens.deleteRefreshToken(token);
      return jsonReply(200, { status: 'success' });
    }
    const access = this.ctx.tokens.findAccessToken(token);
    if (access && access.dc === this.dc) {
      this.ctx.tokens.deleteAccessToken(token);
      return jsonReply(200, { status: 'success' });
    }
    return jsonReply(400, { status: 'failure', error: 'invalid_token' });
  }
}

export function selfClientCode(ctx: EmulatorContext, clientId: string, scope: string, userEmail: string, durationSeconds?: number): GrantCode {
  const client = ctx.tokens.clients.get(clientId);
  if (!client) throw new Error(`unknown client_id ${clientId}`);
  const scopes = parseScopes(scope);
  const bad = invalidScopes(scopes);
  if (scopes.length === 0 || bad.length > 0) throw new Error(`invalid scope ${bad.join(',') || '(empty)'}`);
  const found = findUserByEmail(userEmail);
  if (!found) throw new Error(`unknown user ${userEmail}`);
  return ctx.tokens.issueCode({ clientId, userEmail: found.user.email, dc: found.dc, scopes, redirectUri: null, offline: true, forceConsent: true },
    durationSeconds ?? Math.max(ctx.options.codeTtlSeconds, 600));
}
