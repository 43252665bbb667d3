// Never lose an edit (issue 14, points 4 and 5), through the real bundle against the emulator: a
// row with unsent edits outlives the deletion of its record in Zoho, and a pull never overwrites
// what someone types while its pages are on the wire.

import type { SyncNowResult } from '../../src/shared/rpc';
import { columnOf, leadsStatusNote, givenPulledLeads, sheetValues, type World } from '../helpers/world';

let world: World;
afterEach(async () => {
  await world?.stop();
});

const FIELDS = ['Last_Name', 'Company', 'Email', 'Lead_Status'];
/** The records page of a pull, not the list of deleted records. */
const RECORDS_PAGE = /^GET [^?]*\/crm\/v8\/Leads\?/;

const sheet = (w: World) => w.runtime.getSpreadsheet(w.spreadsheetId)!.sheet('Leads')!;
const col = (w: World, header: string): number => columnOf(sheetValues(w, 'Leads'), header) + 1;
const cell = (w: World, row: number, header: string): unknown => sheet(w).readValue(row, col(w, header));
const type = (w: World, row: number, header: string, text: unknown): void => sheet(w).writeValue(row, col(w, header), text);
const idAt = (w: World, row: number): string => String(cell(w, row, 'Zoho record ID') ?? '');

function rpc(w: World, fn: string, args: unknown[] = []): SyncNowResult {
  const result = w.rpc<SyncNowResult>(fn, args);
  if (!result.ok) throw new Error(`${fn} failed: ${result.error?.message}`);
  return result.value!;
}

function syncWhile(w: World, act: () => void) {
  return w.runtime.rpc<SyncNowResult>('syncNow', [], { user: 'rep@example.com', spreadsheetId: w.spreadsheetId, duringUrlFetch: { match: RECORDS_PAGE, act } });
}

/** The pull's page of changes, newest first (the first is read ahead with the other reads of the sync). */
const PULL_PAGE = /^GET [^?]*\/crm\/v8\/Leads\?.*sort_order=desc/;

/**
 * Sync now with `act` while the pull's own read of changes is on the wire: an edit sent from
 * `pushRow` makes the pull read Leads again after the push (what was read ahead may be older than
 * the push), so the user acts between the pull's read and its writes.
 */
function syncWhilePulling(w: World, pushRow: number, act: () => void) {
  type(w, pushRow, 'Company', 'Pushed First');
  let acted = false;
  const result = w.runtime.rpc<SyncNowResult>('syncNow', [], {
    user: 'rep@example.com', spreadsheetId: w.spreadsheetId,
    duringUrlFetch: { match: PULL_PAGE, nth: 2, act: () => { acted = true; act(); } },
  });
  expect(acted).toBe(true);
  return result;
}

async function leadsWithCompany(w: World, company: string) {
  const all = (await w.zoho.admin.listRecords('eu', 'Leads', { limit: 1000 })).records;
  return all.filter((r) => r.Company === company);
}

async function pulledWithRemove(leads: number): Promise<World> {
  const w = await givenPulledLeads(leads, FIELDS);
  const saved = w.rpc('saveSyncDefinition', [{ sheetName: 'Leads', module: 'Leads', fields: FIELDS, deletedRows: 'remove' }]);
  if (!saved.ok) throw new Error(saved.error?.message);
  return w;
}

