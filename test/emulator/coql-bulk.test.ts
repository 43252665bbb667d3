// COQL (a practical subset) and the Bulk Read round trip: create, poll to COMPLETED, download a
// zip and read its CSV with fflate.

import { strFromU8, unzipSync } from 'fflate';
import type { RunningZohoEmulator } from '../../emulators/zoho/server';
import { type ZohoTokens, crm, givenConnectedUser, givenZohoEmulator, urlsOf } from '../helpers/zoho-emulator';

let emu: RunningZohoEmulator;
let tokens: ZohoTokens;
const api = () => crm(emu, 'us', tokens);
const coql = (q: string) => api().post('/crm/v8/coql', { select_query: q });

beforeAll(async () => {
  emu = await givenZohoEmulator({ records: 1000 });
  tokens = await givenConnectedUser(emu, 'us');
});
afterAll(async () => {
  await emu.stop();
});

describe('COQL', () => {
  it('selects with where, order by, limit and offset', async () => {
    const answer = await coql("select Last_Name, Visit_Count, Owner from Leads where (Lead_Status = 'Contacted' and Visit_Count >= 100) order by Visit_Count desc limit 5 offset 2");

    expect(answer.status).toBe(200);
    expect(answer.json.data).toHaveLength(5);
    expect(answer.json.info).toEqual({ count: 5, more_records: true });
    const counts = answer.json.data.map((r: { Visit_Count: number }) => r.Visit_Count);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    expect(counts.every((c: number) => c >= 100)).toBe(true);
    expect(answer.json.data[0].Owner).toEqual({ id: expect.stringMatching(/^\d{19}$/) });
    expect(answer.json.data[0].id).toMatch(/^\d{19}$/);
  });

  it('supports like, in, is null, is not null, between and the "limit offset, count" form', async () => {
    const like = await coql("select Company from Leads where Company like '=HYPER%'");
    const inList = await coql("select Last_Name from Leads where Last_Name in ('@home', '山田') order by Last_Name asc");
    const nulls = await coql('select Email from Leads where Email is null limit 3');
    const notNull = await coql('select Email from Leads where Email is not null limit 200');
    const between = await coql('select Visit_Count from Leads where Visit_Count between 10 and 12 limit 50');
    const paged = await coql('select Last_Name from Leads order by id asc limit 10, 5');
    const unpaged = await coql('select Last_Name from Leads order by id asc limit 15');

    expect(like.json.data).toEqual([expect.objectContaining({ id: '4876876000110000000' })]);
    expect(inList.json.data.map((r: { Last_Name: string }) => r.Last_Name)).toEqual(['@home', '山田']);
    expect(nulls.json.data.every((r: { Email: unknown }) => r.Email === null)).toBe(true);
    expect(notNull.json.data.every((r: { Email: unknown }) => typeof r.Email === 'string')).toBe(true);
    expect(between.json.data.every((r: { Visit_Count: number }) => r.Visit_Count >= 10 && r.Visit_Count <= 12)).toBe(true);
    expect(paged.json.data.map((r: { id: string }) => r.id)).toEqual(unpaged.json.data.slice(10).map((r: { id: string }) => r.id));
  });

  it('compares datetimes with offsets', async () => {
    const answer = await coql("select Modified_Time from Leads where Modified_Time > '2024-12-01T00:00:00+00:00' limit 200");

    expect(answer.json.data.length).toBeGreaterThan(0);
    expect(answer.json.data.every((r: { Modified_Time: string }) => Date.parse(r.Modified_Time) > Date.parse('2024-12-01T00:00:00Z'))).toBe(true);
  });

  it('answers SYNTAX_ERROR with clause, line, column and near', async () => {
    const answer = await coql('select Last_Name form Leads');
    const threeUnpaired = await coql("select Last_Name from Leads where Last_Name = 'a' and City = 'b' and State = 'c'");
    const paired = await coql("select Last_Name from Leads where (Last_Name = 'a' and City = 'b') or State = 'CA' limit 1");

    expect(answer.status).toBe(400);
    expect(answer.json).toEqual({ code: 'SYNTAX_ERROR', details: { clause: 'from', line: 1, column: 18, near: 'form' }, message: expect.any(String), status: 'error' });
    expect(threeUnpaired.json.code).toBe('SYNTAX_ERROR');
    expect(paired.status).toBe(200);
  });

  it('answers INVALID_QUERY for unknown fields and modules, LIMIT_EXCEEDED past 2,000, 204 when nothing matches', async () => {
    const field = await coql('select Nope from Leads');
    const module = await coql('select Last_Name from Widgets');
    const limit = await coql('select Last_Name from Leads limit 2001');
    const none = await coql("select Last_Name from Leads where Last_Name = 'Nobody at all'");

    expect(field.json).toMatchObject({ code: 'INVALID_QUERY', details: { api_name: 'Nope' } });
    expect(module.json.code).toBe('INVALID_QUERY');
    expect(limit.json).toMatchObject({ code: 'LIMIT_EXCEEDED', details: { limit: 2000 } });
    expect(none.status).toBe(204);
  });

  it('needs the coql scope', async () => {
    const noCoql = await givenConnectedUser(emu, 'us', 'ZohoCRM.modules.ALL');

    const answer = await crm(emu, 'us', noCoql).post('/crm/v8/coql', { select_query: 'select Last_Name from Leads' });

    expect(answer.json.code).toBe('OAUTH_SCOPE_MISMATCH');
  });
});

