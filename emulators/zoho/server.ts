// Starts the Zoho emulator: per data centre an accounts server and an API domain on separate
// ports, admin on the first port. `startZohoEmulator` runs it in this process; `spawnZohoEmulator`
// runs cli.ts in a child process (needed when a test calls it through a synchronous HTTP client).

import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { OAuthServer } from './accounts/oauth';
import { TokenStore } from './accounts/tokens';
import { AdminApi, type EmulatorInfo } from './admin';
import { ZohoAdminClient } from './admin-client';
import type { RunningZohoEmulator } from './spawn';
import { EmulatorClock } from './clock';
import type { EmulatorContext } from './context';
import { Counters } from './counters';
import { BulkReadJobs } from './crm/bulk-read';
import { OrgLimits } from './crm/limits';
import { crmRouteTemplate, handleCrm } from './crm/router';
import { burst429Reply } from './faults/burst429';
import { dropConnection } from './faults/drop';
import { applyLatency } from './faults/latency';
import { malformedReply } from './faults/malformed';
import { FaultRegistry } from './faults/registry';
import { statusFaultReply } from './faults/status';
import { sendTruncated } from './faults/truncate';
import { PAGE_FAULT_KINDS } from './faults/types';
import { type Reply, jsonReply, readBody } from './http-util';
import {
  APPS_SCRIPT_TEST_REDIRECT_URI, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_NAME, DEFAULT_CLIENT_SECRET, type ZohoEmulatorOptions, resolveOptions,
} from './options';
import type { DataCenter } from './seed/orgs';
import { SEED_ORGS } from './seed/orgs';
import { MemoryStore } from './store/memory';
import { moduleSizesFor } from './store/types';

export type { ZohoEmulatorOptions } from './options';
export type { EmulatorInfo } from './admin';
export { ZohoAdminClient } from './admin-client';


interface PortRole {
  kind: 'accounts' | 'api';
  dc: DataCenter;
  admin: boolean;
}

const LIST_ROUTE = 'GET /crm/v8/{module}';
const INVALID_URL_PATTERN = { code: 'INVALID_URL_PATTERN', details: {}, message: 'Please check if the URL trying to access is a correct one', status: 'error' };
const ACCOUNTS_ROUTES: Record<string, string> = {
  'GET /oauth/v2/auth': 'GET /oauth/v2/auth', 'POST /oauth/v2/auth': 'POST /oauth/v2/auth',
  'POST /oauth/v2/token': 'POST /oauth/v2/token', 'POST /oauth/v2/token/revoke': 'POST /oauth/v2/token/revoke',
};

function send(res: ServerResponse, reply: Reply): void {
  const body = Buffer.isBuffer(reply.body) ? reply.body : Buffer.from(reply.body, 'utf8');
  const headers: Record<string, string> = { ...reply.headers };
  if (reply.status !== 204 && reply.status !== 304) headers['Content-Length'] = String(body.length);
  res.writeHead(reply.status, headers);
  res.end(reply.status === 204 || reply.status === 304 ? undefined : body);
}

function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function createContext(options: ZohoEmulatorOptions): EmulatorContext {
  const clock = new EmulatorClock();
  const tokens = new TokenStore(clock, options.tokenTtlSeconds);
  tokens.addClient({
    clientId: DEFAULT_CLIENT_ID, clientSecret: DEFAULT_CLIENT_SECRET, name: DEFAULT_CLIENT_NAME,
    redirectUris: [APPS_SCRIPT_TEST_REDIRECT_URI, ...options.redirectUris.filter((u) => u !== APPS_SCRIPT_TEST_REDIRECT_URI)],
  });
  return {
    options, clock, tokens,
    store: new MemoryStore({ seed: options.seed, moduleSizes: moduleSizesFor(options.records, options.moduleSizes) }),
    counters: new Counters(),
    faults: new FaultRegistry(options.seed),
    limits: new OrgLimits(clock, options.creditsPerDay, options.concurrency),
    bulk: new BulkReadJobs(clock, () => options.bulkJobSeconds),
    urls: {},
  };
}

