// The Apps Script runtime for Node: loads dist/Code.js into a fresh vm context per execution, with
// the services of services/ over state that persists across executions (workbooks, properties,
// caches, triggers, locks), a virtual clock and the 6-minute limit. Dev-only; never bundled.

import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { DEFAULT_START_TIME_MS, VirtualClock } from './clock';
import type { EnvOptions, Manifest, ServiceEnv } from './env';
import { Execution, type AuthMode, type ExecutionCounters, type DuringUrlFetch, type KillAfterUrlFetch, type KillRecord, type UiRecord } from './execution';
import { installGlobals } from './globals';
import { HttpBridge } from './http-bridge';
import { DEFAULT_LATENCY, type LatencyModel } from './latency';
import { EXECUTION_LIMIT_MS, MESSAGES } from './limits';
import { fromRealm, GasObject, Realm, unwrapGas } from './realm';
import { HtmlOutput, escapeHtml } from './services/html';
import { LockTable, lockKey } from './services/lock';
import type { SentEmail } from './services/mail';
import { keepCellsIn, rowsFromCells, SpreadsheetModel } from './services/spreadsheet-model';
import { HttpRemoteCells } from './cell-store';
import { emptyState, storeFor, type CacheEntry, type RuntimeStateData, type TriggerModel } from './state';
import { openState } from './state-token';
import { nextFireAfter } from './trigger-schedule';
import { toWallClock } from './time-zone';

export type { ExecutionCounters, UiRecord, AuthMode, DuringUrlFetch, KillAfterUrlFetch, KillRecord } from './execution';
export type { LatencyModel } from './latency';
export type { TriggerModel } from './state';
export type { SentEmail } from './services/mail';
export { SpreadsheetModel, SheetModel } from './services/spreadsheet-model';
export type { WorkbookBehaviour } from './services/spreadsheet-model';
export { VirtualClock } from './clock';
export { DEFAULT_LATENCY, ZERO_LATENCY } from './latency';

export interface RuntimeOptions {
  /** Where Code.js, *.html and appsscript.json are read from; default 'dist' (from the cwd). */
  distDir?: string;
  scriptId?: string;
  /** Virtual clock start; default 2026-01-15T09:00:00Z. */
  startTime?: number | Date;
  /** URL prefixes allowed besides the manifest's urlFetchWhitelist (local emulators). */
  urlFetchAllowlistExtra?: string[];
  /** Extra globals of every execution's context (absent in real Apps Script). */
  devGlobals?: Record<string, unknown>;
  latency?: Partial<LatencyModel>;
  /** Default 360000 (6 min, §1.1). */
  executionLimitMs?: number;
  /** Add real CPU time of script code to the virtual clock (default true). False makes virtual
   *  time depend only on the latency model, for fully deterministic tests. */
  countCpuTime?: boolean;
  /** Whether a time-driven run sees its document (§6 open question 1). Default false. */
  timeDrivenHasDocument?: boolean;
  /** Whether a second Lock object for the same lock in one execution gets it (§6 question 5).
   *  Default false: it contends like another execution, which exposes code that relies on it. */
  reentrantLocksInExecution?: boolean;
  /** Editor add-on rules for triggers (§1.2). Default true. */
  addOn?: boolean;
  /**
   * Refuse one-off time-driven triggers (after/at) due sooner than an hour in an add-on, with the
   * hourly-floor message. Google's documents state the floor for add-on time-driven triggers but
   * do not say whether a one-off counts; default false (allowed).
   */
  oneOffTriggersNeedAnHour?: boolean;
  /** The title the add-on menu gets (createAddonMenu has none of its own). */
  addOnName?: string;
  userLocale?: string;
  /** OAuth2 double: 1.43.0 behaviour (refresh needs a client secret) unless false (§3.1). */
  oauth2RefreshRequiresClientSecret?: boolean;
  /** Override the manifest read from distDir. */
  manifest?: Manifest;
  /** Extra script files loaded after Code.js in every execution, like more .gs files in the
   *  project (tests define helper globals this way). Absent in real deployments. */
  extraCode?: string[];
  /**
   * Keep workbooks' cells in a cell store at this URL (cell-store.ts, spawnCellStore) instead of
   * in this process, as Sheets keeps them outside the script's memory. The benchmark uses it so
   * that the memory it measures is the script's and the runtime's. Such a runtime cannot `save`.
   */
  cellStoreUrl?: string;
  /**
   * Whether duplicating a sheet (the tab menu's Duplicate, Sheet.copyTo, duplicateActiveSheet)
   * copies the developer metadata on the sheet and its rows and columns. Google's docs do not
   * say; default true, the case in which a copy claims to be the synced sheet it came from.
   */
  duplicateCopiesDeveloperMetadata?: boolean;
  /** Whether a blank cell with checkbox validation reads as FALSE (WorkbookBehaviour); default false. */
  emptyCheckboxReadsFalse?: boolean;
}

