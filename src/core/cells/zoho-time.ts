// Strict readers for the date and datetime strings Zoho sends (reference §3, §4.2). The parts are
// read by hand: Date.parse accepts far more than Zoho's forms and reads some of them in the
// runtime's zone, which differs between Apps Script (the script's zone) and Node.

import {
  CalendarDate, MS_PER_DAY, MS_PER_MINUTE, MS_PER_SECOND, daysFromCivil, isValidCalendarDate,
} from './time-zone';

/** A parsed Zoho datetime: the instant, plus the offset it was written with (minutes east of UTC). */
export interface ZohoDateTime {
  instantMs: number;
  offsetMinutes: number;
}

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(Z|[+-]\d{2}:\d{2})$/;
const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
/** ISO 8601 and Java both stop at ±18:00. */
const MAX_OFFSET_MINUTES = 18 * 60;

/**
 * Reads 'YYYY-MM-DDThh:mm:ss±hh:mm' or 'YYYY-MM-DDThh:mm:ssZ' and returns the instant and offset.
 * Returns null for anything else, including fractions, a missing offset, 24:00, leap seconds
 * and impossible days such as 2026-02-30.
 */
export function parseZohoDateTimeParts(text: string): ZohoDateTime | null {
  const match = DATE_TIME.exec(text);
  if (!match) return null;
  const [, y, mo, d, h, mi, s, zone] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (year < 1 || !isValidCalendarDate(year, month, day)) return null;
  if (hour > 23 || minute > 59 || second > 59) return null;
  const offsetMinutes = parseIsoOffset(zone ?? '');
  if (offsetMinutes === null) return null;
  const wall = daysFromCivil(year, month, day) * MS_PER_DAY + ((hour * 60 + minute) * 60 + second) * MS_PER_SECOND;
  return { instantMs: wall - offsetMinutes * MS_PER_MINUTE, offsetMinutes };
}

/** The instant of a Zoho datetime string, in ms since the epoch; null when it is not one. */
export function parseZohoDateTime(text: string): number | null {
  const parsed = parseZohoDateTimeParts(text);
  return parsed ? parsed.instantMs : null;
}

function parseIsoOffset(zone: string): number | null {
  if (zone === 'Z') return 0;
  const match = /^([+-])(\d{2}):(\d{2})$/.exec(zone);
  if (!match) return null;
  const hours = Number(match[2]);
  const minutes = Number(match[3]);
  if (minutes > 59) return null;
  const total = hours * 60 + minutes;
  if (total > MAX_OFFSET_MINUTES) return null;
  return match[1] === '-' ? -total : total;
}

/** Reads 'YYYY-MM-DD' to a calendar day; null for anything else or an impossible day (2026-02-30). */
export function parseZohoDate(text: string): CalendarDate | null {
  const match = DATE_ONLY.exec(text);
  if (!match) return null;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (year < 1 || !isValidCalendarDate(year, month, day)) return null;
  return { year, month, day };
}

/** `2026-01-15T09:00:00+00:00`: Zoho's format, without milliseconds (the second `ms` falls in). */
export function formatUtc(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', '+00:00');
}
