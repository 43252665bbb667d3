// The part of a sheet the sync engine touches. Rows and columns are 1-based as in Sheets. Each
// method is one Sheets call in the Apps Script adapter, so the engine's call count is the cost.

import type { CellRule, StatusColourRule } from './sheet-dress';

/** Developer metadata on a whole column: it moves with its column and goes when the column is deleted. */
export interface ColumnTag {
  /** Stable id of this piece of metadata, for removeColumnTag. */
  id: number;
  column: number;
  key: string;
  value: string;
}

export interface SheetGrid {
  readonly name: string;
  /** The spreadsheet's time zone, which is what cells are shown in. */
  timeZone(): string;
  lastRow(): number;
  /** Rows the sheet has, used or not (getMaxRows). */
  maxRows(): number;
  lastColumn(): number;
  /** Columns the sheet has, used or not (getMaxColumns: no call to Sheets' backend). */
  maxColumns(): number;
  /** Values as getValues returns them: Date, number, boolean, string; '' when empty. */
  readValues(row: number, column: number, numRows: number, numColumns: number): unknown[][];
  /** Formulas as getFormulas returns them: '' where a cell has none. */
  readFormulas(row: number, column: number, numRows: number, numColumns: number): string[][];
  /** Writes a rectangle; strings starting with '=' become formulas, as in Sheets. */
  writeValues(row: number, column: number, values: unknown[][]): void;
  writeNumberFormats(row: number, column: number, formats: string[][]): void;
  /** Makes the sheet at least this many rows tall. */
  ensureRows(rows: number): void;
  ensureColumns(columns: number): void;
  deleteRows(row: number, count: number): void;
  /** Applies every pending change now (SpreadsheetApp.flush), so it survives an execution killed right after. */
  flush(): void;
  /** One-time dressing of a new synced sheet: frozen header, hidden columns with a warning. */
  decorate(options: { frozenRows: number; hiddenColumns: number[]; headerRow: string[] }): void;
  /**
   * Turns cells into checkboxes. Only ever for rows being written: checkboxes hold FALSE, so a
   * column of them down the whole sheet would make every row look used.
   */
  insertCheckboxes(row: number, column: number, numRows: number): void;
  /** Every tag on a whole column of this sheet, from one call however many columns are tagged. */
  readColumnTags(): ColumnTag[];
  /** Tags a whole column (one call). */
  tagColumn(column: number, key: string, value: string): void;
  /** Removes a tag that readColumnTags returned. */
  removeColumnTag(id: number): void;
  /** Notes of a rectangle (Range.getNotes): '' where a cell has none. */
  readNotes(row: number, column: number, numRows: number, numColumns: number): string[][];
  /** Sets the notes of a rectangle (Range.setNotes); '' removes a note. */
  writeNotes(row: number, column: number, notes: string[][]): void;
  /** Sets one validation rule on a rectangle, invalid values allowed (shown as such, kept); null clears. */
  setRule(row: number, column: number, numRows: number, numColumns: number, rule: CellRule | null): void;
  /** Sets the width in pixels of `count` columns from `column` (one call). */
  setColumnWidths(column: number, count: number, widthPx: number): void;
  /**
   * Colours cells of a column from row 2 down by their text (conditional formatting): replaces any
   * rule of the sheet that matches one of these texts exactly, keeps the user's other rules.
   */
  setTextColours(column: number, rules: readonly StatusColourRule[]): void;
}
