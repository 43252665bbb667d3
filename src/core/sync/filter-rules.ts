// The rules of a sheet's filter (issue 16): which operators fit each Zoho data type, whether Zoho can
// express a filter (and why not), the filter in words, and the COQL `where` clause the pull sends.
// The shape lives in filter.ts; reading records with it lives in core/zoho/filtered-records.ts.

import { fingerprintRow } from '../cells/fingerprint';
import type { ZohoField } from '../zoho/wire';
import type { FilterCondition, FilterOperator, SheetFilter } from './filter';

/** Zoho: at most 25 criteria in a COQL WHERE (reference §5.4). The pull adds up to three of its own (owner, id keyset, Modified_Time). */
export const MAX_FILTER_CONDITIONS = 22;
/** Zoho: IN / NOT IN take at most 100 values in v7+ (reference §5.4). */
export const MAX_IN_VALUES = 100;

export interface OperatorInfo {
  id: FilterOperator;
  label: string;
  values: 0 | 1 | 2 | 'many';
}

const OP: Record<FilterOperator, OperatorInfo> = {
  equals: { id: 'equals', label: 'is', values: 1 },
  not_equals: { id: 'not_equals', label: 'is not', values: 1 },
  contains: { id: 'contains', label: 'contains', values: 1 },
  not_contains: { id: 'not_contains', label: "doesn't contain", values: 1 },
  starts_with: { id: 'starts_with', label: 'starts with', values: 1 },
  ends_with: { id: 'ends_with', label: 'ends with', values: 1 },
  in: { id: 'in', label: 'is any of', values: 'many' },
  not_in: { id: 'not_in', label: 'is none of', values: 'many' },
  greater_than: { id: 'greater_than', label: 'is more than', values: 1 },
  greater_equal: { id: 'greater_equal', label: 'is at least', values: 1 },
  less_than: { id: 'less_than', label: 'is less than', values: 1 },
  less_equal: { id: 'less_equal', label: 'is at most', values: 1 },
  between: { id: 'between', label: 'is between', values: 2 },
  is_empty: { id: 'is_empty', label: 'is empty', values: 0 },
  is_not_empty: { id: 'is_not_empty', label: 'is not empty', values: 0 },
  is_true: { id: 'is_true', label: 'is checked', values: 0 },
  is_false: { id: 'is_false', label: 'is not checked', values: 0 },
};

const TEXT_OPS: FilterOperator[] = ['equals', 'not_equals', 'contains', 'not_contains', 'starts_with', 'ends_with', 'in', 'not_in', 'is_empty', 'is_not_empty'];
const NUMBER_OPS: FilterOperator[] = ['equals', 'not_equals', 'greater_than', 'greater_equal', 'less_than', 'less_equal', 'between', 'is_empty', 'is_not_empty'];
const DATE_OPS: FilterOperator[] = ['equals', 'not_equals', 'greater_than', 'greater_equal', 'less_than', 'less_equal', 'between', 'is_empty', 'is_not_empty'];
const DATETIME_OPS: FilterOperator[] = ['greater_than', 'greater_equal', 'less_than', 'less_equal', 'between', 'is_empty', 'is_not_empty'];
const PICKLIST_OPS: FilterOperator[] = ['equals', 'not_equals', 'in', 'not_in', 'is_empty', 'is_not_empty'];
const LOOKUP_OPS: FilterOperator[] = ['equals', 'not_equals', 'in', 'not_in', 'is_empty', 'is_not_empty'];

/**
 * Operators per Zoho data type, as COQL compares them (reference §5.4: =, !=, >, <, >=, <=, like,
 * not like, in, not in, between, is null, is not null). Types not listed cannot be filtered on:
 * Zoho's COQL does not take multi-line text, files, images or subforms in WHERE.
 */
const OPS_BY_TYPE: Record<string, FilterOperator[]> = {
  text: TEXT_OPS, email: TEXT_OPS, phone: TEXT_OPS, website: TEXT_OPS, autonumber: TEXT_OPS,
  integer: NUMBER_OPS, bigint: NUMBER_OPS, double: NUMBER_OPS, currency: NUMBER_OPS, percent: NUMBER_OPS, decimal: NUMBER_OPS,
  date: DATE_OPS, datetime: DATETIME_OPS,
  picklist: PICKLIST_OPS, multiselectpicklist: ['contains', 'not_contains', 'is_empty', 'is_not_empty'],
  boolean: ['is_true', 'is_false'],
  lookup: LOOKUP_OPS, ownerlookup: LOOKUP_OPS, userlookup: LOOKUP_OPS,
};

/** The operators a field offers; empty when Zoho cannot filter on its type. */
export function operatorsFor(field: ZohoField): OperatorInfo[] {
  return (OPS_BY_TYPE[field.data_type] ?? []).map((id) => OP[id]);
}

function isNumberType(type: string): boolean {
  return ['integer', 'bigint', 'double', 'currency', 'percent', 'decimal'].includes(type);
}

/**
 * Why Zoho cannot express this filter, or what is missing; null when it can be saved.
 * `fields` is the module's field metadata.
 */
