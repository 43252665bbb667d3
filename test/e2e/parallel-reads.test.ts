// Independent reads go to Zoho together (UrlFetchApp.fetchAll), through the real bundle in the Apps
// Script runtime against the Zoho emulator (issue 20): fewer round trips, the same calls, and every
// fault of one member as safe as it was when the reads went one by one.

import type { SyncNowResult } from '../../src/shared/rpc';
import { columnOf, givenPulledLeads, sheetValues, type World } from '../helpers/world';

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
