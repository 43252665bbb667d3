// The benchmark keeps the sheet's cells in a cell store in its own process, as Sheets keeps them
// outside the script's memory. A sync must give the same sheet either way, through the real
// bundle: same values, formats, formulas, checkboxes; and Sheets' own errors must still reach
// the script.
import { AppsScriptRuntime } from '../../emulators/apps-script/runtime';
import { spawnCellStore, type RunningCellStore } from '../../emulators/apps-script/cell-store';
import { givenConnectedUser, givenSyncedSheet, givenWorld, type World } from '../helpers/world';

const FIELDS = ['Last_Name', 'Company', 'Email', 'Lead_Status', 'Annual_Revenue', 'Last_Contacted_On', 'Email_Opt_Out', 'Products_Interested'];

const worlds: World[] = [];
afterEach(async () => {
  await Promise.all(worlds.splice(0).map((w) => w.stop()));
});

async function pulledWorld(cellStore: boolean): Promise<World> {
  const world = await givenWorld({ records: 10, cellStore });
  worlds.push(world);
  await world.zoho.admin.reset({ moduleSizes: { Leads: 450 } });
  await givenConnectedUser(world, 'eu');
  givenSyncedSheet(world, 'Leads', 'Leads', FIELDS);
  const result = world.rpc('syncNow');
  if (!result.ok) throw new Error(result.error?.message);
  return world;
}

function everything(world: World): unknown[] {
  const sheet = world.runtime.getSpreadsheet(world.spreadsheetId)!.sheet('Leads')!;
  const block = { row: 1, col: 1, numRows: sheet.lastRow(), numCols: sheet.lastColumn() };
  // A pushed record's Modified_Time is the second its own emulator applied the write: the two
  // worlds push at different moments, so that one timestamp may differ and is left out.
  const sameAnyTime = (v: unknown): unknown => (typeof v === 'string' ? v.replace(/"m":"[^"]*"/, '"m":"…"') : v);
  return (['values', 'formulas', 'formats', 'extras'] as const).map((kind) => sheet.readGrid(block, kind).map((row) => row.map(sameAnyTime)));
}

describe('cells kept in a cell store', () => {
  it('a pull, an edit pushed and a pull again give the same sheet as cells kept in the runtime', async () => {
    const [local, remote] = await Promise.all([pulledWorld(false), pulledWorld(true)]);
    for (const world of [local, remote]) {
      world.runtime.getSpreadsheet(world.spreadsheetId)!.sheet('Leads')!.writeValue(5, 2, 'Globex Corporation');
      expect(world.rpc('syncNow').ok).toBe(true);
    }

    const localSheet = everything(local);
    const remoteSheet = everything(remote);

    expect(remoteSheet).toEqual(localSheet);
    expect((localSheet[0] as unknown[][]).length).toBe(451);
    // The runtime itself holds none of the remote workbook's cells.
    const remoteData = remote.runtime.getSpreadsheet(remote.spreadsheetId)!.sheet('Leads')!.data;
    expect(remoteData.rows.filter(Boolean)).toHaveLength(0);
  });

  describe('through SpreadsheetApp', () => {
    let store: RunningCellStore;
    let runtime: AppsScriptRuntime;
    let spreadsheetId: string;
    beforeEach(async () => {
      store = await spawnCellStore();
      runtime = new AppsScriptRuntime({ cellStoreUrl: store.url, countCpuTime: false });
      spreadsheetId = runtime.createSpreadsheet({ timeZone: 'Asia/Kolkata' }).id;
    });
    afterEach(async () => {
      runtime.close();
      await store.stop();
    });

    it('carries dates, text that looks like numbers, formulas and checkboxes there and back', () => {
      const result = runtime.evaluate<unknown[]>(`
        var sheet = SpreadsheetApp.getActiveSpreadsheet().getSheets()[0];
        sheet.getRange('A1:D1').setValues([[new Date('2026-03-01T10:30:00Z'), "'00123", '=1+2', true]]);
        sheet.getRange('B2').setNumberFormat('@').setValue('00456');
        sheet.getRange('D2').insertCheckboxes();
        [sheet.getRange('A1:D2').getValues(), sheet.getRange('A1:D1').getDisplayValues(), sheet.getRange('C1').getFormula(),
         sheet.getRange('D2').isChecked(), sheet.getLastRow(), sheet.getLastColumn()]`, { spreadsheetId });

      expect(result.error?.message).toBeUndefined();
      expect(result.value).toEqual([
        [[new Date('2026-03-01T10:30:00Z'), '00123', 3, true], ['', '00456', '', false]],
        [['3/1/2026 16:00:00', '00123', '3', 'TRUE']],
        '=1+2', false, 2, 4,
      ]);
    });

    it('refuses a cell of more than 50,000 characters with Sheets\' message', () => {
      const result = runtime.evaluate(`SpreadsheetApp.getActiveSpreadsheet().getSheets()[0].getRange('A1').setValue(new Array(50002).join('x'))`, { spreadsheetId });

      expect(result.ok).toBe(false);
      expect(result.error?.message).toMatch(/50000 characters/);
    });

    it('refuses to save cells it does not hold', () => {
      expect(() => runtime.save('/tmp/never-written.json')).toThrow(/cell store/);
    });
  });
});
