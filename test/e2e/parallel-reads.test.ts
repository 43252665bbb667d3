// Independent reads go to Zoho together (UrlFetchApp.fetchAll), through the real bundle in the Apps
// Script runtime against the Zoho emulator (issue 20): fewer round trips, the same calls, and every
// fault of one member as safe as it was when the reads went one by one.

import type { SyncNowResult } from '../../src/shared/rpc';
import { columnOf, givenConnectedUser, givenPulledLeads, givenSyncedSheet, givenWorld, sheetValues, type World } from '../helpers/world';

let world: World;
afterEach(async () => {
  await world?.stop();
});

const FIELDS = ['Last_Name', 'Company', 'Email', 'Lead_Status'];

function leads(w: World) {
  return w.runtime.getSpreadsheet(w.spreadsheetId)!.sheet('Leads')!;
}

function editCompanies(w: World, rows: number): void {
  const company = columnOf(sheetValues(w, 'Leads'), 'Company') + 1;
  for (let row = 2; row <= rows + 1; row++) leads(w).writeValue(row, company, `Parallel ${row}`);
}

function push(w: World) {
  const result = w.rpc<SyncNowResult>('pushChanges');
  if (!result.ok) throw new Error(`pushChanges failed: ${result.error?.message}`);
  return result;
}

async function companiesInZoho(w: World): Promise<number> {
  const { records } = await w.zoho.admin.listRecords('eu', 'Leads', { limit: 10_000 });
  return records.filter((r) => typeof r.Company === 'string' && r.Company.startsWith('Parallel ')).length;
}

describe('a push of several batches', () => {
  it('reads the conflict versions of all its batches together: 1,000 edits in 12 round trips, not 20, with the same 20 calls', async () => {
    world = await givenPulledLeads(1000, FIELDS);
    editCompanies(world, 1000);

    const result = push(world);

    expect(result.value!.pushed![0]).toMatchObject({ updated: 1000, failed: 0, conflicts: 0 });
    expect(result.counters.urlfetchCalls).toBe(20);
    // 10 reads, 9 at a time on an Enterprise org (one slot of Zoho's 10 for heavy calls kept free), then 10 writes.
    expect(result.counters.urlfetchRounds).toBe(12);
    expect(await companiesInZoho(world)).toBe(1000);
  });

  it('still finds a record a teammate changed in Zoho before the push: it is merged, not overwritten', async () => {
    world = await givenPulledLeads(300, FIELDS);
    const idColumn = columnOf(sheetValues(world, 'Leads'), 'Zoho record ID') + 1;
    const theirs = String(leads(world).readValue(250, idColumn));
    await world.zoho.admin.advanceClock(60);
    await world.zoho.admin.patchRecord('eu', 'Leads', theirs, { Company: 'Changed by a teammate' });
    editCompanies(world, 300);

    const result = push(world);

    expect(result.value!.pushed![0]).toMatchObject({ updated: 299, conflicts: 1 });
    expect((await world.zoho.admin.getRecord('eu', 'Leads', theirs)).Company).toBe('Changed by a teammate');
  });

  it('repeats only the read Zoho refused with a 429, and sends every edit once', async () => {
    world = await givenPulledLeads(300, FIELDS);
    editCompanies(world, 300);
    await world.zoho.admin.counters.reset();
    await world.zoho.admin.addFault({ kind: 'burst429', count: 1, match: 'GET /crm/v8/Leads' });

    const result = push(world);

    const counters = await world.zoho.admin.counters();
    expect(result.value!.pushed![0]).toMatchObject({ updated: 300, failed: 0 });
    // Three reads, one of them again after the 429; three writes.
    expect(counters.calls['GET /crm/v8/{module}']).toBe(4);
    expect(counters.calls['PUT /crm/v8/{module}']).toBe(3);
    expect(await companiesInZoho(world)).toBe(300);
  });

  it('refreshes an expired token once for the whole batch, not once per read', async () => {
    world = await givenPulledLeads(300, FIELDS);
    editCompanies(world, 300);
    await world.zoho.admin.counters.reset();
    const expired = { code: 'INVALID_TOKEN', details: {}, message: 'invalid oauth token', status: 'error' };
    await world.zoho.admin.addFault({ kind: 'status', status: 401, count: 2, match: 'GET /crm/v8/Leads', body: expired });

    const result = push(world);

    const counters = await world.zoho.admin.counters();
    expect(result.value!.pushed![0]).toMatchObject({ updated: 300, failed: 0 });
    expect(counters.calls['POST /oauth/v2/token']).toBe(1);
    expect(await companiesInZoho(world)).toBe(300);
  });

  it('loses nothing when a connection drops in the middle of the parallel reads: every edit is sent once', async () => {
    world = await givenPulledLeads(300, FIELDS);
    editCompanies(world, 300);
    await world.zoho.admin.counters.reset();
    await world.zoho.admin.addFault({ kind: 'drop', count: 1, match: 'GET /crm/v8/Leads' });

    const result = push(world);

    const counters = await world.zoho.admin.counters();
    expect(result.value!.pushed![0]).toMatchObject({ updated: 300, failed: 0, pending: 0 });
    expect(counters.calls['PUT /crm/v8/{module}']).toBe(3);
    expect(await companiesInZoho(world)).toBe(300);
  });
});

