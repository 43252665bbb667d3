// Routes /crm/... on an API domain: match the route, authenticate the token (this DC's only),
// check the scope, take a concurrency slot, apply latency, charge credits, then run the handler.

import type { IncomingHttpHeaders } from 'node:http';
import { type ScopeNeed, scopeAllows } from '../accounts/scopes';
import { SEED_EPOCH_MS } from '../clock';
import type { EmulatorContext } from '../context';
import { applyLatency } from '../faults/latency';
import type { PageFaultKind } from '../faults/types';
import { type Reply, emptyReply, jsonReply } from '../http-util';
import { type DataCenter, findUserByEmail } from '../seed/orgs';
import { resolveModuleName } from '../seed/schema';
import { BULK_READ_CREDITS, coqlCredits, writeCredits } from './limits';
import { bulkModuleOf, bulkReadResult, bulkReadStatus, createBulkRead, findJob } from './bulk-read';
import { coqlLimitOf, runCoql } from './coql';
import { deletedRecords } from './deleted';
import { ZohoApiError, crmErrors, errorReply } from './errors';
import { RecordFormatter, parseHeaderTime } from './format';
import { currenciesBody } from './currencies';
import { customViewBody, customViewsBody, fieldsBody, moduleBodyFor, modulesBody, orgBody, usersBody } from './metadata';
import { countRecords, getRecord, listRecords, moduleParam, parsePage, parsePerPage, searchRecords } from './records';
import { type CrmRequest, header } from './request';
import { countBodyRecords, deleteRecords, insertRecords, updateRecords, upsertRecords } from './writes';

interface CrmRoute {
  /**
   * Zoho answers a request-level error of these calls inside `data`, like a per-record result:
   * `{"data":[{"code":"INVALID_MODULE","details":{"resource_path_index":0},…}]}` (zoho/crm-oas v8.0
   * createRecords, deleteRecords and getDeletedRecords response-400-invalidmodule.md).
   */
  errorsInData?: boolean;
  method: string;
  template: string;
  pattern: RegExp;
  scope(req: CrmRequest): ScopeNeed;
  credits?(req: CrmRequest): number;
  handle(req: CrmRequest): Reply;
}

const METADATA_MODIFIED_MS = SEED_EPOCH_MS - 30 * 86_400_000;
const USER_TYPES = ['AllUsers', 'ActiveUsers', 'DeactiveUsers', 'ConfirmedUsers', 'NotConfirmedUsers', 'DeletedUsers', 'ActiveConfirmedUsers', 'AdminUsers', 'ActiveConfirmedAdmins', 'CurrentUser'];

const M = '(?<module>[A-Za-z0-9_]+)';
const ID = '(?<id>\\d+)';
const modules = (...ops: ('READ' | 'CREATE' | 'UPDATE' | 'DELETE')[]) => (req: CrmRequest): ScopeNeed => ({ kind: 'modules', module: moduleParam(req.params.module), ops });

/** 304 when the client's copy of (static) metadata is current, as the SDK expects (§4.1). */
function notModifiedMetadata(req: CrmRequest, modifiedMs = METADATA_MODIFIED_MS): boolean {
  const raw = header(req, 'if-modified-since');
  const ms = raw ? parseHeaderTime(raw) : null;
  return ms !== null && ms >= modifiedMs;
}

function fieldsModule(req: CrmRequest) {
  const raw = req.query.get('module');
  if (raw === null || raw === '') throw crmErrors.requiredParamMissing('module');
  const module = resolveModuleName(raw);
  if (!module) throw crmErrors.invalidParam('module');
  return module;
}

function listUsers(req: CrmRequest): Reply {
  const type = req.query.get('type') ?? 'AllUsers';
  if (!USER_TYPES.includes(type)) throw crmErrors.invalidParam('type', { supported_values: USER_TYPES });
  const all = req.org.org.users;
  const users = type === 'CurrentUser' ? [req.user]
    : ['DeactiveUsers', 'NotConfirmedUsers', 'DeletedUsers'].includes(type) ? []
      : type === 'AdminUsers' || type === 'ActiveConfirmedAdmins' ? all.filter((u) => u.profile === 'Administrator') : all;
  const page = parsePage(req.query.get('page'));
  const perPage = parsePerPage(req.query.get('per_page'));
  if (users.slice((page - 1) * perPage, page * perPage).length === 0) return emptyReply(204);
  return jsonReply(200, usersBody(req.org, users, page, perPage));
}

