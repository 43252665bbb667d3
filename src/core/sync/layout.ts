// Where each synced field lives in a sheet. Columns are known by identity: developer metadata on
// each column (a tag: the field's api name, or which of our own columns it is) moves with the column,
// so a user may reorder columns and a Zoho admin may rename a field's label. Sheets set up before
// tags existed are found by header text once and tagged then. A user may add their own columns
// anywhere, sort and filter rows. Three columns are the add-on's own: a visible status, and the
// hidden record id and sync data.

import { TEXT_FORMAT } from '../cells/record-codec';
import { SheetLayoutError } from '../errors';
import type { ZohoField } from '../zoho/wire';
import type { SyncDefinition } from './definition';
import type { ColumnTag, SheetGrid } from './grid';

export const STATUS_HEADER = 'Sync status';
export const ID_HEADER = 'Zoho record ID';
export const META_HEADER = 'Zoho sync data';

/** Developer-metadata key on a field's column; the value is the field's api name. */
export const FIELD_TAG_KEY = 'zcs.v1.field';
/** Developer-metadata key on one of the add-on's own columns; the value is an {@link OwnColumn}. */
export const COLUMN_TAG_KEY = 'zcs.v1.column';
export type OwnColumn = 'status' | 'id' | 'meta';
const OWN_HEADERS: Record<OwnColumn, string> = { status: STATUS_HEADER, id: ID_HEADER, meta: META_HEADER };

export interface SheetLayout {
  /** 1-based column of each definition field, in definition order. */
  fieldColumns: number[];
  statusColumn: number;
  idColumn: number;
  metaColumn: number;
  /**
   * Column of every field found by its tag, by api name: the definition's and those of fields
   * dropped from it whose columns are still there (rows pulled under an older field list).
   */
  taggedFields: Record<string, number>;
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
  const taggedFields = Object.fromEntries(definition.fields.map((name, i) => [name, i + 1]));
  return { fieldColumns: definition.fields.map((_, i) => i + 1), statusColumn: n + 1, idColumn: n + 2, metaColumn: n + 3, taggedFields };
}

/** The tags a new sheet's columns get, in the order of {@link newHeaderRow}. */
export function newColumnTags(definition: SyncDefinition): Array<{ key: string; value: string }> {
  return [
    ...definition.fields.map((name) => ({ key: FIELD_TAG_KEY, value: name })),
    ...(['status', 'id', 'meta'] as const).map((own) => ({ key: COLUMN_TAG_KEY, value: own })),
  ];
}

/** What a sheet needs so its header and tags match the layout found: a few calls, only when something changed. */
export interface LayoutRepairs {
  /** Header cells to write as text: the field's current label, or our column's name. */
  headers: Array<{ column: number; text: string }>;
  addTags: Array<{ column: number; key: string; value: string }>;
  /** Ids of tags that no longer say where their column is. */
  removeTags: number[];
}

export interface LayoutResolution {
  layout: SheetLayout;
  repairs: LayoutRepairs;
}

/**
 * Finds every column of an existing sheet, by tag first and by header text for columns not tagged
 * yet. A tag is believed unless its column is headed with another of our columns' headers (cells
 * moved without their column, as cut and paste does) or its header was cleared (the user took the
 * column out of the sync). A missing field, id or sync-data column stops the sync with a message,
 * before anything is written; a missing status column is 0 (it holds no data; the pull adds it).
 * @throws SheetLayoutError
 */
