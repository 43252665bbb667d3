// Test-only routes under /__admin on the admin (first) port, apart from Zoho's paths
// (fake-gcs-server keeps /_internal the same way). JSON in, JSON out.

import { selfClientCode } from './accounts/oauth';
import type { EmulatorContext } from './context';
import { CURRENCY_FIELD, EXCHANGE_RATE_FIELD, baseCurrencyOf, currencyFieldDefs, hasCurrencyFields } from './crm/currencies';
import { RecordFormatter } from './crm/format';
import { customViews } from './crm/metadata';
import { validateRecord } from './crm/validation';
import type { FaultSpec } from './faults/types';
import { type Reply, isPlainObject, jsonReply, parseJsonBody } from './http-util';
import { ALL_DATA_CENTERS, type DataCenter, SEED_ORGS, findUserByEmail } from './seed/orgs';
import { MODULES, type ModuleName, resolveModuleName } from './seed/schema';
import { moduleSizesFor } from './store/types';

export interface EmulatorInfo {
  dataCenters: Partial<Record<DataCenter, { accountsServer: string; apiDomain: string; location: DataCenter }>>;
  admin: string;
  client: { client_id: string; client_secret: string; redirect_uris: string[] };
  users: Partial<Record<DataCenter, string>>;
}

function bad(message: string, status = 400): Reply {
  return jsonReply(status, { error: message });
}

function body(raw: Buffer): Record<string, unknown> {
  const parsed = parseJsonBody(raw);
  if (!parsed.ok) throw new AdminError('body is not valid JSON');
  if (parsed.value === undefined) return {};
  if (!isPlainObject(parsed.value)) throw new AdminError('body must be a JSON object');
  return parsed.value;
}

class AdminError extends Error {
  constructor(message: string, readonly status = 400) {
    super(message);
  }
}

function dcParam(ctx: EmulatorContext, raw: string | undefined): DataCenter {
  const dc = ALL_DATA_CENTERS.find((d) => d === raw);
  if (!dc || !ctx.urls[dc]) throw new AdminError(`unknown data centre ${raw ?? ''}`, 404);
  return dc;
}

function moduleParam(raw: string | undefined): ModuleName {
  const module = raw ? resolveModuleName(raw) : undefined;
  if (!module) throw new AdminError(`unknown module ${raw ?? ''}`, 404);
  return module;
}

function sizesFrom(input: Record<string, unknown>, records: number): Record<ModuleName, number> {
  const overrides: Partial<Record<ModuleName, number>> = {};
  if (input.moduleSizes !== undefined) {
    if (!isPlainObject(input.moduleSizes)) throw new AdminError('moduleSizes must be an object');
    for (const [name, value] of Object.entries(input.moduleSizes)) {
      const module = resolveModuleName(name);
      const n = Number(value);
      if (!module || !Number.isInteger(n) || n < 0 || n > 200_000) throw new AdminError(`bad module size ${name}=${String(value)} (0..200000)`);
      overrides[module] = n;
    }
  }
  return moduleSizesFor(records, overrides);
}

export class AdminApi {
  constructor(private readonly ctx: EmulatorContext, private readonly info: () => EmulatorInfo) {}

  async handle(method: string, path: string, query: URLSearchParams, raw: Buffer): Promise<Reply> {
    try {
      return this.route(method, path.replace(/\/+$/, ''), query, raw);
    } catch (error) {
      if (error instanceof AdminError) return bad(error.message, error.status);
      if (error instanceof Error) return bad(error.message);
      throw error;
    }
  }

