// In-memory record store. Seeded records are never materialised: a record is its number (seq), two
// timestamps, two user ids and, once written, a patch of overrides; every other value is
// regenerated from the seed on read. That keeps 200,000 records in a few megabytes.

import { SEED_EPOCH_MS } from '../clock';
import { GenContext, type GenEnv, fieldRng, longText } from '../seed/generator';
import { ALL_DATA_CENTERS, type DataCenter, SEED_ORGS, type SeedOrg, type SeedUser } from '../seed/orgs';
import { hashString, mixHash, mulberry32 } from '../seed/prng';
import { type FieldDef, MODULES, type ModuleDef, type ModuleName, SPECIAL_RECORDS, fieldOf } from '../seed/schema';
import type { DeletedEntry, EmulatorStore, ModuleStore, OrgCurrencies, OrgStore, SharingAccess, StoreSeedOptions } from './types';

const YEAR_MS = 365 * 86_400_000;
const MODULE_CODES: Record<ModuleName, string> = { Leads: '11', Contacts: '12', Accounts: '13', Deals: '14' };
const SEQ_DIGITS = 7;
/** Seeded rows kept generated; bounded so 200,000-record scans stay far below the memory target. */
const ROW_CACHE_RECORDS = 20_000;

function extraUsers(org: SeedOrg, count: number): SeedUser[] {
  return Array.from({ length: count }, (_, i) => {
    const n = String(i + 1).padStart(4, '0');
    return {
      id: `${org.idPrefix}${String(9_000_000 + i).padStart(9, '0')}`, zuid: String(80_000_000 + i),
      email: `team.member${n}@${org.users[0]!.email.split('@')[1]!}`, firstName: 'Team', lastName: `Member ${n}`,
      role: 'Sales Rep', profile: 'Standard',
    };
  });
}

export function recordId(org: SeedOrg, module: ModuleName, seq: number): string {
  return `${org.idPrefix}${MODULE_CODES[module]}${String(seq).padStart(SEQ_DIGITS, '0')}`;
}

function seconds(ms: number): number {
  return Math.floor(ms / 1000) * 1000;
}

/** Normalises a value for unique/duplicate matching: Zoho compares text case-insensitively. */
function matchKey(value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'string') return value.trim().toLowerCase();
  return JSON.stringify(value);
}

class MemoryModuleStore implements ModuleStore {
  private readonly def: ModuleDef;
  private readonly fieldIndex = new Map<string, number>();
  private readonly live: number[] = [];
  private readonly state: number[] = []; // 1 live, 2 deleted, 0 never existed
  private readonly created: number[] = [];
  private readonly modified: number[] = [];
  private readonly createdBy: string[] = [];
  private readonly modifiedBy: string[] = [];
  private readonly overrides = new Map<number, Record<string, unknown>>();
  private readonly deleted: DeletedEntry[] = [];
  private readonly indexes = new Map<string, Map<string, number[]>>();
  private byModified: number[] | null = null;
  private nextSeq: number;
  private readonly seededCount: number;
  private readonly special: Record<number, Record<string, unknown>>;
  /** Recently generated seeded rows (field index -> value); seeded values never change, so caching is safe. */
  private readonly rowCache = new Map<number, unknown[]>();
  /** Eviction order as a ring: deleting the Map's oldest key through an iterator degrades badly. */
  private readonly rowRing: number[] = [];
  private rowRingPos = 0;

  constructor(
    readonly module: ModuleName,
    private readonly org: SeedOrg,
    private readonly env: GenEnv,
    seededCount: number,
  ) {
    this.def = MODULES[module];
    this.def.fields.forEach((f, i) => this.fieldIndex.set(f.apiName, i));
    this.seededCount = seededCount;
    this.special = SPECIAL_RECORDS[module];
    const times = mulberry32(mixHash(env.seed, env.dcSalt, env.moduleSalt, 0x7157));
    const start = SEED_EPOCH_MS - YEAR_MS;
    const users = env.userIds;
    for (let seq = 0; seq < seededCount; seq++) {
      const createdMs = seconds(start + ((seq + times()) / Math.max(1, seededCount)) * (YEAR_MS - 3_600_000));
      const r = times();
      this.created.push(createdMs);
      this.modified.push(seconds(createdMs + (r < 0.3 ? 0 : r * (SEED_EPOCH_MS - createdMs - 1000))));
      this.createdBy.push(users[Math.floor(times() * users.length)] ?? '');
      this.modifiedBy.push(users[Math.floor(times() * users.length)] ?? '');
      this.state.push(1);
      this.live.push(seq);
    }
    // A few seeded deletions (half in the recycle bin, half permanent) so /deleted has history.
    const deletedCount = Math.floor(seededCount / 50);
    for (let i = 0; i < deletedCount; i++) {
      const seq = seededCount + i;
      this.state.push(2);
      this.created.push(start);
      this.modified.push(start);
      this.createdBy.push('');
      this.modifiedBy.push('');
      const deletedMs = seconds(start + ((i + times()) / deletedCount) * YEAR_MS * 0.999);
      const recycle = i % 2 === 0;
      const by = users[Math.floor(times() * users.length)] ?? null;
      this.deleted.push({
        id: this.idOf(seq), displayName: recycle ? `Deleted ${this.def.singular} ${i + 1}` : null, type: recycle ? 'recycle' : 'permanent',
        deletedMs, deletedBy: recycle ? by : null, createdBy: recycle ? by : null,
      });
    }
    this.nextSeq = seededCount + deletedCount;
  }

