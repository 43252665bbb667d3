// A synced tab deleted by a teammate while a sync runs, through the real bundle in the Apps Script
// runtime against the Zoho emulator: the rep reads that the tab was deleted and that nothing was
// lost in Zoho, the other sheets sync, and no write lands on another tab.

import type { ExecutionResult } from '../../emulators/apps-script/runtime';
import type { SidebarState, SyncNowResult } from '../../src/shared/rpc';
import { columnOf, givenConnectedUser, givenSyncedSheet, givenWorld, REP, sheetValues, type World } from '../helpers/world';

let world: World;
afterEach(async () => {
  await world?.stop();
});

function type(w: World, sheetName: string, row: number, header: string, text: unknown): void {
  w.runtime.getSpreadsheet(w.spreadsheetId)!.sheet(sheetName)!.writeValue(row, columnOf(sheetValues(w, sheetName), header) + 1, text);
}

function cell(w: World, sheetName: string, row: number, header: string): unknown {
  const values = sheetValues(w, sheetName);
  return values[row - 1]![columnOf(values, header)];
}

/** A rep synced a Leads tab and then a Contacts tab, and edits a row of each. */
async function givenTwoEditedSheets(): Promise<{ w: World; leadId: string; contactId: string }> {
  const w = await givenWorld({ records: 10 });
  await w.zoho.admin.reset({ moduleSizes: { Leads: 6, Contacts: 6 } });
  await givenConnectedUser(w, 'eu', REP);
  givenSyncedSheet(w, 'Leads', 'Leads', ['Last_Name', 'Company']);
  givenSyncedSheet(w, 'Contacts', 'Contacts', ['Last_Name', 'Email']);
  const pulled = w.rpc<SyncNowResult>('syncNow');
  if (!pulled.ok) throw new Error(pulled.error?.message);
  const leadId = String(cell(w, 'Leads', 3, 'Zoho record ID'));
  const contactId = String(cell(w, 'Contacts', 3, 'Zoho record ID'));
  type(w, 'Leads', 3, 'Company', 'Sent Before Deleted GmbH');
  type(w, 'Contacts', 3, 'Last Name', 'Still Synced');
  return { w, leadId, contactId };
}

/** Sync now, while a teammate deletes the Leads tab as the `nth` UrlFetch call `match` selects is on the wire. */
function syncNowDeletingLeadsDuring(w: World, match: RegExp, nth = 1): ExecutionResult<SyncNowResult> {
  return w.runtime.rpc<SyncNowResult>('syncNow', [], {
    user: REP, spreadsheetId: w.spreadsheetId,
    duringUrlFetch: { match, nth, act: () => w.runtime.getSpreadsheet(w.spreadsheetId)!.deleteSheet('Leads') },
  });
}

