// Setting up which sheet mirrors which module: checks against Zoho's fields, creates the sheet,
// and adds columns (formatted before any value lands) when fields are added to a synced sheet.

import { ConfigError } from '../core/errors';
import { numberFormatFor } from '../core/cells/record-codec';
import { checkBinding, type OrgRef } from '../core/sync/binding';
import { checkDefinition, type SyncDefinition } from '../core/sync/definition';
import { definitionVersion, staleRemoveProblem, staleSaveProblem } from '../core/sync/definition-version';
import { filterKey, filterWords } from '../core/sync/filter-rules';
import { FIELD_TAG_KEY, fieldHeaders, writeHeaders } from '../core/sync/layout';
import type { ZohoField } from '../core/zoho/wire';
import type { SyncDefinitionInput, SyncDefinitionView } from '../shared/rpc';
import { sheetGrid } from './sheet-grid';
import { hasCursor, readSync, removeSync, syncedSheets, withoutPullPlaces, writeSync, type StoredSync } from './sync-store';
import { hasPendingContinuation } from './triggers';

const MAX_SHEET_NAME = 100;

export function viewOf(sheet: GoogleAppsScript.Spreadsheet.Sheet, stored: StoredSync, org: OrgRef | null = null, moduleFields: readonly ZohoField[] = []): SyncDefinitionView {
  let problem: string | null = null;
  if (org) {
    const binding = checkBinding(stored.definition, sheet.getName(), sheet.getSheetId(), sheetNameById(sheet.getParent(), stored.definition.sheetId), org);
    if (!binding.ok) problem = binding.message;
  }
  return {
    problem,
    org: stored.definition.org ? { name: stored.definition.org.name ?? stored.definition.org.id, dataCenter: stored.definition.org.dc ?? null } : null,
    sheetName: sheet.getName(),
    version: definitionVersion(stored.definition),
    module: stored.definition.module,
    fields: stored.definition.fields,
    cvid: stored.definition.cvid ?? null,
    deletedRows: stored.definition.deletedRows,
    runWorkflows: stored.definition.runWorkflows !== false,
    matchField: stored.definition.matchField ?? null,
    filter: stored.definition.filter ?? null,
    // Field labels when the caller has the module's fields at hand; api names otherwise.
    filterWords: filterWords(stored.definition.filter, moduleFields),
    lastSuccessAt: stored.state.lastSuccessAt ?? null,
    continuing: hasCursor(stored.state) && hasPendingContinuation(sheet.getParent().getId()),
  };
}

/**
 * Every synced sheet as the sidebar lists it. `fieldsOf` gives a module's fields (cached metadata) so a
 * filter's conditions read with field labels; only sheets with conditions ask for them.
 */
export function listDefinitions(spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet, identity: { org: OrgRef } | null, fieldsOf?: (module: string) => ZohoField[]): SyncDefinitionView[] {
  return syncedSheets(spreadsheet).map(({ sheet, stored }) => viewOf(sheet, stored, identity?.org ?? null,
    fieldsOf && stored.definition.filter?.conditions?.length ? fieldsOf(stored.definition.module) : []));
}

/**
 * The synced tab of this spreadsheet with a sheet id, by name; null when there is none. A tab
 * whose sync was removed is not the synced sheet any more: a copy of it may become the one.
 */
export function sheetNameById(spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet, sheetId: number | undefined): string | null {
  if (sheetId === undefined) return null;
  const tab = spreadsheet.getSheets().find((sh) => sh.getSheetId() === sheetId);
  return tab && readSync(tab) ? tab.getName() : null;
}

/**
 * Checks a synced sheet against the connected org and its own tab before anything of it is read
 * or written, and records what a definition from before was missing. @throws ConfigError
 */
export function bindSheet(sheet: GoogleAppsScript.Spreadsheet.Sheet, stored: StoredSync, org: OrgRef, beforeWrite: () => void = () => undefined): StoredSync {
  const binding = checkBinding(stored.definition, sheet.getName(), sheet.getSheetId(), sheetNameById(sheet.getParent(), stored.definition.sheetId), org);
  if (!binding.ok) throw new ConfigError(binding.code, binding.message);
  if (!binding.adopted) return stored;
  beforeWrite();
  const current = readSync(sheet) ?? stored;
  const adopted: StoredSync = { ...current, definition: { ...current.definition, ...binding.adopted } };
  writeSync(sheet, adopted);
  return adopted;
}

