// Zoho Accounts as the emulator plays it: consent in both data centres, code exchange only at the
// issuing DC, token errors as HTTP 200 + error, refresh, revoke, expiry and the mint throttle.

import type { RunningZohoEmulator } from '../../emulators/zoho/server';
import { ALL_SCOPES, authUrl, crm, givenConnectedUser, givenZohoEmulator, http, tokenCall, urlsOf } from '../helpers/zoho-emulator';

let emu: RunningZohoEmulator;
beforeAll(async () => {
  emu = await givenZohoEmulator();
});
afterAll(async () => {
  await emu.stop();
});

const client = () => ({ client_id: emu.info.client.client_id, client_secret: emu.info.client.client_secret });
const redirectUri = () => emu.info.client.redirect_uris[0] ?? '';

function paramsOf(redirect: string): URLSearchParams {
  return new URL(redirect).searchParams;
}

describe('the consent page', () => {
  it('shows the app name, the scopes, a user chooser and Accept / Deny', async () => {
    const page = await http('GET', authUrl(emu, 'us', {}));

    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.text).toContain('Zoho CRM Sync for Sheets');
    expect(page.text).toContain('ZohoCRM.modules.ALL');
    expect(page.text).toContain(emu.info.users.us);
    expect(page.text).toContain(emu.info.users.eu);
    expect(page.text).toMatch(/value="accept"/);
    expect(page.text).toMatch(/value="deny"/);
  });

  it.each(['us', 'eu'] as const)('sends a %s user back with code, state, location and accounts-server of their own DC', async (dc) => {
    const redirect = await emu.admin.completeConsent(authUrl(emu, 'us', {}), { user: emu.info.users[dc] ?? '' });

    const params = paramsOf(redirect);
    expect(redirect.startsWith(redirectUri())).toBe(true);
    expect(params.get('state')).toBe('state-123');
    expect(params.get('location')).toBe(dc);
    expect(params.get('accounts-server')).toBe(urlsOf(emu, dc).accounts);
    expect(params.get('code')).toMatch(/^1000\./);
  });

  it('exchanges an EU code only at the EU accounts server', async () => {
    const redirect = await emu.admin.completeConsent(authUrl(emu, 'us', { prompt: 'consent' }), { user: emu.info.users.eu ?? '' });
    const code = paramsOf(redirect).get('code') ?? '';
    const form = { ...client(), grant_type: 'authorization_code', code, redirect_uri: redirectUri() };

    const atUs = await tokenCall(emu, 'us', form);
    const atEu = await tokenCall(emu, 'eu', form);

    expect(atUs.status).toBe(200);
    expect(atUs.json).toEqual({ error: 'invalid_client' });
    expect(atEu.json).toMatchObject({ token_type: 'Bearer', expires_in: 3600, api_domain: urlsOf(emu, 'eu').api });
    expect(typeof atEu.json.refresh_token).toBe('string');
    expect(atEu.json).not.toHaveProperty('expires_in_sec');
  });

  it('redirects with error=access_denied when the user presses Deny', async () => {
    const redirect = await emu.admin.completeConsent(authUrl(emu, 'us', {}), { user: emu.info.users.us ?? '', decision: 'deny' });

    expect(paramsOf(redirect).get('error')).toBe('access_denied');
    expect(paramsOf(redirect).get('state')).toBe('state-123');
    expect(paramsOf(redirect).get('code')).toBeNull();
  });

  it('refuses an unknown client or an unregistered redirect_uri on an error page, and a bad scope by redirect', async () => {
    const unknownClient = await http('GET', authUrl(emu, 'us', { client_id: '1000.NOPE' }));
    const badRedirect = await http('GET', authUrl(emu, 'us', { redirect_uri: 'https://evil.example/cb' }));
    const badScope = await http('GET', authUrl(emu, 'us', { scope: 'ZohoCRM.everything.ALL' }));

    expect(unknownClient.status).toBe(400);
    expect(unknownClient.text).toContain('Invalid Client');
    expect(badRedirect.status).toBe(400);
    expect(badRedirect.text).toContain('Invalid Redirect Uri');
    expect(badScope.status).toBe(302);
    expect(paramsOf(badScope.headers.get('location') ?? '').get('error')).toBe('invalid_scope');
  });

  it('gives a refresh token on the first offline consent only, and again with prompt=consent', async () => {
    await emu.admin.reset({ tokens: true });
    const exchange = async (extra: Record<string, string>) => {
      const redirect = await emu.admin.completeConsent(authUrl(emu, 'us', extra), { user: emu.info.users.us ?? '' });
      return (await tokenCall(emu, 'us', { ...client(), grant_type: 'authorization_code', code: paramsOf(redirect).get('code') ?? '', redirect_uri: redirectUri() })).json;
    };

    const first = await exchange({});
    const second = await exchange({});
    const forced = await exchange({ prompt: 'consent' });
    const online = await exchange({ access_type: 'online', prompt: 'consent' });

    expect(first.refresh_token).toBeDefined();
    expect(second.refresh_token).toBeUndefined();
    expect(second.access_token).toBeDefined();
    expect(forced.refresh_token).toBeDefined();
    expect(online.refresh_token).toBeUndefined();
  });
});

