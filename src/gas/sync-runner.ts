// Runs the sync of one spreadsheet: one at a time per document, every synced sheet in tab order,
// push before pull (so a pull never meets an edit that could have been sent), a run-log entry for
// the sidebar, and a continuation scheduled when the execution runs short of time.

import { SyncError, userMessageOf } from '../core/errors';
import { runPull } from '../core/sync/pull';
import { runPush } from '../core/sync/push';
import { rezoneSheet } from '../core/sync/rezone';
import { ZohoLookupResolver } from '../core/zoho/lookups';
import { ZohoRecordSource, ZohoRecordWriter } from '../core/zoho/records';
import type { PushSummary, RowIssue, RunLogEntry, SheetSyncSummary } from '../shared/rpc';
import { executionBudget } from './execution';
import { currentIssues } from './conflicts';
import { appendRunLog, reportProgress } from './run-log';
import { sheetGrid, workbookCells } from './sheet-grid';
import { connectedIdentity } from './identity';
import { bindSheet } from './sync-definitions';
import { stateStore, syncedSheets } from './sync-store';
import { clearContinuation, scheduleContinuation } from './triggers';
import { zohoApi } from './zoho-api';
import { sharedUserLock } from './zoho-auth';
import { appsScriptZones } from './zones';

const LOCK_WAIT_MS = 10000;

export type RunTrigger = RunLogEntry['trigger'];

export interface SyncSummary {
  pulled: SheetSyncSummary[];
  pushed: PushSummary[];
  issues: RowIssue[];
  /** True when time ran out and a follow-up execution will continue. */
  continuing: boolean;
  /** Sheets left out of this run, and why (another org, a copied tab, writes still being checked). */
  refused: Array<{ sheet: string; message: string }>;
}

/**
 * The lock that keeps a scheduled and a manual sync of one document apart. The document lock exists
 * whenever the add-on runs inside the document; a scheduled run has none, so it takes the user lock.
 */
function syncLock(): GoogleAppsScript.Lock.Lock {
  return LockService.getDocumentLock() ?? sharedUserLock();
}

export interface SyncOptions {
  pull: boolean;
  /** Push only these records of this sheet ("Keep mine"); every other row and sheet is left alone. */
  only?: { sheet: string; recordIds: string[] };
}

/** Runs `body` while holding the lock syncs take, so it never interleaves with a sync. @throws SyncError when busy */
export function withSyncLock<T>(body: () => T): T {
  const lock = syncLock();
  if (!lock.tryLock(LOCK_WAIT_MS)) {
    throw new SyncError('SYNC_BUSY', 'Another sync of this spreadsheet is running. It will finish on its own; try again in a minute.');
  }
  try {
    return body();
  } finally {
    lock.releaseLock();
  }
}

/** Push then pull every synced sheet (or push only), logging the run. @throws SyncError for the user */
export function syncSpreadsheet(spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet, trigger: RunTrigger, options: SyncOptions = { pull: true }): SyncSummary {
  return withSyncLock(() => runLogged(spreadsheet, trigger, options));
}

function runLogged(spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet, trigger: RunTrigger, options: SyncOptions): SyncSummary {
  const startedAt = new Date().toISOString();
  const summary: SyncSummary = { pulled: [], pushed: [], issues: [], continuing: false, refused: [] };
  try {
    runSheets(spreadsheet, summary, options);
    // A push and the pull after it may list one row twice, and the pull may move rows (deleted
    // records): each row once, numbered as it is now.
    summary.issues = currentIssues(spreadsheet, summary.issues);
    if (summary.continuing) scheduleContinuation(spreadsheet);
    else clearContinuation(spreadsheet.getId());
    SpreadsheetApp.flush();
    appendRunLog(spreadsheet, { at: startedAt, trigger, ok: !summary.refused.length, message: describeSummary(summary), pulled: summary.pulled, pushed: summary.pushed, issues: summary.issues });
    return summary;
  } catch (error) {
    appendRunLog(spreadsheet, { at: startedAt, trigger, ok: false, message: userMessageOf(error), pulled: summary.pulled, pushed: summary.pushed, issues: summary.issues });
    throw error;
  } finally {
    reportProgress(spreadsheet.getId(), { running: false, message: '', records: 0 });
  }
}