describe('a synced tab deleted while Sync now runs', () => {
  it.each([
    ['its edit is on the wire to Zoho', /^PUT .*\/crm\/v\d+\/Leads/, 1],
    // The second read of Leads' deleted records: the pull's, after the push (the first was read ahead).
    ['its records are being pulled', /^GET .*\/crm\/v\d+\/Leads\/deleted/, 2],
  ])('says the tab was deleted and nothing was lost in Zoho, and syncs the other sheet, when deleted as %s', async (_when, match, nth) => {
    const made = await givenTwoEditedSheets();
    world = made.w;
    const contactsBefore = sheetValues(world, 'Contacts');

    const result = syncNowDeletingLeadsDuring(world, match, nth);

    expect(world.runtime.getSpreadsheet(world.spreadsheetId)!.sheet('Leads')).toBeUndefined();
    expect(result.error?.message).toBeUndefined();
    expect(result.value!.message).toMatch(/"Leads" was deleted during the sync/);
    expect(result.value!.message).toMatch(/Nothing was lost in Zoho/);
    expect(result.value!.message).not.toMatch(/Something went wrong/);
    expect((await world.zoho.admin.getRecord('eu', 'Contacts', made.contactId)).Last_Name).toBe('Still Synced');
    const runs = world.rpc<SidebarState>('getSidebarState').value!.runs;
    expect(runs[0]).toMatchObject({ status: 'problems' });
    expect(runs[0]!.message).toMatch(/"Leads" was deleted during the sync/);
    // No write of the Leads sync landed on another tab: Contacts holds its own rows, as before.
    const contactsAfter = sheetValues(world, 'Contacts');
    expect(contactsAfter.length).toBe(contactsBefore.length);
    const idCol = columnOf(contactsAfter, 'Zoho record ID');
    expect(contactsAfter.map((r) => r[idCol])).toEqual(contactsBefore.map((r) => r[idCol]));
    expect(contactsAfter.flat()).not.toContain('Sent Before Deleted GmbH');
    expect(cell(world, 'Contacts', 3, 'Last Name')).toBe('Still Synced');
  });

  it('lists no row problem of the deleted tab in the result or the run log, and keeps the other sheet\'s', async () => {
    const made = await givenTwoEditedSheets();
    world = made.w;
    type(world, 'Leads', 9, 'Company', 'No Name Ltd');
    type(world, 'Contacts', 9, 'Email', 'nobody@example.com');

    const result = syncNowDeletingLeadsDuring(world, /^GET .*\/crm\/v\d+\/Leads\/deleted/, 2);

    expect(result.value!.pushed!.map((p) => p.sheet)).toEqual(['Leads', 'Contacts']);
    expect(result.value!.issues!.map((i) => i.sheet)).toEqual(['Contacts']);
    const run = world.rpc<SidebarState>('getSidebarState').value!.runs[0]!;
    expect(run.issues.map((i) => `${i.sheet} ${i.row}`)).toEqual(['Contacts 9']);
  });

  it('keeps the edit that had reached Zoho there, and the next Sync now runs clean', async () => {
    const made = await givenTwoEditedSheets();
    world = made.w;

    syncNowDeletingLeadsDuring(world, /^PUT .*\/crm\/v\d+\/Leads/);
    const next = world.rpc<SyncNowResult>('syncNow');

    expect((await world.zoho.admin.getRecord('eu', 'Leads', made.leadId)).Company).toBe('Sent Before Deleted GmbH');
    expect(next.error?.message).toBeUndefined();
    expect(world.rpc<SidebarState>('getSidebarState').value!.runs[0]).toMatchObject({ status: 'ok' });
  });
});

describe('a synced tab deleted between Sync now and its continuation', () => {
  it('lets the continuation finish the other sheets, with nothing written to them from the deleted tab', async () => {
    world = await givenWorld({ records: 10, latency: { urlFetchRoundTripMs: 25000 } });
    await world.zoho.admin.reset({ moduleSizes: { Leads: 3000, Contacts: 6 } });
    await givenConnectedUser(world, 'eu', REP);
    givenSyncedSheet(world, 'Leads', 'Leads', ['Last_Name', 'Company']);
    givenSyncedSheet(world, 'Contacts', 'Contacts', ['Last_Name', 'Email']);
    const first = world.rpc<SyncNowResult>('syncNow');
    expect(first.value!.continuing).toBe(true);

    world.runtime.getSpreadsheet(world.spreadsheetId)!.deleteSheet('Leads');
    const runs = [];
    for (let i = 0; i < 5 && world.runtime.listTriggers().length; i++) runs.push(...world.runtime.advanceAndFire(61000));

    expect(runs.length).toBeGreaterThan(0);
    expect(runs.map((r) => r.error?.message ?? 'ok')).toEqual(runs.map(() => 'ok'));
    const contacts = sheetValues(world, 'Contacts');
    expect(contacts).toHaveLength(7);
    const idCol = columnOf(contacts, 'Zoho record ID');
    const contactIds = new Set((await world.zoho.admin.listRecords('eu', 'Contacts', { limit: 10 })).records.map((r) => r.id));
    expect(contacts.slice(1).every((r) => contactIds.has(String(r[idCol])))).toBe(true);
    expect(world.rpc<SidebarState>('getSidebarState').value!.runs[0]).toMatchObject({ status: 'ok' });
    expect(world.runtime.listTriggers()).toEqual([]);
  });
});
