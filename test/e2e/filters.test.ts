// Filters at Zoho (issue 16) through the real bundle against the emulator: "Only records I own"
// with a record reassigned in Zoho, a custom view whose criteria an admin changes, a condition Zoho
// cannot express refused before saving; incremental pulls without If-Modified-Since (issue 18).

import type { FilterCheck, FilterOptions, SyncNowResult } from '../../src/shared/rpc';
import { columnOf, givenConnectedUser, givenSyncedSheet, givenWorld, sheetValues, statusOf, type World, type WorldOptions } from '../helpers/world';

let world: World;
afterEach(async () => {
  await world?.stop();
});

const FIELDS = ['Last_Name', 'Company', 'Lead_Status', 'Owner'];

async function connectedWorld(leads: number, options: WorldOptions = {}): Promise<World> {
  const w = await givenWorld({ records: 10, ...options });
  await w.zoho.admin.reset({ moduleSizes: { Leads: leads } });
  await givenConnectedUser(w, 'eu');
  return w;
}

function sync(w: World, fn = 'syncNow', args: unknown[] = []) {
  const result = w.rpc<SyncNowResult>(fn, args);
  if (!result.ok) throw new Error(`${fn} failed: ${result.error?.message}`);
  return result;
}

function column(w: World, sheet: string, header: string): string[] {
  const values = sheetValues(w, sheet);
  const c = columnOf(values, header);
  return values.slice(1).map((row) => String(row[c]));
}

function typeIn(w: World, sheet: string, row: number, header: string, text: unknown): void {
  w.runtime.getSpreadsheet(w.spreadsheetId)!.sheet(sheet)!.writeValue(row, columnOf(sheetValues(w, sheet), header) + 1, text);
}

/** A Zoho user other than `me` who owns some lead. */
async function someoneElse(w: World, me: string): Promise<string> {
  const all = await w.zoho.admin.listRecords('eu', 'Leads', { limit: 1000 });
  return (all.records.find((r) => (r.Owner as { id: string }).id !== me)!.Owner as { id: string }).id;
}

function filterOptions(w: World): FilterOptions {
  const answer = w.rpc<FilterOptions>('listFilterOptions', ['Leads']);
  if (!answer.ok) throw new Error(`listFilterOptions failed: ${answer.error?.message}`);
  return answer.value!;
}

/** 300 Leads, a sheet "Mine" of "Only records I own" set up and synced once; the user it names. */
async function givenMineSynced(): Promise<{ id: string; name: string }> {
  world = await connectedWorld(300);
  const me = filterOptions(world).me!;
  givenSyncedSheet(world, 'Mine', 'Leads', FIELDS, { filter: { owner: me } });
  sync(world);
  return me;
}

describe('Only records I own', () => {
  it('pulls only my records, names me in the words, and drops a row once its record is reassigned in Zoho', async () => {
    const me = await givenMineSynced();

    const ids = column(world, 'Mine', 'Zoho record ID');
    const all = await world.zoho.admin.listRecords('eu', 'Leads', { limit: 1000 });
    const mine = all.records.filter((r) => (r.Owner as { id: string }).id === me.id).map((r) => r.id);
    await world.zoho.admin.patchRecord('eu', 'Leads', ids[0]!, { Owner: { id: await someoneElse(world, me.id) } });
    const second = sync(world);
    const words = world.rpc<Array<{ filterWords: string }>>('listSyncDefinitions');

    expect(ids.length).toBeGreaterThan(0);
    expect(ids.length).toBeLessThan(300);
    expect(ids.sort()).toEqual(mine.sort());
    expect(column(world, 'Mine', 'Zoho record ID')).not.toContain(ids[0]);
    expect(column(world, 'Mine', 'Zoho record ID')).toHaveLength(ids.length - 1);
    expect(words.value![0]!.filterWords).toBe(`Only records owned by ${me.name}`);
    // An incremental filtered pull: COQL for the changed records that match, one page of every changed
    // record (newest first, down to the watermark), the deleted list.
    expect(second.counters.urlfetchCalls).toBe(3);
  });
});

