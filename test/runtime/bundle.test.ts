// Loading the real dist/Code.js: the add-on menu in every auth mode, the sidebar, the globals
// Apps Script's V8 lacks, the virtual Date, and google.script.run's rules.
import { closeRuntimes, givenDeterministicRuntime, givenRuntime, OWNER } from '../helpers/runtime-scenarios';

afterEach(closeRuntimes);

describe('the bundle in the runtime', () => {
  it.each(['NONE', 'LIMITED', 'FULL'] as const)('builds the add-on menu from onOpen in AuthMode.%s', (authMode) => {
    const { runtime, spreadsheetId } = givenRuntime();

    const result = runtime.run('onOpen', [{ authMode }], { spreadsheetId, authMode });

    expect(result.ok).toBe(true);
    expect(result.ui.menus).toHaveLength(1);
    const menu = result.ui.menus[0]!;
    expect(menu.addon).toBe(true);
    const items = menu.items.filter((i) => !i.separator);
    expect(items.map((i) => i.functionName)).toContain('showSidebar');
    const handlers = items.map((i) => i.functionName!);
    const globals = runtime.evaluate<string[]>(`${JSON.stringify(handlers)}.filter(function (n) { return typeof globalThis[n] === 'function'; })`, { spreadsheetId });
    expect(globals.value).toEqual(handlers);
  });

  it('shows the bundled sidebar with its title from the menu item', () => {
    const { runtime, spreadsheetId } = givenRuntime();

    const result = runtime.run('showSidebar', [], { spreadsheetId });

    expect(result.ok).toBe(true);
    expect(result.ui.sidebars).toHaveLength(1);
    expect(result.ui.sidebars[0]!.html).toContain('<');
    expect(result.ui.sidebars[0]!.title).not.toBe('');
  });

  it('has none of the globals Apps Script V8 lacks', () => {
    const { runtime } = givenRuntime();
    const names = ['URL', 'URLSearchParams', 'TextEncoder', 'TextDecoder', 'fetch', 'setTimeout', 'setInterval', 'clearTimeout',
      'clearInterval', 'atob', 'btoa', 'crypto', 'structuredClone', 'queueMicrotask', 'Buffer', 'process', 'require',
      'performance', 'navigator', 'window', 'FormData', 'Blob', 'File', 'ReadableStream', 'WritableStream', 'DOMException'];

    const result = runtime.evaluate<string[]>(`${JSON.stringify(names)}.filter(function (n) { return typeof globalThis[n] !== 'undefined'; })`);

    expect(result.value).toEqual([]);
  });

  it('reads the virtual clock through Date, and Dates from services are Dates of the script', () => {
    const { runtime, spreadsheetId } = givenDeterministicRuntime({ startTime: Date.parse('2026-03-01T10:00:00Z') });

    const result = runtime.evaluate<unknown[]>(`
      var cell = SpreadsheetApp.getActive().getSheets()[0].getRange('A1').setValue(new Date());
      [new Date().toISOString(), Date.now(), cell.getValue() instanceof Date, typeof Date()]`, { spreadsheetId });

    expect(result.value).toEqual(['2026-03-01T10:00:00.000Z', Date.parse('2026-03-01T10:00:00Z'), true, 'string']);
  });

  it('runs promise callbacks inside the execution', () => {
    const { runtime } = givenRuntime();

    const result = runtime.evaluate(`var seen = []; Promise.resolve(1).then(function (v) { seen.push(v); Logger.log('then ' + v); }); 'sync'`);

    expect(result.logs).toEqual(['then 1']);
  });

  it('refuses google.script.run calls to private or unknown functions', () => {
    const { runtime, spreadsheetId } = givenRuntime({ extraCode: ['function helper_() { return 1; }'] });

    const priv = runtime.rpc('helper_', [], { spreadsheetId });
    const unknown = runtime.rpc('noSuchFunction', [], { spreadsheetId });

    expect(priv.ok).toBe(false);
    expect(priv.error!.message).toBe('Script function not found: helper_');
    expect(unknown.error!.message).toBe('Script function not found: noSuchFunction');
  });

  it('turns a Date in an RPC result into null and refuses a Date argument', () => {
    const { runtime, spreadsheetId } = givenRuntime({
      extraCode: ['function withDate(x) { return { when: new Date(), list: [new Date(), 1, undefined], x: x }; }'],
    });

    const result = runtime.rpc('withDate', [{ a: 1 }], { spreadsheetId });
    const refused = runtime.rpc('withDate', [new Date()], { spreadsheetId });

    expect(result.value).toEqual({ when: null, list: [null, 1, null], x: { a: 1 } });
    expect(refused.ok).toBe(false);
  });

  it('captures Logger and console output', () => {
    const { runtime } = givenRuntime();

    const result = runtime.evaluate(`Logger.log('a %s', 'b'); console.log({ x: 1 }); console.error('bad'); Session.getActiveUser().getEmail()`);

    expect(result.logs).toEqual(['a b', '{ x: 1 }', 'ERROR: bad']);
    expect(result.value).toBe(OWNER);
  });
});

describe('HtmlService', () => {
  it('evaluates templates with escaped, raw and code scriptlets', () => {
    const { runtime } = givenRuntime();

    const result = runtime.evaluate(`
      var t = HtmlService.createTemplate('<p><?= name ?></p><?!= raw ?><? for (var i = 0; i < 2; i++) { ?>[<?= i ?>]<? } ?>');
      t.name = '<b>&'; t.raw = '<i>ok</i>';
      t.evaluate().setTitle('T').getContent()`);

    expect(result.value).toBe('<p>&lt;b&gt;&amp;</p><i>ok</i>[0][1]');
  });

  it('fails for a file that is not in dist/', () => {
    const { runtime } = givenRuntime();

    const result = runtime.evaluate(`HtmlService.createHtmlOutputFromFile('Nope')`);

    expect(result.error!.message).toBe('No HTML file named Nope was found.');
  });
});
