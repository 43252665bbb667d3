// Pure logic behind the editor's "Which records" section (issue 16): the draft a user edits, the
// SheetFilter it saves as, how a condition follows a change of field or operator, and what is
// missing before the server is asked whether Zoho can express it. No DOM here, so jest runs it in
// plain Node. Whether Zoho can express a filter, and its words, come from the server (checkFilter).

import type { FilterCondition, FilterOperator, FilterOptions, SheetFilter } from '../shared/rpc';

export type FilterField = FilterOptions['fields'][number];
export type FilterOperatorOption = FilterField['operators'][number];
export type ValueArity = FilterOperatorOption['values'];

/** What the user is editing; `filterFromDraft` turns it into what is saved. */
export interface FilterDraft {
  /** The chosen custom view, or null for none. */
  view: { cvid: string; name: string } | null;
  /** "Only records I own": the user who ticked it (kept when someone else edits the sheet later). */
  owner: { id: string; name: string } | null;
  conditions: FilterCondition[];
  match: 'all' | 'any';
}

export function draftFromFilter(filter: SheetFilter | null | undefined): FilterDraft {
  return {
    view: filter?.view ? { cvid: filter.view.cvid, name: filter.view.name } : null,
    owner: filter?.owner ? { id: filter.owner.id, name: filter.owner.name } : null,
    conditions: (filter?.conditions ?? []).map((c) => ({ field: c.field, operator: c.operator, values: c.values.slice() })),
    match: filter?.match === 'any' ? 'any' : 'all',
  };
}

/**
 * The filter to save, or null when nothing limits the records (the whole module). Values are
 * trimmed; `match` is kept only where it means something (two conditions or more).
 */
export function filterFromDraft(draft: FilterDraft): SheetFilter | null {
  const filter: SheetFilter = {};
  if (draft.view) filter.view = { cvid: draft.view.cvid, name: draft.view.name };
  if (draft.owner) filter.owner = { id: draft.owner.id, name: draft.owner.name };
  if (draft.conditions.length) {
    filter.conditions = draft.conditions.map((c) => ({ field: c.field, operator: c.operator, values: c.values.map((v) => v.trim()) }));
    if (draft.conditions.length > 1) filter.match = draft.match;
  }
  return Object.keys(filter).length ? filter : null;
}

/** One string per distinct filter, so a check answer is matched to the filter it was asked for. */
export function filterKey(filter: SheetFilter | null): string {
  if (!filter) return 'none';
  return JSON.stringify([
    filter.view?.cvid ?? null,
    filter.owner?.id ?? null,
    (filter.conditions ?? []).map((c) => [c.field, c.operator, c.values]),
    filter.conditions && filter.conditions.length > 1 ? filter.match ?? 'all' : null,
  ]);
}

/** How many value boxes an operator takes: 0, 1, 2 (between) or 'many' (in, not in). */
export function arityOf(field: FilterField | undefined, operator: FilterOperator): ValueArity {
  return field?.operators.find((o) => o.id === operator)?.values ?? 1;
}

/** `values` cut or padded to what the arity takes; 'many' keeps every non-empty value. */
export function resizeValues(values: readonly string[], arity: ValueArity): string[] {
  if (arity === 'many') return values.filter((v) => v.trim() !== '');
  const out = values.slice(0, arity);
  while (out.length < arity) out.push('');
  return out;
}

/** A new condition on the first field that offers operators, or null when there is none. */
export function newCondition(fields: readonly FilterField[]): FilterCondition | null {
  const field = fields.find((f) => f.operators.length);
  if (!field) return null;
  const op = field.operators[0]!;
  return { field: field.apiName, operator: op.id, values: resizeValues([], op.values) };
}

/**
 * The condition on another field: the operator stays when the new field offers it, else becomes
 * the field's first. Values are dropped, since a value of one field rarely fits another (a picklist
 * value, a date) — unless only the field changed between two of the same type.
 */
