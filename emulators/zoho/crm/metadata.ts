// Metadata answers: settings/modules, settings/fields, custom views, org and users, shaped after
// the v8 captures summarised in reference §4. Ids are stable 19-digit strings derived per org.

import { SEED_EPOCH_MS } from '../clock';
import { type SeedOrg, type SeedUser, fullName } from '../seed/orgs';
import { API_MODULES, type FieldDef, MODULES, type ModuleName } from '../seed/schema';
import type { OrgStore } from '../store/types';
import { currencyFieldDefs } from './currencies';
import { formatDateTime } from './format';

const MODULE_INDEX: Record<string, number> = { Leads: 1, Contacts: 2, Accounts: 3, Deals: 4, Home: 5, Feeds: 6 };

export function moduleId(org: SeedOrg, apiName: string): string {
  return `${org.idPrefix}95${String(MODULE_INDEX[apiName] ?? 9).padStart(7, '0')}`;
}

export function fieldId(org: SeedOrg, module: ModuleName, index: number): string {
  return `${org.idPrefix}96${String((MODULE_INDEX[module] ?? 9) * 1000 + index).padStart(7, '0')}`;
}

// --- custom views -------------------------------------------------------------------------------
// GET settings/custom_views?module= lists a module's views; GET settings/custom_views/{id}?module=
// gives one with its `criteria` (zoho/crm-oas v8.0 custom_views getCustomViews / getCustomView; the
// SDK's CustomView model carries id, name, system_name, display_value, category, default,
// system_defined, criteria, fields, sort_by, sort_order). Criteria are `{comparator, field:
// {api_name}, value}` or `{group_operator, group:[…]}`; a system view such as "My Leads" compares
// Owner with `${CURRENTUSER}`, the user who asks. `cvid` on GET records returns the view's records.

export type ViewCriteria =
  | { comparator: 'equal' | 'not_equal' | 'greater_than' | 'less_than' | 'contains'; field: { api_name: string }; value: unknown }
  | { group_operator: 'and' | 'or'; group: ViewCriteria[] };

export const CURRENT_USER = '${CURRENTUSER}';

export interface CustomView {
  id: string;
  name: string;
  systemName: string;
  /** null = every record. */
  criteria: ViewCriteria | null;
  /** When an admin last changed the view (ms), or null while it is the seed's. */
  modifiedMs: number | null;
}

const equal = (field: string, value: unknown): ViewCriteria => ({ comparator: 'equal', field: { api_name: field }, value });

const VIEW_SPECS: Record<ModuleName, { name: string; systemName: string; criteria: ViewCriteria | null }[]> = {
  Leads: [
    { name: 'All Leads', systemName: 'ALLVIEWS', criteria: null },
    { name: 'Contacted Leads', systemName: 'CONTACTEDLEADS', criteria: equal('Lead_Status', 'Contacted') },
    { name: 'Partner Leads', systemName: 'PARTNERLEADS', criteria: equal('Is_Partner', true) },
    { name: 'My Leads', systemName: 'MYLEADS', criteria: equal('Owner', CURRENT_USER) },
  ],
  Contacts: [
    { name: 'All Contacts', systemName: 'ALLVIEWS', criteria: null },
    { name: 'Opted-out Contacts', systemName: 'OPTEDOUT', criteria: equal('Email_Opt_Out', true) },
    { name: 'My Contacts', systemName: 'MYCONTACTS', criteria: equal('Owner', CURRENT_USER) },
  ],
  Accounts: [
    { name: 'All Accounts', systemName: 'ALLVIEWS', criteria: null },
    { name: 'Customers', systemName: 'CUSTOMERS', criteria: equal('Account_Type', 'Customer') },
    { name: 'My Accounts', systemName: 'MYACCOUNTS', criteria: equal('Owner', CURRENT_USER) },
  ],
  Deals: [
    { name: 'All Deals', systemName: 'ALLVIEWS', criteria: null },
    { name: 'Closed Won Deals', systemName: 'CLOSEDWON', criteria: equal('Stage', 'Closed Won') },
    { name: 'My Deals', systemName: 'MYDEALS', criteria: equal('Owner', CURRENT_USER) },
  ],
};

