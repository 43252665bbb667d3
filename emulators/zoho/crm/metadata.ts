// Metadata answers: settings/modules, settings/fields, custom views, org and users, shaped after
// the v8 captures summarised in reference §4. Ids are stable 19-digit strings derived per org.

import { SEED_EPOCH_MS } from '../clock';
import { type SeedOrg, type SeedUser, fullName } from '../seed/orgs';
import { API_MODULES, type FieldDef, MODULES, type ModuleName } from '../seed/schema';
import type { OrgStore } from '../store/types';
import { formatDateTime } from './format';

const MODULE_INDEX: Record<string, number> = { Leads: 1, Contacts: 2, Accounts: 3, Deals: 4, Home: 5, Feeds: 6 };

export function moduleId(org: SeedOrg, apiName: string): string {
  return `${org.idPrefix}95${String(MODULE_INDEX[apiName] ?? 9).padStart(7, '0')}`;
}

export function fieldId(org: SeedOrg, module: ModuleName, index: number): string {
  return `${org.idPrefix}96${String((MODULE_INDEX[module] ?? 9) * 1000 + index).padStart(7, '0')}`;
}

// --- custom views -------------------------------------------------------------------------------

export interface CustomView {
  id: string;
  name: string;
  systemName: string;
  /** null = every record. */
  filter: { field: string; equals: unknown } | null;
}

const VIEW_SPECS: Record<ModuleName, { name: string; systemName: string; filter: CustomView['filter'] }[]> = {
  Leads: [
    { name: 'All Leads', systemName: 'ALLVIEWS', filter: null },
    { name: 'Contacted Leads', systemName: 'CONTACTEDLEADS', filter: { field: 'Lead_Status', equals: 'Contacted' } },
    { name: 'Partner Leads', systemName: 'PARTNERLEADS', filter: { field: 'Is_Partner', equals: true } },
  ],
  Contacts: [
    { name: 'All Contacts', systemName: 'ALLVIEWS', filter: null },
    { name: 'Opted-out Contacts', systemName: 'OPTEDOUT', filter: { field: 'Email_Opt_Out', equals: true } },
  ],
  Accounts: [
    { name: 'All Accounts', systemName: 'ALLVIEWS', filter: null },
    { name: 'Customers', systemName: 'CUSTOMERS', filter: { field: 'Account_Type', equals: 'Customer' } },
  ],
  Deals: [
    { name: 'All Deals', systemName: 'ALLVIEWS', filter: null },
    { name: 'Closed Won Deals', systemName: 'CLOSEDWON', filter: { field: 'Stage', equals: 'Closed Won' } },
  ],
};

export function customViews(org: SeedOrg, module: ModuleName): CustomView[] {
  return VIEW_SPECS[module].map((v, i) => ({ id: `${org.idPrefix}90${String((MODULE_INDEX[module] ?? 9) * 100 + i + 1).padStart(7, '0')}`, ...v }));
}

export function customViewsBody(org: SeedOrg, module: ModuleName): unknown {
  return {
    custom_views: customViews(org, module).map((v, i) => ({
      id: v.id, name: v.name, display_value: v.name, system_name: v.systemName, default: i === 0, system_defined: true,
      category: 'public_views', favorite: null, offline: false, access_type: 'public',
    })),
    info: { per_page: 200, default: customViews(org, module)[0]?.id ?? null, count: VIEW_SPECS[module].length, page: 1, more_records: false },
  };
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
    fields: MODULES[module].fields.map((f, i) => {
      const label = orgStore.fieldLabel(module, f.apiName);
      const picklist = orgStore.fieldPicklist(module, f.apiName);
      return fieldBody(orgStore.org, module, { ...f, ...(label === undefined ? {} : { label }), ...(picklist ? { picklist } : {}) }, i);
    }),
  };
}

// --- org and users -------------------------------------------------------------------------------

export function orgBody(org: SeedOrg): unknown {
  const admin = org.users[0];
  return {
    org: [{
      id: org.orgId, company_name: org.companyName, domain_name: org.domainName, alias: null, primary_email: admin?.email ?? null,
      primary_zuid: admin?.zuid ?? null, zgid: org.zgid, time_zone: org.timeZone, currency: org.currency, currency_symbol: org.currencySymbol,
      currency_locale: org.currencyLocale, iso_code: org.isoCode, country: org.country, country_code: org.countryCode,
      street: null, city: null, state: null, zip: null, phone: null, mobile: null, fax: null, website: null, employee_count: '50',
      description: null, type: 'production', mc_status: false, gapps_enabled: true, translation_enabled: false,
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
