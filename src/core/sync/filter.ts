// What records a synced sheet holds: a Zoho custom view, records one user owns, or conditions on
// fields (issue 16). This file holds the shape shared by the sidebar, the server and the pull; the
// rules (which operators fit which field type, what Zoho can express, the words) live beside it.

/** Operators the editor offers; filter rules say which fit each Zoho data type. */
export type FilterOperator =
  | 'equals' | 'not_equals'
  | 'contains' | 'not_contains' | 'starts_with' | 'ends_with'
  | 'in' | 'not_in'
  | 'greater_than' | 'greater_equal' | 'less_than' | 'less_equal' | 'between'
  | 'is_empty' | 'is_not_empty'
  | 'is_true' | 'is_false';

export interface FilterCondition {
  /** A field's api_name. */
  field: string;
  operator: FilterOperator;
  /**
   * The values, as text: a number as digits, a date as YYYY-MM-DD, a datetime as ISO 8601 with its
   * offset, a picklist's actual value, a lookup's or user's record id. None for is_empty,
   * is_not_empty, is_true and is_false; two for between; one or more for in and not_in; else one.
   */
  values: string[];
}

export interface SheetFilter {
  /** Only the records of this Zoho custom view (system views such as "My Leads" included). */
  view?: { cvid: string; name: string };
  /** Only records owned by this Zoho user: "Only records I own" stores the user who chose it. */
  owner?: { id: string; name: string };
  conditions?: FilterCondition[];
  /** How `conditions` combine; the owner rule always applies on top. Default 'all'. */
  match?: 'all' | 'any';
}
