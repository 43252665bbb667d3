// Per-record validation of write bodies by field type (reference §4.2, §6.2): the first problem in
// a record becomes its INVALID_DATA / MANDATORY_NOT_FOUND entry, naming the field and its json_path.

import { MODULES, type FieldDef, type ModuleName, fieldOf } from '../seed/schema';
import type { OrgStore } from '../store/types';
import { currencyFieldDefs } from './currencies';
import { type RecordResult, recordErrors } from './errors';
import { parseDateTime } from './format';

const IGNORED_KEYS = new Set(['Tag', 'Layout', 'id']);
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MAX_INTEGER = 2_147_483_647;

export type Validated = { ok: true; values: Record<string, unknown> } | { ok: false; error: RecordResult };

function isEmpty(value: unknown): boolean {
  return value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
}

function validDate(text: string): boolean {
  const m = DATE.exec(text);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === text;
}

function lookupId(value: unknown): string | null {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const id = (value as Record<string, unknown>).id;
    if (typeof id === 'string' && /^\d+$/.test(id)) return id;
    if (typeof id === 'number' && Number.isSafeInteger(id)) return String(id);
  }
  return null;
}

/** Converts one wire value to its internal form, or returns the error entry. */
function convert(field: FieldDef, value: unknown, path: string, org: OrgStore): { value: unknown } | RecordResult {
  const api = field.apiName;
  switch (field.dataType) {
    case 'text': case 'textarea': case 'email': case 'phone': case 'website': {
      if (typeof value !== 'string') return recordErrors.invalidType(api, path, field.dataType);
      if (field.length !== undefined && value.length > field.length) return recordErrors.tooLong(api, path, field.length);
      if (field.dataType === 'email' && !EMAIL.test(value)) return recordErrors.invalidType(api, path, 'email');
      return { value };
    }
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value) || Math.abs(value) > MAX_INTEGER) return recordErrors.invalidType(api, path, 'integer');
      return { value };
    case 'bigint':
      if (typeof value === 'number' && Number.isSafeInteger(value)) return { value: String(value) };
      if (typeof value === 'string' && /^-?\d{1,18}$/.test(value)) return { value };
      return recordErrors.invalidType(api, path, 'bigint');
    case 'double': case 'currency': case 'percent': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return recordErrors.invalidType(api, path, 'double');
      const places = field.decimalPlace ?? 2;
      return { value: Math.round(value * 10 ** places) / 10 ** places };
    }
    case 'boolean':
      if (typeof value !== 'boolean') return recordErrors.invalidType(api, path, 'boolean');
      return { value };
    case 'date':
      if (typeof value !== 'string' || !validDate(value)) return recordErrors.invalidType(api, path, 'date');
      return { value };
    case 'datetime': {
      const ms = typeof value === 'string' ? parseDateTime(value) : null;
      if (ms === null) return recordErrors.invalidType(api, path, 'datetime');
      return { value: ms };
    }
    case 'picklist':
      if (typeof value !== 'string') return recordErrors.invalidType(api, path, 'picklist');
      if (!(field.picklist ?? []).includes(value)) return recordErrors.notInPicklist(api, path, field.picklist ?? []);
      return { value };
    case 'multiselectpicklist': {
      if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) return recordErrors.invalidType(api, path, 'jsonarray');
      if (value.some((v) => !(field.picklist ?? []).includes(v as string))) return recordErrors.notInPicklist(api, path, field.picklist ?? []);
      return { value: [...new Set(value as string[])] };
    }
    case 'lookup': {
      const id = lookupId(value);
      if (id === null) return recordErrors.invalidType(api, path, 'jsonobject');
      const target = org.module(field.lookupModule ?? 'Accounts');
      const seq = target.seqOf(id);
      if (seq === undefined || !target.isLive(seq)) return recordErrors.invalidValue(api, path);
      return { value: id };
    }
    case 'ownerlookup': {
      const id = lookupId(value);
      if (id === null) return recordErrors.invalidType(api, path, 'jsonobject');
      if (!org.user(id)) return recordErrors.invalidValue(api, path);
      return { value: id };
    }
    default:
      return recordErrors.readOnly(api, path);
  }
}

/**
 * Validates one element of `data`. Insert checks mandatory fields; update refuses clearing them.
 * Read-only fields (formula, autonumber, system, computed) are refused, not ignored.
 */
export function validateRecord(module: ModuleName, input: Record<string, unknown>, index: number, mode: 'insert' | 'update', org: OrgStore): Validated {
  const values: Record<string, unknown> = {};
  const pathOf = (api: string) => `$.data[${index}].${api}`;
  for (const [key, raw] of Object.entries(input)) {
    if (key.startsWith('$') || IGNORED_KEYS.has(key)) continue;
    // A multi-currency org's Currency (a picklist of its ISO codes) and read-only Exchange_Rate.
    const seeded = (org.fieldDeleted(module, key) ? undefined : fieldOf(module, key)) ?? currencyFieldDefs(org, module).find((f) => f.apiName === key);
    // Zoho checks a picklist value against the values an admin set, not those the field was created with.
    const picklist = seeded ? org.fieldPicklist(module, seeded.apiName) : undefined;
    const field = seeded && picklist ? { ...seeded, picklist } : seeded;
    if (!field) return { ok: false, error: recordErrors.unknownField(key, pathOf(key)) };
    if (field.readOnly || field.system || org.fieldMadeReadOnly(module, field.apiName)) return { ok: false, error: recordErrors.readOnly(key, pathOf(key)) };
    if (isEmpty(raw)) {
      if (field.mandatory) return { ok: false, error: recordErrors.mandatory(key, pathOf(key)) };
      values[key] = field.dataType === 'multiselectpicklist' ? [] : null;
      continue;
    }
    const converted = convert(field, raw, pathOf(key), org);
    if ('code' in converted) return { ok: false, error: converted };
    values[key] = converted.value;
  }
  if (mode === 'insert') {
    for (const field of MODULES[module].fields) {
      if (field.mandatory && isEmpty(values[field.apiName])) return { ok: false, error: recordErrors.mandatory(field.apiName, pathOf(field.apiName)) };
    }
  }
  return { ok: true, values };
}
