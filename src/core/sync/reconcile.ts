// Settling rows whose last write may or may not have reached Zoho (see write-ahead.ts), before
// anything of them is sent again. Only what is proven not applied is sent again; what cannot be
// checked now stays marked and unsent.
//
// How a past insert is recognised: among the records that the same Zoho user (the mark's `u`)
// created from a little before the attempt on, newest first by Created_Time, one whose values of
// the fields sent are exactly those sent (compared as Zoho means them: write-ahead.ts
// canonicalValue) is that insert. It is safe because a false match needs the same user to have
// created, in those few minutes, another record with exactly those values that no row of this
// sheet is linked to yet: adopting it links the row to a record identical to the one it would
// have created, so there is still exactly one record for the row and no duplicate. Identical rows
// sent together match as a multiset (n rows adopt at most n records). A list that could not be
// read back far enough proves nothing, so those rows wait; so does a teammate's list that lacks
// the sender's record, since Zoho's sharing rules may hide the sender's records from them.

import type { RecordWriter } from '../zoho/records';
import type { ZohoField, ZohoRecord } from '../zoho/wire';
import { markHashes, type RowMeta } from './row-meta';
import { matchInserts, recordMatches, type InFlightMark } from './write-ahead';
import { ConfigError, NotConnectedError, ReconnectRequiredError, SyncError } from '../errors';

/** Zoho's clock and the script's may differ; records created this long before an attempt are still looked at. */
export const CLOCK_SLACK_MS = 5 * 60 * 1000;

export interface InFlightRow {
  row: number;
  /** The row's record id; '' for an insert. */
  id: string;
  meta: RowMeta & { p: InFlightMark };
}

export type Settlement =
  /** Zoho applied the write: the row is linked (`id`) and its base is what was sent. */
  | { row: number; kind: 'confirmed'; id: string; meta: RowMeta }
  /** Proven not applied: the mark is gone, and the row is sent as usual. */
  | { row: number; kind: 'not-applied'; meta: RowMeta | null }
  /**
   * Not known yet: the row keeps its mark and is not sent. `othersInsert`: another Zoho user's
   * insert this user could not find; a pull by this user cannot see it either, so need not wait.
   */
  | { row: number; kind: 'unknown'; reason: string; othersInsert?: boolean };

export interface ReconcileDeps {
  writer: RecordWriter;
  module: string;
  fields: ReadonlyMap<string, ZohoField>;
  /** Record ids already linked to rows of the sheet: never adopted again. */
  linked: ReadonlySet<string>;
  /** The Zoho user settling now: only the sender of an insert can prove it never arrived... */
  userId: string;
  /** ...or a user who sees every record (Zoho's Administrator profile), whose list of the sender's records is whole. */
  seesAllRecords?: boolean;
}

/** Settles every in-flight row. Never throws for Zoho failures: those rows come back 'unknown'. */
export function settleInFlight(rows: readonly InFlightRow[], deps: ReconcileDeps): Settlement[] {
  const updates = rows.filter((r) => r.meta.p.o === 'u' && r.id);
  const inserts = rows.filter((r) => r.meta.p.o === 'i' && !r.id);
  // A row whose mark and id disagree (an id typed into a row still being checked) cannot be settled safely.
  const odd = rows.filter((r) => !updates.includes(r) && !inserts.includes(r));
  return [
    ...settleUpdates(updates, deps),
    ...settleInserts(inserts, deps),
    ...odd.map((r) => ({ row: r.row, kind: 'unknown' as const, reason: 'its Zoho record ID was changed while its last send was being checked' })),
  ];
}

/**
 * The row's base once Zoho is known to hold what was sent: the values sent, at Zoho's version now
 * only when the last change to the record was this user's (our write, as far as we can tell).
 * After someone else's change, a row claiming that version would hide their change from the next
 * pull and let the rep's next edit of that field overwrite it unseen; so the row keeps the version
 * it had before the send (none for an insert), and the next push or pull sees the record moved and
 * merges field by field against what was sent (merge.ts): our write's fields compare equal, theirs
 * come in. (The same rep changing the record in Zoho's own pages in those minutes is not told apart.)
 */
