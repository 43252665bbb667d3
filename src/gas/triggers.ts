// Time-driven triggers, found in every context. An add-on may hold only one time-driven trigger
// per user per document (platform reference §1.2), so the schedule and a one-off "continue the
// sync" share that slot: a pending continuation takes it, and the schedule is put back when the
// sync completes. What the schedule is lives in schedule.ts; this file only makes and finds triggers.
//
// ScriptApp.getUserTriggers(spreadsheet) does not list a trigger made in a run without a document
// (a scheduled or continued run), so every trigger gets a note in user properties (trigger id ->
// spreadsheet, kind) written right after it is made, and triggers are found through
// getProjectTriggers() plus those notes (team-safety.md §5).

import type { ScheduleFrequency } from '../core/sync/schedule';

export const CONTINUE_HANDLER = 'continueSync';
export const SCHEDULE_HANDLER = 'runScheduledSync';
/** Apps Script may start a one-off trigger a little late; a minute is the shortest sensible wait. */
export const CONTINUE_AFTER_MS = 60 * 1000;
/** A continuation that keeps failing is given up after this many tries, and the schedule comes back. */
export const MAX_CONTINUATION_FAILURES = 3;

/**
 * How an unfinished sync goes on: a one-off trigger in a minute; an hourly trigger when Apps
 * Script refuses the one-off (add-on time-driven triggers may run at most once an hour:
 * developers.google.com/apps-script/guides/triggers/installable#time-driven_triggers, and Google
 * does not say whether a one-off counts); or no trigger at all, and the next scheduled run or
 * Sync now carries on from the saved cursor.
 */
export type ContinuationPlan = 'minute' | 'hour' | 'next-run';

type TriggerKind = 'schedule' | 'continue';

interface TriggerNote {
  spreadsheetId: string;
  kind: TriggerKind;
}

interface FoundTrigger {
  trigger: GoogleAppsScript.Script.Trigger;
  kind: TriggerKind;
}

const TRIGGER_PREFIX = 'zcs.v1.trigger.';
const triggerKey = (uid: string): string => `${TRIGGER_PREFIX}${uid}`;
const resumeKey = (spreadsheetId: string): string => `zcs.v1.resume.${spreadsheetId}`;

function kindOfHandler(handler: string): TriggerKind {
  return handler === CONTINUE_HANDLER ? 'continue' : 'schedule';
}

/** A note as stored; older versions stored the spreadsheet id alone. */
function parseNote(raw: string | null | undefined, handler: string): TriggerNote | null {
  if (!raw) return null;
  if (!raw.startsWith('{')) return { spreadsheetId: raw, kind: kindOfHandler(handler) };
  try {
    const note = JSON.parse(raw) as Partial<TriggerNote>;
    return typeof note.spreadsheetId === 'string' ? { spreadsheetId: note.spreadsheetId, kind: note.kind === 'continue' ? 'continue' : 'schedule' } : null;
  } catch {
    return null;
  }
}

/**
 * This user's time-driven triggers of one spreadsheet, in any context. Notes whose trigger is gone
 * (a fired one-off, a trigger deleted elsewhere) are removed on the way.
 */
function triggersOf(spreadsheetId: string, spreadsheet?: GoogleAppsScript.Spreadsheet.Spreadsheet): FoundTrigger[] {
  const props = PropertiesService.getUserProperties();
  const all = props.getProperties();
  const found: FoundTrigger[] = [];
  const live = new Set<string>();
  for (const trigger of ScriptApp.getProjectTriggers()) {
    const uid = trigger.getUniqueId();
    live.add(uid);
    const note = parseNote(all[triggerKey(uid)], trigger.getHandlerFunction());
    if (note?.spreadsheetId === spreadsheetId) found.push({ trigger, kind: note.kind });
  }
  if (spreadsheet) {
    // A clock trigger of this document without a note (made before notes, or its note lost) is ours too.
    for (const trigger of ScriptApp.getUserTriggers(spreadsheet)) {
      const handler = trigger.getHandlerFunction();
      if (trigger.getEventType() !== ScriptApp.EventType.CLOCK || (handler !== CONTINUE_HANDLER && handler !== SCHEDULE_HANDLER)) continue;
      if (all[triggerKey(trigger.getUniqueId())] !== undefined) continue;
      found.push({ trigger, kind: kindOfHandler(handler) });
    }
  }
  for (const key of Object.keys(all)) {
    if (key.startsWith(TRIGGER_PREFIX) && !live.has(key.slice(TRIGGER_PREFIX.length))) props.deleteProperty(key);
  }
  return found;
}

