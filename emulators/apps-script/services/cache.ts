// CacheService: script, user and document caches in the runtime state, expiring on the virtual
// clock. Limits from §1.5: 100 KB values, 250-char keys, TTL 1..21,600 s, ~1,000 items.

import { GasError } from '../execution';
import { requireMode, type ServiceEnv } from '../env';
import {
  CACHE_DEFAULT_TTL_SECONDS, CACHE_ITEMS_KEPT_ON_EVICTION, CACHE_MAX_ITEMS, CACHE_MAX_KEY_CHARS, CACHE_MAX_TTL_SECONDS,
  CACHE_MAX_VALUE_BYTES, MESSAGES,
} from '../limits';
import { GasObject } from '../realm';
import { storeFor, type CacheEntry, type StoreScope } from '../state';

export class CacheServiceImpl extends GasObject {
  constructor(readonly _env: ServiceEnv) { super(_env.ex); }
  _kind() { return 'CacheService'; }
  getScriptCache(): Cache { return this._cache('script', '', 'getScriptCache'); }
  getUserCache(): Cache { return this._cache('user', this._env.ex.user, 'getUserCache'); }
  getDocumentCache(): Cache | null {
    const id = this._env.activeSpreadsheetId;
    requireMode(this._env, 'CacheService.getDocumentCache', ['NONE']);
    return id ? this._cache('document', id, 'getDocumentCache') : null;
  }
  _cache(scope: StoreScope, owner: string, method: string): Cache {
    requireMode(this._env, `CacheService.${method}`, ['NONE']);
    return new Cache(this._env, scope, owner);
  }
}

export class Cache extends GasObject {
  constructor(readonly _env: ServiceEnv, readonly _scope: StoreScope, readonly _owner: string) { super(_env.ex); }
  _kind() { return 'Cache'; }
  get _map(): Record<string, CacheEntry> {
    const map = storeFor<Record<string, CacheEntry>>(this._env.state.caches, this._scope, this._owner, () => ({}));
    const now = this._ex.clock.now();
    for (const [k, e] of Object.entries(map)) if (e.expiresAt <= now) delete map[k];
    return map;
  }
  _op(put: boolean): void {
    if (put) this._ex.counters.cachePuts++; else this._ex.counters.cacheGets++;
    this._ex.charge(this._ex.latency.cacheCallMs);
  }
  _key(key: unknown): string {
    const k = String(key);
    if (k.length > CACHE_MAX_KEY_CHARS) throw new GasError(MESSAGES.cacheKeyTooLong);
    return k;
  }
  _store(key: string, value: unknown, ttl: number | undefined): void {
    const v = String(value);
    if (Buffer.byteLength(v, 'utf8') > CACHE_MAX_VALUE_BYTES) throw new GasError(MESSAGES.cacheValueTooLarge);
    const seconds = Math.min(Math.max(ttl === undefined ? CACHE_DEFAULT_TTL_SECONDS : Number(ttl), 1), CACHE_MAX_TTL_SECONDS);
    const map = this._map;
    map[key] = { value: v, expiresAt: this._ex.clock.now() + seconds * 1000 };
    const keys = Object.keys(map);
    if (keys.length > CACHE_MAX_ITEMS) {
      // §1.5: past ~1,000 items the cache keeps the 900 entries furthest from expiry.
      keys.sort((a, b) => map[b]!.expiresAt - map[a]!.expiresAt).slice(CACHE_ITEMS_KEPT_ON_EVICTION).forEach((k) => delete map[k]);
    }
  }

  get(key: string): string | null { this._op(false); return this._map[this._key(key)]?.value ?? null; }
  getAll(keys: string[]): Record<string, string> {
    this._op(false);
    const map = this._map; const out: Record<string, string> = {};
    for (const k of keys) { const e = map[this._key(k)]; if (e) out[String(k)] = e.value; }
    return out;
  }
  put(key: string, value: string, ttlSeconds?: number): void { this._op(true); this._store(this._key(key), value, ttlSeconds); }
  putAll(values: Record<string, string>, ttlSeconds?: number): void {
    this._op(true);
    for (const [k, v] of Object.entries(values)) this._store(this._key(k), v, ttlSeconds);
  }
  remove(key: string): void { this._op(true); delete this._map[this._key(key)]; }
  removeAll(keys: string[]): void { this._op(true); const map = this._map; for (const k of keys) delete map[this._key(k)]; }
}
