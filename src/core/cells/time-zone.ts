// Calendar arithmetic in a named time zone on top of one small port (the zone's UTC offset at an
// instant). No Intl and no Date parsing here: Apps Script's V8 and Node disagree on both, so the
// only zone knowledge comes through ZoneOffsetPort and the calendar maths is done by hand.

/**
 * The UTC offset of a named (IANA) time zone at one instant.
 * Apps Script implements it with `Utilities.formatDate(new Date(ms), tz, 'Z')` read through
 * {@link parseRfc822Offset}; Node tests implement it with Intl.
 */
export interface ZoneOffsetPort {
  /**
   * Minutes to add to UTC to get the wall-clock time in `timeZone` at `instantMs` (east positive):
   * 330 for Asia/Kolkata, -480 for America/Los_Angeles in winter and -420 in summer.
   * @throws Error when the zone is unknown (the adapter's own error).
   */
  offsetMinutes(instantMs: number, timeZone: string): number;
}

/** A wall-clock reading in some zone; month is 1-12, hour 0-23. */
export interface ZonedParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** A calendar day with no zone; month is 1-12. */
export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

export const MS_PER_SECOND = 1000;
export const MS_PER_MINUTE = 60 * MS_PER_SECOND;
export const MS_PER_DAY = 24 * 60 * MS_PER_MINUTE;

/**
 * Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's days_from_civil). Written out
 * because Date.UTC maps years 0-99 onto 1900-1999.
 */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The calendar date `days` after 1970-01-01 (inverse of {@link daysFromCivil}). */
