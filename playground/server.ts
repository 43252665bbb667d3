// The playground's web server on 127.0.0.1: the page (grid, menu, sidebar panel), the JSON API the
// page uses, POST /rpc for the sidebar's google.script.run, and the consent proxy and callback.
// startPlayground wires the Zoho emulator (a child process), the runtime and this server together.

import { readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import ts from 'typescript';
import { spawnZohoEmulator, type RunningZohoEmulator } from '../emulators/zoho/spawn';
import type { AppsScriptRuntime, SpreadsheetModel } from '../emulators/apps-script/runtime';
import { CALLBACK_PATH, CONSENT_PATH, proxyConsent } from './consent-proxy';
import { sheetWindow, summarize } from './grid';
import { applyRowAction, DEFAULT_ADDED_ROWS, GridActionError, type RowAction } from './grid-actions';
import { injectShim } from './sidebar-shim';
import { readSavedMeta, REDIRECT_URI, viewOf, wipeDataDir, Workspace } from './workspace';

const ROOT = path.resolve(__dirname, '..');
const PAGE_DIR = path.join(__dirname, 'page');
export const DEFAULT_DATA_DIR = path.join(ROOT, '.playground-data');
export const DEFAULT_RECORDS = 2500;
export const DEFAULT_SEED = 1;
const MAX_JSON_BODY_BYTES = 5 * 1024 * 1024;
/** Sidebars opened earlier stay loadable this long (a reload of the panel, a second tab). */
const SIDEBARS_KEPT = 20;

export interface PlaygroundOptions {
  /** 0 picks a free port. Default 3000. */
  port?: number;
  /** Default .playground-data/ at the repository root. */
  dataDir?: string;
  /** Leads per org (Contacts, Accounts, Deals scale from it). Default 2500; a saved playground keeps its own. */
  records?: number;
  seed?: number;
  /** Wipe the saved state first. */
  reset?: boolean;
  distDir?: string;
  log?: (line: string) => void;
}

export interface RunningPlayground {
  url: string;
  /** The current runtime (Reset replaces it). */
  readonly runtime: AppsScriptRuntime;
  readonly spreadsheetId: string;
  user: string;
  zoho: RunningZohoEmulator;
  /** Tells the page the workbook changed behind its back (a test's runtime.evaluate), so it re-reads it. */
  touch(): void;
  stop(): Promise<void>;
}

class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const body = Buffer.from(JSON.stringify(value), 'utf8');
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': String(body.length), 'Cache-Control': 'no-store' });
  res.end(body);
}

function sendText(res: ServerResponse, status: number, type: string, text: string): void {
  const body = Buffer.from(text, 'utf8');
  res.writeHead(status, {
    'Content-Type': `${type}; charset=utf-8`, 'Content-Length': String(body.length), 'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(body);
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  // A JSON content type cannot be sent by a plain cross-site form, so other pages cannot post here.
  if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) throw new HttpError(415, 'Send application/json.');
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_JSON_BODY_BYTES) throw new HttpError(413, 'Request too large.');
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    const value: unknown = text === '' ? {} : JSON.parse(text);
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error('not an object');
    return value as Record<string, unknown>;
  } catch {
    throw new HttpError(400, 'The body is not a JSON object.');
  }
}

/** The page's script is TypeScript, transpiled when asked for (no bundler, no imports). */
const transpiled = new Map<string, { mtimeMs: number; js: string }>();
function pageScript(file: string): string {
  const full = path.join(PAGE_DIR, file);
  const mtimeMs = statSync(full).mtimeMs;
  const cached = transpiled.get(full);
  if (cached && cached.mtimeMs === mtimeMs) return cached.js;
  const out = ts.transpileModule(readFileSync(full, 'utf8'), {
    compilerOptions: { target: ts.ScriptTarget.ES2020, module: ts.ModuleKind.ESNext, removeComments: false },
    fileName: file,
  });
  transpiled.set(full, { mtimeMs, js: out.outputText });
  return out.outputText;
}

function str(value: unknown, what: string): string {
  if (typeof value !== 'string') throw new HttpError(400, `${what} must be a string.`);
  return value;
}

