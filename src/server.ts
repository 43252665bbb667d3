// The entry points Apps Script and google.script.run call. Each is short: build adapters, call
// core, turn errors into UI. Everything exported here becomes a global function in dist/Code.js;
// nothing else does.

import { ConfigError, NotConnectedError, PullStalledError, ReconnectRequiredError, SyncError, userMessageOf } from './core/errors';
import { renderCallbackPage } from './core/html';
import { scheduleOrgProblem } from './core/sync/binding';
import { scheduleChangedProblem } from './core/sync/schedule-seen';
import { isUniqueField } from './core/sync/definition';
import { checkClientCredentials } from './core/zoho/credentials';
import { ADDON_TITLE, asMenuAction, asRpc } from './gas/edge';
import { startExecution } from './gas/execution';
import { zohoApi } from './gas/zoho-api';
import {
  accessProblem, beginConnect, CLIENT_ADMINS_PROPERTY, CLIENT_ID_PROPERTY, CLIENT_SECRET_PROPERTY, completeConnect, connectionSummary,
  mayManageClient, readClientConfig, refusedConnection, revokeAndForget, storedDataCenter, zohoService,
} from './gas/zoho-auth';
import { currentIssues, findRecordRow, keepMine, recordOnRow, restoreFromZoho, syncedSheet } from './gas/conflicts';
import { actOnDeletedRow } from './gas/deleted-rows';
import { appendRunLog, readProgress, readRunLog } from './gas/run-log';
import { connectedIdentity, currenciesOf, type ZohoIdentity } from './gas/identity';
import { withOrgCurrency } from './core/cells/record-codec';
import { mailRunProblem } from './gas/failure-mail';
import { plainError } from './gas/platform-errors';
import {
  forgetOwnSchedule, ownSchedule, readScheduleRecord, restoreSchedule, saveSchedule, scheduleState, stopAllOwnSchedules, stopOwnSchedule,
} from './gas/schedule';
import { bindSheet, listDefinitions, removeDefinition, saveDefinition } from './gas/sync-definitions';
import { checkFilterFor, filterOptions, viewProblem } from './gas/filter-options';
import { normalizeFilter } from './core/sync/filter-rules';
import { runningSync } from './gas/sync-lease';
import { describeSummary, syncSpreadsheet, whoRuns, withSyncLock, type SyncSummary } from './gas/sync-runner';
import { readSync, syncedSheets } from './gas/sync-store';
import type { ZohoField } from './core/zoho/wire';
import { ZohoRecordWriter } from './core/zoho/records';
import {
  clearContinuation, continuationFailures, deleteTriggerById, hasPendingContinuation, MAX_CONTINUATION_FAILURES,
  pendingContinuations, removeTriggersOf, scheduleContinuation, spreadsheetOfTrigger,
} from './gas/triggers';
import type {
  ConnectionState, ConnectStart, FieldSummary, FilterCheck, FilterOptions, ModuleSummary, RowIssue, RunLogEntry, ScheduleInput, ScheduleSeen, ScheduleState, SheetFilter, SidebarState,
  SyncDefinitionInput, SyncDefinitionView, SyncNowResult, SyncProgress,
} from './shared/rpc';

/** Builds the add-on menu. Runs in every auth mode, including NONE, so it reads no properties. */
export function onOpen(e?: GoogleAppsScript.Events.SheetsOnOpen): void {
  const menu = SpreadsheetApp.getUi()
    .createAddonMenu()
    .addItem('Open sidebar', 'showSidebar')
    .addItem('Sync now', 'syncNowFromMenu')
    .addItem('Push changes', 'pushChangesFromMenu')
    .addItem('Restore selected row from Zoho', 'restoreSelectedRowFromMenu')
    .addSeparator()
    .addItem('Disconnect', 'disconnectFromMenu');
  // In AuthMode.NONE nothing may read properties, so Setup is offered only where it can be checked.
  if (e && e.authMode !== ScriptApp.AuthMode.NONE && !readClientConfig()) menu.addItem('Set up Zoho client', 'showSidebar');
  menu.addToUi();
}

