// Credits and concurrency (429 TOO_MANY_REQUESTS), every fault kind from /__admin/faults, and the
// counters tests and benchmarks read.

import { request } from 'node:http';
import type { RunningZohoEmulator } from '../../emulators/zoho/server';
import { type ZohoTokens, crm, failNext, givenConnectedUser, givenZohoEmulator, urlsOf } from '../helpers/zoho-emulator';

let emu: RunningZohoEmulator;
let tokens: ZohoTokens;
const api = () => crm(emu, 'us', tokens);
const LIST = '/crm/v8/Leads?fields=Last_Name&per_page=2';

beforeAll(async () => {
  emu = await givenZohoEmulator({ records: 100 });
});
afterAll(async () => {
  await emu.stop();
});
beforeEach(async () => {
  await emu.admin.clearFaults();
  await emu.admin.setLimits({ creditsPerDay: 250_000, concurrency: 20 });
  await emu.admin.reset({ records: 100 });
  tokens = await givenConnectedUser(emu, 'us');
});

/** Raw GET that reports a socket error instead of throwing (fetch hides the difference). */
function rawGet(url: string, token: string): Promise<{ status?: number; body: string; error?: string }> {
  return new Promise((resolve) => {
    const req = request(url, { headers: { Authorization: `Zoho-oauthtoken ${token}` } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => {
        body += c;
      });
      res.on('end', () => resolve({ status: res.statusCode, body }));
      res.on('error', (e) => resolve({ status: res.statusCode, body, error: e.message }));
      res.on('aborted', () => resolve({ status: res.statusCode, body, error: 'aborted' }));
    });
    req.on('error', (e) => resolve({ body: '', error: e.message }));
    req.end();
  });
}

describe('limits', () => {
  it('answers 429 TOO_MANY_REQUESTS once the day\'s credits are spent, and charges 1 per 10 records written', async () => {
    await emu.admin.setLimits({ creditsPerDay: 12 });
    await emu.admin.counters.reset();

    await api().post('/crm/v8/Leads', { data: Array.from({ length: 100 }, (_, i) => ({ Last_Name: `L${i}` })) });
    const second = await api().get(LIST);
    const third = await api().get(LIST);
    const fourth = await api().get(LIST);
    const counters = await emu.admin.counters();

    expect(second.status).toBe(200);
    expect(third.status).toBe(200);
    expect(fourth.status).toBe(429);
    expect(fourth.json).toMatchObject({ code: 'TOO_MANY_REQUESTS', details: {}, status: 'error' });
    expect(counters.creditsUsed).toBe(12);
    expect(counters.limits.creditsUsed.us).toBe(12);
  });

  it('gives credits back after a rolling day', async () => {
    await emu.admin.setLimits({ creditsPerDay: 1 });
    await api().get(LIST);
    const spent = await api().get(LIST);

    await emu.admin.advanceClock(86_401);
    tokens = await givenConnectedUser(emu, 'us');
    const back = await api().get(LIST);

    expect(spent.status).toBe(429);
    expect(back.status).toBe(200);
  });

  it('answers 429 when more calls are in flight for the org than the concurrency limit', async () => {
    await emu.admin.setLimits({ concurrency: 2 });
    await emu.admin.addFault({ kind: 'latency', ms: 300, count: 3, match: 'GET /crm/v8/Leads' });

    const answers = await Promise.all([api().get(LIST), api().get(LIST), api().get(LIST)]);
    const eu = await givenConnectedUser(emu, 'eu');
    const otherOrg = await crm(emu, 'eu', eu).get(LIST);

    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 429]);
    expect(answers.find((a) => a.status === 429)?.json.code).toBe('TOO_MANY_REQUESTS');
    expect(otherOrg.status).toBe(200);
  });
});

