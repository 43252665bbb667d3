// Checked writes of changed cells, for a sync that writes while the user types (team-safety §8).
// A write names the cells it changes and what its row held when it was read; just before writing,
// the rows are read again and any row the user changed since (or that moved) is left alone. Only
// changed cells are written, except past MAX_WRITE_BLOCKS_PER_BATCH blocks, where a batch writes
// one block per column run holding the values of that re-read for the cells it does not change.

import type { SheetGrid } from './grid';
import { columnRuns } from './layout';

/** Above this many rectangles of changed cells, a batch is written as one block per column run. */
export const MAX_WRITE_BLOCKS_PER_BATCH = 8;

/** One row's write: the cells it changes, and what the row held when the decision was made. */
export interface CellWrite {
  row: number;
  /** Column -> new value. */
  changes: ReadonlyMap<number, unknown>;
  /** Column -> the value read when deciding; at least the identity columns and every changed column. */
  read: ReadonlyMap<number, unknown>;
  /**
   * Columns whose number format is written though their value is not (a record whose currency
   * changed in Zoho: the amount the user sees, or typed, stays as it is).
   */
  reformat?: readonly number[];
}

export interface CellWriteOptions {
  /** Columns that tell a row apart (record id, sync data): checked even when not written. */
  identityColumns: readonly number[];
  /** Columns a block write may cover (the sync's own); never the user's own columns. */
  ownColumns: readonly number[];
  /**
   * The number format of a cell, written before values so text stays text. `cell` gives the row's
   * values as they are once written (a format may follow the row's sync data: its currency).
   */
  formatOf: (column: number, cell: (column: number) => unknown) => string;
  /** A value read back, as it must be written so the user sees no change (formula-safe text). */
  rewrite: (value: unknown, column: number) => unknown;
}

/** Whether two cell values read or written are the same (Dates by instant). */
export function sameCell(a: unknown, b: unknown): boolean {
  if (a instanceof Date || b instanceof Date) {
    return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
  }
  return (a ?? '') === (b ?? '');
}

/**
 * Writes `writes` (rows within one segment) after re-reading their rows. A row is written only if
 * every identity column and every column it changes still holds what was read.
 * What remains is the moment between this re-read and the write: a few Sheets calls.
 * @returns the rows written
 */
export function writeCheckedCells(grid: SheetGrid, writes: readonly CellWrite[], options: CellWriteOptions): Set<number> {
  const written = new Set<number>();
  const candidates = writes.filter((w) => w.changes.size).sort((a, b) => a.row - b.row);
  if (!candidates.length) return written;
  const first = candidates[0]!.row;
  const numRows = candidates[candidates.length - 1]!.row - first + 1;
  const changed = new Set(candidates.flatMap((w) => [...w.changes.keys()]));
  const span = [Math.min(...changed), Math.max(...changed)];
  const blockColumns = options.ownColumns.filter((c) => c >= span[0]! && c <= span[1]!);
  const checkpoint = readColumns(grid, first, numRows, [...options.identityColumns, ...changed, ...blockColumns]);
  const now = (row: number, column: number): unknown => checkpoint.get(column)![row - first];

  const still = candidates.filter((w) => [...options.identityColumns, ...w.changes.keys()].every((c) => sameCell(now(w.row, c), w.read.get(c))));
  if (!still.length) return written;
  const byRow = new Map(still.map((w) => [w.row, w]));
  // A row's cells once written: its changes over what the checkpoint read.
  const after = (row: number) => (column: number): unknown => {
    const write = byRow.get(row);
    return write?.changes.has(column) ? write.changes.get(column) : now(row, column);
  };
  const rects = rectangles(still);
  let formatted: ReadonlySet<number> = new Set();
  if (rects.length <= MAX_WRITE_BLOCKS_PER_BATCH) {
    for (const rect of rects) {
      grid.writeNumberFormats(rect.row, rect.column, rect.values.map((_, r) => rect.columns.map((c) => options.formatOf(c, after(rect.row + r)))));
      grid.writeValues(rect.row, rect.column, rect.values);
    }
  } else {
    // One block per run, from the first to the last row written. Cells it does not change get what
    // the checkpoint just read (formulas as formulas), so they look the same as before.
    const top = still[0]!.row;
    formatted = new Set(blockColumns);
    const height = still[still.length - 1]!.row - top + 1;
    for (const run of columnRuns(blockColumns)) {
      const formulas = grid.readFormulas(top, run.start, height, run.columns.length);
      const values = formulas.map((line, r) => run.columns.map((column, k) => {
        const write = byRow.get(top + r);
        if (write?.changes.has(column)) return write.changes.get(column);
        return line[k] || options.rewrite(now(top + r, column), column);
      }));
      grid.writeNumberFormats(top, run.start, values.map((_, r) => run.columns.map((c) => options.formatOf(c, after(top + r)))));
      grid.writeValues(top, run.start, values);
    }
  }
  writeFormatsOnly(grid, still, formatted, options, after);
  for (const w of still) written.add(w.row);
  return written;
}

