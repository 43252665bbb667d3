// Runs one workload in one variant (the add-on or the naive baseline) and prints one JSON line
// with what it cost. cli.ts starts this file in a fresh Node process per workload and variant,
// so one run's memory never inflates the next: `node --require tsx/cjs --expose-gc bench/measure.ts
// pull-10k ours`. The Zoho emulator runs in a child of this process, because the runtime's
// UrlFetch blocks this thread while it waits, and so do the sheet's cells (a cell store,
// emulators/apps-script/cell-store.ts): in Apps Script they live in Sheets, not in the script's
// memory, so the memory measured here is the script's and the runtime's.

import { readFileSync } from 'node:fs';
import { get as httpGet } from 'node:http';
import path from 'node:path';
import { Execution } from '../emulators/apps-script/execution';
import { AppsScriptRuntime, type ExecutionCounters, type ExecutionResult, type SheetModel } from '../emulators/apps-script/runtime';
import { spawnCellStore, type RunningCellStore } from '../emulators/apps-script/cell-store';
import { spawnZohoEmulator, type RunningZohoEmulator } from '../emulators/zoho/spawn';
import { LEADS_30_FIELDS, MULTI_SHEET_FIELDS, MULTI_SHEET_MODULES, WORKLOADS, type Variant, type Workload } from './workloads';
import type { ModuleName } from '../emulators/zoho/seed/schema';

const USER = 'rep@example.com';
const DC = 'eu';
const OUR_SHEET = 'Leads';
const NAIVE_SHEET = 'Naive Leads';
const ID_HEADER = 'Zoho record ID';
/** A trigger one minute out is due after this much virtual time (src/gas/triggers.ts CONTINUE_AFTER_MS + 1 s). */
const CONTINUE_STEP_MS = 61_000;
/** Far more continuations than any workload needs; a sync that never finishes stops here. */
const MAX_CONTINUATIONS = 100;
/** A service call writing at least this many cells is a chunk write, where the live heap is sampled. */
const CHUNK_WRITE_CELLS = 10_000;
/** Rows before this one hold the emulator's fixed edge cases (formula-like text, empty names). */
const FIRST_EDITED_RECORD = 20;

export interface Measurement {
  workload: string;
  variant: Variant;
  /** Every execution ended without an error (the naive one may be stopped at 6 minutes). */
  ok: boolean;
  /** The work was finished (all records in the sheet, all edits sent). */
  completed: boolean;
  /** Records in the sheet after a pull, or rows Zoho accepted after a push. */
  recordsDone: number;
  executions: number;
  counters: ExecutionCounters;
  /** Longest single execution, virtual ms (modelled service time plus CPU). */
  longestExecutionMs: number;
  zohoCredits: number;
  zohoCalls: Record<string, number>;
  memory: MemoryFigures;
  /** Pulls: the ids in the sheet against the emulator's. */
  ids?: { inSheet: number; unique: number; inZoho: number; missing: number; unknown: number };
  errors: string[];
  realMs: number;
}

export interface MemoryFigures {
  /** Peak RSS of this process (Node, tsx, the runtime, the script's heap; not the cells). */
  peakRssMb: number;
  /** Peak RSS of the cell store's process, which holds the sheet's cells (Sheets' side). */
  cellStorePeakRssMb: number;
  /** RSS and live heap just before the measured run (after setup and a full GC). */
  rssBeforeMb: number;
  heapBeforeMb: number;
  /** Live heap after the run and a full GC: what stays is the runtime's spreadsheet model. */
  heapAfterMb: number;
  /** heapAfter - heapBefore: what the written rows left in this process (the cells are in the cell store). */
  sheetModelMb: number;
  /**
   * The script's own live heap at its largest, sampled after a full GC at every chunk write
   * (buffered records, the id map, values crossing into the runtime), less the rows the model held
   * by then. Null when no call wrote a chunk.
   */
  scriptLivePeakMb: number | null;
}

interface Bench {
  zoho: RunningZohoEmulator;
  cells: RunningCellStore;
  runtime: AppsScriptRuntime;
  spreadsheetId: string;
}

const mb = (bytes: number): number => Math.round((bytes / 1048576) * 10) / 10;
const gc = (): void => (globalThis as { gc?: () => void }).gc?.();