/** Installing from the Marketplace opens no document event, so build the menu at once. */
export function onInstall(e?: GoogleAppsScript.Events.AddonOnInstall): void {
  onOpen(e as unknown as GoogleAppsScript.Events.SheetsOnOpen);
}

export function showSidebar(): void {
  startExecution();
  const html = HtmlService.createHtmlOutputFromFile('Sidebar').setTitle(ADDON_TITLE);
  SpreadsheetApp.getUi().showSidebar(html);
}

/** Zoho's redirect lands here (through Apps Script's /usercallback, which has checked the state). */
export function authCallback(request: { parameter: Record<string, string | undefined> }): GoogleAppsScript.HTML.HtmlOutput {
  startExecution();
  let outcome;
  try {
    outcome = completeConnect(request);
  } catch (error) {
    console.error(`authCallback failed: ${error instanceof SyncError ? error.code : ''} ${error instanceof Error ? error.message : String(error)}`);
    outcome = { ok: false, title: 'Not connected to Zoho CRM', message: error instanceof SyncError ? error.userMessage : 'Something went wrong. Go back to the spreadsheet and click Connect again.' };
  }
  return HtmlService.createHtmlOutput(renderCallbackPage(outcome)).setTitle(outcome.title);
}

export function getConnectionState(): ConnectionState {
  return asRpc('getConnectionState', () => {
    const state: ConnectionState = { ...connectionSummary(), connected: false, dataCenter: null, account: null, problem: null };
    if (!state.configured) return state;
    const service = zohoService();
    if (!service.getToken()) return state;
    state.dataCenter = storedDataCenter(service);
    if (!service.hasAccess()) return { ...state, problem: accessProblem(service).userMessage };
    const refused = refusedConnection(service);
    if (refused) return { ...state, problem: refused };
    try {
      const user = zohoApi().metadata.currentUser();
      state.account = user ? { email: user.email, name: user.full_name ?? user.email } : null;
      state.connected = true;
    } catch (error) {
      if (!(error instanceof SyncError)) throw error;
      state.problem = error.userMessage;
    }
    return state;
  });
}

export function startConnect(region?: 'cn'): ConnectStart {
  return asRpc('startConnect', () => ({ authorizationUrl: beginConnect(region === 'cn' ? 'cn' : null) }));
}

function disconnectMessage(): string {
  // Every schedule and continuation of this user could only fail from now on: their triggers go,
  // in every spreadsheet, and each schedule's record says why it stopped, for the team to see.
  stopAllOwnSchedules(`${whoRuns()} disconnected from Zoho CRM`);
  return revokeAndForget()
    ? 'Disconnected from Zoho CRM.'
    : 'Disconnected here. Zoho could not confirm the revocation; you can also remove "Zoho CRM Sync" under Connected Apps at accounts.zoho.com.';
}

/** Sidebar button: revoke at Zoho, forget locally (cached metadata goes with the connection id). */
export function disconnect(): ConnectionState {
  asRpc('disconnect', disconnectMessage);
  return { ...connectionSummary(), connected: false, dataCenter: null, account: null, problem: null };
}

export function disconnectFromMenu(): void {
  asMenuAction('disconnect', disconnectMessage);
}

/**
 * Setup: stores the Zoho client id and secret that every user of this deployment shares, in Script
 * Properties. Only a Google account listed in the Script Property ZCS_ADMIN_EMAILS may set or replace
 * them: only editors of the Apps Script project can write that list, and a user who merely opened
 * the add-on cannot, so they cannot point everyone's sign-in at a client of their own.
 */
