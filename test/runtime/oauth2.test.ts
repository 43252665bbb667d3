// The OAuth2 library double against §3 of the platform reference, over real HTTP to a token
// endpoint in a child process, through the same state tokens and /usercallback as the add-on.
import type { AppsScriptRuntime } from '../../emulators/apps-script/runtime';
import { closeRuntimes, givenDeterministicRuntime, OWNER } from '../helpers/runtime-scenarios';
import { startTestServer, type TestServer } from '../helpers/runtime-servers';

let server: TestServer;
beforeAll(async () => { server = await startTestServer(); });
afterAll(async () => { await server.stop(); });
beforeEach(async () => { await server.reset(); });
afterEach(closeRuntimes);

const PROJECT = `
  function zoho_(withCache) {
    var s = OAuth2.createService('zoho')
      .setAuthorizationBaseUrl('https://accounts.zoho.com/oauth/v2/auth')
      .setTokenUrl(__TOKEN_URL)
      .setClientId('cid').setClientSecret('secret')
      .setScope(['ZohoCRM.modules.ALL', 'ZohoCRM.settings.READ'], ',')
      .setParam('access_type', 'offline').setParam('prompt', 'consent')
      .setCallbackFunction('authCallback')
      .setPropertyStore(PropertiesService.getUserProperties())
      .setLock(LockService.getUserLock());
    return withCache === false ? s : s.setCache(CacheService.getUserCache());
  }
  function authCallback(request) {
    var ok = zoho_().handleCallback(request);
    return HtmlService.createHtmlOutput(ok ? 'Connected ' + request.parameter.serviceName : 'Denied');
  }
  function startAuth() { return zoho_().getAuthorizationUrl(); }
  function checkAccess(withCache) {
    var s = zoho_(withCache); var ok = s.hasAccess(); var e = s.getLastError();
    return { ok: ok, error: e ? e.message : null, token: s.getToken() };
  }
  function saveTokenWithoutCache(token) { zoho_(false).getStorage().setValue(null, token); }
`;

function givenProject(): AppsScriptRuntime {
  return givenDeterministicRuntime({
    extraCode: [PROJECT],
    urlFetchAllowlistExtra: ['http://127.0.0.1:'],
    devGlobals: { __TOKEN_URL: `${server.url}/oauth/v2/token` },
  }).runtime;
}

function connect(runtime: AppsScriptRuntime, extra = 'code=abc'): ReturnType<AppsScriptRuntime['handleUserCallback']> {
  const url = runtime.run<string>('startAuth').value!;
  const state = new URL(url).searchParams.get('state')!;
  return runtime.handleUserCallback(`https://script.google.com/macros/d/${runtime.scriptId}/usercallback?state=${encodeURIComponent(state)}&${extra}`, OWNER);
}

