// What reps type and paste into a synced sheet, through the real bundle against the Zoho emulator:
// whatever lands in a cell, Zoho gets the value the rep meant or nothing, and the row says why.

import type { SyncNowResult } from '../../src/shared/rpc';
import { givenPulledLeads, leadsCell, leadsColumn, leadsSheet, leadsStatusNote, REP, statusOf, typeInLeads, type World } from '../helpers/world';

let world: World;
afterEach(async () => {
  await world?.stop();
});

const FIELDS = ['Last_Name', 'Company', 'Lead_Status', 'Annual_Revenue', 'Products_Interested'];

function push(w: World) {
  const result = w.rpc<SyncNowResult>('pushChanges');
  if (!result.ok) throw new Error(`pushChanges failed: ${result.error?.message}`);
  return result;
}

const idAt = (w: World, row: number): string => String(leadsCell(w, row, 'Zoho record ID'));

/**
 * Pastes a cell copied from another spreadsheet: its number format comes along (General there),
 * replacing the column's Plain text, so a formula stays a formula, as in Sheets.
 */
function paste(w: World, row: number, header: string, text: string): void {
  const column = leadsColumn(w, header);
  leadsSheet(w).setNumberFormat(row, column, 'General');
  leadsSheet(w).writeValue(row, column, text);
}