/** A module's views, with the criteria an admin last set (OrgStore.setViewCriteria). */
export function customViews(org: OrgStore, module: ModuleName): CustomView[] {
  return VIEW_SPECS[module].map((v, i) => {
    const id = `${org.org.idPrefix}90${String((MODULE_INDEX[module] ?? 9) * 100 + i + 1).padStart(7, '0')}`;
    const changed = org.viewCriteria(id);
    return { id, name: v.name, systemName: v.systemName, criteria: changed ? changed.criteria as ViewCriteria | null : v.criteria, modifiedMs: changed?.modifiedMs ?? null };
  });
}

function viewBody(org: OrgStore, v: CustomView, i: number): Record<string, unknown> {
  return {
    id: v.id, name: v.name, display_value: v.name, system_name: v.systemName, default: i === 0, system_defined: true,
    category: 'public_views', favorite: null, offline: false, access_type: 'public',
    modified_time: v.modifiedMs === null ? null : formatDateTime(v.modifiedMs, org.org.timeZone),
  };
}

export function customViewsBody(org: OrgStore, module: ModuleName): unknown {
  const views = customViews(org, module);
  return {
    custom_views: views.map((v, i) => viewBody(org, v, i)),
    info: { per_page: 200, default: views[0]?.id ?? null, count: views.length, page: 1, more_records: false },
  };
}

/** One view with its criteria; undefined for an id that is not a view of the module. */
export function customViewBody(org: OrgStore, module: ModuleName, id: string): unknown {
  const views = customViews(org, module);
  const i = views.findIndex((v) => v.id === id);
  if (i < 0) return undefined;
  const v = views[i]!;
  return { custom_views: [{ ...viewBody(org, v, i), criteria: v.criteria, sort_by: null, sort_order: null }] };
}

/** Whether a record is in a view, for the user who asks (`${CURRENTUSER}`). */
export function matchesView(criteria: ViewCriteria | null, read: (field: string) => unknown, userId: string): boolean {
  if (!criteria) return true;
  if ('group' in criteria) {
    return criteria.group_operator === 'or' ? criteria.group.some((c) => matchesView(c, read, userId)) : criteria.group.every((c) => matchesView(c, read, userId));
  }
  const wanted = criteria.value === CURRENT_USER ? userId : criteria.value;
  const raw = read(criteria.field.api_name);
  const actual = raw !== null && typeof raw === 'object' && 'id' in (raw as object) ? (raw as { id: unknown }).id : raw;
  switch (criteria.comparator) {
    case 'equal': return Array.isArray(actual) ? actual.includes(wanted) : actual === wanted;
    case 'not_equal': return Array.isArray(actual) ? !actual.includes(wanted) : actual !== wanted;
    case 'greater_than': return actual !== null && actual !== undefined && Number(actual) > Number(wanted);
    case 'less_than': return actual !== null && actual !== undefined && Number(actual) < Number(wanted);
    case 'contains': return typeof actual === 'string' && actual.toLowerCase().includes(String(wanted).toLowerCase());
  }
}

// --- modules --------------------------------------------------------------------------------------

function moduleBody(org: SeedOrg, apiName: string, plural: string, singular: string, apiSupported: boolean, sequence: number): Record<string, unknown> {
  const modified = formatDateTime(SEED_EPOCH_MS - 30 * 86_400_000, org.timeZone);
  return {
    api_name: apiName, module_name: apiName, id: moduleId(org, apiName), plural_label: plural, singular_label: singular,
    actual_plural_label: plural, actual_singular_label: singular, api_supported: apiSupported,
    creatable: apiSupported, editable: apiSupported, deletable: apiSupported, viewable: true, convertable: apiName === 'Leads',
    lookupable: apiSupported, quick_create: apiSupported, global_search_supported: apiSupported, show_as_tab: true, visibility: 1,
    sequence_number: sequence, generated_type: 'default', status: 'visible', access_type: 'org_based', parent_module: {},
    profiles: [{ name: 'Administrator', id: `${org.idPrefix}9800000001` }, { name: 'Standard', id: `${org.idPrefix}9800000002` }],
    modified_time: apiSupported ? modified : null, modified_by: null, web_link: null, arguments: [], description: null,
    recycle_bin_on_delete: apiSupported, isBlueprintSupported: apiSupported, business_card_field_limit: 5, profile_count: 2,
    has_more_profiles: false, private_profile: null, public_fields_configured: false, presence_sub_menu: apiSupported,
    sub_menu_available: apiSupported, feeds_required: false,
  };
}

