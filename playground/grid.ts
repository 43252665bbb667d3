// What the page's grid shows of the runtime's workbook: sheet summaries and windows of typed
// cells (display text, kind, formula), read from the same model SpreadsheetApp reads. The page
// asks only for the rows on screen, so a 2,500-row sheet costs one screenful per scroll.

import { isDateFormat, type CellData } from '../emulators/apps-script/services/cell-values';
import { conditionalStyle } from '../emulators/apps-script/services/sheet-styles';
import type { SheetModel, SpreadsheetModel } from '../emulators/apps-script/runtime';

/** Rows one window may hold; the page asks for about two screens. */
export const MAX_WINDOW_ROWS = 400;
/** Empty rows and columns shown past the data, as Sheets shows spare grid. */
const SPARE_ROWS = 30;
const SPARE_COLS = 3;
const MIN_SHOWN_ROWS = 60;
const MIN_SHOWN_COLS = 12;

export interface SheetSummary {
  id: number;
  name: string;
  maxRows: number;
  maxCols: number;
  /** The last row and column with a value (getLastRow, getLastColumn). */
  lastRow: number;
  lastCol: number;
  /** Rows and columns the grid shows: the data plus some spare cells, within the sheet's size. */
  shownRows: number;
  shownCols: number;
  frozenRows: number;
  /** Pixel widths by 1-based column, where a script set one. */
  colWidths: Record<string, number>;
  hiddenCols: number[];
}

/** n: number, d: date or time, b: boolean, c: checkbox, s: text, empty: nothing. */
export type CellKind = 'n' | 'd' | 'b' | 'c' | 's' | 'empty';

export interface CellView {
  /** The text the cell shows (getDisplayValue). */
  text: string;
  kind: CellKind;
  /** For checkboxes: ticked or not. */
  checked?: boolean;
  /** The formula, with its '='; the formula bar shows it instead of the text. */
  formula?: string;
  /** What the formula bar shows and an edit starts from. */
  input: string;
  note?: string;
  bg?: string;
  color?: string;
  bold?: boolean;
  /** A list-validated cell: the values its dropdown offers (as text). */
  options?: string[];
  /** Why the value breaks the cell's validation rule (Sheets marks such a cell with a red corner). */
  invalid?: string;
}

export interface SheetWindow {
  sheet: string;
  from: number;
  rows: CellView[][];
}

export function summarize(book: SpreadsheetModel): SheetSummary[] {
  return book.sheets.map((sheet) => {
    const lastRow = sheet.lastRow();
    const lastCol = sheet.lastColumn();
    return {
      id: sheet.id,
      name: sheet.name,
      maxRows: sheet.maxRows,
      maxCols: sheet.maxCols,
      lastRow,
      lastCol,
      shownRows: Math.min(sheet.maxRows, Math.max(MIN_SHOWN_ROWS, lastRow + SPARE_ROWS)),
      shownCols: Math.min(sheet.maxCols, Math.max(MIN_SHOWN_COLS, lastCol + SPARE_COLS)),
      frozenRows: sheet.data.frozenRows,
      colWidths: sheet.data.colWidths,
      hiddenCols: sheet.data.hiddenCols,
    };
  });
}

export function cellView(sheet: SheetModel, row: number, col: number): CellView {
  const cell = sheet.cell(row, col);
  if (!cell || (cell.v === undefined && cell.f === undefined)) {
    const checkbox = cell?.dv?.type === 'CHECKBOX';
    return { text: '', kind: checkbox ? 'c' : 'empty', input: '', ...(checkbox ? { checked: false } : {}), ...style(cell), ...validation(cell, '') };
  }
  const text = sheet.displayValue(row, col);
  const value = sheet.readValue(row, col);
  let kind: CellKind = 's';
  if (cell.dv?.type === 'CHECKBOX') kind = 'c';
  else if (typeof value === 'boolean') kind = 'b';
  else if (value instanceof Date || (typeof value === 'number' && isDateFormat(cell.nf))) kind = 'd';
  else if (typeof value === 'number') kind = 'n';
  // The formula bar shows a number unformatted, as Sheets does (25711479.9, not 25,711,479.90).
  const input = cell.f ?? (kind === 'n' ? String(value) : text);
  const view: CellView = { text, kind, input, ...style(cell), ...validation(cell, value) };
  // Conditional formatting (the status column's colours) shows over the cell's own colours, as in Sheets.
  const conditional = conditionalStyle(sheet.data.cf, row, col, text);
  if (conditional?.background) view.bg = conditional.background;
  if (conditional?.fontColor) view.color = conditional.fontColor;
  if (kind === 'c') view.checked = value === true;
  if (cell.f !== undefined) view.formula = cell.f;
  return view;
}

/**
 * What the cell's data validation shows: a dropdown of a list rule's values, and whether the value
 * breaks the rule (a rule with allowInvalid keeps such a value and Sheets flags the cell with a
 * red corner; https://developers.google.com/apps-script/reference/spreadsheet/data-validation#getAllowInvalid()).
 * The messages are the playground's wording.
 */
function validation(cell: CellData | undefined, value: unknown): Partial<CellView> {
  const dv = cell?.dv;
  if (!dv) return {};
  const empty = value === '' || value === undefined || value === null;
  if (dv.type === 'VALUE_IN_LIST') {
    // As getCriteriaValues gives them: [the list, showDropdown] (a bare list is taken too).
    const list = Array.isArray(dv.values[0]) ? dv.values[0] as unknown[] : dv.values;
    const options = list.map((v) => String(v));
    const text = value instanceof Date ? value.toISOString() : String(value);
    const invalid = empty || options.includes(text) ? {} : { invalid: 'Input must be an item on the specified list.' };
    return dv.values[1] === false ? invalid : { options, ...invalid };
  }
  if (dv.type === 'CHECKBOX' && !empty) {
    // requireCheckbox(checked, unchecked) allows those two values instead of TRUE and FALSE.
    const allowed = dv.values.length ? dv.values.slice(0, 2) : [true, false];
    if (!allowed.some((v) => v === value)) return { invalid: 'Input must be a checkbox value.' };
  }
  return {};
}

function style(cell: { note?: string; bg?: string; fc?: string; fw?: string } | undefined): Partial<CellView> {
  const out: Partial<CellView> = {};
  if (cell?.note) out.note = cell.note;
  if (cell?.bg) out.bg = cell.bg;
  if (cell?.fc) out.color = cell.fc;
  if (cell?.fw === 'bold') out.bold = true;
  return out;
}

/** Rows `from`..`from+count-1` (1-based), columns 1..cols; clipped to the sheet. */
export function sheetWindow(sheet: SheetModel, from: number, count: number, cols: number): SheetWindow {
  const first = Math.max(1, Math.floor(from));
  const last = Math.min(sheet.maxRows, first + Math.min(MAX_WINDOW_ROWS, Math.max(0, Math.floor(count))) - 1);
  const width = Math.min(sheet.maxCols, Math.max(1, Math.floor(cols)));
  const rows: CellView[][] = [];
  for (let r = first; r <= last; r++) {
    const line: CellView[] = [];
    for (let c = 1; c <= width; c++) line.push(cellView(sheet, r, c));
    rows.push(line);
  }
  return { sheet: sheet.name, from: first, rows };
}
