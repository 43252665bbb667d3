// Deploying for a team, through the real bundle: who may set the shared Zoho client, Zoho's
// Multi-DC (a client unknown to a data center, a secret per data center), and China's accounts server.

import { type ConnectionState, type ModuleSummary } from '../../src/shared/rpc';
import { connectThroughConsent, givenWorld, REP, type World } from '../helpers/world';

let world: World;
afterEach(async () => {
  await world?.stop();
});

const TEAMMATE = 'teammate@example.com';
const state = (w: World, user = REP) => w.rpc<ConnectionState>('getConnectionState', [], user).value!;

describe('setting the shared Zoho client', () => {
  it('refuses a teammate who is not an administrator while the client is unset, and stores nothing', async () => {
    world = await givenWorld({ unconfigured: true });
    const client = world.zoho.info.client;

    const saved = world.rpc('saveZohoClient', [client.client_id, client.client_secret], TEAMMATE);

    expect(saved.ok).toBe(false);
    expect(saved.error!.message).toMatch(/Only the add-on's administrators.*ZCS_ADMIN_EMAILS/);
    expect(world.runtime.properties.script().ZOHO_CLIENT_ID).toBeUndefined();
    expect(state(world, TEAMMATE)).toMatchObject({ configured: false, canManageClient: false });
  });

  it('refuses a teammate who tries to replace the client everyone uses', async () => {
    world = await givenWorld();
    const before = world.runtime.properties.script();

    const saved = world.rpc('saveZohoClient', ['1000.ATTACKERCLIENT0000000000000001', 'attacker-secret-0123456789abcdef'], TEAMMATE);

    expect(saved.ok).toBe(false);
    expect(saved.error!.message).toMatch(/Only the add-on's administrators can change/);
    expect(world.runtime.properties.script().ZOHO_CLIENT_ID).toBe(before.ZOHO_CLIENT_ID);
    expect(world.runtime.properties.script().ZOHO_CLIENT_SECRET).toBe(before.ZOHO_CLIENT_SECRET);
  });

  it('refuses everyone while no administrator is listed', async () => {
    world = await givenWorld({ unconfigured: true });
    world.runtime.properties.setScript?.('ZCS_ADMIN_EMAILS', '');
    const client = world.zoho.info.client;

    const saved = world.rpc('saveZohoClient', [client.client_id, client.client_secret], REP);

    expect(saved.ok).toBe(false);
    expect(world.runtime.properties.script().ZOHO_CLIENT_ID).toBeUndefined();
  });

  it('lets a listed administrator set it (any case, among several), and then everyone connects with it', async () => {
    world = await givenWorld({ unconfigured: true });
    world.runtime.properties.setScript?.('ZCS_ADMIN_EMAILS', `owner@example.com, ${REP.toUpperCase()}`);
    const client = world.zoho.info.client;

    const saved = world.rpc<ConnectionState>('saveZohoClient', [client.client_id, client.client_secret], REP);
    const page = await connectThroughConsent(world, 'us', TEAMMATE);

    expect(saved.ok).toBe(true);
    expect(saved.value).toMatchObject({ configured: true, canManageClient: true });
    expect(page.html).toContain('Connected to Zoho CRM');
  });
});

describe('every Zoho data center connects', () => {
  it('explains Multi-DC when the Europe data center does not know the client', async () => {
    world = await givenWorld();
    await world.zoho.admin.setClientDataCenters(world.zoho.info.client.client_id, { data_centers: ['us'] });

    const page = await connectThroughConsent(world, 'eu');

    expect(page.html).toMatch(/Europe data center/);
    expect(page.html).toMatch(/Multi-DC/);
    expect(page.html).toMatch(/ZOHO_CLIENT_SECRET_EU/);
    expect(state(world).connected).toBe(false);
  });

  it('uses a per-data-center secret from ZOHO_CLIENT_SECRET_EU for Europe, and the shared one for the US', async () => {
    world = await givenWorld();
    const euSecret = 'eu-only-secret-0123456789abcdef0123';
    await world.zoho.admin.setClientDataCenters(world.zoho.info.client.client_id, { dc_secrets: { eu: euSecret } });

    const refused = await connectThroughConsent(world, 'eu');
    world.runtime.properties.setScript?.('ZOHO_CLIENT_SECRET_EU', euSecret);
    const eu = await connectThroughConsent(world, 'eu');
    world.runtime.clock.advance(3700 * 1000);
    await world.zoho.admin.advanceClock(3700);
    const afterRefresh = world.rpc<ModuleSummary[]>('listModules');
    const us = await connectThroughConsent(world, 'us', TEAMMATE);

    expect(refused.html).toMatch(/ZOHO_CLIENT_SECRET_EU/);
    expect(eu.html).toContain('Connected to Zoho CRM');
    expect(afterRefresh.ok).toBe(true);
    expect(us.html).toContain('Connected to Zoho CRM');
  });

  it('starts a China account\'s sign-in at accounts.zoho.com.cn', async () => {
    world = await givenWorld();

    const cn = world.rpc<{ authorizationUrl: string }>('startConnect', ['cn']);
    const other = world.rpc<{ authorizationUrl: string }>('startConnect');

    expect(cn.value!.authorizationUrl).toMatch(/^https:\/\/accounts\.zoho\.com\.cn\/oauth\/v2\/auth\?/);
    expect(cn.value!.authorizationUrl).toContain(`client_id=${encodeURIComponent(world.zoho.info.client.client_id)}`);
    expect(other.value!.authorizationUrl).not.toContain('zoho.com.cn');
  });
});