async function openBench(w: Workload): Promise<Bench> {
  const [zoho, cells] = await Promise.all([spawnZohoEmulator({ seed: 1, records: 10, creditsPerDay: 10_000_000 }), spawnCellStore()]);
  const modules = sheetsOf(w).map((s) => s.module);
  await zoho.admin.reset({ moduleSizes: Object.fromEntries(modules.map((m) => [m, w.records])) });
  const dcs = Object.values(zoho.info.dataCenters);
  const runtime = new AppsScriptRuntime({
    urlFetchAllowlistExtra: ['http://127.0.0.1:'],
    devGlobals: {
      __ZCS_DEV__: {
        accountsServers: dcs.map((dc) => dc.accountsServer),
        apiDomains: dcs.map((dc) => dc.apiDomain),
        authorizationBaseUrl: `${zoho.info.dataCenters.us?.accountsServer ?? ''}/oauth/v2/auth`,
      },
    },
    extraCode: [readFileSync(path.join(__dirname, 'naive.js'), 'utf8')],
    cellStoreUrl: cells.url,
  });
  const spreadsheet = runtime.createSpreadsheet({ name: 'Pipeline', timeZone: 'Europe/Berlin', owner: USER });
  const bench = { zoho, cells, runtime, spreadsheetId: spreadsheet.id };
  runtime.properties.setScript?.('ZCS_ADMIN_EMAILS', USER);
  expectOk(run(bench, 'saveZohoClient', [zoho.info.client.client_id, zoho.info.client.client_secret]), 'saveZohoClient');
  // The user connects through the add-on's consent flow; the naive baseline reuses that grant.
  const start = rpc<{ authorizationUrl: string }>(bench, 'startConnect');
  const redirect = await zoho.admin.completeConsent(expectOk(start, 'startConnect').authorizationUrl, { user: zoho.info.users[DC] ?? '' });
  const page = runtime.handleUserCallback(redirect, USER);
  if (!/Connected to Zoho CRM/.test(page.html)) throw new Error(`connect failed: ${page.html}`);
  return bench;
}

/**
 * Samples the live heap (after a full GC) inside every service call that writes a chunk, when the
 * script holds the most: a measurement hook on the runtime's Execution, not part of the runtime.
 * Runs inside the service call, so the GC's time is not charged to the script's CPU time.
 */
function sampleHeapAtChunkWrites(rowsNow: () => number): Array<{ heap: number; rows: number }> {
  const samples: Array<{ heap: number; rows: number }> = [];
  const original = Execution.prototype.call;
  Execution.prototype.call = function call<T>(this: Execution, fn: () => T): T {
    return original.call(this, () => {
      const cells = this.counters.cellsWritten;
      const value = fn();
      if (this.counters.cellsWritten - cells >= CHUNK_WRITE_CELLS) {
        gc();
        samples.push({ heap: process.memoryUsage().heapUsed, rows: rowsNow() });
      }
      return value;
    }) as T;
  };
  return samples;
}

function rpc<T>(b: Bench, fn: string, args: unknown[] = []): ExecutionResult<T> {
  return b.runtime.rpc<T>(fn, args, { user: USER, spreadsheetId: b.spreadsheetId });
}

function run<T>(b: Bench, fn: string, args: unknown[] = []): ExecutionResult<T> {
  return b.runtime.run<T>(fn, args, { user: USER, spreadsheetId: b.spreadsheetId });
}

function expectOk<T>(result: ExecutionResult<T>, what: string): T {
  if (!result.ok) throw new Error(`${what} failed: ${result.error?.message ?? 'unknown error'}`);
  return result.value as T;
}

function sheetOf(b: Bench, name: string): SheetModel {
  const sheet = b.runtime.getSpreadsheet(b.spreadsheetId)?.sheet(name);
  if (!sheet) throw new Error(`no sheet ${name}`);
  return sheet;
}

function columnOf(sheet: SheetModel, header: string): number {
  const headers = sheet.readGrid({ row: 1, col: 1, numRows: 1, numCols: Math.max(1, sheet.lastColumn()) }, 'values')[0]!;
  const c = headers.indexOf(header);
  if (c < 0) throw new Error(`no column "${header}" in ${sheet.name}`);
  return c + 1;
}

/** The cell store's own peak RSS (GET /stats). */
function cellStorePeakRss(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    httpGet(`${url}/stats`, { agent: false }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => { text += c.toString(); });
      res.on('end', () => resolve((JSON.parse(text) as { peakRssMb: number }).peakRssMb));
    }).on('error', reject);
  });
}

