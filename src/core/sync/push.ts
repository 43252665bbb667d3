// Push: rows the user edited, and new rows, go back to Zoho. A row is edited when its cells no
// longer match what the last pull wrote (so pasted, sorted and scripted edits count, not just
// onEdit), and only the fields that changed are sent. Before an update the record's current
// Modified_Time is read: if a colleague changed it in Zoho since our pull, the row is merged with
// it field by field (merge.ts): their other fields come into the row, my other edits are sent, and
// only a field both changed differently makes the row a conflict instead of overwriting them. Every row touched gets a status; a row that fails keeps
// the user's edit. Writes are exactly-once: rows sharing a record are never sent (duplicates.ts),
// each batch is marked in flight before its call and settled right after it (write-ahead.ts), and
// rows whose answer was lost are checked with Zoho before anything is sent again (reconcile.ts).

import { zonedFingerprint, type RowFingerprint } from '../cells/fingerprint';
import { formatUtc, parseZohoDateTime } from '../cells/zoho-time';
import { displayCell } from '../cells/display';
import { RowCurrencies, type CurrencyBook } from '../cells/currency';
import {
  describeMandatoryMissing, encodeFromCell, isCurrencyField, mandatoryMissing, type CellValue, type LookupLink, type LookupResolver,
} from '../cells/record-codec';
import type { ZoneOffsetPort } from '../cells/time-zone';
import { NotConnectedError, ReconnectRequiredError, ConfigError, SyncError } from '../errors';
import type { TimeBudget } from '../ports';
import { MAX_RECORDS_PER_WRITE, type RecordWriter, type WriteTriggers } from '../zoho/records';
import type { ZohoField, ZohoWriteResult } from '../zoho/wire';
import { conflictMessageOf, readRecords, zohoVersion } from './conflicts';
import { goneFieldsMessage, type SyncDefinition } from './definition';
import { readColumns } from './cell-writes';
import type { SheetGrid } from './grid';
import { columnRuns, findLayout, type SheetLayout } from './layout';
import { conflictStatus, mergedBase, mergeFields } from './merge';
import { DELETED_KEPT_STATUS, fieldListKey, ROWS_PER_CHUNK, type SyncStateStore } from './pull';
import { copyOfSentMessage, duplicateIdMessage, duplicateMarkMessage, sharedKeys } from './duplicates';
import { CLEARED_ROW_STATUS, isClearedRow } from './cleared-rows';
import { formulaRefusal, readFieldFormulas } from './formula-cells';
import { sentCells } from './sent-values';
import { settleInFlight, type InFlightRow } from './reconcile';
import type { SheetSeen } from './sheet-seen';
import { watchWrites } from './write-watch';
import { fieldHashes, formatRowMeta, parseRowMeta, type RowMeta } from './row-meta';
import { markFor, mayHaveBeenApplied, type InFlightMark } from './write-ahead';
import { heldEditsNote, isMadeReadOnly, keepHeldBase } from './read-only-edits';
import { formatStatusTime, statusCell, writeStatusNotes } from './status';
import { describeZohoError, namesMissingRecord, refusedByFieldMetadata } from './zoho-refusals';

export interface PushDeps {
  writer: RecordWriter;
  grid: SheetGrid;
  state: SyncStateStore;
  fields: readonly ZohoField[];
  zones: ZoneOffsetPort;
  links?: LookupResolver;
  budget: TimeBudget;
  now: () => number;
  /** The connected Zoho user's id: in-flight marks name it, so reconciliation searches that user's records. */
  userId: string;
  /**
   * The connected user sees every record of the module whatever the sharing rules (Zoho's
   * Administrator profile): they can settle a teammate's lost insert as its sender would.
   */
  seesAllRecords?: boolean;
  /** Automation Zoho runs on our writes; undefined runs all of it (Zoho's default). */
  triggers?: WriteTriggers;
  random?: () => number;
  /** Send only the rows of these record ids ("Keep mine" sends its record alone); default every row. */
  only?: ReadonlySet<string>;
  /**
   * A multi-currency org's currencies: amounts a merge writes, and those a conflict's status quotes,
   * show the row's currency. Nothing here ever sends a currency: a new row's record gets Zoho's default.
   */
  currencies?: CurrencyBook;
}

export interface PushIssue {
  row: number;
  kind: 'error' | 'conflict' | 'deleted';
  message: string;
  /** The row's record id, so the sidebar finds the row again after a sort; absent for a new row. */
  recordId?: string;
}

export interface PushOutcome {
  updated: number;
  inserted: number;
  failed: number;
  conflicts: number;
  pending: number;
  /**
   * Inserts that may have reached Zoho and could not be checked yet. A pull must not run until they
   * are settled: it would add their records as new rows, and the check would then no longer see
   * them as this row's.
   */
  unsettledInserts: number;
  issues: PushIssue[];
  /** The sheet as this push read it, when it wrote nothing anywhere: the pull after it starts from there (sheet-seen.ts). */
  seen?: SheetSeen;
  /**
   * Zoho refused a value by field metadata newer than the add-on's (a picklist option an admin
   * removed or added, a field made mandatory or deleted): the module's cached fields are out of date.
   */
  staleFields?: boolean;
}

interface Candidate {
  row: number;
  id: string | null;
  meta: RowMeta | null;
  cells: unknown[];
  payload: Record<string, unknown>;
  links: Record<string, LookupLink>;
  /** Zoho's values a merge takes into the row, written with its in-flight mark. */
  cellWrites?: CellWrite[];
  /** An update's record version (Modified_Time) as the check before sending read it. */
  version?: string;
  /**
   * A row in conflict on some fields whose other edits are sent anyway: the conflict's status, and
   * the row's field hashes once the send lands (Zoho's for taken fields, mine for sent ones, the
   * old base for conflicting ones, so the conflict stays until the user chooses).
   */
  partial?: { status: string; hashes: string[] };
  /** Edits to fields Zoho no longer lets the rep change, held back while the rest is sent (read-only-edits.ts). */
  held?: { indexes: number[]; labels: string[] };
}

/** One field cell a merge takes from Zoho; written only if the cell still hashes as `expect` (the user did not type since). */
interface CellWrite {
  index: number;
  value: CellValue;
  expect: string;
}

