// Pull: Zoho records into a sheet. Pages arrive in id order and are written in chunks as they come
// (a constant number of Sheets calls per chunk, never per row); a cursor saved after every chunk
// lets a pull that runs short of time resume in the next execution with no duplicate or lost row.
// Later pulls ask only for records modified since the last one, update their rows in place unless
// the user edited them (then the row is merged field by field, merge.ts), append new ones and drop
// deleted ones.

import { displayCell } from '../cells/display';
import { fingerprintRow, zonedFingerprint, type RowFingerprint } from '../cells/fingerprint';
import { toSafeCellText } from '../cells/formula-safe';
import { RowCurrencies, type CurrencyBook } from '../cells/currency';
import { decodeForCell, isCurrencyField, numberFormatFor, TEXT_FORMAT, type CellValue, type LookupLink } from '../cells/record-codec';
import type { ZoneOffsetPort } from '../cells/time-zone';
import { formatUtc } from '../cells/zoho-time';
import { ConfigError, PullStalledError, SheetLayoutError, SyncError } from '../errors';
import type { TimeBudget } from '../ports';
import { RECORDS_PER_PAGE, type RecordPage, type RecordSource } from '../zoho/records';
import type { ZohoField, ZohoRecord } from '../zoho/wire';
import { goneFieldsMessage, splitFieldRequests, type SyncDefinition } from './definition';
import { coqlText, filterCriteria, filterKey, pairCriteria } from './filter-rules';
import { changedRowIds, rowsOutsideFilter, type MembershipDeps } from './membership';
import type { SheetGrid } from './grid';
import { columnRuns, columnsOfFields, COLUMN_TAG_KEY, fieldHeaders, findLayout, findMovedLayout, newColumnTags, newHeaderRow, newLayout, STATUS_HEADER, writeHeaders, type SheetLayout } from './layout';
import { conflictStatus, mergedBase, mergeFields } from './merge';
import { copyOfSeen, type SheetSeen } from './sheet-seen';
import { deletedDuringPull, modifiedDuringPull, readSkippedRecords, type FullPullSpan } from './skipped-records';
import { ProgressGuard } from './progress-guard';
import { fieldHashes, formatRowMeta, markHashes, parseRowMeta, type RowMeta } from './row-meta';
import { recordMatches } from './write-ahead';
import { STATUS_WORDS, statusCell, writeStatusNotes } from './status';
import { applyDress, dressKey, planDress, setColumnWidths } from './sheet-dress';
import { readColumns, sameCell, writeCheckedCells, type CellWrite, type CellWriteOptions } from './cell-writes';

/** Above this many separate runs of changed rows, a segment is rewritten whole (a fixed number of calls). */
export const MAX_ROW_RUNS_PER_SEGMENT = 8;
/** Rows buffered before one write; also the segment size for in-place updates. */
export const ROWS_PER_CHUNK = 5000;
/**
 * Buffered pages are also written at least this often, so an execution killed without warning
 * (a crash, a platform limit we did not foresee) loses at most this much work.
 */
export const CHECKPOINT_INTERVAL_MS = 60000;
/** Time kept for one more page plus saving the cursor. */
export const PAGE_RESERVE_MS = 30000;
/** Google Sheets: 10 million cells per spreadsheet (platform reference §1.7). */
export const WORKBOOK_CELL_LIMIT = 10000000;
/** Records one page_token chain may reach (reference §5.1). */
export const PAGE_TOKEN_REACH = 100000;
/** A restarted page chain begins this far before the last record written, to lose none that share its second. */
export const CHAIN_OVERLAP_MS = 1000;
/** Pulls ask for changes since a little before the last pull began, to cover clock skew. */
export const WATERMARK_OVERLAP_MS = 60000;
/** COQL pages (2,000 ids each) of matching changes an incremental filtered pull takes before a full pull is cheaper. */
export const MAX_MATCHING_PAGES = 5;
/** Empty rows below the data that get each column's format, so rows the user adds are typed into it. */
export const FORMATTED_ROWS_BELOW_DATA = 1000;

export const CONFLICT_STATUS = 'Conflict: changed in Zoho and in this sheet. Choose "Keep mine" or "Take Zoho\'s".';
export const DELETED_STATUS = 'Deleted in Zoho';
/** A row whose record Zoho deleted or merged while the row had edits not sent yet. */
export const DELETED_KEPT_STATUS = 'Deleted in Zoho — your edits are kept. Choose "Create again" to send this row as a new record, or "Discard" to delete the row.';
/** A row whose record no longer matches the sheet's filter (issue 16), kept because the sheet marks such rows. */
export const LEFT_FILTER_STATUS = 'No longer matches this sheet\'s filter in Zoho';
/** The same, for a row with edits not sent yet: the record still exists, so the edits are sent as usual. */
export const LEFT_FILTER_KEPT_STATUS = 'No longer matches this sheet\'s filter in Zoho — your edits are kept and sent with the next sync; the row leaves after that.';

/** What a row's write stands for, counted once the write has landed. */
type RowOutcome = 'updated' | 'conflict' | 'settled';

/** One row's new cells, by column (fields, status, sync data), and what they stand for. */
interface RowDecision {
  changes: Map<number, unknown>;
  outcome: RowOutcome;
  /** The status of a conflict. */
  message?: string;
  /** The status cell's new note, when its status changes (status.ts). */
  note?: string;
}

export interface PullCounts {
  fetched: number;
  inserted: number;
  updated: number;
  conflicts: number;
  deleted: number;
}

export interface PullCursor {
  mode: 'full' | 'incremental';
  since?: string;
  /** The field lists this cursor's page tokens belong to. */
  fieldsKey: string;
  pageTokens: Array<string | null>;
  recordsDone: boolean;
  deletedPage: number;
  /** Zoho's clock at the first page, in ms: the next watermark. */
  startedAt?: number;
  /** Latest Modified_Time (ms) among records written so far. */
  lastModified?: number;
  /** Older cursors only (If-Modified-Since of a restarted chain); a cursor holding it starts its chain again. */
  chainSince?: string;
  /**
   * Modified_Time order of the pages: 'asc' for a full pull's first chain; 'desc' for an incremental
   * pull and for a full pull's second chain past page_token's reach, both stopping at `stopBelow`.
   */
  order?: 'asc' | 'desc';
  /** With 'desc': the pull has read everything once a record modified before this (ms) arrives. */
  stopBelow?: number;
  /** With 'desc': the oldest Modified_Time (ms) read in this chain. */
  lowestModified?: number;
  /**
   * Past two chains (200,000 records): COQL criteria for the records between where the first chain
   * ended and the second stopped, read by id keyset (no reach), then by id.
   */
  middle?: string;
  /** What the watermark this pull saves belongs to: the filter, and a view's criteria (issue 16). */
  watermarkKey?: string;
  /**
   * A full pull of a filtered sheet that had rows: at its end, rows of records outside the filter
   * leave (or are marked, or kept with their edits).
   */
  sweep?: boolean;
  /** An incremental pull of a view: ids of changed records the view still holds (the module's other changed records leave). */
  matched?: string[];
  /** With `matched`: rows whose record changed since the watermark, read before the view's pages. */
  changed?: string[];
  /**
   * An incremental pull of an owner or conditions filter: the changed records that match, asked of
   * COQL once before the pages (which then read every changed record, newest first).
   */
  matching?: string[];
  /** With `matching`: changed records read that do not match (their rows leave). */
  unmatched?: string[];
  /** With `matching`: Zoho's clock when COQL answered (ms). */
  matchingAt?: number;
  /** Records read in the current page chain. */
  chainRecords?: number;
  /** A full pull's oldest-first chain brought a record modified after the pull began (skipped-records.ts). */
  movedDuring?: boolean;
  /** Zoho's clock at the latest page read (ms): a full pull's span ends there (skipped-records.ts). */
  lastServerAt?: number;
  /** An incremental pull's deleted list holds a deletion made during the full pull before it (skipped-records.ts). */
  deletedDuring?: boolean;
  /** Pages of records read in this pull, across executions: names the page in a message. */
  pagesRead?: number;
  counts: PullCounts;
}

