// Push: rows the user edited, and new rows, go back to Zoho. A row is edited when its cells no
// longer match what the last pull wrote (so pasted, sorted and scripted edits count, not just
// onEdit), and only the fields that changed are sent. Before an update the record's current
// Modified_Time is read: if a colleague changed it in Zoho since our pull, the row becomes a
// conflict instead of overwriting them. Every row touched gets a status; a row that fails keeps
// the user's edit; a batch whose whole call fails stays pending for the next run.

import { zonedFingerprint, type RowFingerprint } from '../cells/fingerprint';
import {
  describeMandatoryMissing, encodeFromCell, mandatoryMissing, type LookupLink, type LookupResolver,
} from '../cells/record-codec';
import type { ZoneOffsetPort } from '../cells/time-zone';
import { NotConnectedError, ReconnectRequiredError, ConfigError, SyncError } from '../errors';
import type { TimeBudget } from '../ports';
import { MAX_RECORDS_PER_WRITE, type RecordWriter, type WriteTriggers } from '../zoho/records';
import type { ZohoField, ZohoWriteResult } from '../zoho/wire';
import { MAX_FIELDS_PER_REQUEST, type SyncDefinition } from './definition';
import type { SheetGrid } from './grid';
import { columnRuns, resolveLayout, type SheetLayout } from './layout';
import { CONFLICT_STATUS, fieldListKey, formatUtc, ROWS_PER_CHUNK, type SyncStateStore } from './pull';
import { fieldHashes, formatRowMeta, parseRowMeta, type RowMeta } from './row-meta';

export interface PushDeps {
  writer: RecordWriter;
  grid: SheetGrid;
  state: SyncStateStore;
  fields: readonly ZohoField[];
  zones: ZoneOffsetPort;
  links?: LookupResolver;
  budget: TimeBudget;
  now: () => number;
  /** Automation Zoho runs on our writes; undefined runs all of it (Zoho's default). */
  triggers?: WriteTriggers;
}

export interface PushIssue {
  row: number;
  kind: 'error' | 'conflict';
  message: string;
}

export interface PushOutcome {
  updated: number;
  inserted: number;
  failed: number;
  conflicts: number;
  pending: number;
  issues: PushIssue[];
}

interface Candidate {
  row: number;
  id: string | null;
  meta: RowMeta | null;
  cells: unknown[];
  payload: Record<string, unknown>;
  links: Record<string, LookupLink>;
}

/** Time kept for writing statuses back after the last batch. */
const PUSH_RESERVE_MS = 20000;

export function runPush(definition: SyncDefinition, deps: PushDeps): PushOutcome {
  return new PushRun(definition, deps).run();
}

export function sentStatus(at: number): string {
  return `Sent to Zoho ${formatUtc(at).slice(0, 16).replace('T', ' ')} UTC`;
}

class PushRun {
  private readonly definition: SyncDefinition;
  private readonly deps: PushDeps;
  private readonly fieldMeta: ZohoField[];
  private readonly listKey: string;
  private layout!: SheetLayout;
  /** The spreadsheet's zone, read once per run (each read is a Sheets call). */
  private timeZone = '';
  /** Fingerprints cells as shown in that zone (zonedFingerprint), as pull and rezone do. */
  private fingerprintRow: RowFingerprint = () => '';
  private readonly outcome: PushOutcome = { updated: 0, inserted: 0, failed: 0, conflicts: 0, pending: 0, issues: [] };
  /** Status, id and sync-data cells to write back, by row. */
  private readonly writes = new Map<number, { status: string; id?: string; meta?: RowMeta }>();

  constructor(definition: SyncDefinition, deps: PushDeps) {
    this.definition = definition;
    this.deps = deps;
    const byName = new Map(deps.fields.map((f) => [f.api_name, f]));
    this.fieldMeta = definition.fields.map((name) => byName.get(name)).filter((f): f is ZohoField => Boolean(f));
    this.listKey = fieldListKey(definition.fields);
  }

