// LockService (§1.6): two executions contend for the same lock. Execution A takes the user lock
// and, while holding it, a second execution B runs (started from a dev hook inside A), as a
// scheduled sync would overlap a click on "Sync now".
import type { AppsScriptRuntime, ExecutionResult } from '../../emulators/apps-script/runtime';
import { closeRuntimes, givenDeterministicRuntime, OWNER, REP } from '../helpers/runtime-scenarios';

afterEach(closeRuntimes);

const HELPERS = `
  function holdUserLockWhile(other) { var lock = LockService.getUserLock(); lock.waitLock(1000); __runOther(other); return lock.hasLock(); }
  function tryUserLock() { return LockService.getUserLock().tryLock(5000); }
  function waitUserLock() { LockService.getUserLock().waitLock(10000); return 'got it'; }
  function twoLockObjects() { var a = LockService.getUserLock(); a.waitLock(100); return LockService.getUserLock().tryLock(100); }
`;

function givenContention(user = OWNER): { runtime: AppsScriptRuntime; inner: () => ExecutionResult | undefined } {
  let inner: ExecutionResult | undefined;
  const world = givenDeterministicRuntime({
    extraCode: [HELPERS],
    devGlobals: { __runOther: (fn: string) => { inner = world.runtime.run(fn, [], { user }); } },
  });
  return { runtime: world.runtime, inner: () => inner };
}

describe('LockService', () => {
  it('makes waitLock in a second execution time out with Apps Script\'s message while the first holds the lock', () => {
    const { runtime, inner } = givenContention();

    const outer = runtime.run('holdUserLockWhile', ['waitUserLock']);

    expect(outer.value).toBe(true);
    expect(inner()!.ok).toBe(false);
    expect(inner()!.error).toMatchObject({ name: 'Exception', message: 'Lock timeout: another process was holding the lock for too long.' });
    expect(inner()!.elapsedMs).toBe(10_000);
    expect(inner()!.counters.lockWaits).toBe(1);
  });

  it('makes tryLock return false in the second execution', () => {
    const { runtime, inner } = givenContention();

    runtime.run('holdUserLockWhile', ['tryUserLock']);

    expect(inner()!.value).toBe(false);
  });

  it('does not block another user on a user lock', () => {
    const { runtime, inner } = givenContention(REP);

    runtime.run('holdUserLockWhile', ['tryUserLock']);

    expect(inner()!.value).toBe(true);
  });

  it('releases the lock when the execution ends', () => {
    const { runtime } = givenContention();
    runtime.run('holdUserLockWhile', ['tryUserLock']);

    const later = runtime.run('tryUserLock');

    expect(later.value).toBe(true);
  });

  it('gives the lock to a waiter when a simulated holder releases within the wait', () => {
    const { runtime } = givenContention();
    runtime.holdLock('user', { user: OWNER }, 4000);

    const waited = runtime.run('waitUserLock');

    expect(waited.value).toBe('got it');
    expect(waited.elapsedMs).toBe(4000);
  });

  it('treats a second Lock object of the same lock in one execution as another holder', () => {
    const { runtime } = givenContention();

    const result = runtime.run('twoLockObjects');

    expect(result.value).toBe(false);
  });
});