  private route(method: string, path: string, query: URLSearchParams, raw: Buffer): Reply {
    const ctx = this.ctx;
    const key = `${method} ${path}`;
    switch (key) {
      case 'GET /__admin':
      case 'GET /__admin/info':
        return jsonReply(200, this.info());
      case 'POST /__admin/reset': return this.reset(body(raw));
      case 'POST /__admin/self-client': {
        const input = body(raw);
        const clientId = String(input.client_id ?? this.info().client.client_id);
        const code = selfClientCode(ctx, clientId, String(input.scope ?? ''), String(input.user ?? ''),
          input.durationSeconds === undefined ? undefined : Number(input.durationSeconds));
        return jsonReply(200, { code: code.code, location: code.dc, 'accounts-server': ctx.urls[code.dc]?.accountsServer ?? null, expires_in: Math.round((code.expiresAtMs - ctx.clock.now()) / 1000) });
      }
      case 'POST /__admin/clients': {
        const input = body(raw);
        const uris = Array.isArray(input.redirect_uris) ? input.redirect_uris.map(String) : [];
        const client = ctx.tokens.createClient(String(input.name ?? 'Test client'), uris);
        return jsonReply(201, { client_id: client.clientId, client_secret: client.clientSecret, redirect_uris: client.redirectUris });
      }
      case 'GET /__admin/clients':
        return jsonReply(200, { clients: [...ctx.tokens.clients.values()].map((c) => ({ client_id: c.clientId, name: c.name, redirect_uris: c.redirectUris })) });
      case 'POST /__admin/tokens/expire': {
        const user = this.userParam(body(raw));
        return jsonReply(200, { expired: ctx.tokens.expireAccessTokens(user) });
      }
      case 'POST /__admin/tokens/revoke': {
        const user = this.userParam(body(raw));
        return jsonReply(200, { revoked: ctx.tokens.revokeAll(user) });
      }
      case 'GET /__admin/tokens':
        return jsonReply(200, ctx.tokens.stats());
      case 'POST /__admin/faults': {
        const fault = ctx.faults.add(body(raw) as unknown as FaultSpec);
        return jsonReply(201, fault);
      }
      case 'GET /__admin/faults': return jsonReply(200, { faults: ctx.faults.list() });
      case 'DELETE /__admin/faults':
        ctx.faults.clear();
        return jsonReply(200, { faults: [] });
      case 'GET /__admin/counters':
        return jsonReply(200, { ...ctx.counters.snapshot(), limits: ctx.limits.status() });
      case 'POST /__admin/counters/reset':
        ctx.counters.reset();
        ctx.limits.resetCredits();
        return jsonReply(200, ctx.counters.snapshot());
      case 'POST /__admin/limits': {
        const input = body(raw);
        ctx.limits.configure(input.creditsPerDay === undefined ? undefined : Number(input.creditsPerDay), input.concurrency === undefined ? undefined : Number(input.concurrency));
        if (input.creditsPerDay !== undefined) ctx.options.creditsPerDay = Number(input.creditsPerDay);
        if (input.concurrency !== undefined) ctx.options.concurrency = Number(input.concurrency);
        return jsonReply(200, ctx.limits.status());
      }
      case 'GET /__admin/clock':
        return jsonReply(200, { now: new Date(ctx.clock.now()).toISOString(), advancedSeconds: ctx.clock.advancedSeconds });
      case 'POST /__admin/clock': {
        const input = body(raw);
        ctx.clock.advance(Number(input.advanceSeconds ?? 0));
        return jsonReply(200, { now: new Date(ctx.clock.now()).toISOString(), advancedSeconds: ctx.clock.advancedSeconds });
      }
      default: {
        const client = /^\/__admin\/clients\/([A-Za-z0-9.]+)$/.exec(path);
        if (client && method === 'PATCH') return this.multiDc(client[1] ?? '', body(raw));
        const permission = /^\/__admin\/orgs\/([a-z]+)\/permissions$/.exec(path);
        if (permission && method === 'POST') return this.modulePermission(permission[1], raw);
        const sharing = /^\/__admin\/orgs\/([a-z]+)\/sharing$/.exec(path);
        if (sharing) return this.sharing(method, sharing[1], raw);
        const field = /^\/__admin\/orgs\/([a-z]+)\/fields\/([A-Za-z_]+)\/([A-Za-z0-9_]+)$/.exec(path);
        if (field) return this.renameField(method, field[1], field[2], field[3], raw);
        const currencies = /^\/__admin\/orgs\/([a-z]+)\/currencies$/.exec(path);
        if (currencies) return this.currencies(method, currencies[1], raw);
        const lock = /^\/__admin\/orgs\/([a-z]+)\/records\/([A-Za-z_]+)\/(\d+)\/lock$/.exec(path);
        if (lock) return this.lockRecord(method, lock[1], lock[2], lock[3] ?? '', raw);
        const recordCurrency = /^\/__admin\/orgs\/([a-z]+)\/records\/([A-Za-z_]+)\/(\d+)\/currency$/.exec(path);
        if (recordCurrency) return this.recordCurrency(method, recordCurrency[1], recordCurrency[2], recordCurrency[3] ?? '', raw);
        const view = /^\/__admin\/orgs\/([a-z]+)\/custom_views\/([A-Za-z_]+)\/(\d+)$/.exec(path);
        if (view) return this.setViewCriteria(method, view[1], view[2], view[3] ?? '', raw);
        return this.records(method, path, query, raw);
      }
    }
  }

