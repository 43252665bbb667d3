// Reading records: GET /{module} with page and page_token paging (reference §5.1), one record,
// search (§5.3) and count. Page tokens are opaque, self-describing and bound to the query.

import { createHmac } from 'node:crypto';
import { type Reply, emptyReply, jsonReply } from '../http-util';
import { MODULES, type ModuleName, fieldOf } from '../seed/schema';
import type { ModuleStore, OrgStore } from '../store/types';
import { currencyFieldDefs } from './currencies';
import { crmErrors, ZohoApiError } from './errors';
import { formatDateTime, parseDateTime, parseHeaderTime } from './format';
import { customViews, matchesView } from './metadata';
import { type CrmRequest, header } from './request';
import { canSee, visibleRecords } from './sharing';

export const MAX_FIELDS = 50;
export const MAX_PER_PAGE = 200;
export const DISCRETE_PAGE_LIMIT_RECORDS = 2000;
export const PAGE_TOKEN_LIMIT_RECORDS = 100_000;
export const PAGE_TOKEN_TTL_SECONDS = 86_400;
const SORT_FIELDS = ['id', 'Created_Time', 'Modified_Time'];
const TOKEN_KEY = 'zoho-emulator-page-token';

interface PageTokenState {
  m: string;
  dc: string;
  sb: string;
  so: string;
  cv: string;
  ims: number | null;
  ids: string;
  off: number;
  exp: number;
  /** Set only on tokens an `emptyPage` fault makes, so each differs from the one sent; never read. */
  n?: number;
}

let pageFaultTokens = 0;

function signToken(state: PageTokenState): string {
  const payload = Buffer.from(JSON.stringify(state)).toString('base64url');
  const mac = createHmac('sha256', TOKEN_KEY).update(payload).digest('hex').slice(0, 16);
  return `${mac}${payload}`;
}

function readToken(token: string): PageTokenState | undefined {
  const mac = token.slice(0, 16);
  const payload = token.slice(16);
  if (createHmac('sha256', TOKEN_KEY).update(payload).digest('hex').slice(0, 16) !== mac) return undefined;
  try {
    return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as PageTokenState;
  } catch {
    return undefined;
  }
}

/** Resolves the `module` path segment; INVALID_MODULE for anything not API-supported. */
export function moduleParam(name: string | undefined): ModuleName {
  const found = name ? Object.keys(MODULES).find((m) => m.toLowerCase() === name.toLowerCase()) : undefined;
  if (!found) throw crmErrors.invalidModule();
  return found as ModuleName;
}

/**
 * Parses `fields`; the list may not pass 50 and every name must exist, among them the Currency and
 * Exchange_Rate of a multi-currency org (`org`; crm/currencies.ts).
 */
export function parseFields(module: ModuleName, raw: string | null, required: boolean, org?: OrgStore): string[] {
  const extra = org ? currencyFieldDefs(org, module).map((f) => f.apiName) : [];
  if (raw === null || raw.trim() === '') {
    if (required) throw crmErrors.requiredParamMissing('fields');
    return [...MODULES[module].fields.filter((f) => !org?.fieldDeleted(module, f.apiName)).map((f) => f.apiName), ...extra];
  }
  const fields = [...new Set(raw.split(',').map((f) => f.trim()).filter((f) => f !== ''))];
  if (fields.length > MAX_FIELDS) throw crmErrors.limitExceeded(MAX_FIELDS, 'fields');
  for (const f of fields) {
    // A field an admin deleted is as unknown as one that never was.
    if (f !== 'id' && (!fieldOf(module, f) || org?.fieldDeleted(module, f)) && !extra.includes(f)) throw crmErrors.invalidParam('fields', { api_name: f });
  }
  return fields;
}

export function parsePerPage(raw: string | null): number {
  if (raw === null) return MAX_PER_PAGE;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw crmErrors.invalidParam('per_page');
  if (n > MAX_PER_PAGE) throw crmErrors.limitExceeded(MAX_PER_PAGE, 'per_page');
  return n;
}

export function parsePage(raw: string | null): number {
  if (raw === null) return 1;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw crmErrors.invalidParam('page');
  return n;
}

export function ifModifiedSince(req: CrmRequest): number | null {
  const raw = header(req, 'if-modified-since');
  if (raw === undefined || raw === '') return null;
  const ms = parseHeaderTime(raw);
  if (ms === null) throw crmErrors.ifModifiedSinceInvalid();
  return ms;
}

