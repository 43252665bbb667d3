// Re-rendering a synced sheet after the spreadsheet's time zone changed (File > Settings). Not the
// pull's or push's business: it runs before both, so neither ever meets cells of two zones.
//
// Why: Sheets keeps a date or datetime cell as a wall-clock reading (a serial number), and getValues
// reads that reading in the spreadsheet's zone of the moment. After the zone changes, every such cell
// reads as another instant, so every row holding one would look edited and a push would shift
// Zoho's datetimes by the difference between the zones.

import { zonedFingerprint, type RowFingerprint } from '../cells/fingerprint';
import { toSafeCellText } from '../cells/formula-safe';
import { dateKindOf } from '../cells/record-codec';
import {
  instantToWallClockMs, MS_PER_DAY, MS_PER_MINUTE, roundToSecond, steadyOffsetMinutes, wallClockMsToInstant,
  type ZoneOffsetPort,
} from '../cells/time-zone';
import type { ZohoField } from '../zoho/wire';
import type { SyncDefinition } from './definition';
import type { SheetGrid } from './grid';
import { columnRuns, columnsOfFields, findLayout } from './layout';
import { fieldListKey, ROWS_PER_CHUNK, type SyncState, type SyncStateStore } from './pull';
import { fieldHashes, formatRowMeta, parseRowMeta, type RowMeta } from './row-meta';

export interface RezoneDeps {
  grid: SheetGrid;
  state: SyncStateStore;
  /** The module's field metadata. */
  fields: readonly ZohoField[];
  /** Pass a memoised port (memoizeZoneOffsets): offsets are asked at whole UTC days, over and over. */
  zones: ZoneOffsetPort;
}

export interface RezoneOutcome {
  /** The zone the cells were written in; null when none was recorded (the sheet adopts `to`). */
  from: string | null;
  to: string;
  /** Rows whose cells or sync data were re-rendered. */
  rows: number;
}

/** A zone and the fingerprint of cells shown in it. */
export interface ZoneView {
  timeZone: string;
  fingerprint: RowFingerprint;
}

/** What changes in one row: its sync data, and the datetime cells to write back (by field index). */
export interface RowRezone {
  meta: RowMeta;
  moved: Array<{ index: number; value: Date }>;
}

/**
 * Brings a sheet written in the zone its state records (SyncState.zone) into the spreadsheet's
 * current zone, then records that zone. For each row with sync data:
 * - a datetime cell the user did not edit (its field hash still matches once the cell's wall clock
 *   is read in the old zone) is written again with that instant, so it shows the same instant in
 *   the new zone's wall clock;
 * - a date cell the user did not edit is left as it is: its serial is its calendar day, which stays;
 * - the row's field hashes of those cells, and its fingerprint when no field was edited, are
 *   recomputed in the new zone, so the row reads as untouched again.
 * Edited cells, and their hashes, stay as they are: the push sends what the user sees now.
 * A sheet with no recorded zone (synced before zones were recorded) adopts the current one.
 *
 * Costs one timeZone call when nothing changed; otherwise a fixed number of Sheets calls per
 * ROWS_PER_CHUNK rows. Safe to run again after an interruption: a row already re-rendered matches
 * its hashes in the new zone, not the old, so it is left alone. A row written in the new zone
 * before this ran (a conflict resolved with "Take Zoho's") is left alone for the same reason.
 * @throws SheetLayoutError when the sheet's id, sync-data or field columns are gone (nothing written)
 */
export function rezoneSheet(definition: SyncDefinition, deps: RezoneDeps): RezoneOutcome {
  const state = deps.state.load();
  const to = deps.grid.timeZone();
  const from = state.zone ?? null;
  if (from === to) return { from, to, rows: 0 };
  const lastRow = from === null ? 0 : deps.grid.lastRow();
  const rows = from !== null && lastRow >= 2 ? new SheetRezoning(definition, deps, state, from, to).run(lastRow) : 0;
  deps.state.save({ ...deps.state.load(), zone: to });
  return { from, to, rows };
}

/**
 * One row's re-rendering from zone `from` (where its cells were written and hashed) into `to`
 * (where they read now), or null when nothing changes. `kinds` says which fields are dates and
 * datetimes; `cells` are the row's cells of the field list its sync data covers, as read now.
 */
