// Insert, update, upsert and delete (reference §6): at most 100 records a call, one result per
// record in input order, 201/200 all ok, 207 mixed, 400 all failed. Unique fields refuse duplicates.

import { type Reply, isPlainObject, jsonReply, parseJsonBody } from '../http-util';
import { MODULES, type ModuleName } from '../seed/schema';
import type { ModuleStore } from '../store/types';
import { type RecordResult, crmErrors, recordError, recordErrors } from './errors';
import { formatDateTime, parseHeaderTime } from './format';
import { moduleParam } from './records';
import { type CrmRequest, header } from './request';
import { canSee } from './sharing';
import { validateRecord } from './validation';

export const MAX_RECORDS_PER_WRITE = 100;

interface WriteBody {
  data: unknown[];
  trigger: unknown;
  duplicateCheckFields: unknown;
}

/** Reads `{data:[...]}` from the body, whatever the Content-Type (the SDK sends none, §13.2). */
export function readWriteBody(req: CrmRequest): WriteBody {
  const parsed = parseJsonBody(req.body);
  if (!parsed.ok) throw crmErrors.invalidBody();
  if (!isPlainObject(parsed.value) || parsed.value.data === undefined) throw crmErrors.dataMissing();
  const data = parsed.value.data;
  if (!Array.isArray(data)) throw crmErrors.invalidParam('data', { expected_data_type: 'jsonarray' });
  if (data.length === 0) throw crmErrors.dataMissing();
  if (data.length > MAX_RECORDS_PER_WRITE) throw crmErrors.tooManyRecords(MAX_RECORDS_PER_WRITE);
  return { data, trigger: parsed.value.trigger, duplicateCheckFields: parsed.value.duplicate_check_fields };
}

/** Writes cost 1 credit per 10 records (reference §9.1); used by the router before handling. */
export function countBodyRecords(req: CrmRequest): number {
  const parsed = parseJsonBody(req.body);
  if (!parsed.ok || !isPlainObject(parsed.value) || !Array.isArray(parsed.value.data)) return 1;
  return Math.max(1, Math.min(parsed.value.data.length, MAX_RECORDS_PER_WRITE));
}

function successDetails(req: CrmRequest, store: ModuleStore, seq: number): Record<string, unknown> {
  const tz = req.org.org.timeZone;
  const ref = (id: unknown) => {
    const u = typeof id === 'string' ? req.org.user(id) : undefined;
    return u ? { name: `${u.firstName} ${u.lastName}`, id: u.id } : null;
  };
  return {
    Modified_Time: formatDateTime(store.modifiedMs(seq), tz),
    Modified_By: ref(store.read(seq, 'Modified_By')),
    Created_Time: formatDateTime(store.createdMs(seq), tz),
    id: store.idOf(seq),
    Created_By: ref(store.read(seq, 'Created_By')),
    $approval_state: 'approved',
  };
}

function success(message: string, details: Record<string, unknown>, extra: Record<string, unknown> = {}): RecordResult {
  return { code: 'SUCCESS', details, message, status: 'success', ...extra };
}

function duplicateOf(req: CrmRequest, module: ModuleName, store: ModuleStore, values: Record<string, unknown>, index: number, selfSeq: number | null): RecordResult | null {
  for (const field of MODULES[module].fields) {
    if (!field.unique || values[field.apiName] === undefined || values[field.apiName] === null) continue;
    const other = store.findByValue(field.apiName, values[field.apiName]).find((seq) => seq !== selfSeq);
    if (other !== undefined) {
      const owner = req.org.user(String(store.read(other, 'Owner')));
      const id = store.idOf(other);
      return recordError('DUPLICATE_DATA', 'duplicate data', {
        api_name: field.apiName,
        // Shape of zoho/crm-oas v8.0 createRecords/updateRecord response-400-duplicatedataerror.md.
        duplicate_record: { Owner: owner ? { name: `${owner.firstName} ${owner.lastName}`, id: owner.id, zuid: owner.zuid } : null, id },
        json_path: `$.data[${index}].${field.apiName}`, id, more_records: false,
      });
    }
  }
  return null;
}

function statusFor(results: RecordResult[], allOk: number): number {
  const ok = results.filter((r) => r.status === 'success').length;
  if (ok === results.length) return allOk;
  if (ok === 0) return results.every((r) => r.code === 'ALREADY_MODIFIED') ? 412 : 400;
  return 207;
}

function finish(req: CrmRequest, body: WriteBody, results: RecordResult[], allOk: number): Reply {
  const written = results.filter((r) => r.status === 'success').length;
  req.ctx.counters.addRecordsWritten(written);
  req.ctx.counters.addWrite(body.trigger, written);
  return jsonReply(statusFor(results, allOk), { data: results });
}

function insertOne(req: CrmRequest, module: ModuleName, store: ModuleStore, input: unknown, index: number): RecordResult {
  if (!isPlainObject(input)) return recordErrors.notRecordObject(`$.data[${index}]`);
  if (input.id !== undefined) return recordErrors.readOnly('id', `$.data[${index}].id`);
  const checked = validateRecord(module, input, index, 'insert', req.org);
  if (!checked.ok) return checked.error;
  const duplicate = duplicateOf(req, module, store, checked.values, index, null);
  if (duplicate) return duplicate;
  const seq = store.insert(checked.values, req.user.id, req.ctx.clock.now());
  return success('record added', successDetails(req, store, seq));
}

