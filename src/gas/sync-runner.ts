// Runs the sync of one spreadsheet: one at a time per spreadsheet (sync-lease.ts), every synced sheet in tab order,
// push before pull (so a pull never meets an edit that could have been sent), a run-log entry for
// the sidebar, and a continuation scheduled when the execution runs short of time.

import { NoPermissionError, SyncError, userMessageOf } from '../core/errors';
import { RowCurrencies, type CurrencyBook } from '../core/cells/currency';
import { withOrgCurrency } from '../core/cells/record-codec';
import { runPull } from '../core/sync/pull';
import { runPush } from '../core/sync/push';
import { parallelReadsFor } from '../core/zoho/concurrency';
import type { ZohoRequest } from '../core/zoho/client';
import { firstPullReads } from '../core/sync/read-ahead';
import { watchSaves, watchWrites } from '../core/sync/write-watch';
import { rezoneSheet } from '../core/sync/rezone';
import { ZohoLookupResolver } from '../core/zoho/lookups';
import { ZohoRecordSource, ZohoRecordWriter, type RecordSource } from '../core/zoho/records';
import type { PushSummary, RowIssue, RunLogEntry, RunStatus, SheetSyncSummary } from '../shared/rpc';
import { executionBudget } from './execution';
import { currentIssues } from './conflicts';
import { plainError } from './platform-errors';
import { appendRunLog, reportProgress } from './run-log';
import { restoreSchedule } from './schedule';
import { acquireLease, confirmLease, releaseLease, type Lease } from './sync-lease';
import { sheetGrid, workbookCells } from './sheet-grid';
import { connectedIdentity, currenciesOf, knownIdentityEmail } from './identity';
import { bindSheet } from './sync-definitions';
import { stateStore, syncedSheets, withSyncMetadataKept, type StoredSync } from './sync-store';
import { scheduleContinuation, type ContinuationPlan } from './triggers';
import { zohoApi, type ZohoApi } from './zoho-api';
import { zohoService } from './zoho-auth';
import { appsScriptZones } from './zones';

export type RunTrigger = RunLogEntry['trigger'];

export interface SyncSummary {
  pulled: SheetSyncSummary[];
  pushed: PushSummary[];
  issues: RowIssue[];
  /** True when time ran out and a follow-up execution will continue. */
  continuing: boolean;
  /** When time ran out: how the rest follows (a trigger in a minute, within the hour, or the next run). */
  continuation?: ContinuationPlan;
  /** Sheets left out of this run, and why (another org, a copied tab, writes still being checked). */
  refused: Array<{ sheet: string; message: string }>;
}

/**
 * Who runs this sync, as teammates see it: the Zoho account. Stored with the connection after its
 * first use; asked of Zoho (two cached metadata reads) only before that.
 */
export function whoRuns(): string {
  try {
    return knownIdentityEmail(zohoService()) ?? connectedIdentity(zohoApi()).userEmail;
  } catch {
    // Not connected: the sync itself says so; the label only has to be harmless.
    return 'a teammate';
  }
}

/**
 * A run with refused rows, conflicts or sheets left out completed with problems, not OK; one in
 * which every sheet was left out did nothing, which counts as failed.
 */
export function statusOf(summary: SyncSummary): RunStatus {
  if (summary.refused.length && !summary.pulled.length && !summary.pushed.length) return 'failed';
  const refusedRows = summary.pushed.some((p) => p.failed > 0 || p.conflicts > 0);
  const conflicts = summary.pulled.some((p) => p.conflicts > 0);
  return summary.refused.length || refusedRows || conflicts || summary.issues.length ? 'problems' : 'ok';
}

export interface SyncOptions {
  pull: boolean;
  /** Push and pull this sheet only ("Sync this sheet"); the others are left alone. */
  sheet?: string;
  /** Push only these records of this sheet ("Keep mine"); every other row and sheet is left alone. */
  only?: { sheet: string; recordIds: string[] };
}