export interface SyncState {
  /** ISO datetime: records modified after it have not been pulled yet. */
  watermark?: string;
  /** The filter (and view criteria) the watermark was taken under: another filter starts with a full pull. */
  watermarkKey?: string;
  lastSuccessAt?: string;
  cursor?: PullCursor;
  /** Field lists rows were fingerprinted over, by key (RowMeta.k). */
  fieldLists?: Record<string, string[]>;
  /**
   * The spreadsheet time zone the sheet's date and datetime cells were written in (and their sync
   * data hashed in). Sheets keeps such cells as wall-clock readings, so when the spreadsheet's zone
   * changes they read as other instants until rezoneSheet re-renders them. Absent on sheets synced
   * before it was kept: they adopt the current zone.
   */
  zone?: string;
  /** Key of the dropdowns, checkboxes, widths and colours last set on the sheet (sheet-dress.ts). */
  dress?: string;
  /** The last pull when it was a full pull of the whole module, until the incremental pull after it has read the deletions made meanwhile. */
  fullPullSpan?: FullPullSpan;
}

export interface SyncStateStore {
  load(): SyncState;
  save(state: SyncState): void;
}

export interface PullDeps {
  source: RecordSource;
  grid: SheetGrid;
  state: SyncStateStore;
  /** The module's field metadata. */
  fields: readonly ZohoField[];
  budget: TimeBudget;
  zones: ZoneOffsetPort;
  now: () => number;
  /** Cells in the whole spreadsheet now, for the 10-million-cell check. */
  workbookCells: () => number;
  onProgress?: (counts: PullCounts) => void;
  /** The sheet as the push just before read it and left it: not read again (sheet-seen.ts). */
  seen?: SheetSeen;
  /** A multi-currency org's currencies: each row's amounts then show its record's currency. Absent: one currency. */
  currencies?: CurrencyBook;
}

export interface PullOutcome {
  status: 'done' | 'paused';
  counts: PullCounts;
  warnings: string[];
  /** Rows this pull marked as conflicts, and rows kept with edits after Zoho deleted their record. */
  issues: Array<{ row: number; kind: 'conflict' | 'deleted'; message: string; recordId?: string }>;
}

/**
 * Runs (or resumes) one pull of one sheet. @throws SyncError; the cursor saved so far stays valid.
 * @throws PullStalledError when Zoho stops moving on (ProgressGuard); rows so far are written and the
 * saved cursor starts a new page chain, so a later run does not resume the page that repeated.
 */
export function runPull(definition: SyncDefinition, deps: PullDeps): PullOutcome {
  return new PullRun(definition, deps).run();
}

class PullRun {
  private readonly definition: SyncDefinition;
  private readonly deps: PullDeps;
  private readonly fieldMeta: ZohoField[];
  private readonly formats: string[];
  /** Which currency each record is in, and its cells' formats (cells/currency.ts); inactive in a single-currency org. */
  private readonly currencies: RowCurrencies;
  private readonly warnings: string[] = [];
  private readonly issues: PullOutcome['issues'] = [];
  private layout!: SheetLayout;
  private header: string[] = [];
  private fieldLists: Record<string, string[]> = {};
  private readonly listKey: string;
  private readonly fieldsByName: Map<string, ZohoField>;
  /** Rows whose change this pull could not write (the user changed them after the read). */
  private skippedChanges = 0;
  private idRows = new Map<string, number>();
  private lastRow = 1;
  /** COQL criteria of an owner or conditions filter; undefined for none or a view. */
  private readonly criteria: string | undefined;
  private readonly cvid: string | undefined;
  /** Ids read by a sweeping full pull in this execution; null when it resumed (they are read again). */
  private seen: Set<string> | null = null;

  constructor(definition: SyncDefinition, deps: PullDeps) {
    this.definition = definition;
    this.deps = deps;
    const byName = new Map(deps.fields.map((f) => [f.api_name, f]));
    this.fieldsByName = byName;
    this.fieldMeta = definition.fields.map((name) => {
      const field = byName.get(name);
      if (!field) throw new ConfigError('SYNC_UNKNOWN_FIELDS', goneFieldsMessage(deps.grid.name, definition.fields.filter((f) => !byName.has(f))));
      return field;
    });
    this.formats = this.fieldMeta.map((f) => numberFormatFor(f) ?? '');
    this.currencies = new RowCurrencies(this.fieldMeta, deps.currencies, deps.fields);
    this.listKey = fieldListKey(definition.fields);
    const filter = definition.filter;
    this.cvid = filter?.view?.cvid ?? definition.cvid;
    const criteria = filter && !filter.view ? filterCriteria(filter, deps.fields) : '';
    this.criteria = criteria ? criteria : undefined;
  }

  private get filtered(): boolean {
    return Boolean(this.criteria || this.definition.filter?.view);
  }