/** A row read from the sheet that may need sending. */
interface RowRead {
  row: number;
  id: string;
  meta: RowMeta | null;
  cells: unknown[];
}

/** What a row held when read: its id, its sync-data text, and for a new row (no sync data) its cells' fingerprint. */
interface RowIdentity {
  id: string;
  meta: string;
  fingerprint: string;
}

interface RowWrite {
  status: string;
  id?: string;
  meta?: RowMeta;
  clearMeta?: boolean;
  cells?: CellWrite[];
}

/** A row whose last write may have reached Zoho, with its cells now. */
type InFlightRead = InFlightRow & { cells: unknown[] };

/** Time kept for writing statuses back after the last batch. */
const PUSH_RESERVE_MS = 20000;

export const SENDING_STATUS = 'Sending to Zoho… If this stays, the next sync checks with Zoho what arrived before sending anything again.';
const MISSING_RECORD_STATUS = 'Not sent: Zoho has no such record for you: it was deleted or merged, or your Zoho user may not see it. Your edit is kept. Delete the row, or clear its Zoho record ID to create it again.';
export const CHECKING_STATUS_PREFIX = 'Checking with Zoho: the last send of this row may have arrived, and nothing is sent again until that is known';

export function runPush(definition: SyncDefinition, deps: PushDeps): PushOutcome {
  const watched = watchWrites(deps.grid);
  const run = new PushRun(definition, { ...deps, grid: watched.grid });
  const outcome = run.run();
  const sent = outcome.updated + outcome.inserted + outcome.failed + outcome.conflicts + outcome.pending + outcome.unsettledInserts;
  const seen = run.seen();
  return seen && !sent && !watched.wrote() ? { ...outcome, seen } : outcome;
}

/** "Sent to Zoho <when>", the time as the spreadsheet shows times (its zone). */
export function sentStatus(at: number, timeZone: string, zones: ZoneOffsetPort): string {
  return `Sent to Zoho ${formatStatusTime(at, timeZone, zones)} (${timeZone})`;
}

const CHANGED_MEANWHILE_STATUS = 'Not sent yet: the record changed in Zoho while this sync was sending it; the next sync merges that change with your edit.';

/**
 * If-Unmodified-Since for an update batch: the newest version its check read, plus a second. Every
 * change made after that check is later than every version it read, so Zoho refuses those records
 * (ALREADY_MODIFIED) instead of letting the write hide them: the row would claim the write's
 * version, and the next pull would skip the colleague's change. The second covers a Zoho clock
 * finer than the seconds Modified_Time shows, which would otherwise refuse the newest record at
 * every sync. Undefined (no header) when a version is unknown.
 */
function unmodifiedSince(batch: readonly Candidate[]): string | undefined {
  const versions = batch.map((c) => parseZohoDateTime(c.version ?? ''));
  if (!versions.length || versions.some((v) => v === null)) return undefined;
  return formatUtc(Math.max(...(versions as number[])) + 1000);
}

/** Errors that stop a push: the connection or the sheet's setup must be fixed first. */
function isFatal(error: unknown): boolean {
  return error instanceof NotConnectedError || error instanceof ReconnectRequiredError || error instanceof ConfigError;
}

function notSentStatus(error: unknown): string {
  return `Not sent yet: ${error instanceof SyncError ? error.userMessage : 'Zoho could not be reached.'}`;
}

function lostAnswerStatus(reason: string): string {
  return `Sent, but Zoho's answer was lost (${reason.replace(/\.$/, '')}). The next sync checks with Zoho what arrived before sending anything again.`;
}

class PushRun {
  private readonly definition: SyncDefinition;
  private readonly deps: PushDeps;
  private readonly fieldMeta: ZohoField[];
  private readonly byName: Map<string, ZohoField>;
  private readonly listKey: string;
  /** Formats of amounts in each row's own currency (cells/currency.ts). */
  private readonly currencies: RowCurrencies;
  private layout!: SheetLayout;
  private header: string[] = [];
  private lastRow = 0;
  /** The spreadsheet's zone, read once per run (each read is a Sheets call). */
  private timeZone = '';
  /** Fingerprints cells as shown in that zone (zonedFingerprint), as pull and rezone do. */
  private fingerprintRow: RowFingerprint = () => '';
  private readonly outcome: PushOutcome = { updated: 0, inserted: 0, failed: 0, conflicts: 0, pending: 0, unsettledInserts: 0, issues: [] };
  /** Status, id and sync-data cells not yet written back, by row. */
  private readonly writes = new Map<number, RowWrite>();
  /** Rows by record id, and by in-flight attempt, over the whole sheet. */
  private readonly rowsById = new Map<string, number[]>();
  private readonly rowsByAttempt = new Map<string, number[]>();
  /** Rows by the attempt whose insert created their record (RowMeta.a). */
  private readonly rowsCreatedBy = new Map<string, number>();
  private readonly attemptSalt: string;
  private attempts = 0;
  /**
   * What each row we may write to held when we read it (or last wrote it). The user may sort,
   * insert, delete or type while a push runs, so every write-back first checks that the row at that
   * number is still that row, and otherwise finds it by its in-flight mark or leaves it alone.
   */
  private readonly identity = new Map<number, RowIdentity>();
  /** The formulas of the field cells of rows that may be sent, for rows holding any (formula-cells.ts). */
  private readonly formulas = new Map<number, string[]>();

  constructor(definition: SyncDefinition, deps: PushDeps) {
    this.definition = definition;
    this.deps = deps;
    this.byName = new Map(deps.fields.map((f) => [f.api_name, f]));
    this.fieldMeta = definition.fields.map((name) => this.byName.get(name)).filter((f): f is ZohoField => Boolean(f));
    this.listKey = fieldListKey(definition.fields);
    this.currencies = new RowCurrencies(this.fieldMeta, deps.currencies, deps.fields);
    this.attemptSalt = Math.floor((deps.random ?? Math.random)() * 36 ** 6).toString(36);
  }

