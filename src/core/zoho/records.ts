// Reading records: one page at a time, in id order, with page_token so paging goes past Zoho's
// 2,000-record limit on `page` (reference §5.1), and the deleted-record list (§7).

import { parseZohoDateTime } from '../cells/zoho-time';
import type { ZohoClient, ZohoRequest } from './client';
import { crmError } from './errors';
import type { ZohoDeletedRecord, ZohoRecord, ZohoRecordsPage, ZohoWriteResult } from './wire';

export const RECORDS_PER_PAGE = 200;
export const DELETED_PER_PAGE = 200;

export interface PageRequest {
  module: string;
  fields: readonly string[];
  /** null for the first page. */
  pageToken: string | null;
  cvid?: string;
  /**
   * Modified_Time order: 'asc' (oldest first, the first chain of a full pull) or 'desc' (newest
   * first: incremental pulls and the second chain of a full pull, which stop at a time themselves).
   */
  order?: 'asc' | 'desc';
  /**
   * COQL criteria (filter-rules.ts filterCriteria): the page comes from a COQL query of ids, kept in
   * id order by an id keyset, then the records by id. Its page tokens never run out (no 100,000 reach).
   */
  criteria?: string;
  /** With `criteria`: only records modified at or after this ISO datetime. */
  modifiedSince?: string;
}

export interface RecordPage {
  records: ZohoRecord[];
  nextPageToken: string | null;
  /** Zoho's clock when it answered (the Date header), in ms; null if it sent none. */
  serverTime: number | null;
}

export interface DeletedPage {
  ids: string[];
  more: boolean;
  /** When each was deleted (ms, Zoho's deleted_time, to the second), in the order of `ids`; null where unreadable. */
  deletedAt?: Array<number | null>;
}

/** Ids of records, a page at a time, with Modified_Time where the call gives it. */
export interface IdPage {
  ids: Array<{ id: string; modified: number | null }>;
  nextPageToken: string | null;
  /** Zoho's clock when it answered (the Date header), in ms; null if it sent none. */
  serverTime?: number | null;
}

/** Where records come from; the pull engine sees only this. */
export interface RecordSource {
  page(request: PageRequest): RecordPage;
  deleted(module: string, since: string, page: number): DeletedPage;
  /**
   * Ids of the module's records, newest-modified first (all of them, or a view's with `cvid`, or
   * those matching COQL `criteria`, in id order then): what a filtered pull compares its rows with.
   */
  ids?(request: { module: string; cvid?: string; criteria?: string; pageToken: string | null }): IdPage;
  /** Something that changes when an admin edits the view's criteria (issue 16). */
  viewSignature?(module: string, cvid: string): string;
  /** These records, with these fields (at most 50), as many to a call as the URL holds. */
  byIds?(module: string, ids: readonly string[], fields: readonly string[]): ZohoRecord[];
}

/** Zoho: COQL returns at most 2,000 records a call (reference §5.4). */
export const COQL_IDS_PER_PAGE = 2000;

export class ZohoRecordSource implements RecordSource {
  private readonly client: ZohoClient;

  constructor(client: ZohoClient) {
    this.client = client;
  }

  page(request: PageRequest): RecordPage {
    if (request.criteria !== undefined) return this.coqlPage(request);
    const answer = this.client.request<ZohoRecordsPage>(this.pageRead(request));
    const data = answer.data;
    const more = Boolean(data?.info?.more_records);
    return {
      records: data?.data ?? [],
      nextPageToken: more ? data?.info?.next_page_token ?? null : null,
      serverTime: parseHttpDate(answer.headers),
    };
  }

