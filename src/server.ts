// The entry points Apps Script and google.script.run call. Each is short: build adapters, call
// core, turn errors into UI. Everything exported here becomes a global function in dist/Code.js;
// nothing else does.

import { ConfigError, NotConnectedError, PullStalledError, ReconnectRequiredError, SyncError, userMessageOf } from './core/errors';
import { renderCallbackPage } from './core/html';
import { isUniqueField } from './core/sync/definition';
import { checkClientCredentials } from './core/zoho/credentials';
import { ADDON_TITLE, asMenuAction, asRpc } from './gas/edge';
import { startExecution } from './gas/execution';
import { zohoApi } from './gas/zoho-api';
import {
  accessProblem, beginConnect, CLIENT_ADMINS_PROPERTY, CLIENT_ID_PROPERTY, CLIENT_SECRET_PROPERTY, completeConnect, connectionSummary,
  mayManageClient, readClientConfig, revokeAndForget, storedDataCenter, zohoService,
} from './gas/zoho-auth';
import { resolveRowConflict } from './gas/conflicts';
import { appendRunLog, readProgress, readRunLog } from './gas/run-log';
import { connectedIdentity, type ZohoIdentity } from './gas/identity';
import { bindSheet, listDefinitions, removeDefinition, saveDefinition } from './gas/sync-definitions';
import { describeSummary, syncSpreadsheet, type SyncSummary } from './gas/sync-runner';
import { readSync } from './gas/sync-store';
import {
  clearContinuation, continuationFailures, deleteTriggerById, hasPendingContinuation, installDailyTrigger,
  MAX_CONTINUATION_FAILURES, pendingContinuations, removeSchedule, scheduleContinuation, scheduledHour,
  setDailySchedule, spreadsheetOfTrigger,
} from './gas/triggers';
import type {
  ConnectionState, ConnectStart, FieldSummary, ModuleSummary, RunLogEntry, ScheduleState, SidebarState,
  SyncDefinitionInput, SyncDefinitionView, SyncNowResult, SyncProgress,
} from './shared/rpc';