  run(): PushOutcome {
    const grid = this.deps.grid;
    const lastRow = grid.lastRow();
    if (lastRow < 2) return this.outcome;
    ({ layout: this.layout, header: this.header } = findLayout(grid, this.definition, this.deps.fields));
    this.lastRow = lastRow;
    this.timeZone = grid.timeZone();
    this.fingerprintRow = zonedFingerprint(this.timeZone, this.deps.zones);
    if (this.fieldMeta.length !== this.definition.fields.length) {
      const gone = this.definition.fields.filter((name) => !this.byName.has(name));
      // Named by their column's header, which still shows the label the field had.
      const headerOf = (name: string): string => {
        const column = this.layout.taggedFields[name];
        return (column !== undefined && String(this.header[column - 1] ?? '').trim()) || name;
      };
      throw new ConfigError('SYNC_UNKNOWN_FIELDS', goneFieldsMessage(grid.name, gone.map(headerOf)));
    }

    const pending: RowRead[] = [];
    const inFlight: InFlightRead[] = [];
    for (let start = 2; start <= lastRow; start += ROWS_PER_CHUNK) {
      this.collect(start, Math.min(ROWS_PER_CHUNK, lastRow - start + 1), pending, inFlight);
    }

    try {
      const blocked = this.refuseShared();
      const rows = [...pending.filter((r) => !blocked.has(r.row)), ...this.settle(inFlight.filter((r) => !blocked.has(r.row)))];
      this.flushWrites();
      const updates: Candidate[] = [];
      const inserts: Candidate[] = [];
      for (const read of rows.sort((a, b) => a.row - b.row)) {
        const candidate = this.encode(read.row, read.id || null, read.meta, read.cells, read.id ? 'update' : 'insert');
        if (candidate) (read.id ? updates : inserts).push(candidate);
      }
      try {
        this.send(updates, 'update');
      } catch (error) {
        // The new rows wait too, and say why.
        if (isFatal(error)) for (const c of inserts) this.pend(c.row, notSentStatus(error));
        throw error;
      }
      this.send(inserts, 'insert');
    } finally {
      this.flushWrites();
    }
    return this.outcome;
  }

  /** What this push read of the sheet, once it has read it. */
  seen(): SheetSeen | undefined {
    if (!this.lastRow) return undefined;
    // As one read of the id column gives it: of two rows with one id, the one further down.
    const ids = new Map([...this.rowsById].map(([id, rows]) => [id, rows[rows.length - 1]!]));
    return { layout: this.layout, header: this.header, lastRow: this.lastRow, ids };
  }

  private collect(start: number, numRows: number, pending: RowRead[], inFlight: InFlightRead[]): void {
    const before = pending.length + inFlight.length;
    this.collectRows(start, numRows, pending, inFlight);
    // Formulas are read only where a row may be sent: a sheet with nothing to send costs no call.
    if (pending.length + inFlight.length === before) return;
    readFieldFormulas(this.deps.grid, this.layout.fieldColumns, start, numRows).forEach((formulas, r) => {
      if (formulas.some((f) => f)) this.formulas.set(start + r, formulas);
    });
  }

  private collectRows(start: number, numRows: number, pending: RowRead[], inFlight: InFlightRead[]): void {
    const byColumn = readColumns(this.deps.grid, start, numRows, [...this.layout.fieldColumns, this.layout.idColumn, this.layout.metaColumn]);
    for (let r = 0; r < numRows; r++) {
      const row = start + r;
      const cells = this.layout.fieldColumns.map((c) => byColumn.get(c)![r]);
      const id = String(byColumn.get(this.layout.idColumn)![r] ?? '').trim();
      const metaText = String(byColumn.get(this.layout.metaColumn)![r] ?? '');
      const meta = parseRowMeta(metaText);
      if (id) this.rowsById.set(id, [...(this.rowsById.get(id) ?? []), row]);
      if (id && meta?.a) this.rowsCreatedBy.set(meta.a, row);
      if (id || meta) this.identity.set(row, { id, meta: metaText, fingerprint: '' });
      if (this.deps.only && !this.deps.only.has(id)) continue;
      if (meta?.p) {
        this.rowsByAttempt.set(meta.p.a, [...(this.rowsByAttempt.get(meta.p.a) ?? []), row]);
        if (meta.c) this.conflict(row, cells, meta);
        else inFlight.push({ row, id, meta: meta as RowMeta & { p: InFlightMark }, cells });
        continue;
      }
      if (!id) {
        // Unchecked checkboxes hold FALSE; a row of nothing else is still blank.
        if (cells.every((v) => v === '' || v === null || v === undefined || v === false)) continue;
        this.identity.set(row, { id: '', meta: metaText, fingerprint: this.fingerprintRow(cells) });
        pending.push({ row, id: '', meta: null, cells });
        continue;
      }
      if (!meta) {
        this.fail(row, 'This row has a Zoho record id but no sync data, so the add-on cannot tell what changed. Delete the id to send the row as a new record, or sync again to restore it.');
        continue;
      }
      if (meta.c) {
        this.conflict(row, cells, meta);
        continue;
      }
      if (this.fingerprintRow(cells) === meta.f) continue;
      if (meta.d) {
        // Zoho deleted the record: an update cannot land. The user creates it again or discards it.
        this.writes.set(row, { status: DELETED_KEPT_STATUS });
        this.outcome.issues.push({ row, kind: 'deleted', message: DELETED_KEPT_STATUS, recordId: id });
        continue;
      }
      pending.push({ row, id, meta, cells });
    }
  }

  private conflict(row: number, cells: unknown[], meta: RowMeta): void {
    this.outcome.conflicts++;
    this.issue(row, 'conflict', conflictMessageOf(this.fieldMeta, cells, meta.c!.v, this.timeZone, this.deps.zones, (field) => this.currencies.formatFor(field, meta.cu)));
  }

  /** Rows sharing a record id or an in-flight attempt: none of them is sent, each says why. */
  private refuseShared(): Set<number> {
    const blocked = new Set<number>();
    for (const [id, rows] of sharedKeys(this.rowsById)) {
      for (const row of rows) {
        blocked.add(row);
        this.fail(row, duplicateIdMessage(row, rows, id));
      }
    }
    for (const [, rows] of sharedKeys(this.rowsByAttempt)) {
      for (const row of rows) {
        if (blocked.has(row)) continue;
        blocked.add(row);
        this.fail(row, duplicateMarkMessage(row, rows));
      }
    }
    // A copy taken while an insert was on the wire still carries its mark; the row it was copied
    // from now has the record that insert made. Settling the copy would find that record linked
    // already and send the copy again, as a second record.
    for (const [attempt, rows] of this.rowsByAttempt) {
      const original = this.rowsCreatedBy.get(attempt);
      if (original === undefined) continue;
      for (const row of rows) {
        if (blocked.has(row) || row === original) continue;
        blocked.add(row);
        this.fail(row, copyOfSentMessage(original, this.identity.get(original)?.id ?? ''));
      }
    }
    return blocked;
  }

