// Columns known by their field, through the real bundle against the Zoho emulator: a Zoho admin
// renaming a label, a label that looks like a formula, a field added to a synced sheet, sheets set
// up before columns were tagged, columns the user dragged, and our own columns renamed by the user.

import type { SyncNowResult } from '../../src/shared/rpc';
import { columnOf, leadsStatusNote, givenPulledLeads, givenSyncedSheet, sheetValues, statusOf, type World } from '../helpers/world';

let world: World;
afterEach(async () => {
  await world?.stop();
});

const FIELDS = ['Last_Name', 'Company', 'Email', 'Lead_Status', 'Annual_Revenue', 'Last_Contacted_On'];

function syncNow(w: World) {
  const result = w.rpc<SyncNowResult>('syncNow');
  if (!result.ok) throw new Error(`syncNow failed: ${result.error?.message}`);
  return result;
}

function sheet(w: World) {
  return w.runtime.getSpreadsheet(w.spreadsheetId)!.sheet('Leads')!;
}

/** A Zoho admin renames a field in Setup, and the add-on's 30-minute metadata cache has run out since. */
async function renameInZoho(w: World, apiName: string, label: string): Promise<void> {
  await w.zoho.admin.renameField('eu', 'Leads', apiName, label);
  w.runtime.caches.clear();
}

/** A colleague changes a record in Zoho, a minute later. */
async function changeInZoho(w: World, id: string, patch: Record<string, unknown>): Promise<void> {
  await w.zoho.admin.advanceClock(60);
  await w.zoho.admin.patchRecord('eu', 'Leads', id, patch);
}

function idAt(w: World, row: number): string {
  const values = sheetValues(w, 'Leads');
  return String(values[row - 1]![columnOf(values, 'Zoho record ID')]);
}

/** Sheets set up before columns were tagged: no developer metadata on any column. */
function stripColumnTags(w: World): void {
  const book = w.runtime.getSpreadsheet(w.spreadsheetId)!;
  book.data.metadata = book.data.metadata.filter((m) => m.location.type !== 'COLUMN');
}

function columnTags(w: World): Record<string, string> {
  const book = w.runtime.getSpreadsheet(w.spreadsheetId)!;
  const tags: Record<string, string> = {};
  for (const m of book.data.metadata) if (m.location.type === 'COLUMN' && m.key.startsWith('zcs.v1.')) tags[`${m.key}=${m.value}`] = String(m.location.index);
  return tags;
}