const ROUTES: CrmRoute[] = [
  { method: 'GET', template: 'GET /crm/v8/settings/modules', pattern: /^\/crm\/v8\/settings\/modules$/, scope: () => ({ kind: 'settings', sub: 'modules' }),
    handle: (req) => (notModifiedMetadata(req) ? emptyReply(304) : jsonReply(200, modulesBody(req.org.org))) },
  { method: 'GET', template: 'GET /crm/v8/settings/modules/{module}', pattern: new RegExp(`^/crm/v8/settings/modules/${M}$`), scope: () => ({ kind: 'settings', sub: 'modules' }),
    handle: (req) => jsonReply(200, moduleBodyFor(req.org.org, moduleParam(req.params.module))) },
  { method: 'GET', template: 'GET /crm/v8/settings/fields', pattern: /^\/crm\/v8\/settings\/fields$/, scope: () => ({ kind: 'settings', sub: 'fields' }),
    handle: (req) => {
      const module = fieldsModule(req);
      // A field renamed in Setup changes the module's metadata from then on.
      const modified = Math.max(METADATA_MODIFIED_MS, req.org.fieldsModifiedMs(module) ?? 0);
      return notModifiedMetadata(req, modified) ? emptyReply(304) : jsonReply(200, fieldsBody(req.org, module));
    } },
  { method: 'GET', template: 'GET /crm/v8/settings/custom_views', pattern: /^\/crm\/v8\/settings\/custom_views$/, scope: () => ({ kind: 'settings', sub: 'custom_views' }),
    handle: (req) => jsonReply(200, customViewsBody(req.org, fieldsModule(req))) },
  { method: 'GET', template: 'GET /crm/v8/settings/custom_views/{id}', pattern: new RegExp(`^/crm/v8/settings/custom_views/${ID}$`), scope: () => ({ kind: 'settings', sub: 'custom_views' }),
    handle: (req) => {
      const body = customViewBody(req.org, fieldsModule(req), req.params.id ?? '');
      if (body === undefined) throw crmErrors.invalidParam('id');
      return jsonReply(200, body);
    } },
  { method: 'GET', template: 'GET /crm/v8/org', pattern: /^\/crm\/v8\/org$/, scope: () => ({ kind: 'org' }), handle: (req) => jsonReply(200, orgBody(req.org.org, req.org.currencies() !== null)) },
  // zoho/crm-oas v8.0 getCurrencies: scope ZohoCRM.settings.currencies.READ; 403 CURRENCIES_NOT_ENABLED in a single-currency org.
  { method: 'GET', template: 'GET /crm/v8/org/currencies', pattern: /^\/crm\/v8\/org\/currencies$/, scope: () => ({ kind: 'settings', sub: 'currencies' }), handle: (req) => jsonReply(200, currenciesBody(req.org)) },
  { method: 'GET', template: 'GET /crm/v8/users', pattern: /^\/crm\/v8\/users$/, scope: () => ({ kind: 'users' }), handle: listUsers },
  { method: 'GET', template: 'GET /crm/v8/users/{id}', pattern: new RegExp(`^/crm/v8/users/${ID}$`), scope: () => ({ kind: 'users' }),
    handle: (req) => {
      const user = req.org.user(req.params.id ?? '');
      return user ? jsonReply(200, usersBody(req.org, [user], 1, 200)) : emptyReply(204);
    } },
  { method: 'POST', template: 'POST /crm/v8/coql', pattern: /^\/crm\/v8\/coql$/, scope: () => ({ kind: 'coql' }), credits: (req) => coqlCredits(coqlLimitOf(req)), handle: runCoql },
  { method: 'POST', template: 'POST /crm/bulk/v8/read', pattern: /^\/crm\/bulk\/v8\/read$/, scope: (req) => ({ kind: 'bulk', module: bulkModuleOf(req) }), credits: () => BULK_READ_CREDITS, handle: createBulkRead },
  { method: 'GET', template: 'GET /crm/bulk/v8/read/{job_id}', pattern: /^\/crm\/bulk\/v8\/read\/(?<job>\d+)$/, scope: (req) => ({ kind: 'bulk', module: findJob(req).module }), handle: bulkReadStatus },
  { method: 'GET', template: 'GET /crm/bulk/v8/read/{job_id}/result', pattern: /^\/crm\/bulk\/v8\/read\/(?<job>\d+)\/result$/, scope: (req) => ({ kind: 'bulk', module: findJob(req).module }), handle: bulkReadResult },
  { method: 'GET', template: 'GET /crm/v8/{module}/search', pattern: new RegExp(`^/crm/v8/${M}/search$`), scope: modules('READ'), handle: searchRecords },
  { errorsInData: true, method: 'GET', template: 'GET /crm/v8/{module}/deleted', pattern: new RegExp(`^/crm/v8/${M}/deleted$`), scope: modules('READ'), handle: deletedRecords },
  { method: 'GET', template: 'GET /crm/v8/{module}/actions/count', pattern: new RegExp(`^/crm/v8/${M}/actions/count$`), scope: modules('READ'), handle: countRecords },
  { errorsInData: true, method: 'POST', template: 'POST /crm/v8/{module}/upsert', pattern: new RegExp(`^/crm/v8/${M}/upsert$`), scope: modules('CREATE', 'UPDATE'),
    credits: (req) => writeCredits(countBodyRecords(req)), handle: upsertRecords },
  { method: 'GET', template: 'GET /crm/v8/{module}/{id}', pattern: new RegExp(`^/crm/v8/${M}/${ID}$`), scope: modules('READ'), handle: getRecord },
  { errorsInData: true, method: 'PUT', template: 'PUT /crm/v8/{module}/{id}', pattern: new RegExp(`^/crm/v8/${M}/${ID}$`), scope: modules('UPDATE'), handle: updateRecords },
  { errorsInData: true, method: 'DELETE', template: 'DELETE /crm/v8/{module}/{id}', pattern: new RegExp(`^/crm/v8/${M}/${ID}$`), scope: modules('DELETE'), handle: deleteRecords },
  { method: 'GET', template: 'GET /crm/v8/{module}', pattern: new RegExp(`^/crm/v8/${M}$`), scope: modules('READ'), handle: listRecords },
  { errorsInData: true, method: 'POST', template: 'POST /crm/v8/{module}', pattern: new RegExp(`^/crm/v8/${M}$`), scope: modules('CREATE'), credits: (req) => writeCredits(countBodyRecords(req)), handle: insertRecords },
  { errorsInData: true, method: 'PUT', template: 'PUT /crm/v8/{module}', pattern: new RegExp(`^/crm/v8/${M}$`), scope: modules('UPDATE'), credits: (req) => writeCredits(countBodyRecords(req)), handle: updateRecords },
  { errorsInData: true, method: 'DELETE', template: 'DELETE /crm/v8/{module}', pattern: new RegExp(`^/crm/v8/${M}$`), scope: modules('DELETE'), handle: deleteRecords },
];

