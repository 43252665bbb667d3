// Never lose an edit (issue 14): a colleague's change to one field never blocks or overwrites my
// change to another; conflicts name exactly the fields both changed, with both values as the cells
// show them; buttons and links follow the record wherever its row went; any synced row can take
// Zoho's values back. Through the real bundle in the Apps Script runtime against the Zoho emulator.

import type { RowIssue, SidebarState, SyncNowResult } from '../../src/shared/rpc';
import {
  leadsStatusNote,
  columnOf, givenConnectedUser, givenPulledLeads, givenSyncedSheet, givenWorld, leadsCell, leadsColumn, leadsSheet, REP, sheetValues, typeInLeads, type World,
} from '../helpers/world';

let world: World;
afterEach(async () => {
  await world?.stop();
});

const FIELDS = ['Last_Name', 'Company', 'Email', 'Lead_Status', 'Annual_Revenue', 'Last_Contacted_On'];

const sheet = leadsSheet;
const col = leadsColumn;
const type = typeInLeads;
const cell = leadsCell;

function rpc<T>(w: World, fn: string, args: unknown[] = []): T {
  const result = w.rpc<T>(fn, args);
  if (!result.ok) throw new Error(`${fn} failed: ${result.error?.message}`);
  return result.value!;
}

const idAt = (w: World, row: number) => String(cell(w, row, 'Zoho record ID'));
// The sentence of a row's status, from its note (the cell shows a word).
const statusAt = (w: World, row: number) => leadsStatusNote(w, row);

/** The row a record is on now. */
function rowOf(w: World, id: string): number {
  const values = sheetValues(w, 'Leads');
  const c = columnOf(values, 'Zoho record ID');
  return values.findIndex((r) => String(r[c]) === id) + 1;
}

/** A colleague changes a record in Zoho (a minute later, so its Modified_Time moves). */
async function colleagueChanges(w: World, id: string, patch: Record<string, unknown>): Promise<void> {
  await w.zoho.admin.advanceClock(60);
  await w.zoho.admin.patchRecord('eu', 'Leads', id, patch);
}

const zoho = async (w: World, id: string) => w.zoho.admin.getRecord('eu', 'Leads', id);