  /** PATCH /__admin/clients/{id}: Zoho's Multi-DC settings, `{data_centers?: ['us'], dc_secrets?: {eu: '…'}}`. */
  private multiDc(clientId: string, input: Record<string, unknown>): Reply {
    const client = this.ctx.tokens.clients.get(clientId);
    if (!client) throw new AdminError(`unknown client ${clientId}`, 404);
    if (input.data_centers !== undefined) {
      client.dataCenters = Array.isArray(input.data_centers) ? input.data_centers.map((dc) => dcParam(this.ctx, String(dc))) : undefined;
    }
    if (input.dc_secrets !== undefined) {
      const secrets = (input.dc_secrets ?? {}) as Record<string, unknown>;
      client.dcSecrets = Object.fromEntries(Object.entries(secrets).map(([dc, secret]) => [dcParam(this.ctx, dc), String(secret)]));
    }
    return jsonReply(200, { client_id: client.clientId, data_centers: client.dataCenters ?? null, dc_secrets: Object.keys(client.dcSecrets ?? {}) });
  }

  private userParam(input: Record<string, unknown>): string | undefined {
    if (input.user === undefined || input.user === null) return undefined;
    const found = findUserByEmail(String(input.user));
    if (!found) throw new AdminError(`unknown user ${String(input.user)}`, 404);
    return found.user.email;
  }

  private reset(input: Record<string, unknown>): Reply {
    const ctx = this.ctx;
    const seed = input.seed === undefined ? ctx.store.options().seed : Number(input.seed);
    const records = input.records === undefined ? ctx.options.records : Number(input.records);
    if (!Number.isInteger(seed)) throw new AdminError('seed must be an integer');
    if (!Number.isInteger(records) || records < 0 || records > 200_000) throw new AdminError('records must be 0..200000');
    const moduleSizes = sizesFrom(input, records);
    const extraUsers = input.users === undefined ? 0 : Number(input.users);
    if (!Number.isInteger(extraUsers) || extraUsers < 0 || extraUsers > 5000) throw new AdminError('users must be 0..5000');
    ctx.store.reset({ seed, moduleSizes, extraUsers });
    ctx.options.seed = seed;
    ctx.options.records = records;
    ctx.faults.reseed(seed);
    ctx.bulk.clear();
    ctx.counters.reset();
    ctx.limits.resetCredits();
    if (input.tokens === true) ctx.tokens.clearTokens();
    return jsonReply(200, { seed, moduleSizes, tokensCleared: input.tokens === true });
  }

  /**
   * POST /__admin/orgs/{dc}/permissions {user, module, permitted}: an admin takes a module away from
   * (or gives it back to) a user's profile. Every record route of that module then answers that
   * user 403 NO_PERMISSION (reference §8); metadata routes are unchanged. Reset gives it back.
   */
  private modulePermission(rawDc: string | undefined, raw: Buffer): Reply {
    const org = this.ctx.store.org(dcParam(this.ctx, rawDc));
    const input = body(raw);
    const module = moduleParam(typeof input.module === 'string' ? input.module : undefined);
    const user = org.org.users.find((u) => u.email === String(input.user ?? ''));
    if (!user) throw new AdminError(`unknown user ${String(input.user)} in ${org.dc}`, 404);
    if (typeof input.permitted !== 'boolean') throw new AdminError('permitted must be true or false');
    org.setModulePermitted(user.id, module, input.permitted);
    return jsonReply(200, { user: user.email, module, permitted: input.permitted });
  }