function viewFilter(req: CrmRequest, module: ModuleName, cvid: string): ((store: ModuleStore, seq: number) => boolean) | null {
  if (cvid === '') return null;
  const view = customViews(req.org, module).find((v) => v.id === cvid);
  if (!view) throw crmErrors.invalidParam('cvid');
  const criteria = view.criteria;
  if (!criteria) return null;
  // A view's criteria as it stands now, for the user who asks ("My Leads": Owner is that user).
  return (store, seq) => matchesView(criteria, (field) => store.read(seq, field), req.user.id);
}

/** GET /crm/v8/{module} */
export function listRecords(req: CrmRequest): Reply {
  const module = moduleParam(req.params.module);
  const q = req.query;
  const fields = parseFields(module, q.get('fields'), true, req.org);
  const perPage = parsePerPage(q.get('per_page'));
  const rawToken = q.get('page_token');
  if (rawToken !== null && q.get('page') !== null) throw crmErrors.ambiguity(['page', 'page_token']);
  const sortBy = q.get('sort_by') ?? 'id';
  if (!SORT_FIELDS.includes(sortBy)) throw crmErrors.invalidParam('sort_by', { supported_values: SORT_FIELDS });
  const sortOrder = q.get('sort_order') ?? 'desc';
  if (sortOrder !== 'asc' && sortOrder !== 'desc') throw crmErrors.invalidParam('sort_order', { supported_values: ['asc', 'desc'] });
  const cvid = q.get('cvid') ?? '';
  const idsParam = q.get('ids') ?? '';
  // Switch recordsIfModifiedSince (options.ts): v8 documents no If-Modified-Since on GET records, so
  // by default the header is ignored, as a server that does not implement it would.
  const ims = req.ctx.options.recordsIfModifiedSince ? ifModifiedSince(req) : null;
  const now = req.ctx.clock.now();

  let offset: number;
  if (rawToken !== null) {
    const state = readToken(rawToken);
    if (!state || state.m !== module || state.dc !== req.dc) throw crmErrors.tokenBoundMismatch();
    if (state.exp <= now) throw crmErrors.expiredPageToken();
    if (state.sb !== sortBy || state.so !== sortOrder || state.cv !== cvid || state.ids !== idsParam || state.ims !== ims) throw crmErrors.tokenBoundMismatch();
    offset = state.off;
    if (offset >= Math.min(PAGE_TOKEN_LIMIT_RECORDS, req.ctx.options.pageTokenLimitRecords)) throw crmErrors.paginationLimit();
  } else {
    const page = parsePage(q.get('page'));
    // Zoho: past 2,000 records, page is refused; use page_token (reference §5.1).
    if (page * perPage > DISCRETE_PAGE_LIMIT_RECORDS) throw crmErrors.discretePaginationLimit();
    offset = (page - 1) * perPage;
  }

  const base: PageTokenState = { m: module, dc: req.dc, sb: sortBy, so: sortOrder, cv: cvid, ims, ids: idsParam, off: 0, exp: now + PAGE_TOKEN_TTL_SECONDS * 1000 };
  if (req.pageFault === 'emptyPage') return emptyPageReply(req, base, offset, perPage);
  // repeatPage: answer the first page again, still promising more (see the fault table in the README).
  if (req.pageFault === 'repeatPage') offset = 0;

  const store = req.org.module(module);
  const filter = viewFilter(req, module, cvid);
  let ordered: readonly number[] = sortBy === 'Modified_Time' ? store.seqsByModified() : store.liveSeqs();
  if (idsParam !== '') {
    const ids = idsParam.split(',').map((s) => s.trim()).filter((s) => s !== '');
    if (ids.length > 100) throw crmErrors.limitExceeded(100, 'ids');
    const wanted = new Set(ids.map((id) => store.seqOf(id)).filter((s): s is number => s !== undefined && store.isLive(s)));
    ordered = ordered.filter((seq) => wanted.has(seq));
  }
  const visible = visibleRecords(req, module);
  if (filter || visible || ims !== null) {
    ordered = ordered.filter((seq) => (ims === null || store.modifiedMs(seq) > ims) && (!filter || filter(store, seq)) && (!visible || visible(store, seq)));
  }
  const total = ordered.length;
  if (total === 0 && ims !== null) return emptyReply(304);
  const end = Math.min(total, offset + perPage);
  if (offset >= end) return emptyReply(204);

  const data: Record<string, unknown>[] = [];
  for (let i = offset; i < end; i++) {
    const seq = sortOrder === 'asc' ? ordered[i] : ordered[total - 1 - i];
    if (seq !== undefined) data.push(req.fmt.record(module, seq, fields));
  }
  const repeat = req.pageFault === 'repeatPage';
  const more = repeat || end < total;
  const next = repeat ? rawToken ?? signToken(base) : more ? signToken({ ...base, off: end }) : null;
  const previous = offset > 0 ? signToken({ ...base, off: Math.max(0, offset - perPage) }) : null;
  const reply = jsonReply(200, { data, info: listInfo(req, base, { perPage, next, previous, count: data.length, page: Math.floor(offset / perPage) + 1, more }) });
  return req.ctx.options.bigintAsNumber ? withBareBigints(reply, module) : reply;
}

