// GET records as Zoho v8 answers it: fields rules, page and page_token paging with their exact
// errors, sort rules, If-Modified-Since, 204 on empty, custom views, ids, one record, search, deleted.

import type { RunningZohoEmulator } from '../../emulators/zoho/server';
import { type ZohoTokens, crm, givenConnectedUser, givenZohoEmulator } from '../helpers/zoho-emulator';

let emu: RunningZohoEmulator;
let tokens: ZohoTokens;
const api = () => crm(emu, 'us', tokens);

beforeAll(async () => {
  emu = await givenZohoEmulator({ moduleSizes: { Leads: 2500 }, records: 200 });
});
afterAll(async () => {
  await emu.stop();
});
beforeEach(async () => {
  await emu.admin.reset({ moduleSizes: { Leads: 2500 }, records: 200 });
  // Some tests move the clock a day on; a fresh token per test keeps them independent.
  tokens = await givenConnectedUser(emu, 'us');
});

const FIFTY_ONE = ['Last_Name', 'First_Name', 'Email', 'Company', 'Phone', 'Mobile', 'Fax', 'Website', 'Lead_Source', 'Lead_Status',
  'Industry', 'Rating', 'No_of_Employees', 'Annual_Revenue', 'Email_Opt_Out', 'Skype_ID', 'Twitter', 'Street', 'City', 'State',
  'Zip_Code', 'Country', 'Description', 'Lead_Score', 'Budget', 'Win_Probability', 'Discount_Rate', 'External_Ref_Number',
  'Last_Contacted_On', 'Next_Follow_Up', 'Products_Interested', 'Preferred_Language', 'Is_Partner', 'LinkedIn_Profile', 'Nickname',
  'Department', 'Region', 'Visit_Count', 'Avg_Time_Spent_Minutes', 'First_Visited_Time', 'Referrer', 'Notes_Internal',
  'Unsubscribed_Time', 'Lead_Number', 'Days_In_Pipeline', 'Created_Time', 'Modified_Time', 'Created_By', 'Modified_By', 'Owner', 'Salutation'];