  liveSeqs(): readonly number[] {
    return this.live;
  }

  seqsByModified(): readonly number[] {
    if (!this.byModified) {
      const modified = this.modified;
      this.byModified = this.live.slice().sort((a, b) => (modified[a] ?? 0) - (modified[b] ?? 0) || a - b);
    }
    return this.byModified;
  }

  isLive(seq: number): boolean {
    return this.state[seq] === 1;
  }

  idOf(seq: number): string {
    return recordId(this.org, this.module, seq);
  }

  seqOf(id: string): number | undefined {
    const prefix = `${this.org.idPrefix}${MODULE_CODES[this.module]}`;
    if (id.length !== prefix.length + SEQ_DIGITS || !id.startsWith(prefix)) return undefined;
    const seq = Number(id.slice(prefix.length));
    return Number.isInteger(seq) && seq < this.nextSeq ? seq : undefined;
  }

  createdMs(seq: number): number {
    return this.created[seq] ?? 0;
  }

  modifiedMs(seq: number): number {
    return this.modified[seq] ?? 0;
  }

  read(seq: number, apiName: string): unknown {
    switch (apiName) {
      case 'id': return this.idOf(seq);
      case 'Created_Time': return this.created[seq];
      case 'Modified_Time': return this.modified[seq];
      case 'Created_By': return this.createdBy[seq];
      case 'Modified_By': return this.modifiedBy[seq];
      // A multi-currency org's record currency (crm/currencies.ts): kept only once set; unset is the base.
      case 'Currency': return this.overrides.get(seq)?.Currency ?? null;
      default: break;
    }
    const field = fieldOf(this.module, apiName);
    if (!field) return undefined;
    if (field.compute) return field.compute({ seq, read: (name) => this.read(seq, name) });
    const patch = this.overrides.get(seq);
    if (patch && apiName in patch) return patch[apiName];
    if (seq < this.seededCount) return this.seededValue(seq, field);
    return null;
  }

  private seededValue(seq: number, field: FieldDef): unknown {
    const index = this.fieldIndex.get(field.apiName) ?? 0;
    let row = this.rowCache.get(seq);
    if (row === undefined) {
      const evicted = this.rowRing[this.rowRingPos];
      if (evicted !== undefined) this.rowCache.delete(evicted);
      this.rowRing[this.rowRingPos] = seq;
      this.rowRingPos = (this.rowRingPos + 1) % ROW_CACHE_RECORDS;
      row = [];
      this.rowCache.set(seq, row);
    }
    if (index in row) return row[index];
    const value = this.generate(seq, field, index);
    row[index] = value;
    return value;
  }

  private generate(seq: number, field: FieldDef, index: number): unknown {
    const special = this.special[seq];
    if (special && field.apiName in special) {
      const value = special[field.apiName];
      return value === 'LONG_TEXT_8K' ? longText(mulberry32(this.env.seed + seq), 8192) : value;
    }
    if (!field.gen) return null;
    const ctx = new GenContext(this.env, seq, fieldRng(this.env, seq, index), (name) => {
      const sibling = fieldOf(this.module, name);
      return sibling ? this.seededValue(seq, sibling) : null;
    });
    return field.gen(ctx);
  }

  findByValue(apiName: string, value: unknown): number[] {
    const key = matchKey(value);
    if (key === null) return [];
    return (this.index(apiName).get(key) ?? []).filter((seq) => this.isLive(seq));
  }

  private index(apiName: string): Map<string, number[]> {
    let index = this.indexes.get(apiName);
    if (!index) {
      index = new Map();
      for (const seq of this.live) this.addToIndex(index, matchKey(this.read(seq, apiName)), seq);
      this.indexes.set(apiName, index);
    }
    return index;
  }

  private addToIndex(index: Map<string, number[]>, key: string | null, seq: number): void {
    if (key === null) return;
    const list = index.get(key);
    if (list) list.push(seq);
    else index.set(key, [seq]);
  }

