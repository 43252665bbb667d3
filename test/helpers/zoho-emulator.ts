// Scenario builders for tests of the Zoho emulator itself (test/emulator): an emulator in this
// process on free ports, a connected user per data centre, and raw HTTP helpers.

import { type RunningZohoEmulator, type ZohoEmulatorOptions, startZohoEmulator } from '../../emulators/zoho/server';

export type Dc = 'us' | 'eu';

export const ALL_SCOPES = [
  'ZohoCRM.modules.ALL', 'ZohoCRM.settings.ALL', 'ZohoCRM.users.READ', 'ZohoCRM.org.READ', 'ZohoCRM.coql.READ', 'ZohoCRM.bulk.READ',
].join(',');

export interface ZohoTokens {
  access_token: string;
  refresh_token?: string;
  api_domain: string;
  token_type: string;
  expires_in: number;
}

export interface HttpAnswer {
  status: number;
  headers: Headers;
  text: string;
  json: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export async function givenZohoEmulator(opts: Partial<ZohoEmulatorOptions> = {}): Promise<RunningZohoEmulator> {
  return startZohoEmulator({ port: 0, seed: 1, records: 200, ...opts });
}

export function urlsOf(emu: RunningZohoEmulator, dc: Dc): { accounts: string; api: string } {
  const urls = emu.info.dataCenters[dc];
  if (!urls) throw new Error(`no ${dc} data centre`);
  return { accounts: urls.accountsServer, api: urls.apiDomain };
}

export async function http(method: string, url: string, opts: { token?: string; body?: unknown; headers?: Record<string, string>; form?: Record<string, string> } = {}): Promise<HttpAnswer> {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (opts.token) headers.Authorization = `Zoho-oauthtoken ${opts.token}`;
  let body: string | undefined;
  if (opts.form) {
    headers['Content-Type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(opts.form).toString();
  } else if (opts.body !== undefined) {
    body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
  }
  const res = await fetch(url, { method, headers, body, redirect: 'manual' });
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text === '' ? null : JSON.parse(text);
  } catch {
    json = null;
  }
  return { status: res.status, headers: res.headers, text, json };
}

/** POSTs form parameters to a DC's token endpoint (urlencoded, as the Apps Script library does). */
export async function tokenCall(emu: RunningZohoEmulator, dc: Dc, form: Record<string, string>): Promise<HttpAnswer> {
  return http('POST', `${urlsOf(emu, dc).accounts}/oauth/v2/token`, { form });
}

/** A user connected through a self-client code: access + refresh token at the user's own DC. */
export async function givenConnectedUser(emu: RunningZohoEmulator, dc: Dc, scope = ALL_SCOPES): Promise<ZohoTokens> {
  const user = emu.info.users[dc] ?? '';
  const { code } = await emu.admin.selfClient({ scope, user });
  const answer = await tokenCall(emu, dc, {
    grant_type: 'authorization_code', client_id: emu.info.client.client_id, client_secret: emu.info.client.client_secret, code,
  });
  if (!answer.json?.access_token) throw new Error(`token exchange failed: ${answer.text}`);
  return answer.json as ZohoTokens;
}

export function crm(emu: RunningZohoEmulator, dc: Dc, tokens: ZohoTokens) {
  const base = urlsOf(emu, dc).api;
  return {
    get: (path: string, headers: Record<string, string> = {}) => http('GET', `${base}${path}`, { token: tokens.access_token, headers }),
    post: (path: string, body: unknown, headers: Record<string, string> = {}) => http('POST', `${base}${path}`, { token: tokens.access_token, body, headers }),
    put: (path: string, body: unknown, headers: Record<string, string> = {}) => http('PUT', `${base}${path}`, { token: tokens.access_token, body, headers }),
    delete: (path: string) => http('DELETE', `${base}${path}`, { token: tokens.access_token }),
  };
}

export async function failNext(emu: RunningZohoEmulator, count: number, fault: { status: 429 | 500 | 502 | 503; match?: string }): Promise<void> {
  await emu.admin.addFault({ kind: 'status', count, ...fault });
}

export function authUrl(emu: RunningZohoEmulator, startDc: Dc, params: Record<string, string>): string {
  const url = new URL(`${urlsOf(emu, startDc).accounts}/oauth/v2/auth`);
  const defaults = {
    client_id: emu.info.client.client_id, response_type: 'code', redirect_uri: emu.info.client.redirect_uris[0] ?? '',
    scope: ALL_SCOPES, access_type: 'offline', state: 'state-123',
  };
  for (const [k, v] of Object.entries({ ...defaults, ...params })) url.searchParams.set(k, v);
  return url.toString();
}

/**
 * One emulator for a whole test file, started before its first test and stopped after its last;
 * before each test its faults are cleared, it is reseeded with `records`, and a US user connects.
 * `ready` hands the emulator and that user's tokens to the file's own variables.
 */
export function useEmulatorPerFile(records: number, ready: (emu: RunningZohoEmulator, tokens: ZohoTokens) => void): void {
  let emu: RunningZohoEmulator;
  beforeAll(async () => {
    emu = await givenZohoEmulator({ records });
  });
  afterAll(async () => {
    await emu.stop();
  });
  beforeEach(async () => {
    await emu.admin.clearFaults();
    await emu.admin.reset({ records });
    ready(emu, await givenConnectedUser(emu, 'us'));
  });
}
