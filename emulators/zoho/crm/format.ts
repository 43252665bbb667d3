// Turning internal values into Zoho's wire shapes: datetimes in the org's time zone with a numeric
// offset and no millis (reference §3), lookups as {name,id}, owners as {name,id,email}.

import { MODULES, type ModuleName, fieldOf } from '../seed/schema';
import { fullName } from '../seed/orgs';
import type { OrgStore } from '../store/types';
import { CURRENCY_FIELD, currencyValue, recordCurrencySymbol } from './currencies';

const formatters = new Map<string, Intl.DateTimeFormat>();
const offsetCaches = new Map<string, Map<number, number>>();
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

function intlOffsetMinutes(at: number, timeZone: string): number {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  const parts: Record<string, number> = {};
  for (const part of formatter.formatToParts(new Date(at))) if (part.type !== 'literal') parts[part.type] = Number(part.value);
  const local = Date.UTC(parts.year ?? 1970, (parts.month ?? 1) - 1, parts.day ?? 1, parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0);
  return Math.round((local - at) / 60_000);
}

/**
 * The zone's UTC offset in minutes at `ms`. Cached per UTC day when the offset is the same at both
 * ends of the day (almost always), else per hour: DST switches on the hour, at most once a day.
 */
export function offsetMinutes(ms: number, timeZone: string): number {
  let cache = offsetCaches.get(timeZone);
  if (!cache) {
    cache = new Map();
    offsetCaches.set(timeZone, cache);
  }
  const day = Math.floor(ms / DAY_MS);
  const dayKey = -1 - day;
  let daily = cache.get(dayKey);
  if (daily === undefined) {
    const start = intlOffsetMinutes(day * DAY_MS, timeZone);
    const end = intlOffsetMinutes(day * DAY_MS + DAY_MS - HOUR_MS, timeZone);
    daily = start === end ? start : Number.NaN;
    if (cache.size > 200_000) cache.clear();
    cache.set(dayKey, daily);
  }
  if (!Number.isNaN(daily)) return daily;
  const bucket = Math.floor(ms / HOUR_MS);
  let hourly = cache.get(bucket);
  if (hourly === undefined) {
    hourly = intlOffsetMinutes(bucket * HOUR_MS, timeZone);
    cache.set(bucket, hourly);
  }
  return hourly;
}

/** `YYYY-MM-DDThh:mm:ss±hh:mm` in the given zone, no milliseconds. */
export function formatDateTime(ms: number, timeZone: string): string {
  const offset = offsetMinutes(ms, timeZone);
  const local = new Date(Math.floor(ms / 1000) * 1000 + offset * 60_000).toISOString().slice(0, 19);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

const DATETIME_INPUT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(Z|[+-]\d{2}:\d{2})$/;

/** Parses a Zoho datetime input (offset or Z required, no millis); null when malformed. */
export function parseDateTime(text: string): number | null {
  if (!DATETIME_INPUT.test(text)) return null;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : ms;
}

/** Parses an If-Modified-Since header: ISO 8601 (with offset or Z) or an HTTP date. */
export function parseHeaderTime(text: string): number | null {
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : ms;
}

export type LookupStyle = 'full' | 'id-only';

export class RecordFormatter {
  constructor(private readonly org: OrgStore) {}

  get timeZone(): string {
    return this.org.org.timeZone;
  }

  userRef(userId: unknown, style: LookupStyle = 'full'): Record<string, unknown> | null {
    if (typeof userId !== 'string' || userId === '') return null;
    const user = this.org.user(userId);
    if (!user) return { name: null, id: userId };
    return style === 'id-only' ? { id: user.id } : { name: fullName(user), id: user.id, email: user.email };
  }

  lookupRef(target: ModuleName, id: unknown, style: LookupStyle = 'full'): Record<string, unknown> | null {
    if (typeof id !== 'string' || id === '') return null;
    if (style === 'id-only') return { id };
    const store = this.org.module(target);
    const seq = store.seqOf(id);
    const name = seq === undefined ? null : store.read(seq, MODULES[target].displayField);
    return { name: typeof name === 'string' ? name : null, id };
  }

  wireValue(module: ModuleName, apiName: string, value: unknown, style: LookupStyle = 'full'): unknown {
    if (apiName === 'id') return value;
    const field = fieldOf(module, apiName);
    if (!field || value === undefined || value === null) return value ?? null;
    switch (field.dataType) {
      case 'datetime': return typeof value === 'number' ? formatDateTime(value, this.timeZone) : value;
      case 'ownerlookup': return this.userRef(value, style);
      case 'lookup': return this.lookupRef(field.lookupModule ?? 'Accounts', value, style);
      case 'multiselectpicklist': return Array.isArray(value) ? [...value] : value;
      default: return value;
    }
  }

  /** One record as GET /{module} answers it: id first, then the requested fields in order. */
  record(module: ModuleName, seq: number, fields: readonly string[], style: LookupStyle = 'full'): Record<string, unknown> {
    const store = this.org.module(module);
    const out: Record<string, unknown> = { id: store.idOf(seq) };
    const currencies = this.org.currencies();
    for (const apiName of fields) {
      if (apiName === 'id') continue;
      const inCurrency = currencies ? currencyValue(this.org, apiName, store.read(seq, CURRENCY_FIELD)) : undefined;
      out[apiName] = inCurrency !== undefined ? inCurrency : this.wireValue(module, apiName, store.read(seq, apiName), style);
    }
    if (style === 'full') {
      // Reference §4.2: a currency's symbol is in the record key $currency_symbol, the record's own
      // currency in a multi-currency org; whether it comes with `fields` is a switch (OrgCurrencies).
      if (!currencies || currencies.recordSymbols) out.$currency_symbol = recordCurrencySymbol(this.org, store.read(seq, CURRENCY_FIELD));
      out.$approved = true;
    }
    return out;
  }
}
