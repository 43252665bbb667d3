// KeyValueStore and CachePort over PropertiesService and CacheService.

import type { CachePort, KeyValueStore } from '../core/ports';

export function propertiesStore(properties: GoogleAppsScript.Properties.Properties): KeyValueStore {
  return {
    get: (key) => properties.getProperty(key),
    set: (key, value) => { properties.setProperty(key, value); },
    delete: (key) => { properties.deleteProperty(key); },
    keys: (prefix) => properties.getKeys().filter((k) => k.startsWith(prefix)),
  };
}

export function cachePort(cache: GoogleAppsScript.Cache.Cache): CachePort {
  return {
    get: (key) => cache.get(key),
    put: (key, value, ttlSeconds) => { cache.put(key, value, ttlSeconds); },
    remove: (key) => { cache.remove(key); },
  };
}
