// The synced sheet guides a rep (issue 17), through the real bundle and the Zoho emulator:
// dropdowns, checkboxes and date rules from Zoho's metadata that follow an admin's change, amounts in
// the org's currency, widths that show the header, status words coloured by kind with the sentence
// in a note, and new rows below the data that are recognised without creating junk records.

import { cellLook } from '../../emulators/apps-script/services/sheet-styles';
import type { SyncNowResult } from '../../src/shared/rpc';
import { STATUS_COLOURS } from '../../src/core/sync/status';
import { MAX_COLUMN_WIDTH_PX, PX_PER_HEADER_CHAR } from '../../src/core/sync/sheet-dress';
import { givenPulledLeads, leadsColumn, leadsSheet, sheetValues, statusOf, typeInLeads, type World, type WorldOptions } from '../helpers/world';

const FIELDS = ['Last_Name', 'Company', 'Lead_Status', 'Annual_Revenue', 'Email_Opt_Out', 'Last_Contacted_On', 'Next_Follow_Up', 'Products_Interested'];
const LEAD_STATUSES = ['Attempted to Contact', 'Contact in Future', 'Contacted', 'Junk Lead', 'Lost Lead', 'Not Contacted', 'Pre-Qualified', 'Not Qualified'];

let world: World;
afterEach(async () => world?.stop());

const look = (w: World, row: number, header: string) => cellLook(leadsSheet(w), row, leadsColumn(w, header));
const idAt = (w: World, row: number): string => String(leadsSheet(w).readValue(row, leadsColumn(w, 'Zoho record ID')));

function rpc(w: World, fn: string): SyncNowResult {
  const result = w.rpc<SyncNowResult>(fn);
  if (!result.ok) throw new Error(`${fn} failed: ${result.error?.message}`);
  return result.value!;
}

async function givenSheet(leads = 6, options: WorldOptions = {}): Promise<World> {
  return givenPulledLeads(leads, FIELDS, options);
}

describe('rules from Zoho\'s metadata', () => {
  it('offers a picklist\'s values as a dropdown that keeps other values, checkboxes and date rules to the last row, and says how to separate multiselect values', async () => {
    world = await givenSheet();
    const sheet = leadsSheet(world);
    const lastRow = sheet.maxRows;

    for (const row of [2, 7, lastRow]) {
      expect(look(world, row, 'Lead Status').dropdown).toEqual(LEAD_STATUSES);
      expect(sheet.extras(row, leadsColumn(world, 'Lead Status'))!.dv).toMatchObject({ type: 'VALUE_IN_LIST', allowInvalid: true });
      expect(look(world, row, 'Email Opt Out').checkbox).toBe(true);
      expect(sheet.extras(row, leadsColumn(world, 'Last Contacted On'))!.dv).toMatchObject({ type: 'DATE_IS_VALID_DATE', allowInvalid: true });
      expect(sheet.extras(row, leadsColumn(world, 'Next Follow Up'))!.dv).toMatchObject({ type: 'DATE_IS_VALID_DATE' });
    }
    expect(sheet.extras(2, leadsColumn(world, 'Company'))?.dv).toBeUndefined();
    expect(look(world, 1, 'Products Interested').note).toMatch(/separate them with a semicolon/);
    // The rules reach rows a user adds below the data, and make none of them look used.
    expect(sheet.lastRow()).toBe(7);
  });

  it('follows an admin\'s change of a picklist at the next sync, and sets nothing again when nothing changed', async () => {
    world = await givenSheet();
    const steady = world.rpc('syncNow');
    const next = [...LEAD_STATUSES, 'Nurturing'];
    await world.zoho.admin.setPicklist('eu', 'Leads', 'Lead_Status', next);
    // The add-on keeps field metadata for 30 minutes (METADATA_TTL_SECONDS).
    world.runtime.clock.advance(1801 * 1000);
    await world.zoho.admin.advanceClock(1801);

    const changed = world.rpc('syncNow');

    expect(look(world, 3, 'Lead Status').dropdown).toEqual(next);
    expect(look(world, leadsSheet(world).maxRows, 'Lead Status').dropdown).toEqual(next);
    // A sync with no change of metadata sets no rule, note or colour: fewer writes than the one that did.
    expect(steady.counters.spreadsheetWrites).toBeLessThan(changed.counters.spreadsheetWrites);
  });
});

describe('formats that match Zoho', () => {
  it('shows amounts in the org\'s currency and makes every header fit its column', async () => {
    world = await givenSheet(20);
    const values = sheetValues(world, 'Leads');
    const revenue = values.findIndex((row, i) => i > 0 && row[values[0]!.indexOf('Annual Revenue')] !== '');
    expect(revenue).toBeGreaterThan(0);

    expect(look(world, revenue + 1, 'Annual Revenue').display).toMatch(/^€\d{1,3}(,\d{3})*\.\d\d$/);
    expect(typeof leadsSheet(world).readValue(revenue + 1, leadsColumn(world, 'Annual Revenue'))).toBe('number');
    for (const header of ['Last Name', 'Lead Status', 'Last Contacted On', 'Products Interested', 'Sync status']) {
      const width = leadsSheet(world).data.colWidths[String(leadsColumn(world, header))];
      expect(width).toBeGreaterThanOrEqual(Math.min(MAX_COLUMN_WIDTH_PX, header.length * PX_PER_HEADER_CHAR));
    }
  });
});