/**
 * Runs `body` while holding the spreadsheet's sync lease, as a sync does, so a row action (Keep
 * mine, restore, create again, discard) never interleaves with a sync. @throws SyncError when busy
 */
export function withSyncLock<T>(spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet, body: () => T): T {
  const lease = acquireLease(spreadsheet, whoRuns(), 'manual');
  try {
    return body();
  } finally {
    releaseLease(spreadsheet, lease);
  }
}

/**
 * Push then pull every synced sheet (or push only), logging the run. Only one sync of a spreadsheet
 * runs at a time, whoever started it (menu, sidebar, schedule, continuation, a teammate).
 * @throws SyncError for the user (SYNC_BUSY names who runs the other sync)
 */
export function syncSpreadsheet(spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet, trigger: RunTrigger, options: SyncOptions = { pull: true }): SyncSummary {
  const startedAt = new Date().toISOString();
  // The lease's read-back waits for the first write: the reads before it (the sheets' sync data,
  // everything read ahead from Zoho) take the time it would otherwise sleep.
  const lease = acquireLease(spreadsheet, whoRuns(), trigger, { checkLater: true });
  const summary: SyncSummary = { pulled: [], pushed: [], issues: [], continuing: false, refused: [] };
  try {
    withSyncMetadataKept(() => runSheets(spreadsheet, summary, options, () => confirmLease(spreadsheet, lease)));
    confirmLease(spreadsheet, lease);
    // A push and the pull after it may list one row twice, and the pull may move rows (deleted
    // records): each row once, numbered as it is now.
    summary.issues = currentIssues(spreadsheet, summary.issues);
    if (summary.continuing) {
      summary.continuation = scheduleContinuation(spreadsheet);
      // Refused both ways: nothing may say "continuing" with no trigger behind it.
      if (summary.continuation === 'next-run') {
        summary.continuing = false;
        restoreSchedule(spreadsheet, whoRuns);
      }
    } else {
      restoreSchedule(spreadsheet, whoRuns);
    }
    SpreadsheetApp.flush();
    const status = statusOf(summary);
    appendRunLog(spreadsheet, { at: startedAt, trigger, ok: status !== 'failed', status, message: describeSummary(summary), pulled: summary.pulled, pushed: summary.pushed, issues: summary.issues });
    return summary;
  } catch (thrown) {
    // A run that lost its lease to a rival wrote nothing, and logs nothing: the rival's run is the one.
    if (!holdsLease(spreadsheet, lease)) throw lease.lost ?? thrown;
    const error = plainError(thrown);
    appendRunLog(spreadsheet, { at: startedAt, trigger, ok: false, status: 'failed', message: userMessageOf(error), pulled: summary.pulled, pushed: summary.pushed, issues: summary.issues });
    throw error;
  } finally {
    reportProgress(spreadsheet.getId(), { running: false, message: '', records: 0 });
    releaseLease(spreadsheet, lease);
  }
}

/** Whether this run holds its lease, after the read-back if it was still to be made. */
function holdsLease(spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet, lease: Lease): boolean {
  try {
    confirmLease(spreadsheet, lease);
    return true;
  } catch (error) {
    if (lease.lost) return false;
    throw error;
  }
}