export function saveZohoClient(clientId: string, clientSecret: string): ConnectionState {
  asRpc('saveZohoClient', () => {
    if (!mayManageClient()) {
      throw new ConfigError('ZOHO_CLIENT_NOT_ADMIN', readClientConfig()
        ? `Only the add-on's administrators can change the Zoho client. The person who deployed it can add your Google account to ${CLIENT_ADMINS_PROPERTY}, or edit ${CLIENT_ID_PROPERTY} and ${CLIENT_SECRET_PROPERTY}, under Project Settings > Script properties in the Apps Script editor.`
        : `Only the add-on's administrators can set up the Zoho client. The person who deployed it adds their Google account to ${CLIENT_ADMINS_PROPERTY} (or sets ${CLIENT_ID_PROPERTY} and ${CLIENT_SECRET_PROPERTY}) under Project Settings > Script properties in the Apps Script editor.`);
    }
    const checked = checkClientCredentials(clientId, clientSecret);
    PropertiesService.getScriptProperties().setProperties({
      [CLIENT_ID_PROPERTY]: checked.clientId,
      [CLIENT_SECRET_PROPERTY]: checked.clientSecret,
    });
  });
  return getConnectionState();
}

export function listModules(): ModuleSummary[] {
  return asRpc('listModules', () => zohoApi().metadata.modules().map((m) => ({ apiName: m.api_name, label: m.plural_label })));
}

export function listFields(module: string): FieldSummary[] {
  return asRpc('listFields', () => zohoApi().metadata.fields(String(module)).map((f) => ({
    apiName: f.api_name,
    label: f.field_label,
    dataType: f.data_type,
    readOnly: Boolean(f.read_only || f.field_read_only || f.data_type === 'formula' || f.data_type === 'autonumber'),
    mandatory: Boolean(f.system_mandatory),
    unique: isUniqueField(f),
  })));
}

/** The connected user's org and id, or null when there is no usable connection (the sidebar still lists sheets). */
function identityIfConnected(): ZohoIdentity | null {
  try {
    return connectedIdentity(zohoApi());
  } catch (error) {
    if (error instanceof SyncError) return null;
    throw error;
  }
}

/** A module's fields (cached metadata) for a filter's words; none when Zoho cannot be asked (the words then use api names). */
function fieldsIfConnected(module: string): ZohoField[] {
  try {
    return zohoApi().metadata.fields(module);
  } catch (error) {
    if (error instanceof SyncError) return [];
    throw error;
  }
}

function activeSpreadsheet(): GoogleAppsScript.Spreadsheet.Spreadsheet {
  const spreadsheet = SpreadsheetApp.getActive();
  if (!spreadsheet) throw new ConfigError('NO_SPREADSHEET', 'Open the spreadsheet to sync, then use the add-on from its menu.');
  return spreadsheet;
}

function toResult(summary: SyncSummary): SyncNowResult {
  return {
    message: describeSummary(summary),
    continuing: summary.continuing,
    sheets: summary.pulled,
    pushed: summary.pushed,
    issues: summary.issues,
    refused: summary.refused,
  };
}

/** Sync now: push edited and new rows, then pull every synced sheet. */
export function syncNow(): SyncNowResult {
  return asRpc('syncNow', () => toResult(syncSpreadsheet(activeSpreadsheet(), 'manual')));
}

export function syncNowFromMenu(): void {
  asMenuAction('syncNow', () => describeSummary(syncSpreadsheet(activeSpreadsheet(), 'manual')));
}

/**
 * Sync this sheet: push then pull one synced sheet, under the same lease, org binding and tab checks
 * as Sync now (syncSpreadsheet); the other sheets are left alone.
 */
export function syncSheet(sheetName: string): SyncNowResult {
  return asRpc('syncSheet', () => {
    const spreadsheet = activeSpreadsheet();
    const name = String(sheetName ?? '');
    if (!readSyncedSheet(spreadsheet, name)) throw new ConfigError('SYNC_NO_SHEET', `Sheet "${name}" is not synced with Zoho. Set it up in the sidebar first.`);
    return toResult(syncSpreadsheet(spreadsheet, 'manual', { pull: true, sheet: name }));
  });
}

function readSyncedSheet(spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet, name: string): boolean {
  const sheet = spreadsheet.getSheetByName(name);
  return Boolean(sheet && readSync(sheet));
}

/** Custom views, fields with their operators, and the connected user, for the filter editor. */
export function listFilterOptions(module: string): FilterOptions {
  return asRpc('listFilterOptions', () => {
    const api = zohoApi();
    return filterOptions(api, String(module), { id: connectedIdentity(api).userId });
  });
}