export function withField(condition: FilterCondition, fields: readonly FilterField[], apiName: string): FilterCondition {
  const field = fields.find((f) => f.apiName === apiName);
  if (!field || !field.operators.length) return { ...condition, field: apiName, values: condition.values.slice() };
  const before = fields.find((f) => f.apiName === condition.field);
  const kept = field.operators.find((o) => o.id === condition.operator) ?? field.operators[0]!;
  const sameKind = before !== undefined && before.dataType === field.dataType && !before.picklist && !field.picklist;
  return { field: apiName, operator: kept.id, values: resizeValues(sameKind ? condition.values : [], kept.values) };
}

/** The condition with another operator; the values typed so far stay where they still fit. */
export function withOperator(condition: FilterCondition, fields: readonly FilterField[], operator: FilterOperator): FilterCondition {
  const field = fields.find((f) => f.apiName === condition.field);
  return { ...condition, operator, values: resizeValues(condition.values, arityOf(field, operator)) };
}

/** One value a line (a value may hold commas, such as a company name); blank lines and repeats go. */
export function parseValueLines(text: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const value = line.trim();
    if (!value || seen.has(value)) continue;
    seen.add(value);
    out.push(value);
  }
  return out;
}

/** Which input a value of this Zoho data type is typed into. */
export function valueInputKind(dataType: string): 'date' | 'datetime' | 'number' | 'text' {
  if (dataType === 'date') return 'date';
  if (dataType === 'datetime') return 'datetime';
  if (['integer', 'bigint', 'double', 'currency', 'decimal', 'percent', 'long'].includes(dataType)) return 'number';
  return 'text';
}

/**
 * A datetime-local value ("2026-11-30T09:00") as ISO 8601 with the reader's offset
 * ("2026-11-30T09:00:00+01:00"), the form the contract stores. `offsetMinutes` is east of UTC
 * (that is, -Date#getTimezoneOffset()). Anything else is returned as typed for the check to judge.
 */
export function localDateTimeToIso(value: string, offsetMinutes: number): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(:\d{2})?$/.exec(value.trim());
  if (!m) return value.trim();
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const offset = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return `${m[1]}T${m[2]}${m[3] ?? ':00'}${offset}`;
}

/** The reverse, for showing a saved datetime in a datetime-local box (its wall-clock part). */
export function isoToLocalDateTime(iso: string): string {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2})/.exec(iso);
  return m ? m[1]! : '';
}

/**
 * What the user still has to fill in, in words, or null. Asked before the server is: a condition
 * with no value is not worth an Apps Script execution. `index` counts from 1 in the message.
 */
export function draftProblem(draft: FilterDraft, fields: readonly FilterField[]): string | null {
  for (const [i, condition] of draft.conditions.entries()) {
    const field = fields.find((f) => f.apiName === condition.field);
    const n = draft.conditions.length > 1 ? ` ${i + 1}` : '';
    if (!condition.field) return `Condition${n}: pick a field.`;
    if (!field) return `Condition${n}: Zoho no longer has the field ${condition.field}; pick another or remove the condition.`;
    const op = field.operators.find((o) => o.id === condition.operator);
    if (!op) return `Condition${n}: ${field.label} cannot be compared that way; pick another operator.`;
    const values = condition.values.map((v) => v.trim());
    if (op.values === 'many' && !values.some(Boolean)) return `Condition${n}: give ${field.label} at least one value.`;
    if (typeof op.values === 'number' && values.slice(0, op.values).some((v) => !v)) {
      return op.values === 2 ? `Condition${n}: give ${field.label} both ends of the range.` : `Condition${n}: give ${field.label} a value.`;
    }
  }
  return null;
}

/** The label of the "Only records I own" box: another user's choice is named, not passed off as mine. */
export function ownerChoiceLabel(owner: FilterDraft['owner'], me: FilterOptions['me']): string {
  if (owner && (!me || owner.id !== me.id)) return `Only records owned by ${owner.name}`;
  return 'Only records I own';
}