export function civilFromDays(days: number): CalendarDate {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Number of days in a month of the proleptic Gregorian calendar (month 1-12). */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** True when the parts name a real calendar day (rejects 2026-02-30). */
export function isValidCalendarDate(year: number, month: number, day: number): boolean {
  return Number.isInteger(year) && Number.isInteger(month) && Number.isInteger(day)
    && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** The wall-clock time as if it were UTC, in ms: the "local epoch" the offset arithmetic works in. */
function wallAsUtcMs(p: ZonedParts): number {
  return daysFromCivil(p.year, p.month, p.day) * MS_PER_DAY
    + ((p.hour * 60 + p.minute) * 60 + p.second) * MS_PER_SECOND;
}

/**
 * The instant at which clocks in `timeZone` read the given wall time.
 * Disambiguation follows Temporal's "compatible" rule: a time that happens twice (clocks turned back)
 * gives the earlier instant; a time that never happens (clocks turned forward) is moved forward by
 * the gap, so 02:30 on the spring-forward day in Los Angeles becomes 03:30 PDT.
 * Costs 2 to 5 port calls (wrap the port with memoizeZoneOffsets for bulk work).
 */
export function zonedWallTimeToInstant(parts: ZonedParts, timeZone: string, zones: ZoneOffsetPort): number {
  const wall = wallAsUtcMs(parts);
  // Offsets a day either side bracket any transition that can affect this wall time (offsets stay
  // within ±18 h), so the right answer uses one of them.
  const before = zones.offsetMinutes(wall - MS_PER_DAY, timeZone);
  const after = zones.offsetMinutes(wall + MS_PER_DAY, timeZone);
  const candidates = before === after ? [before] : [before, after];
  let best: number | null = null;
  for (const offset of candidates) {
    const instant = wall - offset * MS_PER_MINUTE;
    if (zones.offsetMinutes(instant, timeZone) === offset && (best === null || instant < best)) best = instant;
  }
  if (best !== null) return best;
  const viaBefore = wall - before * MS_PER_MINUTE;
  if (before !== after) {
    // A gap: no offset round-trips. Reading the wall time with the offset in force before the gap
    // lands that far past the transition, the way the clocks themselves jumped.
    return viaBefore;
  }
  // Both sides agree yet the wall time did not round-trip: two transitions within a day (a
  // historical curiosity). Iterate once more so the answer is at least self-consistent.
  const settled = zones.offsetMinutes(viaBefore, timeZone);
  const viaSettled = wall - settled * MS_PER_MINUTE;
  return zones.offsetMinutes(viaSettled, timeZone) === settled ? viaSettled : viaBefore;
}

/**
 * The first instant of a calendar day in `timeZone`: 00:00 there, or the moment the day starts
 * when 00:00 is skipped by a daylight-saving change (as in America/Sao_Paulo before 2019).
 * @param month 1-12
 */
export function zonedMidnight(year: number, month: number, day: number, timeZone: string, zones: ZoneOffsetPort): number {
  return zonedWallTimeToInstant({ year, month, day, hour: 0, minute: 0, second: 0 }, timeZone, zones);
}

/** The wall-clock reading in `timeZone` at an instant; milliseconds are dropped (floored). */
export function zonedParts(instantMs: number, timeZone: string, zones: ZoneOffsetPort): ZonedParts {
  const local = instantMs + zones.offsetMinutes(instantMs, timeZone) * MS_PER_MINUTE;
  const days = Math.floor(local / MS_PER_DAY);
  const { year, month, day } = civilFromDays(days);
  const secondsOfDay = Math.floor((local - days * MS_PER_DAY) / MS_PER_SECOND);
  return {
    year, month, day,
    hour: Math.floor(secondsOfDay / 3600),
    minute: Math.floor(secondsOfDay / 60) % 60,
    second: secondsOfDay % 60,
  };
}

function pad(value: number, width: number): string {
  const text = String(Math.abs(value));
  const padded = text.length >= width ? text : '0'.repeat(width - text.length) + text;
  return value < 0 ? '-' + padded : padded;
}

/** 'YYYY-MM-DD'. */
export function formatCalendarDate(date: CalendarDate): string {
  return `${pad(date.year, 4)}-${pad(date.month, 2)}-${pad(date.day, 2)}`;
}

/** '+05:30' / '-08:00' / '+00:00' from minutes east of UTC (rounded to whole minutes). */
export function formatOffset(offsetMinutes: number): string {
  const rounded = Math.round(offsetMinutes);
  const sign = rounded < 0 ? '-' : '+';
  const abs = Math.abs(rounded);
  return `${sign}${pad(Math.floor(abs / 60), 2)}:${pad(abs % 60, 2)}`;
}

/** Rounds to the nearest whole second: Zoho has no fractions, and a Date read back from a cell may
 * carry float noise from the sheet's day-fraction storage (10:00:00 coming back as 09:59:59.999). */
export function roundToSecond(instantMs: number): number {
  return Math.round(instantMs / MS_PER_SECOND) * MS_PER_SECOND;
}

/**
 * Zoho's datetime form 'YYYY-MM-DDThh:mm:ss±hh:mm' (reference §3: numeric offset, no fraction),
 * with the offset `timeZone` has at that instant. The instant is rounded to the nearest second.
 */
export function formatZohoDateTime(instantMs: number, timeZone: string, zones: ZoneOffsetPort): string {
  const instant = roundToSecond(instantMs);
  const offset = Math.round(zones.offsetMinutes(instant, timeZone));
  const local = instant + offset * MS_PER_MINUTE;
  const days = Math.floor(local / MS_PER_DAY);
  const secondsOfDay = Math.floor((local - days * MS_PER_DAY) / MS_PER_SECOND);
  const date = formatCalendarDate(civilFromDays(days));
  const time = `${pad(Math.floor(secondsOfDay / 3600), 2)}:${pad(Math.floor(secondsOfDay / 60) % 60, 2)}:${pad(secondsOfDay % 60, 2)}`;
  return `${date}T${time}${formatOffset(offset)}`;
}

/** The calendar day 'YYYY-MM-DD' in `timeZone` at an instant (rounded to the nearest second first). */
export function formatZohoDate(instantMs: number, timeZone: string, zones: ZoneOffsetPort): string {
  return formatCalendarDate(zonedParts(roundToSecond(instantMs), timeZone, zones));
}

/**
 * Reads the RFC 822 offset `Utilities.formatDate(d, tz, 'Z')` prints ('+0530', '-0800') as minutes
 * east of UTC, for the Apps Script adapter of {@link ZoneOffsetPort}. Returns null for anything else.
 */
export function parseRfc822Offset(text: string): number | null {
  const match = /^([+-])(\d{2})(\d{2})$/.exec(text.trim());
  if (!match) return null;
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return match[1] === '-' ? -minutes : minutes;
}

/**
 * The offset `timeZone` keeps from a day before `instantMs` to a day after it, or null when it may
 * change within that span (a daylight-saving or other transition is near).
 * Asks the port only at whole UTC days, so through a memoised port (memoizeZoneOffsets) a column of
 * 5,000 datetimes costs a few hundred calls at most, not several per cell. A zone that changed its
 * offset and back within one UTC day would go unseen; no rule in use does.
 */
export function steadyOffsetMinutes(instantMs: number, timeZone: string, zones: ZoneOffsetPort): number | null {
  const day = Math.floor(instantMs / MS_PER_DAY);
  const offset = zones.offsetMinutes((day - 1) * MS_PER_DAY, timeZone);
  // Days day-1 .. day+2 bracket [instant - 1 day, instant + 1 day].
  for (let d = day; d <= day + 2; d += 1) {
    if (zones.offsetMinutes(d * MS_PER_DAY, timeZone) !== offset) return null;
  }
  return offset;
}

/**
 * The wall clock `timeZone` reads at an instant, as ms of the "local epoch" (the reading taken as if
 * it were UTC): what a Sheets date serial stores. Exact for every instant.
 */
export function instantToWallClockMs(instantMs: number, timeZone: string, zones: ZoneOffsetPort): number {
  const offset = steadyOffsetMinutes(instantMs, timeZone, zones) ?? zones.offsetMinutes(instantMs, timeZone);
  return instantMs + offset * MS_PER_MINUTE;
}

/**
 * The instant at which `timeZone` reads a wall clock given as local-epoch ms (whole seconds), with
 * {@link zonedWallTimeToInstant}'s rules for a time that happens twice (the earlier) or never (moved
 * on by the gap).
 */
export function wallClockMsToInstant(wallMs: number, timeZone: string, zones: ZoneOffsetPort): number {
  // A steady offset around the wall reading also holds at the instant, which is within 18 h of it.
  const steady = steadyOffsetMinutes(wallMs, timeZone, zones);
  if (steady !== null) return wallMs - steady * MS_PER_MINUTE;
  const days = Math.floor(wallMs / MS_PER_DAY);
  const secondsOfDay = Math.floor((wallMs - days * MS_PER_DAY) / MS_PER_SECOND);
  const parts = {
    ...civilFromDays(days),
    hour: Math.floor(secondsOfDay / 3600), minute: Math.floor(secondsOfDay / 60) % 60, second: secondsOfDay % 60,
  };
  return zonedWallTimeToInstant(parts, timeZone, zones) + (wallMs - days * MS_PER_DAY - secondsOfDay * MS_PER_SECOND);
}

/**
 * One instant for each wall-clock reading in `timeZone`, for comparing cells: the instant itself
 * (rounded to the second), except that the two instants of a reading that happens twice, as
 * Europe/Berlin's 2026-10-25 02:30 at +02:00 and at +01:00, both give the earlier one.
 * Why: Sheets keeps a datetime cell as a wall-clock reading, so a cell written with either instant
 * of a repeated hour reads back as whichever one Sheets picks. Every other instant maps to itself,
 * so hashes of non-ambiguous instants are the same as hashing the instant directly.
 */
export function canonicalInstant(instantMs: number, timeZone: string, zones: ZoneOffsetPort): number {
  const instant = roundToSecond(instantMs);
  if (steadyOffsetMinutes(instant, timeZone, zones) !== null) return instant;
  const offset = zones.offsetMinutes(instant, timeZone);
  const wall = instant + offset * MS_PER_MINUTE;
  let earliest = instant;
  // The other reading of a repeated wall time uses the offset on the other side of the transition,
  // which the offsets a day either side name (as in zonedWallTimeToInstant).
  for (const other of [zones.offsetMinutes(instant - MS_PER_DAY, timeZone), zones.offsetMinutes(instant + MS_PER_DAY, timeZone)]) {
    if (other === offset) continue;
    const candidate = wall - other * MS_PER_MINUTE;
    if (candidate < earliest && zones.offsetMinutes(candidate, timeZone) === other) earliest = candidate;
  }
  return earliest;
}

/** Entries kept by {@link memoizeZoneOffsets} before it starts over. */
export const ZONE_OFFSET_CACHE_ENTRIES = 5000;

/**
 * Wraps a port with a cache keyed by (zone, instant). A pull of 10,000 rows asks for the same few
 * hundred midnights over and over, and each Apps Script call costs a Utilities.formatDate round trip.
 */
export function memoizeZoneOffsets(zones: ZoneOffsetPort, maxEntries = ZONE_OFFSET_CACHE_ENTRIES): ZoneOffsetPort {
  let cache: Record<string, number> = {};
  let size = 0;
  return {
    offsetMinutes(instantMs: number, timeZone: string): number {
      const key = `${timeZone}|${instantMs}`;
      const hit = cache[key];
      if (hit !== undefined) return hit;
      const offset = zones.offsetMinutes(instantMs, timeZone);
      if (size >= maxEntries) {
        cache = {};
        size = 0;
      }
      cache[key] = offset;
      size += 1;
      return offset;
    },
  };
}