export interface ExecutionContext {
  /** Email of the user running it; default 'owner@example.com'. */
  user?: string;
  /** The active spreadsheet; none for standalone runs, time-driven triggers and callbacks. */
  spreadsheetId?: string;
  /** Default FULL. */
  authMode?: AuthMode;
  /** Passed as the first argument when `args` is not given. */
  event?: unknown;
  /**
   * End this execution right after the nth UrlFetch call (of those `match` selects) has come back
   * from the network, before the script sees its response, as when Apps Script kills a run at
   * that moment. It ends as at the time limit: the result is an error with `message` (default
   * 'Exceeded maximum execution time') even if the script catches it, and what was written before stays.
   */
  killAfterUrlFetch?: KillAfterUrlFetch;
  /** A person's change to the spreadsheet while a UrlFetch call is on the wire (see DuringUrlFetch). */
  duringUrlFetch?: DuringUrlFetch;
}

export interface ExecutionResult<T = unknown> {
  ok: boolean;
  value?: T;
  error?: { name: string; message: string; stack?: string };
  counters: ExecutionCounters;
  /** Virtual milliseconds the execution took. */
  elapsedMs: number;
  logs: string[];
  ui: UiRecord;
  /** Which function ran (trigger and callback results say what fired). */
  functionName?: string;
  /** Set when the platform ended the run: the time limit, or a kill after UrlFetch. */
  killed?: KillRecord;
}

export const DEFAULT_USER = 'owner@example.com';

interface Bundle { script: vm.Script; extra: vm.Script[]; htmlFiles: Record<string, string>; manifest: Manifest }

function loadBundle(distDir: string, manifestOverride?: Manifest, extraCode: string[] = []): Bundle {
  const codePath = path.join(distDir, 'Code.js');
  if (!existsSync(codePath)) throw new Error(`No ${codePath}: run npm run build first`);
  const htmlFiles: Record<string, string> = {};
  for (const f of readdirSync(distDir)) if (f.endsWith('.html')) htmlFiles[f.slice(0, -5)] = readFileSync(path.join(distDir, f), 'utf8');
  const manifestPath = path.join(distDir, 'appsscript.json');
  const manifest = manifestOverride ?? (existsSync(manifestPath) ? JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest : {});
  return {
    script: new vm.Script(readFileSync(codePath, 'utf8'), { filename: 'Code.js' }),
    extra: extraCode.map((code, i) => new vm.Script(code, { filename: `extra-${i + 1}.js` })),
    htmlFiles, manifest,
  };
}

export class AppsScriptRuntime {
  readonly clock: VirtualClock;
  readonly scriptId: string;
  readonly latency: LatencyModel;
  readonly manifest: Manifest;
  private state: RuntimeStateData;
  private readonly bundle: Bundle;
  private readonly locks = new LockTable();
  private readonly http = new HttpBridge();
  /** Where workbooks' cells live when not in this process (RuntimeOptions.cellStoreUrl). */
  private readonly cellStore: HttpRemoteCells | undefined;
  private readonly envOpts: EnvOptions;
  private readonly opts: RuntimeOptions;
  private nextExecutionId = 1;
  private nextSpreadsheet = 1;
  private nextSimulatedLock = -1;

