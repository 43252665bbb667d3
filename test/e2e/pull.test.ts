// Pull, through the real bundle in the Apps Script runtime against the Zoho emulator: every record
// in the fewest calls, typed cells, formula-safe text, time zones, incremental changes, the user's
// layout, resuming past the execution limit, and faults in the middle of a pull.

import { execFileSync } from 'node:child_process';
import type { SyncNowResult } from '../../src/shared/rpc';
import { REP, columnOf, givenConnectedUser, givenSyncedSheet, givenWorld, isDate, sheetValues, type World } from '../helpers/world';

let world: World;
afterEach(async () => {
  await world?.stop();
});

const FIELDS = ['Last_Name', 'Company', 'Email', 'Lead_Status', 'Annual_Revenue', 'Last_Contacted_On'];

async function connectedWorld(leads: number, options: Parameters<typeof givenWorld>[0] = {}): Promise<World> {
  const w = await givenWorld({ records: 10, ...options });
  await w.zoho.admin.reset({ moduleSizes: { Leads: leads } });
  await givenConnectedUser(w, 'eu');
  return w;
}

function syncNow(w: World) {
  const result = w.rpc<SyncNowResult>('syncNow');
  if (!result.ok) throw new Error(`syncNow failed: ${result.error?.message}`);
  return result;
}

function idsInSheet(w: World, sheet: string): string[] {
  const values = sheetValues(w, sheet);
  const column = columnOf(values, 'Zoho record ID');
  return values.slice(1).map((row) => String(row[column]));
}

async function allZohoIds(w: World, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let offset = 0; offset < count; offset += 1000) {
    const page = await w.zoho.admin.listRecords('eu', 'Leads', { limit: 1000, offset });
    ids.push(...page.records.map((r) => r.id));
  }
  return ids;
}

describe('a first pull', () => {
  it.each([0, 1, 199, 200, 2001])('brings all %i records in ceil(N/200) record calls', async (n) => {
    world = await connectedWorld(n);
    givenSyncedSheet(world, 'Leads', 'Leads', FIELDS);

    const result = syncNow(world);

    const ids = idsInSheet(world, 'Leads');
    expect(ids).toHaveLength(n);
    expect(new Set(ids).size).toBe(n);
    expect(ids.sort()).toEqual((await allZohoIds(world, n)).sort());
    expect(result.counters.urlfetchCalls).toBe(Math.max(1, Math.ceil(n / 200)));
    expect(result.value!.sheets[0]).toMatchObject({ inserted: n, updated: 0 });
  });

  it('brings 10,000 records past the 2,000-record paging limit with a constant number of Sheets writes per chunk', async () => {
    world = await connectedWorld(10000);
    givenSyncedSheet(world, 'Leads', 'Leads', FIELDS);

    const result = syncNow(world);

    const ids = idsInSheet(world, 'Leads');
    expect(new Set(ids).size).toBe(10000);
    expect(result.counters.urlfetchCalls).toBe(50);
    // Two 5,000-row chunks: a fixed handful of writes each, never one per row; plus, once, a tag on
    // each new column (Apps Script adds developer metadata one column at a time), and once the
    // sheet's dressing: at most a width and a rule per column, the header notes and the status colours.
    expect(result.counters.spreadsheetWrites).toBeLessThan(30 + FIELDS.length + 3 + 2 * FIELDS.length + 3);
  });

  it('lays out a frozen header of field labels with the record id hidden', async () => {
    world = await connectedWorld(5);
    givenSyncedSheet(world, 'Leads', 'Leads', FIELDS);

    syncNow(world);

    const sheet = world.runtime.getSpreadsheet(world.spreadsheetId)!.sheet('Leads')!;
    const header = sheetValues(world, 'Leads')[0];
    expect(header).toEqual(['Last Name', 'Company', 'Email', 'Lead Status', 'Annual Revenue', 'Last Contacted On', 'Sync status', 'Zoho record ID', 'Zoho sync data']);
    expect(sheet.data.frozenRows).toBe(1);
    expect(sheet.data.hiddenCols).toEqual(expect.arrayContaining([8, 9]));
  });
});

