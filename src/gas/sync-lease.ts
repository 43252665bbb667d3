// One sync of a spreadsheet at a time, whoever started it and from wherever: a lease kept in the
// spreadsheet's developer metadata, which every context can read (a time-driven run has no document
// lock, and the user lock is per user; team-safety.md §4). The document lock, where there is one,
// only narrows the race while a lease is taken.

import { SyncError } from '../core/errors';
import type { RunLogEntry, RunningSync } from '../shared/rpc';
import { EXECUTION_LIMIT_MS } from './execution';
import { sharedUserLock } from './zoho-auth';

const LEASE_KEY = 'zcs.v1.lease';
/**
 * A lease outlives the 6-minute execution that took it (taken after the execution started), so it
 * needs no renewal while its holder lives; one left by a killed run frees itself within 7 minutes.
 */
export const LEASE_MS = EXECUTION_LIMIT_MS + 60 * 1000;
/** How long a second sync waits for the first to finish before saying who runs it. */
export const LEASE_WAIT_MS = 10 * 1000;
const LEASE_POLL_MS = 2 * 1000;
/** Between writing a lease and reading it back, so a rival's write that crossed ours is seen. */
export const LEASE_SETTLE_MS = 1500;
/** The document lock is held only while a lease is read, written and checked. */
const DOCUMENT_LOCK_WAIT_MS = 10 * 1000;

interface LeaseRecord {
  holder: string;
  /** Who started the sync, as shown to teammates (their Zoho account). */
  by: string;
  trigger: RunLogEntry['trigger'];
  since: string;
  /** Epoch ms after which the lease is void. */
  until: number;
  /** Session.getTemporaryActiveUserKey() of the holder (needs no scope; rotates every 30 days). */
  userKey?: string;
  /** The holder holds its user lock while the lease lives, so its own user can tell it is alive. */
  provesLife?: boolean;
  /**
   * The spreadsheet the sync runs in. File > Make a copy copies developer metadata, so a copy made
   * while a sync ran holds that sync's lease; nothing runs in the copy, so the lease is void there.
   */
  spreadsheetId?: string;
}

export interface Lease {
  readonly holder: string;
  readonly holdsUserLock: boolean;
  /**
   * Taken with `checkLater`: when the read-back of the lease may be made (epoch ms), until
   * confirmLease has made it; then null. Nothing may be written before.
   */
  settlesAt: number | null;
  /** Set when the read-back found a rival's lease: this run must write nothing and stand back. */
  lost?: SyncError;
}

function leaseMetadata(spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet): GoogleAppsScript.Spreadsheet.DeveloperMetadata | undefined {
  return spreadsheet.createDeveloperMetadataFinder().withKey(LEASE_KEY).withLocationType(SpreadsheetApp.DeveloperMetadataLocationType.SPREADSHEET).find()[0];
}

function readRecord(spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet): LeaseRecord | null {
  return readEntry(spreadsheet).record;
}

/** The lease as stored now, with the metadata that holds it, so writing it back needs no second find. */
function readEntry(spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet): { entry: GoogleAppsScript.Spreadsheet.DeveloperMetadata | undefined; record: LeaseRecord | null } {
  const entry = leaseMetadata(spreadsheet);
  return { entry, record: parseRecord(entry?.getValue(), spreadsheet.getId()) };
}

function parseRecord(raw: string | null | undefined, spreadsheetId: string): LeaseRecord | null {
  if (!raw) return null;
  try {
    const record = JSON.parse(raw) as LeaseRecord;
    if (record.spreadsheetId !== undefined && record.spreadsheetId !== spreadsheetId) return null;
    return typeof record.holder === 'string' && Number(record.until) > Date.now() ? record : null;
  } catch {
    return null;
  }
}

function writeRecord(spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet, record: LeaseRecord | null, existing = leaseMetadata(spreadsheet)): void {
  const value = record ? JSON.stringify({ ...record, spreadsheetId: spreadsheet.getId() }) : '';
  if (existing) existing.setValue(value);
  else if (record) spreadsheet.addDeveloperMetadata(LEASE_KEY, value);
}

/** The sync running now, by anyone, or null. */
export function runningSync(spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet): RunningSync | null {
  const record = readRecord(spreadsheet);
  return record ? { by: record.by, trigger: record.trigger, since: record.since } : null;
}

function busyError(spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet, record: LeaseRecord): SyncError {
  const at = Utilities.formatDate(new Date(record.since), spreadsheet.getSpreadsheetTimeZone(), 'HH:mm');
  const what = record.trigger === 'scheduled' ? 'the scheduled sync' : record.trigger === 'continue' ? 'a sync continuing by itself' : 'a sync';
  return new SyncError('SYNC_BUSY', `Another sync of this spreadsheet is running: ${what} started by ${record.by} at ${at}. It finishes on its own; try again in a few minutes.`);
}