  constructor(opts: RuntimeOptions = {}) {
    this.opts = opts;
    this.cellStore = opts.cellStoreUrl ? new HttpRemoteCells(opts.cellStoreUrl.replace(/\/$/, ''), this.http) : undefined;
    this.clock = new VirtualClock(opts.startTime ?? DEFAULT_START_TIME_MS);
    this.scriptId = opts.scriptId ?? 'test-script-id';
    this.latency = { ...DEFAULT_LATENCY, ...opts.latency };
    const distDir = path.resolve(opts.distDir ?? 'dist');
    this.bundle = loadBundle(distDir, opts.manifest, opts.extraCode);
    this.manifest = this.bundle.manifest;
    this.state = emptyState(this.clock.now());
    this.envOpts = {
      scriptId: this.scriptId, distDir, urlFetchAllowlistExtra: opts.urlFetchAllowlistExtra ?? [],
      timeDrivenHasDocument: opts.timeDrivenHasDocument ?? false, reentrantLocksInExecution: opts.reentrantLocksInExecution ?? false,
      addOn: opts.addOn ?? true, oneOffTriggersNeedAnHour: opts.oneOffTriggersNeedAnHour ?? false, addOnName: opts.addOnName ?? 'Zoho CRM Sync for Sheets', userLocale: opts.userLocale ?? 'en',
      workbooks: { duplicateCopiesDeveloperMetadata: opts.duplicateCopiesDeveloperMetadata ?? true, emptyCheckboxReadsFalse: opts.emptyCheckboxReadsFalse ?? false },
    };
  }

  // ---- Workbooks -------------------------------------------------------------------------------

  /**
   * Creates a workbook (one sheet, 'Sheet1', 1000 x 26) that SpreadsheetApp sees. The handle it
   * gives (as `getSpreadsheet`) is what a user does in the Sheets UI: `setTimeZone`,
   * `duplicateSheet`, and on `sheet(name)`: `writeValue`, `setValues`, `sortRows`, `insertRows`, `deleteRows`, ...
   */
  createSpreadsheet(o: { id?: string; name?: string; timeZone?: string; owner?: string } = {}): SpreadsheetModel {
    const id = o.id ?? `ss-${this.nextSpreadsheet++}-${randomBytes(6).toString('hex')}`;
    if (this.state.spreadsheets.some((s) => s.id === id)) throw new Error(`Spreadsheet ${id} exists`);
    const book = SpreadsheetModel.create({ ...o, id }, this.envOpts.workbooks);
    if (this.cellStore) keepCellsIn(book.data, this.cellStore);
    this.state.spreadsheets.push(book.data);
    return book;
  }

  /**
   * What a user does with File > Make a copy (Apps Script: Spreadsheet.copy(name), DriveApp
   * File.makeCopy): a new spreadsheet with a new id and every sheet of the original by name, with
   * its cells, size, frozen rows, hidden columns, widths, protections and developer metadata (on
   * the spreadsheet, its sheets, rows and columns), and the original's document properties. No
   * trigger of the original fires for the copy: installable triggers belong to the document they
   * were made in, and a copy gets none (developers.google.com/apps-script/guides/triggers/installable:
   * triggers run as their creator for their own document; the common workaround of installing a
   * trigger on a copied spreadsheet, gist.github.com/tanaikech/76bab12742174976d87e2473ae7975f8,
   * exists because a copy has none). Google does not say whether a copy keeps each sheet's id
   * (gid); `keepSheetIds` (default true) keeps them, false gives new ones.
   */
  copySpreadsheet(sourceId: string, o: { name?: string; owner?: string; keepSheetIds?: boolean } = {}): SpreadsheetModel {
    const source = this.getSpreadsheet(sourceId);
    if (!source) throw new Error(`No spreadsheet ${sourceId}`);
    const copy = this.createSpreadsheet({ name: o.name ?? `Copy of ${source.name}`, timeZone: source.timeZone, owner: o.owner ?? source.data.owner });
    copy.data.sheets = [];
    copy.data.nextId = source.data.nextId;
    const sheetIds = new Map<number, number>();
    for (const from of source.sheets) {
      const to = copy.addSheet(from.name, from.data.maxRows, from.data.maxCols, o.keepSheetIds === false ? 100000000 + copy.nextId() * 7919 : from.id);
      sheetIds.set(from.id, to.id);
      Object.assign(to.data, { frozenRows: from.data.frozenRows, frozenCols: from.data.frozenCols, hiddenCols: [...from.data.hiddenCols], colWidths: { ...from.data.colWidths }, ...(from.data.cf ? { cf: structuredClone(from.data.cf) } : {}) });
      to.importRows(from.exportRows());
    }
    const sheetIdOf = (id: number): number => sheetIds.get(id) ?? id;
    copy.data.metadata = source.data.metadata.map((m) => ({
      ...m,
      location: ('sheetId' in m.location ? { ...m.location, sheetId: sheetIdOf(m.location.sheetId) } : { ...m.location }) as typeof m.location,
    }));
    copy.data.protections = source.data.protections.map((p) => ({ ...p, sheetId: sheetIdOf(p.sheetId), ...(p.range ? { range: { ...p.range } } : {}) }));
    const props = this.state.properties.document[sourceId];
    if (props) this.state.properties.document[copy.id] = { ...props };
    return copy;
  }

