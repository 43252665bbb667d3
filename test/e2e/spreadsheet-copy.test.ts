// File > Make a copy of a whole synced spreadsheet, through the real bundle in the Apps Script
// runtime against the Zoho emulator: the copy carries the original's developer metadata (sync
// definitions, the schedule's record, the run log) but none of its triggers, and a rep may sync
// both the copy and the original.

import type { ExecutionResult } from '../../emulators/apps-script/runtime';
import type { ScheduleState, SidebarState, SyncNowResult } from '../../src/shared/rpc';
import { columnOf, givenConnectedUser, givenPulledLeads, REP, type World } from '../helpers/world';

let world: World;
afterEach(async () => {
  await world?.stop();
});

const FIELDS = ['Last_Name', 'Company'];
const JONAS = 'jonas@example.com';
const JONAS_ZOHO = 'jonas.weber@beispiel-eu.example';

/** Runs a sidebar call as `user` in the spreadsheet `spreadsheetId`. */
function rpcIn<T>(w: World, spreadsheetId: string, fn: string, args: unknown[] = [], user = REP): ExecutionResult<T> {
  return w.runtime.rpc<T>(fn, args, { user, spreadsheetId });
}

/** The rep's Leads sheet, pulled, with her daily 7 o'clock schedule; then she makes a copy of the spreadsheet. */
async function givenCopiedScheduledSpreadsheet(keepSheetIds = true): Promise<{ w: World; copyId: string }> {
  const w = await givenPulledLeads(5, FIELDS);
  const on = w.rpc<ScheduleState>('setSchedule', [{ frequency: { kind: 'daily', hour: 7 } }]);
  if (!on.ok) throw new Error(on.error?.message);
  const copy = w.runtime.copySpreadsheet(w.spreadsheetId, { name: 'Pipeline (Q3 plan)', keepSheetIds });
  return { w, copyId: copy.id };
}

describe('a copy of a synced spreadsheet with a schedule', () => {
  it('shows no schedule in the copy, since no trigger runs it there, and the original still shows and runs hers', async () => {
    const made = await givenCopiedScheduledSpreadsheet();
    world = made.w;

    const inCopy = rpcIn<SidebarState>(world, made.copyId, 'getSidebarState');
    const inOriginal = world.rpc<SidebarState>('getSidebarState');

    expect(world.runtime.listTriggers(REP).filter((t) => t.handlerFunction === 'runScheduledSync')).toHaveLength(1);
    expect(inCopy.value!.schedule).toEqual(expect.objectContaining({ enabled: false, frequency: null, nextRunAt: null, mine: false, stopped: null }));
    expect(inOriginal.value!.schedule).toEqual(expect.objectContaining({ enabled: true, frequency: { kind: 'daily', hour: 7 }, mine: true }));
  });

  it('lets the rep give the copy a schedule of its own, without taking over anything, and keeps the original\'s', async () => {
    const made = await givenCopiedScheduledSpreadsheet();
    world = made.w;

    const set = rpcIn<ScheduleState>(world, made.copyId, 'setSchedule', [{ frequency: { kind: 'daily', hour: 9 } }]);

    expect(set.error?.message).toBeUndefined();
    expect(set.value).toEqual(expect.objectContaining({ enabled: true, frequency: { kind: 'daily', hour: 9 }, mine: true }));
    const scheduled = world.runtime.listTriggers(REP).filter((t) => t.handlerFunction === 'runScheduledSync');
    expect(scheduled.map((t) => t.documentId).sort()).toEqual([made.copyId, world.spreadsheetId].sort());
    expect(world.rpc<SidebarState>('getSidebarState').value!.schedule).toEqual(expect.objectContaining({ enabled: true, frequency: { kind: 'daily', hour: 7 }, mine: true }));
  });

  it('shows none in a copy made after the first scheduled run of a schedule set up before records named their spreadsheet', async () => {
    world = await givenPulledLeads(5, FIELDS);
    world.rpc<ScheduleState>('setSchedule', [{ frequency: { kind: 'daily', hour: 7 } }]);
    const entry = world.runtime.getSpreadsheet(world.spreadsheetId)!.data.metadata.find((m) => m.key === 'zcs.v1.schedule')!;
    const { spreadsheetId: _named, ...older } = JSON.parse(entry.value!) as Record<string, unknown>;
    entry.value = JSON.stringify(older);
    const uid = world.runtime.listTriggers(REP).find((t) => t.handlerFunction === 'runScheduledSync')!.uniqueId;
    world.runtime.run('runScheduledSync', [{ authMode: 'FULL', triggerUid: uid }], { user: REP });

    const copyId = world.runtime.copySpreadsheet(world.spreadsheetId).id;

    expect(rpcIn<SidebarState>(world, copyId, 'getSidebarState').value!.schedule).toEqual(expect.objectContaining({ enabled: false, frequency: null }));
    expect(world.rpc<SidebarState>('getSidebarState').value!.schedule).toEqual(expect.objectContaining({ enabled: true, frequency: { kind: 'daily', hour: 7 }, mine: true }));
  });

  it('has nothing in the copy for a teammate to take over', async () => {
    const made = await givenCopiedScheduledSpreadsheet();
    world = made.w;

    const takeOver = rpcIn<ScheduleState>(world, made.copyId, 'takeOverSchedule');

    expect(takeOver.ok).toBe(false);
    expect(takeOver.error?.message).toMatch(/has no schedule to take over/);
  });
});

