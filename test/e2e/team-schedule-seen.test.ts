// "Take over" from a sidebar showing the schedule as it was: a teammate may have changed or
// restarted it since, and the click must not take over something the rep never saw.

import type { ScheduleState, SidebarState } from '../../src/shared/rpc';
import { givenConnectedUser, givenPulledLeads, REP, type World } from '../helpers/world';

const LENA = 'lena.fischer@beispiel-eu.example';
const JONAS = 'jonas@example.com';
const JONAS_ZOHO = 'jonas.weber@beispiel-eu.example';

let world: World;
afterEach(async () => {
  await world?.stop();
});

/** Lena (REP) owns a daily 7:00 schedule; Jonas's sidebar shows it. */
async function givenJonasSeesLenasSchedule(): Promise<ScheduleState> {
  world = await givenPulledLeads(5, ['Last_Name', 'Company']);
  await givenConnectedUser(world, 'eu', JONAS, JONAS_ZOHO);
  expect(world.rpc('setSchedule', [{ frequency: { kind: 'daily', hour: 7 } }]).ok).toBe(true);
  return world.rpc<SidebarState>('getSidebarState', [], JONAS).value!.schedule;
}

const seenBy = (s: ScheduleState) => ({ owner: s.owner, frequency: s.frequency, stopped: Boolean(s.stopped) });

describe('taking over a schedule that changed since the sidebar showed it', () => {
  it('refuses when its owner changed how often it runs, and the owner keeps it', async () => {
    const seen = await givenJonasSeesLenasSchedule();
    expect(world.rpc('setSchedule', [{ frequency: { kind: 'hourly', everyHours: 2 } }]).ok).toBe(true);

    const taken = world.rpc<ScheduleState>('takeOverSchedule', [seenBy(seen)], JONAS);

    expect(taken.ok).toBe(false);
    expect(taken.error!.message).toMatch(/schedule changed since your sidebar showed it.*Nothing was taken over/);
    expect(world.rpc<SidebarState>('getSidebarState').value!.schedule).toMatchObject({ owner: LENA, mine: true, frequency: { kind: 'hourly', everyHours: 2 } });
    expect(world.runtime.listTriggers(JONAS)).toEqual([]);
  });

  it('refuses to take over a stopped schedule a teammate has restarted meanwhile', async () => {
    await givenJonasSeesLenasSchedule();
    world.rpc('disconnect');
    const stopped = world.rpc<SidebarState>('getSidebarState', [], JONAS).value!.schedule;
    expect(stopped.stopped).not.toBeNull();
    await givenConnectedUser(world, 'eu');
    expect(world.rpc('takeOverSchedule', [seenBy(stopped)]).ok).toBe(true);

    const taken = world.rpc<ScheduleState>('takeOverSchedule', [seenBy(stopped)], JONAS);

    expect(taken.ok).toBe(false);
    expect(taken.error!.message).toMatch(/schedule changed since your sidebar showed it.*Nothing was taken over/);
    expect(world.rpc<SidebarState>('getSidebarState', [], REP).value!.schedule).toMatchObject({ owner: LENA, mine: true, stopped: null });
  });

  it('takes over the schedule the sidebar showed', async () => {
    const seen = await givenJonasSeesLenasSchedule();

    const taken = world.rpc<ScheduleState>('takeOverSchedule', [seenBy(seen)], JONAS);

    expect(taken.value).toMatchObject({ owner: JONAS_ZOHO, mine: true, frequency: { kind: 'daily', hour: 7 } });
  });
});
