// A Zoho admin changes what a rep may do, through the real bundle against the Zoho emulator: a
// module taken away from the rep's profile stops that sheet only, with a message that names it and
// says whom to ask; a picklist option removed while a rep's edit waits refuses that edit and keeps
// it. The other sheets and rows sync, and nothing typed is lost.

import type { SidebarState, SyncNowResult } from '../../src/shared/rpc';
import { columnOf, givenConnectedUser, givenSyncedSheet, givenWorld, REP, sheetValues, statusOf, type World } from '../helpers/world';

let world: World;
afterEach(async () => {
  await world?.stop();
});

const ZOE = 'zoe.martin@beispiel-eu.example';

function type(w: World, sheetName: string, row: number, header: string, text: unknown): void {
  w.runtime.getSpreadsheet(w.spreadsheetId)!.sheet(sheetName)!.writeValue(row, columnOf(sheetValues(w, sheetName), header) + 1, text);
}

function cell(w: World, sheetName: string, row: number, header: string): unknown {
  const values = sheetValues(w, sheetName);
  return values[row - 1]![columnOf(values, header)];
}

/** Zoë, a sales rep of the EU org, synced a Leads tab and then a Contacts tab. */
async function givenTwoSheets(): Promise<World> {
  const w = await givenWorld({ records: 10 });
  await w.zoho.admin.reset({ moduleSizes: { Leads: 6, Contacts: 6 } });
  await givenConnectedUser(w, 'eu', REP, ZOE);
  givenSyncedSheet(w, 'Leads', 'Leads', ['Last_Name', 'Company']);
  givenSyncedSheet(w, 'Contacts', 'Contacts', ['Last_Name', 'Email']);
  const pulled = w.rpc<SyncNowResult>('syncNow');
  if (!pulled.ok) throw new Error(pulled.error?.message);
  return w;
}

describe('a module taken away from the rep\'s Zoho profile', () => {
  it('stops that sheet only, naming it: the other sheet\'s edit reaches Zoho and the stopped sheet keeps its edit', async () => {
    world = await givenTwoSheets();
    const contactId = String(cell(world, 'Contacts', 3, 'Zoho record ID'));
    type(world, 'Contacts', 3, 'Last Name', 'Still Allowed');
    type(world, 'Leads', 2, 'Company', 'Typed Before The Change');
    await world.zoho.admin.setModulePermission('eu', ZOE, 'Leads', false);

    const result = world.rpc<SyncNowResult>('syncNow');

    expect(result.ok).toBe(true);
    expect((await world.zoho.admin.getRecord('eu', 'Contacts', contactId)).Last_Name).toBe('Still Allowed');
    expect(result.value!.message).toMatch(/Leads.*Zoho CRM profile is not allowed.*Crm_Implied_View_Leads.*administrator/);
    expect(cell(world, 'Leads', 2, 'Company')).toBe('Typed Before The Change');
    expect(statusOf(world, 'Leads', 2).note).toMatch(/^Not sent yet: .*profile is not allowed/);
    const state = world.rpc<SidebarState>('getSidebarState').value!;
    expect(state.runs[0]).toMatchObject({ status: 'problems' });

    // Given back: the kept edit goes out with the next sync.
    await world.zoho.admin.setModulePermission('eu', ZOE, 'Leads', true);
    world.rpc<SyncNowResult>('syncNow');
    const leadId = String(cell(world, 'Leads', 2, 'Zoho record ID'));
    expect((await world.zoho.admin.getRecord('eu', 'Leads', leadId)).Company).toBe('Typed Before The Change');
  });
});