  /** The call page() makes for a page that is not a COQL one: for reading ahead (ZohoClient.prefetch). */
  pageRead(request: PageRequest): ZohoRequest {
    return {
      method: 'get',
      path: `/crm/v8/${encodeURIComponent(request.module)}`,
      query: {
        fields: request.fields.join(','),
        per_page: RECORDS_PER_PAGE,
        // Zoho sorts only by id, Created_Time or Modified_Time (reference §5.1). Oldest first, a
        // record modified while pages are read moves behind the pages still to come; newest first,
        // it moves in front of them, so an incremental pull that stops at its watermark skips none.
        sort_by: 'Modified_Time',
        sort_order: request.order ?? 'asc',
        page_token: request.pageToken ?? undefined,
        cvid: request.cvid,
      },
      // Evidence (issue 18): zoho/crm-oas v8.0 getRecords (record/operations/getRecords/operation.md)
      // lists no If-Modified-Since parameter and no 304 answer, while getDeletedRecords documents the
      // header; Zoho's v2 pages documented it on records. So no pull relies on it: an incremental pull
      // reads newest first and stops at its watermark (pull.ts), which v8 documents (sort_by, sort_order).
    };
  }

  /**
   * A filtered page: COQL gives the matching ids (2,000 a call, in id order, the next page after the
   * last id: a keyset, so no offset cap), then GET ?ids= gives the records in the same shape as any
   * other page. COQL itself returns lookups and owners as bare ids (no names), which cells show.
   */
  private coqlPage(request: PageRequest): RecordPage {
    const idPage = this.coqlIds(request.module, request.criteria!, request.pageToken, request.modifiedSince);
    const ids = idPage.ids.map((i) => i.id);
    const records = ids.length ? readByIds(this.client, request.module, ids, request.fields) : [];
    const order = new Map(ids.map((id, i) => [id, i]));
    records.sort((a, b) => (order.get(String(a.id)) ?? 0) - (order.get(String(b.id)) ?? 0));
    return { records, nextPageToken: idPage.nextPageToken, serverTime: idPage.serverTime };
  }

  private coqlIds(module: string, criteria: string, after: string | null, since?: string): IdPage & { serverTime: number | null } {
    const parts = [criteria, since ? `Modified_Time >= ${coqlLiteral(since)}` : '', after ? `id > ${coqlLiteral(after)}` : ''].filter((p) => p);
    const where = parts.slice(1).reduce((acc, c) => `(${acc} and ${c})`, parts[0] ?? '');
    const query = `select id, Modified_Time from ${module}${where ? ` where ${where}` : ''} order by id asc limit ${COQL_IDS_PER_PAGE}`;
    const answer = this.client.request<{ data?: Array<{ id: string; Modified_Time?: string }>; info?: { more_records?: boolean } }>({
      method: 'post', path: '/crm/v8/coql', body: { select_query: query }, idempotent: true,
    });
    const rows = answer.data?.data ?? [];
    const last = rows[rows.length - 1];
    return {
      ids: rows.map((r) => ({ id: String(r.id), modified: Date.parse(String(r.Modified_Time ?? '')) || null })),
      nextPageToken: answer.data?.info?.more_records && last ? String(last.id) : null,
      serverTime: parseHttpDate(answer.headers),
    };
  }

  byIds(module: string, ids: readonly string[], fields: readonly string[]): ZohoRecord[] {
    return readByIds(this.client, module, ids, fields);
  }

  ids(request: { module: string; cvid?: string; criteria?: string; pageToken: string | null }): IdPage {
    if (request.criteria !== undefined) return this.coqlIds(request.module, request.criteria, request.pageToken);
    const page = this.page({ module: request.module, fields: ['Modified_Time'], pageToken: request.pageToken, cvid: request.cvid, order: 'desc' });
    return { ids: page.records.map((r) => ({ id: String(r.id), modified: Date.parse(String(r.Modified_Time ?? '')) || null })), nextPageToken: page.nextPageToken, serverTime: page.serverTime };
  }

