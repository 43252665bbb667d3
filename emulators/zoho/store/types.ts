// What the CRM routes need from record storage. Only the in-memory implementation exists; the
// interface keeps routes from reaching into its arrays. Values are internal (see seed/schema.ts).

import type { SeedOrg, SeedUser, DataCenter } from '../seed/orgs';
import type { ModuleName } from '../seed/schema';

export interface DeletedEntry {
  id: string;
  displayName: string | null;
  type: 'recycle' | 'permanent';
  deletedMs: number;
  deletedBy: string | null;
  createdBy: string | null;
}

export interface ModuleStore {
  readonly module: ModuleName;
  /** Live record numbers in ascending id order; callers must not mutate it. */
  liveSeqs(): readonly number[];
  /** Live record numbers ascending by (Modified_Time, id). */
  seqsByModified(): readonly number[];
  isLive(seq: number): boolean;
  idOf(seq: number): string;
  /** The record number for an id of this module, whether live or not; undefined for a foreign id. */
  seqOf(id: string): number | undefined;
  read(seq: number, apiName: string): unknown;
  createdMs(seq: number): number;
  modifiedMs(seq: number): number;
  /** Live records whose field equals `value` (text compared case-insensitively). */
  findByValue(apiName: string, value: unknown): number[];
  insert(values: Record<string, unknown>, byUserId: string, nowMs: number): number;
  update(seq: number, patch: Record<string, unknown>, byUserId: string, nowMs: number): void;
  remove(seq: number, byUserId: string, nowMs: number): DeletedEntry;
  deletedEntries(): readonly DeletedEntry[];
}

/**
 * A multi-currency org's currencies (zoho/crm-oas v8.0 getCurrencies), the base first, and whether
 * its records carry `$currency_symbol` when GET names the fields: the reference lists the key among
 * those "seen on records" without saying when (§5.1), so it is a switch (default: they do).
 */
export interface OrgCurrencies {
  list: Array<{ isoCode: string; symbol: string; name: string; exchangeRate: string; decimalPlaces: number; isActive: boolean }>;
  recordSymbols: boolean;
}

/** A module's default record access in Data Sharing Settings. */
export type SharingAccess = 'public' | 'private';

export interface OrgStore {
  readonly dc: DataCenter;
  readonly org: SeedOrg;
  module(name: ModuleName): ModuleStore;
  /** 'public' until admin sets it; a reset brings every module back to public. */
  sharing(module: ModuleName): SharingAccess;
  setSharing(module: ModuleName, access: SharingAccess): void;
  /** Whether an approval process or a blueprint holds the record: updates of it are refused, reads go on. */
  isLocked(module: ModuleName, id: string): boolean;
  /** Locks or unlocks a record (a record sent for approval, or approved); a reset unlocks every record. */
  setLocked(module: ModuleName, id: string, locked: boolean): void;
  /** Whether a user's profile may use a module's records; true until an admin takes it away (a reset gives it back). */
  modulePermitted(userId: string, module: ModuleName): boolean;
  /** An admin changes a profile's module permission (Setup > Security Control > Profiles), here for one user. */
  setModulePermitted(userId: string, module: ModuleName, permitted: boolean): void;
  /** A field's label as an admin last set it in Setup; the seed schema's label until then (and after a reset). */
  fieldLabel(module: ModuleName, apiName: string): string | undefined;
  /** An admin renames a field's label (Setup > Customization > Modules and Fields); its api name stays. */
  renameField(module: ModuleName, apiName: string, label: string, nowMs: number): void;
  /** A picklist's values as an admin last set them in Setup; the seed schema's until then (and after a reset). */
  fieldPicklist(module: ModuleName, apiName: string): string[] | undefined;
  /** An admin replaces a picklist's values (Setup > Modules and Fields > the field > Pick List Options). */
  setPicklist(module: ModuleName, apiName: string, values: string[], nowMs: number): void;
  /** Whether an admin made this field read-only for everyone (Setup > Modules and Fields > the field > Set Permission); a reset undoes it. */
  fieldMadeReadOnly(module: ModuleName, apiName: string): boolean;
  /** An admin makes a field read-only, or editable again: settings/fields shows read_only and field_read_only, and writes refuse it. */
  setFieldReadOnly(module: ModuleName, apiName: string, readOnly: boolean, nowMs: number): void;
  /** Whether an admin deleted this (custom) field; a reset brings it back. */
  fieldDeleted(module: ModuleName, apiName: string): boolean;
  /** An admin deletes a custom field (Setup > Modules and Fields): it is gone from metadata, reads and writes. */
  deleteField(module: ModuleName, apiName: string, nowMs: number): void;
  /** When the module's field metadata last changed (ms), or undefined while it is the seed's. */
  fieldsModifiedMs(module: ModuleName): number | undefined;
  /** A custom view's criteria as an admin last set them, or undefined while they are the seed's. */
  viewCriteria(cvid: string): { criteria: unknown; modifiedMs: number } | undefined;
  /** An admin edits a view's criteria (Setup or the view's own editor); no record changes. */
  setViewCriteria(cvid: string, criteria: unknown, nowMs: number): void;
  /** The org's currencies once an admin turned multi-currency on; null for a single-currency org (the seed's). */
  currencies(): OrgCurrencies | null;
  /** An admin turns on multi-currency (Setup > Company Settings > Currencies) with these currencies. */
  setCurrencies(currencies: OrgCurrencies, nowMs: number): void;
  user(id: string): SeedUser | undefined;
  sizes(): Record<ModuleName, number>;
}

export interface StoreSeedOptions {
  seed: number;
  moduleSizes: Record<ModuleName, number>;
  /**
   * Active users added after each org's seeded ones (`Team Member 0001`…), so `GET /users` pages past
   * 200 (Zoho: at most 200 a page, zoho/crm-oas v8.0 getUsers). They own no seeded records and cannot sign in.
   */
  extraUsers?: number;
}

export interface EmulatorStore {
  org(dc: DataCenter): OrgStore;
  reset(options: StoreSeedOptions): void;
  options(): StoreSeedOptions;
}

export function moduleSizesFor(records: number, overrides: Partial<Record<ModuleName, number>> = {}): Record<ModuleName, number> {
  return {
    Leads: overrides.Leads ?? records,
    Contacts: overrides.Contacts ?? Math.round(records / 2),
    Accounts: overrides.Accounts ?? Math.round(records / 10),
    Deals: overrides.Deals ?? Math.round(records / 4),
  };
}