/** Whether Zoho can express a filter (the editor refuses to save while `problem` is set), and its words. */
export function checkFilter(module: string, filter: SheetFilter | null): FilterCheck {
  return asRpc('checkFilter', () => checkFilterFor(zohoApi(), String(module), filter ?? null));
}

/** Push changes: send edited and new rows, pull nothing. */
export function pushChanges(): SyncNowResult {
  return asRpc('pushChanges', () => toResult(syncSpreadsheet(activeSpreadsheet(), 'push', { pull: false })));
}

export function pushChangesFromMenu(): void {
  asMenuAction('pushChanges', () => describeSummary(syncSpreadsheet(activeSpreadsheet(), 'push', { pull: false })));
}

/** A scheduled run. Runs with no active spreadsheet, so it opens the one its trigger was made for. */
export function runScheduledSync(e?: { triggerUid?: string }): void {
  startExecution();
  const spreadsheetId = spreadsheetOfTrigger(e?.triggerUid);
  if (!spreadsheetId) {
    deleteTriggerById(e?.triggerUid);
    return;
  }
  runInBackground(spreadsheetId, 'scheduled', e?.triggerUid);
}

/** The trigger that continues a sync that ran out of time (a one-off, or hourly when that was refused). */
export function continueSync(e?: { triggerUid?: string }): void {
  startExecution();
  deleteTriggerById(e?.triggerUid);
  for (const spreadsheetId of pendingContinuations()) runInBackground(spreadsheetId, 'continue');
}

function isBusy(error: unknown): boolean {
  return error instanceof SyncError && error.code === 'SYNC_BUSY';
}

/**
 * A sync nobody is watching: failures go to the run log the sidebar shows, and by email to a
 * schedule owner who asked for it. A user who disconnected or lost access has their schedule
 * stopped instead of failing every time; a schedule taken over by a teammate retires.
 */
function runInBackground(spreadsheetId: string, trigger: 'scheduled' | 'continue', triggerUid?: string): void {
  let spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet;
  try {
    spreadsheet = SpreadsheetApp.openById(spreadsheetId);
  } catch (error) {
    // Access to the file is gone (unshared, deleted): nothing of it can run again.
    console.error(`${trigger} sync cannot open its spreadsheet: ${error instanceof Error ? error.message : String(error)}`);
    removeTriggersOf(spreadsheetId);
    forgetOwnSchedule(spreadsheetId);
    return;
  }
  const schedule = ownSchedule(spreadsheet, whoRuns);
  if (trigger === 'scheduled' && !schedule) {
    // Turned off or taken over by a teammate, who could not delete this user's trigger.
    console.log(`scheduled sync of ${spreadsheetId} retired: the spreadsheet's schedule is no longer this user's`);
    deleteTriggerById(triggerUid);
    forgetOwnSchedule(spreadsheetId);
    return;
  }
  try {
    syncSpreadsheet(spreadsheet, trigger);
  } catch (thrown) {
    const error = plainError(thrown);
    console.error(`${trigger} sync failed: ${error instanceof SyncError ? `${error.code} ${error.message}` : String(error)}`);
    if (isBusy(error)) {
      // Another sync of this spreadsheet is running: a continuation tries again later; a scheduled
      // run simply skips this turn (the running sync does the same work).
      if (trigger === 'continue' && hasPendingContinuation(spreadsheetId)) scheduleContinuation(spreadsheet, continuationFailures(spreadsheetId));
      return;
    }
    const lostAccess = error instanceof NotConnectedError || error instanceof ReconnectRequiredError;
    if (!lostAccess && trigger === 'continue' && hasPendingContinuation(spreadsheetId)) {
      // The saved cursor is still good: try again, a few times, then give the slot back.
      // A stalled pull is not retried: Zoho would send the same pages again; the run log says why.
      const failures = continuationFailures(spreadsheetId) + 1;
      if (failures < MAX_CONTINUATION_FAILURES && !(error instanceof PullStalledError)) {
        scheduleContinuation(spreadsheet, failures);
        return;
      }
      clearContinuation(spreadsheetId);
      restoreSchedule(spreadsheet, whoRuns);
    }
    if (lostAccess) {
      clearContinuation(spreadsheetId);
      if (schedule) {
        stopOwnSchedule(spreadsheet, `${schedule.owner}'s Zoho connection stopped working`);
        appendRunLog(spreadsheet, {
          at: new Date().toISOString(), trigger, ok: false, status: 'failed', pulled: [], pushed: [], issues: [],
          message: `The schedule is turned off because ${schedule.owner}'s Zoho connection no longer works: ${userMessageOf(error)} Whoever takes it over in the sidebar restarts it with their own connection.`,
        });
      } else {
        removeTriggersOf(spreadsheet);
      }
    }
  } finally {
    const latest = readRunLog(spreadsheet)[0];
    if (schedule && latest && (latest.trigger === 'scheduled' || latest.trigger === 'continue')) mailRunProblem(spreadsheet, latest, readScheduleRecord(spreadsheet)?.owner ?? schedule.owner);
  }
}