describe('typed cells', () => {
  const TYPED = ['Last_Name', 'Email', 'Phone', 'Website', 'Lead_Status', 'No_of_Employees', 'Annual_Revenue', 'Win_Probability',
    'Discount_Rate', 'External_Ref_Number', 'Email_Opt_Out', 'Last_Contacted_On', 'Next_Follow_Up', 'Products_Interested', 'Owner',
    'Lead_Number', 'Days_In_Pipeline', 'Description'];

  it('writes every field type as the cell a user expects', async () => {
    world = await connectedWorld(300, { timeZone: 'Asia/Kolkata' });
    givenSyncedSheet(world, 'Leads', 'Leads', TYPED);

    syncNow(world);

    const values = sheetValues(world, 'Leads');
    const records = (await world.zoho.admin.listRecords('eu', 'Leads', { limit: 300 })).records;
    const byId = new Map(records.map((r) => [r.id, r]));
    const col = (label: string) => columnOf(values, label);
    let checkedDate = 0; let checkedDatetime = 0; let checkedMulti = 0; let checkedPercent = 0;
    for (const row of values.slice(1)) {
      const record = byId.get(String(row[col('Zoho record ID')]))!;
      if (!record) throw new Error('no record for row ' + JSON.stringify(row).slice(0, 600));
      expect(row[col('Last Name')]).toBe(record.Last_Name);
      if (typeof record.No_of_Employees === 'number') expect(row[col('No. of Employees')]).toBe(record.No_of_Employees);
      if (typeof record.Annual_Revenue === 'number') expect(row[col('Annual Revenue')]).toBeCloseTo(record.Annual_Revenue as number, 2);
      expect(typeof row[col('Email Opt Out')]).toBe('boolean');
      expect(row[col('Email Opt Out')]).toBe(record.Email_Opt_Out);
      if (typeof record.Win_Probability === 'number') {
        expect(row[col('Win Probability')]).toBeCloseTo((record.Win_Probability as number) / 100, 9);
        checkedPercent++;
      }
      if (typeof record.Last_Contacted_On === 'string') {
        // A date is midnight of that calendar day in the spreadsheet's zone (Kolkata, +05:30).
        const cell = row[col('Last Contacted On')];
        expect(isDate(cell)).toBe(true);
        expect((cell as Date).getTime()).toBe(Date.parse(`${record.Last_Contacted_On}T00:00:00+05:30`));
        checkedDate++;
      }
      if (typeof record.Next_Follow_Up === 'string') {
        // A datetime keeps its instant, whatever zone Zoho wrote its offset in.
        const cell = row[col('Next Follow Up')];
        expect(isDate(cell)).toBe(true);
        expect((cell as Date).getTime()).toBe(Date.parse(record.Next_Follow_Up as string));
        checkedDatetime++;
      }
      if (Array.isArray(record.Products_Interested) && record.Products_Interested.length) {
        expect(row[col('Products Interested')]).toBe((record.Products_Interested as string[]).join('; '));
        checkedMulti++;
      }
      expect(row[col('Lead Owner')]).toBe((record.Owner as { name: string }).name);
      expect(row[col('Lead Number')]).toBe(record.Lead_Number);
    }
    expect(Math.min(checkedDate, checkedDatetime, checkedMulti, checkedPercent)).toBeGreaterThan(10);
  });

  it('shows CRM text that looks like a formula, a number or a mention exactly as typed, never evaluated', async () => {
    world = await connectedWorld(20);
    const risky = ['=HYPERLINK("http://evil.example","click")', '+1 555 0100', '-5 days', '@home', '00123', 'TRUE', "'quoted"];
    const created = [];
    for (const text of risky) created.push(await world.zoho.admin.addRecord('eu', 'Leads', { Last_Name: text, Company: text }));
    givenSyncedSheet(world, 'Leads', 'Leads', ['Last_Name', 'Company']);

    syncNow(world);

    const sheet = world.runtime.getSpreadsheet(world.spreadsheetId)!.sheet('Leads')!;
    const values = sheet.getValues();
    const shown = values.slice(1).map((row) => row[0]);
    for (const text of risky) expect(shown).toContain(text);
    const formulas = values.flatMap((row, r) => row.map((_, c) => sheet.cell(r + 1, c + 1)?.f).filter(Boolean));
    expect(formulas).toEqual([]);
  });
});