  run(): PushOutcome {
    const grid = this.deps.grid;
    const lastRow = grid.lastRow();
    if (lastRow < 2) return this.outcome;
    const header = grid.readValues(1, 1, 1, grid.lastColumn())[0] ?? [];
    this.layout = resolveLayout(header, this.definition, this.deps.fields, grid.name);
    this.timeZone = grid.timeZone();
    this.fingerprintRow = zonedFingerprint(this.timeZone, this.deps.zones);
    if (this.fieldMeta.length !== this.definition.fields.length) {
      throw new ConfigError('SYNC_UNKNOWN_FIELDS', `Some fields of sheet "${grid.name}" no longer exist in Zoho. Pick the fields again in the sidebar.`);
    }

    const updates: Candidate[] = [];
    const inserts: Candidate[] = [];
    for (let start = 2; start <= lastRow; start += ROWS_PER_CHUNK) {
      this.collect(start, Math.min(ROWS_PER_CHUNK, lastRow - start + 1), updates, inserts);
    }

    try {
      this.send(updates, 'update');
      this.send(inserts, 'insert');
    } finally {
      this.writeBack();
    }
    return this.outcome;
  }

  private collect(start: number, numRows: number, updates: Candidate[], inserts: Candidate[]): void {
    const runs = columnRuns([...this.layout.fieldColumns, this.layout.idColumn, this.layout.metaColumn]);
    const byColumn = new Map<number, unknown[]>();
    for (const run of runs) {
      const values = this.deps.grid.readValues(start, run.start, numRows, run.columns.length);
      run.columns.forEach((column, k) => byColumn.set(column, values.map((row) => row[k])));
    }
    for (let r = 0; r < numRows; r++) {
      const row = start + r;
      const cells = this.layout.fieldColumns.map((c) => byColumn.get(c)![r]);
      const id = String(byColumn.get(this.layout.idColumn)![r] ?? '').trim();
      const meta = parseRowMeta(byColumn.get(this.layout.metaColumn)![r]);
      if (!id) {
        // Unchecked checkboxes hold FALSE; a row of nothing else is still blank.
        if (cells.every((v) => v === '' || v === null || v === undefined || v === false)) continue;
        const candidate = this.encode(row, null, null, cells, 'insert');
        if (candidate) inserts.push(candidate);
        continue;
      }
      if (!meta) {
        this.fail(row, 'This row has a Zoho record id but no sync data, so the add-on cannot tell what changed. Delete the id to send the row as a new record, or sync again to restore it.');
        continue;
      }
      if (meta.c) {
        this.outcome.conflicts++;
        this.outcome.issues.push({ row, kind: 'conflict', message: conflictMessage(this.fieldMeta, cells, meta.c.v) });
        continue;
      }
      if (this.fingerprintRow(cells) === meta.f) continue;
      if (meta.k !== this.listKey || !meta.h) {
        this.pend(row, 'Not sent yet: this sheet\'s fields changed; the next sync pulls the row again, then your edit can be sent.');
        continue;
      }
      const candidate = this.encode(row, id, meta, cells, 'update');
      if (candidate) updates.push(candidate);
    }
  }

