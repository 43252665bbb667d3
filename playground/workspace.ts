// The playground's Google side: one Apps Script runtime running the real dist/Code.js, one
// spreadsheet, one Google user, and the folder that keeps them across restarts. No HTTP here
// (server.ts serves it); the Zoho emulator is handed in, already running in its own process.

import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { AppsScriptRuntime, type ExecutionResult, type RuntimeOptions, type UiRecord } from '../emulators/apps-script/runtime';
import type { MenuRecord } from '../emulators/apps-script/execution';
import type { RunningZohoEmulator } from '../emulators/zoho/server';

/** The add-on's script id here; its OAuth redirect URI is registered with the emulator. */
export const PLAYGROUND_SCRIPT_ID = 'zcs-playground';
export const PLAYGROUND_USER = 'rep@example.com';
export const REDIRECT_URI = `https://script.google.com/macros/d/${PLAYGROUND_SCRIPT_ID}/usercallback`;

const RUNTIME_FILE = 'runtime.json';
const META_FILE = 'playground.json';
const META_VERSION = 1;
/** Writing a few MB of JSON on every sidebar poll would be wasteful; changes settle first. */
const SAVE_DEBOUNCE_MS = 400;

/** What the folder remembers besides the runtime's own state. */
export interface PlaygroundMeta {
  version: number;
  seed: number;
  records: number;
  spreadsheetId: string;
}

export interface WorkspaceOptions {
  dataDir: string;
  distDir: string;
  seed: number;
  records: number;
  /** Where the add-on's Connect starts (the playground's consent proxy). */
  authorizationBaseUrl: string;
  zoho: RunningZohoEmulator;
  log: (line: string) => void;
}

/** One execution as the page shows it: no stacks, only what a user of Apps Script would see. */
export interface ExecutionView {
  functionName: string;
  ok: boolean;
  error: string | null;
  /** Virtual milliseconds the execution took. */
  elapsedMs: number;
  urlfetchCalls: number;
  logs: string[];
  toasts: UiRecord['toasts'];
  alerts: UiRecord['alerts'];
}

export function viewOf(result: ExecutionResult, functionName: string): ExecutionView {
  return {
    functionName: result.functionName ?? functionName,
    ok: result.ok,
    error: result.error ? `${result.error.name}: ${result.error.message}` : null,
    elapsedMs: result.elapsedMs,
    urlfetchCalls: result.counters.urlfetchCalls,
    logs: result.logs.slice(-20),
    toasts: result.ui.toasts,
    alerts: result.ui.alerts,
  };
}

export class Workspace {
  runtime: AppsScriptRuntime;
  meta: PlaygroundMeta;
  readonly user = PLAYGROUND_USER;
  /** Bumped after anything that may have changed the workbook, so the page knows to re-read it. */
  version = 1;
  private saveTimer: NodeJS.Timeout | undefined;

  constructor(private readonly opts: WorkspaceOptions) {
    const loaded = this.tryLoad();
    if (loaded) {
      this.runtime = loaded.runtime;
      this.meta = loaded.meta;
    } else {
      const fresh = this.createFresh();
      this.runtime = fresh.runtime;
      this.meta = fresh.meta;
    }
  }

  get spreadsheetId(): string {
    return this.meta.spreadsheetId;
  }

  private runtimeOptions(): RuntimeOptions {
    const dcs = Object.values(this.opts.zoho.info.dataCenters);
    return {
      distDir: this.opts.distDir,
      scriptId: PLAYGROUND_SCRIPT_ID,
      urlFetchAllowlistExtra: ['http://127.0.0.1:'],
      // The add-on trusts these loopback hosts only because the runtime injects __ZCS_DEV__;
      // real Apps Script never defines it (src/gas/dev-config.ts).
      devGlobals: {
        __ZCS_DEV__: {
          accountsServers: dcs.map((dc) => dc.accountsServer),
          apiDomains: dcs.map((dc) => dc.apiDomain),
          authorizationBaseUrl: this.opts.authorizationBaseUrl,
        },
      },
    };
  }

  private tryLoad(): { runtime: AppsScriptRuntime; meta: PlaygroundMeta } | null {
    const metaPath = path.join(this.opts.dataDir, META_FILE);
    const runtimePath = path.join(this.opts.dataDir, RUNTIME_FILE);
    if (!existsSync(metaPath) || !existsSync(runtimePath)) return null;
    try {
      const meta = JSON.parse(readFileSync(metaPath, 'utf8')) as PlaygroundMeta;
      if (meta.version !== META_VERSION) throw new Error(`unsupported ${META_FILE} version ${String(meta.version)}`);
      const runtime = AppsScriptRuntime.load(runtimePath, this.runtimeOptions());
      if (!runtime.getSpreadsheet(meta.spreadsheetId)) throw new Error(`the saved state has no spreadsheet ${meta.spreadsheetId}`);
      this.opts.log(`Loaded the saved playground from ${this.opts.dataDir} (npm start -- --reset starts over).`);
      return { runtime, meta };
    } catch (error) {
      this.opts.log(`Could not load ${this.opts.dataDir} (${error instanceof Error ? error.message : String(error)}); starting a new playground.`);
      return null;
    }
  }