/** `beforeWrites` is called before anything is written to the spreadsheet (the lease's read-back). */
function runSheets(spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet, summary: SyncSummary, { pull, only, sheet: onlySheet }: SyncOptions, beforeWrites: () => void): void {
  const api = zohoApi();
  const identity = connectedIdentity(api);
  api.client.parallelReads = parallelReadsFor(identity.edition);
  const zones = appsScriptZones();
  const links = new ZohoLookupResolver(api.client);
  const bound: Array<{ sheet: GoogleAppsScript.Spreadsheet.Sheet; sheetId: number; name: string; stored: StoredSync }> = [];
  for (const { sheet, stored: found } of syncedSheets(spreadsheet)) {
    const name = sheet.getName();
    if (only && only.sheet !== name) continue;
    if (onlySheet !== undefined && onlySheet !== name) continue;
    const sheetId = sheet.getSheetId();
    try {
      // Before anything of the sheet is read from or written to Zoho: is it this org's, and this tab's?
      bound.push({ sheet, sheetId, name, stored: bindSheet(sheet, found, identity.org, beforeWrites) });
    } catch (error) {
      if (!(error instanceof SyncError) && refuseDeletedSheet(spreadsheet, summary, name, sheetId)) continue;
      if (!(error instanceof SyncError) || error.code === 'SYNC_BUSY') throw error;
      summary.refused.push({ sheet: name, message: error.userMessage });
    }
  }
  let currencies = currenciesOf(api, identity);
  readAhead(api, bound, identity.userId, pull, currencies);
  // An org made multi-currency since the user connected shows it in the metadata just read.
  currencies ??= currenciesOf(api, identity, [...new Set(bound.map((b) => b.stored.definition.module))]);
  // Every write of the sheets and to Zoho confirms the lease first (the first one waits for it).
  api.client.beforeWrite = beforeWrites;
  for (const { sheet, sheetId, name, stored } of bound) {
    try {
      if (syncOneSheet(spreadsheet, summary, { sheet, name, stored }, { api, identity, zones, links, currencies, pull, only, beforeWrites }) === 'paused') return;
    } catch (error) {
      if (!refuseDeletedSheet(spreadsheet, summary, name, sheetId)) throw error;
    }
  }
}

interface RunContext {
  api: ZohoApi;
  identity: ReturnType<typeof connectedIdentity>;
  zones: ReturnType<typeof appsScriptZones>;
  links: ZohoLookupResolver;
  currencies: CurrencyBook | undefined;
  pull: boolean;
  only: SyncOptions['only'];
  beforeWrites: () => void;
}

/** Pushes then pulls one sheet. 'paused' when time ran out in its pull (a continuation follows). */
function syncOneSheet(
  spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet, summary: SyncSummary,
  { sheet, name, stored }: { sheet: GoogleAppsScript.Spreadsheet.Sheet; name: string; stored: StoredSync },
  { api, identity, zones, links, currencies, pull, only, beforeWrites }: RunContext,
): 'done' | 'paused' {
  const ssId = spreadsheet.getId();
  const fields = withOrgCurrency(api.metadata.fields(stored.definition.module), identity.currencySymbol);
  const grid = watchWrites(sheetGrid(sheet), beforeWrites).grid;
  const state = watchSaves(stateStore(sheet, identity.userId), beforeWrites);
  // Before anything looks for edits: after a change of the spreadsheet's time zone, date and
  // datetime cells read as other instants until they are re-rendered in the new zone.
  rezoneSheet(stored.definition, { grid, state, fields, zones });
  reportProgress(ssId, { running: true, message: `Sending changes from ${name}…`, records: 0 });
  let pushed: ReturnType<typeof runPush>;
  try {
    pushed = runPush(stored.definition, {
      writer: new ZohoRecordWriter(api.client), grid, state, fields, zones, links,
      budget: executionBudget, now: () => Date.now(), userId: identity.userId, seesAllRecords: identity.administrator, currencies,
      // Omitting `trigger` runs all of Zoho's automation; [] runs none (reference §6.1).
      triggers: stored.definition.runWorkflows === false ? [] : undefined,
      ...(only ? { only: new Set(only.recordIds) } : {}),
    });
  } catch (error) {
    if (!refuseSheet(summary, name, error, () => api.metadata.forgetFields(stored.definition.module))) throw error;
    return 'done';
  }
  // Zoho's refusal showed the cached field metadata out of date: the next sync, and the sidebar, read it anew.
  if (pushed.staleFields) api.metadata.forgetFields(stored.definition.module);
  summary.pushed.push({ sheet: name, updated: pushed.updated, inserted: pushed.inserted, failed: pushed.failed, conflicts: pushed.conflicts, pending: pushed.pending });
  // What was read ahead of this push for the module may be older than what it wrote.
  if (pushed.updated || pushed.inserted || pushed.failed || pushed.conflicts || pushed.pending) api.client.forgetReadAhead(`/crm/v8/${encodeURIComponent(stored.definition.module)}`);
  summary.issues.push(...pushed.issues.map((i) => ({ sheet: name, ...i })));
  if (!pull) return 'done';
  if (pushed.unsettledInserts) {
    // A pull now would add those records as new rows, beside the rows that sent them.
    summary.refused.push({ sheet: name, message: `${name} was not pulled: ${pushed.unsettledInserts === 1 ? 'a new row' : `${pushed.unsettledInserts} new rows`} may have reached Zoho without an answer, and the next sync checks that first.` });
    return 'done';
  }

  const module = stored.definition.module;
  const progress = (records: number): void => reportProgress(ssId, { running: true, message: `Pulling ${module} into ${name}: ${records.toLocaleString('en-US')} records so far`, records });
  let outcome: ReturnType<typeof runPull>;
  try {
    outcome = runPull(stored.definition, {
      source: countingPages(new ZohoRecordSource(api.client), progress), grid, state, fields, zones,
      budget: executionBudget, now: () => Date.now(), workbookCells: () => workbookCells(spreadsheet),
      onProgress: (counts) => progress(counts.fetched), currencies,
      ...(pushed.seen ? { seen: pushed.seen } : {}),
    });
  } catch (error) {
    if (!refuseSheet(summary, name, error, () => api.metadata.forgetFields(stored.definition.module))) throw error;
    return 'done';
  }
  summary.pulled.push({ sheet: name, module: stored.definition.module, ...outcome.counts, warnings: outcome.warnings });
  summary.issues.push(...outcome.issues.map((i) => ({ sheet: name, ...i })));
  if (outcome.status === 'paused') {
    summary.continuing = true;
    return 'paused';
  }
  return 'done';
}

