// The emulator against the shapes in Zoho's OpenAPI publication (zoho/crm-oas, v8.0): INVALID_MODULE
// inside `data` for writes and the deleted list, DUPLICATE_DATA details, search `equals` on text
// behaving like contains (not on picklists), the search index delay, and users past 200.

import type { RunningZohoEmulator } from '../../emulators/zoho/server';
import { type ZohoTokens, crm, useEmulatorPerFile } from '../helpers/zoho-emulator';

let emu: RunningZohoEmulator;
let tokens: ZohoTokens;
const api = () => crm(emu, 'us', tokens);

useEmulatorPerFile(100, (e, t) => {
  emu = e;
  tokens = t;
});

// zoho/crm-oas v8.0/record/operations/{createRecords,deleteRecords,getDeletedRecords}/examples/response-400-invalidmodule.md
const INVALID_MODULE_ITEM = { code: 'INVALID_MODULE', details: { resource_path_index: 0 }, message: 'the module name given seems to be invalid', status: 'error' };

describe('a module that does not exist', () => {
  it.each([
    ['POST', '/crm/v8/Leads_Old'],
    ['PUT', '/crm/v8/Leads_Old'],
    ['POST', '/crm/v8/Leads_Old/upsert'],
    ['DELETE', '/crm/v8/Leads_Old?ids=1'],
    ['GET', '/crm/v8/Leads_Old/deleted'],
  ])('%s %s answers 400 with INVALID_MODULE inside data', async (method, path) => {
    const body = { data: [{ Last_Name: 'x' }] };
    const answer = method === 'POST' ? await api().post(path, body) : method === 'PUT' ? await api().put(path, body)
      : method === 'DELETE' ? await api().delete(path) : await api().get(path);

    expect(answer.status).toBe(400);
    expect(answer.json).toEqual({ data: [INVALID_MODULE_ITEM] });
  });

  it('GET /crm/v8/{module} keeps the top-level error (InvalidModuleGETError in getRecords)', async () => {
    const answer = await api().get('/crm/v8/Leads_Old?fields=Last_Name');

    expect(answer.status).toBe(400);
    expect(answer.json).toEqual(INVALID_MODULE_ITEM);
  });
});

describe('DUPLICATE_DATA', () => {
  it('has the details of response-400-duplicatedataerror.md: api_name, duplicate_record {Owner, id}, json_path, id, more_records', async () => {
    const existing = (await emu.admin.listRecords('us', 'Leads', { limit: 20 })).records.find((r) => typeof r.Email === 'string' && r.Email)!;

    const answer = await api().post('/crm/v8/Leads', { data: [{ Last_Name: 'Copy', Email: existing.Email }] });

    expect(answer.status).toBe(400);
    const item = answer.json.data[0];
    expect(item).toMatchObject({ code: 'DUPLICATE_DATA', message: 'duplicate data', status: 'error' });
    expect(Object.keys(item.details).sort()).toEqual(['api_name', 'duplicate_record', 'id', 'json_path', 'more_records']);
    expect(item.details).toMatchObject({ api_name: 'Email', json_path: '$.data[0].Email', id: existing.id, more_records: false });
    expect(item.details.duplicate_record).toEqual({ Owner: { name: expect.any(String), id: expect.stringMatching(/^\d{19}$/), zuid: expect.any(String) }, id: existing.id });
  });
});

describe('search', () => {
  it('treats equals on a text field like contains ("ABC" finds "ABC Inc.")', async () => {
    await emu.admin.addRecord('us', 'Leads', { Last_Name: 'Plain', Company: 'Zyxwv' });
    await emu.admin.addRecord('us', 'Leads', { Last_Name: 'Longer', Company: 'Zyxwv Inc.' });
    await emu.admin.advanceClock(120);

    const answer = await api().get(`/crm/v8/Leads/search?criteria=${encodeURIComponent('(Company:equals:Zyxwv)')}&fields=Company`);

    expect(answer.status).toBe(200);
    expect(answer.json.data.map((r: { Company: string }) => r.Company).sort()).toEqual(['Zyxwv', 'Zyxwv Inc.']);
  });

  it('keeps equals exact on a picklist ("Contacted" does not find "Not Contacted")', async () => {
    const answer = await api().get(`/crm/v8/Leads/search?criteria=${encodeURIComponent('(Lead_Status:equals:Contacted)')}&fields=Lead_Status&per_page=200`);

    expect(answer.status).toBe(200);
    expect(new Set(answer.json.data.map((r: { Lead_Status: string }) => r.Lead_Status))).toEqual(new Set(['Contacted']));
  });

  it('does not find a record written moments ago, which COQL finds at once; search finds it after the index delay', async () => {
    await api().post('/crm/v8/Leads', { data: [{ Last_Name: 'Freshly-Written' }], trigger: [] });
    const criteria = encodeURIComponent('(Last_Name:equals:Freshly-Written)');

    const early = await api().get(`/crm/v8/Leads/search?criteria=${criteria}&fields=Last_Name`);
    const coql = await api().post('/crm/v8/coql', { select_query: "select id, Last_Name from Leads where Last_Name = 'Freshly-Written' limit 10" });
    await emu.admin.advanceClock(61);
    const later = await api().get(`/crm/v8/Leads/search?criteria=${criteria}&fields=Last_Name`);

    expect(early.status).toBe(204);
    expect(coql.status).toBe(200);
    expect(coql.json.data).toHaveLength(1);
    expect(later.status).toBe(200);
  });
});

describe('users', () => {
  it('lists more than 200 users over pages of at most 200', async () => {
    await emu.admin.reset({ records: 100, users: 250 });

    const first = await api().get('/crm/v8/users?type=ActiveUsers&per_page=200&page=1');
    const second = await api().get('/crm/v8/users?type=ActiveUsers&per_page=200&page=2');

    expect(first.json.users).toHaveLength(200);
    expect(first.json.info).toMatchObject({ page: 1, per_page: 200, count: 200, more_records: true });
    expect(second.json.users).toHaveLength(254 - 200);
    expect(second.json.info).toMatchObject({ page: 2, count: 54, more_records: false });
    expect(second.json.users.at(-1)).toMatchObject({ full_name: 'Team Member 0250', status: 'active' });
  });
});
