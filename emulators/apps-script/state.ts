// Everything that outlives one execution: workbooks, property stores, caches, triggers, daily
// quota counters and the key that seals state tokens. Saved to and loaded from one JSON file.

import { randomBytes } from 'node:crypto';
import type { SentEmail } from './services/mail';
import type { SpreadsheetData } from './services/spreadsheet-model';

export type StoreScope = 'script' | 'user' | 'document';

export interface CacheEntry { value: string; expiresAt: number }

export interface TriggerSchedule {
  kind: 'daily' | 'hourly' | 'minutes' | 'weekly' | 'once';
  every?: number; hour?: number; minute?: number; weekDay?: number; timeZone?: string; at?: number;
}

export interface TriggerModel {
  uniqueId: string;
  handlerFunction: string;
  eventType: 'CLOCK' | 'ON_OPEN' | 'ON_EDIT' | 'ON_CHANGE' | 'ON_FORM_SUBMIT';
  triggerSource: 'CLOCK' | 'SPREADSHEETS';
  triggerSourceId: string | null;
  user: string;
  /** The document the add-on ran in when the trigger was made (add-on triggers belong to one). */
  documentId: string | null;
  schedule?: TriggerSchedule;
  nextFireAt?: number;
  createdAt: number;
}

export interface RuntimeStateData {
  /** 2 since rows are stored in layers (spreadsheet-model.ts RowData); 1 had an object per cell. */
  version: 1 | 2;
  clockMs: number;
  secret: string;
  spreadsheets: SpreadsheetData[];
  properties: { script: Record<string, string>; user: Record<string, Record<string, string>>; document: Record<string, Record<string, string>> };
  caches: { script: Record<string, CacheEntry>; user: Record<string, Record<string, CacheEntry>>; document: Record<string, Record<string, CacheEntry>> };
  triggers: TriggerModel[];
  /** Daily quota counters: day (UTC date of the first use) -> user -> service -> count. */
  quotas: Record<string, Record<string, Record<string, number>>>;
  nextTriggerId: number;
  /** Messages MailApp sent (absent in state saved before MailApp existed). */
  mail?: SentEmail[];
}

export function emptyState(clockMs: number): RuntimeStateData {
  return {
    version: 2, clockMs, secret: randomBytes(32).toString('hex'), spreadsheets: [],
    properties: { script: {}, user: {}, document: {} },
    caches: { script: {}, user: {}, document: {} },
    triggers: [], quotas: {}, nextTriggerId: 1,
  };
}

/** The map for one store, created on first use. */
export function storeFor<T>(root: { script: T; user: Record<string, T>; document: Record<string, T> }, scope: StoreScope, owner: string, make: () => T): T {
  if (scope === 'script') return root.script;
  const table = root[scope];
  let store = table[owner];
  if (!store) { store = make(); table[owner] = store; }
  return store;
}

/** Counts one use of a daily quota; returns the new count for the day. */
export function countQuota(state: RuntimeStateData, nowMs: number, user: string, service: string, n = 1): number {
  const day = new Date(nowMs).toISOString().slice(0, 10);
  for (const d of Object.keys(state.quotas)) if (d !== day) delete state.quotas[d];
  const perUser = (state.quotas[day] ??= {});
  const perService = (perUser[user] ??= {});
  perService[service] = (perService[service] ?? 0) + n;
  return perService[service]!;
}
