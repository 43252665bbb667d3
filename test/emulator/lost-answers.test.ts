// Answers lost after Zoho applied a write (drop/status with `after`, truncate, malformed): the client
// sees no clean answer, yet the record exists, and the newest-first list finds it with its creator.

import { request } from 'node:http';
import type { RunningZohoEmulator } from '../../emulators/zoho/server';
import { type ZohoTokens, crm, urlsOf, useEmulatorPerFile } from '../helpers/zoho-emulator';

let emu: RunningZohoEmulator;
let tokens: ZohoTokens;
const api = () => crm(emu, 'us', tokens);
const NEWEST_FIRST = '/crm/v8/Leads?fields=Last_Name,Created_By,Created_Time&sort_by=Created_Time&sort_order=desc&per_page=200';
const ALEX = { id: '4876876000000000001', name: 'Alex Morgan', email: 'alex.morgan@acme-us.example' };

useEmulatorPerFile(100, (e, t) => {
  emu = e;
  tokens = t;
});

interface RawAnswer { status?: number; contentType?: string; body: string; error?: string }

/** Raw POST that reports a socket error or a cut-off body instead of throwing. */
function rawPost(url: string, token: string, body: unknown): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const req = request(url, { method: 'POST', headers: { Authorization: `Zoho-oauthtoken ${token}`, 'Content-Type': 'application/json' } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => {
        text += c;
      });
      const contentType = res.headers['content-type'];
      res.on('end', () => resolve({ status: res.statusCode, contentType, body: text }));
      res.on('error', (e) => resolve({ status: res.statusCode, contentType, body: text, error: e.message }));
      res.on('aborted', () => resolve({ status: res.statusCode, contentType, body: text, error: 'aborted' }));
    });
    req.on('error', (e) => resolve({ body: '', error: e.message }));
    req.end(JSON.stringify(body));
  });
}

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

async function insertThroughFault(lastName: string): Promise<RawAnswer> {
  return rawPost(`${urlsOf(emu, 'us').api}/crm/v8/Leads`, tokens.access_token, { data: [{ Last_Name: lastName }] });
}

async function liveLeads(): Promise<number> {
  return (await emu.admin.listRecords('us', 'Leads', { limit: 1 })).total;
}

async function newestLead(): Promise<Record<string, any>> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const answer = await api().get(NEWEST_FIRST);
  expect(answer.status).toBe(200);
  return answer.json.data[0];
}

