// How a synced sheet guides a rep, from Zoho's field metadata: dropdowns of a picklist's values,
// checkboxes for booleans, date validation, a header note on how to separate multiselect values,
// and the status column coloured by kind. It is set per column block (a few Sheets calls), and
// only when the plan changed: a new layout, columns moved, the sheet grew, or an admin changed a
// picklist. Column widths that show the header are set once, on a new sheet. Cell values and
// number formats are the pull's job.

import { DEFAULT_MULTI_SEPARATOR } from '../cells/record-codec';
import { fingerprintRow } from '../cells/fingerprint';
import type { ZohoField } from '../zoho/wire';
import type { SheetGrid } from './grid';
import { columnRuns, type SheetLayout } from './layout';
import { STATUS_COLOURS, STATUS_WORDS, type StatusKind } from './status';

/**
 * Picklists longer than this get no dropdown (a note names where the values are): a list that long
 * is no help to pick from. Our choice, not a documented Sheets limit.
 */
export const MAX_DROPDOWN_VALUES = 500;
/** Column widths in pixels: room for the header in the default 10pt font, within sensible bounds. */
export const MIN_COLUMN_WIDTH_PX = 90;
export const MAX_COLUMN_WIDTH_PX = 280;
export const PX_PER_HEADER_CHAR = 8;
export const COLUMN_PADDING_PX = 36;
export const STATUS_COLUMN_WIDTH_PX = 130;

/**
 * A cell rule. Every rule lets an invalid value stay (Sheets marks it, the user's typing is kept);
 * the push says why such a value is refused.
 */
export type CellRule =
  | { kind: 'list'; values: string[] }
  | { kind: 'checkbox' }
  | { kind: 'date' };

export interface StatusColourRule {
  text: string;
  background: string;
  fontColor: string;
}

export interface DressPlan {
  /** Rows 2..rows get the rules: the whole sheet, so rows a user adds below the data have them too. */
  rows: number;
  /** Per field column, in layout order. */
  columns: Array<{ column: number; rule: CellRule | null; headerNote: string }>;
  statusColumn: number;
  statusColours: StatusColourRule[];
}

/** The rule a field's cells get, or null. */
export function ruleFor(field: ZohoField): CellRule | null {
  switch (field.data_type) {
    case 'picklist': {
      const values = allowedValues(field);
      return values.length && values.length <= MAX_DROPDOWN_VALUES ? { kind: 'list', values } : null;
    }
    case 'boolean': return { kind: 'checkbox' };
    case 'date': case 'datetime': return { kind: 'date' };
    default: return null;
  }
}

/** The note on a field's header: how to fill it in, where a dropdown cannot say it. */
export function headerNoteFor(field: ZohoField): string {
  if (field.data_type === 'multiselectpicklist') {
    const values = allowedValues(field);
    const listed = values.length ? ` Allowed: ${values.slice(0, 30).join(', ')}${values.length > 30 ? ', …' : ''}.` : '';
    return `Several values allowed: separate them with a semicolon, for example "${values.slice(0, 2).join(DEFAULT_MULTI_SEPARATOR) || 'First; Second'}".${listed}`;
  }
  if (field.data_type === 'picklist' && allowedValues(field).length > MAX_DROPDOWN_VALUES) {
    return `${field.field_label} has more than ${MAX_DROPDOWN_VALUES} values in Zoho, too many for a dropdown; type one exactly as Zoho lists it.`;
  }
  return '';
}

/** Widths come in steps, so neighbouring columns share a width and one call sets them. */
export const COLUMN_WIDTH_STEP_PX = 40;

export function columnWidthFor(header: string): number {
  const wanted = Math.ceil((header.length * PX_PER_HEADER_CHAR + COLUMN_PADDING_PX) / COLUMN_WIDTH_STEP_PX) * COLUMN_WIDTH_STEP_PX;
  return Math.max(MIN_COLUMN_WIDTH_PX, Math.min(MAX_COLUMN_WIDTH_PX, wanted));
}

/**
 * Widths that show each header (a dropdown's arrow takes room of its own), for a sheet just laid
 * out: set once, so a width the user chose later is never reset.
 */
export function setColumnWidths(grid: SheetGrid, layout: SheetLayout, fields: readonly ZohoField[], headers: readonly string[]): void {
  const widths = layout.fieldColumns.map((column, i) => ({
    column,
    width: Math.min(MAX_COLUMN_WIDTH_PX, columnWidthFor(headers[i] ?? fields[i]!.field_label) + (ruleFor(fields[i]!)?.kind === 'list' ? COLUMN_WIDTH_STEP_PX : 0)),
  }));
  if (layout.statusColumn) widths.push({ column: layout.statusColumn, width: STATUS_COLUMN_WIDTH_PX });
  widths.sort((a, b) => a.column - b.column);
  for (let i = 0; i < widths.length; ) {
    const first = widths[i]!;
    let n = 1;
    while (i + n < widths.length && widths[i + n]!.column === first.column + n && widths[i + n]!.width === first.width) n++;
    grid.setColumnWidths(first.column, n, first.width);
    i += n;
  }
}

export function planDress(layout: SheetLayout, fields: readonly ZohoField[], rows: number): DressPlan {
  return {
    rows,
    columns: layout.fieldColumns.map((column, i) => {
      const field = fields[i]!;
      return { column, rule: ruleFor(field), headerNote: headerNoteFor(field) };
    }),
    statusColumn: layout.statusColumn,
    statusColours: (Object.keys(STATUS_WORDS) as StatusKind[]).map((kind) => ({
      text: STATUS_WORDS[kind], background: STATUS_COLOURS[kind].background, fontColor: STATUS_COLOURS[kind].text,
    })),
  };
}

/** A short key of a plan: equal keys mean nothing to set again. */
export function dressKey(plan: DressPlan): string {
  return fingerprintRow([JSON.stringify(plan)]);
}

/**
 * Sets a plan on the sheet: one validation call per run of adjacent columns with the same rule
 * (columns without one are cleared after the first time, so a field that stopped being a picklist
 * loses its dropdown),
 * one call for the header notes of a run of columns, and
 * the status colours (conditional formatting, so a colour follows its word through sorts and
 * edits without a write per row).
 */
export function applyDress(grid: SheetGrid, plan: DressPlan, firstTime: boolean): void {
  const byColumn = new Map(plan.columns.map((c) => [c.column, c]));
  if (plan.rows >= 2) {
    // The first time, columns without a rule have none of ours to clear.
    const columns = [...byColumn.keys()].filter((c) => !firstTime || byColumn.get(c)!.rule);
    for (const run of columnRuns(columns)) {
      let start = run.start;
      for (let k = 1; k <= run.columns.length; k++) {
        const here = run.columns[k];
        const rule = (c: number | undefined): string => JSON.stringify(c === undefined ? undefined : byColumn.get(c)!.rule);
        if (here === undefined || rule(here) !== rule(start)) {
          grid.setRule(2, start, plan.rows - 1, run.columns[k - 1]! - start + 1, byColumn.get(start)!.rule);
          if (here !== undefined) start = here;
        }
      }
    }
  }
  for (const run of columnRuns([...byColumn.keys()])) {
    grid.writeNotes(1, run.start, [run.columns.map((c) => byColumn.get(c)!.headerNote)]);
  }
  if (plan.statusColumn) grid.setTextColours(plan.statusColumn, plan.statusColours);
}

function allowedValues(field: ZohoField): string[] {
  return (field.pick_list_values ?? [])
    .filter((v) => v.type !== 'unused' && v.display_value !== '-None-')
    .map((v) => v.display_value);
}