  /**
   * The view's criteria and last change as Zoho lists them (GET settings/custom_views/{id}?module=,
   * zoho/crm-oas v8.0 custom_views getCustomView): an admin editing the view changes which records it
   * holds without modifying any record, so the pull compares this with the last pull's.
   */
  viewSignature(module: string, cvid: string): string {
    const answer = this.client.request<{ custom_views?: Array<{ criteria?: unknown; modified_time?: string | null }> }>({
      method: 'get', path: `/crm/v8/settings/custom_views/${encodeURIComponent(cvid)}`, query: { module },
    });
    const view = answer.data?.custom_views?.[0];
    return JSON.stringify([view?.criteria ?? null, view?.modified_time ?? null]);
  }

  deleted(module: string, since: string, page: number): DeletedPage {
    const request = this.deletedRead(module, since, page);
    const answer = this.client.request<{ data?: ZohoDeletedRecord[]; info?: { more_records?: boolean } }>(request);
    throwRequestError(`GET ${request.path}`, answer.status, answer.data?.data as ReadonlyArray<RequestErrorItem> | undefined);
    const data = answer.data?.data ?? [];
    return { ids: data.map((d) => String(d.id)), more: Boolean(answer.data?.info?.more_records), deletedAt: data.map((d) => parseZohoDateTime(String(d.deleted_time ?? ''))) };
  }

  /** The call deleted() makes: for reading ahead. */
  deletedRead(module: string, since: string, page: number): ZohoRequest {
    return {
      method: 'get',
      path: `/crm/v8/${encodeURIComponent(module)}/deleted`,
      query: { type: 'all', page, per_page: DELETED_PER_PAGE },
      // Documented for this call in v8 (zoho/crm-oas v8.0 getDeletedRecords: If-Modified-Since header).
      headers: { 'If-Modified-Since': since },
      // Zoho answers an unknown module here as `{"data":[{"code":"INVALID_MODULE",…}]}` with 400.
      acceptErrorBody: true,
    };
  }
}

/** A COQL string literal: Zoho escapes a single quote by doubling it (reference §5.4). */
function coqlLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** Records by id, as many a call as Apps Script's URL limit allows (at most 100, reference §6.1). */
/**
 * Reads records by id, as many to a call as Apps Script's URL limit allows (at most 100). The calls
 * do not depend on each other, so they go to Zoho together (ZohoClient.prefetch) and are then
 * taken in order.
 */
function readByIds(client: ZohoClient, module: string, ids: readonly string[], fields: readonly string[]): ZohoRecord[] {
  const requests = readByIdsRequests(client, module, ids, fields);
  client.prefetch(requests);
  const found: ZohoRecord[] = [];
  for (const request of requests) found.push(...(client.request<ZohoRecordsPage>(request).data?.data ?? []));
  return found;
}

function readByIdsRequests(client: ZohoClient, module: string, ids: readonly string[], fields: readonly string[]): ZohoRequest[] {
  const base = `/crm/v8/${encodeURIComponent(module)}?fields=${fields.map(encodeURIComponent).join(',')}&ids=`;
  // Ids are digits joined with bare commas.
  const perCall = Math.max(1, Math.min(MAX_RECORDS_PER_WRITE, Math.floor((MAX_URL_CHARS - client.apiDomain.length - base.length) / (MAX_ID_CHARS + 1))));
  const requests: ZohoRequest[] = [];
  for (let i = 0; i < ids.length; i += perCall) requests.push({ method: 'get', path: base + ids.slice(i, i + perCall).map(encodeURIComponent).join(',') });
  return requests;
}

function parseHttpDate(headers: Record<string, string>): number | null {
  const key = Object.keys(headers).find((k) => k.toLowerCase() === 'date');
  const value = key ? Date.parse(headers[key]!) : NaN;
  return Number.isFinite(value) ? value : null;
}

/** Zoho: at most 100 records per insert, update or read by ids (reference §6.1). */
export const MAX_RECORDS_PER_WRITE = 100;

