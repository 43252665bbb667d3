// Schedules and locks for a whole team, through the real bundle in the Apps Script runtime: one
// sync of a spreadsheet at a time whoever starts it, triggers found in every context, the
// continuation's fallback when Apps Script refuses a one-off trigger, frequencies, the team's view
// of the schedule, the failure email, and honest run states.

import type { ExecutionResult } from '../../emulators/apps-script/runtime';
import type { RunLogEntry, ScheduleState, SidebarState, SyncNowResult, SyncProgress } from '../../src/shared/rpc';
import { columnOf, givenConnectedUser, givenPulledLeads, givenSyncedSheet, givenWorld, REP, sheetValues, type World } from '../helpers/world';

let world: World;
afterEach(async () => {
  await world?.stop();
});

const HOUR = 3600 * 1000;
const LENA = 'lena.fischer@beispiel-eu.example';
const JONAS = 'jonas@example.com';
const JONAS_ZOHO = 'jonas.weber@beispiel-eu.example';
const FIELDS = ['Last_Name', 'Company'];

function sheet(w: World) {
  return w.runtime.getSpreadsheet(w.spreadsheetId)!.sheet('Leads')!;
}

function type(w: World, row: number, header: string, text: unknown): void {
  sheet(w).writeValue(row, columnOf(sheetValues(w, 'Leads'), header) + 1, text);
}

async function leadsNamed(w: World, lastName: string) {
  const all = (await w.zoho.admin.listRecords('eu', 'Leads', { limit: 1000 })).records;
  return all.filter((r) => r.Last_Name === lastName);
}

/** The user-property notes that map triggers to spreadsheets, and the triggers they name. */
function triggerNotes(w: World, user: string): string[] {
  return Object.keys(w.runtime.properties.user(user)).filter((k) => k.startsWith('zcs.v1.trigger.')).map((k) => k.slice('zcs.v1.trigger.'.length)).sort();
}

function expectEveryTriggerNoted(w: World, user: string): void {
  expect(triggerNotes(w, user)).toEqual(w.runtime.listTriggers(user).map((t) => t.uniqueId).sort());
}

/** A team: Lena (REP) pulled 20 Leads and owns a daily schedule; Jonas is connected too. */
async function givenTeam(): Promise<World> {
  const w = await givenPulledLeads(20, FIELDS);
  await givenConnectedUser(w, 'eu', JONAS, JONAS_ZOHO);
  w.rpc('getSidebarState', [], JONAS); // Jonas opens the sidebar once: his Zoho identity is known
  const on = w.rpc<ScheduleState>('setSchedule', [{ frequency: { kind: 'daily', hour: 7 } }]);
  if (!on.ok) throw new Error(on.error?.message);
  return w;
}

type Starter = 'manual' | 'daily' | 'continuation' | 'teammate';
const STARTERS: Starter[] = ['manual', 'daily', 'continuation', 'teammate'];

/** Starts a sync the way each kind starts on Apps Script (the schedule and continuation with no document). */
function start(w: World, kind: Starter, during?: { match: RegExp; act: () => void }): ExecutionResult {
  const ctx = during ? { duringUrlFetch: during } : {};
  if (kind === 'manual') return w.runtime.rpc('syncNow', [], { user: REP, spreadsheetId: w.spreadsheetId, ...ctx });
  if (kind === 'teammate') return w.runtime.rpc('syncNow', [], { user: JONAS, spreadsheetId: w.spreadsheetId, ...ctx });
  if (kind === 'daily') {
    const uid = w.runtime.listTriggers(REP).find((t) => t.handlerFunction === 'runScheduledSync')!.uniqueId;
    return w.runtime.run('runScheduledSync', [{ authMode: 'FULL', triggerUid: uid }], { user: REP, ...ctx });
  }
  // A continuation of a sync that ran short of time, as its one-off trigger starts it.
  w.runtime.properties.setUser(REP, `zcs.v1.resume.${w.spreadsheetId}`, JSON.stringify({ since: w.runtime.clock.now(), failures: 0, plan: 'minute' }));
  return w.runtime.run('continueSync', [{ authMode: 'FULL', triggerUid: 'fired-one-off' }], { user: REP, ...ctx });
}