/**
 * A synced tab deleted while its sync ran (a teammate, or the rep in another window): every later use
 * of its Sheet object throws. Whether it is gone is asked of the spreadsheet's list of sheets, not
 * read from the error, whose text Google does not document. What had reached Zoho stays there; the
 * other sheets sync. False when the sheet is still there (any other error).
 */
function refuseDeletedSheet(spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet, summary: SyncSummary, name: string, sheetId: number): boolean {
  if (spreadsheet.getSheets().some((s) => s.getSheetId() === sheetId)) return false;
  // Its rows went with it: a problem listed for one of them names a row nobody can open.
  summary.issues = summary.issues.filter((i) => i.sheet !== name);
  summary.refused.push({ sheet: name, message: `Sheet "${name}" was deleted during the sync, so it was left out. Nothing was lost in Zoho: what it had sent before is there.` });
  return true;
}

/**
 * A sheet whose module the user's Zoho profile may not use (an admin took it away), or that syncs a
 * field Zoho no longer has, is left out of the run, saying so, and the other sheets sync; its rows
 * keep their edits. False for any other error.
 */
function refuseSheet(summary: SyncSummary, name: string, error: unknown, forgetFields: () => void): boolean {
  if (error instanceof SyncError && GONE_FIELD_CODES.includes(error.code)) {
    // Zoho refused a field the cached metadata still lists: the next read of the metadata is Zoho's.
    if (error.code === 'ZOHO_UNKNOWN_FIELD') forgetFields();
    summary.refused.push({ sheet: name, message: error.userMessage.startsWith('Sheet "') ? error.userMessage : `Sheet "${name}" was not synced: ${error.userMessage}` });
    return true;
  }
  if (!(error instanceof NoPermissionError)) return false;
  summary.refused.push({ sheet: name, message: `Sheet "${name}" was not synced: ${error.userMessage}` });
  return true;
}

/** A field of the sheet that Zoho no longer has, found in the metadata or by a refused read. */
const GONE_FIELD_CODES: readonly string[] = ['SYNC_UNKNOWN_FIELDS', 'ZOHO_UNKNOWN_FIELD'];