function confirmedMeta(meta: RowMeta & { p: InFlightMark }, record: ZohoRecord | undefined): RowMeta {
  const { p, c: _c, ...rest } = meta;
  const lastBy = String((record?.Modified_By as { id?: unknown } | null | undefined)?.id ?? '');
  const modified = String(record?.Modified_Time ?? '');
  return { ...rest, m: modified && lastBy === p.u ? modified : meta.m, f: p.f, h: markHashes(p) };
}

function withoutMark(meta: RowMeta & { p: InFlightMark }): RowMeta {
  const { p: _p, ...rest } = meta;
  return rest;
}

/** A connection or setup problem stops the whole push, as it would any call. */
function rethrowFatal(error: unknown): void {
  if (error instanceof NotConnectedError || error instanceof ReconnectRequiredError || error instanceof ConfigError) throw error;
}

function reasonOf(error: unknown): string {
  return error instanceof SyncError ? error.userMessage : 'Zoho could not be asked.';
}

/**
 * An update was applied when Zoho's values of the fields sent are the values sent. Otherwise it
 * was not (or a colleague has changed the record since): the mark goes, and the usual conflict
 * check decides whether the edit may be sent.
 */
function settleUpdates(rows: readonly InFlightRow[], deps: ReconcileDeps): Settlement[] {
  if (!rows.length) return [];
  const names = [...new Set(rows.flatMap((r) => r.meta.p.n))];
  let current;
  try {
    current = new Map(deps.writer.current(deps.module, rows.map((r) => r.id), ['Modified_Time', 'Modified_By', ...names]).map((rec) => [String(rec.id), rec]));
  } catch (error) {
    rethrowFatal(error);
    return rows.map((r) => ({ row: r.row, kind: 'unknown', reason: reasonOf(error) }));
  }
  return rows.map((r): Settlement => {
    const record = current.get(r.id);
    if (record && recordMatches(r.meta.p, record, deps.fields)) {
      return { row: r.row, kind: 'confirmed', id: r.id, meta: confirmedMeta(r.meta, record) };
    }
    return { row: r.row, kind: 'not-applied', meta: withoutMark(r.meta) };
  });
}

function settleInserts(rows: readonly InFlightRow[], deps: ReconcileDeps): Settlement[] {
  const byUser = new Map<string, InFlightRow[]>();
  for (const r of rows) byUser.set(r.meta.p.u, [...(byUser.get(r.meta.p.u) ?? []), r]);
  const settled: Settlement[] = [];
  for (const [user, group] of byUser) {
    const names = [...new Set(group.flatMap((r) => r.meta.p.n))];
    const since = Math.min(...group.map((r) => r.meta.p.t)) - CLOCK_SLACK_MS;
    let created;
    try {
      created = deps.writer.createdSince(deps.module, ['Modified_Time', 'Modified_By', ...names], since, user);
    } catch (error) {
      rethrowFatal(error);
      settled.push(...group.map((r) => ({ row: r.row, kind: 'unknown' as const, reason: reasonOf(error) })));
      continue;
    }
    const adopted = matchInserts(group.map((r) => r.meta.p), created.records, deps.linked, deps.fields);
    const byId = new Map(created.records.map((rec) => [String(rec.id), rec]));
    for (const r of group) {
      const id = adopted.get(r.meta.p.a);
      if (id) {
        settled.push({ row: r.row, kind: 'confirmed', id, meta: confirmedMeta(r.meta, byId.get(id)) });
      } else if (user !== deps.userId && !deps.seesAllRecords) {
        // A teammate sees only the records Zoho's sharing rules show them: where the sender's
        // records are private, not finding the record proves nothing, and sending the row again
        // would create it twice. Only the sender's own sync, or an administrator's (who sees every
        // record), can prove it never arrived; a sender who left the team leaves the administrator.
        settled.push({ row: r.row, kind: 'unknown', othersInsert: true, reason: 'it was sent by another Zoho user, whose new records you may not be allowed to see; their next sync checks it, or, if they no longer sync, the next sync of someone with Zoho\'s Administrator profile' });
      } else if (created.complete) {
        settled.push({ row: r.row, kind: 'not-applied', meta: null });
      } else {
        settled.push({ row: r.row, kind: 'unknown', reason: 'Zoho has too many new records since then to look through in one go' });
      }
    }
  }
  return settled;
}
