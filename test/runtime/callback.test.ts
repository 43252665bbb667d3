// /usercallback (§2.5, §3.10): state tokens bound to script, user and expiry; a bad state never
// reaches the script; a good one calls the named global with query and state arguments merged.
import { closeRuntimes, givenDeterministicRuntime, OWNER, REP } from '../helpers/runtime-scenarios';

afterEach(closeRuntimes);

const PROJECT = `
  function makeState(timeout) {
    var b = ScriptApp.newStateToken().withMethod('echoCallback').withArgument('serviceName', 'zoho').withArgument('code', 'from-state');
    if (timeout) b.withTimeout(timeout);
    return b.createToken();
  }
  function echoCallback(e) {
    return HtmlService.createHtmlOutput(JSON.stringify({ parameter: e.parameter, active: SpreadsheetApp.getActiveSpreadsheet(), user: Session.getActiveUser().getEmail() }));
  }
`;

function givenCallback(timeout?: number) {
  const { runtime } = givenDeterministicRuntime({ extraCode: [PROJECT] });
  const state = runtime.run<string>('makeState', [timeout]).value!;
  const url = (s: string, user = OWNER) => runtime.handleUserCallback(
    `https://script.google.com/macros/d/${runtime.scriptId}/usercallback?state=${encodeURIComponent(s)}&code=from-query&location=eu`, user);
  return { runtime, state, url };
}

describe('handleUserCallback', () => {
  it('calls the state\'s function as the user, without a document, with query and state arguments merged', () => {
    const { state, url } = givenCallback(3600);

    const page = url(state);

    expect(page.status).toBe(200);
    const body = JSON.parse(page.html);
    expect(body).toEqual({
      parameter: { state, code: 'from-state', location: 'eu', serviceName: 'zoho' }, active: null, user: OWNER,
    });
  });

  it('refuses a tampered state without running the script', () => {
    const { state, url } = givenCallback();

    const page = url(`${state.slice(0, -4)}AAAA`);

    expect(page.status).toBe(400);
    expect(page.result).toBeUndefined();
    expect(page.html).toContain('The state token is invalid or has expired.');
  });

  it('refuses a state made for another user', () => {
    const { state, url } = givenCallback();

    expect(url(state, REP).result).toBeUndefined();
  });

  it('refuses a state past its timeout (60 s by default)', () => {
    const { runtime, state, url } = givenCallback();

    runtime.clock.advance(61_000);

    expect(url(state).status).toBe(400);
  });

  it('refuses a state timeout over an hour', () => {
    const { runtime } = givenDeterministicRuntime({ extraCode: [PROJECT] });

    expect(runtime.run('makeState', [3601]).ok).toBe(false);
  });
});
