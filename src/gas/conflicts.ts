// Rows known by their record: the sidebar's and the menu's actions on one row ("Keep mine", "Take
// Zoho's", "Restore from Zoho", selecting an issue's row) find it by its record id when clicked,
// since a sort, a pull or the user may have moved it since the issue was listed.

import { RowCurrencies, type CurrencyBook } from '../core/cells/currency';
import { ConfigError } from '../core/errors';
import { keepMyVersion, readRecords, requireConflict, RESTORED_STATUS, zohoVersion } from '../core/sync/conflicts';
import type { SyncDefinition } from '../core/sync/definition';
import { columnRuns, COLUMN_TAG_KEY, findLayout, ID_HEADER, type SheetLayout } from '../core/sync/layout';
import { fieldListKey } from '../core/sync/pull';
import { formatRowMeta, parseRowMeta, type RowMeta } from '../core/sync/row-meta';
import { statusCell } from '../core/sync/status';
import type { RecordWriter } from '../core/zoho/records';
import type { ZohoField } from '../core/zoho/wire';
import type { RowIssue } from '../shared/rpc';
import { sheetGrid } from './sheet-grid';
import { readSync } from './sync-store';
import { appsScriptZones } from './zones';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;


/** A synced sheet by name, with its definition and layout. @throws ConfigError */
export function syncedSheet(spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet, sheetName: string): { sheet: Sheet; definition: SyncDefinition } {
  const sheet = spreadsheet.getSheetByName(sheetName);
  const stored = sheet ? readSync(sheet) : null;
  if (!sheet || !stored) throw new ConfigError('SYNC_NO_SHEET', `There is no synced sheet named "${sheetName}".`);
  return { sheet, definition: stored.definition };
}

function layoutOf(sheet: Sheet, definition: SyncDefinition, moduleFields: readonly ZohoField[]): SheetLayout {
  return findLayout(sheetGrid(sheet), definition, moduleFields).layout;
}

/** Rows by record id, from one read of the id column. */
function rowsByRecord(sheet: Sheet, idColumn: number): Map<string, number[]> {
  const rows = new Map<string, number[]>();
  const last = sheet.getLastRow();
  if (last < 2) return rows;
  sheet.getRange(2, idColumn, last - 1, 1).getValues().forEach(([cell], i) => {
    const id = String(cell ?? '').trim();
    if (id) rows.set(id, [...(rows.get(id) ?? []), i + 2]);
  });
  return rows;
}

/** The one row of a record now. @throws ConfigError when it is gone or on several rows */
function rowOfRecord(sheet: Sheet, idColumn: number, recordId: string): number {
  const rows = rowsByRecord(sheet, idColumn).get(recordId) ?? [];
  if (!rows.length) throw new ConfigError('SYNC_ROW_GONE', `Zoho record ${recordId} is no longer on any row of "${sheet.getName()}" (the row was deleted, or its record id cleared). Nothing was changed.`);
  if (rows.length > 1) throw new ConfigError('SYNC_ROW_SHARED', `Rows ${rows.join(' and ')} of "${sheet.getName()}" are both linked to Zoho record ${recordId}. Delete one of them first. Nothing was changed.`);
  return rows[0]!;
}

/**
 * Rows by record id of a synced sheet, its id column found by its column tag, or by its header on
 * a sheet not tagged yet (no Zoho call, so the sidebar's links and lists stay cheap); null for a
 * sheet that is not synced or has no id column.
 */
function recordRows(spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet, sheetName: string): Map<string, number[]> | null {
  const sheet = spreadsheet.getSheetByName(sheetName);
  if (!sheet || !readSync(sheet)) return null;
  const tagged = sheetGrid(sheet).readColumnTags().find((t) => t.key === COLUMN_TAG_KEY && t.value === 'id')?.column;
  const header = tagged ? [] : sheet.getRange(1, 1, 1, Math.max(1, sheet.getLastColumn())).getValues()[0]!.map((h) => String(h ?? '').trim());
  const idColumn = tagged ?? header.indexOf(ID_HEADER) + 1;
  return idColumn ? rowsByRecord(sheet, idColumn) : null;
}