describe('faults after Zoho applied the request', () => {
  it('drop with after: the socket closes with no answer bytes, yet the record exists', async () => {
    await emu.admin.addFault({ kind: 'drop', after: true, match: 'POST /crm/v8/Leads' });

    const answer = await insertThroughFault('Lost In Transit');
    const newest = await newestLead();
    const counters = await emu.admin.counters();

    expect(answer.status).toBeUndefined();
    expect(answer.error).toBeDefined();
    expect(newest).toMatchObject({ Last_Name: 'Lost In Transit', Created_By: ALEX });
    expect(counters.recordsWritten).toBe(1);
  });

  it.each([500, 502, 503, 504] as const)('status %i with after: the client gets the error, yet the record exists', async (status) => {
    const before = await liveLeads();
    await emu.admin.addFault({ kind: 'status', status, after: true, match: 'POST /crm/v8/Leads' });

    const answer = await insertThroughFault(`Applied Despite ${status}`);
    const { total, records } = await emu.admin.listRecords('us', 'Leads', { offset: before, limit: 10 });

    expect(answer.status).toBe(status);
    expect(answer.contentType).toContain(status === 500 ? 'application/json' : 'text/html');
    expect(answer.body).not.toContain('SUCCESS');
    expect(total).toBe(before + 1);
    expect(records[0]).toMatchObject({ Last_Name: `Applied Despite ${status}`, Owner: expect.objectContaining({ id: ALEX.id }) });
  });

  it('truncate: the insert is applied and half its answer arrives', async () => {
    await emu.admin.addFault({ kind: 'truncate', match: 'POST /crm/v8/Leads' });

    const answer = await insertThroughFault('Half An Answer');
    const newest = await newestLead();

    expect(answer.status).toBe(201);
    expect(answer.error).toBeDefined();
    expect(parses(answer.body)).toBe(false);
    expect(newest).toMatchObject({ Last_Name: 'Half An Answer', Created_By: ALEX });
  });

  it('malformed: the insert is applied and the 200 answer does not parse', async () => {
    await emu.admin.addFault({ kind: 'malformed', match: 'POST /crm/v8/Leads' });

    const answer = await insertThroughFault('Garbled Answer');
    const newest = await newestLead();

    expect(answer.status).toBe(200);
    expect(answer.error).toBeUndefined();
    expect(parses(answer.body)).toBe(false);
    expect(newest).toMatchObject({ Last_Name: 'Garbled Answer', Created_By: ALEX });
  });

  it('drop and status without after still skip the handler', async () => {
    const before = await liveLeads();
    await emu.admin.addFault({ kind: 'drop', match: 'POST /crm/v8/Leads' });
    await emu.admin.addFault({ kind: 'status', status: 503, match: 'POST /crm/v8/Leads' });

    const dropped = await insertThroughFault('Never Written 1');
    const refused = await insertThroughFault('Never Written 2');

    expect(dropped.error).toBeDefined();
    expect(refused.status).toBe(503);
    expect(await liveLeads()).toBe(before);
  });

  it('refuses after for kinds and statuses it cannot mean', async () => {
    await expect(emu.admin.addFault({ kind: 'latency', ms: 1, after: true })).rejects.toThrow(/after applies to drop and status only/);
    await expect(emu.admin.addFault({ kind: 'status', status: 429, after: true })).rejects.toThrow(/status with after must be one of 500, 502, 503, 504/);
  });
});

describe('finding what a lost answer created', () => {
  it('lists the newest records first, each with Created_By {id, name, email} and Created_Time', async () => {
    const first = await api().post('/crm/v8/Leads', { data: [{ Last_Name: 'Older Insert' }] });
    await emu.admin.advanceClock(2);
    const second = await api().post('/crm/v8/Leads', { data: [{ Last_Name: 'Newer Insert' }] });

    const answer = await api().get(NEWEST_FIRST);

    expect(answer.status).toBe(200);
    const [newest, older, seeded] = answer.json.data;
    expect(newest).toMatchObject({ id: second.json.data[0].details.id, Last_Name: 'Newer Insert', Created_By: ALEX });
    expect(older).toMatchObject({ id: first.json.data[0].details.id, Last_Name: 'Older Insert', Created_By: ALEX });
    expect(newest.Created_Time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/);
    expect(Date.parse(newest.Created_Time)).toBeGreaterThan(Date.parse(older.Created_Time));
    expect(Date.parse(older.Created_Time)).toBeGreaterThan(Date.parse(seeded.Created_Time));
  });

  it('sets Created_By and Owner to the token\'s user, also for a user who is not the admin', async () => {
    const { code } = await emu.admin.selfClient({ scope: 'ZohoCRM.modules.ALL', user: 'jonas.weber@beispiel-eu.example' });
    const jonas = await (await fetch(`${urlsOf(emu, 'eu').accounts}/oauth/v2/token`, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'authorization_code', client_id: emu.info.client.client_id, client_secret: emu.info.client.client_secret, code }),
    })).json() as ZohoTokens;
    const eu = crm(emu, 'eu', jonas);

    const inserted = await eu.post('/crm/v8/Leads', { data: [{ Last_Name: 'Weber Lead' }] });
    const listed = await eu.get('/crm/v8/Leads?fields=Last_Name,Owner,Created_By&sort_by=Created_Time&sort_order=desc&per_page=1');

    const weber = { id: '2098765000000000002', name: 'Jonas Weber', email: 'jonas.weber@beispiel-eu.example' };
    expect(inserted.json.data[0].details.Created_By).toEqual({ id: weber.id, name: weber.name });
    expect(listed.json.data[0]).toMatchObject({ id: inserted.json.data[0].details.id, Last_Name: 'Weber Lead', Owner: weber, Created_By: weber });
  });
});