export function saveSyncDefinition(input: SyncDefinitionInput): SyncDefinitionView {
  return asRpc('saveSyncDefinition', () => {
    const module = String(input?.module ?? '');
    const api = zohoApi();
    // A view that holds each person's own records is refused here too, not only in the editor.
    const viewRefusal = viewProblem(api, module, normalizeFilter(input?.filter ?? null));
    if (viewRefusal) throw new ConfigError('SYNC_FILTER', viewRefusal);
    const spreadsheet = activeSpreadsheet();
    const fields = api.metadata.fields(module);
    const org = connectedIdentity(api).org;
    // Not while a sync runs: it keeps the sheet's definition as it read it and saves its state beside it.
    return withSyncLock(spreadsheet, () => saveDefinition(spreadsheet, input, fields, org));
  });
}

export function listSyncDefinitions(): SyncDefinitionView[] {
  return asRpc('listSyncDefinitions', () => listDefinitions(activeSpreadsheet(), identityIfConnected(), fieldsIfConnected));
}

export function removeSyncDefinition(sheetName: string, basedOn?: string): SyncDefinitionView[] {
  return asRpc('removeSyncDefinition', () => {
    withSyncLock(activeSpreadsheet(), () => removeDefinition(activeSpreadsheet(), sheetName, typeof basedOn === 'string' ? basedOn : undefined));
    return listDefinitions(activeSpreadsheet(), identityIfConnected(), fieldsIfConnected);
  });
}

/**
 * Keep mine (then push that record alone, now) or take Zoho's version of one conflict, found by its
 * record id where it is now.
 */
export function resolveConflict(sheetName: string, recordId: string, choice: 'mine' | 'zoho'): SyncNowResult {
  return asRpc('resolveConflict', () => {
    // Only while the row is still in conflict: a teammate's sidebar may have resolved it already.
    if (choice !== 'mine') return restoreRecord(String(sheetName), String(recordId), 'now shows Zoho\'s version', true);
    const spreadsheet = activeSpreadsheet();
    const fields = boundFields(spreadsheet, String(sheetName));
    withSyncLock(spreadsheet, () => keepMine(spreadsheet, String(sheetName), String(recordId), fields));
    return toResult(syncSpreadsheet(spreadsheet, 'push', { pull: false, only: { sheet: String(sheetName), recordIds: [String(recordId)] } }));
  });
}

/** Restore from Zoho: any synced row (by record id) takes Zoho's current values back. */
export function restoreRow(sheetName: string, recordId: string): SyncNowResult {
  return asRpc('restoreRow', () => restoreRecord(String(sheetName), String(recordId), 'was restored from Zoho'));
}

/** Restore from Zoho for the row of the selected cell. */
export function restoreSelectedRow(): SyncNowResult {
  return asRpc('restoreSelectedRow', restoreSelected);
}

export function restoreSelectedRowFromMenu(): void {
  asMenuAction('restoreSelectedRow', () => restoreSelected().message);
}

function restoreSelected(): SyncNowResult {
  const spreadsheet = activeSpreadsheet();
  const range = spreadsheet.getActiveRange();
  if (!range) throw new ConfigError('SYNC_NO_SELECTION', 'Select a cell in the row to restore, then try again.');
  const sheetName = range.getSheet().getName();
  const fields = boundFields(spreadsheet, sheetName);
  return restoreRecord(sheetName, recordOnRow(spreadsheet, sheetName, range.getRow(), fields), 'was restored from Zoho');
}