  run(): PullOutcome {
    const state = this.deps.state.load();
    this.fieldLists = { ...state.fieldLists, [this.listKey]: this.definition.fields };
    // The zone this pull writes cells in. The runner re-renders a sheet whose zone changed before the
    // pull (rezoneSheet), so a zone already recorded is the current one; never overwrite it here.
    const zone = state.zone ?? this.timeZone();
    if (!state.fieldLists?.[this.listKey] || state.zone === undefined) this.deps.state.save({ ...state, fieldLists: this.fieldLists, zone });
    const chunks = splitFieldRequests(this.currencies.requestFields(this.definition.fields));
    const key = filterKey(this.definition.filter);
    const fieldsKey = chunks.map((c) => c.join(',')).join('|') + (this.cvid ? `#${this.cvid}` : '') + (key ? `~${key}` : '');
    this.prepareSheet();
    let cursor = state.cursor;
    if (cursor && (cursor.chainSince !== undefined)) cursor = chainFrom(cursor, chunks.length);
    else if (cursor && cursor.fieldsKey === fieldsKey && !cursor.recordsDone && cursor.order === 'asc' && !cursor.middle && !this.criteria && cursor.pageTokens.some((t) => t)) {
      // An oldest-first chain left by an earlier execution: a record modified since (by the push
      // just before this pull, or a colleague) moved behind it, and every record after it moved one
      // place forward, so its page token would skip as many. Newest first, down to where it stopped,
      // reads them all (a record read twice is matched by id).
      cursor = chainFrom(cursor, chunks.length);
    }
    if (!cursor || cursor.fieldsKey !== fieldsKey) {
      // An unfinished pull of other fields or another filter cannot be continued; start over (rows are matched by id).
      // A view an admin edited holds other records, with none of them modified: its criteria are part of the key.
      const watermarkKey = this.currencies.watermarkKey(key + (this.definition.filter?.view && this.deps.source.viewSignature ? `/${fingerprintRow([this.deps.source.viewSignature(this.definition.module, this.definition.filter.view.cvid)]).slice(0, 10)}` : ''));
      const incremental = Boolean(state.watermark) && (state.watermarkKey ?? '') === watermarkKey && this.idRows.size > 0;
      cursor = {
        mode: incremental ? 'incremental' : 'full',
        since: incremental ? state.watermark : undefined,
        fieldsKey,
        pageTokens: chunks.map(() => null),
        recordsDone: false,
        deletedPage: 1,
        counts: { fetched: 0, inserted: 0, updated: 0, conflicts: 0, deleted: 0 },
        watermarkKey,
        ...(incremental ? { order: 'desc' as const, stopBelow: Date.parse(state.watermark!) } : { order: 'asc' as const }),
        ...(!incremental && this.filtered && this.idRows.size > 0 ? { sweep: true } : {}),
      };
      if (incremental && this.filtered && !this.criteria) {
        // The module's changed records first, then the view's: a changed record the view does not return has left it.
        const changed = changedRowIds(this.membershipDeps(), state.watermark!);
        cursor = { ...cursor, matched: [], changed: changed.ids, ...(changed.serverTime !== null ? { startedAt: changed.serverTime } : {}) };
      }
      if (cursor.sweep) this.seen = new Set();
    }
    const save = (c: PullCursor | undefined, extra: Partial<SyncState> = {}): void => this.deps.state.save({ ...this.deps.state.load(), ...extra, cursor: c });

    let buffer: ZohoRecord[] = [];
    let bufferedTokens = cursor.pageTokens;
    let lastCheckpoint = this.deps.now();
    const guard = new ProgressGuard(this.definition.module);
    try {
      while (!cursor.recordsDone) {
        if (!this.criteria && !cursor.middle && (cursor.chainRecords ?? 0) + RECORDS_PER_PAGE > PAGE_TOKEN_REACH && bufferedTokens.some((t) => t)) {
          // The next page would pass what one chain may reach: start a new one without a refused call.
          this.flush(buffer, cursor.counts);
          buffer = [];
          cursor = this.restartChain(cursor, chunks.length, guard, true);
          bufferedTokens = cursor.pageTokens;
          save(cursor);
        }
        if (this.deps.budget.remainingMs() < PAGE_RESERVE_MS) {
          this.flush(buffer, cursor.counts);
          save({ ...cursor, pageTokens: bufferedTokens });
          return { status: 'paused', counts: cursor.counts, warnings: this.warnings, issues: this.issues };
        }
        let pages: RecordPage[];
        try {
          pages = chunks.map((fields, i) => this.deps.source.page({
            module: this.definition.module,
            fields,
            pageToken: bufferedTokens[i] ?? null,
            cvid: this.cvid,
            order: cursor!.order ?? 'asc',
            ...(this.criteria && cursor!.mode === 'full' ? { criteria: this.criteria } : cursor!.middle ? { criteria: cursor!.middle } : {}),
          }));
        } catch (error) {
          // A page_token chain reaches 100,000 records and lives about a day (reference §5.1). Pages
          // come in Modified_Time order, so a second chain reads newest first down to just before the
          // last record the first one wrote; the few records read twice land on their own rows, by id.
          const restartable = error instanceof SyncError && (error.code === 'ZOHO_PAGINATION_LIMIT_EXCEEDED' || error.code === 'ZOHO_EXPIRED_VALUE');
          if (!restartable || !bufferedTokens.some((t) => t)) throw error;
          this.flush(buffer, cursor.counts);
          buffer = [];
          cursor = this.restartChain(cursor, chunks.length, guard, error.code === 'ZOHO_PAGINATION_LIMIT_EXCEEDED');
          bufferedTokens = cursor.pageTokens;
          save(cursor);
          continue;
        }
        if (cursor.startedAt === undefined) cursor.startedAt = pages[0]!.serverTime ?? this.deps.now();
        cursor.lastServerAt = pages[0]!.serverTime ?? this.deps.now();
        let records = joinById(pages.map((p) => p.records));
        let reachedStop = false;
        if (cursor.order === 'desc' && cursor.stopBelow !== undefined) {
          // Newest first: the first record modified before the stop time ends the pull's reading.
          const stop: number = cursor.stopBelow;
          const kept: ZohoRecord[] = records.filter((r) => !(Date.parse(String(r.Modified_Time ?? '')) < stop));
          reachedStop = kept.length < records.length;
          records = kept;
          for (const r of kept) {
            const modified = Date.parse(String(r.Modified_Time ?? ''));
            if (modified < (cursor.lowestModified ?? Infinity)) cursor.lowestModified = modified;
          }
        }
        let readBeforeMatching = false;
        if (cursor.mode === 'incremental' && this.criteria && !cursor.matching) {
          // COQL is asked after the first page of changes, so its answer is at least as new as that page.
          const next = this.withMatching(cursor, chunks.length);
          if (next.mode === 'full') {
            cursor = next;
            bufferedTokens = cursor.pageTokens;
            if (cursor.sweep) this.seen = new Set();
            save(cursor);
            continue;
          }
          cursor = next;
          readBeforeMatching = true;
        }
        if (this.seen) for (const r of records) this.seen.add(String(r.id));
        if (!cursor.movedDuring && this.mayStepOver(cursor) && records.some((r) => modifiedDuringPull(r, cursor!.startedAt!))) cursor.movedDuring = true;
        if (cursor.matched) cursor.matched.push(...records.map((r) => String(r.id)));
        if (cursor.matching && cursor.mode === 'incremental') {
          // Every changed record came; only those COQL said match are written, the others' rows leave.
          // A later page's record modified after COQL answered (in that second or after) may match or
          // not: neither, now; the watermark stays before it, so the next pull decides.
          const matching = new Set(cursor.matching);
          const deferFrom = readBeforeMatching ? Infinity : Math.floor((cursor.matchingAt ?? Infinity) / 1000) * 1000;
          const settled = records.filter((r) => !(Date.parse(String(r.Modified_Time ?? '')) >= deferFrom));
          cursor.unmatched = [...(cursor.unmatched ?? []), ...settled.filter((r) => !matching.has(String(r.id))).map((r) => String(r.id))];
          records = settled.filter((r) => matching.has(String(r.id)));
        }
        buffer.push(...records);
        cursor.chainRecords = (cursor.chainRecords ?? 0) + records.length;
        cursor.pagesRead = (cursor.pagesRead ?? 0) + 1;
        for (const record of records) {
          const modified = Date.parse(String(record.Modified_Time ?? ''));
          if (modified > (cursor.lastModified ?? 0)) cursor.lastModified = modified;
        }
        const requested = bufferedTokens;
        bufferedTokens = pages.map((p) => p.nextPageToken);
        const more: boolean = pages[0]!.nextPageToken !== null && !reachedStop;
        if (more) guard.notePage({ requested, next: bufferedTokens, records, pageNumber: cursor.pagesRead });
        if (buffer.length >= ROWS_PER_CHUNK || !more || this.deps.now() - lastCheckpoint >= CHECKPOINT_INTERVAL_MS) {
          const wrote = buffer.length > 0;
          this.flush(buffer, cursor.counts);
          buffer = [];
          lastCheckpoint = this.deps.now();
          cursor = { ...cursor, pageTokens: bufferedTokens, recordsDone: !more };
          // A checkpoint keeps written rows and the place to go on from; after a last page that wrote
          // nothing there is neither, and a run killed now only reads that page again.
          if (wrote || more) save(cursor);
          this.deps.onProgress?.(cursor.counts);
        }
      }
    } catch (error) {
      if (error instanceof PullStalledError) {
        // Keep what was read, and make the next run start a new chain rather than resume this one.
        this.flush(buffer, cursor.counts);
        save(chainFrom(cursor, chunks.length));
      }
      throw error;
    }

    if (cursor.movedDuring) {
      // Someone modified records while the pages came: one already read moves behind the rest and
      // the chain steps over another (skipped-records.ts). One call per 2,000 records finds them.
      if (this.deps.budget.remainingMs() < PAGE_RESERVE_MS) {
        save(cursor);
        return { status: 'paused', counts: cursor.counts, warnings: this.warnings, issues: this.issues };
      }
      const skipped = readSkippedRecords({ source: this.deps.source, module: this.definition.module, chunks, startedAt: cursor.startedAt ?? this.deps.now(), inSheet: (id) => this.idRows.has(id) });
      if (skipped.length) this.flush(skipped, cursor.counts);
      cursor = { ...cursor, movedDuring: undefined };
      save(cursor);
    }
    if (cursor.unmatched?.length) {
      this.applyDeletions(cursor.unmatched, cursor.counts, 'left');
      cursor = { ...cursor, unmatched: [] };
      save(cursor);
    }
    if (this.filtered && (cursor.sweep || cursor.matched)) {
      // Records that stopped matching the filter leave the sheet (membership.ts); one call or a few.
      if (this.deps.budget.remainingMs() < PAGE_RESERVE_MS) {
        save(cursor);
        return { status: 'paused', counts: cursor.counts, warnings: this.warnings, issues: this.issues };
      }
      this.applyMembership(cursor);
      cursor = { ...cursor, sweep: undefined, matched: undefined, changed: undefined };
      save(cursor);
    }

    const since = cursor.since;
    if (cursor.mode === 'incremental' && since) {
      // Each page of deletions is applied and checkpointed before the next, so a pause loses none.
      for (let more = true; more; ) {
        if (this.deps.budget.remainingMs() < PAGE_RESERVE_MS) {
          save(cursor);
          return { status: 'paused', counts: cursor.counts, warnings: this.warnings, issues: this.issues };
        }
        const page = this.deps.source.deleted(this.definition.module, since, cursor.deletedPage);
        this.applyDeletions(page.ids, cursor.counts);
        more = page.more;
        cursor = { ...cursor, deletedPage: cursor.deletedPage + 1, ...(deletedDuringPull(page.deletedAt, state.fullPullSpan) ? { deletedDuring: true } : {}) };
        if (page.ids.length || more) save(cursor);
        guard.noteDeletedPage(page.ids.length, page.more, cursor.deletedPage - 1);
      }
    }

    if (cursor.deletedDuring && state.fullPullSpan) {
      // A colleague deleted a record while the full pull before this one read its pages: its chain
      // may have stepped over another (skipped-records.ts). One call per 2,000 records finds it.
      if (this.deps.budget.remainingMs() < PAGE_RESERVE_MS) {
        save(cursor);
        return { status: 'paused', counts: cursor.counts, warnings: this.warnings, issues: this.issues };
      }
      const skipped = readSkippedRecords({ source: this.deps.source, module: this.definition.module, chunks, startedAt: state.fullPullSpan.from, inSheet: (id) => this.idRows.has(id) });
      if (skipped.length) this.flush(skipped, cursor.counts);
      cursor = { ...cursor, deletedDuring: undefined };
      save(cursor);
    }

    // Dropdowns, checkboxes and colours once the rows are in: the pull may have grown the sheet.
    this.dress();
    // A row the user changed between this pull's read and its write did not get Zoho's change: the
    // watermark stays where this pull started, so the next pull looks at that record again.
    const watermark = this.skippedChanges ? cursor.since : formatUtc((cursor.startedAt ?? this.deps.now()) - WATERMARK_OVERLAP_MS);
    // A full pull of the whole module keeps its span for the incremental pull after it, which reads
    // the deletions made meanwhile; a pull of a filter or view is swept by membership.ts instead.
    const wholeModule = cursor.mode === 'full' && !this.criteria && !this.cvid && cursor.startedAt !== undefined;
    const fullPullSpan = wholeModule ? { from: cursor.startedAt!, to: cursor.lastServerAt ?? this.deps.now() } : undefined;
    save(undefined, { watermark, watermarkKey: cursor.watermarkKey ?? '', lastSuccessAt: formatUtc(this.deps.now()), fullPullSpan });
    return { status: 'done', counts: cursor.counts, warnings: this.warnings, issues: this.issues };
  }