describe('a record that stops matching while its row has unsent edits', () => {
  it('sends the edit first when it can, then the row leaves', async () => {
    const me = await givenMineSynced();
    const id = column(world, 'Mine', 'Zoho record ID')[0]!;
    const other = await someoneElse(world, me.id);
    typeIn(world, 'Mine', 2, 'Company', 'Edited Before Reassign');
    await world.zoho.admin.patchRecord('eu', 'Leads', id, { Owner: { id: other } });

    sync(world, 'syncSheet', ['Mine']);

    expect((await world.zoho.admin.getRecord('eu', 'Leads', id)).Company).toBe('Edited Before Reassign');
    expect(column(world, 'Mine', 'Zoho record ID')).not.toContain(id);
  });

  it('keeps the row, the edit and the reason when Zoho refused the edit, and the row leaves once it is fixed', async () => {
    const me = await givenMineSynced();
    const id = column(world, 'Mine', 'Zoho record ID')[0]!;
    const other = await someoneElse(world, me.id);
    typeIn(world, 'Mine', 2, 'Last Name', '');
    await world.zoho.admin.patchRecord('eu', 'Leads', id, { Owner: { id: other } });

    sync(world);
    const row = column(world, 'Mine', 'Zoho record ID').indexOf(id);
    const kept = { lastName: column(world, 'Mine', 'Last Name')[row], status: column(world, 'Mine', 'Sync status')[row] };
    typeIn(world, 'Mine', row + 2, 'Last Name', 'Fixed');
    sync(world);

    expect(row).toBeGreaterThanOrEqual(0);
    expect(kept.lastName).toBe('');
    expect(kept.status).not.toBe('');
    expect((await world.zoho.admin.getRecord('eu', 'Leads', id)).Last_Name).toBe('Fixed');
    expect(column(world, 'Mine', 'Zoho record ID')).not.toContain(id);
  });

  it('is marked instead of removed when the sheet marks rows, and comes back unmarked when it matches again', async () => {
    world = await connectedWorld(300);
    const me = filterOptions(world).me!;
    givenSyncedSheet(world, 'Mine', 'Leads', FIELDS, { filter: { owner: me }, deletedRows: 'mark' });
    sync(world);
    const id = column(world, 'Mine', 'Zoho record ID')[0]!;
    const other = await someoneElse(world, me.id);

    await world.zoho.admin.patchRecord('eu', 'Leads', id, { Owner: { id: other } });
    sync(world);
    const marked = statusOf(world, 'Mine', column(world, 'Mine', 'Zoho record ID').indexOf(id) + 2);
    await world.zoho.admin.patchRecord('eu', 'Leads', id, { Owner: { id: me.id } });
    sync(world);
    const back = statusOf(world, 'Mine', column(world, 'Mine', 'Zoho record ID').indexOf(id) + 2);

    expect(marked).toEqual({ word: 'Not in filter', note: "No longer matches this sheet's filter in Zoho" });
    expect(back).toEqual({ word: '', note: '' });
  });
});

describe('changing a sheet\'s filter', () => {
  it('pulls the new set again, keeping a row with unsent edits, and does not reuse the old filter\'s watermark', async () => {
    world = await connectedWorld(300);
    const view = filterOptions(world).views.find((v) => v.name === 'Contacted Leads')!;
    givenSyncedSheet(world, 'Some', 'Leads', FIELDS, { filter: { view: { cvid: view.cvid, name: view.name } } });
    sync(world);
    const edited = column(world, 'Some', 'Zoho record ID')[0]!;
    // An edit Zoho refuses (Last Name is mandatory) stays unsent through the re-pull.
    typeIn(world, 'Some', 2, 'Last Name', '');

    givenSyncedSheet(world, 'Some', 'Leads', FIELDS, { filter: { conditions: [{ field: 'Lead_Status', operator: 'equals', values: ['Junk Lead'] }] } });
    const statuses = () => column(world, 'Some', 'Lead Status');
    sync(world, 'syncSheet', ['Some']);
    const row = column(world, 'Some', 'Zoho record ID').indexOf(edited);

    expect(row).toBeGreaterThanOrEqual(0);
    expect(column(world, 'Some', 'Last Name')[row]).toBe('');
    expect(statuses().filter((s, i) => i !== row)).toEqual(expect.arrayContaining(['Junk Lead']));
    expect(new Set(statuses().filter((s, i) => i !== row))).toEqual(new Set(['Junk Lead']));
  });
});