function restoreRecord(sheetName: string, recordId: string, done: string, onlyConflict = false): SyncNowResult {
  const spreadsheet = activeSpreadsheet();
  const fields = boundFields(spreadsheet, sheetName);
  const api = zohoApi();
  const writer = new ZohoRecordWriter(api.client);
  const row = withSyncLock(spreadsheet, () => restoreFromZoho(spreadsheet, sheetName, recordId, fields, writer, currenciesOf(api, connectedIdentity(api)), onlyConflict));
  return { message: `Row ${row} ${done}.`, sheets: [], pushed: [], issues: [], continuing: false };
}

/** The module's fields of a synced sheet, once the sheet is known to be the connected org's. @throws SyncError */
function boundFields(spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet, sheetName: string): ZohoField[] {
  const { sheet } = syncedSheet(spreadsheet, sheetName);
  const stored = readSync(sheet)!;
  const api = zohoApi();
  // Zoho's values are the bound org's: never read or apply them with another org connected.
  const identity = connectedIdentity(api);
  const bound = bindSheet(sheet, stored, identity.org);
  // Amounts in the org's currency, as a sync formats them (a restored row's cells get these formats).
  return withOrgCurrency(api.metadata.fields(bound.definition.module), identity.currencySymbol);
}

/** The issues the sidebar shows, each row once, numbered as it is now (after sorts and syncs). */
export function refreshIssues(issues: RowIssue[]): RowIssue[] {
  return asRpc('refreshIssues', () => currentIssues(activeSpreadsheet(), Array.isArray(issues) ? issues : []));
}

/** Sends a row kept after Zoho deleted its record as a new record, now. */
export function recreateRow(sheetName: string, recordId: string): SyncNowResult {
  return asRpc('recreateRow', () => {
    const spreadsheet = activeSpreadsheet();
    const fields = boundFields(spreadsheet, String(sheetName));
    withSyncLock(spreadsheet, () => actOnDeletedRow(spreadsheet, String(sheetName), String(recordId), 'recreate', fields));
    return toResult(syncSpreadsheet(spreadsheet, 'push', { pull: false }));
  });
}

/** Deletes a row kept after Zoho deleted its record, with its edits. */
export function discardRow(sheetName: string, recordId: string): SyncNowResult {
  return asRpc('discardRow', () => {
    const spreadsheet = activeSpreadsheet();
    const fields = boundFields(spreadsheet, String(sheetName));
    const row = withSyncLock(spreadsheet, () => actOnDeletedRow(spreadsheet, String(sheetName), String(recordId), 'discard', fields));
    return { message: `Row ${row} was deleted.`, sheets: [], pushed: [], issues: [], continuing: false };
  });
}

/** This user's sync's progress; else a sync run by a teammate or a schedule, from the lease. */
export function getSyncProgress(): SyncProgress {
  return asRpc('getSyncProgress', () => {
    const spreadsheet = activeSpreadsheet();
    const own = readProgress(spreadsheet.getId());
    if (own.running) return own;
    const other = runningSync(spreadsheet);
    if (!other) return own;
    const at = Utilities.formatDate(new Date(other.since), spreadsheet.getSpreadsheetTimeZone(), 'HH:mm');
    const what = other.trigger === 'scheduled' ? 'The scheduled sync' : other.trigger === 'continue' ? 'A continuing sync' : 'A sync';
    return { running: true, by: other.by, message: `${what} started by ${other.by} at ${at} is running.`, records: 0 };
  });
}

export function getRunLog(): RunLogEntry[] {
  return asRpc('getRunLog', () => runLogNow(activeSpreadsheet()));
}

/**
 * Turns the schedule on, changes it or turns it off (null). A bare hour (0-23) is the older
 * daily-only form. The schedule runs as the caller's Zoho account, which the team sees.
 */
