// Bulk Read (reference §10.1): POST /crm/bulk/v8/read creates a job, GET .../{id} reports ADDED ->
// IN PROGRESS -> COMPLETED (after two polls or bulkJobSeconds on the emulator clock), and
// GET .../{id}/result answers a zip (fflate) holding `<id>.csv` with an `id` column first.

import { zipSync, strToU8 } from 'fflate';
import type { EmulatorClock } from '../clock';
import { type Reply, isPlainObject, jsonReply, parseJsonBody } from '../http-util';
import type { DataCenter } from '../seed/orgs';
import { MODULES, type ModuleName, fieldOf, resolveModuleName } from '../seed/schema';
import type { ModuleStore } from '../store/types';
import { ZohoApiError, crmErrors } from './errors';
import { formatDateTime, parseDateTime } from './format';
import { moduleId } from './metadata';
import type { CrmRequest } from './request';
import { visibleRecords } from './sharing';

export const BULK_READ_RECORDS_PER_PAGE = 200_000;
export const BULK_DOWNLOADS_PER_MINUTE = 10;

type BulkState = 'ADDED' | 'IN PROGRESS' | 'COMPLETED';

interface BulkCriteria {
  group_operator?: string;
  group?: BulkCriteria[];
  field?: { api_name?: string };
  comparator?: string;
  value?: unknown;
}

export interface BulkJob {
  id: string;
  dc: DataCenter;
  module: ModuleName;
  fields: string[];
  page: number;
  criteria: BulkCriteria | null;
  seqs: number[];
  moreRecords: boolean;
  createdMs: number;
  createdBy: { id: string; name: string };
  polls: number;
  state: BulkState;
  callback: unknown;
}

const COMPARATORS = ['equal', 'not_equal', 'contains', 'not_contains', 'starts_with', 'ends_with', 'in', 'not_in', 'greater_than', 'greater_equal', 'less_than', 'less_equal', 'between'];

export class BulkReadJobs {
  private readonly jobs = new Map<string, BulkJob>();
  private counter = 0;
  private downloads: number[] = [];

  constructor(private readonly clock: EmulatorClock, private readonly completeAfterSeconds: () => number) {}

  add(job: Omit<BulkJob, 'id' | 'polls' | 'state'>, idPrefix: string): BulkJob {
    this.counter++;
    const full: BulkJob = { ...job, id: `${idPrefix}97${String(this.counter).padStart(7, '0')}`, polls: 0, state: 'ADDED' };
    this.jobs.set(full.id, full);
    return full;
  }

  get(id: string, dc: DataCenter): BulkJob | undefined {
    const job = this.jobs.get(id);
    return job && job.dc === dc ? job : undefined;
  }

  /** Advances a job on each status poll: ADDED -> IN PROGRESS -> COMPLETED, or by elapsed time. */
  poll(job: BulkJob): BulkState {
    job.polls++;
    if (job.polls >= 2 || this.clock.now() - job.createdMs >= this.completeAfterSeconds() * 1000) job.state = 'COMPLETED';
    else job.state = 'IN PROGRESS';
    return job.state;
  }

  allowDownload(): boolean {
    const now = this.clock.now();
    this.downloads = this.downloads.filter((t) => t > now - 60_000);
    if (this.downloads.length >= BULK_DOWNLOADS_PER_MINUTE) return false;
    this.downloads.push(now);
    return true;
  }

  clear(): void {
    this.jobs.clear();
    this.downloads = [];
  }
}

function criteriaError(message: string, details: Record<string, unknown> = {}): ZohoApiError {
  return new ZohoApiError(400, 'INVALID_DATA', message, { api_name: 'criteria', json_path: '$.query.criteria', ...details });
}

function checkCriteria(module: ModuleName, c: BulkCriteria): void {
  if (c.group) {
    if (!['and', 'or'].includes(String(c.group_operator ?? 'and').toLowerCase())) throw criteriaError('invalid group_operator');
    c.group.forEach((g) => checkCriteria(module, g));
    return;
  }
  const api = c.field?.api_name;
  if (!api || (api !== 'id' && !fieldOf(module, api))) throw criteriaError('invalid field in criteria', { field: api ?? null });
  if (!COMPARATORS.includes(String(c.comparator))) throw new ZohoApiError(400, 'FIELD_COMPARATOR_IN_CRITERIA_NOT_SUPPORTED', 'comparator not supported', { api_name: api, comparator: c.comparator ?? null });
}