describe('in a team', () => {
  it('a teammate\'s run of "Only records I own" pulls the records of the user who chose it, and names that user', async () => {
    const me = await givenMineSynced();
    const mine = column(world, 'Mine', 'Zoho record ID').sort();
    await givenConnectedUser(world, 'eu', 'mate@example.com', 'jonas.weber@beispiel-eu.example');
    const mate = world.rpc<FilterOptions>('listFilterOptions', ['Leads'], 'mate@example.com').value!.me!;

    const ran = world.rpc<SyncNowResult>('syncSheet', ['Mine'], 'mate@example.com');
    const words = world.rpc<Array<{ filterWords: string }>>('listSyncDefinitions', [], 'mate@example.com');

    expect(mate.id).not.toBe(me.id);
    expect(ran.ok).toBe(true);
    expect(column(world, 'Mine', 'Zoho record ID').sort()).toEqual(mine);
    expect(words.value![0]!.filterWords).toBe(`Only records owned by ${me.name}`);
  });
});

describe('Sync this sheet while another sync runs', () => {
  it('is refused with the busy message and reads nothing from Zoho, as Sync now is', async () => {
    world = await connectedWorld(10);
    givenSyncedSheet(world, 'One', 'Leads', FIELDS);
    const held = world.runtime.holdLock('document', { spreadsheetId: world.spreadsheetId });

    const blocked = world.rpc('syncSheet', ['One']);
    held.release();
    const after = world.rpc('syncSheet', ['One']);

    expect(blocked.ok).toBe(false);
    expect(blocked.error!.message).toMatch(/Another sync of this spreadsheet is running/);
    expect(blocked.counters.urlfetchCalls).toBe(0);
    expect(after.ok).toBe(true);
  });
});

describe('a connection made before filters asked for the custom-views scope', () => {
  it('syncs as before, and is asked to reconnect only when picking a view', async () => {
    world = await givenWorld({ records: 10 });
    await world.zoho.admin.reset({ moduleSizes: { Leads: 40 } });
    const start = world.rpc<{ authorizationUrl: string }>('startConnect').value!;
    const older = start.authorizationUrl.replace(/scope=([^&]+)/, (_, scopes: string) => `scope=${encodeURIComponent(decodeURIComponent(scopes).split(',').filter((x) => x !== 'ZohoCRM.settings.custom_views.READ').join(','))}`);
    const redirect = await world.zoho.admin.completeConsent(older, { user: world.zoho.info.users.eu! });
    world.runtime.handleUserCallback(redirect, 'rep@example.com');
    givenSyncedSheet(world, 'All', 'Leads', FIELDS);
    const me = filterOptions(world);
    givenSyncedSheet(world, 'Mine', 'Leads', FIELDS, { filter: { owner: me.me! } });

    const result = sync(world);

    expect(result.value!.message).not.toMatch(/Connect again/);
    expect(column(world, 'All', 'Zoho record ID')).toHaveLength(40);
    expect(column(world, 'Mine', 'Zoho record ID').length).toBeGreaterThan(0);
    expect(me.views).toEqual([]);
    expect(me.reconnect).toMatch(/Custom views need a Zoho permission .* Disconnect, then Connect again to use a view/);
  });
});

describe('Sync this sheet', () => {
  it('pulls that sheet only, and is refused for a sheet synced with another org, as Sync now is', async () => {
    world = await connectedWorld(50);
    givenSyncedSheet(world, 'One', 'Leads', FIELDS);
    givenSyncedSheet(world, 'Two', 'Leads', FIELDS);

    sync(world, 'syncSheet', ['One']);
    const two = sheetValues(world, 'Two').length;
    await givenConnectedUser(world, 'us');
    const refused = sync(world, 'syncSheet', ['One']);
    const unknown = world.rpc<SyncNowResult>('syncSheet', ['Nope']);

    expect(column(world, 'One', 'Zoho record ID')).toHaveLength(50);
    expect(two).toBeLessThanOrEqual(1);
    expect(refused.value!.message).toMatch(/Sheet "One" is synced with the Zoho org "Beispiel Vertrieb GmbH"/);
    expect(refused.counters.urlfetchCalls).toBeLessThanOrEqual(3);
    expect(unknown.ok).toBe(false);
    expect(unknown.error?.message).toBe('Sheet "Nope" is not synced with Zoho. Set it up in the sidebar first.');
  });
});

