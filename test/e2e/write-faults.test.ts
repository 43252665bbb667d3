// Faults on the write path, through the real bundle in the Apps Script runtime against the Zoho
// emulator: answers lost after Zoho applied a write while colleagues keep working in Zoho, tokens
// that die in the middle of a push, and batches where Zoho accepts some rows and refuses others.
// The promise each test checks: no record written twice or wrongly, no edit lost, and a status a
// rep can act on.

import { execFileSync } from 'node:child_process';
import type { SyncNowResult } from '../../src/shared/rpc';
import { givenConnectedUser, givenPulledLeads, leadsCell, leadsStatusNote, typeInLeads, type World } from '../helpers/world';

let world: World;
afterEach(async () => {
  await world?.stop();
});

const FIELDS = ['Last_Name', 'Company', 'Email', 'Lead_Status'];

const type = typeInLeads;
const cell = leadsCell;
const idAt = (w: World, row: number) => String(cell(w, row, 'Zoho record ID'));
const statusAt = (w: World, row: number) => leadsStatusNote(w, row);
const zoho = async (w: World, id: string) => w.zoho.admin.getRecord('eu', 'Leads', id);

function rpc(w: World, fn: 'pushChanges' | 'syncNow'): SyncNowResult {
  const result = w.rpc<SyncNowResult>(fn);
  if (!result.ok) throw new Error(`${fn} failed: ${result.error?.message}`);
  return result.value!;
}

/** A colleague changes a record in Zoho a minute later, so its Modified_Time moves. */
async function colleagueChanges(w: World, id: string, patch: Record<string, unknown>): Promise<void> {
  await w.zoho.admin.advanceClock(60);
  await w.zoho.admin.patchRecord('eu', 'Leads', id, patch);
}

