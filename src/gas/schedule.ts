// A spreadsheet's schedule, as the whole team sees it. The record (how often, whose, since when,
// whether to email on failure, whether it stopped) is developer metadata on the spreadsheet, so
// every editor's sidebar reads it; the trigger is its owner's (triggers run as their creator and no
// one else can see them, reference §1.2), and the owner's user properties hold the id of the record
// that trigger serves. A trigger whose record is gone or has another id retires the next time it fires.

import { ConfigError } from '../core/errors';
import { nextRunWindow, parseFrequency, type ScheduleFrequency } from '../core/sync/schedule';
import type { RunLogEntry, RunStatus, ScheduleState } from '../shared/rpc';
import { readRunLog, runStatusOf } from './run-log';
import { endContinuation, hasPendingContinuation, hasScheduleTrigger, installScheduleTrigger, removeTriggersOf, spreadsheetsWithTriggers } from './triggers';
import { appsScriptZones } from './zones';

const SCHEDULE_KEY = 'zcs.v1.schedule';
const ownKey = (spreadsheetId: string): string => `zcs.v1.schedule.${spreadsheetId}`;

export interface ScheduleRecord {
  id: string;
  frequency: ScheduleFrequency;
  /** The owner's Zoho account: scheduled runs read and write Zoho as this user. */
  owner: string;
  /** Epoch ms the owner's trigger was made (every-n-hours schedules count from it). */
  since: number;
  emailOnFailure: boolean;
  /** Epoch ms of the last failure email, so at most one goes out a day. */
  lastMailAt?: number;
  stopped?: { at: string; reason: string };
  /**
   * The spreadsheet whose trigger serves this record. File > Make a copy copies developer metadata
   * but no trigger, so a copy holds a record no trigger of its own serves; it is not the copy's
   * schedule. Absent in records made before it was kept: those get it from their owner's next run.
   */
  spreadsheetId?: string;
}

function scheduleMetadata(spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet): GoogleAppsScript.Spreadsheet.DeveloperMetadata | undefined {
  return spreadsheet.createDeveloperMetadataFinder().withKey(SCHEDULE_KEY).withLocationType(SpreadsheetApp.DeveloperMetadataLocationType.SPREADSHEET).find()[0];
}

/** The spreadsheet's schedule record; null when it has none, or holds one copied from the spreadsheet it was copied from. */
export function readScheduleRecord(spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet): ScheduleRecord | null {
  const raw = scheduleMetadata(spreadsheet)?.getValue();
  if (!raw) return null;
  try {
    const record = JSON.parse(raw) as ScheduleRecord;
    if (!record || typeof record.id !== 'string' || !record.frequency) return null;
    return record.spreadsheetId && record.spreadsheetId !== spreadsheet.getId() ? null : record;
  } catch {
    return null;
  }
}

export function writeScheduleRecord(spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet, record: ScheduleRecord | null): void {
  const existing = scheduleMetadata(spreadsheet);
  if (!record) {
    existing?.remove();
    return;
  }
  const value = JSON.stringify({ ...record, spreadsheetId: spreadsheet.getId() });
  if (existing) existing.setValue(value);
  else spreadsheet.addDeveloperMetadata(SCHEDULE_KEY, value);
}

/**
 * The spreadsheet's schedule if it is this user's and running. A daily hour stored by an older
 * version in user properties alone is moved into the document here, once.
 */
export function ownSchedule(spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet, ownerLabel: () => string): ScheduleRecord | null {
  const props = PropertiesService.getUserProperties();
  const mark = props.getProperty(ownKey(spreadsheet.getId()));
  if (mark === null) return null;
  const record = readScheduleRecord(spreadsheet);
  if (/^\d{1,2}$/.test(mark) && !record) {
    const adopted: ScheduleRecord = { id: Utilities.getUuid(), frequency: { kind: 'daily', hour: Number(mark) }, owner: ownerLabel(), since: Date.now(), emailOnFailure: false };
    writeScheduleRecord(spreadsheet, adopted);
    props.setProperty(ownKey(spreadsheet.getId()), adopted.id);
    return adopted;
  }
  if (!record || record.id !== mark) return null;
  // The owner's mark is kept by this spreadsheet's id, so a record it names is this spreadsheet's:
  // one made before records named their spreadsheet learns it here, and a copy made later shows none.
  if (!record.spreadsheetId) writeScheduleRecord(spreadsheet, record);
  return record.stopped ? null : record;
}

/** Drops this user's claim on a schedule that is no longer theirs (taken over, turned off by someone). */
export function forgetOwnSchedule(spreadsheetId: string): void {
  PropertiesService.getUserProperties().deleteProperty(ownKey(spreadsheetId));
}

/**
 * Turns the schedule on, changes it or turns it off, as `owner`. Another editor's running schedule
 * is not replaced: they must take it over first (one schedule, never two overlapping ones).
 * @throws ConfigError when the schedule is someone else's, or Apps Script refuses the trigger
 */
