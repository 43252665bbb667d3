// Writes as Zoho v8 answers them: per-record results in input order, 201/200/207/400, each
// validation error with api_name and json_path, read-only refusal, duplicates, upsert, limits.

import type { RunningZohoEmulator } from '../../emulators/zoho/server';
import { type ZohoTokens, crm, http, urlsOf, useEmulatorPerFile } from '../helpers/zoho-emulator';

let emu: RunningZohoEmulator;
let tokens: ZohoTokens;
const api = () => crm(emu, 'us', tokens);
const ACCOUNT_ID = '4876876000130000005';
const USER_ID = '4876876000000000002';

useEmulatorPerFile(200, (e, t) => {
  emu = e;
  tokens = t;
});

describe('insert', () => {
  it('answers 201 with SUCCESS details and stores the record', async () => {
    const answer = await api().post('/crm/v8/Leads', { data: [{ Last_Name: 'Nakamura', Email: 'n@example.org', Company: 'Ōsaka Shōji', Visit_Count: 3, Next_Follow_Up: '2025-03-01T09:30:00Z' }] });

    expect(answer.status).toBe(201);
    const [result] = answer.json.data;
    expect(result).toMatchObject({ code: 'SUCCESS', message: 'record added', status: 'success' });
    expect(result.details).toMatchObject({ id: expect.stringMatching(/^\d{19}$/), Created_By: { name: 'Alex Morgan', id: '4876876000000000001' }, Modified_By: { name: 'Alex Morgan', id: '4876876000000000001' } });
    expect(result.details.Created_Time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/);
    const stored = await emu.admin.getRecord('us', 'Leads', result.details.id);
    expect(stored).toMatchObject({ Last_Name: 'Nakamura', Company: 'Ōsaka Shōji', Visit_Count: 3, Next_Follow_Up: '2025-03-01T01:30:00-08:00', Owner: expect.objectContaining({ id: '4876876000000000001' }), Email_Opt_Out: false });
  });

  it('answers 207 with results in input order when some records fail, and 400 when all fail', async () => {
    const mixed = await api().post('/crm/v8/Leads', { data: [{ Last_Name: 'Ok 1' }, { Company: 'No last name' }, { Last_Name: 'Ok 2' }] });
    const allBad = await api().post('/crm/v8/Leads', { data: [{ Company: 'x' }, { Last_Name: 'y', Visit_Count: 'many' }] });

    expect(mixed.status).toBe(207);
    expect(mixed.json.data.map((r: { code: string }) => r.code)).toEqual(['SUCCESS', 'MANDATORY_NOT_FOUND', 'SUCCESS']);
    expect(mixed.json.data[1]).toEqual({ code: 'MANDATORY_NOT_FOUND', details: { api_name: 'Last_Name', json_path: '$.data[1].Last_Name' }, message: 'required field not found', status: 'error' });
    expect(allBad.status).toBe(400);
  });

  it.each([
    ['integer as text', { Visit_Count: 'many' }, { code: 'INVALID_DATA', details: { expected_data_type: 'integer', api_name: 'Visit_Count', json_path: '$.data[0].Visit_Count' } }],
    ['integer with a fraction', { Visit_Count: 1.5 }, { code: 'INVALID_DATA', details: { expected_data_type: 'integer', api_name: 'Visit_Count', json_path: '$.data[0].Visit_Count' } }],
    ['double as text', { Discount_Rate: '3%' }, { code: 'INVALID_DATA', details: { expected_data_type: 'double', api_name: 'Discount_Rate', json_path: '$.data[0].Discount_Rate' } }],
    ['currency as text', { Budget: '$5' }, { code: 'INVALID_DATA', details: { expected_data_type: 'double', api_name: 'Budget', json_path: '$.data[0].Budget' } }],
    ['percent as text', { Win_Probability: 'high' }, { code: 'INVALID_DATA', details: { expected_data_type: 'double', api_name: 'Win_Probability', json_path: '$.data[0].Win_Probability' } }],
    ['text too long', { First_Name: 'x'.repeat(41) }, { code: 'INVALID_DATA', details: { maximum_length: 40, api_name: 'First_Name', json_path: '$.data[0].First_Name' } }],
    ['bad e-mail', { Email: 'not-an-email' }, { code: 'INVALID_DATA', details: { expected_data_type: 'email', api_name: 'Email', json_path: '$.data[0].Email' } }],
    ['boolean as text', { Email_Opt_Out: 'yes' }, { code: 'INVALID_DATA', details: { expected_data_type: 'boolean', api_name: 'Email_Opt_Out', json_path: '$.data[0].Email_Opt_Out' } }],
    ['date in another format', { Last_Contacted_On: '03/01/2025' }, { code: 'INVALID_DATA', details: { expected_data_type: 'date', api_name: 'Last_Contacted_On', json_path: '$.data[0].Last_Contacted_On' } }],
    ['impossible date', { Last_Contacted_On: '2025-02-30' }, { code: 'INVALID_DATA', details: { expected_data_type: 'date', api_name: 'Last_Contacted_On', json_path: '$.data[0].Last_Contacted_On' } }],
    ['datetime without offset', { Next_Follow_Up: '2025-03-01T09:30:00' }, { code: 'INVALID_DATA', details: { expected_data_type: 'datetime', api_name: 'Next_Follow_Up', json_path: '$.data[0].Next_Follow_Up' } }],
    ['datetime with millis', { Next_Follow_Up: '2025-03-01T09:30:00.000Z' }, { code: 'INVALID_DATA', details: { expected_data_type: 'datetime', api_name: 'Next_Follow_Up', json_path: '$.data[0].Next_Follow_Up' } }],
    ['unknown picklist value', { Lead_Status: 'Hot' }, { code: 'INVALID_DATA', details: { supported_values: expect.arrayContaining(['Contacted']), api_name: 'Lead_Status', json_path: '$.data[0].Lead_Status' } }],
    ['multiselect as a string', { Products_Interested: 'CRM' }, { code: 'INVALID_DATA', details: { expected_data_type: 'jsonarray', api_name: 'Products_Interested', json_path: '$.data[0].Products_Interested' } }],
    ['unknown multiselect value', { Products_Interested: ['CRM', 'Spaceships'] }, { code: 'INVALID_DATA', details: { supported_values: expect.arrayContaining(['CRM']), api_name: 'Products_Interested', json_path: '$.data[0].Products_Interested' } }],
    ['owner that is not a user', { Owner: { id: '4876876000000009999' } }, { code: 'INVALID_DATA', details: { api_name: 'Owner', json_path: '$.data[0].Owner' } }],
    ['unknown field', { Favourite_Color: 'blue' }, { code: 'INVALID_DATA', details: { api_name: 'Favourite_Color', json_path: '$.data[0].Favourite_Color' } }],
    ['formula field', { Days_In_Pipeline: 3 }, { code: 'INVALID_DATA', details: { api_name: 'Days_In_Pipeline', json_path: '$.data[0].Days_In_Pipeline' } }],
    ['autonumber field', { Lead_Number: 'LD-9' }, { code: 'INVALID_DATA', details: { api_name: 'Lead_Number', json_path: '$.data[0].Lead_Number' } }],
    ['Modified_Time', { Modified_Time: '2025-01-01T00:00:00Z' }, { code: 'INVALID_DATA', details: { api_name: 'Modified_Time', json_path: '$.data[0].Modified_Time' } }],
    ['Created_By', { Created_By: { id: USER_ID } }, { code: 'INVALID_DATA', details: { api_name: 'Created_By', json_path: '$.data[0].Created_By' } }],
    ['an id on insert', { id: '4876876000110000001' }, { code: 'INVALID_DATA', details: { api_name: 'id', json_path: '$.data[0].id' } }],
  ])('refuses %s with INVALID_DATA naming the field', async (_case, patch, expected) => {
    const answer = await api().post('/crm/v8/Leads', { data: [{ Last_Name: 'Valid', ...patch }] });

    expect(answer.status).toBe(400);
    expect(answer.json.data[0]).toMatchObject({ ...expected, status: 'error' });
  });

  it('checks that lookups point at live records of the target module', async () => {
    const good = await api().post('/crm/v8/Contacts', { data: [{ Last_Name: 'Linked', Account_Name: { id: ACCOUNT_ID } }] });
    const wrongModule = await api().post('/crm/v8/Contacts', { data: [{ Last_Name: 'Linked', Account_Name: { id: '4876876000110000001' } }] });
    const notObject = await api().post('/crm/v8/Contacts', { data: [{ Last_Name: 'Linked', Account_Name: 'Acme' }] });

    expect(good.status).toBe(201);
    expect(wrongModule.json.data[0]).toMatchObject({ code: 'INVALID_DATA', details: { api_name: 'Account_Name', json_path: '$.data[0].Account_Name' } });
    expect(notObject.json.data[0]).toMatchObject({ code: 'INVALID_DATA', details: { expected_data_type: 'jsonobject', api_name: 'Account_Name' } });
    const stored = await emu.admin.getRecord('us', 'Contacts', good.json.data[0].details.id);
    expect(stored.Account_Name).toEqual({ name: expect.any(String), id: ACCOUNT_ID });
  });

  it('refuses a duplicate of a unique field with DUPLICATE_DATA', async () => {
    const existing = await emu.admin.getRecord('us', 'Leads', '4876876000110000000');

    const answer = await api().post('/crm/v8/Leads', { data: [{ Last_Name: 'Copy', Email: String(existing.Email).toUpperCase() }] });

    expect(answer.status).toBe(400);
    expect(answer.json.data[0]).toMatchObject({
      code: 'DUPLICATE_DATA', message: 'duplicate data', status: 'error',
      details: { api_name: 'Email', json_path: '$.data[0].Email', id: '4876876000110000000', more_records: false, duplicate_record: expect.objectContaining({ id: '4876876000110000000' }) },
    });
  });

  it('takes at most 100 records a call', async () => {
    const data = Array.from({ length: 101 }, (_, i) => ({ Last_Name: `Bulk ${i}` }));

    const answer = await api().post('/crm/v8/Leads', { data });
    const hundred = await api().post('/crm/v8/Leads', { data: data.slice(0, 100) });

    expect(answer.status).toBe(400);
    expect(answer.json.code).toBe('LIMIT_EXCEEDED');
    expect(hundred.status).toBe(201);
    expect(hundred.json.data).toHaveLength(100);
  });

  it('parses a JSON body sent with no Content-Type, and refuses one that is not JSON', async () => {
    const base = urlsOf(emu, 'us').api;
    const plain = await fetch(`${base}/crm/v8/Leads`, { method: 'POST', headers: { Authorization: `Zoho-oauthtoken ${tokens.access_token}` }, body: Buffer.from(JSON.stringify({ data: [{ Last_Name: 'No type' }] })) });
    const broken = await http('POST', `${base}/crm/v8/Leads`, { token: tokens.access_token, body: '{"data":[' });
    const noData = await api().post('/crm/v8/Leads', { records: [] });

    expect(plain.status).toBe(201);
    expect(broken.status).toBe(400);
    expect(noData.json.code).toBe('MANDATORY_NOT_FOUND');
  });

  it('counts workflow runs: trigger omitted runs them, [] does not', async () => {
    await emu.admin.counters.reset();

    await api().post('/crm/v8/Leads', { data: [{ Last_Name: 'A' }, { Last_Name: 'B' }] });
    await api().post('/crm/v8/Leads', { data: [{ Last_Name: 'C' }], trigger: [] });
    await api().post('/crm/v8/Leads', { data: [{ Last_Name: 'D' }], trigger: ['workflow'] });
    const counters = await emu.admin.counters();

    expect(counters.workflowRuns).toBe(3);
    expect(counters.writesWithEmptyTrigger).toBe(1);
    expect(counters.writesWithTriggerOmitted).toBe(1);
    expect(counters.recordsWritten).toBe(4);
  });
});

