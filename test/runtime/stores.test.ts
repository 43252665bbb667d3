// PropertiesService and CacheService against §1.4 and §1.5: size limits with Apps Script's
// messages, per-user isolation, no document store without a document, AuthMode.NONE refused,
// cache TTLs on the virtual clock.
import { closeRuntimes, givenDeterministicRuntime, givenRuntime, OWNER, REP } from '../helpers/runtime-scenarios';

afterEach(closeRuntimes);

describe('PropertiesService', () => {
  it('refuses a value over 9 KB and accepts one at 9 KB', () => {
    const { runtime } = givenRuntime();

    const big = runtime.evaluate(`PropertiesService.getUserProperties().setProperty('k', new Array(9 * 1024 + 2).join('x'))`);
    const fits = runtime.evaluate(`PropertiesService.getUserProperties().setProperty('k', new Array(9 * 1024 + 1).join('x')); 'ok'`);

    expect(big.error).toMatchObject({ name: 'Exception', message: 'Argument too large: value' });
    expect(fits.value).toBe('ok');
  });

  it('refuses to store more than 500 KB in one store, keeping what was there', () => {
    const { runtime } = givenRuntime();

    const result = runtime.evaluate(`
      var p = PropertiesService.getScriptProperties(); var v = new Array(8 * 1024).join('x');
      for (var i = 0; i < 70; i++) p.setProperty('key' + i, v);`);

    expect(result.error!.message).toBe('You have exceeded the property storage quota. Please remove some properties and try again.');
    expect(Object.keys(runtime.properties.script())).toHaveLength(62);
  });

  it('keeps each user\'s properties apart and stores strings only', () => {
    const { runtime } = givenRuntime();

    runtime.evaluate(`PropertiesService.getUserProperties().setProperty('n', 42)`, { user: OWNER });
    const rep = runtime.evaluate(`PropertiesService.getUserProperties().getProperty('n')`, { user: REP });
    const owner = runtime.evaluate(`typeof PropertiesService.getUserProperties().getProperty('n')`, { user: OWNER });

    expect(rep.value).toBeNull();
    expect(owner.value).toBe('string');
    expect(runtime.properties.user(OWNER)).toEqual({ n: '42' });
  });

  it('has no document store without a document', () => {
    const { runtime, spreadsheetId } = givenRuntime();

    const without = runtime.evaluate(`PropertiesService.getDocumentProperties()`);
    const within = runtime.evaluate(`PropertiesService.getDocumentProperties().setProperty('a', 'b'); 'ok'`, { spreadsheetId });

    expect(without.value).toBeNull();
    expect(within.value).toBe('ok');
    expect(runtime.properties.document(spreadsheetId)).toEqual({ a: 'b' });
  });

  it('replaces all properties with setProperties(obj, true)', () => {
    const { runtime } = givenRuntime();
    runtime.properties.setUser(OWNER, 'old', '1');

    const result = runtime.evaluate(`var p = PropertiesService.getUserProperties(); p.setProperties({ a: 1, b: 'x' }, true); p.getKeys().sort()`);

    expect(result.value).toEqual(['a', 'b']);
  });

  it('is refused in AuthMode.NONE, as onOpen of a not-yet-enabled add-on sees it', () => {
    const { runtime, spreadsheetId } = givenRuntime();

    const result = runtime.evaluate(`PropertiesService.getUserProperties()`, { spreadsheetId, authMode: 'NONE' });
    const limited = runtime.evaluate(`PropertiesService.getUserProperties().getKeys()`, { spreadsheetId, authMode: 'LIMITED' });

    expect(result.error!.message).toBe('You do not have permission to call PropertiesService.getUserProperties');
    expect(limited.ok).toBe(true);
  });
});

describe('CacheService', () => {
  it('refuses a value over 100 KB', () => {
    const { runtime } = givenRuntime();

    const result = runtime.evaluate(`CacheService.getUserCache().put('k', new Array(100 * 1024 + 2).join('x'))`);

    expect(result.error!.message).toBe('Argument too large: value');
  });

  it('refuses a key over 250 characters', () => {
    const { runtime } = givenRuntime();

    const result = runtime.evaluate(`CacheService.getScriptCache().put(new Array(252).join('k'), 'v')`);

    expect(result.ok).toBe(false);
  });

  it('keeps values across executions until the TTL passes on the virtual clock', () => {
    const { runtime } = givenDeterministicRuntime();
    runtime.evaluate(`CacheService.getUserCache().put('a', '1', 60); CacheService.getUserCache().put('b', '2')`);

    runtime.clock.advance(59_000);
    const before = runtime.evaluate(`CacheService.getUserCache().getAll(['a', 'b', 'c'])`);
    runtime.clock.advance(1_000);
    const after = runtime.evaluate(`[CacheService.getUserCache().get('a'), CacheService.getUserCache().get('b')]`);
    runtime.clock.advance(540_000);
    const later = runtime.evaluate(`CacheService.getUserCache().get('b')`);

    expect(before.value).toEqual({ a: '1', b: '2' });
    expect(after.value).toEqual([null, '2']);
    expect(later.value).toBeNull();
  });

  it('caps the TTL at 6 hours', () => {
    const { runtime } = givenDeterministicRuntime();
    runtime.evaluate(`CacheService.getScriptCache().put('a', '1', 100000)`);

    runtime.clock.advance(21_600_000);

    expect(runtime.caches.script()).toEqual({});
  });

  it('keeps about 900 entries furthest from expiry past 1,000 items', () => {
    const { runtime } = givenDeterministicRuntime();

    runtime.evaluate(`var c = CacheService.getScriptCache(); for (var i = 0; i < 1001; i++) c.put('k' + i, 'v', 1000 + i);`);

    const keys = Object.keys(runtime.caches.script());
    expect(keys).toHaveLength(900);
    expect(keys).toContain('k1000');
    expect(keys).not.toContain('k0');
  });
});