  /**
   * The changed records that match an owner or conditions filter, by COQL (2,000 ids a call), so the
   * pages can read every changed record in full and one pass both writes the matching ones and finds
   * the rows that leave. More changes than MAX_MATCHING_PAGES pages: a full pull instead.
   */
  private withMatching(cursor: PullCursor, chunkCount: number): PullCursor {
    const ids: string[] = [];
    let token: string | null = null;
    for (let page = 0; this.deps.source.ids && page < MAX_MATCHING_PAGES; page++) {
      const answer = this.deps.source.ids({ module: this.definition.module, criteria: pairCriteria([this.criteria!, `Modified_Time >= ${coqlText(cursor.since!)}`], 'and'), pageToken: token });
      if (page === 0) cursor = { ...cursor, matchingAt: answer.serverTime ?? this.deps.now() };
      ids.push(...answer.ids.map((i) => i.id));
      token = answer.nextPageToken;
      if (!token) return { ...cursor, matching: ids, unmatched: [] };
    }
    return { ...cursor, mode: 'full', since: undefined, order: 'asc', stopBelow: undefined, pageTokens: Array.from({ length: chunkCount }, () => null), sweep: true };
  }

  /**
   * Whether this chain moves on by position over the whole module, oldest first: a full pull's first
   * chain, not a view's (its ids come by page_token too) nor COQL's (an id keyset steps over nothing).
   */
  private mayStepOver(cursor: PullCursor): boolean {
    return cursor.mode === 'full' && cursor.order !== 'desc' && !cursor.middle && !this.criteria && !this.cvid && cursor.startedAt !== undefined;
  }

  private membershipDeps(): MembershipDeps {
    return { source: this.deps.source, module: this.definition.module, cvid: this.definition.filter?.view?.cvid, criteria: this.criteria, sheetIds: () => this.idRows };
  }

  /** Rows whose record no longer matches the filter leave, are marked, or keep their edits (membership.ts). */
  private applyMembership(cursor: PullCursor): void {
    let leaving: string[];
    if (cursor.sweep) leaving = rowsOutsideFilter(this.membershipDeps(), this.seen);
    else {
      const matched = new Set(cursor.matched ?? []);
      leaving = (cursor.changed ?? []).filter((id) => !matched.has(id));
    }
    if (leaving.length) this.applyDeletions(leaving, cursor.counts, 'left');
  }

  /**
   * A new page chain, from just before the last record written (pages come in Modified_Time order).
   * @throws PullStalledError when a chain that reached Zoho's end would begin where it began (ProgressGuard)
   */
  private restartChain(cursor: PullCursor, chunkCount: number, guard: ProgressGuard, reachedEnd: boolean): PullCursor {
    if (reachedEnd && cursor.mode === 'incremental') {
      // More records changed than one chain reaches: read them all again, as a full pull.
      return { ...cursor, mode: 'full', since: undefined, order: 'asc', stopBelow: undefined, pageTokens: Array.from({ length: chunkCount }, () => null), chainRecords: 0, matched: undefined, changed: undefined, matching: undefined, unmatched: undefined, ...(this.filtered ? { sweep: true } : {}) };
    }
    if (reachedEnd && cursor.order === 'desc' && cursor.mode === 'full' && !this.definition.filter?.view && !this.cvid && cursor.lowestModified !== undefined && cursor.stopBelow !== undefined) {
      // The first chain read the oldest records, the second the newest: COQL reads those between,
      // by id keyset, which has no reach (reference §5.4).
      const from = formatUtc(cursor.stopBelow);
      const to = formatUtc(cursor.lowestModified + CHAIN_OVERLAP_MS);
      const middle = `(Modified_Time >= '${from}' and Modified_Time <= '${to}')`;
      return { ...cursor, order: 'asc', stopBelow: undefined, middle, pageTokens: Array.from({ length: chunkCount }, () => null), chainRecords: 0 };
    }
    if (reachedEnd && cursor.order === 'desc') {
      throw new SheetLayoutError(`${this.definition.module} has more records than two of Zoho's page chains reach (200,000) in this view. Pull fewer records with a filter or a smaller view. The rows pulled so far are kept.`);
    }
    const next = chainFrom(cursor, chunkCount);
    guard.startChain(cursor.stopBelow !== undefined ? String(cursor.stopBelow) : undefined, next.stopBelow !== undefined ? String(next.stopBelow) : undefined, reachedEnd, cursor.pagesRead ?? 0);
    return next;
  }