describe('one sync of a spreadsheet at a time, whoever starts it', () => {
  const pairs = STARTERS.flatMap((first) => STARTERS.filter((second) => second !== first).map((second) => [first, second] as const));

  it.each(pairs)('a %s sync and a %s sync started together: the second stands back, every new row reaches Zoho once', async (first, second) => {
    world = await givenTeam();
    type(world, 22, 'Last Name', 'Paired Newcomer');
    const runsBefore = world.rpc<RunLogEntry[]>('getRunLog').value!.length;
    let inner: ExecutionResult | undefined;

    // On Apps Script two executions overlap while one waits on Zoho: the second starts right then.
    const outer = start(world, first, { match: /\/crm\/v\d+\/Leads/, act: () => { inner = start(world, second); } });

    expect(outer.ok).toBe(true);
    expect(inner).toBeDefined();
    expect(inner!.counters.urlfetchCalls).toBe(0);
    if (second === 'manual' || second === 'teammate') {
      expect(inner!.ok).toBe(false);
      const holder = first === 'teammate' ? JONAS_ZOHO : LENA;
      expect(inner!.error!.message).toMatch(new RegExp(`Another sync of this spreadsheet is running: .*started by ${holder.replace(/\./g, '\\.')}`));
    }
    expect(await leadsNamed(world, 'Paired Newcomer')).toHaveLength(1);
    expect(world.rpc<RunLogEntry[]>('getRunLog').value!.length).toBe(runsBefore + 1);
    // The lease is given back: the next sync runs.
    expect(world.rpc<SyncNowResult>('syncNow').ok).toBe(true);
    expect(await leadsNamed(world, 'Paired Newcomer')).toHaveLength(1);
  });

  it('names a teammate who holds the spreadsheet, and lets the sync through once they are done', async () => {
    world = await givenTeam();
    let inner: ExecutionResult | undefined;

    world.runtime.rpc('syncNow', [], { user: JONAS, spreadsheetId: world.spreadsheetId, duringUrlFetch: { match: /\/crm\/v\d+\/Leads/, act: () => { inner = world.rpc('syncNow'); } } });

    expect(inner!.error!.message).toMatch(/started by jonas\.weber@beispiel-eu\.example at \d\d:\d\d\. It finishes on its own/);
    expect(inner!.elapsedMs).toBeGreaterThanOrEqual(10_000);
    expect(world.rpc('syncNow').ok).toBe(true);
  });

  it('refuses to change or remove a sheet\'s sync while a teammate\'s sync of it runs, and changes nothing', async () => {
    world = await givenTeam();
    let changed: ExecutionResult | undefined;
    let removed: ExecutionResult | undefined;
    world.runtime.rpc('syncNow', [], { user: JONAS, spreadsheetId: world.spreadsheetId, duringUrlFetch: { match: /\/crm\/v\d+\/Leads/, act: () => {
      changed = world.rpc('saveSyncDefinition', [{ sheetName: 'Leads', module: 'Leads', fields: ['Last_Name'] }]);
      removed = world.rpc('removeSyncDefinition', ['Leads']);
    } } });

    expect(changed!.error!.message).toMatch(/Another sync of this spreadsheet is running: .* started by jonas\.weber@beispiel-eu\.example/);
    expect(removed!.error!.message).toMatch(/Another sync of this spreadsheet is running/);
    const definitions = world.rpc<SidebarState>('getSidebarState').value!.definitions;
    expect(definitions.map((d) => [d.sheetName, d.fields.length > 1])).toEqual([['Leads', true]]);
    expect(world.rpc('saveSyncDefinition', [{ sheetName: 'Leads', module: 'Leads', fields: ['Last_Name', 'Company'] }]).ok).toBe(true);
  });

  it('stands back having written nothing, to the sheet or to Zoho, when a scheduled run\'s lease crossed ours before our first write', async () => {
    world = await givenTeam();
    type(world, 22, 'Last Name', 'Crossed Newcomer');
    const before = sheetValues(world, 'Leads');
    const runsBefore = world.rpc<RunLogEntry[]>('getRunLog').value!.length;
    const book = world.runtime.getSpreadsheet(world.spreadsheetId)!;
    const now = world.runtime.clock.now();
    const rival = { holder: 'scheduled-run', by: JONAS_ZOHO, trigger: 'scheduled', since: new Date(now).toISOString(), until: now + 7 * 60 * 1000 };

    // Jonas's schedule runs with no document lock: it read no lease just before ours was written,
    // and its own write lands while our sync reads Zoho, before our sync writes anything.
    const result = world.runtime.rpc<SyncNowResult>('syncNow', [], {
      user: REP, spreadsheetId: world.spreadsheetId,
      duringUrlFetch: { match: /\/crm\/v\d+\/Leads/, act: () => { book.data.metadata.find((m) => m.key === 'zcs.v1.lease')!.value = JSON.stringify(rival); } },
    });

    expect(result.ok).toBe(false);
    expect(result.error!.message).toMatch(/Another sync of this spreadsheet is running: the scheduled sync started by jonas\.weber@beispiel-eu\.example/);
    expect(await leadsNamed(world, 'Crossed Newcomer')).toHaveLength(0);
    expect(sheetValues(world, 'Leads')).toEqual(before);
    expect(world.rpc<RunLogEntry[]>('getRunLog').value!.length).toBe(runsBefore);
    expect(JSON.parse(book.data.metadata.find((m) => m.key === 'zcs.v1.lease')!.value!)).toMatchObject({ holder: 'scheduled-run' });
    // The sidebar shows the run that goes on, not the one that stood back.
    expect(world.rpc<SyncProgress>('getSyncProgress').value!.message).toMatch(/^The scheduled sync started by jonas\.weber@beispiel-eu\.example at \d\d:\d\d is running\.$/);
  });

  it('takes over a lease left by a run Apps Script killed, once it has expired', async () => {
    world = await givenTeam();
    world.runtime.rpc('syncNow', [], { user: JONAS, spreadsheetId: world.spreadsheetId, killAfterUrlFetch: { match: /\/crm\/v\d+\/Leads/ } });

    const right = world.rpc('syncNow');
    world.runtime.clock.advance(8 * 60 * 1000);
    const later = world.rpc('syncNow');

    expect(right.ok).toBe(false);
    expect(later.ok).toBe(true);
  });
});