/** Runs the add-on's entry point, then every continuation it schedules, on the virtual clock. */
function runOursToCompletion(b: Bench, fn: 'syncNow' | 'pushChanges'): ExecutionResult[] {
  const results: ExecutionResult[] = [rpc(b, fn)];
  for (let i = 0; i < MAX_CONTINUATIONS && b.runtime.listTriggers(USER).some((t) => t.handlerFunction === 'continueSync'); i++) {
    results.push(...b.runtime.advanceAndFire(CONTINUE_STEP_MS));
  }
  return results;
}

/**
 * Failed executions, and failures a background execution caught and only logged (a continuation
 * that fails ends "ok" and writes the run log; nothing else would show it here).
 */
function errorsOf(results: ExecutionResult[]): string[] {
  const failed = results.filter((r) => !r.ok).map((r) => `${r.functionName ?? '?'}: ${r.error?.message ?? ''}`);
  const logged = results.flatMap((r) => r.logs.filter((line) => /\bfailed\b/i.test(line)).map((line) => `${r.functionName ?? '?'} logged: ${line.slice(0, 300)}`));
  return [...failed, ...new Set(logged)];
}

function sumCounters(results: ExecutionResult[]): ExecutionCounters {
  const total = { ...results[0]!.counters };
  for (const r of results.slice(1)) {
    for (const key of Object.keys(total) as Array<keyof ExecutionCounters>) total[key] += r.counters[key];
  }
  return total;
}

/** The synced sheets of a workload: Leads alone, or one per module of MULTI_SHEET_MODULES. */
function sheetsOf(w: Workload): Array<{ sheet: string; module: ModuleName }> {
  if ((w.sheets ?? 1) <= 1) return [{ sheet: OUR_SHEET, module: 'Leads' }];
  return MULTI_SHEET_MODULES.slice(0, w.sheets).map((module, i) => ({ sheet: i === 0 ? OUR_SHEET : `${module} ${i + 1}`, module: module as ModuleName }));
}

/** Everything before the measured run: the sheet a push or an incremental pull starts from. */
async function prepare(b: Bench, w: Workload, variant: Variant): Promise<void> {
  if (w.filter && variant === 'naive') throw new Error(`${w.name} has no naive baseline (run it with --no-naive)`);
  // "Only records I own" stores the user who chose it (issue 16).
  const filter = w.filter ? { owner: expectOk(rpc<{ me: { id: string; name: string } }>(b, 'listFilterOptions', ['Leads']), 'listFilterOptions').me } : undefined;
  if (variant === 'ours') {
    for (const { sheet, module } of sheetsOf(w)) {
      // Several sheets: MULTI_SHEET_FIELDS of the module's fields, in one field list; a module's second sheet shows the next ones.
      const skip = sheetsOf(w).filter((s, j) => s.module === module && j < sheetsOf(w).findIndex((t) => t.sheet === sheet)).length * 10;
      const fields = (w.sheets ?? 1) > 1
        ? expectOk(rpc<Array<{ apiName: string }>>(b, 'listFields', [module]), 'listFields').map((f) => f.apiName).slice(skip, skip + MULTI_SHEET_FIELDS)
        : LEADS_30_FIELDS;
      expectOk(rpc(b, 'saveSyncDefinition', [{ sheetName: sheet, module, fields, ...(filter ? { filter } : {}) }]), 'saveSyncDefinition');
    }
  }
  if (w.kind === 'pull') return;
  if (variant === 'ours' || w.kind === 'push') {
    // Several sheets: a second Sync now, as a team syncs often; its sheets are then in step.
    const setup = variant === 'ours' ? [...runOursToCompletion(b, 'syncNow'), ...((w.sheets ?? 1) > 1 ? runOursToCompletion(b, 'syncNow') : [])] : [run(b, 'naivePull')];
    setup.forEach((r) => expectOk(r, `setup pull for ${w.name}`));
  }
  if (w.kind === 'incremental') await changeInZoho(b, w, filter?.owner.id);
  else editRows(b, w, variant);
}

