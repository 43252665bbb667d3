// Push, through the real bundle in the Apps Script runtime against the Zoho emulator: edits and
// new rows reach Zoho, bad input stays in the sheet with a reason, conflicts wait for the user's
// choice, and failures of whole calls leave rows pending with nothing lost.

import type { SyncNowResult } from '../../src/shared/rpc';
import { columnOf, leadsStatusNote, givenConnectedUser, givenPulledLeads, givenSyncedSheet, givenWorld, sheetValues, type World } from '../helpers/world';

let world: World;
afterEach(async () => {
  await world?.stop();
});

const FIELDS = ['Last_Name', 'Company', 'Email', 'Lead_Status', 'Annual_Revenue', 'Last_Contacted_On', 'Lead_Number'];

const givenPulledSheet = (leads: number): Promise<World> => givenPulledLeads(leads, FIELDS);

function sheet(w: World) {
  return w.runtime.getSpreadsheet(w.spreadsheetId)!.sheet('Leads')!;
}

/** Types into a cell as a user would (Sheets parses the text by the cell's format). */
function type(w: World, row: number, header: string, text: unknown): void {
  sheet(w).writeValue(row, columnOf(sheetValues(w, 'Leads'), header) + 1, text);
}

function cell(w: World, row: number, header: string): unknown {
  const values = sheetValues(w, 'Leads');
  return values[row - 1]![columnOf(values, header)];
}

function push(w: World) {
  const result = w.rpc<SyncNowResult>('pushChanges');
  if (!result.ok) throw new Error(`pushChanges failed: ${result.error?.message}`);
  return result;
}

const idAt = (w: World, row: number) => String(cell(w, row, 'Zoho record ID'));