  /** /__admin/orgs/{dc}/sharing: a module's default access in Data Sharing Settings (public/private). */
  private sharing(method: string, rawDc: string | undefined, raw: Buffer): Reply {
    const org = this.ctx.store.org(dcParam(this.ctx, rawDc));
    const all = () => Object.fromEntries((Object.keys(MODULES) as ModuleName[]).map((m) => [m, org.sharing(m)]));
    if (method === 'GET') return jsonReply(200, { sharing: all() });
    if (method !== 'POST') return bad(`no admin route ${method} /__admin/orgs/${rawDc ?? ''}/sharing`, 404);
    const input = body(raw);
    const module = moduleParam(typeof input.module === 'string' ? input.module : undefined);
    if (input.access !== 'public' && input.access !== 'private') throw new AdminError('access must be public or private');
    org.setSharing(module, input.access);
    return jsonReply(200, { module, access: input.access, sharing: all() });
  }

  /**
   * PATCH /__admin/orgs/{dc}/fields/{module}/{api_name} {field_label}: an admin renames a field in
   * Setup. settings/fields then shows the new label (field_label and display_label); the api name,
   * records and every other route are unchanged.
   */
  private renameField(method: string, rawDc: string | undefined, rawModule: string | undefined, apiName: string | undefined, raw: Buffer): Reply {
    if (method !== 'PATCH' && method !== 'DELETE') return bad(`no admin route ${method} /__admin/orgs/${rawDc ?? ''}/fields/${rawModule ?? ''}/${apiName ?? ''}`, 404);
    const org = this.ctx.store.org(dcParam(this.ctx, rawDc));
    const module = moduleParam(rawModule);
    const field = MODULES[module].fields.find((f) => f.apiName === apiName);
    if (!field || org.fieldDeleted(module, field.apiName)) throw new AdminError(`${module} has no field ${apiName ?? ''}`, 404);
    if (method === 'DELETE') {
      // Zoho lets an admin delete custom fields only (Setup > Modules and Fields > the field > Delete).
      if (!field.custom) throw new AdminError(`${field.apiName} is a standard field; only custom fields can be deleted`);
      org.deleteField(module, field.apiName, this.ctx.clock.now());
      return jsonReply(200, { module, api_name: field.apiName, deleted: true });
    }
    const patch = body(raw);
    if (patch.read_only !== undefined) {
      // An admin makes a field read-only for every profile (Setup > Modules and Fields > the field >
      // Set Permission > Read Only); settings/fields then shows read_only and field_read_only
      // (reference §4.2 [R9]) and a write of the field is refused as a read-only field's.
      if (typeof patch.read_only !== 'boolean') throw new AdminError('read_only must be true or false');
      org.setFieldReadOnly(module, field.apiName, patch.read_only, this.ctx.clock.now());
      return jsonReply(200, { module, api_name: field.apiName, read_only: patch.read_only });
    }
    const values = patch.pick_list_values;
    if (values !== undefined) {
      // An admin edits a picklist's options (Setup > Modules and Fields); settings/fields and writes follow.
      if (!['picklist', 'multiselectpicklist'].includes(field.dataType)) throw new AdminError(`${field.apiName} is not a picklist`);
      if (!Array.isArray(values) || !values.length || values.some((v) => typeof v !== 'string' || v.trim() === '')) throw new AdminError('pick_list_values must be a non-empty list of non-empty strings');
      org.setPicklist(module, field.apiName, values as string[], this.ctx.clock.now());
      return jsonReply(200, { module, api_name: field.apiName, pick_list_values: values });
    }
    const label = patch.field_label;
    if (typeof label !== 'string' || label.trim() === '') throw new AdminError('field_label must be a non-empty string');
    org.renameField(module, field.apiName, label, this.ctx.clock.now());
    return jsonReply(200, { module, api_name: field.apiName, field_label: label });
  }