function norm(module: ModuleName, api: string, v: unknown): string | number | null {
  if (v === null || v === undefined || v === '') return null;
  const type = fieldOf(module, api)?.dataType;
  if (type === 'datetime') return typeof v === 'number' ? v : parseDateTime(String(v)) ?? Date.parse(String(v));
  if (typeof v === 'number') return v;
  if (type === 'integer' || type === 'double' || type === 'currency' || type === 'percent') return Number(v);
  if (isPlainObject(v) && typeof v.id === 'string') return v.id;
  return String(v).toLowerCase();
}

function matches(store: ModuleStore, module: ModuleName, seq: number, c: BulkCriteria): boolean {
  if (c.group) {
    const op = String(c.group_operator ?? 'and').toLowerCase();
    return op === 'or' ? c.group.some((g) => matches(store, module, seq, g)) : c.group.every((g) => matches(store, module, seq, g));
  }
  const api = c.field?.api_name ?? 'id';
  const raw = api === 'id' ? store.idOf(seq) : store.read(seq, api);
  const actuals = Array.isArray(raw) ? raw.map((r) => norm(module, api, r)) : [norm(module, api, raw)];
  const values = Array.isArray(c.value) ? c.value.map((v) => norm(module, api, v)) : [norm(module, api, c.value)];
  const a = actuals[0] ?? null;
  const b = values[0] ?? null;
  const s = (x: unknown) => String(x ?? '');
  switch (c.comparator) {
    case 'equal': return actuals.includes(b);
    case 'not_equal': return !actuals.includes(b);
    case 'contains': return a !== null && s(a).includes(s(b));
    case 'not_contains': return a === null || !s(a).includes(s(b));
    case 'starts_with': return a !== null && s(a).startsWith(s(b));
    case 'ends_with': return a !== null && s(a).endsWith(s(b));
    case 'in': return actuals.some((x) => values.includes(x));
    case 'not_in': return !actuals.some((x) => values.includes(x));
    case 'between': return a !== null && b !== null && values[1] !== null && values[1] !== undefined && a >= b && a <= values[1];
    default:
      if (a === null || b === null) return false;
      if (c.comparator === 'greater_than') return a > b;
      if (c.comparator === 'greater_equal') return a >= b;
      if (c.comparator === 'less_than') return a < b;
      return a <= b;
  }
}

function pageToken(page: number): string {
  return Buffer.from(`bulk-page:${page}`).toString('base64url');
}

