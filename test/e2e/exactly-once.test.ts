// Every write lands once, on the right record, in the right Zoho org: through the real bundle in
// the Apps Script runtime against the Zoho emulator, with the faults and team habits that used to
// cause duplicates and wrong writes (answers lost after Zoho applied a write, copied rows,
// reconnecting to another org).

import type { SyncDefinitionView, SyncNowResult, SidebarState } from '../../src/shared/rpc';
import {
  leadsStatusNote,
  columnOf, givenConnectedUser, givenPulledLeads, givenSyncedSheet, leadsCell, leadsColumn, leadsSheet, sheetValues, typeInLeads, givenDefinitionsFromBeforeOrgs, type World, type WorldOptions,
} from '../helpers/world';

let world: World;
afterEach(async () => {
  await world?.stop();
});

const FIELDS = ['Last_Name', 'Company', 'Email', 'Lead_Status'];

const givenPulledSheet = (leads: number, options: WorldOptions = {}): Promise<World> => givenPulledLeads(leads, FIELDS, options);

const sheet = leadsSheet;
const col = leadsColumn;
const type = typeInLeads;
const cell = leadsCell;

/** Copies a whole row, hidden columns included, as a user's copy and paste of the row does. */
function copyRow(w: World, from: number, to: number): void {
  const s = sheet(w);
  const width = s.lastColumn();
  for (let c = 1; c <= width; c++) {
    const value = s.readValue(from, c);
    s.setNumberFormat(to, c, s.numberFormat(from, c));
    s.writeValue(to, c, value);
  }
}

function push(w: World): SyncNowResult {
  const result = w.rpc<SyncNowResult>('pushChanges');
  if (!result.ok) throw new Error(`pushChanges failed: ${result.error?.message}`);
  return result.value!;
}

function syncNow(w: World): SyncNowResult {
  const result = w.rpc<SyncNowResult>('syncNow');
  if (!result.ok) throw new Error(`syncNow failed: ${result.error?.message}`);
  return result.value!;
}

const idAt = (w: World, row: number) => String(cell(w, row, 'Zoho record ID'));
// The sentence of a row's status, from its note (the cell shows a word).
const statusAt = (w: World, row: number) => leadsStatusNote(w, row);

async function leadsNamed(w: World, lastName: string) {
  const all = (await w.zoho.admin.listRecords('eu', 'Leads', { limit: 1000 })).records;
  return all.filter((r) => r.Last_Name === lastName);
}

/** Every row's record id, to check no record is linked twice. */
function idsInSheet(w: World): string[] {
  const values = sheetValues(w, 'Leads');
  const c = columnOf(values, 'Zoho record ID');
  return values.slice(1).map((r) => String(r[c] ?? '')).filter(Boolean);
}