describe('a picklist option an admin removed while a rep\'s edit waits', () => {
  it('refuses that row with the values Zoho allows now, keeps the typed value through the pull, and sends the row once the rep picks one', async () => {
    world = await givenTwoSheets();
    const [leadA, leadB] = [String(cell(world, 'Leads', 2, 'Zoho record ID')), String(cell(world, 'Leads', 3, 'Zoho record ID'))];
    world.rpc('saveSyncDefinition', [{ sheetName: 'Leads', module: 'Leads', fields: ['Last_Name', 'Company', 'Lead_Status'] }]);
    world.rpc<SyncNowResult>('syncNow');
    type(world, 'Leads', 2, 'Lead Status', 'Junk Lead');
    type(world, 'Leads', 3, 'Company', 'Unrelated Edit GmbH');
    // Removed in Setup while the add-on still has the old options in its metadata cache.
    await world.zoho.admin.setPicklist('eu', 'Leads', 'Lead_Status', ['Attempted to Contact', 'Contacted', 'Not Contacted', 'Nurturing']);

    const first = world.rpc<SyncNowResult>('syncNow');
    const second = world.rpc<SyncNowResult>('syncNow');

    expect(first.ok && second.ok).toBe(true);
    expect(cell(world, 'Leads', 2, 'Lead Status')).toBe('Junk Lead');
    // The second sync knows Zoho's options: it refuses the value itself, naming the options Zoho has now.
    expect(statusOf(world, 'Leads', 2).note).toMatch(/Lead Status: "Junk Lead" is not an allowed value \(Attempted to Contact, Contacted, Not Contacted, Nurturing\)/);
    expect((await world.zoho.admin.getRecord('eu', 'Leads', leadA)).Lead_Status).not.toBe('Junk Lead');
    expect((await world.zoho.admin.getRecord('eu', 'Leads', leadB)).Company).toBe('Unrelated Edit GmbH');

    // The option Zoho added is taken at once: nothing waits for the add-on's metadata cache to run out.
    type(world, 'Leads', 2, 'Lead Status', 'Nurturing');
    world.rpc<SyncNowResult>('syncNow');
    expect((await world.zoho.admin.getRecord('eu', 'Leads', leadA)).Lead_Status).toBe('Nurturing');
  });
});

describe('a field an admin made read-only while a rep\'s edit in it waits', () => {
  it('sends the row\'s other edits, keeps the read-only field\'s edit in its cell through pulls, and says why and what to do', async () => {
    world = await givenTwoSheets();
    const lead = String(cell(world, 'Leads', 2, 'Zoho record ID'));
    const zohoCompany = (await world.zoho.admin.getRecord('eu', 'Leads', lead)).Company;
    type(world, 'Leads', 2, 'Company', 'Typed Before The Lock');
    type(world, 'Leads', 2, 'Last Name', 'Renamed Too');
    // Made read-only in Setup while the add-on still has the old metadata in its cache.
    await world.zoho.admin.setFieldReadOnly('eu', 'Leads', 'Company', true);

    const first = world.rpc<SyncNowResult>('syncNow');
    const second = world.rpc<SyncNowResult>('syncNow');
    const third = world.rpc<SyncNowResult>('syncNow');

    expect(first.ok && second.ok && third.ok).toBe(true);
    const record = await world.zoho.admin.getRecord('eu', 'Leads', lead);
    expect(record.Last_Name).toBe('Renamed Too');
    expect(record.Company).toBe(zohoCompany);
    expect(cell(world, 'Leads', 2, 'Company')).toBe('Typed Before The Lock');
    expect(cell(world, 'Leads', 2, 'Last Name')).toBe('Renamed Too');
    expect(statusOf(world, 'Leads', 2).note).toMatch(/Company is read-only in Zoho CRM now.*Your edit stays in the cell; undo it/);
    expect(third.value!.message).not.toMatch(/Renamed Too/);

    // The rep undoes the edit: the note goes, and nothing is sent.
    type(world, 'Leads', 2, 'Company', zohoCompany);
    const undone = world.rpc<SyncNowResult>('syncNow');
    expect(undone.ok).toBe(true);
    expect(statusOf(world, 'Leads', 2).note).not.toMatch(/read-only/);
    expect((await world.zoho.admin.getRecord('eu', 'Leads', lead)).Last_Name).toBe('Renamed Too');
  });
});

describe('a read-only field an admin makes editable again', () => {
  it('sends the edit the rep kept in it, after the row\'s other edits went, once the add-on\'s field list is renewed', async () => {
    world = await givenTwoSheets();
    const lead = String(cell(world, 'Leads', 3, 'Zoho record ID'));
    await world.zoho.admin.setFieldReadOnly('eu', 'Leads', 'Company', true);
    world.runtime.advanceAndFire(31 * 60 * 1000);
    type(world, 'Leads', 3, 'Company', 'Kept While Locked');
    type(world, 'Leads', 3, 'Last Name', 'Sent While Locked');
    world.rpc<SyncNowResult>('syncNow');
    expect(statusOf(world, 'Leads', 3).note).toMatch(/Company is read-only in Zoho CRM now.*other edits were sent/);
    expect((await world.zoho.admin.getRecord('eu', 'Leads', lead)).Last_Name).toBe('Sent While Locked');

    await world.zoho.admin.setFieldReadOnly('eu', 'Leads', 'Company', false);
    world.runtime.advanceAndFire(31 * 60 * 1000);
    const result = world.rpc<SyncNowResult>('syncNow');

    expect(result.ok).toBe(true);
    expect((await world.zoho.admin.getRecord('eu', 'Leads', lead)).Company).toBe('Kept While Locked');
    expect(statusOf(world, 'Leads', 3).word).toBe('Sent');
  });
});