export function modulesBody(org: SeedOrg): unknown {
  const modules = [
    moduleBody(org, 'Home', 'Home', 'Home', false, 1),
    ...API_MODULES.map((m, i) => moduleBody(org, m, MODULES[m].plural, MODULES[m].singular, true, i + 2)),
    moduleBody(org, 'Feeds', 'Feeds', 'Feeds', false, API_MODULES.length + 2),
  ];
  return { modules };
}

export function moduleBodyFor(org: SeedOrg, module: ModuleName): unknown {
  const i = API_MODULES.indexOf(module);
  return { modules: [moduleBody(org, module, MODULES[module].plural, MODULES[module].singular, true, i + 2)] };
}

// --- fields ---------------------------------------------------------------------------------------

const JSON_TYPES: Record<string, string> = {
  text: 'string', textarea: 'string', email: 'string', phone: 'string', website: 'string', autonumber: 'string', bigint: 'string',
  integer: 'integer', double: 'double', currency: 'double', percent: 'double', boolean: 'boolean', date: 'string', datetime: 'string',
  picklist: 'string', multiselectpicklist: 'jsonarray', lookup: 'jsonobject', ownerlookup: 'jsonobject',
};

function jsonType(field: FieldDef): string {
  if (field.dataType === 'formula') return field.formulaReturnType === 'text' ? 'string' : 'double';
  return JSON_TYPES[field.dataType] ?? 'string';
}

export function fieldBody(org: SeedOrg, module: ModuleName, field: FieldDef, index: number): Record<string, unknown> {
  const readOnly = field.readOnly === true;
  const picklistValues = (field.picklist ?? []).map((value, i) => ({
    display_value: value, actual_value: value, reference_value: value, id: `${fieldId(org, module, index)}${i}`.slice(0, 19),
    sequence_number: i + 1, type: 'used', colour_code: null,
  }));
  const lookupModule = field.lookupModule;
  return {
    api_name: field.apiName, field_label: field.label, display_label: field.label, id: fieldId(org, module, index),
    data_type: field.dataType, json_type: jsonType(field), column_name: field.apiName.toUpperCase(),
    read_only: readOnly, field_read_only: readOnly, system_mandatory: field.mandatory === true, custom_field: field.custom === true,
    visible: true, searchable: !['multiselectpicklist', 'formula'].includes(field.dataType), sortable: ['id', 'Created_Time', 'Modified_Time'].includes(field.apiName),
    filterable: field.dataType !== 'textarea', mass_update: !readOnly, webhook: true, virtual_field: false, separator: false, type: 'used',
    length: field.length ?? (field.dataType === 'datetime' || field.dataType === 'date' ? 20 : field.dataType === 'boolean' ? 5 : 120),
    decimal_place: field.decimalPlace ?? null,
    pick_list_values: picklistValues,
    pick_list_values_sorted_lexically: false, global_picklist: null,
    lookup: lookupModule ? {
      display_label: field.label, api_name: field.apiName,
      module: { api_name: lookupModule, id: moduleId(org, lookupModule) }, id: fieldId(org, module, index), query_details: {},
    } : {},
    multiselectlookup: {}, multiuserlookup: {},
    formula: field.dataType === 'formula' ? { return_type: field.formulaReturnType ?? 'double', expression: 'emulated', dynamic: false } : {},
    currency: field.dataType === 'currency' || field.formulaReturnType === 'currency' ? { rounding_option: 'normal', precision: field.decimalPlace ?? 2 } : {},
    auto_number: field.dataType === 'autonumber' ? { prefix: field.autoNumberPrefix ?? '', suffix: '', start_number: 1, starting_number_length: 6 } : {},
    unique: field.unique ? { case_sensitive: false } : {},
    textarea: field.dataType === 'textarea' ? { type: (field.length ?? 0) > 2000 ? 'large' : 'small' } : null,
    crypt: null, private: null, hipaa_compliance: null, history_tracking: null, tooltip: null, address: null, rollup_summary: {},
    operation_type: { api_create: !readOnly, api_update: !readOnly, web_create: !readOnly, web_update: !readOnly },
    view_type: { view: true, edit: !readOnly, create: !readOnly, quick_create: field.mandatory === true },
    profiles: [{ permission_type: readOnly ? 'read_only' : 'read_write', name: 'Administrator', id: `${org.idPrefix}9800000001` }],
    layout_associations: [{ api_name: 'Standard', name: 'Standard', id: `${org.idPrefix}9700000001` }],
    created_source: field.custom ? 'crm' : 'default', display_type: -1, ui_type: 1,
    created_time: null, modified_time: null, customizable_properties: [],
  };
}

