// Two reps with the sidebar open on one spreadsheet, each editing the same sheet's sync: a save made
// from what the sidebar showed before a teammate's change must not silently replace that change.

import type { SidebarState, SyncDefinitionView } from '../../src/shared/rpc';
import { givenConnectedUser, givenSyncedSheet, givenWorld, REP, sheetValues, type World } from '../helpers/world';

const JONAS = 'jonas@example.com';
const JONAS_ZOHO = 'jonas.weber@beispiel-eu.example';

let world: World;
afterEach(async () => {
  await world?.stop();
});

async function givenTwoRepsOnLeads(): Promise<World> {
  const w = await givenWorld({ records: 10 });
  await w.zoho.admin.reset({ moduleSizes: { Leads: 5 } });
  await givenConnectedUser(w, 'eu');
  await givenConnectedUser(w, 'eu', JONAS, JONAS_ZOHO);
  givenSyncedSheet(w, 'Leads', 'Leads', ['Last_Name', 'Company', 'Email']);
  expect(w.rpc('syncNow').ok).toBe(true);
  return w;
}

/** The definition of `sheet` as the user's open sidebar shows it. */
function shownDefinition(w: World, user: string, sheet: string): SyncDefinitionView | undefined {
  return w.rpc<SidebarState>('getSidebarState', [], user).value!.definitions.find((d) => d.sheetName === sheet);
}

describe('two reps editing one sheet\'s sync', () => {
  it('refuses a save based on a definition a teammate changed since, keeps the teammate\'s fields, and says what to do', async () => {
    world = await givenTwoRepsOnLeads();
    const repSees = shownDefinition(world, REP, 'Leads')!;
    const jonasSees = shownDefinition(world, JONAS, 'Leads')!;

    const jonasSave = world.rpc('saveSyncDefinition', [{ sheetName: 'Leads', module: 'Leads', fields: [...jonasSees.fields, 'Phone'], basedOn: jonasSees.version }], JONAS);
    const repSave = world.rpc('saveSyncDefinition', [{ sheetName: 'Leads', module: 'Leads', fields: ['Last_Name', 'Company'], basedOn: repSees.version }]);

    expect(jonasSave.ok).toBe(true);
    expect(repSave.ok).toBe(false);
    expect(repSave.error!.message).toMatch(/teammate changed the sync of "Leads".*Nothing was saved/);
    expect(shownDefinition(world, REP, 'Leads')!.fields).toEqual(['Last_Name', 'Company', 'Email', 'Phone']);
    expect(sheetValues(world, 'Leads')[0]).toContain('Phone');
  });

  it('saves on top of a teammate\'s change once the rep has seen it', async () => {
    world = await givenTwoRepsOnLeads();
    const jonasSees = shownDefinition(world, JONAS, 'Leads')!;
    world.rpc('saveSyncDefinition', [{ sheetName: 'Leads', module: 'Leads', fields: [...jonasSees.fields, 'Phone'], basedOn: jonasSees.version }], JONAS);

    const repSees = shownDefinition(world, REP, 'Leads')!;
    const repSave = world.rpc<SyncDefinitionView>('saveSyncDefinition', [{ sheetName: 'Leads', module: 'Leads', fields: [...repSees.fields, 'Mobile'], basedOn: repSees.version }]);

    expect(repSave.ok).toBe(true);
    expect(repSave.value!.fields).toEqual(['Last_Name', 'Company', 'Email', 'Phone', 'Mobile']);
  });

  it('refuses to set up a new synced sheet under a name a teammate just set up, and leaves theirs as it is', async () => {
    world = await givenTwoRepsOnLeads();

    const jonasSave = world.rpc('saveSyncDefinition', [{ sheetName: 'Accounts', module: 'Accounts', fields: ['Account_Name'], basedOn: null }], JONAS);
    const repSave = world.rpc('saveSyncDefinition', [{ sheetName: 'Accounts', module: 'Contacts', fields: ['Last_Name'], basedOn: null }]);

    expect(jonasSave.ok).toBe(true);
    expect(repSave.ok).toBe(false);
    expect(repSave.error!.message).toMatch(/teammate set up "Accounts".*Nothing was saved/);
    expect(shownDefinition(world, REP, 'Accounts')).toMatchObject({ module: 'Accounts', fields: ['Account_Name'] });
  });

  it('refuses a save of a sheet whose sync a teammate removed meanwhile, rather than syncing it again', async () => {
    world = await givenTwoRepsOnLeads();
    const repSees = shownDefinition(world, REP, 'Leads')!;

    expect(world.rpc('removeSyncDefinition', ['Leads'], JONAS).ok).toBe(true);
    const repSave = world.rpc('saveSyncDefinition', [{ sheetName: 'Leads', module: 'Leads', fields: repSees.fields, basedOn: repSees.version }]);

    expect(repSave.ok).toBe(false);
    expect(repSave.error!.message).toMatch(/"Leads" is no longer a synced sheet: a teammate stopped syncing it.*Nothing was saved/);
    expect(shownDefinition(world, REP, 'Leads')).toBeUndefined();
  });

  it('refuses a save of a sheet a teammate renamed meanwhile, rather than setting up a second sheet of the same records', async () => {
    world = await givenTwoRepsOnLeads();
    const repSees = shownDefinition(world, REP, 'Leads')!;

    world.runtime.evaluate(`SpreadsheetApp.getActive().getSheetByName('Leads').setName('Leads EU'); 'ok'`, { user: JONAS, spreadsheetId: world.spreadsheetId });
    const repSave = world.rpc('saveSyncDefinition', [{ sheetName: 'Leads', module: 'Leads', fields: [...repSees.fields, 'Phone'], basedOn: repSees.version }]);

    expect(repSave.ok).toBe(false);
    expect(repSave.error!.message).toMatch(/renamed its tab.*Nothing was saved/);
    const sheets = world.rpc<SidebarState>('getSidebarState').value!;
    expect(sheets.sheetNames).not.toContain('Leads');
    expect(sheets.definitions.map((d) => d.sheetName)).toEqual(['Leads EU']);
  });
});

describe('removing a sheet\'s sync from a sidebar that read it earlier', () => {
  it('refuses when a teammate changed that sync since, and it keeps syncing as they set it', async () => {
    world = await givenTwoRepsOnLeads();
    const repSees = shownDefinition(world, REP, 'Leads')!;
    const jonasSees = shownDefinition(world, JONAS, 'Leads')!;
    world.rpc('saveSyncDefinition', [{ sheetName: 'Leads', module: 'Leads', fields: [...jonasSees.fields, 'Phone'], basedOn: jonasSees.version }], JONAS);

    const removed = world.rpc('removeSyncDefinition', ['Leads', repSees.version]);

    expect(removed.ok).toBe(false);
    expect(removed.error!.message).toMatch(/teammate changed the sync of "Leads" since your sidebar showed it.*Nothing was removed/);
    expect(shownDefinition(world, REP, 'Leads')!.fields).toContain('Phone');
  });

  it('removes the sync the sidebar showed', async () => {
    world = await givenTwoRepsOnLeads();
    const repSees = shownDefinition(world, REP, 'Leads')!;

    const removed = world.rpc('removeSyncDefinition', ['Leads', repSees.version]);

    expect(removed.ok).toBe(true);
    expect(shownDefinition(world, JONAS, 'Leads')).toBeUndefined();
  });
});
