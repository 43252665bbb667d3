import { parseZohoDate, parseZohoDateTime, parseZohoDateTimeParts } from '../../../src/core/cells/zoho-time';

describe('parseZohoDateTime', () => {
  it.each([
    ['2024-05-01T10:00:00+05:30', '2024-05-01T04:30:00.000Z'],
    ['2026-03-08T02:30:00-08:00', '2026-03-08T10:30:00.000Z'],
    ['2026-01-01T00:00:00Z', '2026-01-01T00:00:00.000Z'],
    ['2026-01-01T09:00:00+09:00', '2026-01-01T00:00:00.000Z'],
    ['2024-02-29T23:59:59-00:00', '2024-02-29T23:59:59.000Z'],
    ['2026-12-31T23:00:00-14:00', '2027-01-01T13:00:00.000Z'],
  ])('reads %s as the instant %s', (text, expected) => {
    const instant = parseZohoDateTime(text);

    expect(instant === null ? null : new Date(instant).toISOString()).toBe(expected);
  });

  it('keeps the offset the value was written with', () => {
    expect(parseZohoDateTimeParts('2026-01-01T10:00:00+09:00')).toEqual({ instantMs: Date.parse('2026-01-01T01:00:00Z'), offsetMinutes: 540 });
  });

  it.each([
    ['no offset', '2026-01-01T10:00:00'],
    ['a fraction of a second', '2026-01-01T10:00:00.000Z'],
    ['a space instead of T', '2026-01-01 10:00:00+05:30'],
    ['an offset without colon', '2026-01-01T10:00:00+0530'],
    ['February 30th', '2026-02-30T10:00:00Z'],
    ['February 29th in a common year', '2025-02-29T10:00:00Z'],
    ['hour 24', '2026-01-01T24:00:00Z'],
    ['a leap second', '2026-06-30T23:59:60Z'],
    ['minute 60 in the offset', '2026-01-01T10:00:00+05:60'],
    ['an offset past 18 hours', '2026-01-01T10:00:00+19:00'],
    ['month 13', '2026-13-01T10:00:00Z'],
    ['year 0', '0000-01-01T10:00:00Z'],
    ['a date only', '2026-01-01'],
    ['trailing text', '2026-01-01T10:00:00Zjunk'],
    ['a lower-case z', '2026-01-01T10:00:00z'],
    ['an empty string', ''],
  ])('refuses %s', (_case, text) => {
    expect(parseZohoDateTime(text)).toBeNull();
  });
});

describe('parseZohoDate', () => {
  it.each([
    ['2026-01-31', { year: 2026, month: 1, day: 31 }],
    ['2024-02-29', { year: 2024, month: 2, day: 29 }],
    ['2000-02-29', { year: 2000, month: 2, day: 29 }],
    ['0001-01-01', { year: 1, month: 1, day: 1 }],
  ])('reads %s', (text, expected) => {
    expect(parseZohoDate(text)).toEqual(expected);
  });

  it.each([
    ['2026-02-30'], ['2025-02-29'], ['1900-02-29'], ['2026-04-31'], ['2026-00-10'], ['2026-01-00'],
    ['2026-1-5'], ['26-01-05'], ['2026/01/05'], ['2026-01-05T00:00:00Z'], [' 2026-01-05'], [''],
  ])('refuses %j', (text) => {
    expect(parseZohoDate(text)).toBeNull();
  });
});
