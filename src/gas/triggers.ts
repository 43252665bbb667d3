// Time-driven triggers. An add-on may hold only one time-driven trigger per user per document
// (platform reference §1.2), so the daily refresh and a one-off "continue the sync" share that slot:
// a pending continuation takes it, and the daily trigger is put back when the sync completes.

export const CONTINUE_HANDLER = 'continueSync';
export const DAILY_HANDLER = 'runScheduledSync';
/** Apps Script may start a one-off trigger a little late; a minute is the shortest sensible wait. */
export const CONTINUE_AFTER_MS = 60 * 1000;

const resumeKey = (spreadsheetId: string): string => `zcs.v1.resume.${spreadsheetId}`;

function clockTriggers(spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet): GoogleAppsScript.Script.Trigger[] {
  return ScriptApp.getUserTriggers(spreadsheet).filter((t) => t.getEventType() === ScriptApp.EventType.CLOCK);
}

/** Marks this spreadsheet's sync as unfinished and makes sure a one-off trigger will continue it. */
export function scheduleContinuation(spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet): void {
  PropertiesService.getUserProperties().setProperty(resumeKey(spreadsheet.getId()), String(Date.now()));
  const existing = clockTriggers(spreadsheet);
  if (existing.some((t) => t.getHandlerFunction() === CONTINUE_HANDLER)) return;
  for (const trigger of existing) ScriptApp.deleteTrigger(trigger);
  ScriptApp.newTrigger(CONTINUE_HANDLER).timeBased().after(CONTINUE_AFTER_MS).create();
}

export function hasPendingContinuation(spreadsheetId: string): boolean {
  return PropertiesService.getUserProperties().getProperty(resumeKey(spreadsheetId)) !== null;
}

/** Spreadsheets whose sync this user left unfinished. */
export function pendingContinuations(): string[] {
  const prefix = resumeKey('');
  return PropertiesService.getUserProperties().getKeys().filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length));
}

export function clearContinuation(spreadsheetId: string): void {
  PropertiesService.getUserProperties().deleteProperty(resumeKey(spreadsheetId));
}

/** Removes a fired one-off trigger (Apps Script keeps it listed otherwise). */
export function deleteTriggerById(uid: string | undefined): void {
  if (!uid) return;
  for (const trigger of ScriptApp.getProjectTriggers()) {
    if (trigger.getUniqueId() === uid) ScriptApp.deleteTrigger(trigger);
  }
}