function pageFromToken(token: string): number | null {
  const m = /^bulk-page:(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  return m ? Number(m[1]) : null;
}

/** Module named in a create-job body, for the router's scope check. */
export function bulkModuleOf(req: CrmRequest): string {
  const parsed = parseJsonBody(req.body);
  if (parsed.ok && isPlainObject(parsed.value) && isPlainObject(parsed.value.query) && isPlainObject(parsed.value.query.module)) {
    return String(parsed.value.query.module.api_name ?? '');
  }
  return '';
}

export function createBulkRead(req: CrmRequest): Reply {
  const parsed = parseJsonBody(req.body);
  if (!parsed.ok) throw crmErrors.invalidBody();
  const body = parsed.value;
  if (!isPlainObject(body) || !isPlainObject(body.query)) throw new ZohoApiError(400, 'MANDATORY_NOT_FOUND', 'required field not found', { api_name: 'query', json_path: '$.query' });
  const query = body.query;
  const moduleRaw = isPlainObject(query.module) ? String(query.module.api_name ?? '') : '';
  const module = resolveModuleName(moduleRaw);
  if (!module) throw new ZohoApiError(400, 'INVALID_DATA', 'invalid data', { api_name: 'module', json_path: '$.query.module' });
  const fields = Array.isArray(query.fields) && query.fields.length > 0
    ? query.fields.map((f) => (isPlainObject(f) ? String(f.api_name ?? '') : String(f)))
    : MODULES[module].fields.map((f) => f.apiName);
  const bad = fields.find((f) => f !== 'id' && !fieldOf(module, f));
  if (bad !== undefined) throw new ZohoApiError(400, 'INVALID_DATA', 'invalid data', { api_name: bad, json_path: '$.query.fields' });
  let page = 1;
  if (query.page_token !== undefined && query.page_token !== null) {
    if (query.page !== undefined && query.page !== null) throw crmErrors.ambiguity(['page', 'page_token']);
    const fromToken = pageFromToken(String(query.page_token));
    if (fromToken === null) throw new ZohoApiError(400, 'INVALID_DATA', 'invalid data', { api_name: 'page_token', json_path: '$.query.page_token' });
    page = fromToken;
  } else if (query.page !== undefined && query.page !== null) {
    page = Number(query.page);
    if (!Number.isInteger(page) || page < 1) throw new ZohoApiError(400, 'INVALID_DATA', 'invalid data', { api_name: 'page', json_path: '$.query.page' });
  }
  const criteria = isPlainObject(query.criteria) ? (query.criteria as BulkCriteria) : null;
  if (criteria) checkCriteria(module, criteria);
  const store = req.org.module(module);
  const visible = visibleRecords(req, module);
  const all = criteria || visible
    ? store.liveSeqs().filter((seq) => (!visible || visible(store, seq)) && (!criteria || matches(store, module, seq, criteria)))
    : store.liveSeqs();
  const start = (page - 1) * BULK_READ_RECORDS_PER_PAGE;
  const seqs = all.slice(start, start + BULK_READ_RECORDS_PER_PAGE);
  const createdBy = { id: req.user.id, name: `${req.user.firstName} ${req.user.lastName}` };
  const now = req.ctx.clock.now();
  const job = req.ctx.bulk.add({
    dc: req.dc, module, fields: ['id', ...fields.filter((f) => f !== 'id')], page, criteria, seqs,
    moreRecords: all.length > start + BULK_READ_RECORDS_PER_PAGE, createdMs: now, createdBy, callback: body.callback ?? null,
  }, req.org.org.idPrefix);
  return jsonReply(201, {
    data: [{
      status: 'success', code: 'ADDED_SUCCESSFULLY', message: 'Added successfully.',
      details: { id: job.id, operation: 'read', state: 'ADDED', created_by: createdBy, created_time: formatDateTime(now, req.org.org.timeZone) },
    }],
    info: {},
  });
}

export function findJob(req: CrmRequest): BulkJob {
  const job = req.ctx.bulk.get(req.params.job ?? '', req.dc);
  if (!job) throw crmErrors.resourceNotFound('bulk read job');
  return job;
}

export function bulkReadStatus(req: CrmRequest): Reply {
  const job = findJob(req);
  const state = req.ctx.bulk.poll(job);
  const org = req.org.org;
  const entry: Record<string, unknown> = {
    id: job.id, operation: 'read', state,
    query: {
      module: { api_name: job.module, id: moduleId(org, job.module) }, page: job.page, fields: job.fields.filter((f) => f !== 'id'),
      ...(job.criteria ? { criteria: job.criteria } : {}),
    },
    created_by: job.createdBy, created_time: formatDateTime(job.createdMs, org.timeZone), file_type: 'csv', callback: job.callback,
  };
  if (state === 'COMPLETED') {
    entry.result = {
      page: job.page, per_page: BULK_READ_RECORDS_PER_PAGE, count: job.seqs.length,
      download_url: `/crm/bulk/v8/read/${job.id}/result`, more_records: job.moreRecords,
      next_page_token: job.moreRecords ? pageToken(job.page + 1) : null,
    };
  }
  return jsonReply(200, { data: [entry] });
}

function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = Array.isArray(value) ? value.join(';') : typeof value === 'object' ? String((value as Record<string, unknown>).id ?? '') : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function bulkReadResult(req: CrmRequest): Reply {
  const job = findJob(req);
  if (job.state !== 'COMPLETED') throw new ZohoApiError(400, 'INVALID_REQUEST', 'the job has not completed yet', { id: job.id, state: job.state });
  if (!req.ctx.bulk.allowDownload()) throw crmErrors.tooManyRequests('You have exceeded the number of downloads allowed per minute.');
  const store = req.org.module(job.module);
  const lines: string[] = [job.fields.join(',')];
  for (const seq of job.seqs) {
    lines.push(job.fields.map((f) => {
      if (f === 'id') return store.idOf(seq);
      const value = store.read(seq, f);
      const type = fieldOf(job.module, f)?.dataType;
      return csvCell(type === 'datetime' && typeof value === 'number' ? formatDateTime(value, req.org.org.timeZone) : value);
    }).join(','));
  }
  const zip = zipSync({ [`${job.id}.csv`]: strToU8(`${lines.join('\n')}\n`) });
  return {
    status: 200,
    headers: { 'Content-Type': 'application/zip', 'Content-Disposition': `attachment; filename="${job.id}.zip"` },
    body: Buffer.from(zip),
  };
}
