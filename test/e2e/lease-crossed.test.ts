// A sync whose lease a rival's crossed (two runs with no document lock, such as a schedule and a
// continuation) reads the lease back at its first write (src/gas/sync-lease.ts confirmLease); the
// one that lost must write nothing anywhere: no cell, no sync data, no run-log entry, nothing to Zoho.
// Each case makes the first write a different one of runSheets' writes.

import type { SyncNowResult } from '../../src/shared/rpc';
import { changeSpreadsheetTimeZone, givenConnectedUser, givenDefinitionsFromBeforeOrgs, givenSyncedSheet, givenWorld, REP, type World } from '../helpers/world';

let world: World;
afterEach(async () => {
  await world?.stop();
});

const JONAS_ZOHO = 'jonas.weber@beispiel-eu.example';
const REP_ZOHO = 'lena.fischer@beispiel-eu.example';

/** Everything of the spreadsheet a sync may write but its lease: cells, notes and formats, and developer metadata (sync data, run log). */
function snapshot(w: World): string {
  const book = w.runtime.getSpreadsheet(w.spreadsheetId)!;
  const metadata = book.data.metadata.filter((m) => m.key !== 'zcs.v1.lease');
  return JSON.stringify({ sheets: book.data.sheets, metadata });
}

/** Sync now as the rep, while Jonas's schedule writes its lease over ours during the fetch that `match` finds. */
function syncCrossedDuring(w: World, match: RegExp): SyncNowResult & { crossed: boolean; ok: boolean; error?: { message: string } } {
  const book = w.runtime.getSpreadsheet(w.spreadsheetId)!;
  let crossed = false;
  const result = w.runtime.rpc<SyncNowResult>('syncNow', [], {
    user: REP, spreadsheetId: w.spreadsheetId,
    duringUrlFetch: { match, act: () => {
      crossed = true;
      const now = w.runtime.clock.now();
      const rival = { holder: 'scheduled-run', by: JONAS_ZOHO, trigger: 'scheduled', since: new Date(now).toISOString(), until: now + 7 * 60 * 1000 };
      book.data.metadata.find((m) => m.key === 'zcs.v1.lease')!.value = JSON.stringify(rival);
    } },
  });
  return { ...(result.value ?? { message: '', sheets: [], continuing: false }), crossed, ok: result.ok, ...(result.error ? { error: { message: result.error.message } } : {}) } as never;
}

function expectStoodBack(w: World, result: { crossed: boolean; ok: boolean; error?: { message: string } }, before: string): void {
  expect(result.crossed).toBe(true);
  expect(result.ok).toBe(false);
  expect(result.error!.message).toMatch(/Another sync of this spreadsheet is running: the scheduled sync started by jonas\.weber@beispiel-eu\.example/);
  expect(snapshot(w)).toEqual(before);
  const lease = w.runtime.getSpreadsheet(w.spreadsheetId)!.data.metadata.find((m) => m.key === 'zcs.v1.lease')!;
  expect(JSON.parse(lease.value!)).toMatchObject({ holder: 'scheduled-run' });
}

describe('a sync that lost its lease to a crossing rival writes nothing', () => {
  it('when its first write would re-render dates after a change of the spreadsheet\'s time zone', async () => {
    world = await givenWorld({ records: 10, timeZone: 'Europe/Berlin' });
    await world.zoho.admin.reset({ moduleSizes: { Leads: 12 } });
    await givenConnectedUser(world, 'eu');
    givenSyncedSheet(world, 'Leads', 'Leads', ['Last_Name', 'Company', 'Next_Follow_Up', 'Last_Contacted_On']);
    expect(world.rpc('syncNow').ok).toBe(true);
    changeSpreadsheetTimeZone(world, 'America/New_York');
    const before = snapshot(world);

    expectStoodBack(world, syncCrossedDuring(world, /\/crm\/v\d+\/Leads/), before);
  });

  it('when its first write would adopt the org for a sheet set up before orgs were recorded', async () => {
    world = await givenWorld({ records: 10 });
    await givenConnectedUser(world, 'eu');
    givenSyncedSheet(world, 'Leads', 'Leads', ['Last_Name', 'Company']);
    expect(world.rpc('syncNow').ok).toBe(true);
    givenDefinitionsFromBeforeOrgs(world);
    // A connection noted before the org's currency was: the sync (having taken its lease) asks Zoho
    // who is connected before it binds the sheet, and the rival's lease lands while it does.
    const user = world.runtime.properties.user(REP);
    const noted = Object.keys(user).filter((k) => /identity/.test(k));
    expect(noted).toHaveLength(1);
    const { currencySymbol: _symbol, ...older } = JSON.parse(user[noted[0]!]!) as Record<string, unknown>;
    expect(older.userEmail).toBe(REP_ZOHO);
    user[noted[0]!] = JSON.stringify(older);
    world.runtime.caches.clear();
    const before = snapshot(world);

    expectStoodBack(world, syncCrossedDuring(world, /\/crm\/v\d+\/(org|users)/), before);
  });

  it('when its first write would be a filtered pull\'s, after a COQL query (a POST that only reads)', async () => {
    world = await givenWorld({ records: 10 });
    await world.zoho.admin.reset({ moduleSizes: { Leads: 40 } });
    await givenConnectedUser(world, 'eu');
    const me = world.rpc<{ me?: { id: string; name: string } }>('listFilterOptions', ['Leads']).value!.me!;
    givenSyncedSheet(world, 'Mine', 'Leads', ['Last_Name', 'Company'], { filter: { owner: me } });
    expect(world.rpc('syncNow').ok).toBe(true);
    // No empty rows below the data: the pull formats none, so its first write is a changed row's.
    const mine = world.runtime.getSpreadsheet(world.spreadsheetId)!.sheet('Mine')!;
    mine.deleteRows(mine.lastRow() + 1, mine.maxRows - mine.lastRow());
    await world.zoho.admin.advanceClock(60);
    const all = (await world.zoho.admin.listRecords('eu', 'Leads', { limit: 1000 })).records;
    for (const r of all.slice(0, 10)) await world.zoho.admin.patchRecord('eu', 'Leads', String(r.id), { Company: `Changed ${String(r.id)}` });
    const before = snapshot(world);

    expectStoodBack(world, syncCrossedDuring(world, /^POST [^?]*\/crm\/v\d+\/coql/), before);
  });
});