/** The route template for counters ("GET /crm/v8/{module}"), or 'unmatched'. */
export function crmRouteTemplate(method: string, path: string): string {
  return ROUTES.find((r) => r.method === method && r.pattern.test(path))?.template ?? 'unmatched';
}

function bearerToken(headers: IncomingHttpHeaders): string | null {
  const raw = headers.authorization;
  const m = raw ? /^(?:Zoho-oauthtoken|Bearer)\s+(\S+)\s*$/i.exec(raw) : null;
  return m?.[1] ?? null;
}

export async function handleCrm(
  ctx: EmulatorContext, dc: DataCenter, method: string, path: string, query: URLSearchParams, headers: IncomingHttpHeaders, body: Buffer, latencyMs: number,
  pageFault?: PageFaultKind,
): Promise<{ route: string; reply: Reply }> {
  const route = ROUTES.find((r) => r.method === method && r.pattern.test(path));
  if (!route) {
    const other = ROUTES.find((r) => r.pattern.test(path));
    const error = other ? crmErrors.invalidRequestMethod() : crmErrors.invalidUrlPattern();
    if (latencyMs > 0) await applyLatency(latencyMs);
    return { route: 'unmatched', reply: errorReply(error) };
  }
  const template = route.template;
  try {
    // Zoho: access tokens travel only in the Authorization header; a query-string token is ignored (§2.11).
    const tokenText = bearerToken(headers);
    const token = tokenText ? ctx.tokens.findAccessToken(tokenText) : undefined;
    if (!token || token.dc !== dc) throw crmErrors.invalidToken();
    const found = findUserByEmail(token.userEmail);
    if (!found) throw crmErrors.invalidToken();
    const org = ctx.store.org(dc);
    const params = (route.pattern.exec(path)?.groups ?? {}) as Record<string, string>;
    const req: CrmRequest = { ctx, method, path, query, headers, body, params, dc, org, user: found.user, token, fmt: new RecordFormatter(org), pageFault };
    const need = route.scope(req);
    if (!scopeAllows(token.scopes, need)) throw crmErrors.scopeMismatch();
    // The token may carry the scope while the user's profile has lost the module (Setup > Profiles).
    if (need.kind === 'modules' && !org.modulePermitted(found.user.id, moduleParam(need.module))) throw crmErrors.noModulePermission(moduleParam(need.module));
    if (!ctx.limits.tryEnter(dc)) throw crmErrors.tooManyRequests('You have reached the maximum number of concurrent API calls allowed. Try again after the ongoing calls complete.');
    try {
      if (latencyMs > 0) await applyLatency(latencyMs);
      const credits = route.credits ? route.credits(req) : 1;
      if (!ctx.limits.charge(dc, credits)) throw crmErrors.tooManyRequests('You have exhausted the API credits allotted for the day. Try again later.');
      ctx.counters.addCredits(dc, credits);
      const reply = route.handle(req);
      reply.headers['X-API-CREDITS-REMAINING'] = String(ctx.limits.remaining(dc));
      return { route: template, reply };
    } finally {
      ctx.limits.leave(dc);
    }
  } catch (error) {
    if (error instanceof ZohoApiError && route.errorsInData && error.code === 'INVALID_MODULE') {
      return { route: template, reply: jsonReply(error.status, { data: [error.toBody()] }) };
    }
    if (error instanceof ZohoApiError) return { route: template, reply: errorReply(error) };
    throw error;
  }
}