describe('the token endpoint', () => {
  it('answers errors with HTTP 200 and an error key', async () => {
    const { code } = await emu.admin.selfClient({ scope: ALL_SCOPES, user: emu.info.users.us ?? '' });

    const wrongSecret = await tokenCall(emu, 'us', { ...client(), client_secret: 'nope', grant_type: 'authorization_code', code });
    const wrongClient = await tokenCall(emu, 'us', { ...client(), client_id: '1000.UNKNOWN', grant_type: 'authorization_code', code });
    const wrongGrant = await tokenCall(emu, 'us', { ...client(), grant_type: 'password', code });
    const garbage = await tokenCall(emu, 'us', { ...client(), grant_type: 'authorization_code', code: '1000.garbage' });
    const ok = await tokenCall(emu, 'us', { ...client(), grant_type: 'authorization_code', code });
    const reused = await tokenCall(emu, 'us', { ...client(), grant_type: 'authorization_code', code });

    for (const answer of [wrongSecret, wrongClient, wrongGrant, garbage, reused]) {
      expect(answer.status).toBe(200);
      expect(answer.headers.get('content-type')).toBe('application/json;charset=UTF-8');
    }
    expect(wrongSecret.json).toEqual({ error: 'invalid_client_secret' });
    expect(wrongClient.json).toEqual({ error: 'invalid_client' });
    expect(wrongGrant.json).toEqual({ error: 'unsupported_grant_type' });
    expect(garbage.json).toEqual({ error: 'invalid_code' });
    expect(ok.json.access_token).toBeDefined();
    expect(reused.json).toEqual({ error: 'invalid_code' });
  });

  it('refuses a consent code exchanged with a different redirect_uri', async () => {
    const redirect = await emu.admin.completeConsent(authUrl(emu, 'us', {}), { user: emu.info.users.us ?? '' });

    const answer = await tokenCall(emu, 'us', { ...client(), grant_type: 'authorization_code', code: paramsOf(redirect).get('code') ?? '', redirect_uri: 'https://other.example/cb' });

    expect(answer.json).toEqual({ error: 'invalid_redirect_uri' });
  });

  it('expires codes after codeTtlSeconds on the emulator clock', async () => {
    const redirect = await emu.admin.completeConsent(authUrl(emu, 'us', {}), { user: emu.info.users.us ?? '' });
    await emu.admin.advanceClock(121);

    const answer = await tokenCall(emu, 'us', { ...client(), grant_type: 'authorization_code', code: paramsOf(redirect).get('code') ?? '', redirect_uri: redirectUri() });

    expect(answer.json).toEqual({ error: 'invalid_code' });
  });

  it('accepts parameters in the query string, urlencoded and multipart bodies', async () => {
    const tokens = await givenConnectedUser(emu, 'us');
    const params = { ...client(), grant_type: 'refresh_token', refresh_token: tokens.refresh_token ?? '' };
    const accounts = urlsOf(emu, 'us').accounts;
    const multipart = new FormData();
    for (const [k, v] of Object.entries(params)) multipart.append(k, v);

    const viaQuery = await http('POST', `${accounts}/oauth/v2/token?${new URLSearchParams(params).toString()}`);
    const viaForm = await tokenCall(emu, 'us', params);
    const viaMultipart = (await fetch(`${accounts}/oauth/v2/token`, { method: 'POST', body: multipart }).then((r) => r.json())) as { access_token?: string };

    expect(viaQuery.json.access_token).toBeDefined();
    expect(viaForm.json.access_token).toBeDefined();
    expect(viaMultipart.access_token).toBeDefined();
  });

  it('refreshes with no new refresh token, and the new access token works at the API', async () => {
    const tokens = await givenConnectedUser(emu, 'eu');

    const refreshed = await tokenCall(emu, 'eu', { ...client(), grant_type: 'refresh_token', refresh_token: tokens.refresh_token ?? '' });
    const answer = await crm(emu, 'eu', refreshed.json).get('/crm/v8/org');

    expect(Object.keys(refreshed.json).sort()).toEqual(['access_token', 'api_domain', 'expires_in', 'token_type']);
    expect(refreshed.json.api_domain).toBe(urlsOf(emu, 'eu').api);
    expect(answer.status).toBe(200);
    expect(answer.json.org[0].time_zone).toBe('Europe/Berlin');
  });

  it('throttles the 11th mint from one refresh token within 10 minutes with "Access Denied"', async () => {
    const tokens = await givenConnectedUser(emu, 'us');
    const refresh = () => tokenCall(emu, 'us', { ...client(), grant_type: 'refresh_token', refresh_token: tokens.refresh_token ?? '' });

    for (let i = 0; i < 10; i++) expect((await refresh()).json.access_token).toBeDefined();
    const eleventh = await refresh();
    await emu.admin.advanceClock(601);
    const later = await refresh();

    expect(eleventh.status).toBe(200);
    expect(eleventh.json).toEqual({
      error: 'Access Denied',
      error_description: 'You have made too many requests continuously. Please try again after some time.',
      status: 'failure',
    });
    expect(later.json.access_token).toBeDefined();
  });

  it('keeps 15 live access tokens per refresh token: the 16th evicts the oldest', async () => {
    const tokens = await givenConnectedUser(emu, 'us');
    const minted: string[] = [tokens.access_token];
    for (let i = 0; i < 15; i++) {
      if (i % 10 === 9) await emu.admin.advanceClock(601);
      minted.push((await tokenCall(emu, 'us', { ...client(), grant_type: 'refresh_token', refresh_token: tokens.refresh_token ?? '' })).json.access_token);
    }

    const oldest = await http('GET', `${urlsOf(emu, 'us').api}/crm/v8/org`, { token: minted[0] });
    const newest = await http('GET', `${urlsOf(emu, 'us').api}/crm/v8/org`, { token: minted[15] });

    expect(oldest.status).toBe(401);
    expect(newest.status).toBe(200);
  });

  it('revokes a refresh token (query or body), killing its access tokens', async () => {
    const a = await givenConnectedUser(emu, 'us');
    const b = await givenConnectedUser(emu, 'us');
    const accounts = urlsOf(emu, 'us').accounts;

    const viaQuery = await http('POST', `${accounts}/oauth/v2/token/revoke?token=${a.refresh_token}`);
    const viaBody = await http('POST', `${accounts}/oauth/v2/token/revoke`, { form: { token: b.refresh_token ?? '' } });
    const again = await http('POST', `${accounts}/oauth/v2/token/revoke?token=${a.refresh_token}`);
    const api = await crm(emu, 'us', a).get('/crm/v8/org');
    const refresh = await tokenCall(emu, 'us', { ...client(), grant_type: 'refresh_token', refresh_token: a.refresh_token ?? '' });

    expect(viaQuery.json).toEqual({ status: 'success' });
    expect(viaBody.json).toEqual({ status: 'success' });
    expect(again.status).toBe(400);
    expect(api.status).toBe(401);
    expect(api.json).toEqual({ code: 'INVALID_TOKEN', details: {}, message: 'invalid oauth token', status: 'error' });
    expect(refresh.json).toEqual({ error: 'invalid_code' });
  });

  it('refuses a refresh token at the other DC', async () => {
    const tokens = await givenConnectedUser(emu, 'eu');

    const answer = await tokenCall(emu, 'us', { ...client(), grant_type: 'refresh_token', refresh_token: tokens.refresh_token ?? '' });

    expect(answer.json).toEqual({ error: 'invalid_client' });
  });
});