function int(value: unknown, what: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new HttpError(400, `${what} must be a positive integer.`);
  return n;
}

/** The selection getActiveRange returns (a click in the grid, or a script's Range.activate). */
function selectionOf(book: SpreadsheetModel): { sheet: string; row: number; col: number; numRows: number; numCols: number } | null {
  const sel = book.data.selection;
  const sheet = sel && book.sheetById(sel.sheetId);
  return sel && sheet ? { sheet: sheet.name, row: sel.row, col: sel.col, numRows: sel.numRows, numCols: sel.numCols } : null;
}

function rowAction(body: Record<string, unknown>): RowAction {
  const action = str(body.action, 'action');
  switch (action) {
    case 'insert-above':
    case 'insert-below':
    case 'delete':
      return { action, row: int(body.row, 'row'), count: int(body.count ?? 1, 'count') };
    case 'sort':
      return { action, col: int(body.col, 'col'), descending: body.descending === true };
    case 'add-rows':
      return { action, count: int(body.count ?? DEFAULT_ADDED_ROWS, 'count') };
    case 'insert-left':
    case 'insert-right':
    case 'delete-columns':
      return { action, col: int(body.col, 'col'), count: int(body.count ?? 1, 'count') };
    default:
      throw new HttpError(400, `Unknown row action "${action}".`);
  }
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function close(server: Server): Promise<void> {
  return new Promise<void>((resolve) => {
    if (!server.listening) {
      resolve();
      return;
    }
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

export async function startPlayground(options: PlaygroundOptions = {}): Promise<RunningPlayground> {
  const log = options.log ?? ((line: string) => console.log(line));
  const dataDir = path.resolve(options.dataDir ?? DEFAULT_DATA_DIR);
  if (options.reset) wipeDataDir(dataDir);
  const saved = readSavedMeta(dataDir);
  const seed = saved?.seed ?? options.seed ?? DEFAULT_SEED;
  const records = saved?.records ?? options.records ?? DEFAULT_RECORDS;
  if (saved && ((options.seed !== undefined && options.seed !== saved.seed) || (options.records !== undefined && options.records !== saved.records))) {
    log(`Keeping the saved playground's seed ${saved.seed} and ${saved.records} records; add --reset to use new ones.`);
  }

  let workspace: Workspace | undefined;
  let zoho: RunningZohoEmulator | undefined;
  const sidebars = new Map<string, string>();
  let nextSidebar = 1;
  let origin = '';
  // The sidebar is served from a second port: another origin, as Apps Script serves sidebars from
  // googleusercontent.com. So, as there, its script cannot reach into the page's DOM.
  let sidebarOrigin = '';

  const ready = (): Workspace => {
    if (!workspace) throw new HttpError(503, 'The playground is still starting.');
    return workspace;
  };

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', origin);
    const method = req.method ?? 'GET';
    const key = `${method} ${url.pathname}`;
    // Only this machine's own pages may drive it (a DNS-rebound name would carry another Host).
    const host = req.headers.host ?? '';
    const allowed = [origin, sidebarOrigin].flatMap((o) => [new URL(o).host, `localhost:${new URL(o).port}`]);
    if (!allowed.includes(host)) throw new HttpError(421, 'Wrong host.');

    switch (key) {
      case 'GET /':
      case 'GET /index.html':
        return sendText(res, 200, 'text/html', readFileSync(path.join(PAGE_DIR, 'index.html'), 'utf8'));
      case 'GET /app.js':
        return sendText(res, 200, 'text/javascript', pageScript('app.ts'));
      case 'GET /styles.css':
        return sendText(res, 200, 'text/css', readFileSync(path.join(PAGE_DIR, 'styles.css'), 'utf8'));
      case 'GET /favicon.ico':
        res.writeHead(204);
        res.end();
        return;
      case `GET ${CONSENT_PATH}`:
      case `POST ${CONSENT_PATH}`:
        return proxyConsent(req, res, zohoUrls().accountsServer, url.search);
      case `GET ${CALLBACK_PATH}`: {
        const page = ready().userCallback(url.search);
        return sendText(res, page.status, 'text/html', page.html);
      }
      case 'POST /rpc': {
        const body = await readJson(req);
        const fn = str(body.fn, 'fn');
        const args = Array.isArray(body.args) ? body.args : [];
        const result = ready().rpc(fn, args);
        return sendJson(res, 200, result.ok ? { ok: true, value: result.value } : { ok: false, error: { name: result.error?.name ?? 'Error', message: result.error?.message ?? '' } });
      }
      case 'GET /api/workbook': {
        const ws = ready();
        const book = ws.runtime.getSpreadsheet(ws.spreadsheetId);
        if (!book) throw new HttpError(500, 'The playground spreadsheet is missing.');
        const daily = ws.runtime.listTriggers(ws.user).filter((t) => t.handlerFunction === 'runScheduledSync' && t.nextFireAt !== undefined);
        const next = Math.min(...daily.map((t) => t.nextFireAt ?? Infinity));
        return sendJson(res, 200, {
          version: ws.version,
          user: ws.user,
          spreadsheet: { id: book.id, name: book.name, timeZone: book.timeZone },
          clock: new Date(ws.runtime.clock.now()).toISOString(),
          nextDailyAt: Number.isFinite(next) ? new Date(next).toISOString() : null,
          sheets: summarize(book),
          selection: selectionOf(book),
          zoho: { users: zoho?.info.users ?? {}, admin: zoho?.info.admin ?? '', seed, records },
        });
      }
      case 'GET /api/sheet': {
        const ws = ready();
        const sheet = ws.runtime.getSpreadsheet(ws.spreadsheetId)?.sheet(url.searchParams.get('name') ?? '');
        if (!sheet) throw new HttpError(404, 'No such sheet.');
        const from = int(url.searchParams.get('from') ?? '1', 'from');
        const count = int(url.searchParams.get('count') ?? '100', 'count');
        const cols = int(url.searchParams.get('cols') ?? String(sheet.maxCols), 'cols');
        return sendJson(res, 200, { version: ws.version, ...sheetWindow(sheet, from, count, cols) });
      }
      case 'POST /api/cell': {
        const ws = ready();
        const body = await readJson(req);
        const sheet = ws.runtime.getSpreadsheet(ws.spreadsheetId)?.sheet(str(body.sheet, 'sheet'));
        if (!sheet) throw new HttpError(404, 'No such sheet.');
        const row = int(body.row, 'row');
        const col = int(body.col, 'col');
        if (row > sheet.maxRows || col > sheet.maxCols) throw new HttpError(400, 'That cell is outside the sheet.');
        // What a user does: types text (Sheets parses it by the cell's format) or ticks a checkbox.
        const value = typeof body.checked === 'boolean' ? body.checked : str(body.input, 'input');
        try {
          sheet.writeValue(row, col, value);
        } catch (error) {
          throw new HttpError(400, error instanceof Error ? error.message : String(error));
        }
        ws.touched();
        return sendJson(res, 200, { ok: true, version: ws.version });
      }
      case 'POST /api/select': {
        // A click in the grid: the selection getActiveRange returns, as in Sheets.
        const ws = ready();
        const body = await readJson(req);
        const book = ws.runtime.getSpreadsheet(ws.spreadsheetId);
        const sheet = book?.sheet(str(body.sheet, 'sheet'));
        if (!book || !sheet) throw new HttpError(404, 'No such sheet.');
        const row = int(body.row, 'row');
        const col = int(body.col, 'col');
        const numRows = int(body.numRows ?? 1, 'numRows');
        const numCols = int(body.numCols ?? 1, 'numCols');
        if (row + numRows - 1 > sheet.maxRows || col + numCols - 1 > sheet.maxCols) throw new HttpError(400, 'That range is outside the sheet.');
        book.select(sheet.name, row, col, numRows, numCols);
        ws.saveSoon();
        return sendJson(res, 200, { ok: true, selection: selectionOf(book) });
      }
      case 'POST /api/rows': {
        const ws = ready();
        const body = await readJson(req);
        const book = ws.runtime.getSpreadsheet(ws.spreadsheetId);
        const sheet = book?.sheet(str(body.sheet, 'sheet'));
        if (!book || !sheet) throw new HttpError(404, 'No such sheet.');
        const action = rowAction(body);
        let at: { row: number; col: number };
        try {
          at = applyRowAction(sheet, action);
        } catch (error) {
          // The runtime's own refusals (the 10,000,000-cell limit) read as the user's mistakes too.
          if (error instanceof GridActionError || (error instanceof Error && error.name === 'Exception')) throw new HttpError(400, error.message);
          throw error;
        }
        book.select(sheet.name, at.row, at.col);
        ws.touched();
        return sendJson(res, 200, { ok: true, version: ws.version, selection: selectionOf(book) });
      }
      case 'GET /api/menu':
        return sendJson(res, 200, { menus: ready().openDocument() });
      case 'POST /api/run': {
        const ws = ready();
        const body = await readJson(req);
        const fn = str(body.fn, 'fn');
        const offered = ws.openDocument().flatMap((m) => m.items).map((i) => i.functionName);
        if (!offered.includes(fn)) throw new HttpError(400, `The add-on menu has no item that runs ${fn}.`);
        const result = ws.runMenuItem(fn);
        const shown = result.ui.sidebars.at(-1);
        let sidebar: { id: string; title: string; url: string } | null = null;
        if (shown) {
          const id = String(nextSidebar++);
          sidebars.set(id, shown.html);
          for (const old of [...sidebars.keys()].slice(0, Math.max(0, sidebars.size - SIDEBARS_KEPT))) sidebars.delete(old);
          sidebar = { id, title: shown.title, url: `${sidebarOrigin}/sidebar/${id}` };
        }
        return sendJson(res, 200, { execution: viewOf(result, fn), sidebar, version: ws.version });
      }
      case 'POST /api/fire-daily': {
        await readJson(req);
        return sendJson(res, 200, ready().fireDailyTrigger());
      }
      case 'POST /api/reset': {
        await readJson(req);
        sidebars.clear();
        await ready().reset();
        log('Reset: new workbook, Zoho reseeded, tokens cleared.');
        return sendJson(res, 200, { ok: true });
      }
      default:
        break;
    }
    const sidebarMatch = /^\/sidebar\/(\d+)$/.exec(url.pathname);
    if (method === 'GET' && sidebarMatch) {
      const html = sidebars.get(sidebarMatch[1] ?? '');
      if (html === undefined) throw new HttpError(404, 'This sidebar was closed; open it again from the menu.');
      return sendText(res, 200, 'text/html', injectShim(html));
    }
    throw new HttpError(404, 'Not found.');
  }

  function zohoUrls(): { accountsServer: string } {
    const us = zoho?.info.dataCenters.us;
    if (!us) throw new HttpError(503, 'The Zoho emulator is not running.');
    return us;
  }

  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    route(req, res).catch((error: unknown) => {
      const status = error instanceof HttpError ? error.status : 500;
      if (status === 500) console.error('[playground]', error);
      if (res.headersSent) {
        res.destroy();
        return;
      }
      sendJson(res, status, { error: error instanceof Error ? error.message : String(error) });
    });
  };
  const server = createServer(handler);
  const sidebarServer = createServer(handler);
  origin = `http://127.0.0.1:${await listen(server, options.port ?? 3000)}`;
  sidebarOrigin = `http://127.0.0.1:${await listen(sidebarServer, 0)}`;

  try {
    zoho = await spawnZohoEmulator({ seed, records, port: 0, redirectUris: [REDIRECT_URI] });
    workspace = new Workspace({
      dataDir, distDir: path.resolve(options.distDir ?? path.join(ROOT, 'dist')), seed, records, zoho, log,
      authorizationBaseUrl: `${origin}${CONSENT_PATH}`,
    });
  } catch (error) {
    await Promise.all([close(server), close(sidebarServer)]);
    await zoho?.stop();
    throw error;
  }
  const ws = workspace;
  const emulator = zoho;

  return {
    url: `${origin}/`,
    get runtime() { return ws.runtime; },
    get spreadsheetId() { return ws.spreadsheetId; },
    user: ws.user,
    zoho: emulator,
    touch: () => ws.touched(),
    stop: async () => {
      await Promise.all([close(server), close(sidebarServer)]);
      ws.close();
      await emulator.stop();
    },
  };
}