  private removeFromIndexes(seq: number, fields: Iterable<string>): void {
    for (const apiName of fields) {
      const index = this.indexes.get(apiName);
      const key = matchKey(this.read(seq, apiName));
      if (!index || key === null) continue;
      const list = index.get(key);
      if (list) {
        const at = list.indexOf(seq);
        if (at !== -1) list.splice(at, 1);
        if (list.length === 0) index.delete(key);
      }
    }
  }

  private addToIndexes(seq: number, fields: Iterable<string>): void {
    for (const apiName of fields) {
      const index = this.indexes.get(apiName);
      if (index) this.addToIndex(index, matchKey(this.read(seq, apiName)), seq);
    }
  }

  insert(values: Record<string, unknown>, byUserId: string, nowMs: number): number {
    const seq = this.nextSeq++;
    const patch: Record<string, unknown> = {};
    for (const field of this.def.fields) {
      if (field.readOnly || field.system) continue;
      patch[field.apiName] = field.apiName in values ? values[field.apiName] : field.dataType === 'boolean' ? false : field.dataType === 'multiselectpicklist' ? [] : null;
    }
    if (patch.Owner === null || patch.Owner === undefined) patch.Owner = byUserId;
    // A multi-currency org's record currency, when the write named one (crm/currencies.ts).
    if (typeof values.Currency === 'string') patch.Currency = values.Currency;
    this.overrides.set(seq, patch);
    this.state[seq] = 1;
    this.created[seq] = seconds(nowMs);
    this.modified[seq] = seconds(nowMs);
    this.createdBy[seq] = byUserId;
    this.modifiedBy[seq] = byUserId;
    this.live.push(seq);
    this.byModified = null;
    this.addToIndexes(seq, this.indexes.keys());
    return seq;
  }

  update(seq: number, patch: Record<string, unknown>, byUserId: string, nowMs: number): void {
    const indexed = Object.keys(patch).filter((k) => this.indexes.has(k));
    this.removeFromIndexes(seq, indexed);
    const existing = this.overrides.get(seq) ?? {};
    this.overrides.set(seq, { ...existing, ...patch });
    // Zoho's Modified_Time has one-second resolution; never let a write leave it unchanged.
    const previous = this.modified[seq] ?? 0;
    this.modified[seq] = Math.max(seconds(nowMs), previous + (seconds(nowMs) <= previous ? 1000 : 0));
    this.modifiedBy[seq] = byUserId;
    this.byModified = null;
    this.addToIndexes(seq, indexed);
  }

  remove(seq: number, byUserId: string, nowMs: number): DeletedEntry {
    this.removeFromIndexes(seq, this.indexes.keys());
    const display = this.read(seq, this.def.displayField);
    const entry: DeletedEntry = {
      id: this.idOf(seq), displayName: typeof display === 'string' ? display : null, type: 'recycle',
      deletedMs: seconds(nowMs), deletedBy: byUserId, createdBy: this.createdBy[seq] ?? null,
    };
    this.state[seq] = 2;
    const at = this.live.indexOf(seq);
    if (at !== -1) this.live.splice(at, 1);
    this.byModified = null;
    this.deleted.push(entry);
    return entry;
  }

  deletedEntries(): readonly DeletedEntry[] {
    return this.deleted;
  }
}

class MemoryOrgStore implements OrgStore {
  private readonly modules = new Map<ModuleName, MemoryModuleStore>();
  private readonly access = new Map<ModuleName, SharingAccess>();
  private readonly locked = new Set<string>();
  /** `${userId}.${module}` of users whose profile lost the module. */
  private readonly denied = new Set<string>();
  private readonly labels = new Map<string, string>();
  private readonly picklists = new Map<string, string[]>();
  private readonly readOnlyFields = new Set<string>();
  private readonly fieldsChanged = new Map<ModuleName, number>();
  private readonly deletedFields = new Set<string>();
  readonly org: SeedOrg;

  constructor(readonly dc: DataCenter, private readonly options: StoreSeedOptions) {
    const seeded = SEED_ORGS[dc];
    this.org = options.extraUsers ? { ...seeded, users: [...seeded.users, ...extraUsers(seeded, options.extraUsers)] } : seeded;
  }