  /** Lays out a new sheet, or finds every column of an existing one (failing before any write). */
  private prepareSheet(): void {
    const grid = this.deps.grid;
    const seen = this.deps.seen && copyOfSeen(this.deps.seen);
    const lastRow = seen ? seen.lastRow : grid.lastRow();
    if (lastRow === 0) {
      const header = newHeaderRow(this.definition, this.deps.fields);
      this.layout = newLayout(this.definition);
      grid.ensureColumns(header.length);
      grid.writeNumberFormats(1, 1, [header.map(() => TEXT_FORMAT)]);
      grid.writeValues(1, 1, [header]);
      newColumnTags(this.definition).forEach((tag, i) => grid.tagColumn(i + 1, tag.key, tag.value));
      this.header = header;
      grid.decorate({
        frozenRows: 1,
        hiddenColumns: [this.layout.idColumn, this.layout.metaColumn],
        headerRow: header,
      });
      this.lastRow = 1;
      setColumnWidths(grid, this.layout, this.fieldMeta, header);
      this.formatRowsBelowData();
      return;
    }
    ({ layout: this.layout, header: this.header } = seen ?? findLayout(grid, this.definition, this.deps.fields));
    this.restoreStatusColumn();
    if (seen) {
      this.idRows = new Map(seen.ids);
      this.lastRow = Math.max(1, seen.lastRow);
    } else {
      this.loadIdRows();
    }
    this.formatRowsBelowData();
  }

  /** The user deleted the status column; it carries no data of its own, so put it back. */
  private restoreStatusColumn(): void {
    if (this.layout.statusColumn) return;
    const grid = this.deps.grid;
    // Right of everything, headed or not: a user's column may hold data under an empty header.
    const width = Math.max(this.header.length, grid.lastColumn());
    this.layout.statusColumn = width + 1;
    grid.ensureColumns(width + 1);
    writeHeaders(grid, [{ column: width + 1, text: STATUS_HEADER }]);
    grid.tagColumn(width + 1, COLUMN_TAG_KEY, 'status');
    this.header = [...this.header, ...Array<string>(width - this.header.length).fill(''), STATUS_HEADER];
  }

  /**
   * Before rows are written: the columns as they are now. The layout was found when this pull (or
   * the push before it) began, and a column the user inserted, deleted or moved since would put
   * values under the wrong header; the header row, read again, tells (one call a write).
   */
  private followColumns(): void {
    const moved = findMovedLayout(this.deps.grid, this.header, this.definition, this.deps.fields);
    if (!moved) return;
    ({ layout: this.layout, header: this.header } = moved);
    this.restoreStatusColumn();
  }

  /**
   * Gives the empty rows below the data their column's format, as pulled rows have it. A user adding a
   * record types into these rows, and in a cell that is not Plain text Sheets turns a typed 19-digit
   * id into a number with 15 significant digits, another id. Done on every pull (a call per run of
   * adjacent columns), so a sheet laid out before this, or whose formats were cleared, gets them too.
   * Rows the user adds past the sheet's end are not covered; Sheets is believed to give inserted rows
   * the formats of the row above (unverified on a real sheet).
   */
  private formatRowsBelowData(): void {
    const first = this.lastRow + 1;
    const rows = Math.min(this.deps.grid.maxRows(), this.lastRow + FORMATTED_ROWS_BELOW_DATA) - this.lastRow;
    if (rows < 1) return;
    for (const run of columnRuns(this.ourColumns())) {
      const formatRow = run.columns.map((c) => this.formatOfColumn(c));
      this.deps.grid.writeNumberFormats(first, run.start, Array.from({ length: rows }, () => formatRow));
    }
  }

  /**
   * Sets dropdowns, checkboxes, date rules, widths and status colours when their plan changed since
   * they were last set (a new layout, moved columns, a grown sheet, a picklist an admin changed).
   */
  private dress(): void {
    let plan = planDress(this.layout, this.fieldMeta, this.deps.grid.maxRows());
    const state = this.deps.state.load();
    if (state.dress === dressKey(plan)) return;
    // Rules go on columns: on the columns as they are now.
    this.followColumns();
    plan = planDress(this.layout, this.fieldMeta, this.deps.grid.maxRows());
    const key = dressKey(plan);
    if (state.dress === key) return;
    applyDress(this.deps.grid, plan, state.dress === undefined);
    this.deps.state.save({ ...state, dress: key });
  }

  /** Record id -> row, from one read of the id column. */
  private loadIdRows(): void {
    const grid = this.deps.grid;
    this.idRows = new Map();
    this.lastRow = Math.max(1, grid.lastRow());
    if (this.lastRow < 2) return;
    const ids = grid.readValues(2, this.layout.idColumn, this.lastRow - 1, 1);
    ids.forEach((cell, i) => {
      const id = String(cell[0] ?? '');
      if (id) this.idRows.set(id, i + 2);
    });
  }

  /** Columns of the sheet's amounts, whose format follows each row's currency. */
  private currencyColumns(): number[] {
    return this.layout.fieldColumns.filter((_, f) => isCurrencyField(this.fieldMeta[f]!));
  }

  private ourColumns(): number[] {
    return [...this.layout.fieldColumns, this.layout.statusColumn, this.layout.idColumn, this.layout.metaColumn];
  }

  private encode(record: ZohoRecord): { cells: CellValue[]; meta: RowMeta; code?: string } {
    const ctx = { timeZone: this.timeZone(), zones: this.deps.zones };
    const links: Record<string, LookupLink> = {};
    const cells = this.fieldMeta.map((field) => {
      const decoded = decodeForCell(field, record[field.api_name], ctx);
      if (decoded.link) links[field.api_name] = decoded.link;
      if (decoded.truncated) this.warnings.push(`${field.field_label} of record ${record.id} is longer than a cell holds (50,000 characters) and was cut; it will not be pushed back.`);
      return decoded.value;
    });
    // The fingerprint ignores the one apostrophe Sheets strips from guarded text, and counts a Date by
    // its wall clock in the sheet's zone, so cells as written and as getValues reads them back
    // fingerprint alike.
    const fingerprint = this.fingerprint();
    const meta: RowMeta = { m: String(record.Modified_Time ?? ''), f: fingerprint(cells), k: this.listKey, h: fieldHashes(cells, fingerprint) };
    if (Object.keys(links).length) meta.l = links;
    const code = this.currencies.codeOf(record);
    if (code) meta.cu = code;
    return { cells, meta, code };
  }

  private flush(records: ZohoRecord[], counts: PullCounts): void {
    if (!records.length) return;
    this.followColumns();
    counts.fetched += records.length;
    const fresh = new Map<string, ZohoRecord>();
    const updates: Array<{ row: number; record: ZohoRecord }> = [];
    for (const record of records) {
      const row = this.idRows.get(String(record.id));
      if (row) updates.push({ row, record });
      else fresh.set(String(record.id), record);
    }
    this.append([...fresh.values()], counts);
    this.update(updates, counts);
  }

  /**
   * Adds rows below the last row present now, read just before writing: a row the user typed at
   * the bottom while pages were on the wire stays, and the new records land below it.
   */
  private append(records: ZohoRecord[], counts: PullCounts): void {
    if (!records.length) return;
    const grid = this.deps.grid;
    const columns = this.ourColumns();
    const width = Math.max(grid.lastColumn(), ...columns);
    const start = Math.max(grid.lastRow(), 1) + 1;
    const end = start + records.length - 1;
    if (this.deps.workbookCells() + records.length * width > WORKBOOK_CELL_LIMIT) {
      throw new SheetLayoutError(`${this.definition.module} has more records than fit in this spreadsheet: Google Sheets holds at most 10 million cells. Sync fewer fields, use a custom view, or move this sheet to its own spreadsheet. The rows pulled so far are kept.`);
    }
    grid.ensureRows(end);
    const byColumn = new Map<number, { format: (i: number) => string; value: (i: number) => unknown }>();
    const encoded = records.map((r) => this.encode(r));
    // Each row's formats: an amount shows its own record's currency.
    const formats = encoded.map((e) => this.rowFormats(e.code));
    this.layout.fieldColumns.forEach((column, f) => byColumn.set(column, { format: (i) => formats[i]![f]!, value: (i) => encoded[i]!.cells[f] }));
    byColumn.set(this.layout.statusColumn, { format: () => TEXT_FORMAT, value: () => '' });
    byColumn.set(this.layout.idColumn, { format: () => TEXT_FORMAT, value: (i) => String(records[i]!.id) });
    byColumn.set(this.layout.metaColumn, { format: () => TEXT_FORMAT, value: (i) => formatRowMeta(encoded[i]!.meta) });
    for (const run of columnRuns(columns)) {
      // Formats first: a plain-text column must be plain text before its values arrive.
      grid.writeNumberFormats(start, run.start, records.map((_, i) => run.columns.map((c) => byColumn.get(c)!.format(i) || 'General')));
      grid.writeValues(start, run.start, records.map((_, i) => run.columns.map((c) => byColumn.get(c)!.value(i))));
    }
    this.layout.fieldColumns.forEach((column, f) => {
      if (this.fieldMeta[f]!.data_type === 'boolean') grid.insertCheckboxes(start, column, records.length);
    });
    records.forEach((r, i) => this.idRows.set(String(r.id), start + i));
    this.lastRow = end;
    counts.inserted += records.length;
  }