  /**
   * Finds out what became of writes whose answer was lost. Confirmed rows are linked and clean (and
   * sent on if edited since); rows proven not applied are sent as usual; the rest wait.
   */
  private settle(inFlight: readonly InFlightRead[]): RowRead[] {
    if (!inFlight.length) return [];
    const linked = new Set([...this.rowsById.keys()]);
    const settled = settleInFlight(inFlight, { writer: this.deps.writer, module: this.definition.module, fields: this.byName, linked, userId: this.deps.userId, seesAllRecords: this.deps.seesAllRecords === true });
    const byRow = new Map(inFlight.map((r) => [r.row, r]));
    const next: RowRead[] = [];
    for (const s of settled) {
      const read = byRow.get(s.row)!;
      if (s.kind === 'unknown') {
        this.writes.set(s.row, { status: `${CHECKING_STATUS_PREFIX} (${s.reason.replace(/\.$/, '')}). The next sync checks again.` });
        this.outcome.pending++;
        // A teammate's pull cannot see a record this user could not find: it adds no row for it.
        if (read.meta.p.o === 'i' && !s.othersInsert) this.outcome.unsettledInserts++;
        continue;
      }
      if (s.kind === 'confirmed') {
        if (read.meta.p.o === 'i') s.meta.a = read.meta.p.a;
        this.writes.set(s.row, { status: `${sentStatus(read.meta.p.t, this.timeZone, this.deps.zones)} (confirmed with Zoho after its answer was lost)`, id: s.id, meta: s.meta });
        if (read.meta.p.o === 'i') {
          this.outcome.inserted++;
          this.rowsById.set(s.id, [s.row]);
        } else {
          this.outcome.updated++;
        }
        if (this.fingerprintRow(read.cells) !== s.meta.f) next.push({ row: s.row, id: s.id, meta: s.meta, cells: read.cells });
        continue;
      }
      // Not applied: the row is what it was before the attempt, and goes out again below.
      this.writes.set(s.row, { status: '', meta: s.meta ?? undefined, clearMeta: !s.meta });
      next.push({ row: s.row, id: read.id, meta: s.meta, cells: read.cells });
    }
    return next;
  }

  /** The Zoho JSON of the changed fields of one row, or null after marking why it cannot be sent. */
  private encode(row: number, id: string | null, meta: RowMeta | null, cells: unknown[], action: 'insert' | 'update'): Candidate | null {
    if (action === 'update' && (meta!.k !== this.listKey || !meta!.h)) {
      this.pend(row, 'Not sent yet: this sheet\'s fields changed; the next sync pulls the row again, then your edit can be sent.');
      return null;
    }
    if (action === 'update' && isClearedRow(cells)) {
      this.fail(row, CLEARED_ROW_STATUS);
      return null;
    }
    const ctx = { timeZone: this.timeZone, zones: this.deps.zones, links: this.deps.links, action };
    const hashes = fieldHashes(cells, this.fingerprintRow);
    const payload: Record<string, unknown> = {};
    const links: Record<string, LookupLink> = { ...meta?.l };
    const problems: string[] = [];
    const present: Record<string, unknown> = {};
    const formulas = this.formulas.get(row);
    const held: number[] = [];
    this.fieldMeta.forEach((field, i) => {
      const cell = cells[i];
      const formula = formulas?.[i] ?? '';
      // A formula counts in a new row even while it shows nothing (IMPORTXML still loading).
      const changed = action === 'insert' ? (cell !== '' && cell !== null && cell !== undefined) || formula !== '' : hashes[i] !== meta!.h![i];
      present[field.api_name] = cell;
      if (!changed) return;
      if (formula) {
        problems.push(formulaRefusal(field, formula));
        return;
      }
      if (action === 'update' && isMadeReadOnly(field)) {
        // Zoho would refuse the whole row for this one field: it waits in its cell, the rest goes.
        held.push(i);
        return;
      }
      const encoded = encodeFromCell(field, cell, { ...ctx, previousLink: meta?.l?.[field.api_name] });
      if (!encoded.ok) {
        problems.push(encoded.message);
        return;
      }
      payload[field.api_name] = encoded.value;
      const value = encoded.value as { id?: unknown; name?: unknown } | null;
      if (value && typeof value === 'object' && typeof value.id === 'string') links[field.api_name] = { id: value.id, name: String(cell) };
    });
    if (action === 'insert') {
      const missing = mandatoryMissing([...this.deps.fields], present);
      if (missing.length) problems.push(describeMandatoryMissing(missing));
    }
    const heldLabels = held.map((i) => this.fieldMeta[i]!.field_label);
    if (problems.length) {
      const readOnly = heldLabels.map((label) => `${label} is read-only in Zoho CRM, so edits to it can't be sent.`);
      this.fail(row, `Not sent: ${[...problems, ...readOnly].join(' ')}`);
      return null;
    }
    if (action === 'update' && !Object.keys(payload).length) {
      if (held.length) this.fail(row, heldEditsNote(heldLabels, ''));
      // Every held edit undone: the row is its base again, and the note about them goes.
      else if (meta!.f === '' && !meta!.c && !meta!.p) this.writes.set(row, { status: '', meta: { ...meta!, f: this.fingerprintRow(cells) } });
      return null;
    }
    return { row, id, meta, cells, payload, links, ...(held.length ? { held: { indexes: held, labels: heldLabels } } : {}) };
  }

