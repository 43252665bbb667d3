// A pull that stops making progress ends with a clear message instead of going on for ever:
// through the real bundle against the emulator's misbehaving-page faults (emulators/zoho/README.md).

import type { RunLogEntry, SyncNowResult } from '../../src/shared/rpc';
import { givenConnectedUser, givenSyncedSheet, givenWorld, type World } from '../helpers/world';

let world: World;
afterEach(async () => {
  await world?.stop();
});

async function givenSheetOf(leads: number): Promise<World> {
  const w = await givenWorld({ records: 10 });
  await w.zoho.admin.reset({ moduleSizes: { Leads: leads } });
  await givenConnectedUser(w, 'eu');
  givenSyncedSheet(w, 'Leads', 'Leads', ['Last_Name', 'Company']);
  return w;
}

const rows = (w: World) => w.runtime.getSpreadsheet(w.spreadsheetId)!.sheet('Leads')!.lastRow();

describe('a pull that stops making progress', () => {
  it.each([
    ['Zoho repeats a page for ever', 'repeatPage', /same page of Leads/],
    ['Zoho sends empty pages that claim more records', 'emptyPage', /empty pages/],
  ])('ends with a clear message when %s, keeping the rows pulled so far', async (_name, kind, message) => {
    world = await givenSheetOf(600);
    // The first page is fine; from the second on, Zoho misbehaves on every call.
    await world.zoho.admin.addFault({ kind, count: 1000, match: '/page_token=/' } as Parameters<typeof world.zoho.admin.addFault>[0]);

    const result = world.rpc<SyncNowResult>('syncNow');

    expect(result.ok).toBe(false);
    expect(result.error!.message).toMatch(message);
    expect(result.counters.urlfetchCalls).toBeLessThan(10);
    expect(rows(world)).toBeGreaterThanOrEqual(201);
    const log = world.rpc<RunLogEntry[]>('getRunLog').value!;
    expect(log[0]).toMatchObject({ ok: false });
    expect(log[0]!.message).toMatch(message);
    expect(world.runtime.listTriggers().filter((t) => t.handlerFunction === 'continueSync')).toHaveLength(0);
  });

  it('completes once Zoho behaves again, with every record once', async () => {
    world = await givenSheetOf(600);
    await world.zoho.admin.addFault({ kind: 'emptyPage', count: 1000, match: '/page_token=/' } as Parameters<typeof world.zoho.admin.addFault>[0]);
    world.rpc('syncNow');
    await world.zoho.admin.clearFaults();

    const again = world.rpc<SyncNowResult>('syncNow');

    expect(again.ok).toBe(true);
    expect(rows(world)).toBe(601);
  });
});