describe('a status that reads at a glance', () => {
  it('keeps an invalid dropdown value, marks it, and on push says Refused with Zoho\'s allowed values in the note', async () => {
    world = await givenSheet();
    typeInLeads(world, 3, 'Lead Status', 'Lukewarm');
    expect(look(world, 3, 'Lead Status')).toMatchObject({ display: 'Lukewarm', invalid: true });

    const result = rpc(world, 'pushChanges');

    expect(look(world, 3, 'Lead Status').display).toBe('Lukewarm');
    expect(statusOf(world, 'Leads', 3)).toEqual({ word: 'Refused', note: expect.stringMatching(/Lead Status: "Lukewarm" is not an allowed value \(Attempted to Contact, /) });
    expect(look(world, 3, 'Sync status').background).toBe(STATUS_COLOURS.refused.background);
    expect(result.issues).toEqual([expect.objectContaining({ row: 3, kind: 'error', message: expect.stringMatching(/Lukewarm/) })]);
  });

  it('shows a short word per row, coloured by kind, with the sentence and the time in the spreadsheet\'s zone in the note', async () => {
    world = await givenSheet(8);
    const [conflictId, deletedId] = [idAt(world, 4), idAt(world, 5)];
    typeInLeads(world, 3, 'Company', 'Sent Ltd');
    typeInLeads(world, 4, 'Company', 'Mine GmbH');
    await world.zoho.admin.patchRecord('eu', 'Leads', conflictId, { Company: 'Theirs AG' });
    typeInLeads(world, 5, 'Company', 'Edited before Zoho deleted it');
    await world.zoho.admin.deleteRecord('eu', 'Leads', deletedId);

    const result = rpc(world, 'syncNow');
    // A new row whose send is lost: Zoho may have it, so the row waits to be checked.
    typeInLeads(world, 10, 'Last Name', 'Maybe Sent');
    await world.zoho.admin.addFault({ kind: 'status', status: 500, count: 1, match: 'POST /crm/v8/Leads' });
    rpc(world, 'pushChanges');

    const shown = (row: number) => ({ ...statusOf(world, 'Leads', row), background: look(world, row, 'Sync status').background });
    expect(shown(3)).toEqual({ word: 'Sent', note: expect.stringMatching(/^Sent to Zoho \d{4}-\d\d-\d\d \d\d:\d\d \(Europe\/Berlin\)$/), background: STATUS_COLOURS.sent.background });
    expect(shown(4)).toEqual({ word: 'Conflict', note: expect.stringMatching(/Zoho has Company "Theirs AG"/), background: STATUS_COLOURS.conflict.background });
    expect(shown(5)).toEqual({ word: 'Deleted in Zoho', note: expect.stringMatching(/your edits are kept/), background: STATUS_COLOURS.deleted.background });
    expect(shown(10)).toEqual({ word: 'Checking', note: expect.stringMatching(/^Sent, but Zoho's answer was lost/), background: STATUS_COLOURS.checking.background });
    expect(shown(6)).toEqual({ word: '', note: '', background: '#ffffff' });
    // The time in the note is the spreadsheet's wall clock (Berlin is UTC+1 or +2), not UTC.
    const sentAt = /(\d{4}-\d\d-\d\d \d\d:\d\d)/.exec(statusOf(world, 'Leads', 3).note)![1]!;
    const utc = new Date(world.runtime.clock.now()).toISOString().slice(0, 16).replace('T', ' ');
    expect(sentAt).not.toBe(utc);
    expect(result.message).toMatch(/\(1 row in conflict\)/);
    expect(result.message).not.toMatch(/1 conflicts|1 rows/);
  });
});

describe.each([
  ['reads as blank', false],
  ['reads as FALSE', true],
])('rows a user adds below the data, where an empty checkbox %s', (_, emptyCheckboxReadsFalse) => {
  it('creates a typed new row with its box ticked, and never a record from an untouched or re-cleared checkbox', async () => {
    world = await givenSheet(6, { emptyCheckboxReadsFalse });
    const before = (await world.zoho.admin.listRecords('eu', 'Leads', { limit: 1 })).total;
    const optOut = leadsColumn(world, 'Email Opt Out');
    // Row 8: typed and ticked. Row 9: ticked, then unticked (it now holds FALSE). Row 10: untouched.
    typeInLeads(world, 8, 'Last Name', 'Added Below');
    leadsSheet(world).writeValue(8, optOut, true);
    leadsSheet(world).writeValue(9, optOut, true);
    leadsSheet(world).writeValue(9, optOut, false);

    const result = rpc(world, 'pushChanges');

    expect(result.pushed![0]).toMatchObject({ inserted: 1, failed: 0 });
    expect((await world.zoho.admin.listRecords('eu', 'Leads', { limit: 1 })).total).toBe(before + 1);
    expect(await world.zoho.admin.getRecord('eu', 'Leads', idAt(world, 8))).toMatchObject({ Last_Name: 'Added Below', Email_Opt_Out: true });
    expect(idAt(world, 9)).toBe('');
    expect(statusOf(world, 'Leads', 9).word).toBe('');
    expect(look(world, 10, 'Email Opt Out').checkbox).toBe(true);
  });
});