describe('later pulls', () => {
  it('fetches only what changed, updates rows in place, appends new ones and removes deleted ones', async () => {
    world = await connectedWorld(450);
    givenSyncedSheet(world, 'Leads', 'Leads', FIELDS);
    syncNow(world);
    const before = idsInSheet(world, 'Leads');
    const [changed, deleted] = [before[10]!, before[20]!];
    await world.zoho.admin.advanceClock(120);
    await world.zoho.admin.patchRecord('eu', 'Leads', changed, { Company: 'Renamed GmbH' });
    await world.zoho.admin.deleteRecord('eu', 'Leads', deleted);
    const added = await world.zoho.admin.addRecord('eu', 'Leads', { Last_Name: 'Newcomer', Company: 'Fresh Ltd' });

    const result = syncNow(world);

    const values = sheetValues(world, 'Leads');
    const ids = idsInSheet(world, 'Leads');
    expect(ids).toHaveLength(450);
    expect(ids).not.toContain(deleted);
    expect(ids[ids.length - 1]).toBe(added.id);
    expect(values[before.indexOf(changed) + 1]![columnOf(values, 'Company')]).toBe('Renamed GmbH');
    // One page of modified records and one of deletions, instead of three pages of everything.
    expect(result.counters.urlfetchCalls).toBe(2);
    expect(result.value!.sheets[0]).toMatchObject({ inserted: 1, updated: 1, deleted: 1 });
  });

  it('marks a row as a conflict, and keeps the user\'s edit, when Zoho changed the same record', async () => {
    world = await connectedWorld(30);
    givenSyncedSheet(world, 'Leads', 'Leads', FIELDS);
    syncNow(world);
    const values = sheetValues(world, 'Leads');
    const id = String(values[3]![columnOf(values, 'Zoho record ID')]);
    const sheet = world.runtime.getSpreadsheet(world.spreadsheetId)!.sheet('Leads')!;
    sheet.writeValue(4, columnOf(values, 'Company') + 1, 'My edit Inc');
    await world.zoho.admin.advanceClock(60);
    await world.zoho.admin.patchRecord('eu', 'Leads', id, { Company: 'Their edit AG' });

    const result = syncNow(world);

    const after = sheetValues(world, 'Leads');
    expect(after[3]![columnOf(after, 'Company')]).toBe('My edit Inc');
    expect(String(after[3]![columnOf(after, 'Sync status')])).toMatch(/^Conflict/);
    expect(result.value!.issues).toEqual(expect.arrayContaining([expect.objectContaining({ sheet: 'Leads', row: 4, kind: 'conflict' })]));
  });
});

describe('the user\'s layout', () => {
  it('keeps the user\'s own formula column and follows rows the user sorted', async () => {
    world = await connectedWorld(40);
    givenSyncedSheet(world, 'Leads', 'Leads', FIELDS);
    syncNow(world);
    const sheet = world.runtime.getSpreadsheet(world.spreadsheetId)!.sheet('Leads')!;
    const values = sheet.getValues();
    const width = values[0]!.length;
    sheet.writeValue(1, width + 1, 'My note');
    sheet.writeValue(2, width + 1, '=LEN(A2)');
    // Sort data rows by Last Name descending, as a user would with Data > Sort range.
    const rows = values.slice(1).map((row, i) => ({ row, extra: i === 0 ? '=LEN(A2)' : '' }));
    rows.sort((a, b) => String(b.row[0]).localeCompare(String(a.row[0])));
    rows.forEach((r, i) => r.row.forEach((v, c) => sheet.writeValue(i + 2, c + 1, v)));
    const movedId = String(sheet.getValues()[5]![columnOf(values, 'Zoho record ID')]);
    await world.zoho.admin.advanceClock(60);
    await world.zoho.admin.patchRecord('eu', 'Leads', movedId, { Company: 'Moved Row Corp' });

    syncNow(world);

    const after = sheet.getValues();
    expect(after[5]![columnOf(after, 'Zoho record ID')]).toBe(movedId);
    expect(after[5]![columnOf(after, 'Company')]).toBe('Moved Row Corp');
    expect(sheet.cell(2, width + 1)?.f).toBe('=LEN(A2)');
  });

  it('stops with a clear message and changes nothing when the id column is deleted', async () => {
    world = await connectedWorld(10);
    givenSyncedSheet(world, 'Leads', 'Leads', FIELDS);
    syncNow(world);
    const sheet = world.runtime.getSpreadsheet(world.spreadsheetId)!.sheet('Leads')!;
    sheet.deleteColumns(columnOf(sheet.getValues(), 'Zoho record ID') + 1, 1);
    const before = JSON.stringify(sheet.getValues());

    const result = world.rpc('syncNow');

    expect(result.ok).toBe(false);
    expect(result.error!.message).toMatch(/"Zoho record ID" column.*is gone.*Nothing was changed/);
    expect(JSON.stringify(sheet.getValues())).toBe(before);
  });
});