export function filterProblem(filter: SheetFilter | null | undefined, fields: readonly ZohoField[]): string | null {
  if (!filter) return null;
  const conditions = filter.conditions ?? [];
  if (filter.view && (filter.owner || conditions.length)) {
    return 'A custom view cannot be combined with other conditions: Zoho filters a view only by its own criteria. Pick the view alone, or build the conditions without it.';
  }
  if (filter.view && !/^\d{1,19}$/.test(String(filter.view.cvid))) return 'Pick a custom view from the list.';
  if (filter.owner && !/^\d{1,19}$/.test(String(filter.owner.id))) return 'The owner is not a Zoho user id. Choose "Only records I own" again.';
  if (filter.match !== undefined && filter.match !== 'all' && filter.match !== 'any') return 'Conditions combine with "all" or "any".';
  if (conditions.length > MAX_FILTER_CONDITIONS) return `Zoho takes at most ${MAX_FILTER_CONDITIONS} conditions in one filter; this one has ${conditions.length}.`;
  const byName = new Map(fields.map((f) => [f.api_name, f]));
  for (const [i, c] of conditions.entries()) {
    const problem = conditionProblem(c, byName.get(String(c?.field)), i + 1);
    if (problem) return problem;
  }
  return null;
}

function conditionProblem(c: FilterCondition, field: ZohoField | undefined, n: number): string | null {
  if (!field) return `Condition ${n}: pick a field.`;
  const label = field.field_label;
  const ops = OPS_BY_TYPE[field.data_type];
  if (!ops) return `Condition ${n}: Zoho cannot filter on ${label} (a ${typeWords(field.data_type)} field). Remove that condition or use a custom view.`;
  if (!ops.includes(c.operator)) return `Condition ${n}: "${OP[c.operator]?.label ?? c.operator}" does not apply to ${label}.`;
  const values = Array.isArray(c.values) ? c.values.map((v) => String(v ?? '')) : [];
  const wanted = OP[c.operator].values;
  if (wanted === 0 && values.length) return `Condition ${n}: "${OP[c.operator].label}" takes no value.`;
  if (wanted === 1 && (values.length !== 1 || values[0]!.trim() === '')) return `Condition ${n}: give ${label} a value.`;
  if (wanted === 2 && (values.length !== 2 || values.some((v) => v.trim() === ''))) return `Condition ${n}: give ${label} two values.`;
  if (wanted === 'many' && (!values.length || values.some((v) => v.trim() === ''))) return `Condition ${n}: give ${label} at least one value.`;
  if (values.length > MAX_IN_VALUES) return `Condition ${n}: Zoho takes at most ${MAX_IN_VALUES} values in one condition.`;
  const type = field.data_type;
  for (const v of values) {
    if (isNumberType(type) && !/^-?\d+(\.\d+)?$/.test(v.trim())) return `Condition ${n}: ${label} needs a number, not "${v}".`;
    if (type === 'date' && !/^\d{4}-\d{2}-\d{2}$/.test(v.trim())) return `Condition ${n}: ${label} needs a date as YYYY-MM-DD, not "${v}".`;
    if (type === 'datetime' && !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?([+-]\d{2}:\d{2}|Z)$/.test(v.trim())) return `Condition ${n}: ${label} needs a date and time with its offset, not "${v}".`;
    if (['lookup', 'ownerlookup', 'userlookup'].includes(type) && !/^\d{1,19}$/.test(v.trim())) return `Condition ${n}: pick a ${label} from the list.`;
    if (type === 'picklist' && field.pick_list_values?.length && !field.pick_list_values.some((p) => p.actual_value === v)) return `Condition ${n}: "${v}" is not a value of ${label}.`;
    // COQL's like has % as its only wildcard and no escape for it (reference §5.4).
    if (['contains', 'not_contains', 'starts_with', 'ends_with'].includes(c.operator) && v.includes('%')) return `Condition ${n}: Zoho cannot search for a "%" in ${label}.`;
  }
  return null;
}

function typeWords(type: string): string {
  const words: Record<string, string> = { textarea: 'multi-line text', fileupload: 'file', imageupload: 'image', subform: 'subform', multiselectlookup: 'multi-select lookup', formula: 'formula', profileimage: 'image' };
  return words[type] ?? type;
}

/** A filter with its parts that mean nothing dropped; null for the whole module. */
export function normalizeFilter(filter: SheetFilter | null | undefined): SheetFilter | null {
  if (!filter) return null;
  const out: SheetFilter = {};
  if (filter.view) out.view = { cvid: String(filter.view.cvid), name: String(filter.view.name ?? '') };
  if (filter.owner) out.owner = { id: String(filter.owner.id), name: String(filter.owner.name ?? '') };
  const conditions = (filter.conditions ?? []).map((c) => ({ field: String(c.field), operator: c.operator, values: (c.values ?? []).map((v) => String(v)) }));
  if (conditions.length) {
    out.conditions = conditions;
    out.match = filter.match === 'any' ? 'any' : 'all';
  }
  return out.view || out.owner || out.conditions ? out : null;
}