describe('Bulk Read', () => {
  it('creates a job, reports ADDED -> IN PROGRESS -> COMPLETED, and serves a zipped CSV with an id column', async () => {
    const created = await api().post('/crm/bulk/v8/read', {
      query: { module: { api_name: 'Leads' }, fields: ['Last_Name', 'Company', 'Owner', 'Modified_Time', 'Products_Interested'],
        criteria: { group_operator: 'or', group: [{ field: { api_name: 'Lead_Status' }, comparator: 'equal', value: 'Contacted' }, { field: { api_name: 'Company' }, comparator: 'starts_with', value: '=HYPER' }] } },
    });
    const jobId = created.json.data[0].details.id;
    const first = await api().get(`/crm/bulk/v8/read/${jobId}`);
    const second = await api().get(`/crm/bulk/v8/read/${jobId}`);
    const download = await fetch(`${urlsOf(emu, 'us').api}${second.json.data[0].result.download_url}`, { headers: { Authorization: `Zoho-oauthtoken ${tokens.access_token}` } });
    const files = unzipSync(new Uint8Array(await download.arrayBuffer()));
    const csv = strFromU8(files[`${jobId}.csv`] ?? new Uint8Array());
    const lines = csv.trim().split('\n');

    expect(created.status).toBe(201);
    expect(created.json.data[0]).toMatchObject({ status: 'success', code: 'ADDED_SUCCESSFULLY', details: { operation: 'read', state: 'ADDED' } });
    expect(first.json.data[0].state).toBe('IN PROGRESS');
    expect(second.json.data[0].state).toBe('COMPLETED');
    expect(second.json.data[0].result).toMatchObject({ page: 1, per_page: 200000, more_records: false, download_url: `/crm/bulk/v8/read/${jobId}/result` });
    expect(download.headers.get('content-type')).toBe('application/zip');
    expect(Object.keys(files)).toEqual([`${jobId}.csv`]);
    expect(lines[0]).toBe('id,Last_Name,Company,Owner,Modified_Time,Products_Interested');
    expect(lines).toHaveLength(second.json.data[0].result.count + 1);
    expect(csv).toContain('"=HYPERLINK(""http://evil"",""x"")"');
  });

  it('completes after bulkJobSeconds on the emulator clock', async () => {
    const created = await api().post('/crm/bulk/v8/read', { query: { module: { api_name: 'Deals' } } });
    await emu.admin.advanceClock(3);
    tokens = await givenConnectedUser(emu, 'us');

    const status = await api().get(`/crm/bulk/v8/read/${created.json.data[0].details.id}`);

    expect(status.json.data[0].state).toBe('COMPLETED');
    expect(status.json.data[0].result.count).toBe(250);
  });

  it('answers RESOURCE_NOT_FOUND for an unknown job', async () => {
    const answer = await api().get('/crm/bulk/v8/read/4876876000970999999');

    expect(answer.status).toBe(404);
    expect(answer.json.code).toBe('RESOURCE_NOT_FOUND');
  });
});