export function rezoneRow(meta: RowMeta, kinds: ReadonlyArray<'date' | 'datetime' | null>, cells: readonly unknown[], from: ZoneView, to: ZoneView, zones: ZoneOffsetPort): RowRezone | null {
  const hashes = meta.h && meta.h.length === cells.length ? meta.h : undefined;
  /** The cells as they read before the zone changed: what `meta` was computed from. */
  const asWritten = [...cells];
  /** The cells as they will read in `to` once moved datetimes are written. */
  const asShown = [...cells];
  const recovered = cells.map(() => false);
  const moved: RowRezone['moved'] = [];
  cells.forEach((cell, i) => {
    const kind = kinds[i];
    if (!kind || !isDate(cell)) return;
    const expected = hashes?.[i];
    const accept = expected === undefined ? null : (instant: number) => hashOf(new Date(instant), from) === expected;
    const instant = recoverInstant(cell.getTime(), to.timeZone, from.timeZone, zones, accept);
    if (instant === null) return;
    recovered[i] = true;
    asWritten[i] = new Date(instant);
    if (kind === 'datetime') {
      asShown[i] = new Date(instant);
      if (instant !== roundToSecond(cell.getTime())) moved.push({ index: i, value: new Date(instant) });
    }
  });
  const untouched = from.fingerprint(asWritten) === meta.f;
  // Without field hashes (rows from before they were kept) only the whole row can be judged.
  if (!hashes && !untouched) return null;
  const next: RowMeta = { ...meta };
  if (hashes) next.h = hashes.map((hash, i) => (recovered[i] ? hashOf(asShown[i], to) : hash));
  if (untouched) next.f = to.fingerprint(asShown);
  const sameMeta = next.f === meta.f && (next.h ?? []).join('') === (meta.h ?? []).join('');
  if (sameMeta && !moved.length) return null;
  return { meta: next, moved };
}

function hashOf(cell: unknown, view: ZoneView): string {
  return fieldHashes([cell], view.fingerprint)[0]!;
}

function isDate(value: unknown): value is Date {
  return Object.prototype.toString.call(value) === '[object Date]' && !isNaN((value as Date).getTime());
}

/**
 * The instant a cell held before the zone changed: its wall clock in `shownIn` (the zone it reads in
 * now), read in `writtenIn`. The first candidate `accept` takes (any, when null), or null.
 * Near a transition of `shownIn`, a wall time in its gap (clocks turned forward) reads as an
 * instant on either side of it, so the readings with the offsets either side are tried too.
 */
function recoverInstant(readMs: number, shownIn: string, writtenIn: string, zones: ZoneOffsetPort, accept: ((instant: number) => boolean) | null): number | null {
  const read = roundToSecond(readMs);
  const walls = [instantToWallClockMs(read, shownIn, zones)];
  if (steadyOffsetMinutes(read, shownIn, zones) === null) {
    for (const probe of [read - MS_PER_DAY, read + MS_PER_DAY]) {
      const wall = read + zones.offsetMinutes(probe, shownIn) * MS_PER_MINUTE;
      if (!walls.includes(wall)) walls.push(wall);
    }
  }
  for (const wall of walls) {
    const instant = wallClockMsToInstant(wall, writtenIn, zones);
    if (!accept || accept(instant)) return instant;
  }
  return null;
}

/** The columns of one field list, and which of them hold dates or datetimes. */
interface ListColumns {
  /** 1-based; 0 where the field's header is gone. */
  columns: number[];
  kinds: Array<'date' | 'datetime' | null>;
}

class SheetRezoning {
  private readonly definition: SyncDefinition;
  private readonly deps: RezoneDeps;
  private readonly state: SyncState;
  private readonly from: ZoneView;
  private readonly to: ZoneView;
  private readonly lists = new Map<string, ListColumns>();
  private currentList!: ListColumns;
  private metaColumn = 0;

  constructor(definition: SyncDefinition, deps: RezoneDeps, state: SyncState, from: string, to: string) {
    this.definition = definition;
    this.deps = deps;
    this.state = state;
    this.from = { timeZone: from, fingerprint: zonedFingerprint(from, deps.zones) };
    this.to = { timeZone: to, fingerprint: zonedFingerprint(to, deps.zones) };
  }