  /** The Zoho JSON of the changed fields of one row, or null after marking why it cannot be sent. */
  private encode(row: number, id: string | null, meta: RowMeta | null, cells: unknown[], action: 'insert' | 'update'): Candidate | null {
    const ctx = { timeZone: this.timeZone, zones: this.deps.zones, links: this.deps.links, action };
    const hashes = fieldHashes(cells, this.fingerprintRow);
    const payload: Record<string, unknown> = {};
    const links: Record<string, LookupLink> = { ...meta?.l };
    const problems: string[] = [];
    const present: Record<string, unknown> = {};
    this.fieldMeta.forEach((field, i) => {
      const cell = cells[i];
      const changed = action === 'insert' ? cell !== '' && cell !== null && cell !== undefined : hashes[i] !== meta!.h![i];
      present[field.api_name] = cell;
      if (!changed) return;
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
    if (problems.length) {
      this.fail(row, `Not sent: ${problems.join(' ')}`);
      return null;
    }
    if (action === 'update' && !Object.keys(payload).length) return null;
    return { row, id, meta, cells, payload, links };
  }

  /**
   * Sends candidates in batches of 100. Updates first drop the rows whose record changed in Zoho
   * (conflicts). A whole call that fails leaves its batch and every later one pending.
   */
  private send(candidates: Candidate[], action: 'insert' | 'update'): void {
    for (let i = 0; i < candidates.length; i += MAX_RECORDS_PER_WRITE) {
      if (!this.hasTime(candidates.slice(i))) return;
      const batch = candidates.slice(i, i + MAX_RECORDS_PER_WRITE);
      let sendable = batch;
      let results: ZohoWriteResult[];
      try {
        if (action === 'update') sendable = this.withoutConflicts(batch);
        if (!sendable.length) continue;
        results = action === 'update'
          ? this.deps.writer.update(this.definition.module, sendable.map((c) => ({ id: c.id, ...c.payload })), this.deps.triggers)
          : this.deps.writer.insert(this.definition.module, sendable.map((c) => c.payload), this.deps.triggers);
      } catch (error) {
        this.failBatch(candidates.slice(i), error);
        return;
      }
      this.apply(sendable, results, action);
    }
  }

  private hasTime(remaining: Candidate[]): boolean {
    if (this.deps.budget.remainingMs() >= PUSH_RESERVE_MS) return true;
    for (const c of remaining) this.pend(c.row, 'Not sent yet: this run ran out of time; the next sync sends it.');
    return false;
  }

  /**
   * Reads the batch's records as Zoho has them now; a record changed since our pull becomes a
   * conflict (with Zoho's values kept for the user to compare), a deleted one an error.
   */
  private withoutConflicts(batch: Candidate[]): Candidate[] {
    // Only Modified_Time first: with 100 ids the URL has no room for more (Apps Script's 2,082 limit).
    const versions = new Map(this.deps.writer.current(this.definition.module, batch.map((c) => c.id!), ['Modified_Time']).map((r) => [String(r.id), r]));
    const fresh: Candidate[] = [];
    const conflicting: Array<{ candidate: Candidate; modified: string }> = [];
    for (const candidate of batch) {
      const record = versions.get(candidate.id!);
      if (!record) {
        this.fail(candidate.row, 'Not sent: this record no longer exists in Zoho (deleted or merged). Delete the row, or clear its Zoho record ID to create it again.');
        continue;
      }
      const modified = String(record.Modified_Time ?? '');
      if (modified && candidate.meta && modified !== candidate.meta.m) conflicting.push({ candidate, modified });
      else fresh.push(candidate);
    }
    if (conflicting.length) this.markConflicts(conflicting);
    return fresh;
  }

  /** Conflicts keep Zoho's current values beside the row, so the user can compare and choose. */
  private markConflicts(conflicting: Array<{ candidate: Candidate; modified: string }>): void {
    const fields = this.definition.fields.slice(0, MAX_FIELDS_PER_REQUEST);
    const values = new Map(this.deps.writer.current(this.definition.module, conflicting.map((c) => c.candidate.id!), fields).map((r) => [String(r.id), r]));
    for (const { candidate, modified } of conflicting) {
      const record = values.get(candidate.id!) ?? { id: candidate.id! };
      const zoho: Record<string, unknown> = {};
      for (const name of this.definition.fields) zoho[name] = record[name] ?? null;
      const message = conflictMessage(this.fieldMeta, candidate.cells, zoho);
      this.writes.set(candidate.row, { status: message, meta: { ...candidate.meta!, c: { m: modified, v: zoho } } });
      this.outcome.conflicts++;
      this.outcome.issues.push({ row: candidate.row, kind: 'conflict', message });
    }
  }

  private apply(batch: Candidate[], results: ZohoWriteResult[], action: 'insert' | 'update'): void {
    const now = this.deps.now();
    batch.forEach((candidate, i) => {
      const result = results[i];
      if (!result || result.status !== 'success') {
        this.fail(candidate.row, `Zoho refused this row: ${describeZohoError(result, this.fieldMeta)}`);
        return;
      }
      const details = result.details as { id?: string; Modified_Time?: string };
      const meta: RowMeta = {
        m: String(details.Modified_Time ?? candidate.meta?.m ?? ''),
        f: this.fingerprintRow(candidate.cells),
        k: this.listKey,
        h: fieldHashes(candidate.cells, this.fingerprintRow),
      };
      if (Object.keys(candidate.links).length) meta.l = candidate.links;
      const id = action === 'insert' ? String(details.id ?? '') : undefined;
      this.writes.set(candidate.row, { status: sentStatus(now), id, meta });
      if (action === 'insert') this.outcome.inserted++;
      else this.outcome.updated++;
    });
  }

  /** A whole call failed: its rows and every later one stay as they are, pending. */
  private failBatch(rows: Candidate[], error: unknown): void {
    if (error instanceof NotConnectedError || error instanceof ReconnectRequiredError || error instanceof ConfigError) throw error;
    const reason = error instanceof SyncError ? error.userMessage : 'Zoho could not be reached.';
    for (const c of rows) this.pend(c.row, `Not sent yet: ${reason}`);
  }

  private fail(row: number, message: string): void {
    this.writes.set(row, { status: message });
    this.outcome.failed++;
    this.outcome.issues.push({ row, kind: 'error', message });
  }

  private pend(row: number, message: string): void {
    this.writes.set(row, { status: message });
    this.outcome.pending++;
  }

  /** Writes statuses, new ids and sync data, a segment of rows at a time; field cells are never touched. */
  private writeBack(): void {
    if (!this.writes.size) return;
    const grid = this.deps.grid;
    const rows = [...this.writes.keys()].sort((a, b) => a - b);
    const columns = [this.layout.statusColumn, this.layout.idColumn, this.layout.metaColumn].filter((c) => c > 0);
    for (let i = 0; i < rows.length; ) {
      const first = rows[i]!;
      const inSegment: number[] = [];
      while (i < rows.length && rows[i]! < first + ROWS_PER_CHUNK) inSegment.push(rows[i++]!);
      const numRows = inSegment[inSegment.length - 1]! - first + 1;
      for (const run of columnRuns(columns)) {
        const values = grid.readValues(first, run.start, numRows, run.columns.length);
        for (const row of inSegment) {
          const write = this.writes.get(row)!;
          run.columns.forEach((column, k) => {
            if (column === this.layout.statusColumn) values[row - first]![k] = write.status;
            else if (column === this.layout.idColumn && write.id) values[row - first]![k] = write.id;
            else if (column === this.layout.metaColumn && write.meta) values[row - first]![k] = formatRowMeta(write.meta);
          });
        }
        grid.writeNumberFormats(first, run.start, values.map((r) => r.map(() => '@')));
        grid.writeValues(first, run.start, values);
      }
    }
  }
}

/** "Conflict: … Zoho has Phone "+1 555 0101", Stage "Won"." with the fields where Zoho differs from the sheet. */
function conflictMessage(fields: ZohoField[], cells: unknown[], zohoValues: Record<string, unknown>): string {
  const differences: string[] = [];
  fields.forEach((field, i) => {
    if (!(field.api_name in zohoValues)) return;
    const zoho = zohoValues[field.api_name];
    const shown = summarizeZohoValue(zoho);
    const mine = cells[i] instanceof Date ? (cells[i] as Date).toISOString() : String(cells[i] ?? '');
    if (shown !== mine && differences.length < 5) differences.push(`${field.field_label} "${shown.slice(0, 60)}"`);
  });
  return differences.length ? `${CONFLICT_STATUS} Zoho has ${differences.join(', ')}.` : CONFLICT_STATUS;
}

function summarizeZohoValue(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object' && !Array.isArray(value)) return String((value as { name?: unknown }).name ?? '');
  if (Array.isArray(value)) return value.join('; ');
  return String(value);
}

/** Zoho's per-record error in one sentence that names the column. */
export function describeZohoError(result: ZohoWriteResult | undefined, fields: ZohoField[]): string {
  if (!result) return 'no answer for this record.';
  const details = (result.details ?? {}) as { api_name?: string; expected_data_type?: string; maximum_length?: number; supported_values?: unknown[] };
  const field = fields.find((f) => f.api_name === details.api_name);
  const label = field?.field_label ?? details.api_name;
  const extra = details.supported_values ? ` (allowed: ${details.supported_values.slice(0, 10).join(', ')})`
    : details.maximum_length ? ` (at most ${details.maximum_length} characters)`
      : details.expected_data_type ? ` (expected ${details.expected_data_type})` : '';
  return `${result.message || result.code}${label ? ` — ${label}` : ''}${extra} [${result.code}]`;
}
