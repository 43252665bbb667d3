// Connect, through the real bundle in the Apps Script runtime against the Zoho emulator: the
// consent flow in both data centers, refresh, revocation, bad configuration, forged callbacks,
// transient Zoho failures, and disconnect.

import { type ConnectionState, type ModuleSummary } from '../../src/shared/rpc';
import { connectThroughConsent, givenConnectedUser, givenWorld, logsOf, REP, type World } from '../helpers/world';

let world: World;
afterEach(async () => {
  await world?.stop();
});

const state = (w: World) => w.rpc<ConnectionState>('getConnectionState').value!;
const callsTo = async (w: World, route: string) => (await w.zoho.admin.counters()).calls[route] ?? 0;

describe('connecting a Zoho account', () => {
  it.each([
    ['us', 'United States'],
    ['eu', 'Europe'],
  ] as const)('connects a %s user through Zoho\'s consent page and reads their own org', async (dc, label) => {
    world = await givenWorld();

    const page = await connectThroughConsent(world, dc);
    const connection = state(world);
    const modules = world.rpc<ModuleSummary[]>('listModules');

    expect(page.html).toContain('Connected to Zoho CRM');
    expect(page.html).toContain('You can close this tab');
    expect(connection).toMatchObject({ connected: true, dataCenter: { location: dc, label }, problem: null });
    expect(connection.account?.email).toBe(world.zoho.info.users[dc]);
    expect(modules.value!.map((m) => m.apiName)).toEqual(expect.arrayContaining(['Leads', 'Contacts', 'Accounts', 'Deals']));
  });

  it('shows the exact redirect URI to register and never the full client id', async () => {
    world = await givenWorld();

    const connection = state(world);

    expect(connection.redirectUri).toBe(`https://script.google.com/macros/d/${world.runtime.scriptId}/usercallback`);
    expect(connection.clientIdMasked).not.toBe(world.zoho.info.client.client_id);
    expect(JSON.stringify(connection)).not.toContain(world.zoho.info.client.client_secret);
  });

  it('refreshes an expired access token by itself, once, at the user\'s own data center', async () => {
    world = await givenWorld();
    await givenConnectedUser(world, 'eu');
    await world.zoho.admin.counters.reset?.();
    const before = await callsTo(world, 'POST /oauth/v2/token');

    world.runtime.clock.advance(3700 * 1000);
    await world.zoho.admin.advanceClock(3700);
    const modules = world.rpc<ModuleSummary[]>('listModules');
    const again = world.rpc<ModuleSummary[]>('listFields', ['Leads']);

    expect(modules.ok).toBe(true);
    expect(again.ok).toBe(true);
    expect((await callsTo(world, 'POST /oauth/v2/token')) - before).toBe(1);
  });

  it('recovers when Zoho invalidates the access token early, with one refresh', async () => {
    world = await givenWorld();
    await givenConnectedUser(world, 'us');
    const before = await callsTo(world, 'POST /oauth/v2/token');

    await world.zoho.admin.expireTokens({ user: world.zoho.info.users.us });
    const modules = world.rpc<ModuleSummary[]>('listModules');

    expect(modules.ok).toBe(true);
    expect((await callsTo(world, 'POST /oauth/v2/token')) - before).toBe(1);
  });

  it('says the connection was revoked, and how to reconnect, when Zoho revoked it', async () => {
    world = await givenWorld();
    await givenConnectedUser(world, 'eu');
    world.rpc('saveSyncDefinition', [{ sheetName: 'Leads', module: 'Leads', fields: ['Last_Name', 'Email'] }]);

    await world.zoho.admin.revokeTokens({ user: world.zoho.info.users.eu });
    world.runtime.clock.advance(3700 * 1000);
    await world.zoho.admin.advanceClock(3700);
    expectSyncNowToAskForReconnect(world);
  });

  it('says reconnect in the sidebar as soon as a sync finds the connection revoked, not an hour later, and the edit waits', async () => {
    world = await givenWorld({ records: 10 });
    await givenConnectedUser(world, 'eu');
    world.rpc('saveSyncDefinition', [{ sheetName: 'Leads', module: 'Leads', fields: ['Last_Name', 'Email'] }]);
    world.rpc('syncNow');
    const sheet = world.runtime.getSpreadsheet(world.spreadsheetId)!.sheet('Leads')!;
    const id = String(sheet.readValue(2, 4));
    sheet.writeValue(2, 1, 'Typed Before Revoking');
    // Removed under Connected Apps at accounts.zoho.com: the access token in hand dies with it.
    await world.zoho.admin.revokeTokens({ user: world.zoho.info.users.eu });

    expectSyncNowToAskForReconnect(world);
    await givenConnectedUser(world, 'eu');
    expect(state(world)).toMatchObject({ connected: true, problem: null });
    expect(world.rpc('syncNow').ok).toBe(true);
    expect((await world.zoho.admin.getRecord('eu', 'Leads', id)).Last_Name).toBe('Typed Before Revoking');
  });

  it('names the fix when the client secret is wrong, and connects nothing', async () => {
    world = await givenWorld();
    world.runtime.properties.setScript?.('ZOHO_CLIENT_SECRET', 'not-the-right-secret-0123456789abcdef');

    const page = await connectThroughConsent(world, 'us');

    expect(page.html).toMatch(/Client Secret/);
    expect(state(world).connected).toBe(false);
  });

  it('names Setup when no Zoho client is configured', async () => {
    world = await givenWorld({ unconfigured: true });

    const sync = world.rpc('syncNow');

    expect(sync.error!.message).toMatch(/not set up yet.*Setup/);
    expect(state(world).configured).toBe(false);
  });

  it('refuses a pasted legacy v1 authtoken in Setup and explains why', async () => {
    world = await givenWorld({ unconfigured: true });

    const saved = world.rpc('saveZohoClient', ['3f2a0c9be8d14f6a9b7e2d1c0a9f8e7d', '']);

    expect(saved.ok).toBe(false);
    expect(saved.error!.message).toMatch(/authtoken.*retired/);
    expect(world.runtime.properties.script().ZOHO_CLIENT_ID).toBeUndefined();
  });

  it('refuses a callback whose state was tampered with, before the add-on runs', async () => {
    world = await givenWorld();
    const start = world.rpc<{ authorizationUrl: string }>('startConnect').value!;
    const redirect = await world.zoho.admin.completeConsent(start.authorizationUrl, { user: world.zoho.info.users.us! });

    const tampered = redirect.replace(/state=([^&]+)/, (_m, s: string) => `state=${s.slice(0, -4)}AAAA`);
    const page = world.runtime.handleUserCallback(tampered, REP);

    expect(page.result).toBeUndefined();
    expect(page.html).not.toContain('Connected to Zoho CRM');
    expect(state(world).connected).toBe(false);
  });

  it('refuses a replayed callback and keeps the existing connection', async () => {
    world = await givenWorld();
    const start = world.rpc<{ authorizationUrl: string }>('startConnect').value!;
    const redirect = await world.zoho.admin.completeConsent(start.authorizationUrl, { user: world.zoho.info.users.us! });
    world.runtime.handleUserCallback(redirect, REP);

    const replay = world.runtime.handleUserCallback(redirect, REP);

    expect(replay.html).toMatch(/already used or is too old/);
    expect(state(world).connected).toBe(true);
  });

  it('sends no secret to an accounts-server that is not Zoho\'s', async () => {
    world = await givenWorld();
    const start = world.rpc<{ authorizationUrl: string }>('startConnect').value!;
    const redirect = await world.zoho.admin.completeConsent(start.authorizationUrl, { user: world.zoho.info.users.eu! });
    const tokenCallsBefore = await callsTo(world, 'POST /oauth/v2/token');
    const forged = redirect.replace(/accounts-server=[^&]+/, `accounts-server=${encodeURIComponent('https://accounts.zoho.eu.attacker.example')}`);

    const page = world.runtime.handleUserCallback(forged, REP);

    expect(page.html).toMatch(/not one of Zoho/);
    expect(page.result!.counters.urlfetchCalls).toBe(0);
    expect(await callsTo(world, 'POST /oauth/v2/token')).toBe(tokenCallsBefore);
    expect(state(world).connected).toBe(false);
  });

  it('asks to reconnect when the grant lacks a scope the add-on needs', async () => {
    world = await givenWorld();
    const start = world.rpc<{ authorizationUrl: string }>('startConnect').value!;
    const narrowed = start.authorizationUrl.replace(/scope=[^&]+/, `scope=${encodeURIComponent('ZohoCRM.modules.READ,ZohoCRM.users.READ,ZohoCRM.org.READ')}`);
    const redirect = await world.zoho.admin.completeConsent(narrowed, { user: world.zoho.info.users.us! });
    world.runtime.handleUserCallback(redirect, REP);

    const modules = world.rpc('listModules');

    expect(modules.ok).toBe(false);
    expect(modules.error!.message).toMatch(/lacks a permission.*Disconnect, then Connect again/);
  });
});

