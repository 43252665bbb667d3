// Rows that people move in a synced sheet, through the real bundle in the Apps Script runtime
// against the Zoho emulator: what a sort, a paste or a deletion by a rep does to the next sync.

import type { SyncDefinitionView, SyncNowResult } from '../../src/shared/rpc';
import { givenPulledLeads, leadsCell, leadsColumn, leadsSheet, leadsStatusNote, REP, sheetValues, typeInLeads, type World } from '../helpers/world';

let world: World;
afterEach(async () => {
  await world?.stop();
});

const FIELDS = ['Last_Name', 'Company'];

async function leadsInZoho(w: World): Promise<Array<Record<string, unknown>>> {
  return (await w.zoho.admin.listRecords('eu', 'Leads', { limit: 1000 })).records;
}

describe('a sort that takes the header row along (Data > Sort range without "Data has header row")', () => {
  it('stops the sync with a message that says so, writes nothing, and sends the edit once the sort is undone', async () => {
    world = await givenPulledLeads(5, FIELDS);
    typeInLeads(world, 3, 'Company', 'Edited Before Sorting GmbH');
    const editedId = String(leadsCell(world, 3, 'Zoho record ID'));
    const sheet = leadsSheet(world);
    const unsorted = sheet.exportRows();
    const leadsBefore = await leadsInZoho(world);
    sheet.sortRows(1, sheet.lastRow(), 1);
    const sorted = JSON.stringify(sheetValues(world, 'Leads'));
    expect(sheetValues(world, 'Leads')[0]![0]).not.toBe('Last Name');

    const result = world.rpc<SyncNowResult>('syncNow');

    expect(result.ok).toBe(false);
    expect(result.error!.message).toMatch(/^Row 1 of sheet "Leads" holds a record, not the column headers: the header row was probably sorted into the data .*Undo that .*Nothing was changed\.$/);
    expect(JSON.stringify(sheetValues(world, 'Leads'))).toBe(sorted);
    expect(await leadsInZoho(world)).toEqual(leadsBefore);

    sheet.importRows(unsorted); // Edit > Undo
    const again = world.rpc<SyncNowResult>('syncNow');

    expect(again.value!.pushed).toEqual([expect.objectContaining({ updated: 1, inserted: 0, failed: 0 })]);
    expect((await world.zoho.admin.getRecord('eu', 'Leads', editedId)).Company).toBe('Edited Before Sorting GmbH');
    expect((await leadsInZoho(world)).length).toBe(leadsBefore.length);
    expect(sheetValues(world, 'Leads')[0]!.slice(0, 2)).toEqual(['Last Name', 'Company']);
    expect(leadsColumn(world, 'Company')).toBe(2);
  });

  it('stops the same way when the rep deleted the header row, and the record now on top keeps its values', async () => {
    world = await givenPulledLeads(5, FIELDS);
    leadsSheet(world).deleteRows(1, 1);
    const after = JSON.stringify(sheetValues(world, 'Leads'));

    const result = world.rpc<SyncNowResult>('syncNow');

    expect(result.error?.message).toMatch(/^Row 1 of sheet "Leads" holds a record, not the column headers: .*, deleted, or moved down .*Undo that/);
    expect(JSON.stringify(sheetValues(world, 'Leads'))).toBe(after);
  });

  it('stops the same way, keeping the title, when the rep inserted a title row above the headers', async () => {
    world = await givenPulledLeads(5, FIELDS);
    leadsSheet(world).insertRows(0, 1);
    leadsSheet(world).writeValue(1, 1, 'Q3 pipeline');
    leadsSheet(world).writeValue(1, 2, 'kept by Lena');
    const after = JSON.stringify(sheetValues(world, 'Leads'));

    const result = world.rpc<SyncNowResult>('syncNow');

    expect(result.error?.message).toMatch(/^Row 1 of sheet "Leads" holds a row of data, not the column headers: .*moved down by a row inserted above it\. .*the headers must stay in row 1/);
    expect(JSON.stringify(sheetValues(world, 'Leads'))).toBe(after);
  });

  it('keeps a new row the sort put on top, and sends it once the sort is undone', async () => {
    world = await givenPulledLeads(5, FIELDS);
    typeInLeads(world, 7, 'Last Name', '!Aaron Typed First');
    typeInLeads(world, 7, 'Company', 'On Top GmbH');
    const sheet = leadsSheet(world);
    const unsorted = sheet.exportRows();
    sheet.sortRows(1, sheet.lastRow(), 1);
    expect(sheetValues(world, 'Leads')[0]!.slice(0, 2)).toEqual(['!Aaron Typed First', 'On Top GmbH']);

    const result = world.rpc<SyncNowResult>('syncNow');

    expect(result.error?.message).toMatch(/^Row 1 of sheet "Leads" holds a row of data, not the column headers: .*Nothing was changed\.$/);
    expect(sheetValues(world, 'Leads')[0]!.slice(0, 2)).toEqual(['!Aaron Typed First', 'On Top GmbH']);

    sheet.importRows(unsorted); // Edit > Undo
    const again = world.rpc<SyncNowResult>('syncNow');

    expect(again.value!.pushed).toEqual([expect.objectContaining({ inserted: 1, failed: 0 })]);
    expect((await leadsInZoho(world)).filter((r) => r.Last_Name === '!Aaron Typed First')).toHaveLength(1);
  });
});

