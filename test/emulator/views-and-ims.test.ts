// Custom views as Zoho v8 lists them (with criteria by id, system views such as "My Leads", an admin
// editing a view's criteria) and If-Modified-Since on GET records, which v8 does not document: a
// switch, off by default.

import type { RunningZohoEmulator } from '../../emulators/zoho/server';
import { type ZohoTokens, crm, givenConnectedUser, givenZohoEmulator } from '../helpers/zoho-emulator';

let emu: RunningZohoEmulator;
let tokens: ZohoTokens;
const api = () => crm(emu, 'us', tokens);

afterEach(async () => {
  await emu.stop();
});

async function start(options: { recordsIfModifiedSince?: boolean } = {}): Promise<void> {
  emu = await givenZohoEmulator({ moduleSizes: { Leads: 300 }, records: 50, ...options });
  tokens = await givenConnectedUser(emu, 'us');
}

async function newestModified(): Promise<string> {
  const newest = await api().get('/crm/v8/Leads?fields=Modified_Time&sort_by=Modified_Time&sort_order=desc&per_page=1');
  return newest.json.data[0].Modified_Time;
}

describe('If-Modified-Since on GET records', () => {
  it('is ignored by default, as zoho/crm-oas v8.0 getRecords documents no such header', async () => {
    await start();
    const since = await newestModified();

    const answer = await api().get('/crm/v8/Leads?fields=Last_Name', { 'If-Modified-Since': since });

    expect(answer.status).toBe(200);
    expect(answer.json.data).toHaveLength(200);
  });

  it('answers only newer records, and 304 when there are none, with the switch on', async () => {
    await start({ recordsIfModifiedSince: true });
    const since = await newestModified();

    const nothing = await api().get('/crm/v8/Leads?fields=Last_Name', { 'If-Modified-Since': since });
    const leads = await api().get('/crm/v8/Leads?fields=City&per_page=1');
    const changed = await emu.admin.patchRecord('us', 'Leads', leads.json.data[0].id, { City: 'Zürich' });
    const one = await api().get('/crm/v8/Leads?fields=City', { 'If-Modified-Since': since });

    expect(nothing.status).toBe(304);
    expect(one.json.data).toEqual([expect.objectContaining({ id: changed.id, City: 'Zürich' })]);
  });
});

describe('custom views', () => {
  it('lists system views such as "My Leads", gives one view with its criteria, and cvid follows an admin\'s change', async () => {
    await start();
    const list = await api().get('/crm/v8/settings/custom_views?module=Leads');
    const names = list.json.custom_views.map((v: { name: string }) => v.name);
    const contacted = list.json.custom_views.find((v: { name: string }) => v.name === 'Contacted Leads');

    const one = await api().get(`/crm/v8/settings/custom_views/${contacted.id}?module=Leads`);
    const before = await api().get(`/crm/v8/Leads?fields=Lead_Status&cvid=${contacted.id}`);
    await emu.admin.setViewCriteria('us', 'Leads', contacted.id, { comparator: 'equal', field: { api_name: 'Lead_Status' }, value: 'Junk Lead' });
    const after = await api().get(`/crm/v8/Leads?fields=Lead_Status&cvid=${contacted.id}`);
    const changedView = await api().get(`/crm/v8/settings/custom_views/${contacted.id}?module=Leads`);

    expect(names).toEqual(expect.arrayContaining(['All Leads', 'My Leads', 'Contacted Leads']));
    expect(one.json.custom_views[0].criteria).toEqual({ comparator: 'equal', field: { api_name: 'Lead_Status' }, value: 'Contacted' });
    expect(before.json.data.every((r: { Lead_Status: string }) => r.Lead_Status === 'Contacted')).toBe(true);
    expect(after.json.data.length).toBeGreaterThan(0);
    expect(after.json.data.every((r: { Lead_Status: string }) => r.Lead_Status === 'Junk Lead')).toBe(true);
    expect(changedView.json.custom_views[0].modified_time).not.toBeNull();
  });

  it('"My Leads" holds the records the asking user owns', async () => {
    await start();
    const list = await api().get('/crm/v8/settings/custom_views?module=Leads');
    const mine = list.json.custom_views.find((v: { name: string }) => v.name === 'My Leads');
    const me = await api().get('/crm/v8/users?type=CurrentUser');

    const answer = await api().get(`/crm/v8/Leads?fields=Owner&cvid=${mine.id}`);

    expect(answer.json.data.length).toBeGreaterThan(0);
    expect(answer.json.data.every((r: { Owner: { id: string } }) => r.Owner.id === me.json.users[0].id)).toBe(true);
  });
});

describe('COQL as filtered pulls use it', () => {
  it('compares Owner with a user id, refuses three criteria unpaired, and pages by an id keyset', async () => {
    await start();
    const me = (await api().get('/crm/v8/users?type=CurrentUser')).json.users[0].id as string;
    const query = (after: string | null) => `select id, Modified_Time from Leads where ${after ? `((Owner = '${me}' and Lead_Score >= 0) and id > '${after}')` : `(Owner = '${me}' and Lead_Score >= 0)`} order by id asc limit 50`;

    const first = await api().post('/crm/v8/coql', { select_query: query(null) });
    const last = first.json.data[first.json.data.length - 1].id as string;
    const second = await api().post('/crm/v8/coql', { select_query: query(last) });
    const owners = await api().get(`/crm/v8/Leads?fields=Owner,Lead_Score&ids=${[...first.json.data, ...second.json.data].slice(0, 100).map((r: { id: string }) => r.id).join(',')}`);
    const unpaired = await api().post('/crm/v8/coql', { select_query: `select id from Leads where Owner = '${me}' and Lead_Score >= 0 and id > '1' limit 5` });

    expect(first.json.info.more_records).toBe(true);
    expect(first.json.data).toHaveLength(50);
    expect(second.json.data[0].id > last).toBe(true);
    expect(owners.json.data.every((r: { Owner: { id: string }; Lead_Score: number }) => r.Owner.id === me && r.Lead_Score >= 0)).toBe(true);
    expect(unpaired.status).toBe(400);
    expect(unpaired.json.code).toBe('SYNTAX_ERROR');
  });
});
