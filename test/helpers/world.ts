// Named scenario builders for e2e tests: a Zoho emulator in its own process (the runtime's
// synchronous UrlFetch blocks this thread), an Apps Script runtime running the real dist/Code.js,
// and users connected through the real consent flow.

import { AppsScriptRuntime, type ExecutionContext, type ExecutionResult, type LatencyModel } from '../../emulators/apps-script/runtime';
import { spawnZohoEmulator, type RunningZohoEmulator } from '../../emulators/zoho/spawn';
import { spawnCellStore } from '../../emulators/apps-script/cell-store';

export type DataCenterName = 'us' | 'eu';

export interface World {
  zoho: RunningZohoEmulator;
  runtime: AppsScriptRuntime;
  spreadsheetId: string;
  /** Runs a sidebar RPC as `user` in the test spreadsheet. */
  rpc<T>(fn: string, args?: unknown[], user?: string): ExecutionResult<T>;
  /** Runs a menu item or trigger handler as `user` in the test spreadsheet. */
  run<T>(fn: string, args?: unknown[], ctx?: ExecutionContext): ExecutionResult<T>;
  stop(): Promise<void>;
}

export const REP = 'rep@example.com';

export interface WorldOptions {
  records?: number;
  seed?: number;
  timeZone?: string;
  /** Leave the Zoho client unconfigured (to test Setup). */
  unconfigured?: boolean;
  /** Trust the emulator's hosts as the runtime's dev config does; false to see the add-on refuse them. */
  trustEmulator?: boolean;
  tokenTtlSeconds?: number;
  /** The emulator's GET records honours If-Modified-Since (v8 documents none; off by default). */
  recordsIfModifiedSince?: boolean;
  /** The emulator sends Long Integer values as bare JSON numbers (the reference leaves it open; default strings). */
  bigintAsNumber?: boolean;
  /** Runtime latency model overrides (e.g. slow UrlFetch to force a pull past the time limit). */
  latency?: Partial<LatencyModel>;
  /** Records one page_token chain reaches at the emulator (Zoho: 100,000). */
  pageTokenLimitRecords?: number;
  /** The runtime's hard execution limit (the add-on assumes 6 minutes). */
  executionLimitMs?: number;
  /**
   * Keep the sheet's cells in a cell store in its own process (as the benchmark does) rather than
   * in the runtime. Default: only when RUNTIME_CELL_STORE=process, which runs any suite that way.
   */
  cellStore?: boolean;
  /** Whether duplicating a tab copies its developer metadata (Google's documents do not say; runtime default true). */
  duplicateCopiesDeveloperMetadata?: boolean;
  /** Apps Script refuses one-off triggers sooner than an hour (the strict reading of the add-on hourly floor). */
  oneOffTriggersNeedAnHour?: boolean;
  /** A blank cell with checkbox validation reads as FALSE (Google's documents do not say; runtime default: it reads ''). */
  emptyCheckboxReadsFalse?: boolean;
}

export async function givenWorld(options: WorldOptions = {}): Promise<World> {
  const zoho = await spawnZohoEmulator({
    seed: options.seed ?? 1,
    records: options.records ?? 50,
    ...(options.tokenTtlSeconds ? { tokenTtlSeconds: options.tokenTtlSeconds } : {}),
    ...(options.pageTokenLimitRecords ? { pageTokenLimitRecords: options.pageTokenLimitRecords } : {}),
    ...(options.recordsIfModifiedSince ? { recordsIfModifiedSince: true } : {}),
    ...(options.bigintAsNumber ? { bigintAsNumber: true } : {}),
  });
  const cells = options.cellStore ?? process.env.RUNTIME_CELL_STORE === 'process' ? await spawnCellStore() : undefined;
  const dcs = Object.values(zoho.info.dataCenters);
  const devConfig = options.trustEmulator === false ? {} : {
    accountsServers: dcs.map((dc) => dc.accountsServer),
    apiDomains: dcs.map((dc) => dc.apiDomain),
  };
  const runtime = new AppsScriptRuntime({
    urlFetchAllowlistExtra: ['http://127.0.0.1:'],
    devGlobals: { __ZCS_DEV__: { ...devConfig, authorizationBaseUrl: `${zoho.info.dataCenters.us!.accountsServer}/oauth/v2/auth` } },
    ...(options.latency ? { latency: options.latency } : {}),
    ...(options.executionLimitMs ? { executionLimitMs: options.executionLimitMs } : {}),
    ...(cells ? { cellStoreUrl: cells.url } : {}),
    ...(options.duplicateCopiesDeveloperMetadata !== undefined ? { duplicateCopiesDeveloperMetadata: options.duplicateCopiesDeveloperMetadata } : {}),
    ...(options.oneOffTriggersNeedAnHour ? { oneOffTriggersNeedAnHour: true } : {}),
    ...(options.emptyCheckboxReadsFalse ? { emptyCheckboxReadsFalse: true } : {}),
  });
  const spreadsheet = runtime.createSpreadsheet({ name: 'Pipeline', timeZone: options.timeZone ?? 'Europe/Berlin', owner: REP });
  // The deployer lists who may set the shared Zoho client (README, Security); REP set it up here.
  runtime.properties.setScript?.('ZCS_ADMIN_EMAILS', REP);
  if (!options.unconfigured) {
    runtime.run('saveZohoClient', [zoho.info.client.client_id, zoho.info.client.client_secret], { user: REP, spreadsheetId: spreadsheet.id });
    const script = runtime.properties.script();
    if (!script.ZOHO_CLIENT_ID) throw new Error('Setup did not store the Zoho client; check the emulator client id format');
  }
  const world: World = {
    zoho,
    runtime,
    spreadsheetId: spreadsheet.id,
    rpc: (fn, args = [], user = REP) => runtime.rpc(fn, args, { user, spreadsheetId: spreadsheet.id }),
    run: (fn, args = [], ctx = {}) => runtime.run(fn, args, { user: REP, spreadsheetId: spreadsheet.id, ...ctx }),
    stop: async () => {
      runtime.close();
      await Promise.all([zoho.stop(), cells?.stop()]);
    },
  };
  return world;
}