  run(lastRow: number): number {
    const grid = this.deps.grid;
    const { layout, header } = findLayout(grid, this.definition, this.deps.fields);
    this.metaColumn = layout.metaColumn;
    const byName = new Map(this.deps.fields.map((f) => [f.api_name, f]));
    const currentKey = fieldListKey(this.definition.fields);
    // Rows keep the key of the field list their sync data covers (RowMeta.k), as the pull reads them.
    for (const [key, names] of Object.entries({ ...this.state.fieldLists, [currentKey]: this.definition.fields })) {
      this.lists.set(key, {
        columns: columnsOfFields(layout, header, this.definition, names, this.deps.fields),
        kinds: names.map((name) => {
          const field = byName.get(name);
          return field ? dateKindOf(field) : null;
        }),
      });
    }
    this.currentList = this.lists.get(currentKey)!;
    let rows = 0;
    for (let start = 2; start <= lastRow; start += ROWS_PER_CHUNK) rows += this.rezoneChunk(start, Math.min(ROWS_PER_CHUNK, lastRow - start + 1));
    return rows;
  }

  /** One chunk: one read per run of columns, then at most one write per run of moved columns and one of sync data. */
  private rezoneChunk(start: number, numRows: number): number {
    const grid = this.deps.grid;
    const wanted = [...this.lists.values()].flatMap((list) => list.columns);
    const cells = new Map<number, unknown[]>();
    for (const run of columnRuns([...wanted, this.metaColumn])) {
      const values = grid.readValues(start, run.start, numRows, run.columns.length);
      run.columns.forEach((column, k) => cells.set(column, values.map((row) => row[k])));
    }
    const metaCells = cells.get(this.metaColumn)!;
    const metaWrites = new Map<number, string>();
    const dateWrites = new Map<number, Map<number, Date>>();
    for (let r = 0; r < numRows; r++) {
      const meta = parseRowMeta(metaCells[r]);
      if (!meta) continue;
      const list = (meta.k && this.lists.get(meta.k)) || this.currentList;
      // A field of the row's list whose column is gone cannot be checked; the pull says so later.
      if (list.columns.some((c) => c === 0)) continue;
      const row = list.columns.map((c) => cells.get(c)![r]);
      const change = rezoneRow(meta, list.kinds, row, this.from, this.to, this.deps.zones);
      if (!change) continue;
      metaWrites.set(r, formatRowMeta(change.meta));
      for (const { index, value } of change.moved) {
        const column = list.columns[index]!;
        if (!dateWrites.has(column)) dateWrites.set(column, new Map());
        dateWrites.get(column)!.set(r, value);
      }
    }
    for (const run of columnRuns([...dateWrites.keys()])) this.writeDates(start, run, cells, dateWrites);
    if (metaWrites.size) {
      const { first, last } = spanOf([...metaWrites.keys()]);
      const values = [];
      for (let r = first; r <= last; r++) values.push([metaWrites.get(r) ?? metaCells[r]]);
      grid.writeValues(start + first, this.metaColumn, values);
    }
    return new Set([...metaWrites.keys(), ...[...dateWrites.values()].flatMap((m) => [...m.keys()])]).size;
  }

  /**
   * Writes moved datetimes of a run of columns, over the rows from the first to the last moved one.
   * Cells in between go back as they were: a formula as its formula, text guarded as the pull writes it.
   */
  private writeDates(start: number, run: { start: number; columns: number[] }, cells: Map<number, unknown[]>, dateWrites: Map<number, Map<number, Date>>): void {
    const { first, last } = spanOf(run.columns.flatMap((c) => [...(dateWrites.get(c)?.keys() ?? [])]));
    const numRows = last - first + 1;
    const formulas = this.deps.grid.readFormulas(start + first, run.start, numRows, run.columns.length);
    const values: unknown[][] = [];
    for (let r = first; r <= last; r++) {
      values.push(run.columns.map((column, k) => {
        // A formula stays a formula, even one whose result matched: Sheets recomputes it.
        const formula = formulas[r - first]?.[k];
        if (formula) return formula;
        const moved = dateWrites.get(column)?.get(r);
        if (moved) return moved;
        const value = cells.get(column)![r];
        return typeof value === 'string' ? toSafeCellText(value) : value;
      }));
    }
    this.deps.grid.writeValues(start + first, run.start, values);
  }
}

function spanOf(indexes: number[]): { first: number; last: number } {
  return { first: Math.min(...indexes), last: Math.max(...indexes) };
}
