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