describe('a duplicated synced tab whose original stops syncing', () => {
  it('becomes the synced sheet once the rep removes the original\'s sync: its edit is sent once, the original sends nothing', async () => {
    world = await givenPulledLeads(5, FIELDS);
    const book = world.runtime.getSpreadsheet(world.spreadsheetId)!;
    const copyName = book.duplicateSheet('Leads');
    const copy = book.sheet(copyName)!;
    const id = String(leadsCell(world, 3, 'Zoho record ID'));
    copy.writeValue(3, leadsColumn(world, 'Company'), 'Edited In The Copy');
    typeInLeads(world, 4, 'Company', 'Edited In The Plain Original');
    const removed = world.rpc<SyncDefinitionView[]>('removeSyncDefinition', ['Leads']);
    expect(removed.value!.map((v) => v.sheetName)).toEqual([copyName]);

    const result = world.rpc<SyncNowResult>('syncNow');

    expect(result.value!.refused ?? []).toEqual([]);
    expect(result.value!.pushed).toEqual([expect.objectContaining({ sheet: copyName, updated: 1, inserted: 0, failed: 0 })]);
    expect((await world.zoho.admin.getRecord('eu', 'Leads', id)).Company).toBe('Edited In The Copy');
    expect((await world.zoho.admin.getRecord('eu', 'Leads', String(leadsCell(world, 4, 'Zoho record ID')))).Company).not.toBe('Edited In The Plain Original');
    expect(world.rpc<SyncDefinitionView[]>('listSyncDefinitions').value!).toEqual([expect.objectContaining({ sheetName: copyName, problem: null })]);
  });
});

describe('a synced row the rep deletes', () => {
  it('deletes nothing in Zoho, sends nothing, stays out of the sheet sync after sync, and comes back once when a colleague changes its record', async () => {
    world = await givenPulledLeads(5, FIELDS);
    const id = String(leadsCell(world, 3, 'Zoho record ID'));
    const recordBefore = await world.zoho.admin.getRecord('eu', 'Leads', id);
    leadsSheet(world).deleteRows(3, 1);
    const ids = (): string[] => sheetValues(world, 'Leads').slice(1).map((r) => String(r[leadsColumn(world, 'Zoho record ID') - 1]));

    const runs = [world.rpc<SyncNowResult>('syncNow'), world.rpc<SyncNowResult>('syncNow')];

    expect(runs.map((r) => r.value!.pushed)).toEqual(runs.map(() => [expect.objectContaining({ updated: 0, inserted: 0, failed: 0 })]));
    expect(ids()).not.toContain(id);
    expect(await world.zoho.admin.getRecord('eu', 'Leads', id)).toEqual(recordBefore);

    world.runtime.clock.advance(60 * 1000);
    await world.zoho.admin.patchRecord('eu', 'Leads', id, { Company: 'Changed By A Colleague' });
    world.rpc<SyncNowResult>('syncNow');
    world.rpc<SyncNowResult>('syncNow');

    expect(ids().filter((x) => x === id)).toHaveLength(1);
    expect(leadsCell(world, ids().indexOf(id) + 2, 'Company')).toBe('Changed By A Colleague');
  });
});