  getSpreadsheet(id: string): SpreadsheetModel | undefined {
    const data = this.state.spreadsheets.find((s) => s.id === id);
    return data && new SpreadsheetModel(data, this.envOpts.workbooks);
  }

  // ---- Executions ------------------------------------------------------------------------------

  /** Runs a global function of Code.js as one execution (menu click, editor run: FULL by default). */
  run<T = unknown>(fn: string, args?: unknown[], ctx: ExecutionContext = {}): ExecutionResult<T> {
    const callArgs = args ?? (ctx.event !== undefined ? [ctx.event] : []);
    return this.execute<T>(ctx, fn, (realm) => this.callGlobal(realm, fn, callArgs.map((a) => realm.toRealm(a))));
  }

  /** As google.script.run: JSON-like arguments and result, private (`_`) names refused, FULL. */
  rpc<T = unknown>(fn: string, args: unknown[], ctx: ExecutionContext): ExecutionResult<T> {
    const bad = args.findIndex((a) => !isJsonLike(a));
    return this.execute<T>({ ...ctx, authMode: 'FULL' }, fn, (realm) => {
      if (fn.endsWith('_') || !this.isGlobalFunction(realm, fn)) throw realm.error(MESSAGES.scriptFunctionNotFound(fn), 'ScriptError');
      if (bad >= 0) throw realm.error(`Failed due to illegal value in property: ${bad}`); // client-side error text
      const value = this.callGlobal(realm, fn, args.map((a) => realm.toRealm(jsonCopy(a))));
      return toRpcValue(value);
    });
  }

  /** Evaluates code in a fresh execution after Code.js has loaded (runtime tests only). */
  evaluate<T = unknown>(code: string, ctx: ExecutionContext = {}): ExecutionResult<T> {
    return this.execute<T>(ctx, '<evaluate>', (realm) => vm.runInContext(code, realm.context, { filename: 'evaluate.js' }));
  }

  /**
   * Emulates https://script.google.com/macros/d/{scriptId}/usercallback?state=..&code=..: opens
   * the state token (script, user and expiry must match), merges query and state arguments into
   * e.parameter and calls the named global; a bad state never reaches the script (§3.10).
   */
  handleUserCallback(url: string, user: string): { status: number; html: string; result?: ExecutionResult } {
    const u = new URL(url);
    if (u.pathname !== `/macros/d/${encodeURIComponent(this.scriptId)}/usercallback`) {
      return { status: 404, html: '<p>Sorry, unable to open the file at this time.</p>' };
    }
    const payload = openState(this.state.secret, u.searchParams.get('state') ?? '');
    if (!payload || payload.scriptId !== this.scriptId || payload.user !== user || payload.expiresAt < this.clock.now()) {
      return { status: 400, html: `<p>${escapeHtml(MESSAGES.invalidState)}</p>` };
    }
    const parameter: Record<string, string> = {};
    const parameters: Record<string, string[]> = {};
    for (const [k, v] of u.searchParams) {
      if (!(k in parameter)) parameter[k] = v;
      (parameters[k] ??= []).push(v);
    }
    for (const [k, v] of Object.entries(payload.args)) { parameter[k] = v; parameters[k] = [v]; }
    const event = { parameter, parameters, queryString: u.search.slice(1), contextPath: '', contentLength: -1 };
    let html = '';
    const result = this.execute({ user, authMode: 'FULL' }, payload.method, (realm) => {
      const value = this.callGlobal(realm, payload.method, [realm.toRealm(event)]);
      const out = unwrapGas(value);
      html = out instanceof HtmlOutput ? out._content() : 'The script completed but did not return anything.';
      return undefined;
    });
    if (!result.ok) return { status: 500, html: `<p>${escapeHtml(`${result.error?.name ?? 'Error'}: ${result.error?.message ?? ''}`)}</p>`, result };
    return { status: 200, html, result };
  }