export function saveDefinition(spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet, input: SyncDefinitionInput, moduleFields: ZohoField[], org: OrgRef): SyncDefinitionView {
  const sheetName = String(input?.sheetName ?? '').trim();
  if (!sheetName || sheetName.length > MAX_SHEET_NAME) throw new ConfigError('SYNC_SHEET_NAME', 'Give the sheet a name (at most 100 characters).');
  const definition = checkDefinition(input, moduleFields);
  // Read under the sync lock, so a teammate's save cannot land between this check and the write.
  const current = spreadsheet.getSheetByName(sheetName);
  const stale = staleSaveProblem(sheetName, input?.basedOn, current ? readSync(current)?.definition ?? null : null);
  if (stale) throw new ConfigError('SYNC_DEFINITION_STALE', stale);
  const sheet = current ?? spreadsheet.insertSheet(sheetName);
  const existing = readSync(sheet);

  if (!existing) {
    if (sheet.getLastRow() > 0) {
      throw new ConfigError('SYNC_SHEET_NOT_EMPTY', `Sheet "${sheetName}" already has data of its own. Pick a new sheet name, and the add-on creates it.`);
    }
    const stored: StoredSync = { definition: { ...definition, org, sheetId: sheet.getSheetId() }, state: {} };
    writeSync(sheet, stored);
    return viewOf(sheet, stored, org, moduleFields);
  }
  const bound = bindSheet(sheet, existing, org);
  if (existing.definition.module !== definition.module && sheet.getLastRow() > 1) {
    throw new ConfigError('SYNC_MODULE_CHANGE', `Sheet "${sheetName}" holds ${existing.definition.module} records. To sync ${definition.module}, pick a new sheet name.`);
  }
  // Another filter is another set of records: every user pulls again (a full pull with a membership
  // sweep, which keeps rows with unsent edits); the watermarks are also keyed by filter (pull.ts).
  const fieldsChanged = existing.definition.fields.join(',') !== definition.fields.join(',') || existing.definition.cvid !== definition.cvid
    || filterKey(existing.definition.filter) !== filterKey(definition.filter);
  if (sheet.getLastRow() > 0) addColumnsForNewFields(sheet, existing.definition, definition, moduleFields);
  const stored: StoredSync = {
    definition: { ...definition, org: bound.definition.org, sheetId: bound.definition.sheetId },
    // New fields need every record again: the next pull is a full one, matching rows by id.
    state: fieldsChanged ? withoutPullPlaces(existing.state) : existing.state,
  };
  writeSync(sheet, stored);
  return viewOf(sheet, stored, org, moduleFields);
}

function addColumnsForNewFields(sheet: GoogleAppsScript.Spreadsheet.Sheet, before: SyncDefinition, after: SyncDefinition, moduleFields: ZohoField[]): void {
  const grid = sheetGrid(sheet);
  const header = sheet.getRange(1, 1, 1, Math.max(1, sheet.getLastColumn())).getValues()[0]!.map((h) => String(h));
  // A field synced here before keeps its column (found by its tag even if its label changed since).
  const tagged = new Set(grid.readColumnTags().filter((t) => t.key === FIELD_TAG_KEY).map((t) => t.value));
  const wanted = fieldHeaders(after, moduleFields);
  const byName = new Map(moduleFields.map((f) => [f.api_name, f]));
  const added = after.fields.map((name, i) => ({ name, header: wanted[i]! }))
    .filter((f) => !before.fields.includes(f.name) && !tagged.has(f.name) && !header.includes(f.header));
  if (!added.length) return;
  let column = sheet.getLastColumn();
  const rows = Math.max(1, sheet.getMaxRows());
  if (sheet.getMaxColumns() < column + added.length) sheet.insertColumnsAfter(sheet.getMaxColumns(), column + added.length - sheet.getMaxColumns());
  for (const field of added) {
    column++;
    const format = numberFormatFor(byName.get(field.name)!);
    if (format) sheet.getRange(1, column, rows, 1).setNumberFormat(format);
    // The header is text whatever the column's format: a label such as "=Score" is never evaluated.
    writeHeaders(grid, [{ column, text: field.header }]);
    grid.tagColumn(column, FIELD_TAG_KEY, field.name);
  }
}

/** Stops syncing a sheet; with `basedOn`, only the sync version the sidebar showed. @throws ConfigError */
export function removeDefinition(spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet, sheetName: string, basedOn?: string): void {
  const sheet = spreadsheet.getSheetByName(String(sheetName));
  const stale = staleRemoveProblem(String(sheetName), basedOn, sheet ? readSync(sheet)?.definition ?? null : null);
  if (stale) throw new ConfigError('SYNC_DEFINITION_STALE', stale);
  if (sheet) removeSync(sheet);
}
