// Setting up which sheet mirrors which module: checks against Zoho's fields, creates the sheet,
// and adds columns (formatted before any value lands) when fields are added to a synced sheet.

import { ConfigError } from '../core/errors';
import { numberFormatFor } from '../core/cells/record-codec';
import { checkDefinition, type SyncDefinition } from '../core/sync/definition';
import { fieldHeaders } from '../core/sync/layout';
import type { ZohoField } from '../core/zoho/wire';
import type { SyncDefinitionInput, SyncDefinitionView } from '../shared/rpc';
import { readSync, removeSync, syncedSheets, writeSync, type StoredSync } from './sync-store';
import { hasPendingContinuation } from './triggers';

const MAX_SHEET_NAME = 100;

export function viewOf(sheet: GoogleAppsScript.Spreadsheet.Sheet, stored: StoredSync): SyncDefinitionView {
  return {
    sheetName: sheet.getName(),
    module: stored.definition.module,
    fields: stored.definition.fields,
    cvid: stored.definition.cvid ?? null,
    deletedRows: stored.definition.deletedRows,
    runWorkflows: stored.definition.runWorkflows !== false,
    lastSuccessAt: stored.state.lastSuccessAt ?? null,
    continuing: Boolean(stored.state.cursor) && hasPendingContinuation(sheet.getParent().getId()),
  };
}

export function listDefinitions(spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet): SyncDefinitionView[] {
  return syncedSheets(spreadsheet).map(({ sheet, stored }) => viewOf(sheet, stored));
}

export function saveDefinition(spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet, input: SyncDefinitionInput, moduleFields: ZohoField[]): SyncDefinitionView {
  const sheetName = String(input?.sheetName ?? '').trim();
  if (!sheetName || sheetName.length > MAX_SHEET_NAME) throw new ConfigError('SYNC_SHEET_NAME', 'Give the sheet a name (at most 100 characters).');
  const definition = checkDefinition(input, moduleFields);
  const sheet = spreadsheet.getSheetByName(sheetName) ?? spreadsheet.insertSheet(sheetName);
  const existing = readSync(sheet);

  if (!existing) {
    if (sheet.getLastRow() > 0) {
      throw new ConfigError('SYNC_SHEET_NOT_EMPTY', `Sheet "${sheetName}" already has data of its own. Pick a new sheet name, and the add-on creates it.`);
    }
    const stored: StoredSync = { definition, state: {} };
    writeSync(sheet, stored);
    return viewOf(sheet, stored);
  }
  if (existing.definition.module !== definition.module && sheet.getLastRow() > 1) {
    throw new ConfigError('SYNC_MODULE_CHANGE', `Sheet "${sheetName}" holds ${existing.definition.module} records. To sync ${definition.module}, pick a new sheet name.`);
  }
  const fieldsChanged = existing.definition.fields.join(',') !== definition.fields.join(',') || existing.definition.cvid !== definition.cvid;
  if (sheet.getLastRow() > 0) addColumnsForNewFields(sheet, existing.definition, definition, moduleFields);
  const stored: StoredSync = {
    definition,
    // New fields need every record again: the next pull is a full one, matching rows by id.
    state: fieldsChanged ? { ...existing.state, watermark: undefined, cursor: undefined } : existing.state,
  };
  writeSync(sheet, stored);
  return viewOf(sheet, stored);
}

function addColumnsForNewFields(sheet: GoogleAppsScript.Spreadsheet.Sheet, before: SyncDefinition, after: SyncDefinition, moduleFields: ZohoField[]): void {
  const header = sheet.getRange(1, 1, 1, Math.max(1, sheet.getLastColumn())).getValues()[0]!.map((h) => String(h));
  const wanted = fieldHeaders(after, moduleFields);
  const byName = new Map(moduleFields.map((f) => [f.api_name, f]));
  const added = after.fields.map((name, i) => ({ name, header: wanted[i]! })).filter((f) => !before.fields.includes(f.name) && !header.includes(f.header));
  if (!added.length) return;
  let column = sheet.getLastColumn();
  const rows = Math.max(1, sheet.getMaxRows());
  if (sheet.getMaxColumns() < column + added.length) sheet.insertColumnsAfter(sheet.getMaxColumns(), column + added.length - sheet.getMaxColumns());
  for (const field of added) {
    column++;
    const format = numberFormatFor(byName.get(field.name)!);
    if (format) sheet.getRange(1, column, rows, 1).setNumberFormat(format);
    sheet.getRange(1, column).setValue(field.header);
  }
}

export function removeDefinition(spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet, sheetName: string): void {
  const sheet = spreadsheet.getSheetByName(String(sheetName));
  if (sheet) removeSync(sheet);
}