describe('big and long pulls', () => {
  it('splits more than 50 fields across requests and joins them by id', async () => {
    world = await connectedWorld(250);
    const fields = (await world.zoho.admin.listRecords('eu', 'Leads', { limit: 1 })).records[0]!;
    const all = Object.keys(fields).filter((k) => !k.startsWith('$') && k !== 'id');
    expect(all.length).toBeGreaterThan(50);
    givenSyncedSheet(world, 'Leads', 'Leads', all);

    const result = syncNow(world);

    const values = sheetValues(world, 'Leads');
    expect(values).toHaveLength(251);
    // Two field lists, two pages each.
    expect(result.counters.urlfetchCalls).toBe(4);
    const records = new Map((await world.zoho.admin.listRecords('eu', 'Leads', { limit: 250 })).records.map((r) => [r.id, r]));
    const last = values[0]!.indexOf('Last Name');
    const lastField = values[0]!.indexOf('Modified By');
    for (const row of values.slice(1)) {
      const record = records.get(String(row[columnOf(values, 'Zoho record ID')]))!;
      expect(row[last]).toBe(record.Last_Name);
      expect(row[lastField]).toBe((record.Modified_By as { name: string }).name);
    }
  });

  it('continues in a follow-up trigger execution when time runs short, with every record once', async () => {
    world = await connectedWorld(3000, { latency: { urlFetchRoundTripMs: 25000 } });
    givenSyncedSheet(world, 'Leads', 'Leads', FIELDS);

    const first = syncNow(world);
    expect(first.value!.continuing).toBe(true);
    expect(world.runtime.listTriggers().map((t) => t.handlerFunction)).toEqual(['continueSync']);
    const rowsAfterFirst = idsInSheet(world, 'Leads').length;
    const runs = [];
    for (let i = 0; i < 5 && world.runtime.listTriggers().length; i++) runs.push(...world.runtime.advanceAndFire(61000));

    const ids = idsInSheet(world, 'Leads');
    expect(rowsAfterFirst).toBeGreaterThan(0);
    expect(rowsAfterFirst).toBeLessThan(3000);
    expect(runs.every((r) => r.ok)).toBe(true);
    expect(ids).toHaveLength(3000);
    expect(new Set(ids).size).toBe(3000);
    expect(world.runtime.listTriggers()).toEqual([]);
  });

  it('recovers from an execution killed mid-pull: the next runs complete it with no duplicate or lost row', async () => {
    world = await connectedWorld(3000, { latency: { urlFetchRoundTripMs: 25000 }, executionLimitMs: 150000 });
    givenSyncedSheet(world, 'Leads', 'Leads', FIELDS);

    const attempts = [];
    for (let i = 0; i < 8; i++) {
      const run = world.rpc<SyncNowResult>('syncNow');
      attempts.push(run);
      if (run.ok && !run.value!.continuing) break;
    }

    expect(attempts[0]!.ok).toBe(false);
    expect(attempts[0]!.error!.message).toMatch(/Exceeded maximum execution time/);
    expect(attempts[attempts.length - 1]!.ok).toBe(true);
    const ids = idsInSheet(world, 'Leads');
    expect(ids).toHaveLength(3000);
    expect(new Set(ids).size).toBe(3000);
  });
});