/** 1% of the records changed by a colleague, a few added and deleted, a couple of minutes later. */
async function changeInZoho(b: Bench, w: Workload, me?: string): Promise<void> {
  const zoho = b.zoho.admin;
  await zoho.advanceClock(120);
  for (const module of new Set<ModuleName>(sheetsOf(w).map((s) => s.module))) {
    const { records } = await zoho.listRecords(DC, module, { limit: Math.min(w.records, 10_000) });
    const step = Math.max(1, Math.floor((records.length - FIRST_EDITED_RECORD) / (w.changed ?? 1)));
    // Leads change a column of LEADS_30_FIELDS; the other modules sync every field.
    const field = module === 'Leads' ? 'Company' : 'Description';
    for (let i = 0; i < (w.changed ?? 0); i++) {
      const record = records[FIRST_EDITED_RECORD + i * step];
      if (record) await zoho.patchRecord(DC, module, record.id, { [field]: `Changed in Zoho ${i}` });
    }
    for (let i = 0; i < (w.deleted ?? 0); i++) {
      const record = records[FIRST_EDITED_RECORD + 1 + i * step];
      if (record) await zoho.deleteRecord(DC, module, record.id);
    }
    for (let i = 0; i < (w.added ?? 0); i++) await zoho.addRecord(DC, module, { Last_Name: `Added ${i}`, Company: 'New in Zoho' });
    if (w.left && module === 'Leads') {
      // Records of the bench user reassigned to a colleague: they leave the filtered sheet.
      const colleague = records.map((r) => (r.Owner as { id: string }).id).find((id) => id !== me);
      const edited = new Set(Array.from({ length: (w.changed ?? 0) + (w.deleted ?? 0) + 1 }, (_, i) => records[FIRST_EDITED_RECORD + i * step]?.id));
      const mine = records.filter((r) => (r.Owner as { id: string }).id === me && !edited.has(r.id)).slice(0, w.left);
      for (const r of mine) await zoho.patchRecord(DC, 'Leads', r.id, { Owner: { id: colleague } });
    }
  }
}

/** The user edits Company in `edited` rows spread over the sheet (the same rows in both variants). */
function editRows(b: Bench, w: Workload, variant: Variant): void {
  const sheet = sheetOf(b, variant === 'ours' ? OUR_SHEET : NAIVE_SHEET);
  const company = columnOf(sheet, 'Company');
  // The tutorial's onEdit trigger would set the Changed mark; the bench sets it directly.
  const changed = variant === 'naive' ? columnOf(sheet, 'Changed') : 0;
  const step = Math.max(1, Math.floor((w.records - FIRST_EDITED_RECORD) / (w.edited ?? 1)));
  for (let i = 0; i < (w.edited ?? 0); i++) {
    const row = FIRST_EDITED_RECORD + i * step + 2;
    sheet.writeValue(row, company, `Bench edit ${i}`);
    if (changed) sheet.writeValue(row, changed, 'yes');
  }
}

async function zohoIds(b: Bench, module: ModuleName = 'Leads', owner?: string): Promise<string[]> {
  const ids: string[] = [];
  for (let offset = 0; ; offset += 10_000) {
    const page = await b.zoho.admin.listRecords(DC, module, { limit: 10_000, offset });
    ids.push(...page.records.filter((r) => !owner || (r.Owner as { id: string } | null)?.id === owner).map((r) => r.id));
    if (offset + 10_000 >= page.total) return ids;
  }
}

function sheetIds(b: Bench, variant: Variant, name = OUR_SHEET): string[] {
  const sheet = sheetOf(b, variant === 'ours' ? name : NAIVE_SHEET);
  const column = variant === 'ours' ? columnOf(sheet, ID_HEADER) : 1;
  const ids: string[] = [];
  const last = sheet.lastRow();
  if (last < 2) return ids;
  for (const [id] of sheet.readGrid({ row: 2, col: column, numRows: last - 1, numCols: 1 }, 'values')) ids.push(String(id));
  return ids;
}

/** Every synced sheet's ids against its module's in Zoho (the owner's only, for "Only records I own"), summed over the sheets. */
async function checkIds(b: Bench, w: Workload, variant: Variant, owner?: string): Promise<NonNullable<Measurement['ids']>> {
  const total = { inSheet: 0, unique: 0, inZoho: 0, missing: 0, unknown: 0 };
  for (const { sheet, module } of variant === 'ours' ? sheetsOf(w) : [{ sheet: NAIVE_SHEET, module: 'Leads' as ModuleName }]) {
    const inSheet = sheetIds(b, variant, sheet);
    const inZoho = new Set(await zohoIds(b, module, owner));
    const unique = new Set(inSheet);
    total.inSheet += inSheet.length;
    total.unique += unique.size;
    total.inZoho += inZoho.size;
    for (const id of inZoho) if (!unique.has(id)) total.missing++;
    total.unknown += [...unique].filter((id) => !inZoho.has(id)).length;
  }
  return total;
}