describe('a row with unsent edits whose record Zoho deleted', () => {
  async function givenEditedRowDeletedInZoho(): Promise<{ w: World; id: string }> {
    const w = await pulledWithRemove(5);
    const id = idAt(w, 3);
    type(w, 3, 'Company', 'Still Mine GmbH');
    await w.zoho.admin.advanceClock(60);
    await w.zoho.admin.deleteRecord('eu', 'Leads', id);
    return { w, id };
  }

  it('stays with its edit and says so, while a clean row of a deleted record is removed', async () => {
    const { w, id } = await givenEditedRowDeletedInZoho();
    world = w;
    const clean = idAt(world, 5);
    await world.zoho.admin.deleteRecord('eu', 'Leads', clean);

    const result = rpc(world, 'syncNow');

    expect(idAt(world, 3)).toBe(id);
    expect(cell(world, 3, 'Company')).toBe('Still Mine GmbH');
    expect(leadsStatusNote(world, 3)).toMatch(/^Deleted in Zoho — your edits are kept/);
    expect(sheetValues(world, 'Leads').slice(1).map((r) => String(r[col(world, 'Zoho record ID') - 1]))).not.toContain(clean);
    expect(sheetValues(world, 'Leads')).toHaveLength(5);
    expect(result.issues).toEqual(expect.arrayContaining([expect.objectContaining({ sheet: 'Leads', row: 3, kind: 'deleted', recordId: id })]));
  });

  it('is created again in Zoho, once, when the user chooses "Create again"', async () => {
    const { w, id } = await givenEditedRowDeletedInZoho();
    world = w;
    rpc(world, 'syncNow');

    const answer = rpc(world, 'recreateRow', ['Leads', id]);
    rpc(world, 'pushChanges');
    rpc(world, 'syncNow');

    const created = await leadsWithCompany(world, 'Still Mine GmbH');
    expect(created).toHaveLength(1);
    expect(answer.pushed![0]).toMatchObject({ inserted: 1 });
    expect(idAt(world, 3)).toBe(created[0]!.id);
    expect(`${String(cell(world, 3, 'Sync status'))} ${leadsStatusNote(world, 3)}`).not.toMatch(/Deleted/);
  });

  it('is deleted with its edit when the user chooses "Discard"', async () => {
    const { w, id } = await givenEditedRowDeletedInZoho();
    world = w;
    rpc(world, 'syncNow');
    const below = idAt(world, 4);

    rpc(world, 'discardRow', ['Leads', id]);

    expect(sheetValues(world, 'Leads')).toHaveLength(5);
    expect(idAt(world, 3)).toBe(below);
    expect(await leadsWithCompany(world, 'Still Mine GmbH')).toHaveLength(0);
  });
});