// Google does not say whether a copy keeps each sheet's id, so both ways.
describe.each([true, false])('a copy of a synced spreadsheet, synced as well as the original (the copy keeps sheet ids: %s)', (keepSheetIds) => {
  it('sends an edit made in the copy once, and the original shows it at its next sync', async () => {
    const made = await givenCopiedScheduledSpreadsheet(keepSheetIds);
    world = made.w;
    const copySheet = world.runtime.getSpreadsheet(made.copyId)!.sheet('Leads')!;
    const header = copySheet.getValues()[0]!;
    const idCol = columnOf([header], 'Zoho record ID') + 1;
    const companyCol = columnOf([header], 'Company') + 1;
    const id = String(copySheet.readValue(3, idCol));
    copySheet.writeValue(3, companyCol, 'Copied Plans GmbH');

    const fromCopy = rpcIn<SyncNowResult>(world, made.copyId, 'syncNow');
    const fromOriginal = world.rpc<SyncNowResult>('syncNow');

    expect(fromCopy.value!.pushed).toEqual([expect.objectContaining({ sheet: 'Leads', updated: 1, inserted: 0, failed: 0 })]);
    expect(fromOriginal.value!.pushed ?? []).toEqual((fromOriginal.value!.pushed ?? []).map(() => expect.objectContaining({ updated: 0, inserted: 0 })));
    expect((await world.zoho.admin.getRecord('eu', 'Leads', id)).Company).toBe('Copied Plans GmbH');
    const original = world.runtime.getSpreadsheet(world.spreadsheetId)!.sheet('Leads')!;
    const row = original.getValues().findIndex((r) => String(r[idCol - 1]) === id) + 1;
    expect(original.readValue(row, companyCol)).toBe('Copied Plans GmbH');
  });
});

describe('a copy made while a sync of the original runs', () => {
  it('is not busy: a teammate syncs the copy at once, and its sidebar shows no sync running', async () => {
    world = await givenPulledLeads(5, FIELDS);
    await givenConnectedUser(world, 'eu', JONAS, JONAS_ZOHO);
    let copyId = '';

    const original = world.runtime.rpc<SyncNowResult>('syncNow', [], {
      user: REP, spreadsheetId: world.spreadsheetId,
      duringUrlFetch: { match: /\/crm\/v\d+\/Leads/, act: () => { copyId = world.runtime.copySpreadsheet(world.spreadsheetId).id; } },
    });
    const state = rpcIn<SidebarState>(world, copyId, 'getSidebarState', [], JONAS);
    const inCopy = rpcIn<SyncNowResult>(world, copyId, 'syncNow', [], JONAS);

    expect(original.ok).toBe(true);
    expect(state.value!.running).toBeNull();
    expect(inCopy.error?.message).toBeUndefined();
    expect(inCopy.ok).toBe(true);
  });
});