/** Builds the add-on menu. Runs in every auth mode, including NONE, so it reads no properties. */
export function onOpen(e?: GoogleAppsScript.Events.SheetsOnOpen): void {
  const menu = SpreadsheetApp.getUi()
    .createAddonMenu()
    .addItem('Open sidebar', 'showSidebar')
    .addItem('Sync now', 'syncNowFromMenu')
    .addItem('Push changes', 'pushChangesFromMenu')
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
  // A schedule could only fail from now on; this user's trigger for this document goes too.
  const spreadsheet = SpreadsheetApp.getActive();
  if (spreadsheet) removeSchedule(spreadsheet);
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

/** Push changes: send edited and new rows, pull nothing. */
export function pushChanges(): SyncNowResult {
  return asRpc('pushChanges', () => toResult(syncSpreadsheet(activeSpreadsheet(), 'push', { pull: false })));
}

export function pushChangesFromMenu(): void {
  asMenuAction('pushChanges', () => describeSummary(syncSpreadsheet(activeSpreadsheet(), 'push', { pull: false })));
}

/** The daily refresh. Runs with no active spreadsheet, so it opens the one its trigger was made for. */
export function runScheduledSync(e?: { triggerUid?: string }): void {
  startExecution();
  const spreadsheetId = spreadsheetOfTrigger(e?.triggerUid);
  if (!spreadsheetId) {
    deleteTriggerById(e?.triggerUid);
    return;
  }
  runInBackground(spreadsheetId, 'scheduled');
}

/** The one-off trigger that continues a sync that ran out of time. */
export function continueSync(e?: { triggerUid?: string }): void {
  startExecution();
  deleteTriggerById(e?.triggerUid);
  for (const spreadsheetId of pendingContinuations()) runInBackground(spreadsheetId, 'continue');
}

/**
 * A sync nobody is watching: failures go to the run log the sidebar shows. A user who disconnected
 * or lost access has their schedule removed instead of failing every day.
 */
function runInBackground(spreadsheetId: string, trigger: 'scheduled' | 'continue'): void {
  let spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet;
  try {
    spreadsheet = SpreadsheetApp.openById(spreadsheetId);
  } catch (error) {
    console.error(`${trigger} sync cannot open its spreadsheet: ${error instanceof Error ? error.message : String(error)}`);
    clearContinuation(spreadsheetId);
    return;
  }
  try {
    const summary = syncSpreadsheet(spreadsheet, trigger);
    if (!summary.continuing && scheduledHour(spreadsheetId) !== null) installDailyTrigger(spreadsheet);
  } catch (error) {
    console.error(`${trigger} sync failed: ${error instanceof SyncError ? `${error.code} ${error.message}` : String(error)}`);
    const lostAccess = error instanceof NotConnectedError || error instanceof ReconnectRequiredError;
    if (!lostAccess && trigger === 'continue' && hasPendingContinuation(spreadsheetId)) {
      // The saved cursor is still good: try again in a minute, a few times, then give the slot back.
      // A stalled pull is not retried: Zoho would send the same pages again; the run log says why.
      const failures = continuationFailures(spreadsheetId) + 1;
      if (failures < MAX_CONTINUATION_FAILURES && !(error instanceof PullStalledError)) {
        scheduleContinuation(spreadsheet, failures);
        return;
      }
      clearContinuation(spreadsheetId);
      if (scheduledHour(spreadsheetId) !== null) installDailyTrigger(spreadsheet);
      return;
    }
    if (lostAccess) {
      clearContinuation(spreadsheetId);
      removeSchedule(spreadsheet);
      appendRunLog(spreadsheet, {
        at: new Date().toISOString(), trigger, ok: false, pulled: [], pushed: [], issues: [],
        message: `The daily sync is turned off because the Zoho connection no longer works: ${userMessageOf(error)}`,
      });
    }
  }
}

export function saveSyncDefinition(input: SyncDefinitionInput): SyncDefinitionView {
  return asRpc('saveSyncDefinition', () => {
    const module = String(input?.module ?? '');
    const api = zohoApi();
    return saveDefinition(activeSpreadsheet(), input, api.metadata.fields(module), connectedIdentity(api).org);
  });
}

export function listSyncDefinitions(): SyncDefinitionView[] {
  return asRpc('listSyncDefinitions', () => listDefinitions(activeSpreadsheet(), identityIfConnected()));
}

export function removeSyncDefinition(sheetName: string): SyncDefinitionView[] {
  return asRpc('removeSyncDefinition', () => {
    removeDefinition(activeSpreadsheet(), sheetName);
    return listDefinitions(activeSpreadsheet(), identityIfConnected());
  });
}

/** Keep mine (then push it now) or take Zoho's version of one conflict row. */
export function resolveConflict(sheetName: string, row: number, choice: 'mine' | 'zoho'): SyncNowResult {
  return asRpc('resolveConflict', () => {
    const spreadsheet = activeSpreadsheet();
    const sheet = spreadsheet.getSheetByName(String(sheetName));
    const stored = sheet ? readSync(sheet) : null;
    if (!sheet || !stored) throw new ConfigError('SYNC_NO_SHEET', `There is no synced sheet named "${String(sheetName)}".`);
    const api = zohoApi();
    // Zoho's values in a conflict are the bound org's: never apply them with another org connected.
    const bound = bindSheet(sheet, stored, connectedIdentity(api).org);
    resolveRowConflict(spreadsheet, String(sheetName), Number(row), choice === 'mine' ? 'mine' : 'zoho', api.metadata.fields(bound.definition.module));
    if (choice === 'mine') return toResult(syncSpreadsheet(spreadsheet, 'push', { pull: false }));
    return { message: `Row ${Number(row)} now shows Zoho's version.`, sheets: [], pushed: [], issues: [], continuing: false };
  });
}

export function getSyncProgress(): SyncProgress {
  return asRpc('getSyncProgress', () => readProgress(activeSpreadsheet().getId()));
}

export function getRunLog(): RunLogEntry[] {
  return asRpc('getRunLog', () => readRunLog(activeSpreadsheet()));
}

export function setSchedule(hour: number | null): ScheduleState {
  return asRpc('setSchedule', () => {
    const spreadsheet = activeSpreadsheet();
    const wanted = hour === null || hour === undefined ? null : Number(hour);
    if (wanted !== null && !(Number.isInteger(wanted) && wanted >= 0 && wanted <= 23)) {
      throw new ConfigError('SCHEDULE_HOUR', 'Pick an hour from 0 to 23, or turn the daily sync off.');
    }
    if (wanted !== null) zohoApi();
    setDailySchedule(spreadsheet, wanted);
    return scheduleState(spreadsheet);
  });
}

function scheduleState(spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet): ScheduleState {
  const hour = scheduledHour(spreadsheet.getId());
  return { enabled: hour !== null, hour, timeZone: spreadsheet.getSpreadsheetTimeZone() };
}

/** Selects a row so the user sees it (the links next to errors and conflicts in the sidebar). */
export function selectRow(sheetName: string, row: number): void {
  asRpc('selectRow', () => {
    const sheet = activeSpreadsheet().getSheetByName(String(sheetName));
    if (!sheet) throw new ConfigError('SYNC_NO_SHEET', `There is no sheet named "${String(sheetName)}" any more.`);
    const target = Math.max(1, Math.min(Number(row) || 1, sheet.getMaxRows()));
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
      definitions: listDefinitions(spreadsheet, connection.connected ? identityIfConnected() : null),
      schedule: scheduleState(spreadsheet),
      runs: readRunLog(spreadsheet),
      sheetNames: spreadsheet.getSheets().map((sh) => sh.getName()),
    };
  });
}
