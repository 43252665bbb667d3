// The entry points Apps Script and google.script.run call. Each is short: build adapters, call
// core, turn errors into UI. Everything exported here becomes a global function in dist/Code.js;
// nothing else does.

import { ConfigError, SyncError } from './core/errors';
import { renderCallbackPage } from './core/html';
import { checkClientCredentials } from './core/zoho/credentials';
import { ADDON_TITLE, asMenuAction, asRpc } from './gas/edge';
import { startExecution } from './gas/execution';
import { zohoApi } from './gas/zoho-api';
import {
  accessProblem, beginConnect, CLIENT_ID_PROPERTY, CLIENT_SECRET_PROPERTY, completeConnect, connectionSummary,
  readClientConfig, revokeAndForget, storedDataCenter, zohoService,
} from './gas/zoho-auth';
import { listDefinitions, removeDefinition, saveDefinition } from './gas/sync-definitions';
import { describeSummary, syncSpreadsheet } from './gas/sync-runner';
import { deleteTriggerById, pendingContinuations } from './gas/triggers';
import type {
  ConnectionState, ConnectStart, FieldSummary, ModuleSummary, SyncDefinitionInput, SyncDefinitionView, SyncNowResult,
} from './shared/rpc';

/** Builds the add-on menu. Runs in every auth mode, including NONE, so it reads no properties. */
export function onOpen(_e?: GoogleAppsScript.Events.SheetsOnOpen): void {
  SpreadsheetApp.getUi()
    .createAddonMenu()
    .addItem('Open sidebar', 'showSidebar')
    .addItem('Sync now', 'syncNowFromMenu')
    .addSeparator()
    .addItem('Disconnect', 'disconnectFromMenu')
    .addToUi();
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

export function startConnect(): ConnectStart {
  return asRpc('startConnect', () => ({ authorizationUrl: beginConnect() }));
}

function disconnectMessage(): string {
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
 * Setup: stores the Zoho client id and secret in Script Properties, once. Later changes go through
 * Project Settings > Script properties, so one user of the add-on cannot replace another's client.
 */
export function saveZohoClient(clientId: string, clientSecret: string): ConnectionState {
  asRpc('saveZohoClient', () => {
    if (readClientConfig()) {
      throw new ConfigError('ZOHO_CLIENT_ALREADY_SET', `The Zoho client is already set up. To change it, edit ${CLIENT_ID_PROPERTY} and ${CLIENT_SECRET_PROPERTY} under Project Settings > Script properties in the Apps Script editor.`);
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
  })));
}

function activeSpreadsheet(): GoogleAppsScript.Spreadsheet.Spreadsheet {
  const spreadsheet = SpreadsheetApp.getActive();
  if (!spreadsheet) throw new ConfigError('NO_SPREADSHEET', 'Open the spreadsheet to sync, then use the add-on from its menu.');
  return spreadsheet;
}

function runSync(spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet): SyncNowResult {
  const summary = syncSpreadsheet(spreadsheet);
  return {
    message: describeSummary(summary),
    continuing: summary.continuing,
    sheets: summary.sheets.map((s) => ({ sheet: s.sheet, module: s.module, ...s.counts, warnings: s.warnings })),
  };
}

export function syncNow(): SyncNowResult {
  return asRpc('syncNow', () => runSync(activeSpreadsheet()));
}

export function syncNowFromMenu(): void {
  asMenuAction('syncNow', () => runSync(activeSpreadsheet()).message);
}

/** The one-off trigger that continues a sync that ran out of time. Runs with no active spreadsheet. */
export function continueSync(e?: { triggerUid?: string }): void {
  startExecution();
  deleteTriggerById(e?.triggerUid);
  for (const spreadsheetId of pendingContinuations()) {
    try {
      runSync(SpreadsheetApp.openById(spreadsheetId));
    } catch (error) {
      // TODO(#7): record the failure in the run log the sidebar shows.
      console.error(`continueSync failed: ${error instanceof SyncError ? `${error.code} ${error.message}` : String(error)}`);
    }
  }
}

export function saveSyncDefinition(input: SyncDefinitionInput): SyncDefinitionView {
  return asRpc('saveSyncDefinition', () => {
    const module = String(input?.module ?? '');
    return saveDefinition(activeSpreadsheet(), input, zohoApi().metadata.fields(module));
  });
}

export function listSyncDefinitions(): SyncDefinitionView[] {
  return asRpc('listSyncDefinitions', () => listDefinitions(activeSpreadsheet()));
}

export function removeSyncDefinition(sheetName: string): SyncDefinitionView[] {
  return asRpc('removeSyncDefinition', () => {
    removeDefinition(activeSpreadsheet(), sheetName);
    return listDefinitions(activeSpreadsheet());
  });
}