describe('pushing edits and new rows', () => {
  it('sends an edited cell to Zoho, and only the changed field', async () => {
    world = await givenPulledSheet(20);
    const id = idAt(world, 3);
    type(world, 3, 'Company', 'Globex Corporation');

    const result = push(world);

    expect((await world.zoho.admin.getRecord('eu', 'Leads', id)).Company).toBe('Globex Corporation');
    expect(leadsStatusNote(world, 3)).toMatch(/^Sent to Zoho/);
    expect(result.value!.pushed![0]).toMatchObject({ updated: 1, inserted: 0, failed: 0 });
    // One read of current versions, one update.
    expect(result.counters.urlfetchCalls).toBe(2);
  });

  it('reads rows synced before the field hashes were saved as one string: untouched rows stay unsent', async () => {
    world = await givenPulledSheet(20);
    const metaColumn = columnOf(sheetValues(world, 'Leads'), 'Zoho sync data') + 1;
    const s = sheet(world);
    for (let row = 2; row <= 21; row++) {
      const meta = JSON.parse(String(s.readValue(row, metaColumn))) as { h: string };
      expect(meta.h).toMatch(new RegExp(`^[0-9a-z]{${6 * FIELDS.length}}$`));
      // The earlier layout: a list of hashes, 3 characters more per field.
      s.writeValue(row, metaColumn, JSON.stringify({ ...meta, h: meta.h.match(/.{6}/g) }));
    }

    const untouched = push(world);
    type(world, 3, 'Company', 'Globex Corporation');
    const edited = push(world);

    expect(untouched.counters.urlfetchCalls).toBe(0);
    expect(edited.value!.pushed![0]).toMatchObject({ updated: 1, inserted: 0, failed: 0 });
    expect((await world.zoho.admin.getRecord('eu', 'Leads', idAt(world, 3))).Company).toBe('Globex Corporation');
  });

  it('creates a record from a new row and writes its id back', async () => {
    world = await givenPulledSheet(5);
    type(world, 7, 'Last Name', 'Newrow');
    type(world, 7, 'Company', 'Initech');
    type(world, 7, 'Lead Status', 'Contacted');

    push(world);

    const id = idAt(world, 7);
    expect(id).toMatch(/^\d{19}$/);
    expect(await world.zoho.admin.getRecord('eu', 'Leads', id)).toMatchObject({ Last_Name: 'Newrow', Company: 'Initech', Lead_Status: 'Contacted' });
    const again = push(world);
    expect(again.counters.urlfetchCalls).toBe(0);
  });

  it.each([
    ['a picklist value Zoho does not allow', 'Lead Status', 'Lukewarm', /Lead Status: "Lukewarm" is not an allowed value/],
    ['a bad date', 'Last Contacted On', '31/02/2026', /Last Contacted On: "31\/02\/2026" is not a date/],
    ['an edited read-only column', 'Lead Number', 'LD-999999', /Lead Number is read-only/],
  ])('refuses %s before sending, keeps the edit and says why', async (_name, header, text, message) => {
    world = await givenPulledSheet(10);
    const id = idAt(world, 4);
    const before = await world.zoho.admin.getRecord('eu', 'Leads', id);
    type(world, 4, header, text);

    const result = push(world);

    expect(leadsStatusNote(world, 4)).toMatch(message);
    expect(cell(world, 4, header)).toBe(text);
    expect(await world.zoho.admin.getRecord('eu', 'Leads', id)).toEqual(before);
    expect(result.value!.issues).toEqual([expect.objectContaining({ sheet: 'Leads', row: 4, kind: 'error' })]);
    expect(result.counters.urlfetchCalls).toBe(0);
  });

  it('refuses a new row without a mandatory field and names it', async () => {
    world = await givenPulledSheet(5);
    type(world, 7, 'Company', 'No Name Ltd');

    push(world);

    expect(leadsStatusNote(world, 7)).toMatch(/Last Name is required/);
    expect(cell(world, 7, 'Zoho record ID')).toBe('');
  });

  it('sends the good rows of a batch and shows Zoho\'s message on the ones it refuses', async () => {
    world = await givenPulledSheet(10);
    const taken = String(cell(world, 2, 'Email')) || 'taken@example.com';
    if (!cell(world, 2, 'Email')) type(world, 2, 'Email', taken);
    push(world);
    type(world, 3, 'Email', taken);
    type(world, 4, 'Company', 'Fine Company');

    const result = push(world);

    expect(leadsStatusNote(world, 3)).toMatch(/Zoho refused this row: .*DUPLICATE_DATA/);
    expect(cell(world, 3, 'Email')).toBe(taken);
    expect(leadsStatusNote(world, 4)).toMatch(/^Sent to Zoho/);
    expect(result.value!.pushed![0]).toMatchObject({ updated: 1, failed: 1 });
  });

  it('sends 1,000 edited rows in 10 update calls', async () => {
    world = await givenPulledSheet(1000);
    const company = columnOf(sheetValues(world, 'Leads'), 'Company') + 1;
    for (let row = 2; row <= 1001; row++) sheet(world).writeValue(row, company, `Bulk ${row}`);

    const result = push(world);

    const counters = await world.zoho.admin.counters();
    expect(result.value!.pushed![0]).toMatchObject({ updated: 1000, failed: 0 });
    expect(counters.calls['PUT /crm/v8/{module}']).toBe(10);
    expect(result.counters.urlfetchCalls).toBe(20);
    expect((await world.zoho.admin.getRecord('eu', 'Leads', idAt(world, 500))).Company).toBe('Bulk 500');
  });
});