describe('an insert whose answer is lost after Zoho applied it', () => {
  it('is adopted on the next sync, never created twice, and the pull in between adds no row for it', async () => {
    world = await givenPulledSheet(3);
    type(world, 6, 'Last Name', 'Lost Answer');
    type(world, 6, 'Company', 'Cut Ltd');
    // Zoho creates the record, then the answer is cut off mid-body.
    await world.zoho.admin.addFault({ kind: 'truncate', count: 1, match: 'POST /crm/v8/Leads' });

    const first = syncNow(world);

    expect(await leadsNamed(world, 'Lost Answer')).toHaveLength(1);
    expect(statusAt(world, 6)).toMatch(/^Sent, but Zoho's answer was lost/);
    expect(statusAt(world, 6)).not.toMatch(/not sent/i);
    expect(idAt(world, 6)).toBe('');
    expect(first.message).toMatch(/was not pulled: a new row may have reached Zoho/);
    expect(sheet(world).lastRow()).toBe(6);

    const second = syncNow(world);

    const created = await leadsNamed(world, 'Lost Answer');
    expect(created).toHaveLength(1);
    expect(idAt(world, 6)).toBe(created[0]!.id);
    expect(statusAt(world, 6)).toMatch(/^Sent to Zoho .*confirmed with Zoho after its answer was lost/);
    expect(second.pushed![0]).toMatchObject({ inserted: 1, failed: 0 });
    const ids = idsInSheet(world);
    expect(new Set(ids).size).toBe(ids.length);
    expect(sheet(world).lastRow()).toBe(6);
    // A third sync sends nothing.
    expect(push(world).pushed![0]).toMatchObject({ inserted: 0, updated: 0, pending: 0 });
    expect(await leadsNamed(world, 'Lost Answer')).toHaveLength(1);
  });

  it('adopts one record per row when identical rows were sent together', async () => {
    world = await givenPulledSheet(2);
    for (const row of [5, 6, 7]) {
      type(world, row, 'Last Name', 'Twin');
      type(world, row, 'Company', 'Same Values GmbH');
    }
    await world.zoho.admin.addFault({ kind: 'malformed', count: 1, match: 'POST /crm/v8/Leads' });

    push(world);
    expect(await leadsNamed(world, 'Twin')).toHaveLength(3);
    push(world);

    const twins = (await leadsNamed(world, 'Twin')).map((r) => r.id).sort();
    expect(twins).toHaveLength(3);
    expect([idAt(world, 5), idAt(world, 6), idAt(world, 7)].sort()).toEqual(twins);
  });

  it('sends again, once, an insert Zoho proved it never applied', async () => {
    world = await givenPulledSheet(2);
    type(world, 5, 'Last Name', 'Never Arrived');
    // Refused at the gateway before Zoho's handler ran: nothing was created.
    await world.zoho.admin.addFault({ kind: 'status', status: 502, count: 1, match: 'POST /crm/v8/Leads' });

    push(world);
    expect(await leadsNamed(world, 'Never Arrived')).toHaveLength(0);
    expect(statusAt(world, 5)).toMatch(/^Sent, but Zoho's answer was lost/);
    push(world);

    expect(await leadsNamed(world, 'Never Arrived')).toHaveLength(1);
    expect(idAt(world, 5)).toBe((await leadsNamed(world, 'Never Arrived'))[0]!.id);
  });

  it('is settled by a teammate\'s sync as well, by looking among the records of the rep who sent it', async () => {
    world = await givenPulledSheet(2);
    const teammate = 'teammate@example.com';
    await givenConnectedUser(world, 'eu', teammate);
    type(world, 5, 'Last Name', 'Sent By Rep');
    await world.zoho.admin.addFault({ kind: 'truncate', count: 1, match: 'POST /crm/v8/Leads' });
    push(world);

    const theirs = world.rpc<SyncNowResult>('pushChanges', [], teammate);

    expect(theirs.ok).toBe(true);
    expect(await leadsNamed(world, 'Sent By Rep')).toHaveLength(1);
    expect(idAt(world, 5)).toBe((await leadsNamed(world, 'Sent By Rep'))[0]!.id);
  });

  it('keeps a row unsent, marked, while Zoho cannot be asked, and settles it later', async () => {
    world = await givenPulledSheet(2);
    type(world, 5, 'Last Name', 'Wait For It');
    await world.zoho.admin.addFault({ kind: 'truncate', count: 1, match: 'POST /crm/v8/Leads' });
    push(world);
    await world.zoho.admin.addFault({ kind: 'status', status: 503, count: 10, match: 'GET /crm/v8/Leads' });

    push(world);

    expect(statusAt(world, 5)).toMatch(/^Checking with Zoho/);
    expect(await leadsNamed(world, 'Wait For It')).toHaveLength(1);
    await world.zoho.admin.clearFaults();
    push(world);
    expect(await leadsNamed(world, 'Wait For It')).toHaveLength(1);
    expect(idAt(world, 5)).toMatch(/^\d{19}$/);
  });
});

describe('an update whose answer is lost after Zoho applied it', () => {
  it('is recognised as done on the next sync, not called a conflict', async () => {
    world = await givenPulledSheet(5);
    const id = idAt(world, 3);
    type(world, 3, 'Company', 'Applied Anyway');
    // Every attempt of the PUT is applied, and every answer is cut.
    await world.zoho.admin.addFault({ kind: 'truncate', count: 10, match: 'PUT /crm/v8/Leads' });

    push(world);
    expect((await world.zoho.admin.getRecord('eu', 'Leads', id)).Company).toBe('Applied Anyway');
    expect(statusAt(world, 3)).toMatch(/^Sent, but Zoho's answer was lost/);
    await world.zoho.admin.clearFaults();

    const next = syncNow(world);

    expect(statusAt(world, 3)).not.toMatch(/Conflict/);
    expect(next.issues).toEqual([]);
    expect(cell(world, 3, 'Company')).toBe('Applied Anyway');
    expect(push(world).pushed![0]).toMatchObject({ updated: 0, conflicts: 0, pending: 0 });
  });

  it('is recognised as done by the push that follows, which sends only later edits', async () => {
    world = await givenPulledSheet(5);
    const id = idAt(world, 4);
    type(world, 4, 'Company', 'First Edit');
    await world.zoho.admin.addFault({ kind: 'truncate', count: 10, match: 'PUT /crm/v8/Leads' });
    push(world);
    await world.zoho.admin.clearFaults();
    type(world, 4, 'Lead Status', 'Contacted');

    const result = push(world);

    expect(result.pushed![0]).toMatchObject({ conflicts: 0 });
    expect(await world.zoho.admin.getRecord('eu', 'Leads', id)).toMatchObject({ Company: 'First Edit', Lead_Status: 'Contacted' });
    expect(statusAt(world, 4)).toMatch(/^Sent to Zoho/);
  });
});

describe('one row, one record', () => {
  it('sends neither of two rows linked to one record; each names the other; nothing is lost', async () => {
    world = await givenPulledSheet(6);
    const id = idAt(world, 3);
    const before = await world.zoho.admin.getRecord('eu', 'Leads', id);
    copyRow(world, 3, 9);
    type(world, 3, 'Company', 'Edit In Original');
    type(world, 9, 'Company', 'Edit In Copy');

    const result = push(world);

    expect(await world.zoho.admin.getRecord('eu', 'Leads', id)).toEqual(before);
    expect(statusAt(world, 3)).toMatch(/this row and row 9 are linked to the same Zoho record/);
    expect(statusAt(world, 9)).toMatch(/this row and row 3 are linked to the same Zoho record/);
    expect(cell(world, 3, 'Company')).toBe('Edit In Original');
    expect(cell(world, 9, 'Company')).toBe('Edit In Copy');
    expect(result.issues).toEqual(expect.arrayContaining([expect.objectContaining({ row: 3, kind: 'error' }), expect.objectContaining({ row: 9, kind: 'error' })]));
  });

  it('sends the copy as a new record once the user clears its hidden link, as the status says', async () => {
    world = await givenPulledSheet(4);
    copyRow(world, 2, 8);
    type(world, 8, 'Last Name', 'Copy Made New');
    type(world, 8, 'Email', 'copy.made.new@example.com');
    push(world);
    type(world, 8, 'Zoho record ID', '');
    type(world, 8, 'Zoho sync data', '');

    push(world);

    expect(statusAt(world, 8)).toMatch(/^Sent to Zoho/);
    expect(await leadsNamed(world, 'Copy Made New')).toHaveLength(1);
    expect(idAt(world, 8)).not.toBe(idAt(world, 2));
  });

  it('sends neither copy of a row whose send is still being checked', async () => {
    world = await givenPulledSheet(2);
    type(world, 5, 'Last Name', 'Copied In Flight');
    await world.zoho.admin.addFault({ kind: 'truncate', count: 1, match: 'POST /crm/v8/Leads' });
    push(world);
    copyRow(world, 5, 8);

    push(world);

    expect(statusAt(world, 5)).toMatch(/copies of one row whose last send to Zoho is still being checked/);
    expect(statusAt(world, 8)).toMatch(/copies of one row/);
    expect(await leadsNamed(world, 'Copied In Flight')).toHaveLength(1);
  });
});

describe('a sheet belongs to one Zoho org', () => {
  it('refuses every read and write of a sheet after its user reconnects to another org, naming both', async () => {
    world = await givenPulledSheet(5);
    type(world, 3, 'Company', 'Meant For EU');
    type(world, 8, 'Last Name', 'New For EU');
    world.rpc('disconnect');
    await givenConnectedUser(world, 'us');
    await world.zoho.admin.counters.reset();

    const sync = world.rpc<SyncNowResult>('syncNow');
    const pushed = world.rpc<SyncNowResult>('pushChanges');

    const counters = await world.zoho.admin.counters();
    const writes = Object.entries(counters.calls).filter(([route]) => /^(POST|PUT|DELETE|PATCH) \/crm/.test(route));
    expect(writes).toEqual([]);
    expect(counters.calls['GET /crm/v8/{module}'] ?? 0).toBe(0);
    for (const result of [sync, pushed]) {
      expect(result.ok).toBe(true);
      expect(result.value!.message).toMatch(/Sheet "Leads" is synced with the Zoho org "Beispiel Vertrieb GmbH" \(Europe data center\), but you are connected to "Acme Sales Inc." \(United States data center\)/);
    }
    expect(cell(world, 3, 'Company')).toBe('Meant For EU');
    expect(idAt(world, 8)).toBe('');
    const state = world.rpc<SidebarState>('getSidebarState').value!;
    expect(state.definitions[0]!.problem).toMatch(/connected to .*United States data center/);
    expect(state.runs[0]).toMatchObject({ ok: false });
  });

  it('refuses a conflict choice and an edit of the sheet\'s sync under another org', async () => {
    world = await givenPulledSheet(5);
    world.rpc('disconnect');
    await givenConnectedUser(world, 'us');

    const resolved = world.rpc('resolveConflict', ['Leads', 3, 'zoho']);
    const edited = world.rpc('saveSyncDefinition', [{ sheetName: 'Leads', module: 'Leads', fields: FIELDS }]);

    expect(resolved.ok).toBe(false);
    expect(resolved.error!.message).toMatch(/synced with the Zoho org/);
    expect(edited.ok).toBe(false);
    expect(edited.error!.message).toMatch(/synced with the Zoho org/);
  });

  it('lets a sheet set up before orgs were recorded adopt the org of the first user who syncs it', async () => {
    world = await givenPulledSheet(5);
    givenDefinitionsFromBeforeOrgs(world);
    const book = world.runtime.getSpreadsheet(world.spreadsheetId)!;

    syncNow(world);
    const adopted = JSON.parse(book.data.metadata.find((m) => m.key === 'zcs.v1.sync')!.value!) as { definition: { org?: { id: string } } };
    world.rpc('disconnect');
    await givenConnectedUser(world, 'us');
    type(world, 3, 'Company', 'Not For US');
    const refused = world.rpc<SyncNowResult>('pushChanges');

    expect(adopted.definition.org?.id).toMatch(/\w+/);
    expect(refused.value!.message).toMatch(/synced with the Zoho org/);
  });

  it('shows the org on each sheet in the sidebar', async () => {
    world = await givenPulledSheet(2);

    const definitions = world.rpc<SyncDefinitionView[]>('listSyncDefinitions').value!;

    expect(definitions[0]).toMatchObject({ problem: null, org: { name: 'Beispiel Vertrieb GmbH', dataCenter: 'Europe' } });
  });
});



describe('answers lost in other ways', () => {
  it.each([
    ['the connection dropped after Zoho applied the insert', { kind: 'drop', after: true }],
    ['Zoho answered 500 after applying the insert', { kind: 'status', status: 500, after: true }],
    ['a gateway answered 504 after Zoho applied the insert', { kind: 'status', status: 504, after: true }],
  ])('creates one record when %s', async (_name, fault) => {
    world = await givenPulledSheet(2);
    type(world, 5, 'Last Name', 'Exactly Once');
    await world.zoho.admin.addFault({ ...fault, count: 1, match: 'POST /crm/v8/Leads' } as Parameters<typeof world.zoho.admin.addFault>[0]);

    syncNow(world);
    expect(statusAt(world, 5)).toMatch(/^Sent, but Zoho's answer was lost/);
    syncNow(world);
    syncNow(world);

    const created = await leadsNamed(world, 'Exactly Once');
    expect(created).toHaveLength(1);
    expect(idsInSheet(world).filter((id) => id === created[0]!.id)).toHaveLength(1);
  });

  it('treats an update applied before a dropped connection as done, with no conflict', async () => {
    world = await givenPulledSheet(4);
    const id = idAt(world, 2);
    type(world, 2, 'Company', 'Dropped After Apply');
    await world.zoho.admin.addFault({ kind: 'drop', after: true, count: 10, match: 'PUT /crm/v8/Leads' });
    push(world);
    await world.zoho.admin.clearFaults();

    const next = syncNow(world);

    expect(next.issues).toEqual([]);
    expect(statusAt(world, 2)).not.toMatch(/Conflict/);
    expect((await world.zoho.admin.getRecord('eu', 'Leads', id)).Company).toBe('Dropped After Apply');
  });
});

describe('teammates who see different records', () => {
  const TEAMMATE = 'jonas@example.com';

  it('never makes another user\'s next pull miss a change, and never removes rows it cannot see', async () => {
    world = await givenPulledSheet(12);
    await world.zoho.admin.setSharing('eu', 'Leads', 'private');
    const jonasZoho = 'jonas.weber@beispiel-eu.example';
    await givenConnectedUser(world, 'eu', TEAMMATE, jonasZoho);
    const all = (await world.zoho.admin.listRecords('eu', 'Leads', { limit: 100 })).records;
    const hidden = all.find((r) => (r.Owner as { email?: string } | null)?.email !== jonasZoho)!;
    const rowsBefore = sheet(world).lastRow();
    // Lena's last pull, then a colleague changes a record Jonas cannot see.
    await world.zoho.admin.advanceClock(120);
    await world.zoho.admin.patchRecord('eu', 'Leads', hidden.id, { Company: 'Changed Out Of Sight' });
    await world.zoho.admin.advanceClock(120);

    const jonas = world.rpc<SyncNowResult>('syncNow', [], TEAMMATE);
    expect(jonas.ok).toBe(true);
    expect(sheet(world).lastRow()).toBe(rowsBefore);
    const lena = syncNow(world);

    const row = idsInSheet(world).indexOf(hidden.id) + 2;
    expect(cell(world, row, 'Company')).toBe('Changed Out Of Sight');
    expect(lena.sheets[0]).toMatchObject({ updated: 1 });
  });
});

describe('an execution killed right after Zoho applied a write', () => {
  it('adopts the insert on the next sync instead of creating it again', async () => {
    world = await givenPulledSheet(2);
    type(world, 5, 'Last Name', 'Killed Mid Push');

    const killed = world.runtime.rpc('pushChanges', [], { user: 'rep@example.com', spreadsheetId: world.spreadsheetId, killAfterUrlFetch: { match: /^POST .*\/crm\/v8\/Leads$/ } });
    expect(killed.ok).toBe(false);
    expect(await leadsNamed(world, 'Killed Mid Push')).toHaveLength(1);
    expect(statusAt(world, 5)).toMatch(/^Sending to Zoho/);
    syncNow(world);
    syncNow(world);

    const created = await leadsNamed(world, 'Killed Mid Push');
    expect(created).toHaveLength(1);
    expect(idAt(world, 5)).toBe(created[0]!.id);
    expect(idsInSheet(world).filter((id) => id === created[0]!.id)).toHaveLength(1);
  });

  it('keeps the ids of batches already answered when the execution dies during a later one', async () => {
    world = await givenPulledSheet(2);
    for (let row = 5; row < 5 + 150; row++) type(world, row, 'Last Name', `Batch Row ${row}`);

    const killed = world.runtime.rpc('pushChanges', [], { user: 'rep@example.com', spreadsheetId: world.spreadsheetId, killAfterUrlFetch: { match: /^POST .*\/crm\/v8\/Leads$/, nth: 2 } });
    expect(killed.ok).toBe(false);
    // The first batch of 100 was answered: its ids are in the sheet already.
    expect(idAt(world, 5)).toMatch(/^\d{19}$/);
    expect(idAt(world, 104)).toMatch(/^\d{19}$/);
    push(world);

    const all = (await world.zoho.admin.listRecords('eu', 'Leads', { limit: 1000 })).records.filter((r) => String(r.Last_Name).startsWith('Batch Row '));
    expect(all).toHaveLength(150);
    const ids = idsInSheet(world);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.filter((id) => all.some((r) => r.id === id))).toHaveLength(150);
  });
});

describe('a duplicated synced tab', () => {
  it('is refused with a message while the original syncs; nothing of the copy is sent', async () => {
    world = await givenPulledSheet(5);
    const id = idAt(world, 3);
    const book = world.runtime.getSpreadsheet(world.spreadsheetId)!;
    const copyName = book.duplicateSheet('Leads');
    const copy = book.sheet(copyName)!;
    copy.writeValue(3, col(world, 'Company'), 'Edited In The Copy');
    type(world, 4, 'Company', 'Edited In The Original');

    const result = syncNow(world);

    expect((await world.zoho.admin.getRecord('eu', 'Leads', id)).Company).not.toBe('Edited In The Copy');
    expect((await world.zoho.admin.getRecord('eu', 'Leads', idAt(world, 4))).Company).toBe('Edited In The Original');
    expect(result.message).toMatch(new RegExp(`Sheet "${copyName}" is a copy of the synced sheet "Leads"`));
    expect(copy.readValue(3, col(world, 'Company'))).toBe('Edited In The Copy');
    const views = world.rpc<SyncDefinitionView[]>('listSyncDefinitions').value!;
    expect(views.find((v) => v.sheetName === copyName)!.problem).toMatch(/is a copy of the synced sheet "Leads"/);
    expect(views.find((v) => v.sheetName === 'Leads')!.problem).toBeNull();
  });

  it('stays a plain tab that sends nothing when duplicating does not copy developer metadata', async () => {
    world = await givenPulledSheet(5, { duplicateCopiesDeveloperMetadata: false });
    const id = idAt(world, 3);
    const book = world.runtime.getSpreadsheet(world.spreadsheetId)!;
    const copy = book.sheet(book.duplicateSheet('Leads'))!;
    copy.writeValue(3, col(world, 'Company'), 'Edited In The Copy');

    syncNow(world);

    expect((await world.zoho.admin.getRecord('eu', 'Leads', id)).Company).not.toBe('Edited In The Copy');
    expect(world.rpc<SyncDefinitionView[]>('listSyncDefinitions').value!.map((v) => v.sheetName)).toEqual(['Leads']);
  });
});

describe('matching new rows to existing records', () => {
  it('updates and links the record with the same Email instead of creating a duplicate, when the sheet asks for it', async () => {
    world = await givenPulledSheet(3);
    givenSyncedSheet(world, 'Leads', 'Leads', FIELDS, { matchField: 'Email' });
    const existing = await world.zoho.admin.addRecord('eu', 'Leads', { Last_Name: 'Already There', Email: 'match.me@example.com', Company: 'Old Co' });
    const before = (await world.zoho.admin.listRecords('eu', 'Leads', { limit: 1000 })).total;
    type(world, 6, 'Last Name', 'Typed Again');
    type(world, 6, 'Email', 'match.me@example.com');
    type(world, 6, 'Company', 'New Co');

    const result = push(world);

    expect((await world.zoho.admin.listRecords('eu', 'Leads', { limit: 1000 })).total).toBe(before);
    expect(idAt(world, 6)).toBe(existing.id);
    expect(await world.zoho.admin.getRecord('eu', 'Leads', existing.id)).toMatchObject({ Last_Name: 'Typed Again', Company: 'New Co' });
    expect(statusAt(world, 6)).toMatch(/matched the existing record with the same Email/);
    expect(result.pushed![0]).toMatchObject({ inserted: 0, updated: 1 });
    expect(world.rpc<SyncDefinitionView[]>('listSyncDefinitions').value![0]!.matchField).toBe('Email');
  });

  it('still creates a record for a new row that matches nothing', async () => {
    world = await givenPulledSheet(3);
    givenSyncedSheet(world, 'Leads', 'Leads', FIELDS, { matchField: 'Email' });
    type(world, 6, 'Last Name', 'Brand New');
    type(world, 6, 'Email', 'brand.new@example.com');

    push(world);

    expect(await leadsNamed(world, 'Brand New')).toHaveLength(1);
    expect(idAt(world, 6)).toBe((await leadsNamed(world, 'Brand New'))[0]!.id);
  });

  it('is off by default: a new row never updates another record', async () => {
    world = await givenPulledSheet(3);
    const existing = await world.zoho.admin.addRecord('eu', 'Leads', { Last_Name: 'Keep Me', Email: 'taken.already@example.com' });
    type(world, 6, 'Last Name', 'Would Overwrite');
    type(world, 6, 'Email', 'taken.already@example.com');

    push(world);

    expect(await world.zoho.admin.getRecord('eu', 'Leads', existing.id)).toMatchObject({ Last_Name: 'Keep Me' });
    expect(statusAt(world, 6)).toMatch(/DUPLICATE_DATA/);
    expect(world.rpc<SyncDefinitionView[]>('listSyncDefinitions').value![0]!.matchField).toBeNull();
  });

  it('refuses to match on a field Zoho does not keep unique', async () => {
    world = await givenPulledSheet(2);

    const saved = world.rpc('saveSyncDefinition', [{ sheetName: 'Leads', module: 'Leads', fields: FIELDS, matchField: 'Company' }]);

    expect(saved.ok).toBe(false);
    expect(saved.error!.message).toMatch(/does not keep Company unique/);
  });
});

describe('people working in the sheet while a push is on the wire', () => {
  function pushWhile(w: World, match: RegExp, act: () => void) {
    return w.runtime.rpc<SyncNowResult>('pushChanges', [], { user: 'rep@example.com', spreadsheetId: w.spreadsheetId, duringUrlFetch: { match, act } });
  }

  /** Every linked row's Last Name is its record's: no row is linked to another row's record. */
  async function expectEveryRowOnItsOwnRecord(w: World): Promise<void> {
    const values = sheetValues(w, 'Leads');
    const idCol = columnOf(values, 'Zoho record ID');
    const nameCol = columnOf(values, 'Last Name');
    const records = new Map((await w.zoho.admin.listRecords('eu', 'Leads', { limit: 1000 })).records.map((r) => [r.id, r]));
    for (const row of values.slice(1)) {
      const id = String(row[idCol] ?? '');
      if (id) expect([id, records.get(id)?.Last_Name]).toEqual([id, row[nameCol]]);
    }
    const ids = idsInSheet(w);
    expect(new Set(ids).size).toBe(ids.length);
  }

  it('links each new row to its own record when the sheet is sorted during the insert', async () => {
    world = await givenPulledSheet(3);
    for (const [row, name] of [[5, 'Aaron Sorted'], [6, 'Zelda Sorted'], [7, 'Mia Sorted']] as const) type(world, row, 'Last Name', name);
    const nameCol = col(world, 'Last Name');

    const result = pushWhile(world, /^POST /, () => sheet(world).sortRows(2, sheet(world).lastRow(), nameCol, { descending: true }));

    expect(result.ok).toBe(true);
    for (const name of ['Aaron Sorted', 'Zelda Sorted', 'Mia Sorted']) expect(await leadsNamed(world, name)).toHaveLength(1);
    await expectEveryRowOnItsOwnRecord(world);
    push(world);
    for (const name of ['Aaron Sorted', 'Zelda Sorted', 'Mia Sorted']) expect(await leadsNamed(world, name)).toHaveLength(1);
    await expectEveryRowOnItsOwnRecord(world);
  });

  it('writes an update\'s result on its own row when a row above is deleted during the call', async () => {
    world = await givenPulledSheet(6);
    const id = idAt(world, 5);
    const neighbour = String(cell(world, 6, 'Zoho sync data'));
    type(world, 5, 'Company', 'Row Moved Up');

    const result = pushWhile(world, /^PUT /, () => sheet(world).deleteRows(2, 1));

    expect(result.ok).toBe(true);
    expect(idAt(world, 4)).toBe(id);
    expect(statusAt(world, 4)).toMatch(/^Sent to Zoho/);
    expect(String(cell(world, 5, 'Zoho sync data'))).toBe(neighbour);
    expect(push(world).pushed![0]).toMatchObject({ updated: 0, pending: 0 });
    await expectEveryRowOnItsOwnRecord(world);
  });

  it('keeps an edit typed into a row while its earlier edit is being sent, and sends it next', async () => {
    world = await givenPulledSheet(4);
    const id = idAt(world, 3);
    type(world, 3, 'Company', 'First Typed');
    const statusCol = col(world, 'Lead Status');

    pushWhile(world, /^PUT /, () => sheet(world).writeValue(3, statusCol, 'Contacted'));

    expect(cell(world, 3, 'Lead Status')).toBe('Contacted');
    push(world);
    expect(await world.zoho.admin.getRecord('eu', 'Leads', id)).toMatchObject({ Company: 'First Typed', Lead_Status: 'Contacted' });
  });

  it('does not send new rows that moved before they could be marked, and sends each once later', async () => {
    world = await givenPulledSheet(4);
    type(world, 3, 'Company', 'Update First');
    for (const [row, name] of [[7, 'Yann Early'], [8, 'Bea Early']] as const) type(world, row, 'Last Name', name);
    const nameCol = col(world, 'Last Name');

    // The conflict read of the update comes before the inserts are marked.
    const first = pushWhile(world, /^GET .*ids=/, () => sheet(world).sortRows(2, sheet(world).lastRow(), nameCol));
    push(world);

    expect(first.ok).toBe(true);
    for (const name of ['Yann Early', 'Bea Early']) expect(await leadsNamed(world, name)).toHaveLength(1);
    await expectEveryRowOnItsOwnRecord(world);
  });
});
