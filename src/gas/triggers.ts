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

/** A continuation that keeps failing is given up after this many tries, and the daily trigger comes back. */
export const MAX_CONTINUATION_FAILURES = 3;

/** How many continuations of this spreadsheet's sync failed in a row. */
export function continuationFailures(spreadsheetId: string): number {
  const raw = PropertiesService.getUserProperties().getProperty(resumeKey(spreadsheetId));
  const failures = raw === null ? 0 : Number(raw.split(':')[1] ?? 0);
  return Number.isFinite(failures) ? failures : 0;
}

/**
 * Marks this spreadsheet's sync as unfinished and makes sure a one-off trigger will continue it.
 * `failures` counts continuations that failed in a row, so a sync that keeps failing stops retrying.
 */
export function scheduleContinuation(spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet, failures = 0): void {
  PropertiesService.getUserProperties().setProperty(resumeKey(spreadsheet.getId()), `${Date.now()}:${failures}`);
  const existing = clockTriggers(spreadsheet);
  if (existing.some((t) => t.getHandlerFunction() === CONTINUE_HANDLER)) return;
  for (const trigger of existing) ScriptApp.deleteTrigger(trigger);
  const trigger = ScriptApp.newTrigger(CONTINUE_HANDLER).timeBased().after(CONTINUE_AFTER_MS).create();
  PropertiesService.getUserProperties().setProperty(triggerKey(trigger.getUniqueId()), spreadsheet.getId());
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

/** Removes a fired one-off trigger (Apps Script keeps it listed otherwise) and its note. */
export function deleteTriggerById(uid: string | undefined): void {
  if (!uid) return;
  PropertiesService.getUserProperties().deleteProperty(triggerKey(uid));
  for (const trigger of ScriptApp.getProjectTriggers()) {
    if (trigger.getUniqueId() === uid) ScriptApp.deleteTrigger(trigger);
  }
}

const scheduleKey = (spreadsheetId: string): string => `zcs.v1.schedule.${spreadsheetId}`;
const triggerKey = (uid: string): string => `zcs.v1.trigger.${uid}`;

/** The daily hour this user chose for this spreadsheet, or null. */
export function scheduledHour(spreadsheetId: string): number | null {
  const raw = PropertiesService.getUserProperties().getProperty(scheduleKey(spreadsheetId));
  const hour = raw === null ? NaN : Number(raw);
  return Number.isInteger(hour) && hour >= 0 && hour <= 23 ? hour : null;
}

/** The spreadsheet a daily trigger refreshes (a time-driven run has no active spreadsheet). */
export function spreadsheetOfTrigger(uid: string | undefined): string | null {
  return uid ? PropertiesService.getUserProperties().getProperty(triggerKey(uid)) : null;
}

function deleteClockTriggers(spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet, handler?: string): void {
  const props = PropertiesService.getUserProperties();
  for (const trigger of clockTriggers(spreadsheet)) {
    if (handler && trigger.getHandlerFunction() !== handler) continue;
    props.deleteProperty(triggerKey(trigger.getUniqueId()));
    ScriptApp.deleteTrigger(trigger);
  }
}

/** Creates the daily trigger for the stored hour, in the spreadsheet's time zone. */
export function installDailyTrigger(spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet): void {
  const hour = scheduledHour(spreadsheet.getId());
  deleteClockTriggers(spreadsheet, DAILY_HANDLER);
  if (hour === null) return;
  const trigger = ScriptApp.newTrigger(DAILY_HANDLER).timeBased().everyDays(1).atHour(hour)
    .inTimezone(spreadsheet.getSpreadsheetTimeZone()).create();
  PropertiesService.getUserProperties().setProperty(triggerKey(trigger.getUniqueId()), spreadsheet.getId());
}

/**
 * Turns the daily refresh on (hour 0-23) or off (null). While a continuation holds the one
 * time-driven slot, only the setting is stored; the continuation installs the daily trigger when done.
 */
export function setDailySchedule(spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet, hour: number | null): void {
  const props = PropertiesService.getUserProperties();
  if (hour === null) props.deleteProperty(scheduleKey(spreadsheet.getId()));
  else props.setProperty(scheduleKey(spreadsheet.getId()), String(hour));
  if (hasPendingContinuation(spreadsheet.getId()) && clockTriggers(spreadsheet).some((t) => t.getHandlerFunction() === CONTINUE_HANDLER)) return;
  if (hour === null) deleteClockTriggers(spreadsheet);
  else installDailyTrigger(spreadsheet);
}

/** Removes this user's schedule for a spreadsheet they can no longer sync (disconnected, access lost). */
export function removeSchedule(spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet): void {
  PropertiesService.getUserProperties().deleteProperty(scheduleKey(spreadsheet.getId()));
  deleteClockTriggers(spreadsheet);
}