describe('faults in the middle of a pull', () => {
  it.each([
    ['a burst of 429s', { kind: 'burst429', count: 3 }],
    ['two 503s', { kind: 'status', status: 503, count: 2 }],
    ['a dropped connection', { kind: 'drop', count: 1 }],
    ['a cut-off body', { kind: 'truncate', count: 1 }],
    ['an access token Zoho stopped accepting', { kind: 'status', status: 401, count: 1 }],
  ])('rides out %s on a later page and still brings every record once', async (_name, fault) => {
    world = await connectedWorld(1000);
    givenSyncedSheet(world, 'Leads', 'Leads', FIELDS);
    await world.zoho.admin.addFault({ ...(fault as { kind: 'status' }), match: 'page_token' });

    const result = syncNow(world);

    const ids = idsInSheet(world, 'Leads');
    expect(ids).toHaveLength(1000);
    expect(new Set(ids).size).toBe(1000);
    expect(result.counters.urlfetchCalls).toBeGreaterThan(5);
    expect((await world.zoho.admin.listFaults()).every((f) => f.remaining === 0)).toBe(true);
  });

  it('fails clearly and leaves the sheet consistent when Zoho stays down; the next sync completes it', async () => {
    world = await connectedWorld(1000);
    givenSyncedSheet(world, 'Leads', 'Leads', FIELDS);
    await world.zoho.admin.addFault({ kind: 'status', status: 500, count: 50, match: 'page_token' });

    const failed = world.rpc('syncNow');
    await world.zoho.admin.clearFaults();
    const retried = syncNow(world);

    expect(failed.ok).toBe(false);
    expect(failed.error!.message).toMatch(/not answering properly.*Nothing was lost/);
    expect(retried.ok).toBe(true);
    const ids = idsInSheet(world, 'Leads');
    expect(ids).toHaveLength(1000);
    expect(new Set(ids).size).toBe(1000);
  });
});

