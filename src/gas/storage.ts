// CachePort over CacheService.

import type { CachePort } from '../core/ports';

export function cachePort(cache: GoogleAppsScript.Cache.Cache): CachePort {
  return {
    get: (key) => cache.get(key),
    put: (key, value, ttlSeconds) => { cache.put(key, value, ttlSeconds); },
    remove: (key) => { cache.remove(key); },
  };
}
