// LockService with real mutual exclusion between executions of one runtime. The lock table lives
// in the runtime; a holder is either a live execution (released when it ends) or a simulated
// "other execution" from `runtime.holdLock()` that releases at a virtual time. Executions are
// synchronous, so a waiter cannot see a live holder let go: waitLock(ms) advances the virtual clock
// by ms and throws (§1.6), unless the holder is simulated and releases within the wait.

import { GasError } from '../execution';
import type { ServiceEnv } from '../env';
import { MESSAGES } from '../limits';
import { GasObject } from '../realm';

export interface LockHolder {
  /** The execution holding it, or null for a simulated holder. */
  executionId: number | null;
  /** The Lock object that acquired it (hasLock is per object). */
  lockObjectId: number;
  /** Virtual time at which a simulated holder releases (Infinity: until released by hand). */
  releasesAt: number;
}

export class LockTable {
  private readonly holders = new Map<string, LockHolder>();
  private readonly live = new Set<number>();
  private nextObjectId = 1;

  newObjectId(): number { return this.nextObjectId++; }
  executionStarted(id: number): void { this.live.add(id); }

  /** Releases everything an execution held (Apps Script does this when an execution ends). */
  executionEnded(id: number): void {
    this.live.delete(id);
    for (const [k, h] of this.holders) if (h.executionId === id) this.holders.delete(k);
  }

  /** The current holder of a lock, after dropping expired simulated holders. */
  holder(key: string, nowMs: number): LockHolder | undefined {
    const h = this.holders.get(key);
    if (!h) return undefined;
    if ((h.executionId === null && h.releasesAt <= nowMs) || (h.executionId !== null && !this.live.has(h.executionId))) {
      this.holders.delete(key);
      return undefined;
    }
    return h;
  }

  acquire(key: string, holder: LockHolder): void { this.holders.set(key, holder); }

  release(key: string, lockObjectId: number): void {
    if (this.holders.get(key)?.lockObjectId === lockObjectId) this.holders.delete(key);
  }

  /** Keys currently held (tests and save files can show them). */
  heldKeys(nowMs: number): string[] {
    return [...this.holders.keys()].filter((k) => this.holder(k, nowMs));
  }
}

export function lockKey(kind: 'script' | 'user' | 'document', scope: { user?: string; spreadsheetId?: string }): string {
  if (kind === 'script') return 'script';
  if (kind === 'user') return `user:${scope.user ?? ''}`;
  return `document:${scope.spreadsheetId ?? ''}`;
}

export class LockServiceImpl extends GasObject {
  constructor(readonly _env: ServiceEnv) { super(_env.ex); }
  _kind() { return 'LockService'; }
  getScriptLock(): Lock { return new Lock(this._env, lockKey('script', {})); }
  getUserLock(): Lock { return new Lock(this._env, lockKey('user', { user: this._env.ex.user })); }
  getDocumentLock(): Lock | null {
    const id = this._env.activeSpreadsheetId;
    return id ? new Lock(this._env, lockKey('document', { spreadsheetId: id })) : null;
  }
}

export class Lock extends GasObject {
  readonly _objectId: number;
  constructor(readonly _env: ServiceEnv, readonly _key: string) {
    super(_env.ex);
    this._objectId = _env.locks.newObjectId();
  }
  _kind() { return 'Lock'; }

  hasLock(): boolean {
    const h = this._env.locks.holder(this._key, this._ex.clock.now());
    return !!h && h.executionId === this._ex.id && h.lockObjectId === this._objectId;
  }
  tryLock(timeoutInMillis: number): boolean { return this._acquire(Number(timeoutInMillis) || 0); }
  waitLock(timeoutInMillis: number): void {
    if (!this._acquire(Number(timeoutInMillis) || 0)) throw new GasError(MESSAGES.lockTimeout);
  }
  releaseLock(): void {
    this._ex.charge(this._ex.latency.lockCallMs);
    this._env.locks.release(this._key, this._objectId);
  }

  private _acquire(timeoutMs: number): boolean {
    const ex = this._ex; const locks = this._env.locks;
    ex.charge(ex.latency.lockCallMs);
    if (this.hasLock()) return true;
    let h = locks.holder(this._key, ex.clock.now());
    if (h && h.executionId === ex.id && this._env.opts.reentrantLocksInExecution) h = undefined;
    if (h) {
      ex.counters.lockWaits++;
      const waitMs = h.executionId === null && h.releasesAt - ex.clock.now() <= timeoutMs ? h.releasesAt - ex.clock.now() : timeoutMs;
      ex.counters.lockWaitMs += waitMs;
      ex.charge(waitMs);
      if (locks.holder(this._key, ex.clock.now())) return false;
    }
    locks.acquire(this._key, { executionId: ex.id, lockObjectId: this._objectId, releasesAt: Infinity });
    return true;
  }
}
