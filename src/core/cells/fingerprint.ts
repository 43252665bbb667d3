// Row fingerprints: a short hash of a row's synced cells as the last pull wrote them, compared with
// the same hash of getValues later to find the rows the user changed (typed, pasted, sorted into
// place or edited by a script: only the values matter, not how they got there).

import { canonicalInstant, MS_PER_DAY, roundToSecond, steadyOffsetMinutes, type ZoneOffsetPort } from './time-zone';

/** A row's fingerprint function; {@link zonedFingerprint} makes the one sync uses. */
export type RowFingerprint = (values: readonly unknown[]) => string;

/**
 * A stable 53-bit hash (cyrb53, base 36, at most 11 characters) of a row's cell values.
 *
 * Values are normalised to what getValues gives back for what setValues wrote, so a row the user
 * did not touch fingerprints the same before and after the round trip:
 * - a Date counts as its instant rounded to the second (a sheet stores day fractions, so an instant
 *   can come back a millisecond off; Zoho has no fractions of a second anyway), then passed through
 *   `instantOf` (identity by default; see {@link zonedFingerprint});
 * - a number counts by its canonical text, with -0 as 0;
 * - booleans, and strings as they are, except that one leading apostrophe is ignored: Sheets drops
 *   the apostrophe toSafeCellText adds, so "'00123" written and "00123" read are the same cell;
 * - '', null and undefined are all an empty cell.
 * Each value is tagged with its type and length, so 1 and "1", TRUE and "TRUE", or ["a,b"] and
 * ["a", "b"] never collide by construction; otherwise rows fingerprint equal iff their normalised
 * values are equal, up to hash collisions. For two different rows the chance of the same
 * fingerprint is about 2^-53 (1 in 9e15): over a million rows edited every day, a missed edit is
 * expected about once in 25 million years.
 */
export function fingerprintRow(values: readonly unknown[], instantOf: (ms: number) => number = sameInstant): string {
  let canonical = `${values.length}|`;
  for (const value of values) canonical += normalise(value, instantOf);
  return cyrb53(canonical).toString(36);
}

/**
 * The fingerprint of cells shown in `timeZone`: a Date counts as its wall-clock reading there
 * (canonicalInstant), so both instants of an hour repeated when clocks go back fingerprint alike,
 * as Sheets keeps only the reading and may hand back either. Every other instant counts as itself,
 * which keeps fingerprints saved before this change valid. Pass a memoised port: each Date asks
 * the offsets at a few whole UTC days, shared by every cell of the same days.
 */
export function zonedFingerprint(timeZone: string, zones: ZoneOffsetPort): RowFingerprint {
  // Whether a UTC day is far from any transition depends on the day alone; a push fingerprints
  // every row of the sheet, so remember it per day rather than asking the port per cell.
  const steadyDays = new Map<number, boolean>();
  const instantOf = (ms: number): number => {
    const day = Math.floor(ms / MS_PER_DAY);
    let steady = steadyDays.get(day);
    if (steady === undefined) {
      steady = steadyOffsetMinutes(ms, timeZone, zones) !== null;
      steadyDays.set(day, steady);
    }
    return steady ? ms : canonicalInstant(ms, timeZone, zones);
  };
  return (values) => fingerprintRow(values, instantOf);
}

function sameInstant(ms: number): number {
  return ms;
}

function tagged(tag: string, payload: string): string {
  return `${tag}${payload.length}:${payload}`;
}

function normalise(value: unknown, instantOf: (ms: number) => number): string {
  if (value === null || value === undefined || value === '') return 'e;';
  if (typeof value === 'string') return tagged('s', value.charAt(0) === "'" ? value.slice(1) : value);
  if (typeof value === 'number') return tagged('n', Object.is(value, -0) ? '0' : String(value));
  if (typeof value === 'boolean') return value ? 'b1;' : 'b0;';
  if (Object.prototype.toString.call(value) === '[object Date]') {
    const ms = (value as Date).getTime();
    return tagged('d', isNaN(ms) ? 'NaN' : String(instantOf(roundToSecond(ms))));
  }
  return tagged('o', String(value));
}

/**
 * cyrb53 by bryc (public domain): two 32-bit multiply-xorshift lanes folded into 53 bits, the most a
 * JS number holds exactly. Works on UTF-16 code units, which is fine: equal strings have equal units.
 */
function cyrb53(text: string, seed = 0): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}
