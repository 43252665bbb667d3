// UrlFetchApp over real HTTP to a server in a child process (§1.3, §5.3): payload encoding,
// mute semantics and the exception text, redirects, fetchAll, the allowlist, counters.
import { closeRuntimes, givenRuntime } from '../helpers/runtime-scenarios';
import { startTestServer, type TestServer } from '../helpers/runtime-servers';

let server: TestServer;
beforeAll(async () => { server = await startTestServer(); });
afterAll(async () => { await server.stop(); });
afterEach(closeRuntimes);

const local = () => givenRuntime({ urlFetchAllowlistExtra: ['http://127.0.0.1:'] }).runtime;
const echoOf = (code: string) => `JSON.parse(${code}.getContentText())`;

describe('UrlFetchApp', () => {
  it('sends an object payload as a form, with the default method get switched to post', () => {
    const runtime = local();

    const result = runtime.evaluate<Record<string, unknown>>(echoOf(`UrlFetchApp.fetch('${server.url}/echo', { method: 'post', payload: { a: 'x y', b: 'é&=', c: undefined } })`));

    expect(result.value).toMatchObject({ method: 'POST', body: 'a=x%20y&b=%C3%A9%26%3D&c=undefined' });
    expect((result.value!.headers as Record<string, string>)['content-type']).toBe('application/x-www-form-urlencoded');
    expect((result.value!.headers as Record<string, string>)['user-agent']).toMatch(/Google-Apps-Script/);
  });

  it('sends a string payload as is, with its content type', () => {
    const runtime = local();

    const result = runtime.evaluate<Record<string, unknown>>(echoOf(`UrlFetchApp.fetch('${server.url}/echo', { method: 'put', contentType: 'application/json', payload: JSON.stringify({ a: 1 }) })`));

    expect(result.value).toMatchObject({ method: 'PUT', body: '{"a":1}' });
    expect((result.value!.headers as Record<string, string>)['content-type']).toBe('application/json');
  });

  it('sends multipart when an object payload holds a Blob', () => {
    const runtime = local();

    const result = runtime.evaluate<Record<string, unknown>>(echoOf(`UrlFetchApp.fetch('${server.url}/echo', { method: 'post', payload: { file: Utilities.newBlob('hello', 'text/plain', 'h.txt'), note: 'n' } })`));

    expect((result.value!.headers as Record<string, string>)['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(result.value!.body).toContain('filename="h.txt"');
    expect(result.value!.body).toContain('hello');
  });

  it('throws for a 4xx unless muted, naming only the origin', () => {
    const runtime = local();

    const thrown = runtime.evaluate(`UrlFetchApp.fetch('${server.url}/status/404?body=missing')`);
    const muted = runtime.evaluate(`var r = UrlFetchApp.fetch('${server.url}/status/404?body=missing', { muteHttpExceptions: true }); [r.getResponseCode(), r.getContentText()]`);

    expect(thrown.error).toMatchObject({
      name: 'Exception',
      message: `Request failed for ${server.url} returned code 404. Truncated server response: missing (use muteHttpExceptions option to examine full response)`,
    });
    expect(muted.value).toEqual([404, 'missing']);
  });

  it('follows redirects by default and not when told', () => {
    const runtime = local();

    const followed = runtime.evaluate(`UrlFetchApp.fetch('${server.url}/redirect?to=/echo').getResponseCode()`);
    const kept = runtime.evaluate(`var r = UrlFetchApp.fetch('${server.url}/redirect?to=/echo', { followRedirects: false }); [r.getResponseCode(), r.getHeaders().Location]`);

    expect(followed.value).toBe(200);
    expect(kept.value).toEqual([302, '/echo']);
  });

  it('refuses a URL outside the manifest allowlist', () => {
    const { runtime } = givenRuntime();

    const result = runtime.evaluate(`UrlFetchApp.fetch('${server.url}/echo')`);

    expect(result.error!.message).toBe(`Request to ${server.url}/echo failed because the URL has not been whitelisted in the script manifest.`);
    expect(result.counters.urlfetchCalls).toBe(0);
  });

  it('is refused in AuthMode.LIMITED', () => {
    const runtime = local();
    const ss = runtime.createSpreadsheet();

    const result = runtime.evaluate(`UrlFetchApp.fetch('${server.url}/echo')`, { spreadsheetId: ss.id, authMode: 'LIMITED' });

    expect(result.ok).toBe(false);
  });

  it('throws for an unreachable host whatever muteHttpExceptions says', () => {
    const runtime = givenRuntime({ urlFetchAllowlistExtra: ['http://127.0.0.1:'] }).runtime;

    const result = runtime.evaluate(`UrlFetchApp.fetch('http://127.0.0.1:1/x', { muteHttpExceptions: true })`);

    expect(result.error!.message).toBe('Address unavailable: http://127.0.0.1:1/x');
  });

  it('runs fetchAll in parallel and answers in request order', () => {
    const runtime = local();

    const result = runtime.evaluate(`UrlFetchApp.fetchAll([
      { url: '${server.url}/slow?ms=300', muteHttpExceptions: true }, '${server.url}/echo', { url: '${server.url}/status/500', muteHttpExceptions: true }
    ]).map(function (r) { return r.getResponseCode(); })`);

    expect(result.value).toEqual([200, 200, 500]);
    expect(result.counters.urlfetchCalls).toBe(3);
    expect(result.counters.urlfetchRounds).toBe(1);
    expect(runtime.urlFetchCallsToday()).toBe(3);
  });

  it('counts each fetch as a round trip of its own', () => {
    const result = local().evaluate(`UrlFetchApp.fetch('${server.url}/echo'); UrlFetchApp.fetch('${server.url}/echo'); UrlFetchApp.fetchAll(['${server.url}/echo', '${server.url}/echo']).length`);

    expect(result.counters.urlfetchCalls).toBe(4);
    expect(result.counters.urlfetchRounds).toBe(3);
  });

  it('gives signed bytes, repeated headers and counts bytes', () => {
    const runtime = local();

    const result = runtime.evaluate<unknown[]>(`
      var r = UrlFetchApp.fetch('${server.url}/headers');
      [r.getContent(), r.getAllHeaders()['Set-Cookie'], r.getHeaders()['X-One'], r.getBlob().getDataAsString()]`);
    const big = runtime.evaluate(`UrlFetchApp.fetch('${server.url}/big?bytes=5000000').getContent().length`);

    expect(result.value).toEqual([[111, 107], ['a=1', 'b=2'], 'yes', 'ok']);
    expect(big.counters.urlfetchBytesReceived).toBe(5_000_000);
    expect(big.counters.modelledMs).toBeGreaterThanOrEqual(200 + 1000);
  });

  it('shows the request it would send without sending it', () => {
    const runtime = local();

    const result = runtime.evaluate(`UrlFetchApp.getRequest('${server.url}/echo', { method: 'post', payload: { a: 1 } })`);

    expect(result.value).toMatchObject({ method: 'post', payload: 'a=1', contentType: 'application/x-www-form-urlencoded' });
    expect(result.counters.urlfetchCalls).toBe(0);
  });
});