  /**
   * Updates rows in place, a segment of rows at a time. Row numbers come from the id column as read
   * before the pages were fetched; a row that is no longer where it was (the user sorted, inserted
   * or deleted rows meanwhile) is found again by a fresh read of the id column, once.
   */
  private update(updates: Array<{ row: number; record: ZohoRecord }>, counts: PullCounts, retry = true): void {
    if (!updates.length) return;
    const sorted = [...updates].sort((a, b) => a.row - b.row);
    const moved: ZohoRecord[] = [];
    for (let i = 0; i < sorted.length; ) {
      const segmentStart = sorted[i]!.row;
      const segment: typeof sorted = [];
      while (i < sorted.length && sorted[i]!.row < segmentStart + ROWS_PER_CHUNK) segment.push(sorted[i++]!);
      // Few changed rows in a segment (the usual incremental pull) are read as their own runs of
      // adjacent rows; many are cheaper as one read of the whole segment.
      const runs = adjacentRuns(segment);
      if (runs.length <= MAX_ROW_RUNS_PER_SEGMENT) for (const run of runs) moved.push(...this.updateSegment(run, counts));
      else moved.push(...this.updateSegment(segment, counts));
    }
    if (!moved.length || !retry) return;
    this.loadIdRows();
    const found: Array<{ row: number; record: ZohoRecord }> = [];
    const gone: ZohoRecord[] = [];
    for (const record of moved) {
      const row = this.idRows.get(String(record.id));
      if (row) found.push({ row, record });
      else gone.push(record);
    }
    // A row the user deleted meanwhile comes back, as it would had they deleted it before the pull.
    this.append(gone, counts);
    this.update(found, counts, false);
  }

  /**
   * Decides each row of a segment from one read, then writes only the cells that change, after a
   * checkpoint that skips rows the user changed since that read (writeCheckedCells).
   * @returns the records whose row was not where the id column said
   */
  private updateSegment(segment: Array<{ row: number; record: ZohoRecord }>, counts: PullCounts): ZohoRecord[] {
    const grid = this.deps.grid;
    const first = segment[0]!.row;
    const numRows = segment[segment.length - 1]!.row - first + 1;
    // Columns of fields an older field list had are read too, to check rows pulled under that list.
    const older = Object.values(this.fieldLists).flatMap((list) => this.columnsOf(list));
    const cells = readColumns(grid, first, numRows, [...this.ourColumns(), ...older]);
    const get = (row: number, column: number): unknown => cells.get(column)![row - first];
    const moved: ZohoRecord[] = [];
    const writes: Array<CellWrite & { outcome: RowOutcome; message?: string; recordId: string; note?: string }> = [];
    for (const { row, record } of segment) {
      if (String(get(row, this.layout.idColumn) ?? '').trim() !== String(record.id)) {
        moved.push(record);
        continue;
      }
      const decision = this.decideRow(record, (column) => get(row, column), cells);
      if (!decision) continue;
      const read = new Map<number, unknown>();
      for (const column of [this.layout.idColumn, this.layout.metaColumn, ...decision.changes.keys()]) read.set(column, get(row, column));
      // The record's currency changed: its amounts take the new format, whatever their values (a user's edit stays).
      const reformat = this.currencies.active && parseRowMeta(get(row, this.layout.metaColumn))?.cu !== this.currencies.codeOf(record) ? this.currencyColumns() : undefined;
      writes.push({ row, changes: decision.changes, read, outcome: decision.outcome, message: decision.message, recordId: String(record.id), note: decision.note, ...(reformat ? { reformat } : {}) });
    }
    const written = writeCheckedCells(grid, writes, this.writeOptions());
    this.writeNotes(writes.filter((w) => written.has(w.row)));
    for (const write of writes) {
      if (!written.has(write.row)) {
        this.skippedChanges++;
        continue;
      }
      if (write.outcome === 'updated') counts.updated++;
      if (write.outcome === 'conflict') {
        counts.conflicts++;
        this.issues.push({ row: write.row, recordId: write.recordId, kind: 'conflict', message: write.message ?? CONFLICT_STATUS });
      }
    }
    return moved;
  }

  /**
   * What one row of a changed record becomes, as the cells that change: Zoho's values when the user
   * has not edited the row, a conflict mark when they have. Null when nothing changes.
   */
  private decideRow(record: ZohoRecord, cell: (column: number) => unknown, read: Map<number, unknown>): RowDecision | null {
    const meta = parseRowMeta(cell(this.layout.metaColumn));
    const modified = String(record.Modified_Time ?? '');
    const code = this.currencies.codeOf(record);
    // A record whose currency is not the one its row shows (a sheet pulled before currencies were read) is looked at too,
    // and so is a row pulled under another field list: it must stand on today's fields (a new
    // column filled, its hashes in today's order) before a push can send its edits.
    if (meta && !meta.c && !meta.x && meta.m === modified && meta.cu === code && !this.rebased(meta, cell)) return null;
    const changes = new Map<number, unknown>();
    const setMeta = (next: RowMeta): void => {
      // Every outcome keeps the record's currency now: the row's amounts are in it (and formatted so).
      const { cu: _was, ...rest } = next;
      // The attempt that created the record stays known (RowMeta.a), whatever Zoho changed.
      if (meta?.a && !rest.a) rest.a = meta.a;
      const text = formatRowMeta(code ? { ...rest, cu: code } : rest);
      if (text !== cell(this.layout.metaColumn)) changes.set(this.layout.metaColumn, text);
    };
    let note: string | undefined;
    // The cell shows the word; the sentence goes to its note. A conflict's sentence names the
    // fields, so it is written again even when the word stays.
    const setStatus = (status: string): void => {
      const shown = statusCell(status);
      if (!sameCell(cell(this.layout.statusColumn), shown.word) || status) {
        changes.set(this.layout.statusColumn, shown.word);
        note = shown.note;
      }
    };
    let base = meta;
    if (meta?.p && !meta.c && meta.p.o === 'u' && recordMatches(meta.p, record, this.fieldsByName)) {
      // An update whose answer was lost, and Zoho has exactly what it sent: it was applied. The
      // row's base is what was sent, so it is not a conflict; edits made since are still sent.
      const { p, ...rest } = meta;
      base = { ...rest, f: p.f, h: markHashes(p) };
      if (this.isEdited(base, cell, read)) {
        // Keeping the version the row had before the send (not `modified`): a colleague may have
        // changed other fields since, and the next push merges them in against what was sent.
        setMeta(base);
        return { changes, outcome: 'settled', note };
      }
    }
    const rebased = base && !base.p ? this.rebased(base, cell) : null;
    if (rebased) {
      // Fields kept from the old list keep their base; a new field's blank cell takes Zoho's value (rebased).
      const merged = this.mergeRow(record, rebased, cell, changes, setMeta, setStatus, true);
      return { ...merged, note };
    }
    if (base && !base.p && base.k === this.listKey && base.h?.length === this.fieldMeta.length && this.isEdited(base, cell, read)) {
      const merged = this.mergeRow(record, base, cell, changes, setMeta, setStatus);
      return { ...merged, note };
    }
    if (!base || this.isEdited(base, cell, read)) {
      const zohoValues: Record<string, unknown> = {};
      for (const name of this.definition.fields) zohoValues[name] = record[name] ?? null;
      setMeta({ ...(base ?? { m: '', f: '' }), c: { m: modified, v: zohoValues } });
      setStatus(CONFLICT_STATUS);
      return { changes, outcome: 'conflict', message: CONFLICT_STATUS, note };
    }
    const encoded = this.encode(record);
    // The row is as last pulled, so a field whose hash is unchanged already shows Zoho's value.
    const now = fieldHashes(this.layout.fieldColumns.map(cell), this.fingerprint());
    this.layout.fieldColumns.forEach((column, f) => {
      if (now[f] !== encoded.meta.h![f]) changes.set(column, encoded.cells[f]);
    });
    setMeta(encoded.meta);
    setStatus('');
    return { changes, outcome: 'updated', note };
  }