describe('a new row copied with its hidden columns while its insert is on the wire', () => {
  /**
   * Five pulled leads and a new row 7 the rep typed; `copyRow` copies row 7, hidden columns too,
   * over row 8, as a rep's copy and paste does (run it while the insert is on the wire).
   */
  async function givenNewRowToCopy(): Promise<() => void> {
    world = await givenPulledLeads(5, FIELDS);
    typeInLeads(world, 7, 'Last Name', 'Copied Mid-Send');
    typeInLeads(world, 7, 'Company', 'Wire GmbH');
    const sheet = leadsSheet(world);
    const width = sheet.lastColumn();
    return () => sheet.setValues(`A8:${String.fromCharCode(64 + width)}8`, [sheetValues(world, 'Leads')[6]!.slice(0, width)]);
  }

  it('never becomes a second record: the copy is held back, sync after sync, and says what to do', async () => {
    const copyRow = await givenNewRowToCopy();

    const first = world.runtime.rpc<SyncNowResult>('syncNow', [], { user: REP, spreadsheetId: world.spreadsheetId, duringUrlFetch: { match: /^POST /, act: copyRow } });
    const later = [world.rpc<SyncNowResult>('syncNow'), world.rpc<SyncNowResult>('syncNow')];

    expect(first.value!.pushed).toEqual([expect.objectContaining({ inserted: 1 })]);
    const named = (await leadsInZoho(world)).filter((r) => r.Last_Name === 'Copied Mid-Send');
    expect(named).toHaveLength(1);
    expect(leadsCell(world, 7, 'Zoho record ID')).toBe(named[0]!.id);
    expect(leadsCell(world, 8, 'Zoho record ID')).toBe('');
    expect(later.map((r) => r.value!.pushed)).toEqual(later.map(() => [expect.objectContaining({ inserted: 0, failed: 1 })]));
    expect(leadsStatusNote(world, 8)).toBe(`Not sent: this row is a copy of row 7, taken while row 7 was being sent to Zoho; that send created Zoho record ${named[0]!.id}, which row 7 is linked to. `
      + 'Delete this copy, or clear its "Zoho sync data" cell to create it as a new record.');
    expect(leadsCell(world, 8, 'Last Name')).toBe('Copied Mid-Send');
  });

  it('stays held back after the original row is restored from Zoho', async () => {
    const copyRow = await givenNewRowToCopy();
    world.runtime.rpc<SyncNowResult>('pushChanges', [], { user: REP, spreadsheetId: world.spreadsheetId, duringUrlFetch: { match: /^POST /, act: copyRow } });
    const restored = world.rpc<SyncNowResult>('restoreRow', ['Leads', String(leadsCell(world, 7, 'Zoho record ID'))]);
    expect(restored.error?.message).toBeUndefined();

    const result = world.rpc<SyncNowResult>('syncNow');

    expect(result.value!.pushed).toEqual([expect.objectContaining({ inserted: 0, failed: 1 })]);
    expect((await leadsInZoho(world)).filter((r) => r.Last_Name === 'Copied Mid-Send')).toHaveLength(1);
  });

  it('is sent as a record of its own once the rep clears its sync data, as the status says', async () => {
    const copyRow = await givenNewRowToCopy();
    world.runtime.rpc<SyncNowResult>('syncNow', [], { user: REP, spreadsheetId: world.spreadsheetId, duringUrlFetch: { match: /^POST /, act: copyRow } });
    world.rpc<SyncNowResult>('syncNow');
    typeInLeads(world, 8, 'Zoho sync data', '');
    typeInLeads(world, 8, 'Last Name', 'Second Of Its Kind');

    const result = world.rpc<SyncNowResult>('syncNow');

    expect(result.value!.pushed).toEqual([expect.objectContaining({ inserted: 1, failed: 0 })]);
    const names = (await leadsInZoho(world)).map((r) => r.Last_Name);
    expect(names.filter((n) => n === 'Copied Mid-Send')).toHaveLength(1);
    expect(names.filter((n) => n === 'Second Of Its Kind')).toHaveLength(1);
  });
});