function updateOne(req: CrmRequest, module: ModuleName, store: ModuleStore, input: unknown, index: number, idFromPath?: string): RecordResult {
  if (!isPlainObject(input)) return recordErrors.notRecordObject(`$.data[${index}]`);
  const rawId = idFromPath ?? input.id;
  if (rawId === undefined || rawId === null || rawId === '') return recordErrors.mandatory('id', `$.data[${index}].id`);
  const id = String(rawId);
  const seq = store.seqOf(id);
  if (seq === undefined || !store.isLive(seq)) return recordErrors.invalidId(id, `$.data[${index}].id`);
  if (!canSee(req, module, store, seq)) return recordErrors.noRecordPermission(id, `$.data[${index}].id`);
  if (req.org.isLocked(module, id)) return recordErrors.recordLocked(`$.data[${index}].id`);
  const unmodifiedSince = header(req, 'if-unmodified-since');
  if (unmodifiedSince) {
    const limit = parseHeaderTime(unmodifiedSince);
    if (limit !== null && store.modifiedMs(seq) > limit) {
      const details = successDetails(req, store, seq);
      return recordError('ALREADY_MODIFIED', 'record modified after the given If-Unmodified-Since time', { id, Modified_Time: details.Modified_Time, Modified_By: details.Modified_By });
    }
  }
  const checked = validateRecord(module, input, index, 'update', req.org);
  if (!checked.ok) return { ...checked.error, details: { ...checked.error.details, id } };
  const duplicate = duplicateOf(req, module, store, checked.values, index, seq);
  if (duplicate) return duplicate;
  store.update(seq, checked.values, req.user.id, req.ctx.clock.now());
  return success('record updated', successDetails(req, store, seq));
}

/** POST /crm/v8/{module} */
export function insertRecords(req: CrmRequest): Reply {
  const module = moduleParam(req.params.module);
  const body = readWriteBody(req);
  const store = req.org.module(module);
  const results = body.data.map((input, i) => insertOne(req, module, store, input, i));
  return finish(req, body, results, 201);
}

/** PUT /crm/v8/{module} and PUT /crm/v8/{module}/{id} */
export function updateRecords(req: CrmRequest): Reply {
  const module = moduleParam(req.params.module);
  const body = readWriteBody(req);
  const store = req.org.module(module);
  const idFromPath = req.params.id;
  if (idFromPath !== undefined && body.data.length > 1) throw crmErrors.tooManyRecords(1);
  const results = body.data.map((input, i) => updateOne(req, module, store, input, i, idFromPath));
  return finish(req, body, results, 200);
}

/** POST /crm/v8/{module}/upsert: match on duplicate_check_fields in order, else insert (§6.1). */
export function upsertRecords(req: CrmRequest): Reply {
  const module = moduleParam(req.params.module);
  const body = readWriteBody(req);
  const store = req.org.module(module);
  const def = MODULES[module];
  let checkFields: string[];
  if (body.duplicateCheckFields === undefined) {
    checkFields = [def.systemUniqueField, ...def.fields.filter((f) => f.unique && f.apiName !== def.systemUniqueField).map((f) => f.apiName)];
  } else {
    const raw = body.duplicateCheckFields;
    checkFields = Array.isArray(raw) ? raw.map(String) : String(raw).split(',').map((s) => s.trim());
    const bad = checkFields.find((f) => !def.fields.some((d) => d.apiName === f && !d.readOnly));
    if (bad !== undefined) throw crmErrors.invalidParam('duplicate_check_fields', { api_name: bad });
  }
  const results = body.data.map((input, i): RecordResult => {
    if (!isPlainObject(input)) return recordErrors.notRecordObject(`$.data[${i}]`);
    if (input.id !== undefined && input.id !== null) {
      const r = updateOne(req, module, store, input, i);
      return r.status === 'success' ? { ...r, action: 'update', duplicate_field: null } : r;
    }
    for (const field of checkFields) {
      const value = input[field];
      if (value === undefined || value === null || value === '') continue;
      const match = store.findByValue(field, value)[0];
      if (match !== undefined) {
        const { id: _ignored, ...rest } = input;
        const r = updateOne(req, module, store, rest, i, store.idOf(match));
        return r.status === 'success' ? { ...r, action: 'update', duplicate_field: field } : r;
      }
    }
    const r = insertOne(req, module, store, input, i);
    return r.status === 'success' ? { ...r, action: 'insert', duplicate_field: null } : r;
  });
  return finish(req, body, results, 200);
}

/** DELETE /crm/v8/{module}?ids= and DELETE /crm/v8/{module}/{id} */
export function deleteRecords(req: CrmRequest): Reply {
  const module = moduleParam(req.params.module);
  const raw = req.params.id ?? req.query.get('ids');
  if (raw === null || raw === undefined || raw.trim() === '') throw crmErrors.requiredParamMissing('ids');
  const ids = raw.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (ids.length > MAX_RECORDS_PER_WRITE) throw crmErrors.limitExceeded(MAX_RECORDS_PER_WRITE, 'ids');
  const store = req.org.module(module);
  const results = ids.map((id, i): RecordResult => {
    const seq = store.seqOf(id);
    if (seq === undefined || !store.isLive(seq)) return recordError('INVALID_DATA', 'record not deleted', { id, api_name: 'id', json_path: `$.ids[${i}]` });
    if (!canSee(req, module, store, seq)) return recordErrors.noRecordPermission(id, `$.ids[${i}]`);
    store.remove(seq, req.user.id, req.ctx.clock.now());
    return success('record deleted', { id });
  });
  const ok = results.filter((r) => r.status === 'success').length;
  return jsonReply(ok === results.length ? 200 : ok === 0 ? 400 : 207, { data: results });
}