describe('OAuth2 double', () => {
  it('builds the authorization URL with parameters in the library\'s order', () => {
    const runtime = givenProject();

    const url = new URL(runtime.run<string>('startAuth').value!);

    expect([...url.searchParams.keys()]).toEqual(['client_id', 'response_type', 'redirect_uri', 'state', 'scope', 'access_type', 'prompt']);
    expect(url.searchParams.get('redirect_uri')).toBe('https://script.google.com/macros/d/test-script-id/usercallback');
    expect(url.searchParams.get('scope')).toBe('ZohoCRM.modules.ALL,ZohoCRM.settings.READ');
  });

  it('exchanges the code from the callback as a form with Accept: application/json and stores the token with expiresAt', async () => {
    const runtime = givenProject();
    const now = Math.floor(runtime.clock.now() / 1000);

    const page = connect(runtime);

    const [req] = await server.requests();
    expect(page).toMatchObject({ status: 200, html: 'Connected zoho' });
    expect(req!.headers.accept).toBe('application/json');
    expect(req!.form).toEqual({
      code: 'abc', client_id: 'cid', client_secret: 'secret', grant_type: 'authorization_code',
      redirect_uri: 'https://script.google.com/macros/d/test-script-id/usercallback',
    });
    expect(JSON.parse(runtime.properties.user(OWNER)['oauth2.zoho']!)).toEqual({
      access_token: 'AT1', refresh_token: 'RT1', api_domain: 'https://www.zohoapis.com', token_type: 'Bearer', expires_in: 3600, expiresAt: now + 3600,
    });
  });

  it('refreshes 59 s before expiry, not 61 s before, and keeps the refresh token', async () => {
    const runtime = givenProject();
    connect(runtime);

    runtime.clock.advance((3600 - 61) * 1000);
    const early = runtime.run<{ ok: boolean; token: Record<string, unknown> }>('checkAccess');
    runtime.clock.advance(2000);
    const late = runtime.run<{ ok: boolean; token: Record<string, unknown> }>('checkAccess');

    expect(early.value!.token.access_token).toBe('AT1');
    expect(early.counters.urlfetchCalls).toBe(0);
    expect(late.value!.ok).toBe(true);
    expect(late.value!.token).toMatchObject({ access_token: 'AT2', refresh_token: 'RT1' });
    expect(late.value!.token.api_domain).toBeUndefined();
    const refresh = (await server.requests())[1]!;
    expect(refresh.form).toEqual({ refresh_token: 'RT1', client_id: 'cid', client_secret: 'secret', grant_type: 'refresh_token' });
  });

  it('answers hasAccess() false and keeps the cause when the refresh is refused with HTTP 200', async () => {
    const runtime = givenProject();
    connect(runtime);
    await server.scriptTokenResponses([{ status: 200, body: '{"error":"invalid_code"}' }]);
    runtime.clock.advance(3600 * 1000);

    const result = runtime.run<{ ok: boolean; error: string }>('checkAccess');

    expect(result.value).toMatchObject({ ok: false, error: 'Error retrieving token: invalid_code' });
  });

  it('reports a non-JSON error page before its status', async () => {
    const runtime = givenProject();
    connect(runtime);
    await server.scriptTokenResponses([{ status: 502, body: '<html>Bad Gateway</html>', contentType: 'text/html' }]);
    runtime.clock.advance(3600 * 1000);

    const result = runtime.run<{ error: string }>('checkAccess');

    expect(result.value!.error).toMatch(/^Token response not valid JSON: SyntaxError: Unexpected token/);
  });

  it('returns false for access_denied and throws for another error', () => {
    const runtime = givenProject();

    const denied = connect(runtime, 'error=access_denied');
    const other = connect(runtime, 'error=server_error');

    expect(denied.html).toBe('Denied');
    expect(other.status).toBe(500);
    expect(other.result!.error!.message).toBe('Error authorizing token: server_error');
  });

  it('caches the __NULL__ marker for 6 h on a miss, which hides a token saved without the cache', () => {
    const runtime = givenProject();

    const first = runtime.run<{ ok: boolean }>('checkAccess');
    runtime.run('saveTokenWithoutCache', [{ access_token: 'X', expires_in: 3600, expiresAt: Math.floor(runtime.clock.now() / 1000) + 3600 }]);
    const withCache = runtime.run<{ ok: boolean }>('checkAccess');
    const withoutCache = runtime.run<{ ok: boolean }>('checkAccess', [false]);

    expect(first.value!.ok).toBe(false);
    expect(runtime.caches.user(OWNER)['oauth2.zoho']).toBe('"__NULL__"');
    expect(withCache.value!.ok).toBe(false);
    expect(withoutCache.value!.ok).toBe(true);
  });

  it('keeps the library\'s exact error strings', () => {
    const runtime = givenProject();

    const result = runtime.evaluate<string[]>(`
      function msg(f) { try { f(); return 'no error'; } catch (e) { return e.message; } }
      [msg(function () { OAuth2.createService(''); }),
       msg(function () { OAuth2.createService('x').getAuthorizationUrl(); }),
       msg(function () { OAuth2.createService('x').setClientId('c').getAuthorizationUrl(); }),
       msg(function () { zoho_().getAccessToken(); }),
       msg(function () { zoho_().refresh(); }),
       OAuth2.getRedirectUri('abc'),
       OAuth2.getServiceNames({ getProperties: function () { return { 'oauth2.zoho': '1', 'oauth2.zoho.api-domain': '2', 'other': '3', 'oauth2.b': '4' }; } }).join()]`);

    expect(result.value).toEqual([
      'Service name is required.', 'Client ID is required.', 'Callback function name is required.', 'Access not granted or expired.',
      "Cannot read properties of null (reading 'refresh_token')", 'https://script.google.com/macros/d/abc/usercallback', 'zoho,b',
    ]);
  });

  it('resets only this service\'s keys', () => {
    const runtime = givenProject();
    connect(runtime);
    runtime.properties.setUser(OWNER, 'oauth2.zoho2', '"keep"');
    runtime.run('saveTokenWithoutCache', [{ access_token: 'Y' }]);

    runtime.evaluate(`zoho_().getStorage().setValue('api-domain', 'https://www.zohoapis.eu'); zoho_().reset();`);

    expect(Object.keys(runtime.properties.user(OWNER))).toEqual(['oauth2.zoho2']);
  });
});