  /**
   * Three-way merge of an edited row with its changed record (merge.ts): Zoho's changes to fields
   * the user did not edit come in, the user's edits stay to be sent, and only fields both changed
   * to different values are in conflict, named with both values as the cells show them.
   */
  private mergeRow(record: ZohoRecord, base: RowMeta, cell: (column: number) => unknown, changes: Map<number, unknown>, setMeta: (next: RowMeta) => void, setStatus: (status: string) => void, rebased = false): RowDecision {
    const theirs = this.encode(record);
    const cells = this.layout.fieldColumns.map(cell);
    const merge = mergeFields(base.h!, fieldHashes(cells, this.fingerprint()), theirs.meta.h!);
    for (const i of merge.take) changes.set(this.layout.fieldColumns[i]!, theirs.cells[i]);
    const next: RowMeta = { ...theirs.meta, h: mergedBase(merge, base.h!, theirs.meta.h!) };
    if (merge.conflicts.length) {
      // Mine as the row showed it (its currency then), Zoho's in the record's currency now.
      const shown = (value: unknown, i: number, code: string | undefined): string => displayCell(value, this.currencies.formatFor(this.fieldMeta[i]!, code), this.timeZone(), this.deps.zones);
      const message = conflictStatus(merge.conflicts.map((i) => ({ label: this.fieldMeta[i]!.field_label, mine: shown(cells[i], i, base.cu), zoho: shown(theirs.cells[i], i, theirs.meta.cu) })));
      next.c = { m: next.m, v: Object.fromEntries(merge.conflicts.map((i) => [this.fieldMeta[i]!.api_name, record[this.fieldMeta[i]!.api_name] ?? null])) };
      setMeta(next);
      setStatus(message);
      return { changes, outcome: 'conflict', message };
    }
    // A rebased row's "Waiting" (the push could not send under the old field list) is over.
    if (base.c || base.x || rebased) setStatus('');
    setMeta(next);
    return { changes, outcome: merge.take.length ? 'updated' : 'settled' };
  }

  /**
   * A row pulled under an older field list, as its base on today's list: a field of both lists keeps
   * its hash; a field new to the sheet has a blank base, so its blank cell takes Zoho's value, and
   * a value already in its cell (a column that was there under that header, or one whose field an
   * admin gave a new api name) is neither overwritten nor sent: unless it is Zoho's, it is a
   * conflict the user settles. Null when the row is on today's list, or its old list is not known
   * (it is then checked as a whole, as before).
   */
  private rebased(meta: RowMeta, cell: (column: number) => unknown): RowMeta | null {
    if (!meta.k || meta.k === this.listKey || !meta.h) return null;
    const old = this.fieldLists[meta.k];
    if (!old || old.length !== meta.h.length) return null;
    const cells = this.layout.fieldColumns.map(cell);
    const now = fieldHashes(cells, this.fingerprint());
    const [blank] = fieldHashes([''], this.fingerprint());
    const h = this.definition.fields.map((name, i) => {
      const j = old.indexOf(name);
      if (j >= 0) return meta.h![j]!;
      const value = cells[i];
      return value === '' || value === null || value === undefined || value === false ? now[i]! : blank!;
    });
    return { ...meta, k: this.listKey, h };
  }

  /**
   * Whether the user changed the row since it was pulled: its cells no longer match the fingerprint.
   * The fingerprint covers the field list of that pull, which may differ from today's.
   */
  private isEdited(meta: RowMeta, cell: (column: number) => unknown, read: Map<number, unknown>): boolean {
    const list = (meta.k && this.fieldLists[meta.k]) || this.definition.fields;
    const columns = this.columnsOf(list);
    // A column of the old list that is gone, or that this segment did not read, cannot be verified.
    if (columns.some((c) => c === 0 || !read.has(c))) return true;
    return this.fingerprint()(columns.map(cell)) !== meta.f;
  }

  /** The number format of one of our columns, found by its tag or header; 'General' for anything else. */
  private formatOfColumn(column: number): string {
    if (column === this.layout.statusColumn || column === this.layout.idColumn || column === this.layout.metaColumn) return TEXT_FORMAT;
    const current = this.layout.fieldColumns.indexOf(column);
    if (current >= 0) return this.formats[current] || 'General';
    const tagged = Object.keys(this.layout.taggedFields).find((name) => this.layout.taggedFields[name] === column);
    const header = this.header[column - 1];
    const labels = fieldHeaders({ ...this.definition, fields: this.deps.fields.map((f) => f.api_name) }, this.deps.fields);
    const field = tagged !== undefined ? this.fieldsByName.get(tagged) : this.deps.fields[labels.indexOf(header ?? '')];
    return (field && numberFormatFor(field)) || 'General';
  }

  /**
   * The number format of a cell of ours: an amount in a row whose record is in another currency
   * than the base shows that currency (the row's sync data says which); the column's otherwise.
   */
  private formatOfCell(column: number, cell: (column: number) => unknown): string {
    const f = this.currencies.active ? this.layout.fieldColumns.indexOf(column) : -1;
    if (f >= 0 && isCurrencyField(this.fieldMeta[f]!)) {
      const code = parseRowMeta(cell(this.layout.metaColumn))?.cu;
      if (code) return this.currencies.formatFor(this.fieldMeta[f]!, code) || 'General';
    }
    return this.formatOfColumn(column);
  }

  /** The formats of a row's fields when its record is in `code` (undefined: the base). */
  private rowFormats(code: string | undefined): string[] {
    return code ? this.fieldMeta.map((f, i) => (isCurrencyField(f) ? this.currencies.formatFor(f, code) ?? '' : this.formats[i]!)) : this.formats;
  }

  /** Columns of a field list (0 where one is gone): by tag, else by today's header. */
  private columnsOf(list: readonly string[]): number[] {
    return columnsOfFields(this.layout, this.header, this.definition, list, this.deps.fields);
  }

  private zone: string | undefined;

  /** The spreadsheet's zone, read once per run: each read is a Sheets call. */
  private timeZone(): string {
    if (this.zone === undefined) this.zone = this.deps.grid.timeZone();
    return this.zone;
  }

  private rowFingerprint: RowFingerprint | undefined;

  /** Fingerprints of cells as shown in the spreadsheet's zone (zonedFingerprint), as push computes them. */
  private fingerprint(): RowFingerprint {
    if (!this.rowFingerprint) this.rowFingerprint = zonedFingerprint(this.timeZone(), this.deps.zones);
    return this.rowFingerprint;
  }

  private isTextColumn(column: number): boolean {
    const f = this.layout.fieldColumns.indexOf(column);
    return f < 0 || this.formats[f] === TEXT_FORMAT;
  }