describe('two colleagues changing the same records', () => {
  it('keeps both when they change different fields: theirs comes into the row, mine reaches Zoho, nothing is in conflict', async () => {
    world = await givenPulledLeads(10, FIELDS);
    const ids = [3, 4, 5].map((row) => idAt(world, row));
    for (const [i, id] of ids.entries()) {
      type(world, 3 + i, 'Email', `mine${i}@example.com`);
      await colleagueChanges(world, id, { Company: `Theirs ${i} AG` });
    }

    const result = rpc<SyncNowResult>(world, 'pushChanges');

    for (const [i, id] of ids.entries()) {
      expect(await zoho(world, id)).toMatchObject({ Company: `Theirs ${i} AG`, Email: `mine${i}@example.com` });
      expect(cell(world, 3 + i, 'Company')).toBe(`Theirs ${i} AG`);
      expect(cell(world, 3 + i, 'Email')).toBe(`mine${i}@example.com`);
      expect(statusAt(world, 3 + i)).toMatch(/^Sent to Zoho/);
    }
    expect(result.issues).toEqual([]);
    expect(result.pushed![0]).toMatchObject({ updated: 3, conflicts: 0 });
    // Nothing is left to send, and the next sync changes nothing.
    expect(world.rpc('pushChanges').counters.urlfetchCalls).toBe(0);
    rpc(world, 'syncNow');
    expect(await zoho(world, ids[0]!)).toMatchObject({ Company: 'Theirs 0 AG', Email: 'mine0@example.com' });
  });

  it('puts only a field both changed in conflict, naming it with both values as the cells show them', async () => {
    world = await givenPulledLeads(10, FIELDS);
    const id = idAt(world, 5);
    type(world, 5, 'Annual Revenue', 1234.5);
    type(world, 5, 'Last Contacted On', '2026-03-01');
    await colleagueChanges(world, id, { Annual_Revenue: 99999.99, Last_Contacted_On: '2026-03-05', Company: 'Theirs AG' });

    const result = rpc<SyncNowResult>(world, 'pushChanges');

    // Amounts as the cells show them, in the org's currency (euros in the EU org).
    const expected = 'Conflict: this sheet has Annual Revenue "€1,234.50", Last Contacted On "2026-03-01"; '
      + 'Zoho has Annual Revenue "€99,999.99", Last Contacted On "2026-03-05". Choose "Keep mine" or "Take Zoho\'s".';
    expect(statusAt(world, 5)).toBe(expected);
    expect(result.issues).toEqual([{ sheet: 'Leads', row: 5, recordId: id, kind: 'conflict', message: expected }]);
    // The field only Zoho changed came in; the conflicting ones keep my values until I choose.
    expect(cell(world, 5, 'Company')).toBe('Theirs AG');
    expect(cell(world, 5, 'Annual Revenue')).toBe(1234.5);
    expect(await zoho(world, id)).toMatchObject({ Annual_Revenue: 99999.99, Last_Contacted_On: '2026-03-05' });

    rpc(world, 'resolveConflict', ['Leads', id, 'mine']);

    expect(await zoho(world, id)).toMatchObject({ Annual_Revenue: 1234.5, Last_Contacted_On: '2026-03-01', Company: 'Theirs AG' });
    expect(statusAt(world, 5)).toMatch(/^Sent to Zoho/);
  });

  it('sends my edits to other fields of a row in conflict at once; the conflicting field waits for my choice', async () => {
    world = await givenPulledLeads(6, FIELDS);
    const id = idAt(world, 3);
    type(world, 3, 'Company', 'Mine Inc');
    type(world, 3, 'Email', 'mine.only@example.com');
    await colleagueChanges(world, id, { Company: 'Theirs AG', Lead_Status: 'Contacted' });

    const first = rpc<SyncNowResult>(world, 'pushChanges');

    expect(await zoho(world, id)).toMatchObject({ Company: 'Theirs AG', Email: 'mine.only@example.com', Lead_Status: 'Contacted' });
    expect(cell(world, 3, 'Lead Status')).toBe('Contacted');
    expect(cell(world, 3, 'Company')).toBe('Mine Inc');
    expect(statusAt(world, 3)).toMatch(/^Conflict: this sheet has Company "Mine Inc"; Zoho has Company "Theirs AG"/);
    expect(first.issues).toEqual([expect.objectContaining({ kind: 'conflict', recordId: id })]);
    // Pushing again sends nothing more and keeps the conflict.
    expect(world.rpc('pushChanges').counters.urlfetchCalls).toBe(0);
    expect(statusAt(world, 3)).toMatch(/^Conflict:/);

    rpc(world, 'resolveConflict', ['Leads', id, 'mine']);

    expect(await zoho(world, id)).toMatchObject({ Company: 'Mine Inc', Email: 'mine.only@example.com', Lead_Status: 'Contacted' });
    expect(statusAt(world, 3)).toMatch(/^Sent to Zoho/);
    expect(world.rpc('pushChanges').counters.urlfetchCalls).toBe(0);
  });

  it('settles a lost answer for those other edits once the conflict is resolved, sending each field once', async () => {
    world = await givenPulledLeads(6, FIELDS);
    const id = idAt(world, 4);
    type(world, 4, 'Company', 'Mine Inc');
    type(world, 4, 'Email', 'lost.answer@example.com');
    await colleagueChanges(world, id, { Company: 'Theirs AG' });
    await world.zoho.admin.addFault({ kind: 'truncate', count: 10, match: 'PUT /crm/v8/Leads' });
    rpc(world, 'pushChanges');
    await world.zoho.admin.clearFaults();
    expect(await zoho(world, id)).toMatchObject({ Company: 'Theirs AG', Email: 'lost.answer@example.com' });

    rpc(world, 'resolveConflict', ['Leads', id, 'mine']);
    rpc(world, 'pushChanges');

    expect(await zoho(world, id)).toMatchObject({ Company: 'Mine Inc', Email: 'lost.answer@example.com' });
    expect(statusAt(world, 4)).toMatch(/^Sent to Zoho/);
    expect(world.rpc('pushChanges').counters.urlfetchCalls).toBe(0);
  });

  it('merges in the pull too: an edit Zoho refused stays, a colleague\'s other field comes in, the same field is a conflict listed once', async () => {
    world = await givenPulledLeads(10, FIELDS);
    const [a, b] = [idAt(world, 3), idAt(world, 4)];
    const theirs = cell(world, 4, 'Lead Status') === 'Contacted' ? 'Junk Lead' : 'Contacted';
    type(world, 3, 'Lead Status', 'Lukewarm');
    type(world, 4, 'Lead Status', 'Lukewarm');
    await colleagueChanges(world, a, { Company: 'Pulled In GmbH' });
    await colleagueChanges(world, b, { Lead_Status: theirs });

    const result = rpc<SyncNowResult>(world, 'syncNow');

    expect(cell(world, 3, 'Company')).toBe('Pulled In GmbH');
    expect(cell(world, 3, 'Lead Status')).toBe('Lukewarm');
    expect(statusAt(world, 3)).toMatch(/"Lukewarm" is not an allowed value/);
    expect(statusAt(world, 4)).toBe(`Conflict: this sheet has Lead Status "Lukewarm"; Zoho has Lead Status "${theirs}". Choose "Keep mine" or "Take Zoho's".`);
    expect(result.issues!.map((i) => [i.row, i.kind])).toEqual([[3, 'error'], [4, 'conflict']]);
  });
});

