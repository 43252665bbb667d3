// The playground in Chromium, as a user of the add-on would go: connect as the EU user through the
// emulator's consent page, set up Leads with 6 fields, sync 2,500 rows, edit cells, push (one row
// accepted, two refused with their reasons), see a change made in Zoho arrive, fire the daily
// trigger, disconnect. The sidebar is the real dist/Sidebar.html; the server is the real dist/Code.js.

import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, FrameLocator, Page } from 'playwright-core';
import { startPlayground, type RunningPlayground } from '../../playground/server';
import {
  browserTestsSkipped, cellText, columnOfHeader, launchChromium, requireChromium, screenshot, sidebarOf, typeIntoCell, waitForCellText,
} from './driver';

const LEADS = 2500;
const FIELDS = ['Company', 'Email', 'Lead_Status', 'Annual_Revenue', 'Last_Contacted_On'];

const suite = browserTestsSkipped ? describe.skip : describe;

suite('the playground in a browser', () => {
  let playground: RunningPlayground;
  let browser: Browser;
  let page: Page;
  let sidebar: FrameLocator;
  let dataDir: string;
  const col: Record<string, string> = {};
  const pageErrors: string[] = [];

  jest.setTimeout(90_000);

  beforeAll(async () => {
    requireChromium();
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'zcs-playground-'));
    playground = await startPlayground({ port: 0, dataDir, records: LEADS, seed: 1, reset: true, log: () => undefined });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.setDefaultTimeout(20_000);
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(playground.url);
    sidebar = sidebarOf(page);
  });

  afterAll(async () => {
    await browser?.close();
    await playground?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  /** The sidebar's Sync section (the run log repeats its messages further down). */
  const syncSection = () => sidebar.locator('#sync');

  /** Zoho's view of a row: the record id is in the sheet's (hidden) ID column. */
  function recordIdAt(row: number): string {
    const values = playground.runtime.getSpreadsheet(playground.spreadsheetId)!.sheet('Leads')!.getValues();
    const id = values[row - 1]?.[values[0]!.indexOf('Zoho record ID')];
    if (typeof id !== 'string' || !/^\d{19}$/.test(id)) throw new Error(`row ${row} has no record id: ${String(id)}`);
    return id;
  }

  it('opens the add-on menu from onOpen and the real sidebar from it', async () => {
    await page.getByRole('button', { name: 'Extensions' }).click();
    await page.getByRole('menuitem', { name: 'Open sidebar' }).click();

    await sidebar.getByRole('link', { name: 'Connect to Zoho CRM' }).waitFor();
  });

  it('connects as the EU user through the emulator\'s consent page', async () => {
    const euUser = playground.zoho.info.users.eu!;
    const [consent] = await Promise.all([
      page.context().waitForEvent('page'),
      sidebar.getByRole('link', { name: 'Connect to Zoho CRM' }).click(),
    ]);
    await consent.getByLabel('Sign in as').selectOption(euUser);
    await screenshot(consent, '01-consent-page');
    await consent.getByRole('button', { name: 'Accept' }).click();

    await consent.getByRole('heading', { name: 'Connected to Zoho CRM' }).waitFor();
    expect(await consent.textContent('body')).toContain('Europe data center');
    await screenshot(consent, '02-callback-page');
    await consent.close();
    await page.bringToFront();
    await sidebar.getByText(euUser).waitFor({ timeout: 15_000 });
    expect(await sidebar.getByText('Europe', { exact: true }).count()).toBe(1);
    await screenshot(page, '03-connected');
  });

  it('sets up Leads with 6 fields in the sidebar', async () => {
    await sidebar.getByRole('button', { name: 'Add a sheet' }).click();
    await sidebar.getByLabel('Module', { exact: true }).selectOption('Leads');
    await sidebar.getByText('Fields', { exact: true }).waitFor();
    for (const field of FIELDS) await sidebar.locator(`[data-key="field:${field}"]`).check();

    await sidebar.getByText(/^6 of \d+ fields selected$/).waitFor();
    await screenshot(page, '04-editor');
    await sidebar.getByRole('button', { name: 'Save and pull records' }).click();

    await sidebar.getByText(/Leads · 6 fields/).waitFor();
  });

  it('pulls the new sheet as soon as it is saved, with progress, and shows 2,500 rows in the grid', async () => {
    await syncSection().getByText('Leads: 2500 new, 0 updated.', { exact: true }).waitFor({ timeout: 60_000 });
    await page.getByRole('tab', { name: 'Leads', selected: true }).waitFor();
    await page.getByText('Leads: 2,500 data rows').waitFor();
    for (const header of ['Last Name', 'Company', 'Email', 'Lead Status', 'Annual Revenue', 'Sync status']) col[header] = await columnOfHeader(page, header);
    expect(await cellText(page, `${col['Last Name']}2501`)).not.toBe('');
    await cellText(page, 'A2');
    // Currency and dates arrive typed: number cells (right-aligned) and date cells showing their display value.
    expect(await page.locator('.grid-body .cell.n').count()).toBeGreaterThan(0);
    expect(await page.locator('.grid-body .cell.d').first().textContent()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await screenshot(page, '05-synced-2500-rows');
  });

  it('pushes an edit, and shows why Zoho or the add-on refused the other rows', async () => {
    let takenEmail = '';
    for (const row of [2, 6, 9, 10, 11, 12]) {
      takenEmail = await cellText(page, `${col.Email}${row}`);
      if (takenEmail.includes('@')) break;
    }
    expect(takenEmail).toMatch(/@/);
    const editedId = recordIdAt(3);
    await typeIntoCell(page, `${col.Company}3`, 'Globex Corporation');
    await typeIntoCell(page, `${col['Lead Status']}4`, 'Lukewarm');
    await typeIntoCell(page, `${col.Email}5`, takenEmail);

    await sidebar.getByRole('button', { name: 'Push changes' }).click();

    await syncSection().getByText(/^Needs attention/).first().waitFor({ timeout: 30_000 });
    // A word per row, coloured by kind; the sentence is the cell's note (shown on hover).
    expect(await waitForCellText(page, `${col['Sync status']}3`, /^Sent$/)).toBeTruthy();
    expect(await waitForCellText(page, `${col['Sync status']}4`, /^Refused$/)).toBeTruthy();
    expect(await waitForCellText(page, `${col['Sync status']}5`, /^Refused$/)).toBeTruthy();
    const status = (row: number) => page.locator(`.cell[data-a1="${col['Sync status']}${row}"]`);
    expect(await status(3).getAttribute('title')).toMatch(/Note: Sent to Zoho \d{4}-\d\d-\d\d \d\d:\d\d \(Europe\/Berlin\)/);
    expect(await status(4).getAttribute('title')).toMatch(/Note: .*Lead Status: "Lukewarm" is not an allowed value/);
    expect(await status(5).getAttribute('title')).toMatch(/Note: Zoho refused this row: .*DUPLICATE_DATA/);
    expect(await status(3).evaluate((e) => getComputedStyle(e).backgroundColor)).toBe('rgb(217, 234, 211)');
    expect(await status(4).evaluate((e) => getComputedStyle(e).backgroundColor)).toBe('rgb(244, 204, 204)');
    expect(await cellText(page, `${col['Lead Status']}4`)).toBe('Lukewarm');
    expect((await playground.zoho.admin.getRecord('eu', 'Leads', editedId)).Company).toBe('Globex Corporation');
    await page.getByLabel('Name box').fill(`${col['Sync status']}4`);
    await page.getByLabel('Name box').press('Enter');
    await screenshot(page, '06-pushed-one-ok-two-refused');
    // UPDATE_DOCS_SCREENSHOT=1 refreshes the README's picture of the synced sheet.
    if (process.env.UPDATE_DOCS_SCREENSHOT === '1') await page.screenshot({ path: path.join(__dirname, '../../docs/playground.png') });
  });

  it('pulls a change made in Zoho on the next sync', async () => {
    const id = recordIdAt(7);
    await playground.zoho.admin.patchRecord('eu', 'Leads', id, { Company: 'Changed In Zoho GmbH' });

    await sidebar.getByRole('button', { name: 'Sync now' }).click();

    await syncSection().getByText(/Leads: 0 new, \d+ updated/).first().waitFor({ timeout: 60_000 });
    expect(await waitForCellText(page, `${col.Company}7`, /^Changed In Zoho GmbH$/)).toBeTruthy();
    await screenshot(page, '07-zoho-change-synced');
  });

  it('fires the daily trigger on the virtual clock and shows what the run did', async () => {
    await sidebar.getByText('Schedule', { exact: true }).click();
    await sidebar.getByLabel(/How often/).selectOption('daily');
    await sidebar.locator('#schedule').getByText(/^Daily at 07:00 \(Europe\/Berlin\)/).waitFor();
    const id = recordIdAt(8);
    await playground.zoho.admin.patchRecord('eu', 'Leads', id, { Company: 'Overnight Change AG' });

    await page.getByRole('button', { name: 'Fire daily trigger now' }).click();

    const dialog = page.getByRole('dialog');
    await dialog.getByRole('heading', { name: 'Daily trigger fired' }).waitFor({ timeout: 60_000 });
    expect(await dialog.textContent()).toMatch(/runScheduledSync completed/);
    await screenshot(page, '08-daily-trigger-fired');
    await dialog.getByRole('button', { name: 'OK' }).click();
    expect(await waitForCellText(page, `${col.Company}8`, /^Overnight Change AG$/)).toBeTruthy();
  });

  it('disconnects', async () => {
    await sidebar.getByText('Zoho connection', { exact: true }).scrollIntoViewIfNeeded();
    await sidebar.getByRole('button', { name: 'Disconnect' }).click();
    await sidebar.getByRole('group', { name: 'Confirm disconnect' }).getByRole('button', { name: 'Disconnect' }).click();

    await sidebar.getByRole('link', { name: 'Connect to Zoho CRM' }).waitFor();
    const state = playground.runtime.rpc<{ connected: boolean }>('getConnectionState', [], { user: playground.user, spreadsheetId: playground.spreadsheetId });
    expect(state.value?.connected).toBe(false);
    await screenshot(page, '09-disconnected');
  });

  it('marks the sheet "Not synced" after connecting to another org, and syncs nothing of it', async () => {
    const usUser = playground.zoho.info.users.us!;
    const [consent] = await Promise.all([
      page.context().waitForEvent('page'),
      sidebar.getByRole('link', { name: 'Connect to Zoho CRM' }).click(),
    ]);
    await consent.getByLabel('Sign in as').selectOption(usUser);
    await consent.getByRole('button', { name: 'Accept' }).click();
    await consent.getByRole('heading', { name: 'Connected to Zoho CRM' }).waitFor();
    await consent.close();
    await page.bringToFront();
    await sidebar.getByText(usUser).waitFor({ timeout: 15_000 });
    await playground.zoho.admin.counters.reset();

    await sidebar.getByRole('button', { name: 'Sync now' }).click();

    await syncSection().getByText(/is synced with the Zoho org/).first().waitFor({ timeout: 60_000 });
    await sidebar.getByText('Not synced', { exact: true }).waitFor();
    await syncSection().locator('.notice.warn').first().waitFor();
    expect(await sidebar.locator(`[data-key="problem:Leads"]`).textContent()).toMatch(/synced with the Zoho org .*\(Europe data center\), but you are connected to .*\(United States data center\)/);
    const calls = (await playground.zoho.admin.counters()).calls;
    expect(Object.keys(calls).filter((route) => /^(POST|PUT|DELETE) \/crm|^GET \/crm\/v8\/\{module\}/.test(route))).toEqual([]);
    await screenshot(page, '10-other-org');
  });

  it('raised no script errors in the page or the sidebar on the way', () => {
    expect(pageErrors).toEqual([]);
  });
});

test('browser tests need Chromium unless SKIP_BROWSER_TESTS=1', () => {
  if (!browserTestsSkipped) expect(requireChromium).not.toThrow();
});