/**
 * Switch bigintAsNumber (options.ts): each Long Integer value written as a bare JSON number with
 * the digits stored, as a server holding 64-bit longs would send it (JSON has no limit on digits).
 * Only `"<api_name>":"<digits>"` matches: inside a JSON string every quote is escaped.
 */
function withBareBigints(reply: Reply, module: ModuleName): Reply {
  const names = MODULES[module].fields.filter((f) => f.dataType === 'bigint').map((f) => f.apiName);
  let body = String(reply.body);
  for (const name of names) body = body.replace(new RegExp(`"${name}":"(-?\\d+)"`, 'g'), `"${name}":$1`);
  return { ...reply, body };
}

function listInfo(
  req: CrmRequest, base: PageTokenState, p: { perPage: number; next: string | null; previous: string | null; count: number; page: number; more: boolean },
): Record<string, unknown> {
  return {
    per_page: p.perPage, next_page_token: p.next, count: p.count, sort_by: base.sb, page: p.page,
    previous_page_token: p.previous, page_token_expiry: p.next || p.previous ? formatDateTime(base.exp, req.org.org.timeZone) : null,
    sort_order: base.so, email: false, call: false, more_records: p.more,
  };
}

/**
 * emptyPage fault: 200 with no records that still promises more, and a fresh token for the same
 * offset, so a client that follows it makes no progress while the fault lasts and loses nothing after.
 */
function emptyPageReply(req: CrmRequest, base: PageTokenState, offset: number, perPage: number): Reply {
  const next = signToken({ ...base, off: offset, n: ++pageFaultTokens });
  const previous = offset > 0 ? signToken({ ...base, off: Math.max(0, offset - perPage) }) : null;
  return jsonReply(200, { data: [], info: listInfo(req, base, { perPage, next, previous, count: 0, page: Math.floor(offset / perPage) + 1, more: true }) });
}

/** GET /crm/v8/{module}/{id} */
export function getRecord(req: CrmRequest): Reply {
  const module = moduleParam(req.params.module);
  const fields = parseFields(module, req.query.get('fields'), false, req.org);
  const store = req.org.module(module);
  const seq = store.seqOf(req.params.id ?? '');
  // A record the caller may not see answers like one that does not exist.
  if (seq === undefined || !store.isLive(seq) || !canSee(req, module, store, seq)) return emptyReply(204);
  return jsonReply(200, { data: [req.fmt.record(module, seq, fields)] });
}

// --- search ----------------------------------------------------------------------------------------

type Criteria = { op: 'and' | 'or'; items: Criteria[] } | { field: string; operator: string; value: string };
/** Field types whose search `equals` is a substring match; picklists, numbers and dates stay exact. */
const CONTAINS_ON_EQUALS = ['text', 'textarea', 'email', 'phone', 'website'];
const SEARCH_OPERATORS = ['equals', 'not_equal', 'starts_with', 'in', 'greater_than', 'greater_equal', 'less_than', 'less_equal', 'between'];

function invalidQuery(reason: string, extra: Record<string, unknown> = {}): ZohoApiError {
  return new ZohoApiError(400, 'INVALID_QUERY', 'invalid query formed', { reason, ...extra });
}