/** The row of a record now, or null when it is not on exactly one row. */
export function findRecordRow(spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet, sheetName: string, recordId: string): number | null {
  const rows = recordRows(spreadsheet, sheetName)?.get(recordId) ?? [];
  return rows.length === 1 ? rows[0]! : null;
}

/** The record id on a row of a synced sheet (the selected row). @throws ConfigError */
export function recordOnRow(spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet, sheetName: string, row: number, moduleFields: readonly ZohoField[]): string {
  const { sheet, definition } = syncedSheet(spreadsheet, sheetName);
  const id = row >= 2 ? String(sheet.getRange(row, layoutOf(sheet, definition, moduleFields).idColumn).getValue() ?? '').trim() : '';
  if (!id) throw new ConfigError('SYNC_ROW_NOT_LINKED', `Row ${row} of "${sheetName}" is not linked to a Zoho record, so there is nothing to restore. Select a synced row.`);
  return id;
}

/** "Keep mine": the record's row keeps its cells, which now count as edits on top of Zoho's version. @returns its row */
export function keepMine(spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet, sheetName: string, recordId: string, moduleFields: readonly ZohoField[]): number {
  const { sheet, definition } = syncedSheet(spreadsheet, sheetName);
  const layout = layoutOf(sheet, definition, moduleFields);
  const row = rowOfRecord(sheet, layout.idColumn, recordId);
  const meta = requireConflict(parseRowMeta(sheet.getRange(row, layout.metaColumn).getValue()), row);
  const fields = fieldsOf(definition, moduleFields);
  sheet.getRange(row, layout.metaColumn).setValue(formatRowMeta(keepMyVersion(fields, meta, spreadsheet.getSpreadsheetTimeZone(), appsScriptZones())));
  setStatus(sheet, row, layout.statusColumn, 'Keeping your version: it is sent to Zoho now.');
  return row;
}

/**
 * "Take Zoho's" and "Restore from Zoho": the record's row gets Zoho's current values in every
 * synced column (read now, 50 fields a request) and clean sync data, as a pull writes them. A row
 * whose last send is still being checked is refused: restoring it would hide whether that send
 * arrived. With `onlyConflict` ("Take Zoho's"), a row that is no longer in conflict is refused too:
 * a teammate may have resolved it, and the row may hold a fresh edit since. @returns its row @throws ConfigError
 */
export function restoreFromZoho(spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet, sheetName: string, recordId: string, moduleFields: readonly ZohoField[], writer: RecordWriter, currencies?: CurrencyBook, onlyConflict = false): number {
  const { sheet, definition } = syncedSheet(spreadsheet, sheetName);
  restorableRow(sheet, layoutOf(sheet, definition, moduleFields), recordId, onlyConflict);
  const fields = fieldsOf(definition, moduleFields);
  // In a multi-currency org the record's currency comes too: its amounts show it.
  const rowCurrencies = new RowCurrencies(fields, currencies, moduleFields);
  const record = readRecords(writer, definition.module, [recordId], rowCurrencies.requestFields(definition.fields)).get(recordId);
  if (!record) throw new ConfigError('SYNC_RECORD_GONE', `Zoho has no record ${recordId} for you (deleted or merged, or your Zoho user may not see it), so its row cannot be restored. Nothing was changed.`);
  // Someone may have sorted, inserted or deleted rows, or moved a column, while Zoho was read:
  // the record's row and the columns are found again, so its values land on its own row.
  const layout = layoutOf(sheet, definition, moduleFields);
  const { row, meta } = restorableRow(sheet, layout, recordId, onlyConflict);
  const taken = zohoVersion(fields, record, String(record.Modified_Time ?? ''), fieldListKey(definition.fields), spreadsheet.getSpreadsheetTimeZone(), appsScriptZones());
  const code = rowCurrencies.codeOf(record);
  if (code) taken.meta.cu = code;
  // Which attempt created the record stays known (RowMeta.a): a copy taken while it was sent is still told apart.
  if (meta?.a) taken.meta.a = meta.a;
  for (const run of columnRuns(layout.fieldColumns)) {
    const indexes = run.columns.map((c) => layout.fieldColumns.indexOf(c));
    const range = sheet.getRange(row, run.start, 1, run.columns.length);
    range.setNumberFormats([indexes.map((i) => rowCurrencies.formatFor(fields[i]!, code) ?? 'General')]);
    range.setValues([indexes.map((i) => taken.cells[i])]);
  }
  sheet.getRange(row, layout.metaColumn).setValue(formatRowMeta(taken.meta));
  setStatus(sheet, row, layout.statusColumn, RESTORED_STATUS);
  return row;
}