/**
 * How far back through newly created records a lost insert is looked for: 100 pages of 200. Zoho's
 * `page` stops at 2,000 records, so the pages follow `page_token`, which reaches 100,000
 * (reference §5.1). A busy org creates thousands of records a day, and the check starts from the
 * newest: stopping at 2,000 left a row "Checking" (and its sheet unpulled) for good.
 */
const MAX_CREATED_PAGES = 100;

/** Apps Script refuses longer URLs (platform reference §1.3). */
export const MAX_URL_CHARS = 2082;
/** Zoho record ids are 19 digits (reference §3). */
const MAX_ID_CHARS = 19;

/** Which automation a write runs: omitted runs all of it, [] runs none (reference §6.1). */
export type WriteTriggers = Array<'workflow' | 'approval' | 'blueprint' | 'pathfinder' | 'orchestration'> | undefined;

/** Records created since some time, newest first, as far back as the search could page. */
export interface CreatedRecords {
  records: ZohoRecord[];
  /** False when paging stopped before reaching records older than `sinceMs`: the list may miss some. */
  complete: boolean;
}

export interface RecordWriter {
  /** The current version of up to 100 records (missing ids were deleted, or are not visible to this user). */
  current(module: string, ids: readonly string[], fields: readonly string[]): ZohoRecord[];
  /** Optionally reads what current() will be asked for several batches, in parallel, ahead of time. */
  readAhead?(module: string, batches: ReadonlyArray<readonly string[]>, fields: readonly string[]): void;
  /**
   * The records of `module` that `userId` created at or after `sinceMs` (Zoho's clock), with
   * `fields`, Created_By and Created_Time: what reconciliation searches for an insert whose answer
   * was lost.
   */
  createdSince(module: string, fields: readonly string[], sinceMs: number, userId: string): CreatedRecords;
  /**
   * `unmodifiedSince` (a Modified_Time as Zoho wrote it): Zoho refuses, per record, an update of a
   * record modified after it with ALREADY_MODIFIED (If-Unmodified-Since; zoho/crm-oas v8.0
   * updateRecords, examples/response-412-alreadymodified.md), and answers 412 when it refuses all.
   */
  update(module: string, records: ReadonlyArray<Record<string, unknown>>, triggers: WriteTriggers, unmodifiedSince?: string): ZohoWriteResult[];
  insert(module: string, records: ReadonlyArray<Record<string, unknown>>, triggers: WriteTriggers): ZohoWriteResult[];
  /** Inserts, or updates the record whose `duplicateCheckFields` values match (each result's `action` says which). */
  upsert(module: string, records: ReadonlyArray<Record<string, unknown>>, duplicateCheckFields: readonly string[], triggers: WriteTriggers): ZohoWriteResult[];
}

export class ZohoRecordWriter implements RecordWriter {
  private readonly client: ZohoClient;

  constructor(client: ZohoClient) {
    this.client = client;
  }

  current(module: string, ids: readonly string[], fields: readonly string[]): ZohoRecord[] {
    return readByIds(this.client, module, ids, fields);
  }

  /** Reads the current versions of several batches together (ZohoClient.prefetch); current() then takes them. */
  readAhead(module: string, batches: ReadonlyArray<readonly string[]>, fields: readonly string[]): void {
    this.client.prefetch(batches.flatMap((ids) => readByIdsRequests(this.client, module, ids, fields)));
  }