describe('GET /crm/v8/{module}', () => {
  it('answers a page with every info key and JSON content type', async () => {
    const answer = await api().get('/crm/v8/Leads?fields=Last_Name,Email,Owner,Modified_Time&per_page=5');

    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('application/json;charset=UTF-8');
    expect(answer.json.data).toHaveLength(5);
    expect(Object.keys(answer.json.info).sort()).toEqual(['call', 'count', 'email', 'more_records', 'next_page_token', 'page', 'page_token_expiry',
      'per_page', 'previous_page_token', 'sort_by', 'sort_order'].sort());
    expect(answer.json.info).toMatchObject({ per_page: 5, count: 5, page: 1, sort_by: 'id', sort_order: 'desc', more_records: true, previous_page_token: null, call: false, email: false });
    const first = answer.json.data[0];
    expect(first.id).toMatch(/^\d{19}$/);
    expect(first.Owner).toEqual({ name: expect.any(String), id: expect.stringMatching(/^\d{19}$/), email: expect.stringContaining('@') });
    expect(first.Modified_Time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}-0[78]:00$/);
    expect(BigInt(answer.json.data[0].id)).toBeGreaterThan(BigInt(answer.json.data[1].id));
  });

  it('requires fields and allows at most 50', async () => {
    const missing = await api().get('/crm/v8/Leads');
    const tooMany = await api().get(`/crm/v8/Leads?fields=${FIFTY_ONE.join(',')}`);
    const fifty = await api().get(`/crm/v8/Leads?fields=${FIFTY_ONE.slice(0, 50).join(',')}&per_page=1`);

    expect(missing.status).toBe(400);
    expect(missing.json).toEqual({ code: 'REQUIRED_PARAM_MISSING', details: { param_name: 'fields' }, message: 'required param is missing', status: 'error' });
    expect(tooMany.status).toBe(400);
    expect(tooMany.json).toEqual({ code: 'LIMIT_EXCEEDED', details: { limit: 50, param_name: 'fields' }, message: 'limit exceeded', status: 'error' });
    expect(fifty.status).toBe(200);
  });

  it('refuses page 11 of 200 with DISCRETE_PAGINATION_LIMIT_EXCEEDED', async () => {
    const page10 = await api().get('/crm/v8/Leads?fields=Last_Name&page=10&per_page=200');
    const page11 = await api().get('/crm/v8/Leads?fields=Last_Name&page=11&per_page=200');

    expect(page10.status).toBe(200);
    expect(page10.json.info.more_records).toBe(true);
    expect(page11.status).toBe(400);
    expect(page11.json).toEqual({
      code: 'DISCRETE_PAGINATION_LIMIT_EXCEEDED', message: 'You can only get the first 2000 records without using page_token param', status: 'error', details: { limit: 2000 },
    });
  });

  it('pages past 2,000 records with page_token to the last record, without repeats', async () => {
    const seen = new Set<string>();
    let token: string | null = null;
    let calls = 0;
    do {
      const query: string = token ? `&page_token=${encodeURIComponent(token)}` : '';
      const answer = await api().get(`/crm/v8/Leads?fields=Last_Name&per_page=200${query}`);
      expect(answer.status).toBe(200);
      for (const r of answer.json.data) seen.add(r.id);
      token = answer.json.info.more_records ? answer.json.info.next_page_token : null;
      calls++;
    } while (token);

    expect(seen.size).toBe(2500);
    expect(calls).toBe(13);
  });

  it('refuses page with page_token, an altered query, an expired token and a garbage token', async () => {
    const first = await api().get('/crm/v8/Leads?fields=Last_Name&per_page=200');
    const token = encodeURIComponent(first.json.info.next_page_token);

    const both = await api().get(`/crm/v8/Leads?fields=Last_Name&page=2&page_token=${token}`);
    const altered = await api().get(`/crm/v8/Leads?fields=Last_Name&sort_order=asc&page_token=${token}`);
    const garbage = await api().get('/crm/v8/Leads?fields=Last_Name&page_token=abc');
    await emu.admin.advanceClock(86_401);
    tokens = await givenConnectedUser(emu, 'us');
    const expired = await api().get(`/crm/v8/Leads?fields=Last_Name&page_token=${token}`);

    expect(both.json.code).toBe('AMBIGUITY_DURING_PROCESSING');
    expect(altered.json.code).toBe('TOKEN_BOUND_DATA_MISMATCH');
    expect(garbage.json.code).toBe('TOKEN_BOUND_DATA_MISMATCH');
    expect(expired.status).toBe(400);
    expect(expired.json).toEqual({ status: 'error', code: 'EXPIRED_VALUE', message: 'Page token expired', details: { api_name: 'page_token', json_path: '$.query.page_token' } });
  });

  it('sorts only by id, Created_Time or Modified_Time', async () => {
    const bad = await api().get('/crm/v8/Leads?fields=Last_Name&sort_by=Last_Name');
    const byModified = await api().get('/crm/v8/Leads?fields=Modified_Time&sort_by=Modified_Time&sort_order=asc&per_page=50');

    expect(bad.status).toBe(400);
    expect(bad.json).toEqual({ code: 'INVALID_DATA', details: { param_name: 'sort_by', supported_values: ['id', 'Created_Time', 'Modified_Time'] }, message: 'invalid data', status: 'error' });
    const times = byModified.json.data.map((r: { Modified_Time: string }) => Date.parse(r.Modified_Time));
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('limits per_page to 200', async () => {
    const answer = await api().get('/crm/v8/Leads?fields=Last_Name&per_page=201');

    expect(answer.status).toBe(400);
    expect(answer.json.code).toBe('LIMIT_EXCEEDED');
  });

  it('answers 204 with no body for an empty module', async () => {
    await emu.admin.reset({ moduleSizes: { Leads: 0 } });

    const answer = await api().get('/crm/v8/Leads?fields=Last_Name');

    expect(answer.status).toBe(204);
    expect(answer.text).toBe('');
  });

  it('filters by a seeded custom view and by ids', async () => {
    const views = await api().get('/crm/v8/settings/custom_views?module=Leads');
    const contacted = views.json.custom_views.find((v: { name: string }) => v.name === 'Contacted Leads');

    const byView = await api().get(`/crm/v8/Leads?fields=Lead_Status&cvid=${contacted.id}&per_page=100`);
    const badView = await api().get('/crm/v8/Leads?fields=Lead_Status&cvid=123');
    const byIds = await api().get('/crm/v8/Leads?fields=Last_Name&ids=4876876000110000001,4876876000110000003');

    expect(byView.json.data.length).toBeGreaterThan(10);
    expect(byView.json.data.every((r: { Lead_Status: string }) => r.Lead_Status === 'Contacted')).toBe(true);
    expect(badView.json).toEqual({ code: 'INVALID_DATA', details: { param_name: 'cvid' }, message: 'invalid data', status: 'error' });
    expect(byIds.json.data.map((r: { id: string }) => r.id)).toEqual(['4876876000110000003', '4876876000110000001']);
  });

  it('answers INVALID_MODULE for unknown and non-API modules', async () => {
    const unknown = await api().get('/crm/v8/Widgets?fields=Name');
    const home = await api().get('/crm/v8/Home?fields=Name');

    expect(unknown.json).toEqual({ code: 'INVALID_MODULE', details: { resource_path_index: 0 }, message: 'the module name given seems to be invalid', status: 'error' });
    expect(home.status).toBe(400);
  });
});

describe('one record, search and deleted records', () => {
  it('GET /{module}/{id} answers data without info, 204 for an unknown id', async () => {
    const one = await api().get('/crm/v8/Leads/4876876000110000000');
    const none = await api().get('/crm/v8/Leads/4876876000119999999');

    expect(one.json.info).toBeUndefined();
    expect(one.json.data[0]).toMatchObject({ id: '4876876000110000000', Company: '=HYPERLINK("http://evil","x")', Lead_Number: 'LD-000001' });
    expect(none.status).toBe(204);
  });

  it('searches with equals / starts_with criteria, email and word', async () => {
    const byName = await api().get('/crm/v8/Leads/search?criteria=(Last_Name:equals:@home)&fields=Last_Name');
    const startsWith = await api().get(`/crm/v8/Leads/search?criteria=${encodeURIComponent('((Company:starts_with:=HYPER)or(Last_Name:equals:山田))')}&fields=Company`);
    const byEmail = await api().get('/crm/v8/Leads/search?email=zoe.nunezostergard0@example.com&fields=Email');
    const none = await api().get('/crm/v8/Leads/search?criteria=(Last_Name:equals:Nobody-Here)');
    const bad = await api().get('/crm/v8/Leads/search?criteria=(Last_Name:sounds_like:x)');

    expect(byName.json.data.map((r: { id: string }) => r.id)).toContain('4876876000110000001');
    expect(startsWith.json.data.map((r: { id: string }) => r.id).sort()).toEqual(['4876876000110000000', '4876876000110000003']);
    expect(byEmail.json.data).toEqual([expect.objectContaining({ id: '4876876000110000000' })]);
    expect(none.status).toBe(204);
    expect(bad.json.code).toBe('INVALID_QUERY');
  });

  it('lists deleted records by type, with If-Modified-Since, and 204 when none', async () => {
    await emu.admin.deleteRecord('us', 'Leads', '4876876000110000010');
    const since = new Date(Date.now() - 60_000).toISOString();

    const all = await api().get('/crm/v8/Leads/deleted?type=all&per_page=200');
    const recycle = await api().get('/crm/v8/Leads/deleted?type=recycle', { 'If-Modified-Since': since });
    const permanent = await api().get('/crm/v8/Leads/deleted?type=permanent&per_page=5');
    const gone = await api().get('/crm/v8/Leads/4876876000110000010');
    await emu.admin.reset({ moduleSizes: { Leads: 10 } });
    const none = await api().get('/crm/v8/Leads/deleted');

    expect(all.json.data.length).toBeGreaterThan(40);
    expect(recycle.json.data).toEqual([expect.objectContaining({ id: '4876876000110000010', type: 'recycle', display_name: expect.any(String), deleted_by: expect.objectContaining({ id: expect.any(String) }), created_by: expect.any(Object) })]);
    expect(permanent.json.data[0]).toMatchObject({ type: 'permanent', display_name: null, deleted_by: null, created_by: null });
    expect(permanent.json.info).toEqual({ per_page: 5, count: 5, page: 1, more_records: true });
    expect(gone.status).toBe(204);
    expect(none.status).toBe(204);
  });
});

describe('the page_token ceiling', () => {
  it('answers PAGINATION_LIMIT_EXCEEDED past record 100,000', async () => {
    await emu.admin.reset({ moduleSizes: { Leads: 100_200 } });
    let token = '';
    for (let i = 0; i < 500; i++) {
      const answer = await api().get(`/crm/v8/Leads?fields=id&per_page=200${token ? `&page_token=${encodeURIComponent(token)}` : ''}`);
      token = answer.json.info.next_page_token;
    }

    const past = await api().get(`/crm/v8/Leads?fields=id&per_page=200&page_token=${encodeURIComponent(token)}`);

    expect(past.status).toBe(400);
    expect(past.json).toEqual({ code: 'PAGINATION_LIMIT_EXCEEDED', message: 'You can only get upto 100000 records using page_token param', status: 'error', details: { param_name: 'page_token' } });
  });
});
