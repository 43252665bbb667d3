import {
  canonicalInstant, formatZohoDate, formatZohoDateTime, instantToWallClockMs, memoizeZoneOffsets, parseRfc822Offset,
  steadyOffsetMinutes, wallClockMsToInstant, zonedMidnight, zonedParts, zonedWallTimeToInstant,
} from '../../../src/core/cells/time-zone';
import { IntlZoneOffsets, intlZones } from './helpers/intl-zone-offsets';

describe('zonedMidnight', () => {
  it.each([
    ['an ordinary day in Los Angeles (PST)', 2026, 1, 15, 'America/Los_Angeles', '2026-01-15T08:00:00.000Z'],
    ['the spring-forward day in Los Angeles (midnight is still PST)', 2026, 3, 8, 'America/Los_Angeles', '2026-03-08T08:00:00.000Z'],
    ['the day after spring-forward (PDT)', 2026, 3, 9, 'America/Los_Angeles', '2026-03-09T07:00:00.000Z'],
    ['the fall-back day in Los Angeles (midnight is still PDT)', 2026, 11, 1, 'America/Los_Angeles', '2026-11-01T07:00:00.000Z'],
    ['a day in Kolkata (+05:30)', 2026, 1, 31, 'Asia/Kolkata', '2026-01-30T18:30:00.000Z'],
    ['a day in Tokyo (+09:00)', 2026, 7, 1, 'Asia/Tokyo', '2026-06-30T15:00:00.000Z'],
    ['a day in UTC', 2024, 2, 29, 'UTC', '2024-02-29T00:00:00.000Z'],
    ['a day whose midnight was skipped (Sao Paulo 2018): the day starts at 01:00', 2018, 11, 4, 'America/Sao_Paulo', '2018-11-04T03:00:00.000Z'],
    ['a year before 100 (no Date.UTC two-digit year surprise)', 50, 6, 1, 'UTC', '0050-06-01T00:00:00.000Z'],
  ])('gives 00:00 of %s', (_case, year, month, day, zone, expected) => {
    const instant = zonedMidnight(year, month, day, zone, intlZones);

    expect(new Date(instant).toISOString()).toBe(expected);
  });
});

describe('zonedWallTimeToInstant', () => {
  it.each([
    ['02:30 on the spring-forward day does not exist: moved on by the gap to 03:30 PDT', 2026, 3, 8, 2, 30, '2026-03-08T10:30:00.000Z'],
    ['01:30 on the fall-back day happens twice: the first (PDT) one', 2026, 11, 1, 1, 30, '2026-11-01T08:30:00.000Z'],
    ['03:00 on the spring-forward day', 2026, 3, 8, 3, 0, '2026-03-08T10:00:00.000Z'],
    ['23:59:59 on an ordinary day', 2026, 1, 15, 23, 59, '2026-01-16T07:59:00.000Z'],
  ])('reads %s', (_case, year, month, day, hour, minute, expected) => {
    const instant = zonedWallTimeToInstant({ year, month, day, hour, minute, second: 0 }, 'America/Los_Angeles', intlZones);

    expect(new Date(instant).toISOString()).toBe(expected);
  });
});

describe('zonedParts', () => {
  it('reads the wall clock of an instant in the given zone', () => {
    const instant = Date.parse('2026-03-08T10:30:15.900Z');

    const inLosAngeles = zonedParts(instant, 'America/Los_Angeles', intlZones);
    const inKolkata = zonedParts(instant, 'Asia/Kolkata', intlZones);

    expect(inLosAngeles).toEqual({ year: 2026, month: 3, day: 8, hour: 3, minute: 30, second: 15 });
    expect(inKolkata).toEqual({ year: 2026, month: 3, day: 8, hour: 16, minute: 0, second: 15 });
  });
});

describe('formatZohoDateTime', () => {
  it.each([
    ['2026-03-08T10:30:00.000Z', 'America/Los_Angeles', '2026-03-08T03:30:00-07:00'],
    ['2026-03-08T09:30:00.000Z', 'America/Los_Angeles', '2026-03-08T01:30:00-08:00'],
    ['2026-01-01T04:30:00.000Z', 'Asia/Kolkata', '2026-01-01T10:00:00+05:30'],
    ['2026-01-01T04:30:00.000Z', 'UTC', '2026-01-01T04:30:00+00:00'],
    ['2026-01-01T04:30:00.000Z', 'America/St_Johns', '2026-01-01T01:00:00-03:30'],
    ['2025-12-31T23:59:59.999Z', 'UTC', '2026-01-01T00:00:00+00:00'],
    ['2026-06-30T15:00:00.400Z', 'Asia/Tokyo', '2026-07-01T00:00:00+09:00'],
  ])('writes %s in %s as %s', (instant, zone, expected) => {
    const text = formatZohoDateTime(Date.parse(instant), zone, intlZones);

    expect(text).toBe(expected);
  });
});

describe('formatZohoDate', () => {
  it.each([
    ['2026-01-30T18:30:00.000Z', 'Asia/Kolkata', '2026-01-31'],
    ['2026-01-30T18:30:00.000Z', 'America/Los_Angeles', '2026-01-30'],
    ['2026-01-30T18:29:59.999Z', 'Asia/Kolkata', '2026-01-31'],
  ])('gives the calendar day of %s in %s', (instant, zone, expected) => {
    expect(formatZohoDate(Date.parse(instant), zone, intlZones)).toBe(expected);
  });
});

describe('parseRfc822Offset', () => {
  it.each([
    ['+0530', 330], ['-0800', -480], ['+0000', 0], ['-0330', -210], ['+1345', 825],
    ['+05:30', null], ['GMT', null], ['', null],
  ])('reads %j as %j minutes', (text, expected) => {
    expect(parseRfc822Offset(text)).toBe(expected);
  });
});

