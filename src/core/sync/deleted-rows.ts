// Rows kept after Zoho deleted or merged away their record while they had unsent edits (see
// applyDeletions in pull.ts): the user creates the record again from the row, or discards the row.
// Both find the row by its record id, so they act on the row the user chose even after rows moved.

import { ConfigError } from '../errors';
import { writeCheckedCells } from './cell-writes';
import type { SheetGrid } from './grid';
import type { SheetLayout } from './layout';
import { parseRowMeta } from './row-meta';
import { statusCell, writeStatusNotes } from './status';

export const RECREATE_STATUS = 'Will be created in Zoho again as a new record at the next push.';

/** The row of a kept deleted record. @throws ConfigError when there is none, or it is not such a row */
function findDeletedRow(grid: SheetGrid, layout: SheetLayout, recordId: string): { row: number; id: unknown; meta: unknown; status: unknown } {
  const lastRow = grid.lastRow();
  const ids = lastRow < 2 ? [] : grid.readValues(2, layout.idColumn, lastRow - 1, 1);
  const rows = ids.flatMap(([id], i) => (String(id ?? '').trim() === recordId ? [i + 2] : []));
  if (!rows.length) throw new ConfigError('SYNC_ROW_NOT_FOUND', `No row of sheet "${grid.name}" stands for Zoho record ${recordId} any more; nothing was changed.`);
  if (rows.length > 1) throw new ConfigError('SYNC_ROW_SHARED', `Rows ${rows.join(', ')} of sheet "${grid.name}" all stand for Zoho record ${recordId}. Delete all but one, then try again.`);
  const row = rows[0]!;
  const at = (column: number): unknown => (column > 0 ? grid.readValues(row, column, 1, 1)[0]![0] : '');
  const found = { row, id: at(layout.idColumn), meta: at(layout.metaColumn), status: at(layout.statusColumn) };
  if (!parseRowMeta(found.meta)?.d) throw new ConfigError('SYNC_ROW_NOT_DELETED', `Row ${row} of sheet "${grid.name}" is not a row of a record deleted in Zoho; nothing was changed.`);
  return found;
}

/**
 * Unlinks the row from its deleted record (no id, no sync data), so the next push sends it as a
 * new record. @returns the row @throws ConfigError
 */
export function recreateDeletedRow(grid: SheetGrid, layout: SheetLayout, recordId: string): number {
  const found = findDeletedRow(grid, layout, recordId);
  const own = [layout.statusColumn, layout.idColumn, layout.metaColumn].filter((c) => c > 0);
  const written = writeCheckedCells(grid, [{
    row: found.row,
    changes: new Map<number, unknown>(own.map((c) => [c, c === layout.statusColumn ? statusCell(RECREATE_STATUS).word : ''])),
    read: new Map<number, unknown>([[layout.idColumn, found.id], [layout.metaColumn, found.meta], [layout.statusColumn, found.status]]),
  }], { identityColumns: [layout.idColumn, layout.metaColumn], ownColumns: own, formatOf: () => '@', rewrite: (value) => value });
  if (!written.size) throw new ConfigError('SYNC_ROW_MOVED', `Row ${found.row} of sheet "${grid.name}" changed while it was being unlinked; try again.`);
  writeStatusNotes(grid, layout.statusColumn, new Map([[found.row, RECREATE_STATUS]]));
  return found.row;
}

/** Deletes the row of a record deleted in Zoho, edits and all. @returns the row @throws ConfigError */
export function discardDeletedRow(grid: SheetGrid, layout: SheetLayout, recordId: string): number {
  const { row } = findDeletedRow(grid, layout, recordId);
  grid.deleteRows(row, 1);
  return row;
}
