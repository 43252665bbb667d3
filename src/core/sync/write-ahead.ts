// Write-ahead marks for pushes whose outcome may be unknown. Before a batch call, each row of the
// batch is marked "in flight" in its own sync data (which moves with the row when the user sorts),
// with what exactly was sent; after the answer the marks are replaced by the result. A mark still
// there at the next push means Zoho may or may not have applied the write (the connection dropped,
// the answer was cut, Zoho failed after applying, the execution was killed), and reconcile.ts
// finds out before anything is sent again. Nothing here talks to Zoho or Sheets.

import { fingerprintRow } from '../cells/fingerprint';
import { parseZohoDateTime } from '../cells/zoho-time';
import { ConfigError, NotConnectedError, RateLimitedError, ReconnectRequiredError, SyncError, ZohoServiceError } from '../errors';
import type { ZohoField, ZohoRecord } from '../zoho/wire';

/**
 * Fields a mark keeps to recognise its record by. Zoho reads at most 50 fields per call (reference
 * §5.1); reconciliation also asks Created_By and Created_Time, so 40 leaves room.
 */
export const MAX_MATCH_FIELDS = 40;

/** An in-flight write, kept in RowMeta.p until the answer (or reconciliation) settles it. */
export interface InFlightMark {
  /** 'i' insert, 'u' update. */
  o: 'i' | 'u';
  /** When the call was about to be sent (script clock, ms). */
  t: number;
  /** Attempt key, unique per row and attempt: two rows with one key are a copied row. */
  a: string;
  /** Zoho user id of the connection that sent it: reconciliation looks among that user's records. */
  u: string;
  /** Signature of the values sent for the fields in `n` (see signatureOf). */
  s: string;
  /** Api names of the fields the signature covers, sorted. */
  n: string[];
  /** Fingerprint and per-field hashes (joined) of the row's cells as sent: the row's base once confirmed. */
  f: string;
  h: string;
}

/**
 * One field's value as Zoho means it, so a value as we sent it and as Zoho reads it back compare
 * equal: a lookup by its id, a datetime by its instant (Zoho answers in the org's offset, whatever
 * offset was sent), a number by its value, a multiselect as a set; empty in every form is one value.
 */
export function canonicalValue(field: ZohoField | undefined, value: unknown): string {
  if (value === null || value === undefined || value === '') return '';
  if (Array.isArray(value)) {
    if (!value.length) return '';
    return JSON.stringify(value.map((v) => canonicalValue(undefined, v)).sort());
  }
  if (typeof value === 'object') {
    const id = (value as { id?: unknown }).id;
    return id === undefined || id === null ? JSON.stringify(value) : `#${String(id)}`;
  }
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  const text = String(value);
  if (field?.data_type === 'datetime') {
    const instant = parseZohoDateTime(text);
    if (instant !== null) return `@${instant}`;
  }
  if (field && ['integer', 'bigint', 'long', 'double', 'currency', 'percent'].includes(field.data_type) && text.trim() !== '' && Number.isFinite(Number(text))) {
    return String(Number(text));
  }
  return text.trim();
}

/** A short hash of the canonical values of `names` in `values` (a payload sent, or a record read). */
export function signatureOf(names: readonly string[], values: Readonly<Record<string, unknown>>, fields: ReadonlyMap<string, ZohoField>): string {
  return fingerprintRow(names.map((name) => canonicalValue(fields.get(name), values[name])));
}

/** The fields a mark matches on: those sent, sorted, at most MAX_MATCH_FIELDS. */
export function matchFields(payload: Readonly<Record<string, unknown>>): string[] {
  return Object.keys(payload).filter((k) => k !== 'id').sort().slice(0, MAX_MATCH_FIELDS);
}

export function markFor(op: 'i' | 'u', payload: Readonly<Record<string, unknown>>, fields: ReadonlyMap<string, ZohoField>, sent: { at: number; attempt: string; user: string; fingerprint: string; hashes: readonly string[] }): InFlightMark {
  const n = matchFields(payload);
  return { o: op, t: sent.at, a: sent.attempt, u: sent.user, s: signatureOf(n, payload, fields), n, f: sent.fingerprint, h: sent.hashes.join('') };
}

/** Whether a record Zoho has now carries exactly the values a mark sent. */
export function recordMatches(mark: InFlightMark, record: ZohoRecord, fields: ReadonlyMap<string, ZohoField>): boolean {
  return signatureOf(mark.n, record, fields) === mark.s;
}

/**
 * Whether a failed write call may still have been applied by Zoho. Certain refusals: a 4xx answer
 * (Zoho checks the request before doing anything), 429 (refused before any work; reference §9),
 * and the token or setup failing before the call left. Everything else may have been applied: no
 * answer at all, a cut or unreadable answer, a 5xx (Zoho may fail after applying), or an error we
 * do not know. When in doubt it is uncertain: a check with Zoho costs one read; a resend can cost
 * a duplicate record.
 */
export function mayHaveBeenApplied(error: unknown): boolean {
  if (error instanceof RateLimitedError || error instanceof NotConnectedError || error instanceof ReconnectRequiredError || error instanceof ConfigError) return false;
  if (error instanceof ZohoServiceError) {
    if (error.code === 'ZOHO_NETWORK' || error.code === 'ZOHO_MALFORMED_ANSWER') return true;
    const status = error.status;
    return status === undefined || status >= 500;
  }
  if (error instanceof SyncError) return error.retryable;
  return true;
}

/**
 * Settles inserts whose answer was lost against the records this user created since: each mark
 * adopts at most one record with exactly its values, and each record is adopted at most once
 * (identical rows sent together match as a multiset). Records already linked to a row are never
 * adopted again. Marks are matched oldest first, records oldest first, so repeated attempts pair
 * in the order they were made.
 * @returns for each mark (by attempt key) the id adopted, or null when none matches.
 */
export function matchInserts(marks: readonly InFlightMark[], created: readonly ZohoRecord[], linked: ReadonlySet<string>, fields: ReadonlyMap<string, ZohoField>): Map<string, string | null> {
  const pool = created.filter((r) => !linked.has(String(r.id)))
    .sort((a, b) => String(a.Created_Time ?? '').localeCompare(String(b.Created_Time ?? '')) || String(a.id).localeCompare(String(b.id)));
  const taken = new Set<string>();
  const adopted = new Map<string, string | null>();
  for (const mark of [...marks].sort((a, b) => a.t - b.t)) {
    const found = pool.find((r) => !taken.has(String(r.id)) && recordMatches(mark, r, fields));
    if (found) taken.add(String(found.id));
    adopted.set(mark.a, found ? String(found.id) : null);
  }
  return adopted;
}