/** Parses `(A:op:v)and((B:op:v)or(C:op:v))`; values escape `(`, `)` and `,` with a backslash. */
export function parseCriteria(text: string): Criteria {
  let i = 0;
  const expr = (): Criteria => {
    const items: Criteria[] = [item()];
    let op: 'and' | 'or' | null = null;
    for (;;) {
      const rest = text.slice(i).toLowerCase();
      const next = rest.startsWith('and') ? 'and' : rest.startsWith('or') ? 'or' : null;
      if (!next) break;
      if (op && op !== next) throw invalidQuery('mixing and/or needs parentheses');
      op = next;
      i += next.length;
      items.push(item());
    }
    return items.length === 1 && items[0] ? items[0] : { op: op ?? 'and', items };
  };
  const item = (): Criteria => {
    if (text[i] !== '(') throw invalidQuery('expected (');
    i++;
    if (text[i] === '(') {
      const inner = expr();
      if (text[i] !== ')') throw invalidQuery('expected )');
      i++;
      return inner;
    }
    let raw = '';
    while (i < text.length && text[i] !== ')') {
      if (text[i] === '\\' && i + 1 < text.length) {
        raw += text[i + 1];
        i += 2;
      } else {
        raw += text[i];
        i++;
      }
    }
    if (text[i] !== ')') throw invalidQuery('expected )');
    i++;
    const first = raw.indexOf(':');
    const second = raw.indexOf(':', first + 1);
    if (first < 0 || second < 0) throw invalidQuery('criteria must be field:operator:value');
    return { field: raw.slice(0, first).trim(), operator: raw.slice(first + 1, second).trim(), value: raw.slice(second + 1) };
  };
  const result = expr();
  if (i !== text.length) throw invalidQuery('unexpected text after criteria');
  return result;
}

function compareValues(module: ModuleName, apiName: string, actual: unknown, operator: string, value: string): boolean {
  const field = fieldOf(module, apiName);
  const type = apiName === 'id' ? 'id' : field?.dataType ?? 'text';
  const norm = (v: unknown): string | number | null => {
    if (v === null || v === undefined || v === '') return null;
    if (type === 'datetime' || apiName === 'Created_Time' || apiName === 'Modified_Time') return typeof v === 'number' ? v : parseDateTime(String(v));
    if (['integer', 'double', 'currency', 'percent', 'formula'].includes(type)) return Number(v);
    return String(v).toLowerCase();
  };
  if (Array.isArray(actual)) {
    const wanted = value.toLowerCase();
    const has = actual.some((a) => String(a).toLowerCase() === wanted);
    return operator === 'not_equal' ? !has : has;
  }
  const a = norm(actual);
  switch (operator) {
    // Zoho: on text, `equals` behaves like `contains` ("ABC" finds "ABC Inc."), with one criterion or
    // several; not on picklists (zoho/crm-oas v8.0/module_search/mds/searchRecords.md).
    case 'equals': return CONTAINS_ON_EQUALS.includes(type) && typeof a === 'string' ? a.includes(String(norm(value) ?? '')) : a === norm(value);
    case 'not_equal': return a !== norm(value);
    case 'starts_with': return a !== null && String(a).startsWith(String(norm(value) ?? ''));
    case 'in': return value.split(',').map((v) => norm(v.trim())).includes(a);
    case 'between': {
      const [lo, hi] = value.split(',').map((v) => norm(v.trim()));
      return a !== null && lo !== null && hi !== null && lo !== undefined && hi !== undefined && a >= lo && a <= hi;
    }
    default: {
      const b = norm(value);
      if (a === null || b === null) return false;
      if (operator === 'greater_than') return a > b;
      if (operator === 'greater_equal') return a >= b;
      if (operator === 'less_than') return a < b;
      return a <= b;
    }
  }
}

function matches(store: ModuleStore, module: ModuleName, seq: number, c: Criteria): boolean {
  if ('items' in c) return c.op === 'and' ? c.items.every((x) => matches(store, module, seq, x)) : c.items.some((x) => matches(store, module, seq, x));
  return compareValues(module, c.field, store.read(seq, c.field), c.operator, c.value);
}

