// SheetGrid over one Apps Script Sheet: each method is one Sheets call (or a fixed few).

import type { SheetGrid } from '../core/sync/grid';

export function sheetGrid(sheet: GoogleAppsScript.Spreadsheet.Sheet): SheetGrid {
  const spreadsheet = sheet.getParent();
  // The metadata objects of the last read, so removing one is a single call.
  const tagsRead = new Map<number, GoogleAppsScript.Spreadsheet.DeveloperMetadata>();
  return {
    name: sheet.getName(),
    timeZone: () => spreadsheet.getSpreadsheetTimeZone(),
    lastRow: () => sheet.getLastRow(),
    maxRows: () => sheet.getMaxRows(),
    lastColumn: () => sheet.getLastColumn(),
    maxColumns: () => sheet.getMaxColumns(),
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
    readColumnTags: () => {
      tagsRead.clear();
      // One finder call for the sheet; the objects it returns carry their key, value and location.
      const found = sheet.createDeveloperMetadataFinder().withLocationType(SpreadsheetApp.DeveloperMetadataLocationType.COLUMN).find();
      return found.map((m) => {
        const id = m.getId();
        tagsRead.set(id, m);
        return { id, column: m.getLocation().getColumn()?.getColumn() ?? 0, key: m.getKey(), value: m.getValue() ?? '' };
      }).filter((tag) => tag.column > 0);
    },
    tagColumn: (column, key, value) => {
      // Whole-column metadata moves with its column when the user drags it (DeveloperMetadata reference).
      sheet.getRange(1, column, sheet.getMaxRows(), 1).addDeveloperMetadata(key, value);
    },
    removeColumnTag: (id) => {
      const metadata = tagsRead.get(id) ?? sheet.createDeveloperMetadataFinder().withId(id).find()[0];
      metadata?.remove();
      tagsRead.delete(id);
    },
    readNotes: (row, column, numRows, numColumns) => sheet.getRange(row, column, numRows, numColumns).getNotes(),
    writeNotes: (row, column, notes) => {
      if (notes.length && notes[0]!.length) sheet.getRange(row, column, notes.length, notes[0]!.length).setNotes(notes);
    },
    setRule: (row, column, numRows, numColumns, rule) => {
      const range = sheet.getRange(row, column, numRows, numColumns);
      if (!rule) {
        range.clearDataValidations();
        return;
      }
      // Invalid values are kept and marked rather than refused: nothing a rep types is lost.
      const builder = SpreadsheetApp.newDataValidation().setAllowInvalid(true);
      if (rule.kind === 'list') builder.requireValueInList(rule.values, true);
      else if (rule.kind === 'checkbox') builder.requireCheckbox();
      else builder.requireDate().setHelpText('Enter a date, for example 2026-03-31.');
      range.setDataValidation(builder.build());
    },
    setColumnWidths: (column, count, widthPx) => {
      sheet.setColumnWidths(column, count, widthPx);
    },
    setTextColours: (column, rules) => {
      const texts = new Set(rules.map((r) => r.text));
      const kept = sheet.getConditionalFormatRules().filter((rule) => {
        const condition = rule.getBooleanCondition();
        return !(condition && String(condition.getCriteriaType()) === 'TEXT_EQUAL_TO' && texts.has(String(condition.getCriteriaValues()[0])));
      });
      const range = sheet.getRange(2, column, Math.max(1, sheet.getMaxRows() - 1), 1);
      const ours = rules.map((r) => SpreadsheetApp.newConditionalFormatRule().whenTextEqualTo(r.text)
        .setBackground(r.background).setFontColor(r.fontColor).setRanges([range]).build());
      sheet.setConditionalFormatRules([...kept, ...ours]);
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