describe('a field renamed in Zoho', () => {
  it('keeps pulling and pushing its column, and shows the new label', async () => {
    world = await givenPulledLeads(10, FIELDS);
    const company = columnOf(sheetValues(world, 'Leads'), 'Company') + 1;
    await renameInZoho(world, 'Company', 'Firma');
    const [pulledId, pushedId] = [idAt(world, 3), idAt(world, 5)];
    await changeInZoho(world, pulledId, { Company: 'Umbenannt GmbH' });
    sheet(world).writeValue(5, company, 'Edited in the sheet AG');

    const result = syncNow(world);

    const values = sheetValues(world, 'Leads');
    expect(values[0]![company - 1]).toBe('Firma');
    expect(values[2]![company - 1]).toBe('Umbenannt GmbH');
    expect((await world.zoho.admin.getRecord('eu', 'Leads', pushedId)).Company).toBe('Edited in the sheet AG');
    expect(values[4]![columnOf(values, 'Sync status')]).toBe('Sent');
    expect(leadsStatusNote(world, 5)).toMatch(/^Sent to Zoho/);
    expect(result.value!.sheets[0]).toMatchObject({ inserted: 0 });
  });

  it('shows a label that looks like a formula as text', async () => {
    world = await givenPulledLeads(5, FIELDS);
    const revenue = columnOf(sheetValues(world, 'Leads'), 'Annual Revenue') + 1;
    await renameInZoho(world, 'Annual_Revenue', '=Revenue');
    await renameInZoho(world, 'Lead_Status', '+Score');

    syncNow(world);
    syncNow(world);

    const model = sheet(world);
    const status = columnOf(sheetValues(world, 'Leads'), '+Score') + 1;
    expect(model.formula(1, revenue)).toBeUndefined();
    expect(model.value(1, revenue)).toBe('=Revenue');
    expect(model.formula(1, status)).toBeUndefined();
    expect(model.value(1, status)).toBe('+Score');
  });

  it('is shown as text when added to a synced sheet with a label that looks like a formula', async () => {
    world = await givenPulledLeads(5, FIELDS);
    await renameInZoho(world, 'No_of_Employees', '=Employees');

    const saved = world.rpc('saveSyncDefinition', [{ sheetName: 'Leads', module: 'Leads', fields: [...FIELDS, 'No_of_Employees'] }]);
    syncNow(world);

    expect(saved.ok).toBe(true);
    const model = sheet(world);
    const values = sheetValues(world, 'Leads');
    const employees = columnOf(values, '=Employees') + 1;
    expect(model.formula(1, employees)).toBeUndefined();
    const record = await world.zoho.admin.getRecord('eu', 'Leads', idAt(world, 2));
    expect(values[1]![employees - 1]).toBe(record.No_of_Employees ?? '');
    // Found by its tag from now on: renaming it again keeps the column.
    await renameInZoho(world, 'No_of_Employees', 'Employees');
    syncNow(world);
    expect(sheetValues(world, 'Leads')[0]![employees - 1]).toBe('Employees');
  });

  it('is still found after the user dragged its column elsewhere', async () => {
    world = await givenPulledLeads(10, FIELDS);
    const before = sheetValues(world, 'Leads');
    const company = columnOf(before, 'Company') + 1;
    // Drag Company to just after Lead Status: the column moves with its cells, formats and metadata.
    sheet(world).moveColumns(company, 1, columnOf(before, 'Lead Status') + 2);
    await renameInZoho(world, 'Company', 'Firma');
    const id = idAt(world, 4);
    await changeInZoho(world, id, { Company: 'Verschoben KG' });

    syncNow(world);

    const values = sheetValues(world, 'Leads');
    const moved = columnOf(values, 'Firma');
    expect(moved).toBe(columnOf(before, 'Lead Status'));
    expect(values[3]![moved]).toBe('Verschoben KG');
    expect(values[3]![columnOf(values, 'Email')]).toBe(before[3]![columnOf(before, 'Email')]);
  });
});

describe('sheets set up before columns were tagged', () => {
  it('are found by header once, tagged, and then survive a rename', async () => {
    world = await givenPulledLeads(10, FIELDS);
    stripColumnTags(world);

    syncNow(world);

    const header = sheetValues(world, 'Leads')[0]!;
    const tags = columnTags(world);
    for (const [i, name] of FIELDS.entries()) expect(tags[`zcs.v1.field=${name}`]).toBe(String(i + 1));
    expect(tags['zcs.v1.column=status']).toBe(String(header.indexOf('Sync status') + 1));
    expect(tags['zcs.v1.column=id']).toBe(String(header.indexOf('Zoho record ID') + 1));
    expect(tags['zcs.v1.column=meta']).toBe(String(header.indexOf('Zoho sync data') + 1));
    syncNow(world);
    expect(Object.keys(columnTags(world))).toHaveLength(FIELDS.length + 3);
    await renameInZoho(world, 'Email', 'E-Mail');
    expect(syncNow(world).ok).toBe(true);
    expect(sheetValues(world, 'Leads')[0]![header.indexOf('Email')]).toBe('E-Mail');
  });
});

