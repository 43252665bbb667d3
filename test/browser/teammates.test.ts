// The real sidebar in Chromium while a teammate works on the same spreadsheet from their own
// sidebar (played here through the server functions their sidebar calls): what one rep saves
// must not silently replace what the other saved a moment before.

import type { Page } from 'playwright-core';
import type { RunningPlayground } from '../../playground/server';
import type { SyncDefinitionView } from '../../src/shared/rpc';
import { browserTestsSkipped, connectAs, openPlayground, setUpSheet, sidebarOf, type OpenPlayground } from './driver';

const suite = browserTestsSkipped ? describe.skip : describe;

suite('the sidebar while a teammate changes the same sync', () => {
  let opened: OpenPlayground;
  let playground: RunningPlayground;
  let page: Page;
  let pageErrors: string[];

  jest.setTimeout(90_000);

  beforeAll(async () => {
    opened = await openPlayground({ records: 20, seed: 5, viewport: { width: 1280, height: 800 }, name: 'teammates' });
    ({ playground, page, pageErrors } = opened);
    await sidebarOf(page).getByRole('link', { name: 'Connect to Zoho CRM' }).waitFor();
    await connectAs(page, playground.zoho.info.users.eu!);
    expect(await setUpSheet(page, 'Leads', ['Company', 'Email'])).toMatch('Leads: 20 new, 0 updated.');
  }, 120_000);

  afterAll(async () => {
    await opened?.close();
  });

  /** What the teammate's sidebar calls; the playground's one Google user stands for their second window. */
  const teammate = <T>(fn: string, args: unknown[] = []) => playground.runtime.rpc<T>(fn, args, { user: playground.user, spreadsheetId: playground.spreadsheetId });

  it('refuses the rep\'s Save when a teammate saved the sheet\'s fields since Edit was opened, says so, and shows the teammate\'s version', async () => {
    const sidebar = sidebarOf(page);
    await sidebar.locator('[data-key="edit:Leads"]').click();
    await sidebar.locator('[data-key="field:Phone"]').check();

    const theirs = teammate<SyncDefinitionView[]>('listSyncDefinitions').value!.find((d) => d.sheetName === 'Leads')!;
    const saved = teammate('saveSyncDefinition', [{ sheetName: 'Leads', module: 'Leads', fields: [...theirs.fields, 'Lead_Status', 'Mobile'], basedOn: theirs.version }]);
    expect(saved.ok).toBe(true);
    await sidebar.locator('[data-key="editor-save"]').click();

    await sidebar.getByRole('alert').filter({ hasText: /A teammate changed the sync of "Leads".*Nothing was saved/ }).waitFor();
    const stored = teammate<SyncDefinitionView[]>('listSyncDefinitions').value!.find((d) => d.sheetName === 'Leads')!;
    expect(stored.fields).toEqual([...theirs.fields, 'Lead_Status', 'Mobile']);
    await sidebar.locator('[data-key="editor-cancel"]').click();
    await sidebar.getByText(`Leads · ${stored.fields.length} fields`).waitFor();
  });

  it('saves the rep\'s change on top of the teammate\'s once Edit is opened again', async () => {
    const sidebar = sidebarOf(page);
    await sidebar.locator('[data-key="edit:Leads"]').click();
    await sidebar.locator('[data-key="field:Phone"]').check();
    await sidebar.locator('[data-key="editor-save"]').click();

    await sidebar.getByText('Leads · 6 fields').waitFor();
    const stored = teammate<SyncDefinitionView[]>('listSyncDefinitions').value!.find((d) => d.sheetName === 'Leads')!;
    expect(stored.fields).toEqual(expect.arrayContaining(['Lead_Status', 'Mobile', 'Phone']));
  });

  it('refuses Stop syncing on a card showing a sync a teammate changed since, and the card shows their version', async () => {
    const sidebar = sidebarOf(page);
    await sidebar.locator('[data-key="remove:Leads"]').click();
    const theirs = teammate<SyncDefinitionView[]>('listSyncDefinitions').value!.find((d) => d.sheetName === 'Leads')!;
    expect(teammate('saveSyncDefinition', [{ sheetName: 'Leads', module: 'Leads', fields: [...theirs.fields, 'Website'], basedOn: theirs.version }]).ok).toBe(true);
    await sidebar.locator('[data-key="remove-yes:Leads"]').click();

    await sidebar.getByRole('alert').filter({ hasText: /A teammate changed the sync of "Leads".*Nothing was removed/ }).waitFor();
    await sidebar.getByText(`Leads · ${theirs.fields.length + 1} fields`).waitFor();
    expect(teammate<SyncDefinitionView[]>('listSyncDefinitions').value!.map((d) => d.sheetName)).toEqual(['Leads']);
  });

  it('raised no script errors in the page or the sidebar on the way', () => {
    expect(pageErrors).toEqual([]);
  });
});