export function saveSchedule(spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet, input: { frequency: unknown; emailOnFailure?: unknown }, owner: string, takeOver = false): void {
  const frequency = parseFrequency(input.frequency);
  const record = readScheduleRecord(spreadsheet);
  const mine = ownSchedule(spreadsheet, () => owner);
  if (record && !record.stopped && !mine && !takeOver) {
    throw new ConfigError('SCHEDULE_NOT_YOURS', `This spreadsheet already syncs on ${record.owner}'s schedule. Take it over to change it; their schedule then stops.`);
  }
  if (!frequency) {
    installScheduleTrigger(spreadsheet, null);
    writeScheduleRecord(spreadsheet, null);
    forgetOwnSchedule(spreadsheet.getId());
    return;
  }
  const keepsTrigger = mine && JSON.stringify(mine.frequency) === JSON.stringify(frequency);
  const next: ScheduleRecord = {
    id: keepsTrigger ? mine.id : Utilities.getUuid(),
    frequency,
    owner,
    since: keepsTrigger ? mine.since : Date.now(),
    emailOnFailure: input.emailOnFailure === undefined ? (mine?.emailOnFailure ?? false) : Boolean(input.emailOnFailure),
    ...(mine?.lastMailAt ? { lastMailAt: mine.lastMailAt } : {}),
  };
  if (!keepsTrigger && !installScheduleTrigger(spreadsheet, frequency)) {
    throw new ConfigError('SCHEDULE_REFUSED', 'Google did not allow the schedule. Remove the add-on\'s other schedules in this spreadsheet (one per person) and try again.');
  }
  writeScheduleRecord(spreadsheet, next);
  PropertiesService.getUserProperties().setProperty(ownKey(spreadsheet.getId()), next.id);
}

/**
 * Stops this user's schedule of the spreadsheet (Disconnect, lost access): the trigger goes, and
 * the record stays with the reason, so every editor sees that the schedule stopped.
 */
export function stopOwnSchedule(spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet, reason: string): void {
  const mine = ownSchedule(spreadsheet, () => 'you');
  removeTriggersOf(spreadsheet);
  forgetOwnSchedule(spreadsheet.getId());
  if (mine) writeScheduleRecord(spreadsheet, { ...mine, stopped: { at: new Date().toISOString(), reason } });
}

/** Disconnect: every schedule and continuation of this user, in every spreadsheet, stops. */
export function stopAllOwnSchedules(reason: string): void {
  const ids = new Set([...spreadsheetsWithTriggers(), ...PropertiesService.getUserProperties().getKeys()
    .filter((k) => k.startsWith(ownKey(''))).map((k) => k.slice(ownKey('').length))]);
  for (const id of ids) {
    try {
      stopOwnSchedule(SpreadsheetApp.openById(id), reason);
    } catch (error) {
      // A spreadsheet this user can no longer open: its triggers go all the same.
      console.warn(`schedule of ${id} not marked stopped: ${error instanceof Error ? error.message : String(error)}`);
      removeTriggersOf(id);
      forgetOwnSchedule(id);
    }
  }
}

/** After a sync completes: a continuation that held the trigger slot gives it back to the schedule. */
export function restoreSchedule(spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet, ownerLabel: () => string): void {
  const hadContinuation = hasPendingContinuation(spreadsheet.getId());
  endContinuation(spreadsheet);
  const mine = ownSchedule(spreadsheet, ownerLabel);
  if (mine && (hadContinuation || !hasScheduleTrigger(spreadsheet))) installScheduleTrigger(spreadsheet, mine.frequency);
}

function lastScheduledRun(runs: RunLogEntry[]): { at: string; status: RunStatus } | null {
  const run = runs.find((r) => r.trigger === 'scheduled' || r.trigger === 'continue');
  return run ? { at: run.at, status: runStatusOf(run) } : null;
}

/** What every editor's sidebar shows about the schedule. */
export function scheduleState(spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet): ScheduleState {
  const timeZone = spreadsheet.getSpreadsheetTimeZone();
  const record = readScheduleRecord(spreadsheet);
  const mark = PropertiesService.getUserProperties().getProperty(ownKey(spreadsheet.getId()));
  const legacyHour = mark !== null && /^\d{1,2}$/.test(mark) && !record ? Number(mark) : null;
  const frequency: ScheduleFrequency | null = record?.frequency ?? (legacyHour !== null ? { kind: 'daily', hour: legacyHour } : null);
  const running = Boolean(frequency) && !record?.stopped;
  const runs = readRunLog(spreadsheet);
  return {
    enabled: running,
    hour: running && frequency && frequency.kind !== 'hourly' ? frequency.hour : null,
    timeZone,
    frequency: running ? frequency : null,
    owner: record?.owner ?? (legacyHour !== null ? 'you' : null),
    mine: legacyHour !== null || (record !== null && record.id === mark),
    emailOnFailure: record?.emailOnFailure ?? false,
    lastRun: lastScheduledRun(runs),
    nextRunAt: running && frequency
      ? new Date(nextRunWindow(frequency, { timeZone, now: Date.now(), since: record?.since ?? Date.now(), zones: appsScriptZones() })).toISOString()
      : null,
    stopped: record?.stopped ?? null,
  };
}