describe('a custom view', () => {
  it('follows an admin changing the view\'s criteria: rows no longer in it leave, rows now in it arrive', async () => {
    world = await connectedWorld(300);
    const view = filterOptions(world).views.find((v) => v.name === 'Contacted Leads')!;
    givenSyncedSheet(world, 'Contacted', 'Leads', FIELDS, { filter: { view: { cvid: view.cvid, name: view.name } } });

    sync(world);
    const before = column(world, 'Contacted', 'Lead Status');
    const leaving = column(world, 'Contacted', 'Zoho record ID')[0]!;
    await world.zoho.admin.patchRecord('eu', 'Leads', leaving, { Lead_Status: 'Lost Lead' });
    const incremental = sync(world);
    const afterEdit = column(world, 'Contacted', 'Zoho record ID');
    await world.zoho.admin.setViewCriteria('eu', 'Leads', view.cvid, { comparator: 'equal', field: { api_name: 'Lead_Status' }, value: 'Junk Lead' });
    sync(world);
    const after = column(world, 'Contacted', 'Lead Status');

    expect(before.length).toBeGreaterThan(0);
    expect(new Set(before)).toEqual(new Set(['Contacted']));
    // Stage changed in Zoho: the row leaves at the next incremental pull, in 4 calls (the view's
    // criteria, the module's changed ids, the view's changed records, the deleted list).
    expect(afterEdit).not.toContain(leaving);
    expect(afterEdit).toHaveLength(before.length - 1);
    expect(incremental.counters.urlfetchCalls).toBe(4);
    expect(after.length).toBeGreaterThan(0);
    expect(new Set(after)).toEqual(new Set(['Junk Lead']));
  });
});

/** checkFilter says `problem` beside the filter, and saving the sheet with it is refused with the same words. */
function expectRefused(w: World, sheetName: string, filter: unknown, problem: string): void {
  const check = w.rpc<FilterCheck>('checkFilter', ['Leads', filter]);
  const saved = w.rpc('saveSyncDefinition', [{ sheetName, module: 'Leads', fields: FIELDS, filter }]);

  expect(check.value!.problem).toBe(problem);
  expect(saved.ok).toBe(false);
  expect(saved.error?.message).toBe(problem);
}

describe('a condition Zoho cannot express', () => {
  it('is refused by checkFilter and by saving, with the reason', async () => {
    world = await connectedWorld(20);
    const filter = { conditions: [{ field: 'Description', operator: 'contains', values: ['urgent'] }] };

    expectRefused(world, 'Urgent', filter, 'Condition 1: Zoho cannot filter on Description (a multi-line text field). Remove that condition or use a custom view.');
  });

  it('refuses a view that holds each person\'s own records ("My Leads"), pointing to "Only records I own"', async () => {
    world = await connectedWorld(20);
    const mine = filterOptions(world).views.find((v) => v.name === 'My Leads')!;
    const filter = { view: { cvid: mine.cvid, name: mine.name } };

    expectRefused(world, 'My', filter, 'The view "My Leads" shows each person their own records, so a teammate\'s or a scheduled sync would pull other rows. Choose "Only records I own" instead: it keeps the records of the person who chose it.');
  });

  it('accepts conditions COQL can express and pulls only their records', async () => {
    world = await connectedWorld(300);
    const filter = { conditions: [{ field: 'Lead_Status', operator: 'in', values: ['Contacted', 'Junk Lead'] }] };
    givenSyncedSheet(world, 'Some', 'Leads', FIELDS, { filter });

    const check = world.rpc<FilterCheck>('checkFilter', ['Leads', filter]);
    sync(world, 'syncSheet', ['Some']);
    const card = world.rpc<Array<{ filterWords: string }>>('listSyncDefinitions').value![0]!;

    expect(check.value).toEqual({ problem: null, words: 'Records where Lead Status is any of Contacted or Junk Lead' });
    expect(card.filterWords).toBe(check.value!.words);
    expect(new Set(column(world, 'Some', 'Lead Status'))).toEqual(new Set(['Contacted', 'Junk Lead']));
  });
});

describe.each([false, true])('incremental pulls when GET records honours If-Modified-Since: %s', (honoured) => {
  it('bring a changed record in the same few calls either way', async () => {
    world = await connectedWorld(500, { recordsIfModifiedSince: honoured });
    givenSyncedSheet(world, 'Leads', 'Leads', FIELDS);
    sync(world);
    const id = column(world, 'Leads', 'Zoho record ID')[3]!;
    await world.zoho.admin.patchRecord('eu', 'Leads', id, { Company: 'Changed In Zoho' });

    const second = sync(world);

    const row = column(world, 'Leads', 'Zoho record ID').indexOf(id);
    expect(column(world, 'Leads', 'Company')[row]).toBe('Changed In Zoho');
    expect(column(world, 'Leads', 'Zoho record ID')).toHaveLength(500);
    expect(second.counters.urlfetchCalls).toBeLessThanOrEqual(3);
  });
});
