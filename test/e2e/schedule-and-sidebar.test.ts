// The menu, the sidebar's server functions, the daily schedule and the run log, through the real
// bundle in the Apps Script runtime against the Zoho emulator.

import { execFileSync } from 'node:child_process';
import type { RunLogEntry, ScheduleState, SidebarState, SyncNowResult } from '../../src/shared/rpc';
import { givenConnectedUser, givenSyncedSheet, givenWorld, REP, sheetValues, type World } from '../helpers/world';

let world: World;
afterEach(async () => {
  await world?.stop();
});

const HOUR = 3600 * 1000;

async function givenSyncingWorld(): Promise<World> {
  const w = await givenWorld({ records: 10 });
  await w.zoho.admin.reset({ moduleSizes: { Leads: 120 } });
  await givenConnectedUser(w, 'eu');
  givenSyncedSheet(w, 'Leads', 'Leads', ['Last_Name', 'Company', 'Email']);
  return w;
}

describe('the add-on menu', () => {
  it.each(['NONE', 'LIMITED', 'FULL'] as const)('is built in AuthMode.%s without touching what that mode forbids', async (authMode) => {
    world = await givenWorld({ unconfigured: authMode === 'LIMITED' });

    const result = world.run('onOpen', [{ authMode }], { authMode });

    expect(result.ok).toBe(true);
    const items = result.ui.menus[0]!.items.filter((i) => i.functionName).map((i) => i.functionName);
    expect(items).toEqual(expect.arrayContaining(['showSidebar', 'syncNowFromMenu', 'pushChangesFromMenu', 'disconnectFromMenu']));
    expect(result.counters.propertyReads).toBe(authMode === 'NONE' ? 0 : result.counters.propertyReads);
  });

  it('offers Setup while no Zoho client is configured, where properties may be read', async () => {
    world = await givenWorld({ unconfigured: true });

    const limited = world.run('onOpen', [{ authMode: 'LIMITED' }], { authMode: 'LIMITED' });
    const none = world.run('onOpen', [{ authMode: 'NONE' }], { authMode: 'NONE' });

    expect(limited.ui.menus[0]!.items.map((i) => i.caption)).toContain('Set up Zoho client');
    expect(none.ui.menus[0]!.items.map((i) => i.caption)).not.toContain('Set up Zoho client');
  });

  it('Sync now from the menu shows what it did as a toast, and a failure as an alert', async () => {
    world = await givenSyncingWorld();

    const ok = world.run('syncNowFromMenu');
    world.rpc('disconnect');
    const failed = world.run('syncNowFromMenu');

    expect(ok.ui.toasts[0]!.message).toMatch(/Leads: 120 new/);
    expect(failed.ui.alerts[0]!.prompt).toMatch(/Not connected to Zoho CRM/);
  });
});