  /**
   * Sends candidates in batches of 100, each settled in the sheet before the next goes: marked in
   * flight (and flushed) before the call, results written back right after it. Updates first drop
   * the rows whose record changed in Zoho (conflicts). A call that fails stops the sending: its rows
   * are pending, or marked as possibly sent when Zoho may have applied it.
   */
  private send(candidates: Candidate[], action: 'insert' | 'update'): void {
    if (action === 'update' && candidates.length > MAX_RECORDS_PER_WRITE) {
      // The conflict reads of the batches do not depend on each other: read them in parallel now.
      const batches: string[][] = [];
      for (let i = 0; i < candidates.length; i += MAX_RECORDS_PER_WRITE) batches.push(candidates.slice(i, i + MAX_RECORDS_PER_WRITE).map((c) => c.id!));
      this.deps.writer.readAhead?.(this.definition.module, batches, ['Modified_Time']);
    }
    for (let i = 0; i < candidates.length; i += MAX_RECORDS_PER_WRITE) {
      if (!this.hasTime(candidates.slice(i))) return;
      const batch = candidates.slice(i, i + MAX_RECORDS_PER_WRITE);
      let sendable = batch;
      try {
        if (action === 'update') sendable = this.withoutConflicts(batch);
      } catch (error) {
        this.notSent(candidates.slice(i), error);
        return;
      }
      if (!sendable.length) continue;
      const marked = this.markInFlight(sendable, action);
      // A row that moved or changed before its mark could be written is left for the next sync.
      for (const c of sendable) if (!marked.has(c.row)) this.outcome.pending++;
      sendable = sendable.filter((c) => marked.has(c.row));
      if (!sendable.length) continue;
      let results: ZohoWriteResult[];
      try {
        results = action === 'update'
          ? this.deps.writer.update(this.definition.module, sendable.map((c) => ({ id: c.id, ...c.payload })), this.deps.triggers, unmodifiedSince(sendable))
          : this.definition.matchField
            // Matching on a unique field: Zoho updates the record that has the row's value, or creates one.
            ? this.deps.writer.upsert(this.definition.module, sendable.map((c) => c.payload), [this.definition.matchField], this.deps.triggers)
            : this.deps.writer.insert(this.definition.module, sendable.map((c) => c.payload), this.deps.triggers);
      } catch (error) {
        if (!mayHaveBeenApplied(error)) {
          this.unmark(sendable);
          this.notSent(candidates.slice(i), error);
          return;
        }
        this.lostAnswer(sendable, marked, action, error);
        this.notSent(candidates.slice(i + MAX_RECORDS_PER_WRITE), error);
        return;
      }
      this.apply(sendable, results, marked, action);
      this.flushWrites();
    }
  }

  private hasTime(remaining: Candidate[]): boolean {
    if (this.deps.budget.remainingMs() >= PUSH_RESERVE_MS) return true;
    for (const c of remaining) this.pend(c.row, 'Not sent yet: this run ran out of time; the next sync sends it.');
    return false;
  }

  /** Write-ahead: each row of the batch records what is about to be sent, and the sheet is flushed before the call. */
  private markInFlight(batch: Candidate[], action: 'insert' | 'update'): Map<number, RowMeta> {
    const at = this.deps.now();
    const marked = new Map<number, RowMeta>();
    for (const c of batch) {
      const p = markFor(action === 'insert' ? 'i' : 'u', c.payload, this.byName, {
        at, attempt: `${at.toString(36)}.${this.attemptSalt}.${++this.attempts}`, user: this.deps.userId,
        // A partial send leaves the row unlike its base (the conflicting fields): no fingerprint matches it.
        fingerprint: c.partial || c.held ? '' : this.fingerprintRow(c.cells), hashes: this.heldBase(c, c.partial?.hashes ?? fieldHashes(c.cells, this.fingerprintRow)),
      });
      const base: RowMeta = c.meta ?? { m: '', f: '', k: this.listKey };
      const meta: RowMeta = { ...base, p };
      if (action === 'insert' && Object.keys(c.links).length) meta.l = c.links;
      marked.set(c.row, meta);
      this.writes.set(c.row, { status: SENDING_STATUS, meta, cells: c.cellWrites });
    }
    const written = this.flushWrites();
    this.deps.grid.flush();
    for (const row of [...marked.keys()]) if (!written.has(row)) marked.delete(row);
    return marked;
  }

  /** The call was refused before Zoho did anything: the rows are as they were before the attempt. */
  private unmark(batch: Candidate[]): void {
    for (const c of batch) this.writes.set(c.row, { status: '', meta: c.meta ?? undefined, clearMeta: !c.meta });
  }

  /** Zoho may have applied the batch: the marks stay, and the next push checks before sending again. */
  private lostAnswer(batch: Candidate[], marked: Map<number, RowMeta>, action: 'insert' | 'update', error: unknown): void {
    const reason = error instanceof SyncError ? error.userMessage : 'no answer came back';
    for (const c of batch) {
      this.writes.set(c.row, { status: lostAnswerStatus(reason), meta: marked.get(c.row) });
      this.outcome.pending++;
      if (action === 'insert') this.outcome.unsettledInserts++;
    }
  }

  /**
   * Reads the batch's Modified_Time as Zoho has it now. A record changed since our pull is merged
   * with the row field by field (merge); a missing one is an error.
   */
  private withoutConflicts(batch: Candidate[]): Candidate[] {
    // Only Modified_Time first: with 100 ids the URL has no room for more (Apps Script's 2,082 limit).
    const versions = new Map(this.deps.writer.current(this.definition.module, batch.map((c) => c.id!), ['Modified_Time']).map((r) => [String(r.id), r]));
    const fresh: Candidate[] = [];
    const moved: Array<{ candidate: Candidate; modified: string }> = [];
    for (const candidate of batch) {
      const record = versions.get(candidate.id!);
      if (!record) {
        this.fail(candidate.row, MISSING_RECORD_STATUS);
        continue;
      }
      const modified = String(record.Modified_Time ?? '');
      if (modified && candidate.meta && modified !== candidate.meta.m) moved.push({ candidate, modified });
      else fresh.push({ ...candidate, version: modified });
    }
    if (moved.length) fresh.push(...this.merge(moved));
    return fresh.sort((a, b) => a.row - b.row);
  }