/** Clicks Connect in the sidebar, consents at Zoho as that data center's seeded user, returns the callback page. */
export async function connectThroughConsent(world: World, dc: DataCenterName, user = REP, zohoUser?: string): Promise<{ html: string; status: number }> {
  const start = world.rpc<{ authorizationUrl: string }>('startConnect', [], user);
  if (!start.ok) throw new Error(`startConnect failed: ${start.error?.message}`);
  const redirect = await world.zoho.admin.completeConsent(start.value!.authorizationUrl, { user: zohoUser ?? world.zoho.info.users[dc]! });
  return world.runtime.handleUserCallback(redirect, user);
}

/** Connects Google user `user` as Zoho user `zohoUser` (default: the data center's administrator). */
export async function givenConnectedUser(world: World, dc: DataCenterName, user = REP, zohoUser?: string): Promise<void> {
  const page = await connectThroughConsent(world, dc, user, zohoUser);
  if (!/Connected to Zoho CRM/.test(page.html)) throw new Error(`connect failed: ${page.html}`);
}

/** Every string the runtime logged in these results, to check that no token ever appears. */
export function logsOf(...results: Array<ExecutionResult<unknown>>): string {
  return results.flatMap((r) => r.logs).join('\n');
}

/** Reads what a user sees in a sheet: every value of its data range, as getValues gives it. */
export function sheetValues(world: World, sheetName: string): unknown[][] {
  const sheet = world.runtime.getSpreadsheet(world.spreadsheetId)!.sheet(sheetName);
  if (!sheet) throw new Error(`no sheet ${sheetName}`);
  return sheet.getValues();
}

/** Column index (0-based) of a header in row 1. */
export function columnOf(values: unknown[][], header: string): number {
  const index = (values[0] ?? []).indexOf(header);
  if (index < 0) throw new Error(`no column "${header}" in ${JSON.stringify(values[0])}`);
  return index;
}

/** Makes the sheets' sync definitions look as they did before orgs were recorded (no org, no sheet id). */
export function givenDefinitionsFromBeforeOrgs(w: World): void {
  const book = w.runtime.getSpreadsheet(w.spreadsheetId)!;
  for (const entry of book.data.metadata.filter((m) => m.key === 'zcs.v1.sync')) {
    const stored = JSON.parse(entry.value!) as { definition: Record<string, unknown> };
    delete stored.definition.org;
    delete stored.definition.sheetId;
    entry.value = JSON.stringify(stored);
  }
}

/** Sets up a synced sheet through the sidebar's RPC. */
export function givenSyncedSheet(world: World, sheetName: string, module: string, fields: string[], extra: Record<string, unknown> = {}): void {
  const saved = world.rpc('saveSyncDefinition', [{ sheetName, module, fields, ...extra }]);
  if (!saved.ok) throw new Error(`saveSyncDefinition failed: ${saved.error?.message}`);
}

/**
 * The user changes the spreadsheet's time zone (File > Settings). As in Sheets, cells keep their
 * serials, so a date or datetime cell then reads as its wall clock in the new zone.
 */
export function changeSpreadsheetTimeZone(world: World, timeZone: string): void {
  world.runtime.getSpreadsheet(world.spreadsheetId)!.data.timeZone = timeZone;
}

/** An EU org with `leads` Leads, a connected rep, and a sheet of `fields` pulled once. */
export async function givenPulledLeads(leads: number, fields: string[], options: WorldOptions = {}): Promise<World> {
  const w = await givenWorld({ records: 10, ...options });
  await w.zoho.admin.reset({ moduleSizes: { Leads: leads } });
  await givenConnectedUser(w, 'eu');
  givenSyncedSheet(w, 'Leads', 'Leads', fields);
  const pulled = w.rpc('syncNow');
  if (!pulled.ok) throw new Error(pulled.error?.message);
  return w;
}

/** What a user does in the Leads sheet of a world: find a column by header, type into a cell, read one. */
export const leadsSheet = (w: World) => w.runtime.getSpreadsheet(w.spreadsheetId)!.sheet('Leads')!;
export const leadsColumn = (w: World, header: string): number => columnOf(sheetValues(w, 'Leads'), header) + 1;
/** Types into a cell as a user would (Sheets parses the text by the cell's format). */
export const typeInLeads = (w: World, row: number, header: string, text: unknown): void => leadsSheet(w).writeValue(row, leadsColumn(w, header), text);
export const leadsCell = (w: World, row: number, header: string): unknown => leadsSheet(w).readValue(row, leadsColumn(w, header));

/**
 * A row's status as the user sees it: the short word in the cell and the whole sentence in its note
 * (src/core/sync/status.ts).
 */
export function statusOf(w: World, sheetName: string, row: number): { word: string; note: string } {
  const sheet = w.runtime.getSpreadsheet(w.spreadsheetId)!.sheet(sheetName)!;
  const column = columnOf(sheetValues(w, sheetName), 'Sync status') + 1;
  return { word: String(sheet.readValue(row, column)), note: sheet.extras(row, column)?.note ?? '' };
}
/** The sentence in the note of a Leads row's status cell. */
export const leadsStatusNote = (w: World, row: number): string => statusOf(w, 'Leads', row).note;

export const isDate = (v: unknown): v is Date => Object.prototype.toString.call(v) === '[object Date]';
