// What Zoho (or something in front of it) sends back, through the real bundle against the emulator:
// an answer that is not what was asked for never changes the sheet as if it were.

import type { FilterOptions, SyncNowResult } from '../../src/shared/rpc';
import { givenConnectedUser, givenPulledLeads, givenSyncedSheet, givenWorld, leadsCell, sheetValues, columnOf, type World } from '../helpers/world';

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