  /**
   * Three-way merge of each moved row with its record: Zoho's changes to fields I did not edit come
   * into the row (with its sync data, before anything is sent), my edits to fields Zoho did not
   * change are sent, and a field both changed to different values holds the whole row back as a
   * conflict naming those fields. The row's base becomes Zoho's version, except in conflicting
   * fields (mergedBase), so a later merge finds the same conflict until the user chooses.
   */
  private merge(moved: Array<{ candidate: Candidate; modified: string }>): Candidate[] {
    // Values are read only for records that moved, in requests of at most 50 fields.
    const records = readRecords(this.deps.writer, this.definition.module, moved.map((m) => m.candidate.id!), this.definition.fields);
    const sendable: Candidate[] = [];
    for (const { candidate, modified } of moved) {
      const record = records.get(candidate.id!);
      if (!record) {
        this.fail(candidate.row, MISSING_RECORD_STATUS);
        continue;
      }
      const theirs = zohoVersion(this.fieldMeta, record, modified, this.listKey, this.timeZone, this.deps.zones);
      const base = candidate.meta!.h!;
      const mine = fieldHashes(candidate.cells, this.fingerprintRow);
      const merge = mergeFields(base, mine, theirs.meta.h!);
      // The row keeps its currency: this read asks for Modified_Time and the fields, and a change of
      // currency in Zoho reaches the row with the next pull (it compares the record's currency).
      const meta: RowMeta = { ...theirs.meta, h: mergedBase(merge, base, theirs.meta.h!), ...(candidate.meta!.cu ? { cu: candidate.meta!.cu } : {}), ...(candidate.meta!.a ? { a: candidate.meta!.a } : {}) };
      const cellWrites = merge.take.map((index) => ({ index, value: theirs.cells[index]!, expect: mine[index]! }));
      if (merge.conflicts.length) {
        const shown = (value: unknown, i: number): string => displayCell(value, this.currencies.formatFor(this.fieldMeta[i]!, meta.cu), this.timeZone, this.deps.zones);
        const message = conflictStatus(merge.conflicts.map((i) => ({ label: this.fieldMeta[i]!.field_label, mine: shown(candidate.cells[i], i), zoho: shown(theirs.cells[i], i) })));
        const v: Record<string, unknown> = {};
        for (const i of merge.conflicts) v[this.fieldMeta[i]!.api_name] = record[this.fieldMeta[i]!.api_name] ?? null;
        const conflicted: RowMeta = { ...meta, c: { m: modified, v } };
        this.outcome.conflicts++;
        this.issue(candidate.row, 'conflict', message);
        const sendNow = new Set(merge.send.map((i) => this.fieldMeta[i]!.api_name));
        const partialPayload = Object.fromEntries(Object.entries(candidate.payload).filter(([name]) => sendNow.has(name)));
        if (!Object.keys(partialPayload).length) {
          this.writes.set(candidate.row, { status: message, meta: conflicted, cells: cellWrites });
          continue;
        }
        // The fields only I changed are sent now; the conflicting ones wait for the user's choice.
        const hashes = conflicted.h!.map((h, i) => (merge.decisions[i] === 'send' ? mine[i]! : h));
        const cells = candidate.cells.map((cell, i) => (merge.decisions[i] === 'take' ? theirs.cells[i] : cell));
        const links: Record<string, LookupLink> = { ...theirs.meta.l };
        for (const name of sendNow) if (candidate.links[name]) links[name] = candidate.links[name]!;
        sendable.push({ ...candidate, meta: conflicted, cells, payload: partialPayload, links, cellWrites, partial: { status: message, hashes }, version: modified });
        continue;
      }
      const send = new Set(merge.send.map((i) => this.fieldMeta[i]!.api_name));
      const payload = Object.fromEntries(Object.entries(candidate.payload).filter(([name]) => send.has(name)));
      if (!Object.keys(payload).length) {
        // Zoho already has every edit (or the edits were Zoho's changes typed in too): nothing to send.
        this.writes.set(candidate.row, { status: '', meta, cells: cellWrites });
        continue;
      }
      const links: Record<string, LookupLink> = { ...theirs.meta.l };
      for (const name of send) if (candidate.links[name]) links[name] = candidate.links[name]!;
      const cells = candidate.cells.map((cell, i) => (merge.decisions[i] === 'take' ? theirs.cells[i] : cell));
      sendable.push({ ...candidate, meta, cells, payload, links, cellWrites, version: modified });
    }
    return sendable;
  }

