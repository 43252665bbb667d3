// What Zoho (or something in front of it) sends back, through the real bundle against the emulator:
// an answer that is not what was asked for never changes the sheet as if it were.

import type { FilterOptions, SyncNowResult } from '../../src/shared/rpc';
import { columnOf, givenConnectedUser, givenPulledLeads, givenSyncedSheet, givenWorld, leadsCell, sheetValues, statusOf, typeInLeads, type World } from '../helpers/world';

let world: World;
afterEach(async () => {
  await world?.stop();
});

const FIELDS = ['Last_Name', 'Company', 'Lead_Status', 'Owner'];
/** Zoho's error JSON (reference §8), here behind a 200. */
const ERROR_BODY = { code: 'INTERNAL_ERROR', details: {}, message: 'Internal Server Error', status: 'error' };

const ids = (w: World, sheet: string): string[] => {
  const values = sheetValues(w, sheet);
  const c = columnOf(values, 'Zoho record ID');
  return values.slice(1).map((row) => String(row[c])).filter((id) => id !== '');
};

describe('an error body behind a 200', () => {
  it('keeps every row of a filtered sheet, says the sync failed, and the next sync goes on', async () => {
    world = await givenWorld({ records: 10 });
    await world.zoho.admin.reset({ moduleSizes: { Leads: 60 } });
    await givenConnectedUser(world, 'eu');
    const me = world.rpc<FilterOptions>('listFilterOptions', ['Leads']).value!.me!;
    givenSyncedSheet(world, 'Mine', 'Leads', FIELDS, { filter: { owner: me } });
    world.rpc<SyncNowResult>('syncNow');
    const before = ids(world, 'Mine');
    expect(before.length).toBeGreaterThan(0);
    await world.zoho.admin.advanceClock(60);
    await world.zoho.admin.patchRecord('eu', 'Leads', before[0]!, { Company: 'Changed In Zoho' });
    await world.zoho.admin.addFault({ kind: 'status', status: 200, body: ERROR_BODY, count: 50, match: '/coql' });

    const failed = world.rpc<SyncNowResult>('syncNow');

    expect(ids(world, 'Mine')).toEqual(before);
    expect(failed.ok).toBe(false);
    expect(failed.error!.message).toBe('Zoho CRM sent an answer the add-on could not read. Nothing was lost; the next sync will try again.');
    await world.zoho.admin.clearFaults();
    const next = world.rpc<SyncNowResult>('syncNow');
    expect(next.ok).toBe(true);
    expect(ids(world, 'Mine')).toEqual(before);
    const values = sheetValues(world, 'Mine');
    expect(values[1]![columnOf(values, 'Company')]).toBe('Changed In Zoho');
  });

  it('misses no change made in Zoho meanwhile: the next sync brings it', async () => {
    world = await givenPulledLeads(20, FIELDS);
    const id = String(leadsCell(world, 4, 'Zoho record ID'));
    await world.zoho.admin.advanceClock(60);
    await world.zoho.admin.patchRecord('eu', 'Leads', id, { Company: 'Changed In Zoho' });
    await world.zoho.admin.addFault({ kind: 'status', status: 200, body: ERROR_BODY, count: 50, match: 'GET /crm/v8/Leads' });

    world.rpc<SyncNowResult>('syncNow');
    await world.zoho.admin.clearFaults();
    world.rpc<SyncNowResult>('syncNow');

    expect(leadsCell(world, 4, 'Company')).toBe('Changed In Zoho');
  });
});

describe('a success answer that names no record', () => {
  it('never creates the record twice: the row waits for the check, then is linked to the record Zoho made', async () => {
    world = await givenPulledLeads(3, FIELDS);
    typeInLeads(world, 5, 'Last Name', 'No Id Answer');
    // Zoho creates the record, but the answer that reaches the add-on says SUCCESS without its id.
    const noId = { data: [{ code: 'SUCCESS', details: {}, message: 'record added', status: 'success' }] };
    await world.zoho.admin.addFault({ kind: 'status', status: 200, body: noId, after: true, count: 1, match: 'POST /crm/v8/Leads' });

    world.rpc<SyncNowResult>('pushChanges');
    const first = statusOf(world, 'Leads', 5);
    world.rpc<SyncNowResult>('pushChanges');

    expect(first.note).not.toMatch(/^Sent to Zoho/);
    expect(first.note).toMatch(/^Sent, but Zoho's answer was lost/);
    const created = (await world.zoho.admin.listRecords('eu', 'Leads', { limit: 100 })).records.filter((r) => r.Last_Name === 'No Id Answer');
    expect(created).toHaveLength(1);
    expect(leadsCell(world, 5, 'Zoho record ID')).toBe(created[0]!.id);
  });
});

describe('an empty 204 where Zoho always has data', () => {
  it('is not taken for a module without fields: the sync says so, and the next one works', async () => {
    world = await givenPulledLeads(5, FIELDS);
    // Past the add-on's 30 minutes of field metadata, so the next sync reads the fields again.
    world.runtime.clock.advance(1801 * 1000);
    await world.zoho.admin.advanceClock(1801);
    await world.zoho.admin.addFault({ kind: 'status', status: 204, body: '', count: 1, match: 'GET /crm/v8/settings/fields' });

    const failed = world.rpc<SyncNowResult>('syncNow');
    const next = world.rpc<SyncNowResult>('syncNow');

    expect(failed.ok).toBe(false);
    expect(failed.error!.message).toBe('Zoho CRM sent an answer the add-on could not read. Nothing was lost; the next sync will try again.');
    expect(next.ok).toBe(true);
    expect(ids(world, 'Leads')).toHaveLength(5);
  });
});

describe('a Long Integer past 2^53', () => {
  it.each([
    ['as a numeric string', false],
    ['as a bare JSON number (the reference leaves it open)', true],
  ])('shows every digit Zoho holds when sent %s, and an edit elsewhere in the row leaves it alone', async (_name, bigintAsNumber) => {
    world = await givenPulledLeads(5, [...FIELDS, 'External_Ref_Number'], { bigintAsNumber });
    const id = String(leadsCell(world, 3, 'Zoho record ID'));
    await world.zoho.admin.advanceClock(60);
    await world.zoho.admin.patchRecord('eu', 'Leads', id, { External_Ref_Number: '123456789012345678' });

    world.rpc<SyncNowResult>('syncNow');
    const shown = leadsCell(world, 3, 'External Ref Number');
    typeInLeads(world, 3, 'Company', 'Edited Elsewhere');
    const pushed = world.rpc<SyncNowResult>('pushChanges');

    expect(shown).toBe('123456789012345678');
    expect(pushed.value!.pushed![0]).toMatchObject({ updated: 1, failed: 0 });
    expect(await world.zoho.admin.getRecord('eu', 'Leads', id)).toMatchObject({ External_Ref_Number: '123456789012345678', Company: 'Edited Elsewhere' });
  });
});