describe('the add-on\'s own columns', () => {
  it('keep working when the user renames their headers', async () => {
    world = await givenPulledLeads(10, FIELDS);
    const header = sheetValues(world, 'Leads')[0]!;
    const id = idAt(world, 2);
    const model = sheet(world);
    model.writeValue(1, header.indexOf('Zoho record ID') + 1, 'Record');
    model.writeValue(1, header.indexOf('Zoho sync data') + 1, 'Data');
    model.writeValue(1, header.indexOf('Sync status') + 1, 'Status');
    await changeInZoho(world, id, { Company: 'Still Linked Ltd' });

    const result = syncNow(world);

    const values = sheetValues(world, 'Leads');
    expect(values[0]).toEqual(header);
    expect(values[1]![columnOf(values, 'Company')]).toBe('Still Linked Ltd');
    expect(result.value!.sheets[0]).toMatchObject({ inserted: 0, updated: 1 });
  });

  it('a field whose column the user deleted stops the sync with the clear message', async () => {
    world = await givenPulledLeads(10, FIELDS);
    const model = sheet(world);
    model.deleteColumns(columnOf(sheetValues(world, 'Leads'), 'Company') + 1, 1);
    const before = JSON.stringify(model.getValues());

    const result = world.rpc('syncNow');

    expect(result.ok).toBe(false);
    expect(result.error!.message).toMatch(/no column headed "Company".*Nothing was changed/);
    expect(JSON.stringify(model.getValues())).toBe(before);
  });
});

describe('fields added to or removed from a synced sheet', () => {
  const statusWords = (w: World): string[] => sheetValues(w, 'Leads').slice(1).map((row) => String(row[columnOf(sheetValues(w, 'Leads'), 'Sync status')]));

  it('fills an added field in every row, and an edit typed before still reaches Zoho', async () => {
    world = await givenPulledLeads(6, FIELDS);
    const id = idAt(world, 3);
    const company = columnOf(sheetValues(world, 'Leads'), 'Company') + 1;
    sheet(world).writeValue(3, company, 'Typed Before Adding AG');

    const saved = world.rpc('saveSyncDefinition', [{ sheetName: 'Leads', module: 'Leads', fields: [...FIELDS, 'No_of_Employees'] }]);
    syncNow(world);
    syncNow(world);

    expect(saved.ok).toBe(true);
    const values = sheetValues(world, 'Leads');
    const employees = columnOf(values, 'No. of Employees');
    const inZoho = await world.zoho.admin.listRecords('eu', 'Leads');
    const byId = new Map(inZoho.records.map((r) => [String(r.id), r.No_of_Employees ?? '']));
    const shown = values.slice(1).map((row) => [String(row[columnOf(values, 'Zoho record ID')]), row[employees]]);
    expect(shown.some(([, n]) => n !== '')).toBe(true);
    expect(shown).toEqual(shown.map(([rowId]) => [rowId, byId.get(String(rowId))]));
    expect((await world.zoho.admin.getRecord('eu', 'Leads', id)).Company).toBe('Typed Before Adding AG');
    expect(statusWords(world).filter((w) => w === 'Waiting')).toEqual([]);
  });

  it('neither overwrites nor sends a value already in the column of an added field: it is a conflict the user settles', async () => {
    world = await givenPulledLeads(6, FIELDS);
    const id = idAt(world, 3);
    const zohoValue = (await world.zoho.admin.getRecord('eu', 'Leads', id)).No_of_Employees;
    // The rep kept their own head counts in a column of that name, past the add-on's columns.
    const own = sheetValues(world, 'Leads')[0]!.length + 1;
    sheet(world).writeValue(1, own, 'No. of Employees');
    sheet(world).writeValue(3, own, 987654);

    world.rpc('saveSyncDefinition', [{ sheetName: 'Leads', module: 'Leads', fields: [...FIELDS, 'No_of_Employees'] }]);
    syncNow(world);
    syncNow(world);

    expect(zohoValue).not.toBe(987654);
    expect(sheet(world).readValue(3, own)).toBe(987654);
    expect((await world.zoho.admin.getRecord('eu', 'Leads', id)).No_of_Employees).toBe(zohoValue);
    expect(statusOf(world, 'Leads', 3).note).toMatch(/^Conflict: this sheet has No\. of Employees "987,?654"/);
    const other = await world.zoho.admin.getRecord('eu', 'Leads', idAt(world, 2));
    expect(sheet(world).readValue(2, own)).toBe(other.No_of_Employees ?? '');
  });

  it('sends an edit typed before a field was removed, and leaves no row waiting, after the user deleted its column', async () => {
    world = await givenPulledLeads(6, FIELDS);
    const id = idAt(world, 4);
    const company = columnOf(sheetValues(world, 'Leads'), 'Company') + 1;
    sheet(world).writeValue(4, company, 'Typed Before Removing BV');

    const saved = world.rpc('saveSyncDefinition', [{ sheetName: 'Leads', module: 'Leads', fields: FIELDS.filter((f) => f !== 'Annual_Revenue') }]);
    sheet(world).deleteColumns(columnOf(sheetValues(world, 'Leads'), 'Annual Revenue') + 1, 1);
    syncNow(world);
    const second = syncNow(world);

    expect(saved.ok).toBe(true);
    expect((await world.zoho.admin.getRecord('eu', 'Leads', id)).Company).toBe('Typed Before Removing BV');
    expect(second.value?.pushed?.[0]).toMatchObject({ updated: 1, pending: 0, failed: 0 });
    expect(statusWords(world)).toEqual(['', '', 'Sent', '', '', '']);
    // Nothing else was sent, and a third sync has nothing left to do.
    expect(syncNow(world).value?.pushed?.[0]).toMatchObject({ updated: 0, pending: 0 });
  });
});

