// Attacks on a Sync now with nothing to send, whose pull starts from what the push read (issue 20,
// src/core/sync/sheet-seen.ts): what the user does to the sheet's columns and rows between that read
// and the pull's writes must never put a value in the wrong column or row, nor lose an edit.

import type { SyncNowResult } from '../../src/shared/rpc';
import { columnOf, givenPulledLeads, sheetValues, statusOf, type World } from '../helpers/world';

let world: World;
afterEach(async () => {
  await world?.stop();
});

const FIELDS = ['Last_Name', 'Company', 'Email', 'Lead_Status'];
/** The pull's page of changes, newest first (the first is read ahead with the other reads of the sync). */
const PULL_PAGE = /^GET [^?]*\/crm\/v8\/Leads\?.*sort_order=desc/;

const sheet = (w: World) => w.runtime.getSpreadsheet(w.spreadsheetId)!.sheet('Leads')!;
const col = (w: World, header: string): number => columnOf(sheetValues(w, 'Leads'), header) + 1;
const ids = (w: World): string[] => sheetValues(w, 'Leads').slice(1).map((r) => String(r[col(w, 'Zoho record ID') - 1] ?? ''));

/** 230 pulled leads; then a colleague changes the first 210 rows' records and adds `added` leads. */
async function givenChangesInZoho(added: number): Promise<{ w: World; company: Map<string, string> }> {
  const w = await givenPulledLeads(230, FIELDS);
  await w.zoho.admin.advanceClock(60);
  const company = new Map(sheetValues(w, 'Leads').slice(1).map((r) => [String(r[col(w, 'Zoho record ID') - 1]), String(r[col(w, 'Company') - 1])]));
  for (const [i, id] of ids(w).slice(0, 210).entries()) {
    await w.zoho.admin.patchRecord('eu', 'Leads', id, { Company: `Changed ${i}` });
    company.set(id, `Changed ${i}`);
  }
  for (let i = 0; i < added; i++) {
    const made = await w.zoho.admin.addRecord('eu', 'Leads', { Last_Name: `Added ${i}`, Company: `New Co ${i}` });
    company.set(String(made.id), `New Co ${i}`);
  }
  return { w, company };
}

/** Sync now, nothing to send, with `act` while a request `on` matches is on the wire. */
function quietSyncWhile(w: World, on: { match: RegExp; nth?: number }, act: () => void): void {
  let acted = false;
  const result = w.runtime.rpc<SyncNowResult>('syncNow', [], {
    user: 'rep@example.com', spreadsheetId: w.spreadsheetId,
    duringUrlFetch: { ...on, act: () => { acted = true; act(); } },
  });
  expect(acted).toBe(true);
  if (!result.ok) throw new Error(`syncNow failed: ${result.error?.message}`);
}

/** The same, while the pull's own (second) page of changes is on the wire. */
function quietSyncWhilePulling(w: World, act: () => void): void {
  quietSyncWhile(w, { match: PULL_PAGE, nth: 2 }, act);
}

/** Every record once, its Company in the Company column, and the user's own column untouched. */
/** Sync now, with a column "My notes" inserted before `header` while the pull's own (second) page of deletions is read. */
function syncInsertingColumnBefore(w: World, header: string): void {
  quietSyncWhile(w, { match: /^GET [^?]*\/crm\/v8\/Leads\/deleted\?(.*&)?page=2(&|$)/ }, () => {
    const at = col(w, header);
    sheet(w).insertColumns(at - 1, 1);
    sheet(w).writeValue(1, at, 'My notes');
  });
}

function expectEveryRecordInItsColumns(w: World, company: Map<string, string>, userHeader?: string): void {
  const rows = sheetValues(w, 'Leads').slice(1).filter((r) => r.some((v) => v !== '' && v !== null && v !== undefined));
  const seen = rows.map((r) => String(r[col(w, 'Zoho record ID') - 1] ?? ''));
  expect(new Set(seen).size).toBe(seen.length);
  expect(seen.sort()).toEqual([...company.keys()].sort());
  for (const row of rows) {
    const id = String(row[col(w, 'Zoho record ID') - 1]);
    expect([id, row[col(w, 'Company') - 1]]).toEqual([id, company.get(id)]);
    if (userHeader) expect([id, row[col(w, userHeader) - 1]]).toEqual([id, '']);
  }
}