describe('a colleague at work in Zoho while a first pull reads its pages', () => {
  /** Records oldest-modified first, as the pull's first chain reads them. */
  async function oldestFirst(w: World, count: number): Promise<string[]> {
    const records: Array<{ id: string; modified: number }> = [];
    for (let offset = 0; offset < count; offset += 1000) {
      const page = await w.zoho.admin.listRecords('eu', 'Leads', { limit: 1000, offset });
      records.push(...page.records.map((r) => ({ id: String(r.id), modified: Date.parse(String(r.Modified_Time)) })));
    }
    return records.sort((a, b) => a.modified - b.modified || a.id.localeCompare(b.id)).map((r) => r.id);
  }

  /** A colleague edits records now, from within the pull's execution (admin calls, synchronously). */
  function colleagueEditsNow(w: World, ids: readonly string[]): void {
    const admin = w.zoho.info.admin;
    const call = (method: string, path: string, body: unknown) => execFileSync('curl', ['-sf', '-X', method, '-H', 'Content-Type: application/json', '-d', JSON.stringify(body), `${admin}${path}`]);
    call('POST', '/clock', { advanceSeconds: 5 });
    for (const id of ids) call('PATCH', `/orgs/eu/records/Leads/${id}`, { Company: `Edited by a colleague ${id.slice(-4)}` });
  }

  it('still brings every record once when records it already read are changed before the later pages come', async () => {
    world = await connectedWorld(600);
    givenSyncedSheet(world, 'Leads', 'Leads', FIELDS);
    const order = await oldestFirst(world, 600);
    const edited = order.slice(0, 2);

    const result = world.runtime.rpc<SyncNowResult>('syncNow', [], {
      user: REP, spreadsheetId: world.spreadsheetId,
      duringUrlFetch: { match: /page_token/, act: () => colleagueEditsNow(world, edited) },
    });

    expect(result.ok).toBe(true);
    const ids = idsInSheet(world, 'Leads');
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual([...order].sort());
    const values = sheetValues(world, 'Leads');
    const company = columnOf(values, 'Company');
    const idColumn = columnOf(values, 'Zoho record ID');
    for (const id of edited) expect(values.find((row) => String(row[idColumn]) === id)![company]).toMatch(/^Edited by a colleague/);
    // The three pages, then one COQL list of ids and one read of the two it stepped over.
    expect(result.counters.urlfetchCalls).toBe(5);
  });

  /** A colleague deletes records now, from within the pull's execution (admin calls, synchronously). */
  function colleagueDeletesNow(w: World, ids: readonly string[]): void {
    const admin = w.zoho.info.admin;
    execFileSync('curl', ['-sf', '-X', 'POST', '-H', 'Content-Type: application/json', '-d', JSON.stringify({ advanceSeconds: 5 }), `${admin}/clock`]);
    for (const id of ids) execFileSync('curl', ['-sf', '-X', 'DELETE', `${admin}/orgs/eu/records/Leads/${id}`]);
  }

  it('brings, at the next sync, the record a first pull stepped over when a colleague deleted one it had read', async () => {
    world = await connectedWorld(600);
    givenSyncedSheet(world, 'Leads', 'Leads', FIELDS);
    const order = await oldestFirst(world, 600);
    const gone = order[0]!;
    let deleted = false;
    world.runtime.rpc<SyncNowResult>('syncNow', [], {
      user: REP, spreadsheetId: world.spreadsheetId,
      duringUrlFetch: { match: /page_token/, act: () => { if (!deleted) colleagueDeletesNow(world, [gone]); deleted = true; } },
    });
    await world.zoho.admin.advanceClock(60);

    const next = syncNow(world);

    const ids = idsInSheet(world, 'Leads');
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(order.filter((id) => id !== gone).sort());
    // One page of changes, one of deletions, then one COQL list of ids and one read of the record stepped over.
    expect(next.counters.urlfetchCalls).toBe(4);
  });

  it('reads no more at the next sync than changes and deletions when the deletions came after the first pull', async () => {
    world = await connectedWorld(600);
    givenSyncedSheet(world, 'Leads', 'Leads', FIELDS);
    syncNow(world);
    await world.zoho.admin.advanceClock(60);
    await world.zoho.admin.deleteRecord('eu', 'Leads', idsInSheet(world, 'Leads')[3]!);
    await world.zoho.admin.advanceClock(60);

    const next = syncNow(world);

    expect(idsInSheet(world, 'Leads')).toHaveLength(599);
    expect(next.counters.urlfetchCalls).toBe(2);
  });

  it('reads nothing more than the pages when nobody changes a record meanwhile', async () => {
    world = await connectedWorld(600);
    givenSyncedSheet(world, 'Leads', 'Leads', FIELDS);

    const result = syncNow(world);

    expect(idsInSheet(world, 'Leads')).toHaveLength(600);
    expect(result.counters.urlfetchCalls).toBe(3);
  });
});

describe('the spreadsheet\'s size limit', () => {
  it('stops with a clear message before a module would pass 10 million cells', async () => {
    world = await connectedWorld(2000);
    world.runtime.getSpreadsheet(world.spreadsheetId)!.addSheet('Archive', 99400, 100);
    givenSyncedSheet(world, 'Leads', 'Leads', FIELDS);

    const result = world.rpc('syncNow');

    expect(result.ok).toBe(false);
    expect(result.error!.message).toMatch(/10 million cells.*fewer fields/);
    expect(world.runtime.getSpreadsheet(world.spreadsheetId)!.totalCells()).toBeLessThanOrEqual(10000000);
  });
});