function runSheets(spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet, summary: SyncSummary, { pull, only }: SyncOptions): void {
  const api = zohoApi();
  const identity = connectedIdentity(api);
  const zones = appsScriptZones();
  const links = new ZohoLookupResolver(api.client);
  const ssId = spreadsheet.getId();
  for (const { sheet, stored: found } of syncedSheets(spreadsheet)) {
    const name = sheet.getName();
    if (only && only.sheet !== name) continue;
    let stored;
    try {
      // Before anything of the sheet is read from or written to Zoho: is it this org's, and this tab's?
      stored = bindSheet(sheet, found, identity.org);
    } catch (error) {
      if (!(error instanceof SyncError)) throw error;
      summary.refused.push({ sheet: name, message: error.userMessage });
      continue;
    }
    const fields = api.metadata.fields(stored.definition.module);
    const grid = sheetGrid(sheet);
    // Before anything looks for edits: after a change of the spreadsheet's time zone, date and
    // datetime cells read as other instants until they are re-rendered in the new zone.
    rezoneSheet(stored.definition, { grid, state: stateStore(sheet, identity.userId), fields, zones });
    reportProgress(ssId, { running: true, message: `Sending changes from ${name}…`, records: 0 });
    const pushed = runPush(stored.definition, {
      writer: new ZohoRecordWriter(api.client), grid, state: stateStore(sheet, identity.userId), fields, zones, links,
      budget: executionBudget, now: () => Date.now(), userId: identity.userId,
      // Omitting `trigger` runs all of Zoho's automation; [] runs none (reference §6.1).
      triggers: stored.definition.runWorkflows === false ? [] : undefined,
      ...(only ? { only: new Set(only.recordIds) } : {}),
    });
    summary.pushed.push({ sheet: name, updated: pushed.updated, inserted: pushed.inserted, failed: pushed.failed, conflicts: pushed.conflicts, pending: pushed.pending });
    summary.issues.push(...pushed.issues.map((i) => ({ sheet: name, ...i })));
    if (!pull) continue;
    if (pushed.unsettledInserts) {
      // A pull now would add those records as new rows, beside the rows that sent them.
      summary.refused.push({ sheet: name, message: `${name} was not pulled: ${pushed.unsettledInserts === 1 ? 'a new row' : `${pushed.unsettledInserts} new rows`} may have reached Zoho without an answer, and the next sync checks that first.` });
      continue;
    }

    const outcome = runPull(stored.definition, {
      source: new ZohoRecordSource(api.client), grid, state: stateStore(sheet, identity.userId), fields, zones,
      budget: executionBudget, now: () => Date.now(), workbookCells: () => workbookCells(spreadsheet),
      onProgress: (counts) => reportProgress(ssId, { running: true, message: `Pulling ${stored.definition.module} into ${name}: ${counts.fetched.toLocaleString('en-US')} records so far`, records: counts.fetched }),
    });
    summary.pulled.push({ sheet: name, module: stored.definition.module, ...outcome.counts, warnings: outcome.warnings });
    summary.issues.push(...outcome.issues.map((i) => ({ sheet: name, ...i })));
    if (outcome.status === 'paused') {
      summary.continuing = true;
      return;
    }
  }
}

/** One line for a toast or the sidebar: what the sync did. */
export function describeSummary(summary: SyncSummary): string {
  const refused = summary.refused.map((r) => r.message).join(' ');
  if (!summary.pulled.length && !summary.pushed.length) return refused || 'No sheet is set up to sync yet. Open the sidebar to pick a Zoho module.';
  const parts: string[] = [];
  for (const p of summary.pushed) {
    const sent = p.updated + p.inserted;
    if (sent || p.failed || p.pending) parts.push(`${p.sheet}: ${sent} sent${p.failed ? `, ${p.failed} refused` : ''}${p.pending ? `, ${p.pending} waiting` : ''}`);
  }
  for (const s of summary.pulled) {
    const bits = [`${s.inserted} new`, `${s.updated} updated`];
    if (s.deleted) bits.push(`${s.deleted} deleted`);
    if (s.conflicts) bits.push(`${s.conflicts} conflicts`);
    parts.push(`${s.sheet}: ${bits.join(', ')}`);
  }
  const conflicts = summary.issues.filter((i) => i.kind === 'conflict').length;
  const tail = summary.continuing ? '. Still running: the rest follows in a minute.' : '.';
  const done = `${parts.join('; ')}${conflicts ? ` (${conflicts} rows in conflict)` : ''}${tail}`;
  return refused ? `${refused} ${done}` : done;
}
