import { NoPermissionError, RateLimitedError, ReconnectRequiredError, ZohoServiceError } from '../../../src/core/errors';
import { ZohoClient, type AccessTokenProvider } from '../../../src/core/zoho/client';
import { ZohoMetadata } from '../../../src/core/zoho/metadata';
import { FakeClock, MemoryCache, ScriptedHttp, json, type ScriptedAnswer } from '../../helpers/fakes';

class CountingTokens implements AccessTokenProvider {
  refreshes = 0;
  token = 'AT-1';
  accessToken(): string {
    return this.token;
  }
  refreshAccessToken(): string {
    this.refreshes++;
    this.token = `AT-${this.refreshes + 1}`;
    return this.token;
  }
}

function givenClient(answers: ScriptedAnswer[], budgetMs = 300000) {
  const http = new ScriptedHttp(answers);
  const clock = new FakeClock(undefined, budgetMs);
  const tokens = new CountingTokens();
  const client = new ZohoClient({ http, tokens, apiDomain: 'https://www.zohoapis.eu', clock, budget: clock, random: () => 0.5 });
  return { http, clock, tokens, client };
}

const ok = json(200, { data: [{ id: '1' }], info: { more_records: false } });
const zohoError = (status: number, code: string, message = 'x', details = {}) => json(status, { code, message, details, status: 'error' });