  /**
   * Newest first by Created_Time (one of the three orders Zoho sorts by, reference §5.1), 200 a
   * page following `page_token` (MAX_CREATED_PAGES); stops at the first record older than `sinceMs`.
   * A list sorted by creation sees a record as soon as it is written, which search does not promise.
   */
  createdSince(module: string, fields: readonly string[], sinceMs: number, userId: string): CreatedRecords {
    const wanted = [...new Set([...fields, 'Created_By', 'Created_Time'])];
    const found: ZohoRecord[] = [];
    let pageToken: string | undefined;
    for (let page = 1; page <= MAX_CREATED_PAGES; page++) {
      const answer = this.client.request<ZohoRecordsPage>({
        method: 'get',
        path: `/crm/v8/${encodeURIComponent(module)}`,
        query: { fields: wanted.join(','), sort_by: 'Created_Time', sort_order: 'desc', per_page: RECORDS_PER_PAGE, page_token: pageToken },
      });
      const records = answer.data?.data ?? [];
      for (const record of records) {
        const created = parseZohoDateTime(String(record.Created_Time ?? ''));
        if (created !== null && created < sinceMs) return { records: found, complete: true };
        const by = record.Created_By as { id?: unknown } | null | undefined;
        if (String(by?.id ?? '') === userId) found.push(record);
      }
      if (!answer.data?.info?.more_records) return { records: found, complete: true };
      pageToken = answer.data.info.next_page_token ?? undefined;
      // Without a token the list cannot go on: what was not read proves nothing.
      if (!pageToken) return { records: found, complete: false };
    }
    return { records: found, complete: false };
  }

  update(module: string, records: ReadonlyArray<Record<string, unknown>>, triggers: WriteTriggers, unmodifiedSince?: string): ZohoWriteResult[] {
    return this.write('put', module, records, triggers, true, '', {}, unmodifiedSince ? { 'If-Unmodified-Since': unmodifiedSince } : undefined);
  }

  insert(module: string, records: ReadonlyArray<Record<string, unknown>>, triggers: WriteTriggers): ZohoWriteResult[] {
    return this.write('post', module, records, triggers, false);
  }

  /** POST /{module}/upsert with duplicate_check_fields (reference §6.1). Not resent on a doubtful failure, like an insert. */
  upsert(module: string, records: ReadonlyArray<Record<string, unknown>>, duplicateCheckFields: readonly string[], triggers: WriteTriggers): ZohoWriteResult[] {
    return this.write('post', module, records, triggers, false, '/upsert', { duplicate_check_fields: duplicateCheckFields });
  }

  private write(method: 'put' | 'post', module: string, records: ReadonlyArray<Record<string, unknown>>, triggers: WriteTriggers, idempotent: boolean, suffix = '', extra: Record<string, unknown> = {}, headers?: Record<string, string>): ZohoWriteResult[] {
    const body: Record<string, unknown> = { data: records, ...extra };
    if (triggers) body.trigger = triggers;
    // A 400 carries per-record errors for a batch where every record failed (reference §6.3), so
    // the answer is read whatever its status.
    const path = `/crm/v8/${encodeURIComponent(module)}${suffix}`;
    const answer = this.client.request<{ data?: ZohoWriteResult[] }>({ method, path, body, idempotent, acceptErrorBody: true, ...(headers ? { headers } : {}) });
    const results = answer.data?.data ?? [];
    throwRequestError(`${method.toUpperCase()} ${path}`, answer.status, results);
    return results;
  }
}

/**
 * Zoho puts some request-level errors inside `data`, shaped like a per-record result: a module that
 * no longer exists is `{"data":[{"code":"INVALID_MODULE","details":{"resource_path_index":0},…}]}`
 * for inserts, updates, deletes and the deleted-record list (zoho/crm-oas v8.0
 * createRecords/deleteRecords/getDeletedRecords response-400-invalidmodule.md). Those are about the
 * whole call, so they become one error ("this module is gone") rather than an error on every row.
 * @throws SyncError when `items` holds such an error
 */
interface RequestErrorItem { code?: string; message?: string; status?: string; details?: unknown }

function throwRequestError(operation: string, status: number, items: ReadonlyArray<RequestErrorItem> | undefined): void {
  const first = items?.[0];
  if (!first || first.status !== 'error') return;
  const details = (first.details ?? {}) as Record<string, unknown>;
  const requestLevel = first.code === 'INVALID_MODULE' || 'resource_path_index' in details || (items!.length === 1 && status >= 400 && 'param_name' in details);
  if (!requestLevel) return;
  throw crmError({ operation, status, code: first.code, message: first.message, details });
}