  /**
   * A user opens the document: the simple onOpen (if the bundle has one) in the given mode,
   * then that user's installable open triggers in FULL.
   */
  openDocument(spreadsheetId: string, user = DEFAULT_USER, authMode: AuthMode = 'LIMITED'): ExecutionResult[] {
    const results: ExecutionResult[] = [];
    const event = { authMode, source: null, user: { email: user }, triggerUid: undefined };
    results.push(this.run('onOpen', [event], { user, spreadsheetId, authMode }));
    for (const t of this.state.triggers.filter((x) => x.eventType === 'ON_OPEN' && x.triggerSourceId === spreadsheetId && x.user === user)) {
      results.push(this.run(t.handlerFunction, [{ authMode: 'FULL', triggerUid: t.uniqueId, user: { email: user } }], { user, spreadsheetId, authMode: 'FULL' }));
    }
    return results;
  }

  // ---- Triggers ---------------------------------------------------------------------------------

  /** Runs every time-driven trigger due now, as its user, in FULL, with the time-driven event. */
  fireDueTriggers(): ExecutionResult[] {
    const now = this.clock.now();
    const due = this.state.triggers.filter((t) => t.nextFireAt !== undefined && t.nextFireAt <= now)
      .sort((a, b) => a.nextFireAt! - b.nextFireAt!);
    const results: ExecutionResult[] = [];
    for (const t of due) {
      const firedAt = t.nextFireAt!;
      const next = nextFireAfter(t.schedule!, t.uniqueId, Math.max(firedAt, this.clock.now()), t.createdAt);
      if (next === undefined) this.state.triggers = this.state.triggers.filter((x) => x !== t); // one-off: gone once fired
      else t.nextFireAt = next;
      const spreadsheetId = this.envOpts.timeDrivenHasDocument ? t.documentId ?? undefined : undefined;
      const r = this.run(t.handlerFunction, [timeDrivenEvent(t, firedAt)], { user: t.user, authMode: 'FULL', spreadsheetId });
      results.push({ ...r, functionName: t.handlerFunction });
    }
    return results;
  }

  /** Moves the clock forward by `ms`, firing each trigger at each moment it falls due on the way. */
  advanceAndFire(ms: number): ExecutionResult[] {
    const target = this.clock.now() + ms;
    const results: ExecutionResult[] = [];
    for (;;) {
      const next = Math.min(...this.state.triggers.map((t) => t.nextFireAt ?? Infinity));
      if (!(next <= target)) break;
      if (next > this.clock.now()) this.clock.set(next);
      results.push(...this.fireDueTriggers());
    }
    if (target > this.clock.now()) this.clock.set(target);
    return results;
  }

  /** Emails MailApp sent, oldest first (optionally only those to `to`). */
  sentEmails(to?: string): SentEmail[] {
    return (this.state.mail ?? []).filter((m) => to === undefined || m.to.split(',').map((r) => r.trim()).includes(to)).map((m) => ({ ...m }));
  }

  listTriggers(user?: string): TriggerModel[] {
    return this.state.triggers.filter((t) => user === undefined || t.user === user).map((t) => ({ ...t }));
  }

  // ---- Locks ------------------------------------------------------------------------------------

  /**
   * Simulates another execution holding a lock for `ms` virtual milliseconds (default: until
   * `release()`); executions that wait longer than that get it, others time out.
   */
  holdLock(kind: 'script' | 'user' | 'document', scope: { user?: string; spreadsheetId?: string } = {}, ms?: number): { release(): void } {
    const key = lockKey(kind, { user: scope.user ?? DEFAULT_USER, spreadsheetId: scope.spreadsheetId });
    const id = this.nextSimulatedLock--;
    this.locks.acquire(key, { executionId: null, lockObjectId: id, releasesAt: ms === undefined ? Infinity : this.clock.now() + ms });
    return { release: () => this.locks.release(key, id) };
  }

  // ---- Stores -----------------------------------------------------------------------------------

