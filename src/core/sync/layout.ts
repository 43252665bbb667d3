// Where each synced field lives in a sheet. Columns are found by their header text every run, so
// a user may reorder them, add their own columns anywhere, sort and filter rows. Three columns are
// the add-on's own: a visible status, and the hidden record id and sync data.

import { SheetLayoutError } from '../errors';
import type { ZohoField } from '../zoho/wire';
import type { SyncDefinition } from './definition';

export const STATUS_HEADER = 'Sync status';
export const ID_HEADER = 'Zoho record ID';
export const META_HEADER = 'Zoho sync data';

export interface SheetLayout {
  /** 1-based column of each definition field, in definition order. */
  fieldColumns: number[];
  statusColumn: number;
  idColumn: number;
  metaColumn: number;
}

/** The header of each field: its label, made unique with the api name when two labels collide. */
export function fieldHeaders(definition: SyncDefinition, moduleFields: readonly ZohoField[]): string[] {
  const byName = new Map(moduleFields.map((f) => [f.api_name, f]));
  const labels = definition.fields.map((name) => byName.get(name)?.field_label ?? name);
  return labels.map((label, i) => (labels.indexOf(label) !== i || labels.lastIndexOf(label) !== i ? `${label} (${definition.fields[i]})` : label));
}

/** The header row of a sheet that has none yet: fields, then status, id and sync data. */
export function newHeaderRow(definition: SyncDefinition, moduleFields: readonly ZohoField[]): string[] {
  return [...fieldHeaders(definition, moduleFields), STATUS_HEADER, ID_HEADER, META_HEADER];
}

export function newLayout(definition: SyncDefinition): SheetLayout {
  const n = definition.fields.length;
  return { fieldColumns: definition.fields.map((_, i) => i + 1), statusColumn: n + 1, idColumn: n + 2, metaColumn: n + 3 };
}

/**
 * Finds every column in an existing header row. A missing field, id or sync-data column stops the
 * sync with a message, before anything is written. @throws SheetLayoutError
 */
export function resolveLayout(header: readonly unknown[], definition: SyncDefinition, moduleFields: readonly ZohoField[], sheetName: string): SheetLayout {
  const texts = header.map((h) => String(h ?? '').trim());
  const find = (name: string): number => texts.indexOf(name) + 1;
  const headers = fieldHeaders(definition, moduleFields);
  const missing = headers.filter((h) => find(h) === 0);
  const idColumn = find(ID_HEADER);
  const metaColumn = find(META_HEADER);
  if (!idColumn || !metaColumn) {
    throw new SheetLayoutError(`The hidden "${!idColumn ? ID_HEADER : META_HEADER}" column of sheet "${sheetName}" is gone, so rows can no longer be matched to Zoho records. Undo the change (Edit > Undo or version history), or remove this sheet's sync and set it up again. Nothing was changed.`);
  }
  if (missing.length) {
    throw new SheetLayoutError(`Sheet "${sheetName}" has no column headed ${missing.map((m) => `"${m}"`).join(', ')} any more. Put the header back, or remove the field from this sheet's sync in the sidebar. Nothing was changed.`);
  }
  let statusColumn = find(STATUS_HEADER);
  if (!statusColumn) statusColumn = 0;
  return { fieldColumns: headers.map(find), statusColumn, idColumn, metaColumn };
}

/** Maximal runs of consecutive columns, so a row is written with one call per run, not per cell. */
export function columnRuns(columns: readonly number[]): Array<{ start: number; columns: number[] }> {
  const sorted = [...new Set(columns)].filter((c) => c > 0).sort((a, b) => a - b);
  const runs: Array<{ start: number; columns: number[] }> = [];
  for (const column of sorted) {
    const last = runs[runs.length - 1];
    if (last && last.start + last.columns.length === column) last.columns.push(column);
    else runs.push({ start: column, columns: [column] });
  }
  return runs;
}