describe('memoizeZoneOffsets', () => {
  it('asks the platform once per distinct day when many rows share dates', () => {
    const platform = new IntlZoneOffsets();
    const zones = memoizeZoneOffsets(platform);

    for (let row = 0; row < 1000; row += 1) zonedMidnight(2026, 1 + (row % 3), 15, 'Asia/Kolkata', zones);

    expect(platform.calls).toBeLessThanOrEqual(3 * 5);
  });

  it('still answers correctly after the cache starts over', () => {
    const zones = memoizeZoneOffsets(new IntlZoneOffsets(), 2);

    const answers = [0, 3, 6, 11].map((month) => zones.offsetMinutes(Date.UTC(2026, month, 1), 'America/Los_Angeles'));

    expect(answers).toEqual([-480, -420, -420, -480]);
  });
});

describe('canonicalInstant', () => {
  it.each([
    ['Berlin, 02:30 CEST on the fall-back day', '2026-10-25T00:30:00Z', 'Europe/Berlin', '2026-10-25T00:30:00.000Z'],
    ['Berlin, 02:30 CET on the fall-back day (the same wall time, an hour later)', '2026-10-25T01:30:00Z', 'Europe/Berlin', '2026-10-25T00:30:00.000Z'],
    ['Los Angeles, 01:30 PST on the fall-back day', '2026-11-01T09:30:00Z', 'America/Los_Angeles', '2026-11-01T08:30:00.000Z'],
    ['Lord Howe, 01:45 at +10:30 (a half-hour change)', '2026-04-04T15:15:00Z', 'Australia/Lord_Howe', '2026-04-04T14:45:00.000Z'],
  ])('gives both instants of a repeated wall time the earlier one: %s', (_case, instant, zone, expected) => {
    expect(new Date(canonicalInstant(Date.parse(instant), zone, intlZones)).toISOString()).toBe(expected);
  });

  it.each([
    ['Berlin, an ordinary summer afternoon', '2026-07-01T13:00:00Z', 'Europe/Berlin'],
    ['Berlin, just before the repeated hour', '2026-10-25T00:29:59Z', 'Europe/Berlin'],
    ['Berlin, just after the repeated hour', '2026-10-25T02:00:00Z', 'Europe/Berlin'],
    ['Berlin, 03:30 right after the spring-forward gap', '2026-03-29T01:30:00Z', 'Europe/Berlin'],
    ['Los Angeles, 00:30 on the fall-back day', '2026-11-01T07:30:00Z', 'America/Los_Angeles'],
    ['Kolkata (no daylight saving)', '2026-10-25T00:30:00Z', 'Asia/Kolkata'],
    ['Sydney, southern summer', '2026-01-10T00:00:00Z', 'Australia/Sydney'],
    ['UTC', '2026-10-25T01:30:00Z', 'UTC'],
  ])('keeps every other instant as it is: %s', (_case, instant, zone) => {
    expect(canonicalInstant(Date.parse(instant), zone, intlZones)).toBe(Date.parse(instant));
  });

  it('rounds to the second, as a cell read back may be a millisecond off', () => {
    expect(canonicalInstant(Date.parse('2026-07-01T13:00:00Z') - 1, 'Europe/Berlin', intlZones)).toBe(Date.parse('2026-07-01T13:00:00Z'));
  });
});

describe('steadyOffsetMinutes', () => {
  it.each([
    ['a summer day in Berlin', '2026-07-01T12:00:00Z', 'Europe/Berlin', 120],
    ['a day in Kolkata', '2026-10-25T12:00:00Z', 'Asia/Kolkata', 330],
    ['the fall-back day in Berlin', '2026-10-25T12:00:00Z', 'Europe/Berlin', null],
    ['the day before spring-forward in Los Angeles', '2026-03-07T12:00:00Z', 'America/Los_Angeles', null],
  ])('names the offset kept a day either side, or null near a change: %s', (_case, instant, zone, expected) => {
    expect(steadyOffsetMinutes(Date.parse(instant), zone, intlZones)).toBe(expected);
  });
});

describe('wall clocks as local-epoch ms', () => {
  it.each([
    ['Kolkata', '2026-01-01T04:30:00Z', 'Asia/Kolkata', '2026-01-01T10:00:00.000Z'],
    ['Los Angeles in summer', '2026-07-01T19:00:00Z', 'America/Los_Angeles', '2026-07-01T12:00:00.000Z'],
    ['Berlin, the second 02:30 of the fall-back day', '2026-10-25T01:30:00Z', 'Europe/Berlin', '2026-10-25T02:30:00.000Z'],
  ])('reads the wall clock of an instant in %s', (_case, instant, zone, wall) => {
    expect(new Date(instantToWallClockMs(Date.parse(instant), zone, intlZones)).toISOString()).toBe(wall);
  });

  it.each([
    ['Kolkata', '2026-01-01T10:00:00Z', 'Asia/Kolkata', '2026-01-01T04:30:00.000Z'],
    ['Berlin, a repeated 02:30: the earlier instant', '2026-10-25T02:30:00Z', 'Europe/Berlin', '2026-10-25T00:30:00.000Z'],
    ['Berlin, a skipped 02:30: moved on by the gap', '2026-03-29T02:30:00Z', 'Europe/Berlin', '2026-03-29T01:30:00.000Z'],
  ])('finds the instant of a wall clock in %s', (_case, wall, zone, instant) => {
    expect(new Date(wallClockMsToInstant(Date.parse(wall), zone, intlZones)).toISOString()).toBe(instant);
  });
});
