// The add-on against the answer shapes Zoho publishes (zoho/crm-oas v8.0): a module that is gone
// answers inside `data`, per-record errors stay per record, owners past the first 200 users, and
// lookup names matched exactly through COQL rather than search's "equals means contains".

import { ConfigError } from '../../../src/core/errors';
import { ZohoClient, type AccessTokenProvider } from '../../../src/core/zoho/client';
import { ZohoLookupResolver } from '../../../src/core/zoho/lookups';
import { ZohoRecordSource, ZohoRecordWriter } from '../../../src/core/zoho/records';
import type { ZohoField } from '../../../src/core/zoho/wire';
import { FakeClock, ScriptedHttp, json, type ScriptedAnswer } from '../../helpers/fakes';

const tokens: AccessTokenProvider = { accessToken: () => 'AT', refreshAccessToken: () => 'AT' };

function givenClient(answers: ScriptedAnswer[]) {
  const http = new ScriptedHttp(answers);
  const clock = new FakeClock(undefined, 300000);
  return { http, client: new ZohoClient({ http, tokens, apiDomain: 'https://www.zohoapis.com', clock, budget: clock, random: () => 0.5 }) };
}

// zoho/crm-oas v8.0/record/operations/createRecords/examples/response-400-invalidmodule.md
const invalidModule = json(400, { data: [{ code: 'INVALID_MODULE', details: { resource_path_index: 0 }, message: 'the module name given seems to be invalid', status: 'error' }] });
// zoho/crm-oas v8.0/record/operations/createRecords/examples/response-400-duplicatedataerror.md
const duplicate = json(400, { data: [{ code: 'DUPLICATE_DATA', details: { api_name: 'Email', duplicate_record: { Owner: { name: 'Pranav', id: '2008662000000454001', zuid: '75092197' }, id: '2008662000006256222' }, json_path: '$.data[0].Email', id: '2008662000006256222', more_records: false }, message: 'duplicate data', status: 'error' }] });

describe('a module that is gone', () => {
  it.each([
    ['insert', (w: ZohoRecordWriter) => w.insert('Leads_Old', [{ Last_Name: 'x' }], [])],
    ['update', (w: ZohoRecordWriter) => w.update('Leads_Old', [{ id: '1', Last_Name: 'x' }], [])],
    ['upsert', (w: ZohoRecordWriter) => w.upsert('Leads_Old', [{ Email: 'a@b.example' }], ['Email'], [])],
  ])('makes a %s fail as one "pick the module again" error, not an error per row', (_name, write) => {
    const { client } = givenClient([invalidModule, invalidModule]);

    const attempt = () => write(new ZohoRecordWriter(client));

    expect(attempt).toThrow(ConfigError);
    expect(attempt).not.toThrow(/refused/);
  });

  it('names the fix for the deleted-record list too', () => {
    const { client } = givenClient([invalidModule]);

    let caught: unknown;
    try {
      new ZohoRecordSource(client).deleted('Leads_Old', '2025-01-01T00:00:00+00:00', 1);
    } catch (error) {
      caught = error;
    }

    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).code).toBe('ZOHO_INVALID_MODULE');
    expect((caught as ConfigError).userMessage).toMatch(/does not know this module any more.*Pick the module again/);
  });

  it('keeps a documented per-record error (DUPLICATE_DATA) as that row\'s result', () => {
    const { client } = givenClient([duplicate]);

    const results = new ZohoRecordWriter(client).insert('Leads', [{ Email: 'a@b.example', Last_Name: 'x' }], []);

    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ code: 'DUPLICATE_DATA', details: { duplicate_record: { id: '2008662000006256222' } } });
  });
});

describe('owner and lookup names', () => {
  const owner = { api_name: 'Owner', data_type: 'ownerlookup' } as unknown as ZohoField;
  const account = { api_name: 'Account_Name', data_type: 'lookup', lookup: { module: { api_name: 'Accounts' } } } as unknown as ZohoField;
  const user = (n: number) => ({ id: `5000${n}`, full_name: `User ${n}`, email: `user${n}@example.com` });

  it('finds an owner on the second page of users', () => {
    const page1 = json(200, { users: Array.from({ length: 200 }, (_, i) => user(i)), info: { per_page: 200, count: 200, page: 1, more_records: true } });
    const page2 = json(200, { users: [user(250)], info: { per_page: 200, count: 1, page: 2, more_records: false } });
    const { http, client } = givenClient([page1, page2]);

    const ids = new ZohoLookupResolver(client).idsForName(owner, 'User 250');

    expect(ids).toEqual(['5000250']);
    expect(http.requests.map((r) => new URL(r.url).searchParams.get('page'))).toEqual(['1', '2']);
  });

  it('matches a lookup name exactly with COQL, keeping neither "ABC Inc." for "ABC" nor a quote unescaped', () => {
    const { http, client } = givenClient([json(200, { data: [{ id: '1', Account_Name: 'ABC' }, { id: '2', Account_Name: 'ABC Inc.' }], info: { count: 2, more_records: false } })]);

    const ids = new ZohoLookupResolver(client).idsForName(account, "ABC");
    const again = new ZohoLookupResolver(givenClient([json(200, { data: [{ id: '3', Account_Name: "O'Neil & Co" }], info: {} })]).client).idsForName(account, "O'Neil & Co");

    expect(ids).toEqual(['1']);
    expect(again).toEqual(['3']);
    expect(http.requests[0]!.url).toBe('https://www.zohoapis.com/crm/v8/coql');
    expect(JSON.parse(http.requests[0]!.body as string)).toEqual({ select_query: "select id, Account_Name from Accounts where Account_Name = 'ABC' limit 200" });
  });

  it('doubles a single quote inside the COQL literal', () => {
    const { http, client } = givenClient([{ status: 204 }]);

    const ids = new ZohoLookupResolver(client).idsForName(account, "O'Neil");

    expect(ids).toEqual([]);
    expect(JSON.parse(http.requests[0]!.body as string).select_query).toContain("= 'O''Neil'");
  });
});