describe('ZohoClient', () => {
  it('sends the token in Zoho\'s header to the API domain with an encoded query', () => {
    const { http, client } = givenClient([ok]);

    client.request({ method: 'get', path: '/crm/v8/Leads', query: { fields: 'Last_Name,Email', page_token: undefined, per_page: 200 } });

    expect(http.requests[0]!.url).toBe('https://www.zohoapis.eu/crm/v8/Leads?fields=Last_Name%2CEmail&per_page=200');
    expect(http.requests[0]!.headers!.Authorization).toBe('Zoho-oauthtoken AT-1');
  });

  it('returns null data for 204 and 304 instead of failing on an empty body', () => {
    const { client } = givenClient([{ status: 204, body: '' }, { status: 304, body: '' }]);

    expect(client.request({ method: 'get', path: '/crm/v8/Leads' }).data).toBeNull();
    expect(client.request({ method: 'get', path: '/crm/v8/Leads' }).data).toBeNull();
  });

  it('never takes Zoho\'s error body behind a 200 for a read\'s answer: it retries, then says the answer was unreadable', () => {
    const { http, client } = givenClient([zohoError(200, 'INTERNAL_ERROR'), ok, ...Array(5).fill(zohoError(200, 'INTERNAL_ERROR'))]);

    const retried = client.request<{ data: Array<{ id: string }> }>({ method: 'post', path: '/crm/v8/coql', body: { select_query: 'select id from Leads' }, idempotent: true });
    const failed = (() => { try { client.request({ method: 'get', path: '/crm/v8/Leads' }); return null; } catch (e) { return e; } })();

    expect(retried.data!.data[0]!.id).toBe('1');
    expect(failed).toBeInstanceOf(ZohoServiceError);
    expect((failed as ZohoServiceError).code).toBe('ZOHO_MALFORMED_ANSWER');
    expect(http.requests).toHaveLength(7);
  });

  it('refreshes once on INVALID_TOKEN and retries with the new token', () => {
    const { http, tokens, client } = givenClient([zohoError(401, 'INVALID_TOKEN'), ok]);

    const answer = client.request({ method: 'get', path: '/crm/v8/org' });

    expect(answer.status).toBe(200);
    expect(tokens.refreshes).toBe(1);
    expect(http.requests[1]!.headers!.Authorization).toBe('Zoho-oauthtoken AT-2');
  });

  it('never refreshes in a loop: a second INVALID_TOKEN asks the user to reconnect', () => {
    const { tokens, client } = givenClient([zohoError(401, 'INVALID_TOKEN'), zohoError(401, 'INVALID_TOKEN')]);

    expect(() => client.request({ method: 'get', path: '/crm/v8/org' })).toThrow(ReconnectRequiredError);
    expect(tokens.refreshes).toBe(1);
  });

  it.each([
    ['503 then success', [json(503, {}), ok], 1],
    ['two 429s then success', [zohoError(429, 'TOO_MANY_REQUESTS'), zohoError(429, 'TOO_MANY_REQUESTS'), ok], 2],
    ['a dropped connection then success', [new Error('Address unavailable'), ok], 1],
    ['an unreadable 200 then success', [{ status: 200, body: '{"data":[' }, ok], 1],
  ])('backs off and retries a read after %s', (_name, answers, waits) => {
    const { clock, client } = givenClient(answers as ScriptedAnswer[]);

    const answer = client.request({ method: 'get', path: '/crm/v8/Leads' });

    expect(answer.status).toBe(200);
    expect(clock.sleeps).toHaveLength(waits);
    expect(clock.sleeps[0]).toBeGreaterThanOrEqual(500);
  });

  it('waits longer after each failure (exponential backoff)', () => {
    const { clock, client } = givenClient([json(502, {}), json(502, {}), json(502, {}), ok]);

    client.request({ method: 'get', path: '/crm/v8/Leads' });

    expect(clock.sleeps[1]!).toBeGreaterThan(clock.sleeps[0]!);
    expect(clock.sleeps[2]!).toBeGreaterThan(clock.sleeps[1]!);
  });

  it('honours Retry-After from a 429', () => {
    const limited = zohoError(429, 'TOO_MANY_REQUESTS');
    const { clock, client } = givenClient([{ ...limited, headers: { 'Retry-After': '7' } }, ok]);

    client.request({ method: 'get', path: '/crm/v8/Leads' });

    expect(clock.sleeps[0]).toBe(7000);
  });

  it('does not resend an insert after an ambiguous failure, so no record is created twice', () => {
    const { http, client } = givenClient([json(500, { code: 'INTERNAL_ERROR', message: 'x', details: {}, status: 'error' }), ok]);

    expect(() => client.request({ method: 'post', path: '/crm/v8/Leads', body: { data: [] } })).toThrow(ZohoServiceError);
    expect(http.requests).toHaveLength(1);
  });

  it('resends an insert refused with 429, which Zoho did not process', () => {
    const { http, client } = givenClient([zohoError(429, 'TOO_MANY_REQUESTS'), json(201, { data: [] })]);

    expect(client.request({ method: 'post', path: '/crm/v8/Leads', body: { data: [] } }).status).toBe(201);
    expect(http.requests).toHaveLength(2);
  });

  it('gives up without waiting when the execution has no time left for the wait', () => {
    const { clock, client } = givenClient([json(503, {}), ok], 20000);

    expect(() => client.request({ method: 'get', path: '/crm/v8/Leads' })).toThrow(ZohoServiceError);
    expect(clock.sleeps).toHaveLength(0);
  });

  it('stops after five attempts of a persistent 429 with a rate-limit message', () => {
    const { http, client } = givenClient(Array.from({ length: 5 }, () => zohoError(429, 'TOO_MANY_REQUESTS')));

    expect(() => client.request({ method: 'get', path: '/crm/v8/Leads' })).toThrow(RateLimitedError);
    expect(http.requests).toHaveLength(5);
  });

  it.each([
    ['OAUTH_SCOPE_MISMATCH', 401, ReconnectRequiredError, /Disconnect, then Connect again/],
    ['NO_PERMISSION', 403, NoPermissionError, /Ask your Zoho administrator/],
    ['TOO_MANY_REQUESTS', 429, RateLimitedError, /limiting requests/],
    ['INVALID_MODULE', 400, Error, /Pick the module again/],
  ])('turns %s into an error that says what to do', (code, status, type, message) => {
    const answers = Array.from({ length: 5 }, () => zohoError(status as number, code as string));
    const { client } = givenClient(answers);

    let thrown: unknown;
    try { client.request({ method: 'get', path: '/crm/v8/Leads' }); } catch (e) { thrown = e; }

    expect(thrown).toBeInstanceOf(type);
    expect((thrown as { userMessage: string }).userMessage).toMatch(message as RegExp);
  });

  it('says when credits come back, without retrying, when the daily credits are used up', () => {
    const { http, client } = givenClient([zohoError(429, 'TOO_MANY_REQUESTS', 'You have exhausted the API credits for the day')]);

    let thrown: RateLimitedError | undefined;
    try { client.request({ method: 'get', path: '/crm/v8/Leads' }); } catch (e) { thrown = e as RateLimitedError; }

    expect(thrown?.userMessage).toMatch(/come back over the next 24 hours/);
    expect(http.requests).toHaveLength(1);
  });
});