  private apply(batch: Candidate[], results: ZohoWriteResult[], marked: Map<number, RowMeta>, action: 'insert' | 'update'): void {
    const now = this.deps.now();
    batch.forEach((candidate, i) => {
      const result = results[i];
      if (!result) {
        // An answer without this record's result says nothing about it: it may have been applied.
        this.writes.set(candidate.row, { status: lostAnswerStatus('Zoho\'s answer did not cover this row'), meta: marked.get(candidate.row) });
        this.outcome.pending++;
        if (action === 'insert') this.outcome.unsettledInserts++;
        return;
      }
      if (action === 'update' && result.code === 'ALREADY_MODIFIED') {
        // Changed in Zoho after this push read it, so nothing was written: the row stays on the
        // version it merged with, and the next sync merges the newer change field by field.
        this.writes.set(candidate.row, { status: CHANGED_MEANWHILE_STATUS, meta: candidate.meta ?? undefined });
        this.outcome.pending++;
        return;
      }
      if (result.status !== 'success') {
        this.writes.set(candidate.row, { status: '', meta: candidate.meta ?? undefined, clearMeta: !candidate.meta });
        this.fail(candidate.row, action === 'update' && namesMissingRecord(result) ? MISSING_RECORD_STATUS : `Zoho refused this row: ${describeZohoError(result, this.fieldMeta)}`);
        if (refusedByFieldMetadata(result)) this.outcome.staleFields = true;
        return;
      }
      const details = (result.details ?? {}) as { id?: string; Modified_Time?: string };
      if (action === 'insert' && !/^\d+$/.test(String(details.id ?? ''))) {
        // Created, but not said which record it is: without an id the row would look new and be
        // created again. The mark stays, and the next sync finds the record by its values.
        this.writes.set(candidate.row, { status: lostAnswerStatus('Zoho did not say which record it created'), meta: marked.get(candidate.row) });
        this.outcome.pending++;
        this.outcome.unsettledInserts++;
        return;
      }
      if (candidate.partial && candidate.meta?.c) {
        // The other edits landed; the conflict stays, now against the version this write made.
        const modified = String(details.Modified_Time ?? candidate.meta.m);
        const meta: RowMeta = { ...candidate.meta, m: modified, f: '', h: this.heldBase(candidate, candidate.partial.hashes), c: { ...candidate.meta.c, m: modified } };
        this.writes.set(candidate.row, { status: candidate.partial.status, meta });
        this.outcome.updated++;
        return;
      }
      // The row's base is what Zoho now holds, and the cells show it (a typed "junk lead" becomes "Junk Lead").
      const nameOf = this.deps.links?.nameOf?.bind(this.deps.links);
      const sent = sentCells(this.fieldMeta, candidate.cells, candidate.payload, this.timeZone, this.deps.zones, this.fingerprintRow, nameOf);
      const links: Record<string, LookupLink> = { ...candidate.links };
      for (const [name, shown] of Object.entries(sent.names)) if (links[name]) links[name] = { ...links[name]!, name: shown };
      const meta: RowMeta = {
        m: String(details.Modified_Time ?? candidate.meta?.m ?? ''),
        f: this.fingerprintRow(sent.cells),
        k: this.listKey,
        h: fieldHashes(sent.cells, this.fingerprintRow),
      };
      if (Object.keys(links).length) meta.l = links;
      // An update leaves the record's currency alone; a new record is in Zoho's default (no cu: the base).
      if (candidate.meta?.cu) meta.cu = candidate.meta.cu;
      // Which attempt made the record: an insert's own, or the one an update's row kept.
      const creator = action === 'insert' ? marked.get(candidate.row)?.p?.a : candidate.meta?.a;
      if (creator) meta.a = creator;
      const id = action === 'insert' ? String(details.id ?? '') : undefined;
      let status = sentStatus(now, this.timeZone, this.deps.zones);
      if (action === 'insert' && result.action === 'update') {
        // An upsert found the record by the match field: the row now stands for it.
        const label = this.byName.get(this.definition.matchField ?? '')?.field_label ?? this.definition.matchField;
        const others = (this.rowsById.get(id!) ?? []).filter((r) => r !== candidate.row);
        status = `${status}: matched the existing record with the same ${label}, which was updated and is now linked to this row`
          + (others.length ? `. Row ${others.join(', ')} is linked to it too: delete one of them.` : '.');
      }
      if (candidate.held) {
        // Sent without the held fields: they stay unsent edits, and the note says what to do.
        meta.h = this.heldBase(candidate, meta.h!);
        meta.f = '';
        status = heldEditsNote(candidate.held.labels, `The row's other edits were sent: ${status}.`);
        this.issue(candidate.row, 'error', status);
      }
      if (id) this.rowsById.set(id, [...(this.rowsById.get(id) ?? []), candidate.row]);
      this.writes.set(candidate.row, { status, id, meta, cells: sent.writes });
      if (action === 'insert' && result.action !== 'update') this.outcome.inserted++;
      else this.outcome.updated++;
    });
  }

  /**
   * A call failed before anything reached Zoho: its rows and every later one stay as they are,
   * pending, each saying why. A lost connection or a setup problem then stops the whole push (after
   * the rows say what to do: a scheduled run has no sidebar to show it).
   */
  private notSent(rows: Candidate[], error: unknown): void {
    for (const c of rows) this.pend(c.row, notSentStatus(error));
    if (isFatal(error)) throw error;
  }

  private fail(row: number, message: string): void {
    this.writes.set(row, { ...this.writes.get(row), status: message });
    this.outcome.failed++;
    this.issue(row, 'error', message);
  }

  /** A row's hashes with its held fields (if any) back at the base's: those edits stay unsent. */
  private heldBase(candidate: Candidate, hashes: string[]): string[] {
    return candidate.held && candidate.meta?.h ? keepHeldBase(hashes, candidate.meta.h, candidate.held.indexes) : hashes;
  }

  private issue(row: number, kind: PushIssue['kind'], message: string): void {
    const recordId = this.identity.get(row)?.id;
    this.outcome.issues.push(recordId ? { row, recordId, kind, message } : { row, kind, message });
  }

  private pend(row: number, message: string): void {
    this.writes.set(row, { ...this.writes.get(row), status: message });
    this.outcome.pending++;
  }

  /**
   * Writes statuses, ids and sync data not written yet, a segment of rows at a time; field cells
   * are never touched. Each row is checked first: the same id and sync data as we know it (and, for
   * a new row with neither, the same cells). A row that is no longer there is found again by its
   * in-flight mark, which travels with it; without a mark its write is dropped rather than put on
   * another row. What remains is the moment between this read and the write, a few Sheets calls.
   * @returns the rows (as numbered when the write was queued) whose write landed
   */
  private flushWrites(): Set<number> {
    const written = new Set<number>();
    if (!this.writes.size) return written;
    const pending = new Map(this.writes);
    this.writes.clear();
    const moved = this.writeSegments(pending, written);
    if (moved.size) this.relocate(moved, written);
    return written;
  }