describe('typing while a pull is on the wire', () => {
  it('keeps a row typed at the bottom, adds new records below it, and sends it at the next push', async () => {
    world = await givenPulledLeads(5, FIELDS);
    await world.zoho.admin.advanceClock(60);
    const added = [];
    for (const name of ['Newer One', 'Newer Two']) added.push(await world.zoho.admin.addRecord('eu', 'Leads', { Last_Name: name, Company: 'Fresh Ltd' }));

    const result = syncWhilePulling(world, 2, () => {
      type(world, 7, 'Last Name', 'Typed Meanwhile');
      type(world, 7, 'Company', 'Typing Co');
    });

    expect(result.ok).toBe(true);
    expect(cell(world, 7, 'Last Name')).toBe('Typed Meanwhile');
    expect(idAt(world, 7)).toBe('');
    expect([idAt(world, 8), idAt(world, 9)].sort()).toEqual(added.map((r) => r.id).sort());
    rpc(world, 'pushChanges');
    expect(await leadsWithCompany(world, 'Typing Co')).toHaveLength(1);
    expect(idAt(world, 7)).toBe((await leadsWithCompany(world, 'Typing Co'))[0]!.id);
  });

  it('sends a row typed while the sync\'s reads are on the wire in that same sync, and puts new records below it', async () => {
    world = await givenPulledLeads(5, FIELDS);
    await world.zoho.admin.advanceClock(60);
    const added = await world.zoho.admin.addRecord('eu', 'Leads', { Last_Name: 'Newer One', Company: 'Fresh Ltd' });

    // The first page of changes is read ahead, with the other reads, before anything is sent.
    const result = syncWhile(world, () => {
      type(world, 7, 'Last Name', 'Typed Early');
      type(world, 7, 'Company', 'Early Co');
    });

    expect(result.ok).toBe(true);
    const created = await leadsWithCompany(world, 'Early Co');
    expect(created).toHaveLength(1);
    expect(idAt(world, 7)).toBe(created[0]!.id);
    expect(idAt(world, 8)).toBe(added.id);
    expect(sheetValues(world, 'Leads')).toHaveLength(8);
  });

  it('keeps an edit typed into a row the pull updates, and changes no other row, when a row above is deleted meanwhile', async () => {
    world = await givenPulledLeads(6, FIELDS);
    const [above, target, next] = [idAt(world, 2), idAt(world, 4), idAt(world, 5)];
    const nextName = cell(world, 5, 'Last Name');
    await world.zoho.admin.advanceClock(60);
    await world.zoho.admin.patchRecord('eu', 'Leads', target, { Lead_Status: 'Contacted' });

    const result = syncWhilePulling(world, 7, () => {
      sheet(world).deleteRows(2, 1);
      type(world, 3, 'Email', 'typed.meanwhile@example.com');
    });

    expect(result.ok).toBe(true);
    expect(idAt(world, 3)).toBe(target);
    expect(cell(world, 3, 'Email')).toBe('typed.meanwhile@example.com');
    // The row now where the updated record was is another record's, and stays as it was.
    expect(idAt(world, 4)).toBe(next);
    expect(cell(world, 4, 'Last Name')).toBe(nextName);
    expect(JSON.parse(String(cell(world, 4, 'Zoho sync data'))).m).not.toBe((await world.zoho.admin.getRecord('eu', 'Leads', target)).Modified_Time);
    expect(sheetValues(world, 'Leads').slice(1).map((r) => String(r[col(world, 'Zoho record ID') - 1]))).not.toContain(above);
  });

  it('takes Zoho\'s changes into rows a sort moved while the pull read on, in a sync with nothing to send', async () => {
    // The push reads the sheet and, sending nothing, hands that read to the pull (sheet-seen.ts).
    world = await givenPulledLeads(230, FIELDS);
    await world.zoho.admin.advanceClock(60);
    const changed = sheetValues(world, 'Leads').slice(1, 211).map((r) => String(r[col(world, 'Zoho record ID') - 1]));
    for (const [i, id] of changed.entries()) await world.zoho.admin.patchRecord('eu', 'Leads', id, { Company: `Changed ${i}` });
    const expected = new Map(sheetValues(world, 'Leads').slice(1).map((r) => [String(r[col(world, 'Zoho record ID') - 1]), r[col(world, 'Company') - 1]]));
    changed.forEach((id, i) => expected.set(id, `Changed ${i}`));

    let sorted = false;
    // The first page of changes was read ahead; the second is the pull's own read.
    const result = world.runtime.rpc<SyncNowResult>('syncNow', [], {
      user: 'rep@example.com', spreadsheetId: world.spreadsheetId,
      duringUrlFetch: { match: PULL_PAGE, nth: 2, act: () => { sorted = true; sheet(world).sortRows(2, sheet(world).lastRow(), col(world, 'Last Name'), { descending: true }); } },
    });

    expect(result.ok).toBe(true);
    expect(sorted).toBe(true);
    expect(result.value!.sheets[0]).toMatchObject({ updated: 210, inserted: 0 });
    const rows = sheetValues(world, 'Leads').slice(1);
    expect(rows).toHaveLength(230);
    for (const row of rows) {
      const id = String(row[col(world, 'Zoho record ID') - 1]);
      expect([id, row[col(world, 'Company') - 1]]).toEqual([id, expected.get(id)]);
    }
  });

  it('takes Zoho\'s change into a row moved by a sort meanwhile, on that row only', async () => {
    world = await givenPulledLeads(6, FIELDS);
    const target = idAt(world, 3);
    const nameCol = col(world, 'Last Name');
    await world.zoho.admin.advanceClock(60);
    await world.zoho.admin.patchRecord('eu', 'Leads', target, { Company: 'Sorted Into Place AG' });
    const before = new Map(sheetValues(world, 'Leads').slice(1).map((r) => [String(r[col(world, 'Zoho record ID') - 1]), r[col(world, 'Company') - 1]]));

    const pushed = idAt(world, 7);
    const result = syncWhilePulling(world, 7, () => sheet(world).sortRows(2, sheet(world).lastRow(), nameCol, { descending: true }));

    expect(result.ok).toBe(true);
    for (const row of sheetValues(world, 'Leads').slice(1)) {
      const id = String(row[col(world, 'Zoho record ID') - 1]);
      const expected = id === target ? 'Sorted Into Place AG' : id === pushed ? 'Pushed First' : before.get(id);
      expect([id, row[col(world, 'Company') - 1]]).toEqual([id, expected]);
    }
  });
});