function deleteTriggers(found: FoundTrigger[]): void {
  const props = PropertiesService.getUserProperties();
  for (const { trigger } of found) {
    const uid = trigger.getUniqueId();
    try {
      ScriptApp.deleteTrigger(trigger);
    } catch (error) {
      // Already gone (a one-off that fired meanwhile): the note goes all the same.
      console.warn(`trigger ${uid} not deleted: ${error instanceof Error ? error.message : String(error)}`);
    }
    props.deleteProperty(triggerKey(uid));
  }
}

/**
 * Makes a trigger and its note. Never leaves a trigger without its note: if the note cannot be
 * written, the trigger is deleted again. @returns null when Apps Script refused the trigger
 */
function createNoted(spreadsheetId: string, kind: TriggerKind, build: () => GoogleAppsScript.Script.Trigger): GoogleAppsScript.Script.Trigger | null {
  let trigger: GoogleAppsScript.Script.Trigger;
  try {
    trigger = build();
  } catch (error) {
    console.warn(`${kind} trigger refused: ${error instanceof Error ? error.message : String(error)}`);
    return null;
  }
  try {
    PropertiesService.getUserProperties().setProperty(triggerKey(trigger.getUniqueId()), JSON.stringify({ spreadsheetId, kind } satisfies TriggerNote));
  } catch (error) {
    ScriptApp.deleteTrigger(trigger);
    throw error;
  }
  return trigger;
}

function buildScheduleTrigger(frequency: ScheduleFrequency, timeZone: string): GoogleAppsScript.Script.Trigger {
  const clock = ScriptApp.newTrigger(SCHEDULE_HANDLER).timeBased();
  // Without inTimezone a schedule follows the script project's zone, not the spreadsheet's (reference §1.2).
  if (frequency.kind === 'hourly') return clock.everyHours(frequency.everyHours).create();
  if (frequency.kind === 'daily') return clock.everyDays(1).atHour(frequency.hour).inTimezone(timeZone).create();
  return clock.everyWeeks(1).onWeekDay(ScriptApp.WeekDay[frequency.weekDay]).atHour(frequency.hour).inTimezone(timeZone).create();
}

/** The spreadsheet a trigger runs for, from its note (a time-driven run has no active spreadsheet). */
export function spreadsheetOfTrigger(uid: string | undefined): string | null {
  if (!uid) return null;
  return parseNote(PropertiesService.getUserProperties().getProperty(triggerKey(uid)), SCHEDULE_HANDLER)?.spreadsheetId ?? null;
}

/** Removes a trigger that fired (a one-off stays listed otherwise; an hourly fallback would repeat) and its note. */
export function deleteTriggerById(uid: string | undefined): void {
  if (!uid) return;
  PropertiesService.getUserProperties().deleteProperty(triggerKey(uid));
  for (const trigger of ScriptApp.getProjectTriggers()) {
    if (trigger.getUniqueId() === uid) ScriptApp.deleteTrigger(trigger);
  }
}

/**
 * Replaces this user's schedule trigger of the spreadsheet (null removes it). While a continuation
 * holds the one time-driven slot nothing changes: the continuation puts the schedule back when done.
 * @returns false when Apps Script refused the trigger
 */
export function installScheduleTrigger(spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet, frequency: ScheduleFrequency | null): boolean {
  const id = spreadsheet.getId();
  const mine = triggersOf(id, spreadsheet);
  if (frequency && hasPendingContinuation(id) && mine.some((t) => t.kind === 'continue')) return true;
  deleteTriggers(mine);
  if (!frequency) return true;
  return createNoted(id, 'schedule', () => buildScheduleTrigger(frequency, spreadsheet.getSpreadsheetTimeZone())) !== null;
}