  /** Live views of the property stores (mutating them changes what scripts read). */
  readonly properties = {
    script: (): Record<string, string> => this.state.properties.script,
    user: (email: string): Record<string, string> => storeFor(this.state.properties, 'user', email, () => ({})),
    document: (spreadsheetId: string): Record<string, string> => storeFor(this.state.properties, 'document', spreadsheetId, () => ({})),
    setScript: (key: string, value: string): void => { this.state.properties.script[key] = String(value); },
    setUser: (email: string, key: string, value: string): void => { this.properties.user(email)[key] = String(value); },
    setDocument: (spreadsheetId: string, key: string, value: string): void => { this.properties.document(spreadsheetId)[key] = String(value); },
  };

  /** Live cache entries that have not expired on the virtual clock, values only. */
  readonly caches = {
    script: (): Record<string, string> => this.cacheView('script', ''),
    user: (email: string): Record<string, string> => this.cacheView('user', email),
    document: (spreadsheetId: string): Record<string, string> => this.cacheView('document', spreadsheetId),
    /** Removes entries (e.g. to emulate eviction). */
    clear: (): void => { this.state.caches = { script: {}, user: {}, document: {} }; },
  };

  /** UrlFetch calls counted against a user's daily quota today (virtual UTC day). */
  urlFetchCallsToday(user = DEFAULT_USER): number {
    const day = new Date(this.clock.now()).toISOString().slice(0, 10);
    return this.state.quotas[day]?.[user]?.urlfetch ?? 0;
  }

  // ---- Persistence ------------------------------------------------------------------------------

  save(file: string): void {
    if (this.cellStore) throw new Error('A runtime whose cells live in a cell store cannot save them');
    this.state.clockMs = this.clock.now();
    writeFileSync(file, JSON.stringify(this.state));
  }

  static load(file: string, opts: RuntimeOptions = {}): AppsScriptRuntime {
    const state = JSON.parse(readFileSync(file, 'utf8')) as RuntimeStateData;
    if (state.version !== 1 && state.version !== 2) throw new Error(`Unsupported runtime state version ${String(state.version)}`);
    if (state.version === 1) {
      for (const book of state.spreadsheets) for (const sheet of book.sheets) rowsFromCells(sheet);
      state.version = 2;
    }
    const rt = new AppsScriptRuntime({ ...opts, startTime: state.clockMs });
    rt.state = state;
    return rt;
  }

  /** Stops the HTTP worker. */
  close(): void {
    this.http.close();
  }

  // ---- Internals --------------------------------------------------------------------------------

  private cacheView(scope: 'script' | 'user' | 'document', owner: string): Record<string, string> {
    const map = storeFor<Record<string, CacheEntry>>(this.state.caches, scope, owner, () => ({}));
    const now = this.clock.now();
    return Object.fromEntries(Object.entries(map).filter(([, e]) => e.expiresAt > now).map(([k, e]) => [k, e.value]));
  }

  private isGlobalFunction(realm: Realm, fn: string): boolean {
    return typeof (realm.context as Record<string, unknown>)[fn] === 'function';
  }

  private callGlobal(realm: Realm, fn: string, args: unknown[]): unknown {
    if (!this.isGlobalFunction(realm, fn)) throw realm.error(MESSAGES.scriptFunctionNotFound(fn), 'ScriptError');
    // Called through runInContext so the context's microtasks (promise callbacks) run inside the
    // execution, as in Apps Script.
    Object.defineProperty(realm.context, '__runtimeCall__', { value: { fn, args }, configurable: true, enumerable: false });
    try {
      return vm.runInContext('globalThis[__runtimeCall__.fn].apply(globalThis, __runtimeCall__.args)', realm.context, { filename: 'runtime-call.js' });
    } finally {
      delete (realm.context as Record<string, unknown>).__runtimeCall__;
    }
  }