  /**
   * Rows of records deleted (or merged away) in Zoho. A row with unsent edits (cells changed since
   * the pull, a write in flight, a conflict) always stays, marked, for the user to create again or
   * discard; the others are removed or marked as the sheet's setting says.
   */
  private applyDeletions(ids: string[], counts: PullCounts, reason: 'deleted' | 'left' = 'deleted'): void {
    if (!ids.some((id) => this.idRows.has(id))) return;
    this.followColumns();
    // The deleted list was fetched after the rows were found: find them again where they are now.
    this.loadIdRows();
    const targets = ids.map((id) => ({ id, row: this.idRows.get(id) })).filter((t): t is { id: string; row: number } => t.row !== undefined)
      .sort((a, b) => a.row - b.row);
    const remove: CellWrite[] = [];
    const kept: number[] = [];
    const older = Object.values(this.fieldLists).flatMap((list) =>
      fieldHeaders({ ...this.definition, fields: list }, this.deps.fields).map((h) => this.header.indexOf(h) + 1));
    for (let i = 0; i < targets.length; ) {
      const first = targets[i]!.row;
      const segment: typeof targets = [];
      while (i < targets.length && targets[i]!.row < first + ROWS_PER_CHUNK) segment.push(targets[i++]!);
      const numRows = segment[segment.length - 1]!.row - first + 1;
      const cells = readColumns(this.deps.grid, first, numRows, [...this.ourColumns(), ...older]);
      const get = (row: number, column: number): unknown => cells.get(column)![row - first];
      const writes: Array<CellWrite & { keep: boolean; note?: string }> = [];
      for (const { id, row } of segment) {
        const read = new Map([this.layout.idColumn, this.layout.metaColumn, this.layout.statusColumn].map((c) => [c, get(row, c)]));
        if (String(read.get(this.layout.idColumn) ?? '').trim() !== id) continue;
        const meta = parseRowMeta(read.get(this.layout.metaColumn));
        const edited = !meta || Boolean(meta.p) || Boolean(meta.c) || this.isEdited(meta, (column) => get(row, column), cells);
        if (!edited && this.definition.deletedRows === 'remove') {
          remove.push({ row, changes: new Map(), read });
          continue;
        }
        const changes = new Map<number, unknown>();
        if (reason === 'left') {
          if (meta?.d) continue;
          // The record still exists: the row keeps its sync data (edits are still sent as updates),
          // marked so that a pull that finds the record in the filter again rewrites its status.
          // A row with edits keeps a status the push gave it (a refusal says what to fix, in its note).
          const current = String(read.get(this.layout.statusColumn) ?? '');
          const keepCurrent = edited && current !== '' && current !== STATUS_WORDS.left;
          const status = statusCell(edited ? LEFT_FILTER_KEPT_STATUS : LEFT_FILTER_STATUS);
          if (meta && !meta.x) changes.set(this.layout.metaColumn, formatRowMeta({ ...meta, x: true }));
          const newStatus = !keepCurrent && !sameCell(read.get(this.layout.statusColumn), status.word);
          if (newStatus) changes.set(this.layout.statusColumn, status.word);
          if (changes.size) writes.push({ row, changes, read, keep: edited, note: newStatus ? status.note : undefined });
          else if (!edited) counts.deleted++;
          continue;
        }
        // Zoho's side of a conflict or of a write in flight is gone with the record; the row's own
        // base stays, so the cells still tell what the user changed.
        const { p: _inFlight, c: _conflict, ...base } = meta ?? { m: '', f: '' };
        const status = statusCell(edited ? DELETED_KEPT_STATUS : DELETED_STATUS);
        if (!meta?.d) changes.set(this.layout.metaColumn, formatRowMeta({ ...base, d: true }));
        // Kept and removed-later rows show the same word; the note says which.
        const newStatus = !sameCell(read.get(this.layout.statusColumn), status.word) || edited;
        if (newStatus) changes.set(this.layout.statusColumn, status.word);
        if (edited) kept.push(row);
        if (changes.size) writes.push({ row, changes, read, keep: edited, note: newStatus ? status.note : undefined });
        else if (!edited) counts.deleted++;
      }
      const written = writeCheckedCells(this.deps.grid, writes, this.writeOptions());
      this.writeNotes(writes.filter((w) => written.has(w.row)));
      for (const w of writes) if (written.has(w.row) && !w.keep) counts.deleted++;
    }
    const removed = this.removeRows(remove);
    counts.deleted += removed.length;
    for (const row of reason === 'deleted' ? kept : []) {
      const shift = removed.filter((r) => r < row).length;
      const id = targets.find((t) => t.row === row)!.id;
      this.issues.push({ row: row - shift, kind: 'deleted', message: DELETED_KEPT_STATUS, recordId: id });
    }
    if (removed.length) this.loadIdRows();
  }

  /**
   * Deletes rows bottom-up, one call per run of adjacent rows, so earlier row numbers stay valid;
   * first their id and sync data are read again, and a row that changed since is left alone.
   * @returns the rows deleted
   */
  private removeRows(rows: readonly CellWrite[]): number[] {
    if (!rows.length) return [];
    const first = rows[0]!.row;
    const identity = [this.layout.idColumn, this.layout.metaColumn];
    const now = readColumns(this.deps.grid, first, rows[rows.length - 1]!.row - first + 1, identity);
    const still = rows.filter((w) => identity.every((c) => sameCell(now.get(c)![w.row - first], w.read.get(c)))).map((w) => w.row).reverse();
    for (let i = 0; i < still.length; ) {
      let start = still[i]!;
      let count = 1;
      while (i + count < still.length && still[i + count] === start - 1) {
        start--;
        count++;
      }
      this.deps.grid.deleteRows(start, count);
      i += count;
    }
    return still;
  }

  /** The notes of status cells just written (rows whose write landed). */
  private writeNotes(writes: ReadonlyArray<{ row: number; note?: string }>): void {
    const notes = new Map<number, string>();
    for (const w of writes) if (w.note !== undefined) notes.set(w.row, w.note);
    writeStatusNotes(this.deps.grid, this.layout.statusColumn, notes);
  }

  private writeOptions(): CellWriteOptions {
    return {
      identityColumns: [this.layout.idColumn, this.layout.metaColumn],
      ownColumns: this.ourColumns(),
      formatOf: (column, cell) => this.formatOfCell(column, cell),
      rewrite: (value, column) => rewriteValue(value, this.isTextColumn(column)),
    };
  }
}

/**
 * The cursor of a new page chain. After a full pull's first chain (oldest first), the next reads
 * newest first and stops just before the last record the first one wrote: records modified while the
 * first chain was read moved to the newest end, where the second begins. A chain newest first starts
 * again from the newest record with the same stop.
 */
function chainFrom(cursor: PullCursor, chunkCount: number): PullCursor {
  const { chainSince: _older, ...rest } = cursor;
  const fresh = { ...rest, pageTokens: Array.from({ length: chunkCount }, () => null), chainRecords: 0 };
  if (cursor.order === 'desc') return fresh;
  const last = cursor.lastModified ?? 0;
  return { ...fresh, order: 'desc', stopBelow: last > 0 ? last - CHAIN_OVERLAP_MS : 0 };
}

/** The key of a field list in SyncState.fieldLists and RowMeta.k. */
export function fieldListKey(fields: readonly string[]): string {
  return fingerprintRow(fields).slice(0, 8);
}

/** Rows grouped into runs of adjacent row numbers, in order. */
function adjacentRuns<T extends { row: number }>(sorted: T[]): T[][] {
  const runs: T[][] = [];
  for (const item of sorted) {
    const last = runs[runs.length - 1];
    if (last && item.row - last[last.length - 1]!.row <= 1) last.push(item);
    else runs.push([item]);
  }
  return runs;
}

/** Records of several field lists, joined by id in the order of the first list. */
function joinById(lists: ZohoRecord[][]): ZohoRecord[] {
  const [first = [], ...rest] = lists;
  if (!rest.length) return first;
  const byId = new Map(first.map((r) => [String(r.id), { ...r }]));
  for (const list of rest) {
    for (const record of list) {
      const target = byId.get(String(record.id));
      if (target) Object.assign(target, record);
    }
  }
  return [...byId.values()];
}

/** Puts back a value read from a cell so that writing it changes nothing the user sees. */
function rewriteValue(value: unknown, textColumn: boolean): unknown {
  if (typeof value !== 'string' || textColumn) return value;
  return toSafeCellText(value);
}

export { formatUtc };