  /** A new workbook whose owner has done Setup with the emulator's client, as the README's Setup step would. */
  private createFresh(): { runtime: AppsScriptRuntime; meta: PlaygroundMeta } {
    const runtime = new AppsScriptRuntime(this.runtimeOptions());
    const book = runtime.createSpreadsheet({ name: 'Pipeline', timeZone: 'Europe/Berlin', owner: PLAYGROUND_USER });
    const client = this.opts.zoho.info.client;
    // As the deployer would in Project Settings > Script properties (README, Security).
    runtime.properties.setScript?.('ZCS_ADMIN_EMAILS', PLAYGROUND_USER);
    const setup = runtime.rpc('saveZohoClient', [client.client_id, client.client_secret], { user: PLAYGROUND_USER, spreadsheetId: book.id });
    if (!setup.ok) throw new Error(`Setup of the Zoho client failed: ${setup.error?.message ?? ''}`);
    const meta: PlaygroundMeta = { version: META_VERSION, seed: this.opts.seed, records: this.opts.records, spreadsheetId: book.id };
    this.runtime = runtime;
    this.meta = meta;
    this.saveNow();
    return { runtime, meta };
  }

  /** Everything changed: count a new version and save soon. */
  touched(): void {
    this.version++;
    this.saveSoon();
  }

  /** Something worth keeping changed that the grid need not re-read (the selection): save soon. */
  saveSoon(): void {
    clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => this.saveNow(), SAVE_DEBOUNCE_MS);
  }

  saveNow(): void {
    clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    mkdirSync(this.opts.dataDir, { recursive: true });
    // Written beside and renamed, so a crash mid-write never leaves half a file to load.
    const runtimePath = path.join(this.opts.dataDir, RUNTIME_FILE);
    this.runtime.save(`${runtimePath}.tmp`);
    renameSync(`${runtimePath}.tmp`, runtimePath);
    writeFileSync(path.join(this.opts.dataDir, META_FILE), `${JSON.stringify(this.meta, null, 2)}\n`);
  }

  /** Wipes the folder and the emulator's data (records and tokens), then starts a new workbook. */
  async reset(): Promise<void> {
    clearTimeout(this.saveTimer);
    this.runtime.close();
    wipeDataDir(this.opts.dataDir);
    await this.opts.zoho.admin.reset({ seed: this.opts.seed, records: this.opts.records, tokens: true });
    const fresh = this.createFresh();
    this.runtime = fresh.runtime;
    this.meta = fresh.meta;
    this.version++;
  }

  /** As google.script.run from the sidebar. */
  rpc(fn: string, args: unknown[]): ExecutionResult {
    const result = this.runtime.rpc(fn, args, { user: this.user, spreadsheetId: this.spreadsheetId });
    this.touched();
    return result;
  }

  /** The user opens the document: onOpen builds the add-on menu. */
  openDocument(): MenuRecord[] {
    const results = this.runtime.openDocument(this.spreadsheetId, this.user);
    this.touched();
    return results.flatMap((r) => r.ui.menus);
  }

  /** A menu click. Only functions the add-on's own menu offers may be run this way. */
  runMenuItem(fn: string): ExecutionResult {
    const result = this.runtime.run(fn, [], { user: this.user, spreadsheetId: this.spreadsheetId });
    this.touched();
    return result;
  }

  /** The Zoho redirect as it would reach https://script.google.com/macros/d/{id}/usercallback. */
  userCallback(query: string): { status: number; html: string } {
    const page = this.runtime.handleUserCallback(`${REDIRECT_URI}${query}`, this.user);
    this.touched();
    return { status: page.status, html: page.html };
  }

  /**
   * "Fire the daily trigger now": moves the virtual clock to the next time a time-driven trigger of
   * the add-on is due and runs every trigger due on the way (a continuation may follow at once).
   */
  fireDailyTrigger(): { fired: boolean; message: string; firedAt: string | null; runs: ExecutionView[]; nextDailyAt: string | null } {
    const daily = this.dailyTriggers();
    const first = daily[0];
    if (first?.nextFireAt === undefined) {
      return { fired: false, message: 'No daily sync is scheduled. Turn it on in the sidebar under "Schedule" first.', firedAt: null, runs: [], nextDailyAt: null };
    }
    const dueAt = first.nextFireAt;
    const results = this.runtime.advanceAndFire(Math.max(0, dueAt - this.runtime.clock.now()));
    this.touched();
    const runs = results.map((r) => viewOf(r, r.functionName ?? '?'));
    const next = this.dailyTriggers()[0]?.nextFireAt;
    const failed = runs.filter((r) => !r.ok).length;
    return {
      fired: true,
      message: `Moved the clock to ${new Date(dueAt).toISOString()} and ran ${runs.length} trigger execution(s)${failed ? `, ${failed} failed` : ''}.`,
      firedAt: new Date(dueAt).toISOString(),
      runs,
      nextDailyAt: next === undefined ? null : new Date(next).toISOString(),
    };
  }

  private dailyTriggers() {
    return this.runtime.listTriggers(this.user)
      .filter((t) => t.eventType === 'CLOCK' && t.handlerFunction === 'runScheduledSync' && t.nextFireAt !== undefined)
      .sort((a, b) => (a.nextFireAt ?? 0) - (b.nextFireAt ?? 0));
  }

  close(): void {
    if (this.saveTimer) this.saveNow();
    this.runtime.close();
  }
}

export function wipeDataDir(dataDir: string): void {
  for (const file of [RUNTIME_FILE, `${RUNTIME_FILE}.tmp`, META_FILE]) rmSync(path.join(dataDir, file), { force: true });
}

/** The seed and size a saved playground was made with, so a restart reseeds Zoho the same way. */
export function readSavedMeta(dataDir: string): PlaygroundMeta | null {
  try {
    const meta = JSON.parse(readFileSync(path.join(dataDir, META_FILE), 'utf8')) as PlaygroundMeta;
    return meta.version === META_VERSION ? meta : null;
  } catch {
    return null;
  }
}