/** A short key of what a filter selects: cursors and watermarks taken under one filter are not reused under another. */
export function filterKey(filter: SheetFilter | null | undefined): string {
  const normal = normalizeFilter(filter);
  if (!normal) return '';
  return fingerprintRow([JSON.stringify(normal)]).slice(0, 10);
}

/** The filter in words, for the sheet card and the editor ("Only records owned by Jane Roe, where Lead Status is Contacted"). */
export function filterWords(filter: SheetFilter | null | undefined, fields: readonly ZohoField[] = []): string {
  const normal = normalizeFilter(filter);
  if (!normal) return 'All records';
  if (normal.view) return `Records in the Zoho view "${normal.view.name || normal.view.cvid}"`;
  const byName = new Map(fields.map((f) => [f.api_name, f]));
  const parts = (normal.conditions ?? []).map((c) => conditionWords(c, byName.get(c.field)));
  const joined = parts.join(normal.match === 'any' ? ' or ' : ' and ');
  const owner = normal.owner ? `Only records owned by ${normal.owner.name || normal.owner.id}` : '';
  if (owner && joined) return `${owner}, where ${parts.length > 1 && normal.match === 'any' ? `(${joined})` : joined}`;
  return owner || `Records where ${joined}`;
}

function conditionWords(c: FilterCondition, field: ZohoField | undefined): string {
  const label = field?.field_label ?? c.field;
  const op = OP[c.operator]?.label ?? c.operator;
  const shown = c.values.map((v) => {
    const pick = field?.pick_list_values?.find((p) => p.actual_value === v);
    return pick?.display_value ?? v;
  });
  if (OP[c.operator]?.values === 0) return `${label} ${op}`;
  if (c.operator === 'between') return `${label} is between ${shown[0]} and ${shown[1]}`;
  if (shown.length > 1) return `${label} ${op} ${shown.slice(0, -1).join(', ')} or ${shown[shown.length - 1]}`;
  return `${label} ${op} ${shown[0] ?? ''}`;
}

/** A COQL string literal: Zoho escapes a single quote by doubling it (reference §5.4). */
export function coqlText(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/**
 * Joins COQL criteria two at a time: Zoho refuses `a and b and c`; more than two criteria must be
 * paired with parentheses (reference §5.4).
 */
export function pairCriteria(criteria: readonly string[], op: 'and' | 'or'): string {
  if (!criteria.length) return '';
  return criteria.slice(1).reduce((acc, c) => `(${acc} ${op} ${c})`, criteria[0]!);
}

/**
 * The COQL criteria a filter with an owner or conditions stands for (not a view: views go through
 * `cvid`). Assumes filterProblem returned null. Empty for no filter.
 */
export function filterCriteria(filter: SheetFilter | null | undefined, fields: readonly ZohoField[]): string {
  const normal = normalizeFilter(filter);
  if (!normal || normal.view) return '';
  const byName = new Map(fields.map((f) => [f.api_name, f]));
  const conditions = (normal.conditions ?? []).map((c) => conditionCoql(c, byName.get(c.field)!));
  const parts: string[] = [];
  if (normal.owner) parts.push(`Owner = ${coqlText(normal.owner.id)}`);
  if (conditions.length) parts.push(conditions.length > 1 ? `(${pairCriteria(conditions, normal.match === 'any' ? 'or' : 'and')})` : conditions[0]!);
  return pairCriteria(parts, 'and');
}

function literal(field: ZohoField, value: string): string {
  if (isNumberType(field.data_type)) return String(Number(value));
  return coqlText(value);
}

function conditionCoql(c: FilterCondition, field: ZohoField): string {
  const f = field.api_name;
  const v = c.values.map((x) => literal(field, x));
  const like = (pattern: string): string => coqlText(pattern);
  switch (c.operator) {
    case 'equals': return `${f} = ${v[0]}`;
    case 'not_equals': return `${f} != ${v[0]}`;
    case 'contains': return `${f} like ${like(`%${c.values[0]}%`)}`;
    case 'not_contains': return `${f} not like ${like(`%${c.values[0]}%`)}`;
    case 'starts_with': return `${f} like ${like(`${c.values[0]}%`)}`;
    case 'ends_with': return `${f} like ${like(`%${c.values[0]}`)}`;
    case 'in': return `${f} in (${v.join(', ')})`;
    case 'not_in': return `${f} not in (${v.join(', ')})`;
    case 'greater_than': return `${f} > ${v[0]}`;
    case 'greater_equal': return `${f} >= ${v[0]}`;
    case 'less_than': return `${f} < ${v[0]}`;
    case 'less_equal': return `${f} <= ${v[0]}`;
    case 'between': return `${f} between ${v[0]} and ${v[1]}`;
    case 'is_empty': return `${f} is null`;
    case 'is_not_empty': return `${f} is not null`;
    case 'is_true': return `${f} = true`;
    case 'is_false': return `${f} = false`;
  }
}
