// Zoho's per-record refusals of a write (reference §6.2), read for the row's status: what it says
// in one sentence naming the column, whether it is about the record rather than a value, and
// whether it means the add-on's copy of the field metadata is out of date.

import type { ZohoField, ZohoWriteResult } from '../zoho/wire';

/**
 * Whether Zoho refused an update because it has no such record (deleted or merged after the check
 * before the write): INVALID_DATA naming the id rather than a field (reference §6.2: "for a bad id {id}").
 */
export function namesMissingRecord(result: ZohoWriteResult): boolean {
  const details = (result.details ?? {}) as { api_name?: unknown; id?: unknown };
  return result.code === 'INVALID_DATA' && (details.api_name === 'id' || (details.api_name === undefined && details.id !== undefined));
}

/**
 * What a rep can do about a per-record refusal that is about the record rather than a value
 * (zoho/crm-oas v8.0 updateRecords: RECORD_LOCKED in examples/response-400-recordlockederror.md).
 */
const RECORD_REFUSAL_HINTS: Readonly<Record<string, string>> = {
  RECORD_LOCKED: 'an approval or a blueprint in Zoho holds the record; your edit is kept and sent again at the next sync',
};

/**
 * Whether Zoho refused a record by its field metadata (reference §6.2): a value outside the options
 * it lists now, a field it no longer knows, or a required field.
 */
export function refusedByFieldMetadata(result: ZohoWriteResult): boolean {
  const details = (result.details ?? {}) as { api_name?: unknown; supported_values?: unknown };
  if (result.code === 'MANDATORY_NOT_FOUND') return true;
  return result.code === 'INVALID_DATA' && typeof details.api_name === 'string'
    && (Array.isArray(details.supported_values) || /api name|read.only/i.test(result.message ?? ''));
}

/** Zoho's per-record error in one sentence that names the column (none when Zoho names the record's id). */
export function describeZohoError(result: ZohoWriteResult | undefined, fields: ZohoField[]): string {
  if (!result) return 'no answer for this record.';
  const details = (result.details ?? {}) as { api_name?: string; expected_data_type?: string; maximum_length?: number; supported_values?: unknown[] };
  const field = fields.find((f) => f.api_name === details.api_name);
  const label = details.api_name === 'id' ? undefined : field?.field_label ?? details.api_name;
  const hint = RECORD_REFUSAL_HINTS[result.code];
  const extra = details.supported_values ? ` (allowed: ${details.supported_values.slice(0, 10).join(', ')})`
    : details.maximum_length ? ` (at most ${details.maximum_length} characters)`
      : details.expected_data_type ? ` (expected ${details.expected_data_type})`
        : hint ? ` — ${hint}` : '';
  return `${result.message || result.code}${label ? ` — ${label}` : ''}${extra} [${result.code}]`;
}