describe('ZohoMetadata', () => {
  it('reads modules once and serves the second request from the cache', () => {
    const modules = { modules: [{ api_name: 'Leads', plural_label: 'Leads', api_supported: true }, { api_name: 'Home', plural_label: 'Home', api_supported: false }] };
    const { http, client } = givenClient([json(200, modules)]);
    const metadata = new ZohoMetadata(client, new MemoryCache(), 'conn-1');

    const first = metadata.modules();
    const second = metadata.modules();

    expect(first.map((m) => m.api_name)).toEqual(['Leads']);
    expect(second).toEqual(first);
    expect(http.requests).toHaveLength(1);
  });

  it('keeps one connection\'s metadata away from the next connection', () => {
    const cache = new MemoryCache();
    const { client } = givenClient([json(200, { org: [{ id: '1', time_zone: 'Europe/Berlin' }] }), json(200, { org: [{ id: '2', time_zone: 'America/Chicago' }] })]);

    new ZohoMetadata(client, cache, 'conn-1').org();
    const org = new ZohoMetadata(client, cache, 'conn-2').org();

    expect(org.time_zone).toBe('America/Chicago');
  });
});

describe('ZohoClient.prefetch: independent reads in parallel', () => {
  const read = (path: string) => ({ method: 'get' as const, path, query: { fields: 'Last_Name' } });
  const page = (id: string) => json(200, { data: [{ id }], info: { more_records: false } });

  it('reads ahead in one round and answers the later requests without calling Zoho again', () => {
    const { http, client } = givenClient([page('L'), page('C'), page('D')]);

    const rounds = client.prefetch([read('/crm/v8/Leads'), read('/crm/v8/Contacts'), read('/crm/v8/Deals')]);
    const answers = ['/crm/v8/Deals', '/crm/v8/Leads', '/crm/v8/Contacts'].map((p) => client.request<{ data: Array<{ id: string }> }>(read(p)).data!.data[0]!.id);

    expect(rounds).toBe(1);
    expect(http.batches).toEqual([3]);
    expect(answers).toEqual(['D', 'L', 'C']);
    expect(http.requests).toHaveLength(3);
  });

  it('keeps one slot of Zoho\'s smallest concurrency limit free: at most 4 in flight', () => {
    const { http, client } = givenClient(Array.from({ length: 6 }, (_, i) => page(String(i))));

    const rounds = client.prefetch(Array.from({ length: 6 }, (_, i) => read(`/crm/v8/M${i}`)));

    expect(rounds).toBe(2);
    expect(http.batches).toEqual([4, 2]);
  });

  it('repeats only the member Zoho refused with a 429, when its turn comes, after backing off', () => {
    const { http, clock, client } = givenClient([page('L'), zohoError(429, 'TOO_MANY_REQUESTS'), page('D'), page('C again')]);

    client.prefetch([read('/crm/v8/Leads'), read('/crm/v8/Contacts'), read('/crm/v8/Deals')]);
    const contacts = client.request<{ data: Array<{ id: string }> }>(read('/crm/v8/Contacts'));
    client.request(read('/crm/v8/Leads'));
    client.request(read('/crm/v8/Deals'));

    expect(contacts.data!.data[0]!.id).toBe('C again');
    expect(http.requests.map((r) => r.url.replace(/\?.*/, ''))).toEqual([
      'https://www.zohoapis.eu/crm/v8/Leads', 'https://www.zohoapis.eu/crm/v8/Contacts', 'https://www.zohoapis.eu/crm/v8/Deals',
      'https://www.zohoapis.eu/crm/v8/Contacts',
    ]);
    expect(clock.sleeps).toHaveLength(1);
  });

  it('refreshes an expired token once for the whole batch, not once per member', () => {
    const { http, tokens, client } = givenClient([zohoError(401, 'INVALID_TOKEN'), zohoError(401, 'INVALID_TOKEN'), page('D'), page('L'), page('C')]);

    client.prefetch([read('/crm/v8/Leads'), read('/crm/v8/Contacts'), read('/crm/v8/Deals')]);
    const ids = ['/crm/v8/Leads', '/crm/v8/Contacts', '/crm/v8/Deals'].map((p) => client.request<{ data: Array<{ id: string }> }>(read(p)).data!.data[0]!.id);

    expect(ids).toEqual(['L', 'C', 'D']);
    expect(tokens.refreshes).toBe(1);
    expect(http.batches).toEqual([3, 2]);
    expect(http.requests.slice(3).map((r) => r.headers!.Authorization)).toEqual(['Zoho-oauthtoken AT-2', 'Zoho-oauthtoken AT-2']);
  });

  it('keeps nothing from a batch with a dropped member: each read is made again in turn, with its retries', () => {
    const { http, client } = givenClient([page('L'), new Error('Address unavailable'), page('L2'), page('C2')]);

    client.prefetch([read('/crm/v8/Leads'), read('/crm/v8/Contacts')]);
    const ids = ['/crm/v8/Leads', '/crm/v8/Contacts'].map((p) => client.request<{ data: Array<{ id: string }> }>(read(p)).data!.data[0]!.id);

    expect(ids).toEqual(['L2', 'C2']);
    expect(http.requests).toHaveLength(4);
  });

  it('keeps no read-ahead answer that is Zoho\'s error body behind a 200: that read is made again in turn', () => {
    const { http, client } = givenClient([zohoError(200, 'INTERNAL_ERROR'), page('C'), page('L2')]);

    client.prefetch([read('/crm/v8/Leads'), read('/crm/v8/Contacts')]);
    const lead = client.request<{ data: Array<{ id: string }> }>(read('/crm/v8/Leads')).data!.data[0]!.id;

    expect(lead).toBe('L2');
    expect(http.requests).toHaveLength(3);
  });

  it('never sends a write ahead of its turn', () => {
    const { http, client } = givenClient([page('L'), page('C')]);

    client.prefetch([read('/crm/v8/Leads'), { method: 'post', path: '/crm/v8/Leads', body: { data: [{ Last_Name: 'X' }] } }, read('/crm/v8/Contacts')]);

    expect(http.requests.map((r) => r.method)).toEqual(['get', 'get']);
  });

  it('sends a read listed twice once, and answers both askers with it', () => {
    const { http, client } = givenClient([page('L'), page('C'), page('L again')]);

    client.prefetch([read('/crm/v8/Leads'), read('/crm/v8/Contacts'), read('/crm/v8/Leads')]);
    const answers = [1, 2, 3].map(() => client.request<{ data: Array<{ id: string }> }>(read('/crm/v8/Leads')).data!.data[0]!.id);

    expect(answers).toEqual(['L', 'L', 'L again']);
    expect(http.batches).toEqual([2]);
  });

  it('takes every answer of one batch as of its earliest Date, so sheets read together keep one watermark', () => {
    const dated = (id: string, date: string) => json(200, { data: [{ id }], info: { more_records: false } }, { Date: date });
    const { client } = givenClient([dated('L', 'Thu, 15 Jan 2026 09:00:01 GMT'), dated('C', 'Thu, 15 Jan 2026 09:00:00 GMT'), dated('D', 'Thu, 15 Jan 2026 09:00:02 GMT')]);

    client.prefetch([read('/crm/v8/Leads'), read('/crm/v8/Contacts'), read('/crm/v8/Deals')]);
    const dates = ['/crm/v8/Leads', '/crm/v8/Contacts', '/crm/v8/Deals'].map((p) => client.request(read(p)).headers.Date);

    expect(dates).toEqual(Array(3).fill('Thu, 15 Jan 2026 09:00:00 GMT'));
  });

  it('takes a read-ahead answer once: asking again calls Zoho', () => {
    const { http, client } = givenClient([page('L'), page('C'), page('L again')]);

    client.prefetch([read('/crm/v8/Leads'), read('/crm/v8/Contacts')]);
    client.request(read('/crm/v8/Leads'));
    const again = client.request<{ data: Array<{ id: string }> }>(read('/crm/v8/Leads'));

    expect(again.data!.data[0]!.id).toBe('L again');
    expect(http.requests).toHaveLength(3);
  });
});
