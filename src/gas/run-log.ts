// The last runs of a spreadsheet's sync, kept as developer metadata on the spreadsheet so a
// failure of the scheduled run shows the next time anyone opens the sidebar, and progress of the
// running sync in the user cache for the sidebar to poll. Each entry names the spreadsheet that ran
// it: File > Make a copy carries the metadata along, and a copy's history starts empty.

import type { RunLogEntry, RunStatus, SyncProgress } from '../shared/rpc';

const RUN_LOG_KEY = 'zcs.v1.runs';
export const RUN_LOG_ENTRIES = 10;
const ISSUES_PER_ENTRY = 50;
const PROGRESS_TTL_SECONDS = 600;
const progressKey = (spreadsheetId: string): string => `zcs.v1.progress.${spreadsheetId}`;

function logMetadata(spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet): GoogleAppsScript.Spreadsheet.DeveloperMetadata | undefined {
  return spreadsheet.createDeveloperMetadataFinder().withKey(RUN_LOG_KEY).withLocationType(SpreadsheetApp.DeveloperMetadataLocationType.SPREADSHEET).find()[0];
}

/** An entry's status; entries written before statuses existed have only `ok`. */
export function runStatusOf(entry: RunLogEntry): RunStatus {
  return entry.status ?? (entry.ok ? 'ok' : 'failed');
}

/**
 * An entry as stored: with the id of the spreadsheet whose sync it was. Entries written before ids
 * were stored have none and count as this spreadsheet's (as schedule records without one do).
 */
type StoredRunLogEntry = RunLogEntry & { spreadsheetId?: string };

/** This spreadsheet's runs, newest first: none of the original's in a copy of it. */
export function readRunLog(spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet): RunLogEntry[] {
  return entriesOf(logMetadata(spreadsheet), spreadsheet.getId()).map(({ spreadsheetId: _ran, ...entry }) => entry);
}

function entriesOf(metadata: GoogleAppsScript.Spreadsheet.DeveloperMetadata | undefined, spreadsheetId: string): StoredRunLogEntry[] {
  try {
    const parsed: unknown = JSON.parse(metadata?.getValue() ?? '[]');
    if (!Array.isArray(parsed)) return [];
    return (parsed as StoredRunLogEntry[]).filter((e) => e.spreadsheetId === undefined || e.spreadsheetId === spreadsheetId);
  } catch {
    return [];
  }
}

/** Adds an entry, newest first, keeping the last ten. Never throws: a log must not break a sync. */
export function appendRunLog(spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet, entry: RunLogEntry): void {
  try {
    const spreadsheetId = spreadsheet.getId();
    const trimmed: StoredRunLogEntry = { ...entry, spreadsheetId, message: entry.message.slice(0, 500), issues: entry.issues.slice(0, ISSUES_PER_ENTRY).map((i) => ({ ...i, message: i.message.slice(0, 300) })) };
    const existing = logMetadata(spreadsheet);
    // The original's runs go at a copy's first run; older entries without an id get this one's.
    const entries = [trimmed, ...entriesOf(existing, spreadsheetId).map((e) => ({ ...e, spreadsheetId }))].slice(0, RUN_LOG_ENTRIES);
    const value = JSON.stringify(entries);
    if (existing) existing.setValue(value);
    else spreadsheet.addDeveloperMetadata(RUN_LOG_KEY, value);
  } catch (error) {
    console.error(`run log not written: ${error instanceof Error ? error.message : String(error)}`);
  }
}

export function reportProgress(spreadsheetId: string, progress: SyncProgress): void {
  try {
    CacheService.getUserCache().put(progressKey(spreadsheetId), JSON.stringify(progress), PROGRESS_TTL_SECONDS);
  } catch {
    // Progress is a nicety; a cache hiccup must not stop the sync.
  }
}

/** This user's running sync's progress (kept in their cache), or not running. */
export function readProgress(spreadsheetId: string): SyncProgress {
  const raw = CacheService.getUserCache().get(progressKey(spreadsheetId));
  if (!raw) return { running: false, message: '', records: 0 };
  try {
    return JSON.parse(raw) as SyncProgress;
  } catch {
    return { running: false, message: '', records: 0 };
  }
}