  /**
   * PATCH /__admin/orgs/{dc}/custom_views/{module}/{cvid} {criteria}: an admin edits a view's
   * criteria. No record is modified; GET records with `cvid` and GET settings/custom_views/{id}
   * follow the new criteria (and its modified_time) from then on.
   */
  private setViewCriteria(method: string, rawDc: string | undefined, rawModule: string | undefined, cvid: string, raw: Buffer): Reply {
    if (method !== 'PATCH') return bad(`no admin route ${method} /__admin/orgs/${rawDc ?? ''}/custom_views/${rawModule ?? ''}/${cvid}`, 404);
    const org = this.ctx.store.org(dcParam(this.ctx, rawDc));
    const module = moduleParam(rawModule);
    if (!customViews(org, module).some((v) => v.id === cvid)) throw new AdminError(`${module} has no custom view ${cvid}`, 404);
    const criteria = body(raw).criteria ?? null;
    org.setViewCriteria(cvid, criteria, this.ctx.clock.now());
    return jsonReply(200, { module, id: cvid, criteria });
  }

  /**
   * POST /__admin/orgs/{dc}/currencies {currencies: [{iso_code, symbol, name?, exchange_rate?,
   * decimal_places?}], record_symbols?}: an admin turns on multi-currency with these currencies
   * besides the org's own (its base). GET shows them. `record_symbols: false` makes records come
   * without `$currency_symbol` (crm/currencies.ts says why that is a switch).
   */
  private currencies(method: string, rawDc: string | undefined, raw: Buffer): Reply {
    const org = this.ctx.store.org(dcParam(this.ctx, rawDc));
    if (method === 'GET') return jsonReply(200, { currencies: org.currencies() });
    if (method !== 'POST') return bad(`no admin route ${method} /__admin/orgs/${rawDc ?? ''}/currencies`, 404);
    const input = body(raw);
    const extra = Array.isArray(input.currencies) ? input.currencies as Array<Record<string, unknown>> : [];
    const list = [baseCurrencyOf(org.org)];
    for (const c of extra) {
      const isoCode = String(c.iso_code ?? '');
      if (!/^[A-Z]{3}$/.test(isoCode) || typeof c.symbol !== 'string' || c.symbol === '') throw new AdminError('each currency needs a three-letter iso_code and a symbol');
      if (list.some((known) => known.isoCode === isoCode)) continue;
      const places = c.decimal_places === undefined ? 2 : Number(c.decimal_places);
      if (![0, 2, 3].includes(places)) throw new AdminError('decimal_places must be 0, 2 or 3');
      list.push({ isoCode, symbol: c.symbol, name: String(c.name ?? isoCode), exchangeRate: String(c.exchange_rate ?? '1.000000000'), decimalPlaces: places, isActive: true });
    }
    org.setCurrencies({ list, recordSymbols: input.record_symbols !== false }, this.ctx.clock.now());
    return jsonReply(200, { currencies: org.currencies() });
  }

  /**
   * POST /__admin/orgs/{dc}/records/{module}/{id}/lock {locked?: boolean}: the record is sent for
   * approval or enters a blueprint state that locks it (or is released). Updates then fail for it
   * with RECORD_LOCKED (crm/errors.ts); nothing else about the record changes.
   */
  private lockRecord(method: string, rawDc: string | undefined, rawModule: string | undefined, id: string, raw: Buffer): Reply {
    if (method !== 'POST') return bad(`no admin route ${method} /__admin/orgs/${rawDc ?? ''}/records/${rawModule ?? ''}/${id}/lock`, 404);
    const dc = dcParam(this.ctx, rawDc);
    const org = this.ctx.store.org(dc);
    const module = moduleParam(rawModule);
    const store = org.module(module);
    const seq = store.seqOf(id);
    if (seq === undefined || !store.isLive(seq)) return bad(`no live ${module} record ${id} in ${dc}`, 404);
    const locked = body(raw).locked !== false;
    org.setLocked(module, id, locked);
    return jsonReply(200, { id, locked });
  }