describe('a custom field an admin deleted in Zoho', () => {
  const WITH_NICKNAME = ['Last_Name', 'Company', 'Nickname', 'Email'];

  it.each([
    ['while the add-on still has the field in its metadata cache', false],
    ['once the metadata cache has run out', true],
  ])('%s: names the field, syncs the other sheets, keeps the edit and sends it once the user drops the field', async (_when, cacheRanOut) => {
    world = await givenPulledLeads(5, WITH_NICKNAME);
    givenSyncedSheet(world, 'Contacts', 'Contacts', ['Last_Name', 'Email']);
    syncNow(world);
    const [leadId, contactId] = [idAt(world, 3), String(sheetValues(world, 'Contacts')[2]![columnOf(sheetValues(world, 'Contacts'), 'Zoho record ID')])];
    sheet(world).writeValue(3, columnOf(sheetValues(world, 'Leads'), 'Company') + 1, 'Kept Through The Change');
    const contacts = world.runtime.getSpreadsheet(world.spreadsheetId)!.sheet('Contacts')!;
    contacts.writeValue(3, columnOf(sheetValues(world, 'Contacts'), 'Last Name') + 1, 'Other Sheet Goes On');
    await world.zoho.admin.deleteField('eu', 'Leads', 'Nickname');
    if (cacheRanOut) world.runtime.caches.clear();

    const first = world.rpc<SyncNowResult>('syncNow');

    expect(first.ok).toBe(true);
    expect(first.value!.message).toMatch(/Sheet "Leads".*field "?Nickname"?.*no longer has|Sheet "Leads".*no longer has the field Nickname/);
    expect(first.value!.message).toMatch(/Remove it from the sheet's fields in the sidebar/);
    expect((await world.zoho.admin.getRecord('eu', 'Contacts', contactId)).Last_Name).toBe('Other Sheet Goes On');
    expect(sheet(world).readValue(3, columnOf(sheetValues(world, 'Leads'), 'Company') + 1)).toBe('Kept Through The Change');
    // A second sync says the same, by the field's name, whatever the cache held.
    expect(syncNow(world).value!.message).toMatch(/Sheet "Leads" syncs the field "Nickname", which Zoho CRM no longer has/);

    const saved = world.rpc('saveSyncDefinition', [{ sheetName: 'Leads', module: 'Leads', fields: WITH_NICKNAME.filter((f) => f !== 'Nickname') }]);
    syncNow(world);
    syncNow(world);

    expect(saved.ok).toBe(true);
    expect((await world.zoho.admin.getRecord('eu', 'Leads', leadId)).Company).toBe('Kept Through The Change');
    expect(syncNow(world).value!.message).toBe('Leads: 0 new, 0 updated; Contacts: 0 new, 0 updated.');
  });
});
