import {
  formatCount, formatDateTime, formatElapsed, hourLabel, plural, pullSummaryLine, pushSummaryLine, requestsPerPage,
  rowLabel, runStatus, runStatusLabel, scheduleLabel, selectionCounter, triggerLabel,
} from '../../../src/sidebar/format';
import type { ScheduleState } from '../../../src/shared/rpc';

describe('formatDateTime', () => {
  it('shows an ISO time in the given locale and zone', () => {
    const shown = formatDateTime('2026-03-12T06:03:00Z', { locale: 'en-GB', timeZone: 'Europe/Berlin' });

    expect(shown).toBe('12 Mar 2026, 07:03');
  });

  it('follows the reader\'s locale', () => {
    const shown = formatDateTime('2026-03-12T06:03:00Z', { locale: 'de-DE', timeZone: 'UTC' });

    expect(shown).toMatch(/12\. März 2026.*06:03/);
  });

  it('keeps the offset Zoho sends', () => {
    expect(formatDateTime('2026-01-01T10:00:00+05:30', { locale: 'en-GB', timeZone: 'UTC' })).toBe('1 Jan 2026, 04:30');
  });

  it.each([
    ['null (a Date that crossed google.script.run)', null],
    ['an empty string', ''],
    ['garbage', 'yesterday-ish'],
  ])('shows a fallback instead of "Invalid Date" for %s', (_case, value) => {
    expect(formatDateTime(value, {}, 'never')).toBe('never');
  });

  it('falls back to UTC text when the zone is unknown', () => {
    expect(formatDateTime('2026-03-12T06:03:00Z', { timeZone: 'Mars/Olympus' })).toBe('2026-03-12 06:03 UTC');
  });
});

describe('counts', () => {
  it.each([
    [0, 'en-US', '0 fields'],
    [1, 'en-US', '1 field'],
    [2400, 'en-US', '2,400 fields'],
    [2400, 'de-DE', '2.400 fields'],
  ])('plural(%d) in %s is %s', (n, locale, expected) => {
    expect(plural(n, 'field', 'fields', locale)).toBe(expected);
  });

  it('shows a non-number as 0', () => {
    expect(formatCount(Number.NaN, 'en-US')).toBe('0');
  });

  it('counts the selection against all fields', () => {
    expect(selectionCounter(12, 87, 'en-US')).toBe('12 of 87 fields selected');
  });
});

describe('hours and schedule', () => {
  it.each([
    [0, '00:00'], [7, '07:00'], [23, '23:00'], [24, '23:00'], [-1, '00:00'], [6.9, '06:00'],
  ])('hourLabel(%d) is %s', (hour, expected) => {
    expect(hourLabel(hour)).toBe(expected);
  });

  const schedule = (patch: Partial<ScheduleState>): ScheduleState => ({
    enabled: true, hour: null, timeZone: 'Europe/Berlin', frequency: null, owner: null, mine: false, emailOnFailure: false,
    lastRun: null, nextRunAt: null, stopped: null, ...patch,
  });

  it('names the hour and the spreadsheet\'s zone', () => {
    expect(scheduleLabel(schedule({ hour: 7 }))).toBe('Daily at 07:00 (Europe/Berlin)');
  });

  it.each([
    [{ kind: 'hourly', everyHours: 1 }, 'Every hour (Europe/Berlin)'],
    [{ kind: 'hourly', everyHours: 4 }, 'Every 4 hours (Europe/Berlin)'],
    [{ kind: 'daily', hour: 18 }, 'Daily at 18:00 (Europe/Berlin)'],
    [{ kind: 'weekly', weekDay: 'FRIDAY', hour: 6 }, 'Weekly on Friday at 06:00 (Europe/Berlin)'],
  ] as const)('names %j as "%s"', (frequency, label) => {
    expect(scheduleLabel(schedule({ frequency }))).toBe(label);
  });

  it.each([
    ['disabled', schedule({ enabled: false, hour: 7 })],
    ['without an hour', schedule({ hour: null })],
  ])('says Off when %s', (_case, off) => {
    expect(scheduleLabel(off)).toBe('Off');
  });
});

describe('run summaries', () => {
  it('lists only the counts that happened', () => {
    const line = pullSummaryLine({ sheet: 'Leads', module: 'Leads', inserted: 1200, updated: 3, deleted: 0, conflicts: 1, warnings: [] }, 'en-US');

    expect(line).toBe('1,200 new, 3 updated, 1 conflict');
  });

  it('says when nothing changed', () => {
    expect(pullSummaryLine({ sheet: 'Leads', module: 'Leads', inserted: 0, updated: 0, deleted: 0, conflicts: 0, warnings: [] })).toBe('no changes');
  });

  it('tells pending pushes apart from failed ones', () => {
    const line = pushSummaryLine({ sheet: 'Leads', updated: 2, inserted: 1, failed: 1, conflicts: 2, pending: 5 }, 'en-US');

    expect(line).toBe('2 updated, 1 created, 1 failed, 2 conflicts, 5 waiting for the next sync');
  });

  it.each([
    ['manual', 'Sync now'], ['scheduled', 'Scheduled sync'], ['continue', 'Continued sync'], ['push', 'Push changes'],
  ] as const)('names the %s trigger "%s"', (trigger, label) => {
    expect(triggerLabel(trigger)).toBe(label);
  });

  it.each([
    [{ ok: true }, 'OK'], [{ ok: false }, 'Failed'], [{ ok: true, status: 'problems' }, 'Completed with problems'], [{ ok: true, status: 'ok' }, 'OK'],
  ] as const)('labels a run %j "%s"', (run, label) => {
    expect(runStatusLabel(runStatus({ at: '', trigger: 'scheduled', message: '', pulled: [], pushed: [], issues: [], ...run }))).toBe(label);
  });

  it('labels a row link with its sheet row number', () => {
    expect(rowLabel(12)).toBe('Row 12');
  });
});

describe('formatElapsed', () => {
  it.each([
    [0, '0:00'], [5000, '0:05'], [65_000, '1:05'], [3_723_000, '1:02:03'], [-5, '0:00'],
  ])('%d ms is %s', (ms, expected) => {
    expect(formatElapsed(ms)).toBe(expected);
  });
});

describe('requestsPerPage', () => {
  const fields = (n: number): string[] => Array.from({ length: n }, (_, i) => `F${i}`);

  it.each([
    [1, 1], [49, 1], [50, 2], [99, 2], [100, 3],
  ])('%d fields take %d requests (Modified_Time rides along)', (n, expected) => {
    expect(requestsPerPage(fields(n))).toBe(expected);
  });

  it('does not count Modified_Time or id twice', () => {
    expect(requestsPerPage([...fields(49), 'Modified_Time', 'id'])).toBe(1);
  });
});
