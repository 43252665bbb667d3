// The hidden per-row sync data: what the last pull wrote (as a fingerprint), the record's
// Modified_Time then, the ids behind lookup names, and a pending conflict with Zoho's values.

import type { LookupLink } from '../cells/record-codec';
import type { InFlightMark } from './write-ahead';

export interface RowMeta {
  /** Modified_Time of the record when the row was last pulled or pushed. */
  m: string;
  /** Fingerprint of the synced cells as that pull wrote them; differs once the user edits the row. */
  f: string;
  /** Key of the field list `f` covers (SyncState.fieldLists), so a row pulled before the fields changed is still checked right. */
  k?: string;
  /**
   * A short hash of each field's cell, in the order of list `k`: which fields a push must send.
   * Saved as one string of FIELD_HASH_CHARS characters a field (a list of strings before
   * 2026-11, which still parses): 90 characters fewer a row for 30 fields.
   */
  h?: string[];
  /** Lookup and owner links by field api_name. */
  l?: Record<string, LookupLink>;
  /** Set while the row is in conflict: Zoho's newer Modified_Time and its values. */
  c?: { m: string; v: Record<string, unknown> };
  /** Set while a write of this row may or may not have reached Zoho (write-ahead.ts). */
  p?: InFlightMark;
  /**
   * The attempt (a mark's `a`) whose insert created this row's record. A copy of the row taken
   * while that insert was on the wire carries the mark, and is known by it as a copy (duplicates.ts).
   */
  a?: string;
  /** Set once Zoho listed the record as deleted (or merged away): the row is never sent as an update. */
  d?: boolean;
  /** Set while the record is outside the sheet's filter (issue 16): the row stays only because it is marked or has edits. */
  x?: boolean;
  /**
   * The record's currency (ISO code) in a multi-currency org, when it is not the org's base: the
   * row's amounts are in it and show its symbol (cells/currency.ts). Kept in the row, so it moves
   * with the row when the user sorts, as the cells' formats do.
   */
  cu?: string;
}

export function parseRowMeta(cell: unknown): RowMeta | null {
  if (typeof cell !== 'string' || !cell.startsWith('{')) return null;
  try {
    const parsed = JSON.parse(cell) as Omit<RowMeta, 'h'> & { h?: unknown };
    if (typeof parsed.f !== 'string') return null;
    const h = splitHashes(parsed.h);
    const { h: _saved, p, ...rest } = parsed;
    const meta: RowMeta = h ? { ...rest, h } : rest;
    if (isMark(p)) meta.p = p;
    return meta;
  } catch {
    return null;
  }
}

function isMark(value: unknown): value is InFlightMark {
  const p = value as Partial<InFlightMark> | null | undefined;
  return Boolean(p) && (p!.o === 'i' || p!.o === 'u') && typeof p!.t === 'number' && typeof p!.a === 'string' && typeof p!.u === 'string'
    && typeof p!.s === 'string' && Array.isArray(p!.n) && typeof p!.f === 'string' && typeof p!.h === 'string';
}

/** The per-field hashes kept in a mark (one joined string), as a list. */
export function markHashes(mark: InFlightMark): string[] {
  return splitHashes(mark.h) ?? [];
}

/** Characters kept of each field's hash: 36^6 ≈ 2 billion values, so a missed edit is a 1-in-2-billion event per edited cell. */
export const FIELD_HASH_CHARS = 6;

/** One field's hash at its fixed width (a hash shorter than that is padded, so hashes never run together). */
function fixedWidth(hash: string): string {
  return hash.slice(0, FIELD_HASH_CHARS).padEnd(FIELD_HASH_CHARS, '0');
}

/** The per-field hashes of a row's cells (see RowMeta.h). */
export function fieldHashes(cells: readonly unknown[], fingerprint: (values: readonly unknown[]) => string): string[] {
  return cells.map((cell) => fixedWidth(fingerprint([cell])));
}

/** Hashes as saved: one string of fixed-width hashes, or the older list of strings. */
function splitHashes(saved: unknown): string[] | undefined {
  if (Array.isArray(saved)) return saved.map((hash) => fixedWidth(String(hash)));
  if (typeof saved !== 'string') return undefined;
  const hashes: string[] = [];
  for (let i = 0; i < saved.length; i += FIELD_HASH_CHARS) hashes.push(saved.slice(i, i + FIELD_HASH_CHARS));
  return hashes;
}

/** Serialised without a leading '=' or '+', so Sheets keeps it as text; the hashes as one string. */
export function formatRowMeta(meta: RowMeta): string {
  return JSON.stringify({ ...meta, h: meta.h?.join('') });
}