/** Edited records whose Company in Zoho is the user's edit. */
async function editsInZoho(b: Bench): Promise<number> {
  const records = (await b.zoho.admin.listRecords(DC, 'Leads', { limit: 10_000 })).records;
  return records.filter((r) => typeof r.Company === 'string' && r.Company.startsWith('Bench edit ')).length;
}

async function measure(w: Workload, variant: Variant): Promise<Measurement> {
  const realStart = performance.now();
  const b = await openBench(w);
  try {
    await prepare(b, w, variant);
    b.runtime.caches.clear(); // a cold metadata cache, as in a daily sync: the minimum counts it
    await b.zoho.admin.counters.reset();
    gc();
    const before = process.memoryUsage();
    const sheetName = variant === 'ours' ? OUR_SHEET : NAIVE_SHEET;
    const samples = sampleHeapAtChunkWrites(() => b.runtime.getSpreadsheet(b.spreadsheetId)?.sheet(sheetName)?.lastRow() ?? 0);
    const rowsBefore = b.runtime.getSpreadsheet(b.spreadsheetId)?.sheet(sheetName)?.lastRow() ?? 0;

    const push = w.kind === 'push';
    const results = variant === 'ours'
      ? runOursToCompletion(b, push ? 'pushChanges' : 'syncNow')
      : [run(b, push ? 'naivePush' : 'naivePull')];

    const peakRssMb = mb(process.resourceUsage().maxRSS * 1024);
    gc();
    const heapAfter = process.memoryUsage().heapUsed;
    const rowsAfter = b.runtime.getSpreadsheet(b.spreadsheetId)?.sheet(sheetName)?.lastRow() ?? 0;
    const modelPerRow = rowsAfter > rowsBefore ? (heapAfter - before.heapUsed) / (rowsAfter - rowsBefore) : 0;
    const scriptLive = samples.map((s) => s.heap - before.heapUsed - modelPerRow * Math.max(0, s.rows - rowsBefore));
    const zoho = await b.zoho.admin.counters();
    const errors = errorsOf(results);
    let ids: Measurement['ids'];
    let recordsDone: number;
    let completed: boolean;
    if (push) {
      recordsDone = await editsInZoho(b);
      completed = recordsDone === w.edited;
    } else {
      ids = await checkIds(b, w, variant, w.filter ? expectOk(rpc<{ me: { id: string } }>(b, 'listFilterOptions', ['Leads']), 'listFilterOptions').me.id : undefined);
      recordsDone = ids.inSheet;
      completed = ids.missing === 0 && ids.unknown === 0 && ids.unique === ids.inSheet;
    }
    return {
      workload: w.name, variant, ok: errors.length === 0, completed, recordsDone, executions: results.length,
      counters: sumCounters(results), longestExecutionMs: Math.max(...results.map((r) => r.elapsedMs)),
      zohoCredits: zoho.creditsUsed, zohoCalls: zoho.calls,
      memory: {
        peakRssMb, cellStorePeakRssMb: await cellStorePeakRss(b.cells.url), rssBeforeMb: mb(before.rss), heapBeforeMb: mb(before.heapUsed), heapAfterMb: mb(heapAfter),
        sheetModelMb: mb(heapAfter - before.heapUsed), scriptLivePeakMb: scriptLive.length ? mb(Math.max(...scriptLive)) : null,
      },
      ids, errors, realMs: Math.round(performance.now() - realStart),
    };
  } finally {
    b.runtime.close();
    await Promise.all([b.zoho.stop(), b.cells.stop()]);
  }
}

async function main(): Promise<void> {
  const [name, variant] = process.argv.slice(2);
  const workload = WORKLOADS.find((w) => w.name === name);
  if (!workload || (variant !== 'ours' && variant !== 'naive')) {
    throw new Error(`usage: measure.ts <${WORKLOADS.map((w) => w.name).join('|')}> <ours|naive>`);
  }
  const result = await measure(workload, variant);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.stack : String(error));
    process.exit(1);
  });
}
