// An execution the platform ends right after a UrlFetch call has come back (§1.1: the time
// limit, a quota or a server fault can end a run at any moment): the server got the request, the
// script never sees the answer, the run fails as at the time limit and earlier writes stay.
import { closeRuntimes, givenDeterministicRuntime } from '../helpers/runtime-scenarios';
import { startTestServer, type TestServer } from '../helpers/runtime-servers';

let server: TestServer;
beforeAll(async () => { server = await startTestServer(); });
afterAll(async () => { await server.stop(); });
beforeEach(async () => { await server.reset(); });
afterEach(closeRuntimes);

/** A script that, three times over, fetches /echo?i=<n> and then records n in A<n> and a property. */
const FETCH_AND_RECORD = `
  function fetchAndRecord() {
    var sheet = SpreadsheetApp.getActive().getSheets()[0];
    for (var i = 1; i <= 3; i++) {
      var answer = UrlFetchApp.fetch(SERVER + '/echo?i=' + i).getResponseCode();
      sheet.getRange(i, 1).setValue('seen ' + i + ': ' + answer);
      PropertiesService.getDocumentProperties().setProperty('last', String(i));
    }
    return 'done';
  }`;

function givenRecordingScript() {
  return givenDeterministicRuntime({ urlFetchAllowlistExtra: ['http://127.0.0.1:'], extraCode: [`var SERVER = '${server.url}';${FETCH_AND_RECORD}`] });
}

const pathsReceived = async () => (await server.requests()).map((r) => r.path);

describe('killAfterUrlFetch', () => {
  it('ends the run once the nth call has reached the server, keeping what was written before', async () => {
    const { runtime, spreadsheetId } = givenRecordingScript();

    const result = runtime.run('fetchAndRecord', [], { spreadsheetId, killAfterUrlFetch: { nth: 2 } });

    expect(result.ok).toBe(false);
    expect(result.error).toEqual({ name: 'Exception', message: 'Exceeded maximum execution time' });
    expect(result.killed).toEqual({ by: 'killAfterUrlFetch', message: 'Exceeded maximum execution time', request: `GET ${server.url}/echo?i=2` });
    expect(await pathsReceived()).toEqual(['/echo?i=1', '/echo?i=2']);
    expect(runtime.getSpreadsheet(spreadsheetId)!.sheets[0]!.getValues('A1:A3')).toEqual([['seen 1: 200'], [''], ['']]);
    expect(runtime.properties.document(spreadsheetId)).toEqual({ last: '1' });
    expect(result.counters.urlfetchCalls).toBe(2);
  });

  it('cannot be caught: the script\'s catch block can no longer write anything', async () => {
    const { runtime, spreadsheetId } = givenRecordingScript();

    const result = runtime.evaluate(`
      var sheet = SpreadsheetApp.getActive().getSheets()[0];
      try { UrlFetchApp.fetch(SERVER + '/echo'); sheet.getRange('A1').setValue('saw the answer'); }
      catch (e) { try { sheet.getRange('A2').setValue('caught: ' + e.message); } catch (again) { 'swallowed'; } }
      'finished normally'`, { spreadsheetId, killAfterUrlFetch: {} });

    expect(result.ok).toBe(false);
    expect(result.error!.message).toBe('Exceeded maximum execution time');
    expect(result.value).toBeUndefined();
    expect(runtime.getSpreadsheet(spreadsheetId)!.sheets[0]!.getValues('A1:A2')).toEqual([[''], ['']]);
    expect(await pathsReceived()).toEqual(['/echo']);
  });

  it('counts only the calls whose method and URL match', async () => {
    const { runtime } = givenRecordingScript();

    const result = runtime.evaluate(`
      UrlFetchApp.fetch(SERVER + '/echo?step=read');
      UrlFetchApp.fetch(SERVER + '/echo?step=write', { method: 'post', payload: 'a' });
      UrlFetchApp.fetch(SERVER + '/echo?step=read-again');
      UrlFetchApp.fetch(SERVER + '/echo?step=write-again', { method: 'post', payload: 'b' });
      UrlFetchApp.fetch(SERVER + '/echo?step=never')`, { killAfterUrlFetch: { match: /^POST .*\/echo\b/g, nth: 2 } });

    expect(result.killed?.request).toBe(`POST ${server.url}/echo?step=write-again`);
    expect(await pathsReceived()).toEqual(['/echo?step=read', '/echo?step=write', '/echo?step=read-again', '/echo?step=write-again']);
  });

  it('matches a plain string anywhere in "METHOD url"', async () => {
    const { runtime } = givenRecordingScript();

    const result = runtime.evaluate(`UrlFetchApp.fetch(SERVER + '/echo?a'); UrlFetchApp.fetch(SERVER + '/status/201'); UrlFetchApp.fetch(SERVER + '/echo?b')`,
      { killAfterUrlFetch: { match: `GET ${server.url}/status/` } });

    expect(result.killed?.request).toBe(`GET ${server.url}/status/201`);
    expect(await pathsReceived()).toEqual(['/echo?a', '/status/201']);
  });

  it('lets a whole fetchAll batch reach the server before the kill', async () => {
    const { runtime } = givenRecordingScript();

    const result = runtime.evaluate(`UrlFetchApp.fetchAll([SERVER + '/echo?n=1', SERVER + '/echo?n=2', SERVER + '/echo?n=3']).length`,
      { killAfterUrlFetch: { match: 'n=2' } });

    expect(result.error!.message).toBe('Exceeded maximum execution time');
    expect((await pathsReceived()).sort()).toEqual(['/echo?n=1', '/echo?n=2', '/echo?n=3']);
    expect(result.counters.urlfetchCalls).toBe(3);
  });

  it('applies to google.script.run calls, with the message given', () => {
    const { runtime, spreadsheetId } = givenRecordingScript();

    const result = runtime.rpc('fetchAndRecord', [], { spreadsheetId, killAfterUrlFetch: { nth: 1, message: 'We\'re sorry, a server error occurred. Please wait a bit and try again.' } });

    expect(result.error).toEqual({ name: 'Exception', message: 'We\'re sorry, a server error occurred. Please wait a bit and try again.' });
    expect(result.killed?.by).toBe('killAfterUrlFetch');
    expect(runtime.getSpreadsheet(spreadsheetId)!.sheets[0]!.getValues('A1')).toEqual([['']]);
  });

  it('leaves a run that never makes the nth call alone, and the next run unarmed', () => {
    const { runtime, spreadsheetId } = givenRecordingScript();

    const spared = runtime.run('fetchAndRecord', [], { spreadsheetId, killAfterUrlFetch: { nth: 4 } });
    const next = runtime.run('fetchAndRecord', [], { spreadsheetId });

    expect(spared).toMatchObject({ ok: true, value: 'done' });
    expect(spared.killed).toBeUndefined();
    expect(next).toMatchObject({ ok: true, value: 'done' });
  });

  it('reports the time limit the same way', () => {
    const { runtime } = givenDeterministicRuntime({ executionLimitMs: 1000 });

    const result = runtime.evaluate(`Utilities.sleep(1001); Logger.log('after')`);

    expect(result.killed).toEqual({ by: 'executionLimit', message: 'Exceeded maximum execution time' });
  });
});