describe('conflicts follow the record, not the row number', () => {
  async function givenConflicts(rows: number[]): Promise<string[]> {
    world = await givenPulledLeads(10, FIELDS);
    const ids = rows.map((row) => idAt(world, row));
    for (const [i, row] of rows.entries()) {
      type(world, row, 'Company', `Mine ${row}`);
      await colleagueChanges(world, ids[i]!, { Company: `Theirs ${row}` });
    }
    rpc(world, 'pushChanges');
    return ids;
  }

  const sortByName = (w: World) => sheet(w).sortRows(2, sheet(w).lastRow(), col(w, 'Last Name'), { descending: true });

  it('lists a row sorted away between the push and the pull of one sync once, where it is now, and "Keep mine" acts on it', async () => {
    world = await givenPulledLeads(10, FIELDS);
    const id = idAt(world, 2);
    type(world, 2, 'Company', 'Mine Inc');
    await colleagueChanges(world, id, { Company: 'Theirs AG' });

    const result = world.runtime.rpc<SyncNowResult>('syncNow', [], {
      user: REP, spreadsheetId: world.spreadsheetId, duringUrlFetch: { match: /^GET .*ids=/, act: () => sortByName(world) },
    });

    expect(result.ok).toBe(true);
    const row = rowOf(world, id);
    expect(row).not.toBe(2);
    expect(result.value!.issues).toEqual([expect.objectContaining({ row, recordId: id, kind: 'conflict' })]);
    expect(statusAt(world, row)).toMatch(/^Conflict: this sheet has Company "Mine Inc"; Zoho has Company "Theirs AG"/);

    const kept = rpc<SyncNowResult>(world, 'resolveConflict', ['Leads', id, 'mine']);

    expect(kept.message).toMatch(/1 sent/);
    expect((await zoho(world, id)).Company).toBe('Mine Inc');
    expect(statusAt(world, rowOf(world, id))).toMatch(/^Sent to Zoho/);
  });

  it('"Keep mine" sends that record only', async () => {
    const [first, second] = await givenConflicts([3, 5]);
    const other = idAt(world, 7);
    const before = await zoho(world, other);
    type(world, 7, 'Company', 'Not Yet Pushed');

    const kept = world.rpc<SyncNowResult>('resolveConflict', ['Leads', first, 'mine']);

    expect(kept.ok).toBe(true);
    expect((await zoho(world, first!)).Company).toBe('Mine 3');
    expect((await zoho(world, second!)).Company).toBe('Theirs 5');
    expect(await zoho(world, other)).toEqual(before);
    expect(statusAt(world, 5)).toMatch(/^Conflict/);
    // One Modified_Time read, one update.
    expect(kept.counters.urlfetchCalls).toBeLessThanOrEqual(3);
  });

  it('"Take Zoho\'s" fills the row of the record clicked after the user sorted, and says so when the row is gone', async () => {
    const [id] = await givenConflicts([4]);
    sortByName(world);
    const row = rowOf(world, id!);
    const neighbour = row === 4 ? 5 : 4;
    const untouched = sheetValues(world, 'Leads')[neighbour - 1];

    const taken = rpc<SyncNowResult>(world, 'resolveConflict', ['Leads', id, 'zoho']);

    expect(taken.message).toBe(`Row ${row} now shows Zoho's version.`);
    expect(cell(world, row, 'Company')).toBe('Theirs 4');
    expect(sheetValues(world, 'Leads')[neighbour - 1]).toEqual(untouched);
    expect(world.rpc('pushChanges').counters.urlfetchCalls).toBe(0);

    sheet(world).deleteRows(row, 1);
    const gone = world.rpc('resolveConflict', ['Leads', id, 'mine']);

    expect(gone.ok).toBe(false);
    expect(gone.error!.message).toMatch(/no longer on any row/);
  });
});

