// The Sheets backend in a process of its own. In Apps Script a workbook's cells live in Sheets,
// not in the script's memory; by default the runtime keeps them in its own process all the same
// (simple, and tests can look at them directly). With `cellStoreUrl` they live in a cell store:
// a small HTTP server, usually started in a child process with `spawnCellStore`. SheetModel then
// sends each block operation (one a service call: read a range, write a range, last row, ...) by
// name, and the store runs it on a SheetModel of its own. The runtime reaches it through the same
// blocking HTTP bridge as UrlFetchApp, outside any quota or count: it stands for Google's side.

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { startChildServer } from '../child-process';
import { GasError } from './execution';
import type { HttpBridge } from './http-bridge';
import { SheetModel, SpreadsheetModel, type RemoteCells, type RemoteMethod, type SheetData } from './services/spreadsheet-model';

const METHODS: readonly RemoteMethod[] = [
  'readGrid', 'writeGrid', 'setFormulaGrid', 'setFormatGrid', 'patchExtrasGrid', 'checkboxes',
  'clearCells', 'clearAllContents', 'clearAll', 'lastRow', 'lastColumn', 'spliceRows', 'spliceColumns',
  'exportRows', 'importRows', 'permuteRows',
];

const isDate = (v: unknown): v is Date => Object.prototype.toString.call(v) === '[object Date]';

/** JSON with the values it cannot carry tagged: Dates (from either realm) and non-finite numbers. */
function encodeCells(value: unknown): string {
  return JSON.stringify(value, function replace(this: Record<string, unknown>, key: string, v: unknown) {
    const raw = this[key];
    if (isDate(raw)) return { $d: raw.getTime() };
    if (typeof v === 'number' && !Number.isFinite(v)) return { $n: String(v) };
    return v;
  });
}

function decodeCells(text: string): unknown {
  return JSON.parse(text, (_key, v: unknown) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    if ('$d' in v) return new Date((v as { $d: number | null }).$d ?? NaN);
    if ('$n' in v) return Number((v as { $n: string }).$n);
    return v;
  });
}

interface Call { key: string; timeZone: string; method: RemoteMethod; args: unknown[] }
type Reply = { value?: unknown; error?: string; gas?: boolean };

/** The runtime's side: one blocking HTTP call per block operation. */
export class HttpRemoteCells implements RemoteCells {
  constructor(private readonly url: string, private readonly bridge: HttpBridge) {}

  call(sheet: SheetModel, method: RemoteMethod, args: unknown[]): unknown {
    const call: Call = { key: `${sheet.book.id}/${sheet.id}`, timeZone: sheet.book.timeZone, method, args };
    const [answer] = this.bridge.send([{
      url: `${this.url}/call`, method: 'POST', headers: { 'Content-Type': 'application/json' }, body: Buffer.from(encodeCells(call)),
      followRedirects: false, maxRedirects: 0, validateHttpsCertificates: true, timeoutMs: 120_000,
    }], { handOver: true });
    if (!answer?.ok) throw new Error(`The cell store at ${this.url} did not answer: ${answer ? `${answer.code} ${answer.message}` : 'no answer'}`);
    const reply = decodeCells(Buffer.from(answer.body).toString('utf8')) as Reply;
    if (reply.error !== undefined) throw reply.gas ? new GasError(reply.error) : new Error(`cell store: ${reply.error}`);
    return reply.value;
  }
}

/** The store's side: sheets by workbook and sheet id, each operation run on a local SheetModel. */
function cellStoreHandler(): (body: string) => string {
  const sheets = new Map<string, SheetData>();
  return (body) => {
    try {
      const { key, timeZone, method, args } = decodeCells(body) as Call;
      if (!METHODS.includes(method)) throw new Error(`unknown method ${String(method)}`);
      let data = sheets.get(key);
      if (!data) {
        data = { id: 0, name: key, maxRows: 0, maxCols: 0, frozenRows: 0, frozenCols: 0, rows: [], hiddenCols: [], colWidths: {} };
        sheets.set(key, data);
      }
      const book = new SpreadsheetModel({ id: key, name: key, timeZone, owner: '', locale: 'en_US', sheets: [data], metadata: [], protections: [], nextId: 1 });
      const model = new SheetModel(book, data) as unknown as Record<RemoteMethod, (...a: unknown[]) => unknown>;
      return encodeCells({ value: model[method](...args) } satisfies Reply);
    } catch (error) {
      return encodeCells({ error: error instanceof Error ? error.message : String(error), gas: error instanceof GasError } satisfies Reply);
    }
  };
}

export interface RunningCellStore { url: string; stop(): Promise<void> }

/** The store as an HTTP server in this process (POST /call; GET /stats gives its peak RSS). */
export async function startCellStore(port = 0): Promise<RunningCellStore> {
  const handle = cellStoreHandler();
  const server = createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/stats') {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ peakRssMb: Math.round(process.resourceUsage().maxRSS / 102.4) / 10 }));
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const out = handle(Buffer.concat(chunks).toString('utf8'));
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(out);
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${bound}`,
    stop: () => new Promise<void>((resolve) => { server.close(() => resolve()); server.closeAllConnections(); }),
  };
}

/** The store in a child process (cell-store-cli.ts): a runtime that calls it blocks its own thread. */
export async function spawnCellStore(): Promise<RunningCellStore> {
  const { info, stop } = await startChildServer<{ url: string }>('The cell store', ['--require', 'tsx/cjs', path.join(__dirname, 'cell-store-cli.ts')],
    path.resolve(__dirname, '..', '..'));
  return { url: info.url, stop };
}