export function resolveLayout(header: readonly unknown[], tags: readonly ColumnTag[], definition: SyncDefinition, moduleFields: readonly ZohoField[], sheetName: string): LayoutResolution {
  const texts = header.map((h) => String(h ?? '').trim());
  const wanted = fieldHeaders(definition, moduleFields);
  // Every identity this sheet has a column for, with the header it should show.
  const identities = new Map<string, string>();
  definition.fields.forEach((name, i) => identities.set(fieldIdentity(name), wanted[i]!));
  for (const own of Object.keys(OWN_HEADERS) as OwnColumn[]) identities.set(ownIdentity(own), OWN_HEADERS[own]);
  const ours = tags.filter((t) => t.key === FIELD_TAG_KEY || t.key === COLUMN_TAG_KEY);
  const byHeader = new Map<string, string>();
  for (const [identity, text] of identities) if (!byHeader.has(text)) byHeader.set(text, identity);

  const columnOf = new Map<string, number>();
  const claimed = new Set<number>();
  const claim = (identity: string, column: number): void => {
    columnOf.set(identity, column);
    claimed.add(column);
  };
  for (const tag of [...ours].sort((a, b) => a.column - b.column)) {
    const identity = tag.key === FIELD_TAG_KEY ? fieldIdentity(tag.value) : ownIdentity(tag.value);
    const text = texts[tag.column - 1] ?? '';
    const headedAsOther = byHeader.has(text) && byHeader.get(text) !== identity;
    // A field whose header was cleared counts as taken out of the sync; our own columns' headers are just re-rendered.
    const cleared = text === '' && tag.key === FIELD_TAG_KEY;
    if (columnOf.has(identity) || claimed.has(tag.column) || cleared || headedAsOther) continue;
    claim(identity, tag.column);
  }
  for (const [identity, text] of identities) {
    if (columnOf.has(identity)) continue;
    const column = texts.findIndex((t, i) => t === text && !claimed.has(i + 1)) + 1;
    if (column) claim(identity, column);
  }

  const idColumn = columnOf.get(ownIdentity('id')) ?? 0;
  const metaColumn = columnOf.get(ownIdentity('meta')) ?? 0;
  if (!idColumn || !metaColumn) {
    throw new SheetLayoutError(`The hidden "${!idColumn ? ID_HEADER : META_HEADER}" column of sheet "${sheetName}" is gone, so rows can no longer be matched to Zoho records. Undo the change (Edit > Undo or version history), or remove this sheet's sync and set it up again. Nothing was changed.`);
  }
  // A sort over the header row too (Data > Sort range without "Data has header row"), or the
  // header row deleted, puts a record's row on top (a row inserted above it, a row of the user's): its id and sync data stand where our headers should. Re-rendering the
  // headers would write over that record's row, and the old header row, now among the data,
  // would read as a row to send.
  // A new row typed by the user can come on top the same way, with no id or sync data but values
  // under the fields' headers: writing the headers would lose it.
  const idText = texts[idColumn - 1] ?? '';
  const metaText = texts[metaColumn - 1] ?? '';
  const fieldTexts = definition.fields.map((name) => texts[(columnOf.get(fieldIdentity(name)) ?? 0) - 1] ?? '');
  const newRowOnTop = idText === '' && metaText === '' && fieldTexts.some((text, i) => text !== '' && text !== wanted[i]);
  if (/^\d+$/.test(idText) || metaText.startsWith('{') || newRowOnTop) {
    throw new SheetLayoutError(`Row 1 of sheet "${sheetName}" holds ${newRowOnTop ? 'a row of data' : 'a record'}, not the column headers: the header row was probably sorted into the data (Data > Sort range without "Data has header row"), deleted, or moved down by a row inserted above it. `
      + 'Undo that (Edit > Undo, or version history): the headers must stay in row 1, and to sort, tick "Data has header row". Nothing was changed.');
  }
  const missing = definition.fields.map((name, i) => (columnOf.has(fieldIdentity(name)) ? null : wanted[i]!)).filter((h): h is string => h !== null);
  if (missing.length) {
    throw new SheetLayoutError(`Sheet "${sheetName}" has no column headed ${missing.map((m) => `"${m}"`).join(', ')} any more. Put the header back, or remove the field from this sheet's sync in the sidebar. Nothing was changed.`);
  }

  const repairs: LayoutRepairs = { headers: [], addTags: [], removeTags: [] };
  for (const [identity, column] of columnOf) {
    const text = identities.get(identity);
    if (text !== undefined && texts[column - 1] !== text) repairs.headers.push({ column, text });
    if (text !== undefined && !ours.some((t) => t.column === column && identityOf(t) === identity)) {
      const [key, value] = splitIdentity(identity);
      repairs.addTags.push({ column, key, value });
    }
  }
  // A tag somewhere its identity is not (a stale copy, or a column found by header instead) would
  // mislead the next run; one on a column now known as something else, too.
  for (const tag of ours) {
    const identity = identityOf(tag);
    const at = columnOf.get(identity);
    if (at !== tag.column && (at !== undefined || claimed.has(tag.column))) repairs.removeTags.push(tag.id);
  }

  const taggedFields: Record<string, number> = {};
  for (const [identity, column] of columnOf) if (identity.startsWith('f:')) taggedFields[identity.slice(2)] = column;
  return {
    layout: {
      fieldColumns: definition.fields.map((name) => columnOf.get(fieldIdentity(name))!),
      statusColumn: columnOf.get(ownIdentity('status')) ?? 0,
      idColumn,
      metaColumn,
      taggedFields,
    },
    repairs,
  };
}

