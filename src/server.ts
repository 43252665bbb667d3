// The entry points Apps Script and google.script.run call. Each is short: build adapters, call
// core, turn errors into UI. Everything exported here becomes a global function in dist/Code.js;
// nothing else does.

const SIDEBAR_TITLE = 'Zoho CRM Sync';

/** Builds the add-on menu. Runs in every auth mode, including NONE, so it reads no properties. */
export function onOpen(_e?: GoogleAppsScript.Events.SheetsOnOpen): void {
  SpreadsheetApp.getUi()
    .createAddonMenu()
    .addItem('Open sidebar', 'showSidebar')
    .addItem('Sync now', 'syncNow')
    .addItem('Push changes', 'pushChanges')
    .addSeparator()
    .addItem('Disconnect', 'disconnect')
    .addToUi();
}

/** Installing from the Marketplace opens no document event, so build the menu at once. */
export function onInstall(e?: GoogleAppsScript.Events.AddonOnInstall): void {
  onOpen(e as unknown as GoogleAppsScript.Events.SheetsOnOpen);
}

export function showSidebar(): void {
  const html = HtmlService.createHtmlOutputFromFile('Sidebar').setTitle(SIDEBAR_TITLE);
  SpreadsheetApp.getUi().showSidebar(html);
}
