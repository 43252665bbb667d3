// Changing the spreadsheet's time zone: Sheets keeps date and datetime cells as wall-clock serials,
// so every such cell reads as another instant afterwards. Untouched rows must stay untouched (no
// datetime shifted in Zoho), datetimes must show their instant in the new zone, dates their day.
// Through the real pull, rezone and push over a grid that stores dates as Sheets does.

import { canonicalInstant, formatCalendarDate, zonedParts } from '../../../src/core/cells/time-zone';
import { rezoneSheet } from '../../../src/core/sync/rezone';
import { formatRowMeta, parseRowMeta } from '../../../src/core/sync/row-meta';
import { cell, column, DEFINITION, FIELDS, givenPulledSheet, lead, msOf, push, zones, type Sheet } from './helpers/sync-sheet';

function rezone(sheet: Sheet) {
  return rezoneSheet(DEFINITION, { grid: sheet.grid, state: sheet.state, fields: FIELDS, zones });
}

describe('changing the spreadsheet time zone', () => {
  it.each([
    ['west, Berlin to Los Angeles', 'Europe/Berlin', 'America/Los_Angeles'],
    ['east, Los Angeles to Kolkata', 'America/Los_Angeles', 'Asia/Kolkata'],
    ['across the date line, UTC to Auckland', 'UTC', 'Pacific/Auckland'],
    ['to UTC, from Tokyo', 'Asia/Tokyo', 'UTC'],
  ])('leaves untouched rows unsent and re-shows datetimes at their instant, dates on their day (%s)', (_case, from, to) => {
    const records = Array.from({ length: 30 }, (_, i) => lead(i));
    const sheet = givenPulledSheet(from, records);
    sheet.grid.zone = to;
    expect(msOf(cell(sheet, 2, 'Next Follow Up'))).not.toBe(Date.parse(String(records[0]!.Next_Follow_Up)));

    const outcome = rezone(sheet);
    const sent = push(sheet);

    expect(outcome).toEqual({ from, to, rows: 30 });
    expect(sent).toEqual([]);
    expect(sheet.state.state.zone).toBe(to);
    records.forEach((record, i) => {
      expect(msOf(cell(sheet, i + 2, 'Next Follow Up'))).toBe(Date.parse(String(record.Next_Follow_Up)));
      expect(formatCalendarDate(zonedParts(msOf(cell(sheet, i + 2, 'Last Contacted On')), to, zones))).toBe(record.Last_Contacted_On);
    });
  });

  it('sends only the edited field of a row, and an edited datetime as the user sees it now', () => {
    const records = Array.from({ length: 5 }, (_, i) => lead(i));
    const sheet = givenPulledSheet('Europe/Berlin', records);
    sheet.grid.set(3, column(sheet, 'Company'), 'Globex');
    sheet.grid.set(4, column(sheet, 'Next Follow Up'), new Date('2026-05-01T08:00:00Z')); // 10:00 in Berlin
    sheet.grid.zone = 'America/New_York';

    rezone(sheet);
    const sent = push(sheet);

    expect(sent).toEqual([
      { id: records[1]!.id, Company: 'Globex' },
      // The cell still shows 10:00, now read in New York.
      { id: records[2]!.id, Next_Follow_Up: '2026-05-01T10:00:00-04:00' },
    ]);
    expect(msOf(cell(sheet, 3, 'Next Follow Up'))).toBe(Date.parse(String(records[1]!.Next_Follow_Up)));
  });

  it('re-renders the untouched datetime of a row whose other field was edited, so only that field is sent', () => {
    const records = [lead(1)];
    const sheet = givenPulledSheet('Asia/Kolkata', records);
    sheet.grid.set(2, column(sheet, 'Last Name'), 'Renamed');
    sheet.grid.zone = 'America/Sao_Paulo';

    rezone(sheet);
    const sent = push(sheet);

    expect(sent).toEqual([{ id: records[0]!.id, Last_Name: 'Renamed' }]);
    expect(msOf(cell(sheet, 2, 'Next Follow Up'))).toBe(Date.parse(String(records[0]!.Next_Follow_Up)));
  });

  it.each([
    ['the repeated hour when clocks go back', '2026-10-25T00:30:00Z'],
    ['the same wall time an hour later', '2026-10-25T01:30:00Z'],
    ['a wall time that does not exist there (clocks go forward)', '2026-03-29T02:30:00Z'],
  ])('keeps a datetime whose wall clock in the new zone falls in %s', (_case, instant) => {
    const records = [lead(1, { Next_Follow_Up: instant })];
    const sheet = givenPulledSheet('UTC', records);
    sheet.grid.zone = 'Europe/Berlin';

    rezone(sheet);
    const sent = push(sheet);

    expect(sent).toEqual([]);
    const shown = msOf(cell(sheet, 2, 'Next Follow Up'));
    expect(canonicalInstant(shown, 'Europe/Berlin', zones)).toBe(canonicalInstant(Date.parse(instant), 'Europe/Berlin', zones));
  });

  it('does nothing more when run again, or when the zone did not change', () => {
    const sheet = givenPulledSheet('Europe/Berlin', [lead(1), lead(2)]);
    sheet.grid.zone = 'Asia/Tokyo';
    rezone(sheet);
    const after = sheet.grid.readValues(2, 1, 2, 7);

    const again = rezone(sheet);

    expect(again).toEqual({ from: 'Asia/Tokyo', to: 'Asia/Tokyo', rows: 0 });
    expect(sheet.grid.readValues(2, 1, 2, 7)).toEqual(after);
  });

  it('leaves rows already re-rendered alone when an interrupted run starts over', () => {
    const records = [lead(1), lead(2)];
    const sheet = givenPulledSheet('Europe/Berlin', records);
    sheet.grid.zone = 'Asia/Tokyo';
    rezone(sheet);
    sheet.state.save({ ...sheet.state.load(), zone: 'Europe/Berlin' });

    const outcome = rezone(sheet);
    const sent = push(sheet);

    expect(outcome.rows).toBe(0);
    expect(sent).toEqual([]);
    expect(msOf(cell(sheet, 2, 'Next Follow Up'))).toBe(Date.parse(String(records[0]!.Next_Follow_Up)));
  });

  it('lets a sheet synced before zones were recorded adopt the current zone, writing nothing', () => {
    const sheet = givenPulledSheet('Europe/Berlin', [lead(1)]);
    const { zone: _zone, ...older } = sheet.state.load();
    sheet.state.save(older);
    sheet.grid.resetCalls();

    const outcome = rezone(sheet);

    expect(outcome).toEqual({ from: null, to: 'Europe/Berlin', rows: 0 });
    expect(sheet.state.state.zone).toBe('Europe/Berlin');
    expect(sheet.grid.calls.writeValues).toBe(0);
  });

  it('judges a row saved without field hashes as a whole: untouched is re-rendered, edited is left as it is', () => {
    const records = [lead(1), lead(2)];
    const sheet = givenPulledSheet('Europe/Berlin', records);
    const metaColumn = column(sheet, 'Zoho sync data');
    for (const row of [2, 3]) {
      const { h: _h, ...meta } = parseRowMeta(sheet.grid.get(row, metaColumn))!;
      sheet.grid.set(row, metaColumn, formatRowMeta(meta));
    }
    sheet.grid.set(3, column(sheet, 'Company'), 'Edited');
    const editedShown = sheet.grid.get(3, column(sheet, 'Next Follow Up'));
    sheet.grid.zone = 'America/Chicago';
    const editedNow = msOf(cell(sheet, 3, 'Next Follow Up'));

    rezone(sheet);

    expect(msOf(cell(sheet, 2, 'Next Follow Up'))).toBe(Date.parse(String(records[0]!.Next_Follow_Up)));
    expect(msOf(cell(sheet, 3, 'Next Follow Up'))).toBe(editedNow);
    expect(msOf(editedShown)).toBe(Date.parse(String(records[1]!.Next_Follow_Up)));
    expect(push(sheet)).toEqual([]);
  });

  it('makes a fixed number of Sheets calls per 5,000 rows', () => {
    // A datetime and a date every 1,000 rows keep the test fast; every chunk still has some to move.
    const records = Array.from({ length: 12000 }, (_, i) => (i % 1000 ? lead(i, { Next_Follow_Up: null, Last_Contacted_On: null }) : lead(i)));
    const sheet = givenPulledSheet('Europe/Berlin', records);
    sheet.grid.zone = 'America/Los_Angeles';
    sheet.grid.resetCalls();

    rezone(sheet);

    // Per chunk: field columns and sync data read as 2 runs, the datetime column's formulas read,
    // then the datetime column and the sync data written; plus the header once.
    const chunks = 3;
    expect(sheet.grid.calls).toMatchObject({ readValues: 1 + 2 * chunks, readFormulas: chunks, writeValues: 2 * chunks });
    expect(push(sheet)).toEqual([]);
  });
});