describe('triggers found in every context', () => {
  async function givenLongSync(options: { oneOffTriggersNeedAnHour?: boolean } = {}): Promise<World> {
    const w = await givenWorld({ records: 10, latency: { urlFetchRoundTripMs: 25000 }, ...options });
    await w.zoho.admin.reset({ moduleSizes: { Leads: 3000 } });
    await givenConnectedUser(w, 'eu');
    givenSyncedSheet(w, 'Leads', 'Leads', ['Last_Name']);
    return w;
  }

  it('changes and turns off a schedule whose trigger a continuation re-created in the background', async () => {
    world = await givenLongSync();
    world.rpc('setSchedule', [{ frequency: { kind: 'daily', hour: 7 } }]);
    expect(world.rpc<SyncNowResult>('syncNow').value!.continuing).toBe(true);
    for (let i = 0; i < 5 && world.runtime.listTriggers(REP).some((t) => t.handlerFunction === 'continueSync'); i++) world.runtime.advanceAndFire(61000);
    const afterContinuation = world.runtime.listTriggers(REP);

    const changed = world.rpc<ScheduleState>('setSchedule', [{ frequency: { kind: 'hourly', everyHours: 4 } }]);
    const afterChange = world.runtime.listTriggers(REP);
    const off = world.rpc<ScheduleState>('setSchedule', [{ frequency: null }]);

    expect(sheetValues(world, 'Leads')).toHaveLength(3001);
    // Made in a run with no document: getUserTriggers(spreadsheet) alone would not list it.
    expect(afterContinuation).toEqual([expect.objectContaining({ handlerFunction: 'runScheduledSync', documentId: null })]);
    expect(changed.value).toMatchObject({ enabled: true, frequency: { kind: 'hourly', everyHours: 4 } });
    expect(afterChange).toEqual([expect.objectContaining({ handlerFunction: 'runScheduledSync', schedule: expect.objectContaining({ kind: 'hourly', every: 4 }) })]);
    expect(off.value!.enabled).toBe(false);
    expect(world.runtime.listTriggers(REP)).toEqual([]);
    expect(triggerNotes(world, REP)).toEqual([]);
    expect(world.runtime.advanceAndFire(48 * HOUR)).toEqual([]);
  });

  it('Disconnect removes the schedule and a pending continuation made in the background, and the team sees it stopped', async () => {
    world = await givenLongSync();
    await givenConnectedUser(world, 'eu', JONAS, JONAS_ZOHO);
    world.rpc('setSchedule', [{ frequency: { kind: 'daily', hour: 7 } }]);
    world.rpc('syncNow');
    world.runtime.advanceAndFire(61000); // the continuation runs in the background and makes the next trigger there
    expect(world.runtime.listTriggers(REP)).toEqual([expect.objectContaining({ documentId: null })]);

    world.rpc('disconnect');

    expect(world.runtime.listTriggers(REP)).toEqual([]);
    expect(triggerNotes(world, REP)).toEqual([]);
    const seen = world.rpc<SidebarState>('getSidebarState', [], JONAS).value!.schedule;
    expect(seen).toMatchObject({ enabled: false, owner: LENA, mine: false, stopped: { reason: expect.stringMatching(/disconnected from Zoho CRM/) } });
    expect(world.runtime.advanceAndFire(48 * HOUR)).toEqual([]);
  });

  it('never leaves a trigger without the note that maps it to its spreadsheet', async () => {
    world = await givenLongSync();
    world.rpc('setSchedule', [{ frequency: { kind: 'weekly', weekDay: 'FRIDAY', hour: 6 } }]);
    expectEveryTriggerNoted(world, REP);
    world.rpc('syncNow');
    expectEveryTriggerNoted(world, REP);
    for (let i = 0; i < 5; i++) {
      world.runtime.advanceAndFire(61000);
      expectEveryTriggerNoted(world, REP);
    }
  });

  describe('when Apps Script refuses every new trigger', () => {
    it('never says "continuing" with no trigger behind it: the next run or Sync now carries on from where this one stopped', async () => {
      world = await givenLongSync();
      // Another time-driven trigger of this add-on already exists for this user in this document, and Google allows one (platform reference: one trigger of each type, per user, per document).
      const filled = world.runtime.evaluate(`ScriptApp.newTrigger('someOtherJob').timeBased().everyHours(1).create(); 'ok'`, { user: REP, spreadsheetId: world.spreadsheetId });
      if (!filled.ok) throw new Error(String(filled.error?.message));

      const first = world.rpc<SyncNowResult>('syncNow');
      const state = world.rpc<SidebarState>('getSidebarState').value!;

      expect(first.ok).toBe(true);
      expect(first.value!.continuing).toBe(false);
      expect(first.value!.message).not.toMatch(/in a minute|within the hour/);
      expect(state.definitions[0]!.continuing).toBe(false);
      expect(world.runtime.listTriggers(REP).filter((t) => t.handlerFunction === 'continueSync')).toEqual([]);
      // Sync now picks up where the first run stopped, with every record once.
      for (let i = 0; i < 5 && sheetValues(world, 'Leads').length < 3001; i++) world.rpc('syncNow');
      const ids = sheetValues(world, 'Leads').slice(1).map((r) => r[r.length - 2]);
      expect(new Set(ids).size).toBe(3000);
    });
  });

  describe('when Apps Script refuses a one-off trigger sooner than an hour', () => {
    it('continues within the hour through an hourly trigger, says so, then gives the slot back to the schedule', async () => {
      world = await givenLongSync({ oneOffTriggersNeedAnHour: true });
      world.rpc('setSchedule', [{ frequency: { kind: 'daily', hour: 7 } }]);

      const first = world.rpc<SyncNowResult>('syncNow');
      const during = world.runtime.listTriggers(REP);
      const state = world.rpc<SidebarState>('getSidebarState').value!;
      for (let i = 0; i < 5 && world.runtime.listTriggers(REP).some((t) => t.handlerFunction === 'continueSync'); i++) world.runtime.advanceAndFire(HOUR);

      expect(first.value!.continuing).toBe(true);
      expect(first.value!.message).toMatch(/continues within the hour/);
      expect(during).toEqual([expect.objectContaining({ handlerFunction: 'continueSync', schedule: expect.objectContaining({ kind: 'hourly', every: 1 }) })]);
      expect(state.definitions[0]!.continuing).toBe(true);
      expect(sheetValues(world, 'Leads')).toHaveLength(3001);
      expect(world.runtime.listTriggers(REP).map((t) => t.handlerFunction)).toEqual(['runScheduledSync']);
      expectEveryTriggerNoted(world, REP);
    });
  });
});