describe('a pull that starts from what a push with nothing to send read', () => {
  it('puts Zoho\'s changes and new records in their own columns when the user inserts a column while the pull reads', async () => {
    const { w, company } = await givenChangesInZoho(5);
    world = w;
    quietSyncWhilePulling(world, () => {
      const at = col(world, 'Company');
      sheet(world).insertColumns(at - 1, 1);
      sheet(world).writeValue(1, at, 'My notes');
    });
    expectEveryRecordInItsColumns(world, company, 'My notes');
  });

  it('keeps every value under its header when the user moves a column while the pull reads', async () => {
    const { w, company } = await givenChangesInZoho(5);
    world = w;
    quietSyncWhilePulling(world, () => {
      const before = sheetValues(world, 'Leads');
      sheet(world).moveColumns(col(world, 'Company'), 1, columnOf(before, 'Lead Status') + 2);
    });
    expectEveryRecordInItsColumns(world, company);
  });

  it('removes the rows of records deleted in Zoho when the user inserts a column while the deletions are read', async () => {
    world = await givenPulledLeads(230, FIELDS);
    await world.zoho.admin.advanceClock(60);
    const all = ids(world);
    // More than one page of deletions (200 a page): the first is read ahead, the second is the pull's own.
    for (const id of all.slice(0, 210)) await world.zoho.admin.deleteRecord('eu', 'Leads', id);
    const kept = new Map(sheetValues(world, 'Leads').slice(211).map((r) => [String(r[col(world, 'Zoho record ID') - 1]), String(r[col(world, 'Company') - 1])]));
    syncInsertingColumnBefore(world, 'Company');
    expectEveryRecordInItsColumns(world, kept, 'My notes');
  });

  it('writes a sent row\'s answer under its own headers when the user inserts a column while the push is on the wire', async () => {
    world = await givenPulledLeads(6, FIELDS);
    const company = new Map(sheetValues(world, 'Leads').slice(1).map((r) => [String(r[col(world, 'Zoho record ID') - 1]), String(r[col(world, 'Company') - 1])]));
    const id = ids(world)[2]!;
    sheet(world).writeValue(4, col(world, 'Company'), 'Edited Co');
    company.set(id, 'Edited Co');
    sheet(world).writeValue(8, col(world, 'Last Name'), 'Brand New');
    sheet(world).writeValue(8, col(world, 'Company'), 'Brand New Co');
    let acted = false;
    const result = world.runtime.rpc<SyncNowResult>('syncNow', [], {
      user: 'rep@example.com', spreadsheetId: world.spreadsheetId,
      duringUrlFetch: { match: /^PUT [^?]*\/crm\/v8\/Leads/, act: () => {
        acted = true;
        const at = col(world, 'Company');
        sheet(world).insertColumns(at - 1, 1);
        sheet(world).writeValue(1, at, 'My notes');
      } },
    });
    expect(acted).toBe(true);
    expect(result.ok).toBe(true);
    expect(world.rpc<SyncNowResult>('syncNow').ok).toBe(true);
    const made = (await world.zoho.admin.listRecords('eu', 'Leads', { limit: 1000 })).records.filter((r) => r.Last_Name === 'Brand New');
    expect(made).toHaveLength(1);
    company.set(String(made[0]!.id), 'Brand New Co');
    expect((await world.zoho.admin.getRecord('eu', 'Leads', id)).Company).toBe('Edited Co');
    expectEveryRecordInItsColumns(world, company, 'My notes');
  });

  it('puts back a status column the user deleted and takes Zoho\'s changes, with nothing to send or with an edit to send', async () => {
    world = await givenPulledLeads(6, FIELDS);
    const company = new Map(sheetValues(world, 'Leads').slice(1).map((r) => [String(r[col(world, 'Zoho record ID') - 1]), String(r[col(world, 'Company') - 1])]));
    const [first, second] = ids(world);
    sheet(world).deleteColumns(col(world, 'Sync status'), 1);
    await world.zoho.admin.advanceClock(60);
    await world.zoho.admin.patchRecord('eu', 'Leads', first!, { Company: 'Changed In Zoho' });
    company.set(first!, 'Changed In Zoho');

    expect(world.rpc<SyncNowResult>('syncNow').ok).toBe(true);
    expect(sheetValues(world, 'Leads')[0]).toContain('Sync status');
    expectEveryRecordInItsColumns(world, company);

    sheet(world).deleteColumns(col(world, 'Sync status'), 1);
    sheet(world).writeValue(3, col(world, 'Company'), 'Edited In Sheet');
    company.set(second!, 'Edited In Sheet');
    expect(world.rpc<SyncNowResult>('syncNow').ok).toBe(true);
    expect(sheetValues(world, 'Leads')[0]).toContain('Sync status');
    expect((await world.zoho.admin.getRecord('eu', 'Leads', second!)).Company).toBe('Edited In Sheet');
    expectEveryRecordInItsColumns(world, company);
  });

  it('keeps both rows of a copied row unsent and says why, sync after sync, while Zoho changes their record', async () => {
    world = await givenPulledLeads(6, FIELDS);
    const id = ids(world)[1]!;
    const width = sheetValues(world, 'Leads')[0]!.length;
    sheet(world).setValues(`A8:${String.fromCharCode(64 + width)}8`, [sheetValues(world, 'Leads')[2]!.map((v) => v ?? '')]);
    sheet(world).writeValue(8, col(world, 'Company'), 'Copy Edited');
    const total = (await world.zoho.admin.listRecords('eu', 'Leads', { limit: 1000 })).total;

    for (let run = 0; run < 3; run++) {
      await world.zoho.admin.advanceClock(60);
      await world.zoho.admin.patchRecord('eu', 'Leads', id, { Email: `run${run}@zoho.example` });
      expect(world.rpc<SyncNowResult>('syncNow').ok).toBe(true);
      expect(String(sheet(world).readValue(8, col(world, 'Company')))).toBe('Copy Edited');
      for (const row of [3, 8]) {
        expect(String(sheet(world).readValue(row, col(world, 'Zoho record ID')))).toBe(id);
        expect(statusOf(world, 'Leads', row).note).toMatch(/linked to the same Zoho record/);
      }
    }
    expect((await world.zoho.admin.getRecord('eu', 'Leads', id)).Company).not.toBe('Copy Edited');
    expect((await world.zoho.admin.listRecords('eu', 'Leads', { limit: 1000 })).total).toBe(total);
  });

  it('keeps a row the user types at the bottom while the pull reads, adds Zoho\'s new records below it, and sends it once next time', async () => {
    const { w, company } = await givenChangesInZoho(5);
    world = w;
    quietSyncWhilePulling(world, () => {
      sheet(world).writeValue(232, col(world, 'Last Name'), 'Typed Meanwhile');
      sheet(world).writeValue(232, col(world, 'Company'), 'Typed Co');
    });
    expect(sheet(world).readValue(232, col(world, 'Last Name'))).toBe('Typed Meanwhile');
    expect(sheet(world).readValue(232, col(world, 'Company'))).toBe('Typed Co');
    expect(world.rpc<SyncNowResult>('syncNow').ok).toBe(true);
    expect(world.rpc<SyncNowResult>('syncNow').ok).toBe(true);
    const made = (await world.zoho.admin.listRecords('eu', 'Leads', { limit: 1000 })).records.filter((r) => r.Last_Name === 'Typed Meanwhile');
    expect(made).toHaveLength(1);
    company.set(String(made[0]!.id), 'Typed Co');
    expectEveryRecordInItsColumns(world, company);
  });

  it('brings back the changed records\' rows when the user deletes every row while the pull reads', async () => {
    const { w, company } = await givenChangesInZoho(0);
    world = w;
    quietSyncWhilePulling(world, () => sheet(world).deleteRows(2, sheet(world).lastRow() - 1));
    const rows = sheetValues(world, 'Leads').slice(1).filter((r) => r.some((v) => v !== '' && v !== null && v !== undefined));
    const back = rows.map((r) => String(r[col(world, 'Zoho record ID') - 1]));
    expect(new Set(back).size).toBe(back.length);
    for (const row of rows) {
      const id = String(row[col(world, 'Zoho record ID') - 1]);
      expect([id, row[col(world, 'Company') - 1]]).toEqual([id, company.get(id)]);
    }
    expect(back.length).toBeGreaterThan(0);
  });

  it('stops with the clear message, writing no value under another header, when the user deletes a field\'s column while the pull reads', async () => {
    const { w } = await givenChangesInZoho(5);
    world = w;
    const emails = new Map(sheetValues(world, 'Leads').slice(1).map((r) => [String(r[col(world, 'Zoho record ID') - 1]), r[col(world, 'Email') - 1]]));
    let acted = false;
    const result = world.runtime.rpc<SyncNowResult>('syncNow', [], {
      user: 'rep@example.com', spreadsheetId: world.spreadsheetId,
      duringUrlFetch: { match: PULL_PAGE, nth: 2, act: () => { acted = true; sheet(world).deleteColumns(col(world, 'Company'), 1); } },
    });
    expect(acted).toBe(true);
    expect(result.ok).toBe(false);
    expect(result.error!.message).toMatch(/no column headed "Company"/);
    const rows = sheetValues(world, 'Leads').slice(1);
    expect(rows).toHaveLength(230);
    for (const row of rows) {
      const id = String(row[col(world, 'Zoho record ID') - 1]);
      expect([id, row[col(world, 'Email') - 1]]).toEqual([id, emails.get(id)]);
    }
  });

  it('sets the dropdowns of a grown sheet on their own columns when the user inserts a column while deletions of other records are read', async () => {
    world = await givenPulledLeads(230, FIELDS);
    // No empty rows below the data: the new records grow the sheet, and its dropdowns are set again.
    sheet(world).deleteRows(sheet(world).lastRow() + 1, sheet(world).maxRows - sheet(world).lastRow());
    await world.zoho.admin.advanceClock(60);
    for (let i = 0; i < 5; i++) await world.zoho.admin.addRecord('eu', 'Leads', { Last_Name: `Added ${i}`, Company: `New Co ${i}` });
    // A colleague's import, undone: more than a page of deletions, none of them the sheet's.
    for (let i = 0; i < 205; i++) {
      const made = await world.zoho.admin.addRecord('eu', 'Leads', { Last_Name: `Imported ${i}` });
      await world.zoho.admin.deleteRecord('eu', 'Leads', String(made.id));
    }
    syncInsertingColumnBefore(world, 'Email');
    const last = sheet(world).lastRow();
    for (const row of [2, last]) {
      expect(sheet(world).extras(row, col(world, 'Lead Status'))?.dv).toMatchObject({ type: 'VALUE_IN_LIST' });
      expect(sheet(world).extras(row, col(world, 'My notes'))?.dv).toBeUndefined();
      expect(sheet(world).extras(row, col(world, 'Email'))?.dv).toBeUndefined();
    }
  });
});