describe('a copy made while a new row\'s insert was on the wire', () => {
  it('links the copy\'s row to the record that insert made, never creating a second one', async () => {
    world = await givenPulledLeads(5, FIELDS);
    const original = world.runtime.getSpreadsheet(world.spreadsheetId)!.sheet('Leads')!;
    original.writeValue(7, 1, 'Sent While Copied');
    original.writeValue(7, 2, 'Copy Time GmbH');
    let copyId = '';

    world.runtime.rpc<SyncNowResult>('syncNow', [], {
      user: REP, spreadsheetId: world.spreadsheetId,
      duringUrlFetch: { match: /^POST /, act: () => { copyId = world.runtime.copySpreadsheet(world.spreadsheetId).id; } },
    });
    const inCopy = rpcIn<SyncNowResult>(world, copyId, 'syncNow');

    const made = (await world.zoho.admin.listRecords('eu', 'Leads', { limit: 100 })).records.filter((r) => r.Last_Name === 'Sent While Copied');
    expect(made).toHaveLength(1);
    expect(inCopy.value!.pushed).toEqual([expect.objectContaining({ inserted: 1, failed: 0 })]);
    const copySheet = world.runtime.getSpreadsheet(copyId)!.sheet('Leads')!;
    const idCol = columnOf(copySheet.getValues(), 'Zoho record ID') + 1;
    expect(copySheet.readValue(7, idCol)).toBe(made[0]!.id);
    expect(original.readValue(7, idCol)).toBe(made[0]!.id);
  });
});

describe('the run history of a copy of a synced spreadsheet', () => {
  it('starts empty, with no last scheduled run, while the original keeps its history', async () => {
    world = await givenPulledLeads(5, FIELDS);
    world.rpc<ScheduleState>('setSchedule', [{ frequency: { kind: 'daily', hour: 7 } }]);
    const uid = world.runtime.listTriggers(REP).find((t) => t.handlerFunction === 'runScheduledSync')!.uniqueId;
    world.runtime.run('runScheduledSync', [{ authMode: 'FULL', triggerUid: uid }], { user: REP });
    const originalRuns = world.rpc<SidebarState>('getSidebarState').value!.runs;

    const copyId = world.runtime.copySpreadsheet(world.spreadsheetId).id;
    const inCopy = rpcIn<SidebarState>(world, copyId, 'getSidebarState').value!;

    expect(originalRuns.length).toBeGreaterThanOrEqual(2);
    expect(inCopy.runs).toEqual([]);
    expect(rpcIn<unknown[]>(world, copyId, 'getRunLog').value).toEqual([]);
    expect(inCopy.schedule.lastRun).toBeNull();
    expect(world.rpc<SidebarState>('getSidebarState').value!.runs).toEqual(originalRuns);
    expect(world.rpc<SidebarState>('getSidebarState').value!.schedule.lastRun).not.toBeNull();
  });

  it('lists only the copy\'s own runs once it syncs, and the original\'s sync adds none to the copy', async () => {
    world = await givenPulledLeads(5, FIELDS);
    const copyId = world.runtime.copySpreadsheet(world.spreadsheetId).id;

    rpcIn<SyncNowResult>(world, copyId, 'syncNow');
    world.rpc<SyncNowResult>('syncNow');

    expect(rpcIn<SidebarState>(world, copyId, 'getSidebarState').value!.runs).toHaveLength(1);
    expect(world.rpc<SidebarState>('getSidebarState').value!.runs).toHaveLength(2);
  });
});