  /** Writes `writes` where their rows still are; returns the writes whose rows were not there. */
  private writeSegments(writes: ReadonlyMap<number, RowWrite>, written: Set<number>, origin: ReadonlyMap<number, number> = new Map()): Map<number, RowWrite> {
    const grid = this.deps.grid;
    const moved = new Map<number, RowWrite>();
    const rows = [...writes.keys()].sort((a, b) => a - b);
    const columns = [this.layout.statusColumn, this.layout.idColumn, this.layout.metaColumn].filter((c) => c > 0);
    for (let i = 0; i < rows.length; ) {
      const first = rows[i]!;
      const inSegment: number[] = [];
      while (i < rows.length && rows[i]! < first + ROWS_PER_CHUNK) inSegment.push(rows[i++]!);
      const numRows = inSegment[inSegment.length - 1]! - first + 1;
      const runs = columnRuns(columns).map((run) => ({ run, values: grid.readValues(first, run.start, numRows, run.columns.length) }));
      const at = (row: number, column: number): unknown => {
        for (const { run, values } of runs) {
          const k = run.columns.indexOf(column);
          if (k >= 0) return values[row - first]![k];
        }
        return '';
      };
      // New rows have neither id nor sync data: only their cells tell them apart.
      const needsCells = inSegment.some((row) => this.identity.get(row)?.fingerprint || writes.get(row)!.cells?.length);
      const cells = needsCells ? this.readCells(first, numRows) : null;
      // The status cell shows a word; its note keeps the sentence (status.ts).
      const notes = new Map<number, string>();
      for (const row of inSegment) {
        const write = writes.get(row)!;
        const expected = this.identity.get(row);
        const now = { id: String(at(row, this.layout.idColumn) ?? '').trim(), meta: String(at(row, this.layout.metaColumn) ?? '') };
        if (expected && !(now.id === expected.id && now.meta === expected.meta && (!expected.fingerprint || this.fingerprintRow(cells![row - first]!) === expected.fingerprint))) {
          moved.set(row, write);
          continue;
        }
        if (this.layout.statusColumn) notes.set(row, statusCell(write.status).note);
        for (const { run, values } of runs) {
          run.columns.forEach((column, k) => {
            if (column === this.layout.statusColumn) values[row - first]![k] = statusCell(write.status).word;
            else if (column === this.layout.idColumn && write.id) values[row - first]![k] = write.id;
            else if (column === this.layout.metaColumn && write.meta) values[row - first]![k] = formatRowMeta(write.meta);
            else if (column === this.layout.metaColumn && write.clearMeta) values[row - first]![k] = '';
          });
        }
        if (write.cells?.length) this.writeFieldCells(row, write.cells, cells![row - first]!, (write.meta ?? parseRowMeta(now.meta))?.cu);
        written.add(origin.get(row) ?? row);
        const meta = write.meta ? formatRowMeta(write.meta) : write.clearMeta ? '' : now.meta;
        this.identity.set(row, { id: write.id ?? now.id, meta, fingerprint: meta ? '' : expected?.fingerprint ?? '' });
      }
      // Plain text first wherever an id lands, or Sheets would turn its 19 digits into a number.
      // Statuses and sync data always start with a letter or '{', so they need no format call.
      const withIds = inSegment.some((row) => writes.get(row)!.id);
      for (const { run, values } of runs) {
        if (withIds) grid.writeNumberFormats(first, run.start, values.map((r) => r.map(() => '@')));
        grid.writeValues(first, run.start, values);
      }
      writeStatusNotes(grid, this.layout.statusColumn, notes);
      if (withIds && this.currencies.active) this.writeCurrencyFormats(first, numRows, (row) => at(row, this.layout.metaColumn));
    }
    return moved;
  }

  /**
   * Multi-currency org, after new records were created: every row's amounts over rows
   * first..first+numRows-1 in the currency its sync data names (a new record is in the base, the
   * currency Zoho gives a record sent without one, even when its row was pasted from a row in
   * another). Formats only, one call per run of amount columns; values are never touched.
   * @param metaOf a row's sync-data text as just written
   */
  private writeCurrencyFormats(first: number, numRows: number, metaOf: (row: number) => unknown): void {
    const amounts = this.layout.fieldColumns.flatMap((column, i) => (isCurrencyField(this.fieldMeta[i]!) ? [column] : []));
    const codes = Array.from({ length: numRows }, (_, r) => parseRowMeta(metaOf(first + r))?.cu);
    for (const run of columnRuns(amounts)) {
      const fields = run.columns.map((c) => this.fieldMeta[this.layout.fieldColumns.indexOf(c)]!);
      this.deps.grid.writeNumberFormats(first, run.start, codes.map((code) => fields.map((f) => this.currencies.formatFor(f, code) ?? 'General')));
    }
  }

  /**
   * Zoho's values a merge takes, cell by cell: only where the cell still holds what the merge read,
   * so a value typed since stays (and, differing from the new base, is sent next time).
   */
  private writeFieldCells(row: number, writes: readonly CellWrite[], now: readonly unknown[], currency: string | undefined): void {
    for (const { index, value, expect } of writes) {
      if (fieldHashes([now[index]], this.fingerprintRow)[0] !== expect) continue;
      const column = this.layout.fieldColumns[index]!;
      this.deps.grid.writeNumberFormats(row, column, [[this.currencies.formatFor(this.fieldMeta[index]!, currency) ?? 'General']]);
      this.deps.grid.writeValues(row, column, [[value]]);
    }
  }

  private readCells(first: number, numRows: number): unknown[][] {
    const byColumn = new Map<number, unknown[][]>();
    for (const run of columnRuns(this.layout.fieldColumns)) {
      const values = this.deps.grid.readValues(first, run.start, numRows, run.columns.length);
      run.columns.forEach((column, k) => byColumn.set(column, values.map((r) => [r[k]])));
    }
    return Array.from({ length: numRows }, (_, r) => this.layout.fieldColumns.map((c) => byColumn.get(c)![r]![0]));
  }

  /**
   * Rows that moved while their write was under way (a sort, a row inserted or deleted above) are
   * found again by their in-flight mark: one read of the sync-data column, then the same checked
   * write. A row without a mark, or whose mark is gone (the row was deleted), is left alone.
   */
  private relocate(moved: ReadonlyMap<number, RowWrite>, written: Set<number>): void {
    const byMark = new Map<string, number>();
    for (const [row] of moved) {
      const expected = this.identity.get(row);
      if (expected && parseRowMeta(expected.meta)?.p) byMark.set(expected.meta, row);
    }
    if (!byMark.size) return;
    const lastRow = this.deps.grid.lastRow();
    const found = new Map<number, RowWrite>();
    const origin = new Map<number, number>();
    for (let start = 2; start <= lastRow && found.size < byMark.size; start += ROWS_PER_CHUNK) {
      const numRows = Math.min(ROWS_PER_CHUNK, lastRow - start + 1);
      this.deps.grid.readValues(start, this.layout.metaColumn, numRows, 1).forEach(([value], r) => {
        const was = byMark.get(String(value ?? ''));
        if (was === undefined) return;
        found.set(start + r, moved.get(was)!);
        origin.set(start + r, was);
        this.identity.set(start + r, this.identity.get(was)!);
      });
    }
    if (found.size) this.writeSegments(found, written, origin);
  }
}