function requestHandler(ctx: EmulatorContext, role: PortRole, admin: () => AdminApi, oauth: OAuthServer) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    // Zoho's Date header is Zoho's clock; here that is the emulator's clock, which admin can move,
    // so records' Modified_Time and the Date a client reads agree (Node would send the host's time).
    res.setHeader('Date', new Date(ctx.clock.now()).toUTCString());
    try {
      const method = (req.method ?? 'GET').toUpperCase();
      const url = new URL(req.url ?? '/', 'http://emulator.invalid');
      const pathname = url.pathname;
      if (pathname === '/__admin' || pathname.startsWith('/__admin/')) {
        const body = await readBody(req);
        send(res, role.admin ? await admin().handle(method, pathname, url.searchParams, body) : jsonReply(404, INVALID_URL_PATTERN));
        return;
      }
      const wrongServer = role.kind === 'accounts' ? !pathname.startsWith('/oauth/') : !pathname.startsWith('/crm/');
      if (wrongServer) {
        await readBody(req);
        ctx.counters.recordCall('unmatched', 404);
        send(res, jsonReply(404, INVALID_URL_PATTERN));
        return;
      }
      const template = role.kind === 'accounts' ? ACCOUNTS_ROUTES[`${method} ${pathname}`] ?? 'unmatched' : crmRouteTemplate(method, pathname);
      // Faults match `METHOD path?query`, so a test can aim at later pages (`page_token`).
      const isList = template === LIST_ROUTE;
      const fault = ctx.faults.take(method, pathname + url.search, (kind) => isList || !PAGE_FAULT_KINDS.includes(kind));
      if (fault) ctx.counters.addFault();
      const after = fault?.after === true;
      if (fault?.kind === 'drop' && !after) {
        ctx.counters.recordCall(template, 0);
        dropConnection(res);
        return;
      }
      if ((fault?.kind === 'status' && !after) || fault?.kind === 'burst429') {
        await readBody(req);
        const reply = fault.kind === 'status' ? statusFaultReply(fault) : burst429Reply();
        ctx.counters.recordCall(template, reply.status);
        send(res, reply);
        return;
      }
      const body = await readBody(req);
      const latencyMs = fault?.kind === 'latency' ? Number(fault.ms ?? 0) : 0;
      let result: { route: string; reply: Reply };
      if (role.kind === 'accounts') {
        if (latencyMs > 0) await applyLatency(latencyMs);
        result = await oauth.handle(method, pathname, url.searchParams, body, req.headers['content-type']);
      } else {
        const pageFault = fault?.kind === 'repeatPage' || fault?.kind === 'emptyPage' ? fault.kind : undefined;
        result = await handleCrm(ctx, role.dc, method, pathname, url.searchParams, req.headers, body, latencyMs, pageFault);
      }
      // From here on Zoho has done the work (a write is applied); the faults below only spoil the answer.
      if (fault?.kind === 'drop') {
        ctx.counters.recordCall(result.route, 0);
        dropConnection(res);
        return;
      }
      if (fault?.kind === 'status') {
        const reply = statusFaultReply(fault);
        ctx.counters.recordCall(result.route, reply.status);
        send(res, reply);
        return;
      }
      ctx.counters.recordCall(result.route, result.reply.status);
      if (fault?.kind === 'truncate') sendTruncated(res, result.reply);
      else if (fault?.kind === 'malformed') send(res, malformedReply(result.reply));
      else send(res, result.reply);
    } catch (error) {
      console.error('[zoho-emulator] request failed:', error);
      if (!res.headersSent) send(res, jsonReply(500, { code: 'INTERNAL_ERROR', details: {}, message: 'Internal Server Error', status: 'error' }));
      else res.destroy();
    }
  };
}

/** Starts the emulator in this process. */
export async function startZohoEmulator(opts: Partial<ZohoEmulatorOptions> = {}): Promise<RunningZohoEmulator> {
  const options = resolveOptions(opts);
  const ctx = createContext(options);
  const servers: Server[] = [];
  const holder: { api?: AdminApi } = {};
  const adminGetter = () => {
    if (!holder.api) throw new Error('admin not ready');
    return holder.api;
  };
  let nextPort = options.port;
  let adminUrl = '';
  for (const [i, dc] of options.dataCenters.entries()) {
    const urls: Partial<Record<'accounts' | 'api', string>> = {};
    for (const kind of ['accounts', 'api'] as const) {
      const role: PortRole = { kind, dc, admin: i === 0 && kind === 'accounts' };
      const server = createServer({ keepAlive: true }, requestHandler(ctx, role, adminGetter, new OAuthServer(ctx, dc)));
      server.keepAliveTimeout = 5000;
      const port = await listen(server, options.host, options.port === 0 ? 0 : nextPort++);
      servers.push(server);
      urls[kind] = `http://${options.host}:${port}`;
      if (role.admin) adminUrl = `${urls[kind]}/__admin`;
    }
    ctx.urls[dc] = { accountsServer: urls.accounts ?? '', apiDomain: urls.api ?? '', location: dc };
  }
  const defaultClient = ctx.tokens.clients.get(DEFAULT_CLIENT_ID);
  const info: EmulatorInfo = {
    dataCenters: { ...ctx.urls },
    admin: adminUrl,
    client: { client_id: DEFAULT_CLIENT_ID, client_secret: DEFAULT_CLIENT_SECRET, redirect_uris: defaultClient?.redirectUris ?? [] },
    users: Object.fromEntries(options.dataCenters.map((dc) => [dc, SEED_ORGS[dc].users[0]?.email ?? ''])),
  };
  holder.api = new AdminApi(ctx, () => info);
  return {
    info,
    admin: new ZohoAdminClient(adminUrl),
    stop: async () => {
      await Promise.all(servers.map((s) => new Promise<void>((resolve) => {
        s.close(() => resolve());
        s.closeAllConnections();
      })));
    },
  };
}

export { spawnZohoEmulator } from './spawn';
export type { RunningZohoEmulator } from './spawn';