describe('an update whose answer was lost, then a colleague changes the record in Zoho', () => {
  async function givenLostUpdateThenColleague(): Promise<{ id: string }> {
    world = await givenPulledLeads(5, FIELDS);
    const id = idAt(world, 3);
    type(world, 3, 'Company', 'Mine Applied GmbH');
    // Zoho applies the PUT and the answer is cut off: the row stays marked as possibly sent.
    await world.zoho.admin.addFault({ kind: 'truncate', count: 10, match: 'PUT /crm/v8/Leads' });
    rpc(world, 'pushChanges');
    await world.zoho.admin.clearFaults();
    expect(statusAt(world, 3)).toMatch(/^Sent, but Zoho's answer was lost/);
    await colleagueChanges(world, id, { Lead_Status: 'Contacted' });
    return { id };
  }

  it('brings the colleague\'s change into the row once the lost send is confirmed', async () => {
    const { id } = await givenLostUpdateThenColleague();

    rpc(world, 'syncNow');

    expect(cell(world, 3, 'Company')).toBe('Mine Applied GmbH');
    expect(cell(world, 3, 'Lead Status')).toBe('Contacted');
    expect(await zoho(world, id)).toMatchObject({ Company: 'Mine Applied GmbH', Lead_Status: 'Contacted' });
  });

  it('never overwrites the colleague\'s change with a value the rep typed over the old one', async () => {
    const { id } = await givenLostUpdateThenColleague();
    rpc(world, 'pushChanges');
    type(world, 3, 'Lead Status', 'Attempted to Contact');

    const result = rpc(world, 'syncNow');

    expect((await zoho(world, id)).Lead_Status).toBe('Contacted');
    expect(cell(world, 3, 'Lead Status')).toBe('Attempted to Contact');
    expect(statusAt(world, 3)).toMatch(/^Conflict: this sheet has Lead Status "Attempted to Contact"; Zoho has Lead Status "Contacted"/);
    expect(result.issues).toEqual([expect.objectContaining({ row: 3, kind: 'conflict', recordId: id })]);
  });

  it('keeps the colleague\'s change when the pull settles the lost send of a row edited again, because Zoho could not be asked by id', async () => {
    const { id } = await givenLostUpdateThenColleague();
    type(world, 3, 'Email', 'typed.after@example.com');
    // The push's check by id fails; the pull's pages still come, and the pull settles the row.
    await world.zoho.admin.addFault({ kind: 'status', status: 503, count: 20, match: '/ids=/' });
    rpc(world, 'syncNow');
    await world.zoho.admin.clearFaults();

    rpc(world, 'syncNow');

    expect(await zoho(world, id)).toMatchObject({ Company: 'Mine Applied GmbH', Lead_Status: 'Contacted', Email: 'typed.after@example.com' });
    expect(cell(world, 3, 'Lead Status')).toBe('Contacted');
    expect(statusAt(world, 3)).toMatch(/^Sent to Zoho/);
  });
});

describe('an insert whose answer was lost, in a busy org', () => {
  it('is still found and linked when more than 2,000 records were created in Zoho before the next sync', async () => {
    world = await givenPulledLeads(3, FIELDS);
    type(world, 6, 'Last Name', 'Lost In The Crowd');
    await world.zoho.admin.addFault({ kind: 'truncate', count: 1, match: 'POST /crm/v8/Leads' });
    rpc(world, 'pushChanges');
    expect(statusAt(world, 6)).toMatch(/^Sent, but Zoho's answer was lost/);
    // A web form, an import and the team create leads all afternoon before the rep syncs again.
    await world.zoho.admin.advanceClock(60);
    for (let i = 0; i < 2100; i += 100) {
      await Promise.all(Array.from({ length: 100 }, (_, k) => world.zoho.admin.addRecord('eu', 'Leads', { Last_Name: `Web Form ${i + k}` })));
    }

    const result = rpc(world, 'syncNow');

    const created = (await world.zoho.admin.listRecords('eu', 'Leads', { limit: 5000 })).records.filter((r) => r.Last_Name === 'Lost In The Crowd');
    expect(created).toHaveLength(1);
    expect(idAt(world, 6)).toBe(created[0]!.id);
    expect(statusAt(world, 6)).toMatch(/^Sent to Zoho .*confirmed with Zoho after its answer was lost/);
    // The sheet is pulled again, not held back by a row that can never be checked.
    expect(result.sheets[0]).toMatchObject({ inserted: 2100 });
  });
});

describe('the connection dies in the middle of a push', () => {
  it('refreshes an access token that expired between two batches once, and creates every new row once', async () => {
    world = await givenPulledLeads(2, FIELDS);
    for (let row = 5; row < 5 + 150; row++) type(world, row, 'Last Name', `Expiry Row ${row}`);
    const admin = world.zoho.info.admin;
    await world.zoho.admin.counters.reset();

    const pushed = world.runtime.rpc<SyncNowResult>('pushChanges', [], {
      user: 'rep@example.com', spreadsheetId: world.spreadsheetId,
      // The access token expires right after the first batch was answered (curl: the hook is synchronous).
      duringUrlFetch: { match: /^POST .*\/crm\/v8\/Leads$/, act: () => execFileSync('curl', ['-sf', '-X', 'POST', '-H', 'Content-Type: application/json', '-d', '{}', `${admin}/tokens/expire`]) },
    });

    expect(pushed.ok).toBe(true);
    expect(pushed.value!.pushed![0]).toMatchObject({ inserted: 150, pending: 0, failed: 0 });
    const made = (await world.zoho.admin.listRecords('eu', 'Leads', { limit: 1000 })).records.filter((r) => String(r.Last_Name).startsWith('Expiry Row '));
    expect(made).toHaveLength(150);
    expect(new Set(made.map((r) => r.Last_Name)).size).toBe(150);
    expect((await world.zoho.admin.counters()).tokenRequests).toBe(1);
  });

  it('says "reconnect" on every row it could not send, keeps the edits, and sends each once after', async () => {
    world = await givenPulledLeads(5, FIELDS);
    const id = idAt(world, 3);
    const before = (await zoho(world, id)).Company;
    type(world, 3, 'Company', 'Typed Before Revoke');
    type(world, 8, 'Last Name', 'New Before Revoke');
    // Zoho refuses the update's token, and the one refresh gives a token it refuses too (revoked).
    await world.zoho.admin.addFault({ kind: 'status', status: 401, count: 2, match: 'PUT /crm/v8/Leads' });

    const failed = world.rpc<SyncNowResult>('syncNow');

    expect(failed.ok).toBe(false);
    expect(failed.error!.message).toMatch(/Click Connect/);
    for (const row of [3, 8]) expect(statusAt(world, row)).toMatch(/^Not sent yet: Zoho no longer accepts this connection.*Click Connect/);
    expect(cell(world, 3, 'Company')).toBe('Typed Before Revoke');
    expect((await zoho(world, id)).Company).toBe(before);
    const counters = await world.zoho.admin.counters();
    expect(counters.calls['POST /crm/v8/{module}'] ?? 0).toBe(0);

    rpc(world, 'syncNow');

    expect((await zoho(world, id)).Company).toBe('Typed Before Revoke');
    const made = (await world.zoho.admin.listRecords('eu', 'Leads', { limit: 100 })).records.filter((r) => r.Last_Name === 'New Before Revoke');
    expect(made).toHaveLength(1);
    expect(idAt(world, 8)).toBe(made[0]!.id);
  });
});

describe('a teammate\'s sync meets a row whose insert answer was lost', () => {
  it('never creates the record again when the teammate cannot see the rep\'s records', async () => {
    world = await givenPulledLeads(4, FIELDS);
    await world.zoho.admin.setSharing('eu', 'Leads', 'private');
    const teammate = 'jonas@example.com';
    await givenConnectedUser(world, 'eu', teammate, 'jonas.weber@beispiel-eu.example');
    type(world, 7, 'Last Name', 'Sent By Lena');
    await world.zoho.admin.addFault({ kind: 'truncate', count: 1, match: 'POST /crm/v8/Leads' });
    rpc(world, 'pushChanges');
    expect(statusAt(world, 7)).toMatch(/^Sent, but Zoho's answer was lost/);

    const theirs = world.rpc<SyncNowResult>('syncNow', [], teammate);
    expect(theirs.ok).toBe(true);
    expect(statusAt(world, 7)).toMatch(/^Checking with Zoho.*sent by another Zoho user/);
    // The teammate's pull goes on: it cannot add a row for a record it cannot see.
    expect(theirs.value!.sheets).toHaveLength(1);
    rpc(world, 'syncNow');

    const made = (await world.zoho.admin.listRecords('eu', 'Leads', { limit: 100 })).records.filter((r) => r.Last_Name === 'Sent By Lena');
    expect(made).toHaveLength(1);
    expect(idAt(world, 7)).toBe(made[0]!.id);
  });
});

describe('new rows whose answer was lost, settled at the next sync', () => {
  const leadsNamed = async (w: World, name: string) => (await w.zoho.admin.listRecords('eu', 'Leads', { limit: 1000 })).records.filter((r) => r.Last_Name === name);

  it('links the rows Zoho created and shows Zoho\'s refusal on the one it refused, when the answer to a mixed batch was lost', async () => {
    world = await givenPulledLeads(3, FIELDS);
    const taken = 'already.taken@example.com';
    await world.zoho.admin.addRecord('eu', 'Leads', { Last_Name: 'Holder', Email: taken });
    type(world, 6, 'Last Name', 'Good One');
    type(world, 7, 'Last Name', 'Duplicate One');
    type(world, 7, 'Email', taken);
    type(world, 8, 'Last Name', 'Good Two');
    // Zoho creates rows 6 and 8, refuses row 7, and the answer saying so is cut off.
    await world.zoho.admin.addFault({ kind: 'truncate', count: 1, match: 'POST /crm/v8/Leads' });
    rpc(world, 'pushChanges');

    rpc(world, 'syncNow');
    rpc(world, 'syncNow');

    for (const [row, name] of [[6, 'Good One'], [8, 'Good Two']] as const) {
      const made = await leadsNamed(world, name);
      expect(made).toHaveLength(1);
      expect(idAt(world, row)).toBe(made[0]!.id);
    }
    expect(await leadsNamed(world, 'Duplicate One')).toHaveLength(0);
    expect(statusAt(world, 7)).toMatch(/^Zoho refused this row: .*DUPLICATE_DATA/);
    expect(cell(world, 7, 'Email')).toBe(taken);
    expect(idAt(world, 7)).toBe('');
  });

  it('creates the record once and then sends the correction the rep typed while its answer was lost', async () => {
    world = await givenPulledLeads(3, FIELDS);
    type(world, 6, 'Last Name', 'Mühller');
    await world.zoho.admin.addFault({ kind: 'drop', after: true, count: 1, match: 'POST /crm/v8/Leads' });
    rpc(world, 'pushChanges');
    type(world, 6, 'Last Name', 'Müller');

    rpc(world, 'syncNow');

    const all = (await world.zoho.admin.listRecords('eu', 'Leads', { limit: 1000 })).records.filter((r) => /^Mü/.test(String(r.Last_Name)));
    expect(all.map((r) => r.Last_Name)).toEqual(['Müller']);
    expect(idAt(world, 6)).toBe(all[0]!.id);
    expect(cell(world, 6, 'Last Name')).toBe('Müller');
    expect(statusAt(world, 6)).toMatch(/^Sent to Zoho/);
  });
});

describe('a batch where Zoho refuses one record because an approval or a blueprint locked it', () => {
  it('sends the others once, keeps the locked row\'s edit with a reason that names no column, and sends it once released', async () => {
    world = await givenPulledLeads(6, FIELDS);
    const ids = [3, 4, 5].map((row) => idAt(world, row));
    for (const row of [3, 4, 5]) type(world, row, 'Company', `Edited ${row}`);
    await world.zoho.admin.lockRecord('eu', 'Leads', ids[1]!);

    const first = rpc(world, 'pushChanges');

    expect(statusAt(world, 3)).toMatch(/^Sent to Zoho/);
    expect(statusAt(world, 5)).toMatch(/^Sent to Zoho/);
    expect(statusAt(world, 4)).toMatch(/^Zoho refused this row: Sorry, you cannot perform this operation as the record is locked\..*approval or a blueprint.*\[RECORD_LOCKED\]/);
    expect(statusAt(world, 4)).not.toMatch(/— id\b/);
    expect(cell(world, 4, 'Company')).toBe('Edited 4');
    expect(first.issues).toEqual([expect.objectContaining({ row: 4, kind: 'error', recordId: ids[1] })]);
    await world.zoho.admin.counters.reset();
    await world.zoho.admin.lockRecord('eu', 'Leads', ids[1]!, false);

    rpc(world, 'pushChanges');

    const counters = await world.zoho.admin.counters();
    expect(counters.recordsWritten).toBe(1);
    expect((await zoho(world, ids[1]!)).Company).toBe('Edited 4');
    expect(statusAt(world, 4)).toMatch(/^Sent to Zoho/);
  });
});

describe('a record deleted in Zoho between the push\'s check and its write', () => {
  it('keeps the row\'s edit and says the record is gone, while the rest of the batch is sent', async () => {
    world = await givenPulledLeads(5, FIELDS);
    const gone = idAt(world, 3);
    type(world, 3, 'Company', 'Edited Then Deleted');
    type(world, 4, 'Company', 'Edited And Kept');
    const admin = world.zoho.info.admin;

    const pushed = world.runtime.rpc<SyncNowResult>('pushChanges', [], {
      user: 'rep@example.com', spreadsheetId: world.spreadsheetId,
      // The runtime's hooks are synchronous: the colleague's delete goes out through curl.
      duringUrlFetch: { match: /^GET .*ids=/, act: () => execFileSync('curl', ['-sf', '-X', 'DELETE', `${admin}/orgs/eu/records/Leads/${gone}`]) },
    });

    expect(pushed.ok).toBe(true);
    expect(statusAt(world, 4)).toMatch(/^Sent to Zoho/);
    expect(cell(world, 3, 'Company')).toBe('Edited Then Deleted');
    expect(statusAt(world, 3)).toMatch(/^Not sent: Zoho has no such record for you: it was deleted or merged.*Your edit is kept/);
    expect(pushed.value!.issues).toEqual([expect.objectContaining({ row: 3, kind: 'error', recordId: gone })]);
  });
});

/**
 * A colleague's change in Zoho made while the add-on is running: the runtime's hooks are
 * synchronous, so the admin calls go out through curl and are done before the script goes on.
 */
function colleagueChangesNow(w: World, id: string, patch: Record<string, unknown>): void {
  const admin = w.zoho.info.admin;
  const call = (method: string, path: string, body: unknown) => execFileSync('curl', ['-sf', '-X', method, '-H', 'Content-Type: application/json', '-d', JSON.stringify(body), `${admin}${path}`]);
  call('POST', '/clock', { advanceSeconds: 30 });
  call('PATCH', `/orgs/eu/records/Leads/${id}`, patch);
}

describe('a colleague changes the record between the push\'s check and its write', () => {
  it('writes nothing over it, says so, and brings their change into the row with mine at the next sync', async () => {
    world = await givenPulledLeads(5, FIELDS);
    const id = idAt(world, 3);
    const other = idAt(world, 4);
    type(world, 3, 'Company', 'Mine Just Now');
    type(world, 4, 'Company', 'Mine Too');

    const pushed = world.runtime.rpc<SyncNowResult>('pushChanges', [], {
      user: 'rep@example.com', spreadsheetId: world.spreadsheetId,
      duringUrlFetch: { match: /^GET .*ids=/, act: () => colleagueChangesNow(world, id, { Lead_Status: 'Contacted' }) },
    });

    expect(pushed.ok).toBe(true);
    expect(statusAt(world, 3)).toMatch(/^Not sent yet: the record changed in Zoho while this sync was sending it/);
    expect(statusAt(world, 4)).toMatch(/^Sent to Zoho/);
    expect((await zoho(world, other)).Company).toBe('Mine Too');
    rpc(world, 'syncNow');
    expect(await zoho(world, id)).toMatchObject({ Company: 'Mine Just Now', Lead_Status: 'Contacted' });
    expect(cell(world, 3, 'Lead Status')).toBe('Contacted');
    expect(cell(world, 3, 'Company')).toBe('Mine Just Now');
    expect(statusAt(world, 3)).toMatch(/^Sent to Zoho/);
  });
});

describe('a row whose insert answer was lost, sent by a rep who no longer syncs', () => {
  const ZOE = 'zoe@example.com';
  const JONAS = 'jonas@example.com';
  const leadsNamed = async (w: World, name: string) => (await w.zoho.admin.listRecords('eu', 'Leads', { limit: 1000 })).records.filter((r) => r.Last_Name === name);

  /** Private Leads; Zoë (a standard user) sends a new row, its answer is lost, and she leaves the team. */
  async function givenStuckRow(reachedZoho: boolean): Promise<World> {
    const w = await givenPulledLeads(4, FIELDS);
    await w.zoho.admin.setSharing('eu', 'Leads', 'private');
    await givenConnectedUser(w, 'eu', ZOE, 'zoe.martin@beispiel-eu.example');
    await givenConnectedUser(w, 'eu', JONAS, 'jonas.weber@beispiel-eu.example');
    type(w, 7, 'Last Name', 'Sent By Zoe');
    await w.zoho.admin.addFault({ kind: 'drop', count: 1, match: 'POST /crm/v8/Leads', after: reachedZoho });
    w.rpc<SyncNowResult>('pushChanges', [], ZOE);
    expect(statusAt(w, 7)).toMatch(/^Sent, but Zoho's answer was lost/);
    const left = w.rpc('disconnect', [], ZOE);
    if (!left.ok) throw new Error(left.error?.message);
    return w;
  }

  it('tells a teammate who cannot see her records that a Zoho administrator\'s sync settles it, and sends nothing', async () => {
    world = await givenStuckRow(false);

    world.rpc<SyncNowResult>('syncNow', [], JONAS);
    world.rpc<SyncNowResult>('syncNow', [], JONAS);

    expect(statusAt(world, 7)).toMatch(/^Checking with Zoho.*sent by another Zoho user.*their next sync checks it, or, if they no longer sync, the next sync of someone with Zoho's Administrator profile\)/);
    expect(await leadsNamed(world, 'Sent By Zoe')).toHaveLength(0);
    expect(idAt(world, 7)).toBe('');
  });

  it.each([
    ['reached Zoho', true],
    ['never reached Zoho', false],
  ])('lets a Zoho administrator\'s sync settle it with exactly one record when the insert %s', async (_how, reachedZoho) => {
    world = await givenStuckRow(reachedZoho);
    world.rpc<SyncNowResult>('syncNow', [], JONAS);

    const admins = world.rpc<SyncNowResult>('syncNow');
    world.rpc<SyncNowResult>('syncNow', [], JONAS);

    expect(admins.error?.message).toBeUndefined();
    const made = await leadsNamed(world, 'Sent By Zoe');
    expect(made).toHaveLength(1);
    expect(idAt(world, 7)).toBe(made[0]!.id);
    expect(statusAt(world, 7)).not.toMatch(/Checking with Zoho/);
  });
});
