// How often a spreadsheet syncs by itself: the frequencies an editor add-on can ask Apps Script for,
// their validation, and when the next run falls. Pure: zones come through ZoneOffsetPort.

import { ConfigError } from '../errors';
import { MS_PER_DAY, zonedParts, zonedWallTimeToInstant, type ZoneOffsetPort } from '../cells/time-zone';

/**
 * everyHours accepts only these (ClockTriggerBuilder reference); an add-on's time-driven trigger
 * may fire at most once an hour (guides/triggers/installable#time-driven_triggers), so no minutes.
 */
export const SCHEDULE_EVERY_HOURS = [1, 2, 4, 6, 8, 12] as const;
export const SCHEDULE_WEEK_DAYS = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'] as const;

export type ScheduleEveryHours = (typeof SCHEDULE_EVERY_HOURS)[number];
export type ScheduleWeekDay = (typeof SCHEDULE_WEEK_DAYS)[number];

export type ScheduleFrequency =
  | { kind: 'hourly'; everyHours: ScheduleEveryHours }
  | { kind: 'daily'; hour: number }
  | { kind: 'weekly'; weekDay: ScheduleWeekDay; hour: number };

const MS_PER_HOUR = 3_600_000;

function validHour(hour: unknown): number {
  const h = Number(hour);
  if (!Number.isInteger(h) || h < 0 || h > 23) throw new ConfigError('SCHEDULE_HOUR', 'Pick an hour from 0 to 23, or turn the schedule off.');
  return h;
}

/**
 * A frequency from the sidebar (or a bare hour 0-23, the older daily-only form), checked.
 * @returns null for "off"
 * @throws ConfigError naming what to pick instead
 */
export function parseFrequency(input: unknown): ScheduleFrequency | null {
  if (input === null || input === undefined) return null;
  if (typeof input === 'number' || typeof input === 'string') return { kind: 'daily', hour: validHour(input) };
  const raw = input as { kind?: unknown; everyHours?: unknown; hour?: unknown; weekDay?: unknown };
  if (raw.kind === 'hourly') {
    const every = Number(raw.everyHours ?? 1);
    if (!(SCHEDULE_EVERY_HOURS as readonly number[]).includes(every)) {
      throw new ConfigError('SCHEDULE_EVERY_HOURS', 'Pick every 1, 2, 4, 6, 8 or 12 hours: Google runs add-on schedules at most once an hour, at those intervals.');
    }
    return { kind: 'hourly', everyHours: every as ScheduleEveryHours };
  }
  if (raw.kind === 'daily') return { kind: 'daily', hour: validHour(raw.hour) };
  if (raw.kind === 'weekly') {
    const day = String(raw.weekDay ?? '').toUpperCase();
    if (!(SCHEDULE_WEEK_DAYS as readonly string[]).includes(day)) throw new ConfigError('SCHEDULE_WEEK_DAY', 'Pick a day of the week for the weekly sync.');
    return { kind: 'weekly', weekDay: day as ScheduleWeekDay, hour: validHour(raw.hour) };
  }
  throw new ConfigError('SCHEDULE_KIND', 'Pick how often to sync: every few hours, daily or weekly, or Off.');
}

/**
 * The start of the hour in which the next run falls, strictly after `now` (epoch ms). Apps Script
 * picks a moment inside the hour and keeps it (reference §1.2), so only the hour can be promised.
 * Every-n-hours schedules count from `since`, when the trigger was made.
 */
export function nextRunWindow(frequency: ScheduleFrequency, options: { timeZone: string; now: number; since: number; zones: ZoneOffsetPort }): number {
  const { timeZone, now, since, zones } = options;
  if (frequency.kind === 'hourly') {
    const step = frequency.everyHours * MS_PER_HOUR;
    const n = Math.max(1, Math.floor((now - since) / step) + 1);
    const next = since + n * step;
    return next - (next % MS_PER_HOUR);
  }
  const today = zonedParts(now, timeZone, zones);
  // Noon of a day, as UTC milliseconds, walks the calendar without any zone arithmetic.
  const noon = Date.UTC(today.year, today.month - 1, today.day, 12);
  for (let i = 0; i <= 8; i++) {
    const day = new Date(noon + i * MS_PER_DAY);
    const weekDay = SCHEDULE_WEEK_DAYS[(day.getUTCDay() + 6) % 7];
    if (frequency.kind === 'weekly' && weekDay !== frequency.weekDay) continue;
    const at = zonedWallTimeToInstant({ year: day.getUTCFullYear(), month: day.getUTCMonth() + 1, day: day.getUTCDate(), hour: frequency.hour, minute: 0, second: 0 }, timeZone, zones);
    if (at > now) return at;
  }
  return now + MS_PER_DAY;
}
