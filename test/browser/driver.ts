// Drives the playground page the way a user does: Debian's Chromium through playwright-core, the
// grid through its name box and keyboard, the add-on's sidebar through its own labels. Screenshots
// go to test-artifacts/browser/.

import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type FrameLocator, type Page } from 'playwright-core';
import { startPlayground, type RunningPlayground } from '../../playground/server';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS_DIR = path.resolve(__dirname, '..', '..', 'test-artifacts', 'browser');

/** Chromium's own network chatter is refused on this machine's closed network; these keep it quiet. */
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

export const browserTestsSkipped = process.env.SKIP_BROWSER_TESTS === '1';

/** Missing Chromium is a failure with the fix in the message, never a silent skip. */
export function requireChromium(): void {
  if (existsSync(CHROMIUM_PATH)) return;
  throw new Error(`Chromium is not installed at ${CHROMIUM_PATH}. Install it with \`apt-get update && apt-get install -y chromium\` `
    + '(.ci/run does), point CHROMIUM_PATH at another build, or set SKIP_BROWSER_TESTS=1 to skip the browser tests.');
}

export async function launchChromium(): Promise<Browser> {
  requireChromium();
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/** A playground of its own (data folder, emulator, runtime) and a Chromium page open on it. */
export interface OpenPlayground {
  playground: RunningPlayground;
  browser: Browser;
  page: Page;
  /** Script errors the page raised, for a test that checks there were none. */
  pageErrors: string[];
  close(): Promise<void>;
}

export async function openPlayground(options: { records: number; seed: number; viewport: { width: number; height: number }; name: string }): Promise<OpenPlayground> {
  requireChromium();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), `zcs-${options.name}-`));
  const playground = await startPlayground({ port: 0, dataDir, records: options.records, seed: options.seed, reset: true, log: () => undefined });
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: options.viewport });
  page.setDefaultTimeout(20_000);
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(playground.url);
  return {
    playground, browser, page, pageErrors,
    close: async () => {
      await browser.close();
      await playground.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS_DIR, `${name}.png`) });
}

/** The add-on's sidebar, inside the playground's panel. */
export function sidebarOf(page: Page): FrameLocator {
  return page.frameLocator('#sidebar-frame');
}

/** Goes to a cell through the name box, as a user types B12 there. */
export async function goToCell(page: Page, a1: string): Promise<void> {
  const nameBox = page.getByLabel('Name box');
  await nameBox.fill(a1);
  await nameBox.press('Enter');
  await page.locator(`.cell[data-a1="${a1}"]`).waitFor();
}

/**
 * Selects a cell, types over it and presses Enter, as in Sheets: the text goes to the runtime's
 * sheet as typed input (parsed by the cell's format).
 */
export async function typeIntoCell(page: Page, a1: string, text: string): Promise<void> {
  await goToCell(page, a1);
  await page.keyboard.type(text);
  const editor = page.getByLabel(`Edit ${a1}`);
  if ((await editor.inputValue()) !== text) throw new Error(`the cell editor of ${a1} holds "${await editor.inputValue()}", not "${text}"`);
  await editor.press('Enter');
  await editor.waitFor({ state: 'detached' });
}

/** Waits until a cell shows text matching `pattern` (the grid re-reads the sheet after every change). */
export async function waitForCellText(page: Page, a1: string, pattern: RegExp, timeoutMs = 20_000): Promise<string> {
  await goToCell(page, a1);
  const handle = await page.waitForFunction(([cell, source, flags]) => {
    const text = document.querySelector(`.cell[data-a1="${cell}"]`)?.textContent ?? '';
    return new RegExp(source, flags).test(text) ? text : false;
  }, [a1, pattern.source, pattern.flags] as const, { timeout: timeoutMs, polling: 100 });
  return String(await handle.jsonValue());
}

export async function cellText(page: Page, a1: string): Promise<string> {
  await goToCell(page, a1);
  // A fetched row has its cells; give the window a moment to arrive after a scroll.
  await page.waitForFunction((cell) => {
    const row = document.querySelector(`.cell[data-a1="${cell}"]`)?.parentElement;
    return Boolean(row && row.querySelector('.cell:not(.empty)'));
  }, a1, { timeout: 10_000 }).catch(() => undefined);
  return (await page.locator(`.cell[data-a1="${a1}"]`).textContent()) ?? '';
}