  private execute<T>(ctx: ExecutionContext, functionName: string, invoke: (realm: Realm) => unknown): ExecutionResult<T> {
    const ex = new Execution({
      id: this.nextExecutionId++, user: ctx.user ?? DEFAULT_USER, spreadsheetId: ctx.spreadsheetId, authMode: ctx.authMode ?? 'FULL',
      clock: this.clock, latency: this.latency, executionLimitMs: this.opts.executionLimitMs ?? EXECUTION_LIMIT_MS,
      countCpu: this.opts.countCpuTime ?? true, killAfterUrlFetch: ctx.killAfterUrlFetch, duringUrlFetch: ctx.duringUrlFetch,
    });
    if (ctx.spreadsheetId && !this.getSpreadsheet(ctx.spreadsheetId)) throw new Error(`No spreadsheet ${ctx.spreadsheetId} in this runtime`);
    this.locks.executionStarted(ex.id);
    const realm = new Realm(ex, () => this.clock.now());
    const env: ServiceEnv = {
      ex, realm, state: this.state, manifest: this.manifest, htmlFiles: this.bundle.htmlFiles, opts: this.envOpts,
      locks: this.locks, http: this.http, activeSpreadsheetId: ctx.spreadsheetId, activeSheets: new Map(),
    };
    installGlobals(env, { devGlobals: this.opts.devGlobals ?? {}, refreshRequiresClientSecret: this.opts.oauth2RefreshRequiresClientSecret ?? true });
    let value: unknown;
    let error: ExecutionResult['error'];
    try {
      // Top-level statements run in every execution, under the execution's auth mode (§2.1).
      this.bundle.script.runInContext(realm.context);
      for (const extra of this.bundle.extra) extra.runInContext(realm.context);
      value = invoke(realm);
    } catch (e) {
      error = toErrorInfo(e);
    } finally {
      ex.finish();
      this.locks.executionEnded(ex.id);
    }
    if (ex.killed) error = { name: 'Exception', message: ex.killed.message };
    return {
      ok: !error, value: error ? undefined : fromRealm(value) as T, error, counters: ex.counters, elapsedMs: ex.elapsedMs(),
      logs: ex.logs, ui: ex.ui, functionName, ...(ex.killed ? { killed: ex.killed } : {}),
    };
  }
}

function toErrorInfo(e: unknown): { name: string; message: string; stack?: string } {
  if (e && typeof e === 'object' && 'message' in e) {
    const err = e as Error;
    return { name: String(err.name ?? 'Error'), message: String(err.message), stack: err.stack };
  }
  return { name: 'Error', message: String(e) };
}

function timeDrivenEvent(t: TriggerModel, firedAt: number): Record<string, unknown> {
  const tz = t.schedule?.timeZone ?? 'Etc/UTC';
  const w = toWallClock(firedAt, tz);
  const dayUtc = Date.UTC(w.year, w.month - 1, w.day);
  const dow = new Date(dayUtc).getUTCDay() || 7;
  // ISO week number
  const thursday = dayUtc + (4 - dow) * 86_400_000;
  const yearStart = Date.UTC(new Date(thursday).getUTCFullYear(), 0, 1);
  const week = Math.ceil(((thursday - yearStart) / 86_400_000 + 1) / 7);
  return {
    authMode: 'FULL', triggerUid: t.uniqueId, timezone: tz, year: w.year, month: w.month, 'day-of-month': w.day,
    'day-of-week': dow, 'week-of-year': week, hour: w.hour, minute: w.minute, second: w.second,
  };
}

/** google.script.run arguments: primitives, arrays and plain objects of them (§1.8). */
function isJsonLike(v: unknown, depth = 0): boolean {
  if (depth > 100) return false;
  if (v === null || v === undefined || ['string', 'number', 'boolean'].includes(typeof v)) return true;
  if (typeof v !== 'object') return false;
  if (Array.isArray(v)) return v.every((x) => isJsonLike(x, depth + 1));
  const proto = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) return false;
  return Object.values(v).every((x) => isJsonLike(x, depth + 1));
}

function jsonCopy(v: unknown): unknown {
  return v === undefined ? undefined : JSON.parse(JSON.stringify(v)) as unknown;
}

/** A return value as the sidebar receives it: Dates (and other non-plain objects) become null,
 *  undefined in arrays becomes null, functions vanish (§1.8 [obs]). */
function toRpcValue(v: unknown): unknown {
  if (v === undefined || v === null || typeof v !== 'object') return typeof v === 'function' ? undefined : v;
  if (Array.isArray(v)) return v.map((x) => { const y = toRpcValue(x); return y === undefined ? null : y; });
  if (Object.prototype.toString.call(v) !== '[object Object]' || v instanceof GasObject) return null;
  const proto = Object.getPrototypeOf(v);
  if (proto !== null && Object.getPrototypeOf(proto) !== null) return null;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) { const y = toRpcValue(x); if (y !== undefined) out[k] = y; }
  return out;
}
