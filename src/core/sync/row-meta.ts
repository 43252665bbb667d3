// The hidden per-row sync data: what the last pull wrote (as a fingerprint), the record's
// Modified_Time then, the ids behind lookup names, and a pending conflict with Zoho's values.

import type { LookupLink } from '../cells/record-codec';

export interface RowMeta {
  /** Modified_Time of the record when the row was last pulled or pushed. */
  m: string;
  /** Fingerprint of the synced cells as that pull wrote them; differs once the user edits the row. */
  f: string;
  /** Key of the field list `f` covers (SyncState.fieldLists), so a row pulled before the fields changed is still checked right. */
  k?: string;
  /** A short hash of each field's cell, in the order of list `k`: which fields a push must send. */
  h?: string[];
  /** Lookup and owner links by field api_name. */
  l?: Record<string, LookupLink>;
  /** Set while the row is in conflict: Zoho's newer Modified_Time and its values. */
  c?: { m: string; v: Record<string, unknown> };
}

export function parseRowMeta(cell: unknown): RowMeta | null {
  if (typeof cell !== 'string' || !cell.startsWith('{')) return null;
  try {
    const parsed = JSON.parse(cell) as RowMeta;
    return typeof parsed.f === 'string' ? parsed : null;
  } catch {
    return null;
  }
}

/** Characters kept of each field's hash: 36^6 ≈ 2 billion values, so a missed edit is a 1-in-2-billion event per edited cell. */
export const FIELD_HASH_CHARS = 6;

/** The per-field hashes of a row's cells (see RowMeta.h). */
export function fieldHashes(cells: readonly unknown[], fingerprint: (values: readonly unknown[]) => string): string[] {
  return cells.map((cell) => fingerprint([cell]).slice(0, FIELD_HASH_CHARS));
}

/** Serialised without a leading '=' or '+', so Sheets keeps it as text. */
export function formatRowMeta(meta: RowMeta): string {
  return JSON.stringify(meta);
}
