// Records a full pull's oldest-first chain may have stepped over, and reading them.
//
// Pages come oldest-modified first, and the chain moves on by position: the emulator's page_token
// is an offset, and Zoho documents nothing that says its token is anything else (reference §5.1).
// A record already read that a colleague modifies while the later pages are read moves behind
// them, and every record after its old place moves one place forward: the record at the edge of the
// next page is never read. It was not modified, so no incremental pull reads it later either; the
// sheet would lack it for good. When the chain brings a record modified after the pull began, such
// a move may have happened: COQL lists the ids of the records modified before that (2,000 a call,
// by id keyset, reference §5.4), and those the sheet lacks are read by id.
//
// A record already read that a colleague deletes meanwhile makes the same move forward, and nothing
// in the pages shows it. Reading the deleted list at the pull's end would cost a call every pull
// nobody disturbed; the next incremental pull reads that list anyway (its watermark is this pull's
// start), so the pull keeps its span (FullPullSpan) and a deletion dated inside it starts the same
// sweep then. Until then the stepped-over record is missing; it is never lost.

import { formatUtc } from '../cells/zoho-time';
import type { RecordSource } from '../zoho/records';
import type { ZohoRecord } from '../zoho/wire';
import { coqlText } from './filter-rules';

export interface SkippedRecordsDeps {
  source: RecordSource;
  module: string;
  /** The field lists the pull reads (each at most 50 fields). */
  chunks: ReadonlyArray<readonly string[]>;
  /** Zoho's clock at the pull's first page, in ms. */
  startedAt: number;
  /** Whether the sheet has a row for this record. */
  inSheet(id: string): boolean;
}

/** Zoho's clock (ms) at a full pull's first and last page: a deletion between may have made its chain step over a record. */
export interface FullPullSpan {
  from: number;
  to: number;
}

/** Whether any of a page of deletions (ms, to Zoho's second) falls inside a full pull's span. */
export function deletedDuringPull(deletedAt: ReadonlyArray<number | null> | undefined, span: FullPullSpan | undefined): boolean {
  if (!span || !deletedAt) return false;
  const from = Math.floor(span.from / 1000) * 1000;
  return deletedAt.some((at) => at !== null && at >= from && at < span.to + 1000);
}

/** Whether a record read by the chain was modified after the pull began (ms from Zoho's Date header, to the second). */
export function modifiedDuringPull(record: ZohoRecord, startedAt: number): boolean {
  return Date.parse(String(record.Modified_Time ?? '')) >= Math.floor(startedAt / 1000) * 1000;
}

/**
 * The records modified before the pull began that the sheet lacks, read in full (every field list,
 * joined by id). Empty, without a call, when the source cannot list ids or read by id.
 */
export function readSkippedRecords(deps: SkippedRecordsDeps): ZohoRecord[] {
  const { source } = deps;
  if (!source.ids || !source.byIds) return [];
  // To the end of the pull's first second: a record modified in it before the first page was served
  // was read in its place, and one after it is in the sheet already.
  const before = formatUtc(deps.startedAt + 1000);
  const missing: string[] = [];
  for (let token: string | null = null, first = true; first || token; first = false) {
    const page = source.ids({ module: deps.module, criteria: `Modified_Time < ${coqlText(before)}`, pageToken: token });
    for (const { id } of page.ids) if (!deps.inSheet(id)) missing.push(id);
    token = page.nextPageToken;
  }
  if (!missing.length) return [];
  const byId = new Map<string, ZohoRecord>();
  for (const fields of deps.chunks) {
    for (const record of source.byIds(deps.module, missing, fields)) byId.set(String(record.id), { ...byId.get(String(record.id)), ...record });
  }
  return [...byId.values()];
}