/**
 * The formats of `reformat` cells whose values were not written (nor covered by a block's
 * formats): a call per rectangle of them, none when no row asks (every sync but one after a
 * record's currency changed in Zoho).
 */
function writeFormatsOnly(grid: SheetGrid, writes: readonly CellWrite[], covered: ReadonlySet<number>, options: CellWriteOptions, after: (row: number) => (column: number) => unknown): void {
  const formats = writes.flatMap((w) => {
    const columns = (w.reformat ?? []).filter((c) => !w.changes.has(c) && !covered.has(c));
    if (!columns.length) return [];
    const cell = after(w.row);
    return [{ row: w.row, changes: new Map(columns.map((c) => [c, options.formatOf(c, cell)])), read: new Map() }];
  });
  for (const rect of rectangles(formats)) grid.writeNumberFormats(rect.row, rect.column, rect.values as string[][]);
}

/** Values of `columns` over rows first..first+numRows-1, one read per run of adjacent columns. */
export function readColumns(grid: SheetGrid, first: number, numRows: number, columns: readonly number[]): Map<number, unknown[]> {
  const byColumn = new Map<number, unknown[]>();
  for (const span of readSpans(columns)) {
    const values = grid.readValues(first, span.start, numRows, span.width);
    span.columns.forEach((column) => byColumn.set(column, values.map((line) => line[column - span.start])));
  }
  return byColumn;
}

/** Columns between two wanted ones that one read takes along rather than making a second call. */
export const MAX_READ_GAP = 3;

/**
 * The rectangles that read `columns`: runs of adjacent columns, joined across gaps of at most
 * MAX_READ_GAP columns (the status column between the fields and the id, a user's column or two),
 * because every Sheets call costs far more than the few cells it would skip.
 */
export function readSpans(columns: readonly number[]): Array<{ start: number; width: number; columns: number[] }> {
  const spans: Array<{ start: number; width: number; columns: number[] }> = [];
  for (const run of columnRuns(columns)) {
    const last = spans[spans.length - 1];
    if (last && run.start - (last.start + last.width) <= MAX_READ_GAP) {
      last.width = run.start + run.columns.length - last.start;
      last.columns.push(...run.columns);
    } else {
      spans.push({ start: run.start, width: run.columns.length, columns: [...run.columns] });
    }
  }
  return spans;
}

interface Rectangle {
  row: number;
  column: number;
  columns: number[];
  values: unknown[][];
}

/**
 * Runs of adjacent changed columns per row; adjacent rows with the same runs share a rectangle, so
 * a batch of rows changed alike (a whole chunk, the same fields) costs a few calls, not one per row.
 */
function rectangles(writes: readonly CellWrite[]): Rectangle[] {
  const open = new Map<string, Rectangle>();
  const done: Rectangle[] = [];
  let previousRow = -1;
  for (const write of writes) {
    if (write.row !== previousRow + 1) {
      done.push(...open.values());
      open.clear();
    }
    const runs = columnRuns([...write.changes.keys()]);
    const next = new Map<string, Rectangle>();
    for (const run of runs) {
      const key = `${run.start}:${run.columns.length}`;
      const line = run.columns.map((c) => write.changes.get(c));
      const rect = open.get(key);
      if (rect && rect.row + rect.values.length === write.row) {
        rect.values.push(line);
        next.set(key, rect);
        open.delete(key);
      } else {
        next.set(key, { row: write.row, column: run.start, columns: run.columns, values: [line] });
      }
    }
    done.push(...open.values());
    open.clear();
    for (const [key, rect] of next) open.set(key, rect);
    previousRow = write.row;
  }
  done.push(...open.values());
  return done;
}
