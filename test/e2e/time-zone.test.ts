// Time zones, through the real bundle in the Apps Script runtime against the Zoho emulator. Sheets
// keeps date and datetime cells as wall-clock serials in the spreadsheet's zone: when the user
// changes that zone, or a datetime falls in the hour repeated when clocks go back, no untouched
// row may look edited and no datetime may move in Zoho.

import type { SyncNowResult } from '../../src/shared/rpc';
import {
  changeSpreadsheetTimeZone, columnOf, givenConnectedUser, givenSyncedSheet, givenWorld, isDate, sheetValues, type World,
} from '../helpers/world';

let world: World;
afterEach(async () => {
  await world?.stop();
});

const FIELDS = ['Last_Name', 'Company', 'Next_Follow_Up', 'Last_Contacted_On'];
const LEADS = 40;

async function givenPulledSheet(timeZone = 'Europe/Berlin'): Promise<World> {
  const w = await givenWorld({ records: 10, timeZone });
  await w.zoho.admin.reset({ moduleSizes: { Leads: LEADS } });
  await givenConnectedUser(w, 'eu');
  givenSyncedSheet(w, 'Leads', 'Leads', FIELDS);
  run(w, 'syncNow');
  return w;
}

function run(w: World, fn: 'syncNow' | 'pushChanges') {
  const result = w.rpc<SyncNowResult>(fn);
  if (!result.ok) throw new Error(`${fn} failed: ${result.error?.message}`);
  return result;
}

function sheet(w: World) {
  return w.runtime.getSpreadsheet(w.spreadsheetId)!.sheet('Leads')!;
}

function cell(w: World, row: number, header: string): unknown {
  const values = sheetValues(w, 'Leads');
  return values[row - 1]![columnOf(values, header)];
}

function shown(w: World, row: number, header: string): string {
  return sheet(w).displayValue(row, columnOf(sheetValues(w, 'Leads'), header) + 1);
}

/** Rows 2.. whose record has a datetime and a date, with their record ids. */
function rowsWithBoth(w: World): Array<{ row: number; id: string }> {
  const values = sheetValues(w, 'Leads');
  const [dt, d, id] = ['Next Follow Up', 'Last Contacted On', 'Zoho record ID'].map((h) => columnOf(values, h));
  return values.flatMap((line, i) => (i > 0 && isDate(line[dt!]) && isDate(line[d!]) ? [{ row: i + 1, id: String(line[id!]) }] : []));
}

async function zohoRecords(w: World): Promise<Record<string, Record<string, unknown>>> {
  const page = await w.zoho.admin.listRecords('eu', 'Leads', { limit: 1000 });
  return Object.fromEntries(page.records.map((r) => [r.id, r]));
}

/** A datetime as the sheet shows it in `timeZone` (the column's yyyy-mm-dd hh:mm:ss format). */
function wallClock(instant: number, timeZone: string): string {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-US', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
  }).formatToParts(new Date(instant)).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
}

describe('changing the spreadsheet time zone', () => {
  it.each([
    ['west', 'America/Los_Angeles'],
    ['east', 'Asia/Kolkata'],
  ])('sends nothing for untouched rows and moves no datetime in Zoho (%s, %s)', async (_case, zone) => {
    world = await givenPulledSheet();
    const before = await zohoRecords(world);
    const { row, id } = rowsWithBoth(world)[0]!;
    changeSpreadsheetTimeZone(world, zone);
    // What a push would otherwise read: the same wall clock, now another instant.
    expect((cell(world, row, 'Next Follow Up') as Date).getTime()).not.toBe(Date.parse(String(before[id]!.Next_Follow_Up)));

    const pushed = run(world, 'pushChanges');

    expect(pushed.counters.urlfetchCalls).toBe(0);
    expect(pushed.value!.pushed![0]).toMatchObject({ updated: 0, inserted: 0, failed: 0, pending: 0 });
    expect(await zohoRecords(world)).toEqual(before);
  });

  it('sends only the field edited in a row with a datetime, never its datetime', async () => {
    world = await givenPulledSheet();
    const { row, id } = rowsWithBoth(world)[0]!;
    const before = await world.zoho.admin.getRecord('eu', 'Leads', id);
    changeSpreadsheetTimeZone(world, 'America/New_York');
    sheet(world).writeValue(row, columnOf(sheetValues(world, 'Leads'), 'Company') + 1, 'Globex Corporation');

    const pushed = run(world, 'pushChanges');

    const after = await world.zoho.admin.getRecord('eu', 'Leads', id);
    expect(pushed.value!.pushed![0]).toMatchObject({ updated: 1, failed: 0 });
    expect(after.Company).toBe('Globex Corporation');
    expect(after.Next_Follow_Up).toBe(before.Next_Follow_Up);
    expect(after.Last_Contacted_On).toBe(before.Last_Contacted_On);
    // Everything else as it was, but what Zoho itself derives from the write.
    const { Company: _c, Modified_Time: _m, Modified_By: _b, Last_Activity_Time: _a, Days_In_Pipeline: _d, ...unchanged } = before;
    expect(after).toMatchObject(unchanged);
  });

  it('shows datetimes at their instant in the new zone and dates on their day after the next sync', async () => {
    world = await givenPulledSheet();
    const rows = rowsWithBoth(world);
    const days = rows.map(({ row }) => shown(world, row, 'Last Contacted On'));
    const zoho = await zohoRecords(world);
    changeSpreadsheetTimeZone(world, 'Asia/Kolkata');

    const synced = run(world, 'syncNow');

    expect(synced.value!.pushed![0]).toMatchObject({ updated: 0 });
    expect(rows.length).toBeGreaterThan(3);
    rows.forEach(({ row, id }, i) => {
      const instant = Date.parse(String(zoho[id]!.Next_Follow_Up));
      expect((cell(world, row, 'Next Follow Up') as Date).getTime()).toBe(instant);
      expect(shown(world, row, 'Next Follow Up')).toBe(wallClock(instant, 'Asia/Kolkata'));
      expect(shown(world, row, 'Last Contacted On')).toBe(days[i]);
      expect(shown(world, row, 'Last Contacted On')).toBe(zoho[id]!.Last_Contacted_On);
    });
    expect(run(world, 'pushChanges').counters.urlfetchCalls).toBe(0);
  });
});

describe('a datetime in the hour repeated when clocks go back', () => {
  it.each([
    ['at summer time', '2026-10-25T02:30:00+02:00'],
    ['at winter time', '2026-10-25T02:30:00+01:00'],
  ])('is pulled and pushed again without sending anything (%s)', async (_case, value) => {
    world = await givenPulledSheet();
    const { id } = rowsWithBoth(world)[0]!;
    await world.zoho.admin.advanceClock(60);
    await world.zoho.admin.patchRecord('eu', 'Leads', id, { Next_Follow_Up: value });
    run(world, 'syncNow');
    const before = await world.zoho.admin.getRecord('eu', 'Leads', id);

    const pushed = run(world, 'pushChanges');

    expect(pushed.counters.urlfetchCalls).toBe(0);
    expect(await world.zoho.admin.getRecord('eu', 'Leads', id)).toEqual(before);
  });
});