/**
 * Sends together what the sheets' syncs will read first and that no earlier step changes: every
 * module's field metadata and, for each sheet whose pull can be planned, its first page of changes
 * and of deletions (read-ahead.ts). Each push and pull then takes its answers as it asks for them.
 * A push that writes to a module drops what was read of it, so its pull reads it again, after.
 */
function readAhead(api: ZohoApi, sheets: ReadonlyArray<{ sheet: GoogleAppsScript.Spreadsheet.Sheet; stored: StoredSync }>, userId: string, pull: boolean, currencies: CurrencyBook | undefined): void {
  const source = new ZohoRecordSource(api.client);
  const reads: ZohoRequest[] = [];
  for (const module of new Set(sheets.map((s) => s.stored.definition.module))) {
    const read = api.metadata.fieldsRead(module);
    if (read) reads.push(read);
  }
  if (pull) {
    for (const { sheet, stored } of sheets) {
      const plan = firstPullReads(stored.definition, stateStore(sheet, userId).load(), rowCurrencies(api, stored, currencies));
      if (plan) reads.push(...plan.pages.map((p) => source.pageRead(p)), source.deletedRead(stored.definition.module, plan.deletedSince, 1));
    }
  }
  api.client.prefetch(reads);
}

/**
 * A sheet's rows' currencies as its pull will see them, for planning its first reads: undefined in
 * a single-currency org; null in a multi-currency one while the module's fields are not cached
 * (whether the sheet shows amounts is not known without a read).
 */
function rowCurrencies(api: ZohoApi, stored: StoredSync, currencies: CurrencyBook | undefined): RowCurrencies | null | undefined {
  if (!currencies) return undefined;
  const module = stored.definition.module;
  if (api.metadata.fieldsRead(module)) return null;
  const moduleFields = api.metadata.fields(module);
  const byName = new Map(moduleFields.map((f) => [f.api_name, f]));
  return new RowCurrencies(stored.definition.fields.flatMap((name) => byName.get(name) ?? []), currencies, moduleFields);
}

/**
 * Reports progress after every page read, so the sidebar's progress line moves with the records
 * (the pull itself reports only at its checkpoints, thousands of rows apart). A page wider than 50
 * fields takes several requests; only the one carrying Modified_Time (sent once a page) counts.
 */
function countingPages(source: RecordSource, report: (records: number) => void): RecordSource {
  let records = 0;
  return {
    page(request) {
      const page = source.page(request);
      if (request.fields.includes('Modified_Time')) {
        records += page.records.length;
        report(records);
      }
      return page;
    },
    deleted: (module, since, page) => source.deleted(module, since, page),
    ...(source.ids ? { ids: source.ids.bind(source) } : {}),
    ...(source.viewSignature ? { viewSignature: source.viewSignature.bind(source) } : {}),
    ...(source.byIds ? { byIds: source.byIds.bind(source) } : {}),
  };
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
    if (s.conflicts) bits.push(plural(s.conflicts, 'conflict'));
    parts.push(`${s.sheet}: ${bits.join(', ')}`);
  }
  const conflicts = summary.issues.filter((i) => i.kind === 'conflict').length;
  const tail = summary.continuation === 'hour' ? '. Still running: the rest continues within the hour.'
    : summary.continuation === 'next-run' ? '. Not finished: the rest follows with the next scheduled sync, or when you click Sync now.'
      : summary.continuing ? '. Still running: the rest follows in a minute.' : '.';
  const done = `${parts.join('; ')}${conflicts ? ` (${plural(conflicts, 'row')} in conflict)` : ''}${tail}`;
  return refused ? `${refused} ${done}` : done;
}

/** "1 conflict", "2 conflicts". */
function plural(n: number, noun: string): string {
  return `${n.toLocaleString('en-US')} ${noun}${n === 1 ? '' : 's'}`;
}
