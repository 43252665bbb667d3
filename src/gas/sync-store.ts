// Sync definitions and their state, kept as developer metadata on each synced sheet: they travel
// with the document, every collaborator sees the same ones, and a scheduled run that opens the
// spreadsheet by id finds them without document properties (null in time-driven runs).

import type { SyncDefinition } from '../core/sync/definition';
import type { PullCursor, SyncState, SyncStateStore } from '../core/sync/pull';

export const SYNC_METADATA_KEY = 'zcs.v1.sync';

/** One Zoho user's place in a sheet's pulls. */
export interface UserPullState {
  watermark?: string;
  /** The filter (and view criteria) the watermark belongs to: another filter starts over with a full pull. */
  watermarkKey?: string;
  cursor?: PullCursor;
}

/**
 * A sheet's state as stored. Zoho users see different records (profiles, sharing rules), so the
 * incremental watermark and an unfinished pull's cursor are kept per Zoho user: a teammate whose
 * view is narrower never moves another user's watermark past changes only the other can see. The
 * top-level `watermark` and `cursor` are from before that and are not used: whose view they
 * reflect is unknown, so each user's first pull after the change is a full one.
 */
export interface StoredState extends SyncState {
  byUser?: Record<string, UserPullState>;
}

export interface StoredSync {
  definition: SyncDefinition;
  state: StoredState;
}

function metadataOf(sheet: GoogleAppsScript.Spreadsheet.Sheet): GoogleAppsScript.Spreadsheet.DeveloperMetadata | undefined {
  return sheet.createDeveloperMetadataFinder().withKey(SYNC_METADATA_KEY).find()[0];
}

/**
 * While a sync holds the spreadsheet's lease, nothing else writes a sheet's sync metadata (row
 * actions and editing a definition take the same lease), so each sheet's entry is found once and
 * its value kept: a pull saves its state a dozen times, and every find is a call to Sheets.
 */
let remembered: Map<number, { entry: GoogleAppsScript.Spreadsheet.DeveloperMetadata | undefined; value: string | null }> | null = null;

/** Runs `body` with each sheet's sync metadata read from Sheets once (the caller holds the lease). */
export function withSyncMetadataKept<T>(body: () => T): T {
  const outer = remembered;
  remembered = outer ?? new Map();
  try {
    return body();
  } finally {
    remembered = outer;
  }
}

function entryOf(sheet: GoogleAppsScript.Spreadsheet.Sheet): { entry: GoogleAppsScript.Spreadsheet.DeveloperMetadata | undefined; value: string | null } {
  const key = sheet.getSheetId();
  const kept = remembered?.get(key);
  if (kept) return kept;
  const entry = metadataOf(sheet);
  const found = { entry, value: entry ? entry.getValue() : null };
  remembered?.set(key, found);
  return found;
}

export function readSync(sheet: GoogleAppsScript.Spreadsheet.Sheet): StoredSync | null {
  return parseSync(entryOf(sheet).value);
}

function parseSync(value: string | null): StoredSync | null {
  if (!value) return null;
  try {
    return JSON.parse(value) as StoredSync;
  } catch {
    return null;
  }
}

export function writeSync(sheet: GoogleAppsScript.Spreadsheet.Sheet, stored: StoredSync): void {
  const value = JSON.stringify(stored);
  const found = entryOf(sheet);
  // Most saves of a sync with nothing to do store what is there already; each write is a Sheets call.
  if (found.entry && found.value === value) return;
  if (found.entry) {
    found.entry.setValue(value);
    found.value = value;
  } else {
    sheet.addDeveloperMetadata(SYNC_METADATA_KEY, value);
    remembered?.delete(sheet.getSheetId());
  }
}

export function removeSync(sheet: GoogleAppsScript.Spreadsheet.Sheet): void {
  metadataOf(sheet)?.remove();
  remembered?.delete(sheet.getSheetId());
}

/** Every synced sheet of a spreadsheet, in tab order. */
export function syncedSheets(spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet): Array<{ sheet: GoogleAppsScript.Spreadsheet.Sheet; stored: StoredSync }> {
  // One finder call for every sheet's entry, rather than one per tab.
  const entries = new Map<number, GoogleAppsScript.Spreadsheet.DeveloperMetadata>();
  const all = spreadsheet.createDeveloperMetadataFinder().withKey(SYNC_METADATA_KEY)
    .withLocationType(SpreadsheetApp.DeveloperMetadataLocationType.SHEET).find();
  for (const entry of all) {
    const sheetId = entry.getLocation().getSheet()?.getSheetId();
    if (sheetId !== undefined && !entries.has(sheetId)) entries.set(sheetId, entry);
  }
  const found: Array<{ sheet: GoogleAppsScript.Spreadsheet.Sheet; stored: StoredSync }> = [];
  for (const sheet of spreadsheet.getSheets()) {
    const sheetId = sheet.getSheetId();
    const entry = entries.get(sheetId);
    const kept = { entry, value: entry ? entry.getValue() : null };
    remembered?.set(sheetId, kept);
    const stored = parseSync(kept.value);
    if (stored) found.push({ sheet, stored });
  }
  return found;
}

/** Whether any user has an unfinished pull of this sheet. */
export function hasCursor(state: StoredState): boolean {
  return Object.values(state.byUser ?? {}).some((u) => Boolean(u.cursor));
}

/** The state a sync definition change leaves: every user pulls everything again. */
export function withoutPullPlaces(state: StoredState): StoredState {
  const { watermark: _w, watermarkKey: _k, cursor: _c, byUser: _b, ...rest } = state;
  return rest;
}

/**
 * The state part of one sheet's sync as one Zoho user's pull and push see it: the shared parts
 * (field lists, last success) and this user's watermark and cursor. The definition is left as it is.
 */
export function stateStore(sheet: GoogleAppsScript.Spreadsheet.Sheet, zohoUserId: string): SyncStateStore {
  return {
    load: () => {
      const { watermark: _w, watermarkKey: _k, cursor: _c, byUser, ...shared } = readSync(sheet)?.state ?? {};
      const mine = byUser?.[zohoUserId];
      return { ...shared, ...(mine?.watermark ? { watermark: mine.watermark, watermarkKey: mine.watermarkKey ?? '' } : {}), ...(mine?.cursor ? { cursor: mine.cursor } : {}) };
    },
    save: (state) => {
      const stored = readSync(sheet);
      if (!stored) return;
      const { watermark, watermarkKey, cursor, ...shared } = state;
      const { watermark: _w, watermarkKey: _k, cursor: _c, byUser, ...kept } = stored.state;
      const mine: UserPullState = { ...(watermark ? { watermark, ...(watermarkKey ? { watermarkKey } : {}) } : {}), ...(cursor ? { cursor } : {}) };
      writeSync(sheet, { ...stored, state: { ...kept, ...shared, byUser: { ...byUser, [zohoUserId]: mine } } });
    },
  };
}