describe('the sidebar\'s server functions', () => {
  it('answers everything the sidebar shows in one JSON-safe call', async () => {
    world = await givenSyncingWorld();
    world.rpc('syncNow');

    const state = world.rpc<SidebarState>('getSidebarState');

    expect(state.ok).toBe(true);
    const value = state.value!;
    expect(JSON.parse(JSON.stringify(value))).toEqual(value);
    expect(value.connection).toMatchObject({ connected: true, dataCenter: { location: 'eu' } });
    expect(value.definitions).toEqual([expect.objectContaining({ sheetName: 'Leads', module: 'Leads', fields: ['Last_Name', 'Company', 'Email'] })]);
    expect(value.definitions[0]!.lastSuccessAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(value.schedule).toMatchObject({ enabled: false, hour: null, timeZone: 'Europe/Berlin', frequency: null, owner: null });
    expect(value.running).toBeNull();
    expect(value.runs[0]).toMatchObject({ trigger: 'manual', ok: true, status: 'ok' });
    expect(value.sheetNames).toContain('Leads');
  });

  it('reports progress as not running once a sync has finished', async () => {
    world = await givenSyncingWorld();
    world.rpc('syncNow');

    expect(world.rpc('getSyncProgress').value).toMatchObject({ running: false });
  });

  it('selects the row an issue links to', async () => {
    world = await givenSyncingWorld();
    world.rpc('syncNow');

    const selected = world.rpc('selectRow', ['Leads', 42]);

    expect(selected.ok).toBe(true);
  });

  it('refuses a bad schedule hour with a message the sidebar can show', async () => {
    world = await givenSyncingWorld();

    const result = world.rpc('setSchedule', [25]);

    expect(result.ok).toBe(false);
    expect(result.error!.message).toMatch(/hour from 0 to 23/);
  });
});

describe('the daily schedule', () => {
  it('keeps one time-driven trigger per user and document: created, moved, removed', async () => {
    world = await givenSyncingWorld();

    const on = world.rpc<ScheduleState>('setSchedule', [7]);
    const afterOn = world.runtime.listTriggers(REP);
    const moved = world.rpc<ScheduleState>('setSchedule', [18]);
    const afterMove = world.runtime.listTriggers(REP);
    const off = world.rpc<ScheduleState>('setSchedule', [null]);

    expect(on.value).toMatchObject({ enabled: true, hour: 7, timeZone: 'Europe/Berlin', frequency: { kind: 'daily', hour: 7 }, mine: true });
    expect(afterOn).toEqual([expect.objectContaining({ handlerFunction: 'runScheduledSync', schedule: expect.objectContaining({ kind: 'daily', hour: 7, timeZone: 'Europe/Berlin' }) })]);
    expect(moved.value!.hour).toBe(18);
    expect(afterMove).toHaveLength(1);
    expect(afterMove[0]!.schedule!.hour).toBe(18);
    expect(off.value!.enabled).toBe(false);
    expect(world.runtime.listTriggers(REP)).toEqual([]);
  });

  it('runs at the chosen hour on the virtual clock, with no active spreadsheet, and logs the run', async () => {
    world = await givenSyncingWorld();
    world.rpc('setSchedule', [7]);

    const runs = world.runtime.advanceAndFire(30 * HOUR);

    expect(runs).toHaveLength(1);
    expect(runs[0]!.ok).toBe(true);
    expect(runs[0]!.functionName).toBe('runScheduledSync');
    expect(sheetValues(world, 'Leads')).toHaveLength(121);
    const log = world.rpc<RunLogEntry[]>('getRunLog').value!;
    expect(log[0]).toMatchObject({ trigger: 'scheduled', ok: true });
    expect(world.runtime.listTriggers(REP)).toHaveLength(1);
  });

  it('logs a failed scheduled run so the sidebar shows it next time', async () => {
    world = await givenSyncingWorld();
    world.rpc('setSchedule', [7]);
    await world.zoho.admin.addFault({ kind: 'status', status: 500, count: 20 });

    world.runtime.advanceAndFire(30 * HOUR);

    const state = world.rpc<SidebarState>('getSidebarState').value!;
    expect(state.runs[0]).toMatchObject({ trigger: 'scheduled', ok: false });
    expect(state.runs[0]!.message).toMatch(/not answering properly/);
    expect(world.runtime.listTriggers(REP)).toHaveLength(1);
  });

  it('removes the trigger of a user who lost access instead of failing every day', async () => {
    world = await givenSyncingWorld();
    world.rpc('setSchedule', [7]);
    await world.zoho.admin.revokeTokens({ user: world.zoho.info.users.eu });
    await world.zoho.admin.advanceClock(30 * 3600);

    world.runtime.advanceAndFire(30 * HOUR);

    expect(world.runtime.listTriggers(REP)).toEqual([]);
    const state = world.rpc<SidebarState>('getSidebarState').value!;
    expect(state.runs[0]!.message).toMatch(/schedule is turned off/);
    expect(state.schedule.enabled).toBe(false);
  });

  it('a long sync borrows the trigger slot to continue, then gives the daily trigger back', async () => {
    world = await givenWorld({ records: 10, latency: { urlFetchRoundTripMs: 25000 } });
    await world.zoho.admin.reset({ moduleSizes: { Leads: 3000 } });
    await givenConnectedUser(world, 'eu');
    givenSyncedSheet(world, 'Leads', 'Leads', ['Last_Name']);
    world.rpc('setSchedule', [7]);

    const first = world.rpc<SyncNowResult>('syncNow');
    const during = world.runtime.listTriggers(REP).map((t) => t.handlerFunction);
    for (let i = 0; i < 5 && world.runtime.listTriggers(REP).some((t) => t.handlerFunction === 'continueSync'); i++) world.runtime.advanceAndFire(61000);

    expect(first.value!.continuing).toBe(true);
    expect(during).toEqual(['continueSync']);
    expect(world.runtime.listTriggers(REP).map((t) => t.handlerFunction)).toEqual(['runScheduledSync']);
    expect(sheetValues(world, 'Leads')).toHaveLength(3001);
  });
});

describe('a long pull that continues in a later execution', () => {
  /** A 3,000-lead pull that ran out of time: its first execution wrote 2,400 rows. */
  async function givenPausedPull(): Promise<World> {
    const w = await givenWorld({ records: 10, latency: { urlFetchRoundTripMs: 25000 } });
    await w.zoho.admin.reset({ moduleSizes: { Leads: 3000 } });
    await givenConnectedUser(w, 'eu');
    givenSyncedSheet(w, 'Leads', 'Leads', ['Last_Name', 'Company']);
    if (!w.rpc<SyncNowResult>('syncNow').value!.continuing) throw new Error('the pull did not pause');
    return w;
  }

  async function everyLeadId(w: World): Promise<string[]> {
    const ids: string[] = [];
    for (let offset = 0; offset < 3000; offset += 1000) ids.push(...(await w.zoho.admin.listRecords('eu', 'Leads', { limit: 1000, offset })).records.map((r) => String(r.id)));
    return ids.sort();
  }

  it.each([
    ['the continuation fires', false],
    ['the rep revoked the connection in Zoho meanwhile, reconnects and clicks Sync now', true],
  ])('ends with every record on one row, and the edit typed while it waited in Zoho, when %s', async (_when, revoked) => {
    world = await givenPausedPull();
    const values = sheetValues(world, 'Leads');
    const [company, idColumn] = [values[0]!.indexOf('Company'), values[0]!.indexOf('Zoho record ID')];
    const edited = String(values[4]![idColumn]);
    // The edited record, already pulled, is modified by the push before the rest is read.
    world.runtime.getSpreadsheet(world.spreadsheetId)!.sheet('Leads')!.writeValue(5, company + 1, 'Typed While It Waited');
    if (revoked) await world.zoho.admin.revokeTokens({ user: world.zoho.info.users.eu });

    world.runtime.advanceAndFire(61000);
    if (revoked) {
      expect(world.rpc<SidebarState>('getSidebarState').value!.runs[0]!.message).toMatch(/no longer accepts this connection.*Click Connect/);
      expect(world.runtime.listTriggers(REP)).toEqual([]);
      await givenConnectedUser(world, 'eu');
      for (let i = 0; i < 3 && world.rpc<SyncNowResult>('syncNow').value!.continuing; i++);
    }

    const rows = sheetValues(world, 'Leads').slice(1).map((row) => String(row[idColumn]));
    expect([...rows].sort()).toEqual(await everyLeadId(world));
    expect((await world.zoho.admin.getRecord('eu', 'Leads', edited)).Company).toBe('Typed While It Waited');
  });
});

describe('a colleague deleting a record while a paused first pull goes on', () => {
  it('brings, at the next sync, the record the continued pull stepped over', async () => {
    world = await givenWorld({ records: 10, latency: { urlFetchRoundTripMs: 25000 } });
    await world.zoho.admin.reset({ moduleSizes: { Leads: 3000 } });
    await givenConnectedUser(world, 'eu');
    givenSyncedSheet(world, 'Leads', 'Leads', ['Last_Name', 'Company']);
    expect(world.rpc<SyncNowResult>('syncNow').value!.continuing).toBe(true);
    const all: Array<{ id: string; modified: number }> = [];
    for (let offset = 0; offset < 3000; offset += 1000) all.push(...(await world.zoho.admin.listRecords('eu', 'Leads', { limit: 1000, offset })).records.map((r) => ({ id: String(r.id), modified: Date.parse(String(r.Modified_Time)) })));
    // The continuation reads newest first; a colleague deletes one of its first page while the second is read.
    const gone = all.sort((a, b) => b.modified - a.modified || b.id.localeCompare(a.id))[10]!.id;
    const admin = world.zoho.info.admin;
    let deleted = false;
    for (let i = 0, continuing = true; i < 3 && continuing; i++) {
      continuing = world.runtime.rpc<SyncNowResult>('syncNow', [], {
        user: REP, spreadsheetId: world.spreadsheetId,
        duringUrlFetch: { match: /page_token/, act: () => { if (!deleted) execFileSync('curl', ['-sf', '-X', 'DELETE', `${admin}/orgs/eu/records/Leads/${gone}`]); deleted = true; } },
      }).value!.continuing;
    }
    expect(deleted).toBe(true);
    await world.zoho.admin.advanceClock(600);

    for (let i = 0; i < 3 && world.rpc<SyncNowResult>('syncNow').value!.continuing; i++);

    const idColumn = sheetValues(world, 'Leads')[0]!.indexOf('Zoho record ID');
    const rows = sheetValues(world, 'Leads').slice(1).map((row) => String(row[idColumn]));
    expect(new Set(rows).size).toBe(rows.length);
    expect([...rows].sort()).toEqual(all.map((r) => r.id).filter((id) => id !== gone).sort());
  });
});

describe('a continuation that fails', () => {
  it('retries a few times, then gives the slot back to the daily trigger and says so in the log', async () => {
    world = await givenWorld({ records: 10, latency: { urlFetchRoundTripMs: 25000 } });
    await world.zoho.admin.reset({ moduleSizes: { Leads: 3000 } });
    await givenConnectedUser(world, 'eu');
    givenSyncedSheet(world, 'Leads', 'Leads', ['Last_Name']);
    world.rpc('setSchedule', [7]);
    expect(world.rpc<SyncNowResult>('syncNow').value!.continuing).toBe(true);
    await world.zoho.admin.addFault({ kind: 'status', status: 500, count: 1000, match: '/crm/' });

    const handlers: string[][] = [];
    for (let i = 0; i < 4; i++) {
      world.runtime.advanceAndFire(61000);
      handlers.push(world.runtime.listTriggers(REP).map((t) => t.handlerFunction));
    }

    expect(handlers[0]).toEqual(['continueSync']);
    expect(handlers[2]).toEqual(['runScheduledSync']);
    const log = world.rpc<RunLogEntry[]>('getRunLog').value!;
    expect(log.filter((r) => r.trigger === 'continue' && !r.ok)).toHaveLength(3);
    expect(world.rpc<SidebarState>('getSidebarState').value!.definitions[0]!.continuing).toBe(false);
  });
});