describe('a Zoho that fails for a while', () => {
  it('rides out a burst of 429s with backoff on the virtual clock', async () => {
    world = await givenWorld();
    await givenConnectedUser(world, 'us');
    await world.zoho.admin.injectFault({ kind: 'burst429', count: 2 });

    const modules = world.rpc<ModuleSummary[]>('listModules');

    expect(modules.ok).toBe(true);
    expect(modules.counters.urlfetchCalls).toBe(3);
    expect(modules.elapsedMs).toBeGreaterThan(1000);
  });

  it('retries a 503 and then succeeds', async () => {
    world = await givenWorld();
    await givenConnectedUser(world, 'eu');
    await world.zoho.admin.injectFault({ kind: 'status', status: 503, count: 1 });

    const fields = world.rpc('listFields', ['Leads']);

    expect(fields.ok).toBe(true);
    expect(fields.counters.urlfetchCalls).toBe(2);
  });

  it('serves metadata from the cache the second time', async () => {
    world = await givenWorld();
    await givenConnectedUser(world, 'us');

    world.rpc('listModules');
    const second = world.rpc('listModules');

    expect(second.counters.urlfetchCalls).toBe(0);
  });
});

describe('disconnecting', () => {
  it('revokes at Zoho, forgets the tokens, and a later sync says how to connect', async () => {
    world = await givenWorld();
    await givenConnectedUser(world, 'eu');
    const revokesBefore = await callsTo(world, 'POST /oauth/v2/token/revoke');

    const after = world.rpc<ConnectionState>('disconnect');
    const sync = world.rpc('syncNow');

    expect(after.value!.connected).toBe(false);
    expect((await callsTo(world, 'POST /oauth/v2/token/revoke')) - revokesBefore).toBe(1);
    expect(Object.keys(world.runtime.properties.user(REP)).filter((k) => k.startsWith('oauth2.zoho'))).toEqual([]);
    expect(sync.error!.message).toMatch(/Not connected to Zoho CRM.*Connect/);
  });

  it('never writes a token into any log', async () => {
    world = await givenWorld();
    await givenConnectedUser(world, 'us');
    const token = JSON.parse(world.runtime.properties.user(REP)['oauth2.zoho']!) as { access_token: string; refresh_token: string };
    await world.zoho.admin.injectFault({ kind: 'status', status: 500, count: 5 });

    const results = [world.rpc('listModules'), world.rpc('syncNow'), world.rpc('disconnect')];

    const logs = logsOf(...results);
    expect(logs).not.toContain(token.access_token);
    expect(logs).not.toContain(token.refresh_token);
    expect(logs).not.toContain(world.zoho.info.client.client_secret);
  });
});

/** Sync now fails saying the connection was revoked, and the sidebar's state says the same at once. */
function expectSyncNowToAskForReconnect(w: World): void {
  const sync = w.rpc('syncNow');
  const connection = state(w);

  expect(sync.ok).toBe(false);
  expect(sync.error!.message).toMatch(/no longer accepts this connection.*Click Connect/);
  expect(connection.connected).toBe(false);
  expect(connection.problem).toMatch(/Click Connect/);
}