/**
 * Reads the header row and the column tags (two Sheets calls, whatever the width), finds every
 * column, then puts right what changed: headers re-rendered from Zoho's labels as text, and tags on
 * columns found by header (once per column). @throws SheetLayoutError, before anything is written
 */
export function findLayout(grid: SheetGrid, definition: SyncDefinition, moduleFields: readonly ZohoField[], header = readHeaderRow(grid)): { layout: SheetLayout; header: string[] } {
  const { layout, repairs } = resolveLayout(header, grid.readColumnTags(), definition, moduleFields, grid.name);
  for (const id of repairs.removeTags) grid.removeColumnTag(id);
  for (const tag of repairs.addTags) grid.tagColumn(tag.column, tag.key, tag.value);
  writeHeaders(grid, repairs.headers);
  for (const { column, text } of repairs.headers) header[column - 1] = text;
  return { layout, header };
}

/** The whole first row, as wide as the sheet (knowing that costs no call, unlike its last column), up to its last header. */
function readHeaderRow(grid: SheetGrid): string[] {
  const header = (grid.readValues(1, 1, 1, Math.max(1, grid.maxColumns()))[0] ?? []).map((h) => String(h ?? '').trim());
  while (header.length && header[header.length - 1] === '') header.pop();
  return header;
}

/**
 * The sheet's layout found again when its header row is no longer `header`, the row a layout was
 * found from: the user inserted, deleted or moved a column since (a pull's pages, a push's sends and
 * a Zoho read all take long enough). One Sheets call when nothing moved; null then.
 * @throws SheetLayoutError as findLayout, before anything is written
 */
export function findMovedLayout(grid: SheetGrid, header: readonly string[], definition: SyncDefinition, moduleFields: readonly ZohoField[]): { layout: SheetLayout; header: string[] } | null {
  const now = readHeaderRow(grid);
  const was = header.map((h) => h.trim());
  while (was.length && was[was.length - 1] === '') was.pop();
  if (now.length === was.length && now.every((h, i) => h === was[i])) return null;
  return findLayout(grid, definition, moduleFields, now);
}

/** Writes header cells as text: Plain text first, so a label such as "=Score" is never evaluated. */
export function writeHeaders(grid: SheetGrid, headers: ReadonlyArray<{ column: number; text: string }>): void {
  const textOf = new Map(headers.map((h) => [h.column, h.text]));
  for (const run of columnRuns([...textOf.keys()])) {
    grid.writeNumberFormats(1, run.start, [run.columns.map(() => TEXT_FORMAT)]);
    grid.writeValues(1, run.start, [run.columns.map((c) => textOf.get(c)!)]);
  }
}

/**
 * The column of each field of a field list (1-based; 0 where it is gone): by tag, else by the
 * header that list would have today. Rows pulled under an older list are checked over its columns.
 */
export function columnsOfFields(layout: SheetLayout, header: readonly string[], definition: SyncDefinition, fields: readonly string[], moduleFields: readonly ZohoField[]): number[] {
  const headers = fieldHeaders({ ...definition, fields: [...fields] }, moduleFields);
  return fields.map((name, i) => layout.taggedFields[name] ?? header.indexOf(headers[i]!) + 1);
}

function fieldIdentity(apiName: string): string {
  return `f:${apiName}`;
}

function ownIdentity(own: string): string {
  return `o:${own}`;
}

function identityOf(tag: ColumnTag): string {
  return tag.key === FIELD_TAG_KEY ? fieldIdentity(tag.value) : ownIdentity(tag.value);
}

function splitIdentity(identity: string): [string, string] {
  return identity.startsWith('f:') ? [FIELD_TAG_KEY, identity.slice(2)] : [COLUMN_TAG_KEY, identity.slice(2)];
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