describe('how often', () => {
  it.each([
    [{ kind: 'hourly', everyHours: 1 }, { kind: 'hourly', every: 1 }],
    [{ kind: 'hourly', everyHours: 6 }, { kind: 'hourly', every: 6 }],
    [{ kind: 'hourly', everyHours: 12 }, { kind: 'hourly', every: 12 }],
    [{ kind: 'daily', hour: 18 }, { kind: 'daily', hour: 18, timeZone: 'Europe/Berlin' }],
    [{ kind: 'weekly', weekDay: 'FRIDAY', hour: 6 }, { kind: 'weekly', weekDay: 5, hour: 6, timeZone: 'Europe/Berlin' }],
  ] as const)('saves %j as one trigger %j', async (frequency, trigger) => {
    world = await givenPulledLeads(5, FIELDS);

    const saved = world.rpc<ScheduleState>('setSchedule', [{ frequency }]);

    expect(saved.value).toMatchObject({ enabled: true, frequency, mine: true, owner: LENA, timeZone: 'Europe/Berlin' });
    expect(world.runtime.listTriggers(REP)).toEqual([expect.objectContaining({ schedule: expect.objectContaining(trigger) })]);
  });

  it('runs a weekly schedule on its day and hour in the spreadsheet\'s zone, and says when it runs next', async () => {
    world = await givenPulledLeads(5, FIELDS); // the clock starts Thursday 2026-01-15 09:00 UTC
    const saved = world.rpc<ScheduleState>('setSchedule', [{ frequency: { kind: 'weekly', weekDay: 'FRIDAY', hour: 6 } }]).value!;

    const runs = world.runtime.advanceAndFire(8 * 24 * HOUR);

    expect(saved.nextRunAt).toBe('2026-01-16T05:00:00.000Z'); // Friday 06:00 in Berlin
    expect(runs.map((r) => r.functionName)).toEqual(['runScheduledSync', 'runScheduledSync']);
    const state = world.rpc<SidebarState>('getSidebarState').value!.schedule;
    expect(state.lastRun).toMatchObject({ status: 'ok' });
    expect(state.nextRunAt).toBe('2026-01-30T05:00:00.000Z');
  });

  it.each([
    [{ kind: 'hourly', everyHours: 3 }, /every 1, 2, 4, 6, 8 or 12 hours/],
    [{ kind: 'weekly', weekDay: 'SOMEDAY', hour: 6 }, /day of the week/],
    [{ kind: 'daily', hour: 24 }, /hour from 0 to 23/],
  ])('refuses %j with a message the sidebar can show', async (frequency, message) => {
    world = await givenPulledLeads(5, FIELDS);

    const result = world.rpc('setSchedule', [{ frequency }]);

    expect(result.error!.message).toMatch(message);
    expect(world.runtime.listTriggers(REP)).toEqual([]);
  });
});

