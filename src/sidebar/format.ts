// Pure formatting for the sidebar: dates in the reader's locale, counts, hour labels and one-line
// summaries of sync results. No DOM here, so jest runs it in plain Node.

import type { PushSummary, RunLogEntry, RunStatus, ScheduleFrequency, ScheduleState, SheetSyncSummary } from '../shared/rpc';

export interface FormatOptions {
  /** BCP 47 tag; undefined means the browser's own locale. */
  locale?: string;
  /** IANA zone; undefined means the browser's own zone. */
  timeZone?: string;
}

/** Zoho needs one more request per record page for every 50 fields (reference §5.1). */
export const FIELDS_PER_REQUEST = 50;

/**
 * "12 Mar 2026, 07:03" in the reader's locale, from an ISO string. google.script.run turns Dates
 * into null, so times travel as strings; null or garbage gives `fallback` rather than "Invalid Date".
 */
export function formatDateTime(iso: string | null | undefined, options: FormatOptions = {}, fallback = 'unknown time'): string {
  if (!iso) return fallback;
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return fallback;
  try {
    return new Intl.DateTimeFormat(options.locale, {
      year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: options.timeZone,
    }).format(new Date(time));
  } catch {
    // An unknown zone or locale from the server must not break the page.
    return new Date(time).toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
  }
}

/** 2400 -> "2,400" (or "2.400", per locale). Non-finite input shows as 0. */
export function formatCount(n: number, locale?: string): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(Number.isFinite(n) ? n : 0);
}

/** "1 field", "12 fields", "1,200 records". `many` defaults to `one` + "s". */
export function plural(n: number, one: string, many = `${one}s`, locale?: string): string {
  return `${formatCount(n, locale)} ${n === 1 ? one : many}`;
}

/** 7 -> "07:00". Out-of-range or fractional hours are clamped to a whole hour 0–23. */
export function hourLabel(hour: number): string {
  const h = Math.min(23, Math.max(0, Math.floor(Number.isFinite(hour) ? hour : 0)));
  return `${String(h).padStart(2, '0')}:00`;
}

const WEEK_DAY_LABELS: Record<string, string> = {
  MONDAY: 'Monday', TUESDAY: 'Tuesday', WEDNESDAY: 'Wednesday', THURSDAY: 'Thursday', FRIDAY: 'Friday', SATURDAY: 'Saturday', SUNDAY: 'Sunday',
};

export function weekDayLabel(day: string): string {
  return WEEK_DAY_LABELS[day] ?? day;
}

/** "Every hour", "Every 4 hours", "Daily at 07:00", "Weekly on Monday at 07:00". */
export function frequencyLabel(frequency: ScheduleFrequency): string {
  if (frequency.kind === 'hourly') return frequency.everyHours === 1 ? 'Every hour' : `Every ${frequency.everyHours} hours`;
  if (frequency.kind === 'daily') return `Daily at ${hourLabel(frequency.hour)}`;
  return `Weekly on ${weekDayLabel(frequency.weekDay)} at ${hourLabel(frequency.hour)}`;
}

/** "Daily at 07:00 (Europe/Berlin)" or "Off". */
export function scheduleLabel(schedule: ScheduleState): string {
  const frequency = schedule.frequency ?? (schedule.enabled && schedule.hour !== null ? { kind: 'daily' as const, hour: schedule.hour } : null);
  if (!schedule.enabled || !frequency) return 'Off';
  return `${frequencyLabel(frequency)} (${schedule.timeZone})`;
}

/** A run's status, for entries with or without `status`. */
export function runStatus(run: RunLogEntry): RunStatus {
  return run.status ?? (run.ok ? 'ok' : 'failed');
}

const STATUS_LABELS: Record<RunStatus, string> = { ok: 'OK', problems: 'Completed with problems', failed: 'Failed' };

export function runStatusLabel(status: RunStatus): string {
  return STATUS_LABELS[status];
}

const TRIGGER_LABELS: Record<RunLogEntry['trigger'], string> = {
  manual: 'Sync now',
  scheduled: 'Scheduled sync',
  continue: 'Continued sync',
  push: 'Push changes',
};

export function triggerLabel(trigger: RunLogEntry['trigger']): string {
  return TRIGGER_LABELS[trigger] ?? String(trigger);
}

function joinCounts(parts: Array<[number, string]>, locale?: string): string {
  const shown = parts.filter(([n]) => n > 0).map(([n, word]) => `${formatCount(n, locale)} ${word}`);
  return shown.length ? shown.join(', ') : 'no changes';
}

/** "3 new, 2 updated, 1 deleted, 1 conflict" or "no changes". */
export function pullSummaryLine(s: SheetSyncSummary, locale?: string): string {
  return joinCounts([
    [s.inserted, 'new'], [s.updated, 'updated'], [s.deleted, 'deleted'],
    [s.conflicts, s.conflicts === 1 ? 'conflict' : 'conflicts'],
  ], locale);
}

/** "2 updated, 1 created, 1 failed, 3 waiting for the next sync" or "no changes". */
export function pushSummaryLine(s: PushSummary, locale?: string): string {
  return joinCounts([
    [s.updated, 'updated'], [s.inserted, 'created'], [s.failed, 'failed'],
    [s.conflicts, s.conflicts === 1 ? 'conflict' : 'conflicts'], [s.pending, 'waiting for the next sync'],
  ], locale);
}

/** "Row 12". */
export function rowLabel(row: number): string {
  return `Row ${row}`;
}

/** Elapsed time of a running call: 5000 -> "0:05", 3723000 -> "1:02:03". */
export function formatElapsed(ms: number): string {
  const total = Math.max(0, Math.floor((Number.isFinite(ms) ? ms : 0) / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** "12 of 87 fields selected". */
export function selectionCounter(selected: number, total: number, locale?: string): string {
  return `${formatCount(selected, locale)} of ${plural(total, 'field', 'fields', locale)} selected`;
}

/**
 * How many record requests one page of records takes with these fields: the server always adds
 * Modified_Time and splits into lists of 50 (core/sync/definition.ts splitFieldRequests).
 */
export function requestsPerPage(fields: readonly string[]): number {
  const wanted = 1 + fields.filter((f) => f !== 'Modified_Time' && f !== 'id').length;
  return Math.ceil(wanted / FIELDS_PER_REQUEST);
}