/**
 * Takes the spreadsheet's sync lease, waiting up to LEASE_WAIT_MS for a running sync to end.
 *
 * Read; if held and not expired, wait and read again, then give up. Else write ours, flush, wait
 * LEASE_SETTLE_MS and read again: only if it is still ours do we hold it (with `checkLater` the
 * read-back is confirmLease's, before the first write). In a document the document lock is held
 * while the lease is read, written and flushed, so an editor's sync that comes after reads ours and
 * editors' syncs cannot race at all. What remains is two
 * syncs with no document (a schedule and a continuation of different users) whose read-then-write
 * gaps overlap so that the later write lands after the earlier writer's check: the later writer's
 * own read-to-write gap would have to exceed LEASE_SETTLE_MS, which a few calls in a row never take.
 * While it holds the lease, a sync also holds its user lock: other executions of the same user that
 * must refresh the Zoho token wait for it (up to 30 s, then platform-errors.ts says so plainly).
 * @throws SyncError SYNC_BUSY naming who runs the other sync
 */
export function acquireLease(spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet, by: string, trigger: RunLogEntry['trigger'], options: { checkLater?: boolean } = {}): Lease {
  // The holder keeps its user lock (the same object the OAuth2 library uses, so its refreshes go
  // through) for the lease's life. A run Apps Script killed leaves its lease behind for up to
  // LEASE_MS; when the user lock is free, no sync of this user is alive, so a lease of this user
  // is such a leftover and is taken at once. Another user's leftover is waited out.
  const userLock = sharedUserLock();
  const holdsUserLock = userLock.tryLock(0);
  const userKey = Session.getTemporaryActiveUserKey();
  const leftover = (record: LeaseRecord): boolean => holdsUserLock && record.provesLife === true && record.userKey === userKey;
  try {
    return takeLease(spreadsheet, { by, trigger, userKey, holdsUserLock, checkLater: options.checkLater === true, leftover });
  } catch (error) {
    if (holdsUserLock) userLock.releaseLock();
    throw error;
  }
}

function takeLease(spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet, me: { by: string; trigger: RunLogEntry['trigger']; userKey: string; holdsUserLock: boolean; checkLater: boolean; leftover: (record: LeaseRecord) => boolean }): Lease {
  const { by, trigger } = me;
  for (let waited = 0; ; waited += LEASE_POLL_MS) {
    const held = readRecord(spreadsheet);
    if (!held || me.leftover(held)) break;
    if (waited >= LEASE_WAIT_MS) throw busyError(spreadsheet, held);
    Utilities.sleep(LEASE_POLL_MS);
  }
  const documentLock = LockService.getDocumentLock();
  if (documentLock && !documentLock.tryLock(DOCUMENT_LOCK_WAIT_MS)) {
    throw new SyncError('SYNC_BUSY', 'Another sync of this spreadsheet is running. It finishes on its own; try again in a few minutes.');
  }
  try {
    const rival = readEntry(spreadsheet);
    if (rival.record && !me.leftover(rival.record)) throw busyError(spreadsheet, rival.record);
    const holder = Utilities.getUuid();
    writeRecord(spreadsheet, { holder, by, trigger, since: new Date().toISOString(), until: Date.now() + LEASE_MS, userKey: me.userKey, provesLife: me.holdsUserLock }, rival.entry);
    SpreadsheetApp.flush();
    const lease: Lease = { holder, holdsUserLock: me.holdsUserLock, settlesAt: Date.now() + LEASE_SETTLE_MS };
    if (!me.checkLater) confirmLease(spreadsheet, lease);
    return lease;
  } finally {
    documentLock?.releaseLock();
  }
}

/**
 * Reads the lease back once LEASE_SETTLE_MS have passed since it was written: only if it is still
 * ours does this run hold it. A sync takes its lease with `checkLater` and spends the wait on its
 * reads (of Zoho and of the sheets), which change nothing, and calls this before its first write;
 * a later check only widens the window in which a crossing rival's write is seen.
 * @throws SyncError SYNC_BUSY when a rival's lease replaced ours
 */
export function confirmLease(spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet, lease: Lease): void {
  if (lease.lost) throw lease.lost;
  if (lease.settlesAt === null) return;
  const wait = lease.settlesAt - Date.now();
  if (wait > 0) Utilities.sleep(wait);
  const check = readRecord(spreadsheet);
  if (check?.holder !== lease.holder) {
    lease.lost = busyError(spreadsheet, check ?? { holder: '', by: 'a teammate', trigger: 'manual', since: new Date().toISOString(), until: 0 });
    throw lease.lost;
  }
  lease.settlesAt = null;
}

/** Gives the lease back if it is still ours (never clears a lease someone took after ours expired). */
export function releaseLease(spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet, lease: Lease): void {
  try {
    const now = readEntry(spreadsheet);
    if (now.record?.holder === lease.holder) {
      writeRecord(spreadsheet, null, now.entry);
      SpreadsheetApp.flush();
    }
  } catch (error) {
    // The lease expires by itself; a failed release only delays the next sync.
    console.error(`sync lease not released: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    if (lease.holdsUserLock) sharedUserLock().releaseLock();
  }
}