  /**
   * PATCH /__admin/orgs/{dc}/records/{module}/{id}/currency {currency: 'USD'}: a colleague changes a
   * record's currency in Zoho; like any edit in Zoho it moves Modified_Time.
   */
  private recordCurrency(method: string, rawDc: string | undefined, rawModule: string | undefined, id: string, raw: Buffer): Reply {
    if (method !== 'PATCH') return bad(`no admin route ${method} /__admin/orgs/${rawDc ?? ''}/records/${rawModule ?? ''}/${id}/currency`, 404);
    const dc = dcParam(this.ctx, rawDc);
    const org = this.ctx.store.org(dc);
    const module = moduleParam(rawModule);
    const currencies = org.currencies();
    if (!currencies || !hasCurrencyFields(module)) throw new AdminError(`${module} records of ${dc} have no currency: turn on multi-currency first`);
    const code = String(body(raw).currency ?? '');
    if (!currencies.list.some((c) => c.isoCode === code && c.isActive)) throw new AdminError(`${code} is not an active currency of ${dc}`);
    const store = org.module(module);
    const seq = store.seqOf(id);
    if (seq === undefined || !store.isLive(seq)) return bad(`no live ${module} record ${id} in ${dc}`, 404);
    const actor = SEED_ORGS[dc].users[1] ?? SEED_ORGS[dc].users[0];
    store.update(seq, { [CURRENCY_FIELD]: code }, actor?.id ?? '', this.ctx.clock.now());
    return jsonReply(200, new RecordFormatter(org).record(module, seq, [CURRENCY_FIELD, EXCHANGE_RATE_FIELD, 'Modified_Time']));
  }

  /** /__admin/orgs/{dc}/records/{module}[/{id}]: change data behind the client's back. */
  private records(method: string, path: string, query: URLSearchParams, raw: Buffer): Reply {
    const m = /^\/__admin\/orgs\/([a-z]+)\/records\/([A-Za-z_]+)(?:\/(\d+))?$/.exec(path);
    if (!m) return bad(`no admin route ${method} ${path}`, 404);
    const ctx = this.ctx;
    const dc = dcParam(ctx, m[1]);
    const module = moduleParam(m[2]);
    const id = m[3];
    const org = ctx.store.org(dc);
    const store = org.module(module);
    const fmt = new RecordFormatter(org);
    const allFields = [...MODULES[module].fields, ...currencyFieldDefs(org, module)].map((f) => f.apiName);
    // Changes "behind the client's back" are made by another user of the org than the admin.
    const actor = SEED_ORGS[dc].users[1] ?? SEED_ORGS[dc].users[0];
    const actorId = actor?.id ?? '';
    if (id === undefined) {
      if (method === 'GET') {
        const limit = Math.min(Number(query.get('limit') ?? 200), 10_000);
        const offset = Number(query.get('offset') ?? 0);
        const live = store.liveSeqs();
        return jsonReply(200, { total: live.length, records: live.slice(offset, offset + limit).map((seq) => fmt.record(module, seq, allFields)) });
      }
      if (method === 'POST') {
        const checked = validateRecord(module, body(raw), 0, 'insert', org);
        if (!checked.ok) return jsonReply(400, checked.error);
        const seq = store.insert(checked.values, actorId, ctx.clock.now());
        return jsonReply(201, fmt.record(module, seq, allFields));
      }
      return bad(`no admin route ${method} ${path}`, 404);
    }
    const seq = store.seqOf(id);
    if (seq === undefined || !store.isLive(seq)) return bad(`no live ${module} record ${id} in ${dc}`, 404);
    if (method === 'GET') return jsonReply(200, fmt.record(module, seq, allFields));
    if (method === 'PATCH') {
      const checked = validateRecord(module, body(raw), 0, 'update', org);
      if (!checked.ok) return jsonReply(400, checked.error);
      store.update(seq, checked.values, actorId, ctx.clock.now());
      return jsonReply(200, fmt.record(module, seq, allFields));
    }
    if (method === 'DELETE') {
      const entry = store.remove(seq, actorId, ctx.clock.now());
      return jsonReply(200, { deleted: { ...entry, deleted_time: new Date(entry.deletedMs).toISOString() } });
    }
    return bad(`no admin route ${method} ${path}`, 404);
  }
}
