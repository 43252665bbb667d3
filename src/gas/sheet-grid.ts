// SheetGrid over one Apps Script Sheet: each method is one Sheets call (or a fixed few).

import type { SheetGrid } from '../core/sync/grid';

export function sheetGrid(sheet: GoogleAppsScript.Spreadsheet.Sheet): SheetGrid {
  const spreadsheet = sheet.getParent();
  return {
    name: sheet.getName(),
    timeZone: () => spreadsheet.getSpreadsheetTimeZone(),
    lastRow: () => sheet.getLastRow(),
    maxRows: () => sheet.getMaxRows(),
    lastColumn: () => sheet.getLastColumn(),
    readValues: (row, column, numRows, numColumns) => sheet.getRange(row, column, numRows, numColumns).getValues(),
    readFormulas: (row, column, numRows, numColumns) => sheet.getRange(row, column, numRows, numColumns).getFormulas(),
    writeValues: (row, column, values) => {
      if (values.length && values[0]!.length) sheet.getRange(row, column, values.length, values[0]!.length).setValues(values);
    },
    writeNumberFormats: (row, column, formats) => {
      if (formats.length && formats[0]!.length) sheet.getRange(row, column, formats.length, formats[0]!.length).setNumberFormats(formats);
    },
    ensureRows: (rows) => {
      const max = sheet.getMaxRows();
      if (rows > max) sheet.insertRowsAfter(max, rows - max);
    },
    ensureColumns: (columns) => {
      const max = sheet.getMaxColumns();
      if (columns > max) sheet.insertColumnsAfter(max, columns - max);
    },
    deleteRows: (row, count) => {
      sheet.deleteRows(row, count);
    },
    flush: () => SpreadsheetApp.flush(),
    insertCheckboxes: (row, column, numRows) => {
      sheet.getRange(row, column, numRows, 1).insertCheckboxes();
    },
    decorate: ({ frozenRows, hiddenColumns, headerRow }) => {
      sheet.setFrozenRows(frozenRows);
      sheet.getRange(1, 1, 1, headerRow.length).setFontWeight('bold');
      for (const column of hiddenColumns) {
        sheet.hideColumns(column);
        // A warning, not a wall: the user can still sort and filter rows, which moves these cells.
        sheet.getRange(1, column, sheet.getMaxRows(), 1).protect()
          .setDescription('Zoho CRM Sync keeps record ids here; editing them breaks the link to Zoho.')
          .setWarningOnly(true);
      }
    },
  };
}

/** Cells in the whole spreadsheet, for the 10-million-cell check. */
export function workbookCells(spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet): number {
  return spreadsheet.getSheets().reduce((sum, s) => sum + s.getMaxRows() * s.getMaxColumns(), 0);
}
