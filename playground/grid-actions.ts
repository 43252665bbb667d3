// What a user does to rows and columns in the playground's grid, done through the runtime's Sheets model (the
// same SheetModel operations the runtime's tests use for "a user did this in the Sheets UI"), so
// the add-on then reads exactly what Sheets would give it. Reading the grid lives in grid.ts.

import type { SheetModel } from '../emulators/apps-script/runtime';

/** Rows Sheets offers to add at the bottom of a sheet ("Add 1000 more rows at the bottom"). */
export const DEFAULT_ADDED_ROWS = 1000;
/** At most this many rows in one insert or add, as a guard against a typo of 1,000,000. */
export const MAX_ROWS_PER_ACTION = 10_000;

export type RowAction =
  | { action: 'insert-above' | 'insert-below'; row: number; count: number }
  | { action: 'delete'; row: number; count: number }
  | { action: 'sort'; col: number; descending: boolean }
  | { action: 'add-rows'; count: number }
  | { action: 'insert-left' | 'insert-right' | 'delete-columns'; col: number; count: number };

/** A user's mistake, told back in one sentence; the sheet is left as it was. */
export class GridActionError extends Error {}

/**
 * Applies one row action to `sheet`. Returns the selection the grid should show afterwards
 * (as Sheets does: the inserted rows, the row that took the deleted one's place, the sort column).
 */
export function applyRowAction(sheet: SheetModel, a: RowAction): { row: number; col: number } {
  switch (a.action) {
    case 'insert-above':
    case 'insert-below': {
      checkCount(a.count);
      if (a.row < 1 || a.row > sheet.maxRows) throw new GridActionError(`Row ${a.row} is outside "${sheet.name}".`);
      const after = a.action === 'insert-above' ? a.row - 1 : a.row;
      // The new rows look like the row the user right-clicked: above it they take the row after,
      // below it the row before (InsertDimensionRequest.inheritFromBefore; spreadsheet-model.ts).
      sheet.insertRows(after, a.count, { inheritFrom: a.action === 'insert-above' ? 'after' : 'before' });
      // Rows inserted among the frozen rows are frozen too, as the frozen block is a row count.
      if (after < sheet.data.frozenRows) sheet.data.frozenRows += a.count;
      return { row: after + 1, col: 1 };
    }
    case 'delete': {
      checkCount(a.count);
      const last = a.row + a.count - 1;
      if (a.row < 1 || last > sheet.maxRows) throw new GridActionError(`Rows ${a.row}-${last} are not all in "${sheet.name}".`);
      // Apps Script's Sheet.deleteRows message; the UI greys the item out for the same case.
      if (a.count >= sheet.maxRows - sheet.data.frozenRows) throw new GridActionError('Sorry, it is not possible to delete all non-frozen rows.');
      const frozenCut = Math.max(0, Math.min(last, sheet.data.frozenRows) - a.row + 1);
      sheet.deleteRows(a.row, a.count);
      sheet.data.frozenRows -= frozenCut;
      return { row: Math.min(a.row, sheet.maxRows), col: 1 };
    }
    case 'sort': {
      // Data > Sort sheet: every row below the frozen ones, up to the last with a value; the
      // header row stays where it is. Rows move whole (notes, validation, formats, row metadata).
      const first = sheet.data.frozenRows + 1;
      const last = sheet.lastRow();
      if (a.col < 1 || a.col > sheet.maxCols) throw new GridActionError(`Column ${a.col} is outside "${sheet.name}".`);
      if (last <= first) throw new GridActionError(`"${sheet.name}" has fewer than two rows below its frozen header to sort.`);
      sheet.sortRows(first, last, a.col, { descending: a.descending });
      return { row: first, col: a.col };
    }
    case 'insert-left':
    case 'insert-right': {
      checkCount(a.count);
      if (a.col < 1 || a.col > sheet.maxCols) throw new GridActionError(`Column ${a.col} is outside "${sheet.name}".`);
      const after = a.action === 'insert-left' ? a.col - 1 : a.col;
      // Hidden columns, widths, protections and column metadata move right (SheetModel.insertColumns).
      sheet.insertColumns(after, a.count);
      if (after < sheet.data.frozenCols) sheet.data.frozenCols += a.count;
      return { row: 1, col: after + 1 };
    }
    case 'delete-columns': {
      checkCount(a.count);
      const last = a.col + a.count - 1;
      if (a.col < 1 || last > sheet.maxCols) throw new GridActionError(`Columns ${a.col}-${last} are not all in "${sheet.name}".`);
      if (a.count >= sheet.maxCols - sheet.data.frozenCols) throw new GridActionError('Sorry, it is not possible to delete all non-frozen columns.');
      const frozenCut = Math.max(0, Math.min(last, sheet.data.frozenCols) - a.col + 1);
      sheet.deleteColumns(a.col, a.count);
      sheet.data.frozenCols -= frozenCut;
      return { row: 1, col: Math.min(a.col, sheet.maxCols) };
    }
    case 'add-rows': {
      checkCount(a.count);
      const at = sheet.maxRows;
      // Sheets' "Add ... more rows at the bottom": empty rows at the end, as the API's
      // AppendDimensionRequest appends them, with no inheritFromBefore to copy formats
      // (https://developers.google.com/sheets/api/reference/rest/v4/spreadsheets/request#appenddimensionrequest).
      // So an id typed there is not Plain text; the add-on refuses a 19-digit id Sheets made a number.
      sheet.insertRows(at, a.count);
      return { row: at + 1, col: 1 };
    }
  }
  throw new GridActionError('Unknown row action.');
}

function checkCount(n: number): void {
  if (!Number.isInteger(n) || n < 1 || n > MAX_ROWS_PER_ACTION) throw new GridActionError(`Give a number of rows from 1 to ${MAX_ROWS_PER_ACTION.toLocaleString('en-US')}.`);
}