/** The row of a record that may take Zoho's values now, and its sync data. @throws ConfigError when it is gone, shared, or its last send is still being checked */
function restorableRow(sheet: Sheet, layout: SheetLayout, recordId: string, onlyConflict: boolean): { row: number; meta: RowMeta | null } {
  const row = rowOfRecord(sheet, layout.idColumn, recordId);
  const meta = parseRowMeta(sheet.getRange(row, layout.metaColumn).getValue());
  if (onlyConflict) requireConflict(meta, row);
  if (meta?.p) {
    throw new ConfigError('SYNC_ROW_IN_FLIGHT', `Row ${row} was sent to Zoho and the answer was lost; it cannot be restored until the next sync has checked what arrived. Sync now, then restore it.`);
  }
  return { row, meta };
}

/**
 * Issues with their rows as they are now, found by record id (one id-column read per sheet); each
 * row once, the last issue listed for it winning (it is what its status cell says). An issue whose
 * record is on no row of its sheet any more is dropped; one without a record id (a new row), or
 * whose record is on several rows, keeps its number.
 */
export function currentIssues(spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet, issues: readonly RowIssue[]): RowIssue[] {
  const rowsBySheet = new Map<string, Map<string, number[]> | null>();
  const rowsOf = (name: string): Map<string, number[]> | null => {
    if (!rowsBySheet.has(name)) rowsBySheet.set(name, recordRows(spreadsheet, name));
    return rowsBySheet.get(name)!;
  };
  const byKey = new Map<string, RowIssue>();
  for (const issue of issues) {
    let row = issue.row;
    let key = `${issue.sheet}\u0000row ${row}`;
    const found = issue.recordId ? rowsOf(issue.sheet)?.get(issue.recordId) ?? [] : null;
    if (found && rowsOf(issue.sheet) && !found.length) continue;
    // Rows sharing one record (a copied row) stay apart, each as listed.
    if (found?.length === 1) {
      row = found[0]!;
      key = `${issue.sheet}\u0000${issue.recordId}`;
    }
    byKey.delete(key);
    byKey.set(key, { ...issue, row });
  }
  return [...byKey.values()];
}

/** A status cell: its word, and the sentence in its note (core/sync/status.ts). */
function setStatus(sheet: Sheet, row: number, column: number, status: string): void {
  if (!column) return;
  const { word, note } = statusCell(status);
  sheet.getRange(row, column).setValue(word).setNote(note);
}

function fieldsOf(definition: SyncDefinition, moduleFields: readonly ZohoField[]): ZohoField[] {
  const byName = new Map(moduleFields.map((f) => [f.api_name, f]));
  return definition.fields.map((name) => {
    const field = byName.get(name);
    if (!field) throw new ConfigError('SYNC_UNKNOWN_FIELDS', `${definition.module} has no field ${name} any more. Pick the fields again in the sidebar.`);
    return field;
  });
}
