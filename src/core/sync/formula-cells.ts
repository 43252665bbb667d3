// Formulas in a synced sheet's field cells: which cells hold one, and the refusal a push gives them.
// Typing `=` into a Plain-text column stores text, but a paste from another spreadsheet brings its
// format and formulas along, and number, date and checkbox columns were never Plain text.

import type { ZohoField } from '../zoho/wire';
import type { SheetGrid } from './grid';
import { columnRuns } from './layout';

const MAX_QUOTED_CHARS = 40;

/**
 * The formulas of rows first..first+numRows-1 in `fieldColumns`, one array per row aligned with
 * `fieldColumns` ('' where a cell holds none): one getFormulas per run of adjacent columns.
 */
export function readFieldFormulas(grid: SheetGrid, fieldColumns: readonly number[], first: number, numRows: number): string[][] {
  const byColumn = new Map<number, string[]>();
  for (const run of columnRuns(fieldColumns)) {
    const formulas = grid.readFormulas(first, run.start, numRows, run.columns.length);
    run.columns.forEach((column, k) => byColumn.set(column, formulas.map((line) => line[k] ?? '')));
  }
  return Array.from({ length: numRows }, (_, r) => fieldColumns.map((c) => byColumn.get(c)?.[r] ?? ''));
}

/**
 * Why a field cell holding `formula` is not sent. Its value is whatever Sheets computed at the
 * moment of the read: "Loading..." or an empty cell while IMPORTXML fetches, #N/A or #REF! after a
 * sort, another number when a referenced cell changes. Sent, that would overwrite the record with
 * a value nobody typed (an empty result clears the field), so only values are sent.
 */
export function formulaRefusal(field: ZohoField, formula: string): string {
  const label = field.field_label || field.api_name;
  const shown = formula.length > MAX_QUOTED_CHARS ? `${formula.slice(0, MAX_QUOTED_CHARS - 1)}…` : formula;
  return `${label} holds a formula (${shown}), and only values are sent to Zoho CRM: replace it with its value (copy the cell, then Edit > Paste special > Values only).`;
}
