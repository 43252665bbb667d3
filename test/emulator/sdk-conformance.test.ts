// Conformance through a client nobody here wrote: Zoho's official TypeScript SDK
// (@zohocrm/typescript-sdk-8.0) pointed at the emulator with a custom Environment (reference §13).
// It exchanges a self-client grant code, refreshes from a refresh token, runs findUser (users +
// org), reads field metadata, pages with page and page_token, upserts and reads deleted records.

import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as Z from '@zohocrm/typescript-sdk-8.0';
import type { RunningZohoEmulator } from '../../emulators/zoho/server';
import { ALL_SCOPES, givenZohoEmulator, tokenCall, urlsOf } from '../helpers/zoho-emulator';

let emu: RunningZohoEmulator;
let dir: string;

beforeAll(async () => {
  emu = await givenZohoEmulator({ moduleSizes: { Leads: 2300 }, records: 200 });
  dir = mkdtempSync(path.join(tmpdir(), 'zoho-sdk-'));
});
afterAll(async () => {
  await emu.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function initializeSdk(dc: 'us' | 'eu', token: Z.OAuthToken, name: string): Promise<void> {
  const { accounts, api } = urlsOf(emu, dc);
  const resourcePath = path.join(dir, name);
  mkdirSync(resourcePath, { recursive: true });
  const env = new Z.Environment(api, `${accounts}/oauth/v2/token`, api);
  const config = new Z.SDKConfigBuilder().autoRefreshFields(false).pickListValidation(false).build();
  const logger = new Z.LogBuilder().level(Z.Levels.OFF).filePath(path.join(resourcePath, 'sdk.log')).build();
  await (await new Z.InitializeBuilder())
    .environment(env).token(token).store(new Z.FileStore(path.join(resourcePath, 'tokens.txt')))
    .SDKConfig(config).resourcePath(resourcePath).logger(logger)
    .initialize();
}

async function getLeads(params: Record<string, string | number>): Promise<{ status: number; ids: string[]; info: Z.Record.Info | undefined }> {
  const map = new Z.ParameterMap();
  await map.add(Z.Record.GetRecordsParam.FIELDS, 'Last_Name,Email,Company,Owner,Modified_Time');
  if (params.per_page !== undefined) await map.add(Z.Record.GetRecordsParam.PER_PAGE, Number(params.per_page));
  if (params.page !== undefined) await map.add(Z.Record.GetRecordsParam.PAGE, Number(params.page));
  if (params.page_token !== undefined) await map.add(Z.Record.GetRecordsParam.PAGE_TOKEN, String(params.page_token));
  const response = await new Z.Record.RecordOperations('Leads').getRecords(map, new Z.HeaderMap());
  const body = response.getObject();
  if (body instanceof Z.Record.ResponseWrapper) {
    return { status: response.getStatusCode(), ids: body.getData().map((r) => String(r.getId())), info: body.getInfo() };
  }
  if (body instanceof Z.Record.APIException) throw new Error(`SDK got ${String(body.getCode().getValue())}: ${JSON.stringify([...body.getDetails()])}`);
  return { status: response.getStatusCode(), ids: [], info: undefined };
}

describe('Zoho\'s TypeScript SDK against the emulator', () => {
  it('exchanges a self-client grant code, runs findUser and pages with page and page_token', async () => {
    const { code } = await emu.admin.selfClient({ scope: ALL_SCOPES, user: emu.info.users.us ?? '' });
    await emu.admin.counters.reset();
    const token = new Z.OAuthBuilder().clientId(emu.info.client.client_id).clientSecret(emu.info.client.client_secret).grantToken(code).build();
    await initializeSdk('us', token, 'grant');

    const page1 = await getLeads({ per_page: 200, page: 1 });
    const page10 = await getLeads({ per_page: 200, page: 10 });
    const seen = new Set<string>();
    let next: string | undefined = page10.info?.getNextPageToken();
    let pages = 0;
    while (next) {
      const page = await getLeads({ per_page: 200, page_token: next });
      page.ids.forEach((id) => seen.add(id));
      next = page.info?.getMoreRecords() ? page.info.getNextPageToken() : undefined;
      pages++;
    }
    const counters = await emu.admin.counters();

    expect(page1.status).toBe(200);
    expect(page1.ids).toHaveLength(200);
    expect(page1.info?.getMoreRecords()).toBe(true);
    expect(page10.info?.getPage()).toBe(10);
    expect(pages).toBe(2);
    expect(seen.size).toBe(300);
    expect(counters.calls['POST /oauth/v2/token']).toBe(1);
    expect(counters.calls['GET /crm/v8/users']).toBe(1);
    expect(counters.calls['GET /crm/v8/org']).toBe(1);
    expect(counters.calls['GET /crm/v8/settings/fields']).toBeGreaterThanOrEqual(1);
  });

  it('refreshes from a refresh token, upserts, and reads deleted records', async () => {
    const { code } = await emu.admin.selfClient({ scope: ALL_SCOPES, user: emu.info.users.eu ?? '' });
    const exchanged = await tokenCall(emu, 'eu', { grant_type: 'authorization_code', client_id: emu.info.client.client_id, client_secret: emu.info.client.client_secret, code });
    const existing = await emu.admin.getRecord('eu', 'Leads', '2098765000110000010');
    await emu.admin.deleteRecord('eu', 'Leads', '2098765000110000011');
    await emu.admin.counters.reset();
    const token = new Z.OAuthBuilder().clientId(emu.info.client.client_id).clientSecret(emu.info.client.client_secret)
      .refreshToken(exchanged.json.refresh_token).build();
    await initializeSdk('eu', token, 'refresh');

    const matched = new Z.Record.Record();
    matched.addKeyValue('Last_Name', 'Aktualisiert');
    matched.addKeyValue('Email', existing.Email);
    const fresh = new Z.Record.Record();
    fresh.addKeyValue('Last_Name', 'Neu über SDK');
    fresh.addKeyValue('Email', 'sdk.neu@example.de');
    const body = new Z.Record.BodyWrapper();
    body.setData([matched, fresh]);
    body.setDuplicateCheckFields(['Email']);
    body.setTrigger(['workflow']);
    const upsert = await new Z.Record.RecordOperations('Leads').upsertRecords(body, new Z.HeaderMap());
    const actions = upsert.getObject();
    const results = actions instanceof Z.Record.ActionWrapper ? actions.getData() : [];
    const deletedParams = new Z.ParameterMap();
    await deletedParams.add(Z.Record.GetDeletedRecordsParam.TYPE, 'recycle');
    const deleted = await new Z.Record.RecordOperations('Leads').getDeletedRecords(deletedParams, new Z.HeaderMap());
    const deletedBody = deleted.getObject();
    const counters = await emu.admin.counters();

    expect(upsert.getStatusCode()).toBe(200);
    expect(results.map((r) => (r instanceof Z.Record.SuccessResponse ? r.getAction()?.getValue() : 'error'))).toEqual(['update', 'insert']);
    expect((await emu.admin.getRecord('eu', 'Leads', '2098765000110000010')).Last_Name).toBe('Aktualisiert');
    expect(deletedBody instanceof Z.Record.DeletedRecordsWrapper ? deletedBody.getData().map((d) => String(d.getId())) : []).toContain('2098765000110000011');
    expect(counters.calls['POST /oauth/v2/token']).toBe(1);
    expect(counters.calls['POST /crm/v8/{module}/upsert']).toBe(1);
    expect(counters.workflowRuns).toBe(2);
  });
});