describe('restoring a row from Zoho while someone sorts the sheet', () => {
  it('fills the row of the record clicked, wherever the sort put it, and no other row', async () => {
    world = await givenPulledLeads(6, FIELDS);
    const id = String(leadsCell(world, 4, 'Zoho record ID'));
    typeInLeads(world, 4, 'Company', 'My Unwanted Edit');
    const idCol = leadsColumn(world, 'Zoho record ID') - 1;
    const zohoCompany = (await world.zoho.admin.getRecord('eu', 'Leads', id)).Company;
    let others = new Map<string, unknown[]>();
    const sortDuringRead = (): void => {
      leadsSheet(world).sortRows(2, leadsSheet(world).lastRow(), 1, { descending: true });
      others = new Map(sheetValues(world, 'Leads').slice(1).filter((r) => String(r[idCol]) !== id).map((r) => [String(r[idCol]), r]));
    };

    const restored = world.runtime.rpc<SyncNowResult>('restoreRow', ['Leads', id], { user: REP, spreadsheetId: world.spreadsheetId, duringUrlFetch: { match: /^GET /, act: sortDuringRead } });

    expect(restored.error?.message).toBeUndefined();
    expect(others.size).toBe(5);
    const rows = sheetValues(world, 'Leads').slice(1);
    const mine = rows.find((r) => String(r[idCol]) === id)!;
    expect(mine[leadsColumn(world, 'Company') - 1]).toBe(zohoCompany);
    for (const row of rows.filter((r) => String(r[idCol]) !== id)) expect(row).toEqual(others.get(String(row[idCol])));
    expect(world.rpc('pushChanges').counters.urlfetchCalls).toBe(0);
  });
});

describe('blank rows inserted in the middle of the synced rows', () => {
  it('send only the record typed into one of them, once, linked to that row; Zoho\'s new records go below the last row', async () => {
    world = await givenPulledLeads(5, FIELDS);
    const sheet = leadsSheet(world);
    sheet.insertRows(3, 3, { inheritFrom: 'before' });
    typeInLeads(world, 5, 'Last Name', 'Typed In The Middle');
    typeInLeads(world, 5, 'Company', 'Middle GmbH');
    await world.zoho.admin.advanceClock(60);
    const added = await world.zoho.admin.addRecord('eu', 'Leads', { Last_Name: 'Added In Zoho', Company: 'Elsewhere AG' });

    const first = world.rpc<SyncNowResult>('syncNow');
    const second = world.rpc<SyncNowResult>('syncNow');

    expect(first.value!.pushed).toEqual([expect.objectContaining({ inserted: 1, updated: 0, failed: 0 })]);
    expect(second.value!.pushed).toEqual([expect.objectContaining({ inserted: 0, updated: 0, failed: 0 })]);
    const typed = (await leadsInZoho(world)).filter((r) => r.Last_Name === 'Typed In The Middle');
    expect(typed).toHaveLength(1);
    expect(leadsCell(world, 5, 'Zoho record ID')).toBe(typed[0]!.id);
    expect([4, 6].map((row) => leadsCell(world, row, 'Last Name'))).toEqual(['', '']);
    const rows = sheetValues(world, 'Leads');
    expect(rows).toHaveLength(10);
    expect(rows[9]![leadsColumn(world, 'Zoho record ID') - 1]).toBe(added.id);
  });
});