export function columnLetter(col: number): string {
  let name = '';
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

/** The column letter of a header in row 1, read off the grid. */
export async function columnOfHeader(page: Page, header: string): Promise<string> {
  await goToCell(page, 'A1');
  const col = await page.locator('.grid-head .cell[data-row="1"]').filter({ hasText: new RegExp(`^${header}$`) }).first().getAttribute('data-col');
  if (!col) throw new Error(`no column "${header}" in row 1`);
  return columnLetter(Number(col));
}

/** Connects the sidebar to Zoho as `user` through the emulator's consent page. */
export async function connectAs(page: Page, user: string): Promise<void> {
  const sidebar = sidebarOf(page);
  const [consent] = await Promise.all([
    page.context().waitForEvent('page'),
    sidebar.getByRole('link', { name: 'Connect to Zoho CRM' }).click(),
  ]);
  await consent.getByLabel('Sign in as').selectOption(user);
  await consent.getByRole('button', { name: 'Accept' }).click();
  await consent.getByRole('heading', { name: 'Connected to Zoho CRM' }).waitFor();
  await consent.close();
  await page.bringToFront();
  await sidebar.getByText(user).waitFor({ timeout: 15_000 });
}

/**
 * Adds a synced sheet of `module` with `fields` (API names) in the sidebar and clicks "Save and pull
 * records": a new sheet is pulled at once, with Sync now's progress. Waits for that pull and returns
 * its result line, as runFromSidebar does for a button.
 */
export async function setUpSheet(page: Page, module: string, fields: string[], timeoutMs = 60_000): Promise<string> {
  const sidebar = sidebarOf(page);
  await sidebar.getByRole('button', { name: 'Add a sheet' }).click();
  await sidebar.getByLabel('Module', { exact: true }).selectOption(module);
  await sidebar.getByText('Fields', { exact: true }).waitFor();
  for (const field of fields) await sidebar.locator(`[data-key="field:${field}"]`).check();
  const pulled = page.waitForResponse((r) => r.url().endsWith('/rpc') && (r.request().postData() ?? '').includes('"fn":"syncNow"'), { timeout: timeoutMs });
  await sidebar.getByRole('button', { name: 'Save and pull records', exact: true }).click();
  await sidebar.getByText(new RegExp(`${module} · \\d+ fields`)).waitFor();
  await pulled;
  await sidebar.locator('[data-key="sync-now"]:enabled').waitFor({ timeout: timeoutMs });
  return (await sidebar.locator('#sync .notice').first().textContent()) ?? '';
}

/** Clicks a sidebar button that runs a server function, waits for that call, and returns the sidebar's result line. */
export async function runFromSidebar(page: Page, button: 'Sync now' | 'Push changes', timeoutMs = 60_000): Promise<string> {
  const sidebar = sidebarOf(page);
  const fn = button === 'Sync now' ? 'syncNow' : 'pushChanges';
  const answered = page.waitForResponse((r) => r.url().endsWith('/rpc') && (r.request().postData() ?? '').includes(`"fn":"${fn}"`), { timeout: timeoutMs });
  await sidebar.getByRole('button', { name: button }).click();
  await answered;
  await sidebar.locator(`[data-key="${button === 'Sync now' ? 'sync-now' : 'push-changes'}"]:enabled`).waitFor({ timeout: timeoutMs });
  return (await sidebar.locator('#sync .notice').first().textContent()) ?? '';
}

/** Right-clicks a row number and picks an item of the grid's context menu. */
export async function rowMenu(page: Page, row: number, item: string | RegExp): Promise<void> {
  await goToCell(page, `A${row}`);
  await page.locator(`.row-head[data-row="${row}"]`).click({ button: 'right' });
  await page.getByRole('menu', { name: 'Cell actions' }).getByRole('menuitem', { name: item }).click();
}

/** Right-clicks a cell and picks an item of the grid's context menu. */
export async function cellMenu(page: Page, a1: string, item: string | RegExp): Promise<void> {
  await goToCell(page, a1);
  await page.locator(`.cell[data-a1="${a1}"]`).click({ button: 'right' });
  await page.getByRole('menu', { name: 'Cell actions' }).getByRole('menuitem', { name: item }).click();
}