/** settings/fields of a module, with the labels an admin renamed and picklists an admin changed (OrgStore). */
export function fieldsBody(orgStore: OrgStore, module: ModuleName): unknown {
  return {
    fields: MODULES[module].fields.map((f, i) => ({ f, i })).filter(({ f }) => !orgStore.fieldDeleted(module, f.apiName)).map(({ f, i }) => {
      const label = orgStore.fieldLabel(module, f.apiName);
      const picklist = orgStore.fieldPicklist(module, f.apiName);
      // A field an admin made read-only shows read_only and field_read_only (reference §4.2 [R9]).
      const readOnly = orgStore.fieldMadeReadOnly(module, f.apiName) ? { readOnly: true } : {};
      return fieldBody(orgStore.org, module, { ...f, ...(label === undefined ? {} : { label }), ...(picklist ? { picklist } : {}), ...readOnly }, i);
    }).concat(currencyFieldDefs(orgStore, module).map((f, i) => fieldBody(orgStore.org, module, f, MODULES[module].fields.length + i))),
  };
}

// --- org and users -------------------------------------------------------------------------------

export function orgBody(org: SeedOrg, multiCurrency = false): unknown {
  const admin = org.users[0];
  return {
    org: [{
      id: org.orgId, company_name: org.companyName, domain_name: org.domainName, alias: null, primary_email: admin?.email ?? null,
      primary_zuid: admin?.zuid ?? null, zgid: org.zgid, time_zone: org.timeZone, currency: org.currency, currency_symbol: org.currencySymbol,
      currency_locale: org.currencyLocale, iso_code: org.isoCode, country: org.country, country_code: org.countryCode,
      street: null, city: null, state: null, zip: null, phone: null, mobile: null, fax: null, website: null, employee_count: '50',
      description: null, type: 'production', mc_status: multiCurrency, gapps_enabled: true, translation_enabled: false,
      privacy_settings: false, hipaa_compliance_enabled: false, lite_users_enabled: false, max_per_page: 200,
      license_details: { paid: true, paid_type: 'enterprise', paid_expiry: null, trial_type: null, trial_expiry: null, users_license_purchased: 10, trial_action: null },
      hierarchy_preferences: { type: 'Role_Hierarchy', strictly_reporting: false },
      created_time: formatDateTime(SEED_EPOCH_MS - 3 * 365 * 86_400_000, org.timeZone), photo_id: null, zia_portal_id: null,
    }],
  };
}

export function userBody(org: SeedOrg, u: SeedUser): Record<string, unknown> {
  const admin = org.users[0];
  const adminRef = admin ? { name: fullName(admin), id: admin.id } : null;
  return {
    id: u.id, zuid: u.zuid, email: u.email, first_name: u.firstName, last_name: u.lastName, full_name: fullName(u), alias: null,
    status: 'active', confirm: true, role: { name: u.role, id: `${org.idPrefix}9900000${u.role === 'CEO' ? 1 : u.role === 'Manager' ? 2 : 3}` },
    profile: { name: u.profile, id: `${org.idPrefix}980000000${u.profile === 'Administrator' ? 1 : 2}` },
    locale: org.dc === 'eu' ? 'de_DE' : 'en_US', time_zone: org.timeZone, date_format: org.dc === 'eu' ? 'dd.MM.yyyy' : 'MM/dd/yyyy',
    time_format: org.dc === 'eu' ? 'HH:mm' : 'hh:mm a', decimal_separator: org.dc === 'eu' ? 'Comma' : 'Period',
    country_locale: org.dc === 'eu' ? 'de_DE' : 'en_US', language: org.dc === 'eu' ? 'de_DE' : 'en_US',
    created_time: formatDateTime(SEED_EPOCH_MS - 2 * 365 * 86_400_000, org.timeZone),
    Modified_Time: formatDateTime(SEED_EPOCH_MS - 90 * 86_400_000, org.timeZone),
    created_by: adminRef, Modified_By: adminRef, Reporting_To: null, image_link: null, phone: null, type__s: 'paid_user',
    $current_shift: null, $next_shift: null,
  };
}

export function usersBody(orgStore: OrgStore, users: SeedUser[], page: number, perPage: number): unknown {
  const slice = users.slice((page - 1) * perPage, page * perPage);
  return {
    users: slice.map((u) => userBody(orgStore.org, u)),
    info: { per_page: perPage, count: slice.length, page, more_records: page * perPage < users.length },
  };
}