  module(name: ModuleName): ModuleStore {
    let store = this.modules.get(name);
    if (!store) {
      // Seeded lazily: nothing about an org exists until a request touches it.
      const sizes = this.options.moduleSizes;
      const env: GenEnv = {
        seed: this.options.seed, dcSalt: hashString(this.dc), moduleSalt: hashString(name),
        // Only the seeded users own records, so adding users never changes seeded data.
        userIds: SEED_ORGS[this.dc].users.map((u) => u.id),
        lookupId: (target, rng) => {
          const size = sizes[target as ModuleName] ?? 0;
          return size > 0 ? recordId(this.org, target as ModuleName, Math.floor(rng() * size)) : null;
        },
      };
      store = new MemoryModuleStore(name, this.org, env, sizes[name]);
      this.modules.set(name, store);
    }
    return store;
  }

  user(id: string): SeedUser | undefined {
    return this.org.users.find((u) => u.id === id);
  }

  sharing(module: ModuleName): SharingAccess {
    return this.access.get(module) ?? 'public';
  }

  setSharing(module: ModuleName, access: SharingAccess): void {
    this.access.set(module, access);
  }

  isLocked(module: ModuleName, id: string): boolean {
    return this.locked.has(`${module}.${id}`);
  }

  setLocked(module: ModuleName, id: string, locked: boolean): void {
    if (locked) this.locked.add(`${module}.${id}`);
    else this.locked.delete(`${module}.${id}`);
  }

  modulePermitted(userId: string, module: ModuleName): boolean {
    return !this.denied.has(`${userId}.${module}`);
  }

  setModulePermitted(userId: string, module: ModuleName, permitted: boolean): void {
    if (permitted) this.denied.delete(`${userId}.${module}`);
    else this.denied.add(`${userId}.${module}`);
  }

  fieldLabel(module: ModuleName, apiName: string): string | undefined {
    return this.labels.get(`${module}.${apiName}`);
  }

  renameField(module: ModuleName, apiName: string, label: string, nowMs: number): void {
    this.labels.set(`${module}.${apiName}`, label);
    this.fieldsChanged.set(module, nowMs);
  }

  fieldPicklist(module: ModuleName, apiName: string): string[] | undefined {
    return this.picklists.get(`${module}.${apiName}`);
  }

  setPicklist(module: ModuleName, apiName: string, values: string[], nowMs: number): void {
    this.picklists.set(`${module}.${apiName}`, [...values]);
    this.fieldsChanged.set(module, nowMs);
  }

  fieldMadeReadOnly(module: ModuleName, apiName: string): boolean {
    return this.readOnlyFields.has(`${module}.${apiName}`);
  }

  setFieldReadOnly(module: ModuleName, apiName: string, readOnly: boolean, nowMs: number): void {
    if (readOnly) this.readOnlyFields.add(`${module}.${apiName}`);
    else this.readOnlyFields.delete(`${module}.${apiName}`);
    this.fieldsChanged.set(module, nowMs);
  }

  fieldDeleted(module: ModuleName, apiName: string): boolean {
    return this.deletedFields.has(`${module}.${apiName}`);
  }

  deleteField(module: ModuleName, apiName: string, nowMs: number): void {
    this.deletedFields.add(`${module}.${apiName}`);
    this.fieldsChanged.set(module, nowMs);
  }

  fieldsModifiedMs(module: ModuleName): number | undefined {
    return this.fieldsChanged.get(module);
  }

  private readonly views = new Map<string, { criteria: unknown; modifiedMs: number }>();
  private multiCurrency: OrgCurrencies | null = null;

  currencies(): OrgCurrencies | null {
    return this.multiCurrency;
  }

  setCurrencies(currencies: OrgCurrencies, nowMs: number): void {
    this.multiCurrency = { list: currencies.list.map((c) => ({ ...c })), recordSymbols: currencies.recordSymbols };
    // Modules with amounts gain the Currency and Exchange_Rate fields.
    for (const module of Object.keys(MODULES) as ModuleName[]) this.fieldsChanged.set(module, nowMs);
  }

  viewCriteria(cvid: string): { criteria: unknown; modifiedMs: number } | undefined {
    return this.views.get(cvid);
  }

  setViewCriteria(cvid: string, criteria: unknown, nowMs: number): void {
    this.views.set(cvid, { criteria, modifiedMs: nowMs });
  }

  sizes(): Record<ModuleName, number> {
    return this.options.moduleSizes;
  }
}

export class MemoryStore implements EmulatorStore {
  private orgs = new Map<DataCenter, MemoryOrgStore>();

  constructor(private seedOptions: StoreSeedOptions) {}

  org(dc: DataCenter): OrgStore {
    let org = this.orgs.get(dc);
    if (!org) {
      org = new MemoryOrgStore(dc, this.seedOptions);
      this.orgs.set(dc, org);
    }
    return org;
  }

  reset(options: StoreSeedOptions): void {
    this.seedOptions = options;
    this.orgs = new Map();
  }

  options(): StoreSeedOptions {
    return this.seedOptions;
  }
}

export { ALL_DATA_CENTERS };
