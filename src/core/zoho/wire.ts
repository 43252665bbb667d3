// Zoho CRM v8 wire types, spelled as Zoho spells them (reference: zoho-crm-api.md §4-§8). Only the
// keys this add-on reads are typed; everything else passes through untouched.

export type ZohoDataType =
  | 'text' | 'textarea' | 'email' | 'phone' | 'website' | 'autonumber' | 'profileimage' | 'mediumtext'
  | 'integer' | 'bigint' | 'long' | 'double' | 'currency' | 'percent' | 'boolean'
  | 'date' | 'datetime' | 'picklist' | 'multiselectpicklist'
  | 'lookup' | 'ownerlookup' | 'userlookup' | 'multiuserlookup' | 'multiselectlookup'
  | 'subform' | 'fileupload' | 'imageupload' | 'formula' | string;

export interface ZohoPicklistValue {
  display_value: string;
  actual_value: string;
  type?: 'used' | 'unused' | string;
}

export interface ZohoField {
  api_name: string;
  field_label: string;
  display_label?: string;
  id?: string;
  data_type: ZohoDataType;
  json_type?: 'string' | 'integer' | 'double' | 'boolean' | 'jsonobject' | 'jsonarray' | string;
  read_only?: boolean;
  field_read_only?: boolean;
  system_mandatory?: boolean;
  length?: number;
  decimal_place?: number | null;
  pick_list_values?: ZohoPicklistValue[];
  lookup?: { module?: { api_name: string; id?: string } } | Record<string, never>;
  formula?: { return_type?: string } | Record<string, never>;
  /** `symbol` is ours, not Zoho's: the org's currency symbol, added by withOrgCurrency (record-codec.ts). */
  currency?: { precision?: number; rounding_option?: string; symbol?: string } | Record<string, never>;
  auto_number?: Record<string, unknown>;
  unique?: Record<string, unknown>;
  operation_type?: { api_create?: boolean; api_update?: boolean; web_create?: boolean; web_update?: boolean };
  visible?: boolean;
}

export interface ZohoModule {
  api_name: string;
  module_name?: string;
  plural_label: string;
  singular_label?: string;
  api_supported: boolean;
  creatable?: boolean;
  editable?: boolean;
  deletable?: boolean;
  viewable?: boolean;
}

export interface ZohoOrg {
  id: string;
  company_name?: string;
  time_zone: string;
  currency?: string;
  currency_symbol?: string;
  iso_code?: string;
  max_per_page?: number;
  /** True in a multi-currency org: records of modules with amounts then carry a Currency (reference §4.5). */
  mc_status?: boolean;
  /** The edition: `paid_type` is free, standard, professional, enterprise or ultimate (GET /org). */
  license_details?: { paid_type?: string | null } | null;
}

/** One currency of a multi-currency org, as GET /org/currencies lists it (zoho/crm-oas v8.0 getCurrencies). */
export interface ZohoCurrency {
  iso_code: string;
  symbol: string;
  name?: string;
  is_base?: boolean;
  is_active?: boolean;
  exchange_rate?: string;
  /** `decimal_places` is a string ('0', '2', '3', …). */
  format?: { decimal_places?: string | number; decimal_separator?: string; thousand_separator?: string } | null;
}

export interface ZohoUser {
  id: string;
  email: string;
  full_name?: string;
  time_zone?: string;
  /** The user's profile (users?type=CurrentUser); 'Administrator' is Zoho's built-in one. */
  profile?: { name?: string; id?: string };
}

/** A record as Zoho sends it: `id` always, then the requested fields. */
export type ZohoRecord = { id: string } & Record<string, unknown>;

export interface ZohoPageInfo {
  per_page: number;
  count: number;
  page: number;
  more_records: boolean;
  sort_by?: string;
  sort_order?: string;
  next_page_token?: string | null;
  previous_page_token?: string | null;
  page_token_expiry?: string | null;
}

export interface ZohoRecordsPage {
  data: ZohoRecord[];
  info: ZohoPageInfo;
}

export interface ZohoDeletedRecord {
  id: string;
  display_name: string | null;
  type: 'recycle' | 'permanent' | string;
  deleted_time: string;
}

/** Top-level error body and per-record result share this shape. */
export interface ZohoStatusItem {
  code: string;
  details: Record<string, unknown>;
  message: string;
  status: 'success' | 'error' | string;
}

export interface ZohoWriteResult extends ZohoStatusItem {
  action?: 'insert' | 'update';
  duplicate_field?: string | null;
}

/** Answer of the accounts server's token endpoint; errors arrive as HTTP 200 with `error`. */
export interface ZohoTokenAnswer {
  access_token?: string;
  refresh_token?: string;
  api_domain?: string;
  token_type?: string;
  expires_in?: number;
  error?: string;
  error_description?: string;
}