describe('conflicts', () => {
  async function givenConflict(): Promise<{ id: string }> {
    world = await givenPulledSheet(10);
    const id = idAt(world, 5);
    type(world, 5, 'Company', 'Mine Inc');
    await world.zoho.admin.advanceClock(60);
    await world.zoho.admin.patchRecord('eu', 'Leads', id, { Company: 'Theirs AG' });
    const result = push(world);
    expect(leadsStatusNote(world, 5)).toMatch(/^Conflict: .*Zoho has Company "Theirs AG"/);
    expect(result.value!.issues).toEqual([expect.objectContaining({ row: 5, kind: 'conflict' })]);
    expect((await world.zoho.admin.getRecord('eu', 'Leads', id)).Company).toBe('Theirs AG');
    return { id };
  }

  it('never overwrites a newer Zoho change; "Keep mine" then sends my version', async () => {
    const { id } = await givenConflict();

    const kept = world.rpc<SyncNowResult>('resolveConflict', ['Leads', id, 'mine']);

    expect(kept.ok).toBe(true);
    expect((await world.zoho.admin.getRecord('eu', 'Leads', id)).Company).toBe('Mine Inc');
    expect(leadsStatusNote(world, 5)).toMatch(/^Sent to Zoho/);
  });

  it('"Take Zoho\'s" puts Zoho\'s values in the row and sends nothing', async () => {
    const { id } = await givenConflict();

    world.rpc('resolveConflict', ['Leads', id, 'zoho']);
    const after = push(world);

    expect(cell(world, 5, 'Company')).toBe('Theirs AG');
    expect((await world.zoho.admin.getRecord('eu', 'Leads', id)).Company).toBe('Theirs AG');
    expect(after.counters.urlfetchCalls).toBe(0);
  });
});

describe('Zoho failing during a push', () => {
  it('retries updates through a burst of 429s and a 503', async () => {
    world = await givenPulledSheet(10);
    type(world, 2, 'Company', 'Retry Ltd');
    await world.zoho.admin.addFault({ kind: 'burst429', count: 2, match: 'PUT' });
    await world.zoho.admin.addFault({ kind: 'status', status: 503, count: 1, match: 'PUT' });

    push(world);

    expect((await world.zoho.admin.getRecord('eu', 'Leads', idAt(world, 2))).Company).toBe('Retry Ltd');
  });

  it('never calls a row "not sent" after a 500 on insert (Zoho may have applied it), then creates each exactly once', async () => {
    world = await givenPulledSheet(3);
    type(world, 5, 'Last Name', 'Pending One');
    type(world, 6, 'Last Name', 'Pending Two');
    await world.zoho.admin.addFault({ kind: 'status', status: 500, count: 1, match: 'POST /crm/v8/Leads' });

    const first = push(world);

    expect(leadsStatusNote(world, 5)).toMatch(/^Sent, but Zoho's answer was lost .*checks with Zoho what arrived before sending anything again/);
    expect(cell(world, 5, 'Last Name')).toBe('Pending One');
    expect(first.value!.pushed![0]).toMatchObject({ inserted: 0, pending: 2 });

    push(world);

    const all = (await world.zoho.admin.listRecords('eu', 'Leads', { limit: 100 })).records;
    expect(all.filter((r) => r.Last_Name === 'Pending One')).toHaveLength(1);
    expect(all.filter((r) => r.Last_Name === 'Pending Two')).toHaveLength(1);
    expect(idAt(world, 5)).toMatch(/^\d{19}$/);
  });

  it('sync now pushes first, so a pull never overwrites an unsent edit', async () => {
    world = await givenPulledSheet(10);
    const id = idAt(world, 6);
    type(world, 6, 'Company', 'Edited Before Sync');

    const result = world.rpc<SyncNowResult>('syncNow');

    expect(result.ok).toBe(true);
    expect(cell(world, 6, 'Company')).toBe('Edited Before Sync');
    expect((await world.zoho.admin.getRecord('eu', 'Leads', id)).Company).toBe('Edited Before Sync');
  });
});

describe('workflow rules', () => {
  it('asks Zoho to run no workflow rules on pushed rows when the sheet says so', async () => {
    world = await givenWorld({ records: 10 });
    await world.zoho.admin.reset({ moduleSizes: { Leads: 5 } });
    await givenConnectedUser(world, 'eu');
    givenSyncedSheet(world, 'Leads', 'Leads', FIELDS, { runWorkflows: false });
    world.rpc('syncNow');
    type(world, 2, 'Company', 'Quiet Update');

    push(world);

    const counters = await world.zoho.admin.counters();
    expect(counters.writesWithEmptyTrigger).toBe(1);
    expect(counters.workflowRuns).toBe(0);
  });
});