describe('a formula in a synced cell', () => {
  it('never reaches Zoho when pasted into a synced row: the record keeps its value, the row says to paste the value, and the value then goes', async () => {
    world = await givenPulledLeads(5, FIELDS);
    const id = idAt(world, 3);
    const before = await world.zoho.admin.getRecord('eu', 'Leads', id);
    // IMPORTXML shows nothing (or "Loading...") until its fetch ends: the value read is not the rep's.
    paste(world, 3, 'Company', '=IMPORTXML("https://partner.example/leads","//company")');

    const refused = push(world);

    expect(await world.zoho.admin.getRecord('eu', 'Leads', id)).toEqual(before);
    expect(statusOf(world, 'Leads', 3).word).toBe('Refused');
    expect(leadsStatusNote(world, 3)).toMatch(/^Not sent: Company holds a formula \(=IMPORTXML\("https:\/\/partner\.example\/lea…\), and only values are sent to Zoho CRM: .*Paste special > Values only/);
    expect(leadsSheet(world).formula(3, leadsColumn(world, 'Company'))).toMatch(/^=IMPORTXML/);
    expect(refused.value!.issues).toEqual([expect.objectContaining({ row: 3, kind: 'error', recordId: id })]);

    // Paste special > Values only: the value replaces the formula.
    leadsSheet(world).writeValue(3, leadsColumn(world, 'Company'), 'Partner GmbH');
    push(world);

    expect((await world.zoho.admin.getRecord('eu', 'Leads', id)).Company).toBe('Partner GmbH');
    expect(leadsStatusNote(world, 3)).toMatch(/^Sent to Zoho/);
  });

  it('creates no record from a new row with a formula still loading, and no other row waits for it', async () => {
    world = await givenPulledLeads(3, FIELDS);
    const count = (await world.zoho.admin.listRecords('eu', 'Leads', { limit: 100 })).records.length;
    typeInLeads(world, 5, 'Last Name', 'Formula Row');
    paste(world, 5, 'Company', '=IMPORTXML("https://partner.example/leads","//company")');
    typeInLeads(world, 6, 'Last Name', 'Plain Row');
    typeInLeads(world, 6, 'Company', 'Typed Ltd');

    const result = push(world);

    const all = (await world.zoho.admin.listRecords('eu', 'Leads', { limit: 100 })).records;
    expect(all).toHaveLength(count + 1);
    expect(all.filter((r) => r.Last_Name === 'Formula Row')).toEqual([]);
    expect(leadsCell(world, 5, 'Zoho record ID')).toBe('');
    expect(leadsStatusNote(world, 5)).toMatch(/^Not sent: Company holds a formula/);
    expect(idAt(world, 6)).toMatch(/^\d{19}$/);
    expect(result.value!.pushed![0]).toMatchObject({ inserted: 1, failed: 1 });
  });

  it('leaves a number column\'s formula out too, rather than sending what it computed at that moment', async () => {
    world = await givenPulledLeads(5, FIELDS);
    const id = idAt(world, 4);
    const before = (await world.zoho.admin.getRecord('eu', 'Leads', id)).Annual_Revenue;
    // Number columns are not Plain text: typing '=' there makes a formula.
    typeInLeads(world, 4, 'Annual Revenue', '=1000*12');
    expect(leadsCell(world, 4, 'Annual Revenue')).toBe(12000);

    push(world);

    expect((await world.zoho.admin.getRecord('eu', 'Leads', id)).Annual_Revenue).toEqual(before);
    expect(leadsStatusNote(world, 4)).toMatch(/^Not sent: Annual Revenue holds a formula \(=1000\*12\)/);
  });
});

describe('a value Zoho keeps in its own form', () => {
  it.each([
    ['a picklist value typed in another case', 'Lead Status', 'junk lead', 'Lead_Status', 'Junk Lead', 'Junk Lead'],
    ['multiselect values typed in another case and spacing', 'Products Interested', 'crm;desk', 'Products_Interested', ['CRM', 'Desk'], 'CRM; Desk'],
    ['multiselect values listed with commas', 'Products Interested', 'CRM, Desk', 'Products_Interested', ['CRM', 'Desk'], 'CRM; Desk'],
    ['an amount with more decimals than the field keeps', 'Annual Revenue', '10.005', 'Annual_Revenue', 10.01, 10.01],
  ])('sends %s as Zoho keeps it, then shows it so and sends nothing more', async (_name, header, typed, apiName, inZoho, shown) => {
    world = await givenPulledLeads(5, FIELDS);
    const id = idAt(world, 3);
    typeInLeads(world, 3, header, typed);

    push(world);
    const again = world.rpc<SyncNowResult>('syncNow');

    expect((await world.zoho.admin.getRecord('eu', 'Leads', id))[apiName]).toEqual(inZoho);
    expect(leadsCell(world, 3, header)).toEqual(shown);
    expect(again.value!.pushed![0]).toMatchObject({ updated: 0, failed: 0, conflicts: 0 });
  });

  it('shows an owner typed as an email address by the name Zoho gives that user, and sends nothing more', async () => {
    world = await givenPulledLeads(5, [...FIELDS, 'Owner']);
    const id = idAt(world, 3);
    typeInLeads(world, 3, 'Lead Owner', 'Jonas.Weber@beispiel-eu.example');

    push(world);
    const again = world.rpc<SyncNowResult>('syncNow');

    expect((await world.zoho.admin.getRecord('eu', 'Leads', id)).Owner).toMatchObject({ name: 'Jonas Weber' });
    expect(leadsCell(world, 3, 'Lead Owner')).toBe('Jonas Weber');
    expect(again.value!.pushed![0]).toMatchObject({ updated: 0, failed: 0, conflicts: 0 });
  });

  it('keeps what the rep types into that cell while the update is on the wire, and sends it next', async () => {
    world = await givenPulledLeads(5, FIELDS);
    const id = idAt(world, 3);
    typeInLeads(world, 3, 'Lead Status', 'junk lead');

    world.runtime.rpc<SyncNowResult>('pushChanges', [], {
      user: REP, spreadsheetId: world.spreadsheetId,
      duringUrlFetch: { match: /^PUT [^?]*\/crm\/v8\/Leads/, act: () => typeInLeads(world, 3, 'Lead Status', 'Contacted') },
    });
    const next = push(world);

    expect(leadsCell(world, 3, 'Lead Status')).toBe('Contacted');
    expect(next.value!.pushed![0]).toMatchObject({ updated: 1, conflicts: 0 });
    expect((await world.zoho.admin.getRecord('eu', 'Leads', id)).Lead_Status).toBe('Contacted');
  });

  it('makes no conflict of it when a colleague changes another field and the rep edits that one again', async () => {
    world = await givenPulledLeads(5, FIELDS);
    const id = idAt(world, 3);
    typeInLeads(world, 3, 'Lead Status', 'junk lead');
    push(world);
    await world.zoho.admin.advanceClock(60);
    await world.zoho.admin.patchRecord('eu', 'Leads', id, { Company: 'Theirs AG' });
    typeInLeads(world, 3, 'Lead Status', 'Contacted');

    const result = push(world);

    expect(result.value!.pushed![0]).toMatchObject({ updated: 1, conflicts: 0 });
    expect(await world.zoho.admin.getRecord('eu', 'Leads', id)).toMatchObject({ Lead_Status: 'Contacted', Company: 'Theirs AG' });
    expect(leadsCell(world, 3, 'Company')).toBe('Theirs AG');
    expect(leadsStatusNote(world, 3)).toMatch(/^Sent to Zoho/);
  });
});

describe('an apostrophe typed to keep text from being a formula', () => {
  it('is not sent to Zoho from a Plain-text column, and the cell then shows the value without it', async () => {
    world = await givenPulledLeads(5, ['Last_Name', 'Company', 'Phone']);
    const id = idAt(world, 3);
    // Habit from other sheets: the apostrophe keeps '+' from starting a formula. Plain text keeps it.
    typeInLeads(world, 3, 'Phone', "'+49 30 1234567");
    typeInLeads(world, 4, 'Company', "'s-Hertogenbosch Trading");

    push(world);

    expect((await world.zoho.admin.getRecord('eu', 'Leads', id)).Phone).toBe('+49 30 1234567');
    expect(leadsCell(world, 3, 'Phone')).toBe('+49 30 1234567');
    expect((await world.zoho.admin.getRecord('eu', 'Leads', idAt(world, 4))).Company).toBe("'s-Hertogenbosch Trading");
  });
});

describe('a row whose cells were all cleared', () => {
  it('erases nothing in Zoho: the row says how to remove it or bring its values back', async () => {
    world = await givenPulledLeads(5, ['Company', 'Lead_Status', 'Annual_Revenue']);
    const id = idAt(world, 3);
    const before = await world.zoho.admin.getRecord('eu', 'Leads', id);
    // The rep selects the row's visible cells and presses Delete, meaning to get rid of the row.
    for (const header of ['Company', 'Lead Status', 'Annual Revenue']) typeInLeads(world, 3, header, '');

    const result = push(world);

    expect(await world.zoho.admin.getRecord('eu', 'Leads', id)).toEqual(before);
    expect(leadsStatusNote(world, 3)).toMatch(/^Not sent: every cell of this row is empty/);
    expect(result.value!.pushed![0]).toMatchObject({ updated: 0, failed: 1 });
  });
});