describe('restoring a row from Zoho', () => {
  it('gives up a refused edit from the sidebar: every synced column and the sync data as a pull writes them', async () => {
    world = await givenPulledLeads(10, FIELDS);
    const id = idAt(world, 4);
    const pulled = sheetValues(world, 'Leads')[3];
    type(world, 4, 'Lead Status', 'Lukewarm');
    type(world, 4, 'Company', '');
    const pushed = rpc<SyncNowResult>(world, 'pushChanges');
    const issue = pushed.issues!.find((i) => i.row === 4)!;
    expect(issue.recordId).toBe(id);

    const restored = rpc<SyncNowResult>(world, 'restoreRow', ['Leads', issue.recordId]);

    expect(restored.message).toBe('Row 4 was restored from Zoho.');
    const now = sheetValues(world, 'Leads')[3]!;
    const status = col(world, 'Sync status') - 1;
    expect(now.filter((_, c) => c !== status)).toEqual(pulled!.filter((_, c) => c !== status));
    expect(world.rpc('pushChanges').counters.urlfetchCalls).toBe(0);
  });

  it('restores the selected row from the sidebar and from the menu', async () => {
    world = await givenPulledLeads(10, FIELDS);
    const pulled = sheetValues(world, 'Leads').map((r) => [...r]);
    const company = col(world, 'Company') - 1;
    type(world, 6, 'Company', 'Wrecked');
    type(world, 8, 'Company', 'Wrecked too');
    world.runtime.getSpreadsheet(world.spreadsheetId)!.select('Leads', 6, 3);

    const fromSidebar = rpc<SyncNowResult>(world, 'restoreSelectedRow');
    world.runtime.getSpreadsheet(world.spreadsheetId)!.select('Leads', 8, 1);
    const fromMenu = world.run('restoreSelectedRowFromMenu');

    expect(fromSidebar.message).toBe('Row 6 was restored from Zoho.');
    expect(fromMenu.ui.toasts.map((t) => t.message)).toEqual(['Row 8 was restored from Zoho.']);
    expect(cell(world, 6, 'Company')).toBe(pulled[5]![company]);
    expect(cell(world, 8, 'Company')).toBe(pulled[7]![company]);
  });

  it('fills every column past Zoho\'s 50-field request limit', async () => {
    world = await givenWideSheet();
    const pulled = sheetValues(world, 'Leads')[1]!;
    const status = sheetValues(world, 'Leads')[0]!.indexOf('Sync status');
    // A filled column the second 50-field request brings, and the first column.
    const far = pulled.findIndex((v, c) => c >= 50 && c < status && v !== '');
    expect(far).toBeGreaterThan(0);
    sheet(world).writeValue(2, far + 1, '');
    sheet(world).writeValue(2, 1, 'Wrecked');

    rpc(world, 'restoreRow', ['Leads', idAt(world, 2)]);

    expect(sheetValues(world, 'Leads')[1]!.slice(0, status)).toEqual(pulled.slice(0, status));
  });

  it('refuses a row whose last send is still being checked, and says why', async () => {
    world = await givenPulledLeads(10, FIELDS);
    type(world, 3, 'Company', 'Maybe Sent');
    // Every attempt of the PUT is applied, and every answer is cut.
    await world.zoho.admin.addFault({ kind: 'truncate', count: 10, match: 'PUT /crm/v8/Leads' });
    rpc(world, 'pushChanges');
    expect(statusAt(world, 3)).toMatch(/^Sent, but Zoho's answer was lost/);

    const refused = world.rpc('restoreRow', ['Leads', idAt(world, 3)]);

    expect(refused.ok).toBe(false);
    expect(refused.error!.message).toMatch(/answer was lost; it cannot be restored until the next sync/);
    expect(cell(world, 3, 'Company')).toBe('Maybe Sent');
  });
});

describe('the "Needs attention" list', () => {
  it('numbers each row as it is now after the user sorts, and its link selects that row', async () => {
    world = await givenPulledLeads(10, FIELDS);
    const id = idAt(world, 2);
    type(world, 2, 'Company', 'Mine Inc');
    await colleagueChanges(world, id, { Company: 'Theirs AG' });
    const listed = rpc<SyncNowResult>(world, 'syncNow').issues!;
    expect(listed).toEqual([expect.objectContaining({ row: 2, recordId: id })]);

    sheet(world).sortRows(2, sheet(world).lastRow(), col(world, 'Last Name'), { descending: true });
    const row = rowOf(world, id);
    const refreshed = rpc<RowIssue[]>(world, 'refreshIssues', [listed]);
    const state = rpc<SidebarState>(world, 'getSidebarState');
    rpc(world, 'selectRow', ['Leads', 2, id]);

    expect(row).not.toBe(2);
    expect(refreshed).toEqual([{ ...listed[0], row }]);
    expect(state.runs[0]!.issues).toEqual([{ ...listed[0], row }]);
    expect(world.runtime.getSpreadsheet(world.spreadsheetId)!.data.selection).toMatchObject({ row, col: 1 });
  });
});

/** A Leads sheet of every field of the module (more than 50), pulled once. */
async function givenWideSheet(): Promise<World> {
  const w = await givenWorld({ records: 10 });
  await w.zoho.admin.reset({ moduleSizes: { Leads: 3 } });
  await givenConnectedUser(w, 'eu');
  const sample = (await w.zoho.admin.listRecords('eu', 'Leads', { limit: 1 })).records[0]!;
  const all = Object.keys(sample).filter((k) => !k.startsWith('$') && k !== 'id');
  expect(all.length).toBeGreaterThan(50);
  givenSyncedSheet(w, 'Leads', 'Leads', all);
  rpc(w, 'syncNow');
  return w;
}