/** Removes every time-driven trigger this user has for the spreadsheet, and its continuation mark. */
export function removeTriggersOf(spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet | string): void {
  const id = typeof spreadsheet === 'string' ? spreadsheet : spreadsheet.getId();
  deleteTriggers(triggersOf(id, typeof spreadsheet === 'string' ? undefined : spreadsheet));
  clearContinuation(id);
}

/** Spreadsheets this user has a noted trigger for (Disconnect removes them all). */
export function spreadsheetsWithTriggers(): string[] {
  const all = PropertiesService.getUserProperties().getProperties();
  const ids = new Set<string>();
  for (const [key, raw] of Object.entries(all)) {
    if (!key.startsWith(TRIGGER_PREFIX)) continue;
    const note = parseNote(raw, SCHEDULE_HANDLER);
    if (note) ids.add(note.spreadsheetId);
  }
  return [...ids];
}

// ---- continuations --------------------------------------------------------------------------

interface ResumeMark {
  since: number;
  failures: number;
  plan: ContinuationPlan;
}

function readResume(spreadsheetId: string): ResumeMark | null {
  const raw = PropertiesService.getUserProperties().getProperty(resumeKey(spreadsheetId));
  if (raw === null) return null;
  if (!raw.startsWith('{')) {
    // Older form: "<since>:<failures>".
    const [since, failures] = raw.split(':').map(Number);
    return { since: since ?? 0, failures: Number.isFinite(failures) ? failures! : 0, plan: 'minute' };
  }
  try {
    return JSON.parse(raw) as ResumeMark;
  } catch {
    return null;
  }
}

/** How many continuations of this spreadsheet's sync failed in a row. */
export function continuationFailures(spreadsheetId: string): number {
  return readResume(spreadsheetId)?.failures ?? 0;
}

export function hasPendingContinuation(spreadsheetId: string): boolean {
  return readResume(spreadsheetId) !== null;
}

/** Spreadsheets whose sync this user left unfinished. */
export function pendingContinuations(): string[] {
  const prefix = resumeKey('');
  return PropertiesService.getUserProperties().getKeys().filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length));
}

export function clearContinuation(spreadsheetId: string): void {
  PropertiesService.getUserProperties().deleteProperty(resumeKey(spreadsheetId));
}

/**
 * Marks this spreadsheet's sync as unfinished and makes sure a trigger will continue it: a one-off
 * in a minute, else an hourly trigger (deleted when it fires). When Apps Script refuses both, the
 * mark is cleared, so nothing says "continuing" with no trigger behind it, and the caller puts the
 * schedule back: the next scheduled run or Sync now carries on from the saved cursor.
 * `failures` counts continuations that failed in a row, so a sync that keeps failing stops retrying.
 */
export function scheduleContinuation(spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet, failures = 0): ContinuationPlan {
  const id = spreadsheet.getId();
  const props = PropertiesService.getUserProperties();
  const mine = triggersOf(id, spreadsheet);
  const previous = readResume(id);
  if (previous && mine.some((t) => t.kind === 'continue')) {
    props.setProperty(resumeKey(id), JSON.stringify({ ...previous, failures } satisfies ResumeMark));
    return previous.plan;
  }
  deleteTriggers(mine);
  let plan: ContinuationPlan = 'next-run';
  if (createNoted(id, 'continue', () => ScriptApp.newTrigger(CONTINUE_HANDLER).timeBased().after(CONTINUE_AFTER_MS).create())) plan = 'minute';
  else if (createNoted(id, 'continue', () => ScriptApp.newTrigger(CONTINUE_HANDLER).timeBased().everyHours(1).create())) plan = 'hour';
  if (plan === 'next-run') props.deleteProperty(resumeKey(id));
  else props.setProperty(resumeKey(id), JSON.stringify({ since: Date.now(), failures, plan } satisfies ResumeMark));
  return plan;
}

/** Ends a continuation: its mark and any continuation trigger still waiting go. */
export function endContinuation(spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet): void {
  const id = spreadsheet.getId();
  clearContinuation(id);
  deleteTriggers(triggersOf(id, spreadsheet).filter((t) => t.kind === 'continue'));
}

/** Whether this user has any time-driven trigger for the spreadsheet (a continuation or the schedule). */
export function hasScheduleTrigger(spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet): boolean {
  return triggersOf(spreadsheet.getId(), spreadsheet).some((t) => t.kind === 'schedule');
}