function checkCriteria(module: ModuleName, c: Criteria): void {
  if ('items' in c) {
    c.items.forEach((x) => checkCriteria(module, x));
    return;
  }
  if (c.field !== 'id' && !fieldOf(module, c.field)) throw invalidQuery('invalid field found', { api_name: c.field });
  if (!SEARCH_OPERATORS.includes(c.operator)) throw invalidQuery('invalid operator found', { api_name: c.field, operator: c.operator });
}

export function searchPredicate(req: CrmRequest, module: ModuleName): (store: ModuleStore, seq: number) => boolean {
  const q = req.query;
  const given = ['criteria', 'email', 'phone', 'word'].filter((p) => q.get(p) !== null);
  if (given.length === 0) throw crmErrors.requiredParamMissing('criteria');
  const criteria = q.get('criteria');
  if (criteria !== null) {
    const parsed = parseCriteria(criteria);
    checkCriteria(module, parsed);
    return (store, seq) => matches(store, module, seq, parsed);
  }
  const fieldsOfType = (types: string[]) => MODULES[module].fields.filter((f) => types.includes(f.dataType)).map((f) => f.apiName);
  if (q.get('email') !== null) {
    const wanted = (q.get('email') ?? '').toLowerCase();
    const emails = fieldsOfType(['email']);
    return (store, seq) => emails.some((f) => String(store.read(seq, f) ?? '').toLowerCase() === wanted);
  }
  if (q.get('phone') !== null) {
    const wanted = (q.get('phone') ?? '').replace(/\D/g, '');
    const phones = fieldsOfType(['phone']);
    return (store, seq) => wanted !== '' && phones.some((f) => String(store.read(seq, f) ?? '').replace(/\D/g, '').includes(wanted));
  }
  const word = (q.get('word') ?? '').toLowerCase();
  const texts = fieldsOfType(['text', 'email', 'phone', 'website', 'textarea']);
  return (store, seq) => word !== '' && texts.some((f) => String(store.read(seq, f) ?? '').toLowerCase().includes(word));
}

/** GET /crm/v8/{module}/search */
export function searchRecords(req: CrmRequest): Reply {
  const module = moduleParam(req.params.module);
  const fields = parseFields(module, req.query.get('fields'), false, req.org).slice(0, MAX_FIELDS);
  const perPage = parsePerPage(req.query.get('per_page'));
  const page = parsePage(req.query.get('page'));
  if (page * perPage > DISCRETE_PAGE_LIMIT_RECORDS) throw crmErrors.discretePaginationLimit();
  const predicate = searchPredicate(req, module);
  const visible = visibleRecords(req, module);
  const store = req.org.module(module);
  const live = store.liveSeqs();
  const hits: number[] = [];
  const wanted = page * perPage + 1;
  const indexedBefore = req.ctx.clock.now() - req.ctx.options.searchIndexDelaySeconds * 1000;
  const indexed = (seq: number): boolean => {
    const raw = store.read(seq, 'Modified_Time');
    const modified = typeof raw === 'number' ? raw : parseDateTime(String(raw ?? ''));
    return modified === null || modified <= indexedBefore;
  };
  for (let i = live.length - 1; i >= 0 && hits.length < wanted; i--) {
    const seq = live[i];
    if (seq !== undefined && indexed(seq) && predicate(store, seq) && (!visible || visible(store, seq))) hits.push(seq);
  }
  const slice = hits.slice((page - 1) * perPage, page * perPage);
  if (slice.length === 0) return emptyReply(204);
  return jsonReply(200, {
    data: slice.map((seq) => req.fmt.record(module, seq, fields)),
    info: { per_page: perPage, count: slice.length, page, more_records: hits.length > page * perPage, sort_by: 'id', sort_order: 'desc' },
  });
}

/** GET /crm/v8/{module}/actions/count */
export function countRecords(req: CrmRequest): Reply {
  const module = moduleParam(req.params.module);
  const store = req.org.module(module);
  const cvid = req.query.get('cvid') ?? '';
  const filter = viewFilter(req, module, cvid);
  const hasSearch = ['criteria', 'email', 'phone', 'word'].some((p) => req.query.get(p) !== null);
  const predicate = hasSearch ? searchPredicate(req, module) : null;
  const visible = visibleRecords(req, module);
  let count = 0;
  for (const seq of store.liveSeqs()) {
    if ((!filter || filter(store, seq)) && (!predicate || predicate(store, seq)) && (!visible || visible(store, seq))) count++;
  }
  return jsonReply(200, { count });
}
