// Sync definitions and their state, kept as developer metadata on each synced sheet: they travel
// with the document, every collaborator sees the same ones, and a scheduled run that opens the
// spreadsheet by id finds them without document properties (null in time-driven runs).

import type { SyncDefinition } from '../core/sync/definition';
import type { SyncState, SyncStateStore } from '../core/sync/pull';

export const SYNC_METADATA_KEY = 'zcs.v1.sync';

export interface StoredSync {
  definition: SyncDefinition;
  state: SyncState;
}

function metadataOf(sheet: GoogleAppsScript.Spreadsheet.Sheet): GoogleAppsScript.Spreadsheet.DeveloperMetadata | undefined {
  return sheet.createDeveloperMetadataFinder().withKey(SYNC_METADATA_KEY).find()[0];
}

export function readSync(sheet: GoogleAppsScript.Spreadsheet.Sheet): StoredSync | null {
  const entry = metadataOf(sheet);
  if (!entry) return null;
  try {
    return JSON.parse(entry.getValue() ?? '') as StoredSync;
  } catch {
    return null;
  }
}

export function writeSync(sheet: GoogleAppsScript.Spreadsheet.Sheet, stored: StoredSync): void {
  const value = JSON.stringify(stored);
  const entry = metadataOf(sheet);
  if (entry) entry.setValue(value);
  else sheet.addDeveloperMetadata(SYNC_METADATA_KEY, value);
}

export function removeSync(sheet: GoogleAppsScript.Spreadsheet.Sheet): void {
  metadataOf(sheet)?.remove();
}

/** Every synced sheet of a spreadsheet, in tab order. */
export function syncedSheets(spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet): Array<{ sheet: GoogleAppsScript.Spreadsheet.Sheet; stored: StoredSync }> {
  const found: Array<{ sheet: GoogleAppsScript.Spreadsheet.Sheet; stored: StoredSync }> = [];
  for (const sheet of spreadsheet.getSheets()) {
    const stored = readSync(sheet);
    if (stored) found.push({ sheet, stored });
  }
  return found;
}

/** The state part of one sheet's sync, for the pull engine; the definition is left as it is. */
export function stateStore(sheet: GoogleAppsScript.Spreadsheet.Sheet): SyncStateStore {
  return {
    load: () => readSync(sheet)?.state ?? {},
    save: (state) => {
      const stored = readSync(sheet);
      if (stored) writeSync(sheet, { ...stored, state });
    },
  };
}