describe('faults', () => {
  it('status: answers 503 for the next 2 matching calls, then recovers', async () => {
    await failNext(emu, 2, { status: 503, match: 'GET /crm/v8/Leads' });

    const org = await api().get('/crm/v8/org');
    const a = await api().get(LIST);
    const b = await api().get(LIST);
    const c = await api().get(LIST);

    expect(org.status).toBe(200);
    expect([a.status, b.status, c.status]).toEqual([503, 503, 200]);
    expect(a.headers.get('content-type')).toContain('text/html');
  });

  it('status 500 uses Zoho\'s INTERNAL_ERROR body, and a custom body is sent as given', async () => {
    await emu.admin.addFault({ kind: 'status', status: 500 });
    await emu.admin.addFault({ kind: 'status', status: 502, body: { oops: true } });

    const first = await api().get(LIST);
    const second = await api().get(LIST);

    expect(first.json).toEqual({ code: 'INTERNAL_ERROR', details: {}, message: 'Internal Server Error', status: 'error' });
    expect(second.status).toBe(502);
    expect(second.json).toEqual({ oops: true });
  });

  it('burst429: the next calls get TOO_MANY_REQUESTS, token calls included', async () => {
    await emu.admin.addFault({ kind: 'burst429', count: 2 });

    const a = await api().get(LIST);
    const token = await fetch(`${urlsOf(emu, 'us').accounts}/oauth/v2/token`, { method: 'POST' });
    const c = await api().get(LIST);

    expect(a.status).toBe(429);
    expect(a.json.code).toBe('TOO_MANY_REQUESTS');
    expect(token.status).toBe(429);
    expect(c.status).toBe(200);
  });

  it('latency: holds the answer for ms', async () => {
    await emu.admin.addFault({ kind: 'latency', ms: 250 });

    const started = Date.now();
    const answer = await api().get(LIST);

    expect(answer.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(240);
  });

  it('drop: closes the socket without an answer', async () => {
    await emu.admin.addFault({ kind: 'drop', count: 1 });

    const dropped = await rawGet(`${urlsOf(emu, 'us').api}${LIST}`, tokens.access_token);
    const next = await rawGet(`${urlsOf(emu, 'us').api}${LIST}`, tokens.access_token);

    expect(dropped.status).toBeUndefined();
    expect(dropped.error).toBeDefined();
    expect(next.status).toBe(200);
  });

  it('truncate: sends half the body and ends the connection', async () => {
    await emu.admin.addFault({ kind: 'truncate', count: 1 });

    const cut = await rawGet(`${urlsOf(emu, 'us').api}${LIST}`, tokens.access_token);

    expect(cut.status).toBe(200);
    expect(cut.error).toBeDefined();
    expect(() => JSON.parse(cut.body)).toThrow();
  });

  it('malformed: answers 200 with JSON that does not parse', async () => {
    await emu.admin.addFault({ kind: 'malformed', count: 1 });

    const answer = await api().get(LIST);

    expect(answer.status).toBe(200);
    expect(answer.json).toBeNull();
    expect(answer.text.length).toBeGreaterThan(0);
  });

  it('match takes a regex, fraction applies at random, and faults are listed and cleared', async () => {
    await emu.admin.addFault({ kind: 'status', status: 500, count: 1, match: '/^POST \\/oauth/' });
    await emu.admin.addFault({ kind: 'status', status: 502, fraction: 0, match: 'never' });

    const listed = await emu.admin.listFaults();
    const crmCall = await api().get(LIST);
    const tokenCall = await fetch(`${urlsOf(emu, 'us').accounts}/oauth/v2/token`, { method: 'POST' });
    await emu.admin.clearFaults();

    expect(listed).toHaveLength(2);
    expect(crmCall.status).toBe(200);
    expect(tokenCall.status).toBe(500);
    expect(await emu.admin.listFaults()).toEqual([]);
  });

  it('refuses a bad fault spec', async () => {
    await expect(emu.admin.addFault({ kind: 'status', status: 418 })).rejects.toThrow(/status must be one of/);
    await expect(emu.admin.addFault({ kind: 'status', status: 200 })).rejects.toThrow(/status must be one of/);
  });

  it('answers 200 with the body given, or an empty 204, in place of what Zoho would send', async () => {
    const error = { code: 'INTERNAL_ERROR', details: {}, message: 'Internal Server Error', status: 'error' };
    await emu.admin.addFault({ kind: 'status', status: 200, body: error, count: 1, match: 'GET /crm/v8/Leads' });
    await emu.admin.addFault({ kind: 'status', status: 204, body: '', count: 1, match: 'GET /crm/v8/settings/fields' });

    const list = await api().get(LIST);
    const fields = await api().get('/crm/v8/settings/fields?module=Leads');

    expect(list.status).toBe(200);
    expect(list.json).toEqual(error);
    expect(fields.status).toBe(204);
  });
});

describe('counters', () => {
  it('count calls per templated route and answers per status', async () => {
    await emu.admin.counters.reset();

    await api().get(LIST);
    await api().get('/crm/v8/Contacts?fields=Last_Name');
    await api().get('/crm/v8/Leads/4876876000110000001');
    await api().get('/crm/v8/nope/nope/nope');
    const counters = await emu.admin.counters();

    expect(counters.calls['GET /crm/v8/{module}']).toBe(2);
    expect(counters.calls['GET /crm/v8/{module}/{id}']).toBe(1);
    expect(counters.calls.unmatched).toBe(1);
    expect(counters.byStatus['200']).toBe(3);
    expect(counters.byStatus['404']).toBe(1);
    expect(counters.creditsUsed).toBe(3);
  });
});

describe('the Date header', () => {
  it('follows the emulator clock, as Zoho\'s Date is Zoho\'s clock', async () => {
    const emu = await givenZohoEmulator();
    try {
      await emu.admin.advanceClock(3600);
      const tokens = await givenConnectedUser(emu, 'us');
      const answer = await crm(emu, 'us', tokens).get('/crm/v8/org');
      const now = Date.parse((await emu.admin.clock()).now);
      expect(Math.abs(Date.parse(answer.headers.get('date') ?? '') - now)).toBeLessThan(2000);
    } finally {
      await emu.stop();
    }
  });
});