describe('update, upsert and delete', () => {
  it('updates by id, advancing Modified_Time and Modified_By, and names an unknown id', async () => {
    const before = await emu.admin.getRecord('us', 'Leads', '4876876000110000005');

    const answer = await api().put('/crm/v8/Leads', { data: [{ id: '4876876000110000005', City: 'Lyon' }, { id: '4876876000119999999', City: 'x' }, { City: 'no id' }] });
    const after = await emu.admin.getRecord('us', 'Leads', '4876876000110000005');

    expect(answer.status).toBe(207);
    expect(answer.json.data[0]).toMatchObject({ code: 'SUCCESS', message: 'record updated' });
    expect(answer.json.data[1]).toMatchObject({ code: 'INVALID_DATA', details: { id: '4876876000119999999' } });
    expect(answer.json.data[2]).toMatchObject({ code: 'MANDATORY_NOT_FOUND', details: { api_name: 'id' } });
    expect(after.City).toBe('Lyon');
    expect(Date.parse(String(after.Modified_Time))).toBeGreaterThan(Date.parse(String(before.Modified_Time)));
    expect(after.Modified_By).toMatchObject({ id: '4876876000000000001' });
    expect(after.Last_Name).toBe(before.Last_Name);
  });

  it('updates one record at PUT /{module}/{id}, refusing to clear a mandatory field', async () => {
    const ok = await api().put('/crm/v8/Leads/4876876000110000006', { data: [{ Lead_Status: 'Contacted' }] });
    const cleared = await api().put('/crm/v8/Leads/4876876000110000006', { data: [{ Last_Name: '' }] });

    expect(ok.status).toBe(200);
    expect(cleared.status).toBe(400);
    expect(cleared.json.data[0]).toMatchObject({ code: 'MANDATORY_NOT_FOUND', details: { api_name: 'Last_Name' } });
  });

  it('answers 412 ALREADY_MODIFIED for If-Unmodified-Since older than the record', async () => {
    await emu.admin.patchRecord('us', 'Leads', '4876876000110000007', { City: 'Berlin' });

    const answer = await api().put('/crm/v8/Leads/4876876000110000007', { data: [{ City: 'Paris' }] }, { 'If-Unmodified-Since': '2025-01-01T00:00:00Z' });

    expect(answer.status).toBe(412);
    expect(answer.json.data[0].code).toBe('ALREADY_MODIFIED');
  });

  it('refuses updates of a record an approval or a blueprint locked, with RECORD_LOCKED, until it is released', async () => {
    await emu.admin.lockRecord('us', 'Leads', '4876876000110000009');

    const mixed = await api().put('/crm/v8/Leads', { data: [{ id: '4876876000110000010', City: 'Lyon' }, { id: '4876876000110000009', City: 'Lyon' }] });
    const alone = await api().put('/crm/v8/Leads/4876876000110000009', { data: [{ City: 'Lyon' }] });
    await emu.admin.lockRecord('us', 'Leads', '4876876000110000009', false);
    const released = await api().put('/crm/v8/Leads/4876876000110000009', { data: [{ City: 'Lyon' }] });

    expect(mixed.status).toBe(207);
    expect(mixed.json.data[1]).toEqual({ code: 'RECORD_LOCKED', details: { api_name: 'id', json_path: '$.data[1].id', action: 'record_locking' }, message: 'Sorry, you cannot perform this operation as the record is locked.', status: 'error' });
    expect(alone.status).toBe(400);
    expect(released.status).toBe(200);
    expect((await emu.admin.getRecord('us', 'Leads', '4876876000110000009')).City).toBe('Lyon');
  });

  it('upserts on duplicate_check_fields: update on a match, insert otherwise, with action', async () => {
    const existing = await emu.admin.getRecord('us', 'Leads', '4876876000110000008');

    const answer = await api().post('/crm/v8/Leads/upsert', {
      data: [{ Last_Name: 'Matched', Email: existing.Email }, { Last_Name: 'Fresh', Email: 'fresh@example.org' }],
      duplicate_check_fields: ['Email'], trigger: ['workflow'],
    });
    const defaults = await api().post('/crm/v8/Accounts/upsert', { data: [{ Account_Name: 'Brand New Account' }] });

    expect(answer.status).toBe(200);
    expect(answer.json.data[0]).toMatchObject({ code: 'SUCCESS', action: 'update', duplicate_field: 'Email', details: { id: '4876876000110000008' } });
    expect(answer.json.data[1]).toMatchObject({ code: 'SUCCESS', action: 'insert', duplicate_field: null });
    expect((await emu.admin.getRecord('us', 'Leads', '4876876000110000008')).Last_Name).toBe('Matched');
    expect(defaults.json.data[0]).toMatchObject({ action: 'insert' });
  });

  it('deletes by ids (at most 100), and the record appears in /deleted', async () => {
    const answer = await api().delete('/crm/v8/Leads?ids=4876876000110000009,4876876000119999999');
    const missing = await api().delete('/crm/v8/Leads');
    const tooMany = await api().delete(`/crm/v8/Leads?ids=${Array.from({ length: 101 }, (_, i) => `48768760001100${String(i).padStart(5, '0')}`).join(',')}`);
    const deleted = await api().get('/crm/v8/Leads/deleted?type=recycle');

    expect(answer.status).toBe(207);
    expect(answer.json.data[0]).toEqual({ code: 'SUCCESS', details: { id: '4876876000110000009' }, message: 'record deleted', status: 'success' });
    expect(missing.json).toMatchObject({ code: 'REQUIRED_PARAM_MISSING', details: { param_name: 'ids' } });
    expect(tooMany.json).toMatchObject({ code: 'LIMIT_EXCEEDED', details: { limit: 100, param_name: 'ids' } });
    expect(deleted.json.data.map((d: { id: string }) => d.id)).toContain('4876876000110000009');
  });
});