describe('Sync now of several sheets', () => {
  const SHEETS: Array<[string, string, string[]]> = [
    ['Leads', 'Leads', ['Last_Name', 'Company', 'Email', 'Lead_Status']],
    ['Contacts', 'Contacts', ['Last_Name', 'Email', 'Phone']],
    ['Accounts', 'Accounts', ['Account_Name', 'Industry']],
    ['Deals', 'Deals', ['Deal_Name', 'Stage', 'Amount']],
    ['Leads 2', 'Leads', ['Last_Name', 'City']],
  ];

  async function givenFiveSheets(): Promise<World> {
    const w = await givenWorld({ records: 10 });
    await w.zoho.admin.reset({ moduleSizes: { Leads: 300, Contacts: 300, Accounts: 300, Deals: 300 } });
    await givenConnectedUser(w, 'eu');
    for (const [sheet, module, fields] of SHEETS) givenSyncedSheet(w, sheet, module, fields);
    // The seeded records were all modified minutes before the first pull, none inside its overlap.
    await w.zoho.admin.advanceClock(600);
    expect(w.rpc('syncNow').ok).toBe(true);
    // A team syncs often: after a second Sync now the sheets are in step (one watermark per module).
    await w.zoho.admin.advanceClock(60);
    expect(w.rpc('syncNow').ok).toBe(true);
    w.runtime.caches.clear();
    await w.zoho.admin.advanceClock(120);
    return w;
  }

  function syncNow(w: World) {
    const result = w.rpc<SyncNowResult>('syncNow');
    if (!result.ok) throw new Error(`syncNow failed: ${result.error?.message}`);
    return result;
  }

  it('with nothing changed, reads every sheet\'s changes and each module\'s deletions and fields in 2 round trips instead of 13', async () => {
    world = await givenFiveSheets();

    const result = syncNow(world);

    // 4 modules' fields, 5 pages of changes, 4 modules' deletions (the two Leads sheets ask the same); 9 at a time on an Enterprise org.
    expect(result.counters.urlfetchCalls).toBe(13);
    expect(result.counters.urlfetchRounds).toBe(2);
    expect(result.value!.sheets).toHaveLength(5);
  });

  it('brings each module\'s changes and deletions to every sheet of it', async () => {
    world = await givenFiveSheets();
    const leads = (await world.zoho.admin.listRecords('eu', 'Leads', { limit: 300 })).records;
    const deals = (await world.zoho.admin.listRecords('eu', 'Deals', { limit: 300 })).records;
    await world.zoho.admin.patchRecord('eu', 'Leads', leads[7]!.id, { City: 'Read together' });
    await world.zoho.admin.deleteRecord('eu', 'Deals', deals[3]!.id);

    const result = syncNow(world);

    const leads2 = sheetValues(world, 'Leads 2');
    expect(leads2.some((row) => row.includes('Read together'))).toBe(true);
    expect(sheetValues(world, 'Deals').some((row) => row.includes(deals[3]!.id))).toBe(false);
    expect(result.counters.urlfetchRounds).toBe(2);
  });

  it('reads a module again after the same Sync now pushed to it: the pull sees what was just written, not what was read before', async () => {
    world = await givenFiveSheets();
    const company = columnOf(sheetValues(world, 'Leads'), 'Company') + 1;
    leads(world).writeValue(5, company, 'Pushed then pulled');
    const id = String(leads(world).readValue(5, columnOf(sheetValues(world, 'Leads'), 'Zoho record ID') + 1));

    const result = syncNow(world);

    expect((await world.zoho.admin.getRecord('eu', 'Leads', id)).Company).toBe('Pushed then pulled');
    expect(result.value!.sheets.every((s) => s.conflicts === 0)).toBe(true);
    // Read again after the push: Leads' page of changes and of deletions for the two Leads sheets.
    expect(result.counters.urlfetchCalls).toBeGreaterThan(13);
    const second = syncNow(world);
    expect(second.value!.sheets.find((s) => s.sheet === 'Leads')).toMatchObject({ updated: 0, conflicts: 0 });
    expect(leads(world).readValue(5, company)).toBe('Pushed then pulled');
  });

  it('repeats only the read Zoho refused with a 429, and every sheet is synced', async () => {
    world = await givenFiveSheets();
    await world.zoho.admin.counters.reset();
    await world.zoho.admin.addFault({ kind: 'burst429', count: 1, match: 'GET /crm/v8/Deals/deleted' });

    const result = syncNow(world);

    const counters = await world.zoho.admin.counters();
    expect(result.value!.sheets).toHaveLength(5);
    expect(result.counters.urlfetchCalls).toBe(14);
    expect(counters.calls['GET /crm/v8/{module}/deleted']).toBe(5);
  });

  it('refreshes an expired token once, not once per read of the batch', async () => {
    world = await givenFiveSheets();
    await world.zoho.admin.counters.reset();
    const expired = { code: 'INVALID_TOKEN', details: {}, message: 'invalid oauth token', status: 'error' };
    await world.zoho.admin.addFault({ kind: 'status', status: 401, count: 5, match: 'GET /crm/v8/', body: expired });

    const result = syncNow(world);

    const counters = await world.zoho.admin.counters();
    expect(result.value!.sheets).toHaveLength(5);
    expect(counters.calls['POST /oauth/v2/token']).toBe(1);
  });

  it('syncs every sheet right when a connection drops in the middle of the batch', async () => {
    world = await givenFiveSheets();
    const contacts = (await world.zoho.admin.listRecords('eu', 'Contacts', { limit: 300 })).records;
    await world.zoho.admin.patchRecord('eu', 'Contacts', contacts[2]!.id, { Phone: '+49 30 123456' });
    await world.zoho.admin.addFault({ kind: 'drop', count: 1, match: 'GET /crm/v8/Accounts' });

    const result = syncNow(world);

    expect(result.value!.sheets).toHaveLength(5);
    expect(sheetValues(world, 'Contacts').some((row) => row.includes('+49 30 123456'))).toBe(true);
  });
});
