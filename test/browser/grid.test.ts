// The playground's grid as a spreadsheet, in Chromium: sort, delete, insert and add rows from the
// context menu and the keyboard, then Sync now, each checked against Zoho (the emulator) and the
// sheet the add-on reads (the runtime): no duplicate, nothing lost. Also the sidebar's row links,
// the Extensions menu from the keyboard, and what the runtime holds on cells (lists, checkboxes,
// formats, colours, notes). One playground of 60 Leads for the whole file.

import type { Page } from 'playwright-core';
import type { RunningPlayground } from '../../playground/server';
import {
  browserTestsSkipped, cellMenu, cellText, columnOfHeader, connectAs, goToCell, openPlayground, rowMenu, runFromSidebar,
  screenshot, setUpSheet, sidebarOf, typeIntoCell, waitForCellText, type OpenPlayground,
} from './driver';

const LEADS = 60;

const suite = browserTestsSkipped ? describe.skip : describe;

suite('the playground grid behaves like a spreadsheet', () => {
  let opened: OpenPlayground;
  let playground: RunningPlayground;
  let page: Page;
  let pageErrors: string[];
  const col: Record<string, string> = {};

  jest.setTimeout(90_000);

  beforeAll(async () => {
    opened = await openPlayground({ records: LEADS, seed: 3, viewport: { width: 1280, height: 700 }, name: 'grid' });
    ({ playground, page, pageErrors } = opened);
    await sidebarOf(page).getByRole('link', { name: 'Connect to Zoho CRM' }).waitFor();
    await connectAs(page, playground.zoho.info.users.eu!);
    // Saving a new synced sheet pulls it at once.
    expect(await setUpSheet(page, 'Leads', ['Company', 'Lead_Status'])).toMatch(`Leads: ${LEADS} new, 0 updated.`);
    await page.getByRole('tab', { name: 'Leads', selected: true }).waitFor();
    for (const header of ['Last Name', 'Company', 'Lead Status', 'Sync status']) col[header] = await columnOfHeader(page, header);
  }, 120_000);

  afterAll(async () => {
    await opened?.close();
  });

  const book = () => playground.runtime.getSpreadsheet(playground.spreadsheetId)!;
  const leads = () => book().sheet('Leads')!;

  /** The sheet as the add-on reads it: each data row's record id, last name and company. */
  function sheetRows(): Array<{ row: number; id: string; lastName: string; company: string }> {
    const values = leads().getValues();
    const header = values[0]!.map(String);
    const at = (name: string) => header.indexOf(name);
    return values.slice(1).map((line, i) => ({
      row: i + 2, id: String(line[at('Zoho record ID')] ?? ''), lastName: String(line[at('Last Name')] ?? ''), company: String(line[at('Company')] ?? ''),
    })).filter((r) => r.id !== '' || r.lastName !== '');
  }

  /** Zoho's Leads in the EU org, by id. */
  async function zohoLeads(): Promise<Map<string, { lastName: string; company: string }>> {
    const { records } = await playground.zoho.admin.listRecords('eu', 'Leads', { limit: 200 });
    return new Map(records.map((r) => [String(r.id), { lastName: String(r.Last_Name ?? ''), company: String(r.Company ?? '') }]));
  }

  /** Records whose rows the user deleted: still in Zoho (the add-on never deletes there), on no row. */
  const deletedRows = new Set<string>();

  /** Every row is linked to a different Zoho record holding what the row shows, and every other record has a row. */
  async function expectSheetMatchesZoho(): Promise<void> {
    const rows = sheetRows();
    const zoho = await zohoLeads();
    const ids = rows.map((r) => r.id);
    expect(ids.filter((id) => id === '')).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(ids)).toEqual(new Set([...zoho.keys()].filter((id) => !deletedRows.has(id))));
    for (const r of rows) expect({ id: r.id, lastName: r.lastName, company: r.company }).toEqual({ id: r.id, ...zoho.get(r.id) });
  }

  it('opens the Extensions menu, moves through it with the arrow keys, and Escape puts focus back in the grid', async () => {
    await goToCell(page, 'B3');
    await page.locator('.cell[data-a1="B3"]').click();
    const items = page.getByRole('menu', { name: 'Extensions' }).getByRole('menuitem');

    await page.getByRole('button', { name: 'Extensions' }).click();
    await page.waitForFunction(() => document.activeElement?.getAttribute('role') === 'menuitem');
    await page.keyboard.press('ArrowDown');
    const second = await items.nth(1).textContent();
    const focused = await page.evaluate(() => document.activeElement?.textContent);
    await page.keyboard.press('End');
    const last = await page.evaluate(() => document.activeElement?.textContent);
    const lastItem = await items.last().textContent();
    await page.keyboard.press('Escape');

    expect(focused).toBe(second);
    expect(last).toBe(lastItem);
    await page.getByRole('menu', { name: 'Extensions' }).waitFor({ state: 'hidden' });
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('grid');
    expect(await page.getByLabel('Name box').inputValue()).toBe('B3');
  });

  it('sorts the sheet by Company from the context menu, header kept, and Sync now sends nothing and loses no row', async () => {
    const before = await zohoLeads();
    await playground.zoho.admin.resetCounters();

    await cellMenu(page, `${col.Company}5`, /Sort sheet by column .*, A to Z/);

    await waitForCellText(page, `${col.Company}1`, /^Company$/);
    const companies = sheetRows().map((r) => r.company);
    const named = companies.filter((c) => c !== '');
    // Blank cells go last, as in Sheets.
    expect(companies).toEqual([...named.sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' })), ...companies.filter((c) => c === '')]);
    expect(await cellText(page, `${col.Company}2`)).toBe(companies[0]);
    await screenshot(page, 'grid-01-sorted');
    // A colleague changes the record that the sort moved to row 3: the change must land there.
    const moved = sheetRows().find((r) => r.row === 3)!;
    await playground.zoho.admin.patchRecord('eu', 'Leads', moved.id, { Company: 'Changed After Sort AG' });
    expect(await runFromSidebar(page, 'Sync now')).toMatch('Leads: 0 new, 1 updated.');
    expect(sheetRows().find((r) => r.id === moved.id)).toMatchObject({ row: 3, company: 'Changed After Sort AG' });
    await expectSheetMatchesZoho();
    expect((await zohoLeads()).size).toBe(before.size);
    const calls = (await playground.zoho.admin.counters()).calls;
    expect(Object.keys(calls).filter((route) => /^(POST|PUT|PATCH|DELETE) \/crm/.test(route))).toEqual([]);
  });

  it('deletes a row from the row number\'s menu; Sync now leaves the record in Zoho and does not bring a second copy back', async () => {
    const gone = sheetRows().find((r) => r.row === 6)!;
    const count = sheetRows().length;

    await rowMenu(page, 6, 'Delete row 6');

    await page.waitForFunction(() => document.querySelector('#status')?.textContent?.includes('59 data rows'));
    expect(sheetRows().map((r) => r.id)).not.toContain(gone.id);
    expect(await cellText(page, `${col.Company}6`)).not.toBe(gone.company);
    expect(await runFromSidebar(page, 'Sync now')).toMatch('Leads: 0 new, 0 updated.');
    const rows = sheetRows();
    expect(rows).toHaveLength(count - 1);
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
    expect((await playground.zoho.admin.getRecord('eu', 'Leads', gone.id)).Company).toBe(gone.company);
    deletedRows.add(gone.id);
    await expectSheetMatchesZoho();
  });

  it('inserts a row in the middle, fills it, and Sync now creates one record linked to that row', async () => {
    const zohoBefore = (await zohoLeads()).size;
    const below = sheetRows().find((r) => r.row === 10)!;

    await rowMenu(page, 10, 'Insert 1 row above');
    await typeIntoCell(page, `${col['Last Name']}10`, 'Inserted Middleton');
    await typeIntoCell(page, `${col.Company}10`, 'Middle Row GmbH');
    const message = await runFromSidebar(page, 'Sync now');

    expect(message).not.toMatch(/Needs attention/);
    const created = [...(await zohoLeads())].filter(([, r]) => r.lastName === 'Inserted Middleton');
    expect(created).toHaveLength(1);
    expect(created[0]![1].company).toBe('Middle Row GmbH');
    expect((await zohoLeads()).size).toBe(zohoBefore + 1);
    expect(sheetRows().find((r) => r.row === 10)).toMatchObject({ id: created[0]![0], lastName: 'Inserted Middleton' });
    expect(sheetRows().find((r) => r.row === 11)?.id).toBe(below.id);
    expect(await waitForCellText(page, `${col['Sync status']}10`, /\S/)).toBeTruthy();
    await expectSheetMatchesZoho();
    await screenshot(page, 'grid-02-inserted-middle');
  });

  it('says why the name box cannot go below the sheet, adds rows at the bottom, and a row typed there becomes one record', async () => {
    const maxRows = leads().maxRows;
    const lastRow = leads().lastRow();
    const target = Math.max(maxRows, lastRow) + 1;

    await page.getByLabel('Name box').fill(`A${target}`);
    await page.getByLabel('Name box').press('Enter');
    await page.getByText(`A${target} is outside the sheet. "Leads" has ${maxRows.toLocaleString('en-US')} rows.`, { exact: false }).waitFor();
    expect(await page.getByLabel('Name box').inputValue()).toBe(`A${target}`);
    await goToCell(page, `A${maxRows}`);
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await page.waitForFunction((rows) => document.querySelector('#status')?.textContent?.includes(`${rows.toLocaleString('en-US')} ×`), maxRows + 1000);
    const newRow = lastRow + 1;
    await typeIntoCell(page, `${col['Last Name']}${newRow}`, 'Bottomley');
    await typeIntoCell(page, `${col.Company}${newRow}`, 'Below The Last Ltd');
    await runFromSidebar(page, 'Sync now');

    expect(leads().maxRows).toBeGreaterThanOrEqual(maxRows + 1000);
    const created = [...(await zohoLeads())].filter(([, r]) => r.lastName === 'Bottomley');
    expect(created).toHaveLength(1);
    expect(sheetRows().filter((r) => r.lastName === 'Bottomley')).toEqual([{ row: newRow, id: created[0]![0], lastName: 'Bottomley', company: 'Below The Last Ltd' }]);
    expect(await runFromSidebar(page, 'Sync now')).toMatch('Leads: 0 new, 0 updated.');
    await expectSheetMatchesZoho();
  });

  it('selects the row of a sidebar issue link in the grid, scrolled into view', async () => {
    const row = 50;
    await typeIntoCell(page, `${col['Lead Status']}${row}`, 'Lukewarm');
    await runFromSidebar(page, 'Push changes');
    await goToCell(page, 'A2');
    await page.locator('.cell[data-a1="A2"]').click();

    await sidebarOf(page).getByRole('button', { name: `Select Row ${row} of sheet Leads` }).click();

    await page.locator(`.row-head.selected[data-row="${row}"]`).waitFor();
    expect(await page.getByLabel('Name box').inputValue()).toBe(`A${row}`);
    expect(await page.locator(`.cell[data-a1="A${row}"]`).isVisible()).toBe(true);
    const box = await page.locator(`.cell[data-a1="A${row}"]`).boundingBox();
    const grid = await page.locator('#grid').boundingBox();
    expect(box!.y).toBeGreaterThanOrEqual(grid!.y);
    expect(box!.y + box!.height).toBeLessThanOrEqual(grid!.y + grid!.height);
    await screenshot(page, 'grid-03-row-link-selected');
  });

  it('shows what the runtime holds on cells: list dropdowns, invalid values, checkboxes, number formats, colours and notes', async () => {
    playground.runtime.evaluate(`
      var sheet = SpreadsheetApp.getActiveSpreadsheet().insertSheet('Display');
      sheet.getRange('A1:D1').setValues([['Status', 'Done', 'Amount', 'Due']]);
      sheet.getRange('A2:A3').setDataValidation(SpreadsheetApp.newDataValidation().requireValueInList(['Open', 'Won', 'Lost']).setAllowInvalid(true).build());
      sheet.getRange('A2:A3').setValues([['Open'], ['Maybe']]);
      sheet.getRange('B2:B3').insertCheckboxes();
      sheet.getRange('C2').setValue(1234.5).setNumberFormat('[$€]#,##0.00');
      sheet.getRange('D2').setValue(new Date('2026-05-04T12:00:00Z')).setNumberFormat('yyyy-mm-dd');
      sheet.getRange('A2').setBackground('#e6f4ea').setNote('Set by the add-on');`, { user: playground.user, spreadsheetId: playground.spreadsheetId });
    playground.touch();
    await page.getByRole('tab', { name: 'Display' }).click();
    const display = () => book().sheet('Display')!;

    await page.locator('.cell[data-a1="A2"].has-list .dv-arrow').waitFor();
    expect(await page.locator('.cell[data-a1="A3"]').getAttribute('data-invalid')).toMatch(/item on the specified list/);
    expect(await page.locator('.cell[data-a1="A2"]').getAttribute('data-invalid')).toBeNull();
    expect(await page.locator('.cell[data-a1="C2"]').textContent()).toBe('€1,234.50');
    expect(await page.locator('.cell[data-a1="D2"]').textContent()).toBe('2026-05-04');
    expect(await page.locator('.cell[data-a1="A2"]').evaluate((e) => getComputedStyle(e).backgroundColor)).toBe('rgb(230, 244, 234)');
    await page.locator('.cell[data-a1="A2"]').hover();
    await page.getByRole('tooltip').getByText('Set by the add-on').waitFor();

    await page.locator('.cell[data-a1="A3"] .dv-arrow').click();
    await page.getByLabel('Values for A3').selectOption('Won');
    await page.getByLabel('Values for A3').press('Enter');
    await page.getByRole('checkbox', { name: 'B2' }).click();

    await page.waitForFunction(() => document.querySelector('.cell[data-a1="A3"]')?.textContent === 'Won');
    await page.getByRole('checkbox', { name: 'B2', checked: true }).waitFor();
    expect(display().getValues('A3:B3')[0]![0]).toBe('Won');
    expect(display().getValues('B2')).toEqual([[true]]);
    expect(await page.locator('.cell[data-a1="A3"]').getAttribute('data-invalid')).toBeNull();
    await screenshot(page, 'grid-04-display');
  });

  it('sorts Z to A and inserts and deletes rows from the keyboard, through the same model, and refuses to delete every row', async () => {
    playground.runtime.evaluate(`
      var sheet = SpreadsheetApp.getActiveSpreadsheet().getSheetByName('Display');
      sheet.setFrozenRows(1);
      sheet.getRange('A4:A5').setValues([['Lost'], ['Open']]);
      sheet.getRange('A5').setNote('row five');`, { user: playground.user, spreadsheetId: playground.spreadsheetId });
    playground.touch();
    await waitForCellText(page, 'A5', /^Open$/);
    await goToCell(page, 'A2');

    await page.keyboard.press('Shift+F10');
    const menu = page.getByRole('menu', { name: 'Cell actions' });
    await menu.getByRole('menuitem').first().waitFor();
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('.cell[data-a1="A2"]')?.textContent === 'Won');
    const sorted = book().sheet('Display')!.getValues('A1:A5').map((r) => r[0]);
    await goToCell(page, 'A3');
    await page.keyboard.press('Control+Alt+=');
    await page.waitForFunction(() => document.querySelector('.cell[data-a1="A4"]')?.textContent === 'Open');
    const inserted = book().sheet('Display')!.getValues('A1:A6').map((r) => r[0]);
    await page.keyboard.press('Control+Alt+-');
    await page.waitForFunction(() => document.querySelector('.cell[data-a1="A3"]')?.textContent === 'Open');

    await page.getByLabel('Name box').fill('2:1000');
    await page.getByLabel('Name box').press('Enter');
    await page.keyboard.press('Control+Alt+-');
    await page.getByText('Sorry, it is not possible to delete all non-frozen rows.').waitFor();

    expect(book().sheet('Display')!.maxRows).toBe(1000);
    expect(sorted).toEqual(['Status', 'Won', 'Open', 'Open', 'Lost']);
    expect(inserted).toEqual(['Status', 'Won', '', 'Open', 'Open', 'Lost']);
    expect(book().sheet('Display')!.getValues('A1:A5').map((r) => r[0])).toEqual(['Status', 'Won', 'Open', 'Open', 'Lost']);
    // The note went with its row through the sort, the insert and the delete.
    expect(book().sheet('Display')!.extras(4, 1)?.note).toBe('row five');
  });

  it('inserts and deletes a column from the context menu; hidden columns, widths and column metadata move with theirs', async () => {
    playground.runtime.evaluate(`
      var sheet = SpreadsheetApp.getActiveSpreadsheet().getSheetByName('Display');
      sheet.hideColumns(3);
      sheet.setColumnWidth(4, 180);
      sheet.getRange('D:D').addDeveloperMetadata('zcs.field', 'due');`, { user: playground.user, spreadsheetId: playground.spreadsheetId });
    playground.touch();
    await page.locator('.col-head', { hasText: /^C$/ }).waitFor({ state: 'detached' });
    const shape = () => {
      const data = book().sheet('Display')!.data;
      const meta = book().data.metadata.find((m) => m.key === 'zcs.field' && m.value === 'due')!.location as { index: number };
      return { hidden: data.hiddenCols, widths: data.colWidths, dueAt: meta.index, headers: book().sheet('Display')!.getValues('A1:F1')[0] };
    };

    await cellMenu(page, 'B2', 'Insert 1 column left');
    await waitForCellText(page, 'C1', /^Done$/);
    const inserted = shape();
    await cellMenu(page, 'B2', 'Delete column B');
    await waitForCellText(page, 'B1', /^Done$/);

    expect(inserted).toEqual({ hidden: [4], widths: { 5: 180 }, dueAt: 5, headers: ['Status', '', 'Done', 'Amount', 'Due', ''] });
    expect(shape()).toEqual({ hidden: [3], widths: { 4: 180 }, dueAt: 4, headers: ['Status', 'Done', 'Amount', 'Due', '', ''] });
    expect(await page.locator('.col-head', { hasText: /^C$/ }).count()).toBe(0);
  });

  it('raised no script errors in the page on the way', () => {
    expect(pageErrors).toEqual([]);
  });
});