describe('access tokens at the CRM API', () => {
  it('expire after tokenTtlSeconds on the admin clock, and refresh brings access back', async () => {
    const tokens = await givenConnectedUser(emu, 'us');
    const before = await crm(emu, 'us', tokens).get('/crm/v8/org');

    await emu.admin.advanceClock(3601);
    const after = await crm(emu, 'us', tokens).get('/crm/v8/org');
    const refreshed = await tokenCall(emu, 'us', { ...client(), grant_type: 'refresh_token', refresh_token: tokens.refresh_token ?? '' });
    const again = await crm(emu, 'us', refreshed.json).get('/crm/v8/org');

    expect(before.status).toBe(200);
    expect(after.status).toBe(401);
    expect(after.json.code).toBe('INVALID_TOKEN');
    expect(again.status).toBe(200);
  });

  it('are expired or revoked per user through admin', async () => {
    const us = await givenConnectedUser(emu, 'us');
    const eu = await givenConnectedUser(emu, 'eu');

    await emu.admin.expireTokens({ user: emu.info.users.us });
    const usAfterExpire = await crm(emu, 'us', us).get('/crm/v8/org');
    const euAfterExpire = await crm(emu, 'eu', eu).get('/crm/v8/org');
    const usRefresh = await tokenCall(emu, 'us', { ...client(), grant_type: 'refresh_token', refresh_token: us.refresh_token ?? '' });
    await emu.admin.revokeTokens(emu.info.users.eu);
    const euRefresh = await tokenCall(emu, 'eu', { ...client(), grant_type: 'refresh_token', refresh_token: eu.refresh_token ?? '' });

    expect(usAfterExpire.status).toBe(401);
    expect(euAfterExpire.status).toBe(200);
    expect(usRefresh.json.access_token).toBeDefined();
    expect(euRefresh.json).toEqual({ error: 'invalid_code' });
  });

  it('work only at their own DC, and only in the Authorization header', async () => {
    const eu = await givenConnectedUser(emu, 'eu');

    const atUs = await http('GET', `${urlsOf(emu, 'us').api}/crm/v8/org`, { token: eu.access_token });
    const inQuery = await http('GET', `${urlsOf(emu, 'eu').api}/crm/v8/org?access_token=${eu.access_token}`);
    const bearer = await http('GET', `${urlsOf(emu, 'eu').api}/crm/v8/org`, { headers: { Authorization: `Bearer ${eu.access_token}` } });
    const atAccounts = await http('GET', `${urlsOf(emu, 'eu').accounts}/crm/v8/org`, { token: eu.access_token });
    const tokenAtApi = await http('POST', `${urlsOf(emu, 'eu').api}/oauth/v2/token`, { form: { grant_type: 'refresh_token' } });

    expect(atUs.status).toBe(401);
    expect(atUs.json.code).toBe('INVALID_TOKEN');
    expect(inQuery.status).toBe(401);
    expect(bearer.status).toBe(200);
    expect(atAccounts.status).toBe(404);
    expect(atAccounts.json.code).toBe('INVALID_URL_PATTERN');
    expect(tokenAtApi.status).toBe(404);
  });

  it('answer OAUTH_SCOPE_MISMATCH when the grant lacks the scope', async () => {
    const readOnly = await givenConnectedUser(emu, 'us', 'ZohoCRM.modules.leads.READ');

    const leads = await crm(emu, 'us', readOnly).get('/crm/v8/Leads?fields=Last_Name&per_page=1');
    const contacts = await crm(emu, 'us', readOnly).get('/crm/v8/Contacts?fields=Last_Name&per_page=1');
    const write = await crm(emu, 'us', readOnly).post('/crm/v8/Leads', { data: [{ Last_Name: 'X' }] });
    const fields = await crm(emu, 'us', readOnly).get('/crm/v8/settings/fields?module=Leads');

    expect(leads.status).toBe(200);
    for (const answer of [contacts, write, fields]) {
      expect(answer.status).toBe(401);
      expect(answer.json).toEqual({ code: 'OAUTH_SCOPE_MISMATCH', message: 'Unauthorized', status: 'error', details: {} });
    }
  });
});