describe('the team sees the schedule', () => {
  it('shows a second editor whose schedule it is, its last and next run, and offers take-over instead of a second schedule', async () => {
    world = await givenTeam();
    world.runtime.advanceAndFire(24 * HOUR);

    const seen = world.rpc<SidebarState>('getSidebarState', [], JONAS).value!.schedule;
    const second = world.rpc('setSchedule', [{ frequency: { kind: 'hourly', everyHours: 1 } }], JONAS);

    expect(seen).toMatchObject({ enabled: true, frequency: { kind: 'daily', hour: 7 }, owner: LENA, mine: false, lastRun: { status: 'ok' }, stopped: null });
    expect(seen.nextRunAt).toBe('2026-01-17T06:00:00.000Z');
    expect(second.ok).toBe(false);
    expect(second.error!.message).toMatch(/already syncs on lena\.fischer@beispiel-eu\.example's schedule\. Take it over/);
    expect(world.runtime.listTriggers(JONAS)).toEqual([]);
  });

  it('take over: the schedule becomes the second editor\'s, and the first owner\'s trigger retires without syncing', async () => {
    world = await givenTeam();

    const taken = world.rpc<ScheduleState>('takeOverSchedule', [], JONAS);
    const runs = world.runtime.advanceAndFire(30 * HOUR);

    expect(taken.value).toMatchObject({ enabled: true, owner: JONAS_ZOHO, mine: true, frequency: { kind: 'daily', hour: 7 } });
    expect(world.rpc<SidebarState>('getSidebarState').value!.schedule).toMatchObject({ owner: JONAS_ZOHO, mine: false });
    expect(runs.map((r) => r.functionName).sort()).toEqual(['runScheduledSync', 'runScheduledSync']);
    expect(world.runtime.listTriggers(REP)).toEqual([]);
    expect(world.runtime.listTriggers(JONAS)).toHaveLength(1);
    const scheduled = world.rpc<RunLogEntry[]>('getRunLog').value!.filter((r) => r.trigger === 'scheduled');
    expect(scheduled).toHaveLength(1);
  });

  it('refuses a take-over by a teammate connected to another Zoho org, naming both, and the owner\'s schedule keeps syncing', async () => {
    world = await givenPulledLeads(20, FIELDS);
    await givenConnectedUser(world, 'us', JONAS);
    world.rpc('setSchedule', [{ frequency: { kind: 'daily', hour: 7 } }]);

    const taken = world.rpc<ScheduleState>('takeOverSchedule', [], JONAS);
    const started = world.rpc<ScheduleState>('setSchedule', [{ frequency: { kind: 'hourly', everyHours: 1 } }], JONAS);
    world.runtime.advanceAndFire(24 * HOUR);

    expect(taken.ok).toBe(false);
    expect(taken.error!.message).toMatch(/"Leads" is synced with the Zoho org "Beispiel Vertrieb GmbH" \(Europe data center\), but you are connected to "Acme Sales Inc\." \(United States data center\)/);
    expect(started.ok).toBe(false);
    expect(world.runtime.listTriggers(JONAS)).toEqual([]);
    expect(world.rpc<SidebarState>('getSidebarState', [], JONAS).value!.schedule).toMatchObject({ enabled: true, owner: LENA, mine: false });
    const scheduled = world.rpc<RunLogEntry[]>('getRunLog').value!.filter((r) => r.trigger === 'scheduled');
    expect(scheduled.map((r) => r.status)).toEqual(['ok']);
  });

  it('refuses to start a schedule for a user connected to another org than every synced sheet\'s', async () => {
    world = await givenPulledLeads(5, FIELDS);
    world.rpc('disconnect');
    await givenConnectedUser(world, 'us');

    const started = world.rpc<ScheduleState>('setSchedule', [{ frequency: { kind: 'daily', hour: 7 } }]);

    expect(started.ok).toBe(false);
    expect(started.error!.message).toMatch(/you are connected to "Acme Sales Inc\." \(United States data center\)/);
    expect(world.runtime.listTriggers(REP)).toEqual([]);
  });

  it('shows a teammate\'s running sync and its progress in every editor\'s sidebar', async () => {
    world = await givenWorld({ records: 10 });
    await world.zoho.admin.reset({ moduleSizes: { Leads: 1000 } });
    await givenConnectedUser(world, 'eu');
    await givenConnectedUser(world, 'eu', JONAS, JONAS_ZOHO);
    givenSyncedSheet(world, 'Leads', 'Leads', FIELDS);
    const seen: Array<{ state: SidebarState; progress: SyncProgress; own: SyncProgress }> = [];

    world.runtime.rpc('syncNow', [], {
      user: REP, spreadsheetId: world.spreadsheetId,
      duringUrlFetch: { match: /GET .*\/crm\/v\d+\/Leads\?/, every: true, act: () => {
        seen.push({
          state: world.rpc<SidebarState>('getSidebarState', [], JONAS).value!,
          progress: world.rpc<SyncProgress>('getSyncProgress', [], JONAS).value!,
          own: world.rpc<SyncProgress>('getSyncProgress').value!,
        });
      } },
    });

    expect(seen.length).toBeGreaterThanOrEqual(4);
    expect(seen[0]!.state.running).toMatchObject({ by: LENA, trigger: 'manual' });
    expect(seen[0]!.progress).toMatchObject({ running: true, by: LENA, message: expect.stringMatching(/started by lena/) });
    const records = seen.map((s) => s.own.records);
    expect(records[records.length - 1]).toBeGreaterThan(records[0]!);
    expect([...records].sort((a, b) => a - b)).toEqual(records);
    expect(world.rpc<SidebarState>('getSidebarState', [], JONAS).value!.running).toBeNull();
  });
});

describe('failures reach people', () => {
  it('emails the schedule\'s owner once a day at most when scheduled runs fail, with what to do and a link', async () => {
    world = await givenPulledLeads(5, FIELDS);
    world.rpc('setSchedule', [{ frequency: { kind: 'hourly', everyHours: 1 }, emailOnFailure: true }]);
    await world.zoho.admin.addFault({ kind: 'status', status: 500, count: 100000, match: '/crm/' });

    const firstDay = world.runtime.advanceAndFire(6 * HOUR);
    const afterSix = world.runtime.sentEmails();
    world.runtime.advanceAndFire(20 * HOUR);

    expect(firstDay.length).toBeGreaterThanOrEqual(5);
    expect(afterSix).toHaveLength(1);
    expect(afterSix[0]).toMatchObject({ from: REP, to: LENA, subject: expect.stringMatching(/scheduled sync of "Pipeline" failed/) });
    expect(afterSix[0]!.body).toMatch(/not answering properly/);
    expect(afterSix[0]!.body).toContain(`https://docs.google.com/spreadsheets/d/${world.spreadsheetId}/edit`);
    expect(afterSix[0]!.body).toMatch(/Open sidebar/);
    expect(world.runtime.sentEmails()).toHaveLength(2);
  });

  it('sends nothing to an owner who did not ask for email', async () => {
    world = await givenPulledLeads(5, FIELDS);
    world.rpc('setSchedule', [{ frequency: { kind: 'hourly', everyHours: 1 } }]);
    await world.zoho.admin.addFault({ kind: 'status', status: 500, count: 100000, match: '/crm/' });

    world.runtime.advanceAndFire(3 * HOUR);

    expect(world.runtime.sentEmails()).toEqual([]);
  });
});

describe('honest run state', () => {
  it('logs a run that leaves a conflict as "Completed with problems", not OK', async () => {
    world = await givenPulledLeads(5, FIELDS);
    const idCol = columnOf(sheetValues(world, 'Leads'), 'Zoho record ID');
    const id = String(sheetValues(world, 'Leads')[2]![idCol]);
    type(world, 3, 'Company', 'Mine In The Sheet');
    await world.zoho.admin.patchRecord('eu', 'Leads', id, { Company: 'Theirs In Zoho' });

    world.rpc('syncNow');

    expect(world.rpc<RunLogEntry[]>('getRunLog').value![0]).toMatchObject({ ok: true, status: 'problems' });
  });

  it('says in plain words when signing in to Zoho waited too long for another of the user\'s tasks', async () => {
    world = await givenPulledLeads(5, FIELDS, { tokenTtlSeconds: 120 });
    world.runtime.clock.advance(10 * 60 * 1000);
    await world.zoho.admin.advanceClock(10 * 60);
    world.runtime.holdLock('user', { user: REP });

    const result = world.rpc('syncNow');

    expect(result.ok).toBe(false);
    expect(result.error!.message).toMatch(/waited too long for another of your syncs or sign-ins to Zoho to finish/);
    expect(result.error!.message).not.toMatch(/Lock timeout/);
  });
});
