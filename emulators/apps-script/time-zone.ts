// Wall-clock arithmetic in IANA time zones with Intl only (no tz database of our own). Used for
// Utilities.formatDate, date cells (serial numbers are wall-clock time in the spreadsheet's zone)
// and trigger schedules (`atHour` is read in the trigger's zone).

export interface WallClock {
  year: number; month: number; /* 1-12 */ day: number; hour: number; minute: number; second: number; ms: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric',
      hour: 'numeric', minute: 'numeric', second: 'numeric', era: 'short',
    });
    formatters.set(tz, f);
  }
  return f;
}

/** True when Intl knows the zone. */
export function isValidTimeZone(tz: string): boolean {
  try { formatterFor(tz); return true; } catch { return false; }
}

/** The wall clock of an instant in a zone. */
export function toWallClock(ms: number, tz: string): WallClock {
  const parts = formatterFor(tz).formatToParts(new Date(ms));
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  let year = get('year');
  if (parts.find((p) => p.type === 'era')?.value === 'BC') year = 1 - year;
  return { year, month: get('month'), day: get('day'), hour: get('hour') % 24, minute: get('minute'), second: get('second'), ms: ((ms % 1000) + 1000) % 1000 };
}

/** Offset of the zone from UTC at an instant, in minutes (east positive). */
export function offsetMinutes(ms: number, tz: string): number {
  const w = toWallClock(ms, tz);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second, w.ms);
  return Math.round((asUtc - ms) / 60000);
}

/** The instant a wall-clock time denotes in a zone (the earlier one in a DST overlap). */
export function fromWallClock(w: WallClock, tz: string): number {
  const guess = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second, w.ms);
  let ms = guess - offsetMinutes(guess, tz) * 60000;
  ms = guess - offsetMinutes(ms, tz) * 60000;
  return ms;
}
