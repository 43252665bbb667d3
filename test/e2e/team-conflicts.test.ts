// A conflict listed in two reps' sidebars: the second rep's click on a conflict the first already
// resolved must not act on the row again (it may hold a fresh edit by then).

import type { SyncNowResult } from '../../src/shared/rpc';
import { givenConnectedUser, givenPulledLeads, leadsCell, leadsStatusNote, typeInLeads, type World } from '../helpers/world';

const JONAS = 'jonas@example.com';
const JONAS_ZOHO = 'jonas.weber@beispiel-eu.example';
const FIELDS = ['Last_Name', 'Company', 'Email'];

let world: World;
afterEach(async () => {
  await world?.stop();
});

/** Row 4's Company edited in the sheet and in Zoho: both reps' sidebars list the conflict. */
async function givenConflictBothSee(): Promise<string> {
  world = await givenPulledLeads(6, FIELDS);
  await givenConnectedUser(world, 'eu', JONAS, JONAS_ZOHO);
  const id = String(leadsCell(world, 4, 'Zoho record ID'));
  typeInLeads(world, 4, 'Company', 'Mine AG');
  await world.zoho.admin.advanceClock(60);
  await world.zoho.admin.patchRecord('eu', 'Leads', id, { Company: 'Theirs AG' });
  const pushed = world.rpc<SyncNowResult>('pushChanges');
  expect(pushed.value!.issues).toEqual([expect.objectContaining({ recordId: id, kind: 'conflict' })]);
  return id;
}

describe('a conflict two reps see', () => {
  it('"Take Zoho\'s" from a sidebar that still lists a conflict a teammate resolved keeps an edit typed in the row since', async () => {
    const id = await givenConflictBothSee();
    expect(world.rpc('resolveConflict', ['Leads', id, 'zoho'], JONAS).ok).toBe(true);
    typeInLeads(world, 4, 'Email', 'fresh@example.com');

    const stale = world.rpc('resolveConflict', ['Leads', id, 'zoho']);

    expect(stale.ok).toBe(false);
    expect(stale.error!.message).toMatch(/not in conflict any more/);
    expect(leadsCell(world, 4, 'Email')).toBe('fresh@example.com');
    const pushed = world.rpc<SyncNowResult>('pushChanges');
    expect(pushed.value!.pushed![0]).toMatchObject({ updated: 1 });
    expect((await world.zoho.admin.getRecord('eu', 'Leads', id)).Email).toBe('fresh@example.com');
  });

  it('"Keep mine" from a sidebar that still lists a conflict a teammate resolved with "Take Zoho\'s" sends nothing', async () => {
    const id = await givenConflictBothSee();
    expect(world.rpc('resolveConflict', ['Leads', id, 'zoho'], JONAS).ok).toBe(true);

    const stale = world.rpc('resolveConflict', ['Leads', id, 'mine']);

    expect(stale.ok).toBe(false);
    expect(stale.error!.message).toMatch(/not in conflict any more/);
    expect(stale.counters.urlfetchCalls).toBe(0);
    expect((await world.zoho.admin.getRecord('eu', 'Leads', id)).Company).toBe('Theirs AG');
    expect(leadsStatusNote(world, 4)).not.toMatch(/Keeping your version/);
  });
});
