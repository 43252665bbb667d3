// PropertiesService: script, user and document stores kept in the runtime state, with the 9 KB
// value and 500 KB store limits and the daily read/write quota (§1.4). Refused in AuthMode.NONE.

import { GasError } from '../execution';
import { requireMode, type ServiceEnv } from '../env';
import { MESSAGES, PROPERTY_MAX_STORE_BYTES, PROPERTY_MAX_VALUE_BYTES, PROPERTY_OPS_PER_DAY } from '../limits';
import { GasObject } from '../realm';
import { countQuota, storeFor, type StoreScope } from '../state';

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

export class PropertiesServiceImpl extends GasObject {
  constructor(readonly _env: ServiceEnv) { super(_env.ex); }
  _kind() { return 'PropertiesService'; }
  getScriptProperties(): Properties { return this._store('script', '', 'getScriptProperties'); }
  getUserProperties(): Properties { return this._store('user', this._env.ex.user, 'getUserProperties'); }
  getDocumentProperties(): Properties | null {
    requireMode(this._env, 'PropertiesService.getDocumentProperties', ['NONE']);
    const id = this._env.activeSpreadsheetId;
    return id ? this._store('document', id, 'getDocumentProperties') : null;
  }
  _store(scope: StoreScope, owner: string, method: string): Properties {
    requireMode(this._env, `PropertiesService.${method}`, ['NONE']);
    return new Properties(this._env, scope, owner);
  }
}

export class Properties extends GasObject {
  constructor(readonly _env: ServiceEnv, readonly _scope: StoreScope, readonly _owner: string) { super(_env.ex); }
  _kind() { return 'Properties'; }
  get _map(): Record<string, string> {
    return storeFor<Record<string, string>>(this._env.state.properties, this._scope, this._owner, () => ({}));
  }
  _op(write: boolean): void {
    const ex = this._ex;
    if (write) ex.counters.propertyWrites++; else ex.counters.propertyReads++;
    ex.charge(ex.latency.propertiesCallMs);
    if (countQuota(this._env.state, ex.clock.now(), ex.user, 'properties') > PROPERTY_OPS_PER_DAY) throw new GasError(MESSAGES.propertyQuota);
  }
  _checkSize(next: Record<string, string>): void {
    let total = 0;
    for (const [k, v] of Object.entries(next)) {
      if (bytes(v) > PROPERTY_MAX_VALUE_BYTES) throw new GasError(MESSAGES.propertyValueTooLarge);
      total += bytes(k) + bytes(v);
    }
    if (total > PROPERTY_MAX_STORE_BYTES) throw new GasError(MESSAGES.propertyStoreFull);
  }

  getProperty(key: string): string | null { this._op(false); return this._map[String(key)] ?? null; }
  getProperties(): Record<string, string> { this._op(false); return { ...this._map }; }
  getKeys(): string[] { this._op(false); return Object.keys(this._map); }
  setProperty(key: string, value: unknown): Properties {
    this._op(true);
    if (key === undefined || key === null || key === '') throw new GasError('Invalid argument: key'); // GUESS
    const next = { ...this._map, [String(key)]: String(value) };
    this._checkSize(next);
    this._map[String(key)] = String(value);
    return this;
  }
  setProperties(props: Record<string, unknown>, deleteAllOthers = false): Properties {
    this._op(true);
    const incoming = Object.fromEntries(Object.entries(props ?? {}).map(([k, v]) => [k, String(v)]));
    const next = deleteAllOthers ? incoming : { ...this._map, ...incoming };
    this._checkSize(next);
    const map = this._map;
    for (const k of Object.keys(map)) if (!(k in next)) delete map[k];
    Object.assign(map, next);
    return this;
  }
  deleteProperty(key: string): Properties { this._op(true); delete this._map[String(key)]; return this; }
  deleteAllProperties(): Properties { this._op(true); const map = this._map; for (const k of Object.keys(map)) delete map[k]; return this; }
}
