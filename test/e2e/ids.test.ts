// Record ids typed into lookup and owner cells, through the real bundle in the Apps Script runtime
// against the Zoho emulator: a 19-digit id reaches Zoho digit for digit, because the rows a user
// adds are Plain text; an id Sheets already stored as a number is refused, never sent mangled.

import type { ExecutionResult } from '../../emulators/apps-script/runtime';
import type { SyncNowResult } from '../../src/shared/rpc';
import { columnOf, statusOf, givenConnectedUser, givenSyncedSheet, givenWorld, sheetValues, type World } from '../helpers/world';

let world: World;
afterEach(async () => {
  await world?.stop();
});

/** A connected EU user and a sheet of 5 pulled records of `module` with these fields. */
async function givenPulledSheet(module: 'Contacts' | 'Leads', fields: string[]): Promise<World> {
  const w = await givenWorld({ records: 10 });
  await w.zoho.admin.reset({ moduleSizes: { [module]: 5, Accounts: 5 } });
  await givenConnectedUser(w, 'eu');
  givenSyncedSheet(w, module, module, fields);
  const pulled = w.rpc('syncNow');
  if (!pulled.ok) throw new Error(pulled.error?.message);
  return w;
}

function sheet(w: World, name: string) {
  return w.runtime.getSpreadsheet(w.spreadsheetId)!.sheet(name)!;
}

function columnNumber(w: World, name: string, header: string): number {
  return columnOf(sheetValues(w, name), header) + 1;
}

/** Types into a cell as a user would (Sheets parses the text by the cell's format). */
function type(w: World, name: string, row: number, header: string, text: string): void {
  sheet(w, name).writeValue(row, columnNumber(w, name, header), text);
}

function cell(w: World, name: string, row: number, header: string): unknown {
  return sheet(w, name).readValue(row, columnNumber(w, name, header));
}

function push(w: World): ExecutionResult<SyncNowResult> {
  const result = w.rpc<SyncNowResult>('pushChanges');
  if (!result.ok) throw new Error(`pushChanges failed: ${result.error?.message}`);
  return result;
}

/** The id of one of the EU org's seeded accounts, as Zoho spells it: 19 digits. */
async function anAccountId(w: World): Promise<string> {
  const { records } = await w.zoho.admin.listRecords('eu', 'Accounts', { limit: 5 });
  const id = records[3]!.id;
  expect(id).toMatch(/^\d{19}$/);
  return id;
}

/** Jonas Weber, the EU org's second user (emulators/zoho/seed/orgs.ts). */
const EU_USER_ID = '2098765000000000002';

describe('ids typed into new rows', () => {
  it('sends a 19-digit Account id typed into the Account Name of a new Contacts row digit for digit', async () => {
    world = await givenPulledSheet('Contacts', ['Last_Name', 'Account_Name', 'Email']);
    const accountId = await anAccountId(world);
    type(world, 'Contacts', 8, 'Last Name', 'Typed Id');
    type(world, 'Contacts', 8, 'Account Name', accountId);

    const result = push(world);

    expect(cell(world, 'Contacts', 8, 'Account Name')).toBe(accountId);
    expect(statusOf(world, 'Contacts', 8).note).toMatch(/^Sent to Zoho/);
    const created = await world.zoho.admin.getRecord('eu', 'Contacts', String(cell(world, 'Contacts', 8, 'Zoho record ID')));
    expect(JSON.stringify(created.Account_Name)).toContain(`"${accountId}"`);
    // The insert only: an id is sent as the id, never searched as a name first.
    expect(result.counters.urlfetchCalls).toBe(1);
  });

  it('sends a 19-digit user id typed into the Lead Owner of a new Leads row digit for digit', async () => {
    world = await givenPulledSheet('Leads', ['Last_Name', 'Company', 'Owner']);
    type(world, 'Leads', 9, 'Last Name', 'Owned By Id');
    type(world, 'Leads', 9, 'Lead Owner', EU_USER_ID);

    push(world);

    const created = await world.zoho.admin.getRecord('eu', 'Leads', String(cell(world, 'Leads', 9, 'Zoho record ID')));
    expect(JSON.stringify(created.Owner)).toContain(`"${EU_USER_ID}"`);
  });

  it('sends an id typed into the column of a lookup field added after the first pull', async () => {
    world = await givenPulledSheet('Contacts', ['Last_Name', 'Email']);
    const accountId = await anAccountId(world);
    givenSyncedSheet(world, 'Contacts', 'Contacts', ['Last_Name', 'Email', 'Account_Name']);
    type(world, 'Contacts', 8, 'Last Name', 'Added Column');
    type(world, 'Contacts', 8, 'Account Name', accountId);

    push(world);

    const created = await world.zoho.admin.getRecord('eu', 'Contacts', String(cell(world, 'Contacts', 8, 'Zoho record ID')));
    expect(JSON.stringify(created.Account_Name)).toContain(`"${accountId}"`);
  });

  it('gives the empty rows below the pulled data the Plain-text format of lookup and owner columns', async () => {
    world = await givenPulledSheet('Leads', ['Last_Name', 'Owner', 'Annual_Revenue']);
    const s = sheet(world, 'Leads');

    const formats = [7, 500, s.maxRows].map((row) => [
      s.numberFormat(row, columnNumber(world, 'Leads', 'Lead Owner')),
      s.numberFormat(row, columnNumber(world, 'Leads', 'Annual Revenue')),
    ]);

    // Currency in the EU org's currency, as the pulled rows above have it.
    const euros = '"€"#,##0.00';
    expect(formats).toEqual([['@', euros], ['@', euros], ['@', euros]]);
  });
});

describe('an id Sheets already stored as a number', () => {
  it('is refused before anything is sent, with the fix in the status, and the edit stays', async () => {
    world = await givenPulledSheet('Contacts', ['Last_Name', 'Account_Name', 'Email']);
    const accountId = await anAccountId(world);
    const before = (await world.zoho.admin.listRecords('eu', 'Contacts', { limit: 100 })).total;
    sheet(world, 'Contacts').setNumberFormat(8, columnNumber(world, 'Contacts', 'Account Name'), '0');
    type(world, 'Contacts', 8, 'Last Name', 'Number Id');
    type(world, 'Contacts', 8, 'Account Name', accountId);
    const stored = cell(world, 'Contacts', 8, 'Account Name');

    const result = push(world);

    expect(typeof stored).toBe('number');
    expect(String(stored)).not.toBe(accountId);
    expect(statusOf(world, 'Contacts', 8).note).toMatch(
      /^Not sent: Account Name: \d+ was stored as a number, .*Format the column as Plain text .* and type the id again\.$/);
    expect(cell(world, 'Contacts', 8, 'Account Name')).toBe(stored);
    expect(cell(world, 'Contacts', 8, 'Zoho record ID')).toBe('');
    expect(result.value!.issues).toEqual([expect.objectContaining({ sheet: 'Contacts', row: 8, kind: 'error' })]);
    expect(result.counters.urlfetchCalls).toBe(0);
    expect((await world.zoho.admin.listRecords('eu', 'Contacts', { limit: 100 })).total).toBe(before);
  });
});