describe('more of the user\'s choices and layout', () => {
  it('keeps the rows of records deleted in Zoho, marked, when the user chose that', async () => {
    world = await connectedWorld(30);
    givenSyncedSheet(world, 'Leads', 'Leads', FIELDS, { deletedRows: 'mark' });
    syncNow(world);
    const gone = idsInSheet(world, 'Leads')[4]!;
    await world.zoho.admin.advanceClock(60);
    await world.zoho.admin.deleteRecord('eu', 'Leads', gone);

    syncNow(world);

    const values = sheetValues(world, 'Leads');
    expect(idsInSheet(world, 'Leads')).toHaveLength(30);
    expect(values[5]![columnOf(values, 'Sync status')]).toBe('Deleted in Zoho');
  });

  it('follows columns the user reordered', async () => {
    world = await connectedWorld(20);
    givenSyncedSheet(world, 'Leads', 'Leads', FIELDS);
    syncNow(world);
    const sheet = world.runtime.getSpreadsheet(world.spreadsheetId)!.sheet('Leads')!;
    const values = sheet.getValues();
    const [company, email] = [columnOf(values, 'Company'), columnOf(values, 'Email')];
    // Swap the Company and Email columns, header and cells, formats included, as a drag would.
    values.forEach((row, r) => {
      const a = sheet.cell(r + 1, company + 1);
      const b = sheet.cell(r + 1, email + 1);
      const [fa, fb] = [a?.nf, b?.nf];
      sheet.writeValue(r + 1, company + 1, '');
      sheet.writeValue(r + 1, email + 1, '');
      sheet.setNumberFormat(r + 1, company + 1, fb);
      sheet.setNumberFormat(r + 1, email + 1, fa);
      sheet.writeValue(r + 1, company + 1, row[email]);
      sheet.writeValue(r + 1, email + 1, row[company]);
    });
    const id = idsInSheet(world, 'Leads')[2]!;
    await world.zoho.admin.advanceClock(60);
    await world.zoho.admin.patchRecord('eu', 'Leads', id, { Company: 'Reordered GmbH' });

    syncNow(world);

    const after = sheet.getValues();
    expect(after[0]![email]).toBe('Company');
    expect(after[3]![email]).toBe('Reordered GmbH');
    expect(after[3]![company]).not.toBe('Reordered GmbH');
  });

  it('stops with a clear message and changes nothing when a field\'s header is deleted', async () => {
    world = await connectedWorld(10);
    givenSyncedSheet(world, 'Leads', 'Leads', FIELDS);
    syncNow(world);
    const sheet = world.runtime.getSpreadsheet(world.spreadsheetId)!.sheet('Leads')!;
    sheet.writeValue(1, columnOf(sheet.getValues(), 'Company') + 1, '');
    const before = JSON.stringify(sheet.getValues());

    const result = world.rpc('syncNow');

    expect(result.ok).toBe(false);
    expect(result.error!.message).toMatch(/no column headed "Company".*Nothing was changed/);
    expect(JSON.stringify(sheet.getValues())).toBe(before);
  });

  it('never runs a scheduled and a manual sync of one document at once', async () => {
    world = await connectedWorld(10);
    givenSyncedSheet(world, 'Leads', 'Leads', FIELDS);
    const held = world.runtime.holdLock('document', { spreadsheetId: world.spreadsheetId });

    const blocked = world.rpc('syncNow');
    held.release();
    const after = world.rpc('syncNow');

    expect(blocked.ok).toBe(false);
    expect(blocked.error!.message).toMatch(/Another sync of this spreadsheet is running/);
    expect(blocked.counters.urlfetchCalls).toBe(0);
    expect(after.ok).toBe(true);
  });
});

describe('past the reach of one page_token chain', () => {
  it('reads newest first past the first chain, then what lies between by COQL, with every record once and no If-Modified-Since', async () => {
    world = await connectedWorld(3000, { pageTokenLimitRecords: 1000 });
    givenSyncedSheet(world, 'Leads', 'Leads', FIELDS);

    const result = syncNow(world);

    const ids = idsInSheet(world, 'Leads');
    expect(ids).toHaveLength(3000);
    expect(new Set(ids).size).toBe(3000);
    expect(ids.sort()).toEqual((await allZohoIds(world, 3000)).sort());
    // Two chains of 5 pages, each ended by one refused call, then the 1,000 records between them: one
    // COQL call for their ids and 10 reads by id (100 a call). Real chains reach 100,000 records, so
    // the COQL part only starts past 200,000.
    expect(result.counters.urlfetchCalls).toBeLessThanOrEqual(26);
  });
});