export function setSchedule(input: ScheduleInput | number | null): ScheduleState {
  return asRpc('setSchedule', () => {
    const spreadsheet = activeSpreadsheet();
    const wanted: ScheduleInput = input === null || input === undefined ? { frequency: null }
      : typeof input === 'object' ? input : { frequency: { kind: 'daily', hour: Number(input) } };
    const owner = wanted.frequency ? scheduleOwner(spreadsheet) : whoRuns();
    saveSchedule(spreadsheet, wanted, owner);
    return scheduleState(spreadsheet);
  });
}

/** A second editor makes the spreadsheet's schedule theirs; the previous owner's trigger retires. */
export function takeOverSchedule(seen?: ScheduleSeen): ScheduleState {
  return asRpc('takeOverSchedule', () => {
    const spreadsheet = activeSpreadsheet();
    const record = readScheduleRecord(spreadsheet);
    if (!record) throw new ConfigError('SCHEDULE_NONE', 'This spreadsheet has no schedule to take over. Pick how often to sync instead.');
    // A teammate may have changed or restarted it since the sidebar showed it.
    const changed = seen && typeof seen === 'object'
      ? scheduleChangedProblem({ owner: record.owner, frequency: record.frequency, stopped: Boolean(record.stopped) }, seen) : null;
    if (changed) throw new ConfigError('SCHEDULE_CHANGED', changed);
    saveSchedule(spreadsheet, { frequency: record.frequency, emailOnFailure: false }, scheduleOwner(spreadsheet), true);
    return scheduleState(spreadsheet);
  });
}

/**
 * The connected user's Zoho account, as the owner of a schedule they start or take over; refused
 * when their org is not the synced sheets' (each run would refuse every sheet). @throws SyncError
 */
function scheduleOwner(spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet): string {
  const identity = connectedIdentity(zohoApi());
  const sheets = syncedSheets(spreadsheet).map(({ sheet, stored }) => ({ name: sheet.getName(), ...(stored.definition.org ? { org: stored.definition.org } : {}) }));
  const problem = scheduleOrgProblem(sheets, identity.org);
  if (problem) throw new ConfigError('SCHEDULE_OTHER_ORG', problem);
  return identity.userEmail;
}

/** The run log with its issues' rows as they are now. */
function runLogNow(spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet): RunLogEntry[] {
  return readRunLog(spreadsheet).map((run) => (run.issues.length ? { ...run, issues: currentIssues(spreadsheet, run.issues) } : run));
}

/**
 * Selects a row so the user sees it (the links next to errors and conflicts in the sidebar): the
 * row of `recordId` where it is now, or row `row` for a row without one.
 */
export function selectRow(sheetName: string, row: number, recordId?: string): void {
  asRpc('selectRow', () => {
    const spreadsheet = activeSpreadsheet();
    const sheet = spreadsheet.getSheetByName(String(sheetName));
    if (!sheet) throw new ConfigError('SYNC_NO_SHEET', `There is no sheet named "${String(sheetName)}" any more.`);
    const found = recordId ? findRecordRow(spreadsheet, String(sheetName), String(recordId)) : null;
    if (recordId && found === null) throw new ConfigError('SYNC_ROW_GONE', `Zoho record ${String(recordId)} is no longer on a row of "${String(sheetName)}".`);
    const target = Math.max(1, Math.min(found ?? (Number(row) || 1), sheet.getMaxRows()));
    sheet.activate();
    sheet.getRange(target, 1, 1, Math.max(1, sheet.getLastColumn())).activate();
  });
}

/** Everything the sidebar shows when it opens, in one round trip. */
export function getSidebarState(): SidebarState {
  const connection = getConnectionState();
  return asRpc('getSidebarState', () => {
    const spreadsheet = activeSpreadsheet();
    return {
      connection,
      definitions: listDefinitions(spreadsheet, connection.connected ? identityIfConnected() : null, connection.connected ? fieldsIfConnected : undefined),
      schedule: scheduleState(spreadsheet),
      runs: runLogNow(spreadsheet),
      running: runningSync(spreadsheet),
      sheetNames: spreadsheet.getSheets().map((sh) => sh.getName()),
    };
  });
}
